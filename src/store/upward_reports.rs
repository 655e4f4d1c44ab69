//! The upward report tables of a village and month (migration 0010,
//! docs/upward.md): the team's 1+2+N figures and each posted cadre's days,
//! recomputed from the source tables in the caller's transaction, so they
//! never disagree with the writes they summarise (as `rollup` is kept).
//!
//! Write paths call [`refresh_upward_month`] (one village and month) or
//! [`refresh_upward_village`] (a village over the report months) after
//! changing `team_member` or `attendance`; `zhucun push` refreshes the month
//! in progress of every village first, since time passing is no write.
//!
//! Figures come from `domain::posting::team_check` and
//! `domain::attendance::{days_in_village, leave_days}`; nothing here counts
//! on its own. Grades (migration 0017): [`refresh_grades`] after every
//! grade write; training hours are a column of the cadre-month rows, which
//! every training write refreshes through the cadre's months.

use super::Result;
use crate::domain::attendance::{self, DayCode};
use crate::domain::posting::{self, Shortfall};
use crate::domain::{MemberRole, TeamMember, VillageType};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

/// How many months back from today's month the report tables reach at
/// most (the tracking start may bound them closer).
pub const REPORT_MONTHS: u32 = 24;

/// A cadre's code in the report tables: the prefecture's code and the
/// cadre's id at the prefecture, which names nobody.
pub fn cadre_code(prefecture: &str, cadre: i64) -> String {
    format!("{prefecture}-{cadre}")
}

fn shortfall_key(s: Shortfall) -> &'static str {
    match s {
        Shortfall::NoFirstSecretary => "no_first_secretary",
        Shortfall::FewResidents => "few_residents",
        Shortfall::WeakVillageNoSecretary => "weak_village_no_secretary",
        Shortfall::TwoFirstSecretaries => "two_first_secretaries",
    }
}

/// First and last day of a month `YYYY-MM`.
fn month_days(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let n = attendance::days_in_month(first.year(), first.month());
    Some((first, first.with_day(n)?))
}

/// The months the report tables cover on `today`: from the later of the
/// tracking start and [`REPORT_MONTHS`] back, to today's month, oldest first.
pub(crate) fn report_months(conn: &Connection, today: NaiveDate) -> Result<Vec<String>> {
    let start = super::settings::load(conn, today)?.tracking_start;
    let mut m = (today.year(), today.month());
    let mut out = Vec::new();
    for _ in 0..REPORT_MONTHS {
        out.push(format!("{:04}-{:02}", m.0, m.1));
        if (m.0, m.1) <= (start.year(), start.month()) {
            break;
        }
        m = if m.1 == 1 {
            (m.0 - 1, 12)
        } else {
            (m.0, m.1 - 1)
        };
    }
    out.reverse();
    Ok(out)
}

/// A posting as the report needs it: the member (for `team_check`) and
/// its cadre id.
struct Posted {
    member: TeamMember,
    cadre: Option<i64>,
}

