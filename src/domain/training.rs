//! Training (培训, 训) as rules: the kinds, levels and marks of a session,
//! what a session writes into the attendance grid, and the figures read from
//! attendance at sessions: hours in the year against the target, the kinds a
//! cadre has had, who has had none (未参训), and new cadres still untrained
//! some days after their posting began.
//!
//! Nothing here counts study time in the program, quizzes or points, and no
//! list is ordered by a person's hours (DOMAIN-PILLARS C).

use super::attendance::DayCode;
use super::division::Level;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The yearly hours (学时) a cadre's training is read against: the default
/// of the `training_target_hours` setting.
pub const DEFAULT_TARGET_HOURS: u32 = 90;
/// A new cadre with no session attended this many days after the posting
/// began is listed (the default of the `training_new_cadre_days` setting).
pub const DEFAULT_NEW_CADRE_DAYS: u32 = 30;
/// The longest session, in days (a longer span is a typing mistake).
pub const MAX_SESSION_DAYS: i64 = 31;
/// The most hours one session may have (a typing mistake beyond).
pub const MAX_SESSION_HOURS: u32 = 400;
/// Texts of a session: at most this many characters each.
pub const TEXT_MAX_CHARS: usize = 200;

/// 理论 / 政策 / 实践经验 (the 三项培训).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Theory,
    Policy,
    Practice,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Theory, Kind::Policy, Kind::Practice];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Theory => "theory",
            Kind::Policy => "policy",
            Kind::Practice => "practice",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Kind::Theory => "理论",
            Kind::Policy => "政策",
            Kind::Practice => "实践经验",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Kind::Theory => "theory",
            Kind::Policy => "policy",
            Kind::Practice => "practice",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Kind::Theory => 0,
            Kind::Policy => 1,
            Kind::Practice => 2,
        }
    }

    pub fn from_key(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The stored key, the Chinese word, or 实践 for short.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        if s == "实践" {
            return Some(Kind::Practice);
        }
        Kind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(s) || k.zh() == s)
    }
}

/// The level that runs a session: 州 / 县 / 镇.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionLevel {
    Prefecture,
    County,
    Township,
}

impl SessionLevel {
    pub const ALL: [SessionLevel; 3] = [
        SessionLevel::Prefecture,
        SessionLevel::County,
        SessionLevel::Township,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SessionLevel::Prefecture => "prefecture",
            SessionLevel::County => "county",
            SessionLevel::Township => "township",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            SessionLevel::Prefecture => "州",
            SessionLevel::County => "县",
            SessionLevel::Township => "镇",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            SessionLevel::Prefecture => "prefecture",
            SessionLevel::County => "county",
            SessionLevel::Township => "township",
        }
    }

    pub fn from_key(s: &str) -> Option<SessionLevel> {
        SessionLevel::ALL.into_iter().find(|l| l.key() == s)
    }

    /// The level of the division that runs it (a village runs none).
    pub fn of(level: Level) -> Option<SessionLevel> {
        match level {
            Level::Prefecture => Some(SessionLevel::Prefecture),
            Level::County => Some(SessionLevel::County),
            Level::Township => Some(SessionLevel::Township),
            Level::Province | Level::Village => None,
        }
    }
}

/// A cadre's mark at a session: 参训 / 请假 / 缺席.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Attended,
    Leave,
    Absent,
}

impl Mark {
    pub const ALL: [Mark; 3] = [Mark::Attended, Mark::Leave, Mark::Absent];

    pub fn key(self) -> &'static str {
        match self {
            Mark::Attended => "attended",
            Mark::Leave => "leave",
            Mark::Absent => "absent",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Mark::Attended => "参训",
            Mark::Leave => "请假",
            Mark::Absent => "缺席",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Mark::Attended => "attended",
            Mark::Leave => "on leave",
            Mark::Absent => "absent",
        }
    }

    pub fn from_key(s: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.key() == s)
    }

    /// What a sign-in sheet or a person typed: the key, the Chinese word,
    /// 出席/已参训/到 for attended, 缺 for absent.
    pub fn parse(s: &str) -> Option<Mark> {
        let s = s.trim();
        match s {
            "出席" | "已参训" | "到" | "√" => return Some(Mark::Attended),
            "缺" | "未到" => return Some(Mark::Absent),
            "假" => return Some(Mark::Leave),
            _ => {}
        }
        Mark::ALL
            .into_iter()
            .find(|m| m.key().eq_ignore_ascii_case(s) || m.zh() == s)
    }

    /// The hours a mark credits by default: the session's for 参训, none
    /// otherwise.
    pub fn default_hours(self, session_hours: u32) -> u32 {
        match self {
            Mark::Attended => session_hours,
            Mark::Leave | Mark::Absent => 0,
        }
    }
}

