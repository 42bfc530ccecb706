//! `server backup PATH`: a copy of the database taken with SQLite's online
//! backup API while the portal keeps running (how, in
//! `app::store::backup`). It is written beside PATH first, checked with
//! `PRAGMA integrity_check`, and only then renamed into place: PATH is never
//! left half written. The code and secrets keys are copied beside it.

use std::path::{Path, PathBuf};

use app::store::backup::{Copied, copy_database};

use super::{OpsError, operator};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackedUp {
    pub path: PathBuf,
    pub bytes: u64,
    pub schema_version: i64,
    /// Where the authorization-code key was copied, if there was one.
    pub code_key: Option<PathBuf>,
    /// Where the secrets key was copied, if there was one: without it the
    /// copy's authenticator secrets and backup codes are useless.
    pub secrets_key: Option<PathBuf>,
}

/// Copies the database at `database` to `dest` (refusing to replace a file
/// unless `force`), with the code and secrets keys beside it, and audits it.
pub async fn backup(database: &Path, dest: &Path, force: bool, now: i64) -> Result<BackedUp, OpsError> {
    let (database, dest) = (database.to_path_buf(), dest.to_path_buf());
    let done = tokio::task::spawn_blocking(move || copy(&database, &dest, force).map(|done| (done, database)))
        .await
        .map_err(|e| OpsError::Refused(format!("the backup thread failed: {e}")))??;
    let (done, database) = done;
    let store = app::store::Store::open(&database)?;
    let detail = format!("backup to {} ({} bytes)", done.path.display(), done.bytes);
    store
        .write(move |tx| {
            app::store::audit::record(tx, None, app::store::audit::Event::OperatorBackup, Some(&detail), &operator(), now)
        })
        .await?;
    Ok(done)
}

fn copy(database: &Path, dest: &Path, force: bool) -> Result<BackedUp, OpsError> {
    if !database.is_file() {
        return Err(OpsError::Refused(format!("there is no database at {}", database.display())));
    }
    if dest.exists() {
        if !force {
            return Err(OpsError::Refused(format!("{} exists already; give --force to replace it", dest.display())));
        }
        if same_file(database, dest) {
            return Err(OpsError::Refused("the backup cannot replace the database itself".into()));
        }
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(OpsError::file("cannot make the folder", parent))?;
    }
    let partial = with_suffix(dest, ".partial");
    let _ = std::fs::remove_file(&partial);
    let result = create_private(&partial).and_then(|()| match copy_database(database, &partial).map_err(sqlite)? {
        Copied::Sound { schema_version } => Ok(schema_version),
        Copied::Unsound(check) => Err(OpsError::Refused(format!("the copy failed its integrity check: {check}"))),
    });
    let schema_version = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, dest).map_err(OpsError::file("cannot move the copy to", dest))?;
    let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    use app::store::{authorization::CodeKey, secrets::SecretsKey};
    let code_key = copy_key(&CodeKey::beside(database), &CodeKey::beside(dest), "cannot copy the code key to")?;
    let secrets_key = copy_key(&SecretsKey::beside(database), &SecretsKey::beside(dest), "cannot copy the secrets key to")?;
    Ok(BackedUp { path: dest.to_path_buf(), bytes, schema_version, code_key, secrets_key })
}

/// An SQLite failure reads as it did when this file ran the statements itself.
fn sqlite(e: app::store::StoreError) -> OpsError {
    match e {
        app::store::StoreError::Sqlite(e) => OpsError::Sqlite(e),
        other => OpsError::Store(other),
    }
}

/// Copies a key file kept beside the database, if there is one, owner-only.
fn copy_key(from: &Path, to: &Path, what: &'static str) -> Result<Option<PathBuf>, OpsError> {
    if !from.is_file() {
        return Ok(None);
    }
    std::fs::copy(from, to).map_err(OpsError::file(what, to))?;
    restrict(to);
    Ok(Some(to.to_path_buf()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// The copy holds everything the database does (password hashes, personal
/// data): owner-only from the moment it exists, like the database. SQLite
/// opens the empty file as a new database and gives its `-journal` the
/// same mode.
fn create_private(path: &Path) -> Result<(), OpsError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(OpsError::file("cannot create the copy", path))
}

/// The key is a secret: owner-only, like the original.
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}
