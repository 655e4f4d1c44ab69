//! Dispatching units' responsibility lists (四个捆绑) and help plans
//! (schema version 10): the units of a scope with their villages, plans and
//! funds; one unit's list per village and year, with the people taken from
//! the postings (never typed again); and the audited writes of bundles and
//! plans, which only the county (in its county) and administrators make.
//! Units are listed by name and villages by division code.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::postings::Posting;
use super::scope::Reach;
use super::unit_lists::UnitProblem;
use super::{Detail, Result, StoreError, users};
use crate::domain::posting::UnitLevel;
use crate::domain::units::{self, PlanState, ProjectStatus};
use crate::domain::{DivisionCode, Level, Period, Progress, Status, UserRole, VillageType, text};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// At most this many responsibility items or projects in one list.
pub const ITEMS_MAX: usize = 50;
/// At most this many characters in one item, project name or the goals.
pub const ITEM_MAX_CHARS: usize = 200;
pub const GOALS_MAX_CHARS: usize = 2000;

/// A dispatching unit as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitInfo {
    pub id: i64,
    pub name: String,
    pub level: Option<UnitLevel>,
    pub contact: Option<String>,
    pub leader: Option<String>,
}

/// One unit's line in the units of a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRow {
    pub unit: UnitInfo,
    /// Villages of the scope the unit has postings, a list or a plan in.
    pub villages: usize,
    /// Of those, villages with an approved plan for the year.
    pub plans: usize,
    /// Villages whose plan is missing after the deadline (提示).
    pub plans_missing: usize,
    /// Sums over the unit's lists in the scope, in fen.
    pub funds_planned: i64,
    pub funds_delivered: i64,
}

/// A project of a responsibility list (amount in fen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub name: String,
    pub amount: i64,
    pub status: ProjectStatus,
}

/// A unit's responsibility list for one village and year as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bundle {
    pub duties: Vec<String>,
    pub projects: Vec<Project>,
    pub funds_planned: i64,
    pub funds_delivered: i64,
    pub saved_by: String,
    pub saved_at: String,
    pub version: i64,
}

/// A unit's help plan for one village and year as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpPlan {
    pub goals: String,
    pub budget: i64,
    pub tasks: Vec<u32>,
    pub approved_on: Option<NaiveDate>,
    pub saved_by: String,
    pub saved_at: String,
    pub version: i64,
}

/// One village of a unit's responsibility list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitVillage {
    pub code: DivisionCode,
    pub name: String,
    pub types: Vec<VillageType>,
    pub bundle: Option<Bundle>,
    pub plan: Option<HelpPlan>,
    pub plan_state: PlanState,
    /// The plan's progress from its linked tasks' records.
    pub progress: Progress,
    /// The unit's postings in the village during the year.
    pub people: Vec<Posting>,
}

/// A unit's responsibility list in a scope for a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitDetail {
    pub unit: UnitInfo,
    pub year: i32,
    pub villages: Vec<UnitVillage>,
}

/// A responsibility list to save. `version`: the one read (None: a new list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInput {
    pub unit: i64,
    pub village: DivisionCode,
    pub year: i32,
    pub duties: Vec<String>,
    pub projects: Vec<Project>,
    pub funds_planned: i64,
    pub funds_delivered: i64,
    pub version: Option<i64>,
}

/// A help plan to save. `version`: the one read (None: a new plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanInput {
    pub unit: i64,
    pub village: DivisionCode,
    pub year: i32,
    pub goals: String,
    pub budget: i64,
    pub tasks: Vec<u32>,
    pub approved_on: Option<NaiveDate>,
    pub version: Option<i64>,
}

/// Each unit (by name, id) with the villages it has in a scope.
type UnitVillages = BTreeMap<(String, i64), (UnitInfo, BTreeSet<String>)>;

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

