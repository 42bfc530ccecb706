//! Every email and text message the portal sends, word for word.
//!
//! A message is a function of what it reports: the login, the account, the
//! moment (already Michigan text) and every number a rule decides (how long
//! a code lasts, how many tries, how long a wait). The callers pass those
//! numbers from the constants and the live policy, so a changed rule changes
//! the words, and a translation replaces this file, not the flows.

use super::{HELP_DESK_PHONE, days, hours, minutes};
use crate::rules::{business::AccountNumber, user_id::UserId};

/// Who signs every email.
pub const SIGNATURE: &str = "Michigan Department of State";

/// An email as people read it; the mailer adds the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub subject: String,
    pub body: String,
}

/// `body`, signed by the Department, under `subject`.
fn signed(subject: impl Into<String>, body: String) -> Words {
    Words { subject: subject.into(), body: format!("{body}\n\n{SIGNATURE}") }
}

/// The line a notice ends with, for a change the owner did not make.
pub const NOT_YOU: &str =
    concat!("If you did not do this, use Forgot Password now and call us at ", crate::help_desk_phone!(), ".");

// --- codes ----------------------------------------------------------------

/// The code that proves an email address (sign-up, a new address).
pub fn email_code(code: &str, lasts_seconds: i64) -> Words {
    signed(
        "Your CARS e-Services email code",
        format!(
            "Your code to confirm this email address for CARS e-Services is {code}.\n\n\
             It expires in {}. If you did not ask for it, you can ignore this email: \
             nothing happens without the code.",
            minutes(lasts_seconds)
        ),
    )
}

/// The text that proves a mobile number.
pub fn text_code(code: &str, lasts_seconds: i64) -> String {
    format!("CARS e-Services code: {code}. It expires in {}.", minutes(lasts_seconds))
}

/// The second step of sign-in by Email PIN.
pub fn sign_in_code(code: &str, lasts_seconds: i64) -> Words {
    signed(
        "Your CARS e-Services sign-in code",
        format!(
            "Your code to sign in to CARS e-Services is {code}.\n\nIt expires in {}. \
             If you are not signing in, someone knows your password: change it in Settings.",
            minutes(lasts_seconds)
        ),
    )
}

/// The second step of sign-in by text message.
pub fn sign_in_text(code: &str) -> String {
    format!("CARS e-Services sign-in code: {code}")
}

/// To the owner, when wrong codes after the right password closed the
/// second step for a while.
pub fn second_step_closed(user_id: &UserId, wrong_codes: i64, wait_seconds: i64) -> Words {
    signed(
        "Too many wrong sign-in codes on your CARS e-Services login",
        format!(
            "The right password for the login {user_id} was followed by {wrong_codes} wrong verification codes, \
             so the second step of sign-in is closed for {} where they were typed.\n\n\
             If this was not you, someone knows your password: change it with Forgot Password or in Settings now, \
             or call the help desk at {HELP_DESK_PHONE}.",
            minutes(wait_seconds)
        ),
    )
}

/// To the owner, when wrong passwords locked the login.
pub fn login_locked(user_id: &UserId, wrong_before_lock: i64, lock_seconds: i64) -> Words {
    signed(
        "Your CARS e-Services login was locked",
        format!(
            "Someone typed the wrong password for the login {user_id} {wrong_before_lock} times in a row, so it is locked for {}.\n\n\
             If this was you, wait and try again, or use Forgot Password. If it was not you, nothing is lost: \
             on a browser where you signed in before you can still sign in.",
            minutes(lock_seconds)
        ),
    )
}

// --- recovery -------------------------------------------------------------

/// The code of a Forgot Password attempt.
pub fn reset_code(user_id: &UserId, code: &str, lasts_seconds: i64) -> Words {
    signed(
        "Your CARS e-Services password reset code",
        format!(
            "Your code to reset your CARS e-Services password is {code}.\n\n\
             It expires in {}. It was asked for on the Forgot Password page for the login {user_id}. \
             If you did not ask for it, ignore this message: your password stays as it is, and nobody can \
             change it without this code.",
            minutes(lasts_seconds)
        ),
    )
}

