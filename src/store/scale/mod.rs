//! Synthetic databases at prefecture, province and national scale, for the
//! benchmarks in `benches/store.rs`. Tests use only a tiny scale; national
//! scale is generated only when a benchmark run asks for it.
//!
//! What a generated file holds: the schema and the built-in duty catalogue
//! (made by [`Store::create`]), divisions with valid statistical codes
//! (province → prefecture → county → township → village, with the village
//! counts the store keeps), completion rows for `months` monthly periods up
//! to [`today`] and the quarters and years those months touch, and rollup
//! rows consistent with them.
//!
//! How it stays fast: one transaction on a connection of its own (rollback
//! journal and `synchronous=OFF` while loading a fresh file, WAL again at
//! the end), prepared statements, rows inserted in primary-key order, and
//! rollups computed at the end from the stored rows with one aggregate
//! `INSERT ... SELECT` per level and province, instead of the per-row deltas
//! [`Store::record`] applies. The test `aggregate_equals_per_row_deltas`
//! replays a tiny generated set through `Store::record` and checks that both
//! give the same divisions and rollups.

use crate::domain::{Catalogue, DivisionCode, Period, PeriodKind, Status, VillageType, text};
use crate::store::{Result, Store, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The pinned "today" of every generated database.
#[allow(clippy::expect_used)] // a fixed, valid date
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date")
}

/// Which tasks get completion rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSet {
    /// All tasks of the catalogue.
    All,
    /// Only tasks recorded per month (monthly and ongoing): a smaller file.
    MonthKind,
}

/// The shape of a generated database. Villages are spread evenly over the
/// townships (the first ones get one more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub name: &'static str,
    pub provinces: u32,
    /// Per province (at most 99).
    pub prefectures: u32,
    /// Per prefecture (at most 79: county parts 21-99).
    pub counties: u32,
    /// Per county (at most 999).
    pub townships: u32,
    /// In all (at most 199 per township).
    pub villages: u32,
    /// Monthly periods of completion history, ending with today's month.
    pub months: u32,
    pub tasks: TaskSet,
}

impl Scale {
    /// One prefecture the size of 黔南州: 12 counties, 108 townships.
    pub const PREFECTURE: Scale = Scale {
        name: "prefecture",
        provinces: 1,
        prefectures: 1,
        counties: 12,
        townships: 9,
        villages: 1_319,
        months: 12,
        tasks: TaskSet::All,
    };
    /// One province the size of Guizhou: 9 prefectures, 90 counties, 1,440 townships.
    pub const PROVINCE: Scale = Scale {
        name: "province",
        provinces: 1,
        prefectures: 9,
        counties: 10,
        townships: 16,
        villages: 15_000,
        months: 12,
        tasks: TaskSet::All,
    };
    /// China: 31 provinces, 341 prefectures, 3,069 counties, 42,966 townships.
    pub const NATIONAL: Scale = Scale {
        name: "national",
        provinces: 31,
        prefectures: 11,
        counties: 9,
        townships: 14,
        villages: 490_000,
        months: 12,
        tasks: TaskSet::All,
    };

    pub fn by_name(name: &str) -> Option<Scale> {
        [Scale::PREFECTURE, Scale::PROVINCE, Scale::NATIONAL]
            .into_iter()
            .find(|s| s.name == name)
    }

    pub fn township_count(&self) -> u32 {
        self.provinces * self.prefectures * self.counties * self.townships
    }

    /// Stored in the file's meta table: a file is reused only when it matches.
    pub fn describe(&self) -> String {
        format!(
            "scale v2 {} {}x{}x{}x{} villages={} months={} tasks={:?} today={}",
            self.name,
            self.provinces,
            self.prefectures,
            self.counties,
            self.townships,
            self.villages,
            self.months,
            self.tasks,
            today()
        )
    }

    fn validate(&self) -> Result<()> {
        let t = self.township_count();
        let ok = (1..=PROVINCES.len() as u32).contains(&self.provinces)
            && (1..=99).contains(&self.prefectures)
            && (1..=79).contains(&self.counties)
            && (1..=999).contains(&self.townships)
            && self.villages >= t
            && self.villages.div_ceil(t) <= 199
            && (1..=120).contains(&self.months);
        if ok {
            Ok(())
        } else {
            Err(StoreError::invalid(
                format!("scale {}", self.name),
                "the shape does not fit statistical division codes",
            ))
        }
    }
}

