//! The one-shot notice a finished Add Account Access or removal leaves for
//! the login's next view of the springboard, so the news survives the move
//! to another page with or without JavaScript. One per login; a newer one
//! replaces it.

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;

/// A notice not read within this time is dropped unread: it was about a
/// page the person has long left.
const NOTICE_TTL_SECONDS: i64 = 10 * 60;

/// Leaves `message` for the login's next view of the springboard.
pub fn leave(conn: &Db<'_>, login_id: LoginId, message: &str, now: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO springboard_notices (login_id, message, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (login_id) DO UPDATE SET message = excluded.message, created_at = excluded.created_at",
        params![login_id, message, now],
    )?;
    Ok(())
}

/// Whether a notice is waiting for the login (fresh or not): a read, so
/// the springboard's every view need not queue for the writer to learn
/// that nothing is.
pub fn is_waiting(conn: &Db<'_>, login_id: LoginId) -> Result<bool, StoreError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM springboard_notices WHERE login_id = ?1)", [login_id], |r| r.get(0))?)
}

/// Reads and forgets the login's notice, if a fresh one is waiting.
pub fn take(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Option<String>, StoreError> {
    let found: Option<(String, i64)> = conn
        .query_row("DELETE FROM springboard_notices WHERE login_id = ?1 RETURNING message, created_at", [login_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(found.filter(|(_, at)| now - at <= NOTICE_TTL_SECONDS).map(|(m, _)| m))
}
