//! Setting up a sign-in verification and recovery method (SPEC §2 step 3,
//! §3 Settings): an authenticator app or backup codes being proved, and the
//! one-time codes that prove an email address or a mobile number.
//!
//! The sign-up wizard and Settings both set methods up through here, so the
//! rules are the same in both: nothing counts before it is proved, 10 wrong
//! codes in a row and that method starts again, backup codes are shown once.

use leptos::prelude::ServerFnError;
use serde::{Deserialize, Serialize};

use super::{backup_codes, qr, totp};
use crate::context::AppContext;
use crate::mail::Email;
use crate::store::one_time_codes::{self, Channel, IssueRefused};
use crate::store::unix_now;

/// Wrong authenticator or backup codes in a row before a method being set
/// up must start again (a fresh secret or fresh codes), so that guessing a
/// million authenticator codes is not an option.
pub const WRONG_BEFORE_RESTART: i64 = 10;

/// The order methods are listed in everywhere.
pub fn rank(method: &str) -> u8 {
    match method {
        "email" => 1,
        "text" => 2,
        "totp" => 3,
        _ => 4,
    }
}

/// What a typed code did to a method being set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    Proved,
    /// Not accepted; the message says why and what to do.
    Refused(&'static str),
    /// Too many wrong codes: the caller drops the draft.
    StartAgain(&'static str),
}

/// An authenticator app being set up: the secret (base32) and, once a code
/// was accepted, its time step (so the same code is not accepted again).
#[derive(Clone, Serialize, Deserialize)]
pub struct TotpDraft {
    pub secret_base32: String,
    pub last_step: Option<i64>,
    /// Wrong codes in a row.
    #[serde(default)]
    pub wrong: i64,
}

impl TotpDraft {
    pub fn start() -> Self {
        Self { secret_base32: totp::TotpSecret::generate().base32(), last_step: None, wrong: 0 }
    }

    pub fn secret(&self) -> Option<totp::TotpSecret> {
        totp::TotpSecret::from_base32(&self.secret_base32)
    }

    pub fn is_proved(&self) -> bool {
        self.last_step.is_some()
    }

    /// Checks a code the app shows.
    pub fn check(&mut self, typed: &str, now: i64) -> Checked {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
            return Checked::Refused("Enter the 6-digit code your authenticator app shows.");
        }
        let Some(secret) = self.secret() else {
            return Checked::StartAgain("Set up the authenticator app again with a new code.");
        };
        match totp::verify(&secret, &typed, now, self.last_step) {
            Some(step) => {
                self.last_step = Some(step);
                self.wrong = 0;
                Checked::Proved
            }
            None => {
                self.wrong += 1;
                if self.wrong >= WRONG_BEFORE_RESTART {
                    Checked::StartAgain(
                        "That code is not right, 10 times in a row. Set up the authenticator app again with a new code.",
                    )
                } else {
                    Checked::Refused(
                        "That code is not right. Check that your phone's clock is correct and type the code your app shows now.",
                    )
                }
            }
        }
    }
}

/// What the person needs to add the login to an authenticator app: the
/// key in groups of four and a QR code (inline SVG made on the server).
pub struct TotpInstructions {
    pub secret: String,
    pub qr_svg: String,
}

pub fn totp_instructions(secret_base32: &str, account: &str) -> Option<TotpInstructions> {
    let secret = totp::TotpSecret::from_base32(secret_base32)?;
    let uri = totp::otpauth_uri(&secret, account);
    Some(TotpInstructions {
        secret: secret.base32_grouped(),
        qr_svg: qr::svg(&uri, "QR code to add CARS e-Services to your authenticator app"),
    })
}

/// Ten backup codes, as salted hashes only: they were shown once.
#[derive(Clone, Serialize, Deserialize)]
pub struct BackupDraft {
    /// (salt, SHA-256 of salt and code) for each code.
    pub codes: Vec<(Vec<u8>, Vec<u8>)>,
    pub verified: bool,
    /// Wrong codes in a row.
    #[serde(default)]
    pub wrong: i64,
}

impl BackupDraft {
    /// New codes: the draft keeps their hashes, the caller shows the plain
    /// codes once and forgets them.
    pub fn create() -> (Self, Vec<String>) {
        let codes = backup_codes::generate();
        let stored = codes
            .iter()
            .filter_map(|c| backup_codes::normalize(c.as_str()))
            .map(|n| {
                let salt = backup_codes::new_salt();
                (salt.to_vec(), backup_codes::hash(&salt, &n).to_vec())
            })
            .collect();
        let shown = codes.iter().map(|c| c.as_str().to_string()).collect();
        (Self { codes: stored, verified: false, wrong: 0 }, shown)
    }

