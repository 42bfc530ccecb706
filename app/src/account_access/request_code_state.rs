//! The Request Code draft (server only): what each step accepted so far,
//! kept per login by `store::code_request_drafts`.

use crate::store::Db;
use serde::{Deserialize, Serialize};

use super::request_code::RequestStep;
use crate::rules::account_type::AccountType;
use crate::store::code_requests::Channel;
use crate::store::{StoreError, code_request_drafts};

/// What a submission left for the Confirmation page and its printable view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub confirmation: i64,
    pub account_type: AccountType,
    pub account_number: String,
    pub channel: Channel,
    pub at: i64,
}

/// The steps accepted so far. Only what a step accepted is saved: a
/// refused submission changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub account_type: Option<AccountType>,
    /// Found, active and of `account_type` when it was saved.
    pub account_number: Option<String>,
    pub channel: Option<Channel>,
    pub submitted: Option<Submitted>,
}

impl Draft {
    /// The furthest step of the form this draft may show.
    pub fn reached(&self) -> RequestStep {
        match (&self.account_type, &self.account_number, &self.channel) {
            (None, _, _) => RequestStep::AccountType,
            (Some(_), None, _) => RequestStep::AccountInfo,
            (Some(_), Some(_), None) => RequestStep::AccountDetails,
            (Some(_), Some(_), Some(_)) => RequestStep::Summary,
        }
    }

    /// A new account type forgets the number and delivery chosen for the old one.
    pub fn choose_type(&mut self, account_type: AccountType) {
        if self.account_type != Some(account_type) {
            self.account_number = None;
            self.channel = None;
        }
        self.account_type = Some(account_type);
    }

    pub fn choose_number(&mut self, number: String) {
        if self.account_number.as_deref() != Some(number.as_str()) {
            self.channel = None;
        }
        self.account_number = Some(number);
    }
}

/// The login's live draft, or an empty one.
pub fn load(conn: &Db<'_>, login_id: i64, now: i64) -> Result<Draft, StoreError> {
    code_request_drafts::load(conn, login_id, now)
}

pub fn save(conn: &Db<'_>, login_id: i64, draft: &Draft, now: i64) -> Result<(), StoreError> {
    code_request_drafts::save(conn, login_id, draft, now)
}

pub fn discard(conn: &Db<'_>, login_id: i64) -> Result<(), StoreError> {
    code_request_drafts::discard(conn, login_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::store::code_request_drafts::DRAFT_TTL_SECONDS;

    #[tokio::test]
    async fn a_draft_is_the_logins_own_and_ends_after_an_hour_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (a, b) = store
            .write(|tx| Ok((crate::store::test_login(tx, "halle1234")?, crate::store::test_login(tx, "moorej5678")?)))
            .await
            .unwrap();
        let mut draft = Draft::default();
        draft.choose_type(AccountType::Mechanic);
        draft.choose_number("Z123456".into());
        draft.channel = Some(Channel::Email);
        assert_eq!(draft.reached(), RequestStep::Summary);
        let saved = draft.clone();
        store.write(move |tx| save(tx, a, &saved, 100)).await.unwrap();
        assert_eq!(store.read(move |c| load(c, a, 100 + DRAFT_TTL_SECONDS - 1)).await.unwrap(), draft);
        assert_eq!(store.read(move |c| load(c, b, 100)).await.unwrap(), Draft::default());
        assert_eq!(store.read(move |c| load(c, a, 100 + DRAFT_TTL_SECONDS)).await.unwrap(), Draft::default());

        // Going back and choosing another type forgets what came after.
        draft.choose_type(AccountType::MechanicSchool);
        assert_eq!(draft.reached(), RequestStep::AccountInfo);
        assert_eq!(draft.channel, None);
    }
}
