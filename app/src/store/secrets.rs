//! Secrets at rest: the key they are sealed under, kept in a file beside the
//! database rather than in it (`cars.db` → `cars.db.secrets-key`, made 0600
//! on first start, copied by `server backup`), so a copy of the database
//! alone opens nothing.
//!
//! - Authenticator (TOTP) secrets, in `login_methods` and in the drafts of
//!   sign-up and Settings, are sealed with XChaCha20-Poly1305: they must be
//!   read back to check a code, so a hash cannot do.
//! - Backup codes are kept as HMAC-SHA256 under the key: they only need
//!   comparing, and without the key a stolen hash cannot be searched.
//! - A form flash (what a page shows once with JavaScript off, backup codes
//!   among it) is sealed under a key made from this key *and* the browser's
//!   own `cars_form` cookie: the database and the key file together still
//!   cannot open a flash; only the browser it belongs to brings it back.
//!
//! Each use gets its own key, derived from the file's 32 bytes with
//! HMAC-SHA256 and a label, so a value made for one use means nothing in
//! another. A sealed value is `1 ‖ nonce (24) ‖ ciphertext ‖ tag (16)`: the
//! leading version byte and the length tell it from the plain values older
//! versions stored (20-byte TOTP secrets, JSON flashes), which
//! [`seal_what_was_plain`] seals once at start-up.

use super::LoginId;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{Key, KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rusqlite::{OptionalExtension, params};

use super::Db;
use sha2::Sha256;

use super::StoreError;

/// The first byte of every sealed value: the scheme, so another can follow.
pub const SEALED_V1: u8 = 1;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;

/// What an outbox message outside demo mode keeps instead of its body.
pub const OUTBOX_BODY_NOT_KEPT: &str =
    "(body not kept: outside demo mode the outbox keeps no message text, which may carry a code)";

/// The key secrets at rest are sealed and hashed under. Not `Debug`-printable.
#[derive(Clone)]
pub struct SecretsKey {
    seal: [u8; 32],
    backup_codes: [u8; 32],
    flash: [u8; 32],
}

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(<redacted>)")
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    #[allow(clippy::expect_used, reason = "HMAC is defined for keys of every length: new_from_slice cannot fail")]
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl SecretsKey {
    /// Where the key of the database at `database` is kept:
    /// `cars.db` → `cars.db.secrets-key`. Back it up with the database.
    pub fn beside(database: &Path) -> PathBuf {
        let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".secrets-key");
        database.with_file_name(name)
    }

    /// Reads the key, or makes one (readable by the owner only) on first
    /// use; `true` with a key made just now.
    pub fn load_or_create(path: &Path) -> std::io::Result<(Self, bool)> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes.try_into().map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{} is not a 32-byte key", path.display()))
                })?;
                Ok((Self::from_bytes(key), false))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                super::authorization::os_rng().fill_bytes(&mut key);
                super::authorization::write_private(path, &key)?;
                Ok((Self::from_bytes(key), true))
            }
            Err(e) => Err(e),
        }
    }

    /// The key from its 32 bytes (the file's content; fixed bytes in tests).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self {
            seal: hmac(&bytes, &[b"cars e-services: seal secrets at rest v1"]),
            backup_codes: hmac(&bytes, &[b"cars e-services: backup codes v1"]),
            flash: hmac(&bytes, &[b"cars e-services: form flash v1"]),
        }
    }

    /// Seals `plain`, bound to `context` (which row or use it belongs to):
    /// a sealed value copied to another row does not open there.
    pub fn seal(&self, context: &str, plain: &[u8]) -> Vec<u8> {
        seal_with(&self.seal, context, plain)
    }

    /// Opens what [`SecretsKey::seal`] made for `context`; `None` if it was
    /// made under another key or context, or changed.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&self.seal, context, sealed)
    }

    /// What is stored for a backup code (normalised): HMAC-SHA256 under
    /// this key. No salt: the key already makes the hash useless to anyone
    /// without it, and codes are random, never shared between people.
    pub fn backup_code_hash(&self, normalized: &str) -> [u8; 32] {
        hmac(&self.backup_codes, &[normalized.as_bytes()])
    }

    /// Seals a form flash for the browser whose `cars_form` cookie is `cookie`.
    pub fn seal_for_browser(&self, cookie: &str, form: &str, plain: &[u8]) -> Vec<u8> {
        seal_with(&hmac(&self.flash, &[cookie.as_bytes()]), form, plain)
    }

    pub fn open_for_browser(&self, cookie: &str, form: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        open_with(&hmac(&self.flash, &[cookie.as_bytes()]), form, sealed)
    }
}

