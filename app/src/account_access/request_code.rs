//! Request Code, "Request Account Access" in the guide (SPEC §4.3):
//! Account Type (`/account-access/request`) → Account Info
//! (`…/account-info`) → Account Details (`…/account-details`) → Summary
//! (`…/summary`) → Confirmation (`…/confirmation`, with a Printable View at
//! `…/printable`).
//!
//! What each step accepted lives in the login's server-side draft
//! ([`crate::flows::request_code`]); every page renders from it, so Back and
//! refresh lose nothing and no account number is ever in a URL. The limits
//! (lookups a day, emails and letters per account) are the store's
//! ([`crate::store::code_requests`]); the pages only tell them.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::common::sign_in_again;
use super::common::{NextOrCancel, WizardHeading, sign_in_to};
use crate::clock::Moment;
#[cfg(feature = "ssr")]
use crate::flows::request_code as flow;
use crate::forms::FormReply;
use crate::messages::account_access::request_code as words;
use crate::messages::shared;
use crate::messages::{days, hours};
use crate::rules::account_type::AccountType;
use crate::rules::limits::{EMAIL_CODE_TTL_SECONDS, LETTER_CODE_TTL_SECONDS};
use crate::ui::{ErrorSummary, GatedPage, Notice, StepShell, TextField, Wizard, earlier_step_gate, gate_notice, reply_of};

pub use crate::routes::RequestStep;

pub const PRINTABLE_PATH: &str = Route::RequestPrintable.path();
pub use super::common::OPTIONS_PATH;

/// What is left of the request limits for the chosen account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub email_left: i64,
    pub email_next_at: Option<Moment>,
    pub letter_left: i64,
    pub letter_next_at: Option<Moment>,
}

#[cfg(feature = "ssr")]
impl Limits {
    pub fn of(a: crate::store::code_requests::Allowances) -> Self {
        Limits {
            email_left: a.email.left,
            email_next_at: a.email.next_at.map(Moment::at),
            letter_left: a.letter.left,
            letter_next_at: a.letter.next_at.map(Moment::at),
        }
    }
}

/// What the Confirmation page and the printable view show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedView {
    /// `0-000-021-028`.
    pub confirmation: String,
    pub account_type: AccountType,
    pub account_number: String,
    pub by_email: bool,
    pub masked_email: Option<String>,
    pub at: Moment,
}

/// What a step's page renders from: the login's draft as people read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub user_id: String,
    /// The furthest step of the form the draft may show.
    pub reached: RequestStep,
    /// The draft's type, or the type of the login page the login was made on.
    pub account_type: AccountType,
    pub account_number: String,
    /// `E********L@EMAIL.COM`; `None` when the record has no email.
    pub masked_email: Option<String>,
    pub by_email: Option<bool>,
    pub lookups_left: i64,
    pub lookups_reset_at: Moment,
    pub limits: Limits,
    pub submitted: Option<SubmittedView>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub view: RequestView,
    /// What a native (JavaScript off) submission left for this page.
    pub kept: Option<FormReply>,
}

// ---- Server side -----------------------------------------------------------

#[cfg(feature = "ssr")]
mod server {
    use crate::store::Db;
    use leptos::prelude::ServerFnError;

    use super::{Limits, RequestView, SubmittedView};
    use crate::clock::Moment;
    use crate::flows::request_code::Draft;
    use crate::rules::account_type::AccountType;
    use crate::rules::business::{confirmation_number, masked_email};
    use crate::store::code_requests::{self, Channel};
    use crate::store::{StoreError, business};

    /// Detail to the log, a generic message outward.
    pub fn failure(e: impl std::fmt::Display) -> ServerFnError {
        crate::forms::server_failure("request code", e)
    }

    /// The type of the login page this login was made on.
    pub fn login_type(conn: &Db<'_>, login_id: crate::store::LoginId) -> Result<AccountType, StoreError> {
        Ok(crate::store::logins::contact_of(conn, login_id)?.account_type)
    }

