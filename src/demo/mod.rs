//! The demo prefecture: the real counties and townships of 黔南州 with
//! fictional villages, teams, guidance and completion history, generated
//! deterministically from the data under `db/demo/` and a pinned "today".

mod allowance;
mod assessment;
mod attendance;
mod cadres;
mod leave;
mod recall;
mod rng;
mod training;
mod units;

use crate::domain::{
    Cadence, DivisionCode, MemberRole, Period, PeriodKind, Status, UserRole, VillageType,
};
use crate::store::{CompletionWrite, GuidanceInput, Loader, NewMember, Result, Store, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use rng::Rng;
use serde::Deserialize;
use std::collections::HashSet;

const COUNTIES: &str = include_str!("../../db/demo/qiannan-counties.csv");
const TOWNSHIPS: &str = include_str!("../../db/demo/qiannan-townships.csv");
const NAMES: &str = include_str!("../../db/demo/names.toml");
const GUIDANCE: &str = include_str!("../../db/demo/guidance.toml");

pub const PROVINCE: (&str, &str) = ("520000", "贵州省");
pub const PREFECTURE: (&str, &str) = ("522700", "黔南布依族苗族自治州");
/// Villages and communities in the demo, as in Qiannan in 2021.
pub const VILLAGES: usize = 1319;
/// The account shown as issuing prefecture guidance in the demo.
pub const DEMO_ISSUER: &str = "qn_zhucunban";
/// The name shown for [`DEMO_ISSUER`].
pub const DEMO_ISSUER_NAME: &str = "州驻村办";

#[derive(Deserialize)]
struct Names {
    village_first: Vec<String>,
    village_second: Vec<String>,
    community_second: Vec<String>,
    surnames: Vec<String>,
    given: Vec<String>,
    units: Vec<String>,
    county_units: Vec<String>,
    township_units: Vec<String>,
    notes_done: Vec<String>,
    notes_doing: Vec<String>,
}

#[derive(Deserialize)]
struct GuidanceFile {
    quarterly: Vec<GuidanceEntry>,
    monthly: Vec<GuidanceEntry>,
}

#[derive(Deserialize)]
struct GuidanceEntry {
    quarter: Option<u32>,
    month: Option<u32>,
    scope: String,
    title: String,
    body: String,
    tasks: Vec<u32>,
}

/// One generated village, kept for the completion history.
struct Village {
    code: DivisionCode,
    account: String,
    /// How reliably this team gets things done, 0-1.
    diligence: f64,
}

/// A township row from the CSV: (code, name, county code).
fn townships() -> Vec<(String, String, String)> {
    TOWNSHIPS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.trim().split(',').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn counties() -> Vec<(String, String)> {
    COUNTIES
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| l.trim().split_once(','))
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect()
}

fn code(s: &str) -> Result<DivisionCode> {
    DivisionCode::parse(s).map_err(|e| StoreError::invalid("demo data", e.to_string()))
}

/// Load the demo prefecture into an empty store as of `today`.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<()> {
    let names: Names = toml::from_str(NAMES)
        .map_err(|e| StoreError::invalid("db/demo/names.toml", e.to_string()))?;
    let guidance: GuidanceFile = toml::from_str(GUIDANCE)
        .map_err(|e| StoreError::invalid("db/demo/guidance.toml", e.to_string()))?;
    let catalogue = store.catalogue().clone();
    let me = store.actor().account.clone();
    let now = crate::domain::clock::now_stamp(store.zone());
    store.load("demo prefecture", |ld| {
        let mut rng = Rng::new(0x5A48_5543_554E);
        ld.division(&code(PROVINCE.0)?, PROVINCE.1, &[])?;
        ld.division(&code(PREFECTURE.0)?, PREFECTURE.1, &[])?;
        let counties = counties();
        for (c, n) in &counties {
            ld.division(&code(c)?, n, &[])?;
        }
        let towns = townships();
        for (c, n, _) in &towns {
            ld.division(&code(c)?, n, &[])?;
        }
        let villages = villages(ld, &mut rng, &names, &counties, &towns, today)?;
        load_guidance(ld, &guidance, today)?;
        history(ld, &mut rng, &names, &catalogue, &villages, today)?;
        cadres::load(ld, today)?;
        allowance::load(ld, today)?;
        assessment::load(ld, today)?;
        leave::load(ld, today)?;
        training::load(ld, today, &counties, &towns, DEMO_ISSUER, &now)?;
        recall::load(ld, today)?;
        attendance::load(ld, today)?;
        units::load(ld, today)?;
        ld.account_name(DEMO_ISSUER, DEMO_ISSUER_NAME, &me, &now)?;
        // The demo gives its creator the administrator role over the prefecture.
        ld.user(&me, UserRole::Admin, None, &me, &now)?;
        ld.set_meta("demo_today", &today.to_string())?;
        ld.set_tracking_start(history_start(today).first_day())?;
        Ok(())
    })?;
    store.reload_settings()
}

