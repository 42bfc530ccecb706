//! What every step of the wizard shares: where it is, what the server knows
//! of the registration, the step indicator and the time-limit notice.

use crate::routes::Route;
use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::messages::sign_up::wizard as words;
use crate::rules::account_type::AccountType;
use crate::ui::Wizard;

pub use crate::routes::WizardStep;

/// Whether this browser has a registration under way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    #[default]
    Live,
    /// It expired (60 minutes after its last step) or was finished.
    Expired,
    /// Nothing was started in this browser.
    NotStarted,
}

/// What a step's page needs of the registration. Secrets never leave the
/// server except the TOTP secret while it is being set up, which the person
/// must see to type into their app.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardView {
    pub standing: Standing,
    pub reached: WizardStep,
    pub account_type: AccountType,
    /// Step 1's saved values by field id, as people read them.
    pub values: BTreeMap<String, String>,
    /// The verification question; `None` once it was answered.
    pub question: Option<String>,
    pub email: String,
    /// Step 2: the held User ID, or a free suggestion.
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    /// Step 3.
    pub mobile_display: Option<String>,
    pub text_available: bool,
    pub text_sent: bool,
    pub text_verified: bool,
    /// An authenticator app being set up: what the person scans or types.
    pub totp: Option<crate::rules::method::AuthenticatorKey>,
    pub totp_verified: bool,
    pub backup_created: bool,
    pub backup_verified: bool,
    /// Seconds until the registration expires.
    pub seconds_left: i64,
}

pub use crate::rules::limits::REGISTRATION_TTL_SECONDS;

/// What a step's page renders from: the registration, and the flash a
/// native (JavaScript off) submission left for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepPage {
    pub view: WizardView,
    pub kept: Option<FormReply>,
}

/// Everything a step's page shows. On step 1 it starts a registration when
/// there is none, and replaces a verification question older than ten
/// minutes; other steps only read.
#[server(endpoint = "signup_step")]
pub async fn signup_step(step: WizardStep, #[server(default)] account_type: String) -> Result<StepPage, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(step.flash_form()).await?;
    let view = super::server::wizard_view(&ctx, step, AccountType::from_query(Some(&account_type)))
        .await
        .map_err(super::server::failure)?;
    Ok(StepPage { view, kept })
}

/// Gives the registration another [`REGISTRATION_TTL_SECONDS`] ("Keep my registration").
#[server(endpoint = "signup_keep")]
pub async fn keep_registration(#[server(default)] page: String) -> Result<FormReply, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let parts = expect_context::<axum::http::request::Parts>();
    // Only the wizard's own pages: never an open redirect.
    let step = WizardStep::STEPS.iter().copied().find(|s| s.path() == page);
    let page = step.map_or(Route::SignUp.path(), WizardStep::path);
    let mut reply = FormReply::default();
    match crate::flows::sign_up::registration::find(&ctx, &parts.headers).await.map_err(super::server::failure)? {
        crate::flows::sign_up::registration::Found::Live(mut wizard) => {
            crate::flows::sign_up::registration::save(&ctx.store, &mut wizard).await.map_err(super::server::failure)?;
            reply.notice = Some(words::kept_for_another(&crate::messages::minutes(REGISTRATION_TTL_SECONDS)));
        }
        _ => reply.form_error = Some(super::server::expired()),
    }
    let form = step.unwrap_or(WizardStep::Profile).flash_form();
    crate::forms::flash::answer(form, page, page, reply).await
}

/// "Step 1 of 3" with the three steps' names (the shared indicator).
#[component]
pub fn StepIndicator(current: WizardStep) -> impl IntoView {
    let steps = [WizardStep::Profile, WizardStep::SecuritySetup, WizardStep::SecurityOptions];
    view! {
        <crate::ui::StepIndicator label=words::SIGN_UP_PROGRESS steps=steps.map(WizardStep::title).to_vec() current=current.number()/>
    }
}

/// The page's heading, the step indicator, and the time limit.
#[component]
pub fn StepHeading(step: WizardStep) -> impl IntoView {
    view! {
        <p class="kicker">{words::CREATE_YOUR_ACCOUNT}</p>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{step.title()}</h1>
        <StepIndicator current=step/>
    }
}

/// What the wizard's pages say of each step.
impl Wizard for WizardStep {
    const NAME: &'static str = words::CREATE_YOUR_ACCOUNT;
    const STEPS: &'static [Self] = &[Self::Profile, Self::CheckEmail, Self::SecuritySetup, Self::SecurityOptions];

