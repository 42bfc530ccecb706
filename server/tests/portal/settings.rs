//! Settings (SPEC §3) through the real router: password change under every
//! rule including the last 3 passwords, other browsers signed out, the
//! notice; "sign out everywhere else"; the activity list; profile edits
//! under the sign-up rules; email change with a code to the new address;
//! methods added and removed after the password; closing the login.

use crate::util;

use util::{Browser, TestApp, newest_code, signed_up};

const EMAIL: &str = "john.smith@example.com";

async fn second_browser(app: &TestApp, password: &str) -> Browser {
    let mut other = Browser::default();
    let posted = other.post(app, "sign_in", &[("user_id", "smithj2468"), ("password", password)]).await;
    assert_eq!(posted.header("location"), Some("/login/verify"));
    other.post(app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(app, EMAIL).await;
    let done = other.post(app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/account-access"));
    other
}

#[tokio::test]
async fn a_password_change_follows_every_rule_and_signs_out_other_browsers() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", "Torque#Wrench88").await;
    let mut other = second_browser(&app, "Torque#Wrench88").await;

    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("current_password", "Wrong#Pass99", "Brake#Rotor77", "Brake#Rotor77", "That is not your current password."),
        ("new_password", "Torque#Wrench88", "Torque#Wrench88", "Torque#Wrench88", "cannot be one of the last 3 passwords"),
        ("new_password", "Torque#Wrench88", "Password123", "Password123", "too commonly used"),
        ("new_password", "Torque#Wrench88", "Smithj2468!", "Smithj2468!", "cannot contain your User ID"),
        ("confirm_password", "Torque#Wrench88", "Brake#Rotor77", "Brake#Rotor78", "do not match"),
    ];
    for (field, current, new, confirm, message) in cases {
        let posted = me
            .post(
                &app,
                "settings_password",
                &[("current_password", current), ("new_password", new), ("confirm_password", confirm)],
            )
            .await;
        assert_eq!(posted.header("location"), Some("/settings/password"));
        let page = me.get(&app, "/settings/password").await;
        assert!(page.body.contains(message), "expected {message:?}");
        assert!(page.body.contains(&format!(r#"id="{field}-error""#)));
    }
    assert_eq!(app.count("password_history").await, 1, "nothing changed");

    // Three changes: each older password is refused while among the last 3.
    let passwords = ["Brake#Rotor77", "Clutch#Plate66", "Spark#Plug55"];
    let mut current = "Torque#Wrench88";
    for next in passwords {
        me.post(&app, "settings_password", &[("current_password", current), ("new_password", next), ("confirm_password", next)])
            .await;
        let page = me.get(&app, "/settings/password").await;
        assert!(page.body.contains("Your password was changed."), "{next}");
        current = next;
    }
    let refused = me
        .post(
            &app,
            "settings_password",
            &[("current_password", current), ("new_password", "Brake#Rotor77"), ("confirm_password", "Brake#Rotor77")],
        )
        .await;
    assert_eq!(refused.header("location"), Some("/settings/password"));
    assert!(me.get(&app, "/settings/password").await.body.contains("cannot be one of the last 3 passwords"));
    // The first one has left the last 3: allowed again.
    me.post(
        &app,
        "settings_password",
        &[("current_password", current), ("new_password", "Torque#Wrench88"), ("confirm_password", "Torque#Wrench88")],
    )
    .await;
    assert!(me.get(&app, "/settings/password").await.body.contains("Your password was changed."));

    // The other browser was signed out at the first change; this one stays.
    assert!(other.get(&app, "/settings").await.status.is_redirection());
    assert!(me.get(&app, "/settings/activity").await.body.contains("Password changed"), "in the activity list");
    let notices: i64 = app
        .sql(|c| {
            Ok(c.query_row("SELECT count(*) FROM outbox_messages WHERE subject LIKE '%password was changed%'", [], |r| r.get(0))?)
        })
        .await
        .unwrap();
    assert_eq!(notices, 4, "a notice for every change");
}

#[tokio::test]
async fn sign_out_everywhere_else_keeps_only_this_browser() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", "Torque#Wrench88").await;
    let mut other = second_browser(&app, "Torque#Wrench88").await;
    let page = me.get(&app, "/settings/browsers").await;
    assert!(page.body.contains("on 1 other browser"));
    me.post(&app, "settings_sign_out_elsewhere", &[]).await;
    let page = me.get(&app, "/settings/browsers").await;
    assert!(page.body.contains("Signed out of 1 other browser"));
    assert!(page.body.contains("You are signed in on this browser only."));
    assert!(other.get(&app, "/account-access").await.status.is_redirection());
    assert!(!me.get(&app, "/account-access").await.status.is_redirection());
}

// ---- Profile, email, methods, closing ---------------------------------------

const PASSWORD: &str = "Torque#Wrench88";

async fn outbox_count(app: &TestApp, to: &str, subject_like: &str) -> i64 {
    let (to, like) = (to.to_string(), format!("%{subject_like}%"));
    app.sql(move |c| {
        Ok(c.query_row(
            "SELECT count(*) FROM outbox_messages WHERE recipient = ?1 AND subject LIKE ?2",
            rusqlite::params![to, like],
            |r| r.get(0),
        )?)
    })
    .await
    .unwrap()
}

async fn login_column(app: &TestApp, column: &'static str) -> Option<String> {
    app.sql(move |c| {
        use rusqlite::OptionalExtension;
        Ok(c.query_row(&format!("SELECT {column} FROM logins WHERE user_id = 'smithj2468'"), [], |r| r.get(0))
            .optional()?
            .flatten())
    })
    .await
    .unwrap()
}

async fn methods_of(app: &TestApp) -> Vec<String> {
    let id = util::login_id(app, "smithj2468").await;
    let methods = app.ctx.store.read(move |c| app::store::logins::methods_of(c, id)).await.unwrap();
    methods.into_iter().map(|m| m.name().to_string()).collect()
}

fn profile_fields<'a>(first: &'a str, work: &'a str, mobile: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("first_name", first),
        ("middle_initial", "Q"),
        ("last_name", "Smith"),
        ("suffix", "Jr"),
        ("work_phone", work),
        ("mobile_phone", mobile),
    ]
}

