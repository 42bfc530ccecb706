//! The words of the sign-up wizard (`signup/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `signup/check_email.rs`
pub mod check_email {
    pub const YOUR_EMAIL_ADDRESS: &str = "Your email address ";
    pub const IS_CONFIRMED_CONTINUE_WITH: &str = " is confirmed. Continue with Security Setup.";
    pub const CHANGE_EMAIL: &str = "Change email";
    pub const WE_SENT_A_6_DIGIT: &str = "We sent a 6-digit code to ";
    pub const ENTER_IT_BELOW_TO_CONFIRM: &str = ". Enter it below to confirm your email address. The code expires in ";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code";
    pub const DID_NOT_GET_IT_CHECK: &str = "Did not get it? Check your spam folder, or:";
}

/// `signup/profile.rs`
pub mod profile {
    pub const ENTER_YOUR_PROFILE_INFORMATION: &str = "Enter your profile information";
    pub const REQUIRED_FIELDS_WITH_A: &str = " Required. Fields with a red asterisk are required.";
    pub const FIRST_NAME: &str = "First Name";
    pub const MIDDLE_INITIAL: &str = "Middle Initial";
    pub const LAST_NAME: &str = "Last Name";
    pub const BY_PROVIDING_AN_E_MAIL: &str =
        "By providing an e-mail address, a new PIN can be sent to you to help with resetting a forgotten password.";
    pub const CONFIRM_EMAIL_ADDRESS: &str = "Confirm Email Address";
    pub const FOR_EXAMPLE_517_555_0123: &str = "For example (517) 555-0123. Add an extension after the number, like ext. 123.";
    pub const BY_PROVIDING_A_MOBILE_NUMBER: &str =
        "By providing a mobile number, a text message can be sent to you to help with resetting a forgotten password.";
    pub const VERIFICATION_QUESTION: &str = "Verification Question: ";
    pub const TYPE_THE_ONE_WORD_THAT: &str = "Type the one word that answers the question. It shows us a person is signing up.";
    pub const VERIFICATION_QUESTION_ANSWERED: &str = "Verification question answered.";
    pub const RESET: &str = "RESET";
    pub const ALREADY_HAVE_A_LOGIN: &str = "Already have a login? ";
    pub const SIGN_IN: &str = "Sign in";
    pub const CLEAR_YOUR_REGISTRATION: &str = "Clear your registration? – Create Your Account";
    pub const CREATE_YOUR_ACCOUNT: &str = "Create Your Account";
    pub const CLEAR_EVERYTHING_YOU_ENTERED: &str = "Clear everything you entered?";
    pub const YES_CLEAR_EVERYTHING: &str = "Yes, clear everything";
    pub const NO_GO_BACK: &str = "No, go back";
    pub const RESET_DELETES: &str = "RESET deletes everything you entered in this registration. This cannot be undone.";
    pub const RESET_DELETES_WITH_USER_ID: &str =
        "RESET deletes everything you entered in this registration, including the User ID held for you. This cannot be undone.";
}

/// `signup/security_options.rs`
pub mod security_options {
    pub const SET_UP_AND_CONFIRMED: &str = "Set up and confirmed";
    pub const NOT_SET_UP: &str = "Not set up";
    pub const ADD_A_MOBILE_NUMBER: &str = "Add a mobile number";
    pub const CONFIRM_TEXT_MESSAGE: &str = "Confirm text message";
    pub const CONFIRM_AUTHENTICATOR_APP: &str = "Confirm authenticator app";
    pub const CONFIRM_BACKUP_CODES: &str = "Confirm backup codes";
    pub const TO_SET_UP_YOUR_SIGN: &str = "To set up your sign-in verification and recovery method(s), please click on the buttons below. Email PIN is already set up: you confirmed your email address in step 1. You may add more; each one is confirmed before it counts.";
    pub const WHEN_YOU_HAVE_SET_UP: &str = "When you have set up the methods you want, select FINISH to create your account.";
    pub const BACK: &str = "BACK";
    pub const FINISH: &str = "FINISH";
    pub const TO_USE_TEXT_MESSAGES: &str = "To use text messages, add a Mobile Number in step 1.";
    pub const TEXT_MESSAGE_IS_SET_UP: &str = "Text message is set up.";
    pub const AUTHENTICATOR_APP_IS_SET: &str = "Authenticator app is set up.";
    pub const BACKUP_CODES_ARE_SET_UP: &str = "Backup codes are set up. The code you typed still works once.";

    pub fn pin_can_be_sent_to(email: &str) -> String {
        format!("A PIN can be sent to {email}. You confirmed this address in step 1.")
    }
}

/// `signup/security_setup.rs`
pub mod security_setup {
    pub const PROVIDE_USER_ID_AND_PASSWORD: &str = "Provide user id and password information to complete your profile";
    pub const REQUIRED: &str = " Required";
    pub const ENTER_YOUR_LAST_NAME_FIRST: &str = "Enter your last name, first initial, and any 4 numbers with no space between them. For example: John Smith and using 9999 as the four digit number, you would enter smithj9999. We suggest a free one. A User ID has 6 to 30 letters and numbers and cannot contain space.";
    pub const PASSWORD: &str = "Password";
    pub const CONFIRM_PASSWORD: &str = "Confirm password";
    pub const BACK: &str = "BACK";
}

/// `signup/wizard.rs`
pub mod wizard {
    pub const SIGN_UP_PROGRESS: &str = "Sign-up progress";
    pub const CREATE_YOUR_ACCOUNT: &str = "Create Your Account";
    pub const TIME_LIMIT: &str = "Time limit";
    pub const YOUR_REGISTRATION_HAS_EXPIRED: &str = "Your registration has expired. ";
    pub const START_AGAIN: &str = "Start again";
    pub const WE_KEEP_YOUR_UNFINISHED: &str = "We keep your unfinished registration for ";
    pub const AFTER_YOUR_LAST_STEP: &str = " after your last step.";
    pub const KEEP_MY_REGISTRATION: &str = "Keep my registration";
    pub const PROFILE_INFORMATION: &str = "Profile Information";
    pub const CHECK_YOUR_EMAIL: &str = "Check your email";
    pub const SECURITY_SETUP: &str = "Security Setup";
    pub const SECURITY_OPTIONS: &str = "Security Options";
    pub const REGISTRATION_EXPIRED_HEADING: &str = "Your registration has expired";
    pub const YOU_HAVE_NOT_STARTED_A: &str = "You have not started a registration";
    pub const START_WITH_YOUR_PROFILE: &str = "Start with your profile information.";
    pub const CREATE_YOUR_ACCOUNT_LINK: &str = "Create your account";
    /// The warning shown when `minutes` whole minutes are left.
    pub fn registration_expires_in(minutes: i64) -> String {
        format!(
            "Your registration will expire in {}. Select Keep my registration to keep what you entered.",
            crate::messages::count(minutes, "minute", "minutes")
        )
    }

    pub fn kept_for_another(how_long: &str) -> String {
        format!("Your registration is kept for another {how_long}.")
    }

    pub fn unfinished_kept_for(how_long: &str) -> String {
        format!("An unfinished registration is kept for {how_long} after its last step. Please start again.")
    }
}

/// `signup/server.rs`
pub mod server {
    pub const TEXT_MESSAGES_NEED_A_MOBILE: &str = "Text messages need a mobile number in step 1.";

    pub fn registration_expired(kept_for: &str) -> String {
        format!(
            "Your registration has expired: an unfinished registration is kept for {kept_for} after its last step. Please start again."
        )
    }
}
