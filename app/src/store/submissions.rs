//! The one sequence of submissions (SPEC §4.3): every Request Code and Add
//! Account Access submission takes the next number, shown as the
//! confirmation number grouped 1-3-3-3 (`rules::business::confirmation_number`).

use super::{AccountNumber, LoginId};
use rusqlite::params;

use super::Db;

use super::StoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CodeRequest,
    AccountAccess,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::CodeRequest => "code_request",
            Self::AccountAccess => "account_access",
        }
    }
}

/// Takes the next number for a submission of `login_id` about `account_number`.
pub fn record(conn: &Db<'_>, login_id: LoginId, kind: Kind, account_number: &AccountNumber, now: i64) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO submissions (login_id, kind, account_number, at) VALUES (?1, ?2, ?3, ?4)",
        params![login_id, kind.as_str(), account_number, now],
    )?;
    Ok(conn.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn numbers_follow_one_sequence_across_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let numbers = store
            .write(|tx| {
                tx.execute("INSERT INTO logins (user_id, account_type, last_name, email, work_phone, created_at) VALUES ('a1', 'mechanic', 'X', 'a@b.c', '+15175550100', 0)", [])?;
                let login = LoginId::from_row(tx.last_insert_rowid());
                Ok([
                    record(tx, login, Kind::CodeRequest, &crate::store::number("Z123456"), 1)?,
                    record(tx, login, Kind::AccountAccess, &crate::store::number("Z123456"), 2)?,
                    record(tx, login, Kind::CodeRequest, &crate::store::number("Z654321"), 3)?,
                ])
            })
            .await
            .unwrap();
        assert_eq!(numbers[1], numbers[0] + 1);
        assert_eq!(numbers[2], numbers[1] + 1);
    }
}
