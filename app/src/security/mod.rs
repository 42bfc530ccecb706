//! Security wiring shared by every response (server only): the page
//! Content-Security-Policy with a per-response nonce, the fixed security
//! headers, and the refusal of cross-site or state-changing-GET requests to
//! server functions; and password hashing.

pub mod backup_codes;
pub mod client;
pub mod methods;
pub mod password_hash;
pub mod policy;
pub mod qr;
pub mod totp;

// The primitives sit below the store, which needs them too.
pub use crate::crypto::{constant_time_eq, hex, random_hex, sha256};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Where the server functions live; the origin check guards this prefix.
pub const SERVER_FN_PREFIX: &str = "/api/";

/// The policy for rendered pages. Scripts run only with this response's
/// nonce (`strict-dynamic` lets the nonce'd loader import the WASM glue) and
/// WebAssembly needs `wasm-unsafe-eval` to compile; nothing may frame us.
pub fn page_csp(nonce: &str, live_reload: Option<&str>) -> String {
    let connect = match live_reload {
        Some(ws) => format!("'self' {ws}"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src {connect}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// For everything that is not a page (server-function data, files, health).
const RESOURCE_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

#[derive(Clone, Debug)]
pub struct HeaderPolicy {
    /// Sent only when the portal is served over TLS (directly or by a proxy).
    pub hsts: bool,
    /// `cargo leptos watch` reloads the page over a WebSocket at this
    /// address (`ws://…`); pages may connect to it. None outside development.
    pub live_reload: Option<String>,
}

/// The script nonce of one response, made by [`security_headers`] before
/// anything renders. The page's render writes it into its script tags
/// ([`crate::app::shell`]) and this layer names it in the page's policy.
///
/// Made here, not in the render, so the header never depends on a header
/// set mid-render reaching the response: a page was once served under the
/// resource policy instead of its own, which blocked its script, styles
/// and WASM, about one run in twenty of the browser suite.
#[derive(Clone, Debug)]
pub struct PageNonce(pub std::sync::Arc<str>);

/// Adds the headers every response carries.
pub async fn security_headers(State(policy): State<HeaderPolicy>, mut request: Request, next: Next) -> Response {
    let server_function = request.uri().path().starts_with(SERVER_FN_PREFIX);
    // 128 bits, as CSP asks of a nonce; hex is a valid nonce source.
    let nonce = PageNonce(random_hex(16).into());
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if server_function || is_html(h) {
        // Pages and server-function answers show personal data and secrets
        // (backup codes, the authenticator secret, a request's details): no
        // browser or proxy may keep them, nor show them again from history
        // after Log Off. Files under /pkg and public/ carry nothing personal
        // and keep whatever caching they are given.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let page_policy =
            is_html(h).then(|| HeaderValue::from_str(&page_csp(&nonce.0, policy.live_reload.as_deref())).ok()).flatten();
        h.insert(header::CONTENT_SECURITY_POLICY, page_policy.unwrap_or(HeaderValue::from_static(RESOURCE_CSP)));
    }
    if policy.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// Every page, the not-found page included, is HTML; no static file here is.
fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// Refuses server-function calls that a browser marks as coming from another
/// site (cross-site request forgery), and any method but POST: server
/// functions may change state, and GET never does here.
pub async fn guard_server_functions(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with(SERVER_FN_PREFIX) {
        if request.method() != Method::POST {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "POST")], "Use POST.").into_response();
        }
        if let Some(reason) = cross_site_reason(request.headers()) {
            tracing::warn!(path = %request.uri().path(), reason, "refused a cross-site server function call");
            return (StatusCode::FORBIDDEN, Body::from("This request came from another site and was refused.")).into_response();
        }
    }
    next.run(request).await
}

/// Why a request must be treated as cross-site, if it must.
///
/// Browsers send `Sec-Fetch-Site` (all current ones) and `Origin` (on every
/// POST); either saying another site is enough to refuse. A client sending
/// neither is not a browser and so cannot be the vehicle of a forged request.
pub fn cross_site_reason(headers: &HeaderMap) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Some("sec-fetch-site");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin_host = origin.to_str().ok().and_then(|o| o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")));
        match (origin_host, host) {
            (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => {}
            _ => return Some("origin"),
        }
    }
    None
}

/// The value of the cookie `name`, if the request carries it.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// What percent-encoding escapes in a URI part: everything but RFC 3986's
/// unreserved characters, so no `:`, `&`, `?`, `#` or space in a value can
/// change the URI's structure.
pub const NOT_UNRESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    /// Request headers, and the reason the guard should give (or none).
    type Case = (&'static [(&'static str, &'static str)], Option<&'static str>);

    #[test]
    fn cross_site_requests_are_recognised() {
        let table: &[Case] = &[
            (&[("host", "127.0.0.1:3000")], None),
            (&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-origin")], None),
            (&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "none")], None),
            (&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")], Some("sec-fetch-site")),
            (&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-site")], Some("sec-fetch-site")),
            (&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")], None),
            (&[("host", "cars.michigan.gov"), ("origin", "https://CARS.michigan.gov")], None),
            (&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")], Some("origin")),
            (&[("host", "127.0.0.1:3000"), ("origin", "null")], Some("origin")),
            (&[("origin", "http://127.0.0.1:3000")], Some("origin")),
        ];
        for (pairs, expected) in table {
            assert_eq!(cross_site_reason(&headers(pairs)), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let h = headers(&[("cookie", "a=1; cars_form=abc; cars_form_x=no"), ("cookie", "b=2")]);
        assert_eq!(cookie_value(&h, "cars_form").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie_value(&h, "cars"), None);
        assert_eq!(cookie_value(&headers(&[("cookie", "cars_form=")]), "cars_form"), None);
    }

    #[test]
    fn page_policy_carries_the_nonce_and_forbids_framing() {
        let csp = page_csp("abc123", None);
        assert!(csp.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(page_csp("n", Some("ws://127.0.0.1:3001")).contains("connect-src 'self' ws://127.0.0.1:3001"));
    }
}
