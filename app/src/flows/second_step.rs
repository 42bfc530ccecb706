//! The second step of sign-in: a code by email or text message, the
//! authenticator app, or a backup code, for the sign-in waiting in this
//! browser. After a password reset Email PIN is not offered when the person
//! has another method: the reset itself went by email.

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::second_step as words;
use crate::rules::method::Method;
use crate::security::{backup_codes, totp};
use crate::session::server as s;
use crate::store::LoginId;
use crate::store::one_time_codes::{self, Channel, CheckOutcome, Subject, check_message, refusal_message};
use crate::store::{audit, logins, sign_in};

/// One method the person may use now.
pub struct Offer {
    pub method: Method,
    /// Where a code goes, masked: "j***@example.com", "(***) ***-0188".
    pub destination: Option<String>,
    /// Email and text: a code for this sign-in is live.
    pub code_sent: bool,
}

/// The sign-in waiting for its second step in this browser.
pub struct Waiting {
    pub token: String,
    pub pending: sign_in::Pending,
    pub offers: Vec<Offer>,
    pub after_reset: bool,
    pub email: String,
    pub mobile: Option<String>,
}

/// What the person asked for: a code sent to a method, or a code checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    Send(Method),
    Check(Method),
}

impl Ask {
    pub fn method(self) -> Method {
        match self {
            Self::Send(m) | Self::Check(m) => m,
        }
    }
}

/// What a step came to when it went through.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    /// A code is on its way to `destination` (masked).
    Sent { destination: String },
    /// Both steps passed: a session is started; go to `next_path`.
    SignedIn { next_path: String },
}

