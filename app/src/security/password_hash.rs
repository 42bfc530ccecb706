//! Password hashing (server only): Argon2id at m = 19 MiB, t = 2, p = 1,
//! the OWASP / SPEC §2 floor. Hashing is deliberately slow and memory-hard,
//! so it runs on blocking threads and at most one hash per core runs at a
//! time: a burst of sign-ins queues instead of starving the async runtime or
//! exhausting memory. The queue itself is short and bounded: past it a
//! request is refused at once with [`HashError::Busy`] (the page says "busy,
//! try again in a moment", HTTP 503), so a flood can never make a real
//! sign-in wait without end.
//!
//! The queue is split so that a flood cannot fill it for everyone (see
//! [`Queue`]): strangers wait in the open part, at most a few places per
//! client address; a person who has already proved something (a browser
//! the login signed in on before, a signed-in session) waits in the known
//! part, two places per login, which strangers never reach.

use crate::store::LoginId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::Semaphore;

/// Argon2 memory cost in KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

/// A PHC-format Argon2id hash as stored. Deliberately not `Serialize`: it
/// cannot be sent to a browser by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredHash(String);

impl StoredHash {
    /// Wraps a hash read back from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for StoredHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoredHash(<redacted>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2: {0}")]
    Argon2(String),
    #[error("the hashing worker failed: {0}")]
    Worker(String),
    /// Every hashing slot and every place in the queue is taken.
    #[error("the password hasher is busy")]
    Busy,
}

/// How many requests may wait for a hashing slot, per slot: a short queue
/// (a second or so of work) smooths bursts; anything beyond is refused.
pub const QUEUE_PER_SLOT: usize = 4;

/// Places one key of the known part may hold at once.
pub const KNOWN_PER_KEY: usize = 2;

/// Which part of the queue a request waits in, and under what key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Queue {
    /// On behalf of a login whose owner proved something before this
    /// request: a browser the login signed in on before (its device cookie,
    /// not locked), a signed-in session, a reset code typed right. Keyed by
    /// the login, [`KNOWN_PER_KEY`] places each (a double-clicked button is
    /// not "busy"): an attacker's own account buys a flood two places
    /// however many browsers it signed in on, never the part.
    Known { login_id: LoginId },
    /// Everyone else, keyed by client address (`store::sign_in::client_key`):
    /// one address holds at most [`QUEUE_PER_SLOT`] places, so it takes a
    /// crowd of addresses to fill the open part.
    Open(String),
}

impl Queue {
    /// The open part, for a request from `ip` (its /64 for IPv6).
    pub fn open(ip: Option<&str>) -> Self {
        Self::Open(crate::store::sign_in::client_key(ip.unwrap_or("unknown")))
    }

    /// The known part, on behalf of `login_id`.
    pub fn for_login(login_id: LoginId) -> Self {
        Self::Known { login_id }
    }

    /// How many places one key may hold at once.
    fn per_key(&self) -> usize {
        match self {
            Queue::Known { .. } => KNOWN_PER_KEY,
            Queue::Open(_) => QUEUE_PER_SLOT,
        }
    }
}

/// What the hasher has done since start, for `make bench` and the tests that
/// show a burst of wrong passwords is cut off before it reaches Argon2.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HashStats {
    /// Verifications against a login's stored hash.
    pub verified_stored: u64,
    /// Verifications against the dummy hash (unknown or locked login).
    pub verified_dummy: u64,
    pub hashed: u64,
    /// Requests turned away because their part of the queue, or their
    /// key's share of it, was full.
    pub refused_busy: u64,
    /// Of those, how many asked for the known part.
    pub refused_known: u64,
}

#[derive(Debug, Default)]
struct Counters {
    verified_stored: AtomicU64,
    verified_dummy: AtomicU64,
    hashed: AtomicU64,
    refused_busy: AtomicU64,
    refused_known: AtomicU64,
}

/// Who holds places in the queue now.
#[derive(Debug, Default)]
struct Places {
    known: usize,
    open: usize,
    by_key: HashMap<Queue, usize>,
}

