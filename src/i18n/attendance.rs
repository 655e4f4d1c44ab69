//! The words of the attendance grid (考勤): its screen, its messages, the
//! month close and the 考勤月表 export, in Chinese and English.

use super::Lang;
use crate::domain::attendance::DayCode;
use crate::store::AttendanceProblem;

pub struct AttendanceText {
    pub title: &'static str,
    pub col_township: &'static str,
    pub col_village: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_in_village: &'static str,
    pub col_leave: &'static str,
    pub col_warning: &'static str,
    /// Short headers at a row's end: days in the village, leave, year, flag.
    pub short_in: &'static str,
    pub short_leave: &'static str,
    pub short_year: &'static str,
    /// The < 20 warning; {} the minimum.
    pub below: &'static str,
    /// The flag marker at the row end.
    pub flag: &'static str,
    pub closed: &'static str,
    pub open: &'static str,
    pub unsaved: &'static str,
    pub read_only: &'static str,
    pub never_saved: &'static str,
    /// Saved by, at, version.
    pub saved_by: &'static str,
    pub no_rows: &'static str,
    pub sheet: &'static str,
    /// Export done: path, month, scope name, code, rows.
    pub export_done: &'static str,
    /// Close: month, scope name, code, villages.
    pub close_done: &'static str,
    /// A lead: village, name, days, minimum; then "new" or "already open".
    pub lead_line: &'static str,
    pub lead_new: &'static str,
    pub lead_old: &'static str,
    pub no_leads: &'static str,
    /// Saved: cells.
    pub saved: &'static str,
    /// Conflict: village, by, at.
    pub conflict: &'static str,
    pub conflict_keys: &'static str,
    pub leave_prompt: &'static str,
    pub close_prompt: &'static str,
    /// Drafts: kept a draft.
    pub draft_kept: &'static str,
    pub draft_restored: &'static str,
    /// The cell's source: leave, training.
    pub from_leave: &'static str,
    pub from_training: &'static str,
    pub legend: &'static str,
    pub selecting: &'static str,
    pub filled: &'static str,
    pub copied: &'static str,
    /// Closed: leads count.
    pub closed_done: &'static str,
    pub save_first: &'static str,
    pub msg_read_only: &'static str,
    pub pick_scope: &'static str,
    pub other_open: &'static str,
    /// Help and footer: the context's name.
    pub ctx_name: &'static str,
}

static ZH: AttendanceText = AttendanceText {
    title: "考勤",
    col_township: "乡镇",
    col_village: "村",
    col_name: "姓名",
    col_role: "职务",
    col_in_village: "在村天数",
    col_leave: "请假天数",
    col_warning: "预警",
    short_in: "在村",
    short_leave: "假",
    short_year: "全年",
    below: "不足{}天",
    flag: "!",
    closed: "已月结",
    open: "未月结",
    unsaved: "未保存",
    read_only: "只读",
    never_saved: "尚未保存",
    saved_by: "{} 于 {} 保存（第{}版）",
    no_rows: "这个月没有在岗的驻村干部",
    sheet: "考勤月表",
    export_done: "已导出 {}：{} 考勤月表，{}（{}），{} 行",
    close_done: "{} 考勤已月结：{}（{}），{} 个村",
    lead_line: "  {} {}：在村 {} 天（应不少于 {} 天），召回线索{}",
    lead_new: "已生成",
    lead_old: "已存在",
    no_leads: "  没有在村不足天数的干部",
    saved: "考勤已保存（{} 格）",
    conflict: "冲突：{} 的考勤在你读取之后由 {} 于 {} 保存；什么也没有覆盖",
    conflict_keys: "m 保留我的（覆盖并记入审计）  t 采用他们的  Esc 回到编辑",
    leave_prompt: "考勤有未保存的修改：s 保存  d 放弃  Esc 继续编辑（离开也会保留草稿）",
    close_prompt: "月结 {}：在村不足天数的干部将生成召回线索。y 确认  其他键取消",
    draft_kept: "未保存的考勤已存为草稿；再次打开这个月时恢复",
    draft_restored: "已恢复未保存的考勤草稿",
    from_leave: "来自请假审批",
    from_training: "来自培训",
    legend: "1在村 2报备 3培训 4事假 5病假 6轮休 7未在岗",
    selecting: "选择中",
    filled: "已用“在村”填满空格（{} 格）",
    copied: "已按星期复制上月考勤（{} 格）",
    closed_done: "已月结；新生成召回线索 {} 条",
    save_first: "请先保存考勤（Ctrl-S 或 w），再月结",
    msg_read_only: "考勤由乡镇录入；你的账号只能查看",
    pick_scope: "考勤按乡镇或村查看：请选中一个乡镇或村再按 a",
    other_open: "另一个考勤表还有未保存的修改：请先保存或放弃",
    ctx_name: "考勤",
};

