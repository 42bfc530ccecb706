//! Settings (`/settings`, SPEC §3): an overview of the login, and a page of
//! its own for each thing a person may change ([`Section`]): the profile
//! and phones, the email address (a code to the new one), the password,
//! the verification methods (the password again first), the signed-in
//! browsers, the account's own activity from the audit log, and closing
//! the login.
//!
//! Each page holds one form (or one small flow) with its own error summary,
//! and works the portal's one way (see [`crate::forms`]): with JavaScript
//! the server function answers in place; without it the browser posts, the
//! answer waits in the form flash `settings`, and the section's page reads
//! it back after a redirect.

mod close;
mod email;
mod methods;
mod profile;

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use close::LoginClosedNotice;
pub use methods::MethodsView;

use crate::clock::Moment;
use crate::forms::FormReply;
use crate::messages::settings::page as words;
use crate::messages::shared;
use crate::ui::{ErrorSummary, Notice, TextField};

/// The form flash every settings form answers through: each page has one
/// form, and the reply is read by the page the form answers on.
#[cfg(feature = "ssr")]
const FORM: &str = "settings";

/// The overview's address.
pub const OVERVIEW: &str = crate::routes::Route::Settings.path();

/// The pages of Settings below the overview.
pub use crate::routes::SettingsSection as Section;

/// What the pages of Settings say of each section.
impl Section {
    /// The page's heading, and its link on the overview.
    pub fn title(self) -> &'static str {
        match self {
            Section::Profile => words::NAME_AND_PHONE_NUMBERS,
            Section::Email => words::EMAIL_ADDRESS,
            Section::Password => words::PASSWORD,
            Section::Methods => words::VERIFICATION_METHODS,
            Section::Browsers => words::SIGNED_IN_BROWSERS,
            Section::Activity => words::ACCOUNT_ACTIVITY,
            Section::Close => words::CLOSE_YOUR_LOGIN,
        }
    }

    /// One line under the link on the overview: what it is for, or where
    /// things stand when "Your login" above does not say it already.
    fn status(self, view: &SettingsView) -> String {
        match self {
            Section::Profile => words::CHANGE_YOUR_NAME_WORK_PHONE.into(),
            Section::Email => match &view.pending_email {
                Some(pending) => words::change_waits_for_code(pending),
                None => words::CHANGE_THE_ADDRESS_YOUR.into(),
            },
            Section::Password => words::CHANGE_THE_PASSWORD_YOU.into(),
            Section::Methods => words::ADD_OR_REMOVE_THE_WAYS.into(),
            Section::Browsers => sessions_sentence(view.other_sessions),
            Section::Activity => {
                view.activity.first().map(|a| words::latest(&a.what, &a.at)).unwrap_or_else(|| words::NOTHING_YET.into())
            }
            Section::Close => words::CLOSE_THIS_LOGIN_FOR_GOOD.into(),
        }
    }
}

/// Where else this login is signed in, as a sentence.
fn sessions_sentence(others: i64) -> String {
    words::signed_in_elsewhere(others)
}

/// One line of account activity, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub at: Moment,
    pub what: String,
    pub from: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub work_phone: String,
    pub mobile_phone: Option<String>,
    pub methods: Vec<String>,
    /// Other signed-in browsers of this login.
    pub other_sessions: i64,
    pub remembered_browsers: i64,
    pub activity: Vec<ActivityLine>,
    pub first_name: String,
    pub last_name: String,
    /// The profile form's values as stored (phones as displayed).
    pub profile: BTreeMap<String, String>,
    /// The new address an email change is waiting to have proved.
    pub pending_email: Option<String>,
    pub methods_view: MethodsView,
    pub kept: Option<FormReply>,
}

