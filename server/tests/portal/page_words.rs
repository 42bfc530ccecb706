//! What a person reads on a page is written in the message catalogue
//! (`app/src/messages/`), never in a view (issue 11): a view names
//! `words::SOMETHING`, so the page's text is in one place to review, and a
//! translation has one place to plug into.
//!
//! The test reads every `view!` in `app/src` with a small Rust lexer and
//! fails on a string literal that a person would read:
//! - a text node (`<p>"Hello"</p>`);
//! - the value of an attribute people read (`label="User ID"`,
//!   `aria-label="Site"`, `title=…`), as opposed to one machines read
//!   (`class`, `id`, `name`, `href`, `data-testid`, …);
//! - inside Rust code within a view, a literal that reads as words (it
//!   starts with a capital and has a space, or is one capitalised word, or
//!   has a sentence's punctuation): `format!("Welcome, {}", …)`. A
//!   lowercase fragment in code (`"see your options"`) is beyond what a
//!   lexer can tell from a class list, so the review still watches those.
//!
//! A second test holds the rest of what answers people to the same rule:
//! the notices and errors a page's server functions answer, its titles and
//! labels, and the words the flows, the rules, the verification methods,
//! the form layer and the code limits hand to a page. Log lines and failure
//! contexts are for the operator, not for the page, and are left out.

use super::layers::source_files;

/// Attributes and component properties whose values people read.
const READ_BY_PEOPLE: &[&str] = &[
    "label",
    "hint",
    "title",
    "text",
    "heading",
    "legend",
    "confirm",
    "confirm_label",
    "placeholder",
    "alt",
    "aria-label",
    "aria-description",
];

#[derive(Debug, PartialEq)]
enum Place {
    /// A text node of the markup.
    Text,
    /// The value of the named attribute.
    Attribute(String),
    /// Inside Rust code within a view (a block or an attribute's expression).
    Code,
    /// Outside every view.
    Outside,
}

/// Every string literal inside a `view!`, with its line and place.
fn view_literals(source: &str) -> Vec<(usize, Place, &str)> {
    literals(source).into_iter().filter(|(_, place, _)| *place != Place::Outside).collect()
}

/// Every string literal of `source`, with its line and place.
fn literals(source: &str) -> Vec<(usize, Place, &str)> {
    let bytes = source.as_bytes();
    // One entry per open brace: whether it opens a `view!` body.
    let mut braces: Vec<bool> = Vec::new();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &source[at..];
        if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            at += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if let Some(length) = raw_string(rest, at == 0 || !is_ident(bytes[at - 1])) {
            at += length;
        } else if bytes[at] == b'"' {
            let end = string_end(bytes, at);
            let place = match (braces.last(), braces.contains(&true)) {
                (Some(true), _) => markup_place(&source[..at]),
                (_, true) => Place::Code,
                (_, false) => Place::Outside,
            };
            found.push((line_of(source, at), place, &source[at + 1..end - 1]));
            at = end;
        } else if bytes[at] == b'\'' {
            at += char_literal(rest).unwrap_or(1);
        } else {
            match bytes[at] {
                b'{' => braces.push(source[..at].trim_end().ends_with("view!")),
                b'}' => {
                    braces.pop();
                }
                _ => {}
            }
            at += 1;
        }
    }
    found
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The length of a raw string (`r"…"`, `r#"…"#`) starting `rest`, if one does.
fn raw_string(rest: &str, at_word_start: bool) -> Option<usize> {
    let after_r = rest.strip_prefix('r').filter(|_| at_word_start)?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let body = after_r[hashes..].strip_prefix('"')?;
    let closing = format!("\"{}", "#".repeat(hashes));
    Some(1 + hashes + 1 + body.find(&closing)? + closing.len())
}

/// Just past the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() && bytes[at] != b'"' {
        at += if bytes[at] == b'\\' { 2 } else { 1 };
    }
    at + 1
}

/// The length of a character literal (`'x'`, `'\n'`, `'"'`) starting `rest`;
/// `None` for a lifetime.
fn char_literal(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1);
    let (_, first) = chars.next()?;
    if first == '\\' {
        return rest.get(3..)?.find('\'').map(|end| end + 4);
    }
    let (at, second) = chars.next()?;
    (second == '\'').then_some(at + 1)
}

fn line_of(source: &str, at: usize) -> usize {
    source[..at].matches('\n').count() + 1
}

/// Where a literal directly in a view's markup stands, from what precedes it.
fn markup_place(before: &str) -> Place {
    let before = before.trim_end();
    if let Some(name_end) = before.strip_suffix('=') {
        let name_end = name_end.trim_end();
        let start = name_end.rfind(|c: char| !(c.is_alphanumeric() || "_-:".contains(c))).map_or(0, |at| at + 1);
        let name = &name_end[start..];
        return Place::Attribute(name.strip_prefix("attr:").unwrap_or(name).to_string());
    }
    // A text node follows a tag, a block, another text or the body's brace;
    // anything else is inside an attribute's expression (`move || "x"`).
    match before.chars().next_back() {
        Some('>' | '}' | '{' | '"') => Place::Text,
        _ => Place::Code,
    }
}

/// Whether a literal in code reads as words rather than as a name, a path or
/// a class list.
fn reads_as_words(text: &str) -> bool {
    let starts_capital = text.trim_start().chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
    let one_word = text.len() >= 3 && text.chars().all(char::is_alphabetic);
    let sentence = [". ", ", ", "? ", ": "].iter().any(|mark| text.contains(mark));
    (starts_capital && (text.contains(' ') || one_word)) || sentence
}

