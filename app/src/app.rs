//! The document shell and the route table: one place to see every address.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

use crate::account_access::add_access::{AddAccessAccountPage, AddAccessCodePage, AddAccessEmailPage, AddAccessSummaryPage};
use crate::account_access::springboard::SpringboardPage;
use crate::account_access::{
    AccountAccessPage, RequestAccountDetailsPage, RequestAccountInfoPage, RequestAccountTypePage, RequestConfirmationPage,
    RequestPrintablePage, RequestSummaryPage,
};
use crate::dev_outbox::DevOutboxPage;
use crate::messages::ui::app as words;
use crate::public::{AccessibilityPage, ContactPage, FaqPage, LandingPage, MechanicPage, NotFoundPage, PrivacyPage, TermsPage};
use crate::recovery::{ForgotPasswordPage, ForgotUserIdPage, NewPasswordPage, PasswordResetDonePage, ResetCodePage};
use crate::settings::{LoginClosedNotice, SettingsPage};
use crate::signin::{LoginPage, SecondStepPage};
use crate::signup::{CheckEmailPage, ProfilePage, ResetPage, SecurityOptionsPage, SecuritySetupPage};
use crate::ui::{Footer, Header};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content=words::WIDTH_DEVICE_WIDTH_INITIAL/>
                <meta name="description" content=words::MICHIGAN_SECRETARY_OF_STATE/>
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

/// Gives the page the script nonce that [`crate::security::security_headers`]
/// made for this response and names in its Content-Security-Policy, so the
/// hydration scripts carry the nonce the header allows.
#[cfg(feature = "ssr")]
fn set_page_security_policy() {
    use crate::security::PageNonce;
    use leptos::nonce::Nonce;
    let nonce = use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    match nonce {
        Some(PageNonce(value)) => provide_context(Nonce::from_value(value)),
        // Only a render outside the router's layers (none today) lands here:
        // its page gets the resource policy, which runs no script at all.
        None => tracing::error!("a page rendered without the security layer's nonce"),
    }
}

/// The response header a lazy page's render names its route type in
/// (`SecondStepRoute`), so the server's head layer preloads exactly that
/// page's WASM chunks (`server::steady_head`); the layer removes it.
pub const LAZY_PAGE_HEADER: &str = "x-cars-lazy-page";

#[cfg(feature = "ssr")]
fn name_lazy_page(route: &'static str) {
    use axum::http::{HeaderName, HeaderValue};
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(HeaderName::from_static(LAZY_PAGE_HEADER), HeaderValue::from_static(route));
    }
}

/// Pages behind the first visit load their WASM only when reached
/// (`cargo leptos build --split`): a newcomer on the home page or the sign-in
/// page downloads the framework and those pages, not every wizard. Each
/// entry names a route type and the page component it shows.
///
/// Sign-in and the public pages stay in the main bundle: they are where a
/// visit starts.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident,)*) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                #[cfg(feature = "ssr")]
                name_lazy_page(stringify!($route));
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    SecondStepRoute => SecondStepPage,
    ForgotUserIdRoute => ForgotUserIdPage,
    ForgotPasswordRoute => ForgotPasswordPage,
    ResetCodeRoute => ResetCodePage,
    NewPasswordRoute => NewPasswordPage,
    PasswordResetDoneRoute => PasswordResetDonePage,
    ProfileRoute => ProfilePage,
    CheckEmailRoute => CheckEmailPage,
    SecuritySetupRoute => SecuritySetupPage,
    SecurityOptionsRoute => SecurityOptionsPage,
    ResetRoute => ResetPage,
    SettingsRoute => SettingsPage,
    DevOutboxRoute => DevOutboxPage,
    AccountAccessRoute => AccountAccessPage,
    RequestAccountTypeRoute => RequestAccountTypePage,
    RequestAccountInfoRoute => RequestAccountInfoPage,
    RequestAccountDetailsRoute => RequestAccountDetailsPage,
    RequestSummaryRoute => RequestSummaryPage,
    RequestConfirmationRoute => RequestConfirmationPage,
    RequestPrintableRoute => RequestPrintablePage,
    AddAccessCodeRoute => AddAccessCodePage,
    AddAccessAccountRoute => AddAccessAccountPage,
    AddAccessEmailRoute => AddAccessEmailPage,
    AddAccessSummaryRoute => AddAccessSummaryPage,
    SpringboardRoute => SpringboardPage,
}

/// A page's title as the browser shows it ("Forgot Password | CARS e-Services | …").
fn full_title(page: String) -> String {
    if page.is_empty() {
        words::TITLE_SUFFIX.trim_start_matches(" | ").to_string()
    } else {
        format!("{page}{}", words::TITLE_SUFFIX)
    }
}