/// Shared by every request; clones share the same bound.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Requests holding or waiting for a permit; each part bounded by `capacity`.
    places: Arc<Mutex<Places>>,
    capacity: usize,
    /// Overrides every key's share (see [`PasswordHasher::sharing`]).
    per_key: Option<usize>,
    counters: Arc<Counters>,
    /// A hash of a random password, verified against when the login is
    /// unknown so that "no such user" costs the same time as "wrong password".
    dummy: Arc<StoredHash>,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants known to be valid.
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &[u8]) -> Result<StoredHash, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password, &salt).map(|h| StoredHash(h.to_string())).map_err(|e| HashError::Argon2(e.to_string()))
}

fn verify_now(password: &[u8], stored: &StoredHash) -> bool {
    // Verification reads the parameters from the stored hash, so hashes made
    // with stronger parameters later still verify.
    PasswordHash::new(&stored.0).is_ok_and(|parsed| argon2().verify_password(password, &parsed).is_ok())
}

impl PasswordHasher {
    /// At most `concurrent` hashes at once; `None` means one per core.
    pub fn new(concurrent: Option<usize>) -> Result<Self, HashError> {
        let concurrent = concurrent.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)).max(1);
        let mut random = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut random);
        let dummy = hash_now(&random)?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrent)),
            places: Arc::default(),
            per_key: None,
            capacity: concurrent * (1 + QUEUE_PER_SLOT),
            counters: Arc::new(Counters::default()),
            dummy: Arc::new(dummy),
        })
    }

    /// Lets any one key hold up to `per_key` places: for tests that aim a
    /// burst from one browser past the queue, at the limits behind it.
    pub fn sharing(mut self, per_key: usize) -> Self {
        self.per_key = Some(per_key);
        self
    }

    /// A place in `queue`, or `Busy` when that part or the key's share of
    /// it is full. Taken before any limit is counted (so a busy answer
    /// costs the person nothing) and given back when the ticket is dropped,
    /// however the request ended.
    pub fn admit(&self, queue: Queue) -> Result<HashTicket, HashError> {
        let mut places = self.places.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let held = places.by_key.get(&queue).copied().unwrap_or(0);
        let part = match queue {
            Queue::Known { .. } => places.known,
            Queue::Open(_) => places.open,
        };
        if part >= self.capacity || held >= self.per_key.unwrap_or_else(|| queue.per_key()) {
            self.counters.refused_busy.fetch_add(1, Ordering::Relaxed);
            if matches!(queue, Queue::Known { .. }) {
                self.counters.refused_known.fetch_add(1, Ordering::Relaxed);
            }
            return Err(HashError::Busy);
        }
        match queue {
            Queue::Known { .. } => places.known += 1,
            Queue::Open(_) => places.open += 1,
        }
        places.by_key.insert(queue.clone(), held + 1);
        Ok(HashTicket { hasher: self.clone(), admitted: Admitted { places: self.places.clone(), queue } })
    }

    pub async fn hash(&self, queue: Queue, password: String) -> Result<StoredHash, HashError> {
        self.admit(queue)?.hash(password).await
    }

    /// Checks `password` against `stored`; with no stored hash (unknown or
    /// locked login) it does the same work against a dummy and answers
    /// false. `Err(Busy)` when the queue is full: nothing was checked.
    pub async fn verify(&self, queue: Queue, password: String, stored: Option<StoredHash>) -> Result<bool, HashError> {
        self.admit(queue)?.verify(password, stored).await
    }

    /// Places held in the queue now (known part, open part).
    pub fn queued(&self) -> (usize, usize) {
        let places = self.places.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (places.known, places.open)
    }

    pub fn stats(&self) -> HashStats {
        let c = &self.counters;
        HashStats {
            verified_stored: c.verified_stored.load(Ordering::Relaxed),
            verified_dummy: c.verified_dummy.load(Ordering::Relaxed),
            hashed: c.hashed.load(Ordering::Relaxed),
            refused_busy: c.refused_busy.load(Ordering::Relaxed),
            refused_known: c.refused_known.load(Ordering::Relaxed),
        }
    }
}

