//! Training sessions and their attendance (schema version 10), and the
//! grid days they write.
//!
//! A session is run by a prefecture, county or township (its `division`);
//! that division's scope or above creates, edits and deletes it and marks
//! its attendance (`Need::Record` at the division; refusals audited).
//!
//! **The grid.** For each cadre marked 参训, each day of the session is a
//! row of `attendance` (code training, source training, ref the session),
//! written in the transaction of the session or the mark. Changing the
//! dates, a mark, or deleting the session first takes out exactly the
//! session's rows (`source = 'training' AND ref = id`) and then writes them
//! anew. A day the township typed or imported as 在村 is replaced and kept
//! in `training_displaced`, put back when the session's day goes; any other
//! cell (a leave, a duty trip, rest, absence, another session) keeps its
//! day, and the roster shows the conflict (domain::training::grid_plan).

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::scope::Reach;
use super::users::{self, Need};
use super::{Detail, Result, Store, StoreError};
use crate::domain::attendance::DayCode;
use crate::domain::training::{
    self, Attendance, Cell, CellSource, Kind, Mark, SessionLevel, TrainingError, YearTraining,
};
use crate::domain::{DivisionCode, text};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use std::collections::HashMap;

/// A session as typed (new or edited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInput {
    pub title: String,
    pub kind: Kind,
    pub division: DivisionCode,
    pub organiser: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub hours: u32,
    pub venue: String,
    pub speakers: String,
}

/// A stored session with its marks counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: i64,
    pub title: String,
    pub kind: Kind,
    pub level: SessionLevel,
    pub division: DivisionCode,
    pub division_name: String,
    pub organiser: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub hours: u32,
    pub venue: String,
    pub speakers: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: String,
    pub attended: u32,
    pub leave: u32,
    pub absent: u32,
}

impl Session {
    pub fn input(&self) -> SessionInput {
        SessionInput {
            title: self.title.clone(),
            kind: self.kind,
            division: self.division.clone(),
            organiser: self.organiser.clone(),
            from: self.from,
            to: self.to,
            hours: self.hours,
            venue: self.venue.clone(),
            speakers: self.speakers.clone(),
        }
    }

    pub fn days(&self) -> u32 {
        ((self.to - self.from).num_days() + 1) as u32
    }
}

/// One cadre of a session's attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    pub village: String,
    pub village_name: String,
    pub mark: Option<Mark>,
    pub hours: u32,
    /// Days of the session another record holds in the grid (参训 only).
    pub conflicts: u32,
}

/// One mark to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkInput {
    pub cadre: i64,
    pub mark: Mark,
    /// Hours credited; None: the mark's default (the session's for 参训).
    pub hours: Option<u32>,
}

/// What a mark wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MarkOutcome {
    pub marked: u32,
    /// Grid days written as 培训.
    pub days: u32,
    /// Days left to another record (see the module comment).
    pub conflicts: u32,
}

/// A cadre's training in a year, for the hours list and 未参训名单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CadreYear {
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    pub village: String,
    pub village_name: String,
    /// The start of the cadre's posting in the scope.
    pub start: NaiveDate,
    pub training: YearTraining,
    /// Posted `new_cadre_days` or more ago with no session attended since.
    pub new_untrained: bool,
}

/// The figures' settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrainingSettings {
    pub target_hours: u32,
    pub new_cadre_days: u32,
}

