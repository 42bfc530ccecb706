//! The landing page and the Mechanic Services page that leads to sign-in.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LandingPage() -> impl IntoView {
    view! {
        <Title text="Home"/>
        <div class="hero">
            <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
                "CARS e-Services — A new era begins"
            </h1>
            <p class="lead">"Michigan Secretary of State – Here to serve you"</p>
        </div>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">"Services"</h2>
            <ul class="tiles">
                <li class="tile tile-primary">
                    <a href=Route::Mechanic.path() data-testid="tile-mechanic">
                        <span class="tile-title">"Mechanic Services"</span>
                    </a>
                    <p>"Certified mechanics, trainees and mechanic schools: sign in, create your MILogin for Third Party account and link your business account."</p>
                </li>
                <li class="tile">
                    <a href=Route::Faq.path()><span class="tile-title">"Questions and answers"</span></a>
                    <p>"Authorization codes, letters, User IDs, passwords and locked logins explained."</p>
                </li>
                <li class="tile">
                    <a href=Route::Contact.path()><span class="tile-title">"Get help"</span></a>
                    <p>"Phone numbers, hours and what to have ready when you call the Secretary of State."</p>
                </li>
            </ul>
        </section>
        <section aria-labelledby="how-heading">
            <h2 id="how-heading">"How it works"</h2>
            <ol class="steps-list">
                <li>"Select Mechanic Services, then Mechanic Login or Mechanic School Login."</li>
                <li>"Sign in with your MILogin for Third Party User ID, or select SIGN UP to create one."</li>
                <li>"Request an account authorization code by email or by letter, then enter it to link your business account."</li>
                <li>"Manage your linked accounts from your springboard."</li>
            </ol>
        </section>
    }
}

#[component]
pub fn MechanicPage() -> impl IntoView {
    view! {
        <Title text="Mechanic and Mechanic School Services"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
            "Mechanic and Mechanic School Services"
        </h1>
        <p class="lead">
            "Use the hyperlink in the letter or email you received from the Secretary of State's Office, or choose the login for your kind of account."
        </p>
        <div class="button-row">
            <a class="button" href=Route::Login.with("?type=mechanic") data-testid="mechanic-login">"Mechanic Login"</a>
            <a class="button" href=Route::Login.with("?type=school") data-testid="school-login">"Mechanic School Login"</a>
        </div>
        <p>
            "Mechanics and trainees choose Mechanic Login. Schools choose Mechanic School Login; each clerk at a school has a login of their own. "
            <a href=Route::Faq.path()>"Questions? Read the FAQs."</a>
        </p>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Page not found"</h1>
        <p>"We could not find that page. It may have moved, or the address may be mistyped."</p>
        <ul>
            <li><a href=Route::Home.path()>"Go to the CARS e-Services home page"</a></li>
            <li><a href=Route::Mechanic.path()>"Mechanic and Mechanic School Services"</a></li>
            <li><a href=Route::Contact.path()>"Contact Us"</a></li>
        </ul>
    }
}
