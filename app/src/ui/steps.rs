//! The step indicator every wizard shows ("Step 2 of 5" and the steps'
//! names), so sign-up, Request Code and Add Account Access read alike.

use leptos::prelude::*;

/// "Step `current` of N" and the steps' names; the current one is marked
/// for screen readers with `aria-current="step"`. `current` counts from 1.
#[component]
pub fn StepIndicator(
    /// Names the navigation landmark: "Sign-up progress".
    #[prop(into)]
    label: String,
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

/// Why a step cannot be shown, and a button to where the person can carry
/// on: every wizard's gate reads and is tested alike (`wizard-gate`).
pub fn gate_notice(title: &'static str, text: &'static str, href: &'static str, link: &'static str) -> AnyView {
    view! {
        <div class="notice" data-testid="wizard-gate">
            <h2>{title}</h2>
            <p>{text}</p>
            <p><a class="button" href=href>{link}</a></p>
        </div>
    }
    .into_any()
}

/// The gate of a step whose earlier step is not done, pointing at `reached`.
pub fn earlier_step_gate(reached: &'static str) -> AnyView {
    gate_notice(
        "Finish the earlier step first",
        "This step opens once the one before it is complete.",
        reached,
        "Go to the step you are on",
    )
}
