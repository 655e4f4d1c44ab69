//! Words of the units screen (派出单位, 帮扶责任清单) and the 工作队 tab,
//! one table per language.

use super::Lang;
use crate::domain::units::{Need, PlanState, ProjectStatus};

pub struct Units {
    pub units_title: &'static str,
    /// Year, units, plans missing.
    pub units_head: &'static str,
    pub units_none: &'static str,
    pub col_unit: &'static str,
    pub col_level: &'static str,
    pub col_villages: &'static str,
    pub col_plans: &'static str,
    pub col_funds: &'static str,
    /// Narrow: the share delivered only.
    pub col_funds_pct: &'static str,
    pub col_leader: &'static str,
    pub col_contact: &'static str,
    /// The plan-missing mark in the list.
    pub hint_mark: &'static str,
    /// Unit, year.
    pub detail_title: &'static str,
    /// Leader, contact.
    pub detail_head: &'static str,
    pub detail_none: &'static str,
    pub plan: &'static str,
    /// Approved on.
    pub plan_approved: &'static str,
    pub plan_pending: &'static str,
    /// Deadline.
    pub plan_missing: &'static str,
    /// Goals, budget.
    pub plan_goals: &'static str,
    /// Done, expected, rate, overdue.
    pub plan_progress: &'static str,
    pub duties: &'static str,
    pub projects: &'static str,
    pub no_list: &'static str,
    /// Planned, delivered, percent.
    pub funds: &'static str,
    pub people: &'static str,
    pub no_people: &'static str,
    pub yuan: &'static str,
    pub teams_title: &'static str,
    /// Villages, with gaps, day.
    pub teams_head: &'static str,
    pub teams_none: &'static str,
    pub col_code: &'static str,
    pub col_village: &'static str,
    pub col_team: &'static str,
    pub col_flags: &'static str,
    pub col_gap_days: &'static str,
    pub col_due: &'static str,
    pub filter_all: &'static str,
    pub filter_gaps: &'static str,
    /// Village, needs.
    pub hints_head: &'static str,
    pub hints_none: &'static str,
    pub hints_note: &'static str,
}

static UNITS_ZH: Units = Units {
    units_title: "派出单位",
    units_head: "{} 年 · {} 个单位 · 帮扶计划逾期未批 {} 个村（截止 3 月 31 日）",
    units_none: "本范围内没有派出单位的驻村干部或帮扶责任清单",
    col_unit: "派出单位",
    col_level: "级别",
    col_villages: "帮扶村",
    col_plans: "计划已批",
    col_funds: "资金到位（元）",
    col_funds_pct: "到位率",
    col_leader: "负总责领导",
    col_contact: "联系方式",
    hint_mark: "提示",
    detail_title: "帮扶责任清单",
    detail_head: "负总责领导：{} · 联系方式：{}",
    detail_none: "该单位在本范围内没有帮扶村",
    plan: "帮扶计划",
    plan_approved: "已批准（{}）",
    plan_pending: "未批准（截止 {}）",
    plan_missing: "提示：逾期未批准（截止 {}）",
    plan_goals: "目标：{} · 预算 {} 元",
    plan_progress: "关联任务完成 {}/{}（完成率 {}），逾期 {}",
    duties: "责任事项",
    projects: "帮扶项目",
    no_list: "尚未填写帮扶责任清单",
    funds: "资金：计划 {} 元，到位 {} 元（{}）",
    people: "驻村干部（取自选派记录）",
    no_people: "本年度没有该单位的驻村干部",
    yuan: "元",
    teams_title: "工作队",
    teams_head: "{} 个村 · {} 个有缺口 · {}",
    teams_none: "没有要显示的村",
    col_code: "代码",
    col_village: "村",
    col_team: "1+2+N",
    col_flags: "缺口",
    col_gap_days: "空档天数",
    col_due: "轮换到期",
    filter_all: "全部村",
    filter_gaps: "只看有缺口",
    hints_head: "匹配提示 · {}（需要：{}）",
    hints_none: "本范围内没有专长相符、未在岗的干部",
    hints_note: "仅供参考，按姓名排列，不自动选派",
};

