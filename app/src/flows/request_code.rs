//! Request Code: a business account's authorization code asked for by
//! email or by postal letter, in steps (type, number, delivery, submit).
//! What each step accepted is kept per login in a draft
//! (`store::code_request_drafts`); only what a step accepted is saved, so a
//! refused submission changes nothing. The limits (lookups a day, codes by
//! email a day, letters in 30 days) are the store's (`store::code_requests`),
//! checked in the same transaction as the change they allow.

use crate::store::{AccountNumber, LoginId, UserId};
use serde::{Deserialize, Serialize};

use super::Broken;
use crate::clock::Moment;
use crate::context::AppContext;
use crate::routes::RequestStep;
use crate::rules::account_type::AccountType;
use crate::rules::business::BusinessAccount;
use crate::store::authorization::{EMAIL_CODE_TTL_SECONDS, PlainAuthorizationCode, os_rng};
use crate::store::code_requests::{self, Channel, Lookups};
use crate::store::{Db, StoreError, business, code_request_drafts};

/// What a submission left for the Confirmation page and its printable view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub confirmation: i64,
    pub account_type: AccountType,
    pub account_number: AccountNumber,
    pub channel: Channel,
    pub at: i64,
}

/// The steps accepted so far. Only what a step accepted is saved: a
/// refused submission changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub account_type: Option<AccountType>,
    /// Found, active and of `account_type` when it was saved.
    pub account_number: Option<AccountNumber>,
    pub channel: Option<Channel>,
    pub submitted: Option<Submitted>,
}

impl Draft {
    /// The furthest step of the form this draft may show.
    pub fn reached(&self) -> RequestStep {
        match (&self.account_type, &self.account_number, &self.channel) {
            (None, _, _) => RequestStep::AccountType,
            (Some(_), None, _) => RequestStep::AccountInfo,
            (Some(_), Some(_), None) => RequestStep::AccountDetails,
            (Some(_), Some(_), Some(_)) => RequestStep::Summary,
        }
    }

    /// A new account type forgets the number and delivery chosen for the old one.
    pub fn choose_type(&mut self, account_type: AccountType) {
        if self.account_type != Some(account_type) {
            self.account_number = None;
            self.channel = None;
        }
        self.account_type = Some(account_type);
    }

    pub fn choose_number(&mut self, number: AccountNumber) {
        if self.account_number.as_ref() != Some(&number) {
            self.channel = None;
        }
        self.account_number = Some(number);
    }
}

