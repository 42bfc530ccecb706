//! What a phone number may be (SPEC §2, step 1): a U.S. (NANP) number in any
//! common typing — "(517) 555-0123", "517.555.0123", "+1 517 555 0123",
//! "1-517-555-0123" — kept in E.164 ("+15175550123"). A work phone may carry
//! an extension ("x123", "ext. 123", "extension 123", ",123"); a mobile
//! number, which receives text messages, may not.
//!
//! NANP numbers are NXX-NXX-XXXX: area code and exchange start with 2–9, and
//! N11 codes (211 … 911) are service codes, never area codes. 555-0100 to
//! 555-0199 are reserved for fiction, but they are real NANP numbers and are
//! accepted (the demo and the tests use them).

use crate::messages::rules::phone as words;

pub const MAX_EXTENSION_LEN: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneKind {
    /// Work Phone Number: required, may have an extension.
    Work,
    /// Mobile Number: optional, receives text messages, no extension.
    Mobile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneProblem {
    Empty,
    NotTenDigits,
    BadAreaCode,
    BadExchange,
    ExtensionNotAllowed,
    BadExtension,
}

impl PhoneProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => words::ENTER_A_PHONE_NUMBER_LIKE,
            Self::NotTenDigits => words::ENTER_A_10_DIGIT_U,
            Self::BadAreaCode => words::CHECK_THE_AREA_CODE_IT,
            Self::BadExchange => words::CHECK_THE_PHONE_NUMBER,
            Self::ExtensionNotAllowed => words::A_MOBILE_NUMBER_CANNOT,
            Self::BadExtension => words::AN_EXTENSION_HAS_1_TO,
        }
    }
}

/// A checked U.S. phone number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    /// "+1" and 10 digits.
    pub e164: String,
    /// 1 to 6 digits; only on a work phone.
    pub extension: Option<String>,
}

impl Phone {
    /// As people read it: "(517) 555-0123 ext. 123".
    pub fn display(&self) -> String {
        let digits = self.e164.strip_prefix("+1").unwrap_or(&self.e164);
        let mut shown = match (digits.get(0..3), digits.get(3..6), digits.get(6..)) {
            (Some(area), Some(exchange), Some(line)) if digits.len() == 10 => {
                format!("({area}) {exchange}-{line}")
            }
            _ => self.e164.clone(),
        };
        if let Some(extension) = &self.extension {
            shown.push_str(words::EXT);
            shown.push_str(extension);
        }
        shown
    }
}

/// Separators people type between the digits of a number.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '(' | ')' | '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '.' | '/')
}

/// Words that start an extension, longest first so "ext." wins over "ext".
const EXTENSION_MARKERS: [&str; 6] = ["extension", "ext.", "ext", "x", ",", "#"];

/// The 10 national digits of the number part (no extension).
fn national_digits(number: &str) -> Result<String, PhoneProblem> {
    let number = number.trim();
    let (has_plus, rest) = match number.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    let mut digits = String::with_capacity(11);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !is_separator(c) {
            return Err(PhoneProblem::NotTenDigits);
        }
    }
    // A "+" announces a country code, and only +1 is the NANP.
    match (has_plus, digits.len(), digits.strip_prefix('1')) {
        (false, 10, _) => Ok(digits),
        (_, 11, Some(national)) => Ok(national.to_string()),
        _ => Err(PhoneProblem::NotTenDigits),
    }
}

/// Reads what follows the number: a marker, then 1 to 6 digits.
fn extension_digits(text: &str) -> Result<String, PhoneProblem> {
    let lower = text.to_ascii_lowercase();
    let Some(after) = EXTENSION_MARKERS.iter().find_map(|marker| lower.strip_prefix(marker)) else {
        // Letters that are no extension marker ("555-CARS") are not a number.
        return Err(PhoneProblem::NotTenDigits);
    };
    let digits = after.trim_start_matches([' ', '.', ':']).trim_end();
    if (1..=MAX_EXTENSION_LEN).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits.to_string())
    } else {
        Err(PhoneProblem::BadExtension)
    }
}

/// Checks a phone number as typed; empty is `Empty` (see [`parse_optional`]
/// for the Mobile Number, which may be left blank).
pub fn parse(input: &str, kind: PhoneKind) -> Result<Phone, PhoneProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(PhoneProblem::Empty);
    }
    let (number, extension) = match input.find(|c: char| c.is_ascii_alphabetic() || c == ',' || c == '#') {
        Some(at) => (&input[..at], Some(&input[at..])),
        None => (input, None),
    };
    let digits = national_digits(number)?;
    let bytes = digits.as_bytes();
    if !(b'2'..=b'9').contains(&bytes[0]) || &bytes[1..3] == b"11" {
        return Err(PhoneProblem::BadAreaCode);
    }
    if !(b'2'..=b'9').contains(&bytes[3]) {
        return Err(PhoneProblem::BadExchange);
    }
    let extension = match (extension, kind) {
        (None, _) => None,
        (Some(_), PhoneKind::Mobile) => return Err(PhoneProblem::ExtensionNotAllowed),
        (Some(text), PhoneKind::Work) => Some(extension_digits(text)?),
    };
    Ok(Phone { e164: format!("+1{digits}"), extension })
}

