//! Sign in: the login page reached from Mechanic Login / Mechanic School Login.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::forms::FormReply;
use crate::rules::account_type::AccountType;
use crate::ui::{ErrorSummary, TextField};

/// The form's name in the form flash.
#[cfg(feature = "ssr")]
const FORM: &str = "sign_in";

/// Every failed sign-in says the same thing, whatever went wrong, and states
/// the lockout rule so that a lock reveals nothing (SPEC §3).
pub const SIGN_IN_FAILED: &str =
    "The User ID or password you entered is not correct. After 3 wrong tries a login is locked for 30 minutes.";

#[cfg(feature = "ssr")]
fn login_path(account_type: AccountType) -> String {
    format!("/login?type={}", account_type.as_query())
}

/// Checks a sign-in. The browser's checks are a courtesy; this is the rule.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    #[server(default)] account_type: String,
    #[server(default)] user_id: String,
    #[server(default)] password: String,
) -> Result<FormReply, ServerFnError> {
    use crate::rules::user_id;

    let account_type = AccountType::from_query(Some(&account_type));
    let mut reply = FormReply::default();
    let typed_id = user_id.trim();
    match user_id::check(typed_id) {
        Err(user_id::UserIdProblem::Empty) => reply.field_error("user_id", "Enter your User ID."),
        Err(problem) => reply.field_error("user_id", problem.message()),
        Ok(()) => {}
    }
    if password.is_empty() {
        reply.field_error("password", "Enter your password.");
    }
    if reply.is_ok() {
        // No login exists until sign-up is built, so every well-formed
        // attempt fails, with the one message a real failure will give.
        reply.form_error = Some(SIGN_IN_FAILED.to_string());
    }
    // The password is never kept, not even to show it again.
    reply.values.insert("user_id".into(), typed_id.to_string());
    let page = login_path(account_type);
    crate::forms::flash::answer(FORM, &page, "/account-access", reply).await
}

/// The flash a native (JavaScript off) submission left for this form.
#[server(endpoint = "sign_in_flash")]
pub async fn sign_in_flash() -> Result<Option<FormReply>, ServerFnError> {
    crate::forms::flash::take(FORM).await
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let account_type = Memo::new(move |_| AccountType::from_query(query.read().get("type").as_deref()));
    let flash = Resource::new(|| (), |_| sign_in_flash());
    let action = ServerAction::<SignIn>::new();

    view! {
        <Title text=move || format!("Login as a {}", account_type.get().label())/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
            {move || format!("Login as a {}", account_type.get().label())}
        </h1>
        <p class="lead">
            "You must have an account with the state of Michigan MILogin system. Select "
            <strong>"SIGN UP"</strong>" if you "<strong>"DO NOT HAVE"</strong>
            " a MILogin for Third Party account."
        </p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten().unwrap_or_default();
                let user_id_value = kept.value_of("user_id");
                let reply = Signal::derive(move || match action.value().get() {
                    Some(Ok(reply)) => reply,
                    Some(Err(_)) => FormReply {
                        form_error: Some("Something went wrong on our side. Please try again.".into()),
                        ..Default::default()
                    },
                    None => kept.clone(),
                });
                view! {
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="login-form">
                        <input type="hidden" name="account_type" value=move || account_type.get().as_query()/>
                        <TextField id="user_id" label="User ID" autocomplete="username" required=true
                            value=user_id_value reply/>
                        <TextField id="password" label="Password" input_type="password"
                            autocomplete="current-password" required=true forget_on_reply=true reply/>
                        <div class="button-row">
                            <button type="submit" class="button">"LOG IN"</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href="/forgot-user-id">"Forgot User ID"</a></li>
            <li><a href="/forgot-password">"Forgot Password"</a></li>
        </ul>
        <p>
            "Don't have a MILogin for Third Party account? "
            <a class="button button-secondary" href=move || format!("/signup?type={}", account_type.get().as_query())>"SIGN UP"</a>
        </p>
    }
}
