//! Frequently asked questions about MILogin for Third Party logins, authorization codes and the springboard.
//!
//! The text lives in `content/faq.html` so it can be edited as plain HTML;
//! the numbers of the policy are filled in by `super::numbers`.
use crate::messages::public::faq as words;
use leptos::prelude::*;

/// The FAQs page (`/faq`): plain answers to what mechanics, trainees and school clerks ask
/// most, with the same limits and numbers the portal enforces.
#[component]
pub fn FaqPage() -> impl IntoView {
    view! {
        <super::numbers::ContentPage title=words::FREQUENTLY_ASKED_QUESTIONS html=include_str!("content/faq.html")/>
    }
}