#[tokio::test]
async fn a_profile_edit_follows_the_sign_up_rules_and_a_bad_value_changes_nothing() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;

    let cases: &[(&str, &str, &str, &str)] = &[
        ("first_name", "J0hn", "(517) 555-0123", "First name can only contain letters"),
        ("work_phone", "John", "555-0123", "work_phone-error"),
        ("mobile_phone", "John", "(517) 555-0123", "mobile_phone-error"),
    ];
    for (field, first, work, expected) in cases {
        let mobile = if *field == "mobile_phone" { "12" } else { "" };
        let posted = me.post(&app, "settings_profile", &profile_fields(first, work, mobile)).await;
        assert_eq!(posted.header("location"), Some("/settings/profile"));
        let page = me.get(&app, "/settings/profile").await;
        assert!(page.body.contains(expected), "{field}: expected {expected:?}");
        assert!(page.body.contains(&format!(r#"id="{field}-error""#)), "{field}: the error sits by its field");
        assert!(page.body.contains(&format!(r##"href="#{field}""##)), "{field}: the summary links to it");
        assert!(page.body.contains(&format!(r#"value="{first}""#)), "{field}: what was typed comes back");
    }
    // The same refusal as data when the page is hydrated.
    let blank_last = me
        .post_js(&app, "settings_profile", &[("first_name", "John"), ("last_name", ""), ("work_phone", "(517) 555-0123")])
        .await;
    assert!(
        blank_last.body.contains(r#""field":"last_name""#) && blank_last.body.contains("Enter your last name."),
        "{}",
        blank_last.body
    );
    assert_eq!(login_column(&app, "first_name").await.as_deref(), Some("John"));
    assert_eq!(login_column(&app, "suffix").await, None, "nothing changed");
    assert_eq!(login_column(&app, "work_phone_ext").await, None);

    let saved = me.post(&app, "settings_profile", &profile_fields("Johnny", "(517) 555-0199 ext. 42", "517-555-0177")).await;
    assert_eq!(saved.header("location"), Some("/settings/profile"));
    let page = me.get(&app, "/settings/profile").await;
    assert!(page.body.contains("Your profile was saved."));
    assert!(page.body.contains(r#"value="Johnny""#), "the form shows what is stored now");
    assert!(me.get(&app, "/settings").await.body.contains("Johnny Q Smith Jr"), "and so does the overview");
    assert!(me.get(&app, "/settings/activity").await.body.contains("Profile changed"), "in the activity list");
    assert_eq!(login_column(&app, "work_phone").await.as_deref(), Some("+15175550199"));
    assert_eq!(login_column(&app, "work_phone_ext").await.as_deref(), Some("42"));
    assert_eq!(login_column(&app, "mobile_phone").await.as_deref(), Some("+15175550177"));
}

#[tokio::test]
async fn an_email_change_needs_the_password_and_a_code_sent_to_the_new_address() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    const NEW: &str = "j.smith@garage.example";

    let posted = me
        .post(&app, "settings_email", &[("email_password", "Wrong#Pass99"), ("new_email", NEW), ("confirm_new_email", NEW)])
        .await;
    assert_eq!(posted.header("location"), Some("/settings/email"), "never an address in a URL");
    let page = me.get(&app, "/settings/email").await;
    assert!(page.body.contains(r#"id="email_password-error""#));
    assert!(page.body.contains("That is not your password."));
    assert!(page.body.contains(&format!(r#"value="{NEW}""#)), "the typed address comes back");
    assert_eq!(outbox_count(&app, NEW, "").await, 0, "no code without the password");

    me.post(&app, "settings_email", &[("email_password", PASSWORD), ("new_email", EMAIL), ("confirm_new_email", EMAIL)]).await;
    assert!(me.get(&app, "/settings/email").await.body.contains("That is already your email address."));
    me.post(
        &app,
        "settings_email",
        &[("email_password", PASSWORD), ("new_email", NEW), ("confirm_new_email", "other@garage.example")],
    )
    .await;
    assert!(me.get(&app, "/settings/email").await.body.contains(r#"id="confirm_new_email-error""#));

    me.post(&app, "settings_email", &[("email_password", PASSWORD), ("new_email", NEW), ("confirm_new_email", NEW)]).await;
    let page = me.get(&app, "/settings/email").await;
    assert!(page.body.contains(&format!("We sent a 6-digit code to {NEW}")));
    assert!(page.body.contains(r#"data-testid="pending-email""#));
    assert_eq!(login_column(&app, "email").await.as_deref(), Some(EMAIL), "not before the code");
    let code = newest_code(&app, NEW).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    me.post(&app, "settings_email_code", &[("intent", "check"), ("email_code", wrong)]).await;
    assert!(me.get(&app, "/settings/email").await.body.contains("That code is not right."));
    assert_eq!(login_column(&app, "email").await.as_deref(), Some(EMAIL));

    let done = me.post(&app, "settings_email_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert_eq!(done.header("location"), Some("/settings/email"));
    let page = me.get(&app, "/settings/email").await;
    assert!(page.body.contains(&format!("Your email address is now {NEW}.")));
    assert!(me.get(&app, "/settings/activity").await.body.contains("Email address changed"), "in the activity list");
    assert_eq!(login_column(&app, "email").await.as_deref(), Some(NEW));
    assert_eq!(outbox_count(&app, EMAIL, "email address was changed").await, 1, "the old address is told");
    assert_eq!(outbox_count(&app, NEW, "email address was changed").await, 1, "the new address is told");
    // The code was single use and the change is over.
    let again = me.post_js(&app, "settings_email_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert!(again.body.contains("No email change is waiting here"), "{}", again.body);
}

#[tokio::test]
async fn methods_change_only_after_the_password_and_at_least_one_stays() {
    use app::security::totp;
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;

    let locked = me.post_js(&app, "settings_method", &[("intent", "start_totp")]).await;
    assert!(locked.body.contains("type your password again"), "{}", locked.body);
    me.post(&app, "settings_methods_unlock", &[("methods_password", "Wrong#Pass99")]).await;
    let page = me.get(&app, "/settings/methods").await;
    assert!(page.body.contains(r#"id="methods_password-error""#));
    assert!(!page.body.contains(r#"data-testid="start-totp""#));
    me.post(&app, "settings_methods_unlock", &[("methods_password", PASSWORD)]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains(r#"data-testid="start-totp""#));

    // The only method stays.
    me.post(&app, "settings_method", &[("intent", "remove"), ("method", "email")]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains("at least one must stay"));
    assert_eq!(methods_of(&app).await, ["email"]);

    // Authenticator app: QR and key, then a code from the app.
    me.post(&app, "settings_method", &[("intent", "start_totp")]).await;
    let page = me.get(&app, "/settings/methods").await;
    assert!(page.body.contains("<svg"), "a QR code");
    let key = page.body.split(r#"data-testid="totp-secret""#).nth(1).unwrap();
    let key = key.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
    let secret = totp::TotpSecret::from_base32(&key).unwrap();
    me.post(&app, "settings_method", &[("intent", "check_totp"), ("totp_code", "12345")]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains(r#"id="totp_code-error""#));
    let code = totp::code_at(&secret, app.ctx.now() / 30);
    me.post(&app, "settings_method", &[("intent", "check_totp"), ("totp_code", &code)]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains("Authenticator app was added."));
    assert_eq!(methods_of(&app).await, ["email", "totp"]);
    assert_eq!(outbox_count(&app, EMAIL, "method was added").await, 1);

    // Backup codes: shown once, proved by typing one back.
    me.post(&app, "settings_method", &[("intent", "create_backup")]).await;
    let page = me.get(&app, "/settings/methods").await;
    let codes: Vec<&str> = page.body.split("<code>").skip(1).map(|c| c.split('<').next().unwrap()).collect();
    assert_eq!(codes.len(), 10, "ten codes shown");
    let first = codes[0].to_string();
    assert!(!me.get(&app, "/settings/methods").await.body.contains(&first), "shown only once");
    me.post(&app, "settings_method", &[("intent", "check_backup"), ("backup_code", &first)]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains("Backup codes were added."));
    assert_eq!(app.count("backup_codes").await, 10);

    // Text message to the mobile number of the profile.
    me.post(&app, "settings_method", &[("intent", "send_text")]).await;
    let code = newest_code(&app, "+15175550188").await;
    me.post(&app, "settings_method", &[("intent", "check_text"), ("text_code", &code)]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains("Text message was added."));
    assert_eq!(methods_of(&app).await, ["email", "text", "totp", "backup_codes"]);
    // A number a method was proved on cannot change underneath it.
    me.post(&app, "settings_profile", &profile_fields("John", "(517) 555-0123", "517-555-0100")).await;
    assert!(me.get(&app, "/settings/profile").await.body.contains(r#"id="mobile_phone-error""#));

    for method in ["email", "text", "backup_codes"] {
        me.post(&app, "settings_method", &[("intent", "remove"), ("method", method)]).await;
        assert!(me.get(&app, "/settings/methods").await.body.contains("was removed."), "{method}");
    }
    assert_eq!(app.count("backup_codes").await, 0, "removed with their method");
    assert_eq!(outbox_count(&app, EMAIL, "method was removed").await, 3);
    me.post(&app, "settings_method", &[("intent", "remove"), ("method", "totp")]).await;
    assert!(me.get(&app, "/settings/methods").await.body.contains("Authenticator app is your only verification method"));
    assert_eq!(methods_of(&app).await, ["totp"]);
    let page = me.get(&app, "/settings/activity").await;
    assert!(page.body.contains("Verification method added: Authenticator app"));
    assert!(page.body.contains("Verification method removed: Email PIN"));
}

#[tokio::test]
async fn a_closed_login_cannot_sign_in_and_its_sessions_are_gone() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let mut other = second_browser(&app, PASSWORD).await;

    me.post(&app, "settings_close", &[("close_password", PASSWORD)]).await;
    let page = me.get(&app, "/settings/close").await;
    assert!(page.body.contains(r#"id="close_confirm-error""#), "an explicit confirmation");
    me.post(&app, "settings_close", &[("close_password", "Wrong#Pass99"), ("close_confirm", "yes")]).await;
    assert!(me.get(&app, "/settings/close").await.body.contains(r#"id="close_password-error""#));
    assert_eq!(app.count("logins").await, 1, "still there");

    let closed = me.post(&app, "settings_close", &[("close_password", PASSWORD), ("close_confirm", "yes")]).await;
    assert_eq!(closed.header("location"), Some("/?closed=1"));
    let home = me.get(&app, "/?closed=1").await;
    assert!(home.body.contains("Your login was closed"));
    assert_eq!(app.count("logins").await, 0);
    assert_eq!(app.count("sessions").await, 0, "every browser signed out");
    assert_eq!(app.count("remembered_browsers").await, 0);
    assert!(me.get(&app, "/settings").await.status.is_redirection());
    assert!(other.get(&app, "/account-access").await.status.is_redirection());
    assert_eq!(outbox_count(&app, EMAIL, "login was closed").await, 1);

    let mut stranger = Browser::default();
    stranger.post(&app, "sign_in", &[("user_id", "smithj2468"), ("password", PASSWORD)]).await;
    let page = stranger.get(&app, "/login").await;
    assert!(page.body.contains("The User ID or password you entered is not correct."));
    assert_eq!(app.count("pending_sign_ins").await, 0, "no second step for a closed login");
    let kept: (i64, Option<String>) = app
        .sql(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM audit_log WHERE login_id IS NOT NULL),
                        (SELECT detail FROM audit_log WHERE event = 'login_closed')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(kept, (0, Some("User ID smithj2468".into())), "the trail stays, without the login");
}

#[tokio::test]
async fn the_overview_links_a_page_for_each_section_and_an_unknown_one_is_not_found() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", PASSWORD).await;
    let overview = me.get(&app, "/settings").await;
    for section in app::settings::Section::ALL {
        assert!(overview.body.contains(&format!(r#"href="{}""#, section.path())), "{section:?} is linked");
        let page = me.get(&app, section.path()).await;
        assert_eq!(page.status, 200, "{section:?}");
        assert!(page.body.contains(section.title()), "{section:?} has its heading");
        assert!(page.body.contains(r#"href="/settings""#), "{section:?} leads back");
    }
    assert!(overview.body.contains("You are signed in on this browser only."), "never 'on 0 other browsers'");
    let unknown = me.get(&app, "/settings/nonsense").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("There is no such settings page"));
}
