//! The terminal UI under someone else's write lock (a second connection
//! holding `BEGIN IMMEDIATE`): writes wait off the event loop, keys typed
//! meanwhile never write another row, and a hang-up keeps the note.

use crate::common::pty;

use pty::{DOWN, Session, demo_copy, open_first_village_of_duyun};
use std::path::Path;
use std::time::Duration;

const VILLAGE: &str = "522701001001";

fn records(db: &Path) -> Vec<(i64, String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT task, period, status FROM completion WHERE village = ?1 ORDER BY task, period",
        )
        .unwrap();
    st.query_map([VILLAGE], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Hold the write lock from a second connection until dropped.
struct Lock(rusqlite::Connection);

impl Lock {
    fn take(db: &Path) -> Lock {
        let c = rusqlite::Connection::open(db).unwrap();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        Lock(c)
    }

    fn release(self) {
        self.0.execute_batch("ROLLBACK").unwrap();
    }
}

#[test]
fn marking_done_under_a_lock_stays_live_and_writes_only_that_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let before = records(&db);
    let mut s = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut s);
    // Task 4 (三会一课) is still open in the demo for this community.
    s.send(&DOWN.repeat(3));
    let lock = Lock::take(&db);
    s.send("x");
    s.wait_for("保存中…", 5);
    // The screen stays live: j moves the selection, x on another row
    // does nothing and says so.
    s.send("j");
    s.send("x");
    s.wait_for("这次按键没有执行", 5);
    // The help opening after them says the keys before it were read while
    // the lock was still held (keys are handled in order); only then is the
    // lock let go, so the second x cannot land after the first write ended.
    s.send("jx?");
    s.wait_for("帮助：按键", 10);
    s.send("\x1b");
    s.wait_until("the help closed", 10, |f| !f.contains("帮助：按键"));
    lock.release();
    s.wait_for("已标记完成", 15);
    let after = records(&db);
    let changed: Vec<i64> = after
        .iter()
        .filter(|r| !before.contains(r))
        .map(|r| r.0)
        .collect();
    assert_eq!(changed, vec![4], "only task 4 was written");
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}

#[test]
fn a_hang_up_under_a_lock_keeps_the_note_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut s);
    s.send(&DOWN.repeat(3));
    s.send("e");
    s.wait_for("字", 5);
    s.send("锁住时断线的备注");
    s.wait_for("锁住时断线的备注", 5);
    let lock = Lock::take(&db);
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.pid()),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    let took = s
        .wait_exit(Duration::from_secs(3))
        .expect("still running 3 s after SIGHUP");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    lock.release();
    drop(s);
    // The next start takes the draft in and offers it.
    let mut again = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut again);
    again.send(&DOWN.repeat(3));
    again.send("e");
    again.wait_for("锁住时断线的备注", 10);
    // Ctrl-C quits from anywhere, the note editor included.
    again.send("\x03");
    assert!(again.wait_exit(Duration::from_secs(5)).is_some());
}

/// The process state letter of `pid` (`T` when stopped).
fn state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = stat.rsplit(')').next().unwrap().trim_start();
    after.chars().next().unwrap()
}

/// Ctrl-Z while a write waits for someone else's lock: the session stays
/// live until the write is done (the lock guard kills a process stopped
/// while it holds the write lock, and its write with it), then stops.
#[test]
fn ctrl_z_during_a_write_stops_only_once_it_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut s);
    s.send(&DOWN.repeat(3));
    let lock = Lock::take(&db);
    s.send("x");
    s.wait_for("保存中…", 5);
    s.send("\x1a");
    // Not stopped: the help still opens.
    s.send("?");
    s.wait_for("帮助：按键", 10);
    assert_ne!(state(s.pid()), 'T', "stopped while its write was under way");
    lock.release();
    let t0 = std::time::Instant::now();
    while state(s.pid()) != 'T' {
        assert!(t0.elapsed().as_secs() < 15, "never suspended");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Stopped only after the write: task 4 is done in the database.
    assert!(
        records(&db).iter().any(|r| r.0 == 4 && r.2 == "done"),
        "{:?}",
        records(&db)
    );
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.pid()),
        nix::sys::signal::Signal::SIGCONT,
    )
    .unwrap();
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(10)).is_some());
}
