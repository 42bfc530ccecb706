//! The message catalogue: everything a person reads, written once.
//!
//! - Here: the help desk's number, and the messages whose numbers come from
//!   the live policy (so a changed `security.lock_after_wrong_passwords`
//!   changes what the page says).
//! - [`mail`]: every email, text message and letter.
//! - One module per area of pages ([`sign_in`], [`sign_up`], [`recovery`],
//!   [`settings`], [`account_access`], [`public`], [`ui`] for the frame and
//!   shared form parts, [`dev_outbox`]), with one submodule per page file
//!   named after it, which that page imports as `words`; [`shared`] holds
//!   the words several pages use (field labels, "Loading…").
//!
//! A view names a constant or calls a function here; it never writes what a
//! person reads (`server/tests/portal/page_words.rs`). Keys are named after
//! the start of their English text, so a page and its words read side by
//! side, and a translation replaces these modules, not the views.

pub mod account_access;
pub mod dev_outbox;
pub mod flows;
pub mod forms;
pub mod mail;
pub mod public;
pub mod recovery;
pub mod rules;
pub mod security;
pub mod settings;
pub mod shared;
pub mod sign_in;
pub mod sign_up;
pub mod store;
pub mod ui;

/// The help desk's number as people read it. A macro so that constant
/// messages can be built on it with `concat!`; elsewhere use [`HELP_DESK_PHONE`].
#[macro_export]
macro_rules! help_desk_phone {
    () => {
        "888-767-6424"
    };
}

pub const HELP_DESK_PHONE: &str = help_desk_phone!();

/// The one thing said outward when something failed on the server; the
/// detail goes to the log only.
pub const WENT_WRONG: &str = "Something went wrong on our side. Please try again.";

/// Logs `e` under `what` and answers with [`WENT_WRONG`]: each area's
/// `failure` helper is this with its own log line.
#[cfg(feature = "ssr")]
pub fn server_failure(what: &str, e: impl std::fmt::Display) -> leptos::prelude::ServerFnError {
    tracing::error!(error = %e, "{what} failed");
    leptos::prelude::ServerFnError::new(WENT_WRONG)
}

/// "3 tries", "1 try": a count with its noun.
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "30 minutes", "1 minute": a length of time in whole minutes (at least one).
pub fn minutes(seconds: i64) -> String {
    count((seconds / 60).max(1), "minute", "minutes")
}

/// "72 hours", "1 hour".
pub fn hours(seconds: i64) -> String {
    count((seconds / 3600).max(1), "hour", "hours")
}

/// "30 days", "1 day".
pub fn days(seconds: i64) -> String {
    count((seconds / 86_400).max(1), "day", "days")
}

/// The sign-in refusal, the same for a wrong User ID, a wrong password and
/// a locked login (so none of them tells which it was).
pub fn sign_in_failed(wrong_before_lock: i64, lock_seconds: i64) -> String {
    format!(
        "The User ID or password you entered is not correct. After {wrong_before_lock} wrong tries a login is locked for {}.",
        minutes(lock_seconds)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_are_the_policys() {
        assert_eq!(
            sign_in_failed(3, 30 * 60),
            "The User ID or password you entered is not correct. After 3 wrong tries a login is locked for 30 minutes."
        );
        assert!(sign_in_failed(5, 60).ends_with("After 5 wrong tries a login is locked for 1 minute."));
        assert!(
            mail::login_locked(&crate::rules::user_id::UserId::parse("smithj2468").unwrap(), 4, 45 * 60)
                .body
                .contains("smithj2468 4 times in a row, so it is locked for 45 minutes.")
        );
        assert_eq!(concat!("call ", help_desk_phone!()), format!("call {HELP_DESK_PHONE}"));
    }
}
