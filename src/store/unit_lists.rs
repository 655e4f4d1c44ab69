//! Entering and changing the dispatching units' records, responsibility
//! lists (四个捆绑) and help plans piece by piece (issue 12): a unit's
//! level, contact and leader; one responsibility item, project or the
//! funds of a list; a plan's goals, budget, linked tasks and approval.
//! Every change goes through the versioned, audited writes of
//! `store::units` (a stale version is "changed meanwhile", nothing
//! written); the county manages the units and lists of villages in its
//! county, administrators everything, and every refusal is audited.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::units::{BundleInput, PlanInput, Project, UnitInfo, authorize, read_bundle, read_plan};
use super::{Detail, Result, StoreError};
use crate::domain::posting::UnitLevel;
use crate::domain::units::ProjectStatus;
use crate::domain::{DivisionCode, UserRole, text};
use chrono::NaiveDate;

/// At most this many characters in a unit's contact or leader.
pub const UNIT_FIELD_MAX_CHARS: usize = 100;

/// What is wrong with a unit, list or plan input (words in
/// `crate::i18n::units`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitProblem {
    /// No dispatching unit of that name or id.
    NoUnit(String),
    NotAVillage(String),
    Year(i32),
    /// An amount below zero (fen).
    Negative(i64),
    /// An amount that is not yuan ("12.50").
    NotAnAmount(String),
    ProjectNoName,
    /// A new responsibility item with no text.
    ItemNoText,
    /// More than `max` items or projects in one list.
    TooMany {
        max: usize,
    },
    /// Item number `n` (1-based) of a list of `len`.
    NoItem {
        n: usize,
        len: usize,
    },
    NoProject {
        n: usize,
        len: usize,
    },
    /// A project status that is none of 计划/实施中/已完成/已取消.
    NotAStatus(String),
    /// The approval day after today.
    ApprovalAhead {
        day: NaiveDate,
        today: NaiveDate,
    },
    /// Approving a plan that was never entered.
    NoPlan,
    /// A `set` with nothing to set.
    NothingToSet,
    /// A linked task that is not a number.
    NotATask(String),
    /// A unit level that is none of 中央/省级/州级/县级/乡镇/部队/其他.
    NotALevel(String),
    /// The same project or item twice in one list.
    Duplicate(String),
}

impl From<UnitProblem> for Detail {
    fn from(p: UnitProblem) -> Detail {
        Detail::Units(p)
    }
}

/// A change of a unit's record: None leaves a field as it is, an empty
/// text clears it. `expected`: the record as read (None: read now), a
/// different current record is a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitEdit {
    pub level: Option<Option<UnitLevel>>,
    pub contact: Option<String>,
    pub leader: Option<String>,
    pub expected: Option<UnitInfo>,
}

/// One change of a responsibility list (item and project numbers 1-based,
/// as shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleEdit {
    AddDuty(String),
    SetDuty(usize, String),
    RemoveDuty(usize),
    AddProject(Project),
    SetProject {
        n: usize,
        name: Option<String>,
        amount: Option<i64>,
        status: Option<ProjectStatus>,
    },
    RemoveProject(usize),
    Funds {
        planned: Option<i64>,
        delivered: Option<i64>,
    },
}

/// A change of a help plan: None leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanEdit {
    pub goals: Option<String>,
    pub budget: Option<i64>,
    pub tasks: Option<Vec<u32>>,
    /// Some(None): the approval withdrawn.
    pub approved_on: Option<Option<NaiveDate>>,
}

/// Which unit, village and year a list or plan is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey {
    pub unit: i64,
    pub village: DivisionCode,
    pub year: i32,
}

fn invalid(what: &str, p: UnitProblem) -> StoreError {
    StoreError::invalid(what, p)
}

fn describe_unit(u: &UnitInfo) -> String {
    format!(
        "level={} contact={} leader={}",
        u.level.map_or("-", UnitLevel::key),
        u.contact.as_deref().unwrap_or("-"),
        u.leader.as_deref().unwrap_or("-")
    )
}