fn invalid(what: &str, e: TrainingError) -> StoreError {
    StoreError::invalid(what, Detail::Training(e))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

const SESSION_SELECT: &str = "SELECT s.id, s.title, s.kind, s.level, s.division, coalesce(d.name, ''), s.organiser,
        s.from_on, s.to_on, s.hours, s.venue, s.speakers, s.version, s.updated_by, s.updated_at,
        (SELECT count(*) FROM training_attendance a WHERE a.session = s.id AND a.status = 'attended'),
        (SELECT count(*) FROM training_attendance a WHERE a.session = s.id AND a.status = 'leave'),
        (SELECT count(*) FROM training_attendance a WHERE a.session = s.id AND a.status = 'absent')
     FROM training_session s LEFT JOIN division d ON d.code = s.division";

fn map_session(r: &rusqlite::Row) -> rusqlite::Result<Session> {
    let kind: String = r.get(2)?;
    let level: String = r.get(3)?;
    let division: String = r.get(4)?;
    let from: String = r.get(7)?;
    let to: String = r.get(8)?;
    Ok(Session {
        id: r.get(0)?,
        title: r.get(1)?,
        kind: Kind::from_key(&kind).unwrap_or(Kind::Theory),
        level: SessionLevel::from_key(&level).unwrap_or(SessionLevel::County),
        division: DivisionCode::parse(&division).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?,
        division_name: r.get(5)?,
        organiser: r.get(6)?,
        from: day(&from),
        to: day(&to),
        hours: r.get(9)?,
        venue: r.get(10)?,
        speakers: r.get(11)?,
        version: r.get(12)?,
        updated_by: r.get(13)?,
        updated_at: r.get(14)?,
        attended: r.get(15)?,
        leave: r.get(16)?,
        absent: r.get(17)?,
    })
}

fn session_on(conn: &Connection, id: i64) -> Result<Option<Session>> {
    Ok(conn
        .query_row(
            &format!("{SESSION_SELECT} WHERE s.id = ?1"),
            [id],
            map_session,
        )
        .optional()?)
}

fn setting_u32(conn: &Connection, key: &str, default: u32) -> Result<u32> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|v| v.trim().parse().ok()).unwrap_or(default))
}

/// Each cadre's attendances at sessions, as the yearly figures read them:
/// at every session, or at those beginning in `year`.
pub(super) fn attendances(
    conn: &Connection,
    year: Option<i32>,
) -> Result<HashMap<i64, Vec<Attendance>>> {
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => (String::new(), "\u{7f}".to_string()),
    };
    let mut st = conn.prepare_cached(
        "SELECT a.cadre, s.kind, a.status, a.hours, s.from_on, s.to_on
         FROM training_attendance a JOIN training_session s ON s.id = a.session
         WHERE s.from_on >= ?1 AND s.from_on <= ?2",
    )?;
    let rows = st.query_map((from, to), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut by_cadre: HashMap<i64, Vec<Attendance>> = HashMap::new();
    for row in rows {
        let (c, kind, status, hours, from, to) = row?;
        by_cadre.entry(c).or_default().push(Attendance {
            kind: Kind::from_key(&kind).unwrap_or(Kind::Theory),
            mark: Mark::from_key(&status).unwrap_or(Mark::Absent),
            hours,
            from: day(&from),
            to: day(&to),
        });
    }
    Ok(by_cadre)
}

/// The yearly target hours (the `training_target_hours` setting).
pub(super) fn target_hours(conn: &Connection) -> Result<u32> {
    setting_u32(
        conn,
        "training_target_hours",
        training::DEFAULT_TARGET_HOURS,
    )
}

/// Take a session's grid days of `cadre` out, putting back the cells they
/// had replaced (where the cell is still empty).
fn take_out(tx: &Transaction, session: i64, cadre: i64) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM attendance WHERE source = 'training' AND ref = ?1 AND cadre = ?2",
    )?
    .execute([session, cadre])?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO attendance(cadre, day, code, source)
         SELECT cadre, day, code, source FROM training_displaced WHERE session = ?1 AND cadre = ?2",
    )?
    .execute([session, cadre])?;
    tx.prepare_cached("DELETE FROM training_displaced WHERE session = ?1 AND cadre = ?2")?
        .execute([session, cadre])?;
    Ok(())
}

