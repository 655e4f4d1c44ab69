//! 工作纪实 of a cadre and month: the month's completion records of the
//! cadre's village (done in the month, or recorded in it when not done) (those recorded by the account linked to the cadre, or
//! all of the village's when none is linked or it recorded nothing), the
//! month's attendance figures, and the optional summary line
//! (`work_record_summary`, saved version-checked and audited).

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::recall::RecallProblem;
use super::scope::Reach;
use super::{Detail, Result, StoreError};
use crate::domain::attendance::DayCode;
use crate::domain::text;
use crate::domain::work_record::{self, MonthDays, SUMMARY_MAX_CHARS};
use crate::domain::{DivisionCode, Status};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// One completion record of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkEntry {
    pub task: u32,
    pub title: String,
    pub period: String,
    pub status: Status,
    pub note: String,
    pub done_on: Option<NaiveDate>,
    pub recorded_by: String,
    /// The recorder's name where one is known.
    pub recorder: Option<String>,
    pub recorded_at: String,
}

/// A cadre's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkRecord {
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    pub village: String,
    pub village_name: String,
    /// `YYYY-MM`
    pub month: String,
    /// The entries are the cadre's own (by the linked account), not the
    /// whole village's.
    pub own: bool,
    pub entries: Vec<WorkEntry>,
    pub days: MonthDays,
    pub summary: Option<String>,
    /// The summary's version (0: none saved yet).
    pub summary_version: i64,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl super::Store {
    /// The cadre's village in the month (the posting in post at its end,
    /// else the latest that began before it ended).
    fn cadre_in_month(
        &self,
        cadre: i64,
        first: NaiveDate,
    ) -> Result<(String, String, String, String)> {
        let last = first + chrono::Months::new(1) - chrono::Days::new(1);
        let row: Option<(String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.name, u.name, t.village, coalesce(d.name, '') FROM cadre c
                 JOIN dispatch_unit u ON u.id = c.unit
                 JOIN team_member_visible t ON t.cadre = c.id AND t.start_on <= ?2
                 LEFT JOIN division d ON d.code = t.village
                 WHERE c.id = ?1
                 ORDER BY (t.end_on IS NULL OR t.end_on >= ?3) DESC, t.start_on DESC LIMIT 1",
            )?
            .query_row((cadre, last.to_string(), first.to_string()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        row.ok_or_else(|| {
            let known: bool = self
                .conn
                .query_row("SELECT count(*) FROM cadre WHERE id = ?1", [cadre], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|n| n > 0)
                .unwrap_or(false);
            let p = if known {
                RecallProblem::NoPosting(cadre)
            } else {
                RecallProblem::UnknownCadre(cadre)
            };
            StoreError::invalid("cadre", Detail::Recall(p))
        })
    }

    /// 工作纪实 of `cadre` for the month beginning `first`.
    pub fn work_record(&self, cadre: i64, first: NaiveDate) -> Result<WorkRecord> {
        let (name, unit, village, village_name) = self.cadre_in_month(cadre, first)?;
        let code = DivisionCode::parse(&village)
            .map_err(|_| StoreError::UnknownVillage(village.clone()))?;
        self.check_reach(
            &code,
            Reach::Detail,
            &format!("work-record/{village}/{cadre}"),
        )?;
        let month = first.format("%Y-%m").to_string();
        let account: Option<String> =
            self.conn
                .query_row("SELECT account FROM cadre WHERE id = ?1", [cadre], |r| {
                    r.get(0)
                })?;
        let all = self.month_entries(&village, &month)?;
        let mine: Vec<WorkEntry> = match &account {
            Some(a) => all
                .iter()
                .filter(|e| &e.recorded_by == a)
                .cloned()
                .collect(),
            None => vec![],
        };
        let own = !mine.is_empty();
        let entries = if own { mine } else { all };
        let codes: Vec<DayCode> = self
            .conn
            .prepare_cached(
                "SELECT code FROM attendance WHERE cadre = ?1 AND substr(day, 1, 7) = ?2 ORDER BY day",
            )?
            .query_map((cadre, &month), |r| r.get::<_, String>(0))?
            .filter_map(|c| c.ok().and_then(|c| DayCode::from_key(&c)))
            .collect();
        let summary: Option<(String, i64)> = self
            .conn
            .prepare_cached(
                "SELECT text, version FROM work_record_summary WHERE cadre = ?1 AND month = ?2",
            )?
            .query_row((cadre, &month), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(WorkRecord {
            cadre,
            name,
            unit,
            village,
            village_name,
            month,
            own,
            entries,
            days: work_record::month_days(first, &codes),
            summary_version: summary.as_ref().map_or(0, |s| s.1),
            summary: summary.map(|s| s.0),
        })
    }

    fn month_entries(&self, village: &str, month: &str) -> Result<Vec<WorkEntry>> {
        let zone = self.zone();
        let mut st = self.conn.prepare_cached(
            "SELECT c.task, c.period, c.status, c.note, c.done_on, c.recorded_by, a.name, c.recorded_at
             FROM completion c LEFT JOIN account_name a ON a.account = c.recorded_by
             WHERE c.village = ?1 AND substr(coalesce(c.done_on, c.recorded_at), 1, 7) = ?2
             ORDER BY coalesce(c.done_on, substr(c.recorded_at, 1, 10)), c.recorded_at, c.task",
        )?;
        let rows = st.query_map((village, month), |r| {
            let status: String = r.get(2)?;
            Ok(WorkEntry {
                task: r.get(0)?,
                title: String::new(),
                period: r.get(1)?,
                status: Status::from_key(&status).unwrap_or_default(),
                note: r.get(3)?,
                done_on: date(r.get(4)?),
                recorded_by: r.get(5)?,
                recorder: r.get(6)?,
                recorded_at: crate::domain::clock::in_zone(zone, &r.get::<_, String>(7)?),
            })
        })?;
        let mut out: Vec<WorkEntry> = rows.collect::<rusqlite::Result<_>>()?;
        for e in &mut out {
            if let Some(t) = self.catalogue.task(e.task) {
                e.title = t.title.clone();
            }
        }
        Ok(out)
    }

    /// Save the summary line of a cadre's month (empty: remove it), against
    /// the version read (0: none yet); the village's county, township or
    /// team, or an administrator. Audited, refusals too.
    pub fn save_work_summary(
        &mut self,
        cadre: i64,
        first: NaiveDate,
        line: &str,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let (_, _, village, _) = self.cadre_in_month(cadre, first)?;
        let code = DivisionCode::parse(&village)
            .map_err(|_| StoreError::UnknownVillage(village.clone()))?;
        let month = first.format("%Y-%m").to_string();
        let record = format!("work-record/{village}/{cadre}/{month}");
        self.authorize_summary(&code, &record)?;
        let line = text::sanitize(line.trim(), true);
        let chars = line.chars().count();
        if chars > SUMMARY_MAX_CHARS {
            return Err(StoreError::invalid(
                "summary",
                Detail::NoteTooLong {
                    chars,
                    max: SUMMARY_MAX_CHARS,
                },
            ));
        }
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let old: Option<(String, i64, String, String)> = tx
                .prepare_cached(
                    "SELECT text, version, saved_by, saved_at FROM work_record_summary WHERE cadre = ?1 AND month = ?2",
                )?
                .query_row((cadre, &month), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()?;
            let version = old.as_ref().map_or(0, |o| o.1);
            if let (Some(want), Some((t, _, who, at))) = (expected_version, &old)
                && want != version
            {
                return Err(StoreError::Conflict {
                    by: who.clone(),
                    at: at.clone(),
                    status: String::new(),
                    note: format!(", note \"{t}\""),
                    version,
                });
            }
            if line.is_empty() {
                tx.execute(
                    "DELETE FROM work_record_summary WHERE cadre = ?1 AND month = ?2",
                    (cadre, &month),
                )?;
            } else {
                tx.execute(
                    "INSERT INTO work_record_summary(cadre, month, text, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(cadre, month) DO UPDATE SET text = excluded.text, saved_by = excluded.saved_by,
                        saved_at = excluded.saved_at, version = version + 1",
                    (cadre, &month, &line, &by, now),
                )?;
            }
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::SaveWorkRecord,
                    record: &record,
                    old: old.as_ref().map(|o| o.0.as_str()),
                    new: (!line.is_empty()).then_some(line.as_str()),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }

    fn authorize_summary(&mut self, village: &DivisionCode, record: &str) -> Result<()> {
        let account = self.actor.account.clone();
        let Some(user) = super::users::get_user(&self.conn, &account)? else {
            return Err(StoreError::NotAUser {
                account,
                admins: super::users::admins(&self.conn)?,
            });
        };
        if super::users::allowed(&user, super::users::Need::Record, Some(village)) {
            return Ok(());
        }
        self.write(|tx, now| {
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::SaveWorkRecord,
                    record,
                    old: None,
                    new: None,
                    outcome: Outcome::Refused,
                },
            )
        })?;
        Err(StoreError::Denied {
            account,
            role: user.role.key().into(),
            action: AuditAction::SaveWorkRecord.as_str().into(),
            code: village.to_string(),
        })
    }
}
