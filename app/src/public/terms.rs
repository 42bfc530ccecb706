//! Terms & Conditions that people agree to at sign-up and when adding account access.
//!
//! The text lives in `content/terms.html` so it can be edited as plain HTML;
//! the numbers of the policy are filled in by `super::numbers`.
use crate::messages::public::terms as words;
use leptos::prelude::*;

/// The Terms & Conditions page (`/terms`): the rules behind the "I agree to the terms &
/// conditions" box at sign-up and the Terms & Conditions box on Add Account Access.
#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <super::numbers::ContentPage title=words::TERMS_CONDITIONS html=include_str!("content/terms.html")/>
    }
}
