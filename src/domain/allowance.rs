//! The allowances (三子激励, 激): the living allowance per day in the village,
//! the paid round trips of a month, the insurance in force, and the
//! dispatching unit's 驻村补助发放表 that follows from them.
//!
//! Everything here is derived from what was entered once: the days in the
//! village come from the attendance grid through
//! [`crate::domain::attendance`] (the one definition), the amounts from the
//! rates in force on each day. Money is kept as integer fen, so a
//! statement's totals add up to the cent.
//!
//! Choices (DOMAIN-PILLARS D, marked [P] there):
//! - A day on the road home is not a day in the village in the grid (the
//!   township codes it 轮休 or 事假), so a trip never pays a day twice and
//!   nothing is deducted from the living allowance for it.
//! - Of a month's trips, the first N by date are paid (N = the rate in
//!   force on the first day of the month); later ones are flagged, not
//!   paid, and not carried over to the next month.
//! - A day of a posting is insured when a policy of at least the required
//!   cover (the rate in force that day) covers it.

use super::attendance::DayCode;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

/// An amount of money in fen (分): 100 fen = 1 yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash, Serialize)]
pub struct Fen(pub i64);

impl Fen {
    /// From a yuan figure as typed ("60", "60.5", "1,000,000.00").
    pub fn parse_yuan(s: &str) -> Option<Fen> {
        let s: String = s
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        let s = s.strip_suffix('元').unwrap_or(&s);
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
        {
            return None;
        }
        let w: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let f: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        let v = w.checked_mul(100)?.checked_add(f)?;
        Some(Fen(if neg { -v } else { v }))
    }

    /// The yuan figure with two decimals, as the statement shows it.
    pub fn yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.yuan())
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(it: I) -> Fen {
        Fen(it.map(|f| f.0).sum())
    }
}

/// What a rate sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    /// 生活补助 per day in the village, in fen (6000 = 60 yuan).
    LivingPerDay,
    /// 每月可报销往返次数.
    TripsPerMonth,
    /// 保险保额 required, in fen (100000000 = 1,000,000 yuan).
    InsuranceCover,
}

impl RateKind {
    pub const ALL: [RateKind; 3] = [
        RateKind::LivingPerDay,
        RateKind::TripsPerMonth,
        RateKind::InsuranceCover,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RateKind::LivingPerDay => "living_per_day",
            RateKind::TripsPerMonth => "trips_per_month",
            RateKind::InsuranceCover => "insurance_cover",
        }
    }

    pub fn from_key(s: &str) -> Option<RateKind> {
        RateKind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// Whether the value is money (fen) rather than a count.
    pub fn is_money(self) -> bool {
        !matches!(self, RateKind::TripsPerMonth)
    }

    pub fn zh(self) -> &'static str {
        match self {
            RateKind::LivingPerDay => "生活补助（元/天）",
            RateKind::TripsPerMonth => "每月往返次数",
            RateKind::InsuranceCover => "保险保额（元）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            RateKind::LivingPerDay => "living allowance (yuan/day)",
            RateKind::TripsPerMonth => "paid round trips a month",
            RateKind::InsuranceCover => "insurance cover (yuan)",
        }
    }

    /// The value as a person reads it (yuan for money, a count otherwise).
    pub fn show(self, value: i64) -> String {
        if self.is_money() {
            Fen(value).yuan()
        } else {
            value.to_string()
        }
    }
}

/// One version of a rate: `value` from `from` onward, until the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub kind: RateKind,
    pub from: NaiveDate,
    pub value: i64,
}

/// The rates of an installation, versioned by effective date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rates {
    rates: Vec<Rate>,
}

impl Rates {
    pub fn new(mut rates: Vec<Rate>) -> Rates {
        rates.sort_by_key(|r| (r.kind, r.from));
        Rates { rates }
    }

