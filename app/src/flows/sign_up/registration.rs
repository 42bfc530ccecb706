//! The unfinished registration, kept on the server (SPEC §2): what each step
//! saved, keyed by the SHA-256 of a random cookie, so Back and refresh find
//! it again and nothing personal sits in the browser. It lives 60 minutes
//! after the last step that saved it; the User ID it holds lives as long.
//!
//! Only what a finished step accepted is saved here: a refused submission
//! changes nothing (its typed values travel back through the form flash).

use axum::http::{HeaderMap, HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use serde::{Deserialize, Serialize};

use super::verification::VerificationQuestion;
use crate::context::AppContext;
use crate::routes::WizardStep;
use crate::rules::account_type::AccountType;
pub use crate::security::methods::{BackupDraft, TotpDraft};
use crate::security::{cookie_value, sha256};
use crate::store::{Store, StoreError, registrations, user_id_holds};

pub use crate::rules::limits::REGISTRATION_TTL_SECONDS;

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cars_signup" } else { "cars_signup" }
}

/// The verification question as issued, with when, so it can expire.
#[derive(Clone, Serialize, Deserialize)]
pub struct IssuedQuestion {
    pub text: String,
    pub answer: String,
    pub issued_at: i64,
}

impl IssuedQuestion {
    pub fn new(q: VerificationQuestion, now: i64) -> Self {
        Self { text: q.text, answer: q.answer, issued_at: now }
    }

    /// Compares ignoring case and surrounding spaces.
    pub fn is_answered_by(&self, typed: &str) -> bool {
        VerificationQuestion { text: String::new(), answer: self.answer.clone() }.is_answered_by(typed)
    }

    pub fn is_expired(&self, now: i64) -> bool {
        now - self.issued_at >= super::verification::QUESTION_TTL_SECONDS
    }
}

/// Step 1 as accepted: a login's profile, every value already checked and
/// normalized.
pub use crate::rules::profile::Profile;

/// A text-message code sent to a mobile number, and whether it was proved.
#[derive(Clone, Serialize, Deserialize)]
pub struct TextProof {
    pub number: String,
    pub verified: bool,
}

/// Everything a registration has saved so far. Not `Debug`: it holds a
/// password hash and a TOTP secret.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Registration {
    pub account_type: AccountType,
    pub question: Option<IssuedQuestion>,
    /// The verification question was answered right: it is not asked again.
    pub question_answered: bool,
    pub profile: Option<Profile>,
    /// The code sent to `profile.email` was typed back (proves Email PIN).
    pub email_verified: bool,
    /// Held in `user_id_holds` for this registration.
    pub user_id: Option<crate::store::UserId>,
    /// Argon2id PHC string: the wizard never keeps the password itself.
    pub password_hash: Option<String>,
    pub text: Option<TextProof>,
    pub totp: Option<TotpDraft>,
    pub backup: Option<BackupDraft>,
}

impl Registration {
    /// The furthest step this registration may be on.
    pub fn reached(&self) -> WizardStep {
        match (&self.profile, self.email_verified, &self.password_hash, &self.user_id) {
            (None, _, _, _) => WizardStep::Profile,
            (Some(_), false, _, _) => WizardStep::CheckEmail,
            (Some(_), true, Some(_), Some(_)) => WizardStep::SecurityOptions,
            (Some(_), true, _, _) => WizardStep::SecuritySetup,
        }
    }
}

/// A live registration and the key that finds it.
#[derive(Clone)]
pub struct Wizard {
    key_hash: [u8; 32],
    pub registration: Registration,
    pub expires_at: i64,
}

impl Wizard {
    /// The name this registration holds a User ID under (never the cookie).
    pub fn holder(&self) -> String {
        crate::security::hex(&self.key_hash)
    }
}

/// What the browser's cookie leads to. One per request and matched at
/// once, so the live wizard is not boxed.
#[allow(clippy::large_enum_variant)]
pub enum Found {
    /// No registration cookie: nothing was started in this browser.
    None,
    /// A cookie whose registration has expired (or was finished).
    Expired,
    Live(Wizard),
}

/// Finds this browser's registration.
pub async fn find(ctx: &AppContext, headers: &HeaderMap) -> Result<Found, StoreError> {
    let Some(key) = cookie_value(headers, cookie_name(ctx.secure_cookies)) else {
        return Ok(Found::None);
    };
    let key_hash = sha256(key.as_bytes());
    let now = ctx.now();
    // A registration this program cannot read any more reads as expired:
    // the person starts afresh.
    let row = ctx.store.read(move |conn| registrations::find(conn, &key_hash, now)).await?;
    Ok(match row {
        None => Found::Expired,
        Some((registration, expires_at)) => Found::Live(Wizard { key_hash, registration, expires_at }),
    })
}

/// Starts a registration for this browser: a fresh cookie and row.
pub async fn start(ctx: &AppContext, registration: Registration) -> Result<Wizard, StoreError> {
    let key = crate::security::random_hex(32);
    let cookie = cookie_name(ctx.secure_cookies);
    let secure = if ctx.secure_cookies { "; Secure" } else { "" };
    // No Max-Age: the server decides when a registration ends.
    let set = format!("{cookie}={key}; Path=/; HttpOnly; SameSite=Lax{secure}");
    if let (Some(response), Ok(value)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&set)) {
        response.append_header(header::SET_COOKIE, value);
    }
    let now = ctx.now();
    let wizard = Wizard { key_hash: sha256(key.as_bytes()), registration, expires_at: now + REGISTRATION_TTL_SECONDS };
    let (key_hash, registration, expires_at) = (wizard.key_hash, wizard.registration.clone(), wizard.expires_at);
    ctx.store.write(move |tx| registrations::start(tx, &key_hash, &registration, now, expires_at)).await?;
    Ok(wizard)
}

/// Saves what a step accepted and gives the registration (and the User ID
/// it holds) another 60 minutes.
pub async fn save(store: &Store, wizard: &mut Wizard) -> Result<(), StoreError> {
    let now = store.now();
    wizard.expires_at = now + REGISTRATION_TTL_SECONDS;
    let (key_hash, holder, expires_at) = (wizard.key_hash, wizard.holder(), wizard.expires_at);
    let registration = wizard.registration.clone();
    store
        .write(move |tx| {
            registrations::save(tx, &key_hash, &registration, expires_at)?;
            user_id_holds::extend(tx, &holder, expires_at)
        })
        .await
}

/// Forgets a registration and lets go of its User ID, in `tx` (RESET, or
/// the end of the wizard together with creating the login).
pub fn discard_in(tx: &crate::store::Db<'_>, wizard: &Wizard) -> Result<(), StoreError> {
    registrations::discard(tx, &wizard.key_hash)?;
    user_id_holds::release(tx, &wizard.holder())
}

/// Deletes registrations nobody came back to (retention).
pub async fn purge_expired(store: &Store) -> Result<usize, StoreError> {
    let now = store.now();
    store.write(move |tx| registrations::purge_expired(tx, now)).await
}
