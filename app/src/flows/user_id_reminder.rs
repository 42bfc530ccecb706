//! Forgot User ID: every User ID registered on an email address goes to
//! that address. The answer is the same whether or not anybody uses the
//! address, and a reminder goes at most so often (`store::password_resets`).

use super::Broken;
use crate::context::AppContext;
use crate::rules::email as email_rules;
use crate::session::server as s;
use crate::store::audit;
use crate::store::password_resets as resets;

/// Why no reminder was asked for.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by the email field.
    #[error("the address is not well formed")]
    Email(&'static str),
    /// Too many requests from this network in the last minute.
    #[error("throttled")]
    Throttled,
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// Sends the User IDs on `typed` (trimmed) to it, if any; `Ok` whether or
/// not there were any.
pub async fn remind(ctx: &AppContext, typed: &str, now: i64) -> Result<(), Refused> {
    email_rules::check(typed).map_err(|problem| Refused::Email(problem.message()))?;
    let origin = s::origin(ctx);
    if !super::within_network_allowance(ctx, origin.client(), now).await? {
        return Err(Refused::Throttled);
    }
    let wanted = email_rules::normalize(typed);
    let found = ctx.store.read(move |c| resets::logins_on_email(c, &wanted)).await?;
    // One message per stored address (they may differ in case), listing
    // only the User IDs registered on exactly that address.
    let mut groups: Vec<(String, Vec<resets::LoginOnEmail>)> = Vec::new();
    for login in found {
        match groups.iter_mut().find(|(address, _)| *address == login.email) {
            Some((_, logins)) => logins.push(login),
            None => groups.push((login.email.clone(), vec![login])),
        }
    }
    for (address, logins) in groups {
        let ids: Vec<crate::store::LoginId> = logins.iter().map(|l| l.login_id).collect();
        // Allowed and claimed in one write transaction: of parallel requests
        // for one address only those within the limits send.
        let origin = origin.clone();
        let claimed = ctx
            .store
            .write(move |tx| {
                if !resets::reminder_allowed(tx, &ids, now)? {
                    return Ok(false);
                }
                for id in ids {
                    audit::record(tx, Some(id), audit::Event::UserIdReminderSent, None, &origin, now)?;
                }
                Ok(true)
            })
            .await?;
        if !claimed {
            tracing::info!("a User ID reminder was asked for again too soon; not sent");
            continue;
        }
        let user_ids: Vec<crate::store::UserId> = logins.into_iter().map(|l| l.user_id).collect();
        // A failure is logged, not shown: the answer must not differ from
        // that for an address nobody uses.
        if let Err(e) = ctx.mailer.send(reminder(&address, &user_ids)).await {
            tracing::error!(error = %e, "a User ID reminder could not be sent");
        }
    }
    Ok(())
}

/// The message with every User ID on an address.
fn reminder(address: &str, user_ids: &[crate::store::UserId]) -> crate::mail::Email {
    crate::mail::Email::new(address, crate::messages::mail::user_id_reminder(user_ids))
}
