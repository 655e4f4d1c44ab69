//! Completion records: reading a village's checklist and recording status,
//! with version checks, audit rows and rollup updates in one transaction.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::{Need, authorize};
use super::{Detail, Result, StoreError, audit, rollup};
use crate::domain::text::{self, NOTE_MAX_CHARS};
use crate::domain::{DisplayStatus, DivisionCode, Period, Status, Task};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};

/// A stored completion record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Completion {
    pub status: Status,
    pub note: String,
    pub done_on: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub version: i64,
    pub catalogue_version: u32,
}

/// One line of a village's checklist: a task, the period it is due in for the
/// day viewed, and its record (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistRow {
    pub task: Task,
    pub period: Period,
    pub record: Option<Completion>,
    pub display: DisplayStatus,
}

impl ChecklistRow {
    pub fn status(&self) -> Status {
        self.record.as_ref().map(|r| r.status).unwrap_or_default()
    }

    /// The version this row was read at (0: no record yet).
    pub fn version(&self) -> i64 {
        self.record.as_ref().map(|r| r.version).unwrap_or(0)
    }
}

/// A request to set a task's status for a village and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordInput {
    pub village: DivisionCode,
    pub task: u32,
    pub period: Period,
    pub status: Status,
    /// None keeps the existing note.
    pub note: Option<String>,
    /// None: today when the status is done, else unchanged.
    pub done_on: Option<NaiveDate>,
    /// The version the person read (0 = no record). None: apply to whatever
    /// is current (scripts), still inside one immediate transaction.
    pub expected_version: Option<i64>,
}

pub fn record_key(village: &DivisionCode, task: u32, period: Period) -> String {
    format!("completion/{village}/{task}/{period}")
}

fn describe(status: Status, note: &str) -> String {
    if note.is_empty() {
        status.key().to_string()
    } else {
        format!("{}: {note}", status.key())
    }
}

pub(crate) fn read(
    conn: &rusqlite::Connection,
    village: &str,
    task: u32,
    period: &str,
) -> Result<Option<Completion>> {
    Ok(conn
        .prepare_cached(
            "SELECT status, note, done_on, recorded_by, recorded_at, version, catalogue_version
             FROM completion WHERE village = ?1 AND task = ?2 AND period = ?3",
        )?
        .query_row((village, task, period), map_completion)
        .optional()?)
}

/// `c` with its commit time shown in `zone` (rows written before the
/// installation had one zone carry another offset).
pub(crate) fn in_zone(zone: chrono_tz::Tz, mut c: Completion) -> Completion {
    c.recorded_at = crate::domain::clock::in_zone(zone, &c.recorded_at);
    c
}

pub(crate) fn map_completion(r: &rusqlite::Row) -> rusqlite::Result<Completion> {
    let status: String = r.get(0)?;
    let done_on: Option<String> = r.get(2)?;
    Ok(Completion {
        status: Status::from_key(&status).unwrap_or_default(),
        note: r.get(1)?,
        done_on: done_on.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        recorded_by: r.get(3)?,
        recorded_at: r.get(4)?,
        version: r.get(5)?,
        catalogue_version: r.get(6)?,
    })
}

/// One completion row to write: the record, who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionWrite<'a> {
    pub village: &'a DivisionCode,
    pub task: u32,
    pub period: Period,
    pub status: Status,
    pub note: String,
    pub done_on: Option<NaiveDate>,
    pub by: &'a str,
    /// The commit time (`recorded_at`).
    pub at: &'a str,
}

/// Write one completion row inside `tx` and move its rollup counts (no
/// permission or version check: the caller has done both).
pub(crate) fn upsert(
    tx: &Transaction,
    w: CompletionWrite<'_>,
    old: Option<&Completion>,
    catalogue_version: u32,
) -> Result<Completion> {
    let old_status = old.map(|o| o.status).unwrap_or_default();
    let (village, period, status) = (w.village, w.period, w.status);
    let rec = write_row(tx, w, old, catalogue_version)?;
    rollup::apply(tx, village, period, old_status, status)?;
    Ok(rec)
}

