//! Contact Us: who to call or write to for help with logins and account access.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Contact Us page (`/contact`): the help desk's phone, hours and mailing address, what to
/// have ready, and what the help desk can do.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <Title text="Contact Us"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Contact Us"</h1>
        <p class="lead">
            "For help with your MILogin for Third Party login or with linking a mechanic or "
            "mechanic school account in CARS e-Services, contact the Michigan Department of State, "
            "Business Licensing – Mechanic certification help desk."
        </p>
        <ReachUsSection/>
        <BeforeYouCallSection/>
        <HelpDeskSection/>
        <SelfHelpSection/>
    }
}

/// Phone, hours, relay service and mailing address.
#[component]
fn ReachUsSection() -> impl IntoView {
    view! {
        <section aria-labelledby="contact-reach">
            <h2 id="contact-reach">"How to reach us"</h2>
            <dl>
                <dt>"Phone"</dt>
                <dd>
                    <a href="tel:+18887676424">"888-767-6424"</a>
                    " (Michigan Department of State Information Center)"
                </dd>
                <dt>"Hours"</dt>
                <dd>"Monday–Friday, 8 a.m.–5 p.m. Eastern"</dd>
                <dt>"Deaf, hard of hearing or speech impaired"</dt>
                <dd>"Michigan Relay Center: dial 711"</dd>
            </dl>
            <h3 id="contact-mail">"Mailing address"</h3>
            <address>
                "Michigan Department of State, Business Licensing Section, 7064 Crowner Drive, Lansing, MI 48918"
            </address>
        </section>
    }
}

/// What to have ready, and what never to give.
#[component]
fn BeforeYouCallSection() -> impl IntoView {
    view! {
        <section aria-labelledby="contact-ready">
            <h2 id="contact-ready">"Before you call"</h2>
            <p>"It helps to have these ready:"</p>
            <ul>
                <li>"your User ID (for example smithj9999);"</li>
                <li>"your business account number: one letter and 6 numbers, for example Z123456;"</li>
                <li>
                    "the confirmation number from your code request, if you have one (for example "
                    "0-000-021-028)."
                </li>
            </ul>
            <p class="callout">
                <strong>"We will never ask for your password or an authorization code."</strong>
                " Don’t give them to anyone, even someone who says they work for the State. If "
                "you think someone else knows your password, change it in Settings right away."
            </p>
        </section>
    }
}

/// What the help desk can and will do.
#[component]
fn HelpDeskSection() -> impl IntoView {
    view! {
        <section aria-labelledby="contact-help">
            <h2 id="contact-help">"What the help desk can do"</h2>
            <p>"After checking who you are, the help desk can:"</p>
            <ul>
                <li>"unlock a login that was locked after 3 wrong passwords;"</li>
                <li>
                    "reset your recovery methods if you lost your phone, your authenticator app or "
                    "your backup codes;"
                </li>
                <li>"help when a code letter hasn’t arrived, and have a new letter sent;"</li>
                <li>"cancel codes you think someone else may have seen;"</li>
                <li>
                    "remove a login’s access to a business account, for example when a clerk no "
                    "longer works for your school."
                </li>
            </ul>
            <p class="note">
                "The help desk cannot tell you an authorization code over the phone. Codes only "
                "go to the email or mailing address on the business record."
            </p>
        </section>
    }
}

/// Answers people can find without calling.
#[component]
fn SelfHelpSection() -> impl IntoView {
    view! {
        <section aria-labelledby="contact-self">
            <h2 id="contact-self">"Help you can get right now"</h2>
            <ul>
                <li><a href="/forgot-user-id">"Forgot User ID"</a>" – we email every User ID on your email address."</li>
                <li><a href="/forgot-password">"Forgot Password"</a>" – we email a code so you can choose a new password."</li>
                <li>"Locked out after 3 wrong passwords? The lock ends by itself after 30 minutes."</li>
                <li><a href="/faq">"Frequently asked questions"</a>" – codes, limits, letters and the springboard."</li>
            </ul>
        </section>
    }
}
