//! One-time codes sent by email or text message (SPEC §2, "One-time codes
//! everywhere"): 6 digits, single use, valid 10 minutes; a new code after
//! 60 seconds, at most 5 an hour; 10 wrong codes in a row lock that method
//! for 30 minutes.
//!
//! Functions take a connection and `now` (Unix seconds), so callers combine
//! them with other changes in one transaction and tests control the clock.
//! Codes are stored only as salted SHA-256 hashes: they live ten minutes and
//! are single use, so a slow hash would add cost without protection.

use super::LoginId;
use rand::{Rng, RngCore};
use rusqlite::{OptionalExtension, params};

use super::Db;

use super::StoreError;
use crate::crypto::{hex, sha256};
use crate::rules::method::Method;

pub use crate::rules::limits::{CODE_TTL_SECONDS, LOCK_SECONDS, RESEND_AFTER_SECONDS, SENDS_PER_HOUR, WRONG_TRIES_BEFORE_LOCK};

/// How a code travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Text,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Text => "text",
        }
    }
}

/// What a code proves, and so what it is issued, limited and locked under.
/// Each journey's codes have their own subject, so a wrong-code lock or a
/// resend wait in one never blocks another; the subject's text is built
/// only here.
#[derive(Clone, Copy, Debug)]
pub enum Subject<'a> {
    /// Sign-up step 3: an address of this registration (`holder` is the
    /// hash the registration holds its User ID under, never the cookie).
    SignUp { holder: &'a str, channel: Channel, address: &'a str },
    /// The second step of one pending sign-in (its cookie value, only ever
    /// hashed into the subject): a stranger's requests never spend the
    /// resend wait or hourly allowance of the owner's sign-in.
    SignIn { login_id: LoginId, method: Method, pending_token: &'a str },
    /// Settings: a new email address or a mobile number being proved.
    Settings { login_id: LoginId, channel: Channel, address: &'a str },
    /// One password-reset attempt (`attempt` is random per start), so its
    /// wrong-code lock closes only that attempt.
    Reset { login_id: LoginId, attempt: &'a str },
    /// A reset for a User ID that belongs to no login: the same shape and
    /// limits, so "Send a new code" answers alike; it names the typed ID
    /// only by its hash.
    ResetUnknown { normalized_user_id: &'a str, attempt: &'a str },
}

impl Subject<'_> {
    /// The text stored in `one_time_codes.subject` and its lock table.
    pub fn key(&self) -> String {
        match *self {
            Subject::SignUp { holder, channel, address } => format!("signup:{holder}:{}", addressed(channel, address)),
            Subject::SignIn { login_id, method, pending_token } => {
                let pending_ref = hex(&sha256(pending_token.as_bytes())[..8]);
                format!("signin:{login_id}:{}:{pending_ref}", method.name())
            }
            Subject::Settings { login_id, channel, address } => format!("settings:{login_id}:{}", addressed(channel, address)),
            Subject::Reset { login_id, attempt } => format!("reset:{login_id}:{attempt}"),
            Subject::ResetUnknown { normalized_user_id, attempt } => {
                format!("reset-unknown:{}:{attempt}", &hex(&sha256(normalized_user_id.as_bytes()))[..16])
            }
        }
    }
}

/// `email:{address}` (in lower case: the same mailbox however typed) or `text:{number}`.
fn addressed(channel: Channel, address: &str) -> String {
    match channel {
        Channel::Email => format!("email:{}", address.to_lowercase()),
        Channel::Text => format!("text:{address}"),
    }
}

/// `LIKE` patterns matching every subject that names `login_id` (sign-in,
/// Settings, resets): what closing a login deletes and `users unlock` ends.
pub fn patterns_of_login(login_id: LoginId) -> [String; 3] {
    [format!("signin:{login_id}:%"), format!("settings:{login_id}:%"), format!("reset:{login_id}:%")]
}

/// Why no code was sent, with when one can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueRefused {
    /// Asked again within 60 seconds of the last code.
    TooSoon { retry_at: i64 },
    /// Five codes in the last hour.
    HourlyLimit { retry_at: i64 },
    /// Ten wrong codes in a row.
    Locked { until: i64 },
    /// The recipient had their hourly allowance of codes, whoever asked.
    RecipientLimit { retry_at: i64 },
    /// The asking network had its hourly allowance, whoever the codes were for.
    ClientLimit { retry_at: i64 },
}

