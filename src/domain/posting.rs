//! Cadres and their postings (选): what the software derives from the roster
//! and never asks anyone to type — 1+2+N completeness of a village on a day,
//! handover gaps, postings reaching two years (轮换到期), the rotation list's
//! counts by end reason and a county's selection counts.
//!
//! Nothing here ranks people: results list villages by division code and
//! postings by role and date, and counts are of postings or cadres as a
//! whole.

use super::team::{MemberRole, TeamMember};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// Why a posting ended. 身体原因 is only this code: no medical detail is
/// stored anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// 期满轮换
    Rotation,
    /// 作用发挥不好
    PoorPerformance,
    /// 身体原因
    Health,
    /// 召回
    Recalled,
    /// 其他
    Other,
}

impl EndReason {
    pub const ALL: [EndReason; 5] = [
        EndReason::Rotation,
        EndReason::PoorPerformance,
        EndReason::Health,
        EndReason::Recalled,
        EndReason::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EndReason::Rotation => "rotation",
            EndReason::PoorPerformance => "poor_performance",
            EndReason::Health => "health",
            EndReason::Recalled => "recalled",
            EndReason::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            EndReason::Rotation => "期满轮换",
            EndReason::PoorPerformance => "作用发挥不好",
            EndReason::Health => "身体原因",
            EndReason::Recalled => "召回",
            EndReason::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            EndReason::Rotation => "term rotation",
            EndReason::PoorPerformance => "performing poorly",
            EndReason::Health => "health",
            EndReason::Recalled => "recalled",
            EndReason::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// The level of a dispatching unit (派出单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// 中央
    Central,
    /// 省级
    Province,
    /// 州(市)级
    Prefecture,
    /// 县级
    County,
    /// 乡镇
    Township,
    /// 部队
    Army,
    /// 其他
    Other,
}

impl UnitLevel {
    pub const ALL: [UnitLevel; 7] = [
        UnitLevel::Central,
        UnitLevel::Province,
        UnitLevel::Prefecture,
        UnitLevel::County,
        UnitLevel::Township,
        UnitLevel::Army,
        UnitLevel::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitLevel::Central => "central",
            UnitLevel::Province => "province",
            UnitLevel::Prefecture => "prefecture",
            UnitLevel::County => "county",
            UnitLevel::Township => "township",
            UnitLevel::Army => "army",
            UnitLevel::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            UnitLevel::Central => "中央",
            UnitLevel::Province => "省级",
            UnitLevel::Prefecture => "州级",
            UnitLevel::County => "县级",
            UnitLevel::Township => "乡镇",
            UnitLevel::Army => "部队",
            UnitLevel::Other => "其他",
        }
    }

    pub fn from_key(s: &str) -> Option<UnitLevel> {
        UnitLevel::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// How a cadre was selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// 单位推荐
    Unit,
    /// 组织部门选派 (点名抽派)
    Org,
}

impl Selection {
    pub fn key(self) -> &'static str {
        match self {
            Selection::Unit => "unit",
            Selection::Org => "org",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Selection::Unit => "单位推荐",
            Selection::Org => "组织部门选派",
        }
    }

    pub fn from_key(s: &str) -> Option<Selection> {
        [Selection::Unit, Selection::Org]
            .into_iter()
            .find(|r| r.key() == s)
    }
}

/// A person posted to villages, kept once however many postings they have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Cadre {
    pub id: i64,
    pub name: String,
    /// 派出单位
    pub unit: String,
    pub unit_level: Option<UnitLevel>,
    /// 职务 in the home unit
    pub post: Option<String>,
    /// 科级以上 (None: not yet known)
    pub section_level: Option<bool>,
    /// 专长
    pub tags: Vec<String>,
    pub selection: Option<Selection>,
    /// The account that belongs to this person, if linked.
    pub account: Option<String>,
}

/// What a teams import may say about a posting beyond its role, unit and
/// dates; `None` everywhere means "not given": the stored value stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PostingExtra {
    pub end_reason: Option<EndReason>,
    pub unit_level: Option<UnitLevel>,
    pub post: Option<String>,
    pub section_level: Option<bool>,
    pub tags: Option<Vec<String>>,
    pub selection: Option<Selection>,
    /// The dispatching unit's contact (联系方式) and responsible leader.
    pub unit_contact: Option<String>,
    pub unit_leader: Option<String>,
}