/// The title while no page has named its own: during hydration, and while
/// a lazily loaded page's code arrives. leptos_meta would blank the title
/// then (a browser tab, and a screen reader, read nothing); this keeps the
/// one already shown.
fn title_meanwhile() -> String {
    #[cfg(feature = "hydrate")]
    {
        let shown = document().title();
        shown.strip_suffix(words::TITLE_SUFFIX).unwrap_or_default().to_string()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // True while a client-side move loads the next page's code and data:
    // on a slow link that takes seconds with the old page still on screen,
    // so a bar across the top says something is happening.
    let (routing, set_routing) = signal(false);
    view! {
        <Stylesheet id="leptos" href="/pkg/cars.css"/>
        <Title formatter=full_title text=title_meanwhile/>
        <Router set_is_routing=set_routing>
            <div class="route-progress" class:active=move || routing.get() aria-hidden="true" data-testid="route-progress"></div>
            <FocusHeadingOnNavigate/>
            <Header/>
            <main id="main" class="container" aria-busy=move || routing.get().then_some("true")>
                // Every page waits for its data before sending any HTML, so a
                // browser without JavaScript gets the errors, typed values
                // and the header's signed-in state (streamed parts would
                // need JavaScript to slot in).
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=|| view! { <LoginClosedNotice/><LandingPage/> } ssr=SsrMode::Async/>
                    <Route path=path!("mechanic") view=MechanicPage ssr=SsrMode::Async/>
                    <Route path=path!("login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("login/verify") view={Lazy::<SecondStepRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("forgot-user-id") view={Lazy::<ForgotUserIdRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/code") view={Lazy::<ResetCodeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/new") view={Lazy::<NewPasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("forgot-password/done") view={Lazy::<PasswordResetDoneRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("signup") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("signup/check-email") view={Lazy::<CheckEmailRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("signup/security") view={Lazy::<SecuritySetupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("signup/options") view={Lazy::<SecurityOptionsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("signup/reset") view={Lazy::<ResetRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access") view={Lazy::<AccountAccessRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request") view={Lazy::<RequestAccountTypeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/account-info") view={Lazy::<RequestAccountInfoRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/account-details") view={Lazy::<RequestAccountDetailsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/summary") view={Lazy::<RequestSummaryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/confirmation") view={Lazy::<RequestConfirmationRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/request/printable") view={Lazy::<RequestPrintableRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add") view={Lazy::<AddAccessCodeRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/account-info") view={Lazy::<AddAccessAccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/email") view={Lazy::<AddAccessEmailRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("account-access/add/summary") view={Lazy::<AddAccessSummaryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("springboard") view={Lazy::<SpringboardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("settings") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("settings/:section") view={Lazy::<SettingsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("faq") view=FaqPage ssr=SsrMode::Async/>
                    <Route path=path!("contact") view=ContactPage ssr=SsrMode::Async/>
                    <Route path=path!("terms") view=TermsPage ssr=SsrMode::Async/>
                    <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("accessibility") view=AccessibilityPage ssr=SsrMode::Async/>
                    <Route path=path!("dev/outbox") view={Lazy::<DevOutboxRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// After a client-side navigation, moves focus to the new page's heading so
/// a screen reader announces the page and Tab starts from the top, as after
/// a full page load (SPEC §7: focus on the heading at each new step).
///
/// Which heading is "new" is not obvious, for two reasons the browser suite
/// caught:
/// - a lazy route's view arrives a few frames after the address changes,
///   and until then the old page's heading (same id) is still there;
/// - two routes whose pages are built by the same component (the steps of a
///   wizard share a shell) are rebuilt *in place*: the router keeps the old
///   `<h1>` element and only changes its text.
///
/// So each heading is marked with the text it had when it was seen, and the
/// new one is the heading that is unmarked or whose text changed. It is
/// waited for, frame by frame, for up to about three seconds; a page whose
/// heading reads exactly as the last one gets focus when the wait ends.
#[component]
fn FocusHeadingOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        match previous {
            // The first run is the page load itself: the browser handles
            // focus; the heading only gets its mark.
            None => request_animation_frame(|| {
                if let Some(heading) = page_heading() {
                    mark_seen(&heading);
                }
            }),
            Some(p) if p != path => focus_new_heading(180),
            Some(_) => {}
        }
        path
    });
}

/// Holds the heading's text when it was last seen.
const SEEN: &str = "data-heading-seen";

fn page_heading() -> Option<leptos::web_sys::HtmlElement> {
    use leptos::wasm_bindgen::JsCast;
    document().get_element_by_id("page-heading").and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
}

fn mark_seen(heading: &leptos::web_sys::HtmlElement) {
    let _ = heading.set_attribute(SEEN, &heading.text_content().unwrap_or_default());
}

/// Unmarked, or marked with other text than it shows now.
fn is_new(heading: &leptos::web_sys::HtmlElement) -> bool {
    heading.get_attribute(SEEN) != Some(heading.text_content().unwrap_or_default())
}

fn focus_new_heading(frames_left: u32) {
    request_animation_frame(move || match page_heading() {
        Some(heading) if frames_left == 0 || is_new(&heading) => {
            mark_seen(&heading);
            let _ = heading.focus();
        }
        _ if frames_left > 0 => focus_new_heading(frames_left - 1),
        _ => {}
    });
}
