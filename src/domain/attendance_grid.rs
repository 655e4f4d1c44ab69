//! The attendance grid (考勤) as rules: one team's month, rows = cadres,
//! columns = days, one code per cell. Filling, copying and the row totals
//! are here so the screen, the store, the export and the month close use
//! the same ones. Codes and figures come from [`super::attendance`].
//!
//! Days outside a cadre's posting are not part of the grid row: they hold
//! no code and are never filled.

use super::attendance::{self, DayCode, MONTH_MIN_DAYS};
use chrono::{Datelike, Duration, NaiveDate};

/// One cadre's month: a cell per day (index 0 = the 1st), and which days
/// the cadre was posted to the village.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    pub cells: Vec<Option<DayCode>>,
    /// The first and last day (1-based, inclusive) the cadre was posted.
    pub posted: (u32, u32),
}

/// A row's figures for the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTotals {
    /// 在村 + 报备 + 培训.
    pub in_village: u32,
    pub leave: u32,
    /// Posted days without a code yet.
    pub empty: u32,
    /// The minimum this row is held to (20, fewer for a partial month).
    pub minimum: u32,
    /// The < 20 warning.
    pub below: bool,
}

/// The minimum days in the village for a cadre posted `posted` of the
/// month's `month_days` days: 20 for a whole month, in proportion (rounded
/// up) for a posting that starts or ends within the month.
pub fn month_minimum(posted: u32, month_days: u32) -> u32 {
    if month_days == 0 || posted >= month_days {
        return MONTH_MIN_DAYS;
    }
    (MONTH_MIN_DAYS * posted).div_ceil(month_days)
}

impl GridRow {
    /// An empty row for a month of `days` days, posted `first..=last`.
    pub fn new(days: u32, first: u32, last: u32) -> GridRow {
        let last = last.min(days);
        GridRow {
            cells: vec![None; days as usize],
            posted: (first.max(1), last),
        }
    }

    /// Whether day `day` (1-based) is a posted day.
    pub fn is_posted(&self, day: u32) -> bool {
        day >= self.posted.0 && day <= self.posted.1
    }

    pub fn posted_days(&self) -> u32 {
        (self.posted.1 + 1).saturating_sub(self.posted.0)
    }

    /// Set one day; days outside the posting are left alone. Returns
    /// whether the cell changed.
    pub fn set(&mut self, day: u32, code: Option<DayCode>) -> bool {
        if !self.is_posted(day) {
            return false;
        }
        match self.cells.get_mut(day as usize - 1) {
            Some(c) if *c != code => {
                *c = code;
                true
            }
            _ => false,
        }
    }

    /// Fill the month: every posted day still empty becomes 在村 (days
    /// already marked, e.g. by an approved leave, keep their code).
    pub fn fill_month(&mut self) -> u32 {
        let mut n = 0;
        for day in self.posted.0..=self.posted.1 {
            if self.cells.get(day as usize - 1) == Some(&None)
                && self.set(day, Some(DayCode::Present))
            {
                n += 1;
            }
        }
        n
    }

    /// Set `code` on the posted days `from..=to` (either order).
    pub fn fill_range(&mut self, from: u32, to: u32, code: Option<DayCode>) -> u32 {
        let (a, b) = (from.min(to), from.max(to));
        (a..=b).filter(|d| self.set(*d, code)).count() as u32
    }

    /// The row's figures.
    pub fn totals(&self) -> RowTotals {
        let codes: Vec<DayCode> = self.cells.iter().flatten().copied().collect();
        let in_village = attendance::days_in_village(&codes);
        let minimum = month_minimum(self.posted_days(), self.cells.len() as u32);
        let empty = (self.posted.0..=self.posted.1)
            .filter(|d| self.cells.get(*d as usize - 1) == Some(&None))
            .count() as u32;
        RowTotals {
            in_village,
            leave: attendance::leave_days(&codes),
            empty,
            minimum,
            below: in_village < minimum,
        }
    }

    /// Copy last month's pattern by weekday: each posted day takes the code
    /// of the same weekday four weeks earlier, or five when four weeks
    /// earlier is still this month (the 29th to the 31st). `prev` is last
    /// month's row, `first` the first day of this month. Days whose source
    /// has no code stay as they are.
    pub fn copy_pattern(&mut self, first: NaiveDate, prev: &GridRow) -> u32 {
        let Some(prev_first) = first.pred_opt().and_then(|d| d.with_day(1)) else {
            return 0;
        };
        let mut n = 0;
        for day in self.posted.0..=self.posted.1 {
            let Some(date) = first.with_day(day) else {
                continue;
            };
            let mut src = date - Duration::days(28);
            if src >= first {
                src -= Duration::days(7);
            }
            if src < prev_first {
                continue;
            }
            let code = prev.cells.get(src.day0() as usize).copied().flatten();
            if code.is_some() && self.set(day, code) {
                n += 1;
            }
        }
        n
    }
}

