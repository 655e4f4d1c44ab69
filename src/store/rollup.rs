//! Completion counts per division and task period, kept in `rollup` in the
//! same transaction as each write.

use super::Result;
use crate::domain::{Catalogue, Division, DivisionCode, Period, Status};
use rusqlite::Transaction;

/// The counts of a division over a period: the one definition in
/// [`crate::domain::figures`].
pub use crate::domain::Progress;

/// Move one item from `old` to `new` in the counts of the village and all
/// its ancestors.
pub(crate) fn apply(
    tx: &Transaction,
    village: &DivisionCode,
    period: Period,
    old: Status,
    new: Status,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let d = |s: Status| (new == s) as i64 - (old == s) as i64;
    let (dd, dg, dn) = (d(Status::Done), d(Status::Doing), d(Status::Na));
    let mut st = tx.prepare_cached(UPSERT)?;
    let p = period.to_string();
    for code in village.lineage() {
        st.execute((code.as_str(), &p, dd, dg, dn))?;
    }
    Ok(())
}

/// Rollup changes gathered in memory during a bulk load, written at the end
/// (same result as [`apply`] per row, far fewer statements).
#[derive(Default)]
pub(crate) struct Deltas(std::collections::HashMap<(String, String), (i64, i64, i64)>);

impl Deltas {
    pub(crate) fn add(&mut self, village: &DivisionCode, period: Period, old: Status, new: Status) {
        if old == new {
            return;
        }
        let d = |s: Status| (new == s) as i64 - (old == s) as i64;
        let p = period.to_string();
        for code in village.lineage() {
            let e = self.0.entry((code.to_string(), p.clone())).or_default();
            e.0 += d(Status::Done);
            e.1 += d(Status::Doing);
            e.2 += d(Status::Na);
        }
    }

    pub(crate) fn flush(&mut self, tx: &Transaction) -> Result<()> {
        let mut st = tx.prepare_cached(UPSERT)?;
        for ((code, period), (dd, dg, dn)) in self.0.drain() {
            st.execute((code, period, dd, dg, dn))?;
        }
        Ok(())
    }
}

const UPSERT: &str = "INSERT INTO rollup(code, period, done, doing, na) VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT(code, period) DO UPDATE SET done = done + excluded.done, doing = doing + excluded.doing, na = na + excluded.na";

/// Combine the stored counts of one division with its village count.
fn progress_from(
    rows: &[(String, i64, i64, i64)],
    villages: u32,
    period: Period,
    cat: &Catalogue,
    limits: crate::domain::RecordLimits,
) -> Progress {
    let mut out = Progress::default();
    for sub in period.sub_periods() {
        let key = sub.to_string();
        let recorded = rows
            .iter()
            .find(|r| r.0 == key)
            .map(|r| (r.1 as u32, r.2 as u32, r.3 as u32))
            .unwrap_or((0, 0, 0));
        let items = villages * cat.tasks_per_period(sub.kind());
        out.add(&Progress::of_period(sub, items, recorded, limits));
    }
    out
}

/// The text range holding every sub-period of `period` (all start with its year).
fn period_range(period: Period) -> (String, String) {
    let y = period.year();
    (format!("{y}"), format!("{}", y + 1))
}

impl super::Store {
    /// Progress of one division over `period`.
    pub fn progress(&self, code: &DivisionCode, period: Period) -> Result<Progress> {
        self.check_read(code, &format!("progress/{code}/{period}"))?;
        let (lo, hi) = period_range(period);
        let mut st = self
            .conn
            .prepare_cached("SELECT period, done, doing, na FROM rollup WHERE code = ?1 AND period >= ?2 AND period < ?3")?;
        let rows: Vec<(String, i64, i64, i64)> = st
            .query_map((code.as_str(), lo, hi), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let villages = self.village_count(code)?;
        Ok(progress_from(
            &rows,
            villages,
            period,
            &self.catalogue,
            self.record_limits(),
        ))
    }

    /// Progress of every active child of `scope` over `period`, in code order.
    pub fn rollup(
        &self,
        scope: &DivisionCode,
        period: Period,
    ) -> Result<Vec<(Division, u32, Progress)>> {
        self.check_read(scope, &format!("progress/{scope}/{period}"))?;
        let kids = self.visible(self.children(scope)?, |d| &d.code)?;
        let (lo, hi) = period_range(period);
        let mut st = self.conn.prepare_cached(
            "SELECT d.code, r.period, r.done, r.doing, r.na FROM division d JOIN rollup r ON r.code = d.code
             WHERE d.parent = ?1 AND d.abolished_on IS NULL AND r.period >= ?2 AND r.period < ?3",
        )?;
        let mut rows: Vec<(String, String, i64, i64, i64)> = st
            .query_map((scope.as_str(), lo, hi), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort();
        let mut counts = self
            .conn
            .prepare_cached("SELECT villages FROM division WHERE code = ?1")?;
        kids.into_iter()
            .map(|d| {
                let villages: u32 = counts.query_row([d.code.as_str()], |r| r.get(0))?;
                let mine: Vec<(String, i64, i64, i64)> = rows
                    .iter()
                    .filter(|r| r.0 == d.code.as_str())
                    .map(|r| (r.1.clone(), r.2, r.3, r.4))
                    .collect();
                let p = progress_from(
                    &mine,
                    villages,
                    period,
                    &self.catalogue,
                    self.record_limits(),
                );
                Ok((d, villages, p))
            })
            .collect()
    }
}
