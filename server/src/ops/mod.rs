//! The operator commands of SPEC §6, run from the same binary as the portal:
//! `records import`, `mail export`, `users unlock`, `users reset-methods`,
//! `access revoke`, `codes void` and `backup`, plus the retention purges the
//! server runs on its own. Every operator action is audited, with the
//! operator CLI as its origin.

pub mod backup;
pub mod letters;
pub mod records;
pub mod retention;
pub mod users;

use app::store::StoreError;
use app::store::audit::Origin;

/// What an operator command can fail with; `main` prints it and exits 1.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("there is no login with the User ID {0:?}")]
    UnknownUser(String),
    #[error("there is no business account {0:?}")]
    UnknownAccount(String),
    #[error("the login {user_id} has no access to the account {account}: nothing changed")]
    NotLinked { user_id: app::store::UserId, account: app::store::AccountNumber },
    #[error(transparent)]
    Import(#[from] records::ImportError),
    #[error("{what} {path}: {source}")]
    File { what: &'static str, path: String, source: std::io::Error },
    #[error("{0}")]
    Refused(String),
    #[error("the letters PDF could not be made: {0}")]
    Pdf(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Start(#[from] crate::StartError),
}

impl OpsError {
    pub fn file(what: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.display().to_string();
        move |source| Self::File { what, path, source }
    }
}

/// A User ID as the operator typed it (any case): one that no login could
/// have is as unknown as one that no login has.
pub fn user_id(typed: &str) -> Result<app::store::UserId, OpsError> {
    app::store::UserId::parse(typed.trim()).map_err(|_| OpsError::UnknownUser(typed.to_string()))
}

/// An account number as the operator typed it (any case).
pub fn account_number(typed: &str) -> Result<app::store::AccountNumber, OpsError> {
    app::store::AccountNumber::parse(typed).ok_or_else(|| OpsError::UnknownAccount(typed.to_string()))
}

/// Where an operator action comes from, as the audit log records it.
pub fn operator() -> Origin {
    Origin { ip: None, user_agent: Some("operator CLI".into()) }
}
/// `server mail queue`: one line a message, waiting ones first. Addresses
/// are shown (the operator must know who is waiting), bodies never.
pub fn mail_queue_listing(entries: &[app::store::mail_queue::QueueEntry], now: i64) -> String {
    if entries.is_empty() {
        return "the queue is empty: every message was delivered\n".into();
    }
    let mut out = String::new();
    for e in entries {
        let state = match e.failed_at {
            Some(at) => format!("FAILED (given up at {})", app::clock::michigan_time(at)),
            None if e.attempts == 0 => "waiting (first try)".to_string(),
            None => format!("waiting, next try in {} s", (e.next_attempt_at - now).max(0)),
        };
        out.push_str(&format!(
            "#{id} {channel} to {to} \"{subject}\" queued {queued}; {tries} tr{ies} so far; {state}{error}\n",
            id = e.id,
            channel = e.channel,
            to = e.recipient,
            subject = e.subject,
            queued = app::clock::michigan_time(e.created_at),
            tries = e.attempts,
            ies = if e.attempts == 1 { "y" } else { "ies" },
            error = e.last_error.as_deref().map(|err| format!("; last error: {err}")).unwrap_or_default(),
        ));
    }
    out
}
