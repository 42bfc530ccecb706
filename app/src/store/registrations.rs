//! Unfinished registrations (SPEC §2): what each sign-up step saved, as
//! JSON, keyed by the SHA-256 of a random cookie so nothing personal sits in
//! the browser. The registration's shape is the wizard's
//! (`flows::sign_up::registration::Registration`); the User ID it holds is in
//! `user_id_holds` under the same lifetime.

use rusqlite::{OptionalExtension, params};

use super::Db;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

/// The live registration under `key_hash` and when it ends. `None` when it
/// expired, was finished, or was saved by a program that no longer reads it.
pub fn find<T: DeserializeOwned>(conn: &Db<'_>, key_hash: &[u8], now: i64) -> Result<Option<(T, i64)>, StoreError> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT state, expires_at FROM registrations WHERE key_hash = ?1 AND expires_at > ?2",
            params![key_hash, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(state, expires_at)| serde_json::from_str(&state).ok().map(|r| (r, expires_at))))
}

pub fn start<T: Serialize>(tx: &Db<'_>, key_hash: &[u8], registration: &T, now: i64, expires_at: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO registrations (key_hash, state, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![key_hash, to_json(registration)?, now, expires_at],
    )?;
    Ok(())
}

/// Saves what a step accepted, to live until `expires_at`.
pub fn save<T: Serialize>(tx: &Db<'_>, key_hash: &[u8], registration: &T, expires_at: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE registrations SET state = ?2, expires_at = ?3 WHERE key_hash = ?1",
        params![key_hash, to_json(registration)?, expires_at],
    )?;
    Ok(())
}

pub fn discard(tx: &Db<'_>, key_hash: &[u8]) -> Result<(), StoreError> {
    tx.execute("DELETE FROM registrations WHERE key_hash = ?1", [key_hash])?;
    Ok(())
}

/// Deletes registrations nobody came back to (retention).
pub fn purge_expired(tx: &Db<'_>, now: i64) -> Result<usize, StoreError> {
    Ok(tx.execute("DELETE FROM registrations WHERE expires_at <= ?1", [now])?)
}

fn to_json<T: Serialize>(registration: &T) -> Result<String, StoreError> {
    serde_json::to_string(registration).map_err(|e| StoreError::Worker(format!("encoding a registration: {e}")))
}