fn seal_with(key: &[u8; 32], context: &str, plain: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(&Key::from(*key));
    // 24 random bytes: a repeat is out of reach however many values are sealed.
    let mut nonce = [0u8; NONCE_BYTES];
    rand::rng().fill_bytes(&mut nonce);
    #[allow(clippy::expect_used, reason = "XChaCha20-Poly1305 fails only past 256 GiB of message")]
    let sealed = cipher
        .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: context.as_bytes() })
        .expect("XChaCha20-Poly1305 seals any message that fits in memory");
    let mut out = Vec::with_capacity(1 + NONCE_BYTES + sealed.len());
    out.push(SEALED_V1);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

fn open_with(key: &[u8; 32], context: &str, sealed: &[u8]) -> Option<Vec<u8>> {
    if !is_sealed(sealed) {
        return None;
    }
    let nonce: [u8; NONCE_BYTES] = sealed[1..1 + NONCE_BYTES].try_into().ok()?;
    let cipher = XChaCha20Poly1305::new(&Key::from(*key));
    cipher.decrypt(&XNonce::from(nonce), Payload { msg: &sealed[1 + NONCE_BYTES..], aad: context.as_bytes() }).ok()
}

/// Whether `value` has the form of a sealed value. A plain TOTP secret (20
/// bytes) is always shorter than the shortest sealed value (41 bytes).
pub fn is_sealed(value: &[u8]) -> bool {
    value.len() >= 1 + NONCE_BYTES + TAG_BYTES && value[0] == SEALED_V1
}

/// Lower-case hex, how sealed values sit inside JSON and text columns.
pub fn to_hex(bytes: &[u8]) -> String {
    crate::crypto::hex(bytes)
}

/// Hex in either case back to bytes; `None` for anything else.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    data_encoding::HEXLOWER_PERMISSIVE.decode(text.as_bytes()).ok()
}

/// The context an authenticator secret of a login is sealed under.
pub fn totp_context(login_id: LoginId) -> String {
    format!("login_methods.totp_secret:{login_id}")
}

/// The context of the secret of an authenticator app being set up (a
/// sign-up or Settings draft), sealed as its base32 text.
pub const TOTP_DRAFT_CONTEXT: &str = "draft.totp.secret";

/// What [`seal_what_was_plain`] changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SealedNow {
    pub totp_secrets: usize,
    pub drafts: usize,
    pub flashes_dropped: usize,
    pub outbox_bodies_dropped: usize,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "the secrets key does not open the secrets in this database (login {login_id}): is it the key that came with this database?"
)]
pub struct WrongKey {
    pub login_id: LoginId,
}

/// Before anything is sealed: does `key` open what is sealed already? A
/// database restored without its key file would otherwise get a new key and
/// lose every authenticator app it holds.
pub fn check_key(conn: &Db<'_>, key: &SecretsKey) -> Result<Result<(), WrongKey>, StoreError> {
    let sample: Option<(LoginId, Vec<u8>)> = conn
        .query_row(
            "SELECT login_id, totp_secret FROM login_methods
             WHERE method = 'totp' AND length(totp_secret) >= 41 AND substr(totp_secret, 1, 1) = x'01' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match sample {
        Some((login_id, sealed)) if key.open(&totp_context(login_id), &sealed).is_none() => Err(WrongKey { login_id }),
        _ => Ok(()),
    })
}