static UNITS_EN: Units = Units {
    units_title: "Units",
    units_head: "{} · {} units · plans not approved after 31 March: {} villages",
    units_none: "No dispatching unit has cadres or a responsibility list in this scope",
    col_unit: "Dispatching unit",
    col_level: "Level",
    col_villages: "Villages",
    col_plans: "Plans approved",
    col_funds: "Funds delivered (yuan)",
    col_funds_pct: "Funds",
    col_leader: "Leader in charge",
    col_contact: "Contact",
    hint_mark: "check",
    detail_title: "Responsibility list",
    detail_head: "Leader in charge: {} · contact: {}",
    detail_none: "This unit has no village in this scope",
    plan: "Help plan",
    plan_approved: "approved ({})",
    plan_pending: "not approved yet (due {})",
    plan_missing: "check: not approved by the deadline ({})",
    plan_goals: "Goals: {} · budget {} yuan",
    plan_progress: "Linked tasks done {}/{} (rate {}), overdue {}",
    duties: "Responsibilities",
    projects: "Projects",
    no_list: "No responsibility list yet",
    funds: "Funds: planned {} yuan, delivered {} yuan ({})",
    people: "Cadres in the village (from the postings)",
    no_people: "No cadre of this unit in the village this year",
    yuan: "yuan",
    teams_title: "Teams",
    teams_head: "{} villages · {} with a gap · {}",
    teams_none: "No villages to show",
    col_code: "Code",
    col_village: "Village",
    col_team: "1+2+N",
    col_flags: "Gaps",
    col_gap_days: "Gap days",
    col_due: "Term due",
    filter_all: "all villages",
    filter_gaps: "villages with a gap",
    hints_head: "Match hints · {} (needs: {})",
    hints_none: "No cadre without a posting in this scope has matching skills",
    hints_note: "hints only, by name; nobody is assigned",
};

impl Lang {
    pub fn units(self) -> &'static Units {
        match self {
            Lang::Zh => &UNITS_ZH,
            Lang::En => &UNITS_EN,
        }
    }

    /// A village need (match hints).
    pub fn need(self, n: Need) -> &'static str {
        let (zh, en) = match n {
            Need::PartyWork => ("党建", "Party work"),
            Need::Jobs => ("就业", "jobs"),
            Need::Community => ("社区治理", "community governance"),
            Need::Industry => ("产业", "industry"),
            Need::Planning => ("规划", "planning"),
            Need::AntiRelapse => ("防返贫", "anti-relapse"),
            Need::CultureTourism => ("文旅", "culture and tourism"),
        };
        if self == Lang::Zh { zh } else { en }
    }

    pub fn project_status(self, s: ProjectStatus) -> &'static str {
        let (zh, en) = match s {
            ProjectStatus::Planned => ("计划", "planned"),
            ProjectStatus::Underway => ("实施中", "under way"),
            ProjectStatus::Done => ("已完成", "done"),
            ProjectStatus::Dropped => ("已取消", "dropped"),
        };
        if self == Lang::Zh { zh } else { en }
    }

    /// A plan's state in words, with its date or the deadline.
    pub fn plan_state(self, s: PlanState, year: i32) -> String {
        let t = self.units();
        let deadline = crate::domain::units::plan_deadline(year).to_string();
        match s {
            PlanState::Approved(d) => super::ui::fill(t.plan_approved, &[&d.to_string()]),
            PlanState::Pending => super::ui::fill(t.plan_pending, &[&deadline]),
            PlanState::Missing => super::ui::fill(t.plan_missing, &[&deadline]),
        }
    }
}

impl Lang {
    /// A dispatching unit's level.
    pub fn unit_level(self, l: crate::domain::posting::UnitLevel) -> &'static str {
        use crate::domain::posting::UnitLevel as L;
        if self == Lang::Zh {
            return l.zh();
        }
        match l {
            L::Central => "central",
            L::Province => "province",
            L::Prefecture => "prefecture",
            L::County => "county",
            L::Township => "township",
            L::Army => "army",
            L::Other => "other",
        }
    }
}

