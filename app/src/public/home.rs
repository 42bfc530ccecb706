//! The landing page and the Mechanic Services page that leads to sign-in.

use crate::messages::public::home as words;
use crate::messages::shared;
use crate::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LandingPage() -> impl IntoView {
    crate::ui::same_for_every_anonymous_visitor();
    view! {
        <Title text=words::HOME/>
        <div class="hero">
            <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
                {words::CARS_E_SERVICES_A_NEW}
            </h1>
            <p class="lead">{words::MICHIGAN_SECRETARY_OF_STATE}</p>
        </div>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{words::SERVICES}</h2>
            <ul class="tiles">
                <li class="tile tile-primary">
                    <a href=Route::Mechanic.path() data-testid="tile-mechanic">
                        <span class="tile-title">{words::MECHANIC_SERVICES}</span>
                    </a>
                    <p>{words::CERTIFIED_MECHANICS_TRAINEES}</p>
                </li>
                <li class="tile">
                    <a href=Route::Faq.path()><span class="tile-title">{words::QUESTIONS_AND_ANSWERS}</span></a>
                    <p>{words::AUTHORIZATION_CODES_LETTERS}</p>
                </li>
                <li class="tile">
                    <a href=Route::Contact.path()><span class="tile-title">{words::GET_HELP}</span></a>
                    <p>{words::PHONE_NUMBERS_HOURS_AND}</p>
                </li>
            </ul>
        </section>
        <section aria-labelledby="how-heading">
            <h2 id="how-heading">{words::HOW_IT_WORKS}</h2>
            <ol class="steps-list">
                <li>{words::SELECT_MECHANIC_SERVICES}</li>
                <li>{words::SIGN_IN_WITH_YOUR_MILOGIN}</li>
                <li>{words::REQUEST_AN_ACCOUNT_AUTHORIZATION}</li>
                <li>{words::MANAGE_YOUR_LINKED_ACCOUNTS}</li>
            </ol>
        </section>
    }
}

#[component]
pub fn MechanicPage() -> impl IntoView {
    crate::ui::same_for_every_anonymous_visitor();
    view! {
        <Title text=words::MECHANIC_AND_MECHANIC_SCHOOL/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">
            {words::MECHANIC_AND_MECHANIC_SCHOOL}
        </h1>
        <p class="lead">
            {words::USE_THE_HYPERLINK_IN_THE}
        </p>
        <div class="button-row">
            <a class="button" href=Route::Login.with("?type=mechanic") data-testid="mechanic-login">{words::MECHANIC_LOGIN}</a>
            <a class="button" href=Route::Login.with("?type=school") data-testid="school-login">{words::MECHANIC_SCHOOL_LOGIN}</a>
        </div>
        <p>
            {words::MECHANICS_AND_TRAINEES}
            <a href=Route::Faq.path()>{words::QUESTIONS_READ_THE_FAQS}</a>
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
        <Title text=words::PAGE_NOT_FOUND/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::PAGE_NOT_FOUND}</h1>
        <p>{words::WE_COULD_NOT_FIND_THAT}</p>
        <ul>
            <li><a href=Route::Home.path()>{words::GO_TO_THE_CARS_E}</a></li>
            <li><a href=Route::Mechanic.path()>{words::MECHANIC_AND_MECHANIC_SCHOOL}</a></li>
            <li><a href=Route::Contact.path()>{shared::CONTACT_US}</a></li>
        </ul>
    }
}
