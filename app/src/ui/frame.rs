//! The header and footer every page carries.

use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="banner">
                <div class="container">"An official website of the State of Michigan"</div>
            </div>
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-name">"CARS e-Services"</span>
                    <span class="brand-agency">"Michigan Department of State"</span>
                </a>
                <nav aria-label="Site" class="site-nav">
                    <ul>
                        <li><a href="https://www.michigan.gov" rel="external">"MI.gov Home"</a></li>
                        <li><a href="/faq">"FAQs"</a></li>
                        <li><a href="/contact">"Contact Us"</a></li>
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
                        <li><a href="/terms">"Terms & Conditions"</a></li>
                        <li><a href="/privacy">"Privacy"</a></li>
                        <li><a href="/accessibility">"Accessibility"</a></li>
                        <li><a href="/faq">"FAQs"</a></li>
                        <li><a href="/contact">"Contact Us"</a></li>
                    </ul>
                </nav>
                <p>"Michigan Department of State – Here to serve you. Need help? Call 888-767-6424 (Michigan Relay: 711)."</p>
            </div>
        </footer>
    }
}