/// A unit, list or plan input the store refused, in `lang`.
pub fn problem(p: &crate::store::UnitProblem, lang: Lang) -> String {
    use crate::domain::units::yuan;
    use crate::store::UnitProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NoUnit(s) if zh => {
            format!("没有派出单位 “{s}”；用 `zhucun units list` 查看单位名称和编号")
        }
        P::NoUnit(s) => format!("no dispatching unit {s:?}; see `zhucun units list` for the names and ids"),
        P::NotAVillage(c) if zh => format!("{c} 不是村（社区）代码（12 位）"),
        P::NotAVillage(c) => format!("{c} is not a village code (12 digits)"),
        P::Year(y) if zh => format!("{y} 不是 2000 至 2100 之间的年度"),
        P::Year(y) => format!("{y} is not a year between 2000 and 2100"),
        P::Negative(f) if zh => format!("{} 小于零；金额须为 0 或以上", yuan(*f)),
        P::Negative(f) => format!("{} is below zero; amounts are 0 or more", yuan(*f)),
        P::NotAnAmount(s) if zh => {
            format!("“{s}” 不是金额；请写元，最多两位小数（如 12000 或 1,200.50）")
        }
        P::NotAnAmount(s) => format!(
            "{s:?} is not an amount; write yuan with at most two decimals (12000 or 1,200.50)"
        ),
        P::ProjectNoName if zh => "项目没有名称；请写明项目名称".into(),
        P::ProjectNoName => "a project needs a name".into(),
        P::ItemNoText if zh => "责任事项没有内容；请写明这一条责任".into(),
        P::ItemNoText => "a responsibility item needs its text".into(),
        P::TooMany { max } if zh => format!("责任事项或项目超过 {max} 条；请精简清单"),
        P::TooMany { max } => format!("more than {max} items or projects; keep the list short"),
        P::NoItem { n, len } if zh => format!("没有第 {n} 条责任事项（共 {len} 条）；用 `zhucun units show` 查看序号"),
        P::NoItem { n, len } => format!("there is no item {n} (the list has {len}); see the numbers with `zhucun units show`"),
        P::NoProject { n, len } if zh => format!("没有第 {n} 个项目（共 {len} 个）；用 `zhucun units show` 查看序号"),
        P::NoProject { n, len } => format!("there is no project {n} (the list has {len}); see the numbers with `zhucun units show`"),
        P::NotAStatus(s) if zh => format!("“{s}” 不是项目状态；可用：计划、实施中、已完成、已取消"),
        P::NotAStatus(s) => format!(
            "{s:?} is not a project status; use planned, underway, done or dropped (计划, 实施中, 已完成, 已取消)"
        ),
        P::ApprovalAhead { day, today } if zh => {
            format!("批准日期 {day} 晚于今天（{today}）；批准后再填写")
        }
        P::ApprovalAhead { day, today } => {
            format!("the approval day {day} is after today ({today}); enter it once approved")
        }
        P::NoPlan if zh => "还没有帮扶计划；先用 `zhucun units plan set` 填写目标和预算".into(),
        P::NoPlan => "there is no help plan yet; enter its goals and budget with `zhucun units plan set` first".into(),
        P::NothingToSet if zh => "没有要修改的内容；请给出 --level、--contact 或 --leader".into(),
        P::NothingToSet => "nothing to change; give --level, --contact or --leader".into(),
        P::NotATask(s) if zh => format!("“{s}” 不是任务序号；写职责清单的序号，如 1,3,7"),
        P::NotATask(s) => format!("{s:?} is not a task number; give the checklist's numbers, as 1,3,7"),
        P::NotALevel(s) if zh => {
            format!("“{s}” 不是单位级别；可用：中央、省级、州级（市级）、县级、乡镇、部队、其他")
        }
        P::NotALevel(s) => format!(
            "{s:?} is not a unit level; use central, province, prefecture, county, township, army or other (中央, 省级, 州级, 县级, 乡镇, 部队, 其他)"
        ),
        P::Duplicate(s) if zh => format!("“{s}” 重复；每条只写一次"),
        P::Duplicate(s) => format!("{s:?} is there twice; give each once"),
    }
}

