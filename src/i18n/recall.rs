//! Words of incidents, the recall ledger (召回台账) and the work record
//! (工作纪实): the screen, the commands, the sheets and the refusals, one
//! table per language.

use super::Lang;
use crate::domain::recall::{IncidentKind, IncidentSource, Origin, Stage, StepError};
use crate::store::RecallProblem;

pub struct Recall {
    pub title: &'static str,
    pub ledger_title: &'static str,
    pub leads_title: &'static str,
    pub no_cases: &'static str,
    pub no_leads: &'static str,
    pub col_case: &'static str,
    pub col_stage: &'static str,
    pub col_code: &'static str,
    pub col_village: &'static str,
    pub col_cadre: &'static str,
    pub col_cadre_id: &'static str,
    pub col_unit: &'static str,
    pub col_role: &'static str,
    pub col_origin: &'static str,
    pub col_opened: &'static str,
    pub col_doc_no: &'static str,
    pub col_decided: &'static str,
    pub col_notified: &'static str,
    pub col_left: &'static str,
    pub col_replacement: &'static str,
    pub col_wait: &'static str,
    pub col_closed: &'static str,
    pub col_note: &'static str,
    pub col_date: &'static str,
    pub col_kind: &'static str,
    pub col_source: &'static str,
    pub col_by: &'static str,
    /// "{} 天" / "{} days"
    pub days: &'static str,
    /// "{} 件"
    pub cases_count: &'static str,
    /// Case opened: id, cadre name.
    pub opened: &'static str,
    /// Incident recorded: id, cadre name.
    pub incident_recorded: &'static str,
    /// Case moved: id, stage.
    pub advanced: &'static str,
    pub waiting: &'static str,
    pub incidents: &'static str,
    pub history: &'static str,
    pub no_incidents: &'static str,
    pub cadres_title: &'static str,
    pub no_cadres: &'static str,
    pub col_start: &'static str,
    pub col_end: &'static str,
    pub col_recorded_at: &'static str,
    pub col_task: &'static str,
    pub col_period: &'static str,
    pub col_status: &'static str,
    pub col_done_on: &'static str,
    pub work_title: &'static str,
    /// name, unit, village name, village code, month
    pub work_head: &'static str,
    /// in the village, leave, days in the grid, days of the month
    pub work_days: &'static str,
    pub work_below: &'static str,
    pub work_own: &'static str,
    pub work_village: &'static str,
    /// the summary line
    pub work_summary: &'static str,
    pub work_no_summary: &'static str,
    /// file, name, month, rows
    pub work_written: &'static str,
    /// stage counts, cases, "open leads", their number
    pub count_line: &'static str,
    /// "open leads", the leads
    pub leads_line: &'static str,
    /// village, name, origin
    pub lead_item: &'static str,
    /// The entry forms: an incident about a cadre (name), a case opened by
    /// hand, a step that needs input (case id, stage).
    pub form_incident: &'static str,
    pub form_open: &'static str,
    pub form_step: &'static str,
    pub form_also_open: &'static str,
    pub form_no: &'static str,
    pub form_yes: &'static str,
    pub form_name: &'static str,
    pub form_start: &'static str,
    pub form_no_case: &'static str,
}

