//! The words of the frame around every page and the shared form parts (`app.rs`, `ui/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `app.rs`
pub mod app {
    pub const MICHIGAN_SECRETARY_OF_STATE: &str =
        "Michigan Secretary of State CARS e-Services: mechanic and mechanic school sign-in and account access.";
    pub const WIDTH_DEVICE_WIDTH_INITIAL: &str = "width=device-width, initial-scale=1";
    /// What every page's title ends with.
    pub const TITLE_SUFFIX: &str = " | CARS e-Services | Michigan Secretary of State";
}

/// `ui/backup_codes.rs`
pub mod backup_codes {
    pub const SAVE_THESE_10_CODES_NOW: &str = "Save these 10 codes now: they are shown only once.";
    pub const EACH_ONE_SIGNS_YOU_IN: &str =
        " Each one signs you in once if you cannot use your other methods. Print them or keep them somewhere safe.";
}

/// `ui/form.rs`
pub mod form {
    pub const THERE_IS_A_PROBLEM: &str = "There is a problem";
    pub const I_AGREE_TO_THE: &str = "I agree to the ";
    pub const TERMS_CONDITIONS: &str = "terms & conditions";
    pub const OPENS_IN_A_NEW_TAB: &str = " (opens in a new tab)";
    /// The password box's toggle, followed by the box's label for a screen reader.
    pub const SHOW: &str = "Show";
    pub const HIDE: &str = "Hide";
}

/// `ui/frame.rs`
pub mod frame {
    pub const SKIP_TO_MAIN_CONTENT: &str = "Skip to main content";
    pub const AN_OFFICIAL_WEBSITE_OF: &str = "An official website of the State of Michigan";
    pub const CARS_E_SERVICES: &str = "CARS e-Services";
    pub const MICHIGAN_SECRETARY_OF_STATE: &str = "Michigan Secretary of State";
    pub const SITE: &str = "Site";
    pub const MI_GOV_HOME: &str = "MI.gov Home";
    pub const FAQS: &str = "FAQs";
    pub const SETTINGS: &str = "Settings";
    pub const LOG_OFF: &str = "Log Off";
    pub const FOOTER: &str = "Footer";
    pub const TERMS_CONDITIONS: &str = "Terms & Conditions";
    pub const PRIVACY: &str = "Privacy";
    pub const ACCESSIBILITY: &str = "Accessibility";
    pub const ARE_YOU_STILL_THERE: &str = "Are you still there?";
    pub const STAY_SIGNED_IN: &str = "Stay signed in";
    pub const FOOTER_HELP: &str = concat!(
        "Michigan Secretary of State – Here to serve you. Need help? Call ",
        crate::help_desk_phone!(),
        " (Michigan Relay: 711)."
    );

    /// The header's greeting; the page holds the User ID as it shows it.
    pub fn welcome(user_id: impl std::fmt::Display) -> String {
        format!("Welcome, {user_id}")
    }

    /// The idle warning: `minutes` whole minutes are left.
    pub fn logged_off_in(minutes: i64) -> String {
        format!(
            "For your security you will be logged off in {} unless you choose to stay signed in.",
            crate::messages::count(minutes, "minute", "minutes")
        )
    }
}

/// `ui/method_forms.rs`
pub mod method_forms {
    pub const ENTER_THE_6_DIGIT_CODE: &str = "Enter the 6-digit code from the text message";
    pub const OPEN_AN_AUTHENTICATOR_APP: &str =
        "Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or Authy).";
    pub const SCAN_THIS_QR_CODE_OR: &str = "Scan this QR code, or type the key below into the app.";
    pub const ENTER_THE_6_DIGIT_CODE_THE: &str = "Enter the 6-digit code the app shows.";
    pub const KEY: &str = "Key: ";
    pub const ENTER_THE_6_DIGIT_CODE_FROM: &str = "Enter the 6-digit code from your app";
    pub const SET_UP_AN_AUTHENTICATOR: &str = "Set up an authenticator app";
    pub const TYPE_ONE_OF_YOUR_BACKUP: &str = "Type one of your backup codes to confirm you saved them";
    pub const CREATE_BACKUP_CODES: &str = "Create backup codes";
    pub const CREATE_NEW_BACKUP_CODES: &str = "Create new backup codes";
}

/// `ui/password_guidelines.rs`
pub mod password_guidelines {
    pub const PASSWORD_GUIDELINES: &str = "Password Guidelines:";
    pub const DOES_NOT_APPLY_TO_A: &str = " (does not apply to a new login)";
    pub const UPPER_CASE_LETTERS_A_Z: &str = "Upper case letters (A-Z)";
    pub const LOWER_CASE_LETTERS_A_Z: &str = "Lower case letters (a-z)";
    pub const NUMBERS_0_9: &str = "Numbers (0-9)";
    pub const SPECIAL_CHARACTERS: &str = "Special characters (! $ # , % @ ~ ^ & * _ - + = > <)";
    /// After each guideline, for a screen reader, once something is typed.
    pub const MET: &str = " (met)";
    pub const NOT_MET_YET: &str = " (not met yet)";
}

/// `ui/steps.rs`
pub mod steps {
    pub const THIS_PAGE_COULD_NOT_BE: &str = "This page could not be loaded. Please try again.";
    /// After a finished step's title, for a screen reader.
    pub const DONE: &str = " (done)";
    pub const CURRENT_STEP: &str = " (current step)";
    pub const FINISH_THE_EARLIER_STEP: &str = "Finish the earlier step first";
    pub const THIS_STEP_OPENS_ONCE_THE: &str = "This step opens once the one before it is complete.";
    pub const GO_TO_THE_STEP_YOU: &str = "Go to the step you are on";

    pub fn step_of(current: usize, total: usize) -> String {
        format!("Step {current} of {total}")
    }
}

/// `ui/suffix.rs`
pub mod suffix {
    pub const SUFFIX: &str = "Suffix";
    pub const NONE: &str = "(none)";
}

/// `ui/method_setup.rs`
pub mod method_setup {
    pub const YOUR_BACKUP_CODES_ARE_BELOW: &str = "Your backup codes are below. They are shown only this once.";
}
