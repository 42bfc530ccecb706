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

    /// The signed-in login of this request, counting the visit as activity.
    ///
    /// Who it is comes from [`look`] (read once per rendered page). The
    /// visit is written only when the session was last seen more than
    /// [`sessions::SEEN_EVERY_SECONDS`] ago: the idle clock is that coarse,
    /// and most page views then write nothing (one commit per view was
    /// what a signed-in page's p99 waited for). The write marks it seen
    /// only while it is still live, so a session ended since the look
    /// stays ended.
    pub async fn current(ctx: &AppContext) -> Result<Option<sessions::SignedIn>, StoreError> {
        visit(ctx, false).await
    }

    /// Like [`current`], always writing: "Stay signed in" asks for exactly that.
    pub async fn keep_alive(ctx: &AppContext) -> Result<Option<sessions::SignedIn>, StoreError> {
        visit(ctx, true).await
    }

    async fn visit(ctx: &AppContext, always: bool) -> Result<Option<sessions::SignedIn>, StoreError> {
        let Some((signed_in, left)) = look(ctx).await? else {
            return Ok(None);
        };
        let (now, policy) = (ctx.now(), ctx.policy.session);
        if !always && sessions::seen_lately(left, &policy) {
            return Ok(Some(signed_in));
        }
        let Some(token) = cookie(ctx, sessions::cookie_name(ctx.secure_cookies)) else {
            return Ok(None);
        };
        let seen = ctx.store.write(move |tx| sessions::mark_seen(tx, &token, now, &policy)).await?;
        Ok(seen.then_some(signed_in))
    }

    /// Who this request's session belongs to and the seconds it has left,
    /// without counting as activity. A page render reads it once, whoever
    /// asks first (the header or the page, see [`RequestSession`]); a
    /// server function called over `/api` reads it itself.
    pub async fn look(ctx: &AppContext) -> Result<Option<(sessions::SignedIn, i64)>, StoreError> {
        let read = || async {
            let Some(token) = cookie(ctx, sessions::cookie_name(ctx.secure_cookies)) else {
                return Ok(None);
            };
            let (now, policy) = (ctx.now(), ctx.policy.session);
            ctx.store.read(move |c| sessions::peek(c, &token, now, &policy)).await
        };
        match use_context::<RequestSession>() {
            Some(memo) => memo.once(read).await,
            None => read().await,
        }
    }

    /// The session of the page being rendered, read once. The header asks
    /// who is signed in and the page asks again to let the person in: both
    /// take this one answer. `server/src/lib.rs` gives each page request its
    /// own; nothing outlives the request.
    #[derive(Clone, Default)]
    pub struct RequestSession(std::sync::Arc<tokio::sync::OnceCell<Option<(sessions::SignedIn, i64)>>>);

    impl RequestSession {
        /// The answer, from `read` the first time only.
        pub async fn once<F, Fut>(&self, read: F) -> Result<Option<(sessions::SignedIn, i64)>, StoreError>
        where
            F: FnOnce() -> Fut,
            Fut: std::future::Future<Output = Result<Option<(sessions::SignedIn, i64)>, StoreError>>,
        {
            self.0.get_or_try_init(read).await.cloned()
        }
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
    let ctx = expect_context::<crate::context::AppContext>();
    let found = server::look(&ctx).await.map_err(server::failure)?;
    Ok(found.map(|(s, left)| SessionView {
        user_id: s.user_id.to_string(),
        seconds_left: left,
        warn_seconds: ctx.policy.session.warn_seconds,
    }))
}

/// "Stay signed in": counts as activity.
#[server(endpoint = "session_stay")]
pub async fn stay_signed_in() -> Result<Option<SessionView>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    server::keep_alive(&ctx).await.map_err(server::failure)?;
    session_status().await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::server::RequestSession;
    use crate::store::sessions::SignedIn;

    #[tokio::test]
    async fn a_page_render_reads_its_session_once_whoever_asks() {
        let memo = RequestSession::default();
        let reads = AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok(Some((SignedIn { login_id: crate::store::LoginId::test(7), user_id: crate::store::user("smithj2468") }, 90)))
        };
        let (header, page) = tokio::join!(memo.once(read), memo.once(read));
        let again = memo.once(read).await.unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 1, "the header, the page and a third asker share one read");
        assert_eq!(header.unwrap(), page.unwrap());
        assert_eq!(again.map(|(s, left)| (s.user_id.to_string(), left)), Some(("smithj2468".to_string(), 90)));
        assert_eq!(RequestSession::default().once(|| async { Ok(None) }).await.unwrap(), None, "each request its own");
    }
}
