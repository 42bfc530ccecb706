//! The retention purges of SPEC §6 (abandoned sign-ups are purged by the
//! sign-up module itself), run by the server's retention timer. Periods are
//! configurable (`[retention]`, see the README); the defaults are the ones
//! the Privacy page states. Each purge takes `now`, so tests set the clock.

use rusqlite::params;

use super::Db;

use super::StoreError;

const DAY: i64 = 86_400;

/// Sign-in attempt counts per client address are kept this long after
/// their one-minute window opened: long past its end, so no live count is
/// lost, and short enough that the table is not a record of who signed in
/// from where.
pub const IP_THROTTLE_KEEP_SECONDS: i64 = 600;

/// How long things are kept, in days (each at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Development-outbox messages (they hold one-time codes).
    pub outbox_days: i64,
    /// Authorization and one-time codes, counted from when they expired,
    /// were used or were voided.
    pub expired_codes_days: i64,
    /// The client address and user agent of audit lines; the event stays.
    pub audit_ip_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Self { outbox_days: 30, expired_codes_days: 90, audit_ip_days: 365 }
    }
}

/// What one round of purges removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub outbox_messages: usize,
    pub authorization_codes: usize,
    pub one_time_codes: usize,
    pub audit_addresses: usize,
    pub ip_throttle_rows: usize,
    /// Second-step failures and sends per recipient past their windows.
    pub limit_rows: usize,
    /// Delivered (or given-up) messages of the outgoing queue.
    pub queued_messages: usize,
}

impl Purged {
    pub fn total(&self) -> usize {
        self.outbox_messages
            + self.authorization_codes
            + self.one_time_codes
            + self.audit_addresses
            + self.ip_throttle_rows
            + self.limit_rows
            + self.queued_messages
    }
}

/// Development-outbox messages older than `days`: they hold one-time codes.
pub fn purge_outbox(conn: &Db<'_>, days: i64, now: i64) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM outbox_messages WHERE created_at < ?1", [now - days * DAY])?)
}

/// Codes that ended (expired, used or voided) more than `days` ago. Live
/// codes are never touched, however old.
pub fn purge_codes(conn: &Db<'_>, days: i64, now: i64) -> Result<(usize, usize), StoreError> {
    let before = now - days * DAY;
    let authorization =
        conn.execute("DELETE FROM authorization_codes WHERE expires_at < ?1 OR used_at < ?1 OR voided_at < ?1", params![before])?;
    let one_time = conn.execute("DELETE FROM one_time_codes WHERE expires_at < ?1 OR used_at < ?1", params![before])?;
    Ok((authorization, one_time))
}

/// Forgets where old audit events came from; the events themselves stay.
pub fn purge_audit_addresses(conn: &Db<'_>, days: i64, now: i64) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE audit_log SET ip = NULL, user_agent = NULL
         WHERE at < ?1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)",
        [now - days * DAY],
    )?)
}

/// Sign-in attempt counts whose window ended: a missing row and an ended
/// window count the same (the next attempt starts a new window).
pub fn purge_ip_throttle(conn: &Db<'_>, now: i64) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM ip_throttle WHERE window_start < ?1", [now - IP_THROTTLE_KEEP_SECONDS])?)
}

