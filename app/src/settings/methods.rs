//! Adding and removing sign-in verification and recovery methods (SPEC §3):
//! the password typed again first (a mark on this session for 10 minutes),
//! each new method proved as in sign-up step 3 (`crate::security::methods`),
//! and at least one method always stays. The owner is told of every change.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::messages::settings::methods as words;
use crate::messages::shared;
use crate::rules::method::Method;
use crate::ui::TextField;
use crate::ui::method_forms::{AuthenticatorSetup, BackupCodeSetup, Layout, PageForm, TextMessageSetup};

/// The settings page this part lives on: its forms answer there.
#[cfg(feature = "ssr")]
const SECTION: super::Section = super::Section::Methods;

/// What the methods section shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodsView {
    /// The password was typed again recently on this browser.
    pub unlocked: bool,
    /// The login's methods, in listing order.
    pub have: Vec<Method>,
    /// A text channel exists and the profile has a mobile number.
    pub text_available: bool,
    pub mobile_display: Option<String>,
    pub text_sent: bool,
    /// An authenticator app waiting for its first code.
    pub totp: Option<crate::rules::method::AuthenticatorKey>,
    pub backup_created: bool,
}

/// The section's view from the login's methods and this browser's draft.
#[cfg(feature = "ssr")]
pub fn view_of(
    ctx: &crate::context::AppContext,
    user_id: &str,
    draft: &crate::store::settings::Draft,
    have: Vec<Method>,
    mobile: Option<String>,
    now: i64,
) -> MethodsView {
    let state = &draft.state;
    MethodsView {
        unlocked: draft.reauthenticated(now),
        text_available: ctx.texter.is_enabled() && mobile.is_some(),
        mobile_display: mobile.clone().map(|e164| crate::rules::phone::Phone { e164, extension: None }.display()),
        text_sent: mobile.is_some() && state.text_number == mobile,
        totp: state.totp.as_ref().and_then(|t| crate::security::methods::totp_instructions(t, &ctx.secrets_key, user_id)),
        backup_created: state.backup.is_some(),
        have,
    }
}

/// The password again: methods may change on this browser for 10 minutes.
#[server(endpoint = "settings_methods_unlock")]
pub async fn unlock_methods(#[server(default)] methods_password: String) -> Result<FormReply, ServerFnError> {
    use super::server::{self, answer};
    use crate::session::server::failure;
    use crate::store::settings;

    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    server::password_again(&ctx, &me, methods_password, "methods_password", &mut reply).await?;
    if !reply.is_ok() {
        return answer(SECTION, reply).await;
    }
    let (now, login_id, token) = (ctx.now(), me.login_id, me.token.clone());
    ctx.store
        .write(move |tx| {
            let mut draft = settings::draft(tx, &token, login_id)?;
            draft.reauth_until = now + settings::REAUTH_SECONDS;
            settings::save_draft(tx, &token, login_id, &draft, now)
        })
        .await
        .map_err(failure)?;
    server::record(&ctx, login_id, crate::store::audit::Event::MethodsUnlocked, None).await?;
    reply.notice = Some(words::unlocked_for(&crate::messages::minutes(settings::REAUTH_SECONDS)));
    answer(SECTION, reply).await
}

