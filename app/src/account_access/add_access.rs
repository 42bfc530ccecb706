//! Add Account Access (SPEC §4.4): Authorization Code
//! (`/account-access/add`, with the Terms & Conditions box) → Account Info
//! (`…/account-info`, the account the code belongs to, to confirm) → Email
//! (`…/email`, where notices about this access go) → Summary (`…/summary`)
//! → Submit → the springboard.
//!
//! The draft lives on the server keyed by the login
//! ([`crate::store::access_drafts`]) and holds the id of the typed code, never
//! the code; the account is always the one that code belongs to. The
//! Account Info and Summary forms send back the account number they show
//! only so a page left open while the draft changed in another tab cannot
//! confirm an account the person did not see: a number that is not the
//! draft's is refused and changes nothing.

use crate::routes::Route;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::common::{NextOrCancel, WizardHeading, sign_in_to};
#[cfg(feature = "ssr")]
use super::common::{OPTIONS_PATH, sign_in_again};
#[cfg(feature = "ssr")]
use super::springboard_state::SPRINGBOARD_PATH;
#[cfg(feature = "ssr")]
use crate::flows::add_access as flow;
use crate::forms::FormReply;
use crate::messages::account_access::add_access as words;
use crate::messages::shared;
use crate::rules::account_type::AccountType;
use crate::ui::{ErrorSummary, GatedPage, StepShell, TermsCheckbox, TextField, Wizard, earlier_step_gate, reply_of};

pub use crate::routes::AddStep;

pub const REQUEST_PATH: &str = Route::RequestAccountType.path();

/// The account a draft's code belongs to, as the person confirms it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountShown {
    pub account_type: AccountType,
    pub number: String,
    pub name: String,
}

/// What a step's page renders from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddView {
    pub user_id: String,
    /// The furthest step the draft may show.
    pub reached: AddStep,
    pub account: Option<AccountShown>,
    /// The draft's notice address, or the login's profile email.
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddPage {
    pub view: AddView,
    /// What a native (JavaScript off) submission left for this page.
    pub kept: Option<FormReply>,
}

// ---- Server side -----------------------------------------------------------

#[cfg(feature = "ssr")]
mod server {
    use crate::store::Db;
    use leptos::prelude::ServerFnError;

    use super::{AccountShown, AddStep, AddView};
    use crate::store::access_drafts::Draft;
    use crate::store::{StoreError, business};

    /// Detail to the log, a generic message outward.
    pub fn failure(e: impl std::fmt::Display) -> ServerFnError {
        crate::forms::server_failure("add account access", e)
    }

    pub fn view_of(
        conn: &Db<'_>,
        login_id: crate::store::LoginId,
        user_id: String,
        draft: Option<&Draft>,
    ) -> Result<AddView, StoreError> {
        let profile_email = crate::store::logins::contact_of(conn, login_id)?.email;
        let account = match draft {
            Some(d) => business::find(conn, &d.account_number)?.map(|a| AccountShown {
                account_type: a.account_type,
                number: a.number.to_string(),
                name: a.name,
            }),
            None => None,
        };
        Ok(AddView {
            user_id,
            reached: draft.map(Draft::reached).unwrap_or(AddStep::Code),
            account,
            email: draft.and_then(|d| d.notice_email.clone()).unwrap_or(profile_email),
        })
    }
}

/// Everything a step's page shows; `None` (and a redirect to sign in)
/// without a session. The draft is the signed-in login's own.
#[server(endpoint = "add_access_step")]
pub async fn add_access_step(step: AddStep) -> Result<Option<AddPage>, ServerFnError> {
    use crate::store::access_drafts as state;

    let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(step.flash_form()).await?;
    let now = ctx.now();
    let view = ctx
        .store
        .read(move |c| {
            let draft = state::load(c, me.login_id, now)?;
            server::view_of(c, me.login_id, me.user_id.to_string(), draft.as_ref())
        })
        .await
        .map_err(server::failure)?;
    Ok(Some(AddPage { view, kept }))
}