impl PostingExtra {
    pub fn is_empty(&self) -> bool {
        *self == PostingExtra::default()
    }

    /// Whether applying this to a posting that stores `end_reason` and
    /// belongs to `cadre` would change anything.
    pub fn changes(
        &self,
        end_reason: Option<EndReason>,
        cadre: &Cadre,
        unit: (Option<&str>, Option<&str>),
    ) -> bool {
        self.end_reason.is_some_and(|r| Some(r) != end_reason)
            || self.unit_level.is_some_and(|l| Some(l) != cadre.unit_level)
            || self
                .post
                .as_ref()
                .is_some_and(|p| Some(p) != cadre.post.as_ref())
            || self
                .section_level
                .is_some_and(|x| Some(x) != cadre.section_level)
            || self.tags.as_ref().is_some_and(|t| *t != cadre.tags)
            || self.selection.is_some_and(|x| Some(x) != cadre.selection)
            || self
                .unit_contact
                .as_deref()
                .is_some_and(|c| Some(c) != unit.0)
            || self
                .unit_leader
                .as_deref()
                .is_some_and(|l| Some(l) != unit.1)
    }

    /// A short description for the audit trail (codes only).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.end_reason {
            parts.push(format!("end_reason={}", r.key()));
        }
        if let Some(l) = self.unit_level {
            parts.push(format!("unit_level={}", l.key()));
        }
        if let Some(p) = &self.post {
            parts.push(format!("post={p}"));
        }
        if let Some(x) = self.section_level {
            parts.push(format!("section_level={}", u8::from(x)));
        }
        if let Some(t) = &self.tags {
            parts.push(format!("tags={}", t.join("、")));
        }
        if let Some(x) = self.selection {
            parts.push(format!("selection={}", x.key()));
        }
        if let Some(c) = &self.unit_contact {
            parts.push(format!("unit_contact={c}"));
        }
        if let Some(l) = &self.unit_leader {
            parts.push(format!("unit_leader={l}"));
        }
        parts.join(" ")
    }
}

/// The day a posting reaches two years (the term; 轮换到期 from then on).
pub fn term_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(24))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole days in post up to `day` (the start day counts as day 1); 0 before
/// the start.
pub fn tenure_days(p: &TeamMember, day: NaiveDate) -> i64 {
    let last = p.end.map_or(day, |e| e.min(day));
    if last < p.start {
        0
    } else {
        (last - p.start).num_days() + 1
    }
}

/// Whether a posting in post on `day` has reached its two years.
pub fn rotation_due(p: &TeamMember, day: NaiveDate) -> bool {
    p.active_on(day) && day >= term_end(p.start)
}

/// A time when a village had nobody of a role in post, between one posting
/// ending and the next starting (or up to `day` while nobody follows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub role: MemberRole,
    /// The first day without anyone of the role.
    pub from: NaiveDate,
    /// The last day without anyone (for an open gap: the day asked about).
    pub to: NaiveDate,
    /// Nobody has followed yet.
    pub open: bool,
}

impl Handover {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// Gaps between postings of `role` in one village, up to `day`. Overlapping
/// postings are merged first, so a successor who starts before the
/// predecessor leaves makes no gap; a gap only opens after a first posting.
pub fn handover_gaps(postings: &[TeamMember], role: MemberRole, day: NaiveDate) -> Vec<Handover> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = postings
        .iter()
        .filter(|p| p.role == role && p.start <= day)
        .map(|p| (p.start, p.end.unwrap_or(NaiveDate::MAX)))
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut covered: Option<NaiveDate> = None;
    for (s, e) in spans {
        if let Some(c) = covered {
            if let Some(next) = c.succ_opt()
                && s > next
            {
                out.push(Handover {
                    role,
                    from: next,
                    to: s.pred_opt().unwrap_or(s),
                    open: false,
                });
            }
            covered = Some(c.max(e));
        } else {
            covered = Some(e);
        }
    }
    if let Some(c) = covered
        && c < day
        && let Some(next) = c.succ_opt()
    {
        out.push(Handover {
            role,
            from: next,
            to: day,
            open: true,
        });
    }
    out
}

