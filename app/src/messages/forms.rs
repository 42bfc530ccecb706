//! What the form layer (`forms/`) answers when a form cannot be taken: the
//! server is busy, the form is too large, or something failed. Without
//! JavaScript these come on a small page of their own (`forms/guard.rs`).

/// Said when the password hasher's queue is full (HTTP 503, `Retry-After`).
pub const BUSY: &str = "The service is busy right now. Nothing was changed. Please try again in a moment.";
pub const BUSY_TITLE: &str = "The service is busy";

/// Said when a form's submission is over the form layer's limit (HTTP 413).
pub const TOO_LARGE: &str = "What you sent is too large for this form (a field is far longer than any answer needs). Nothing was changed. Shorten it and try again.";
pub const TOO_LARGE_TITLE: &str = "Too large";

pub const WENT_WRONG_TITLE: &str = "Something went wrong";

/// The small page's way back, and why it is safe to take.
pub const GO_BACK: &str = "Go back to the form";
pub const BACK_KEEPS_WHAT_YOU_TYPED: &str = " (your browser's Back button keeps what you typed)";
/// After the page's title in the browser's tab.
pub const TITLE_SUFFIX: &str = " - CARS e-Services";
