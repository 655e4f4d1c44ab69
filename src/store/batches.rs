//! Large imports in bounded batches, all or nothing for readers (issue 15,
//! item 5; schema version 10, `db/migrations/0015_batches.sql`).
//!
//! A teams import of more than [`BATCH_ROWS`] new postings is written in many
//! short `BEGIN IMMEDIATE` transactions of at most [`BATCH_ROWS`] rows or
//! [`BATCH_TIME`], with a pause of [`GAP`] between them (longer than a
//! waiting writer's busy poll, so the lock goes to it), every row marked with
//! the import's `import_batch` id. The rows stay invisible — every query
//! that reads postings filters with [`VISIBLE`] — until one final
//! transaction applies the import's updates to existing rows, its summary
//! audit row and the one-row update that makes the batch visible: bounded by
//! the number of updated rows, never by the number of added ones.
//!
//! A batch whose process is gone (SIGKILL, a crash, a power cut) or that
//! has not written for [`ABANDON_AFTER`] is abandoned: its rows, and the
//! cadres and dispatching units only they used, are deleted a few thousand
//! per transaction at the next open, the next import, or `zhucun doctor`.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::{Result, audit};
use std::time::Duration;

/// The condition that leaves out postings of batches not (yet) visible, for
/// queries on `team_member` without an alias.
pub(crate) const VISIBLE: &str =
    "(batch IS NULL OR batch NOT IN (SELECT id FROM import_batch WHERE state <> 'visible'))";

/// [`VISIBLE`] for queries that name `team_member` `t`.
pub(crate) const VISIBLE_T: &str =
    "(t.batch IS NULL OR t.batch NOT IN (SELECT id FROM import_batch WHERE state <> 'visible'))";

/// At most this many rows are written in one transaction of a batched
/// import; an import that adds no more is written in one transaction.
pub const BATCH_ROWS: usize = 5_000;

/// A batch ends once it has written for this long (a slow disk or a loaded
/// machine writes fewer rows per transaction, not longer transactions).
pub const BATCH_TIME: Duration = Duration::from_millis(100);

/// The pause between two batches: longer than a waiting writer's busy poll
/// (0.2-2 ms, `store::busy`), so a waiting writer gets the lock.
pub const GAP: Duration = Duration::from_millis(3);

/// A batch that has not written for this long is abandoned even if its
/// process still exists (stopped, say): were it continued, its next batch
/// fails and nothing of it is visible.
pub const ABANDON_AFTER: Duration = Duration::from_secs(600);

/// A batch not yet visible (for `zhucun doctor`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenBatch {
    pub id: i64,
    pub label: String,
    pub account: String,
    pub pid: i64,
    pub started_at: String,
    pub rows: i64,
    /// 'writing' or 'abandoned'.
    pub state: String,
    /// Whether its process is gone or it has not written for long.
    pub dead: bool,
}

/// Field 22 of /proc/PID/stat: the process's start time in clock ticks
/// since boot (a pid reused later has another).
pub(crate) fn proc_start(pid: i64) -> Option<i64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &s[s.rfind(')')? + 1..];
    // After the command: field 3 (state) is the first; 22 is the 20th.
    rest.split_whitespace().nth(19)?.parse().ok()
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn is_dead(pid: i64, start: i64, touched_ms: i64) -> bool {
    let gone = proc_start(pid) != Some(start);
    let idle = now_ms().saturating_sub(touched_ms) > ABANDON_AFTER.as_millis() as i64;
    gone || idle
}

/// Open a batch for an import of `kind` named `label` by `by`: returns its id.
pub(crate) fn open(
    tx: &rusqlite::Transaction,
    (kind, label, by, now): (&str, &str, &str, &str),
) -> Result<i64> {
    let pid = i64::from(std::process::id());
    let start = proc_start(pid).unwrap_or(0);
    let next = |table: &str| -> Result<i64> {
        Ok(tx.query_row(
            &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            [],
            |r| r.get(0),
        )?)
    };
    let (m, c, u) = (next("team_member")?, next("cadre")?, next("dispatch_unit")?);
    tx.execute(
        "INSERT INTO import_batch(kind, label, account, pid, proc_start, started_at, touched_ms,
                                  first_member, first_cadre, first_unit, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'writing')",
        (kind, label, by, pid, start, now, now_ms(), m, c, u),
    )?;
    Ok(tx.last_insert_rowid())
}

/// At the start of each batch: the batch is still being written (nobody
/// abandoned it meanwhile); records the rows written so far.
pub(crate) fn touch(tx: &rusqlite::Transaction, id: i64, rows: usize) -> Result<()> {
    let n = tx
        .prepare_cached(
            "UPDATE import_batch SET touched_ms = ?2, rows = ?3 WHERE id = ?1 AND state = 'writing'",
        )?
        .execute((id, now_ms(), rows as i64))?;
    if n != 1 {
        return Err(super::StoreError::invalid(
            "import",
            super::Detail::ChangedMeanwhile(format!("import batch {id}")),
        ));
    }
    Ok(())
}

/// The final step: the batch becomes visible (one row).
pub(crate) fn make_visible(
    tx: &rusqlite::Transaction,
    id: i64,
    rows: usize,
    now: &str,
) -> Result<()> {
    let n = tx
        .prepare_cached(
            "UPDATE import_batch SET state = 'visible', rows = ?2, ended_at = ?3, touched_ms = ?4
             WHERE id = ?1 AND state = 'writing'",
        )?
        .execute((id, rows as i64, now, now_ms()))?;
    if n != 1 {
        return Err(super::StoreError::invalid(
            "import",
            super::Detail::ChangedMeanwhile(format!("import batch {id}")),
        ));
    }
    Ok(())
}

