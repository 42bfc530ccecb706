//! What a User ID may be (SPEC §2): 6 to 30 ASCII letters and digits, no
//! spaces or other characters, unique ignoring case, stored lower case.
//! The guide's convention (last name, first initial, 4 digits) is advice for
//! the suggestion, not part of the rule.

pub const MIN_LEN: usize = 6;
pub const MAX_LEN: usize = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserIdProblem {
    Empty,
    HasSpace,
    OtherCharacter,
    TooShort,
    TooLong,
}

impl UserIdProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter a User ID.",
            Self::HasSpace => "User ID cannot contain space.",
            Self::OtherCharacter => "A User ID has only letters (A–Z) and numbers (0–9).",
            Self::TooShort => "A User ID has at least 6 letters and numbers.",
            Self::TooLong => "A User ID has at most 30 letters and numbers.",
        }
    }
}

/// Checks a User ID as typed (already trimmed of surrounding spaces).
pub fn check(user_id: &str) -> Result<(), UserIdProblem> {
    if user_id.is_empty() {
        return Err(UserIdProblem::Empty);
    }
    if user_id.chars().any(char::is_whitespace) {
        return Err(UserIdProblem::HasSpace);
    }
    if !user_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(UserIdProblem::OtherCharacter);
    }
    // Only ASCII is left, so bytes are characters.
    match user_id.len() {
        n if n < MIN_LEN => Err(UserIdProblem::TooShort),
        n if n > MAX_LEN => Err(UserIdProblem::TooLong),
        _ => Ok(()),
    }
}

/// The form a User ID is stored and compared in.
pub fn normalize(user_id: &str) -> String {
    user_id.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, Result<(), UserIdProblem>)] = &[
            ("smithj9999", Ok(())),
            ("mechaniclogin", Ok(())),
            ("ABC123", Ok(())),
            ("a".repeat(30).leak(), Ok(())),
            ("", Err(UserIdProblem::Empty)),
            ("smith j9999", Err(UserIdProblem::HasSpace)),
            ("smith\tj", Err(UserIdProblem::HasSpace)),
            ("smith_j9999", Err(UserIdProblem::OtherCharacter)),
            ("müllerj1234", Err(UserIdProblem::OtherCharacter)),
            ("abc12", Err(UserIdProblem::TooShort)),
            ("a".repeat(31).leak(), Err(UserIdProblem::TooLong)),
        ];
        for (input, expected) in cases {
            assert_eq!(check(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn normalize_folds_case_and_trims() {
        assert_eq!(normalize("  SmithJ9999 "), "smithj9999");
    }
}
