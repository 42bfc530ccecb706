//! The step indicator every wizard shows ("Step 2 of 5" and the steps'
//! names), so sign-up, Request Code and Add Account Access read alike.

use leptos::prelude::*;

/// "Step `current` of N" and the steps' names; the current one is marked
/// for screen readers with `aria-current="step"`. `current` counts from 1.
#[component]
pub fn StepIndicator(
    /// Names the navigation landmark: "Sign-up progress".
    label: &'static str,
    steps: Vec<&'static str>,
    current: usize,
) -> impl IntoView {
    let total = steps.len();
    view! {
        <nav class="step-indicator" aria-label=label data-testid="step-indicator">
            <p class="step-count">{format!("Step {current} of {total}")}</p>
            <ol>
                {steps.into_iter().enumerate().map(|(i, title)| {
                    let n = i + 1;
                    let (class, status) = if n < current {
                        ("step step-done", " (done)")
                    } else if n == current {
                        ("step step-current", " (current step)")
                    } else {
                        ("step step-todo", "")
                    };
                    view! {
                        <li class=class aria-current=(n == current).then_some("step")>
                            <span class="step-number" aria-hidden="true">{n}</span>
                            {title}
                            <span class="visually-hidden">{status}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}