/// Words of `zhucun units` and the responsibility export.
pub struct UnitWords {
    pub unit_saved: &'static str,
    pub list_saved: &'static str,
    pub plan_saved: &'static str,
    pub col_id: &'static str,
    pub col_plans_missing: &'static str,
    pub col_planned: &'static str,
    pub col_delivered: &'static str,
    /// The year.
    pub year: &'static str,
    pub tasks: &'static str,
    pub col_village_code: &'static str,
    pub col_year: &'static str,
    pub col_projects: &'static str,
    pub col_project_amount: &'static str,
    pub col_people: &'static str,
    pub col_seq: &'static str,
    pub col_project: &'static str,
    pub col_status: &'static str,
    /// Project amounts, funds planned, delivered.
    pub totals: &'static str,
    pub sheet_lists: &'static str,
    /// File, rows.
    pub exported: &'static str,
    pub open_unit_first: &'static str,
    pub form_project: &'static str,
    pub form_funds: &'static str,
    pub form_name: &'static str,
    pub form_amount: &'static str,
    pub form_status: &'static str,
    pub form_planned: &'static str,
    pub form_delivered: &'static str,
    /// Unit, village and year.
    pub form_saved: &'static str,
    pub form_item: &'static str,
    pub form_item_which: &'static str,
    pub item_new: &'static str,
    /// The item's number.
    pub item_n: &'static str,
    pub form_item_text: &'static str,
    pub form_item_note: &'static str,
    /// Number; unit, village and year.
    pub item_removed: &'static str,
    pub form_project_note: &'static str,
    /// Number; unit, village and year.
    pub project_removed: &'static str,
    pub form_plan: &'static str,
    pub form_goals: &'static str,
    pub form_budget: &'static str,
    pub form_tasks: &'static str,
    pub form_approved: &'static str,
    pub form_plan_note: &'static str,
    /// Unit, village and year.
    pub form_plan_saved: &'static str,
    /// After a conflict in a form: what a second save does.
    pub form_conflict_again: &'static str,
}

static WORDS_ZH: UnitWords = UnitWords {
    unit_saved: "已保存派出单位信息",
    list_saved: "已保存帮扶责任清单",
    plan_saved: "已保存帮扶计划",
    col_id: "编号",
    col_plans_missing: "逾期未批",
    col_planned: "计划资金（元）",
    col_delivered: "到位资金（元）",
    year: "{} 年",
    tasks: "关联任务",
    col_village_code: "村代码",
    col_year: "年度",
    col_projects: "项目数",
    col_project_amount: "项目金额（元）",
    col_people: "驻村干部",
    col_seq: "序号",
    col_project: "项目名称",
    col_status: "项目状态",
    totals: "合计：项目金额 {} 元，计划资金 {} 元，到位资金 {} 元",
    sheet_lists: "帮扶责任落实表",
    exported: "已导出帮扶责任落实表：{}（{} 行）",
    open_unit_first: "先用 Enter 打开一个单位，再选村",
    form_project: "帮扶项目",
    form_funds: "计划/到位资金",
    form_name: "项目名称",
    form_amount: "金额（元）",
    form_status: "状态",
    form_planned: "计划资金（元）",
    form_delivered: "到位资金（元）",
    form_saved: "已保存帮扶责任清单：{}",
    form_item: "责任事项",
    form_item_which: "哪一条",
    item_new: "新增一条",
    item_n: "第 {} 条",
    form_item_text: "内容",
    form_item_note: "选第几条可修改它；把内容清空再保存即删除这一条",
    item_removed: "已删除第 {} 条责任事项：{}",
    form_project_note: "选第几个可修改它；把名称清空再保存即删除这个项目",
    project_removed: "已删除第 {} 个帮扶项目：{}",
    form_plan: "帮扶计划",
    form_goals: "帮扶目标",
    form_budget: "预算（元）",
    form_tasks: "关联任务序号",
    form_approved: "批准日期",
    form_plan_note: "任务序号即职责清单的序号，用逗号分开（如 1,3,7）；尚未批准时批准日期留空",
    form_plan_saved: "已保存帮扶计划：{}",
    form_conflict_again: "再按 Ctrl-S 保存你填写的内容（以对方修改后的版本为准再改）",
};

