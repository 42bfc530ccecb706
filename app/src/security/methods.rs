//! Setting up a sign-in verification and recovery method (SPEC §2 step 3,
//! §3 Settings): an authenticator app or backup codes being proved, and the
//! one-time codes that prove an email address or a mobile number.
//!
//! The sign-up wizard and Settings both set methods up through here, so the
//! rules are the same in both: nothing counts before it is proved, 10 wrong
//! codes in a row and that method starts again, backup codes are shown once.

use super::backup_codes::{self, StoredBackupCode};
use super::{qr, totp};
use crate::context::AppContext;
use crate::mail::Email;
use crate::messages::security::methods as words;
use crate::store::one_time_codes::{self, Channel, IssueRefused};
use crate::store::secrets::{self, SecretsKey};

/// Wrong authenticator or backup codes in a row before a method being set
/// up must start again (a fresh secret or fresh codes), so that guessing a
/// million authenticator codes is not an option.
pub const WRONG_BEFORE_RESTART: i64 = 10;

/// What a typed code did to a method being set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checked {
    Proved,
    /// Not accepted; the message says why and what to do.
    Refused(&'static str),
    /// Too many wrong codes: the caller drops the draft.
    StartAgain(&'static str),
}

// The drafts are defined where they are stored; their checks are here.
pub use crate::store::credentials::{BackupDraft, TotpDraft};

impl TotpDraft {
    pub fn start(key: &SecretsKey) -> Self {
        let base32 = totp::TotpSecret::generate().base32();
        let sealed = secrets::to_hex(&key.seal(secrets::TOTP_DRAFT_CONTEXT, base32.as_bytes()));
        Self { sealed_secret: sealed, last_step: None, wrong: 0 }
    }

    pub fn secret(&self, key: &SecretsKey) -> Option<totp::TotpSecret> {
        let plain = key.open(secrets::TOTP_DRAFT_CONTEXT, &secrets::from_hex(&self.sealed_secret)?)?;
        totp::TotpSecret::from_base32(std::str::from_utf8(&plain).ok()?)
    }

    pub fn is_proved(&self) -> bool {
        self.last_step.is_some()
    }

    /// Checks a code the app shows.
    pub fn check(&mut self, key: &SecretsKey, typed: &str, now: i64) -> Checked {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if typed.len() != 6 || !typed.chars().all(|c| c.is_ascii_digit()) {
            return Checked::Refused(words::ENTER_THE_6_DIGIT_CODE);
        }
        let Some(secret) = self.secret(key) else {
            return Checked::StartAgain(words::SET_UP_THE_AUTHENTICATOR);
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
                    Checked::StartAgain(words::THAT_CODE_IS_NOT_RIGHT)
                } else {
                    Checked::Refused(words::THAT_CODE_IS_NOT_RIGHT_CHECK)
                }
            }
        }
    }
}

/// What the person needs to add the login (`account`, as the app will
/// name it) to an authenticator app.
pub fn totp_instructions(draft: &TotpDraft, key: &SecretsKey, account: &str) -> Option<crate::rules::method::AuthenticatorKey> {
    let secret = draft.secret(key)?;
    let uri = totp::otpauth_uri(&secret, account);
    Some(crate::rules::method::AuthenticatorKey {
        secret: secret.base32_grouped(),
        qr_svg: qr::svg(&uri, words::QR_CODE_TO_ADD_CARS),
    })
}

impl BackupDraft {
    /// New codes: the draft keeps their hashes, the caller shows the plain
    /// codes once and forgets them.
    pub fn create(key: &SecretsKey) -> (Self, Vec<String>) {
        let codes = backup_codes::generate();
        let keyed =
            codes.iter().filter_map(|c| backup_codes::normalize(c.as_str())).map(|n| key.backup_code_hash(&n).to_vec()).collect();
        let shown = codes.iter().map(|c| c.as_str().to_string()).collect();
        (Self { keyed, codes: Vec::new(), verified: false, wrong: 0 }, shown)
    }

    /// The codes as the login will store them.
    pub fn stored(&self) -> Vec<StoredBackupCode> {
        let keyed = self.keyed.iter().map(|hash| StoredBackupCode::Keyed(hash.clone()));
        let salted = self.codes.iter().map(|(salt, hash)| StoredBackupCode::Salted { salt: salt.clone(), hash: hash.clone() });
        keyed.chain(salted).collect()
    }

