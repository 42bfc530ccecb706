//! Signing in (SPEC §3) through the real router on a real SQLite file: the
//! two steps, a new session identifier, Log Off, identical failures, the
//! lockout and the browser that is spared it, remembered browsers.

use crate::util;

use util::{Browser, TestApp, newest_code, signed_up, without_noise};

const EMAIL: &str = "john.smith@example.com";
const PASSWORD: &str = "Torque#Wrench88";

async fn password_step(app: &TestApp, browser: &mut Browser, user_id: &str, password: &str, remember: bool) -> Option<String> {
    let mut form = vec![("account_type", "mechanic"), ("user_id", user_id), ("password", password)];
    if remember {
        form.push(("remember", "yes"));
    }
    let posted = browser.post(app, "sign_in", &form).await;
    posted.header("location").map(String::from)
}

/// Signs in with the password and an emailed code; returns where it ended.
async fn sign_in_with_email_code(app: &TestApp, browser: &mut Browser, remember: bool) -> Option<String> {
    assert_eq!(password_step(app, browser, "smithj2468", PASSWORD, remember).await.as_deref(), Some("/login/verify"));
    browser.post(app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(app, EMAIL).await;
    let done = browser.post(app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    done.header("location").map(String::from)
}

#[tokio::test]
async fn two_steps_sign_in_with_a_new_session_id_and_log_off_ends_it() {
    let app = TestApp::demo().await;
    let signed_up_browser = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut browser = Browser::default();
    browser.cookies.insert("cars_session".into(), "0123456789abcdef0123456789abcdef".into());
    assert_eq!(sign_in_with_email_code(&app, &mut browser, false).await.as_deref(), Some("/account-access"));
    let session = browser.cookies.get("cars_session").cloned().unwrap();
    assert_ne!(session, "0123456789abcdef0123456789abcdef", "a new identifier at sign-in");
    assert_ne!(Some(&session), signed_up_browser.cookies.get("cars_session"));
    let page = browser.get(&app, "/account-access").await;
    assert!(page.body.contains("Welcome, smithj2468"), "signed in");

    let stolen = browser.clone();
    let off = browser.post(&app, "log_off", &[]).await;
    assert!(off.header("location").unwrap().starts_with("/login"));
    let mut stolen = stolen;
    let page = stolen.get(&app, "/account-access").await;
    assert!(page.status.is_redirection(), "a logged-off session cookie no longer works");
    let activity: Vec<String> = app
        .sql(|c| {
            let mut s = c.prepare("SELECT event FROM audit_log ORDER BY id")?;
            Ok(s.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?)
        })
        .await
        .unwrap();
    assert_eq!(activity, ["login_created", "sign_in", "code_requested", "sign_in", "log_off"]);
}

/// The header reads the session without counting it as activity; a page
/// that lets the person in counts it. Between them they read it once per
/// request (`session::server::RequestSession`), and the two still agree.
#[tokio::test]
async fn a_protected_page_keeps_the_session_alive_and_the_header_on_a_public_page_only_shows_it() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let idle = app.ctx.policy.session.idle_seconds;

    let mut reader = Browser::default();
    assert_eq!(sign_in_with_email_code(&app, &mut reader, false).await.as_deref(), Some("/account-access"));
    app.advance_clock(idle - 10);
    let faq = reader.get(&app, "/faq").await;
    assert!(faq.body.contains("Welcome, smithj2468"), "the header shows the session");
    app.advance_clock(20);
    assert!(reader.get(&app, "/account-access").await.status.is_redirection(), "reading the FAQ is not activity");

    let mut worker = Browser::default();
    assert_eq!(sign_in_with_email_code(&app, &mut worker, false).await.as_deref(), Some("/account-access"));
    app.advance_clock(idle - 10);
    let settings = worker.get(&app, "/settings").await;
    assert!(settings.status.is_success() && settings.body.contains("Welcome, smithj2468"), "header and page agree");
    app.advance_clock(20);
    let later = worker.get(&app, "/account-access").await;
    assert!(later.status.is_success(), "the Settings visit kept the session alive");
    assert!(later.body.contains("Welcome, smithj2468"));
}

/// A visit is written at most once in `SEEN_EVERY_SECONDS`, so most page
/// views of a busy signed-in browser read and write nothing else; "Stay
/// signed in" always writes.
#[tokio::test]
async fn a_session_is_marked_seen_at_most_once_in_a_few_seconds() {
    use app::store::sessions::SEEN_EVERY_SECONDS;
    let app = TestApp::demo().await;
    let mut browser = app.with_user("smithj2468").signed_in().await;
    let last_seen = || app.sql(|c| Ok(c.query_row("SELECT last_seen_at FROM sessions", [], |r| r.get::<_, i64>(0))?));
    let signed_in_at = last_seen().await.unwrap();

    app.advance_clock(SEEN_EVERY_SECONDS - 5);
    assert!(browser.get(&app, "/settings").await.status.is_success());
    assert_eq!(last_seen().await.unwrap(), signed_in_at, "seen moments ago: nothing written");

    app.advance_clock(10);
    assert!(browser.get(&app, "/settings").await.status.is_success());
    assert_eq!(last_seen().await.unwrap(), signed_in_at + SEEN_EVERY_SECONDS + 5, "written once it is older");

    app.advance_clock(1);
    browser.post(&app, "session_stay", &[]).await;
    assert_eq!(last_seen().await.unwrap(), signed_in_at + SEEN_EVERY_SECONDS + 6, "Stay signed in always counts");
}

#[tokio::test]
async fn an_unknown_user_id_and_a_wrong_password_answer_alike() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut unknown = Browser::default();
    let mut wrong = Browser::default();
    let a = unknown.post(&app, "sign_in", &[("user_id", "smithj2468x"), ("password", PASSWORD)]).await;
    let b = wrong.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", "Wrong#Password1")]).await;
    assert_eq!((a.status, a.header("location")), (b.status, b.header("location")));
    let pa = unknown.get(&app, a.header("location").unwrap()).await;
    let pb = wrong.get(&app, b.header("location").unwrap()).await;
    assert_eq!(
        without_noise(&pa.body).replace("smithj2468x", "ID"),
        without_noise(&pb.body).replace("smithj2468", "ID"),
        "the same page, apart from the nonce and what was typed"
    );
    assert!(pa.body.contains("After 3 wrong tries a login is locked for 30 minutes."));
}