/// Write the completion row only; the caller keeps the rollups in step.
pub(crate) fn write_row(
    tx: &Transaction,
    w: CompletionWrite<'_>,
    old: Option<&Completion>,
    catalogue_version: u32,
) -> Result<Completion> {
    let CompletionWrite {
        village,
        task,
        period,
        status,
        note,
        done_on,
        by,
        at: now,
    } = w;
    let version = old.map(|o| o.version).unwrap_or(0) + 1;
    tx.prepare_cached(
        "INSERT INTO completion(village, task, period, status, note, done_on, recorded_by, recorded_at, version, catalogue_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(village, task, period) DO UPDATE SET
           status = excluded.status, note = excluded.note, done_on = excluded.done_on,
           recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at,
           version = excluded.version, catalogue_version = excluded.catalogue_version",
    )?
    .execute((
        village.as_str(),
        task,
        period.to_string(),
        status.key(),
        &note,
        done_on.map(|d| d.to_string()),
        by,
        now,
        version,
        catalogue_version,
    ))?;
    Ok(Completion {
        status,
        note,
        done_on,
        recorded_by: by.to_string(),
        recorded_at: now.to_string(),
        version,
        catalogue_version,
    })
}

impl super::Store {
    /// The 25 tasks of `village` for the periods containing `day`.
    pub fn checklist(&self, village: &DivisionCode, day: NaiveDate) -> Result<Vec<ChecklistRow>> {
        self.check_read(village, &format!("checklist/{village}"))?;
        let mut st = self.conn.prepare_cached(
            "SELECT status, note, done_on, recorded_by, recorded_at, version, catalogue_version, task, period
             FROM completion WHERE village = ?1 AND period IN (?2, ?3, ?4)",
        )?;
        let kinds = [
            crate::domain::PeriodKind::Month,
            crate::domain::PeriodKind::Quarter,
            crate::domain::PeriodKind::Year,
        ];
        let ps: Vec<String> = kinds
            .iter()
            .map(|k| Period::containing(*k, day).to_string())
            .collect();
        let mut found: Vec<(u32, String, Completion)> = st
            .query_map((village.as_str(), &ps[0], &ps[1], &ps[2]), |r| {
                // The record's columns come first, as map_completion reads them.
                Ok((r.get(7)?, r.get(8)?, map_completion(r)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let today = self.today;
        Ok(self
            .catalogue
            .tasks
            .iter()
            .map(|t| {
                let period = t.cadence.period_for(day);
                let key = period.to_string();
                let record = found
                    .iter()
                    .position(|(n, p, _)| *n == t.number && *p == key)
                    .map(|i| in_zone(self.zone(), found.swap_remove(i).2));
                let status = record.as_ref().map(|r| r.status).unwrap_or_default();
                let done_on = record.as_ref().and_then(|r| r.done_on);
                ChecklistRow {
                    task: t.clone(),
                    period,
                    display: DisplayStatus::of_record(status, done_on, period, today),
                    record,
                }
            })
            .collect())
    }

    /// The current record of one task (None: nothing recorded).
    pub fn completion(
        &self,
        village: &DivisionCode,
        task: u32,
        period: Period,
    ) -> Result<Option<Completion>> {
        self.check_read(village, &record_key(village, task, period))?;
        Ok(
            read(&self.conn, village.as_str(), task, &period.to_string())?
                .map(|c| in_zone(self.zone(), c)),
        )
    }

    /// Validate a request without touching the database: known village and
    /// task, a period of the task's kind, a note within the limit.
    fn validate(&self, input: &RecordInput) -> Result<(String, u32)> {
        self.village(&input.village)?;
        let n = self.catalogue.tasks.len();
        let task = self.catalogue.task(input.task).ok_or_else(|| {
            StoreError::invalid(
                "--task",
                Detail::NoTask {
                    n: input.task,
                    max: n,
                },
            )
        })?;
        let want = task.cadence.period_kind();
        if input.period.kind() != want {
            let example = input.period.with_kind(want);
            return Err(StoreError::invalid(
                "--period",
                Detail::WrongCadence {
                    task: task.number,
                    cadence: task.cadence,
                    want,
                    example,
                    given: input.period,
                },
            ));
        }
        let limits = self.record_limits();
        match (input.status, input.done_on) {
            (Status::Done, Some(d)) => limits.check_done_on(input.period, d)?,
            _ => limits.check_period(input.period)?,
        }
        let note = input
            .note
            .as_deref()
            .map(|n| text::sanitize(n, false))
            .unwrap_or_default();
        let chars = note.chars().count();
        if chars > NOTE_MAX_CHARS {
            return Err(StoreError::invalid(
                "--note",
                Detail::NoteTooLong {
                    chars,
                    max: NOTE_MAX_CHARS,
                },
            ));
        }
        Ok((note, task.number))
    }

    /// Record a status (and note) for a village, task and period.
    pub fn record(&mut self, input: &RecordInput) -> Result<Completion> {
        self.record_as(input, Outcome::Ok)
    }

    /// "Keep mine" after a conflict: write `input` over the change that
    /// made it conflict, which the person has now seen (`theirs`: the
    /// version of that change). Audited as `overrode`, so the history shows
    /// that a change was written over knowingly. A change newer than
    /// `theirs` is again a conflict.
    pub fn record_overriding(&mut self, input: &RecordInput, theirs: i64) -> Result<Completion> {
        let input = RecordInput {
            expected_version: Some(theirs),
            ..input.clone()
        };
        self.record_as(&input, Outcome::Overrode)
    }

    fn record_as(&mut self, input: &RecordInput, done: Outcome) -> Result<Completion> {
        let key = record_key(&input.village, input.task, input.period);
        authorize(
            &self.conn,
            &self.actor.account,
            Need::Record,
            Some(&input.village),
            &key,
        )?;
        let (note, task) = self.validate(input)?;
        let by = self.actor.account.clone();
        let today = self.today;
        let zone = self.zone();
        let cat_version = self.catalogue.version;
        self.write(|tx, now| {
            let old = read(tx, input.village.as_str(), task, &input.period.to_string())?;
            let current_version = old.as_ref().map(|o| o.version).unwrap_or(0);
            let new_note = if input.note.is_some() {
                note.clone()
            } else {
                old.as_ref().map(|o| o.note.clone()).unwrap_or_default()
            };
            let old_text = old.as_ref().map(|o| describe(o.status, &o.note));
            let new_text = describe(input.status, &new_note);
            // A version other than the current one means a row exists (rows are
            // never deleted), so `old` is always there for a conflict.
            if let Some(expected) = input.expected_version
                && expected != current_version
                && let Some(o) = old.as_ref()
            {
                audit::append(
                    tx,
                    &AuditEntry {
                        at: now,
                        account: &by,
                        action: AuditAction::Record,
                        record: &key,
                        old: old_text.as_deref(),
                        new: Some(&new_text),
                        outcome: Outcome::Conflict,
                    },
                )?;
                return Ok(Err(StoreError::Conflict {
                    by: o.recorded_by.clone(),
                    at: crate::domain::clock::in_zone(zone, &o.recorded_at),
                    status: o.status.key().into(),
                    note: if o.note.is_empty() {
                        String::new()
                    } else {
                        format!(", note \"{}\"", o.note)
                    },
                    version: o.version,
                }));
            }
            let done_on = match input.status {
                Status::Done => input
                    .done_on
                    .or(old.as_ref().and_then(|o| o.done_on))
                    .or(Some(today)),
                _ => None,
            };
            let write = CompletionWrite {
                village: &input.village,
                task,
                period: input.period,
                status: input.status,
                note: new_note,
                done_on,
                by: &by,
                at: now,
            };
            let rec = upsert(tx, write, old.as_ref(), cat_version)?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Record,
                    record: &key,
                    old: old_text.as_deref(),
                    new: Some(&new_text),
                    outcome: done,
                },
            )?;
            Ok(Ok(rec))
        })?
    }
}
