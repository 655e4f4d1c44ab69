//! The annual assessment (年度考核) and commendations: a pool's cadres with
//! their year beside them, grades entered by the assessing body, the 优秀
//! quota checked inside the write transaction (two colleagues cannot both
//! take the last place), the grade distribution per county as counts, and
//! the 专项培养方案 list.
//!
//! Rules live in `domain::assessment`; this module reads and writes them.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::{Detail, Result, StoreError, users};
use crate::domain::assessment::{
    self as rules, CommendLevel, Grade, GradeRefusal, MonthDays, PoolCount, Suggestion,
};
use crate::domain::attendance::days_in_month;
use crate::domain::{DivisionCode, Level, UserRole};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// The setting that holds the 优秀 quota percentage.
pub const QUOTA_SETTING: &str = "excellent_quota_pct";

/// The pool a cadre is assessed in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum Pool {
    /// The cadres posted in a county during the year.
    County(DivisionCode),
    /// The cadres of a dispatching unit (its id) posted during the year.
    Unit(i64),
}

impl Pool {
    pub fn kind(&self) -> &'static str {
        match self {
            Pool::County(_) => "county",
            Pool::Unit(_) => "unit",
        }
    }

    pub fn key(&self) -> String {
        match self {
            Pool::County(c) => c.to_string(),
            Pool::Unit(u) => u.to_string(),
        }
    }

    /// The pool a grade's row names (`pool_kind`, `pool_key`).
    fn from_stored(kind: &str, key: &str) -> Option<Pool> {
        match kind {
            "county" => DivisionCode::parse(key).ok().map(Pool::County),
            "unit" => key.parse().ok().map(Pool::Unit),
            _ => None,
        }
    }

    fn record(&self) -> String {
        format!("pool/{}/{}", self.kind(), self.key())
    }
}

/// Something about an assessment input the store refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessDetail {
    /// The grade breaks a rule (quota, recalled).
    Refused { name: String, why: GradeRefusal },
    /// The cadre had no posting in the pool that year.
    NotInPool { name: String, year: i32 },
    /// More than one cadre of the pool has that name (their ids).
    SameName { name: String, ids: Vec<i64> },
    /// No cadre with that id.
    NoCadre(i64),
    /// A county pool must name a county.
    NotACounty(String),
    /// No dispatching unit with that id.
    NoUnit(i64),
    /// The 考核单位 was left empty.
    NoBody,
    /// A commendation without its title.
    NoTitle,
    /// A quota percentage outside 1..=100.
    QuotaPct(u32),
}

/// A pool that holds more 优秀 than its quota: after the percentage was
/// lowered, the grades given before stay (nothing is changed behind the
/// assessing body's back) and are reported, as counts, for review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OverQuota {
    pub pool: Pool,
    /// The county's or the unit's name.
    pub name: String,
    pub year: i32,
    pub counts: PoolCount,
}

/// One cadre of a pool, with the year beside the grade.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PoolRow {
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    /// The village of the cadre's latest posting in the year.
    pub village: DivisionCode,
    pub village_name: String,
    /// Days in the village over the year (the grid as entered).
    pub days_in_village: u32,
    pub suggestion: Suggestion,
    pub recalled: bool,
    /// Training hours of the year; None where no training table exists.
    pub training_hours: Option<u32>,
    pub grade: Option<Grade>,
    pub body: Option<String>,
    /// 0: no grade yet.
    pub version: i64,
}

/// A pool's cadres of a year, sorted by village code then name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PoolView {
    pub pool: Pool,
    pub year: i32,
    pub pct: u32,
    pub rows: Vec<PoolRow>,
}

impl PoolView {
    /// The counts the quota is read against (also the live counter).
    pub fn counts(&self) -> PoolCount {
        PoolCount {
            pool: self.rows.len() as u32,
            excellent: self.count(Grade::Excellent),
            pct: self.pct,
        }
    }

    pub fn count(&self, g: Grade) -> u32 {
        self.rows.iter().filter(|r| r.grade == Some(g)).count() as u32
    }
}

/// A grade to set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeInput {
    pub cadre: i64,
    pub year: i32,
    pub grade: Grade,
    pub pool: Pool,
    pub body: String,
    pub assessed_on: NaiveDate,
    pub basis: String,
    /// The version read (0: no grade was there); None: do not check.
    pub expected_version: Option<i64>,
}

/// A commendation to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommendInput {
    pub cadre: i64,
    pub level: CommendLevel,
    pub title: String,
    pub on_date: NaiveDate,
    pub doc_no: String,
}

/// A recorded commendation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommendRow {
    pub id: i64,
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    /// The village of the cadre's latest posting (for sorting).
    pub village: Option<String>,
    pub level: CommendLevel,
    pub title: String,
    pub on_date: NaiveDate,
    pub doc_no: String,
}

