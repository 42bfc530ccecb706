//! Terms & Conditions that people agree to at sign-up and when adding account access.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Terms & Conditions page (`/terms`): the rules behind the "I agree to the terms &
/// conditions" box at sign-up and the Terms & Conditions box on Add Account Access.
#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <Title text="Terms & Conditions"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Terms & Conditions"</h1>
        <p class="lead">
            "These terms apply when you create or use a MILogin for Third Party login and when "
            "you link or manage a business account in CARS e-Services, the Michigan Secretary of "
            "State’s online services. Ticking \"I agree to the terms & conditions\" when you sign "
            "up, and the Terms & Conditions box when you add account access, means you accept them."
        </p>
        <UseAndLoginSection/>
        <AccountsSection/>
        <MisuseSection/>
        <ServiceSection/>
        <p>
            "Questions about these terms? " <a href="/contact">"Contact Us"</a>
            ". How we handle your information is explained in our "
            <a href="/privacy">"Privacy notice"</a> "."
        </p>
    }
}

/// Authorised use and one login per person.
#[component]
fn UseAndLoginSection() -> impl IntoView {
    view! {
        <section aria-labelledby="terms-use">
            <h2 id="terms-use">"Using this site and your login"</h2>
            <ul>
                <li>
                    "Use this site only for its purpose: managing your own mechanic certification "
                    "account, or a mechanic school account you work for, with the Secretary of State."
                </li>
                <li>"Give true and complete information, and keep your email address and phone numbers up to date."</li>
                <li>
                    "One login per person. Each clerk at a mechanic school must have their own "
                    "login; never share a login or let someone else use yours."
                </li>
                <li>
                    "Keep your password, your authorization codes, your one-time codes and your "
                    "backup codes secret. State staff will never ask you for them."
                </li>
                <li>
                    "If you think someone else knows your password or a code, change your password "
                    "and " <a href="/contact">"contact us"</a> " at once."
                </li>
                <li>"Log off when you are finished, especially on a shared computer."</li>
            </ul>
        </section>
    }
}

/// Linking only accounts you are authorised to act for.
#[component]
fn AccountsSection() -> impl IntoView {
    view! {
        <section aria-labelledby="terms-accounts">
            <h2 id="terms-accounts">"Linking business accounts"</h2>
            <ul>
                <li>
                    "You may link only business accounts you are authorised to act for: your own "
                    "mechanic account, or the account of the mechanic school you work for."
                </li>
                <li>
                    "An account authorization code belongs to the login that requested it and to one "
                    "account. Do not use a code sent to, or requested by, someone else."
                </li>
                <li>
                    "When you are no longer authorised, for example when you leave a school, remove "
                    "that account from your login on the springboard."
                </li>
                <li>
                    "When access to an account is added or removed, the email address on the "
                    "business record and the other logins linked to it are told."
                </li>
            </ul>
        </section>
    }
}

/// Misuse, logging and suspension.
#[component]
fn MisuseSection() -> impl IntoView {
    view! {
        <section aria-labelledby="terms-misuse">
            <h2 id="terms-misuse">"Misuse, monitoring and suspension"</h2>
            <p>
                "Getting into a login or business account you are not authorised to use, giving "
                "false information, using someone else’s codes, trying to get around the site’s "
                "security, or trying to disrupt the site are not allowed. Misuse of State computer "
                "systems is a crime under Michigan law and may be prosecuted."
            </p>
            <p>
                "Activity on this site is logged: sign-ins and failed sign-ins, changes to your "
                "login, code requests and accounts linked or removed, with the date and time, the "
                "IP address and the browser used. The Department may review these records to "
                "protect you and the State, and may share them with law enforcement when misuse is suspected."
            </p>
            <p>
                "The State may lock, suspend or close a login, cancel authorization codes or remove "
                "access to a business account at any time, without notice where needed to protect "
                "an account or the site."
            </p>
        </section>
    }
}

/// Availability, warranty, changes and governing law.
#[component]
fn ServiceSection() -> impl IntoView {
    view! {
        <section aria-labelledby="terms-service">
            <h2 id="terms-service">"The service"</h2>
            <h3 id="terms-warranty">"No warranty"</h3>
            <p>
                "This site is provided \"as is\" and \"as available\". It may sometimes be "
                "unavailable, for example during maintenance. To the extent the law allows, the "
                "State of Michigan gives no warranty about the site and is not liable for loss "
                "caused by using it or by being unable to use it. If you cannot get in when you "
                "need to, " <a href="/contact">"contact us"</a> "."
            </p>
            <h3 id="terms-changes">"Changes to these terms"</h3>
            <p>
                "The Department may update these terms. The version on this page is the one that "
                "applies; using the site after a change means you accept the new version."
            </p>
            <h3 id="terms-law">"Governing law"</h3>
            <p>"These terms are governed by the laws of the State of Michigan."</p>
        </section>
    }
}
