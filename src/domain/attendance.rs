//! The attendance grid (考勤) and leave (请销假), as rules: the day codes,
//! what counts as a day in the village, who approves a leave by its length.
//! Every screen, report, import and the allowance statement use these, so
//! "days in the village" is defined here once.
//!
//! Attendance is the township's monthly grid, never a check-in: nothing
//! here reads the time a person used the program.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One cell of the grid: what a cadre did on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCode {
    /// 在村
    Present,
    /// 公务外出报备 (counts as in the village)
    DutyOut,
    /// 培训 (counts as in the village)
    Training,
    /// 事假
    PersonalLeave,
    /// 病假 (a code only: no medical detail is kept)
    SickLeave,
    /// 轮休
    Rest,
    /// 未在岗
    Absent,
}

impl DayCode {
    pub const ALL: [DayCode; 7] = [
        DayCode::Present,
        DayCode::DutyOut,
        DayCode::Training,
        DayCode::PersonalLeave,
        DayCode::SickLeave,
        DayCode::Rest,
        DayCode::Absent,
    ];

    /// The stored form (the `attendance.code` column).
    pub fn key(self) -> &'static str {
        match self {
            DayCode::Present => "present",
            DayCode::DutyOut => "duty_out",
            DayCode::Training => "training",
            DayCode::PersonalLeave => "personal_leave",
            DayCode::SickLeave => "sick_leave",
            DayCode::Rest => "rest",
            DayCode::Absent => "absent",
        }
    }

    pub fn from_key(s: &str) -> Option<DayCode> {
        DayCode::ALL.into_iter().find(|c| c.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            DayCode::Present => "在村",
            DayCode::DutyOut => "公务外出报备",
            DayCode::Training => "培训",
            DayCode::PersonalLeave => "事假",
            DayCode::SickLeave => "病假",
            DayCode::Rest => "轮休",
            DayCode::Absent => "未在岗",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            DayCode::Present => "in the village",
            DayCode::DutyOut => "out on reported duty",
            DayCode::Training => "training",
            DayCode::PersonalLeave => "personal leave",
            DayCode::SickLeave => "sick leave",
            DayCode::Rest => "rest days",
            DayCode::Absent => "absent",
        }
    }

    /// The one-character form a township's sheet and the grid use
    /// (在 报 训 事 病 休 缺).
    pub fn short_zh(self) -> char {
        match self {
            DayCode::Present => '在',
            DayCode::DutyOut => '报',
            DayCode::Training => '训',
            DayCode::PersonalLeave => '事',
            DayCode::SickLeave => '病',
            DayCode::Rest => '休',
            DayCode::Absent => '缺',
        }
    }

    /// A code from what a sheet or a person typed: the stored key, the full
    /// Chinese word or its one-character form.
    pub fn parse(s: &str) -> Option<DayCode> {
        let s = s.trim();
        DayCode::ALL
            .into_iter()
            .find(|c| c.key() == s || c.zh() == s || s.chars().eq(std::iter::once(c.short_zh())))
    }

    /// Days in the village = 在村 + 公务外出报备 + 培训.
    pub fn in_village(self) -> bool {
        matches!(
            self,
            DayCode::Present | DayCode::DutyOut | DayCode::Training
        )
    }

    /// The leave kinds, whose days an approved leave writes into the grid.
    pub fn is_leave(self) -> bool {
        matches!(
            self,
            DayCode::PersonalLeave | DayCode::SickLeave | DayCode::Rest
        )
    }
}

/// A month with fewer days in the village than this gets the warning at
/// month close and opens a recall lead.
pub const MONTH_MIN_DAYS: u32 = 20;
/// More leave days than this in a year opens a recall lead.
pub const YEAR_MAX_LEAVE_DAYS: u32 = 30;
/// The yearly figure the days in the village are read against.
pub const YEAR_TARGET_DAYS: u32 = 200;
/// Leave up to this many days is approved by the township, longer by the
/// county (the default of the `leave_township_days` setting).
pub const DEFAULT_TOWNSHIP_LEAVE_DAYS: u32 = 3;

/// The days in the village among some codes.
pub fn days_in_village<'a>(codes: impl IntoIterator<Item = &'a DayCode>) -> u32 {
    codes.into_iter().filter(|c| c.in_village()).count() as u32
}

