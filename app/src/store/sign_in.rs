//! What a sign-in keeps between requests (SPEC §3), each function taking a
//! connection and `now` so callers combine them in one transaction and
//! tests control the clock:
//!
//! - the lockout counters: one per login for browsers it never signed in
//!   on, and one per *known device* (a browser it signed in on before), so
//!   a stranger's failures elsewhere never lock the owner out at home;
//! - pending sign-ins (the password was right, the second step is next);
//! - remembered browsers ("Remember this browser for 30 days");
//! - the per-address throttle.
//!
//! Every token is random and kept only as its SHA-256.

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;
use crate::crypto::sha256;

pub use crate::rules::limits::REMEMBER_SECONDS;
/// The second step must follow the password within this time.
pub const PENDING_SECONDS: i64 = 10 * 60;
/// Wrong second-step codes before the password must be typed again.
pub const PENDING_WRONG_CODES: i64 = 5;

/// How many wrong passwords lock a login, and for how long (configurable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockPolicy {
    pub wrong_before_lock: i64,
    pub lock_seconds: i64,
}

impl Default for LockPolicy {
    fn default() -> Self {
        Self { wrong_before_lock: 3, lock_seconds: 30 * 60 }
    }
}

/// A new random token (128 bits, hex) for a cookie.
pub fn new_token() -> String {
    crate::crypto::random_hex(16)
}

fn hash(token: &str) -> Vec<u8> {
    sha256(token.as_bytes()).to_vec()
}

/// Which count a failed password goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Counter {
    /// Browsers this login never signed in on, together.
    Login(LoginId),
    /// One browser this login signed in on before.
    Device { login_id: LoginId, token_hash: Vec<u8> },
}

/// The counter for a sign-in to `login_id` from a browser with `device` cookie.
pub fn counter_for(conn: &Db<'_>, login_id: LoginId, device: Option<&str>) -> Result<Counter, StoreError> {
    if let Some(token) = device {
        let token_hash = hash(token);
        let known = conn
            .query_row(
                "SELECT 1 FROM known_devices WHERE token_hash = ?1 AND login_id = ?2",
                params![token_hash, login_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if known {
            return Ok(Counter::Device { login_id, token_hash });
        }
    }
    Ok(Counter::Login(login_id))
}

/// The login with `user_id`, when the browser with `device` cookie signed
/// in to it before and is not locked out of it at `now`: its sign-in waits
/// in the hashing queue's known part, which a flood of strangers cannot
/// fill. A browser locked by wrong passwords is a stranger again.
pub fn known_device_login(conn: &Db<'_>, device: &str, user_id: &super::UserId, now: i64) -> Result<Option<LoginId>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT l.id FROM known_devices d JOIN logins l ON l.id = d.login_id
             WHERE d.token_hash = ?1 AND l.user_id = ?2 AND d.locked_until <= ?3",
            params![hash(device), user_id, now],
            |r| r.get(0),
        )
        .optional()?)
}