pub(super) fn unit_info(r: &rusqlite::Row, at: usize) -> rusqlite::Result<UnitInfo> {
    let level: Option<String> = r.get(at + 2)?;
    Ok(UnitInfo {
        id: r.get(at)?,
        name: r.get(at + 1)?,
        level: level.as_deref().and_then(UnitLevel::from_key),
        contact: r.get(at + 3)?,
        leader: r.get(at + 4)?,
    })
}

pub(super) fn read_bundle(
    conn: &rusqlite::Connection,
    unit: i64,
    village: &str,
    year: i32,
) -> Result<Option<(i64, Bundle)>> {
    let row = conn
        .prepare_cached(
            "SELECT id, duties, funds_planned, funds_delivered, saved_by, saved_at, version
             FROM unit_bundle WHERE unit = ?1 AND village = ?2 AND year = ?3",
        )?
        .query_row((unit, village, year), |r| {
            let duties: String = r.get(1)?;
            Ok((
                r.get::<_, i64>(0)?,
                Bundle {
                    duties: duties
                        .lines()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                    projects: vec![],
                    funds_planned: r.get(2)?,
                    funds_delivered: r.get(3)?,
                    saved_by: r.get(4)?,
                    saved_at: r.get(5)?,
                    version: r.get(6)?,
                },
            ))
        })
        .optional()?;
    let Some((id, mut b)) = row else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(
        "SELECT name, amount, status FROM bundle_project WHERE bundle = ?1 ORDER BY seq",
    )?;
    b.projects = st
        .query_map([id], |r| {
            let s: String = r.get(2)?;
            Ok(Project {
                name: r.get(0)?,
                amount: r.get(1)?,
                status: ProjectStatus::from_key(&s).unwrap_or(ProjectStatus::Planned),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some((id, b)))
}

pub(super) fn read_plan(
    conn: &rusqlite::Connection,
    unit: i64,
    village: &str,
    year: i32,
) -> Result<Option<HelpPlan>> {
    Ok(conn
        .prepare_cached(
            "SELECT goals, budget, tasks, approved_on, saved_by, saved_at, version
             FROM help_plan WHERE unit = ?1 AND village = ?2 AND year = ?3",
        )?
        .query_row((unit, village, year), |r| {
            let tasks: String = r.get(2)?;
            Ok(HelpPlan {
                goals: r.get(0)?,
                budget: r.get(1)?,
                tasks: units::parse_tasks(&tasks),
                approved_on: date(r.get(3)?),
                saved_by: r.get(4)?,
                saved_at: r.get(5)?,
                version: r.get(6)?,
            })
        })
        .optional()?)
}

impl super::Store {
    /// The (unit, village) pairs of `scope` in `year`: postings of first
    /// secretaries and resident members during the year (sent-down cadres
    /// are the township's own staff, not a dispatching unit's), lists or
    /// plans of the year, in active villages.
    fn unit_villages(
        &self,
        scope: &DivisionCode,
        year: i32,
        unit: Option<i64>,
    ) -> Result<UnitVillages> {
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let (first, last) = year_bounds(year);
        let mut st = self.conn.prepare_cached(
            "SELECT u.id, u.name, u.level, u.contact, u.leader, x.village FROM (
                 SELECT c.unit AS unit, t.village AS village FROM team_member_visible t JOIN cadre c ON c.id = t.cadre
                 WHERE t.village >= ?1 AND t.village < ?2 AND t.start_on <= ?4 AND (t.end_on IS NULL OR t.end_on >= ?3)
                   AND t.role <> 'sent_down'
                 UNION SELECT unit, village FROM unit_bundle WHERE village >= ?1 AND village < ?2 AND year = ?5
                 UNION SELECT unit, village FROM help_plan WHERE village >= ?1 AND village < ?2 AND year = ?5
             ) x JOIN dispatch_unit u ON u.id = x.unit
             JOIN division d ON d.code = x.village AND d.level = 4 AND d.abolished_on IS NULL
             WHERE ?6 IS NULL OR u.id = ?6
             ORDER BY u.name, u.id, x.village",
        )?;
        let rows = st.query_map((lo, hi, first, last, year, unit), |r| {
            Ok((unit_info(r, 0)?, r.get::<_, String>(5)?))
        })?;
        let mut out = UnitVillages::new();
        for r in rows {
            let (u, v) = r?;
            out.entry((u.name.clone(), u.id))
                .or_insert_with(|| (u, BTreeSet::new()))
                .1
                .insert(v);
        }
        Ok(out)
    }

    /// The units of `scope` in `year`, by name: how many villages each has
    /// there, how many of them have an approved plan, how many plans are
    /// missing after the deadline, and the funds of their lists.
    pub fn units_of(&self, scope: &DivisionCode, year: i32) -> Result<Vec<UnitRow>> {
        self.check_reach(scope, Reach::Detail, &format!("units/{scope}"))?;
        let today = self.today;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        // The year's plans and lists of the scope, each read once.
        let mut approved: HashMap<(i64, String), Option<NaiveDate>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT unit, village, approved_on FROM help_plan WHERE village >= ?1 AND village < ?2 AND year = ?3",
        )?;
        for r in st.query_map((&lo, &hi, year), |r| {
            Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
        })? {
            let (k, d): ((i64, String), Option<String>) = r?;
            approved.insert(k, date(d));
        }
        let mut funds: HashMap<(i64, String), (i64, i64)> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT unit, village, funds_planned, funds_delivered FROM unit_bundle WHERE village >= ?1 AND village < ?2 AND year = ?3",
        )?;
        for r in st.query_map((&lo, &hi, year), |r| {
            Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))
        })? {
            let (k, f) = r?;
            funds.insert(k, f);
        }
        let mut out = Vec::new();
        for (_, (unit, villages)) in self.unit_villages(scope, year, None)? {
            let mut row = UnitRow {
                unit,
                villages: villages.len(),
                plans: 0,
                plans_missing: 0,
                funds_planned: 0,
                funds_delivered: 0,
            };
            for v in villages {
                let key = (row.unit.id, v);
                let day = approved.get(&key).copied().flatten();
                match units::plan_state(day, year, today) {
                    PlanState::Approved(_) => row.plans += 1,
                    PlanState::Missing => row.plans_missing += 1,
                    PlanState::Pending => {}
                }
                if let Some((planned, delivered)) = funds.get(&key) {
                    row.funds_planned += planned;
                    row.funds_delivered += delivered;
                }
            }
            out.push(row);
        }
        Ok(out)
    }

    /// Unit `unit`'s responsibility list in `scope` for `year`: each village
    /// (by code) with its list, plan, the plan's state and progress, and the
    /// unit's people there from the postings.
    pub fn responsibility_list(
        &self,
        unit: i64,
        scope: &DivisionCode,
        year: i32,
    ) -> Result<UnitDetail> {
        self.check_reach(scope, Reach::Detail, &format!("units/{scope}/{unit}"))?;
        let pairs = self.unit_villages(scope, year, Some(unit))?;
        let found = pairs.into_values().find(|(u, _)| u.id == unit);
        let (info, villages) = match found {
            Some(x) => x,
            None => (self.unit_info(unit)?, BTreeSet::new()),
        };
        let (first, last) = year_bounds(year);
        let (first, last) = (
            date(Some(first)).unwrap_or_default(),
            date(Some(last)).unwrap_or_default(),
        );
        let mut out = Vec::new();
        for v in &villages {
            let code = DivisionCode::parse(v)
                .map_err(|e| StoreError::invalid("village", e.to_string()))?;
            let Some(d) = self.division(&code)? else {
                continue;
            };
            let bundle = read_bundle(&self.conn, unit, v, year)?.map(|(_, b)| b);
            let plan = read_plan(&self.conn, unit, v, year)?;
            let plan_state =
                units::plan_state(plan.as_ref().and_then(|p| p.approved_on), year, self.today);
            let progress = match &plan {
                Some(p) => self.plan_progress(&code, year, &p.tasks)?,
                None => Progress::default(),
            };
            let people = self
                .postings(&code)?
                .iter()
                .filter(|p| {
                    p.member.village == *v
                        && p.member.unit == info.name
                        && p.member.start <= last
                        && p.member.end.is_none_or(|e| e >= first)
                })
                .cloned()
                .collect();
            out.push(UnitVillage {
                code,
                name: d.name,
                types: d.types,
                bundle,
                plan,
                plan_state,
                progress,
                people,
            });
        }
        Ok(UnitDetail {
            unit: info,
            year,
            villages: out,
        })
    }

    pub(super) fn unit_info(&self, unit: i64) -> Result<UnitInfo> {
        self.conn
            .prepare_cached(
                "SELECT id, name, level, contact, leader FROM dispatch_unit WHERE id = ?1",
            )?
            .query_row([unit], |r| unit_info(r, 0))
            .optional()?
            .ok_or_else(|| StoreError::invalid("unit", UnitProblem::NoUnit(unit.to_string())))
    }

    /// A plan's progress: its linked tasks' records of `year` in `village`.
    fn plan_progress(&self, village: &DivisionCode, year: i32, tasks: &[u32]) -> Result<Progress> {
        let mut st = self.conn.prepare_cached(
            "SELECT task, period, status FROM completion WHERE village = ?1 AND substr(period, 1, 4) = ?2",
        )?;
        let mut recorded: HashMap<(u32, Period), Status> = HashMap::new();
        let rows = st.query_map((village.as_str(), format!("{year:04}")), |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for r in rows {
            let (t, p, s) = r?;
            if let (Ok(p), Some(s)) = (Period::parse(&p), Status::from_key(&s)) {
                recorded.insert((t, p), s);
            }
        }
        let linked: Vec<(u32, crate::domain::Cadence)> = tasks
            .iter()
            .filter_map(|n| self.catalogue.task(*n).map(|t| (*n, t.cadence)))
            .collect();
        Ok(units::plan_progress(
            &linked,
            year,
            |t, p| recorded.get(&(t, p)).copied(),
            self.record_limits(),
        ))
    }
}

