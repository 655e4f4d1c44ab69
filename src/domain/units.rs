//! Dispatching units' duties (派出单位, 四个捆绑): what the software derives
//! from a unit's responsibility list and help plan and never asks anyone to
//! type twice — whether the year's plan is missing by its deadline, the share
//! of the funds delivered, the plan's progress read from its linked duty
//! tasks in the checklist, and match hints for a village's needs.
//!
//! Nothing here ranks people: hints list candidates by name, with the needs
//! their tags meet, never a score and never an order by a count.

use super::posting::Cadre;
use super::{Cadence, Period, Progress, RecordLimits, Status, VillageType};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The day of the year by which a unit's help plan should be approved
/// (month, day): 03-31, before the year's work is under way.
pub const PLAN_DEADLINE: (u32, u32) = (3, 31);

/// The deadline of `year`'s plans.
pub fn plan_deadline(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, PLAN_DEADLINE.0, PLAN_DEADLINE.1).unwrap_or(NaiveDate::MIN)
}

/// Where a unit's help plan for a village and year stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    /// Approved (on the day given).
    Approved(NaiveDate),
    /// Saved but not yet approved, or not saved yet, before the deadline.
    Pending,
    /// No approved plan after the deadline: 提示.
    Missing,
}

impl PlanState {
    /// Whether this calls for a 提示 (the plan is missing after the deadline).
    pub fn hint(self) -> bool {
        self == PlanState::Missing
    }
}

/// The state of a plan for `year` on `today`, from its approval day (None:
/// no plan, or not approved). A plan approved after `today` (typed ahead)
/// is not approved yet.
pub fn plan_state(approved_on: Option<NaiveDate>, year: i32, today: NaiveDate) -> PlanState {
    match approved_on {
        Some(d) if d <= today => PlanState::Approved(d),
        _ if today > plan_deadline(year) => PlanState::Missing,
        _ => PlanState::Pending,
    }
}

/// Funds delivered as a whole percentage of the funds planned (rounded
/// down; None when nothing was planned). Money is integer fen throughout.
pub fn funds_percent(planned_fen: i64, delivered_fen: i64) -> Option<i64> {
    (planned_fen > 0).then(|| delivered_fen.max(0).saturating_mul(100) / planned_fen)
}

/// Fen as yuan for people: 12345 → "123.45".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

/// Parse an amount in yuan ("1200", "1200.5", "1,200.50", "¥1200") into fen,
/// exactly (no floating point). None for anything else or a negative amount.
pub fn parse_yuan(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    let t = t.trim_end_matches('元');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let w: i64 = whole.parse().ok()?;
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    w.checked_mul(100)?.checked_add(f)
}

/// A project's state in a responsibility list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// 计划
    Planned,
    /// 实施中
    Underway,
    /// 已完成
    Done,
    /// 已取消
    Dropped,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 4] = [
        ProjectStatus::Planned,
        ProjectStatus::Underway,
        ProjectStatus::Done,
        ProjectStatus::Dropped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::Underway => "underway",
            ProjectStatus::Done => "done",
            ProjectStatus::Dropped => "dropped",
        }
    }

    pub fn from_key(s: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|p| p.key() == s)
    }
}

/// A project status as written in a sheet or on the command line: its key
/// (planned, underway, done, dropped) or its Chinese word.
pub fn parse_status(s: &str) -> Option<ProjectStatus> {
    let t = s.trim();
    ProjectStatus::from_key(&t.to_lowercase()).or(match t {
        "计划" | "计划中" | "未开工" => Some(ProjectStatus::Planned),
        "实施中" | "在建" | "进行中" => Some(ProjectStatus::Underway),
        "已完成" | "完成" | "竣工" => Some(ProjectStatus::Done),
        "已取消" | "取消" => Some(ProjectStatus::Dropped),
        _ => None,
    })
}

/// The progress of a help plan for `year`: every task period of the year
/// of each linked task, counted by the one definition
/// ([`Progress::of_period`]), with `status` giving the record of a task in
/// a period (None: nothing recorded).
pub fn plan_progress(
    tasks: &[(u32, Cadence)],
    year: i32,
    status: impl Fn(u32, Period) -> Option<Status>,
    limits: RecordLimits,
) -> Progress {
    let mut total = Progress::default();
    let year_period = Period::Year { year };
    for &(task, cadence) in tasks {
        let kind = cadence.period_kind();
        for sub in year_period.sub_periods() {
            if sub.kind() != kind {
                continue;
            }
            let counts = match status(task, sub) {
                Some(Status::Done) => (1, 0, 0),
                Some(Status::Doing) => (0, 1, 0),
                Some(Status::Na) => (0, 0, 1),
                _ => (0, 0, 0),
            };
            total.add(&Progress::of_period(sub, 1, counts, limits));
        }
    }
    total
}

