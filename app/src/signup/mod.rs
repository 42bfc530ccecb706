//! Create your account: the three-step sign-up wizard (SPEC §2).
//!
//! Built so far: the server-issued verification question. The wizard pages
//! and their server functions follow.

#[cfg(feature = "ssr")]
pub mod verification;
