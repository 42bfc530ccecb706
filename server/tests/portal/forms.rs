//! The no-JavaScript form pattern (post-redirect-get with a server-side
//! flash) and its hydrated twin, through the sign-in form.

use crate::util;

use axum::http::StatusCode;
use util::TestApp;

#[tokio::test]
async fn a_bad_native_post_comes_back_with_errors_and_typed_values() {
    let app = TestApp::demo().await;
    let posted = app.post_form("/api/sign_in", "account_type=school&user_id=ab+c&password=", &[]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let location = posted.header("location").unwrap();
    assert_eq!(location, "/login?type=school", "back to the form, nothing personal in the URL");
    let cookie = posted.cookie().expect("a form cookie");
    assert!(cookie.starts_with("cars_form="));
    let set_cookie = posted.header("set-cookie").unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));

    let page = app.get_with(location, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("User ID cannot contain space."));
    assert!(page.body.contains("Enter your password."));
    assert!(page.body.contains(r##"href="#user_id""##));
    assert!(page.body.contains(r#"value="ab c""#), "the typed User ID is put back");
    assert!(page.body.contains(r#"aria-invalid="true""#));
    assert!(page.body.contains(r#"aria-describedby="user_id-error""#));

    // One-shot: a later visit starts clean.
    let again = app.get_with(location, &[("cookie", &cookie)]).await;
    assert!(!again.body.contains("There is a problem"));
    assert_eq!(app.count("form_flash").await, 0);
}

#[tokio::test]
async fn the_password_is_never_kept_or_echoed() {
    let app = TestApp::demo().await;
    let posted = app.post_form("/api/sign_in", "user_id=smithj9999&password=S3cret%21pass", &[]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let stored: String = app.sql(|c| Ok(c.query_row("SELECT payload FROM form_flash", [], |r| r.get(0))?)).await.unwrap();
    assert!(!stored.contains("S3cret"), "flash must not hold the password: {stored}");
    let page = app.get_with("/login?type=mechanic", &[("cookie", &posted.cookie().unwrap())]).await;
    assert!(!page.body.contains("S3cret"));
    assert!(page.body.contains(r#"value="smithj9999""#));
    assert!(page.body.to_lowercase().contains("after 3 wrong tries a login is locked for 30 minutes"));
}

#[tokio::test]
async fn flashes_belong_to_their_browser() {
    let app = TestApp::demo().await;
    let posted = app.post_form("/api/sign_in", "user_id=ab+c&password=", &[]).await;
    assert!(posted.cookie().is_some());
    let stranger = app.get_with("/login", &[("cookie", "cars_form=00000000000000000000000000000000")]).await;
    assert!(!stranger.body.contains("ab c"));
    assert!(!stranger.body.contains("There is a problem"));
}

#[tokio::test]
async fn the_hydrated_client_gets_the_errors_as_data() {
    let app = TestApp::demo().await;
    let response = app
        .send(
            axum::http::Request::post("/api/sign_in")
                .header("host", "127.0.0.1:3000")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("sec-fetch-site", "same-origin")
                .body(axum::body::Body::from("user_id=&password="))
                .unwrap(),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.header("set-cookie").is_none());
    let reply: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    let fields: Vec<_> = reply["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["user_id", "password"]);
    assert_eq!(reply["errors"][0]["message"], "Enter your User ID.");
    assert_eq!(app.count("form_flash").await, 0, "nothing is stored for the hydrated client");
}
