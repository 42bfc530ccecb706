//! The sign-up wizard through the real router on a real SQLite file (SPEC §2):
//! every refusal comes back as a field error and stores nothing; two sign-ups
//! racing for one User ID are settled at step 2; a finished sign-up creates
//! the login in one piece and signs the person in.

use crate::util;

use axum::http::StatusCode;
use util::{Browser, TestApp, fields, good_profile, newest_code, the_answer, through_step_one};

/// The registration's saved state, as the server keeps it.
async fn registration_state(app: &TestApp) -> serde_json::Value {
    let state: String = app
        .sql(|c| Ok(c.query_row("SELECT state FROM registrations ORDER BY created_at DESC LIMIT 1", [], |r| r.get(0))?))
        .await
        .unwrap();
    serde_json::from_str(&state).unwrap()
}

async fn states(app: &TestApp) -> Vec<serde_json::Value> {
    let all: Vec<String> = app
        .sql(|c| {
            let mut stmt = c.prepare("SELECT state FROM registrations")?;
            let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .await
        .unwrap();
    all.iter().map(|s| serde_json::from_str(s).unwrap()).collect()
}

#[tokio::test]
async fn every_profile_refusal_comes_back_by_its_field_and_stores_nothing() {
    let app = TestApp::demo().await;
    let cases: &[(&str, &str, &str)] = &[
        ("last_name", "", "Enter your last name."),
        ("first_name", "J0hn", "First name can only contain letters"),
        ("middle_initial", "QR", "Middle initial must be a single letter."),
        ("suffix", "Esq", "Choose a suffix from the list"),
        ("email", "john@", "Enter an email address in the correct format"),
        ("confirm_email", "other@example.com", "The email addresses do not match."),
        ("work_phone", "555-0123", "phone"),
        ("mobile_phone", "(517) 555-0188 ext. 4", "extension"),
        ("verification_answer", "", "Answer the verification question."),
        ("agree_terms", "", "You must agree to the terms & conditions"),
    ];
    for (field, bad, message) in cases {
        let mut browser = Browser::default();
        browser.get(&app, "/signup").await;
        let answer = the_answer(&app, &browser).await;
        let mut form = good_profile(&answer, "john.smith@example.com");
        form.iter_mut().find(|(k, _)| k == field).unwrap().1 = bad.to_string();
        let posted = browser.post(&app, "signup_profile", &fields(&form)).await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{field}");
        assert_eq!(posted.header("location"), Some("/signup"), "{field}: back to the form");
        let page = browser.get(&app, "/signup").await;
        assert!(page.body.contains(&format!(r##"href="#{field}""##)), "{field}: linked from the summary");
        assert!(page.body.to_lowercase().contains(&message.to_lowercase()), "{field}: expected {message:?} in the page");
        assert!(page.body.contains(&format!(r#"id="{field}-error""#)), "{field}: error by the field");
    }
    // Nothing stored: no profile saved in any registration, no email sent, no login.
    assert!(states(&app).await.iter().all(|s| s["profile"].is_null()));
    assert_eq!(app.count("outbox_messages").await, 0);
    assert_eq!(app.count("logins").await, 0);
}

#[tokio::test]
async fn a_wrong_or_late_answer_brings_a_new_question_and_keeps_what_was_typed() {
    let app = TestApp::demo().await;
    let mut browser = Browser::default();
    browser.get(&app, "/signup").await;
    let first = registration_state(&app).await["question"]["text"].as_str().unwrap().to_string();
    let form = good_profile("surely-wrong", "keep.me@example.com");
    browser.post(&app, "signup_profile", &fields(&form)).await;
    let page = browser.get(&app, "/signup").await;
    assert!(page.body.contains("That answer is not right. Answer the new question."));
    assert!(page.body.contains(r#"value="keep.me@example.com""#), "typed fields stay");
    let second = registration_state(&app).await["question"]["text"].as_str().unwrap().to_string();
    assert_ne!(first, second, "a question is answered once");

    // Ten minutes later the question has expired: a new one, fields still kept.
    let answer = the_answer(&app, &browser).await;
    app.advance_clock(app::flows::sign_up::verification::QUESTION_TTL_SECONDS);
    browser.post(&app, "signup_profile", &fields(&good_profile(&answer, "keep.me@example.com"))).await;
    let page = browser.get(&app, "/signup").await;
    assert!(page.body.contains("expired after 10 minutes"));
    assert!(page.body.contains(r#"value="keep.me@example.com""#));
    assert_eq!(app.count("outbox_messages").await, 0);
}

#[tokio::test]
async fn every_security_setup_refusal_comes_back_by_its_field_and_holds_nothing() {
    let app = TestApp::demo().await;
    let mut browser = through_step_one(&app, "john.smith@example.com").await;
    let page = browser.get(&app, "/signup/security").await;
    assert!(page.body.contains(r#"value="smithj"#), "a suggestion by the guide's convention");
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("user_id", "smith j1", "Str0ng#Garage", "Str0ng#Garage", "User ID cannot contain space."),
        ("user_id", "abc", "Str0ng#Garage", "Str0ng#Garage", "at least 6"),
        ("password", "smithj1234", "Ab1!", "Ab1!", "at least 8 characters"),
        ("password", "smithj1234", "alllowercase", "alllowercase", "3 of these categories"),
        ("password", "smithj1234", "Smithj1234!!", "Smithj1234!!", "cannot contain your User ID"),
        ("password", "smithj1234", "Password123", "Password123", "too commonly used"),
        ("password", "smithj1234", &"Aa1!".repeat(33), &"Aa1!".repeat(33), "128 characters or fewer"),
        ("confirm_password", "smithj1234", "Str0ng#Garage", "Str0ng#Garagf", "do not match"),
    ];
    for (field, user_id, password, confirm, message) in cases {
        let posted = browser
            .post(&app, "signup_security_setup", &[("user_id", user_id), ("password", password), ("confirm_password", confirm)])
            .await;
        assert_eq!(posted.header("location"), Some("/signup/security"), "{message}");
        let page = browser.get(&app, "/signup/security").await;
        assert!(page.body.contains(message), "expected {message:?} for {field}");
        assert!(page.body.contains(&format!(r#"id="{field}-error""#)), "{message}: by the field");
        assert!(!page.body.contains(password), "a password is never sent back");
    }
    assert_eq!(app.count("user_id_holds").await, 0);
    assert!(registration_state(&app).await["password_hash"].is_null());
}

/// Two people reach step 2 and choose the same User ID at the same moment:
/// exactly one gets it; the other is told at step 2, with free alternatives.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sign_ups_racing_for_one_user_id_are_settled_at_step_two() {
    let app = TestApp::demo().await;
    for round in 0..3 {
        let mut a = through_step_one(&app, "a@example.com").await;
        let mut b = through_step_one(&app, "b@example.com").await;
        let wanted = format!("racer{round}x1234");
        let form = [("user_id", wanted.as_str()), ("password", "Torque#Wrench88"), ("confirm_password", "Torque#Wrench88")];
        let (ra, rb) = tokio::join!(
            async {
                let r = a.post(&app, "signup_security_setup", &form).await;
                (a.clone(), r)
            },
            async {
                let r = b.post(&app, "signup_security_setup", &form).await;
                (b.clone(), r)
            }
        );
        let outcomes = [ra, rb];
        let winners: Vec<_> = outcomes.iter().filter(|(_, r)| r.header("location") == Some("/signup/options")).collect();
        let losers: Vec<_> = outcomes.iter().filter(|(_, r)| r.header("location") == Some("/signup/security")).collect();
        assert_eq!((winners.len(), losers.len()), (1, 1), "round {round}");
        let (loser, _) = losers[0];
        let mut loser = loser.clone();
        let page = loser.get(&app, "/signup/security").await;
        assert!(page.body.contains("That User ID is already taken. These are free: smithj"), "round {round}");
        let held: i64 = app
            .sql(move |c| Ok(c.query_row("SELECT count(*) FROM user_id_holds WHERE user_id = ?1", [wanted], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(held, 1);
    }
}

#[tokio::test]
async fn finishing_creates_the_login_in_one_piece_and_signs_in() {
    let app = TestApp::demo().await;
    let mut browser = through_step_one(&app, "john.smith@example.com").await;
    let password = "Torque#Wrench88";
    let posted = browser
        .post(&app, "signup_security_setup", &[("user_id", "SmithJ2468"), ("password", password), ("confirm_password", password)])
        .await;
    assert_eq!(posted.header("location"), Some("/signup/options"));
    let state = registration_state(&app).await.to_string();
    assert!(!state.contains(password), "the wizard keeps only the hash");
    assert!(state.contains("$argon2id$v=19$m=19456,t=2,p=1$"));

    // Text message: a code to the mobile number, proved.
    browser.post(&app, "signup_option", &[("intent", "send_text")]).await;
    let code = newest_code(&app, "+15175550188").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    browser.post(&app, "signup_option", &[("intent", "check_text"), ("text_code", wrong)]).await;
    let page = browser.get(&app, "/signup/options").await;
    assert!(page.body.contains("That code is not right"));
    browser.post(&app, "signup_option", &[("intent", "check_text"), ("text_code", &code)]).await;

    // Backup codes: shown once (in the flash), proved by typing one back.
    browser.post(&app, "signup_option", &[("intent", "create_backup")]).await;
    let page = browser.get(&app, "/signup/options").await;
    let shown: Vec<String> = page
        .body
        .split("<code>")
        .skip(1)
        .map(|s| s.split("</code>").next().unwrap().replace("<!>", ""))
        .filter(|c| c.len() == 14)
        .collect();
    assert_eq!(shown.len(), 10, "ten codes shown");
    let again = browser.get(&app, "/signup/options").await;
    assert!(!again.body.contains(&shown[0]), "shown only once");
    browser.post(&app, "signup_option", &[("intent", "check_backup"), ("backup_code", &shown[5])]).await;

    let finished = browser.post(&app, "signup_finish", &[]).await;
    assert_eq!(finished.header("location"), Some("/account-access"));
    assert!(browser.cookies.contains_key("cars_session"), "signed in");

    let (user_id, methods, history, codes): (String, String, String, i64) = app.sql(|c| {
            Ok(c.query_row(
                "SELECT l.user_id,
                        (SELECT group_concat(method, ',') FROM (SELECT method FROM login_methods WHERE login_id = l.id ORDER BY method)),
                        (SELECT phc FROM password_history WHERE login_id = l.id),
                        (SELECT count(*) FROM backup_codes WHERE login_id = l.id)
                 FROM logins l",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(user_id, "smithj2468", "stored lower case");
    assert_eq!(methods, "backup_codes,email,text");
    assert!(history.starts_with("$argon2id$"));
    assert_eq!(codes, 10);
    assert_eq!(app.count("registrations").await, 0, "the registration is gone");
    assert_eq!(app.count("user_id_holds").await, 0, "the hold gave way to the login");

    let page = browser.get(&app, "/account-access").await;
    assert!(page.body.contains("Welcome, smithj2468"), "signed in: the header greets the new login");
    // The User ID now belongs to the login: nobody else may hold it.
    let mut other = through_step_one(&app, "other@example.com").await;
    other
        .post(&app, "signup_security_setup", &[("user_id", "SMITHJ2468"), ("password", password), ("confirm_password", password)])
        .await;
    let page = other.get(&app, "/signup/security").await;
    assert!(page.body.contains("That User ID is already taken."));
}

#[tokio::test]
async fn an_expired_registration_says_so_and_account_access_needs_a_session() {
    let app = TestApp::demo().await;
    let mut browser = through_step_one(&app, "late@example.com").await;
    app.advance_clock(app::rules::limits::REGISTRATION_TTL_SECONDS);
    let page = browser.get(&app, "/signup/security").await;
    assert!(page.body.contains("Your registration has expired"));
    let posted = browser
        .post(
            &app,
            "signup_security_setup",
            &[("user_id", "latej1234"), ("password", "Torque#Wrench88"), ("confirm_password", "Torque#Wrench88")],
        )
        .await;
    assert_eq!(posted.header("location"), Some("/signup/security"));
    assert_eq!(app.count("user_id_holds").await, 0);

    let anonymous = app.get("/account-access").await;
    assert!(anonymous.status.is_redirection(), "{}", anonymous.status);
    assert_eq!(anonymous.header("location"), Some("/login?next=/account-access"), "and back after");
}

#[tokio::test]
async fn a_blank_step_one_offers_sign_in_and_no_time_limit_and_reset_names_a_user_id_only_once_held() {
    let app = TestApp::demo().await;
    let mut browser = Browser::default();
    let blank = browser.get(&app, "/signup").await;
    assert!(util::text(&blank.body).contains(r#"Already have a login? <a href="/login">Sign in</a>"#));
    assert!(!blank.body.contains("expiry-notice"), "nothing saved, nothing to keep");
    let reset = browser.get(&app, "/signup/reset").await;
    assert!(reset.body.contains("RESET deletes everything you entered in this registration. This cannot be undone."));
    assert!(!reset.body.contains("User ID held for you"));

    // Once step 2 holds a User ID, RESET says it lets it go.
    let mut browser = util::through_step_one(&app, "held@example.com").await;
    let saved = browser
        .post(
            &app,
            "signup_security_setup",
            &[("user_id", "heldj1234"), ("password", "Torque#Wrench88"), ("confirm_password", "Torque#Wrench88")],
        )
        .await;
    assert_eq!(saved.header("location"), Some("/signup/options"));
    let reset = browser.get(&app, "/signup/reset").await;
    assert!(reset.body.contains("including the User ID held for you"));
    assert!(browser.get(&app, "/signup/check-email").await.body.contains("expiry-notice"));
}
