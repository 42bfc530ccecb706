//! Forgot Password: a User ID, a code by email, a new password. Every step
//! answers alike for a User ID that does not exist (its code is made under
//! the same limits and dropped), so the journey never tells whether a login
//! exists. The reset in progress is kept on the server under a browser
//! cookie; on success, in one transaction, the new password becomes current
//! and everything the old one opened ends.

use super::Broken;
use super::new_password::{self, Chooser, Problems};
use crate::context::AppContext;
use crate::messages::flows::password_reset as words;
use crate::rules::password::PasswordContext;
use crate::rules::user_id::{UserId, UserIdProblem};
use crate::security::password_hash::Queue;
use crate::session::server as s;
use crate::store::LoginId;
use crate::store::one_time_codes::{
    self, Channel, CheckOutcome, Recipient, WRONG_TRIES_BEFORE_LOCK, check_message, refusal_message,
};
use crate::store::password_resets::{self as resets, Reset};
use crate::store::{Db, StoreError, audit, sign_in};

/// Why a step of the reset did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// No reset is in progress in this browser (or it ran out).
    #[error("no reset in progress")]
    Expired,
    /// What to say by the User ID field.
    #[error("the User ID is not well formed")]
    UserId(&'static str),
    /// Too many requests from this network in the last minute.
    #[error("throttled")]
    Throttled,
    /// A new code could not be sent yet: what to say by the button.
    #[error("sending refused")]
    SendRefused(String),
    /// The request named no button of the page.
    #[error("no such button")]
    NoSuchButton,
    /// What to say by the code field.
    #[error("the code was refused")]
    Code(String),
    /// What is wrong with the new password and its confirmation.
    #[error("the new password was refused")]
    Password(Problems),
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// The browser cookie that names the reset in progress.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cars_reset" } else { "cars_reset" }
}

/// The reset in progress in this browser.
pub struct Current {
    pub token: String,
    pub reset: Reset,
}

/// The reset in progress in this browser, if any.
pub async fn current(ctx: &AppContext, now: i64) -> Result<Option<Current>, Broken> {
    let Some(token) = s::cookie(ctx, cookie_name(ctx.secure_cookies)) else {
        return Ok(None);
    };
    let t = token.clone();
    let found = ctx.store.read(move |c| resets::find(c, &t, now)).await?;
    Ok(found.map(|reset| Current { token, reset }))
}

/// The login whose code was proved in this browser, for the new-password
/// page: `None` until the code was right.
pub async fn proved_login(ctx: &AppContext, now: i64) -> Result<Option<resets::ResetLogin>, Broken> {
    let Some(current) = current(ctx, now).await? else { return Ok(None) };
    let Some(login_id) = current.reset.login_id.filter(|_| current.reset.code_verified) else { return Ok(None) };
    Ok(ctx.store.read(move |c| resets::login(c, login_id)).await?)
}

fn code_email(to: String, user_id: &UserId, code: &str) -> crate::mail::Email {
    crate::mail::Email::new(
        to,
        crate::messages::mail::reset_code(user_id, code, one_time_codes::CODE_TTL_SECONDS.min(resets::RESET_SECONDS)),
    )
}

fn changed_notice(to: String, user_id: &UserId, now: i64) -> crate::mail::Email {
    let when = crate::clock::michigan_time(now);
    crate::mail::Email::new(
        to,
        crate::messages::mail::password_reset_done(user_id, &when, crate::store::sign_in::REMEMBER_SECONDS),
    )
}

/// Where a reset code goes, for the per-recipient allowance: the login's
/// address (its own allowance on a browser it signed in on, so strangers
/// cannot spend the owner's), or for an unknown User ID a stand-in under
/// the same limits, so both answer alike.
fn reset_recipient(
    tx: &Db<'_>,
    login_id: Option<LoginId>,
    subject: &str,
    device: Option<&str>,
    client: &str,
    per_hour: i64,
) -> Result<Recipient, StoreError> {
    let login = match login_id {
        Some(id) => resets::login(tx, id)?.map(|l| (id, l.email)),
        None => None,
    };
    Ok(match login {
        Some((id, email)) => {
            Recipient::new(Channel::Email, &email, per_hour).from_browser(sign_in::browser_scope(tx, id, device)?)
        }
        // The subject without its attempt: the typed ID's hash.
        None => {
            let typed_id = subject.rsplit_once(':').map_or(subject, |(head, _)| head);
            Recipient::new(Channel::Email, typed_id, per_hour)
        }
    }
    .from_client(client))
}

