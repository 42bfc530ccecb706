//! Time-based one-time passwords (server only): RFC 6238 TOTP with
//! HMAC-SHA1, 6 digits and 30-second steps, because that is the only
//! combination every authenticator app (Google, Microsoft, Authy, 1Password,
//! …) accepts from an `otpauth://` QR code. It is written directly on
//! `hmac` + `sha1` so the whole algorithm fits on one screen and can be
//! checked against the RFC's own test vectors below.
//!
//! The shared secret is as sensitive as a password: [`TotpSecret`] never
//! prints itself, and nothing here logs a code or a secret.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

// Defined where it is stored; its behaviour is here.
pub use crate::store::credentials::TotpSecret;

/// Length of one time step; also the `period` every app assumes by default.
pub const STEP_SECONDS: i64 = 30;

/// Shown by the authenticator app next to the account name.
pub const ISSUER: &str = "Michigan SOS CARS e-Services";

/// Digits per code; `10^DIGITS` is the modulus of the truncated HMAC.
const DIGITS: usize = 6;
const MODULUS: u32 = 1_000_000;

/// 160 bits, the HMAC-SHA1 output size, as RFC 4226 §4 recommends.
const SECRET_BYTES: usize = 20;

/// How many steps either side of "now" are accepted, for phone clocks that
/// drift and for people who type the code just as it rolls over.
const DRIFT_STEPS: i64 = 1;

impl TotpSecret {
    /// A fresh random secret from the thread-local CSPRNG.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }

    /// Unpadded upper-case base32, as it goes into the `otpauth://` URI.
    pub fn base32(&self) -> String {
        data_encoding::BASE32_NOPAD.encode(self.as_bytes())
    }

    /// The base32 key in groups of four, for people who cannot scan the QR
    /// code and type the key into their app instead.
    pub fn base32_grouped(&self) -> String {
        let plain = self.base32();
        let mut out = String::with_capacity(plain.len() + plain.len() / 4);
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    /// Parses base32 as [`base32`](Self::base32) or
    /// [`base32_grouped`](Self::base32_grouped) writes it, and as people
    /// retype it: spaces ignored, any case, trailing `=` padding tolerated.
    /// `None` for an empty key, a character outside the alphabet, or a length
    /// no whole number of bytes encodes to.
    pub fn from_base32(s: &str) -> Option<TotpSecret> {
        let mut symbols: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).map(|b| b.to_ascii_uppercase()).collect();
        while symbols.last() == Some(&b'=') {
            symbols.pop();
        }
        if symbols.is_empty() {
            return None;
        }
        data_encoding::BASE32_NOPAD.decode(&symbols).ok().map(TotpSecret::from_bytes)
    }
}

/// The URI an authenticator app reads from the enrolment QR code (the
/// Google Authenticator "Key Uri Format"). The parameters that are already
/// the defaults are spelled out anyway because some apps ignore defaults
/// they were not told about.
pub fn otpauth_uri(secret: &TotpSecret, account: &str) -> String {
    let issuer = percent_encode(ISSUER);
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        account = percent_encode(account),
        secret = secret.base32(),
    )
}

/// An issuer or account name as one part of the URI (see [`super::NOT_UNRESERVED`]).
fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, super::NOT_UNRESERVED).to_string()
}

/// The time step a Unix time falls in (floor division, so times before
/// 1970 would still land in the right step).
fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECONDS)
}

/// The 6-digit code for one time step (RFC 4226 HOTP with the step as the
/// counter), zero-padded.
pub fn code_at(secret: &TotpSecret, step: i64) -> String {
    format!("{:0width$}", code_value(secret, step), width = DIGITS)
}

fn code_value(secret: &TotpSecret, step: i64) -> u32 {
    #[allow(clippy::expect_used, reason = "HMAC is defined for keys of every length: new_from_slice cannot fail")]
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    // The counter is the step as an unsigned 64-bit big-endian integer;
    // steps before 1970 never occur, and the cast cannot panic either way.
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // Dynamic truncation (RFC 4226 §5.3).
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([digest[offset], digest[offset + 1], digest[offset + 2], digest[offset + 3]]) & 0x7fff_ffff;
    binary % MODULUS
}

