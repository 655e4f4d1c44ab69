//! Every user-visible word, one table per language (Simplified Chinese is the
//! default). Pure data: no I/O.

pub mod allowance;
pub mod assessment;
pub mod attendance;
pub mod batch;
pub mod cadres;
pub mod cli;
pub mod cli_help;
pub mod doctor;
pub mod errors;
pub mod figures;
pub mod leave;
pub mod problems;
pub mod recall;
pub mod training;
pub mod ui;
pub mod units;
#[cfg(feature = "upward")]
pub mod upward;
pub mod weekly;

use crate::domain::{Cadence, DisplayStatus, MemberRole, Period, Status, UserRole, VillageType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Labels shared by the command line and the terminal UI.
pub struct Text {
    pub name: &'static str,
    pub code: &'static str,
    pub villages: &'static str,
    pub expected: &'static str,
    pub done: &'static str,
    pub doing: &'static str,
    pub todo: &'static str,
    pub na: &'static str,
    pub rate: &'static str,
    pub overdue: &'static str,
    pub due_date: &'static str,
    pub period: &'static str,
    pub scope: &'static str,
    pub total: &'static str,
    pub recorded: &'static str,
    pub report_title: &'static str,
    pub check_title: &'static str,
    pub schema_version: &'static str,
    pub integrity: &'static str,
    pub catalogue_version: &'static str,
    pub divisions: &'static str,
    pub team_members: &'static str,
    pub completions: &'static str,
    pub guidance: &'static str,
    pub audit_rows: &'static str,
    pub users: &'static str,
    pub demo_created: &'static str,
    pub db_created: &'static str,
    pub time_zone: &'static str,
    pub tracking_start: &'static str,
    pub settings_saved: &'static str,
    pub no_divisions: &'static str,
}

pub static ZH: Text = Text {
    name: "名称",
    code: "代码",
    villages: "村数",
    expected: "应完成",
    done: "已完成",
    doing: "进行中",
    todo: "未开始",
    na: "不适用",
    rate: "完成率",
    overdue: "逾期数",
    due_date: "截止日期",
    period: "期间",
    scope: "范围",
    total: "合计",
    recorded: "已记录",
    report_title: "完成情况",
    check_title: "数据库检查",
    schema_version: "结构版本",
    integrity: "完整性",
    catalogue_version: "职责清单版本",
    divisions: "行政区划",
    team_members: "工作队成员",
    completions: "完成记录",
    guidance: "指导要点和工作提示",
    audit_rows: "审计记录",
    users: "用户",
    demo_created: "已创建演示数据库",
    db_created: "已创建数据库",
    time_zone: "时区",
    tracking_start: "开始跟踪日期",
    settings_saved: "设置已保存",
    no_divisions: "数据库里还没有行政区划；用 `zhucun init --demo` 或导入（zhucun import divisions）加入",
};

pub static EN: Text = Text {
    name: "Name",
    code: "Code",
    villages: "Villages",
    expected: "Due",
    done: "Done",
    doing: "Doing",
    todo: "To do",
    na: "N/A",
    rate: "Rate",
    overdue: "Overdue",
    due_date: "Due date",
    period: "Period",
    scope: "Scope",
    total: "Total",
    recorded: "Recorded",
    report_title: "Completion",
    check_title: "Database check",
    schema_version: "Schema version",
    integrity: "Integrity",
    catalogue_version: "Catalogue version",
    divisions: "Divisions",
    team_members: "Team members",
    completions: "Completion records",
    guidance: "Guidance and prompts",
    audit_rows: "Audit rows",
    users: "Users",
    demo_created: "Created the demo database",
    db_created: "Created the database",
    time_zone: "Time zone",
    tracking_start: "Tracking start",
    settings_saved: "Settings saved",
    no_divisions: "the database has no divisions yet; load some with `zhucun init --demo` or an import",
};

impl Lang {
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn period(self, p: Period) -> String {
        match self {
            Lang::Zh => p.zh(),
            Lang::En => p.en(),
        }
    }

    pub fn status(self, s: Status) -> &'static str {
        let t = self.text();
        match s {
            Status::Todo => t.todo,
            Status::Doing => t.doing,
            Status::Done => t.done,
            Status::Na => t.na,
        }
    }

    pub fn display_status(self, s: DisplayStatus) -> &'static str {
        match (self, s) {
            (Lang::Zh, DisplayStatus::Overdue) => "已逾期",
            (Lang::En, DisplayStatus::Overdue) => "Overdue",
            (Lang::Zh, DisplayStatus::DoneLate) => "逾期完成",
            (Lang::En, DisplayStatus::DoneLate) => "Done late",
            (_, DisplayStatus::Todo) => self.status(Status::Todo),
            (_, DisplayStatus::Doing) => self.status(Status::Doing),
            (_, DisplayStatus::Done) => self.status(Status::Done),
            (_, DisplayStatus::Na) => self.status(Status::Na),
        }
    }

    pub fn cadence(self, c: Cadence) -> &'static str {
        match (self, c) {
            (Lang::Zh, Cadence::Monthly) => "每月",
            (Lang::Zh, Cadence::Quarterly) => "每季",
            (Lang::Zh, Cadence::Yearly) => "每年",
            (Lang::Zh, Cadence::Ongoing) => "常态",
            (Lang::En, Cadence::Monthly) => "monthly",
            (Lang::En, Cadence::Quarterly) => "quarterly",
            (Lang::En, Cadence::Yearly) => "yearly",
            (Lang::En, Cadence::Ongoing) => "ongoing",
        }
    }

    pub fn village_type(self, t: VillageType) -> &'static str {
        match (self, t) {
            (Lang::Zh, VillageType::FormerPoor) => "脱贫村",
            (Lang::Zh, VillageType::Relocation) => "搬迁社区",
            (Lang::Zh, VillageType::Demonstration) => "示范村",
            (Lang::Zh, VillageType::WeakParty) => "软弱涣散村",
            (Lang::Zh, VillageType::RedPilot) => "红色村庄试点",
            (Lang::En, VillageType::FormerPoor) => "formerly poor",
            (Lang::En, VillageType::Relocation) => "relocation",
            (Lang::En, VillageType::Demonstration) => "demonstration",
            (Lang::En, VillageType::WeakParty) => "weak party org.",
            (Lang::En, VillageType::RedPilot) => "red village pilot",
        }
    }

    pub fn member_role(self, r: MemberRole) -> &'static str {
        match (self, r) {
            (Lang::Zh, MemberRole::FirstSecretary) => "第一书记",
            (Lang::Zh, MemberRole::Resident) => "驻村队员",
            (Lang::Zh, MemberRole::SentDown) => "下沉干部",
            (Lang::En, MemberRole::FirstSecretary) => "First secretary",
            (Lang::En, MemberRole::Resident) => "Resident cadre",
            (Lang::En, MemberRole::SentDown) => "Sent-down cadre",
        }
    }

    pub fn user_role(self, r: UserRole) -> &'static str {
        match (self, r) {
            (Lang::Zh, UserRole::Admin) => "州级管理员",
            (Lang::Zh, UserRole::County) => "县级驻村办",
            (Lang::Zh, UserRole::Township) => "乡镇联络员",
            (Lang::Zh, UserRole::Team) => "驻村工作队",
            (Lang::Zh, UserRole::Viewer) => "只读",
            (Lang::En, UserRole::Admin) => "Prefecture admin",
            (Lang::En, UserRole::County) => "County office",
            (Lang::En, UserRole::Township) => "Township liaison",
            (Lang::En, UserRole::Team) => "Village team",
            (Lang::En, UserRole::Viewer) => "Read-only",
        }
    }

    /// A completion rate as a percentage, or a dash when nothing applies.
    pub fn percent(self, rate: Option<f64>) -> String {
        match rate {
            Some(r) => format!("{:.1}%", r * 100.0),
            None => "—".into(),
        }
    }
}

