//! What every server function and server-rendered page can reach (server only).

use crate::mail::Mailer;
use crate::security::password_hash::PasswordHasher;
use crate::store::Store;

/// Provided into Leptos context for page rendering and server functions alike.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub store: Store,
    pub mailer: Mailer,
    /// Text messages (SPEC §5): an HTTP gateway, the development outbox, or
    /// disabled, in which case the text method is not offered.
    pub texter: crate::mail::text::Texter,
    /// Argon2id with a bound on concurrent hashes (SPEC §2).
    pub hasher: PasswordHasher,
    /// Lockout, session and throttling numbers (configurable).
    pub policy: crate::security::policy::Policy,
    /// Demo mode: demo records and the development outbox page.
    pub demo: bool,
    /// Served over TLS (directly or behind a TLS proxy): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The key authorization codes are hashed under (SPEC §4.3).
    pub code_key: crate::store::authorization::CodeKey,
    /// The key secrets at rest are sealed and hashed under (authenticator
    /// secrets, backup codes, form flashes), kept beside the database.
    pub secrets_key: crate::store::secrets::SecretsKey,
    /// Where people are told to go in emails (`server.public_url`).
    pub portal_url: String,
}

impl AppContext {
    /// Now, in Unix seconds, by the portal's clock (the store's: see
    /// [`crate::clock::Clock`]). Every server function reads the time here
    /// once and hands it to its flow.
    pub fn now(&self) -> i64 {
        self.store.now()
    }
}
