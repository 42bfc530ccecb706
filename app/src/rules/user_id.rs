//! What a User ID may be (SPEC §2): 6 to 30 ASCII letters and digits, no
//! spaces or other characters, unique ignoring case, stored lower case.
//! The guide's convention (last name, first initial, 4 digits) is advice for
//! the suggestion, not part of the rule.

use crate::messages::rules::user_id as words;

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
            Self::Empty => words::ENTER_A_USER_ID,
            Self::HasSpace => words::USER_ID_CANNOT_CONTAIN,
            Self::OtherCharacter => words::A_USER_ID_HAS_ONLY,
            Self::TooShort => words::A_USER_ID_HAS_AT,
            Self::TooLong => words::A_USER_ID_HAS_AT_MOST_30,
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

checked_text! {
    /// A User ID that keeps the rules above, in the form it is stored and
    /// compared in (lower case). Only [`UserId::parse`] and the store make
    /// one, so a function that takes a `&UserId` never sees a typed string
    /// that was not checked or folded, and cannot be handed an email address
    /// or an account number by mistake.
    UserId
}

impl UserId {
    /// A User ID as typed (already trimmed of surrounding spaces): checked,
    /// then folded to lower case.
    pub fn parse(typed: &str) -> Result<Self, UserIdProblem> {
        check(typed)?;
        Ok(UserId(normalize(typed)))
    }
}

impl TryFrom<String> for UserId {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        UserId::parse(&text).map_err(UserIdProblem::message)
    }
}

/// How many digits follow the name in a suggestion (the guide's "any 4 digits").
pub const SUGGESTION_DIGITS: usize = 4;

/// One letter folded to ASCII lower case, as the suggestion spells names:
/// accents dropped, ligatures spelled out. `None` for what has no ASCII
/// spelling here (other scripts, punctuation), which the suggestion leaves out.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'č' | 'ć' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// A name folded to ASCII lower case letters and digits: "Müller" →
/// "muller", "O'Brien" → "obrien", "José" → "jose".
fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            folded.push(c);
        } else if let Some(spelled) = fold(c) {
            folded.push_str(spelled);
        }
    }
    folded
}

/// The guide's convention without its digits: last name and first initial,
/// folded to ASCII lower case ("John", "Smith" → "smithj"; no first name, no
/// initial). `None` when nothing of either name has an ASCII spelling.
pub fn suggestion_base(first_name: &str, last_name: &str) -> Option<String> {
    let mut base = fold_name(last_name);
    if let Some(initial) = fold_name(first_name).chars().next() {
        base.push(initial);
    }
    (!base.is_empty()).then_some(base)
}

/// Suggested User IDs: the base and 4 digits for each number the caller
/// drew at random (taken modulo 10,000, zero padded: 7 → "0007"), each a
/// valid User ID: the base is cut so the whole fits in 30 characters, and a
/// base too short for 6 characters is followed by more of the same digits
/// ("a" and 1234 → "a12341"). Repeats are left out; the order is kept.
pub fn suggestions(base: &str, digits: impl IntoIterator<Item = u16>) -> Vec<String> {
    let base: String = base
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(MAX_LEN - SUGGESTION_DIGITS)
        .collect();
    let mut suggested: Vec<String> = Vec::new();
    for number in digits {
        let number = format!("{:04}", number % 10_000);
        let mut candidate = format!("{base}{number}");
        let mut more = number.chars().cycle();
        while candidate.len() < MIN_LEN {
            candidate.extend(more.next());
        }
        if !suggested.contains(&candidate) {
            suggested.push(candidate);
        }
    }
    suggested
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

    #[test]
    fn a_parsed_user_id_is_checked_and_lower_case() {
        assert_eq!(UserId::parse("SmithJ9999").map(|id| id.to_string()), Ok("smithj9999".to_string()));
        assert_eq!(UserId::parse("smith j9999"), Err(UserIdProblem::HasSpace));
        assert_eq!(UserId::parse(""), Err(UserIdProblem::Empty));
    }

    #[test]
    fn json_is_parsed_too() {
        let id: UserId = serde_json::from_str(r#""SmithJ9999""#).unwrap();
        assert_eq!(id, "smithj9999");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""smithj9999""#);
        assert!(serde_json::from_str::<UserId>(r#""smith j""#).is_err());
    }

    #[test]
    fn suggestion_base_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("John", "Smith", Some("smithj")),
            ("  john ", " SMITH ", Some("smithj")),
            ("Hans", "Müller", Some("mullerh")),
            ("Sean", "O'Brien", Some("obriens")),
            ("José", "García", Some("garciaj")),
            ("Émile", "Zoë", Some("zoee")),
            ("Ødegaard", "Łukasz-Żółć", Some("lukaszzolco")),
            ("Anne", "Strauß", Some("straussa")),
            ("", "Smith", Some("smith")),
            ("Mary Ann", "St. John", Some("stjohnm")),
            ("Ævar", "Brœnd", Some("broenda")),
            ("Đorđe", "Čolić", Some("colicd")),
            ("Şule", "Doğan", Some("dogans")),
            ("Jiří", "Dvořák", Some("dvorakj")),
            ("ÅSA", "NÄSLUND", Some("naslunda")),
            // Decomposed input: the accent is dropped, the letter kept.
            ("Jose\u{301}", "Garci\u{301}a", Some("garciaj")),
            ("Wei", "王", Some("w")),
            ("伟", "王", None),
            ("", "", None),
            ("", "-'.", None),
        ];
        for (first, last, expected) in cases {
            assert_eq!(suggestion_base(first, last).as_deref(), *expected, "{first:?} {last:?}");
        }
    }

    #[test]
    fn suggestions_follow_the_guide_and_pass_the_rule() {
        assert_eq!(suggestions("smithj", [9999]), ["smithj9999"]);
        assert_eq!(suggestions("smithj", [7, 42, 7, 10_042]), ["smithj0007", "smithj0042"]);
        // Short bases are padded with more of the same digits to 6 characters.
        assert_eq!(suggestions("w", [1234]), ["w12341"]);
        assert_eq!(suggestions("", [1234]), ["123412"]);
        assert_eq!(suggestions("ab", [5]), ["ab0005"]);
        // Long bases are cut so the whole fits in 30.
        let long = "a".repeat(40);
        let cut = suggestions(&long, [1]);
        assert_eq!(cut, [format!("{}0001", "a".repeat(26))]);
        // Whatever the caller passes, only letters and digits remain.
        assert_eq!(suggestions("O'Brien S", [12]), ["obriens0012"]);
        for s in suggestions("smithj", [0, 1, 9999, u16::MAX]).iter().chain(&cut) {
            assert_eq!(check(s), Ok(()), "{s}");
        }
    }
}
