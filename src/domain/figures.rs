//! The one definition of every figure a screen, report or export shows:
//! 应完成, 已完成, 进行中, 不适用, 未开始, 完成率 and 逾期数, for one scope
//! over one period. The README ("Figures") and the help (`?`) say the same.
//!
//! - An *item* is one task of one village for one task period (a month, a
//!   quarter or a year) inside the period asked about.
//! - An item *counts* on `today` when a record may be made for it: its task
//!   period has begun by today and it is tracked (see [`RecordLimits`]).
//!   Items of task periods that have not begun (December's on 11-28) are
//!   not yet 应完成, and nothing before the tracking start is.
//! - 应完成 (`expected`): the items that count.
//! - 已完成 / 进行中 / 不适用 (`done` / `doing` / `na`): of those, the ones
//!   recorded so. 已完成 includes 逾期完成 (done after the due date).
//! - 未开始 (`todo`): 应完成 − 已完成 − 进行中 − 不适用.
//! - 完成率 (`rate`): 已完成 / (应完成 − 不适用); none when nothing applies.
//! - 逾期数 (`overdue`): items whose task period ended before today and that
//!   are neither done nor not applicable.

use super::{Period, RecordLimits};

/// Counts of the items of one scope over one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    /// 应完成: items that count by today (task period begun, tracked).
    pub expected: u32,
    /// 已完成 (on time or late).
    pub done: u32,
    /// 进行中.
    pub doing: u32,
    /// 不适用.
    pub na: u32,
    /// 逾期数: items of ended task periods neither done nor n/a.
    pub overdue: u32,
}

impl Progress {
    /// Whether items of task period `sub` count on `limits.today`.
    pub fn counts(sub: Period, limits: RecordLimits) -> bool {
        limits.check_period(sub).is_ok()
    }

    /// The counts of one task period: `items` villages x tasks, of which
    /// `done`, `doing` and `na` recorded so (nothing when it does not count).
    pub fn of_period(
        sub: Period,
        items: u32,
        (done, doing, na): (u32, u32, u32),
        limits: RecordLimits,
    ) -> Progress {
        if !Progress::counts(sub, limits) {
            return Progress::default();
        }
        Progress {
            expected: items,
            done,
            doing,
            na,
            overdue: if sub.is_over(limits.today) {
                items.saturating_sub(done + na)
            } else {
                0
            },
        }
    }

    /// 应完成 − 不适用: the items the rate is taken over.
    pub fn applicable(&self) -> u32 {
        self.expected.saturating_sub(self.na)
    }

    /// 完成率: 已完成 / (应完成 − 不适用), 0.0-1.0 (None when nothing applies).
    pub fn rate(&self) -> Option<f64> {
        let base = self.applicable();
        (base > 0).then(|| self.done as f64 / base as f64)
    }

    /// 未开始: 应完成 − 已完成 − 进行中 − 不适用.
    pub fn todo(&self) -> u32 {
        self.expected
            .saturating_sub(self.done + self.doing + self.na)
    }

    pub fn add(&mut self, o: &Progress) {
        self.expected += o.expected;
        self.done += o.done;
        self.doing += o.doing;
        self.na += o.na;
        self.overdue += o.overdue;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(today: &str) -> RecordLimits {
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        RecordLimits {
            today: d(today),
            tracking_start: d("2026-01-01"),
        }
    }

    #[test]
    fn one_definition() {
        let p = |s| Period::parse(s).unwrap();
        let l = limits("2026-11-28");
        // November has begun and not ended: due, nothing overdue yet.
        let nov = Progress::of_period(p("2026-11"), 10, (5, 2, 1), l);
        assert_eq!((nov.expected, nov.overdue, nov.todo()), (10, 0, 2));
        assert_eq!(nov.applicable(), 9);
        assert_eq!(nov.rate(), Some(5.0 / 9.0));
        // October has ended: what is neither done nor n/a is overdue.
        let oct = Progress::of_period(p("2026-10"), 10, (5, 2, 1), l);
        assert_eq!(oct.overdue, 4);
        // December has not begun on 11-28: not 应完成 at all.
        assert_eq!(
            Progress::of_period(p("2026-12"), 10, (0, 0, 0), l),
            Progress::default()
        );
        // Before the tracking start: not counted either.
        assert_eq!(
            Progress::of_period(p("2025-12"), 10, (0, 0, 0), l),
            Progress::default()
        );
        let mut q = Progress::default();
        q.add(&nov);
        q.add(&oct);
        assert_eq!((q.expected, q.done, q.na, q.overdue), (20, 10, 2, 4));
        assert_eq!(Progress::default().rate(), None);
    }
}
