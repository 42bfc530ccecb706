//! A small builder for driving the real router in-process on a real SQLite
//! file: `TestApp::demo().await.get("/").await`.

#![allow(dead_code)]

pub mod smtp;

use app::store::LoginId;
use std::collections::BTreeMap;

use app::store::{Store, StoreError};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use server::config::{Config, MailDelivery};
use server::page_cache::PageCache;
use std::sync::Arc;
use tower::ServiceExt;

/// A test's own look at the database file, as an auditor would open it:
/// a plain SQLite connection beside the store's, to read (or back-date) rows
/// that no page shows. The portal's code cannot do this: outside
/// `app/src/store/` its connection runs no SQL (`app::store::Db`).
pub async fn sql<T, F>(store: &Store, f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&rusqlite::Connection) -> Result<T, StoreError> + Send + 'static,
{
    let path = store.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut conn = rusqlite::Connection::open(&path)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    })
    .await
    .expect("the test's SQL thread")
}

/// A code request (its submission and the request) written straight into
/// the store as made at `at` and mailed or emailed at `sent_at`: history for
/// tests of what earlier requests limit or leave waiting.
pub fn insert_code_request(
    tx: &rusqlite::Connection,
    login: LoginId,
    account: &str,
    channel: &str,
    at: i64,
    sent_at: Option<i64>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO submissions (login_id, kind, account_number, at) VALUES (?1, 'code_request', ?2, ?3)",
        rusqlite::params![login, account, at],
    )?;
    tx.execute(
        "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![tx.last_insert_rowid(), login, account, channel, at, sent_at],
    )?;
    Ok(())
}

pub struct TestApp {
    pub router: Router,
    pub ctx: app::context::AppContext,
    /// The router's memory of anonymous pages, to see what it answered.
    pub pages: Arc<PageCache>,
    _dir: tempfile::TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `name=value` of the first Set-Cookie, without attributes.
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie").map(|c| c.split(';').next().unwrap_or_default().to_string())
    }
}

impl TestApp {
    pub async fn demo() -> Self {
        Self::build(true).await
    }

    /// Production-like: no demo, email kept in the outbox by explicit choice.
    pub async fn production() -> Self {
        Self::build(false).await
    }

    /// Demo mode with other lockout, session or throttle numbers.
    pub async fn demo_with(policy: app::security::policy::Policy) -> Self {
        Self::build_with(true, policy).await
    }

    async fn build(demo: bool) -> Self {
        Self::build_with(demo, Default::default()).await
    }

    /// The default policy without the limits a benchmark runs into by
    /// design: the per-address sign-in throttle (every in-process request
    /// shares one address unless it says otherwise) and the cap on codes to
    /// one recipient (a benchmark signs the same login in again and again).
    pub fn unthrottled() -> app::security::policy::Policy {
        app::security::policy::Policy {
            sign_ins_per_minute: i64::MAX / 2,
            codes_per_recipient_per_hour: i64::MAX / 2,
            ..Default::default()
        }
    }

    /// Demo mode with the per-address throttle lifted (an attacker with
    /// many addresses) and `hash_slots` Argon2 slots that any one key may
    /// fill, so a burst of requests reaches the limits under test instead
    /// of the hashing queue.
    pub async fn for_bursts(hash_slots: usize) -> Self {
        let policy = app::security::policy::Policy { sign_ins_per_minute: 1_000_000, ..Default::default() };
        let hasher = app::security::password_hash::PasswordHasher::new(Some(hash_slots)).expect("hasher");
        Self::build_with(true, policy).await.with_hasher(hasher.sharing(usize::MAX))
    }

    /// This app served from a site root whose split build's manifest is
    /// `json` (`pkg/__wasm_split_manifest.json`), as a release build has.
    pub fn with_split_manifest(self, json: &str) -> Self {
        self.with_bundle(&[("__wasm_split_manifest.json", json.as_bytes())])
    }

    /// This app served from a site root whose `pkg/` holds `files` (name,
    /// contents) besides what it held, started again as after a build.
    pub fn with_bundle(mut self, files: &[(&str, &[u8])]) -> Self {
        let pkg = self.config().site_root.join("pkg");
        std::fs::create_dir_all(&pkg).expect("pkg folder");
        for (name, contents) in files {
            std::fs::write(pkg.join(name), contents).expect("a bundle file");
        }
        self.restart();
        self
    }

