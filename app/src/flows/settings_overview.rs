//! What Settings shows of a signed-in login: its profile, methods, other
//! browsers, recent activity, and this session's draft (a change waiting
//! for its code, methods being set up).

use super::Broken;
use crate::context::AppContext;
use crate::rules::method::Method;
use crate::store::LoginId;
use crate::store::audit::Activity;
use crate::store::settings::{Draft, Profile};
use crate::store::{StoreError, audit, logins, sessions, settings, sign_in};

/// How many activity lines Settings lists.
pub const ACTIVITY_LINES: u32 = 30;

/// A login as Settings reads it, in one read transaction.
pub struct Overview {
    pub profile: Profile,
    pub methods: Vec<Method>,
    /// Other signed-in browsers of this login.
    pub other_sessions: i64,
    pub remembered_browsers: i64,
    /// Newest first.
    pub activity: Vec<Activity>,
    /// This session's settings draft.
    pub draft: Draft,
}

/// Reads `login_id` as signed in on the session `session_token`.
pub async fn read(ctx: &AppContext, login_id: LoginId, session_token: &str, now: i64) -> Result<Overview, Broken> {
    let token = session_token.to_string();
    let overview = ctx
        .store
        .read(move |c| {
            let profile = settings::profile(c, login_id)?.ok_or(StoreError::Worker("signed in without a login".into()))?;
            Ok(Overview {
                profile,
                methods: logins::methods_of(c, login_id)?,
                other_sessions: sessions::others_live(c, login_id, &token, now)?,
                remembered_browsers: sign_in::remembered_count(c, login_id, now)?,
                activity: audit::for_login(c, login_id, ACTIVITY_LINES)?,
                draft: settings::draft(c, &token, login_id)?,
            })
        })
        .await?;
    Ok(overview)
}
