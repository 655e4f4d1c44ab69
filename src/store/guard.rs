//! The lock guard: nobody can stall every writer by stopping their own
//! process while it holds the database's write lock.
//!
//! A coordinator may send SIGSTOP (or press Ctrl-Z) to their own `zhucun`
//! process: the setgid bit does not change the uid. Stopped inside a write
//! transaction, the process keeps SQLite's write lock, and nothing inside a
//! stopped process (the watchdog of [`super::bound`] included) can let go of
//! it. The guard is a separate process run by root (`zhucun guard`, the
//! systemd unit `pkg/zhucun-guard.service`): it looks at the POSIX locks on
//! the database's files every [`POLL`] without taking any itself, and kills
//! (SIGKILL, which a stopped process cannot ignore) a process that is stopped
//! while it has held a lock that shuts writers out for at least [`GRACE`].
//! The kernel then drops its locks and SQLite ignores its uncommitted WAL
//! frames (a killed writer is SQLite's well-tested recovery case), so its
//! transaction is undone, all or nothing, as the watchdog would have done,
//! and the other writers go on.
//!
//! Locks that shut writers out (the unix VFS's byte ranges):
//! - in `-shm`, an exclusive lock on one of the WAL-index lock bytes 120-127
//!   (write, checkpoint, recover, read marks) or the "DMS" byte 128;
//! - in the database file, an exclusive lock on the pending, reserved or
//!   shared bytes at 1 GiB (a closing connection's checkpoint, a journal
//!   mode change).
//!
//! Shared locks (readers) never stop a writer in WAL mode. But a reader
//! inside a read transaction keeps its read mark (a shared lock on one of
//! the `-shm` bytes 123-127), and while it does no checkpoint can copy the
//! WAL past its snapshot or start the WAL over: stopped there, it lets the
//! WAL grow without bound. The guard kills a reader that is stopped and has
//! held a read mark for at least [`READER_GRACE`] once the WAL has reached
//! [`WAL_LIMIT`] (a reader loses nothing: it wrote nothing), and `zhucun
//! doctor` reports a large WAL with the readers that hold it back.
//! A running holder is left alone: the watchdog bounds coordinators' writes,
//! and administrators' bulk loads may legitimately run long. The guard never
//! opens the database with SQLite, so it cannot hold a lock of its own, nor
//! wait for one (not even at start: a reader facing a stopped holder's
//! exclusive locks retried for 10 s and then failed with "locking
//! protocol", the guard's own start included, before `zhucun guard` stopped
//! reading the database's time zone). It must never run in a process that
//! has the database open: closing its descriptors of the files would drop
//! that process's POSIX locks. Holders are found by pid in the guard's own
//! PID namespace (run it on the host, beside the coordinators' sessions).

use nix::fcntl::{FcntlArg, fcntl};
use nix::libc;
use std::collections::HashMap;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a stopped process may keep a lock that shuts writers out.
pub const GRACE: Duration = Duration::from_secs(1);

/// How long a stopped reader may hold a read mark once the WAL is large.
pub const READER_GRACE: Duration = Duration::from_secs(30);

/// The WAL size from which the guard stops readers holding it back.
pub const WAL_LIMIT: u64 = 64 * 1024 * 1024;

/// How often the guard looks at the locks.
pub const POLL: Duration = Duration::from_millis(100);

/// `UNIX_SHM_BASE` in SQLite's os_unix.c: the WAL-index lock bytes start
/// here in `-shm` (8 of them), followed by the DMS byte.
const SHM_LOCKS: std::ops::RangeInclusive<i64> = 120..=128;
/// `PENDING_BYTE` (1 GiB): then the reserved byte and 510 shared bytes.
const PENDING_BYTE: i64 = 0x4000_0000;

/// A lock that shuts writers out, and the process holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: i32,
    /// The file (`zhucun.db` or `zhucun.db-shm`) and the first byte locked.
    pub file: PathBuf,
    pub start: i64,
}

/// What the guard did about one process.
#[derive(Debug, Clone)]
pub struct Killed {
    pub pid: i32,
    /// The owner's login (from /proc and the password database).
    pub account: String,
    /// The command line, for the log.
    pub command: String,
    /// How long it had been seen holding the lock.
    pub held: Duration,
    /// A reader holding back the WAL (not a writer holding the lock).
    pub reader: bool,
}

