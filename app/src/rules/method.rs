//! The sign-in verification and recovery methods a login can have (SPEC §2
//! step 3): the one list the wizard, Settings, the second step and the
//! store share, instead of method names written as strings.

use crate::messages::rules::method as words;
use serde::{Deserialize, Serialize};

/// A way to prove, after the password, that it is you. Declared in the
/// order methods are listed everywhere (`Ord` follows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A one-time code by email.
    Email,
    /// A one-time code by text message to the mobile phone.
    Text,
    /// An authenticator app (TOTP).
    Totp,
    /// Single-use backup codes, shown once.
    BackupCodes,
}

impl Method {
    /// Every method, in listing order.
    pub const ALL: [Method; 4] = [Method::Email, Method::Text, Method::Totp, Method::BackupCodes];

    /// The name stored in `login_methods.method` and sent in forms.
    pub const fn name(self) -> &'static str {
        match self {
            Method::Email => "email",
            Method::Text => "text",
            Method::Totp => "totp",
            Method::BackupCodes => "backup_codes",
        }
    }

    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// What a person reads for the method, as the guide names it.
    pub const fn label(self) -> &'static str {
        match self {
            Method::Email => words::EMAIL_PIN,
            Method::Text => words::TEXT_MESSAGE,
            Method::Totp => words::AUTHENTICATOR_APP,
            Method::BackupCodes => words::BACKUP_CODES,
        }
    }
}

#[cfg(feature = "ssr")]
mod sql {
    use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

    use super::Method;

    impl ToSql for Method {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::from(self.name()))
        }
    }

    /// Only this list is ever stored; anything else is a damaged row.
    impl FromSql for Method {
        fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let name = value.as_str()?;
            Method::from_name(name).ok_or_else(|| FromSqlError::Other(format!("unknown method {name:?}").into()))
        }
    }
}

/// What a person needs to add their login to an authenticator app while
/// setting it up (sign-up step 3 or Settings): the key in base32, in groups
/// of four, and a QR code of it (an inline SVG made by the server). The only
/// secret the server ever shows, and only until the app's first code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticatorKey {
    pub secret: String,
    pub qr_svg: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_serde_uses_them() {
        for m in Method::ALL {
            assert_eq!(Method::from_name(m.name()), Some(m));
            #[cfg(feature = "ssr")]
            assert_eq!(serde_json::to_string(&m).ok(), Some(format!("\"{}\"", m.name())));
        }
        assert_eq!(Method::from_name("voice"), None);
        let mut shuffled = [Method::BackupCodes, Method::Email, Method::Totp, Method::Text];
        shuffled.sort();
        assert_eq!(shuffled, Method::ALL, "listing order is declaration order");
    }
}
