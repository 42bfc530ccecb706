//! The architecture's rules that a reader should not have to take on trust
//! (issue 11, docs/architecture.md): this test reads the source tree and
//! fails when a rule is broken, naming the file and line.

use std::path::{Path, PathBuf};

/// The workspace root: this crate lives in `server/`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ has a parent").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every Rust file of `app/src` and `server/src`, as (path from the
/// workspace root, text).
pub(super) fn source_files() -> Vec<(String, String)> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    rust_files(&root.join("server/src"), &mut files);
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
            (file.strip_prefix(&root).unwrap_or(file).display().to_string(), text)
        })
        .collect()
}

/// Whether `line` has `word` as a whole word (SQL keywords are written in
/// capitals here, so "Selected" or "update_profile" never match).
fn has_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

/// Every line of `app/src` and `server/src` outside `app/src/store/` that
/// `matches`, as `path:line: text`.
fn lines_outside_the_store(matches: impl Fn(&str) -> bool) -> Vec<String> {
    let files = source_files();
    assert!(files.len() > 50, "the walk found only {} files: is the root right?", files.len());
    let mut found = Vec::new();
    for (relative, text) in files.iter().filter(|(relative, _)| !relative.starts_with("app/src/store/")) {
        for (n, line) in text.lines().enumerate().filter(|(_, line)| matches(line)) {
            found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
        }
    }
    found
}

/// SQL lives only in `app/src/store/`: every other module asks the store a
/// typed question, so a table changes in one place and every limit has one
/// home.
#[test]
fn sql_is_written_only_in_the_store() {
    let found = lines_outside_the_store(|line| ["SELECT", "INSERT", "UPDATE", "DELETE"].iter().any(|w| has_word(line, w)));
    assert!(found.is_empty(), "SQL outside app/src/store/ (move it into a store function):\n{}", found.join("\n"));
}

/// The raw connection is the store's alone: everything else receives an
/// `app::store::Db`, which it can hand to store functions but not run SQL
/// on (that part is private to `store/`, so the compiler enforces it). This
/// test keeps anyone from reaching around it by opening SQLite directly.
#[test]
fn no_code_outside_the_store_opens_sqlite() {
    let found = lines_outside_the_store(|line| {
        ["rusqlite::Connection", "rusqlite::Transaction", "use rusqlite::{", "Connection::open"].iter().any(|w| line.contains(w))
    });
    assert!(found.is_empty(), "SQLite opened or named outside app/src/store/ (add a store function):\n{}", found.join("\n"));
}

/// The layers of `app/src`, lowest first (docs/architecture.md). Code may
/// use its own layer and those below it, never one above: a rule never
/// needs a page, the store never needs a session.
const LAYERS: &[(&str, &[&str])] = &[
    ("pure rules, words and primitives", &["rules", "clock", "messages", "routes", "crypto"]),
    ("the store", &["store"]),
    ("services", &["security", "mail", "session", "context"]),
    ("flows", &["flows"]),
    ("forms and page parts", &["forms", "ui"]),
    ("pages", &["signin", "signup", "settings", "account_access", "recovery", "public", "dev_outbox"]),
    ("the app", &["app"]),
];

