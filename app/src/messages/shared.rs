//! Words several pages share, written once.

pub const REQUIRED: &str = " (required)";
pub const ACCOUNT_NUMBER: &str = "Account Number";
pub const ACCOUNT_TYPE: &str = "Account Type";
pub const CANCEL: &str = "Cancel";
pub const CONTACT_US: &str = "Contact Us";
pub const EMAIL_ADDRESS: &str = "Email Address";
pub const FORGOT_PASSWORD: &str = "Forgot Password";
pub const FORGOT_USER_ID: &str = "Forgot User ID";
pub const LOADING: &str = "Loading…";
pub const MOBILE_NUMBER: &str = "Mobile Number";
pub const NEXT: &str = "NEXT";
pub const PLEASE: &str = "Please ";
pub const SEND_A_NEW_CODE: &str = "Send a new code";
pub const USER_ID: &str = "User ID";
pub const WORK_PHONE_NUMBER: &str = "Work Phone Number";
pub const YOUR_PASSWORD: &str = "Your password";
pub const SIGN_IN: &str = "sign in";
pub const TEXT_MESSAGES_NOT_AVAILABLE: &str = "Text messages are not available at the moment. Choose another method.";

pub const CHOOSE_A_BUTTON: &str = "Choose one of the buttons on this page.";
pub const TOO_MANY_ATTEMPTS: &str = "Too many attempts from your network. Please wait a minute and try again.";
pub const TOO_MANY_REQUESTS: &str = "Too many requests from your network. Please wait a minute and try again.";
pub const PLEASE_SIGN_IN_AGAIN: &str = "Please sign in again.";
pub const CODE_IS_6_DIGITS: &str = "The code is 6 digits, like 123456.";

/// A code was sent (sign-in's second step).
pub fn code_sent_to(destination: &str) -> String {
    format!("We sent a 6-digit code to {destination}.")
}

/// A code was sent and says how long it lasts.
pub fn code_sent_expires(destination: &str, lasts: &str) -> String {
    format!("We sent a 6-digit code to {destination}. It expires in {lasts}.")
}

/// "Send a new code" was chosen.
pub fn new_code_sent_to(destination: &str) -> String {
    format!("We sent a new code to {destination}.")
}

/// The button that sends a code; "new" once one was sent.
pub fn send_code_to(destination: &str, sent: bool) -> String {
    if sent { format!("Send a new code to {destination}") } else { format!("Send a code to {destination}") }
}