    /// A new router on the same database, as after a restart: its memory
    /// of pages starts empty.
    pub fn restart(&mut self) {
        self.pages = Arc::default();
        self.router = server::router_with(&self.config(), self.ctx.clone(), self.pages.clone());
    }

    /// This app with another password hasher (a smaller or larger queue).
    pub fn with_hasher(mut self, hasher: app::security::password_hash::PasswordHasher) -> Self {
        self.ctx.hasher = hasher;
        self.restart();
        self
    }

    /// Production-like: not demo, email by SMTP to `127.0.0.1:port` with
    /// the delivery worker running, as `server` runs it.
    pub async fn smtp(port: u16, policy: app::security::policy::Policy) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            addr: "127.0.0.1:3000".parse().unwrap(),
            database: dir.path().join("cars.db"),
            demo: false,
            site_root: dir.path().join("site"),
            public_url: None,
            mail: Some(MailDelivery::Smtp(app::mail::SmtpSettings {
                host: "127.0.0.1".into(),
                port,
                tls: app::mail::SmtpTls::None,
                username: None,
                password: None,
                from: "CARS e-Services <no-reply@cars.test>".into(),
            })),
            text: server::config::TextDelivery::Disabled,
            policy,
            clock_at: None,
        };
        let ctx = server::context(&config).expect("context");
        app::mail::queue::spawn_worker(ctx.mailer.clone(), ctx.texter.clone(), app::mail::queue::BASE_RETRY_SECONDS);
        let pages = Arc::<PageCache>::default();
        let router = server::router_with(&config, ctx.clone(), pages.clone());
        Self { router, ctx, pages, _dir: dir }
    }

    pub fn config(&self) -> Config {
        Config {
            addr: "127.0.0.1:3000".parse().unwrap(),
            database: self.ctx.store.path().to_path_buf(),
            demo: self.ctx.demo,
            site_root: self._dir.path().join("site"),
            public_url: None,
            mail: Some(MailDelivery::Outbox),
            text: server::config::TextDelivery::Outbox,
            policy: self.ctx.policy.clone(),
            clock_at: None,
        }
    }

    async fn build_with(demo: bool, policy: app::security::policy::Policy) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            addr: "127.0.0.1:3000".parse().unwrap(),
            database: dir.path().join("cars.db"),
            demo,
            site_root: dir.path().join("site"),
            public_url: None,
            mail: Some(MailDelivery::Outbox),
            // Like the email: kept in the outbox, so the text method is offered.
            text: server::config::TextDelivery::Outbox,
            policy,
            clock_at: None,
        };
        let ctx = server::context(&config).expect("context");
        let pages = Arc::<PageCache>::default();
        let router = server::router_with(&config, ctx.clone(), pages.clone());
        Self { router, ctx, pages, _dir: dir }
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path).header(header::HOST, "127.0.0.1:3000").header(header::ACCEPT, "text/html");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A form posted the way a browser posts it with JavaScript off.
    pub async fn post_form(&self, path: &str, form: &str, headers: &[(&str, &str)]) -> TestResponse {
        self.send(form_request(path, form, headers)).await
    }

    /// A mechanic's login made directly in the store, with the Email PIN
    /// method and a password nobody can type (no hashing: for tests that
    /// make many). Its id.
    pub async fn login_in_store(&self, user_id: &str, email: &str) -> LoginId {
        self.with_user(user_id).email(email).without_password().create().await
    }

    pub async fn count(&self, table: &'static str) -> i64 {
        self.sql(move |c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).await.unwrap()
    }

    /// Moves this app's clock `seconds` forward, as if that long had
    /// passed: codes, waits, lockouts and registrations expire by the rules
    /// themselves. Other tests' apps keep their own time.
    pub fn advance_clock(&self, seconds: i64) {
        self.ctx.store.clock().advance(seconds);
    }

    /// Runs `f` on the database file in one transaction: see [`sql`].
    pub async fn sql<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> Result<T, StoreError> + Send + 'static,
    {
        sql(&self.ctx.store, f).await
    }
}

