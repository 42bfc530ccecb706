//! The scaffold the three wizards share (sign-up, Request Code, Add Account
//! Access): the step shell that loads a step's data and gates it, the step
//! indicator ("Step 2 of 5" and the steps' names) and the gate notices, so
//! the wizards read alike and a change to one reaches all three.

use crate::messages::shared;
use crate::messages::ui::steps as words;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Serialize, de::DeserializeOwned};

/// A wizard, named by its steps (the enums of `crate::routes`).
pub trait Wizard: Copy + PartialEq + Send + Sync + 'static {
    /// What the tab title says after the step's: "Create Your Account".
    const NAME: &'static str;
    /// Every step's page, in order.
    const STEPS: &'static [Self];
    /// The step's title: "Security Setup".
    fn title(self) -> &'static str;
    /// The number the step indicator shows, from 1: the step's place in
    /// [`Self::STEPS`], unless the wizard counts otherwise.
    fn number(self) -> usize {
        Self::STEPS.iter().position(|s| *s == self).map_or(1, |i| i + 1)
    }
    /// The form name the step's page keeps its no-JavaScript flash under.
    fn flash_form(self) -> &'static str;
    /// What stands above the step's form: the trail, the kicker, the
    /// heading and the step indicator.
    fn heading(self) -> AnyView;
}

/// A step's data as the server sends it, which knows whether the step may
/// be shown: not before the earlier steps are done, not once the wizard's
/// draft is gone, not without a session.
pub trait GatedPage<W: Wizard>: Clone + Send + Sync + Serialize + DeserializeOwned + 'static {
    /// What the step's form is shown with.
    type Open;
    /// The step's data when the step may be shown, or why not (a notice
    /// that says where to go instead).
    fn open(self, step: W) -> Result<Self::Open, AnyView>;
}

/// A wizard step's page: the tab title, the heading, then, once `page` is
/// in, the step's form (`show`) or the notice that stands in its place. A `Transition`, so a page whose
/// data is read again after each answer keeps its form meanwhile.
#[component]
pub fn StepShell<W, P, S>(step: W, page: Resource<Result<P, ServerFnError>>, show: S) -> impl IntoView
where
    W: Wizard,
    P: GatedPage<W>,
    S: Fn(P::Open) -> AnyView + Clone + Send + Sync + 'static,
{
    view! {
        <Title text=format!("{} – {}", step.title(), W::NAME)/>
        {step.heading()}
        <Transition fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(page) => page.open(step).map_or_else(|notice| notice, show),
                        Err(_) => not_loaded(),
                    }
                })
            }}
        </Transition>
    }
}

/// What a page shows when its data could not be read from the server.
pub fn not_loaded() -> AnyView {
    view! { <p class="error-message">{words::THIS_PAGE_COULD_NOT_BE}</p> }.into_any()
}

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
            <p class="step-count">{words::step_of(current, total)}</p>
            <ol>
                {steps.into_iter().enumerate().map(|(i, title)| {
                    let n = i + 1;
                    let (class, status) = if n < current {
                        ("step step-done", words::DONE)
                    } else if n == current {
                        ("step step-current", words::CURRENT_STEP)
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
pub fn gate_notice(title: &'static str, text: impl Into<String>, href: &'static str, link: &'static str) -> AnyView {
    view! {
        <div class="notice" data-testid="wizard-gate">
            <h2>{title}</h2>
            <p>{text.into()}</p>
            <p><a class="button" href=href>{link}</a></p>
        </div>
    }
    .into_any()
}

/// The gate of a step whose earlier step is not done, pointing at `reached`.
pub fn earlier_step_gate(reached: &'static str) -> AnyView {
    gate_notice(words::FINISH_THE_EARLIER_STEP, words::THIS_STEP_OPENS_ONCE_THE, reached, words::GO_TO_THE_STEP_YOU)
}
