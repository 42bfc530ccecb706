//! The numbers the content pages state. The pages are hand-edited HTML
//! (`content/*.html`) that write `{name}` where a number of the policy goes;
//! [`fill`] puts in the live value, so a changed
//! `security.lock_after_wrong_passwords` or session timeout changes what the
//! FAQ says, as it changes the sign-in page. Fixed numbers come from
//! [`crate::rules::limits`], configurable ones from the server's policy
//! (asked once per page through [`public_numbers`]).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::messages::{count, days, hours, minutes};
use crate::rules::limits::*;

/// The configurable part: what the server's configuration says now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LivePolicy {
    pub wrong_passwords_before_lock: i64,
    pub lock_seconds: i64,
    pub idle_seconds: i64,
    pub warn_seconds: i64,
    pub absolute_seconds: i64,
    /// The retention periods, in days (`[retention]` in the configuration).
    pub outbox_days: i64,
    pub expired_codes_days: i64,
    pub audit_ip_days: i64,
}

/// A retention period as the Privacy page states it: whole years as years
/// ("1 year"), anything else in days ("90 days").
pub fn kept_for(days: i64) -> String {
    if days >= 365 && days % 365 == 0 { count(days / 365, "year", "years") } else { count(days, "day", "days") }
}

/// Each placeholder a content page may write, with its words.
pub fn placeholders(live: &LivePolicy) -> Vec<(&'static str, String)> {
    vec![
        ("{wrong_passwords}", count(live.wrong_passwords_before_lock, "wrong password", "wrong passwords")),
        ("{lock_time}", minutes(live.lock_seconds)),
        ("{idle_time}", minutes(live.idle_seconds)),
        ("{warn_time}", minutes(live.warn_seconds)),
        ("{session_time}", hours(live.absolute_seconds)),
        ("{registration_time}", minutes(REGISTRATION_TTL_SECONDS)),
        ("{email_code_valid}", hours(EMAIL_CODE_TTL_SECONDS)),
        ("{letter_code_valid}", days(LETTER_CODE_TTL_SECONDS)),
        ("{letters}", count(LETTERS_PER_WINDOW, "letter", "letters")),
        ("{letter_window}", days(LETTER_WINDOW_SECONDS)),
        ("{letter_gap}", hours(LETTER_GAP_SECONDS)),
        ("{emails}", count(EMAILS_PER_WINDOW, "email", "emails")),
        ("{email_window}", hours(EMAIL_WINDOW_SECONDS)),
        ("{lookups_per_day}", LOOKUPS_PER_DAY.to_string()),
        ("{wrong_codes_per_window}", WRONG_TRIES_PER_WINDOW.to_string()),
        ("{wrong_code_window}", minutes(TRY_WINDOW_SECONDS)),
        ("{wrong_codes_before_void}", WRONG_IN_A_ROW_BEFORE_VOID.to_string()),
        ("{remember_time}", days(REMEMBER_SECONDS)),
        ("{outbox_kept}", kept_for(live.outbox_days)),
        ("{expired_codes_kept}", kept_for(live.expired_codes_days)),
        ("{audit_ip_kept}", kept_for(live.audit_ip_days)),
    ]
}

/// `html` with every placeholder replaced by its words.
pub fn fill(html: &str, live: &LivePolicy) -> String {
    placeholders(live).into_iter().fold(html.to_string(), |page, (name, words)| page.replace(name, &words))
}

/// The server's live policy, for the content pages.
#[server(endpoint = "public_numbers")]
pub async fn public_numbers() -> Result<LivePolicy, ServerFnError> {
    let policy = &expect_context::<crate::context::AppContext>().policy;
    Ok(LivePolicy {
        wrong_passwords_before_lock: policy.lock.wrong_before_lock,
        lock_seconds: policy.lock.lock_seconds,
        idle_seconds: policy.session.idle_seconds,
        warn_seconds: policy.session.warn_seconds,
        absolute_seconds: policy.session.absolute_seconds,
        outbox_days: policy.retention.outbox_days,
        expired_codes_days: policy.retention.expired_codes_days,
        audit_ip_days: policy.retention.audit_ip_days,
    })
}

/// A content page: its title and its HTML with the numbers filled in. One
/// `inner_html` element keeps a long static page out of the WASM bundle's
/// hydration code.
#[component]
pub fn ContentPage(title: &'static str, html: &'static str) -> impl IntoView {
    // The numbers are the policy's, fixed while the server runs.
    crate::ui::same_for_every_anonymous_visitor();
    let live = Resource::new(|| (), |_| public_numbers());
    view! {
        <Title text=title/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match live.await {
                    Ok(live) => view! { <div class="content" inner_html=fill(html, &live)></div> }.into_any(),
                    Err(_) => view! {
                        <p class="warning" role="alert">{crate::messages::WENT_WRONG}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: [&str; 5] = [
        include_str!("content/faq.html"),
        include_str!("content/contact.html"),
        include_str!("content/terms.html"),
        include_str!("content/privacy.html"),
        include_str!("content/accessibility.html"),
    ];

    fn default_policy() -> LivePolicy {
        LivePolicy {
            wrong_passwords_before_lock: 3,
            lock_seconds: 30 * 60,
            idle_seconds: 20 * 60,
            warn_seconds: 2 * 60,
            absolute_seconds: 12 * 3600,
            outbox_days: 30,
            expired_codes_days: 90,
            audit_ip_days: 365,
        }
    }

    /// A misspelt placeholder would reach people as `{lock_tme}`.
    #[test]
    fn every_placeholder_is_known() {
        for page in PAGES {
            let filled = fill(page, &default_policy());
            assert!(
                !filled.contains('{') && !filled.contains('}'),
                "an unknown placeholder near {:?}",
                filled.find('{').map(|at| &filled[at..(at + 40).min(filled.len())])
            );
        }
    }

    #[test]
    fn the_pages_read_the_policy() {
        let faq = fill(PAGES[0], &default_policy());
        assert!(faq.contains("After 3 wrong passwords in a row, a login is locked for 30 minutes"));
        assert!(faq.contains("signed out after 20 minutes without activity. A message comes 2 minutes before that"));
        assert!(faq.contains("signed out 12 hours after you log in"));
        assert!(faq.contains("At most 4 letters in 30 days, at least 24 hours apart"));
        assert!(faq.contains("At most 5 emails in any 24 hours"));
        assert!(faq.contains("You can make 5 tries in 10 minutes; after that, you must wait (up to 10 minutes)"));
        let shorter = LivePolicy { wrong_passwords_before_lock: 1, lock_seconds: 60, ..default_policy() };
        assert!(fill(PAGES[1], &shorter).contains("Locked out after 1 wrong password? The lock ends by itself after 1 minute."));
    }

    #[test]
    fn the_privacy_page_states_the_configured_retention() {
        let privacy = fill(PAGES[3], &default_policy());
        for kept in ["<td>30 days</td>", "<td>90 days</td>", "<td>1 year</td>"] {
            assert!(privacy.contains(kept), "{kept}");
        }
        let changed = LivePolicy { outbox_days: 1, expired_codes_days: 400, audit_ip_days: 730, ..default_policy() };
        let privacy = fill(PAGES[3], &changed);
        for kept in ["<td>1 day</td>", "<td>400 days</td>", "<td>2 years</td>"] {
            assert!(privacy.contains(kept), "{kept}");
        }
    }
}
