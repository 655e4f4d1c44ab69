//! Words of training (培训): the screen, the command line, the exports and
//! the refusals, one table per language.

use super::Lang;
use crate::domain::training::{Kind, Mark, SessionLevel, TrainingError};

pub struct Training {
    pub title: &'static str,
    pub sessions: &'static str,
    pub no_sessions: &'static str,
    pub roster: &'static str,
    pub no_roster: &'static str,
    pub hours_list: &'static str,
    pub untrained_list: &'static str,
    pub none_untrained: &'static str,
    pub col_id: &'static str,
    pub col_title: &'static str,
    pub col_kind: &'static str,
    pub col_level: &'static str,
    pub col_division: &'static str,
    pub col_organiser: &'static str,
    pub col_dates: &'static str,
    pub col_from: &'static str,
    pub col_to: &'static str,
    pub col_hours: &'static str,
    pub col_venue: &'static str,
    pub col_speakers: &'static str,
    pub col_marks: &'static str,
    pub col_code: &'static str,
    pub col_village: &'static str,
    pub col_name: &'static str,
    pub col_cadre_id: &'static str,
    pub col_unit: &'static str,
    pub col_mark: &'static str,
    pub col_credited: &'static str,
    pub col_conflict: &'static str,
    pub col_target: &'static str,
    pub col_short: &'static str,
    pub col_kinds: &'static str,
    pub col_missing_kinds: &'static str,
    pub col_start: &'static str,
    pub col_new: &'static str,
    /// Each county's training (counts only).
    pub counties_list: &'static str,
    pub col_county_code: &'static str,
    pub col_county: &'static str,
    pub col_cadres: &'static str,
    pub col_total_hours: &'static str,
    pub col_reached: &'static str,
    pub col_untrained: &'static str,
    /// Year {}: counts per county, nobody named.
    pub counties_head: &'static str,
    /// At a received copy: as the prefectures pushed them.
    pub counties_pushed: &'static str,
    pub no_counties: &'static str,
    pub unmarked: &'static str,
    pub yes: &'static str,
    /// Days another record holds: {} days.
    pub conflict_days: &'static str,
    /// Session saved: id.
    pub saved: &'static str,
    pub deleted: &'static str,
    /// Marked {} cadres, {} grid days written, {} days held by another record.
    pub marked: &'static str,
    /// Year {}, target {} hours, new cadres after {} days.
    pub year_head: &'static str,
    /// {} of {} cadres have attended no session.
    pub untrained_head: &'static str,
    /// {} new cadres still untrained {} days after their posting began.
    pub new_head: &'static str,
    pub settings_saved: &'static str,
    pub target_hours: &'static str,
    pub new_cadre_days: &'static str,
    /// Form.
    pub form_new: &'static str,
    pub form_edit: &'static str,
    pub form_hint: &'static str,
    pub kind_hint: &'static str,
    pub division_hint: &'static str,
    pub confirm_delete: &'static str,
    pub no_permission_hint: &'static str,
    /// Form kept as a draft.
    pub draft_kept: &'static str,
    /// A form field that is not a date / a number: field.
    pub bad_date: &'static str,
    pub bad_number: &'static str,
    pub bad_kind: &'static str,
    pub bad_division: &'static str,
}

