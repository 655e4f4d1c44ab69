//! Incidents and recall cases (召回台账): recording an incident, opening a
//! case, moving it one step (离村 ends the posting and 补派 makes the new
//! one in the same transaction), and the ledger of a scope. The rules
//! (which step may follow which, what a step needs) are domain::recall's.
//!
//! Who may: the county (and administrators) opens and moves cases in its
//! county; the county or township of the village records incidents; anyone
//! who may read the village's detail reads them. Every write and every
//! refusal is audited.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::scope::Reach;
use super::teams::{self, NewMember};
use super::{Detail, Result, StoreError, users};
use crate::domain::recall::{
    self, IncidentKind, IncidentSource, Origin, Stage, StepError, StepInput,
};
use crate::domain::text::{self, NOTE_MAX_CHARS};
use crate::domain::{DivisionCode, MemberRole, User, UserRole};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

/// Why a recall write or read was refused: a kind plus values (words in
/// `crate::i18n::recall`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecallProblem {
    Step(StepError),
    UnknownCase(i64),
    UnknownCadre(i64),
    /// The cadre has never been posted to a village.
    NoPosting(i64),
    /// The cadre already has a case that has not ended.
    AlreadyOpen {
        cadre: i64,
        case: i64,
    },
    /// Somebody moved the case after it was read.
    Changed {
        by: String,
        at: String,
        stage: Stage,
    },
    /// A date after today.
    Future(NaiveDate),
}

impl std::fmt::Display for RecallProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

fn problem(what: &str, p: RecallProblem) -> StoreError {
    StoreError::invalid(what, Detail::Recall(p))
}

/// A recorded incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub id: i64,
    pub cadre: i64,
    pub cadre_name: String,
    pub village: String,
    pub kind: IncidentKind,
    pub on_date: NaiveDate,
    pub source: IncidentSource,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// An incident to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub cadre: i64,
    pub kind: IncidentKind,
    pub source: IncidentSource,
    /// None: today.
    pub on_date: Option<NaiveDate>,
    pub note: String,
    /// Also open a recall case (线索) from it.
    pub open_case: bool,
}

/// One case of the ledger, with the posting it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecallCase {
    pub id: i64,
    pub cadre: i64,
    pub cadre_name: String,
    pub unit: String,
    pub posting: Option<i64>,
    pub village: String,
    pub village_name: String,
    pub role: Option<MemberRole>,
    pub origin: Origin,
    pub origin_ref: Option<String>,
    pub opened_on: NaiveDate,
    pub stage: Stage,
    pub doc_no: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    pub replacement: Option<i64>,
    pub replacement_name: Option<String>,
    pub replacement_start: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
    pub updated_by: String,
    pub updated_at: String,
    pub version: i64,
    /// domain::recall::days_to_replacement on the store's today.
    pub days_to_replacement: Option<i64>,
}

impl RecallCase {
    /// The audit record key of the case.
    pub fn record(&self) -> String {
        format!("recall/{}/{}", self.village, self.id)
    }

    /// The day of its last step (a new step may not be earlier).
    pub fn last_step_on(&self) -> NaiveDate {
        [
            self.decided_on,
            self.notified_on,
            self.left_on,
            self.replacement_start,
            self.closed_on,
        ]
        .into_iter()
        .flatten()
        .fold(self.opened_on, NaiveDate::max)
    }

    /// An automatic lead not yet taken up by a person.
    pub fn is_open_lead(&self) -> bool {
        self.origin.is_automatic() && self.stage == Stage::Lead
    }
}

/// A step a person takes on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRequest {
    pub case: i64,
    pub to: Stage,
    /// None: today.
    pub on: Option<NaiveDate>,
    pub doc_no: Option<String>,
    /// 补派: the replacement's (name, dispatching unit).
    pub replacement: Option<(String, String)>,
    /// None keeps the case's note.
    pub note: Option<String>,
    /// The version read (None: whatever is current, for scripts).
    pub expected_version: Option<i64>,
}

