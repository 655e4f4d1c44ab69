//! Words of leave (请销假) and the attendance import, in both languages:
//! the problems a leave write meets, states, approvers, the CLI's labels
//! and the leave queue's words.

use super::Lang;
use crate::domain::attendance::Approver;
use crate::domain::leave::LeaveState;
use crate::store::LeaveProblem;

impl Lang {
    pub fn leave_state(self, s: LeaveState) -> &'static str {
        match (self, s) {
            (Lang::Zh, LeaveState::Pending) => "待批",
            (Lang::Zh, LeaveState::Approved) => "已批准",
            (Lang::Zh, LeaveState::Refused) => "不批准",
            (Lang::Zh, LeaveState::Withdrawn) => "已撤回",
            (Lang::En, LeaveState::Pending) => "pending",
            (Lang::En, LeaveState::Approved) => "approved",
            (Lang::En, LeaveState::Refused) => "refused",
            (Lang::En, LeaveState::Withdrawn) => "withdrawn",
        }
    }

    pub fn approver(self, a: Approver) -> &'static str {
        match (self, a) {
            (Lang::Zh, Approver::Township) => "乡镇",
            (Lang::Zh, Approver::County) => "县",
            (Lang::En, Approver::Township) => "township",
            (Lang::En, Approver::County) => "county",
        }
    }

    pub fn leave_words(self) -> &'static LeaveWords {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Labels of the leave list (CLI and screen) and the queue's messages.
pub struct LeaveWords {
    pub id: &'static str,
    pub name: &'static str,
    pub village: &'static str,
    pub kind: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub days: &'static str,
    pub approver: &'static str,
    pub state: &'static str,
    pub back_on: &'static str,
    pub reason: &'static str,
    pub none: &'static str,
    pub requested: &'static str,
    pub approved: &'static str,
    pub refused: &'static str,
    pub withdrawn: &'static str,
    pub returned: &'static str,
    pub threshold: &'static str,
    pub title: &'static str,
    pub refuse_prompt: &'static str,
    pub return_prompt: &'static str,
    pub new_title: &'static str,
    pub cadre: &'static str,
    pub not_yours: &'static str,
    pub head: &'static str,
    pub refuse_hint: &'static str,
    /// The new-request form (`n`).
    pub form_cadre: &'static str,
    pub form_reason_sick: &'static str,
    pub form_no_cadre: &'static str,
}

static ZH: LeaveWords = LeaveWords {
    id: "编号",
    name: "姓名",
    village: "村",
    kind: "类别",
    from: "起",
    to: "止",
    days: "天数",
    approver: "审批",
    state: "状态",
    back_on: "销假",
    reason: "事由",
    none: "没有请假记录",
    requested: "已提交请假",
    approved: "已批准",
    refused: "已不批准",
    withdrawn: "已撤回",
    returned: "已销假",
    threshold: "乡镇审批的请假天数上限",
    title: "请销假",
    refuse_prompt: "不批准的理由",
    return_prompt: "返岗日期（YYYY-MM-DD）",
    new_title: "新请假",
    cadre: "干部编号",
    not_yours: "这条请假不由你审批",
    head: "待批 {} 条，其中由你审批 {} 条；共 {} 条",
    refuse_hint: "{} 确定 · {} 取消",
    form_cadre: "干部",
    form_reason_sick: "（病假只记类别，不写病情）",
    form_no_cadre: "干部：没有与所填相符的在岗干部；输入姓名、村名或编号的一部分，←/→ 选择",
};

static EN: LeaveWords = LeaveWords {
    id: "id",
    name: "name",
    village: "village",
    kind: "kind",
    from: "from",
    to: "to",
    days: "days",
    approver: "approver",
    state: "state",
    back_on: "back",
    reason: "reason",
    none: "no leave requests",
    requested: "leave requested",
    approved: "approved",
    refused: "refused",
    withdrawn: "withdrawn",
    returned: "return recorded",
    threshold: "leave days the township approves, at most",
    title: "Leave",
    refuse_prompt: "reason for refusing",
    return_prompt: "day back (YYYY-MM-DD)",
    new_title: "New leave request",
    cadre: "cadre id",
    not_yours: "this leave is not yours to decide",
    head: "{} pending, {} of them yours to decide; {} in all",
    refuse_hint: "{} OK · {} cancel",
    form_cadre: "cadre",
    form_reason_sick: "(sick leave keeps only its code, no medical detail)",
    form_no_cadre: "cadre: no cadre in post matches what is typed; type part of a name, village or id, and ←/→ to choose",
};