/// Words of exported reports (XLSX and CSV) and of `report --overdue`.
pub struct ExportText {
    pub summary_sheet: &'static str,
    pub detail_sheet: &'static str,
    pub summary_title: &'static str,
    pub detail_title: &'static str,
    pub exported_on: &'static str,
    pub exported_by: &'static str,
    /// The filter an export followed (title block).
    pub filter: &'static str,
    pub county: &'static str,
    pub township: &'static str,
    pub village_code: &'static str,
    pub village_name: &'static str,
    pub task_no: &'static str,
    pub category: &'static str,
    pub task: &'static str,
    pub cadence: &'static str,
    pub status: &'static str,
    pub done_on: &'static str,
    pub note: &'static str,
    pub recorded_by: &'static str,
    pub recorded_at: &'static str,
    pub days_overdue: &'static str,
    pub overdue_title: &'static str,
    pub nothing_overdue: &'static str,
}

pub static EXPORT_ZH: ExportText = ExportText {
    summary_sheet: "汇总",
    detail_sheet: "明细",
    summary_title: "驻村工作完成情况汇总",
    detail_title: "驻村工作完成情况明细",
    exported_on: "导出日期",
    exported_by: "导出账号",
    filter: "筛选",
    county: "县(市)",
    township: "乡镇(街道)",
    village_code: "村代码",
    village_name: "村(社区)",
    task_no: "序号",
    category: "类别",
    task: "任务",
    cadence: "频次",
    status: "状态",
    done_on: "完成日期",
    note: "备注",
    recorded_by: "记录人",
    recorded_at: "记录时间",
    days_overdue: "逾期天数",
    overdue_title: "逾期事项",
    nothing_overdue: "没有逾期事项",
};