/// Parse linked task numbers as stored ("1,5,12"): unknown text is left out.
pub fn parse_tasks(s: &str) -> Vec<u32> {
    let mut v: Vec<u32> = s
        .split([',', '，', ' ', '、'])
        .filter_map(|t| t.trim().parse().ok())
        .filter(|n| *n >= 1)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Linked task numbers as typed ("1, 5，12、3"; half-width digits), in
/// the order typed; the first part that is not a number is the error.
pub fn task_numbers(s: &str) -> Result<Vec<u32>, String> {
    s.split([',', '，', '、', ';', '；', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| p.to_string()))
        .collect()
}

/// What a village of a type needs from its team (DOMAIN-PILLARS A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// 党建
    PartyWork,
    /// 就业
    Jobs,
    /// 社区治理
    Community,
    /// 产业
    Industry,
    /// 规划
    Planning,
    /// 防返贫
    AntiRelapse,
    /// 文旅
    CultureTourism,
}

impl Need {
    pub const ALL: [Need; 7] = [
        Need::PartyWork,
        Need::Jobs,
        Need::Community,
        Need::Industry,
        Need::Planning,
        Need::AntiRelapse,
        Need::CultureTourism,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Need::PartyWork => "party_work",
            Need::Jobs => "jobs",
            Need::Community => "community",
            Need::Industry => "industry",
            Need::Planning => "planning",
            Need::AntiRelapse => "anti_relapse",
            Need::CultureTourism => "culture_tourism",
        }
    }

    /// Words in a specialty tag that meet this need (tags are free text,
    /// separated by 、 in the cadre record).
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Need::PartyWork => &["党建", "组织"],
            Need::Jobs => &["就业", "劳务", "人社"],
            Need::Community => &["社区", "治理", "民政"],
            Need::Industry => &["产业", "农技", "农业", "种植", "养殖", "电商"],
            Need::Planning => &["规划", "建设"],
            Need::AntiRelapse => &["防返贫", "扶贫", "社保", "医疗", "教育", "财务"],
            Need::CultureTourism => &["文旅", "旅游", "文化"],
        }
    }

    /// Whether the tag meets this need.
    pub fn met_by(self, tag: &str) -> bool {
        self.keywords().iter().any(|k| tag.contains(k))
    }
}

