//! The demo's attendance (考勤, issue 12): the grid of the county 都匀市's
//! villages for the two months before today's and this month up to
//! yesterday, as a township would enter it: mostly 在村, Sundays often
//! 轮休, now and then 报备, 培训 or a few days of 事假/病假, and a few
//! cadres under 20 days. The older month is closed, with its recall leads
//! (origin `low_days`) open; the other two are saved, not closed. Only one
//! county, to keep the demo small. Drawn from its own generator, so the
//! rest of the demo comes out as before.

use super::rng::Rng;
use crate::domain::attendance::DayCode;
use crate::domain::attendance_grid::{GridRow, month_days, weekday};
use crate::domain::{Period, PeriodKind};
use crate::store::{Loader, Result};
use chrono::{Datelike, NaiveDate};

/// The county whose villages get attendance.
const COUNTY: &str = "522701";

struct Posted {
    id: i64,
    cadre: i64,
    village: String,
    start: String,
    end: Option<String>,
}

fn postings(ld: &Loader, first: &str, last: &str) -> Result<Vec<Posted>> {
    let mut st = ld.tx().prepare(
        "SELECT id, cadre, village, start_on, end_on FROM posting
         WHERE village >= ?1 AND village < ?2 AND cadre IS NOT NULL
               AND start_on <= ?4 AND (end_on IS NULL OR end_on >= ?3)
         ORDER BY village, id",
    )?;
    let v = st
        .query_map((COUNTY, format!("{COUNTY}\u{7f}"), first, last), |r| {
            Ok(Posted {
                id: r.get(0)?,
                cadre: r.get(1)?,
                village: r.get(2)?,
                start: r.get(3)?,
                end: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// One cadre's month as a township enters it.
fn month_row(rng: &mut Rng, first: NaiveDate, row: &mut GridRow, upto: u32) {
    let days = row.cells.len() as u32;
    row.posted.1 = row.posted.1.min(upto);
    row.fill_month();
    for day in 1..=days {
        if weekday(first, day) == 6 && rng.chance(0.6) {
            row.set(day, Some(DayCode::Rest));
        }
    }
    for _ in 0..rng.below(3) {
        row.set(1 + rng.below(days as usize) as u32, Some(DayCode::DutyOut));
    }
    if rng.chance(0.15) {
        let d = 1 + rng.below(days as usize - 3) as u32;
        row.fill_range(d, d + 2, Some(DayCode::Training));
    }
    if rng.chance(0.12) {
        let d = 1 + rng.below(days as usize - 2) as u32;
        row.fill_range(d, d + 1, Some(DayCode::PersonalLeave));
    }
    // A few months well under 20: sick leave or a long absence.
    if rng.chance(0.04) {
        let d = 1 + rng.below(10) as u32;
        let code = if rng.chance(0.5) {
            DayCode::SickLeave
        } else {
            DayCode::Absent
        };
        row.fill_range(d, d + 9 + rng.below(5) as u32, Some(code));
    }
}

fn day_of(s: &str, first: NaiveDate, days: u32, start: bool) -> u32 {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if d < first => 1,
        Ok(d) if d.year() == first.year() && d.month() == first.month() => d.day(),
        _ if start => 1,
        _ => days,
    }
}

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x4B41_4F51_494E);
    let this = Period::containing(PeriodKind::Month, today);
    let months = [this.prev().prev(), this.prev(), this];
    for (i, month) in months.into_iter().enumerate() {
        let first = month.first_day();
        let days = month_days(first);
        let last = first.with_day(days).unwrap_or(first);
        // This month up to yesterday; nothing when today is the 1st.
        let upto = if month == this {
            today.day().saturating_sub(1)
        } else {
            days
        };
        if upto == 0 {
            continue;
        }
        let people = postings(ld, &first.to_string(), &last.to_string())?;
        let closed = i == 0;
        let saved_day = if month == this {
            today
        } else {
            month.next().first_day()
        };
        let saved_at = super::stamp(saved_day, 9, 30, super::beijing_now());
        let tx = ld.tx();
        let mut put = tx.prepare(
            "INSERT OR REPLACE INTO attendance(cadre, day, code, source) VALUES (?1, ?2, ?3, 'grid')",
        )?;
        let mut saved = tx.prepare(
            "INSERT OR IGNORE INTO attendance_month(village, month, saved_by, saved_at, version, closed_at)
             VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        )?;
        let mut lead = tx.prepare(
            "INSERT OR IGNORE INTO recall_case(cadre, posting, origin, origin_ref, opened_on, updated_by, updated_at)
             VALUES (?1, ?2, 'low_days', ?3, ?4, ?5, ?6)",
        )?;
        for p in &people {
            let from = day_of(&p.start, first, days, true);
            let to = p
                .end
                .as_deref()
                .map_or(days, |e| day_of(e, first, days, false));
            let mut row = GridRow::new(days, from, to);
            month_row(&mut rng, first, &mut row, upto);
            for (d, c) in row.cells.iter().enumerate() {
                if let Some(c) = c {
                    let day = first.with_day(d as u32 + 1).unwrap_or(first);
                    put.execute((p.cadre, day.to_string(), c.key()))?;
                }
            }
            let by = format!("xz{}", &p.village[..9.min(p.village.len())]);
            let closed_at = closed.then(|| saved_at.clone());
            saved.execute((&p.village, month.to_string(), &by, &saved_at, &closed_at))?;
            if closed && row.totals().below {
                let opened = month.next().first_day().to_string();
                lead.execute((p.cadre, p.id, month.to_string(), opened, &by, &saved_at))?;
            }
        }
    }
    Ok(())
}
