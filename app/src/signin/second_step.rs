//! The second step of sign-in (`/login/verify`): one of the person's proved
//! methods — a code by email or text message, the authenticator app, or a
//! backup code. After a password reset Email PIN is not offered when the
//! person has another method (SPEC §3): the reset itself went by email.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::rules::method::Method;
use crate::ui::{ErrorSummary, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "second_step";
#[cfg(feature = "ssr")]
const PAGE: &str = "/login/verify";

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

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::context::AppContext;
    use crate::session::server as s;
    use crate::store::{StoreError, sign_in};

    pub struct Waiting {
        pub token: String,
        pub pending: sign_in::Pending,
        pub choices: Vec<Choice>,
        pub after_reset: bool,
        pub email: String,
        pub mobile: Option<String>,
    }

    fn mask_email(email: &str) -> String {
        match email.split_once('@') {
            Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
            None => "***".into(),
        }
    }

    /// What a sign-in code proves: this pending sign-in (`token`) of
    /// `login_id` by `method`. Codes belong to one pending sign-in, so a
    /// stranger's requests never spend the resend wait or hourly allowance
    /// of the owner's sign-in.
    pub fn code_subject(login_id: i64, method: Method, token: &str) -> String {
        crate::store::one_time_codes::Subject::SignIn { login_id, method, pending_token: token }.key()
    }

    fn mask_phone(e164: &str) -> String {
        format!("(***) ***-{}", &e164[e164.len().saturating_sub(4)..])
    }

    /// What a person is told while the second step waits.
    pub fn waiting_message(until: i64, now: i64) -> String {
        use crate::messages::HELP_DESK_PHONE;
        format!(
            "Too many wrong codes were entered for this login, so for your security the second step is closed for {} more minutes. \
             Please try again after that, or call the help desk at {HELP_DESK_PHONE}.",
            ((until - now).max(0) + 59) / 60
        )
    }

    /// Tells the owner the second step was closed: someone who has the
    /// password is guessing codes, or the owner is having trouble.
    pub async fn notify_wait(ctx: &AppContext, login_id: i64, email: &str) {
        use crate::messages::HELP_DESK_PHONE;
        let user_id =
            ctx.store.read(move |c| crate::store::logins::user_id_of(c, login_id)).await.ok().flatten().unwrap_or_default();
        let minutes = sign_in::SECOND_STEP_WAIT_SECONDS / 60;
        let message = crate::mail::Email {
            to: email.to_string(),
            subject: "Too many wrong sign-in codes on your CARS e-Services login".into(),
            body: format!(
                "The right password for the login {user_id} was followed by {} wrong verification codes, \
                 so the second step of sign-in is closed for {minutes} minutes where they were typed.\n\n\
                 If this was not you, someone knows your password: change it with Forgot Password or in Settings now, \
                 or call the help desk at {HELP_DESK_PHONE}.\n\nMichigan Department of State",
                sign_in::SECOND_STEP_WRONG_BEFORE_WAIT
            ),
        };
        if let Err(e) = ctx.mailer.send(message).await {
            tracing::error!(error = %e, "the second-step notice could not be sent");
        }
    }

    /// The sign-in waiting for its second step in this browser, if any.
    pub async fn waiting(ctx: &AppContext) -> Result<Option<Waiting>, StoreError> {
        let Some(token) = s::cookie(ctx, s::pending_cookie_name(ctx.secure_cookies)) else {
            return Ok(None);
        };
        let now = crate::store::unix_now();
        let t = token.clone();
        ctx.store
            .read(move |c| {
                let Some(pending) = sign_in::find_pending(c, &t, now)? else { return Ok(None) };
                let crate::store::logins::Contact { email, mobile_phone: mobile, password_reset_at, .. } =
                    crate::store::logins::contact_of(c, pending.login_id)?;
                let methods = crate::store::logins::methods_of(c, pending.login_id)?;
                let after_reset = password_reset_at.is_some();
                let others = methods.iter().any(|&m| m != Method::Email);
                let mut choices = Vec::new();
                for method in methods.into_iter().filter(|&m| !(after_reset && others && m == Method::Email)) {
                    let (destination, channel) = match method {
                        Method::Email => (Some(mask_email(&email)), Some(crate::store::one_time_codes::Channel::Email)),
                        Method::Text => (mobile.as_deref().map(mask_phone), Some(crate::store::one_time_codes::Channel::Text)),
                        Method::Totp | Method::BackupCodes => (None, None),
                    };
                    let code_sent = match channel {
                        Some(channel) => {
                            let subject = code_subject(pending.login_id, method, &t);
                            crate::store::one_time_codes::has_live(c, &subject, channel, now)?
                        }
                        None => false,
                    };
                    choices.push(Choice { method, destination, code_sent });
                }
                Ok(Some(Waiting { token: t, pending, choices, after_reset, email, mobile }))
            })
            .await
    }
}

