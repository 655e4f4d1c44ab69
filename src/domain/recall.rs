//! Incidents and recall cases (四个一律, 召回台账), as rules: the stages a
//! case runs through and which step may follow which, what each step needs,
//! incident kinds and sources, and the days a village waits for its
//! replacement. Every screen, report and export uses these.
//!
//! A case runs 线索 → 核实 → 决定 (document number) → 通知派出单位 → 离村
//! (ends the posting) → 补派 (a new posting) → 结案; from 线索 or 核实 it may
//! instead end in a talk (约谈) or be dropped (不予立案). Only people move a
//! case: the program opens automatic leads and nothing more.

use chrono::NaiveDate;
use serde::Serialize;

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 线索
    Lead,
    /// 核实
    Verifying,
    /// 决定 (召回决定, with its document number)
    Decided,
    /// 通知派出单位
    Notified,
    /// 离村 (the posting ends)
    Left,
    /// 补派 (a new posting)
    Replaced,
    /// 结案
    Closed,
    /// 约谈 (ends the case instead of a recall)
    Talk,
    /// 不予立案
    Dropped,
}

impl Stage {
    /// In the ledger's order (the order cases are listed in).
    pub const ALL: [Stage; 9] = [
        Stage::Lead,
        Stage::Verifying,
        Stage::Decided,
        Stage::Notified,
        Stage::Left,
        Stage::Replaced,
        Stage::Closed,
        Stage::Talk,
        Stage::Dropped,
    ];

    /// The stored form (`recall_case.stage`).
    pub fn key(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Verifying => "verifying",
            Stage::Decided => "decided",
            Stage::Notified => "notified",
            Stage::Left => "left",
            Stage::Replaced => "replaced",
            Stage::Closed => "closed",
            Stage::Talk => "talk",
            Stage::Dropped => "dropped",
        }
    }

    pub fn from_key(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Stage::Lead => "线索",
            Stage::Verifying => "核实",
            Stage::Decided => "决定",
            Stage::Notified => "通知派出单位",
            Stage::Left => "离村",
            Stage::Replaced => "补派",
            Stage::Closed => "结案",
            Stage::Talk => "约谈",
            Stage::Dropped => "不予立案",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Verifying => "verifying",
            Stage::Decided => "decided",
            Stage::Notified => "unit notified",
            Stage::Left => "left the village",
            Stage::Replaced => "replaced",
            Stage::Closed => "closed",
            Stage::Talk => "talk",
            Stage::Dropped => "dropped",
        }
    }

    /// A stage from what a person typed: the key, or its Chinese word.
    pub fn parse(s: &str) -> Option<Stage> {
        let s = s.trim();
        Stage::ALL
            .into_iter()
            .find(|x| x.key() == s || x.zh() == s || x.en() == s)
    }

    /// Whether the case has ended (结案, 约谈, 不予立案).
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Closed | Stage::Talk | Stage::Dropped)
    }

    /// The next step of the recall itself (None at the end or off the path).
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Lead => Some(Stage::Verifying),
            Stage::Verifying => Some(Stage::Decided),
            Stage::Decided => Some(Stage::Notified),
            Stage::Notified => Some(Stage::Left),
            Stage::Left => Some(Stage::Replaced),
            Stage::Replaced => Some(Stage::Closed),
            Stage::Closed | Stage::Talk | Stage::Dropped => None,
        }
    }

    /// Whether a case at `self` may move to `to`.
    pub fn may_move_to(self, to: Stage) -> bool {
        self.next() == Some(to)
            || (matches!(self, Stage::Lead | Stage::Verifying)
                && matches!(to, Stage::Talk | Stage::Dropped))
    }

    /// What a step to this stage needs besides a date.
    pub fn needs(self) -> StepNeed {
        match self {
            Stage::Decided => StepNeed::DocNo,
            Stage::Replaced => StepNeed::Replacement,
            _ => StepNeed::Nothing,
        }
    }
}

/// What a person must give to take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepNeed {
    Nothing,
    /// 决定: the decision's document number (文号)
    DocNo,
    /// 补派: the replacement's name and dispatching unit
    Replacement,
}

