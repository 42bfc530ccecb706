//! Add Account Access and the springboard (SPEC §4.4–4.5) through the real
//! router, JavaScript off unless said: the Terms & Conditions box, wrong
//! codes counted with a wait and the 20-wrong void, expired and spent
//! codes, a right code that links and voids the rest, an account already
//! linked, the notices to everyone concerned, removal with confirmation,
//! where a sign-in lands — and a login that tries to reach another login's
//! account by changing identifiers gets nothing and changes nothing.

use crate::util;
use app::store::LoginId;

use app::rules::account_type::AccountType;
use app::rules::business::{BusinessAccount, Certification, CertificationStatus};
use app::store::authorization::{self, EMAIL_CODE_TTL_SECONDS, TRY_WINDOW_SECONDS};
use axum::http::StatusCode;
use util::{Browser, TestApp, login_id, newest_code, signed_up, text};

const PASSWORD: &str = "Torque#Wrench88";
const RECORD_EMAIL: &str = "ellen.hall@example.com";
const A_EMAIL: &str = "john.smith@example.com";
const B_EMAIL: &str = "pat.moore@example.com";
const WRONG: &str = "00000-00000";

fn record(number: &str, name: &str, account_type: AccountType, email: Option<&str>, active: bool) -> BusinessAccount {
    let mut record = util::business_record(number, name, account_type, email, active);
    record.certifications = if account_type == AccountType::Mechanic {
        vec![
            Certification { category: "Brakes".into(), status: CertificationStatus::Certified, expires_on: "2028-06-30".into() },
            Certification {
                category: "Engine Repair".into(),
                status: CertificationStatus::Trainee,
                expires_on: "2027-01-31".into(),
            },
        ]
    } else {
        Vec::new()
    };
    record.programs = if account_type == AccountType::MechanicSchool { vec!["Collision Series".into()] } else { Vec::new() };
    record
}