const ZH: Training = Training {
    title: "培训",
    sessions: "培训班",
    no_sessions: "本年度没有培训班",
    roster: "参训登记",
    no_roster: "培训期间该范围内没有在岗干部",
    hours_list: "个人学时",
    untrained_list: "未参训名单",
    none_untrained: "没有未参训的干部",
    col_id: "编号",
    col_title: "培训班",
    col_kind: "类别",
    col_level: "层级",
    col_division: "主办区划",
    col_organiser: "主办单位",
    col_dates: "日期",
    col_from: "开始日期",
    col_to: "结束日期",
    col_hours: "学时",
    col_venue: "地点",
    col_speakers: "授课人",
    col_marks: "参训/请假/缺席",
    col_code: "村代码",
    col_village: "村（社区）",
    col_name: "姓名",
    col_cadre_id: "干部编号",
    col_unit: "派出单位",
    col_mark: "状态",
    col_credited: "认定学时",
    col_conflict: "考勤冲突",
    col_target: "目标学时",
    col_short: "尚差学时",
    col_kinds: "已参训类别",
    col_missing_kinds: "未参训类别",
    col_start: "驻村开始",
    col_new: "新任未培训",
    counties_list: "各县培训",
    col_county_code: "县代码",
    col_county: "县（市、区）",
    col_cadres: "驻村干部",
    col_total_hours: "学时合计",
    col_reached: "达到目标",
    col_untrained: "未参训",
    counties_head: "{}年 · 各县只统计人数与学时，不列任何人",
    counties_pushed: "按各州（市）最近一次报送",
    no_counties: "这个范围内没有县",
    unmarked: "未登记",
    yes: "是",
    conflict_days: "{}天已有其他考勤",
    saved: "已保存培训班 {}",
    deleted: "已删除培训班 {}，其考勤天数已撤回",
    marked: "已登记 {} 人，写入考勤 {} 天，{} 天已有其他考勤（未改动）",
    year_head: "{}年 · 目标 {} 学时 · 新任干部 {} 天内须参训",
    untrained_head: "{} 名干部（共 {} 名）本年度未参加任何培训",
    new_head: "{} 名新任干部驻村满 {} 天仍未参训",
    settings_saved: "培训设置已保存",
    target_hours: "年度目标学时",
    new_cadre_days: "新任干部参训期限（天）",
    form_new: "新增培训班",
    form_edit: "编辑培训班",
    form_hint: "回车 下一项 · Ctrl-S 保存 · Esc 取消",
    kind_hint: "理论 / 政策 / 实践经验",
    division_hint: "州、县或乡镇代码",
    confirm_delete: "删除培训班“{}”及其参训登记和考勤天数？(y/n)",
    no_permission_hint: "只有主办层级可以登记",
    draft_kept: "已保留为草稿，下次打开表单时恢复",
    bad_date: "{}：请填写日期，如 2026-05-06",
    bad_number: "{}：请填写整数",
    bad_kind: "类别：请填写 理论、政策 或 实践经验",
    bad_division: "主办区划：请填写州、县或乡镇的区划代码",
};

const EN: Training = Training {
    title: "Training",
    sessions: "Sessions",
    no_sessions: "No sessions this year",
    roster: "Attendance",
    no_roster: "No cadres in post in this scope during the session",
    hours_list: "Hours",
    untrained_list: "Untrained",
    none_untrained: "No untrained cadres",
    col_id: "id",
    col_title: "session",
    col_kind: "kind",
    col_level: "level",
    col_division: "division",
    col_organiser: "organiser",
    col_dates: "dates",
    col_from: "from",
    col_to: "to",
    col_hours: "hours",
    col_venue: "venue",
    col_speakers: "speakers",
    col_marks: "attended/leave/absent",
    col_code: "village code",
    col_village: "village",
    col_name: "name",
    col_cadre_id: "cadre id",
    col_unit: "dispatching unit",
    col_mark: "status",
    col_credited: "hours credited",
    col_conflict: "grid conflict",
    col_target: "target",
    col_short: "hours short",
    col_kinds: "kinds had",
    col_missing_kinds: "kinds missing",
    col_start: "posted",
    col_new: "new, untrained",
    counties_list: "By county",
    col_county_code: "county code",
    col_county: "county",
    col_cadres: "cadres",
    col_total_hours: "hours in all",
    col_reached: "reached target",
    col_untrained: "untrained",
    counties_head: "{} · counts per county, nobody named",
    counties_pushed: "as each prefecture last pushed them",
    no_counties: "No county in this scope",
    unmarked: "not marked",
    yes: "yes",
    conflict_days: "{} days held by another record",
    saved: "session {} saved",
    deleted: "session {} deleted; its grid days were taken out",
    marked: "marked {} cadres, {} grid days written, {} days held by another record (left as they are)",
    year_head: "{} · target {} hours · new cadres within {} days",
    untrained_head: "{} of {} cadres attended no session this year",
    new_head: "{} new cadres still untrained {} days after their posting began",
    settings_saved: "training settings saved",
    target_hours: "yearly target hours",
    new_cadre_days: "days a new cadre has to attend training",
    form_new: "New session",
    form_edit: "Edit session",
    form_hint: "Enter next field · Ctrl-S save · Esc cancel",
    kind_hint: "theory / policy / practice",
    division_hint: "a prefecture, county or township code",
    confirm_delete: "Delete the session “{}”, its marks and its grid days? (y/n)",
    no_permission_hint: "only the level that runs it marks attendance",
    draft_kept: "kept as a draft; the form offers it again next time",
    bad_date: "{}: a date such as 2026-05-06",
    bad_number: "{}: a whole number",
    bad_kind: "kind: theory, policy or practice",
    bad_division: "division: a prefecture, county or township code",
};

