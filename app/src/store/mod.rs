//! The one SQLite store (server only).
//!
//! A single-writer design: every change goes through one connection, one
//! `BEGIN IMMEDIATE` transaction at a time, so writers never race each other
//! into `SQLITE_BUSY`; reads use a small pool of their own connections, which
//! WAL mode lets run beside the writer. All SQLite work runs on blocking
//! threads so the async runtime is never stalled by disk I/O.

pub mod access_drafts;
pub mod audit;
pub mod authorization;
pub mod backup;
pub mod business;
pub mod code_request_drafts;
pub mod code_requests;
pub mod credentials;
pub mod form_flash;
pub mod ids;
pub mod links;
pub mod logins;
pub mod mail_queue;
mod migrations;
pub mod one_time_codes;
pub mod operator;
pub mod outbox;
pub mod password_history;
pub mod password_resets;
pub mod registrations;
pub mod retention;
pub mod secrets;
pub mod sessions;
pub mod settings;
pub mod sign_in;
pub mod springboard_notices;
pub mod submissions;
pub mod user_id_holds;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags, Params, Row, Statement, TransactionBehavior};
use tokio::sync::Semaphore;

pub use ids::{AccountNumber, LoginId, UserId};
pub use migrations::{LATEST_VERSION, MIGRATIONS};

/// How many read connections the pool keeps open.
const READERS: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database at {path} has schema version {found}, newer than this program knows ({supported}); refusing to run an older program against it"
    )]
    NewerThanCode { path: String, found: i64, supported: i64 },
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the store's worker thread failed: {0}")]
    Worker(String),
}

/// What [`Store::read`] and [`Store::write`] lend their closure: one read
/// connection, or the writer's open transaction. Code outside `store/` can
/// only hand it on to store functions, so several of them share one
/// transaction (a limit checked and counted in one step); running SQL on it
/// is private to this module and its children. That keeps every table's
/// SQL, and every limit, in one place.
#[derive(Clone, Copy)]
pub struct Db<'c> {
    conn: &'c Connection,
}

impl<'c> Db<'c> {
    fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }

    fn execute<P: Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.conn.execute(sql, params)
    }

    fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.conn.query_row(sql, params, f)
    }

    fn prepare(&self, sql: &str) -> rusqlite::Result<Statement<'c>> {
        self.conn.prepare(sql)
    }

    fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }
}

/// Cheap to clone: every clone shares the same connections.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    /// Makes writers queue asynchronously instead of parking blocking threads
    /// on the writer mutex.
    writer_turn: Semaphore,
    readers: Mutex<Vec<Connection>>,
    reader_slots: Semaphore,
    /// Rung when a message is queued (`mail_queue`), to wake the worker.
    mail_bell: tokio::sync::Notify,
    /// The time every rule and record of this database reads.
    clock: crate::clock::Clock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.inner.path).finish()
    }
}

/// How long a connection's commits wait for the disk.
#[derive(Clone, Copy)]
enum Durability {
    /// The writer: a commit (a code marked used, a lockout counted) is on
    /// disk before it is reported done, so a power cut cannot undo it.
    Full,
    /// Readers commit nothing, so nothing is gained by waiting.
    Normal,
}

fn open_connection(path: &Path, durability: Durability) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // WAL lets readers run beside the writer and survives a crash mid-write;
    // foreign keys are off by default in SQLite and must be asked for on every
    // connection. NORMAL sync in WAL mode never corrupts, but may lose the
    // last commits before a power cut; the writer cannot accept that.
    // secure_delete zeroes what is deleted or overwritten (a queued body
    // blanked, a plain secret sealed), so it does not linger in free pages.
    let synchronous = match durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = {synchronous};
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;"
    ))?;
    Ok(conn)
}

/// The database holds password hashes, personal data and the audit log:
/// readable by the owner only. Made 0600 before SQLite first opens it, as
/// SQLite gives the `-wal`, `-shm` and `-journal` files it makes later the
/// database file's mode.
#[cfg(unix)]
fn create_private(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Worker(format!("creating {}: {e}", path.display()))),
    }
}

