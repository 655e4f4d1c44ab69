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

/// What a person sees: the stored status, or overdue when the period has
/// ended and the task is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DisplayStatus {
    Todo,
    Doing,
    Done,
    Overdue,
    Na,
}

impl DisplayStatus {
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
        for s in Status::ALL {
            assert_eq!(Status::from_key(s.key()), Some(s));
        }
    }
}
