//! Create your account: the three-step sign-up wizard (SPEC §2).
//!
//! Step 1 *Profile Information* (`/signup`, then `/signup/check-email` for
//! the code that proves the email), step 2 *Security Setup*
//! (`/signup/security`), step 3 *Security Options* (`/signup/options`).
//! The unfinished registration lives on the server
//! ([`crate::flows::sign_up::registration`]), so every
//! page is rendered from it: Back and refresh lose nothing, and each step's
//! page refuses to show before the steps it needs are done.

mod check_email;
mod profile;
mod security_options;
mod security_setup;
mod wizard;

#[cfg(feature = "ssr")]
mod server;

pub use check_email::CheckEmailPage;
pub use profile::{ProfilePage, ResetPage};
pub use security_options::SecurityOptionsPage;
pub use security_setup::SecuritySetupPage;
pub use wizard::{WizardStep, WizardView};