static EN: AttendanceText = AttendanceText {
    title: "Attendance",
    col_township: "Township",
    col_village: "Village",
    col_name: "Name",
    col_role: "Role",
    col_in_village: "Days in village",
    col_leave: "Leave days",
    col_warning: "Warning",
    short_in: "In",
    short_leave: "Lv",
    short_year: "Year",
    below: "below {}",
    flag: "!",
    closed: "closed",
    open: "open",
    unsaved: "unsaved",
    read_only: "read only",
    never_saved: "never saved",
    saved_by: "saved by {} at {} (version {})",
    no_rows: "No cadre was posted this month",
    sheet: "Attendance",
    export_done: "Exported {}: attendance of {}, {} ({}), {} rows",
    close_done: "Attendance of {} closed: {} ({}), {} villages",
    lead_line: "  {} {}: {} days in the village (minimum {}), recall lead {}",
    lead_new: "opened",
    lead_old: "already open",
    no_leads: "  Nobody is under the minimum",
    saved: "Attendance saved ({} cells)",
    conflict: "Conflict: {}'s attendance was saved by {} at {} after you read it; nothing was overwritten",
    conflict_keys: "m keep mine (written over, audited)  t take theirs  Esc back to editing",
    leave_prompt: "Unsaved attendance: s save  d discard  Esc keep editing (leaving keeps a draft too)",
    close_prompt: "Close {}: cadres under the minimum get a recall lead. y confirm, any other key cancels",
    draft_kept: "Unsaved attendance kept as a draft; opening this month again restores it",
    draft_restored: "Restored the unsaved attendance draft",
    from_leave: "from an approved leave",
    from_training: "from a training session",
    legend: "1 in 2 duty 3 training 4 personal 5 sick 6 rest 7 absent",
    selecting: "selecting",
    filled: "Filled the empty days with 'in the village' ({} cells)",
    copied: "Copied last month's pattern by weekday ({} cells)",
    closed_done: "Month closed; {} new recall leads",
    save_first: "Save the grid first (Ctrl-S or w), then close the month",
    msg_read_only: "The township enters attendance; your account reads it only",
    pick_scope: "Attendance is per township or village: select one, then press a",
    other_open: "Another attendance grid has unsaved changes: save or discard them first",
    ctx_name: "Attendance",
};

impl Lang {
    pub fn attendance(self) -> &'static AttendanceText {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// A day code in one character: 在报训事病休缺, or P D T L S R A.
    pub fn day_short(self, c: DayCode) -> char {
        match self {
            Lang::Zh => c.short_zh(),
            Lang::En => match c {
                DayCode::Present => 'P',
                DayCode::DutyOut => 'D',
                DayCode::Training => 'T',
                DayCode::PersonalLeave => 'L',
                DayCode::SickLeave => 'S',
                DayCode::Rest => 'R',
                DayCode::Absent => 'A',
            },
        }
    }

    pub fn day_code(self, c: DayCode) -> &'static str {
        match self {
            Lang::Zh => c.zh(),
            Lang::En => c.en(),
        }
    }
}

/// (action name, Chinese, English) of the grid's keys, for help and footer.
pub static ACTIONS: &[(&str, &str, &str)] = &[
    ("attendance_grid", "考勤", "attendance"),
    ("cell_left", "前一天", "day before"),
    ("cell_right", "后一天", "day after"),
    (
        "code_present",
        "在村（1–7：在报训事病休缺）",
        "in the village (1-7: P D T L S R A)",
    ),
    ("code_duty_out", "公务外出报备", "out on reported duty"),
    ("code_training", "培训", "training"),
    ("code_personal_leave", "事假", "personal leave"),
    ("code_sick_leave", "病假", "sick leave"),
    ("code_rest", "轮休", "rest days"),
    ("code_absent", "未在岗", "absent"),
    ("clear_code", "清空", "clear"),
    ("fill_month", "空格填“在村”", "fill empty days with 'in'"),
    ("mark_range", "选择范围", "mark a range"),
    (
        "copy_last_month",
        "按星期复制上月",
        "copy last month by weekday",
    ),
    ("close_month", "月结", "close the month"),
];

/// What is wrong with an attendance input.
pub fn problem(p: &AttendanceProblem, lang: Lang) -> String {
    use AttendanceProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NotAMonth(s) if zh => format!("“{s}”不是月份；请写成 YYYY-MM，例如 2026-03"),
        P::NotAMonth(s) => format!("{s:?} is not a month; write it as YYYY-MM, e.g. 2026-03"),
        P::ScopeLevel(c) if zh => {
            format!("{c} 不是乡镇或村代码；考勤按乡镇（9位）或村（12位）查看和月结")
        }
        P::ScopeLevel(c) => format!(
            "{c} is not a township or village code; attendance is read and closed per township (9 digits) or village (12 digits)"
        ),
        P::MonthNotOver { month, last } if zh => {
            format!("{month} 还没有过完（最后一天是 {last}）；月结要等到下个月")
        }
        P::MonthNotOver { month, last } => {
            format!("{month} is not over yet (its last day is {last}); close it next month")
        }
        P::Unfilled {
            village,
            name,
            days,
        } if zh => format!(
            "{village} 的 {name} 还有 {days} 天没有填考勤；填完并保存后再月结，什么也没有改动"
        ),
        P::Unfilled {
            village,
            name,
            days,
        } => format!(
            "{name} of {village} has {days} days without a code; fill and save the grid, then close the month. Nothing was changed"
        ),
    }
}
