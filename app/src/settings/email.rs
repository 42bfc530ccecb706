//! Changing the email address (SPEC §3): the password again and the new
//! address, then the 6-digit code sent to that address. The change waits
//! on the server, in this browser's settings draft, never in a URL; once
//! proved, both the old and the new address are told.

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::settings::email as words;
use crate::messages::shared;
use crate::ui::TextField;

/// The settings page this part lives on: its forms answer there.
#[cfg(feature = "ssr")]
const SECTION: super::Section = super::Section::Email;

/// The first half: the password again and the new address, twice.
#[server(endpoint = "settings_email")]
pub async fn start_email_change(
    #[server(default)] email_password: String,
    #[server(default)] new_email: String,
    #[server(default)] confirm_new_email: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::email_change::{Owner, Refused, start};
    let Some(me) = super::server::me(SECTION).await? else {
        return super::server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    reply.values.insert("new_email".into(), new_email.trim().to_string());
    reply.values.insert("confirm_new_email".into(), confirm_new_email.trim().to_string());
    let owner = Owner { login_id: me.login_id, user_id: &me.user_id, session_token: &me.token };
    match start(&ctx, &owner, email_password, &new_email, &confirm_new_email, ctx.now()).await {
        Ok(address) => {
            let lasts = crate::messages::minutes(crate::store::one_time_codes::CODE_TTL_SECONDS);
            reply.notice = Some(words::code_sent_type_it_below(&address, &lasts))
        }
        Err(Refused::Fields { password, new_email, confirm }) => {
            for (field, message) in [("email_password", password), ("new_email", new_email), ("confirm_new_email", confirm)] {
                if let Some(message) = message {
                    reply.field_error(field, message);
                }
            }
        }
        Err(other) => return Err(failure(other)),
    }
    super::server::answer(SECTION, reply).await
}

/// The second half: `check` the code, `resend` it, or `cancel` the change.
#[server(endpoint = "settings_email_code")]
pub async fn confirm_email_change(
    #[server(default)] intent: String,
    #[server(default)] email_code: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::email_change::{Ask, Done, Owner, Refused, confirm};
    let Some(me) = super::server::me(SECTION).await? else {
        return super::server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let ask = match intent.as_str() {
        "resend" => Ask::SendAgain,
        "cancel" => Ask::Cancel,
        _ => Ask::Check(email_code),
    };
    let owner = Owner { login_id: me.login_id, user_id: &me.user_id, session_token: &me.token };
    let mut reply = FormReply::default();
    match confirm(&ctx, &owner, ask, ctx.now()).await {
        Ok(Done::SentAgain { address }) => reply.notice = Some(shared::new_code_sent_to(&address)),
        Ok(Done::Cancelled { kept }) => reply.notice = Some(words::change_cancelled(&kept)),
        Ok(Done::Changed { new }) => reply.notice = Some(words::email_changed(&new)),
        Err(Refused::NothingWaiting) => {
            reply.form_error = Some(words::nothing_waiting());
            reply.data.insert("reload".into(), String::new());
        }
        Err(Refused::SendRefused(message)) => reply.send_refused("email_code", message),
        Err(Refused::Code(message)) => reply.field_error("email_code", message),
        Err(other) => return Err(failure(other)),
    }
    super::server::answer(SECTION, reply).await
}

/// A step that could not be answered: busy is said as such.
#[cfg(feature = "ssr")]
fn failure(refused: crate::flows::email_change::Refused) -> ServerFnError {
    match refused {
        crate::flows::email_change::Refused::Broken(e) => crate::forms::broken("settings", e),
        other => crate::messages::server_failure("settings", other),
    }
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
            <p data-testid="pending-email">{words::code_sent_to(&address)}</p>
            <ActionForm action=code attr:novalidate=true attr:class="form" attr:data-testid="email-code-form">
                <input type="hidden" name="intent" value="check"/>
                <TextField id="email_code" label=words::ENTER_THE_6_DIGIT_CODE autocomplete="one-time-code"
                    input_mode="numeric" required=true forget_on_reply=true reply/>
                <button type="submit" class="button" data-testid="confirm-email">{words::CHANGE_EMAIL_ADDRESS}</button>
            </ActionForm>
            <div class="button-row">
                <ActionForm action=code attr:class="inline-form">
                    <input type="hidden" name="intent" value="resend"/>
                    <button type="submit" class="button button-secondary" data-testid="resend-email-code">{shared::SEND_A_NEW_CODE}</button>
                </ActionForm>
                <ActionForm action=code attr:class="inline-form">
                    <input type="hidden" name="intent" value="cancel"/>
                    <button type="submit" class="button button-secondary" data-testid="cancel-email-change">{words::CANCEL_THE_CHANGE}</button>
                </ActionForm>
            </div>
            <crate::ui::SendRefused reply field="email_code"/>
        }
        .into_any(),
        None => view! {
            <p>{words::your_email_address_is(&current)}</p>
            <ActionForm action=start attr:novalidate=true attr:class="form" attr:data-testid="email-form">
                <TextField id="new_email" label=words::NEW_EMAIL_ADDRESS input_type="email" autocomplete="email" required=true
                    value=value("new_email") reply/>
                <TextField id="confirm_new_email" label=words::CONFIRM_NEW_EMAIL_ADDRESS input_type="email" autocomplete="email"
                    required=true value=value("confirm_new_email") reply/>
                <TextField id="email_password" label=shared::YOUR_PASSWORD input_type="password" autocomplete="current-password"
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <button type="submit" class="button" data-testid="start-email-change">{words::SEND_A_CODE_TO_THE}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <section class="method" aria-labelledby="email-title" data-testid="change-email">
            <h2 id="email-title">{words::CHANGE_YOUR_EMAIL_ADDRESS}</h2>
            {body}
        </section>
    }
}
