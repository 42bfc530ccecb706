//! Hardening that no single flow owns: what browsers may keep (nothing
//! personal), and who may read the files the portal writes (its owner only).

use crate::util;

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use util::{Browser, TestApp};

/// The folder the test app serves files from (`site_root`, beside its database).
fn site_root(app: &TestApp) -> PathBuf {
    app.ctx.store.path().parent().unwrap().join("site")
}

#[tokio::test]
async fn pages_and_server_function_answers_are_never_stored() {
    let app = TestApp::demo().await;

    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("no-store"), "a page");

    let not_found = app.get("/no-such-page").await;
    assert_eq!(not_found.status, StatusCode::NOT_FOUND);
    assert_eq!(not_found.header("cache-control"), Some("no-store"), "the not-found page");

    let away = app.get("/account-access").await;
    assert_eq!(away.header("location"), Some("/login?next=/account-access"));
    assert_eq!(away.header("cache-control"), Some("no-store"), "a page's redirect to sign in");

    // With JavaScript off: the 303 back to the form.
    let posted = app.post_form("/api/sign_in", "user_id=ab+c&password=", &[]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert_eq!(posted.header("cache-control"), Some("no-store"), "a form post's redirect");

    // With JavaScript on: the reply as data.
    let answered = Browser::default().post_js(&app, "sign_in", &[("user_id", ""), ("password", "")]).await;
    assert_eq!(answered.status, StatusCode::OK);
    assert!(answered.header("content-type").is_some_and(|t| !t.contains("html")), "data, not a page");
    assert_eq!(answered.header("cache-control"), Some("no-store"), "a server function's answer");

    // A refused call is a server-function answer too.
    let refused = app.get("/api/sign_in").await;
    assert_eq!(refused.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(refused.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn files_keep_their_own_caching() {
    let app = TestApp::demo().await;
    let site = site_root(&app);
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/cars.css"), "body { margin: 0 }").unwrap();
    std::fs::write(site.join("favicon.ico"), [0u8, 0, 1, 0]).unwrap();

    for path in ["/pkg/cars.css", "/favicon.ico"] {
        let file = app.get(path).await;
        assert_eq!(file.status, StatusCode::OK, "{path}");
        assert_eq!(file.header("cache-control"), None, "{path}: nothing personal, left to the asset caching");
        assert_eq!(file.header("x-content-type-options"), Some("nosniff"), "{path}: the other headers still apply");
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

#[cfg(unix)]
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_its_wal_files_and_its_keys_are_the_owners_only() {
    let app = TestApp::demo().await;
    // Something written, so the WAL holds data.
    util::signed_up(&app, "john.smith@example.com", "smithj2468", "Torque#Wrench88").await;
    let db = app.ctx.store.path().to_path_buf();
    for file in [db.clone(), beside(&db, "-wal"), beside(&db, "-shm"), beside(&db, ".code-key"), beside(&db, ".secrets-key")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_backup_and_its_keys_are_the_owners_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cars.db");
    let store = app::store::Store::open(&db).unwrap();
    app::store::authorization::CodeKey::load_or_create(&app::store::authorization::CodeKey::beside(&db)).unwrap();
    let (secrets_key, _) =
        app::store::secrets::SecretsKey::load_or_create(&app::store::secrets::SecretsKey::beside(&db)).unwrap();
    util::sql(&store, |tx| Ok(tx.execute("INSERT INTO audit_log (at, event) VALUES (1, 'x')", [])?)).await.unwrap();

    let dest = dir.path().join("backups/cars-copy.db");
    let done = server::ops::backup::backup(&db, &dest, false, 2).await.unwrap();
    assert_eq!(done.path, dest);
    assert_eq!(mode(&dest), 0o600, "the copy");
    assert_eq!(mode(&done.code_key.expect("the key travels with the copy")), 0o600, "its key");
    let copied = done.secrets_key.expect("the secrets key travels with the copy");
    assert_eq!(copied, dir.path().join("backups/cars-copy.db.secrets-key"));
    assert_eq!(mode(&copied), 0o600, "its secrets key");
    // The copy's key opens what the original sealed.
    let (restored, made) = app::store::secrets::SecretsKey::load_or_create(&copied).unwrap();
    assert!(!made);
    assert_eq!(restored.open("x", &secrets_key.seal("x", b"a secret")).as_deref(), Some(&b"a secret"[..]));

    // Replacing an older copy that others could read leaves an owner-only one.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    server::ops::backup::backup(&db, &dest, true, 3).await.unwrap();
    assert_eq!(mode(&dest), 0o600, "the replaced copy");
}