/// Why a step did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// No sign-in waits in this browser (or it ran out): start again.
    #[error("the pending sign-in is gone")]
    TimedOut,
    /// The request named no button of the page.
    #[error("no such button")]
    NoSuchButton,
    /// The method is not one this sign-in may use.
    #[error("method not offered")]
    NotOffered,
    /// A code could not be sent yet (a wait, the hourly allowance).
    #[error("sending refused")]
    SendRefused(String),
    /// What was typed is not shaped like a code: it counts toward nothing.
    #[error("not shaped like a code")]
    Shape(&'static str),
    /// Too many attempts from this network in the last minute.
    #[error("throttled")]
    Throttled,
    /// The second step is closed for this login until `until`.
    #[error("waiting")]
    Waiting { until: i64 },
    /// A wrong code, with tries left on this pending sign-in.
    #[error("wrong code")]
    Wrong(String),
    /// A wrong code that used up this pending sign-in: start again.
    #[error("pending sign-in used up")]
    UsedUp,
    /// A wrong code that closed the second step until `until`.
    #[error("wait started")]
    WaitStarted { until: i64 },
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

fn mask_phone(e164: &str) -> String {
    format!("(***) ***-{}", &e164[e164.len().saturating_sub(4)..])
}

/// What a sign-in code proves: this pending sign-in (`token`) of `login_id`
/// by `method`. Codes belong to one pending sign-in, so a stranger's
/// requests never spend the resend wait or hourly allowance of the owner's
/// sign-in.
pub fn code_subject(login_id: LoginId, method: Method, token: &str) -> String {
    Subject::SignIn { login_id, method, pending_token: token }.key()
}

/// What a person is told while the second step waits.
pub fn waiting_message(until: i64, now: i64) -> String {
    words::closed_for(((until - now).max(0) + 59) / 60)
}

/// Tells the owner the second step was closed: someone who has the
/// password is guessing codes, or the owner is having trouble.
async fn notify_wait(ctx: &AppContext, login_id: LoginId, email: &str) {
    let Ok(Some(user_id)) = ctx.store.read(move |c| logins::user_id_of(c, login_id)).await else {
        tracing::error!("the second-step notice found no User ID for its login");
        return;
    };
    let words = crate::messages::mail::second_step_closed(
        &user_id,
        sign_in::SECOND_STEP_WRONG_BEFORE_WAIT,
        sign_in::SECOND_STEP_WAIT_SECONDS,
    );
    let message = crate::mail::Email::new(email, words);
    if let Err(e) = ctx.mailer.send(message).await {
        tracing::error!(error = %e, "the second-step notice could not be sent");
    }
}

/// The sign-in waiting for its second step in this browser, if any, with
/// the methods it may use and whether a code is already on its way.
pub async fn waiting(ctx: &AppContext, now: i64) -> Result<Option<Waiting>, Broken> {
    let Some(token) = s::cookie(ctx, s::pending_cookie_name(ctx.secure_cookies)) else {
        return Ok(None);
    };
    let found = ctx
        .store
        .read(move |c| {
            let Some(pending) = sign_in::find_pending(c, &token, now)? else { return Ok(None) };
            let logins::Contact { email, mobile_phone: mobile, password_reset_at, .. } = logins::contact_of(c, pending.login_id)?;
            let methods = logins::methods_of(c, pending.login_id)?;
            let after_reset = password_reset_at.is_some();
            let others = methods.iter().any(|&m| m != Method::Email);
            let mut offers = Vec::new();
            for method in methods.into_iter().filter(|&m| !(after_reset && others && m == Method::Email)) {
                let (destination, channel) = match method {
                    Method::Email => (Some(mask_email(&email)), Some(Channel::Email)),
                    Method::Text => (mobile.as_deref().map(mask_phone), Some(Channel::Text)),
                    Method::Totp | Method::BackupCodes => (None, None),
                };
                let code_sent = match channel {
                    Some(channel) => one_time_codes::has_live(c, &code_subject(pending.login_id, method, &token), channel, now)?,
                    None => false,
                };
                offers.push(Offer { method, destination, code_sent });
            }
            Ok(Some(Waiting { token, pending, offers, after_reset, email, mobile }))
        })
        .await?;
    Ok(found)
}

/// One submission of the second step: `ask` is the button pressed (`None`
/// for one the page does not have), `typed` what was in its code box.
pub async fn step(ctx: &AppContext, ask: Option<Ask>, typed: String, now: i64) -> Result<Done, Refused> {
    let Some(w) = waiting(ctx, now).await? else { return Err(Refused::TimedOut) };
    let ask = ask.ok_or(Refused::NoSuchButton)?;
    if !w.offers.iter().any(|c| c.method == ask.method()) {
        return Err(Refused::NotOffered);
    }
    match ask {
        Ask::Send(method) => send(ctx, &w, method, now).await,
        Ask::Check(method) => check(ctx, &w, method, &typed, now).await,
    }
}

/// A code to the person's email or phone for this pending sign-in.
async fn send(ctx: &AppContext, w: &Waiting, method: Method, now: i64) -> Result<Done, Refused> {
    let login_id = w.pending.login_id;
    let channel = if method == Method::Email { Channel::Email } else { Channel::Text };
    let subject = code_subject(login_id, method, &w.token);
    let address = if method == Method::Email { w.email.clone() } else { w.mobile.clone().unwrap_or_default() };
    let per_hour = ctx.policy.codes_per_recipient_per_hour;
    let device = s::cookie(ctx, s::device_cookie_name(ctx.secure_cookies));
    let origin = s::origin(ctx);
    let client = origin.client();
    // The code, its message and the audit line in one transaction.
    let issued = ctx
        .store
        .write(move |tx| {
            let scope = sign_in::browser_scope(tx, login_id, device.as_deref())?;
            let to = one_time_codes::Recipient::new(channel, &address, per_hour).from_browser(scope).from_client(&client);
            let code = match one_time_codes::issue(tx, &subject, channel, &to, now, &mut rand::rng())? {
                Ok(code) => code,
                Err(refused) => return Ok(Err(refused)),
            };
            if channel == Channel::Email {
                let words = crate::messages::mail::sign_in_code(code.as_str(), one_time_codes::CODE_TTL_SECONDS);
                let email = crate::mail::Email::new(address, words);
                crate::mail::Mailer::queue_in(tx, &email, now)?;
            } else {
                let text = crate::mail::TextMessage { to: address, body: crate::messages::mail::sign_in_text(code.as_str()) };
                crate::mail::Texter::queue_in(tx, &text, now)?;
            }
            audit::record(tx, Some(login_id), audit::Event::CodeRequested, Some(method.name()), &origin, now)?;
            Ok(Ok(()))
        })
        .await?;
    if let Err(refused) = issued {
        return Err(Refused::SendRefused(refusal_message(refused, now)));
    }
    if channel == Channel::Email {
        ctx.mailer.flush().await
    } else {
        ctx.texter.flush().await
    }
    let destination = w.offers.iter().find(|c| c.method == method).and_then(|c| c.destination.clone());
    Ok(Done::Sent { destination: destination.unwrap_or_default() })
}

/// What was typed, shaped as `method`'s code, or what to say by the field.
/// A form that is not filled in is not a wrong code: it counts toward
/// nothing.
fn shape(method: Method, typed: &str) -> Result<String, &'static str> {
    match method {
        Method::Email | Method::Text => {
            let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.is_empty() {
                Err(words::ENTER_THE_6_DIGIT_CODE)
            } else if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
                Err(words::A_CODE_HAS_6_DIGITS)
            } else {
                Ok(digits)
            }
        }
        Method::Totp if typed.trim().is_empty() => Err(words::ENTER_THE_6_DIGIT_CODE_YOUR),
        Method::Totp => Ok(typed.to_string()),
        Method::BackupCodes => match backup_codes::normalize(typed) {
            _ if typed.trim().is_empty() => Err(words::ENTER_ONE_OF_YOUR_BACKUP),
            None => Err(words::A_BACKUP_CODE_HAS_12),
            Some(normalized) => Ok(normalized),
        },
    }
}