    pub fn view_of(
        conn: &Db<'_>,
        login_id: crate::store::LoginId,
        user_id: String,
        draft: &Draft,
        now: i64,
    ) -> Result<RequestView, StoreError> {
        let account_type = match draft.account_type {
            Some(t) => t,
            None => login_type(conn, login_id)?,
        };
        let email_of = |number: &crate::store::AccountNumber| -> Result<Option<String>, StoreError> {
            Ok(business::find(conn, number)?.and_then(|a| a.email).map(|e| masked_email(&e)))
        };
        let (masked, limits) = match &draft.account_number {
            Some(n) => (email_of(n)?, Limits::of(code_requests::allowances(conn, login_id, n, now)?)),
            None => (None, Limits::default()),
        };
        let lookups = code_requests::lookups_left(conn, login_id, now)?;
        let submitted = match &draft.submitted {
            Some(s) => Some(SubmittedView {
                confirmation: confirmation_number(s.confirmation.max(0) as u64),
                account_type: s.account_type,
                account_number: s.account_number.to_string(),
                by_email: s.channel == Channel::Email,
                masked_email: if s.channel == Channel::Email { email_of(&s.account_number)? } else { None },
                at: Moment::at(s.at),
            }),
            None => None,
        };
        Ok(RequestView {
            user_id,
            reached: draft.reached(),
            account_type,
            account_number: draft.account_number.as_ref().map(ToString::to_string).unwrap_or_default(),
            masked_email: masked,
            by_email: draft.channel.map(|c| c == Channel::Email),
            lookups_left: lookups.left,
            lookups_reset_at: Moment::at(lookups.resets_at),
            limits,
            submitted,
        })
    }
}

/// Everything a step's page shows; `None` (and a redirect to sign in)
/// without a session. The draft is the signed-in login's: nothing the
/// browser sends picks another.
#[server(endpoint = "code_request_step")]
pub async fn code_request_step(step: RequestStep) -> Result<Option<RequestPage>, ServerFnError> {
    let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(step.flash_form()).await?;
    let now = ctx.now();
    let view = ctx
        .store
        .read(move |c| {
            let draft = flow::load_draft(c, me.login_id, now)?;
            server::view_of(c, me.login_id, me.user_id.to_string(), &draft, now)
        })
        .await
        .map_err(server::failure)?;
    Ok(Some(RequestPage { view, kept }))
}

