//! Helping a person with their login (SPEC §6): `users unlock`,
//! `users reset-methods`, `access revoke` and `codes void`. Each finds the
//! login by User ID (an unknown one changes nothing and is an error), makes
//! its change and its audit line in one transaction, then sends the notices.

use app::messages::HELP_DESK_PHONE;
use app::mail::{Email, Mailer};
use app::store::Store;
use app::store::audit;
use rusqlite::params;

use super::{Login, OpsError, find_login, operator};

async fn login(store: &Store, user_id: &str) -> Result<Login, OpsError> {
    let wanted = user_id.to_string();
    store.read(move |c| find_login(c, &wanted)).await?.ok_or_else(|| OpsError::UnknownUser(user_id.to_string()))
}

/// What `users unlock` found and cleared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlocked {
    pub user_id: String,
    /// The lock that was running (the latest, if several browsers were locked).
    pub was_locked_until: Option<i64>,
}

/// Ends every kind of lock on a login: the wrong-password counts of the
/// login and of each of its browsers, the second-step wait and the wrong
/// codes of its pending sign-ins, and the locks on its one-time codes
/// (sign-in, Settings, password resets).
pub async fn unlock(store: &Store, user_id: &str, now: i64) -> Result<Unlocked, OpsError> {
    let login = login(store, user_id).await?;
    Ok(store
        .write(move |tx| {
            let until: Option<i64> = tx.query_row(
                "SELECT max(u) FROM (
                    SELECT locked_until AS u FROM login_lockouts WHERE login_id = ?1
                    UNION ALL SELECT locked_until FROM known_devices WHERE login_id = ?1
                    UNION ALL SELECT locked_until FROM second_step_locks WHERE login_id = ?1
                    UNION ALL SELECT locked_until FROM one_time_code_locks
                        WHERE subject LIKE 'signin:' || ?1 || ':%' OR subject LIKE 'settings:' || ?1 || ':%'
                           OR subject LIKE 'reset:' || ?1 || ':%'
                 ) WHERE u > ?2",
                params![login.id, now],
                |r| r.get(0),
            )?;
            tx.execute("UPDATE pending_sign_ins SET wrong = 0 WHERE login_id = ?1", [login.id])?;
            app::store::sign_in::unlock_everything(tx, login.id)?;
            let detail = match until {
                Some(_) => "users unlock: lockout ended",
                None => "users unlock: failure counts cleared (no lock was running)",
            };
            audit::record(tx, Some(login.id), "operator_unlock", Some(detail), &operator(), now)?;
            Ok(Unlocked { user_id: login.user_id, was_locked_until: until })
        })
        .await?)
}

/// What `users reset-methods` removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodsReset {
    pub user_id: String,
    pub removed: Vec<String>,
    pub sessions_ended: usize,
    pub notice_sent: bool,
}