impl Lang {
    pub fn training(self) -> &'static Training {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn training_kind(self, k: Kind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }

    pub fn training_level(self, l: SessionLevel) -> &'static str {
        match self {
            Lang::Zh => l.zh(),
            Lang::En => l.en(),
        }
    }

    pub fn training_mark(self, m: Mark) -> &'static str {
        match self {
            Lang::Zh => m.zh(),
            Lang::En => m.en(),
        }
    }
}

fn field_zh(f: &str) -> &str {
    match f {
        "title" => "培训班名称",
        "organiser" => "主办单位",
        "venue" => "地点",
        "speakers" => "授课人",
        other => other,
    }
}

/// A refused session or mark in `lang`.
pub fn error(e: &TrainingError, lang: Lang) -> String {
    use TrainingError as E;
    let zh = lang == Lang::Zh;
    match e {
        E::EmptyTitle if zh => "培训班名称为空；请填写名称".into(),
        E::EmptyTitle => "the session has no title; give it one".into(),
        E::TextTooLong { field, max } if zh => {
            format!("{}超过 {max} 个字；请缩短", field_zh(field))
        }
        E::TextTooLong { field, max } => {
            format!("the {field} is longer than {max} characters; shorten it")
        }
        E::Dates { from, to } if zh => {
            format!("结束日期 {to} 早于开始日期 {from}；请改正日期")
        }
        E::Dates { from, to } => {
            format!("the end {to} is before the start {from}; correct the dates")
        }
        E::TooLong { days, max } if zh => {
            format!("培训共 {days} 天，超过 {max} 天；请检查日期")
        }
        E::TooLong { days, max } => {
            format!("the session spans {days} days, more than {max}; check the dates")
        }
        E::TooManyHours { hours, max } if zh => {
            format!("{hours} 学时超过上限 {max}；请检查学时")
        }
        E::TooManyHours { hours, max } => {
            format!("{hours} hours is more than {max}; check the hours")
        }
        E::CreditAbove { hours, session } if zh => {
            format!("认定学时 {hours} 超过培训班的 {session} 学时")
        }
        E::CreditAbove { hours, session } => {
            format!("{hours} hours credited is more than the session's {session}")
        }
        E::NotARunningLevel(code) if zh => {
            format!("{code} 不是州、县或乡镇：培训班由州、县或乡镇主办")
        }
        E::NotARunningLevel(code) => format!(
            "{code} is not a prefecture, county or township: those are the levels that run sessions"
        ),
        E::NoSession(id) if zh => {
            format!("没有编号为 {id} 的培训班；用 `zhucun training list` 查看编号")
        }
        E::NoSession(id) => {
            format!("no session with id {id}; `zhucun training list` shows the ids")
        }
        E::NotOnRoster { cadre } if zh => {
            format!("{cadre} 在培训期间没有在主办区划内驻村，不能登记")
        }
        E::NotOnRoster { cadre } => format!(
            "{cadre} has no posting under the session's division on its days, so cannot be marked"
        ),
        E::ChangedMeanwhile { by, at } if zh => {
            format!("{by} 在 {at} 修改了这个培训班，未覆盖；请重新打开后再改")
        }
        E::ChangedMeanwhile { by, at } => format!(
            "{by} changed this session at {at} after you read it; nothing was overwritten, reload it"
        ),
    }
}