/// Until when the counter is locked, if it is at `now`.
pub fn locked_until(conn: &Db<'_>, counter: &Counter, now: i64) -> Result<Option<i64>, StoreError> {
    let until: Option<i64> = match counter {
        Counter::Login(id) => {
            conn.query_row("SELECT locked_until FROM login_lockouts WHERE login_id = ?1", [id], |r| r.get(0)).optional()?
        }
        Counter::Device { login_id, token_hash } => conn
            .query_row(
                "SELECT locked_until FROM known_devices WHERE token_hash = ?1 AND login_id = ?2",
                params![token_hash, login_id],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(until.filter(|u| *u > now))
}

/// Counts a wrong password. Returns true when this one started a lock.
pub fn record_failure(tx: &Db<'_>, counter: &Counter, policy: LockPolicy, now: i64) -> Result<bool, StoreError> {
    let wrong: i64 = match counter {
        Counter::Login(id) => tx.query_row(
            "INSERT INTO login_lockouts (login_id, wrong_in_a_row, locked_until) VALUES (?1, 1, 0)
             ON CONFLICT (login_id) DO UPDATE SET wrong_in_a_row = wrong_in_a_row + 1
             RETURNING wrong_in_a_row",
            [id],
            |r| r.get(0),
        )?,
        Counter::Device { login_id, token_hash } => tx.query_row(
            "UPDATE known_devices SET wrong_in_a_row = wrong_in_a_row + 1
             WHERE token_hash = ?1 AND login_id = ?2 RETURNING wrong_in_a_row",
            params![token_hash, login_id],
            |r| r.get(0),
        )?,
    };
    if wrong < policy.wrong_before_lock {
        return Ok(false);
    }
    let until = now + policy.lock_seconds;
    match counter {
        Counter::Login(id) => {
            tx.execute("UPDATE login_lockouts SET wrong_in_a_row = 0, locked_until = ?2 WHERE login_id = ?1", params![id, until])?
        }
        Counter::Device { login_id, token_hash } => tx.execute(
            "UPDATE known_devices SET wrong_in_a_row = 0, locked_until = ?3 WHERE token_hash = ?1 AND login_id = ?2",
            params![token_hash, login_id, until],
        )?,
    };
    Ok(true)
}

/// A right password ends the run of wrong ones.
pub fn clear_failures(tx: &Db<'_>, counter: &Counter) -> Result<(), StoreError> {
    match counter {
        Counter::Login(id) => tx.execute("DELETE FROM login_lockouts WHERE login_id = ?1", [id])?,
        Counter::Device { login_id, token_hash } => tx.execute(
            "UPDATE known_devices SET wrong_in_a_row = 0 WHERE token_hash = ?1 AND login_id = ?2",
            params![token_hash, login_id],
        )?,
    };
    Ok(())
}

/// Marks this browser as one the login signed in on (after a full sign-in).
pub fn know_device(tx: &Db<'_>, device: &str, login_id: LoginId, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO known_devices (token_hash, login_id, created_at, last_used_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (token_hash, login_id) DO UPDATE SET last_used_at = excluded.last_used_at",
        params![hash(device), login_id, now],
    )?;
    Ok(())
}

/// Gives a browser's device identifier a new value, keeping what the old
/// one was known and remembered for (by every login that signed in there).
pub fn rotate_device(tx: &Db<'_>, old: &str, new: &str) -> Result<(), StoreError> {
    let (old, new) = (hash(old), hash(new));
    for table in ["known_devices", "remembered_browsers"] {
        tx.execute(&format!("UPDATE {table} SET token_hash = ?2 WHERE token_hash = ?1"), params![old, new])?;
    }
    for table in ["second_step_failures", "second_step_locks", "recipient_sends"] {
        tx.execute(&format!("UPDATE {table} SET scope = ?2 WHERE scope = ?1"), params![old, new])?;
    }
    Ok(())
}

/// The password was right: the second step may follow within 10 minutes.
pub fn start_pending(tx: &Db<'_>, login_id: LoginId, remember: bool, next_path: &str, now: i64) -> Result<String, StoreError> {
    let token = new_token();
    tx.execute("DELETE FROM pending_sign_ins WHERE expires_at <= ?1", [now])?;
    tx.execute(
        "INSERT INTO pending_sign_ins (token_hash, login_id, remember, next_path, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![hash(&token), login_id, remember, next_path, now, now + PENDING_SECONDS],
    )?;
    Ok(token)
}

/// A sign-in waiting for its second step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub login_id: LoginId,
    pub remember: bool,
    pub next_path: String,
}

pub fn find_pending(conn: &Db<'_>, token: &str, now: i64) -> Result<Option<Pending>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT login_id, remember, next_path FROM pending_sign_ins WHERE token_hash = ?1 AND expires_at > ?2",
            params![hash(token), now],
            |r| Ok(Pending { login_id: r.get(0)?, remember: r.get(1)?, next_path: r.get(2)? }),
        )
        .optional()?)
}

