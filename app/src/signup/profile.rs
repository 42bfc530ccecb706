//! Step 1, Profile Information (`/signup`), and RESET's confirmation
//! (`/signup/reset`).

// The form's eleven fields are its server function's arguments, and the
// function the `#[server]` macro writes for the browser carries no
// attribute of ours, so the allowance is the module's.
#![allow(clippy::too_many_arguments)]

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::wizard::{ExpiryNotice, StepPage, WizardStep, signup_step};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_up::profile as words;
use crate::ui::{ErrorSummary, Notice, StepShell, SuffixField, TermsCheckbox, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "signup_profile";

/// The answer to the verification question is not a typed value to keep:
/// a wrong answer brings a new question.
#[cfg(feature = "ssr")]
const KEPT_FIELDS: [&str; 8] =
    ["first_name", "middle_initial", "last_name", "suffix", "email", "confirm_email", "work_phone", "mobile_phone"];

/// What goes back to the form if it is refused: what was typed (trimmed)
/// and the Terms box.
#[cfg(feature = "ssr")]
fn kept(typed: [&String; 8], agreed: bool) -> FormReply {
    let mut reply = FormReply::default();
    for (field, value) in KEPT_FIELDS.iter().zip(typed) {
        reply.values.insert((*field).into(), value.trim().to_string());
    }
    if agreed {
        reply.values.insert("agree_terms".into(), "yes".into());
    }
    reply
}

/// Checks step 1 and, when all is well, saves it and emails a code.
#[server(endpoint = "signup_profile")]
pub async fn submit_profile(
    #[server(default)] account_type: String,
    #[server(default)] first_name: String,
    #[server(default)] middle_initial: String,
    #[server(default)] last_name: String,
    #[server(default)] suffix: String,
    #[server(default)] email: String,
    #[server(default)] confirm_email: String,
    #[server(default)] work_phone: String,
    #[server(default)] mobile_phone: String,
    #[server(default)] verification_answer: String,
    #[server(default)] agree_terms: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::sign_up::{ProfileForm, profile};
    let ctx = expect_context::<crate::context::AppContext>();
    let typed = [&first_name, &middle_initial, &last_name, &suffix, &email, &confirm_email, &work_phone, &mobile_phone];
    let reply = kept(typed, !agree_terms.is_empty());
    let person = crate::rules::profile::Typed {
        first_name: &first_name,
        middle_initial: &middle_initial,
        last_name: &last_name,
        suffix: &suffix,
        work_phone: &work_phone,
        mobile_phone: &mobile_phone,
    };
    let form = ProfileForm {
        account_type: crate::rules::account_type::AccountType::from_query(Some(&account_type)),
        person,
        email: &email,
        confirm_email: &confirm_email,
        verification_answer: &verification_answer,
        agreed: !agree_terms.is_empty(),
    };
    let page = WizardStep::Profile.path();
    match profile(&ctx, form, ctx.now()).await {
        Ok(next) => crate::forms::flash::answer(FORM, page, next.path(), FormReply::default()).await,
        Err(refused) => crate::forms::flash::answer(FORM, page, page, super::server::refused(refused, reply)?).await,
    }
}

/// RESET, once confirmed: forgets the registration and the User ID it held.
#[server(endpoint = "signup_reset")]
pub async fn reset_signup() -> Result<FormReply, ServerFnError> {
    use super::server;
    let ctx = expect_context::<crate::context::AppContext>();
    if let Some(wizard) = server::live(&ctx).await? {
        ctx.store.write(move |tx| crate::flows::sign_up::registration::discard_in(tx, &wizard)).await.map_err(server::failure)?;
    }
    crate::forms::flash::answer("signup_reset", Route::SignUpReset.path(), Route::SignUp.path(), FormReply::default()).await
}

/// What RESET would clear: whether this registration holds a User ID.
#[server(endpoint = "signup_reset_view")]
pub async fn reset_view() -> Result<bool, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    Ok(super::server::live(&ctx).await?.is_some_and(|w| w.registration.user_id.is_some()))
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || query.read().get("type").unwrap_or_default(),
        |account_type| signup_step(WizardStep::Profile, account_type),
    );
    let action = ServerAction::<SubmitProfile>::new();
    view! {
        <StepShell step=WizardStep::Profile page show=move |StepPage { view, kept }| view! {
            <ProfileForm action view kept/>
        }.into_any()/>
    }
}