/// A database made before that rule, or copied in, is narrowed when opened,
/// with its `-wal` and `-shm` files.
#[cfg(unix)]
fn narrow_to_owner(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let file = PathBuf::from(name);
        let Ok(meta) = std::fs::metadata(&file) else { continue };
        if meta.permissions().mode() & 0o777 != 0o600 {
            // Refusing to open would lock an operator out of a database
            // shared on purpose (another owner, a group): warn instead.
            if let Err(e) = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                tracing::warn!(file = %file.display(), error = %e, "could not make a database file owner-only");
            }
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its
    /// schema up to date. Refuses a database written by a newer program.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_on(path, crate::clock::Clock::default())
    }

    /// [`Store::open`] with the clock its rules and records read (a demo
    /// server's chosen moment).
    pub fn open_on(path: impl AsRef<Path>, clock: crate::clock::Clock) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Worker(format!("creating {}: {e}", parent.display())))?;
        }
        #[cfg(unix)]
        create_private(&path)?;
        let mut writer = open_connection(&path, Durability::Full)?;
        // After the WAL pragma, so the -wal and -shm files exist too.
        #[cfg(unix)]
        narrow_to_owner(&path);
        migrations::migrate(&mut writer, &path, clock.now())?;
        let readers = (0..READERS).map(|_| open_connection(&path, Durability::Normal)).collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                writer_turn: Semaphore::new(1),
                readers: Mutex::new(readers),
                reader_slots: Semaphore::new(READERS),
                mail_bell: tokio::sync::Notify::new(),
                clock,
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// This database's clock (see [`crate::clock::Clock`]).
    pub fn clock(&self) -> &crate::clock::Clock {
        &self.inner.clock
    }

    /// Now, in Unix seconds, by this database's clock.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// Wakes the mail worker: a message was queued.
    pub fn ring_mail_bell(&self) {
        self.inner.mail_bell.notify_one();
    }

    /// Waits until [`Store::ring_mail_bell`] is called (or was, unheard).
    pub async fn mail_bell(&self) {
        self.inner.mail_bell.notified().await;
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        self.read(|db| migrations::current_version(db.conn)).await
    }

    /// Runs `f` on a read connection. Writes attempted here fail: use [`Store::write`].
    pub async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Db<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let _slot = self.inner.reader_slots.acquire().await.map_err(|e| StoreError::Worker(e.to_string()))?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            // A slot guarantees a free connection; the lock is only held to pop and push.
            let conn = lock(&inner.readers).pop().ok_or_else(|| StoreError::Worker("no free reader".into()))?;
            let result = f(&Db::new(&conn));
            lock(&inner.readers).push(conn);
            result
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction, committed when `f`
    /// returns `Ok` and rolled back otherwise: a multi-row change is all or nothing.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Db<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let _turn = self.inner.writer_turn.acquire().await.map_err(|e| StoreError::Worker(e.to_string()))?;
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = lock(&inner.writer);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&Db::new(&tx))?;
            tx.commit()?;
            Ok(value)
        })
        .await
        .map_err(|e| StoreError::Worker(e.to_string()))?
    }

    /// [`Store::write`] on the calling thread, for start-up work that must
    /// end before the portal serves (the sealing pass): it blocks, so never
    /// call it from a request.
    pub fn write_blocking<T>(&self, f: impl FnOnce(&Db<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&Db::new(&tx))?;
        tx.commit()?;
        Ok(value)
    }
}

/// A poisoned lock only means another thread panicked while holding a
/// connection; the connection itself is still sound (SQLite rolls back any
/// open transaction), so carry on with it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An account number for a test (`number("Z123456")`): written as the
/// rules accept it, so it unwraps.
#[cfg(test)]
pub fn number(typed: &str) -> AccountNumber {
    AccountNumber::parse(typed).unwrap()
}

/// A User ID for a test (`user("smithj9999")`).
#[cfg(test)]
pub fn user(typed: &str) -> UserId {
    UserId::parse(typed).unwrap()
}

/// A mechanic's login row for a test (last name X, x@example.com); its id.
#[cfg(test)]
pub fn test_login(conn: &Db<'_>, user_id: &str) -> Result<LoginId, StoreError> {
    let user_id = UserId::parse(user_id).map_err(|p| StoreError::Worker(format!("test User ID: {p:?}")))?;
    conn.execute(
        "INSERT INTO logins (user_id, account_type, last_name, email, work_phone, created_at)
         VALUES (?1, 'mechanic', 'X', 'x@example.com', '+15175550100', 0)",
        [user_id],
    )?;
    Ok(LoginId::from_row(conn.last_insert_rowid()))
}

/// A profile for unit tests: only the required fields.
#[cfg(test)]
pub fn test_profile(last_name: &str, email: &str) -> crate::rules::profile::Profile {
    crate::rules::profile::Profile {
        last_name: last_name.into(),
        email: email.into(),
        work_phone: "+15175550123".into(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opens_in_wal_mode_with_foreign_keys_and_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (mode, fk, zeroed) = store
            .read(|c| {
                let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
                let zeroed: i64 = c.query_row("PRAGMA secure_delete", [], |r| r.get(0))?;
                Ok((mode, fk, zeroed))
            })
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1);
        assert_eq!(zeroed, 1, "deleted content is overwritten");
        assert_eq!(store.schema_version().await.unwrap(), LATEST_VERSION);
    }

    #[tokio::test]
    async fn the_writer_waits_for_the_disk_and_readers_need_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let writer: i64 = store.write(|tx| Ok(tx.query_row("PRAGMA synchronous", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(writer, 2, "FULL");
        let reader: i64 = store.read(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(reader, 1, "NORMAL");
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_database_and_its_wal_files_are_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cars.db");
        let store = Store::open(&path).unwrap();
        store.write(|tx| Ok(tx.execute("INSERT INTO audit_log (at, event) VALUES (1, 'x')", [])?)).await.unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("cars.db-wal")), 0o600);
        assert_eq!(mode(&dir.path().join("cars.db-shm")), 0o600);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_database_readable_by_others_is_narrowed_when_opened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cars.db");
        drop(Store::open(&path).unwrap());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let _store = Store::open(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("cars.db-wal")), 0o600);
    }

    #[tokio::test]
    async fn reopening_applies_nothing_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cars.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let rows: i64 =
            store.read(|c| Ok(c.query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(rows, MIGRATIONS.len() as i64);
    }

    #[tokio::test]
    async fn refuses_a_database_newer_than_the_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cars.db");
        let store = Store::open(&path).unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'from the future', 0)",
                    [LATEST_VERSION + 1],
                )?;
                Ok(())
            })
            .await
            .unwrap();
        drop(store);
        match Store::open(&path) {
            Err(StoreError::NewerThanCode { found, supported, .. }) => {
                assert_eq!(found, LATEST_VERSION + 1);
                assert_eq!(supported, LATEST_VERSION);
            }
            other => panic!("expected NewerThanCode, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_failed_write_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let result: Result<(), _> = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO outbox_messages (channel, recipient, subject, body, created_at) VALUES ('email', 'a@b.c', 's', 'b', 1)",
                    [],
                )?;
                Err(StoreError::Worker("second row failed".into()))
            })
            .await;
        assert!(result.is_err());
        let count: i64 =
            store.read(|c| Ok(c.query_row("SELECT count(*) FROM outbox_messages", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(count, 0);
    }
}