    /// The rates of the seed (60 yuan a day, 2 round trips, 1,000,000 yuan
    /// cover) from `from` onward.
    pub fn seed(from: NaiveDate) -> Rates {
        Rates::new(vec![
            Rate {
                kind: RateKind::LivingPerDay,
                from,
                value: 6000,
            },
            Rate {
                kind: RateKind::TripsPerMonth,
                from,
                value: 2,
            },
            Rate {
                kind: RateKind::InsuranceCover,
                from,
                value: 100_000_000,
            },
        ])
    }

    /// The value in force on `day`: the latest version from on or before it.
    pub fn on(&self, kind: RateKind, day: NaiveDate) -> Option<i64> {
        self.rates
            .iter()
            .filter(|r| r.kind == kind && r.from <= day)
            .max_by_key(|r| r.from)
            .map(|r| r.value)
    }

    pub fn all(&self) -> &[Rate] {
        &self.rates
    }
}

/// A round trip home (往返) a cadre claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trip {
    pub id: i64,
    pub on: NaiveDate,
    pub route: String,
    pub amount: Fen,
}

/// An insurance policy of a cadre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub id: i64,
    pub number: String,
    pub insurer: String,
    pub cover: Fen,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Policy {
    /// Whether this policy covers `day` with at least `required`.
    pub fn covers(&self, day: NaiveDate, required: Fen) -> bool {
        self.start <= day && day <= self.end && self.cover >= required
    }
}

/// What one cadre's month is computed from.
#[derive(Debug, Clone, Default)]
pub struct CadreMonth {
    /// The grid's codes of the month (days not entered are absent here).
    pub days: Vec<(NaiveDate, DayCode)>,
    /// The days of the month the cadre was posted (insurance is needed on
    /// these).
    pub posted: Vec<NaiveDate>,
    pub trips: Vec<Trip>,
    pub policies: Vec<Policy>,
}

/// One cadre's line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CadreAllowance {
    pub days_in_village: u32,
    /// The daily rates applied and on how many days each (one entry unless
    /// the rate changed within the month).
    pub daily: Vec<(Fen, u32)>,
    pub living: Fen,
    pub trips_paid: u32,
    pub travel: Fen,
    /// Trips over the month's allowed number: flagged, not paid.
    pub trips_over: Vec<Trip>,
    /// Posted days without a valid policy of the required cover.
    pub uninsured_days: u32,
    pub total: Fen,
}

impl CadreAllowance {
    /// The daily rate shown in one column: the single rate, or the rates
    /// joined when it changed within the month.
    pub fn daily_text(&self) -> String {
        let v: Vec<String> = self.daily.iter().map(|(r, _)| r.yuan()).collect();
        v.join("/")
    }
}

/// The first day of the month `day` lies in.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A cadre's allowance for a month.
pub fn cadre_month(input: &CadreMonth, rates: &Rates, month: NaiveDate) -> CadreAllowance {
    let mut daily: Vec<(Fen, u32)> = Vec::new();
    let mut living = Fen(0);
    let mut days_in_village = 0;
    let mut days: Vec<&(NaiveDate, DayCode)> = input.days.iter().collect();
    days.sort_by_key(|d| d.0);
    for (day, code) in days {
        if !code.in_village() {
            continue;
        }
        days_in_village += 1;
        let rate = Fen(rates.on(RateKind::LivingPerDay, *day).unwrap_or(0));
        living = living + rate;
        match daily.iter_mut().find(|(r, _)| *r == rate) {
            Some(e) => e.1 += 1,
            None => daily.push((rate, 1)),
        }
    }
    let allowed = rates
        .on(RateKind::TripsPerMonth, month_start(month))
        .unwrap_or(0)
        .max(0) as usize;
    let mut trips = input.trips.clone();
    trips.sort_by_key(|t| (t.on, t.id));
    let over = trips.split_off(allowed.min(trips.len()));
    let travel: Fen = trips.iter().map(|t| t.amount).sum();
    let uninsured_days = input
        .posted
        .iter()
        .filter(|d| {
            let required = Fen(rates.on(RateKind::InsuranceCover, **d).unwrap_or(0));
            !input.policies.iter().any(|p| p.covers(**d, required))
        })
        .count() as u32;
    CadreAllowance {
        days_in_village,
        daily,
        living,
        trips_paid: trips.len() as u32,
        travel,
        trips_over: over,
        uninsured_days,
        total: living + travel,
    }
}

