//! The configurable numbers of sign-in security (SPEC §3), in one place so
//! the server's configuration sets them and tests can shorten them.

use std::net::IpAddr;

use crate::store::sign_in::LockPolicy;

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without a request for this long, a session ends (20 minutes).
    pub idle_seconds: i64,
    /// The warning dialog appears this long before the idle end (2 minutes).
    pub warn_seconds: i64,
    /// However active, a session ends this long after sign-in (12 hours).
    pub absolute_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle_seconds: 20 * 60, warn_seconds: 2 * 60, absolute_seconds: 12 * 60 * 60 }
    }
}

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
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            lock: LockPolicy::default(),
            session: SessionPolicy::default(),
            sign_ins_per_minute: 30,
            codes_per_recipient_per_hour: 5,
            trusted_proxies: Vec::new(),
        }
    }
}
