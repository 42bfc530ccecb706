//! The header and footer every page carries.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::session::{SessionView, StaySignedIn, session_status};

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    // Asked again after every navigation: signing in or off changes it.
    let session = Resource::new(move || location.pathname.get(), |_| session_status());
    let log_off = ServerAction::<LogOff>::new();
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="banner">
                <div class="container">"An official website of the State of Michigan"</div>
            </div>
            <div class="container header-row">
                <a class="brand" href=Route::Home.path()>
                    <span class="brand-name">"CARS e-Services"</span>
                    <span class="brand-agency">"Michigan Secretary of State"</span>
                </a>
                <nav aria-label="Site" class="site-nav">
                    <ul>
                        <li><a href="https://www.michigan.gov" rel="external">"MI.gov Home"</a></li>
                        <li><a href=Route::Faq.path()>"FAQs"</a></li>
                        <li><a href=Route::Contact.path()>"Contact Us"</a></li>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                session.await.ok().flatten().map(|s| view! {
                                    <li class="welcome" data-testid="welcome-user">{format!("Welcome, {}", s.user_id)}</li>
                                    <li><a href=Route::Settings.path()>"Settings"</a></li>
                                    <li>
                                        <ActionForm action=log_off attr:class="inline-form log-off">
                                            <button type="submit" class="link-button" data-testid="log-off">"Log Off"</button>
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
                <nav aria-label="Footer">
                    <ul>
                        <li><a href=Route::Terms.path()>"Terms & Conditions"</a></li>
                        <li><a href=Route::Privacy.path()>"Privacy"</a></li>
                        <li><a href=Route::Accessibility.path()>"Accessibility"</a></li>
                        <li><a href=Route::Faq.path()>"FAQs"</a></li>
                        <li><a href=Route::Contact.path()>"Contact Us"</a></li>
                    </ul>
                </nav>
                <p>{concat!("Michigan Secretary of State – Here to serve you. Need help? Call ", crate::help_desk_phone!(), " (Michigan Relay: 711).")}</p>
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
                        <h2 id="idle-title">"Are you still there?"</h2>
                        <p id="idle-text">{format!(
                            "For your security you will be logged off in {} minute{} unless you choose to stay signed in.",
                            minutes, if minutes == 1 { "" } else { "s" }
                        )}</p>
                        <div class="button-row">
                            <button type="button" class="button" data-testid="stay-signed-in"
                                on:click=move |_| { stay.dispatch(StaySignedIn {}); }>"Stay signed in"</button>
                            <button type="button" class="button button-secondary"
                                on:click=move |_| { log_off.dispatch(LogOff {}); }>"Log Off"</button>
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
