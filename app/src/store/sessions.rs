//! Signed-in browsers (SPEC §3, Sessions): a random 128-bit token in an
//! HttpOnly cookie; the database keeps only its SHA-256, so a copy of the
//! database signs nobody in. Idle timeout 20 minutes, absolute limit 12 hours
//! by default (see [`SessionPolicy`], which the configuration sets).

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::{Db, StoreError};
use crate::crypto::sha256;

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without a request for this long, a session ends (20 minutes).
    pub idle_seconds: i64,
    /// The warning dialog appears this long before the idle end (2 minutes).
    pub warn_seconds: i64,
    /// However active, a session ends this long after sign-in (12 hours).
    pub absolute_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle_seconds: IDLE_SECONDS, warn_seconds: 2 * 60, absolute_seconds: ABSOLUTE_SECONDS }
    }
}

pub const IDLE_SECONDS: i64 = 20 * 60;
pub const ABSOLUTE_SECONDS: i64 = 12 * 60 * 60;

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cars_session" } else { "cars_session" }
}

/// A new session token, to be put in the cookie and then forgotten.
pub struct SessionToken(pub String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// Whose session a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub login_id: LoginId,
    pub user_id: super::UserId,
}

/// Starts a session for `login_id` (inside the caller's transaction).
pub fn start(tx: &Db<'_>, login_id: LoginId, now: i64) -> Result<SessionToken, StoreError> {
    start_with(tx, login_id, now, &SessionPolicy::default())
}

/// Starts a session that ends at the policy's absolute limit.
pub fn start_with(tx: &Db<'_>, login_id: LoginId, now: i64, policy: &SessionPolicy) -> Result<SessionToken, StoreError> {
    let token = crate::crypto::random_hex(16);
    tx.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
    tx.execute(
        "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![sha256(token.as_bytes()).to_vec(), login_id, now, now + policy.absolute_seconds],
    )?;
    Ok(SessionToken(token))
}

/// How often a visit is written: a session seen less than this long ago is
/// not marked seen again. The idle timeout is counted this coarsely.
pub const SEEN_EVERY_SECONDS: i64 = 10;

/// Whether a session with `left` seconds to go was seen in the last
/// [`SEEN_EVERY_SECONDS`]. Near its absolute end `left` is shorter than
/// the idle time, and a visit is written as before.
pub fn seen_lately(left: i64, policy: &SessionPolicy) -> bool {
    left > policy.idle_seconds - SEEN_EVERY_SECONDS
}

/// Marks a session seen at `now` if it is still live (the same test as
/// [`peek`]); whether it was.
pub fn mark_seen(tx: &Db<'_>, token: &str, now: i64, policy: &SessionPolicy) -> Result<bool, StoreError> {
    let marked = tx.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND expires_at > ?2 AND last_seen_at > ?3",
        params![sha256(token.as_bytes()).to_vec(), now, now - policy.idle_seconds],
    )?;
    Ok(marked == 1)
}

/// The session and the seconds it has left, without counting this as
/// activity (the idle dialog asks this).
pub fn peek(conn: &Db<'_>, token: &str, now: i64, policy: &SessionPolicy) -> Result<Option<(SignedIn, i64)>, StoreError> {
    let hash = sha256(token.as_bytes()).to_vec();
    Ok(conn
        .query_row(
            "SELECT s.login_id, l.user_id, s.last_seen_at, s.expires_at FROM sessions s JOIN logins l ON l.id = s.login_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3",
            params![hash, now, now - policy.idle_seconds],
            |r| {
                let (seen, expires): (i64, i64) = (r.get(2)?, r.get(3)?);
                let left = (seen + policy.idle_seconds).min(expires) - now;
                Ok((SignedIn { login_id: r.get(0)?, user_id: r.get(1)? }, left))
            },
        )
        .optional()?)
}

/// Log Off: the session ends on the server.
pub fn end(tx: &Db<'_>, token: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [sha256(token.as_bytes()).to_vec()])?;
    Ok(())
}

/// Ends every session of a login but `keep` (a password reset keeps none).
pub fn end_all(tx: &Db<'_>, login_id: LoginId, keep: Option<&str>) -> Result<usize, StoreError> {
    let keep = keep.map(|t| sha256(t.as_bytes()).to_vec()).unwrap_or_default();
    Ok(tx.execute("DELETE FROM sessions WHERE login_id = ?1 AND token_hash != ?2", params![login_id, keep])?)
}

/// How many live sessions the login has besides the one `mine` names.
pub fn others_live(conn: &Db<'_>, login_id: LoginId, mine: &str, now: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sessions WHERE login_id = ?1 AND token_hash != ?2 AND expires_at > ?3",
        params![login_id, sha256(mine.as_bytes()).to_vec(), now],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::logins::{NewLogin, NewMethod, create};

    /// What a page visit does: who it is, then marked seen while still live.
    fn touch(tx: &Db<'_>, token: &str, now: i64) -> Result<Option<SignedIn>, StoreError> {
        let policy = SessionPolicy::default();
        let found = peek(tx, token, now, &policy)?;
        Ok(found.filter(|_| mark_seen(tx, token, now, &policy).unwrap_or(false)).map(|(s, _)| s))
    }

    #[tokio::test]
    async fn a_session_ends_when_idle_and_at_its_absolute_limit() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let token = store
            .write(|tx| {
                let login = NewLogin {
                    user_id: super::super::UserId::parse("doej1234").unwrap(),
                    account_type: Default::default(),
                    profile: crate::store::test_profile("Doe", "doe@example.com"),
                    password_phc: "x".into(),
                    methods: vec![NewMethod::Email],
                };
                let id = create(tx, &login, &crate::store::secrets::SecretsKey::from_bytes([1; 32]), 0)?.unwrap();
                start(tx, id, 0)
            })
            .await
            .unwrap();
        assert!(!format!("{token:?}").contains(&token.0));
        let at = |now: i64| {
            let (store, t) = (store.clone(), token.0.clone());
            async move { store.write(move |tx| touch(tx, &t, now)).await.unwrap() }
        };
        assert_eq!(at(IDLE_SECONDS - 1).await.map(|s| s.user_id.to_string()), Some("doej1234".into()));
        // Each visit moves the idle clock on, up to the absolute limit.
        let mut now = IDLE_SECONDS - 1;
        while now + IDLE_SECONDS - 1 < ABSOLUTE_SECONDS {
            now += IDLE_SECONDS - 1;
            assert!(at(now).await.is_some(), "alive at {now}");
        }
        assert!(at(ABSOLUTE_SECONDS).await.is_none());
        assert!(store.write(|tx| touch(tx, "not-a-token", 10)).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn an_idle_session_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO logins (user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES ('doej1234', 'mechanic', 'Doe', 'd@example.com', '+15175550123', 0)",
                    [],
                )?;
                Ok(())
            })
            .await
            .unwrap();
        let token = store.write(|tx| start(tx, LoginId::test(1), 0)).await.unwrap();
        let t = token.0.clone();
        assert!(store.write(move |tx| touch(tx, &t, IDLE_SECONDS)).await.unwrap().is_none());
    }
}
