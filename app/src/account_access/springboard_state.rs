//! What the springboard reads on the server (server only): the one-shot
//! notice a finished Add Account Access or removal leaves for it
//! (`store::springboard_notices`) and the login's account-access activity.

use crate::store::{Db, LoginId, Store};

use crate::store::StoreError;
use crate::store::audit::{self, Activity, Event};

pub const SPRINGBOARD_PATH: &str = crate::routes::Route::Springboard.path();
pub use super::common::OPTIONS_PATH;

/// The audit events the springboard's recent activity lists: codes
/// requested and sent, wrong codes, accounts linked and removed.
pub const ACCESS_EVENTS: [Event; 9] = [
    Event::CodeRequestedEmail,
    Event::LetterRequested,
    Event::LetterSent,
    Event::AuthorizationCodeFailed,
    Event::AuthorizationCodesVoided,
    Event::AccountLinked,
    Event::AccountUnlinked,
    Event::OperatorAccessRevoke,
    Event::OperatorCodesVoid,
];

pub use crate::store::springboard_notices::{is_waiting as notice_is_waiting, leave as leave_notice, take as take_notice};

/// What one view of the springboard shows: the waiting notice, if any, the
/// linked accounts and the latest `activity_lines` events.
pub struct Springboard {
    pub notice: Option<String>,
    pub links: Vec<crate::store::links::LinkedAccount>,
    pub activity: Vec<Activity>,
}

/// Reads the springboard for `login_id`. A read: most views have no notice
/// waiting and need not queue behind every other page's writes to learn
/// so; a waiting notice is taken in a write of its own, so two views at
/// once show it once (one left after the read waits for the next view).
pub async fn look(store: &Store, login_id: LoginId, now: i64, activity_lines: u32) -> Result<Springboard, StoreError> {
    let (waiting, links, activity) = store
        .read(move |db| {
            Ok((
                notice_is_waiting(db, login_id)?,
                crate::store::links::for_login(db, login_id)?,
                activity(db, login_id, activity_lines)?,
            ))
        })
        .await?;
    let notice = match waiting {
        true => store.write(move |tx| take_notice(tx, login_id, now)).await?,
        false => None,
    };
    Ok(Springboard { notice, links, activity })
}

/// The login's own account-access events, newest first.
pub fn activity(conn: &Db<'_>, login_id: crate::store::LoginId, limit: u32) -> Result<Vec<Activity>, StoreError> {
    audit::for_login_of_kinds(conn, login_id, &ACCESS_EVENTS, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::audit::{Event, Origin, record};
    use crate::store::{Store, links};

    async fn one_login() -> (tempfile::TempDir, Store, crate::store::LoginId) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let login = store.write(|tx| crate::store::test_login(tx, "halle1234")).await.unwrap();
        (dir, store, login)
    }

    #[tokio::test]
    async fn a_login_lands_on_the_springboard_once_it_has_an_account() {
        let (_dir, store, login) = one_login().await;
        assert_eq!(store.read(move |c| links::landing(c, login)).await.unwrap().path(), OPTIONS_PATH);
        store
            .write(move |tx| {
                crate::store::business::upsert(tx, &crate::store::business::sample("Z123456"), 0)?;
                crate::store::links::link(tx, login, &crate::store::number("Z123456"), "x@example.com", 1).map(|_| ())
            })
            .await
            .unwrap();
        assert_eq!(store.read(move |c| links::landing(c, login)).await.unwrap().path(), SPRINGBOARD_PATH);
    }

    #[tokio::test]
    async fn a_notice_is_shown_once_and_not_after_ten_minutes() {
        let (_dir, store, login) = one_login().await;
        let (waiting, first, again, stale, after) = store
            .write(move |tx| {
                let before = notice_is_waiting(tx, login)?;
                leave_notice(tx, login, "added", 100)?;
                let waiting = (before, notice_is_waiting(tx, login)?);
                let first = take_notice(tx, login, 101)?;
                let again = take_notice(tx, login, 102)?;
                leave_notice(tx, login, "old", 100)?;
                let stale = take_notice(tx, login, 100 + 601)?;
                Ok((waiting, first, again, stale, notice_is_waiting(tx, login)?))
            })
            .await
            .unwrap();
        assert_eq!(waiting, (false, true), "a read tells whether one is waiting");
        assert!(!after, "a stale notice is dropped when taken");
        assert_eq!(first.as_deref(), Some("added"));
        assert_eq!(again, None);
        assert_eq!(stale, None);
    }

    #[tokio::test]
    async fn activity_lists_only_account_access_events_newest_first() {
        let (_dir, store, login) = one_login().await;
        let events = store
            .write(move |tx| {
                let o = Origin::default();
                record(tx, Some(login), Event::SignIn, None, &o, 1)?;
                record(tx, Some(login), Event::CodeRequestedEmail, Some("Z123456"), &o, 2)?;
                record(tx, Some(login), Event::AccountLinked, Some("Z123456"), &o, 3)?;
                record(tx, None, Event::AccountLinked, Some("Z654321"), &o, 4)?;
                activity(tx, login, 10)
            })
            .await
            .unwrap();
        assert_eq!(events.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(), ["account_linked", "code_requested_email"]);
    }
}
