//! Getting back in (SPEC §3): **Forgot User ID** (`/forgot-user-id`) and
//! **Forgot Password** (`/forgot-password`, then `/forgot-password/code`,
//! `/forgot-password/new` and `/forgot-password/done`).
//!
//! Neither flow tells whether a login exists: the pages, messages and
//! redirects are the same for an address or User ID nobody uses, and only
//! the mailbox of a real login learns anything. A reset never signs in.

mod forgot_password;
mod forgot_user_id;

pub use forgot_password::{ForgotPasswordPage, NewPasswordPage, PasswordResetDonePage, ResetCodePage};
pub use forgot_user_id::ForgotUserIdPage;