/// After Forgot Password set a new password.
pub fn password_reset_done(user_id: &UserId, when: &str, remembered_seconds: i64) -> Words {
    signed(
        "Your CARS e-Services password was changed",
        format!(
            "Your CARS e-Services password was changed for the login {user_id} on {when}, with Forgot Password.\n\n\
             Every browser that was signed in to this login was signed out, and browsers remembered for \
             {} will ask for a verification method again.\n\n\
             If you did not do this, call the help desk at {HELP_DESK_PHONE} right away.",
            days(remembered_seconds)
        ),
    )
}

/// Every User ID on an address (Forgot User ID).
pub fn user_id_reminder(user_ids: &[UserId]) -> Words {
    let (subject, intro) = if user_ids.len() == 1 {
        ("Your CARS e-Services User ID", "This MILogin for Third Party User ID uses this email address:")
    } else {
        ("Your CARS e-Services User IDs", "These MILogin for Third Party User IDs use this email address:")
    };
    let list: String = user_ids.iter().map(|id| format!("  {id}\n")).collect();
    signed(
        subject,
        format!(
            "Someone asked for the CARS e-Services User IDs on this email address.\n\n{intro}\n\n{list}\n\
             To sign in, go to the Login page and enter your User ID and password. If you forgot the \
             password too, select Forgot Password there.\n\n\
             If you did not ask for this, you can ignore this message: nothing was changed."
        ),
    )
}

// --- Settings ---------------------------------------------------------------

/// After the password was changed in Settings.
pub fn password_changed(user_id: &UserId) -> Words {
    signed(
        "Your CARS e-Services password was changed",
        format!(
            "The password of the login {user_id} was changed, and every other browser was signed out.\n\n\
             If you did not do this, use Forgot Password now and call us at {HELP_DESK_PHONE}."
        ),
    )
}

/// A verification method was added (`method` as people read it).
pub fn method_added(user_id: &UserId, method: &str) -> Words {
    signed(
        "A verification method was added to your CARS e-Services login",
        format!("{method} was added as a sign-in verification method of the login {user_id}.\n\n{NOT_YOU}"),
    )
}

/// A verification method was removed.
pub fn method_removed(user_id: &UserId, method: &str) -> Words {
    signed(
        "A verification method was removed from your CARS e-Services login",
        format!("{method} was removed from the sign-in verification methods of the login {user_id}.\n\n{NOT_YOU}"),
    )
}

const EMAIL_CHANGED: &str = "Your CARS e-Services email address was changed";

/// To the old address: where the login's mail goes now (`new_masked`,
/// masked, since whoever reads the old one may no longer be the owner).
pub fn email_changed_from(user_id: &UserId, new_masked: &str) -> Words {
    signed(
        EMAIL_CHANGED,
        format!(
            "The email address of the login {user_id} was changed from this address to {new_masked}. \
             Codes and notices now go there.\n\n{NOT_YOU}"
        ),
    )
}

/// To the new address.
pub fn email_changed_to(user_id: &UserId) -> Words {
    signed(
        EMAIL_CHANGED,
        format!("This is now the email address of the login {user_id}. Codes and notices will come here.\n\n{NOT_YOU}"),
    )
}

/// The login was closed at its owner's request.
pub fn login_closed(user_id: &UserId) -> Words {
    signed(
        "Your CARS e-Services login was closed",
        format!(
            "The login {user_id} was closed at its owner's request. It can no longer sign in, and every browser \
             signed in with it was signed out.\n\nIf you did not do this, call us at {HELP_DESK_PHONE}."
        ),
    )
}

/// To those told about an account the closed login had access to.
pub fn closed_login_access_ended(user_id: &UserId, number: &AccountNumber) -> Words {
    signed(
        "CARS e-Services business account access removed",
        format!("The login {user_id} was closed, so it no longer has access to business account {number}."),
    )
}

// --- account access -----------------------------------------------------------

