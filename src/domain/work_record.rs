//! 工作纪实: what a cadre's month was, assembled from what is already
//! stored (the month's completion notes of the village and the month's
//! attendance) plus an optional summary line. The figures are
//! domain::attendance's; nothing here is counted another way.

use super::attendance::{self, DayCode};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A month as typed: `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a month like 2026-11")]
pub struct MonthError(pub String);

/// The first day of a `YYYY-MM` month.
pub fn parse_month(s: &str) -> Result<NaiveDate, MonthError> {
    let s = s.trim();
    let ok = s.len() == 7 && s.as_bytes()[4] == b'-';
    ok.then(|| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| MonthError(s.to_string()))
}

/// A month's attendance figures of one cadre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthDays {
    /// Days with a code in the grid.
    pub recorded: u32,
    pub days_in_village: u32,
    pub leave_days: u32,
    pub days_in_month: u32,
    /// Fewer than 20 days in the village (only when the grid has the month).
    pub below_minimum: bool,
}

/// The month's figures from its codes.
pub fn month_days(first: NaiveDate, codes: &[DayCode]) -> MonthDays {
    let days_in_village = attendance::days_in_village(codes);
    MonthDays {
        recorded: codes.len() as u32,
        days_in_village,
        leave_days: attendance::leave_days(codes),
        days_in_month: attendance::days_in_month(first.year(), first.month()),
        below_minimum: !codes.is_empty() && attendance::below_month_minimum(days_in_village),
    }
}

/// At most this many characters in a summary line.
pub const SUMMARY_MAX_CHARS: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_only_as_yyyy_mm() {
        assert_eq!(
            parse_month("2026-11"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        );
        for bad in ["2026-13", "2026/11", "2026-1", "11-2026", ""] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_are_attendance_figures() {
        let first = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        let mut codes = vec![DayCode::Present; 15];
        codes.extend([
            DayCode::DutyOut,
            DayCode::Training,
            DayCode::SickLeave,
            DayCode::Rest,
        ]);
        let d = month_days(first, &codes);
        assert_eq!(d.days_in_village, 17);
        assert_eq!(d.leave_days, 2);
        assert_eq!(d.recorded, 19);
        assert_eq!(d.days_in_month, 28);
        assert!(d.below_minimum);
        assert!(!month_days(first, &[]).below_minimum, "no grid, no warning");
    }
}
