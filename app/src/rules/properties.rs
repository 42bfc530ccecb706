//! Property tests for the rules: what must hold for every input, not just
//! the table rows (each rule's own file has its table tests).

use proptest::prelude::*;

use super::{email, names, password, phone, user_id};

/// A valid NANP number's 10 digits: NXX area code (not N11), NXX exchange.
fn nanp_digits() -> impl Strategy<Value = String> {
    ("[2-9][0-9]{2}", "[2-9][0-9]{2}", "[0-9]{4}")
        .prop_filter("N11 is no area code", |(area, _, _)| &area[1..] != "11")
        .prop_map(|(area, exchange, line)| format!("{area}{exchange}{line}"))
}

fn typings(d: &str) -> Vec<String> {
    let (a, e, l) = (&d[0..3], &d[3..6], &d[6..]);
    vec![
        format!("({a}) {e}-{l}"),
        format!("{a}.{e}.{l}"),
        format!("{a}-{e}-{l}"),
        d.to_string(),
        format!("+1 {a} {e} {l}"),
        format!("+1{d}"),
        format!("1-{a}-{e}-{l}"),
        format!(" 1 ({a}) {e} {l} "),
    ]
}

/// A dot-atom local part and a domain as `email::check` accepts them.
fn valid_email() -> impl Strategy<Value = (String, String)> {
    (
        prop::collection::vec("[A-Za-z0-9_+-]{1,8}", 1..4),
        prop::collection::vec("[A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?", 1..4),
        "[A-Za-z]{2,6}",
    )
        .prop_map(|(atoms, labels, tld)| (atoms.join("."), format!("{}.{tld}", labels.join("."))))
}

proptest! {
    #[test]
    fn every_typing_of_a_number_gives_one_e164(digits in nanp_digits()) {
        let expected = format!("+1{digits}");
        for typed in typings(&digits) {
            let parsed = phone::parse(&typed, phone::PhoneKind::Mobile);
            prop_assert_eq!(parsed.map(|p| p.e164), Ok(expected.clone()), "{:?}", typed);
        }
    }

    #[test]
    fn a_displayed_work_phone_reads_back_the_same(digits in nanp_digits(), ext in proptest::option::of("[0-9]{1,6}")) {
        let phone = phone::Phone { e164: format!("+1{digits}"), extension: ext };
        prop_assert_eq!(phone::parse(&phone.display(), phone::PhoneKind::Work), Ok(phone));
    }

    #[test]
    fn phone_parsing_never_panics_and_yields_e164(input in "\\PC{0,30}") {
        if let Ok(p) = phone::parse(&input, phone::PhoneKind::Work) {
            prop_assert_eq!(p.e164.len(), 12);
            prop_assert!(p.e164.starts_with("+1"));
            prop_assert!(p.e164[2..].bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn suggestions_always_pass_the_user_id_rule(base in "\\PC{0,40}", numbers in prop::collection::vec(any::<u16>(), 0..8)) {
        for suggestion in user_id::suggestions(&base, numbers.iter().copied()) {
            prop_assert_eq!(user_id::check(&suggestion), Ok(()), "{:?}", suggestion);
        }
    }

    #[test]
    fn suggestion_bases_are_ascii_and_their_suggestions_valid(first in "\\PC{0,20}", last in "\\PC{0,60}", n in any::<u16>()) {
        if let Some(base) = user_id::suggestion_base(&first, &last) {
            prop_assert!(!base.is_empty());
            prop_assert!(base.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{:?}", base);
            let suggested = user_id::suggestions(&base, [n]);
            prop_assert_eq!(suggested.len(), 1);
            prop_assert_eq!(user_id::check(&suggested[0]), Ok(()));
            if base.len() <= 26 {
                prop_assert!(suggested[0].starts_with(&base));
            }
        }
    }

    #[test]
    fn password_length_guidelines_count_characters(pw in "\\PC{0,140}", uid in "[a-z0-9]{0,12}", first in "\\PC{0,8}", last in "\\PC{0,8}") {
        let ctx = password::PasswordContext { user_id: &uid, first_name: &first, last_name: &last };
        let unmet = password::check(&pw, &ctx);
        let chars = pw.chars().count();
        prop_assert_eq!(unmet.contains(&password::Guideline::MinLength), chars < 8);
        prop_assert_eq!(unmet.contains(&password::Guideline::MaxLength), chars > 128);
        prop_assert_eq!(
            unmet.contains(&password::Guideline::ThreeCategories),
            password::categories(&pw).count() < 3
        );
        prop_assert!(!unmet.contains(&password::Guideline::NotRecent));
        prop_assert!(!unmet.contains(&password::Guideline::NotCommon));
    }

    #[test]
    fn a_password_holding_a_long_enough_user_id_is_refused(uid in "[a-z]{3,8}[0-9]{0,4}", prefix in "[A-Z0-9!]{0,4}", suffix in "[A-Z0-9!]{0,4}") {
        let ctx = password::PasswordContext { user_id: &uid, first_name: "", last_name: "" };
        let pw = format!("{prefix}{}{suffix}", uid.to_uppercase());
        prop_assert!(password::check(&pw, &ctx).contains(&password::Guideline::NotBasedOnUserId));
    }

    #[test]
    fn the_record_mask_has_eight_asterisks_and_the_domain((local, domain) in valid_email()) {
        let address = format!("{local}@{domain}");
        let masked = email::mask_for_record(&address);
        let first = local.chars().next().map(|c| c.to_ascii_uppercase());
        let last = local.chars().next_back().map(|c| c.to_ascii_uppercase());
        let expected = format!(
            "{}********{}@{}",
            first.unwrap_or_default(),
            last.unwrap_or_default(),
            domain.to_uppercase()
        );
        prop_assert_eq!(&masked, &expected);
        let at_domain = format!("@{}", domain.to_uppercase());
        prop_assert!(masked.ends_with(&at_domain));
        prop_assert_eq!(masked[1..].split('@').next().map(|m| m.matches('*').count()), Some(8));
    }

    #[test]
    fn generated_addresses_are_valid_and_confirm_in_any_case((local, domain) in valid_email()) {
        let address = format!("{local}@{domain}");
        prop_assert_eq!(email::check(&address), Ok(()));
        prop_assert_eq!(email::confirm(&address, &format!(" {} ", address.to_ascii_uppercase())), Ok(()));
        let normalized = email::normalize(&address);
        prop_assert_eq!(email::normalize(&normalized), normalized.clone());
        prop_assert_eq!(email::check(&normalized), Ok(()));
    }

    #[test]
    fn email_check_never_panics(input in "\\PC{0,300}") {
        let _ = email::check(&input);
        let _ = email::mask_for_record(&input);
    }

    #[test]
    fn names_ignore_surrounding_space_and_are_their_own_form(name in "[\\p{L} '.\\-\u{2019}]{0,60}", pad in "[ \t]{0,3}") {
        let padded = format!("{pad}{name}{pad}");
        prop_assert_eq!(names::check_last_name(&padded), names::check_last_name(&name));
        prop_assert_eq!(names::check_first_name(&padded), names::check_first_name(&name));
        if let Ok(kept) = names::check_last_name(&name) {
            prop_assert_eq!(names::check_last_name(&kept), Ok(kept.clone()));
            prop_assert!(kept.chars().count() <= names::MAX_LEN);
            prop_assert_eq!(kept.trim(), kept.as_str());
        }
    }
}
