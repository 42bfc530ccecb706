//! Which Add Account Access step a saved draft may show. The draft itself
//! lives in the store (`store::access_drafts`); this is the page's reading
//! of it.

use super::add_access::AddStep;
pub use crate::store::access_drafts::Draft;

impl Draft {
    /// The furthest step this draft may show.
    pub fn reached(&self) -> AddStep {
        if !self.confirmed {
            AddStep::AccountInfo
        } else if self.notice_email.is_none() {
            AddStep::Email
        } else {
            AddStep::Summary
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(confirmed: bool, notice_email: Option<&str>) -> Draft {
        Draft { code_id: 1, account_number: "Z123456".into(), confirmed, notice_email: notice_email.map(Into::into) }
    }

    #[test]
    fn a_draft_reaches_account_info_then_email_then_summary() {
        assert_eq!(draft(false, None).reached(), AddStep::AccountInfo);
        assert_eq!(draft(true, None).reached(), AddStep::Email);
        assert_eq!(draft(true, Some("a@example.com")).reached(), AddStep::Summary);
    }
}
