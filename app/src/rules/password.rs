//! The state's password rules (SPEC §2, step 2), enforced exactly, plus the
//! two NIST SP 800-63B additions the spec asks for (at most 128 characters,
//! never truncated; not a commonly used password).
//!
//! [`check`] returns every unmet guideline it can decide without the server,
//! so the live checklist beside the field and the server's refusal are the
//! same list. "Not one of the last 3 used passwords" needs the stored hashes
//! and "not commonly used" needs the shipped list, which stays out of the
//! WASM bundle: both are decided on the server ([`check_with_common`] for
//! the list; the history by the caller, which reports `NotRecent`).

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;
/// How many categories of [`Categories`] a password needs.
pub const CATEGORIES_NEEDED: usize = 3;
/// Terms (user ID, its letters, names) shorter than this are not looked for.
pub const MIN_TERM_LETTERS: usize = 3;

/// The special characters the state counts, exactly as the guide lists them.
/// Other characters (space, "?", "é" …) are allowed but count for nothing.
pub const SPECIALS: [char; 16] = ['!', '$', '#', ',', '%', '@', '~', '^', '&', '*', '_', '-', '+', '=', '>', '<'];

/// What the password is checked against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PasswordContext<'a> {
    pub user_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// One guideline of the password checklist, in the guide's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Guideline {
    MinLength,
    ThreeCategories,
    NotRecent,
    NotBasedOnUserId,
    MaxLength,
    NotCommon,
}

impl Guideline {
    /// Every guideline, in the order the checklist shows them.
    pub const ALL: [Guideline; 6] = [
        Self::MinLength,
        Self::ThreeCategories,
        Self::NotRecent,
        Self::NotBasedOnUserId,
        Self::MaxLength,
        Self::NotCommon,
    ];

    /// The checklist line, in the guide's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::MinLength => "Must be at least 8 characters in length",
            Self::ThreeCategories => "Must include characters from 3 of the following categories",
            Self::NotRecent => "Should not be one of the last 3 used passwords",
            Self::NotBasedOnUserId => "Should not be based on your User ID",
            Self::MaxLength => "At most 128 characters",
            Self::NotCommon => "Not a commonly used password",
        }
    }

    /// What the person is told when the guideline is not met.
    pub fn message(self) -> &'static str {
        match self {
            Self::MinLength => "Your password must be at least 8 characters in length.",
            Self::ThreeCategories => {
                "Your password must include characters from 3 of these categories: upper case letters (A–Z), lower case letters (a–z), numbers (0–9) and special characters (! $ # , % @ ~ ^ & * _ - + = > <)."
            }
            Self::NotRecent => "Your password cannot be one of the last 3 passwords used on this login.",
            Self::NotBasedOnUserId => "Your password cannot contain your User ID or your first or last name.",
            Self::MaxLength => "Your password must be 128 characters or fewer.",
            Self::NotCommon => "That password is too commonly used and easy to guess. Choose another.",
        }
    }

    /// Whether the browser can tell this one as the person types.
    pub fn checked_live(self) -> bool {
        !matches!(self, Self::NotRecent | Self::NotCommon)
    }
}

/// The four categories of the state's composition rule, for the live checklist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Categories {
    pub upper: bool,
    pub lower: bool,
    pub digit: bool,
    pub special: bool,
}

impl Categories {
    pub fn count(self) -> usize {
        [self.upper, self.lower, self.digit, self.special].into_iter().filter(|&b| b).count()
    }
}

pub fn categories(password: &str) -> Categories {
    let mut found = Categories::default();
    for c in password.chars() {
        found.upper |= c.is_ascii_uppercase();
        found.lower |= c.is_ascii_lowercase();
        found.digit |= c.is_ascii_digit();
        found.special |= SPECIALS.contains(&c);
    }
    found
}

/// The terms a password may not contain, lower case: the user ID, the user
/// ID's letters without its digits, the first name and the last name, each
/// only where that term has 3 letters or more.
fn forbidden_terms(ctx: &PasswordContext<'_>) -> Vec<String> {
    let user_id = ctx.user_id.trim();
    let user_id_letters: String = user_id.chars().filter(|c| !c.is_ascii_digit()).collect();
    [user_id, user_id_letters.as_str(), ctx.first_name.trim(), ctx.last_name.trim()]
        .into_iter()
        .filter(|term| term.chars().filter(|c| c.is_alphabetic()).count() >= MIN_TERM_LETTERS)
        .map(str::to_lowercase)
        .collect()
}

fn is_based_on_user_id(password: &str, ctx: &PasswordContext<'_>) -> bool {
    let password = password.to_lowercase();
    forbidden_terms(ctx).iter().any(|term| password.contains(term.as_str()))
}

