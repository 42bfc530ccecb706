//! Forgot User ID (`/forgot-user-id`): an email address in; every User ID on
//! it goes to it in one message. Several logins may share an address (a
//! shop's), and the page says the same whether or not any does.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::forms::FormReply;
use crate::messages::recovery::forgot_user_id as words;
use crate::messages::shared;
use crate::ui::{ErrorSummary, Notice, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "forgot_user_id";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::ForgotUserId.path();

/// The one answer, whether or not any login uses the address.
#[cfg(feature = "ssr")]
pub const USER_IDS_SENT: &str = words::IF_ANY_MILOGIN_FOR_THIRD;

#[server(endpoint = "forgot_user_id")]
pub async fn forgot_user_id(#[server(default)] email: String) -> Result<FormReply, ServerFnError> {
    use crate::flows::user_id_reminder::{Refused, remind};
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = email.trim().to_string();
    reply.values.insert("email".into(), typed.clone());
    match remind(&ctx, &typed, ctx.now()).await {
        Ok(()) => reply.notice = Some(USER_IDS_SENT.into()),
        Err(Refused::Email(message)) => reply.field_error("email", message),
        Err(Refused::Throttled) => reply.form_error = Some(shared::TOO_MANY_REQUESTS.into()),
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("forgot user id", e)),
    }
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

/// The flash a native (JavaScript off) submission left for this form.
#[server(endpoint = "forgot_user_id_flash")]
pub async fn forgot_user_id_flash() -> Result<Option<FormReply>, ServerFnError> {
    crate::forms::flash::take(FORM).await
}

#[component]
pub fn ForgotUserIdPage() -> impl IntoView {
    let flash = Resource::new(|| (), |_| forgot_user_id_flash());
    let action = ServerAction::<ForgotUserId>::new();
    view! {
        <Title text=shared::FORGOT_USER_ID/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{shared::FORGOT_USER_ID}</h1>
        <p class="lead">
            {words::ENTER_THE_EMAIL_ADDRESS}
        </p>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten().unwrap_or_default();
                let email_value = kept.value_of("email");
                let reply = reply_of(move || action.value().get(), Some(kept));
                view! {
                    <Notice reply/>
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="forgot-user-id-form">
                        <TextField id="email" label=shared::EMAIL_ADDRESS input_type="email" autocomplete="email" required=true
                            hint=words::THE_ADDRESS_YOU_GAVE_WHEN
                            value=email_value reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="send-user-ids">{words::SUBMIT}</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href=Route::Login.path()>{words::BACK_TO_LOGIN}</a></li>
            <li><a href=Route::ForgotPassword.path()>{shared::FORGOT_PASSWORD}</a></li>
        </ul>
    }
}
