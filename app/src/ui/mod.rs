//! Shared pieces of every page: the frame (header, footer) and form parts.

mod form;
mod frame;
pub mod password_guidelines;
mod steps;
mod suffix;

pub use form::{ErrorSummary, Notice, SendRefused, TermsCheckbox, TextField, reply_of};
pub use frame::{Footer, Header};
pub use steps::{StepIndicator, earlier_step_gate, gate_notice};
pub use suffix::SuffixField;

/// `YYYY-MM-DD HH:MM UTC` for a Unix time, computed the same way on the
/// server and in the browser so hydration sees the same text.
pub fn format_unix_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", secs / 3600, (secs % 3600) / 60)
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_unix_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_unix_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_unix_utc(1_795_823_400), "2026-11-27 23:50 UTC");
        assert_eq!(format_unix_utc(-1), "1969-12-31 23:59 UTC");
    }
}
