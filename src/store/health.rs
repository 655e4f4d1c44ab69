//! The database's health as `zhucun doctor` reports it: one typed report
//! gathered by the store (the command line only words it).

use super::{ChainCheck, Result, Store, privilege};
use std::path::Path;

/// The append-only triggers of the audit trail (db/migrations/0001_init.sql).
pub const AUDIT_TRIGGERS: [&str; 2] = ["audit_no_update", "audit_no_delete"];

/// What the store found about one database.
#[derive(Debug, Clone)]
pub struct Health {
    pub schema_version: i64,
    /// `PRAGMA journal_mode` (want "wal").
    pub journal_mode: String,
    /// `PRAGMA temp_store` (want 2, memory).
    pub temp_store: i64,
    /// Whether -wal and -shm are kept on close (None: not a shared directory).
    pub wal_kept: Option<bool>,
    /// Size of the -wal file when no other session had the database open
    /// (None: someone had, or there is no -wal file). Not zero means a
    /// close skipped its checkpoint, or the file was replaced under an old WAL.
    pub idle_wal_bytes: Option<u64>,
    /// The file system or file refuses writes (a read-only mount).
    pub read_only: bool,
    /// Append-only triggers of the audit trail that are missing.
    pub missing_triggers: Vec<&'static str>,
    pub chain: ChainCheck,
    /// The end of the audit trail against its anchor (see store::anchor).
    pub anchor: super::anchor::AnchorCheck,
}

/// Whether another process holds SQLite's shared lock on `db` (every open
/// connection in WAL mode does). Must run before this process opens `db`:
/// closing a descriptor drops the process's own locks on the file.
fn others_connected(db: &Path) -> Option<bool> {
    use nix::fcntl::{FcntlArg, fcntl};
    let file = privilege::with_group_for(db, || std::fs::File::open(db)).ok()?;
    // SQLite's SHARED lock range: PENDING_BYTE (0x40000000) + 2, 510 bytes.
    let mut lock = nix::libc::flock {
        l_type: nix::libc::F_WRLCK as i16,
        l_whence: nix::libc::SEEK_SET as i16,
        l_start: 0x4000_0002,
        l_len: 510,
        l_pid: 0,
    };
    fcntl(&file, FcntlArg::F_GETLK(&mut lock)).ok()?;
    Some(lock.l_type != nix::libc::F_UNLCK as i16)
}

fn wal_len(db: &Path) -> Option<u64> {
    let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
    privilege::with_group_for(db, || std::fs::metadata(&wal).ok()).map(|m| m.len())
}

/// Whether `db` can be written: not on a read-only mount, and writable
/// with the rights the program opens it with (effective ids).
pub fn writable(db: &Path) -> bool {
    use nix::sys::statvfs::{FsFlags, statvfs};
    privilege::with_group_for(db, || {
        !statvfs(db).is_ok_and(|s| s.flags().contains(FsFlags::ST_RDONLY))
            && nix::unistd::faccessat(
                nix::fcntl::AT_FDCWD,
                db,
                nix::unistd::AccessFlags::W_OK,
                nix::fcntl::AtFlags::AT_EACCESS,
            )
            .is_ok()
    })
}

/// The size of `db`'s -wal file when no session has the database open
/// (None: someone has, or there is none). Call it before this process opens
/// `db`: the close of the last connection empties the WAL.
pub fn idle_wal_bytes(db: &Path) -> Option<u64> {
    if others_connected(db) == Some(false) {
        wal_len(db)
    } else {
        None
    }
}

impl Store {
    /// Open `db` and gather its [`Health`] (the open itself is the first
    /// check); `idle_wal_bytes` from [`idle_wal_bytes`], taken first.
    pub fn health_of(
        db: &Path,
        today: chrono::NaiveDate,
        idle_wal_bytes: Option<u64>,
    ) -> Result<Health> {
        let read_only = !writable(db);
        let store = Store::open(db, today)?;
        store.health(idle_wal_bytes, read_only)
    }

    fn health(&self, idle_wal_bytes: Option<u64>, read_only: bool) -> Result<Health> {
        let conn = &self.conn;
        let journal_mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        let temp_store: i64 = conn.pragma_query_value(None, "temp_store", |r| r.get(0))?;
        let wal_kept = privilege::in_shared_dir(&self.path).then(|| {
            let mut persist = -1;
            conn.file_control(
                Some(rusqlite::MAIN_DB),
                rusqlite::FileControl::PersistWal(&mut persist),
            )
            .is_ok()
                && persist == 1
        });
        let mut missing_triggers = Vec::new();
        for t in AUDIT_TRIGGERS {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [t],
                |r| r.get(0),
            )?;
            if n == 0 {
                missing_triggers.push(t);
            }
        }
        Ok(Health {
            schema_version: super::migrate::current_version(conn)?,
            journal_mode,
            temp_store,
            wal_kept,
            idle_wal_bytes,
            read_only,
            missing_triggers,
            chain: self.check_audit_chain()?,
            anchor: self.check_anchor()?,
        })
    }
}