/// What a person gave for a step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepInput {
    pub doc_no: Option<String>,
    /// The replacement's (name, unit), for 补派.
    pub replacement: Option<(String, String)>,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("a case at {} cannot move to {}", .from.key(), .to.key())]
    NotAllowed { from: Stage, to: Stage },
    #[error("the decision (决定) needs its document number")]
    DocNoMissing,
    #[error("the replacement (补派) needs a name and a dispatching unit")]
    ReplacementMissing,
    #[error("{day} is before the case's last step on {last}")]
    BeforeLastStep { day: NaiveDate, last: NaiveDate },
}

/// Check a step from `from` to `to` with what was given, on `day`, after
/// the case's last step on `last` (a step never goes back in time).
pub fn check_step(
    from: Stage,
    to: Stage,
    input: &StepInput,
    day: NaiveDate,
    last: NaiveDate,
) -> Result<(), StepError> {
    if !from.may_move_to(to) {
        return Err(StepError::NotAllowed { from, to });
    }
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    match to.needs() {
        StepNeed::DocNo if blank(&input.doc_no) => return Err(StepError::DocNoMissing),
        StepNeed::Replacement
            if input
                .replacement
                .as_ref()
                .is_none_or(|(n, u)| n.trim().is_empty() || u.trim().is_empty()) =>
        {
            return Err(StepError::ReplacementMissing);
        }
        _ => {}
    }
    if day < last {
        return Err(StepError::BeforeLastStep { day, last });
    }
    Ok(())
}

/// What opened a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// opened by a person
    Manual,
    /// opened from a recorded incident
    Incident,
    /// a month closed with fewer than 20 days in the village (automatic)
    LowDays,
    /// a year passed 30 days of leave (automatic)
    LeaveOver30,
}

impl Origin {
    pub const ALL: [Origin; 4] = [
        Origin::Manual,
        Origin::Incident,
        Origin::LowDays,
        Origin::LeaveOver30,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Origin::Manual => "manual",
            Origin::Incident => "incident",
            Origin::LowDays => "low_days",
            Origin::LeaveOver30 => "leave_over_30",
        }
    }

    pub fn from_key(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|x| x.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Origin::Manual => "人工立案",
            Origin::Incident => "问题记录",
            Origin::LowDays => "当月在村不足20天",
            Origin::LeaveOver30 => "年度请假超30天",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Origin::Manual => "opened by hand",
            Origin::Incident => "from an incident",
            Origin::LowDays => "under 20 days in a month",
            Origin::LeaveOver30 => "over 30 leave days in a year",
        }
    }

    /// Opened by the program (a month's close or a year's leave), not a person.
    pub fn is_automatic(self) -> bool {
        matches!(self, Origin::LowDays | Origin::LeaveOver30)
    }
}

/// 四个一律: the facts an incident records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// 未脱钩原单位
    NotDetached,
    /// 不服从当地党委管理
    Disobedient,
    /// 作用发挥不好
    PoorPerformance,
    /// 无故不在岗
    Absent,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 4] = [
        IncidentKind::NotDetached,
        IncidentKind::Disobedient,
        IncidentKind::PoorPerformance,
        IncidentKind::Absent,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IncidentKind::NotDetached => "not_detached",
            IncidentKind::Disobedient => "disobedient",
            IncidentKind::PoorPerformance => "poor_performance",
            IncidentKind::Absent => "absent",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            IncidentKind::NotDetached => "未脱钩原单位",
            IncidentKind::Disobedient => "不服从当地党委管理",
            IncidentKind::PoorPerformance => "作用发挥不好",
            IncidentKind::Absent => "无故不在岗",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            IncidentKind::NotDetached => "not detached from the home unit",
            IncidentKind::Disobedient => "not obeying the local party committee",
            IncidentKind::PoorPerformance => "performing poorly",
            IncidentKind::Absent => "absent without reason",
        }
    }

    /// A kind from what a person typed: key, Chinese or English words.
    pub fn parse(s: &str) -> Option<IncidentKind> {
        let s = s.trim();
        IncidentKind::ALL
            .into_iter()
            .find(|x| x.key() == s || x.zh() == s || x.en() == s)
    }
}

