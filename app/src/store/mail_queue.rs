//! The outgoing queue of emails and text messages (migration 13). Writing a
//! message is one insert, made in the caller's transaction where the change
//! that causes it happens, so both land or neither; delivery is the mail
//! worker's (`mail::queue`), with retries and back-off.

use rusqlite::params;

use super::Db;

use super::StoreError;

/// A delivery that fails this many times is given up on (and kept, for
/// `server mail queue`); with the back-off below that is about a day.
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a deliverer may hold a row before another may take it.
const CLAIM_SECONDS: i64 = 120;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Text,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Text => "text",
        }
    }
}

/// One message as queued.
#[derive(Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Bodies carry codes: never in a log.
impl std::fmt::Debug for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queued").field("id", &self.id).field("attempts", &self.attempts).finish_non_exhaustive()
    }
}

/// Queues a message; delivered from `now` on.
pub fn enqueue(tx: &Db<'_>, channel: Channel, recipient: &str, subject: &str, body: &str, now: i64) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO mail_queue (channel, recipient, subject, body, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![channel.as_str(), recipient, subject, body, now],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Takes up to `limit` messages of `channel` that are due, for this
/// deliverer alone for a while (call in a write transaction).
pub fn claim_due(tx: &Db<'_>, channel: Channel, now: i64, limit: i64) -> Result<Vec<Queued>, StoreError> {
    let mut stmt = tx.prepare(
        "UPDATE mail_queue SET claimed_until = ?3
         WHERE id IN (SELECT id FROM mail_queue
                      WHERE channel = ?1 AND sent_at IS NULL AND failed_at IS NULL
                        AND next_attempt_at <= ?2 AND claimed_until <= ?2
                      ORDER BY id LIMIT ?4)
         RETURNING id, recipient, subject, body, attempts",
    )?;
    let mut rows: Vec<Queued> = stmt
        .query_map(params![channel.as_str(), now, now + CLAIM_SECONDS, limit], |r| {
            Ok(Queued { id: r.get(0)?, recipient: r.get(1)?, subject: r.get(2)?, body: r.get(3)?, attempts: r.get(4)? })
        })?
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|q| q.id);
    Ok(rows)
}

/// Delivered: the body goes (it may hold a code), the record stays a while.
pub fn delivered(tx: &Db<'_>, id: i64, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE mail_queue SET sent_at = ?2, body = '', claimed_until = 0, last_error = NULL WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// A failed try: again after `retry_in` seconds, or given up on after
/// [`MAX_ATTEMPTS`] (the body then goes too). True when given up.
pub fn failed(tx: &Db<'_>, id: i64, error: &str, retry_in: i64, now: i64) -> Result<bool, StoreError> {
    let attempts: i64 = tx.query_row(
        "UPDATE mail_queue SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3, claimed_until = 0
         WHERE id = ?1 RETURNING attempts",
        params![id, error, now + retry_in],
        |r| r.get(0),
    )?;
    if attempts >= MAX_ATTEMPTS {
        tx.execute("UPDATE mail_queue SET failed_at = ?2, body = '' WHERE id = ?1", params![id, now])?;
        return Ok(true);
    }
    Ok(false)
}

/// Whether a message of `channel` is due now, or being delivered.
pub fn due_or_in_delivery(conn: &Db<'_>, channel: Channel, now: i64) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM mail_queue
                        WHERE channel = ?1 AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?2)",
        params![channel.as_str(), now],
        |r| r.get(0),
    )?)
}

/// When the next message of `channel` is due, if any is waiting.
pub fn next_due(conn: &Db<'_>, channel: Channel) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row(
        "SELECT min(max(next_attempt_at, claimed_until)) FROM mail_queue WHERE channel = ?1 AND sent_at IS NULL AND failed_at IS NULL",
        [channel.as_str()],
        |r| r.get(0),
    )?)
}

/// A message waiting or given up on, for `server mail queue` (no body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub failed_at: Option<i64>,
}

