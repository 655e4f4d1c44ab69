//! The store's side of `zhucun import attendance`: the postings of a month
//! inside the account's scope (what a sheet's names are looked up in), the
//! month's stored rows, and the write: every cell as an `attendance` row
//! (source `import`) and each village's `attendance_month` bumped, in one
//! audited transaction. Days an approved leave or a training session wrote
//! stay theirs; a leave's overrun (未在岗 for want of 销假) gives way to
//! what the township's sheet says.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::users::{self, Need};
use super::{Result, Store};
use crate::domain::attendance::DayCode;
use crate::domain::{DivisionCode, UserRole};
use std::collections::HashMap;

/// A posting in post some day of a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthPosting {
    pub cadre: i64,
    pub name: String,
    pub village: DivisionCode,
}

/// One day of one cadre, as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceCell {
    pub cadre: i64,
    /// YYYY-MM-DD
    pub day: String,
    pub code: DayCode,
}

/// A checked sheet: its month, the cells to write and the villages they are in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttendanceBatch {
    pub month: String,
    pub cells: Vec<AttendanceCell>,
    pub villages: Vec<DivisionCode>,
}

/// (cadre, day) → (code, source, ref) of the rows stored for a month.
pub type MonthRows = HashMap<(i64, String), (DayCode, String, Option<i64>)>;

impl Store {
    /// The (lo, hi) village-code range of the account's scope (admin: all).
    fn scope_range(&self) -> Result<Option<(String, String)>> {
        let user = users::get_user(&self.conn, &self.actor.account)?;
        Ok(match user {
            Some(u) if u.role == UserRole::Admin => Some((String::new(), "\u{7f}".into())),
            Some(u) => u
                .scope
                .map(|s| (s.prefix().to_string(), format!("{}\u{7f}", s.prefix()))),
            None => None,
        })
    }

    /// The postings in post on some day of `month` (YYYY-MM) inside the
    /// account's scope, by village and name.
    pub fn attendance_postings(&self, month: &str) -> Result<Vec<MonthPosting>> {
        let Some((lo, hi)) = self.scope_range()? else {
            return Ok(vec![]);
        };
        let first = format!("{month}-01");
        let last = format!("{month}-31");
        let mut st = self.conn.prepare_cached(
            "SELECT t.cadre, t.name, t.village FROM team_member_visible t
             WHERE t.cadre IS NOT NULL AND t.village >= ?1 AND t.village < ?2
               AND t.start_on <= ?4 AND (t.end_on IS NULL OR t.end_on >= ?3)
             ORDER BY t.village, t.name, t.cadre",
        )?;
        let rows = st.query_map((lo, hi, first, last), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (cadre, name, village) = r?;
            if let Ok(village) = DivisionCode::parse(&village) {
                out.push(MonthPosting {
                    cadre,
                    name,
                    village,
                });
            }
        }
        Ok(out)
    }

    /// The rows stored for `month` (read only for the cadres a sheet names
    /// inside the scope).
    pub fn attendance_month_snapshot(&self, month: &str) -> Result<MonthRows> {
        let mut st = self.conn.prepare_cached(
            "SELECT cadre, day, code, source, ref FROM attendance WHERE day >= ?1 AND day <= ?2",
        )?;
        let rows = st.query_map((format!("{month}-01"), format!("{month}-31")), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        let mut out = HashMap::new();
        for r in rows {
            let (cadre, day, code, source, rf) = r?;
            if let Some(code) = DayCode::from_key(&code) {
                out.insert((cadre, day), (code, source, rf));
            }
        }
        Ok(out)
    }

    /// Write a checked sheet in one transaction (permission for every
    /// village first; refusals audited).
    pub fn import_attendance(
        &mut self,
        label: &str,
        batch: &AttendanceBatch,
        tick: &dyn Fn(u64),
    ) -> Result<()> {
        let record = format!("import/{label}");
        for v in &batch.villages {
            self.authorize(Need::Record, Some(v), &record)?;
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            let mut per_village: HashMap<&str, usize> = HashMap::new();
            let village_of: HashMap<i64, &str> = {
                let mut st = tx.prepare_cached(
                    "SELECT cadre, village FROM team_member_visible WHERE cadre IS NOT NULL
                     AND start_on <= ?2 AND (end_on IS NULL OR end_on >= ?1)",
                )?;
                let rows: Vec<(i64, String)> = st
                    .query_map(
                        (format!("{}-01", batch.month), format!("{}-31", batch.month)),
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?
                    .collect::<rusqlite::Result<_>>()?;
                rows.into_iter()
                    .filter_map(|(c, v)| {
                        batch
                            .villages
                            .iter()
                            .find(|x| x.as_str() == v)
                            .map(|x| (c, x.as_str()))
                    })
                    .collect()
            };
            {
                let mut st = tx.prepare_cached(
                    "INSERT INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, ?3, 'import', NULL)
                     ON CONFLICT(cadre, day) DO UPDATE SET code = excluded.code, source = 'import', ref = NULL
                     WHERE attendance.source = 'grid' OR attendance.source = 'import'
                        OR (attendance.source = 'leave' AND attendance.code = 'absent')",
                )?;
                for (i, c) in batch.cells.iter().enumerate() {
                    st.execute((c.cadre, &c.day, c.code.key()))?;
                    if let Some(v) = village_of.get(&c.cadre) {
                        *per_village.entry(v).or_default() += 1;
                    }
                    if i % 4096 == 0 {
                        tick(i as u64);
                    }
                }
            }
            let mut bump = tx.prepare_cached(
                "INSERT INTO attendance_month(village, month, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(village, month) DO UPDATE SET version = version + 1,
                     saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            )?;
            for v in &batch.villages {
                bump.execute((v.as_str(), &batch.month, &account, now))?;
                super::upward_reports::refresh_upward_month(tx, v.as_str(), &batch.month)?;
                let n = per_village.get(v.as_str()).copied().unwrap_or(0);
                audit::append(
                    tx,
                    &AuditEntry {
                        at: now,
                        account: &account,
                        action: AuditAction::ImportAttendance,
                        record: &format!("attendance/{v}/{}", batch.month),
                        old: None,
                        new: Some(&format!("{n} day(s) from {label}")),
                        outcome: Outcome::Ok,
                    },
                )?;
            }
            Ok(())
        })
    }
}
