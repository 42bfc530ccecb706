//! Forgot Password: the User ID (`/forgot-password`), the 6-digit code sent
//! to the login's email (`/forgot-password/code`), a new password under the
//! rules of SPEC §2 (`/forgot-password/new`), then `/forgot-password/done`.
//!
//! The reset in progress lives on the server, keyed by an HttpOnly cookie.
//! An unknown User ID starts a reset too, with codes issued under the same
//! limits but never sent, so every page, message and limit is the same as
//! for a real login; only a real login's mailbox gets a code. Finishing
//! ends every session and remembered browser of the login and never signs
//! in: the next sign-in still asks for the second step.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::messages::recovery::forgot_password as words;
use crate::messages::shared;
use crate::ui::password_guidelines::{NewPasswordPair, PasswordOwner, common_password_answer};
use crate::ui::{ErrorSummary, Notice, TextField, reply_of};

#[cfg(feature = "ssr")]
const START_FORM: &str = "forgot_password";
#[cfg(feature = "ssr")]
const CODE_FORM: &str = "forgot_password_code";
#[cfg(feature = "ssr")]
const NEW_FORM: &str = "forgot_password_new";

const START_PAGE: &str = Route::ForgotPassword.path();
#[cfg(feature = "ssr")]
const CODE_PAGE: &str = Route::ForgotPasswordCode.path();
#[cfg(feature = "ssr")]
const NEW_PAGE: &str = Route::ForgotPasswordNew.path();
#[cfg(feature = "ssr")]
const DONE_PAGE: &str = Route::ForgotPasswordDone.path();

/// The code page: the flash of a native submission, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeView {
    pub kept: Option<FormReply>,
}

/// The new-password page: whose password it is (for the checklist).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPasswordView {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub kept: Option<FormReply>,
}

/// Step 1: the User ID. The same answer for any well-formed one.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(#[server(default)] user_id: String) -> Result<FormReply, ServerFnError> {
    use crate::flows::password_reset::{Refused, start};
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = user_id.trim().to_string();
    reply.values.insert("user_id".into(), typed.clone());
    let next = match start(&ctx, &typed, ctx.now()).await {
        Ok(()) => CODE_PAGE,
        Err(Refused::UserId(message)) => {
            reply.field_error("user_id", message);
            START_PAGE
        }
        Err(Refused::Throttled) => {
            reply.form_error = Some(shared::TOO_MANY_REQUESTS.into());
            START_PAGE
        }
        Err(other) => return Err(failure(other)),
    };
    crate::forms::flash::answer(START_FORM, START_PAGE, next, reply).await
}

#[server(endpoint = "forgot_password_flash")]
pub async fn forgot_password_flash() -> Result<Option<FormReply>, ServerFnError> {
    crate::forms::flash::take(START_FORM).await
}

/// The code page, or `None` when no reset is in progress here; a reset
/// whose code was already right goes on to the new password.
#[server(endpoint = "forgot_password_code_view")]
pub async fn reset_code_view() -> Result<Option<CodeView>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(CODE_FORM).await?;
    match crate::flows::password_reset::current(&ctx, ctx.now()).await.map_err(failure)? {
        None => Ok(None),
        Some(current) if current.reset.code_verified => {
            leptos_axum::redirect(NEW_PAGE);
            Ok(Some(CodeView { kept }))
        }
        Some(_) => Ok(Some(CodeView { kept })),
    }
}

/// Step 2: checks the code (`intent=check`) or sends a new one (`intent=resend`).
#[server(endpoint = "forgot_password_code")]
pub async fn reset_code(
    #[server(default)] intent: String,
    #[server(default)] email_code: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::password_reset::{CodeAsk, CodeStep, Refused, code};
    let ctx = expect_context::<crate::context::AppContext>();
    let ask = match intent.as_str() {
        "resend" => Some(CodeAsk::SendAgain),
        "check" => Some(CodeAsk::Check(email_code)),
        _ => None,
    };
    let mut reply = FormReply::default();
    let next = match code(&ctx, ask, ctx.now()).await {
        Ok(CodeStep::Proved) => NEW_PAGE,
        Ok(CodeStep::SentAgain) => {
            reply.notice = Some(words::CODE_SENT_AGAIN.into());
            CODE_PAGE
        }
        Err(Refused::SendRefused(message)) => {
            reply.send_refused("email_code", message);
            CODE_PAGE
        }
        Err(Refused::Code(message)) => {
            reply.field_error("email_code", message);
            CODE_PAGE
        }
        Err(other) => {
            reply.form_error = Some(refusal(other)?);
            CODE_PAGE
        }
    };
    crate::forms::flash::answer(CODE_FORM, CODE_PAGE, next, reply).await
}