/// What the person reads for an audit event. Every kind has its words (the
/// match is exhaustive); a name this version does not know, in a row
/// written by an older one, reads as a plain security event.
#[cfg(feature = "ssr")]
pub fn describe(event: &str) -> &'static str {
    use crate::store::audit::Event;
    let Some(event) = Event::from_name(event) else { return words::SECURITY_EVENT };
    match event {
        Event::LoginCreated => words::LOGIN_CREATED,
        Event::SignIn => words::SIGNED_IN,
        Event::SignInRememberedBrowser => words::SIGNED_IN_ON_A_REMEMBERED,
        Event::SignInFailed => words::SIGN_IN_FAILED_WRONG_PASSWORD,
        Event::SignInRefusedLocked => words::SIGN_IN_REFUSED_LOGIN_LOCKED,
        Event::LockoutStarted => words::LOGIN_LOCKED_AFTER_WRONG,
        Event::SecondStepFailed => words::WRONG_VERIFICATION_CODE,
        Event::CodeRequested => words::VERIFICATION_CODE_REQUESTED,
        Event::LogOff => words::LOGGED_OFF,
        Event::PasswordChanged => words::PASSWORD_CHANGED,
        Event::PasswordReset => words::PASSWORD_RESET,
        Event::SignedOutElsewhere => words::SIGNED_OUT_OF_EVERY_OTHER,
        Event::UserIdReminderSent => words::USER_ID_REMINDER_EMAILED,
        Event::ProfileChanged => words::PROFILE_CHANGED,
        Event::EmailChangeCodeSent => words::CODE_SENT_TO_CONFIRM_A,
        Event::EmailChanged => words::EMAIL_ADDRESS_CHANGED,
        Event::SettingsPasswordFailed => words::WRONG_PASSWORD_TYPED_IN,
        Event::MethodsUnlocked => words::PASSWORD_TYPED_AGAIN_TO,
        Event::MethodAdded => words::VERIFICATION_METHOD_ADDED,
        Event::MethodRemoved => words::VERIFICATION_METHOD_REMOVED,
        Event::LoginClosed => words::LOGIN_CLOSED,
        Event::AuthorizationCodeFailed => words::WRONG_ACCOUNT_AUTHORIZATION,
        Event::AuthorizationCodesVoided => words::EVERY_OUTSTANDING_AUTHORIZATION,
        Event::AccountLinked => words::BUSINESS_ACCOUNT_ACCESS,
        Event::AccountUnlinked => words::BUSINESS_ACCOUNT_ACCESS_REMOVED,
        Event::SecondStepWaitStarted => words::SECOND_STEP_CLOSED_FOR,
        Event::PasswordResetRequested => words::PASSWORD_RESET_ASKED_FOR,
        Event::PasswordResetCodeFailed => words::WRONG_PASSWORD_RESET_CODE,
        Event::CodeRequestedEmail => words::ACCOUNT_AUTHORIZATION_CODE,
        Event::LetterRequested => words::ACCOUNT_AUTHORIZATION_CODE_ASKED_FOR_BY,
        Event::LetterSent => words::LETTER_WITH_AN_ACCOUNT,
        Event::OperatorUnlock => words::LOGIN_UNLOCKED_BY_THE_HELP,
        Event::OperatorResetMethods => words::VERIFICATION_METHODS_RESET,
        Event::OperatorAccessRevoke => words::BUSINESS_ACCOUNT_ACCESS_REMOVED_BY_THE,
        Event::OperatorCodesVoid => words::AUTHORIZATION_CODES_VOIDED,
        Event::OperatorRecordsImport => words::BUSINESS_RECORDS_IMPORTED,
        Event::OperatorRecordsImportRefused => words::BUSINESS_RECORDS_IMPORT,
        Event::OperatorMailExport => words::LETTERS_EXPORTED_FOR_MAILING,
        Event::OperatorBackup => words::DATABASE_BACKED_UP_BY_THE,
    }
}

