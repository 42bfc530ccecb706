//! "Close my login" (SPEC §3): the password again and an explicit
//! confirmation, then the login is gone (see `store::settings::close` for
//! why it is deleted rather than marked), every session, remembered browser
//! and pending sign-in with it; a notice goes out and the browser lands on
//! the home page, which says what happened.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::forms::FormReply;
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
            <h2 id="close-title">"Close your login"</h2>
            <p class="warning">"Closing your login cannot be undone. You will be signed out everywhere, your User ID will no longer sign in, and any business accounts linked to it lose this login's access."</p>
            <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="close-form">
                <TextField id="close_password" label="Your password" input_type="password" autocomplete="current-password"
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <div class="field checkbox-field" class:field-error=move || error().is_some()>
                    {move || error().map(|m| view! { <p class="error-message" id="close_confirm-error">{m}</p> })}
                    <input type="checkbox" id="close_confirm" name="close_confirm" value="yes" required=true
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || error().is_some().then_some("close_confirm-error")/>
                    <label for="close_confirm">
                        <span class="required" aria-hidden="true">"*"</span>
                        "I understand that my login will be closed for good."
                        <span class="visually-hidden">" (required)"</span>
                    </label>
                </div>
                <button type="submit" class="button button-danger" data-testid="close-my-login">"Close my login"</button>
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
                    <p class="notice-text">"Your login was closed and you were signed out everywhere. We sent a notice to its email address."</p>
                </div>
            }
        })
    }
}
