//! The one rule for what period and done date a record may take, used by
//! the terminal UI, the command line and every import.

use super::Period;
use chrono::NaiveDate;

/// What a record's period and date are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLimits {
    /// Today in the installation's zone (or pinned with `--today`).
    pub today: NaiveDate,
    /// The installation's tracking start.
    pub tracking_start: NaiveDate,
}

/// A period or date the rule refuses; each names the rule and the range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateRuleError {
    #[error(
        "period {period} has not begun (no future periods): record periods that began by today, {today}"
    )]
    FuturePeriod { period: String, today: NaiveDate },
    #[error(
        "period {period} ended before tracking began on {start} (no period before the tracking start): record periods ending on or after {start}"
    )]
    BeforeTracking { period: String, start: NaiveDate },
    #[error(
        "done date {date} is after today (no done date in the future): give a date from {from} to {today}"
    )]
    FutureDate {
        date: NaiveDate,
        from: NaiveDate,
        today: NaiveDate,
    },
    #[error(
        "done date {date} is before period {period} began (no done date before its period): give a date from {from} to {today}"
    )]
    BeforePeriod {
        date: NaiveDate,
        period: String,
        from: NaiveDate,
        today: NaiveDate,
    },
}

impl RecordLimits {
    /// Whether `period` is tracked at all: it ends on or after the tracking
    /// start. Nothing in an untracked period is due, overdue or counted.
    pub fn tracks(&self, period: Period) -> bool {
        tracked(period, self.tracking_start)
    }

    /// A record may be made for `period`: it has begun, and it is tracked.
    pub fn check_period(&self, period: Period) -> Result<(), DateRuleError> {
        if period.first_day() > self.today {
            return Err(DateRuleError::FuturePeriod {
                period: period.to_string(),
                today: self.today,
            });
        }
        if !self.tracks(period) {
            return Err(DateRuleError::BeforeTracking {
                period: period.to_string(),
                start: self.tracking_start,
            });
        }
        Ok(())
    }

    /// A task of `period` may be marked done on `date`: from the first day
    /// of its period to today (after the period ended is late, not wrong).
    pub fn check_done_on(&self, period: Period, date: NaiveDate) -> Result<(), DateRuleError> {
        self.check_period(period)?;
        let from = period.first_day();
        if date > self.today {
            return Err(DateRuleError::FutureDate {
                date,
                from,
                today: self.today,
            });
        }
        if date < from {
            return Err(DateRuleError::BeforePeriod {
                date,
                period: period.to_string(),
                from,
                today: self.today,
            });
        }
        Ok(())
    }
}

/// Whether `period` ends on or after `tracking_start`.
pub fn tracked(period: Period, tracking_start: NaiveDate) -> bool {
    period.due_date() >= tracking_start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn each_impossible_period_and_date_is_refused_with_its_range() {
        let l = RecordLimits {
            today: d("2026-11-28"),
            tracking_start: d("2025-12-01"),
        };
        assert!(l.check_period(p("2026-11")).is_ok());
        assert!(l.check_period(p("2025Q4")).is_ok());
        let e = l.check_period(p("2030-01")).unwrap_err();
        assert!(matches!(e, DateRuleError::FuturePeriod { .. }));
        assert!(e.to_string().contains("2026-11-28"), "{e}");
        let e = l.check_period(p("2019-01")).unwrap_err();
        assert!(e.to_string().contains("2025-12-01"), "{e}");
        let e = l.check_done_on(p("2026-11"), d("2027-01-01")).unwrap_err();
        assert!(matches!(e, DateRuleError::FutureDate { .. }), "{e}");
        let e = l.check_done_on(p("2026-11"), d("2026-10-01")).unwrap_err();
        assert!(e.to_string().contains("2026-11-01 to 2026-11-28"), "{e}");
        assert!(l.check_done_on(p("2026-10"), d("2026-11-03")).is_ok());
    }
}
