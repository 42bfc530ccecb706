//! Privacy notice: what this site collects, why, who sees it, how long it is kept and which cookies it sets.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Privacy page (`/privacy`): the information kept about a login, its retention periods,
/// the cookies the site sets and whom to contact.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy notice"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Privacy notice"</h1>
        <p class="lead">
            "The Michigan Department of State collects only what it needs to give you a secure "
            "login and to link it to your mechanic or mechanic school account. This page explains "
            "what we keep, why, who sees it and for how long."
        </p>
        <CollectSection/>
        <UseSection/>
        <RetentionSection/>
        <CookiesSection/>
        <RightsSection/>
    }
}

/// What is collected.
#[component]
fn CollectSection() -> impl IntoView {
    view! {
        <section aria-labelledby="privacy-collect">
            <h2 id="privacy-collect">"What we collect"</h2>
            <ul>
                <li>"Your name: first name, middle initial, last name and suffix."</li>
                <li>"Your email address, work phone number and, if you give it, your mobile number."</li>
                <li>"Your User ID."</li>
                <li>
                    "Your password, but only as an Argon2id hash: a scrambled form that can check a "
                    "password but cannot be turned back into it. No one at the Department can read "
                    "your password. We keep the hashes of your last 3 passwords so you don’t reuse them."
                </li>
                <li>
                    "Your recovery methods: which ones you chose (email PIN, text message, "
                    "authenticator app, backup codes) and what we need to check their codes."
                </li>
                <li>
                    "The business accounts linked to your login and your code requests, with their "
                    "confirmation numbers. Authorization codes are kept only in a protected, "
                    "scrambled form."
                </li>
                <li>
                    "An audit log of sign-ins, failed sign-ins, changes and code requests, with the "
                    "date and time, your IP address and your browser type. Passwords and codes are never written to it."
                </li>
                <li>"Copies of the emails, text messages and letters we send you, while they are being delivered."</li>
            </ul>
        </section>
    }
}

/// Why it is collected and who sees it.
#[component]
fn UseSection() -> impl IntoView {
    view! {
        <section aria-labelledby="privacy-use">
            <h2 id="privacy-use">"Why we collect it and who sees it"</h2>
            <p>"We use your information to:"</p>
            <ul>
                <li>"create your login and check it’s you when you sign in;"</li>
                <li>"send you codes and notices about your login and your linked accounts;"</li>
                <li>"link your login to the right business record;"</li>
                <li>"help you when you call, and prevent and investigate misuse."</li>
            </ul>
            <p>"Who sees it:"</p>
            <ul>
                <li>"Department of State staff who run this service or help you, only as their work needs."</li>
                <li>
                    "When access to a business account is added or removed, the email address on "
                    "that record and the other logins linked to it get a notice that includes your User ID."
                </li>
                <li>
                    "The companies that deliver our emails, text messages and printed letters, only "
                    "to deliver them. A letter carries your name, mailing address, User ID and code."
                </li>
                <li>"Others only when the law requires it."</li>
            </ul>
            <p>"We do not sell your information or use it for advertising."</p>
        </section>
    }
}

/// Retention periods.
#[component]
fn RetentionSection() -> impl IntoView {
    view! {
        <section aria-labelledby="privacy-retention">
            <h2 id="privacy-retention">"How long we keep it"</h2>
            <p>
                "The Department sets these periods and may change them. These are the defaults:"
            </p>
            <table>
                <caption>"How long information is kept"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Information"</th>
                        <th scope="col">"Kept for"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>"Unfinished sign-ups"</td>
                        <td>"Deleted after 60 minutes"</td>
                    </tr>
                    <tr>
                        <td>"Messages in the delivery outbox"</td>
                        <td>"30 days"</td>
                    </tr>
                    <tr>
                        <td>"Expired authorization codes"</td>
                        <td>"90 days"</td>
                    </tr>
                    <tr>
                        <td>"IP addresses in the audit log"</td>
                        <td>"1 year"</td>
                    </tr>
                    <tr>
                        <td>"Everything else"</td>
                        <td>
                            "While your login is open; after it is closed, as the State of Michigan’s "
                            "records retention schedule requires"
                        </td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

/// Cookies set by the site.
#[component]
fn CookiesSection() -> impl IntoView {
    view! {
        <section aria-labelledby="privacy-cookies">
            <h2 id="privacy-cookies">"Cookies"</h2>
            <p>"This site sets only the cookies it needs to work:"</p>
            <dl>
                <dt>"Session cookie"</dt>
                <dd>"Keeps you signed in. It ends when you log off or are signed out."</dd>
                <dt>"Sign-up cookie"</dt>
                <dd>"Keeps your place in the sign-up steps until you finish or the 60 minutes run out."</dd>
                <dt>"Form cookie"</dt>
                <dd>
                    "When JavaScript is off, carries error messages back to the form you sent, so "
                    "you can correct it. It is used only to show that form again."
                </dd>
                <dt>"Known browser cookie"</dt>
                <dd>
                    "Marks a browser you have signed in with before, so wrong passwords typed "
                    "somewhere else cannot lock you out on it."
                </dd>
                <dt>"Remembered browser cookie"</dt>
                <dd>
                    "Set only if you choose \"Remember this browser for 30 days\", so you can skip "
                    "the second sign-in step there. \"Sign out everywhere else\" in Settings removes it."
                </dd>
            </dl>
            <p class="note">
                "There are no advertising or tracking cookies, no analytics and no third-party scripts."
            </p>
        </section>
    }
}

/// Rights and contact.
#[component]
fn RightsSection() -> impl IntoView {
    view! {
        <section aria-labelledby="privacy-rights">
            <h2 id="privacy-rights">"Your choices and whom to contact"</h2>
            <ul>
                <li>"See and correct your name, email address and phone numbers in Settings."</li>
                <li>"See your account activity, and sign out browsers you don’t recognise, in Settings."</li>
                <li>"Remove a business account from your login on the springboard."</li>
                <li>"Close your login in Settings. Records are then kept only as the table above says."</li>
            </ul>
            <p>
                "To ask what we hold about you, to correct it, or with any privacy question, call "
                <a href="tel:+18887676424">"888-767-6424"</a>
                " (Michigan Relay Center: dial 711) or write to us; see "
                <a href="/contact">"Contact Us"</a> "."
            </p>
        </section>
    }
}
