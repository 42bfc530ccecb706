//! Every page of the portal, by name: the one place an internal path is
//! written. Links, redirects and the flows' landing places name a
//! [`Route`]; the router in `app.rs` matches the same paths (a test checks
//! that each route here is served).

/// A page of the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    Home,
    Mechanic,
    Login,
    LoginVerify,
    ForgotUserId,
    ForgotPassword,
    ForgotPasswordCode,
    ForgotPasswordNew,
    ForgotPasswordDone,
    SignUp,
    SignUpCheckEmail,
    SignUpSecurity,
    SignUpOptions,
    SignUpReset,
    AccountAccess,
    RequestAccountType,
    RequestAccountInfo,
    RequestAccountDetails,
    RequestSummary,
    RequestConfirmation,
    RequestPrintable,
    AddAccess,
    AddAccessAccount,
    AddAccessEmail,
    AddAccessSummary,
    Springboard,
    Settings,
    Faq,
    Contact,
    Terms,
    Privacy,
    Accessibility,
    DevOutbox,
}

impl Route {
    pub const ALL: [Route; 33] = [
        Self::Home,
        Self::Mechanic,
        Self::Login,
        Self::LoginVerify,
        Self::ForgotUserId,
        Self::ForgotPassword,
        Self::ForgotPasswordCode,
        Self::ForgotPasswordNew,
        Self::ForgotPasswordDone,
        Self::SignUp,
        Self::SignUpCheckEmail,
        Self::SignUpSecurity,
        Self::SignUpOptions,
        Self::SignUpReset,
        Self::AccountAccess,
        Self::RequestAccountType,
        Self::RequestAccountInfo,
        Self::RequestAccountDetails,
        Self::RequestSummary,
        Self::RequestConfirmation,
        Self::RequestPrintable,
        Self::AddAccess,
        Self::AddAccessAccount,
        Self::AddAccessEmail,
        Self::AddAccessSummary,
        Self::Springboard,
        Self::Settings,
        Self::Faq,
        Self::Contact,
        Self::Terms,
        Self::Privacy,
        Self::Accessibility,
        Self::DevOutbox,
    ];

    /// The page's path, as links and redirects write it.
    pub const fn path(self) -> &'static str {
        match self {
            Self::Home => "/",
            Self::Mechanic => "/mechanic",
            Self::Login => "/login",
            Self::LoginVerify => "/login/verify",
            Self::ForgotUserId => "/forgot-user-id",
            Self::ForgotPassword => "/forgot-password",
            Self::ForgotPasswordCode => "/forgot-password/code",
            Self::ForgotPasswordNew => "/forgot-password/new",
            Self::ForgotPasswordDone => "/forgot-password/done",
            Self::SignUp => "/signup",
            Self::SignUpCheckEmail => "/signup/check-email",
            Self::SignUpSecurity => "/signup/security",
            Self::SignUpOptions => "/signup/options",
            Self::SignUpReset => "/signup/reset",
            Self::AccountAccess => "/account-access",
            Self::RequestAccountType => "/account-access/request",
            Self::RequestAccountInfo => "/account-access/request/account-info",
            Self::RequestAccountDetails => "/account-access/request/account-details",
            Self::RequestSummary => "/account-access/request/summary",
            Self::RequestConfirmation => "/account-access/request/confirmation",
            Self::RequestPrintable => "/account-access/request/printable",
            Self::AddAccess => "/account-access/add",
            Self::AddAccessAccount => "/account-access/add/account-info",
            Self::AddAccessEmail => "/account-access/add/email",
            Self::AddAccessSummary => "/account-access/add/summary",
            Self::Springboard => "/springboard",
            Self::Settings => "/settings",
            Self::Faq => "/faq",
            Self::Contact => "/contact",
            Self::Terms => "/terms",
            Self::Privacy => "/privacy",
            Self::Accessibility => "/accessibility",
            Self::DevOutbox => "/dev/outbox",
        }
    }
}

