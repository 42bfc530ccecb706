//! Editing the profile and phones under the rules of sign-up step 1
//! (SPEC §2, `crate::rules`): names, suffix, work phone with its extension,
//! mobile number. The email address changes only with a code (`email.rs`).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::ui::{SuffixField, TextField};

/// The settings page this part lives on: its forms answer there.
#[cfg(feature = "ssr")]
const SECTION: super::Section = super::Section::Profile;

#[cfg(feature = "ssr")]
const FIELDS: [&str; 6] = ["first_name", "middle_initial", "last_name", "suffix", "work_phone", "mobile_phone"];

#[server(endpoint = "settings_profile")]
pub async fn update_profile(
    #[server(default)] first_name: String,
    #[server(default)] middle_initial: String,
    #[server(default)] last_name: String,
    #[server(default)] suffix: String,
    #[server(default)] work_phone: String,
    #[server(default)] mobile_phone: String,
) -> Result<FormReply, ServerFnError> {
    use super::server::{self, answer};
    use crate::rules::{names, phone};
    use crate::session::server::{failure, origin};
    use crate::store::{audit, logins, settings, unix_now};

    let Some(me) = server::me(SECTION).await? else {
        return server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = [&first_name, &middle_initial, &last_name, &suffix, &work_phone, &mobile_phone];
    for (field, value) in FIELDS.iter().zip(typed) {
        reply.values.insert((*field).into(), value.trim().to_string());
    }
    // In the order the fields appear, so the error summary reads top down.
    let first = names::check_first_name(&first_name).map_err(|p| reply.field_error("first_name", p.message())).ok();
    let middle = names::check_middle_initial(&middle_initial).map_err(|p| reply.field_error("middle_initial", p.message())).ok();
    let last = names::check_last_name(&last_name).map_err(|p| reply.field_error("last_name", p.message())).ok();
    let suffix = names::Suffix::parse(&suffix).map_err(|p| reply.field_error("suffix", p.message())).ok();
    let work = phone::parse(&work_phone, phone::PhoneKind::Work).map_err(|p| reply.field_error("work_phone", p.message())).ok();
    let mobile = phone::parse_optional(&mobile_phone, phone::PhoneKind::Mobile)
        .map_err(|p| reply.field_error("mobile_phone", p.message()))
        .ok();
    let (Some(first), Some(middle), Some(last), Some(suffix), Some(work), Some(mobile)) =
        (first, middle, last, suffix, work, mobile)
    else {
        return answer(SECTION, reply).await;
    };

    let login_id = me.login_id;
    let (current, methods) = ctx
        .store
        .read(move |c| Ok((settings::profile(c, login_id)?, logins::methods_of(c, login_id)?)))
        .await
        .map_err(failure)?;
    let Some(current) = current else {
        return server::sign_in_again(SECTION).await;
    };
    let wanted = settings::LoginProfile {
        first_name: first,
        middle_initial: middle.map(String::from),
        last_name: last,
        suffix: suffix.map(|s| s.as_str().to_string()),
        email: current.email.clone(),
        work_phone: work.e164,
        work_phone_ext: work.extension,
        mobile_phone: mobile.map(|m| m.e164),
    };
    // The text method was proved on this number; another number must be
    // proved again, so it cannot change underneath the method.
    if wanted.mobile_phone != current.mobile_phone && methods.contains(&crate::rules::method::Method::Text) {
        reply.field_error(
            "mobile_phone",
            "Your Text message method uses your mobile number. Remove that method under Verification methods first, then change the number and add Text message again.",
        );
        return answer(SECTION, reply).await;
    }
    if wanted == current {
        reply.notice = Some("Nothing to save: your profile is as it was.".into());
        return answer(SECTION, reply).await;
    }
    let (now, origin) = (unix_now(), origin(&ctx));
    ctx.store
        .write(move |tx| {
            settings::update_profile(tx, login_id, &wanted)?;
            audit::record(tx, Some(login_id), audit::Event::ProfileChanged, None, &origin, now)
        })
        .await
        .map_err(failure)?;
    reply.notice = Some("Your profile was saved.".into());
    answer(SECTION, reply).await
}

#[component]
pub fn ProfileSection(
    action: ServerAction<UpdateProfile>,
    /// The stored values.
    values: BTreeMap<String, String>,
    /// A refused native submission brings back what was typed.
    kept: Option<FormReply>,
    reply: Signal<FormReply>,
) -> impl IntoView {
    let initial = kept.filter(|k| k.values.contains_key("last_name")).map(|k| k.values).unwrap_or(values);
    let value = move |field: &str| initial.get(field).cloned().unwrap_or_default();
    view! {
        <section class="method" aria-labelledby="edit-profile-title" data-testid="edit-profile">
            <h2 id="edit-profile-title">"Edit your profile and phones"</h2>
            <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="profile-form">
                <div class="field-group">
                    <TextField id="first_name" label="First Name" autocomplete="given-name" value=value("first_name") reply/>
                    <TextField id="middle_initial" label="Middle Initial" autocomplete="additional-name" value=value("middle_initial") reply/>
                    <TextField id="last_name" label="Last Name" autocomplete="family-name" required=true value=value("last_name") reply/>
                    <SuffixField selected=value("suffix") reply/>
                </div>
                <TextField id="work_phone" label="Work Phone Number" input_type="tel" autocomplete="tel" required=true
                    hint="For example (517) 555-0123. Add an extension after the number, like ext. 123."
                    value=value("work_phone") reply/>
                <TextField id="mobile_phone" label="Mobile Number" input_type="tel" autocomplete="tel"
                    hint="Optional. With a mobile number, codes can be sent to you by text message."
                    value=value("mobile_phone") reply/>
                <button type="submit" class="button" data-testid="save-profile">"Save profile"</button>
            </ActionForm>
        </section>
    }
}
