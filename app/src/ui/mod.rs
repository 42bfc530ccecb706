//! Shared pieces of every page: the frame (header, footer) and form parts.

mod anonymous;
pub mod backup_codes;
mod form;
mod frame;
pub mod method_forms;
#[cfg(feature = "ssr")]
pub mod method_setup;
pub mod password_guidelines;
mod steps;
mod suffix;

pub use anonymous::{ANONYMOUS_PAGE_HEADER, same_for_every_anonymous_visitor};
pub use form::{ErrorSummary, Notice, SendRefused, SubmitButton, TermsCheckbox, TextField, moving_on, reply_of};
pub use frame::{Footer, Header};
pub use steps::{GatedPage, StepIndicator, StepShell, Wizard, earlier_step_gate, gate_notice, not_loaded};
pub use suffix::SuffixField;
