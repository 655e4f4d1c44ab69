//! The annual assessment (年度考核) and commendations (表彰), as rules: the
//! grades, the 优秀 quota of a pool, the recalled rule, the attendance
//! suggestion the assessing body weighs, and which commendations put a
//! cadre on the 专项培养方案 list. Every screen, report, import and export
//! uses these, so each figure is defined here once.
//!
//! No ranking of people, no scores, no points: a grade is one of four
//! words, entered by a person; the suggestion is shown, never applied.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One year's grade (等次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优秀
    Excellent,
    /// 称职
    Competent,
    /// 基本称职
    Basic,
    /// 不称职
    Incompetent,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Excellent,
        Grade::Competent,
        Grade::Basic,
        Grade::Incompetent,
    ];

    /// The stored form (the `assessment.grade` column).
    pub fn key(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Competent => "competent",
            Grade::Basic => "basic",
            Grade::Incompetent => "incompetent",
        }
    }

    pub fn from_key(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Competent => "称职",
            Grade::Basic => "基本称职",
            Grade::Incompetent => "不称职",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Competent => "competent",
            Grade::Basic => "basically competent",
            Grade::Incompetent => "incompetent",
        }
    }

    /// A grade from what a sheet or a person typed: the stored key or the
    /// Chinese word.
    pub fn parse(s: &str) -> Option<Grade> {
        let s = s.trim();
        Grade::ALL.into_iter().find(|g| g.key() == s || g.zh() == s)
    }
}

/// The year an assessment made on `today` is about by default: this year
/// from November (the assessment runs at the year's end), else last year.
pub fn assessment_year(today: NaiveDate) -> i32 {
    if today.month() >= 11 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The default of the `excellent_quota_pct` setting: 优秀 for at most 30 %
/// of a pool, rounded down.
pub const DEFAULT_EXCELLENT_QUOTA_PCT: u32 = 30;

/// The most 优秀 grades a pool of `pool` cadres may have at `pct` percent:
/// `floor(pool × pct / 100)`, in integers.
pub fn excellent_quota(pool: u32, pct: u32) -> u32 {
    (u64::from(pool) * u64::from(pct.min(100)) / 100) as u32
}

/// Why a grade was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GradeRefusal {
    /// Another 优秀 would exceed the pool's quota.
    OverQuota {
        /// 优秀 already given in the pool (this cadre's own not counted).
        excellent: u32,
        quota: u32,
        pool: u32,
    },
    /// The cadre was recalled in that year.
    Recalled { year: i32 },
}

/// The pool's counts a grade is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PoolCount {
    /// Cadres in the pool.
    pub pool: u32,
    /// 优秀 given in the pool so far.
    pub excellent: u32,
    /// The quota percentage in force.
    pub pct: u32,
}

impl PoolCount {
    pub fn quota(self) -> u32 {
        excellent_quota(self.pool, self.pct)
    }

    /// 优秀 beyond the quota: 0 unless the percentage was lowered (or the
    /// pool shrank) after they were given.
    pub fn over(self) -> u32 {
        self.excellent.saturating_sub(self.quota())
    }
}

/// Check a grade for a cadre: `current` is the cadre's grade stored now
/// (changing an 优秀 to 优秀 takes no new place), `recalled` whether the
/// cadre was recalled in `year`.
pub fn check_grade(
    grade: Grade,
    current: Option<Grade>,
    counts: PoolCount,
    recalled: bool,
    year: i32,
) -> Result<(), GradeRefusal> {
    if grade != Grade::Excellent {
        return Ok(());
    }
    if recalled {
        return Err(GradeRefusal::Recalled { year });
    }
    let others = if current == Some(Grade::Excellent) {
        counts.excellent.saturating_sub(1)
    } else {
        counts.excellent
    };
    let quota = counts.quota();
    if others + 1 > quota {
        return Err(GradeRefusal::OverQuota {
            excellent: others,
            quota,
            pool: counts.pool,
        });
    }
    Ok(())
}

/// The recall stages after which the cadre has left the village.
pub const LEFT_STAGES: [&str; 3] = ["left", "replaced", "closed"];

