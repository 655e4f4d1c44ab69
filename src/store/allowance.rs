//! Rates, round trips, insurance policies and the 驻村补助发放表 of a
//! dispatching unit and month (schema version 10). The figures come from
//! [`crate::domain::allowance`]; this module reads what they are computed
//! from and checks who may see and change it.
//!
//! Who may do what:
//! - rates: administrators set them, for a date onward (a date before
//!   today needs a reason, which is audited); everyone reads them;
//! - trips and policies: the county of the cadre's village, or an
//!   administrator;
//! - statements: administrators (the prefecture) read a unit's whole
//!   statement, a county or a viewer the lines of the cadres posted within
//!   its scope; townships and teams do not read statements.
//!
//! Every write and every statement read is audited, refusals included.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::{Result, StoreError};
use crate::domain::allowance::{
    self, CadreAllowance, CadreMonth, Fen, Policy, Rate, RateKind, Rates, Totals, Trip,
};
use crate::domain::attendance::{DayCode, days_in_month};
use crate::domain::{DivisionCode, MemberRole, User, UserRole};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A dispatching unit with cadres posted in a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitChoice {
    pub id: i64,
    pub name: String,
    /// Cadres of the unit posted within the reader's scope that month.
    pub cadres: u32,
}

/// One line of a statement: a cadre and the month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub cadre: i64,
    pub name: String,
    pub village: DivisionCode,
    pub village_name: String,
    pub role: MemberRole,
    pub post: Option<String>,
    pub allowance: CadreAllowance,
}

/// A policy due for renewal, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renewal {
    pub name: String,
    pub policy: Policy,
}

/// The 驻村补助发放表 of a unit and month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub unit: UnitChoice,
    /// The first day of the month.
    pub month: NaiveDate,
    /// By village code, then name (never by an amount).
    pub lines: Vec<StatementLine>,
    pub totals: Totals,
    /// Policies of these cadres ending within 30 days of today.
    pub renewals: Vec<Renewal>,
    /// Whether only some of the unit's cadres are shown (the reader's
    /// scope holds only some of its villages).
    pub partial: bool,
}

/// A new round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TripInput {
    pub cadre: i64,
    pub on: NaiveDate,
    pub route: String,
    pub amount: Fen,
}

/// A new insurance policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInput {
    pub cadre: i64,
    pub number: String,
    pub insurer: String,
    pub cover: Fen,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A stored `YYYY-MM-DD` (chrono's `FromStr`: no format string to
/// interpret for each of a month's many cells).
fn day(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

fn month_bounds(month: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = allowance::month_start(month);
    let n = days_in_month(first.year(), first.month());
    let last = first + chrono::Duration::days(i64::from(n) - 1);
    (first, last)
}

/// The rates of the installation.
pub(crate) fn load_rates(conn: &Connection) -> Result<Rates> {
    let mut st = conn.prepare_cached(
        "SELECT kind, effective_from, value FROM rate ORDER BY kind, effective_from",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (k, f, value) = row?;
        if let (Some(kind), Some(from)) = (RateKind::from_key(&k), day(&f)) {
            out.push(Rate { kind, from, value });
        }
    }
    Ok(Rates::new(out))
}

/// Append an audit row of `action` in its own transaction (refusals and
/// reads, which have no write of their own to join).
fn audit_alone(
    conn: &Connection,
    account: &str,
    action: AuditAction,
    record: &str,
    new: Option<&str>,
    outcome: Outcome,
) -> Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    audit::append(
        &tx,
        &AuditEntry {
            at: &super::now_text_on(conn),
            account,
            action,
            record,
            old: None,
            new,
            outcome,
        },
    )?;
    tx.commit()?;
    super::anchor::after_commit(conn);
    Ok(())
}

/// The village a cadre is (or was last) posted to.
fn cadre_village(conn: &Connection, cadre: i64) -> Result<Option<DivisionCode>> {
    let v: Option<String> = conn
        .query_row(
            "SELECT village FROM team_member_visible WHERE cadre = ?1
             ORDER BY end_on IS NOT NULL, start_on DESC, id DESC LIMIT 1",
            [cadre],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| DivisionCode::parse(&v).ok()))
}

