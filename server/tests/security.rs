//! Security wiring: headers, the page CSP nonce, and the server-function guard.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

mod util;

use axum::http::StatusCode;
use util::TestApp;

#[tokio::test]
async fn pages_carry_a_fresh_nonce_csp_and_the_fixed_headers() {
    let app = TestApp::demo().await;
    let first = app.get("/").await;
    let csp = first.header("content-security-policy").expect("CSP on pages").to_string();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce").to_string();
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");
    assert!(first.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script must carry the header's nonce");
    assert_eq!(first.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(first.header("referrer-policy"), Some("strict-origin-when-cross-origin"));
    assert_eq!(first.header("x-frame-options"), Some("DENY"));
    // Plain HTTP on localhost: no HSTS.
    assert_eq!(first.header("strict-transport-security"), None);

    let second = app.get("/").await;
    assert_ne!(second.header("content-security-policy").unwrap(), csp, "a nonce is never reused");
}

/// The nonce a page's policy names, and whether its body's scripts carry it.
fn nonce_of(page: &util::TestResponse) -> Option<String> {
    let csp = page.header("content-security-policy")?;
    let nonce = csp.split("'nonce-").nth(1)?.split('\'').next()?.to_string();
    page.body.contains(&format!("nonce=\"{nonce}\"")).then_some(nonce)
}

/// Forty pages rendered at once, the lazily loaded ones among them, each
/// carry a policy naming the nonce their own scripts carry: a page under the
/// resource policy (`default-src 'none'`) loads neither its script nor its
/// styles.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_at_once_each_carry_their_own_nonce_in_header_and_body() {
    let app = std::sync::Arc::new(TestApp::demo().await);
    let paths = ["/", "/login", "/forgot-user-id", "/forgot-password", "/signup", "/faq", "/mechanic", "/nowhere"];
    let pages = (0..40).map(|n| {
        let app = app.clone();
        let path = paths[n % paths.len()];
        tokio::spawn(async move { (path, app.get(path).await) })
    });
    let mut nonces = std::collections::HashSet::new();
    for page in pages {
        let (path, page) = page.await.expect("request task");
        assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{path} is a page");
        let nonce = nonce_of(&page).unwrap_or_else(|| {
            panic!("{path}: policy {:?} does not name its scripts' nonce", page.header("content-security-policy"))
        });
        assert!(nonces.insert(nonce), "{path}: a nonce was reused");
    }
}

#[tokio::test]
async fn non_page_responses_get_a_deny_all_policy() {
    let health = TestApp::demo().await.get("/healthz").await;
    assert_eq!(health.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));
}

#[tokio::test]
async fn cross_site_server_function_calls_are_refused_and_change_nothing() {
    let app = TestApp::demo().await;
    for headers in [&[("sec-fetch-site", "cross-site")][..], &[("origin", "https://evil.example")][..]] {
        // Replace the same-origin defaults with the cross-site ones.
        let request = axum::http::Request::post("/api/sign_in")
            .header("host", "127.0.0.1:3000")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html");
        let request = headers.iter().fold(request, |r, (k, v)| r.header(*k, *v));
        let response = app.send(request.body(axum::body::Body::from("user_id=ab+c&password=")).unwrap()).await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(response.header("set-cookie").is_none());
    }
    assert_eq!(app.count("form_flash").await, 0, "a refused request stores nothing");
}

#[tokio::test]
async fn server_functions_refuse_get() {
    let app = TestApp::demo().await;
    let response = app.get("/api/sign_in?user_id=x").await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(app.count("form_flash").await, 0);
}
