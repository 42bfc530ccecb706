//! Removing a business account from the springboard: the link goes, the
//! springboard says so once, and the record's address and whoever else is
//! told about the account learn of it, so nobody loses access unseen.

use super::Broken;
use crate::clock::Moment;
use crate::context::AppContext;
use crate::messages::flows::remove_access as words;
use crate::rules::business::BusinessAccount;
use crate::store::{AccountNumber, LoginId, UserId};
use crate::store::{audit, business, links, springboard_notices};

/// Whether `number` is one of the login's accounts.
pub async fn is_mine(ctx: &AppContext, login_id: LoginId, number: &AccountNumber) -> Result<bool, Broken> {
    let number = number.clone();
    Ok(ctx.store.read(move |c| links::is_linked(c, login_id, &number)).await?)
}

/// Removes `number` from the login `login_id` (User ID `user_id`); false
/// when it was not one of its accounts (nothing changed).
pub async fn remove(
    ctx: &AppContext,
    login_id: LoginId,
    user_id: &UserId,
    number: &AccountNumber,
    now: i64,
) -> Result<bool, Broken> {
    let origin = crate::session::server::origin(ctx);
    let n = number.clone();
    let removed = ctx
        .store
        .write(move |tx| {
            let notice_email: Option<String> =
                links::for_login(tx, login_id)?.into_iter().find(|l| l.account.number == n).map(|l| l.notice_email);
            let (Some(notice_email), Some(account)) = (notice_email, business::find(tx, &n)?) else {
                return Ok(None);
            };
            if !links::unlink(tx, login_id, &n)? {
                return Ok(None);
            }
            audit::record(tx, Some(login_id), audit::Event::AccountUnlinked, Some(n.as_str()), &origin, now)?;
            let others = links::notice_recipients(tx, login_id, &n)?;
            let kind = account.account_type.label();
            let notice = words::removed(kind, &n, &account.name);
            springboard_notices::leave(tx, login_id, &notice, now)?;
            Ok(Some((account, notice_email, others)))
        })
        .await?;
    let Some((account, notice_email, others)) = removed else { return Ok(false) };
    for email in removed_notices(user_id, &account, &notice_email, &others, now) {
        if let Err(e) = ctx.mailer.send(email).await {
            tracing::error!(error = %e, "an account-removed notice could not be sent");
        }
    }
    Ok(true)
}

fn removed_notices(
    user_id: &UserId,
    account: &BusinessAccount,
    notice_email: &str,
    others: &[String],
    now: i64,
) -> Vec<crate::mail::Email> {
    use crate::messages::mail::{AccountNamed, access_removed, access_removed_others};
    let named = AccountNamed { kind: account.account_type.label(), number: &account.number, name: &account.name };
    let when = Moment::at(now).text;
    let mut out = vec![crate::mail::Email::new(notice_email, access_removed(user_id, &named, &when))];
    for to in others.iter().filter(|e| !e.eq_ignore_ascii_case(notice_email)) {
        out.push(crate::mail::Email::new(to.clone(), access_removed_others(user_id, &named, &when)));
    }
    out
}
