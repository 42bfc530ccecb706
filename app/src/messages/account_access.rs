//! The words of Account Access, the springboard and their wizards (`account_access/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `account_access/add_access.rs`
pub mod add_access {
    use crate::messages::{count, minutes};
    use crate::rules::limits::{TRY_WINDOW_SECONDS, WRONG_IN_A_ROW_BEFORE_VOID, WRONG_TRIES_PER_WINDOW};

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
    pub const ENTER_YOUR_AUTHORIZATION: &str = "Enter your authorization code.";
    pub const AN_AUTHORIZATION_CODE_HAS: &str = "An authorization code has 10 letters and numbers, like ABCDE-12345.";
    pub const CONFIRM_THE_ACCOUNT_ON: &str = "Confirm the account on Account Info first.";
    pub const STEP_ACCOUNT_INFO: &str = "Account Info";
    pub const EMAIL: &str = "Email";
    pub const STEP_SUMMARY: &str = "Summary";
    pub const IF_THIS_IS_YOUR_ACCOUNT: &str = concat!(
        "If this is your account, select \"Next.\" If it is not, select \"Cancel\" and call ",
        crate::help_desk_phone!(),
        "."
    );

    /// The summary's action.
    pub const ADDING_ACCOUNT_ACCESS: &str = "Adding Account Access";
    /// The guide's words for the Terms & Conditions box.
    pub const TERMS_REQUIRED: &str =
        "Make sure to agree to the \"Terms & Conditions\" by selecting the check box or you won't be able to continue.";
    pub const EXPIRED: &str = "This authorization code has expired. Request a new one.";
    pub const SPENT: &str = "This authorization code was already used, or it was voided when another code was used or after too many wrong tries. Request a new one if you need access.";
    pub const INACTIVE: &str =
        concat!("This account is inactive, so it can't be linked to your login. Please call ", crate::help_desk_phone!(), ".");
    pub const NO_LONGER_VALID: &str =
        "This authorization code is no longer valid: it expired, was used, or was voided. Request a new one.";
    pub const PAGE_CHANGED: &str = "The account on this page is not the one your authorization code belongs to any more. Check the account shown and try again.";
    pub const START_AGAIN: &str = "Enter your authorization code first.";

    /// From how many wrong codes before every code is void the wrong-code
    /// message warns of it: earlier, the rule only alarms a person who mistyped.
    pub const VOID_WARNING_FROM: i64 = 5;

    /// Tries left before the wait, said plainly; the void rule only when it is near.
    pub fn wrong_code_message(tries_left: i64, before_void: i64) -> String {
        let mut message = format!(
            "That authorization code is not right. Check it and try again: {} before a wait of up to {}.",
            count(tries_left, "more try", "more tries"),
            minutes(TRY_WINDOW_SECONDS),
        );
        if before_void <= VOID_WARNING_FROM {
            message.push_str(&format!(
                " After {}, every code you have been sent stops working and you will need to request a new one.",
                count(before_void, "more wrong code", "more wrong codes"),
            ));
        }
        message
    }

    /// The wait is within minutes, so the time of day says it (Michigan time).
    pub fn waiting_message(until: String) -> String {
        format!(
            "You have entered {WRONG_TRIES_PER_WINDOW} wrong authorization codes within {}. Please wait until {until} and try again.",
            minutes(TRY_WINDOW_SECONDS),
        )
    }

    pub fn all_voided() -> String {
        format!(
            "That authorization code is not right. After {WRONG_IN_A_ROW_BEFORE_VOID} wrong tries every outstanding code of your login is void: request a new one."
        )
    }

    /// The wizard's name.
    pub const ADD_ACCOUNT_ACCESS: &str = "Add Account Access";
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
    use crate::clock::Moment;

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