/// Who reported an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentSource {
    /// 督查
    Inspection,
    /// 群众反映
    Public,
    /// 乡镇
    Township,
    /// 其他
    Other,
}

impl IncidentSource {
    pub const ALL: [IncidentSource; 4] = [
        IncidentSource::Inspection,
        IncidentSource::Public,
        IncidentSource::Township,
        IncidentSource::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            IncidentSource::Inspection => "inspection",
            IncidentSource::Public => "public",
            IncidentSource::Township => "township",
            IncidentSource::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            IncidentSource::Inspection => "督查",
            IncidentSource::Public => "群众反映",
            IncidentSource::Township => "乡镇",
            IncidentSource::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            IncidentSource::Inspection => "inspection",
            IncidentSource::Public => "reported by the public",
            IncidentSource::Township => "township",
            IncidentSource::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<IncidentSource> {
        let s = s.trim();
        IncidentSource::ALL
            .into_iter()
            .find(|x| x.key() == s || x.zh() == s || x.en() == s)
    }
}

/// The days a village waits for its replacement: from 离村 to the
/// replacement posting's start, or to `today` while there is none. None
/// before the cadre has left.
pub fn days_to_replacement(
    left_on: Option<NaiveDate>,
    replacement_start: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i64> {
    let left = left_on?;
    let end = replacement_start.unwrap_or(today);
    Some((end - left).num_days().max(0))
}

/// A stage, incident kind or source typed that is none of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordError {
    #[error(
        "{0:?} is not a stage: lead, verifying, decided, notified, left, replaced, closed, talk, dropped"
    )]
    Stage(String),
    #[error("{0:?} is not an incident kind: not_detached, disobedient, poor_performance, absent")]
    Kind(String),
    #[error("{0:?} is not a source: inspection, public, township, other")]
    Source(String),
}

