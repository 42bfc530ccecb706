//! The audit log (SPEC §3): every security event with its time, the client
//! address and user agent. Never a password, code or token: callers pass
//! only an event name and a short, non-secret detail.

use super::LoginId;
use rusqlite::params;
use rusqlite::types::{ToSql, ToSqlOutput};

use super::Db;
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Declares [`Event`] with the name each kind is stored under. The names are
/// data (rows written years ago carry them), so a name never changes; a kind
/// no longer written keeps its line.
macro_rules! events {
    ($($(#[$doc:meta])* $kind:ident = $name:literal,)+) => {
        /// What happened, as the audit log records it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Event {
            $($(#[$doc])* $kind,)+
        }

        impl Event {
            /// Every kind, in declaration order.
            pub const ALL: &[Event] = &[$(Event::$kind,)+];

            /// The name stored in `audit_log.event`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Event::$kind => $name,)+
                }
            }

            /// The kind a stored name stands for; `None` for a name this
            /// version does not know.
            pub fn from_name(name: &str) -> Option<Event> {
                match name {
                    $($name => Some(Event::$kind),)+
                    _ => None,
                }
            }
        }
    };
}

events! {
    LoginCreated = "login_created",
    SignIn = "sign_in",
    SignInRememberedBrowser = "sign_in_remembered_browser",
    /// A wrong password, or an unknown User ID (then without a login).
    SignInFailed = "sign_in_failed",
    SignInRefusedLocked = "sign_in_refused_locked",
    LockoutStarted = "lockout_started",
    SecondStepFailed = "second_step_failed",
    SecondStepWaitStarted = "second_step_wait_started",
    CodeRequested = "code_requested",
    LogOff = "log_off",
    PasswordChanged = "password_changed",
    PasswordReset = "password_reset",
    PasswordResetRequested = "password_reset_requested",
    PasswordResetCodeFailed = "password_reset_code_failed",
    SignedOutElsewhere = "signed_out_elsewhere",
    UserIdReminderSent = "user_id_reminder_sent",
    ProfileChanged = "profile_changed",
    EmailChangeCodeSent = "email_change_code_sent",
    EmailChanged = "email_changed",
    SettingsPasswordFailed = "settings_password_failed",
    MethodsUnlocked = "methods_unlocked",
    MethodAdded = "method_added",
    MethodRemoved = "method_removed",
    LoginClosed = "login_closed",
    CodeRequestedEmail = "code_requested_email",
    LetterRequested = "letter_requested",
    LetterSent = "letter_sent",
    AuthorizationCodeFailed = "authorization_code_failed",
    AuthorizationCodesVoided = "authorization_codes_voided",
    AccountLinked = "account_linked",
    AccountUnlinked = "account_unlinked",
    OperatorUnlock = "operator_unlock",
    OperatorResetMethods = "operator_reset_methods",
    OperatorAccessRevoke = "operator_access_revoke",
    OperatorCodesVoid = "operator_codes_void",
    OperatorRecordsImport = "operator_records_import",
    OperatorRecordsImportRefused = "operator_records_import_refused",
    OperatorMailExport = "operator_mail_export",
    OperatorBackup = "operator_backup",
}

impl ToSql for Event {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.name()))
    }
}

/// Where a request came from, as far as the audit log is concerned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Origin {
    /// The client address a per-client limit is counted against. Requests
    /// whose address is not known share one count, "unknown".
    pub fn client(&self) -> String {
        self.ip.clone().unwrap_or_else(|| "unknown".into())
    }
}

/// One line of someone's account activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub at: i64,
    pub event: String,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

impl Activity {
    /// The kind of event, when this version knows its name.
    pub fn kind(&self) -> Option<Event> {
        Event::from_name(&self.event)
    }
}

pub fn record(
    tx: &Db<'_>,
    login_id: Option<LoginId>,
    event: Event,
    detail: Option<&str>,
    origin: &Origin,
    now: i64,
) -> Result<(), StoreError> {
    // User agents are the client's to choose: keep them short.
    let agent = origin.user_agent.as_deref().map(|a| a.chars().take(200).collect::<String>());
    tx.execute(
        "INSERT INTO audit_log (at, login_id, event, ip, user_agent, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![now, login_id, event, origin.ip, agent, detail],
    )?;
    Ok(())
}

/// A login's own events, newest first.
pub fn for_login(conn: &Db<'_>, login_id: LoginId, limit: u32) -> Result<Vec<Activity>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT at, event, ip, detail FROM audit_log WHERE login_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2")?;
    let rows = stmt.query_map(params![login_id, limit], |r| {
        Ok(Activity { at: r.get(0)?, event: r.get(1)?, ip: r.get(2)?, detail: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A login's own events of the given kinds, newest first.
pub fn for_login_of_kinds(conn: &Db<'_>, login_id: LoginId, events: &[Event], limit: u32) -> Result<Vec<Activity>, StoreError> {
    let placeholders = (0..events.len()).map(|i| format!("?{}", i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT at, event, ip, detail FROM audit_log WHERE login_id = ?1 AND event IN ({placeholders})
         ORDER BY at DESC, id DESC LIMIT ?2"
    );
    let mut values: Vec<rusqlite::types::Value> = vec![login_id.get().into(), i64::from(limit).into()];
    values.extend(events.iter().map(|e| rusqlite::types::Value::Text(e.name().to_string())));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok(Activity { at: r.get(0)?, event: r.get(1)?, ip: r.get(2)?, detail: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
