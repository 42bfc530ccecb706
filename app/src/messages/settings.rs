//! The words of Settings (`settings/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `settings/close.rs`
pub mod close {
    pub const CLOSE_YOUR_LOGIN: &str = "Close your login";
    pub const CLOSING_YOUR_LOGIN_CANNOT: &str = "Closing your login cannot be undone. You will be signed out everywhere, your User ID will no longer sign in, and any business accounts linked to it lose this login's access.";
    pub const I_UNDERSTAND_THAT_MY_LOGIN: &str = "I understand that my login will be closed for good.";
    pub const CLOSE_MY_LOGIN: &str = "Close my login";
    pub const YOUR_LOGIN_WAS_CLOSED_AND: &str =
        "Your login was closed and you were signed out everywhere. We sent a notice to its email address.";
}

/// `settings/email.rs`
pub mod email {
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code from the email";
    pub const CHANGE_EMAIL_ADDRESS: &str = "Change email address";
    pub const CANCEL_THE_CHANGE: &str = "Cancel the change";
    pub const NEW_EMAIL_ADDRESS: &str = "New email address";
    pub const CONFIRM_NEW_EMAIL_ADDRESS: &str = "Confirm new email address";
    pub const SEND_A_CODE_TO_THE: &str = "Send a code to the new address";
    pub const CHANGE_YOUR_EMAIL_ADDRESS: &str = "Change your email address";
    pub fn code_sent_to(address: &str) -> String {
        format!("We sent a 6-digit code to {address}. Your email address changes to it once you type the code here.")
    }

    pub fn your_email_address_is(current: &str) -> String {
        format!("Your email address is {current}. We send a code to the new address to make sure it is yours.")
    }

    pub fn code_sent_type_it_below(address: &str, lasts: &str) -> String {
        format!(
            "We sent a 6-digit code to {address}. Type it below to finish changing your email address. It expires in {lasts}."
        )
    }

    pub fn change_cancelled(kept: &str) -> String {
        format!("The email change was cancelled. Your email address is still {kept}.")
    }

    pub fn email_changed(new: &str) -> String {
        format!("Your email address is now {new}. We sent a notice to the old and the new address.")
    }

    pub fn nothing_waiting() -> String {
        format!(
            "No email change is waiting here (one waits {}). Start again with your new address.",
            crate::messages::minutes(crate::rules::limits::EMAIL_CHANGE_SECONDS)
        )
    }
}

/// `settings/methods.rs`
pub mod methods {
    pub const IN_USE: &str = "In use";
    pub const NOT_SET_UP: &str = "Not set up";
    pub const FOR_YOUR_SECURITY_TYPE: &str = "For your security, type your password before you add or remove a method.";
    pub const CONTINUE: &str = "Continue";
    pub const VERIFICATION_METHODS: &str = "Verification methods";
    pub const YOUR_ONLY_METHOD_CANNOT: &str =
        "Your only method cannot be removed: at least one must stay. Add another method first.";
    pub const A_PIN_IS_SENT_TO: &str = "A PIN is sent to your email address, which you have already confirmed.";
    pub const ADD_EMAIL_PIN: &str = "Add Email PIN";
    pub const ADD_TEXT_MESSAGE: &str = "Add text message";
    pub const ADD_AUTHENTICATOR_APP: &str = "Add authenticator app";
    pub const ADD_BACKUP_CODES: &str = "Add backup codes";
    pub const YOUR_METHODS: &str = "Your methods:";
    pub const TO_USE_TEXT_MESSAGES: &str = "To use text messages, add a Mobile Number to your profile above.";
    pub const BACKUP_CODES_WERE_ADDED: &str = "Backup codes were added. The code you typed still works once.";
    pub const FOR_YOUR_SECURITY_TYPE_YOUR_PASSWORD: &str =
        "For your security, type your password again before you add or remove a method.";
    pub const TEXT_MESSAGES_NEED_A_MOBILE: &str = "Text messages need a mobile number in your profile.";
    pub const THAT_METHOD_IS_NOT_ONE: &str = "That method is not one of yours.";
    pub const YOU_ALREADY_HAVE_THAT_METHOD: &str = "You already have that method.";

    pub fn remove(method: &str) -> String {
        format!("Remove {method}")
    }

    pub fn unlocked_for(how_long: &str) -> String {
        format!("You can add and remove verification methods for the next {how_long}.")
    }

    pub fn only_method(method: &str) -> String {
        format!(
            "{method} is your only verification method, and at least one must stay. Add another method first, then remove this one."
        )
    }
}

/// `settings/mod.rs`
pub mod page {
    use crate::messages::count;