/// One county's grade counts of a year (never a list of people).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CountyGrades {
    pub county: DivisionCode,
    pub name: String,
    /// Cadres in the county's pool.
    pub pool: u32,
    /// Counts per grade, in `Grade::ALL` order.
    pub counts: [u32; 4],
    /// The quota percentage it was read with: the prefecture's setting
    /// (at a received copy, as pushed).
    pub pct: u32,
    pub quota: u32,
}

/// The counties a scope's per-county figures list: the county itself, the
/// county a township or village lies in, or every county of a prefecture
/// or province, by code.
pub(super) fn counties_of(conn: &Connection, scope: &DivisionCode) -> Result<Vec<DivisionCode>> {
    match scope.level() {
        Level::County | Level::Township | Level::Village => Ok(scope
            .lineage()
            .into_iter()
            .filter(|c| c.level() == Level::County)
            .collect()),
        Level::Province | Level::Prefecture => counties_within(conn, scope),
    }
}

/// The counties of a prefecture or province, by code.
fn counties_within(conn: &Connection, scope: &DivisionCode) -> Result<Vec<DivisionCode>> {
    let lo = scope.prefix().to_string();
    let hi = format!("{lo}\u{7f}");
    let mut st = conn.prepare_cached(
        "SELECT code FROM division WHERE level = ?1 AND code >= ?2 AND code < ?3 ORDER BY code",
    )?;
    let codes = st.query_map((Level::County as i64, &lo, &hi), |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for c in codes {
        if let Ok(c) = DivisionCode::parse(&c?) {
            out.push(c);
        }
    }
    Ok(out)
}

/// A grade's place in `Grade::ALL`, from its stored key.
fn grade_index(key: &str) -> Option<usize> {
    Grade::from_key(key).and_then(|g| Grade::ALL.iter().position(|x| *x == g))
}

/// The counts per grade of a county's pool and year, from the grades.
fn county_grade_counts(conn: &Connection, county: &DivisionCode, year: i32) -> Result<[u32; 4]> {
    let mut counts = [0u32; 4];
    let mut st = conn.prepare_cached(
        "SELECT grade, count(*) FROM assessment WHERE year = ?1 AND pool_kind = 'county'
         AND pool_key = ?2 GROUP BY grade",
    )?;
    let rows = st.query_map((year, county.as_str()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for r in rows {
        let (g, n) = r?;
        if let Some(i) = grade_index(&g) {
            counts[i] = n as u32;
        }
    }
    Ok(counts)
}

/// The pool's size and the counts per grade of a county and year at a
/// received copy, as pushed: the counts (`upward_grade_count`) and the
/// pool's size (`upward_pool_size`, counted by [`pool_count`] at the
/// prefecture); for a year without a size, the cadres (by their code,
/// never a name) on the county's cadre-month rows of the year.
fn reported_grades(
    conn: &Connection,
    county: &DivisionCode,
    year: i32,
) -> Result<(u32, [u32; 4], Option<u32>)> {
    let mut counts = [0u32; 4];
    let mut st = conn.prepare_cached(
        "SELECT grade, cadres FROM upward_grade_count WHERE county = ?1 AND year = ?2",
    )?;
    let rows = st.query_map((county.as_str(), year), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for r in rows {
        let (g, n) = r?;
        if let Some(i) = grade_index(&g) {
            counts[i] = n as u32;
        }
    }
    let pushed: Option<(i64, Option<u32>)> = conn
        .prepare_cached(
            "SELECT cadres, quota_pct FROM upward_pool_size WHERE county = ?1 AND year = ?2",
        )?
        .query_row((county.as_str(), year), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((n, pct)) = pushed {
        return Ok((n as u32, counts, pct));
    }
    // A year the prefecture sent no size for: the cadres on its rows.
    let lo = county.prefix().to_string();
    let hi = format!("{lo}\u{7f}");
    let pool: i64 = conn
        .prepare_cached(
            "SELECT count(DISTINCT cadre_code) FROM upward_cadre_month
         WHERE village >= ?1 AND village < ?2 AND month >= ?3 AND month <= ?4",
        )?
        .query_row(
            (&lo, &hi, format!("{year:04}-01"), format!("{year:04}-12")),
            |r| r.get(0),
        )?;
    Ok((pool as u32, counts, None))
}

/// The pools holding more 优秀 than `pct` allows, by year then pool kind
/// and key (the grades' own pools; a received copy holds none).
fn pools_over_quota(conn: &Connection, pct: u32) -> Result<Vec<OverQuota>> {
    let mut st = conn.prepare_cached(
        "SELECT a.year, a.pool_kind, a.pool_key, count(*),
                coalesce(d.name, u.name, a.pool_key)
         FROM assessment a
         LEFT JOIN division d ON a.pool_kind = 'county' AND d.code = a.pool_key
         LEFT JOIN dispatch_unit u ON a.pool_kind = 'unit' AND u.id = CAST(a.pool_key AS INTEGER)
         WHERE a.grade = 'excellent'
         GROUP BY a.year, a.pool_kind, a.pool_key ORDER BY a.year, a.pool_kind, a.pool_key",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (year, kind, key, excellent, name) = r?;
        let Some(pool) = Pool::from_stored(&kind, &key) else {
            continue;
        };
        let counts = PoolCount {
            pool: pool_count(conn, &pool, year)?,
            excellent: excellent as u32,
            pct,
        };
        if counts.over() > 0 {
            out.push(OverQuota {
                pool,
                name,
                year,
                counts,
            });
        }
    }
    Ok(out)
}

fn invalid(what: &str, d: AssessDetail) -> StoreError {
    StoreError::invalid(what, Detail::Assess(d))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn year_bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

/// The quota percentage in force (the setting, else 30).
pub(crate) fn quota_pct(conn: &Connection) -> Result<u32> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [QUOTA_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.trim().parse().ok())
        .unwrap_or(rules::DEFAULT_EXCELLENT_QUOTA_PCT))
}

/// A posting of a pool's cadre in the year.
struct Stint {
    cadre: i64,
    name: String,
    unit: String,
    village: String,
    village_name: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

const STINTS: &str =
    "SELECT t.cadre, c.name, u.name, t.village, coalesce(d.name, t.village), t.start_on, t.end_on
     FROM team_member_visible t JOIN cadre c ON c.id = t.cadre JOIN dispatch_unit u ON u.id = c.unit
     LEFT JOIN division d ON d.code = t.village
     WHERE t.start_on <= ?2 AND (t.end_on IS NULL OR t.end_on >= ?1)";

type RawStint = (i64, String, String, String, String, String, Option<String>);

fn stints(conn: &Connection, pool: &Pool, year: i32) -> Result<Vec<Stint>> {
    let (y0, y1) = year_bounds(year);
    let map = |r: &rusqlite::Row| -> rusqlite::Result<RawStint> {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    };
    let raw: Vec<_> = match pool {
        Pool::County(code) => {
            let lo = code.prefix().to_string();
            let hi = format!("{lo}\u{7f}");
            let mut st =
                conn.prepare_cached(&format!("{STINTS} AND t.village >= ?3 AND t.village < ?4"))?;
            st.query_map((y0, y1, lo, hi), map)?
                .collect::<rusqlite::Result<_>>()?
        }
        Pool::Unit(id) => {
            let mut st = conn.prepare_cached(&format!("{STINTS} AND c.unit = ?3"))?;
            st.query_map((y0, y1, id), map)?
                .collect::<rusqlite::Result<_>>()?
        }
    };
    Ok(raw
        .into_iter()
        .filter_map(|(cadre, name, unit, village, village_name, s, e)| {
            Some(Stint {
                cadre,
                name,
                unit,
                village,
                village_name,
                start: date(&s)?,
                end: e.as_deref().and_then(date),
            })
        })
        .collect())
}

/// The pool's size in `year`, the 优秀 quota's base: the one count the
/// distribution, the grade write's check and the upward report use.
pub(crate) fn pool_count(conn: &Connection, pool: &Pool, year: i32) -> Result<u32> {
    Ok(pool_size(conn, pool, year, 0)?.0)
}

/// The pool's size in `year` and whether `cadre` is in it, counted in SQL
/// (inside a grade's write: no rows are read out).
fn pool_size(conn: &Connection, pool: &Pool, year: i32, cadre: i64) -> Result<(u32, bool)> {
    let (y0, y1) = year_bounds(year);
    let head =
        "SELECT count(DISTINCT t.cadre), coalesce(max(t.cadre = ?3), 0) FROM team_member_visible t";
    let when = "t.cadre IS NOT NULL AND t.start_on <= ?2 AND (t.end_on IS NULL OR t.end_on >= ?1)";
    let (n, m): (i64, i64) = match pool {
        Pool::County(code) => {
            let lo = code.prefix().to_string();
            let hi = format!("{lo}\u{7f}");
            conn.prepare_cached(&format!(
                "{head} WHERE {when} AND t.village >= ?4 AND t.village < ?5"
            ))?
            .query_row((y0, y1, cadre, lo, hi), |r| Ok((r.get(0)?, r.get(1)?)))?
        }
        Pool::Unit(id) => conn
            .prepare_cached(&format!(
                "{head} JOIN cadre c ON c.id = t.cadre WHERE {when} AND c.unit = ?4"
            ))?
            .query_row((y0, y1, cadre, id), |r| Ok((r.get(0)?, r.get(1)?)))?,
    };
    Ok((n as u32, m != 0))
}

/// Whether `cadre` was recalled in `year` (domain::assessment::recalled_in).
fn recalled(conn: &Connection, cadre: i64, year: i32) -> Result<bool> {
    let ended: Vec<NaiveDate> = conn
        .prepare_cached(
            "SELECT end_on FROM team_member_visible WHERE cadre = ?1 AND end_reason = 'recalled' AND end_on IS NOT NULL",
        )?
        .query_map([cadre], |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok().as_deref().and_then(date))
        .collect();
    let cases: Vec<(String, Option<NaiveDate>)> = conn
        .prepare_cached("SELECT stage, left_on FROM recall_case WHERE cadre = ?1")?
        .query_map([cadre], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?
        .filter_map(|r| r.ok())
        .map(|(s, l)| (s, l.as_deref().and_then(date)))
        .collect();
    Ok(rules::recalled_in(year, ended, cases))
}

/// Days posted in each month of `year` over some postings.
fn posted_days(year: i32, spans: &[(NaiveDate, Option<NaiveDate>)]) -> [u32; 12] {
    let mut out = [0u32; 12];
    for (m, slot) in out.iter_mut().enumerate() {
        let month = m as u32 + 1;
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, month, 1),
            NaiveDate::from_ymd_opt(year, month, days_in_month(year, month)),
        ) else {
            continue;
        };
        let mut days = 0;
        for (s, e) in spans {
            let a = (*s).max(first);
            let b = e.map_or(last, |e| e.min(last));
            if b >= a {
                days += (b - a).num_days() as u32 + 1;
            }
        }
        *slot = days.min(days_in_month(year, month));
    }
    out
}

/// Per cadre and month: (days in the village, leave days an approved leave
/// covers, whether the month has any grid entry).
type MonthGrid = HashMap<i64, [(u32, u32, bool); 12]>;

fn month_grid(conn: &Connection, year: i32) -> Result<MonthGrid> {
    let (y0, y1) = year_bounds(year);
    let mut st = conn.prepare_cached(
        "SELECT a.cadre, CAST(substr(a.day, 6, 2) AS INTEGER),
                sum(a.code = 'present' OR a.code = 'duty_out' OR a.code = 'training'),
                sum((a.code = 'personal_leave' OR a.code = 'sick_leave' OR a.code = 'rest') AND EXISTS (
                    SELECT 1 FROM leave_request l WHERE l.cadre = a.cadre AND l.state = 'approved'
                    AND a.day >= l.from_on AND a.day <= l.to_on))
         FROM attendance a WHERE a.day >= ?1 AND a.day <= ?2 GROUP BY a.cadre, 2",
    )?;
    let mut out = MonthGrid::new();
    let rows = st.query_map((y0, y1), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for r in rows {
        let (cadre, month, present, leave) = r?;
        if (1..=12).contains(&month) {
            out.entry(cadre).or_insert([(0, 0, false); 12])[month as usize - 1] =
                (present as u32, leave as u32, true);
        }
    }
    Ok(out)
}

/// The training hours credited to each cadre in sessions that began in
/// `year` (the training tables, migration 0012).
fn training_hours(conn: &Connection, year: i32) -> Result<HashMap<i64, u32>> {
    let (y0, y1) = year_bounds(year);
    let mut st = conn.prepare_cached(
        "SELECT ta.cadre, sum(ta.hours) FROM training_attendance ta
         JOIN training_session s ON s.id = ta.session
         WHERE s.from_on >= ?1 AND s.from_on <= ?2 GROUP BY ta.cadre",
    )?;
    let rows = st.query_map((y0, y1), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?.max(0) as u32))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

type Stored = (Grade, String, i64);

fn stored_grades(conn: &Connection, year: i32) -> Result<HashMap<i64, Stored>> {
    let mut st =
        conn.prepare_cached("SELECT cadre, grade, body, version FROM assessment WHERE year = ?1")?;
    let rows = st.query_map([year], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = HashMap::new();
    for r in rows {
        let (c, g, b, v) = r?;
        if let Some(g) = Grade::from_key(&g) {
            out.insert(c, (g, b, v));
        }
    }
    Ok(out)
}

/// The pool's rows: one per cadre, the year beside it.
fn pool_rows(conn: &Connection, pool: &Pool, year: i32) -> Result<Vec<PoolRow>> {
    let stints = stints(conn, pool, year)?;
    let grid = month_grid(conn, year)?;
    let hours = training_hours(conn, year)?;
    let grades = stored_grades(conn, year)?;
    let mut by_cadre: HashMap<i64, Vec<&Stint>> = HashMap::new();
    for s in &stints {
        by_cadre.entry(s.cadre).or_default().push(s);
    }
    let mut rows = Vec::with_capacity(by_cadre.len());
    for (cadre, ss) in by_cadre {
        let Some(last) = ss.iter().max_by_key(|s| (s.start, s.village.as_str())) else {
            continue;
        };
        let Ok(village) = DivisionCode::parse(&last.village) else {
            continue;
        };
        let spans: Vec<_> = ss.iter().map(|s| (s.start, s.end)).collect();
        let posted = posted_days(year, &spans);
        let cells = grid.get(&cadre).copied().unwrap_or([(0, 0, false); 12]);
        let months: Vec<MonthDays> = (0..12)
            .filter(|m| cells[*m].2)
            .map(|m| MonthDays {
                month: m as u32 + 1,
                in_village: cells[m].0,
                approved_leave: cells[m].1,
                posted: posted[m],
            })
            .collect();
        let g = grades.get(&cadre);
        rows.push(PoolRow {
            cadre,
            name: last.name.clone(),
            unit: last.unit.clone(),
            village,
            village_name: last.village_name.clone(),
            days_in_village: cells.iter().map(|c| c.0).sum(),
            suggestion: Suggestion::from_months(&months),
            recalled: recalled(conn, cadre, year)?,
            training_hours: Some(hours.get(&cadre).copied().unwrap_or(0)),
            grade: g.map(|g| g.0),
            body: g.map(|g| g.1.clone()),
            version: g.map_or(0, |g| g.2),
        });
    }
    let mut keyed: Vec<(String, String, PoolRow)> = rows
        .into_iter()
        .map(|r| {
            (
                r.village.to_string(),
                crate::domain::pinyin::sort_key(&r.name),
                r,
            )
        })
        .collect();
    keyed.sort_by(|a, b| (&a.0, &a.1, a.2.cadre).cmp(&(&b.0, &b.1, b.2.cadre)));
    Ok(keyed.into_iter().map(|k| k.2).collect())
}

fn describe(g: Grade, body: &str, pool: &Pool, on: &str) -> String {
    format!(
        "{} body={body} pool={}/{} on={on}",
        g.key(),
        pool.kind(),
        pool.key()
    )
}

impl super::Store {
    /// Whether the acting account is the assessing body of `pool`: an
    /// administrator, or a county account of that county.
    fn may_assess(&self, pool: &Pool) -> Result<bool> {
        let Some(user) = users::get_user(&self.conn, &self.actor.account)? else {
            return Err(StoreError::NotAUser {
                account: self.actor.account.clone(),
                admins: users::admins(&self.conn)?,
            });
        };
        Ok(match (user.role, pool, &user.scope) {
            (UserRole::Admin, _, _) => true,
            (UserRole::County, Pool::County(c), Some(s)) => c.is_within(s),
            _ => false,
        })
    }

    /// Refuse (and audit) a grade the acting account may not enter.
    fn refuse_assess(&mut self, pool: &Pool, record: &str) -> Result<StoreError> {
        let by = self.actor.account.clone();
        let role = self
            .actor
            .role()
            .map(|r| r.key().to_string())
            .unwrap_or_default();
        self.write(|tx, now| {
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Assess,
                    record,
                    old: None,
                    new: None,
                    outcome: Outcome::Refused,
                },
            )
        })?;
        Ok(StoreError::Denied {
            account: by,
            role,
            action: AuditAction::Assess.as_str().into(),
            code: pool.record(),
        })
    }

    /// Check that a pool names something that exists.
    fn check_pool(&self, pool: &Pool) -> Result<()> {
        match pool {
            Pool::County(c) => {
                if c.level() != Level::County || self.division(c)?.is_none() {
                    return Err(invalid("pool", AssessDetail::NotACounty(c.to_string())));
                }
            }
            Pool::Unit(id) => {
                let n: i64 = self.conn.query_row(
                    "SELECT count(*) FROM dispatch_unit WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                if n == 0 {
                    return Err(invalid("pool", AssessDetail::NoUnit(*id)));
                }
            }
        }
        Ok(())
    }

    /// The 优秀 quota percentage in force (setting `excellent_quota_pct`).
    pub fn excellent_quota_pct(&self) -> Result<u32> {
        quota_pct(&self.conn)
    }

    /// Change the 优秀 quota percentage (1 to 100; administrators only;
    /// audited, a refused account too). Grades already entered stay; the counter and
    /// the next grades read the new quota. The pushed pool sizes carry it.
    pub fn set_excellent_quota_pct(&mut self, pct: u32) -> Result<u32> {
        self.set_quota_pct(pct).map(|(p, _)| p)
    }

    /// Change the quota percentage as [`Self::set_excellent_quota_pct`],
    /// and say which pools now hold more 优秀 than their quota (every
    /// year with grades; counts only, by year then pool).
    pub fn set_quota_pct(&mut self, pct: u32) -> Result<(u32, Vec<OverQuota>)> {
        self.authorize(super::users::Need::Admin, None, "settings")?;
        if !(1..=100).contains(&pct) {
            return Err(invalid("--quota-pct", AssessDetail::QuotaPct(pct)));
        }
        let old = quota_pct(&self.conn)?;
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            super::settings::put(tx, QUOTA_SETTING, &pct.to_string())?;
            // At a received copy the pool sizes are what was pushed.
            if !super::users::is_received_copy(tx)? {
                tx.execute("UPDATE upward_pool_size SET quota_pct = ?1", [pct])?;
            }
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::Administer,
                    record: "settings",
                    old: Some(&format!("{QUOTA_SETTING}={old}")),
                    new: Some(&format!("{QUOTA_SETTING}={pct}")),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })?;
        Ok((pct, pools_over_quota(&self.conn, pct)?))
    }

    /// The pool's cadres of `year` with their attendance summary, recall
    /// flag, training hours and grade, by village code then name. A county
    /// pool is read like the county's detail; a unit pool shows only the
    /// cadres of villages the account may read.
    pub fn assessment_pool(&self, pool: &Pool, year: i32) -> Result<PoolView> {
        self.check_pool(pool)?;
        let record = pool.record();
        if let Pool::County(c) = pool {
            self.check_reach(c, super::Reach::Detail, &record)?;
        }
        let mut rows = pool_rows(&self.conn, pool, year)?;
        if let Pool::Unit(_) = pool {
            rows = self.visible(rows, |r| &r.village)?;
            let user = users::get_user(&self.conn, &self.actor.account)?;
            rows.retain(|r| {
                user.as_ref()
                    .is_some_and(|u| super::may_read(u, &r.village, super::Reach::Detail))
            });
        }
        Ok(PoolView {
            pool: pool.clone(),
            year,
            pct: quota_pct(&self.conn)?,
            rows,
        })
    }

    /// The name of a cadre (for messages), or a clear error.
    pub fn cadre_name(&self, cadre: i64) -> Result<String> {
        self.conn
            .query_row("SELECT name FROM cadre WHERE id = ?1", [cadre], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| invalid("cadre", AssessDetail::NoCadre(cadre)))
    }

    /// Set one cadre's grade of a year. Only the pool's assessing body
    /// may; the quota and the recalled rule are checked inside the write
    /// transaction. Every attempt is audited, refusals with the counts.
    pub fn set_grade(&mut self, input: &GradeInput) -> Result<PoolCount> {
        self.set_grades(std::slice::from_ref(input))
    }

    /// Set several grades at once, all or nothing (an import): the quota
    /// and the recalled rule apply to the whole set.
    pub fn set_grades(&mut self, inputs: &[GradeInput]) -> Result<PoolCount> {
        let mut pools: Vec<&Pool> = inputs.iter().map(|i| &i.pool).collect();
        pools.dedup();
        for pool in &pools {
            self.check_pool(pool)?;
            if !self.may_assess(pool)? {
                let record = pool.record();
                return Err(self.refuse_assess(pool, &record)?);
            }
        }
        let mut names = HashMap::new();
        for i in inputs {
            if i.body.trim().is_empty() {
                return Err(invalid("考核单位", AssessDetail::NoBody));
            }
            names.insert(i.cadre, self.cadre_name(i.cadre)?);
        }
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let pct = quota_pct(tx)?;
            let mut last = PoolCount {
                pool: 0,
                excellent: 0,
                pct,
            };
            // The county pools whose upward grade counts move: each
            // input's, and the one a changed grade was in before.
            let mut counties: Vec<(String, i32)> = Vec::new();
            for input in inputs {
                let name = &names[&input.cadre];
                if let Some(c) = read_old(tx, input.cadre, input.year)?
                    .and_then(|o| o.pool.strip_prefix("county/").map(str::to_string))
                {
                    counties.push((c, input.year));
                }
                if let Pool::County(c) = &input.pool {
                    counties.push((c.to_string(), input.year));
                }
                // A refusal undoes the whole set (all or nothing).
                last = write_one(tx, (now, &by), input, name, pct)??;
            }
            counties.sort();
            counties.dedup();
            for (c, year) in &counties {
                super::upward_reports::refresh_grades(tx, c, *year)?;
            }
            Ok(last)
        })
        .or_else(|e: StoreError| {
            // The set was undone: the refusal is audited on its own.
            if let StoreError::Invalid {
                detail: Detail::Assess(AssessDetail::Refused { .. }),
                ..
            } = &e
            {
                let first = inputs
                    .first()
                    .map(|i| format!("assessment/{}/{}", i.cadre, i.year));
                let text = e.to_string();
                self.write(|tx, now| {
                    audit::append(
                        tx,
                        &AuditEntry {
                            at: now,
                            account: &by,
                            action: AuditAction::Assess,
                            record: first.as_deref().unwrap_or("assessment"),
                            old: None,
                            new: Some(&text),
                            outcome: Outcome::Refused,
                        },
                    )
                })?;
            }
            Err(e)
        })
    }
}

