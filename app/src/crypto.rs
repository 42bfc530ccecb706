//! The few cryptographic primitives every server layer uses, the store
//! included: SHA-256, hexadecimal, random tokens and constant-time
//! comparison (server only). They sit at the bottom, with the rules, so the
//! store never reaches up into `security` for them; `security` re-exports
//! them for everyone above.

use sha2::{Digest, Sha256};

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Equality whose running time depends only on the lengths, not on where
/// the first difference is: for codes and hashes a guesser must not learn
/// by timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

/// Lower-case hexadecimal, as tokens, keys and digests are written.
pub fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// `bytes` random bytes from the operating system's generator, in hex: a
/// new cookie value or token.
pub fn random_hex(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut raw);
    hex(&raw)
}
