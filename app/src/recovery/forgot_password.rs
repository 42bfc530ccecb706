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

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::RESET_EXPIRED;
use crate::forms::FormReply;
use crate::ui::password_guidelines::{GUIDELINES_ID, PasswordGuidelines, PasswordOwner, common_password_answer};
use crate::ui::{ErrorSummary, Notice, TextField, reply_of};

#[cfg(feature = "ssr")]
const START_FORM: &str = "forgot_password";
#[cfg(feature = "ssr")]
const CODE_FORM: &str = "forgot_password_code";
#[cfg(feature = "ssr")]
const NEW_FORM: &str = "forgot_password_new";

const START_PAGE: &str = "/forgot-password";
#[cfg(feature = "ssr")]
const CODE_PAGE: &str = "/forgot-password/code";
#[cfg(feature = "ssr")]
const NEW_PAGE: &str = "/forgot-password/new";
#[cfg(feature = "ssr")]
const DONE_PAGE: &str = "/forgot-password/done";

/// What the code page says for any well-formed User ID.
pub const CODE_SENT: &str = "If that login exists, we sent a 6-digit code to its email address.";
/// After "Send a new code", for a real login or not.
#[cfg(feature = "ssr")]
pub const CODE_SENT_AGAIN: &str = "If that login exists, we sent a new 6-digit code to its email address.";
pub const PASSWORD_RESET: &str = "Your password has been reset. Please log in.";

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

#[cfg(feature = "ssr")]
mod server {
    use crate::context::AppContext;
    use crate::session::server as s;
    use crate::store::password_resets::{self as resets, Reset};
    use crate::store::{StoreError, unix_now};

    pub fn cookie_name(secure: bool) -> &'static str {
        if secure { "__Host-cars_reset" } else { "cars_reset" }
    }

    /// The reset in progress in this browser.
    pub struct Current {
        pub token: String,
        pub reset: Reset,
    }

    pub async fn current(ctx: &AppContext) -> Result<Option<Current>, StoreError> {
        let Some(token) = s::cookie(ctx, cookie_name(ctx.secure_cookies)) else {
            return Ok(None);
        };
        let now = unix_now();
        let t = token.clone();
        let found = ctx.store.read(move |c| resets::find(c, &t, now)).await?;
        Ok(found.map(|reset| Current { token, reset }))
    }

    pub fn code_email(to: String, user_id: &str, code: &str) -> crate::mail::Email {
        crate::mail::Email {
            to,
            subject: "Your CARS e-Services password reset code".into(),
            body: format!(
                "Your code to reset your CARS e-Services password is {code}.\n\n\
                 It expires in 10 minutes. It was asked for on the Forgot Password page for the login {user_id}. \
                 If you did not ask for it, ignore this message: your password stays as it is, and nobody can \
                 change it without this code.\n\nMichigan Department of State"
            ),
        }
    }

    pub fn changed_notice(to: String, user_id: &str, now: i64) -> crate::mail::Email {
        use crate::messages::HELP_DESK_PHONE;
        crate::mail::Email {
            to,
            subject: "Your CARS e-Services password was changed".into(),
            body: format!(
                "Your CARS e-Services password was changed for the login {user_id} on {}, with Forgot Password.\n\n\
                 Every browser that was signed in to this login was signed out, and browsers remembered for \
                 30 days will ask for a verification method again.\n\n\
                 If you did not do this, call the help desk at {HELP_DESK_PHONE} right away.\n\n\
                 Michigan Department of State",
                crate::clock::michigan_time(now)
            ),
        }
    }

    /// Where a reset code goes, for the per-recipient allowance: the
    /// login's address (its own allowance on a browser it signed in on,
    /// so strangers cannot spend the owner's), or for an unknown User ID a
    /// stand-in under the same limits, so both answer alike.
    pub fn reset_recipient(
        tx: &crate::store::Db<'_>,
        login_id: Option<i64>,
        subject: &str,
        device: Option<&str>,
        client: &str,
        per_hour: i64,
    ) -> Result<crate::store::one_time_codes::Recipient, StoreError> {
        use crate::store::one_time_codes::{Channel, Recipient};
        let login = match login_id {
            Some(id) => resets::login(tx, id)?.map(|l| (id, l.email)),
            None => None,
        };
        Ok(match login {
            Some((id, email)) => Recipient::new(Channel::Email, &email, per_hour)
                .from_browser(crate::store::sign_in::browser_scope(tx, id, device)?),
            // The subject without its attempt: the typed ID's hash.
            None => {
                let typed_id = subject.rsplit_once(':').map_or(subject, |(head, _)| head);
                Recipient::new(Channel::Email, typed_id, per_hour)
            }
        }
        .from_client(client))
    }

    /// Sends a message whose failure must not change the answer (that
    /// would tell whether the login exists): the log gets it.
    pub async fn send_quietly(ctx: &AppContext, email: crate::mail::Email, what: &'static str) {
        if let Err(e) = ctx.mailer.send(email).await {
            tracing::error!(error = %e, what, "a password reset message could not be sent");
        }
    }
}