// ---- writes ----

/// Check that the acting account manages postings at `village` (the county
/// in its county, administrators anywhere); a refusal is audited under
/// `action` and returned.
pub(super) fn authorize_manage(
    store: &super::Store,
    village: &DivisionCode,
    action: AuditAction,
    record: &str,
) -> Result<()> {
    authorize(
        store,
        |user| match user.role {
            UserRole::Admin => Ok(true),
            UserRole::County => Ok(user.scope.as_ref().is_some_and(|s| village.is_within(s))),
            _ => Ok(false),
        },
        village.as_str(),
        action,
        record,
    )
}

/// Check the acting account by `ok`; a refusal (of `action` on `record`
/// for `code`) is audited and returned.
pub(super) fn authorize(
    store: &super::Store,
    ok: impl FnOnce(&crate::domain::User) -> Result<bool>,
    code: &str,
    action: AuditAction,
    record: &str,
) -> Result<()> {
    let account = &store.actor.account;
    let Some(user) = users::get_user(&store.conn, account)? else {
        return Err(StoreError::NotAUser {
            account: account.clone(),
            admins: users::admins(&store.conn)?,
        });
    };
    if ok(&user)? {
        return Ok(());
    }
    let tx = rusqlite::Transaction::new_unchecked(
        &store.conn,
        rusqlite::TransactionBehavior::Immediate,
    )?;
    audit::append(
        &tx,
        &AuditEntry {
            at: &super::now_text_on(&store.conn),
            account,
            action,
            record,
            old: None,
            new: None,
            outcome: Outcome::Refused,
        },
    )?;
    tx.commit()?;
    super::anchor::after_commit(&store.conn);
    Err(StoreError::Denied {
        account: account.clone(),
        role: user.role.key().into(),
        action: action.as_str().into(),
        code: code.to_string(),
    })
}

