//! Sign in (SPEC §3): User ID and password at `/login`, then a second step
//! with one of the person's methods at `/login/verify`.
//!
//! Every failed password gets the same message and the same work, whether
//! the User ID is unknown, the password wrong or the login locked (a
//! dummy hash is checked then), so a response reveals nothing.

mod second_step;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub use second_step::SecondStepPage;

use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_in::login as words;
use crate::routes::Route;
use crate::rules::account_type::AccountType;
use crate::ui::{ErrorSummary, TextField, reply_of};

/// The form's name in the form flash.
#[cfg(feature = "ssr")]
const FORM: &str = "sign_in";

/// Every failed sign-in says the same thing, whatever went wrong, and states
/// the lockout rule (with the live policy's numbers) so that a lock reveals
/// nothing.
#[cfg(feature = "ssr")]
fn sign_in_failed(ctx: &crate::context::AppContext) -> String {
    crate::messages::sign_in_failed(ctx.policy.lock.wrong_before_lock, ctx.policy.lock.lock_seconds)
}

#[cfg(feature = "ssr")]
fn login_path(account_type: AccountType, next: &str) -> String {
    let mut path = format!("{}?type={}", Route::Login.path(), account_type.as_query());
    if next != Route::AccountAccess.path() {
        path.push_str("&next=");
        path.push_str(&next.replace('%', "%25").replace('&', "%26").replace('#', "%23").replace(' ', "%20"));
    }
    path
}

/// The password step (`flows::sign_in`).
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    #[server(default)] account_type: String,
    #[server(default)] user_id: String,
    #[server(default)] password: String,
    #[server(default)] remember: String,
    #[server(default)] next: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::sign_in::{Done, Next, Refused, Typed, sign_in};
    let ctx = expect_context::<crate::context::AppContext>();
    let account_type = AccountType::from_query(Some(&account_type));
    let asked = (!next.is_empty()).then(|| crate::session::server::safe_next(&next));
    let page = login_path(account_type, asked.as_deref().unwrap_or(Route::AccountAccess.path()));
    let mut reply = FormReply::default();
    let typed = Typed { user_id: user_id.trim().to_string(), password, remember: !remember.is_empty() };
    // The password is never kept, not even to show it again.
    reply.values.insert("user_id".into(), typed.user_id.clone());
    let next = match sign_in(&ctx, typed, asked.map_or(Next::Landing, Next::Asked), ctx.now()).await {
        Ok(Done::SecondStep) => Route::LoginVerify.path().to_string(),
        Ok(Done::SignedIn { next }) => next,
        Err(Refused::Fields { user_id, password }) => {
            for (field, message) in [("user_id", user_id), ("password", password)] {
                if let Some(message) = message {
                    reply.field_error(field, message);
                }
            }
            page.clone()
        }
        Err(Refused::Throttled) => {
            reply.form_error = Some(words::TOO_MANY_SIGN_IN_ATTEMPTS.into());
            page.clone()
        }
        Err(Refused::Failed) => {
            reply.form_error = Some(sign_in_failed(&ctx));
            page.clone()
        }
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("sign-in", e)),
    };
    crate::forms::flash::answer(FORM, &page, &next, reply).await
}

/// The flash a native (JavaScript off) submission left for this form.
#[server(endpoint = "sign_in_flash")]
pub async fn sign_in_flash() -> Result<Option<FormReply>, ServerFnError> {
    crate::forms::flash::take(FORM).await
}

#[component]
pub fn LoginPage() -> impl IntoView {
    // Without a cookie there is no form flash to show: the page depends on
    // its query alone.
    crate::ui::same_for_every_anonymous_visitor();
    let query = use_query_map();
    let account_type = Memo::new(move |_| AccountType::from_query(query.read().get("type").as_deref()));
    let next = Memo::new(move |_| query.read().get("next").unwrap_or_default());
    let signed_out = Memo::new(move |_| query.read().get("signed_out").is_some());
    let flash = Resource::new(|| (), |_| sign_in_flash());
    let action = ServerAction::<SignIn>::new();

    // The server writes the title into the head after the body, when this
    // page's signals may be gone already (a burst of renders panicked on
    // it): it falls back to the type the page was rendered for.
    let rendered_for = account_type.get_untracked();
    let title = move || words::login_as(account_type.try_get().unwrap_or(rendered_for).label());
    view! {
        <Title text=title/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
            {move || words::login_as(account_type.get().label())}
        </h1>
        {move || signed_out.get().then(|| view! {
            <p class="notice-text" role="status" data-testid="signed-out">{words::YOU_HAVE_LOGGED_OFF_THANK}</p>
        })}
        <p class="lead">
            {words::YOU_MUST_HAVE_AN_ACCOUNT}
            <strong>{words::SIGN_UP}</strong>{words::IF_YOU}<strong>{words::DO_NOT_HAVE}</strong>
            {words::A_MILOGIN_FOR_THIRD_PARTY}
        </p>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten().unwrap_or_default();
                let user_id_value = kept.value_of("user_id");
                let reply = reply_of(move || action.value().get(), Some(kept));
                view! {
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="login-form">
                        <input type="hidden" name="account_type" value=move || account_type.get().as_query()/>
                        <input type="hidden" name="next" value=move || next.get()/>
                        <TextField id="user_id" label=shared::USER_ID autocomplete="username" required=true
                            value=user_id_value reply/>
                        <TextField id="password" label=words::PASSWORD input_type="password"
                            autocomplete="current-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                        <div class="field checkbox-field">
                            <input type="checkbox" id="remember" name="remember" value="yes"/>
                            <label for="remember">{words::REMEMBER_THIS_BROWSER_FOR}{crate::messages::days(crate::rules::limits::REMEMBER_SECONDS)}</label>
                            <p class="hint" id="remember-hint">{words::ONLY_ON_A_COMPUTER_YOU}</p>
                        </div>
                        <div class="button-row">
                            <button type="submit" class="button">{words::LOG_IN}</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href=Route::ForgotUserId.path()>{shared::FORGOT_USER_ID}</a></li>
            <li><a href=Route::ForgotPassword.path()>{shared::FORGOT_PASSWORD}</a></li>
        </ul>
        <p>
            {words::DONT_HAVE_A_MILOGIN_FOR}
            <a class="button button-secondary" href=move || Route::SignUp.with(&format!("?type={}", account_type.get().as_query()))>{words::SIGN_UP}</a>
        </p>
    }
}
