//! Step 2, Security Setup (`/signup/security`): the User ID, held for this
//! registration once accepted, and the password, checked live against the
//! state's guidelines by the same Rust code the server runs.

use crate::routes::Route;
use leptos::prelude::*;

use super::wizard::{ExpiryNotice, StepPage, WizardStep, WizardView, signup_step};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_up::security_setup as words;
use crate::ui::password_guidelines::{NewPasswordPair, PasswordOwner, common_password_answer};
use crate::ui::{ErrorSummary, Notice, StepShell, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "signup_security_setup";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::SignUpSecurity.path();

#[server(endpoint = "signup_security_setup")]
pub async fn submit_security_setup(
    #[server(default)] user_id: String,
    #[server(default)] password: String,
    #[server(default)] confirm_password: String,
) -> Result<FormReply, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed_id = user_id.trim().to_string();
    reply.values.insert("user_id".into(), typed_id.clone());
    let done = crate::flows::sign_up::security_setup(&ctx, &typed_id, password, &confirm_password, ctx.now()).await;
    match done {
        Ok(()) => crate::forms::flash::answer(FORM, PAGE, WizardStep::SecurityOptions.path(), reply).await,
        Err(refused) => crate::forms::flash::answer(FORM, PAGE, PAGE, super::server::refused(refused, reply)?).await,
    }
}

/// Whether a password is on the common-passwords list, for the live
/// checklist. The list stays on the server; the answer is only advice (the
/// submission is checked again).
#[server(endpoint = "signup_password_common")]
pub async fn password_is_common(#[server(default)] password: String) -> Result<bool, ServerFnError> {
    use crate::rules::password;
    Ok(password::is_common(&password, password::CommonPasswords::shipped()))
}

#[component]
pub fn SecuritySetupPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| signup_step(WizardStep::SecuritySetup, String::new()));
    let action = ServerAction::<SubmitSecuritySetup>::new();
    view! {
        <StepShell step=WizardStep::SecuritySetup page show=move |StepPage { view, kept }| view! {
            <SecuritySetupForm action view kept/>
        }.into_any()/>
    }
}

#[component]
fn SecuritySetupForm(action: ServerAction<SubmitSecuritySetup>, view: WizardView, kept: Option<FormReply>) -> impl IntoView {
    let reply = reply_of(move || action.value().get(), kept.clone());
    let initial_id = kept.as_ref().map(|k| k.value_of("user_id")).filter(|v| !v.is_empty()).unwrap_or(view.user_id.clone());
    let user_id = RwSignal::new(initial_id.clone());
    let password_typed = RwSignal::new(String::new());
    let common = common_password_answer(password_typed.into(), password_is_common);
    let (first_name, last_name) = (view.first_name.clone(), view.last_name.clone());
    let owner = Signal::derive(move || PasswordOwner {
        user_id: user_id.get(),
        first_name: first_name.clone(),
        last_name: last_name.clone(),
    });

    view! {
        <p class="lead">{words::PROVIDE_USER_ID_AND_PASSWORD}</p>
        <p class="required-note"><span class="required" aria-hidden="true">"*"</span>{words::REQUIRED}</p>
        <Notice reply/>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="security-setup-form">
            <TextField id="user_id" label=shared::USER_ID autocomplete="username" required=true
                hint=words::ENTER_YOUR_LAST_NAME_FIRST
                value=initial_id on_input=Callback::new(move |v: String| user_id.set(v)) reply/>
            <NewPasswordPair label=words::PASSWORD confirm_label=words::CONFIRM_PASSWORD typed=password_typed owner common
                new_login=true reply/>
            <div class="button-row">
                <a class="button button-secondary" href=Route::SignUp.path()>{words::BACK}</a>
                <crate::ui::SubmitButton label=shared::NEXT testid="next" busy=crate::ui::moving_on(action)/>
            </div>
        </ActionForm>
        <ExpiryNotice step=WizardStep::SecuritySetup seconds_left=view.seconds_left/>
    }
}