    pub const BACK_TO_SETTINGS: &str = "Back to Settings";
    pub const TO_SEE_YOUR_SETTINGS: &str = " to see your settings.";
    pub const THERE_IS_NO_SUCH_SETTINGS: &str = "There is no such settings page. ";
    pub const SEE_EVERY_SETTING: &str = "See every setting";
    pub const YOUR_LOGIN: &str = "Your login";
    pub const NAME: &str = "Name";
    pub const VERIFICATION_METHODS: &str = "Verification methods";
    pub const CHANGE_YOUR_SETTINGS: &str = "Change your settings";
    pub const CHANGE_YOUR_PASSWORD: &str = "Change your password";
    pub const CURRENT_PASSWORD: &str = "Current password";
    pub const NEW_PASSWORD: &str = "New password";
    pub const AT_LEAST_8_CHARACTERS_FROM: &str = "At least 8 characters from 3 of: upper case, lower case, numbers, special characters (! $ # , % @ ~ ^ & * _ - + = > <); not one of your last 3 passwords; not based on your User ID or names; not a common password.";
    pub const CONFIRM_NEW_PASSWORD: &str = "Confirm new password";
    pub const CHANGE_PASSWORD: &str = "Change password";
    pub const WHERE_YOU_ARE_SIGNED_IN: &str = "Where you are signed in";
    pub const SIGNING_OUT_EVERYWHERE: &str = "Signing out everywhere else ends every other session of this login and forgets every remembered browser, \
                so each asks for a verification method again.";
    pub const SIGN_OUT_EVERYWHERE_ELSE: &str = "Sign out everywhere else";
    pub const YOUR_MOST_RECENT_SECURITY: &str = "Your most recent security events";
    pub const YOUR_MOST_RECENT_SECURITY_EVENTS_NEWEST: &str = "Your most recent security events, newest first";
    pub const WHEN: &str = "When";
    pub const WHAT: &str = "What";
    pub const FROM: &str = "From";
    /// Where no mobile number was given.
    pub const NONE_GIVEN: &str = "None given";
    pub const NAME_AND_PHONE_NUMBERS: &str = "Name and phone numbers";
    pub const EMAIL_ADDRESS: &str = "Email address";
    pub const PASSWORD: &str = "Password";
    pub const SIGNED_IN_BROWSERS: &str = "Signed-in browsers";
    pub const ACCOUNT_ACTIVITY: &str = "Account activity";
    pub const CLOSE_YOUR_LOGIN: &str = "Close your login";
    pub const CHANGE_YOUR_NAME_WORK_PHONE: &str = "Change your name, work phone or mobile number.";
    pub const CHANGE_THE_ADDRESS_YOUR: &str = "Change the address your codes and notices go to.";
    pub const CHANGE_THE_PASSWORD_YOU: &str = "Change the password you log in with.";
    pub const ADD_OR_REMOVE_THE_WAYS: &str = "Add or remove the ways you prove it is you when you log in.";
    pub const NOTHING_YET: &str = "Nothing yet.";
    pub const CLOSE_THIS_LOGIN_FOR_GOOD: &str = "Close this login for good.";
    pub const SECURITY_EVENT: &str = "Security event";
    pub const LOGIN_CREATED: &str = "Login created";
    pub const SIGNED_IN: &str = "Signed in";
    pub const SIGNED_IN_ON_A_REMEMBERED: &str = "Signed in on a remembered browser";
    pub const SIGN_IN_FAILED_WRONG_PASSWORD: &str = "Sign-in failed (wrong password)";
    pub const SIGN_IN_REFUSED_LOGIN_LOCKED: &str = "Sign-in refused: login locked";
    pub const LOGIN_LOCKED_AFTER_WRONG: &str = "Login locked after wrong passwords";
    pub const WRONG_VERIFICATION_CODE: &str = "Wrong verification code";
    pub const VERIFICATION_CODE_REQUESTED: &str = "Verification code requested";
    pub const LOGGED_OFF: &str = "Logged off";
    pub const PASSWORD_CHANGED: &str = "Password changed";
    pub const PASSWORD_RESET: &str = "Password reset";
    pub const SIGNED_OUT_OF_EVERY_OTHER: &str = "Signed out of every other browser";
    pub const USER_ID_REMINDER_EMAILED: &str = "User ID reminder emailed";
    pub const PROFILE_CHANGED: &str = "Profile changed";
    pub const CODE_SENT_TO_CONFIRM_A: &str = "Code sent to confirm a new email address";
    pub const EMAIL_ADDRESS_CHANGED: &str = "Email address changed";
    pub const WRONG_PASSWORD_TYPED_IN: &str = "Wrong password typed in Settings";
    pub const PASSWORD_TYPED_AGAIN_TO: &str = "Password typed again to change methods";
    pub const VERIFICATION_METHOD_ADDED: &str = "Verification method added";
    pub const VERIFICATION_METHOD_REMOVED: &str = "Verification method removed";
    pub const LOGIN_CLOSED: &str = "Login closed";
    pub const WRONG_ACCOUNT_AUTHORIZATION: &str = "Wrong account authorization code";
    pub const EVERY_OUTSTANDING_AUTHORIZATION: &str = "Every outstanding authorization code voided after 20 wrong tries";
    pub const BUSINESS_ACCOUNT_ACCESS: &str = "Business account access added";
    pub const BUSINESS_ACCOUNT_ACCESS_REMOVED: &str = "Business account access removed";
    pub const SECOND_STEP_CLOSED_FOR: &str = "Second step closed for a while after wrong codes";
    pub const PASSWORD_RESET_ASKED_FOR: &str = "Password reset asked for";
    pub const WRONG_PASSWORD_RESET_CODE: &str = "Wrong password reset code";
    pub const ACCOUNT_AUTHORIZATION_CODE: &str = "Account authorization code emailed";
    pub const ACCOUNT_AUTHORIZATION_CODE_ASKED_FOR_BY: &str = "Account authorization code asked for by letter";
    pub const LETTER_WITH_AN_ACCOUNT: &str = "Letter with an account authorization code mailed";
    pub const LOGIN_UNLOCKED_BY_THE_HELP: &str = "Login unlocked by the help desk";
    pub const VERIFICATION_METHODS_RESET: &str = "Verification methods reset by the help desk";
    pub const BUSINESS_ACCOUNT_ACCESS_REMOVED_BY_THE: &str = "Business account access removed by the help desk";
    pub const AUTHORIZATION_CODES_VOIDED: &str = "Authorization codes voided by the help desk";
    pub const BUSINESS_RECORDS_IMPORTED: &str = "Business records imported by the help desk";
    pub const BUSINESS_RECORDS_IMPORT: &str = "Business records import refused";
    pub const LETTERS_EXPORTED_FOR_MAILING: &str = "Letters exported for mailing by the help desk";
    pub const DATABASE_BACKED_UP_BY_THE: &str = "Database backed up by the help desk";
    pub const YOUR_PASSWORD_WAS_CHANGED: &str = "Your password was changed. Every other browser was signed out.";
    pub const SETTINGS: &str = "Settings";
    pub const PAGE_NOT_FOUND: &str = "Page not found";
    pub const PAGE_NOT_FOUND_SETTINGS: &str = "Page not found – Settings";

