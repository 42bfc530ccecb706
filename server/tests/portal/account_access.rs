//! Account Access Options and Request Code (SPEC §4.2–4.3) through the
//! real router, JavaScript off unless said: one message for unknown,
//! other-type and inactive numbers; 10 numbers looked up a day; the email
//! and letter limits told with what is left; an emailed code the code
//! store accepts; a letter queued without a code; one confirmation
//! sequence; and a login that cannot reach another login's draft.

use crate::util;
use app::store::LoginId;

use app::rules::account_type::AccountType;
use app::rules::business::BusinessAccount;
use app::store::authorization::{self, CodeCheck};
use axum::http::StatusCode;
use util::{Browser, TestApp, login_id, newest_body, signed_up, text};

const NOT_FOUND: &str = "We could not find an account with that number and type";
const PASSWORD: &str = "Torque#Wrench88";
const RECORD_EMAIL: &str = "ellen.hall@example.com";

fn record(number: &str, account_type: AccountType, email: Option<&str>, active: bool) -> BusinessAccount {
    util::business_record(number, "Ellen Hall", account_type, email, active)
}

/// Records of every kind the rules tell apart (the demo seed is not relied on).
async fn with_records() -> TestApp {
    let app = TestApp::demo().await;
    app.ctx
        .store
        .write(|tx| {
            for r in [
                record("M100001", AccountType::Mechanic, Some(RECORD_EMAIL), true),
                record("M100002", AccountType::Mechanic, None, true),
                record("M100003", AccountType::Mechanic, Some("old.garage@example.com"), false),
                record("S200001", AccountType::MechanicSchool, Some("school@example.com"), true),
            ] {
                app::store::business::upsert(tx, &r, 0)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    app
}

async fn draft_of(app: &TestApp, login: LoginId) -> Option<String> {
    app.sql(move |c| {
        use rusqlite::OptionalExtension;
        Ok(c.query_row("SELECT state FROM code_request_drafts WHERE login_id = ?1", [login], |r| r.get(0)).optional()?)
    })
    .await
    .unwrap()
}

/// Through Account Type (the login's own, Mechanic) to Account Info.
async fn chose_mechanic(app: &TestApp, browser: &mut Browser) {
    let page = browser.get(app, "/account-access/request").await;
    assert_eq!(page.status, StatusCode::OK, "{}", &page.body[page.body.find("<main").unwrap_or(0)..]);
    assert!(page.body.contains(r#"value="mechanic" checked"#), "preselected from the login");
    let posted = browser.post(app, "code_request_type", &[("account_type", "mechanic")]).await;
    assert_eq!(posted.header("location"), Some("/account-access/request/account-info"));
}

async fn lookup(app: &TestApp, browser: &mut Browser, number: &str) -> String {
    let posted = browser.post(app, "code_request_account", &[("account_number", number)]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let to = posted.header("location").unwrap().to_string();
    if to == "/account-access/request/account-info" { text(&browser.get(app, &to).await.body) } else { to }
}

/// The `XXXXX-XXXXX` code in the newest email to `recipient`.
async fn newest_authorization_code(app: &TestApp, recipient: &'static str) -> String {
    newest_body(app, recipient)
        .await
        .split_whitespace()
        .find(|w| {
            let b = w.as_bytes();
            b.len() == 11
                && b[5] == b'-'
                && w.chars().enumerate().all(|(i, c)| i == 5 || c.is_ascii_digit() || c.is_ascii_uppercase())
        })
        .expect("a code in the email")
        .to_string()
}

fn confirmation_number(page: &str) -> String {
    let at = page.find(r#"data-testid="confirmation-number""#).expect("a confirmation number");
    let rest = &page[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</strong>").unwrap();
    rest[start..end].to_string()
}

#[tokio::test]
async fn the_options_page_offers_both_choices_and_asks_for_a_session() {
    let app = with_records().await;
    let away = app.get("/account-access/request/summary").await;
    assert!(away.status.is_redirection());
    assert_eq!(away.header("location"), Some("/login?next=/account-access/request/summary"));

    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    let page = text(&me.get(&app, "/account-access").await.body);
    for words in [
        "Request Code",
        "Request an Account Authorization Code",
        "Add Account Access",
        "Enter Your Account Authorization Code to Gain Account Access",
    ] {
        assert!(page.contains(words), "{words}");
    }
    assert!(page.contains(r#"href="/account-access/request""#));
    assert!(page.contains(r#"href="/account-access/add""#));
    assert!(!page.contains("/springboard"), "no accounts yet");

    let login = login_id(&app, "smithj2468").await;
    app.ctx
        .store
        .write(move |tx| {
            app::store::links::link(tx, login, &util::account_number("M100001"), "john.smith@example.com", 1).map(|_| ())
        })
        .await
        .unwrap();
    let page = me.get(&app, "/account-access").await.body;
    assert!(page.contains(r#"href="/springboard""#));
}

#[tokio::test]
async fn unknown_other_type_and_inactive_numbers_get_one_message_and_nothing_is_stored() {
    let app = with_records().await;
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    chose_mechanic(&app, &mut me).await;

    let malformed = lookup(&app, &mut me, "12345").await;
    assert!(malformed.contains("one letter and 6 digits"));
    assert!(malformed.contains(r#"id="account_number-error""#));

    for number in ["Z000000", "S200001", "M100003", "s200001 "] {
        let page = lookup(&app, &mut me, number).await;
        assert!(page.contains(NOT_FOUND), "{number}");
        assert!(page.contains(r#"id="account_number-error""#), "next to the field");
        assert!(page.contains(r##"href="#account_number""##), "in the error summary");
        assert!(page.contains(&format!(r#"value="{}""#, number.trim())), "the typed number comes back");
        for leak in ["Ellen", "Hall", "school@", "old.garage", "Inactive", "Mechanic School account"] {
            assert!(!page.contains(leak), "{number} must not reveal {leak}");
        }
    }
    assert_eq!(app.count("submissions").await, 0);
    assert_eq!(app.count("code_requests").await, 0);
    let draft: serde_json::Value = serde_json::from_str(&draft_of(&app, login).await.unwrap()).unwrap();
    assert!(draft["account_number"].is_null(), "no number saved: {draft}");
    // Account Details stays closed.
    let details = me.get(&app, "/account-access/request/account-details").await.body;
    assert!(details.contains("wizard-gate"));

    // The hydrated page gets the same answer as data.
    let js = me.post_js(&app, "code_request_account", &[("account_number", "S200001")]).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains(NOT_FOUND));
}

#[tokio::test]
async fn ten_different_numbers_a_day_then_a_refusal_that_says_when() {
    let app = with_records().await;
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    chose_mechanic(&app, &mut me).await;
    let page = me.get(&app, "/account-access/request/account-info").await.body;
    assert!(text(&page).contains("You can look up 10 different account numbers a day: 10 left today."));

    for n in 0..10 {
        let page = lookup(&app, &mut me, &format!("Z00000{n}")).await;
        assert!(page.contains(NOT_FOUND));
        assert!(page.contains(&format!("{} left today", 9 - n)), "{n}");
    }
    let refused = lookup(&app, &mut me, "M100001").await;
    assert!(refused.contains("You have looked up 10 different account numbers today"), "even a real number");
    let midnight = app::clock::michigan_time(app::clock::michigan_day(app.ctx.now()).1);
    assert!(refused.contains(&format!("You can look up another after {midnight}")));
    // A number already looked up today is not a new one.
    assert!(lookup(&app, &mut me, "Z000003").await.contains(NOT_FOUND));
    let counted: i64 = app.sql(|c| Ok(c.query_row("SELECT count(*) FROM account_lookups", [], |r| r.get(0))?)).await.unwrap();
    assert_eq!(counted, 10);
}

#[tokio::test]
async fn an_emailed_code_works_and_a_letter_is_queued_with_the_next_confirmation_number() {
    let app = with_records().await;
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    chose_mechanic(&app, &mut me).await;
    assert_eq!(lookup(&app, &mut me, "m100001").await, "/account-access/request/account-details");

    let details = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(details.contains("The email address on record is E********L@EXAMPLE.COM"));
    assert!(details.contains("Would you like to receive your authorization code by email?"));
    assert!(details.contains("By email: 5 of 5 codes left in any 24 hours."));
    assert!(details.contains("By mail: 4 of 4 letters left in any 30 days"));
    assert!(!details.contains(RECORD_EMAIL), "the address itself is never shown");

    let unchosen = me.post(&app, "code_request_details", &[]).await;
    assert_eq!(unchosen.header("location"), Some("/account-access/request/account-details"));
    assert!(me.get(&app, "/account-access/request/account-details").await.body.contains("Select Yes or No."));

    let chosen = me.post(&app, "code_request_details", &[("by_email", "yes")]).await;
    assert_eq!(chosen.header("location"), Some("/account-access/request/summary"));
    let summary = text(&me.get(&app, "/account-access/request/summary").await.body);
    for words in [
        "<dt>Username</dt><dd data-testid=\"summary-username\">smithj2468</dd>",
        "Requesting an Account Authorization Code",
        "<dd data-testid=\"summary-type\">Mechanic</dd>",
        "<dd data-testid=\"summary-number\">M100001</dd>",
        "will be emailed to E********L@EXAMPLE.COM",
        ">Submit<",
        ">Cancel<",
    ] {
        assert!(summary.contains(words), "{words}");
    }

    let submitted = me.post(&app, "code_request_submit", &[]).await;
    assert_eq!(submitted.header("location"), Some("/account-access/request/confirmation"));
    let confirmation = text(&me.get(&app, "/account-access/request/confirmation").await.body);
    assert!(confirmation.contains("Your submission has been submitted and your confirmation number is "));
    let first = confirmation_number(&confirmation);
    assert_eq!(first.len(), 13);
    assert!(
        first.chars().enumerate().all(|(i, c)| if [1, 5, 9].contains(&i) { c == '-' } else { c.is_ascii_digit() }),
        "{first}"
    );
    assert!(confirmation.contains("Printable View"));
    let printable = text(&me.get(&app, "/account-access/request/printable").await.body);
    assert!(printable.contains(&first));
    assert!(printable.contains("M100001"));

    // The code went to the address on record, and the code store takes it.
    let shown = newest_authorization_code(&app, RECORD_EMAIL).await;
    // It says where to use it: the configured portal (here the server's own address).
    assert!(newest_body(&app, RECORD_EMAIL).await.contains("sign in to CARS e-Services at http://127.0.0.1:3000 as smithj2468"));
    let code = app::rules::business::authorization_code(&shown).unwrap();
    let key = app.ctx.code_key.clone();
    let now = app.ctx.now();
    let checked = app.ctx.store.write(move |tx| authorization::check(tx, &key, login, &code, now)).await.unwrap();
    assert!(matches!(checked, CodeCheck::Live { ref account_number, .. } if account_number == "M100001"), "{checked:?}");
    let sent: Option<i64> = app
        .sql(|c| Ok(c.query_row("SELECT sent_at FROM code_requests WHERE channel = 'email'", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert!(sent.is_some());

    // Now a letter for the record without an email.
    chose_mechanic(&app, &mut me).await;
    assert_eq!(lookup(&app, &mut me, "M100002").await, "/account-access/request/account-details");
    let details = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(details.contains("The token will be mailed to the address on record"));
    assert!(!details.contains("The email address on record is"));
    assert!(!details.contains("By email:"));
    me.post(&app, "code_request_details", &[("by_email", "no")]).await;
    let summary = text(&me.get(&app, "/account-access/request/summary").await.body);
    assert!(summary.contains("will be mailed to your address on file."));
    let submitted = me.post(&app, "code_request_submit", &[]).await;
    assert_eq!(submitted.header("location"), Some("/account-access/request/confirmation"));
    let second = confirmation_number(&text(&me.get(&app, "/account-access/request/confirmation").await.body));
    let as_number = |s: &str| s.replace('-', "").parse::<u64>().unwrap();
    assert_eq!(as_number(&second), as_number(&first) + 1, "one sequence: {first} then {second}");

    let (letters, unsent, codes): (i64, i64, i64) = app
        .sql(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM code_requests WHERE channel = 'letter'),
                        (SELECT count(*) FROM code_requests WHERE channel = 'letter' AND sent_at IS NULL),
                        (SELECT count(*) FROM authorization_codes)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!((letters, unsent, codes), (1, 1, 1), "the letter waits for the export; only the email's code exists");
    let events: Vec<String> = app
        .ctx
        .store
        .read(move |c| Ok(app::store::audit::for_login(c, login, 5)?.into_iter().map(|a| a.event).collect()))
        .await
        .unwrap();
    assert!(
        events.contains(&"code_requested_email".to_string()) && events.contains(&"letter_requested".to_string()),
        "{events:?}"
    );
}

/// Requests made earlier, straight into the store (the clock is the store's to inject).
async fn earlier_requests(app: &TestApp, login: LoginId, channel: &'static str, ages: &[i64]) {
    let (ages, now) = (ages.to_vec(), app.ctx.now());
    app.sql(move |tx| {
        for age in ages {
            let at = now - age;
            util::insert_code_request(tx, login, "M100001", channel, at, Some(at))?;
        }
        Ok(())
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_limits_are_told_with_what_is_left_and_when() {
    let app = with_records().await;
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    chose_mechanic(&app, &mut me).await;
    lookup(&app, &mut me, "M100001").await;

    earlier_requests(&app, login, "email", &[3600, 600, 500, 400, 300]).await;
    let details = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(details.contains("By email: 0 of 5 codes left in any 24 hours. The next code by email can be requested after"));
    let refused = me.post(&app, "code_request_details", &[("by_email", "yes")]).await;
    assert_eq!(refused.header("location"), Some("/account-access/request/account-details"));
    let page = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(page.contains("You have requested 5 codes by email for this account in the last 24 hours, the most allowed."));
    assert!(page.contains(r#"id="by_email-error""#));

    earlier_requests(&app, login, "letter", &[3600]).await;
    let refused = me.post(&app, "code_request_details", &[("by_email", "no")]).await;
    assert_eq!(refused.header("location"), Some("/account-access/request/account-details"));
    let page = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(page.contains("A letter for this account was requested less than 24 hours ago."));
    assert!(page.contains("(3 of 4 left in 30 days)"));

    earlier_requests(&app, login, "letter", &[3 * 86_400, 5 * 86_400, 7 * 86_400]).await;
    let page = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(page.contains("By mail: 0 of 4 letters left in any 30 days"));
    me.post(&app, "code_request_details", &[("by_email", "no")]).await;
    let page = text(&me.get(&app, "/account-access/request/account-details").await.body);
    assert!(page.contains("You have requested 4 letters for this account in the last 30 days, the most allowed."));
    assert_eq!(app.count("submissions").await, 9, "only the ones made above");
}

#[tokio::test]
async fn the_summary_refuses_a_request_made_over_the_limit_meanwhile() {
    let app = with_records().await;
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    chose_mechanic(&app, &mut me).await;
    lookup(&app, &mut me, "M100001").await;
    me.post(&app, "code_request_details", &[("by_email", "yes")]).await;
    // Five more emails from another browser of the same login, say.
    earlier_requests(&app, login, "email", &[50, 40, 30, 20, 10]).await;
    let refused = me.post(&app, "code_request_submit", &[]).await;
    assert_eq!(refused.header("location"), Some("/account-access/request/summary"));
    let page = text(&me.get(&app, "/account-access/request/summary").await.body);
    assert!(page.contains("You have requested 5 codes by email for this account in the last 24 hours"));
    assert_eq!(app.count("code_requests").await, 5);

    // Cancel forgets the draft and goes back to the options.
    let cancelled = me.post(&app, "code_request_cancel", &[]).await;
    assert_eq!(cancelled.header("location"), Some("/account-access"));
    assert_eq!(draft_of(&app, login).await, None);
}

#[tokio::test]
async fn a_login_cannot_see_or_submit_another_logins_draft() {
    let app = with_records().await;
    let mut a = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    chose_mechanic(&app, &mut a).await;
    lookup(&app, &mut a, "M100001").await;
    a.post(&app, "code_request_details", &[("by_email", "yes")]).await;

    let mut b = signed_up(&app, "jane.doe@example.com", "doej1357", PASSWORD).await;
    for path in
        ["/account-access/request/summary", "/account-access/request/account-details", "/account-access/request/confirmation"]
    {
        let page = b.get(&app, path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("wizard-gate"), "{path}");
        assert!(!page.body.contains("M100001"), "{path} shows nothing of A's draft");
        assert!(!page.body.contains("E********L"), "{path}");
    }
    for endpoint in ["code_request_submit", "code_request_details"] {
        let refused = b.post(&app, endpoint, &[("by_email", "yes")]).await;
        assert!(refused.header("location").is_some_and(|l| l.starts_with("/account-access/request/")));
    }
    let page = text(&b.get(&app, "/account-access/request/summary").await.body);
    assert!(page.contains("Finish the earlier steps of the request first."));
    b.post(&app, "code_request_cancel", &[]).await;
    assert_eq!(app.count("submissions").await, 0);

    // A's draft is untouched by all of it.
    let done = a.post(&app, "code_request_submit", &[]).await;
    assert_eq!(done.header("location"), Some("/account-access/request/confirmation"));
    assert_eq!(app.count("code_requests").await, 1);
    let b_confirmation = b.get(&app, "/account-access/request/printable").await.body;
    assert!(!b_confirmation.contains("M100001"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_lookups_at_once_count_no_more_than_ten() {
    let app = std::sync::Arc::new(with_records().await);
    let mut me = signed_up(&app, "john.smith@example.com", "smithj2468", PASSWORD).await;
    chose_mechanic(&app, &mut me).await;
    let tasks: Vec<_> = (0..30)
        .map(|n| {
            let (app, mut browser) = (app.clone(), me.clone());
            tokio::spawn(
                async move { browser.post(&app, "code_request_account", &[("account_number", &format!("Z{n:06}"))]).await },
            )
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().status, StatusCode::SEE_OTHER);
    }
    let counted: i64 = app.sql(|c| Ok(c.query_row("SELECT count(*) FROM account_lookups", [], |r| r.get(0))?)).await.unwrap();
    assert_eq!(counted, 10, "ten different numbers a day, however many arrive at once");
}
