//! The rules of asking for an authorization code (SPEC §4.3), and the
//! request itself.
//!
//! - A login may look up at most 10 different account numbers a Michigan day
//!   (looking the same number up again is free), so the record store cannot
//!   be walked for names and addresses.
//! - Per login and account: at most 5 codes by email in any 24 hours; at
//!   most 4 letters in any 30 days, and 24 hours between letters.
//! - Unknown, inactive and other-type numbers all read the same to the
//!   person, so an answer never says whose account a number is.
//!
//! Every function takes a connection and `now`: callers fold them into one
//! transaction, and tests drive the clock.

use super::{AccountNumber, LoginId};
use rand::RngCore;
use rusqlite::params;

use super::Db;

use super::StoreError;
use super::audit::{self, Origin};
use super::authorization::{self, CodeKey, EMAIL_CODE_TTL_SECONDS, PlainAuthorizationCode};
use super::submissions::{self, Kind};
use crate::rules::account_type::AccountType;
use crate::rules::business::BusinessAccount;

pub use crate::rules::limits::{
    DAY_SECONDS, EMAIL_WINDOW_SECONDS, EMAILS_PER_WINDOW, LETTER_GAP_SECONDS, LETTER_WINDOW_SECONDS, LETTERS_PER_WINDOW,
    LOOKUPS_PER_DAY,
};

/// How a code travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    Email,
    Letter,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Letter => "letter",
        }
    }
}

/// How many more numbers the login may look up today, and when the count
/// starts again (the next midnight in Michigan, [`crate::clock::michigan_day`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lookups {
    pub left: i64,
    pub resets_at: i64,
}

pub fn lookups_left(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Lookups, StoreError> {
    let (day, ends) = crate::clock::michigan_day(now);
    let used: i64 =
        conn.query_row("SELECT count(*) FROM account_lookups WHERE login_id = ?1 AND day = ?2", params![login_id, day], |r| {
            r.get(0)
        })?;
    Ok(Lookups { left: (LOOKUPS_PER_DAY - used).max(0), resets_at: ends })
}

/// What looking an account number up found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// An active record of the type asked for.
    Found(Box<BusinessAccount>),
    /// No such number, another type, or inactive: told the same way.
    NotFound,
    /// The tenth different number today was already looked up.
    LimitReached { resets_at: i64 },
}

/// Looks up `number` (already normalized) as an account of `account_type`
/// for `login_id`, counting it among today's numbers whatever it finds.
pub fn look_up(
    conn: &Db<'_>,
    login_id: LoginId,
    number: &AccountNumber,
    account_type: AccountType,
    now: i64,
) -> Result<Lookup, StoreError> {
    let (day, _) = crate::clock::michigan_day(now);
    let seen_today: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM account_lookups WHERE login_id = ?1 AND day = ?2 AND account_number = ?3)",
        params![login_id, day, number],
        |r| r.get(0),
    )?;
    if !seen_today {
        let allowance = lookups_left(conn, login_id, now)?;
        if allowance.left == 0 {
            return Ok(Lookup::LimitReached { resets_at: allowance.resets_at });
        }
        conn.execute(
            "INSERT INTO account_lookups (login_id, day, account_number) VALUES (?1, ?2, ?3)",
            params![login_id, day, number],
        )?;
    }
    Ok(match super::business::find(conn, number)? {
        Some(account) if account.active && account.account_type == account_type => Lookup::Found(Box::new(account)),
        _ => Lookup::NotFound,
    })
}

/// What is left of one channel's limit, and when the next request is possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    /// Requests left in the window.
    pub left: i64,
    /// `None` when a request is possible now.
    pub next_at: Option<i64>,
}

