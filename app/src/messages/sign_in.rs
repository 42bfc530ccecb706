//! The words of the sign-in pages (`signin/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `signin/mod.rs`
pub mod login {
    pub const YOU_HAVE_LOGGED_OFF_THANK: &str = "You have logged off. Thank you for using CARS e-Services.";
    pub const YOU_MUST_HAVE_AN_ACCOUNT: &str = "You must have an account with the state of Michigan MILogin system. Select ";
    pub const SIGN_UP: &str = "SIGN UP";
    pub const IF_YOU: &str = " if you ";
    pub const DO_NOT_HAVE: &str = "DO NOT HAVE";
    pub const A_MILOGIN_FOR_THIRD_PARTY: &str = " a MILogin for Third Party account.";
    pub const PASSWORD: &str = "Password";
    pub const REMEMBER_THIS_BROWSER_FOR: &str = "Remember this browser for ";
    pub const ONLY_ON_A_COMPUTER_YOU: &str =
        "Only on a computer you do not share: you will not be asked for the second step here.";
    pub const LOG_IN: &str = "LOG IN";
    pub const DONT_HAVE_A_MILOGIN_FOR: &str = "Don't have a MILogin for Third Party account? ";
    pub const TOO_MANY_SIGN_IN_ATTEMPTS: &str =
        "Too many sign-in attempts from your network. Please wait a minute and try again.";
    /// The page's title and heading: "Login as a Mechanic".
    pub fn login_as(account_type: &str) -> String {
        format!("Login as a {account_type}")
    }
}

/// `signin/second_step.rs`
pub mod second_step {
    pub const VERIFY_IT_IS_YOU: &str = "Verify it is you";
    pub const ENTER_YOUR_USER_ID_AND: &str = "enter your User ID and password";
    pub const FIRST: &str = " first.";
    pub const YOUR_PASSWORD_IS_RIGHT: &str =
        "Your password is right. To finish signing in, use one of your verification methods.";
    pub const YOUR_PASSWORD_WAS_RESET: &str =
        "Your password was reset recently, so we ask for a method other than Email PIN where you have one.";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code we sent";
    pub const VERIFY: &str = "VERIFY";
    pub const ENTER_THE_6_DIGIT_CODE_YOUR: &str = "Enter the 6-digit code your authenticator app shows";
    pub const THE_AUTHENTICATOR_APP_CODE: &str = " the authenticator app code";
    pub const ENTER_ONE_OF_YOUR_BACKUP: &str = "Enter one of your backup codes";
    pub const THE_BACKUP_CODE: &str = " the backup code";
    pub const CANCEL_AND_START_AGAIN: &str = "Cancel and start again";
    /// After "VERIFY", for a screen reader.
    pub const THE_EMAIL_CODE: &str = " the email code";
    pub const THE_TEXT_MESSAGE_CODE: &str = " the text message code";
    pub const YOUR_SIGN_IN_TIMED_OUT: &str = "Your sign-in timed out. Please enter your User ID and password again.";
    pub const THAT_METHOD_IS_NOT_AVAILABLE: &str = "That method is not available for this login. Choose another.";
    pub const TOO_MANY_WRONG_CODES_PLEASE: &str = "Too many wrong codes. Please enter your User ID and password again.";
    pub const BACKUP_CODE: &str = "Backup code";
}