/// What one check came to, decided in one transaction.
enum Checked {
    Right,
    NoPending,
    Throttled,
    Waiting { until: i64 },
    Wrong { message: String, wrong: sign_in::SecondStepWrong },
}

/// Checks a code; a right one finishes the sign-in.
async fn check(ctx: &AppContext, w: &Waiting, method: Method, typed: &str, now: i64) -> Result<Done, Refused> {
    let typed = shape(method, typed).map_err(Refused::Shape)?;
    let login_id = w.pending.login_id;
    let subject = code_subject(login_id, method, &w.token);
    let origin = s::origin(ctx);
    let ip = origin.client();
    let per_minute = ctx.policy.sign_ins_per_minute;
    let device = s::cookie(ctx, s::device_cookie_name(ctx.secure_cookies));
    let (token, key) = (w.token.clone(), ctx.secrets_key.clone());
    // The limits, the check and the count in one write transaction: of a
    // burst of parallel guesses none passes a closed gate (store::sign_in).
    let outcome = ctx
        .store
        .write(move |tx| {
            let scope = match sign_in::second_step_gate(tx, &ip, per_minute, &token, device.as_deref(), now)? {
                sign_in::SecondStepGate::Open { scope } => scope,
                sign_in::SecondStepGate::NoPending => return Ok(Checked::NoPending),
                sign_in::SecondStepGate::Throttled => return Ok(Checked::Throttled),
                sign_in::SecondStepGate::Waiting { until } => return Ok(Checked::Waiting { until }),
            };
            let problem: Option<String> = match method {
                Method::Email | Method::Text => {
                    let channel = if method == Method::Email { Channel::Email } else { Channel::Text };
                    match one_time_codes::check_uncounted(tx, &subject, channel, &typed, now)? {
                        CheckOutcome::Accepted => None,
                        CheckOutcome::Wrong { .. } => Some(words::THAT_CODE_IS_NOT_RIGHT.into()),
                        other => check_message(other, now),
                    }
                }
                Method::Totp => {
                    let (secret, last) = logins::totp_of(tx, &key, login_id)?;
                    match totp::verify(&secret, &typed, now, last) {
                        // No replay: the step is used up in the same transaction.
                        Some(step) => logins::use_totp_step(tx, login_id, step).map(|_| None)?,
                        None => Some(words::THAT_CODE_IS_NOT_RIGHT_OR.into()),
                    }
                }
                Method::BackupCodes => {
                    let unused = logins::unused_backup_codes(tx, login_id)?;
                    // Every unused code is compared (each in constant time),
                    // not just up to the first match.
                    let matched = unused.into_iter().fold(None, |found, code| {
                        let same = code.matches(&key, &typed);
                        found.or(same.then_some(code))
                    });
                    match matched {
                        Some(code) => logins::use_backup_code(tx, login_id, code.hash(), now).map(|_| None)?,
                        None => Some(words::THAT_IS_NOT_ONE_OF.into()),
                    }
                }
            };
            match problem {
                None => {
                    sign_in::second_step_right(tx, login_id, &scope, &token)?;
                    Ok(Checked::Right)
                }
                Some(message) => {
                    audit::record(tx, Some(login_id), audit::Event::SecondStepFailed, Some(method.name()), &origin, now)?;
                    let wrong = sign_in::second_step_wrong(tx, login_id, &scope, &token, now)?;
                    if let sign_in::SecondStepWrong::WaitStarted { .. } = wrong {
                        audit::record(tx, Some(login_id), audit::Event::SecondStepWaitStarted, None, &origin, now)?;
                    }
                    Ok(Checked::Wrong { message, wrong })
                }
            }
        })
        .await?;

    let pending_cookie = s::pending_cookie_name(ctx.secure_cookies);
    match outcome {
        Checked::Right => {
            s::clear_cookie(ctx, pending_cookie);
            s::complete_sign_in(ctx, login_id, w.pending.remember, audit::Event::SignIn).await?;
            Ok(Done::SignedIn { next_path: w.pending.next_path.clone() })
        }
        Checked::NoPending => {
            s::clear_cookie(ctx, pending_cookie);
            Err(Refused::TimedOut)
        }
        Checked::Throttled => Err(Refused::Throttled),
        Checked::Waiting { until } => Err(Refused::Waiting { until }),
        Checked::Wrong { message, wrong: sign_in::SecondStepWrong::TriesLeft(_) } => Err(Refused::Wrong(message)),
        Checked::Wrong { wrong: sign_in::SecondStepWrong::PendingUsedUp, .. } => {
            s::clear_cookie(ctx, pending_cookie);
            Err(Refused::UsedUp)
        }
        Checked::Wrong { wrong: sign_in::SecondStepWrong::WaitStarted { until }, .. } => {
            notify_wait(ctx, login_id, &w.email).await;
            s::clear_cookie(ctx, pending_cookie);
            Err(Refused::WaitStarted { until })
        }
    }
}