/// A record's time on `day` (Beijing time, as the demo's stamps are): a
/// demo made on the real today never has a record later than now.
fn stamp(day: NaiveDate, hour: u32, minute: u32, now: chrono::NaiveDateTime) -> String {
    let mut t = day.and_hms_opt(hour, minute, 0).unwrap_or(now);
    if t > now {
        t = now;
    }
    format!("{}+08:00", t.format("%Y-%m-%dT%H:%M:00"))
}

/// Now in Beijing time (the demo's stamps are +08:00).
fn beijing_now() -> chrono::NaiveDateTime {
    (chrono::Utc::now() + chrono::Duration::hours(8)).naive_utc()
}

/// The first month of the demo's history: eleven months before today's.
fn history_start(today: NaiveDate) -> Period {
    (0..11).fold(Period::containing(PeriodKind::Month, today), |p, _| {
        p.prev()
    })
}

fn pick<'a>(rng: &mut Rng, v: &'a [String]) -> &'a str {
    &v[rng.below(v.len())]
}

fn person(rng: &mut Rng, names: &Names) -> String {
    let mut s = pick(rng, &names.surnames).to_string();
    s.push_str(pick(rng, &names.given));
    if rng.chance(0.6) {
        s.push_str(pick(rng, &names.given));
    }
    s
}

fn villages(
    ld: &mut Loader,
    rng: &mut Rng,
    names: &Names,
    counties: &[(String, String)],
    towns: &[(String, String, String)],
    today: NaiveDate,
) -> Result<Vec<Village>> {
    let base = VILLAGES / towns.len();
    let extra = VILLAGES % towns.len();
    // Which townships get one more village: spread evenly, deterministic.
    let bigger: HashSet<usize> = (0..extra).map(|i| i * towns.len() / extra.max(1)).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(VILLAGES);
    for (ti, (tcode, tname, ccode)) in towns.iter().enumerate() {
        let county = &counties
            .iter()
            .find(|c| &c.0 == ccode)
            .ok_or_else(|| {
                StoreError::invalid("demo data", format!("no county {ccode} for {tcode}"))
            })?
            .1;
        let n = base + bigger.contains(&ti) as usize;
        let communities = if tname.ends_with("街道") {
            6 + rng.below(4)
        } else if tname.ends_with('镇') {
            rng.below(3)
        } else {
            rng.below(2)
        }
        .min(n);
        for i in 0..n {
            let is_community = i < communities;
            let (num, suffix) = if is_community {
                (1 + i, "社区")
            } else {
                (201 + i - communities, "村")
            };
            let vcode = code(&format!("{tcode}{num:03}"))?;
            let mut name = String::new();
            for attempt in 0..50 {
                let second = if is_community {
                    pick(rng, &names.community_second)
                } else {
                    pick(rng, &names.village_second)
                };
                name = format!("{}{second}{suffix}", pick(rng, &names.village_first));
                if used.insert(name.clone()) || attempt == 49 {
                    break;
                }
            }
            let mut types = Vec::new();
            if is_community && rng.chance(0.7) {
                types.push(VillageType::Relocation);
            }
            if !is_community && rng.chance(0.4) {
                types.push(VillageType::FormerPoor);
            }
            if rng.chance(0.1) {
                types.push(VillageType::Demonstration);
            }
            if rng.chance(0.05) {
                types.push(VillageType::WeakParty);
            }
            if !is_community && rng.chance(0.03) {
                types.push(VillageType::RedPilot);
            }
            ld.division(&vcode, &name, &types)?;
            let account = team(ld, rng, names, &vcode, county, tname, today)?;
            // Uneven progress: most teams steady, some ahead, some behind.
            let diligence = match rng.below(10) {
                0 => 0.45 + 0.2 * rng.unit(),
                1..=2 => 0.93 + 0.07 * rng.unit(),
                _ => 0.72 + 0.2 * rng.unit(),
            };
            out.push(Village {
                code: vcode,
                account,
                diligence,
            });
        }
    }
    Ok(out)
}