/// Whether a cadre counts as recalled in `year`: a posting that ended in
/// that year with the end reason `recalled`, or a recall case at stage
/// left/replaced/closed whose `left_on` is in that year.
pub fn recalled_in(
    year: i32,
    ended_recalled: impl IntoIterator<Item = NaiveDate>,
    cases_left_on: impl IntoIterator<Item = (String, Option<NaiveDate>)>,
) -> bool {
    ended_recalled.into_iter().any(|d| d.year() == year)
        || cases_left_on.into_iter().any(|(stage, left)| {
            LEFT_STAGES.contains(&stage.as_str()) && left.is_some_and(|d| d.year() == year)
        })
}

/// One month of a cadre's year, as the attendance grid has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MonthDays {
    pub month: u32,
    /// Days in the village (domain::attendance::days_in_village).
    pub in_village: u32,
    /// Leave days covered by an approved leave request.
    pub approved_leave: u32,
    /// Days of the month the cadre was posted.
    pub posted: u32,
}

impl MonthDays {
    /// A month under the minimum that approved leave does not explain: its
    /// days in the village plus its approved leave fall short of 20 (or of
    /// the days posted, in a month the posting began or ended).
    pub fn short(self) -> bool {
        let need = super::attendance::MONTH_MIN_DAYS.min(self.posted);
        self.in_village + self.approved_leave < need
    }
}

/// What the attendance suggests for the assessing body to weigh: the
/// months under 20 days without approved leave. Shown beside the grade,
/// never applied.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Suggestion {
    pub short_months: Vec<u32>,
}

impl Suggestion {
    pub fn from_months(months: &[MonthDays]) -> Suggestion {
        Suggestion {
            short_months: months
                .iter()
                .filter(|m| m.short())
                .map(|m| m.month)
                .collect(),
        }
    }

    /// Whether there is anything to weigh.
    pub fn any(&self) -> bool {
        !self.short_months.is_empty()
    }
}

/// 三年两优: 优秀 in at least two of the three years up to `year`.
pub fn two_of_three(year: i32, grades: &[(i32, Grade)]) -> bool {
    grades
        .iter()
        .filter(|(y, g)| *y <= year && *y > year - 3 && *g == Grade::Excellent)
        .count()
        >= 2
}

/// The level of a commendation (表彰级别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommendLevel {
    /// 国家级
    National,
    /// 省级
    Province,
    /// 州级
    Prefecture,
    /// 县级
    County,
    /// 乡镇级
    Township,
}

