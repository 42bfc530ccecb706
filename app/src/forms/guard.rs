//! What the form layer answers around a server function (server only): a
//! submission too large to read, and a busy or too-large answer to a
//! browser posting natively (JavaScript off), which shows whatever it gets
//! back and so must get a page, not the server function's data.

use axum::body::{Body, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::ServerFnError;
use leptos::server_fn::error::FromServerFnError;

use super::flash::is_native_form_post;
use super::{BUSY, FormReply, MAX_FORM_BYTES, TOO_LARGE};
use crate::context::AppContext;
use crate::messages::forms as words;
use crate::security::cookie_value;

/// Reads a server function's body up to [`MAX_FORM_BYTES`]; past it the
/// function never runs and the browser is told "too large": with the WASM
/// loaded as the function's error (413), which the page shows by the form
/// with what was typed still in it; with JavaScript off by going back to
/// the form's page, whose error summary says so and whose fields get back
/// the values that fit (never a password or a code), through the form
/// flash ([`super::flash::ANY_FORM`]).
pub async fn limit_form_size(State(ctx): State<std::sync::Arc<AppContext>>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let native = is_native_form_post(request.headers());
    let back = back_to(&request);
    let cookie = cookie_value(request.headers(), super::flash::cookie_name(ctx.secure_cookies));
    let (parts, mut body) = request.into_parts();
    // Read no further than the limit: what lies past it is never taken in.
    let mut read = Vec::new();
    let mut over = false;
    while let Some(frame) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(frame) = frame else { return too_large(&ctx, native, &back, &read, cookie).await };
        if let Ok(data) = frame.into_data() {
            if read.len() + data.len() > MAX_FORM_BYTES {
                read.extend_from_slice(&data[..MAX_FORM_BYTES - read.len()]);
                over = true;
                break;
            }
            read.extend_from_slice(&data);
        }
    }
    if over {
        drain(&mut body).await;
        return too_large(&ctx, native, &back, &read, cookie).await;
    }
    next.run(Request::from_parts(parts, Body::from(read))).await
}

/// Past the limit a browser is still sending. Answering at once and closing
/// makes it see a reset connection ("This site can't be reached") instead of
/// the answer, so what is left is read and thrown away first, up to
/// [`DRAIN_AT_MOST_BYTES`] and [`DRAIN_AT_MOST`]: enough for a person who
/// pasted a file into a box, bounded for someone sending without end.
async fn drain(body: &mut Body) {
    let mut thrown_away = 0usize;
    let _ = tokio::time::timeout(DRAIN_AT_MOST, async {
        while let Some(Ok(frame)) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx)).await {
            thrown_away += frame.data_ref().map_or(0, |d| d.len());
            if thrown_away > DRAIN_AT_MOST_BYTES {
                break;
            }
        }
    })
    .await;
}

/// How much of an over-large submission is read (and dropped) so that its
/// sender gets the answer: the most, then the longest time, spent on it.
const DRAIN_AT_MOST_BYTES: usize = 8 * 1024 * 1024;
const DRAIN_AT_MOST: std::time::Duration = std::time::Duration::from_secs(10);

/// What a native post (JavaScript off) must not get back: a busy answer
/// (503 from [`super::busy`]) becomes a page saying so; a server function
/// that failed, which the framework answers with a bare redirect to the
/// previous page carrying the error in its address, becomes a page that
/// says something went wrong (500), so no failure is silent.
pub async fn answer_pages(request: Request, next: Next) -> Response {
    let native = is_native_form_post(request.headers()) && request.uri().path().starts_with("/api/");
    let back = back_to(&request);
    let response = next.run(request).await;
    if !native || !is_server_function(&response) {
        return response;
    }
    let failed_silently =
        response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).is_some_and(|to| to.contains("__err="));
    let (status, title, message) = if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        (StatusCode::SERVICE_UNAVAILABLE, words::BUSY_TITLE, BUSY)
    } else if failed_silently {
        (StatusCode::INTERNAL_SERVER_ERROR, words::WENT_WRONG_TITLE, super::WENT_WRONG)
    } else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.status = status;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::LOCATION);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    Response::from_parts(parts, Body::from(page(title, message, &back)))
}