/// Where the code still reaches up, each with what would end it. Empty
/// now; should an exception ever be unavoidable, it is written here with
/// its reason, and the test fails once it is no longer needed.
const STILL_REACHING_UP: &[(&str, &str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// Every `crate::x` a line of code names (comments are skipped).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            names.extend(inner.split(',').map(|p| p.trim().split("::").next().unwrap_or_default().to_string()));
        } else {
            names.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    names.retain(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    names
}

/// Dependencies run one way, from pages down to the pure rules.
#[test]
fn dependencies_run_one_way() {
    let root = root();
    let src = root.join("app/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    let mut excused = std::collections::BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap_or(file);
        let top = relative.iter().next().and_then(|c| c.to_str()).unwrap_or_default().trim_end_matches(".rs").to_string();
        if top == "lib" {
            continue;
        }
        let Some(from) = layer_of(&top) else {
            found.push(format!("app/src/{}: the module `{top}` is in no layer: add it to LAYERS", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        for (n, line) in text.lines().enumerate() {
            for used in crate_paths(line) {
                let Some(to) = layer_of(&used) else { continue };
                if to <= from {
                    continue;
                }
                if STILL_REACHING_UP.iter().any(|(a, b, _)| *a == top && *b == used) {
                    excused.insert((top.clone(), used));
                    continue;
                }
                found.push(format!(
                    "app/src/{}:{}: {top} ({}) uses {used} ({}): {}",
                    relative.display(),
                    n + 1,
                    LAYERS[from].0,
                    LAYERS[to].0,
                    line.trim()
                ));
            }
        }
    }
    for (a, b, why) in STILL_REACHING_UP {
        if !excused.contains(&(a.to_string(), b.to_string())) {
            found.push(format!("{a} no longer uses {b} ({why}): remove it from STILL_REACHING_UP"));
        }
    }
    assert!(files.len() > 50, "the walk found only {} files", files.len());
    assert!(found.is_empty(), "a layer reaches up:\n{}", found.join("\n"));
}

#[test]
fn the_path_reader_sees_single_and_grouped_imports() {
    assert_eq!(crate_paths("use crate::store::{Db, sessions};"), ["store"]);
    assert_eq!(crate_paths("use crate::{forms::FormReply, ui};"), ["forms", "ui"]);
    assert_eq!(crate_paths("x(crate::session::server::origin(ctx)) // crate::app"), ["session"]);
    assert!(crate_paths("/// [`crate::app::shell`]").is_empty());
}

#[test]
fn the_word_check_sees_sql_and_nothing_else() {
    assert!(has_word(r#"conn.execute("DELETE FROM x", [])"#, "DELETE"));
    assert!(has_word("SELECT 1", "SELECT"));
    assert!(!has_word("DELETED_AT", "DELETE"));
    assert!(!has_word("update_profile(tx)", "UPDATE"));
}

/// Every kind of audit event has words on the activity pages (the match in
/// `settings::describe` is exhaustive, so this guards the names), and every
/// stored name maps back to its one kind.
#[test]
fn every_audit_event_has_a_description() {
    use app::store::audit::Event;
    assert!(Event::ALL.len() > 30, "only {} kinds of audit event", Event::ALL.len());
    let mut names = std::collections::HashSet::new();
    for &event in Event::ALL {
        assert!(names.insert(event.name()), "two kinds are stored as {:?}", event.name());
        assert_eq!(Event::from_name(event.name()), Some(event));
        assert_ne!(app::settings::describe(event.name()), "Security event", "{event:?} has no words");
    }
    // A row written by an older version under a name since retired.
    assert_eq!(app::settings::describe("retired_event"), "Security event");
}

/// Each `#[server]` function in `app/src`, as (file, name, lines), counted
/// from its `#[server]` line to its closing brace.
fn server_functions() -> Vec<(String, String, usize)> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("app/src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].trim_start().starts_with("#[server") {
                i += 1;
                continue;
            }
            let start = i;
            let Some(at) = (i..lines.len()).find(|&j| lines[j].contains("fn ")) else { break };
            let name: String = lines[at]
                .split("fn ")
                .nth(1)
                .unwrap_or_default()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let (mut depth, mut opened, mut end) = (0i32, false, at);
            for (j, line) in lines.iter().enumerate().skip(at) {
                for c in line.chars() {
                    match c {
                        '{' => (depth, opened) = (depth + 1, true),
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if opened && depth == 0 {
                    end = j;
                    break;
                }
            }
            let relative = file.strip_prefix(&root).unwrap_or(file).display().to_string();
            found.push((relative, name, end - start + 1));
            i = end + 1;
        }
    }
    found
}

/// The most lines a server function may have: it reads the request (the
/// session, a draft), calls one flow (`app/src/flows/`) and turns the
/// outcome into the page's reply. The journey's logic lives in the flow.
const SERVER_FUNCTION_LINES: usize = 40;

#[test]
fn server_functions_only_translate() {
    let all = server_functions();
    assert!(all.len() > 40, "found only {} server functions: is the reader right?", all.len());
    let found: Vec<String> = all
        .iter()
        .filter(|(_, _, lines)| *lines > SERVER_FUNCTION_LINES)
        .map(|(file, name, lines)| {
            format!("{file}: {name} has {lines} lines (at most {SERVER_FUNCTION_LINES}): move its logic into a flow")
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The reader itself: the longest server function it found is long
    // enough to be a real one (a reader that counted one line each would
    // pass anything).
    assert!(all.iter().any(|(_, _, lines)| *lines >= 20), "the reader counted no server function longer than 20 lines");
}

/// Whether `literal` (a string literal's contents) names a page of the
/// portal: a route's path, alone or followed by a query, a fragment or a
/// deeper path. A bare "/" is every URL's root path (a request builder, a
/// parsed gateway URL) far more often than the home page, so only the home
/// page with a query counts.
fn names_a_page(literal: &str) -> bool {
    use app::routes::{Route, SettingsSection};
    let paths = Route::ALL.iter().map(|r| r.path()).chain(SettingsSection::ALL.iter().map(|s| s.path()));
    paths.into_iter().any(|path| {
        if path == "/" {
            return literal.starts_with("/?");
        }
        literal == path || literal.strip_prefix(path).is_some_and(|rest| rest.starts_with(['?', '#', '/']))
    })
}

/// Every string literal on a line of code (comments skipped; escaped
/// quotes are rare enough in paths to ignore).
fn string_literals(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or_default();
    code.split('"').skip(1).step_by(2).collect()
}

/// One route table: every internal path is written in `app/src/routes.rs`
/// (and matched by the router in `app.rs`, which `every_route_is_served`
/// checks); links, redirects and flows name a `Route`.
#[test]
fn internal_paths_are_written_only_in_the_route_table() {
    let mut found = Vec::new();
    for (relative, text) in source_files() {
        if relative == "app/src/routes.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            // The router's own patterns: `path!("login/verify")` has no
            // leading slash, so it is not a literal path here anyway.
            for literal in string_literals(line).into_iter().filter(|l| names_a_page(l)) {
                found.push(format!("{relative}:{}: \"{literal}\" (name a Route): {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "internal paths outside app/src/routes.rs:\n{}", found.join("\n"));
}

#[test]
fn the_page_path_reader_knows_a_path_from_other_text() {
    assert!(names_a_page("/login"));
    assert!(names_a_page("/login?type=school"));
    assert!(names_a_page("/signup#email"));
    assert!(names_a_page("/settings/methods"));
    assert!(!names_a_page("/"));
    assert!(names_a_page("/?closed=1"));
    assert!(!names_a_page("/send"));
    assert!(!names_a_page("/api/sign_in"));
    assert!(!names_a_page("/pkg/cars.css"));
    assert!(!names_a_page("/loginx"));
    assert_eq!(string_literals(r#"a("/login", "x") // "/faq""#), ["/login", "x"]);
}

/// Whether a line of code writes a length of time as text ("10 minutes",
/// "72 hours"): comments (Rust's and SQL's) are not code.
fn writes_a_duration(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    if code.trim_start().starts_with("--") {
        return false;
    }
    ["second", "minute", "hour", "day"].iter().any(|unit| {
        code.match_indices(unit).any(|(at, _)| {
            // "10 minutes" or "1 day": digits, one space, the unit, a word's end.
            let Some(before) = code[..at].strip_suffix(' ') else { return false };
            let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let rest = code[at + unit.len()..].trim_start_matches('s');
            digits > 0 && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    })
}

/// How long things last is stated from the constant the store enforces
/// (`app::rules::limits`, or the live configuration), through
/// `messages::minutes`/`hours`/`days`: a page that wrote "10 minutes" itself
/// would go on saying it after the rule changed. Test modules may write
/// numbers (they assert what people read).
#[test]
fn lengths_of_time_are_stated_from_the_limits() {
    let found = code_lines_outside_tests(writes_a_duration);
    assert!(found.is_empty(), "lengths of time written as text (state them from app::rules::limits):\n{}", found.join("\n"));
}

/// Every line of `app/src` and `server/src` before a file's test module
/// (its last item, by the crate's habit) that `matches`, as `path:line: text`.
fn code_lines_outside_tests(matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (relative, text) in source_files() {
        let lines: Vec<&str> = text.lines().collect();
        let tests_start = lines
            .windows(2)
            .position(|pair| pair[0].trim() == "#[cfg(test)]" && pair[1].trim_start().starts_with("mod "))
            .unwrap_or(lines.len());
        for (n, line) in lines[..tests_start].iter().enumerate().filter(|(_, line)| matches(line)) {
            found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
        }
    }
    found
}

/// A login's id is an `app::store::LoginId` in every signature and field:
/// a bare integer there could be a count, a time or another table's id.
#[test]
fn login_ids_are_typed() {
    let found = code_lines_outside_tests(|line| {
        let code = line.split("//").next().unwrap_or_default();
        ["login_id: i64", "login_id: Option<i64>", "login_ids: &[i64]", "login_ids: Vec<i64>"].iter().any(|s| code.contains(s))
    });
    assert!(found.is_empty(), "login ids as integers (use app::store::LoginId):\n{}", found.join("\n"));
}

/// Below the pages (store, services, flows, messages, operator commands) a
/// User ID is an `app::store::UserId` and an account number an
/// `app::store::AccountNumber`: made by parsing what was typed, so nothing
/// there handles a string that was not checked. Pages keep the typed text
/// of their forms and the text they show; so does the sign-in flow's
/// `Typed`, which is the form as sent (the flow parses it, to answer each
/// field), and a test-only helper may take a literal.
#[test]
fn user_ids_and_account_numbers_are_typed_below_the_pages() {
    const BELOW_PAGES: [&str; 6] =
        ["app/src/store/", "app/src/flows/", "app/src/security/", "app/src/mail/", "app/src/messages/", "server/src/ops/"];
    const AS_TYPED: [(&str, &str); 2] =
        [("app/src/flows/sign_in.rs:", ": pub user_id: String,"), ("app/src/store/mod.rs:", ": pub fn test_login(")];
    const AS_STRINGS: [&str; 8] = [
        "user_id: &str",
        "user_id: String",
        "user_id: Option<String>",
        "user_ids: &[String]",
        "user_ids: Vec<String>",
        "account_number: &str",
        "account_number: String",
        "account_number: Option<String>",
    ];
    let found = code_lines_outside_tests(|line| {
        let code = line.split("//").next().unwrap_or_default();
        AS_STRINGS.iter().any(|s| code.contains(s))
    })
    .into_iter()
    .filter(|hit| BELOW_PAGES.iter().any(|dir| hit.starts_with(dir)))
    .filter(|hit| !AS_TYPED.iter().any(|(file, code)| hit.starts_with(file) && hit.contains(code)))
    .collect::<Vec<_>>();
    assert!(found.is_empty(), "User IDs or account numbers as strings below the pages:\n{}", found.join("\n"));
}

#[test]
fn the_duration_reader_sees_text_and_not_comments() {
    assert!(writes_a_duration(r#"    "The code expires in 10 minutes.""#));
    assert!(writes_a_duration(r#"format!("valid for 72 hours")"#));
    assert!(writes_a_duration(r#""1 day""#));
    assert!(!writes_a_duration("    // lives 10 minutes"));
    assert!(!writes_a_duration("        -- 5 per 10 minutes"));
    assert!(!writes_a_duration(r#"format!("{} minutes", n)"#));
    assert!(!writes_a_duration("let minutes = 10;"));
    assert!(!writes_a_duration(r#"count((seconds / 60).max(1), "minute", "minutes")"#));
    assert!(!writes_a_duration(r#""10 daylight""#));
}
