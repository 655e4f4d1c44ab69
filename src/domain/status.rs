//! Completion status of one task for one village and period.

use serde::{Deserialize, Serialize};

/// A status as stored. "Overdue" is never stored: see [`DisplayStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 未开始
    #[default]
    Todo,
    /// 进行中
    Doing,
    /// 已完成
    Done,
    /// 不适用
    Na,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Todo, Status::Doing, Status::Done, Status::Na];

    pub fn key(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Na => "na",
        }
    }

    pub fn from_key(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.key() == s)
    }

    /// Whether the task needs no more work (done, or not applicable).
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Na)
    }
}

/// What a person sees: the stored status, overdue when the period has
/// ended and the task is still open, or done late (逾期完成) when it was done
/// after its period's due date. Neither is ever stored; a late item still
/// counts as done in every rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayStatus {
    Todo,
    Doing,
    Done,
    /// 逾期完成: done, on a day after the period's due date.
    DoneLate,
    Overdue,
    Na,
}

impl DisplayStatus {
    /// The status shown for a record of `status` done on `done_on` (if
    /// known) for `period`, on `today`.
    pub fn of_record(
        status: Status,
        done_on: Option<chrono::NaiveDate>,
        period: super::period::Period,
        today: chrono::NaiveDate,
    ) -> DisplayStatus {
        match (status, done_on) {
            (Status::Done, Some(d)) if d > period.due_date() => DisplayStatus::DoneLate,
            _ => DisplayStatus::derive(status, period, today),
        }
    }

    /// As [`DisplayStatus::of_record`] when the done date is not known
    /// (a done item then shows as plain done).
    pub fn derive(
        status: Status,
        period: super::period::Period,
        today: chrono::NaiveDate,
    ) -> DisplayStatus {
        match status {
            Status::Done => DisplayStatus::Done,
            Status::Na => DisplayStatus::Na,
            _ if period.is_over(today) => DisplayStatus::Overdue,
            Status::Todo => DisplayStatus::Todo,
            Status::Doing => DisplayStatus::Doing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;

    #[test]
    fn overdue_is_derived() {
        let p = Period::parse("2026-10").unwrap();
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            DisplayStatus::derive(Status::Todo, p, d("2026-10-31")),
            DisplayStatus::Todo
        );
        assert_eq!(
            DisplayStatus::derive(Status::Doing, p, d("2026-11-01")),
            DisplayStatus::Overdue
        );
        assert_eq!(
            DisplayStatus::derive(Status::Done, p, d("2026-11-01")),
            DisplayStatus::Done
        );
        assert_eq!(
            DisplayStatus::derive(Status::Na, p, d("2027-01-01")),
            DisplayStatus::Na
        );
        // Done after the due date: 逾期完成; on the due date: done.
        assert_eq!(
            DisplayStatus::of_record(Status::Done, Some(d("2026-11-02")), p, d("2026-11-28")),
            DisplayStatus::DoneLate
        );
        assert_eq!(
            DisplayStatus::of_record(Status::Done, Some(d("2026-10-31")), p, d("2026-11-28")),
            DisplayStatus::Done
        );
        assert_eq!(
            DisplayStatus::of_record(Status::Todo, None, p, d("2026-11-28")),
            DisplayStatus::Overdue
        );
        for s in Status::ALL {
            assert_eq!(Status::from_key(s.key()), Some(s));
        }
    }
}
