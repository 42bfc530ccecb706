//! What `server backup` asks of a fresh copy of the database, made with
//! SQLite's online backup API (`server/src/ops/backup.rs`): is it sound,
//! which schema it holds, and that it stands alone as one file. The copy
//! is a plain connection, not a [`super::Store`]: opening a store would
//! migrate it, and a backup must be the database as it was.

use rusqlite::Connection;

use super::StoreError;

/// What `PRAGMA integrity_check` found wrong with the copy (its first
/// line), or `None` when it reports "ok".
pub fn integrity_problem(conn: &Connection) -> Result<Option<String>, StoreError> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    Ok((check != "ok").then_some(check))
}

/// The schema version the copy is at.
pub fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    super::migrations::current_version(conn)
}

/// Takes the copy out of WAL mode: one file, no `-wal` beside it, since a
/// backup must stand alone.
pub fn stand_alone(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))?;
    Ok(())
}
