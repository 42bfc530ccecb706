//! Adding and removing sign-in verification and recovery methods in
//! Settings: the password typed again first (a mark on this session for
//! [`REAUTH_SECONDS`](crate::store::settings::REAUTH_SECONDS)), each new
//! method proved as in sign-up, and at least one method always stays. The
//! owner is told of every change.

use super::Broken;
use super::method_setup::{self, Drafts, SetUp, Step};
use super::owner_notice;
use crate::context::AppContext;
use crate::rules::method::Method;
use crate::session::server::origin;
use crate::store::LoginId;
use crate::store::logins::{self, NewMethod, Removed};
use crate::store::one_time_codes::{Channel, Subject};
use crate::store::{audit, settings};

/// Who is changing their methods: the login and the session whose draft
/// keeps the methods being set up.
pub struct Owner<'a> {
    pub login_id: LoginId,
    pub user_id: &'a crate::store::UserId,
    pub session_token: &'a str,
}

/// A button of the methods section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    AddEmail,
    /// A step of proving a new method (as in sign-up).
    SetUp(SetUp),
    /// The method named by the form, if it names one.
    Remove(Option<Method>),
}

impl Ask {
    /// The method a button would add (`None` for Remove).
    fn adds(&self) -> Option<Method> {
        match self {
            Self::AddEmail => Some(Method::Email),
            Self::SetUp(setup) => Some(setup.method()),
            Self::Remove(_) => None,
        }
    }
}

/// What a button did.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    /// A step on the way to a new method (a code sent, a key shown, backup
    /// codes made).
    SetUp(Step),
    Added(Method),
    Removed(Method),
}

