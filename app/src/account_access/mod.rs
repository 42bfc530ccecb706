//! Account Access Options (`/account-access`, SPEC §4.2): where a signed-in
//! person chooses to request an authorization code or add account access.
//! For now the page greets the new login; requesting and adding access
//! arrive with the account-access work.

use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in User ID; without a session, sends the browser to sign in.
#[server(endpoint = "account_access_whoami")]
pub async fn signed_in_user() -> Result<Option<String>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    let parts = expect_context::<axum::http::request::Parts>();
    let cookie = crate::store::sessions::cookie_name(ctx.secure_cookies);
    let Some(token) = crate::security::cookie_value(&parts.headers, cookie) else {
        leptos_axum::redirect("/login");
        return Ok(None);
    };
    let now = crate::store::unix_now();
    let found = ctx
        .store
        .write(move |tx| crate::store::sessions::touch(tx, &token, now))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading a session failed");
            ServerFnError::new("Something went wrong on our side. Please try again.")
        })?;
    if found.is_none() {
        leptos_axum::redirect("/login");
    }
    Ok(found.map(|s| s.user_id))
}

#[component]
pub fn AccountAccessPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| signed_in_user());
    view! {
        <Title text="Account Access Options"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Account Access Options"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user_id)) => view! {
                        <p class="lead" data-testid="welcome">{format!("Welcome, {user_id}. Your MILogin for Third Party account is ready.")}</p>
                        <ol class="steps-list">
                            <li>"Select \"Request Code\" if you do not have an authorization code. The authorization code allows you to access your CARS e-Services account."</li>
                            <li>"If you already have your authorization code, select \"Add Account Access\"."</li>
                        </ol>
                        <p class="notice">"Requesting a code and adding account access open here soon. Your login is saved: you can sign in again at any time."</p>
                    }.into_any(),
                    _ => view! {
                        <p>"Please "<a href="/login">"sign in"</a>" to see your account access options."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
