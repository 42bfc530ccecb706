//! The second step of sign-in (`/login/verify`): one of the person's proved
//! methods — a code by email or text message, the authenticator app, or a
//! backup code. After a password reset Email PIN is not offered when the
//! person has another method (SPEC §3): the reset itself went by email.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::messages::shared;
use crate::messages::sign_in::second_step as words;
use crate::rules::method::Method;
use crate::ui::{ErrorSummary, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "second_step";
#[cfg(feature = "ssr")]
const PAGE: &str = Route::LoginVerify.path();

/// One method the person may use now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub method: Method,
    /// Where a code goes, masked: "j***@example.com", "(***) ***-0188".
    pub destination: Option<String>,
    /// Email and text: a code for this sign-in is live, so the box to type
    /// it is shown (before one is sent there is nothing to type).
    pub code_sent: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStepView {
    pub choices: Vec<Choice>,
    /// A password reset came before this sign-in.
    pub after_reset: bool,
    pub kept: Option<FormReply>,
}

/// What the page offers; without a pending sign-in, back to the password.
#[server(endpoint = "second_step_view")]
pub async fn load_second_step() -> Result<Option<SecondStepView>, ServerFnError> {
    use crate::session::server::failure;
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(FORM).await?;
    match crate::flows::second_step::waiting(&ctx, ctx.now()).await.map_err(failure)? {
        Some(w) => {
            let choices = w
                .offers
                .into_iter()
                .map(|o| Choice { method: o.method, destination: o.destination, code_sent: o.code_sent })
                .collect();
            Ok(Some(SecondStepView { choices, after_reset: w.after_reset, kept }))
        }
        None => {
            leptos_axum::redirect(Route::Login.path());
            Ok(None)
        }
    }
}

/// Sends a code or checks one; a right one finishes the sign-in.
#[server(endpoint = "second_step")]
pub async fn second_step(
    #[server(default)] intent: String,
    #[server(default)] email_code: String,
    #[server(default)] text_code: String,
    #[server(default)] totp_code: String,
    #[server(default)] backup_code: String,
) -> Result<FormReply, ServerFnError> {
    use crate::flows::second_step::{Ask, step};
    let ctx = expect_context::<crate::context::AppContext>();
    let now = ctx.now();
    let ask = match intent.as_str() {
        "send_email" => Some(Ask::Send(Method::Email)),
        "send_text" => Some(Ask::Send(Method::Text)),
        "check_email" => Some(Ask::Check(Method::Email)),
        "check_text" => Some(Ask::Check(Method::Text)),
        "check_totp" => Some(Ask::Check(Method::Totp)),
        "check_backup" => Some(Ask::Check(Method::BackupCodes)),
        _ => None,
    };
    let typed = match ask.map(Ask::method) {
        Some(Method::Email) => email_code,
        Some(Method::Text) => text_code,
        Some(Method::Totp) => totp_code,
        Some(Method::BackupCodes) => backup_code,
        None => String::new(),
    };
    let (reply, next) = answer_of(step(&ctx, ask, typed, now).await, ask.map(Ask::method), now)?;
    crate::forms::flash::answer(FORM, PAGE, &next, reply).await
}

/// The page's reply to a second-step submission, and where the browser goes.
#[cfg(feature = "ssr")]
fn answer_of(
    result: Result<crate::flows::second_step::Done, crate::flows::second_step::Refused>,
    method: Option<Method>,
    now: i64,
) -> Result<(FormReply, String), ServerFnError> {
    use crate::flows::second_step::{Done, Refused, waiting_message};
    let field = match method {
        Some(Method::Email) | None => "email_code",
        Some(Method::Text) => "text_code",
        Some(Method::Totp) => "totp_code",
        Some(Method::BackupCodes) => "backup_code",
    };
    let mut reply = FormReply::default();
    let (form_error, next): (Option<String>, &str) = match result {
        Ok(Done::Sent { destination }) => {
            reply.notice = Some(shared::code_sent_to(&destination));
            // The box to type it appears now, without reloading the page.
            reply.data.insert(format!("sent:{field}"), String::new());
            (None, PAGE)
        }
        Ok(Done::SignedIn { next_path }) => return Ok((reply, next_path)),
        Err(Refused::TimedOut) => (Some(words::YOUR_SIGN_IN_TIMED_OUT.into()), Route::Login.path()),
        Err(Refused::NoSuchButton) => (Some(shared::CHOOSE_A_BUTTON.into()), PAGE),
        Err(Refused::NotOffered) => (Some(words::THAT_METHOD_IS_NOT_AVAILABLE.into()), PAGE),
        Err(Refused::SendRefused(message)) => {
            reply.send_refused(field, message);
            (None, PAGE)
        }
        Err(Refused::Shape(message)) => {
            reply.field_error(field, message);
            (None, PAGE)
        }
        Err(Refused::Wrong(message)) => {
            reply.field_error(field, message);
            (None, PAGE)
        }
        Err(Refused::Throttled) => (Some(shared::TOO_MANY_ATTEMPTS.into()), PAGE),
        Err(Refused::Waiting { until }) => (Some(waiting_message(until, now)), PAGE),
        Err(Refused::UsedUp) => (Some(words::TOO_MANY_WRONG_CODES_PLEASE.into()), Route::Login.path()),
        Err(Refused::WaitStarted { until }) => (Some(waiting_message(until, now)), Route::Login.path()),
        Err(Refused::Broken(e)) => return Err(crate::session::server::failure(e)),
    };
    reply.form_error = form_error;
    Ok((reply, next.to_string()))
}

/// The heading of a method here: one backup code is used, not the set.
fn label(method: Method) -> &'static str {
    match method {
        Method::BackupCodes => words::BACKUP_CODE,
        other => other.label(),
    }
}

