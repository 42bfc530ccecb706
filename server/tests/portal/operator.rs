//! The operator commands of SPEC §6, run as an operator runs them: the real
//! binary against a real database, which the tests then open to see what
//! changed.

use crate::util;
use app::store::LoginId;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use app::store::Store;

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    // Only what each test sets: no developer's CARS_* settings leak in.
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("CARS_") || k.starts_with("LEPTOS_")) {
        cmd.env_remove(key);
    }
    cmd.env("RUST_LOG", "warn");
    cmd
}

/// A temporary folder with a database in it.
struct Ops {
    dir: tempfile::TempDir,
}

impl Ops {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("cars.db")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `server --database DB --mail-outbox=true ARGS…`.
    fn run(&self, args: &[&str]) -> Output {
        server()
            .current_dir(self.dir.path())
            .arg("--database")
            .arg(self.db())
            .arg("--mail-outbox=true")
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stderr).unwrap()
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn store(&self) -> Store {
        Store::open(self.db()).unwrap()
    }
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

async fn count(store: &Store, sql: &'static str) -> i64 {
    util::sql(store, move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
}

async fn text(store: &Store, sql: &'static str) -> String {
    util::sql(store, move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
}

const HEADER: &str = "number,type,name,email,address_line1,address_line2,city,state,zip,status,certifications,programs\n";

const GOOD: &str = "\
Z123456,mechanic,Ellen Hall,ellen.hall@example.com,100 Main St,,Lansing,MI,48933,active,Brakes:certified:2028-06-30;Engine Repair:trainee:2027-01-31,
Z234567,mechanic,\"Łukasiewicz-Nguyễn, Zoë\",,\"18 Oak Ln, Apt 2\",,Ann Arbor,MI,48104,active,,
S345678,school,Great Lakes Automotive Institute,,4800 E Saginaw St,,Lansing,MI,48910,inactive,,Automotive Technology;Collision Repair
";

#[tokio::test]
async fn a_good_file_is_imported_and_importing_it_again_duplicates_nothing() {
    let ops = Ops::new();
    let file = ops.write("records.csv", &format!("{HEADER}{GOOD}"));
    let out = ops.ok(&["records", "import", arg(&file)]);
    assert!(out.contains("imported 3 records") && out.contains("3 new, 0 updated"), "{out}");

    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM business_accounts").await, 3);
    let zoe = store.read(|c| app::store::business::find(c, &util::account_number("Z234567"))).await.unwrap().unwrap();
    assert_eq!(zoe.name, "Łukasiewicz-Nguyễn, Zoë");
    assert_eq!(zoe.address.line1, "18 Oak Ln, Apt 2");
    let school = store.read(|c| app::store::business::find(c, &util::account_number("S345678"))).await.unwrap().unwrap();
    assert_eq!(school.programs, ["Automotive Technology", "Collision Repair"]);
    assert!(!school.active);
    drop(store);

    let out = ops.ok(&["records", "import", arg(&file)]);
    assert!(out.contains("0 new, 3 updated"), "{out}");
    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM business_accounts").await, 3);
    assert_eq!(count(&store, "SELECT count(*) FROM mechanic_certifications").await, 2);
    assert_eq!(count(&store, "SELECT count(*) FROM school_programs").await, 2);
    assert_eq!(
        count(&store, "SELECT count(*) FROM audit_log WHERE event = 'operator_records_import' AND user_agent = 'operator CLI' AND ip IS NULL").await,
        2
    );
}

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_names_the_line() {
    let ops = Ops::new();
    let good = ops.write("good.csv", &format!("{HEADER}{GOOD}"));
    ops.ok(&["records", "import", arg(&good)]);

    // Line 2 would rename a stored record; line 3 is wrong: neither lands.
    let bad = ops.write(
        "bad.csv",
        &format!(
            "{HEADER}Z123456,mechanic,Ellen Hall-Moore,,100 Main St,,Lansing,MI,48933,active,,\n\
             Z999999,mechanic,New Person,,1 Elm St,,Detroit,MI,48201,active,Brakes:certified:2028-13-01,\n\
             Z888888,mechanic,Fine Person,,1 Elm St,,Detroit,MI,48201,active,,\n"
        ),
    );
    let err = ops.fails(&["records", "import", arg(&bad)], 1);
    assert!(err.contains("line 3:") && err.contains("2028-13-01"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!err.contains("line 2:") && !err.contains("line 4:"), "{err}");

    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM business_accounts").await, 3);
    assert_eq!(text(&store, "SELECT name FROM business_accounts WHERE number = 'Z123456'").await, "Ellen Hall");
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE event = 'operator_records_import_refused'").await, 1);

    let missing = ops.fails(&["records", "import", "no-such-file.csv"], 1);
    assert!(missing.contains("no-such-file.csv"), "{missing}");
}

#[test]
fn records_import_help_documents_the_format() {
    let out = server().args(["records", "import", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("number,type,name,email,address_line1"), "{help}");
    assert!(help.contains("Brakes:certified:2028-06-30"), "{help}");
    // A missing argument is a usage error.
    assert_eq!(server().args(["records", "import"]).output().unwrap().status.code(), Some(2));
}

/// A login with a letter waiting for the export (and an email request that
/// is not a letter); returns the login id.
async fn login_with_letter(store: &Store, user_id: &'static str, account: &'static str) -> LoginId {
    util::sql(store, move |tx| {
        tx.execute(
            "INSERT INTO logins (user_id, account_type, first_name, last_name, email, work_phone, created_at)
                 VALUES (?1, 'mechanic', 'Zoe', 'Nguyen', ?2, '+15175550100', 0)",
            rusqlite::params![user_id, format!("{user_id}@example.com")],
        )?;
        let login = LoginId::test(tx.last_insert_rowid());
        for (channel, sent) in [("letter", None), ("email", Some(1))] {
            util::insert_code_request(tx, login, account, channel, 1, sent)?;
        }
        Ok(login)
    })
    .await
    .unwrap()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[tokio::test]
async fn mail_export_prints_each_letter_with_a_working_code_and_marks_it_sent() {
    let ops = Ops::new();
    let records = ops.write("records.csv", &format!("{HEADER}{GOOD}"));
    ops.ok(&["records", "import", arg(&records)]);
    let store = ops.store();
    let login = login_with_letter(&store, "nguyenz1234", "Z234567").await;
    drop(store);

    let out_dir = ops.path("letters");
    // In demo mode, so that the outbox keeps the notice's text to read below
    // (outside demo mode it keeps no body).
    let out = ops.ok(&["--demo", "--public-url", "https://cars.example.gov", "mail", "export", "--out", arg(&out_dir)]);
    assert!(out.contains("1 letter(s) exported"), "{out}");
    let files = files_in(&out_dir);
    assert_eq!(files.len(), 2, "{files:?}");
    let (pdf, batch) = (&files[0], &files[1]);
    let name = pdf.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with("letters-") && name.ends_with("Z.pdf") && name.len() == "letters-20261128T055912Z.pdf".len(),
        "{name}"
    );
    assert!(out.contains(name), "the report names the files: {out}");
    #[cfg(unix)]
    for file in &files {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(file).unwrap().permissions().mode() & 0o077,
            0,
            "the codes are for the operator's eyes only"
        );
    }
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The Unicode font is embedded, with the map that keeps the text searchable.
    assert!(has(b"/FontFile2") && has(b"/Identity-H") && has(b"/ToUnicode"), "the Unicode font is embedded");

    let batch = std::fs::read_to_string(batch).unwrap();
    let lines: Vec<&str> = batch.lines().collect();
    assert_eq!(lines.len(), 2, "{batch}");
    assert_eq!(
        lines[0],
        "confirmation_number|account_number|name|address_line1|address_line2|city|state|zip|user_id|code|expires_on"
    );
    let fields: Vec<&str> = lines[1].split('|').collect();
    assert_eq!(fields.len(), 11, "{}", lines[1]);
    assert_eq!(
        &fields[1..9],
        ["Z234567", "Łukasiewicz-Nguyễn, Zoë", "18 Oak Ln, Apt 2", "", "Ann Arbor", "MI", "48104", "nguyenz1234"]
    );
    assert!(fields[0].len() == 13 && fields[0].matches('-').count() == 3, "confirmation number {}", fields[0]);
    let code = fields[9].to_string();
    assert_eq!((code.len(), &code[5..6]), (11, "-"), "{code}");

    // The printed code is the one the portal accepts, for this login and account.
    let store = ops.store();
    let key = app::store::authorization::CodeKey::load_or_create(&app::store::authorization::CodeKey::beside(&ops.db())).unwrap();
    let typed = app::rules::business::authorization_code(&code.to_lowercase()).unwrap();
    let now = store.now();
    let checked = store.write(move |tx| app::store::authorization::check(tx, &key, login, &typed, now)).await.unwrap();
    assert!(
        matches!(&checked, app::store::authorization::CodeCheck::Live { account_number, .. } if account_number == "Z234567"),
        "{checked:?}"
    );
    let expires: i64 =
        util::sql(&store, |c| Ok(c.query_row("SELECT expires_at - created_at FROM authorization_codes", [], |r| r.get(0))?))
            .await
            .unwrap();
    assert_eq!(expires, 30 * 86_400);
    assert_eq!(count(&store, "SELECT count(*) FROM code_requests WHERE channel = 'letter' AND sent_at IS NULL").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE event = 'letter_sent' AND login_id IS NOT NULL").await, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE event = 'operator_mail_export'").await, 1);
    // The person is told, without the code.
    let (to, body): (String, String) = util::sql(&store, |c| {
        Ok(c.query_row("SELECT recipient, body FROM outbox_messages WHERE subject LIKE '%letter has been sent%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    })
    .await
    .unwrap();
    assert_eq!(to, "nguyenz1234@example.com");
    assert!(body.contains("Z234567") && !body.contains(&code) && !body.contains(&code.replace('-', "")), "{body}");
    drop(store);

    // Nothing left: nothing written.
    let out = ops.ok(&["mail", "export", "--out", arg(&out_dir)]);
    assert!(out.contains("no unsent letters"), "{out}");
    assert_eq!(files_in(&out_dir).len(), 2);
}

/// Two logins, `halle1234` (with every method, a lock, sessions, a
/// remembered browser, a pending sign-in, two live codes) and
/// `moorej5678`, both linked to Z123456; returns their ids.
async fn two_linked_logins(ops: &Ops) -> (i64, i64) {
    let records = ops.write("records.csv", &format!("{HEADER}{GOOD}"));
    ops.ok(&["records", "import", arg(&records)]);
    let store = ops.store();
    let now = store.now();
    util::sql(&store, move |tx| {
            for (id, user, email) in [(1, "halle1234", "hall@example.com"), (2, "moorej5678", "moore@example.com")] {
                tx.execute(
                    "INSERT INTO logins (id, user_id, account_type, last_name, email, work_phone, created_at)
                     VALUES (?1, ?2, 'mechanic', 'X', ?3, '+15175550100', 0)",
                    rusqlite::params![id, user, email],
                )?;
                tx.execute(
                    "INSERT INTO account_links (login_id, account_number, notice_email, linked_at) VALUES (?1, 'Z123456', ?2, 0)",
                    rusqlite::params![id, format!("notices-{email}")],
                )?;
            }
            for method in ["email", "text", "totp", "backup_codes"] {
                tx.execute("INSERT INTO login_methods (login_id, method, added_at) VALUES (1, ?1, 0)", [method])?;
            }
            for i in 0..3u8 {
                tx.execute("INSERT INTO backup_codes (login_id, salt, code_hash) VALUES (1, x'00', ?1)", [vec![i]])?;
                tx.execute(
                    "INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at, expires_at) VALUES (?1, 1, ?2, ?2, ?3)",
                    rusqlite::params![vec![i], now, now + 3600],
                )?;
            }
            tx.execute("INSERT INTO sessions (token_hash, login_id, created_at, last_seen_at, expires_at) VALUES (x'ff', 2, 0, 0, ?1)", [now + 3600])?;
            tx.execute("INSERT INTO remembered_browsers (token_hash, login_id, created_at, expires_at) VALUES (x'01', 1, 0, ?1)", [now + 86_400])?;
            tx.execute(
                "INSERT INTO pending_sign_ins (token_hash, login_id, remember, next_path, wrong, created_at, expires_at) VALUES (x'02', 1, 0, '/', 3, ?1, ?2)",
                rusqlite::params![now, now + 600],
            )?;
            tx.execute("INSERT INTO login_lockouts (login_id, wrong_in_a_row, locked_until) VALUES (1, 0, ?1)", [now + 1800])?;
            tx.execute(
                "INSERT INTO known_devices (token_hash, login_id, created_at, last_used_at, wrong_in_a_row, locked_until) VALUES (x'03', 1, 0, 0, 2, ?1)",
                [now + 1800],
            )?;
            tx.execute("INSERT INTO one_time_code_locks (subject, channel, wrong_in_a_row, locked_until) VALUES ('signin:1:email', 'email', 10, ?1)", [now + 1800])?;
            tx.execute("INSERT INTO submissions (id, login_id, kind, account_number, at) VALUES (1, 1, 'code_request', 'Z123456', 0)", [])?;
            tx.execute(
                "INSERT INTO code_requests (id, submission_id, login_id, account_number, channel, requested_at, sent_at) VALUES (1, 1, 1, 'Z123456', 'email', 0, 0)",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    store
        .write(move |tx| {
            let key = app::store::authorization::CodeKey::from_bytes([1; 32]);
            for _ in 0..2 {
                app::store::authorization::issue(tx, &key, 1, 3600, now, &mut app::store::authorization::os_rng())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    (1, 2)
}

async fn audited(store: &Store, event: &'static str) -> Vec<(Option<i64>, String)> {
    util::sql(store, move |c| {
        Ok(c.prepare("SELECT login_id, detail FROM audit_log WHERE event = ?1 AND user_agent = 'operator CLI' AND ip IS NULL")?
            .query_map([event], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn users_unlock_ends_every_lock_of_the_login_and_is_audited() {
    let ops = Ops::new();
    two_linked_logins(&ops).await;
    let out = ops.ok(&["users", "unlock", "HALLE1234"]);
    assert!(out.contains("halle1234: unlocked"), "{out}");
    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM login_lockouts").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM known_devices WHERE locked_until > 0 OR wrong_in_a_row > 0").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM one_time_code_locks").await, 0);
    assert_eq!(count(&store, "SELECT wrong FROM pending_sign_ins").await, 0);
    assert_eq!(audited(&store, "operator_unlock").await, [(Some(1), "users unlock: lockout ended".to_string())]);
    drop(store);
    let out = ops.ok(&["users", "unlock", "halle1234"]);
    assert!(out.contains("was not locked"), "{out}");
}

#[tokio::test]
async fn users_reset_methods_keeps_only_email_pin_ends_every_way_in_and_tells_the_person() {
    let ops = Ops::new();
    two_linked_logins(&ops).await;
    let out = ops.ok(&["users", "reset-methods", "halle1234"]);
    assert!(out.contains("removed: backup_codes, text, totp") && out.contains("3 session(s) ended"), "{out}");
    let store = ops.store();
    assert_eq!(text(&store, "SELECT group_concat(method) FROM login_methods WHERE login_id = 1").await, "email");
    assert_eq!(count(&store, "SELECT count(*) FROM backup_codes").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM sessions WHERE login_id = 1").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM sessions WHERE login_id = 2").await, 1, "nobody else is signed out");
    assert_eq!(count(&store, "SELECT count(*) FROM remembered_browsers").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM pending_sign_ins").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM password_history").await, 0, "the password is not touched");
    assert_eq!(
        count(&store, "SELECT count(*) FROM outbox_messages WHERE recipient = 'hall@example.com' AND subject LIKE '%sign-in methods were reset%'").await,
        1
    );
    let audit = audited(&store, "operator_reset_methods").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].1.contains("backup_codes, text, totp"), "{audit:?}");
}

#[tokio::test]
async fn access_revoke_removes_one_logins_access_and_tells_everyone_concerned() {
    let ops = Ops::new();
    two_linked_logins(&ops).await;
    let out = ops.ok(&["access", "revoke", "halle1234", "z123456"]);
    assert!(out.contains("access to Z123456 removed; 4 notice(s)"), "{out}");
    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM account_links WHERE login_id = 1").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM account_links WHERE login_id = 2").await, 1);
    let told: String =
        text(&store, "SELECT group_concat(recipient, ' ') FROM (SELECT recipient FROM outbox_messages ORDER BY recipient)").await;
    assert_eq!(told, "ellen.hall@example.com hall@example.com notices-hall@example.com notices-moore@example.com");
    assert_eq!(audited(&store, "operator_access_revoke").await.len(), 1);
    drop(store);

    let err = ops.fails(&["access", "revoke", "halle1234", "Z123456"], 1);
    assert!(err.contains("has no access to the account Z123456"), "{err}");
    let err = ops.fails(&["access", "revoke", "halle1234", "Z000000"], 1);
    assert!(err.contains("no business account \"Z000000\""), "{err}");
    let err = ops.fails(&["access", "revoke", "halle1234", "nonsense"], 1);
    assert!(err.contains("no business account"), "{err}");
    assert_eq!(audited(&ops.store(), "operator_access_revoke").await.len(), 1, "refusals change nothing");
}

#[tokio::test]
async fn codes_void_voids_every_outstanding_code_of_the_login() {
    let ops = Ops::new();
    two_linked_logins(&ops).await;
    let out = ops.ok(&["codes", "void", "halle1234"]);
    assert!(out.contains("halle1234: 2 outstanding authorization code(s) voided"), "{out}");
    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM authorization_codes WHERE voided_at IS NULL").await, 0);
    assert_eq!(
        audited(&store, "operator_codes_void").await,
        [(Some(1), "codes void: 2 outstanding authorization code(s) voided".to_string())]
    );
    drop(store);
    assert!(ops.ok(&["codes", "void", "halle1234"]).contains(": 0 outstanding"));
}

#[tokio::test]
async fn an_unknown_user_is_a_clear_error_and_bad_arguments_are_usage_errors() {
    let ops = Ops::new();
    two_linked_logins(&ops).await;
    for args in [
        &["users", "unlock", "nobody99"][..],
        &["users", "reset-methods", "nobody99"],
        &["access", "revoke", "nobody99", "Z123456"],
        &["codes", "void", "nobody99"],
    ] {
        let err = ops.fails(args, 1);
        assert!(err.contains("there is no login with the User ID \"nobody99\""), "{args:?}: {err}");
    }
    for args in [
        &["users", "unlock"][..],
        &["access", "revoke", "halle1234"],
        &["codes", "void", "a", "b"],
        &["backup"],
        &["users", "frobnicate", "x"],
    ] {
        ops.fails(args, 2);
    }
    for command in [
        &["users", "unlock", "--help"][..],
        &["users", "reset-methods", "--help"],
        &["access", "revoke", "--help"],
        &["codes", "void", "--help"],
        &["backup", "--help"],
        &["mail", "export", "--help"],
    ] {
        let help = ops.ok(command);
        assert!(help.contains("Usage:"), "{command:?}: {help}");
    }
    let store = ops.store();
    assert_eq!(count(&store, "SELECT count(*) FROM login_lockouts").await, 1, "nothing changed");
}

#[tokio::test]
async fn a_backup_taken_while_the_database_is_written_restores_to_a_working_database() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

    let ops = Ops::new();
    two_linked_logins(&ops).await;
    // Enough pages that the copy takes several steps.
    let store = ops.store();
    util::sql(&store, |tx| {
            for i in 0..3000 {
                tx.execute(
                    "INSERT INTO outbox_messages (channel, recipient, subject, body, created_at) VALUES ('email', 'a@example.com', 's', ?1, ?2)",
                    rusqlite::params!["x".repeat(1000), i],
                )?;
            }
            Ok(())
        })
        .await
        .unwrap();
    drop(store);

    // Another process's worth of writes: a steady stream of submissions.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicI64::new(0));
    let writer = {
        let (db, stop, written) = (ops.db(), stop.clone(), written.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
            while !stop.load(Ordering::Relaxed) {
                conn.execute(
                    "INSERT INTO submissions (login_id, kind, account_number, at) VALUES (1, 'code_request', 'Z123456', 0)",
                    [],
                )
                .unwrap();
                written.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        })
    };
    while written.load(Ordering::Relaxed) < 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    app::store::authorization::CodeKey::load_or_create(&app::store::authorization::CodeKey::beside(&ops.db())).unwrap();
    app::store::secrets::SecretsKey::load_or_create(&app::store::secrets::SecretsKey::beside(&ops.db())).unwrap();
    let copy = ops.path("backups/cars-copy.db");
    let started = std::time::Instant::now();
    let out = ops.ok(&["backup", arg(&copy)]);
    eprintln!("backup took {:?}", started.elapsed());
    let during = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(out.contains("integrity ok"), "{out}");
    assert!(during > 20, "the writer kept writing during the backup");

    // The copy opens as a database of its own and holds a consistent moment.
    std::fs::rename(&copy, ops.path("restored.db")).unwrap();
    let restored = Store::open(ops.path("restored.db")).unwrap();
    let check = text(&restored, "PRAGMA integrity_check").await;
    assert_eq!(check, "ok");
    let submissions = count(&restored, "SELECT count(*) FROM submissions").await;
    assert!(submissions >= 20 && submissions <= written.load(Ordering::Relaxed) + 1, "{submissions}");
    assert_eq!(count(&restored, "SELECT count(*) FROM business_accounts").await, 3);
    assert_eq!(count(&restored, "SELECT count(*) FROM outbox_messages").await, 3000);
    assert_eq!(count(&restored, "SELECT count(*) FROM account_links").await, 2);
    util::sql(&restored, |tx| {
        Ok(tx.execute(
            "INSERT INTO submissions (login_id, kind, account_number, at) VALUES (NULL, 'code_request', 'Z123456', 1)",
            [],
        )?)
    })
    .await
    .unwrap();
    assert!(ops.path("backups/cars-copy.db.code-key").exists(), "the code key travels with the copy");
    assert_eq!(
        std::fs::read(ops.path("backups/cars-copy.db.secrets-key")).unwrap(),
        std::fs::read(app::store::secrets::SecretsKey::beside(&ops.db())).unwrap(),
        "the secrets key travels with the copy"
    );
    assert!(out.contains("secrets key copied to"), "{out}");
    assert_eq!(audited(&ops.store(), "operator_backup").await.len(), 1);

    // An existing file is kept unless --force.
    std::fs::write(&copy, b"keep me").unwrap();
    let err = ops.fails(&["backup", arg(&copy)], 1);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), b"keep me");
    ops.ok(&["backup", "--force", arg(&copy)]);
    assert!(std::fs::read(&copy).unwrap().starts_with(b"SQLite format 3\0"));
}
