//! The operator commands of SPEC §6, run as an operator runs them: the real
//! binary against a real database, which the tests then open to see what
//! changed.

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
    store.read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
}

async fn text(store: &Store, sql: &'static str) -> String {
    store.read(move |c| Ok(c.query_row(sql, [], |r| r.get(0))?)).await.unwrap()
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
    let zoe = store.read(|c| app::store::business::find(c, "Z234567")).await.unwrap().unwrap();
    assert_eq!(zoe.name, "Łukasiewicz-Nguyễn, Zoë");
    assert_eq!(zoe.address.line1, "18 Oak Ln, Apt 2");
    let school = store.read(|c| app::store::business::find(c, "S345678")).await.unwrap().unwrap();
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
async fn login_with_letter(store: &Store, user_id: &'static str, account: &'static str) -> i64 {
    store
        .write(move |tx| {
            tx.execute(
                "INSERT INTO logins (user_id, account_type, first_name, last_name, email, work_phone, created_at)
                 VALUES (?1, 'mechanic', 'Zoe', 'Nguyen', ?2, '+15175550100', 0)",
                rusqlite::params![user_id, format!("{user_id}@example.com")],
            )?;
            let login = tx.last_insert_rowid();
            for (channel, sent) in [("letter", None), ("email", Some(1))] {
                tx.execute(
                    "INSERT INTO submissions (login_id, kind, account_number, at) VALUES (?1, 'code_request', ?2, 1)",
                    rusqlite::params![login, account],
                )?;
                tx.execute(
                    "INSERT INTO code_requests (submission_id, login_id, account_number, channel, requested_at, sent_at)
                     VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                    rusqlite::params![tx.last_insert_rowid(), login, account, channel, sent],
                )?;
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
    let out = ops.ok(&["--public-url", "https://cars.example.gov", "mail", "export", "--out", arg(&out_dir)]);
    assert!(out.contains("1 letter(s) exported"), "{out}");
    let files = files_in(&out_dir);
    assert_eq!(files.len(), 2, "{files:?}");
    let (pdf, batch) = (&files[0], &files[1]);
    let name = pdf.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("letters-") && name.ends_with("Z.pdf") && name.len() == "letters-20261128T055912Z.pdf".len(), "{name}");
    assert!(out.contains(name), "the report names the files: {out}");
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    // The Unicode font is embedded, with the map that keeps the text searchable.
    assert!(has(b"/FontFile2") && has(b"/Identity-H") && has(b"/ToUnicode"), "the Unicode font is embedded");

    let batch = std::fs::read_to_string(batch).unwrap();
    let lines: Vec<&str> = batch.lines().collect();
    assert_eq!(lines.len(), 2, "{batch}");
    assert_eq!(lines[0], "confirmation_number|account_number|name|address_line1|address_line2|city|state|zip|user_id|code|expires_on");
    let fields: Vec<&str> = lines[1].split('|').collect();
    assert_eq!(fields.len(), 11, "{}", lines[1]);
    assert_eq!(&fields[1..9], ["Z234567", "Łukasiewicz-Nguyễn, Zoë", "18 Oak Ln, Apt 2", "", "Ann Arbor", "MI", "48104", "nguyenz1234"]);
    assert!(fields[0].len() == 13 && fields[0].matches('-').count() == 3, "confirmation number {}", fields[0]);
    let code = fields[9].to_string();
    assert_eq!((code.len(), &code[5..6]), (11, "-"), "{code}");

    // The printed code is the one the portal accepts, for this login and account.
    let store = ops.store();
    let key = app::store::authorization::CodeKey::load_or_create(&app::store::authorization::CodeKey::beside(&ops.db())).unwrap();
    let typed = app::rules::business::authorization_code(&code.to_lowercase()).unwrap();
    let now = app::store::unix_now();
    let checked = store.write(move |tx| app::store::authorization::check(tx, &key, login, &typed, now)).await.unwrap();
    assert!(
        matches!(&checked, app::store::authorization::CodeCheck::Live { account_number, .. } if account_number == "Z234567"),
        "{checked:?}"
    );
    let expires: i64 = store.read(|c| Ok(c.query_row("SELECT expires_at - created_at FROM authorization_codes", [], |r| r.get(0))?)).await.unwrap();
    assert_eq!(expires, 30 * 86_400);
    assert_eq!(count(&store, "SELECT count(*) FROM code_requests WHERE channel = 'letter' AND sent_at IS NULL").await, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE event = 'letter_sent' AND login_id IS NOT NULL").await, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_log WHERE event = 'operator_mail_export'").await, 1);
    // The person is told, without the code.
    let (to, body): (String, String) = store
        .read(|c| Ok(c.query_row("SELECT recipient, body FROM outbox_messages WHERE subject LIKE '%letter has been sent%'", [], |r| Ok((r.get(0)?, r.get(1)?)))?))
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
