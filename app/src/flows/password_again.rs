//! The password typed again by someone already signed in (Settings asks
//! for it before a change). It counts under the same lockout as the sign-in
//! form, checked before any Argon2 work and on this browser's counter, so a
//! stolen session cannot be used to guess the password without limit. A
//! lock started here is told to the owner like any other.

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::password_again as words;
use crate::security::password_hash::{Queue, StoredHash};
use crate::session::server::{cookie, device_cookie_name, notify_lockout, origin};
use crate::store::LoginId;
use crate::store::{audit, sign_in};

/// The verdict on a password typed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordAgain {
    Right,
    Wrong,
    /// Too many wrong passwords: nothing was checked.
    Locked {
        until: i64,
    },
}

impl PasswordAgain {
    /// What to say when the password was refused; `wrong` names what it
    /// should have been ("That is not your password.").
    pub fn message(self, wrong: &str, now: i64) -> Option<String> {
        match self {
            Self::Right => None,
            Self::Wrong => Some(wrong.to_string()),
            Self::Locked { until } => Some(words::locked_for(((until - now).max(0) + 59) / 60)),
        }
    }
}

/// Checks `typed` against the login's password; a wrong one is recorded
/// as `event` (never the password itself).
pub async fn check(
    ctx: &AppContext,
    login_id: LoginId,
    typed: String,
    event: audit::Event,
    now: i64,
) -> Result<PasswordAgain, Broken> {
    let ticket = ctx.hasher.admit(Queue::for_login(login_id))?;
    let (lock, origin) = (ctx.policy.lock, origin(ctx));
    let device = cookie(ctx, device_cookie_name(ctx.secure_cookies));
    let reserved = ctx.store.write(move |tx| sign_in::reserve_password_check(tx, login_id, device.as_deref(), lock, now)).await?;
    let reserved = match reserved {
        Ok(reserved) => reserved,
        Err(until) => return Ok(PasswordAgain::Locked { until }),
    };
    let right = ticket.verify(typed, reserved.phc.clone().map(StoredHash::from_stored)).await?;
    let verdict = ctx.store.write(move |tx| sign_in::finish_password_attempt(tx, &reserved, right, event, &origin, now)).await?;
    match verdict {
        sign_in::Verdict::Right => Ok(PasswordAgain::Right),
        sign_in::Verdict::Wrong => Ok(PasswordAgain::Wrong),
        sign_in::Verdict::WrongAndLocked => {
            notify_lockout(ctx, login_id).await;
            Ok(PasswordAgain::Locked { until: now + ctx.policy.lock.lock_seconds })
        }
    }
}

/// What to say by a field where Settings asked for the password again
/// (`None`: it is right). A wrong one is recorded as a failed Settings
/// password.
pub async fn problem(ctx: &AppContext, login_id: LoginId, typed: String, now: i64) -> Result<Option<String>, Broken> {
    if typed.is_empty() {
        return Ok(Some(words::ENTER_YOUR_PASSWORD.into()));
    }
    let verdict = check(ctx, login_id, typed, audit::Event::SettingsPasswordFailed, now).await?;
    Ok(verdict.message(words::THAT_IS_NOT_YOUR_PASSWORD, now))
}