#[tokio::test]
async fn three_wrong_passwords_lock_the_login_but_not_the_owners_browser() {
    let app = TestApp::demo().await;
    let mut owner = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    owner.post(&app, "log_off", &[]).await;
    let mut stranger = Browser::default();
    for _ in 0..3 {
        let at = password_step(&app, &mut stranger, "smithj2468", "Wrong#Password1", false).await;
        assert_eq!(at.as_deref(), Some("/login?type=mechanic"));
    }
    let notice: String = app
        .sql(|c| Ok(c.query_row("SELECT subject FROM outbox_messages ORDER BY id DESC LIMIT 1", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert!(notice.contains("locked"), "the owner is told: {notice}");

    // Locked: the right password answers exactly like a wrong one.
    let right = stranger.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD)]).await;
    assert_eq!(right.header("location"), Some("/login?type=mechanic"));
    let page = stranger.get(&app, "/login?type=mechanic").await;
    assert!(page.body.contains("After 3 wrong tries a login is locked for 30 minutes."));

    // The owner's browser signed in before: not locked out by the stranger.
    assert_eq!(password_step(&app, &mut owner, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));

    // Thirty minutes on, the lock is over for everyone.
    app.advance_clock(app.ctx.policy.lock.lock_seconds);
    assert_eq!(password_step(&app, &mut stranger, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));
}

#[tokio::test]
async fn a_remembered_browser_skips_the_second_step_for_thirty_days() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut browser = Browser::default();
    assert_eq!(sign_in_with_email_code(&app, &mut browser, true).await.as_deref(), Some("/account-access"));
    browser.post(&app, "log_off", &[]).await;
    assert_eq!(password_step(&app, &mut browser, "smithj2468", PASSWORD, false).await.as_deref(), Some("/account-access"));

    let mut other = Browser::default();
    assert_eq!(password_step(&app, &mut other, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));

    // Thirty days on, it is a stranger again.
    app.advance_clock(app::store::sign_in::REMEMBER_SECONDS);
    browser.post(&app, "log_off", &[]).await;
    assert_eq!(password_step(&app, &mut browser, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));
}

#[tokio::test]
async fn protected_pages_send_the_browser_to_sign_in_and_back() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let anonymous = app.get("/account-access").await;
    assert_eq!(anonymous.header("location"), Some("/login?next=/account-access"));
    let mut browser = Browser::default();
    let posted =
        browser.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD), ("next", "/account-access")]).await;
    assert_eq!(posted.header("location"), Some("/login/verify"));
    // Never to another site.
    let mut evil = Browser::default();
    evil.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD), ("next", "//evil.example/x")]).await;
    evil.post(&app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(&app, EMAIL).await;
    let done = evil.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/account-access"));
}