fn form_request(path: &str, form: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, "http://127.0.0.1:3000");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.body(Body::from(form.to_string())).unwrap()
}

/// One browser: its cookies, sent with every request, and the address it
/// connects from (none: the address is unknown, as the in-process router
/// sees it; every such browser shares one throttle and one queue share).
#[derive(Clone, Default)]
pub struct Browser {
    pub cookies: BTreeMap<String, String>,
    pub peer: Option<std::net::SocketAddr>,
}

impl Browser {
    /// A browser connecting from `ip`.
    pub fn at(ip: &str) -> Self {
        Self::default().coming_from(ip)
    }

    /// This browser, connecting from `ip` from now on.
    pub fn coming_from(mut self, ip: &str) -> Self {
        self.peer = Some(std::net::SocketAddr::new(ip.parse().expect("an address"), 50_000));
        self
    }

    /// Sends `request` with this browser's cookies, from its address, and keeps what it sets.
    async fn send(&mut self, app: &TestApp, mut request: Request<Body>) -> TestResponse {
        request.headers_mut().insert(header::COOKIE, self.header().parse().expect("a cookie header"));
        if let Some(peer) = self.peer {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        let response = app.send(request).await;
        self.keep(&response);
        response
    }

    pub fn header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub fn keep(&mut self, response: &TestResponse) {
        for set in response.headers.get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.insert(name.to_string(), value.to_string());
        }
    }

    pub async fn get(&mut self, app: &TestApp, path: &str) -> TestResponse {
        let request = Request::get(path).header(header::HOST, "127.0.0.1:3000").header(header::ACCEPT, "text/html");
        self.send(app, request.body(Body::empty()).unwrap()).await
    }

    /// Posts a form the way a browser does with JavaScript off.
    pub async fn post(&mut self, app: &TestApp, endpoint: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = fields.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&");
        self.send(app, form_request(&format!("/api/{endpoint}"), &body, &[])).await
    }
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---- Sign-up steps, shared by the sign-up tests and the sign-up benchmark ----

/// The body of the newest message the outbox holds for `recipient`.
pub async fn newest_body(app: &TestApp, recipient: &str) -> String {
    let recipient = recipient.to_string();
    app.sql(move |c| {
        Ok(c.query_row("SELECT body FROM outbox_messages WHERE recipient = ?1 ORDER BY id DESC LIMIT 1", [recipient], |r| {
            r.get(0)
        })?)
    })
    .await
    .unwrap()
}

/// The newest 6-digit code the outbox holds for `recipient`.
pub async fn newest_code(app: &TestApp, recipient: &str) -> String {
    let body = newest_body(app, recipient).await;
    body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap().to_string()
}

/// The answer to this browser's verification question, read from the server's side.
pub async fn the_answer(app: &TestApp, browser: &Browser) -> String {
    let key = browser.cookies.get("cars_signup").expect("a registration cookie").clone();
    let hash: Vec<u8> = app::security::sha256(key.as_bytes()).to_vec();
    let state: String = app
        .sql(move |c| Ok(c.query_row("SELECT state FROM registrations WHERE key_hash = ?1", [hash], |r| r.get(0))?))
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    v["question"]["answer"].as_str().unwrap().to_string()
}

pub fn good_profile(answer: &str, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("account_type", "mechanic".into()),
        ("first_name", "John".into()),
        ("middle_initial", "Q".into()),
        ("last_name", "Smith".into()),
        ("suffix", "".into()),
        ("email", email.to_string()),
        ("confirm_email", email.to_uppercase()),
        ("work_phone", "(517) 555-0123".into()),
        ("mobile_phone", "517.555.0188".into()),
        ("verification_answer", answer.into()),
        ("agree_terms", "yes".into()),
    ]
}