static WORDS_EN: UnitWords = UnitWords {
    unit_saved: "Unit saved",
    list_saved: "Responsibility list saved",
    plan_saved: "Help plan saved",
    col_id: "Id",
    col_plans_missing: "Plans overdue",
    col_planned: "Funds planned (yuan)",
    col_delivered: "Funds delivered (yuan)",
    year: "{}",
    tasks: "Linked tasks",
    col_village_code: "Village code",
    col_year: "Year",
    col_projects: "Projects",
    col_project_amount: "Project amount (yuan)",
    col_people: "Cadres posted",
    col_seq: "No.",
    col_project: "Project",
    col_status: "Status",
    totals: "Totals: projects {} yuan, funds planned {} yuan, delivered {} yuan",
    sheet_lists: "Responsibility lists",
    exported: "Responsibility lists written: {} ({} rows)",
    open_unit_first: "Open a unit with Enter first, then choose a village",
    form_project: "Project",
    form_funds: "Funds planned and delivered",
    form_name: "Project",
    form_amount: "Amount (yuan)",
    form_status: "Status",
    form_planned: "Planned (yuan)",
    form_delivered: "Delivered (yuan)",
    form_saved: "Responsibility list saved: {}",
    form_item: "Responsibility item",
    form_item_which: "Which item",
    item_new: "a new item",
    item_n: "item {}",
    form_item_text: "Text",
    form_item_note: "Choose an item's number to change it; empty its text and save to remove it",
    item_removed: "Item {} removed from the responsibility list: {}",
    form_project_note: "Choose a project's number to change it; empty its name and save to remove it",
    project_removed: "Project {} removed from the responsibility list: {}",
    form_plan: "Help plan",
    form_goals: "Goals",
    form_budget: "Budget (yuan)",
    form_tasks: "Task numbers",
    form_approved: "Approved on",
    form_plan_note: "Task numbers are the checklist's, separated by commas (1,3,7); leave the approval date empty until approved",
    form_plan_saved: "Help plan saved: {}",
    form_conflict_again: "Ctrl-S again saves what you typed over their version",
};

impl Lang {
    pub fn unit_words(self) -> &'static UnitWords {
        match self {
            Lang::Zh => &WORDS_ZH,
            Lang::En => &WORDS_EN,
        }
    }
}

