//! The document shell and the route table: one place to see every address.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{SsrMode, path};

use crate::account_access::{
    AccountAccessPage, RequestAccountDetailsPage, RequestAccountInfoPage, RequestAccountTypePage, RequestConfirmationPage,
    RequestPrintablePage, RequestSummaryPage,
};
use crate::account_access::add_access::{AddAccessAccountPage, AddAccessCodePage, AddAccessEmailPage, AddAccessSummaryPage};
use crate::account_access::springboard::SpringboardPage;
use crate::dev_outbox::DevOutboxPage;
use crate::public::{
    AccessibilityPage, ContactPage, FaqPage, LandingPage, MechanicPage, NotFoundPage, PrivacyPage, TermsPage,
};
use crate::recovery::{ForgotPasswordPage, ForgotUserIdPage, NewPasswordPage, PasswordResetDonePage, ResetCodePage};
use crate::settings::{LoginClosedNotice, SettingsPage};
use crate::signin::{LoginPage, SecondStepPage};
use crate::signup::{CheckEmailPage, ProfilePage, ResetPage, SecurityOptionsPage, SecuritySetupPage};
use crate::ui::{Footer, Header};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_security_policy(&options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Michigan Secretary of State CARS e-Services: mechanic and mechanic school sign-in and account access."/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Gives this response a fresh script nonce (which the hydration scripts
/// carry) and the page Content-Security-Policy that names it.
#[cfg(feature = "ssr")]
fn set_page_security_policy(options: &LeptosOptions) {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    let Some(nonce) = use_nonce() else { return };
    // `cargo leptos watch` reloads the page over a WebSocket on the reload port.
    let live_reload = (options.env == leptos::config::Env::DEV)
        .then(|| format!("ws://{}:{}", options.site_addr.ip(), options.reload_port));
    let policy = crate::security::page_csp(&nonce.to_string(), live_reload.as_deref());
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&policy),
    ) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/cars.css"/>
        <Title formatter=|page: String| format!("{page} | CARS e-Services | Michigan Secretary of State")/>
        <Router>
            <FocusHeadingOnNavigate/>
            <Header/>
            <main id="main" class="container">
                // Every page waits for its data before sending any HTML, so a
                // browser without JavaScript gets the errors, typed values
                // and the header's signed-in state (streamed parts would
                // need JavaScript to slot in).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=|| view! { <LoginClosedNotice/><LandingPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("mechanic") view=MechanicPage ssr=SsrMode::Async/>
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("login/verify") view=SecondStepPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-user-id") view=ForgotUserIdPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/code") view=ResetCodePage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/new") view=NewPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/done") view=PasswordResetDonePage ssr=SsrMode::Async/>
                    <Route path=path!("signup") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("signup/check-email") view=CheckEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("signup/security") view=SecuritySetupPage ssr=SsrMode::Async/>
                    <Route path=path!("signup/options") view=SecurityOptionsPage ssr=SsrMode::Async/>
                    <Route path=path!("signup/reset") view=ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access") view=AccountAccessPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request") view=RequestAccountTypePage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/account-info") view=RequestAccountInfoPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/account-details") view=RequestAccountDetailsPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/summary") view=RequestSummaryPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/confirmation") view=RequestConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/printable") view=RequestPrintablePage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add") view=AddAccessCodePage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/account-info") view=AddAccessAccountPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/email") view=AddAccessEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/summary") view=AddAccessSummaryPage ssr=SsrMode::Async/>
                    <Route path=path!("springboard") view=SpringboardPage ssr=SsrMode::Async/>
                    <Route path=path!("settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("faq") view=FaqPage ssr=SsrMode::Async/>
                    <Route path=path!("contact") view=ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("terms") view=TermsPage ssr=SsrMode::Async/>
                    <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("accessibility") view=AccessibilityPage ssr=SsrMode::Async/>
                    <Route path=path!("dev/outbox") view=DevOutboxPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// After a client-side navigation, moves focus to the new page's heading so
/// a screen reader announces the page and Tab starts from the top, as after
/// a full page load (SPEC §7: focus on the heading at each new step).
#[component]
fn FocusHeadingOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        // The first run is the page load itself: the browser handles focus.
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(|| {
                use leptos::wasm_bindgen::JsCast;
                if let Some(heading) = document()
                    .get_element_by_id("page-heading")
                    .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus();
                }
            });
        }
        path
    });
}
