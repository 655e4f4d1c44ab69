//! Words of the team (postings) screen and the 1+2+N gap report, one table
//! per language.

use super::Lang;
use crate::domain::posting::{EndReason, Shortfall};

pub struct Cadres {
    pub gaps_title: &'static str,
    /// Villages with a gap, villages, the day.
    pub gaps_head: &'static str,
    pub gaps_none: &'static str,
    pub rotation_title: &'static str,
    /// Postings ended, then the counts by reason.
    pub ended_head: &'static str,
    pub no_reason: &'static str,
    /// Postings at two years or more on the day.
    pub due_head: &'static str,
    /// Cadres in post, org-named, unit-recommended, unknown, section level, unknown.
    pub selection_head: &'static str,
    pub col_code: &'static str,
    pub col_village: &'static str,
    pub col_first: &'static str,
    pub col_residents: &'static str,
    pub col_sent_down: &'static str,
    pub col_shortfalls: &'static str,
    pub col_gap_days: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_unit: &'static str,
    pub col_start: &'static str,
    pub col_end: &'static str,
    pub col_term_end: &'static str,
    pub col_tenure: &'static str,
    pub col_reason: &'static str,
    /// Team screen: title, village name.
    pub team_title: &'static str,
    pub in_post: &'static str,
    pub history: &'static str,
    pub no_postings: &'static str,
    /// Tenure: days.
    pub days: &'static str,
    pub due_flag: &'static str,
    /// Team screen: a handover gap, role, from, to, days.
    pub gap_line: &'static str,
    /// An open gap: role, from, days.
    pub gap_open: &'static str,
    pub complete: &'static str,
    /// First secretaries, residents, sent down.
    pub counts: &'static str,
}

pub static CADRES_ZH: Cadres = Cadres {
    gaps_title: "1+2+N 缺口",
    gaps_head: "{}/{} 个村有缺口（{}）",
    gaps_none: "没有缺口",
    rotation_title: "轮换名单",
    ended_head: "已结束的驻村 {} 人次：{}",
    no_reason: "未填原因",
    due_head: "驻村满两年（轮换到期） {} 人",
    selection_head: "在岗干部 {} 名：组织部门选派 {}，单位推荐 {}，未填 {}；科级以上 {}，未填 {}",
    col_code: "代码",
    col_village: "村",
    col_first: "第一书记",
    col_residents: "驻村队员",
    col_sent_down: "下沉干部",
    col_shortfalls: "缺口",
    col_gap_days: "空档天数",
    col_name: "姓名",
    col_role: "职务",
    col_unit: "派出单位",
    col_start: "开始日期",
    col_end: "结束日期",
    col_term_end: "满两年",
    col_tenure: "在岗天数",
    col_reason: "结束原因",
    team_title: "工作队 · {}",
    in_post: "在岗",
    history: "历任",
    no_postings: "尚无驻村记录",
    days: "{}天",
    due_flag: "轮换到期",
    gap_line: "{}空档 {} 至 {}，{}天",
    gap_open: "{}空缺：自 {} 起 {}天",
    complete: "1+2+N 齐全",
    counts: "第一书记 {} · 驻村队员 {} · 下沉干部 {}",
};

pub static CADRES_EN: Cadres = Cadres {
    gaps_title: "1+2+N gaps",
    gaps_head: "{} of {} villages with a gap ({})",
    gaps_none: "No gaps",
    rotation_title: "Rotation list",
    ended_head: "Postings ended: {}: {}",
    no_reason: "no reason given",
    due_head: "Postings at two years (rotation due): {}",
    selection_head: "Cadres in post: {}: named by the organisation department {}, recommended by the unit {}, unknown {}; section level or above {}, unknown {}",
    col_code: "Code",
    col_village: "Village",
    col_first: "First sec.",
    col_residents: "Residents",
    col_sent_down: "Sent down",
    col_shortfalls: "Gaps",
    col_gap_days: "Gap days",
    col_name: "Name",
    col_role: "Role",
    col_unit: "Unit",
    col_start: "Start",
    col_end: "End",
    col_term_end: "Two years",
    col_tenure: "Days in post",
    col_reason: "End reason",
    team_title: "Team · {}",
    in_post: "In post",
    history: "Former",
    no_postings: "No postings yet",
    days: "{} d",
    due_flag: "rotation due",
    gap_line: "{} gap {} to {}, {} d",
    gap_open: "{} vacant since {}: {} d",
    complete: "1+2+N complete",
    counts: "First secretary {} · residents {} · sent down {}",
};

impl Lang {
    pub fn cadres(self) -> &'static Cadres {
        match self {
            Lang::Zh => &CADRES_ZH,
            Lang::En => &CADRES_EN,
        }
    }

    pub fn end_reason(self, r: EndReason) -> &'static str {
        match self {
            Lang::Zh => r.zh(),
            Lang::En => r.en(),
        }
    }

    pub fn shortfall(self, s: Shortfall) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }
}
