//! The demo outbox (`outbox_messages`): in demo mode every email and text
//! lands here instead of being sent, so each flow can be walked on one
//! machine. Outside demo mode a row keeps no body (`mail::Bodies`).

use rusqlite::params;

use super::Db;

use super::StoreError;

/// One message as stored.
pub struct Stored {
    pub id: i64,
    /// `email` or `text`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

/// `channel` is `email` or `text`.
pub fn add(tx: &Db<'_>, channel: &str, recipient: &str, subject: &str, body: &str, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO outbox_messages (channel, recipient, subject, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![channel, recipient, subject, body, now],
    )?;
    Ok(())
}

/// The newest `limit` messages, newest first.
pub fn newest(conn: &Db<'_>, limit: u32) -> Result<Vec<Stored>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, channel, recipient, subject, body, created_at FROM outbox_messages
         ORDER BY created_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(Stored {
            id: r.get(0)?,
            channel: r.get(1)?,
            recipient: r.get(2)?,
            subject: r.get(3)?,
            body: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
