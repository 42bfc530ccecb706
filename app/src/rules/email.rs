//! What an email address may be (SPEC §2, step 1): at most 254 characters,
//! syntactically valid, and typed twice the same ignoring case. Several
//! logins may share one address, so nothing here is about uniqueness.
//!
//! "Valid" is the dot-atom form of RFC 5322 that mail providers hand out:
//! a local part of 1 to 64 `atext` characters with single dots between them,
//! and a domain name of at least two labels whose last (the top-level
//! domain) is letters only. Quoted local parts, IP-address domains and
//! non-ASCII addresses are refused: no mechanic's mailbox needs them, and
//! every SMTP server the state could use accepts the rest.

use crate::messages::rules::email as words;

pub const MAX_LEN: usize = 254;
pub const MAX_LOCAL_LEN: usize = 64;
pub const MAX_LABEL_LEN: usize = 63;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailProblem {
    Empty,
    TooLong,
    Invalid,
    ConfirmationEmpty,
    Mismatch,
}

impl EmailProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => words::ENTER_YOUR_EMAIL_ADDRESS,
            Self::TooLong => words::EMAIL_ADDRESS_MUST_BE_254,
            Self::Invalid => words::ENTER_AN_EMAIL_ADDRESS,
            Self::ConfirmationEmpty => words::CONFIRM_YOUR_EMAIL_ADDRESS,
            Self::Mismatch => words::THE_EMAIL_ADDRESSES_DO,
        }
    }
}

/// RFC 5322 `atext`: the characters a dot-atom local part is made of.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

fn local_part_is_valid(local: &str) -> bool {
    (1..=MAX_LOCAL_LEN).contains(&local.len()) && local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

fn label_is_valid(label: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&label.len())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

fn domain_is_valid(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels.iter().all(|label| label_is_valid(label))
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// Checks an email address as typed (surrounding spaces are ignored).
pub fn check(email: &str) -> Result<(), EmailProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Err(EmailProblem::Empty);
    }
    if email.chars().count() > MAX_LEN {
        return Err(EmailProblem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(EmailProblem::Invalid);
    };
    // `split_once` leaves any second "@" in the domain, where no label allows it.
    if local_part_is_valid(local) && domain_is_valid(domain) { Ok(()) } else { Err(EmailProblem::Invalid) }
}

/// Checks the Confirm Email Address field against the first one: the same
/// address ignoring case (of ASCII letters) and surrounding spaces.
pub fn confirm(email: &str, confirmation: &str) -> Result<(), EmailProblem> {
    let confirmation = confirmation.trim();
    if confirmation.is_empty() {
        return Err(EmailProblem::ConfirmationEmpty);
    }
    if email.trim().eq_ignore_ascii_case(confirmation) { Ok(()) } else { Err(EmailProblem::Mismatch) }
}

/// The form an address is stored in: trimmed, the domain in lower case
/// (domains ignore case), the local part as typed (a mailbox may not).
pub fn normalize(email: &str) -> String {
    let email = email.trim();
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_ascii_lowercase()),
        None => email.to_string(),
    }
}