/// Every unmet guideline that can be decided without the server, in the
/// guide's order; empty when the password passes them all. The password is
/// taken exactly as typed: never trimmed, never truncated.
pub fn check(password: &str, ctx: &PasswordContext<'_>) -> Vec<Guideline> {
    let length = password.chars().count();
    let mut unmet = Vec::new();
    if length < MIN_LEN {
        unmet.push(Guideline::MinLength);
    }
    if categories(password).count() < CATEGORIES_NEEDED {
        unmet.push(Guideline::ThreeCategories);
    }
    if is_based_on_user_id(password, ctx) {
        unmet.push(Guideline::NotBasedOnUserId);
    }
    if length > MAX_LEN {
        unmet.push(Guideline::MaxLength);
    }
    unmet
}

/// The list of commonly used passwords the server refuses (server only: the
/// list stays out of the WASM bundle). Entries are compared ignoring case.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct CommonPasswords {
    entries: std::collections::HashSet<String>,
}

/// `app/data/common-passwords.txt`, one password a line; see `app/data/README.md`.
#[cfg(feature = "ssr")]
pub const SHIPPED_COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

#[cfg(feature = "ssr")]
impl CommonPasswords {
    /// Reads a list, one password a line; blank lines are skipped.
    pub fn from_text(text: &str) -> Self {
        let entries = text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_lowercase).collect();
        Self { entries }
    }

    /// The list shipped with the project, read once per process.
    pub fn shipped() -> &'static Self {
        static SHIPPED: std::sync::OnceLock<CommonPasswords> = std::sync::OnceLock::new();
        SHIPPED.get_or_init(|| Self::from_text(SHIPPED_COMMON_PASSWORDS))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, password: &str) -> bool {
        self.entries.contains(&password.to_lowercase())
    }
}

/// Whether the password is on the list, ignoring case.
#[cfg(feature = "ssr")]
pub fn is_common(password: &str, list: &CommonPasswords) -> bool {
    list.contains(password)
}

/// [`check`] plus the common-password list: every unmet guideline except the
/// history (`NotRecent`), which needs the login's stored hashes.
#[cfg(feature = "ssr")]
pub fn check_with_common(password: &str, ctx: &PasswordContext<'_>, list: &CommonPasswords) -> Vec<Guideline> {
    let mut unmet = check(password, ctx);
    if is_common(password, list) {
        unmet.push(Guideline::NotCommon);
    }
    unmet
}

#[cfg(test)]
mod tests {
    use super::*;
    use Guideline::*;

    const SMITH: PasswordContext<'static> =
        PasswordContext { user_id: "smithj9999", first_name: "John", last_name: "Smith" };