fn clean_field(what: &str, s: &str) -> Result<Option<String>> {
    let t = text::sanitize(s, true).trim().to_string();
    let n = t.chars().count();
    if n > UNIT_FIELD_MAX_CHARS {
        return Err(StoreError::invalid(
            what,
            Detail::NoteTooLong {
                chars: n,
                max: UNIT_FIELD_MAX_CHARS,
            },
        ));
    }
    Ok((!t.is_empty()).then_some(t))
}

/// `n` (1-based) as an index into a list of `len`.
fn index(n: usize, len: usize, p: fn(usize, usize) -> UnitProblem, what: &str) -> Result<usize> {
    if n == 0 || n > len {
        return Err(invalid(what, p(n, len)));
    }
    Ok(n - 1)
}

fn no_item(n: usize, len: usize) -> UnitProblem {
    UnitProblem::NoItem { n, len }
}

fn no_project(n: usize, len: usize) -> UnitProblem {
    UnitProblem::NoProject { n, len }
}

/// Apply `edits` to a list in order.
pub fn apply_edits(input: &mut BundleInput, edits: &[BundleEdit]) -> Result<()> {
    for e in edits {
        match e {
            BundleEdit::AddDuty(d) => input.duties.push(d.clone()),
            BundleEdit::SetDuty(n, d) => {
                let i = index(*n, input.duties.len(), no_item, "duty")?;
                input.duties[i] = d.clone();
            }
            BundleEdit::RemoveDuty(n) => {
                let i = index(*n, input.duties.len(), no_item, "duty")?;
                input.duties.remove(i);
            }
            BundleEdit::AddProject(p) => input.projects.push(p.clone()),
            BundleEdit::SetProject {
                n,
                name,
                amount,
                status,
            } => {
                let i = index(*n, input.projects.len(), no_project, "project")?;
                let p = &mut input.projects[i];
                if let Some(name) = name {
                    p.name = name.clone();
                }
                if let Some(a) = amount {
                    p.amount = *a;
                }
                if let Some(s) = status {
                    p.status = *s;
                }
            }
            BundleEdit::RemoveProject(n) => {
                let i = index(*n, input.projects.len(), no_project, "project")?;
                input.projects.remove(i);
            }
            BundleEdit::Funds { planned, delivered } => {
                if let Some(p) = planned {
                    input.funds_planned = *p;
                }
                if let Some(d) = delivered {
                    input.funds_delivered = *d;
                }
            }
        }
    }
    Ok(())
}

impl super::Store {
    /// The dispatching unit of id or exact name `s` (as
    /// [`Store::find_unit`]), with its record; none is a problem that says
    /// where to look.
    pub fn unit_named(&self, s: &str) -> Result<UnitInfo> {
        match self.find_unit(s)? {
            Some((id, _)) => self.unit_info(id),
            None => Err(invalid("unit", UnitProblem::NoUnit(s.trim().to_string()))),
        }
    }

