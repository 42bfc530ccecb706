//! Terms & Conditions that people agree to at sign-up and when adding account access.
//!
//! The text lives in `content/terms.html` so it can be edited as plain HTML;
//! one `inner_html` element keeps a long static page out of the WASM bundle's
//! hydration code.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Terms & Conditions page (`/terms`): the rules behind the "I agree to the terms &
/// conditions" box at sign-up and the Terms & Conditions box on Add Account Access.
#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <Title text="Terms & Conditions"/>
        <div class="content" inner_html=include_str!("content/terms.html")></div>
    }
}