/// The ledger of a scope: counts by stage, every case (by stage, then
/// village code, then the day it opened; never by a person's figures), and
/// the open automatic leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub scope: DivisionCode,
    pub day: NaiveDate,
    pub counts: Vec<(Stage, usize)>,
    pub cases: Vec<RecallCase>,
    pub leads: Vec<RecallCase>,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

const CASE_SELECT: &str = "SELECT r.id, r.cadre, c.name, u.name, r.posting, t.village, d.name, t.role,
        r.origin, r.origin_ref, r.opened_on, r.stage, r.doc_no, r.decided_on, r.notified_on,
        r.left_on, r.replacement, rt.name, rt.start_on, r.closed_on, r.note, r.updated_by,
        r.updated_at, r.version
     FROM recall_case r JOIN cadre c ON c.id = r.cadre JOIN dispatch_unit u ON u.id = c.unit
     LEFT JOIN team_member_visible t ON t.id = coalesce(r.posting,
        (SELECT id FROM team_member_visible WHERE cadre = r.cadre ORDER BY end_on IS NOT NULL, start_on DESC LIMIT 1))
     LEFT JOIN division d ON d.code = t.village
     LEFT JOIN team_member_visible rt ON rt.id = r.replacement";

fn map_case(r: &rusqlite::Row, today: NaiveDate) -> rusqlite::Result<RecallCase> {
    let role: Option<String> = r.get(7)?;
    let origin: String = r.get(8)?;
    let stage: String = r.get(11)?;
    let left_on = date(r.get(15)?);
    let replacement_start = date(r.get(18)?);
    Ok(RecallCase {
        id: r.get(0)?,
        cadre: r.get(1)?,
        cadre_name: r.get(2)?,
        unit: r.get(3)?,
        posting: r.get(4)?,
        village: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        village_name: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        role: role.as_deref().and_then(MemberRole::from_key),
        origin: Origin::from_key(&origin).unwrap_or(Origin::Manual),
        origin_ref: r.get(9)?,
        opened_on: date(r.get(10)?).unwrap_or_default(),
        stage: Stage::from_key(&stage).unwrap_or(Stage::Lead),
        doc_no: r.get(12)?,
        decided_on: date(r.get(13)?),
        notified_on: date(r.get(14)?),
        left_on,
        replacement: r.get(16)?,
        replacement_name: r.get(17)?,
        replacement_start,
        closed_on: date(r.get(19)?),
        note: r.get(20)?,
        updated_by: r.get(21)?,
        updated_at: r.get(22)?,
        version: r.get(23)?,
        days_to_replacement: recall::days_to_replacement(left_on, replacement_start, today),
    })
}

fn read_case(conn: &Connection, id: i64, today: NaiveDate) -> Result<Option<RecallCase>> {
    Ok(conn
        .prepare_cached(&format!("{CASE_SELECT} WHERE r.id = ?1"))?
        .query_row([id], |r| map_case(r, today))
        .optional()?)
}

/// The posting a new case or incident is about: the cadre's posting in post
/// on `day`, else the latest one. (id, village).
fn posting_of(conn: &Connection, cadre: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, village FROM team_member_visible WHERE cadre = ?1
             ORDER BY (start_on <= ?2 AND (end_on IS NULL OR end_on >= ?2)) DESC, start_on DESC, id DESC LIMIT 1",
        )?
        .query_row((cadre, day.to_string()), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// What a write needs of its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    /// record an incident: the village's county or township
    Incident,
    /// open or move a case: the village's county
    Case,
}

fn may(user: &User, act: Act, village: &DivisionCode) -> bool {
    let within = user.scope.as_ref().is_some_and(|s| village.is_within(s));
    match user.role {
        UserRole::Admin => true,
        UserRole::County => within,
        UserRole::Township => within && act == Act::Incident,
        UserRole::Team | UserRole::Viewer => false,
    }
}

fn village_code(s: &str) -> Result<DivisionCode> {
    DivisionCode::parse(s).map_err(|_| StoreError::UnknownVillage(s.to_string()))
}

fn clean_note(note: &str) -> Result<String> {
    let note = text::sanitize(note.trim(), true);
    let chars = note.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(StoreError::invalid(
            "note",
            Detail::NoteTooLong {
                chars,
                max: NOTE_MAX_CHARS,
            },
        ));
    }
    Ok(note)
}

