//! Authorization codes (SPEC §4.3–4.4): 10 Crockford Base32 characters from
//! the OS random generator, bound to one login and one business account,
//! single use, stored only as HMAC-SHA256 under a key that lives in a file
//! beside the database rather than in it — a stolen database alone cannot be
//! searched for codes, and 50 bits are too few to leave to a plain hash.
//!
//! An emailed code is made at once and lives 72 hours; a letter's code is
//! made only when `server mail export` prints it and lives 30 days. Any live
//! code of that login for that account works; using one voids the rest.
//! Wrong codes: 5 per 10 minutes per login, then a wait; 20 in a row void
//! every outstanding code of the login.
//!
//! Functions take a connection and `now`, so callers fold them into one
//! transaction and tests control the clock.

use super::{AccountNumber, LoginId};
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use rusqlite::{OptionalExtension, params};

use super::Db;
use sha2::Sha256;

use super::StoreError;
use crate::rules::business::{AUTHORIZATION_CODE_LEN, CROCKFORD, display_code};

/// A stored code: id, account number, expires, used and voided at.
type CodeRow = (i64, AccountNumber, i64, Option<i64>, Option<i64>);

pub use crate::rules::limits::{
    EMAIL_CODE_TTL_SECONDS, LETTER_CODE_TTL_SECONDS, TRY_WINDOW_SECONDS, WRONG_IN_A_ROW_BEFORE_VOID, WRONG_TRIES_PER_WINDOW,
};

/// The key authorization codes are hashed under. Not `Debug`-printable.
#[derive(Clone)]
pub struct CodeKey([u8; 32]);

impl std::fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKey(<redacted>)")
    }
}

impl CodeKey {
    /// Where the key of the database at `database` is kept:
    /// `cars.db` → `cars.db.code-key`. Back it up with the database.
    pub fn beside(database: &Path) -> PathBuf {
        let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".code-key");
        database.with_file_name(name)
    }

    /// Reads the key, or makes one (readable by the owner only) on first use.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes.try_into().map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{} is not a 32-byte key", path.display()))
                })?;
                Ok(Self(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                os_rng().fill_bytes(&mut key);
                write_private(path, &key)?;
                Ok(Self(key))
            }
            Err(e) => Err(e),
        }
    }

    /// A key from fixed bytes, for tests.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn hash(&self, code: &str) -> [u8; 32] {
        #[allow(clippy::expect_used, reason = "HMAC is defined for keys of every length: new_from_slice cannot fail")]
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(code.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

/// Writes a new key file readable by the owner only (also the secrets key's).
#[cfg(unix)]
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// The operating system's generator, as SPEC §4.3 asks for codes and keys.
pub fn os_rng() -> impl RngCore {
    use rand::TryRngCore;
    rand::rngs::OsRng.unwrap_err()
}

/// A freshly made code, to be sent or printed and then forgotten. Not `Serialize`.
#[derive(PartialEq, Eq)]
pub struct PlainAuthorizationCode(String);

impl PlainAuthorizationCode {
    /// `XXXXX-XXXXX`, as emails and letters show it.
    pub fn display(&self) -> String {
        display_code(&self.0)
    }
}

impl std::fmt::Debug for PlainAuthorizationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainAuthorizationCode(<redacted>)")
    }
}

/// Makes the code of the request `request_id` (bound to that request's
/// login and account), valid `ttl` seconds from `now`.
pub fn issue(
    conn: &Db<'_>,
    key: &CodeKey,
    request_id: i64,
    ttl: i64,
    now: i64,
    rng: &mut impl RngCore,
) -> Result<PlainAuthorizationCode, StoreError> {
    let code: String = (0..AUTHORIZATION_CODE_LEN).map(|_| CROCKFORD[rng.random_range(0..32)] as char).collect();
    let inserted = conn.execute(
        "INSERT INTO authorization_codes (request_id, login_id, account_number, code_hash, created_at, expires_at)
         SELECT id, login_id, account_number, ?2, ?3, ?4 FROM code_requests WHERE id = ?1",
        params![request_id, key.hash(&code).to_vec(), now, now + ttl],
    )?;
    if inserted != 1 {
        return Err(StoreError::Worker(format!("no code request {request_id}")));
    }
    Ok(PlainAuthorizationCode(code))
}