/// A [`LeaveProblem`] in `lang`: what is wrong and what to do.
pub fn problem(p: &LeaveProblem, lang: Lang) -> String {
    use LeaveProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NoSuchLeave(id) if zh => format!("没有编号为 {id} 的请假；用 zhucun leave list 查看"),
        P::NoSuchLeave(id) => format!("no leave request with id {id}; see zhucun leave list"),
        P::NoSuchCadre(id) if zh => format!("没有编号为 {id} 的干部"),
        P::NoSuchCadre(id) => format!("no cadre with id {id}"),
        P::NoPosting { cadre, on } if zh => {
            format!("干部 {cadre} 在 {on} 没有驻村任职；请检查日期或先导入工作队")
        }
        P::NoPosting { cadre, on } => format!(
            "cadre {cadre} has no posting on {on}; check the date, or import the team first"
        ),
        P::NotALeaveKind(k) if zh => format!("{k} 不是请假类别；可用 事假、病假、轮休"),
        P::NotALeaveKind(k) => {
            format!("{k} is not a kind of leave; use personal_leave, sick_leave or rest")
        }
        P::EndBeforeStart { from, to } if zh => format!("止日 {to} 早于起日 {from}"),
        P::EndBeforeStart { from, to } => format!("the last day {to} is before the first {from}"),
        P::Overlaps { other, from, to } if zh => {
            format!("与同一干部的请假 {other}（{from} 至 {to}）重叠；请改日期，或先撤回那一条")
        }
        P::Overlaps { other, from, to } => format!(
            "overlaps leave {other} of the same cadre ({from} to {to}); change the dates or withdraw that one first"
        ),
        P::SickReason if zh => "病假只记类别，不记病情等细节；请把事由留空".into(),
        P::SickReason => {
            "sick leave keeps only its code, never a medical detail; leave the reason empty".into()
        }
        P::WrongState { id, state } if zh => {
            format!(
                "请假 {id} 现在是“{}”，不能这样处理",
                lang.leave_state(*state)
            )
        }
        P::WrongState { id, state } => {
            format!("leave {id} is {}; that cannot be done to it", state.key())
        }
        P::EmptyRefusal if zh => "不批准要写明理由".into(),
        P::EmptyRefusal => "a refusal needs a reason".into(),
        P::ReturnBeforeStart { back, from } if zh => {
            format!("返岗日期 {back} 早于请假起日 {from}")
        }
        P::ReturnBeforeStart { back, from } => {
            format!("the day back {back} is before the leave's first day {from}")
        }
        P::ReturnInFuture { back, today } if zh => {
            format!("返岗日期 {back} 在今天（{today}）之后；回来当天再销假")
        }
        P::ReturnInFuture { back, today } => {
            format!("the day back {back} is after today ({today}); record the return on the day")
        }
        P::Threshold(n) if zh => format!("{n} 不可用：乡镇审批天数在 1 到 31 之间"),
        P::Threshold(n) => format!("{n} cannot be used: the township's days are 1 to 31"),
    }
}

/// The command line's words for `zhucun leave` and the settings option
/// (looked up after `crate::i18n::cli_help`'s table).
pub static HELP: &[(&str, &str, &str)] = &[
    (
        "leave",
        "请销假：请假、批准、不批准、撤回、销假、列表",
        "Leave (请销假): request, approve, refuse, withdraw, record the return, list",
    ),
    (
        "leave request",
        "为一名干部请假（工作队为本队成员，或乡镇）",
        "Request leave for a cadre (a team for its own members, or a township)",
    ),
    (
        "leave request --cadre",
        "干部编号（见工作队弹窗或 zhucun leave list）",
        "The cadre's id (see the team popup or `zhucun leave list`)",
    ),
    (
        "leave request --kind",
        "事假、病假或轮休（也可写 personal_leave、sick_leave、rest）",
        "事假, 病假 or 轮休 (or personal_leave, sick_leave, rest)",
    ),
    (
        "leave request --from",
        "请假第一天",
        "First day of the leave",
    ),
    (
        "leave request --to",
        "请假最后一天",
        "Last day of the leave",
    ),
    (
        "leave request --reason",
        "事由（病假不填：只记类别）",
        "Reason (not for sick leave: only its code is kept)",
    ),
    (
        "leave approve",
        "批准一条待批的请假（乡镇批准不超过上限天数的，县批准任意天数）",
        "Approve a pending leave (township up to the threshold, county any)",
    ),
    ("leave approve ID", "请假编号", "The leave's id"),
    (
        "leave refuse",
        "不批准一条请假（待批或已批准），写明理由",
        "Refuse a leave, pending or approved, with a reason",
    ),
    ("leave refuse ID", "请假编号", "The leave's id"),
    ("leave refuse --reason", "不批准的理由", "Why it is refused"),
    (
        "leave withdraw",
        "撤回一条请假（待批或已批准）",
        "Withdraw a leave, pending or approved",
    ),
    ("leave withdraw ID", "请假编号", "The leave's id"),
    (
        "leave return",
        "销假：记录干部返岗的日期",
        "Record the day the cadre came back (销假)",
    ),
    ("leave return ID", "请假编号", "The leave's id"),
    (
        "leave return --on",
        "返岗日期（默认：今天）",
        "The day back (default: today)",
    ),
    (
        "leave list",
        "列出某范围的请假：待批在前，再按日期",
        "List the leave requests of a scope: pending first, then by date",
    ),
    (
        "leave list --scope",
        "行政区划代码（默认：你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "import --month",
        "导入考勤时：表格所属的月份（YYYY-MM）",
        "With attendance: the month the sheet is for (YYYY-MM)",
    ),
    (
        "settings --leave-township-days",
        "不超过这个天数的请假由乡镇审批，更长的由县审批（默认 3）",
        "Leave up to this many days is approved by the township, longer by the county (default 3)",
    ),
];

