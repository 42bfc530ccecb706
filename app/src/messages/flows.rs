//! What the journeys (`flows/`) answer: one module per flow file, named
//! after it. The flow decides; these are its words.

/// `flows/close_login.rs`
pub mod close_login {
    pub const TICK_THE_BOX_TO_CONFIRM: &str = "Tick the box to confirm that you want to close your login.";

    /// The activity's detail of a closed login.
    pub fn closed_detail(user_id: &crate::rules::user_id::UserId) -> String {
        format!("User ID {user_id}")
    }
}

/// `flows/email_change.rs`
pub mod email_change {
    pub const THAT_IS_ALREADY_YOUR_EMAIL: &str = "That is already your email address. Enter the new one.";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code from the email.";
}

/// `flows/method_setup.rs`
pub mod method_setup {
    pub const SELECT_SEND_A_CODE_FIRST: &str = "Select Send a code first.";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code from the text message.";
    pub const SELECT_SET_UP_AN_AUTHENTICATOR: &str = "Select Set up an authenticator app first.";
    pub const SELECT_CREATE_BACKUP_CODES: &str = "Select Create backup codes first.";
}

/// `flows/new_password.rs`
pub mod new_password {
    pub const ENTER_A_NEW_PASSWORD: &str = "Enter a new password.";
    pub const ENTER_A_PASSWORD: &str = "Enter a password.";
    pub const CONFIRM_YOUR_NEW_PASSWORD: &str = "Confirm your new password.";
    pub const CONFIRM_YOUR_PASSWORD: &str = "Confirm your password.";
    pub const THE_PASSWORDS_DO_NOT_MATCH: &str = "The passwords do not match.";
}

/// `flows/password_again.rs`
pub mod password_again {
    pub const ENTER_YOUR_PASSWORD: &str = "Enter your password.";
    pub const THAT_IS_NOT_YOUR_PASSWORD: &str = "That is not your password.";

    pub fn locked_for(minutes: i64) -> String {
        format!(
            "Too many wrong passwords: your login is locked. Try again in {}, or use Forgot Password.",
            crate::messages::count(minutes, "minute", "minutes")
        )
    }
}

/// `flows/password_change.rs`
pub mod password_change {
    pub const ENTER_YOUR_CURRENT_PASSWORD: &str = "Enter your current password.";
    pub const THAT_IS_NOT_YOUR_CURRENT: &str = "That is not your current password.";
}

/// `flows/password_reset.rs`
pub mod password_reset {
    pub const ENTER_YOUR_USER_ID: &str = "Enter your User ID.";
    pub const NO_CODE_SENT_CODE_LIMIT: &str = "no code sent: code limit";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code we sent.";
}

/// `flows/second_step.rs`
pub mod second_step {
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code we sent.";
    pub const A_CODE_HAS_6_DIGITS: &str = "A code has 6 digits, like 123456.";
    pub const ENTER_THE_6_DIGIT_CODE_YOUR: &str = "Enter the 6-digit code your app shows now.";
    pub const ENTER_ONE_OF_YOUR_BACKUP: &str = "Enter one of your backup codes.";
    pub const A_BACKUP_CODE_HAS_12: &str = "A backup code has 12 letters and numbers, like abcd-efgh-jkmn.";
    pub const THAT_CODE_IS_NOT_RIGHT: &str = "That code is not right. Check it, or select Send a new code.";
    pub const THAT_CODE_IS_NOT_RIGHT_OR: &str = "That code is not right, or was already used. Type the code your app shows now.";
    pub const THAT_IS_NOT_ONE_OF: &str = "That is not one of your unused backup codes.";

    /// What a person is told while the second step waits.
    pub fn closed_for(minutes: i64) -> String {
        format!(
            "Too many wrong codes were entered for this login, so for your security the second step is closed for {}. \
             Please try again after that, or call the help desk at {}.",
            crate::messages::count(minutes, "more minute", "more minutes"),
            crate::messages::HELP_DESK_PHONE
        )
    }
}

/// `flows/sign_in.rs`
pub mod sign_in {
    pub const ENTER_YOUR_USER_ID: &str = "Enter your User ID.";
    pub const ENTER_YOUR_PASSWORD: &str = "Enter your password.";
}

/// `flows/sign_up/mod.rs`
pub mod sign_up {
    use crate::rules::user_id::UserId;

    pub const ANSWER_THE_VERIFICATION: &str = "Answer the verification question.";
    pub const THAT_ANSWER_IS_NOT_RIGHT: &str = "That answer is not right. Answer the new question.";
    pub const YOU_MUST_AGREE_TO_THE: &str = "You must agree to the terms & conditions to create an account.";
    pub const ENTER_YOUR_PROFILE_INFORMATION: &str = "Enter your profile information first.";
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code from the email.";
    pub const FINISH_STEP_1_FIRST_YOUR: &str = "Finish step 1 first: your profile and the code we emailed.";
    pub const THAT_USER_ID_IS_ALREADY: &str = "That User ID is already taken. Choose another.";
    pub const FINISH_THE_EARLIER_STEPS: &str = "Finish the earlier steps first.";

    pub fn question_expired(after: &str) -> String {
        format!("The verification question expired after {after}. Answer the new question.")
    }

    pub fn taken_these_are_free(free: &[UserId]) -> String {
        format!(
            "That User ID is already taken. These are free: {}.",
            free.iter().map(UserId::as_str).collect::<Vec<_>>().join(", ")
        )
    }
}

/// `flows/add_access.rs`
pub mod add_access {
    use crate::rules::business::AccountNumber;

    /// The springboard's notice when the account was linked already.
    pub fn already_linked(kind: &str, number: &AccountNumber) -> String {
        format!("The {kind} account {number} is already on your springboard, so nothing was added.")
    }

    /// The activity's detail of a link.
    pub fn linked_detail(number: &AccountNumber, confirmation: &str) -> String {
        format!("{number}, confirmation number {confirmation}")
    }

    /// The springboard's notice of a new link.
    pub fn linked(kind: &str, number: &AccountNumber, name: &str, confirmation: &str) -> String {
        format!(
            "Account access was added: the {kind} account {number} ({name}) is on your springboard. \
             Your submission has been submitted and your confirmation number is {confirmation}."
        )
    }
}

/// `flows/remove_access.rs`
pub mod remove_access {
    use crate::rules::business::AccountNumber;

    /// The springboard's notice of a removed link.
    pub fn removed(kind: &str, number: &AccountNumber, name: &str) -> String {
        format!("Access to the {kind} account {number} ({name}) was removed from your login.")
    }
}

/// `flows/sign_up/verification.rs`: the questions that show a person is signing up.
pub mod verification {
    pub const CONTAINS: &str = "contains";
    pub const STARTS_WITH: &str = "starts with";
    pub const ENDS_WITH: &str = "ends with";

    pub fn which_word_has_letter(list: &str, verb: &str, letter: char) -> String {
        format!("Which word from list \"{list}\" {verb} the letter \"{letter}\"?")
    }

    pub fn which_word_is_longest(list: &str) -> String {
        format!("Which word from list \"{list}\" is the longest?")
    }

    pub fn which_word_comes_first(list: &str) -> String {
        format!("Which word from list \"{list}\" comes first in alphabetical order?")
    }

    /// "What is the second word …": `n` counts from 0, up to the fourth.
    pub fn nth_word(list: &str, n: usize) -> String {
        let ordinal = ["first", "second", "third", "fourth"].get(n).copied().unwrap_or("last");
        format!("What is the {ordinal} word in the list \"{list}\"?")
    }
}
