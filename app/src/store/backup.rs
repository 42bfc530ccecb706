//! The copy `server backup` makes (`server/src/ops/backup.rs` handles the
//! files around it): SQLite's online backup API while the portal keeps
//! running, then whether the copy is sound, which schema it holds, and that
//! it stands alone as one file. Both ends are plain connections, not a
//! [`super::Store`]: opening a store would migrate the copy, and a backup
//! must be the database as it was.
//!
//! The copy is made a few pages at a time with short pauses; a write in
//! between makes SQLite start the copy over, so the result is always one
//! consistent moment. Should the portal write so often that the copy keeps
//! starting over, the rest is copied in one step: in WAL mode that step only
//! reads, so the portal's writers carry on meanwhile and the copy still ends.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// Pages copied per step (4 KiB each) and the pause between steps.
const PAGES_PER_STEP: i32 = 256;
const PAUSE: Duration = Duration::from_millis(20);
/// Restarts (a write landed between steps) before copying the rest at once.
const RESTARTS_BEFORE_ONE_STEP: u32 = 3;

/// A finished copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copied {
    /// Sound, at this schema version, and out of WAL mode.
    Sound { schema_version: i64 },
    /// `PRAGMA integrity_check` found this wrong with it (its first line).
    Unsound(String),
}

/// Copies the database at `source` into `target` (an empty file the caller
/// made, owner-only) and checks the copy. Blocks: run it off the runtime.
pub fn copy_database(source: &Path, target: &Path) -> Result<Copied, StoreError> {
    let source = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    source.busy_timeout(Duration::from_secs(5))?;
    let mut target = Connection::open(target)?;
    step_through(&source, &mut target)?;
    if let Some(problem) = integrity_problem(&target)? {
        return Ok(Copied::Unsound(problem));
    }
    let schema_version = super::migrations::current_version(&target)?;
    stand_alone(&target)?;
    Ok(Copied::Sound { schema_version })
}

fn step_through(source: &Connection, target: &mut Connection) -> Result<(), StoreError> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new(source, target)?;
    let mut restarts = 0;
    let mut remaining = i32::MAX;
    loop {
        let pages = if restarts >= RESTARTS_BEFORE_ONE_STEP { -1 } else { PAGES_PER_STEP };
        if let StepResult::Done = backup.step(pages)? {
            return Ok(());
        }
        let now_remaining = backup.progress().remaining;
        if now_remaining > remaining {
            restarts += 1;
        }
        remaining = now_remaining;
        std::thread::sleep(PAUSE);
    }
}

/// What `PRAGMA integrity_check` found wrong with the copy (its first
/// line), or `None` when it reports "ok".
fn integrity_problem(conn: &Connection) -> Result<Option<String>, StoreError> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    Ok((check != "ok").then_some(check))
}

/// Takes the copy out of WAL mode: one file, no `-wal` beside it, since a
/// backup must stand alone.
fn stand_alone(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))?;
    Ok(())
}
