//! An upper bound on how long any one write transaction may run while it
//! holds the write lock: [`WRITE_BOUND`] below administrator,
//! [`ADMIN_WRITE_BOUND`] for administrators. A watchdog thread interrupts
//! the running statement when the bound passes, and the whole transaction is
//! rolled back (all or nothing). Coordinators' imports are limited in size
//! (`transfer::import::MAX_ROWS`) so that a real one never comes near it;
//! large teams imports are written in batches of at most
//! `store::batches::BATCH_ROWS` rows or `BATCH_TIME` (store::batches), so
//! theirs never does either. The one write not bounded is the set-up load
//! of a database this very process has just created (`init --demo`):
//! nobody else has opened it yet.
//!
//! A process stopped with SIGSTOP runs no statement and no watchdog: that
//! case is not bounded by anything inside the process; the lock guard
//! (`store::guard`, `zhucun guard`) bounds it from outside.

use super::StoreError;
use rusqlite::Connection;
use std::sync::mpsc;
use std::time::Duration;

/// How long one write of a role below administrator may hold the lock.
pub const WRITE_BOUND: Duration = Duration::from_secs(2);

/// How long one write of an administrator may hold the lock: below
/// `BUSY_TIMEOUT` (10 s), so another writer waiting for it is never refused
/// as busy. What still runs as one transaction (village and division files,
/// guidance, users) fits with room to spare up to several hundred thousand
/// rows; a larger file fails as a whole, nothing written, with "split it".
pub const ADMIN_WRITE_BOUND: Duration = Duration::from_secs(5);

/// Interrupts `conn`'s running statement once the bound passes; dropped
/// (joined) when the write ends, so it never reaches a later statement.
pub(crate) struct Watchdog {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

pub(crate) fn watch(conn: &Connection, limit: Duration) -> Watchdog {
    let handle = conn.get_interrupt_handle();
    let (stop, rx) = mpsc::channel::<()>();
    // Once the bound has passed, interrupt again every millisecond until the
    // write ends: an interrupt that lands between two statements is a no-op
    // (SQLite clears it when the next statement starts), and a write may be
    // many short statements (a bulk load) rather than one long one.
    let thread = std::thread::spawn(move || {
        let mut wait = limit;
        while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(wait) {
            handle.interrupt();
            wait = Duration::from_millis(1);
        }
    });
    Watchdog {
        stop: Some(stop),
        thread: Some(thread),
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An interrupted statement of a bounded write is [`StoreError::TooLong`].
pub(crate) fn explain(e: StoreError, limit: Option<Duration>) -> StoreError {
    match (&e, limit) {
        (StoreError::Sql(s), Some(l))
            if s.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
        {
            StoreError::TooLong {
                ms: l.as_millis() as u64,
            }
        }
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Catalogue, DivisionCode, UserRole};
    use crate::store::{Store, StoreError};

    #[test]
    fn a_write_over_the_bound_is_undone() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("b.db");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut s = Store::create(&db, &Catalogue::builtin(), today).unwrap();
        let code = DivisionCode::parse("522700").unwrap();
        s.add_divisions(&[(code.clone(), "州".into(), vec![])])
            .unwrap();
        s.set_user("t", UserRole::Viewer, Some(&code)).unwrap();
        s.set_account_for_tests("t").unwrap();
        s.write_bound = std::time::Duration::from_millis(50);
        let before: i64 = s
            .conn
            .query_row("SELECT count(*) FROM meta", [], |r| r.get(0))
            .unwrap();
        // A statement that never ends by itself: only the bound stops it.
        let e = s.write(|tx, _| {
            tx.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')", [])?;
            tx.query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                [],
                |r| r.get::<_, i64>(0),
            )?;
            Ok(())
        });
        assert!(matches!(e, Err(StoreError::TooLong { ms: 50 })), "{e:?}");
        let after: i64 = s
            .conn
            .query_row("SELECT count(*) FROM meta", [], |r| r.get(0))
            .unwrap();
        assert_eq!(before, after, "all or nothing");
    }

    #[test]
    fn the_bound_starts_when_the_lock_is_had() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("w.db");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut s = Store::create(&db, &Catalogue::builtin(), today).unwrap();
        let code = DivisionCode::parse("522700").unwrap();
        s.add_divisions(&[(code.clone(), "州".into(), vec![])])
            .unwrap();
        s.set_user("t", UserRole::Viewer, Some(&code)).unwrap();
        s.set_account_for_tests("t").unwrap();
        s.write_bound = std::time::Duration::from_millis(50);
        // Another connection holds the write lock for several bounds while
        // this one waits for it in the busy handler.
        let other = rusqlite::Connection::open(&db).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer = std::thread::spawn(move || {
            tx.send(()).unwrap();
            // Once it has the lock: a statement far longer than the bound
            // (finite, so a missing bound fails the test instead of hanging it).
            s.write(|tx, _| {
                tx.execute("INSERT INTO meta(key, value) VALUES ('w', 'v')", [])?;
                tx.query_row(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c",
                    [],
                    |r| r.get::<_, i64>(0),
                )?;
                Ok(())
            })
        });
        rx.recv().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
        let r = writer.join().unwrap();
        // Waiting did not use up the bound, and holding the lock is bounded.
        assert!(matches!(r, Err(StoreError::TooLong { ms: 50 })), "{r:?}");
        let n: i64 = other
            .query_row("SELECT count(*) FROM meta WHERE key = 'w'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 0, "all or nothing");
    }
}