/// The person lost their phone: every method but Email PIN goes (with the
/// backup codes), and every way in that does not need the password again —
/// sessions, remembered browsers, pending sign-ins — ends. The password
/// stays; Email PIN is (re)instated so the login keeps one method.
pub async fn reset_methods(store: &Store, mailer: &Mailer, user_id: &str, now: i64) -> Result<MethodsReset, OpsError> {
    let login = login(store, user_id).await?;
    let to = login.email.clone();
    let mut done = store
        .write(move |tx| {
            let removed: Vec<String> = tx
                .prepare("DELETE FROM login_methods WHERE login_id = ?1 AND method <> 'email' RETURNING method")?
                .query_map([login.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            tx.execute(
                "INSERT INTO login_methods (login_id, method, added_at) VALUES (?1, 'email', ?2)
                 ON CONFLICT (login_id, method) DO NOTHING",
                params![login.id, now],
            )?;
            tx.execute("DELETE FROM backup_codes WHERE login_id = ?1", [login.id])?;
            let sessions_ended = app::store::sessions::end_all(tx, login.id, None)?;
            app::store::sign_in::forget_browsers(tx, login.id)?;
            tx.execute("DELETE FROM pending_sign_ins WHERE login_id = ?1", [login.id])?;
            let mut removed = removed;
            removed.sort();
            let detail = format!(
                "users reset-methods: removed {}; {} session(s) ended, remembered browsers forgotten",
                if removed.is_empty() { "nothing".to_string() } else { removed.join(", ") },
                sessions_ended
            );
            audit::record(tx, Some(login.id), "operator_reset_methods", Some(&detail), &operator(), now)?;
            Ok(MethodsReset { user_id: login.user_id, removed, sessions_ended, notice_sent: false })
        })
        .await?;
    let notice = Email {
        to,
        subject: "Your CARS e-Services sign-in methods were reset".into(),
        body: format!(
            "At your request, the Michigan Department of State help desk reset the sign-in verification methods \
             of the login {} on {}.\n\n\
             Only Email PIN is left: codes to sign in now come to this email address. Your authenticator app, text \
             messages and backup codes no longer work for this login, every browser signed in to it was signed out, \
             and remembered browsers will ask for a code again. Your password did not change.\n\n\
             After you sign in, you can add methods again under Settings.\n\n\
             If you did not ask for this, call {HELP_DESK_PHONE} right away.\n\nMichigan Department of State",
            done.user_id,
            app::ui::format_unix_utc(now)
        ),
    };
    done.notice_sent = send_logged(mailer, notice, "reset-methods notice").await;
    Ok(done)
}

/// What `access revoke` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revoked {
    pub user_id: String,
    pub account: String,
    pub told: usize,
    pub not_told: usize,
}

/// Removes `user_id`'s access to `account` and tells the login, the
/// record's email and every other login linked to the account.
pub async fn revoke_access(store: &Store, mailer: &Mailer, user_id: &str, account: &str, now: i64) -> Result<Revoked, OpsError> {
    let login = login(store, user_id).await?;
    let number = app::rules::business::account_number(account).ok_or_else(|| OpsError::UnknownAccount(account.to_string()))?;
    let n = number.clone();
    let record = store.read(move |c| app::store::business::find(c, &n)).await?.ok_or_else(|| OpsError::UnknownAccount(number.clone()))?;
    let l = login.clone();
    let n = number.clone();
    // The recipients are read before the link goes, in the same transaction.
    let recipients = store
        .write(move |tx| {
            let notice_email: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT notice_email FROM account_links WHERE login_id = ?1 AND account_number = ?2",
                params![l.id, n],
                |r| r.get(0),
            ))?;
            let Some(notice_email) = notice_email else { return Ok(None) };
            let others = app::store::links::notice_recipients(tx, l.id, &n)?;
            if !app::store::links::unlink(tx, l.id, &n)? {
                return Ok(None);
            }
            let detail = format!("access revoke: access to {n} removed by an operator");
            audit::record(tx, Some(l.id), "operator_access_revoke", Some(&detail), &operator(), now)?;
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
    let body = format!(
        "The access of the CARS e-Services login {} to the {} account {} ({}) was removed by the Michigan \
         Department of State on {}.\n\n\
         That login can no longer see or manage this account. Other logins linked to the account keep their \
         access. To link the account again, the login needs a new authorization code.\n\n\
         Questions: call {HELP_DESK_PHONE}.\n\nMichigan Department of State",
        login.user_id,
        record.account_type.label(),
        record.number,
        record.name,
        app::ui::format_unix_utc(now)
    );
    let mut told = 0;
    for to in &recipients {
        let email = Email { to: to.clone(), subject: "CARS e-Services: access to a business account was removed".into(), body: body.clone() };
        if send_logged(mailer, email, "access revoke notice").await {
            told += 1;
        }
    }
    Ok(Revoked { user_id: login.user_id, account: number, told, not_told: recipients.len() - told })
}

/// Voids every outstanding authorization code of the login; how many.
pub async fn void_codes(store: &Store, user_id: &str, now: i64) -> Result<(String, usize), OpsError> {
    let login = login(store, user_id).await?;
    Ok(store
        .write(move |tx| {
            let n = app::store::authorization::void_all(tx, login.id, now)?;
            let detail = format!("codes void: {n} outstanding authorization code(s) voided");
            audit::record(tx, Some(login.id), "operator_codes_void", Some(&detail), &operator(), now)?;
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
