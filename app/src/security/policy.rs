//! The configurable numbers of sign-in security (SPEC §3), in one place so
//! the server's configuration sets them and tests can shorten them.

use std::net::IpAddr;

use crate::store::retention::Retention;
use crate::store::sign_in::LockPolicy;

pub use crate::store::sessions::SessionPolicy;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub lock: LockPolicy,
    pub session: SessionPolicy,
    /// Sign-in attempts (password or second step) per client address per minute.
    pub sign_ins_per_minute: i64,
    /// One-time codes to one address or number per hour (see `store::one_time_codes`).
    pub codes_per_recipient_per_hour: i64,
    /// Proxies whose `X-Forwarded-For` is believed; empty: use the connection's address.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long outbox messages, ended codes and audit addresses are kept:
    /// the purge applies it and the Privacy page states it.
    pub retention: Retention,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            lock: LockPolicy::default(),
            session: SessionPolicy::default(),
            sign_ins_per_minute: 30,
            codes_per_recipient_per_hour: 5,
            trusted_proxies: Vec::new(),
            retention: Retention::default(),
        }
    }
}
