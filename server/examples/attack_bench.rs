//! What holding under attack costs, for `make bench` (the security issue's
//! figures). In-process, the real router on a real SQLite file, like the
//! other benchmarks. Three measurements, one JSON line each:
//!
//! 1. `flood`: real people sign in (password, emailed code, Log Off) while
//!    flooders at sixteen addresses send bad sign-ins (unknown User IDs,
//!    wrong passwords) and sign-up step 2 posts as fast as they are
//!    answered. Three people use the browser they signed in on before, one a
//!    new browser every time; someone told "busy" tries again after half a
//!    second, as a person would, and gives up after 20 tries. First the same
//!    sign-ins without the flood, for comparison.
//! 2. `forgot_password`: Forgot Password for a real and an unknown User ID,
//!    alternating, with email going to an SMTP listener on loopback through
//!    the queue, as in production: medians should match.
//! 3. `writer_commit`: the cost of `synchronous = FULL` on the writer:
//!    single-row commits per second in WAL mode, FULL against NORMAL.
//!
//! Usage: `attack_bench [SECONDS]`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

#[path = "../tests/portal/util/mod.rs"]
mod util;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use util::{Browser, TestApp, newest_code, signed_up, through_step_one};

const PASSWORD: &str = "Torque#Wrench88";

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * q) as usize).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1000.0
}

/// A person tries again this many times after "busy", then gives up.
const TRIES_WHEN_BUSY: u64 = 20;

/// How one person signs in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Person {
    /// On the browser they signed in on before (the device cookie is kept).
    KnownBrowser,
    /// On a browser the login has never seen (no cookies at all).
    NewBrowser,
}

/// What one sign-in took: its time (`None` when the person gave up) and
/// how many "busy" answers it met.
struct SignIn {
    took: Option<Duration>,
    busy: u64,
}

/// One whole sign-in: password, emailed code, Log Off.
async fn sign_in(app: &TestApp, w: usize, browser: &mut Browser) -> SignIn {
    let (email, user_id) = (format!("real{w}@example.com"), format!("realuser{w}"));
    let started = Instant::now();
    let mut busy = 0;
    loop {
        let posted = browser.post(app, "sign_in", &[("user_id", &user_id), ("password", PASSWORD)]).await;
        if posted.status == 503 {
            busy += 1;
            if busy >= TRIES_WHEN_BUSY {
                return SignIn { took: None, busy };
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        assert_eq!(posted.header("location"), Some("/login/verify"), "the real password step was refused");
        break;
    }
    browser.post(app, "second_step", &[("intent", "send_email")]).await;
    let code = newest_code(app, &email).await;
    let finished = browser.post(app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
    assert_eq!(finished.header("location"), Some("/account-access"), "the second step was refused");
    browser.post(app, "log_off", &[]).await;
    SignIn { took: Some(started.elapsed()), busy }
}

/// What a group of people met over a run.
#[derive(Default)]
struct Outcome {
    times: Vec<Duration>,
    gave_up: u64,
    busy: u64,
}

impl Outcome {
    fn json(&mut self, name: &str, seconds: f64) -> String {
        self.times.sort();
        format!(
            "\"{name}_per_second\": {:.1}, \"{name}_p50_ms\": {:.0}, \"{name}_p99_ms\": {:.0}, \"{name}_busy_answers\": {}, \"{name}_gave_up\": {}",
            self.times.len() as f64 / seconds,
            percentile(&self.times, 0.5),
            percentile(&self.times, 0.99),
            self.busy,
            self.gave_up,
        )
    }
}

/// `people` sign in again and again until `seconds` are up, each at their
/// own address and with their own browser (kept for the next run).
/// Outcomes for known and new browsers apart.
async fn real_sign_ins(app: &Arc<TestApp>, people: &mut Vec<(Person, Browser)>, seconds: u64) -> (Outcome, Outcome) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = std::mem::take(people)
        .into_iter()
        .enumerate()
        .map(|(w, (person, mut browser))| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut outcome = Outcome::default();
                while Instant::now() < deadline {
                    if person == Person::NewBrowser {
                        browser = Browser { peer: browser.peer, ..Browser::default() };
                    }
                    let one = sign_in(&app, w, &mut browser).await;
                    outcome.busy += one.busy;
                    match one.took {
                        Some(took) => outcome.times.push(took),
                        None => outcome.gave_up += 1,
                    }
                }
                (person, browser, outcome)
            })
        })
        .collect();
    let (mut known, mut new) = (Outcome::default(), Outcome::default());
    for t in tasks {
        let (person, browser, outcome) = t.await.expect("sign-in worker");
        let into = if person == Person::KnownBrowser { &mut known } else { &mut new };
        into.times.extend(outcome.times);
        into.busy += outcome.busy;
        into.gave_up += outcome.gave_up;
        people.push((person, browser));
    }
    (known, new)
}

