//! Words of the figures (see [`crate::domain::figures`]): their
//! definitions as the help (`?`) and the README give them, the labels that
//! say which period a column counts, and the marks of a period or a time
//! that is not today's.

use super::Lang;

pub struct FigureWords {
    /// Heading of the definitions in the help.
    pub title: &'static str,
    /// One line per figure: (name, definition). The README lists the same.
    pub defs: [(&'static str, &'static str); 6],
    /// Overdue column of a report or workbook: the period it is about.
    pub overdue_period: &'static str,
    /// "本月" / "this month": the month containing today.
    pub this_month: &'static str,
    /// "本季度" / "this quarter".
    pub this_quarter: &'static str,
    /// After a period that is not the current one: past / future.
    pub past: &'static str,
    pub future: &'static str,
    /// After 已完成/应完成 when some items are 不适用.
    pub na_suffix: &'static str,
    /// "完成率计至 {date}": rates count items due by that day.
    pub counted_to: &'static str,
    /// A note under a report: all counts are of {period}, to {date}.
    pub report_note: &'static str,
    /// Appended to a time later than the pinned today (`--today`).
    pub real_time_mark: &'static str,
    /// Legend of that mark: {} is the pinned today.
    pub real_time_legend: &'static str,
}

pub static FIGURES_ZH: FigureWords = FigureWords {
    title: "数字的含义（所有页面、报表和导出都按同一定义）",
    defs: [
        (
            "应完成",
            "期间内、到今天为止已开始且在开始跟踪之后的周期里，每村每项任务各算一项；尚未开始的周期（如 11-28 时的 12 月）不算",
        ),
        (
            "已完成",
            "其中已标记完成的项，含逾期完成（完成日期晚于截止日期）",
        ),
        ("不适用", "其中标记为不适用的项"),
        ("未开始", "应完成 − 已完成 − 进行中 − 不适用"),
        ("完成率", "已完成 / (应完成 − 不适用)"),
        ("逾期数", "期间内截止日期已过、既未完成也非不适用的项"),
    ],
    overdue_period: "本期逾期",
    this_month: "本月",
    this_quarter: "本季度",
    past: "（往期）",
    future: "（未来）",
    na_suffix: "，不适用 {}",
    counted_to: "完成率计至 {}",
    report_note: "以上均按 {} 计，截至 {}；完成率 = 已完成 / (应完成 − 不适用)",
    real_time_mark: "*",
    real_time_legend: "* 为实际时间，晚于设定的今天 {}",
};

pub static FIGURES_EN: FigureWords = FigureWords {
    title: "What the figures mean (one definition for every screen, report and export)",
    defs: [
        (
            "Due",
            "one item per village and task for each task period in the period that has begun by today and is tracked; periods not begun yet (December on 11-28) are not due",
        ),
        (
            "Done",
            "of those, the items marked done, done late (after the due date) included",
        ),
        ("N/A", "of those, the items marked not applicable"),
        ("To do", "Due - Done - Doing - N/A"),
        ("Rate", "Done / (Due - N/A)"),
        (
            "Overdue",
            "items of the period past their due date, neither done nor N/A",
        ),
    ],
    overdue_period: "Overdue",
    this_month: "this month",
    this_quarter: "this quarter",
    past: " (past)",
    future: " (future)",
    na_suffix: ", n/a {}",
    counted_to: "rates to {}",
    report_note: "All figures for {}, to {}; Rate = Done / (Due - N/A)",
    real_time_mark: "*",
    real_time_legend: "* real time, after the pinned today {}",
};

impl Lang {
    pub fn figures(self) -> &'static FigureWords {
        match self {
            Lang::Zh => &FIGURES_ZH,
            Lang::En => &FIGURES_EN,
        }
    }
}
