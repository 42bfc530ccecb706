//! What the operator commands of SPEC §6 (`server/src/ops/`) read and
//! change beyond what the portal's own pages do: the locks `users unlock`
//! ends, the methods `users reset-methods` removes, the link `access
//! revoke` reads first, the letters `mail export` prints, and whether
//! `records import` adds or updates a record. Each takes the caller's
//! connection, so an operator action and its audit line land in one
//! transaction.

use super::{AccountNumber, LoginId, UserId};
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;
use crate::rules::method::Method;

/// The latest lock still running on a login at `now`, of every kind `users
/// unlock` ends: its wrong-password lockout, each known browser's, its
/// second-step waits and the locks on its own one-time codes (sign-in,
/// Settings, password resets). `None` when nothing is locked, so the
/// operator is told whether there was a lock at all.
pub fn latest_lock(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Option<i64>, StoreError> {
    let [signin, settings, reset] = super::one_time_codes::patterns_of_login(login_id);
    Ok(conn.query_row(
        "SELECT max(u) FROM (
            SELECT locked_until AS u FROM login_lockouts WHERE login_id = ?1
            UNION ALL SELECT locked_until FROM known_devices WHERE login_id = ?1
            UNION ALL SELECT locked_until FROM second_step_locks WHERE login_id = ?1
            UNION ALL SELECT locked_until FROM one_time_code_locks WHERE subject LIKE ?3 OR subject LIKE ?4 OR subject LIKE ?5
         ) WHERE u > ?2",
        params![login_id, now, signin, settings, reset],
        |r| r.get(0),
    )?)
}

/// Forgets the wrong second-step codes of a login's pending sign-ins, so
/// after `users unlock` a sign-in under way gets its full count again.
pub fn clear_pending_wrong_codes(tx: &Db<'_>, login_id: LoginId) -> Result<usize, StoreError> {
    Ok(tx.execute("UPDATE pending_sign_ins SET wrong = 0 WHERE login_id = ?1", [login_id])?)
}

/// `users reset-methods`: every method but Email PIN goes, with the backup
/// codes, and Email PIN is (re)instated so the login keeps one method (the
/// person lost the phone the others were on). Returns the methods removed,
/// in no particular order.
pub fn keep_only_email_pin(tx: &Db<'_>, login_id: LoginId, now: i64) -> Result<Vec<Method>, StoreError> {
    let removed: Vec<Method> = tx
        .prepare("DELETE FROM login_methods WHERE login_id = ?1 AND method <> ?2 RETURNING method")?
        .query_map(params![login_id, Method::Email], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.execute(
        "INSERT INTO login_methods (login_id, method, added_at) VALUES (?1, ?3, ?2)
         ON CONFLICT (login_id, method) DO NOTHING",
        params![login_id, now, Method::Email],
    )?;
    tx.execute("DELETE FROM backup_codes WHERE login_id = ?1", [login_id])?;
    Ok(removed)
}

/// Ends every pending sign-in of a login (the password was right, the
/// second step not done yet): after a reset, the second step must start
/// again from the password.
pub fn end_pending_sign_ins(tx: &Db<'_>, login_id: LoginId) -> Result<usize, StoreError> {
    Ok(tx.execute("DELETE FROM pending_sign_ins WHERE login_id = ?1", [login_id])?)
}

/// Where the notices of this login's access to the account go, or `None`
/// when it has no such access (so `access revoke` changes nothing).
pub fn link_notice_email(conn: &Db<'_>, login_id: LoginId, account_number: &AccountNumber) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT notice_email FROM account_links WHERE login_id = ?1 AND account_number = ?2",
            params![login_id, account_number],
            |r| r.get(0),
        )
        .optional()?)
}

/// A letter asked for and not printed yet, with who asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueLetter {
    pub request_id: i64,
    pub login_id: LoginId,
    pub account_number: AccountNumber,
    /// Its confirmation number.
    pub submission_id: i64,
    pub user_id: UserId,
    /// The requesting login's address, told when the letter is sent.
    pub login_email: String,
}