fn clean_item(what: &str, s: &str, max: usize) -> Result<String> {
    let t = text::sanitize(s, true).trim().to_string();
    if t.chars().count() > max {
        return Err(StoreError::invalid(
            what,
            Detail::NoteTooLong {
                chars: t.chars().count(),
                max,
            },
        ));
    }
    Ok(t)
}

fn check_money(what: &str, fen: i64) -> Result<()> {
    if fen < 0 {
        return Err(StoreError::invalid(what, UnitProblem::Negative(fen)));
    }
    Ok(())
}

/// The list as it will be stored: items cleaned, blank ones left out.
pub(super) fn clean_bundle(input: &BundleInput) -> Result<BundleInput> {
    if input.duties.len() > ITEMS_MAX || input.projects.len() > ITEMS_MAX {
        return Err(StoreError::invalid(
            "bundle",
            UnitProblem::TooMany { max: ITEMS_MAX },
        ));
    }
    let mut duties = Vec::new();
    for d in &input.duties {
        let d = clean_item("duty", d, ITEM_MAX_CHARS)?;
        if !d.is_empty() {
            duties.push(d);
        }
    }
    let mut projects = Vec::new();
    for p in &input.projects {
        let name = clean_item("project", &p.name, ITEM_MAX_CHARS)?;
        if name.is_empty() {
            return Err(StoreError::invalid("project", UnitProblem::ProjectNoName));
        }
        check_money("project amount", p.amount)?;
        projects.push(Project { name, ..p.clone() });
    }
    check_money("funds planned", input.funds_planned)?;
    check_money("funds delivered", input.funds_delivered)?;
    Ok(BundleInput {
        duties,
        projects,
        ..input.clone()
    })
}