/// Step 1: the account type (preselected from the login's own).
#[server(endpoint = "code_request_type")]
pub async fn choose_account_type(#[server(default)] account_type: String) -> Result<FormReply, ServerFnError> {
    let step = RequestStep::AccountType;
    let (form, page) = (step.flash_form(), step.path());
    let Some(me) = crate::session::signed_in_or_redirect(page).await? else {
        return sign_in_again(form, page, FormReply::default()).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::choose_type(&ctx, me.login_id, &account_type, ctx.now()).await;
    let reply = reply_to(done, FormReply::default())?;
    crate::forms::flash::answer(form, page, RequestStep::AccountInfo.path(), reply).await
}

/// Step 2: the account number, looked up as the chosen type.
#[server(endpoint = "code_request_account")]
pub async fn choose_account_number(#[server(default)] account_number: String) -> Result<FormReply, ServerFnError> {
    let step = RequestStep::AccountInfo;
    let (form, page) = (step.flash_form(), step.path());
    let mut reply = FormReply::default();
    reply.values.insert("account_number".into(), account_number.trim().to_string());
    let Some(me) = crate::session::signed_in_or_redirect(page).await? else {
        return sign_in_again(form, page, reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::choose_number(&ctx, me.login_id, &account_number, ctx.now()).await;
    let reply = reply_to(done, reply)?;
    crate::forms::flash::answer(form, page, RequestStep::AccountDetails.path(), reply).await
}

/// Step 3: by email (when the record has one) or by mail, within the limits.
#[server(endpoint = "code_request_details")]
pub async fn choose_delivery(#[server(default)] by_email: String) -> Result<FormReply, ServerFnError> {
    let step = RequestStep::AccountDetails;
    let (form, page) = (step.flash_form(), step.path());
    let Some(me) = crate::session::signed_in_or_redirect(page).await? else {
        return sign_in_again(form, page, FormReply::default()).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::choose_delivery(&ctx, me.login_id, by_email, ctx.now()).await;
    let reply = reply_to(done, FormReply::default())?;
    crate::forms::flash::answer(form, page, RequestStep::Summary.path(), reply).await
}

/// Submit: the request, and an email's code, in one go
/// (`flows::request_code::submit`).
#[server(endpoint = "code_request_submit")]
pub async fn submit_request() -> Result<FormReply, ServerFnError> {
    let step = RequestStep::Summary;
    let (form, page) = (step.flash_form(), step.path());
    let Some(me) = crate::session::signed_in_or_redirect(page).await? else {
        return sign_in_again(form, page, FormReply::default()).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::submit(&ctx, me.login_id, &me.user_id, ctx.now()).await;
    let reply = reply_to(done, FormReply::default())?;
    crate::forms::flash::answer(form, page, RequestStep::Confirmation.path(), reply).await
}

/// A step's reply: `reply` as it is when the step went through, with what
/// to say when it did not.
#[cfg(feature = "ssr")]
fn reply_to(done: Result<(), flow::Refused>, mut reply: FormReply) -> Result<FormReply, ServerFnError> {
    use flow::Refused;
    let hint = |left: crate::store::code_requests::Lookups| words::lookups_hint(left.left, &Moment::at(left.resets_at));
    match done {
        Ok(()) => {}
        Err(Refused::Earlier) => reply.form_error = Some(words::EARLIER_STEP.into()),
        Err(Refused::Gone { at_submit: true }) => reply.form_error = Some(words::NOT_FOUND_START_AGAIN.into()),
        Err(Refused::Gone { at_submit: false }) => reply.form_error = Some(words::NOT_FOUND_ENTER_AGAIN.into()),
        Err(Refused::NoType) => reply.field_error("account_type", words::SELECT_THE_ACCOUNT_TYPE),
        Err(Refused::NoNumber { empty: true }) => reply.field_error("account_number", words::NUMBER_MISSING),
        Err(Refused::NoNumber { empty: false }) => reply.field_error("account_number", words::ENTER_THE_ACCOUNT_NUMBER_AS_ONE),
        // Refused: the page stays, so it needs the new count (a page left
        // for the next step must not carry data, or its flash would linger).
        Err(Refused::NotFound { left }) => {
            reply.field_error("account_number", words::NOT_FOUND);
            reply.data.insert(LOOKUPS_LEFT.into(), hint(left));
        }
        Err(Refused::LookupLimit { resets_at, left }) => {
            reply.field_error("account_number", words::lookup_limit_message(&Moment::at(resets_at)));
            reply.data.insert(LOOKUPS_LEFT.into(), hint(left));
        }
        Err(Refused::Unchosen) => reply.field_error("by_email", words::SELECT_YES_OR_NO),
        Err(Refused::Limit { by_email, at_question: true, left, next_at }) => {
            reply.field_error("by_email", words::refusal_message(by_email, left, &Moment::at(next_at)))
        }
        // Mail is the only way: there is no question to point at.
        Err(Refused::Limit { by_email, at_question: false, left, next_at }) => {
            reply.form_error = Some(words::refusal_message(by_email, left, &Moment::at(next_at)))
        }
        Err(Refused::EmailFailed) => reply.form_error = Some(words::WE_COULD_NOT_SEND_THE.into()),
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("request code", e)),
    }
    Ok(reply)
}

/// Cancel on the Summary: forgets the draft and goes back to the options.
#[server(endpoint = "code_request_cancel")]
pub async fn cancel_request() -> Result<FormReply, ServerFnError> {
    let page = RequestStep::Summary.path();
    let form = RequestStep::Summary.flash_form();
    if let Some(me) = crate::session::signed_in_or_redirect(page).await? {
        let ctx = expect_context::<crate::context::AppContext>();
        flow::cancel(&ctx, me.login_id).await.map_err(server::failure)?;
    }
    crate::forms::flash::answer(form, page, OPTIONS_PATH, FormReply::default()).await
}

// ---- Pages -----------------------------------------------------------------

/// What the request's pages say of each step.
impl Wizard for RequestStep {
    const NAME: &'static str = words::REQUEST_ACCOUNT_ACCESS;
    const STEPS: &'static [Self] = &RequestStep::ALL;

    /// As the guide names the steps.
    fn title(self) -> &'static str {
        match self {
            Self::AccountType => words::STEP_ACCOUNT_TYPE,
            Self::AccountInfo => words::ACCOUNT_INFO,
            Self::AccountDetails => words::ACCOUNT_DETAILS,
            Self::Summary => words::SUMMARY,
            Self::Confirmation => words::CONFIRMATION,
        }
    }

    fn flash_form(self) -> &'static str {
        match self {
            Self::AccountType => "code_request_type",
            Self::AccountInfo => "code_request_account",
            Self::AccountDetails => "code_request_details",
            Self::Summary => "code_request_summary",
            Self::Confirmation => "code_request_confirmation",
        }
    }

    fn heading(self) -> AnyView {
        // The Confirmation lies past the form: its crumb leads back to a new request.
        let start = (self == RequestStep::Confirmation).then_some(RequestStep::AccountType.path());
        view! { <WizardHeading step=self start/> }.into_any()
    }
}

/// Without a session, a link to sign in; before its earlier steps are
/// done, a notice pointing back; the Confirmation only after a submission.
impl GatedPage<RequestStep> for Option<RequestPage> {
    type Open = RequestPage;

    fn open(self, step: RequestStep) -> Result<RequestPage, AnyView> {
        let page = self.ok_or_else(|| sign_in_to(words::SIGN_IN_TO))?;
        let view = &page.view;
        if step == RequestStep::Confirmation {
            if view.submitted.is_none() {
                return Err(nothing_submitted());
            }
        } else if view.reached < step {
            return Err(earlier_step_gate(view.reached.path()));
        }
        Ok(page)
    }
}

/// The Confirmation (or its Printable View) before anything was submitted.
fn nothing_submitted() -> AnyView {
    gate_notice(
        words::THERE_IS_NO_SUBMISSION,
        words::REQUEST_AN_AUTHORIZATION,
        RequestStep::AccountType.path(),
        words::REQUEST_CODE,
    )
}

/// A step's page in the wizards' shell, with this step's form as `body`.
#[component]
fn RequestShell(step: RequestStep, body: fn(RequestView, Option<FormReply>) -> AnyView) -> impl IntoView {
    let page = Resource::new(|| (), move |_| code_request_step(step));
    view! { <StepShell step page show=move |RequestPage { view, kept }| body(view, kept)/> }
}

/// A radio button with its label (and an optional hint under it).
#[component]
fn Radio(
    id: &'static str,
    name: &'static str,
    value: &'static str,
    label: &'static str,
    checked: bool,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="radio">
            <input type="radio" id=id name=name value=value checked=checked
                aria-describedby=hint.as_ref().map(|_| hint_id.clone())/>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
        </div>
    }
}

/// The error of a group of radio buttons, tied to its fieldset.
fn group_error(reply: Signal<FormReply>, field: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    move || reply.read().error_for(field)
}

#[component]
pub fn RequestAccountTypePage() -> impl IntoView {
    view! { <RequestShell step=RequestStep::AccountType body=|view, kept| view! { <AccountTypeForm view kept/> }.into_any()/> }
}

#[component]
fn AccountTypeForm(view: RequestView, kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<ChooseAccountType>::new();
    let reply = reply_of(move || action.value().get(), kept);
    let error = group_error(reply, "account_type");
    let chosen = view.account_type;
    view! {
        <p class="lead">{words::SELECT_THE_TYPE_OF_ACCOUNT}</p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="account-type-form">
            <fieldset class="field" class:field-error=move || error().is_some()
                aria-describedby=move || error().map(|_| "account_type-error")>
                <legend>{shared::ACCOUNT_TYPE}</legend>
                {move || error().map(|m| view! { <p class="error-message" id="account_type-error">{m}</p> })}
                <Radio id="account_type" name="account_type" value="mechanic" label=AccountType::Mechanic.label()
                    checked=chosen == AccountType::Mechanic/>
                <Radio id="account_type_school" name="account_type" value="school" label=AccountType::MechanicSchool.label()
                    checked=chosen == AccountType::MechanicSchool/>
            </fieldset>
            <NextOrCancel busy=crate::ui::moving_on(action)/>
        </ActionForm>
    }
}

#[component]
pub fn RequestAccountInfoPage() -> impl IntoView {
    view! { <RequestShell step=RequestStep::AccountInfo body=|view, kept| view! { <AccountInfoForm view kept/> }.into_any()/> }
}

/// The `data` key a refused lookup carries the new count under.
const LOOKUPS_LEFT: &str = "lookups_left";

#[component]
fn AccountInfoForm(view: RequestView, kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<ChooseAccountNumber>::new();
    let typed = kept.as_ref().map(|k| k.value_of("account_number")).filter(|v| !v.is_empty());
    let value = typed.unwrap_or(view.account_number.clone());
    let reply = reply_of(move || action.value().get(), kept);
    let counted = words::lookups_hint(view.lookups_left, &view.lookups_reset_at);
    let lookups = move || reply.read().data.get(LOOKUPS_LEFT).cloned().unwrap_or_else(|| counted.clone());
    view! {
        <p class="lead">{words::ENTER_THE_ACCOUNT_NUMBER}{view.account_type.label()}{words::ACCOUNT}</p>
        <p data-testid="chosen-type">
            {words::ACCOUNT_TYPE}<strong>{view.account_type.label()}</strong>" "
            <a href=RequestStep::AccountType.path()>{words::CHANGE}<span class="visually-hidden">{words::THE_ACCOUNT_TYPE}</span></a>
        </p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="account-info-form">
            <TextField id="account_number" label=shared::ACCOUNT_NUMBER autocomplete="off" required=true
                hint=words::ONE_LETTER_AND_6_DIGITS
                value reply/>
            <p class="note" data-testid="lookups-left" aria-live="polite">{lookups}</p>
            <NextOrCancel busy=crate::ui::moving_on(action)/>
        </ActionForm>
    }
}

#[component]
pub fn RequestAccountDetailsPage() -> impl IntoView {
    view! { <RequestShell step=RequestStep::AccountDetails body=|view, kept| view! { <AccountDetailsForm view kept/> }.into_any()/> }
}

/// The limits left for the chosen account, for each way it can travel.
#[component]
fn LimitsLeft(limits: Limits, email_possible: bool) -> impl IntoView {
    view! {
        <div class="limits" data-testid="limits">
            <h2>{words::REQUESTS_LEFT_FOR_THIS}</h2>
            <ul>
                {email_possible.then(|| view! { <li data-testid="email-limit">{words::email_limit_text(limits.email_left, limits.email_next_at.as_ref())}</li> })}
                <li data-testid="letter-limit">{words::letter_limit_text(limits.letter_left, limits.letter_next_at.as_ref())}</li>
            </ul>
        </div>
    }
}

#[component]
fn AccountDetailsForm(view: RequestView, kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<ChooseDelivery>::new();
    let reply = reply_of(move || action.value().get(), kept);
    let error = group_error(reply, "by_email");
    let email_possible = view.masked_email.is_some();
    view! {
        <p class="lead">{words::INDICATE_IF_YOU_WOULD_LIKE}</p>
        <p>{words::ACCOUNT_NUMBER}<strong data-testid="chosen-number">{view.account_number.clone()}</strong>" "
            <a href=RequestStep::AccountInfo.path()>{words::CHANGE}<span class="visually-hidden">{words::THE_ACCOUNT_NUMBER}</span></a>
        </p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="account-details-form">
            {match view.masked_email.clone() {
                Some(masked) => view! {
                    <h2>{words::EMAIL_OPTION}</h2>
                    <p class="callout" data-testid="masked-email">{words::THE_EMAIL_ADDRESS_ON_RECORD}{masked}</p>
                    <fieldset class="field" class:field-error=move || error().is_some()
                        aria-describedby=move || error().map(|_| "by_email-error")>
                        <legend>{words::WOULD_YOU_LIKE_TO_RECEIVE}</legend>
                        {move || error().map(|m| view! { <p class="error-message" id="by_email-error">{m}</p> })}
                        <Radio id="by_email" name="by_email" value="yes" label=words::YES checked=view.by_email == Some(true)
                            hint=words::emailed_at_once_valid_for(hours(EMAIL_CODE_TTL_SECONDS))/>
                        <Radio id="by_email_no" name="by_email" value="no" label=words::NO checked=view.by_email == Some(false)
                            hint=words::THE_TOKEN_WILL_BE_MAILED/>
                    </fieldset>
                }.into_any(),
                None => view! {
                    <h2>{words::MAILING_DETAILS}</h2>
                    <p class="callout" data-testid="mailing-details">{words::THE_TOKEN_WILL_BE_MAILED}</p>
                    <input type="hidden" name="by_email" value="no"/>
                }.into_any(),
            }}
            <LimitsLeft limits=view.limits.clone() email_possible/>
            <NextOrCancel busy=crate::ui::moving_on(action)/>
        </ActionForm>
    }
}

#[component]
pub fn RequestSummaryPage() -> impl IntoView {
    view! { <RequestShell step=RequestStep::Summary body=|view, kept| view! { <SummaryForm view kept/> }.into_any()/> }
}

#[component]
fn SummaryForm(view: RequestView, kept: Option<FormReply>) -> impl IntoView {
    let submit = ServerAction::<SubmitRequest>::new();
    let cancel = ServerAction::<CancelRequest>::new();
    let reply = reply_of(move || submit.value().get(), kept);
    let by_email = view.by_email == Some(true);
    let notice = words::notice_text(by_email, view.masked_email.as_deref());
    view! {
        <ErrorSummary reply/>
        <Notice reply/>
        <dl class="summary-list" data-testid="summary">
            <dt>{words::USERNAME}</dt><dd data-testid="summary-username">{view.user_id.clone()}</dd>
            <dt>{words::ACTION}</dt><dd>{words::REQUESTING_A_CODE}</dd>
            <dt>{shared::ACCOUNT_TYPE}</dt><dd data-testid="summary-type">{view.account_type.label()}</dd>
            <dt>{shared::ACCOUNT_NUMBER}</dt><dd data-testid="summary-number">{view.account_number.clone()}</dd>
            <dt>{words::NOTICE}</dt><dd data-testid="summary-notice">{notice}</dd>
        </dl>
        <p>
            <a href=RequestStep::AccountDetails.path()>{words::CHANGE_HOW_THE_CODE_IS}</a>
        </p>
        <LimitsLeft limits=view.limits.clone() email_possible=view.masked_email.is_some()/>
        <p>{words::SELECT_SUBMIT}</p>
        <div class="button-row">
            <ActionForm action=submit attr:class="inline-form" attr:data-testid="submit-form">
                <crate::ui::SubmitButton label=words::SUBMIT testid="submit" busy=crate::ui::moving_on(submit)/>
            </ActionForm>
            <ActionForm action=cancel attr:class="inline-form" attr:data-testid="cancel-form">
                <button type="submit" class="button button-secondary" data-testid="cancel">{shared::CANCEL}</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn RequestConfirmationPage() -> impl IntoView {
    view! { <RequestShell step=RequestStep::Confirmation body=|view, _| view! { <Confirmation view/> }.into_any()/> }
}

/// "Your submission has been submitted and your confirmation number is …".
#[component]
fn ConfirmationSentence(number: String) -> impl IntoView {
    view! {
        <p class="confirmation" data-testid="confirmation">
            {words::YOUR_SUBMISSION_HAS_BEEN}
            <strong class="confirmation-number" data-testid="confirmation-number">{number}</strong>"."
        </p>
    }
}

fn what_happens_next(s: &SubmittedView) -> String {
    match (&s.masked_email, s.by_email) {
        (Some(email), true) => words::emailed_valid_for(email, &hours(EMAIL_CODE_TTL_SECONDS)),
        _ => words::mailed_valid_for(&days(LETTER_CODE_TTL_SECONDS)),
    }
}

#[component]
fn Confirmation(view: RequestView) -> impl IntoView {
    let s = view.submitted.unwrap_or_default();
    view! {
        <ConfirmationSentence number=s.confirmation.clone()/>
        <p data-testid="next-steps">{what_happens_next(&s)}</p>
        <p>
            {words::TO_CONTINUE_YOU_MUST_HAVE}
            <a href=Route::AddAccess.path() data-testid="add-access-next">{words::ADD_ACCOUNT_ACCESS}</a>".\""
        </p>
        <div class="button-row">
            <a class="button button-secondary" href=PRINTABLE_PATH data-testid="printable-view">{words::PRINTABLE_VIEW}</a>
            <a class="button" href=OPTIONS_PATH data-testid="ok">{words::OK}</a>
        </div>
    }
}

/// The Printable View: the confirmation alone, laid out for paper (the
/// print styles drop the site's header, navigation and buttons).
#[component]
pub fn RequestPrintablePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| code_request_step(RequestStep::Confirmation));
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <Title text=words::PRINTABLE_VIEW_REQUEST/>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(RequestPage { view, .. })) => match view.submitted.clone() {
                        Some(s) => view! {
                            <article class="printable" data-testid="printable">
                                <p class="kicker">{words::MICHIGAN_DEPARTMENT_OF}</p>
                                <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::REQUEST_ACCOUNT_ACCESS_CONFIRMATION}</h1>
                                <ConfirmationSentence number=s.confirmation.clone()/>
                                <dl class="summary-list">
                                    <dt>{words::USERNAME}</dt><dd>{view.user_id.clone()}</dd>
                                    <dt>{words::ACTION}</dt><dd>{words::REQUESTING_A_CODE}</dd>
                                    <dt>{shared::ACCOUNT_TYPE}</dt><dd>{s.account_type.label()}</dd>
                                    <dt>{shared::ACCOUNT_NUMBER}</dt><dd>{s.account_number.clone()}</dd>
                                    <dt>{words::SUBMITTED}</dt><dd>{s.at.text.clone()}</dd>
                                    <dt>{words::NOTICE}</dt><dd>{what_happens_next(&s)}</dd>
                                </dl>
                                <p>{words::TO_CONTINUE_YOU_MUST_HAVE_YOUR}</p>
                                <div class="no-print">
                                    <p class="note">{words::TO_PRINT_USE_YOUR_BROWSERS}</p>
                                    <div class="button-row">
                                        <button type="button" class="button" data-testid="print" hidden=move || !hydrated.get()
                                            on:click=move |_| {
                                                if let Some(w) = leptos::web_sys::window() {
                                                    let _ = w.print();
                                                }
                                            }>{words::PRINT}</button>
                                        <a class="button button-secondary" href=RequestStep::Confirmation.path() data-testid="back">{words::BACK}</a>
                                    </div>
                                </div>
                            </article>
                        }.into_any(),
                        None => view! {
                            <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::PRINTABLE_VIEW}</h1>
                            {nothing_submitted()}
                        }.into_any(),
                    },
                    Ok(None) => view! {
                        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::PRINTABLE_VIEW}</h1>
                        <p>{shared::PLEASE}<a href=Route::Login.path()>{shared::SIGN_IN}</a>{words::TO_SEE_YOUR_CONFIRMATION}</p>
                    }.into_any(),
                    Err(_) => crate::ui::not_loaded(),
                }
            })}
        </Suspense>
    }
}