/// Step 1: the User ID. The same answer for any well-formed one.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(#[server(default)] user_id: String) -> Result<FormReply, ServerFnError> {
    use crate::rules::user_id as user_id_rules;
    use crate::session::server::{self as s, failure};
    use crate::store::one_time_codes::{self, Channel};
    use crate::store::password_resets as resets;
    use crate::store::{audit, sign_in, unix_now};

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = user_id.trim().to_string();
    reply.values.insert("user_id".into(), typed.clone());
    match user_id_rules::check(&typed) {
        Err(user_id_rules::UserIdProblem::Empty) => reply.field_error("user_id", "Enter your User ID."),
        Err(problem) => reply.field_error("user_id", problem.message()),
        Ok(()) => {}
    }
    if !reply.is_ok() {
        return crate::forms::flash::answer(START_FORM, START_PAGE, START_PAGE, reply).await;
    }

    let origin = s::origin(&ctx);
    let now = unix_now();
    let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let per_minute = ctx.policy.sign_ins_per_minute;
    if !ctx.store.write(move |tx| sign_in::throttle(tx, &ip, per_minute, now)).await.map_err(failure)? {
        reply.form_error = Some("Too many requests from your network. Please wait a minute and try again.".into());
        return crate::forms::flash::answer(START_FORM, START_PAGE, START_PAGE, reply).await;
    }

    let wanted = user_id_rules::normalize(&typed);
    let previous = s::cookie(&ctx, server::cookie_name(ctx.secure_cookies));
    let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
    let per_hour = ctx.policy.codes_per_recipient_per_hour;
    let client = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let token = ctx
        .store
        .write(move |tx| {
            let login = crate::store::logins::find_by_user_id(tx, &wanted)?.map(|l| (l.login_id, l.email));
            let login_id = login.as_ref().map(|(id, _)| *id);
            let subject = resets::subject_for(login_id, &wanted, &sign_in::new_token()[..16]);
            let token = resets::start(tx, previous.as_deref(), login_id, &subject, now)?;
            let recipient = server::reset_recipient(tx, login_id, &subject, device.as_deref(), &client, per_hour)?;
            // An unknown User ID's code is made under the same limits and
            // then dropped: the code page behaves the same.
            let issued = one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())?;
            // The message is queued with the code: an unknown User ID's
            // answer is as quick, since nobody waits on SMTP.
            match (login, issued) {
                (Some((id, email)), Ok(code)) => {
                    audit::record(tx, Some(id), audit::Event::PasswordResetRequested, None, &origin, now)?;
                    crate::mail::Mailer::queue_in(tx, &server::code_email(email, &wanted, code.as_str()), now)?;
                }
                (Some((id, _)), Err(_)) => {
                    audit::record(
                        tx,
                        Some(id),
                        audit::Event::PasswordResetRequested,
                        Some("no code sent: code limit"),
                        &origin,
                        now,
                    )?;
                }
                // Recorded like an unknown User ID at sign-in: it is worth
                // knowing, and it keeps the two answers' work alike.
                (None, _) => {
                    audit::record(tx, None, audit::Event::PasswordResetRequested, Some("unknown User ID"), &origin, now)?
                }
            }
            Ok(token)
        })
        .await
        .map_err(failure)?;
    ctx.mailer.flush().await;
    // A browser-session cookie: the reset's own expiry is kept on the server.
    s::set_cookie(&ctx, server::cookie_name(ctx.secure_cookies), &token, None);
    crate::forms::flash::answer(START_FORM, START_PAGE, CODE_PAGE, reply).await
}