/// The WAL-index read-mark bytes in `-shm` (`WAL_READ_LOCK(0..5)`).
const READ_MARKS: std::ops::RangeInclusive<i64> = 123..=127;

fn shm_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", db.display()))
}

/// The size of `db`'s WAL file (0 when there is none).
pub fn wal_size(db: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    super::privilege::with_group_for(db, || std::fs::metadata(&wal))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Every process inside a read transaction on `db` (holding a read mark in
/// `-shm`), from /proc/locks (F_GETLK reports one holder, not all of them).
pub fn reader_holders(db: &Path) -> std::io::Result<Vec<i32>> {
    use std::os::unix::fs::MetadataExt;
    let shm = shm_of(db);
    let ino = match super::privilege::with_group_for(db, || std::fs::metadata(&shm)) {
        Ok(m) => m.ino(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    Ok(readers_in(&std::fs::read_to_string("/proc/locks")?, ino))
}

/// The pids of /proc/locks lines that are read locks on the read marks of
/// the file with inode `ino` ("1: POSIX  ADVISORY  READ 7860 fe:00:10035209
/// 123 123"; waiting locks, "->", are not held).
fn readers_in(locks: &str, ino: u64) -> Vec<i32> {
    let mut out = Vec::new();
    for line in locks.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 8 || f.get(1) == Some(&"->") || f[1] != "POSIX" || f[3] != "READ" {
            continue;
        }
        let inode = f[5].rsplit(':').next().and_then(|i| i.parse::<u64>().ok());
        let (start, end) = (f[6].parse::<i64>().ok(), f[7].parse::<i64>().ok());
        let (Some(inode), Some(start), Some(end)) = (inode, start, end) else {
            continue;
        };
        let overlaps = start <= *READ_MARKS.end() && end >= *READ_MARKS.start();
        if inode == ino
            && overlaps
            && let Ok(pid) = f[4].parse::<i32>()
            && !out.contains(&pid)
        {
            out.push(pid);
        }
    }
    out
}

/// Every process that holds an exclusive lock on `db`'s lock bytes, without
/// taking one. A missing file holds no lock.
pub fn exclusive_holders(db: &Path) -> std::io::Result<Vec<Holder>> {
    let shm = shm_of(db);
    let mut out = Vec::new();
    let shm_ranges: Vec<(i64, i64)> = SHM_LOCKS.map(|b| (b, 1)).collect();
    let db_ranges = [
        (PENDING_BYTE, 1),
        (PENDING_BYTE + 1, 1),
        (PENDING_BYTE + 2, 510),
    ];
    for (file, ranges) in [(&shm, &shm_ranges[..]), (&db.to_path_buf(), &db_ranges[..])] {
        let f = match super::privilege::with_group_for(db, || std::fs::File::open(file)) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for &(start, len) in ranges {
            if let Some(pid) = writer_lock_on(&f, start, len)?
                && !out.iter().any(|h: &Holder| h.pid == pid)
            {
                out.push(Holder {
                    pid,
                    file: file.clone(),
                    start,
                });
            }
        }
    }
    Ok(out)
}

/// The pid of a process holding a write (exclusive) lock overlapping
/// `start..start+len` of `f`: F_GETLK for a read lock conflicts only with
/// write locks, so shared locks are not reported.
fn writer_lock_on(f: &std::fs::File, start: i64, len: i64) -> std::io::Result<Option<i32>> {
    let mut fl = libc::flock {
        l_type: libc::F_RDLCK as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: start,
        l_len: len,
        l_pid: 0,
    };
    fcntl(f.as_fd(), FcntlArg::F_GETLK(&mut fl)).map_err(std::io::Error::from)?;
    Ok((i32::from(fl.l_type) != libc::F_UNLCK).then_some(fl.l_pid))
}

/// Whether `pid` is stopped (SIGSTOP, Ctrl-Z) or stopped under a tracer:
/// state `T` or `t` in /proc/PID/stat.
pub fn is_stopped(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rfind(')')
                .and_then(|i| s[i + 1..].trim_start().chars().next())
        })
        .is_some_and(|c| c == 'T' || c == 't')
}

fn owner_of(pid: i32) -> String {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata(format!("/proc/{pid}")) {
        Ok(m) => match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(m.uid())) {
            Ok(Some(u)) => u.name,
            _ => format!("uid{}", m.uid()),
        },
        Err(_) => "?".into(),
    }
}

