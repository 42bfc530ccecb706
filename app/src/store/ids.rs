//! The ids the store hands out or keeps, as types. A login's row id is a
//! [`LoginId`], never a bare integer: a function that takes one cannot be
//! handed a count, a timestamp or another table's id by mistake, and a
//! reader sees at once which id a signature means. User IDs and account
//! numbers are the rules' [`UserId`] and [`AccountNumber`], stored as text.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

pub use crate::rules::business::AccountNumber;
pub use crate::rules::user_id::UserId;

/// A login's row id (`logins.id`): read from the store, never made up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct LoginId(i64);

impl LoginId {
    /// A row id the store just wrote or read (`last_insert_rowid`).
    pub(in crate::store) fn from_row(id: i64) -> Self {
        LoginId(id)
    }

    /// Any id, for tests that need one without a row behind it (the
    /// server crate's unit tests too, which is why it is not `cfg(test)`);
    /// the portal's own code gets ids only from the store.
    pub const fn test(id: i64) -> Self {
        LoginId(id)
    }

    /// The number as stored, for log fields and operator reports.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl std::fmt::Display for LoginId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ToSql for LoginId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for LoginId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(LoginId)
    }
}

/// User IDs and account numbers are checked types of the rules layer; the
/// store writes them as the text it compares and reads them back as such.
macro_rules! text_column {
    ($ty:ty) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map(<$ty>::from_stored)
            }
        }
    };
}

text_column!(UserId);
text_column!(AccountNumber);