#[server(endpoint = "forgot_password_flash")]
pub async fn forgot_password_flash() -> Result<Option<FormReply>, ServerFnError> {
    crate::forms::flash::take(START_FORM).await
}

/// The code page, or `None` when no reset is in progress here; a reset
/// whose code was already right goes on to the new password.
#[server(endpoint = "forgot_password_code_view")]
pub async fn reset_code_view() -> Result<Option<CodeView>, ServerFnError> {
    use crate::session::server::failure;
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(CODE_FORM).await?;
    match server::current(&ctx).await.map_err(failure)? {
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
    use crate::session::server::{self as s, failure};
    use crate::store::one_time_codes::{self, Channel, CheckOutcome, WRONG_TRIES_BEFORE_LOCK, check_message, refusal_message};
    use crate::store::password_resets as resets;
    use crate::store::{audit, sign_in, unix_now};

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let Some(current) = server::current(&ctx).await.map_err(failure)? else {
        reply.form_error = Some(RESET_EXPIRED.into());
        return crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await;
    };
    if current.reset.code_verified {
        return crate::forms::flash::answer(CODE_FORM, CODE_PAGE, NEW_PAGE, reply).await;
    }
    let now = unix_now();
    let origin = s::origin(&ctx);
    let login_id = current.reset.login_id;
    let subject = current.reset.subject.clone();
    let token = current.token.clone();

    match intent.as_str() {
        "resend" => {
            let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
            let per_hour = ctx.policy.codes_per_recipient_per_hour;
            let client = origin.ip.clone().unwrap_or_else(|| "unknown".into());
            let issued = ctx
                .store
                .write(move |tx| {
                    let recipient = server::reset_recipient(tx, login_id, &subject, device.as_deref(), &client, per_hour)?;
                    let issued = one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())?;
                    if let Ok(code) = &issued {
                        resets::extend(tx, &token, now)?;
                        if let Some(id) = login_id {
                            audit::record(tx, Some(id), audit::Event::CodeRequested, Some("password reset"), &origin, now)?;
                            if let Some(l) = resets::login(tx, id)? {
                                crate::mail::Mailer::queue_in(tx, &server::code_email(l.email, &l.user_id, code.as_str()), now)?;
                            }
                        }
                    }
                    Ok(issued.map(|_| ()))
                })
                .await
                .map_err(failure)?;
            match issued {
                Err(refused) => reply.send_refused("email_code", refusal_message(refused, now)),
                Ok(()) => {
                    ctx.mailer.flush().await;
                    reply.notice = Some(CODE_SENT_AGAIN.into());
                }
            }
            crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await
        }
        "check" => {
            let digits: String = email_code.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
                reply.field_error("email_code", "Enter the 6-digit code we sent.");
                return crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await;
            }
            let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
            let per_minute = ctx.policy.sign_ins_per_minute;
            if !ctx.store.write(move |tx| sign_in::throttle(tx, &ip, per_minute, now)).await.map_err(failure)? {
                reply.form_error = Some("Too many attempts from your network. Please wait a minute and try again.".into());
                return crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await;
            }
            let outcome = ctx
                .store
                .write(move |tx| {
                    let outcome = one_time_codes::check(tx, &subject, Channel::Email, &digits, now)?;
                    match (outcome, login_id) {
                        (CheckOutcome::Accepted, Some(_)) => resets::mark_verified(tx, &token, now)?,
                        (_, Some(id)) => audit::record(tx, Some(id), audit::Event::PasswordResetCodeFailed, None, &origin, now)?,
                        (_, None) => {}
                    }
                    Ok(outcome)
                })
                .await
                .map_err(failure)?;
            let message = match (outcome, login_id) {
                (CheckOutcome::Accepted, Some(_)) => {
                    return crate::forms::flash::answer(CODE_FORM, CODE_PAGE, NEW_PAGE, reply).await;
                }
                // An unknown User ID's code was never sent: one guessed by
                // chance is as wrong as any other.
                (CheckOutcome::Accepted, None) => {
                    check_message(CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK - 1 }, now)
                }
                (outcome, _) => check_message(outcome, now),
            };
            reply.field_error("email_code", message.unwrap_or_default());
            crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await
        }
        _ => {
            reply.form_error = Some("Choose one of the buttons on this page.".into());
            crate::forms::flash::answer(CODE_FORM, CODE_PAGE, CODE_PAGE, reply).await
        }
    }
}

