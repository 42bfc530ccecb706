//! Completed sign-ins per second beside what Argon2id alone allows, for
//! `make bench` (issue 4: "the ratio is the figure").
//!
//! In-process, like `signup_bench`: the real router on a real SQLite file.
//! Each worker signs one of its own logins in and out again — password,
//! an emailed code read back from the outbox, the session — as a browser
//! with JavaScript off would. Then, in the same run, the bare hasher
//! verifies passwords on every core for as long: that is the bound, since
//! each sign-in costs exactly one Argon2id verification.
//!
//! Usage: `signin_bench [SECONDS] [WORKERS]`; prints one JSON line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

#[path = "../tests/portal/util/mod.rs"]
mod util;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::security::password_hash::Queue;
use util::{Browser, TestApp, newest_code, signed_up};

const PASSWORD: &str = "Torque#Wrench88";

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(15);
    let workers: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(8);
    let app = Arc::new(TestApp::demo_with(TestApp::unthrottled()).await);
    for w in 0..workers {
        signed_up(&app, &format!("bench{w}@example.com"), &format!("benchuser{w}"), PASSWORD).await;
    }

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let app = app.clone();
            tokio::spawn(async move {
                let (email, user_id) = (format!("bench{w}@example.com"), format!("benchuser{w}"));
                let mut done = 0u64;
                while Instant::now() < deadline {
                    // Each worker a person at their own address, on a new browser each time.
                    let mut browser = Browser::at(&format!("192.0.2.{}", w + 1));
                    let posted = browser.post(&app, "sign_in", &[("user_id", &user_id), ("password", PASSWORD)]).await;
                    assert_eq!(posted.header("location"), Some("/login/verify"), "password step refused");
                    browser.post(&app, "second_step", &[("intent", "send_email")]).await;
                    let code = newest_code(&app, &email).await;
                    let finished = browser.post(&app, "second_step", &[("intent", "check_email"), ("email_code", &code)]).await;
                    assert_eq!(finished.header("location"), Some("/account-access"), "second step refused");
                    browser.post(&app, "log_off", &[]).await;
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut sign_ins = 0;
    for t in tasks {
        sign_ins += t.await.expect("worker");
    }
    let elapsed = started.elapsed().as_secs_f64();

    // The bound: Argon2id verifications on every core for as long.
    let hasher = app::security::password_hash::PasswordHasher::new(None).expect("hasher");
    let stored = hasher.hash(Queue::open(None), PASSWORD.to_string()).await.expect("hash");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let bound_deadline = Instant::now() + Duration::from_secs(seconds);
    let bound_started = Instant::now();
    let verifiers: Vec<_> = (0..cores * 2)
        .map(|w| {
            let (hasher, stored) = (hasher.clone(), stored.clone());
            // Each verifier its own address: one address holds only a share of the queue.
            let queue = Queue::open(Some(&format!("192.0.2.{w}")));
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < bound_deadline {
                    assert!(hasher.verify(queue.clone(), PASSWORD.to_string(), Some(stored.clone())).await.expect("not busy"));
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut hashes = 0;
    for v in verifiers {
        hashes += v.await.expect("verifier");
    }
    let bound_elapsed = bound_started.elapsed().as_secs_f64();
    let per_second = sign_ins as f64 / elapsed;
    let bound = hashes as f64 / bound_elapsed;
    println!(
        "{{\"sign_ins\": {sign_ins}, \"seconds\": {elapsed:.1}, \"per_second\": {per_second:.1}, \"workers\": {workers}, \"argon2_per_second\": {bound:.1}, \"cores\": {cores}, \"ratio\": {:.2}}}",
        per_second / bound
    );
}
