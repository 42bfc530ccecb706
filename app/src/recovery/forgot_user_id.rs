//! Forgot User ID (`/forgot-user-id`): an email address in; every User ID on
//! it goes to it in one message. Several logins may share an address (a
//! shop's), and the page says the same whether or not any does.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::forms::FormReply;
use crate::ui::{ErrorSummary, Notice, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "forgot_user_id";
#[cfg(feature = "ssr")]
const PAGE: &str = "/forgot-user-id";

/// The one answer, whether or not any login uses the address.
#[cfg(feature = "ssr")]
pub const USER_IDS_SENT: &str =
    "If any MILogin for Third Party accounts use that email address, we have sent their User IDs to it.";

#[server(endpoint = "forgot_user_id")]
pub async fn forgot_user_id(#[server(default)] email: String) -> Result<FormReply, ServerFnError> {
    use crate::rules::email as email_rules;
    use crate::session::server::{self as s, failure};
    use crate::store::password_resets as resets;
    use crate::store::{audit, sign_in, unix_now};

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = email.trim().to_string();
    reply.values.insert("email".into(), typed.clone());
    if let Err(problem) = email_rules::check(&typed) {
        reply.field_error("email", problem.message());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let origin = s::origin(&ctx);
    let now = unix_now();
    let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let per_minute = ctx.policy.sign_ins_per_minute;
    if !ctx.store.write(move |tx| sign_in::throttle(tx, &ip, per_minute, now)).await.map_err(failure)? {
        reply.form_error = Some("Too many requests from your network. Please wait a minute and try again.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let wanted = email_rules::normalize(&typed);
    let found = ctx.store.read(move |c| resets::logins_on_email(c, &wanted)).await.map_err(failure)?;
    // One message per stored address (they may differ in case), listing
    // only the User IDs registered on exactly that address.
    let mut groups: Vec<(String, Vec<resets::LoginOnEmail>)> = Vec::new();
    for login in found {
        match groups.iter_mut().find(|(address, _)| *address == login.email) {
            Some((_, logins)) => logins.push(login),
            None => groups.push((login.email.clone(), vec![login])),
        }
    }
    for (address, logins) in groups {
        let ids: Vec<i64> = logins.iter().map(|l| l.login_id).collect();
        // Allowed and claimed in one write transaction: of parallel requests
        // for one address only those within the limits send.
        let claimed = {
            let origin = origin.clone();
            ctx.store
                .write(move |tx| {
                    if !resets::reminder_allowed(tx, &ids, now)? {
                        return Ok(false);
                    }
                    for id in ids {
                        audit::record(tx, Some(id), audit::Event::UserIdReminderSent, None, &origin, now)?;
                    }
                    Ok(true)
                })
                .await
                .map_err(failure)?
        };
        if !claimed {
            tracing::info!("a User ID reminder was asked for again too soon; not sent");
            continue;
        }
        let user_ids: Vec<String> = logins.into_iter().map(|l| l.user_id).collect();
        // A failure is logged, not shown: the answer must not differ from
        // that for an address nobody uses.
        if let Err(e) = ctx.mailer.send(reminder(&address, &user_ids)).await {
            tracing::error!(error = %e, "a User ID reminder could not be sent");
        }
    }

    reply.notice = Some(USER_IDS_SENT.into());
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

/// The message with every User ID on an address.
#[cfg(feature = "ssr")]
fn reminder(address: &str, user_ids: &[String]) -> crate::mail::Email {
    let (subject, intro) = if user_ids.len() == 1 {
        ("Your CARS e-Services User ID", "This MILogin for Third Party User ID uses this email address:")
    } else {
        ("Your CARS e-Services User IDs", "These MILogin for Third Party User IDs use this email address:")
    };
    let list: String = user_ids.iter().map(|id| format!("  {id}\n")).collect();
    crate::mail::Email {
        to: address.to_string(),
        subject: subject.into(),
        body: format!(
            "Someone asked for the CARS e-Services User IDs on this email address.\n\n{intro}\n\n{list}\n\
             To sign in, go to the Login page and enter your User ID and password. If you forgot the \
             password too, select Forgot Password there.\n\n\
             If you did not ask for this, you can ignore this message: nothing was changed.\n\n\
             Michigan Department of State"
        ),
    }
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
        <Title text="Forgot User ID"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Forgot User ID"</h1>
        <p class="lead">
            "Enter the email address of your MILogin for Third Party account. We will email you every User ID that uses it."
        </p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let kept = flash.await.ok().flatten().unwrap_or_default();
                let email_value = kept.value_of("email");
                let reply = reply_of(move || action.value().get(), Some(kept));
                view! {
                    <Notice reply/>
                    <ErrorSummary reply/>
                    <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="forgot-user-id-form">
                        <TextField id="email" label="Email Address" input_type="email" autocomplete="email" required=true
                            hint="The address you gave when you signed up. Several logins may share one address: we send every User ID on it."
                            value=email_value reply/>
                        <div class="button-row">
                            <button type="submit" class="button" data-testid="send-user-ids">"SUBMIT"</button>
                        </div>
                    </ActionForm>
                }
            })}
        </Suspense>
        <ul class="link-list">
            <li><a href="/login">"Back to Login"</a></li>
            <li><a href="/forgot-password">"Forgot Password"</a></li>
        </ul>
    }
}