#[component]
pub fn SecondStepPage() -> impl IntoView {
    let action = ServerAction::<SecondStep>::new();
    let page = Resource::new(|| (), |_| load_second_step());
    view! {
        <Title text=words::VERIFY_IT_IS_YOU/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::VERIFY_IT_IS_YOU}</h1>
        <Suspense fallback=|| view! { <p>{shared::LOADING}</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(view)) = page.await else {
                    return view! { <p>{shared::PLEASE}<a href=Route::Login.path()>{words::ENTER_YOUR_USER_ID_AND}</a>{words::FIRST}</p> }.into_any();
                };
                let kept = view.kept.clone();
                let reply = reply_of(move || action.value().get(), kept);
                let intent = |v: &'static str| view! { <input type="hidden" name="intent" value=v/> };
                view! {
                    <p class="lead">{words::YOUR_PASSWORD_IS_RIGHT}</p>
                    {view.after_reset.then(|| view! {
                        <p class="notice">{words::YOUR_PASSWORD_WAS_RESET}</p>
                    })}
                    <crate::ui::Notice reply/>
                    <ErrorSummary reply/>
                    {view.choices.into_iter().map(|choice| {
                        let heading_id = format!("method-{}", choice.method.name());
                        let labelled_by = heading_id.clone();
                        let body = match choice.method {
                            Method::Email | Method::Text => {
                                let (send, check, field) = if choice.method == Method::Email {
                                    ("send_email", "check_email", "email_code")
                                } else {
                                    ("send_text", "check_text", "text_code")
                                };
                                let to = choice.destination.clone().unwrap_or_default();
                                // Once a code is on its way the box stays, whatever
                                // later replies (a wrong code, a wait) say.
                                let sent_flag = RwSignal::new(choice.code_sent);
                                Effect::new(move |_| {
                                    if reply.read().data.contains_key(&format!("sent:{field}")) {
                                        sent_flag.set(true);
                                    }
                                });
                                let sent = move || sent_flag.get();
                                let what = if choice.method == Method::Email { words::THE_EMAIL_CODE } else { words::THE_TEXT_MESSAGE_CODE };
                                view! {
                                    <ActionForm action attr:class="inline-form">
                                        {intent(send)}
                                        <button type="submit" class="button button-secondary" data-testid=format!("{send}")>
                                            {move || shared::send_code_to(&to, sent())}
                                        </button>
                                    </ActionForm>
                                    <crate::ui::SendRefused reply field/>
                                    <Show when=sent>
                                        <ActionForm action attr:novalidate=true attr:class="form">
                                            {intent(check)}
                                            <TextField id=field label=words::ENTER_THE_6_DIGIT_CODE autocomplete="one-time-code"
                                                input_mode="numeric" forget_on_reply=true reply/>
                                            <button type="submit" class="button" data-testid=format!("{check}")>
                                                {words::VERIFY}<span class="visually-hidden">{what}</span>
                                            </button>
                                        </ActionForm>
                                    </Show>
                                }.into_any()
                            }
                            Method::Totp => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_totp")}
                                    <TextField id="totp_code" label=words::ENTER_THE_6_DIGIT_CODE_YOUR
                                        autocomplete="one-time-code" input_mode="numeric" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_totp">
                                        {words::VERIFY}<span class="visually-hidden">{words::THE_AUTHENTICATOR_APP_CODE}</span>
                                    </button>
                                </ActionForm>
                            }.into_any(),
                            Method::BackupCodes => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_backup")}
                                    <TextField id="backup_code" label=words::ENTER_ONE_OF_YOUR_BACKUP
                                        autocomplete="one-time-code" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_backup">
                                        {words::VERIFY}<span class="visually-hidden">{words::THE_BACKUP_CODE}</span>
                                    </button>
                                </ActionForm>
                            }.into_any(),
                        };
                        view! {
                            <section class="method" aria-labelledby=labelled_by data-testid=format!("choice-{}", choice.method.name())>
                                <h2 id=heading_id>{label(choice.method)}</h2>
                                {body}
                            </section>
                        }
                    }).collect_view()}
                    <p><a href=Route::Login.path()>{words::CANCEL_AND_START_AGAIN}</a></p>
                }.into_any()
            })}
        </Suspense>
    }
}