/// Whether `user` may enter trips and policies for a cadre of `village`.
fn may_manage(user: &User, village: &DivisionCode) -> bool {
    match user.role {
        UserRole::Admin => true,
        UserRole::County => user.scope.as_ref().is_some_and(|s| village.is_within(s)),
        _ => false,
    }
}

/// The scope whose cadres' lines `user` may read (None: all), or a refusal.
fn statement_scope(user: &User) -> std::result::Result<Option<DivisionCode>, ()> {
    match user.role {
        UserRole::Admin => Ok(None),
        UserRole::County | UserRole::Viewer => user.scope.clone().map(Some).ok_or(()),
        UserRole::Township | UserRole::Team => Err(()),
    }
}

impl super::Store {
    /// The rates in force and their history.
    pub fn rates(&self) -> Result<Rates> {
        load_rates(&self.conn)
    }

    fn refuse(&self, user: &User, action: AuditAction, record: &str, what: &str) -> StoreError {
        let _ = audit_alone(
            &self.conn,
            &self.actor.account,
            action,
            record,
            None,
            Outcome::Refused,
        );
        StoreError::Denied {
            account: self.actor.account.clone(),
            role: user.role.key().into(),
            action: action.as_str().into(),
            code: what.to_string(),
        }
    }

    /// Set a rate from `from` onward (administrators). A date before today
    /// is refused unless `backdate` gives the reason, which is kept with the
    /// version and in the audit trail: rates never change backward silently.
    pub fn set_rate(
        &mut self,
        kind: RateKind,
        from: NaiveDate,
        value: i64,
        backdate: Option<&str>,
    ) -> Result<()> {
        let user = self.acting_user()?;
        let record = format!("rate/{}/{from}", kind.key());
        if user.role != UserRole::Admin {
            return Err(self.refuse(&user, AuditAction::SetRate, &record, "the whole database"));
        }
        let reason = backdate.map(str::trim).unwrap_or("");
        if from < self.today() && reason.is_empty() {
            let _ = audit_alone(
                &self.conn,
                &self.actor.account,
                AuditAction::SetRate,
                &record,
                None,
                Outcome::Refused,
            );
            return Err(StoreError::invalid(
                "rate",
                format!(
                    "{from} is before today ({}): a rate changes from a date onward; \
                     to correct the past give --backdate \"REASON\"",
                    self.today()
                ),
            ));
        }
        if value < 0 {
            return Err(StoreError::invalid("rate", "a rate cannot be negative"));
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            let old: Option<i64> = tx
                .query_row(
                    "SELECT value FROM rate WHERE kind = ?1 AND effective_from = ?2",
                    (kind.key(), from.to_string()),
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO rate(kind, effective_from, value, set_by, set_at, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(kind, effective_from) DO UPDATE SET value = excluded.value,
                    set_by = excluded.set_by, set_at = excluded.set_at, reason = excluded.reason",
                (kind.key(), from.to_string(), value, &account, now, reason),
            )?;
            let new = if reason.is_empty() {
                kind.show(value)
            } else {
                format!("{} ({reason})", kind.show(value))
            };
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::SetRate,
                    record: &record,
                    old: old.map(|v| kind.show(v)).as_deref(),
                    new: Some(&new),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }

    fn check_cadre_write(&self, cadre: i64, action: AuditAction, record: &str) -> Result<()> {
        let user = self.acting_user()?;
        let Some(village) = cadre_village(&self.conn, cadre)? else {
            return Err(StoreError::invalid(
                "cadre",
                format!("no cadre {cadre} with a posting; `zhucun cadres` lists them"),
            ));
        };
        if !may_manage(&user, &village) {
            return Err(self.refuse(&user, action, record, village.as_str()));
        }
        Ok(())
    }

    /// Record a round trip (the county of the cadre's village, or an
    /// administrator). Returns its id.
    pub fn add_trip(&mut self, t: &TripInput) -> Result<i64> {
        let record = format!("trip/{}/{}", t.cadre, t.on);
        self.check_cadre_write(t.cadre, AuditAction::AddTrip, &record)?;
        if t.route.trim().is_empty() {
            return Err(StoreError::invalid(
                "route",
                "give the route, e.g. 都匀—贵阳",
            ));
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO trip(cadre, on_date, route, amount, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (
                    t.cadre,
                    t.on.to_string(),
                    t.route.trim(),
                    t.amount.0,
                    &account,
                    now,
                ),
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::AddTrip,
                    record: &record,
                    old: None,
                    new: Some(&format!("{} {}", t.route.trim(), t.amount.yuan())),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(id)
        })
    }

    /// Record an insurance policy (the county of the cadre's village, or an
    /// administrator). Returns its id.
    pub fn add_policy(&mut self, p: &PolicyInput) -> Result<i64> {
        let record = format!("policy/{}/{}", p.cadre, p.number.trim());
        self.check_cadre_write(p.cadre, AuditAction::AddPolicy, &record)?;
        if p.number.trim().is_empty() || p.insurer.trim().is_empty() {
            return Err(StoreError::invalid(
                "policy",
                "give the policy number and the insurer",
            ));
        }
        if p.end < p.start {
            return Err(StoreError::invalid(
                "policy",
                format!("it ends ({}) before it starts ({})", p.end, p.start),
            ));
        }
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            tx.execute(
                "INSERT INTO insurance_policy(cadre, policy_no, insurer, cover, start_on, end_on, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                (
                    p.cadre,
                    p.number.trim(),
                    p.insurer.trim(),
                    p.cover.0,
                    p.start.to_string(),
                    p.end.to_string(),
                    &account,
                    now,
                ),
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::AddPolicy,
                    record: &record,
                    old: None,
                    new: Some(&format!("{} {} {}–{}", p.insurer.trim(), p.cover.yuan(), p.start, p.end)),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(id)
        })
    }

