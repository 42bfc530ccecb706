//! Being signed in (SPEC §3, Sessions): who this browser is, how long the
//! session has left, staying signed in, and Log Off. The header and the
//! idle-warning dialog use these server functions; protected pages call
//! [`signed_in_or_redirect`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the header and the idle dialog need to know.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub user_id: String,
    /// Seconds until the session ends if nothing happens.
    pub seconds_left: i64,
    /// How long before the end the warning appears.
    pub warn_seconds: i64,
}

/// Server-side helpers (cookies, completing a sign-in).
#[cfg(feature = "ssr")]
pub mod server {
    use axum::http::{HeaderValue, header};
    use leptos::prelude::*;

    use crate::context::AppContext;
    use crate::security::cookie_value;
    use crate::store::audit::{self, Origin};
    use crate::store::{StoreError, sessions, sign_in};

    pub fn device_cookie_name(secure: bool) -> &'static str {
        if secure { "__Host-cars_device" } else { "cars_device" }
    }

    pub fn pending_cookie_name(secure: bool) -> &'static str {
        if secure { "__Host-cars_pending" } else { "cars_pending" }
    }

    /// Sets a cookie on the response: HttpOnly, SameSite=Lax, `Secure`
    /// under TLS; `max_age` in seconds, or a browser-session cookie.
    pub fn set_cookie(ctx: &AppContext, name: &str, value: &str, max_age: Option<i64>) {
        let secure = if ctx.secure_cookies { "; Secure" } else { "" };
        let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
        let set = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}");
        if let (Some(response), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&set)) {
            response.append_header(header::SET_COOKIE, v);
        }
    }

    pub fn clear_cookie(ctx: &AppContext, name: &str) {
        set_cookie(ctx, name, "", Some(0));
    }

    pub fn cookie(ctx: &AppContext, name: &str) -> Option<String> {
        let _ = ctx;
        let parts = use_context::<axum::http::request::Parts>()?;
        cookie_value(&parts.headers, name)
    }

    /// The request's origin for the audit log.
    pub fn origin(ctx: &AppContext) -> Origin {
        use_context::<axum::http::request::Parts>()
            .map(|parts| crate::security::client::origin(&parts, &ctx.policy.trusted_proxies))
            .unwrap_or_default()
    }

    /// Tells the owner that their login was locked (SPEC §3 notices).
    pub async fn notify_lockout(ctx: &crate::context::AppContext, login_id: crate::store::LoginId) {
        let found = ctx.store.read(move |c| crate::store::logins::contact(c, login_id)).await;
        let Ok(Some(crate::store::logins::Contact { user_id, email, .. })) = found else { return };
        let lock = ctx.policy.lock;
        let message = crate::mail::Email::new(
            email,
            crate::messages::mail::login_locked(&user_id, lock.wrong_before_lock, lock.lock_seconds),
        );
        if let Err(e) = ctx.mailer.send(message).await {
            tracing::error!(error = %e, "the lockout notice could not be sent");
        }
    }

    /// Ends this browser's session (with "log_off" in the audit log, when
    /// it was still a session) and forgets its cookie.
    pub async fn log_off(ctx: &AppContext) -> Result<(), StoreError> {
        let name = sessions::cookie_name(ctx.secure_cookies);
        if let Some(token) = cookie(ctx, name) {
            let (origin, now) = (origin(ctx), ctx.now());
            ctx.store
                .write(move |tx| {
                    // However idle: an ended session is still named in the log.
                    let policy = crate::security::policy::SessionPolicy { idle_seconds: i64::MAX / 4, ..Default::default() };
                    if let Some((who, _)) = sessions::peek(tx, &token, now, &policy)? {
                        audit::record(tx, Some(who.login_id), audit::Event::LogOff, None, &origin, now)?;
                    }
                    sessions::end(tx, &token)
                })
                .await?;
        }
        clear_cookie(ctx, name);
        Ok(())
    }

    pub fn failure(e: impl std::fmt::Display) -> ServerFnError {
        crate::messages::server_failure("sign-in", e)
    }

    /// Finishes a sign-in: a fresh session (a new identifier every time),
    /// this browser known to the login, remembered if asked, and the event
    /// in the audit log. Run after both steps (or the sign-up) succeeded.
    pub async fn complete_sign_in(
        ctx: &AppContext,
        login_id: crate::store::LoginId,
        remember: bool,
        event: crate::store::audit::Event,
    ) -> Result<(), StoreError> {
        let now = ctx.now();
        // The browser's device identifier gets a new value at every sign-in
        // (what it was known for moves with it), so a value seen or planted
        // earlier stops counting.
        let old_device = cookie(ctx, device_cookie_name(ctx.secure_cookies));
        let device = sign_in::new_token();
        let old_session = cookie(ctx, sessions::cookie_name(ctx.secure_cookies));
        let origin = origin(ctx);
        let policy = ctx.policy.session;
        let device_for_tx = device.clone();
        let token = ctx
            .store
            .write(move |tx| {
                if let Some(old) = old_session {
                    sessions::end(tx, &old)?;
                }
                if let Some(old) = old_device {
                    sign_in::rotate_device(tx, &old, &device_for_tx)?;
                }
                let token = sessions::start_with(tx, login_id, now, &policy)?;
                sign_in::know_device(tx, &device_for_tx, login_id, now)?;
                if remember {
                    sign_in::remember_browser(tx, &device_for_tx, login_id, now)?;
                }
                crate::store::logins::clear_password_reset(tx, login_id)?;
                let detail = remember
                    .then(|| format!("browser remembered for {}", crate::messages::days(crate::rules::limits::REMEMBER_SECONDS)));
                audit::record(tx, Some(login_id), event, detail.as_deref(), &origin, now)?;
                Ok(token)
            })
            .await?;
        set_cookie(ctx, sessions::cookie_name(ctx.secure_cookies), &token.0, None);
        // A year: the device cookie only says "this login signed in here before".
        set_cookie(ctx, device_cookie_name(ctx.secure_cookies), &device, Some(365 * 24 * 60 * 60));
        Ok(())
    }

    /// The signed-in login of this request, marking the session active.
    pub async fn current(ctx: &AppContext) -> Result<Option<sessions::SignedIn>, StoreError> {
        let Some(token) = cookie(ctx, sessions::cookie_name(ctx.secure_cookies)) else {
            return Ok(None);
        };
        let (now, policy) = (ctx.now(), ctx.policy.session);
        ctx.store.write(move |tx| sessions::touch_with(tx, &token, now, &policy)).await
    }

    /// Where to go after sign-in: a local path only, never another site.
    pub fn safe_next(next: &str) -> String {
        let next = next.trim();
        let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
        if local && next.chars().all(|c| !c.is_control()) {
            next.to_string()
        } else {
            crate::routes::Route::AccountAccess.path().to_string()
        }
    }
}

