//! The attendance grid (考勤): reading a scope's month, saving it as one
//! audited write with the month's version checked, and closing the month
//! (the < 20 check, which opens recall leads in the same transaction).
//!
//! The township enters attendance for its villages (county and
//! administrators may too); a team account reads its own village's grid;
//! viewers read. Rows are cadres whose postings overlap the month, sorted by
//! village code, role and name: never by days.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::scope::Reach;
use super::users::{Need, authorize};
use super::{Detail, Result, StoreError, audit};
use crate::domain::attendance::DayCode;
use crate::domain::attendance_grid::{GridRow, RowTotals, month_days};
use crate::domain::{DivisionCode, Level, MemberRole, Period};
use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, Transaction};

/// Where a stored cell came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellSource {
    Grid,
    Import,
    Leave,
    Training,
}

impl CellSource {
    pub fn from_key(s: &str) -> CellSource {
        match s {
            "import" => CellSource::Import,
            "leave" => CellSource::Leave,
            "training" => CellSource::Training,
            _ => CellSource::Grid,
        }
    }

    /// Written by an approved leave or a training session, not typed.
    pub fn is_linked(self) -> bool {
        matches!(self, CellSource::Leave | CellSource::Training)
    }
}

/// One row of the grid: a cadre posted to a village during the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceLine {
    pub township: String,
    pub village: DivisionCode,
    pub village_name: String,
    pub cadre: i64,
    pub name: String,
    pub role: MemberRole,
    pub row: GridRow,
    /// The source of each stored cell (None: nothing stored).
    pub sources: Vec<Option<CellSource>>,
    /// Days in the village this year up to the end of this month, as
    /// stored (this month's unsaved changes are not in it).
    pub year_in_village: u32,
    /// Days in the village this year before this month.
    pub year_before: u32,
}

impl AttendanceLine {
    pub fn totals(&self) -> RowTotals {
        self.row.totals()
    }

    /// The year to date with this row's current cells.
    pub fn year_to_date(&self) -> u32 {
        self.year_before + self.totals().in_village
    }
}

/// A village's month as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthState {
    pub village: DivisionCode,
    /// 0: never saved.
    pub version: i64,
    pub saved_by: Option<String>,
    pub saved_at: Option<String>,
    pub closed_at: Option<String>,
}

/// The grid of a scope (a village or a township) and a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceGrid {
    pub scope: DivisionCode,
    pub month: Period,
    pub first: NaiveDate,
    pub lines: Vec<AttendanceLine>,
    /// One per village with a row, by village code.
    pub months: Vec<MonthState>,
}

impl AttendanceGrid {
    pub fn days(&self) -> u32 {
        self.lines
            .first()
            .map(|l| l.row.cells.len() as u32)
            .unwrap_or_else(|| month_days(self.first))
    }

    pub fn month_state(&self, village: &DivisionCode) -> Option<&MonthState> {
        self.months.iter().find(|m| &m.village == village)
    }

    /// Whether every village of the grid is closed.
    pub fn closed(&self) -> bool {
        !self.months.is_empty() && self.months.iter().all(|m| m.closed_at.is_some())
    }
}

/// A colleague saved a village's month after it was read: nothing written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthConflict {
    pub village: DivisionCode,
    pub by: String,
    pub at: String,
    pub version: i64,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved: the number of cells written or cleared.
    Saved {
        cells: usize,
    },
    Conflict(MonthConflict),
}

/// A recall lead a month close opened (or found already open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowDaysLead {
    pub village: DivisionCode,
    pub cadre: i64,
    pub name: String,
    pub days: u32,
    pub minimum: u32,
    /// False: the lead was already there (closed before).
    pub opened: bool,
}

/// Why attendance input was refused: a kind plus values (rendered by
/// `crate::i18n::attendance`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceProblem {
    /// Not a month (`YYYY-MM`).
    NotAMonth(String),
    /// The scope is not a township or a village.
    ScopeLevel(String),
    /// Closing a month that has not ended.
    MonthNotOver { month: String, last: NaiveDate },
    /// Closing with posted days still without a code.
    Unfilled {
        village: String,
        name: String,
        days: u32,
    },
}