/// How many cases are at each stage, in [`Stage::ALL`]'s order.
pub fn stage_counts(stages: impl IntoIterator<Item = Stage>) -> [usize; 9] {
    let mut out = [0; 9];
    for s in stages {
        out[s as usize] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ok(from: Stage, to: Stage, input: &StepInput) -> Result<(), StepError> {
        check_step(from, to, input, d("2026-11-02"), d("2026-11-01"))
    }

    #[test]
    fn the_recall_path_goes_one_step_at_a_time() {
        let path = [
            Stage::Lead,
            Stage::Verifying,
            Stage::Decided,
            Stage::Notified,
            Stage::Left,
            Stage::Replaced,
            Stage::Closed,
        ];
        for w in path.windows(2) {
            assert!(w[0].may_move_to(w[1]), "{:?} → {:?}", w[0], w[1]);
            assert_eq!(w[0].next(), Some(w[1]));
        }
        for (i, a) in path.iter().enumerate() {
            for (j, b) in path.iter().enumerate() {
                if j != i + 1 {
                    assert!(!a.may_move_to(*b), "{a:?} → {b:?} must be refused");
                }
            }
        }
        assert_eq!(Stage::Closed.next(), None);
    }

    #[test]
    fn talk_and_dropped_only_from_lead_or_verifying_and_they_end_the_case() {
        for s in Stage::ALL {
            let early = matches!(s, Stage::Lead | Stage::Verifying);
            assert_eq!(s.may_move_to(Stage::Talk), early, "{s:?}");
            assert_eq!(s.may_move_to(Stage::Dropped), early, "{s:?}");
        }
        for s in [Stage::Talk, Stage::Dropped, Stage::Closed] {
            assert!(s.is_final());
            assert!(Stage::ALL.iter().all(|t| !s.may_move_to(*t)));
        }
        assert!(!Stage::Left.is_final());
    }

    #[test]
    fn a_decision_needs_its_document_number() {
        let none = StepInput::default();
        assert_eq!(
            ok(Stage::Verifying, Stage::Decided, &none),
            Err(StepError::DocNoMissing)
        );
        let blank = StepInput {
            doc_no: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(
            ok(Stage::Verifying, Stage::Decided, &blank),
            Err(StepError::DocNoMissing)
        );
        let doc = StepInput {
            doc_no: Some("黔南组通〔2026〕12号".into()),
            ..Default::default()
        };
        assert_eq!(ok(Stage::Verifying, Stage::Decided, &doc), Ok(()));
    }

    #[test]
    fn a_replacement_needs_name_and_unit() {
        let none = StepInput::default();
        assert_eq!(
            ok(Stage::Left, Stage::Replaced, &none),
            Err(StepError::ReplacementMissing)
        );
        let half = StepInput {
            replacement: Some(("王明".into(), " ".into())),
            ..Default::default()
        };
        assert_eq!(
            ok(Stage::Left, Stage::Replaced, &half),
            Err(StepError::ReplacementMissing)
        );
        let full = StepInput {
            replacement: Some(("王明".into(), "州农业农村局".into())),
            ..Default::default()
        };
        assert_eq!(ok(Stage::Left, Stage::Replaced, &full), Ok(()));
    }

    #[test]
    fn a_refused_transition_is_named_before_missing_input() {
        assert_eq!(
            ok(Stage::Lead, Stage::Decided, &StepInput::default()),
            Err(StepError::NotAllowed {
                from: Stage::Lead,
                to: Stage::Decided
            })
        );
    }

    #[test]
    fn a_step_never_goes_back_in_time() {
        assert_eq!(
            check_step(
                Stage::Lead,
                Stage::Verifying,
                &StepInput::default(),
                d("2026-10-01"),
                d("2026-10-05")
            ),
            Err(StepError::BeforeLastStep {
                day: d("2026-10-01"),
                last: d("2026-10-05")
            })
        );
        assert!(
            check_step(
                Stage::Lead,
                Stage::Verifying,
                &StepInput::default(),
                d("2026-10-05"),
                d("2026-10-05")
            )
            .is_ok()
        );
    }

    #[test]
    fn days_to_replacement_run_from_leaving_to_the_new_start_or_today() {
        let today = d("2026-11-30");
        assert_eq!(days_to_replacement(None, None, today), None);
        assert_eq!(
            days_to_replacement(Some(d("2026-11-01")), None, today),
            Some(29)
        );
        assert_eq!(
            days_to_replacement(Some(d("2026-10-10")), Some(d("2026-10-25")), today),
            Some(15)
        );
        // A replacement that started before the recalled cadre left: no wait.
        assert_eq!(
            days_to_replacement(Some(d("2026-10-10")), Some(d("2026-10-01")), today),
            Some(0)
        );
    }

    #[test]
    fn keys_words_and_parsing_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_key(s.key()), Some(s));
            assert_eq!(Stage::parse(s.zh()), Some(s));
            assert_eq!(Stage::parse(s.en()), Some(s));
        }
        for k in IncidentKind::ALL {
            assert_eq!(IncidentKind::parse(k.key()), Some(k));
            assert_eq!(IncidentKind::parse(k.zh()), Some(k));
        }
        for k in IncidentSource::ALL {
            assert_eq!(IncidentSource::parse(k.key()), Some(k));
            assert_eq!(IncidentSource::parse(k.zh()), Some(k));
        }
        for o in Origin::ALL {
            assert_eq!(Origin::from_key(o.key()), Some(o));
        }
        assert!(Origin::LowDays.is_automatic() && Origin::LeaveOver30.is_automatic());
        assert!(!Origin::Manual.is_automatic() && !Origin::Incident.is_automatic());
        assert_eq!(Stage::parse("决定"), Some(Stage::Decided));
        assert_eq!(IncidentKind::parse("迟到"), None);
    }

    #[test]
    fn counts_by_stage() {
        let c = stage_counts([Stage::Lead, Stage::Lead, Stage::Talk]);
        assert_eq!(c[Stage::Lead as usize], 2);
        assert_eq!(c[Stage::Talk as usize], 1);
        assert_eq!(c.iter().sum::<usize>(), 3);
    }
}