    /// One sentence for a code on its way: where it is, until when it works,
    /// what to do.
    pub fn on_the_way(
        number: &str,
        by_letter: bool,
        requested_at: &Moment,
        mailed_at: Option<&Moment>,
        expires_at: Option<&Moment>,
    ) -> String {
        let until = expires_at.map(|e| format!("; it works until {e}")).unwrap_or_default();
        match (by_letter, mailed_at) {
            (true, None) => format!(
                "A letter with the authorization code for {number} is being prepared (requested {requested_at}). \
                 When it arrives, choose Add Account Access and enter the code."
            ),
            (true, Some(mailed)) => format!(
                "The authorization code for {number} was mailed by letter on {mailed}{until}. \
                 When it arrives, choose Add Account Access and enter the code."
            ),
            (false, _) => format!(
                "The authorization code for {number} was emailed on {requested_at}{until}. Choose Add Account Access and enter it."
            ),
        }
    }
}

/// `account_access/request_code.rs`
pub mod request_code {
    use crate::clock::Moment;
    use crate::messages::{days, hours};
    use crate::rules::limits::{
        EMAIL_CODE_TTL_SECONDS, EMAIL_WINDOW_SECONDS, EMAILS_PER_WINDOW, LETTER_GAP_SECONDS, LETTER_WINDOW_SECONDS,
        LETTERS_PER_WINDOW, LOOKUPS_PER_DAY,
    };

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
    pub const REQUEST_ACCOUNT_ACCESS_CONFIRMATION: &str = "Request Account Access: Confirmation";
    pub const SUBMITTED: &str = "Submitted";
    pub const TO_CONTINUE_YOU_MUST_HAVE_YOUR: &str =
        "To continue, you must have your authorization code. Sign in and choose \"Add Account Access.\"";
    pub const TO_PRINT_USE_YOUR_BROWSERS: &str = "To print, use your browser's Print command (Ctrl+P, or ⌘P on a Mac).";
    pub const PRINT: &str = "Print";
    pub const BACK: &str = "Back";
    pub const TO_SEE_YOUR_CONFIRMATION: &str = " to see your confirmation.";
    /// "Please sign in to …" without a session.
    pub const SIGN_IN_TO: &str = "request an authorization code";
    pub const THE_ACCOUNT_AUTHORIZATION_MAILED: &str =
        "The account authorization code necessary for granting you online access will be mailed to your address on file.";
    pub const SELECT_THE_ACCOUNT_TYPE: &str = "Select the account type: Mechanic or Mechanic School.";
    pub const NUMBER_MISSING: &str = "Enter the account number.";
    pub const ENTER_THE_ACCOUNT_NUMBER_AS_ONE: &str = "Enter the account number as one letter and 6 digits, like Z123456.";
    pub const SELECT_YES_OR_NO: &str = "Select Yes or No.";
    pub const WE_COULD_NOT_SEND_THE: &str = "We could not send the email just now, so nothing was requested. Please try again, or choose to receive the code by mail.";
    pub const STEP_ACCOUNT_TYPE: &str = "Account Type";
    pub const ACCOUNT_INFO: &str = "Account Info";
    pub const ACCOUNT_DETAILS: &str = "Account Details";
    pub const SUMMARY: &str = "Summary";
    pub const CONFIRMATION: &str = "Confirmation";
    pub const THERE_IS_NO_SUBMISSION: &str = "There is no submission to show";
    pub const REQUEST_AN_AUTHORIZATION: &str = "Request an authorization code first.";
    pub const REQUEST_CODE: &str = "Request Code";
    pub fn emailed_at_once_valid_for(valid_for: String) -> String {
        format!("The code is emailed at once and is valid for {valid_for}.")
    }

    /// The summary's action.
    pub const REQUESTING_A_CODE: &str = "Requesting an Account Authorization Code";
    /// The one answer for unknown, inactive and other-type numbers: it never
    /// says whose a number is, or that it exists.
    pub const NOT_FOUND: &str = "We could not find an account with that number and type";
    pub const NOT_FOUND_START_AGAIN: &str = "We could not find an account with that number and type. Start the request again.";
    pub const NOT_FOUND_ENTER_AGAIN: &str =
        "We could not find an account with that number and type. Enter the account number again.";

    pub fn lookups_hint(left: i64, resets_at: &Moment) -> String {
        format!(
            "You can look up {LOOKUPS_PER_DAY} different account numbers a day: {left} left today. The count starts again at {resets_at}.",
        )
    }

