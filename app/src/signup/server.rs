//! The wizard's server side that several pages share: building a page's
//! view of the registration, and saying why a step was refused. What the
//! steps do is `flows::sign_up`.

use leptos::prelude::*;

use super::wizard::{Standing, WizardStep, WizardView};
use crate::context::AppContext;
use crate::flows::sign_up::registration::{self, Found, Registration, Wizard};
use crate::flows::sign_up::{self as flows, new_question, suggest_user_ids};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_up::server as words;
use crate::rules::{account_type::AccountType, phone};
use crate::store::StoreError;

pub fn expired() -> String {
    words::registration_expired(&crate::messages::minutes(super::wizard::REGISTRATION_TTL_SECONDS))
}

/// Detail to the log, a generic message outward.
pub fn failure(e: impl std::fmt::Display) -> ServerFnError {
    crate::forms::server_failure("sign-up", e)
}

pub fn headers() -> axum::http::HeaderMap {
    expect_context::<axum::http::request::Parts>().headers
}

/// The view a step's page renders from.
pub async fn wizard_view(ctx: &AppContext, step: WizardStep, account_type: AccountType) -> Result<WizardView, StoreError> {
    let now = ctx.now();
    let mut wizard = match registration::find(ctx, &headers()).await? {
        Found::Live(w) => w,
        Found::Expired | Found::None if step == WizardStep::Profile => {
            registration::start(ctx, Registration { account_type, question: Some(new_question(now)), ..Default::default() })
                .await?
        }
        Found::Expired => return Ok(WizardView { standing: Standing::Expired, ..Default::default() }),
        Found::None => return Ok(WizardView { standing: Standing::NotStarted, ..Default::default() }),
    };
    let reg = &wizard.registration;
    if step == WizardStep::Profile && !reg.question_answered && reg.question.as_ref().is_none_or(|q| q.is_expired(now)) {
        wizard.registration.question = Some(new_question(now));
        registration::save(&ctx.store, &mut wizard).await?;
    }
    let reg = &wizard.registration;
    let mut view = WizardView {
        standing: Standing::Live,
        reached: reg.reached(),
        account_type: reg.account_type,
        question: (!reg.question_answered).then(|| reg.question.as_ref().map(|q| q.text.clone())).flatten(),
        seconds_left: wizard.expires_at - now,
        ..Default::default()
    };
    if let Some(p) = &reg.profile {
        let v = &mut view.values;
        v.insert("first_name".into(), p.first_name.clone().unwrap_or_default());
        v.insert("middle_initial".into(), p.middle_initial.clone().unwrap_or_default());
        v.insert("last_name".into(), p.last_name.clone());
        v.insert("suffix".into(), p.suffix.clone().unwrap_or_default());
        v.insert("email".into(), p.email.clone());
        v.insert("confirm_email".into(), p.email.clone());
        let work = phone::Phone { e164: p.work_phone.clone(), extension: p.work_phone_ext.clone() };
        v.insert("work_phone".into(), work.display());
        let mobile = p.mobile_phone.clone().map(|e164| phone::Phone { e164, extension: None }.display());
        v.insert("mobile_phone".into(), mobile.clone().unwrap_or_default());
        view.email = p.email.clone();
        view.first_name = p.first_name.clone().unwrap_or_default();
        view.last_name = p.last_name.clone();
        view.mobile_display = mobile;
    }
    if step == WizardStep::SecuritySetup && view.reached >= WizardStep::SecuritySetup {
        view.user_id = match &reg.user_id {
            Some(held) => held.to_string(),
            None => suggest_user_ids(ctx, &wizard, &view.first_name, &view.last_name, 1)
                .await?
                .pop()
                .map(|suggested| suggested.to_string())
                .unwrap_or_default(),
        };
    }
    if step == WizardStep::SecurityOptions {
        view.text_available = ctx.texter.is_enabled() && view.mobile_display.is_some();
        view.text_sent = reg.text.is_some();
        view.text_verified = reg.text.as_ref().is_some_and(|t| t.verified);
        view.totp_verified = reg.totp.as_ref().is_some_and(|t| t.last_step.is_some());
        if let Some(draft) = reg.totp.as_ref().filter(|t| t.last_step.is_none()) {
            view.totp = totp_setup(draft, &ctx.secrets_key, reg.user_id.as_ref().map_or("new login", |id| id.as_str()));
        }
        view.backup_created = reg.backup.is_some();
        view.backup_verified = reg.backup.as_ref().is_some_and(|b| b.verified);
    }
    Ok(view)
}

/// What the person needs to add the login to an authenticator app.
pub fn totp_setup(
    draft: &crate::flows::sign_up::registration::TotpDraft,
    key: &crate::store::secrets::SecretsKey,
    account: &str,
) -> Option<crate::rules::method::AuthenticatorKey> {
    crate::security::methods::totp_instructions(draft, key, account)
}

/// The live registration of this browser, if any.
pub async fn live(ctx: &AppContext) -> Result<Option<Wizard>, ServerFnError> {
    flows::live(ctx).await.map_err(failure)
}

/// A step's reply when it did not go through (`reply` holds what was typed).
pub fn refused(refused: flows::Refused, mut reply: FormReply) -> Result<FormReply, ServerFnError> {
    use flows::Refused;
    match refused {
        Refused::Expired => reply.form_error = Some(expired()),
        Refused::Earlier(message) => reply.form_error = Some(message.into()),
        Refused::Fields(problems) => problems.into_iter().for_each(|(field, message)| reply.field_error(field, message)),
        Refused::Profile { problems, question } => {
            problems.into_iter().for_each(|(field, message)| reply.field_error(field, message));
            reply.data.insert("question".into(), question);
        }
        Refused::Throttled => reply.form_error = Some(shared::TOO_MANY_ATTEMPTS.into()),
        Refused::SendRefused { field, message } => reply.send_refused(field, message),
        Refused::SetUp(refused) => {
            let no_mobile = words::TEXT_MESSAGES_NEED_A_MOBILE;
            crate::ui::method_setup::say_refused(&mut reply, refused, no_mobile, false)
                .map_err(|e| crate::forms::broken("sign-up", e))?
        }
        Refused::Broken(e) => return Err(crate::forms::broken("sign-up", e)),
    }
    Ok(reply)
}