fn upsert_grade(
    tx: &Connection,
    input: &GradeInput,
    (body, basis, on): (&str, &str, &str),
    by: &str,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO assessment(cadre, year, grade, body, pool_kind, pool_key, assessed_on, basis, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(cadre, year) DO UPDATE SET grade = excluded.grade, body = excluded.body,
            pool_kind = excluded.pool_kind, pool_key = excluded.pool_key,
            assessed_on = excluded.assessed_on, basis = excluded.basis,
            set_by = excluded.set_by, set_at = excluded.set_at, version = version + 1",
    )?
    .execute((
        input.cadre,
        input.year,
        input.grade.key(),
        body,
        input.pool.kind(),
        input.pool.key(),
        on,
        basis,
        by,
        now,
    ))?;
    Ok(())
}

/// A grade as stored, read inside the write transaction.
struct OldGrade {
    grade: String,
    body: String,
    /// kind/key
    pool: String,
    assessed_on: String,
    version: i64,
    set_by: String,
    set_at: String,
}

fn read_old(tx: &Connection, cadre: i64, year: i32) -> Result<Option<OldGrade>> {
    Ok(tx
        .prepare_cached(
            "SELECT grade, body, pool_kind || '/' || pool_key, assessed_on, version, set_by, set_at
             FROM assessment WHERE cadre = ?1 AND year = ?2",
        )?
        .query_row((cadre, year), |r| {
            Ok(OldGrade {
                grade: r.get(0)?,
                body: r.get(1)?,
                pool: r.get(2)?,
                assessed_on: r.get(3)?,
                version: r.get(4)?,
                set_by: r.get(5)?,
                set_at: r.get(6)?,
            })
        })
        .optional()?)
}

