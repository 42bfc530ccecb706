//! The portal's clock and how a person reads a time.
//!
//! Times are stored as Unix seconds (UTC) and shown as Michigan wall-clock
//! time, `America/Detroit` with its abbreviation (EST or EDT), everywhere a
//! person reads one: pages, emails, letters. The rules come from the IANA
//! time-zone database bundled into the server by `jiff`, so a change of the
//! daylight-saving rules is a dependency update, not a code change.
//!
//! Only the server formats: a page gets a [`Moment`] with its text already
//! made, so the WASM bundle carries no time-zone data and hydration sees
//! exactly the server's text.

use serde::{Deserialize, Serialize};

/// The zone every time is shown in: most of Michigan (four Upper Peninsula
/// counties keep Central time, but the Department of State works on Eastern).
pub const ZONE: &str = "America/Detroit";

/// A moment as a page shows it: the stored Unix time and its Michigan text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub unix: i64,
    pub text: String,
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::{Arc, OnceLock};

    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::{Moment, ZONE};

    impl Moment {
        pub fn at(unix: i64) -> Self {
            Self { unix, text: michigan_time(unix) }
        }
    }

    /// The portal's clock: the system clock plus an offset that is zero,
    /// except in a demo server started at a chosen moment and in tests.
    ///
    /// One clock belongs to each store (and so to each running portal or
    /// test app), and every rule and record reads the time from it: a test
    /// moves its own app's clock forward to expire a code or end a lockout,
    /// without touching the rows and without disturbing any other test.
    #[derive(Clone, Debug, Default)]
    pub struct Clock {
        offset: Arc<AtomicI64>,
    }

    impl Clock {
        /// Now, in Unix seconds: how every time is stored.
        pub fn now(&self) -> i64 {
            system_now() + self.offset.load(Ordering::Relaxed)
        }

        /// Sets the clock to `unix` from this moment on; it runs forward as
        /// usual. For a demo server (the browser tests see January and July;
        /// the server's configuration refuses it anywhere else) and tests.
        pub fn start_at(&self, unix: i64) {
            self.offset.store(unix - system_now(), Ordering::Relaxed);
        }

        /// Moves the clock `seconds` forward (a test's "an hour later").
        pub fn advance(&self, seconds: i64) {
            self.offset.fetch_add(seconds, Ordering::Relaxed);
        }
    }

    fn system_now() -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }

    /// `2026-07-15T14:00:00Z` (RFC 3339, any offset) as Unix seconds.
    pub fn parse_instant(text: &str) -> Result<i64, String> {
        text.parse::<Timestamp>().map(|t| t.as_second()).map_err(|e| format!("not a moment such as 2027-01-15T14:00:00Z: {e}"))
    }

    fn michigan() -> &'static TimeZone {
        static ZONE_RULES: OnceLock<TimeZone> = OnceLock::new();
        // The database is compiled in (jiff's `tzdb-bundle-always`), so the
        // zone is always there; UTC is only a fallback for a broken build.
        ZONE_RULES.get_or_init(|| jiff::tz::db().get(ZONE).unwrap_or(TimeZone::UTC))
    }

    fn strftime(unix: i64, format: &str) -> String {
        let at = Timestamp::from_second(unix).unwrap_or(Timestamp::UNIX_EPOCH);
        at.to_zoned(michigan().clone()).strftime(format).to_string()
    }

    /// The Michigan day `unix` falls in, numbered from 1970-01-01, and the
    /// Unix time of the midnight that ends it: daily limits count Michigan
    /// days, so "today" is the day a person in Michigan calls today.
    pub fn michigan_day(unix: i64) -> (i64, i64) {
        let at = Timestamp::from_second(unix).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned(michigan().clone());
        let date = at.date();
        let number = i64::from(date.since(jiff::civil::date(1970, 1, 1)).map(|span| span.get_days()).unwrap_or(0));
        let next = date
            .tomorrow()
            .ok()
            .and_then(|d| d.to_zoned(michigan().clone()).ok())
            .map_or(unix + 86_400, |midnight| midnight.timestamp().as_second());
        (number, next)
    }

    /// `Jan 15, 2027, 9:00 AM EST`: a date and time as every page, email
    /// and letter shows it.
    pub fn michigan_time(unix: i64) -> String {
        strftime(unix, "%b %-d, %Y, %-I:%M %p %Z")
    }

    /// `9:00 AM EST`: the time of day alone, for waits within the day.
    pub fn michigan_clock(unix: i64) -> String {
        strftime(unix, "%-I:%M %p %Z")
    }

    /// `January 15, 2027`: the date of a letter.
    pub fn michigan_long_date(unix: i64) -> String {
        strftime(unix, "%B %-d, %Y")
    }

    /// `January 15, 2027 at 9:00 AM EST`: an exact end written out, as a
    /// letter gives it.
    pub fn michigan_long_time(unix: i64) -> String {
        strftime(unix, "%B %-d, %Y at %-I:%M %p %Z")
    }

    /// `2027-01-15`: a date for a file or a table that sorts.
    pub fn michigan_iso_date(unix: i64) -> String {
        strftime(unix, "%Y-%m-%d")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        // 2027-01-15 14:00 UTC and 2027-07-15 14:00 UTC.
        const JANUARY: i64 = 1_800_021_600;
        const JULY: i64 = 1_815_660_000;

        #[test]
        fn each_clock_keeps_its_own_time() {
            let (one, other) = (Clock::default(), Clock::default());
            one.start_at(JANUARY);
            assert!((one.now() - JANUARY).abs() <= 1);
            one.advance(3_600);
            assert!((one.now() - JANUARY - 3_600).abs() <= 1);
            // A copy is the same clock; another clock is untouched.
            assert_eq!(one.clone().now(), one.now());
            assert!((other.now() - system_now()).abs() <= 1);
        }

        #[test]
        fn winter_is_eastern_standard_and_summer_eastern_daylight_time() {
            assert_eq!(parse_instant("2027-01-15T14:00:00Z"), Ok(JANUARY));
            assert_eq!(parse_instant("2027-07-15T14:00:00Z"), Ok(JULY));
            assert_eq!(michigan_time(JANUARY), "Jan 15, 2027, 9:00 AM EST");
            assert_eq!(michigan_time(JULY), "Jul 15, 2027, 10:00 AM EDT");
            assert_eq!(michigan_clock(JULY), "10:00 AM EDT");
            assert_eq!(michigan_long_date(JANUARY), "January 15, 2027");
            assert_eq!(Moment::at(JULY).to_string(), "Jul 15, 2027, 10:00 AM EDT");
        }

        #[test]
        fn the_changes_of_clock_follow_the_zone_rules() {
            // 2026-03-08: 2:00 AM EST becomes 3:00 AM EDT (07:00 UTC).
            assert_eq!(michigan_time(1_772_953_199), "Mar 8, 2026, 1:59 AM EST");
            assert_eq!(michigan_time(1_772_953_200), "Mar 8, 2026, 3:00 AM EDT");
            // 2026-11-01: 2:00 AM EDT becomes 1:00 AM EST (06:00 UTC).
            assert_eq!(michigan_time(1_793_512_799), "Nov 1, 2026, 1:59 AM EDT");
            assert_eq!(michigan_time(1_793_512_800), "Nov 1, 2026, 1:00 AM EST");
            // A late UTC evening is still the same Michigan day.
            assert_eq!(michigan_iso_date(1_795_823_400), "2026-11-27");
        }

        #[test]
        fn a_michigan_day_ends_at_michigan_midnight() {
            // 2026-11-27 23:50 UTC is 6:50 PM EST on the 27th; the day ends
            // at 05:00 UTC on the 28th.
            let (day, ends) = michigan_day(1_795_823_400);
            assert_eq!(michigan_time(ends), "Nov 28, 2026, 12:00 AM EST");
            assert_eq!(michigan_day(ends - 1).0, day);
            assert_eq!(michigan_day(ends), (day + 1, ends + 86_400));
            // The day the clocks go back is 25 hours long.
            let (_, fall_back_day_ends) = michigan_day(1_793_512_800);
            let (_, fall_back_day_starts) = michigan_day(1_793_512_800 - 86_400);
            assert_eq!(michigan_time(fall_back_day_starts), "Nov 1, 2026, 12:00 AM EDT");
            assert_eq!(michigan_time(fall_back_day_ends), "Nov 2, 2026, 12:00 AM EST");
            assert_eq!(fall_back_day_ends - fall_back_day_starts, 25 * 3600);
        }

        #[test]
        fn a_bad_moment_is_refused_with_an_example() {
            assert!(parse_instant("January").unwrap_err().contains("2027-01-15T14:00:00Z"));
        }
    }
}