fn postings(conn: &Connection, village: &str) -> Result<Vec<Posted>> {
    let mut st = conn.prepare_cached(
        "SELECT id, village, name, role, unit, start_on, end_on, cadre FROM team_member_visible
         WHERE village = ?1 ORDER BY id",
    )?;
    let date = |s: Option<String>| s.and_then(|s| s.parse::<NaiveDate>().ok());
    Ok(st
        .query_map([village], |r| {
            let role: String = r.get(3)?;
            Ok(Posted {
                member: TeamMember {
                    id: r.get(0)?,
                    village: r.get(1)?,
                    name: r.get(2)?,
                    role: MemberRole::from_key(&role).unwrap_or(MemberRole::SentDown),
                    unit: r.get(4)?,
                    start: date(r.get(5)?).unwrap_or_default(),
                    end: date(r.get(6)?),
                },
                cadre: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The village's facts the figures need, read once for many months.
struct Village {
    code: String,
    prefecture: String,
    weak_party: bool,
    postings: Vec<Posted>,
}

fn village(conn: &Connection, code: &str) -> Result<Option<Village>> {
    use rusqlite::OptionalExtension as _;
    let types: Option<String> = conn
        .prepare_cached("SELECT types FROM division WHERE code = ?1 AND level = 4")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    let Some(types) = types else { return Ok(None) };
    Ok(Some(Village {
        code: code.to_string(),
        prefecture: format!("{}00", code.get(..4).unwrap_or(code)),
        weak_party: VillageType::decode(&types).contains(&VillageType::WeakParty),
        postings: postings(conn, code)?,
    }))
}

/// Recompute one village's report rows for one month `YYYY-MM` from the
/// source tables, in the caller's transaction.
// Called by the attendance write paths (grid, leave, training: other
// branches), one village and month each.
pub(crate) fn refresh_upward_month(conn: &Connection, village: &str, month: &str) -> Result<()> {
    refresh_upward_village(conn, village, &[month.to_string()])
}

/// [`refresh_upward_month`] for each of `months` (the village read once).
pub(crate) fn refresh_upward_village(
    conn: &Connection,
    code: &str,
    months: &[String],
) -> Result<()> {
    let v = village(conn, code)?;
    for month in months {
        conn.prepare_cached("DELETE FROM upward_team_month WHERE village = ?1 AND month = ?2")?
            .execute((code, month))?;
        conn.prepare_cached("DELETE FROM upward_cadre_month WHERE village = ?1 AND month = ?2")?
            .execute((code, month))?;
        let (Some(v), Some((first, last))) = (&v, month_days(month)) else {
            continue;
        };
        let in_month: Vec<&Posted> = v
            .postings
            .iter()
            .filter(|p| p.member.start <= last && p.member.end.is_none_or(|e| e >= first))
            .collect();
        if in_month.is_empty() {
            continue;
        }
        team_row(conn, v, month, last)?;
        cadre_rows(conn, v, month, (first, last), &in_month)?;
    }
    Ok(())
}

/// At most this many postings (in all the villages a write changed) are
/// recomputed in the write's own transaction; beyond it the write only
/// marks the report tables as stale and the next `zhucun push` recomputes
/// every report month. A township's roster is a few hundred; the bound
/// keeps a write's lock hold independent of how large the villages' teams
/// have grown (the recomputation is per posting and report month).
pub const INLINE_POSTINGS: i64 = 1_000;

/// The report rows of `villages` after a write changed their teams: in the
/// caller's transaction when they are few and small ([`INLINE_POSTINGS`]),
/// else left to the next push (the one rule for imports and loads).
pub(crate) fn refresh_or_defer(
    conn: &Connection,
    villages: &[&str],
    today: NaiveDate,
) -> Result<()> {
    let mut postings = 0i64;
    if villages.len() <= 20 {
        let mut st =
            conn.prepare_cached("SELECT count(*) FROM team_member_visible WHERE village = ?1")?;
        for v in villages {
            postings += st.query_row([v], |r| r.get::<_, i64>(0))?;
            if postings > INLINE_POSTINGS {
                break;
            }
        }
    }
    if villages.len() > 20 || postings > INLINE_POSTINGS {
        return mark_stale(conn);
    }
    let months = report_months(conn, today)?;
    for v in villages {
        refresh_upward_village(conn, v, &months)?;
    }
    Ok(())
}

/// The report tables are behind the source tables: the next push
/// recomputes every report month before it computes its batch.
pub(crate) fn mark_stale(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM meta WHERE key = 'upward_reports_filled'", [])?;
    Ok(())
}

/// Every village's report rows for `months`, in the caller's transaction:
/// the push's refresh of the month in progress, and the first fill.
#[cfg_attr(not(feature = "upward"), allow(dead_code))] // used by push
pub(crate) fn refresh_upward_all(
    conn: &Connection,
    months: &[String],
    today: NaiveDate,
) -> Result<()> {
    let codes: Vec<String> = conn
        .prepare("SELECT code FROM division WHERE level = 4 ORDER BY code")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in &codes {
        refresh_upward_village(conn, c, months)?;
    }
    refresh_grades_all(conn, today)?;
    super::training_counts::refresh_training_all(conn, today)
}

/// The years of the report months on `today`, oldest first.
pub(crate) fn report_years(conn: &Connection, today: NaiveDate) -> Result<Vec<i32>> {
    let mut years: Vec<i32> = report_months(conn, today)?
        .iter()
        .filter_map(|m| m.get(..4).and_then(|y| y.parse().ok()))
        .collect();
    years.dedup();
    Ok(years)
}

/// The grade counts of a county's pool and year, in the caller's
/// transaction (every grade write calls it): counts only, never who.
pub(crate) fn refresh_grades(conn: &Connection, county: &str, year: i32) -> Result<()> {
    conn.prepare_cached("DELETE FROM upward_grade_count WHERE county = ?1 AND year = ?2")?
        .execute((county, year))?;
    conn.prepare_cached(
        "INSERT INTO upward_grade_count(county, year, grade, cadres)
         SELECT pool_key, year, grade, count(*) FROM assessment
         WHERE pool_kind = 'county' AND pool_key = ?1 AND year = ?2 GROUP BY grade",
    )?
    .execute((county, year))?;
    refresh_pool_size(conn, county, year)
}

/// The size of a county's pool in `year` (migration 0018): the quota's
/// base, counted as the prefecture counts it (store::assessment's pool),
/// with the quota percentage in force (migration 0019).
fn refresh_pool_size(conn: &Connection, county: &str, year: i32) -> Result<()> {
    let Ok(code) = crate::domain::DivisionCode::parse(county) else {
        return Ok(());
    };
    let pool = super::assessment::Pool::County(code);
    let n = i64::from(super::assessment::pool_count(conn, &pool, year)?);
    let pct = super::assessment::quota_pct(conn)?;
    conn.prepare_cached(
        "INSERT INTO upward_pool_size(county, year, cadres, quota_pct) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(county, year) DO UPDATE SET cadres = excluded.cadres,
            quota_pct = excluded.quota_pct",
    )?
    .execute((county, year, n, pct))?;
    Ok(())
}

/// Every county's grade counts and pool sizes (the push's refresh, the
/// first fill, and bulk loads, which may write grades directly): pools for
/// every year with grades and every year of the report months.
pub(crate) fn refresh_grades_all(conn: &Connection, today: NaiveDate) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM upward_grade_count;
         INSERT INTO upward_grade_count(county, year, grade, cadres)
         SELECT pool_key, year, grade, count(*) FROM assessment
         WHERE pool_kind = 'county' GROUP BY pool_key, year, grade;
         DELETE FROM upward_pool_size;",
    )?;
    let mut years: std::collections::BTreeSet<i32> = conn
        .prepare("SELECT DISTINCT year FROM assessment WHERE pool_kind = 'county'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    years.extend(report_years(conn, today)?);
    let counties: Vec<String> = conn
        .prepare("SELECT code FROM division WHERE level = 2 ORDER BY code")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in &counties {
        for y in &years {
            refresh_pool_size(conn, c, *y)?;
        }
    }
    Ok(())
}

fn team_row(conn: &Connection, v: &Village, month: &str, last: NaiveDate) -> Result<()> {
    let members: Vec<TeamMember> = v.postings.iter().map(|p| p.member.clone()).collect();
    let check = posting::team_check(&members, v.weak_party, last);
    let shortfalls: Vec<&str> = check.shortfalls.iter().map(|s| shortfall_key(*s)).collect();
    conn.prepare_cached(
        "INSERT INTO upward_team_month(village, month, first_secretaries, residents, sent_down,
             shortfalls, gap_days, rotation_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        &v.code,
        month,
        check.first_secretaries as i64,
        check.residents as i64,
        check.sent_down as i64,
        shortfalls.join(","),
        check.open_gap_days(),
        check.rotation_due as i64,
    ))?;
    Ok(())
}

/// One row per cadre posted in the village in the month: the codes of the
/// month's days inside any of the cadre's postings there.
fn cadre_rows(
    conn: &Connection,
    v: &Village,
    month: &str,
    (first, last): (NaiveDate, NaiveDate),
    in_month: &[&Posted],
) -> Result<()> {
    let mut cadres: Vec<(i64, MemberRole)> = in_month
        .iter()
        .filter_map(|p| p.cadre.map(|c| (c, p.member.role)))
        .collect();
    cadres.sort_by_key(|c| c.0);
    cadres.dedup_by_key(|c| c.0);
    let mut days = conn.prepare_cached(
        "SELECT day, code FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day <= ?3",
    )?;
    let mut add = conn.prepare_cached(
        "INSERT INTO upward_cadre_month(village, month, cadre_code, role, days_in_village,
             leave_days, days_recorded, training_hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // Hours credited at sessions attended that begin in the month.
    let mut trained = conn.prepare_cached(
        "SELECT s.from_on, a.hours FROM training_attendance a
         JOIN training_session s ON s.id = a.session
         WHERE a.cadre = ?1 AND a.status = 'attended' AND s.from_on >= ?2 AND s.from_on <= ?3",
    )?;
    for (cadre, role) in cadres {
        let spans: Vec<&TeamMember> = in_month
            .iter()
            .filter(|p| p.cadre == Some(cadre))
            .map(|p| &p.member)
            .collect();
        let codes: Vec<DayCode> = days
            .query_map((cadre, first.to_string(), last.to_string()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|(day, _)| {
                day.parse::<NaiveDate>()
                    .is_ok_and(|d| spans.iter().any(|m| m.active_on(d)))
            })
            .filter_map(|(_, code)| DayCode::from_key(&code))
            .collect();
        // On the row of the posting in force on the session's first day,
        // so a cadre posted in two villages in a month is counted once.
        let hours: i64 = trained
            .query_map((cadre, first.to_string(), last.to_string()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|(day, _)| {
                day.parse::<NaiveDate>()
                    .is_ok_and(|d| spans.iter().any(|m| m.active_on(d)))
            })
            .map(|(_, h)| h)
            .sum();
        add.execute((
            &v.code,
            month,
            cadre_code(&v.prefecture, cadre),
            role.key(),
            i64::from(attendance::days_in_village(&codes)),
            i64::from(attendance::leave_days(&codes)),
            codes.len() as i64,
            hours,
        ))?;
    }
    Ok(())
}

/// Recompute the report rows of the months `from..=to` of every village
/// `cadres` are posted to, in the caller's transaction (leave and training
/// write a cadre's days, not a village's month).
pub(crate) fn refresh_upward_cadres(
    conn: &Connection,
    cadres: &[i64],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<()> {
    use chrono::Datelike;
    let mut months = Vec::new();
    let mut m = from.with_day(1).unwrap_or(from);
    while m <= to {
        months.push(m.format("%Y-%m").to_string());
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(n) => m = n,
            None => break,
        }
    }
    let mut villages = std::collections::BTreeSet::new();
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT village FROM team_member_visible WHERE cadre = ?1 AND start_on <= ?2
         AND (end_on IS NULL OR end_on >= ?3)",
    )?;
    for c in cadres {
        let rows = st.query_map((c, to.to_string(), from.to_string()), |r| {
            r.get::<_, String>(0)
        })?;
        for v in rows {
            villages.insert(v?);
        }
    }
    for v in villages {
        refresh_upward_village(conn, &v, &months)?;
    }
    Ok(())
}
