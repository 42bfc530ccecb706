//! Helping a person with their login (SPEC §6): `users unlock`,
//! `users reset-methods`, `access revoke` and `codes void`. Each finds the
//! login by User ID (an unknown one changes nothing and is an error), makes
//! its change and its audit line in one transaction, then sends the notices.

use app::mail::{Email, Mailer};
use app::messages::mail;
use app::store::audit;
use app::store::logins::{self, Found};
use app::store::operator as ops_store;
use app::store::{AccountNumber, Store, UserId};

use super::{OpsError, operator};

/// The login with that User ID; an unknown one is an error.
pub async fn login(store: &Store, user_id: &UserId) -> Result<Found, OpsError> {
    let wanted = user_id.clone();
    store.read(move |c| logins::find_by_user_id(c, &wanted)).await?.ok_or_else(|| OpsError::UnknownUser(user_id.to_string()))
}

/// What `users unlock` found and cleared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlocked {
    pub user_id: UserId,
    /// The lock that was running (the latest, if several browsers were locked).
    pub was_locked_until: Option<i64>,
}

/// Ends every kind of lock on a login: the wrong-password counts of the
/// login and of each of its browsers, the second-step wait and the wrong
/// codes of its pending sign-ins, and the locks on its one-time codes
/// (sign-in, Settings, password resets).
pub async fn unlock(store: &Store, user_id: &UserId, now: i64) -> Result<Unlocked, OpsError> {
    let login = login(store, user_id).await?;
    Ok(store
        .write(move |tx| {
            let until = ops_store::latest_lock(tx, login.login_id, now)?;
            ops_store::clear_pending_wrong_codes(tx, login.login_id)?;
            app::store::sign_in::unlock_everything(tx, login.login_id)?;
            let detail = match until {
                Some(_) => "users unlock: lockout ended",
                None => "users unlock: failure counts cleared (no lock was running)",
            };
            audit::record(tx, Some(login.login_id), audit::Event::OperatorUnlock, Some(detail), &operator(), now)?;
            Ok(Unlocked { user_id: login.user_id, was_locked_until: until })
        })
        .await?)
}

/// What `users reset-methods` removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodsReset {
    pub user_id: UserId,
    pub removed: Vec<String>,
    pub sessions_ended: usize,
    pub notice_sent: bool,
}

/// The person lost their phone: every method but Email PIN goes (with the
/// backup codes), and every way in that does not need the password again —
/// sessions, remembered browsers, pending sign-ins — ends. The password
/// stays; Email PIN is (re)instated so the login keeps one method.
pub async fn reset_methods(store: &Store, mailer: &Mailer, user_id: &UserId, now: i64) -> Result<MethodsReset, OpsError> {
    let login = login(store, user_id).await?;
    let to = login.email.clone();
    let mut done = store
        .write(move |tx| {
            let removed = ops_store::keep_only_email_pin(tx, login.login_id, now)?;
            let sessions_ended = app::store::sessions::end_all(tx, login.login_id, None)?;
            app::store::sign_in::forget_browsers(tx, login.login_id)?;
            ops_store::end_pending_sign_ins(tx, login.login_id)?;
            // The names as the operator types them, in alphabetical order.
            let mut removed: Vec<String> = removed.iter().map(|m| m.name().to_string()).collect();
            removed.sort();
            let detail = format!(
                "users reset-methods: removed {}; {} session(s) ended, remembered browsers forgotten",
                if removed.is_empty() { "nothing".to_string() } else { removed.join(", ") },
                sessions_ended
            );
            audit::record(tx, Some(login.login_id), audit::Event::OperatorResetMethods, Some(&detail), &operator(), now)?;
            Ok(MethodsReset { user_id: login.user_id, removed, sessions_ended, notice_sent: false })
        })
        .await?;
    let notice = Email::new(to, mail::methods_reset(&done.user_id, &app::clock::michigan_time(now)));
    done.notice_sent = send_logged(mailer, notice, "reset-methods notice").await;
    Ok(done)
}

/// What `access revoke` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revoked {
    pub user_id: UserId,
    pub account: AccountNumber,
    pub told: usize,
    pub not_told: usize,
}

/// Removes `user_id`'s access to `account` and tells the login, the
/// record's email and every other login linked to the account.
pub async fn revoke_access(
    store: &Store,
    mailer: &Mailer,
    user_id: &UserId,
    number: &AccountNumber,
    now: i64,
) -> Result<Revoked, OpsError> {
    let login = login(store, user_id).await?;
    let number = number.clone();
    let n = number.clone();
    let record = store
        .read(move |c| app::store::business::find(c, &n))
        .await?
        .ok_or_else(|| OpsError::UnknownAccount(number.to_string()))?;
    let l = login.clone();
    let n = number.clone();
    // The recipients are read before the link goes, in the same transaction.
    let recipients = store
        .write(move |tx| {
            let Some(notice_email) = ops_store::link_notice_email(tx, l.login_id, &n)? else { return Ok(None) };
            let others = app::store::links::notice_recipients(tx, l.login_id, &n)?;
            if !app::store::links::unlink(tx, l.login_id, &n)? {
                return Ok(None);
            }
            let detail = format!("access revoke: access to {n} removed by an operator");
            audit::record(tx, Some(l.login_id), audit::Event::OperatorAccessRevoke, Some(&detail), &operator(), now)?;
            let mut to: Vec<String> = Vec::new();
            for email in [l.email.clone(), notice_email].into_iter().chain(others) {
                if !to.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
                    to.push(email);
                }
            }
            Ok(Some(to))
        })
        .await?
        .ok_or_else(|| OpsError::NotLinked { user_id: login.user_id.clone(), account: number.clone() })?;
    let named = mail::AccountNamed { kind: record.account_type.label(), number: &record.number, name: &record.name };
    let words = mail::access_revoked(&login.user_id, &named, &app::clock::michigan_time(now));
    let mut told = 0;
    for to in &recipients {
        let email = Email::new(to.clone(), words.clone());
        if send_logged(mailer, email, "access revoke notice").await {
            told += 1;
        }
    }
    Ok(Revoked { user_id: login.user_id, account: number, told, not_told: recipients.len() - told })
}

/// Voids every outstanding authorization code of the login; how many.
pub async fn void_codes(store: &Store, user_id: &UserId, now: i64) -> Result<(UserId, usize), OpsError> {
    let login = login(store, user_id).await?;
    Ok(store
        .write(move |tx| {
            let n = app::store::authorization::void_all(tx, login.login_id, now)?;
            let detail = format!("codes void: {n} outstanding authorization code(s) voided");
            audit::record(tx, Some(login.login_id), audit::Event::OperatorCodesVoid, Some(&detail), &operator(), now)?;
            Ok((login.user_id, n))
        })
        .await?)
}

/// A notice whose failure must not undo what was done: the log gets it.
async fn send_logged(mailer: &Mailer, email: Email, what: &'static str) -> bool {
    match mailer.send(email).await {
        Ok(()) => true,
        Err(e) => {
            tracing::error!(error = %e, what, "a notice could not be sent");
            false
        }
    }
}
