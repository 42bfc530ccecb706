//! The password step of sign-in. Every failed password gets the same
//! answer and the same work, whether the User ID is unknown, the password
//! wrong or the login locked (a dummy hash is checked then), so an answer
//! reveals nothing. A right password leads to the second step, unless this
//! browser is remembered for the login.

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::sign_in as words;
use crate::rules::user_id::{UserId, UserIdProblem};
use crate::security::password_hash::{Queue, StoredHash};
use crate::session::server as s;
use crate::store::LoginId;
use crate::store::{audit, links, sign_in};

/// What was typed into the sign-in form.
pub struct Typed {
    /// Trimmed.
    pub user_id: String,
    pub password: String,
    /// "Remember this browser for 30 days" was ticked.
    pub remember: bool,
}

/// Where the person goes once signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// The page they were sent from (already made safe).
    Asked(String),
    /// Where their accounts say: the springboard with linked accounts,
    /// Account Access Options otherwise (known once the password is right).
    Landing,
}

/// Where a right password leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    /// The second step: a pending sign-in waits under a browser cookie.
    SecondStep,
    /// A remembered browser: signed in; go to `next`.
    SignedIn { next: String },
}

/// Why the sign-in did not go on.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by each field when one is empty or not well formed.
    #[error("the form has problems")]
    Fields { user_id: Option<&'static str>, password: Option<&'static str> },
    /// Too many attempts from this network in the last minute.
    #[error("throttled")]
    Throttled,
    /// The one answer for an unknown User ID, a wrong password and a
    /// locked login.
    #[error("sign-in failed")]
    Failed,
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

impl From<crate::security::password_hash::HashError> for Refused {
    fn from(e: crate::security::password_hash::HashError) -> Self {
        Self::Broken(e.into())
    }
}

/// The password step. The browser's checks are a courtesy; this is the rule.
pub async fn sign_in(ctx: &AppContext, typed: Typed, next: Next, now: i64) -> Result<Done, Refused> {
    let parsed = UserId::parse(&typed.user_id);
    let user_id = match &parsed {
        Err(UserIdProblem::Empty) => Some(words::ENTER_YOUR_USER_ID),
        Err(problem) => Some(problem.message()),
        Ok(_) => None,
    };
    let password = typed.password.is_empty().then_some(words::ENTER_YOUR_PASSWORD);
    let (Ok(wanted), None) = (parsed, password) else {
        return Err(Refused::Fields { user_id, password });
    };

    let origin = s::origin(ctx);
    let ip = origin.client();
    let per_minute = ctx.policy.sign_ins_per_minute;
    let device = s::cookie(ctx, s::device_cookie_name(ctx.secure_cookies));
    // A place in the hashing queue first: a busy answer must not count. A
    // browser this login signed in on before waits where strangers cannot
    // crowd it out.
    let known_login = match device.clone() {
        Some(d) => {
            let wanted = wanted.clone();
            ctx.store.read(move |c| sign_in::known_device_login(c, &d, &wanted, now)).await?
        }
        None => None,
    };
    let queue = match known_login {
        Some(login_id) => Queue::for_login(login_id),
        None => Queue::open(origin.ip.as_deref()),
    };
    let ticket = ctx.hasher.admit(queue)?;
    let (lock, origin_tx, remembered_device) = (ctx.policy.lock, origin.clone(), device.clone());
    // Throttle, lock and the advance count in one transaction, before Argon2
    // (store::sign_in explains why): no burst gets past the limit.
    let attempt = ctx
        .store
        .write(move |tx| sign_in::begin_password_attempt(tx, &ip, per_minute, &wanted, device.as_deref(), lock, &origin_tx, now))
        .await?;
    let reserved = match attempt {
        sign_in::PasswordAttempt::Throttled => return Err(Refused::Throttled),
        sign_in::PasswordAttempt::Check(reserved) => reserved,
        // The same Argon2 work as a real check, against a dummy hash, so an
        // unknown or locked login answers exactly like a wrong password.
        sign_in::PasswordAttempt::UnknownLogin | sign_in::PasswordAttempt::Locked { .. } => {
            ticket.verify(typed.password, None).await?;
            return Err(Refused::Failed);
        }
    };
    let right = ticket.verify(typed.password, reserved.phc.clone().map(StoredHash::from_stored)).await?;
    // The attempt settled and, when the password is right, the next step
    // begun, in one commit.
    let (settle, login_id, remember) = (reserved.clone(), reserved.login_id, typed.remember);
    let settled = ctx
        .store
        .write(move |tx| match sign_in::finish_password_attempt(tx, &settle, right, audit::Event::SignInFailed, &origin, now)? {
            sign_in::Verdict::Right => Ok(Ok(right_password(tx, login_id, remembered_device.as_deref(), remember, next, now)?)),
            wrong => Ok(Err(wrong)),
        })
        .await?;
    let next_step = match settled {
        Ok(next_step) => next_step,
        Err(verdict) => {
            if verdict == sign_in::Verdict::WrongAndLocked {
                s::notify_lockout(ctx, login_id).await;
            }
            return Err(Refused::Failed);
        }
    };
    match next_step {
        NextStep::Remembered { next } => {
            s::complete_sign_in(ctx, login_id, false, audit::Event::SignInRememberedBrowser).await?;
            Ok(Done::SignedIn { next })
        }
        NextStep::Pending { token } => {
            s::set_cookie(ctx, s::pending_cookie_name(ctx.secure_cookies), &token, Some(sign_in::PENDING_SECONDS));
            Ok(Done::SecondStep)
        }
    }
}

/// Where a right password leads, decided in the transaction that settled it.
enum NextStep {
    /// This browser is remembered for the login: signed in, off to `next`.
    Remembered { next: String },
    /// The second step, under this pending sign-in's token (for its cookie;
    /// the pending sign-in keeps where to go after).
    Pending { token: String },
}

/// The password is right: signed in if this browser is remembered for the
/// login, otherwise a pending sign-in that waits for the second step.
fn right_password(
    tx: &crate::store::Db<'_>,
    login_id: LoginId,
    device: Option<&str>,
    remember: bool,
    next: Next,
    now: i64,
) -> Result<NextStep, crate::store::StoreError> {
    let next = match next {
        Next::Asked(path) => path,
        Next::Landing => links::landing(tx, login_id)?.path().to_string(),
    };
    let remembered = match device {
        Some(d) => sign_in::is_remembered(tx, d, login_id, now)?,
        None => false,
    };
    Ok(if remembered {
        NextStep::Remembered { next }
    } else {
        NextStep::Pending { token: sign_in::start_pending(tx, login_id, remember, &next, now)? }
    })
}