/// Where a code goes, for the per-recipient allowance that stops mail
/// bombing and text pumping: a registration, a reset or a sign-in costs
/// nothing to start, so limits per subject alone would not bound what one
/// address receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// The normalised address (`email:…`) or number (`text:…`).
    key: String,
    /// Empty for strangers; a browser the recipient's login signed in on
    /// has an allowance of its own (see migration 12).
    scope: Vec<u8>,
    per_hour: i64,
    /// The asking client's throttle key (`sign_in::client_key`), whose
    /// own hourly allowance is spent too: one address cannot have codes
    /// sent to many recipients without end (SMS pumping).
    client: Option<String>,
}

/// A client address may have codes sent for this many recipients' hourly
/// allowances (50 an hour at the default 5), whoever they go to: enough for
/// a garage of mechanics behind one address, far short of a pumping run.
pub const CLIENT_ALLOWANCE_IN_RECIPIENTS: i64 = 10;

impl Recipient {
    pub fn new(channel: Channel, address: &str, per_hour: i64) -> Self {
        let normalised: String = match channel {
            Channel::Email => address.trim().to_lowercase(),
            Channel::Text => address.chars().filter(char::is_ascii_digit).collect(),
        };
        Self { key: format!("{}:{normalised}", channel.as_str()), scope: Vec::new(), per_hour, client: None }
    }

    /// Also spends the asking client address's allowance (its IP, as the
    /// sign-in throttle sees it).
    pub fn from_client(mut self, ip: &str) -> Self {
        self.client = Some(format!("client:{}", super::sign_in::client_key(ip)));
        self
    }

    /// The allowance of one browser the login signed in on (its scope from
    /// `sign_in::browser_scope`); empty means the strangers' allowance.
    pub fn from_browser(mut self, scope: Vec<u8>) -> Self {
        self.scope = scope;
        self
    }
}

/// Checks and spends one send of `to`'s hourly allowance, in the caller's
/// transaction (so parallel requests cannot all pass).
pub fn spend_recipient_allowance(conn: &Db<'_>, to: &Recipient, now: i64) -> Result<Result<(), IssueRefused>, StoreError> {
    let (sent, oldest): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), min(sent_at) FROM recipient_sends WHERE recipient = ?1 AND scope = ?2 AND sent_at > ?3",
        params![to.key, to.scope, now - 3600],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if sent >= to.per_hour {
        return Ok(Err(IssueRefused::RecipientLimit { retry_at: oldest.unwrap_or(now) + 3600 }));
    }
    if let Some(client) = &to.client {
        let (sent, oldest): (i64, Option<i64>) = conn.query_row(
            "SELECT count(*), min(sent_at) FROM recipient_sends WHERE recipient = ?1 AND scope = x'' AND sent_at > ?2",
            params![client, now - 3600],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if sent >= to.per_hour.saturating_mul(CLIENT_ALLOWANCE_IN_RECIPIENTS) {
            return Ok(Err(IssueRefused::ClientLimit { retry_at: oldest.unwrap_or(now) + 3600 }));
        }
        conn.execute("INSERT INTO recipient_sends (recipient, scope, sent_at) VALUES (?1, x'', ?2)", params![client, now])?;
    }
    conn.execute("DELETE FROM recipient_sends WHERE sent_at <= ?1", [now - 3600])?;
    conn.execute("INSERT INTO recipient_sends (recipient, scope, sent_at) VALUES (?1, ?2, ?3)", params![to.key, to.scope, now])?;
    Ok(Ok(()))
}