/// The records these tests use (the demo seed is not relied on).
async fn with_records() -> TestApp {
    let app = TestApp::demo().await;
    app.ctx
        .store
        .write(|tx| {
            for r in [
                record("M100001", "Ellen Hall", AccountType::Mechanic, Some(RECORD_EMAIL), true),
                record("M100002", "Moore Garage", AccountType::Mechanic, None, true),
                record("M100003", "Old Garage", AccountType::Mechanic, Some("old.garage@example.com"), false),
                record("S200001", "Lansing Tech", AccountType::MechanicSchool, Some("school@example.com"), true),
            ] {
                app::store::business::upsert(tx, &r, 0)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    app
}

/// Only the page's main content (not the header, nor the serialized data).
fn main_of(body: &str) -> String {
    let start = body.find("<main").unwrap_or(0);
    let end = body[start..].find("</main>").map(|e| start + e).unwrap_or(body.len());
    text(&body[start..end])
}

/// A code for `login` and `number` as an emailed request makes it, `age`
/// seconds old; returns it as shown (`XXXXX-XXXXX`).
async fn code_for(app: &TestApp, login: LoginId, number: &'static str, age: i64) -> String {
    let key = app.ctx.code_key.clone();
    let at = app.ctx.now() - age;
    let submission = app
        .ctx
        .store
        .write(move |tx| {
            app::store::submissions::record(
                tx,
                login,
                app::store::submissions::Kind::CodeRequest,
                &util::account_number(number),
                at,
            )
        })
        .await
        .unwrap();
    // The request row as an emailed request leaves it (the store's own
    // `code_requests::request` would also count it against the limits).
    let request = app
        .sql(move |c| {
            c.execute(
                "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at)
                 VALUES (?1, ?2, ?3, 'email', ?4, ?4)",
                rusqlite::params![submission, login, number, at],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
        .unwrap();
    app.ctx
        .store
        .write(move |tx| {
            Ok(authorization::issue(tx, &key, request, EMAIL_CODE_TTL_SECONDS, at, &mut authorization::os_rng())?.display())
        })
        .await
        .unwrap()
}

async fn scalar(app: &TestApp, sql: &'static str, login: LoginId) -> i64 {
    app.sql(move |c| Ok(c.query_row(sql, [login], |r| r.get(0))?)).await.unwrap()
}

async fn events(app: &TestApp, login: LoginId, event: &'static str) -> i64 {
    app.sql(move |c| {
        Ok(c.query_row(
            "SELECT count(*) FROM audit_log WHERE login_id = ?1 AND event = ?2",
            rusqlite::params![login, event],
            |r| r.get(0),
        )?)
    })
    .await
    .unwrap()
}

async fn mail_to(app: &TestApp, recipient: &'static str) -> Vec<String> {
    app.sql(move |c| {
        Ok(c.prepare("SELECT subject || '\n' || body FROM outbox_messages WHERE recipient = ?1 ORDER BY id")?
            .query_map([recipient], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?)
    })
    .await
    .unwrap()
}

/// The 10-minute wait after wrong codes, passed on the app's clock.
fn pass_the_wait(app: &TestApp) {
    app.advance_clock(TRY_WINDOW_SECONDS);
}

/// Posts a code with the terms ticked; returns the main content of the page
/// the browser lands on.
async fn enter_code(app: &TestApp, browser: &mut Browser, code: &str) -> (String, String) {
    let posted = browser.post(app, "add_access_code", &[("authorization_code", code), ("agree_terms", "yes")]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let to = posted.header("location").unwrap().to_string();
    let page = browser.get(app, &to).await;
    (to, main_of(&page.body))
}

/// From a right code to Submit; returns where Submit sent the browser.
async fn add_access(app: &TestApp, browser: &mut Browser, code: &str, number: &str, notice_email: &str) -> String {
    let (to, _) = enter_code(app, browser, code).await;
    assert_eq!(to, "/account-access/add/account-info");
    let posted = browser.post(app, "add_access_account", &[("account_number", number)]).await;
    assert_eq!(posted.header("location"), Some("/account-access/add/email"));
    let posted = browser.post(app, "add_access_email", &[("email", notice_email)]).await;
    assert_eq!(posted.header("location"), Some("/account-access/add/summary"));
    let posted = browser.post(app, "add_access_submit", &[("account_number", number)]).await;
    posted.header("location").unwrap().to_string()
}

#[tokio::test]
async fn the_terms_must_be_ticked_and_nothing_is_checked_until_they_are() {
    let app = with_records().await;
    let away = app.get("/account-access/add").await;
    assert_eq!(away.header("location"), Some("/login?next=/account-access/add"));

    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let code = code_for(&app, login, "M100001", 0).await;
    let page = main_of(&me.get(&app, "/account-access/add").await.body);
    for words in
        ["Add Account Access", "Authorization Code", "Account Info", "Email", "Summary", "Step 1 of 4", r#"href="/terms""#]
    {
        assert!(page.contains(words), "{words}");
    }

    let posted = me.post(&app, "add_access_code", &[("authorization_code", &code)]).await;
    assert_eq!(posted.header("location"), Some("/account-access/add"));
    let (with_code, flashes) = {
        let needle = code.clone();
        app.sql(move |c| {
            let with_code =
                c.query_row("SELECT count(*) FROM form_flash WHERE instr(payload, ?1) > 0", [needle], |r| r.get::<_, i64>(0))?;
            Ok((with_code, c.query_row("SELECT count(*) FROM form_flash", [], |r| r.get::<_, i64>(0))?))
        })
        .await
        .unwrap()
    };
    assert_eq!((with_code, flashes), (0, 1), "the flash that carries the code back is sealed: no readable copy at rest");
    let page = main_of(&me.get(&app, "/account-access/add").await.body);
    assert!(page.contains("selecting the check box or you won"), "the guide's words");
    assert!(page.contains(r#"id="agree_terms-error""#), "next to the box");
    assert!(page.contains(r##"href="#agree_terms""##), "in the error summary");
    // What was typed comes back in its field (the page is not cached), but
    // the flash that carried it holds nothing readable.
    assert!(page.contains(&format!("value=\"{code}\"")), "the code is kept in its field, not retyped");
    assert_eq!(app.count("account_access_drafts").await, 0);
    assert_eq!(app.count("authorization_code_tries").await, 0, "no try was counted");

    let malformed = me.post(&app, "add_access_code", &[("authorization_code", "ABC"), ("agree_terms", "yes")]).await;
    assert_eq!(malformed.header("location"), Some("/account-access/add"));
    let page = main_of(&me.get(&app, "/account-access/add").await.body);
    assert!(page.contains("10 letters and numbers"));
    assert!(page.contains("checked"), "the ticked box stays ticked");
    assert_eq!(app.count("authorization_code_tries").await, 0, "a malformed code is not a try");
}

#[tokio::test]
async fn wrong_codes_count_down_then_a_wait_that_says_until_when() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let code = code_for(&app, login, "M100001", 0).await;

    for (i, left) in [(1, "4 more tries"), (2, "3 more tries"), (3, "2 more tries"), (4, "1 more try")] {
        let (to, page) = enter_code(&app, &mut me, WRONG).await;
        assert_eq!(to, "/account-access/add");
        assert!(page.contains("That authorization code is not right."), "try {i}");
        assert!(page.contains(left), "try {i}: {left}");
        assert!(!page.contains("more wrong codes"), "try {i}: the void rule is far off, so not said");
        assert!(page.contains(&format!("value=\"{WRONG}\"")), "try {i}: what was typed stays in the field");
    }
    let (_, page) = enter_code(&app, &mut me, WRONG).await;
    assert!(page.contains("You have entered 5 wrong authorization codes within 10 minutes. Please wait until"));
    assert!(page.contains(" EST and try again") || page.contains(" EDT and try again"), "a Michigan time: {page}");

    // While waiting, even the right code is not looked at.
    let (to, page) = enter_code(&app, &mut me, &code).await;
    assert_eq!(to, "/account-access/add");
    assert!(page.contains("Please wait until"));
    assert_eq!(app.count("account_access_drafts").await, 0);
    assert_eq!(events(&app, login, "authorization_code_failed").await, 6);

    // The hydrated page gets the same answer as data.
    let js = me.post_js(&app, "add_access_code", &[("authorization_code", WRONG), ("agree_terms", "yes")]).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.body.contains("Please wait until"), "{}", js.body);

    // Once the window has passed, the right code opens Account Info.
    pass_the_wait(&app);
    let (to, page) = enter_code(&app, &mut me, &code.to_lowercase().replace('-', "")).await;
    assert_eq!(to, "/account-access/add/account-info", "any case, with or without the dash");
    assert!(page.contains("M100001"));
}

#[tokio::test]
async fn twenty_wrong_codes_in_a_row_void_every_outstanding_code() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let first = code_for(&app, login, "M100001", 0).await;
    let second = code_for(&app, login, "S200001", 0).await;

    let mut page = String::new();
    for round in 0..4 {
        for _ in 0..5 {
            page = enter_code(&app, &mut me, WRONG).await.1;
        }
        if round < 3 {
            pass_the_wait(&app);
        }
    }
    assert!(page.contains("After 20 wrong tries every outstanding code of your login is void: request a new one."), "{page}");
    assert!(page.contains(r#"href="/account-access/request""#), "a way to request a new one");
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND voided_at IS NOT NULL", login).await,
        2
    );
    assert_eq!(events(&app, login, "authorization_codes_voided").await, 1);

    pass_the_wait(&app);
    for code in [first, second] {
        let (to, page) = enter_code(&app, &mut me, &code).await;
        assert_eq!(to, "/account-access/add");
        assert!(page.contains("was already used, or it was voided"), "{page}");
    }
    assert_eq!(app.count("account_links").await, 0);
}

#[tokio::test]
async fn an_expired_code_says_so_with_what_may_still_be_requested() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let old = code_for(&app, login, "M100001", EMAIL_CODE_TTL_SECONDS + 60).await;
    let (to, page) = enter_code(&app, &mut me, &old).await;
    assert_eq!(to, "/account-access/add");
    assert!(page.contains("This authorization code has expired. Request a new one."));
    assert!(page.contains(r#"href="/account-access/request""#));
    assert!(page.contains("By email: 5 of 5 codes left in any 24 hours."), "the request allowance: {page}");
    assert!(page.contains("By mail: 4 of 4 letters left"));
    assert_eq!(app.count("account_access_drafts").await, 0);
    assert_eq!(app.count("authorization_code_tries").await, 0, "a real code is not a wrong try");
}

#[tokio::test]
async fn an_inactive_record_cannot_be_linked() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let code = code_for(&app, login, "M100003", 0).await;
    let (to, page) = enter_code(&app, &mut me, &code).await;
    assert_eq!(to, "/account-access/add");
    assert!(page.contains("This account is inactive, so it can"));
    assert!(!page.contains("Old Garage"));
    assert_eq!(app.count("account_access_drafts").await, 0);
}

#[tokio::test]
async fn a_right_code_links_the_account_voids_the_rest_and_opens_the_springboard() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let older = code_for(&app, login, "M100001", 3600).await;
    let code = code_for(&app, login, "M100001", 0).await;
    let other_account = code_for(&app, login, "S200001", 0).await;
    let submissions_before = app.count("submissions").await;

    assert_eq!(me.get(&app, "/springboard").await.header("location"), Some("/account-access"), "no accounts yet");
    let gate = main_of(&me.get(&app, "/account-access/add/summary").await.body);
    assert!(gate.contains("wizard-gate"), "Summary is closed until the earlier steps are done");

    let (to, page) = enter_code(&app, &mut me, &code).await;
    assert_eq!(to, "/account-access/add/account-info");
    for words in ["Account Info", "Mechanic", "M100001", "Ellen Hall", "Step 2 of 4"] {
        assert!(page.contains(words), "{words}");
    }
    let posted = me.post(&app, "add_access_account", &[("account_number", "M100001")]).await;
    assert_eq!(posted.header("location"), Some("/account-access/add/email"));
    let page = main_of(&me.get(&app, "/account-access/add/email").await.body);
    assert!(page.contains(&format!(r#"value="{A_EMAIL}""#)), "the profile email is filled in");
    assert!(page.contains(r#"autocomplete="email""#));

    let bad = me.post(&app, "add_access_email", &[("email", "not-an-address")]).await;
    assert_eq!(bad.header("location"), Some("/account-access/add/email"));
    let page = main_of(&me.get(&app, "/account-access/add/email").await.body);
    assert!(page.contains(r#"id="email-error""#));
    assert!(page.contains(r#"value="not-an-address""#), "the typed value comes back");

    let posted = me.post(&app, "add_access_email", &[("email", "notices@example.com")]).await;
    assert_eq!(posted.header("location"), Some("/account-access/add/summary"));
    let page = main_of(&me.get(&app, "/account-access/add/summary").await.body);
    for words in [
        "Username",
        "smithj2468",
        "Action",
        "Adding Account Access",
        "Account Type",
        "Mechanic",
        "E-Mail Address",
        "notices@example.com",
        "Submit",
        "Cancel",
    ] {
        assert!(page.contains(words), "{words}");
    }

    let posted = me.post(&app, "add_access_submit", &[("account_number", "M100001")]).await;
    assert_eq!(posted.header("location"), Some("/springboard"));
    let page = main_of(&me.get(&app, "/springboard").await.body);
    assert!(page.contains("Congratulations, you have reached your CARS e-Services business account"));
    assert!(page.contains("Account access was added: the Mechanic account M100001 (Ellen Hall) is on your springboard."));
    assert!(page.contains("your confirmation number is 0-000-000-"));
    for words in [
        "Ellen Hall",
        "M100001",
        "Active",
        "Brakes",
        "Certified",
        "2028-06-30",
        "Engine Repair",
        "Trainee",
        r#"href="/account-access""#,
        "Business account access added",
    ] {
        assert!(page.contains(words), "{words}");
    }
    let again = main_of(&me.get(&app, "/springboard").await.body);
    assert!(!again.contains("Account access was added"), "the notice is shown once");

    let notice: String = app
        .sql(move |c| Ok(c.query_row("SELECT notice_email FROM account_links WHERE login_id = ?1", [login], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(notice, "notices@example.com");
    assert_eq!(app.count("submissions").await, submissions_before + 1);
    assert_eq!(events(&app, login, "account_linked").await, 1);
    assert_eq!(app.count("account_access_drafts").await, 0);
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND used_at IS NOT NULL", login).await,
        1
    );
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND account_number = 'M100001' AND voided_at IS NOT NULL", login).await,
        1,
        "the older code for the account is void"
    );
    let mine = mail_to(&app, "notices@example.com").await;
    assert_eq!(mine.len(), 1);
    assert!(mine[0].contains("smithj2468") && mine[0].contains("M100001"));
    let record = mail_to(&app, RECORD_EMAIL).await;
    assert_eq!(record.len(), 1, "the record's address is told");
    assert!(record[0].contains("smithj2468"));

    // The used code and the voided one are spent; the other account's code still works.
    for spent in [code, older] {
        let (_, page) = enter_code(&app, &mut me, &spent).await;
        assert!(page.contains("was already used, or it was voided"));
    }
    let (to, _) = enter_code(&app, &mut me, &other_account).await;
    assert_eq!(to, "/account-access/add/account-info");
}

#[tokio::test]
async fn linking_an_account_already_linked_is_friendly_and_duplicates_nothing() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let first = code_for(&app, login, "M100001", 0).await;
    assert_eq!(add_access(&app, &mut me, &first, "M100001", A_EMAIL).await, "/springboard");
    let before = (app.count("account_links").await, app.count("submissions").await, app.count("outbox_messages").await);

    let second = code_for(&app, login, "M100001", 0).await;
    let submissions_with_request = app.count("submissions").await;
    assert_eq!(add_access(&app, &mut me, &second, "M100001", A_EMAIL).await, "/springboard");
    let page = main_of(&me.get(&app, "/springboard").await.body);
    assert!(page.contains("The Mechanic account M100001 is already on your springboard, so nothing was added."));
    assert_eq!(page.matches(r#"data-testid="account-card""#).count(), 1);
    assert_eq!(app.count("account_links").await, before.0);
    assert_eq!(app.count("submissions").await, submissions_with_request, "no submission for nothing");
    assert_eq!(app.count("outbox_messages").await, before.2, "nobody is told of nothing");
    assert_eq!(events(&app, login, "account_linked").await, 1);
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
            login
        )
        .await,
        1,
        "the second code was not used up"
    );
}

#[tokio::test]
async fn linking_and_removing_tell_the_record_and_every_other_linked_login() {
    let app = with_records().await;
    let mut b = signed_up(&app, B_EMAIL, "moorep1357", PASSWORD).await;
    let b_login = login_id(&app, "moorep1357").await;
    let b_code = code_for(&app, b_login, "M100001", 0).await;
    assert_eq!(add_access(&app, &mut b, &b_code, "M100001", "b.notices@example.com").await, "/springboard");
    assert_eq!(mail_to(&app, "b.notices@example.com").await.len(), 1, "B's own notice");

    let mut a = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let a_login = login_id(&app, "smithj2468").await;
    let a_code = code_for(&app, a_login, "M100001", 0).await;
    assert_eq!(add_access(&app, &mut a, &a_code, "M100001", A_EMAIL).await, "/springboard");
    let to_b = mail_to(&app, "b.notices@example.com").await;
    assert_eq!(to_b.len(), 2, "B is told A was given access");
    assert!(to_b[1].contains("smithj2468") && to_b[1].contains("was given online access"));
    assert_eq!(mail_to(&app, RECORD_EMAIL).await.len(), 2, "the record is told of each");
    let to_a = mail_to(&app, A_EMAIL).await;
    assert!(to_a.last().unwrap().contains("now has online access"));

    // A removes its access: asked first, then done; B and the record are told.
    let asked = a.post(&app, "springboard_remove", &[("account_number", "M100001"), ("intent", "ask")]).await;
    assert_eq!(asked.header("location"), Some("/springboard"));
    let page = main_of(&a.get(&app, "/springboard").await.body);
    assert!(page.contains("Remove your access to M100001?"));
    assert!(page.contains("confirm-remove-button"));
    assert_eq!(app.count("account_links").await, 2, "asking changes nothing");

    a.post(&app, "springboard_remove", &[("account_number", "M100001"), ("intent", "keep")]).await;
    let page = main_of(&a.get(&app, "/springboard").await.body);
    assert!(!page.contains("Remove your access to M100001?"), "No, keep access closes the question");

    a.post(&app, "springboard_remove", &[("account_number", "M100001"), ("intent", "ask")]).await;
    let done = a.post(&app, "springboard_remove", &[("account_number", "M100001"), ("intent", "confirm")]).await;
    assert_eq!(done.header("location"), Some("/springboard"));
    let page = main_of(&a.get(&app, "/springboard").await.body);
    assert!(page.contains("Access to the Mechanic account M100001 (Ellen Hall) was removed from your login."));
    assert!(page.contains("You have no business accounts on your springboard."));
    assert_eq!(a.get(&app, "/springboard").await.header("location"), Some("/account-access"), "then on to the options");
    assert_eq!(events(&app, a_login, "account_unlinked").await, 1);
    assert_eq!(app.count("account_links").await, 1, "B keeps its access");
    assert!(mail_to(&app, "b.notices@example.com").await.last().unwrap().contains("removed its online access"));
    assert_eq!(mail_to(&app, RECORD_EMAIL).await.len(), 3);
    assert!(mail_to(&app, A_EMAIL).await.last().unwrap().contains("no longer has online access"));
}

#[tokio::test]
async fn login_a_cannot_read_or_unlink_login_bs_account_by_changing_identifiers() {
    let app = with_records().await;
    let mut b = signed_up(&app, B_EMAIL, "moorep1357", PASSWORD).await;
    let b_login = login_id(&app, "moorep1357").await;
    let b_code = code_for(&app, b_login, "M100002", 0).await;
    assert_eq!(add_access(&app, &mut b, &b_code, "M100002", B_EMAIL).await, "/springboard");
    let b_spare = code_for(&app, b_login, "S200001", 0).await;

    let mut a = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let a_login = login_id(&app, "smithj2468").await;
    let a_code = code_for(&app, a_login, "M100001", 0).await;
    assert_eq!(add_access(&app, &mut a, &a_code, "M100001", A_EMAIL).await, "/springboard");
    let outbox = app.count("outbox_messages").await;

    // Reading: A's springboard shows only A's account.
    let page = main_of(&a.get(&app, "/springboard").await.body);
    assert!(page.contains("M100001"));
    assert!(!page.contains("M100002") && !page.contains("Moore Garage"));

    // Removing B's account by its number: nothing, for ask and for confirm,
    // with JavaScript off and on.
    for intent in ["ask", "confirm"] {
        let posted = a.post(&app, "springboard_remove", &[("account_number", "M100002"), ("intent", intent)]).await;
        assert_eq!(posted.header("location"), Some("/springboard"));
        let page = main_of(&a.get(&app, "/springboard").await.body);
        assert!(page.contains("That account is not on your springboard, so nothing was changed."), "{intent}");
        assert!(!page.contains("Moore Garage") && !page.contains("Remove your access to M100002"), "{intent}");
        let js = a.post_js(&app, "springboard_remove", &[("account_number", "M100002"), ("intent", intent)]).await;
        assert!(js.body.contains("not on your springboard"), "{intent}");
    }
    assert_eq!(scalar(&app, "SELECT count(*) FROM account_links WHERE login_id = ?1", b_login).await, 1, "B keeps M100002");
    assert_eq!(events(&app, a_login, "account_unlinked").await + events(&app, b_login, "account_unlinked").await, 0);

    // B's code typed by A is just a wrong code, and B's code stays live.
    let (to, page) = enter_code(&app, &mut a, &b_spare).await;
    assert_eq!(to, "/account-access/add");
    assert!(page.contains("That authorization code is not right."));
    assert!(!page.contains("Lansing Tech"));
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
            b_login
        )
        .await,
        1
    );

    // The add draft: A's account on the page, B's number in the form.
    let a_second = code_for(&app, a_login, "S200001", 0).await;
    let (to, _) = enter_code(&app, &mut a, &a_second).await;
    assert_eq!(to, "/account-access/add/account-info");
    let forged = a.post(&app, "add_access_account", &[("account_number", "M100002")]).await;
    assert_eq!(forged.header("location"), Some("/account-access/add/account-info"));
    let page = main_of(&a.get(&app, "/account-access/add/account-info").await.body);
    assert!(page.contains("is not the one your authorization code belongs to"));
    assert!(main_of(&a.get(&app, "/account-access/add/email").await.body).contains("wizard-gate"), "not confirmed");
    a.post(&app, "add_access_account", &[("account_number", "S200001")]).await;
    a.post(&app, "add_access_email", &[("email", A_EMAIL)]).await;
    let forged = a.post(&app, "add_access_submit", &[("account_number", "M100002")]).await;
    assert_eq!(forged.header("location"), Some("/account-access/add/summary"));
    assert!(
        main_of(&a.get(&app, "/account-access/add/summary").await.body)
            .contains("is not the one your authorization code belongs to")
    );

    // A draft pointed at B's code (as if the row were forged) reads as nothing.
    let b_code_id =
        scalar(&app, "SELECT id FROM authorization_codes WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL", b_login)
            .await;
    app.sql(move |tx| {
        tx.execute(
            "UPDATE account_access_drafts SET code_id = ?2, confirmed = 1, notice_email = 'x@example.com' WHERE login_id = ?1",
            rusqlite::params![a_login, b_code_id],
        )?;
        Ok(())
    })
    .await
    .unwrap();
    let page = main_of(&a.get(&app, "/account-access/add/summary").await.body);
    assert!(page.contains("wizard-gate") && !page.contains("Lansing Tech"));
    let forged = a.post(&app, "add_access_submit", &[("account_number", "S200001")]).await;
    assert_eq!(forged.header("location"), Some("/account-access/add"));
    assert!(main_of(&a.get(&app, "/account-access/add").await.body).contains("Enter your authorization code first."));

    assert_eq!(
        scalar(&app, "SELECT count(*) FROM account_links WHERE login_id = ?1", a_login).await,
        1,
        "A still has only its own"
    );
    assert_eq!(scalar(&app, "SELECT count(*) FROM account_links WHERE login_id = ?1", b_login).await, 1);
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
            b_login
        )
        .await,
        1,
        "B's code untouched"
    );
    assert_eq!(app.count("outbox_messages").await, outbox, "nobody was told anything");
}

#[tokio::test]
async fn a_sign_in_lands_on_the_springboard_once_the_login_has_an_account() {
    let app = with_records().await;
    let mut me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let code = code_for(&app, login, "M100001", 0).await;
    add_access(&app, &mut me, &code, "M100001", A_EMAIL).await;

    let mut browser = Browser::default();
    let posted = browser.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD)]).await;
    assert_eq!(posted.header("location"), Some("/login/verify"));
    browser.post(&app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(&app, A_EMAIL).await;
    let done = browser.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/springboard"));

    // A page asked for still wins.
    let mut other = Browser::default();
    other.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD), ("next", "/settings")]).await;
    let next: String = app
        .sql(move |c| {
            Ok(c.query_row(
                "SELECT next_path FROM pending_sign_ins WHERE login_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [login],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(next, "/settings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_wrong_codes_at_once_are_compared_no_further_than_the_wait() {
    let app = std::sync::Arc::new(with_records().await);
    let me = signed_up(&app, A_EMAIL, "smithj2468", PASSWORD).await;
    let login = login_id(&app, "smithj2468").await;
    let code = code_for(&app, login, "M100001", 0).await;
    let answers =
        util::burst(&app, "add_access_code", vec![me.clone(); 30], &[("authorization_code", WRONG), ("agree_terms", "yes")])
            .await;
    assert!(answers.iter().all(|a| a.header("location") == Some("/account-access/add")));
    assert_eq!(
        scalar(&app, "SELECT in_a_row FROM authorization_code_tries WHERE login_id = ?1", login).await,
        5,
        "five wrong codes were compared; the other 25 met the wait"
    );
    // The right code now waits too, and nothing was linked or voided.
    let mut me = me;
    let (to, page) = enter_code(&app, &mut me, &code).await;
    assert_eq!(to, "/account-access/add");
    assert!(page.contains("You have entered 5 wrong authorization codes within 10 minutes."), "{page}");
    assert_eq!(scalar(&app, "SELECT count(*) FROM account_links WHERE login_id = ?1", login).await, 0);
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM authorization_codes WHERE login_id = ?1 AND voided_at IS NULL", login).await,
        1
    );
}
