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