/// What a typed code turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    /// A live code of this login: `code_id` is what [`use_code`] takes at Submit.
    Live {
        code_id: i64,
        account_number: AccountNumber,
    },
    /// A real code of this login that has run out.
    Expired {
        account_number: AccountNumber,
    },
    /// A real code already used, or voided by another code's use or by
    /// 20 wrong tries.
    Spent {
        account_number: AccountNumber,
    },
    Wrong {
        tries_left: i64,
        before_void: i64,
    },
    /// Five wrong codes in ten minutes: no code is looked at until `until`.
    Waiting {
        until: i64,
    },
    /// The twentieth wrong code in a row: every outstanding code of the
    /// login is void and a new request is needed.
    AllVoided,
}

struct Tries {
    window_start: i64,
    in_window: i64,
    in_a_row: i64,
}

fn tries(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Tries, StoreError> {
    Ok(conn
        .query_row(
            "SELECT window_start, in_window, in_a_row FROM authorization_code_tries WHERE login_id = ?1",
            [login_id],
            |r| Ok(Tries { window_start: r.get(0)?, in_window: r.get(1)?, in_a_row: r.get(2)? }),
        )
        .optional()?
        .unwrap_or(Tries { window_start: now, in_window: 0, in_a_row: 0 }))
}

fn save_tries(conn: &Db<'_>, login_id: LoginId, t: &Tries) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO authorization_code_tries (login_id, window_start, in_window, in_a_row) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (login_id) DO UPDATE SET window_start = excluded.window_start,
            in_window = excluded.in_window, in_a_row = excluded.in_a_row",
        params![login_id, t.window_start, t.in_window, t.in_a_row],
    )?;
    Ok(())
}

