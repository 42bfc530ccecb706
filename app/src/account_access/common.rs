//! What the account-access pages share: the trail and heading of the two
//! wizards under Account Access Options, what a page shows when it could
//! not load its data, and the answer to a form posted without a session.

use crate::routes::Route;
use leptos::prelude::*;

use crate::messages::account_access::common as words;
use crate::messages::shared;
use crate::ui::{StepIndicator, Wizard};

pub const OPTIONS_PATH: &str = crate::routes::Route::AccountAccess.path();

/// The guide's trail, the kicker, the page heading and the step indicator
/// of a wizard under Account Access Options, at `step`. With `start`, the
/// page lies past the wizard's steps (the Confirmation): the wizard's
/// crumb links back to its first step and the page is the current crumb.
#[component]
pub fn WizardHeading<W: Wizard>(step: W, #[prop(default = None)] start: Option<&'static str>) -> impl IntoView {
    let (wizard, title) = (W::NAME, step.title());
    let steps = W::STEPS.iter().map(|s| s.title()).collect::<Vec<_>>();
    let current = step.number();
    view! {
        <nav class="breadcrumb" aria-label=words::BREADCRUMB>
            <ol>
                <li><a href=OPTIONS_PATH>{words::ACCOUNT_ACCESS_OPTIONS}</a></li>
                {match start {
                    Some(href) => view! {
                        <li><a href=href>{wizard}</a></li>
                        <li aria-current="page">{title}</li>
                    }.into_any(),
                    None => view! { <li aria-current="page">{wizard}</li> }.into_any(),
                }}
            </ol>
        </nav>
        <p class="kicker">{wizard}</p>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{title}</h1>
        <StepIndicator label=format!("{wizard} progress") steps current/>
    }
}

/// A page's body once its server data is in: `show` it, or, without a
/// session, a link to sign in "to `purpose`", or an apology when it failed.
pub fn loaded<P>(page: Result<Option<P>, ServerFnError>, purpose: &'static str, show: impl FnOnce(P) -> AnyView) -> AnyView {
    match page {
        Ok(Some(page)) => show(page),
        Ok(None) => sign_in_to(purpose),
        Err(_) => crate::ui::not_loaded(),
    }
}

/// What a page that needs a session shows without one: a link to sign in
/// "to `purpose`".
pub fn sign_in_to(purpose: &'static str) -> AnyView {
    view! { <p>{shared::PLEASE}<a href=Route::Login.path()>{shared::SIGN_IN}</a>{words::TO}{purpose}"."</p> }.into_any()
}

/// The answer to a step's form posted after the session ended: the page
/// again (with JavaScript off, through the flash), saying to sign in.
#[cfg(feature = "ssr")]
pub async fn sign_in_again(
    form: &str,
    page: &str,
    mut reply: crate::forms::FormReply,
) -> Result<crate::forms::FormReply, ServerFnError> {
    reply.form_error = Some(shared::PLEASE_SIGN_IN_AGAIN.into());
    crate::forms::flash::answer(form, page, page, reply).await
}

/// The buttons under a step's form: Next submits it; Cancel is a plain link
/// back to Account Access Options.
#[component]
pub fn NextOrCancel(
    /// The step's form is sending or moving on (`ui::moving_on`).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="button-row">
            <crate::ui::SubmitButton label=words::NEXT testid="next" busy/>
            <a class="button button-secondary" href=OPTIONS_PATH data-testid="cancel">{shared::CANCEL}</a>
        </div>
    }
}