/// A business account as a notice names it.
pub struct AccountNamed<'a> {
    /// "Mechanic Facility" or "Mechanic School".
    pub kind: &'a str,
    pub number: &'a AccountNumber,
    pub name: &'a str,
}

/// The emailed authorization code.
pub struct AuthorizationCode<'a> {
    pub user_id: &'a UserId,
    /// The account's kind ("Mechanic Facility") and number.
    pub kind: &'a str,
    pub number: &'a AccountNumber,
    /// As shown, `XXXXX-XXXXX`.
    pub code: &'a str,
    pub lasts_seconds: i64,
    /// When it stops working, as people read it.
    pub until: &'a str,
    pub portal_url: &'a str,
    pub confirmation: &'a str,
}

/// The authorization code sent by email.
pub fn authorization_code(c: &AuthorizationCode<'_>) -> Words {
    let AuthorizationCode { user_id, kind, number, code, until, portal_url, confirmation, .. } = c;
    signed(
        "Your CARS e-Services account authorization code",
        format!(
            "The CARS e-Services login {user_id} asked for an account authorization code for the {kind} account {number}.\n\n\
             Your authorization code is:\n\n    {code}\n\n\
             It is valid for {}, until {until}, can be used once, and only by the login {user_id}.\n\n\
             To use it: sign in to CARS e-Services at {portal_url} as {user_id}, choose Add Account Access on the Account Access Options \
             page, and enter the code (capital or small letters, with or without the dash).\n\n\
             Confirmation number: {confirmation}.\n\n\
             If you did not ask for this code, you need not do anything: it works only for that login. \
             Questions: call {HELP_DESK_PHONE}.",
            hours(c.lasts_seconds)
        ),
    )
}

/// To the login's notice address, when an authorization code linked an account.
pub fn access_added(user_id: &UserId, account: &AccountNamed<'_>, when: &str, confirmation: &str) -> Words {
    let AccountNamed { kind, number, name } = account;
    signed(
        "Account access added to your CARS e-Services login",
        format!(
            "The CARS e-Services login {user_id} now has online access to the {kind} account {number} ({name}), since {when}.\n\n\
             Your confirmation number is {confirmation}. Notices about this access will come to this address.\n\n\
             If you did not do this, call {HELP_DESK_PHONE} at once."
        ),
    )
}

/// To the account's other addresses, when a login was given access.
pub fn access_added_others(user_id: &UserId, account: &AccountNamed<'_>, when: &str) -> Words {
    let AccountNamed { kind, number, name } = account;
    signed(
        format!("A login was given access to CARS e-Services account {number}"),
        format!(
            "The CARS e-Services login {user_id} was given online access to the {kind} account {number} ({name}) at {when}, \
             with an authorization code sent to the account.\n\n\
             You are told because this address is on record for the account, or gets notices for another login with access to it. \
             If you do not know about this access, call {HELP_DESK_PHONE}."
        ),
    )
}

/// To the login's notice address, when it removed its own access.
pub fn access_removed(user_id: &UserId, account: &AccountNamed<'_>, when: &str) -> Words {
    let AccountNamed { kind, number, name } = account;
    signed(
        "Account access removed from your CARS e-Services login",
        format!(
            "The CARS e-Services login {user_id} no longer has online access to the {kind} account {number} ({name}), since {when}.\n\n\
             To get access again you will need a new authorization code. If you did not do this, call {HELP_DESK_PHONE}."
        ),
    )
}

/// To the account's other addresses, when a login removed its access.
pub fn access_removed_others(user_id: &UserId, account: &AccountNamed<'_>, when: &str) -> Words {
    let AccountNamed { kind, number, name } = account;
    signed(
        format!("A login's access to CARS e-Services account {number} was removed"),
        format!(
            "The CARS e-Services login {user_id} removed its online access to the {kind} account {number} ({name}) at {when}.\n\n\
             You are told because this address is on record for the account, or gets notices for another login with access to it. \
             Nothing else about the account changed. Questions: call {HELP_DESK_PHONE}."
        ),
    )
}

// --- the help desk's commands ---------------------------------------------------

