//! CARS e-Services — Mechanic Authentication.
//!
//! This crate is both the server-rendered application (feature `ssr`) and the
//! WASM bundle that hydrates it (feature `hydrate`). Folders follow what a
//! person does (`signin/`, `public/`, `dev_outbox/`); `rules/` holds the pure
//! checks both sides share, `ui/` the shared page parts, `forms/` the one
//! form pattern; `store/`, `mail/` and `security/` exist on the server only.

// Leptos views are deeply nested types; the longer forms (password reset)
// exceed the default query depth in release builds without erase_components.
#![recursion_limit = "256"]

pub mod account_access;
pub mod app;
pub mod clock;
pub mod dev_outbox;
pub mod forms;
pub mod messages;
pub mod public;
pub mod recovery;
pub mod routes;
pub mod rules;
pub mod session;
pub mod settings;
pub mod signin;
pub mod signup;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod flows;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod store;

/// Entry point of the WASM bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (see app.rs) need their chunk loaded before hydrating.
    leptos::mount::hydrate_lazy(app::App);
}