/// Every one-time-code lock of a login's own subjects (sign-in, Settings,
/// password resets): part of `server users unlock`.
pub fn unlock_login(tx: &Db<'_>, login_id: LoginId) -> Result<usize, StoreError> {
    Ok(tx.execute(
        "DELETE FROM one_time_code_locks WHERE subject LIKE ?1 OR subject LIKE ?2 OR subject LIKE ?3",
        rusqlite::params_from_iter(patterns_of_login(login_id)),
    )?)
}

/// A freshly made code, to be sent and then forgotten. Not `Serialize`.
#[derive(PartialEq, Eq)]
pub struct PlainCode(String);

impl PlainCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PlainCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainCode(<redacted>)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    Accepted,
    Wrong {
        tries_left: i64,
    },
    /// Every code sent has expired (or none was ever sent): ask for a new one.
    NoLiveCode,
    Locked {
        until: i64,
    },
}

fn locked_until(conn: &Db<'_>, subject: &str, channel: Channel, now: i64) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT locked_until FROM one_time_code_locks WHERE subject = ?1 AND channel = ?2 AND locked_until > ?3",
            params![subject, channel.as_str(), now],
            |r| r.get(0),
        )
        .optional()?)
}

/// Makes a new code for `subject` (what the code proves, e.g.
/// `signup:42:email`) to be sent to `to`, if the limits of the subject and
/// of the recipient allow it.
pub fn issue(
    conn: &Db<'_>,
    subject: &str,
    channel: Channel,
    to: &Recipient,
    now: i64,
    rng: &mut impl RngCore,
) -> Result<Result<PlainCode, IssueRefused>, StoreError> {
    if let Some(until) = locked_until(conn, subject, channel, now)? {
        return Ok(Err(IssueRefused::Locked { until }));
    }
    let recent: Vec<i64> = conn
        .prepare(
            "SELECT created_at FROM one_time_codes WHERE subject = ?1 AND channel = ?2 AND created_at > ?3
             ORDER BY created_at",
        )?
        .query_map(params![subject, channel.as_str(), now - 3600], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if let Some(&last) = recent.last()
        && now - last < RESEND_AFTER_SECONDS
    {
        return Ok(Err(IssueRefused::TooSoon { retry_at: last + RESEND_AFTER_SECONDS }));
    }
    if recent.len() as i64 >= SENDS_PER_HOUR {
        // The oldest of the last hour's codes leaving the window frees a send.
        return Ok(Err(IssueRefused::HourlyLimit { retry_at: recent[0] + 3600 }));
    }
    if let Err(refused) = spend_recipient_allowance(conn, to, now)? {
        return Ok(Err(refused));
    }
    let code = format!("{:06}", rng.random_range(0..1_000_000u32));
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    conn.execute(
        "INSERT INTO one_time_codes (subject, channel, salt, code_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![subject, channel.as_str(), salt.to_vec(), hash(&salt, &code).to_vec(), now, now + CODE_TTL_SECONDS],
    )?;
    Ok(Ok(PlainCode(code)))
}

fn hash(salt: &[u8], code: &str) -> [u8; 32] {
    let mut input = salt.to_vec();
    input.extend_from_slice(code.as_bytes());
    sha256(&input)
}

/// Whether a code for `subject` is live (sent, not used, not expired): a
/// page offers the box to type it only then.
pub fn has_live(conn: &Db<'_>, subject: &str, channel: Channel, now: i64) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM one_time_codes WHERE subject = ?1 AND channel = ?2 AND used_at IS NULL AND expires_at > ?3 LIMIT 1",
            params![subject, channel.as_str(), now],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Checks a typed code. A right code is used up together with every other
/// code of that subject; a wrong one counts toward the lock.
pub fn check(conn: &Db<'_>, subject: &str, channel: Channel, typed: &str, now: i64) -> Result<CheckOutcome, StoreError> {
    check_counting(conn, subject, channel, typed, now, true)
}

/// Checks a typed code whose wrong tries the caller counts itself (the
/// sign-in second step counts per login, across methods): a wrong one is
/// `Wrong` and changes nothing here.
pub fn check_uncounted(
    conn: &Db<'_>,
    subject: &str,
    channel: Channel,
    typed: &str,
    now: i64,
) -> Result<CheckOutcome, StoreError> {
    check_counting(conn, subject, channel, typed, now, false)
}

fn check_counting(
    conn: &Db<'_>,
    subject: &str,
    channel: Channel,
    typed: &str,
    now: i64,
    count: bool,
) -> Result<CheckOutcome, StoreError> {
    if let Some(until) = locked_until(conn, subject, channel, now)? {
        return Ok(CheckOutcome::Locked { until });
    }
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let live: Vec<(Vec<u8>, Vec<u8>)> = conn
        .prepare(
            "SELECT salt, code_hash FROM one_time_codes
             WHERE subject = ?1 AND channel = ?2 AND used_at IS NULL AND expires_at > ?3",
        )?
        .query_map(params![subject, channel.as_str(), now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    if live.is_empty() {
        return Ok(CheckOutcome::NoLiveCode);
    }
    if live.iter().any(|(salt, stored)| hash(salt, &typed).as_slice() == stored.as_slice()) {
        conn.execute(
            "UPDATE one_time_codes SET used_at = ?3 WHERE subject = ?1 AND channel = ?2 AND used_at IS NULL",
            params![subject, channel.as_str(), now],
        )?;
        conn.execute("DELETE FROM one_time_code_locks WHERE subject = ?1 AND channel = ?2", params![subject, channel.as_str()])?;
        return Ok(CheckOutcome::Accepted);
    }
    if !count {
        return Ok(CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK });
    }
    let failures: i64 = conn.query_row(
        "INSERT INTO one_time_code_locks (subject, channel, wrong_in_a_row, locked_until) VALUES (?1, ?2, 1, 0)
         ON CONFLICT (subject, channel) DO UPDATE SET wrong_in_a_row = wrong_in_a_row + 1
         RETURNING wrong_in_a_row",
        params![subject, channel.as_str()],
        |r| r.get(0),
    )?;
    if failures >= WRONG_TRIES_BEFORE_LOCK {
        let until = now + LOCK_SECONDS;
        // The lock starts afresh: after it, ten more tries.
        conn.execute(
            "UPDATE one_time_code_locks SET wrong_in_a_row = 0, locked_until = ?3 WHERE subject = ?1 AND channel = ?2",
            params![subject, channel.as_str(), until],
        )?;
        return Ok(CheckOutcome::Locked { until });
    }
    Ok(CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK - failures })
}

// ---- What people are told --------------------------------------------------

fn minutes_until(at: i64, now: i64) -> i64 {
    ((at - now).max(0) + 59) / 60
}

use crate::messages::count as plural;
use crate::messages::store::one_time_codes as words;

/// What to tell a person whose code could not be sent.
pub fn refusal_message(refused: IssueRefused, now: i64) -> String {
    match refused {
        IssueRefused::TooSoon { retry_at } => words::too_soon(&plural((retry_at - now).max(1), "second", "seconds")),
        IssueRefused::HourlyLimit { retry_at } => words::hourly_limit(SENDS_PER_HOUR, &in_minutes(retry_at, now)),
        IssueRefused::Locked { until } => locked_message(until, now),
        IssueRefused::ClientLimit { retry_at } => words::network_limit(&in_minutes(retry_at, now)),
        IssueRefused::RecipientLimit { retry_at } => words::recipient_limit(&in_minutes(retry_at, now)),
    }
}

pub fn locked_message(until: i64, now: i64) -> String {
    words::locked(WRONG_TRIES_BEFORE_LOCK, &crate::messages::minutes(LOCK_SECONDS), &in_minutes(until, now))
}

/// "12 minutes": how long until `at`, in whole minutes.
fn in_minutes(at: i64, now: i64) -> String {
    plural(minutes_until(at, now), "minute", "minutes")
}

/// What to tell a person about a code they typed; `None` when it was right.
pub fn check_message(outcome: CheckOutcome, now: i64) -> Option<String> {
    match outcome {
        CheckOutcome::Accepted => None,
        CheckOutcome::Wrong { tries_left } => {
            Some(words::wrong_code(&plural(tries_left, "try", "tries"), &crate::messages::minutes(LOCK_SECONDS)))
        }
        CheckOutcome::NoLiveCode => Some(words::expired(&crate::messages::minutes(CODE_TTL_SECONDS))),
        CheckOutcome::Locked { until } => Some(locked_message(until, now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const T0: i64 = 1_800_000_000;
    const SUBJECT: &str = "signup:1:email";

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        (dir, store)
    }

    async fn issue_at(store: &Store, now: i64, seed: u64) -> Result<PlainCode, IssueRefused> {
        store
            .write(move |tx| {
                let to = Recipient::new(Channel::Email, "a@example.com", 100);
                issue(tx, SUBJECT, Channel::Email, &to, now, &mut StdRng::seed_from_u64(seed))
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn one_recipient_gets_at_most_its_hourly_allowance_whatever_asks() {
        let (_d, store) = store();
        let send = |subject: String, address: &'static str, scope: Vec<u8>, now: i64| {
            let store = store.clone();
            async move {
                store
                    .write(move |tx| {
                        let to = Recipient::new(Channel::Email, address, 5).from_browser(scope);
                        issue(tx, &subject, Channel::Email, &to, now, &mut StdRng::seed_from_u64(now as u64))
                    })
                    .await
                    .unwrap()
            }
        };
        // Twenty fresh registrations naming one address, spelled differently.
        let mut sent = 0;
        for n in 0..20 {
            let address = if n % 2 == 0 { "Victim@Example.com" } else { " victim@example.com " };
            if send(format!("signup:{n}:email"), address, Vec::new(), T0 + n).await.is_ok() {
                sent += 1;
            }
        }
        assert_eq!(sent, 5);
        assert_eq!(
            send("signup:99:email".into(), "victim@example.com", Vec::new(), T0 + 30).await,
            Err(IssueRefused::RecipientLimit { retry_at: T0 + 3600 })
        );
        // The owner's own browser has its own allowance; another address is untouched.
        assert!(send("reset:1:a".into(), "victim@example.com", vec![7; 32], T0 + 40).await.is_ok());
        assert!(send("signup:100:email".into(), "other@example.com", Vec::new(), T0 + 50).await.is_ok());
        assert!(send("signup:101:email".into(), "victim@example.com", Vec::new(), T0 + 3601).await.is_ok(), "the window moved");
    }

    #[tokio::test]
    async fn one_client_address_gets_codes_sent_for_at_most_ten_recipients_allowances() {
        let (_d, store) = store();
        let mut sent = 0;
        for n in 0..60 {
            let issued = store
                .write(move |tx| {
                    let to = Recipient::new(Channel::Text, &format!("+1517555{n:04}"), 5).from_client("2001:db8:7:7::1");
                    issue(tx, &format!("signup:{n}:text"), Channel::Text, &to, T0 + n, &mut StdRng::seed_from_u64(n as u64))
                })
                .await
                .unwrap();
            match issued {
                Ok(_) => sent += 1,
                Err(refused) => assert_eq!(refused, IssueRefused::ClientLimit { retry_at: T0 + 3600 }),
            }
        }
        assert_eq!(sent, 5 * CLIENT_ALLOWANCE_IN_RECIPIENTS, "sixty numbers, fifty texts");
        let other = store
            .write(|tx| {
                let to = Recipient::new(Channel::Text, "+15175559999", 5).from_client("2001:db8:7:8::1");
                issue(tx, "signup:99:text", Channel::Text, &to, T0 + 50, &mut StdRng::seed_from_u64(1))
            })
            .await
            .unwrap();
        assert!(other.is_ok(), "another /64 has its own allowance");
    }

    async fn check_at(store: &Store, typed: &str, now: i64) -> CheckOutcome {
        let typed = typed.to_string();
        store.write(move |tx| check(tx, SUBJECT, Channel::Email, &typed, now)).await.unwrap()
    }

    #[tokio::test]
    async fn a_code_is_six_digits_single_use_and_lives_ten_minutes() {
        let (_d, store) = store();
        let code = issue_at(&store, T0, 1).await.unwrap();
        assert_eq!(code.as_str().len(), 6);
        assert!(code.as_str().chars().all(|c| c.is_ascii_digit()));
        assert!(!format!("{code:?}").contains(code.as_str()));
        assert_eq!(check_at(&store, code.as_str(), T0 + CODE_TTL_SECONDS - 1).await, CheckOutcome::Accepted);
        assert_eq!(check_at(&store, code.as_str(), T0 + 1).await, CheckOutcome::NoLiveCode, "single use");

        let later = issue_at(&store, T0 + 4000, 2).await.unwrap();
        assert_eq!(check_at(&store, later.as_str(), T0 + 4000 + CODE_TTL_SECONDS).await, CheckOutcome::NoLiveCode, "expired");
    }

    #[tokio::test]
    async fn resends_wait_a_minute_and_stop_at_five_an_hour() {
        let (_d, store) = store();
        issue_at(&store, T0, 1).await.unwrap();
        assert_eq!(issue_at(&store, T0 + 59, 2).await, Err(IssueRefused::TooSoon { retry_at: T0 + 60 }));
        for n in 1..5 {
            issue_at(&store, T0 + 60 * n, n as u64).await.unwrap();
        }
        assert_eq!(issue_at(&store, T0 + 600, 9).await, Err(IssueRefused::HourlyLimit { retry_at: T0 + 3600 }));
        assert!(issue_at(&store, T0 + 3601, 10).await.is_ok(), "the oldest left the window");
    }

    #[tokio::test]
    async fn ten_wrong_codes_in_a_row_lock_the_method_for_thirty_minutes() {
        let (_d, store) = store();
        let code = issue_at(&store, T0, 1).await.unwrap();
        let wrong = if code.as_str() == "000000" { "111111" } else { "000000" };
        for n in 1..WRONG_TRIES_BEFORE_LOCK {
            assert_eq!(check_at(&store, wrong, T0 + n).await, CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK - n });
        }
        let until = T0 + WRONG_TRIES_BEFORE_LOCK + LOCK_SECONDS;
        assert_eq!(check_at(&store, wrong, T0 + WRONG_TRIES_BEFORE_LOCK).await, CheckOutcome::Locked { until });
        // While locked even the right code is not compared, and nothing is sent.
        assert_eq!(check_at(&store, code.as_str(), T0 + 100).await, CheckOutcome::Locked { until });
        assert_eq!(issue_at(&store, T0 + 200, 3).await, Err(IssueRefused::Locked { until }));
        // After the lock a new code works.
        let fresh = issue_at(&store, until, 4).await.unwrap();
        assert_eq!(check_at(&store, fresh.as_str(), until + 1).await, CheckOutcome::Accepted);
    }

    #[tokio::test]
    async fn a_right_code_resets_the_wrong_count_and_spaces_are_ignored() {
        let (_d, store) = store();
        let code = issue_at(&store, T0, 1).await.unwrap();
        let wrong = if code.as_str() == "000000" { "111111" } else { "000000" };
        for n in 0..5 {
            check_at(&store, wrong, T0 + n).await;
        }
        let spaced = format!("{} {}", &code.as_str()[..3], &code.as_str()[3..]);
        assert_eq!(check_at(&store, &spaced, T0 + 10).await, CheckOutcome::Accepted);
        let next = issue_at(&store, T0 + 100, 2).await.unwrap();
        let wrong = if next.as_str() == "000000" { "111111" } else { "000000" };
        assert_eq!(check_at(&store, wrong, T0 + 101).await, CheckOutcome::Wrong { tries_left: WRONG_TRIES_BEFORE_LOCK - 1 });
    }
}