/// Checks a typed code against the steps around `now_unix` and returns the
/// step it matched, which the caller must store as the new
/// `last_used_step`. Steps at or before `last_used_step` are never accepted,
/// so a code that was seen (over a shoulder, or in a replayed request)
/// cannot be used again while it is still inside the drift window.
pub fn verify(secret: &TotpSecret, typed: &str, now_unix: i64, last_used_step: Option<i64>) -> Option<i64> {
    let typed: Vec<u8> = typed.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if typed.len() != DIGITS || !typed.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let now = step_of(now_unix);
    let mut matched = None;
    // Every candidate is computed and compared in full, so the time taken
    // does not reveal which step (if any) matched.
    for step in (now - DRIFT_STEPS)..=(now + DRIFT_STEPS) {
        let fresh = last_used_step.is_none_or(|last| step > last);
        let expected = code_at(secret, step);
        if super::constant_time_eq(expected.as_bytes(), &typed) && fresh {
            // The latest match wins: it retires the most steps.
            matched = Some(step);
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec())
    }

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 Appendix B, SHA1 rows; the last 6 of the 8 digits.
        let vectors: &[(i64, &str)] = &[
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ];
        let secret = rfc_secret();
        for &(time, code) in vectors {
            assert_eq!(code_at(&secret, step_of(time)), code, "T = {time}");
            assert_eq!(verify(&secret, code, time, None), Some(step_of(time)), "T = {time}");
        }
    }

    #[test]
    fn base32_known_vector_and_round_trip() {
        let secret = rfc_secret();
        assert_eq!(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret.base32_grouped(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        let back = TotpSecret::from_base32("gezd gnbv gy3t qojq GEZD GNBV GY3T QOJQ").expect("valid base32");
        assert_eq!(back.as_bytes(), secret.as_bytes());

        // RFC 4648 §10 vectors, padding stripped, cover every tail length.
        for (plain, encoded) in
            [("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        {
            assert_eq!(TotpSecret::from_bytes(plain.as_bytes().to_vec()).base32(), encoded);
            assert_eq!(TotpSecret::from_base32(encoded).expect(encoded).as_bytes(), plain.as_bytes());
        }
        assert_eq!(TotpSecret::from_base32("MZXW6===").expect("padded").as_bytes(), b"foo");

        for _ in 0..20 {
            let s = TotpSecret::generate();
            assert_eq!(s.as_bytes().len(), SECRET_BYTES);
            let grouped = TotpSecret::from_base32(&s.base32_grouped()).expect("own output parses");
            assert_eq!(grouped.as_bytes(), s.as_bytes());
        }
    }

    #[test]
    fn malformed_base32_is_refused() {
        for bad in ["", "   ", "====", "GEZD1", "GEZD0NBV", "GEZ", "G", "MZXW6Y", "GE-ZD"] {
            assert!(TotpSecret::from_base32(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn the_secret_does_not_print() {
        let shown = format!("{:?}", rfc_secret());
        assert!(!shown.contains("GEZD") && !shown.contains("49"), "{shown}");
    }

    #[test]
    fn one_step_of_drift_is_accepted_either_way() {
        let secret = rfc_secret();
        let now = 1_700_000_000;
        let step = step_of(now);
        assert_eq!(verify(&secret, &code_at(&secret, step - 1), now, None), Some(step - 1));
        assert_eq!(verify(&secret, &code_at(&secret, step), now, None), Some(step));
        assert_eq!(verify(&secret, &code_at(&secret, step + 1), now, None), Some(step + 1));
        assert_eq!(verify(&secret, &code_at(&secret, step - 2), now, None), None);
        assert_eq!(verify(&secret, &code_at(&secret, step + 2), now, None), None);
    }

    #[test]
    fn a_used_step_is_not_accepted_again() {
        let secret = rfc_secret();
        let now = 1_700_000_000;
        let step = step_of(now);
        let code = code_at(&secret, step);
        assert_eq!(verify(&secret, &code, now, None), Some(step));
        assert_eq!(verify(&secret, &code, now, Some(step)), None);
        assert_eq!(verify(&secret, &code, now + STEP_SECONDS, Some(step)), None);
        // An older code in the window is refused once a newer one was used.
        assert_eq!(verify(&secret, &code_at(&secret, step - 1), now, Some(step)), None);
        // The next step's code is still fine.
        assert_eq!(verify(&secret, &code_at(&secret, step + 1), now + STEP_SECONDS, Some(step)), Some(step + 1));
    }

    #[test]
    fn typed_codes_are_cleaned_and_malformed_ones_refused() {
        let secret = rfc_secret();
        assert_eq!(verify(&secret, " 287 082 ", 59, None), Some(1));
        assert_eq!(verify(&secret, "287\t082\n", 59, None), Some(1));
        for bad in ["", "28708", "2870820", "28708a", "２８７０８２", "-87082", "287-082", "0x1234"] {
            assert_eq!(verify(&secret, bad, 59, None), None, "{bad:?}");
        }
    }

    #[test]
    fn otpauth_uri_shape() {
        let uri = otpauth_uri(&rfc_secret(), "pat.o'neil+shop@example.com");
        assert_eq!(
            uri,
            "otpauth://totp/Michigan%20SOS%20CARS%20e-Services:pat.o%27neil%2Bshop%40example.com\
             ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Michigan%20SOS%20CARS%20e-Services\
             &algorithm=SHA1&digits=6&period=30"
        );
        // Structure characters in an account name stay inside the label.
        let tricky = otpauth_uri(&rfc_secret(), "a:b?c&d#e é");
        assert!(tricky.contains(":a%3Ab%3Fc%26d%23e%20%C3%A9?secret="), "{tricky}");
    }
}