/// The signed-in login of this page, or a redirect to sign in and back.
#[cfg(feature = "ssr")]
pub async fn signed_in_or_redirect(back_to: &str) -> Result<Option<crate::store::sessions::SignedIn>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let found = server::current(&ctx).await.map_err(server::failure)?;
    if found.is_none() {
        leptos_axum::redirect(&crate::routes::Route::Login.with(&format!("?next={}", percent_encode_path(back_to))));
    }
    Ok(found)
}

/// A path as one query value: as [`crate::security::NOT_UNRESERVED`]
/// escapes, but with `/` left readable.
#[cfg(feature = "ssr")]
fn percent_encode_path(path: &str) -> String {
    const KEPT: &percent_encoding::AsciiSet = &crate::security::NOT_UNRESERVED.remove(b'/');
    percent_encoding::utf8_percent_encode(path, KEPT).to_string()
}

/// Who is signed in here, and for how long, without counting as activity.
#[server(endpoint = "session_status")]
pub async fn session_status() -> Result<Option<SessionView>, ServerFnError> {
    use crate::store::sessions;
    let ctx = expect_context::<crate::context::AppContext>();
    let Some(token) = server::cookie(&ctx, sessions::cookie_name(ctx.secure_cookies)) else {
        return Ok(None);
    };
    let (now, policy) = (ctx.now(), ctx.policy.session);
    let found = ctx.store.read(move |c| sessions::peek(c, &token, now, &policy)).await.map_err(server::failure)?;
    Ok(found.map(|(s, left)| SessionView {
        user_id: s.user_id.to_string(),
        seconds_left: left,
        warn_seconds: policy.warn_seconds,
    }))
}

/// "Stay signed in": counts as activity.
#[server(endpoint = "session_stay")]
pub async fn stay_signed_in() -> Result<Option<SessionView>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    server::current(&ctx).await.map_err(server::failure)?;
    session_status().await
}
