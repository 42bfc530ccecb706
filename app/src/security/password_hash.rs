//! Password hashing (server only): Argon2id at m = 19 MiB, t = 2, p = 1,
//! the OWASP / SPEC §2 floor. Hashing is deliberately slow and memory-hard,
//! so it runs on blocking threads and at most one hash per core runs at a
//! time: a burst of sign-ins queues instead of starving the async runtime or
//! exhausting memory.

use std::sync::Arc;

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
}

/// Shared by every request; clones share the same bound.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
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
    argon2()
        .hash_password(password, &salt)
        .map(|h| StoredHash(h.to_string()))
        .map_err(|e| HashError::Argon2(e.to_string()))
}

fn verify_now(password: &[u8], stored: &StoredHash) -> bool {
    // Verification reads the parameters from the stored hash, so hashes made
    // with stronger parameters later still verify.
    PasswordHash::new(&stored.0).is_ok_and(|parsed| argon2().verify_password(password, &parsed).is_ok())
}

impl PasswordHasher {
    /// At most `concurrent` hashes at once; `None` means one per core.
    pub fn new(concurrent: Option<usize>) -> Result<Self, HashError> {
        let concurrent = concurrent
            .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
            .max(1);
        let mut random = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut random);
        let dummy = hash_now(&random)?;
        Ok(Self { permits: Arc::new(Semaphore::new(concurrent)), dummy: Arc::new(dummy) })
    }

    pub async fn hash(&self, password: String) -> Result<StoredHash, HashError> {
        let _permit = self.permits.acquire().await.map_err(|e| HashError::Worker(e.to_string()))?;
        tokio::task::spawn_blocking(move || hash_now(password.as_bytes()))
            .await
            .map_err(|e| HashError::Worker(e.to_string()))?
    }

    /// Checks `password` against `stored`; with no stored hash (unknown
    /// login) it does the same work against a dummy and answers false.
    pub async fn verify(&self, password: String, stored: Option<StoredHash>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else { return false };
        let (target, known) = match stored {
            Some(s) => (s, true),
            None => ((*self.dummy).clone(), false),
        };
        let matched = tokio::task::spawn_blocking(move || verify_now(password.as_bytes(), &target)).await.unwrap_or(false);
        matched && known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_at_the_floor_and_verify() {
        let hasher = PasswordHasher::new(Some(2)).unwrap();
        let stored = hasher.hash("Correct#Horse9".into()).await.unwrap();
        assert!(stored.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", stored.as_str());
        assert!(!format!("{stored:?}").contains("argon2id"), "Debug must not print the hash");
        assert!(hasher.verify("Correct#Horse9".into(), Some(stored.clone())).await);
        assert!(!hasher.verify("correct#horse9".into(), Some(stored.clone())).await);
        // Same password, new salt, different hash.
        assert_ne!(hasher.hash("Correct#Horse9".into()).await.unwrap(), stored);
    }

    #[tokio::test]
    async fn an_unknown_login_never_verifies_even_with_the_dummy_password() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        assert!(!hasher.verify(String::new(), None).await);
        assert!(!hasher.verify("anything".into(), None).await);
        assert!(!hasher.verify("x".into(), Some(StoredHash::from_stored("not a phc string".into()))).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_hashes_are_bounded_not_refused() {
        let hasher = PasswordHasher::new(Some(1)).unwrap();
        let jobs: Vec<_> = (0..3).map(|n| {
            let h = hasher.clone();
            tokio::spawn(async move { h.hash(format!("Password#{n}")).await })
        }).collect();
        for job in jobs {
            assert!(job.await.unwrap().is_ok());
        }
        assert_eq!(hasher.permits.available_permits(), 1);
    }
}