/// Sixteen attackers at sixteen addresses, each sending the next request as
/// soon as the last is answered: unknown User IDs, wrong passwords for real
/// logins, and sign-up step 2 (which hashes) on registrations of their own.
async fn flood(seconds: u64) {
    let app = Arc::new(TestApp::demo_with(TestApp::unthrottled()).await);
    // Three people on browsers they signed in on before, one on a new browser each time.
    let mut people = Vec::new();
    for (w, person) in
        [Person::KnownBrowser, Person::KnownBrowser, Person::KnownBrowser, Person::NewBrowser].into_iter().enumerate()
    {
        let browser = signed_up(&app, &format!("real{w}@example.com"), &format!("realuser{w}"), PASSWORD).await;
        people.push((person, browser.coming_from(&format!("192.0.2.{}", w + 1))));
    }
    for t in 0..4 {
        signed_up(&app, &format!("target{t}@example.com"), &format!("targetuser{t}"), PASSWORD).await;
    }
    let calm_started = Instant::now();
    let (mut calm_known, mut calm_new) = real_sign_ins(&app, &mut people, seconds).await;
    let calm_seconds = calm_started.elapsed().as_secs_f64();

    let stop = Arc::new(AtomicBool::new(false));
    let (answered, refused_busy) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut flooders = Vec::new();
    for f in 0..16usize {
        let (app, stop, answered, refused_busy) = (app.clone(), stop.clone(), answered.clone(), refused_busy.clone());
        let address = format!("198.51.100.{}", f + 1);
        flooders.push(tokio::spawn(async move {
            let mut registration = if f % 4 == 3 {
                Some(through_step_one(&app, &format!("flood{f}@example.com")).await.coming_from(&address))
            } else {
                None
            };
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let mut stranger = Browser::at(&address);
                let answer = match (&mut registration, f % 4) {
                    (Some(browser), _) => {
                        let id = format!("flood{f}x{n}");
                        browser
                            .post(
                                &app,
                                "signup_security_setup",
                                &[("user_id", &id), ("password", PASSWORD), ("confirm_password", PASSWORD)],
                            )
                            .await
                    }
                    (None, 0) | (None, 1) => {
                        stranger
                            .post(&app, "sign_in", &[("user_id", &format!("nobody{f}x{n}")), ("password", "Wrong#Password1")])
                            .await
                    }
                    _ => {
                        stranger
                            .post(
                                &app,
                                "sign_in",
                                &[("user_id", &format!("targetuser{}", n % 4)), ("password", "Wrong#Password1")],
                            )
                            .await
                    }
                };
                if answer.status == 503 {
                    refused_busy.fetch_add(1, Ordering::Relaxed);
                } else {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
                // A "busy" answer is made without waiting on anything, so
                // in-process (no socket between) this loop would never give
                // its worker thread back and starve everyone else, timers
                // included. Over a network every request waits on the wire.
                tokio::task::yield_now().await;
            }
        }));
    }
    let flood_started = Instant::now();
    let (mut flood_known, mut flood_new) = real_sign_ins(&app, &mut people, seconds).await;
    let flood_seconds = flood_started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        let _ = f.await;
    }
    let stats = app.ctx.hasher.stats();
    println!(
        "{{\"measure\": \"flood\", \"seconds\": {seconds}, \"flooders\": 16, {}, {}, {}, {}, \
         \"flood_answered_per_second\": {:.1}, \"flood_busy_per_second\": {:.1}, \"hasher_refused_busy\": {}, \"hasher_refused_known\": {}}}",
        calm_known.json("calm_known", calm_seconds),
        calm_new.json("calm_new", calm_seconds),
        flood_known.json("flood_known", flood_seconds),
        flood_new.json("flood_new", flood_seconds),
        answered.load(Ordering::Relaxed) as f64 / flood_seconds,
        refused_busy.load(Ordering::Relaxed) as f64 / flood_seconds,
        stats.refused_busy,
        stats.refused_known,
    );
}

async fn forgot_password(rounds: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let received: util::smtp::Received = Arc::default();
    let _listener = util::smtp::smtp_listener(port, received.clone()).await;
    let policy = TestApp::unthrottled();
    let app = TestApp::smtp(port, policy).await;
    // A login to reset, made directly in the store (sign-up is not measured here).
    app.sql(|tx| {
        tx.execute(
            "INSERT INTO logins (id, user_id, account_type, last_name, email, work_phone, created_at)
                 VALUES (1, 'knownuser1', 'mechanic', 'Known', 'known@example.com', '+15175550100', 0)",
            [],
        )?;
        Ok(())
    })
    .await
    .unwrap();
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..rounds * 2 {
        let user_id = if n % 2 == 0 { "knownuser1".to_string() } else { format!("unknownuser{n}") };
        let mut browser = Browser::default();
        let started = Instant::now();
        let answer = browser.post(&app, "forgot_password", &[("user_id", &user_id)]).await;
        let took = started.elapsed();
        assert_eq!(answer.header("location"), Some("/forgot-password/code"));
        if n % 2 == 0 { known.push(took) } else { unknown.push(took) }
    }
    known.sort();
    unknown.sort();
    let (k, u) = (percentile(&known, 0.5), percentile(&unknown, 0.5));
    // Give the worker a moment, to show the known ID's codes did go out.
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!(
        "{{\"measure\": \"forgot_password\", \"rounds\": {rounds}, \"known_p50_ms\": {k:.3}, \"unknown_p50_ms\": {u:.3}, \
         \"known_p90_ms\": {:.3}, \"unknown_p90_ms\": {:.3}, \"difference_percent\": {:.1}, \"emails_delivered\": {}}}",
        percentile(&known, 0.9),
        percentile(&unknown, 0.9),
        (k - u).abs() / u.max(f64::EPSILON) * 100.0,
        received.lock().unwrap().len(),
    );
}

fn writer_commit(commits: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut per_second = Vec::new();
    for mode in ["FULL", "NORMAL"] {
        let conn = rusqlite::Connection::open(dir.path().join(format!("{mode}.db"))).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {mode};
             CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
        ))
        .unwrap();
        let started = Instant::now();
        for n in 0..commits {
            conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("row {n}")]).unwrap();
        }
        per_second.push(commits as f64 / started.elapsed().as_secs_f64());
    }
    println!(
        "{{\"measure\": \"writer_commit\", \"commits\": {commits}, \"full_per_second\": {:.0}, \"normal_per_second\": {:.0}}}",
        per_second[0], per_second[1]
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let seconds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    flood(seconds).await;
    forgot_password(1000).await;
    writer_commit(2000);
}
