//! The header and footer every page carries.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::messages::shared;
use crate::messages::ui::frame as words;
use crate::session::{SessionView, StaySignedIn, session_status};

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    // Asked again after every navigation: signing in or off changes it.
    let session = Resource::new(move || location.pathname.get(), |_| session_status());
    let log_off = ServerAction::<LogOff>::new();
    view! {
        <a class="skip-link" href="#main">{words::SKIP_TO_MAIN_CONTENT}</a>
        <header class="site-header">
            <div class="banner">
                <div class="container">{words::AN_OFFICIAL_WEBSITE_OF}</div>
            </div>
            <div class="container header-row">
                <a class="brand" href=Route::Home.path()>
                    <span class="brand-name">{words::CARS_E_SERVICES}</span>
                    <span class="brand-agency">{words::MICHIGAN_SECRETARY_OF_STATE}</span>
                </a>
                <nav aria-label=words::SITE class="site-nav">
                    <ul>
                        <li><a href="https://www.michigan.gov" rel="external">{words::MI_GOV_HOME}</a></li>
                        <li><a href=Route::Faq.path()>{words::FAQS}</a></li>
                        <li><a href=Route::Contact.path()>{shared::CONTACT_US}</a></li>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                session.await.ok().flatten().map(|s| view! {
                                    <li class="welcome" data-testid="welcome-user">{words::welcome(&s.user_id)}</li>
                                    <li><a href=Route::Settings.path()>{words::SETTINGS}</a></li>
                                    <li>
                                        <ActionForm action=log_off attr:class="inline-form log-off">
                                            <button type="submit" class="link-button" data-testid="log-off">{words::LOG_OFF}</button>
                                        </ActionForm>
                                    </li>
                                    <IdleWarning initial=s log_off/>
                                })
                            })}
                        </Transition>
                    </ul>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <nav aria-label=words::FOOTER>
                    <ul>
                        <li><a href=Route::Terms.path()>{words::TERMS_CONDITIONS}</a></li>
                        <li><a href=Route::Privacy.path()>{words::PRIVACY}</a></li>
                        <li><a href=Route::Accessibility.path()>{words::ACCESSIBILITY}</a></li>
                        <li><a href=Route::Faq.path()>{words::FAQS}</a></li>
                        <li><a href=Route::Contact.path()>{shared::CONTACT_US}</a></li>
                    </ul>
                </nav>
                <p>{words::FOOTER_HELP}</p>
            </div>
        </footer>
    }
}

/// The idle-timeout warning (SPEC §3): two minutes before a quiet session
/// ends, a dialog asks the server for the time left and offers "Stay signed
/// in" or "Log Off". Needs JavaScript; without it the session simply ends.
#[component]
fn IdleWarning(initial: SessionView, log_off: ServerAction<LogOff>) -> impl IntoView {
    let left = RwSignal::new(initial.seconds_left);
    let warn = initial.warn_seconds;
    let open = RwSignal::new(false);
    let deadline = StoredValue::new(0f64);
    let stay = ServerAction::<StaySignedIn>::new();
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        deadline.set_value(now_ms() + initial.seconds_left as f64 * 1000.0);
        let handle = set_interval_with_handle(
            move || {
                let remaining = ((deadline.get_value() - now_ms()) / 1000.0).floor() as i64;
                left.set(remaining);
                if remaining <= warn && !open.get_untracked() {
                    // Ask the server: activity in another tab may have moved the end.
                    // The answer may come after the page changed and this
                    // component went: `try_` touches nothing disposed.
                    leptos::task::spawn_local(async move {
                        match session_status().await {
                            Ok(Some(s)) => {
                                deadline.try_set_value(now_ms() + s.seconds_left as f64 * 1000.0);
                                left.try_set(s.seconds_left);
                                if s.seconds_left <= warn {
                                    open.try_set(true);
                                }
                            }
                            Ok(None) => go_to(&Route::Login.with("?timed_out=1")),
                            Err(_) => {}
                        }
                    });
                }
                if remaining <= 0 {
                    go_to(&Route::Login.with("?timed_out=1"));
                }
            },
            std::time::Duration::from_secs(1),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    });
    Effect::new(move |_| {
        if open.get()
            && let Some(el) = dialog.get()
        {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(s))) = stay.value().get() {
            deadline.set_value(now_ms() + s.seconds_left as f64 * 1000.0);
            left.set(s.seconds_left);
            open.set(false);
        }
    });
    move || {
        open.get().then(|| {
            let minutes = (left.get().max(0) + 59) / 60;
            view! {
                <li class="idle-dialog-holder">
                    <div class="idle-backdrop"></div>
                    <div class="idle-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title"
                        aria-describedby="idle-text" tabindex="-1" node_ref=dialog data-testid="idle-warning">
                        <h2 id="idle-title">{words::ARE_YOU_STILL_THERE}</h2>
                        <p id="idle-text">{words::logged_off_in(minutes)}</p>
                        <div class="button-row">
                            <button type="button" class="button" data-testid="stay-signed-in"
                                on:click=move |_| { stay.dispatch(StaySignedIn {}); }>{words::STAY_SIGNED_IN}</button>
                            <button type="button" class="button button-secondary"
                                on:click=move |_| { log_off.dispatch(LogOff {}); }>{words::LOG_OFF}</button>
                        </div>
                    </div>
                </li>
            }
        })
    }
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = leptos::web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Log Off: ends the session on the server and forgets the cookie. It
/// answers as every form does (a flash and a redirect without JavaScript),
/// so it lives here, above the session service, beside its button.
#[server(endpoint = "log_off")]
pub async fn log_off() -> Result<crate::forms::FormReply, ServerFnError> {
    use crate::session::server;
    let ctx = expect_context::<crate::context::AppContext>();
    server::log_off(&ctx).await.map_err(server::failure)?;
    crate::forms::flash::answer(
        "log_off",
        crate::routes::Route::Home.path(),
        &crate::routes::Route::Login.with("?signed_out=1"),
        crate::forms::FormReply::default(),
    )
    .await
}