impl CommendLevel {
    pub const ALL: [CommendLevel; 5] = [
        CommendLevel::National,
        CommendLevel::Province,
        CommendLevel::Prefecture,
        CommendLevel::County,
        CommendLevel::Township,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CommendLevel::National => "national",
            CommendLevel::Province => "province",
            CommendLevel::Prefecture => "prefecture",
            CommendLevel::County => "county",
            CommendLevel::Township => "township",
        }
    }

    pub fn from_key(s: &str) -> Option<CommendLevel> {
        CommendLevel::ALL.into_iter().find(|l| l.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            CommendLevel::National => "国家级",
            CommendLevel::Province => "省级",
            CommendLevel::Prefecture => "州级",
            CommendLevel::County => "县级",
            CommendLevel::Township => "乡镇级",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            CommendLevel::National => "national",
            CommendLevel::Province => "province",
            CommendLevel::Prefecture => "prefecture",
            CommendLevel::County => "county",
            CommendLevel::Township => "township",
        }
    }

    /// A level from the stored key or the Chinese word (州级, 省级 ...).
    pub fn parse(s: &str) -> Option<CommendLevel> {
        let s = s.trim();
        CommendLevel::ALL
            .into_iter()
            .find(|l| l.key() == s || l.zh() == s || l.zh().trim_end_matches('级') == s)
    }

    /// 州级以上 → the cadre is due a 专项培养方案.
    pub fn due_training_plan(self) -> bool {
        self <= CommendLevel::Prefecture
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quota_rounds_down() {
        let q: Vec<u32> = [1, 3, 9, 10, 33]
            .iter()
            .map(|n| excellent_quota(*n, DEFAULT_EXCELLENT_QUOTA_PCT))
            .collect();
        assert_eq!(q, vec![0, 0, 2, 3, 9]);
        assert_eq!(excellent_quota(0, 30), 0);
        assert_eq!(excellent_quota(40, 30), 12);
        assert_eq!(excellent_quota(7, 100), 7);
        assert_eq!(excellent_quota(7, 250), 7);
    }

    #[test]
    fn an_excellent_over_the_quota_is_refused_with_the_counts() {
        let full = PoolCount {
            pool: 10,
            excellent: 3,
            pct: 30,
        };
        assert_eq!(
            check_grade(Grade::Excellent, None, full, false, 2025),
            Err(GradeRefusal::OverQuota {
                excellent: 3,
                quota: 3,
                pool: 10
            })
        );
        // Other grades are never limited.
        assert_eq!(
            check_grade(Grade::Competent, None, full, false, 2025),
            Ok(())
        );
        // Keeping one's own 优秀 takes no new place.
        assert_eq!(
            check_grade(Grade::Excellent, Some(Grade::Excellent), full, false, 2025),
            Ok(())
        );
        let one_left = PoolCount {
            excellent: 2,
            ..full
        };
        assert_eq!(
            check_grade(Grade::Excellent, None, one_left, false, 2025),
            Ok(())
        );
        // A pool of one has no place at 30 %.
        let single = PoolCount {
            pool: 1,
            excellent: 0,
            pct: 30,
        };
        assert!(matches!(
            check_grade(Grade::Excellent, None, single, false, 2025),
            Err(GradeRefusal::OverQuota { quota: 0, .. })
        ));
    }

    #[test]
    fn a_recalled_cadre_cannot_be_excellent() {
        let room = PoolCount {
            pool: 10,
            excellent: 0,
            pct: 30,
        };
        assert_eq!(
            check_grade(Grade::Excellent, None, room, true, 2025),
            Err(GradeRefusal::Recalled { year: 2025 })
        );
        assert_eq!(check_grade(Grade::Basic, None, room, true, 2025), Ok(()));
        let none: [(String, Option<NaiveDate>); 0] = [];
        assert!(recalled_in(2025, [d("2025-06-30")], none.clone()));
        assert!(!recalled_in(2025, [d("2024-06-30")], none));
        assert!(recalled_in(
            2025,
            [],
            [("left".to_string(), Some(d("2025-03-01")))]
        ));
        assert!(recalled_in(
            2025,
            [],
            [("closed".to_string(), Some(d("2025-03-01")))]
        ));
        // A talk (约谈) or a case still being decided is no recall.
        assert!(!recalled_in(
            2025,
            [],
            [("talk".to_string(), Some(d("2025-03-01")))]
        ));
        assert!(!recalled_in(2025, [], [("decided".to_string(), None)]));
        assert!(!recalled_in(
            2025,
            [],
            [("left".to_string(), Some(d("2024-12-31")))]
        ));
    }

    #[test]
    fn the_suggestion_lists_short_months_without_approved_leave() {
        let m = |month, in_village, approved_leave, posted| MonthDays {
            month,
            in_village,
            approved_leave,
            posted,
        };
        let months = [
            m(1, 22, 0, 31),
            // 15 days, 5 of approved leave: explained.
            m(2, 15, 5, 28),
            // 15 days, 2 of leave: short.
            m(3, 15, 2, 31),
            // Posted from the 20th: 12 days is all there was.
            m(4, 11, 0, 11),
            m(5, 19, 0, 31),
        ];
        let s = Suggestion::from_months(&months);
        assert_eq!(s.short_months, vec![3, 5]);
        assert!(s.any());
        assert!(!Suggestion::from_months(&months[..2]).any());
    }

    #[test]
    fn grades_and_levels_parse() {
        for g in Grade::ALL {
            assert_eq!(Grade::parse(g.zh()), Some(g));
            assert_eq!(Grade::from_key(g.key()), Some(g));
        }
        assert_eq!(Grade::parse("良好"), None);
        for l in CommendLevel::ALL {
            assert_eq!(CommendLevel::parse(l.zh()), Some(l));
            assert_eq!(CommendLevel::parse(l.key()), Some(l));
        }
        assert_eq!(CommendLevel::parse("州"), Some(CommendLevel::Prefecture));
    }

    #[test]
    fn prefecture_or_above_is_due_a_training_plan() {
        assert!(CommendLevel::National.due_training_plan());
        assert!(CommendLevel::Province.due_training_plan());
        assert!(CommendLevel::Prefecture.due_training_plan());
        assert!(!CommendLevel::County.due_training_plan());
        assert!(!CommendLevel::Township.due_training_plan());
    }

    #[test]
    fn two_excellent_years_of_three() {
        use Grade::*;
        assert!(two_of_three(2025, &[(2023, Excellent), (2025, Excellent)]));
        assert!(!two_of_three(2025, &[(2022, Excellent), (2025, Excellent)]));
        assert!(!two_of_three(2025, &[(2024, Competent), (2025, Excellent)]));
    }
}