    #[test]
    fn check_table() {
        let long_ok = format!("Aa1!{}", "x".repeat(124));
        let too_long = format!("Aa1!{}", "x".repeat(125));
        let cases: &[(&str, PasswordContext<'_>, &[Guideline])] = &[
            ("Garage#2024", SMITH, &[]),
            ("brake-pads-77", SMITH, &[]),
            ("BRAKEPADS77", SMITH, &[ThreeCategories]),
            ("BRAKEPADs77", SMITH, &[]),
            ("Brakepads!", SMITH, &[]),
            ("", SMITH, &[MinLength, ThreeCategories]),
            ("Ab1!", SMITH, &[MinLength]),
            ("Ab1!xyz", SMITH, &[MinLength]),
            ("abcdefgh", SMITH, &[ThreeCategories]),
            ("abcdefg1", SMITH, &[ThreeCategories]),
            ("ABCDEFG!", SMITH, &[ThreeCategories]),
            // Space, "?", "." and letters outside A–Z count for no category.
            ("abcdefg1? .", SMITH, &[ThreeCategories]),
            ("ÄÖÜabcd1", SMITH, &[ThreeCategories]),
            ("pässwörd1", SMITH, &[ThreeCategories]),
            // Each of the 16 special characters counts.
            ("abcdefg1!", SMITH, &[]),
            ("abcdefg1<", SMITH, &[]),
            ("abcdefg1,", SMITH, &[]),
            // Counted in characters, not bytes: "Eéééé1!" is 7 characters in 11 bytes.
            ("Eéééé1!", SMITH, &[MinLength]),
            ("Eééééé1!", SMITH, &[]),
            (&long_ok, SMITH, &[]),
            (&too_long, SMITH, &[MaxLength]),
            // The user ID, its letters without digits, the names; any case.
            ("XsmithJ9999!", SMITH, &[NotBasedOnUserId]),
            ("SmithJ#2024", SMITH, &[NotBasedOnUserId]),
            ("Smith#2024", SMITH, &[NotBasedOnUserId]),
            ("MrSMITH!99", SMITH, &[NotBasedOnUserId]),
            ("IamJohn#1", SMITH, &[NotBasedOnUserId]),
            ("Smit#h2024", SMITH, &[]),
            ("Jo#hn2024", SMITH, &[]),
            // Short: "smith" has 5 letters, "ab" 2.
            ("sm1", SMITH, &[MinLength, ThreeCategories]),
        ];
        for (password, ctx, expected) in cases {
            assert_eq!(check(password, ctx), *expected, "{password:?}");
        }
    }

    #[test]
    fn terms_with_fewer_than_3_letters_are_not_looked_for() {
        let ctx = PasswordContext { user_id: "ab1234", first_name: "Jo", last_name: "Li" };
        // "ab1234" has 2 letters, "ab" 2, "Jo" 2, "Li" 2: none is a term.
        assert_eq!(check("Xab1234!", &ctx), []);
        assert_eq!(check("JoLi#2024", &ctx), []);
        let ctx = PasswordContext { user_id: "abc123", first_name: "", last_name: "Ng" };
        assert_eq!(check("Yabc123!", &ctx), [NotBasedOnUserId]);
        assert_eq!(check("Yabc#456", &ctx), [NotBasedOnUserId]);
        assert_eq!(check("Ngng#456", &ctx), []);
        // A user ID of digits only has no letters to look for.
        let ctx = PasswordContext { user_id: "12345678", first_name: "", last_name: "" };
        assert_eq!(check("Aa!12345678", &ctx), []);
    }

    #[test]
    fn names_of_any_script_ignore_case() {
        let ctx = PasswordContext { user_id: "mullerj1234", first_name: "Jürgen", last_name: "Müller" };
        assert_eq!(check("MÜLLER#2024x", &ctx), [NotBasedOnUserId]);
        assert_eq!(check("Xjürgen#2024", &ctx), [NotBasedOnUserId]);
        assert_eq!(check("Mullerj#2024", &ctx), [NotBasedOnUserId]);
        // The rule names the name as given, not a folded spelling of it.
        assert_eq!(check("Muller#2024", &ctx), []);
        let ctx = PasswordContext { user_id: "", first_name: " Mary Ann ", last_name: "O'Brien" };
        assert_eq!(check("mary ann#2024X", &ctx), [NotBasedOnUserId]);
        assert_eq!(check("x-O'BRIEN-7", &ctx), [NotBasedOnUserId]);
    }

    #[test]
    fn categories_table() {
        let c = |upper, lower, digit, special| Categories { upper, lower, digit, special };
        let cases: &[(&str, Categories)] = &[
            ("", c(false, false, false, false)),
            ("A", c(true, false, false, false)),
            ("a", c(false, true, false, false)),
            ("7", c(false, false, true, false)),
            ("!$#,%@~^&*_-+=><", c(false, false, false, true)),
            ("?/.()[]{} \"'`|\\:;", c(false, false, false, false)),
            ("Éé٣", c(false, false, false, false)),
            ("Aa1!", c(true, true, true, true)),
        ];
        for (password, expected) in cases {
            assert_eq!(categories(password), *expected, "{password:?}");
        }
        assert_eq!(categories("Aa1").count(), 3);
    }

    #[test]
    fn labels_use_the_guides_words() {
        let labels: Vec<&str> = Guideline::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(
            labels,
            [
                "Must be at least 8 characters in length",
                "Must include characters from 3 of the following categories",
                "Should not be one of the last 3 used passwords",
                "Should not be based on your User ID",
                "At most 128 characters",
                "Not a commonly used password",
            ]
        );
        assert!(Guideline::ALL.iter().all(|g| g.message().ends_with('.')));
        assert!(!NotRecent.checked_live() && !NotCommon.checked_live() && MinLength.checked_live());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn common_list_ignores_case_and_blank_lines() {
        let list = CommonPasswords::from_text("password\n\n  Qwerty123 \nPASSWORD\r\nletmein\n");
        assert_eq!(list.len(), 3);
        assert!(is_common("Password", &list));
        assert!(is_common("qwerty123", &list));
        assert!(is_common("QWERTY123", &list));
        assert!(!is_common("qwerty1234", &list));
        assert!(!is_common("", &list));
        assert_eq!(check_with_common("Qwerty123", &SMITH, &list), [NotCommon]);
        assert_eq!(check_with_common("password", &SMITH, &list), [ThreeCategories, NotCommon]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn shipped_list_has_at_least_10000_entries() {
        let list = CommonPasswords::shipped();
        assert!(list.len() >= 10_000, "{}", list.len());
        for common in ["123456", "password", "qwerty", "iloveyou", "Password1", "P@ssw0rd"] {
            assert!(is_common(common, list), "{common}");
        }
        assert!(!is_common("Brake-Pads-Torque-77", list));
    }
}
