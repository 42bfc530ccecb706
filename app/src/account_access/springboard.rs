//! The springboard (`/springboard`, SPEC §4.5): one card per business
//! account this login has access to, a way to add another (Account Access
//! Options), a way to remove access (with a confirmation step), and the
//! login's recent account-access activity.
//!
//! Every read is of this login's own links; removing access names an
//! account number, which changes something only if this login holds it.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::common::OPTIONS_PATH;
use crate::clock::Moment;
use crate::forms::FormReply;
use crate::messages::account_access::springboard as words;
use crate::messages::shared;
use crate::rules::account_type::AccountType;
use crate::rules::business::BusinessAccount;
use crate::ui::{ErrorSummary, Notice};

#[cfg(feature = "ssr")]
const FORM: &str = "springboard";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::Springboard.path();

/// One linked account as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub account: BusinessAccount,
    pub notice_email: String,
    pub linked_at: Moment,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub at: Moment,
    pub what: String,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpringboardView {
    pub user_id: String,
    /// News left by Add Account Access or a removal.
    pub notice: Option<String>,
    pub cards: Vec<Card>,
    pub activity: Vec<ActivityLine>,
    /// What a native (JavaScript off) submission left for this page.
    pub kept: Option<FormReply>,
}

/// What the person reads for each account-access event.
#[cfg(feature = "ssr")]
pub fn describe(event: &str) -> &'static str {
    use crate::store::audit::Event;
    match Event::from_name(event) {
        Some(Event::CodeRequestedEmail) => words::AUTHORIZATION_CODE_REQUESTED,
        Some(Event::LetterRequested) => words::AUTHORIZATION_CODE_REQUESTED_BY_MAIL,
        Some(Event::LetterSent) => words::AUTHORIZATION_CODE_LETTER,
        Some(Event::OperatorAccessRevoke) => words::ACCOUNT_ACCESS_REMOVED,
        Some(Event::OperatorCodesVoid) => words::AUTHORIZATION_CODES_VOIDED,
        _ => crate::settings::describe(event),
    }
}

#[cfg(feature = "ssr")]
fn failure(e: impl std::fmt::Display) -> ServerFnError {
    crate::forms::server_failure("springboard", e)
}

/// The springboard of the signed-in login. A login with no accounts (and
/// no news to show) is sent to Account Access Options.
#[server(endpoint = "springboard_page")]
pub async fn springboard_page() -> Result<Option<SpringboardView>, ServerFnError> {
    use super::springboard_state as state;

    let Some(me) = crate::session::signed_in_or_redirect(PAGE).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(FORM).await?;
    let (login_id, now) = (me.login_id, ctx.now());
    let seen = state::look(&ctx.store, login_id, now, 15).await.map_err(failure)?;
    let notice = seen.notice;
    let cards: Vec<Card> = seen
        .links
        .into_iter()
        .map(|l| Card { account: l.account, notice_email: l.notice_email, linked_at: Moment::at(l.linked_at) })
        .collect();
    let activity = seen
        .activity
        .into_iter()
        .map(|a| ActivityLine { at: Moment::at(a.at), what: describe(&a.event).to_string(), detail: a.detail })
        .collect();
    if cards.is_empty() && notice.is_none() && kept.is_none() {
        leptos_axum::redirect(OPTIONS_PATH);
        return Ok(None);
    }
    Ok(Some(SpringboardView { user_id: me.user_id.to_string(), notice, cards, activity, kept }))
}

