//! The retention purges of SPEC §6. Their SQL lives in the store
//! (`app::store::retention`, with their tests); the server's configuration
//! and its retention timer reach them by this name.

pub use app::store::retention::{
    IP_THROTTLE_KEEP_SECONDS, Purged, Retention, purge, purge_audit_addresses, purge_codes, purge_ip_throttle, purge_outbox,
};
