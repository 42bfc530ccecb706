//! Changing the email address in Settings: the password again and the new
//! address, then the 6-digit code sent to that address. The change waits on
//! the server, in this session's settings draft, never in a URL; once
//! proved, both the old and the new address are told.

use super::Broken;
use super::owner_notice;
use super::password_again;
use crate::context::AppContext;
use crate::messages::flows::email_change as words;
use crate::messages::shared;
use crate::rules::email as email_rules;
use crate::session::server::origin;
use crate::store::LoginId;
use crate::store::one_time_codes::{self, Channel, Subject};
use crate::store::{audit, settings};

/// Who is changing their address: the login and the session whose draft
/// keeps the change.
pub struct Owner<'a> {
    pub login_id: LoginId,
    pub user_id: &'a crate::store::UserId,
    pub session_token: &'a str,
}

/// Why a step of the change did not go through.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// What to say by each field of the first form.
    #[error("the form has problems")]
    Fields { password: Option<String>, new_email: Option<String>, confirm: Option<String> },
    /// No change waits in this session (or it ran out).
    #[error("no change waiting")]
    NothingWaiting,
    /// A new code could not be sent yet.
    #[error("sending refused")]
    SendRefused(String),
    /// What to say by the code field.
    #[error("the code was refused")]
    Code(String),
    #[error(transparent)]
    Broken(#[from] Broken),
}

broken_from_store!(Refused);

/// What a code for a new address is issued under: per login and address,
/// so a code sent to one address never proves another.
fn subject(login_id: LoginId, address: &str) -> String {
    Subject::Settings { login_id, channel: Channel::Email, address }.key()
}

/// Step 1: the password again and the new address (twice). Sends a code
/// to the new address and returns it (normalized).
pub async fn start(
    ctx: &AppContext,
    owner: &Owner<'_>,
    password: String,
    new_email: &str,
    confirm: &str,
    now: i64,
) -> Result<String, Refused> {
    let login_id = owner.login_id;
    let password = password_again::problem(ctx, login_id, password, now).await?;
    let current = ctx.store.read(move |c| settings::profile(c, login_id)).await?.map(|p| p.email).unwrap_or_default();
    let address = email_rules::normalize(new_email);
    let (mut new, mut confirm_problem) = (None, None);
    if let Err(p) = email_rules::check(new_email) {
        new = Some(p.message().to_string());
    } else if address.eq_ignore_ascii_case(&current) {
        new = Some(words::THAT_IS_ALREADY_YOUR_EMAIL.to_string());
    } else if let Err(p) = email_rules::confirm(new_email, confirm) {
        confirm_problem = Some(p.message().to_string());
    }
    if password.is_some() || new.is_some() || confirm_problem.is_some() {
        return Err(Refused::Fields { password, new_email: new, confirm: confirm_problem });
    }
    let sent =
        crate::security::methods::send_email_code(ctx, subject(login_id, &address), &address).await.map_err(Broken::from)?;
    if let Err(refused) = sent {
        let message = Some(one_time_codes::refusal_message(refused, now));
        return Err(Refused::Fields { password: None, new_email: message, confirm: None });
    }
    let token = owner.session_token.to_string();
    let pending = settings::PendingEmail { address: address.clone(), until: now + settings::EMAIL_CHANGE_SECONDS };
    let origin = origin(ctx);
    ctx.store
        .write(move |tx| {
            let mut draft = settings::draft(tx, &token, login_id)?;
            draft.state.new_email = Some(pending);
            settings::save_draft(tx, &token, login_id, &draft, now)?;
            audit::record(tx, Some(login_id), audit::Event::EmailChangeCodeSent, None, &origin, now)
        })
        .await?;
    Ok(address)
}

/// A button of the second form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    Check(String),
    SendAgain,
    Cancel,
}

/// What the second form did.
#[derive(Debug, PartialEq, Eq)]
pub enum Done {
    /// A new code went to `address`.
    SentAgain { address: String },
    /// The change was dropped; the address is still `kept`.
    Cancelled { kept: String },
    /// The address is now `new`; both addresses were told.
    Changed { new: String },
}

/// Step 2: check the code, send it again, or cancel the change.
pub async fn confirm(ctx: &AppContext, owner: &Owner<'_>, ask: Ask, now: i64) -> Result<Done, Refused> {
    let (login_id, token) = (owner.login_id, owner.session_token.to_string());
    let t = token.clone();
    let (draft, old) = ctx
        .store
        .read(move |c| Ok((settings::draft(c, &t, login_id)?, settings::profile(c, login_id)?.map(|p| p.email))))
        .await?;
    let pending = draft.pending_email(now).cloned().ok_or(Refused::NothingWaiting)?;
    let old = old.unwrap_or_default();
    let typed = match ask {
        Ask::SendAgain => {
            let sent = crate::security::methods::send_email_code(ctx, subject(login_id, &pending.address), &pending.address)
                .await
                .map_err(Broken::from)?;
            return match sent {
                Ok(()) => Ok(Done::SentAgain { address: pending.address }),
                Err(refused) => Err(Refused::SendRefused(one_time_codes::refusal_message(refused, now))),
            };
        }
        Ask::Cancel => {
            ctx.store
                .write(move |tx| {
                    let mut draft = settings::draft(tx, &token, login_id)?;
                    draft.state.new_email = None;
                    settings::save_draft(tx, &token, login_id, &draft, now)
                })
                .await?;
            return Ok(Done::Cancelled { kept: old });
        }
        Ask::Check(typed) => typed.chars().filter(|c| !c.is_whitespace()).collect::<String>(),
    };
    if typed.is_empty() {
        return Err(Refused::Code(words::ENTER_THE_6_DIGIT_CODE.into()));
    }
    if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(Refused::Code(shared::CODE_IS_6_DIGITS.into()));
    }
    let (code_subject, address, origin) = (subject(login_id, &pending.address), pending.address.clone(), origin(ctx));
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
        .await?;
    if let Some(message) = one_time_codes::check_message(outcome, now) {
        return Err(Refused::Code(message));
    }
    let new = pending.address;
    // The old address learns where the login's mail goes now, masked:
    // whoever reads it may no longer be the owner.
    let to_old = crate::messages::mail::email_changed_from(owner.user_id, &email_rules::mask_for_record(&new));
    owner_notice::tell(ctx, old, to_old).await;
    owner_notice::tell(ctx, new.clone(), crate::messages::mail::email_changed_to(owner.user_id)).await;
    Ok(Done::Changed { new })
}
