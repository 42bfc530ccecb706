//! The wizard's server side that several steps share: building a page's
//! view of the registration, sending codes, suggesting User IDs, and
//! finishing (creating the login, starting the session).

use leptos::prelude::*;
use rand::Rng;

use super::state::{self, Found, IssuedQuestion, Registration, Wizard};
use super::wizard::{Standing, TotpSetup, WizardStep, WizardView};
use crate::context::AppContext;
use crate::rules::{account_type::AccountType, phone, user_id};
use crate::store::one_time_codes::{Channel, IssueRefused, Subject};
use crate::store::{StoreError, unix_now, user_id_holds};

pub const EXPIRED: &str =
    "Your registration has expired: an unfinished registration is kept for 60 minutes after its last step. Please start again.";

/// Detail to the log, a generic message outward.
pub fn failure(e: impl std::fmt::Display) -> ServerFnError {
    crate::forms::server_failure("sign-up", e)
}

pub fn headers() -> axum::http::HeaderMap {
    expect_context::<axum::http::request::Parts>().headers
}

/// The live registration of this browser, if any.
pub async fn live(ctx: &AppContext) -> Result<Option<Wizard>, ServerFnError> {
    match state::find(ctx, &headers()).await.map_err(failure)? {
        Found::Live(w) => Ok(Some(w)),
        _ => Ok(None),
    }
}

/// A new verification question, remembered with when it was issued.
pub fn new_question() -> IssuedQuestion {
    IssuedQuestion::new(super::verification::issue(&mut rand::rng()), unix_now())
}

/// The view a step's page renders from.
pub async fn wizard_view(ctx: &AppContext, step: WizardStep, account_type: AccountType) -> Result<WizardView, StoreError> {
    let mut wizard = match state::find(ctx, &headers()).await? {
        Found::Live(w) => w,
        Found::Expired | Found::None if step == WizardStep::Profile => {
            state::start(ctx, Registration { account_type, question: Some(new_question()), ..Default::default() }).await?
        }
        Found::Expired => return Ok(WizardView { standing: Standing::Expired, ..Default::default() }),
        Found::None => return Ok(WizardView { standing: Standing::NotStarted, ..Default::default() }),
    };
    let now = unix_now();
    let reg = &wizard.registration;
    if step == WizardStep::Profile && !reg.question_answered && reg.question.as_ref().is_none_or(|q| q.is_expired(now)) {
        wizard.registration.question = Some(new_question());
        state::save(&ctx.store, &mut wizard).await?;
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
            Some(held) => held.clone(),
            None => suggest_user_ids(ctx, &wizard, &view.first_name, &view.last_name, 1).await?.pop().unwrap_or_default(),
        };
    }
    if step == WizardStep::SecurityOptions {
        view.text_available = ctx.texter.is_enabled() && view.mobile_display.is_some();
        view.text_sent = reg.text.is_some();
        view.text_verified = reg.text.as_ref().is_some_and(|t| t.verified);
        view.totp_verified = reg.totp.as_ref().is_some_and(|t| t.last_step.is_some());
        if let Some(draft) = reg.totp.as_ref().filter(|t| t.last_step.is_none()) {
            view.totp = totp_setup(draft, &ctx.secrets_key, reg.user_id.as_deref().unwrap_or("new login"));
        }
        view.backup_created = reg.backup.is_some();
        view.backup_verified = reg.backup.as_ref().is_some_and(|b| b.verified);
    }
    Ok(view)
}

/// What the person needs to add the login to an authenticator app.
pub fn totp_setup(draft: &super::state::TotpDraft, key: &crate::store::secrets::SecretsKey, account: &str) -> Option<TotpSetup> {
    crate::security::methods::totp_instructions(draft, key, account)
        .map(|shown| TotpSetup { secret: shown.secret, qr_svg: shown.qr_svg })
}

/// Up to `how_many` free User IDs by the guide's convention (last name,
/// first initial, 4 digits) for these names.
///
/// The digits are drawn from a generator seeded by this registration and
/// the names, so a reload of step 2 suggests the same User ID (the wizard
/// says it keeps one for the person) until it is taken or the names change;
/// another registration draws other digits.
pub async fn suggest_user_ids(
    ctx: &AppContext,
    wizard: &Wizard,
    first_name: &str,
    last_name: &str,
    how_many: usize,
) -> Result<Vec<String>, StoreError> {
    let Some(base) = user_id::suggestion_base(first_name, last_name) else {
        return Ok(Vec::new());
    };
    let candidates = {
        use rand::SeedableRng;
        let seed = crate::security::sha256(format!("user-id-suggestion:{}:{base}", wizard.holder()).as_bytes());
        let mut rng = rand::rngs::StdRng::from_seed(seed);
        user_id::suggestions(&base, (0..40).map(|_| rng.random_range(0..10_000u16)).collect::<Vec<_>>())
    };
    let holder = wizard.holder();
    let now = unix_now();
    ctx.store
        .read(move |conn| {
            let mut free = Vec::new();
            for c in candidates {
                if free.len() == how_many {
                    break;
                }
                if user_id_holds::is_free(conn, &c, Some(&holder), now)? {
                    free.push(c);
                }
            }
            Ok(free)
        })
        .await
}

