//! MILogin for Third Party accounts: creating one at the end of the sign-up
//! wizard, in one transaction with its first password and its proved methods
//! (SPEC §2: "Finishing creates the login in one transaction").

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;
use super::UserId;
use super::credentials::{StoredBackupCode, TotpSecret};
use super::secrets::{self, SecretsKey};
use super::user_id_holds::UserIdTaken;
use crate::rules::{account_type::AccountType, method::Method};

/// A proved sign-in verification and recovery method.
pub enum NewMethod {
    Email,
    Text,
    /// Sealed under the secrets key when stored.
    Totp {
        secret: TotpSecret,
        last_step: i64,
    },
    BackupCodes(Vec<StoredBackupCode>),
}

impl NewMethod {
    pub fn method(&self) -> Method {
        match self {
            Self::Email => Method::Email,
            Self::Text => Method::Text,
            Self::Totp { .. } => Method::Totp,
            Self::BackupCodes(_) => Method::BackupCodes,
        }
    }
}

/// Everything a finished sign-up brings, already checked.
pub struct NewLogin {
    pub user_id: UserId,
    pub account_type: AccountType,
    pub profile: crate::rules::profile::Profile,
    /// Argon2id PHC string.
    pub password_phc: String,
    pub methods: Vec<NewMethod>,
}

fn account_type_str(t: AccountType) -> &'static str {
    match t {
        AccountType::Mechanic => "mechanic",
        AccountType::MechanicSchool => "school",
    }
}

/// True when a login already has this User ID (ignoring case).
pub fn user_id_exists(conn: &Db<'_>, wanted: &UserId) -> Result<bool, StoreError> {
    Ok(conn.query_row("SELECT 1 FROM logins WHERE user_id = ?1", [wanted], |_| Ok(())).optional()?.is_some())
}

/// Creates the login with its password history and methods. Run it inside
/// the store's write transaction so that all of it lands or none does.
/// `key` seals an authenticator secret.
pub fn create(tx: &Db<'_>, login: &NewLogin, key: &SecretsKey, now: i64) -> Result<Result<LoginId, UserIdTaken>, StoreError> {
    let id = &login.user_id;
    let inserted = tx.execute(
        // The id comes after every id ever given out (migration 11), so a
        // closed login's id is never handed on.
        "INSERT INTO logins (id, user_id, account_type, first_name, middle_initial, last_name, suffix, email,
                             work_phone, work_phone_ext, mobile_phone, created_at)
         VALUES ((SELECT max(coalesce((SELECT max(id) FROM logins), 0),
                             coalesce((SELECT id FROM login_id_high_water), 0)) + 1),
                 ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            account_type_str(login.account_type),
            login.profile.first_name,
            login.profile.middle_initial,
            login.profile.last_name,
            login.profile.suffix,
            login.profile.email,
            login.profile.work_phone,
            login.profile.work_phone_ext,
            login.profile.mobile_phone,
            now
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            return Ok(Err(UserIdTaken));
        }
        Err(e) => return Err(e.into()),
    }
    let login_id = LoginId::from_row(tx.last_insert_rowid());
    tx.execute("UPDATE login_id_high_water SET id = max(id, ?1)", [login_id])?;
    super::password_history::add(tx, login_id, &login.password_phc, now)?;
    for method in &login.methods {
        add_method(tx, key, login_id, method, now)?;
    }
    Ok(Ok(login_id))
}

/// Adds a proved method to a login (sign-up's FINISH, or Settings). An
/// authenticator secret is stored sealed under `key`, bound to this login;
/// backup codes as they were hashed.
pub fn add_method(tx: &Db<'_>, key: &SecretsKey, login_id: LoginId, method: &NewMethod, now: i64) -> Result<(), StoreError> {
    let (secret, last_step) = match method {
        NewMethod::Totp { secret, last_step } => {
            (Some(key.seal(&secrets::totp_context(login_id), secret.as_bytes())), Some(*last_step))
        }
        _ => (None, None),
    };
    tx.execute(
        "INSERT INTO login_methods (login_id, method, added_at, totp_secret, totp_last_step)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![login_id, method.method(), now, secret, last_step],
    )?;
    if let NewMethod::BackupCodes(codes) = method {
        for code in codes {
            let (salt, scheme): (&[u8], &str) = match code {
                StoredBackupCode::Keyed(_) => (&[], "hmac-sha256"),
                StoredBackupCode::Salted { salt, .. } => (salt, "salted-sha256"),
            };
            tx.execute(
                "INSERT INTO backup_codes (login_id, salt, code_hash, scheme) VALUES (?1, ?2, ?3, ?4)",
                params![login_id, salt, code.hash(), scheme],
            )?;
        }
    }
    Ok(())
}

