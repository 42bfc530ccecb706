//! What the recovery flows keep and change: password resets in progress,
//! the logins on an email address, and the one transaction that finishes a
//! reset.
//!
//! Every function takes a connection and `now`, so callers combine them in
//! one transaction and tests control the clock. A reset's token is random
//! and kept only as its SHA-256, like a session's.

use super::{LoginId, UserId};
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::audit::{self, Origin};
use super::{StoreError, password_history, sessions, sign_in};
use crate::crypto::sha256;

pub use crate::rules::limits::RESET_SECONDS;

/// A Forgot User ID email goes to an address at most this often, however
/// often it is asked for, so the form cannot be used to flood a mailbox.
pub const REMINDER_EVERY_SECONDS: i64 = 60;
pub const REMINDERS_PER_HOUR: i64 = 5;

fn hash(token: &str) -> Vec<u8> {
    sha256(token.as_bytes()).to_vec()
}

/// What a reset's codes are issued under: one subject per reset attempt
/// (`attempt` is random per start), so its wrong-code lock closes only that
/// attempt and a stranger's resets never lock the owner's own. What one
/// address receives is bounded per recipient instead
/// (`one_time_codes::Recipient`). An unknown User ID gets a subject of the
/// same shape under the same limits, so "Send a new code" answers alike
/// whether or not the login exists; it names the typed ID only by its hash.
pub fn subject_for(login_id: Option<LoginId>, user_id: &UserId, attempt: &str) -> String {
    use super::one_time_codes::Subject;
    match login_id {
        Some(login_id) => Subject::Reset { login_id, attempt }.key(),
        None => Subject::ResetUnknown { normalized_user_id: user_id.as_str(), attempt }.key(),
    }
}

/// A reset in progress in one browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reset {
    /// `None` when the User ID typed belongs to no login.
    pub login_id: Option<LoginId>,
    pub subject: String,
    pub code_verified: bool,
}

/// Starts a reset (replacing `previous`, this browser's earlier one);
/// returns the token for the cookie.
pub fn start(
    tx: &Db<'_>,
    previous: Option<&str>,
    login_id: Option<LoginId>,
    subject: &str,
    now: i64,
) -> Result<String, StoreError> {
    tx.execute("DELETE FROM password_resets WHERE expires_at <= ?1", [now])?;
    if let Some(previous) = previous {
        tx.execute("DELETE FROM password_resets WHERE token_hash = ?1", [hash(previous)])?;
    }
    let token = sign_in::new_token();
    tx.execute(
        "INSERT INTO password_resets (token_hash, login_id, subject, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![hash(&token), login_id, subject, now, now + RESET_SECONDS],
    )?;
    Ok(token)
}

pub fn find(conn: &Db<'_>, token: &str, now: i64) -> Result<Option<Reset>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT login_id, subject, code_verified FROM password_resets WHERE token_hash = ?1 AND expires_at > ?2",
            params![hash(token), now],
            |r| Ok(Reset { login_id: r.get(0)?, subject: r.get(1)?, code_verified: r.get(2)? }),
        )
        .optional()?)
}

/// A new code was sent: the reset lives as long as that code.
pub fn extend(tx: &Db<'_>, token: &str, now: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE password_resets SET expires_at = ?2 WHERE token_hash = ?1", params![hash(token), now + RESET_SECONDS])?;
    Ok(())
}

/// The code was right: the new password may follow within [`RESET_SECONDS`].
pub fn mark_verified(tx: &Db<'_>, token: &str, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE password_resets SET code_verified = 1, expires_at = ?2 WHERE token_hash = ?1",
        params![hash(token), now + RESET_SECONDS],
    )?;
    Ok(())
}

/// One login on an email address, for Forgot User ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginOnEmail {
    pub login_id: LoginId,
    pub user_id: UserId,
    /// The address as stored: the reminder goes there and nowhere else.
    pub email: String,
}

