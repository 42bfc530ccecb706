//! Frequently asked questions about MILogin for Third Party logins, authorization codes and the springboard.
//!
//! The text lives in `content/faq.html` so it can be edited as plain HTML;
//! one `inner_html` element keeps a long static page out of the WASM bundle's
//! hydration code.
use leptos::prelude::*;
use leptos_meta::Title;

/// The FAQs page (`/faq`): plain answers to what mechanics, trainees and school clerks ask
/// most, with the same limits and numbers the portal enforces.
#[component]
pub fn FaqPage() -> impl IntoView {
    view! {
        <Title text="Frequently asked questions"/>
        <div class="content" inner_html=include_str!("content/faq.html")></div>
    }
}
