//! The "Password Guidelines" checklist beside a new-password field (SPEC §2),
//! ticked live as the person types by the same Rust rules the server runs.
//! Wherever a password is chosen (sign-up, reset, change) the list is this
//! one, so what the browser ticks and what the server refuses never differ.
//!
//! The field that describes itself by the checklist passes
//! `also_described_by="password-guidelines"` to its `TextField`.

use leptos::prelude::*;

use crate::messages::ui::password_guidelines as words;
use crate::rules::password::{self, Guideline, PasswordContext};

/// The `id` of the checklist, for the field's `aria-describedby`.
pub const GUIDELINES_ID: &str = "password-guidelines";

/// Whose password it is: "not based on your User ID" looks for these.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordOwner {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
}

/// Asks the server, once typing pauses, whether the typed password is on the
/// common-passwords list (which stays out of the WASM bundle). `None` while
/// nothing is typed or the answer is not back yet; only the newest question's
/// answer counts.
///
/// The person may leave the page while the pause is timed or the answer is
/// on its way: the timer is cleared with the component, and the answer,
/// arriving after it, reads and writes nothing that is gone (a read of a
/// disposed value panics, and a panic in WASM leaves the app dead).
pub fn common_password_answer<F, Fut>(password: Signal<String>, ask: F) -> Signal<Option<bool>>
where
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<bool, ServerFnError>> + 'static,
{
    let common = RwSignal::new(None::<bool>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let typed = password.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        common.set(None);
        if typed.is_empty() {
            return;
        }
        let timer = set_timeout_with_handle(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(is_common) = ask(typed).await
                        && generation.try_get_value() == Some(mine)
                    {
                        common.try_set(Some(is_common));
                    }
                });
            },
            std::time::Duration::from_millis(600),
        );
        // Runs when the next keystroke re-runs the effect and when the
        // component goes.
        on_cleanup(move || {
            if let Ok(timer) = timer {
                timer.clear();
            }
        });
    });
    common.into()
}

/// The checklist: each guideline met (`data-met="true"`), not met
/// (`"false"`) or not known yet (`""`, and nothing typed).
#[component]
pub fn PasswordGuidelines(
    /// What is typed in the password field now.
    #[prop(into)]
    password: Signal<String>,
    #[prop(into)] owner: Signal<PasswordOwner>,
    /// The server's answer about the common-passwords list.
    #[prop(into)]
    common: Signal<Option<bool>>,
    /// A login being created has no earlier passwords, so "Not one of the
    /// last 3 used passwords" does not apply: it is shown as such, neither
    /// ticked nor pending. Elsewhere only the server, holding the hashes,
    /// can tell (it says so when it refuses).
    #[prop(optional)]
    new_login: bool,
) -> impl IntoView {
    let status = move |g: Guideline| -> Option<bool> {
        let typed = password.get();
        if typed.is_empty() {
            return None;
        }
        match g {
            Guideline::NotCommon => common.get().map(|c| !c),
            Guideline::NotRecent => None,
            _ => owner.with(|o| {
                let ctx = PasswordContext { user_id: &o.user_id, first_name: &o.first_name, last_name: &o.last_name };
                Some(!password::check(&typed, &ctx).contains(&g))
            }),
        }
    };
    view! {
        <section class="guidelines" id=GUIDELINES_ID aria-labelledby="password-guidelines-title" data-testid="password-guidelines">
            <h2 id="password-guidelines-title">{words::PASSWORD_GUIDELINES}</h2>
            <ul>
                {Guideline::ALL.into_iter().map(|g| {
                    if new_login && g == Guideline::NotRecent {
                        return view! {
                            <li class="na" data-guideline=format!("{g:?}") data-met="na">
                                <span class="mark" aria-hidden="true"></span>
                                {g.label()}
                                <span class="na-note">{words::DOES_NOT_APPLY_TO_A}</span>
                            </li>
                        }.into_any();
                    }
                    let state = move || status(g);
                    view! {
                        <li class=move || match state() { Some(true) => "met", Some(false) => "unmet", None => "pending" }
                            data-guideline=format!("{g:?}") data-met=move || match state() { Some(true) => "true", Some(false) => "false", None => "" }>
                            <span class="mark" aria-hidden="true"></span>
                            {g.label()}
                            {(g == Guideline::ThreeCategories).then(|| view! {
                                <ul class="categories">
                                    <li>{words::UPPER_CASE_LETTERS_A_Z}</li>
                                    <li>{words::LOWER_CASE_LETTERS_A_Z}</li>
                                    <li>{words::NUMBERS_0_9}</li>
                                    <li>{words::SPECIAL_CHARACTERS}</li>
                                </ul>
                            })}
                            <span class="visually-hidden">{move || match state() { Some(true) => words::MET, Some(false) => words::NOT_MET_YET, None => "" }}</span>
                        </li>
                    }.into_any()
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A new password typed twice, beside the checklist, as sign-up and the
/// password reset ask for it: `label` names the first box ("Password",
/// "New password"), `confirm_label` the second; what is typed in the first
/// goes to `typed`, which the checklist reads. `new_login` as for
/// [`PasswordGuidelines`].
#[component]
pub fn NewPasswordPair(
    label: &'static str,
    confirm_label: &'static str,
    typed: RwSignal<String>,
    #[prop(into)] owner: Signal<PasswordOwner>,
    #[prop(into)] common: Signal<Option<bool>>,
    #[prop(optional)] new_login: bool,
    reply: Signal<crate::forms::FormReply>,
) -> impl IntoView {
    use crate::ui::TextField;
    view! {
        <div class="password-pair">
            <div>
                <TextField id="password" label=label input_type="password" autocomplete="new-password"
                    required=true forget_on_reply=true reveal_toggle=true also_described_by=GUIDELINES_ID
                    on_input=Callback::new(move |v: String| typed.set(v)) reply/>
                <TextField id="confirm_password" label=confirm_label input_type="password"
                    autocomplete="new-password" required=true forget_on_reply=true reveal_toggle=true reply/>
            </div>
            <PasswordGuidelines password=typed owner common new_login/>
        </div>
    }
}
