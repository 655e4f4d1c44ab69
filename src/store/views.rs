//! Read-only queries shaped for the terminal UI's screens: the village list
//! of any scope, and how many villages completed the tasks a guidance point
//! or prompt concerns.

use super::{Progress, Result};
use crate::domain::{Division, DivisionCode, Level, Period, PeriodKind};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One line of the village list.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageRow {
    pub village: Division,
    /// Name of the first secretary in post on the day asked.
    pub leader: Option<String>,
    pub month: Progress,
    pub quarter: Progress,
    /// Progress in the year containing the day asked.
    pub year: Progress,
    /// Name of the village's township.
    pub township: String,
    /// Items overdue this year so far.
    pub overdue: u32,
}

impl super::Store {
    /// Townships at or below `scope` (itself when it is a township).
    pub fn townships_under(&self, scope: &DivisionCode) -> Result<Vec<Division>> {
        if scope.level() >= Level::Township {
            return Ok(self.division(scope)?.into_iter().collect());
        }
        let mut out = Vec::new();
        for child in self.children(scope)? {
            out.extend(self.townships_under(&child.code)?);
        }
        Ok(out)
    }

    /// The villages at or below `scope` with progress for the month and
    /// quarter containing `day`, the year's overdue count and the leader.
    pub fn village_rows(&self, scope: &DivisionCode, day: NaiveDate) -> Result<Vec<VillageRow>> {
        let month = Period::containing(PeriodKind::Month, day);
        let quarter = Period::containing(PeriodKind::Quarter, day);
        let year = Period::containing(PeriodKind::Year, day);
        let leaders = self.leaders_under(scope, day)?;
        let mut out = Vec::new();
        let towns: Vec<Division> = if scope.level() == Level::Village {
            let parent = scope.parent().map(|p| self.division(&p)).transpose()?;
            parent.flatten().into_iter().collect()
        } else {
            self.townships_under(scope)?
        };
        for Division {
            code: town,
            name: township,
            ..
        } in towns
        {
            let m = self.rollup(&town, month)?;
            let q = self.rollup(&town, quarter)?;
            let y = self.rollup(&town, year)?;
            for (((v, _, mp), (_, _, qp)), (_, _, yp)) in m.into_iter().zip(q).zip(y) {
                if !v.code.is_within(scope) {
                    continue;
                }
                out.push(VillageRow {
                    leader: leaders.get(v.code.as_str()).cloned(),
                    village: v,
                    month: mp,
                    quarter: qp,
                    overdue: yp.overdue,
                    year: yp,
                    township: township.clone(),
                });
            }
        }
        Ok(out)
    }

    /// First secretaries in post on `day`, by village code.
    fn leaders_under(
        &self,
        scope: &DivisionCode,
        day: NaiveDate,
    ) -> Result<HashMap<String, String>> {
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let d = day.to_string();
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT village, name FROM team_member
             WHERE village >= ?1 AND village < ?2 AND role = 'first_secretary'
               AND start_on <= ?3 AND (end_on IS NULL OR end_on >= ?3) AND {}
             ORDER BY village, start_on",
            super::batches::VISIBLE
        ))?;
        let rows = st.query_map((lo, hi, d), |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut out = HashMap::new();
        for r in rows {
            let (v, n): (String, String) = r?;
            out.insert(v, n);
        }
        Ok(out)
    }

    /// Of the villages at or below `scope`, how many have every (task,
    /// period) item in `items` done or marked not applicable. Returns
    /// (completed, villages).
    pub fn villages_completing(
        &self,
        scope: &DivisionCode,
        items: &[(u32, Period)],
    ) -> Result<(u32, u32)> {
        let total = self.village_count(scope)?;
        if items.is_empty() {
            return Ok((0, total));
        }
        let values: Vec<String> = (0..items.len())
            .map(|i| format!("(?{}, ?{})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        // Only placeholders are formatted into the SQL; every value is bound.
        let sql = format!(
            "SELECT count(*) FROM (SELECT c.village FROM completion c JOIN division d ON d.code = c.village
               WHERE c.village >= ?1 AND c.village < ?2 AND d.abolished_on IS NULL
                 AND c.status IN ('done', 'na') AND (c.task, c.period) IN (VALUES {})
               GROUP BY c.village HAVING count(*) = {})",
            values.join(", "),
            items.len()
        );
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut params: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(lo), Box::new(hi)];
        for (t, p) in items {
            params.push(Box::new(*t));
            params.push(Box::new(p.to_string()));
        }
        let done: u32 = self.conn.query_row(
            &sql,
            rusqlite::params_from_iter(params.iter().map(|b| b.as_ref())),
            |r| r.get(0),
        )?;
        Ok((done, total))
    }
}
