//! What every server function and server-rendered page can reach (server only).

use crate::mail::Mailer;
use crate::store::Store;

/// Provided into Leptos context for page rendering and server functions alike.
#[derive(Clone, Debug)]
pub struct AppContext {
    pub store: Store,
    pub mailer: Mailer,
    /// Demo mode: demo records and the development outbox page.
    pub demo: bool,
    /// Served over TLS (directly or behind a TLS proxy): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
}
