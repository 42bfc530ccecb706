//! Account Access Options (`/account-access`, SPEC §4.2): where a signed-in
//! person chooses to request an authorization code or add account access.
//! For now the page greets the new login; requesting and adding access
//! arrive with the account-access work.

use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in User ID; without a session, sends the browser to sign in
/// and back here.
#[server(endpoint = "account_access_whoami")]
pub async fn signed_in_user() -> Result<Option<String>, ServerFnError> {
    Ok(crate::signin::session::signed_in_or_redirect("/account-access").await?.map(|s| s.user_id))
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
