//! What the form layer answers around a server function (server only): a
//! submission too large to read, and a busy or too-large answer to a
//! browser posting natively (JavaScript off), which shows whatever it gets
//! back and so must get a page, not the server function's data.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::server_fn::error::FromServerFnError;
use leptos::prelude::ServerFnError;

use super::{BUSY, MAX_FORM_BYTES, TOO_LARGE};
use super::flash::is_native_form_post;

/// Reads a server function's body up to [`MAX_FORM_BYTES`]; past it the
/// function never runs and the browser is told "too large" (413): as data
/// the hydrated page shows in place, keeping what was typed, or as a page
/// that leads back to the form.
pub async fn limit_form_size(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let native = is_native_form_post(request.headers());
    let back = back_to(&request);
    if declared.is_some_and(|n| n > MAX_FORM_BYTES) {
        return too_large(native, &back);
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => too_large(native, &back),
    }
}

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
    let failed_silently = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|to| to.contains("__err="));
    let (status, title, message) = if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        (StatusCode::SERVICE_UNAVAILABLE, "The service is busy", BUSY)
    } else if failed_silently {
        (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", super::WENT_WRONG)
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
    !response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

fn too_large(native: bool, back: &str) -> Response {
    let mut response = if native {
        let mut r = Response::new(Body::from(page("Too large", TOO_LARGE, back)));
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

/// The page the form was on, when the browser says so and it is ours.
fn back_to(request: &Request) -> String {
    request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into())
}

/// A small page of its own, plain (answers under /api/ carry the strict CSP).
fn page(title: &str, message: &str, back: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - CARS e-Services</title></head>\
         <body><main id=\"main\" class=\"page\"><h1>{title}</h1><p role=\"alert\">{message}</p>\
         <p><a href=\"{back}\">Go back to the form</a> (your browser's Back button keeps what you typed)</p>\
         </main></body></html>",
        title = escape(title),
        message = escape(message),
        back = escape(back),
    )
}