    fn title(self) -> &'static str {
        match self {
            Self::Profile => words::PROFILE_INFORMATION,
            Self::CheckEmail => words::CHECK_YOUR_EMAIL,
            Self::SecuritySetup => words::SECURITY_SETUP,
            Self::SecurityOptions => words::SECURITY_OPTIONS,
        }
    }

    /// Checking the email is still step 1.
    fn number(self) -> usize {
        match self {
            Self::Profile | Self::CheckEmail => 1,
            Self::SecuritySetup => 2,
            Self::SecurityOptions => 3,
        }
    }

    fn flash_form(self) -> &'static str {
        match self {
            Self::Profile => "signup_profile",
            Self::CheckEmail => "signup_check_email",
            Self::SecuritySetup => "signup_security_setup",
            Self::SecurityOptions => "signup_security_options",
        }
    }

    fn heading(self) -> AnyView {
        view! { <StepHeading step=self/> }.into_any()
    }
}

/// When the registration is gone or this step is not open yet, a notice
/// that links where to go; otherwise the step.
impl crate::ui::GatedPage<WizardStep> for StepPage {
    type Open = StepPage;

    fn open(self, step: WizardStep) -> Result<StepPage, AnyView> {
        match self.view.standing {
            Standing::Expired => Err(crate::ui::gate_notice(
                words::REGISTRATION_EXPIRED_HEADING,
                words::unfinished_kept_for(&crate::messages::minutes(REGISTRATION_TTL_SECONDS)),
                Route::SignUp.path(),
                words::START_AGAIN,
            )),
            Standing::NotStarted => Err(crate::ui::gate_notice(
                words::YOU_HAVE_NOT_STARTED_A,
                words::START_WITH_YOUR_PROFILE,
                Route::SignUp.path(),
                words::CREATE_YOUR_ACCOUNT_LINK,
            )),
            Standing::Live if self.view.reached < step => Err(crate::ui::earlier_step_gate(self.view.reached.path())),
            Standing::Live => Ok(self),
        }
    }
}

/// How long the registration is kept, a warning before it ends (with
/// JavaScript), and a button that keeps it longer (with or without).
#[component]
pub fn ExpiryNotice(step: WizardStep, seconds_left: i64) -> impl IntoView {
    const WARN_SECONDS: i64 = 5 * 60;
    let left = RwSignal::new(seconds_left);
    // When the registration ends, by the browser's clock (set once hydrated).
    let deadline = StoredValue::new(0i64);
    let hydrated = RwSignal::new(false);
    let action = ServerAction::<KeepRegistration>::new();
    // Count down in the browser; the server's figure is the starting point.
    Effect::new(move |_| {
        deadline.set_value(js_now_seconds() + seconds_left);
        hydrated.set(true);
        let handle = set_interval_with_handle(
            move || left.set(deadline.get_value() - js_now_seconds()),
            std::time::Duration::from_secs(5),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    });
    Effect::new(move |_| {
        if let Some(Ok(reply)) = action.value().get()
            && reply.is_ok()
        {
            deadline.set_value(js_now_seconds() + REGISTRATION_TTL_SECONDS);
            left.set(REGISTRATION_TTL_SECONDS);
        }
    });
    let minutes = move || (left.get().max(0) + 59) / 60;
    view! {
        <aside class="expiry-notice" aria-label=words::TIME_LIMIT data-testid="expiry-notice">
            {move || {
                let l = left.get();
                if l <= 0 {
                    view! {
                        <p role="alert" class="warning" data-testid="expired-warning">
                            {words::YOUR_REGISTRATION_HAS_EXPIRED}<a href=Route::SignUp.path()>{words::START_AGAIN}</a>
                        </p>
                    }.into_any()
                } else if l <= WARN_SECONDS {
                    view! {
                        <p role="alert" class="warning" data-testid="expiry-warning">
                            {words::registration_expires_in(minutes())}
                        </p>
                    }.into_any()
                } else {
                    view! {
                        <p>{words::WE_KEEP_YOUR_UNFINISHED}{crate::messages::minutes(REGISTRATION_TTL_SECONDS)}{words::AFTER_YOUR_LAST_STEP}</p>
                    }.into_any()
                }
            }}
            // Only with JavaScript: without it no warning can appear, each
            // step saved renews the time anyway, and leaving the page to
            // post this form would drop what was typed but not yet saved.
            <div hidden=move || !hydrated.get()>
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="page" value=step.path()/>
                    <button type="submit" class="button button-secondary button-small">{words::KEEP_MY_REGISTRATION}</button>
                </ActionForm>
            </div>
            {move || action.value().get().and_then(|r| r.ok()).and_then(|r| r.notice).map(|n| view! {
                <p role="status" class="notice-text">{n}</p>
            })}
        </aside>
    }
}

/// Seconds since the epoch by the browser's clock (only differences are used).
fn js_now_seconds() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}