/// One grade inside the write transaction: Ok(Err) is a refusal or a
/// conflict (the caller undoes the whole set and audits the refusal).
fn write_one(
    tx: &rusqlite::Transaction,
    (now, by): (&str, &str),
    input: &GradeInput,
    name: &str,
    pct: u32,
) -> Result<std::result::Result<PoolCount, StoreError>> {
    let (size, member) = pool_size(tx, &input.pool, input.year, input.cadre)?;
    if !member {
        return Ok(Err(invalid(
            "cadre",
            AssessDetail::NotInPool {
                name: name.to_string(),
                year: input.year,
            },
        )));
    }
    let old = read_old(tx, input.cadre, input.year)?;
    let version = old.as_ref().map_or(0, |o| o.version);
    if let (Some(expected), Some(o)) = (input.expected_version, old.as_ref())
        && expected != version
    {
        return Ok(Err(StoreError::Conflict {
            by: o.set_by.clone(),
            at: o.set_at.clone(),
            status: o.grade.clone(),
            note: String::new(),
            version,
        }));
    }
    let current = old.as_ref().and_then(|o| Grade::from_key(&o.grade));
    let excellent: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM assessment WHERE year = ?1 AND pool_kind = ?2 AND pool_key = ?3
             AND grade = 'excellent' AND cadre != ?4",
        )?
        .query_row(
            (input.year, input.pool.kind(), input.pool.key(), input.cadre),
            |r| r.get(0),
        )?;
    let counts = PoolCount {
        pool: size,
        excellent: excellent as u32,
        pct,
    };
    let was_here = current == Some(Grade::Excellent)
        && old
            .as_ref()
            .is_some_and(|o| o.pool == format!("{}/{}", input.pool.kind(), input.pool.key()));
    let counted = PoolCount {
        excellent: counts.excellent + u32::from(was_here),
        ..counts
    };
    let is_recalled = recalled(tx, input.cadre, input.year)?;
    let check_current = if was_here { current } else { None };
    if let Err(why) =
        rules::check_grade(input.grade, check_current, counted, is_recalled, input.year)
    {
        return Ok(Err(invalid(
            "等次",
            AssessDetail::Refused {
                name: name.to_string(),
                why,
            },
        )));
    }
    let body = crate::domain::text::sanitize(input.body.trim(), true);
    let basis = crate::domain::text::sanitize(input.basis.trim(), true);
    let on = input.assessed_on.to_string();
    upsert_grade(tx, input, (&body, &basis, &on), by, now)?;
    let old_text = old.as_ref().map(|o| {
        format!(
            "{} body={} pool={} on={}",
            o.grade, o.body, o.pool, o.assessed_on
        )
    });
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action: AuditAction::Assess,
            record: &format!("assessment/{}/{}", input.cadre, input.year),
            old: old_text.as_deref(),
            new: Some(&describe(input.grade, &body, &input.pool, &on)),
            outcome: Outcome::Ok,
        },
    )?;
    let excellent = counts.excellent + u32::from(input.grade == Grade::Excellent);
    Ok(Ok(PoolCount {
        excellent,
        ..counts
    }))
}