    /// "Profile – Settings": a section's title in the browser's tab.
    pub fn in_settings(section: &str) -> String {
        format!("{section} – Settings")
    }

    pub fn change_waits_for_code(pending: &str) -> String {
        format!("A change to {pending} waits for its code.")
    }

    /// The newest security event on the overview.
    pub fn latest(what: &str, at: impl std::fmt::Display) -> String {
        format!("Latest: {what}, {at}")
    }

    /// An event that names the method it concerns.
    pub fn event_with_method(what: &str, method: &str) -> String {
        format!("{what}: {method}")
    }

    /// Where else this login is signed in, as a sentence.
    pub fn signed_in_elsewhere(others: i64) -> String {
        match others {
            0 => "You are signed in on this browser only.".into(),
            n => format!("You are signed in here and on {}.", count(n, "other browser", "other browsers")),
        }
    }

    pub fn browsers_remembered(remembered: i64) -> String {
        match remembered {
            0 => "No browser is remembered for the second step.".into(),
            n => format!("{} for the second step.", count(n, "browser is remembered", "browsers are remembered")),
        }
    }

    pub fn signed_out_of(ended: usize) -> String {
        let ended = i64::try_from(ended).unwrap_or(i64::MAX);
        format!("Signed out of {}; no browser is remembered any more.", count(ended, "other browser", "other browsers"))
    }
}

/// `settings/profile.rs`
pub mod profile {
    pub const EDIT_YOUR_PROFILE_AND_PHONES: &str = "Edit your profile and phones";
    pub const FIRST_NAME: &str = "First Name";
    pub const MIDDLE_INITIAL: &str = "Middle Initial";
    pub const LAST_NAME: &str = "Last Name";
    pub const FOR_EXAMPLE_517_555_0123: &str = "For example (517) 555-0123. Add an extension after the number, like ext. 123.";
    pub const OPTIONAL_WITH_A_MOBILE: &str = "Optional. With a mobile number, codes can be sent to you by text message.";
    pub const SAVE_PROFILE: &str = "Save profile";
    pub const YOUR_PROFILE_WAS_SAVED: &str = "Your profile was saved.";
    pub const NOTHING_TO_SAVE_YOUR_PROFILE: &str = "Nothing to save: your profile is as it was.";
    pub const YOUR_TEXT_MESSAGE_METHOD: &str = "Your Text message method uses your mobile number. Remove that method under Verification methods first, then change the number and add Text message again.";
}
