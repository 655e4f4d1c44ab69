//! Reading for exports and reports: every village x task x task period of a
//! scope and period, streamed in code order with bounded memory.

use super::{Completion, Result, StoreError};
use crate::domain::{DisplayStatus, Division, DivisionCode, Level, Period, Status, Task};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One item: a task of a village for one task period.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub village: &'a str,
    pub village_name: &'a str,
    pub task: &'a Task,
    pub period: Period,
    pub record: Option<&'a Completion>,
    pub display: DisplayStatus,
}

impl Item<'_> {
    pub fn status(&self) -> Status {
        self.record.map(|r| r.status).unwrap_or_default()
    }
}

/// The text range of the codes inside `scope`: the part of its code that
/// its descendants share (`5227` for the prefecture 522700), then `\x7f`.
pub(crate) fn code_range(scope: &DivisionCode) -> (String, String) {
    let keep = match scope.level() {
        Level::Province => 2,
        Level::Prefecture => 4,
        Level::County => 6,
        Level::Township => 9,
        Level::Village => 12,
    };
    let p = &scope.as_str()[..keep];
    (p.to_string(), format!("{p}\u{7f}"))
}

/// How an export ended, for its audit row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportOutcome {
    /// Written in full: this many detail rows.
    Done(u64),
    /// The account may not export the scope.
    Refused,
    /// Started, then failed (nothing left under the final name).
    Failed,
}

impl super::Store {
    /// Record an export of `scope` in the audit trail, in its own
    /// transaction (an export is a read: it holds no write lock meanwhile).
    pub fn audit_export(&self, scope: &DivisionCode, outcome: ExportOutcome) -> Result<()> {
        let (detail, result) = match outcome {
            ExportOutcome::Done(n) => (Some(format!("{n} rows")), super::Outcome::Ok),
            ExportOutcome::Refused => (None, super::Outcome::Refused),
            ExportOutcome::Failed => (None, super::Outcome::Failed),
        };
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        super::audit::append(
            &tx,
            &super::audit::AuditEntry {
                at: &crate::domain::clock::now_stamp(self.zone()),
                account: &self.actor.account,
                action: super::AuditAction::Export,
                record: &format!("export/{scope}"),
                old: None,
                new: detail.as_deref(),
                outcome: result,
            },
        )?;
        tx.commit()?;
        super::anchor::after_commit(&self.conn);
        Ok(())
    }

    /// Refuse an export of `scope` by an account whose scope does not hold it.
    pub fn check_export(&self, scope: &DivisionCode) -> Result<()> {
        self.require_user()?;
        let Some(user) = super::users::get_user(&self.conn, &self.actor.account)? else {
            return Err(StoreError::NotAUser {
                account: self.actor.account.clone(),
                admins: super::users::admins(&self.conn)?,
            });
        };
        if let Some(s) = &user.scope
            && !scope.is_within(s)
        {
            self.audit_export(scope, super::ExportOutcome::Refused)?;
            return Err(StoreError::invalid(
                "--scope",
                super::error::Detail::ExportOutside {
                    account: self.actor.account.clone(),
                    role: user.role,
                    scope: s.to_string(),
                },
            ));
        }
        Ok(())
    }

    /// The default scope of an export or report for the acting account: its
    /// own scope, or the database's top division.
    pub fn home_scope(&self) -> Result<Option<crate::domain::Division>> {
        match self.actor.scope() {
            Some(s) => self.division(s),
            None => self.root(),
        }
    }

