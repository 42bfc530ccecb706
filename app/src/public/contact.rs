//! Contact Us: who to call or write to for help with logins and account access.
//!
//! The text lives in `content/contact.html` so it can be edited as plain HTML;
//! the numbers of the policy are filled in by `super::numbers`.
use crate::messages::shared;
use leptos::prelude::*;

/// The Contact Us page (`/contact`): the help desk's phone, hours and mailing address, what to
/// have ready, and what the help desk can do.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <super::numbers::ContentPage title=shared::CONTACT_US html=include_str!("content/contact.html")/>
    }
}