impl Allowance {
    pub fn allows_now(&self) -> bool {
        self.next_at.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowances {
    pub email: Allowance,
    pub letter: Allowance,
}

impl Allowances {
    pub fn of(&self, channel: Channel) -> Allowance {
        match channel {
            Channel::Email => self.email,
            Channel::Letter => self.letter,
        }
    }
}

/// Times of this login's requests for the account by `channel` since `since`, newest first.
fn requested_since(
    conn: &Db<'_>,
    login_id: LoginId,
    account_number: &AccountNumber,
    channel: Channel,
    since: i64,
) -> Result<Vec<i64>, StoreError> {
    Ok(conn
        .prepare(
            "SELECT requested_at FROM code_requests
             WHERE login_id = ?1 AND account_number = ?2 AND channel = ?3 AND requested_at > ?4
             ORDER BY requested_at DESC",
        )?
        .query_map(params![login_id, account_number, channel.as_str(), since], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// What `login_id` may still request for `account_number` at `now`.
pub fn allowances(conn: &Db<'_>, login_id: LoginId, account_number: &AccountNumber, now: i64) -> Result<Allowances, StoreError> {
    let emails = requested_since(conn, login_id, account_number, Channel::Email, now - EMAIL_WINDOW_SECONDS)?;
    let email = window_allowance(&emails, EMAILS_PER_WINDOW, EMAIL_WINDOW_SECONDS, now);

    let letters = requested_since(conn, login_id, account_number, Channel::Letter, now - LETTER_WINDOW_SECONDS)?;
    let mut letter = window_allowance(&letters, LETTERS_PER_WINDOW, LETTER_WINDOW_SECONDS, now);
    if let Some(last) = letters.first() {
        let gap_ends = last + LETTER_GAP_SECONDS;
        if gap_ends > now {
            letter.next_at = Some(letter.next_at.map_or(gap_ends, |n| n.max(gap_ends)));
        }
    }
    Ok(Allowances { email, letter })
}

/// `times` newest first, all inside the window ending at `now`.
fn window_allowance(times: &[i64], most: i64, window: i64, now: i64) -> Allowance {
    let used = times.len() as i64;
    let left = (most - used).max(0);
    // Full: a request is possible again once the oldest of the newest
    // `most` leaves the window.
    let next_at = (left == 0).then(|| times[(most - 1) as usize] + window).filter(|t| *t > now);
    Allowance { left, next_at }
}

/// A request the limits refused, with when it becomes possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub channel: Channel,
    pub allowance: Allowance,
}

/// A request that went through.
#[derive(Debug)]
pub struct Requested {
    pub request_id: i64,
    /// The submission's number, shown 1-3-3-3.
    pub confirmation: i64,
    /// Emails only: the code to send now and then forget. Letters get
    /// theirs when `server mail export` prints them.
    pub code: Option<PlainAuthorizationCode>,
}

/// Requests a code for `account_number` by `channel`, within the limits:
/// takes a confirmation number, records the request (an email as sent now,
/// a letter queued for the export), makes an email's code, and writes the
/// audit event. Run it in one transaction with nothing else between.
#[allow(clippy::too_many_arguments)]
pub fn request(
    conn: &Db<'_>,
    key: &CodeKey,
    login_id: LoginId,
    account_number: &AccountNumber,
    channel: Channel,
    origin: &Origin,
    now: i64,
    rng: &mut impl RngCore,
) -> Result<Result<Requested, Refused>, StoreError> {
    let allowance = allowances(conn, login_id, account_number, now)?.of(channel);
    if !allowance.allows_now() {
        return Ok(Err(Refused { channel, allowance }));
    }
    let confirmation = submissions::record(conn, login_id, Kind::CodeRequest, account_number, now)?;
    let sent_at = (channel == Channel::Email).then_some(now);
    conn.execute(
        "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![confirmation, login_id, account_number, channel.as_str(), now, sent_at],
    )?;
    let request_id = conn.last_insert_rowid();
    let code = match channel {
        Channel::Email => Some(authorization::issue(conn, key, request_id, EMAIL_CODE_TTL_SECONDS, now, rng)?),
        Channel::Letter => None,
    };
    let event = match channel {
        Channel::Email => super::audit::Event::CodeRequestedEmail,
        Channel::Letter => super::audit::Event::LetterRequested,
    };
    audit::record(conn, Some(login_id), event, Some(account_number.as_str()), origin, now)?;
    Ok(Ok(Requested { request_id, confirmation, code }))
}

/// A request of a login still waiting to be used: a letter not yet mailed,
/// or a code that is still live, for an account the login has not linked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outstanding {
    pub account_number: AccountNumber,
    pub channel: Channel,
    pub requested_at: i64,
    /// When the email went or the letter was mailed; `None` for a letter
    /// still being prepared.
    pub sent_at: Option<i64>,
    /// When its code stops working; `None` until a letter's code is made.
    pub expires_at: Option<i64>,
}

/// The login's requests on their way, newest first, so Account Access
/// Options can say what is coming and what to do with it.
pub fn outstanding(conn: &Db<'_>, login_id: LoginId, now: i64) -> Result<Vec<Outstanding>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.account_number, r.channel, r.requested_at, r.sent_at, c.expires_at
         FROM code_requests r
         LEFT JOIN authorization_codes c ON c.request_id = r.id
         WHERE r.login_id = ?1
           AND NOT EXISTS (SELECT 1 FROM account_links l WHERE l.login_id = r.login_id AND l.account_number = r.account_number)
           AND ((r.channel = 'letter' AND r.sent_at IS NULL)
                OR (c.id IS NOT NULL AND c.used_at IS NULL AND c.voided_at IS NULL AND c.expires_at > ?2))
         ORDER BY r.requested_at DESC, r.id DESC
         LIMIT 10",
    )?;
    let rows = stmt.query_map(params![login_id, now], |r| {
        let channel: String = r.get(1)?;
        Ok(Outstanding {
            account_number: r.get(0)?,
            channel: if channel == "letter" { Channel::Letter } else { Channel::Email },
            requested_at: r.get(2)?,
            sent_at: r.get(3)?,
            expires_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes back an emailed request whose message could not be sent, so it
/// neither counts against the limit nor leaves a code nobody received.
/// The confirmation number stays used: numbers are never reused.
pub fn withdraw_unsent(conn: &Db<'_>, request_id: i64) -> Result<(), StoreError> {
    conn.execute("DELETE FROM authorization_codes WHERE request_id = ?1", [request_id])?;
    conn.execute("DELETE FROM code_requests WHERE id = ?1 AND channel = 'email'", [request_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const T0: i64 = 1_800_000_000; // 2027-01-15 08:00 UTC

    async fn setup() -> (tempfile::TempDir, Store, LoginId) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let login = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO logins (user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES ('halle1234', 'mechanic', 'Hall', 'e@example.com', '+15175550100', 0)",
                    [],
                )?;
                let login = LoginId::from_row(tx.last_insert_rowid());
                crate::store::business::upsert(tx, &crate::store::business::sample("Z123456"), 0)?;
                let mut school = crate::store::business::sample("S100200");
                school.account_type = AccountType::MechanicSchool;
                crate::store::business::upsert(tx, &school, 0)?;
                let mut inactive = crate::store::business::sample("Z999000");
                inactive.active = false;
                crate::store::business::upsert(tx, &inactive, 0)?;
                Ok(login)
            })
            .await
            .unwrap();
        (dir, store, login)
    }

    fn key() -> CodeKey {
        CodeKey::from_bytes([3; 32])
    }

    async fn ask(store: &Store, login: LoginId, channel: Channel, now: i64) -> Result<Requested, Refused> {
        store
            .write(move |tx| {
                request(
                    tx,
                    &key(),
                    login,
                    &crate::store::number("Z123456"),
                    channel,
                    &Origin::default(),
                    now,
                    &mut StdRng::seed_from_u64(now as u64),
                )
            })
            .await
            .unwrap()
    }

    async fn lookup(store: &Store, login: LoginId, number: &str, t: AccountType, now: i64) -> Lookup {
        let number = crate::store::number(number);
        store.write(move |tx| look_up(tx, login, &number, t, now)).await.unwrap()
    }

    #[tokio::test]
    async fn unknown_other_type_and_inactive_numbers_all_read_not_found() {
        let (_dir, store, login) = setup().await;
        assert!(
            matches!(lookup(&store, login, "Z123456", AccountType::Mechanic, T0).await, Lookup::Found(a) if a.number == "Z123456")
        );
        assert_eq!(lookup(&store, login, "Z000001", AccountType::Mechanic, T0).await, Lookup::NotFound);
        assert_eq!(lookup(&store, login, "S100200", AccountType::Mechanic, T0).await, Lookup::NotFound);
        assert_eq!(lookup(&store, login, "Z999000", AccountType::Mechanic, T0).await, Lookup::NotFound);
        assert_eq!(lookup(&store, login, "Z123456", AccountType::MechanicSchool, T0).await, Lookup::NotFound);
        assert!(matches!(lookup(&store, login, "S100200", AccountType::MechanicSchool, T0).await, Lookup::Found(_)));
    }

    #[tokio::test]
    async fn ten_different_numbers_a_michigan_day_and_repeats_are_free() {
        let (_dir, store, login) = setup().await;
        for n in 0..10 {
            assert_eq!(lookup(&store, login, &format!("Z00000{n}"), AccountType::Mechanic, T0 + n).await, Lookup::NotFound);
        }
        // T0 is 3:00 AM EST on Jan 15, 2027; the day ends at 05:00 UTC on the 16th.
        let midnight = T0 + 21 * 3600;
        assert_eq!(crate::clock::michigan_time(midnight), "Jan 16, 2027, 12:00 AM EST");
        assert_eq!(store.read(move |c| lookups_left(c, login, T0)).await.unwrap(), Lookups { left: 0, resets_at: midnight });
        assert_eq!(
            lookup(&store, login, "Z123456", AccountType::Mechanic, T0 + 20).await,
            Lookup::LimitReached { resets_at: midnight }
        );
        assert_eq!(
            lookup(&store, login, "Z000003", AccountType::Mechanic, T0 + 30).await,
            Lookup::NotFound,
            "already counted today"
        );
        assert!(matches!(lookup(&store, login, "Z123456", AccountType::Mechanic, midnight).await, Lookup::Found(_)));
        assert_eq!(store.read(move |c| lookups_left(c, login, midnight)).await.unwrap().left, 9);
    }

    #[tokio::test]
    async fn five_emails_in_24_hours_then_the_oldest_must_leave_the_window() {
        let (_dir, store, login) = setup().await;
        for i in 0..5 {
            let done = ask(&store, login, Channel::Email, T0 + i * 3600).await.unwrap();
            assert!(done.code.is_some(), "an email request makes its code at once");
        }
        let later = T0 + 5 * 3600;
        let refused = ask(&store, login, Channel::Email, later).await.unwrap_err();
        assert_eq!(refused.allowance, Allowance { left: 0, next_at: Some(T0 + DAY_SECONDS) });
        assert_eq!(store.count_rows("code_requests").await, 5, "nothing recorded when refused");
        // Letters are counted apart.
        assert!(ask(&store, login, Channel::Letter, later).await.is_ok());
        assert!(ask(&store, login, Channel::Email, T0 + DAY_SECONDS).await.is_ok());
        let left = store.read(move |c| allowances(c, login, &crate::store::number("Z123456"), T0 + DAY_SECONDS)).await.unwrap();
        assert_eq!(left.email, Allowance { left: 0, next_at: Some(T0 + 3600 + DAY_SECONDS) });
    }

    #[tokio::test]
    async fn outstanding_requests_are_the_unmailed_letters_and_live_codes_of_unlinked_accounts() {
        let (_dir, store, login) = setup().await;
        let outstanding = |now: i64| {
            let store = store.clone();
            async move { store.read(move |c| outstanding(c, login, now)).await.unwrap() }
        };
        assert_eq!(outstanding(T0).await, []);
        let email = ask(&store, login, Channel::Email, T0).await.unwrap();
        ask(&store, login, Channel::Letter, T0 + 60).await.unwrap();
        let found = outstanding(T0 + 120).await;
        assert_eq!(
            found.iter().map(|o| (o.channel, o.sent_at, o.expires_at)).collect::<Vec<_>>(),
            [(Channel::Letter, None, None), (Channel::Email, Some(T0), Some(T0 + EMAIL_CODE_TTL_SECONDS))],
            "newest first: the letter still being prepared, then the emailed code"
        );
        // An expired code is no longer on its way.
        assert_eq!(outstanding(T0 + EMAIL_CODE_TTL_SECONDS).await.len(), 1);
        // A used code is not either.
        store
            .write(move |tx| {
                let code: i64 =
                    tx.query_row("SELECT id FROM authorization_codes WHERE request_id = ?1", [email.request_id], |r| r.get(0))?;
                crate::store::authorization::use_code(tx, login, code, T0 + 200)
            })
            .await
            .unwrap();
        assert_eq!(outstanding(T0 + 300).await.len(), 1);
        // Once the account is linked, nothing about it is outstanding.
        store
            .write(move |tx| {
                crate::store::links::link(tx, login, &crate::store::number("Z123456"), "e@example.com", T0 + 400).map(|_| ())
            })
            .await
            .unwrap();
        assert_eq!(outstanding(T0 + 500).await, []);
    }

    #[tokio::test]
    async fn letters_are_24_hours_apart_and_4_in_30_days() {
        let (_dir, store, login) = setup().await;
        let first = ask(&store, login, Channel::Letter, T0).await.unwrap();
        assert!(first.code.is_none(), "a letter's code is made at export");
        assert_eq!(store.count_rows("authorization_codes").await, 0);
        let too_soon = ask(&store, login, Channel::Letter, T0 + DAY_SECONDS - 1).await.unwrap_err();
        assert_eq!(too_soon.allowance, Allowance { left: 3, next_at: Some(T0 + DAY_SECONDS) });
        for day in 1..4 {
            ask(&store, login, Channel::Letter, T0 + day * DAY_SECONDS).await.unwrap();
        }
        let full = ask(&store, login, Channel::Letter, T0 + 10 * DAY_SECONDS).await.unwrap_err();
        assert_eq!(full.allowance, Allowance { left: 0, next_at: Some(T0 + LETTER_WINDOW_SECONDS) });
        assert!(ask(&store, login, Channel::Letter, T0 + LETTER_WINDOW_SECONDS).await.is_ok());
        let sent: Option<i64> = store
            .read(|c| Ok(c.query_row("SELECT max(sent_at) FROM code_requests WHERE channel = 'letter'", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(sent, None, "letters wait for the export");
    }

    #[tokio::test]
    async fn a_request_takes_the_next_confirmation_number_and_is_audited() {
        let (_dir, store, login) = setup().await;
        let a = ask(&store, login, Channel::Email, T0).await.unwrap();
        let b = ask(&store, login, Channel::Letter, T0 + 1).await.unwrap();
        assert_eq!(b.confirmation, a.confirmation + 1);
        let events: Vec<String> = store
            .read(move |c| Ok(crate::store::audit::for_login(c, login, 10)?.into_iter().map(|e| e.event).collect()))
            .await
            .unwrap();
        assert_eq!(events, ["letter_requested", "code_requested_email"]);
        let request_id = a.request_id;
        store.write(move |tx| withdraw_unsent(tx, request_id)).await.unwrap();
        assert_eq!(store.count_rows("authorization_codes").await, 0);
        let left: Vec<String> = store
            .read(|c| {
                Ok(c.prepare("SELECT channel FROM code_requests")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert_eq!(left, ["letter"], "the unsent email request is gone");
    }

    impl Store {
        async fn count_rows(&self, table: &'static str) -> i64 {
            self.read(move |c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).await.unwrap()
        }
    }
}
