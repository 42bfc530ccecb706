//! Pages anyone may read without signing in.

mod accessibility;
mod contact;
mod faq;
mod home;
mod privacy;
mod terms;

pub use accessibility::AccessibilityPage;
pub use contact::ContactPage;
pub use faq::FaqPage;
pub use home::{LandingPage, MechanicPage, NotFoundPage};
pub use privacy::PrivacyPage;
pub use terms::TermsPage;