/// Checks a code typed by `login_id` (already normalized by
/// [`crate::rules::business::authorization_code`]); a wrong one counts.
/// Nothing is used up here: the code is used at Submit by [`use_code`].
pub fn check(conn: &Db<'_>, key: &CodeKey, login_id: LoginId, code: &str, now: i64) -> Result<CodeCheck, StoreError> {
    let mut t = tries(conn, login_id, now)?;
    if now >= t.window_start + TRY_WINDOW_SECONDS {
        t.window_start = now;
        t.in_window = 0;
    }
    if t.in_window >= WRONG_TRIES_PER_WINDOW {
        return Ok(CodeCheck::Waiting { until: t.window_start + TRY_WINDOW_SECONDS });
    }
    let found: Option<CodeRow> = conn
        .query_row(
            "SELECT id, account_number, expires_at, used_at, voided_at FROM authorization_codes
             WHERE login_id = ?1 AND code_hash = ?2",
            params![login_id, key.hash(code).to_vec()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    if let Some((code_id, account_number, expires_at, used_at, voided_at)) = found {
        return Ok(if used_at.is_some() || voided_at.is_some() {
            CodeCheck::Spent { account_number }
        } else if expires_at <= now {
            CodeCheck::Expired { account_number }
        } else {
            CodeCheck::Live { code_id, account_number }
        });
    }
    t.in_window += 1;
    t.in_a_row += 1;
    if t.in_a_row >= WRONG_IN_A_ROW_BEFORE_VOID {
        void_all(conn, login_id, now)?;
        t.in_a_row = 0;
        save_tries(conn, login_id, &t)?;
        return Ok(CodeCheck::AllVoided);
    }
    save_tries(conn, login_id, &t)?;
    if t.in_window >= WRONG_TRIES_PER_WINDOW {
        return Ok(CodeCheck::Waiting { until: t.window_start + TRY_WINDOW_SECONDS });
    }
    Ok(CodeCheck::Wrong {
        tries_left: WRONG_TRIES_PER_WINDOW - t.in_window,
        before_void: WRONG_IN_A_ROW_BEFORE_VOID - t.in_a_row,
    })
}

/// Uses the live code `code_id` of `login_id` and voids every other
/// outstanding code of that login for the same account; the wrong-try
/// streak ends. `false` (nothing changed) when the code is no longer live.
pub fn use_code(conn: &Db<'_>, login_id: LoginId, code_id: i64, now: i64) -> Result<bool, StoreError> {
    let used = conn.execute(
        "UPDATE authorization_codes SET used_at = ?3
         WHERE id = ?1 AND login_id = ?2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?3",
        params![code_id, login_id, now],
    )?;
    if used == 0 {
        return Ok(false);
    }
    conn.execute(
        "UPDATE authorization_codes SET voided_at = ?3
         WHERE login_id = ?1 AND id <> ?2 AND used_at IS NULL AND voided_at IS NULL
           AND account_number = (SELECT account_number FROM authorization_codes WHERE id = ?2)",
        params![login_id, code_id, now],
    )?;
    conn.execute("UPDATE authorization_code_tries SET in_a_row = 0 WHERE login_id = ?1", [login_id])?;
    Ok(true)
}

/// Voids every outstanding code of the login (the 20-wrong rule and the
/// operator's `codes void`); returns how many.
pub fn void_all(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE authorization_codes SET voided_at = ?2
         WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?2",
        params![login_id, now],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    /// A login, two accounts and one email request for each; returns the
    /// store, the login id and the two request ids.
    async fn setup() -> (tempfile::TempDir, Store, LoginId, i64, i64) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (login, a, b) = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO logins (user_id, account_type, first_name, last_name, email, work_phone, created_at)
                     VALUES ('halle1234', 'mechanic', 'Ellen', 'Hall', 'e@example.com', '+15175550100', 0)",
                    [],
                )?;
                let login = LoginId::from_row(tx.last_insert_rowid());
                let mut ids = Vec::new();
                for number in ["Z123456", "Z654321"] {
                    crate::store::business::upsert(tx, &crate::store::business::sample(number), 0)?;
                    tx.execute("INSERT INTO submissions (login_id, kind, account_number, at) VALUES (?1, 'code_request', ?2, 0)", params![login, number])?;
                    let submission = tx.last_insert_rowid();
                    tx.execute(
                        "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at) VALUES (?1, ?2, ?3, 'email', 0, 0)",
                        params![submission, login, number],
                    )?;
                    ids.push(tx.last_insert_rowid());
                }
                Ok((login, ids[0], ids[1]))
            })
            .await
            .unwrap();
        (dir, store, login, a, b)
    }

    fn key() -> CodeKey {
        CodeKey::from_bytes([7; 32])
    }

    #[tokio::test]
    async fn a_code_is_10_crockford_characters_stored_only_as_a_keyed_hash() {
        let (_dir, store, _login, request, _) = setup().await;
        let code = store
            .write(move |tx| issue(tx, &key(), request, EMAIL_CODE_TTL_SECONDS, 0, &mut StdRng::seed_from_u64(1)))
            .await
            .unwrap();
        let shown = code.display();
        assert_eq!(shown.len(), 11);
        assert_eq!(&shown[5..6], "-");
        let plain = shown.replace('-', "");
        assert!(plain.bytes().all(|b| CROCKFORD.contains(&b)));
        let stored: Vec<u8> =
            store.read(|c| Ok(c.query_row("SELECT code_hash FROM authorization_codes", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(stored, key().hash(&plain).to_vec());
        assert_ne!(stored, CodeKey::from_bytes([8; 32]).hash(&plain).to_vec(), "another key gives another hash");
        assert_eq!(format!("{code:?}"), "PlainAuthorizationCode(<redacted>)");
    }

    #[tokio::test]
    async fn using_a_code_voids_the_rest_for_that_account_only_and_it_expires() {
        let (_dir, store, login, a, b) = setup().await;
        let (first, second, other) = store
            .write(move |tx| {
                let mut rng = StdRng::seed_from_u64(2);
                Ok((
                    issue(tx, &key(), a, EMAIL_CODE_TTL_SECONDS, 0, &mut rng)?,
                    issue(tx, &key(), a, EMAIL_CODE_TTL_SECONDS, 10, &mut rng)?,
                    issue(tx, &key(), b, EMAIL_CODE_TTL_SECONDS, 10, &mut rng)?,
                ))
            })
            .await
            .unwrap();
        let plain = |c: &PlainAuthorizationCode| c.display().replace('-', "");
        let (p1, p2, p3) = (plain(&first), plain(&second), plain(&other));
        let checked = store.write(move |tx| check(tx, &key(), login, &p1, 100)).await.unwrap();
        let CodeCheck::Live { code_id, account_number } = checked else { panic!("{checked:?}") };
        assert_eq!(account_number, "Z123456");
        assert!(store.write(move |tx| use_code(tx, login, code_id, 100)).await.unwrap());
        assert!(!store.write(move |tx| use_code(tx, login, code_id, 101)).await.unwrap(), "single use");
        let p2c = p2.clone();
        assert_eq!(
            store.write(move |tx| check(tx, &key(), login, &p2c, 101)).await.unwrap(),
            CodeCheck::Spent { account_number: crate::store::number("Z123456") }
        );
        let p3c = p3.clone();
        assert!(matches!(store.write(move |tx| check(tx, &key(), login, &p3c, 101)).await.unwrap(), CodeCheck::Live { .. }));
        let late = 10 + EMAIL_CODE_TTL_SECONDS;
        assert_eq!(
            store.write(move |tx| check(tx, &key(), login, &p3, late)).await.unwrap(),
            CodeCheck::Expired { account_number: crate::store::number("Z654321") }
        );
    }

    #[tokio::test]
    async fn five_wrong_codes_make_a_wait_and_twenty_in_a_row_void_everything() {
        let (_dir, store, login, a, _) = setup().await;
        let live =
            store.write(move |tx| issue(tx, &key(), a, EMAIL_CODE_TTL_SECONDS, 0, &mut StdRng::seed_from_u64(3))).await.unwrap();
        let live = live.display().replace('-', "");
        let wrong = |now: i64| {
            let store = store.clone();
            async move { store.write(move |tx| check(tx, &key(), login, "0000000000", now)).await.unwrap() }
        };
        for i in 1..=4 {
            assert_eq!(wrong(10).await, CodeCheck::Wrong { tries_left: 5 - i, before_void: 20 - i });
        }
        assert_eq!(wrong(10).await, CodeCheck::Waiting { until: 10 + TRY_WINDOW_SECONDS });
        let livec = live.clone();
        assert_eq!(
            store.write(move |tx| check(tx, &key(), login, &livec, 20)).await.unwrap(),
            CodeCheck::Waiting { until: 10 + TRY_WINDOW_SECONDS },
            "while waiting even a right code is not looked at"
        );
        // Three more windows of five wrong codes: the twentieth voids all.
        let mut now = 10;
        let mut last = CodeCheck::AllVoided;
        for _ in 0..3 {
            now += TRY_WINDOW_SECONDS;
            for _ in 0..5 {
                last = wrong(now).await;
            }
        }
        assert_eq!(last, CodeCheck::AllVoided);
        assert_eq!(
            store.write(move |tx| check(tx, &key(), login, &live, now + TRY_WINDOW_SECONDS)).await.unwrap(),
            CodeCheck::Spent { account_number: crate::store::number("Z123456") }
        );
    }

    #[test]
    fn the_key_file_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = CodeKey::beside(&dir.path().join("cars.db"));
        assert_eq!(path.file_name().unwrap(), "cars.db.code-key");
        let made = CodeKey::load_or_create(&path).unwrap();
        let read = CodeKey::load_or_create(&path).unwrap();
        assert_eq!(made.0, read.0);
        std::fs::write(&path, b"short").unwrap();
        assert!(CodeKey::load_or_create(&path).is_err());
    }
}
