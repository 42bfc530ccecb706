//! The passwords a login has had, as Argon2id PHC strings: the newest is
//! the current one, and a new password may not repeat the last
//! [`HISTORY_KEPT`] (SPEC §2). Every change of password (sign-up, Settings,
//! a reset) adds a row here.

use super::LoginId;
use rusqlite::params;

use super::Db;

use super::StoreError;

/// How many earlier passwords a new one may not repeat (SPEC §2).
pub const HISTORY_KEPT: i64 = 3;

/// The login's newest [`HISTORY_KEPT`] password hashes, newest first: the
/// current one and the two before it.
pub fn recent(conn: &Db<'_>, login_id: LoginId) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT phc FROM password_history WHERE login_id = ?1 ORDER BY id DESC LIMIT ?2")?;
    let rows = stmt.query_map(params![login_id, HISTORY_KEPT], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `phc` becomes the login's current password.
pub fn add(tx: &Db<'_>, login_id: LoginId, phc: &str, now: i64) -> Result<(), StoreError> {
    tx.execute("INSERT INTO password_history (login_id, phc, created_at) VALUES (?1, ?2, ?3)", params![login_id, phc, now])?;
    Ok(())
}
