//! Secrets at rest: a production-like portal (not demo; email by SMTP and
//! texts through the gateway, both to listeners on loopback, delivered by
//! the queue's worker as `server serve` does) is walked through every way a
//! method is set up — sign-up with Email PIN, Text message, Authenticator app
//! and Backup codes, once with JavaScript off and once on, and methods added
//! in Settings — then a sign-in with each second-step method, an
//! authorization code by email and a password reset. Then the WHOLE
//! database is dumped (every table, every column; blobs also as hex, base32
//! and text) and searched for every secret that went by: none may be there.
//!
//! A second test: the database outbox, used outside demo mode, keeps no
//! message body.

use crate::util;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::mail::text::GatewaySettings;
use app::mail::{Mailer, SmtpSettings, SmtpTls, Texter};
use app::rules::account_type::AccountType;
use app::security::totp::{self, TotpSecret};
use axum::http::StatusCode;
use server::config::{Config, MailDelivery, TextDelivery};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use util::{Browser, TestApp, TestResponse, fields, good_profile, the_answer};

const PASSWORD: &str = "Torque#Wrench88";
const NEW_PASSWORD: &str = "Camshaft!Lansing42";
const MOBILE: &str = "+15175550188";
const RECORD_EMAIL: &str = "ellen.hall@example.com";

// ---- Where messages go: an SMTP server and a text gateway on loopback ----

/// Every message delivered: (recipient, body).
#[derive(Clone, Default)]
struct PostOffice(Arc<Mutex<Vec<(String, String)>>>);

impl PostOffice {
    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// The 6-digit code of the first message to `to` delivered after the
    /// first `after` messages, waiting for the queue's worker to deliver it.
    async fn code_after(&self, after: usize, to: &str) -> String {
        self.find_after(after, to, |body| body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(String::from))
            .await
    }

    async fn find_after(&self, after: usize, to: &str, find: impl Fn(&str) -> Option<String>) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            // An email's body is what follows its headers (the Message-ID
            // and Date hold digits of their own); a text is all body.
            let found = self
                .0
                .lock()
                .unwrap()
                .iter()
                .skip(after)
                .filter(|(r, _)| r.eq_ignore_ascii_case(to))
                .find_map(|(_, data)| find(data.split_once("\n\n").map_or(data.as_str(), |(_, body)| body)));
            if let Some(found) = found {
                return found;
            }
            assert!(tokio::time::Instant::now() < deadline, "no message to {to} came");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// An SMTP server that takes every message (tests/util's), into the post office.
async fn smtp_server(office: PostOffice) -> u16 {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    util::smtp::smtp_listener(port, office.0.clone()).await;
    port
}

/// A text gateway: takes the JSON `{"to", "body"}` and answers 200.
async fn text_gateway(office: PostOffice) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let office = office.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut chunk = [0u8; 4096];
                let body = loop {
                    let Ok(n) = socket.read(&mut chunk).await else { return };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&seen).to_string();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length: usize = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
                            })
                            .unwrap_or(0);
                        if body.len() >= length {
                            break body.to_string();
                        }
                    }
                };
                let message: serde_json::Value = serde_json::from_str(&body).unwrap();
                let to = message["to"].as_str().unwrap().to_string();
                office.0.lock().unwrap().push((to, message["body"].as_str().unwrap().to_string()));
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
            });
        }
    });
    port
}

/// `TestApp::production()` (not demo), with mail and texts sent for real to
/// the post office, as configured SMTP and a gateway send them.
async fn production_with_post_office() -> (TestApp, PostOffice) {
    let mut app = TestApp::production().await;
    assert!(!app.ctx.demo);
    let office = PostOffice::default();
    let smtp = SmtpSettings {
        host: "127.0.0.1".into(),
        port: smtp_server(office.clone()).await,
        tls: SmtpTls::None,
        username: None,
        password: None,
        from: "CARS e-Services <no-reply@cars.test>".into(),
    };
    let gateway_url = format!("http://127.0.0.1:{}/send", text_gateway(office.clone()).await);
    let gateway = GatewaySettings::new(&gateway_url, Some("gateway-token".into())).unwrap();
    let store = app.ctx.store.clone();
    app.ctx.mailer = Mailer::smtp(&smtp, store.clone()).unwrap();
    app.ctx.texter = Texter::Gateway(gateway.clone(), store.clone());
    // Many codes to a few addresses in a few minutes: the limits are not under test here.
    app.ctx.policy.codes_per_recipient_per_hour = 100;
    app.ctx.policy.sign_ins_per_minute = 1000;
    let config = Config {
        addr: "127.0.0.1:3000".parse().unwrap(),
        database: store.path().to_path_buf(),
        demo: false,
        site_root: store.path().parent().unwrap().join("site"),
        public_url: None,
        mail: Some(MailDelivery::Smtp(smtp)),
        text: TextDelivery::Gateway(gateway),
        policy: app.ctx.policy.clone(),
        clock_at: None,
    };
    app.router = server::router(&config, app.ctx.clone());
    app::mail::queue::spawn_worker(app.ctx.mailer.clone(), app.ctx.texter.clone(), 1);
    (app, office)
}