/// Remove access, in two steps: `ask` shows the confirmation for an
/// account this login holds; `confirm` removes it, tells everyone
/// concerned and audits it; `keep` closes the confirmation.
#[server(endpoint = "springboard_remove")]
pub async fn remove_access(
    #[server(default)] account_number: String,
    #[server(default)] intent: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::remove_access::{is_mine, remove};
    let mut reply = FormReply::default();
    let Some(me) = crate::session::signed_in_or_redirect(PAGE).await? else {
        return super::common::sign_in_again(FORM, PAGE, reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let (login_id, now) = (me.login_id, ctx.now());
    let number = crate::rules::business::AccountNumber::parse(&account_number);
    let form_error = match (intent.as_str(), &number) {
        ("keep", _) => None,
        // "Remove": ask first, on the page, which account it is.
        ("ask", Some(number)) if is_mine(&ctx, login_id, number).await.map_err(failure)? => {
            reply.data.insert("confirm_remove".into(), number.to_string());
            None
        }
        ("confirm", Some(number)) if remove(&ctx, login_id, &me.user_id, number, now).await.map_err(failure)? => None,
        ("ask" | "confirm", _) => Some(words::NOT_YOURS),
        _ => Some(shared::CHOOSE_A_BUTTON),
    };
    reply.form_error = form_error.map(String::from);
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

#[component]
pub fn SpringboardPage() -> impl IntoView {
    let remove = ServerAction::<RemoveAccess>::new();
    let page = Resource::new(move || remove.version().get(), |_| springboard_page());
    let last = RwSignal::new(None::<FormReply>);
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            last.set(Some(r.unwrap_or_else(|_| FormReply::went_wrong())))
        }
    });
    view! {
        <Title text=words::SPRINGBOARD/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::SPRINGBOARD}</h1>
        <p class="lead" data-testid="springboard-welcome">{words::WELCOME}</p>
        <Transition fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(view)) => {
                        let kept = view.kept.clone();
                        let reply = Signal::derive(move || last.get().or(kept.clone()).unwrap_or_default());
                        view! { <Board view reply remove/> }.into_any()
                    }
                    Ok(None) => view! {
                        <p>{shared::PLEASE}<a href=Route::Login.with("?next=/springboard")>{shared::SIGN_IN}</a>{words::TO_SEE_YOUR_SPRINGBOARD}</p>
                    }.into_any(),
                    Err(_) => crate::ui::not_loaded(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Board(view: SpringboardView, reply: Signal<FormReply>, remove: ServerAction<RemoveAccess>) -> impl IntoView {
    let news = view.notice.clone();
    let empty = view.cards.is_empty();
    view! {
        <div role="status" class="status-region" data-testid="springboard-notice">
            {news.map(|n| view! { <p class="notice-text">{n}</p> })}
        </div>
        <Notice reply/>
        <ErrorSummary reply/>
        {empty.then(|| view! {
            <p class="notice" data-testid="no-accounts">{words::YOU_HAVE_NO_BUSINESS_ACCOUNTS}</p>
        })}
        <div class="account-cards">
            {view.cards.into_iter().map(|card| view! { <AccountCard card reply remove/> }).collect_view()}
        </div>
        <p><a class="button" href=OPTIONS_PATH data-testid="add-another">
            {if empty { words::ACCOUNT_ACCESS_OPTIONS } else { words::ADD_ANOTHER_ACCOUNT }}
        </a></p>
        <section aria-labelledby="activity-title" class="springboard-activity">
            <h2 id="activity-title">{words::RECENT_ACTIVITY}</h2>
            {if view.activity.is_empty() {
                view! { <p data-testid="activity">{words::NO_ACCOUNT_ACCESS_ACTIVITY}</p> }.into_any()
            } else {
                view! {
                    <table data-testid="activity">
                        <caption class="visually-hidden">{words::YOUR_RECENT_ACCOUNT_ACCESS}</caption>
                        <thead><tr><th scope="col">{words::WHEN}</th><th scope="col">{words::WHAT}</th><th scope="col">{words::DETAILS}</th></tr></thead>
                        <tbody>
                            {view.activity.iter().map(|a| view! {
                                <tr>
                                    <td>{a.at.text.clone()}</td>
                                    <td>{a.what.clone()}</td>
                                    <td>{a.detail.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn AccountCard(card: Card, reply: Signal<FormReply>, remove: ServerAction<RemoveAccess>) -> impl IntoView {
    let a = card.account;
    let number = a.number.to_string();
    let title_id = format!("account-{}-title", a.number);
    let confirm_id = format!("remove-{}-title", a.number);
    let asking = {
        let number = number.clone();
        move || reply.read().data.get("confirm_remove").is_some_and(|n| *n == number)
    };
    // With JavaScript the confirmation appears in place: focus moves to it,
    // as `autofocus` does on a fresh page without.
    {
        let (asking, confirm_id) = (asking.clone(), confirm_id.clone());
        Effect::new(move |_| {
            if asking() {
                let id = confirm_id.clone();
                request_animation_frame(move || {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(el) =
                        document().get_element_by_id(&id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                });
            }
        });
    }
    let details = match a.account_type {
        AccountType::Mechanic => view! {
            <table class="certifications" data-testid="certifications">
                <caption>{words::CERTIFICATION_CATEGORIES}</caption>
                <thead><tr><th scope="col">{words::CATEGORY}</th><th scope="col">{words::STATUS}</th><th scope="col">{words::EXPIRES}</th></tr></thead>
                <tbody>
                    {if a.certifications.is_empty() {
                        view! { <tr><td colspan="3">{words::NO_CERTIFICATION_CATEGORIES}</td></tr> }.into_any()
                    } else {
                        a.certifications.iter().map(|c| view! {
                            <tr><th scope="row">{c.category.clone()}</th><td>{c.status.label()}</td><td>{c.expires_on.clone()}</td></tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        }
        .into_any(),
        AccountType::MechanicSchool => view! {
            <h3>{words::PROGRAMS}</h3>
            {if a.programs.is_empty() {
                view! { <p data-testid="programs">{words::NO_PROGRAMS_ON_RECORD}</p> }.into_any()
            } else {
                view! { <ul data-testid="programs">{a.programs.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
        }
        .into_any(),
    };
    let hidden = {
        let number = number.clone();
        move |intent: &'static str| {
            view! {
                <input type="hidden" name="account_number" value=number.clone()/>
                <input type="hidden" name="intent" value=intent/>
            }
        }
    };
    let (ask_fields, confirm_fields, keep_fields) = (hidden.clone(), hidden.clone(), hidden);
    let label_number = a.number.clone();
    let confirm_number = a.number.clone();
    view! {
        <section class="account-card" aria-labelledby=title_id.clone() data-testid="account-card" data-account=number.clone()>
            <h2 id=title_id.clone()>{a.name.clone()}</h2>
            <dl class="summary-list">
                <dt>{shared::ACCOUNT_TYPE}</dt><dd data-testid="card-type">{a.account_type.label()}</dd>
                <dt>{shared::ACCOUNT_NUMBER}</dt><dd data-testid="card-number">{a.number.to_string()}</dd>
                <dt>{if a.account_type == AccountType::MechanicSchool { words::SCHOOL_NAME } else { words::NAME }}</dt>
                <dd data-testid="card-name">{a.name.clone()}</dd>
                <dt>{words::STATUS}</dt><dd data-testid="card-status">{a.status_label()}</dd>
                <dt>{words::MAILING_ADDRESS}</dt><dd>{a.address.lines().join(", ")}</dd>
                <dt>{words::NOTICES_GO_TO}</dt><dd>{card.notice_email.clone()}</dd>
                <dt>{words::ACCESS_ADDED}</dt><dd>{card.linked_at.text.clone()}</dd>
            </dl>
            {details}
            {move || if asking() {
                let confirm_fields = confirm_fields.clone();
                let keep_fields = keep_fields.clone();
                view! {
                    <div class="confirm-remove" data-testid="confirm-remove">
                        <h3 id=confirm_id.clone() tabindex="-1" autofocus=true>{words::remove_your_access_to(&confirm_number)}</h3>
                        <p>{words::YOUR_LOGIN_WILL_NO_LONGER}</p>
                        <div class="button-row">
                            <ActionForm action=remove attr:class="inline-form">
                                {confirm_fields("confirm")}
                                <button type="submit" class="button button-danger" data-testid="confirm-remove-button">{words::YES_REMOVE_ACCESS}</button>
                            </ActionForm>
                            <ActionForm action=remove attr:class="inline-form">
                                {keep_fields("keep")}
                                <button type="submit" class="button button-secondary" data-testid="keep-access">{words::NO_KEEP_ACCESS}</button>
                            </ActionForm>
                        </div>
                    </div>
                }.into_any()
            } else {
                let ask_fields = ask_fields.clone();
                let label_number = label_number.clone();
                view! {
                    <ActionForm action=remove attr:class="inline-form">
                        {ask_fields("ask")}
                        <button type="submit" class="button button-secondary" data-testid="remove-access">
                            {words::REMOVE_ACCESS}<span class="visually-hidden">{words::to_account(&label_number)}</span>
                        </button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}