/// Counts a wrong second-step code; true when the pending sign-in is used
/// up (5 wrong) and was ended.
pub fn pending_failure(tx: &Db<'_>, token: &str) -> Result<bool, StoreError> {
    let wrong: Option<i64> = tx
        .query_row("UPDATE pending_sign_ins SET wrong = wrong + 1 WHERE token_hash = ?1 RETURNING wrong", [hash(token)], |r| {
            r.get(0)
        })
        .optional()?;
    if wrong.is_some_and(|w| w >= PENDING_WRONG_CODES) {
        end_pending(tx, token)?;
        return Ok(true);
    }
    Ok(false)
}

pub fn end_pending(tx: &Db<'_>, token: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM pending_sign_ins WHERE token_hash = ?1", [hash(token)])?;
    Ok(())
}

/// "Remember this browser for 30 days" for this login.
pub fn remember_browser(tx: &Db<'_>, device: &str, login_id: LoginId, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO remembered_browsers (token_hash, login_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (token_hash, login_id) DO UPDATE SET expires_at = excluded.expires_at",
        params![hash(device), login_id, now, now + REMEMBER_SECONDS],
    )?;
    Ok(())
}

pub fn is_remembered(conn: &Db<'_>, device: &str, login_id: LoginId, now: i64) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM remembered_browsers WHERE token_hash = ?1 AND login_id = ?2 AND expires_at > ?3",
            params![hash(device), login_id, now],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// How many browsers the login is remembered on now.
pub fn remembered_count(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM remembered_browsers WHERE login_id = ?1 AND expires_at > ?2",
        params![login_id, now],
        |r| r.get(0),
    )?)
}

/// Forgets every remembered browser of a login (password reset, "sign out
/// everywhere else").
pub fn forget_browsers(tx: &Db<'_>, login_id: LoginId) -> Result<(), StoreError> {
    tx.execute("DELETE FROM remembered_browsers WHERE login_id = ?1", [login_id])?;
    Ok(())
}

/// The key a client address is throttled under: the address itself, or
/// for IPv6 its /64, since one subscriber is routinely handed a whole /64
/// and could otherwise rotate through 2^64 "different" addresses.
pub fn client_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{prefix}/64")
        }
        _ => ip.to_string(),
    }
}

/// Counts a sign-in attempt from `ip`; false when the address is over
/// `per_minute` in the current minute.
pub fn throttle(tx: &Db<'_>, ip: &str, per_minute: i64, now: i64) -> Result<bool, StoreError> {
    let ip = client_key(ip);
    let attempts: i64 = tx.query_row(
        "INSERT INTO ip_throttle (ip, window_start, attempts) VALUES (?1, ?2, 1)
         ON CONFLICT (ip) DO UPDATE SET
             attempts = CASE WHEN window_start <= ?2 - 60 THEN 1 ELSE attempts + 1 END,
             window_start = CASE WHEN window_start <= ?2 - 60 THEN ?2 ELSE window_start END
         RETURNING attempts",
        params![ip, now],
        |r| r.get(0),
    )?;
    Ok(attempts <= per_minute)
}

// ---- The password check, race-free ------------------------------------------
//
// Argon2 takes tens of milliseconds; if "is it locked?" were read before it
// and the failure written after, a burst of parallel wrong passwords would
// all be checked. Instead the attempt is counted as wrong *before* the hash
// is checked, in the same write transaction that reads the lock, and taken
// back if the password turns out right. The writer runs one transaction at
// a time, so of any burst at most `wrong_before_lock` reach the hash.

/// What the password step may do, decided (and counted) in one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordAttempt {
    /// The client address is over its per-minute limit: nothing is checked.
    Throttled,
    /// No login has that User ID: the dummy hash is checked, for equal time.
    UnknownLogin,
    /// The counter is locked: the dummy hash, the refusal audited.
    Locked { login_id: LoginId },
    /// Counted as a wrong password already: check `phc`, then call
    /// [`finish_password_attempt`] with the verdict.
    Check(Reserved),
}

