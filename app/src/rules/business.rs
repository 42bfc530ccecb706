//! Business records and account access (SPEC §4): the shapes both the page
//! and the server read — account numbers, the masked email on record,
//! authorization codes as typed and shown, confirmation numbers — and the
//! records themselves as the springboard shows them.

use serde::{Deserialize, Serialize};

use super::account_type::AccountType;
use crate::messages::rules::business as words;

checked_text! {
    /// A business account number: a letter and 6 digits (`Z123456`), upper
    /// case. Only [`AccountNumber::parse`] and the store make one, so a
    /// function that takes one never sees a typed string that was not
    /// checked, nor a User ID or a confirmation number by mistake.
    AccountNumber
}

impl AccountNumber {
    /// An account number as typed: trimmed and upper-cased; `None` unless a
    /// letter and 6 digits remain.
    pub fn parse(typed: &str) -> Option<Self> {
        let t = typed.trim().to_ascii_uppercase();
        let mut chars = t.chars();
        let first = chars.next()?;
        (first.is_ascii_uppercase() && t.len() == 7 && chars.all(|c| c.is_ascii_digit())).then_some(AccountNumber(t))
    }
}

impl TryFrom<String> for AccountNumber {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        AccountNumber::parse(&text).ok_or("an account number is a letter and 6 digits")
    }
}

/// What the Account Details step shows of the email on record (SPEC §4.3):
/// upper case, the first and last letter of the local part around always 8
/// asterisks, the domain in full: `E********L@EMAIL.COM`. A one-letter local
/// part shows that letter twice, so the mask never tells the length.
pub fn masked_email(email: &str) -> String {
    let upper = email.trim().to_uppercase();
    let (local, domain) = upper.rsplit_once('@').unwrap_or((upper.as_str(), ""));
    let first = local.chars().next().unwrap_or('*');
    let last = local.chars().last().unwrap_or('*');
    format!("{first}********{last}@{domain}")
}

/// Crockford's Base32 alphabet: no I, L, O or U, so a code read off a letter
/// is hard to mistype.
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const AUTHORIZATION_CODE_LEN: usize = 10;

/// An authorization code as typed: any case, with or without the dash or
/// spaces; Crockford's look-alikes read as what they look like (I and L as
/// 1, O as 0). `None` unless exactly 10 code characters remain.
pub fn authorization_code(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(AUTHORIZATION_CODE_LEN);
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == AUTHORIZATION_CODE_LEN).then_some(out)
}

/// A code as shown and printed: `XXXXX-XXXXX`.
pub fn display_code(code: &str) -> String {
    if code.len() == AUTHORIZATION_CODE_LEN && code.is_ascii() {
        format!("{}-{}", &code[..5], &code[5..])
    } else {
        code.to_string()
    }
}

/// A confirmation number from the one sequence of submissions: 10 digits
/// grouped 1-3-3-3, `0-000-021-028`.
pub fn confirmation_number(n: u64) -> String {
    let d = format!("{:010}", n % 10_000_000_000);
    format!("{}-{}-{}-{}", &d[..1], &d[1..4], &d[4..7], &d[7..])
}

/// The mechanic certification categories of SPEC §4.1, as records name them.
pub const CERTIFICATION_CATEGORIES: [&str; 11] = [
    "Engine Repair",
    "Automatic Transmission",
    "Manual Drive Train and Axles",
    "Suspension and Steering",
    "Brakes",
    "Electrical Systems",
    "Heating and Air Conditioning",
    "Engine Performance",
    "Truck Series",
    "Motorcycle Series",
    "Collision Series",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificationStatus {
    Certified,
    Trainee,
}

impl CertificationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Certified => "certified",
            Self::Trainee => "trainee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "certified" => Some(Self::Certified),
            "trainee" => Some(Self::Trainee),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Certified => words::CERTIFIED,
            Self::Trainee => words::TRAINEE,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    /// One of [`CERTIFICATION_CATEGORIES`].
    pub category: String,
    pub status: CertificationStatus,
    /// ISO date, `2027-06-30`.
    pub expires_on: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingAddress {
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
}

impl MailingAddress {
    /// The lines of an envelope or a card.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.line1.clone()];
        lines.extend(self.line2.clone().filter(|l| !l.trim().is_empty()));
        lines.push(format!("{}, {} {}", self.city, self.state, self.zip));
        lines
    }
}

/// One Secretary of State business record (SPEC §4.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessAccount {
    pub number: AccountNumber,
    pub account_type: AccountType,
    /// The mechanic's or the school's name.
    pub name: String,
    pub email: Option<String>,
    pub address: MailingAddress,
    pub active: bool,
    /// Mechanics only.
    pub certifications: Vec<Certification>,
    /// Schools only.
    pub programs: Vec<String>,
}

impl BusinessAccount {
    pub fn status_label(&self) -> &'static str {
        if self.active { words::ACTIVE } else { words::INACTIVE }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_are_a_letter_and_six_digits() {
        assert_eq!(AccountNumber::parse(" z123456 ").map(|n| n.to_string()).as_deref(), Some("Z123456"));
        for bad in ["", "Z12345", "Z1234567", "1234567", "ZZ12345", "Z12345X", "Ž123456"] {
            assert_eq!(AccountNumber::parse(bad), None, "{bad}");
            assert!(serde_json::from_str::<AccountNumber>(&format!("{bad:?}")).is_err(), "{bad}");
        }
        let number: AccountNumber = serde_json::from_str(r#""z123456""#).unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""Z123456""#);
    }

    #[test]
    fn the_email_on_record_is_masked_with_always_eight_asterisks() {
        assert_eq!(masked_email("Ellen.Hall@email.com"), "E********L@EMAIL.COM");
        assert_eq!(masked_email("x@garage.org"), "X********X@GARAGE.ORG");
    }

    #[test]
    fn codes_are_read_in_any_case_with_or_without_the_dash() {
        assert_eq!(authorization_code("abcde-fghjk").as_deref(), Some("ABCDEFGHJK"));
        assert_eq!(authorization_code(" ABCDE FGHJK ").as_deref(), Some("ABCDEFGHJK"));
        assert_eq!(authorization_code("oilo0-12345").as_deref(), Some("0110012345"));
        assert_eq!(authorization_code("ABCDE-FGHJ"), None);
        assert_eq!(authorization_code("ABCDE-FGHJKM"), None);
        assert_eq!(authorization_code("ABCDU-FGHJK"), None, "U is not Crockford");
        assert_eq!(display_code("ABCDEFGHJK"), "ABCDE-FGHJK");
    }

    #[test]
    fn confirmation_numbers_group_ten_digits_1_3_3_3() {
        assert_eq!(confirmation_number(21028), "0-000-021-028");
        assert_eq!(confirmation_number(1_234_567_890), "1-234-567-890");
    }

    #[test]
    fn an_address_prints_its_lines_without_an_empty_second_line() {
        let a = MailingAddress {
            line1: "1 Main St".into(),
            line2: Some(" ".into()),
            city: "Lansing".into(),
            state: "MI".into(),
            zip: "48933".into(),
        };
        assert_eq!(a.lines(), ["1 Main St", "Lansing, MI 48933"]);
    }
}
