//! Proving a new sign-in method, one button at a time, the same in sign-up
//! step 3 and in Settings: a code sent to the mobile number and typed back,
//! an authenticator app's key shown and a code from it, backup codes shown
//! once and one typed back. What is being proved is kept between requests
//! by the caller (the sign-up registration, or the Settings draft), which
//! lends it here as [`Drafts`] and decides what a proof leads to (kept for
//! the end of sign-up, or added to the login at once).

use super::Broken;
use crate::context::AppContext;
use crate::messages::flows::method_setup as words;
use crate::rules::method::Method;
use crate::security::methods::{BackupDraft, Checked, TotpDraft};
use crate::store::one_time_codes::{self, Channel};

/// A set-up button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetUp {
    SendText,
    CheckText(String),
    StartTotp,
    CheckTotp(String),
    CreateBackup,
    /// The code typed, and the backup codes still shown on the page (their
    /// hidden echo), to show again after a wrong one.
    CheckBackup {
        typed: String,
        shown: String,
    },
}

impl SetUp {
    /// The method the button sets up.
    pub fn method(&self) -> Method {
        match self {
            Self::SendText | Self::CheckText(_) => Method::Text,
            Self::StartTotp | Self::CheckTotp(_) => Method::Totp,
            Self::CreateBackup | Self::CheckBackup { .. } => Method::BackupCodes,
        }
    }
}

/// What is being proved, as the caller keeps it.
pub struct Drafts<'a> {
    /// The mobile number (E.164) a text code is for, and the subject the
    /// code is issued under.
    pub text: Option<(String, String)>,
    /// A code was sent to that number for this set-up (Settings asks for
    /// Send first; sign-up checks against whatever was sent).
    pub text_sent: bool,
    pub totp: &'a mut Option<TotpDraft>,
    pub backup: &'a mut Option<BackupDraft>,
}

/// What a button did.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// A code is on its way to the mobile number: as shown, and as stored.
    TextSent {
        shown: String,
        e164: String,
    },
    /// The code typed back was right.
    TextProved {
        e164: String,
    },
    TotpStarted,
    /// The app's code was right: the draft holds the key and the step used.
    TotpProved,
    /// New backup codes, shown only this once.
    BackupCreated {
        shown: Vec<String>,
    },
    /// A backup code was typed back right.
    BackupProved,
}

/// Why a button did nothing (beyond what the drafts now hold).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Text messages need a mobile number and a text channel.
    #[error("no mobile number")]
    NoMobile,
    /// A code could not be sent yet (a wait, the hourly allowance).
    #[error("sending refused")]
    SendRefused(String),
    /// What to say by `method`'s code field. `start_again`: the draft was
    /// dropped (the page must be read again); `shown`: the backup codes to
    /// show again.
    #[error("the code was refused")]
    Code { method: Method, message: String, start_again: bool, shown: Option<String> },
    #[error(transparent)]
    Broken(#[from] Broken),
}

fn code(method: Method, message: &str, start_again: bool) -> Refused {
    Refused::Code { method, message: message.to_string(), start_again, shown: None }
}

/// One set-up button, on `drafts`.
pub async fn step(ctx: &AppContext, setup: SetUp, drafts: Drafts<'_>, now: i64) -> Result<Step, Refused> {
    let key = &ctx.secrets_key;
    let text = drafts.text.filter(|_| ctx.texter.is_enabled());
    match setup {
        SetUp::SendText => {
            let (number, subject) = text.ok_or(Refused::NoMobile)?;
            let sent = crate::security::methods::send_text_code(ctx, subject, &number).await.map_err(Broken::from)?;
            if let Err(refused) = sent {
                return Err(Refused::SendRefused(one_time_codes::refusal_message(refused, now)));
            }
            let shown = crate::rules::phone::Phone { e164: number.clone(), extension: None }.display();
            Ok(Step::TextSent { shown, e164: number })
        }
        SetUp::CheckText(typed) => {
            let (number, subject) = text.ok_or(Refused::NoMobile)?;
            if !drafts.text_sent {
                return Err(code(Method::Text, words::SELECT_SEND_A_CODE_FIRST, false));
            }
            let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
                return Err(code(Method::Text, words::ENTER_THE_6_DIGIT_CODE, false));
            }
            let outcome = ctx
                .store
                .write(move |tx| one_time_codes::check(tx, &subject, Channel::Text, &typed, now))
                .await
                .map_err(Broken::from)?;
            if let Some(message) = one_time_codes::check_message(outcome, now) {
                return Err(code(Method::Text, &message, false));
            }
            Ok(Step::TextProved { e164: number })
        }
        SetUp::StartTotp => {
            *drafts.totp = Some(TotpDraft::start(key));
            Ok(Step::TotpStarted)
        }
        SetUp::CheckTotp(typed) => {
            let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            let Some(draft) = drafts.totp.as_mut() else {
                return Err(code(Method::Totp, words::SELECT_SET_UP_AN_AUTHENTICATOR, false));
            };
            match draft.check(key, &typed, now) {
                Checked::Proved => Ok(Step::TotpProved),
                Checked::Refused(message) => Err(code(Method::Totp, message, false)),
                Checked::StartAgain(message) => {
                    *drafts.totp = None;
                    Err(code(Method::Totp, message, true))
                }
            }
        }
        SetUp::CreateBackup => {
            let (draft, shown) = BackupDraft::create(key);
            *drafts.backup = Some(draft);
            Ok(Step::BackupCreated { shown })
        }
        SetUp::CheckBackup { typed, shown } => {
            let Some(draft) = drafts.backup.as_mut() else {
                return Err(code(Method::BackupCodes, words::SELECT_CREATE_BACKUP_CODES, false));
            };
            match draft.check(key, &typed) {
                Checked::Proved => Ok(Step::BackupProved),
                Checked::Refused(message) => Err(Refused::Code {
                    method: Method::BackupCodes,
                    message: message.to_string(),
                    start_again: false,
                    shown: draft.still_shown(key, &shown),
                }),
                Checked::StartAgain(message) => {
                    *drafts.backup = None;
                    Err(code(Method::BackupCodes, message, true))
                }
            }
        }
    }
}