/// The weekday of day `day` (1-based) of the month starting `first`, as
/// 0 = Monday .. 6 = Sunday.
pub fn weekday(first: NaiveDate, day: u32) -> u32 {
    first
        .with_day(day)
        .map(|d| d.weekday().num_days_from_monday())
        .unwrap_or(0)
}

/// The first day (1-based) of the week (Monday..Sunday) holding `day`.
pub fn week_start(first: NaiveDate, day: u32) -> u32 {
    let w = weekday(first, day);
    day.saturating_sub(w).max(1)
}

/// The days of the grid: the number of days of a month `first` starts.
pub fn month_days(first: NaiveDate) -> u32 {
    attendance::days_in_month(first.year(), first.month())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DayCode::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn fill_month_then_exceptions_gives_the_totals() {
        let mut r = GridRow::new(31, 1, 31);
        assert_eq!(r.totals().empty, 31);
        r.set(3, Some(SickLeave));
        assert_eq!(r.fill_month(), 30);
        assert_eq!(r.cells[2], Some(SickLeave), "a marked day keeps its code");
        r.fill_range(10, 6, Some(PersonalLeave));
        r.set(12, Some(Training));
        r.set(13, Some(DutyOut));
        r.set(14, Some(Absent));
        let t = r.totals();
        // 31 - 1 sick - 5 personal - 1 absent = 24 (training, duty count).
        assert_eq!(t.in_village, 24);
        assert_eq!(t.leave, 6);
        assert_eq!(t.empty, 0);
        assert!(!t.below);
        r.fill_range(20, 24, Some(Rest));
        let t = r.totals();
        assert_eq!(t.in_village, 19);
        assert!(t.below);
    }

    #[test]
    fn days_outside_the_posting_are_never_filled() {
        let mut r = GridRow::new(30, 16, 30);
        assert_eq!(r.fill_month(), 15);
        assert!(!r.set(3, Some(Present)));
        assert_eq!(r.cells[..15], vec![None; 15][..]);
        let t = r.totals();
        assert_eq!(t.in_village, 15);
        // 20 x 15 / 30 = 10
        assert_eq!(t.minimum, 10);
        assert!(!t.below);
        assert_eq!(r.fill_range(1, 21, Some(Absent)), 6);
        assert!(r.totals().below);
    }

    #[test]
    fn minimum_is_twenty_for_a_whole_month_and_in_proportion_otherwise() {
        assert_eq!(month_minimum(31, 31), 20);
        assert_eq!(month_minimum(28, 28), 20);
        assert_eq!(month_minimum(10, 31), 7);
        assert_eq!(month_minimum(1, 31), 1);
        assert_eq!(month_minimum(0, 31), 0);
    }

    #[test]
    fn copy_pattern_follows_the_weekday() {
        // 2026-03: the 1st is a Sunday; 2026-04-01 is a Wednesday.
        let mut prev = GridRow::new(31, 1, 31);
        prev.fill_month();
        for day in 1..=31 {
            if weekday(d("2026-03-01"), day) == 6 {
                prev.set(day, Some(Rest));
            }
        }
        let mut this = GridRow::new(30, 1, 30);
        assert_eq!(this.copy_pattern(d("2026-04-01"), &prev), 30);
        for day in 1..=30 {
            let sunday = weekday(d("2026-04-01"), day) == 6;
            assert_eq!(
                this.cells[day as usize - 1] == Some(Rest),
                sunday,
                "April {day}"
            );
        }
        // From a month with nothing entered: nothing copied.
        let mut empty = GridRow::new(30, 1, 30);
        assert_eq!(
            empty.copy_pattern(d("2026-04-01"), &GridRow::new(31, 1, 31)),
            0
        );
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-03-01 is a Sunday.
        assert_eq!(weekday(d("2026-03-01"), 1), 6);
        assert_eq!(week_start(d("2026-03-01"), 1), 1);
        assert_eq!(week_start(d("2026-03-01"), 4), 2);
        assert_eq!(week_start(d("2026-03-01"), 9), 9);
        assert_eq!(month_days(d("2026-02-01")), 28);
    }
}