pub static RECALL_ZH: Recall = Recall {
    title: "召回台账",
    ledger_title: "召回台账",
    leads_title: "待处理线索",
    no_cases: "没有召回案件",
    no_leads: "没有自动线索",
    col_case: "编号",
    col_stage: "阶段",
    col_code: "村代码",
    col_village: "村",
    col_cadre: "姓名",
    col_cadre_id: "干部编号",
    col_unit: "派出单位",
    col_role: "身份",
    col_origin: "来源",
    col_opened: "立案日期",
    col_doc_no: "文号",
    col_decided: "决定日期",
    col_notified: "通知日期",
    col_left: "离村日期",
    col_replacement: "补派人员",
    col_wait: "待补派天数",
    col_closed: "结案日期",
    col_note: "备注",
    col_date: "日期",
    col_kind: "问题",
    col_source: "来源",
    col_by: "记录人",
    days: "{} 天",
    cases_count: "{} 件",
    opened: "已立案 {}：{}",
    incident_recorded: "已记录问题 {}：{}",
    advanced: "案件 {} 已到“{}”",
    waiting: "待补派",
    incidents: "问题记录",
    history: "办理经过",
    no_incidents: "没有问题记录",
    cadres_title: "驻村干部",
    no_cadres: "没有驻村干部",
    col_start: "驻村起",
    col_end: "驻村止",
    col_recorded_at: "记录时间",
    col_task: "任务",
    col_period: "期间",
    col_status: "状态",
    col_done_on: "完成日期",
    work_title: "工作纪实",
    work_head: "{}（{}）· {}（{}）· {}",
    work_days: "在村 {} 天，请假 {} 天（考勤已登记 {} 天，本月 {} 天）",
    work_below: "本月在村不足 20 天",
    work_own: "以下是本人账号的记录",
    work_village: "本人未关联账号或本月没有本人记录：以下是全村的记录",
    work_summary: "小结：{}",
    work_no_summary: "（未填写）",
    work_written: "{}：{} · {} · {} 条记录",
    count_line: "{}（{}）；{} {}",
    leads_line: "{}：{}",
    lead_item: "{} {}（{}）",
    form_incident: "记录问题：{}",
    form_open: "立案（线索）",
    form_step: "案件 {} 到“{}”",
    form_also_open: "同时立案",
    form_no: "否",
    form_yes: "是",
    form_name: "补派人员姓名",
    form_start: "到岗日期",
    form_no_case: "先选中一个案件（它的干部）",
};

pub static RECALL_EN: Recall = Recall {
    title: "Recall ledger",
    ledger_title: "Recall ledger",
    leads_title: "Open leads",
    no_cases: "No recall cases",
    no_leads: "No automatic leads",
    col_case: "Case",
    col_stage: "Stage",
    col_code: "Village code",
    col_village: "Village",
    col_cadre: "Name",
    col_cadre_id: "Cadre id",
    col_unit: "Dispatching unit",
    col_role: "Role",
    col_origin: "Origin",
    col_opened: "Opened",
    col_doc_no: "Document no.",
    col_decided: "Decided",
    col_notified: "Unit notified",
    col_left: "Left",
    col_replacement: "Replacement",
    col_wait: "Days to replacement",
    col_closed: "Closed",
    col_note: "Note",
    col_date: "Date",
    col_kind: "Incident",
    col_source: "Source",
    col_by: "Recorded by",
    days: "{} days",
    cases_count: "{} cases",
    opened: "Case {} opened: {}",
    incident_recorded: "Incident {} recorded: {}",
    advanced: "Case {} is now at “{}”",
    waiting: "waiting",
    incidents: "Incidents",
    history: "History",
    no_incidents: "No incidents",
    cadres_title: "Cadres",
    no_cadres: "No cadres",
    col_start: "Posted from",
    col_end: "Posted to",
    col_recorded_at: "Recorded at",
    col_task: "Task",
    col_period: "Period",
    col_status: "Status",
    col_done_on: "Done on",
    work_title: "Work record ",
    work_head: "{} ({}) · {} ({}) · {}",
    work_days: "{} days in the village, {} days of leave ({} days in the grid, {} in the month)",
    work_below: "Fewer than 20 days in the village this month",
    work_own: "The records below are by the cadre's own account",
    work_village: "No linked account or no own records this month: the village's records",
    work_summary: "Summary: {}",
    work_no_summary: "(none)",
    work_written: "{}: {} · {} · {} records",
    count_line: "{} ({}); {} {}",
    leads_line: "{}: {}",
    lead_item: "{} {} ({})",
    form_incident: "Record an incident: {}",
    form_open: "Open a case (lead)",
    form_step: "Case {} to \"{}\"",
    form_also_open: "Also open a case",
    form_no: "no",
    form_yes: "yes",
    form_name: "Replacement's name",
    form_start: "Starts on",
    form_no_case: "select a case first (its cadre)",
};

impl Lang {
    pub fn recall(self) -> &'static Recall {
        match self {
            Lang::Zh => &RECALL_ZH,
            Lang::En => &RECALL_EN,
        }
    }

    pub fn stage(self, s: Stage) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    pub fn origin(self, o: Origin) -> &'static str {
        match self {
            Lang::Zh => o.zh(),
            Lang::En => o.en(),
        }
    }

    pub fn incident_kind(self, k: IncidentKind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }

    pub fn incident_source(self, s: IncidentSource) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }
}

