//! "Close my login": the password again and an explicit confirmation, then
//! the login is gone (`store::settings::close` says why it is deleted
//! rather than marked), every session, remembered browser and pending
//! sign-in with it. The owner is told, and so is whoever is told when the
//! login gains or loses a business account: nobody loses access unseen.

use super::{Broken, owner_notice, password_again};
use crate::context::AppContext;
use crate::messages::flows::close_login as words;
use crate::session::server::{clear_cookie, origin, pending_cookie_name};
use crate::store::{LoginId, UserId};
use crate::store::{audit, links, sessions, settings};

/// Why the login was not closed.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by the password and by the confirmation box.
    #[error("the form has problems")]
    Fields { password: Option<String>, confirm: Option<&'static str> },
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// Closes `login_id` (User ID `user_id`) once its password is typed again
/// and the box `confirmed`; signs this browser out.
pub async fn close(
    ctx: &AppContext,
    login_id: LoginId,
    user_id: &UserId,
    password: String,
    confirmed: bool,
    now: i64,
) -> Result<(), Refused> {
    let password = password_again::problem(ctx, login_id, password, now).await?;
    let confirm = (!confirmed).then_some(words::TICK_THE_BOX_TO_CONFIRM);
    if password.is_some() || confirm.is_some() {
        return Err(Refused::Fields { password, confirm });
    }
    let (origin, detail) = (origin(ctx), words::closed_detail(user_id));
    let (email, access_notices) = ctx
        .store
        .write(move |tx| {
            let email = settings::profile(tx, login_id)?.map(|p| p.email).unwrap_or_default();
            let mut notices = Vec::new();
            for linked in links::for_login(tx, login_id)? {
                let number = linked.account.number.clone();
                notices.push((number.clone(), links::notice_recipients(tx, login_id, &number)?));
            }
            audit::record(tx, Some(login_id), audit::Event::LoginClosed, Some(&detail), &origin, now)?;
            settings::close(tx, login_id)?;
            Ok((email, notices))
        })
        .await?;
    clear_cookie(ctx, sessions::cookie_name(ctx.secure_cookies));
    clear_cookie(ctx, pending_cookie_name(ctx.secure_cookies));
    owner_notice::tell(ctx, email, crate::messages::mail::login_closed(user_id)).await;
    for (number, recipients) in access_notices {
        for to in recipients {
            owner_notice::tell(ctx, to, crate::messages::mail::closed_login_access_ended(user_id, &number)).await;
        }
    }
    Ok(())
}
