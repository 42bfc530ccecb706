//! The one way every form in the portal works, with or without JavaScript.
//!
//! A form is an `ActionForm` bound to a server function that answers with a
//! [`FormReply`]. With the WASM loaded the reply comes back as data and the
//! page shows the errors in place. With JavaScript off the browser posts the
//! form natively: the server keeps the errors and the typed values (never a
//! password) in a one-shot *form flash* keyed by a random cookie, and answers
//! with a redirect (post-redirect-get) to the form's page, which reads the flash
//! back while it renders. No personal data ever travels in a URL.

#[cfg(feature = "ssr")]
pub mod flash;
#[cfg(feature = "ssr")]
pub mod guard;

use std::collections::BTreeMap;

use leptos::prelude::ServerFnError;
use serde::{Deserialize, Serialize};

/// One message tied to one field, in the order the fields appear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The `id` (and `name`) of the input the message belongs to.
    pub field: String,
    pub message: String,
}

/// What a form submission answered: nothing (it went through and the browser
/// was sent on), or the problems to show and the values to put back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormReply {
    pub errors: Vec<FieldError>,
    /// A problem with the submission as a whole, not one field.
    pub form_error: Option<String>,
    /// What the person typed, to put back when the page is rendered afresh
    /// (JavaScript off). Empty when the page is still in the browser.
    pub values: BTreeMap<String, String>,
    /// Good news to announce (a code was sent), shown in a status region.
    pub notice: Option<String>,
    /// What the server made while answering and the page must show, with or
    /// without JavaScript: a new verification question, backup codes shown
    /// once.
    pub data: BTreeMap<String, String>,
}

impl FormReply {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty() && self.form_error.is_none()
    }

    pub fn field_error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.to_string(), message: message.into() });
    }

    /// A send button ("Send a code", "Send a new code") for the code field
    /// `field` that could not send yet (a wait, a limit): information beside
    /// that button ([`crate::ui::SendRefused`]), not an error on the field,
    /// which is not wrong.
    pub fn send_refused(&mut self, field: &str, message: impl Into<String>) {
        self.data.insert(format!("send_refused:{field}"), message.into());
    }

    /// What [`FormReply::send_refused`] said for `field`.
    pub fn send_refusal(&self, field: &str) -> Option<String> {
        self.data.get(&format!("send_refused:{field}")).cloned()
    }

    pub fn error_for(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
    }

    /// An answer that went through but has something to show on its page.
    pub fn with_notice(message: impl Into<String>) -> Self {
        Self { notice: Some(message.into()), ..Default::default() }
    }

    /// True when the page must show this reply (errors, a notice or data),
    /// rather than the browser simply moving on.
    pub fn has_news(&self) -> bool {
        !self.is_ok() || self.notice.is_some() || !self.data.is_empty()
    }

    pub fn value_of(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    /// What the page shows when the server could not answer at all.
    pub fn went_wrong() -> Self {
        Self { form_error: Some(WENT_WRONG.into()), ..Default::default() }
    }

    /// The reply a page shows: the action's answer once there is one,
    /// before that what a native submission left in the flash (`kept`).
    pub fn from_action(value: Option<Result<FormReply, ServerFnError>>, kept: &Option<FormReply>) -> Self {
        match value {
            Some(Ok(reply)) => reply,
            Some(Err(e)) => Self::from_error(&e),
            None => kept.clone().unwrap_or_default(),
        }
    }

    /// What the page shows for a server function that failed: "busy" is
    /// the one failure worth telling apart, since trying again helps.
    pub fn from_error(e: &ServerFnError) -> Self {
        match e {
            ServerFnError::ServerError(message) if message == BUSY || message == TOO_LARGE => {
                Self { form_error: Some(message.clone()), ..Default::default() }
            }
            _ => Self::went_wrong(),
        }
    }
}

#[cfg(feature = "ssr")]
impl FormReply {
    /// Puts what is wrong with a new password on its field and on its
    /// confirmation's (the one rule: `flows::new_password`).
    pub fn new_password_problems(&mut self, problems: crate::flows::new_password::Problems, field: &str, confirm_field: &str) {
        if let Some(message) = problems.password {
            self.field_error(field, message);
        }
        if let Some(message) = problems.confirm {
            self.field_error(confirm_field, message);
        }
    }
}

pub use crate::messages::forms::{BUSY, TOO_LARGE};

/// Seconds a busy answer asks the browser to wait.
pub const BUSY_RETRY_AFTER_SECONDS: u32 = 5;

/// The most a form submission may carry. Set here, not inherited from a
/// library default: the largest real form is a few kilobytes.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The answer of a server function that could not get a hashing slot:
/// 503 with `Retry-After`, and [`BUSY`] as the message. With JavaScript off
/// the server wraps it in a page ([`guard::answer_pages`]).
#[cfg(feature = "ssr")]
pub fn busy() -> ServerFnError {
    use axum::http::{HeaderValue, StatusCode, header};
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(StatusCode::SERVICE_UNAVAILABLE);
        response.insert_header(header::RETRY_AFTER, HeaderValue::from(BUSY_RETRY_AFTER_SECONDS));
    }
    tracing::warn!("a request was refused: the password hasher is busy");
    ServerFnError::new(BUSY)
}

/// Maps a hashing failure: busy is said as such, anything else is a
/// server failure logged under `what`.
#[cfg(feature = "ssr")]
pub fn hash_failure(what: &str, e: crate::security::password_hash::HashError) -> ServerFnError {
    match e {
        crate::security::password_hash::HashError::Busy => busy(),
        other => server_failure(what, other),
    }
}

/// Maps a flow that could not answer: a busy hasher is said as such
/// (503), anything else is a server failure logged under `what`.
#[cfg(feature = "ssr")]
pub fn broken(what: &str, e: crate::flows::Broken) -> ServerFnError {
    match e {
        crate::flows::Broken::Hash(e) => hash_failure(what, e),
        other => server_failure(what, other),
    }
}

pub use crate::messages::WENT_WRONG;
#[cfg(feature = "ssr")]
pub use crate::messages::server_failure;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_with_any_error_is_not_ok() {
        let mut reply = FormReply::default();
        assert!(reply.is_ok());
        reply.field_error("user_id", "Enter your User ID.");
        assert!(!reply.is_ok());
        assert_eq!(reply.error_for("user_id").as_deref(), Some("Enter your User ID."));
        assert_eq!(reply.error_for("password"), None);

        let whole = FormReply { form_error: Some("no".into()), ..Default::default() };
        assert!(!whole.is_ok());
    }
}