    /// The dispatching units with cadres posted in `month` within the
    /// reader's scope, by name.
    pub fn allowance_units(&self, month: NaiveDate) -> Result<Vec<UnitChoice>> {
        let user = self.acting_user()?;
        let Ok(scope) = statement_scope(&user) else {
            return Err(self.refuse(
                &user,
                AuditAction::ReadAllowance,
                "allowance/units",
                "statements",
            ));
        };
        let (first, last) = month_bounds(month);
        let (lo, hi) = range_of(scope.as_ref());
        let mut st = self.conn.prepare_cached(
            "SELECT u.id, u.name, count(DISTINCT c.id)
             FROM team_member_visible t JOIN cadre c ON c.id = t.cadre JOIN dispatch_unit u ON u.id = c.unit
             WHERE t.start_on <= ?1 AND (t.end_on IS NULL OR t.end_on >= ?2)
               AND t.village >= ?3 AND t.village < ?4
             GROUP BY u.id ORDER BY u.name, u.id",
        )?;
        let rows = st.query_map((last.to_string(), first.to_string(), lo, hi), |r| {
            Ok(UnitChoice {
                id: r.get(0)?,
                name: r.get(1)?,
                cadres: r.get::<_, i64>(2)? as u32,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A dispatching unit by id or exact name.
    pub fn find_unit(&self, key: &str) -> Result<Option<(i64, String)>> {
        let key = key.trim();
        let by_id = key.parse::<i64>().ok();
        Ok(self
            .conn
            .query_row(
                "SELECT id, name FROM dispatch_unit WHERE id = ?1 OR name = ?2 ORDER BY id = ?1 DESC LIMIT 1",
                (by_id.unwrap_or(-1), key),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The 驻村补助发放表 of unit `unit` for the month of `month`, audited.
    pub fn allowance_statement(&self, unit: i64, month: NaiveDate) -> Result<Statement> {
        let first = allowance::month_start(month);
        let record = format!("allowance/{unit}/{}", &first.to_string()[..7]);
        let user = self.acting_user()?;
        let Ok(scope) = statement_scope(&user) else {
            return Err(self.refuse(&user, AuditAction::ReadAllowance, &record, "statements"));
        };
        let statement = self.compute_statement(unit, first, scope.as_ref())?;
        audit_alone(
            &self.conn,
            &self.actor.account,
            AuditAction::ReadAllowance,
            &record,
            Some(&format!(
                "{} lines, {}",
                statement.lines.len(),
                statement.totals.total.yuan()
            )),
            Outcome::Ok,
        )?;
        Ok(statement)
    }

    /// Every unit's statement for a month (the prefecture's run), audited
    /// once. The month's grid, trips and policies are read in one pass each.
    pub fn allowance_statements(&self, month: NaiveDate) -> Result<Vec<Statement>> {
        let first = allowance::month_start(month);
        let record = format!("allowance/all/{}", &first.to_string()[..7]);
        let user = self.acting_user()?;
        let Ok(scope) = statement_scope(&user) else {
            return Err(self.refuse(&user, AuditAction::ReadAllowance, &record, "statements"));
        };
        let (_, last) = month_bounds(first);
        let by_unit = self.unit_postings(None, first, last)?;
        let everyone: Vec<i64> = by_unit.values().flatten().map(|p| p.cadre).collect();
        let inputs = self.month_inputs(&everyone, true, (first, last))?;
        let rates = load_rates(&self.conn)?;
        let names = self.unit_names()?;
        let mut out = Vec::with_capacity(by_unit.len());
        let run = Run {
            names: &names,
            inputs: &inputs,
            first,
            scope: scope.as_ref(),
            rates: &rates,
        };
        for (unit, postings) in by_unit {
            let s = self.build_statement(&run, unit, postings);
            if !s.lines.is_empty() {
                out.push(s);
            }
        }
        out.sort_by(|a, b| (&a.unit.name, a.unit.id).cmp(&(&b.unit.name, b.unit.id)));
        let total: Fen = out.iter().map(|s| s.totals.total).sum();
        audit_alone(
            &self.conn,
            &self.actor.account,
            AuditAction::ReadAllowance,
            &record,
            Some(&format!("{} units, {}", out.len(), total.yuan())),
            Outcome::Ok,
        )?;
        Ok(out)
    }

    fn unit_names(&self) -> Result<BTreeMap<i64, String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name FROM dispatch_unit")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn compute_statement(
        &self,
        unit: i64,
        first: NaiveDate,
        scope: Option<&DivisionCode>,
    ) -> Result<Statement> {
        let (_, last) = month_bounds(first);
        let names = self.unit_names()?;
        if !names.contains_key(&unit) {
            return Err(StoreError::invalid(
                "unit",
                format!("no dispatching unit {unit}; `zhucun allowance units` lists them"),
            ));
        }
        let postings = self
            .unit_postings(Some(unit), first, last)?
            .remove(&unit)
            .unwrap_or_default();
        let cadres: Vec<i64> = postings.iter().map(|p| p.cadre).collect();
        let inputs = self.month_inputs(&cadres, false, (first, last))?;
        let rates = load_rates(&self.conn)?;
        let run = Run {
            names: &names,
            inputs: &inputs,
            first,
            scope,
            rates: &rates,
        };
        Ok(self.build_statement(&run, unit, postings))
    }

    fn build_statement(&self, run: &Run<'_>, unit: i64, postings: Vec<UnitPosting>) -> Statement {
        let Run {
            names,
            inputs,
            first,
            scope,
            rates,
        } = *run;
        let total_cadres = postings.len();
        let today = self.today();
        let mut lines = Vec::with_capacity(postings.len());
        let mut renewals = Vec::new();
        for p in postings {
            if scope.is_some_and(|s| !p.village.is_within(s)) {
                continue;
            }
            let input = inputs.of(&p);
            for pol in
                allowance::ending_soon(input.policies.iter(), today, allowance::RENEW_WITHIN_DAYS)
            {
                renewals.push(Renewal {
                    name: p.name.clone(),
                    policy: pol.clone(),
                });
            }
            lines.push(StatementLine {
                cadre: p.cadre,
                allowance: allowance::cadre_month(&input, rates, first),
                name: p.name,
                village: p.village,
                village_name: p.village_name,
                role: p.role,
                post: p.post,
            });
        }
        lines.sort_by(|a, b| {
            (a.village.as_str(), &a.name, a.cadre).cmp(&(b.village.as_str(), &b.name, b.cadre))
        });
        renewals.sort_by(|a, b| (a.policy.end, &a.name).cmp(&(b.policy.end, &b.name)));
        let totals = allowance::totals(lines.iter().map(|l| &l.allowance));
        Statement {
            unit: UnitChoice {
                id: unit,
                name: names.get(&unit).cloned().unwrap_or_default(),
                cadres: lines.len() as u32,
            },
            month: first,
            partial: lines.len() < total_cadres,
            lines,
            totals,
            renewals,
        }
    }

    /// The cadres posted in the month, by unit: one entry per cadre, with
    /// the posted days of all its postings and the village of the latest.
    fn unit_postings(
        &self,
        unit: Option<i64>,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<BTreeMap<i64, Vec<UnitPosting>>> {
        const COLS: &str = "SELECT c.unit, c.id, c.name, c.post, t.village, ifnull(d.name, t.village), t.role, t.start_on, t.end_on
             FROM team_member_visible t JOIN cadre c ON c.id = t.cadre LEFT JOIN division d ON d.code = t.village
             WHERE t.start_on <= ?1 AND (t.end_on IS NULL OR t.end_on >= ?2)";
        let sql = match unit {
            Some(_) => format!("{COLS} AND c.unit = ?3 ORDER BY c.id, t.start_on, t.id"),
            None => format!("{COLS} AND ?3 IS NULL ORDER BY c.id, t.start_on, t.id"),
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map((last.to_string(), first.to_string(), unit), |r| {
            Ok(PostingRow {
                unit: r.get(0)?,
                cadre: r.get(1)?,
                name: r.get(2)?,
                post: r.get(3)?,
                village: r.get(4)?,
                village_name: r.get(5)?,
                role: r.get(6)?,
                start: r.get(7)?,
                end: r.get(8)?,
            })
        })?;
        let mut by_cadre: BTreeMap<i64, (i64, UnitPosting)> = BTreeMap::new();
        for row in rows {
            let row = row?;
            let Ok(code) = DivisionCode::parse(&row.village) else {
                continue;
            };
            let from = day(&row.start).unwrap_or(first).max(first);
            let to = row.end.as_deref().and_then(day).unwrap_or(last).min(last);
            let role = MemberRole::from_key(&row.role).unwrap_or(MemberRole::SentDown);
            let e = &mut by_cadre
                .entry(row.cadre)
                .or_insert_with(|| {
                    (
                        row.unit,
                        UnitPosting {
                            cadre: row.cadre,
                            name: row.name.clone(),
                            post: row.post.clone(),
                            village: code.clone(),
                            village_name: row.village_name.clone(),
                            role,
                            posted: BTreeSet::new(),
                        },
                    )
                })
                .1;
            e.village = code;
            e.village_name = row.village_name;
            e.role = role;
            let mut d = from;
            while d <= to {
                e.posted.insert(d);
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        let mut out: BTreeMap<i64, Vec<UnitPosting>> = BTreeMap::new();
        for (_, (unit, p)) in by_cadre {
            out.entry(unit).or_default().push(p);
        }
        Ok(out)
    }

    /// The month's grid, trips and policies of `cadres`; `all`: they are
    /// everyone posted that month, so trips and policies are read in one
    /// pass each. The grid is always read by the primary key, one key
    /// range per cadre: through the day index every cell would cost a seek
    /// back into the table for its code (a prefecture's month is 225,000
    /// cells).
    fn month_inputs(
        &self,
        cadres: &[i64],
        all: bool,
        (first, last): (NaiveDate, NaiveDate),
    ) -> Result<Inputs> {
        let (f, l) = (first.to_string(), last.to_string());
        let mut inputs = Inputs::default();
        let mut st = self.conn.prepare_cached(
            "SELECT day, code FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day <= ?3",
        )?;
        for &cadre in cadres {
            let mut rows = st.query((cadre, &f, &l))?;
            let mut days = Vec::new();
            while let Some(r) = rows.next()? {
                let (d, code) = (r.get_ref(0)?, r.get_ref(1)?);
                let (Ok(d), Ok(code)) = (d.as_str(), code.as_str()) else {
                    continue;
                };
                if let (Some(d), Some(code)) = (day(d), DayCode::from_key(code)) {
                    days.push((d, code));
                }
            }
            if !days.is_empty() {
                inputs.days.insert(cadre, days);
            }
        }
        let per_cadre: Vec<Option<i64>> = if all {
            vec![None]
        } else {
            cadres.iter().map(|c| Some(*c)).collect()
        };
        for c in per_cadre {
            // One cadre: by its index; everyone: one pass.
            let who = if c.is_some() {
                "cadre = ?1"
            } else {
                "?1 IS NULL"
            };
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT cadre, id, on_date, route, amount FROM trip
                 WHERE {who} AND on_date >= ?2 AND on_date <= ?3"
            ))?;
            let rows = st.query_map((c, &f, &l), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?;
            for row in rows {
                let (cadre, id, on, route, amount) = row?;
                if let Some(on) = day(&on) {
                    inputs.trips.entry(cadre).or_default().push(Trip {
                        id,
                        on,
                        route,
                        amount: Fen(amount),
                    });
                }
            }
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT cadre, id, policy_no, insurer, cover, start_on, end_on FROM insurance_policy
                 WHERE {who} ORDER BY start_on, id"
            ))?;
            let rows = st.query_map([c], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Policy {
                        id: r.get(1)?,
                        number: r.get(2)?,
                        insurer: r.get(3)?,
                        cover: Fen(r.get(4)?),
                        start: day(&r.get::<_, String>(5)?).unwrap_or(NaiveDate::MIN),
                        end: day(&r.get::<_, String>(6)?).unwrap_or(NaiveDate::MIN),
                    },
                ))
            })?;
            for row in rows {
                let (cadre, p) = row?;
                inputs.policies.entry(cadre).or_default().push(p);
            }
        }
        Ok(inputs)
    }

    /// A cadre's insurance policies, by start.
    pub fn policies_of(&self, cadre: i64) -> Result<Vec<Policy>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, policy_no, insurer, cover, start_on, end_on FROM insurance_policy
             WHERE cadre = ?1 ORDER BY start_on, id",
        )?;
        let rows = st
            .query_map([cadre], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(id, number, insurer, cover, s, e)| {
                Some(Policy {
                    id,
                    number,
                    insurer,
                    cover: Fen(cover),
                    start: day(&s)?,
                    end: day(&e)?,
                })
            })
            .collect();
        Ok(rows)
    }
}

/// One row of the postings query.
struct PostingRow {
    unit: i64,
    cadre: i64,
    name: String,
    post: Option<String>,
    village: String,
    village_name: String,
    role: String,
    start: String,
    end: Option<String>,
}

/// What every statement of one run shares.
#[derive(Clone, Copy)]
struct Run<'a> {
    names: &'a BTreeMap<i64, String>,
    inputs: &'a Inputs,
    first: NaiveDate,
    scope: Option<&'a DivisionCode>,
    rates: &'a Rates,
}

/// What the month's lines are computed from, by cadre.
#[derive(Default)]
struct Inputs {
    days: std::collections::HashMap<i64, Vec<(NaiveDate, DayCode)>>,
    trips: std::collections::HashMap<i64, Vec<Trip>>,
    policies: std::collections::HashMap<i64, Vec<Policy>>,
}

impl Inputs {
    fn of(&self, p: &UnitPosting) -> CadreMonth {
        CadreMonth {
            days: self.days.get(&p.cadre).cloned().unwrap_or_default(),
            posted: p.posted.iter().copied().collect(),
            trips: self.trips.get(&p.cadre).cloned().unwrap_or_default(),
            policies: self.policies.get(&p.cadre).cloned().unwrap_or_default(),
        }
    }
}

struct UnitPosting {
    cadre: i64,
    name: String,
    post: Option<String>,
    village: DivisionCode,
    village_name: String,
    role: MemberRole,
    posted: BTreeSet<NaiveDate>,
}

/// The code range `[lo, hi)` of a scope (everything for None).
fn range_of(scope: Option<&DivisionCode>) -> (String, String) {
    match scope {
        Some(s) => {
            let lo = s.prefix().to_string();
            let hi = format!("{lo}\u{7f}");
            (lo, hi)
        }
        None => (String::new(), "\u{7f}".to_string()),
    }
}

impl super::Store {
    /// Audit an export of allowance statements (`record` names unit and
    /// month), done or failed.
    pub fn audit_allowance_export(
        &self,
        record: &str,
        outcome: super::ExportOutcome,
    ) -> Result<()> {
        let (detail, result) = match outcome {
            super::ExportOutcome::Done(n) => (Some(format!("{n} rows")), Outcome::Ok),
            super::ExportOutcome::Refused => (None, Outcome::Refused),
            super::ExportOutcome::Failed => (None, Outcome::Failed),
        };
        audit_alone(
            &self.conn,
            &self.actor.account,
            AuditAction::Export,
            &format!("export/{record}"),
            detail.as_deref(),
            result,
        )
    }
}
