//! What the rules (`rules/`) say about what was typed: one module per rule
//! file, named after it. The rule decides; these are its words.

/// `rules/account_type.rs`
pub mod account_type {
    pub const MECHANIC: &str = "Mechanic";
    pub const MECHANIC_SCHOOL: &str = "Mechanic School";
}

/// `rules/business.rs`
pub mod business {
    pub const CERTIFIED: &str = "Certified";
    pub const TRAINEE: &str = "Trainee";
    pub const ACTIVE: &str = "Active";
    pub const INACTIVE: &str = "Inactive";
}

/// `rules/email.rs`
pub mod email {
    pub const ENTER_YOUR_EMAIL_ADDRESS: &str = "Enter your email address.";
    pub const EMAIL_ADDRESS_MUST_BE_254: &str = "Email address must be 254 characters or fewer.";
    pub const ENTER_AN_EMAIL_ADDRESS: &str = "Enter an email address in the correct format, like name@example.com.";
    pub const CONFIRM_YOUR_EMAIL_ADDRESS: &str = "Confirm your email address.";
    pub const THE_EMAIL_ADDRESSES_DO: &str = "The email addresses do not match.";
}

/// `rules/method.rs`
pub mod method {
    pub const EMAIL_PIN: &str = "Email PIN";
    pub const TEXT_MESSAGE: &str = "Text message";
    pub const AUTHENTICATOR_APP: &str = "Authenticator app";
    pub const BACKUP_CODES: &str = "Backup codes";
}

/// `rules/names.rs`
pub mod names {
    pub const FIRST_NAME: &str = "First name";
    pub const LAST_NAME: &str = "Last name";
    pub const ENTER_YOUR_FIRST_NAME: &str = "Enter your first name.";
    pub const ENTER_YOUR_LAST_NAME: &str = "Enter your last name.";
    pub const FIRST_NAME_CAN_ONLY_CONTAIN: &str =
        "First name can only contain letters, spaces, hyphens, apostrophes and periods.";
    pub const LAST_NAME_CAN_ONLY_CONTAIN: &str = "Last name can only contain letters, spaces, hyphens, apostrophes and periods.";
    pub const FIRST_NAME_MUST_CONTAIN: &str = "First name must contain at least one letter.";
    pub const LAST_NAME_MUST_CONTAIN: &str = "Last name must contain at least one letter.";
    pub const FIRST_NAME_MUST_BE_50: &str = "First name must be 50 characters or fewer.";
    pub const LAST_NAME_MUST_BE_50: &str = "Last name must be 50 characters or fewer.";
    pub const MIDDLE_INITIAL_MUST_BE: &str = "Middle initial must be a single letter.";
    pub const CHOOSE_A_SUFFIX_FROM_THE: &str = "Choose a suffix from the list: Jr, Sr, II, III, IV or V.";
}

/// `rules/password.rs`
pub mod password {
    pub const MUST_BE_AT_LEAST_8: &str = "Must be at least 8 characters in length";
    pub const MUST_INCLUDE_CHARACTERS: &str = "Must include characters from 3 of the following categories";
    pub const SHOULD_NOT_BE_ONE_OF: &str = "Should not be one of the last 3 used passwords";
    pub const SHOULD_NOT_BE_BASED_ON: &str = "Should not be based on your User ID";
    pub const AT_MOST_128_CHARACTERS: &str = "At most 128 characters";
    pub const NOT_A_COMMONLY_USED_PASSWORD: &str = "Not a commonly used password";
    pub const YOUR_PASSWORD_MUST_BE_AT: &str = "Your password must be at least 8 characters in length.";
    pub const YOUR_PASSWORD_MUST_INCLUDE: &str = "Your password must include characters from 3 of these categories: upper case letters (A–Z), lower case letters (a–z), numbers (0–9) and special characters (! $ # , % @ ~ ^ & * _ - + = > <).";
    pub const YOUR_PASSWORD_CANNOT_BE: &str = "Your password cannot be one of the last 3 passwords used on this login.";
    pub const YOUR_PASSWORD_CANNOT_CONTAIN: &str = "Your password cannot contain your User ID or your first or last name.";
    pub const YOUR_PASSWORD_MUST_BE_128: &str = "Your password must be 128 characters or fewer.";
    pub const THAT_PASSWORD_IS_TOO_COMMONLY: &str = "That password is too commonly used and easy to guess. Choose another.";
}

/// `rules/phone.rs`
pub mod phone {
    pub const ENTER_A_PHONE_NUMBER_LIKE: &str = "Enter a phone number, like (517) 555-0123.";
    pub const ENTER_A_10_DIGIT_U: &str = "Enter a 10-digit U.S. phone number, like (517) 555-0123.";
    pub const CHECK_THE_AREA_CODE_IT: &str =
        "Check the area code: it is 3 digits, starts with 2 to 9, and is not a service code like 411 or 911.";
    pub const CHECK_THE_PHONE_NUMBER: &str = "Check the phone number: the 3 digits after the area code start with 2 to 9.";
    pub const A_MOBILE_NUMBER_CANNOT: &str = "A mobile number cannot have an extension.";
    pub const AN_EXTENSION_HAS_1_TO: &str = "An extension has 1 to 6 digits, like ext. 123.";
    pub const EXT: &str = " ext. ";
}

/// `rules/user_id.rs`
pub mod user_id {
    pub const ENTER_A_USER_ID: &str = "Enter a User ID.";
    pub const USER_ID_CANNOT_CONTAIN: &str = "User ID cannot contain space.";
    pub const A_USER_ID_HAS_ONLY: &str = "A User ID has only letters (A–Z) and numbers (0–9).";
    pub const A_USER_ID_HAS_AT: &str = "A User ID has at least 6 letters and numbers.";
    pub const A_USER_ID_HAS_AT_MOST_30: &str = "A User ID has at most 30 letters and numbers.";
}
