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
    pub const EMAIL_PIN: &str = "Email PIN";
    pub const A_PIN_IS_SENT_TO: &str = "A PIN is sent to your email address, which you have already confirmed.";
    pub const ADD_EMAIL_PIN: &str = "Add Email PIN";
    pub const ADD_TEXT_MESSAGE: &str = "Add text message";
    pub const TEXT_MESSAGE: &str = "Text message";
    pub const AUTHENTICATOR_APP: &str = "Authenticator app";
    pub const ADD_AUTHENTICATOR_APP: &str = "Add authenticator app";
    pub const BACKUP_CODES: &str = "Backup codes";
    pub const ADD_BACKUP_CODES: &str = "Add backup codes";
    pub const YOUR_METHODS: &str = "Your methods:";
    pub const TO_USE_TEXT_MESSAGES: &str = "To use text messages, add a Mobile Number to your profile above.";

    pub fn remove(method: &str) -> String {
        format!("Remove {method}")
    }
}

/// `settings/mod.rs`
pub mod page {
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
}
