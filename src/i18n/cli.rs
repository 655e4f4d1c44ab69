//! Words of the command line, one table per language: its messages (with
//! `{}` placeholders filled in order by [`super::ui::fill`]).

use super::Lang;

pub struct CliText {
    /// Before every error line.
    pub error: &'static str,
    /// Between a context (`--period`) and its error.
    pub sep: &'static str,
    pub not_a_date: &'static str,
    pub no_data_home: &'static str,
    pub demo_move: &'static str,
    /// A record changed again: which change this is.
    pub version_changed: &'static str,
    pub no_system_account: &'static str,
    pub remove_not_a_user: &'static str,
    pub vanished: &'static str,
    pub chain_broken: &'static str,
    pub chain_hint: &'static str,
    pub by_not_above: &'static str,
    pub check_failed: &'static str,
    pub chain_ok: &'static str,
    pub chain_broken_at: &'static str,
    pub rows: &'static str,
    pub integrity_failed: &'static str,
    pub import_checked: &'static str,
    pub import_done: &'static str,
    pub import_nothing: &'static str,
    /// file, encoding, what, rows, added, updated, unchanged.
    pub import_counts: &'static str,
    pub import_counts_check: &'static str,
    pub export_done: &'static str,
    pub backup_done: &'static str,
    pub bar_checking: &'static str,
    pub bar_writing: &'static str,
    pub no_terminal: &'static str,
}

pub static CLI_ZH: CliText = CliText {
    error: "zhucun：错误：",
    sep: "：",
    not_a_date: "“{}” 不是 2026-11-28 这样的日期",
    no_data_home: "$XDG_DATA_HOME 和 $HOME 都没有设置；请用 --db 路径 指定数据库",
    demo_move: "无法把新的演示数据库移到 {}",
    version_changed: "（第{}次修改）",
    no_system_account: "这台服务器上没有账号 {}（`getent passwd {}` 查不到）；请先创建（useradd）或检查拼写",
    remove_not_a_user: "{} 不是 zhucun 用户；没有任何改动（见 `zhucun user list`）",
    vanished: "{} 在保存时消失了",
    chain_broken: "审计链在第 {} 行断开：{}{}；第 1-{} 行完好。审计表在 zhucun 之外被改动过：请保留这个文件以便调查，并与备份比较（见 docs/deployment.md“备份”）",
    chain_hint: "（第 {} 行被改过，或第 {} 行被换上了新的哈希）",
    by_not_above: "--by {}：范围 {}（{}）不在这一级之上；请选更大的 --scope 或更低的 --by",
    check_failed: "数据库没有通过检查；请从备份恢复（见 README“备份”一节）",
    chain_ok: "{}（审计链完好）",
    chain_broken_at: "{}（审计链在第 {} 行断开：{}）",
    rows: "行",
    integrity_failed: "完整性检查失败",
    import_checked: "已检查，什么也没写入（--check）",
    import_done: "已导入",
    import_nothing: "没有需要改动的",
    import_counts: "{}{}：{}：{} 行，新增 {}，更新 {}，未变 {}",
    import_counts_check: "{}{}：{}：{} 行，将新增 {}，将更新 {}，未变 {}",
    export_done: "{}：{} · {}（{}）· {} 行",
    backup_done: "已备份：{} → {}（{}）",
    bar_checking: "检查中",
    bar_writing: "写入中",
    no_terminal: "终端界面需要终端，而标准输出不是终端；要纯文本请用 `zhucun report`",
};

pub static CLI_EN: CliText = CliText {
    error: "zhucun: error: ",
    sep: ": ",
    not_a_date: "\"{}\" is not a date of the form 2026-11-28",
    no_data_home: "neither $XDG_DATA_HOME nor $HOME is set; pass --db PATH",
    demo_move: "cannot move the new demo database to {}",
    version_changed: " (change {})",
    no_system_account: "there is no account {} on this server (`getent passwd {}` finds nothing); create it first (useradd) or check the spelling",
    remove_not_a_user: "{} is not a zhucun user; nothing was changed (see `zhucun user list`)",
    vanished: "{} vanished while being saved",
    chain_broken: "audit chain broken at row {}: {}{}; rows 1-{} are intact. The audit table was changed outside zhucun: keep this file for investigation and compare with a backup (see docs/deployment.md, Backups)",
    chain_hint: " (row {} was edited, or row {} was rewritten with a new hash)",
    by_not_above: "--by {}: the scope {} ({}) is not above that level; choose a wider --scope or a lower --by",
    check_failed: "the database failed its check; restore it from a backup (see README, Backups)",
    chain_ok: "{} (chain ok)",
    chain_broken_at: "{} (chain broken at row {}: {})",
    rows: "rows",
    integrity_failed: "the integrity check failed",
    import_checked: "checked, nothing written (--check)",
    import_done: "imported",
    import_nothing: "nothing to change",
    import_counts: "{}{}: {}: {} rows, {} added, {} updated, {} unchanged",
    import_counts_check: "{}{}: {}: {} rows, {} to add, {} to update, {} unchanged",
    export_done: "{}: {} · {} ({}) · {} rows",
    backup_done: "Backed up: {} → {} ({})",
    bar_checking: "checking",
    bar_writing: "writing",
    no_terminal: "the terminal UI needs a terminal, and standard output is not one; use `zhucun report` for plain text",
};