fn step_message(e: &StepError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match e {
        StepError::NotAllowed { from, to } if zh => {
            let next = from
                .next()
                .map(|n| format!("下一步是“{}”", n.zh()))
                .unwrap_or_else(|| "案件已结束".into());
            let early = if matches!(from, Stage::Lead | Stage::Verifying) {
                "，也可以约谈或不予立案"
            } else {
                ""
            };
            format!(
                "处于“{}”的案件不能转到“{}”；{next}{early}",
                from.zh(),
                to.zh()
            )
        }
        StepError::NotAllowed { from, to } => {
            let next = from
                .next()
                .map(|n| format!("the next step is “{}” ({})", n.en(), n.key()))
                .unwrap_or_else(|| "the case has ended".into());
            let early = if matches!(from, Stage::Lead | Stage::Verifying) {
                ", or a talk or dropping it"
            } else {
                ""
            };
            format!(
                "a case at “{}” cannot move to “{}”; {next}{early}",
                from.en(),
                to.en()
            )
        }
        StepError::DocNoMissing if zh => {
            "召回决定需要文号；请用 --doc-no 给出（例如 黔南组通〔2026〕12号）".into()
        }
        StepError::DocNoMissing => {
            "the decision needs its document number; give it with --doc-no".into()
        }
        StepError::ReplacementMissing if zh => {
            "补派需要补派人员的姓名和派出单位；请用 --name 和 --unit 给出".into()
        }
        StepError::ReplacementMissing => {
            "the replacement needs a name and a dispatching unit; give them with --name and --unit"
                .into()
        }
        StepError::BeforeLastStep { day, last } if zh => {
            format!("{day} 早于案件上一步的日期 {last}；请给出 {last} 或之后的日期")
        }
        StepError::BeforeLastStep { day, last } => {
            format!("{day} is before the case's last step on {last}; give {last} or later")
        }
    }
}

impl RecallProblem {
    /// This refusal in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        use RecallProblem as P;
        match self {
            P::Step(e) => step_message(e, lang),
            P::UnknownCase(id) if zh => {
                format!("没有编号为 {id} 的召回案件；用 `zhucun recall list` 查看编号")
            }
            P::UnknownCase(id) => {
                format!("no recall case number {id}; see the numbers with `zhucun recall list`")
            }
            P::UnknownCadre(id) if zh => {
                format!("没有编号为 {id} 的驻村干部；用 `zhucun cadres` 查看编号")
            }
            P::UnknownCadre(id) => {
                format!("no cadre with id {id}; see the ids with `zhucun cadres`")
            }
            P::NoPosting(id) if zh => format!("干部 {id} 没有驻村记录；请先导入工作队"),
            P::NoPosting(id) => {
                format!("cadre {id} has never been posted to a village; import the team first")
            }
            P::AlreadyOpen { cadre, case } if zh => format!(
                "干部 {cadre} 已有未结案的召回案件 {case}；请在该案件上继续办理（zhucun recall advance {case} ...）"
            ),
            P::AlreadyOpen { cadre, case } => format!(
                "cadre {cadre} already has an open recall case {case}; continue that one (zhucun recall advance {case} ...)"
            ),
            P::Changed { by, at, stage } if zh => format!(
                "冲突：你读取之后 {by} 在 {at} 办理了这个案件（现在是“{}”）；没有覆盖任何内容。请重新载入后再决定",
                stage.zh()
            ),
            P::Changed { by, at, stage } => format!(
                "conflict: {by} moved this case at {at} (now “{}”) after you read it; nothing was overwritten. Reload and decide",
                stage.en()
            ),
            P::Future(d) if zh => format!("{d} 在今天之后；请给出今天或以前的日期"),
            P::Future(d) => format!("{d} is after today; give today or an earlier day"),
        }
    }
}

impl crate::domain::recall::WordError {
    pub fn message(&self, lang: Lang) -> String {
        use crate::domain::recall::WordError as W;
        let q = super::errors::q;
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, W::Stage(s)) => format!(
                "{} 不是案件阶段：线索 核实 决定 通知派出单位 离村 补派 结案 约谈 不予立案",
                q(s)
            ),
            (Lang::Zh, W::Kind(s)) => format!(
                "{} 不是问题类型：未脱钩原单位 不服从当地党委管理 作用发挥不好 无故不在岗",
                q(s)
            ),
            (Lang::Zh, W::Source(s)) => {
                format!("{} 不是来源：督查 群众反映 乡镇 其他", q(s))
            }
        }
    }
}

impl crate::domain::work_record::MonthError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => format!(
                "{} 不是月份，请写成 2026-11 这样",
                super::errors::q(&self.0)
            ),
        }
    }
}
