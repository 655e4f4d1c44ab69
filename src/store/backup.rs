//! `zhucun backup OUT`: a consistent copy through SQLite's online backup API,
//! written with the user's own permissions.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::Need;
use super::{Result, StoreError, audit, privilege};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn io_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::invalid(
        "backup",
        super::error::Detail::BackupCannotWrite {
            path: path.display().to_string(),
            error: e.to_string(),
        },
    )
}

/// Where the copy is written before it is renamed to `out`: the same
/// directory, so the rename is atomic and a failed backup leaves `out` as it was.
fn partial_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    out.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

impl super::Store {
    /// Copy the whole database to `out` (administrators only: a backup holds
    /// every village's records). Refuses an existing `out` unless `force`.
    /// Every file operation on `out` runs with the user's own group, never the
    /// deployment group's; the copy is mode 0600. Returns the pages copied.
    pub fn backup_to(&mut self, out: &Path, force: bool) -> Result<i32> {
        self.authorize(Need::Admin, None, "backup")?;
        let pages = privilege::as_real_user(|| self.copy_to(out, force))?;
        let by = self.actor.account.clone();
        let shown = out.display().to_string();
        self.write(|tx, now| {
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Backup,
                    record: "database",
                    old: None,
                    new: Some(&shown),
                    outcome: Outcome::Ok,
                },
            )
        })?;
        Ok(pages)
    }

    fn copy_to(&self, out: &Path, force: bool) -> Result<i32> {
        if out.is_dir() {
            return Err(StoreError::invalid(
                "backup",
                super::error::Detail::BackupIsDir(out.display().to_string()),
            ));
        }
        if out.exists() && !force {
            return Err(StoreError::invalid(
                "backup",
                super::error::Detail::BackupExists(out.display().to_string()),
            ));
        }
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(io_error(out, "its directory does not exist"));
        }
        let tmp = partial_path(out);
        let result = (|| {
            {
                use std::os::unix::fs::OpenOptionsExt;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&tmp)
                    .map_err(|e| io_error(out, e))?;
            }
            let mut dst = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| io_error(out, e))?;
            dst.pragma_update(None, "temp_store", "MEMORY")?;
            let pages = {
                let b = Backup::new(&self.conn, &mut dst)?;
                let mut waited = Duration::ZERO;
                loop {
                    // -1: every page in one step, inside one read transaction
                    // of the source, so the copy is one consistent snapshot
                    // (WAL readers never block the writers meanwhile).
                    match b.step(-1)? {
                        StepResult::Done => break,
                        StepResult::More => {}
                        _ => {
                            if waited >= super::BUSY_TIMEOUT {
                                return Err(StoreError::Busy);
                            }
                            std::thread::sleep(Duration::from_millis(50));
                            waited += Duration::from_millis(50);
                        }
                    }
                }
                b.progress().pagecount
            };
            let check: String = dst.pragma_query_value(None, "quick_check", |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::Integrity(format!(
                    "the copy failed its check: {check}"
                )));
            }
            drop(dst);
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(out, e))?;
            std::fs::rename(&tmp, out).map_err(|e| io_error(out, e))?;
            if let Some(dir) = privilege::dir_of(out)
                && let Ok(d) = std::fs::File::open(dir)
            {
                let _ = d.sync_all();
            }
            Ok(pages)
        })();
        if result.is_err() {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
        }
        result
    }
}
