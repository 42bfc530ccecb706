//! Security wiring: headers, the page CSP nonce, and the server-function guard.

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

#[tokio::test]
async fn non_page_responses_get_a_deny_all_policy() {
    let health = TestApp::demo().await.get("/healthz").await;
    assert_eq!(health.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));
}

#[tokio::test]
async fn cross_site_server_function_calls_are_refused_and_change_nothing() {
    let app = TestApp::demo().await;
    for headers in [
        &[("sec-fetch-site", "cross-site")][..],
        &[("origin", "https://evil.example")][..],
    ] {
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
