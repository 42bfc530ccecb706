//! Settings (`/settings`, SPEC §3): what the login is, its verification
//! methods, changing the password, signing out every other browser, and
//! the account's own activity from the audit log.
//!
//! Built so far: the overview, password change, "sign out everywhere
//! else" and activity. Editing the profile, changing the email, adding and
//! removing methods and closing the login come next (issue 4).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::forms::FormReply;
use crate::ui::{ErrorSummary, Notice, TextField, format_unix_utc};

#[cfg(feature = "ssr")]
const FORM: &str = "settings";
#[cfg(feature = "ssr")]
const PAGE: &str = "/settings";

/// One line of account activity, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub at: i64,
    pub what: String,
    pub from: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub work_phone: String,
    pub mobile_phone: Option<String>,
    pub methods: Vec<String>,
    /// Other signed-in browsers of this login.
    pub other_sessions: i64,
    pub remembered_browsers: i64,
    pub activity: Vec<ActivityLine>,
    pub first_name: String,
    pub last_name: String,
    pub kept: Option<FormReply>,
}

/// What the person reads for each audit event.
pub fn describe(event: &str) -> &'static str {
    match event {
        "login_created" => "Login created",
        "sign_in" => "Signed in",
        "sign_in_remembered_browser" => "Signed in on a remembered browser",
        "sign_in_failed" => "Sign-in failed (wrong password)",
        "sign_in_refused_locked" => "Sign-in refused: login locked",
        "lockout_started" => "Login locked after wrong passwords",
        "second_step_failed" => "Wrong verification code",
        "code_requested" => "Verification code requested",
        "log_off" => "Logged off",
        "password_changed" => "Password changed",
        "password_reset" => "Password reset",
        "signed_out_elsewhere" => "Signed out of every other browser",
        "user_id_reminder_sent" => "User ID reminder emailed",
        "authorization_code_failed" => "Wrong account authorization code",
        "authorization_codes_voided" => "Every outstanding authorization code voided after 20 wrong tries",
        "account_linked" => "Business account access added",
        "account_unlinked" => "Business account access removed",
        _ => "Security event",
    }
}

