//! The one rule for a new password, wherever one is chosen (sign-up,
//! Settings, a reset): every guideline of `rules::password` including the
//! common-passwords list, a confirmation that matches, and, for a login
//! that already has passwords, none of its last
//! [`HISTORY_KEPT`](crate::store::password_history::HISTORY_KEPT).

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::new_password as words;
use crate::rules::password::{self, Guideline, PasswordContext};
use crate::security::password_hash::{Queue, StoredHash};
use crate::store::LoginId;

/// Who is choosing the password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chooser {
    /// A new login (sign-up): it has no earlier passwords.
    NewLogin,
    /// A login replacing its password. `history` is whether its earlier
    /// passwords are compared: that costs Argon2 work, so only for someone
    /// who already proved who they are.
    Login { login_id: LoginId, history: bool },
}

/// What is wrong with a new password and its confirmation, field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    pub password: Option<String>,
    pub confirm: Option<String>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.password.is_none() && self.confirm.is_none()
    }
}

/// Checks `typed` and `confirm` for `chooser`, whose names are in `person`.
pub async fn check(
    ctx: &AppContext,
    chooser: Chooser,
    person: &PasswordContext<'_>,
    typed: &str,
    confirm: &str,
) -> Result<Problems, Broken> {
    let replacing = matches!(chooser, Chooser::Login { .. });
    let mut problems = Problems::default();
    if typed.is_empty() {
        problems.password = Some(if replacing { words::ENTER_A_NEW_PASSWORD } else { words::ENTER_A_PASSWORD }.into());
    } else {
        let mut unmet = password::check_with_common(typed, person, password::CommonPasswords::shipped());
        // The history costs an Argon2 check per password: only once the
        // rules the person can see are met.
        if let Chooser::Login { login_id, history: true } = chooser
            && unmet.is_empty()
            && used_recently(ctx, login_id, typed).await?
        {
            unmet.push(Guideline::NotRecent);
        }
        if !unmet.is_empty() {
            problems.password = Some(unmet.iter().map(|g| g.message()).collect::<Vec<_>>().join(" "));
        }
    }
    if confirm.is_empty() {
        problems.confirm = Some(if replacing { words::CONFIRM_YOUR_NEW_PASSWORD } else { words::CONFIRM_YOUR_PASSWORD }.into());
    } else if confirm != typed {
        problems.confirm = Some(words::THE_PASSWORDS_DO_NOT_MATCH.into());
    }
    Ok(problems)
}

/// Whether `typed` is one of the login's recent passwords.
async fn used_recently(ctx: &AppContext, login_id: LoginId, typed: &str) -> Result<bool, Broken> {
    let recent = ctx.store.read(move |c| crate::store::password_history::recent(c, login_id)).await?;
    for phc in recent {
        let reused = ctx.hasher.verify(Queue::for_login(login_id), typed.to_string(), Some(StoredHash::from_stored(phc))).await?;
        if reused {
            return Ok(true);
        }
    }
    Ok(false)
}