impl super::Store {
    /// Each county's grade counts of `year` at or below `scope`, by county
    /// code: counts only, never a list of people.
    pub fn grade_distribution(&self, scope: &DivisionCode, year: i32) -> Result<Vec<CountyGrades>> {
        self.check_reach(
            scope,
            super::Reach::Totals,
            &format!("assessment/{scope}/{year}"),
        )?;
        let counties = counties_of(&self.conn, scope)?;
        let pct = quota_pct(&self.conn)?;
        // A received copy holds no cadre nor grade, only the report
        // tables its prefectures pushed: the same counts from those.
        let copy = super::users::is_received_copy(&self.conn)?;
        let mut out = Vec::new();
        for county in counties {
            let Some(d) = self.division(&county)? else {
                continue;
            };
            let (size, counts, pct) = if copy {
                let (size, counts, pushed) = reported_grades(&self.conn, &county, year)?;
                (size, counts, pushed.unwrap_or(pct))
            } else {
                let pool = Pool::County(county.clone());
                let size = pool_count(&self.conn, &pool, year)?;
                (size, county_grade_counts(&self.conn, &county, year)?, pct)
            };
            out.push(CountyGrades {
                county,
                name: d.name,
                pool: size,
                counts,
                pct,
                quota: rules::excellent_quota(size, pct),
            });
        }
        self.visible(out, |c| &c.county)
    }

