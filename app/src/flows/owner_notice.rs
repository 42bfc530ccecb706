//! Telling a login's owner that something changed on it (a method added
//! or removed, the email changed, the login closed): the change is already
//! done, so a mail failure is logged, not shown.

use crate::context::AppContext;

/// The line every notice ends with, for a change the owner did not make.
pub const NOT_YOU: &str =
    concat!("If you did not do this, use Forgot Password now and call us at ", crate::help_desk_phone!(), ".");

/// Sends `body` (signed by the Department) to `to` under `subject`.
pub async fn tell(ctx: &AppContext, to: String, subject: &str, body: String) {
    let body = format!("{body}\n\nMichigan Department of State");
    if let Err(e) = ctx.mailer.send(crate::mail::Email { to, subject: subject.into(), body }).await {
        tracing::error!(error = %e, subject, "a settings notice could not be sent");
    }
}
