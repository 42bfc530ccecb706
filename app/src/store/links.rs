//! Which logins may act for which business account (SPEC §4.4–4.5). Any
//! number of logins may link one account, each with its own code; linking
//! and removing access notify the record's address and the other linked
//! logins, so nobody gains or loses access unseen.

use super::{AccountNumber, LoginId};
use rusqlite::params;

use super::Db;

use super::StoreError;
use crate::rules::business::BusinessAccount;

/// One account as a login holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedAccount {
    pub account: BusinessAccount,
    /// Where notices about this access go.
    pub notice_email: String,
    pub linked_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linked {
    New,
    /// This login already had the account: nothing was duplicated.
    AlreadyLinked,
}

pub fn link(
    conn: &Db<'_>,
    login_id: LoginId,
    account_number: &AccountNumber,
    notice_email: &str,
    now: i64,
) -> Result<Linked, StoreError> {
    let inserted = conn.execute(
        "INSERT INTO account_links (login_id, account_number, notice_email, linked_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (login_id, account_number) DO NOTHING",
        params![login_id, account_number, notice_email, now],
    )?;
    Ok(if inserted == 1 { Linked::New } else { Linked::AlreadyLinked })
}

/// Removes the access; `false` when the login did not have it (so a forged
/// number changes nothing).
pub fn unlink(conn: &Db<'_>, login_id: LoginId, account_number: &AccountNumber) -> Result<bool, StoreError> {
    Ok(conn
        .execute("DELETE FROM account_links WHERE login_id = ?1 AND account_number = ?2", params![login_id, account_number])?
        == 1)
}

pub fn is_linked(conn: &Db<'_>, login_id: LoginId, account_number: &AccountNumber) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM account_links WHERE login_id = ?1 AND account_number = ?2)",
        params![login_id, account_number],
        |r| r.get(0),
    )?)
}

/// How many accounts the login holds.
pub fn count(conn: &Db<'_>, login_id: LoginId) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM account_links WHERE login_id = ?1", [login_id], |r| r.get(0))?)
}

/// Where a sign-in without a `next` lands (SPEC §4.2): the springboard
/// for a login with linked accounts, Account Access Options otherwise.
pub fn landing(conn: &Db<'_>, login_id: LoginId) -> Result<crate::routes::Route, StoreError> {
    use crate::routes::Route;
    Ok(if count(conn, login_id)? > 0 { Route::Springboard } else { Route::AccountAccess })
}

/// The accounts of a login, oldest link first.
pub fn for_login(conn: &Db<'_>, login_id: LoginId) -> Result<Vec<LinkedAccount>, StoreError> {
    let rows: Vec<(AccountNumber, String, i64)> = conn
        .prepare("SELECT account_number, notice_email, linked_at FROM account_links WHERE login_id = ?1 ORDER BY linked_at, account_number")?
        .query_map([login_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (number, notice_email, linked_at) in rows {
        if let Some(account) = super::business::find(conn, &number)? {
            out.push(LinkedAccount { account, notice_email, linked_at });
        }
    }
    Ok(out)
}

/// Who is told when `login_id` gains or loses `account_number`: the
/// record's email and the notice address of every other linked login,
/// each once.
pub fn notice_recipients(conn: &Db<'_>, login_id: LoginId, account_number: &AccountNumber) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = Vec::new();
    let record: Option<String> = super::business::find(conn, account_number)?.and_then(|a| a.email);
    let others: Vec<String> = conn
        .prepare("SELECT notice_email FROM account_links WHERE account_number = ?1 AND login_id <> ?2 ORDER BY linked_at")?
        .query_map(params![account_number, login_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for email in record.into_iter().chain(others) {
        if !out.iter().any(|e| e.eq_ignore_ascii_case(&email)) {
            out.push(email);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    async fn two_logins() -> (tempfile::TempDir, Store, LoginId, LoginId) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (a, b) = store
            .write(|tx| {
                let mut ids = Vec::new();
                for (user, email) in [("halle1234", "a@example.com"), ("moorej5678", "b@example.com")] {
                    tx.execute(
                        "INSERT INTO logins (user_id, account_type, last_name, email, work_phone, created_at) VALUES (?1, 'mechanic', 'X', ?2, '+15175550100', 0)",
                        params![user, email],
                    )?;
                    ids.push(LoginId::from_row(tx.last_insert_rowid()));
                }
                crate::store::business::upsert(tx, &crate::store::business::sample("Z123456"), 0)?;
                Ok((ids[0], ids[1]))
            })
            .await
            .unwrap();
        (dir, store, a, b)
    }

    #[tokio::test]
    async fn a_link_is_made_once_and_others_are_told() {
        let (_dir, store, a, b) = two_logins().await;
        let (first, again, told) = store
            .write(move |tx| {
                let first = link(tx, a, &crate::store::number("Z123456"), "a@example.com", 1)?;
                let again = link(tx, a, &crate::store::number("Z123456"), "a@example.com", 2)?;
                link(tx, b, &crate::store::number("Z123456"), "b@example.com", 3)?;
                Ok((first, again, notice_recipients(tx, b, &crate::store::number("Z123456"))?))
            })
            .await
            .unwrap();
        assert_eq!((first, again), (Linked::New, Linked::AlreadyLinked));
        assert_eq!(told, ["ellen.hall@example.com", "a@example.com"]);
        let mine = store.read(move |c| for_login(c, a)).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].linked_at, 1);
    }

    #[tokio::test]
    async fn unlinking_someone_elses_account_changes_nothing() {
        let (_dir, store, a, b) = two_logins().await;
        let (forged, own, left) = store
            .write(move |tx| {
                link(tx, a, &crate::store::number("Z123456"), "a@example.com", 1)?;
                let forged = unlink(tx, b, &crate::store::number("Z123456"))?;
                let own = unlink(tx, a, &crate::store::number("Z123456"))?;
                Ok((forged, own, is_linked(tx, a, &crate::store::number("Z123456"))?))
            })
            .await
            .unwrap();
        assert!(!forged);
        assert!(own);
        assert!(!left);
    }
}