impl Lang {
    pub fn cli(self) -> &'static CliText {
        match self {
            Lang::Zh => &CLI_ZH,
            Lang::En => &CLI_EN,
        }
    }

    /// `s` ("zh", "en", "zh_CN.UTF-8", "en-US") as a language, if it is one.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh_") || s.starts_with("zh-") {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// A file size for people: "1.5 MB" (at least 0.1 MB shown for a non-empty file).
    pub fn megabytes(self, bytes: u64) -> String {
        let mb = bytes as f64 / 1_000_000.0;
        let mb = if bytes > 0 { mb.max(0.1) } else { 0.0 };
        format!("{mb:.1} MB")
    }
}

use crate::store::{AuditAction, Outcome};

impl Lang {
    /// An audit row's action as people say it (the stored text stays as it is).
    pub fn audit_action(self, a: AuditAction) -> &'static str {
        use AuditAction as A;
        if self == Lang::En {
            return a.as_str();
        }
        match a {
            A::Init => "创建数据库",
            A::Load => "载入数据",
            A::Backup => "备份",
            A::Read => "查看",
            A::Record => "记录",
            A::RecordCompletion => "记录完成情况",
            A::IssueGuidance => "下发指导要点",
            A::EditGuidance => "修改指导要点",
            A::DeleteGuidance => "删除指导要点",
            A::Administer => "管理",
            A::AddUser => "新增用户",
            A::SetUser => "修改用户",
            A::RemoveUser => "取消用户",
            A::AddDivisions => "新增区划",
            A::Abolish => "撤销区划",
            A::ImportUpdate => "导入更新",
            A::ImportDivisions => "导入区划",
            A::ImportVillages => "导入村",
            A::ImportTeams => "导入工作队",
            A::ImportGuidance => "导入指导要点",
            A::Export => "导出",
            A::ImportUsers => "导入用户",
            A::StoppedWriter => "终止停住的写入进程",
            A::UpwardExport => "导出上报批次",
            A::UpwardApply => "应用上报批次",
            A::SetRate => "设定补助标准",
            A::AddTrip => "登记往返交通",
            A::AddPolicy => "登记保险",
            A::ReadAllowance => "查看补助发放表",
            A::Assess => "年度考核",
            A::Commend => "表彰",
            A::RequestLeave => "请假",
            A::ApproveLeave => "批准请假",
            A::RefuseLeave => "不批准请假",
            A::WithdrawLeave => "撤回请假",
            A::ReturnFromLeave => "销假",
            A::LeaveOverrun => "超假记未在岗",
            A::OpenRecallLead => "生成召回线索",
            A::ImportAttendance => "导入考勤",
            A::AddTraining => "新增培训班",
            A::EditTraining => "修改培训班",
            A::DeleteTraining => "删除培训班",
            A::MarkTraining => "登记参训情况",
            A::ImportTraining => "导入培训签到表",
            A::RecordIncident => "记录问题",
            A::OpenRecall => "召回立案",
            A::AdvanceRecall => "推进召回案件",
            A::SaveWorkRecord => "保存工作纪实",
            A::SaveAttendance => "保存考勤",
            A::CloseAttendance => "考勤月结",
            A::OpenLowDaysLead => "在村不足20天召回线索",
            A::SaveBundle => "保存帮扶责任清单",
            A::SavePlan => "保存帮扶计划",
            A::SetUnit => "修改派出单位信息",
            A::ImportLists => "导入帮扶责任清单",
            A::ImportAbandoned => "清除未完成的导入",
        }
    }

    /// A stored audit action in this language; text that is not one of ours as it is.
    pub fn stored_action(self, s: &str) -> String {
        AuditAction::from_stored(s)
            .map(|a| self.audit_action(a).to_string())
            .unwrap_or_else(|| s.to_string())
    }

    pub fn outcome(self, o: Outcome) -> &'static str {
        match (self, o) {
            (Lang::En, o) => o.as_str(),
            (Lang::Zh, Outcome::Ok) => "成功",
            (Lang::Zh, Outcome::Conflict) => "冲突",
            (Lang::Zh, Outcome::Refused) => "拒绝",
            (Lang::Zh, Outcome::Failed) => "失败",
            (Lang::Zh, Outcome::Overrode) => "覆盖冲突",
        }
    }

    /// A stored outcome in this language; text that is not one of ours as it is.
    pub fn stored_outcome(self, s: &str) -> String {
        Outcome::from_stored(s)
            .map(|o| self.outcome(o).to_string())
            .unwrap_or_else(|| s.to_string())
    }
}