/// An attendance sheet's problem in `lang`.
pub fn attendance_problem(
    p: &crate::transfer::attendance::AttendanceProblem,
    lang: Lang,
) -> String {
    use crate::transfer::attendance::AttendanceProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NoWho if zh => "表头没有“姓名”或“干部编号”列；第一行应是 姓名（或 干部编号）、村代码（可选），再是 1、2……31".into(),
        P::NoWho => "the header has no 姓名 (name) or 干部编号 (cadre id) column; the first row is 姓名 (or 干部编号), optionally 村代码, then 1, 2 ... 31".into(),
        P::UnknownHeader(h) if zh => format!("不认识的列“{h}”；日期列写 1 到 31"),
        P::UnknownHeader(h) => format!("unknown column {h:?}; day columns are 1 to 31"),
        P::DayBeyondMonth { day, month, days } if zh => {
            format!("{month} 只有 {days} 天，没有 {day} 日；请删掉这一列或改 --month")
        }
        P::DayBeyondMonth { day, month, days } => format!(
            "{month} has {days} days, there is no day {day}; remove the column or change --month"
        ),
        P::DayTwice(d) if zh => format!("{d} 日的列出现了两次"),
        P::DayTwice(d) => format!("the column of day {d} is there twice"),
        P::NoDays if zh => "没有日期列（1 到 31）".into(),
        P::NoDays => "no day columns (1 to 31)".into(),
        P::UnknownCode(c) if zh => format!(
            "“{c}”不是考勤代码；可用 在 报 训 事 病 休 缺（或全称 在村、公务外出报备……），空白表示未填"
        ),
        P::UnknownCode(c) => format!(
            "{c:?} is not an attendance code; use 在 报 训 事 病 休 缺 (or the words, or present, duty_out ...), empty for not entered"
        ),
        P::NotInTeam { who, month } if zh => format!(
            "{who} 在 {month} 没有在你范围内（或所写的村）的驻村任职；请检查姓名、干部编号和村代码"
        ),
        P::NotInTeam { who, month } => format!(
            "{who} has no posting in your scope (or the village given) in {month}; check the name, cadre id and village code"
        ),
        P::Ambiguous { name, ids } => {
            let ids = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            if zh {
                format!("有几位干部叫 {name}（编号 {ids}）；请加“干部编号”列或“村代码”列")
            } else {
                format!("several cadres are called {name} (ids {ids}); add a 干部编号 or 村代码 column")
            }
        }
        P::BadCadreId(s) if zh => format!("“{s}”不是干部编号（数字）"),
        P::BadCadreId(s) => format!("{s:?} is not a cadre id (a number)"),
        P::ContradictsLeave { leave, code, day } if zh => format!(
            "{day} 是已批准的请假 {leave}（{}），与表中的代码不符；请改表，或先处理那条请假",
            code.zh()
        ),
        P::ContradictsLeave { leave, code, day } => format!(
            "{day} is a day of approved leave {leave} ({}), which the sheet contradicts; correct the sheet or change that leave first",
            code.en()
        ),
        P::DuplicateRow { first } if zh => format!("这位干部在第 {first} 行已经有一行了"),
        P::DuplicateRow { first } => format!("this cadre already has a row, on line {first}"),
        P::BadMonth(m) if zh => format!(
            "“{m}”不是月份；导入考勤要写 --month YYYY-MM（例如 --month 2026-11）"
        ),
        P::BadMonth(m) => format!(
            "{m:?} is not a month; an attendance import needs --month YYYY-MM (e.g. --month 2026-11)"
        ),
    }
}