/// The one-time pass at start-up that brings a database written by an older
/// version (the demo database of an earlier `make run`, say) to the sealed
/// form, in the caller's transaction; a second run finds nothing to do.
///
/// Plain TOTP secrets are sealed in place, and so are the plain secrets of
/// authenticator apps being set up in sign-up and Settings drafts. Plain
/// form flashes are dropped rather than sealed: the browser cookie that
/// would seal them is not here, and a flash is a ten-minute message. Outside
/// demo mode, outbox bodies are dropped, as new ones are.
pub fn seal_what_was_plain(tx: &Db<'_>, key: &SecretsKey, demo: bool) -> Result<SealedNow, StoreError> {
    let mut done = SealedNow::default();
    let plain: Vec<(LoginId, Vec<u8>)> = tx
        .prepare("SELECT login_id, totp_secret FROM login_methods WHERE method = 'totp' AND totp_secret IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|(_, secret): &(LoginId, Vec<u8>)| !is_sealed(secret))
        .collect();
    for (login_id, secret) in plain {
        tx.execute(
            "UPDATE login_methods SET totp_secret = ?2 WHERE login_id = ?1 AND method = 'totp'",
            params![login_id, key.seal(&totp_context(login_id), &secret)],
        )?;
        done.totp_secrets += 1;
    }
    for (table, id) in [("registrations", "key_hash"), ("settings_drafts", "session_hash")] {
        let rows: Vec<(Vec<u8>, String)> = tx
            .prepare(&format!("SELECT {id}, state FROM {table} WHERE state LIKE '%\"secret_base32\"%'"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (row, state) in rows {
            let Some(sealed) = seal_draft_state(key, &state) else { continue };
            tx.execute(&format!("UPDATE {table} SET state = ?2 WHERE {id} = ?1"), params![row, sealed])?;
            done.drafts += 1;
        }
    }
    // A sealed flash is hex; a plain one is JSON.
    done.flashes_dropped = tx.execute("DELETE FROM form_flash WHERE payload LIKE '{%'", [])?;
    if !demo {
        done.outbox_bodies_dropped =
            tx.execute("UPDATE outbox_messages SET body = ?1 WHERE body != ?1", [OUTBOX_BODY_NOT_KEPT])?;
    }
    Ok(done)
}

/// A draft's JSON with its plain `totp.secret_base32` replaced by the sealed
/// `totp.sealed_secret`; `None` when there is nothing to seal.
fn seal_draft_state(key: &SecretsKey, state: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(state).ok()?;
    let totp = value.get_mut("totp")?.as_object_mut()?;
    let plain = totp.remove("secret_base32")?;
    let plain = plain.as_str()?;
    let sealed = to_hex(&key.seal(TOTP_DRAFT_CONTEXT, plain.as_bytes()));
    totp.insert("sealed_secret".into(), serde_json::Value::String(sealed));
    serde_json::to_string(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretsKey {
        SecretsKey::from_bytes([byte; 32])
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_context() {
        let sealed = key(1).seal("a", b"twenty bytes secret!");
        assert!(is_sealed(&sealed));
        assert_eq!(sealed.len(), 1 + 24 + 20 + 16);
        assert_eq!(key(1).open("a", &sealed).as_deref(), Some(&b"twenty bytes secret!"[..]));
        assert_eq!(key(2).open("a", &sealed), None, "another key");
        assert_eq!(key(1).open("b", &sealed), None, "another row");
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(key(1).open("a", &changed), None, "changed");
        assert_ne!(key(1).seal("a", b"x"), key(1).seal("a", b"x"), "a fresh nonce each time");
        assert!(!is_sealed(&[1u8; 20]), "a plain 20-byte secret, even one starting with 1");
    }

    #[test]
    fn a_flash_opens_only_for_its_browser() {
        let sealed = key(1).seal_for_browser("cookie-a", "form", b"{}");
        assert_eq!(key(1).open_for_browser("cookie-a", "form", &sealed).as_deref(), Some(&b"{}"[..]));
        assert_eq!(key(1).open_for_browser("cookie-b", "form", &sealed), None);
        assert_eq!(key(1).open_for_browser("cookie-a", "other", &sealed), None);
        assert_eq!(key(1).open("form", &sealed), None, "nor with the key alone");
    }

    #[test]
    fn backup_code_hashes_depend_on_the_key() {
        assert_eq!(key(1).backup_code_hash("abcd2345wxyz"), key(1).backup_code_hash("abcd2345wxyz"));
        assert_ne!(key(1).backup_code_hash("abcd2345wxyz"), key(2).backup_code_hash("abcd2345wxyz"));
        assert_ne!(key(1).backup_code_hash("abcd2345wxyz"), crate::crypto::sha256(b"abcd2345wxyz"));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(from_hex(&to_hex(&[0, 1, 0xab, 0xff])), Some(vec![0, 1, 0xab, 0xff]));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_key_file_is_made_once_and_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = SecretsKey::beside(&dir.path().join("cars.db"));
        assert!(path.ends_with("cars.db.secrets-key"));
        let (first, made) = SecretsKey::load_or_create(&path).unwrap();
        assert!(made);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let (again, made) = SecretsKey::load_or_create(&path).unwrap();
        assert!(!made);
        assert_eq!(again.open("x", &first.seal("x", b"same key")).as_deref(), Some(&b"same key"[..]));
        std::fs::write(&path, [0u8; 31]).unwrap();
        assert!(SecretsKey::load_or_create(&path).is_err(), "a short key file is refused");
    }

    #[tokio::test]
    async fn plain_rows_are_sealed_once_and_keep_working() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(dir.path().join("cars.db")).unwrap();
        let plain = vec![7u8; 20];
        let p = plain.clone();
        let login_id = store
            .write(move |tx| {
                let id = crate::store::test_login(tx, "old1234")?;
                tx.execute(
                    "INSERT INTO login_methods (login_id, method, added_at, totp_secret) VALUES (?1, 'totp', 0, ?2)",
                    params![id, p],
                )?;
                tx.execute(
                    "INSERT INTO registrations (key_hash, state, created_at, expires_at) VALUES (x'01', ?1, 0, 9999999999)",
                    [r#"{"account_type":"Mechanic","totp":{"secret_base32":"GEZDGNBV","last_step":null,"wrong":0}}"#],
                )?;
                tx.execute("INSERT INTO form_flash (browser_key, form, payload, created_at) VALUES (x'01', 'f', '{\"x\":1}', 0)", [])?;
                tx.execute(
                    "INSERT INTO outbox_messages (channel, recipient, subject, body, created_at) VALUES ('email', 'a@example.com', 's', 'code 123456', 0)",
                    [],
                )?;
                Ok(id)
            })
            .await
            .unwrap();
        let k = key(9);
        let done = store.write(move |tx| seal_what_was_plain(tx, &k, false)).await.unwrap();
        assert_eq!(done, SealedNow { totp_secrets: 1, drafts: 1, flashes_dropped: 1, outbox_bodies_dropped: 1 });
        let k = key(9);
        assert_eq!(store.write(move |tx| seal_what_was_plain(tx, &k, false)).await.unwrap(), SealedNow::default(), "idempotent");

        let (stored, state, body): (Vec<u8>, String, String) = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT totp_secret FROM login_methods), (SELECT state FROM registrations), (SELECT body FROM outbox_messages)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(key(9).open(&totp_context(login_id), &stored), Some(plain));
        assert!(!state.contains("GEZDGNBV") && state.contains("sealed_secret"), "{state}");
        assert!(!body.contains("123456"));
        assert!(store.read(move |c| check_key(c, &key(9))).await.unwrap().is_ok());
        assert!(store.read(move |c| check_key(c, &key(8))).await.unwrap().is_err(), "another key is noticed");
    }
}
