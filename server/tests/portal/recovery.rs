//! Forgot User ID and Forgot Password (SPEC §3) through the real router on a
//! real SQLite file: the same answers whether or not a login exists, every
//! User ID on a shared address, codes, the password history, and a reset
//! that ends every session and remembered browser and never signs in.

use crate::util;

use axum::http::StatusCode;
use util::{Browser, TestApp, newest_code, signed_up, without_noise};

const EMAIL: &str = "john.smith@example.com";
const PASSWORD: &str = "Torque#Wrench88";
const NEW_PASSWORD: &str = "Brake-Caliper#42";

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    app.sql(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
}

/// (subject, body) of every message to `recipient`, oldest first.
async fn messages_to(app: &TestApp, recipient: &str) -> Vec<(String, String)> {
    let recipient = recipient.to_string();
    app.sql(move |c| {
        let mut s = c.prepare("SELECT subject, body FROM outbox_messages WHERE recipient = ?1 ORDER BY id")?;
        Ok(s.query_map([recipient], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?)
    })
    .await
    .unwrap()
}

fn wrong_code(right: &str) -> &'static str {
    if right == "000000" { "111111" } else { "000000" }
}

/// Starts a reset in `browser`; returns where the browser was sent.
async fn start_reset(app: &TestApp, browser: &mut Browser, user_id: &str) -> Option<String> {
    let posted = browser.post(app, "forgot_password", &[("user_id", user_id)]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    posted.header("location").map(String::from)
}

/// A reset from the User ID to the new-password page, in a new browser.
async fn reset_to_new_password(app: &TestApp, user_id: &str, email: &str) -> Browser {
    let mut browser = Browser::default();
    assert_eq!(start_reset(app, &mut browser, user_id).await.as_deref(), Some("/forgot-password/code"));
    let code = newest_code(app, email).await;
    let checked = browser.post(app, "forgot_password_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert_eq!(checked.header("location"), Some("/forgot-password/new"));
    browser
}

async fn password_step(app: &TestApp, browser: &mut Browser, password: &str, remember: bool) -> Option<String> {
    let mut form = vec![("account_type", "mechanic"), ("user_id", "smithj2468"), ("password", password)];
    if remember {
        form.push(("remember", "yes"));
    }
    browser.post(app, "sign_in", &form).await.header("location").map(String::from)
}

#[tokio::test]
async fn forgot_user_id_sends_every_id_on_a_shared_email_and_answers_alike() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    signed_up(&app, EMAIL, "smithm1357", PASSWORD).await;
    signed_up(&app, "other.shop@example.com", "roej5555", PASSWORD).await;
    let before = count(&app, "SELECT count(*) FROM outbox_messages").await;

    let mut known = Browser::default();
    let mut unknown = Browser::default();
    // Ignoring the case of the address, as the sign-up's confirmation does.
    let a = known.post(&app, "forgot_user_id", &[("email", "John.Smith@EXAMPLE.com")]).await;
    let b = unknown.post(&app, "forgot_user_id", &[("email", "nobody.here@example.com")]).await;
    assert_eq!((a.status, a.header("location")), (StatusCode::SEE_OTHER, Some("/forgot-user-id")));
    assert_eq!((a.status, a.header("location")), (b.status, b.header("location")));
    let pa = known.get(&app, "/forgot-user-id").await;
    let pb = unknown.get(&app, "/forgot-user-id").await;
    assert!(
        pa.body.contains("If any MILogin for Third Party accounts use that email address, we have sent their User IDs to it.")
    );
    assert_eq!(
        without_noise(&pa.body).replace("John.Smith@EXAMPLE.com", "EMAIL"),
        without_noise(&pb.body).replace("nobody.here@example.com", "EMAIL"),
        "the same page, apart from the nonce and what was typed"
    );

    // One message, to the stored address, with both IDs on it and no other.
    assert_eq!(count(&app, "SELECT count(*) FROM outbox_messages").await, before + 1);
    let (subject, body) = messages_to(&app, EMAIL).await.pop().unwrap();
    assert_eq!(subject, "Your CARS e-Services User IDs");
    assert!(body.contains("smithj2468") && body.contains("smithm1357"), "{body}");
    assert!(!body.contains("roej5555"));
    assert!(messages_to(&app, "nobody.here@example.com").await.is_empty());
    let audited: Vec<(i64, Option<String>)> = app
        .sql(|c| {
            let mut s =
                c.prepare("SELECT login_id, detail FROM audit_log WHERE event = 'user_id_reminder_sent' ORDER BY login_id")?;
            Ok(s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    assert_eq!(audited, [(1, None), (2, None)]);

    // Asking again at once answers the same but does not flood the mailbox.
    let again = known.post(&app, "forgot_user_id", &[("email", EMAIL)]).await;
    assert_eq!(again.header("location"), Some("/forgot-user-id"));
    assert_eq!(count(&app, "SELECT count(*) FROM outbox_messages").await, before + 1);

    // The hydrated page gets the same data either way.
    let ja = known.post_js(&app, "forgot_user_id", &[("email", "other.shop@example.com")]).await;
    let jb = unknown.post_js(&app, "forgot_user_id", &[("email", "nobody.else@example.com")]).await;
    assert_eq!((ja.status, &ja.body), (jb.status, &jb.body));
    assert!(ja.body.contains("we have sent their User IDs"), "{}", ja.body);
    assert!(messages_to(&app, "other.shop@example.com").await.last().unwrap().1.contains("roej5555"));
}

#[tokio::test]
async fn forgot_user_id_checks_the_address_and_keeps_what_was_typed() {
    let app = TestApp::demo().await;
    let mut browser = Browser::default();
    let posted = browser.post(&app, "forgot_user_id", &[("email", "john.smith@example")]).await;
    assert_eq!(posted.header("location"), Some("/forgot-user-id"));
    let page = browser.get(&app, "/forgot-user-id").await;
    assert!(page.body.contains("Enter an email address in the correct format"), "a field error");
    assert!(page.body.contains("value=\"john.smith@example\""), "what was typed comes back");
    assert!(!page.body.contains("we have sent their User IDs"));
    assert_eq!(count(&app, "SELECT count(*) FROM outbox_messages").await, 0);
}

#[tokio::test]
async fn forgot_password_answers_alike_for_existing_and_unknown_user_ids() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let before = count(&app, "SELECT count(*) FROM outbox_messages").await;

    let mut known = Browser::default();
    let mut unknown = Browser::default();
    let a = known.post(&app, "forgot_password", &[("user_id", "SmithJ2468")]).await;
    let b = unknown.post(&app, "forgot_password", &[("user_id", "nosuchlogin1")]).await;
    assert_eq!((a.status, a.header("location")), (StatusCode::SEE_OTHER, Some("/forgot-password/code")));
    assert_eq!((a.status, a.header("location")), (b.status, b.header("location")));
    let cookie = a.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with("cars_reset="));
    assert!(cookie.is_some_and(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")), "{cookie:?}");
    assert!(unknown.cookies.contains_key("cars_reset"), "an unknown User ID gets a reset cookie too");

    let pa = known.get(&app, "/forgot-password/code").await;
    let pb = unknown.get(&app, "/forgot-password/code").await;
    assert!(pa.body.contains("If that login exists, we sent a 6-digit code to its email address."));
    assert_eq!(without_noise(&pa.body), without_noise(&pb.body));

    // Only the real login's mailbox gets a code.
    assert_eq!(count(&app, "SELECT count(*) FROM outbox_messages").await, before + 1);
    let code = newest_code(&app, EMAIL).await;

    // A wrong code: the same message, the same tries left.
    for browser in [&mut known, &mut unknown] {
        let posted = browser.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", wrong_code(&code))]).await;
        assert_eq!(posted.header("location"), Some("/forgot-password/code"));
    }
    let pa = known.get(&app, "/forgot-password/code").await;
    let pb = unknown.get(&app, "/forgot-password/code").await;
    assert!(pa.body.contains("That code is not right"), "a field error");
    assert_eq!(without_noise(&pa.body), without_noise(&pb.body));

    // A new code at once: refused alike (the wait in seconds may tick between the two).
    for browser in [&mut known, &mut unknown] {
        browser.post(&app, "forgot_password_code", &[("intent", "resend")]).await;
    }
    let digits = |s: &str| s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect::<String>();
    let pa = known.get(&app, "/forgot-password/code").await;
    let pb = unknown.get(&app, "/forgot-password/code").await;
    assert!(pa.body.contains("A code was sent less than a minute ago."));
    assert_eq!(digits(&without_noise(&pa.body)), digits(&without_noise(&pb.body)));

    // With JavaScript: the same data and the same next page.
    let mut known_js = Browser::default();
    let mut unknown_js = Browser::default();
    let ja = known_js.post_js(&app, "forgot_password", &[("user_id", "smithj2468")]).await;
    let jb = unknown_js.post_js(&app, "forgot_password", &[("user_id", "nosuchlogin1")]).await;
    assert_eq!((ja.status, ja.header("location"), &ja.body), (jb.status, jb.header("location"), &jb.body));

    // The audit log names only the real login's events; the two requests
    // for an unknown User ID are recorded as such, with no login.
    let events: Vec<(Option<i64>, String, Option<String>)> = app
        .sql(|c| {
            let mut s =
                c.prepare("SELECT login_id, event, detail FROM audit_log WHERE event LIKE 'password_reset%' ORDER BY id")?;
            Ok(s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .unwrap();
    let of_the_login: Vec<&str> = events.iter().filter(|(login, ..)| login.is_some()).map(|(_, e, _)| e.as_str()).collect();
    assert_eq!(of_the_login, ["password_reset_requested", "password_reset_code_failed", "password_reset_requested"]);
    let of_nobody: Vec<(&str, Option<&str>)> =
        events.iter().filter(|(login, ..)| login.is_none()).map(|(_, e, d)| (e.as_str(), d.as_deref())).collect();
    assert_eq!(of_nobody, [("password_reset_requested", Some("unknown User ID")); 2]);
}

#[tokio::test]
async fn a_wrong_or_expired_code_is_refused_and_a_new_one_works() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut browser = Browser::default();

    // No reset yet: the later pages say so and change nothing.
    let page = browser.get(&app, "/forgot-password/code").await;
    assert!(page.body.contains("data-testid=\"reset-missing\""));
    let page = browser.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("data-testid=\"reset-missing\""));

    // A malformed User ID is a field error and starts nothing.
    let posted = browser.post(&app, "forgot_password", &[("user_id", "smith j")]).await;
    assert_eq!(posted.header("location"), Some("/forgot-password"));
    let page = browser.get(&app, "/forgot-password").await;
    assert!(page.body.contains("User ID cannot contain space."));
    assert!(page.body.contains("value=\"smith j\""));
    assert_eq!(count(&app, "SELECT count(*) FROM password_resets").await, 0);

    assert_eq!(start_reset(&app, &mut browser, "smithj2468").await.as_deref(), Some("/forgot-password/code"));
    let code = newest_code(&app, EMAIL).await;

    browser.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", "12ab")]).await;
    let page = browser.get(&app, "/forgot-password/code").await;
    assert!(page.body.contains("Enter the 6-digit code we sent."));

    browser.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", wrong_code(&code))]).await;
    let page = browser.get(&app, "/forgot-password/code").await;
    assert!(page.body.contains("That code is not right. Check the newest message from us and try again (9 tries left"));

    // The right code, after it expired. (The reset itself ends with its
    // code, so moving the clock would end both: only the code's row moves.)
    app.sql(|tx| {
        tx.execute("UPDATE one_time_codes SET expires_at = 0", [])?;
        Ok(())
    })
    .await
    .unwrap();
    let posted = browser.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert_eq!(posted.header("location"), Some("/forgot-password/code"));
    let page = browser.get(&app, "/forgot-password/code").await;
    assert!(page.body.contains("That code has expired (codes last 10 minutes). Select Send a new code."));
    let page = browser.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("data-testid=\"reset-missing\""), "not before a right code");

    // A minute on, Send a new code sends one, and it works.
    app.advance_clock(60);
    let resent = browser.post(&app, "forgot_password_code", &[("intent", "resend")]).await;
    assert_eq!(resent.header("location"), Some("/forgot-password/code"));
    let page = browser.get(&app, "/forgot-password/code").await;
    assert!(page.body.contains("If that login exists, we sent a new 6-digit code to its email address."));
    let fresh = newest_code(&app, EMAIL).await;
    let checked = browser.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", &fresh)]).await;
    assert_eq!(checked.header("location"), Some("/forgot-password/new"));
    let page = browser.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("data-testid=\"reset-user-id\"") && page.body.contains("smithj2468"), "whose password it is");
    assert!(page.body.contains("autocomplete=\"new-password\""));
    // The code page now moves on to the new password.
    let page = browser.get(&app, "/forgot-password/code").await;
    assert_eq!(page.header("location"), Some("/forgot-password/new"));
}

#[tokio::test]
async fn a_reset_refuses_the_last_three_passwords_and_a_common_one() {
    let app = TestApp::demo().await;
    signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    // Two more passwords since sign-up, newest last: PASSWORD, SECOND, THIRD (current).
    const SECOND: &str = "Spark-Plug#77";
    const THIRD: &str = "Timing-Belt#31";
    for password in [SECOND, THIRD] {
        let phc = app.ctx.hasher.hash(app::security::password_hash::Queue::open(None), password.into()).await.unwrap();
        let phc = phc.as_str().to_string();
        app.sql(move |tx| {
            tx.execute("INSERT INTO password_history (login_id, phc, created_at) VALUES (1, ?1, 1)", [phc])?;
            Ok(())
        })
        .await
        .unwrap();
    }
    let mut browser = reset_to_new_password(&app, "smithj2468", EMAIL).await;
    for old in [PASSWORD, SECOND, THIRD] {
        let posted = browser.post(&app, "forgot_password_new", &[("password", old), ("confirm_password", old)]).await;
        assert_eq!(posted.header("location"), Some("/forgot-password/new"), "{old} refused");
        let page = browser.get(&app, "/forgot-password/new").await;
        assert!(page.body.contains("Your password cannot be one of the last 3 passwords used on this login."), "{old}");
        assert!(!page.body.contains(old), "a password is never echoed");
    }
    browser.post(&app, "forgot_password_new", &[("password", "P@ssw0rd"), ("confirm_password", "P@ssw0rd")]).await;
    let page = browser.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("That password is too commonly used and easy to guess. Choose another."));

    browser.post(&app, "forgot_password_new", &[("password", "Smithj2468#x"), ("confirm_password", "other")]).await;
    let page = browser.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("Your password cannot contain your User ID or your first or last name."));
    assert!(page.body.contains("The passwords do not match."));
    assert_eq!(count(&app, "SELECT count(*) FROM password_history").await, 3, "nothing changed");

    let done = browser.post(&app, "forgot_password_new", &[("password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
    assert_eq!(done.header("location"), Some("/forgot-password/done"));
    assert_eq!(count(&app, "SELECT count(*) FROM password_history").await, 4);
}

#[tokio::test]
async fn a_reset_ends_every_session_and_remembered_browser_and_never_signs_in() {
    let app = TestApp::demo().await;
    let mut owner = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    assert_eq!(owner.get(&app, "/account-access").await.status, StatusCode::OK);

    // A second browser signed in and remembered for 30 days.
    let mut remembered = Browser::default();
    assert_eq!(password_step(&app, &mut remembered, PASSWORD, true).await.as_deref(), Some("/login/verify"));
    remembered.post(&app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(&app, EMAIL).await;
    let done = remembered.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/account-access"));
    assert_eq!(count(&app, "SELECT count(*) FROM remembered_browsers").await, 1);

    // A stranger locks the login from elsewhere.
    let mut stranger = Browser::default();
    for _ in 0..3 {
        password_step(&app, &mut stranger, "Wrong#Password1", false).await;
    }
    assert_eq!(count(&app, "SELECT count(*) FROM login_lockouts WHERE locked_until > 0").await, 1);

    let mut resetter = reset_to_new_password(&app, "smithj2468", EMAIL).await;
    let page = resetter.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("data-testid=\"password-guidelines\""));
    let finished =
        resetter.post(&app, "forgot_password_new", &[("password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
    assert_eq!(finished.header("location"), Some("/forgot-password/done"));
    assert!(!resetter.cookies.contains_key("cars_session"), "a reset never signs in");
    let page = resetter.get(&app, "/forgot-password/done").await;
    assert!(page.body.contains("Your password has been reset. Please log in."));
    assert!(page.body.contains("href=\"/login\""));
    assert!(resetter.get(&app, "/account-access").await.status.is_redirection());

    // The notice went out; everything the old password opened is gone.
    let (subject, body) = messages_to(&app, EMAIL).await.pop().unwrap();
    assert_eq!(subject, "Your CARS e-Services password was changed");
    assert!(body.contains("Your CARS e-Services password was changed"));
    assert!(owner.get(&app, "/account-access").await.status.is_redirection(), "the owner's session ended");
    assert!(remembered.get(&app, "/account-access").await.status.is_redirection(), "every session ended");
    assert_eq!(count(&app, "SELECT count(*) FROM sessions").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM remembered_browsers").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM password_resets").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM login_lockouts").await, 0, "the lock is over");
    assert_eq!(count(&app, "SELECT count(*) FROM logins WHERE password_reset_at IS NOT NULL").await, 1);
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE event = 'password_reset' AND login_id = 1").await, 1);

    // The old password no longer works; the new one still needs the second
    // step, even on the browser that was remembered and from the stranger's.
    assert_eq!(password_step(&app, &mut resetter, PASSWORD, false).await.as_deref(), Some("/login?type=mechanic"));
    assert_eq!(password_step(&app, &mut remembered, NEW_PASSWORD, false).await.as_deref(), Some("/login/verify"));
    assert_eq!(password_step(&app, &mut stranger, NEW_PASSWORD, false).await.as_deref(), Some("/login/verify"));

    // The reset is used up: its pages start again.
    let page = resetter.get(&app, "/forgot-password/new").await;
    assert!(page.body.contains("data-testid=\"reset-missing\""));
}
