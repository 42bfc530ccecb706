//! "Close my login" (SPEC §3): the password again and an explicit
//! confirmation, then the login is gone (see `store::settings::close` for
//! why it is deleted rather than marked), every session, remembered browser
//! and pending sign-in with it; a notice goes out and the browser lands on
//! the home page, which says what happened.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::forms::FormReply;
use crate::messages::settings::close as words;
use crate::messages::shared;
use crate::ui::TextField;

/// The settings page this part lives on: its forms answer there.
#[cfg(feature = "ssr")]
const SECTION: super::Section = super::Section::Close;

/// Where a closed login's browser goes. The flag says only that some login
/// was closed here, nothing personal.
#[cfg(feature = "ssr")]
pub fn closed_path() -> String {
    crate::routes::Route::Home.with("?closed=1")
}

#[server(endpoint = "settings_close")]
pub async fn close_login(
    #[server(default)] close_password: String,
    #[server(default)] close_confirm: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::close_login::{Refused, close};
    let Some(me) = super::server::me(SECTION).await? else {
        return super::server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    match close(&ctx, me.login_id, &me.user_id, close_password, close_confirm == "yes", ctx.now()).await {
        Ok(()) => crate::forms::flash::answer(super::FORM, SECTION.path(), &closed_path(), reply).await,
        Err(Refused::Fields { password, confirm }) => {
            if let Some(message) = password {
                reply.field_error("close_password", message);
            }
            if let Some(message) = confirm {
                reply.field_error("close_confirm", message);
            }
            super::server::answer(SECTION, reply).await
        }
        Err(Refused::Broken(e)) => Err(crate::forms::broken("settings", e)),
    }
}

#[component]
pub fn CloseSection(action: ServerAction<CloseLogin>, reply: Signal<FormReply>) -> impl IntoView {
    let error = move || reply.read().error_for("close_confirm");
    view! {
        <section class="method" aria-labelledby="close-title" data-testid="close-login">
            <h2 id="close-title">{words::CLOSE_YOUR_LOGIN}</h2>
            <p class="warning">{words::CLOSING_YOUR_LOGIN_CANNOT}</p>
            <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="close-form">
                <TextField id="close_password" label=shared::YOUR_PASSWORD input_type="password" autocomplete="current-password"
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <div class="field checkbox-field" class:field-error=move || error().is_some()>
                    {move || error().map(|m| view! { <p class="error-message" id="close_confirm-error">{m}</p> })}
                    <input type="checkbox" id="close_confirm" name="close_confirm" value="yes" required=true
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || error().is_some().then_some("close_confirm-error")/>
                    <label for="close_confirm">
                        <span class="required" aria-hidden="true">"*"</span>
                        {words::I_UNDERSTAND_THAT_MY_LOGIN}
                        <span class="visually-hidden">{shared::REQUIRED}</span>
                    </label>
                </div>
                <button type="submit" class="button button-danger" data-testid="close-my-login">{words::CLOSE_MY_LOGIN}</button>
            </ActionForm>
        </section>
    }
}

/// The home page's word after a login was closed in this browser.
#[component]
pub fn LoginClosedNotice() -> impl IntoView {
    let query = use_query_map();
    move || {
        (query.read().get("closed").as_deref() == Some("1")).then(|| {
            view! {
                <div role="status" class="status-region" data-testid="login-closed">
                    <p class="notice-text">{words::YOUR_LOGIN_WAS_CLOSED_AND}</p>
                </div>
            }
        })
    }
}