/// Step 1: the authorization code and the Terms & Conditions
/// (`flows::add_access::enter_code`).
#[server(endpoint = "add_access_code")]
pub async fn enter_code(
    #[server(default)] authorization_code: String,
    #[server(default)] agree_terms: String,
) -> Result<FormReply, ServerFnError> {
    let step = AddStep::Code;
    let (form, page) = (step.flash_form(), step.path());
    let mut reply = FormReply::default();
    // What was typed comes back, so a mistyped character can be corrected
    // (with JavaScript off through the form flash, which is sealed).
    reply.values.insert("authorization_code".into(), authorization_code.trim().to_string());
    if !agree_terms.is_empty() {
        reply.values.insert("agree_terms".into(), "yes".into());
    }
    let Some(me) = crate::session::signed_in_or_redirect(page).await? else {
        return sign_in_again(form, page, reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let now = ctx.now();
    let done = flow::enter_code(&ctx, me.login_id, &authorization_code, !agree_terms.is_empty(), now).await;
    answer(step, AddStep::AccountInfo, done, reply).await
}

/// Step 2: the person confirms the account their code belongs to.
#[server(endpoint = "add_access_account")]
pub async fn confirm_account(#[server(default)] account_number: String) -> Result<FormReply, ServerFnError> {
    let step = AddStep::AccountInfo;
    let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? else {
        return sign_in_again(step.flash_form(), step.path(), FormReply::default()).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::confirm_account(&ctx, me.login_id, &account_number, ctx.now()).await;
    answer(step, AddStep::Email, done, FormReply::default()).await
}

/// Step 3: the address that gets notices about this access.
#[server(endpoint = "add_access_email")]
pub async fn choose_email(#[server(default)] email: String) -> Result<FormReply, ServerFnError> {
    let step = AddStep::Email;
    let mut reply = FormReply::default();
    reply.values.insert("email".into(), email.trim().to_string());
    let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? else {
        return sign_in_again(step.flash_form(), step.path(), reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::choose_email(&ctx, me.login_id, &email, ctx.now()).await;
    answer(step, AddStep::Summary, done, reply).await
}

/// Submit: the code used and the account linked
/// (`flows::add_access::submit`); then the springboard opens.
#[server(endpoint = "add_access_submit")]
pub async fn submit_access(#[server(default)] account_number: String) -> Result<FormReply, ServerFnError> {
    let step = AddStep::Summary;
    let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? else {
        return sign_in_again(step.flash_form(), step.path(), FormReply::default()).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let done = flow::submit(&ctx, me.login_id, &me.user_id, &account_number, ctx.now()).await;
    // Without a draft the code step is where to carry on.
    let restart = matches!(done, Err(flow::Refused::StartAgain | flow::Refused::Restart { .. }));
    let reply = reply_to(done, FormReply::default())?;
    let (step, next) = if restart { (AddStep::Code, AddStep::Code.path()) } else { (step, SPRINGBOARD_PATH) };
    crate::forms::flash::answer(step.flash_form(), step.path(), next, reply).await
}

/// Answers a step on its own page: on to `next` when it went through.
#[cfg(feature = "ssr")]
async fn answer(
    step: AddStep,
    next: AddStep,
    done: Result<(), flow::Refused>,
    reply: FormReply,
) -> Result<FormReply, ServerFnError> {
    let reply = reply_to(done, reply)?;
    crate::forms::flash::answer(step.flash_form(), step.path(), next.path(), reply).await
}

/// What a step's page says when the step did not go through.
#[cfg(feature = "ssr")]
fn reply_to(done: Result<(), flow::Refused>, mut reply: FormReply) -> Result<FormReply, ServerFnError> {
    use crate::store::authorization::CodeCheck;
    use flow::Refused;
    let field = "authorization_code";
    match done {
        Ok(()) => {}
        Err(Refused::Fields { code_empty, terms }) => {
            match code_empty {
                Some(true) => reply.field_error(field, words::ENTER_YOUR_AUTHORIZATION),
                Some(false) => reply.field_error(field, words::AN_AUTHORIZATION_CODE_HAS),
                None => {}
            }
            if terms {
                reply.field_error("agree_terms", words::TERMS_REQUIRED);
            }
        }
        Err(Refused::Inactive) => reply.field_error(field, words::INACTIVE),
        Err(Refused::Expired { email_possible, allowances }) => {
            use super::request_code::Limits;
            use crate::messages::account_access::request_code::{email_limit_text, letter_limit_text};
            reply.field_error(field, words::EXPIRED);
            let limits = Limits::of(allowances);
            let mut lines = Vec::new();
            if email_possible {
                lines.push(email_limit_text(limits.email_left, limits.email_next_at.as_ref()));
            }
            lines.push(letter_limit_text(limits.letter_left, limits.letter_next_at.as_ref()));
            reply.data.insert("request_new".into(), lines.join("\n"));
        }
        Err(Refused::Code(CodeCheck::Wrong { tries_left, before_void })) => {
            reply.field_error(field, words::wrong_code_message(tries_left, before_void))
        }
        Err(Refused::Code(CodeCheck::Waiting { until })) => {
            reply.field_error(field, words::waiting_message(crate::clock::michigan_clock(until)))
        }
        Err(Refused::Code(CodeCheck::AllVoided)) => {
            reply.field_error(field, words::all_voided());
            reply.data.insert("request_new".into(), String::new());
        }
        Err(Refused::Code(CodeCheck::Spent { .. })) => {
            reply.field_error(field, words::SPENT);
            reply.data.insert("request_new".into(), String::new());
        }
        Err(Refused::Code(CodeCheck::Expired { .. } | CodeCheck::Live { .. })) => {}
        Err(Refused::StartAgain) => reply.form_error = Some(words::START_AGAIN.into()),
        Err(Refused::PageChanged) => reply.form_error = Some(words::PAGE_CHANGED.into()),
        Err(Refused::Restart { inactive }) => {
            reply.form_error = Some(if inactive { words::INACTIVE } else { words::NO_LONGER_VALID }.into());
            if !inactive {
                reply.data.insert("request_new".into(), String::new());
            }
        }
        Err(Refused::NotConfirmed) => reply.form_error = Some(words::CONFIRM_THE_ACCOUNT_ON.into()),
        Err(Refused::Email(message)) => reply.field_error("email", message),
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("add account access", e)),
    }
    Ok(reply)
}

/// Cancel: forgets the draft and goes back to Account Access Options.
#[server(endpoint = "add_access_cancel")]
pub async fn cancel_access() -> Result<FormReply, ServerFnError> {
    let step = AddStep::Summary;
    if let Some(me) = crate::session::signed_in_or_redirect(step.path()).await? {
        let ctx = expect_context::<crate::context::AppContext>();
        flow::cancel(&ctx, me.login_id).await.map_err(server::failure)?;
    }
    crate::forms::flash::answer(step.flash_form(), step.path(), OPTIONS_PATH, FormReply::default()).await
}

// ---- Pages -----------------------------------------------------------------

/// The guide's trail, the kicker, the page heading and the step indicator.
/// What the pages of Add Account Access say of each step.
impl Wizard for AddStep {
    const NAME: &'static str = words::ADD_ACCOUNT_ACCESS;
    const STEPS: &'static [Self] = &AddStep::ALL;

    /// As the guide names the steps.
    fn title(self) -> &'static str {
        match self {
            Self::Code => words::AUTHORIZATION_CODE,
            Self::AccountInfo => words::STEP_ACCOUNT_INFO,
            Self::Email => words::EMAIL,
            Self::Summary => words::STEP_SUMMARY,
        }
    }

    fn flash_form(self) -> &'static str {
        match self {
            Self::Code => "add_access_code",
            Self::AccountInfo => "add_access_account",
            Self::Email => "add_access_email",
            Self::Summary => "add_access_summary",
        }
    }

    fn heading(self) -> AnyView {
        view! { <WizardHeading step=self/> }.into_any()
    }
}

/// Without a session, a link to sign in; before its earlier steps are done
/// (or without the account the code named), a notice pointing back.
impl GatedPage<AddStep> for Option<AddPage> {
    type Open = AddPage;

    fn open(self, step: AddStep) -> Result<AddPage, AnyView> {
        let page = self.ok_or_else(|| sign_in_to(words::SIGN_IN_TO))?;
        let view = &page.view;
        if view.reached < step || (step > AddStep::Code && view.account.is_none()) {
            return Err(earlier_step_gate(view.reached.path()));
        }
        Ok(page)
    }
}

/// A step's page in the wizards' shell, with this step's form as `body`.
#[component]
fn AddShell(step: AddStep, body: fn(AddView, Option<FormReply>) -> AnyView) -> impl IntoView {
    let page = Resource::new(|| (), move |_| add_access_step(step));
    view! { <StepShell step page show=move |AddPage { view, kept }| body(view, kept)/> }
}

/// Cancel on every step after the first: forgets the draft.
#[component]
fn CancelForm() -> impl IntoView {
    let cancel = ServerAction::<CancelAccess>::new();
    view! {
        <ActionForm action=cancel attr:class="inline-form" attr:data-testid="cancel-form">
            <button type="submit" class="button button-secondary" data-testid="cancel">{shared::CANCEL}</button>
        </ActionForm>
    }
}

/// Where to get a new code, and what the login may still request.
#[component]
fn RequestNew(reply: Signal<FormReply>) -> impl IntoView {
    move || {
        reply.get().data.get("request_new").cloned().map(|allowance| {
            view! {
                <div class="notice" data-testid="request-new">
                    <p><a href=REQUEST_PATH data-testid="request-new-link">{words::REQUEST_A_NEW_AUTHORIZATION}</a></p>
                    {(!allowance.is_empty()).then(|| view! {
                        <ul data-testid="request-allowance">
                            {allowance.lines().map(|l| view! { <li>{l.to_string()}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}

#[component]
pub fn AddAccessCodePage() -> impl IntoView {
    view! { <AddShell step=AddStep::Code body=|_, kept| view! { <CodeForm kept/> }.into_any()/> }
}

#[component]
fn CodeForm(kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<EnterCode>::new();
    let agreed = kept.as_ref().is_some_and(|k| !k.value_of("agree_terms").is_empty());
    let typed = kept.as_ref().map(|k| k.value_of("authorization_code")).unwrap_or_default();
    let reply = reply_of(move || action.value().get(), kept);
    view! {
        <p class="lead">{words::ENTER_YOUR_ACCOUNT_AUTHORIZATION}</p>
        <ErrorSummary reply/>
        <RequestNew reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="code-form">
            <TextField id="authorization_code" label=words::AUTHORIZATION_CODE autocomplete="one-time-code" required=true
                hint=words::THE_10_LETTERS_AND_NUMBERS
                value=typed reply/>
            <TermsCheckbox reply checked=agreed note=words::TERMS_REQUIRED/>
            <p class="note">{words::NO_CODE_YET}<a href=REQUEST_PATH>{words::REQUEST_AN_ACCOUNT_AUTHORIZATION}</a>"."</p>
            <NextOrCancel busy=crate::ui::moving_on(action)/>
        </ActionForm>
    }
}

#[component]
pub fn AddAccessAccountPage() -> impl IntoView {
    view! { <AddShell step=AddStep::AccountInfo body=|view, kept| view! { <AccountForm view kept/> }.into_any()/> }
}

#[component]
fn AccountForm(view: AddView, kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<ConfirmAccount>::new();
    let reply = reply_of(move || action.value().get(), kept);
    let account = view.account.unwrap_or_default();
    view! {
        <p class="lead">{words::YOUR_AUTHORIZATION_CODE}</p>
        <ErrorSummary reply/>
        <h2>{words::ACCOUNT_INFO}</h2>
        <dl class="summary-list" data-testid="account-info">
            <dt>{shared::ACCOUNT_TYPE}</dt><dd data-testid="account-type">{account.account_type.label()}</dd>
            <dt>{shared::ACCOUNT_NUMBER}</dt><dd data-testid="account-number">{account.number.clone()}</dd>
            <dt>{words::NAME}</dt><dd data-testid="account-name">{account.name.clone()}</dd>
        </dl>
        <p>{words::IF_THIS_IS_YOUR_ACCOUNT}</p>
        <div class="button-row">
            <ActionForm action attr:class="inline-form" attr:data-testid="account-form">
                <input type="hidden" name="account_number" value=account.number.clone()/>
                <crate::ui::SubmitButton label=words::NEXT testid="next" busy=crate::ui::moving_on(action)/>
            </ActionForm>
            <a class="button button-secondary" href=AddStep::Code.path()>{words::BACK}</a>
            <CancelForm/>
        </div>
    }
}

#[component]
pub fn AddAccessEmailPage() -> impl IntoView {
    view! { <AddShell step=AddStep::Email body=|view, kept| view! { <EmailForm view kept/> }.into_any()/> }
}

#[component]
fn EmailForm(view: AddView, kept: Option<FormReply>) -> impl IntoView {
    let action = ServerAction::<ChooseEmail>::new();
    let typed = kept.as_ref().map(|k| k.value_of("email")).filter(|v| !v.is_empty());
    let value = typed.unwrap_or(view.email.clone());
    let reply = reply_of(move || action.value().get(), kept);
    view! {
        <p class="lead">{words::WHERE_SHOULD_WE_SEND_NOTICES}</p>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="email-form">
            <TextField id="email" label=words::E_MAIL_ADDRESS input_type="email" autocomplete="email" required=true
                hint=words::WE_EMAIL_THIS_ADDRESS_WHEN
                value reply/>
            <div class="button-row">
                <crate::ui::SubmitButton label=words::NEXT testid="next" busy=crate::ui::moving_on(action)/>
                <a class="button button-secondary" href=AddStep::AccountInfo.path()>{words::BACK}</a>
            </div>
        </ActionForm>
        <CancelForm/>
    }
}

#[component]
pub fn AddAccessSummaryPage() -> impl IntoView {
    view! { <AddShell step=AddStep::Summary body=|view, kept| view! { <SummaryForm view kept/> }.into_any()/> }
}

#[component]
fn SummaryForm(view: AddView, kept: Option<FormReply>) -> impl IntoView {
    let submit = ServerAction::<SubmitAccess>::new();
    let reply = reply_of(move || submit.value().get(), kept);
    let account = view.account.clone().unwrap_or_default();
    view! {
        <ErrorSummary reply/>
        <RequestNew reply/>
        <h2>{words::SUMMARY}</h2>
        <dl class="summary-list" data-testid="summary">
            <dt>{words::USERNAME}</dt><dd data-testid="summary-username">{view.user_id.clone()}</dd>
            <dt>{words::ACTION}</dt><dd>{words::ADDING_ACCOUNT_ACCESS}</dd>
            <dt>{shared::ACCOUNT_TYPE}</dt><dd data-testid="summary-type">{account.account_type.label()}</dd>
            <dt>{shared::ACCOUNT_NUMBER}</dt><dd data-testid="summary-number">{account.number.clone()}</dd>
            <dt>{words::E_MAIL_ADDRESS}</dt><dd data-testid="summary-email">{view.email.clone()}</dd>
        </dl>
        <p><a href=AddStep::Email.path()>{words::CHANGE_THE_E_MAIL_ADDRESS}</a></p>
        <p>{words::IF_ALL_OF_THE_INFORMATION}</p>
        <div class="button-row">
            <ActionForm action=submit attr:class="inline-form" attr:data-testid="submit-form">
                <input type="hidden" name="account_number" value=account.number.clone()/>
                <crate::ui::SubmitButton label=words::SUBMIT testid="submit" busy=crate::ui::moving_on(submit)/>
            </ActionForm>
            <CancelForm/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrong_code_message_counts_down_in_words() {
        assert!(words::wrong_code_message(4, 19).contains("4 more tries"));
        assert!(!words::wrong_code_message(4, 19).contains("stops working"), "the void rule is not said while it is far");
        assert!(
            words::wrong_code_message(4, 5).contains("After 5 more wrong codes, every code you have been sent stops working")
        );
        assert!(words::wrong_code_message(1, 1).contains("1 more try"));
        assert!(words::wrong_code_message(1, 1).contains("After 1 more wrong code,"));
    }

    #[test]
    fn the_wait_is_told_as_a_michigan_clock_time() {
        // 2026-11-27 23:50 UTC
        assert!(
            words::waiting_message(crate::clock::michigan_clock(1_795_823_400)).contains("wait until 6:50 PM EST and try again")
        );
    }

    #[test]
    fn steps_are_in_the_guides_order() {
        assert_eq!(AddStep::ALL.map(AddStep::title), ["Authorization Code", "Account Info", "Email", "Summary"]);
        assert_eq!(AddStep::Summary.number(), 4);
    }
}
