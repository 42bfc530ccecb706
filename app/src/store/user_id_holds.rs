//! Holding a chosen User ID for an unfinished sign-up (SPEC §2: "The chosen
//! User ID is held for the wizard until it finishes or expires, so it cannot
//! be lost at the last step").
//!
//! A User ID is free when no login has it and no live sign-up holds it,
//! ignoring case. Every change goes through the store's single writer in one
//! `BEGIN IMMEDIATE` transaction, and the table's primary key is the last
//! line of defence, so two people racing for one ID cannot both get it.

use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;
use super::UserId;

/// The ID is someone else's: another sign-up holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserIdTaken;

/// True when no login has `wanted` and no sign-up but `holder` holds it at `now`.
pub fn is_free(conn: &Db<'_>, wanted: &UserId, holder: Option<&str>, now: i64) -> Result<bool, StoreError> {
    if super::logins::user_id_exists(conn, wanted)? {
        return Ok(false);
    }
    let held_by: Option<String> = conn
        .query_row("SELECT holder FROM user_id_holds WHERE user_id = ?1 AND expires_at > ?2", params![wanted, now], |r| r.get(0))
        .optional()?;
    Ok(held_by.is_none_or(|h| Some(h.as_str()) == holder))
}

/// Holds `wanted` for `holder` (an unfinished sign-up) until `expires_at`,
/// giving up whatever ID that sign-up held before.
pub fn hold(
    conn: &Db<'_>,
    holder: &str,
    wanted: &UserId,
    now: i64,
    expires_at: i64,
) -> Result<Result<(), UserIdTaken>, StoreError> {
    conn.execute("DELETE FROM user_id_holds WHERE expires_at <= ?1", [now])?;
    if !is_free(conn, wanted, Some(holder), now)? {
        return Ok(Err(UserIdTaken));
    }
    conn.execute("DELETE FROM user_id_holds WHERE holder = ?1", [holder])?;
    match conn.execute(
        "INSERT INTO user_id_holds (user_id, holder, expires_at) VALUES (?1, ?2, ?3)",
        params![wanted, holder, expires_at],
    ) {
        Ok(_) => Ok(Ok(())),
        // The key guards even a writer that skipped the check above.
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => Ok(Err(UserIdTaken)),
        Err(e) => Err(e.into()),
    }
}

/// Keeps what `holder` holds until `expires_at` (the sign-up saved a step).
pub fn extend(conn: &Db<'_>, holder: &str, expires_at: i64) -> Result<(), StoreError> {
    conn.execute("UPDATE user_id_holds SET expires_at = ?2 WHERE holder = ?1", params![holder, expires_at])?;
    Ok(())
}

/// Lets go of whatever `holder` held (the sign-up finished or was reset).
pub fn release(conn: &Db<'_>, holder: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM user_id_holds WHERE holder = ?1", [holder])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const T0: i64 = 1_800_000_000;
    const HOUR: i64 = 3600;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        (dir, store)
    }

    async fn hold_at(store: &Store, holder: &'static str, wanted: &'static str, now: i64) -> Result<(), UserIdTaken> {
        let wanted = UserId::parse(wanted).unwrap();
        store.write(move |tx| hold(tx, holder, &wanted, now, now + HOUR)).await.unwrap()
    }

    #[tokio::test]
    async fn an_id_is_held_ignoring_case_until_it_expires() {
        let (_d, store) = store();
        assert_eq!(hold_at(&store, "signup-a", "SmithJ9999", T0).await, Ok(()));
        assert_eq!(hold_at(&store, "signup-b", "smithj9999", T0 + 10).await, Err(UserIdTaken));
        assert_eq!(hold_at(&store, "signup-a", "smithj9999", T0 + 20).await, Ok(()), "the holder may confirm it again");
        assert_eq!(hold_at(&store, "signup-b", "SMITHJ9999", T0 + HOUR + 20).await, Ok(()), "free once the hold expired");
    }

    #[tokio::test]
    async fn choosing_another_id_frees_the_first_and_release_frees_all() {
        let (_d, store) = store();
        hold_at(&store, "signup-a", "smithj1111", T0).await.unwrap();
        hold_at(&store, "signup-a", "smithj2222", T0 + 1).await.unwrap();
        assert_eq!(hold_at(&store, "signup-b", "smithj1111", T0 + 2).await, Ok(()));
        store.write(|tx| release(tx, "signup-a")).await.unwrap();
        assert_eq!(hold_at(&store, "signup-c", "smithj2222", T0 + 3).await, Ok(()));
    }

    /// Two sign-ups race for one ID with real concurrency: exactly one holds it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn racing_sign_ups_never_both_hold_one_id() {
        for round in 0..20 {
            let (_d, store) = store();
            let racers: Vec<_> = ["signup-a", "signup-b", "signup-c", "signup-d"]
                .into_iter()
                .map(|holder| {
                    let store = store.clone();
                    tokio::spawn(async move { hold_at(&store, holder, "doej1234", T0).await })
                })
                .collect();
            let mut winners = 0;
            for racer in racers {
                if racer.await.unwrap().is_ok() {
                    winners += 1;
                }
            }
            assert_eq!(winners, 1, "round {round}");
            let holds: i64 =
                store.read(|c| Ok(c.query_row("SELECT count(*) FROM user_id_holds", [], |r| r.get(0))?)).await.unwrap();
            assert_eq!(holds, 1);
        }
    }
}