    /// Record a commendation (the cadre's county or an administrator;
    /// audited, refusals audited).
    pub fn add_commendation(&mut self, input: &CommendInput) -> Result<i64> {
        let name = self.cadre_name(input.cadre)?;
        let title = crate::domain::text::sanitize(input.title.trim(), true);
        if title.is_empty() {
            return Err(invalid("title", AssessDetail::NoTitle));
        }
        let county: Option<String> = self
            .conn
            .query_row(
                "SELECT substr(village, 1, 6) FROM team_member_visible WHERE cadre = ?1 ORDER BY start_on DESC LIMIT 1",
                [input.cadre],
                |r| r.get(0),
            )
            .optional()?;
        let pool = county
            .as_deref()
            .and_then(|c| DivisionCode::parse(c).ok())
            .map(Pool::County);
        let allowed = match &pool {
            Some(p) => self.may_assess(p)?,
            None => self.actor.role() == Some(UserRole::Admin),
        };
        let record = format!("cadre/{}/commendation", input.cadre);
        if !allowed {
            let p = pool.unwrap_or(Pool::Unit(0));
            return Err(self.refuse_assess(&p, &record)?);
        }
        let by = self.actor.account.clone();
        let doc = crate::domain::text::sanitize(input.doc_no.trim(), true);
        self.write(|tx, now| {
            let id: i64 = tx.query_row(
                "INSERT INTO commendation(cadre, level, title, on_date, doc_no, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                (input.cadre, input.level.key(), &title, input.on_date.to_string(), &doc, &by, now),
                |r| r.get(0),
            )?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Commend,
                    record: &record,
                    old: None,
                    new: Some(&format!(
                        "{name} {} {title} {} {doc}",
                        input.level.key(),
                        input.on_date
                    )),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(id)
        })
    }