pub fn month_key(village: &DivisionCode, month: Period) -> String {
    format!("attendance/{village}/{month}")
}

fn problem(what: &str, p: AttendanceProblem) -> StoreError {
    StoreError::invalid(what, Detail::Attendance(p))
}

/// The first day of a month period.
fn first_of(month: Period) -> Result<NaiveDate> {
    match month {
        Period::Month { .. } => Ok(month.first_day()),
        other => Err(problem(
            "--month",
            AttendanceProblem::NotAMonth(other.to_string()),
        )),
    }
}

/// Parse `YYYY-MM`.
pub fn parse_month(s: &str) -> Result<Period> {
    match Period::parse(s) {
        Ok(p @ Period::Month { .. }) => Ok(p),
        _ => Err(problem(
            "--month",
            AttendanceProblem::NotAMonth(s.to_string()),
        )),
    }
}

fn check_scope_level(scope: &DivisionCode) -> Result<()> {
    if matches!(scope.level(), Level::Township | Level::Village) {
        Ok(())
    } else {
        Err(problem(
            "--scope",
            AttendanceProblem::ScopeLevel(scope.to_string()),
        ))
    }
}

fn day_text(first: NaiveDate, day: u32) -> String {
    first.with_day(day).unwrap_or(first).to_string()
}

