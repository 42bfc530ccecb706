//! Holding under attack (SPEC §3, §7): every limit is checked and counted in
//! the same write transaction as the attempt, so a burst of parallel
//! requests through the real router, on a multi-thread runtime, never gets
//! further than one request at a time would; and no stranger can lock the
//! owner out. Each test sends 30 or more requests at once.

use crate::util;

use std::sync::Arc;

use util::{Browser, TestApp, TestResponse, burst, newest_code, signed_up};

const EMAIL: &str = "owner@example.com";
const USER: &str = "ownerj1234";
const PASSWORD: &str = "Torque#Wrench88";
const WRONG: &str = "Wrong#Password1";

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    app.sql(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
}

async fn messages_to(app: &TestApp, recipient: &'static str, subject_has: &'static str) -> i64 {
    app.sql(move |c| {
        Ok(c.query_row(
            "SELECT count(*) FROM outbox_messages WHERE recipient = ?1 AND instr(subject, ?2) > 0",
            [recipient, subject_has],
            |r| r.get(0),
        )?)
    })
    .await
    .unwrap()
}

async fn password_step(app: &TestApp, browser: &mut Browser, password: &str) -> Option<String> {
    let posted = browser.post(app, "sign_in", &[("account_type", "mechanic"), ("user_id", USER), ("password", password)]).await;
    posted.header("location").map(String::from)
}