/// The need profile of a village with `types`, without repeats, in the
/// order of [`Need::ALL`].
pub fn needs_of(types: &[VillageType]) -> Vec<Need> {
    let mut v = Vec::new();
    for t in types {
        let n: &[Need] = match t {
            VillageType::WeakParty => &[Need::PartyWork],
            VillageType::Relocation => &[Need::Jobs, Need::Community],
            VillageType::Demonstration => &[Need::Industry, Need::Planning],
            VillageType::FormerPoor => &[Need::AntiRelapse],
            VillageType::RedPilot => &[Need::CultureTourism],
        };
        v.extend_from_slice(n);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// One candidate whose tags meet some of a village's needs: a hint for the
/// person deciding, never an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchHint {
    pub cadre: i64,
    pub name: String,
    pub unit: String,
    /// The needs met, in the order of [`Need::ALL`].
    pub needs: Vec<Need>,
    /// The tags that meet them.
    pub tags: Vec<String>,
}

/// Match hints for a village with `types` among `candidates` (each cadre
/// once): those whose tags meet at least one need, by name, then unit, then
/// id — never scored, never ordered by how many needs they meet.
pub fn match_hints<'a>(
    types: &[VillageType],
    candidates: impl IntoIterator<Item = &'a Cadre>,
) -> Vec<MatchHint> {
    let needs = needs_of(types);
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<MatchHint> = candidates
        .into_iter()
        .filter(|c| seen.insert(c.id))
        .filter_map(|c| {
            let met: Vec<Need> = needs
                .iter()
                .copied()
                .filter(|n| c.tags.iter().any(|t| n.met_by(t)))
                .collect();
            if met.is_empty() {
                return None;
            }
            let tags = c
                .tags
                .iter()
                .filter(|t| met.iter().any(|n| n.met_by(t)))
                .cloned()
                .collect();
            Some(MatchHint {
                cadre: c.id,
                name: c.name.clone(),
                unit: c.unit.clone(),
                needs: met,
                tags,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.name, &a.unit, a.cadre).cmp(&(&b.name, &b.unit, b.cadre)));
    out
}

/// The year a day belongs to (the responsibility list's year).
pub fn year_of(day: NaiveDate) -> i32 {
    day.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn plan_missing_after_the_deadline() {
        assert_eq!(plan_deadline(2026), d("2026-03-31"));
        // Before and on the deadline: pending, no hint.
        assert_eq!(plan_state(None, 2026, d("2026-03-31")), PlanState::Pending);
        assert!(!plan_state(None, 2026, d("2026-02-01")).hint());
        // The day after: missing, a hint.
        assert_eq!(plan_state(None, 2026, d("2026-04-01")), PlanState::Missing);
        assert!(plan_state(None, 2026, d("2026-04-01")).hint());
        // Approved (even late): no hint.
        let a = plan_state(Some(d("2026-05-02")), 2026, d("2026-06-01"));
        assert_eq!(a, PlanState::Approved(d("2026-05-02")));
        assert!(!a.hint());
        // Approved on a day still ahead: not yet.
        assert_eq!(
            plan_state(Some(d("2026-05-02")), 2026, d("2026-04-10")),
            PlanState::Missing
        );
        // Last year's plan is missing all of this year.
        assert_eq!(plan_state(None, 2025, d("2026-01-10")), PlanState::Missing);
    }

    #[test]
    fn funds_percent_in_whole_fen() {
        assert_eq!(funds_percent(1_000_000, 400_000), Some(40));
        assert_eq!(funds_percent(300, 100), Some(33));
        assert_eq!(funds_percent(100, 150), Some(150));
        assert_eq!(funds_percent(0, 100), None);
        assert_eq!(yuan(1_000_050), "10000.50");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(parse_yuan("10000.5"), Some(1_000_050));
        assert_eq!(parse_yuan("¥1,200"), Some(120_000));
        assert_eq!(parse_yuan("3元"), Some(300));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("abc"), None);
        assert_eq!(parse_yuan(""), None);
    }

    #[test]
    fn plan_progress_from_linked_tasks() {
        let limits = RecordLimits {
            today: d("2026-04-15"),
            tracking_start: d("2026-01-01"),
        };
        // A monthly task: January-April count (4 items), May on not yet.
        // A yearly task: the year has begun, it counts once, not overdue.
        let tasks = [(1, Cadence::Monthly), (7, Cadence::Yearly)];
        let p = plan_progress(
            &tasks,
            2026,
            |t, per| match (t, per) {
                (1, Period::Month { month: 1, .. }) => Some(Status::Done),
                (1, Period::Month { month: 2, .. }) => Some(Status::Na),
                (1, Period::Month { month: 4, .. }) => Some(Status::Doing),
                _ => None,
            },
            limits,
        );
        assert_eq!(p.expected, 5);
        assert_eq!((p.done, p.doing, p.na), (1, 1, 1));
        // March has ended undone: one overdue.
        assert_eq!(p.overdue, 1);
        assert_eq!(p.rate(), Some(0.25));
        // No linked tasks: nothing to count.
        assert_eq!(
            plan_progress(&[], 2026, |_, _| None, limits),
            Progress::default()
        );
        assert_eq!(parse_tasks("5,1, 12，x,5"), vec![1, 5, 12]);
    }

    #[test]
    fn task_numbers_as_typed_name_the_first_bad_part() {
        assert_eq!(task_numbers("3， 1、5;7；  9"), Ok(vec![3, 1, 5, 7, 9]));
        assert_eq!(task_numbers("  "), Ok(vec![]));
        assert_eq!(task_numbers("1, x2, y"), Err("x2".to_string()));
        assert_eq!(task_numbers("1,-2"), Err("-2".to_string()));
    }

    fn cadre(id: i64, name: &str, tags: &[&str]) -> Cadre {
        Cadre {
            id,
            name: name.into(),
            unit: "州虚构局".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Cadre::default()
        }
    }

    #[test]
    fn need_profile_by_village_type() {
        assert_eq!(needs_of(&[VillageType::WeakParty]), vec![Need::PartyWork]);
        assert_eq!(
            needs_of(&[VillageType::Relocation]),
            vec![Need::Jobs, Need::Community]
        );
        assert_eq!(
            needs_of(&[VillageType::Demonstration]),
            vec![Need::Industry, Need::Planning]
        );
        assert_eq!(
            needs_of(&[VillageType::FormerPoor]),
            vec![Need::AntiRelapse]
        );
        assert_eq!(
            needs_of(&[VillageType::RedPilot]),
            vec![Need::CultureTourism]
        );
        assert!(needs_of(&[]).is_empty());
    }

    #[test]
    fn match_hints_by_name_never_by_count() {
        let cs = [
            cadre(1, "周文", &["文旅"]),
            // Meets both needs: still listed by name, not first.
            cadre(2, "张党", &["党建", "乡村旅游"]),
            cadre(3, "李财", &["财务"]),
            cadre(2, "张党", &["党建", "乡村旅游"]),
            cadre(4, "安组", &["组织工作"]),
        ];
        let types = [VillageType::WeakParty, VillageType::RedPilot];
        let h = match_hints(&types, &cs);
        let names: Vec<&str> = h.iter().map(|x| x.name.as_str()).collect();
        // By name (code point order), each once; 李财 meets no need here.
        assert_eq!(names, vec!["周文", "安组", "张党"]);
        let z = h.iter().find(|x| x.name == "张党").unwrap();
        assert_eq!(z.needs, vec![Need::PartyWork, Need::CultureTourism]);
        assert_eq!(z.tags, vec!["党建", "乡村旅游"]);
        // A village without types has no hints.
        assert!(match_hints(&[], &cs).is_empty());
    }

    #[test]
    fn project_status_keys_round_trip() {
        for s in ProjectStatus::ALL {
            assert_eq!(ProjectStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(year_of(d("2026-12-31")), 2026);
    }
}