/// What is wrong with a session or a mark: a kind plus values (words in
/// `crate::i18n::training`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingError {
    EmptyTitle,
    TextTooLong {
        field: &'static str,
        max: usize,
    },
    /// The end is before the start.
    Dates {
        from: NaiveDate,
        to: NaiveDate,
    },
    TooLong {
        days: i64,
        max: i64,
    },
    TooManyHours {
        hours: u32,
        max: u32,
    },
    /// Hours credited above the session's.
    CreditAbove {
        hours: u32,
        session: u32,
    },
    /// A village (or the province) does not run sessions.
    NotARunningLevel(String),
    NoSession(i64),
    /// The cadre has no posting under the session's division on its days.
    NotOnRoster {
        cadre: String,
    },
    /// Somebody changed the session meanwhile (by, at).
    ChangedMeanwhile {
        by: String,
        at: String,
    },
}

/// A session as typed, checked.
pub fn check_session(
    title: &str,
    from: NaiveDate,
    to: NaiveDate,
    hours: u32,
    texts: &[(&'static str, &str)],
) -> Result<(), TrainingError> {
    if title.trim().is_empty() {
        return Err(TrainingError::EmptyTitle);
    }
    for (field, t) in texts.iter().chain(std::iter::once(&("title", title))) {
        if t.chars().count() > TEXT_MAX_CHARS {
            return Err(TrainingError::TextTooLong {
                field,
                max: TEXT_MAX_CHARS,
            });
        }
    }
    if to < from {
        return Err(TrainingError::Dates { from, to });
    }
    let days = (to - from).num_days() + 1;
    if days > MAX_SESSION_DAYS {
        return Err(TrainingError::TooLong {
            days,
            max: MAX_SESSION_DAYS,
        });
    }
    if hours > MAX_SESSION_HOURS {
        return Err(TrainingError::TooManyHours {
            hours,
            max: MAX_SESSION_HOURS,
        });
    }
    Ok(())
}

/// The days of a session, first to last.
pub fn session_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

/// Who wrote a grid cell (the `attendance.source` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellSource {
    Grid,
    Import,
    Leave,
    Training,
}

impl CellSource {
    pub fn key(self) -> &'static str {
        match self {
            CellSource::Grid => "grid",
            CellSource::Import => "import",
            CellSource::Leave => "leave",
            CellSource::Training => "training",
        }
    }

    pub fn from_key(s: &str) -> Option<CellSource> {
        [
            CellSource::Grid,
            CellSource::Import,
            CellSource::Leave,
            CellSource::Training,
        ]
        .into_iter()
        .find(|c| c.key() == s)
    }
}

/// One cell of the grid as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub code: DayCode,
    pub source: CellSource,
    pub reference: Option<i64>,
}

/// What a session does to one cadre's days (see [`grid_plan`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridPlan {
    /// Days to write as 培训 (source training, ref the session).
    pub write: Vec<NaiveDate>,
    /// Of those, the cells they replace (to put back later).
    pub displaced: Vec<(NaiveDate, Cell)>,
    /// Days another record holds: left as they are, shown as a conflict.
    pub conflicts: Vec<(NaiveDate, Cell)>,
}

/// Whether a session's 培训 day may replace a cell: only a 在村 the
/// township typed or imported (the cadre was away at the session, which
/// still counts as in the village). A leave, a reported duty trip, a rest,
/// an absence or another session keeps its day, and the mark shows the
/// conflict for a person to settle.
pub fn replaces(cell: &Cell) -> bool {
    cell.code == DayCode::Present && matches!(cell.source, CellSource::Grid | CellSource::Import)
}

/// The grid rows one cadre's mark at a session leads to, given the cells
/// of the session's days as they stand once the session's own earlier rows
/// were taken out (`existing`: one per day, None where empty). Only 参训
/// writes days.
pub fn grid_plan(
    mark: Mark,
    days: &[NaiveDate],
    existing: impl Fn(NaiveDate) -> Option<Cell>,
) -> GridPlan {
    let mut plan = GridPlan::default();
    if mark != Mark::Attended {
        return plan;
    }
    for &d in days {
        match existing(d) {
            None => plan.write.push(d),
            Some(c) if replaces(&c) => {
                plan.write.push(d);
                plan.displaced.push((d, c));
            }
            Some(c) => plan.conflicts.push((d, c)),
        }
    }
    plan
}