fn describe_bundle(b: &BundleInput) -> String {
    format!(
        "duties={} projects={} planned={} delivered={}",
        b.duties.len(),
        b.projects.len(),
        b.funds_planned,
        b.funds_delivered
    )
}

fn describe_old_bundle(b: &Bundle) -> String {
    format!(
        "duties={} projects={} planned={} delivered={}",
        b.duties.len(),
        b.projects.len(),
        b.funds_planned,
        b.funds_delivered
    )
}

fn describe_plan(budget: i64, tasks: &[u32], approved: Option<NaiveDate>) -> String {
    format!(
        "budget={budget} tasks={} approved={}",
        tasks
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
        approved.map_or_else(|| "-".to_string(), |d| d.to_string())
    )
}

/// Write a cleaned list in `tx` with its audit row under `action`: a
/// stale version is a conflict (audited, nothing written).
pub(super) fn write_bundle(
    tx: &rusqlite::Transaction,
    now: &str,
    by: &str,
    clean: &BundleInput,
    action: AuditAction,
) -> Result<Result<i64>> {
    let record = format!(
        "unit_bundle/{}/{}/{}",
        clean.unit, clean.village, clean.year
    );
    let old = read_bundle(tx, clean.unit, clean.village.as_str(), clean.year)?;
    let current = old.as_ref().map_or(0, |(_, b)| b.version);
    let audited = |outcome: Outcome| {
        audit::append(
            tx,
            &AuditEntry {
                at: now,
                account: by,
                action,
                record: &record,
                old: old.as_ref().map(|(_, b)| describe_old_bundle(b)).as_deref(),
                new: Some(&describe_bundle(clean)),
                outcome,
            },
        )
    };
    if clean.version.unwrap_or(0) != current {
        audited(Outcome::Conflict)?;
        let (by, at) = old
            .as_ref()
            .map(|(_, b)| (b.saved_by.clone(), b.saved_at.clone()))
            .unwrap_or_default();
        return Ok(Err(conflict(&by, &at, current)));
    }
    let version = current + 1;
    let id: i64 = tx
            .prepare_cached(
                "INSERT INTO unit_bundle(unit, village, year, duties, funds_planned, funds_delivered, saved_by, saved_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(unit, village, year) DO UPDATE SET duties = excluded.duties,
                    funds_planned = excluded.funds_planned, funds_delivered = excluded.funds_delivered,
                    saved_by = excluded.saved_by, saved_at = excluded.saved_at, version = excluded.version
                 RETURNING id",
            )?
            .query_row(
                (
                    clean.unit,
                    clean.village.as_str(),
                    clean.year,
                    clean.duties.join("\n"),
                    clean.funds_planned,
                    clean.funds_delivered,
                    by,
                    now,
                    version,
                ),
                |r| r.get(0),
            )?;
    tx.prepare_cached("DELETE FROM bundle_project WHERE bundle = ?1")?
        .execute([id])?;
    let mut add = tx.prepare_cached(
        "INSERT INTO bundle_project(bundle, seq, name, amount, status) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, p) in clean.projects.iter().enumerate() {
        add.execute((id, i as i64 + 1, &p.name, p.amount, p.status.key()))?;
    }
    audited(Outcome::Ok)?;
    Ok(Ok(version))
}