/// A sign-in sheet's problem in `lang`.
pub fn sheet_problem(p: &crate::transfer::training::SheetProblem, lang: Lang) -> String {
    use crate::transfer::training::SheetProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NoWhoColumn if zh => "没有“姓名”或“干部编号”列；签到表至少要有其中一列".into(),
        P::NoWhoColumn => {
            "no 姓名 (name) or 干部编号 (cadre id) column; the sheet needs one of them".into()
        }
        P::NoWho if zh => "姓名和干部编号都为空；请填写其中一个".into(),
        P::NoWho => "both the name and the cadre id are empty; fill in one of them".into(),
        P::UnknownMark(s) if zh => format!("状态“{s}”无法识别；请填写 参训、请假 或 缺席"),
        P::UnknownMark(s) => {
            format!("status {s:?} is not 参训 (attended), 请假 (leave) or 缺席 (absent)")
        }
        P::NotHours(s) if zh => format!("学时“{s}”不是整数"),
        P::NotHours(s) => format!("hours {s:?} is not a whole number"),
        P::HoursAbove { hours, session } if zh => {
            format!("认定学时 {hours} 超过培训班的 {session} 学时")
        }
        P::HoursAbove { hours, session } => {
            format!("{hours} hours credited is more than the session's {session}")
        }
        P::NotOnList(who) if zh => format!(
            "{who} 不在这个培训班的参训名单上（培训期间没有在主办区划内驻村）；请核对姓名或干部编号"
        ),
        P::NotOnList(who) => format!(
            "{who} is not on this session's list (no posting under its division on its days); check the name or id"
        ),
        P::SameName { name, n } if zh => {
            format!("名单上有 {n} 名“{name}”；请填写干部编号加以区分")
        }
        P::SameName { name, n } => {
            format!(
                "{n} cadres named {name} are on the list; add the cadre id (干部编号) to tell them apart"
            )
        }
        P::IdName { id, name, actual } if zh => {
            format!("干部编号 {id} 是 {actual}，不是 {name}；请核对")
        }
        P::IdName { id, name, actual } => {
            format!("cadre id {id} is {actual}, not {name}; check the row")
        }
        P::Twice { who, first } if zh => format!("{who} 已在第 {first} 行登记过"),
        P::Twice { who, first } => format!("{who} is already on line {first}"),
    }
}

