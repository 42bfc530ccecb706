//! The second step of sign-in (`/login/verify`): one of the person's proved
//! methods — a code by email or text message, the authenticator app, or a
//! backup code. After a password reset Email PIN is not offered when the
//! person has another method (SPEC §3): the reset itself went by email.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::ui::{ErrorSummary, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "second_step";
#[cfg(feature = "ssr")]
const PAGE: &str = "/login/verify";

/// One method the person may use now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// `email`, `text`, `totp` or `backup_codes`.
    pub method: String,
    /// Where a code goes, masked: "j***@example.com", "(***) ***-0188".
    pub destination: Option<String>,
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
    use crate::signin::session::server as s;
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

    fn mask_phone(e164: &str) -> String {
        format!("(***) ***-{}", &e164[e164.len().saturating_sub(4)..])
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
                let (email, mobile, reset_at): (String, Option<String>, Option<i64>) = c.query_row(
                    "SELECT email, mobile_phone, password_reset_at FROM logins WHERE id = ?1",
                    [pending.login_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
                let mut stmt = c.prepare(
                    "SELECT method FROM login_methods WHERE login_id = ?1
                     ORDER BY CASE method WHEN 'email' THEN 1 WHEN 'text' THEN 2 WHEN 'totp' THEN 3 ELSE 4 END",
                )?;
                let methods: Vec<String> =
                    stmt.query_map([pending.login_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
                let after_reset = reset_at.is_some();
                let others = methods.iter().any(|m| m != "email");
                let choices = methods
                    .into_iter()
                    .filter(|m| !(after_reset && others && m == "email"))
                    .map(|method| {
                        let destination = match method.as_str() {
                            "email" => Some(mask_email(&email)),
                            "text" => mobile.as_deref().map(mask_phone),
                            _ => None,
                        };
                        Choice { method, destination }
                    })
                    .collect();
                Ok(Some(Waiting { token: t, pending, choices, after_reset, email, mobile }))
            })
            .await
    }
}

/// What the page offers; without a pending sign-in, back to the password.
#[server(endpoint = "second_step_view")]
pub async fn load_second_step() -> Result<Option<SecondStepView>, ServerFnError> {
    use crate::signin::session::server::failure;
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
    use crate::signin::session::server::{self as s, failure};
    use crate::store::one_time_codes::{self, Channel, CheckOutcome, check_message, refusal_message};
    use crate::store::{audit, sign_in, unix_now};

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
        "send_email" | "check_email" => ("email", "email_code"),
        "send_text" | "check_text" => ("text", "text_code"),
        "check_totp" => ("totp", "totp_code"),
        "check_backup" => ("backup_codes", "backup_code"),
        _ => {
            reply.form_error = Some("Choose one of the buttons on this page.".into());
            return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
        }
    };
    if !w.choices.iter().any(|c| c.method == method) {
        reply.form_error = Some("That method is not available for this login. Choose another.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }
    let subject = format!("signin:{login_id}:{method}");

    if intent.starts_with("send_") {
        let channel = if method == "email" { Channel::Email } else { Channel::Text };
        let subj = subject.clone();
        let issued = ctx
            .store
            .write(move |tx| one_time_codes::issue(tx, &subj, channel, now, &mut rand::rng()))
            .await
            .map_err(failure)?;
        match issued {
            Err(refused) => reply.field_error(field, refusal_message(refused, now)),
            Ok(code) => {
                let sent = if method == "email" {
                    ctx.mailer
                        .send(crate::mail::Email {
                            to: w.email.clone(),
                            subject: "Your CARS e-Services sign-in code".into(),
                            body: format!(
                                "Your code to sign in to CARS e-Services is {}.\n\nIt expires in 10 minutes. \
                                 If you are not signing in, someone knows your password: change it in Settings.\n\n\
                                 Michigan Department of State",
                                code.as_str()
                            ),
                        })
                        .await
                        .map_err(|e| e.to_string())
                } else {
                    let to = w.mobile.clone().unwrap_or_default();
                    ctx.texter
                        .send(crate::mail::TextMessage { to, body: format!("CARS e-Services sign-in code: {}", code.as_str()) })
                        .await
                        .map_err(|e| e.to_string())
                };
                sent.map_err(failure)?;
                let destination = w.choices.iter().find(|c| c.method == method).and_then(|c| c.destination.clone());
                reply.notice = Some(format!("We sent a 6-digit code to {}.", destination.unwrap_or_default()));
                let origin = origin.clone();
                ctx.store
                    .write(move |tx| audit::record(tx, Some(login_id), "code_requested", Some(method), &origin, now))
                    .await
                    .map_err(failure)?;
            }
        }
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let typed = match method {
        "email" => email_code,
        "text" => text_code,
        "totp" => totp_code,
        _ => backup_code,
    };
    let ip = origin.ip.clone().unwrap_or_else(|| "unknown".into());
    let per_minute = ctx.policy.sign_ins_per_minute;
    if !ctx.store.write(move |tx| sign_in::throttle(tx, &ip, per_minute, now)).await.map_err(failure)? {
        reply.form_error = Some("Too many attempts from your network. Please wait a minute and try again.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }
    let problem: Option<String> = match method {
        "email" | "text" => {
            let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
                Some("Enter the 6-digit code we sent.".into())
            } else {
                let channel = if method == "email" { Channel::Email } else { Channel::Text };
                let outcome = ctx
                    .store
                    .write(move |tx| one_time_codes::check(tx, &subject, channel, &digits, now))
                    .await
                    .map_err(failure)?;
                if outcome == CheckOutcome::Accepted { None } else { check_message(outcome, now) }
            }
        }
        "totp" => {
            let accepted = ctx
                .store
                .write(move |tx| {
                    let (secret, last): (Vec<u8>, Option<i64>) = tx.query_row(
                        "SELECT totp_secret, totp_last_step FROM login_methods WHERE login_id = ?1 AND method = 'totp'",
                        [login_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    let step = totp::verify(&totp::TotpSecret::from_bytes(secret), &typed, now, last);
                    if let Some(step) = step {
                        // No replay: the step is used up in the same transaction.
                        tx.execute(
                            "UPDATE login_methods SET totp_last_step = ?2 WHERE login_id = ?1 AND method = 'totp'",
                            [login_id, step],
                        )?;
                    }
                    Ok(step.is_some())
                })
                .await
                .map_err(failure)?;
            (!accepted).then(|| "That code is not right, or was already used. Type the code your app shows now.".to_string())
        }
        _ => match backup_codes::normalize(&typed) {
            None => Some("A backup code has 12 letters and numbers, like abcd-efgh-jkmn.".into()),
            Some(normalized) => {
                let used = ctx
                    .store
                    .write(move |tx| {
                        let mut stmt = tx.prepare("SELECT salt, code_hash FROM backup_codes WHERE login_id = ?1 AND used_at IS NULL")?;
                        let rows: Vec<(Vec<u8>, Vec<u8>)> =
                            stmt.query_map([login_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
                        drop(stmt);
                        let mut matched = None;
                        for (salt, hash) in rows {
                            let typed_hash = backup_codes::hash(&salt, &normalized);
                            let same = typed_hash.iter().zip(&hash).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
                                && hash.len() == typed_hash.len();
                            if same {
                                matched = Some(hash);
                            }
                        }
                        if let Some(hash) = &matched {
                            tx.execute(
                                "UPDATE backup_codes SET used_at = ?3 WHERE login_id = ?1 AND code_hash = ?2",
                                rusqlite::params![login_id, hash, now],
                            )?;
                        }
                        Ok(matched.is_some())
                    })
                    .await
                    .map_err(failure)?;
                (!used).then(|| "That is not one of your unused backup codes.".to_string())
            }
        },
    };

    if let Some(message) = problem {
        let token = w.token.clone();
        let origin = origin.clone();
        let used_up = ctx
            .store
            .write(move |tx| {
                audit::record(tx, Some(login_id), "second_step_failed", Some(method), &origin, now)?;
                sign_in::pending_failure(tx, &token)
            })
            .await
            .map_err(failure)?;
        if used_up {
            s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
            reply.form_error = Some("Too many wrong codes. Please enter your User ID and password again.".into());
            return crate::forms::flash::answer(FORM, PAGE, "/login", reply).await;
        }
        reply.field_error(field, message);
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let token = w.token.clone();
    ctx.store.write(move |tx| sign_in::end_pending(tx, &token)).await.map_err(failure)?;
    s::clear_cookie(&ctx, s::pending_cookie_name(ctx.secure_cookies));
    s::complete_sign_in(&ctx, login_id, w.pending.remember, "sign_in").await.map_err(failure)?;
    crate::forms::flash::answer(FORM, PAGE, &w.pending.next_path, reply).await
}

fn label(method: &str) -> &'static str {
    match method {
        "email" => "Email PIN",
        "text" => "Text message",
        "totp" => "Authenticator app",
        _ => "Backup code",
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
                        let heading_id = format!("method-{}", choice.method);
                        let labelled_by = heading_id.clone();
                        let body = match choice.method.as_str() {
                            "email" | "text" => {
                                let (send, check, field) = if choice.method == "email" {
                                    ("send_email", "check_email", "email_code")
                                } else {
                                    ("send_text", "check_text", "text_code")
                                };
                                let to = choice.destination.clone().unwrap_or_default();
                                view! {
                                    <ActionForm action attr:class="inline-form">
                                        {intent(send)}
                                        <button type="submit" class="button button-secondary" data-testid=format!("{send}")>
                                            {format!("Send a code to {to}")}
                                        </button>
                                    </ActionForm>
                                    <ActionForm action attr:novalidate=true attr:class="form">
                                        {intent(check)}
                                        <TextField id=field label="Enter the 6-digit code" autocomplete="one-time-code"
                                            input_mode="numeric" forget_on_reply=true reply/>
                                        <button type="submit" class="button" data-testid=format!("{check}")>"VERIFY"</button>
                                    </ActionForm>
                                }.into_any()
                            }
                            "totp" => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_totp")}
                                    <TextField id="totp_code" label="Enter the 6-digit code your authenticator app shows"
                                        autocomplete="one-time-code" input_mode="numeric" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_totp">"VERIFY"</button>
                                </ActionForm>
                            }.into_any(),
                            _ => view! {
                                <ActionForm action attr:novalidate=true attr:class="form">
                                    {intent("check_backup")}
                                    <TextField id="backup_code" label="Enter one of your backup codes"
                                        autocomplete="one-time-code" forget_on_reply=true reply/>
                                    <button type="submit" class="button" data-testid="check_backup">"VERIFY"</button>
                                </ActionForm>
                            }.into_any(),
                        };
                        view! {
                            <section class="method" aria-labelledby=labelled_by data-testid=format!("choice-{}", choice.method)>
                                <h2 id=heading_id>{label(&choice.method)}</h2>
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
