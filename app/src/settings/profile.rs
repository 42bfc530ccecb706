//! Editing the profile and phones under the rules of sign-up step 1
//! (SPEC §2, `crate::rules`): names, suffix, work phone with its extension,
//! mobile number. The email address changes only with a code (`email.rs`).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::settings::profile as words;
use crate::messages::shared;
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
    use crate::{flows::profile_change::*, rules::profile::Typed};
    let Some(me) = super::server::me(SECTION).await? else {
        return super::server::sign_in_again(SECTION).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed = [&first_name, &middle_initial, &last_name, &suffix, &work_phone, &mobile_phone];
    for (field, value) in FIELDS.iter().zip(typed) {
        reply.values.insert((*field).into(), value.trim().to_string());
    }
    let typed = Typed {
        first_name: &first_name,
        middle_initial: &middle_initial,
        last_name: &last_name,
        suffix: &suffix,
        work_phone: &work_phone,
        mobile_phone: &mobile_phone,
    };
    match update(&ctx, me.login_id, &typed, ctx.now()).await {
        Ok(Done::Saved) => reply.notice = Some(words::YOUR_PROFILE_WAS_SAVED.into()),
        Ok(Done::Unchanged) => reply.notice = Some(words::NOTHING_TO_SAVE_YOUR_PROFILE.into()),
        Err(Refused::Fields(problems)) => problems.into_iter().for_each(|(field, message)| reply.field_error(field, message)),
        Err(Refused::MobileInUse) => reply.field_error("mobile_phone", words::YOUR_TEXT_MESSAGE_METHOD),
        Err(Refused::SignInAgain) => return super::server::sign_in_again(SECTION).await,
        Err(Refused::Broken(e)) => return Err(crate::forms::broken("settings", e)),
    }
    super::server::answer(SECTION, reply).await
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
            <h2 id="edit-profile-title">{words::EDIT_YOUR_PROFILE_AND_PHONES}</h2>
            <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="profile-form">
                <div class="field-group">
                    <TextField id="first_name" label=words::FIRST_NAME autocomplete="given-name" value=value("first_name") reply/>
                    <TextField id="middle_initial" label=words::MIDDLE_INITIAL autocomplete="additional-name" value=value("middle_initial") reply/>
                    <TextField id="last_name" label=words::LAST_NAME autocomplete="family-name" required=true value=value("last_name") reply/>
                    <SuffixField selected=value("suffix") reply/>
                </div>
                <TextField id="work_phone" label=shared::WORK_PHONE_NUMBER input_type="tel" autocomplete="tel" required=true
                    hint=words::FOR_EXAMPLE_517_555_0123
                    value=value("work_phone") reply/>
                <TextField id="mobile_phone" label=shared::MOBILE_NUMBER input_type="tel" autocomplete="tel"
                    hint=words::OPTIONAL_WITH_A_MOBILE
                    value=value("mobile_phone") reply/>
                <button type="submit" class="button" data-testid="save-profile">{words::SAVE_PROFILE}</button>
            </ActionForm>
        </section>
    }
}
