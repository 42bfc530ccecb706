//! Account access (SPEC §4.2–4.4): the Account Access Options page
//! (`/account-access`), where a signed-in person chooses to request an
//! authorization code ([`request_code`]) or to add account access with one.

pub mod add_access;
mod common;
pub mod request_code;
pub mod springboard;
#[cfg(feature = "ssr")]
pub mod springboard_state;

use crate::clock::Moment;
use crate::messages::account_access::page as words;
use crate::messages::shared;
use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

pub use request_code::{
    RequestAccountDetailsPage, RequestAccountInfoPage, RequestAccountTypePage, RequestConfirmationPage, RequestPrintablePage,
    RequestSummaryPage,
};

/// What the options page needs of the signed-in login.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionsView {
    pub user_id: String,
    /// Business accounts this login already has access to.
    pub linked_accounts: usize,
    /// Codes requested and not yet used, newest first.
    pub on_the_way: Vec<OnTheWay>,
}

/// A requested authorization code still to come or still to be used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTheWay {
    pub account_number: String,
    pub by_letter: bool,
    pub requested_at: Moment,
    /// The letter was mailed (letters only).
    pub mailed_at: Option<Moment>,
    /// The code stops working (`None` while a letter is being prepared).
    pub expires_at: Option<Moment>,
}

impl OnTheWay {
    /// One sentence: where the code is, until when it works, what to do.
    pub fn sentence(&self) -> String {
        words::on_the_way(
            &self.account_number,
            self.by_letter,
            &self.requested_at,
            self.mailed_at.as_ref(),
            self.expires_at.as_ref(),
        )
    }
}

/// The signed-in login and how many accounts it holds; without a session,
/// sends the browser to sign in and back here.
#[server(endpoint = "account_access_options")]
pub async fn account_access_options() -> Result<Option<OptionsView>, ServerFnError> {
    let Some(me) = crate::session::signed_in_or_redirect(Route::AccountAccess.path()).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let login_id = me.login_id;
    let now = ctx.now();
    let (linked, outstanding) = ctx
        .store
        .read(move |c| {
            Ok((crate::store::links::count(c, login_id)?, crate::store::code_requests::outstanding(c, login_id, now)?))
        })
        .await
        .map_err(|e| crate::forms::server_failure("account access options", e))?;
    let on_the_way = outstanding
        .into_iter()
        .map(|o| {
            let by_letter = o.channel == crate::store::code_requests::Channel::Letter;
            OnTheWay {
                account_number: o.account_number.to_string(),
                by_letter,
                requested_at: Moment::at(o.requested_at),
                mailed_at: o.sent_at.filter(|_| by_letter).map(Moment::at),
                expires_at: o.expires_at.map(Moment::at),
            }
        })
        .collect();
    Ok(Some(OptionsView { user_id: me.user_id.to_string(), linked_accounts: linked.max(0) as usize, on_the_way }))
}

#[component]
pub fn AccountAccessPage() -> impl IntoView {
    let options = Resource::new(|| (), |_| account_access_options());
    view! {
        <Title text=words::ACCOUNT_ACCESS_OPTIONS/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::ACCOUNT_ACCESS_OPTIONS}</h1>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                common::loaded(options.await, words::SIGN_IN_TO, |view| view! { <Options view/> }.into_any())
            })}
        </Suspense>
    }
}

#[component]
fn Options(view: OptionsView) -> impl IntoView {
    let linked = view.linked_accounts;
    view! {
        {(linked > 0).then(|| view! {
            <p class="notice" data-testid="springboard-link">
                {words::you_have_access_to(linked)}
                <a href=Route::Springboard.path()>{words::GO_TO_YOUR_ACCOUNTS}</a>
            </p>
        })}
        {(!view.on_the_way.is_empty()).then(|| view! {
            <section class="notice on-the-way" aria-labelledby="on-the-way-title" data-testid="on-the-way">
                <h2 id="on-the-way-title">{words::AUTHORIZATION_CODES_ON}</h2>
                <ul>
                    {view.on_the_way.iter().map(|o| view! { <li>{o.sentence()}</li> }).collect_view()}
                </ul>
            </section>
        })}
        <h2>{words::ACCESS_REQUESTS}</h2>
        <ul class="tiles access-options">
            <li class="tile tile-primary">
                <a class="tile-title" href=request_code::RequestStep::AccountType.path() data-testid="request-code"
                    aria-describedby="request-code-text">{words::REQUEST_CODE}</a>
                <p id="request-code-text">{words::REQUEST_AN_ACCOUNT_AUTHORIZATION}</p>
            </li>
            <li class="tile">
                <a class="tile-title" href=Route::AddAccess.path() data-testid="add-access"
                    aria-describedby="add-access-text">{words::ADD_ACCOUNT_ACCESS}</a>
                <p id="add-access-text">{words::ENTER_YOUR_ACCOUNT_AUTHORIZATION}</p>
            </li>
        </ul>
        <ol class="steps-list">
            <li>{words::SELECT_REQUEST_CODE_IF}</li>
            <li>{words::IF_YOU_ALREADY_HAVE_YOUR}</li>
        </ol>
    }
}
