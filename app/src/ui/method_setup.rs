//! What a page says about a step of setting up a method (sign-up step 3
//! and Settings share the step, `flows::method_setup`, and these words).

use crate::flows::Broken;
use crate::flows::method_setup::{Refused, Step};
use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::ui::method_setup as words;
use crate::rules::method::Method;

/// The code field of each method's set-up form.
fn code_field(method: Method) -> &'static str {
    match method {
        Method::Text => "text_code",
        Method::Totp => "totp_code",
        Method::BackupCodes | Method::Email => "backup_code",
    }
}

/// Puts a step on the way (a code sent, a key shown, backup codes made) in
/// `reply`; a proof is said by the page, which knows what it led to.
pub fn say_step(reply: &mut FormReply, step: &Step) {
    match step {
        Step::TextSent { shown, .. } => {
            let lasts = crate::messages::minutes(crate::store::one_time_codes::CODE_TTL_SECONDS);
            reply.notice = Some(shared::code_sent_expires(shown, &lasts))
        }
        Step::BackupCreated { shown } => {
            reply.data.insert(super::backup_codes::SHOWN_KEY.into(), shown.join("\n"));
            reply.notice = Some(words::YOUR_BACKUP_CODES_ARE_BELOW.into());
        }
        Step::TotpStarted | Step::TextProved { .. } | Step::TotpProved | Step::BackupProved => {}
    }
}

/// Puts a refused step in `reply`. `no_mobile` says where a mobile number
/// is entered; `reload` asks the page to read its data again when the
/// draft was dropped.
pub fn say_refused(reply: &mut FormReply, refused: Refused, no_mobile: &str, reload: bool) -> Result<(), Broken> {
    match refused {
        Refused::NoMobile => reply.form_error = Some(no_mobile.into()),
        Refused::SendRefused(message) => reply.send_refused("text_code", message),
        Refused::Code { method, message, start_again, shown } => {
            reply.field_error(code_field(method), message);
            if let Some(shown) = shown {
                reply.data.insert(super::backup_codes::SHOWN_KEY.into(), shown);
            }
            if start_again && reload {
                reply.data.insert("reload".into(), String::new());
            }
        }
        Refused::Broken(e) => return Err(e),
    }
    Ok(())
}
