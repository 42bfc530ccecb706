//! Frequently asked questions about MILogin for Third Party logins, authorization codes and the springboard.
use leptos::prelude::*;
use leptos_meta::Title;

/// The FAQs page (`/faq`): plain answers to what mechanics, trainees and school clerks ask
/// most, with the same limits and numbers the portal enforces.
#[component]
pub fn FaqPage() -> impl IntoView {
    view! {
        <Title text="Frequently asked questions"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Frequently asked questions"</h1>
        <p class="lead">
            "Answers about creating your MILogin for Third Party login, getting an account "
            "authorization code, and linking your mechanic or mechanic school account in "
            "CARS e-Services. Select a question to show its answer."
        </p>
        <AboutSection/>
        <CodesSection/>
        <LimitsSection/>
        <LoginSection/>
        <SigningInSection/>
        <p>
            "Didn’t find your answer? See " <a href="/contact">"Contact Us"</a>
            " for the help desk’s phone number and hours."
        </p>
    }
}

/// What the login is and who needs one.
#[component]
fn AboutSection() -> impl IntoView {
    view! {
        <section aria-labelledby="faq-about">
            <h2 id="faq-about">"About MILogin for Third Party"</h2>
            <details>
                <summary>"What is MILogin for Third Party?"</summary>
                <p>
                    "It is the State of Michigan’s login for people and businesses outside state "
                    "government. You create it once, with your own User ID and password, and use it "
                    "to reach your Mechanic or Mechanic School account in CARS e-Services, the "
                    "Secretary of State’s online services."
                </p>
            </details>
            <details>
                <summary>"Who needs an account?"</summary>
                <ul>
                    <li>"Certified mechanics and mechanic trainees who want to see and manage their certification online."</li>
                    <li>
                        "Mechanic schools. Each clerk who works on the school’s account needs "
                        "their own login, and each login is linked to the school. Never share one login between people."
                    </li>
                </ul>
                <p>
                    "If you already have a MILogin for Third Party login, you don’t need a new one: "
                    <a href="/login">"log in"</a> " with your User ID and password."
                </p>
            </details>
            <details>
                <summary>"How do I create my login?"</summary>
                <p>
                    "Select " <strong>"SIGN UP"</strong> " on the login page. There are three steps: "
                    "Profile Information (your name, email, phone numbers and a short verification "
                    "question), Security Setup (your User ID and password) and Security Options (how "
                    "we check it’s you, for example a code by email or text message). You have 60 "
                    "minutes to finish, and we warn you before that time runs out."
                </p>
            </details>
            <details>
                <summary>"Can several logins use the same email address?"</summary>
                <p>
                    "Yes. A shop or school may use one email address for several logins. Each person "
                    "still needs their own User ID and password."
                </p>
            </details>
        </section>
    }
}

/// What an account authorization code is and how it arrives.
#[component]
fn CodesSection() -> impl IntoView {
    view! {
        <section aria-labelledby="faq-codes">
            <h2 id="faq-codes">"Account authorization codes"</h2>
            <details>
                <summary>"What is an account authorization code?"</summary>
                <p>
                    "It is a one-time code that connects your login to your business account at the "
                    "Secretary of State. It has 10 letters and numbers, shown as XXXXX-XXXXX; upper or "
                    "lower case both work. A code works only for the login that asked for it and "
                    "only for that one account, and it can be used once."
                </p>
            </details>
            <details>
                <summary>"How do I get a code?"</summary>
                <p>
                    "After you log in, go to Account Access Options and select "
                    <strong>"Request Code"</strong> ". Choose the account type, enter your account "
                    "number (one letter and 6 numbers, for example Z123456), then choose how the code "
                    "reaches you: by email to the address on the business record, if there is one, or "
                    "by letter to the mailing address on record. You get a confirmation number when you submit."
                </p>
            </details>
            <details>
                <summary>"How long is a code good for?"</summary>
                <ul>
                    <li>"A code sent by email is valid for 72 hours from when it was sent."</li>
                    <li>"A code sent by letter is valid for 30 days from the day the letter was mailed."</li>
                </ul>
                <p>
                    "If you have more than one unexpired code for the same account, any of them "
                    "works. Once you use one, the others stop working."
                </p>
            </details>
            <details>
                <summary>"How long does a letter take?"</summary>
                <p>
                    "Letters go by U.S. Postal Service and usually arrive in about 7 to 10 business "
                    "days. If there is an email address on file, we email you when your letter has been sent."
                </p>
            </details>
            <details>
                <summary>"I have my code. What do I do with it?"</summary>
                <p>
                    "Log in, go to Account Access Options and select " <strong>"Add Account Access"</strong>
                    ". Enter the code, tick the box to agree to the "
                    <a href="/terms">"Terms & Conditions"</a>
                    ", check that the account shown is yours, and select " <strong>"Submit"</strong>
                    ". The account then appears on your springboard."
                </p>
            </details>
            <details>
                <summary>"Can more than one login be linked to the same account?"</summary>
                <p>
                    "Yes, for example each clerk at a school. Every login needs its own code. When "
                    "access is added or removed, we email the address on the business record and the "
                    "other logins linked to that account."
                </p>
            </details>
        </section>
    }
}