/// The page's view of a login as Settings reads it (what only this
/// request knows, the User ID, the draft's parts and the flash, is added
/// by the caller).
#[cfg(feature = "ssr")]
fn view_of(overview: crate::flows::settings_overview::Overview) -> SettingsView {
    use crate::rules::method::Method;
    use crate::rules::phone::Phone;
    use crate::store::audit::Event;
    let p = overview.profile;
    let activity = overview
        .activity
        .into_iter()
        .map(|a| {
            let mut what = describe(&a.event).to_string();
            // Which method: a stored name only, never anything secret.
            let method = a.detail.as_deref().and_then(Method::from_name);
            if let (Some(method), Some(Event::MethodAdded | Event::MethodRemoved)) = (method, a.kind()) {
                what = words::event_with_method(&what, method.label());
            }
            ActivityLine { at: Moment::at(a.at), what, from: a.ip }
        })
        .collect();
    let name = [p.first_name.clone(), p.middle_initial.clone(), Some(p.last_name.clone()), p.suffix.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let work_phone = Phone { e164: p.work_phone.clone(), extension: p.work_phone_ext.clone() }.display();
    let mobile_phone = p.mobile_phone.clone().map(|e164| Phone { e164, extension: None }.display());
    let profile = BTreeMap::from([
        ("first_name".to_string(), p.first_name.clone().unwrap_or_default()),
        ("middle_initial".to_string(), p.middle_initial.clone().unwrap_or_default()),
        ("last_name".to_string(), p.last_name.clone()),
        ("suffix".to_string(), p.suffix.clone().unwrap_or_default()),
        ("work_phone".to_string(), work_phone.clone()),
        ("mobile_phone".to_string(), mobile_phone.clone().unwrap_or_default()),
    ]);
    SettingsView {
        user_id: String::new(),
        name,
        email: p.email,
        work_phone,
        mobile_phone,
        methods: overview.methods.iter().map(|m| m.label().to_string()).collect(),
        other_sessions: overview.other_sessions,
        remembered_browsers: overview.remembered_browsers,
        activity,
        first_name: p.first_name.unwrap_or_default(),
        last_name: p.last_name,
        profile,
        pending_email: None,
        methods_view: MethodsView::default(),
        kept: None,
    }
}

/// Everything the Settings pages show; `section` is the page asking (its
/// address is where a person who must sign in again comes back to).
#[server(endpoint = "settings_page")]
pub async fn settings_page(section: String) -> Result<Option<SettingsView>, ServerFnError> {
    let page = Section::from_slug(&section).map_or(OVERVIEW, Section::path);
    if !section.is_empty()
        && Section::from_slug(&section).is_none()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let Some(me) = server::me_on(page).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(FORM).await?;
    let now = ctx.now();
    let overview = crate::flows::settings_overview::read(&ctx, me.login_id, &me.token, now)
        .await
        .map_err(|e| crate::forms::broken("settings", e))?;
    let (draft, methods, mobile) = (overview.draft.clone(), overview.methods.clone(), overview.profile.mobile_phone.clone());
    let mut view = view_of(overview);
    view.pending_email = draft.pending_email(now).map(|p| p.address.clone());
    view.methods_view = methods::view_of(&ctx, me.user_id.as_str(), &draft, methods, mobile, now);
    view.user_id = me.user_id.to_string();
    view.kept = kept;
    Ok(Some(view))
}

/// Changes the password: the current one first, then every rule of SPEC §2
/// including the last 3 passwords. Every other browser is signed out.
#[server(endpoint = "settings_password")]
pub async fn change_password(
    #[server(default)] current_password: String,
    #[server(default)] new_password: String,
    #[server(default)] confirm_password: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::password_change::{Refused, Typed, change};

    const SECTION: Section = Section::Password;
    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let typed = Typed { current: current_password, new: new_password, confirm: confirm_password };
    let mut reply = FormReply::default();
    match change(&ctx, me.login_id, &me.user_id, typed, ctx.now()).await {
        Ok(()) => reply.notice = Some(words::YOUR_PASSWORD_WAS_CHANGED.into()),
        Err(Refused::Fields { current, new }) => {
            if let Some(message) = current {
                reply.field_error("current_password", message);
            }
            reply.new_password_problems(new, "new_password", "confirm_password");
        }
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("settings", e)),
    }
    server::answer(SECTION, reply).await
}

/// Ends every other session of this login and forgets remembered browsers.
#[server(endpoint = "settings_sign_out_elsewhere")]
pub async fn sign_out_elsewhere() -> Result<FormReply, ServerFnError> {
    use crate::session::server::{cookie, failure, origin};
    use crate::store::{audit, sessions, sign_in};

    const SECTION: Section = Section::Browsers;
    let mut reply = FormReply::default();
    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let keep = cookie(&ctx, sessions::cookie_name(ctx.secure_cookies));
    let (now, origin, login_id) = (ctx.now(), origin(&ctx), me.login_id);
    let ended = ctx
        .store
        .write(move |tx| {
            let ended = sessions::end_all(tx, login_id, keep.as_deref())?;
            sign_in::forget_browsers(tx, login_id)?;
            audit::record(tx, Some(login_id), audit::Event::SignedOutElsewhere, None, &origin, now)?;
            Ok(ended)
        })
        .await
        .map_err(failure)?;
    reply.notice = Some(words::signed_out_of(ended));
    server::answer(SECTION, reply).await
}

