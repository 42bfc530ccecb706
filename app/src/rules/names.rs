//! What a person's name may be on the profile (SPEC §2, step 1): letters of
//! any script, spaces, hyphens, apostrophes and periods; first and last name
//! at most 50 characters (the last name required, the first optional); a
//! middle initial of one letter; a suffix from Jr, Sr, II, III, IV, V.

use crate::messages::rules::names as words;

pub const MAX_LEN: usize = 50;

/// Which name field a problem is about, so the message can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamePart {
    First,
    Last,
}

impl NamePart {
    pub fn label(self) -> &'static str {
        match self {
            Self::First => words::FIRST_NAME,
            Self::Last => words::LAST_NAME,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// Only the last name is required.
    Missing(NamePart),
    OtherCharacter(NamePart),
    /// Punctuation alone ("-", "'.") is not a name.
    NoLetter(NamePart),
    TooLong(NamePart),
}

impl NameProblem {
    pub fn part(self) -> NamePart {
        match self {
            Self::Missing(part) | Self::OtherCharacter(part) | Self::NoLetter(part) | Self::TooLong(part) => part,
        }
    }

    pub fn message(self) -> &'static str {
        use NamePart::{First, Last};
        match self {
            Self::Missing(First) => words::ENTER_YOUR_FIRST_NAME,
            Self::Missing(Last) => words::ENTER_YOUR_LAST_NAME,
            Self::OtherCharacter(First) => words::FIRST_NAME_CAN_ONLY_CONTAIN,
            Self::OtherCharacter(Last) => words::LAST_NAME_CAN_ONLY_CONTAIN,
            Self::NoLetter(First) => words::FIRST_NAME_MUST_CONTAIN,
            Self::NoLetter(Last) => words::LAST_NAME_MUST_CONTAIN,
            Self::TooLong(First) => words::FIRST_NAME_MUST_BE_50,
            Self::TooLong(Last) => words::LAST_NAME_MUST_BE_50,
        }
    }
}

/// Combining accents (U+0300–U+036F) follow a letter when the browser sends
/// a name decomposed ("e" + "\u{301}" for "é"); without them such a name
/// would be refused, and std cannot normalise it.
fn is_combining_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_name_punctuation(c: char) -> bool {
    matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.')
}

/// The name as it is kept: trimmed, every run of white space one space.
pub fn normalize(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_name(name: &str, part: NamePart) -> Result<Option<String>, NameProblem> {
    let name = normalize(name);
    if name.is_empty() {
        return Ok(None);
    }
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let allowed = c.is_alphabetic()
            || is_name_punctuation(c)
            || (is_combining_accent(c) && previous.is_some_and(|p| p.is_alphabetic() || is_combining_accent(p)));
        if !allowed {
            return Err(NameProblem::OtherCharacter(part));
        }
        previous = Some(c);
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(NameProblem::NoLetter(part));
    }
    if name.chars().count() > MAX_LEN {
        return Err(NameProblem::TooLong(part));
    }
    Ok(Some(name))
}

/// Checks a first name as typed; empty is allowed (`Ok(None)`). Returns the
/// name as it is kept.
pub fn check_first_name(name: &str) -> Result<Option<String>, NameProblem> {
    check_name(name, NamePart::First)
}

/// Checks a last name as typed; it is required. Returns the name as it is kept.
pub fn check_last_name(name: &str) -> Result<String, NameProblem> {
    check_name(name, NamePart::Last)?.ok_or(NameProblem::Missing(NamePart::Last))
}

/// Trimmed, and without one period after something else ("J." → "J"); a
/// period alone stays, so it is refused rather than read as empty.
fn without_trailing_period(value: &str) -> &str {
    let value = value.trim();
    match value.strip_suffix('.') {
        Some(rest) if !rest.trim().is_empty() => rest.trim_end(),
        _ => value,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MiddleInitialProblem {
    NotOneLetter,
}

impl MiddleInitialProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotOneLetter => words::MIDDLE_INITIAL_MUST_BE,
        }
    }
}

/// Checks a middle initial as typed: empty, or one letter (a period after it,
/// as people write initials, is allowed and dropped). The letter is kept in
/// upper case where it has a single-letter upper case.
pub fn check_middle_initial(initial: &str) -> Result<Option<char>, MiddleInitialProblem> {
    let initial = without_trailing_period(initial);
    let mut chars = initial.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) if c.is_alphabetic() => {
            let mut upper = c.to_uppercase();
            Ok(Some(match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }))
        }
        _ => Err(MiddleInitialProblem::NotOneLetter),
    }
}

#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Suffix {
    Jr,
    Sr,
    II,
    III,
    IV,
    V,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuffixProblem {
    Unknown,
}

impl SuffixProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Unknown => words::CHOOSE_A_SUFFIX_FROM_THE,
        }
    }
}

impl Suffix {
    /// In the order the Suffix list shows them.
    pub const ALL: [Suffix; 6] = [Self::Jr, Self::Sr, Self::II, Self::III, Self::IV, Self::V];