/// What the page offers; without a pending sign-in, back to the password.
#[server(endpoint = "second_step_view")]
pub async fn load_second_step() -> Result<Option<SecondStepView>, ServerFnError> {
    use crate::session::server::failure;
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(FORM).await?;
    match server::waiting(&ctx).await.map_err(failure)? {
        Some(w) => Ok(Some(SecondStepView { choices: w.choices, after_reset: w.after_reset, kept })),
        None => {
            leptos_axum::redirect("/login");
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
    use crate::security::{backup_codes, totp};
    use crate::session::server::{self as s, failure};
    use crate::store::one_time_codes::{self, Channel, CheckOutcome, check_message, refusal_message};
    use crate::store::{audit, logins, sign_in, unix_now};

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let Some(w) = server::waiting(&ctx).await.map_err(failure)? else {
        reply.form_error = Some("Your sign-in timed out. Please enter your User ID and password again.".into());
        return crate::forms::flash::answer(FORM, PAGE, "/login", reply).await;
    };
    let now = unix_now();
    let login_id = w.pending.login_id;
    let origin = s::origin(&ctx);
    let (method, field) = match intent.as_str() {
        "send_email" | "check_email" => (Method::Email, "email_code"),
        "send_text" | "check_text" => (Method::Text, "text_code"),
        "check_totp" => (Method::Totp, "totp_code"),
        "check_backup" => (Method::BackupCodes, "backup_code"),
        _ => {
            reply.form_error = Some("Choose one of the buttons on this page.".into());
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
    };
    if !w.choices.iter().any(|c| c.method == method) {
        reply.form_error = Some("That method is not available for this login. Choose another.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }
    let subject = server::code_subject(login_id, method, &w.token);

    if intent.starts_with("send_") {
        let channel = if method == Method::Email { Channel::Email } else { Channel::Text };
        let subj = subject.clone();
        let address = if method == Method::Email { w.email.clone() } else { w.mobile.clone().unwrap_or_default() };
        let per_hour = ctx.policy.codes_per_recipient_per_hour;
        let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
        let origin_tx = origin.clone();
        let client = origin.ip.clone().unwrap_or_else(|| "unknown".into());
        // The code, its message and the audit line in one transaction.
        let issued = ctx
            .store
            .write(move |tx| {
                let scope = sign_in::browser_scope(tx, login_id, device.as_deref())?;
                let to = one_time_codes::Recipient::new(channel, &address, per_hour).from_browser(scope).from_client(&client);
                let code = match one_time_codes::issue(tx, &subj, channel, &to, now, &mut rand::rng())? {
                    Ok(code) => code,
                    Err(refused) => return Ok(Err(refused)),
                };
                if channel == Channel::Email {
                    let email = crate::mail::Email {
                        to: address,
                        subject: "Your CARS e-Services sign-in code".into(),
                        body: format!(
                            "Your code to sign in to CARS e-Services is {}.\n\nIt expires in 10 minutes. \
                             If you are not signing in, someone knows your password: change it in Settings.\n\n\
                             Michigan Department of State",
                            code.as_str()
                        ),
                    };
                    crate::mail::Mailer::queue_in(tx, &email, now)?;
                } else {
                    let text = crate::mail::TextMessage {
                        to: address,
                        body: format!("CARS e-Services sign-in code: {}", code.as_str()),
                    };
                    crate::mail::Texter::queue_in(tx, &text, now)?;
                }
                audit::record(tx, Some(login_id), audit::Event::CodeRequested, Some(method.name()), &origin_tx, now)?;
                Ok(Ok(()))
            })
            .await
            .map_err(failure)?;
        match issued {
            Err(refused) => reply.send_refused(field, refusal_message(refused, now)),
            Ok(()) => {
                if channel == Channel::Email {
                    ctx.mailer.flush().await
                } else {
                    ctx.texter.flush().await
                }
                let destination = w.choices.iter().find(|c| c.method == method).and_then(|c| c.destination.clone());
                reply.notice = Some(format!("We sent a 6-digit code to {}.", destination.unwrap_or_default()));
                // The box to type it appears now, without reloading the page.
                reply.data.insert(format!("sent:{field}"), String::new());
            }
        }
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let typed = match method {
        Method::Email => email_code,
        Method::Text => text_code,
        Method::Totp => totp_code,
        Method::BackupCodes => backup_code,
    };
    // A form that is not filled in is not a wrong code: it is said by the
    // field and counts toward nothing.
    let shape = match method {
        Method::Email | Method::Text => {
            let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.is_empty() {
                Err("Enter the 6-digit code we sent.")
            } else if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
                Err("A code has 6 digits, like 123456.")
            } else {
                Ok(digits)
            }
        }
        Method::Totp => {
            if typed.trim().is_empty() {
                Err("Enter the 6-digit code your app shows now.")
            } else {
                Ok(typed)
            }
        }
        Method::BackupCodes => match backup_codes::normalize(&typed) {
            _ if typed.trim().is_empty() => Err("Enter one of your backup codes."),
            None => Err("A backup code has 12 letters and numbers, like abcd-efgh-jkmn."),
            Some(normalized) => Ok(normalized),
        },
    };
    let typed = match shape {
        Ok(typed) => typed,
        Err(message) => {
            reply.field_error(field, message);
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
    };

    // The limits, the check and the count in one write transaction: of a
    // burst of parallel guesses none passes a closed gate (store::sign_in).
    let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let per_minute = ctx.policy.sign_ins_per_minute;
    let device = s::cookie(&ctx, s::device_cookie_name(ctx.secure_cookies));
    let (token, origin_tx, key) = (w.token.clone(), origin.clone(), ctx.secrets_key.clone());
    let outcome = ctx
        .store
        .write(move |tx| {
            let scope = match sign_in::second_step_gate(tx, &ip, per_minute, &token, device.as_deref(), now)? {
                sign_in::SecondStepGate::Open { scope } => scope,
                sign_in::SecondStepGate::NoPending => return Ok(Checked::NoPending),
                sign_in::SecondStepGate::Throttled => return Ok(Checked::Throttled),
                sign_in::SecondStepGate::Waiting { until } => return Ok(Checked::Waiting { until }),
            };
            let problem: Option<String> = match method {
                Method::Email | Method::Text => {
                    let channel = if method == Method::Email { Channel::Email } else { Channel::Text };
                    match one_time_codes::check_uncounted(tx, &subject, channel, &typed, now)? {
                        CheckOutcome::Accepted => None,
                        CheckOutcome::Wrong { .. } => Some("That code is not right. Check it, or select Send a new code.".into()),
                        other => check_message(other, now),
                    }
                }
                Method::Totp => {
                    let (secret, last) = logins::totp_of(tx, &key, login_id)?;
                    match totp::verify(&secret, &typed, now, last) {
                        // No replay: the step is used up in the same transaction.
                        Some(step) => logins::use_totp_step(tx, login_id, step).map(|_| None)?,
                        None => Some("That code is not right, or was already used. Type the code your app shows now.".into()),
                    }
                }
                Method::BackupCodes => {
                    let unused = logins::unused_backup_codes(tx, login_id)?;
                    // Every unused code is compared (each in constant time), not
                    // just up to the first match.
                    let matched = unused.into_iter().fold(None, |found, code| {
                        let same = code.matches(&key, &typed);
                        found.or(same.then_some(code))
                    });
                    match matched {
                        Some(code) => logins::use_backup_code(tx, login_id, code.hash(), now).map(|_| None)?,
                        None => Some("That is not one of your unused backup codes.".into()),
                    }
                }
            };
            match problem {
                None => {
                    sign_in::second_step_right(tx, login_id, &scope, &token)?;
                    Ok(Checked::Right)
                }
                Some(message) => {
                    audit::record(tx, Some(login_id), audit::Event::SecondStepFailed, Some(method.name()), &origin_tx, now)?;
                    let wrong = sign_in::second_step_wrong(tx, login_id, &scope, &token, now)?;
                    if let sign_in::SecondStepWrong::WaitStarted { .. } = wrong {
                        audit::record(tx, Some(login_id), audit::Event::SecondStepWaitStarted, None, &origin_tx, now)?;
                    }
                    Ok(Checked::Wrong { message, wrong })
                }
            }
        })
        .await
        .map_err(failure)?;

    match outcome {
        Checked::Right => {}
        Checked::NoPending => {
            s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
            reply.form_error = Some("Your sign-in timed out. Please enter your User ID and password again.".into());
            return crate::forms::flash::answer(FORM, PAGE, "/login", reply).await;
        }
        Checked::Throttled => {
            reply.form_error = Some("Too many attempts from your network. Please wait a minute and try again.".into());
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
        Checked::Waiting { until } => {
            reply.form_error = Some(server::waiting_message(until, now));
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
        Checked::Wrong { message, wrong } => match wrong {
            sign_in::SecondStepWrong::TriesLeft(_) => {
                reply.field_error(field, message);
                return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
            }
            sign_in::SecondStepWrong::PendingUsedUp => {
                s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
                reply.form_error = Some("Too many wrong codes. Please enter your User ID and password again.".into());
                return crate::forms::flash::answer(FORM, PAGE, "/login", reply).await;
            }
            sign_in::SecondStepWrong::WaitStarted { until } => {
                server::notify_wait(&ctx, login_id, &w.email).await;
                s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
                reply.form_error = Some(server::waiting_message(until, now));
                return crate::forms::flash::answer(FORM, PAGE, "/login", reply).await;
            }
        },
    }

    s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
    s::complete_sign_in(&ctx, login_id, w.pending.remember, crate::store::audit::Event::SignIn).await.map_err(failure)?;
    crate::forms::flash::answer(FORM, PAGE, &w.pending.next_path, reply).await
}

/// What one second-step check came to, decided in one transaction.
#[cfg(feature = "ssr")]
enum Checked {
    Right,
    NoPending,
    Throttled,
    Waiting { until: i64 },
    Wrong { message: String, wrong: crate::store::sign_in::SecondStepWrong },
}

/// The heading of a method here: one backup code is used, not the set.
fn label(method: Method) -> &'static str {
    match method {
        Method::BackupCodes => "Backup code",
        other => other.label(),
    }
}

#[component]
pub fn SecondStepPage() -> impl IntoView {
    let action = ServerAction::<SecondStep>::new();
    let page = Resource::new(|| (), |_| load_second_step());
    view! {
        <Title text="Verify it is you"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Verify it is you"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(view)) = page.await else {
                    return view! { <p>"Please "<a href="/login">"enter your User ID and password"</a>" first."</p> }.into_any();
                };
                let kept = view.kept.clone();
                let reply = reply_of(move || action.value().get(), kept);
                let intent = |v: &'static str| view! { <input type="hidden" name="intent" value=v/> };
                view! {
                    <p class="lead">"Your password is right. To finish signing in, use one of your verification methods."</p>
                    {view.after_reset.then(|| view! {
                        <p class="notice">"Your password was reset recently, so we ask for a method other than Email PIN where you have one."</p>
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
                                let what = if choice.method == Method::Email { " the email code" } else { " the text message code" };
                                view! {
                                    <ActionForm action attr:class="inline-form">
                                        {intent(send)}
                                        <button type="submit" class="button button-secondary" data-testid=format!("{send}")>
                                            {move || if sent() { format!("Send a new code to {to}") } else { format!("Send a code to {to}") }}
                                        </button>
                                    </ActionForm>
                                    <crate::ui::SendRefused reply field/>
                                    <Show when=sent>
                                        <ActionForm action attr:novalidate=true attr:class="form">
                                            {intent(check)}
                                            <TextField id=field label="Enter the 6-digit code we sent" autocomplete="one-time-code"
                                                input_mode="numeric" forget_on_reply=true reply/>
                                            <button type="submit" class="button" data-testid=format!("{check}")>
                                                "VERIFY"<span class="visually-hidden">{what}</span>
                                            </button>
                                        </ActionForm>
                                    </Show>
                                }.into_any()
                            }
                            Method::Totp => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_totp")}
                                    <TextField id="totp_code" label="Enter the 6-digit code your authenticator app shows"
                                        autocomplete="one-time-code" input_mode="numeric" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_totp">
                                        "VERIFY"<span class="visually-hidden">" the authenticator app code"</span>
                                    </button>
                                </ActionForm>
                            }.into_any(),
                            Method::BackupCodes => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_backup")}
                                    <TextField id="backup_code" label="Enter one of your backup codes"
                                        autocomplete="one-time-code" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_backup">
                                        "VERIFY"<span class="visually-hidden">" the backup code"</span>
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
                    <p><a href="/login">"Cancel and start again"</a></p>
                }.into_any()
            })}
        </Suspense>
    }
}
