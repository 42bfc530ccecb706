//! The words of Account Access, the springboard and their wizards (`account_access/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `account_access/add_access.rs`
pub mod add_access {
    pub const REQUEST_A_NEW_AUTHORIZATION: &str = "Request a new authorization code";
    pub const ENTER_YOUR_ACCOUNT_AUTHORIZATION: &str = "Enter Your Account Authorization Code to Gain Account Access";
    pub const AUTHORIZATION_CODE: &str = "Authorization Code";
    pub const THE_10_LETTERS_AND_NUMBERS: &str = "The 10 letters and numbers from your email or letter, like ABCDE-12345. Capital or small letters, with or without the dash.";
    pub const NO_CODE_YET: &str = "No code yet? ";
    pub const REQUEST_AN_ACCOUNT_AUTHORIZATION: &str = "Request an Account Authorization Code";
    pub const YOUR_AUTHORIZATION_CODE: &str =
        "Your authorization code belongs to this account. Check that it is the one you want to manage.";
    pub const ACCOUNT_INFO: &str = "ACCOUNT INFO";
    pub const NAME: &str = "Name";
    pub const NEXT: &str = "Next";
    pub const BACK: &str = "Back";
    pub const WHERE_SHOULD_WE_SEND_NOTICES: &str = "Where should we send notices about this account access?";
    pub const E_MAIL_ADDRESS: &str = "E-Mail Address";
    pub const WE_EMAIL_THIS_ADDRESS_WHEN: &str = "We email this address when access to this account is added to or removed from your login, or when another login gains or loses access to it. Your profile email is filled in.";
    pub const SUMMARY: &str = "SUMMARY";
    pub const USERNAME: &str = "Username";
    pub const ACTION: &str = "Action";
    pub const CHANGE_THE_E_MAIL_ADDRESS: &str = "Change the e-mail address";
    pub const IF_ALL_OF_THE_INFORMATION: &str = "If all of the information is correct, select \"Submit.\"";
    pub const SUBMIT: &str = "Submit";
    /// "Please sign in to …" without a session.
    pub const SIGN_IN_TO: &str = "add account access";
    pub const IF_THIS_IS_YOUR_ACCOUNT: &str = concat!(
        "If this is your account, select \"Next.\" If it is not, select \"Cancel\" and call ",
        crate::help_desk_phone!(),
        "."
    );
}

/// `account_access/common.rs`
pub mod common {
    pub const BREADCRUMB: &str = "Breadcrumb";
    pub const ACCOUNT_ACCESS_OPTIONS: &str = "Account Access Options";
    pub const TO: &str = " to ";
    pub const NEXT: &str = "Next";
}

/// `account_access/mod.rs`
pub mod page {
    pub const ACCOUNT_ACCESS_OPTIONS: &str = "Account Access Options";
    pub const GO_TO_YOUR_ACCOUNTS: &str = "Go to your accounts";
    pub const AUTHORIZATION_CODES_ON: &str = "Authorization codes on their way";
    pub const ACCESS_REQUESTS: &str = "Access Requests";
    pub const REQUEST_CODE: &str = "Request Code";
    pub const REQUEST_AN_ACCOUNT_AUTHORIZATION: &str = "Request an Account Authorization Code";
    pub const ADD_ACCOUNT_ACCESS: &str = "Add Account Access";
    pub const ENTER_YOUR_ACCOUNT_AUTHORIZATION: &str = "Enter Your Account Authorization Code to Gain Account Access";
    pub const SELECT_REQUEST_CODE_IF: &str = "Select \"Request Code\" if you do not have an authorization code. The authorization code allows you to access your CARS e-Services account.";
    pub const IF_YOU_ALREADY_HAVE_YOUR: &str = "If you already have your authorization code, select \"Add Account Access\".";
    /// "Please sign in to …" without a session.
    pub const SIGN_IN_TO: &str = "see your account access options";

    pub fn you_have_access_to(linked: usize) -> String {
        let linked = i64::try_from(linked).unwrap_or(i64::MAX);
        format!("You have access to {}. ", crate::messages::count(linked, "account", "accounts"))
    }
}

