//! Accessibility statement: the standard this site meets, how it is tested and how to report a problem.
//!
//! The text lives in `content/accessibility.html` so it can be edited as plain HTML;
//! the numbers of the policy are filled in by `super::numbers`.
use crate::messages::public::accessibility as words;
use leptos::prelude::*;

/// The Accessibility page (`/accessibility`): the WCAG 2.2 AA target, what people can rely on,
/// how it is checked, known limitations and how to ask for help or another format.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <super::numbers::ContentPage title=words::ACCESSIBILITY_STATEMENT html=include_str!("content/accessibility.html")/>
    }
}
