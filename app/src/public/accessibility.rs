//! Accessibility statement: the standard this site meets, how it is tested and how to report a problem.
//!
//! The text lives in `content/accessibility.html` so it can be edited as plain HTML;
//! one `inner_html` element keeps a long static page out of the WASM bundle's
//! hydration code.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Accessibility page (`/accessibility`): the WCAG 2.2 AA target, what people can rely on,
/// how it is checked, known limitations and how to ask for help or another format.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibility statement"/>
        <div class="content" inner_html=include_str!("content/accessibility.html")></div>
    }
}