/// The leave days among some codes.
pub fn leave_days<'a>(codes: impl IntoIterator<Item = &'a DayCode>) -> u32 {
    codes.into_iter().filter(|c| c.is_leave()).count() as u32
}

/// Whether a month's days in the village get the < 20 warning.
pub fn below_month_minimum(days: u32) -> bool {
    days < MONTH_MIN_DAYS
}

/// Who approves a leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approver {
    Township,
    County,
}

impl Approver {
    pub fn key(self) -> &'static str {
        match self {
            Approver::Township => "township",
            Approver::County => "county",
        }
    }

    pub fn from_key(s: &str) -> Option<Approver> {
        [Approver::Township, Approver::County]
            .into_iter()
            .find(|a| a.key() == s)
    }
}

/// The number of days from `from` to `to`, both included.
pub fn span_days(from: NaiveDate, to: NaiveDate) -> u32 {
    ((to - from).num_days() + 1).max(0) as u32
}

/// Who approves a leave of these dates: up to `township_days` days the
/// township, longer the county.
pub fn approver_for(from: NaiveDate, to: NaiveDate, township_days: u32) -> Approver {
    if span_days(from, to) <= township_days {
        Approver::Township
    } else {
        Approver::County
    }
}

/// The number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 0,
    }
}

/// The days of an approved leave after its end that count as 未在岗: none
/// once the cadre reported back (销假) by the end; otherwise from the day
/// after the end to the day before the return, or to `today` while the
/// cadre has not reported back.
pub fn overrun_days(to: NaiveDate, back_on: Option<NaiveDate>, today: NaiveDate) -> Vec<NaiveDate> {
    let last = match back_on {
        Some(b) => b.pred_opt().unwrap_or(b),
        None => today,
    };
    let mut out = Vec::new();
    let mut d = to.succ_opt();
    while let Some(day) = d {
        if day > last {
            break;
        }
        out.push(day);
        d = day.succ_opt();
    }
    out
}

/// The month (`YYYY-MM`) a day falls in.
pub fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_in_the_village_are_present_duty_and_training() {
        let codes = [
            DayCode::Present,
            DayCode::DutyOut,
            DayCode::Training,
            DayCode::PersonalLeave,
            DayCode::SickLeave,
            DayCode::Rest,
            DayCode::Absent,
        ];
        assert_eq!(days_in_village(&codes), 3);
        assert_eq!(leave_days(&codes), 3);
        assert!(below_month_minimum(19));
        assert!(!below_month_minimum(20));
    }

    #[test]
    fn codes_parse_from_key_word_and_short_form() {
        for c in DayCode::ALL {
            assert_eq!(DayCode::parse(c.key()), Some(c));
            assert_eq!(DayCode::parse(c.zh()), Some(c));
            assert_eq!(DayCode::parse(&c.short_zh().to_string()), Some(c));
            assert_eq!(DayCode::from_key(c.key()), Some(c));
        }
        assert_eq!(DayCode::parse("打卡"), None);
        assert_eq!(DayCode::parse(""), None);
    }

    #[test]
    fn leave_routes_by_length() {
        assert_eq!(
            approver_for(d("2026-03-01"), d("2026-03-03"), 3),
            Approver::Township
        );
        assert_eq!(
            approver_for(d("2026-03-01"), d("2026-03-04"), 3),
            Approver::County
        );
        assert_eq!(
            approver_for(d("2026-03-01"), d("2026-03-05"), 5),
            Approver::Township
        );
        assert_eq!(span_days(d("2026-02-27"), d("2026-03-02")), 4);
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2026, 4), 30);
    }

    #[test]
    fn leave_overrun_without_return_is_absent() {
        // Returned on time: nothing.
        assert!(overrun_days(d("2026-03-05"), Some(d("2026-03-06")), d("2026-03-20")).is_empty());
        // Came back two days late: the two days between.
        assert_eq!(
            overrun_days(d("2026-03-05"), Some(d("2026-03-08")), d("2026-03-20")),
            vec![d("2026-03-06"), d("2026-03-07")]
        );
        // Not back yet: up to today.
        assert_eq!(
            overrun_days(d("2026-03-05"), None, d("2026-03-07")).len(),
            2
        );
        // Still within the leave: nothing.
        assert!(overrun_days(d("2026-03-05"), None, d("2026-03-04")).is_empty());
    }
}