#[server(endpoint = "settings_page")]
pub async fn settings_page() -> Result<Option<SettingsView>, ServerFnError> {
    use crate::rules::phone::Phone;
    use crate::signin::session::server::{cookie, failure};
    use crate::store::{audit, sessions, unix_now};

    let Some(me) = crate::signin::session::signed_in_or_redirect(PAGE).await? else {
        return Ok(None);
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let kept = crate::forms::flash::take(FORM).await?;
    let token = cookie(&ctx, sessions::cookie_name(ctx.secure_cookies)).unwrap_or_default();
    let now = unix_now();
    let login_id = me.login_id;
    let mut view = ctx
        .store
        .read(move |c| {
            let (first, middle, last, suffix, email, work, ext, mobile): (
                Option<String>,
                Option<String>,
                String,
                Option<String>,
                String,
                String,
                Option<String>,
                Option<String>,
            ) = c.query_row(
                "SELECT first_name, middle_initial, last_name, suffix, email, work_phone, work_phone_ext, mobile_phone
                 FROM logins WHERE id = ?1",
                [login_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )?;
            let mut stmt = c.prepare(
                "SELECT method FROM login_methods WHERE login_id = ?1
                 ORDER BY CASE method WHEN 'email' THEN 1 WHEN 'text' THEN 2 WHEN 'totp' THEN 3 ELSE 4 END",
            )?;
            let methods = stmt
                .query_map([login_id], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .map(|m| {
                    match m.as_str() {
                        "email" => "Email PIN",
                        "text" => "Text message",
                        "totp" => "Authenticator app",
                        _ => "Backup codes",
                    }
                    .to_string()
                })
                .collect();
            let hash = crate::security::sha256(token.as_bytes()).to_vec();
            let other_sessions: i64 = c.query_row(
                "SELECT count(*) FROM sessions WHERE login_id = ?1 AND token_hash != ?2 AND expires_at > ?3",
                rusqlite::params![login_id, hash, now],
                |r| r.get(0),
            )?;
            let remembered_browsers: i64 = c.query_row(
                "SELECT count(*) FROM remembered_browsers WHERE login_id = ?1 AND expires_at > ?2",
                rusqlite::params![login_id, now],
                |r| r.get(0),
            )?;
            let activity = audit::for_login(c, login_id, 30)?
                .into_iter()
                .map(|a| ActivityLine { at: a.at, what: describe(&a.event).to_string(), from: a.ip })
                .collect();
            let name = [first.clone(), middle, Some(last.clone()), suffix].into_iter().flatten().collect::<Vec<_>>().join(" ");
            Ok(SettingsView {
                user_id: String::new(),
                name,
                email,
                work_phone: Phone { e164: work, extension: ext }.display(),
                mobile_phone: mobile.map(|e164| Phone { e164, extension: None }.display()),
                methods,
                other_sessions,
                remembered_browsers,
                activity,
                first_name: first.unwrap_or_default(),
                last_name: last,
                kept: None,
            })
        })
        .await
        .map_err(failure)?;
    view.user_id = me.user_id;
    view.kept = kept;
    Ok(Some(view))
}

/// Changes the password: the current one first, then every rule of SPEC §2
/// including the last 3 passwords. Every other browser is signed out.
#[server(endpoint = "settings_password")]
pub async fn change_password(
    #[server(default)] current_password: String,
    #[server(default)] new_password: String,
    #[server(default)] confirm_password: String,
) -> Result<FormReply, ServerFnError> {
    use crate::rules::password::{self, Guideline, PasswordContext};
    use crate::security::password_hash::StoredHash;
    use crate::signin::session::server::{cookie, failure, origin};
    use crate::store::{audit, sessions, sign_in, unix_now};

    let mut reply = FormReply::default();
    let Some(me) = crate::signin::session::signed_in_or_redirect(PAGE).await? else {
        reply.form_error = Some("Please sign in again.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let login_id = me.login_id;
    let (first, last, email, recent): (String, String, String, Vec<String>) = ctx
        .store
        .read(move |c| {
            let (first, last, email): (Option<String>, String, String) = c.query_row(
                "SELECT first_name, last_name, email FROM logins WHERE id = ?1",
                [login_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let mut stmt = c.prepare("SELECT phc FROM password_history WHERE login_id = ?1 ORDER BY id DESC LIMIT 3")?;
            let recent = stmt.query_map([login_id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok((first.unwrap_or_default(), last, email, recent))
        })
        .await
        .map_err(failure)?;

    if current_password.is_empty() {
        reply.field_error("current_password", "Enter your current password.");
    } else if !ctx.hasher.verify(current_password, recent.first().cloned().map(StoredHash::from_stored)).await {
        reply.field_error("current_password", "That is not your current password.");
    }
    let context = PasswordContext { user_id: &me.user_id, first_name: &first, last_name: &last };
    if new_password.is_empty() {
        reply.field_error("new_password", "Enter a new password.");
    } else {
        let mut unmet = password::check_with_common(&new_password, &context, password::CommonPasswords::shipped());
        if unmet.is_empty() {
            for phc in &recent {
                if ctx.hasher.verify(new_password.clone(), Some(StoredHash::from_stored(phc.clone()))).await {
                    unmet.push(Guideline::NotRecent);
                    break;
                }
            }
        }
        if !unmet.is_empty() {
            reply.field_error("new_password", unmet.iter().map(|g| g.message()).collect::<Vec<_>>().join(" "));
        }
    }
    if confirm_password.is_empty() {
        reply.field_error("confirm_password", "Confirm your new password.");
    } else if confirm_password != new_password {
        reply.field_error("confirm_password", "The passwords do not match.");
    }
    if !reply.is_ok() {
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    let hash = ctx.hasher.hash(new_password).await.map_err(failure)?;
    let keep = cookie(&ctx, sessions::cookie_name(ctx.secure_cookies));
    let (now, origin) = (unix_now(), origin(&ctx));
    ctx.store
        .write(move |tx| {
            tx.execute(
                "INSERT INTO password_history (login_id, phc, created_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![login_id, hash.as_str(), now],
            )?;
            sessions::end_all(tx, login_id, keep.as_deref())?;
            sign_in::forget_browsers(tx, login_id)?;
            audit::record(tx, Some(login_id), "password_changed", None, &origin, now)
        })
        .await
        .map_err(failure)?;
    let notice = crate::mail::Email {
        to: email,
        subject: "Your CARS e-Services password was changed".into(),
        body: format!(
            "The password of the login {} was changed, and every other browser was signed out.\n\n\
             If you did not do this, use Forgot Password now and call us at 888-767-6424.\n\nMichigan Department of State",
            me.user_id
        ),
    };
    if let Err(e) = ctx.mailer.send(notice).await {
        tracing::error!(error = %e, "the password-change notice could not be sent");
    }
    reply.notice = Some("Your password was changed. Every other browser was signed out.".into());
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

/// Ends every other session of this login and forgets remembered browsers.
#[server(endpoint = "settings_sign_out_elsewhere")]
pub async fn sign_out_elsewhere() -> Result<FormReply, ServerFnError> {
    use crate::signin::session::server::{cookie, failure, origin};
    use crate::store::{audit, sessions, sign_in, unix_now};

    let mut reply = FormReply::default();
    let Some(me) = crate::signin::session::signed_in_or_redirect(PAGE).await? else {
        reply.form_error = Some("Please sign in again.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    };
    let ctx = expect_context::<crate::context::AppContext>();
    let keep = cookie(&ctx, sessions::cookie_name(ctx.secure_cookies));
    let (now, origin, login_id) = (unix_now(), origin(&ctx), me.login_id);
    let ended = ctx
        .store
        .write(move |tx| {
            let ended = sessions::end_all(tx, login_id, keep.as_deref())?;
            sign_in::forget_browsers(tx, login_id)?;
            audit::record(tx, Some(login_id), "signed_out_elsewhere", None, &origin, now)?;
            Ok(ended)
        })
        .await
        .map_err(failure)?;
    reply.notice = Some(format!(
        "Signed out of {ended} other browser{}; no browser is remembered any more.",
        if ended == 1 { "" } else { "s" }
    ));
    crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let password = ServerAction::<ChangePassword>::new();
    let elsewhere = ServerAction::<SignOutElsewhere>::new();
    let page = Resource::new(
        move || (password.version().get(), elsewhere.version().get()),
        |_| settings_page(),
    );
    let last = RwSignal::new(None::<FormReply>);
    let oops = || FormReply { form_error: Some("Something went wrong on our side. Please try again.".into()), ..Default::default() };
    Effect::new(move |_| if let Some(r) = password.value().get() { last.set(Some(r.unwrap_or_else(|_| oops()))) });
    Effect::new(move |_| if let Some(r) = elsewhere.value().get() { last.set(Some(r.unwrap_or_else(|_| oops()))) });
    view! {
        <Title text="Settings"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Settings"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let Ok(Some(view)) = page.await else {
                    return view! { <p>"Please "<a href="/login?next=/settings">"sign in"</a>" to see your settings."</p> }.into_any();
                };
                let kept = view.kept.clone();
                let reply = Signal::derive(move || last.get().or(kept.clone()).unwrap_or_default());
                view! {
                    <Notice reply/>
                    <ErrorSummary reply/>
                    <section class="method" aria-labelledby="profile-title" data-testid="settings-profile">
                        <h2 id="profile-title">"Your login"</h2>
                        <dl class="summary-list">
                            <dt>"User ID"</dt><dd>{view.user_id.clone()}</dd>
                            <dt>"Name"</dt><dd>{view.name.clone()}</dd>
                            <dt>"Email Address"</dt><dd>{view.email.clone()}</dd>
                            <dt>"Work Phone Number"</dt><dd>{view.work_phone.clone()}</dd>
                            <dt>"Mobile Number"</dt><dd>{view.mobile_phone.clone().unwrap_or_else(|| "None given".into())}</dd>
                            <dt>"Verification methods"</dt><dd data-testid="settings-methods">{view.methods.join(", ")}</dd>
                        </dl>
                    </section>
                    <section class="method" aria-labelledby="password-title">
                        <h2 id="password-title">"Change your password"</h2>
                        <ActionForm action=password attr:novalidate=true attr:class="form" attr:data-testid="change-password-form">
                            <TextField id="current_password" label="Current password" input_type="password"
                                autocomplete="current-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                            <TextField id="new_password" label="New password" input_type="password" autocomplete="new-password"
                                hint="At least 8 characters from 3 of: upper case, lower case, numbers, special characters (! $ # , % @ ~ ^ & * _ - + = > <); not one of your last 3 passwords; not based on your User ID or names; not a common password."
                                required=true forget_on_reply=true reveal_toggle=true reply/>
                            <TextField id="confirm_password" label="Confirm new password" input_type="password"
                                autocomplete="new-password" required=true forget_on_reply=true reply/>
                            <button type="submit" class="button" data-testid="change-password">"Change password"</button>
                        </ActionForm>
                    </section>
                    <section class="method" aria-labelledby="browsers-title">
                        <h2 id="browsers-title">"Signed-in browsers"</h2>
                        <p data-testid="other-sessions">{format!(
                            "You are signed in here and on {} other browser{}. {} browser{} remembered for the second step.",
                            view.other_sessions, if view.other_sessions == 1 { "" } else { "s" },
                            view.remembered_browsers, if view.remembered_browsers == 1 { " is" } else { "s are" }
                        )}</p>
                        <ActionForm action=elsewhere attr:class="inline-form">
                            <button type="submit" class="button button-secondary" data-testid="sign-out-elsewhere">"Sign out everywhere else"</button>
                        </ActionForm>
                    </section>
                    <section class="method" aria-labelledby="activity-title">
                        <h2 id="activity-title">"Account activity"</h2>
                        <table data-testid="activity">
                            <caption class="visually-hidden">"Your most recent security events, newest first"</caption>
                            <thead><tr><th scope="col">"When (UTC)"</th><th scope="col">"What"</th><th scope="col">"From"</th></tr></thead>
                            <tbody>
                                {view.activity.iter().map(|a| view! {
                                    <tr>
                                        <td>{format_unix_utc(a.at)}</td>
                                        <td>{a.what.clone()}</td>
                                        <td>{a.from.clone().unwrap_or_else(|| "unknown".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                    <p class="note">"Editing your profile, changing your email address, adding or removing methods and closing your login will be here soon. Until then, call 888-767-6424."</p>
                }.into_any()
            })}
        </Transition>
    }
}