pub fn fields<'a>(owned: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Walks a new browser through step 1 (profile and email code).
pub async fn through_step_one(app: &TestApp, email: &str) -> Browser {
    let mut browser = Browser::default();
    assert_eq!(browser.get(app, "/signup").await.status, StatusCode::OK);
    let answer = the_answer(app, &browser).await;
    let posted = browser.post(app, "signup_profile", &fields(&good_profile(&answer, email))).await;
    assert_eq!(posted.header("location"), Some("/signup/check-email"));
    let code = newest_code(app, email).await;
    let posted = browser.post(app, "signup_email_code", &[("email_code", &code)]).await;
    assert_eq!(posted.header("location"), Some("/signup/security"));
    browser
}

/// A login with Email PIN, signed in on a new browser, as a finished
/// sign-up leaves it: made directly (see [`TestApp::with_user`]), because
/// these tests are about what comes after. `signup.rs` walks the wizard.
pub async fn signed_up(app: &TestApp, email: &str, user_id: &str, password: &str) -> Browser {
    app.with_user(user_id).email(email).password(password).signed_in().await
}

/// A login to be made directly in the store with the profile
/// [`good_profile`] types (John Q. Smith, a mechanic) and chosen methods.
pub struct NewUser<'a> {
    app: &'a TestApp,
    user_id: String,
    email: String,
    /// `None`: a stored hash that does not parse, so no password matches.
    password: Option<String>,
    methods: Vec<app::store::logins::NewMethod>,
}

impl TestApp {
    /// Starts a login for `user_id`: Email PIN, the address
    /// `{user_id}@example.com` and the password `Torque#Wrench88` unless
    /// told otherwise.
    pub fn with_user(&self, user_id: &str) -> NewUser<'_> {
        NewUser {
            app: self,
            user_id: user_id.into(),
            email: format!("{user_id}@example.com"),
            password: Some("Torque#Wrench88".into()),
            methods: vec![app::store::logins::NewMethod::Email],
        }
    }
}

impl NewUser<'_> {
    pub fn email(mut self, email: &str) -> Self {
        self.email = email.into();
        self
    }

    pub fn password(mut self, password: &str) -> Self {
        self.password = Some(password.into());
        self
    }

    /// No password can sign this login in, and none is hashed.
    pub fn without_password(mut self) -> Self {
        self.password = None;
        self
    }

    /// Another proved method besides Email PIN.
    pub fn method(mut self, method: app::store::logins::NewMethod) -> Self {
        self.methods.push(method);
        self
    }

    /// Creates the login as the sign-up's last step does: the password
    /// hashed by the app's own hasher (and so in the password history),
    /// "login_created" in the audit log. Its id.
    pub async fn create(self) -> LoginId {
        use app::store::audit::{self, Event, Origin};
        use app::store::logins::{NewLogin, create};
        let ctx = &self.app.ctx;
        let phc = match self.password {
            Some(password) => {
                let queue = app::security::password_hash::Queue::open(None);
                ctx.hasher.hash(queue, password).await.expect("hashed").as_str().to_string()
            }
            None => "no password".to_string(),
        };
        let names = self.methods.iter().map(|m| m.method().name()).collect::<Vec<_>>().join(", ");
        let login = NewLogin {
            user_id: user_id(&self.user_id),
            account_type: app::rules::account_type::AccountType::Mechanic,
            profile: app::rules::profile::Profile {
                first_name: Some("John".into()),
                middle_initial: Some("Q".into()),
                last_name: "Smith".into(),
                suffix: None,
                email: self.email,
                work_phone: "+15175550123".into(),
                work_phone_ext: None,
                mobile_phone: Some("+15175550188".into()),
            },
            password_phc: phc,
            methods: self.methods,
        };
        let (key, now) = (ctx.secrets_key.clone(), ctx.now());
        ctx.store
            .write(move |tx| {
                let id = create(tx, &login, &key, now)?.expect("a free User ID");
                audit::record(tx, Some(id), Event::LoginCreated, Some(&names), &Origin::default(), now)?;
                Ok(id)
            })
            .await
            .expect("store")
    }

    /// Creates the login and signs it in on a new browser, as a finished
    /// sign-up does: a session, the browser known to the login (its device
    /// cookie), "sign_in" in the audit log.
    pub async fn signed_in(self) -> Browser {
        use app::store::audit::{self, Event, Origin};
        use app::store::{sessions, sign_in};
        let app = self.app;
        let login_id = self.create().await;
        let (policy, now, device) = (app.ctx.policy.session, app.ctx.now(), sign_in::new_token());
        let known = device.clone();
        let token = app
            .ctx
            .store
            .write(move |tx| {
                let token = sessions::start_with(tx, login_id, now, &policy)?;
                sign_in::know_device(tx, &known, login_id, now)?;
                audit::record(tx, Some(login_id), Event::SignIn, None, &Origin::default(), now)?;
                Ok(token)
            })
            .await
            .expect("store");
        let secure = app.ctx.secure_cookies;
        let mut browser = Browser::default();
        browser.cookies.insert(sessions::cookie_name(secure).into(), token.0);
        browser.cookies.insert(app::session::server::device_cookie_name(secure).into(), device);
        browser
    }
}