/// What a page says for a refusal that is not about one field, or the
/// failure to answer with.
#[cfg(feature = "ssr")]
fn refusal(refused: crate::flows::password_reset::Refused) -> Result<String, ServerFnError> {
    use crate::flows::password_reset::Refused;
    Ok(match refused {
        Refused::Expired => words::reset_expired(),
        Refused::NoSuchButton => shared::CHOOSE_A_BUTTON.into(),
        Refused::Throttled => shared::TOO_MANY_ATTEMPTS.into(),
        other => return Err(failure(other)),
    })
}

#[cfg(feature = "ssr")]
fn failure(e: impl std::fmt::Display) -> ServerFnError {
    crate::messages::server_failure("password reset", e)
}

/// The new-password page, or `None` without a reset whose code was right.
#[server(endpoint = "forgot_password_new_view")]
pub async fn load_new_password() -> Result<Option<NewPasswordView>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(NEW_FORM).await?;
    let login = crate::flows::password_reset::proved_login(&ctx, ctx.now()).await.map_err(failure)?;
    Ok(login.map(|l| NewPasswordView {
        user_id: l.user_id.to_string(),
        first_name: l.first_name.unwrap_or_default(),
        last_name: l.last_name,
        kept,
    }))
}

/// Step 3: the new password. On success, in one transaction, it becomes
/// current and everything the old one opened ends; a notice goes out.
#[server(endpoint = "forgot_password_new")]
pub async fn reset_password(
    #[server(default)] password: String,
    #[server(default)] confirm_password: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::password_reset::{Refused, set_password};
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let next = match set_password(&ctx, password, &confirm_password, ctx.now()).await {
        Ok(()) => DONE_PAGE,
        Err(Refused::Password(problems)) => {
            reply.new_password_problems(problems, "password", "confirm_password");
            NEW_PAGE
        }
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("password reset", e)),
        Err(other) => {
            reply.form_error = Some(refusal(other)?);
            NEW_PAGE
        }
    };
    crate::forms::flash::answer(NEW_FORM, NEW_PAGE, next, reply).await
}

/// Whether a password is on the common-passwords list, for the live
/// checklist (advice only: the submission is checked again).
#[server(endpoint = "forgot_password_common")]
pub async fn reset_password_is_common(#[server(default)] password: String) -> Result<bool, ServerFnError> {
    use crate::rules::password;
    Ok(password::is_common(&password, password::CommonPasswords::shipped()))
}