    /// The commendations of cadres posted at or below `scope`, by village
    /// code, name, then date; `due_only`: only those at 州级 or above (the
    /// 专项培养方案 list).
    pub fn commendations(&self, scope: &DivisionCode, due_only: bool) -> Result<Vec<CommendRow>> {
        self.check_reach(
            scope,
            super::Reach::Detail,
            &format!("commendation/{scope}"),
        )?;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut st = self.conn.prepare_cached(
            "SELECT m.id, m.cadre, c.name, u.name,
                    (SELECT t.village FROM team_member_visible t WHERE t.cadre = m.cadre ORDER BY t.start_on DESC LIMIT 1) AS v,
                    m.level, m.title, m.on_date, m.doc_no
             FROM commendation m JOIN cadre c ON c.id = m.cadre JOIN dispatch_unit u ON u.id = c.unit
             WHERE v >= ?1 AND v < ?2",
        )?;
        let rows = st.query_map((lo, hi), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (id, cadre, name, unit, village, level, title, on, doc_no) = r?;
            let (Some(level), Some(on_date)) = (CommendLevel::from_key(&level), date(&on)) else {
                continue;
            };
            if due_only && !level.due_training_plan() {
                continue;
            }
            out.push(CommendRow {
                id,
                cadre,
                name,
                unit,
                village,
                level,
                title,
                on_date,
                doc_no,
            });
        }
        out.sort_by_cached_key(|c| {
            (
                c.village.clone(),
                crate::domain::pinyin::sort_key(&c.name),
                c.on_date,
                c.id,
            )
        });
        if due_only {
            out.dedup_by_key(|c| c.cadre);
        }
        Ok(out)
    }

    /// The year's first day in the installation's calendar (the default
    /// assessment year is the one before today's).
    pub fn assessment_default_year(&self) -> i32 {
        self.today().year() - 1
    }
}
