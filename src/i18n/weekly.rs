//! Words of the follow-up screens (逾期清单, 未报送, 落实情况), one table
//! per language.

use super::Lang;

pub struct Weekly {
    pub overdue_title: &'static str,
    /// Period, count.
    pub overdue_head: &'static str,
    pub overdue_none: &'static str,
    pub unreported_title: &'static str,
    /// Period, its due date, villages with open items, villages, open items.
    pub unreported_head: &'static str,
    pub follow_title: &'static str,
    /// Completed, villages, rate, not completed.
    pub follow_head: &'static str,
    /// The day the tasks' periods are taken at.
    pub follow_period: &'static str,
    pub follow_done: &'static str,
    pub follow_open: &'static str,
    pub follow_no_tasks: &'static str,
    /// Under a guidance item's figure: the key that lists the villages.
    pub follow_hint: &'static str,
    pub col_village: &'static str,
    pub col_task: &'static str,
    pub col_period: &'static str,
    pub col_due: &'static str,
    pub col_days: &'static str,
    pub col_code: &'static str,
    pub col_expected: &'static str,
    pub col_open: &'static str,
    pub col_last: &'static str,
    pub col_tasks_done: &'static str,
    pub col_missing: &'static str,
    pub col_state: &'static str,
    pub never: &'static str,
    pub sort_code: &'static str,
    pub sort_open: &'static str,
    /// The order or filter in force: its name.
    pub sort_label: &'static str,
    pub show_label: &'static str,
    pub show_all: &'static str,
    pub msg_future: &'static str,
    pub msg_outside: &'static str,
}

pub static WEEKLY_ZH: Weekly = Weekly {
    overdue_title: "逾期清单",
    overdue_head: "{}逾期共{}项，最早的在前",
    overdue_none: "这一期没有逾期的任务",
    unreported_title: "未报送",
    unreported_head: "{}（{}截止）：{}/{}个村尚有未完成，共{}项",
    follow_title: "落实情况",
    follow_head: "已完成 {}/{}（{}），未完成 {}个村",
    follow_period: "按 {} 的任务期间统计",
    follow_done: "已完成",
    follow_open: "未完成",
    follow_no_tasks: "这一条没有涉及任务",
    follow_hint: "按 {} 查看哪些村已完成、哪些未完成",
    col_village: "村",
    col_task: "任务",
    col_period: "期间",
    col_due: "截止日期",
    col_days: "逾期天数",
    col_code: "代码",
    col_expected: "应完成",
    col_open: "未完成",
    col_last: "最近记录",
    col_tasks_done: "完成任务",
    col_missing: "未完成的任务",
    col_state: "状态",
    never: "从未记录",
    sort_code: "按代码",
    sort_open: "按未完成数",
    sort_label: "排序：{}",
    show_label: "显示：{}",
    show_all: "全部",
    msg_future: "不能查看未来的期间",
    msg_outside: "不在你的范围内",
};

pub static WEEKLY_EN: Weekly = Weekly {
    overdue_title: "Overdue",
    overdue_head: "{}: {} overdue, oldest first",
    overdue_none: "Nothing overdue in this period",
    unreported_title: "Not reported",
    unreported_head: "{}, due {}: {}/{} villages open, {} items",
    follow_title: "Follow-through",
    follow_head: "Completed {}/{} ({}), not yet {} villages",
    follow_period: "task periods as of {}",
    follow_done: "completed",
    follow_open: "not yet",
    follow_no_tasks: "This item concerns no task",
    follow_hint: "{}: which villages have and have not",
    col_village: "Village",
    col_task: "Task",
    col_period: "Period",
    col_due: "Due date",
    col_days: "Days",
    col_code: "Code",
    col_expected: "Due",
    col_open: "Open",
    col_last: "Last record",
    col_tasks_done: "Tasks done",
    col_missing: "Tasks open",
    col_state: "State",
    never: "never",
    sort_code: "by code",
    sort_open: "by open items",
    sort_label: "Sort: {}",
    show_label: "Show: {}",
    show_all: "all",
    msg_future: "Future periods cannot be viewed",
    msg_outside: "Outside your scope",
};

impl Lang {
    pub fn weekly(self) -> &'static Weekly {
        match self {
            Lang::Zh => &WEEKLY_ZH,
            Lang::En => &WEEKLY_EN,
        }
    }
}