/// Read the grid inside any connection or transaction (no scope check).
fn read_grid(
    conn: &rusqlite::Connection,
    scope: &DivisionCode,
    month: Period,
) -> Result<AttendanceGrid> {
    let first = first_of(month)?;
    let days = month_days(first);
    let last = first.with_day(days).unwrap_or(first);
    let lo = scope.prefix().to_string();
    let hi = format!("{lo}\u{7f}");
    let mut st = conn.prepare_cached(
        "SELECT p.village, v.name, coalesce(t.name, ''), p.cadre, c.name, p.role,
                min(p.start_on), max(coalesce(p.end_on, '9999-12-31'))
         FROM posting p JOIN cadre c ON c.id = p.cadre
              JOIN division v ON v.code = p.village
              LEFT JOIN division t ON t.code = v.parent
         WHERE p.village >= ?1 AND p.village < ?2 AND p.start_on <= ?4
               AND (p.end_on IS NULL OR p.end_on >= ?3)
         GROUP BY p.village, p.cadre
         ORDER BY p.village, CASE min(p.role) WHEN 'first_secretary' THEN 0 WHEN 'resident' THEN 1 ELSE 2 END,
                  c.name, p.cadre",
    )?;
    let (f, l) = (first.to_string(), last.to_string());
    let mut lines: Vec<AttendanceLine> = st
        .query_map((&lo, &hi, &f, &l), |r| {
            let village: String = r.get(0)?;
            let role: String = r.get(5)?;
            let start: String = r.get(6)?;
            let end: String = r.get(7)?;
            let from = if start.as_str() <= f.as_str() {
                1
            } else {
                NaiveDate::parse_from_str(&start, "%Y-%m-%d").map_or(1, |d| d.day())
            };
            let to = if end.as_str() >= l.as_str() {
                days
            } else {
                NaiveDate::parse_from_str(&end, "%Y-%m-%d").map_or(days, |d| d.day())
            };
            Ok(AttendanceLine {
                township: r.get(2)?,
                village: DivisionCode::parse(&village)
                    .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?,
                village_name: r.get(1)?,
                cadre: r.get(3)?,
                name: r.get(4)?,
                role: MemberRole::from_key(&role).unwrap_or(MemberRole::Resident),
                row: GridRow::new(days, from, to),
                sources: vec![None; days as usize],
                year_in_village: 0,
                year_before: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    fill_cells(conn, &mut lines, first, last)?;
    let months = read_months(conn, &lines, month)?;
    Ok(AttendanceGrid {
        scope: scope.clone(),
        month,
        first,
        lines,
        months,
    })
}

/// The stored cells of the month and each cadre's year figures, read by
/// the primary key (cadre, day): one range per cadre.
fn fill_cells(
    conn: &rusqlite::Connection,
    lines: &mut [AttendanceLine],
    first: NaiveDate,
    last: NaiveDate,
) -> Result<()> {
    let year_start = format!("{:04}-01-01", first.year());
    let (f, l) = (first.to_string(), last.to_string());
    let mut before = conn.prepare_cached(
        "SELECT count(*) FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day < ?3
           AND (code = 'present' OR code = 'duty_out' OR code = 'training')",
    )?;
    let mut month = conn.prepare_cached(
        "SELECT day, code, source FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day <= ?3",
    )?;
    for line in lines.iter_mut() {
        line.year_before = before.query_row((line.cadre, &year_start, &f), |r| r.get(0))?;
        let mut rows = month.query((line.cadre, &f, &l))?;
        while let Some(r) = rows.next()? {
            let day: String = r.get(0)?;
            let Some(code) = DayCode::from_key(&r.get::<_, String>(1)?) else {
                continue;
            };
            let source = CellSource::from_key(&r.get::<_, String>(2)?);
            let dom = day
                .get(8..10)
                .and_then(|d| d.parse::<u32>().ok())
                .unwrap_or(0);
            if line.row.is_posted(dom) {
                line.row.cells[dom as usize - 1] = Some(code);
                line.sources[dom as usize - 1] = Some(source);
            }
            if code.in_village() {
                line.year_in_village += 1;
            }
        }
        line.year_in_village += line.year_before;
    }
    Ok(())
}

fn read_months(
    conn: &rusqlite::Connection,
    lines: &[AttendanceLine],
    month: Period,
) -> Result<Vec<MonthState>> {
    let mut villages: Vec<&DivisionCode> = lines.iter().map(|l| &l.village).collect();
    villages.dedup();
    let mut st = conn.prepare_cached(
        "SELECT version, saved_by, saved_at, closed_at FROM attendance_month
         WHERE village = ?1 AND month = ?2",
    )?;
    let m = month.to_string();
    villages
        .into_iter()
        .map(|v| {
            let found = st
                .query_row((v.as_str(), &m), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?;
            let (version, saved_by, saved_at, closed_at) = found.unwrap_or((0, None, None, None));
            Ok(MonthState {
                village: v.clone(),
                version,
                saved_by,
                saved_at,
                closed_at,
            })
        })
        .collect()
}

/// The rows of one village to save, and the version its month was read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageSave {
    pub village: DivisionCode,
    pub expected_version: i64,
    /// (cadre, the row as typed)
    pub rows: Vec<(i64, GridRow)>,
}

impl AttendanceGrid {
    /// The grid as a save, with the versions it was read at.
    pub fn to_save(&self) -> Vec<VillageSave> {
        let mut out: Vec<VillageSave> = Vec::new();
        for l in &self.lines {
            if out.last().is_none_or(|v| v.village != l.village) {
                out.push(VillageSave {
                    village: l.village.clone(),
                    expected_version: self.month_state(&l.village).map_or(0, |m| m.version),
                    rows: vec![],
                });
            }
            if let Some(v) = out.last_mut() {
                v.rows.push((l.cadre, l.row.clone()));
            }
        }
        out
    }
}

impl super::Store {
    /// The grid of `scope` (a township or a village) for `month`.
    pub fn attendance_grid(&self, scope: &DivisionCode, month: Period) -> Result<AttendanceGrid> {
        check_scope_level(scope)?;
        self.check_reach(scope, Reach::Detail, &format!("attendance/{scope}/{month}"))?;
        read_grid(&self.conn, scope, month)
    }

    /// Whether the acting account may enter attendance for `code`.
    pub fn may_enter_attendance(&self, code: &DivisionCode) -> Result<bool> {
        self.may(Need::EnterAttendance, Some(code))
    }

    /// Save a month: each village's rows, in one transaction, after
    /// checking every village's version (a colleague's save meanwhile is a
    /// conflict: nothing is written and the caller keeps the typed grid).
    /// Days outside a cadre's posting are left as they are.
    pub fn save_attendance(
        &mut self,
        month: Period,
        villages: &[VillageSave],
    ) -> Result<SaveOutcome> {
        self.save_attendance_as(month, villages, Outcome::Ok)
    }

    /// "Keep mine" after a conflict: the save over the version the person
    /// has now seen, audited as `overrode`.
    pub fn save_attendance_overriding(
        &mut self,
        month: Period,
        villages: &[VillageSave],
    ) -> Result<SaveOutcome> {
        self.save_attendance_as(month, villages, Outcome::Overrode)
    }

    fn save_attendance_as(
        &mut self,
        month: Period,
        villages: &[VillageSave],
        done: Outcome,
    ) -> Result<SaveOutcome> {
        let first = first_of(month)?;
        for v in villages {
            authorize(
                &self.conn,
                &self.actor.account,
                Need::EnterAttendance,
                Some(&v.village),
                &month_key(&v.village, month),
            )?;
        }
        let by = self.actor.account.clone();
        let zone = self.zone();
        self.write(|tx, now| {
            if let Some(c) = find_conflict(tx, month, villages, zone)? {
                audit::append(
                    tx,
                    &AuditEntry {
                        at: now,
                        account: &by,
                        action: AuditAction::SaveAttendance,
                        record: &month_key(&c.village, month),
                        old: Some(&format!("version {}", c.version)),
                        new: None,
                        outcome: Outcome::Conflict,
                    },
                )?;
                return Ok(SaveOutcome::Conflict(c));
            }
            let mut cells = 0;
            let month_text = first.format("%Y-%m").to_string();
            for v in villages {
                let n = write_village(tx, first, v)?;
                cells += n;
                // The upward report rows of the village's month, in the
                // same transaction; they follow from the cells alone, so a
                // village whose cells did not change keeps its rows.
                if n > 0 {
                    super::upward_reports::refresh_upward_month(
                        tx,
                        v.village.as_str(),
                        &month_text,
                    )?;
                }
                let version = bump_month(tx, &v.village, month, &by, now)?;
                audit::append(
                    tx,
                    &AuditEntry {
                        at: now,
                        account: &by,
                        action: AuditAction::SaveAttendance,
                        record: &month_key(&v.village, month),
                        old: Some(&format!("version {}", version - 1)),
                        new: Some(&format!(
                            "version {version}: {} cadres, {n} cells",
                            v.rows.len()
                        )),
                        outcome: done,
                    },
                )?;
            }
            Ok(SaveOutcome::Saved { cells })
        })
    }

    /// Close `month` for `scope` (a township or a village): every village
    /// with cadres that month is saved as it is, marked closed, and a
    /// recall lead (origin `low_days`) opens for each cadre under the
    /// minimum, once; all in one audited transaction.
    pub fn close_attendance_month(
        &mut self,
        scope: &DivisionCode,
        month: Period,
    ) -> Result<Vec<LowDaysLead>> {
        check_scope_level(scope)?;
        let first = first_of(month)?;
        let last = first.with_day(month_days(first)).unwrap_or(first);
        authorize(
            &self.conn,
            &self.actor.account,
            Need::EnterAttendance,
            Some(scope),
            &format!("{}/close", month_key(scope, month)),
        )?;
        if last >= self.today {
            return Err(problem(
                "--month",
                AttendanceProblem::MonthNotOver {
                    month: month.to_string(),
                    last,
                },
            ));
        }
        let by = self.actor.account.clone();
        let today = self.today;
        self.write(|tx, now| {
            // A leave run past its end without 销假 is 未在岗 before the
            // month is checked.
            super::write_overruns(tx, today)?;
            let grid = read_grid(tx, scope, month)?;
            if let Some(l) = grid.lines.iter().find(|l| l.totals().empty > 0) {
                return Err(problem(
                    "--month",
                    AttendanceProblem::Unfilled {
                        village: format!("{} {}", l.village, l.village_name),
                        name: l.name.clone(),
                        days: l.totals().empty,
                    },
                ));
            }
            let mut leads = Vec::new();
            for m in &grid.months {
                close_village(tx, m, month, (&by, now))?;
            }
            for l in grid.lines.iter().filter(|l| l.totals().below) {
                let t = l.totals();
                let opened = open_lead(tx, l, month, today, (&by, now))?;
                leads.push(LowDaysLead {
                    village: l.village.clone(),
                    cadre: l.cadre,
                    name: l.name.clone(),
                    days: t.in_village,
                    minimum: t.minimum,
                    opened,
                });
            }
            Ok(leads)
        })
    }
}

fn find_conflict(
    tx: &Transaction,
    month: Period,
    villages: &[VillageSave],
    zone: chrono_tz::Tz,
) -> Result<Option<MonthConflict>> {
    let mut st = tx.prepare_cached(
        "SELECT version, saved_by, saved_at FROM attendance_month WHERE village = ?1 AND month = ?2",
    )?;
    for v in villages {
        let found: Option<(i64, String, String)> = st
            .query_row((v.village.as_str(), month.to_string()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let current = found.as_ref().map_or(0, |f| f.0);
        if current != v.expected_version
            && let Some((version, by, at)) = found
        {
            return Ok(Some(MonthConflict {
                village: v.village.clone(),
                by,
                at: crate::domain::clock::in_zone(zone, &at),
                version,
            }));
        }
    }
    Ok(None)
}

/// Write one village's rows; returns the cells written or cleared.
fn write_village(tx: &Transaction, first: NaiveDate, v: &VillageSave) -> Result<usize> {
    let last = first.with_day(month_days(first)).unwrap_or(first);
    let (f, l) = (first.to_string(), last.to_string());
    let mut get = tx.prepare_cached(
        "SELECT day, code FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day <= ?3",
    )?;
    let mut put = tx.prepare_cached(
        "INSERT INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, ?3, 'grid', NULL)
         ON CONFLICT(cadre, day) DO UPDATE SET code = excluded.code, source = 'grid', ref = NULL",
    )?;
    let mut del = tx.prepare_cached("DELETE FROM attendance WHERE cadre = ?1 AND day = ?2")?;
    let mut n = 0;
    for (cadre, row) in &v.rows {
        let mut have: Vec<Option<DayCode>> = vec![None; row.cells.len()];
        let mut rows = get.query((cadre, &f, &l))?;
        while let Some(r) = rows.next()? {
            let day: String = r.get(0)?;
            let dom = day
                .get(8..10)
                .and_then(|d| d.parse::<usize>().ok())
                .unwrap_or(0);
            if let Some(slot) = dom.checked_sub(1).and_then(|i| have.get_mut(i)) {
                *slot = DayCode::from_key(&r.get::<_, String>(1)?);
            }
        }
        drop(rows);
        for day in row.posted.0..=row.posted.1 {
            let i = day as usize - 1;
            let want = row.cells.get(i).copied().flatten();
            if have.get(i).copied().flatten() == want {
                continue;
            }
            let date = day_text(first, day);
            match want {
                Some(c) => put.execute((cadre, &date, c.key()))?,
                None => del.execute((cadre, &date))?,
            };
            n += 1;
        }
    }
    Ok(n)
}

fn bump_month(
    tx: &Transaction,
    village: &DivisionCode,
    month: Period,
    by: &str,
    now: &str,
) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO attendance_month(village, month, saved_by, saved_at, version)
             VALUES (?1, ?2, ?3, ?4, 1)
             ON CONFLICT(village, month) DO UPDATE SET
               saved_by = excluded.saved_by, saved_at = excluded.saved_at, version = version + 1
             RETURNING version",
        )?
        .query_row((village.as_str(), month.to_string(), by, now), |r| r.get(0))?)
}

fn close_village(
    tx: &Transaction,
    m: &MonthState,
    month: Period,
    (by, now): (&str, &str),
) -> Result<()> {
    if m.closed_at.is_some() {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO attendance_month(village, month, saved_by, saved_at, version, closed_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?4)
         ON CONFLICT(village, month) DO UPDATE SET closed_at = excluded.closed_at,
           version = version + 1",
    )?
    .execute((m.village.as_str(), month.to_string(), by, now))?;
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::CloseAttendance,
            record: &month_key(&m.village, month),
            old: None,
            new: Some("closed"),
            outcome: Outcome::Ok,
        },
    )?;
    Ok(())
}

/// Open the cadre's `low_days` lead for the month (once); true when new.
fn open_lead(
    tx: &Transaction,
    l: &AttendanceLine,
    month: Period,
    today: NaiveDate,
    (by, now): (&str, &str),
) -> Result<bool> {
    let posting: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM posting WHERE cadre = ?1 AND village = ?2 ORDER BY start_on DESC LIMIT 1",
        )?
        .query_row((l.cadre, l.village.as_str()), |r| r.get(0))
        .optional()?;
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO recall_case(cadre, posting, origin, origin_ref, opened_on, updated_by, updated_at)
             VALUES (?1, ?2, 'low_days', ?3, ?4, ?5, ?6)",
        )?
        .execute((l.cadre, posting, month.to_string(), today.to_string(), by, now))?;
    if n == 0 {
        return Ok(false);
    }
    let t = l.totals();
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::OpenLowDaysLead,
            record: &format!("recall/{}/low_days/{month}", l.cadre),
            old: None,
            new: Some(&format!(
                "{} {}: {} days in the village, minimum {}",
                l.village, l.name, t.in_village, t.minimum
            )),
            outcome: Outcome::Ok,
        },
    )?;
    Ok(true)
}