/// The methods of a login, in the order they are listed everywhere.
pub fn methods_of(conn: &Db<'_>, login_id: LoginId) -> Result<Vec<Method>, StoreError> {
    let mut methods: Vec<Method> = conn
        .prepare("SELECT method FROM login_methods WHERE login_id = ?1")?
        .query_map([login_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    methods.sort();
    Ok(methods)
}

/// What removing a method did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removed {
    Removed,
    /// It is the login's only method: at least one must stay (SPEC §3).
    LastOne,
    NotThere,
}

/// Removes a method (and, for backup codes, every code) unless it is the
/// last one, in the caller's transaction so the count cannot race.
pub fn remove_method(tx: &Db<'_>, login_id: LoginId, method: Method) -> Result<Removed, StoreError> {
    let methods = methods_of(tx, login_id)?;
    if !methods.contains(&method) {
        return Ok(Removed::NotThere);
    }
    if methods.len() == 1 {
        return Ok(Removed::LastOne);
    }
    tx.execute("DELETE FROM login_methods WHERE login_id = ?1 AND method = ?2", params![login_id, method])?;
    if method == Method::BackupCodes {
        tx.execute("DELETE FROM backup_codes WHERE login_id = ?1", [login_id])?;
    }
    Ok(Removed::Removed)
}

/// The authenticator-app secret of a login, opened with `key`, and the last
/// time step used. Only sealed secrets are read: the start-up pass
/// (`secrets::seal_what_was_plain`) sealed any plain one an older version
/// stored, so a plain one here was put there by something else.
pub fn totp_of(conn: &Db<'_>, key: &SecretsKey, login_id: LoginId) -> Result<(TotpSecret, Option<i64>), StoreError> {
    let (sealed, last_step): (Vec<u8>, Option<i64>) = conn.query_row(
        "SELECT totp_secret, totp_last_step FROM login_methods WHERE login_id = ?1 AND method = 'totp'",
        [login_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let secret = key.open(&secrets::totp_context(login_id), &sealed).ok_or_else(|| {
        StoreError::Worker(format!("the authenticator secret of login {login_id} does not open with the secrets key"))
    })?;
    Ok((TotpSecret::from_bytes(secret), last_step))
}

/// Uses up a time step, so the same code never works twice.
pub fn use_totp_step(tx: &Db<'_>, login_id: LoginId, step: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE login_methods SET totp_last_step = ?2 WHERE login_id = ?1 AND method = 'totp'", params![login_id, step])?;
    Ok(())
}

/// A login's backup codes not used yet, as stored.
pub fn unused_backup_codes(conn: &Db<'_>, login_id: LoginId) -> Result<Vec<StoredBackupCode>, StoreError> {
    let mut stmt = conn.prepare("SELECT salt, code_hash, scheme FROM backup_codes WHERE login_id = ?1 AND used_at IS NULL")?;
    let rows = stmt
        .query_map([login_id], |r| {
            let (salt, hash, scheme): (Vec<u8>, Vec<u8>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(if scheme == "hmac-sha256" { StoredBackupCode::Keyed(hash) } else { StoredBackupCode::Salted { salt, hash } })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Marks one backup code used (each works once).
pub fn use_backup_code(tx: &Db<'_>, login_id: LoginId, code_hash: &[u8], now: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE backup_codes SET used_at = ?3 WHERE login_id = ?1 AND code_hash = ?2", params![login_id, code_hash, now])?;
    Ok(())
}

/// The User ID of a login.
pub fn user_id_of(conn: &Db<'_>, login_id: LoginId) -> Result<Option<UserId>, StoreError> {
    Ok(conn.query_row("SELECT user_id FROM logins WHERE id = ?1", [login_id], |r| r.get(0)).optional()?)
}

/// A login found by its User ID: enough to send it a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub login_id: LoginId,
    pub user_id: UserId,
    pub email: String,
}

/// The login whose User ID is `user_id`.
pub fn find_by_user_id(conn: &Db<'_>, user_id: &UserId) -> Result<Option<Found>, StoreError> {
    Ok(conn
        .query_row("SELECT id, user_id, email FROM logins WHERE user_id = ?1", [user_id], |r| {
            Ok(Found { login_id: r.get(0)?, user_id: r.get(1)?, email: r.get(2)? })
        })
        .optional()?)
}

/// How a login is reached and what it was made as: what pages and notices
/// need to know of it beyond the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub user_id: UserId,
    pub account_type: AccountType,
    pub email: String,
    /// E.164.
    pub mobile_phone: Option<String>,
    /// When a password reset last set the password, until the next sign-in.
    pub password_reset_at: Option<i64>,
}

pub fn contact(conn: &Db<'_>, login_id: LoginId) -> Result<Option<Contact>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT user_id, account_type, email, mobile_phone, password_reset_at FROM logins WHERE id = ?1",
            [login_id],
            |r| {
                let account_type: String = r.get(1)?;
                Ok(Contact {
                    user_id: r.get(0)?,
                    account_type: AccountType::from_query(Some(&account_type)),
                    email: r.get(2)?,
                    mobile_phone: r.get(3)?,
                    password_reset_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The contact of a login that must exist (the session or a pending
/// sign-in names it): a missing row is an error, not "nobody".
pub fn contact_of(conn: &Db<'_>, login_id: LoginId) -> Result<Contact, StoreError> {
    contact(conn, login_id)?.ok_or_else(|| StoreError::Worker(format!("login {login_id} is gone")))
}

/// The first sign-in after a reset ends its "reset" mark.
pub fn clear_password_reset(tx: &Db<'_>, login_id: LoginId) -> Result<(), StoreError> {
    tx.execute("UPDATE logins SET password_reset_at = NULL WHERE id = ?1", [login_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn sample(user_id: &str) -> NewLogin {
        NewLogin {
            user_id: UserId::parse(user_id).unwrap(),
            account_type: AccountType::Mechanic,
            profile: crate::rules::profile::Profile {
                first_name: Some("John".into()),
                ..crate::store::test_profile("Smith", "john@example.com")
            },
            password_phc: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            methods: vec![NewMethod::Email, NewMethod::BackupCodes(vec![keyed(1), keyed(2)])],
        }
    }

    fn keyed(n: u8) -> StoredBackupCode {
        StoredBackupCode::Keyed(vec![n; 32])
    }

    fn key() -> SecretsKey {
        SecretsKey::from_bytes([5; 32])
    }

    #[tokio::test]
    async fn a_login_lands_whole_and_its_user_id_is_unique_ignoring_case() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let id = store.write(|tx| create(tx, &sample("SmithJ9999"), &key(), 100)).await.unwrap().unwrap();
        let counts: (i64, i64, i64) = store
            .read(move |c| {
                Ok(c.query_row(
                    "SELECT (SELECT count(*) FROM password_history WHERE login_id = ?1),
                            (SELECT count(*) FROM login_methods WHERE login_id = ?1),
                            (SELECT count(*) FROM backup_codes WHERE login_id = ?1)",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(counts, (1, 2, 2));
        assert!(store.read(|c| user_id_exists(c, &UserId::parse("SMITHJ9999").unwrap())).await.unwrap());
        assert_eq!(store.write(|tx| create(tx, &sample("smithj9999"), &key(), 101)).await.unwrap(), Err(UserIdTaken));
        let logins: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM logins", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(logins, 1, "the refused one left nothing behind");
    }

    #[tokio::test]
    async fn a_closed_logins_id_is_never_given_to_the_next_login() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let first = store.write(|tx| create(tx, &sample("first1234"), &key(), 1)).await.unwrap().unwrap();
        let newest = store.write(|tx| create(tx, &sample("newest1234"), &key(), 2)).await.unwrap().unwrap();
        assert!(store.write(move |tx| crate::store::settings::close(tx, newest)).await.unwrap());
        let next = store.write(|tx| create(tx, &sample("next1234"), &key(), 3)).await.unwrap().unwrap();
        assert!(next > newest && newest > first, "{first} {newest} {next}");
    }

    #[tokio::test]
    async fn an_authenticator_secret_is_stored_sealed_and_backup_codes_keyed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        let mut login = sample("sealj1234");
        let code = StoredBackupCode::keyed(&key(), "abcd2345wxyz");
        login.methods = vec![NewMethod::Totp { secret, last_step: 7 }, NewMethod::BackupCodes(vec![code.clone()])];
        let id = store.write(move |tx| create(tx, &login, &key(), 1)).await.unwrap().unwrap();
        let (stored, scheme, salt): (Vec<u8>, String, Vec<u8>) = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT totp_secret FROM login_methods WHERE method = 'totp'),
                            (SELECT scheme FROM backup_codes), (SELECT salt FROM backup_codes)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?)
            })
            .await
            .unwrap();
        assert!(secrets::is_sealed(&stored) && !stored.windows(20).any(|w| w == b"12345678901234567890"));
        assert_eq!((scheme.as_str(), salt.len()), ("hmac-sha256", 0));
        let (opened, last) = store.read(move |c| totp_of(c, &key(), id)).await.unwrap();
        assert_eq!((opened.as_bytes(), last), (&b"12345678901234567890"[..], Some(7)));
        assert!(
            store.read(move |c| totp_of(c, &SecretsKey::from_bytes([6; 32]), id)).await.is_err(),
            "another key opens nothing"
        );
        let unused = store.read(move |c| unused_backup_codes(c, id)).await.unwrap();
        assert_eq!(unused, vec![code]);
        assert!(unused[0].matches(&key(), "abcd2345wxyz"));
    }
}
