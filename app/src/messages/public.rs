//! The words of the public pages (`public/`):
//! one module per page file, named after it. A view names these; nothing
//! a person reads is written in a view (`server/tests/portal/page_words.rs`).

/// `public/accessibility.rs`
pub mod accessibility {
    pub const ACCESSIBILITY_STATEMENT: &str = "Accessibility statement";
}

/// `public/faq.rs`
pub mod faq {
    pub const FREQUENTLY_ASKED_QUESTIONS: &str = "Frequently asked questions";
}

/// `public/home.rs`
pub mod home {
    pub const HOME: &str = "Home";
    pub const CARS_E_SERVICES_A_NEW: &str = "CARS e-Services — A new era begins";
    pub const MICHIGAN_SECRETARY_OF_STATE: &str = "Michigan Secretary of State – Here to serve you";
    pub const SERVICES: &str = "Services";
    pub const MECHANIC_SERVICES: &str = "Mechanic Services";
    pub const CERTIFIED_MECHANICS_TRAINEES: &str = "Certified mechanics, trainees and mechanic schools: sign in, create your MILogin for Third Party account and link your business account.";
    pub const QUESTIONS_AND_ANSWERS: &str = "Questions and answers";
    pub const AUTHORIZATION_CODES_LETTERS: &str =
        "Authorization codes, letters, User IDs, passwords and locked logins explained.";
    pub const GET_HELP: &str = "Get help";
    pub const PHONE_NUMBERS_HOURS_AND: &str = "Phone numbers, hours and what to have ready when you call the Secretary of State.";
    pub const HOW_IT_WORKS: &str = "How it works";
    pub const SELECT_MECHANIC_SERVICES: &str = "Select Mechanic Services, then Mechanic Login or Mechanic School Login.";
    pub const SIGN_IN_WITH_YOUR_MILOGIN: &str =
        "Sign in with your MILogin for Third Party User ID, or select SIGN UP to create one.";
    pub const REQUEST_AN_ACCOUNT_AUTHORIZATION: &str =
        "Request an account authorization code by email or by letter, then enter it to link your business account.";
    pub const MANAGE_YOUR_LINKED_ACCOUNTS: &str = "Manage your linked accounts from your springboard.";
    pub const MECHANIC_AND_MECHANIC_SCHOOL: &str = "Mechanic and Mechanic School Services";
    pub const USE_THE_HYPERLINK_IN_THE: &str = "Use the hyperlink in the letter or email you received from the Secretary of State's Office, or choose the login for your kind of account.";
    pub const MECHANIC_LOGIN: &str = "Mechanic Login";
    pub const MECHANIC_SCHOOL_LOGIN: &str = "Mechanic School Login";
    pub const MECHANICS_AND_TRAINEES: &str = "Mechanics and trainees choose Mechanic Login. Schools choose Mechanic School Login; each clerk at a school has a login of their own. ";
    pub const QUESTIONS_READ_THE_FAQS: &str = "Questions? Read the FAQs.";
    pub const PAGE_NOT_FOUND: &str = "Page not found";
    pub const WE_COULD_NOT_FIND_THAT: &str = "We could not find that page. It may have moved, or the address may be mistyped.";
    pub const GO_TO_THE_CARS_E: &str = "Go to the CARS e-Services home page";
}

/// `public/privacy.rs`
pub mod privacy {
    pub const PRIVACY_NOTICE: &str = "Privacy notice";
}

/// `public/terms.rs`
pub mod terms {
    pub const TERMS_CONDITIONS: &str = "Terms & Conditions";
}