/// One button of the methods section: prove and add a method, or remove one.
#[server(endpoint = "settings_method")]
pub async fn change_method(
    #[server(default)] intent: String,
    #[server(default)] method: String,
    #[server(default)] text_code: String,
    #[server(default)] totp_code: String,
    #[server(default)] backup_code: String,
    #[server(default)] shown_codes: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::method_setup::SetUp;
    use crate::flows::methods::{Ask, Owner, change};
    let Some(me) = super::server::me(SECTION).await? else {
        return super::server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let ask = match intent.as_str() {
        "add_email" => Ask::AddEmail,
        "send_text" => Ask::SetUp(SetUp::SendText),
        "check_text" => Ask::SetUp(SetUp::CheckText(text_code)),
        "start_totp" => Ask::SetUp(SetUp::StartTotp),
        "check_totp" => Ask::SetUp(SetUp::CheckTotp(totp_code)),
        "create_backup" => Ask::SetUp(SetUp::CreateBackup),
        "check_backup" => Ask::SetUp(SetUp::CheckBackup { typed: backup_code, shown: shown_codes }),
        "remove" => Ask::Remove(Method::from_name(&method)),
        _ => {
            let reply = FormReply { form_error: Some(shared::CHOOSE_A_BUTTON.into()), ..Default::default() };
            return super::server::answer(SECTION, reply).await;
        }
    };
    let owner = Owner { login_id: me.login_id, user_id: &me.user_id, session_token: &me.token };
    match reply_to_change(change(&ctx, &owner, ask, ctx.now()).await) {
        Some(reply) => super::server::answer(SECTION, reply?).await,
        None => super::server::sign_in_again(SECTION).await,
    }
}

/// The section's reply to a button (`None`: sign in again).
#[cfg(feature = "ssr")]
fn reply_to_change(
    result: Result<crate::flows::methods::Done, crate::flows::methods::Refused>,
) -> Option<Result<FormReply, ServerFnError>> {
    use crate::flows::methods::{Done, Refused};
    let mut reply = FormReply::default();
    let reload = |reply: &mut FormReply| reply.data.insert("reload".into(), String::new());
    match result {
        Ok(Done::SetUp(step)) => crate::ui::method_setup::say_step(&mut reply, &step),
        Ok(Done::Added(Method::BackupCodes)) => reply.notice = Some(words::BACKUP_CODES_WERE_ADDED.into()),
        Ok(Done::Added(which)) => reply.notice = Some(format!("{} was added.", which.label())),
        Ok(Done::Removed(which)) => reply.notice = Some(format!("{} was removed.", which.label())),
        Err(Refused::SignInAgain) => return None,
        Err(Refused::Locked) => {
            reply.form_error = Some(words::FOR_YOUR_SECURITY_TYPE_YOUR_PASSWORD.into());
            reload(&mut reply);
        }
        Err(Refused::SetUp(refused)) => {
            let no_mobile = words::TEXT_MESSAGES_NEED_A_MOBILE;
            if let Err(e) = crate::ui::method_setup::say_refused(&mut reply, refused, no_mobile, true) {
                return Some(Err(crate::forms::broken("settings", e)));
            }
        }
        Err(Refused::LastOne(which)) => reply.form_error = Some(words::only_method(which.label())),
        Err(Refused::NotThere) => reply.form_error = Some(words::THAT_METHOD_IS_NOT_ONE.into()),
        Err(Refused::AlreadyHave) => {
            reply.form_error = Some(words::YOU_ALREADY_HAVE_THAT_METHOD.into());
            reload(&mut reply);
        }
        Err(Refused::Broken(e)) => return Some(Err(crate::forms::broken("settings", e))),
    }
    Some(Ok(reply))
}

/// A method's state, shown as text (never by colour alone).
#[component]
fn Status(done: bool) -> impl IntoView {
    if done {
        view! { <p class="method-status done">{words::IN_USE}</p> }.into_any()
    } else {
        view! { <p class="method-status">{words::NOT_SET_UP}</p> }.into_any()
    }
}

#[component]
pub fn MethodsSection(
    unlock: ServerAction<UnlockMethods>,
    method: ServerAction<ChangeMethod>,
    view: MethodsView,
    reply: Signal<FormReply>,
) -> impl IntoView {
    let body = if !view.unlocked {
        view! {
            <p>{words::FOR_YOUR_SECURITY_TYPE}</p>
            <ActionForm action=unlock attr:novalidate=true attr:class="form" attr:data-testid="unlock-methods-form">
                <TextField id="methods_password" label=shared::YOUR_PASSWORD input_type="password" autocomplete="current-password"
                    required=true forget_on_reply=true reveal_toggle=true reply/>
                <button type="submit" class="button" data-testid="unlock-methods">{words::CONTINUE}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        unlocked(method, view, reply).into_any()
    };
    view! {
        <section class="method" aria-labelledby="methods-title" data-testid="methods">
            <h2 id="methods-title">{words::VERIFICATION_METHODS}</h2>
            {body}
        </section>
    }
}

fn unlocked(method: ServerAction<ChangeMethod>, view: MethodsView, reply: Signal<FormReply>) -> impl IntoView {
    let form = PageForm::new(method);
    let only_one = view.have.len() == 1;
    let has = |m: Method| view.have.contains(&m);
    let current = view
        .have
        .clone()
        .into_iter()
        .map(|m| {
            let name = m.label();
            let testid = format!("remove-{}", m.name());
            let remove = if only_one {
                view! { <p class="note">{words::YOUR_ONLY_METHOD_CANNOT}</p> }.into_any()
            } else {
                form.with(
                    Layout::Button(None),
                    "remove",
                    view! {
                        <input type="hidden" name="method" value=m.name()/>
                        <button type="submit" class="button button-secondary" data-testid=testid>
                            {words::remove(name)}
                        </button>
                    },
                )
            };
            view! { <li><strong>{name}</strong>" "{remove}</li> }
        })
        .collect_view();
    let email = (!has(Method::Email)).then(|| {
        view! {
            <h3>{Method::Email.label()}</h3>
            <Status done=false/>
            <p>{words::A_PIN_IS_SENT_TO}</p>
            {form.with(Layout::Button(None), "add_email", view! {
                <button type="submit" class="button button-secondary" data-testid="add-email">{words::ADD_EMAIL_PIN}</button>
            })}
        }
    });
    let text = (!has(Method::Text)).then(|| {
        let inner = if !view.text_available {
            view! { <p>{if view.mobile_display.is_some() {
                shared::TEXT_MESSAGES_NOT_AVAILABLE
            } else {
                words::TO_USE_TEXT_MESSAGES
            }}</p> }
            .into_any()
        } else {
            let number = view.mobile_display.clone().unwrap_or_default();
            view! { <TextMessageSetup form number sent=view.text_sent confirm=words::ADD_TEXT_MESSAGE reply/> }.into_any()
        };
        view! { <h3>{Method::Text.label()}</h3><Status done=false/>{inner} }
    });
    let totp = (!has(Method::Totp)).then(|| {
        view! {
            <h3>{Method::Totp.label()}</h3>
            <Status done=false/>
            <AuthenticatorSetup form key=view.totp.clone() confirm=words::ADD_AUTHENTICATOR_APP reply/>
        }
    });
    let backup_created = view.backup_created;
    let backup = (!has(Method::BackupCodes)).then(|| {
        view! {
            <h3>{Method::BackupCodes.label()}</h3>
            <Status done=false/>
            <BackupCodeSetup form created=backup_created confirm=words::ADD_BACKUP_CODES reply/>
        }
    });
    view! {
        <p>{words::YOUR_METHODS}</p>
        <ul data-testid="current-methods">{current}</ul>
        {email}
        {text}
        {totp}
        {backup}
    }
}