// ---- The walk, noting every secret that goes by ----

/// Every secret seen, by what it is: searched for in the dump.
#[derive(Default)]
struct Seen {
    /// Backup codes as shown (`xxxx-xxxx-xxxx`).
    backup_codes: Vec<String>,
    /// Authenticator secrets.
    totp_secrets: Vec<TotpSecret>,
    /// One-time codes sent by email or text, and authenticator codes typed.
    one_time_codes: Vec<String>,
    /// Authorization codes as emailed (`XXXXX-XXXXX`).
    authorization_codes: Vec<String>,
    /// Every value any cookie had: session, pending sign-in, reset, device,
    /// registration and form-flash tokens.
    cookies: BTreeMap<String, Vec<String>>,
    passwords: Vec<String>,
}

struct Walk {
    app: TestApp,
    office: PostOffice,
    seen: Seen,
    /// The database as dumped at moments when set-ups were under way (a
    /// draft holds the secret, a flash the codes), and at the end.
    dumps: Vec<Rendering>,
}

impl Walk {
    /// Dumps the database now; searched at the end with everything seen.
    async fn snapshot(&mut self, when: &str) {
        let dumped = dump(&self.app).await;
        self.dumps.extend(dumped.into_iter().map(|r| Rendering { at: format!("{} {when}", r.at), text: r.text }));
    }

    fn note_cookies(&mut self, browser: &Browser) {
        for (name, value) in &browser.cookies {
            let values = self.seen.cookies.entry(name.clone()).or_default();
            if !value.is_empty() && !values.contains(value) {
                values.push(value.clone());
            }
        }
    }

    async fn get(&mut self, browser: &mut Browser, path: &str) -> TestResponse {
        let response = browser.get(&self.app, path).await;
        self.note_cookies(browser);
        response
    }

    /// Posts with JavaScript off (`js == false`) or on.
    async fn post(&mut self, browser: &mut Browser, js: bool, endpoint: &str, form: &[(&str, &str)]) -> TestResponse {
        let response =
            if js { browser.post_js(&self.app, endpoint, form).await } else { browser.post(&self.app, endpoint, form).await };
        assert!(
            response.status.is_success() || response.status.is_redirection(),
            "{endpoint}: {} {}",
            response.status,
            response.body
        );
        self.note_cookies(browser);
        response
    }

    /// Posts what sends a 6-digit code to `to`, and reads the code delivered.
    async fn post_for_code(
        &mut self,
        browser: &mut Browser,
        js: bool,
        endpoint: &str,
        form: &[(&str, &str)],
        to: &str,
    ) -> String {
        let before = self.office.len();
        let posted = self.post(browser, js, endpoint, form).await;
        eprintln!(
            "{endpoint} (JavaScript {}): {} {:?}, a code to {to}",
            if js { "on" } else { "off" },
            posted.status,
            posted.header("location")
        );
        let code = self.office.code_after(before, to).await;
        self.seen.one_time_codes.push(code.clone());
        code
    }

