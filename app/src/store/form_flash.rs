//! The form flash's rows: what a form submitted without JavaScript brings
//! back to its page, sealed by `forms::flash` before it gets here. Keyed by
//! the hash of the browser's `cars_form` cookie; the store never sees the
//! cookie itself, nor what the payload says.

use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;

/// The flash a page takes when it has none of its own (`forms::flash::ANY_FORM`).
pub const ANY_FORM: &str = "*";

/// Keeps `payload` as the browser's flash for `form`, replacing an older one.
pub fn keep(tx: &Db<'_>, browser_key: &[u8], form: &str, payload: &str, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO form_flash (browser_key, form, payload, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (browser_key, form) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at",
        params![browser_key, form, payload, now],
    )?;
    Ok(())
}

/// A flash taken: the form it was kept for (its own, or [`ANY_FORM`]) and
/// its sealed payload.
#[derive(Debug, PartialEq, Eq)]
pub struct Taken {
    pub form: String,
    pub payload: String,
}

/// Takes (reads and deletes, in one statement) the browser's flash for
/// `form`, or else the one kept for any form, of those younger than
/// `max_age` seconds. The other one, if both exist, stays for the next
/// page; a stale one stays for the purge.
pub fn take(tx: &Db<'_>, browser_key: &[u8], form: &str, now: i64, max_age: i64) -> Result<Option<Taken>, StoreError> {
    Ok(tx
        .query_row(
            "DELETE FROM form_flash WHERE rowid = (
                 SELECT rowid FROM form_flash WHERE browser_key = ?1 AND form IN (?2, ?3) AND created_at >= ?4
                 ORDER BY form = ?2 DESC LIMIT 1)
             RETURNING form, payload",
            params![browser_key, form, ANY_FORM, now - max_age],
            |r| Ok(Taken { form: r.get(0)?, payload: r.get(1)? }),
        )
        .optional()?)
}

/// Whether [`take`] would find a flash: a read, so the form pages a
/// browser views after its first flash (its cookie stays) need not queue
/// for the writer to learn that nothing is waiting.
pub fn is_waiting(db: &Db<'_>, browser_key: &[u8], form: &str, now: i64, max_age: i64) -> Result<bool, StoreError> {
    Ok(db.query_row(
        "SELECT EXISTS (SELECT 1 FROM form_flash WHERE browser_key = ?1 AND form IN (?2, ?3) AND created_at >= ?4)",
        params![browser_key, form, ANY_FORM, now - max_age],
        |r| r.get(0),
    )?)
}

/// Removes flashes older than `max_age` seconds: nobody came back for them.
pub fn purge_stale(tx: &Db<'_>, now: i64, max_age: i64) -> Result<usize, StoreError> {
    Ok(tx.execute("DELETE FROM form_flash WHERE created_at < ?1", [now - max_age])?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn a_read_tells_whether_take_would_find_a_flash() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let seen = store
            .write(|tx| {
                let mut seen = vec![is_waiting(tx, b"browser", "signup_profile", 100, 600)?];
                keep(tx, b"browser", "sign_in", "another form's", 100)?;
                seen.push(is_waiting(tx, b"browser", "signup_profile", 100, 600)?);
                keep(tx, b"browser", ANY_FORM, "too large", 100)?;
                seen.push(is_waiting(tx, b"browser", "signup_profile", 100, 600)?);
                seen.push(is_waiting(tx, b"other browser", "signup_profile", 100, 600)?);
                seen.push(is_waiting(tx, b"browser", "signup_profile", 100 + 601, 600)?);
                take(tx, b"browser", "signup_profile", 100, 600)?;
                seen.push(is_waiting(tx, b"browser", "signup_profile", 100, 600)?);
                Ok(seen)
            })
            .await
            .unwrap();
        assert_eq!(
            seen,
            [false, false, true, false, false, false],
            "none; another form's; any form's; another browser; stale; taken"
        );
    }

    #[tokio::test]
    async fn a_page_takes_its_own_flash_first_then_the_one_for_any_form_then_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let taken = store
            .write(|tx| {
                keep(tx, b"browser", ANY_FORM, "too large", 100)?;
                keep(tx, b"browser", "signup_profile", "first", 100)?;
                keep(tx, b"browser", "signup_profile", "second", 101)?;
                keep(tx, b"other browser", "signup_profile", "not mine", 101)?;
                let mut taken = Vec::new();
                for _ in 0..3 {
                    taken.push(take(tx, b"browser", "signup_profile", 102, 600)?);
                }
                taken.push(take(tx, b"other browser", "signup_profile", 102, 600)?);
                Ok(taken)
            })
            .await
            .unwrap();
        let flash = |form: &str, payload: &str| Some(Taken { form: form.into(), payload: payload.into() });
        assert_eq!(taken[0], flash("signup_profile", "second"), "its own first, the newest");
        assert_eq!(taken[1], flash(ANY_FORM, "too large"), "then the one for any form");
        assert_eq!(taken[2], None, "taken means gone");
        assert_eq!(taken[3], flash("signup_profile", "not mine"), "another browser's is its own");
    }

    #[tokio::test]
    async fn a_stale_flash_is_not_shown_and_is_purged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (stale, instead, purged, fresh) = store
            .write(|tx| {
                keep(tx, b"browser", "sign_in", "old", 100)?;
                let stale = take(tx, b"browser", "sign_in", 100 + 601, 600)?;
                // A stale one of its own does not hide a fresh one for any form.
                keep(tx, b"browser", ANY_FORM, "too large", 650)?;
                let instead = take(tx, b"browser", "sign_in", 701, 600)?;
                keep(tx, b"browser", "settings", "new", 650)?;
                let purged = purge_stale(tx, 701, 600)?;
                Ok((stale, instead, purged, take(tx, b"browser", "settings", 701, 600)?))
            })
            .await
            .unwrap();
        assert_eq!(stale, None, "older than ten minutes: not shown");
        assert_eq!(instead, Some(Taken { form: ANY_FORM.into(), payload: "too large".into() }));
        assert_eq!(purged, 1, "the stale one goes with the purge");
        assert!(fresh.is_some(), "a young one is kept");
    }
}