/// An attempt counted in advance, waiting for its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reserved {
    pub login_id: LoginId,
    pub phc: Option<String>,
    pub counter: Counter,
    /// This attempt was the one that reached the limit and started a lock.
    pub starts_lock: bool,
}

/// The login's current password hash.
pub fn current_phc(conn: &Db<'_>, login_id: LoginId) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT phc FROM password_history WHERE login_id = ?1 ORDER BY id DESC LIMIT 1", [login_id], |r| r.get(0))
        .optional()?)
}

/// Decides whether `login_id` may have its password checked now and, if so,
/// counts the attempt as wrong before the check (see above).
pub fn reserve_password_check(
    tx: &Db<'_>,
    login_id: LoginId,
    device: Option<&str>,
    policy: LockPolicy,
    now: i64,
) -> Result<Result<Reserved, i64>, StoreError> {
    let counter = counter_for(tx, login_id, device)?;
    if let Some(until) = locked_until(tx, &counter, now)? {
        return Ok(Err(until));
    }
    let starts_lock = record_failure(tx, &counter, policy, now)?;
    let phc = current_phc(tx, login_id)?;
    Ok(Ok(Reserved { login_id, phc, counter, starts_lock }))
}

/// The sign-in form's attempt: throttle, find, lock check and the advance
/// count, all in the caller's one write transaction.
#[allow(clippy::too_many_arguments)]
pub fn begin_password_attempt(
    tx: &Db<'_>,
    client: &str,
    per_minute: i64,
    user_id: &super::UserId,
    device: Option<&str>,
    policy: LockPolicy,
    origin: &super::audit::Origin,
    now: i64,
) -> Result<PasswordAttempt, StoreError> {
    if !throttle(tx, client, per_minute, now)? {
        return Ok(PasswordAttempt::Throttled);
    }
    let Some(login_id) =
        tx.query_row("SELECT id FROM logins WHERE user_id = ?1", [user_id], |r| r.get::<_, LoginId>(0)).optional()?
    else {
        super::audit::record(tx, None, super::audit::Event::SignInFailed, Some("unknown User ID"), origin, now)?;
        return Ok(PasswordAttempt::UnknownLogin);
    };
    match reserve_password_check(tx, login_id, device, policy, now)? {
        Err(_) => {
            super::audit::record(tx, Some(login_id), super::audit::Event::SignInRefusedLocked, None, origin, now)?;
            Ok(PasswordAttempt::Locked { login_id })
        }
        Ok(reserved) => Ok(PasswordAttempt::Check(reserved)),
    }
}

/// What the verdict on a reserved attempt led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Wrong,
    /// Wrong, and this attempt started a lock that is still in force: tell
    /// the owner (once per lock).
    WrongAndLocked,
}

/// Settles a reserved attempt: a right password takes the advance count
/// back and ends the run of wrong ones (and any lock it started); a wrong
/// one stays counted and is audited under `event`.
pub fn finish_password_attempt(
    tx: &Db<'_>,
    reserved: &Reserved,
    right: bool,
    event: super::audit::Event,
    origin: &super::audit::Origin,
    now: i64,
) -> Result<Verdict, StoreError> {
    if right {
        match &reserved.counter {
            Counter::Login(id) => tx.execute("DELETE FROM login_lockouts WHERE login_id = ?1", [id])?,
            Counter::Device { login_id, token_hash } => tx.execute(
                "UPDATE known_devices SET wrong_in_a_row = 0, locked_until = 0 WHERE token_hash = ?1 AND login_id = ?2",
                params![token_hash, login_id],
            )?,
        };
        return Ok(Verdict::Right);
    }
    super::audit::record(tx, Some(reserved.login_id), event, Some("wrong password"), origin, now)?;
    if reserved.starts_lock && locked_until(tx, &reserved.counter, now)?.is_some() {
        super::audit::record(tx, Some(reserved.login_id), super::audit::Event::LockoutStarted, None, origin, now)?;
        return Ok(Verdict::WrongAndLocked);
    }
    Ok(Verdict::Wrong)
}

