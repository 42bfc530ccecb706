//! Add Account Access: an authorization code (and the Terms & Conditions),
//! the account it belongs to confirmed, the address for notices about this
//! access, then Submit links the account. The draft lives in the store
//! keyed by the login (`store::access_drafts`) and holds the id of the
//! typed code, never the code; the account is always the one that code
//! belongs to. The forms that show an account send its number back only so
//! a page left open while the draft changed in another tab cannot confirm
//! an account the person did not see.

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::add_access as words;
use crate::routes::AddStep;
use crate::rules::business::{BusinessAccount, confirmation_number};
use crate::store::access_drafts::{self as drafts, Draft};
use crate::store::authorization::{self, CodeCheck};
use crate::store::submissions::{self, Kind};
use crate::store::{AccountNumber, LoginId, UserId};
use crate::store::{audit, business, code_requests, links, springboard_notices};

/// Which step a saved draft may show.
impl Draft {
    /// The furthest step this draft may show.
    pub fn reached(&self) -> AddStep {
        if !self.confirmed {
            AddStep::AccountInfo
        } else if self.notice_email.is_none() {
            AddStep::Email
        } else {
            AddStep::Summary
        }
    }
}

/// Why a step did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by the code field and the Terms box of step 1: the code
    /// is empty (`Some(true)`) or not shaped like one (`Some(false)`).
    #[error("the form has problems")]
    Fields { code_empty: Option<bool>, terms: bool },
    /// The code's account is inactive.
    #[error("inactive account")]
    Inactive,
    /// The code expired; what the login may still request for its account.
    #[error("expired code")]
    Expired { email_possible: bool, allowances: code_requests::Allowances },
    /// A wrong code, a wait, every code voided, a code already used.
    #[error("the code was refused")]
    Code(CodeCheck),
    /// No draft (or not far enough): back to the code step.
    #[error("start again")]
    StartAgain,
    /// The account shown is no longer the draft's.
    #[error("the page changed")]
    PageChanged,
    /// The draft's account became inactive (`inactive`), or its code is no
    /// longer valid: the draft is gone, so back to the code step.
    #[error("restart")]
    Restart { inactive: bool },
    /// Account Info is not confirmed, so no address can be chosen yet.
    #[error("not confirmed")]
    NotConfirmed,
    /// What to say by the email field.
    #[error("bad address")]
    Email(&'static str),
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// Step 1: the code as typed and the Terms box. A wrong code counts
/// against the login's tries (5 per 10 minutes, 20 in a row void every
/// code); nothing is used up until Submit.
pub async fn enter_code(ctx: &AppContext, login_id: LoginId, typed: &str, agreed: bool, now: i64) -> Result<(), Refused> {
    let code = crate::rules::business::authorization_code(typed);
    let code_empty = if typed.trim().is_empty() { Some(true) } else { code.is_none().then_some(false) };
    let (Some(code), None, true) = (code, code_empty, agreed) else {
        return Err(Refused::Fields { code_empty, terms: !agreed });
    };
    let origin = crate::session::server::origin(ctx);
    let key = ctx.code_key.clone();
    ctx.store
        .write(move |tx| {
            let checked = authorization::check(tx, &key, login_id, &code, now)?;
            Ok(match checked {
                CodeCheck::Live { code_id, account_number } => match business::find(tx, &account_number)? {
                    Some(account) if account.active => {
                        drafts::start(tx, login_id, code_id, now)?;
                        Ok(())
                    }
                    _ => Err(Refused::Inactive),
                },
                CodeCheck::Expired { account_number } => Err(Refused::Expired {
                    email_possible: business::find(tx, &account_number)?.is_some_and(|a| a.email.is_some()),
                    allowances: code_requests::allowances(tx, login_id, &account_number, now)?,
                }),
                c @ (CodeCheck::Wrong { .. } | CodeCheck::Waiting { .. }) => {
                    audit::record(tx, Some(login_id), audit::Event::AuthorizationCodeFailed, None, &origin, now)?;
                    Err(Refused::Code(c))
                }
                CodeCheck::AllVoided => {
                    let detail = Some("after 20 wrong codes");
                    audit::record(tx, Some(login_id), audit::Event::AuthorizationCodesVoided, detail, &origin, now)?;
                    Err(Refused::Code(CodeCheck::AllVoided))
                }
                c => Err(Refused::Code(c)),
            })
        })
        .await?
}

/// Step 2: the person confirms the account their code belongs to
/// (`shown`: the number on the page they saw).
pub async fn confirm_account(ctx: &AppContext, login_id: LoginId, shown: &str, now: i64) -> Result<(), Refused> {
    let shown = AccountNumber::parse(shown);
    ctx.store
        .write(move |tx| {
            let Some(draft) = drafts::load(tx, login_id, now)? else { return Ok(Err(Refused::StartAgain)) };
            if shown.as_ref() != Some(&draft.account_number) {
                return Ok(Err(Refused::PageChanged));
            }
            drafts::confirm(tx, login_id, now)?;
            Ok(Ok(()))
        })
        .await?
}

/// Step 3: the address that gets notices about this access.
pub async fn choose_email(ctx: &AppContext, login_id: LoginId, typed: &str, now: i64) -> Result<(), Refused> {
    use crate::rules::email;
    email::check(typed).map_err(|problem| Refused::Email(problem.message()))?;
    let address = email::normalize(typed);
    ctx.store
        .write(move |tx| {
            if !drafts::load(tx, login_id, now)?.is_some_and(|d| d.confirmed) {
                return Ok(Err(Refused::NotConfirmed));
            }
            drafts::set_notice_email(tx, login_id, &address, now)?;
            Ok(Ok(()))
        })
        .await?
}

/// What a submission did, decided in one transaction.
enum Linking {
    Refused(Refused),
    /// The account was already linked: nothing was added (the springboard
    /// says so).
    AlreadyLinked,
    Linked {
        account: Box<BusinessAccount>,
        notice_email: String,
        others: Vec<String>,
        confirmation: i64,
    },
}

/// Submit: in one transaction the code is used (voiding the login's other
/// codes for the account), the link made, the submission numbered and the
/// audit written; then the notices go out. The springboard's one-shot
/// notice says what happened.
pub async fn submit(ctx: &AppContext, login_id: LoginId, user_id: &UserId, shown: &str, now: i64) -> Result<(), Refused> {
    let origin = crate::session::server::origin(ctx);
    let shown = AccountNumber::parse(shown);
    let linking = ctx
        .store
        .write(move |tx| {
            let Some(draft) = drafts::load(tx, login_id, now)? else { return Ok(Linking::Refused(Refused::StartAgain)) };
            let Some(notice_email) = draft.notice_email.clone().filter(|_| draft.confirmed) else {
                return Ok(Linking::Refused(Refused::StartAgain));
            };
            if shown.as_ref() != Some(&draft.account_number) {
                return Ok(Linking::Refused(Refused::PageChanged));
            }
            let number = draft.account_number.clone();
            let Some(account) = business::find(tx, &number)?.filter(|a| a.active) else {
                drafts::discard(tx, login_id)?;
                return Ok(Linking::Refused(Refused::Restart { inactive: true }));
            };
            let kind = account.account_type.label();
            if links::is_linked(tx, login_id, &number)? {
                drafts::discard(tx, login_id)?;
                let message = words::already_linked(kind, &number);
                springboard_notices::leave(tx, login_id, &message, now)?;
                return Ok(Linking::AlreadyLinked);
            }
            if !authorization::use_code(tx, login_id, draft.code_id, now)? {
                drafts::discard(tx, login_id)?;
                return Ok(Linking::Refused(Refused::Restart { inactive: false }));
            }
            links::link(tx, login_id, &number, &notice_email, now)?;
            let confirmation = submissions::record(tx, login_id, Kind::AccountAccess, &number, now)?;
            let shown_number = confirmation_number(confirmation.max(0) as u64);
            let detail = words::linked_detail(&number, &shown_number);
            audit::record(tx, Some(login_id), audit::Event::AccountLinked, Some(&detail), &origin, now)?;
            drafts::discard(tx, login_id)?;
            let others = links::notice_recipients(tx, login_id, &number)?;
            let message = words::linked(kind, &number, &account.name, &shown_number);
            springboard_notices::leave(tx, login_id, &message, now)?;
            Ok(Linking::Linked { account: Box::new(account), notice_email, others, confirmation })
        })
        .await?;
    let (account, notice_email, others, confirmation) = match linking {
        Linking::Refused(refused) => return Err(refused),
        Linking::AlreadyLinked => return Ok(()),
        Linking::Linked { account, notice_email, others, confirmation } => (account, notice_email, others, confirmation),
    };
    for email in linked_notices(user_id, &account, &notice_email, &others, confirmation, now) {
        if let Err(e) = ctx.mailer.send(email).await {
            tracing::error!(error = %e, "an account-linked notice could not be sent");
        }
    }
    Ok(())
}

/// Cancel: forgets the draft.
pub async fn cancel(ctx: &AppContext, login_id: LoginId) -> Result<(), Broken> {
    Ok(ctx.store.write(move |tx| drafts::discard(tx, login_id)).await?)
}

/// The notices of a new link (SPEC §3, §4.4): one to the address the person
/// chose, one to the record's email and each other linked login's address.
fn linked_notices(
    user_id: &UserId,
    account: &crate::rules::business::BusinessAccount,
    notice_email: &str,
    others: &[String],
    confirmation: i64,
    now: i64,
) -> Vec<crate::mail::Email> {
    use crate::messages::mail::{AccountNamed, access_added, access_added_others};
    let named = AccountNamed { kind: account.account_type.label(), number: &account.number, name: &account.name };
    let when = crate::clock::michigan_time(now);
    let confirmation = crate::rules::business::confirmation_number(confirmation.max(0) as u64);
    let mut out = vec![crate::mail::Email::new(notice_email, access_added(user_id, &named, &when, &confirmation))];
    for to in others.iter().filter(|e| !e.eq_ignore_ascii_case(notice_email)) {
        out.push(crate::mail::Email::new(to.clone(), access_added_others(user_id, &named, &when)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(confirmed: bool, notice_email: Option<&str>) -> Draft {
        Draft {
            code_id: 1,
            account_number: AccountNumber::parse("Z123456").unwrap(),
            confirmed,
            notice_email: notice_email.map(Into::into),
        }
    }

    #[test]
    fn a_draft_reaches_account_info_then_email_then_summary() {
        assert_eq!(draft(false, None).reached(), AddStep::AccountInfo);
        assert_eq!(draft(true, None).reached(), AddStep::Email);
        assert_eq!(draft(true, Some("a@example.com")).reached(), AddStep::Summary);
    }
}
