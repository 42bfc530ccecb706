//! Privacy notice: what this site collects, why, who sees it, how long it is kept and which cookies it sets.
//!
//! The text lives in `content/privacy.html` so it can be edited as plain HTML;
//! one `inner_html` element keeps a long static page out of the WASM bundle's
//! hydration code.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Privacy page (`/privacy`): the information kept about a login, its retention periods,
/// the cookies the site sets and whom to contact.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy notice"/>
        <div class="content" inner_html=include_str!("content/privacy.html")></div>
    }
}