/// What every settings server function shares: who is signed in (and on
/// which session), the password typed again, notices and the audit log.
#[cfg(feature = "ssr")]
mod server {
    use leptos::prelude::*;

    use super::{FORM, Section, shared};
    use crate::context::AppContext;
    use crate::forms::FormReply;
    use crate::session::server::{cookie, failure, origin};
    use crate::store::{audit, sessions};

    /// The signed-in login and its session token (the key of its drafts).
    pub struct Me {
        pub login_id: crate::store::LoginId,
        pub user_id: crate::store::UserId,
        pub token: String,
    }

    impl std::fmt::Debug for Me {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Me").field("login_id", &self.login_id).finish_non_exhaustive()
        }
    }

    /// This request's login, or `None` after asking the browser to sign in
    /// and come back to `section`.
    pub async fn me(section: Section) -> Result<Option<Me>, ServerFnError> {
        me_on(section.path()).await
    }

    pub async fn me_on(page: &str) -> Result<Option<Me>, ServerFnError> {
        let Some(found) = crate::session::signed_in_or_redirect(page).await? else {
            return Ok(None);
        };
        let ctx = expect_context::<AppContext>();
        let Some(token) = cookie(&ctx, sessions::cookie_name(ctx.secure_cookies)) else {
            return Ok(None);
        };
        Ok(Some(Me { login_id: found.login_id, user_id: found.user_id, token }))
    }

    /// The answer for a request whose session has ended.
    pub async fn sign_in_again(section: Section) -> Result<FormReply, ServerFnError> {
        let reply = FormReply { form_error: Some(shared::PLEASE_SIGN_IN_AGAIN.into()), ..Default::default() };
        answer(section, reply).await
    }

    /// Every settings form comes back to its own page, done or refused:
    /// the notice or the errors show next to the form.
    pub async fn answer(section: Section, reply: FormReply) -> Result<FormReply, ServerFnError> {
        crate::forms::flash::answer(FORM, section.path(), section.path(), reply).await
    }

    /// Checks the password typed again, putting any problem on `field`.
    /// A wrong one goes to the audit log (never the password itself).
    pub async fn password_again(
        ctx: &AppContext,
        me: &Me,
        typed: String,
        field: &str,
        reply: &mut FormReply,
    ) -> Result<(), ServerFnError> {
        let problem = crate::flows::password_again::problem(ctx, me.login_id, typed, ctx.now())
            .await
            .map_err(|e| crate::forms::broken("password check", e))?;
        if let Some(message) = problem {
            reply.field_error(field, message);
        }
        Ok(())
    }

    pub async fn record(
        ctx: &AppContext,
        login_id: crate::store::LoginId,
        event: crate::store::audit::Event,
        detail: Option<String>,
    ) -> Result<(), ServerFnError> {
        let (now, origin) = (ctx.now(), origin(ctx));
        ctx.store
            .write(move |tx| audit::record(tx, Some(login_id), event, detail.as_deref(), &origin, now))
            .await
            .map_err(failure)
    }
}

/// Follows one form's replies: the page shows the newest, and reads its
/// data again after a change went through (or when the reply asks for it),
/// so a refused form keeps what was typed.
fn follow(
    value: impl Fn() -> Option<Result<FormReply, ServerFnError>> + 'static,
    last: RwSignal<Option<FormReply>>,
    refresh: Option<RwSignal<u32>>,
) {
    Effect::new(move |_| {
        if let Some(r) = value() {
            let r = r.unwrap_or_else(|_| FormReply::went_wrong());
            if let Some(refresh) = refresh.filter(|_| r.is_ok() || r.data.contains_key("reload")) {
                refresh.update(|n| *n += 1);
            }
            last.set(Some(r));
        }
    });
}