/// A place in the hashing queue: one hash or verification to run.
pub struct HashTicket {
    hasher: PasswordHasher,
    admitted: Admitted,
}

impl HashTicket {
    /// Waits for a hashing slot, then runs `work` on a blocking thread. The
    /// slot and the queue place go into that thread and are given back when
    /// the work ends, not when the request does: a client that hangs up
    /// mid-hash cannot free them early and start more Argon2 runs than the
    /// bound allows.
    async fn run<T: Send + 'static>(self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        let permit = self.hasher.permits.clone().acquire_owned().await.map_err(|e| HashError::Worker(e.to_string()))?;
        let admitted = self.admitted;
        tokio::task::spawn_blocking(move || {
            let done = work();
            drop((permit, admitted));
            done
        })
        .await
        .map_err(|e| HashError::Worker(e.to_string()))
    }

    pub async fn hash(self, password: String) -> Result<StoredHash, HashError> {
        let counters = self.hasher.counters.clone();
        self.run(move || {
            counters.hashed.fetch_add(1, Ordering::Relaxed);
            hash_now(password.as_bytes())
        })
        .await?
    }

    /// See [`PasswordHasher::verify`].
    pub async fn verify(self, password: String, stored: Option<StoredHash>) -> Result<bool, HashError> {
        let (target, known) = match stored {
            Some(s) => (s, true),
            None => ((*self.hasher.dummy).clone(), false),
        };
        let counters = self.hasher.counters.clone();
        let matched = self
            .run(move || {
                let counter = if known { &counters.verified_stored } else { &counters.verified_dummy };
                counter.fetch_add(1, Ordering::Relaxed);
                verify_now(password.as_bytes(), &target)
            })
            .await?;
        Ok(matched && known)
    }
}

