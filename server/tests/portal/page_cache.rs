//! Anonymous pages answered from memory (`server::page_cache`): the same
//! page as a render, with this response's own nonce, and never for anyone
//! who carries a cookie.

use crate::util;

use std::sync::Arc;

use axum::http::StatusCode;
use util::{Browser, TestApp, TestResponse};

/// The nonce this response's policy names, checked to be the one its
/// scripts carry, and the body with it taken out.
fn with_own_nonce(page: &TestResponse) -> (String, String) {
    let csp = page.header("content-security-policy").expect("a page policy");
    let nonce = csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next()).expect("a nonce").to_string();
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the scripts carry the policy's nonce");
    (nonce.clone(), page.body.replace(&nonce, "NONCE"))
}

#[tokio::test]
async fn a_visitor_without_cookies_gets_the_kept_page_with_a_nonce_of_its_own() {
    let app = TestApp::demo().await;
    for address in ["/", "/mechanic", "/login", "/login?type=school", "/faq", "/contact", "/terms", "/privacy", "/accessibility"]
    {
        let answered = app.pages.answered();
        let rendered = app.get(address).await;
        assert_eq!(rendered.status, StatusCode::OK, "{address}");
        let kept = app.get(address).await;
        assert_eq!(app.pages.answered(), answered + 1, "{address}: the second visit was answered from memory");

        let (first_nonce, first) = with_own_nonce(&rendered);
        let (second_nonce, second) = with_own_nonce(&kept);
        assert_ne!(first_nonce, second_nonce, "{address}: a nonce is never reused");
        assert_eq!(first, second, "{address}: the same page");
        for name in ["content-type", "cache-control", "x-frame-options", "content-security-policy"] {
            assert_eq!(rendered.headers.contains_key(name), kept.headers.contains_key(name), "{address}: {name}");
        }
        assert_eq!(kept.header("cache-control"), Some("no-store"));
        assert_eq!(kept.header(app::ui::ANONYMOUS_PAGE_HEADER), None, "the render's mark stays inside");
        assert_eq!(rendered.header(app::ui::ANONYMOUS_PAGE_HEADER), None);
    }
    // Compressed for each browser as a render is.
    let br = app.get_with("/faq", &[("accept-encoding", "br")]).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
}

/// 40 visitors at once, on four threads: each answer names its own nonce in
/// its policy and its scripts, and all are the same page.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_crowd_at_once_each_gets_its_own_nonce() {
    let app = Arc::new(TestApp::demo().await);
    let visits: Vec<_> = (0..40)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { app.get("/login").await })
        })
        .collect();
    let mut nonces = std::collections::HashSet::new();
    let mut pages = std::collections::HashSet::new();
    for visit in visits {
        let page = visit.await.unwrap();
        assert_eq!(page.status, StatusCode::OK);
        let (nonce, body) = with_own_nonce(&page);
        nonces.insert(nonce);
        pages.insert(body);
    }
    assert_eq!(nonces.len(), 40, "every answer its own nonce");
    assert_eq!(pages.len(), 1, "one page for all");
    assert!(app.pages.answered() > 0, "the crowd was answered from memory too");
}

/// A session, a form flash or any cookie at all means a render of one's own:
/// the kept page is never shown to them, whatever it is.
#[tokio::test]
async fn anyone_with_a_cookie_gets_a_page_rendered_for_them() {
    let app = TestApp::demo().await;
    for address in ["/", "/login"] {
        app.get(address).await;
    }
    assert_eq!(app.pages.kept(), 2);
    let answered = app.pages.answered();

    // Signed in: the header welcomes them.
    let mut signed_in = app.with_user("smithj2468").signed_in().await;
    let home = signed_in.get(&app, "/").await;
    assert!(home.body.contains("Welcome, smithj2468"), "the signed-in header: {}", util::text(&home.body));

    // A failed sign-in with JavaScript off: the sign-in page shows the problem.
    let mut typed = Browser::default();
    let posted = typed.post(&app, "sign_in", &[("user_id", ""), ("password", "")]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let login = typed.get(&app, "/login").await;
    assert!(login.body.contains("There is a problem"), "the flash: {}", util::text(&login.body));

    // Any cookie, even one the portal does not know.
    let stranger = app.get_with("/login", &[("cookie", "something=else")]).await;
    assert_eq!(stranger.status, StatusCode::OK);

    assert_eq!(app.pages.answered(), answered, "none of them was answered from memory");
    // Their renders were not kept either: an anonymous visitor still gets
    // the anonymous page.
    let anonymous = app.get("/").await;
    assert!(!anonymous.body.contains("Welcome, smithj2468"));
    assert_eq!(app.pages.answered(), answered + 1);
}

/// Only the pages that say so are kept: not a page that reads the
/// database, not a page not found, not a form post.
#[tokio::test]
async fn only_pages_that_are_the_same_for_everyone_are_kept() {
    let app = TestApp::demo().await;
    for address in ["/signup", "/forgot-password", "/dev/outbox", "/no-such-page", "/account-access", "/settings"] {
        app.get(address).await;
        app.get(address).await;
    }
    app.post_form("/api/sign_in", "user_id=&password=", &[]).await;
    assert_eq!((app.pages.kept(), app.pages.answered()), (0, 0));
}

/// The pages kept are bounded however many addresses arrive at once:
/// 60 different queries of the sign-in page on four threads keep at most
/// half the places, and the plain addresses still fit afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_typed_queries_keeps_at_most_half_the_places() {
    let app = Arc::new(TestApp::demo().await);
    let login = app::routes::Route::Login.path();
    let visits: Vec<_> = (0..60)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move { app.get(&format!("{login}?next=%2F{i}")).await.status })
        })
        .collect();
    for visit in visits {
        assert_eq!(visit.await.unwrap(), StatusCode::OK, "every visitor is answered");
    }
    assert_eq!(app.pages.kept(), 32, "the addresses with a query hold half the 64 places");
    let faq = app::routes::Route::Faq.path();
    app.get(faq).await;
    let answered = app.pages.answered();
    app.get(faq).await;
    assert_eq!((app.pages.kept(), app.pages.answered()), (33, answered + 1), "a plain address is still kept and answered");
}