/// One attendance at a session, as the yearly figures read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub kind: Kind,
    pub mark: Mark,
    pub hours: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A cadre's training in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct YearTraining {
    /// Hours credited at sessions of the year.
    pub hours: u32,
    /// Sessions attended (参训).
    pub attended: u32,
    pub leave: u32,
    pub absent: u32,
    /// Which of 理论 / 政策 / 实践经验 the cadre attended.
    pub kinds: [bool; 3],
}

impl YearTraining {
    /// From a cadre's attendances (those of sessions starting in `year`).
    pub fn of(year: i32, rows: &[Attendance]) -> YearTraining {
        let mut t = YearTraining::default();
        for a in rows.iter().filter(|a| a.from.year() == year) {
            t.hours += a.hours;
            match a.mark {
                Mark::Attended => {
                    t.attended += 1;
                    t.kinds[a.kind.index()] = true;
                }
                Mark::Leave => t.leave += 1,
                Mark::Absent => t.absent += 1,
            }
        }
        t
    }

    /// 未参训: no session attended in the year.
    pub fn untrained(&self) -> bool {
        self.attended == 0
    }

    /// Whether the hours reach the target.
    pub fn meets(&self, target: u32) -> bool {
        self.hours >= target
    }

    /// Hours still short of the target (0 once reached).
    pub fn short_of(&self, target: u32) -> u32 {
        target.saturating_sub(self.hours)
    }

    /// The kinds not yet had.
    pub fn missing_kinds(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| !self.kinds[k.index()])
            .collect()
    }
}

/// A county's training in a year, as counts only (never who, never an
/// order of people): the one figure the prefecture's screens and commands
/// show per county and the one its push sends upward, where the province
/// reads it as pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CountyTraining {
    /// Cadres posted in the county's villages at any time in the year.
    pub cadres: u32,
    /// Hours credited to them at sessions of the year (wherever held).
    pub hours: u32,
    /// Of them, those whose hours reach `target`.
    pub reached: u32,
    /// Of them, those who attended no session of the year (未参训).
    pub untrained: u32,
    /// The yearly target hours the county was read against.
    pub target: u32,
}

impl CountyTraining {
    /// From the year's training of each cadre posted in the county (each
    /// once), read against `target` hours.
    pub fn of<'a>(target: u32, cadres: impl IntoIterator<Item = &'a YearTraining>) -> Self {
        let mut c = CountyTraining {
            target,
            ..CountyTraining::default()
        };
        for t in cadres {
            c.cadres += 1;
            c.hours += t.hours;
            c.reached += u32::from(t.meets(target));
            c.untrained += u32::from(t.untrained());
        }
        c
    }
}

/// Whether a session counts as completed for a cadre: the hours credited
/// leave out no more than a seventh of the session's (a leave longer than
/// 1/7 of the hours: 未完成).
pub fn completed(credited: u32, session_hours: u32) -> bool {
    u64::from(credited) * 7 >= u64::from(session_hours) * 6
}

