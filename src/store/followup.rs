//! Queries for following up: the overdue list (one definition for the
//! terminal UI and `zhucun report --overdue`), each village's open items and
//! last recorded activity (未报送), and which villages completed the tasks a
//! guidance point or prompt concerns. Every read asks the scope rule
//! (store::scope) for per-village detail.

use super::{Reach, Result};
use crate::domain::{DisplayStatus, Division, DivisionCode, Level, Period, Status};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One overdue item: a task of a village whose period ended without it
/// being done or marked not applicable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueItem {
    pub village: DivisionCode,
    pub village_name: String,
    pub task: u32,
    pub period: Period,
    /// The last day of the task's period.
    pub due: NaiveDate,
    /// Days since the due date (on the store's today).
    pub days: i64,
    pub status: Status,
}

/// One village of the 未报送 list: what is still open in the period and
/// when anything was last recorded for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportingRow {
    pub village: Division,
    pub progress: super::Progress,
    /// The newest `recorded_at` of any of the village's records, as stored.
    pub last_recorded: Option<String>,
}

impl ReportingRow {
    /// Items due in the period not done and not marked n/a.
    pub fn open(&self) -> u32 {
        let p = &self.progress;
        p.expected.saturating_sub(p.done + p.na)
    }
}

impl super::Store {
    /// Every task period inside `period` under `scope` that has ended
    /// without being done or marked n/a, oldest first (then village code
    /// and task number). The one definition of the overdue list.
    pub fn overdue_items(&self, scope: &DivisionCode, period: Period) -> Result<Vec<OverdueItem>> {
        let today = self.today;
        let mut items = Vec::new();
        let mut bad = None;
        self.for_each_item(scope, period, &mut |it| {
            if it.display != DisplayStatus::Overdue {
                return std::ops::ControlFlow::Continue(());
            }
            match DivisionCode::parse(it.village) {
                Ok(village) => {
                    let due = it.period.due_date();
                    items.push(OverdueItem {
                        village,
                        village_name: it.village_name.to_string(),
                        task: it.task.number,
                        period: it.period,
                        due,
                        days: (today - due).num_days(),
                        status: it.status(),
                    });
                    std::ops::ControlFlow::Continue(())
                }
                Err(e) => {
                    bad = Some(super::StoreError::Integrity(e.to_string()));
                    std::ops::ControlFlow::Break(())
                }
            }
        })?;
        if let Some(e) = bad {
            return Err(e);
        }
        items.sort_by(|a, b| (a.due, &a.village, a.task).cmp(&(b.due, &b.village, b.task)));
        Ok(items)
    }

    /// The villages under `scope` with their progress over `period` and
    /// the time anything was last recorded for them, in code order.
    pub fn reporting_rows(
        &self,
        scope: &DivisionCode,
        period: Period,
    ) -> Result<Vec<ReportingRow>> {
        self.check_reach(scope, Reach::Detail, &format!("reporting/{scope}/{period}"))?;
        let last = self.last_recorded_under(scope)?;
        let towns: Vec<DivisionCode> = if scope.level() == Level::Village {
            scope.parent().into_iter().collect()
        } else {
            self.townships_under(scope)?
                .into_iter()
                .map(|d| d.code)
                .collect()
        };
        let mut out = Vec::new();
        for town in towns {
            for (v, _, progress) in self.rollup(&town, period)? {
                if !v.code.is_within(scope) {
                    continue;
                }
                out.push(ReportingRow {
                    last_recorded: last.get(v.code.as_str()).cloned(),
                    village: v,
                    progress,
                });
            }
        }
        Ok(out)
    }

    /// The newest `recorded_at` of each village's records under `scope`.
    fn last_recorded_under(&self, scope: &DivisionCode) -> Result<HashMap<String, String>> {
        let (lo, hi) = super::export::code_range(scope);
        // The newest by the instant, not by the text: stamps with different
        // offsets (+08:00, +00:00) do not sort as text. With one max() the
        // bare column comes from the row holding it.
        let mut st = self.conn.prepare_cached(
            "SELECT village, recorded_at, max(julianday(recorded_at)) FROM completion
             WHERE village >= ?1 AND village < ?2 GROUP BY village",
        )?;
        let rows = st.query_map((lo, hi), |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>().map_err(Into::into)
    }

    /// The active villages under `scope`, each with the tasks of the
    /// (task, period) `items` it has done or marked n/a (in task order),
    /// in code order. A village has completed them when it has all of them
    /// (as [`Store::villages_completing`] counts).
    pub fn completing_by_village(
        &self,
        scope: &DivisionCode,
        items: &[(u32, Period)],
    ) -> Result<Vec<(Division, Vec<u32>)>> {
        self.check_reach(scope, Reach::Detail, &format!("completing/{scope}"))?;
        let mut done: HashMap<String, Vec<u32>> = HashMap::new();
        if !items.is_empty() {
            let values: Vec<String> = (0..items.len())
                .map(|i| format!("(?{}, ?{})", 3 + 2 * i, 4 + 2 * i))
                .collect();
            // Only placeholders are formatted into the SQL; every value is bound.
            let sql = format!(
                "SELECT village, task FROM completion
                 WHERE village >= ?1 AND village < ?2 AND status IN ('done', 'na')
                   AND (task, period) IN (VALUES {}) ORDER BY village, task",
                values.join(", ")
            );
            let (lo, hi) = super::export::code_range(scope);
            let mut params: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(lo), Box::new(hi)];
            for (t, p) in items {
                params.push(Box::new(*t));
                params.push(Box::new(p.to_string()));
            }
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map(
                rusqlite::params_from_iter(params.iter().map(|b| b.as_ref())),
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)),
            )?;
            for r in rows {
                let (v, t) = r?;
                done.entry(v).or_default().push(t);
            }
        }
        Ok(self
            .villages_within(scope)?
            .into_iter()
            .map(|d| {
                let tasks = done.remove(d.code.as_str()).unwrap_or_default();
                (d, tasks)
            })
            .collect())
    }
}
