//! Still step 1: "Check your email" (`/signup/check-email`). Typing back the
//! code proves the address, and with it the Email PIN method.

use crate::routes::Route;
use leptos::prelude::*;

use super::wizard::{ExpiryNotice, StepPage, WizardStep, signup_step};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_up::check_email as words;
use crate::ui::{ErrorSummary, Notice, StepShell, TextField};

#[cfg(feature = "ssr")]
const FORM: &str = "signup_check_email";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::SignUpCheckEmail.path();

#[server(endpoint = "signup_email_code")]
pub async fn verify_email_code(#[server(default)] email_code: String) -> Result<FormReply, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    match crate::flows::sign_up::check_email(&ctx, &email_code, ctx.now()).await {
        Ok(()) => crate::forms::flash::answer(FORM, PAGE, WizardStep::SecuritySetup.path(), FormReply::default()).await,
        Err(refused) => {
            crate::forms::flash::answer(FORM, PAGE, PAGE, super::server::refused(refused, FormReply::default())?).await
        }
    }
}

#[server(endpoint = "signup_email_resend")]
pub async fn resend_email_code() -> Result<FormReply, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let reply = match crate::flows::sign_up::resend_email_code(&ctx, ctx.now()).await {
        Ok(email) => FormReply::with_notice(shared::new_code_sent_to(&email)),
        Err(refused) => super::server::refused(refused, FormReply::default())?,
    };
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

#[component]
pub fn CheckEmailPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| signup_step(WizardStep::CheckEmail, String::new()));
    let verify = ServerAction::<VerifyEmailCode>::new();
    let resend = ServerAction::<ResendEmailCode>::new();
    view! {
        <StepShell step=WizardStep::CheckEmail page show=move |StepPage { view, kept }| {
                        // Two forms, one page: show whichever answered last.
                        let reply = RwSignal::new(kept.unwrap_or_default());
                        Effect::new(move |_| if let Some(r) = verify.value().get() { reply.set(r.unwrap_or_else(|_| FormReply::went_wrong())) });
                        Effect::new(move |_| if let Some(r) = resend.value().get() { reply.set(r.unwrap_or_else(|_| FormReply::went_wrong())) });
                        let email = view.email.clone();
                        let seconds_left = view.seconds_left;
                        // Back from Security Setup: the code was already used,
                        // so say so instead of asking for it again.
                        let confirmed = view.reached > WizardStep::CheckEmail;
                        {if confirmed {
                                    view! {
                                        <p class="lead" data-testid="email-confirmed">
                                            {words::YOUR_EMAIL_ADDRESS}<strong data-testid="code-email">{email.clone()}</strong>
                                            {words::IS_CONFIRMED_CONTINUE_WITH}
                                        </p>
                                        <div class="button-row">
                                            <a class="button" href=WizardStep::SecuritySetup.path() data-testid="next">{shared::NEXT}</a>
                                        </div>
                                        <p><a href=Route::SignUp.with("#email") data-testid="change-email">{words::CHANGE_EMAIL}</a></p>
                                        <ExpiryNotice step=WizardStep::CheckEmail seconds_left/>
                                    }.into_any()
                                } else { view! {
                                <p class="lead">
                                    {words::WE_SENT_A_6_DIGIT}<strong data-testid="code-email">{email.clone()}</strong>
                                    {words::ENTER_IT_BELOW_TO_CONFIRM}
                                    {crate::messages::minutes(crate::rules::limits::CODE_TTL_SECONDS)}"."
                                </p>
                                <Notice reply/>
                                <ErrorSummary reply/>
                                <ActionForm action=verify attr:novalidate=true attr:class="form" attr:data-testid="email-code-form">
                                    <TextField id="email_code" label=words::ENTER_THE_6_DIGIT_CODE autocomplete="one-time-code"
                                        input_mode="numeric" required=true forget_on_reply=true reply/>
                                    <div class="button-row">
                                        <crate::ui::SubmitButton label=shared::NEXT testid="next" busy=crate::ui::moving_on(verify)/>
                                    </div>
                                </ActionForm>
                                <div class="secondary-actions">
                                    <p>{words::DID_NOT_GET_IT_CHECK}</p>
                                    <ActionForm action=resend attr:class="inline-form">
                                        <button type="submit" class="button button-secondary" data-testid="resend">{shared::SEND_A_NEW_CODE}</button>
                                    </ActionForm>
                                    <crate::ui::SendRefused reply field="email_code"/>
                                    <a class="button button-secondary" href=Route::SignUp.with("#email") data-testid="change-email">{words::CHANGE_EMAIL}</a>
                                </div>
                                <ExpiryNotice step=WizardStep::CheckEmail seconds_left/>
                                }.into_any() }}
        }/>
    }
}