/// Add a "1+2+N" team; returns a fictional account name for the team leader.
fn team(
    ld: &mut Loader,
    rng: &mut Rng,
    names: &Names,
    village: &DivisionCode,
    county: &str,
    township: &str,
    today: NaiveDate,
) -> Result<String> {
    let rotation = NaiveDate::from_ymd_opt(today.year() - 1, 6, 1).unwrap_or(today)
        + Days::new(rng.below(30) as u64);
    let county_unit =
        |rng: &mut Rng| format!("{county}{}", &pick(rng, &names.county_units)["县".len()..]);
    let leader = person(rng, names);
    let leader_unit = if rng.chance(0.4) {
        pick(rng, &names.units).to_string()
    } else {
        county_unit(rng)
    };
    let mut add =
        |name: String, role: MemberRole, unit: String, start: NaiveDate, end: Option<NaiveDate>| {
            ld.member(&NewMember {
                village: village.clone(),
                name,
                role,
                unit,
                start,
                end,
            })
        };
    if rng.chance(0.12) {
        // A first secretary rotated out at the last change-over.
        let former = person(rng, names);
        let start = NaiveDate::from_ymd_opt(today.year() - 3, 6, 1).unwrap_or(today);
        add(
            former,
            MemberRole::FirstSecretary,
            county_unit(rng),
            start,
            Some(rotation.pred_opt().unwrap_or(rotation)),
        )?;
    }
    add(
        leader.clone(),
        MemberRole::FirstSecretary,
        leader_unit,
        rotation,
        None,
    )?;
    for _ in 0..2 {
        let n = person(rng, names);
        let u = county_unit(rng);
        add(n, MemberRole::Resident, u, rotation, None)?;
    }
    for _ in 0..1 + rng.below(4) {
        let n = person(rng, names);
        let u = format!(
            "{township}{}",
            &pick(rng, &names.township_units)["镇".len()..]
        );
        add(
            n,
            MemberRole::SentDown,
            u,
            rotation + Days::new(rng.below(60) as u64),
            None,
        )?;
    }
    let account = format!(
        "{}{}",
        crate::domain::text::initials(&leader),
        &village.as_str()[6..]
    );
    // Records by the leader's account show the leader's name.
    ld.account_name(&account, &leader, "demo", &rotation.to_string())?;
    Ok(account)
}

/// The last 4 quarters' guidance points and the last 12 months' prompts.
fn load_guidance(ld: &mut Loader, file: &GuidanceFile, today: NaiveDate) -> Result<()> {
    let scope = |s: &str| {
        if s == "prefecture" {
            code(PREFECTURE.0)
        } else {
            code(s)
        }
    };
    let mut q = Period::containing(PeriodKind::Quarter, today);
    for _ in 0..4 {
        let Period::Quarter { quarter, .. } = q else {
            unreachable!()
        };
        for e in file.quarterly.iter().filter(|e| e.quarter == Some(quarter)) {
            add_guidance(ld, e, q, scope(&e.scope)?)?;
        }
        q = q.prev();
    }
    let mut m = Period::containing(PeriodKind::Month, today);
    for _ in 0..12 {
        let Period::Month { month, .. } = m else {
            unreachable!()
        };
        for e in file.monthly.iter().filter(|e| e.month == Some(month)) {
            add_guidance(ld, e, m, scope(&e.scope)?)?;
        }
        m = m.prev();
    }
    Ok(())
}

