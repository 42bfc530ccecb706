//! Step 2, Security Setup (`/signup/security`): the User ID, held for this
//! registration once accepted, and the password, checked live against the
//! state's guidelines by the same Rust code the server runs.

use leptos::prelude::*;
use leptos_meta::Title;

use super::wizard::{ExpiryNotice, StepGate, StepHeading, StepPage, WizardStep, WizardView, signup_step};
use crate::forms::FormReply;
use crate::ui::password_guidelines::{GUIDELINES_ID, PasswordGuidelines, PasswordOwner, common_password_answer};
use crate::ui::{ErrorSummary, Notice, TextField, reply_of};

#[cfg(feature = "ssr")]
const FORM: &str = "signup_security_setup";
#[cfg(feature = "ssr")]
const PAGE: &str = "/signup/security";

#[server(endpoint = "signup_security_setup")]
pub async fn submit_security_setup(
    #[server(default)] user_id: String,
    #[server(default)] password: String,
    #[server(default)] confirm_password: String,
) -> Result<FormReply, ServerFnError> {
    use super::server;
    use crate::rules::password::{self, PasswordContext};
    use crate::rules::user_id as user_id_rules;
    use crate::store::{unix_now, user_id_holds};

    let ctx = expect_context::<crate::context::AppContext>();
    let mut reply = FormReply::default();
    let typed_id = user_id.trim().to_string();
    reply.values.insert("user_id".into(), typed_id.clone());
    let Some(mut wizard) = server::live(&ctx).await? else {
        reply.form_error = Some(server::EXPIRED.into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    };
    let Some(profile) = wizard.registration.profile.clone().filter(|_| wizard.registration.email_verified) else {
        reply.form_error = Some("Finish step 1 first: your profile and the code we emailed.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    };

    if let Err(problem) = user_id_rules::check(&typed_id) {
        reply.field_error("user_id", problem.message());
    }
    let context = PasswordContext {
        user_id: &typed_id,
        first_name: profile.first_name.as_deref().unwrap_or(""),
        last_name: &profile.last_name,
    };
    if password.is_empty() {
        reply.field_error("password", "Enter a password.");
    } else {
        let unmet = password::check_with_common(&password, &context, password::CommonPasswords::shipped());
        if !unmet.is_empty() {
            let messages: Vec<&str> = unmet.iter().map(|g| g.message()).collect();
            reply.field_error("password", messages.join(" "));
        }
    }
    if confirm_password.is_empty() {
        reply.field_error("confirm_password", "Confirm your password.");
    } else if confirm_password != password {
        reply.field_error("confirm_password", "The passwords do not match.");
    }
    if !reply.is_ok() {
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }

    // Everything is well formed. The User ID is settled before any Argon2
    // work, and the work is throttled per client address and bounded (a
    // place in the hashing queue first), so strangers cannot make the
    // server hash without limit.
    let ip = crate::session::server::origin(&ctx).ip.unwrap_or_else(|| "unknown".into());
    let queue = crate::security::password_hash::Queue::open(Some(&ip));
    let ticket = ctx.hasher.admit(queue).map_err(|e| crate::forms::hash_failure("sign-up", e))?;
    let holder = wizard.holder();
    let wanted = user_id_rules::normalize(&typed_id);
    let (now, until) = (unix_now(), unix_now() + super::state::REGISTRATION_TTL_SECONDS);
    let per_minute = ctx.policy.sign_ins_per_minute;
    let held = {
        let wanted = wanted.clone();
        ctx.store
            .write(move |tx| {
                if !crate::store::sign_in::throttle(tx, &ip, per_minute, now)? {
                    return Ok(None);
                }
                user_id_holds::hold(tx, &holder, &wanted, now, until).map(Some)
            })
            .await
            .map_err(server::failure)?
    };
    let Some(held) = held else {
        reply.form_error = Some("Too many attempts from your network. Please wait a minute and try again.".into());
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    };
    if held.is_err() {
        let first = profile.first_name.clone().unwrap_or_default();
        let free = server::suggest_user_ids(&ctx, &wizard, &first, &profile.last_name, 3).await.map_err(server::failure)?;
        let message = if free.is_empty() {
            "That User ID is already taken. Choose another.".to_string()
        } else {
            format!("That User ID is already taken. These are free: {}.", free.join(", "))
        };
        reply.field_error("user_id", message);
        return crate::forms::flash::answer(FORM, PAGE, PAGE, reply).await;
    }
    let hash = ticket.hash(password).await.map_err(|e| crate::forms::hash_failure("sign-up", e))?;
    wizard.registration.user_id = Some(wanted);
    wizard.registration.password_hash = Some(hash.as_str().to_string());
    super::state::save(&ctx.store, &mut wizard).await.map_err(server::failure)?;
    crate::forms::flash::answer(FORM, PAGE, WizardStep::SecurityOptions.path(), reply).await
}

/// Whether a password is on the common-passwords list, for the live
/// checklist. The list stays on the server; the answer is only advice (the
/// submission is checked again).
#[server(endpoint = "signup_password_common")]
pub async fn password_is_common(#[server(default)] password: String) -> Result<bool, ServerFnError> {
    use crate::rules::password;
    Ok(password::is_common(&password, password::CommonPasswords::shipped()))
}

#[component]
pub fn SecuritySetupPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| signup_step(WizardStep::SecuritySetup, String::new()));
    let action = ServerAction::<SubmitSecuritySetup>::new();
    view! {
        <Title text="Security Setup – Create Your Account"/>
        <StepHeading step=WizardStep::SecuritySetup/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(StepPage { view, kept }) => view! {
                        <StepGate step=WizardStep::SecuritySetup view=view.clone()>
                            <SecuritySetupForm action view=view.clone() kept=kept.clone()/>
                        </StepGate>
                    }.into_any(),
                    Err(_) => view! { <p class="error-message">"This page could not be loaded. Please try again."</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SecuritySetupForm(action: ServerAction<SubmitSecuritySetup>, view: WizardView, kept: Option<FormReply>) -> impl IntoView {
    let reply = reply_of(move || action.value().get(), kept.clone());
    let initial_id = kept.as_ref().map(|k| k.value_of("user_id")).filter(|v| !v.is_empty()).unwrap_or(view.user_id.clone());
    let user_id = RwSignal::new(initial_id.clone());
    let password_typed = RwSignal::new(String::new());
    let common = common_password_answer(password_typed.into(), password_is_common);
    let (first_name, last_name) = (view.first_name.clone(), view.last_name.clone());
    let owner = Signal::derive(move || PasswordOwner {
        user_id: user_id.get(),
        first_name: first_name.clone(),
        last_name: last_name.clone(),
    });

    view! {
        <p class="lead">"Provide user id and password information to complete your profile"</p>
        <p class="required-note"><span class="required" aria-hidden="true">"*"</span>" Required"</p>
        <Notice reply/>
        <ErrorSummary reply/>
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-testid="security-setup-form">
            <TextField id="user_id" label="User ID" autocomplete="username" required=true
                hint="Enter your last name, first initial, and any 4 numbers with no space between them. For example: John Smith and using 9999 as the four digit number, you would enter smithj9999. We suggest a free one. A User ID has 6 to 30 letters and numbers and cannot contain space."
                value=initial_id on_input=Callback::new(move |v: String| user_id.set(v)) reply/>
            <div class="password-pair">
                <div>
                    <TextField id="password" label="Password" input_type="password" autocomplete="new-password"
                        required=true forget_on_reply=true reveal_toggle=true also_described_by=GUIDELINES_ID
                        on_input=Callback::new(move |v: String| password_typed.set(v)) reply/>
                    <TextField id="confirm_password" label="Confirm password" input_type="password"
                        autocomplete="new-password" required=true forget_on_reply=true reveal_toggle=true reply/>
                </div>
                <PasswordGuidelines password=password_typed owner common new_login=true/>
            </div>
            <div class="button-row">
                <a class="button button-secondary" href="/signup">"BACK"</a>
                <crate::ui::SubmitButton label="NEXT" testid="next" busy=crate::ui::moving_on(action)/>
            </div>
        </ActionForm>
        <ExpiryNotice step=WizardStep::SecuritySetup seconds_left=view.seconds_left/>
    }
}