/// The login's live draft, or an empty one.
pub fn load_draft(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Draft, StoreError> {
    code_request_drafts::load(conn, login_id, now)
}

pub fn save_draft(conn: &Db<'_>, login_id: LoginId, draft: &Draft, now: i64) -> Result<(), StoreError> {
    code_request_drafts::save(conn, login_id, draft, now)
}

pub fn discard_draft(conn: &Db<'_>, login_id: LoginId) -> Result<(), StoreError> {
    code_request_drafts::discard(conn, login_id)
}

/// Why a step did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// A step before this one is not done.
    #[error("an earlier step is not done")]
    Earlier,
    /// The account is gone or no longer usable for this type; at Submit
    /// (`at_submit`) the request starts again, before it the number is
    /// entered again.
    #[error("the account is gone")]
    Gone { at_submit: bool },
    /// The account type step's two choices were not used.
    #[error("no account type")]
    NoType,
    /// The account number is empty (`true`) or not shaped like one.
    #[error("no account number")]
    NoNumber { empty: bool },
    /// No usable account with that number and type; `left` lookups today.
    #[error("not found")]
    NotFound { left: Lookups },
    /// The day's lookups are used up until `resets_at`.
    #[error("too many lookups")]
    LookupLimit { resets_at: i64, left: Lookups },
    /// The record has an email, and neither Yes nor No was chosen.
    #[error("no delivery chosen")]
    Unchosen,
    /// The channel's limit is reached: `left` of the allowance and when the
    /// next is possible. `at_question`: on Account Details for a record with
    /// an email, where the Yes/No question was asked.
    #[error("over the limit")]
    Limit { by_email: bool, at_question: bool, left: i64, next_at: i64 },
    /// The email could not be sent, so nothing was requested.
    #[error("the email could not be sent")]
    EmailFailed,
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// The record if a code may still be requested for it as that type.
pub fn usable_account(
    conn: &Db<'_>,
    number: &AccountNumber,
    account_type: AccountType,
) -> Result<Option<BusinessAccount>, StoreError> {
    Ok(business::find(conn, number)?.filter(|a| a.active && a.account_type == account_type))
}

/// Step 1: the account type ("mechanic" or "school", as the form sends it).
pub async fn choose_type(ctx: &AppContext, login_id: LoginId, typed: &str, now: i64) -> Result<(), Refused> {
    let chosen = match typed {
        "mechanic" => AccountType::Mechanic,
        "school" => AccountType::MechanicSchool,
        _ => return Err(Refused::NoType),
    };
    ctx.store
        .write(move |tx| {
            let mut draft = load_draft(tx, login_id, now)?;
            draft.choose_type(chosen);
            save_draft(tx, login_id, &draft, now)
        })
        .await?;
    Ok(())
}

/// Step 2: the account number as typed, looked up as the chosen type.
pub async fn choose_number(ctx: &AppContext, login_id: LoginId, typed: &str, now: i64) -> Result<(), Refused> {
    use crate::store::code_requests::Lookup;
    let number = AccountNumber::parse(typed).ok_or(Refused::NoNumber { empty: typed.trim().is_empty() })?;
    let found = ctx
        .store
        .write(move |tx| {
            let mut draft = load_draft(tx, login_id, now)?;
            let Some(account_type) = draft.account_type else { return Ok(None) };
            let lookup = code_requests::look_up(tx, login_id, &number, account_type, now)?;
            if let Lookup::Found(account) = &lookup {
                draft.choose_number(account.number.clone());
                save_draft(tx, login_id, &draft, now)?;
            }
            Ok(Some((lookup, code_requests::lookups_left(tx, login_id, now)?)))
        })
        .await?;
    match found {
        None => Err(Refused::Earlier),
        Some((Lookup::Found(_), _)) => Ok(()),
        Some((Lookup::NotFound, left)) => Err(Refused::NotFound { left }),
        Some((Lookup::LimitReached { resets_at }, left)) => Err(Refused::LookupLimit { resets_at, left }),
    }
}

/// Step 3: by email (`"yes"`, when the record has one) or by mail
/// (`"no"`, or a record without an email), within the limits.
pub async fn choose_delivery(ctx: &AppContext, login_id: LoginId, by_email: String, now: i64) -> Result<(), Refused> {
    ctx.store
        .write(move |tx| {
            let mut draft = load_draft(tx, login_id, now)?;
            let (Some(account_type), Some(number)) = (draft.account_type, draft.account_number.clone()) else {
                return Ok(Err(Refused::Earlier));
            };
            let Some(account) = usable_account(tx, &number, account_type)? else {
                draft.account_number = None;
                save_draft(tx, login_id, &draft, now)?;
                return Ok(Err(Refused::Gone { at_submit: false }));
            };
            let channel = match (account.email.is_some(), by_email.as_str()) {
                (false, _) | (true, "no") => Channel::Letter,
                (true, "yes") => Channel::Email,
                (true, _) => return Ok(Err(Refused::Unchosen)),
            };
            let allowance = code_requests::allowances(tx, login_id, &number, now)?.of(channel);
            if let Some(next_at) = allowance.next_at {
                let (by_email, at_question) = (channel == Channel::Email, account.email.is_some());
                return Ok(Err(Refused::Limit { by_email, at_question, left: allowance.left, next_at }));
            }
            draft.channel = Some(channel);
            save_draft(tx, login_id, &draft, now)?;
            Ok(Ok(()))
        })
        .await?
}

/// What a submission did before its email went out.
enum Submitting {
    Refused(Refused),
    Done {
        request_id: i64,
        confirmation: i64,
        email: Option<(String, PlainAuthorizationCode)>,
        before: Draft,
        account_type: AccountType,
        number: AccountNumber,
    },
}

/// Submit: in one transaction the submission (its confirmation number),
/// the request, an email's code and the audit event; then the email goes
/// out. If it cannot, the request is taken back and the draft is as it was.
pub async fn submit(ctx: &AppContext, login_id: LoginId, user_id: &UserId, now: i64) -> Result<(), Refused> {
    let origin = crate::session::server::origin(ctx);
    let key = ctx.code_key.clone();
    let submitting = ctx
        .store
        .write(move |tx| {
            let draft = load_draft(tx, login_id, now)?;
            let (Some(account_type), Some(number), Some(channel)) =
                (draft.account_type, draft.account_number.clone(), draft.channel)
            else {
                return Ok(Submitting::Refused(Refused::Earlier));
            };
            let Some(account) = usable_account(tx, &number, account_type)? else {
                return Ok(Submitting::Refused(Refused::Gone { at_submit: true }));
            };
            // The record's email may have gone since Account Details.
            let channel = if account.email.is_none() { Channel::Letter } else { channel };
            let requested = match code_requests::request(tx, &key, login_id, &number, channel, &origin, now, &mut os_rng())? {
                Ok(r) => r,
                Err(refused) => {
                    return Ok(Submitting::Refused(Refused::Limit {
                        by_email: channel == Channel::Email,
                        at_question: false,
                        left: refused.allowance.left,
                        next_at: refused.allowance.next_at.unwrap_or(now),
                    }));
                }
            };
            let submitted = Submitted {
                confirmation: requested.confirmation,
                account_type,
                account_number: number.clone(),
                channel,
                at: now,
            };
            save_draft(tx, login_id, &Draft { submitted: Some(submitted), ..Default::default() }, now)?;
            Ok(Submitting::Done {
                request_id: requested.request_id,
                confirmation: requested.confirmation,
                email: account.email.zip(requested.code),
                before: draft,
                account_type,
                number,
            })
        })
        .await?;
    let (request_id, confirmation, email, before, account_type, number) = match submitting {
        Submitting::Refused(refused) => return Err(refused),
        Submitting::Done { request_id, confirmation, email, before, account_type, number } => {
            (request_id, confirmation, email, before, account_type, number)
        }
    };
    let Some((to, code)) = email else { return Ok(()) };
    let expires_at = now + EMAIL_CODE_TTL_SECONDS;
    let message = code_email(&to, &code, user_id, account_type, &number, confirmation, expires_at, &ctx.portal_url);
    drop(code);
    if let Err(e) = ctx.mailer.send(message).await {
        tracing::error!(error = %e, "the authorization code email could not be sent");
        // Nothing half-done: the request and its code are taken back and
        // the draft is as it was before Submit.
        ctx.store
            .write(move |tx| {
                code_requests::withdraw_unsent(tx, request_id)?;
                save_draft(tx, login_id, &before, now)
            })
            .await?;
        return Err(Refused::EmailFailed);
    }
    Ok(())
}

/// Cancel: forgets the draft.
pub async fn cancel(ctx: &AppContext, login_id: LoginId) -> Result<(), Broken> {
    Ok(ctx.store.write(move |tx| discard_draft(tx, login_id)).await?)
}

/// The email that carries an authorization code. The code is in the body
/// only: the mailer never logs bodies.
#[allow(clippy::too_many_arguments)]
fn code_email(
    to: &str,
    code: &crate::store::authorization::PlainAuthorizationCode,
    user_id: &UserId,
    account_type: AccountType,
    number: &AccountNumber,
    confirmation: i64,
    expires_at: i64,
    portal_url: &str,
) -> crate::mail::Email {
    let (until, confirmation) =
        (Moment::at(expires_at).text, crate::rules::business::confirmation_number(confirmation.max(0) as u64));
    let words = crate::messages::mail::authorization_code(&crate::messages::mail::AuthorizationCode {
        user_id,
        kind: account_type.label(),
        number,
        code: &code.display(),
        lasts_seconds: crate::store::authorization::EMAIL_CODE_TTL_SECONDS,
        until: &until,
        portal_url,
        confirmation: &confirmation,
    });
    crate::mail::Email::new(to, words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::account_type::AccountType;
    use crate::store::Store;
    use crate::store::code_request_drafts::DRAFT_TTL_SECONDS;

    #[tokio::test]
    async fn a_draft_is_the_logins_own_and_ends_after_an_hour_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (a, b) = store
            .write(|tx| Ok((crate::store::test_login(tx, "halle1234")?, crate::store::test_login(tx, "moorej5678")?)))
            .await
            .unwrap();
        let mut draft = Draft::default();
        draft.choose_type(AccountType::Mechanic);
        draft.choose_number(crate::store::number("Z123456"));
        draft.channel = Some(Channel::Email);
        assert_eq!(draft.reached(), RequestStep::Summary);
        let saved = draft.clone();
        store.write(move |tx| save_draft(tx, a, &saved, 100)).await.unwrap();
        assert_eq!(store.read(move |c| load_draft(c, a, 100 + DRAFT_TTL_SECONDS - 1)).await.unwrap(), draft);
        assert_eq!(store.read(move |c| load_draft(c, b, 100)).await.unwrap(), Draft::default());
        assert_eq!(store.read(move |c| load_draft(c, a, 100 + DRAFT_TTL_SECONDS)).await.unwrap(), Draft::default());

        // Going back and choosing another type forgets what came after.
        draft.choose_type(AccountType::MechanicSchool);
        assert_eq!(draft.reached(), RequestStep::AccountInfo);
        assert_eq!(draft.channel, None);
    }
}
