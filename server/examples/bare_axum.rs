//! The yardstick for `make bench`: a bare axum server answering every GET
//! with the same bytes the portal's landing page renders, read from a file.
//! The portal's throughput divided by this one's is the cost of our stack
//! (SSR, security layers, compression) over axum alone on the same machine.
//!
//! Usage: cargo run --release -p server --example bare_axum -- ADDR FILE

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3200".into());
    let file = args.next().expect("usage: bare_axum ADDR FILE");
    let body: &'static str = Box::leak(std::fs::read_to_string(&file).expect("readable page file").into_boxed_str());
    let app = Router::new()
        .route("/", get(move || async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response() }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