/// Province parts of real statistical codes; Guizhou (52) first, so a
/// one-province scale is Guizhou.
const PROVINCES: [u32; 31] = [
    52, 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
    53, 54, 61, 62, 63, 64, 65,
];

/// What a generated file holds and what it cost.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// The whole generation, from creating the file to the last commit.
    pub seconds: f64,
    /// Inserting the completion rows.
    pub completion_seconds: f64,
    /// The aggregate rollup statements.
    pub rollup_seconds: f64,
    pub divisions: u64,
    pub villages: u64,
    pub completions: u64,
    pub rollups: u64,
}

/// Bytes on disk of a database file with its WAL.
pub fn file_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

fn remove_db(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| StoreError::NotWritable {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// The database for `scale` under `dir` (`<dir>/<name>.db`): reused when a
/// complete file of the same shape is there, else (re)generated. Returns the
/// path, its stats, and whether it was generated now.
pub fn ensure(dir: &Path, scale: &Scale) -> Result<(PathBuf, Stats, bool)> {
    let path = dir.join(format!("{}.db", scale.name));
    if let Some(stats) = existing(&path, scale) {
        return Ok((path, stats, false));
    }
    remove_db(&path)?;
    let stats = generate(&path, scale)?;
    Ok((path, stats, true))
}

/// The stats of a complete generated file of this shape, if `path` is one.
fn existing(path: &Path, scale: &Scale) -> Option<Stats> {
    if !path.exists() {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let get = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    };
    if get("scale")? != scale.describe() {
        return None;
    }
    serde_json::from_str(&get("scale_stats")?).ok()
}

/// Generate a new database for `scale` at `path` (which must not exist).
pub fn generate(path: &Path, scale: &Scale) -> Result<Stats> {
    scale.validate()?;
    let started = Instant::now();
    let catalogue = Catalogue::builtin();
    drop(Store::create(path, &catalogue, today())?);
    let result = (|| {
        let mut conn = Connection::open(path)?;
        // A fresh file: the rollback journal holds only the few pages that
        // exist already, where a WAL would hold a copy of the whole database.
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -262_144)?;
        let mut stats = Stats::default();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let villages = divisions(&tx, scale, &mut stats)?;
        let t = Instant::now();
        completions(&tx, scale, &catalogue, &villages, &mut stats)?;
        // Tracked from the first generated month, so its history is due.
        if let Some(first) = periods(scale)[0].first() {
            crate::store::settings::put_tracking_start(&tx, first.first_day())?;
        }
        stats.completion_seconds = t.elapsed().as_secs_f64();
        drop(villages);
        let t = Instant::now();
        stats.rollups = aggregate_rollups(&tx, scale)?;
        stats.rollup_seconds = t.elapsed().as_secs_f64();
        stats.seconds = started.elapsed().as_secs_f64();
        let json = serde_json::to_string(&stats)
            .map_err(|e| StoreError::invalid("scale stats", e.to_string()))?;
        let mut meta = tx.prepare(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?;
        meta.execute(("scale", scale.describe()))?;
        meta.execute(("scale_stats", json))?;
        drop(meta);
        tx.commit()?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(stats)
    })();
    if result.is_err() {
        let _ = remove_db(path);
    }
    result
}

fn code(s: String) -> Result<DivisionCode> {
    DivisionCode::parse(&s).map_err(|e| StoreError::invalid("generated division", e.to_string()))
}

/// A deterministic hash (SplitMix64's finaliser): the same file on every run.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Uniform in [0, 1) from a hash.
fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Insert every division in code order; returns the village codes in order.
fn divisions(tx: &Transaction, scale: &Scale, stats: &mut Stats) -> Result<Vec<DivisionCode>> {
    let towns = scale.township_count();
    let base = scale.villages / towns;
    let extra = scale.villages % towns;
    let in_town = |t: u32| base + (t < extra) as u32;
    let mut st = tx.prepare(
        "INSERT INTO division(code, name, level, parent, types, initials, villages, pinyin, pinyin_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut add = |c: &DivisionCode, name: String, types: String, villages: u32| -> Result<()> {
        let parent = c.parent();
        st.execute((
            c.as_str(),
            &name,
            c.level().as_i64(),
            parent.as_ref().map(|p| p.as_str()),
            types,
            text::initials(&name),
            villages,
            crate::domain::pinyin::readings(&name),
            crate::domain::pinyin::sort_key(&name),
        ))?;
        stats.divisions += 1;
        Ok(())
    };
    let per_province = scale.prefectures * scale.counties * scale.townships;
    let per_prefecture = scale.counties * scale.townships;
    let sum_towns = |first: u32, n: u32| (first..first + n).map(in_town).sum::<u32>();
    let mut out = Vec::with_capacity(scale.villages as usize);
    let mut t = 0u32; // township index over the whole scale
    for (pi, pp) in PROVINCES[..scale.provinces as usize].iter().enumerate() {
        let pc = code(format!("{pp}0000"))?;
        let first = pi as u32 * per_province;
        add(
            &pc,
            format!("样本{pp}省"),
            String::new(),
            sum_towns(first, per_province),
        )?;
        for f in 1..=scale.prefectures {
            let fc = code(format!("{pp}{f:02}00"))?;
            add(
                &fc,
                format!("样本{pp}{f:02}州"),
                String::new(),
                sum_towns(t, per_prefecture),
            )?;
            for c in 21..21 + scale.counties {
                let cc = code(format!("{pp}{f:02}{c:02}"))?;
                add(
                    &cc,
                    format!("样本{}县", &cc.as_str()[2..]),
                    String::new(),
                    sum_towns(t, scale.townships),
                )?;
                for w in 1..=scale.townships {
                    let wc = code(format!("{cc}{w:03}"))?;
                    let n = in_town(t);
                    add(
                        &wc,
                        format!("样本{}镇", &wc.as_str()[4..]),
                        String::new(),
                        n,
                    )?;
                    // Every third township has one community (001), the rest are villages (201-).
                    let communities = t.is_multiple_of(3) as u32;
                    for i in 0..n {
                        let (num, kind) = if i < communities {
                            (1 + i, "社区")
                        } else {
                            (201 + i - communities, "村")
                        };
                        let vc = code(format!("{wc}{num:03}"))?;
                        let h = mix(u64::from(t) << 16 | u64::from(i));
                        let types = VillageType::ALL
                            .iter()
                            .enumerate()
                            .filter(|(k, _)| ((h >> (8 * k)) & 0xff) < [100, 30, 25, 13, 8][*k])
                            .map(|(_, v)| *v)
                            .collect::<Vec<_>>();
                        add(
                            &vc,
                            format!("样本{}{kind}", &vc.as_str()[6..]),
                            VillageType::encode(&types),
                            1,
                        )?;
                        out.push(vc);
                    }
                    t += 1;
                }
            }
        }
    }
    stats.villages = out.len() as u64;
    Ok(out)
}

/// The periods with completion rows, per kind, in text (= key) order.
fn periods(scale: &Scale) -> [Vec<Period>; 3] {
    let mut m = Period::containing(PeriodKind::Month, today());
    for _ in 1..scale.months {
        m = m.prev();
    }
    let mut out: [Vec<Period>; 3] = Default::default();
    for _ in 0..scale.months {
        for (i, kind) in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year]
            .into_iter()
            .enumerate()
        {
            let p = m.with_kind(kind);
            if !out[i].contains(&p) {
                out[i].push(p);
            }
        }
        m = m.next();
    }
    out
}

const NOTES_DONE: [&str; 4] = ["台账已更新", "已召开并存档", "已走访登记", "已整改完毕"];
const NOTES_DOING: [&str; 3] = ["正在推进", "已部署待落实", "资料整理中"];
const NOTE_NA: &str = "本村无此项工作";

/// A task's number, whether it is yearly, and its periods: key, period and
/// the share of the period elapsed by today.
type TaskPlan = (u32, bool, Vec<(String, Period, f64)>);

/// Completion rows in primary-key order (village, task, period). Progress is
/// uneven: each village has its own diligence, and the current periods are
/// only partly done.
fn completions(
    tx: &Transaction,
    scale: &Scale,
    cat: &Catalogue,
    villages: &[DivisionCode],
    stats: &mut Stats,
) -> Result<()> {
    let today = today();
    let periods = periods(scale);
    let kind_index = |k: PeriodKind| match k {
        PeriodKind::Month => 0,
        PeriodKind::Quarter => 1,
        PeriodKind::Year => 2,
    };
    // Per task: its periods, with the share of each period elapsed by today.
    let tasks: Vec<TaskPlan> = cat
        .tasks
        .iter()
        .filter(|t| scale.tasks == TaskSet::All || t.cadence.period_kind() == PeriodKind::Month)
        .map(|t| {
            let ps = periods[kind_index(t.cadence.period_kind())]
                .iter()
                .map(|p| {
                    let span = (p.due_date() - p.first_day()).num_days() as f64 + 1.0;
                    let done = ((today - p.first_day()).num_days() as f64 + 1.0).clamp(0.0, span);
                    (p.to_string(), *p, done / span)
                })
                .collect();
            (t.number, t.cadence == crate::domain::Cadence::Yearly, ps)
        })
        .collect();
    let mut st = tx.prepare(
        "INSERT INTO completion(village, task, period, status, note, done_on, recorded_by, recorded_at, version, catalogue_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
    )?;
    for (vi, v) in villages.iter().enumerate() {
        let vh = mix(0x0053_4341_4C45 ^ vi as u64);
        let diligence = match vh % 10 {
            0 => 0.45 + 0.2 * unit(mix(vh)),
            1 | 2 => 0.93 + 0.07 * unit(mix(vh)),
            _ => 0.72 + 0.2 * unit(mix(vh)),
        };
        let account = format!("fs{}", &v.as_str()[6..]);
        for (task, yearly, ps) in &tasks {
            for (pi, (key, p, elapsed)) in ps.iter().enumerate() {
                let h = mix(vh ^ (u64::from(*task) << 40) ^ (pi as u64) << 32);
                let roll = unit(h);
                let done_p = diligence * elapsed.powf(0.7) * if *yearly { 0.8 } else { 1.0 };
                let (status, note) = if roll < 0.015 {
                    (Status::Na, NOTE_NA)
                } else if roll < done_p {
                    (
                        Status::Done,
                        NOTES_DONE[(h >> 8) as usize % NOTES_DONE.len()],
                    )
                } else if roll < done_p + 0.15 * (1.0 - elapsed * 0.5) {
                    (
                        Status::Doing,
                        NOTES_DOING[(h >> 8) as usize % NOTES_DOING.len()],
                    )
                } else {
                    continue;
                };
                let last = p.due_date().min(today);
                let span = (last - p.first_day()).num_days() as u64 + 1;
                let day = p.first_day() + Days::new((h >> 16) % span);
                let done_on = (status == Status::Done).then(|| day.to_string());
                let at = format!(
                    "{}-{:02}-{:02}T{:02}:{:02}:00+08:00",
                    day.year(),
                    day.month(),
                    day.day(),
                    9 + (h >> 24) % 10,
                    (h >> 32) % 60
                );
                st.execute((
                    v.as_str(),
                    task,
                    key,
                    status.key(),
                    note,
                    done_on,
                    &account,
                    at,
                    cat.version,
                ))?;
                stats.completions += 1;
            }
        }
    }
    Ok(())
}

/// Rollup rows from the stored completions, per province: villages from
/// completion, then each level from the level below. Returns the rows made.
fn aggregate_rollups(tx: &Transaction, scale: &Scale) -> Result<u64> {
    let mut villages = tx.prepare(
        "INSERT INTO rollup(code, period, done, doing, na)
         SELECT village, period, sum(status = 'done'), sum(status = 'doing'), sum(status = 'na')
         FROM completion WHERE village >= ?1 AND village < ?2 AND status <> 'todo'
         GROUP BY village, period",
    )?;
    let mut up = tx.prepare(
        "INSERT INTO rollup(code, period, done, doing, na)
         SELECT d.parent, r.period, sum(r.done), sum(r.doing), sum(r.na)
         FROM division d JOIN rollup r ON r.code = d.code
         WHERE d.code >= ?1 AND d.code < ?2 AND d.level = ?3
         GROUP BY d.parent, r.period",
    )?;
    let mut rows = 0u64;
    for pp in &PROVINCES[..scale.provinces as usize] {
        let (lo, hi) = (pp.to_string(), (pp + 1).to_string());
        rows += villages.execute((&lo, &hi))? as u64;
        for level in (1..=4i64).rev() {
            rows += up.execute((&lo, &hi, level))? as u64;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests;
