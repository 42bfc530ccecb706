//! Durability under a crash: the real binary serves sign-ups from parallel
//! browsers, is killed with SIGKILL in the middle of them, and is started
//! again on the same database; every sign-up that had been answered with
//! success is there (the writer commits with `synchronous = FULL`, in WAL
//! mode). Several rounds, each killed at a different moment.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::OptionalExtension;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A step's form body, made from the database when it needs a code.
type Body = Box<dyn Fn(&Path) -> std::io::Result<String> + Send>;

const PASSWORD: &str = "Torque#Wrench88";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(db: &Path, addr: &str) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("CARS_") || k.starts_with("LEPTOS_")) {
        cmd.env_remove(key);
    }
    cmd.env("RUST_LOG", "warn")
        .env("CARS_DEMO", "true")
        .env("CARS_ADDR", addr)
        .env("CARS_DATABASE", db)
        .env("CARS_SIGN_INS_PER_MINUTE", "100000")
        // Every browser here is 127.0.0.1: lift the per-address code allowance.
        .env("CARS_CODES_PER_RECIPIENT_PER_HOUR", "100000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server")
}

/// One HTTP/1.1 request on its own connection; (status, headers, body).
async fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<&str>,
) -> std::io::Result<(u16, Vec<(String, String)>, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    let body = form.unwrap_or("");
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: text/html\r\nCookie: {cookie}\r\n");
    if form.is_some() {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nOrigin: http://{addr}\r\nSec-Fetch-Site: same-origin\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::other("timed out"))??;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| std::io::Error::other("no header end"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    Ok((status, headers, body.to_string()))
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

fn form(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&")
}

/// A browser's cookies, kept from each answer.
#[derive(Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn keep(&mut self, headers: &[(String, String)]) {
        for (k, v) in headers.iter().filter(|(k, _)| k == "set-cookie") {
            let _ = k;
            if let Some((name, value)) = v.split(';').next().and_then(|p| p.split_once('=')) {
                self.0.retain(|(n, _)| n != name);
                self.0.push((name.to_string(), value.to_string()));
            }
        }
    }
    fn header(&self) -> String {
        self.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn location(headers: &[(String, String)]) -> Option<&str> {
    headers.iter().find(|(k, _)| k == "location").map(|(_, v)| v.as_str())
}

/// Reads what a person would read (the question's answer, the emailed code)
/// from the live database, read-only, as the tests of the in-process router do.
fn read_db<T>(db: &Path, f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    f(&conn)
}

/// Walks one sign-up over HTTP; `Ok(true)` once FINISH answered with success.
async fn sign_up(addr: &str, db: &Path, user_id: &str) -> std::io::Result<bool> {
    let io = |e: rusqlite::Error| std::io::Error::other(e.to_string());
    let mut jar = Jar::default();
    let (_, headers, _) = request(addr, "GET", "/signup", "", None).await?;
    jar.keep(&headers);
    let key = jar.get("cars_signup").ok_or_else(|| std::io::Error::other("no registration"))?.to_string();
    let key_hash = app::security::sha256(key.as_bytes()).to_vec();
    let state: String =
        read_db(db, |c| c.query_row("SELECT state FROM registrations WHERE key_hash = ?1", [key_hash], |r| r.get(0)))
            .map_err(io)?;
    let answer = serde_json::from_str::<serde_json::Value>(&state).map_err(std::io::Error::other)?["question"]["answer"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let email = format!("{user_id}@example.com");
    let profile = form(&[
        ("account_type", "mechanic"),
        ("first_name", "John"),
        ("last_name", "Smith"),
        ("email", &email),
        ("confirm_email", &email),
        ("work_phone", "(517) 555-0123"),
        ("verification_answer", &answer),
        ("agree_terms", "yes"),
    ]);
    let steps: [(&str, Body, &str); 4] = [
        ("/api/signup_profile", Box::new(move |_| Ok(profile.clone())), "/signup/check-email"),
        (
            "/api/signup_email_code",
            Box::new(move |db: &Path| {
                let body: Option<String> = read_db(db, |c| {
                    c.query_row("SELECT body FROM outbox_messages WHERE recipient = ?1 ORDER BY id DESC LIMIT 1", [&email], |r| {
                        r.get(0)
                    })
                    .optional()
                })
                .map_err(io)?;
                let code = body
                    .unwrap_or_default()
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .unwrap_or("")
                    .to_string();
                Ok(form(&[("email_code", &code)]))
            }),
            "/signup/security",
        ),
        (
            "/api/signup_security_setup",
            Box::new({
                let user_id = user_id.to_string();
                move |_| Ok(form(&[("user_id", &user_id), ("password", PASSWORD), ("confirm_password", PASSWORD)]))
            }),
            "/signup/options",
        ),
        ("/api/signup_finish", Box::new(|_| Ok(String::new())), "/account-access"),
    ];
    for (path, body, expected) in steps {
        let body = body(db)?;
        let (_, headers, _) = request(addr, "POST", path, &jar.header(), Some(&body)).await?;
        jar.keep(&headers);
        if location(&headers) != Some(expected) {
            return Ok(false);
        }
    }
    Ok(true)
}

async fn wait_until_up(addr: &str) {
    for _ in 0..300 {
        if let Ok((200, _, _)) = request(addr, "GET", "/healthz", "", None).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start at {addr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_sign_up_answered_with_success_survives_a_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("cars.db");
    let mut total = 0;
    for round in 0..3u64 {
        let addr = format!("127.0.0.1:{}", free_port());
        let mut server = start(&db, &addr);
        wait_until_up(&addr).await;
        let succeeded: Arc<Mutex<Vec<String>>> = Arc::default();
        let browsers: Vec<_> = (0..6)
            .map(|b| {
                let (addr, db, succeeded) = (addr.clone(), db.clone(), succeeded.clone());
                tokio::spawn(async move {
                    for n in 0.. {
                        let user_id = format!("crash{round}b{b}n{n}");
                        match sign_up(&addr, &db, &user_id).await {
                            Ok(true) => succeeded.lock().unwrap().push(user_id),
                            Ok(false) => {}
                            Err(_) => return, // the server is gone
                        }
                    }
                })
            })
            .collect();
        // Killed in the middle of the load, once a few sign-ups have been
        // answered (however busy the machine), a little later each round.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
        while succeeded.lock().unwrap().len() < 2 + round as usize && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300 * round)).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        for b in browsers {
            let _ = tokio::time::timeout(Duration::from_secs(40), b).await;
        }
        let answered: Vec<String> = succeeded.lock().unwrap().clone();

        // Started again on the same file: every answered sign-up is there.
        let addr = format!("127.0.0.1:{}", free_port());
        let mut again = start(&db, &addr);
        wait_until_up(&addr).await;
        for user_id in &answered {
            let found: Option<i64> =
                read_db(&db, |c| c.query_row("SELECT id FROM logins WHERE user_id = ?1", [user_id], |r| r.get(0)).optional())
                    .unwrap();
            assert!(found.is_some(), "round {round}: {user_id} was told it succeeded, and is gone after the crash");
        }
        again.kill().unwrap();
        again.wait().unwrap();
        println!("round {round}: {} sign-ups answered with success before the kill, all found after it", answered.len());
        total += answered.len();
    }
    assert!(total >= 9, "the load completed sign-ups before each kill ({total} in all)");
}