fn command_of(pid: i32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| {
            b.split(|&c| c == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// The guard's memory between looks: since when each holder has been seen
/// holding a lock, continuously.
pub struct Guard {
    db: PathBuf,
    grace: Duration,
    since: HashMap<i32, Instant>,
    /// Readers: their grace, the WAL size from which it counts, and since
    /// when each has been seen holding a read mark.
    reader_grace: Duration,
    wal_limit: u64,
    reading: HashMap<i32, Instant>,
}

impl Guard {
    pub fn new(db: &Path, grace: Duration) -> Guard {
        Guard {
            db: db.to_path_buf(),
            grace,
            since: HashMap::new(),
            reader_grace: READER_GRACE,
            wal_limit: WAL_LIMIT,
            reading: HashMap::new(),
        }
    }

    /// Other bounds for stopped readers (tests).
    pub fn with_readers(mut self, grace: Duration, wal_limit: u64) -> Guard {
        self.reader_grace = grace;
        self.wal_limit = wal_limit;
        self
    }

    /// Kill every reader that is stopped, has held a read mark for at least
    /// the reader grace, while the WAL is at least the limit.
    fn check_readers(&mut self, now: Instant) -> std::io::Result<Vec<Killed>> {
        let readers = reader_holders(&self.db)?;
        self.reading.retain(|pid, _| readers.contains(pid));
        let mut killed = Vec::new();
        let large = wal_size(&self.db) >= self.wal_limit;
        for pid in readers {
            let first = *self.reading.entry(pid).or_insert(now);
            let held = now.duration_since(first);
            if !(large && held >= self.reader_grace && is_stopped(pid)) {
                continue;
            }
            let (account, command) = (owner_of(pid), command_of(pid));
            let still = |db: &Path| reader_holders(db).is_ok_and(|r| r.contains(&pid));
            if self.kill_if(pid, still)? {
                self.reading.remove(&pid);
                killed.push(Killed {
                    pid,
                    account,
                    command,
                    held,
                    reader: true,
                });
            }
        }
        Ok(killed)
    }

    /// One look at the locks: kills every holder that is stopped now and
    /// has been seen holding for at least the grace period. (Seen holding,
    /// whether running or stopped: a process stopped and continued in turn
    /// does not start its grace again.)
    pub fn check(&mut self) -> std::io::Result<Vec<Killed>> {
        let now = Instant::now();
        let holders = exclusive_holders(&self.db)?;
        self.since
            .retain(|pid, _| holders.iter().any(|h| h.pid == *pid));
        let mut killed = Vec::new();
        for h in &holders {
            let first = *self.since.entry(h.pid).or_insert(now);
            let held = now.duration_since(first);
            if held >= self.grace && is_stopped(h.pid) {
                let (account, command) = (owner_of(h.pid), command_of(h.pid));
                let still = |db: &Path| {
                    exclusive_holders(db).is_ok_and(|x| x.iter().any(|x| x.pid == h.pid))
                };
                match self.kill_if(h.pid, still) {
                    Ok(true) => {
                        self.since.remove(&h.pid);
                        killed.push(Killed {
                            pid: h.pid,
                            account,
                            command,
                            held,
                            reader: false,
                        });
                    }
                    Ok(false) => {}
                    Err(e) => {
                        return Err(std::io::Error::new(
                            e.kind(),
                            format!("cannot stop process {} of {account}: {e}", h.pid),
                        ));
                    }
                }
            }
        }
        killed.extend(self.check_readers(now)?);
        Ok(killed)
    }

    /// SIGKILL `pid` through a pidfd, after checking once more (through
    /// that pidfd, so a pid reused meanwhile is not hit) that it still
    /// holds its lock (`still`) and is stopped. False: it let go meanwhile.
    fn kill_if(&self, pid: i32, still: impl Fn(&Path) -> bool) -> std::io::Result<bool> {
        let Some(p) = rustix::process::Pid::from_raw(pid) else {
            return Ok(false);
        };
        let fd = match rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty()) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::SRCH) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        if !(still(&self.db) && is_stopped(pid)) {
            return Ok(false);
        }
        match rustix::process::pidfd_send_signal(&fd, rustix::process::Signal::KILL) {
            Ok(()) => Ok(true),
            Err(rustix::io::Errno::SRCH) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// The pid of a running `zhucun ... guard` process that watches `db` (its
/// `--db` names the same file; one without `--db` counts too, its database
/// cannot be told), from /proc (for `zhucun doctor`).
pub fn guard_process(db: &Path) -> Option<i32> {
    let same = |other: &str| {
        let canon = |p: &Path| {
            super::privilege::dir_of(p)
                .and_then(|d| d.canonicalize().ok())
                .zip(p.file_name().map(|n| n.to_os_string()))
        };
        canon(Path::new(other)).is_some_and(|o| Some(o) == canon(db))
    };
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: i32 = e.file_name().to_str()?.parse().ok()?;
        let raw = std::fs::read(e.path().join("cmdline")).ok()?;
        let args: Vec<String> = raw
            .split(|&c| c == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let is_zhucun = args
            .first()
            .is_some_and(|a| Path::new(a).file_name().is_some_and(|n| n == "zhucun"));
        if !is_zhucun || !args.iter().skip(1).any(|a| a == "guard") {
            return None;
        }
        let named = args.iter().enumerate().find_map(|(i, a)| {
            if a == "--db" {
                args.get(i + 1).cloned()
            } else {
                a.strip_prefix("--db=").map(str::to_string)
            }
        });
        named.is_none_or(|d| same(&d)).then_some(pid)
    })
}

impl super::Store {
    /// Audit a kill by the lock guard (administrators: the guard runs as
    /// root, an administrator from `init`): a refused attempt of the killed
    /// process's account, so `zhucun audit --account` shows it with the
    /// account's other attempts; the row names the guard's account.
    pub fn audit_stopped_writer(&mut self, k: &Killed) -> super::Result<()> {
        self.authorize(super::Need::Admin, None, "audit")?;
        let record = format!("process {}", k.pid);
        let text = format!(
            "killed by the lock guard ({}): stopped while holding the write lock for {} ms; its write was undone; {}",
            self.actor.account,
            k.held.as_millis(),
            k.command
        );
        let account = k.account.clone();
        self.write(|tx, now| {
            super::audit::append(
                tx,
                &super::audit::AuditEntry {
                    at: now,
                    account: &account,
                    action: super::AuditAction::StoppedWriter,
                    record: &record,
                    old: None,
                    new: Some(&text),
                    outcome: super::Outcome::Refused,
                },
            )
        })
    }
}

/// Watch `db` until `keep_going` says stop, reporting each kill.
pub fn run(
    db: &Path,
    grace: Duration,
    mut keep_going: impl FnMut() -> bool,
    mut report: impl FnMut(std::io::Result<Killed>),
) {
    let mut guard = Guard::new(db, grace);
    while keep_going() {
        match guard.check() {
            Ok(killed) => killed.into_iter().for_each(|k| report(Ok(k))),
            Err(e) => report(Err(e)),
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_holders_without_files_or_locks() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("g.db");
        assert!(exclusive_holders(&db).unwrap().is_empty());
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        // A reader in another process would hold shared locks only; this
        // process's own locks are never reported to itself (POSIX locks).
        assert!(exclusive_holders(&db).unwrap().is_empty());
    }

    #[test]
    fn readers_are_read_locks_on_the_read_marks_of_that_file() {
        let locks = "1: POSIX  ADVISORY  READ 7860 fe:00:42 128 128
2: POSIX  ADVISORY  READ 7861 fe:00:42 124 124
3: POSIX  ADVISORY  WRITE 7862 fe:00:42 120 120
4: POSIX  ADVISORY  READ 7863 fe:00:43 124 124
5: POSIX  ADVISORY  READ 7864 fe:00:42 123 127
5: -> POSIX  ADVISORY  READ 7865 fe:00:42 125 125
6: FLOCK  ADVISORY  READ 7866 fe:00:42 0 EOF
";
        assert_eq!(readers_in(locks, 42), vec![7861, 7864]);
    }

    #[test]
    fn this_process_is_not_stopped() {
        assert!(!is_stopped(std::process::id() as i32));
        assert!(!is_stopped(-1));
    }
}