/// A 1+2+N shortfall of a village on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// 缺第一书记
    NoFirstSecretary,
    /// 驻村队员少于2名
    FewResidents,
    /// 软弱涣散村无第一书记 (in addition to the plain shortfall)
    WeakVillageNoSecretary,
    /// More than one first secretary in post at once
    TwoFirstSecretaries,
}

impl Shortfall {
    pub fn zh(self) -> &'static str {
        match self {
            Shortfall::NoFirstSecretary => "缺第一书记",
            Shortfall::FewResidents => "驻村队员少于2名",
            Shortfall::WeakVillageNoSecretary => "软弱涣散村无第一书记",
            Shortfall::TwoFirstSecretaries => "第一书记重叠",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Shortfall::NoFirstSecretary => "no first secretary",
            Shortfall::FewResidents => "fewer than 2 resident members",
            Shortfall::WeakVillageNoSecretary => "weak-party village without a first secretary",
            Shortfall::TwoFirstSecretaries => "two first secretaries at once",
        }
    }
}

/// A village's team on one day: who is in post, what is missing, the gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamCheck {
    pub first_secretaries: usize,
    pub residents: usize,
    pub sent_down: usize,
    pub shortfalls: Vec<Shortfall>,
    /// Handover gaps of first secretaries and residents, oldest first.
    pub gaps: Vec<Handover>,
    /// Postings in post on the day that have reached two years.
    pub rotation_due: usize,
}

impl TeamCheck {
    pub fn complete(&self) -> bool {
        self.shortfalls.is_empty()
    }

    /// Days of the gap still open on the day (first secretary first), if any.
    pub fn open_gap_days(&self) -> i64 {
        self.gaps
            .iter()
            .filter(|g| g.open)
            .map(Handover::days)
            .max()
            .unwrap_or(0)
    }
}

/// 1+2+N completeness of one village on `day` from its postings (any order,
/// overlapping allowed). A person posted twice at once counts once per role.
pub fn team_check(postings: &[TeamMember], weak_party: bool, day: NaiveDate) -> TeamCheck {
    let count = |role: MemberRole| {
        let mut names: Vec<&str> = postings
            .iter()
            .filter(|p| p.role == role && p.active_on(day))
            .map(|p| p.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    };
    let (fs, rs, sd) = (
        count(MemberRole::FirstSecretary),
        count(MemberRole::Resident),
        count(MemberRole::SentDown),
    );
    let mut shortfalls = Vec::new();
    if fs == 0 {
        shortfalls.push(Shortfall::NoFirstSecretary);
        if weak_party {
            shortfalls.push(Shortfall::WeakVillageNoSecretary);
        }
    }
    if fs > 1 {
        shortfalls.push(Shortfall::TwoFirstSecretaries);
    }
    if rs < 2 {
        shortfalls.push(Shortfall::FewResidents);
    }
    let mut gaps = handover_gaps(postings, MemberRole::FirstSecretary, day);
    gaps.extend(handover_gaps(postings, MemberRole::Resident, day));
    gaps.sort_by_key(|g| (g.from, g.role));
    TeamCheck {
        first_secretaries: fs,
        residents: rs,
        sent_down: sd,
        shortfalls,
        gaps,
        rotation_due: postings.iter().filter(|p| rotation_due(p, day)).count(),
    }
}

/// The rotation list's counts: postings that ended, by reason (those with no
/// reason recorded apart), and postings in post that have reached two years.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RotationCounts {
    /// In the order of [`EndReason::ALL`].
    pub ended: [usize; 5],
    pub ended_without_reason: usize,
    pub due: usize,
}

impl RotationCounts {
    pub fn ended_total(&self) -> usize {
        self.ended.iter().sum::<usize>() + self.ended_without_reason
    }
}

