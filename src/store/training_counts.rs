//! Each county's training in a year as counts (schema version 19,
//! `domain::training::CountyTraining`): read live from the sessions, marks
//! and postings at a prefecture, and as its push sent them
//! (`upward_training_count`) at a received copy, so the province's figure
//! is the prefecture's, never re-derived from rows that reach back only to
//! the tracking start.
//!
//! The report table is kept by every training write (the years of the
//! session's dates, the counties of the cadres marked) in its transaction,
//! by a change of the target (every year), and recomputed at each push
//! (postings change the cadres it counts; the push catches those, as it
//! does the pool sizes).

use super::scope::Reach;
use super::training::{attendances, target_hours};
use super::{Result, Store};
use crate::domain::training::{CountyTraining, YearTraining};
use crate::domain::{DivisionCode, Level};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// A county's training in a year (counts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountyTrainingRow {
    pub county: DivisionCode,
    pub name: String,
    #[serde(flatten)]
    pub figures: CountyTraining,
}

/// The cadres posted in a village of `county` at any time in `year`, each
/// once (the cadres `Store::training_year` lists for the county).
fn posted(conn: &Connection, county: &str, year: i32) -> Result<Vec<i64>> {
    let hi = format!("{county}\u{7f}");
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT t.cadre FROM team_member_visible t JOIN cadre c ON c.id = t.cadre
         WHERE t.village >= ?1 AND t.village < ?2 AND t.start_on <= ?3
           AND (t.end_on IS NULL OR t.end_on >= ?4)",
    )?;
    let ids = st.query_map(
        (
            county,
            &hi,
            format!("{year:04}-12-31"),
            format!("{year:04}-01-01"),
        ),
        |r| r.get::<_, i64>(0),
    )?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The figure of each of `counties` in `year`, computed from the sessions,
/// marks and postings, in the order given.
pub(crate) fn county_figures(
    conn: &Connection,
    year: i32,
    counties: &[String],
) -> Result<Vec<(String, CountyTraining)>> {
    let target = target_hours(conn)?;
    let years: HashMap<i64, YearTraining> = attendances(conn, Some(year))?
        .into_iter()
        .map(|(cadre, rows)| (cadre, YearTraining::of(year, &rows)))
        .collect();
    let none = YearTraining::default();
    let mut out = Vec::with_capacity(counties.len());
    for county in counties {
        let cadres = posted(conn, county, year)?;
        let figures =
            CountyTraining::of(target, cadres.iter().map(|c| years.get(c).unwrap_or(&none)));
        out.push((county.clone(), figures));
    }
    Ok(out)
}

fn all_counties(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT code FROM division WHERE level = ?1 ORDER BY code")?
        .query_map([Level::County as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Write the report rows of `counties` in `year`.
fn store_rows(conn: &Connection, year: i32, counties: &[String]) -> Result<()> {
    let mut put = conn.prepare_cached(
        "INSERT INTO upward_training_count(county, year, cadres, hours, reached, untrained, target)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(county, year) DO UPDATE SET cadres = excluded.cadres, hours = excluded.hours,
            reached = excluded.reached, untrained = excluded.untrained, target = excluded.target",
    )?;
    for (county, f) in county_figures(conn, year, counties)? {
        put.execute((
            &county,
            year,
            f.cadres,
            f.hours,
            f.reached,
            f.untrained,
            f.target,
        ))?;
    }
    Ok(())
}

/// The report rows a training write changed, in its transaction: the
/// counties `cadres` are posted in during each of `years`.
pub(crate) fn refresh_training_counts(
    conn: &Connection,
    cadres: &[i64],
    years: impl IntoIterator<Item = i32>,
) -> Result<()> {
    if super::users::is_received_copy(conn)? {
        return Ok(());
    }
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT substr(village, 1, 6) FROM team_member_visible
         WHERE cadre = ?1 AND start_on <= ?2 AND (end_on IS NULL OR end_on >= ?3)",
    )?;
    for year in years.into_iter().collect::<BTreeSet<_>>() {
        let mut counties = BTreeSet::new();
        for c in cadres {
            let rows = st.query_map(
                (c, format!("{year:04}-12-31"), format!("{year:04}-01-01")),
                |r| r.get::<_, String>(0),
            )?;
            for county in rows {
                counties.insert(county?);
            }
        }
        let counties: Vec<String> = counties.into_iter().collect();
        store_rows(conn, year, &counties)?;
    }
    Ok(())
}

/// Every county's report rows, for every year with a session and every
/// year of the report months (the push, loads, a change of the target).
pub(crate) fn refresh_training_all(conn: &Connection, today: chrono::NaiveDate) -> Result<()> {
    // At a received copy the rows are what its prefectures pushed.
    if super::users::is_received_copy(conn)? {
        return Ok(());
    }
    conn.execute("DELETE FROM upward_training_count", [])?;
    let mut years: BTreeSet<i32> = conn
        .prepare_cached(
            "SELECT DISTINCT CAST(substr(from_on, 1, 4) AS INTEGER) FROM training_session",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    years.extend(super::upward_reports::report_years(conn, today)?);
    let counties = all_counties(conn)?;
    for y in years {
        store_rows(conn, y, &counties)?;
    }
    Ok(())
}

/// The pushed figure of a county and year at a received copy; zero
/// cadres when none was pushed.
fn reported(conn: &Connection, county: &str, year: i32) -> Result<CountyTraining> {
    use rusqlite::OptionalExtension as _;
    let row = conn
        .prepare_cached(
            "SELECT cadres, hours, reached, untrained, target FROM upward_training_count
             WHERE county = ?1 AND year = ?2",
        )?
        .query_row((county, year), |r| {
            Ok(CountyTraining {
                cadres: r.get(0)?,
                hours: r.get(1)?,
                reached: r.get(2)?,
                untrained: r.get(3)?,
                target: r.get(4)?,
            })
        })
        .optional()?;
    match row {
        Some(f) => Ok(f),
        None => Ok(CountyTraining {
            target: target_hours(conn)?,
            ..CountyTraining::default()
        }),
    }
}

impl Store {
    /// Each county's training of `year` at or below `scope`, by county
    /// code: counts only, never a list of people. At a received copy, as
    /// its prefectures pushed them.
    pub fn training_by_county(
        &self,
        scope: &DivisionCode,
        year: i32,
    ) -> Result<Vec<CountyTrainingRow>> {
        self.check_reach(scope, Reach::Totals, &format!("training/{scope}/{year}"))?;
        let counties = super::assessment::counties_of(&self.conn, scope)?;
        let codes: Vec<String> = counties.iter().map(|c| c.to_string()).collect();
        let figures = if super::users::is_received_copy(&self.conn)? {
            codes
                .iter()
                .map(|c| Ok((c.clone(), reported(&self.conn, c, year)?)))
                .collect::<Result<Vec<_>>>()?
        } else {
            county_figures(&self.conn, year, &codes)?
        };
        let mut out = Vec::new();
        for (county, (_, figures)) in counties.into_iter().zip(figures) {
            let Some(d) = self.division(&county)? else {
                continue;
            };
            out.push(CountyTrainingRow {
                county,
                name: d.name,
                figures,
            });
        }
        self.visible(out, |c| &c.county)
    }
}