fn cell_at(tx: &Transaction, cadre: i64, d: NaiveDate) -> Result<Option<Cell>> {
    let row: Option<(String, String, Option<i64>)> = tx
        .prepare_cached("SELECT code, source, ref FROM attendance WHERE cadre = ?1 AND day = ?2")?
        .query_row(params![cadre, d.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(row.map(|(code, source, reference)| Cell {
        code: DayCode::from_key(&code).unwrap_or(DayCode::Present),
        source: CellSource::from_key(&source).unwrap_or(CellSource::Grid),
        reference,
    }))
}

/// Write one cadre's grid days for a session anew, from the mark as stored
/// now (none, or not 参训: the days are only taken out). The one function
/// the store, the import and the demo write training days with.
pub(crate) fn rewrite_grid(tx: &Transaction, session: i64, cadre: i64) -> Result<MarkOutcome> {
    take_out(tx, session, cadre)?;
    let row: Option<(String, String, String)> = tx
        .prepare_cached(
            "SELECT a.status, s.from_on, s.to_on FROM training_attendance a
             JOIN training_session s ON s.id = a.session WHERE a.session = ?1 AND a.cadre = ?2",
        )?
        .query_row([session, cadre], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((status, from, to)) = row else {
        return Ok(MarkOutcome::default());
    };
    let mark = Mark::from_key(&status).unwrap_or(Mark::Absent);
    let days = training::session_days(day(&from), day(&to));
    let mut cells = HashMap::new();
    for d in &days {
        if let Some(c) = cell_at(tx, cadre, *d)? {
            cells.insert(*d, c);
        }
    }
    let plan = training::grid_plan(mark, &days, |d| cells.get(&d).copied());
    for (d, c) in &plan.displaced {
        tx.prepare_cached(
            "INSERT INTO training_displaced(session, cadre, day, code, source) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![session, cadre, d.to_string(), c.code.key(), c.source.key()])?;
    }
    let mut put = tx.prepare_cached(
        "INSERT INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, 'training', 'training', ?3)
         ON CONFLICT(cadre, day) DO UPDATE SET code = 'training', source = 'training', ref = excluded.ref",
    )?;
    for d in &plan.write {
        put.execute(params![cadre, d.to_string(), session])?;
    }
    Ok(MarkOutcome {
        marked: 1,
        days: plan.write.len() as u32,
        conflicts: plan.conflicts.len() as u32,
    })
}

/// Every cadre with a mark at `session`.
fn marked_cadres(tx: &Connection, session: i64) -> Result<Vec<i64>> {
    let mut st = tx.prepare_cached(
        "SELECT cadre FROM training_attendance WHERE session = ?1
         UNION SELECT cadre FROM attendance WHERE source = 'training' AND ref = ?1",
    )?;
    Ok(st
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether `cadre` has a posting under `division` on some day of the session.
fn on_roster(tx: &Connection, s: &Session, cadre: i64) -> Result<bool> {
    let lo = s.division.prefix().to_string();
    let hi = format!("{lo}\u{7f}");
    Ok(tx.query_row(
        "SELECT count(*) > 0 FROM team_member_visible WHERE cadre = ?1 AND village >= ?2 AND village < ?3
         AND start_on <= ?4 AND (end_on IS NULL OR end_on >= ?5)",
        params![cadre, lo, hi, s.to.to_string(), s.from.to_string()],
        |r| r.get(0),
    )?)
}

fn describe(s: &SessionInput) -> String {
    format!(
        "{} {} {} {}..{} {}h",
        s.title,
        s.kind.key(),
        s.division,
        s.from,
        s.to,
        s.hours
    )
}

fn check_input(s: &SessionInput) -> Result<SessionLevel> {
    training::check_session(
        &s.title,
        s.from,
        s.to,
        s.hours,
        &[
            ("organiser", &s.organiser),
            ("venue", &s.venue),
            ("speakers", &s.speakers),
        ],
    )
    .map_err(|e| invalid("training", e))?;
    SessionLevel::of(s.division.level()).ok_or_else(|| {
        invalid(
            "--division",
            TrainingError::NotARunningLevel(s.division.to_string()),
        )
    })
}

fn clean(s: &str) -> String {
    text::sanitize(s.trim(), true)
}

fn audit_row(
    tx: &Transaction,
    now: &str,
    account: &str,
    action: AuditAction,
    record: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account,
            action,
            record,
            old,
            new,
            outcome: Outcome::Ok,
        },
    )
}

impl Store {
    /// The settings the figures are read with.
    pub fn training_settings(&self) -> Result<TrainingSettings> {
        Ok(TrainingSettings {
            target_hours: target_hours(&self.conn)?,
            new_cadre_days: setting_u32(
                &self.conn,
                "training_new_cadre_days",
                training::DEFAULT_NEW_CADRE_DAYS,
            )?,
        })
    }

    /// Change the settings (administrators only; audited, refusals too).
    pub fn set_training_settings(&mut self, s: TrainingSettings) -> Result<TrainingSettings> {
        self.authorize(Need::Admin, None, "settings")?;
        let old = self.training_settings()?;
        let account = self.actor.account.clone();
        let today = self.today;
        self.write(|tx, now| {
            for (k, v) in [
                ("training_target_hours", s.target_hours),
                ("training_new_cadre_days", s.new_cadre_days),
            ] {
                tx.execute(
                    "INSERT INTO setting(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![k, v.to_string()],
                )?;
            }
            // Who reaches the target changes in every year.
            super::training_counts::refresh_training_all(tx, today)?;
            audit_row(
                tx,
                now,
                &account,
                AuditAction::Administer,
                "settings",
                Some(&format!("training {} {}", old.target_hours, old.new_cadre_days)),
                Some(&format!("training {} {}", s.target_hours, s.new_cadre_days)),
            )
        })?;
        Ok(s)
    }

    /// Sessions a scope's cadres go to in `year`: those run at or below the
    /// scope and by its ancestors, by first day, then id.
    pub fn training_sessions(&self, scope: &DivisionCode, year: i32) -> Result<Vec<Session>> {
        self.check_read(scope, &format!("training/{scope}"))?;
        let mut st = self.conn.prepare_cached(&format!(
            "{SESSION_SELECT} WHERE s.from_on >= ?1 AND s.from_on <= ?2 ORDER BY s.from_on, s.id"
        ))?;
        let rows: Vec<Session> = st
            .query_map(
                [format!("{year:04}-01-01"), format!("{year:04}-12-31")],
                map_session,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter(|s| s.division.is_within(scope) || scope.is_within(&s.division))
            .collect())
    }

    /// One session (its division's totals must be readable).
    pub fn training_session(&self, id: i64) -> Result<Session> {
        let s = session_on(&self.conn, id)?
            .ok_or_else(|| invalid("--session", TrainingError::NoSession(id)))?;
        self.check_reach(&s.division, Reach::Totals, &format!("training/{id}"))?;
        Ok(s)
    }

    /// Create a session; returns its id.
    pub fn add_training_session(&mut self, input: &SessionInput) -> Result<i64> {
        let level = check_input(input)?;
        self.authorize(
            Need::Record,
            Some(&input.division),
            &format!("training/{}", input.division),
        )?;
        if !self.division_exists(&input.division)? {
            return Err(StoreError::UnknownDivision(input.division.to_string()));
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO training_session(title, kind, level, division, organiser, from_on, to_on, hours, venue, speakers,
                    created_by, created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
                params![clean(&input.title), input.kind.key(), level.key(), input.division.as_str(), clean(&input.organiser),
                    input.from.to_string(), input.to.to_string(), input.hours, clean(&input.venue), clean(&input.speakers), account, now],
            )?;
            let id = tx.last_insert_rowid();
            audit_row(tx, now, &account, AuditAction::AddTraining, &format!("training/{id}"), None, Some(&describe(input)))?;
            Ok(id)
        })
    }

    fn division_exists(&self, code: &DivisionCode) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) > 0 FROM division WHERE code = ?1",
            [code.as_str()],
            |r| r.get(0),
        )?)
    }

    /// The session for a write: it exists and the actor may record at its
    /// division (refusal audited).
    fn session_for_write(&self, id: i64) -> Result<Session> {
        let s = session_on(&self.conn, id)?
            .ok_or_else(|| invalid("--session", TrainingError::NoSession(id)))?;
        self.authorize(Need::Record, Some(&s.division), &format!("training/{id}"))?;
        Ok(s)
    }

    /// Change a session read at `version`; its grid days follow the new
    /// dates in the same transaction. A change by somebody else meanwhile is
    /// a conflict, nothing written.
    pub fn edit_training_session(
        &mut self,
        id: i64,
        input: &SessionInput,
        version: i64,
    ) -> Result<Session> {
        let level = check_input(input)?;
        let old = self.session_for_write(id)?;
        self.authorize(
            Need::Record,
            Some(&input.division),
            &format!("training/{id}"),
        )?;
        if !self.division_exists(&input.division)? {
            return Err(StoreError::UnknownDivision(input.division.to_string()));
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            let changed = tx.execute(
                "UPDATE training_session SET title = ?1, kind = ?2, level = ?3, division = ?4, organiser = ?5, from_on = ?6,
                    to_on = ?7, hours = ?8, venue = ?9, speakers = ?10, updated_by = ?11, updated_at = ?12, version = version + 1
                 WHERE id = ?13 AND version = ?14",
                params![clean(&input.title), input.kind.key(), level.key(), input.division.as_str(), clean(&input.organiser),
                    input.from.to_string(), input.to.to_string(), input.hours, clean(&input.venue), clean(&input.speakers),
                    account, now, id, version],
            )?;
            if changed == 0 {
                let cur = session_on(tx, id)?;
                let (by, at) = cur.map(|c| (c.updated_by, c.updated_at)).unwrap_or_default();
                return Err(invalid("training", TrainingError::ChangedMeanwhile { by, at }));
            }
            if old.hours != input.hours {
                // Hours credited at the full session follow its hours.
                tx.execute(
                    "UPDATE training_attendance SET hours = ?1 WHERE session = ?2 AND status = 'attended' AND hours = ?3",
                    params![input.hours, id, old.hours],
                )?;
            }
            let cadres = marked_cadres(tx, id)?;
            for c in &cadres {
                rewrite_grid(tx, id, *c)?;
            }
            // The upward report rows of the old and the new dates' months.
            super::upward_reports::refresh_upward_cadres(
                tx,
                &cadres,
                old.from.min(input.from),
                old.to.max(input.to),
            )?;
            super::training_counts::refresh_training_counts(
                tx,
                &cadres,
                [old.from.year(), old.to.year(), input.from.year(), input.to.year()],
            )?;
            audit_row(tx, now, &account, AuditAction::EditTraining, &format!("training/{id}"),
                Some(&describe(&old.input())), Some(&describe(input)))?;
            session_on(tx, id)?.ok_or_else(|| invalid("--session", TrainingError::NoSession(id)))
        })
    }

    /// Delete a session, its marks and its grid days (put back what they
    /// replaced).
    pub fn delete_training_session(&mut self, id: i64) -> Result<()> {
        let old = self.session_for_write(id)?;
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            let cadres = marked_cadres(tx, id)?;
            tx.execute("DELETE FROM training_attendance WHERE session = ?1", [id])?;
            for c in &cadres {
                rewrite_grid(tx, id, *c)?;
            }
            super::upward_reports::refresh_upward_cadres(tx, &cadres, old.from, old.to)?;
            tx.execute("DELETE FROM training_session WHERE id = ?1", [id])?;
            super::training_counts::refresh_training_counts(
                tx,
                &cadres,
                [old.from.year(), old.to.year()],
            )?;
            audit_row(
                tx,
                now,
                &account,
                AuditAction::DeleteTraining,
                &format!("training/{id}"),
                Some(&describe(&old.input())),
                None,
            )
        })
    }

    /// Record marks at a session (one transaction, one audit row), and
    /// write the grid days they lead to.
    pub fn mark_training(&mut self, id: i64, marks: &[MarkInput]) -> Result<MarkOutcome> {
        self.mark_training_as(id, marks, AuditAction::MarkTraining)
    }

    pub(crate) fn mark_training_as(
        &mut self,
        id: i64,
        marks: &[MarkInput],
        action: AuditAction,
    ) -> Result<MarkOutcome> {
        let s = self.session_for_write(id)?;
        for m in marks {
            if let Some(h) = m.hours
                && h > s.hours
            {
                return Err(invalid(
                    "--hours",
                    TrainingError::CreditAbove {
                        hours: h,
                        session: s.hours,
                    },
                ));
            }
            if !on_roster(&self.conn, &s, m.cadre)? {
                let name: Option<String> = self
                    .conn
                    .query_row("SELECT name FROM cadre WHERE id = ?1", [m.cadre], |r| {
                        r.get(0)
                    })
                    .optional()?;
                return Err(invalid(
                    "--cadre",
                    TrainingError::NotOnRoster {
                        cadre: name.unwrap_or_else(|| m.cadre.to_string()),
                    },
                ));
            }
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            let mut out = MarkOutcome::default();
            let mut counts = [0u32; 3];
            for m in marks {
                let hours = m.hours.unwrap_or_else(|| m.mark.default_hours(s.hours));
                tx.execute(
                    "INSERT INTO training_attendance(session, cadre, status, hours, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(session, cadre) DO UPDATE SET status = excluded.status, hours = excluded.hours,
                        marked_by = excluded.marked_by, marked_at = excluded.marked_at",
                    params![id, m.cadre, m.mark.key(), hours, account, now],
                )?;
                let o = rewrite_grid(tx, id, m.cadre)?;
                out.marked += 1;
                out.days += o.days;
                out.conflicts += o.conflicts;
                counts[Mark::ALL.iter().position(|x| *x == m.mark).unwrap_or(0)] += 1;
            }
            let cadres: Vec<i64> = marks.iter().map(|m| m.cadre).collect();
            super::upward_reports::refresh_upward_cadres(tx, &cadres, s.from, s.to)?;
            super::training_counts::refresh_training_counts(
                tx,
                &cadres,
                [s.from.year(), s.to.year()],
            )?;
            let new = format!(
                "attended {} leave {} absent {}; {} days",
                counts[0], counts[1], counts[2], out.days
            );
            audit_row(tx, now, &account, action, &format!("training/{id}"), None, Some(&new))?;
            Ok(out)
        })
    }

    /// The scope a roster is read in: the session's division, or the
    /// actor's own scope where that lies within it (a township reads its
    /// own cadres of a county session).
    fn roster_scope(&self, s: &Session, view: Option<&DivisionCode>) -> Result<DivisionCode> {
        let user = users::get_user(&self.conn, &self.actor.account)?;
        let own = user.and_then(|u| u.scope);
        let scope = [view, own.as_ref()]
            .into_iter()
            .flatten()
            .filter(|sc| sc.is_within(&s.division))
            .max_by_key(|sc| sc.as_str().len())
            .cloned()
            .unwrap_or_else(|| s.division.clone());
        self.check_reach(&scope, Reach::Detail, &format!("training/{}", s.id))?;
        Ok(scope)
    }

    /// A session's attendance list: the cadres posted under its division on
    /// some day of it (and any marked since), by village code, then name.
    pub fn training_roster(&self, id: i64) -> Result<Vec<RosterRow>> {
        self.roster_of(id, None)
    }

    /// As [`Store::training_roster`], only the cadres posted within `view`
    /// where it lies inside the session's division (a village's own cadres
    /// of a county session).
    pub fn training_roster_in(&self, id: i64, view: &DivisionCode) -> Result<Vec<RosterRow>> {
        self.roster_of(id, Some(view))
    }

    fn roster_of(&self, id: i64, view: Option<&DivisionCode>) -> Result<Vec<RosterRow>> {
        let s = self.training_session(id)?;
        let scope = self.roster_scope(&s, view)?;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.name, coalesce(u.name, ''), min(t.village), coalesce(d.name, ''), a.status, coalesce(a.hours, 0),
                (SELECT count(*) FROM attendance g WHERE g.cadre = c.id AND g.source = 'training' AND g.ref = ?1)
             FROM team_member_visible t JOIN cadre c ON c.id = t.cadre LEFT JOIN dispatch_unit u ON u.id = c.unit
             LEFT JOIN division d ON d.code = t.village
             LEFT JOIN training_attendance a ON a.session = ?1 AND a.cadre = c.id
             WHERE t.village >= ?2 AND t.village < ?3
               AND ((t.start_on <= ?4 AND (t.end_on IS NULL OR t.end_on >= ?5)) OR a.status IS NOT NULL)
             GROUP BY c.id ORDER BY min(t.village), c.name, c.id",
        )?;
        let days = s.days();
        let rows = st
            .query_map(
                params![id, lo, hi, s.to.to_string(), s.from.to_string()],
                |r| {
                    let status: Option<String> = r.get(5)?;
                    let mark = status.as_deref().and_then(Mark::from_key);
                    let written: u32 = r.get(7)?;
                    Ok(RosterRow {
                        cadre: r.get(0)?,
                        name: r.get(1)?,
                        unit: r.get(2)?,
                        village: r.get(3)?,
                        village_name: r.get(4)?,
                        mark,
                        hours: r.get(6)?,
                        conflicts: if mark == Some(Mark::Attended) {
                            days.saturating_sub(written)
                        } else {
                            0
                        },
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every cadre posted under `scope` in `year`, with their training of the
    /// year: by village code, then name (never by hours).
    pub fn training_year(&self, scope: &DivisionCode, year: i32) -> Result<Vec<CadreYear>> {
        self.check_reach(scope, Reach::Detail, &format!("training/{scope}"))?;
        let settings = self.training_settings()?;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.name, coalesce(u.name, ''), min(t.village), coalesce(d.name, ''), max(t.start_on)
             FROM team_member_visible t JOIN cadre c ON c.id = t.cadre LEFT JOIN dispatch_unit u ON u.id = c.unit
             LEFT JOIN division d ON d.code = t.village
             WHERE t.village >= ?1 AND t.village < ?2 AND t.start_on <= ?3 AND (t.end_on IS NULL OR t.end_on >= ?4)
             GROUP BY c.id ORDER BY min(t.village), c.name, c.id",
        )?;
        let cadres: Vec<(i64, String, String, String, String, String)> = st
            .query_map(
                params![
                    lo,
                    hi,
                    format!("{year:04}-12-31"),
                    format!("{year:04}-01-01")
                ],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        let by_cadre = attendances(&self.conn, None)?;
        let today = self.today;
        Ok(cadres
            .into_iter()
            .map(|(cadre, name, unit, village, village_name, start)| {
                let rows = by_cadre.get(&cadre).map(Vec::as_slice).unwrap_or(&[]);
                let start = day(&start);
                CadreYear {
                    cadre,
                    name,
                    unit,
                    village,
                    village_name,
                    start,
                    training: YearTraining::of(year, rows),
                    new_untrained: start.year() == year
                        && training::new_cadre_untrained(
                            start,
                            today,
                            settings.new_cadre_days,
                            rows,
                        ),
                }
            })
            .collect())
    }

    /// 未参训名单: the cadres of `scope` with no session attended in `year`,
    /// by village code, then name.
    pub fn untrained(&self, scope: &DivisionCode, year: i32) -> Result<Vec<CadreYear>> {
        Ok(self
            .training_year(scope, year)?
            .into_iter()
            .filter(|c| c.training.untrained())
            .collect())
    }
}
