//! Changing the email address (SPEC §3): the password again and the new
//! address, then the 6-digit code sent to that address. The change waits
//! on the server, in this browser's settings draft, never in a URL; once
//! proved, both the old and the new address are told.

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::ui::TextField;

/// The settings page this part lives on: its forms answer there.
#[cfg(feature = "ssr")]
const SECTION: super::Section = super::Section::Email;

/// What a code for a new address is issued under: per login and address,
/// so a code sent to one address never proves another.
#[cfg(feature = "ssr")]
fn subject(login_id: i64, address: &str) -> String {
    use crate::store::one_time_codes::{Channel, Subject};
    Subject::Settings { login_id, channel: Channel::Email, address }.key()
}

#[server(endpoint = "settings_email")]
pub async fn start_email_change(
    #[server(default)] email_password: String,
    #[server(default)] new_email: String,
    #[server(default)] confirm_new_email: String,
) -> Result<FormReply, ServerFnError> {
    use super::server::{self, answer};
    use crate::rules::email as email_rules;
    use crate::session::server::failure;
    use crate::store::{one_time_codes, settings, unix_now};

    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    reply.values.insert("new_email".into(), new_email.trim().to_string());
    reply.values.insert("confirm_new_email".into(), confirm_new_email.trim().to_string());
    server::password_again(&ctx, &me, email_password, "email_password", &mut reply).await?;
    let login_id = me.login_id;
    let current =
        ctx.store.read(move |c| settings::profile(c, login_id)).await.map_err(failure)?.map(|p| p.email).unwrap_or_default();
    let address = email_rules::normalize(&new_email);
    if let Err(p) = email_rules::check(&new_email) {
        reply.field_error("new_email", p.message());
    } else if address.eq_ignore_ascii_case(&current) {
        reply.field_error("new_email", "That is already your email address. Enter the new one.");
    } else if let Err(p) = email_rules::confirm(&new_email, &confirm_new_email) {
        reply.field_error("confirm_new_email", p.message());
    }
    if !reply.is_ok() {
        return answer(SECTION, reply).await;
    }
    let now = unix_now();
    if let Err(refused) = crate::security::methods::send_email_code(&ctx, subject(login_id, &address), &address).await? {
        reply.field_error("new_email", one_time_codes::refusal_message(refused, now));
        return answer(SECTION, reply).await;
    }
    let (token, pending) =
        (me.token.clone(), settings::PendingEmail { address: address.clone(), until: now + settings::EMAIL_CHANGE_SECONDS });
    ctx.store
        .write(move |tx| {
            let mut draft = settings::draft(tx, &token, login_id)?;
            draft.state.new_email = Some(pending);
            settings::save_draft(tx, &token, login_id, &draft, now)
        })
        .await
        .map_err(failure)?;
    server::record(&ctx, login_id, crate::store::audit::Event::EmailChangeCodeSent, None).await?;
    reply.notice = Some(format!(
        "We sent a 6-digit code to {address}. Type it below to finish changing your email address. It expires in 10 minutes."
    ));
    answer(SECTION, reply).await
}