    /// Whether unit `unit` has a posting, a list or a plan in a village
    /// under `scope` (any year).
    fn unit_touches(&self, unit: i64, scope: &DivisionCode) -> Result<bool> {
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        Ok(self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM team_member_visible t JOIN cadre c ON c.id = t.cadre
                 WHERE c.unit = ?1 AND t.village >= ?2 AND t.village < ?3)
             OR EXISTS (SELECT 1 FROM unit_bundle WHERE unit = ?1 AND village >= ?2 AND village < ?3)
             OR EXISTS (SELECT 1 FROM help_plan WHERE unit = ?1 AND village >= ?2 AND village < ?3)",
        )?
        .query_row((unit, lo, hi), |r| r.get(0))?)
    }

    /// Change a unit's level, contact or leader (one audited write). The
    /// county may change a unit with postings, a list or a plan in its
    /// county, administrators any; a refusal is audited.
    pub fn set_unit(&mut self, unit: i64, edit: &UnitEdit) -> Result<UnitInfo> {
        let record = format!("dispatch_unit/{unit}");
        let current = self.unit_info(unit)?;
        let code = self
            .actor
            .scope()
            .map_or_else(|| "-".to_string(), |s| s.to_string());
        authorize(
            self,
            |user| match (user.role, &user.scope) {
                (UserRole::Admin, _) => Ok(true),
                (UserRole::County, Some(s)) => self.unit_touches(unit, s),
                _ => Ok(false),
            },
            &code,
            AuditAction::SetUnit,
            &record,
        )?;
        if edit.level.is_none() && edit.contact.is_none() && edit.leader.is_none() {
            return Err(invalid("unit", UnitProblem::NothingToSet));
        }
        let contact = match &edit.contact {
            Some(c) => Some(clean_field("contact", c)?),
            None => None,
        };
        let leader = match &edit.leader {
            Some(l) => Some(clean_field("leader", l)?),
            None => None,
        };
        let new = UnitInfo {
            level: edit.level.unwrap_or(current.level),
            contact: contact.unwrap_or(current.contact.clone()),
            leader: leader.unwrap_or(current.leader.clone()),
            ..current.clone()
        };
        let by = self.actor.account.clone();
        let expected = edit.expected.clone();
        self.write(|tx, now| {
            let old = tx
                .prepare_cached(
                    "SELECT id, name, level, contact, leader FROM dispatch_unit WHERE id = ?1",
                )?
                .query_row([unit], |r| super::units::unit_info(r, 0))?;
            let stale = expected.as_ref().is_some_and(|e| *e != old);
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::SetUnit,
                    record: &record,
                    old: Some(&describe_unit(&old)),
                    new: Some(&describe_unit(&new)),
                    outcome: if stale {
                        Outcome::Conflict
                    } else {
                        Outcome::Ok
                    },
                },
            )?;
            if stale {
                return Ok(Err(StoreError::Conflict {
                    by: String::new(),
                    at: String::new(),
                    status: describe_unit(&old),
                    note: String::new(),
                    version: 0,
                }));
            }
            tx.prepare_cached(
                "UPDATE dispatch_unit SET level = ?2, contact = ?3, leader = ?4 WHERE id = ?1",
            )?
            .execute((
                unit,
                new.level.map(UnitLevel::key),
                &new.contact,
                &new.leader,
            ))?;
            Ok(Ok(new.clone()))
        })?
    }

    /// The list of `key` as an input to save (empty if none yet) with the
    /// version read.
    pub fn bundle_input(&self, key: &ListKey) -> Result<BundleInput> {
        let old = read_bundle(&self.conn, key.unit, key.village.as_str(), key.year)?;
        Ok(match old {
            Some((_, b)) => BundleInput {
                unit: key.unit,
                village: key.village.clone(),
                year: key.year,
                duties: b.duties,
                projects: b.projects,
                funds_planned: b.funds_planned,
                funds_delivered: b.funds_delivered,
                version: Some(b.version),
            },
            None => BundleInput {
                unit: key.unit,
                village: key.village.clone(),
                year: key.year,
                duties: vec![],
                projects: vec![],
                funds_planned: 0,
                funds_delivered: 0,
                version: None,
            },
        })
    }

    /// Change the list of `key` by `edits` (read, changed, saved with the
    /// version read, or with `version` when the caller read it earlier: a
    /// change in between is a conflict). Returns the new version.
    pub fn edit_bundle(
        &mut self,
        key: &ListKey,
        version: Option<i64>,
        edits: &[BundleEdit],
    ) -> Result<i64> {
        let record = format!("unit_bundle/{}/{}/{}", key.unit, key.village, key.year);
        super::units::authorize_manage(self, &key.village, AuditAction::SaveBundle, &record)?;
        self.check_list_key(key)?;
        let mut input = self.bundle_input(key)?;
        if let Some(v) = version {
            input.version = (v > 0).then_some(v);
        }
        apply_edits(&mut input, edits)?;
        self.save_bundle(&input)
    }

    /// Change the help plan of `key` (read, changed, saved as
    /// [`Store::edit_bundle`]); approving a plan never entered is refused.
    pub fn edit_plan(
        &mut self,
        key: &ListKey,
        version: Option<i64>,
        edit: &PlanEdit,
    ) -> Result<i64> {
        let record = format!("help_plan/{}/{}/{}", key.unit, key.village, key.year);
        super::units::authorize_manage(self, &key.village, AuditAction::SavePlan, &record)?;
        self.check_list_key(key)?;
        let old = read_plan(&self.conn, key.unit, key.village.as_str(), key.year)?;
        if old.is_none() && edit.goals.is_none() && edit.budget.is_none() && edit.tasks.is_none() {
            return Err(invalid("plan", UnitProblem::NoPlan));
        }
        let mut input = match old {
            Some(p) => PlanInput {
                unit: key.unit,
                village: key.village.clone(),
                year: key.year,
                goals: p.goals,
                budget: p.budget,
                tasks: p.tasks,
                approved_on: p.approved_on,
                version: Some(p.version),
            },
            None => PlanInput {
                unit: key.unit,
                village: key.village.clone(),
                year: key.year,
                goals: String::new(),
                budget: 0,
                tasks: vec![],
                approved_on: None,
                version: None,
            },
        };
        if let Some(v) = version {
            input.version = (v > 0).then_some(v);
        }
        if let Some(g) = &edit.goals {
            input.goals = g.clone();
        }
        if let Some(b) = edit.budget {
            input.budget = b;
        }
        if let Some(t) = &edit.tasks {
            input.tasks = t.clone();
        }
        if let Some(a) = edit.approved_on {
            input.approved_on = a;
        }
        self.save_plan(&input)
    }

    /// Save the lists of an import in one transaction: all or nothing, one
    /// audit row per list (`import lists`); a list changed since it was
    /// read fails the whole import. Returns the lists written.
    pub fn import_bundles(&mut self, inputs: &[BundleInput]) -> Result<usize> {
        if inputs.is_empty() {
            return Ok(0);
        }
        for i in inputs {
            let record = format!("unit_bundle/{}/{}/{}", i.unit, i.village, i.year);
            super::units::authorize_manage(self, &i.village, AuditAction::ImportLists, &record)?;
            self.check_list_key(&ListKey {
                unit: i.unit,
                village: i.village.clone(),
                year: i.year,
            })?;
        }
        let clean: Vec<BundleInput> = inputs
            .iter()
            .map(super::units::clean_bundle)
            .collect::<Result<_>>()?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            // A list changed since it was read: its conflict audited,
            // nothing of the import written.
            for b in &clean {
                let current = read_bundle(tx, b.unit, b.village.as_str(), b.year)?
                    .map_or(0, |(_, x)| x.version);
                if b.version.unwrap_or(0) != current {
                    return super::units::write_bundle(tx, now, &by, b, AuditAction::ImportLists)
                        .map(|r| r.map(|_| 0));
                }
            }
            for b in &clean {
                if let Err(e) =
                    super::units::write_bundle(tx, now, &by, b, AuditAction::ImportLists)?
                {
                    return Ok(Err(e));
                }
            }
            Ok(Ok(clean.len()))
        })?
    }

    /// Whether the acting account may write the lists of `village` (the
    /// county in its county, administrators anywhere); nothing audited.
    pub fn may_manage_lists(&self, village: &DivisionCode) -> bool {
        match (self.actor.role(), self.actor.scope()) {
            (Some(UserRole::Admin), _) => true,
            (Some(UserRole::County), Some(s)) => village.is_within(s),
            _ => false,
        }
    }

    /// Audit the refusal of an import of lists (`label`) reaching into
    /// `village`, and return it.
    pub fn refuse_lists_import(&self, village: &DivisionCode, label: &str) -> Result<()> {
        let record = format!("import/{label}");
        super::units::authorize_manage(self, village, AuditAction::ImportLists, &record)
    }

    fn check_list_key(&self, key: &ListKey) -> Result<()> {
        self.check_unit_village(key.unit, &key.village, key.year)
    }
}