fn read_by_people(place: &Place, text: &str) -> bool {
    let has_letters = text.chars().any(char::is_alphabetic);
    match place {
        Place::Text => has_letters,
        Place::Attribute(name) => has_letters && READ_BY_PEOPLE.contains(&name.as_str()),
        Place::Code | Place::Outside => has_letters && reads_as_words(text),
    }
}

/// Files whose literals are held to the catalogue outside views too: the
/// pages and the page parts they share, and everything whose words a page
/// passes on (the flows, the rules, the methods, the form layer, the code
/// limits). The rest of the store speaks SQL; the security layer, headers.
/// SQL statements in the code limits' file are left out by their first word.
const SPEAKING_FILES: [&str; 14] = [
    "app/src/app.rs",
    "app/src/signin/",
    "app/src/signup/",
    "app/src/settings/",
    "app/src/account_access/",
    "app/src/recovery/",
    "app/src/public/",
    "app/src/dev_outbox/",
    "app/src/ui/",
    "app/src/flows/",
    "app/src/rules/",
    "app/src/forms/",
    "app/src/security/methods.rs",
    "app/src/store/one_time_codes.rs",
];

/// What a line carries when its literals are not the portal's words: it is
/// written for the operator (a log line, a failure's context, an error
/// type's text), or for a machine (serde's attributes, a cookie's
/// attributes, the bare error page's markup, a property test's filter, a
/// statement for SQLite).
const NOT_WORDS_ON_THE_LINE: [&str; 17] = [
    "tracing::",
    "warn!(",
    "error!(",
    "info!(",
    "expect(",
    "panic!(",
    "failure(",
    "broken(",
    "#[error(",
    "#[serde(",
    "; Secure",
    "<!DOCTYPE html>",
    "prop_filter(",
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE ",
];

/// Literals that read as words but are data: the records' own names for the
/// certification categories, and a name suffix as written.
fn is_data(literal: &str) -> bool {
    app::rules::business::CERTIFICATION_CATEGORIES.contains(&literal) || literal == "III"
}

#[test]
fn page_words_are_written_only_in_the_catalogue() {
    let mut found = Vec::new();
    let mut views = 0;
    for (path, text) in source_files() {
        if !path.starts_with("app/src/") || path.starts_with("app/src/messages/") {
            continue;
        }
        views += text.matches("view!").count();
        for (line, place, literal) in view_literals(&text) {
            if read_by_people(&place, literal) {
                found.push(format!("{path}:{line}: {place:?} \"{literal}\""));
            }
        }
    }
    assert!(views > 100, "only {views} views found: is the walk right?");
    assert!(found.is_empty(), "words written in a view, not in app/src/messages/:\n{}", found.join("\n"));
}

#[test]
fn the_rest_of_what_answers_people_says_nothing_outside_the_catalogue() {
    let mut found = Vec::new();
    let mut files = 0;
    for (path, text) in source_files() {
        if !SPEAKING_FILES.iter().any(|speaking| path.starts_with(speaking)) {
            continue;
        }
        files += 1;
        // A file's own tests may write what they expect to read.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        let lines: Vec<&str> = code.lines().collect();
        for (line, place, literal) in literals(code) {
            let said = lines.get(line - 1).copied().unwrap_or_default();
            if place == Place::Outside
                && read_by_people(&place, literal)
                && !NOT_WORDS_ON_THE_LINE.iter().any(|mark| said.contains(mark))
                && !is_data(literal)
            {
                found.push(format!("{path}:{line}: \"{literal}\""));
            }
        }
    }
    assert!(files > 60, "only {files} files found: is the walk right?");
    assert!(found.is_empty(), "words written outside app/src/messages/:\n{}", found.join("\n"));
}

#[test]
fn the_view_reader_tells_words_from_names() {
    let source = r##"
        // "a comment" is not read
        fn page() -> impl IntoView {
            let lifetime: &'static str = "outside a view";
            view! {
                <nav aria-label="Site" class="site-nav">
                    <a href="/faq" data-testid="faq">"FAQs"</a>
                    {move || format!("Welcome, {}", user())}
                    <TextField id="user_id" label="User ID"/>
                    <p class=move || if open() { "open" } else { "closed" }>{words::HELLO}</p>
                    {move || view! { <b>"Nested"</b> }}
                    <input value=r#"raw "quoted""#/>
                    {'"'}
                </nav>
            }
        }
    "##;
    let read: Vec<(Place, &str)> = view_literals(source)
        .into_iter()
        .filter(|(_, place, text)| read_by_people(place, text))
        .map(|(_, place, text)| (place, text))
        .collect();
    assert_eq!(
        read,
        vec![
            (Place::Attribute("aria-label".into()), "Site"),
            (Place::Text, "FAQs"),
            (Place::Code, "Welcome, {}"),
            (Place::Attribute("label".into()), "User ID"),
            (Place::Text, "Nested"),
        ]
    );
    let all: Vec<&str> = view_literals(source).into_iter().map(|(_, _, text)| text).collect();
    assert!(!all.contains(&"outside a view") && !all.contains(&"a comment"), "{all:?}");
    assert!(literals(source).contains(&(4, Place::Outside, "outside a view")));
    assert!(all.contains(&"site-nav") && all.contains(&"open") && all.contains(&"user_id"), "{all:?}");
}
