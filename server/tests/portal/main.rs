//! The server's integration tests: the real router on a real SQLite file,
//! the real binary for the operator's commands and the crash test.
//!
//! One test binary, one module per journey or concern: each separate
//! `tests/*.rs` file would be its own crate, compiled and linked against the
//! whole server again (seventeen links on a 2-core machine), and the shared
//! helpers in `util` would be compiled once per file. Every test gets its own
//! database, clock and keys (`util::TestApp`); they run one at a time all
//! the same (`.cargo/config.toml` says why).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test stops at the line that failed

mod util;

mod account_access;
mod add_access;
mod cli;
mod crash;
mod forms;
mod hardening;
mod layers;
mod mail_queue;
mod operator;
mod page_cache;
mod page_words;
mod public_pages;
mod recovery;
mod secrets_at_rest;
mod security;
mod settings;
mod sign_in;
mod signup;
mod under_attack;
