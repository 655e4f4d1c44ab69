//! Reporting periods (month, quarter, year) and how a task's cadence maps a
//! date to the period it is due in.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How often a duty task falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Monthly,
    Quarterly,
    Yearly,
    /// Continuous work, reviewed every month: due monthly like a monthly task.
    Ongoing,
}

impl Cadence {
    pub const ALL: [Cadence; 4] = [
        Cadence::Monthly,
        Cadence::Quarterly,
        Cadence::Yearly,
        Cadence::Ongoing,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Yearly => "yearly",
            Cadence::Ongoing => "ongoing",
        }
    }

    pub fn from_key(s: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.key() == s)
    }

    /// The kind of period a task of this cadence is recorded against.
    pub fn period_kind(self) -> PeriodKind {
        match self {
            Cadence::Monthly | Cadence::Ongoing => PeriodKind::Month,
            Cadence::Quarterly => PeriodKind::Quarter,
            Cadence::Yearly => PeriodKind::Year,
        }
    }

    /// The period in which a task of this cadence is due on `date`.
    pub fn period_for(self, date: NaiveDate) -> Period {
        Period::containing(self.period_kind(), date)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// English noun for messages: month, quarter, year.
    pub fn word(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

/// A reporting period. Text forms: `2026-11`, `2026Q4`, `2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("period {0:?} is not a month (2026-11), a quarter (2026Q4) or a year (2026)")]
    Malformed(String),
    #[error("period {0:?}: month {1} does not exist (1-12)")]
    BadMonth(String, u32),
    #[error("period {0:?}: quarter {1} does not exist (Q1-Q4)")]
    BadQuarter(String, u32),
    #[error("period {0:?}: year {1} is outside 2000-2099")]
    BadYear(String, i32),
}

const QUARTER_ZH: [&str; 4] = ["一", "二", "三", "四"];

impl Period {
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let t = s.trim();
        let err = || PeriodError::Malformed(s.to_string());
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        let year = |y: &str| -> Result<i32, PeriodError> {
            if y.len() != 4 || !digits(y) {
                return Err(err());
            }
            let v: i32 = y.parse().map_err(|_| err())?;
            if !(2000..=2099).contains(&v) {
                return Err(PeriodError::BadYear(s.to_string(), v));
            }
            Ok(v)
        };
        if let Some((y, m)) = t.split_once('-') {
            if !digits(m) || m.len() > 2 {
                return Err(err());
            }
            let month: u32 = m.parse().map_err(|_| err())?;
            let year = year(y)?;
            if !(1..=12).contains(&month) {
                return Err(PeriodError::BadMonth(s.to_string(), month));
            }
            return Ok(Period::Month { year, month });
        }
        if let Some((y, q)) = t.split_once(['Q', 'q']) {
            if !digits(q) || q.len() > 1 {
                return Err(err());
            }
            let quarter: u32 = q.parse().map_err(|_| err())?;
            let year = year(y)?;
            if !(1..=4).contains(&quarter) {
                return Err(PeriodError::BadQuarter(s.to_string(), quarter));
            }
            return Ok(Period::Quarter { year, quarter });
        }
        Ok(Period::Year { year: year(t)? })
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year { .. } => PeriodKind::Year,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year { year } => {
                year
            }
        }
    }

    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        let year = date.year();
        match kind {
            PeriodKind::Month => Period::Month {
                year,
                month: date.month(),
            },
            PeriodKind::Quarter => Period::Quarter {
                year,
                quarter: (date.month() - 1) / 3 + 1,
            },
            PeriodKind::Year => Period::Year { year },
        }
    }

    // Every constructor keeps month in 1..=12, quarter in 1..=4 and the year
    // in 1990-2099, so the day exists.
    #[allow(clippy::expect_used)]
    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            Period::Year { year } => (year, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("valid period")
    }

    /// The last day of the period: the due date of a task recorded against it.
    #[allow(clippy::expect_used)] // as first_day
    pub fn due_date(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.due_date()
    }

    /// Whether an unfinished task of this period is overdue on `today`.
    pub fn is_over(self, today: NaiveDate) -> bool {
        today > self.due_date()
    }

    pub fn next(self) -> Period {
        match self {
            Period::Month { year, month: 12 } => Period::Month {
                year: year + 1,
                month: 1,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month + 1,
            },
            Period::Quarter { year, quarter: 4 } => Period::Quarter {
                year: year + 1,
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Year { year } => Period::Year { year: year + 1 },
        }
    }

    pub fn prev(self) -> Period {
        match self {
            Period::Month { year, month: 1 } => Period::Month {
                year: year - 1,
                month: 12,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month - 1,
            },
            Period::Quarter { year, quarter: 1 } => Period::Quarter {
                year: year - 1,
                quarter: 4,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter - 1,
            },
            Period::Year { year } => Period::Year { year: year - 1 },
        }
    }

    /// Every task period that falls inside this one, itself included: a year
    /// holds its 12 months, 4 quarters and itself. A rollup "for a period"
    /// counts every task due within it.
    pub fn sub_periods(self) -> Vec<Period> {
        match self {
            Period::Month { .. } => vec![self],
            Period::Quarter { year, quarter } => {
                let m0 = (quarter - 1) * 3 + 1;
                let mut v: Vec<Period> = (m0..m0 + 3)
                    .map(|month| Period::Month { year, month })
                    .collect();
                v.push(self);
                v
            }
            Period::Year { year } => {
                let mut v: Vec<Period> = (1..=12)
                    .map(|month| Period::Month { year, month })
                    .collect();
                v.extend((1..=4).map(|quarter| Period::Quarter { year, quarter }));
                v.push(self);
                v
            }
        }
    }

    /// The same period at another granularity, containing this one's first day.
    pub fn with_kind(self, kind: PeriodKind) -> Period {
        Period::containing(kind, self.first_day())
    }

    /// Chinese display: `2026年11月`, `2026年第四季度`, `2026年`.
    pub fn zh(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}年{month}月"),
            Period::Quarter { year, quarter } => {
                format!("{year}年第{}季度", QUARTER_ZH[(quarter - 1) as usize])
            }
            Period::Year { year } => format!("{year}年"),
        }
    }

    /// English display: `Nov 2026`, `Q4 2026`, `2026`.
    pub fn en(self) -> String {
        const M: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match self {
            Period::Month { year, month } => format!("{} {year}", M[(month - 1) as usize]),
            Period::Quarter { year, quarter } => format!("Q{quarter} {year}"),
            Period::Year { year } => format!("{year}"),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical storage form: `2026-11`, `2026Q4`, `2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}Q{quarter}"),
            Period::Year { year } => write!(f, "{year}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parse_and_display() {
        for s in ["2026-11", "2026Q4", "2026", "2026-01"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Period::parse("2026-3").unwrap().to_string(), "2026-03");
        assert_eq!(Period::parse("2026-11").unwrap().zh(), "2026年11月");
        assert_eq!(Period::parse("2026Q4").unwrap().zh(), "2026年第四季度");
        assert_eq!(Period::parse("2025Q1").unwrap().zh(), "2025年第一季度");
        assert_eq!(Period::parse("2026").unwrap().zh(), "2026年");
        assert_eq!(Period::parse("2026-11").unwrap().en(), "Nov 2026");
        assert_eq!(Period::parse("2026Q4").unwrap().en(), "Q4 2026");
    }

    #[test]
    fn malformed() {
        assert!(matches!(
            Period::parse("2026-13"),
            Err(PeriodError::BadMonth(_, 13))
        ));
        assert!(matches!(
            Period::parse("2026-00"),
            Err(PeriodError::BadMonth(_, 0))
        ));
        assert!(matches!(
            Period::parse("2026Q5"),
            Err(PeriodError::BadQuarter(_, 5))
        ));
        assert!(matches!(
            Period::parse("1999"),
            Err(PeriodError::BadYear(_, 1999))
        ));
        for s in [
            "", "26-11", "2026-", "2026-1a", "Q4", "2026/11", "twenty", "2026-111", "2026Q",
        ] {
            assert!(Period::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn arithmetic() {
        let p = Period::parse("2026-12").unwrap();
        assert_eq!(p.next().to_string(), "2027-01");
        assert_eq!(p.next().prev(), p);
        assert_eq!(
            Period::parse("2026Q1").unwrap().prev().to_string(),
            "2025Q4"
        );
        assert_eq!(Period::parse("2026").unwrap().next().to_string(), "2027");
    }

    #[test]
    fn due_and_overdue() {
        let feb = Period::parse("2024-02").unwrap();
        assert_eq!(feb.due_date(), d("2024-02-29"));
        let q4 = Cadence::Quarterly.period_for(d("2026-11-28"));
        assert_eq!(q4.to_string(), "2026Q4");
        assert_eq!(q4.due_date(), d("2026-12-31"));
        assert!(!q4.is_over(d("2026-12-31")));
        assert!(q4.is_over(d("2027-01-01")));
        assert_eq!(
            Cadence::Ongoing.period_for(d("2026-11-28")).to_string(),
            "2026-11"
        );
        assert_eq!(
            Cadence::Yearly.period_for(d("2026-11-28")).to_string(),
            "2026"
        );
        assert!(Period::parse("2026-10").unwrap().is_over(d("2026-11-01")));
    }

    #[test]
    fn sub_periods() {
        assert_eq!(Period::parse("2026Q4").unwrap().sub_periods().len(), 4);
        assert_eq!(Period::parse("2026").unwrap().sub_periods().len(), 17);
        assert_eq!(
            Period::parse("2026-11")
                .unwrap()
                .with_kind(PeriodKind::Quarter)
                .to_string(),
            "2026Q4"
        );
    }
}