/// Gives a queue place back when dropped, however the request ended.
struct Admitted {
    places: Arc<Mutex<Places>>,
    queue: Queue,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut places = self.places.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match self.queue {
            Queue::Known { .. } => places.known -= 1,
            Queue::Open(_) => places.open -= 1,
        }
        // Keys come and go with requests: forget one that holds nothing.
        if let Some(held) = places.by_key.get_mut(&self.queue) {
            *held -= 1;
            if *held == 0 {
                places.by_key.remove(&self.queue);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> Queue {
        Queue::open(Some("192.0.2.1"))
    }

    #[tokio::test]
    async fn hashes_are_argon2id_at_the_floor_and_verify() {
        let hasher = PasswordHasher::new(Some(2)).unwrap();
        let stored = hasher.hash(here(), "Correct#Horse9".into()).await.unwrap();
        assert!(stored.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", stored.as_str());
        assert!(!format!("{stored:?}").contains("argon2id"), "Debug must not print the hash");
        assert!(hasher.verify(here(), "Correct#Horse9".into(), Some(stored.clone())).await.unwrap());
        assert!(!hasher.verify(here(), "correct#horse9".into(), Some(stored.clone())).await.unwrap());
        // Same password, new salt, different hash.
        assert_ne!(hasher.hash(here(), "Correct#Horse9".into()).await.unwrap(), stored);
    }

    #[tokio::test]
    async fn an_unknown_login_never_verifies_even_with_the_dummy_password() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        assert!(!hasher.verify(here(), String::new(), None).await.unwrap());
        assert!(!hasher.verify(here(), "anything".into(), None).await.unwrap());
        assert!(!hasher.verify(here(), "x".into(), Some(StoredHash::from_stored("not a phc string".into()))).await.unwrap());
        assert_eq!(hasher.stats().verified_dummy, 2);
        assert_eq!(hasher.stats().verified_stored, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_hashes_are_bounded_not_refused() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        let jobs: Vec<_> = (0..3)
            .map(|n| {
                let h = hasher.clone();
                tokio::spawn(async move { h.hash(Queue::open(Some("192.0.2.1")), format!("Password#{n}")).await })
            })
            .collect();
        for job in jobs {
            assert!(job.await.unwrap().is_ok());
        }
        assert_eq!(hasher.permits.available_permits(), 1);
        assert_eq!(hasher.queued(), (0, 0), "every queue place was given back");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn past_the_short_queue_a_request_is_refused_at_once() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        let capacity = 1 + QUEUE_PER_SLOT;
        // Each from its own address, so only the part's bound applies.
        let jobs: Vec<_> = (0..capacity + 6)
            .map(|n| {
                let h = hasher.clone();
                tokio::spawn(
                    async move { h.verify(Queue::open(Some(&format!("192.0.2.{n}"))), format!("Password#{n}"), None).await },
                )
            })
            .collect();
        let mut busy = 0;
        for job in jobs {
            match job.await.unwrap() {
                Ok(matched) => assert!(!matched),
                Err(HashError::Busy) => busy += 1,
                Err(other) => panic!("{other}"),
            }
        }
        let stats = hasher.stats();
        assert!(busy >= 6, "at least the requests beyond the queue were refused, got {busy}");
        assert_eq!(stats.refused_busy, busy as u64);
        assert_eq!(stats.verified_dummy + stats.refused_busy, (capacity + 6) as u64);
        assert_eq!(hasher.queued(), (0, 0));
    }

    #[tokio::test]
    async fn one_address_holds_only_its_share_of_the_open_part() {
        let hasher = PasswordHasher::new(Some(2)).unwrap();
        let one = || Queue::open(Some("2001:db8:1:2::7"));
        let held: Vec<_> = (0..QUEUE_PER_SLOT).map(|_| hasher.admit(one()).expect("within the share")).collect();
        // The same /64 under another address is the same client.
        assert!(matches!(hasher.admit(Queue::open(Some("2001:db8:1:2::99"))), Err(HashError::Busy)));
        assert!(hasher.admit(Queue::open(Some("2001:db8:1:3::7"))).is_ok(), "another client still gets a place");
        drop(held);
        assert!(hasher.admit(one()).is_ok(), "the places were given back");
    }

    #[tokio::test]
    async fn a_flood_from_many_addresses_leaves_known_logins_their_places() {
        let hasher = PasswordHasher::new(Some(2)).unwrap();
        let flood: Vec<_> =
            (0..).map(|n| hasher.admit(Queue::open(Some(&format!("198.51.100.{n}"))))).take_while(Result::is_ok).collect();
        assert_eq!(flood.len(), hasher.capacity, "the open part filled");
        assert!(matches!(hasher.admit(Queue::open(Some("203.0.113.5"))), Err(HashError::Busy)), "a new stranger is told busy");

        let owner = hasher.admit(Queue::for_login(LoginId::test(7)));
        assert!(owner.is_ok(), "a login's known browser or session still gets a place");
        let double_click = hasher.admit(Queue::for_login(LoginId::test(7)));
        assert!(double_click.is_ok(), "a double-click is not busy");
        // One account, however many browsers: two places, never the part.
        assert!(matches!(hasher.admit(Queue::for_login(LoginId::test(7))), Err(HashError::Busy)));
        let another = hasher.admit(Queue::for_login(LoginId::test(8)));
        assert!(another.is_ok(), "another login is not held back by it");
        assert_eq!(hasher.stats().refused_known, 1);
        assert_eq!(hasher.queued(), (3, hasher.capacity));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_that_hangs_up_mid_hash_keeps_its_slot_until_the_hash_ends() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        let ticket = hasher.admit(Queue::open(Some("192.0.2.1"))).unwrap();
        let hashing = tokio::spawn(ticket.hash("Correct#Horse9".into()));
        // Wait until the hash has started (the slot is taken), then hang up.
        while hasher.permits.available_permits() == 1 {
            tokio::task::yield_now().await;
        }
        hashing.abort();
        assert_eq!(hasher.permits.available_permits(), 0, "the running hash still holds its slot");
        assert_eq!(hasher.queued(), (0, 1), "and its place");
        while hasher.queued() != (0, 0) {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(hasher.permits.available_permits(), 1, "both come back when the hash ends");
    }
}