// ---- Reading pages and the store (account-access tests) ----

/// The page's text without Leptos' hydration markers between text parts.
pub fn text(body: &str) -> String {
    body.replace("<!>", "").replace("<!-- -->", "")
}

/// The id of the login with this user ID.
pub async fn login_id(app: &TestApp, user_id: &'static str) -> LoginId {
    app.sql(move |c| Ok(c.query_row("SELECT id FROM logins WHERE user_id = ?1", [user_id], |r| r.get(0))?)).await.unwrap()
}

// ---- Comparing answers, posting as the hydrated client (recovery tests) ----

/// The page with the per-response CSP nonce blanked (and any
/// `crossorigin` value, which once carried it too), so two answers can be
/// compared.
pub fn without_noise(body: &str) -> String {
    let mut out = body.to_string();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut blanked = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(attribute) {
            blanked.push_str(&rest[..at + attribute.len()]);
            rest = &rest[at + attribute.len()..];
            rest = &rest[rest.find('"').unwrap_or(0)..];
        }
        blanked.push_str(rest);
        out = blanked;
    }
    out
}

impl Browser {
    /// Posts a form the way the hydrated page does: the server function
    /// answers with data instead of a redirect to a page.
    pub async fn post_js(&mut self, app: &TestApp, endpoint: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = fields.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&");
        let request = Request::post(format!("/api/{endpoint}"))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .body(Body::from(body))
            .unwrap();
        self.send(app, request).await
    }
}

// ---- Bursts: many requests in flight at once (the race-free limit tests) ----

/// Posts `fields` to `endpoint` from every browser at once; the answers in
/// the browsers' order.
pub async fn burst(
    app: &std::sync::Arc<TestApp>,
    endpoint: &'static str,
    browsers: Vec<Browser>,
    fields: &[(&'static str, &str)],
) -> Vec<TestResponse> {
    let fields: Vec<(&'static str, String)> = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|mut browser| {
            let (app, fields) = (app.clone(), fields.clone());
            tokio::spawn(async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                browser.post(&app, endpoint, &fields).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("request task"));
    }
    answers
}

/// A business record at 100 Main St, Lansing, with no certifications or
/// programs: what the account tests put in the store.
pub fn business_record(
    number: &str,
    name: &str,
    account_type: app::rules::account_type::AccountType,
    email: Option<&str>,
    active: bool,
) -> app::rules::business::BusinessAccount {
    app::rules::business::BusinessAccount {
        number: account_number(number),
        account_type,
        name: name.into(),
        email: email.map(String::from),
        address: app::rules::business::MailingAddress {
            line1: "100 Main St".into(),
            line2: None,
            city: "Lansing".into(),
            state: "MI".into(),
            zip: "48933".into(),
        },
        active,
        certifications: Vec::new(),
        programs: Vec::new(),
    }
}

/// An account number as the tests write it (`"Z123456"`), as the store takes it.
pub fn account_number(typed: &str) -> app::store::AccountNumber {
    app::store::AccountNumber::parse(typed).unwrap_or_else(|| panic!("{typed:?} is not an account number"))
}

/// A User ID as the tests write it, as the store takes it.
pub fn user_id(typed: &str) -> app::store::UserId {
    app::store::UserId::parse(typed).unwrap_or_else(|problem| panic!("{typed:?} is not a User ID: {problem:?}"))
}
