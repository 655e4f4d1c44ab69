//! A task's records for one village over its last periods (the task
//! detail's history across periods), read through the scope check.

use super::completion::{Completion, in_zone, map_completion};
use super::{Result, StoreError};
use crate::domain::{DisplayStatus, DivisionCode, Period};

/// How many periods the task detail lists.
pub const HISTORY_PERIODS: usize = 12;

/// One period of a task's history: its record, if any, and how it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRecord {
    pub period: Period,
    pub record: Option<Completion>,
    pub display: DisplayStatus,
}

impl super::Store {
    /// The records of `task` for `village` in `upto` and the periods before
    /// it (at most `n`, of the task's cadence, none before the tracking
    /// start), newest first.
    pub fn task_history(
        &self,
        village: &DivisionCode,
        task: u32,
        upto: Period,
        n: usize,
    ) -> Result<Vec<PeriodRecord>> {
        self.check_read(village, &format!("history/{village}/{task}"))?;
        let cadence = self
            .catalogue
            .task(task)
            .map(|t| t.cadence)
            .ok_or_else(|| StoreError::invalid("task", format!("no task number {task}")))?;
        let limits = self.record_limits();
        let mut periods = Vec::with_capacity(n);
        let mut p = upto.with_kind(cadence.period_kind());
        while periods.len() < n && limits.tracks(p) {
            periods.push(p);
            p = p.prev();
        }
        let Some(oldest) = periods.last() else {
            return Ok(Vec::new());
        };
        let mut st = self.conn.prepare_cached(
            "SELECT status, note, done_on, recorded_by, recorded_at, version, catalogue_version, period
             FROM completion WHERE village = ?1 AND task = ?2 AND period >= ?3 AND period <= ?4",
        )?;
        let mut found: Vec<(String, Completion)> = st
            .query_map(
                (
                    village.as_str(),
                    task,
                    oldest.to_string(),
                    periods[0].to_string(),
                ),
                |r| Ok((r.get(7)?, map_completion(r)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let zone = self.zone();
        Ok(periods
            .into_iter()
            .map(|period| {
                let key = period.to_string();
                let record = found
                    .iter()
                    .position(|(p, _)| *p == key)
                    .map(|i| in_zone(zone, found.swap_remove(i).1));
                let status = record.as_ref().map(|r| r.status).unwrap_or_default();
                let done_on = record.as_ref().and_then(|r| r.done_on);
                PeriodRecord {
                    period,
                    // 逾期完成 for an item done after its period ended.
                    display: DisplayStatus::of_record(status, done_on, period, self.today),
                    record,
                }
            })
            .collect())
    }
}