    /// The authenticator key the page shows, as the person would type it.
    async fn totp_key_on(&mut self, browser: &mut Browser, page: &str) -> TotpSecret {
        let body = self.get(browser, page).await.body;
        let key = body.split(r#"data-testid="totp-secret""#).nth(1).expect("the key is shown");
        let key = key.split('>').nth(1).unwrap().split('<').next().unwrap();
        let secret = TotpSecret::from_base32(key).expect("a base32 key");
        self.seen.totp_secrets.push(secret.clone());
        secret
    }

    /// The code the app shows now (or in the next step, for a sign-in
    /// right after the set-up used this one).
    fn totp_code(&mut self, secret: &TotpSecret, steps_ahead: i64) -> String {
        let code = totp::code_at(secret, self.app.ctx.now() / totp::STEP_SECONDS + steps_ahead);
        self.seen.one_time_codes.push(code.clone());
        code
    }

    /// New backup codes: from the page after the redirect with JavaScript
    /// off, from the reply's data with it on.
    async fn create_backup_codes(&mut self, browser: &mut Browser, js: bool, endpoint: &str, page: &str) -> Vec<String> {
        let posted = self.post(browser, js, endpoint, &[("intent", "create_backup")]).await;
        self.snapshot(&format!("when {endpoint} had just made backup codes (JavaScript {})", if js { "on" } else { "off" }))
            .await;
        let shown: Vec<String> = if js {
            let reply: serde_json::Value = serde_json::from_str(&posted.body).expect("the reply as data");
            reply["data"]["backup_codes"].as_str().expect("codes in the reply").lines().map(String::from).collect()
        } else {
            let body = self.get(browser, page).await.body;
            body.split("<code>")
                .skip(1)
                .map(|s| s.split("</code>").next().unwrap().replace("<!>", ""))
                .filter(|c| c.len() == 14)
                .collect()
        };
        assert_eq!(shown.len(), 10, "ten codes shown");
        self.seen.backup_codes.extend(shown.iter().cloned());
        shown
    }

    /// Sign-up with all four methods, every step posted with JavaScript off
    /// or on; the browser ends signed in.
    async fn sign_up(&mut self, js: bool, email: &str, user_id: &str) -> Browser {
        let mut browser = Browser::default();
        assert_eq!(self.get(&mut browser, "/signup").await.status, StatusCode::OK);
        let answer = the_answer(&self.app, &browser).await;
        let profile = good_profile(&answer, email);
        let code = self.post_for_code(&mut browser, js, "signup_profile", &fields(&profile), email).await;
        self.post(&mut browser, js, "signup_email_code", &[("email_code", &code)]).await;
        self.post(
            &mut browser,
            js,
            "signup_security_setup",
            &[("user_id", user_id), ("password", PASSWORD), ("confirm_password", PASSWORD)],
        )
        .await;
        assert!(self.get(&mut browser, "/signup/options").await.body.contains(r#"data-testid="start-totp""#), "on step 3");

        let code = self.post_for_code(&mut browser, js, "signup_option", &[("intent", "send_text")], MOBILE).await;
        self.post(&mut browser, js, "signup_option", &[("intent", "check_text"), ("text_code", &code)]).await;

        self.post(&mut browser, js, "signup_option", &[("intent", "start_totp")]).await;
        let secret = self.totp_key_on(&mut browser, "/signup/options").await;
        let code = self.totp_code(&secret, 0);
        self.post(&mut browser, js, "signup_option", &[("intent", "check_totp"), ("totp_code", &code)]).await;

        let shown = self.create_backup_codes(&mut browser, js, "signup_option", "/signup/options").await;
        self.post(&mut browser, js, "signup_option", &[("intent", "check_backup"), ("backup_code", &shown[5])]).await;

        let page = self.get(&mut browser, "/signup/options").await.body;
        assert_eq!(page.matches(r#"data-testid="method-done""#).count(), 4, "email, text, app and codes are proved");
        self.snapshot(&format!("before FINISH (JavaScript {})", if js { "on" } else { "off" })).await;
        self.post(&mut browser, js, "signup_finish", &[]).await;
        assert!(browser.cookies.get("cars_session").is_some_and(|s| !s.is_empty()), "signed in");
        assert_eq!(methods_of(&self.app, user_id).await, ["backup_codes", "email", "text", "totp"]);
        browser
    }

    /// Password, then the second step with `method`; true when signed in.
    async fn sign_in(&mut self, js: bool, user_id: &str, password: &str, method: &str, typed: Option<String>) -> bool {
        let mut browser = Browser::default();
        let posted = self.post(&mut browser, js, "sign_in", &[("user_id", user_id), ("password", password)]).await;
        if !js {
            assert_eq!(posted.header("location"), Some("/login/verify"));
        }
        let (intent, field, code) = match method {
            "email" | "text" => {
                let to = if method == "email" { email_of(&self.app, user_id).await } else { MOBILE.to_string() };
                let send = format!("send_{method}");
                let code = self.post_for_code(&mut browser, js, "second_step", &[("intent", &send)], &to).await;
                (format!("check_{method}"), format!("{method}_code"), code)
            }
            "totp" => ("check_totp".into(), "totp_code".into(), typed.unwrap()),
            _ => ("check_backup".into(), "backup_code".into(), typed.unwrap()),
        };
        self.post(&mut browser, js, "second_step", &[("intent", &intent), (&field, &code)]).await;
        let signed_in = browser.cookies.get("cars_session").is_some_and(|s| !s.is_empty());
        if signed_in {
            assert!(self.get(&mut browser, "/account-access").await.status == StatusCode::OK);
        }
        signed_in
    }
}

async fn methods_of(app: &TestApp, user_id: &str) -> Vec<String> {
    let user_id = user_id.to_string();
    app.sql(move |c| {
        Ok(c.prepare("SELECT method FROM login_methods JOIN logins ON logins.id = login_id WHERE user_id = ?1 ORDER BY method")?
            .query_map([user_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    })
    .await
    .unwrap()
}

async fn email_of(app: &TestApp, user_id: &str) -> String {
    let user_id = user_id.to_string();
    app.sql(move |c| Ok(c.query_row("SELECT email FROM logins WHERE user_id = ?1", [user_id], |r| r.get(0))?)).await.unwrap()
}

// ---- The dump and the search ----

/// RFC 4648 base32, as the authenticator key is shown (and as a blob is rendered).
fn base32(bytes: &[u8]) -> String {
    TotpSecret::from_bytes(bytes.to_vec()).base32()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One rendering of one value of the dump, lower case.
struct Rendering {
    at: String,
    text: String,
}

/// Every table, every row, every column: text and numbers as they are,
/// blobs as hex, as base32 and as (lossy) text.
async fn dump(app: &TestApp) -> Vec<Rendering> {
    app.sql(|c| {
        let tables: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for table in tables {
            let mut stmt = c.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let columns: Vec<String> = stmt.column_names().map(String::from).collect();
            let mut rows = stmt.query([])?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                n += 1;
                for (i, column) in columns.iter().enumerate() {
                    let at = format!("{table}.{column} (row {n})");
                    use rusqlite::types::ValueRef;
                    let texts = match row.get_ref(i)? {
                        ValueRef::Null => vec![],
                        ValueRef::Integer(v) => vec![v.to_string()],
                        ValueRef::Real(v) => vec![v.to_string()],
                        ValueRef::Text(t) => vec![String::from_utf8_lossy(t).into_owned()],
                        ValueRef::Blob(b) => vec![hex(b), base32(b), String::from_utf8_lossy(b).into_owned()],
                    };
                    for text in texts {
                        out.push(Rendering { at: at.clone(), text: text.to_lowercase() });
                    }
                }
            }
        }
        Ok(out)
    })
    .await
    .unwrap()
}

/// Where `needle` (lower case) occurs in the dump. A `token` (a 6-digit
/// code) counts only standing alone, not inside a longer run of digits
/// such as a timestamp.
fn found(dump: &[Rendering], needle: &str, token: bool) -> Vec<String> {
    dump.iter()
        .filter(|r| {
            r.text.match_indices(needle).any(|(at, _)| {
                if !token {
                    return true;
                }
                let before = r.text[..at].chars().next_back();
                let after = r.text[at + needle.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(|r| r.at.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_that_went_by_is_in_the_database() {
    let (app, office) = production_with_post_office().await;
    app.ctx
        .store
        .write(|tx| {
            let record = util::business_record("M100001", "Ellen Hall", AccountType::Mechanic, Some(RECORD_EMAIL), true);
            app::store::business::upsert(tx, &record, 0)
        })
        .await
        .unwrap();
    let mut walk = Walk { app, office, seen: Seen::default(), dumps: Vec::new() };
    walk.seen.passwords = vec![PASSWORD.into(), NEW_PASSWORD.into()];

    // Sign-up, every method, JavaScript off and then on.
    walk.sign_up(false, "js.off@example.com", "smithj2468").await;
    walk.sign_up(true, "js.on@example.com", "smithj1357").await;

    // Settings: a login with Email PIN only adds the other three.
    let email = "settings@example.com";
    let mut me = Browser::default();
    {
        let answer = {
            assert_eq!(walk.get(&mut me, "/signup").await.status, StatusCode::OK);
            the_answer(&walk.app, &me).await
        };
        let code = walk.post_for_code(&mut me, false, "signup_profile", &fields(&good_profile(&answer, email)), email).await;
        walk.post(&mut me, false, "signup_email_code", &[("email_code", &code)]).await;
        walk.post(
            &mut me,
            false,
            "signup_security_setup",
            &[("user_id", "smithj3579"), ("password", PASSWORD), ("confirm_password", PASSWORD)],
        )
        .await;
        walk.post(&mut me, false, "signup_finish", &[]).await;
    }
    assert_eq!(methods_of(&walk.app, "smithj3579").await, ["email"]);
    walk.post(&mut me, false, "settings_methods_unlock", &[("methods_password", PASSWORD)]).await;
    walk.post(&mut me, false, "settings_method", &[("intent", "start_totp")]).await;
    let secret = walk.totp_key_on(&mut me, "/settings/methods").await;
    walk.snapshot("while Settings set up an authenticator app").await;
    let code = walk.totp_code(&secret, 0);
    walk.post(&mut me, false, "settings_method", &[("intent", "check_totp"), ("totp_code", &code)]).await;
    let shown = walk.create_backup_codes(&mut me, true, "settings_method", "/settings/methods").await;
    walk.post(&mut me, true, "settings_method", &[("intent", "check_backup"), ("backup_code", &shown[2])]).await;
    let code = walk.post_for_code(&mut me, false, "settings_method", &[("intent", "send_text")], MOBILE).await;
    walk.post(&mut me, false, "settings_method", &[("intent", "check_text"), ("text_code", &code)]).await;
    assert_eq!(methods_of(&walk.app, "smithj3579").await, ["backup_codes", "email", "text", "totp"]);

    // A sign-in with each second-step method (one code per method, so the
    // authenticator code is the next step's: the set-up used this one).
    let off_secret = walk.seen.totp_secrets[0].clone();
    let unused_backup = walk.seen.backup_codes[0].clone();
    assert!(walk.sign_in(false, "smithj2468", PASSWORD, "email", None).await, "Email PIN");
    assert!(walk.sign_in(true, "smithj2468", PASSWORD, "text", None).await, "Text message");
    let code = walk.totp_code(&off_secret, 1);
    assert!(walk.sign_in(false, "smithj2468", PASSWORD, "totp", Some(code)).await, "Authenticator app");
    assert!(
        walk.sign_in(true, "smithj2468", PASSWORD, "backup_codes", Some(unused_backup.to_uppercase())).await,
        "a backup code"
    );
    let on_backup = walk.seen.backup_codes[10].clone();
    assert!(
        walk.sign_in(false, "smithj1357", PASSWORD, "backup_codes", Some(on_backup)).await,
        "a backup code set up with JavaScript on"
    );

    // An authorization code by email.
    let before = walk.office.len();
    walk.get(&mut me, "/account-access/request").await;
    walk.post(&mut me, false, "code_request_type", &[("account_type", "mechanic")]).await;
    walk.post(&mut me, false, "code_request_account", &[("account_number", "M100001")]).await;
    walk.post(&mut me, false, "code_request_details", &[("by_email", "yes")]).await;
    walk.post(&mut me, false, "code_request_submit", &[]).await;
    let authorization_code = walk
        .office
        .find_after(before, RECORD_EMAIL, |body| {
            body.split_whitespace()
                .find(|w| {
                    let b = w.as_bytes();
                    b.len() == 11
                        && b[5] == b'-'
                        && w.chars().enumerate().all(|(i, c)| i == 5 || c.is_ascii_digit() || c.is_ascii_uppercase())
                })
                .map(String::from)
        })
        .await;
    walk.seen.authorization_codes.push(authorization_code);

    // A password reset, then a sign-in with the new password.
    let mut reset = Browser::default();
    let to = "js.off@example.com";
    let code = walk.post_for_code(&mut reset, false, "forgot_password", &[("user_id", "smithj2468")], to).await;
    let checked = walk.post(&mut reset, false, "forgot_password_code", &[("intent", "check"), ("email_code", &code)]).await;
    assert_eq!(checked.header("location"), Some("/forgot-password/new"));
    walk.post(&mut reset, false, "forgot_password_new", &[("password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)]).await;
    // (After a reset Email PIN is not offered: the reset came through the email.)
    assert!(walk.sign_in(false, "smithj2468", NEW_PASSWORD, "text", None).await, "the new password");

    // Every message was delivered (and so lost its body in the queue).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !walk.app.ctx.store.read(app::store::mail_queue::undelivered).await.unwrap().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the queue emptied");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // ---- The search ----
    walk.snapshot("at the end").await;
    let dump = std::mem::take(&mut walk.dumps);
    let seen = &walk.seen;
    // What is searched for, each with what it is; (needle, token?).
    let mut needles: Vec<(String, String, bool)> = Vec::new();
    for code in &seen.backup_codes {
        needles.push((format!("backup code {code}"), code.clone(), false));
        needles.push((format!("backup code {code} without dashes"), code.replace('-', ""), false));
    }
    for (i, secret) in seen.totp_secrets.iter().enumerate() {
        needles.push((format!("authenticator secret {i} as hex"), hex(secret.as_bytes()), false));
        needles.push((format!("authenticator secret {i} in base32"), secret.base32(), false));
        needles.push((format!("authenticator secret {i} as shown"), secret.base32_grouped(), false));
    }
    for code in &seen.one_time_codes {
        needles.push((format!("one-time code {code}"), code.clone(), true));
    }
    for code in &seen.authorization_codes {
        needles.push((format!("authorization code {code}"), code.clone(), false));
        needles.push((format!("authorization code {code} without its dash"), code.replace('-', ""), false));
    }
    for (name, values) in &seen.cookies {
        for value in values {
            needles.push((format!("the {name} cookie's value {value}"), value.clone(), false));
        }
    }
    for password in &seen.passwords {
        needles.push(("a password".into(), password.clone(), false));
    }

    // What must have gone by for the search to mean anything.
    assert_eq!(seen.backup_codes.len(), 30, "three sets of ten");
    assert_eq!(seen.totp_secrets.len(), 3);
    assert!(seen.one_time_codes.len() >= 12, "{}", seen.one_time_codes.len());
    for cookie in ["cars_session", "cars_pending", "cars_reset", "cars_device", "cars_form", "cars_signup"] {
        assert!(seen.cookies.get(cookie).is_some_and(|v| !v.is_empty()), "a {cookie} cookie went by: {:?}", seen.cookies.keys());
    }
    // And the search finds what is meant to be there.
    assert!(
        !found(&dump, "smithj2468", false).is_empty() && !found(&dump, "js.on@example.com", false).is_empty(),
        "the dump holds the logins"
    );
    assert!(
        dump.iter().any(|r| r.at.starts_with("registrations.state") && r.text.contains("\"sealed_secret\"")),
        "a sign-up draft held its authenticator secret when dumped"
    );
    assert!(
        dump.iter().any(|r| r.at.starts_with("form_flash.payload") && r.at.contains("made backup codes (JavaScript off)")),
        "a flash held new backup codes when dumped"
    );
    let (sealed, keyed): (i64, i64) = walk
        .app
        .sql(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM login_methods WHERE method = 'totp' AND length(totp_secret) > 40),
                        (SELECT count(*) FROM backup_codes WHERE scheme = 'hmac-sha256')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!((sealed, keyed), (3, 30), "three sealed authenticator secrets, thirty keyed backup codes");

    let mut failures = Vec::new();
    for (what, needle, token) in &needles {
        let places = found(&dump, &needle.to_lowercase(), *token);
        if !places.is_empty() {
            failures.push(format!("{what} is in {}", places.join(", ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} secrets are readable in the database:\n{}",
        failures.len(),
        needles.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn outside_demo_mode_the_outbox_keeps_no_code() {
    // The explicit outbox of `mail.outbox` / `text.outbox`, not demo mode.
    let app = TestApp::production().await;
    let mut browser = Browser::default();
    browser.get(&app, "/signup").await;
    let answer = the_answer(&app, &browser).await;
    let posted = browser.post(&app, "signup_profile", &fields(&good_profile(&answer, "john.smith@example.com"))).await;
    assert_eq!(posted.header("location"), Some("/signup/check-email"));
    let (subject, body): (String, String) = app
        .sql(|c| {
            Ok(c.query_row("SELECT subject, body FROM outbox_messages WHERE recipient = 'john.smith@example.com'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .await
        .unwrap();
    assert_eq!(subject, "Your CARS e-Services email code", "who got what, and when, is kept");
    assert!(!body.chars().any(|c| c.is_ascii_digit()), "no code: {body}");
    assert_eq!(app.count("one_time_codes").await, 1, "a code was sent all the same");

    // In demo mode the development outbox shows the code, as ever.
    let demo = TestApp::demo().await;
    let email = "john.smith@example.com";
    let browser = util::through_step_one(&demo, email).await;
    assert!(browser.cookies.contains_key("cars_signup"), "the demo walk read its code from the outbox");
}
