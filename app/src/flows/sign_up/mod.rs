//! Sign-up: the three-step wizard that creates a login (profile and email,
//! User ID and password, verification methods). The unfinished
//! registration lives on the server ([`registration`]), so every page is
//! rendered from it and a refused submission changes nothing.

pub mod registration;
pub mod verification;

use rand::Rng;

use super::Broken;
use super::method_setup::{self, Drafts, SetUp, Step};
use super::new_password::{self, Chooser};
use crate::context::AppContext;
use crate::messages::flows::sign_up as words;
use crate::messages::shared;
use crate::routes::WizardStep;
use crate::rules::account_type::AccountType;
use crate::rules::email as email_rules;
use crate::rules::password::PasswordContext;
use crate::rules::user_id::{self, UserId};
use crate::store::one_time_codes::{self, Channel, IssueRefused, Subject};
use crate::store::{StoreError, user_id_holds};
use registration::{Found, IssuedQuestion, Registration, TextProof, Wizard};

/// Why a step did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// No live registration in this browser (it expired, or was finished).
    #[error("no registration")]
    Expired,
    /// A step before this one is not done; what to say.
    #[error("an earlier step is not done")]
    Earlier(&'static str),
    /// What to say by each field, in the order the fields appear.
    #[error("the form has problems")]
    Fields(Vec<(&'static str, String)>),
    /// Step 1's fields, and the verification question to show now (empty
    /// once it is answered).
    #[error("the profile has problems")]
    Profile { problems: Vec<(&'static str, String)>, question: String },
    /// Too many attempts from this network in the last minute.
    #[error("throttled")]
    Throttled,
    /// A code could not be sent yet, by the code field `field`.
    #[error("sending refused")]
    SendRefused { field: &'static str, message: String },
    /// A step of setting up a method was refused.
    #[error(transparent)]
    SetUp(#[from] method_setup::Refused),
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// One problem by one field.
fn on(field: &'static str, message: impl Into<String>) -> Refused {
    Refused::Fields(vec![(field, message.into())])
}

/// The live registration of this browser, if any.
pub async fn live(ctx: &AppContext) -> Result<Option<Wizard>, Broken> {
    let headers = leptos::prelude::use_context::<axum::http::request::Parts>().map(|p| p.headers).unwrap_or_default();
    match registration::find(ctx, &headers).await? {
        Found::Live(w) => Ok(Some(w)),
        _ => Ok(None),
    }
}

/// The live registration, or [`Refused::Expired`].
async fn live_or_expired(ctx: &AppContext) -> Result<Wizard, Refused> {
    live(ctx).await?.ok_or(Refused::Expired)
}

/// A new verification question, remembered with when it was issued.
pub fn new_question(now: i64) -> IssuedQuestion {
    IssuedQuestion::new(verification::issue(&mut rand::rng()), now)
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
) -> Result<Vec<UserId>, StoreError> {
    let Some(base) = user_id::suggestion_base(first_name, last_name) else {
        return Ok(Vec::new());
    };
    let candidates = {
        use rand::SeedableRng;
        let seed = crate::security::sha256(format!("user-id-suggestion:{}:{base}", wizard.holder()).as_bytes());
        let mut rng = rand::rngs::StdRng::from_seed(seed);
        let drawn: Vec<u16> = (0..40).map(|_| rng.random_range(0..10_000u16)).collect();
        // Every suggestion keeps the rules; parsing makes it the type.
        user_id::suggestions(&base, drawn).into_iter().filter_map(|c| UserId::parse(&c).ok()).collect::<Vec<_>>()
    };
    let holder = wizard.holder();
    let now = ctx.now();
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
pub async fn send_email_code(ctx: &AppContext, wizard: &Wizard, email: &str) -> Result<Result<(), IssueRefused>, Broken> {
    Ok(crate::security::methods::send_email_code(ctx, email_subject(wizard, email), email).await?)
}

/// What step 1's form holds, as typed.
pub struct ProfileForm<'a> {
    pub account_type: AccountType,
    pub person: crate::rules::profile::Typed<'a>,
    pub email: &'a str,
    pub confirm_email: &'a str,
    pub verification_answer: &'a str,
    pub agreed: bool,
}

/// Step 1: the profile, the verification question and the Terms. Returns
/// the next step: Check your email, or Security Setup when this address was
/// proved already.
pub async fn profile(ctx: &AppContext, form: ProfileForm<'_>, now: i64) -> Result<WizardStep, Refused> {
    use crate::rules::profile::PHONE_FIELDS;
    // In the order the fields appear, so the error summary reads top down:
    // the names, the email address, then the phones.
    let person = crate::rules::profile::check(&form.person, &email_rules::normalize(form.email));
    let (phones, names): (Vec<_>, Vec<_>) =
        person.as_ref().err().cloned().unwrap_or_default().into_iter().partition(|(field, _)| PHONE_FIELDS.contains(field));
    let mut problems: Vec<(&'static str, String)> = names.into_iter().map(|(f, m)| (f, m.to_string())).collect();
    if let Err(p) = email_rules::check(form.email) {
        problems.push(("email", p.message().into()));
    } else if let Err(p) = email_rules::confirm(form.email, form.confirm_email) {
        problems.push(("confirm_email", p.message().into()));
    }
    problems.extend(phones.into_iter().map(|(f, m)| (f, m.to_string())));

    let mut wizard = match live(ctx).await? {
        Some(w) => w,
        // Expired while the page was open: carry on in a new registration,
        // with everything typed still in the form.
        None => registration::start(ctx, Registration { account_type: form.account_type, ..Default::default() }).await?,
    };
    let reg = &mut wizard.registration;
    let mut question_changed = false;
    if !reg.question_answered {
        let answer = form.verification_answer.trim();
        let problem = match &reg.question {
            None => Some(words::ANSWER_THE_VERIFICATION.to_string()),
            Some(q) if q.is_expired(now) => {
                Some(words::question_expired(&crate::messages::minutes(verification::QUESTION_TTL_SECONDS)))
            }
            Some(_) if answer.is_empty() => Some(words::ANSWER_THE_VERIFICATION.to_string()),
            Some(q) if q.is_answered_by(answer) => None,
            Some(_) => Some(words::THAT_ANSWER_IS_NOT_RIGHT.to_string()),
        };
        match problem {
            None => {
                reg.question_answered = true;
                reg.question = None;
            }
            Some(message) => {
                // Each question is answered once: after a wrong or late
                // answer (not an empty one) a new question replaces it.
                if reg.question.is_none() || !answer.is_empty() || reg.question.as_ref().is_some_and(|q| q.is_expired(now)) {
                    reg.question = Some(new_question(now));
                }
                problems.push(("verification_answer", message));
            }
        }
        question_changed = true;
    }
    if !form.agreed {
        problems.push(("agree_terms", words::YOU_MUST_AGREE_TO_THE.into()));
    }
    let (Ok(profile), true) = (person, problems.is_empty()) else {
        let reg = &wizard.registration;
        let question =
            if reg.question_answered { String::new() } else { reg.question.as_ref().map(|q| q.text.clone()).unwrap_or_default() };
        if question_changed {
            registration::save(&ctx.store, &mut wizard).await?;
        }
        return Err(Refused::Profile { problems, question });
    };

    let reg = &mut wizard.registration;
    if reg.profile.as_ref().is_none_or(|p| p.email != profile.email) {
        reg.email_verified = false;
    }
    if reg.text.as_ref().is_some_and(|t| Some(&t.number) != profile.mobile_phone.as_ref()) {
        reg.text = None;
    }
    reg.account_type = form.account_type;
    reg.profile = Some(profile.clone());
    let verified = reg.email_verified;
    registration::save(&ctx.store, &mut wizard).await?;
    if verified {
        return Ok(WizardStep::SecuritySetup);
    }
    // A code already on its way for this address is still good: a refusal
    // to send another so soon is not a problem here.
    let _ = send_email_code(ctx, &wizard, &profile.email).await?;
    Ok(WizardStep::CheckEmail)
}

/// The registration's email address, once step 1 is done.
fn email_of(wizard: &Wizard) -> Result<String, Refused> {
    wizard.registration.profile.as_ref().map(|p| p.email.clone()).ok_or(Refused::Earlier(words::ENTER_YOUR_PROFILE_INFORMATION))
}

/// Check your email: the code that proves the address.
pub async fn check_email(ctx: &AppContext, typed: &str, now: i64) -> Result<(), Refused> {
    let mut wizard = live_or_expired(ctx).await?;
    let email = email_of(&wizard)?;
    if wizard.registration.email_verified {
        return Ok(());
    }
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.is_empty() {
        return Err(on("email_code", words::ENTER_THE_6_DIGIT_CODE));
    }
    if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(on("email_code", shared::CODE_IS_6_DIGITS));
    }
    let subject = email_subject(&wizard, &email);
    let outcome = ctx.store.write(move |tx| one_time_codes::check(tx, &subject, Channel::Email, &typed, now)).await?;
    if let Some(message) = one_time_codes::check_message(outcome, now) {
        return Err(on("email_code", message));
    }
    wizard.registration.email_verified = true;
    registration::save(&ctx.store, &mut wizard).await?;
    Ok(())
}

/// Check your email, "Send a new code": returns the address.
pub async fn resend_email_code(ctx: &AppContext, now: i64) -> Result<String, Refused> {
    let wizard = live_or_expired(ctx).await?;
    let email = email_of(&wizard)?;
    match send_email_code(ctx, &wizard, &email).await? {
        Ok(()) => Ok(email),
        Err(refused) => Err(Refused::SendRefused { field: "email_code", message: one_time_codes::refusal_message(refused, now) }),
    }
}

/// Step 2: the User ID (as typed, trimmed) and the password, twice. The
/// User ID is settled (held for this registration) before any Argon2
/// work, and the work is throttled per client address and bounded (a
/// place in the hashing queue first), so strangers cannot make the server
/// hash without limit.
pub async fn security_setup(ctx: &AppContext, typed_id: &str, password: String, confirm: &str, now: i64) -> Result<(), Refused> {
    let mut wizard = live_or_expired(ctx).await?;
    let Some(profile) = wizard.registration.profile.clone().filter(|_| wizard.registration.email_verified) else {
        return Err(Refused::Earlier(words::FINISH_STEP_1_FIRST_YOUR));
    };
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let parsed = UserId::parse(typed_id);
    if let Err(problem) = &parsed {
        problems.push(("user_id", problem.message().into()));
    }
    let person = PasswordContext {
        user_id: typed_id,
        first_name: profile.first_name.as_deref().unwrap_or(""),
        last_name: &profile.last_name,
    };
    let checked = new_password::check(ctx, Chooser::NewLogin, &person, &password, confirm).await?;
    problems.extend(checked.password.map(|m| ("password", m)));
    problems.extend(checked.confirm.map(|m| ("confirm_password", m)));
    let (Ok(wanted), true) = (parsed, problems.is_empty()) else {
        return Err(Refused::Fields(problems));
    };

    let ip = crate::session::server::origin(ctx).client();
    let queue = crate::security::password_hash::Queue::open(Some(&ip));
    let ticket = ctx.hasher.admit(queue).map_err(Broken::from)?;
    let holder = wizard.holder();
    let until = now + registration::REGISTRATION_TTL_SECONDS;
    let per_minute = ctx.policy.sign_ins_per_minute;
    let w = wanted.clone();
    let held = ctx
        .store
        .write(move |tx| {
            if !crate::store::sign_in::throttle(tx, &ip, per_minute, now)? {
                return Ok(None);
            }
            user_id_holds::hold(tx, &holder, &w, now, until).map(Some)
        })
        .await?;
    match held {
        None => return Err(Refused::Throttled),
        Some(Err(_)) => {
            let first = profile.first_name.clone().unwrap_or_default();
            let free = suggest_user_ids(ctx, &wizard, &first, &profile.last_name, 3).await?;
            let message =
                if free.is_empty() { words::THAT_USER_ID_IS_ALREADY.to_string() } else { words::taken_these_are_free(&free) };
            return Err(on("user_id", message));
        }
        Some(Ok(_)) => {}
    }
    let hash = ticket.hash(password).await.map_err(Broken::from)?;
    wizard.registration.user_id = Some(wanted);
    wizard.registration.password_hash = Some(hash.as_str().to_string());
    registration::save(&ctx.store, &mut wizard).await?;
    Ok(())
}

/// Step 3: one button of setting up a method. What is being proved stays
/// in the registration (a proved method too, until Finish), whatever the
/// button came to.
pub async fn set_up_method(ctx: &AppContext, setup: SetUp, now: i64) -> Result<Step, Refused> {
    let mut wizard = live_or_expired(ctx).await?;
    if wizard.registration.reached() < WizardStep::SecurityOptions {
        return Err(Refused::Earlier(words::FINISH_THE_EARLIER_STEPS));
    }
    let mobile = wizard.registration.profile.as_ref().and_then(|p| p.mobile_phone.clone());
    let text = mobile.map(|number| {
        let subject = text_subject(&wizard, &number);
        (number, subject)
    });
    let reg = &mut wizard.registration;
    // Sign-up checks a text code against whatever was sent for the number.
    let drafts = Drafts { text, text_sent: true, totp: &mut reg.totp, backup: &mut reg.backup };
    let step = method_setup::step(ctx, setup, drafts, now).await;
    match &step {
        Ok(Step::TextSent { e164, .. }) if reg.text.as_ref().is_none_or(|t| !t.verified) => {
            reg.text = Some(TextProof { number: e164.clone(), verified: false })
        }
        Ok(Step::TextProved { e164 }) => reg.text = Some(TextProof { number: e164.clone(), verified: true }),
        _ => {}
    }
    registration::save(&ctx.store, &mut wizard).await?;
    Ok(step?)
}

/// "Finish": creates the login from the registration, in one transaction
/// with forgetting the registration, then signs the person in.
pub async fn finish(ctx: &AppContext, now: i64) -> Result<(), Refused> {
    use crate::store::logins::{self, NewLogin, NewMethod};
    let wizard = live_or_expired(ctx).await?;
    let reg = &wizard.registration;
    let (Some(profile), Some(user_id), Some(password_phc), true) =
        (&reg.profile, &reg.user_id, &reg.password_hash, reg.email_verified)
    else {
        return Err(Refused::Earlier(words::FINISH_THE_EARLIER_STEPS));
    };
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
        profile: profile.clone(),
        password_phc: password_phc.clone(),
        methods,
    };
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
            registration::discard_in(tx, &wizard)?;
            let event = crate::store::audit::Event::LoginCreated;
            crate::store::audit::record(tx, Some(login_id), event, Some(&method_names), &origin, now)?;
            Ok(login_id)
        })
        .await?;
    crate::session::server::complete_sign_in(ctx, login_id, false, crate::store::audit::Event::SignIn).await?;
    tracing::info!("a login was created");
    Ok(())
}
