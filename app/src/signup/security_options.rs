//! Step 3, Security Options (`/signup/options`): the sign-in verification
//! and recovery methods, each proved before it counts, and FINISH, which
//! creates the login, signs the person in and opens Account Access Options.

use crate::routes::Route;
use leptos::prelude::*;

use super::wizard::{ExpiryNotice, StepPage, WizardStep, WizardView, signup_step};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_up::security_options as words;
use crate::rules::method::Method;
use crate::ui::method_forms::{AuthenticatorSetup, BackupCodeSetup, PageForm, TextMessageSetup};
use crate::ui::{ErrorSummary, Notice, StepShell};

#[cfg(feature = "ssr")]
const FORM: &str = "signup_security_options";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::SignUpOptions.path();

/// One button of step 3: set up or prove one method.
#[server(endpoint = "signup_option")]
pub async fn security_option(
    #[server(default)] intent: String,
    #[server(default)] text_code: String,
    #[server(default)] totp_code: String,
    #[server(default)] backup_code: String,
    #[server(default)] shown_codes: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::method_setup::SetUp;
    let ctx = expect_context::<crate::context::AppContext>();
    let ask = match intent.as_str() {
        "send_text" => SetUp::SendText,
        "check_text" => SetUp::CheckText(text_code),
        "start_totp" => SetUp::StartTotp,
        "check_totp" => SetUp::CheckTotp(totp_code),
        "create_backup" => SetUp::CreateBackup,
        "check_backup" => SetUp::CheckBackup { typed: backup_code, shown: shown_codes },
        _ => {
            let reply = FormReply { form_error: Some(shared::CHOOSE_A_BUTTON.into()), ..Default::default() };
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
    };
    let reply = reply_to(crate::flows::sign_up::set_up_method(&ctx, ask, ctx.now()).await)?;
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

/// What a button of step 3 says on the page.
#[cfg(feature = "ssr")]
fn reply_to(done: Result<crate::flows::method_setup::Step, crate::flows::sign_up::Refused>) -> Result<FormReply, ServerFnError> {
    use crate::flows::method_setup::Step;
    let mut reply = FormReply::default();
    match done {
        Ok(Step::TextProved { .. }) => reply.notice = Some(words::TEXT_MESSAGE_IS_SET_UP.into()),
        Ok(Step::TotpProved) => reply.notice = Some(words::AUTHENTICATOR_APP_IS_SET.into()),
        Ok(Step::BackupProved) => reply.notice = Some(words::BACKUP_CODES_ARE_SET_UP.into()),
        Ok(step) => crate::ui::method_setup::say_step(&mut reply, &step),
        Err(refused) => return super::server::refused(refused, reply),
    }
    Ok(reply)
}

/// FINISH: creates the login, signs in, and opens Account Access Options.
#[server(endpoint = "signup_finish")]
pub async fn finish_signup() -> Result<FormReply, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let reply = match crate::flows::sign_up::finish(&ctx, ctx.now()).await {
        Ok(()) => FormReply::default(),
        Err(refused) => super::server::refused(refused, FormReply::default())?,
    };
    crate::forms::flash::answer(FORM, PAGE, crate::routes::Route::AccountAccess.path(), reply).await
}

#[component]
pub fn SecurityOptionsPage() -> impl IntoView {
    let option = ServerAction::<SecurityOption>::new();
    let finish = ServerAction::<FinishSignup>::new();
    // What each method shows changes with every answer: read it again.
    let page = Resource::new(move || option.version().get(), |_| signup_step(WizardStep::SecurityOptions, String::new()));
    let last = RwSignal::new(None::<FormReply>);
    Effect::new(move |_| {
        if let Some(r) = option.value().get() {
            last.set(Some(r.unwrap_or_else(|_| FormReply::went_wrong())))
        }
    });
    Effect::new(move |_| {
        if let Some(r) = finish.value().get() {
            last.set(Some(r.unwrap_or_else(|_| FormReply::went_wrong())))
        }
    });
    view! {
        <StepShell step=WizardStep::SecurityOptions page show=move |StepPage { view, kept }| {
            let reply = Signal::derive(move || last.get().or(kept.clone()).unwrap_or_default());
            view! { <Options option finish view reply/> }.into_any()
        }/>
    }
}

/// A method's state, shown as text (never by colour alone).
#[component]
fn Proved(done: bool) -> impl IntoView {
    if done {
        view! { <p class="method-status done" data-testid="method-done">{words::SET_UP_AND_CONFIRMED}</p> }.into_any()
    } else {
        view! { <p class="method-status">{words::NOT_SET_UP}</p> }.into_any()
    }
}

#[component]
fn Options(
    option: ServerAction<SecurityOption>,
    finish: ServerAction<FinishSignup>,
    view: WizardView,
    reply: Signal<FormReply>,
) -> impl IntoView {
    let form = PageForm::new(option);
    let text_section = if !view.text_available {
        view! {
            <p>{if view.mobile_display.is_some() {
                shared::TEXT_MESSAGES_NOT_AVAILABLE
            } else {
                words::TO_USE_TEXT_MESSAGES
            }}</p>
            {view.mobile_display.is_none().then(|| view! { <p><a href=Route::SignUp.with("#mobile_phone")>{words::ADD_A_MOBILE_NUMBER}</a></p> })}
        }
        .into_any()
    } else if view.text_verified {
        view! { <Proved done=true/> }.into_any()
    } else {
        let number = view.mobile_display.clone().unwrap_or_default();
        view! {
            <Proved done=false/>
            <TextMessageSetup form number sent=view.text_sent confirm=words::CONFIRM_TEXT_MESSAGE reply/>
        }
        .into_any()
    };
    let totp_section = if view.totp_verified {
        view! { <Proved done=true/> }.into_any()
    } else {
        view! {
            <Proved done=false/>
            <AuthenticatorSetup form key=view.totp.clone() confirm=words::CONFIRM_AUTHENTICATOR_APP reply/>
        }
        .into_any()
    };
    let backup_verified = view.backup_verified;
    let backup_created = view.backup_created;
    let backup_section = move || {
        if backup_verified {
            return view! { <Proved done=true/> }.into_any();
        }
        view! {
            <Proved done=false/>
            <BackupCodeSetup form created=backup_created confirm=words::CONFIRM_BACKUP_CODES reply/>
        }
        .into_any()
    };
    view! {
        <p class="lead">{words::TO_SET_UP_YOUR_SIGN}</p>
        <Notice reply/>
        <ErrorSummary reply/>
        <section class="method" aria-labelledby="method-email" data-testid="method-email">
            <h2 id="method-email">{Method::Email.label()}</h2>
            <Proved done=true/>
            <p>{words::pin_can_be_sent_to(&view.email)}</p>
        </section>
        <section class="method" aria-labelledby="method-text" data-testid="method-text">
            <h2 id="method-text">{Method::Text.label()}</h2>
            {text_section}
        </section>
        <section class="method" aria-labelledby="method-totp" data-testid="method-totp">
            <h2 id="method-totp">{Method::Totp.label()}</h2>
            {totp_section}
        </section>
        <section class="method" aria-labelledby="method-backup" data-testid="method-backup">
            <h2 id="method-backup">{Method::BackupCodes.label()}</h2>
            {backup_section}
        </section>
        <ActionForm action=finish attr:class="form finish-form" attr:data-testid="finish-form">
            <p>{words::WHEN_YOU_HAVE_SET_UP}</p>
            <div class="button-row">
                <a class="button button-secondary" href=Route::SignUpSecurity.path()>{words::BACK}</a>
                <crate::ui::SubmitButton label=words::FINISH testid="finish" busy=crate::ui::moving_on(finish)/>
            </div>
        </ActionForm>
        <ExpiryNotice step=WizardStep::SecurityOptions seconds_left=view.seconds_left/>
    }
}
