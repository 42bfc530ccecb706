//! Form parts that carry the accessibility rules of SPEC §7 once: labels,
//! hints and errors tied by `aria-describedby`, an error summary that links
//! to each bad field and takes focus.

use crate::routes::Route;
use leptos::html;
use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::ui::form as words;

/// The reply a page shows: the action's answer once there is one, before
/// that what a native submission left in the flash.
pub fn reply_of(
    value: impl Fn() -> Option<Result<FormReply, ServerFnError>> + Send + Sync + 'static,
    kept: Option<FormReply>,
) -> Signal<FormReply> {
    Signal::derive(move || FormReply::from_action(value(), &kept))
}

/// Whether a step's form is sending, or was accepted and the next page is
/// loading (on a slow link lazy chunks take seconds): its main button is
/// then [`SubmitButton`]'s busy state, so a second press cannot send it
/// twice and the page does not look as if nothing happened.
pub fn moving_on<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: leptos::server_fn::ServerFn<Output = FormReply> + Clone + Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    Signal::derive(move || action.pending().get() || action.value().with(|v| matches!(v, Some(Ok(r)) if r.is_ok())))
}

/// A step's main button. Busy (see [`moving_on`]) it is disabled and says
/// so to screen readers; without JavaScript it is never busy.
#[component]
pub fn SubmitButton(label: &'static str, testid: &'static str, #[prop(into)] busy: Signal<bool>) -> impl IntoView {
    view! {
        <button type="submit" class="button" data-testid=testid
            disabled=move || busy.get() aria-busy=move || busy.get().then_some("true")>
            {label}
        </button>
    }
}

