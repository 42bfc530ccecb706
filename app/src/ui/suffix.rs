//! The name suffix as a choice from the list the rules allow (SPEC §2
//! step 1), with its error tied to it; the sign-up profile and Settings
//! both ask for it.

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::ui::suffix as words;
use crate::rules::names::Suffix;

#[component]
pub fn SuffixField(
    /// The suffix chosen when the page is rendered ("" for none).
    #[prop(into)]
    selected: String,
    #[prop(into)] reply: Signal<FormReply>,
) -> impl IntoView {
    let error = move || reply.read().error_for("suffix");
    view! {
        <div class="field" class:field-error=move || error().is_some()>
            <label for="suffix">{words::SUFFIX}</label>
            {move || error().map(|m| view! { <p class="error-message" id="suffix-error">{m}</p> })}
            <select id="suffix" name="suffix" autocomplete="honorific-suffix"
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=move || error().is_some().then_some("suffix-error")>
                <option value="" selected=selected.is_empty()>{words::NONE}</option>
                {Suffix::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=selected.eq_ignore_ascii_case(s.as_str())>{s.as_str()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