/// Every letter not sent yet, oldest request first: what `mail export`
/// makes codes for and prints.
pub fn due_letters(conn: &Db<'_>) -> Result<Vec<DueLetter>, StoreError> {
    Ok(conn
        .prepare(
            "SELECT r.id, r.login_id, r.account_number, r.submission_id, l.user_id, l.email
             FROM code_requests r JOIN logins l ON l.id = r.login_id
             WHERE r.channel = 'letter' AND r.sent_at IS NULL ORDER BY r.id",
        )?
        .query_map([], |r| {
            Ok(DueLetter {
                request_id: r.get(0)?,
                login_id: r.get(1)?,
                account_number: r.get(2)?,
                submission_id: r.get(3)?,
                user_id: r.get(4)?,
                login_email: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

/// Marks a letter printed, in the export's transaction: it is not printed
/// again, and its request counts as sent from `now`.
pub fn letter_sent(tx: &Db<'_>, request_id: i64, now: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE code_requests SET sent_at = ?2 WHERE id = ?1", params![request_id, now])?;
    Ok(())
}

/// Whether a business record with that number is stored, so an import can
/// say how many records it added and how many it updated.
pub fn business_account_exists(conn: &Db<'_>, number: &AccountNumber) -> Result<bool, StoreError> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM business_accounts WHERE number = ?1)", [number], |r| r.get(0))?)
}

/// How many business records are stored.
pub fn business_account_count(conn: &Db<'_>) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM business_accounts", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const NOW: i64 = 1_800_000_000;

    #[tokio::test]
    async fn the_latest_running_lock_of_the_login_is_seen_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let id = store.write(|tx| crate::store::test_login(tx, "halle1234")).await.unwrap();
        assert_eq!(store.read(move |c| latest_lock(c, id, NOW)).await.unwrap(), None, "nothing is locked");
        store
            .write(move |tx| {
                tx.execute("INSERT INTO login_lockouts (login_id, wrong_in_a_row, locked_until) VALUES (?1, 0, ?2)", params![id, NOW + 60])?;
                tx.execute("INSERT INTO second_step_locks (login_id, scope, locked_until) VALUES (?1, x'', ?2)", params![id, NOW + 600])?;
                // (subject, until): one of its own code locks, ended; and
                // another login's (id 1 and 11 share a first digit), later.
                for (subject, until) in [(format!("reset:{id}:x"), NOW - 1), (format!("signin:{id}1:x"), NOW + 900)] {
                    tx.execute(
                        "INSERT INTO one_time_code_locks (subject, channel, wrong_in_a_row, locked_until) VALUES (?1, 'email', 0, ?2)",
                        params![subject, until],
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        assert_eq!(
            store.read(move |c| latest_lock(c, id, NOW)).await.unwrap(),
            Some(NOW + 600),
            "its own latest lock still running"
        );
    }

    #[tokio::test]
    async fn a_reset_leaves_email_pin_alone_and_no_backup_codes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (removed, methods, codes) = store
            .write(|tx| {
                let id = crate::store::test_login(tx, "halle1234")?;
                for method in [Method::Text, Method::BackupCodes] {
                    tx.execute("INSERT INTO login_methods (login_id, method, added_at) VALUES (?1, ?2, 0)", params![id, method])?;
                }
                tx.execute(
                    "INSERT INTO backup_codes (login_id, salt, code_hash, scheme) VALUES (?1, x'', x'00', 'hmac-sha256')",
                    [id],
                )?;
                let mut removed = keep_only_email_pin(tx, id, NOW)?;
                removed.sort();
                let codes: i64 = tx.query_row("SELECT count(*) FROM backup_codes WHERE login_id = ?1", [id], |r| r.get(0))?;
                Ok((removed, crate::store::logins::methods_of(tx, id)?, codes))
            })
            .await
            .unwrap();
        assert_eq!(removed, [Method::Text, Method::BackupCodes]);
        assert_eq!(methods, [Method::Email]);
        assert_eq!(codes, 0);
    }
}