/// The overview (`/settings`) and each section's page (`/settings/:section`):
/// one component, so moving between them keeps the app's one chunk for
/// Settings and re-reads the login's data on every arrival.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let slug = Memo::new(move |_| params.read().get("section"));
    let section = Memo::new(move |_| slug.get().as_deref().map(Section::from_slug));
    let password = ServerAction::<ChangePassword>::new();
    let elsewhere = ServerAction::<SignOutElsewhere>::new();
    let profile = ServerAction::<profile::UpdateProfile>::new();
    let email_start = ServerAction::<email::StartEmailChange>::new();
    let email_code = ServerAction::<email::ConfirmEmailChange>::new();
    let unlock = ServerAction::<methods::UnlockMethods>::new();
    let method = ServerAction::<methods::ChangeMethod>::new();
    let close = ServerAction::<close::CloseLogin>::new();
    let refresh = RwSignal::new(0u32);
    let page = Resource::new(move || (refresh.get(), slug.get()), |(_, slug)| settings_page(slug.unwrap_or_default()));
    let last = RwSignal::new(None::<FormReply>);
    // A reply belongs to the page its form is on: moving on forgets it.
    Effect::new(move |previous: Option<Option<String>>| {
        let now = slug.get();
        if previous.is_some_and(|p| p != now) {
            last.set(None);
        }
        now
    });
    follow(move || password.value().get(), last, Some(refresh));
    follow(move || elsewhere.value().get(), last, Some(refresh));
    follow(move || profile.value().get(), last, Some(refresh));
    follow(move || email_start.value().get(), last, Some(refresh));
    follow(move || email_code.value().get(), last, Some(refresh));
    follow(move || unlock.value().get(), last, Some(refresh));
    follow(move || method.value().get(), last, Some(refresh));
    // A closed login has no settings to read again: the browser goes home.
    follow(move || close.value().get(), last, None);
    let heading = move || match section.get() {
        None => words::SETTINGS,
        Some(Some(s)) => s.title(),
        Some(None) => words::PAGE_NOT_FOUND,
    };
    // The server writes the title into the head after the body, when this
    // page's signals may be gone already (a burst of renders panicked on
    // it): it falls back to the section the page was rendered for.
    let rendered_for = section.get_untracked();
    let title = move || match section.try_get().unwrap_or(rendered_for) {
        None => words::SETTINGS.to_string(),
        Some(Some(s)) => words::in_settings(s.title()),
        Some(None) => words::PAGE_NOT_FOUND_SETTINGS.to_string(),
    };
    view! {
        <Title text=title/>
        {move || section.get().is_some().then(|| view! {
            <p class="back-link"><a href=OVERVIEW data-testid="back-to-settings">{words::BACK_TO_SETTINGS}</a></p>
        })}
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{heading}</h1>
        <Transition fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let here = section.get();
                let Ok(Some(view)) = page.await else {
                    let back = here.flatten().map_or(OVERVIEW, Section::path);
                    return view! { <p>{shared::PLEASE}<a href=Route::Login.with(&format!("?next={back}"))>{shared::SIGN_IN}</a>{words::TO_SEE_YOUR_SETTINGS}</p> }.into_any();
                };
                let kept = view.kept.clone();
                let reply = Signal::derive(move || last.get().or(kept.clone()).unwrap_or_default());
                let body = match here {
                    None => view! { <Overview view=view.clone()/> }.into_any(),
                    Some(None) => view! {
                        <p data-testid="no-such-settings-page">{words::THERE_IS_NO_SUCH_SETTINGS}
                            <a href=OVERVIEW>{words::SEE_EVERY_SETTING}</a>"."</p>
                    }.into_any(),
                    Some(Some(Section::Profile)) => view! {
                        <profile::ProfileSection action=profile values=view.profile.clone() kept=view.kept.clone() reply/>
                    }.into_any(),
                    Some(Some(Section::Email)) => view! {
                        <email::EmailSection start=email_start code=email_code current=view.email.clone()
                            pending=view.pending_email.clone() reply/>
                    }.into_any(),
                    Some(Some(Section::Password)) => view! { <PasswordSection action=password reply/> }.into_any(),
                    Some(Some(Section::Methods)) => view! {
                        <methods::MethodsSection unlock method view=view.methods_view.clone() reply/>
                    }.into_any(),
                    Some(Some(Section::Browsers)) => view! { <BrowsersSection action=elsewhere view=view.clone()/> }.into_any(),
                    Some(Some(Section::Activity)) => view! { <ActivityTable lines=view.activity.clone()/> }.into_any(),
                    Some(Some(Section::Close)) => view! { <close::CloseSection action=close reply/> }.into_any(),
                };
                view! {
                    <Notice reply/>
                    <ErrorSummary reply/>
                    {body}
                }.into_any()
            })}
        </Transition>
    }
}