pub static EXPORT_EN: ExportText = ExportText {
    summary_sheet: "Summary",
    detail_sheet: "Detail",
    summary_title: "Village team work: completion summary",
    detail_title: "Village team work: completion detail",
    exported_on: "Exported on",
    exported_by: "Exported by",
    filter: "Filter",
    county: "County",
    township: "Township",
    village_code: "Village code",
    village_name: "Village",
    task_no: "No.",
    category: "Category",
    task: "Task",
    cadence: "Cadence",
    status: "Status",
    done_on: "Done on",
    note: "Note",
    recorded_by: "Recorded by",
    recorded_at: "Recorded at",
    days_overdue: "Days overdue",
    overdue_title: "Overdue",
    nothing_overdue: "Nothing is overdue",
};

impl Lang {
    pub fn export_text(self) -> &'static ExportText {
        match self {
            Lang::Zh => &EXPORT_ZH,
            Lang::En => &EXPORT_EN,
        }
    }
}

impl Lang {
    /// A refusal of the record rule ([`crate::domain::dates`]) in this
    /// language: the rule, then the allowed range.
    pub fn date_rule(self, e: &crate::domain::DateRuleError) -> String {
        use crate::domain::DateRuleError as E;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            E::FuturePeriod { period, today } => format!(
                "期间 {period} 尚未开始（不能记录未来的期间）：可记录到今天 {today} 为止已开始的期间"
            ),
            E::BeforeTracking { period, start } => format!(
                "期间 {period} 在开始跟踪日期 {start} 之前已结束（不能记录开始跟踪之前的期间）：可记录 {start} 及以后结束的期间"
            ),
            E::FutureDate { date, from, today } => format!(
                "完成日期 {date} 晚于今天（完成日期不能在未来）：请填 {from} 至 {today} 之间的日期"
            ),
            E::BeforePeriod {
                date,
                period,
                from,
                today,
            } => format!(
                "完成日期 {date} 早于期间 {period} 的开始（完成日期不能早于其期间）：请填 {from} 至 {today} 之间的日期"
            ),
        }
    }
}