/// `account_access/request_code.rs`
pub mod request_code {
    pub const SELECT_THE_TYPE_OF_ACCOUNT: &str = "Select the type of account you want online access to.";
    pub const ENTER_THE_ACCOUNT_NUMBER: &str = "Enter the account number of your ";
    pub const ACCOUNT: &str = " account.";
    pub const ACCOUNT_TYPE: &str = "Account Type: ";
    pub const CHANGE: &str = "Change";
    pub const THE_ACCOUNT_TYPE: &str = " the account type";
    pub const ONE_LETTER_AND_6_DIGITS: &str = "One letter and 6 digits, like Z123456, as on your Secretary of State records.";
    pub const REQUESTS_LEFT_FOR_THIS: &str = "Requests left for this account";
    pub const INDICATE_IF_YOU_WOULD_LIKE: &str =
        "Indicate if you would like to receive your authorization code by email or mail.";
    pub const ACCOUNT_NUMBER: &str = "Account Number: ";
    pub const THE_ACCOUNT_NUMBER: &str = " the account number";
    pub const EMAIL_OPTION: &str = "Email Option";
    pub const THE_EMAIL_ADDRESS_ON_RECORD: &str = "The email address on record is ";
    pub const WOULD_YOU_LIKE_TO_RECEIVE: &str = "Would you like to receive your authorization code by email?";
    pub const YES: &str = "Yes";
    pub const NO: &str = "No";
    pub const THE_TOKEN_WILL_BE_MAILED: &str = "The token will be mailed to the address on record";
    pub const MAILING_DETAILS: &str = "Mailing Details";
    pub const USERNAME: &str = "Username";
    pub const ACTION: &str = "Action";
    pub const NOTICE: &str = "Notice";
    pub const CHANGE_HOW_THE_CODE_IS: &str = "Change how the code is sent";
    pub const SELECT_SUBMIT: &str = "Select \"Submit.\"";
    pub const SUBMIT: &str = "Submit";
    pub const YOUR_SUBMISSION_HAS_BEEN: &str = "Your submission has been submitted and your confirmation number is ";
    pub const TO_CONTINUE_YOU_MUST_HAVE: &str = "To continue, you must have your authorization code. Choose \"";
    pub const ADD_ACCOUNT_ACCESS: &str = "Add Account Access";
    pub const PRINTABLE_VIEW: &str = "Printable View";
    pub const OK: &str = "OK";
    pub const PRINTABLE_VIEW_REQUEST: &str = "Printable View – Request Account Access";
    pub const MICHIGAN_DEPARTMENT_OF: &str = "Michigan Department of State · CARS e-Services";
    pub const REQUEST_ACCOUNT_ACCESS: &str = "Request Account Access: Confirmation";
    pub const SUBMITTED: &str = "Submitted";
    pub const TO_CONTINUE_YOU_MUST_HAVE_YOUR: &str =
        "To continue, you must have your authorization code. Sign in and choose \"Add Account Access.\"";
    pub const TO_PRINT_USE_YOUR_BROWSERS: &str = "To print, use your browser's Print command (Ctrl+P, or ⌘P on a Mac).";
    pub const PRINT: &str = "Print";
    pub const BACK: &str = "Back";
    pub const TO_SEE_YOUR_CONFIRMATION: &str = " to see your confirmation.";
    /// "Please sign in to …" without a session.
    pub const SIGN_IN_TO: &str = "request an authorization code";
    pub fn emailed_at_once_valid_for(valid_for: String) -> String {
        format!("The code is emailed at once and is valid for {valid_for}.")
    }
}

/// `account_access/springboard.rs`
pub mod springboard {
    use crate::rules::business::AccountNumber;

    pub const SPRINGBOARD: &str = "Springboard";
    pub const TO_SEE_YOUR_SPRINGBOARD: &str = " to see your springboard.";
    pub const YOU_HAVE_NO_BUSINESS_ACCOUNTS: &str =
        "You have no business accounts on your springboard. Add one from Account Access Options.";
    pub const RECENT_ACTIVITY: &str = "Recent activity";
    pub const NO_ACCOUNT_ACCESS_ACTIVITY: &str = "No account access activity yet.";
    pub const YOUR_RECENT_ACCOUNT_ACCESS: &str = "Your recent account access events, newest first";
    pub const WHEN: &str = "When";
    pub const WHAT: &str = "What";
    pub const DETAILS: &str = "Details";
    pub const CERTIFICATION_CATEGORIES: &str = "Certification categories";
    pub const CATEGORY: &str = "Category";
    pub const STATUS: &str = "Status";
    pub const EXPIRES: &str = "Expires";
    pub const NO_CERTIFICATION_CATEGORIES: &str = "No certification categories on record.";
    pub const PROGRAMS: &str = "Programs";
    pub const NO_PROGRAMS_ON_RECORD: &str = "No programs on record.";
    pub const MAILING_ADDRESS: &str = "Mailing Address";
    pub const NOTICES_GO_TO: &str = "Notices go to";
    pub const ACCESS_ADDED: &str = "Access added";
    pub const YOUR_LOGIN_WILL_NO_LONGER: &str = "Your login will no longer see or manage this account. The account itself does not change, and other logins with access keep it. To get access again you will need a new authorization code.";
    pub const YES_REMOVE_ACCESS: &str = "Yes, remove access";
    pub const NO_KEEP_ACCESS: &str = "No, keep access";
    pub const REMOVE_ACCESS: &str = "Remove access";
    pub const ACCOUNT_ACCESS_OPTIONS: &str = "Account Access Options";
    pub const ADD_ANOTHER_ACCOUNT: &str = "Add another account (Account Access Options)";
    pub const NAME: &str = "Name";
    pub const SCHOOL_NAME: &str = "School Name";

    pub fn remove_your_access_to(account_number: &AccountNumber) -> String {
        format!("Remove your access to {account_number}?")
    }

    /// After "Remove access", for a screen reader.
    pub fn to_account(account_number: &AccountNumber) -> String {
        format!(" to {account_number}")
    }
}
