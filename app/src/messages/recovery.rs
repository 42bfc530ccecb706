//! The words of Forgot User ID and Forgot Password (`recovery/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `recovery/forgot_password.rs`
pub mod forgot_password {
    pub const START_AGAIN: &str = "Start again";
    pub const ENTER_YOUR_USER_ID_IF: &str = "Enter your User ID. If that login exists, we will send a 6-digit code to its email address; with it you can choose a new password.";
    pub const FORGOT_YOUR_USER_ID_TOO: &str = "Forgot your User ID too? Use Forgot User ID first.";
    pub const SEND_CODE: &str = "SEND CODE";
    pub const BACK_TO_LOGIN: &str = "Back to Login";
    pub const ENTER_YOUR_CODE_FORGOT: &str = "Enter your code – Forgot Password";
    pub const ENTER_YOUR_CODE: &str = "Enter your code";
    pub const ENTER_IT_BELOW_THE_CODE: &str = " Enter it below. The code expires in ";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code";
    pub const DID_NOT_GET_IT_CHECK: &str = "Did not get it? Check your spam folder, or:";
    pub const CHOOSE_A_NEW_PASSWORD_FORGOT: &str = "Choose a new password – Forgot Password";
    pub const CHOOSE_A_NEW_PASSWORD: &str = "Choose a new password";
    pub const YOUR_CODE_IS_RIGHT_CHOOSE: &str = "Your code is right. Choose a new password for the login ";
    pub const WHEN_IT_IS_SAVED_EVERY: &str = ". When it is saved, every browser signed in to this login is signed out.";
    pub const REQUIRED: &str = " Required";
    pub const NEW_PASSWORD: &str = "New password";
    pub const CONFIRM_NEW_PASSWORD: &str = "Confirm new password";
    pub const SAVE_PASSWORD: &str = "SAVE PASSWORD";
    pub const PASSWORD_RESET_FORGOT_PASSWORD: &str = "Password reset – Forgot Password";
    pub const PASSWORD_RESET: &str = "Password reset";
    pub const EVERY_BROWSER_THAT_WAS: &str =
        "Every browser that was signed in to this login has been signed out, and we emailed you a notice. ";
    pub const WHEN_YOU_LOG_IN_WE: &str = "When you log in, we will ask for one of your verification methods as usual.";
    pub const LOG_IN: &str = "LOG IN";
    /// What the code page says for any well-formed User ID.
    pub const CODE_SENT: &str = "If that login exists, we sent a 6-digit code to its email address.";
    /// After "Send a new code", for a real login or not.
    pub const CODE_SENT_AGAIN: &str = "If that login exists, we sent a new 6-digit code to its email address.";
    pub const PASSWORD_RESET_LOG_IN: &str = "Your password has been reset. Please log in.";

    /// What happens when a reset is not (or no longer) there.
    pub fn reset_expired() -> String {
        format!(
            "Your password reset has expired or was not started here. Resets last {}. Please start again.",
            crate::messages::minutes(crate::rules::limits::RESET_SECONDS)
        )
    }
}

/// `recovery/forgot_user_id.rs`
pub mod forgot_user_id {
    pub const ENTER_THE_EMAIL_ADDRESS: &str =
        "Enter the email address of your MILogin for Third Party account. We will email you every User ID that uses it.";
    pub const THE_ADDRESS_YOU_GAVE_WHEN: &str =
        "The address you gave when you signed up. Several logins may share one address: we send every User ID on it.";
    pub const SUBMIT: &str = "SUBMIT";
    pub const BACK_TO_LOGIN: &str = "Back to Login";
    pub const IF_ANY_MILOGIN_FOR_THIRD: &str =
        "If any MILogin for Third Party accounts use that email address, we have sent their User IDs to it.";
}