/// The pages of the sign-up wizard, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum WizardStep {
    #[default]
    Profile,
    CheckEmail,
    SecuritySetup,
    SecurityOptions,
}

impl WizardStep {
    pub const fn route(self) -> Route {
        match self {
            Self::Profile => Route::SignUp,
            Self::CheckEmail => Route::SignUpCheckEmail,
            Self::SecuritySetup => Route::SignUpSecurity,
            Self::SecurityOptions => Route::SignUpOptions,
        }
    }

    pub const fn path(self) -> &'static str {
        self.route().path()
    }
}

/// The pages of Settings below the overview ([`Route::Settings`]), in the
/// overview's order: `/settings/{slug}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SettingsSection {
    Profile,
    Email,
    Password,
    Methods,
    Browsers,
    Activity,
    Close,
}

impl SettingsSection {
    pub const ALL: [Self; 7] =
        [Self::Profile, Self::Email, Self::Password, Self::Methods, Self::Browsers, Self::Activity, Self::Close];

    /// The last part of the page's address.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Email => "email",
            Self::Password => "password",
            Self::Methods => "methods",
            Self::Browsers => "browsers",
            Self::Activity => "activity",
            Self::Close => "close",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub const fn path(self) -> &'static str {
        match self {
            Self::Profile => "/settings/profile",
            Self::Email => "/settings/email",
            Self::Password => "/settings/password",
            Self::Methods => "/settings/methods",
            Self::Browsers => "/settings/browsers",
            Self::Activity => "/settings/activity",
            Self::Close => "/settings/close",
        }
    }
}

/// The pages of Request Code, in order (the page gives each its title and
/// flash form; the flow knows which one a draft has reached).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum RequestStep {
    #[default]
    AccountType,
    AccountInfo,
    AccountDetails,
    Summary,
    Confirmation,
}

impl RequestStep {
    pub const ALL: [Self; 5] = [Self::AccountType, Self::AccountInfo, Self::AccountDetails, Self::Summary, Self::Confirmation];

    pub const fn route(self) -> Route {
        match self {
            Self::AccountType => Route::RequestAccountType,
            Self::AccountInfo => Route::RequestAccountInfo,
            Self::AccountDetails => Route::RequestAccountDetails,
            Self::Summary => Route::RequestSummary,
            Self::Confirmation => Route::RequestConfirmation,
        }
    }

    pub const fn path(self) -> &'static str {
        self.route().path()
    }
}

/// The pages of Add Account Access, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum AddStep {
    #[default]
    Code,
    AccountInfo,
    Email,
    Summary,
}

impl AddStep {
    pub const ALL: [Self; 4] = [Self::Code, Self::AccountInfo, Self::Email, Self::Summary];

    pub const fn route(self) -> Route {
        match self {
            Self::Code => Route::AddAccess,
            Self::AccountInfo => Route::AddAccessAccount,
            Self::Email => Route::AddAccessEmail,
            Self::Summary => Route::AddAccessSummary,
        }
    }

    pub const fn path(self) -> &'static str {
        self.route().path()
    }
}

impl Route {
    /// The page's path followed by a query (`"?type=school"`) or a fragment
    /// (`"#email"`).
    pub fn with(self, query_or_fragment: &str) -> String {
        format!("{}{query_or_fragment}", self.path())
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_own_path() {
        let mut seen = std::collections::HashSet::new();
        for path in Route::ALL.map(Route::path).into_iter().chain(SettingsSection::ALL.map(SettingsSection::path)) {
            assert!(path.starts_with('/'), "{path}");
            assert!(seen.insert(path), "{path} is written twice");
        }
        for section in SettingsSection::ALL {
            assert_eq!(section.path(), format!("{}/{}", Route::Settings.path(), section.slug()));
            assert_eq!(SettingsSection::from_slug(section.slug()), Some(section));
        }
    }
}
