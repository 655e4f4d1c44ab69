//! The group privilege of a setgid installation (see docs/deployment.md).
//!
//! On a shared server `zhucun` is installed setgid to a dedicated group that
//! owns the database directory; coordinators are not in that group, so the
//! database can be reached only through the program. The program holds the
//! group privilege only while it opens a database that lives in a directory
//! of that group ([`with_group_for`]); everything else, and above all
//! anything that touches a path the user chose (exports, backups, logs), runs
//! with the user's own real group ([`as_real_user`]).
//!
//! The kernel keeps the privileged gid as the *saved* set-group-ID, so it can
//! be dropped with `setegid(real)` and raised again with `setegid(saved)`.
//! Both calls change the whole process (glibc applies them to every thread),
//! so switches are serialised by one lock; a thread may nest them.
//!
//! When the binary is not setgid (a personal install, tests) every function
//! here runs its closure unchanged.

use nix::unistd::{Gid, getegid, getgid, setegid};
use std::cell::Cell;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};

#[derive(Debug, Clone, Copy)]
struct Ids {
    real: Gid,
    privileged: Gid,
}

static IDS: OnceLock<Ids> = OnceLock::new();
static LOCK: Mutex<()> = Mutex::new(());

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

fn ids() -> Ids {
    *IDS.get_or_init(|| Ids {
        real: getgid(),
        privileged: getegid(),
    })
}

/// Record the privileged gid and drop it until it is needed. Call this
/// first thing in `main`, before any file is opened.
pub fn init() {
    let ids = ids();
    if ids.real != ids.privileged && setegid(ids.real).is_err() {
        fatal("cannot drop the group privilege");
    }
}

/// Whether the program runs with a group privilege (a setgid install).
pub fn is_setgid() -> bool {
    let ids = ids();
    ids.real != ids.privileged
}

/// The gid the program was started with as its effective gid: the deployment
/// group of a setgid install, else the user's own group.
pub fn privileged_gid() -> u32 {
    ids().privileged.as_raw()
}

/// The real gid of the user running the program.
pub fn real_gid() -> u32 {
    ids().real.as_raw()
}

fn fatal(what: &str) -> ! {
    // Continuing with the wrong group could write a user's file with the
    // deployment group's rights; stop instead.
    eprintln!("zhucun: error: {what}; stopping");
    std::process::abort()
}

struct Switch {
    prev: Gid,
    _guard: Option<MutexGuard<'static, ()>>,
}

impl Drop for Switch {
    fn drop(&mut self) {
        if setegid(self.prev).is_err() {
            fatal("cannot restore the group privilege state");
        }
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

fn switch_to(to: Gid) -> Option<Switch> {
    let ids = ids();
    if ids.real == ids.privileged {
        return None;
    }
    let guard = if DEPTH.with(|d| d.get()) == 0 {
        Some(LOCK.lock().unwrap_or_else(|p| p.into_inner()))
    } else {
        None
    };
    DEPTH.with(|d| d.set(d.get() + 1));
    let switch = Switch {
        prev: getegid(),
        _guard: guard,
    };
    // Raising may fail (then the open that follows fails with a clear
    // "cannot open" message); dropping must not.
    if setegid(to).is_err() && to == ids.real {
        fatal("cannot drop the group privilege");
    }
    Some(switch)
}

/// Run `f` with the user's own real group: for everything that creates,
/// opens or writes a path the user chose (exports, backups, logs).
pub fn as_real_user<T>(f: impl FnOnce() -> T) -> T {
    let _s = switch_to(ids().real);
    f()
}

/// Run `f` with the deployment group's privilege (opening the shared
/// database). Prefer [`with_group_for`], which raises only for databases
/// inside the deployment group's directory.
pub fn with_group<T>(f: impl FnOnce() -> T) -> T {
    let _s = switch_to(ids().privileged);
    f()
}

/// Run `f` with the group privilege if `db` is the deployment's database
/// ([`is_deployment_db`]), else as the real user: the privilege never
/// reaches another file, in the data directory or elsewhere.
pub fn with_group_for<T>(db: &Path, f: impl FnOnce() -> T) -> T {
    if is_deployment_db(db) {
        with_group(f)
    } else {
        as_real_user(f)
    }
}

/// The one file name a setgid install serves: `DIR/zhucun.db`, where DIR
/// is owned by root and the deployment group. This is the configured
/// database: only root can make such a directory, and any other path given
/// with `--db` (`/var/lib/zhucun/evil.db` included) is opened with the
/// user's own rights, which cannot reach into the data directory.
pub const DEPLOYED_NAME: &str = "zhucun.db";

/// Whether `db` is the database of a setgid deployment: named
/// [`DEPLOYED_NAME`] in a directory owned by root and the deployment group.
pub fn is_deployment_db(db: &Path) -> bool {
    is_setgid()
        && db.file_name().is_some_and(|n| n == DEPLOYED_NAME)
        && dir_of(db)
            .and_then(|d| std::fs::metadata(d).ok())
            .is_some_and(|m| m.uid() == 0 && m.gid() == privileged_gid())
}

/// The directory a database file lives in ("." for a bare file name).
pub fn dir_of(db: &Path) -> Option<std::path::PathBuf> {
    let parent = db.parent()?;
    Some(if parent.as_os_str().is_empty() {
        std::path::PathBuf::from(".")
    } else {
        parent.to_path_buf()
    })
}

/// Whether `db` lives in a shared deployment directory: one with the setgid
/// bit, so every file made in it belongs to the directory's group.
pub fn in_shared_dir(db: &Path) -> bool {
    dir_of(db)
        .and_then(|d| std::fs::metadata(d).ok())
        .is_some_and(|m| m.permissions().mode() & 0o2000 != 0)
}

/// In the deployment directory (reached through the setgid binary) the -wal
/// and -shm files are made once at install and kept. If one has gone (someone opened the file with another SQLite
/// program, or removed it), the session that re-created it would own it and
/// could then write to the database outside zhucun: refuse instead, except
/// for root, who owns them anyway.
pub fn check_kept_files(db: &Path) -> super::Result<()> {
    let deployment = is_deployment_db(db) && in_shared_dir(db);
    if !deployment || nix::unistd::Uid::current().is_root() {
        return Ok(());
    }
    for suffix in ["-wal", "-shm"] {
        let f = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if !f.exists() {
            return Err(super::StoreError::invalid(
                db.display().to_string(),
                super::error::Detail::KeptFileMissing(f.display().to_string()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_setgid_runs_closures_unchanged() {
        // The test binary is not setgid: both switches are no-ops.
        let before = getegid();
        assert_eq!(as_real_user(getegid), before);
        assert_eq!(with_group(|| as_real_user(|| 7)), 7);
        assert_eq!(getegid(), before);
    }

    #[test]
    fn shared_dir_detection() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("x.db");
        assert!(!in_shared_dir(&db));
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
        assert!(in_shared_dir(&db));
        assert_eq!(dir_of(Path::new("x.db")).unwrap(), Path::new("."));
    }
}