/// Like [`parse`], but a blank field is `Ok(None)`.
pub fn parse_optional(input: &str, kind: PhoneKind) -> Result<Option<Phone>, PhoneProblem> {
    if input.trim().is_empty() { Ok(None) } else { parse(input, kind).map(Some) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(e164: &str, extension: Option<&str>) -> Phone {
        Phone { e164: e164.to_string(), extension: extension.map(str::to_string) }
    }

    #[test]
    fn work_phone_table() {
        let plain = || Ok(phone("+15175550123", None));
        let with_ext = |ext: &str| Ok(phone("+15175550123", Some(ext)));
        let cases: Vec<(&str, Result<Phone, PhoneProblem>)> = vec![
            ("(517) 555-0123", plain()),
            ("517.555.0123", plain()),
            ("517-555-0123", plain()),
            ("5175550123", plain()),
            ("+1 517 555 0123", plain()),
            ("+1 (517) 555-0123", plain()),
            ("+15175550123", plain()),
            ("1-517-555-0123", plain()),
            ("1 (517) 555-0123", plain()),
            ("15175550123", plain()),
            ("  517 / 555\u{a0}0123  ", plain()),
            ("517\u{2013}555\u{2013}0123", plain()),
            ("(517) 555-0123 x123", with_ext("123")),
            ("(517) 555-0123x123", with_ext("123")),
            ("(517) 555-0123 X 123", with_ext("123")),
            ("517-555-0123 ext. 123", with_ext("123")),
            ("517-555-0123 Ext 123", with_ext("123")),
            ("517-555-0123 ext.123", with_ext("123")),
            ("517-555-0123 extension 123", with_ext("123")),
            ("517-555-0123 EXTENSION: 123", with_ext("123")),
            ("517-555-0123,123", with_ext("123")),
            ("517-555-0123 #4", with_ext("4")),
            ("517-555-0123 x123456", with_ext("123456")),
            ("(906) 211-4567", Ok(phone("+19062114567", None))),
            ("", Err(PhoneProblem::Empty)),
            ("   ", Err(PhoneProblem::Empty)),
            ("555-0123", Err(PhoneProblem::NotTenDigits)),
            ("517555012", Err(PhoneProblem::NotTenDigits)),
            ("51755501234", Err(PhoneProblem::NotTenDigits)),
            ("25175550123", Err(PhoneProblem::NotTenDigits)),
            ("+5175550123", Err(PhoneProblem::NotTenDigits)),
            ("+44 20 7946 0958", Err(PhoneProblem::NotTenDigits)),
            ("+1 517 555 0123 4", Err(PhoneProblem::NotTenDigits)),
            ("517+555-0123", Err(PhoneProblem::NotTenDigits)),
            ("517-555-CARS", Err(PhoneProblem::NotTenDigits)),
            ("517_555_0123", Err(PhoneProblem::NotTenDigits)),
            ("ext 123", Err(PhoneProblem::NotTenDigits)),
            ("(017) 555-0123", Err(PhoneProblem::BadAreaCode)),
            ("(117) 555-0123", Err(PhoneProblem::BadAreaCode)),
            ("(411) 555-0123", Err(PhoneProblem::BadAreaCode)),
            ("(911) 555-0123", Err(PhoneProblem::BadAreaCode)),
            ("1 (211) 555-0123", Err(PhoneProblem::BadAreaCode)),
            ("(517) 055-0123", Err(PhoneProblem::BadExchange)),
            ("(517) 155-0123", Err(PhoneProblem::BadExchange)),
            ("517-555-0123 x", Err(PhoneProblem::BadExtension)),
            ("517-555-0123 ext.", Err(PhoneProblem::BadExtension)),
            ("517-555-0123 x1234567", Err(PhoneProblem::BadExtension)),
            ("517-555-0123 x12a", Err(PhoneProblem::BadExtension)),
            ("517-555-0123 x 1 2", Err(PhoneProblem::BadExtension)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input, PhoneKind::Work), expected, "{input:?}");
        }
    }

    #[test]
    fn mobile_number_has_no_extension_and_may_be_blank() {
        assert_eq!(parse("517-555-0123", PhoneKind::Mobile), Ok(phone("+15175550123", None)));
        assert_eq!(parse("517-555-0123 x12", PhoneKind::Mobile), Err(PhoneProblem::ExtensionNotAllowed));
        assert_eq!(parse("517-555-0123,12", PhoneKind::Mobile), Err(PhoneProblem::ExtensionNotAllowed));
        // The number's own problem comes first.
        assert_eq!(parse("017-555-0123 x12", PhoneKind::Mobile), Err(PhoneProblem::BadAreaCode));
        assert_eq!(parse("", PhoneKind::Mobile), Err(PhoneProblem::Empty));
        assert_eq!(parse_optional("  ", PhoneKind::Mobile), Ok(None));
        assert_eq!(parse_optional("5175550123", PhoneKind::Mobile), Ok(Some(phone("+15175550123", None))));
        assert_eq!(parse_optional("12", PhoneKind::Mobile), Err(PhoneProblem::NotTenDigits));
    }

    #[test]
    fn display_table() {
        let cases: &[(Phone, &str)] = &[
            (phone("+15175550123", None), "(517) 555-0123"),
            (phone("+15175550123", Some("123")), "(517) 555-0123 ext. 123"),
            // A malformed stored value is shown as it is rather than panicking.
            (phone("+4420", None), "+4420"),
        ];
        for (p, expected) in cases {
            assert_eq!(p.display(), *expected);
        }
    }

    #[test]
    fn messages() {
        assert_eq!(PhoneProblem::NotTenDigits.message(), "Enter a 10-digit U.S. phone number, like (517) 555-0123.");
        assert_eq!(PhoneProblem::ExtensionNotAllowed.message(), "A mobile number cannot have an extension.");
    }
}