// ---- The second step, race-free -------------------------------------------
//
// Codes are cheap to check, so the whole check runs inside the one write
// transaction that reads the limit and counts the failure: parallel
// requests are checked one after another and none passes a closed gate.

/// Wrong second-step codes in this window...
pub const SECOND_STEP_WINDOW_SECONDS: i64 = 30 * 60;
/// ...up to this many, then the second step waits.
pub const SECOND_STEP_WRONG_BEFORE_WAIT: i64 = 10;
pub const SECOND_STEP_WAIT_SECONDS: i64 = 30 * 60;

/// Whose count a second-step attempt goes to: the login's browsers it
/// never signed in on together, or one known device (see `Counter`).
pub fn browser_scope(conn: &Db<'_>, login_id: LoginId, device: Option<&str>) -> Result<Vec<u8>, StoreError> {
    Ok(match counter_for(conn, login_id, device)? {
        Counter::Login(_) => Vec::new(),
        Counter::Device { token_hash, .. } => token_hash,
    })
}

/// May a second-step code be checked now?
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecondStepGate {
    Open {
        scope: Vec<u8>,
    },
    /// The client address is over its per-minute limit.
    Throttled,
    /// Too many wrong codes for this login: wait until then.
    Waiting {
        until: i64,
    },
    /// The pending sign-in ended meanwhile (used up, or timed out).
    NoPending,
}

/// Throttle and the per-login wait, in the caller's write transaction,
/// which then checks the code and calls [`second_step_wrong`] or
/// [`end_pending`].
pub fn second_step_gate(
    tx: &Db<'_>,
    client: &str,
    per_minute: i64,
    pending_token: &str,
    device: Option<&str>,
    now: i64,
) -> Result<SecondStepGate, StoreError> {
    if !throttle(tx, client, per_minute, now)? {
        return Ok(SecondStepGate::Throttled);
    }
    // Read again inside the transaction: a parallel request may have used
    // this pending sign-in up since the page was read.
    let Some(Pending { login_id, .. }) = find_pending(tx, pending_token, now)? else {
        return Ok(SecondStepGate::NoPending);
    };
    let scope = browser_scope(tx, login_id, device)?;
    let until: Option<i64> = tx
        .query_row(
            "SELECT locked_until FROM second_step_locks WHERE login_id = ?1 AND scope = ?2 AND locked_until > ?3",
            params![login_id, scope, now],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match until {
        Some(until) => SecondStepGate::Waiting { until },
        None => SecondStepGate::Open { scope },
    })
}

/// What a wrong second-step code led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondStepWrong {
    /// Try again; this many before the wait.
    TriesLeft(i64),
    /// This pending sign-in had its 5: the password must be typed again.
    PendingUsedUp,
    /// This one started the wait (the owner is told).
    WaitStarted { until: i64 },
}

/// Counts a wrong code for the login (and for its pending sign-in).
pub fn second_step_wrong(
    tx: &Db<'_>,
    login_id: LoginId,
    scope: &[u8],
    pending_token: &str,
    now: i64,
) -> Result<SecondStepWrong, StoreError> {
    tx.execute("INSERT INTO second_step_failures (login_id, scope, at) VALUES (?1, ?2, ?3)", params![login_id, scope, now])?;
    let wrong: i64 = tx.query_row(
        "SELECT count(*) FROM second_step_failures WHERE login_id = ?1 AND scope = ?2 AND at > ?3",
        params![login_id, scope, now - SECOND_STEP_WINDOW_SECONDS],
        |r| r.get(0),
    )?;
    if wrong >= SECOND_STEP_WRONG_BEFORE_WAIT {
        let until = now + SECOND_STEP_WAIT_SECONDS;
        tx.execute(
            "INSERT INTO second_step_locks (login_id, scope, locked_until) VALUES (?1, ?2, ?3)
             ON CONFLICT (login_id, scope) DO UPDATE SET locked_until = excluded.locked_until",
            params![login_id, scope, until],
        )?;
        // After the wait, a full allowance again.
        tx.execute("DELETE FROM second_step_failures WHERE login_id = ?1 AND scope = ?2", params![login_id, scope])?;
        end_pending(tx, pending_token)?;
        return Ok(SecondStepWrong::WaitStarted { until });
    }
    if pending_failure(tx, pending_token)? {
        return Ok(SecondStepWrong::PendingUsedUp);
    }
    Ok(SecondStepWrong::TriesLeft(SECOND_STEP_WRONG_BEFORE_WAIT - wrong))
}

