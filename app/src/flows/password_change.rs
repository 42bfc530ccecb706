//! Changing the password in Settings: the current one first, then the new
//! password's one rule (`new_password`), including the last 3. Every other
//! browser is signed out and forgotten, and the owner is told.

use super::Broken;
use super::new_password::{self, Chooser, Problems};
use super::password_again;
use crate::context::AppContext;
use crate::messages::flows::password_change as words;
use crate::rules::password::PasswordContext;
use crate::security::password_hash::Queue;
use crate::session::server::{cookie, origin};
use crate::store::{LoginId, UserId};
use crate::store::{audit, sessions, settings, sign_in};

/// What was typed into the form.
pub struct Typed {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Why the password was not changed.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by each field (the current password, the new one and
    /// its confirmation).
    #[error("the form has problems")]
    Fields { current: Option<String>, new: Problems },
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// Changes the password of `login_id` (User ID `user_id`), signed in on
/// the session whose cookie this request carries.
pub async fn change(ctx: &AppContext, login_id: LoginId, user_id: &UserId, typed: Typed, now: i64) -> Result<(), Refused> {
    let profile = ctx
        .store
        .read(move |c| {
            settings::profile(c, login_id)?.ok_or(crate::store::StoreError::Worker("signed in without a login".into()))
        })
        .await?;
    let current = if typed.current.is_empty() {
        Some(words::ENTER_YOUR_CURRENT_PASSWORD.to_string())
    } else {
        password_again::check(ctx, login_id, typed.current, audit::Event::SettingsPasswordFailed, now)
            .await?
            .message(words::THAT_IS_NOT_YOUR_CURRENT, now)
    };
    let current_right = current.is_none();
    let person = PasswordContext {
        user_id: user_id.as_str(),
        first_name: profile.first_name.as_deref().unwrap_or(""),
        last_name: &profile.last_name,
    };
    let chooser = Chooser::Login { login_id, history: current_right };
    let new = new_password::check(ctx, chooser, &person, &typed.new, &typed.confirm).await?;
    if current.is_some() || !new.is_empty() {
        return Err(Refused::Fields { current, new });
    }

    let hash = ctx.hasher.hash(Queue::for_login(login_id), typed.new).await.map_err(Broken::from)?;
    let keep = cookie(ctx, sessions::cookie_name(ctx.secure_cookies));
    let origin = origin(ctx);
    ctx.store
        .write(move |tx| {
            crate::store::password_history::add(tx, login_id, hash.as_str(), now)?;
            sessions::end_all(tx, login_id, keep.as_deref())?;
            sign_in::forget_browsers(tx, login_id)?;
            audit::record(tx, Some(login_id), audit::Event::PasswordChanged, None, &origin, now)
        })
        .await?;
    let notice = crate::mail::Email::new(profile.email, crate::messages::mail::password_changed(user_id));
    if let Err(e) = ctx.mailer.send(notice).await {
        tracing::error!(error = %e, "the password-change notice could not be sent");
    }
    Ok(())
}