/// Every purge, in one transaction.
pub fn purge(conn: &Db<'_>, retention: &Retention, now: i64) -> Result<Purged, StoreError> {
    let (authorization_codes, one_time_codes) = purge_codes(conn, retention.expired_codes_days, now)?;
    Ok(Purged {
        outbox_messages: purge_outbox(conn, retention.outbox_days, now)?,
        authorization_codes,
        one_time_codes,
        audit_addresses: purge_audit_addresses(conn, retention.audit_ip_days, now)?,
        ip_throttle_rows: purge_ip_throttle(conn, now)?,
        limit_rows: super::sign_in::purge_ended_counts(conn, now)?,
        // Their bodies went at delivery; the record of who was sent what
        // goes after the outbox's period.
        queued_messages: super::mail_queue::purge(conn, retention.outbox_days, now)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const NOW: i64 = 1_800_000_000;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        (dir, store)
    }

    async fn count(store: &Store, sql: &'static str) -> i64 {
        store.read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
    }

    #[tokio::test]
    async fn ended_limit_counts_and_old_queued_messages_go() {
        let (_dir, store) = store().await;
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO logins (id, user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES (1, 'halle1234', 'mechanic', 'Hall', 'e@example.com', '+15175550100', 0)",
                    [],
                )?;
                let window = crate::store::sign_in::SECOND_STEP_WINDOW_SECONDS;
                for at in [NOW - window - 1, NOW - 10] {
                    tx.execute("INSERT INTO second_step_failures (login_id, scope, at) VALUES (1, x'', ?1)", [at])?;
                    tx.execute(
                        "INSERT INTO recipient_sends (recipient, scope, sent_at) VALUES ('email:e@example.com', x'', ?1)",
                        [at - 3600],
                    )?;
                }
                tx.execute("INSERT INTO second_step_locks (login_id, scope, locked_until) VALUES (1, x'', ?1)", [NOW - 1])?;
                let old = crate::store::mail_queue::enqueue(
                    tx,
                    crate::store::mail_queue::Channel::Email,
                    "a@b.c",
                    "s",
                    "code 1",
                    NOW - 31 * DAY,
                )?;
                crate::store::mail_queue::delivered(tx, old, NOW - 31 * DAY)?;
                let recent = crate::store::mail_queue::enqueue(
                    tx,
                    crate::store::mail_queue::Channel::Email,
                    "a@b.c",
                    "s",
                    "code 2",
                    NOW - DAY,
                )?;
                crate::store::mail_queue::delivered(tx, recent, NOW - DAY)?;
                crate::store::mail_queue::enqueue(
                    tx,
                    crate::store::mail_queue::Channel::Email,
                    "a@b.c",
                    "s",
                    "waiting",
                    NOW - 40 * DAY,
                )?;
                Ok(())
            })
            .await
            .unwrap();
        let purged = store.write(|tx| purge(tx, &Retention::default(), NOW)).await.unwrap();
        assert_eq!(purged.limit_rows, 4, "one old failure, the ended lock, two sends past the hour");
        assert_eq!(purged.queued_messages, 1, "the message delivered 31 days ago");
        assert_eq!(count(&store, "SELECT count(*) FROM second_step_failures").await, 1);
        assert_eq!(count(&store, "SELECT count(*) FROM mail_queue").await, 2, "the recent one and the one still waiting");
    }

    #[tokio::test]
    async fn outbox_messages_go_after_their_period_and_not_before() {
        let (_dir, store) = store().await;
        store
            .write(|tx| {
                for age_days in [31, 30, 29, 0] {
                    tx.execute(
                        "INSERT INTO outbox_messages (channel, recipient, subject, body, created_at) VALUES ('email', 'a@b.c', 's', 'b', ?1)",
                        [NOW - age_days * DAY - if age_days == 30 { 0 } else { 1 }],
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let n = store.write(|tx| purge_outbox(tx, 30, NOW)).await.unwrap();
        assert_eq!(n, 1, "only the one older than 30 days");
        assert_eq!(count(&store, "SELECT count(*) FROM outbox_messages").await, 3);
    }

    #[tokio::test]
    async fn ended_codes_go_and_live_ones_stay() {
        let (_dir, store) = store().await;
        let old = NOW - 91 * DAY;
        let recent = NOW - 10 * DAY;
        store
            .write(move |tx| {
                tx.execute(
                    "INSERT INTO logins (id, user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES (1, 'halle1234', 'mechanic', 'Hall', 'e@example.com', '+15175550100', 0)",
                    [],
                )?;
                tx.execute(
                    "INSERT INTO business_accounts (number, account_type, name, address_line1, city, state, zip, active, updated_at)
                     VALUES ('Z123456', 'mechanic', 'Ellen Hall', '1 Main St', 'Lansing', 'MI', '48933', 1, 0)",
                    [],
                )?;
                tx.execute("INSERT INTO submissions (id, login_id, kind, account_number, at) VALUES (1, 1, 'code_request', 'Z123456', 0)", [])?;
                tx.execute(
                    "INSERT INTO code_requests (id, submission_id, login_id, account_number, channel, requested_at, sent_at)
                     VALUES (1, 1, 1, 'Z123456', 'email', 0, 0)",
                    [],
                )?;
                // (created, expires, used, voided)
                let codes: [(i64, i64, Option<i64>, Option<i64>); 6] = [
                    (old - DAY, old, None, None),              // expired long ago: goes
                    (old - DAY, NOW + DAY, Some(old), None),   // used long ago: goes
                    (old - DAY, NOW + DAY, None, Some(old)),   // voided long ago: goes
                    (recent - DAY, recent, None, None),        // expired recently: stays
                    (old - DAY, NOW + DAY, None, None),        // old but live: stays
                    (recent, NOW + DAY, Some(recent), None),   // used recently: stays
                ];
                for (created, expires, used, voided) in codes {
                    tx.execute(
                        "INSERT INTO authorization_codes (request_id, login_id, account_number, code_hash, created_at, expires_at, used_at, voided_at)
                         VALUES (1, 1, 'Z123456', x'00', ?1, ?2, ?3, ?4)",
                        params![created, expires, used, voided],
                    )?;
                }
                for (expires, used) in [(old, None), (NOW + 600, Some(old)), (recent, None), (NOW + 600, None)] {
                    tx.execute(
                        "INSERT INTO one_time_codes (subject, channel, salt, code_hash, created_at, expires_at, used_at)
                         VALUES ('signup:x', 'email', x'00', x'00', 0, ?1, ?2)",
                        params![expires, used],
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let (authorization, one_time) = store.write(|tx| purge_codes(tx, 90, NOW)).await.unwrap();
        assert_eq!((authorization, one_time), (3, 2));
        assert_eq!(count(&store, "SELECT count(*) FROM authorization_codes").await, 3);
        assert_eq!(
            count(&store, "SELECT count(*) FROM authorization_codes WHERE expires_at > 1800000000 AND used_at IS NULL").await,
            1
        );
        assert_eq!(count(&store, "SELECT count(*) FROM one_time_codes").await, 2);
    }

    #[tokio::test]
    async fn sign_in_counts_go_once_their_window_is_long_over() {
        let (_dir, store) = store().await;
        store
            .write(|tx| {
                // (address, seconds since its window opened)
                for (ip, age) in [("192.0.2.1", 601), ("192.0.2.2", 600), ("192.0.2.3", 30)] {
                    crate::store::sign_in::throttle(tx, ip, 10, NOW - age)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let purged = store.write(|tx| purge(tx, &Retention::default(), NOW)).await.unwrap();
        assert_eq!(purged, Purged { ip_throttle_rows: 1, ..Purged::default() });
        assert_eq!(count(&store, "SELECT count(*) FROM ip_throttle WHERE ip = '192.0.2.1'").await, 0);
        assert_eq!(count(&store, "SELECT count(*) FROM ip_throttle").await, 2);
        // The window still open kept its count: at one attempt a minute, a
        // second attempt in it is refused.
        let allowed = store.write(|tx| crate::store::sign_in::throttle(tx, "192.0.2.3", 1, NOW)).await.unwrap();
        assert!(!allowed, "the open window kept its count");
    }

    #[tokio::test]
    async fn old_audit_lines_lose_their_address_but_stay() {
        let (_dir, store) = store().await;
        store
            .write(|tx| {
                for at in [NOW - 366 * DAY, NOW - 364 * DAY] {
                    tx.execute(
                        "INSERT INTO audit_log (at, event, ip, user_agent, detail) VALUES (?1, 'sign_in', '192.0.2.1', 'Firefox', 'x')",
                        [at],
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let purged = store.write(|tx| purge(tx, &Retention::default(), NOW)).await.unwrap();
        assert_eq!(purged, Purged { audit_addresses: 1, ..Purged::default() });
        assert_eq!(count(&store, "SELECT count(*) FROM audit_log").await, 2);
        assert_eq!(
            count(&store, "SELECT count(*) FROM audit_log WHERE ip IS NULL AND user_agent IS NULL AND event = 'sign_in'").await,
            1
        );
        assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE ip = '192.0.2.1'").await, 1);
        // A second round finds nothing more.
        assert_eq!(store.write(|tx| purge(tx, &Retention::default(), NOW)).await.unwrap().total(), 0);
    }
}