/// "There is a problem" with a link to each bad field. It takes focus when it
/// appears: through `autofocus` on a fresh page (JavaScript off) and by an
/// effect when a reply arrives in the hydrated page.
#[component]
pub fn ErrorSummary(#[prop(into)] reply: Signal<FormReply>) -> impl IntoView {
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !reply.read().is_ok()
            && let Some(el) = summary.get()
        {
            let _ = el.focus();
        }
    });
    move || {
        let r = reply.get();
        (!r.is_ok()).then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1" autofocus=true node_ref=summary
                    data-testid="error-summary" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{words::THERE_IS_A_PROBLEM}</h2>
                    <ul>
                        {r.form_error.map(|m| view! { <li data-testid="form-error">{m}</li> })}
                        {r.errors.into_iter().map(|e| {
                            let field = e.field.clone();
                            view! {
                                <li><a href=format!("#{}", e.field) on:click=move |ev| focus_field(ev, &field)>{e.message}</a></li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A summary link takes the person to its field ready to type, not only
/// to a scrolled page: following `#id` alone moves no focus to an input.
/// Without the WASM the plain link still scrolls there.
fn focus_field(ev: leptos::ev::MouseEvent, id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let field =
            leptos::prelude::document().get_element_by_id(id).and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            ev.prevent_default();
            field.scroll_into_view();
            let _ = field.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, id);
}

/// The "I agree to the terms & conditions" box, with its error and, when
/// given, a note under it; sign-up and Add Account Access ask it alike.
#[component]
pub fn TermsCheckbox(
    #[prop(into)] reply: Signal<FormReply>,
    checked: bool,
    #[prop(optional)] note: Option<&'static str>,
) -> impl IntoView {
    let error = move || reply.read().error_for("agree_terms");
    // A note that says what the error says is not shown beside it as well:
    // once in the summary and once by the box is enough.
    let shown_note = move || note.filter(|n| error().as_deref() != Some(*n));
    let described = move || {
        let mut ids = Vec::new();
        if shown_note().is_some() {
            ids.push("agree_terms-note");
        }
        if error().is_some() {
            ids.push("agree_terms-error");
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field checkbox-field" class:field-error=move || error().is_some()>
            {move || error().map(|m| view! { <p class="error-message" id="agree_terms-error">{m}</p> })}
            <input type="checkbox" id="agree_terms" name="agree_terms" value="yes" required=true checked=checked
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described/>
            <label for="agree_terms">
                <span class="required" aria-hidden="true">"*"</span>
                {words::I_AGREE_TO_THE}
                <a href=Route::Terms.path() target="_blank" rel="noopener">{words::TERMS_CONDITIONS}<span class="visually-hidden">{words::OPENS_IN_A_NEW_TAB}</span></a>
                "."
            </label>
            {move || shown_note().map(|n| view! { <p class="hint" id="agree_terms-note">{n}</p> })}
        </div>
    }
}

/// A labelled text input with an optional hint and its error.
#[component]
pub fn TextField(
    /// The input's `id` and `name` (the server function's argument).
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] required: bool,
    /// What to show in the field when the page is rendered (typed values
    /// coming back through the form flash).
    #[prop(optional, into)]
    value: String,
    #[prop(into)] reply: Signal<FormReply>,
    /// Empty the field whenever a reply comes back (passwords and codes: a
    /// secret is never shown again, with or without JavaScript).
    #[prop(optional)]
    forget_on_reply: bool,
    /// Called with the new value as the person types (live checks).
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    /// The id of more text that describes the field (a checklist beside it).
    #[prop(optional)]
    also_described_by: Option<&'static str>,
    /// `numeric` for codes: a number pad on phones, without `type=number`'s spinners.
    #[prop(optional)]
    input_mode: Option<&'static str>,
    /// Adds a Show/Hide button (passwords). It appears once the page is
    /// hydrated, since it needs JavaScript to work.
    #[prop(optional)]
    reveal_toggle: bool,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let revealed = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    // Typed in since the last reply: its error was about the old value, so
    // it is no longer shown in red beside a field the person is fixing (the
    // next submission checks the new value).
    let edited = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    // Not on the first run: that is hydration, and would wipe what the
    // browser's password manager just filled in.
    Effect::new(move |first_run_done: Option<()>| {
        reply.track();
        edited.set(false);
        if forget_on_reply
            && first_run_done.is_some()
            && let Some(el) = input.get_untracked()
        {
            el.set_value("");
        }
    });
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = move || if edited.get() { None } else { reply.read().error_for(id) };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if let Some(more) = also_described_by {
                ids.push(more.to_string());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-error=move || error().is_some()>
            <label for=id>
                {required.then(|| view! { <span class="required" aria-hidden="true">"*"</span> })}
                {label}
                {required.then(|| view! { <span class="visually-hidden">{shared::REQUIRED}</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || error().map(|m| view! { <p class="error-message" id=error_id.clone()>{m}</p> })}
            <div class="input-row">
                <input
                    node_ref=input
                    id=id
                    name=id
                    type=move || if revealed.get() { "text" } else { input_type }
                    autocomplete=autocomplete
                    inputmode=input_mode
                    required=required
                    value=value
                    aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=described_by
                    on:input=move |ev| {
                        edited.set(true);
                        if let Some(cb) = on_input {
                            cb.run(event_target_value(&ev));
                        }
                    }
                />
                {reveal_toggle.then(|| view! {
                    <button type="button" class="button button-secondary reveal" hidden=move || !hydrated.get()
                        aria-controls=id aria-pressed=move || if revealed.get() { "true" } else { "false" }
                        on:click=move |_| revealed.update(|r| *r = !*r)>
                        {move || if revealed.get() { words::HIDE } else { words::SHOW }}
                        <span class="visually-hidden">" "{label}</span>
                    </button>
                })}
            </div>
        </div>
    }
}

/// Beside a send button: why it could not send yet (a wait, a limit), read
/// out politely. See [`FormReply::send_refused`].
#[component]
pub fn SendRefused(#[prop(into)] reply: Signal<FormReply>, field: &'static str) -> impl IntoView {
    view! {
        <div role="status" class="status-region" data-testid=format!("send-refused-{field}")>
            {move || reply.get().send_refusal(field).map(|m| view! { <p class="send-refused">{m}</p> })}
        </div>
    }
}

/// A status line for good news (a code was sent), read out politely.
#[component]
pub fn Notice(#[prop(into)] reply: Signal<FormReply>) -> impl IntoView {
    view! {
        <div role="status" class="status-region" data-testid="notice">
            {move || reply.get().notice.map(|n| view! { <p class="notice-text">{n}</p> })}
        </div>
    }
}
