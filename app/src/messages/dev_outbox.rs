//! The words of the development outbox (`dev_outbox/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `dev_outbox/mod.rs`
pub mod page {
    pub const DEVELOPMENT_OUTBOX: &str = "Development outbox";
    pub const DEMO_MODE_EMAILS_AND_TEXT: &str =
        "Demo mode: emails and text messages are kept here instead of being sent. Newest first.";
    pub const LOADING_MESSAGES: &str = "Loading messages…";
    pub const THE_OUTBOX_COULD_NOT_BE: &str = "The outbox could not be read.";
    pub const NO_MESSAGES_YET: &str = "No messages yet.";
    pub const TO: &str = "To";
    pub const CHANNEL: &str = "Channel";
    pub const STORED: &str = "Stored";
    pub const THE_DEVELOPMENT_OUTBOX: &str = "The development outbox exists only in demo mode.";
}