impl super::Store {
    /// Refuse `act` on `village` unless the acting account may; a refusal is
    /// audited (action `action`, record `record`).
    fn authorize_recall(
        &mut self,
        act: Act,
        action: AuditAction,
        village: &DivisionCode,
        record: &str,
    ) -> Result<()> {
        let account = self.actor.account.clone();
        let Some(user) = users::get_user(&self.conn, &account)? else {
            return Err(StoreError::NotAUser {
                account,
                admins: users::admins(&self.conn)?,
            });
        };
        if may(&user, act, village) {
            return Ok(());
        }
        self.write(|tx, now| {
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action,
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
            action: action.as_str().into(),
            code: village.to_string(),
        })
    }

    fn check_day(&self, day: Option<NaiveDate>) -> Result<NaiveDate> {
        let today = self.today();
        match day {
            Some(d) if d > today => Err(problem("date", RecallProblem::Future(d))),
            Some(d) => Ok(d),
            None => Ok(today),
        }
    }

    /// Record an incident (四个一律) about a cadre, and open a case (线索)
    /// from it when asked. Returns (incident id, case id).
    pub fn record_incident(&mut self, n: &NewIncident) -> Result<(i64, Option<i64>)> {
        let day = self.check_day(n.on_date)?;
        let note = clean_note(&n.note)?;
        let Some((posting, village)) = self.cadre_posting(n.cadre, day)? else {
            return Err(problem("cadre", RecallProblem::NoPosting(n.cadre)));
        };
        let code = village_code(&village)?;
        let record = format!("incident/{village}");
        self.authorize_recall(Act::Incident, AuditAction::RecordIncident, &code, &record)?;
        if n.open_case {
            let record = format!("recall/{village}");
            self.authorize_recall(Act::Case, AuditAction::OpenRecall, &code, &record)?;
            self.no_open_case(n.cadre)?;
        }
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            tx.prepare_cached(
                "INSERT INTO incident(cadre, posting, kind, on_date, source, note, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute((
                n.cadre,
                posting,
                n.kind.key(),
                day.to_string(),
                n.source.key(),
                &note,
                &by,
                now,
            ))?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::RecordIncident,
                    record: &format!("incident/{village}/{id}"),
                    old: None,
                    new: Some(&format!(
                        "cadre {} {} {} {day}: {note}",
                        n.cadre,
                        n.kind.key(),
                        n.source.key()
                    )),
                    outcome: Outcome::Ok,
                },
            )?;
            let case = if n.open_case {
                let origin = (Origin::Incident, Some(id.to_string()));
                Some(insert_case(tx, (now, &by), (n.cadre, posting, &village), origin, day, &note)?)
            } else {
                None
            };
            Ok((id, case))
        })
    }

    /// Open a case (线索) about a cadre by hand. Returns its id.
    pub fn open_case(&mut self, cadre: i64, on: Option<NaiveDate>, note: &str) -> Result<i64> {
        let day = self.check_day(on)?;
        let note = clean_note(note)?;
        let Some((posting, village)) = self.cadre_posting(cadre, day)? else {
            return Err(problem("cadre", RecallProblem::NoPosting(cadre)));
        };
        let code = village_code(&village)?;
        let record = format!("recall/{village}");
        self.authorize_recall(Act::Case, AuditAction::OpenRecall, &code, &record)?;
        self.no_open_case(cadre)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            insert_case(
                tx,
                (now, &by),
                (cadre, posting, &village),
                (Origin::Manual, None),
                day,
                &note,
            )
        })
    }

    fn cadre_posting(&self, cadre: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
        let known: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM cadre WHERE id = ?1")?
            .query_row([cadre], |r| r.get(0))
            .optional()?;
        if known.is_none() {
            return Err(problem("cadre", RecallProblem::UnknownCadre(cadre)));
        }
        posting_of(&self.conn, cadre, day)
    }

    fn no_open_case(&self, cadre: i64) -> Result<()> {
        let open: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM recall_case WHERE cadre = ?1
                 AND stage <> 'closed' AND stage <> 'talk' AND stage <> 'dropped' LIMIT 1",
            )?
            .query_row([cadre], |r| r.get(0))
            .optional()?;
        match open {
            Some(case) => Err(problem(
                "recall",
                RecallProblem::AlreadyOpen { cadre, case },
            )),
            None => Ok(()),
        }
    }

    /// One case (inside the reader's scope).
    pub fn recall_case(&self, id: i64) -> Result<RecallCase> {
        let Some(c) = read_case(&self.conn, id, self.today())? else {
            return Err(problem("recall", RecallProblem::UnknownCase(id)));
        };
        self.check_reach(&village_code(&c.village)?, Reach::Detail, &c.record())?;
        Ok(c)
    }

    /// Move a case one step (domain::recall::check_step). 离村 ends the
    /// posting (end_on, end_reason 'recalled') and 补派 creates the new
    /// posting for the same village and role, in the same transaction.
    pub fn advance_case(&mut self, s: &StepRequest) -> Result<RecallCase> {
        let Some(case) = read_case(&self.conn, s.case, self.today())? else {
            return Err(problem("recall", RecallProblem::UnknownCase(s.case)));
        };
        let code = village_code(&case.village)?;
        self.authorize_recall(Act::Case, AuditAction::AdvanceRecall, &code, &case.record())?;
        let day = self.check_day(s.on)?;
        let note = s.note.as_deref().map(clean_note).transpose()?;
        let input = StepInput {
            doc_no: s.doc_no.as_deref().map(|d| text::sanitize(d.trim(), true)),
            replacement: s.replacement.as_ref().map(|(n, u)| {
                (
                    text::sanitize(n.trim(), true),
                    text::sanitize(u.trim(), true),
                )
            }),
        };
        let by = self.actor.account.clone();
        let today = self.today();
        self.write(|tx, now| {
            // Read again under the lock: a step taken meanwhile is a conflict.
            let Some(cur) = read_case(tx, s.case, today)? else {
                return Err(problem("recall", RecallProblem::UnknownCase(s.case)));
            };
            if s.expected_version.is_some_and(|v| v != cur.version) {
                return Err(problem(
                    "recall",
                    RecallProblem::Changed {
                        by: cur.updated_by,
                        at: cur.updated_at,
                        stage: cur.stage,
                    },
                ));
            }
            recall::check_step(cur.stage, s.to, &input, day, cur.last_step_on())
                .map_err(|e| problem("recall", RecallProblem::Step(e)))?;
            apply_step(tx, (now, &by), &cur, s.to, day, &input)?;
            let note = note.unwrap_or_else(|| cur.note.clone());
            let n = tx
                .prepare_cached(
                    "UPDATE recall_case SET stage = ?3, note = ?4, updated_by = ?5, updated_at = ?6,
                        version = version + 1 WHERE id = ?1 AND version = ?2",
                )?
                .execute((cur.id, cur.version, s.to.key(), &note, &by, now))?;
            if n != 1 {
                return Err(problem("recall", RecallProblem::UnknownCase(cur.id)));
            }
            let old = describe_case(&cur);
            let after = read_case(tx, cur.id, today)?
                .ok_or_else(|| problem("recall", RecallProblem::UnknownCase(cur.id)))?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::AdvanceRecall,
                    record: &cur.record(),
                    old: Some(&old),
                    new: Some(&describe_case(&after)),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(after)
        })
    }

    /// The ledger of `scope` (its villages' cases) on the store's today.
    pub fn recall_ledger(&self, scope: &DivisionCode) -> Result<Ledger> {
        self.check_reach(scope, Reach::Detail, &format!("recall/{scope}"))?;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let today = self.today();
        let mut st = self.conn.prepare_cached(&format!(
            "{CASE_SELECT} WHERE t.village >= ?1 AND t.village < ?2"
        ))?;
        let mut cases: Vec<RecallCase> = st
            .query_map([lo, hi], |r| map_case(r, today))?
            .collect::<rusqlite::Result<_>>()?;
        cases.sort_by(|a, b| {
            (a.stage, &a.village, a.opened_on, a.id).cmp(&(b.stage, &b.village, b.opened_on, b.id))
        });
        let counts = recall::stage_counts(cases.iter().map(|c| c.stage));
        let leads = cases.iter().filter(|c| c.is_open_lead()).cloned().collect();
        Ok(Ledger {
            scope: scope.clone(),
            day: today,
            counts: Stage::ALL.into_iter().zip(counts).collect(),
            cases,
            leads,
        })
    }

    /// A cadre's incidents, oldest first (inside the reader's scope: the
    /// village of each incident's posting).
    pub fn incidents_of(&self, cadre: i64) -> Result<Vec<Incident>> {
        let mut st = self.conn.prepare_cached(
            "SELECT i.id, i.cadre, c.name, coalesce(t.village, ''), i.kind, i.on_date, i.source,
                    i.note, i.recorded_by, i.recorded_at
             FROM incident i JOIN cadre c ON c.id = i.cadre LEFT JOIN team_member_visible t ON t.id = i.posting
             WHERE i.cadre = ?1 ORDER BY i.on_date, i.id",
        )?;
        let rows: Vec<Incident> = st
            .query_map([cadre], |r| {
                let kind: String = r.get(4)?;
                let source: String = r.get(6)?;
                Ok(Incident {
                    id: r.get(0)?,
                    cadre: r.get(1)?,
                    cadre_name: r.get(2)?,
                    village: r.get(3)?,
                    kind: IncidentKind::parse(&kind).unwrap_or(IncidentKind::Absent),
                    on_date: date(r.get(5)?).unwrap_or_default(),
                    source: IncidentSource::parse(&source).unwrap_or(IncidentSource::Other),
                    note: r.get(7)?,
                    recorded_by: r.get(8)?,
                    recorded_at: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for i in &rows {
            if let Ok(code) = DivisionCode::parse(&i.village) {
                self.check_reach(&code, Reach::Detail, &format!("incident/{}", i.village))?;
            }
        }
        Ok(rows)
    }
}

fn insert_case(
    tx: &Transaction,
    (now, by): (&str, &str),
    (cadre, posting, village): (i64, i64, &str),
    (origin, origin_ref): (Origin, Option<String>),
    day: NaiveDate,
    note: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO recall_case(cadre, posting, origin, origin_ref, opened_on, note, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        cadre,
        posting,
        origin.key(),
        origin_ref.as_deref(),
        day.to_string(),
        note,
        by,
        now,
    ))?;
    let id = tx.last_insert_rowid();
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::OpenRecall,
            record: &format!("recall/{village}/{id}"),
            old: None,
            new: Some(&format!(
                "cadre {cadre} posting {posting} {} {day}",
                origin.key()
            )),
            outcome: Outcome::Ok,
        },
    )?;
    Ok(id)
}