fn conflict(by: &str, at: &str, version: i64) -> StoreError {
    StoreError::Conflict {
        by: by.to_string(),
        at: at.to_string(),
        status: format!("version {version}"),
        note: String::new(),
        version,
    }
}

impl super::Store {
    pub(super) fn check_unit_village(
        &self,
        unit: i64,
        village: &DivisionCode,
        year: i32,
    ) -> Result<()> {
        if village.level() != Level::Village {
            return Err(StoreError::invalid(
                "village",
                UnitProblem::NotAVillage(village.to_string()),
            ));
        }
        self.village(village)?;
        self.unit_info(unit)?;
        if !(2000..=2100).contains(&year) {
            return Err(StoreError::invalid("year", UnitProblem::Year(year)));
        }
        Ok(())
    }

    /// Save a unit's responsibility list for a village and year (one audited
    /// write; a stale `version` is a conflict, audited, nothing written).
    /// Returns the new version.
    pub fn save_bundle(&mut self, input: &BundleInput) -> Result<i64> {
        let record = format!(
            "unit_bundle/{}/{}/{}",
            input.unit, input.village, input.year
        );
        authorize_manage(self, &input.village, AuditAction::SaveBundle, &record)?;
        self.check_unit_village(input.unit, &input.village, input.year)?;
        let clean = clean_bundle(input)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| write_bundle(tx, now, &by, &clean, AuditAction::SaveBundle))?
    }

    /// Save a unit's help plan for a village and year (one audited write; a
    /// stale `version` is a conflict). Linked tasks must be in the duty
    /// catalogue; an approval day may not be after today. Returns the new
    /// version.
    pub fn save_plan(&mut self, input: &PlanInput) -> Result<i64> {
        let record = format!("help_plan/{}/{}/{}", input.unit, input.village, input.year);
        authorize_manage(self, &input.village, AuditAction::SavePlan, &record)?;
        self.check_unit_village(input.unit, &input.village, input.year)?;
        let goals = text::sanitize(&input.goals, false).trim().to_string();
        if goals.chars().count() > GOALS_MAX_CHARS {
            return Err(StoreError::invalid(
                "goals",
                Detail::NoteTooLong {
                    chars: goals.chars().count(),
                    max: GOALS_MAX_CHARS,
                },
            ));
        }
        check_money("budget", input.budget)?;
        let mut tasks = input.tasks.clone();
        tasks.sort_unstable();
        tasks.dedup();
        for t in &tasks {
            if self.catalogue.task(*t).is_none() {
                return Err(StoreError::invalid(
                    "tasks",
                    Detail::NoTask {
                        n: *t,
                        max: self.catalogue.tasks.len(),
                    },
                ));
            }
        }
        if let Some(d) = input.approved_on
            && d > self.today
        {
            return Err(StoreError::invalid(
                "approved",
                UnitProblem::ApprovalAhead {
                    day: d,
                    today: self.today,
                },
            ));
        }
        let by = self.actor.account.clone();
        let new_text = describe_plan(input.budget, &tasks, input.approved_on);
        self.write(|tx, now| {
            let old = read_plan(tx, input.unit, input.village.as_str(), input.year)?;
            let current = old.as_ref().map_or(0, |p| p.version);
            let old_text = old
                .as_ref()
                .map(|p| describe_plan(p.budget, &p.tasks, p.approved_on));
            let outcome = if input.version.unwrap_or(0) == current {
                Outcome::Ok
            } else {
                Outcome::Conflict
            };
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::SavePlan,
                    record: &record,
                    old: old_text.as_deref(),
                    new: Some(&new_text),
                    outcome,
                },
            )?;
            if outcome == Outcome::Conflict {
                let (by, at) = old
                    .as_ref()
                    .map(|p| (p.saved_by.clone(), p.saved_at.clone()))
                    .unwrap_or_default();
                return Ok(Err(conflict(&by, &at, current)));
            }
            let version = current + 1;
            tx.prepare_cached(
                "INSERT INTO help_plan(unit, village, year, goals, budget, tasks, approved_on, saved_by, saved_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(unit, village, year) DO UPDATE SET goals = excluded.goals, budget = excluded.budget,
                    tasks = excluded.tasks, approved_on = excluded.approved_on,
                    saved_by = excluded.saved_by, saved_at = excluded.saved_at, version = excluded.version",
            )?
            .execute((
                input.unit,
                input.village.as_str(),
                input.year,
                &goals,
                input.budget,
                tasks.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
                input.approved_on.map(|d| d.to_string()),
                &by,
                now,
                version,
            ))?;
            Ok(Ok(version))
        })?
    }
}

