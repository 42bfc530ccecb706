//! The public pages, rendered by the real router on a real database.

use crate::util;

use axum::http::StatusCode;
use util::TestApp;

#[tokio::test]
async fn landing_page_is_server_rendered_with_its_content() {
    let app = TestApp::demo().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    for text in [
        "CARS e-Services — A new era begins",
        "Michigan Secretary of State – Here to serve you",
        "Mechanic Services",
        "MI.gov Home",
        "FAQs",
        "Contact Us",
        "<footer",
    ] {
        assert!(page.body.contains(text), "missing {text:?}");
    }
}

#[tokio::test]
async fn mechanic_page_offers_both_logins() {
    let page = TestApp::demo().await.get("/mechanic").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Mechanic and Mechanic School Services"));
    assert!(page.body.contains(r#"href="/login?type=mechanic""#) && page.body.contains(">Mechanic Login<"));
    assert!(page.body.contains(r#"href="/login?type=school""#) && page.body.contains(">Mechanic School Login<"));
}

#[tokio::test]
async fn login_heading_follows_the_account_type() {
    let app = TestApp::demo().await;
    assert!(app.get("/login?type=school").await.body.contains("Login as a Mechanic School"));
    let mechanic = app.get("/login?type=mechanic").await.body;
    assert!(mechanic.contains("Login as a Mechanic<") || mechanic.contains("Login as a Mechanic</"));
    assert!(mechanic.contains("You must have an account with the state of Michigan MILogin system."));
    for link in ["Forgot User ID", "Forgot Password", "SIGN UP"] {
        assert!(mechanic.contains(link), "missing {link}");
    }
}

#[tokio::test]
async fn every_content_page_renders_with_header_and_footer() {
    let app = TestApp::demo().await;
    for (path, heading) in [
        ("/faq", "Frequently asked questions"),
        ("/contact", "Contact Us"),
        ("/terms", "Terms"),
        ("/privacy", "Privacy"),
        ("/accessibility", "Accessibility"),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(heading), "{path} lacks {heading:?}");
        assert!(page.body.contains("MI.gov Home") && page.body.contains("<footer"), "{path} lacks the frame");
    }
}

/// The Privacy page states the retention the server applies, from the same
/// configuration the purge reads.
#[tokio::test]
async fn the_privacy_page_states_the_configured_retention() {
    use app::store::retention::Retention;
    let retention = Retention { outbox_days: 7, expired_codes_days: 90, audit_ip_days: 730 };
    let app = TestApp::demo_with(app::security::policy::Policy { retention, ..TestApp::unthrottled() }).await;
    let page = app.get("/privacy").await;
    assert_eq!(page.status, StatusCode::OK);
    for kept in ["<td>7 days</td>", "<td>90 days</td>", "<td>2 years</td>"] {
        assert!(page.body.contains(kept), "the Privacy page lacks {kept}");
    }
    assert!(!page.body.contains("<td>1 year</td>"), "the default is not stated beside the configured one");
}

#[tokio::test]
async fn unknown_pages_are_404_with_a_way_back() {
    let page = TestApp::demo().await.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Page not found"));
    assert!(page.body.contains(r#"href="/""#));
}

#[tokio::test]
async fn healthz_answers_ok() {
    let page = TestApp::production().await.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "ok");
}

#[tokio::test]
async fn development_outbox_exists_only_in_demo_mode() {
    let demo = TestApp::demo().await;
    demo.ctx
        .mailer
        .send(app::mail::Email { to: "pat@example.com".into(), subject: "Welcome to CARS".into(), body: "hello".into() })
        .await
        .unwrap();
    let page = demo.get("/dev/outbox").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Development outbox"));
    assert!(page.body.contains("Welcome to CARS") && page.body.contains("pat@example.com"));

    let production = TestApp::production().await;
    assert_eq!(production.get("/dev/outbox").await.status, StatusCode::NOT_FOUND);
    let call = production.post_form("/api/dev_outbox", "", &[]).await;
    assert_eq!(call.status, StatusCode::NOT_FOUND);
}

/// The route table (`app::routes`) and the router agree: every path it
/// names is served (a page, or a redirect to sign in), never the 404 page
/// an unknown path gets.
#[tokio::test]
async fn every_route_in_the_table_is_served() {
    use app::routes::{Route, SettingsSection};
    let app = TestApp::demo().await;
    assert_eq!(app.get("/no-such-page").await.status, StatusCode::NOT_FOUND, "the control: an unknown path");
    let paths = Route::ALL.iter().map(|r| r.path()).chain(SettingsSection::ALL.iter().map(|s| s.path()));
    for path in paths {
        let status = app.get(path).await.status;
        assert_ne!(status, StatusCode::NOT_FOUND, "{path} is in the route table but not served");
        assert!(!status.is_server_error(), "{path} answered {status}");
    }
}

/// The bundle goes out as `server assets compress` wrote it after the build
/// (best level, once), not compressed again on every request; a file
/// without copies is still compressed on the fly.
#[tokio::test]
async fn the_bundle_is_sent_as_compressed_after_the_build() {
    let app = TestApp::demo().await;
    let pkg = app.config().site_root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "export function start() { return 'hello from the bundle'; }\n".repeat(200);
    std::fs::write(pkg.join("cars.js"), &js).unwrap();
    let done = server::assets::compress(&pkg, 11).unwrap();
    assert_eq!(done.written, 1);
    let size = |name: &str| std::fs::metadata(pkg.join(name)).unwrap().len().to_string();

    let br = app.get_with("/pkg/cars.js", &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-length"), Some(size("cars.js.br").as_str()), "the file as written");
    assert_eq!(br.header("vary"), Some("accept-encoding"));
    let gzip = app.get_with("/pkg/cars.js", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.header("content-length"), Some(size("cars.js.gz").as_str()));
    let plain = app.get("/pkg/cars.js").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, js);

    // Built after the last compress run: compressed as it goes.
    std::fs::write(pkg.join("late.js"), &js).unwrap();
    let late = app.get_with("/pkg/late.js", &[("accept-encoding", "br")]).await;
    assert_eq!(late.status, StatusCode::OK);
    assert_eq!(late.header("content-encoding"), Some("br"));
    assert_eq!(app.get("/pkg/missing.js").await.status, StatusCode::NOT_FOUND);
}

/// Pages name the bundle under its build id, and those addresses are kept a
/// year without asking again: a repeat visit downloads no WASM, and a new
/// build, under a new id, is never mixed with the old one.
#[tokio::test]
async fn pages_name_the_bundle_under_its_build_id_kept_a_year() {
    let app = TestApp::demo().await.with_bundle(&[
        ("cars.js", b"export default function init() {}\n"),
        ("cars.wasm", b"\0asm\x01\0\0\0"),
        ("cars.css", b"body { margin: 0 }\n"),
        ("__wasm_split.abc.js", b"export {}\n"),
    ]);
    let site = app.config().site_root;
    let build = server::assets::BuildId::of(&site).unwrap();
    let pkg = build.url_path();

    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("no-store"), "the page itself is never kept");
    let head = &page.body[..page.body.find("</head>").unwrap()];
    for file in ["cars.js", "cars.wasm", "cars.css", "__wasm_split.abc.js"] {
        assert!(head.contains(&format!("href=\"{pkg}/{file}\"")), "{file} under the build id: {head}");
    }
    // The hydration script loads the glue and the WASM from the same place.
    assert!(head.contains(&format!("\"{}\"", build.pkg_dir())), "{head}");
    let unversioned = head.matches("/pkg/").count() - head.matches(&format!("{pkg}/")).count();
    assert_eq!(unversioned, 0, "every address names the build: {head}");

    for file in ["cars.js", "cars.wasm", "cars.css"] {
        let got = app.get(&format!("{pkg}/{file}")).await;
        assert_eq!(got.status, StatusCode::OK, "{file}");
        assert_eq!(got.header("cache-control"), Some(server::assets::IMMUTABLE), "{file}");
        assert_eq!(got.body.as_bytes(), std::fs::read(site.join("pkg").join(file)).unwrap(), "{file} as built");
    }
    // The compressed copies are kept as long.
    server::assets::compress(&site.join("pkg"), 5).unwrap();
    let app = app.with_bundle(&[]);
    let br = app.get_with(&format!("{pkg}/cars.js"), &[("accept-encoding", "br")]).await;
    assert_eq!((br.header("content-encoding"), br.header("cache-control")), (Some("br"), Some(server::assets::IMMUTABLE)));

    // Nothing missing is kept, nor anything under another build's id.
    let missing = app.get(&format!("{pkg}/missing.js")).await;
    assert_eq!((missing.status, missing.header("cache-control")), (StatusCode::NOT_FOUND, None));
    let other = app.get("/pkg/0123456789abcdef/cars.js").await;
    assert_eq!((other.status, other.header("cache-control")), (StatusCode::NOT_FOUND, None));
    // Without an id (tools, `make bench`): the file, with no lifetime of its own.
    let plain = app.get("/pkg/cars.js").await;
    assert_eq!((plain.status, plain.header("cache-control")), (StatusCode::OK, None));

    // A new build: a new id, and the old one's addresses are gone.
    let app = app.with_bundle(&[("cars.wasm", b"\0asm\x01\0\0\0\x01")]);
    let rebuilt = server::assets::BuildId::of(&site).unwrap();
    assert_ne!(rebuilt, build);
    assert!(app.get("/").await.body.contains(&format!("{}/cars.wasm", rebuilt.url_path())));
    assert_eq!(app.get(&format!("{pkg}/cars.wasm")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("{}/cars.wasm", rebuilt.url_path())).await.status, StatusCode::OK);
}