/// Server functions answer with the function's data, never HTML.
fn is_server_function(response: &Response) -> bool {
    !response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"))
}

/// A field's value is put back only up to this many characters.
const KEEP_AT_MOST_CHARS: usize = 1000;

async fn too_large(ctx: &AppContext, native: bool, back: &str, prefix: &[u8], cookie: Option<String>) -> Response {
    if native {
        // Back to the form's page, with the message and what fits.
        let reply = FormReply { form_error: Some(TOO_LARGE.into()), values: values_that_fit(prefix), ..Default::default() };
        let (cookie, fresh) = match cookie {
            Some(existing) => (existing, false),
            None => (super::flash::new_cookie_value(), true),
        };
        if super::flash::keep(ctx, &cookie, super::flash::ANY_FORM, &reply).await.is_ok() {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::SEE_OTHER;
            if let Ok(to) = HeaderValue::from_str(back) {
                response.headers_mut().insert(header::LOCATION, to);
            }
            if fresh {
                let name = super::flash::cookie_name(ctx.secure_cookies);
                let secure = if ctx.secure_cookies { "; Secure" } else { "" };
                if let Ok(set) = HeaderValue::from_str(&format!("{name}={cookie}; Path=/; HttpOnly; SameSite=Lax{secure}")) {
                    response.headers_mut().insert(header::SET_COOKIE, set);
                }
            }
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
    }
    let mut response = if native {
        // The flash could not be kept: a page of its own says it instead.
        let mut r = Response::new(Body::from(page(words::TOO_LARGE_TITLE, TOO_LARGE, back)));
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        r
    } else {
        // The hydrated client reads an error answer as the function's error.
        Response::new(Body::from(ServerFnError::new(TOO_LARGE).ser()))
    };
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The fields wholly inside what was read, short enough to put back, and
/// never a password or a code (those are never kept anywhere).
fn values_that_fit(prefix: &[u8]) -> std::collections::BTreeMap<String, String> {
    // Only the pairs before the last `&` are whole: the limit cut the one after it.
    let whole = prefix.iter().rposition(|&b| b == b'&').map_or(&prefix[..0], |last| &prefix[..last]);
    form_urlencoded::parse(whole)
        .filter(|(name, value)| {
            let secret = name.contains("password") || name.contains("code") || name.starts_with("answer");
            !secret && value.chars().count() <= KEEP_AT_MOST_CHARS
        })
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// The page the form was on, when the browser says so and it is ours.
fn back_to(request: &Request) -> String {
    request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| crate::routes::Route::Home.path().into())
}

/// A small page of its own, plain (answers under /api/ carry the strict CSP).
fn page(title: &str, message: &str, back: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}{suffix}</title></head>\
         <body><main id=\"main\" class=\"page\"><h1>{title}</h1><p role=\"alert\">{message}</p>\
         <p><a href=\"{back}\">{go_back}</a>{keeps}</p>\
         </main></body></html>",
        suffix = escape(words::TITLE_SUFFIX),
        go_back = escape(words::GO_BACK),
        keeps = escape(words::BACK_KEEPS_WHAT_YOU_TYPED),
        title = escape(title),
        message = escape(message),
        back = escape(back),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_short_fields_that_are_no_secret_come_back() {
        let long = "x".repeat(KEEP_AT_MOST_CHARS + 1);
        let body = format!(
            "account_type=mechanic&last_name=O%27Brien+Jr&password=Secret%231&email_code=123456&note={long}&user_id=cut-off-her"
        );
        let kept = values_that_fit(body.as_bytes());
        assert_eq!(kept.get("account_type").map(String::as_str), Some("mechanic"));
        assert_eq!(kept.get("last_name").map(String::as_str), Some("O'Brien Jr"));
        for gone in ["password", "email_code", "note", "user_id"] {
            assert!(!kept.contains_key(gone), "{gone}");
        }
        let kept = values_that_fit(b"mark=%E2%9C%93+ok%zz%4&");
        assert_eq!(kept.get("mark").map(String::as_str), Some("\u{2713} ok%zz%4"));
    }
}