/// A right code ends the run of wrong ones for this scope.
pub fn second_step_right(tx: &Db<'_>, login_id: LoginId, scope: &[u8], pending_token: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM second_step_failures WHERE login_id = ?1 AND scope = ?2", params![login_id, scope])?;
    end_pending(tx, pending_token)
}

/// Counts that no limit reads any more: second-step failures older than
/// their window and sends to a recipient older than an hour (retention).
pub fn purge_ended_counts(tx: &Db<'_>, now: i64) -> Result<usize, StoreError> {
    let mut purged = tx.execute("DELETE FROM second_step_failures WHERE at <= ?1", [now - SECOND_STEP_WINDOW_SECONDS])?;
    purged += tx.execute("DELETE FROM second_step_locks WHERE locked_until <= ?1", [now])?;
    purged += tx.execute("DELETE FROM recipient_sends WHERE sent_at <= ?1", [now - 3600])?;
    Ok(purged)
}

/// Every lock a login can be under, gone: the password lockouts (all
/// browsers), the second-step waits, and its one-time-code locks. What
/// `server users unlock` runs.
pub fn unlock_everything(tx: &Db<'_>, login_id: LoginId) -> Result<usize, StoreError> {
    let mut cleared = tx.execute("DELETE FROM login_lockouts WHERE login_id = ?1", [login_id])?;
    cleared += tx.execute(
        "UPDATE known_devices SET wrong_in_a_row = 0, locked_until = 0 WHERE login_id = ?1 AND (wrong_in_a_row > 0 OR locked_until > 0)",
        [login_id],
    )?;
    cleared += tx.execute("DELETE FROM second_step_locks WHERE login_id = ?1", [login_id])?;
    tx.execute("DELETE FROM second_step_failures WHERE login_id = ?1", [login_id])?;
    cleared += super::one_time_codes::unlock_login(tx, login_id)?;
    Ok(cleared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn ipv6_clients_are_throttled_by_their_64() {
        assert_eq!(client_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:2:ffff::9"));
        assert_ne!(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
        assert_eq!(client_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(client_key("unknown"), "unknown");
    }

    const T0: i64 = 1_800_000_000;

    async fn store_with_login() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO logins (id, user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES (1, 'smithj9999', 'mechanic', 'Smith', 's@example.com', '+15175550123', 0)",
                    [],
                )?;
                Ok(())
            })
            .await
            .unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn three_wrong_passwords_lock_for_thirty_minutes_and_a_known_device_is_spared() {
        let (_d, store) = store_with_login().await;
        let policy = LockPolicy::default();
        store.write(|tx| know_device(tx, "home-browser", LoginId::test(1), T0)).await.unwrap();
        let fail = |device: Option<&'static str>, now: i64| {
            let store = store.clone();
            async move {
                store
                    .write(move |tx| {
                        let c = counter_for(tx, LoginId::test(1), device)?;
                        record_failure(tx, &c, policy, now)
                    })
                    .await
                    .unwrap()
            }
        };
        let locked = |device: Option<&'static str>, now: i64| {
            let store = store.clone();
            async move {
                store
                    .read(move |c| {
                        let counter = counter_for(c, LoginId::test(1), device)?;
                        locked_until(c, &counter, now)
                    })
                    .await
                    .unwrap()
            }
        };
        assert!(!fail(None, T0).await);
        assert!(!fail(Some("stranger"), T0 + 1).await);
        assert_eq!(locked(None, T0 + 2).await, None);
        assert!(fail(None, T0 + 2).await, "the third wrong password starts the lock");
        assert_eq!(locked(None, T0 + 3).await, Some(T0 + 2 + 1800));
        assert_eq!(locked(Some("stranger"), T0 + 3).await, Some(T0 + 2 + 1800), "an unknown browser is locked");
        assert_eq!(locked(Some("home-browser"), T0 + 3).await, None, "the owner's browser is not");
        assert_eq!(locked(None, T0 + 2 + 1800).await, None, "the lock ends after 30 minutes");
        // The known device has its own count.
        for i in 0..2 {
            assert!(!fail(Some("home-browser"), T0 + 10 + i).await);
        }
        assert!(fail(Some("home-browser"), T0 + 20).await);
        assert_eq!(locked(Some("home-browser"), T0 + 21).await, Some(T0 + 20 + 1800));
    }

    #[tokio::test]
    async fn a_right_password_clears_the_run_of_wrong_ones() {
        let (_d, store) = store_with_login().await;
        let policy = LockPolicy::default();
        for i in 0..2 {
            store.write(move |tx| record_failure(tx, &Counter::Login(LoginId::test(1)), policy, T0 + i)).await.unwrap();
        }
        store.write(|tx| clear_failures(tx, &Counter::Login(LoginId::test(1)))).await.unwrap();
        for i in 0..2 {
            let started =
                store.write(move |tx| record_failure(tx, &Counter::Login(LoginId::test(1)), policy, T0 + 10 + i)).await.unwrap();
            assert!(!started);
        }
    }

    #[tokio::test]
    async fn pending_sign_ins_and_remembered_browsers_expire() {
        let (_d, store) = store_with_login().await;
        let token =
            store.write(|tx| start_pending(tx, LoginId::test(1), true, crate::routes::Route::Settings.path(), T0)).await.unwrap();
        let t = token.clone();
        let found = store.read(move |c| find_pending(c, &t, T0 + PENDING_SECONDS - 1)).await.unwrap();
        assert_eq!(
            found,
            Some(Pending { login_id: LoginId::test(1), remember: true, next_path: crate::routes::Route::Settings.path().into() })
        );
        let t = token.clone();
        assert_eq!(store.read(move |c| find_pending(c, &t, T0 + PENDING_SECONDS)).await.unwrap(), None);

        store.write(|tx| remember_browser(tx, "b", LoginId::test(1), T0)).await.unwrap();
        assert!(store.read(|c| is_remembered(c, "b", LoginId::test(1), T0 + REMEMBER_SECONDS - 1)).await.unwrap());
        assert!(!store.read(|c| is_remembered(c, "b", LoginId::test(1), T0 + REMEMBER_SECONDS)).await.unwrap());
        assert!(!store.read(|c| is_remembered(c, "other", LoginId::test(1), T0)).await.unwrap());
        store.write(|tx| forget_browsers(tx, LoginId::test(1))).await.unwrap();
        assert!(!store.read(|c| is_remembered(c, "b", LoginId::test(1), T0 + 1)).await.unwrap());
    }

    #[tokio::test]
    async fn an_address_is_throttled_per_minute() {
        let (_d, store) = store_with_login().await;
        for i in 0..5 {
            assert!(store.write(move |tx| throttle(tx, "10.0.0.1", 5, T0 + i)).await.unwrap());
        }
        assert!(!store.write(|tx| throttle(tx, "10.0.0.1", 5, T0 + 10)).await.unwrap());
        assert!(store.write(|tx| throttle(tx, "10.0.0.2", 5, T0 + 10)).await.unwrap(), "per address");
        assert!(store.write(|tx| throttle(tx, "10.0.0.1", 5, T0 + 61)).await.unwrap(), "a new minute");
    }
}
