//! Security wiring: headers, the page CSP nonce, and the server-function guard.

use crate::util;

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

/// A page's head is the same for every request but for its nonce: the
/// chunk preloads are exactly the lazy page's own, in the manifest's order
/// (Leptos alone writes 0 to 70 of them, in hash order), and the nonce
/// appears only in `nonce=` attributes (Leptos also wrote it into
/// `crossorigin`, where CSS selectors could read it).
#[tokio::test]
async fn a_pages_head_is_steady_and_shows_its_nonce_only_to_scripts() {
    let manifest = r#"{
        "__forgot_user_id_route_view_77": ["chunk_5", "chunk_2", "split___forgot_user_id_route_view_77"],
        "__settings_route_view_77": ["chunk_9", "split___settings_route_view_77"]
    }"#;
    let app = TestApp::demo().await.with_split_manifest(manifest);
    let pkg = server::assets::BuildId::of(&app.config().site_root).unwrap().url_path();
    let head = |body: &str| body[..body.find("</head>").expect("a head")].to_string();
    let mut heads = std::collections::HashSet::new();
    for _ in 0..5 {
        let page = app.get("/forgot-user-id").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.header(app::app::LAZY_PAGE_HEADER), None, "the layer's own header stays inside");
        let nonce = nonce_of(&page).expect("the scripts carry the policy's nonce");
        assert_eq!(
            page.body.matches(nonce.as_str()).count(),
            page.body.matches(&format!("nonce=\"{nonce}\"")).count(),
            "the nonce outside a nonce= attribute"
        );
        let head = head(&page.body);
        let order: Vec<usize> = ["chunk_5", "chunk_2", "split___forgot_user_id_route_view_77"]
            .iter()
            .map(|chunk| format!("{pkg}/{chunk}.wasm"))
            .map(|chunk| head.find(&chunk).unwrap_or_else(|| panic!("{chunk} not preloaded: {head}")))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "in the manifest's order: {head}");
        assert!(!head.contains("chunk_9") && !head.contains("settings_route"), "another page's chunks: {head}");
        heads.insert(head.replace(&nonce, "NONCE"));
    }
    assert_eq!(heads.len(), 1, "the head changed between requests: {heads:#?}");

    // A page in the main bundle preloads no chunk at all.
    let home = app.get("/").await;
    let head = head(&home.body);
    assert!(!head.contains("/chunk_") && !head.contains("/split_"), "{head}");
    assert!(
        !head.contains("crossorigin=\"")
            || head.matches("crossorigin=\"").count() == head.matches("crossorigin=\"anonymous\"").count()
    );
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