/// Sends a message whose failure must not change the answer (that would
/// tell whether the login exists): the log gets it.
async fn send_quietly(ctx: &AppContext, email: crate::mail::Email, what: &'static str) {
    if let Err(e) = ctx.mailer.send(email).await {
        tracing::error!(error = %e, what, "a password reset message could not be sent");
    }
}

/// Step 1: a User ID (as typed, trimmed). Any well-formed one starts a
/// reset in this browser and gets the same answer.
pub async fn start(ctx: &AppContext, typed: &str, now: i64) -> Result<(), Refused> {
    let wanted = match UserId::parse(typed) {
        Err(UserIdProblem::Empty) => return Err(Refused::UserId(words::ENTER_YOUR_USER_ID)),
        Err(problem) => return Err(Refused::UserId(problem.message())),
        Ok(wanted) => wanted,
    };
    let origin = s::origin(ctx);
    let client = origin.client();
    if !super::within_network_allowance(ctx, client.clone(), now).await? {
        return Err(Refused::Throttled);
    }
    let previous = s::cookie(ctx, cookie_name(ctx.secure_cookies));
    let device = s::cookie(ctx, s::device_cookie_name(ctx.secure_cookies));
    let per_hour = ctx.policy.codes_per_recipient_per_hour;
    let token = ctx
        .store
        .write(move |tx| {
            let login = crate::store::logins::find_by_user_id(tx, &wanted)?.map(|l| (l.login_id, l.email));
            let login_id = login.as_ref().map(|(id, _)| *id);
            let subject = resets::subject_for(login_id, &wanted, &sign_in::new_token()[..16]);
            let token = resets::start(tx, previous.as_deref(), login_id, &subject, now)?;
            let recipient = reset_recipient(tx, login_id, &subject, device.as_deref(), &client, per_hour)?;
            // An unknown User ID's code is made under the same limits and
            // then dropped: the code page behaves the same.
            let issued = one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())?;
            // The message is queued with the code: an unknown User ID's
            // answer is as quick, since nobody waits on SMTP.
            match (login, issued) {
                (Some((id, email)), Ok(code)) => {
                    audit::record(tx, Some(id), audit::Event::PasswordResetRequested, None, &origin, now)?;
                    crate::mail::Mailer::queue_in(tx, &code_email(email, &wanted, code.as_str()), now)?;
                }
                (Some((id, _)), Err(_)) => {
                    let detail = Some(words::NO_CODE_SENT_CODE_LIMIT);
                    audit::record(tx, Some(id), audit::Event::PasswordResetRequested, detail, &origin, now)?;
                }
                // Recorded like an unknown User ID at sign-in: it is worth
                // knowing, and it keeps the two answers' work alike.
                (None, _) => {
                    audit::record(tx, None, audit::Event::PasswordResetRequested, Some("unknown User ID"), &origin, now)?
                }
            }
            Ok(token)
        })
        .await?;
    ctx.mailer.flush().await;
    // A browser-session cookie: the reset's own expiry is kept on the server.
    s::set_cookie(ctx, cookie_name(ctx.secure_cookies), &token, None);
    Ok(())
}

/// What step 2 came to when it went through.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeStep {
    /// A new code is on its way (or, for an unknown User ID, seems to be).
    SentAgain,
    /// The code was right (now or earlier): on to the new password.
    Proved,
}

/// A button of step 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeAsk {
    /// "Send a new code".
    SendAgain,
    /// The code as typed.
    Check(String),
}