/// A new cadre still untrained: `days` or more days after the posting
/// began on `start`, with no session attended that ended on or after it.
pub fn new_cadre_untrained(
    start: NaiveDate,
    today: NaiveDate,
    days: u32,
    attended: &[Attendance],
) -> bool {
    let due = start + chrono::Days::new(u64::from(days));
    today >= due
        && !attended
            .iter()
            .any(|a| a.mark == Mark::Attended && a.to >= start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn att(kind: Kind, mark: Mark, hours: u32, from: &str) -> Attendance {
        Attendance {
            kind,
            mark,
            hours,
            from: d(from),
            to: d(from),
        }
    }

    #[test]
    fn words_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_key(k.key()), Some(k));
            assert_eq!(Kind::parse(k.zh()), Some(k));
        }
        for m in Mark::ALL {
            assert_eq!(Mark::from_key(m.key()), Some(m));
            assert_eq!(Mark::parse(m.zh()), Some(m));
        }
        for l in SessionLevel::ALL {
            assert_eq!(SessionLevel::from_key(l.key()), Some(l));
        }
        assert_eq!(Kind::parse("实践"), Some(Kind::Practice));
        assert_eq!(Mark::parse(" 缺席 "), Some(Mark::Absent));
        assert_eq!(Mark::parse("迟到"), None);
        assert_eq!(SessionLevel::of(Level::Village), None);
    }

    #[test]
    fn a_county_counts_its_cadres_hours_target_and_untrained() {
        let year = |rows: &[Attendance]| YearTraining::of(2026, rows);
        let cadres = [
            year(&[
                att(Kind::Theory, Mark::Attended, 60, "2026-03-02"),
                att(Kind::Policy, Mark::Attended, 30, "2026-06-01"),
            ]),
            // Partial credit at a session left on leave: hours, yet 未参训.
            year(&[att(Kind::Practice, Mark::Leave, 8, "2026-04-01")]),
            // Last year's session counts in last year only.
            year(&[att(Kind::Theory, Mark::Attended, 90, "2025-12-01")]),
            year(&[att(Kind::Theory, Mark::Attended, 89, "2026-12-31")]),
        ];
        let c = CountyTraining::of(90, &cadres);
        assert_eq!(
            c,
            CountyTraining {
                cadres: 4,
                hours: 90 + 8 + 89,
                reached: 1,
                untrained: 2,
                target: 90,
            }
        );
        assert_eq!(CountyTraining::of(89, &cadres).reached, 2);
        assert_eq!(
            CountyTraining::of(90, &[]),
            CountyTraining {
                target: 90,
                ..CountyTraining::default()
            }
        );
    }

    #[test]
    fn hours_and_kinds_of_a_year() {
        let rows = [
            att(Kind::Theory, Mark::Attended, 24, "2026-05-06"),
            att(Kind::Policy, Mark::Attended, 16, "2026-05-08"),
            att(Kind::Practice, Mark::Leave, 0, "2026-05-10"),
            att(Kind::Practice, Mark::Attended, 30, "2025-11-01"),
        ];
        let t = YearTraining::of(2026, &rows);
        assert_eq!(t.hours, 40);
        assert_eq!((t.attended, t.leave, t.absent), (2, 1, 0));
        assert_eq!(t.kinds, [true, true, false]);
        assert_eq!(t.missing_kinds(), vec![Kind::Practice]);
        assert!(!t.meets(DEFAULT_TARGET_HOURS));
        assert_eq!(t.short_of(DEFAULT_TARGET_HOURS), 50);
        assert!(!t.untrained());
        assert!(t.meets(40));
    }

    #[test]
    fn untrained_means_no_session_attended() {
        let rows = [
            att(Kind::Theory, Mark::Leave, 0, "2026-05-06"),
            att(Kind::Policy, Mark::Absent, 0, "2026-05-08"),
        ];
        assert!(YearTraining::of(2026, &rows).untrained());
        assert!(YearTraining::of(2026, &[]).untrained());
    }

    #[test]
    fn new_cadre_untrained_after_n_days() {
        let start = d("2026-04-01");
        // Not yet due on day 29.
        assert!(!new_cadre_untrained(start, d("2026-04-30"), 30, &[]));
        assert!(new_cadre_untrained(start, d("2026-05-01"), 30, &[]));
        // A session before the posting began does not count.
        let before = [att(Kind::Theory, Mark::Attended, 8, "2026-03-20")];
        assert!(new_cadre_untrained(start, d("2026-05-01"), 30, &before));
        let after = [att(Kind::Theory, Mark::Attended, 8, "2026-04-10")];
        assert!(!new_cadre_untrained(start, d("2026-05-01"), 30, &after));
        let leave = [att(Kind::Theory, Mark::Leave, 0, "2026-04-10")];
        assert!(new_cadre_untrained(start, d("2026-05-01"), 30, &leave));
    }

    #[test]
    fn a_seventh_of_the_hours_missed_is_still_completed() {
        assert!(completed(42, 42));
        assert!(completed(36, 42));
        assert!(!completed(35, 42));
        assert!(completed(0, 0));
    }

    #[test]
    fn checks_of_a_session() {
        let ok = check_session("培训", d("2026-05-06"), d("2026-05-11"), 48, &[]);
        assert_eq!(ok, Ok(()));
        assert_eq!(
            check_session(" ", d("2026-05-06"), d("2026-05-06"), 8, &[]),
            Err(TrainingError::EmptyTitle)
        );
        assert!(matches!(
            check_session("t", d("2026-05-06"), d("2026-05-05"), 8, &[]),
            Err(TrainingError::Dates { .. })
        ));
        assert!(matches!(
            check_session("t", d("2026-05-01"), d("2026-06-30"), 8, &[]),
            Err(TrainingError::TooLong { days: 61, .. })
        ));
        assert!(matches!(
            check_session("t", d("2026-05-01"), d("2026-05-01"), 401, &[]),
            Err(TrainingError::TooManyHours { .. })
        ));
        let long = "长".repeat(201);
        assert!(matches!(
            check_session(
                "t",
                d("2026-05-01"),
                d("2026-05-01"),
                1,
                &[("venue", &long)]
            ),
            Err(TrainingError::TextTooLong { field: "venue", .. })
        ));
    }

    fn cell(code: DayCode, source: CellSource) -> Cell {
        Cell {
            code,
            source,
            reference: None,
        }
    }

    #[test]
    fn training_days_fill_the_grid() {
        let days = session_days(d("2026-05-06"), d("2026-05-11"));
        assert_eq!(days.len(), 6);
        // 7th: typed 在村 (replaced, kept to put back); 8th: approved leave
        // (kept, a conflict); 9th: a reported duty trip (kept); the rest empty.
        let existing = |day: NaiveDate| match day.day() {
            7 => Some(cell(DayCode::Present, CellSource::Grid)),
            8 => Some(Cell {
                code: DayCode::PersonalLeave,
                source: CellSource::Leave,
                reference: Some(4),
            }),
            9 => Some(cell(DayCode::DutyOut, CellSource::Grid)),
            _ => None,
        };
        let plan = grid_plan(Mark::Attended, &days, existing);
        assert_eq!(
            plan.write,
            vec![
                d("2026-05-06"),
                d("2026-05-07"),
                d("2026-05-10"),
                d("2026-05-11")
            ]
        );
        assert_eq!(
            plan.displaced,
            vec![(d("2026-05-07"), cell(DayCode::Present, CellSource::Grid))]
        );
        assert_eq!(
            plan.conflicts.iter().map(|c| c.0).collect::<Vec<_>>(),
            vec![d("2026-05-08"), d("2026-05-09")]
        );
        // Leave or absent at the session: no day written.
        assert_eq!(grid_plan(Mark::Leave, &days, existing), GridPlan::default());
        assert_eq!(
            grid_plan(Mark::Absent, &days, existing),
            GridPlan::default()
        );
    }

    #[test]
    fn an_edited_session_changes_the_grid_back() {
        // The grid as a map; apply a session, then move its dates: the old
        // days are taken out (and the displaced 在村 put back) before the
        // new days are planned, as the store does in one transaction.
        use std::collections::BTreeMap;
        let mut grid: BTreeMap<NaiveDate, Cell> = BTreeMap::new();
        grid.insert(d("2026-05-07"), cell(DayCode::Present, CellSource::Grid));
        let apply = |grid: &mut BTreeMap<NaiveDate, Cell>, from: &str, to: &str| {
            let days = session_days(d(from), d(to));
            let snapshot = grid.clone();
            let plan = grid_plan(Mark::Attended, &days, |day| snapshot.get(&day).copied());
            for day in &plan.write {
                grid.insert(
                    *day,
                    Cell {
                        code: DayCode::Training,
                        source: CellSource::Training,
                        reference: Some(1),
                    },
                );
            }
            plan.displaced
        };
        let take_out = |grid: &mut BTreeMap<NaiveDate, Cell>, displaced: &[(NaiveDate, Cell)]| {
            grid.retain(|_, c| c.source != CellSource::Training || c.reference != Some(1));
            for (day, c) in displaced {
                grid.insert(*day, *c);
            }
        };
        let before = grid.clone();
        let displaced = apply(&mut grid, "2026-05-06", "2026-05-08");
        assert_eq!(grid.len(), 3);
        assert_eq!(grid[&d("2026-05-07")].code, DayCode::Training);
        // Edited to 10-11 May: the 6th-8th are as before, the 10th-11th 培训.
        take_out(&mut grid, &displaced);
        assert_eq!(grid, before);
        apply(&mut grid, "2026-05-10", "2026-05-11");
        assert_eq!(
            grid.keys().copied().collect::<Vec<_>>(),
            vec![d("2026-05-07"), d("2026-05-10"), d("2026-05-11")]
        );
        assert_eq!(grid[&d("2026-05-07")].code, DayCode::Present);
        assert_eq!(grid[&d("2026-05-10")].code, DayCode::Training);
    }
}