struct Leftover {
    id: i64,
    first_member: i64,
    first_cadre: i64,
    first_unit: i64,
}

impl super::Store {
    /// Batches not yet visible, oldest first.
    pub fn open_batches(&self) -> Result<Vec<OpenBatch>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, label, account, pid, proc_start, started_at, touched_ms, rows, state
             FROM import_batch WHERE state <> 'visible' ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            let (pid, start, touched): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(6)?);
            let state: String = r.get(8)?;
            Ok(OpenBatch {
                id: r.get(0)?,
                label: r.get(1)?,
                account: r.get(2)?,
                pid,
                started_at: r.get(5)?,
                rows: r.get(7)?,
                dead: state == "abandoned" || is_dead(pid, start, touched),
                state,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Abandon every batch whose process is gone and delete the rows of
    /// every abandoned batch, [`BATCH_ROWS`] per transaction; returns the
    /// rows deleted. Each batch abandoned is one audit row (under the
    /// importing account, naming who cleaned up).
    pub fn clean_abandoned_imports(&mut self) -> Result<u64> {
        let open = self.open_batches()?;
        let mut removed = 0;
        for b in open.iter().filter(|b| b.dead) {
            if b.state == "writing" {
                self.abandon(b)?;
            }
            removed += self.delete_leftovers(b.id)?;
        }
        Ok(removed)
    }

    /// Mark a batch abandoned (nothing of it was or will be visible), audited.
    fn abandon(&mut self, b: &OpenBatch) -> Result<()> {
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let n = tx.execute(
                "UPDATE import_batch SET state = 'abandoned', ended_at = ?2 WHERE id = ?1 AND state = 'writing'",
                (b.id, now),
            )?;
            if n == 1 {
                let text = format!(
                    "unfinished import (process {} gone or idle), {} rows written, none visible; removed by {by}",
                    b.pid, b.rows
                );
                audit::append(tx, &AuditEntry { at: now, account: &b.account, action: AuditAction::ImportAbandoned, record: &format!("import/{}", b.label), old: None, new: Some(&text), outcome: Outcome::Failed })?;
            }
            Ok(())
        })
    }

    /// Abandon this process's own batch `id` after its import failed.
    pub(crate) fn abandon_own(&mut self, id: i64) -> Result<u64> {
        let own = self.open_batches()?.into_iter().find(|b| b.id == id);
        let Some(b) = own else { return Ok(0) };
        if b.state == "writing" {
            self.abandon(&b)?;
        }
        self.delete_leftovers(id)
    }

    fn delete_leftovers(&mut self, id: i64) -> Result<u64> {
        let b: Leftover = self.conn.query_row(
            "SELECT id, first_member, first_cadre, first_unit FROM import_batch WHERE id = ?1",
            [id],
            |r| {
                Ok(Leftover {
                    id: r.get(0)?,
                    first_member: r.get(1)?,
                    first_cadre: r.get(2)?,
                    first_unit: r.get(3)?,
                })
            },
        )?;
        let mut removed = 0u64;
        // The rows of an abandoned batch were never visible, so nothing
        // refers to them: foreign keys off, as when they were written.
        loop {
            let n = self.write_checked_keys(|tx, _| {
                Ok(tx
                    .prepare_cached(
                        "DELETE FROM team_member WHERE id IN (
                         SELECT id FROM team_member WHERE id >= ?1 AND batch = ?2 LIMIT ?3)",
                    )?
                    .execute((b.first_member, b.id, BATCH_ROWS as i64))?)
            })?;
            removed += n as u64;
            if n == 0 {
                break;
            }
            std::thread::sleep(GAP);
        }
        self.delete_orphans(&b)?;
        self.write(|tx, _| {
            tx.execute("UPDATE import_batch SET rows = 0 WHERE id = ?1", [b.id])?;
            Ok(())
        })?;
        Ok(removed)
    }

    /// Cadres made by the batch that no posting names, then units no cadre
    /// names, range by range; foreign keys on, so one referred to from
    /// elsewhere stays (its range is left as it is).
    fn delete_orphans(&mut self, b: &Leftover) -> Result<()> {
        let top: i64 = self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM cadre", [], |r| r.get(0))?;
        let mut lo = b.first_cadre;
        while lo <= top {
            let hi = lo + BATCH_ROWS as i64;
            let r = self.write(|tx, _| {
                Ok(tx
                    .prepare_cached(
                        "DELETE FROM cadre WHERE id >= ?1 AND id < ?2
                         AND NOT EXISTS (SELECT 1 FROM team_member t WHERE t.cadre = cadre.id)",
                    )?
                    .execute((lo, hi))?)
            });
            match r {
                Ok(_) | Err(super::StoreError::Sql(_)) => {}
                Err(e) => return Err(e),
            }
            lo = hi;
        }
        let r = self.write(|tx, _| {
            Ok(tx.execute(
                "DELETE FROM dispatch_unit WHERE id >= ?1 AND id NOT IN (SELECT unit FROM cadre)",
                [b.first_unit],
            )?)
        });
        match r {
            Ok(_) | Err(super::StoreError::Sql(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_start_time_and_a_dead_one_none() {
        let me = i64::from(std::process::id());
        let start = proc_start(me).unwrap();
        assert!(!is_dead(me, start, now_ms()));
        assert!(
            is_dead(me, start + 1, now_ms()),
            "another start: a reused pid"
        );
        assert!(is_dead(me, start, now_ms() - 601_000), "idle for long");
        assert_eq!(proc_start(-1), None);
    }
}