/// The columns a step sets besides the stage, and the posting it ends or
/// creates.
fn apply_step(
    tx: &Transaction,
    (now, by): (&str, &str),
    case: &RecallCase,
    to: Stage,
    day: NaiveDate,
    input: &StepInput,
) -> Result<()> {
    let d = day.to_string();
    match to {
        Stage::Decided => {
            tx.prepare_cached("UPDATE recall_case SET doc_no = ?2, decided_on = ?3 WHERE id = ?1")?
                .execute((case.id, input.doc_no.as_deref(), &d))?;
        }
        Stage::Notified => {
            tx.prepare_cached("UPDATE recall_case SET notified_on = ?2 WHERE id = ?1")?
                .execute((case.id, &d))?;
        }
        Stage::Left => end_posting(tx, (now, by), case, day)?,
        Stage::Replaced => replace(tx, (now, by), case, day, input)?,
        Stage::Closed | Stage::Talk | Stage::Dropped => {
            tx.prepare_cached("UPDATE recall_case SET closed_on = ?2 WHERE id = ?1")?
                .execute((case.id, &d))?;
        }
        Stage::Lead | Stage::Verifying => {}
    }
    Ok(())
}

fn end_posting(
    tx: &Transaction,
    (now, by): (&str, &str),
    case: &RecallCase,
    day: NaiveDate,
) -> Result<()> {
    let d = day.to_string();
    tx.prepare_cached("UPDATE recall_case SET left_on = ?2 WHERE id = ?1")?
        .execute((case.id, &d))?;
    let Some(posting) = case.posting else {
        return Ok(());
    };
    let old: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT end_on, end_reason FROM team_member_visible WHERE id = ?1")?
        .query_row([posting], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    tx.prepare_cached(
        "UPDATE team_member SET end_on = CASE WHEN end_on IS NULL OR end_on > ?2 THEN ?2 ELSE end_on END,
            end_reason = 'recalled' WHERE id = ?1",
    )?
    .execute((posting, &d))?;
    let describe = |(e, r): &(Option<String>, Option<String>)| {
        format!(
            "end {} reason {}",
            e.as_deref().unwrap_or("-"),
            r.as_deref().unwrap_or("-")
        )
    };
    let new: (Option<String>, Option<String>) = tx
        .prepare_cached("SELECT end_on, end_reason FROM team_member_visible WHERE id = ?1")?
        .query_row([posting], |r| Ok((r.get(0)?, r.get(1)?)))?;
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::AdvanceRecall,
            record: &format!("team/{}/{posting}", case.village),
            old: old.as_ref().map(describe).as_deref(),
            new: Some(&describe(&new)),
            outcome: Outcome::Ok,
        },
    )?;
    Ok(())
}

