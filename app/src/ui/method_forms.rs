//! The forms that set up a second-step method, as sign-up step 3 and
//! Settings show them: the same fields, intents, words and test ids. Each
//! page posts to its own server function, which reads the hidden `intent`;
//! it hands its action over once as a [`PageForm`], and the components
//! here put their fields inside it. Only the confirming button's words
//! differ ("Confirm …" while signing up, "Add …" in Settings).

use leptos::prelude::*;

use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::ui::method_forms as words;
use crate::rules::method::AuthenticatorKey;
use crate::ui::TextField;
use crate::ui::backup_codes::{BackupCodeList, ShownBackupCodes};

/// How a form sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A lone button in the line of text (`inline-form`), maybe named for tests.
    Button(Option<&'static str>),
    /// A form with a field (`form`, checked by the page's own messages), named for tests.
    Field(&'static str),
}

/// The page's `ActionForm`, around the fields a component gives it.
#[derive(Clone, Copy)]
pub struct PageForm(Callback<(Layout, &'static str, AnyView), AnyView>);

impl PageForm {
    /// Forms that post to `action` (the bounds are `ActionForm`'s).
    pub fn new<A, P>(action: ServerAction<A>) -> Self
    where
        A: serde::de::DeserializeOwned
            + leptos::server_fn::ServerFn<Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, P>>
            + Clone
            + Send
            + Sync
            + 'static,
        <<A::Client as leptos::server_fn::client::Client<A::Error>>::Request as leptos::server_fn::request::ClientReq<
            A::Error,
        >>::FormData: From<leptos::web_sys::FormData>,
        A::Output: Send + Sync + 'static,
        A::Error: Send + Sync + 'static,
        A::Client: leptos::server_fn::client::Client<A::Error>,
        P: Send + Sync + 'static,
    {
        PageForm(Callback::new(move |(layout, intent, fields): (Layout, &'static str, AnyView)| match layout {
            Layout::Button(testid) => view! {
                <ActionForm action attr:class="inline-form" attr:data-testid=testid>
                    <input type="hidden" name="intent" value=intent/>
                    {fields}
                </ActionForm>
            }
            .into_any(),
            Layout::Field(testid) => view! {
                <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid=testid>
                    <input type="hidden" name="intent" value=intent/>
                    {fields}
                </ActionForm>
            }
            .into_any(),
        }))
    }

    /// A form laid out as `layout` that sends `intent` with `fields`.
    pub fn with(self, layout: Layout, intent: &'static str, fields: impl IntoView + 'static) -> AnyView {
        self.0.run((layout, intent, fields.into_any()))
    }
}

/// A text message: the button that sends a code to `number` (the mobile
/// number as shown), then, once one was `sent`, the box to type it back.
#[component]
pub fn TextMessageSetup(
    form: PageForm,
    number: String,
    sent: bool,
    /// The confirming button's words.
    confirm: &'static str,
    reply: Signal<FormReply>,
) -> impl IntoView {
    let send = shared::send_code_to(&number, sent);
    view! {
        {form.with(Layout::Button(Some("send-text-form")), "send_text", view! {
            <button type="submit" class="button button-secondary" data-testid="send-text">{send}</button>
        })}
        <crate::ui::SendRefused reply field="text_code"/>
        {sent.then(|| form.with(Layout::Field("text-code-form"), "check_text", view! {
            <TextField id="text_code" label=words::ENTER_THE_6_DIGIT_CODE autocomplete="one-time-code"
                input_mode="numeric" required=true forget_on_reply=true reply/>
            <button type="submit" class="button" data-testid="check-text">{confirm}</button>
        }))}
    }
}

/// An authenticator app: the button that starts, then (`key`) how to add
/// the login to the app and the box for its first code.
#[component]
pub fn AuthenticatorSetup(
    form: PageForm,
    key: Option<AuthenticatorKey>,
    /// The confirming button's words.
    confirm: &'static str,
    reply: Signal<FormReply>,
) -> impl IntoView {
    match key {
        Some(key) => view! {
            <ol class="steps-list">
                <li>{words::OPEN_AN_AUTHENTICATOR_APP}</li>
                <li>{words::SCAN_THIS_QR_CODE_OR}</li>
                <li>{words::ENTER_THE_6_DIGIT_CODE_THE}</li>
            </ol>
            <div class="qr" inner_html=key.qr_svg></div>
            <p>{words::KEY}<code class="secret" data-testid="totp-secret">{key.secret}</code></p>
            {form.with(Layout::Field("totp-form"), "check_totp", view! {
                <TextField id="totp_code" label=words::ENTER_THE_6_DIGIT_CODE_FROM autocomplete="one-time-code"
                    input_mode="numeric" required=true forget_on_reply=true reply/>
                <button type="submit" class="button" data-testid="check-totp">{confirm}</button>
            })}
        }
        .into_any(),
        None => form.with(Layout::Button(None), "start_totp", view! {
            <button type="submit" class="button button-secondary" data-testid="start-totp">{words::SET_UP_AN_AUTHENTICATOR}</button>
        }),
    }
}

/// Backup codes: once `created`, the codes to save and the box to type
/// one back; and the button that creates them, or new ones.
#[component]
pub fn BackupCodeSetup(
    form: PageForm,
    created: bool,
    /// The confirming button's words.
    confirm: &'static str,
    reply: Signal<FormReply>,
) -> impl IntoView {
    view! {
        <BackupCodeList reply/>
        {created.then(|| form.with(Layout::Field("backup-form"), "check_backup", view! {
            <ShownBackupCodes reply/>
            <TextField id="backup_code" label=words::TYPE_ONE_OF_YOUR_BACKUP
                autocomplete="one-time-code" required=true forget_on_reply=true reply/>
            <button type="submit" class="button" data-testid="check-backup">{confirm}</button>
        }))}
        {form.with(Layout::Button(None), "create_backup", view! {
            <button type="submit" class="button button-secondary" data-testid="create-backup">
                {if created { words::CREATE_NEW_BACKUP_CODES } else { words::CREATE_BACKUP_CODES }}
            </button>
        })}
    }
}