fn add_guidance(
    ld: &mut Loader,
    e: &GuidanceEntry,
    period: Period,
    scope: DivisionCode,
) -> Result<()> {
    // Issued a few days before the period starts.
    let issued = period.first_day() - Days::new(3);
    let by = if scope.as_str() == PREFECTURE.0 {
        DEMO_ISSUER.to_string()
    } else {
        format!("zcb{}", scope.as_str())
    };
    let g = GuidanceInput {
        period,
        scope,
        title: e.title.clone(),
        body: e.body.trim().to_string(),
        tasks: e.tasks.clone(),
    };
    ld.guidance(&g, &by, &format!("{issued}T09:00:00+08:00"))?;
    Ok(())
}

fn note_for(rng: &mut Rng, pool: &[String], task: u32) -> String {
    let prefix = format!("{task}|");
    let matching: Vec<&String> = pool.iter().filter(|n| n.starts_with(&prefix)).collect();
    if matching.is_empty() {
        return String::new();
    }
    matching[rng.below(matching.len())][prefix.len()..].to_string()
}

/// Completion records for the last 12 months (and the quarters and years
/// they touch), up to `today`.
fn history(
    ld: &mut Loader,
    rng: &mut Rng,
    names: &Names,
    cat: &crate::domain::Catalogue,
    villages: &[Village],
    today: NaiveDate,
) -> Result<()> {
    let start = history_start(today);
    let now = beijing_now();
    let mut periods: Vec<Period> = Vec::new();
    let mut m = start;
    loop {
        for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let p = m.with_kind(kind);
            if !periods.contains(&p) {
                periods.push(p);
            }
        }
        if m.contains(today) {
            break;
        }
        m = m.next();
    }
    for v in villages {
        for task in &cat.tasks {
            let kind = task.cadence.period_kind();
            for p in periods.iter().filter(|p| p.kind() == kind) {
                // Elapsed share of the period: 1 for past periods.
                let span = (p.due_date() - p.first_day()).num_days() as f64 + 1.0;
                let elapsed =
                    ((today - p.first_day()).num_days() as f64 + 1.0).clamp(0.0, span) / span;
                let eager = if task.cadence == Cadence::Yearly {
                    0.8
                } else {
                    1.0
                };
                let roll = rng.unit();
                let done_p = v.diligence * elapsed.powf(0.7) * eager;
                let status = if roll < 0.015 {
                    Status::Na
                } else if roll < done_p {
                    Status::Done
                } else if roll < done_p + 0.15 * (1.0 - elapsed * 0.5) {
                    Status::Doing
                } else {
                    continue;
                };
                let last = p.due_date().min(today);
                let offset = rng.below(((last - p.first_day()).num_days() + 1) as usize) as u64;
                let day = p.first_day() + Days::new(offset);
                let (note, done_on) = match status {
                    Status::Done => (note_for(rng, &names.notes_done, task.number), Some(day)),
                    Status::Doing => (note_for(rng, &names.notes_doing, task.number), None),
                    _ => ("本村无此项工作".to_string(), None),
                };
                let (hour, minute) = (9 + rng.below(10), rng.below(60));
                let at = stamp(day, hour as u32, minute as u32, now);
                ld.completion(CompletionWrite {
                    village: &v.code,
                    task: task.number,
                    period: *p,
                    status,
                    note,
                    done_on,
                    by: &v.account,
                    at: &at,
                })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::stamp;
    use chrono::NaiveDate;

    #[test]
    fn a_record_is_never_later_than_now() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let now = day.and_hms_opt(9, 45, 30).unwrap();
        // Later today: the time is now's.
        assert_eq!(stamp(day, 18, 31, now), "2026-12-02T09:45:00+08:00");
        // Earlier today, or an earlier day: as generated.
        assert_eq!(stamp(day, 9, 5, now), "2026-12-02T09:05:00+08:00");
        let before = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(stamp(before, 18, 31, now), "2026-11-28T18:31:00+08:00");
    }
}