/// The command line's words for `zhucun training ...` (key, Chinese,
/// English), looked up with the shared table (`cli_help::text`).
pub static HELP: &[(&str, &str, &str)] = &[
    (
        "training",
        "培训：培训班、参训登记、个人学时、未参训名单、各县培训统计、签到表",
        "Training sessions (培训): sessions, attendance, hours, 未参训名单, each county's counts, sign-in sheets",
    ),
    (
        "training list",
        "某范围的干部在某年参加的培训班，按开始日期",
        "The sessions a scope's cadres go to in a year, by first day",
    ),
    (
        "training list --year",
        "年份（默认今年）",
        "Year (default: this year)",
    ),
    (
        "training list --scope",
        "区划代码（默认你自己的范围，或整个数据库）",
        "Division code (default: your own scope, or the whole database)",
    ),
    ("training list --format", "输出格式", "Output format"),
    (
        "training add",
        "新增培训班（主办区划或其上级）",
        "Create a session (the division that runs it, or above)",
    ),
    ("training add --title", "培训班名称", "Title (培训班名称)"),
    (
        "training add --kind",
        "理论、政策 或 实践经验",
        "理论 (theory), 政策 (policy) or 实践经验 (practice)",
    ),
    (
        "training add --division",
        "主办的州、县或乡镇代码",
        "The prefecture, county or township that runs it",
    ),
    ("training add --from", "开始日期", "First day"),
    ("training add --to", "结束日期", "Last day"),
    ("training add --hours", "学时（整数）", "学时 (whole hours)"),
    (
        "training add --organiser",
        "主办单位",
        "Organiser (主办单位)",
    ),
    ("training add --venue", "地点", "Venue (地点)"),
    ("training add --speakers", "授课人", "Speakers (授课人)"),
    (
        "training edit",
        "修改培训班；考勤天数随日期改变",
        "Change a session; its grid days follow its dates",
    ),
    (
        "training edit ID",
        "培训班编号（见 zhucun training list）",
        "The session's id (`zhucun training list`)",
    ),
    ("training edit --title", "新的名称", "New title"),
    (
        "training edit --kind",
        "新的类别：理论、政策 或 实践经验",
        "New kind: theory, policy or practice",
    ),
    (
        "training edit --division",
        "新的主办区划代码",
        "New running division",
    ),
    ("training edit --from", "新的开始日期", "New first day"),
    ("training edit --to", "新的结束日期", "New last day"),
    ("training edit --hours", "新的学时", "New hours"),
    ("training edit --organiser", "新的主办单位", "New organiser"),
    ("training edit --venue", "新的地点", "New venue"),
    ("training edit --speakers", "新的授课人", "New speakers"),
    (
        "training delete",
        "删除培训班及其参训登记和考勤天数",
        "Delete a session, its marks and its grid days",
    ),
    (
        "training delete ID",
        "培训班编号（见 zhucun training list）",
        "The session's id (`zhucun training list`)",
    ),
    (
        "training roster",
        "培训班的参训名单：培训期间在主办区划内驻村的干部",
        "A session's attendance list: the cadres posted under its division on its days",
    ),
    (
        "training roster ID",
        "培训班编号（见 zhucun training list）",
        "The session's id (`zhucun training list`)",
    ),
    ("training roster --format", "输出格式", "Output format"),
    (
        "training mark",
        "登记参训情况：参训的把培训天数写入考勤",
        "Mark cadres at a session: 参训 writes the session's days into the attendance grid",
    ),
    (
        "training mark ID",
        "培训班编号（见 zhucun training list）",
        "The session's id (`zhucun training list`)",
    ),
    (
        "training mark --cadre",
        "干部编号（见 zhucun training roster ID），多个用逗号分隔",
        "Cadre ids (`zhucun training roster ID`); several separated by commas",
    ),
    (
        "training mark --all",
        "参训名单上的全部干部",
        "Every cadre of the attendance list",
    ),
    (
        "training mark --status",
        "attended 参训、leave 请假 或 absent 缺席",
        "attended (参训), leave (请假) or absent (缺席)",
    ),
    (
        "training mark --hours",
        "认定学时（默认：参训为培训班学时，其他为 0）",
        "Hours credited (default: the session's for attended, 0 otherwise)",
    ),
    (
        "training hours",
        "每名干部本年度学时与目标、已参训类别，按村代码再按姓名",
        "Each cadre's hours in the year against the target and the kinds had, by village code then name",
    ),
    (
        "training hours --year",
        "年份（默认今年）",
        "Year (default: this year)",
    ),
    (
        "training hours --scope",
        "区划代码（默认你自己的范围，或整个数据库）",
        "Division code (default: your own scope, or the whole database)",
    ),
    ("training hours --format", "输出格式", "Output format"),
    (
        "training untrained",
        "未参训名单：本年度没有参加任何培训的干部，按村代码再按姓名",
        "未参训名单: the cadres with no session attended in the year, by village code then name",
    ),
    (
        "training untrained --year",
        "年份（默认今年）",
        "Year (default: this year)",
    ),
    (
        "training untrained --scope",
        "区划代码（默认你自己的范围，或整个数据库）",
        "Division code (default: your own scope, or the whole database)",
    ),
    ("training untrained --format", "输出格式", "Output format"),
    (
        "training counties",
        "各县培训：驻村干部人数、学时合计、达到目标和未参训的人数（只有数，不列人）",
        "Each county's training: cadres, hours in all, how many reached the target and how many attended nothing (counts, never a list of people)",
    ),
    (
        "training counties --year",
        "年份（默认今年）",
        "Year (default: this year)",
    ),
    (
        "training counties --scope",
        "区划代码（默认你自己的范围，或整个数据库）",
        "Division code (default: your own scope, or the whole database)",
    ),
    ("training counties --format", "输出格式", "Output format"),
    (
        "training import",
        "把县里的签到表（姓名或干部编号、状态、学时）导入为培训班的参训登记（全部成功或全部不写）",
        "Import a county's sign-in sheet (姓名 or 干部编号, 状态, 学时) as a session's marks (all or nothing)",
    ),
    (
        "training import FILE",
        "CSV（UTF-8、GBK/GB18030 或 UTF-16）或 .xlsx 文件",
        "CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file",
    ),
    (
        "training import --session",
        "签到表所属的培训班编号",
        "The session the sheet is of",
    ),
    (
        "training import --check",
        "只检查文件并列出所有问题，不写入",
        "Check the file and report every problem, but write nothing",
    ),
    (
        "training import --encoding",
        "CSV 文件的编码（默认自动识别）",
        "Text encoding of a CSV file (default: detect)",
    ),
    (
        "training export",
        "导出个人学时（及培训班）、未参训名单、各县培训统计或某培训班的签到表",
        "Export the hours list (and the sessions), the 未参训名单, each county's training or a session's sign-in sheet",
    ),
    (
        "training export --year",
        "年份（默认今年）",
        "Year (default: this year)",
    ),
    (
        "training export --scope",
        "区划代码（默认你自己的范围，或整个数据库）",
        "Division code (default: your own scope, or the whole database)",
    ),
    (
        "training export --untrained",
        "导出未参训名单，而不是个人学时",
        "The 未参训名单 instead of the hours list",
    ),
    (
        "training export --session",
        "导出这个培训班的签到表，而不是个人学时",
        "One session's sign-in sheet instead of the hours list",
    ),
    (
        "training export --counties",
        "导出各县培训统计（只有数），而不是个人学时",
        "Each county's training (counts only) instead of the hours list",
    ),
    (
        "training export --output",
        "要写入的文件（.xlsx 或 .csv）",
        "File to write (.xlsx, or .csv)",
    ),
    (
        "training export --force",
        "文件已存在时替换它",
        "Replace the file if it exists",
    ),
    (
        "training settings",
        "显示年度目标学时和新任干部参训期限；修改它们（仅管理员）",
        "Show the yearly target hours and the new-cadre days; change them (administrators only)",
    ),
    (
        "training settings --target-hours",
        "年度目标学时（默认 90）",
        "Yearly target hours (default 90)",
    ),
    (
        "training settings --new-cadre-days",
        "新任干部驻村后须在多少天内参训（默认 30）",
        "Days after a posting begins by which a new cadre has attended training (default 30)",
    ),
];

/// The sign-in sheet's columns, for `zhucun training import --help`.
pub fn sheet_columns_help(lang: Lang) -> String {
    let w = super::cli_help::import_words(lang);
    let mut s = String::from(w.intro);
    for c in crate::transfer::training::SHEET {
        let help = match (lang, c.key) {
            (Lang::Zh, "cadre") => "干部编号（见 zhucun training roster）；同名时用它区分",
            (Lang::Zh, "name") => "干部姓名",
            (Lang::Zh, "status") => "参训、请假 或 缺席",
            (Lang::Zh, "hours") => "认定学时（默认：参训为培训班学时，其他为 0）",
            (Lang::Zh, _) => "读取后不使用",
            (Lang::En, _) => c.help,
        };
        s.push_str(&format!(
            "  {} / {}{}: {}\n",
            c.zh,
            c.key,
            if c.required { "" } else { w.optional },
            help
        ));
    }
    s.push_str(match lang {
        Lang::Zh => "\n需有“姓名”或“干部编号”列。样例：db/samples/training.csv。\n",
        Lang::En => "\nA 姓名 (name) or 干部编号 (cadre id) column is needed. Sample: db/samples/training.csv.\n",
    });
    s
}