/// The owner: signed up (so their browser is known to the login), then logged off.
async fn owner(app: &TestApp) -> Browser {
    let mut owner = signed_up(app, EMAIL, USER, PASSWORD).await;
    owner.post(app, "log_off", &[]).await;
    owner
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_wrong_passwords_reach_the_hash_at_most_three_times_and_lock_once() {
    let app = Arc::new(TestApp::for_bursts(64).await);
    let mut owner = owner(&app).await;
    let before = app.ctx.hasher.stats();

    let answers = burst(
        &app,
        "sign_in",
        vec![Browser::default(); 50],
        &[("account_type", "mechanic"), ("user_id", USER), ("password", WRONG)],
    )
    .await;

    let after = app.ctx.hasher.stats();
    assert!(answers.iter().all(|a| a.header("location") == Some("/login?type=mechanic")), "every one refused alike");
    let against_the_hash = after.verified_stored - before.verified_stored;
    assert!(against_the_hash <= 3, "{against_the_hash} verifications against the login's hash");
    assert_eq!(
        against_the_hash + after.verified_dummy - before.verified_dummy,
        50,
        "every request cost the same Argon2 work, real or dummy"
    );
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE event = 'sign_in_failed'").await, against_the_hash as i64);
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE event = 'lockout_started'").await, 1);
    assert_eq!(messages_to(&app, EMAIL, "locked").await, 1, "the owner is told once, not once per request");

    // Locked: the right password from a stranger's browser is refused too...
    let mut stranger = Browser::default();
    assert_eq!(password_step(&app, &mut stranger, PASSWORD).await.as_deref(), Some("/login?type=mechanic"));
    // ...but not from the owner's own browser.
    assert_eq!(password_step(&app, &mut owner, PASSWORD).await.as_deref(), Some("/login/verify"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_from_many_addresses_never_crowds_the_owners_known_browser_out_of_the_hashing_queue() {
    use app::security::password_hash::{PasswordHasher, Queue};
    // One hashing slot and its short queue; no per-address throttle (a crowd of addresses).
    let policy = app::security::policy::Policy { sign_ins_per_minute: 1_000_000, ..Default::default() };
    let app = Arc::new(TestApp::demo_with(policy).await.with_hasher(PasswordHasher::new(Some(1)).unwrap()));
    let mut owner = owner(&app).await;

    // The strangers' part of the queue held full, as by requests in flight.
    let held: Vec<_> =
        (0..).map(|n| app.ctx.hasher.admit(Queue::open(Some(&format!("203.0.113.{n}"))))).take_while(Result::is_ok).collect();
    let mut stranger = Browser::at("198.51.100.7");
    let refused = stranger.post(&app, "sign_in", &[("account_type", "mechanic"), ("user_id", USER), ("password", WRONG)]).await;
    assert_eq!(refused.status, 503, "a stranger is told the service is busy");
    let mut new_browser = Browser::at("192.0.2.10");
    let refused =
        new_browser.post(&app, "sign_in", &[("account_type", "mechanic"), ("user_id", USER), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, 503, "so is the owner on a browser the login has not seen");
    assert_eq!(
        count(&app, "SELECT count(*) FROM audit_log WHERE event IN ('sign_in_failed', 'sign_in_refused_locked')").await,
        0,
        "a busy answer counted nothing"
    );
    assert_eq!(
        password_step(&app, &mut owner, PASSWORD).await.as_deref(),
        Some("/login/verify"),
        "the browser the owner signed in on before still gets a place"
    );
    drop(held);

    // A real burst: sixty wrong passwords for the owner's login from sixty
    // addresses, and the owner signing in in the middle of it.
    let mut owner = signed_up(&app, "second@example.com", "secondj1234", PASSWORD).await;
    owner.post(&app, "log_off", &[]).await;
    let strangers: Vec<Browser> = (1..=60).map(|n| Browser::at(&format!("198.51.100.{n}"))).collect();
    let flood = {
        let app = app.clone();
        tokio::spawn(async move {
            burst(&app, "sign_in", strangers, &[("account_type", "mechanic"), ("user_id", "secondj1234"), ("password", WRONG)])
                .await
        })
    };
    while app.ctx.hasher.queued().1 == 0 {
        tokio::task::yield_now().await;
    }
    let mut owner_answers = Vec::new();
    for _ in 0..5 {
        let posted = owner
            .post(&app, "sign_in", &[("account_type", "mechanic"), ("user_id", "secondj1234"), ("password", PASSWORD)])
            .await;
        owner_answers.push(if posted.status == 503 {
            "busy".to_string()
        } else {
            posted.header("location").unwrap_or_default().to_string()
        });
        owner.post(&app, "log_off", &[]).await;
    }
    let strangers = flood.await.unwrap();
    assert!(strangers.iter().any(|a| a.status == 503), "sixty at once overflow the strangers' part");
    assert_eq!(owner_answers, ["/login/verify"; 5], "the owner is never told busy, nor locked out by the strangers");
    assert_eq!(app.ctx.hasher.stats().refused_known, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_typed_in_settings_count_toward_the_lockout() {
    let app = Arc::new(TestApp::for_bursts(64).await);
    // Signed in (sign-up ends signed in): a stolen session guessing the password.
    let signed_in = signed_up(&app, EMAIL, USER, PASSWORD).await;
    let before = app.ctx.hasher.stats();
    let answers = burst(
        &app,
        "settings_password",
        vec![signed_in.clone(); 30],
        &[("current_password", WRONG), ("new_password", "Brake#Pads2026"), ("confirm_password", "Brake#Pads2026")],
    )
    .await;
    assert!(answers.iter().all(|a| a.status.is_redirection()));
    let against_the_hash = app.ctx.hasher.stats().verified_stored - before.verified_stored;
    assert!(against_the_hash <= 3, "{against_the_hash} checks of the current password");
    assert_eq!(
        count(&app, "SELECT count(*) FROM audit_log WHERE event = 'settings_password_failed'").await,
        against_the_hash as i64
    );
    assert_eq!(messages_to(&app, EMAIL, "locked").await, 1);
    let mut browser = signed_in.clone();
    let refused = browser
        .post(
            &app,
            "settings_password",
            &[("current_password", PASSWORD), ("new_password", "Brake#Pads2026"), ("confirm_password", "Brake#Pads2026")],
        )
        .await;
    let page = browser.get(&app, refused.header("location").unwrap()).await;
    assert!(util::text(&page.body).contains("your login is locked"), "the person is told why, even with the right password");
    // The lock is this browser's: the password is not changed and sign-in here waits.
    let mut same_browser = signed_in.clone();
    same_browser.post(&app, "log_off", &[]).await;
    assert_eq!(password_step(&app, &mut same_browser, PASSWORD).await.as_deref(), Some("/login?type=mechanic"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn second_step_guesses_count_per_login_across_pending_sign_ins_and_the_owner_is_spared() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    let mut owner = owner(&app).await;

    // Someone who has the password: three pending sign-ins, one code sent.
    let mut pending = Vec::new();
    for _ in 0..3 {
        let mut browser = Browser::default();
        assert_eq!(password_step(&app, &mut browser, PASSWORD).await.as_deref(), Some("/login/verify"));
        browser.post(&app, "second_step", &[("intent", "send_email")]).await;
        pending.push(browser);
    }
    let code = newest_code(&app, EMAIL).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let browsers: Vec<Browser> = (0..36).map(|n| pending[n % 3].clone()).collect();
    burst(&app, "second_step", browsers, &[("intent", "check_email"), ("email_code", wrong)]).await;

    assert_eq!(
        count(&app, "SELECT count(*) FROM audit_log WHERE event = 'second_step_failed'").await,
        10,
        "exactly ten guesses were checked, across the three pending sign-ins"
    );
    assert_eq!(count(&app, "SELECT count(*) FROM second_step_locks").await, 1);
    assert_eq!(messages_to(&app, EMAIL, "wrong sign-in codes").await, 1, "the owner is told once");

    // Typing the password again does not start afresh: even the right code waits.
    let mut again = Browser::default();
    assert_eq!(password_step(&app, &mut again, PASSWORD).await.as_deref(), Some("/login/verify"));
    again.post(&app, "second_step", &[("intent", "send_email")]).await;
    let right = newest_code(&app, EMAIL).await;
    let refused = again.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &right)]).await;
    assert_eq!(refused.header("location"), Some("/login/verify"));
    let page = again.get(&app, "/login/verify").await;
    assert!(util::text(&page.body).contains("the second step is closed for 30 more minutes"), "the wait is stated");
    assert!(again.get(&app, "/account-access").await.status.is_redirection(), "not signed in");

    // The owner's own browser has its own count: it signs in.
    assert_eq!(password_step(&app, &mut owner, PASSWORD).await.as_deref(), Some("/login/verify"));
    owner.post(&app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(&app, EMAIL).await;
    let done = owner.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/account-access"));

    // `server users unlock` clears the wait for everyone.
    server::ops::users::unlock(&app.ctx.store, &util::user_id(USER), app.ctx.now()).await.unwrap();
    assert_eq!(count(&app, "SELECT count(*) FROM second_step_locks").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_empty_second_step_is_not_a_wrong_code() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    owner(&app).await;
    let mut browser = Browser::default();
    assert_eq!(password_step(&app, &mut browser, PASSWORD).await.as_deref(), Some("/login/verify"));
    let answers = burst(&app, "second_step", vec![browser.clone(); 30], &[("intent", "check_email"), ("email_code", "")]).await;
    assert!(answers.iter().all(|a| a.header("location") == Some("/login/verify")));
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE event = 'second_step_failed'").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM second_step_failures").await, 0);
    let again = browser.post(&app, "second_step", &[("intent", "check_email"), ("email_code", " ")]).await;
    let page = browser.get(&app, again.header("location").unwrap()).await;
    assert!(util::text(&page.body).contains("Enter the 6-digit code we sent."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stranger_cannot_lock_the_owner_out_of_a_password_reset() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    let mut owner = owner(&app).await;
    let sign_up_codes = messages_to(&app, EMAIL, "code").await;

    // Forty resets started at once for the owner's User ID, from strangers' browsers.
    let strangers = burst(&app, "forgot_password", vec![Browser::default(); 40], &[("user_id", USER)]).await;
    assert!(strangers.iter().all(|a| a.header("location") == Some("/forgot-password/code")), "all answered alike");
    let reset_codes = messages_to(&app, EMAIL, "code").await - sign_up_codes;
    assert_eq!(
        reset_codes + sign_up_codes,
        5,
        "the strangers' hourly allowance for the address (the sign-up's code was one), however many resets"
    );

    // Thirty wrong codes at once on one stranger's reset lock that reset only
    // (one of the resets whose code was sent: the others have none to guess).
    let mut one = Browser::default();
    for answer in &strangers {
        let mut candidate = Browser::default();
        candidate.keep(answer);
        let token_hash = app::security::sha256(candidate.cookies["cars_reset"].as_bytes()).to_vec();
        let live: i64 = app
            .sql(move |c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM password_resets r JOIN one_time_codes c ON c.subject = r.subject
                     WHERE r.token_hash = ?1 AND c.used_at IS NULL",
                    [token_hash],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        if live > 0 {
            one = candidate;
            break;
        }
    }
    assert!(one.cookies.contains_key("cars_reset"), "one of the strangers' resets had its code sent");
    let answers =
        burst(&app, "forgot_password_code", vec![one.clone(); 30], &[("intent", "check"), ("email_code", "000000")]).await;
    let (mut not_right, mut locked) = (0, 0);
    for answer in &answers {
        let mut reader = one.clone();
        reader.keep(answer);
        let page = util::text(&reader.get(&app, answer.header("location").unwrap()).await.body);
        if page.contains("That code is not right.") {
            not_right += 1;
        } else if page.contains("this method is locked for 30 minutes. You can try again in 30 minutes.") {
            locked += 1;
        }
    }
    assert_eq!((not_right, locked), (9, 21), "nine wrong codes, the tenth locked that reset, the rest were never compared");

    // The owner, on their own browser: a code (their own allowance), accepted, a new password.
    let started = owner.post(&app, "forgot_password", &[("user_id", USER)]).await;
    assert_eq!(started.header("location"), Some("/forgot-password/code"));
    assert_eq!(messages_to(&app, EMAIL, "code").await, 6, "the owner's code was sent, from the owner's own allowance");
    let code = newest_code(&app, EMAIL).await;
    let checked = owner.post(&app, "forgot_password_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert_eq!(checked.header("location"), Some("/forgot-password/new"));
    let done =
        owner.post(&app, "forgot_password_new", &[("password", "Brake#Pads2026"), ("confirm_password", "Brake#Pads2026")]).await;
    assert_eq!(done.header("location"), Some("/forgot-password/done"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_registrations_naming_one_address_send_it_at_most_five_codes() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    let victim = "victim@example.com";
    let tasks: Vec<_> = (0..100)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut browser = Browser::default();
                browser.get(&app, "/signup").await;
                let answer = util::the_answer(&app, &browser).await;
                // The address spelled a little differently each time.
                let email = if n % 2 == 0 { victim.to_string() } else { victim.to_uppercase() };
                let profile = util::good_profile(&answer, &email);
                browser.post(&app, "signup_profile", &util::fields(&profile)).await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.unwrap();
        assert!(answer.status.is_redirection());
    }
    let sent = count(&app, "SELECT count(*) FROM outbox_messages WHERE lower(recipient) = 'victim@example.com'").await;
    assert_eq!(sent, 5, "five codes an hour to one address, whoever asks");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_registrations_at_once_from_one_client_address_send_at_most_its_fifty_codes() {
    use app::store::one_time_codes::CLIENT_ALLOWANCE_IN_RECIPIENTS;
    let app = Arc::new(TestApp::for_bursts(8).await);
    let per_recipient = app.ctx.policy.codes_per_recipient_per_hour;
    let allowance = per_recipient * CLIENT_ALLOWANCE_IN_RECIPIENTS;
    // Each names an address of its own, so no recipient's cap is reached:
    // only the client address's allowance stands in the way.
    let registrations = 60;
    let tasks: Vec<_> = (0..registrations)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut browser = Browser::at("203.0.113.9");
                browser.get(&app, "/signup").await;
                let answer = util::the_answer(&app, &browser).await;
                let profile = util::good_profile(&answer, &format!("pump{n}@example.com"));
                browser.post(&app, "signup_profile", &util::fields(&profile)).await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().status.is_redirection());
    }
    assert!(registrations > allowance, "the burst is larger than the allowance");
    let sent = count(&app, "SELECT count(*) FROM outbox_messages WHERE recipient LIKE 'pump%'").await;
    assert_eq!(sent, allowance, "one client address, {allowance} codes an hour, however many at once");

    // Another client address is not held back by this one.
    let mut other = Browser::at("198.51.100.20");
    other.get(&app, "/signup").await;
    let answer = util::the_answer(&app, &other).await;
    let profile = util::good_profile(&answer, "someone.else@example.com");
    assert_eq!(other.post(&app, "signup_profile", &util::fields(&profile)).await.header("location"), Some("/signup/check-email"));
    assert_eq!(count(&app, "SELECT count(*) FROM outbox_messages WHERE recipient = 'someone.else@example.com'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_up_settles_the_user_id_before_any_argon2_work() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    signed_up(&app, EMAIL, USER, PASSWORD).await;
    let mut second = util::through_step_one(&app, "second@example.com").await;
    let before = app.ctx.hasher.stats().hashed;
    let taken = second
        .post(&app, "signup_security_setup", &[("user_id", USER), ("password", PASSWORD), ("confirm_password", PASSWORD)])
        .await;
    assert_eq!(taken.header("location"), Some("/signup/security"));
    assert_eq!(app.ctx.hasher.stats().hashed, before, "a taken User ID costs no hash");
    let page = second.get(&app, "/signup/security").await;
    assert!(util::text(&page.body).contains("That User ID is already taken."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn past_the_hashing_queue_a_request_is_told_the_service_is_busy() {
    // The ordinary hasher: one slot a core and a short queue.
    let app = Arc::new(
        TestApp::demo_with(app::security::policy::Policy { sign_ins_per_minute: 1_000_000, ..Default::default() }).await,
    );
    let answers = burst(
        &app,
        "sign_in",
        vec![Browser::default(); 60],
        &[("account_type", "mechanic"), ("user_id", "nobodyx1234"), ("password", WRONG)],
    )
    .await;
    let busy: Vec<&TestResponse> = answers.iter().filter(|a| a.status == 503).collect();
    assert!(!busy.is_empty(), "sixty at once overflow the queue");
    assert!(answers.iter().all(|a| a.status == 503 || a.header("location") == Some("/login?type=mechanic")));
    for answer in &busy {
        assert_eq!(answer.header("retry-after"), Some("5"));
        assert!(answer.header("content-type").unwrap().starts_with("text/html"), "a page, with JavaScript off");
        assert!(answer.body.contains("The service is busy right now. Nothing was changed."));
    }
    assert_eq!(app.ctx.hasher.stats().refused_busy, busy.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_forgot_user_id_requests_send_one_reminder() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    owner(&app).await;
    let answers = burst(&app, "forgot_user_id", vec![Browser::default(); 30], &[("email", EMAIL)]).await;
    assert!(answers.iter().all(|a| a.header("location") == Some("/forgot-user-id")), "all answered alike");
    assert_eq!(messages_to(&app, EMAIL, "User ID").await, 1, "one reminder, not thirty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_oversized_form_is_told_it_is_too_large_on_its_page_and_changes_nothing() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    let huge = "x".repeat(3 * 1024 * 1024);
    let events_before = count(&app, "SELECT count(*) FROM audit_log").await;
    let form = format!("account_type=mechanic&user_id=smithj2468&password={huge}");
    // With JavaScript off: back to the form's page, which says so and keeps
    // what fits (the User ID), never the password.
    let native = app.post_form("/api/sign_in", &form, &[("referer", "http://127.0.0.1:3000/login?type=mechanic")]).await;
    assert_eq!(native.status, 303);
    assert_eq!(native.header("location"), Some("/login?type=mechanic"));
    let mut browser = Browser::default();
    browser.keep(&native);
    let page = util::text(&browser.get(&app, "/login?type=mechanic").await.body);
    assert!(page.contains("too large for this form") && page.contains("Nothing was changed"), "the error summary says so");
    assert!(page.contains(r#"value="smithj2468""#), "the User ID is put back");
    assert!(!page.contains("xxxxxxxx"), "the oversized password is not");
    // With the WASM loaded: the server function's error, which the page shows by the form.
    let hydrated =
        browser.post_js(&app, "sign_in", &[("account_type", "mechanic"), ("user_id", "smithj2468"), ("password", &huge)]).await;
    assert_eq!(hydrated.status, 413);
    assert!(hydrated.body.contains("too large for this form"), "{}", hydrated.body);
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log").await, events_before, "nothing was recorded or changed");
    // A form of ordinary size still works.
    let ordinary =
        browser.post(&app, "sign_in", &[("account_type", "mechanic"), ("user_id", "nobodyx1"), ("password", WRONG)]).await;
    assert_eq!(ordinary.header("location"), Some("/login?type=mechanic"));
}

#[tokio::test]
async fn a_server_failure_gets_a_page_that_says_so_not_a_bare_redirect() {
    let app = TestApp::demo().await;
    // A store that fails under the server function (its form flash is gone).
    app.sql(|tx| Ok(tx.execute_batch("DROP TABLE form_flash")?)).await.unwrap();
    let answer = app.post_form("/api/sign_in", "user_id=&password=", &[("referer", "http://127.0.0.1:3000/login")]).await;
    assert_eq!(answer.status, 500, "{:?} {}", answer.headers, answer.body);
    assert_eq!(answer.header("location"), None);
    assert!(answer.body.contains("Something went wrong on our side."));
    assert!(answer.body.contains(r#"href="/login""#), "leads back to the form");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_wrong_sign_up_codes_at_once_stop_at_ten_and_lock() {
    let app = Arc::new(TestApp::for_bursts(8).await);
    let mut browser = Browser::default();
    browser.get(&app, "/signup").await;
    let answer = util::the_answer(&app, &browser).await;
    let profile = util::good_profile(&answer, "new.mechanic@example.com");
    let posted = browser.post(&app, "signup_profile", &util::fields(&profile)).await;
    assert_eq!(posted.header("location"), Some("/signup/check-email"));
    let code = newest_code(&app, "new.mechanic@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    burst(&app, "signup_email_code", vec![browser.clone(); 30], &[("email_code", wrong)]).await;
    // Ten compared, the tenth started the lock; the rest met it (store::one_time_codes).
    assert_eq!(count(&app, "SELECT count(*) FROM one_time_code_locks WHERE locked_until > 0").await, 1);
    assert_eq!(count(&app, "SELECT wrong_in_a_row FROM one_time_code_locks").await, 0, "the run ended at the lock");
    // Even the right code now waits.
    let refused = browser.post(&app, "signup_email_code", &[("email_code", &code)]).await;
    assert_eq!(refused.header("location"), Some("/signup/check-email"));
    let page = browser.get(&app, "/signup/check-email").await;
    assert!(util::text(&page.body).contains("After 10 wrong codes this method is locked for 30 minutes."));
}

/// At least one method always stays (SPEC §3), however many removals race:
/// thirty at once, half for Email PIN and half for text message, from a
/// signed-in browser that typed its password again, leave exactly one
/// method, one audit line and one notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_removals_at_once_leave_one_method() {
    let app = Arc::new(TestApp::for_bursts(64).await);
    let mut me =
        app.with_user(USER).email(EMAIL).password(PASSWORD).method(app::store::logins::NewMethod::Text).signed_in().await;
    let unlocked = me.post(&app, "settings_methods_unlock", &[("methods_password", PASSWORD)]).await;
    assert!(unlocked.status.is_redirection());
    let (emails, texts) = tokio::join!(
        burst(&app, "settings_method", vec![me.clone(); 15], &[("intent", "remove"), ("method", "email")]),
        burst(&app, "settings_method", vec![me.clone(); 15], &[("intent", "remove"), ("method", "text")]),
    );
    assert!(emails.iter().chain(&texts).all(|a| a.status.is_redirection()), "every removal is answered");
    assert_eq!(count(&app, "SELECT count(*) FROM login_methods").await, 1, "at least one method stays");
    assert_eq!(count(&app, "SELECT count(*) FROM audit_log WHERE event = 'method_removed'").await, 1);
    assert_eq!(messages_to(&app, EMAIL, "method was removed").await, 1);
}

/// Forgot Password and Forgot User ID share the sign-in form's allowance
/// per network a minute (`flows::within_network_allowance`): thirty
/// requests at once from one address get no further than that many.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_recovery_requests_at_once_from_one_network_stop_at_its_allowance() {
    let policy = app::security::policy::Policy { sign_ins_per_minute: 5, ..Default::default() };
    let app = Arc::new(TestApp::demo_with(policy).await);
    app.with_user(USER).email(EMAIL).create().await;
    let answers = burst(&app, "forgot_password", vec![Browser::default(); 30], &[("user_id", USER)]).await;
    let started = answers.iter().filter(|a| a.header("location") == Some("/forgot-password/code")).count();
    let refused = answers.iter().filter(|a| a.header("location") == Some("/forgot-password")).count();
    assert_eq!((started, refused), (5, 25), "five resets started, the rest told to wait");
    let requested = count(&app, "SELECT count(*) FROM audit_log WHERE event = 'password_reset_requested'").await;
    assert_eq!(requested, 5, "only the allowed requests did any work");

    // The allowance is the network's, whichever recovery page it is spent on.
    let reminders = burst(&app, "forgot_user_id", vec![Browser::default(); 30], &[("email", EMAIL)]).await;
    assert!(reminders.iter().all(|a| a.header("location") == Some("/forgot-user-id")), "all answered on the page");
    let reminded = count(&app, "SELECT count(*) FROM audit_log WHERE event = 'user_id_reminder_sent'").await;
    assert_eq!(reminded, 0, "the owner's address got no reminder once the allowance was spent");
}

/// What a page shows once (the springboard's notice, a form's problems)
/// is shown once when thirty views of it race: each is read without the
/// writer, and taken only by the one write that finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_views_at_once_show_a_one_shot_message_once() {
    let app = Arc::new(TestApp::for_bursts(64).await);
    let me = app.with_user(USER).email(EMAIL).password(PASSWORD).signed_in().await;
    let login = util::login_id(&app, USER).await;
    let now = app.ctx.store.now();
    let record = util::business_record("M100001", "Ellen Hall", app::rules::account_type::AccountType::Mechanic, None, true);
    app.ctx
        .store
        .write(move |tx| {
            app::store::business::upsert(tx, &record, 0)?;
            app::store::links::link(tx, login, &record.number, EMAIL, now).map(|_| ())
        })
        .await
        .unwrap();
    app.sql(move |c| {
        c.execute(
            "INSERT INTO springboard_notices (login_id, message, created_at) VALUES (?1, 'Account access was added.', ?2)",
            rusqlite::params![login, now],
        )?;
        Ok(())
    })
    .await
    .unwrap();
    let springboards = views(&app, &me, "/springboard", 30).await;
    assert_eq!(springboards.iter().filter(|v| v.contains("Account access was added.")).count(), 1, "the notice once");

    // A sign-in refused with JavaScript off leaves its problems for the page.
    let mut typed = Browser::default();
    typed.post(&app, "sign_in", &[("user_id", ""), ("password", "")]).await;
    let logins = views(&app, &typed, "/login", 30).await;
    assert_eq!(logins.iter().filter(|v| v.contains("There is a problem")).count(), 1, "the problems once");
    assert_eq!(count(&app, "SELECT count(*) FROM form_flash").await, 0);
}

/// `path` viewed `n` times at once by copies of `browser`; the bodies.
async fn views(app: &Arc<TestApp>, browser: &Browser, path: &'static str, n: usize) -> Vec<String> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (app, mut browser) = (app.clone(), browser.clone());
            tokio::spawn(async move { browser.get(&app, path).await })
        })
        .collect();
    let mut bodies = Vec::new();
    for task in tasks {
        let page = task.await.unwrap();
        assert_eq!(page.status, axum::http::StatusCode::OK, "{path}");
        bodies.push(page.body);
    }
    bodies
}
