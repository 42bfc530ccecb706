//! The Request Code draft: one row per login in `code_request_drafts`, so
//! an account number never travels in a URL, Back and refresh lose nothing,
//! and a login can only ever reach its own draft (the session says whose it
//! is; nothing in the request does). The draft's shape is the page's
//! (`flows::request_code::Draft`); the store keeps it as JSON.

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::Db;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

/// A draft nobody touched for this long starts afresh.
pub const DRAFT_TTL_SECONDS: i64 = 60 * 60;

/// The login's live draft, or `T::default()`.
pub fn load<T: DeserializeOwned + Default>(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<T, StoreError> {
    let state: Option<String> = conn
        .query_row(
            "SELECT state FROM code_request_drafts WHERE login_id = ?1 AND updated_at > ?2",
            params![login_id, now - DRAFT_TTL_SECONDS],
            |r| r.get(0),
        )
        .optional()?;
    // A draft this program can no longer read starts afresh.
    Ok(state.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
}

pub fn save<T: Serialize>(conn: &Db<'_>, login_id: LoginId, draft: &T, now: i64) -> Result<(), StoreError> {
    let state = serde_json::to_string(draft).map_err(|e| StoreError::Worker(format!("encoding a code request draft: {e}")))?;
    conn.execute(
        "INSERT INTO code_request_drafts (login_id, state, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (login_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
        params![login_id, state, now],
    )?;
    Ok(())
}

pub fn discard(conn: &Db<'_>, login_id: LoginId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM code_request_drafts WHERE login_id = ?1", [login_id])?;
    Ok(())
}