/// Count the rotation list of `postings` on `day`: postings ended on or
/// before the day, and those in post at two years or more.
pub fn rotation_counts<'a>(
    postings: impl IntoIterator<Item = (&'a TeamMember, Option<EndReason>)>,
    day: NaiveDate,
) -> RotationCounts {
    let mut c = RotationCounts::default();
    for (p, reason) in postings {
        match p.end {
            Some(e) if e <= day => match reason {
                Some(r) => {
                    if let Some(i) = EndReason::ALL.iter().position(|x| *x == r) {
                        c.ended[i] += 1;
                    }
                }
                None => c.ended_without_reason += 1,
            },
            _ => {
                if rotation_due(p, day) {
                    c.due += 1;
                }
            }
        }
    }
    c
}

/// Selection counts of the cadres in post in a scope (the seed's 778 named
/// by the organisation department and 1,349 at section level or above).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SelectionCounts {
    pub cadres: usize,
    pub org_named: usize,
    pub unit_recommended: usize,
    pub selection_unknown: usize,
    pub section_level: usize,
    pub section_unknown: usize,
}

/// Count `cadres` (each once, however many postings).
pub fn selection_counts<'a>(cadres: impl IntoIterator<Item = &'a Cadre>) -> SelectionCounts {
    let mut seen = std::collections::HashSet::new();
    let mut c = SelectionCounts::default();
    for k in cadres {
        if !seen.insert(k.id) {
            continue;
        }
        c.cadres += 1;
        match k.selection {
            Some(Selection::Org) => c.org_named += 1,
            Some(Selection::Unit) => c.unit_recommended += 1,
            None => c.selection_unknown += 1,
        }
        match k.section_level {
            Some(true) => c.section_level += 1,
            Some(false) => {}
            None => c.section_unknown += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn p(id: i64, name: &str, role: MemberRole, start: &str, end: Option<&str>) -> TeamMember {
        TeamMember {
            id,
            village: "522701001201".into(),
            name: name.into(),
            role,
            unit: "州虚构局".into(),
            start: d(start),
            end: end.map(d),
        }
    }

    use MemberRole::{FirstSecretary as F, Resident as R, SentDown as S};

    #[test]
    fn a_full_team_is_complete() {
        let ps = [
            p(1, "甲", F, "2025-01-01", None),
            p(2, "乙", R, "2025-01-01", None),
            p(3, "丙", R, "2025-03-01", None),
            p(4, "丁", S, "2025-03-01", None),
        ];
        let c = team_check(&ps, true, d("2025-06-01"));
        assert!(c.complete(), "{c:?}");
        assert_eq!((c.first_secretaries, c.residents, c.sent_down), (1, 2, 1));
        // Before the second resident arrived: fewer than two.
        let c = team_check(&ps, false, d("2025-02-01"));
        assert_eq!(c.shortfalls, vec![Shortfall::FewResidents]);
    }

    #[test]
    fn missing_secretary_and_weak_village() {
        let ps = [
            p(1, "甲", F, "2023-01-01", Some("2025-04-30")),
            p(2, "乙", R, "2025-01-01", None),
        ];
        let day = d("2025-05-10");
        let c = team_check(&ps, false, day);
        assert_eq!(
            c.shortfalls,
            vec![Shortfall::NoFirstSecretary, Shortfall::FewResidents]
        );
        let c = team_check(&ps, true, day);
        assert!(c.shortfalls.contains(&Shortfall::WeakVillageNoSecretary));
        // The open handover gap: 1 May to 10 May, 10 days.
        assert_eq!(c.open_gap_days(), 10);
        assert_eq!(
            c.gaps[0],
            Handover {
                role: F,
                from: d("2025-05-01"),
                to: day,
                open: true
            }
        );
    }

    #[test]
    fn handover_gap_between_postings_and_overlaps_merge() {
        let ps = [
            p(1, "甲", F, "2021-06-01", Some("2023-05-31")),
            // Successor arrives 15 days later: a closed 15-day gap.
            p(2, "乙", F, "2023-06-16", Some("2025-06-30")),
            // The next one overlaps (hands over while the other is there).
            p(3, "丙", F, "2025-06-20", None),
        ];
        let gaps = handover_gaps(&ps, F, d("2026-01-01"));
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0].from, d("2023-06-01"));
        assert_eq!(gaps[0].to, d("2023-06-15"));
        assert_eq!(gaps[0].days(), 15);
        assert!(!gaps[0].open);
        // Two overlapping first secretaries on one day are flagged.
        let c = team_check(&ps, false, d("2025-06-25"));
        assert_eq!(c.first_secretaries, 2);
        assert!(c.shortfalls.contains(&Shortfall::TwoFirstSecretaries));
        // A successor who starts the day after: no gap.
        let ps = [
            p(1, "甲", F, "2021-06-01", Some("2023-05-31")),
            p(2, "乙", F, "2023-06-01", None),
        ];
        assert!(handover_gaps(&ps, F, d("2026-01-01")).is_empty());
        // Postings starting after the day are not counted yet.
        assert!(handover_gaps(&ps, F, d("2021-01-01")).is_empty());
    }

    #[test]
    fn one_person_posted_twice_at_once_counts_once() {
        let ps = [
            p(1, "乙", R, "2025-01-01", None),
            p(2, "乙", R, "2025-02-01", None),
        ];
        assert_eq!(team_check(&ps, false, d("2025-03-01")).residents, 1);
    }

    #[test]
    fn two_years_is_rotation_due() {
        let a = p(1, "甲", F, "2024-03-01", None);
        assert_eq!(term_end(a.start), d("2026-03-01"));
        assert!(!rotation_due(&a, d("2026-02-28")));
        assert!(rotation_due(&a, d("2026-03-01")));
        // A leap day start: the term ends on the last day of February.
        assert_eq!(term_end(d("2024-02-29")), d("2026-02-28"));
        // Ended postings are not due.
        let b = p(2, "乙", R, "2022-01-01", Some("2024-01-01"));
        assert!(!rotation_due(&b, d("2026-01-01")));
        assert_eq!(tenure_days(&b, d("2026-01-01")), 731);
        assert_eq!(tenure_days(&a, d("2024-03-01")), 1);
        assert_eq!(tenure_days(&a, d("2024-01-01")), 0);
    }

    #[test]
    fn rotation_counts_by_reason() {
        let ps = [
            (
                p(1, "甲", F, "2021-01-01", Some("2023-01-01")),
                Some(EndReason::Rotation),
            ),
            (
                p(2, "乙", R, "2021-01-01", Some("2023-01-01")),
                Some(EndReason::Rotation),
            ),
            (
                p(3, "丙", R, "2022-01-01", Some("2022-08-01")),
                Some(EndReason::Health),
            ),
            (p(4, "丁", R, "2022-01-01", Some("2022-09-01")), None),
            (p(5, "戊", F, "2023-01-02", None), None),
            (p(6, "己", R, "2025-01-02", None), None),
            // Ends after the day: still in post on it.
            (
                p(7, "庚", R, "2020-01-01", Some("2027-01-01")),
                Some(EndReason::Recalled),
            ),
        ];
        let c = rotation_counts(ps.iter().map(|(p, r)| (p, *r)), d("2026-01-01"));
        assert_eq!(c.ended, [2, 0, 1, 0, 0]);
        assert_eq!(c.ended_without_reason, 1);
        assert_eq!(c.ended_total(), 4);
        assert_eq!(c.due, 2);
    }

    #[test]
    fn selection_counts_are_of_people() {
        let k = |id, sel, sec| Cadre {
            id,
            selection: sel,
            section_level: sec,
            ..Cadre::default()
        };
        let cs = [
            k(1, Some(Selection::Org), Some(true)),
            k(1, Some(Selection::Org), Some(true)),
            k(2, Some(Selection::Unit), Some(false)),
            k(3, None, None),
            k(4, Some(Selection::Org), Some(false)),
        ];
        let c = selection_counts(&cs);
        assert_eq!(
            c,
            SelectionCounts {
                cadres: 4,
                org_named: 2,
                unit_recommended: 1,
                selection_unknown: 1,
                section_level: 1,
                section_unknown: 1
            }
        );
    }

    #[test]
    fn end_reason_keys_round_trip() {
        for r in EndReason::ALL {
            assert_eq!(EndReason::from_key(r.key()), Some(r));
        }
        for l in UnitLevel::ALL {
            assert_eq!(UnitLevel::from_key(l.key()), Some(l));
        }
    }
}
