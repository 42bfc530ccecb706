//! The audit log (SPEC §3): every security event with its time, the client
//! address and user agent. Never a password, code or token: callers pass
//! only an event name and a short, non-secret detail.

use rusqlite::params;

use super::Db;
use serde::{Deserialize, Serialize};

use super::StoreError;

/// Where a request came from, as far as the audit log is concerned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One line of someone's account activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub at: i64,
    pub event: String,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

pub fn record(
    tx: &Db<'_>,
    login_id: Option<i64>,
    event: &str,
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
pub fn for_login(conn: &Db<'_>, login_id: i64, limit: u32) -> Result<Vec<Activity>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT at, event, ip, detail FROM audit_log WHERE login_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2")?;
    let rows = stmt.query_map(params![login_id, limit], |r| {
        Ok(Activity { at: r.get(0)?, event: r.get(1)?, ip: r.get(2)?, detail: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A login's own events of the given kinds, newest first.
pub fn for_login_of_kinds(conn: &Db<'_>, login_id: i64, events: &[&str], limit: u32) -> Result<Vec<Activity>, StoreError> {
    let placeholders = (0..events.len()).map(|i| format!("?{}", i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT at, event, ip, detail FROM audit_log WHERE login_id = ?1 AND event IN ({placeholders})
         ORDER BY at DESC, id DESC LIMIT ?2"
    );
    let mut values: Vec<rusqlite::types::Value> = vec![login_id.into(), i64::from(limit).into()];
    values.extend(events.iter().map(|e| rusqlite::types::Value::Text((*e).to_string())));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok(Activity { at: r.get(0)?, event: r.get(1)?, ip: r.get(2)?, detail: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