    /// The codes the page showed, as the browser sent them back with a
    /// refused confirmation, one per line, so they stay on screen. Only
    /// codes of this draft are kept: nothing else can be made to show as
    /// "your backup codes".
    pub fn still_shown(&self, key: &SecretsKey, sent: &str) -> Option<String> {
        let stored = self.stored();
        let kept: Vec<&str> = sent
            .split_whitespace()
            .filter(|c| backup_codes::normalize(c).is_some_and(|n| stored.iter().any(|s| s.matches(key, &n))))
            .collect();
        (!kept.is_empty()).then(|| kept.join("\n"))
    }

    /// Checks that the person kept the codes by typing one back. An empty
    /// entry is not a wrong code: it is not counted.
    pub fn check(&mut self, key: &SecretsKey, typed: &str) -> Checked {
        if typed.trim().is_empty() {
            return Checked::Refused(words::ENTER_ONE_OF_YOUR_BACKUP);
        }
        let Some(normalized) = backup_codes::normalize(typed) else {
            return Checked::Refused(words::A_BACKUP_CODE_HAS_12);
        };
        // Every stored code is compared, each in constant time.
        let matched = self.stored().iter().fold(false, |found, code| found | code.matches(key, &normalized));
        if matched {
            self.verified = true;
            self.wrong = 0;
            return Checked::Proved;
        }
        self.wrong += 1;
        if self.wrong >= WRONG_BEFORE_RESTART {
            Checked::StartAgain(words::THAT_CODE_IS_NOT_ONE)
        } else {
            Checked::Refused(words::THAT_IS_NOT_ONE_OF)
        }
    }
}

/// The asking client's address, for its hourly allowance of codes.
fn client_of(ctx: &AppContext) -> String {
    crate::session::server::origin(ctx).client()
}

/// Why a code could not be sent at all. (The limits refusing a new code
/// now is not an error: it is the inner `Err` of the answer.)
#[derive(Debug, thiserror::Error)]
pub enum SendCodeError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("text messages are not set up on this server")]
    TextDisabled,
}

/// Issues a code under `subject` (what it proves) and emails it to `to`:
/// the code and its message land in one transaction (the queue delivers).
/// `Ok(Err(..))` when the limits refuse a new code now.
pub async fn send_email_code(ctx: &AppContext, subject: String, to: &str) -> Result<Result<(), IssueRefused>, SendCodeError> {
    let now = ctx.now();
    // An address being proved belongs to nobody yet: the strangers' allowance.
    let recipient =
        one_time_codes::Recipient::new(Channel::Email, to, ctx.policy.codes_per_recipient_per_hour).from_client(&client_of(ctx));
    let to = to.to_string();
    let issued = ctx
        .store
        .write(move |tx| {
            let code = match one_time_codes::issue(tx, &subject, Channel::Email, &recipient, now, &mut rand::rng())? {
                Ok(code) => code,
                Err(refused) => return Ok(Err(refused)),
            };
            let email = Email::new(to, crate::messages::mail::email_code(code.as_str(), one_time_codes::CODE_TTL_SECONDS));
            crate::mail::Mailer::queue_in(tx, &email, now)?;
            Ok(Ok(()))
        })
        .await?;
    ctx.mailer.flush().await;
    Ok(issued)
}