/// One village's line of the 工作队 tab: its 1+2+N on the day, and for a
/// village with a gap the match hints among the scope's cadres without a
/// posting in post (never an assignment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamRow {
    pub code: DivisionCode,
    pub name: String,
    pub types: Vec<VillageType>,
    pub check: crate::domain::posting::TeamCheck,
    pub hints: Vec<units::MatchHint>,
}

impl TeamRow {
    /// A shortfall or an open handover gap.
    pub fn has_gap(&self) -> bool {
        !self.check.complete() || self.check.open_gap_days() > 0
    }
}

impl super::Store {
    /// Every active village of `scope` (by code) with its 1+2+N on `day`,
    /// from the postings; villages with a gap get match hints.
    pub fn team_rows(&self, scope: &DivisionCode, day: NaiveDate) -> Result<Vec<TeamRow>> {
        use crate::domain::posting;
        let postings = self.postings_under(scope)?;
        let villages = self.villages_under(scope)?;
        // Candidates: the scope's cadres none of whose postings is in post.
        let busy: BTreeSet<i64> = postings
            .iter()
            .filter(|p| p.member.active_on(day))
            .map(|p| p.cadre.id)
            .collect();
        let free: Vec<&crate::domain::posting::Cadre> = postings
            .iter()
            .filter(|p| !busy.contains(&p.cadre.id))
            .map(|p| &p.cadre)
            .collect();
        let mut by_village: HashMap<&str, Vec<crate::domain::TeamMember>> = HashMap::new();
        for p in &postings {
            by_village
                .entry(p.member.village.as_str())
                .or_default()
                .push(p.member.clone());
        }
        let mut out = Vec::with_capacity(villages.len());
        for v in villages {
            let members = by_village.remove(v.code.as_str()).unwrap_or_default();
            let weak = v.types.contains(&VillageType::WeakParty);
            let check = posting::team_check(&members, weak, day);
            let mut row = TeamRow {
                code: v.code,
                name: v.name,
                types: v.types,
                check,
                hints: vec![],
            };
            if row.has_gap() {
                row.hints = units::match_hints(&row.types, free.iter().copied());
            }
            out.push(row);
        }
        Ok(out)
    }
}
