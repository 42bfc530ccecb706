//! Server side of the no-JavaScript form pattern: the form flash.
//!
//! A flash can hold what a page shows only once (new backup codes), so it
//! is stored sealed under a key made from the secrets key and this
//! browser's own `cars_form` cookie (`store::secrets`): the row is found by
//! the cookie's hash, and opened only with the cookie itself, which the
//! database never holds. A copy of the database, even with the key file,
//! opens no flash.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::FormReply;
use crate::context::AppContext;
use crate::security::{cookie_value, sha256};
use crate::store::{StoreError, form_flash};

/// A flash older than this is not shown: the person has moved on.
const FLASH_TTL_SECONDS: i64 = 10 * 60;

/// The cookie's name; under TLS the `__Host-` prefix pins it to this origin.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cars_form" } else { "cars_form" }
}

/// True when the browser posted the form itself (JavaScript off): it then
/// asks for HTML, while the WASM client asks for the server function's data.
pub fn is_native_form_post(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// Answers a form's server function.
///
/// With JavaScript on, the reply goes back as data (without the typed values,
/// which are still in the page); a reply without problems also moves the
/// browser to `next` unless that is the page itself. With JavaScript off, a
/// reply the page must show (problems, a notice, data) is kept as this
/// browser's flash for `form` and the browser is sent back to the page (303,
/// post-redirect-get): to `page` after problems, to `next` otherwise.
pub async fn answer(form: &str, page: &str, next: &str, mut reply: FormReply) -> Result<FormReply, ServerFnError> {
    let parts = expect_context::<axum::http::request::Parts>();
    if !is_native_form_post(&parts.headers) {
        reply.values.clear();
        if reply.is_ok() && next != page {
            leptos_axum::redirect(next);
        }
        return Ok(reply);
    }
    let response = expect_context::<ResponseOptions>();
    let ctx = expect_context::<AppContext>();
    let to = if reply.is_ok() { next } else { page };
    if !reply.has_news() {
        see_other(&response, to);
        return Ok(reply);
    }
    let cookie = cookie_name(ctx.secure_cookies);
    let key = match cookie_value(&parts.headers, cookie) {
        Some(existing) => existing,
        None => {
            let fresh = new_browser_key();
            let secure = if ctx.secure_cookies { "; Secure" } else { "" };
            let set = format!("{cookie}={fresh}; Path=/; HttpOnly; SameSite=Lax{secure}");
            if let Ok(v) = HeaderValue::from_str(&set) {
                response.append_header(header::SET_COOKIE, v);
            }
            fresh
        }
    };
    keep(&ctx, &key, form, &reply).await.map_err(store_failure)?;
    see_other(&response, to);
    Ok(reply)
}

/// The flash a page takes when it has none of its own: what the form guard
/// leaves for a submission it refused before any server function could
/// read it (it cannot know the form's own name), shown by the next form
/// page this browser renders, the one it is sent back to.
pub use crate::store::form_flash::ANY_FORM;

/// Keeps `reply` as this browser's (`cookie`) flash for `form`, sealed.
pub async fn keep(ctx: &AppContext, cookie: &str, form: &str, reply: &FormReply) -> Result<(), StoreError> {
    let payload = serde_json::to_string(reply).map_err(|e| StoreError::Worker(e.to_string()))?;
    let payload = crate::store::secrets::to_hex(&ctx.secrets_key.seal_for_browser(cookie, form, payload.as_bytes()));
    let form = form.to_string();
    let browser_key = sha256(cookie.as_bytes());
    let now = ctx.now();
    ctx.store.write(move |tx| form_flash::keep(tx, &browser_key, &form, &payload, now)).await
}

/// A new random value for the flash cookie.
pub fn new_cookie_value() -> String {
    new_browser_key()
}

/// Takes (reads and forgets) this browser's flash for `form`, or else the
/// one kept for [`ANY_FORM`], if a fresh one exists.
pub async fn take(form: &str) -> Result<Option<FormReply>, ServerFnError> {
    let parts = expect_context::<axum::http::request::Parts>();
    let ctx = expect_context::<AppContext>();
    let Some(key) = cookie_value(&parts.headers, cookie_name(ctx.secure_cookies)) else {
        return Ok(None);
    };
    let (browser_key, form, now) = (sha256(key.as_bytes()), form.to_string(), ctx.now());
    let (looked_key, looked_form) = (browser_key, form.clone());
    let waiting = ctx
        .store
        .read(move |db| form_flash::is_waiting(db, &looked_key, &looked_form, now, FLASH_TTL_SECONDS))
        .await
        .map_err(store_failure)?;
    if !waiting {
        return Ok(None);
    }
    // Taken in a write, so two renders at once never both show it.
    let taken = ctx
        .store
        .write(move |tx| form_flash::take(tx, &browser_key, &form, now, FLASH_TTL_SECONDS))
        .await
        .map_err(store_failure)?;
    // One that does not open (made for another cookie, or before flashes
    // were sealed) is as good as none.
    let opened = taken.and_then(|t| {
        let sealed = crate::store::secrets::from_hex(&t.payload)?;
        ctx.secrets_key.open_for_browser(&key, &t.form, &sealed)
    });
    Ok(opened.and_then(|p| serde_json::from_slice(&p).ok()))
}

/// Removes flashes nobody came back for.
pub async fn purge_stale(store: &crate::store::Store) -> Result<usize, StoreError> {
    let now = store.now();
    store.write(move |tx| form_flash::purge_stale(tx, now, FLASH_TTL_SECONDS)).await
}

fn see_other(response: &ResponseOptions, to: &str) {
    if let Ok(v) = HeaderValue::from_str(to) {
        response.insert_header(header::LOCATION, v);
        // 303: the browser follows with a GET, so a refresh never re-posts.
        response.set_status(StatusCode::SEE_OTHER);
    }
}

fn new_browser_key() -> String {
    crate::security::random_hex(16)
}

fn internal(detail: String) -> ServerFnError {
    super::server_failure("form flash", detail)
}

fn store_failure(e: StoreError) -> ServerFnError {
    internal(e.to_string())
}