/// The email on a business record as Account Details shows it (SPEC §4.3):
/// upper case, the first and last character of the local part with always
/// eight asterisks between, the domain in full, so the length of the local
/// part is not revealed: "e.smith@email.com" → "E********H@EMAIL.COM".
pub fn mask_for_record(email: &str) -> String {
    let email = email.trim();
    let (local, domain) = match email.rsplit_once('@') {
        Some((local, domain)) => (local, Some(domain)),
        None => (email, None),
    };
    let first = local.chars().next();
    let last = local.chars().next_back();
    let mut masked = String::new();
    masked.extend(first.into_iter().flat_map(char::to_uppercase));
    masked.push_str("********");
    masked.extend(last.into_iter().flat_map(char::to_uppercase));
    if let Some(domain) = domain {
        masked.push('@');
        masked.push_str(&domain.to_uppercase());
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_table() {
        let local64 = format!("{}@example.com", "a".repeat(64));
        let local65 = format!("{}@example.com", "a".repeat(65));
        let label63 = format!("me@{}.com", "d".repeat(63));
        let label64 = format!("me@{}.com", "d".repeat(64));
        // 64 + 1 + 189 = 254 characters exactly, then one more.
        let longest = format!("{}@{}.{}.{}.com", "a".repeat(64), "b".repeat(61), "c".repeat(61), "d".repeat(61));
        let too_long = format!("{}@{}.{}.{}.com", "a".repeat(64), "b".repeat(62), "c".repeat(61), "d".repeat(61));
        assert_eq!(longest.len(), 254);
        let cases: &[(&str, Result<(), EmailProblem>)] = &[
            ("e.smith@email.com", Ok(())),
            ("  e.smith@email.com  ", Ok(())),
            ("E.Smith@Email.COM", Ok(())),
            ("first.last+tag@sub.example.co.uk", Ok(())),
            ("o'brien@shop-name.org", Ok(())),
            ("a@x.io", Ok(())),
            ("!#$%&'*+-/=?^_`{|}~@example.com", Ok(())),
            ("123@456.example", Ok(())),
            (&local64, Ok(())),
            (&label63, Ok(())),
            (&longest, Ok(())),
            ("", Err(EmailProblem::Empty)),
            ("   ", Err(EmailProblem::Empty)),
            (&too_long, Err(EmailProblem::TooLong)),
            (&local65, Err(EmailProblem::Invalid)),
            (&label64, Err(EmailProblem::Invalid)),
            ("plainaddress", Err(EmailProblem::Invalid)),
            ("@example.com", Err(EmailProblem::Invalid)),
            ("me@", Err(EmailProblem::Invalid)),
            ("me@@example.com", Err(EmailProblem::Invalid)),
            ("me@example@com.com", Err(EmailProblem::Invalid)),
            (".me@example.com", Err(EmailProblem::Invalid)),
            ("me.@example.com", Err(EmailProblem::Invalid)),
            ("m..e@example.com", Err(EmailProblem::Invalid)),
            ("m e@example.com", Err(EmailProblem::Invalid)),
            ("me@localhost", Err(EmailProblem::Invalid)),
            ("me@example.c", Err(EmailProblem::Invalid)),
            ("me@example.c0m", Err(EmailProblem::Invalid)),
            ("me@example.com.", Err(EmailProblem::Invalid)),
            ("me@.example.com", Err(EmailProblem::Invalid)),
            ("me@exa..mple.com", Err(EmailProblem::Invalid)),
            ("me@-example.com", Err(EmailProblem::Invalid)),
            ("me@example-.com", Err(EmailProblem::Invalid)),
            ("me@exa_mple.com", Err(EmailProblem::Invalid)),
            ("me@[127.0.0.1]", Err(EmailProblem::Invalid)),
            ("\"me\"@example.com", Err(EmailProblem::Invalid)),
            ("müller@example.com", Err(EmailProblem::Invalid)),
            ("me@exämple.com", Err(EmailProblem::Invalid)),
            ("me@example.com\n", Ok(())),
            ("me@exa\nmple.com", Err(EmailProblem::Invalid)),
        ];
        for (input, expected) in cases {
            assert_eq!(check(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn confirm_table() {
        let cases: &[(&str, &str, Result<(), EmailProblem>)] = &[
            ("e.smith@email.com", "e.smith@email.com", Ok(())),
            ("e.smith@email.com", " E.Smith@EMAIL.com ", Ok(())),
            ("e.smith@email.com", "", Err(EmailProblem::ConfirmationEmpty)),
            ("e.smith@email.com", "  ", Err(EmailProblem::ConfirmationEmpty)),
            ("e.smith@email.com", "e.smith@email.co", Err(EmailProblem::Mismatch)),
            ("e.smith@email.com", "esmith@email.com", Err(EmailProblem::Mismatch)),
        ];
        for (email, confirmation, expected) in cases {
            assert_eq!(confirm(email, confirmation), *expected, "{email:?} / {confirmation:?}");
        }
        assert_eq!(EmailProblem::Mismatch.message(), "The email addresses do not match.");
    }

    #[test]
    fn normalize_lowers_the_domain_only() {
        assert_eq!(normalize("  E.Smith@Email.COM "), "E.Smith@email.com");
        assert_eq!(normalize("shop@garage.example"), "shop@garage.example");
    }

    #[test]
    fn mask_table() {
        let cases: &[(&str, &str)] = &[
            ("e.smith@email.com", "E********H@EMAIL.COM"),
            ("el@email.com", "E********L@EMAIL.COM"),
            ("a@x.com", "A********A@X.COM"),
            ("Mechanic.School+office@Sub.Example.org", "M********E@SUB.EXAMPLE.ORG"),
            (" john@garage.com ", "J********N@GARAGE.COM"),
            ("not-an-address", "N********S"),
            ("", "********"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_for_record(input), *expected, "{input:?}");
        }
    }
}