/// After `users reset-methods`.
pub fn methods_reset(user_id: &UserId, when: &str) -> Words {
    signed(
        "Your CARS e-Services sign-in methods were reset",
        format!(
            "At your request, the Michigan Department of State help desk reset the sign-in verification methods \
             of the login {user_id} on {when}.\n\n\
             Only Email PIN is left: codes to sign in now come to this email address. Your authenticator app, text \
             messages and backup codes no longer work for this login, every browser signed in to it was signed out, \
             and remembered browsers will ask for a code again. Your password did not change.\n\n\
             After you sign in, you can add methods again under Settings.\n\n\
             If you did not ask for this, call {HELP_DESK_PHONE} right away."
        ),
    )
}

/// After `access revoke`, to the login and everyone told about the account.
pub fn access_revoked(user_id: &UserId, account: &AccountNamed<'_>, when: &str) -> Words {
    let AccountNamed { kind, number, name } = account;
    signed(
        "CARS e-Services: access to a business account was removed",
        format!(
            "The access of the CARS e-Services login {user_id} to the {kind} account {number} ({name}) was removed by the Michigan \
             Department of State on {when}.\n\n\
             That login can no longer see or manage this account. Other logins linked to the account keep their \
             access. To link the account again, the login needs a new authorization code.\n\n\
             Questions: call {HELP_DESK_PHONE}."
        ),
    )
}

/// The letter that is being mailed (`mail export`).
pub struct LetterSent<'a> {
    pub user_id: &'a UserId,
    /// The account's kind and number.
    pub kind: &'a str,
    pub number: &'a AccountNumber,
    /// The mailing date and the code's end, as a letter writes them.
    pub mailed_on: &'a str,
    pub valid_until: &'a str,
    pub confirmation: &'a str,
}

/// To the login, when its letter went into the mail.
pub fn letter_sent(l: &LetterSent<'_>) -> Words {
    let LetterSent { user_id, kind, number, mailed_on, valid_until, confirmation } = l;
    signed(
        "Your CARS e-Services letter has been sent",
        format!(
            "The letter with the account authorization code you asked for was mailed on {mailed_on} to the mailing \
             address on record for the {kind} account {number} (confirmation number {confirmation}, login {user_id}).\n\n\
             Letters go by U.S. Postal Service and usually arrive in about 7 to 10 business days. The code \
             in it is valid until {valid_until}. When it arrives, sign in, choose Add Account Access and enter the code.\n\n\
             If you did not ask for this letter, call {HELP_DESK_PHONE}."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_email_is_signed_and_numbers_follow_the_rules() {
        let smith = UserId::parse("smithj2468").unwrap();
        let code = email_code("123456", 10 * 60);
        assert!(code.body.contains("is 123456.\n\nIt expires in 10 minutes."), "{}", code.body);
        assert!(code.body.ends_with("\n\nMichigan Department of State"));
        assert!(email_code("123456", 15 * 60).body.contains("It expires in 15 minutes."));
        assert_eq!(text_code("654321", 5 * 60), "CARS e-Services code: 654321. It expires in 5 minutes.");
        assert!(
            second_step_closed(&smith, 5, 15 * 60)
                .body
                .contains("5 wrong verification codes, so the second step of sign-in is closed for 15 minutes")
        );
        assert!(
            password_reset_done(&smith, "Jan 15, 2027, 9:00 AM EST", 30 * 86_400)
                .body
                .contains("browsers remembered for 30 days")
        );
        let sent = authorization_code(&AuthorizationCode {
            user_id: &smith,
            kind: "Mechanic Facility",
            number: &AccountNumber::parse("M100001").unwrap(),
            code: "ABCDE-FGHJK",
            lasts_seconds: 72 * 3600,
            until: "Jan 18, 2027, 9:00 AM EST",
            portal_url: "https://cars.example.gov",
            confirmation: "1234-5678",
        });
        assert!(sent.body.contains("It is valid for 72 hours, until Jan 18, 2027, 9:00 AM EST,"), "{}", sent.body);
        assert!(sent.body.contains(HELP_DESK_PHONE));
    }
}