/// Every login whose email is `email`, ignoring the case of ASCII letters
/// (as the sign-up's confirmation does), ordered by address and User ID.
pub fn logins_on_email(conn: &Db<'_>, email: &str) -> Result<Vec<LoginOnEmail>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, user_id, email FROM logins WHERE lower(email) = lower(?1) ORDER BY email, user_id")?;
    let rows = stmt.query_map([email], |r| Ok(LoginOnEmail { login_id: r.get(0)?, user_id: r.get(1)?, email: r.get(2)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether a reminder may go to these logins' address now: none sent in the
/// last minute and fewer than 5 in the last hour.
pub fn reminder_allowed(conn: &Db<'_>, login_ids: &[LoginId], now: i64) -> Result<bool, StoreError> {
    let mut sent_at: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare("SELECT DISTINCT at FROM audit_log WHERE login_id = ?1 AND event = ?3 AND at > ?2")?;
    for id in login_ids {
        for at in stmt.query_map(params![id, now - 3600, audit::Event::UserIdReminderSent], |r| r.get::<_, i64>(0))? {
            sent_at.push(at?);
        }
    }
    sent_at.sort_unstable();
    sent_at.dedup();
    let recent = sent_at.last().is_some_and(|&last| now - last < REMINDER_EVERY_SECONDS);
    Ok(!recent && (sent_at.len() as i64) < REMINDERS_PER_HOUR)
}

/// What a reset needs to know about its login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetLogin {
    pub user_id: UserId,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: String,
}

pub fn login(conn: &Db<'_>, login_id: LoginId) -> Result<Option<ResetLogin>, StoreError> {
    Ok(conn
        .query_row("SELECT user_id, first_name, last_name, email FROM logins WHERE id = ?1", [login_id], |r| {
            Ok(ResetLogin { user_id: r.get(0)?, first_name: r.get(1)?, last_name: r.get(2)?, email: r.get(3)? })
        })
        .optional()?)
}

/// Finishes a reset in one transaction: the new password becomes current,
/// every session and remembered browser of the login ends (and any sign-in
/// half done with the old password), the reset and the login's lockout are
/// gone, and the event is audited. `false`, changing nothing, when the
/// reset is no longer there (expired, or finished by a second submission).
pub fn complete(
    tx: &Db<'_>,
    token: &str,
    login_id: LoginId,
    new_phc: &str,
    origin: &Origin,
    now: i64,
) -> Result<bool, StoreError> {
    let live = find(tx, token, now)?.is_some_and(|r| r.code_verified && r.login_id == Some(login_id));
    if !live {
        return Ok(false);
    }
    password_history::add(tx, login_id, new_phc, now)?;
    tx.execute("UPDATE logins SET password_reset_at = ?2 WHERE id = ?1", params![login_id, now])?;
    sessions::end_all(tx, login_id, None)?;
    sign_in::forget_browsers(tx, login_id)?;
    tx.execute("DELETE FROM pending_sign_ins WHERE login_id = ?1", [login_id])?;
    tx.execute("DELETE FROM password_resets WHERE login_id = ?1", [login_id])?;
    tx.execute("DELETE FROM login_lockouts WHERE login_id = ?1", [login_id])?;
    audit::record(tx, Some(login_id), audit::Event::PasswordReset, None, origin, now)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::logins::{NewLogin, NewMethod, create};

    const T0: i64 = 1_800_000_000;

    async fn store_with_logins() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        store
            .write(|tx| {
                for (user_id, email) in
                    [("smithj9999", "Shop@Example.com"), ("doej1234", "shop@example.com"), ("roej5555", "other@example.com")]
                {
                    let login = NewLogin {
                        user_id: UserId::parse(user_id).unwrap(),
                        account_type: Default::default(),
                        profile: crate::rules::profile::Profile {
                            first_name: Some("John".into()),
                            ..crate::store::test_profile("Smith", email)
                        },
                        password_phc: format!("phc-of-{user_id}"),
                        methods: vec![NewMethod::Email],
                    };
                    create(tx, &login, &crate::store::secrets::SecretsKey::from_bytes([1; 32]), 0)?.unwrap();
                }
                Ok(())
            })
            .await
            .unwrap();
        (dir, store)
    }

    #[test]
    fn every_reset_attempt_has_its_own_subject_and_an_unknown_user_id_is_not_named() {
        let (smith, other) = (UserId::parse("smithj9999").unwrap(), UserId::parse("smithj9998").unwrap());
        assert_eq!(subject_for(Some(LoginId::test(7)), &smith, "a1"), "reset:7:a1");
        assert_ne!(subject_for(Some(LoginId::test(7)), &smith, "a1"), subject_for(Some(LoginId::test(7)), &smith, "b2"));
        let unknown = subject_for(None, &smith, "a1");
        assert!(unknown.starts_with("reset-unknown:") && unknown.ends_with(":a1") && !unknown.contains("smithj"));
        assert_ne!(unknown, subject_for(None, &other, "a1"));
    }

    #[tokio::test]
    async fn a_reset_lives_ten_minutes_and_a_right_code_gives_ten_more() {
        let (_d, store) = store_with_logins().await;
        let token = store.write(|tx| start(tx, None, Some(LoginId::test(1)), "reset:1", T0)).await.unwrap();
        let t = token.clone();
        let found = store.read(move |c| find(c, &t, T0 + RESET_SECONDS - 1)).await.unwrap();
        assert_eq!(found, Some(Reset { login_id: Some(LoginId::test(1)), subject: "reset:1".into(), code_verified: false }));
        let t = token.clone();
        assert_eq!(store.read(move |c| find(c, &t, T0 + RESET_SECONDS)).await.unwrap(), None);

        let t = token.clone();
        store.write(move |tx| mark_verified(tx, &t, T0 + 500)).await.unwrap();
        let t = token.clone();
        let found = store.read(move |c| find(c, &t, T0 + 500 + RESET_SECONDS - 1)).await.unwrap().unwrap();
        assert!(found.code_verified);

        // A new reset in the same browser replaces the old one.
        let t = token.clone();
        let fresh = store.write(move |tx| start(tx, Some(&t), None, "reset-unknown:x", T0 + 600)).await.unwrap();
        let t = token.clone();
        assert_eq!(store.read(move |c| find(c, &t, T0 + 601)).await.unwrap(), None);
        let found = store.read(move |c| find(c, &fresh, T0 + 601)).await.unwrap().unwrap();
        assert_eq!(found.login_id, None);
    }

    #[tokio::test]
    async fn logins_on_an_email_ignore_case_and_keep_their_stored_address() {
        let (_d, store) = store_with_logins().await;
        let found = store.read(|c| logins_on_email(c, "SHOP@example.COM")).await.unwrap();
        let ids: Vec<(&str, &str)> = found.iter().map(|l| (l.user_id.as_str(), l.email.as_str())).collect();
        assert_eq!(ids, [("smithj9999", "Shop@Example.com"), ("doej1234", "shop@example.com")]);
        assert!(store.read(|c| logins_on_email(c, "nobody@example.com")).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn reminders_wait_a_minute_and_stop_at_five_an_hour() {
        let (_d, store) = store_with_logins().await;
        let sent = |at: i64| {
            let store = store.clone();
            async move {
                store
                    .write(move |tx| {
                        for id in [LoginId::test(1), LoginId::test(2)] {
                            audit::record(tx, Some(id), audit::Event::UserIdReminderSent, None, &Origin::default(), at)?;
                        }
                        Ok(())
                    })
                    .await
                    .unwrap()
            }
        };
        let allowed = |at: i64| {
            let store = store.clone();
            async move { store.read(move |c| reminder_allowed(c, &[LoginId::test(1), LoginId::test(2)], at)).await.unwrap() }
        };
        assert!(allowed(T0).await);
        sent(T0).await;
        assert!(!allowed(T0 + 59).await);
        assert!(allowed(T0 + 60).await);
        for n in 1..5 {
            sent(T0 + 60 * n).await;
        }
        assert!(!allowed(T0 + 600).await, "five in the hour");
        assert!(allowed(T0 + 3601).await, "the oldest left the hour");
        assert!(store.read(|c| reminder_allowed(c, &[LoginId::test(3)], T0 + 1)).await.unwrap(), "per address");
    }

    #[tokio::test]
    async fn completing_a_reset_ends_everything_the_old_password_opened() {
        let (_d, store) = store_with_logins().await;
        let (token, other_login_session) = store
            .write(|tx| {
                sessions::start(tx, LoginId::test(1), T0)?;
                sessions::start(tx, LoginId::test(1), T0)?;
                let other = sessions::start(tx, LoginId::test(2), T0)?;
                sign_in::remember_browser(tx, "browser", LoginId::test(1), T0)?;
                sign_in::start_pending(tx, LoginId::test(1), false, crate::routes::Route::AccountAccess.path(), T0)?;
                sign_in::record_failure(tx, &sign_in::Counter::Login(LoginId::test(1)), Default::default(), T0)?;
                let token = start(tx, None, Some(LoginId::test(1)), "reset:1", T0)?;
                Ok((token, other))
            })
            .await
            .unwrap();

        let t = token.clone();
        let early =
            store.write(move |tx| complete(tx, &t, LoginId::test(1), "new-phc", &Origin::default(), T0 + 1)).await.unwrap();
        assert!(!early, "not before the code was right");

        let t = token.clone();
        store.write(move |tx| mark_verified(tx, &t, T0 + 1)).await.unwrap();
        let t = token.clone();
        assert!(store.write(move |tx| complete(tx, &t, LoginId::test(1), "new-phc", &Origin::default(), T0 + 2)).await.unwrap());
        let t = token.clone();
        assert!(
            !store.write(move |tx| complete(tx, &t, LoginId::test(1), "newer-phc", &Origin::default(), T0 + 3)).await.unwrap(),
            "only once"
        );

        let count = |sql: &'static str| {
            let store = store.clone();
            async move { store.read(move |c| Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?)).await.unwrap() }
        };
        assert_eq!(count("SELECT count(*) FROM sessions WHERE login_id = 1").await, 0);
        assert_eq!(count("SELECT count(*) FROM sessions WHERE login_id = 2").await, 1, "other logins keep theirs");
        assert_eq!(count("SELECT count(*) FROM remembered_browsers").await, 0);
        assert_eq!(count("SELECT count(*) FROM pending_sign_ins").await, 0);
        assert_eq!(count("SELECT count(*) FROM login_lockouts").await, 0);
        assert_eq!(count("SELECT count(*) FROM password_resets").await, 0);
        assert_eq!(count("SELECT password_reset_at FROM logins WHERE id = 1").await, T0 + 2);
        assert_eq!(
            store.read(|c| password_history::recent(c, LoginId::test(1))).await.unwrap(),
            ["new-phc", "phc-of-smithj9999"]
        );
        let t = other_login_session.0.clone();
        let policy = sessions::SessionPolicy::default();
        assert!(store.read(move |c| sessions::peek(c, &t, T0 + 5, &policy)).await.unwrap().is_some());
    }
}
