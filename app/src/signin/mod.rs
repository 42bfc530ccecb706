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
    let mut path = format!("/login?type={}", account_type.as_query());
    if next != "/account-access" {
        path.push_str("&next=");
        path.push_str(&next.replace('%', "%25").replace('&', "%26").replace('#', "%23").replace(' ', "%20"));
    }
    path
}

/// The password step. The browser's checks are a courtesy; this is the rule.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    #[server(default)] account_type: String,
    #[server(default)] user_id: String,
    #[server(default)] password: String,
    #[server(default)] remember: String,
    #[server(default)] next: String,
) -> Result<FormReply, ServerFnError> {
    use crate::rules::user_id as user_id_rules;
    use crate::security::password_hash::{Queue, StoredHash};
    use crate::session::server::{self as s, failure};
    use crate::store::{sign_in, unix_now};

    let ctx = expect_context::<crate::context::AppContext>();
    let account_type = AccountType::from_query(Some(&account_type));
    // Without a `next`, where the login lands depends on whether it has
    // linked accounts (SPEC §4.2), known once the password is right.
    let default_next = next.is_empty();
    let next = s::safe_next(if next.is_empty() { "/account-access" } else { &next });
    let page = login_path(account_type, &next);
    let mut reply = FormReply::default();
    let typed_id = user_id.trim().to_string();
    // The password is never kept, not even to show it again.
    reply.values.insert("user_id".into(), typed_id.clone());
    match user_id_rules::check(&typed_id) {
        Err(user_id_rules::UserIdProblem::Empty) => reply.field_error("user_id", "Enter your User ID."),
        Err(problem) => reply.field_error("user_id", problem.message()),
        Ok(()) => {}
    }
    if password.is_empty() {
        reply.field_error("password", "Enter your password.");
    }
    if !reply.is_ok() {
        return crate::forms::flash::answer(FORM, &page, &page, reply).await;
    }

    let origin = s::origin(&ctx);
    let now = unix_now();
    let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let per_minute = ctx.policy.sign_ins_per_minute;
    let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
    let wanted = user_id_rules::normalize(&typed_id);
    // A place in the hashing queue first: a busy answer must not count. A
    // browser this login signed in on before waits where strangers cannot
    // crowd it out.
    let known_login = match device.clone() {
        Some(d) => {
            let wanted = wanted.clone();
            ctx.store.read(move |c| sign_in::known_device_login(c, &d, &wanted, now)).await.map_err(failure)?
        }
        None => None,
    };
    let queue = match known_login {
        Some(login_id) => Queue::for_login(login_id),
        None => Queue::open(origin.ip.as_deref()),
    };
    let ticket = ctx.hasher.admit(queue).map_err(|e| crate::forms::hash_failure("sign-in", e))?;
    let (lock, origin_tx) = (ctx.policy.lock, origin.clone());
    // Throttle, lock and the advance count in one transaction, before Argon2
    // (store::sign_in explains why): no burst gets past the limit.
    let attempt = ctx
        .store
        .write(move |tx| sign_in::begin_password_attempt(tx, &ip, per_minute, &wanted, device.as_deref(), lock, &origin_tx, now))
        .await
        .map_err(failure)?;
    let reserved = match attempt {
        sign_in::PasswordAttempt::Throttled => {
            reply.form_error = Some("Too many sign-in attempts from your network. Please wait a minute and try again.".into());
            return crate::forms::flash::answer(FORM, &page, &page, reply).await;
        }
        sign_in::PasswordAttempt::Check(reserved) => reserved,
        // The same Argon2 work as a real check, against a dummy hash, so an
        // unknown or locked login answers exactly like a wrong password.
        sign_in::PasswordAttempt::UnknownLogin | sign_in::PasswordAttempt::Locked { .. } => {
            ticket.verify(password, None).await.map_err(|e| crate::forms::hash_failure("sign-in", e))?;
            reply.form_error = Some(sign_in_failed(&ctx));
            return crate::forms::flash::answer(FORM, &page, &page, reply).await;
        }
    };
    let right = ticket
        .verify(password, reserved.phc.clone().map(StoredHash::from_stored))
        .await
        .map_err(|e| crate::forms::hash_failure("sign-in", e))?;
    let (settle, origin_tx) = (reserved.clone(), origin.clone());
    let verdict = ctx
        .store
        .write(move |tx| {
            sign_in::finish_password_attempt(tx, &settle, right, crate::store::audit::Event::SignInFailed, &origin_tx, now)
        })
        .await
        .map_err(failure)?;
    if verdict != sign_in::Verdict::Right {
        if verdict == sign_in::Verdict::WrongAndLocked {
            crate::session::server::notify_lockout(&ctx, reserved.login_id).await;
        }
        reply.form_error = Some(sign_in_failed(&ctx));
        return crate::forms::flash::answer(FORM, &page, &page, reply).await;
    }
    // The password is right: the second step, unless this browser is remembered.
    let login_id = reserved.login_id;
    let remember = !remember.is_empty();
    let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
    let next_for_tx = next.clone();
    let (remembered, pending, next) = ctx
        .store
        .write(move |tx| {
            let next_for_tx = if default_next {
                crate::account_access::springboard_state::landing(tx, login_id)?.to_string()
            } else {
                next_for_tx
            };
            let remembered = match &device {
                Some(d) => sign_in::is_remembered(tx, d, login_id, now)?,
                None => false,
            };
            let pending =
                if remembered { None } else { Some(sign_in::start_pending(tx, login_id, remember, &next_for_tx, now)?) };
            Ok((remembered, pending, next_for_tx))
        })
        .await
        .map_err(failure)?;
    if remembered {
        s::complete_sign_in(&ctx, login_id, false, crate::store::audit::Event::SignInRememberedBrowser).await.map_err(failure)?;
        return crate::forms::flash::answer(FORM, &page, &next, reply).await;
    }
    if let Some(token) = pending {
        s::set_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies), &token, Some(sign_in::PENDING_SECONDS));
    }
    crate::forms::flash::answer(FORM, &page, "/login/verify", reply).await
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
    let next = Memo::new(move |_| query.read().get("next").unwrap_or_default());
    let signed_out = Memo::new(move |_| query.read().get("signed_out").is_some());
    let flash = Resource::new(|| (), |_| sign_in_flash());
    let action = ServerAction::<SignIn>::new();

    // The server writes the title into the head after the body, when this
    // page's signals may be gone already (a burst of renders panicked on
    // it): it falls back to the type the page was rendered for.
    let rendered_for = account_type.get_untracked();
    let title = move || format!("Login as a {}", account_type.try_get().unwrap_or(rendered_for).label());
    view! {
        <Title text=title/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
            {move || format!("Login as a {}", account_type.get().label())}
        </h1>
        {move || signed_out.get().then(|| view! {
            <p class="notice-text" role="status" data-testid="signed-out">"You have logged off. Thank you for using CARS e-Services."</p>
        })}
        <p class="lead">
            "You must have an account with the state of Michigan MILogin system. Select "
            <strong>"SIGN UP"</strong>" if you "<strong>"DO NOT HAVE"</strong>
            " a MILogin for Third Party account."
        </p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten().unwrap_or_default();
                let user_id_value = kept.value_of("user_id");
                let reply = reply_of(move || action.value().get(), Some(kept));
                view! {
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="login-form">
                        <input type="hidden" name="account_type" value=move || account_type.get().as_query()/>
                        <input type="hidden" name="next" value=move || next.get()/>
                        <TextField id="user_id" label="User ID" autocomplete="username" required=true
                            value=user_id_value reply/>
                        <TextField id="password" label="Password" input_type="password"
                            autocomplete="current-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                        <div class="field checkbox-field">
                            <input type="checkbox" id="remember" name="remember" value="yes"/>
                            <label for="remember">"Remember this browser for 30 days"</label>
                            <p class="hint" id="remember-hint">"Only on a computer you do not share: you will not be asked for the second step here."</p>
                        </div>
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