    /// Names of the counties and townships under `scope` and of its own
    /// ancestors (for detail rows).
    pub fn names_under(&self, scope: &DivisionCode) -> Result<HashMap<String, String>> {
        let (lo, hi) = code_range(scope);
        let mut st = self.conn.prepare(
            "SELECT code, name FROM division WHERE code >= ?1 AND code < ?2 AND level IN (2, 3)",
        )?;
        let rows = st.query_map((lo, hi), |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut out: HashMap<String, String> = rows.collect::<rusqlite::Result<_>>()?;
        for a in scope.lineage() {
            if let Some(d) = self.division(&a)? {
                out.insert(a.to_string(), d.name);
            }
        }
        Ok(out)
    }

    /// Active villages inside `scope` (any level), in code order.
    pub fn villages_within(&self, scope: &DivisionCode) -> Result<Vec<Division>> {
        let (lo, hi) = code_range(scope);
        let mut st = self.conn.prepare_cached(
            "SELECT code, name, types FROM division WHERE code >= ?1 AND code < ?2 AND level = 4 AND abolished_on IS NULL ORDER BY code",
        )?;
        let rows = st.query_map((lo, hi), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (code, name, types) = row?;
            out.push(Division {
                code: DivisionCode::parse(&code)
                    .map_err(|e| StoreError::Integrity(e.to_string()))?,
                name,
                types: crate::domain::VillageType::decode(&types),
                abolished_on: None,
            });
        }
        Ok(out)
    }

    /// Number of items [`Store::for_each_item`] visits.
    pub fn item_count(&self, scope: &DivisionCode, period: Period) -> Result<u64> {
        let limits = self.record_limits();
        let per: u64 = period
            .sub_periods()
            .iter()
            .filter(|p| crate::domain::Progress::counts(**p, limits))
            .map(|p| self.catalogue.tasks_per_period(p.kind()) as u64)
            .sum();
        Ok(per * self.village_count(scope)? as u64)
    }

    /// Call `f` for every active village under `scope`, every task and every
    /// task period inside `period`, in village code, task and period order.
    /// Items without a record come with `record: None` (未开始, or overdue).
    /// `f` may stop the walk early with `ControlFlow::Break` (a writer that
    /// failed keeps its own error); the count is of the items visited.
    pub fn for_each_item(
        &self,
        scope: &DivisionCode,
        period: Period,
        f: &mut dyn FnMut(&Item) -> std::ops::ControlFlow<()>,
    ) -> Result<u64> {
        self.check_reach(
            scope,
            super::Reach::Detail,
            &format!("items/{scope}/{period}"),
        )?;
        let (lo, hi) = code_range(scope);
        let subs = period.sub_periods();
        let mut ordered = subs.clone();
        let limits = self.record_limits();
        // Only the items that count by today (the one definition of 应完成).
        ordered.retain(|p| crate::domain::Progress::counts(*p, limits));
        ordered.sort_by_key(|p| (p.first_day(), p.due_date()));
        let keys: Vec<String> = subs.iter().map(|p| p.to_string()).collect();
        let marks = (0..keys.len())
            .map(|i| format!("?{}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let mut villages = self.conn.prepare(
            "SELECT code, name FROM division WHERE code >= ?1 AND code < ?2 AND level = 4 AND abolished_on IS NULL ORDER BY code",
        )?;
        let mut recs = self.conn.prepare(&format!(
            "SELECT village, task, period, status, note, done_on, recorded_by, recorded_at, version, catalogue_version
             FROM completion WHERE village >= ?1 AND village < ?2 AND period IN ({marks}) ORDER BY village, task"
        ))?;
        let mut args: Vec<String> = vec![lo.clone(), hi.clone()];
        args.extend(keys);
        let mut rec_rows = recs.query(rusqlite::params_from_iter(args.iter()))?;
        let zone = self.zone();
        let next_rec =
            |rows: &mut rusqlite::Rows| -> Result<Option<(String, u32, String, Completion)>> {
                let Some(r) = rows.next()? else {
                    return Ok(None);
                };
                let status: String = r.get(3)?;
                let done_on: Option<String> = r.get(5)?;
                Ok(Some((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    Completion {
                        status: Status::from_key(&status).unwrap_or_default(),
                        note: r.get(4)?,
                        done_on: done_on
                            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        recorded_by: r.get(6)?,
                        recorded_at: crate::domain::clock::in_zone(zone, &r.get::<_, String>(7)?),
                        version: r.get(8)?,
                        catalogue_version: r.get(9)?,
                    },
                )))
            };
        let mut pending = next_rec(&mut rec_rows)?;
        let mut vrows = villages.query((lo, hi))?;
        let today = self.today;
        let mut n = 0u64;
        let mut mine: Vec<(u32, String, Completion)> = Vec::new();
        while let Some(v) = vrows.next()? {
            let code: String = v.get(0)?;
            let name: String = v.get(1)?;
            mine.clear();
            // Records of villages that are not listed (abolished) are skipped.
            while let Some((vc, task, p, c)) = pending.take() {
                if vc < code {
                    pending = next_rec(&mut rec_rows)?;
                    continue;
                }
                if vc == code {
                    mine.push((task, p, c));
                    pending = next_rec(&mut rec_rows)?;
                    continue;
                }
                pending = Some((vc, task, p, c));
                break;
            }
            for task in &self.catalogue.tasks {
                let kind = task.cadence.period_kind();
                for p in ordered.iter().filter(|p| p.kind() == kind) {
                    let key = p.to_string();
                    let record = mine
                        .iter()
                        .find(|(t, k, _)| *t == task.number && *k == key)
                        .map(|(_, _, c)| c);
                    let status = record.map(|r| r.status).unwrap_or_default();
                    let done_on = record.and_then(|r| r.done_on);
                    let flow = f(&Item {
                        village: &code,
                        village_name: &name,
                        task,
                        period: *p,
                        record,
                        display: DisplayStatus::of_record(status, done_on, *p, today),
                    });
                    n += 1;
                    if flow.is_break() {
                        return Ok(n);
                    }
                }
            }
        }
        Ok(n)
    }
}
