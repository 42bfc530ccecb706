//! Single-use backup codes (server only): the way back in when the phone
//! with the authenticator app is lost.
//!
//! Each code is 12 characters drawn uniformly from a 31-character alphabet
//! without the look-alikes `0 o 1 i l`, i.e. 12 × log2(31) ≈ 59.4 bits. That
//! is far beyond online guessing (sign-in attempts are rate limited), so a
//! fast hash is enough to store them: unlike passwords they are random, not
//! chosen by people, and a slow hash would buy nothing. The hash is keyed
//! (HMAC-SHA256 under the secrets key kept beside the database, see
//! `store::secrets`), so a copy of the database alone cannot be searched for
//! codes at all. Codes stored before that keep their salted SHA-256
//! ([`StoredBackupCode::Salted`]) and still work.
//! They are shown once, as `xxxx-xxxx-xxxx`, and only their hashes are kept.

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::store::secrets::SecretsKey;

/// How many codes a person receives at a time.
pub const COUNT: usize = 10;

/// Characters per code, without the hyphens.
const LEN: usize = 12;

/// Characters between hyphens in the display form.
const GROUP: usize = 4;

/// Lower case (nothing to get wrong with Caps Lock), and without `0 o 1 i l`,
/// which are read or written for one another on paper.
const ALPHABET: &[u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A code in the clear, in its display form. It exists only between
/// generation and being shown once; it never prints itself.
#[derive(Clone, PartialEq, Eq)]
pub struct PlainBackupCode(String);

impl std::fmt::Debug for PlainBackupCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainBackupCode(<redacted>)")
    }
}

impl PlainBackupCode {
    /// The hyphenated display form, `xxxx-xxxx-xxxx`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// [`COUNT`] fresh, distinct codes from the thread-local CSPRNG.
pub fn generate() -> Vec<PlainBackupCode> {
    let mut rng = rand::rng();
    let mut codes: Vec<PlainBackupCode> = Vec::with_capacity(COUNT);
    // A repeat is about as likely as guessing a code, but a list showing the
    // same code twice would look broken and give one code fewer.
    while codes.len() < COUNT {
        let mut code = String::with_capacity(LEN + LEN / GROUP - 1);
        for i in 0..LEN {
            if i > 0 && i % GROUP == 0 {
                code.push('-');
            }
            // `random_range` is unbiased (no modulo skew).
            code.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
        }
        let code = PlainBackupCode(code);
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// The canonical form of a typed code: lower case, spaces and hyphens
/// dropped (people copy them with or without, and phones capitalise the
/// first letter). `None` unless exactly 12 alphabet characters remain, so
/// a look-alike such as `0` or `l` is refused rather than guessed at.
pub fn normalize(typed: &str) -> Option<String> {
    let normalized: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_lowercase()).collect();
    let valid = normalized.len() == LEN && normalized.bytes().all(|b| ALPHABET.contains(&b));
    valid.then_some(normalized)
}

// Defined where it is stored; its behaviour is here.
pub use crate::store::credentials::StoredBackupCode;

impl StoredBackupCode {
    /// What is stored for a new code.
    pub fn keyed(key: &SecretsKey, normalized: &str) -> Self {
        Self::Keyed(key.backup_code_hash(normalized).to_vec())
    }

    /// The stored hash, which names the code when it is used.
    pub fn hash(&self) -> &[u8] {
        match self {
            Self::Keyed(hash) | Self::Salted { hash, .. } => hash,
        }
    }

    /// Whether `normalized` is this code, compared in constant time.
    pub fn matches(&self, key: &SecretsKey, normalized: &str) -> bool {
        let typed = match self {
            Self::Keyed(_) => key.backup_code_hash(normalized),
            Self::Salted { salt, .. } => salted_hash(salt, normalized),
        };
        let stored = self.hash();
        super::constant_time_eq(&typed, stored)
    }
}

/// SHA-256(salt ‖ normalized code), the scheme of codes made before the
/// keyed hash; kept only to check them.
pub fn salted_hash(salt: &[u8], normalized: &str) -> [u8; 32] {
    Sha256::new().chain_update(salt).chain_update(normalized.as_bytes()).finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_well_formed() {
        let codes = generate();
        assert_eq!(codes.len(), COUNT);
        for (i, code) in codes.iter().enumerate() {
            let s = code.as_str();
            assert_eq!(s.len(), 14, "{i}");
            let groups: Vec<&str> = s.split('-').collect();
            assert_eq!(groups.len(), 3, "{i}");
            assert!(groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b))), "{i}");
            assert_eq!(normalize(s).as_deref(), Some(s.replace('-', "").as_str()));
            assert!(codes[..i].iter().all(|other| other != code), "{i} repeats");
        }
    }

    #[test]
    fn the_alphabet_has_no_look_alikes_or_repeats() {
        for c in b"0o1il" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn plain_codes_do_not_print() {
        let code = &generate()[0];
        let shown = format!("{code:?}");
        assert!(!shown.contains(code.as_str()), "{shown}");
    }

    #[test]
    fn normalize_accepts_how_people_type() {
        let want = Some("abcd2345wxyz".to_string());
        assert_eq!(normalize("abcd-2345-wxyz"), want);
        assert_eq!(normalize("ABCD-2345-WXYZ"), want);
        assert_eq!(normalize("  abcd 2345 wxyz "), want);
        assert_eq!(normalize("abcd2345wxyz"), want);
        assert_eq!(normalize("Abcd - 2345 - Wxyz"), want);
    }

    #[test]
    fn normalize_refuses_wrong_lengths_and_characters() {
        for bad in [
            "",
            "abcd-2345-wxy",
            "abcd-2345-wxyzz",
            "abcd-2345-wxy0",
            "abcd-2345-wxyo",
            "abcd-2345-wxy1",
            "abcd-2345-wxyl",
            "abcd-2345-wxyi",
            "abcd_2345_wxyz",
            "abcd-2345-wxÿz",
            "abcd\u{2013}2345\u{2013}wxyz",
        ] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn keyed_codes_match_under_their_key_and_old_salted_ones_still_match() {
        let key = SecretsKey::from_bytes([4; 32]);
        let keyed = StoredBackupCode::keyed(&key, "abcd2345wxyz");
        assert!(keyed.matches(&key, "abcd2345wxyz"));
        assert!(!keyed.matches(&key, "abcd2345wxyy"));
        assert!(!keyed.matches(&SecretsKey::from_bytes([5; 32]), "abcd2345wxyz"), "another key");
        assert_ne!(keyed.hash(), crate::security::sha256(b"abcd2345wxyz"), "not a plain hash");

        // A row from before migration 14: SHA-256(salt ‖ code).
        let old =
            StoredBackupCode::Salted { salt: b"salt".to_vec(), hash: crate::security::sha256(b"saltabcd2345wxyz").to_vec() };
        assert!(old.matches(&key, "abcd2345wxyz"));
        assert!(!old.matches(&key, "abcd2345wxyy"));
        assert_eq!(salted_hash(b"salt", "code"), crate::security::sha256(b"saltcode"));
    }
}
