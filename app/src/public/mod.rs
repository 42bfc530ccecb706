//! Pages anyone may read without signing in.

mod accessibility;
mod contact;
mod faq;
mod home;
pub mod numbers;
mod privacy;
mod terms;

pub use accessibility::AccessibilityPage;
pub use contact::ContactPage;
pub use faq::FaqPage;
pub use home::{LandingPage, MechanicPage, NotFoundPage};
pub use privacy::PrivacyPage;
pub use terms::TermsPage;

#[cfg(test)]
mod tests {
    //! The content pages are hand-edited HTML (`content/*.html`); these checks keep them honest.

    use std::collections::HashSet;

    const PAGES: [(&str, &str); 5] = [
        ("faq", include_str!("content/faq.html")),
        ("contact", include_str!("content/contact.html")),
        ("terms", include_str!("content/terms.html")),
        ("privacy", include_str!("content/privacy.html")),
        ("accessibility", include_str!("content/accessibility.html")),
    ];

    const VOID: [&str; 7] = ["br", "hr", "img", "input", "meta", "link", "wbr"];

    /// One start or end tag: its name (lower case), whether it closes, and its `name="value"` attributes.
    struct Tag {
        name: String,
        closing: bool,
        self_closing: bool,
        attrs: Vec<(String, String)>,
    }

    /// Every tag in `html`, in order; comments are skipped. Panics on a tag it cannot read.
    fn tags(page: &str, html: &str) -> Vec<Tag> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                let end = comment.find("-->").unwrap_or_else(|| panic!("{page}: unclosed comment"));
                rest = &comment[end + 3..];
                continue;
            }
            let closing = rest.starts_with('/');
            if closing {
                rest = &rest[1..];
            }
            let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
            assert!(name_len > 0, "{page}: unescaped `<` (write &lt;) near {:?}", &rest[..rest.len().min(40)]);
            let name = rest[..name_len].to_ascii_lowercase();
            rest = &rest[name_len..];
            let mut attrs = Vec::new();
            let self_closing;
            loop {
                rest = rest.trim_start();
                if let Some(r) = rest.strip_prefix("/>") {
                    self_closing = true;
                    rest = r;
                    break;
                }
                if let Some(r) = rest.strip_prefix('>') {
                    self_closing = false;
                    rest = r;
                    break;
                }
                let attr_len = rest
                    .find(|c: char| c == '=' || c == '>' || c == '/' || c.is_whitespace())
                    .unwrap_or_else(|| panic!("{page}: unterminated <{name}>"));
                assert!(attr_len > 0, "{page}: cannot read the attributes of <{name}>");
                let attr = rest[..attr_len].to_ascii_lowercase();
                rest = &rest[attr_len..];
                let value = if let Some(r) = rest.strip_prefix("=\"") {
                    let end = r.find('"').unwrap_or_else(|| panic!("{page}: unclosed quote in <{name} {attr}>"));
                    rest = &r[end + 1..];
                    r[..end].to_string()
                } else {
                    assert!(!rest.starts_with('='), "{page}: <{name} {attr}=…> must use double quotes");
                    String::new()
                };
                attrs.push((attr, value));
            }
            out.push(Tag { name, closing, self_closing, attrs });
        }
        out
    }

    fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
        tag.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn content_pages_are_well_formed_and_accessible() {
        for (page, html) in PAGES {
            assert!(html.trim_start().starts_with("<h1 "), "{page}: the page heading must be the first element");
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "{page}: no scripts in content pages");
            assert!(!lower.contains(" style="), "{page}: no style attributes; use style/main.css");

            let tags = tags(page, html);

            let h1s: Vec<&Tag> = tags.iter().filter(|t| t.name == "h1" && !t.closing).collect();
            assert_eq!(h1s.len(), 1, "{page}: exactly one <h1>");
            assert_eq!(attr(h1s[0], "data-testid"), Some("page-heading"), "{page}: <h1> needs data-testid=\"page-heading\"");

            let mut ids = HashSet::new();
            for id in tags.iter().filter_map(|t| attr(t, "id")) {
                assert!(ids.insert(id), "{page}: id {id:?} is used twice");
            }
            for label in tags.iter().filter_map(|t| attr(t, "aria-labelledby")) {
                for id in label.split_whitespace() {
                    assert!(ids.contains(id), "{page}: aria-labelledby={id:?} has no element with that id");
                }
            }

            let mut open: Vec<&str> = Vec::new();
            for tag in &tags {
                if VOID.contains(&tag.name.as_str()) {
                    assert!(!tag.closing, "{page}: </{}> closes a void element", tag.name);
                } else if tag.closing {
                    let top = open.pop();
                    assert_eq!(top, Some(tag.name.as_str()), "{page}: </{}> does not match the open tag", tag.name);
                } else {
                    assert!(!tag.self_closing, "{page}: <{}/> is not self-closing in HTML", tag.name);
                    open.push(&tag.name);
                }
            }
            assert!(open.is_empty(), "{page}: unclosed tags {open:?}");
        }
    }
}
