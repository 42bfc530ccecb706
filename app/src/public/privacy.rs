//! Privacy notice: what this site collects, why, who sees it, how long it is kept and which cookies it sets.
//!
//! The text lives in `content/privacy.html` so it can be edited as plain HTML;
//! the numbers of the policy are filled in by `super::numbers`.
use crate::messages::public::privacy as words;
use leptos::prelude::*;

/// The Privacy page (`/privacy`): the information kept about a login, its retention periods,
/// the cookies the site sets and whom to contact.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <super::numbers::ContentPage title=words::PRIVACY_NOTICE html=include_str!("content/privacy.html")/>
    }
}
