//! Accessibility statement: the standard this site meets, how it is tested and how to report a problem.
use leptos::prelude::*;
use leptos_meta::Title;

/// The Accessibility page (`/accessibility`): the WCAG 2.2 AA target, what people can rely on,
/// how it is checked, known limitations and how to ask for help or another format.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Accessibility statement"/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">"Accessibility statement"</h1>
        <p class="lead">
            "The Michigan Department of State wants everyone to be able to create a login and "
            "manage their mechanic or mechanic school account on this site, whatever the way they "
            "use a computer or phone."
        </p>
        <StandardSection/>
        <FeaturesSection/>
        <TestingSection/>
        <ReportSection/>
        <p class="note">"This statement was prepared on November 27, 2026."</p>
    }
}

/// The target standard.
#[component]
fn StandardSection() -> impl IntoView {
    view! {
        <section aria-labelledby="a11y-standard">
            <h2 id="a11y-standard">"Our standard"</h2>
            <p>
                "This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at "
                "level AA, the standard most widely used for public websites."
            </p>
        </section>
    }
}

/// What people can rely on.
#[component]
fn FeaturesSection() -> impl IntoView {
    view! {
        <section aria-labelledby="a11y-features">
            <h2 id="a11y-features">"What you can expect"</h2>
            <ul>
                <li>
                    <strong>"Works without JavaScript."</strong>
                    " Every page and form works with JavaScript turned off or blocked."
                </li>
                <li>
                    <strong>"Keyboard."</strong>
                    " Everything can be done with a keyboard alone, with a visible focus. At each "
                    "new step, focus moves to the step’s heading."
                </li>
                <li>
                    <strong>"Zoom."</strong>
                    " Pages can be zoomed to 200% without losing content or functions."
                </li>
                <li>
                    <strong>"Screen readers."</strong>
                    " Every field has a label, and its hints and errors are read with it. When a "
                    "form has errors, a summary at the top lists them, with links to each field."
                </li>
                <li>
                    <strong>"No image puzzles."</strong>
                    " The verification question at sign-up is a short text question that a screen "
                    "reader can read aloud. There is no image CAPTCHA."
                </li>
                <li>
                    <strong>"Warnings before time limits."</strong>
                    " You are warned 2 minutes before being signed out for inactivity, and can choose "
                    "\"Stay signed in\". Sign-up warns you before its 60 minutes run out, and what you "
                    "typed is kept when the verification question is replaced."
                </li>
                <li>
                    <strong>"Password managers."</strong>
                    " Fields are marked so browsers and password managers can fill them, and you "
                    "may paste into password fields."
                </li>
            </ul>
        </section>
    }
}

/// How accessibility is checked, and known limitations.
#[component]
fn TestingSection() -> impl IntoView {
    view! {
        <section aria-labelledby="a11y-testing">
            <h2 id="a11y-testing">"How we test"</h2>
            <ul>
                <li>
                    "Automated axe-core checks run on every page, including pages showing errors, "
                    "in a real browser, whenever the site changes."
                </li>
                <li>"Every step of every task is checked using a keyboard alone."</li>
                <li>"The main tasks are tested in a real browser both with and without JavaScript."</li>
            </ul>
            <h3 id="a11y-limits">"Known limitations"</h3>
            <p>
                "We know of no accessibility problems at launch. If you find one, please tell us "
                "so we can fix it."
            </p>
        </section>
    }
}

/// Reporting problems and asking for other formats.
#[component]
fn ReportSection() -> impl IntoView {
    view! {
        <section aria-labelledby="a11y-report">
            <h2 id="a11y-report">"Report a problem or ask for another format"</h2>
            <p>
                "If something on this site is hard to use, or you need information from it in "
                "another format, such as large print, call "
                <a href="tel:+18887676424">"888-767-6424"</a>
                ", Monday–Friday, 8 a.m.–5 p.m. Eastern. If you are deaf, hard of hearing or speech "
                "impaired, use the Michigan Relay Center: dial 711."
            </p>
            <p>
                "Please tell us the page you were on, what you were trying to do, and the browser "
                "and any assistive technology you use. You can also write to us; see "
                <a href="/contact">"Contact Us"</a> "."
            </p>
        </section>
    }
}
