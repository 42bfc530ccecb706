//! Settings (SPEC §3) through the real router: password change under every
//! rule including the last 3 passwords, other browsers signed out, the
//! notice; "sign out everywhere else"; the activity list.

mod util;

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
            .post(&app, "settings_password", &[("current_password", current), ("new_password", new), ("confirm_password", confirm)])
            .await;
        assert_eq!(posted.header("location"), Some("/settings"));
        let page = me.get(&app, "/settings").await;
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
        let page = me.get(&app, "/settings").await;
        assert!(page.body.contains("Your password was changed."), "{next}");
        current = next;
    }
    let refused = me
        .post(&app, "settings_password", &[("current_password", current), ("new_password", "Brake#Rotor77"), ("confirm_password", "Brake#Rotor77")])
        .await;
    assert_eq!(refused.header("location"), Some("/settings"));
    assert!(me.get(&app, "/settings").await.body.contains("cannot be one of the last 3 passwords"));
    // The first one has left the last 3: allowed again.
    me.post(&app, "settings_password", &[("current_password", current), ("new_password", "Torque#Wrench88"), ("confirm_password", "Torque#Wrench88")])
        .await;
    assert!(me.get(&app, "/settings").await.body.contains("Your password was changed."));

    // The other browser was signed out at the first change; this one stays.
    assert!(other.get(&app, "/settings").await.status.is_redirection());
    assert!(me.get(&app, "/settings").await.body.contains("Password changed"), "in the activity list");
    let notices: i64 = app
        .ctx
        .store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM outbox_messages WHERE subject LIKE '%password was changed%'", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(notices, 4, "a notice for every change");
}

#[tokio::test]
async fn sign_out_everywhere_else_keeps_only_this_browser() {
    let app = TestApp::demo().await;
    let mut me = signed_up(&app, EMAIL, "smithj2468", "Torque#Wrench88").await;
    let mut other = second_browser(&app, "Torque#Wrench88").await;
    let page = me.get(&app, "/settings").await;
    assert!(page.body.contains("on 1 other browser"));
    me.post(&app, "settings_sign_out_elsewhere", &[]).await;
    let page = me.get(&app, "/settings").await;
    assert!(page.body.contains("Signed out of 1 other browser"));
    assert!(page.body.contains("on 0 other browsers"));
    assert!(other.get(&app, "/account-access").await.status.is_redirection());
    assert!(!me.get(&app, "/account-access").await.status.is_redirection());
}