/// What the login is, and a link to each page with where it stands.
#[component]
fn Overview(view: SettingsView) -> impl IntoView {
    view! {
        <section class="method" aria-labelledby="profile-title" data-testid="settings-profile">
            <h2 id="profile-title">{words::YOUR_LOGIN}</h2>
            <dl class="summary-list">
                <dt>{shared::USER_ID}</dt><dd>{view.user_id.clone()}</dd>
                <dt>{words::NAME}</dt><dd data-testid="settings-name">{view.name.clone()}</dd>
                <dt>{shared::EMAIL_ADDRESS}</dt><dd data-testid="settings-email">{view.email.clone()}</dd>
                <dt>{shared::WORK_PHONE_NUMBER}</dt><dd data-testid="settings-work-phone">{view.work_phone.clone()}</dd>
                <dt>{shared::MOBILE_NUMBER}</dt><dd>{view.mobile_phone.clone().unwrap_or_else(|| words::NONE_GIVEN.into())}</dd>
                <dt>{words::VERIFICATION_METHODS}</dt><dd data-testid="settings-methods">{view.methods.join(", ")}</dd>
            </dl>
        </section>
        <nav aria-labelledby="change-title">
            <h2 id="change-title">{words::CHANGE_YOUR_SETTINGS}</h2>
            <ul class="settings-list" data-testid="settings-sections">
                {Section::ALL.into_iter().map(|s| view! {
                    <li>
                        <a href=s.path() data-testid=format!("open-{}", s.slug())>{s.title()}</a>
                        <span class="settings-status">{s.status(&view)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn PasswordSection(action: ServerAction<ChangePassword>, reply: Signal<FormReply>) -> impl IntoView {
    view! {
        <section class="method" aria-labelledby="password-title">
            <h2 id="password-title">{words::CHANGE_YOUR_PASSWORD}</h2>
            <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="change-password-form">
                <TextField id="current_password" label=words::CURRENT_PASSWORD input_type="password"
                    autocomplete="current-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                <TextField id="new_password" label=words::NEW_PASSWORD input_type="password" autocomplete="new-password"
                    hint=words::AT_LEAST_8_CHARACTERS_FROM
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <TextField id="confirm_password" label=words::CONFIRM_NEW_PASSWORD input_type="password"
                    autocomplete="new-password" required=true forget_on_reply=true reply/>
                <button type="submit" class="button" data-testid="change-password">{words::CHANGE_PASSWORD}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn BrowsersSection(action: ServerAction<SignOutElsewhere>, view: SettingsView) -> impl IntoView {
    let remembered = words::browsers_remembered(view.remembered_browsers);
    view! {
        <section class="method" aria-labelledby="browsers-title">
            <h2 id="browsers-title">{words::WHERE_YOU_ARE_SIGNED_IN}</h2>
            <p data-testid="other-sessions">{sessions_sentence(view.other_sessions)}" "{remembered}</p>
            <p>{words::SIGNING_OUT_EVERYWHERE}</p>
            <ActionForm action attr:class="inline-form">
                <button type="submit" class="button button-secondary" data-testid="sign-out-elsewhere">{words::SIGN_OUT_EVERYWHERE_ELSE}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ActivityTable(lines: Vec<ActivityLine>) -> impl IntoView {
    view! {
        <section class="method" aria-labelledby="activity-title">
            <h2 id="activity-title">{words::YOUR_MOST_RECENT_SECURITY}</h2>
            <table data-testid="activity">
                <caption class="visually-hidden">{words::YOUR_MOST_RECENT_SECURITY_EVENTS_NEWEST}</caption>
                <thead><tr><th scope="col">{words::WHEN}</th><th scope="col">{words::WHAT}</th><th scope="col">{words::FROM}</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|a| view! {
                        <tr>
                            <td>{a.at.text}</td>
                            <td>{a.what}</td>
                            <td>{a.from.unwrap_or_else(|| "unknown".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
