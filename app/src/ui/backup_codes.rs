//! The ten backup codes just made, as sign-up step 3 and Settings show
//! them, and what keeps them on screen when a confirmation is refused.
//!
//! The server shows the plain codes once and keeps only their keyed
//! hashes, so it cannot show them again. The page therefore sends them
//! back with the confirmation form (a hidden field); a refused
//! confirmation echoes them, filtered by the draft's own hashes
//! (`BackupDraft::still_shown`), so a typo does not cost the person the
//! codes they have not yet written down — with or without JavaScript.

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::ui::backup_codes as words;

/// The reply key the codes travel under, one per line.
pub const SHOWN_KEY: &str = "backup_codes";
/// The hidden field that sends them back.
pub const SHOWN_FIELD: &str = "shown_codes";

/// The codes in the newest reply, if it carries them.
fn shown(reply: Signal<FormReply>) -> Option<String> {
    reply.with(|r| r.data.get(SHOWN_KEY).cloned())
}

/// The list, with how to keep it; nothing when the reply has no codes.
#[component]
pub fn BackupCodeList(reply: Signal<FormReply>) -> impl IntoView {
    move || {
        shown(reply).map(|codes| {
            view! {
                <div class="backup-codes" data-testid="backup-codes">
                    <p><strong>{words::SAVE_THESE_10_CODES_NOW}</strong>{words::EACH_ONE_SIGNS_YOU_IN}</p>
                    <ul class="code-list">
                        {codes.lines().map(|c| view! { <li><code>{c.to_string()}</code></li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Inside the confirmation form: sends the shown codes back.
#[component]
pub fn ShownBackupCodes(reply: Signal<FormReply>) -> impl IntoView {
    move || {
        shown(reply).map(|codes| {
            let value = codes.split_whitespace().collect::<Vec<_>>().join(" ");
            view! { <input type="hidden" name=SHOWN_FIELD value=value/> }
        })
    }
}