#[tokio::test]
async fn the_device_cookie_gets_a_new_value_at_each_sign_in_and_keeps_what_it_was_known_for() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut browser = Browser::default();
    assert_eq!(sign_in_with_email_code(&app, &mut browser, true).await.as_deref(), Some("/account-access"));
    let first = browser.cookies.get("cars_device").cloned().expect("a device cookie");
    browser.post(&app, "log_off", &[]).await;

    // Remembered: the password alone signs in, and the value changes again.
    assert_eq!(password_step(&app, &mut browser, "smithj2468", PASSWORD, false).await.as_deref(), Some("/account-access"));
    let second = browser.cookies.get("cars_device").cloned().unwrap();
    assert_ne!(first, second, "a new value at sign-in");

    // The old value is worth nothing now: a copy of it is a stranger's browser.
    let mut copy = Browser::default();
    copy.cookies.insert("cars_device".into(), first);
    assert_eq!(password_step(&app, &mut copy, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));
}

#[tokio::test]
async fn the_lockout_rule_people_read_is_the_configured_one() {
    use app::store::sign_in::LockPolicy;
    let policy =
        app::security::policy::Policy { lock: LockPolicy { wrong_before_lock: 5, lock_seconds: 45 * 60 }, ..Default::default() };
    let app = TestApp::demo_with(policy).await;
    app.login_in_store("smithj2468", EMAIL).await;
    let mut stranger = Browser::default();
    let locked_emails = || async {
        app.sql(|c| {
            Ok(c.query_row("SELECT count(*) FROM outbox_messages WHERE subject LIKE '%was locked%'", [], |r| r.get::<_, i64>(0))?)
        })
        .await
        .unwrap()
    };
    for wrong in 1..=5 {
        assert_eq!(locked_emails().await, 0, "not locked after {} wrong", wrong - 1);
        let refused = stranger.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", "Wrong#Password1")]).await;
        let page = stranger.get(&app, refused.header("location").unwrap()).await;
        assert!(page.body.contains("After 5 wrong tries a login is locked for 45 minutes."), "try {wrong}");
    }
    assert_eq!(locked_emails().await, 1, "the fifth locks");
    let body = util::newest_body(&app, EMAIL).await;
    assert!(body.contains("smithj2468 5 times in a row, so it is locked for 45 minutes."), "{body}");
    // The help pages say the same as the sign-in page and the email.
    let faq = util::text(&stranger.get(&app, "/faq").await.body);
    assert!(faq.contains("After 5 wrong passwords in a row, a login is locked for 45 minutes"), "{faq}");
    let contact = util::text(&stranger.get(&app, "/contact").await.body);
    assert!(contact.contains("Locked out after 5 wrong passwords? The lock ends by itself after 45 minutes."), "{contact}");
}

#[tokio::test]
async fn the_second_step_offers_a_box_for_a_code_only_once_one_was_sent() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut browser = Browser::default();
    assert_eq!(password_step(&app, &mut browser, "smithj2468", PASSWORD, false).await.as_deref(), Some("/login/verify"));
    let before = browser.get(&app, "/login/verify").await;
    assert!(before.body.contains("Send a code to"));
    assert!(!before.body.contains(r#"id="email_code""#), "nothing to type before a code was sent");

    let sent = browser.post(&app, "second_step", &[("intent", "send_email")]).await;
    assert_eq!(sent.header("location"), Some("/login/verify"));
    let after = browser.get(&app, "/login/verify").await;
    assert!(after.body.contains(r#"id="email_code""#), "the box, once the code is on its way");
    assert!(after.body.contains("Send a new code to"));
    // Each VERIFY button says, to a screen reader, which code it checks.
    assert!(util::text(&after.body).contains(r#"VERIFY<span class="visually-hidden"> the email code</span>"#), "{}", after.body);

    // Too soon for another: said beside the button, not as an error on the box.
    let again = browser.post(&app, "second_step", &[("intent", "send_email")]).await;
    let page = browser.get(&app, again.header("location").unwrap()).await;
    assert!(page.body.contains("A code was sent less than a minute ago."));
    assert!(!page.body.contains(r#"id="email_code-error""#));
    assert!(!page.body.contains(r#"data-testid="error-summary""#));
}
