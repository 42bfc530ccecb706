//! The Add Account Access draft: one row
//! per login in `account_access_drafts`. It holds the id of the live code
//! the person typed — never the code itself — so the account it belongs to
//! is always read from the code's own row, bound to this login: nothing the
//! browser sends can point the draft at someone else's account.

use super::{AccountNumber, LoginId};
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;

/// A draft nobody touched for this long starts afresh.
pub const DRAFT_TTL_SECONDS: i64 = 60 * 60;

/// The steps accepted so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// A code of this login that was live when it was typed.
    pub code_id: i64,
    /// The account that code belongs to.
    pub account_number: AccountNumber,
    /// The person confirmed the account on Account Info.
    pub confirmed: bool,
    /// Where notices about this access go (the Email step).
    pub notice_email: Option<String>,
}

/// The login's live draft. The join on the code's own login is the access
/// check: a draft can only name a code of the login that owns it.
pub fn load(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Option<Draft>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT d.code_id, c.account_number, d.confirmed, d.notice_email
             FROM account_access_drafts d
             JOIN authorization_codes c ON c.id = d.code_id AND c.login_id = d.login_id
             WHERE d.login_id = ?1 AND d.updated_at > ?2",
            params![login_id, now - DRAFT_TTL_SECONDS],
            |r| Ok(Draft { code_id: r.get(0)?, account_number: r.get(1)?, confirmed: r.get(2)?, notice_email: r.get(3)? }),
        )
        .optional()?)
}

/// A right code was typed: the draft starts over from Account Info.
pub fn start(conn: &Db<'_>, login_id: LoginId, code_id: i64, now: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO account_access_drafts (login_id, code_id, confirmed, notice_email, updated_at)
         VALUES (?1, ?2, 0, NULL, ?3)
         ON CONFLICT (login_id) DO UPDATE SET code_id = excluded.code_id, confirmed = 0,
            notice_email = NULL, updated_at = excluded.updated_at",
        params![login_id, code_id, now],
    )?;
    Ok(())
}

pub fn confirm(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<(), StoreError> {
    conn.execute("UPDATE account_access_drafts SET confirmed = 1, updated_at = ?2 WHERE login_id = ?1", params![login_id, now])?;
    Ok(())
}

pub fn set_notice_email(conn: &Db<'_>, login_id: LoginId, email: &str, now: i64) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE account_access_drafts SET notice_email = ?2, updated_at = ?3 WHERE login_id = ?1",
        params![login_id, email, now],
    )?;
    Ok(())
}

pub fn discard(conn: &Db<'_>, login_id: LoginId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM account_access_drafts WHERE login_id = ?1", [login_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// How far a draft got: (confirmed, notice email given).
    fn stage(d: Option<Draft>) -> Option<(bool, bool)> {
        d.map(|d| (d.confirmed, d.notice_email.is_some()))
    }
    use crate::store::authorization::{CodeKey, EMAIL_CODE_TTL_SECONDS, issue};

    /// Two logins, each with one code for its own account.
    async fn setup() -> (tempfile::TempDir, Store, [(LoginId, i64); 2]) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let made = store
            .write(|tx| {
                let mut out = Vec::new();
                for (user, number) in [("halle1234", "Z123456"), ("moorej5678", "Z654321")] {
                    let login = crate::store::test_login(tx, user)?;
                    crate::store::business::upsert(tx, &crate::store::business::sample(number), 0)?;
                    let submission = crate::store::submissions::record(
                        tx,
                        login,
                        crate::store::submissions::Kind::CodeRequest,
                        &crate::store::number(number),
                        0,
                    )?;
                    tx.execute(
                        "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at)
                         VALUES (?1, ?2, ?3, 'email', 0, 0)",
                        params![submission, login, number],
                    )?;
                    let request = tx.last_insert_rowid();
                    issue(tx, &CodeKey::from_bytes([1; 32]), request, EMAIL_CODE_TTL_SECONDS, 0, &mut rand::rng())?;
                    out.push((login, tx.last_insert_rowid()));
                }
                Ok([out[0], out[1]])
            })
            .await
            .unwrap();
        (dir, store, made)
    }

    #[tokio::test]
    async fn a_draft_moves_through_the_steps_and_ends_after_an_hour_untouched() {
        let (_dir, store, [(login, code), _]) = setup().await;
        let steps = store
            .write(move |tx| {
                let mut seen = vec![stage(load(tx, login, 10)?)];
                start(tx, login, code, 10)?;
                seen.push(stage(load(tx, login, 10)?));
                confirm(tx, login, 11)?;
                seen.push(stage(load(tx, login, 11)?));
                set_notice_email(tx, login, "a@example.com", 12)?;
                let draft = load(tx, login, 12)?.unwrap();
                assert_eq!(draft.account_number, "Z123456");
                seen.push(stage(Some(draft)));
                seen.push(stage(load(tx, login, 12 + DRAFT_TTL_SECONDS)?));
                Ok(seen)
            })
            .await
            .unwrap();
        // Account Info, then Email, then Summary (see `account_access::add_access_state`).
        assert_eq!(steps, [None, Some((false, false)), Some((true, false)), Some((true, true)), None]);
    }

    #[tokio::test]
    async fn a_draft_naming_another_logins_code_reads_as_nothing() {
        let (_dir, store, [(a, _), (_, b_code)]) = setup().await;
        let found = store
            .write(move |tx| {
                start(tx, a, b_code, 10)?;
                load(tx, a, 10)
            })
            .await
            .unwrap();
        assert_eq!(found, None);
    }
}
