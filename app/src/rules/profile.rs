//! A login's profile: names, email and phones, checked the same way
//! wherever they are typed (sign-up step 1, Settings' profile) and stored
//! as checked (the login's row; sign-up's registration keeps it as JSON).

use super::{names, phone};

/// A profile form's name and phone fields, as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Typed<'a> {
    pub first_name: &'a str,
    pub middle_initial: &'a str,
    pub last_name: &'a str,
    pub suffix: &'a str,
    pub work_phone: &'a str,
    pub mobile_phone: &'a str,
}

/// A login's profile: every value already checked and normalized.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    pub first_name: Option<String>,
    pub middle_initial: Option<String>,
    pub last_name: String,
    pub suffix: Option<String>,
    /// Checked and normalized on its own (`rules::email`): Settings changes
    /// it with a code, never on the profile form.
    pub email: String,
    /// E.164.
    pub work_phone: String,
    pub work_phone_ext: Option<String>,
    /// E.164.
    pub mobile_phone: Option<String>,
}

/// A problem with one field: its `id` and what to say.
pub type FieldProblem = (&'static str, &'static str);

/// The fields whose problems come after the email address on sign-up's
/// form (the phones), so its error summary can read top down.
pub const PHONE_FIELDS: [&str; 2] = ["work_phone", "mobile_phone"];

/// Checks every field of `typed`, for a profile whose (already checked)
/// address is `email`; the problems come in the order the fields appear.
pub fn check(typed: &Typed<'_>, email: &str) -> Result<Profile, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut note = |field: &'static str, message: &'static str| problems.push((field, message));
    let first = names::check_first_name(typed.first_name).map_err(|p| note("first_name", p.message())).ok();
    let middle = names::check_middle_initial(typed.middle_initial).map_err(|p| note("middle_initial", p.message())).ok();
    let last = names::check_last_name(typed.last_name).map_err(|p| note("last_name", p.message())).ok();
    let suffix = names::Suffix::parse(typed.suffix).map_err(|p| note("suffix", p.message())).ok();
    let work = phone::parse(typed.work_phone, phone::PhoneKind::Work).map_err(|p| note("work_phone", p.message())).ok();
    let mobile =
        phone::parse_optional(typed.mobile_phone, phone::PhoneKind::Mobile).map_err(|p| note("mobile_phone", p.message())).ok();
    match (first, middle, last, suffix, work, mobile) {
        (Some(first_name), Some(middle), Some(last_name), Some(suffix), Some(work), Some(mobile)) if problems.is_empty() => {
            Ok(Profile {
                first_name,
                middle_initial: middle.map(String::from),
                last_name,
                suffix: suffix.map(|s| s.as_str().to_string()),
                email: email.to_string(),
                work_phone: work.e164,
                work_phone_ext: work.extension,
                mobile_phone: mobile.map(|m| m.e164),
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_form_is_normalized_and_a_bad_one_names_each_field_in_order() {
        let good = Typed {
            first_name: "Jane",
            last_name: "Smith",
            suffix: "jr.",
            work_phone: "517-555-0123 x12",
            mobile_phone: "",
            ..Default::default()
        };
        let person = check(&good, "jane@example.com").unwrap();
        assert_eq!(person.last_name, "Smith");
        assert_eq!(person.email, "jane@example.com");
        assert_eq!(person.work_phone, "+15175550123");
        assert_eq!(person.work_phone_ext.as_deref(), Some("12"));
        assert_eq!(person.mobile_phone, None);

        let bad = Typed { middle_initial: "xy", suffix: "Esq", mobile_phone: "12", ..Default::default() };
        let fields: Vec<&str> = check(&bad, "").unwrap_err().into_iter().map(|(field, _)| field).collect();
        assert_eq!(fields, ["middle_initial", "last_name", "suffix", "work_phone", "mobile_phone"]);
    }
}