/// Every message not delivered: pending first (oldest first), then failed.
pub fn undelivered(conn: &Db<'_>) -> Result<Vec<QueueEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, channel, recipient, subject, created_at, attempts, next_attempt_at, last_error, failed_at
         FROM mail_queue WHERE sent_at IS NULL ORDER BY failed_at IS NOT NULL, id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(QueueEntry {
                id: r.get(0)?,
                channel: r.get(1)?,
                recipient: r.get(2)?,
                subject: r.get(3)?,
                created_at: r.get(4)?,
                attempts: r.get(5)?,
                next_attempt_at: r.get(6)?,
                last_error: r.get(7)?,
                failed_at: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Drops delivered messages older than `days` and failed ones older than
/// `days` (their bodies are gone already): retention.
pub fn purge(tx: &Db<'_>, days: i64, now: i64) -> Result<usize, StoreError> {
    let before = now - days * 86_400;
    Ok(tx.execute(
        "DELETE FROM mail_queue WHERE (sent_at IS NOT NULL AND sent_at < ?1) OR (failed_at IS NOT NULL AND failed_at < ?1)",
        [before],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const T0: i64 = 1_800_000_000;

    #[tokio::test]
    async fn a_message_is_claimed_once_retried_and_loses_its_body_when_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let id = store.write(|tx| enqueue(tx, Channel::Email, "a@example.com", "Your code", "Code 123456", T0)).await.unwrap();
        let first = store.write(|tx| claim_due(tx, Channel::Email, T0, 10)).await.unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].body, "Code 123456");
        assert!(!format!("{:?}", first[0]).contains("123456"), "Debug hides the body");
        assert!(
            store.write(|tx| claim_due(tx, Channel::Email, T0, 10)).await.unwrap().is_empty(),
            "claimed: nobody else takes it"
        );
        assert!(store.write(|tx| claim_due(tx, Channel::Text, T0 + 500, 10)).await.unwrap().is_empty(), "per channel");

        assert!(!store.write(move |tx| failed(tx, id, "connection refused", 30, T0)).await.unwrap());
        assert!(store.write(|tx| claim_due(tx, Channel::Email, T0 + 29, 10)).await.unwrap().is_empty(), "backing off");
        assert_eq!(store.read(|c| next_due(c, Channel::Email)).await.unwrap(), Some(T0 + 30));
        let again = store.write(|tx| claim_due(tx, Channel::Email, T0 + 30, 10)).await.unwrap();
        assert_eq!(again[0].attempts, 1);
        let listed = store.read(undelivered).await.unwrap();
        assert_eq!(listed[0].last_error.as_deref(), Some("connection refused"));

        store.write(move |tx| delivered(tx, id, T0 + 31)).await.unwrap();
        let body: String =
            store.read(move |c| Ok(c.query_row("SELECT body FROM mail_queue WHERE id = ?1", [id], |r| r.get(0))?)).await.unwrap();
        assert_eq!(body, "", "a delivered message keeps no code");
        assert!(store.read(undelivered).await.unwrap().is_empty());
        assert_eq!(store.write(|tx| purge(tx, 1, T0 + 86_400 + 32)).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn a_message_failing_every_try_is_given_up_on_and_kept_without_its_body() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let id = store.write(|tx| enqueue(tx, Channel::Text, "+15175550188", "", "Code 654321", T0)).await.unwrap();
        for n in 1..=MAX_ATTEMPTS {
            let gave_up = store.write(move |tx| failed(tx, id, "gateway 500", 1, T0 + n)).await.unwrap();
            assert_eq!(gave_up, n == MAX_ATTEMPTS);
        }
        let listed = store.read(undelivered).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].failed_at.is_some());
        assert!(store.write(|tx| claim_due(tx, Channel::Text, T0 + 10_000, 10)).await.unwrap().is_empty(), "not tried again");
        let body: String =
            store.read(move |c| Ok(c.query_row("SELECT body FROM mail_queue WHERE id = ?1", [id], |r| r.get(0))?)).await.unwrap();
        assert_eq!(body, "");
    }
}