#[component]
fn ResetMissing() -> impl IntoView {
    view! {
        <p class="warning" data-testid="reset-missing">{words::reset_expired()}</p>
        <p><a class="button" href=START_PAGE>{words::START_AGAIN}</a></p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let flash = Resource::new(|| (), |_| forgot_password_flash());
    let action = ServerAction::<ForgotPassword>::new();
    view! {
        <Title text=shared::FORGOT_PASSWORD/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{shared::FORGOT_PASSWORD}</h1>
        <p class="lead">
            {words::ENTER_YOUR_USER_ID_IF}
        </p>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten();
                let user_id_value = kept.as_ref().map(|k| k.value_of("user_id")).unwrap_or_default();
                let reply = reply_of(move || action.value().get(), kept);
                view! {
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="forgot-password-form">
                        <TextField id="user_id" label=shared::USER_ID autocomplete="username" required=true
                            hint=words::FORGOT_YOUR_USER_ID_TOO
                            value=user_id_value reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="send-code">{words::SEND_CODE}</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href=Route::Login.path()>{words::BACK_TO_LOGIN}</a></li>
            <li><a href=Route::ForgotUserId.path()>{shared::FORGOT_USER_ID}</a></li>
        </ul>
    }
}

#[component]
pub fn ResetCodePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| reset_code_view());
    let action = ServerAction::<ResetCode>::new();
    view! {
        <Title text=words::ENTER_YOUR_CODE_FORGOT/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::ENTER_YOUR_CODE}</h1>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(view)) = page.await else {
                    return view! { <ResetMissing/> }.into_any();
                };
                let kept = view.kept;
                let reply = reply_of(move || action.value().get(), kept);
                let intent = |v: &'static str| view! { <input type="hidden" name="intent" value=v/> };
                view! {
                    <p class="lead" data-testid="code-sent">
                        {words::CODE_SENT}{words::ENTER_IT_BELOW_THE_CODE}
                        {crate::messages::minutes(crate::rules::limits::CODE_TTL_SECONDS)}"."
                    </p>
                    <Notice reply/>
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="reset-code-form">
                        {intent("check")}
                        <TextField id="email_code" label=words::ENTER_THE_6_DIGIT_CODE autocomplete="one-time-code"
                            input_mode="numeric" required=true forget_on_reply=true reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="check-code">{shared::NEXT}</button>
                        </div>
                    </ActionForm>
                    <div class="secondary-actions">
                        <p>{words::DID_NOT_GET_IT_CHECK}</p>
                        <ActionForm action attr:class="inline-form">
                            {intent("resend")}
                            <button type="submit" class="button button-secondary" data-testid="resend-code">{shared::SEND_A_NEW_CODE}</button>
                        </ActionForm>
                        <crate::ui::SendRefused reply field="email_code"/>
                        <a class="button button-secondary" href=START_PAGE data-testid="start-again">{words::START_AGAIN}</a>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_new_password());
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <Title text=words::CHOOSE_A_NEW_PASSWORD_FORGOT/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::CHOOSE_A_NEW_PASSWORD}</h1>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(view)) => view! { <NewPasswordForm action view/> }.into_any(),
                    _ => view! { <ResetMissing/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewPasswordForm(action: ServerAction<ResetPassword>, view: NewPasswordView) -> impl IntoView {
    let kept = view.kept.clone();
    let reply = reply_of(move || action.value().get(), kept);
    let typed = RwSignal::new(String::new());
    // The field is emptied whenever a reply comes back; so is the checklist.
    Effect::new(move |_| {
        reply.track();
        typed.set(String::new());
    });
    let common = common_password_answer(typed.into(), reset_password_is_common);
    let owner = PasswordOwner { user_id: view.user_id.clone(), first_name: view.first_name, last_name: view.last_name };
    view! {
        <p class="lead">
            {words::YOUR_CODE_IS_RIGHT_CHOOSE}<strong data-testid="reset-user-id">{view.user_id.clone()}</strong>
            {words::WHEN_IT_IS_SAVED_EVERY}
        </p>
        <p class="required-note"><span class="required" aria-hidden="true">"*"</span>{words::REQUIRED}</p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="new-password-form">
            // For password managers: which login the new password belongs to.
            <input type="text" autocomplete="username" aria-label=shared::USER_ID value=view.user_id hidden=true readonly=true/>
            <NewPasswordPair label=words::NEW_PASSWORD confirm_label=words::CONFIRM_NEW_PASSWORD typed owner common reply/>
            <div class="button-row">
                <button type="submit" class="button" data-testid="save-password">{words::SAVE_PASSWORD}</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn PasswordResetDonePage() -> impl IntoView {
    view! {
        <Title text=words::PASSWORD_RESET_FORGOT_PASSWORD/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::PASSWORD_RESET}</h1>
        <p class="notice-text" data-testid="reset-done">{words::PASSWORD_RESET_LOG_IN}</p>
        <p>
            {words::EVERY_BROWSER_THAT_WAS}
            {words::WHEN_YOU_LOG_IN_WE}
        </p>
        <p><a class="button" href=Route::Login.path() data-testid="go-to-login">{words::LOG_IN}</a></p>
    }
}