    /// Checks that the person kept the codes by typing one back.
    pub fn check(&mut self, typed: &str) -> Checked {
        let Some(normalized) = backup_codes::normalize(typed) else {
            return Checked::Refused("A backup code has 12 letters and numbers, like abcd-efgh-jkmn.");
        };
        // Every stored code is compared, each in constant time.
        let matched = self.codes.iter().fold(false, |found, (salt, hash)| {
            let typed_hash = backup_codes::hash(salt, &normalized);
            let same =
                typed_hash.len() == hash.len() && typed_hash.iter().zip(hash).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
            found | same
        });
        if matched {
            self.verified = true;
            self.wrong = 0;
            return Checked::Proved;
        }
        self.wrong += 1;
        if self.wrong >= WRONG_BEFORE_RESTART {
            Checked::StartAgain("That code is not one of yours, 10 times in a row. Create new backup codes.")
        } else {
            Checked::Refused("That is not one of the backup codes we showed you. Check it and try again.")
        }
    }
}

/// Detail to the log, a generic message outward.
fn failure(e: impl std::fmt::Display) -> ServerFnError {
    crate::forms::server_failure("sending a one-time code", e)
}

/// Issues a code under `subject` (what it proves) and emails it to `to`:
/// the code and its message land in one transaction (the queue delivers).
/// `Ok(Err(..))` when the limits refuse a new code now.
pub async fn send_email_code(ctx: &AppContext, subject: String, to: &str) -> Result<Result<(), IssueRefused>, ServerFnError> {
    let now = unix_now();
    // An address being proved belongs to nobody yet: the strangers' allowance.
    let recipient = one_time_codes::Recipient::new(Channel::Email, to, ctx.policy.codes_per_recipient_per_hour);
    let to = to.to_string();
    let issued = ctx
        .store
        .write(move |tx| {
            let code = match one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())? {
                Ok(code) => code,
                Err(refused) => return Ok(Err(refused)),
            };
            let email = Email {
                to,
                subject: "Your CARS e-Services email code".into(),
                body: format!(
                    "Your code to confirm this email address for CARS e-Services is {}.\n\n\
                     It expires in 10 minutes. If you did not ask for it, you can ignore this email: \
                     nothing happens without the code.\n\nMichigan Department of State",
                    code.as_str()
                ),
            };
            crate::mail::Mailer::queue_in(tx, &email, now)?;
            Ok(Ok(()))
        })
        .await
        .map_err(failure)?;
    ctx.mailer.flush().await;
    Ok(issued)
}

/// Issues a code under `subject` and texts it to `number` (E.164), in one
/// transaction like [`send_email_code`].
pub async fn send_text_code(ctx: &AppContext, subject: String, number: &str) -> Result<Result<(), IssueRefused>, ServerFnError> {
    let now = unix_now();
    if !ctx.texter.is_enabled() {
        return Err(failure(crate::mail::TextError::Disabled));
    }
    let recipient = one_time_codes::Recipient::new(Channel::Text, number, ctx.policy.codes_per_recipient_per_hour);
    let to = number.to_string();
    let issued = ctx
        .store
        .write(move |tx| {
            let code = match one_time_codes::issue(tx, &subject, Channel::Text, &recipient, now, &mut rand::rng())? {
                Ok(code) => code,
                Err(refused) => return Ok(Err(refused)),
            };
            let message = crate::mail::text::TextMessage {
                to,
                body: format!("CARS e-Services code: {}. It expires in 10 minutes.", code.as_str()),
            };
            crate::mail::Texter::queue_in(tx, &message, now)?;
            Ok(Ok(()))
        })
        .await
        .map_err(failure)?;
    ctx.texter.flush().await;
    Ok(issued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authenticator_is_proved_by_its_current_code_and_restarts_after_ten_wrong() {
        let now = 1_800_000_000;
        let mut draft = TotpDraft::start();
        let secret = draft.secret().unwrap();
        let right = totp::code_at(&secret, now / 30);
        let wrong = if right == "000000" { "111111" } else { "000000" };
        assert_eq!(draft.check("12345", now), Checked::Refused("Enter the 6-digit code your authenticator app shows."));
        for _ in 1..WRONG_BEFORE_RESTART {
            assert!(matches!(draft.check(wrong, now), Checked::Refused(_)));
        }
        assert!(matches!(draft.check(wrong, now), Checked::StartAgain(_)));
        let mut fresh = TotpDraft::start();
        let right = totp::code_at(&fresh.secret().unwrap(), now / 30);
        assert_eq!(fresh.check(&right, now), Checked::Proved);
        assert!(fresh.is_proved());
        assert!(matches!(fresh.check(&right, now), Checked::Refused(_)), "a code is accepted once");
    }

    #[test]
    fn backup_codes_are_proved_by_typing_one_back() {
        let (mut draft, shown) = BackupDraft::create();
        assert_eq!(shown.len(), backup_codes::COUNT);
        assert_eq!(draft.codes.len(), backup_codes::COUNT);
        assert!(matches!(draft.check("short"), Checked::Refused(_)));
        assert!(matches!(draft.check("abcd-efgh-jkmn"), Checked::Refused(_)) || draft.verified);
        assert_eq!(draft.check(&shown[3].to_uppercase()), Checked::Proved);
        assert!(draft.verified);
    }
}
