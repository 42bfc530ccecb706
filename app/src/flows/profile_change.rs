//! Changing the profile in Settings: names and phones (the email address
//! has its own change, `email_change`). A mobile number that the Text
//! message method was proved on cannot change underneath the method.

use super::Broken;
use crate::context::AppContext;
use crate::rules::method::Method;
use crate::rules::profile::{self, FieldProblem, Typed};
use crate::session::server::origin;
use crate::store::LoginId;
use crate::store::{audit, logins, settings};

/// What a save came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    Saved,
    /// The form was what is stored already.
    Unchanged,
}

/// Why nothing was saved.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by each field, in the order the fields appear.
    #[error("the form has problems")]
    Fields(Vec<FieldProblem>),
    /// The mobile number changed while the Text message method uses it.
    #[error("the mobile number is in use")]
    MobileInUse,
    /// The login is gone (closed from another browser).
    #[error("no such login")]
    SignInAgain,
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// Saves `typed` as the profile of `login_id`.
pub async fn update(ctx: &AppContext, login_id: LoginId, typed: &Typed<'_>, now: i64) -> Result<Done, Refused> {
    let (current, methods) =
        ctx.store.read(move |c| Ok((settings::profile(c, login_id)?, logins::methods_of(c, login_id)?))).await?;
    // The address is not on this form: it stays as it is.
    let wanted = profile::check(typed, current.as_ref().map_or("", |c| &c.email)).map_err(Refused::Fields)?;
    let current = current.ok_or(Refused::SignInAgain)?;
    // The text method was proved on this number; another number must be
    // proved again, so it cannot change underneath the method.
    if wanted.mobile_phone != current.mobile_phone && methods.contains(&Method::Text) {
        return Err(Refused::MobileInUse);
    }
    if wanted == current {
        return Ok(Done::Unchanged);
    }
    let origin = origin(ctx);
    ctx.store
        .write(move |tx| {
            settings::update_profile(tx, login_id, &wanted)?;
            audit::record(tx, Some(login_id), audit::Event::ProfileChanged, None, &origin, now)
        })
        .await?;
    Ok(Done::Saved)
}
