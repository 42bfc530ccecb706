//! The journeys, one step at a time (server only).
//!
//! A flow is what a step of a journey *does*, apart from how the page asks
//! and answers: an async function taking the [`AppContext`], the step's typed
//! input and `now`, returning a typed outcome or the step's own error enum.
//! Flows use the services (store, security, mail, session) and are used by
//! the pages' server functions, which only read the request, call one flow
//! and turn its result into the page's reply (`FormReply`, a redirect).
//! Flows never name a form or a page: the same step could answer a JSON API.
//!
//! [`AppContext`]: crate::context::AppContext

/// Lets `?` turn a store failure into a flow's `Refused::Broken`: every
/// flow's error enum ends in `Broken(#[from] Broken)`.
macro_rules! broken_from_store {
    ($refused:ty) => {
        impl From<crate::store::StoreError> for $refused {
            fn from(e: crate::store::StoreError) -> Self {
                Self::Broken(e.into())
            }
        }
    };
}

pub mod add_access;
pub mod close_login;
pub mod email_change;
pub mod method_setup;
pub mod methods;
pub mod new_password;
pub mod owner_notice;
pub mod password_again;
pub mod password_change;
pub mod password_reset;
pub mod profile_change;
pub mod remove_access;
pub mod request_code;
pub mod second_step;
pub mod settings_overview;
pub mod sign_in;
pub mod sign_up;
pub mod user_id_reminder;

use crate::security::password_hash::HashError;
use crate::store::StoreError;

/// A step could not be answered for a reason the person cannot fix by
/// typing something else: the database failed, or the password hasher was
/// busy or failed. The page says so without detail (the log has it).
#[derive(Debug, thiserror::Error)]
pub enum Broken {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("password hash: {0}")]
    Hash(#[from] HashError),
    #[error("sending a code: {0}")]
    SendCode(#[from] crate::security::methods::SendCodeError),
}

/// Counts a try from `client` against its network's allowance a minute
/// (`security.sign_ins_per_minute`, the same count sign-in uses): false
/// when the allowance is used up. A write, so parallel tries are counted
/// one at a time.
async fn within_network_allowance(ctx: &crate::context::AppContext, client: String, now: i64) -> Result<bool, StoreError> {
    let per_minute = ctx.policy.sign_ins_per_minute;
    ctx.store.write(move |tx| crate::store::sign_in::throttle(tx, &client, per_minute, now)).await
}