/// The second half: `check` the code, `resend` it, or `cancel` the change.
#[server(endpoint = "settings_email_code")]
pub async fn confirm_email_change(
    #[server(default)] intent: String,
    #[server(default)] email_code: String,
) -> Result<FormReply, ServerFnError> {
    use super::server::{self, NOT_YOU, answer};
    use crate::session::server::{failure, origin};
    use crate::store::one_time_codes::{self, Channel};
    use crate::store::{audit, settings, unix_now};

    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let now = unix_now();
    let (login_id, token) = (me.login_id, me.token.clone());
    let t = token.clone();
    let (draft, old) = ctx
        .store
        .read(move |c| Ok((settings::draft(c, &t, login_id)?, settings::profile(c, login_id)?.map(|p| p.email))))
        .await
        .map_err(failure)?;
    let Some(pending) = draft.pending_email(now).cloned() else {
        reply.form_error =
            Some("No email change is waiting here (one waits 30 minutes). Start again with your new address.".into());
        reply.data.insert("reload".into(), String::new());
        return answer(SECTION, reply).await;
    };
    let old = old.unwrap_or_default();
    match intent.as_str() {
        "resend" => {
            match crate::security::methods::send_email_code(&ctx, subject(login_id, &pending.address), &pending.address).await? {
                Ok(()) => reply.notice = Some(format!("We sent a new code to {}.", pending.address)),
                Err(refused) => reply.send_refused("email_code", one_time_codes::refusal_message(refused, now)),
            }
        }
        "cancel" => {
            ctx.store
                .write(move |tx| {
                    let mut draft = settings::draft(tx, &token, login_id)?;
                    draft.state.new_email = None;
                    settings::save_draft(tx, &token, login_id, &draft, now)
                })
                .await
                .map_err(failure)?;
            reply.notice = Some(format!("The email change was cancelled. Your email address is still {old}."));
        }
        _ => {
            let typed: String = email_code.chars().filter(|c| !c.is_whitespace()).collect();
            if typed.is_empty() {
                reply.field_error("email_code", "Enter the 6-digit code from the email.");
                return answer(SECTION, reply).await;
            }
            if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
                reply.field_error("email_code", "The code is 6 digits, like 123456.");
                return answer(SECTION, reply).await;
            }
            let (code_subject, address, origin) = (subject(login_id, &pending.address), pending.address.clone(), origin(&ctx));
            let outcome = ctx
                .store
                .write(move |tx| {
                    let outcome = one_time_codes::check(tx, &code_subject, Channel::Email, &typed, now)?;
                    if outcome == one_time_codes::CheckOutcome::Accepted {
                        settings::change_email(tx, login_id, &address)?;
                        let mut draft = settings::draft(tx, &token, login_id)?;
                        draft.state.new_email = None;
                        settings::save_draft(tx, &token, login_id, &draft, now)?;
                        audit::record(tx, Some(login_id), audit::Event::EmailChanged, None, &origin, now)?;
                    }
                    Ok(outcome)
                })
                .await
                .map_err(failure)?;
            if let Some(message) = one_time_codes::check_message(outcome, now) {
                reply.field_error("email_code", message);
                return answer(SECTION, reply).await;
            }
            let new = pending.address;
            // The old address learns where the login's mail goes now, masked:
            // whoever reads it may no longer be the owner.
            server::notify(
                &ctx,
                old.clone(),
                "Your CARS e-Services email address was changed",
                format!(
                    "The email address of the login {} was changed from this address to {}. Codes and notices now go there.\n\n{NOT_YOU}",
                    me.user_id,
                    crate::rules::email::mask_for_record(&new)
                ),
            )
            .await;
            server::notify(
                &ctx,
                new.clone(),
                "Your CARS e-Services email address was changed",
                format!(
                    "This is now the email address of the login {}. Codes and notices will come here.\n\n{NOT_YOU}",
                    me.user_id
                ),
            )
            .await;
            reply.notice = Some(format!("Your email address is now {new}. We sent a notice to the old and the new address."));
        }
    }
    answer(SECTION, reply).await
}

#[component]
pub fn EmailSection(
    start: ServerAction<StartEmailChange>,
    code: ServerAction<ConfirmEmailChange>,
    current: String,
    pending: Option<String>,
    reply: Signal<FormReply>,
) -> impl IntoView {
    let value = move |field: &str| reply.with_untracked(|r| r.value_of(field));
    let body = match pending {
        Some(address) => view! {
            <p data-testid="pending-email">{format!(
                "We sent a 6-digit code to {address}. Your email address changes to it once you type the code here."
            )}</p>
            <ActionForm action=code attr:novalidate=true attr:class="form" attr:data-testid="email-code-form">
                <input type="hidden" name="intent" value="check"/>
                <TextField id="email_code" label="Enter the 6-digit code from the email" autocomplete="one-time-code"
                    input_mode="numeric" required=true forget_on_reply=true reply/>
                <button type="submit" class="button" data-testid="confirm-email">"Change email address"</button>
            </ActionForm>
            <div class="button-row">
                <ActionForm action=code attr:class="inline-form">
                    <input type="hidden" name="intent" value="resend"/>
                    <button type="submit" class="button button-secondary" data-testid="resend-email-code">"Send a new code"</button>
                </ActionForm>
                <ActionForm action=code attr:class="inline-form">
                    <input type="hidden" name="intent" value="cancel"/>
                    <button type="submit" class="button button-secondary" data-testid="cancel-email-change">"Cancel the change"</button>
                </ActionForm>
            </div>
            <crate::ui::SendRefused reply field="email_code"/>
        }
        .into_any(),
        None => view! {
            <p>{format!("Your email address is {current}. We send a code to the new address to make sure it is yours.")}</p>
            <ActionForm action=start attr:novalidate=true attr:class="form" attr:data-testid="email-form">
                <TextField id="new_email" label="New email address" input_type="email" autocomplete="email" required=true
                    value=value("new_email") reply/>
                <TextField id="confirm_new_email" label="Confirm new email address" input_type="email" autocomplete="email"
                    required=true value=value("confirm_new_email") reply/>
                <TextField id="email_password" label="Your password" input_type="password" autocomplete="current-password"
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <button type="submit" class="button" data-testid="start-email-change">"Send a code to the new address"</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <section class="method" aria-labelledby="email-title" data-testid="change-email">
            <h2 id="email-title">"Change your email address"</h2>
            {body}
        </section>
    }
}