/// The command line's help of `zhucun units` (key, Chinese, English).
pub static CLI_HELP: &[(&str, &str, &str)] = &[
    (
        "units",
        "派出单位及其帮扶责任清单（四个捆绑）和帮扶计划：列表、查看、填写",
        "Dispatching units, their responsibility lists (四个捆绑) and help plans: list, show, enter",
    ),
    (
        "units list",
        "范围内的派出单位（按名称）及帮扶村数、计划批准情况和资金",
        "The units of a scope with their villages, plans and funds, by name",
    ),
    (
        "units list --scope",
        "行政区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "units list --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    ("units list --format", "输出格式", "Output format"),
    (
        "units show",
        "一个单位的帮扶责任清单：每个村的计划、责任事项、项目、资金和驻村干部",
        "One unit's responsibility list: per village its plan, items, projects, funds and people",
    ),
    (
        "units show UNIT",
        "单位编号或全称（见 zhucun units list）",
        "The unit's id or full name (see `zhucun units list`)",
    ),
    (
        "units show --scope",
        "行政区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "units show --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units set",
        "修改单位级别、联系方式或负总责领导（给空值即清除）",
        "Set a unit's level, contact or leader in charge (an empty value clears it)",
    ),
    (
        "units set UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units set --level",
        "中央、省级、州级（市级）、县级、乡镇、部队或其他",
        "中央, 省级, 州级 (市级), 县级, 乡镇, 部队 or 其他",
    ),
    (
        "units set --contact",
        "单位联系方式（办公电话）",
        "The unit's contact (office telephone)",
    ),
    (
        "units set --leader",
        "单位负总责的领导",
        "The unit's leader in charge (负总责的领导)",
    ),
    (
        "units list-item",
        "添加或删除帮扶责任清单的责任事项",
        "Add or remove a responsibility item (责任事项) of a unit's list",
    ),
    (
        "units list-item add",
        "在清单末尾添加一条责任事项",
        "Add a responsibility item at the end of the list",
    ),
    (
        "units list-item add --text",
        "责任事项的内容",
        "The item's text",
    ),
    (
        "units list-item rm",
        "删除第 N 条责任事项（序号见 zhucun units show）",
        "Remove item N (as numbered by `zhucun units show`)",
    ),
    ("units list-item rm N", "责任事项序号", "The item's number"),
    (
        "units project",
        "添加、修改或删除帮扶项目",
        "Add, change or remove a project (帮扶项目) of a unit's list",
    ),
    (
        "units project add",
        "在清单末尾添加一个项目",
        "Add a project at the end of the list",
    ),
    ("units project add --name", "项目名称", "The project's name"),
    (
        "units project add --amount",
        "金额（元，如 12000、1,200.50）",
        "Amount in yuan (12000, 1,200.50)",
    ),
    (
        "units project add --status",
        "计划、实施中、已完成或已取消（默认 计划）",
        "计划, 实施中, 已完成 or 已取消 (planned, underway, done, dropped; default 计划)",
    ),
    (
        "units project set",
        "修改第 N 个项目的名称、金额或状态",
        "Change project N's name, amount or status",
    ),
    (
        "units project set N",
        "项目序号（见 zhucun units show）",
        "The project's number (as numbered by `zhucun units show`)",
    ),
    (
        "units project set --name",
        "新的项目名称",
        "The project's new name",
    ),
    ("units project set --amount", "金额（元）", "Amount in yuan"),
    (
        "units project set --status",
        "计划、实施中、已完成或已取消",
        "计划, 实施中, 已完成 or 已取消",
    ),
    ("units project rm", "删除第 N 个项目", "Remove project N"),
    ("units project rm N", "项目序号", "The project's number"),
    (
        "units funds",
        "清单的计划资金和到位资金",
        "The funds planned and delivered (计划/到位资金) of a unit's list",
    ),
    (
        "units funds set",
        "填写计划资金或到位资金（元）",
        "Set the funds planned or delivered, in yuan",
    ),
    (
        "units funds set --planned",
        "计划资金（元）",
        "Funds planned (计划资金), yuan",
    ),
    (
        "units funds set --delivered",
        "到位资金（元）",
        "Funds delivered (到位资金), yuan",
    ),
    (
        "units plan",
        "帮扶计划：目标、预算、关联任务、批准",
        "A unit's help plan (帮扶计划): goals, budget, linked tasks, approval",
    ),
    (
        "units plan set",
        "填写或修改计划的目标、预算和关联的职责任务",
        "Enter or change the plan's goals, budget and linked duty tasks",
    ),
    ("units plan set --goals", "帮扶目标", "The plan's goals"),
    ("units plan set --budget", "预算（元）", "Budget in yuan"),
    (
        "units plan set --tasks",
        "关联的职责清单任务序号，如 1,3,7",
        "Linked task numbers of the duty checklist, as 1,3,7",
    ),
    (
        "units plan approve",
        "登记计划的批准日期（默认今天）",
        "Record the plan's approval day (default: today)",
    ),
    (
        "units plan approve --on",
        "批准日期",
        "The day it was approved",
    ),
    (
        "units list-item add UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units list-item add --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units list-item add --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units list-item rm UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units list-item rm --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units list-item rm --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units project add UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units project add --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units project add --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units project set UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units project set --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units project set --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units project rm UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units project rm --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units project rm --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units funds set UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units funds set --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units funds set --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units plan set UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units plan set --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units plan set --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "units plan approve UNIT",
        "单位编号或全称",
        "The unit's id or full name",
    ),
    (
        "units plan approve --village",
        "村（社区）代码（12 位）",
        "The village's code (12 digits)",
    ),
    (
        "units plan approve --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "export responsibility",
        "范围和年度的帮扶责任落实表：每个单位、每个村的责任事项、项目、资金和驻村干部（.xlsx 或 .csv）",
        "The 帮扶责任落实表 of a scope and year: per unit and village the responsibilities, projects, funds and posted cadres (.xlsx or .csv)",
    ),
    (
        "export responsibility --scope",
        "行政区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "export responsibility --year",
        "年度（默认今年）",
        "Year (default: this year)",
    ),
    (
        "export responsibility --format",
        "xlsx（清单和项目两张表）或 csv（清单）；默认按文件扩展名",
        "xlsx (lists and projects sheets) or csv (the lists); default from the file name",
    ),
    (
        "export responsibility --output",
        "要写入的文件",
        "File to write",
    ),
    (
        "export responsibility --force",
        "文件已存在时覆盖",
        "Replace the file if it exists",
    ),
];

/// A row problem of a lists sheet, in `lang`.
pub fn list_problem(p: &crate::transfer::lists::ListProblem, lang: Lang) -> String {
    use crate::transfer::lists::ListProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::UnknownUnit(u) if zh => {
            format!("没有派出单位 “{u}”；写单位全称（与工作队文件一致），或先导入工作队")
        }
        P::UnknownUnit(u) => format!(
            "no dispatching unit {u:?}; give its full name as in the teams file, or import the teams first"
        ),
        P::OutsideScope(v) if zh => {
            format!("村 {v} 不在你管理的范围内；只能导入本县的帮扶责任清单")
        }
        P::OutsideScope(v) => {
            format!("village {v} is outside the lists you manage; import only your county's lists")
        }
        P::NotAYear(s) if zh => format!("“{s}” 不是年度；写 2000 至 2100 之间的年份，如 2026"),
        P::NotAYear(s) => format!("{s:?} is not a year; give one between 2000 and 2100, as 2026"),
        P::NotAnAmount(s) if zh => {
            format!("“{s}” 不是金额；请写元，最多两位小数（如 12000 或 1,200.50）")
        }
        P::NotAnAmount(s) => format!(
            "{s:?} is not an amount; write yuan with at most two decimals (12000 or 1,200.50)"
        ),
        P::NotAStatus(s) if zh => format!("“{s}” 不是项目状态；可用：计划、实施中、已完成、已取消"),
        P::NotAStatus(s) => format!(
            "{s:?} is not a project status; use 计划, 实施中, 已完成 or 已取消 (planned, underway, done, dropped)"
        ),
        P::AmountWithoutProject if zh => "有金额或状态却没有项目名称；请填写项目名称".into(),
        P::AmountWithoutProject => {
            "an amount or status without a project name; give the project's name".into()
        }
        P::NothingInRow if zh => "这一行没有责任事项、项目或资金；请填写或删去这一行".into(),
        P::NothingInRow => "the row has no item, project or funds; fill it in or remove it".into(),
        P::ProjectTwice { name, first } if zh => {
            format!("项目 “{name}” 与第 {first} 行重复；同一清单的项目只写一次")
        }
        P::ProjectTwice { name, first } => {
            format!("project {name:?} is on line {first} already; give each project of a list once")
        }
        P::DutyTwice { text, first } if zh => {
            format!("责任事项 “{text}” 与第 {first} 行重复；同一清单的事项只写一次")
        }
        P::DutyTwice { text, first } => {
            format!("item {text:?} is on line {first} already; give each item of a list once")
        }
        P::FundsDiffer { first } if zh => {
            format!("资金与第 {first} 行不同；同一清单的资金只写一次，或每行写相同的数")
        }
        P::FundsDiffer { first } => format!(
            "the funds differ from line {first}; give a list's funds once, or the same on each row"
        ),
    }
}