/// Request and wrong-code limits.
#[component]
fn LimitsSection() -> impl IntoView {
    view! {
        <section aria-labelledby="faq-limits">
            <h2 id="faq-limits">"Limits on requests and wrong codes"</h2>
            <details>
                <summary>"How many codes can I request?"</summary>
                <table>
                    <caption>"Code request limits, for each login and account"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"How the code is sent"</th>
                            <th scope="col">"Limit"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td>"Letter"</td>
                            <td>"At most 4 letters in 30 days, at least 24 hours apart"</td>
                        </tr>
                        <tr>
                            <td>"Email"</td>
                            <td>"At most 5 emails a day"</td>
                        </tr>
                    </tbody>
                </table>
                <p>
                    "You can also look up at most 10 different account numbers a day. The Request "
                    "Code pages always show how many requests you have left and when you can ask again."
                </p>
            </details>
            <details>
                <summary>"Why does it say it could not find my account?"</summary>
                <p>
                    "The message \"We could not find an account with that number and type\" means the "
                    "number was mistyped, the wrong account type was chosen (Mechanic or Mechanic "
                    "School), or the account is not active. Check your letter or certificate and try "
                    "again, or " <a href="/contact">"contact us"</a> "."
                </p>
            </details>
            <details>
                <summary>"What happens if I type a wrong code?"</summary>
                <p>
                    "You can make 5 tries in 10 minutes; after that, you must wait (up to 10 minutes) "
                    "before trying again. After 20 wrong tries in all, every code you have waiting is cancelled and "
                    "you will need to request a new one."
                </p>
            </details>
            <details>
                <summary>"My code has expired. What now?"</summary>
                <p>
                    "Request a new code from Account Access Options. The page tells you how many "
                    "requests you have left."
                </p>
            </details>
        </section>
    }
}

/// User ID, password rules, lockout and recovery.
#[component]
fn LoginSection() -> impl IntoView {
    view! {
        <section aria-labelledby="faq-login">
            <h2 id="faq-login">"User ID and password"</h2>
            <details>
                <summary>"How should I choose my User ID?"</summary>
                <p>
                    "The state suggests your last name, first initial and any 4 numbers, with no "
                    "spaces. For John Smith using 9999, that is smithj9999. We fill in a suggestion "
                    "for you, but you may choose another."
                </p>
                <p>
                    "A User ID must be 6 to 30 letters (A–Z) and numbers, with no spaces or other "
                    "characters. Upper and lower case count as the same, and no one else may already have it."
                </p>
            </details>
            <details>
                <summary>"What are the password rules?"</summary>
                <ul>
                    <li>"At least 8 characters long (and no more than 128)."</li>
                    <li>
                        "Characters from at least 3 of these 4 groups: upper case letters (A–Z), "
                        "lower case letters (a–z), numbers (0–9), and special characters "
                        "! $ # , % @ ~ ^ & * _ - + = > <"
                    </li>
                    <li>"Not one of the last 3 passwords you used on this login."</li>
                    <li>
                        "Not based on your User ID: it may not contain your User ID, your User ID "
                        "without its numbers, or your first or last name (for names of 3 letters or more)."
                    </li>
                    <li>"Not one of the most commonly used passwords."</li>
                </ul>
                <p>"You may paste your password, and use the show/hide button to check what you typed."</p>
            </details>
            <details>
                <summary>"Why is my login locked?"</summary>
                <p>
                    "After 3 wrong passwords in a row, a login is locked for 30 minutes, and we email "
                    "you that it happened. Wait 30 minutes and try again, or call the help desk. A "
                    "browser you have logged in with before is not locked by wrong tries made somewhere else."
                </p>
            </details>
            <details>
                <summary>"I forgot my User ID."</summary>
                <p>
                    "Use " <a href="/forgot-user-id">"Forgot User ID"</a>
                    " and enter your email address. We email you every User ID that uses that address."
                </p>
            </details>
            <details>
                <summary>"I forgot my password."</summary>
                <p>
                    "Use " <a href="/forgot-password">"Forgot Password"</a>
                    " and enter your User ID. We email a code to the address on that login; enter it "
                    "and choose a new password. Resetting does not log you in: every browser signed in "
                    "to that login is signed out, so log in again with your new password. We also "
                    "email you a notice that the password changed."
                </p>
            </details>
        </section>
    }
}

/// Session time limits and the springboard.
#[component]
fn SigningInSection() -> impl IntoView {
    view! {
        <section aria-labelledby="faq-springboard">
            <h2 id="faq-springboard">"Signing in and the springboard"</h2>
            <details>
                <summary>"Why was I signed out?"</summary>
                <p>
                    "For your safety, you are signed out after 20 minutes without activity. Two "
                    "minutes before that, a message lets you choose " <strong>"Stay signed in"</strong>
                    " or " <strong>"Log Off"</strong> ". You are also signed out 12 hours after you log in."
                </p>
            </details>
            <details>
                <summary>"What is the springboard?"</summary>
                <p>
                    "The springboard is your home page in CARS e-Services. It shows each business "
                    "account linked to your login: its type, number, name and status, a mechanic’s "
                    "certification categories with their status and expiry dates, or a school’s "
                    "details, plus your recent activity. From there you can add another account or "
                    "remove access from your login. Always remember to log off when you are finished."
                </p>
            </details>
        </section>
    }
}
