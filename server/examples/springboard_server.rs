//! A signed-in browser's page under load, for `make bench` (issue 13: GET
//! /springboard for a signed-in browser at 64 connections).
//!
//! Serves the real router on a real SQLite file over TCP, with one login
//! signed in (a session and a known browser, as a finished sign-up leaves
//! them) and one business account linked to it, so /springboard renders
//! its card instead of sending the browser to Account Access. Prints one
//! line, `URL COOKIE`, then serves until it is stopped; `scripts/bench.sh`
//! points wrk at the URL with the cookie. Every request is a protected
//! page: the header and the page read the session once between them, and
//! the visit marks it seen.
//!
//! Usage: `springboard_server ADDR` (e.g. 127.0.0.1:3302).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench stops at the line that failed

#[path = "../tests/portal/util/mod.rs"]
mod util;

use util::TestApp;

const USER_ID: &str = "benchreader";
const ACCOUNT: &str = "M100001";

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3302".into());
    let app = TestApp::demo_with(TestApp::unthrottled()).await;
    let browser = app.with_user(USER_ID).signed_in().await;
    let login = util::login_id(&app, USER_ID).await;
    let record = util::business_record(ACCOUNT, "Bench Garage", app::rules::account_type::AccountType::Mechanic, None, true);
    let (account, now) = (record.number.clone(), app.ctx.now());
    app.ctx
        .store
        .write(move |tx| {
            app::store::business::upsert(tx, &record, now)?;
            app::store::links::link(tx, login, &account, "bench@example.com", now).map(|_| ())
        })
        .await
        .unwrap();

    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("http://{addr}/springboard {}", browser.header());
    let service = app.router.clone().into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).await.expect("serve");
}
