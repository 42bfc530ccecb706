//! The portal's fixed numbers: how long things last and how often they may
//! happen. They live here, with the pure rules, because pages compiled into
//! the WASM bundle state them ("The code expires in 10 minutes") and the
//! store enforces them: both read the one constant, so a page can never say
//! one number while the store applies another. Pages write them with
//! [`crate::messages::minutes`] and its siblings, never as literal text (a
//! test in `messages` reads the sources for "10 minutes"-like literals).
//!
//! The numbers an operator may configure (the password lock, the session
//! timeouts, sign-ins per minute, sends per recipient) are not here: they
//! come from the live configuration and reach pages in their data.

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

// ---- Sign-up -------------------------------------------------------------

/// An unfinished registration is kept this long after its last saved step
/// (the wizard's pages count it down in the browser too).
pub const REGISTRATION_TTL_SECONDS: i64 = 60 * MINUTE;
/// A verification question is good this long, then a new one replaces it.
pub const QUESTION_TTL_SECONDS: i64 = 10 * MINUTE;

// ---- One-time codes (email and text) ---------------------------------------

/// A one-time code works this long after it was sent.
pub const CODE_TTL_SECONDS: i64 = 10 * MINUTE;
/// A new code may be asked for this long after the last one.
pub const RESEND_AFTER_SECONDS: i64 = MINUTE;
/// Codes sent for one purpose in any hour.
pub const SENDS_PER_HOUR: i64 = 5;
/// Wrong codes in a row before the purpose is locked.
pub const WRONG_TRIES_BEFORE_LOCK: i64 = 10;
/// How long that lock lasts.
pub const LOCK_SECONDS: i64 = 30 * MINUTE;

// ---- Forgot Password ---------------------------------------------------------

/// A reset must reach its next step within this time: the code lasts as
/// long, and a right code gives this long again to choose the password.
pub const RESET_SECONDS: i64 = 10 * MINUTE;

// ---- Sign-in ---------------------------------------------------------------

/// "Remember this browser": the second step is skipped here this long.
pub const REMEMBER_SECONDS: i64 = 30 * DAY;

// ---- Settings ------------------------------------------------------------

/// How long the password typed again lets methods be added or removed.
pub const REAUTH_SECONDS: i64 = 10 * MINUTE;
/// How long an email change waits for the code sent to the new address
/// (a code lives 10 minutes; this leaves room to ask for new ones).
pub const EMAIL_CHANGE_SECONDS: i64 = 30 * MINUTE;

// ---- Authorization codes -----------------------------------------------------

/// An emailed authorization code works this long.
pub const EMAIL_CODE_TTL_SECONDS: i64 = 72 * HOUR;
/// A letter's code works this long from the day it is printed.
pub const LETTER_CODE_TTL_SECONDS: i64 = 30 * DAY;
/// Wrong authorization codes a login may enter in [`TRY_WINDOW_SECONDS`]
/// before it waits.
pub const WRONG_TRIES_PER_WINDOW: i64 = 5;
pub const TRY_WINDOW_SECONDS: i64 = 10 * MINUTE;
/// Wrong codes in a row that void every outstanding code of the login.
pub const WRONG_IN_A_ROW_BEFORE_VOID: i64 = 20;

// ---- Requesting an authorization code ----------------------------------------

/// Different account numbers one login may look up in a Michigan day.
pub const LOOKUPS_PER_DAY: i64 = 10;
pub const DAY_SECONDS: i64 = DAY;
/// Codes by email per login and account in any [`EMAIL_WINDOW_SECONDS`].
pub const EMAILS_PER_WINDOW: i64 = 5;
pub const EMAIL_WINDOW_SECONDS: i64 = DAY;
/// Letters per login and account in any [`LETTER_WINDOW_SECONDS`], at least
/// [`LETTER_GAP_SECONDS`] apart.
pub const LETTERS_PER_WINDOW: i64 = 4;
pub const LETTER_WINDOW_SECONDS: i64 = 30 * DAY;
pub const LETTER_GAP_SECONDS: i64 = DAY;