fn replace(
    tx: &Transaction,
    (now, by): (&str, &str),
    case: &RecallCase,
    day: NaiveDate,
    input: &StepInput,
) -> Result<()> {
    let Some((name, unit)) = &input.replacement else {
        return Err(problem(
            "recall",
            RecallProblem::Step(StepError::ReplacementMissing),
        ));
    };
    let member = NewMember {
        village: village_code(&case.village)?,
        name: name.clone(),
        role: case.role.unwrap_or(MemberRole::SentDown),
        unit: unit.clone(),
        start: day,
        end: None,
    };
    let id = teams::insert(tx, &member)?;
    super::link_cadres(tx)?;
    tx.prepare_cached("UPDATE recall_case SET replacement = ?2 WHERE id = ?1")?
        .execute((case.id, id))?;
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::AdvanceRecall,
            record: &format!("team/{}/{id}", case.village),
            old: None,
            new: Some(&format!(
                "{} {} {} {day} (replaces posting {})",
                member.name,
                member.unit,
                member.role.key(),
                case.posting.map_or("-".to_string(), |p| p.to_string())
            )),
            outcome: Outcome::Ok,
        },
    )?;
    Ok(())
}

fn describe_case(c: &RecallCase) -> String {
    let mut s = c.stage.key().to_string();
    if let Some(d) = &c.doc_no {
        s.push_str(&format!(" doc {d}"));
    }
    if let Some(r) = c.replacement {
        s.push_str(&format!(" replacement {r}"));
    }
    if !c.note.is_empty() {
        s.push_str(&format!(": {}", c.note));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: UserRole, scope: &str) -> User {
        User {
            account: "u".into(),
            role,
            scope: Some(DivisionCode::parse(scope).unwrap()),
        }
    }

    #[test]
    fn the_county_decides_the_township_records_others_only_read() {
        let v = DivisionCode::parse("522701001201").unwrap();
        let county = user(UserRole::County, "522701");
        let other_county = user(UserRole::County, "522702");
        let township = user(UserRole::Township, "522701001");
        let team = user(UserRole::Team, "522701001201");
        let viewer = user(UserRole::Viewer, "522701");
        assert!(may(&county, Act::Case, &v) && may(&county, Act::Incident, &v));
        assert!(!may(&other_county, Act::Case, &v) && !may(&other_county, Act::Incident, &v));
        assert!(may(&township, Act::Incident, &v) && !may(&township, Act::Case, &v));
        for u in [&team, &viewer] {
            assert!(!may(u, Act::Case, &v) && !may(u, Act::Incident, &v));
        }
        let admin = User {
            account: "a".into(),
            role: UserRole::Admin,
            scope: None,
        };
        assert!(may(&admin, Act::Case, &v));
    }
}