/// Step 2: `ask` is the button pressed (`None` for one the page does not
/// have). A reset whose code was already right goes on.
pub async fn code(ctx: &AppContext, ask: Option<CodeAsk>, now: i64) -> Result<CodeStep, Refused> {
    let current = current(ctx, now).await?.ok_or(Refused::Expired)?;
    if current.reset.code_verified {
        return Ok(CodeStep::Proved);
    }
    match ask {
        Some(CodeAsk::SendAgain) => send_again(ctx, current, now).await,
        Some(CodeAsk::Check(typed)) => check_code(ctx, current, &typed, now).await,
        None => Err(Refused::NoSuchButton),
    }
}

async fn send_again(ctx: &AppContext, current: Current, now: i64) -> Result<CodeStep, Refused> {
    let Current { token, reset } = current;
    let (login_id, subject) = (reset.login_id, reset.subject);
    let origin = s::origin(ctx);
    let device = s::cookie(ctx, s::device_cookie_name(ctx.secure_cookies));
    let per_hour = ctx.policy.codes_per_recipient_per_hour;
    let client = origin.client();
    let issued = ctx
        .store
        .write(move |tx| {
            let recipient = reset_recipient(tx, login_id, &subject, device.as_deref(), &client, per_hour)?;
            let issued = one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())?;
            if let Ok(code) = &issued {
                resets::extend(tx, &token, now)?;
                if let Some(id) = login_id {
                    audit::record(tx, Some(id), audit::Event::CodeRequested, Some("password reset"), &origin, now)?;
                    if let Some(l) = resets::login(tx, id)? {
                        crate::mail::Mailer::queue_in(tx, &code_email(l.email, &l.user_id, code.as_str()), now)?;
                    }
                }
            }
            Ok(issued.map(|_| ()))
        })
        .await?;
    if let Err(refused) = issued {
        return Err(Refused::SendRefused(refusal_message(refused, now)));
    }
    ctx.mailer.flush().await;
    Ok(CodeStep::SentAgain)
}

async fn check_code(ctx: &AppContext, current: Current, typed: &str, now: i64) -> Result<CodeStep, Refused> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Refused::Code(words::ENTER_THE_6_DIGIT_CODE.into()));
    }
    let origin = s::origin(ctx);
    if !super::within_network_allowance(ctx, origin.client(), now).await? {
        return Err(Refused::Throttled);
    }
    let Current { token, reset } = current;
    let (login_id, subject) = (reset.login_id, reset.subject);
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
        .await?;
    let message = match (outcome, login_id) {
        (CheckOutcome::Accepted, Some(_)) => return Ok(CodeStep::Proved),
        // An unknown User ID's code was never sent: one guessed by chance
        // is as wrong as any other.
        (CheckOutcome::Accepted, None) => check_message(CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK - 1 }, now),
        (outcome, _) => check_message(outcome, now),
    };
    Err(Refused::Code(message.unwrap_or_default()))
}

/// Step 3: the new password, for the login whose code was proved here.
pub async fn set_password(ctx: &AppContext, password: String, confirm: &str, now: i64) -> Result<(), Refused> {
    let current = current(ctx, now).await?;
    let Some((current, login_id)) = current.and_then(|c| c.reset.login_id.filter(|_| c.reset.code_verified).map(|id| (c, id)))
    else {
        return Err(Refused::Expired);
    };
    let login = ctx.store.read(move |c| resets::login(c, login_id)).await?.ok_or(Refused::Expired)?;
    let person = PasswordContext {
        user_id: login.user_id.as_str(),
        first_name: login.first_name.as_deref().unwrap_or(""),
        last_name: &login.last_name,
    };
    let chooser = Chooser::Login { login_id, history: true };
    let problems = new_password::check(ctx, chooser, &person, &password, confirm).await?;
    if !problems.is_empty() {
        return Err(Refused::Password(problems));
    }
    let hash = ctx.hasher.hash(Queue::for_login(login_id), password).await.map_err(Broken::from)?;
    let origin = s::origin(ctx);
    let token = current.token;
    let done = ctx.store.write(move |tx| resets::complete(tx, &token, login_id, hash.as_str(), &origin, now)).await?;
    s::clear_cookie(ctx, cookie_name(ctx.secure_cookies));
    if !done {
        return Err(Refused::Expired);
    }
    send_quietly(ctx, changed_notice(login.email, &login.user_id, now), "notice").await;
    Ok(())
}