#[component]
fn ProfileForm(action: ServerAction<SubmitProfile>, view: super::WizardView, kept: Option<FormReply>) -> impl IntoView {
    let reply = reply_of(move || action.value().get(), kept.clone());
    // A refused native submission brings back what was typed; otherwise
    // the registration's saved step (Back, refresh).
    let initial = kept.as_ref().filter(|k| !k.values.is_empty()).map(|k| k.values.clone()).unwrap_or(view.values.clone());
    let value = move |field: &str| initial.get(field).cloned().unwrap_or_default();
    let saved_question = kept.as_ref().and_then(|k| k.data.get("question").cloned()).map(|q| (!q.is_empty()).then_some(q));
    let saved_question = saved_question.unwrap_or(view.question.clone());
    // The question on screen: a refusal may bring a new one ("" once it is
    // answered). An accepted NEXT changes nothing here: its next page is
    // still loading, and the form must not flash another question or an
    // emptied answer meanwhile.
    let question = Memo::new(move |before: Option<&Option<String>>| {
        let refused = action.value().get().and_then(Result::ok).filter(|r| !r.is_ok());
        match refused.and_then(|r| r.data.get("question").cloned()) {
            Some(q) => (!q.is_empty()).then_some(q),
            None => before.cloned().unwrap_or_else(|| saved_question.clone()),
        }
    });
    let suffix_now = value("suffix");
    let agreed = !value("agree_terms").is_empty() || view.values.contains_key("email");
    let error = move |field: &'static str| move || reply.read().error_for(field);
    let described = move |field: &'static str, hint: bool| {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("{field}-hint"));
            }
            if reply.read().error_for(field).is_some() {
                ids.push(format!("{field}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let answer_input = NodeRef::<leptos::html::Input>::new();
    // A new question needs a new answer: empty the field when one arrives
    // (the memo changes only when the question does).
    Effect::new(move |first: Option<()>| {
        question.track();
        if first.is_some()
            && let Some(el) = answer_input.get_untracked()
        {
            el.set_value("");
        }
    });
    view! {
        <p class="lead">{words::ENTER_YOUR_PROFILE_INFORMATION}</p>
        <p class="required-note"><span class="required" aria-hidden="true">"*"</span>{words::REQUIRED_FIELDS_WITH_A}</p>
        <Notice reply/>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="profile-form">
            <input type="hidden" name="account_type" value=view.account_type.as_query()/>
            <div class="field-group">
                <TextField id="first_name" label=words::FIRST_NAME autocomplete="given-name" value=value("first_name") reply/>
                <TextField id="middle_initial" label=words::MIDDLE_INITIAL autocomplete="additional-name" value=value("middle_initial") reply/>
                <TextField id="last_name" label=words::LAST_NAME autocomplete="family-name" required=true value=value("last_name") reply/>
                <SuffixField selected=suffix_now reply/>
            </div>
            <TextField id="email" label=shared::EMAIL_ADDRESS input_type="email" autocomplete="email" required=true
                hint=words::BY_PROVIDING_AN_E_MAIL
                value=value("email") reply/>
            <TextField id="confirm_email" label=words::CONFIRM_EMAIL_ADDRESS input_type="email" autocomplete="email" required=true
                value=value("confirm_email") reply/>
            <TextField id="work_phone" label=shared::WORK_PHONE_NUMBER input_type="tel" autocomplete="tel" required=true
                hint=words::FOR_EXAMPLE_517_555_0123
                value=value("work_phone") reply/>
            <TextField id="mobile_phone" label=shared::MOBILE_NUMBER input_type="tel" autocomplete="tel"
                hint=words::BY_PROVIDING_A_MOBILE_NUMBER
                value=value("mobile_phone") reply/>
            {move || match question.get() {
                Some(q) => view! {
                    <div class="field" class:field-error=move || error("verification_answer")().is_some() data-testid="verification-question">
                        <label for="verification_answer">
                            <span class="required" aria-hidden="true">"*"</span>
                            {words::VERIFICATION_QUESTION}<span data-testid="question-text">{q}</span>
                            <span class="visually-hidden">{shared::REQUIRED}</span>
                        </label>
                        <p class="hint" id="verification_answer-hint">{words::TYPE_THE_ONE_WORD_THAT}</p>
                        {move || error("verification_answer")().map(|m| view! { <p class="error-message" id="verification_answer-error">{m}</p> })}
                        <input node_ref=answer_input id="verification_answer" name="verification_answer" type="text"
                            autocomplete="off" spellcheck="false" required=true
                            aria-invalid=move || error("verification_answer")().is_some().then_some("true")
                            aria-describedby=described("verification_answer", true)/>
                    </div>
                }.into_any(),
                None => view! {
                    <p class="field done" data-testid="question-answered">{words::VERIFICATION_QUESTION_ANSWERED}</p>
                }.into_any(),
            }}
            <TermsCheckbox reply checked=agreed/>
            <div class="button-row">
                <crate::ui::SubmitButton label=shared::NEXT testid="next" busy=crate::ui::moving_on(action)/>
                <a class="button button-secondary" href=Route::SignUpReset.path() data-testid="reset">{words::RESET}</a>
            </div>
        </ActionForm>
        <p class="note" data-testid="sign-in-instead">{words::ALREADY_HAVE_A_LOGIN}<a href=Route::Login.path()>{words::SIGN_IN}</a>"."</p>
        // Nothing saved yet: no registration to keep, so no time limit to tell of.
        {(!view.values.is_empty()).then(|| view! { <ExpiryNotice step=WizardStep::Profile seconds_left=view.seconds_left/> })}
    }
}

/// RESET asks first: clearing cannot be undone.
#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetSignup>::new();
    let holds_user_id = Resource::new(|| (), |_| reset_view());
    view! {
        <Title text=words::CLEAR_YOUR_REGISTRATION/>
        <p class="kicker">{words::CREATE_YOUR_ACCOUNT}</p>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::CLEAR_EVERYTHING_YOU_ENTERED}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // The User ID is named only once there is one.
                let held = holds_user_id.await.unwrap_or(false);
                view! {
                    <p data-testid="reset-warning">
                        {if held { words::RESET_DELETES_WITH_USER_ID } else { words::RESET_DELETES }}
                    </p>
                }
            })}
        </Suspense>
        <ActionForm action attr:class="form" attr:data-testid="reset-form">
            <div class="button-row">
                <button type="submit" class="button button-danger" data-testid="confirm-reset">{words::YES_CLEAR_EVERYTHING}</button>
                <a class="button button-secondary" href=Route::SignUp.path()>{words::NO_GO_BACK}</a>
            </div>
        </ActionForm>
    }
}
