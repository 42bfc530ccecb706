//! The binary's command line, run as an operator would run it.

use std::process::Command;

fn server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    // Only what each test sets: no developer's CARS_* settings leak in.
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("CARS_") || k.starts_with("LEPTOS_")) {
        cmd.env_remove(key);
    }
    cmd
}

#[test]
fn migrate_creates_the_database_without_any_mail_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("cars.db");
    let out = server().current_dir(dir.path()).args(["migrate", "--database"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("schema at version"), "{stdout}");
    assert!(db.exists());
}

#[test]
fn serve_refuses_to_start_outside_demo_mode_without_a_way_to_send_mail() {
    let dir = tempfile::tempdir().unwrap();
    let out = server()
        .current_dir(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--database"])
        .arg(dir.path().join("cars.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no way to deliver email"), "{stderr}");
}

#[test]
fn a_bad_configuration_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cars.toml");
    std::fs::write(&file, "[server]\ndemo = \"yes please\"\n").unwrap();
    let out = server().current_dir(dir.path()).arg("--config").arg(&file).arg("migrate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cars.toml"));
}