/// The policies that end within `within` days after `today` (today
/// included), soonest first: they are due for renewal.
pub fn ending_soon<'a>(
    policies: impl IntoIterator<Item = &'a Policy>,
    today: NaiveDate,
    within: i64,
) -> Vec<&'a Policy> {
    let mut v: Vec<&Policy> = policies
        .into_iter()
        .filter(|p| p.end >= today && (p.end - today).num_days() <= within)
        .collect();
    v.sort_by_key(|p| (p.end, p.id));
    v
}

/// How many days before its end a policy is listed for renewal.
pub const RENEW_WITHIN_DAYS: i64 = 30;

/// The totals row of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub cadres: u32,
    pub days_in_village: u32,
    pub living: Fen,
    pub trips_paid: u32,
    pub travel: Fen,
    pub total: Fen,
    pub flagged: u32,
}

/// The totals of some lines.
pub fn totals<'a>(lines: impl IntoIterator<Item = &'a CadreAllowance>) -> Totals {
    let mut t = Totals::default();
    for l in lines {
        t.cadres += 1;
        t.days_in_village += l.days_in_village;
        t.living = t.living + l.living;
        t.trips_paid += l.trips_paid;
        t.travel = t.travel + l.travel;
        t.total = t.total + l.total;
        if l.uninsured_days > 0 || !l.trips_over.is_empty() {
            t.flagged += 1;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn month_of(code: DayCode, from: &str, n: i64) -> Vec<(NaiveDate, DayCode)> {
        (0..n)
            .map(|i| (d(from) + chrono::Duration::days(i), code))
            .collect()
    }

    fn policy(start: &str, end: &str, cover: i64) -> Policy {
        Policy {
            id: 1,
            number: "P1".into(),
            insurer: "虚构保险".into(),
            cover: Fen(cover),
            start: d(start),
            end: d(end),
        }
    }

    fn trip(id: i64, on: &str, amount: i64) -> Trip {
        Trip {
            id,
            on: d(on),
            route: "都匀—贵阳".into(),
            amount: Fen(amount),
        }
    }

    #[test]
    fn yuan_and_fen() {
        assert_eq!(Fen::parse_yuan("60"), Some(Fen(6000)));
        assert_eq!(Fen::parse_yuan("60.5"), Some(Fen(6050)));
        assert_eq!(Fen::parse_yuan("1,000,000.00"), Some(Fen(100_000_000)));
        assert_eq!(Fen::parse_yuan("0.07元"), Some(Fen(7)));
        assert_eq!(Fen::parse_yuan("60.555"), None);
        assert_eq!(Fen::parse_yuan("六十"), None);
        assert_eq!(Fen::parse_yuan(""), None);
        assert_eq!(Fen(6050).yuan(), "60.50");
        assert_eq!(Fen(-7).yuan(), "-0.07");
    }

    #[test]
    fn living_is_the_rate_of_each_day_in_the_village() {
        let mut days = month_of(DayCode::Present, "2026-03-01", 20);
        days.extend(month_of(DayCode::DutyOut, "2026-03-21", 2));
        days.extend(month_of(DayCode::Training, "2026-03-23", 1));
        days.extend(month_of(DayCode::PersonalLeave, "2026-03-24", 3));
        days.extend(month_of(DayCode::Absent, "2026-03-27", 1));
        let input = CadreMonth {
            days,
            ..Default::default()
        };
        let a = cadre_month(&input, &Rates::seed(d("2020-01-01")), d("2026-03-01"));
        assert_eq!(a.days_in_village, 23);
        assert_eq!(a.living, Fen(23 * 6000));
        assert_eq!(a.daily, vec![(Fen(6000), 23)]);
        assert_eq!(a.total, Fen(138_000));
    }

    #[test]
    fn a_rate_change_in_the_middle_of_a_month() {
        let mut rates = Rates::seed(d("2020-01-01")).all().to_vec();
        rates.push(Rate {
            kind: RateKind::LivingPerDay,
            from: d("2026-03-16"),
            value: 8050,
        });
        let rates = Rates::new(rates);
        let input = CadreMonth {
            days: month_of(DayCode::Present, "2026-03-01", 31),
            ..Default::default()
        };
        let a = cadre_month(&input, &rates, d("2026-03-01"));
        // 15 days at 60.00 and 16 days at 80.50.
        assert_eq!(a.daily, vec![(Fen(6000), 15), (Fen(8050), 16)]);
        assert_eq!(a.living, Fen(15 * 6000 + 16 * 8050));
        assert_eq!(a.living.yuan(), "2188.00");
        assert_eq!(a.daily_text(), "60.00/80.50");
    }

    #[test]
    fn trips_over_the_limit_are_flagged_not_paid() {
        let input = CadreMonth {
            trips: vec![
                trip(3, "2026-03-20", 12_345),
                trip(1, "2026-03-02", 10_000),
                trip(2, "2026-03-09", 10_001),
            ],
            ..Default::default()
        };
        let a = cadre_month(&input, &Rates::seed(d("2020-01-01")), d("2026-03-01"));
        assert_eq!(a.trips_paid, 2);
        assert_eq!(a.travel, Fen(20_001));
        assert_eq!(a.trips_over.len(), 1);
        assert_eq!(a.trips_over[0].id, 3);
        assert_eq!(a.total, Fen(20_001));
    }

    #[test]
    fn a_policy_that_ends_mid_month_leaves_days_uninsured() {
        let posted: Vec<NaiveDate> = month_of(DayCode::Present, "2026-03-01", 31)
            .into_iter()
            .map(|x| x.0)
            .collect();
        let input = CadreMonth {
            posted: posted.clone(),
            policies: vec![policy("2025-03-16", "2026-03-15", 100_000_000)],
            ..Default::default()
        };
        let rates = Rates::seed(d("2020-01-01"));
        assert_eq!(
            cadre_month(&input, &rates, d("2026-03-01")).uninsured_days,
            16
        );
        // A policy under the required cover does not count.
        let low = CadreMonth {
            posted: posted.clone(),
            policies: vec![policy("2026-01-01", "2026-12-31", 50_000_000)],
            ..Default::default()
        };
        assert_eq!(
            cadre_month(&low, &rates, d("2026-03-01")).uninsured_days,
            31
        );
        // Renewal list: ending within 30 days.
        let ps = [
            policy("2025-03-16", "2026-03-15", 100_000_000),
            policy("2025-05-01", "2026-04-30", 100_000_000),
        ];
        let soon = ending_soon(ps.iter(), d("2026-03-01"), RENEW_WITHIN_DAYS);
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].end, d("2026-03-15"));
    }

    #[test]
    fn totals_add_up_to_the_cent() {
        let rates = Rates::seed(d("2020-01-01"));
        let lines: Vec<CadreAllowance> = (0..7)
            .map(|i| {
                cadre_month(
                    &CadreMonth {
                        days: month_of(DayCode::Present, "2026-03-01", 18 + i),
                        trips: vec![trip(i, "2026-03-05", 3333 + i)],
                        ..Default::default()
                    },
                    &rates,
                    d("2026-03-01"),
                )
            })
            .collect();
        let t = totals(&lines);
        assert_eq!(t.cadres, 7);
        assert_eq!(t.total, lines.iter().map(|l| l.total).sum());
        assert_eq!(t.total, Fen(t.living.0 + t.travel.0));
        assert_eq!(t.travel, Fen((0..7).map(|i| 3333 + i).sum()));
    }
}
