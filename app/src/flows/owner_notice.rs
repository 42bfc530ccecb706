//! Telling a login's owner that something changed on it (a method added
//! or removed, the email changed, the login closed): the change is already
//! done, so a mail failure is logged, not shown.

use crate::context::AppContext;

/// Sends `words` (from [`crate::messages::mail`]) to `to`.
pub async fn tell(ctx: &AppContext, to: String, words: crate::messages::mail::Words) {
    let subject = words.subject.clone();
    if let Err(e) = ctx.mailer.send(crate::mail::Email::new(to, words)).await {
        tracing::error!(error = %e, subject, "a settings notice could not be sent");
    }
}