    pub fn lookup_limit_message(resets_at: &Moment) -> String {
        format!(
            "You have looked up {LOOKUPS_PER_DAY} different account numbers today, the most allowed in one day. You can look up another after {resets_at}.",
        )
    }

    pub fn email_limit_text(left: i64, next_at: Option<&Moment>) -> String {
        let mut text = format!("By email: {left} of {EMAILS_PER_WINDOW} codes left in any {}.", hours(EMAIL_WINDOW_SECONDS));
        if let Some(next) = next_at {
            text.push_str(&format!(" The next code by email can be requested after {next}."));
        }
        text
    }

    pub fn letter_limit_text(left: i64, next_at: Option<&Moment>) -> String {
        let mut text = format!(
            "By mail: {left} of {LETTERS_PER_WINDOW} letters left in any {}, at least {} apart.",
            days(LETTER_WINDOW_SECONDS),
            hours(LETTER_GAP_SECONDS)
        );
        if let Some(next) = next_at {
            text.push_str(&format!(" The next letter can be requested after {next}."));
        }
        text
    }

    /// Why a request by this channel cannot be made now, and when it can.
    pub fn refusal_message(by_email: bool, left: i64, when: &Moment) -> String {
        if by_email {
            format!(
                "You have requested {EMAILS_PER_WINDOW} codes by email for this account in the last {}, the most allowed. You can request another by email after {when}.",
                hours(EMAIL_WINDOW_SECONDS)
            )
        } else if left == 0 {
            format!(
                "You have requested {LETTERS_PER_WINDOW} letters for this account in the last {}, the most allowed. You can request another letter after {when}.",
                days(LETTER_WINDOW_SECONDS)
            )
        } else {
            format!(
                "A letter for this account was requested less than {} ago. You can request another letter after {when} ({left} of {LETTERS_PER_WINDOW} left in {}).",
                hours(LETTER_GAP_SECONDS),
                days(LETTER_WINDOW_SECONDS)
            )
        }
    }

    /// What the summary says will happen on Submit.
    pub fn notice_text(by_email: bool, masked_email: Option<&str>) -> String {
        match (by_email, masked_email) {
            (true, Some(email)) => format!(
                "The account authorization code necessary for granting you online access will be emailed to {email} as soon as you submit. It is valid for {}.",
                hours(EMAIL_CODE_TTL_SECONDS)
            ),
            _ => THE_ACCOUNT_AUTHORIZATION_MAILED.into(),
        }
    }
    pub const EARLIER_STEP: &str = "Finish the earlier steps of the request first.";

    pub fn emailed_valid_for(email: &str, valid_for: &str) -> String {
        format!("We emailed your authorization code to {email}. It is valid for {valid_for}.")
    }

    pub fn mailed_valid_for(valid_for: &str) -> String {
        format!(
            "The token will be mailed to the address on record. Its code is valid for {valid_for} from the day the letter is printed."
        )
    }

    /// The wizard's name.
    pub const REQUEST_ACCOUNT_ACCESS: &str = "Request Account Access";
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
    pub const AUTHORIZATION_CODE_REQUESTED: &str = "Authorization code requested by email";
    pub const AUTHORIZATION_CODE_REQUESTED_BY_MAIL: &str = "Authorization code requested by mail";
    pub const AUTHORIZATION_CODE_LETTER: &str = "Authorization code letter sent";
    pub const ACCOUNT_ACCESS_REMOVED: &str = "Account access removed by the Secretary of State";
    pub const AUTHORIZATION_CODES_VOIDED: &str = "Authorization codes voided by the Secretary of State";

    pub fn remove_your_access_to(account_number: &AccountNumber) -> String {
        format!("Remove your access to {account_number}?")
    }

    /// After "Remove access", for a screen reader.
    pub fn to_account(account_number: &AccountNumber) -> String {
        format!(" to {account_number}")
    }
    /// The guide's words.
    pub const WELCOME: &str = "Congratulations, you have reached your CARS e-Services business account \"springboard.\" This is where you will view and manage your business accounts associated with the Secretary of State's Office. Always remember to log off when you are finished.";
    pub const NOT_YOURS: &str = "That account is not on your springboard, so nothing was changed.";
}