/// Issues a code under `subject` and texts it to `number` (E.164), in one
/// transaction like [`send_email_code`].
pub async fn send_text_code(ctx: &AppContext, subject: String, number: &str) -> Result<Result<(), IssueRefused>, SendCodeError> {
    let now = ctx.now();
    if !ctx.texter.is_enabled() {
        return Err(SendCodeError::TextDisabled);
    }
    let recipient = one_time_codes::Recipient::new(Channel::Text, number, ctx.policy.codes_per_recipient_per_hour)
        .from_client(&client_of(ctx));
    let to = number.to_string();
    let issued = ctx
        .store
        .write(move |tx| {
            let code = match one_time_codes::issue(tx, &subject, Channel::Text, &recipient, now, &mut rand::rng())? {
                Ok(code) => code,
                Err(refused) => return Ok(Err(refused)),
            };
            let body = crate::messages::mail::text_code(code.as_str(), one_time_codes::CODE_TTL_SECONDS);
            let message = crate::mail::text::TextMessage { to, body };
            crate::mail::Texter::queue_in(tx, &message, now)?;
            Ok(Ok(()))
        })
        .await?;
    ctx.texter.flush().await;
    Ok(issued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authenticator_is_proved_by_its_current_code_and_restarts_after_ten_wrong() {
        let now = 1_800_000_000;
        let key = SecretsKey::from_bytes([6; 32]);
        let mut draft = TotpDraft::start(&key);
        let secret = draft.secret(&key).unwrap();
        assert!(!serde_json::to_string(&draft).unwrap().contains(&secret.base32()), "the draft keeps it sealed");
        assert!(draft.secret(&SecretsKey::from_bytes([7; 32])).is_none(), "only the key opens it");
        let right = totp::code_at(&secret, now / 30);
        let wrong = if right == "000000" { "111111" } else { "000000" };
        assert_eq!(draft.check(&key, "12345", now), Checked::Refused("Enter the 6-digit code your authenticator app shows."));
        for _ in 1..WRONG_BEFORE_RESTART {
            assert!(matches!(draft.check(&key, wrong, now), Checked::Refused(_)));
        }
        assert!(matches!(draft.check(&key, wrong, now), Checked::StartAgain(_)));
        let mut fresh = TotpDraft::start(&key);
        let right = totp::code_at(&fresh.secret(&key).unwrap(), now / 30);
        assert_eq!(fresh.check(&key, &right, now), Checked::Proved);
        assert!(fresh.is_proved());
        assert!(matches!(fresh.check(&key, &right, now), Checked::Refused(_)), "a code is accepted once");
    }

    #[test]
    fn backup_codes_are_proved_by_typing_one_back() {
        let key = SecretsKey::from_bytes([6; 32]);
        let (mut draft, shown) = BackupDraft::create(&key);
        assert_eq!(shown.len(), backup_codes::COUNT);
        assert_eq!(draft.keyed.len(), backup_codes::COUNT);
        assert!(draft.stored().iter().all(|c| matches!(c, StoredBackupCode::Keyed(_))));
        assert!(matches!(draft.check(&key, "short"), Checked::Refused(_)));
        assert!(matches!(draft.check(&key, "abcd-efgh-jkmn"), Checked::Refused(_)) || draft.verified);
        assert_eq!(draft.check(&key, &shown[3].to_uppercase()), Checked::Proved);
        assert!(draft.verified);
    }

    #[test]
    fn an_empty_entry_asks_for_a_code_and_counts_nothing() {
        let key = SecretsKey::from_bytes([6; 32]);
        let (mut draft, _) = BackupDraft::create(&key);
        assert_eq!(draft.check(&key, "  "), Checked::Refused("Enter one of your backup codes."));
        assert_eq!(draft.wrong, 0);
    }

    #[test]
    fn only_the_drafts_own_codes_are_shown_again() {
        let key = SecretsKey::from_bytes([6; 32]);
        let (draft, shown) = BackupDraft::create(&key);
        let (_, others) = BackupDraft::create(&key);
        let sent = format!("{} {} <b>x</b>", shown.join(" "), others[0]);
        assert_eq!(draft.still_shown(&key, &sent), Some(shown.join("\n")));
        assert_eq!(draft.still_shown(&key, &others.join(" ")), None);
        assert_eq!(draft.still_shown(&key, ""), None);
    }

    #[test]
    fn a_backup_draft_from_before_the_keyed_hash_still_checks() {
        let key = SecretsKey::from_bytes([6; 32]);
        let salt = b"0123456789abcdef".to_vec();
        let old = format!(
            r#"{{"codes":[[{salt:?},{hash:?}]],"verified":false,"wrong":0}}"#,
            salt = salt,
            hash = backup_codes::salted_hash(&salt, "abcd2345wxyz").to_vec()
        );
        let mut draft: BackupDraft = serde_json::from_str(&old).unwrap();
        assert!(draft.keyed.is_empty());
        assert_eq!(draft.check(&key, "abcd-2345-wxyz"), Checked::Proved);
        assert!(matches!(draft.stored()[..], [StoredBackupCode::Salted { .. }]));
    }
}