/// An attendance grid with unsaved changes, kept in the user's own draft
/// file when a session ends (one per account and database).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct GridDraft {
    account: String,
    scope: String,
    month: String,
    /// (village, the version read)
    versions: Vec<(String, i64)>,
    /// (village, cadre, the cells' keys; "" for none)
    rows: Vec<(String, i64, Vec<String>)>,
}

impl super::Store {
    fn attendance_draft_path(&self, dir: &std::path::Path) -> std::path::PathBuf {
        let prefix = self.draft_file_prefix();
        let hex = prefix.trim_start_matches("draft-").trim_end_matches('-');
        dir.join(format!("attendance-{hex}.json"))
    }

    /// Keep `grid` as typed in the user's draft file under `dir` (0600,
    /// as the real user, without the database lock).
    pub fn save_attendance_draft(
        &self,
        dir: &std::path::Path,
        grid: &AttendanceGrid,
    ) -> Result<std::path::PathBuf> {
        let d = GridDraft {
            account: self.actor.account.clone(),
            scope: grid.scope.to_string(),
            month: grid.month.to_string(),
            versions: grid
                .months
                .iter()
                .map(|m| (m.village.to_string(), m.version))
                .collect(),
            rows: grid
                .lines
                .iter()
                .map(|l| {
                    let cells = l
                        .row
                        .cells
                        .iter()
                        .map(|c| c.map_or(String::new(), |c| c.key().to_string()))
                        .collect();
                    (l.village.to_string(), l.cadre, cells)
                })
                .collect(),
        };
        let path = self.attendance_draft_path(dir);
        let err = |e: &dyn std::fmt::Display| StoreError::NotWritable {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let body = serde_json::to_vec(&d).map_err(|e| err(&e))?;
        super::privilege::as_real_user(|| super::drafts::write_private(dir, &path, &body))
            .map_err(|e| err(&e))?;
        Ok(path)
    }

    /// The grid of `scope` this account left unsaved under `dir`, laid
    /// over the grid as stored now, with the versions it was typed on (a
    /// colleague's save since is a conflict at the next save). The file is
    /// removed once taken.
    pub fn attendance_draft(
        &self,
        dir: &std::path::Path,
        scope: &DivisionCode,
    ) -> Option<AttendanceGrid> {
        let path = self.attendance_draft_path(dir);
        let bytes = super::privilege::as_real_user(|| std::fs::read(&path)).ok()?;
        let d: GridDraft = serde_json::from_slice(&bytes).ok()?;
        if d.account != self.actor.account || d.scope != scope.as_str() {
            return None;
        }
        let month = parse_month(&d.month).ok()?;
        let mut grid = self.attendance_grid(scope, month).ok()?;
        for (village, cadre, cells) in &d.rows {
            let Some(l) = grid
                .lines
                .iter_mut()
                .find(|l| l.village.as_str() == village && l.cadre == *cadre)
            else {
                continue;
            };
            for (i, c) in cells.iter().enumerate() {
                l.row.set(i as u32 + 1, DayCode::from_key(c));
            }
        }
        for m in &mut grid.months {
            if let Some((_, v)) = d.versions.iter().find(|(v, _)| v == m.village.as_str()) {
                m.version = *v;
            }
        }
        super::drafts::remove_draft_file(&path);
        Some(grid)
    }
}