/// Why a button did nothing (or, for a code, only kept the draft).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The login is gone (closed from another browser): sign in again.
    #[error("no such login")]
    SignInAgain,
    /// The password was not typed again in the last few minutes.
    #[error("the password must be typed again")]
    Locked,
    /// A step of proving a new method was refused.
    #[error(transparent)]
    SetUp(#[from] method_setup::Refused),
    /// Removing it would leave no method.
    #[error("the last method stays")]
    LastOne(Method),
    /// The method to remove is not one of the login's.
    #[error("not one of the login's methods")]
    NotThere,
    /// The method to add is already the login's.
    #[error("already the login's")]
    AlreadyHave,
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

fn text_subject(login_id: LoginId, number: &str) -> String {
    Subject::Settings { login_id, channel: Channel::Text, address: number }.key()
}

/// One button of the methods section, pressed by `owner` at `now`.
pub async fn change(ctx: &AppContext, owner: &Owner<'_>, ask: Ask, now: i64) -> Result<Done, Refused> {
    let (login_id, token) = (owner.login_id, owner.session_token.to_string());
    let t = token.clone();
    let (mut draft, have, profile) = ctx
        .store
        .read(move |c| Ok((settings::draft(c, &t, login_id)?, logins::methods_of(c, login_id)?, settings::profile(c, login_id)?)))
        .await?;
    let profile = profile.ok_or(Refused::SignInAgain)?;
    if !draft.reauthenticated(now) {
        return Err(Refused::Locked);
    }
    if ask.adds().is_some_and(|m| have.contains(&m)) {
        return Err(Refused::AlreadyHave);
    }
    // Whatever the button came to, the draft (a code sent, a key shown, a
    // draft dropped after too many wrong codes) is kept for the next one.
    let result = match ask {
        Ask::Remove(which) => remove(ctx, owner, which, &profile.email, now).await,
        Ask::AddEmail => add(ctx, owner, NewMethod::Email, &profile.email, now).await,
        Ask::SetUp(setup) => match prove(ctx, login_id, setup, &mut draft, profile.mobile_phone.clone(), now).await {
            Ok(Proved::Added(new)) => add(ctx, owner, new, &profile.email, now).await,
            Ok(Proved::Step(step)) => Ok(Done::SetUp(step)),
            Err(refused) => Err(refused.into()),
        },
    };
    ctx.store.write(move |tx| settings::save_draft(tx, &token, login_id, &draft, now)).await?;
    result
}

/// What a set-up button came to: a step on the way, or a method proved.
enum Proved {
    Step(Step),
    Added(NewMethod),
}

/// A set-up button on the Settings draft: a proved method leaves the draft
/// and is added at once.
async fn prove(
    ctx: &AppContext,
    login_id: LoginId,
    setup: SetUp,
    draft: &mut settings::Draft,
    mobile: Option<String>,
    now: i64,
) -> Result<Proved, method_setup::Refused> {
    let key = &ctx.secrets_key;
    let state = &mut draft.state;
    let text_sent = mobile.is_some() && state.text_number == mobile;
    let text = mobile.map(|number| {
        let subject = text_subject(login_id, &number);
        (number, subject)
    });
    let drafts = Drafts { text, text_sent, totp: &mut state.totp, backup: &mut state.backup };
    Ok(match method_setup::step(ctx, setup, drafts, now).await? {
        Step::TextSent { shown, e164 } => {
            state.text_number = Some(e164.clone());
            Proved::Step(Step::TextSent { shown, e164 })
        }
        Step::TextProved { .. } => {
            state.text_number = None;
            Proved::Added(NewMethod::Text)
        }
        // A proved draft always has its key and step; without them nothing
        // is added.
        Step::TotpProved => match state.totp.take().and_then(|d| Some((d.secret(key)?, d.last_step?))) {
            Some((secret, last_step)) => Proved::Added(NewMethod::Totp { secret, last_step }),
            None => Proved::Step(Step::TotpStarted),
        },
        Step::BackupProved => Proved::Added(NewMethod::BackupCodes(state.backup.take().map(|d| d.stored()).unwrap_or_default())),
        other => Proved::Step(other),
    })
}

/// Adds a proved method, once: checked again inside the transaction, so
/// two quick clicks add it once (and tell the owner once).
async fn add(ctx: &AppContext, owner: &Owner<'_>, new: NewMethod, email: &str, now: i64) -> Result<Done, Refused> {
    let (login_id, origin, which, key) = (owner.login_id, origin(ctx), new.method(), ctx.secrets_key.clone());
    let fresh = ctx
        .store
        .write(move |tx| {
            if logins::methods_of(tx, login_id)?.contains(&which) {
                return Ok(false);
            }
            logins::add_method(tx, &key, login_id, &new, now)?;
            audit::record(tx, Some(login_id), audit::Event::MethodAdded, Some(which.name()), &origin, now)?;
            Ok(true)
        })
        .await?;
    if fresh {
        owner_notice::tell(ctx, email.to_string(), crate::messages::mail::method_added(owner.user_id, which.label())).await;
    }
    Ok(Done::Added(which))
}

/// Removes a method, unless it is the last one.
async fn remove(ctx: &AppContext, owner: &Owner<'_>, which: Option<Method>, email: &str, now: i64) -> Result<Done, Refused> {
    let Some(which) = which else { return Err(Refused::NotThere) };
    let (login_id, origin) = (owner.login_id, origin(ctx));
    let removed = ctx
        .store
        .write(move |tx| {
            let removed = logins::remove_method(tx, login_id, which)?;
            if removed == Removed::Removed {
                audit::record(tx, Some(login_id), audit::Event::MethodRemoved, Some(which.name()), &origin, now)?;
            }
            Ok(removed)
        })
        .await?;
    match removed {
        Removed::LastOne => Err(Refused::LastOne(which)),
        Removed::NotThere => Err(Refused::NotThere),
        Removed::Removed => {
            let words = crate::messages::mail::method_removed(owner.user_id, which.label());
            owner_notice::tell(ctx, email.to_string(), words).await;
            Ok(Done::Removed(which))
        }
    }
}
