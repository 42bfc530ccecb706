//! Completed sign-ups per second, for `make bench`.
//!
//! Drives the real router in-process (no sockets, so the figure is the
//! portal's own cost) on a real SQLite file in demo mode: each worker walks
//! whole sign-ups — profile, emailed code, User ID and password, FINISH —
//! as a browser with JavaScript off would, reading the question's answer
//! and the code from the database the way the tests do. Argon2id runs at
//! full cost (one hash per sign-up), so this measures what a real burst of
//! sign-ups costs on this machine.
//!
//! Usage: `signup_bench [SECONDS] [WORKERS]`; prints one JSON line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

#[path = "../tests/portal/util/mod.rs"]
mod util;

use std::time::{Duration, Instant};

use util::{TestApp, through_step_one};

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(15);
    let workers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(8);
    // Every in-process request shares one address: lift the per-address
    // throttle and code allowance, or they, not Argon2, would be measured.
    let policy = TestApp::unthrottled();
    let app = std::sync::Arc::new(TestApp::demo_with(policy).await);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = 0;
                while Instant::now() < deadline {
                    let one = Instant::now();
                    let email = format!("bench{w}x{n}@example.com");
                    let mut browser = through_step_one(&app, &email).await.coming_from(&format!("192.0.2.{}", w + 1));
                    let user_id = format!("bench{w}x{n}");
                    let password = "Torque#Wrench88";
                    let posted = browser
                        .post(
                            &app,
                            "signup_security_setup",
                            &[("user_id", &user_id), ("password", password), ("confirm_password", password)],
                        )
                        .await;
                    assert_eq!(posted.header("location"), Some("/signup/options"), "step 2 refused");
                    let finished = browser.post(&app, "signup_finish", &[]).await;
                    assert_eq!(finished.header("location"), Some("/account-access"), "finish refused");
                    latencies.push(one.elapsed());
                    n += 1;
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("worker"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    let logins = app.count("logins").await;
    assert_eq!(logins as usize, latencies.len(), "every completed sign-up is a login");
    println!(
        "{{\"signups\": {}, \"seconds\": {:.1}, \"per_second\": {:.1}, \"workers\": {}, \"p50_ms\": {:.0}, \"p99_ms\": {:.0}}}",
        latencies.len(),
        elapsed,
        latencies.len() as f64 / elapsed,
        workers,
        ms(at(0.5)),
        ms(at(0.99))
    );
}
