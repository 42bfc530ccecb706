//! Contact Us: who to call or write to for help with logins and account access.
//!
//! The text lives in `content/contact.html` so it can be edited as plain HTML;
//! one `inner_html` element keeps a long static page out of the WASM bundle's
//! hydration code.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Contact Us page (`/contact`): the help desk's phone, hours and mailing address, what to
/// have ready, and what the help desk can do.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <Title text="Contact Us"/>
        <div class="content" inner_html=include_str!("content/contact.html")></div>
    }
}