/// The new-password page, or `None` without a reset whose code was right.
#[server(endpoint = "forgot_password_new_view")]
pub async fn load_new_password() -> Result<Option<NewPasswordView>, ServerFnError> {
    use crate::session::server::failure;
    use crate::store::password_resets as resets;
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(NEW_FORM).await?;
    let Some(current) = server::current(&ctx).await.map_err(failure)? else { return Ok(None) };
    let Some(login_id) = current.reset.login_id.filter(|_| current.reset.code_verified) else { return Ok(None) };
    let login = ctx.store.read(move |c| resets::login(c, login_id)).await.map_err(failure)?;
    Ok(login.map(|l| NewPasswordView {
        user_id: l.user_id,
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
    use crate::rules::password::{self, Guideline, PasswordContext};
    use crate::security::password_hash::{Queue, StoredHash};
    use crate::session::server::{self as s, failure};
    use crate::store::password_resets as resets;
    use crate::store::unix_now;

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let current = server::current(&ctx).await.map_err(failure)?;
    let Some((current, login_id)) = current.and_then(|c| c.reset.login_id.filter(|_| c.reset.code_verified).map(|id| (c, id)))
    else {
        reply.form_error = Some(RESET_EXPIRED.into());
        return crate::forms::flash::answer(NEW_FORM, NEW_PAGE, NEW_PAGE, reply).await;
    };
    let Some(login) = ctx.store.read(move |c| resets::login(c, login_id)).await.map_err(failure)? else {
        reply.form_error = Some(RESET_EXPIRED.into());
        return crate::forms::flash::answer(NEW_FORM, NEW_PAGE, NEW_PAGE, reply).await;
    };

    if password.is_empty() {
        reply.field_error("password", "Enter a new password.");
    } else {
        let context = PasswordContext {
            user_id: &login.user_id,
            first_name: login.first_name.as_deref().unwrap_or(""),
            last_name: &login.last_name,
        };
        let mut unmet = password::check_with_common(&password, &context, password::CommonPasswords::shipped());
        // The history costs an Argon2 check per password: only once the
        // rules the person can see are met.
        if unmet.is_empty() {
            let recent = ctx.store.read(move |c| crate::store::password_history::recent(c, login_id)).await.map_err(failure)?;
            for phc in recent {
                let reused = ctx
                    .hasher
                    .verify(Queue::for_login(login_id), password.clone(), Some(StoredHash::from_stored(phc)))
                    .await
                    .map_err(|e| crate::forms::hash_failure("password reset", e))?;
                if reused {
                    unmet.push(Guideline::NotRecent);
                    break;
                }
            }
        }
        if !unmet.is_empty() {
            let messages: Vec<&str> = unmet.iter().map(|g| g.message()).collect();
            reply.field_error("password", messages.join(" "));
        }
    }
    if confirm_password.is_empty() {
        reply.field_error("confirm_password", "Confirm your new password.");
    } else if confirm_password != password {
        reply.field_error("confirm_password", "The passwords do not match.");
    }
    if !reply.is_ok() {
        return crate::forms::flash::answer(NEW_FORM, NEW_PAGE, NEW_PAGE, reply).await;
    }

    let hash = ctx
        .hasher
        .hash(Queue::for_login(login_id), password)
        .await
        .map_err(|e| crate::forms::hash_failure("password reset", e))?;
    let now = unix_now();
    let origin = s::origin(&ctx);
    let token = current.token.clone();
    let done =
        ctx.store.write(move |tx| resets::complete(tx, &token, login_id, hash.as_str(), &origin, now)).await.map_err(failure)?;
    s::clear_cookie(&ctx, server::cookie_name(ctx.secure_cookies));
    if !done {
        reply.form_error = Some(RESET_EXPIRED.into());
        return crate::forms::flash::answer(NEW_FORM, NEW_PAGE, NEW_PAGE, reply).await;
    }
    server::send_quietly(&ctx, server::changed_notice(login.email, &login.user_id, now), "notice").await;
    crate::forms::flash::answer(NEW_FORM, NEW_PAGE, DONE_PAGE, reply).await
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
        <p class="warning" data-testid="reset-missing">{RESET_EXPIRED}</p>
        <p><a class="button" href=START_PAGE>"Start again"</a></p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let flash = Resource::new(|| (), |_| forgot_password_flash());
    let action = ServerAction::<ForgotPassword>::new();
    view! {
        <Title text="Forgot Password"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Forgot Password"</h1>
        <p class="lead">
            "Enter your User ID. If that login exists, we will send a 6-digit code to its email address; with it you can choose a new password."
        </p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten();
                let user_id_value = kept.as_ref().map(|k| k.value_of("user_id")).unwrap_or_default();
                let reply = reply_of(move || action.value().get(), kept);
                view! {
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="forgot-password-form">
                        <TextField id="user_id" label="User ID" autocomplete="username" required=true
                            hint="Forgot your User ID too? Use Forgot User ID first."
                            value=user_id_value reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="send-code">"SEND CODE"</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href="/login">"Back to Login"</a></li>
            <li><a href="/forgot-user-id">"Forgot User ID"</a></li>
        </ul>
    }
}

#[component]
pub fn ResetCodePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| reset_code_view());
    let action = ServerAction::<ResetCode>::new();
    view! {
        <Title text="Enter your code – Forgot Password"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Enter your code"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(view)) = page.await else {
                    return view! { <ResetMissing/> }.into_any();
                };
                let kept = view.kept;
                let reply = reply_of(move || action.value().get(), kept);
                let intent = |v: &'static str| view! { <input type="hidden" name="intent" value=v/> };
                view! {
                    <p class="lead" data-testid="code-sent">
                        {CODE_SENT}" Enter it below. The code expires in 10 minutes."
                    </p>
                    <Notice reply/>
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="reset-code-form">
                        {intent("check")}
                        <TextField id="email_code" label="Enter the 6-digit code" autocomplete="one-time-code"
                            input_mode="numeric" required=true forget_on_reply=true reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="check-code">"NEXT"</button>
                        </div>
                    </ActionForm>
                    <div class="secondary-actions">
                        <p>"Did not get it? Check your spam folder, or:"</p>
                        <ActionForm action attr:class="inline-form">
                            {intent("resend")}
                            <button type="submit" class="button button-secondary" data-testid="resend-code">"Send a new code"</button>
                        </ActionForm>
                        <crate::ui::SendRefused reply field="email_code"/>
                        <a class="button button-secondary" href=START_PAGE data-testid="start-again">"Start again"</a>
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
        <Title text="Choose a new password – Forgot Password"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Choose a new password"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
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
            "Your code is right. Choose a new password for the login "<strong data-testid="reset-user-id">{view.user_id.clone()}</strong>
            ". When it is saved, every browser signed in to this login is signed out."
        </p>
        <p class="required-note"><span class="required" aria-hidden="true">"*"</span>" Required"</p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="new-password-form">
            // For password managers: which login the new password belongs to.
            <input type="text" autocomplete="username" aria-label="User ID" value=view.user_id hidden=true readonly=true/>
            <div class="password-pair">
                <div>
                    <TextField id="password" label="New password" input_type="password" autocomplete="new-password"
                        required=true forget_on_reply=true reveal_toggle=true also_described_by=GUIDELINES_ID
                        on_input=Callback::new(move |v: String| typed.set(v)) reply/>
                    <TextField id="confirm_password" label="Confirm new password" input_type="password"
                        autocomplete="new-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                </div>
                <PasswordGuidelines password=typed owner common/>
            </div>
            <div class="button-row">
                <button type="submit" class="button" data-testid="save-password">"SAVE PASSWORD"</button>
            </div>
        </ActionForm>
    }
}

#[component]
pub fn PasswordResetDonePage() -> impl IntoView {
    view! {
        <Title text="Password reset – Forgot Password"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Password reset"</h1>
        <p class="notice-text" data-testid="reset-done">{PASSWORD_RESET}</p>
        <p>
            "Every browser that was signed in to this login has been signed out, and we emailed you a notice. "
            "When you log in, we will ask for one of your verification methods as usual."
        </p>
        <p><a class="button" href="/login" data-testid="go-to-login">"LOG IN"</a></p>
    }
}