/// The subject a registration's email codes are issued under: per address,
/// so a code sent to an earlier address never proves a new one.
pub fn email_subject(wizard: &Wizard, email: &str) -> String {
    let holder = wizard.holder();
    Subject::SignUp { holder: &holder, channel: Channel::Email, address: email }.key()
}

pub fn text_subject(wizard: &Wizard, number: &str) -> String {
    let holder = wizard.holder();
    Subject::SignUp { holder: &holder, channel: Channel::Text, address: number }.key()
}

/// Issues and emails a code that proves `email`. `Ok(Err(..))` when the
/// limits refuse a new code now.
pub async fn send_email_code(ctx: &AppContext, wizard: &Wizard, email: &str) -> Result<Result<(), IssueRefused>, ServerFnError> {
    crate::security::methods::send_email_code(ctx, email_subject(wizard, email), email).await
}

/// Issues and texts a code that proves the mobile number.
pub async fn send_text_code(ctx: &AppContext, wizard: &Wizard, number: &str) -> Result<Result<(), IssueRefused>, ServerFnError> {
    crate::security::methods::send_text_code(ctx, text_subject(wizard, number), number).await
}

/// Creates the login from a finished registration, in one transaction with
/// forgetting the registration, then signs the person in. Returns false
/// when the registration is not ready.
pub async fn finish(ctx: &AppContext, wizard: Wizard) -> Result<bool, ServerFnError> {
    use crate::store::logins::{self, NewLogin, NewMethod};
    let reg = &wizard.registration;
    let (Some(profile), Some(user_id), Some(password_phc)) = (&reg.profile, &reg.user_id, &reg.password_hash) else {
        return Ok(false);
    };
    if !reg.email_verified {
        return Ok(false);
    }
    let mut methods = vec![NewMethod::Email];
    if reg.text.as_ref().is_some_and(|t| t.verified) {
        methods.push(NewMethod::Text);
    }
    if let Some(totp) = &reg.totp
        && let (Some(step), Some(secret)) = (totp.last_step, totp.secret(&ctx.secrets_key))
    {
        methods.push(NewMethod::Totp { secret, last_step: step });
    }
    if let Some(backup) = reg.backup.as_ref().filter(|b| b.verified) {
        methods.push(NewMethod::BackupCodes(backup.stored()));
    }
    let method_names = methods.iter().map(|m| m.method().name()).collect::<Vec<_>>().join(", ");
    let login = NewLogin {
        user_id: user_id.clone(),
        account_type: reg.account_type,
        first_name: profile.first_name.clone(),
        middle_initial: profile.middle_initial.clone(),
        last_name: profile.last_name.clone(),
        suffix: profile.suffix.clone(),
        email: profile.email.clone(),
        work_phone: profile.work_phone.clone(),
        work_phone_ext: profile.work_phone_ext.clone(),
        mobile_phone: profile.mobile_phone.clone(),
        password_phc: password_phc.clone(),
        methods,
    };
    let now = unix_now();
    let origin = crate::session::server::origin(ctx);
    let key = ctx.secrets_key.clone();
    let login_id = ctx
        .store
        .write(move |tx| {
            let login_id = match logins::create(tx, &login, &key, now)? {
                Ok(id) => id,
                // The hold makes this unreachable; if it happens, nothing lands.
                Err(_) => return Err(StoreError::Worker("the held User ID was taken".into())),
            };
            state::discard_in(tx, &wizard)?;
            crate::store::audit::record(
                tx,
                Some(login_id),
                crate::store::audit::Event::LoginCreated,
                Some(&method_names),
                &origin,
                now,
            )?;
            Ok(login_id)
        })
        .await
        .map_err(failure)?;
    crate::session::server::complete_sign_in(ctx, login_id, false, crate::store::audit::Event::SignIn).await.map_err(failure)?;
    Ok(true)
}