    /// As shown and stored: "Jr", "Sr", "II", "III", "IV", "V".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jr => "Jr",
            Self::Sr => "Sr",
            Self::II => "II",
            Self::III => "III",
            Self::IV => "IV",
            Self::V => "V",
        }
    }

    /// Reads a suffix as typed or chosen, ignoring case and a trailing period
    /// ("jr.", "III"); empty means no suffix.
    pub fn parse(value: &str) -> Result<Option<Suffix>, SuffixProblem> {
        let value = without_trailing_period(value);
        if value.is_empty() {
            return Ok(None);
        }
        Self::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(value)).map(Some).ok_or(SuffixProblem::Unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_name_table() {
        use NamePart::Last;
        let long = "a".repeat(50);
        let too_long = "a".repeat(51);
        let cases: &[(&str, Result<&str, NameProblem>)] = &[
            ("Smith", Ok("Smith")),
            ("  Smith  ", Ok("Smith")),
            ("O'Brien", Ok("O'Brien")),
            ("O\u{2019}Brien", Ok("O\u{2019}Brien")),
            ("Smith-Jones", Ok("Smith-Jones")),
            ("St. John", Ok("St. John")),
            ("van  der\tBerg", Ok("van der Berg")),
            ("Müller", Ok("Müller")),
            ("Jose\u{301}", Ok("Jose\u{301}")),
            ("Łukasiewicz", Ok("Łukasiewicz")),
            ("Иванов", Ok("Иванов")),
            ("王", Ok("王")),
            ("محمد", Ok("محمد")),
            (&long, Ok(&long)),
            ("", Err(NameProblem::Missing(Last))),
            ("   ", Err(NameProblem::Missing(Last))),
            (&too_long, Err(NameProblem::TooLong(Last))),
            ("Smith3", Err(NameProblem::OtherCharacter(Last))),
            ("Smith_Jones", Err(NameProblem::OtherCharacter(Last))),
            ("Smith,", Err(NameProblem::OtherCharacter(Last))),
            ("<script>", Err(NameProblem::OtherCharacter(Last))),
            ("\u{301}Smith", Err(NameProblem::OtherCharacter(Last))),
            ("-", Err(NameProblem::NoLetter(Last))),
            ("'.", Err(NameProblem::NoLetter(Last))),
        ];
        for (input, expected) in cases {
            assert_eq!(check_last_name(input).as_deref().map_err(|p| *p), *expected, "{input:?}");
        }
    }

    #[test]
    fn first_name_is_optional_and_checked_like_the_last() {
        use NamePart::First;
        assert_eq!(check_first_name(""), Ok(None));
        assert_eq!(check_first_name("  "), Ok(None));
        assert_eq!(check_first_name(" José "), Ok(Some("José".to_string())));
        assert_eq!(check_first_name("Mary Ann"), Ok(Some("Mary Ann".to_string())));
        assert_eq!(check_first_name("J0hn"), Err(NameProblem::OtherCharacter(First)));
        assert_eq!(check_first_name(&"é".repeat(51)), Err(NameProblem::TooLong(First)));
        // Counted in characters, not bytes: 50 two-byte letters fit.
        assert!(check_first_name(&"é".repeat(50)).is_ok());
    }

    #[test]
    fn messages_name_the_field() {
        assert_eq!(NameProblem::Missing(NamePart::Last).message(), "Enter your last name.");
        assert_eq!(
            NameProblem::OtherCharacter(NamePart::Last).message(),
            "Last name can only contain letters, spaces, hyphens, apostrophes and periods."
        );
        assert_eq!(NameProblem::TooLong(NamePart::Last).message(), "Last name must be 50 characters or fewer.");
        assert_eq!(NameProblem::TooLong(NamePart::First).message(), "First name must be 50 characters or fewer.");
        assert_eq!(NameProblem::NoLetter(NamePart::First).part(), NamePart::First);
    }

    #[test]
    fn middle_initial_table() {
        let cases: &[(&str, Result<Option<char>, MiddleInitialProblem>)] = &[
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("Q", Ok(Some('Q'))),
            ("q", Ok(Some('Q'))),
            (" j. ", Ok(Some('J'))),
            ("é", Ok(Some('É'))),
            ("ß", Ok(Some('ß'))),
            ("Ж", Ok(Some('Ж'))),
            ("JR", Err(MiddleInitialProblem::NotOneLetter)),
            ("3", Err(MiddleInitialProblem::NotOneLetter)),
            ("-", Err(MiddleInitialProblem::NotOneLetter)),
            (".", Err(MiddleInitialProblem::NotOneLetter)),
            ("J..", Err(MiddleInitialProblem::NotOneLetter)),
        ];
        for (input, expected) in cases {
            assert_eq!(check_middle_initial(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn suffix_table() {
        let cases: &[(&str, Result<Option<Suffix>, SuffixProblem>)] = &[
            ("", Ok(None)),
            (" ", Ok(None)),
            ("Jr", Ok(Some(Suffix::Jr))),
            ("jr.", Ok(Some(Suffix::Jr))),
            ("JR.", Ok(Some(Suffix::Jr))),
            ("Sr", Ok(Some(Suffix::Sr))),
            ("sr.", Ok(Some(Suffix::Sr))),
            ("ii", Ok(Some(Suffix::II))),
            ("III", Ok(Some(Suffix::III))),
            ("iv.", Ok(Some(Suffix::IV))),
            (" v ", Ok(Some(Suffix::V))),
            ("VI", Err(SuffixProblem::Unknown)),
            ("Esq", Err(SuffixProblem::Unknown)),
            ("Jr..", Err(SuffixProblem::Unknown)),
            (".", Err(SuffixProblem::Unknown)),
        ];
        for (input, expected) in cases {
            assert_eq!(Suffix::parse(input), *expected, "{input:?}");
        }
        for s in Suffix::ALL {
            assert_eq!(Suffix::parse(s.as_str()), Ok(Some(s)));
        }
    }
}
