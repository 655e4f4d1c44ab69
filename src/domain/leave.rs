//! Leave (请假/销假) as rules: its states, which kinds a request may take,
//! when two leaves overlap and when a year's leave opens a recall lead.
//! The day codes, routing by length and overrun are in
//! [`crate::domain::attendance`]; this adds only what a request needs.

use super::attendance::{DayCode, YEAR_MAX_LEAVE_DAYS};
use chrono::NaiveDate;
use serde::Serialize;

/// Where a leave request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveState {
    Pending,
    Approved,
    Refused,
    Withdrawn,
}

impl LeaveState {
    pub const ALL: [LeaveState; 4] = [
        LeaveState::Pending,
        LeaveState::Approved,
        LeaveState::Refused,
        LeaveState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LeaveState::Pending => "pending",
            LeaveState::Approved => "approved",
            LeaveState::Refused => "refused",
            LeaveState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_key(s: &str) -> Option<LeaveState> {
        LeaveState::ALL.into_iter().find(|c| c.key() == s)
    }

    /// Pending and approved leave hold their days: another leave of the
    /// same cadre may not overlap them.
    pub fn holds_days(self) -> bool {
        matches!(self, LeaveState::Pending | LeaveState::Approved)
    }
}

/// The kinds a leave request takes: 事假, 病假, 轮休.
pub const LEAVE_KINDS: [DayCode; 3] = [DayCode::PersonalLeave, DayCode::SickLeave, DayCode::Rest];

/// A kind from what a person typed (key, word or one character), if it is
/// a leave kind.
pub fn parse_kind(s: &str) -> Option<DayCode> {
    DayCode::parse(s).filter(|c| c.is_leave())
}

/// Whether a kind keeps a free-text reason: sick leave keeps only its code,
/// never a medical detail.
pub fn takes_reason(kind: DayCode) -> bool {
    kind != DayCode::SickLeave
}

/// Whether the days `a` and `b` (both included) have a day in common.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Whether a year's leave days open a recall lead (more than 30).
pub fn over_year_limit(leave_days: u32) -> bool {
    leave_days > YEAR_MAX_LEAVE_DAYS
}

/// The days from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::{Approver, approver_for, leave_days, overrun_days};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn routing_at_three_and_four_days_and_with_the_setting_changed() {
        let three = (d("2026-03-02"), d("2026-03-04"));
        let four = (d("2026-03-02"), d("2026-03-05"));
        assert_eq!(approver_for(three.0, three.1, 3), Approver::Township);
        assert_eq!(approver_for(four.0, four.1, 3), Approver::County);
        // Setting 5: four days stay with the township, six go up.
        assert_eq!(approver_for(four.0, four.1, 5), Approver::Township);
        assert_eq!(
            approver_for(d("2026-03-02"), d("2026-03-07"), 5),
            Approver::County
        );
        // Setting 1: even two days go to the county.
        assert_eq!(
            approver_for(d("2026-03-02"), d("2026-03-03"), 1),
            Approver::County
        );
    }

    #[test]
    fn more_than_thirty_leave_days_open_a_lead() {
        let thirty = vec![DayCode::PersonalLeave; 30];
        assert!(!over_year_limit(leave_days(&thirty)));
        let mut more = thirty.clone();
        more.push(DayCode::Rest);
        more.push(DayCode::Present);
        assert!(over_year_limit(leave_days(&more)));
    }

    #[test]
    fn overrun_after_the_end_without_return() {
        let to = d("2026-03-05");
        assert_eq!(
            overrun_days(to, None, d("2026-03-08")),
            days(d("2026-03-06"), d("2026-03-08"))
        );
        assert!(overrun_days(to, Some(d("2026-03-06")), d("2026-03-30")).is_empty());
    }

    #[test]
    fn overlap_and_kinds() {
        let a = (d("2026-03-02"), d("2026-03-04"));
        assert!(overlaps(a, (d("2026-03-04"), d("2026-03-09"))));
        assert!(!overlaps(a, (d("2026-03-05"), d("2026-03-09"))));
        assert_eq!(parse_kind("病"), Some(DayCode::SickLeave));
        assert_eq!(parse_kind("在村"), None);
        assert!(!takes_reason(DayCode::SickLeave));
        assert_eq!(days(a.0, a.1).len(), 3);
        for s in LeaveState::ALL {
            assert_eq!(LeaveState::from_key(s.key()), Some(s));
        }
    }
}
