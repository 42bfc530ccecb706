//! What holding under attack costs, for `make bench` (the security issue's
//! figures). In-process, the real router on a real SQLite file, like the
//! other benchmarks. Three measurements, one JSON line each:
//!
//! 1. `flood`: real browsers sign in (password, emailed code, Log Off) while
//!    flooders send bad sign-ins (unknown User IDs, wrong passwords) and
//!    sign-up step 2 posts as fast as they are answered. A real browser that
//!    is told "busy" tries again after half a second, as a person would.
//!    First the same sign-ins without the flood, for comparison.
//! 2. `forgot_password`: Forgot Password for a real and an unknown User ID,
//!    alternating, with email going to an SMTP listener on loopback through
//!    the queue, as in production: medians should match.
//! 3. `writer_commit`: the cost of `synchronous = FULL` on the writer:
//!    single-row commits per second in WAL mode, FULL against NORMAL.
//!
//! Usage: `attack_bench [SECONDS]`.

#[path = "../tests/util/mod.rs"]
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

/// One whole sign-in; the time it took and how many "busy" answers it met
/// (`None` for the time when the person gave up).
async fn sign_in(app: &TestApp, w: usize) -> (Option<Duration>, u64) {
    let (email, user_id) = (format!("real{w}@example.com"), format!("realuser{w}"));
    let started = Instant::now();
    let mut busy = 0;
    let mut browser = Browser::default();
    loop {
        let posted = browser.post(app, "sign_in", &[("user_id", &user_id), ("password", PASSWORD)]).await;
        if posted.status == 503 {
            busy += 1;
            if busy >= TRIES_WHEN_BUSY {
                return (None, busy);
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
    (Some(started.elapsed()), busy)
}

async fn real_sign_ins(app: &Arc<TestApp>, workers: usize, seconds: u64) -> (f64, Vec<Duration>, u64) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let app = app.clone();
            tokio::spawn(async move {
                let (mut times, mut busy) = (Vec::new(), 0);
                while Instant::now() < deadline {
                    let (took, b) = sign_in(&app, w).await;
                    times.extend(took);
                    busy += b;
                }
                (times, busy)
            })
        })
        .collect();
    let (mut times, mut busy) = (Vec::new(), 0);
    for t in tasks {
        let (t, b) = t.await.expect("sign-in worker");
        times.extend(t);
        busy += b;
    }
    let per_second = times.len() as f64 / started.elapsed().as_secs_f64();
    times.sort();
    (per_second, times, busy)
}

async fn flood(seconds: u64) {
    let policy = app::security::policy::Policy {
        sign_ins_per_minute: i64::MAX / 2,
        codes_per_recipient_per_hour: i64::MAX / 2,
        ..Default::default()
    };
    let app = Arc::new(TestApp::demo_with(policy).await);
    let workers = 4;
    for w in 0..workers {
        signed_up(&app, &format!("real{w}@example.com"), &format!("realuser{w}"), PASSWORD).await;
    }
    for t in 0..4 {
        signed_up(&app, &format!("target{t}@example.com"), &format!("targetuser{t}"), PASSWORD).await;
    }
    let (calm_rate, calm, _) = real_sign_ins(&app, workers, seconds).await;

    // The flood: 16 attackers, each as fast as it is answered.
    let stop = Arc::new(AtomicBool::new(false));
    let (answered, refused_busy) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut flooders = Vec::new();
    for f in 0..16usize {
        let (app, stop, answered, refused_busy) = (app.clone(), stop.clone(), answered.clone(), refused_busy.clone());
        flooders.push(tokio::spawn(async move {
            // A sign-up flooder first gets one registration through step 1.
            let mut registration = if f % 4 == 3 { Some(through_step_one(&app, &format!("flood{f}@example.com")).await) } else { None };
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let mut stranger = Browser::default();
                let answer = match (&mut registration, f % 4) {
                    (Some(browser), _) => {
                        let id = format!("flood{f}x{n}");
                        browser.post(&app, "signup_security_setup", &[("user_id", &id), ("password", PASSWORD), ("confirm_password", PASSWORD)]).await
                    }
                    (None, 0) | (None, 1) => {
                        stranger.post(&app, "sign_in", &[("user_id", &format!("nobody{f}x{n}")), ("password", "Wrong#Password1")]).await
                    }
                    _ => stranger.post(&app, "sign_in", &[("user_id", &format!("targetuser{}", n % 4)), ("password", "Wrong#Password1")]).await,
                };
                if answer.status == 503 {
                    refused_busy.fetch_add(1, Ordering::Relaxed);
                } else {
                    answered.fetch_add(1, Ordering::Relaxed);
                }
                n += 1;
            }
        }));
    }
    let flood_started = Instant::now();
    let (flood_rate, flooded, busy) = real_sign_ins(&app, workers, seconds).await;
    stop.store(true, Ordering::Relaxed);
    for f in flooders {
        let _ = f.await;
    }
    let flood_seconds = flood_started.elapsed().as_secs_f64();
    println!(
        "{{\"measure\": \"flood\", \"seconds\": {seconds}, \"workers\": {workers}, \
         \"calm_per_second\": {calm_rate:.1}, \"calm_p50_ms\": {:.0}, \"calm_p99_ms\": {:.0}, \
         \"flood_per_second\": {flood_rate:.1}, \"flood_p50_ms\": {:.0}, \"flood_p99_ms\": {:.0}, \"real_busy_answers\": {busy}, \
         \"flood_answered_per_second\": {:.1}, \"flood_busy_per_second\": {:.1}, \"hasher_refused_busy\": {}}}",
        percentile(&calm, 0.5),
        percentile(&calm, 0.99),
        percentile(&flooded, 0.5),
        percentile(&flooded, 0.99),
        answered.load(Ordering::Relaxed) as f64 / flood_seconds,
        refused_busy.load(Ordering::Relaxed) as f64 / flood_seconds,
        app.ctx.hasher.stats().refused_busy,
    );
}

async fn forgot_password(rounds: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let received: util::smtp::Received = Arc::default();
    let _listener = util::smtp::smtp_listener(port, received.clone()).await;
    let policy = app::security::policy::Policy {
        sign_ins_per_minute: i64::MAX / 2,
        codes_per_recipient_per_hour: i64::MAX / 2,
        ..Default::default()
    };
    let app = TestApp::smtp(port, policy).await;
    // A login to reset, made directly in the store (sign-up is not measured here).
    app.ctx
        .store
        .write(|tx| {
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
    forgot_password(200).await;
    writer_commit(2000);
}
