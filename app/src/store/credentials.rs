//! The sign-in secrets as the store keeps them: an authenticator key, a
//! backup code's hash, and the drafts of a method being set up. Only the
//! shapes live here, so the store names no type from a layer above it;
//! what they do (codes, checks, sealing) is in `security`.

use serde::{Deserialize, Serialize};

/// The shared TOTP key. Deliberately not `Serialize` or `PartialEq`: it is
/// stored and compared only through its functions (here and in
/// `security::totp`).
#[derive(Clone)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

impl TotpSecret {
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A backup code as stored (`backup_codes.scheme`, migration 14).
#[derive(Clone, PartialEq, Eq)]
pub enum StoredBackupCode {
    /// HMAC-SHA256 of the normalized code under the secrets key.
    Keyed(Vec<u8>),
    /// SHA-256(salt ‖ normalized code): codes made before migration 14.
    Salted { salt: Vec<u8>, hash: Vec<u8> },
}

impl std::fmt::Debug for StoredBackupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Keyed(_) => "StoredBackupCode::Keyed",
            Self::Salted { .. } => "StoredBackupCode::Salted",
        })
    }
}

/// An authenticator app being set up: the secret (sealed) and, once a code
/// was accepted, its time step (so the same code is not accepted again).
#[derive(Clone, Serialize, Deserialize)]
pub struct TotpDraft {
    /// The base32 secret sealed under the secrets key, in hex: the draft
    /// sits in the database as JSON (`registrations`, `settings_drafts`).
    /// Empty in a draft whose plain secret could not be sealed: it starts
    /// again.
    #[serde(default)]
    pub sealed_secret: String,
    pub last_step: Option<i64>,
    /// Wrong codes in a row.
    #[serde(default)]
    pub wrong: i64,
}

/// Ten backup codes, as keyed hashes only: they were shown once.
#[derive(Clone, Serialize, Deserialize)]
pub struct BackupDraft {
    /// HMAC-SHA256 of each code under the secrets key.
    #[serde(default)]
    pub keyed: Vec<Vec<u8>>,
    /// (salt, SHA-256 of salt and code) for each code, in drafts made
    /// before the keyed hash; still checked, never made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<(Vec<u8>, Vec<u8>)>,
    pub verified: bool,
    /// Wrong codes in a row.
    #[serde(default)]
    pub wrong: i64,
}
