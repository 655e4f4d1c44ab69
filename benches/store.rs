//! Store benchmarks on generated databases (`src/store/scale/`): a small timing
//! loop per case that prints the median, the 90th percentile and the count.
//!
//!     cargo bench --bench store                          # prefecture and province
//!     ZHUCUN_BENCH_NATIONAL=1 cargo bench --bench store  # and national (large: see BENCHMARKS.md)
//!     cargo bench --bench store -- province national     # exactly these scales
//!
//! Databases are generated once under `target/bench-data/` (or
//! `$ZHUCUN_BENCH_DATA`) and reused. Timings are with a warm page cache:
//! each case runs once untimed first.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

use std::path::PathBuf;
use std::time::{Duration, Instant};
use zhucun::domain::{DivisionCode, Period, Status};
use zhucun::store::scale::{self, Scale};
use zhucun::store::{RecordInput, Store};

/// Targets (milliseconds) from the issue.
const CHECKLIST_MS: f64 = 1.0;
const RECORD_MS: f64 = 2.0;
const ROLLUP_PROVINCE_MS: f64 = 5.0;
const ROLLUP_NATIONAL_MS: f64 = 50.0;
/// The prefecture's 1+2+N gap report (issue 12).
const GAPS_PREFECTURE_MS: f64 = 50.0;
/// The prefecture's units screen and 工作队 tab (issue 12): opening a screen.
const UNITS_PREFECTURE_MS: f64 = 100.0;
/// A township's attendance grid: open it, save a month (issue 12).
const ATTENDANCE_MS: f64 = 5.0;
/// Training (issue 13): the prefecture's hours list, and rewriting a
/// session's grid days (the prefecture session's ~6,000 marks).
const TRAINING_YEAR_MS: f64 = 200.0;
const TRAINING_EDIT_MS: f64 = 2000.0;
/// Every unit's allowance statement of a month, with the workbook (issue 13).
const ALLOWANCE_PREFECTURE_MS: f64 = 500.0;

fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ZHUCUN_BENCH_DATA") {
        return PathBuf::from(d);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// Scales named on the command line (cargo passes `--bench`: flags are
/// ignored), else prefecture and province, plus national when
/// `ZHUCUN_BENCH_NATIONAL=1`.
fn scales() -> Vec<Scale> {
    let named: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !named.is_empty() {
        return named
            .iter()
            .map(|n| {
                Scale::by_name(n).unwrap_or_else(|| {
                    eprintln!("unknown scale {n:?}: use prefecture, province or national");
                    std::process::exit(2)
                })
            })
            .collect();
    }
    let mut out = vec![Scale::PREFECTURE, Scale::PROVINCE];
    if std::env::var("ZHUCUN_BENCH_NATIONAL").is_ok_and(|v| v == "1") {
        out.push(Scale::NATIONAL);
    }
    out
}

/// One untimed call (when `warmup`), then timed calls until `max` samples
/// or `budget` is spent (at least `min` samples).
fn measure(
    warmup: bool,
    min: usize,
    max: usize,
    budget: Duration,
    mut f: impl FnMut(usize),
) -> Vec<Duration> {
    if warmup {
        f(usize::MAX);
    }
    let started = Instant::now();
    let mut out = Vec::with_capacity(max);
    for i in 0..max {
        if out.len() >= min && started.elapsed() > budget {
            break;
        }
        let t = Instant::now();
        f(i);
        out.push(t.elapsed());
    }
    out
}

/// Record a status change on a spread of villages for the current month;
/// each call really changes the status (done <-> doing), so the rollups of
/// all five levels move and an audit row is appended.
fn record_samples(store: &mut Store, villages: &[DivisionCode], month: Period) -> Vec<Duration> {
    let mut samples = Vec::new();
    let started = Instant::now();
    for i in 0..400 {
        if samples.len() >= 50 && started.elapsed() > Duration::from_secs(10) {
            break;
        }
        let village = pick(villages, i).clone();
        let task = 1 + (i as u32 % 3) * 8; // 1, 9, 17: monthly tasks
        let old = store
            .completion(&village, task, month)
            .expect("read")
            .map(|c| c.status);
        let input = RecordInput {
            village,
            task,
            period: month,
            status: if old == Some(Status::Done) {
                Status::Doing
            } else {
                Status::Done
            },
            note: Some(format!("基准测试 {i}")),
            done_on: None,
            expected_version: None,
        };
        let t = Instant::now();
        store.record(&input).expect("record");
        if i > 0 {
            samples.push(t.elapsed());
        }
    }
    samples
}

/// What one durable commit cannot beat on this disk: 4 KiB written and
/// flushed, appended (`fsync`, as SQLite calls it) and in place (`fdatasync`).
fn fsync_floor(dir: &std::path::Path) {
    use std::io::{Seek, SeekFrom, Write};
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).expect("probe file");
    let page = [7u8; 4096];
    let samples = measure(false, 50, 300, Duration::from_secs(5), |_| {
        f.write_all(&page).expect("write");
        f.sync_all().expect("fsync");
    });
    report("disk", "floor: append 4 KiB + fsync", samples, None);
    let samples = measure(false, 50, 300, Duration::from_secs(5), |i| {
        f.seek(SeekFrom::Start((i % 64) as u64 * 4096))
            .expect("seek");
        f.write_all(&page).expect("write");
        f.sync_data().expect("fdatasync");
    });
    report("disk", "floor: overwrite 4 KiB + fdatasync", samples, None);
    drop(f);
    let _ = std::fs::remove_file(&path);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(scale: &str, case: &str, mut samples: Vec<Duration>, target: Option<f64>) {
    samples.sort();
    let n = samples.len();
    let median = ms(samples[n / 2]);
    let p90 = ms(samples[(n * 9 / 10).min(n - 1)]);
    let (target, ratio) = match target {
        Some(t) => (format!("{t:>7.1}"), format!("{:>6.2}", median / t)),
        None => (format!("{:>7}", "-"), format!("{:>6}", "-")),
    };
    println!("{scale:<10} {case:<44} {n:>5} {median:>10.3} {p90:>10.3} {target} {ratio}");
}

/// A spread of villages, picked deterministically by a multiplicative hash.
fn pick(villages: &[DivisionCode], i: usize) -> &DivisionCode {
    &villages[(i.wrapping_mul(2_654_435_761)) % villages.len()]
}

/// The 1+2+N gap report of the demo prefecture (1,319 villages, its teams,
/// cadres and posting history), built in a temporary directory.
fn gap_report_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let path = dir.path().join("demo.db");
    let mut store =
        Store::create(&path, &zhucun::domain::Catalogue::builtin(), today).expect("create");
    zhucun::demo::load(&mut store, today).expect("demo");
    let scope = code("522700");
    let samples = measure(true, 50, 1000, Duration::from_secs(5), |_| {
        let r = store.gap_report(&scope, today).expect("gap report");
        assert_eq!(r.villages, 1319);
    });
    report(
        "demo",
        "1+2+N gap report, prefecture 522700",
        samples,
        Some(GAPS_PREFECTURE_MS),
    );
}

/// Every dispatching unit's 驻村补助发放表 of 2026-10 for the demo
/// prefecture (7,272 cadres posted that month in 1,598 units, with the
/// demo's trips and policies), from an attendance grid filled for every
/// cadre (31 days, one in twenty a leave day), computed and written as
/// one workbook with a sheet per unit.
fn allowance_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let path = dir.path().join("demo.db");
    let mut store =
        Store::create(&path, &zhucun::domain::Catalogue::builtin(), today).expect("create");
    zhucun::demo::load(&mut store, today).expect("demo");
    store
        .conn()
        .execute_batch(
            "WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < 31)
             INSERT OR IGNORE INTO attendance(cadre, day, code)
             SELECT DISTINCT t.cadre, printf('2026-10-%02d', d.n),
                    CASE WHEN (t.cadre * 31 + d.n) % 20 = 0 THEN 'personal_leave' ELSE 'present' END
             FROM team_member t, d
             WHERE t.cadre IS NOT NULL AND t.start_on <= '2026-10-31'
               AND (t.end_on IS NULL OR t.end_on >= '2026-10-01');",
        )
        .expect("grid");
    let month = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).expect("month");
    let out = dir.path().join("statements.xlsx");
    let lang = zhucun::i18n::Lang::Zh;
    let book = |store: &Store, all: &[zhucun::store::allowance::Statement]| {
        zhucun::transfer::allowance::write(
            store,
            all,
            "allowance/all/2026-10",
            lang,
            &out,
            zhucun::transfer::ExportFormat::Xlsx,
            true,
        )
        .expect("xlsx");
    };
    let samples = measure(true, 10, 50, Duration::from_secs(20), |_| {
        let all = store.allowance_statements(month).expect("statements");
        assert!(!all.is_empty());
    });
    report("demo", "allowance statements, all units", samples, None);
    let mut lines = 0;
    let samples = measure(true, 10, 50, Duration::from_secs(20), |_| {
        let all = store.allowance_statements(month).expect("statements");
        lines = all.iter().map(|s| s.lines.len()).sum();
        book(&store, &all);
    });
    report(
        "demo",
        &format!("allowance statements + xlsx ({lines} lines)"),
        samples,
        Some(ALLOWANCE_PREFECTURE_MS),
    );
    // The workbook alone, from statements computed once.
    let all = store.allowance_statements(month).expect("statements");
    let samples = measure(true, 10, 50, Duration::from_secs(20), |_| {
        book(&store, &all);
    });
    report("demo", "the workbook alone", samples, None);
}

/// `cargo bench --bench store -- training`: on the demo, the prefecture's
/// hours list (every cadre's year), a county session's whole list marked
/// 参训 (its grid days rewritten), and the prefecture session's dates moved
/// (every mark's grid days rewritten, ~6,000 cadres).
fn training_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let path = dir.path().join("demo.db");
    let mut store =
        Store::create(&path, &zhucun::domain::Catalogue::builtin(), today).expect("create");
    zhucun::demo::load(&mut store, today).expect("demo");
    let scope = code("522700");
    let samples = measure(true, 20, 500, Duration::from_secs(5), |_| {
        let r = store.training_year(&scope, 2026).expect("training year");
        assert!(r.len() > 5000);
    });
    report(
        "demo",
        "training hours, prefecture 522700",
        samples,
        Some(TRAINING_YEAR_MS),
    );
    let county = 2;
    let marks: Vec<zhucun::store::MarkInput> = store
        .training_roster(county)
        .expect("roster")
        .into_iter()
        .map(|r| zhucun::store::MarkInput {
            cadre: r.cadre,
            mark: zhucun::domain::training::Mark::Attended,
            hours: None,
        })
        .collect();
    let samples = measure(true, 10, 200, Duration::from_secs(5), |_| {
        store.mark_training(county, &marks).expect("mark");
    });
    let case = format!("mark a county session's {} cadres 参训", marks.len());
    report("demo", &case, samples, Some(TRAINING_EDIT_MS));
    let samples = measure(false, 6, 40, Duration::from_secs(10), |i| {
        let s = store.training_session(1).expect("session");
        let mut input = s.input();
        let shift = if i % 2 == 0 { 1 } else { -1 };
        input.from += chrono::Duration::days(shift);
        input.to += chrono::Duration::days(shift);
        store
            .edit_training_session(1, &input, s.version)
            .expect("edit");
    });
    report(
        "demo",
        "move the prefecture session's dates (all marks' grid days)",
        samples,
        Some(TRAINING_EDIT_MS),
    );
}

/// The attendance grid of a demo township (广惠街道: 13 villages, 64
/// cadres, October's 31 days): reading it, and saving the month as one
/// audited write (a cell changed each time, the version checked).
fn attendance_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let path = dir.path().join("demo.db");
    let mut store =
        Store::create(&path, &zhucun::domain::Catalogue::builtin(), today).expect("create");
    zhucun::demo::load(&mut store, today).expect("demo");
    let scope = code("522701001");
    let month = Period::parse("2026-10").expect("month");
    let g = store.attendance_grid(&scope, month).expect("grid");
    println!(
        "attendance grid {scope}: {} villages, {} cadres, {} days",
        g.months.len(),
        g.lines.len(),
        g.days()
    );
    let samples = measure(true, 50, 1000, Duration::from_secs(5), |_| {
        let g = store.attendance_grid(&scope, month).expect("grid");
        assert!(g.lines.len() > 50);
    });
    report(
        "demo",
        "attendance grid, township 522701001",
        samples,
        Some(ATTENDANCE_MS),
    );
    let codes = [
        zhucun::domain::attendance::DayCode::Present,
        zhucun::domain::attendance::DayCode::DutyOut,
    ];
    let mut samples = Vec::new();
    for i in 0..200 {
        let mut g = store.attendance_grid(&scope, month).expect("grid");
        let n = g.lines.len();
        let line = &mut g.lines[i % n];
        line.row.set(1 + (i as u32 % 28), Some(codes[i % 2]));
        let save = g.to_save();
        let t = Instant::now();
        let out = store.save_attendance(month, &save).expect("save");
        samples.push(t.elapsed());
        assert!(matches!(out, zhucun::store::SaveOutcome::Saved { .. }));
    }
    report(
        "demo",
        "save a township's month (13 villages)",
        samples,
        Some(ATTENDANCE_MS),
    );
    // Every cadre's row changed at once (a month typed in and saved in one
    // go): every village's report rows are recomputed in the transaction.
    let mut samples = Vec::new();
    for i in 0..100 {
        let mut g = store.attendance_grid(&scope, month).expect("grid");
        let day = 1 + (i as u32 % 28);
        for line in &mut g.lines {
            let now = line.row.cells.get(day as usize - 1).copied().flatten();
            let next = if now == Some(codes[0]) {
                codes[1]
            } else {
                codes[0]
            };
            line.row.set(day, Some(next));
        }
        let save = g.to_save();
        let t = Instant::now();
        let out = store.save_attendance(month, &save).expect("save");
        samples.push(t.elapsed());
        assert!(matches!(out, zhucun::store::SaveOutcome::Saved { .. }));
    }
    report(
        "demo",
        "save a township's month, every row changed",
        samples,
        Some(ATTENDANCE_MS),
    );
}

/// The units of the demo prefecture with their plans and funds, one
/// unit's responsibility list, and the 工作队 tab's rows with match hints.
fn units_case() {
    let dir = tempfile::tempdir().expect("tempdir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    let path = dir.path().join("demo.db");
    let mut store =
        Store::create(&path, &zhucun::domain::Catalogue::builtin(), today).expect("create");
    zhucun::demo::load(&mut store, today).expect("demo");
    let scope = code("522700");
    let units = store.units_of(&scope, 2026).expect("units");
    let samples = measure(true, 20, 500, Duration::from_secs(5), |_| {
        let r = store.units_of(&scope, 2026).expect("units");
        assert_eq!(r.len(), units.len());
    });
    report(
        "demo",
        "units of prefecture 522700 (plans, funds)",
        samples,
        Some(UNITS_PREFECTURE_MS),
    );
    let big = units.iter().max_by_key(|u| u.villages).expect("a unit");
    let samples = measure(true, 20, 500, Duration::from_secs(5), |_| {
        let d = store
            .responsibility_list(big.unit.id, &scope, 2026)
            .expect("list");
        assert_eq!(d.villages.len(), big.villages);
    });
    report(
        "demo",
        "responsibility list of the largest unit",
        samples,
        Some(UNITS_PREFECTURE_MS),
    );
    let samples = measure(true, 20, 500, Duration::from_secs(5), |_| {
        let r = store.team_rows(&scope, today).expect("rows");
        assert_eq!(r.len(), 1319);
    });
    report(
        "demo",
        "工作队 rows of prefecture 522700, hints",
        samples,
        Some(UNITS_PREFECTURE_MS),
    );
}

fn main() {
    // `cargo bench --bench store -- units`: only the units screens' reads.
    if std::env::args().skip(1).any(|a| a == "units") {
        units_case();
        return;
    }
    // `cargo bench --bench store -- attendance`: only the attendance grid.
    if std::env::args().skip(1).any(|a| a == "attendance") {
        attendance_case();
        return;
    }
    // `cargo bench --bench store -- gaps`: only the gap report.
    if std::env::args().skip(1).any(|a| a == "gaps") {
        gap_report_case();
        return;
    }
    if std::env::args().skip(1).any(|a| a == "training") {
        training_case();
        return;
    }
    // `cargo bench --bench store -- allowance`: only the allowance statements.
    if std::env::args().skip(1).any(|a| a == "allowance") {
        allowance_case();
        return;
    }
    let dir = data_dir();
    let today = scale::today();
    let year = Period::parse("2026").expect("period");
    let month = Period::parse("2026-11").expect("period");
    let scales = scales();
    println!("data: {}", dir.display());
    for s in &scales {
        let (path, stats, made) = scale::ensure(&dir, s).unwrap_or_else(|e| {
            eprintln!("generating the {} database failed: {e}", s.name);
            std::process::exit(1)
        });
        println!(
            "{:<10} {} ({}): {} villages, {} divisions, {} completion rows, {} rollup rows, {:.1} MB; generated in {:.1} s (completion rows {:.1} s, rollups {:.1} s)",
            s.name,
            path.display(),
            if made { "generated now" } else { "reused" },
            stats.villages,
            stats.divisions,
            stats.completions,
            stats.rollups,
            scale::file_bytes(&path) as f64 / 1e6,
            stats.seconds,
            stats.completion_seconds,
            stats.rollup_seconds,
        );
    }
    println!(
        "\n{:<10} {:<44} {:>5} {:>10} {:>10} {:>7} {:>6}",
        "scale", "case", "n", "median ms", "p90 ms", "target", "ratio"
    );
    fsync_floor(&dir);
    gap_report_case();
    for s in &scales {
        let path = dir.join(format!("{}.db", s.name));
        let big = s.villages > 100_000;
        let store = Store::open_with(&path, today, false).expect("open");
        let villages: Vec<DivisionCode> = store
            .conn()
            .prepare("SELECT code FROM division WHERE level = 4 ORDER BY code")
            .expect("query")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .map(|c| DivisionCode::parse(&c.expect("row")).expect("code"))
            .collect();
        drop(store);

        let open_case = |quick_check: bool, min, max, budget| {
            measure(!big, min, max, budget, |i| {
                let st = Store::open_with(&path, today, quick_check).expect("open");
                let rows = st.checklist(pick(&villages, i), today).expect("checklist");
                assert_eq!(rows.len(), 25);
            })
        };
        // At national scale one quick_check reads gigabytes: two runs, no warm-up.
        let (min, max, budget) = if big { (2, 3, 60) } else { (5, 50, 20) };
        let samples = open_case(true, min, max, Duration::from_secs(budget));
        report(
            s.name,
            "open + first checklist (quick_check)",
            samples,
            None,
        );
        let samples = open_case(false, 20, 300, Duration::from_secs(10));
        report(
            s.name,
            "open + first checklist (no quick_check)",
            samples,
            None,
        );

        let mut store = Store::open_with(&path, today, false).expect("open");
        let samples = measure(true, 100, 3000, Duration::from_secs(5), |i| {
            let rows = store
                .checklist(pick(&villages, i), today)
                .expect("checklist");
            assert_eq!(rows.len(), 25);
        });
        report(
            s.name,
            "checklist, one village",
            samples,
            Some(CHECKLIST_MS),
        );

        // Durable record: synchronous=FULL, BEGIN IMMEDIATE, audit row and
        // rollups of five levels.
        let samples = record_samples(&mut store, &villages, month);
        report(
            s.name,
            "record one completion (durable)",
            samples,
            Some(RECORD_MS),
        );
        // The same without waiting for the disk: the store's own share.
        store
            .conn()
            .pragma_update(None, "synchronous", "NORMAL")
            .expect("pragma");
        let samples = record_samples(&mut store, &villages, month);
        report(
            s.name,
            "record, synchronous=NORMAL (not durable)",
            samples,
            None,
        );
        store
            .conn()
            .pragma_update(None, "synchronous", "FULL")
            .expect("pragma");

        // Search as it runs per keystroke: each prefix of a typed word, in
        // the whole database (name, code and pinyin matching on every row).
        for q in [
            "g", "gu", "gui", "guit", "guita", "guitan", "gui tan", "gt", "5201",
        ] {
            let samples = measure(true, 20, 1000, Duration::from_secs(2), |_| {
                store.search(q, None, 50).expect("search");
            });
            report(
                s.name,
                &format!("search {q:?}, whole database"),
                samples,
                None,
            );
        }

        let scopes: Vec<(&str, DivisionCode, f64)> = match s.name {
            "prefecture" => vec![("prefecture", code("520100"), ROLLUP_PROVINCE_MS)],
            "province" => vec![
                ("province", code("520000"), ROLLUP_PROVINCE_MS),
                ("prefecture", code("520100"), ROLLUP_PROVINCE_MS),
            ],
            _ => vec![
                ("province", code("520000"), ROLLUP_NATIONAL_MS),
                ("prefecture", code("520100"), ROLLUP_NATIONAL_MS),
            ],
        };
        for (p, pname) in [(year, "year 2026"), (month, "month 2026-11")] {
            for (what, scope, target) in &scopes {
                let samples = measure(true, 100, 2000, Duration::from_secs(5), |_| {
                    let rows = store.rollup(scope, p).expect("rollup");
                    assert!(!rows.is_empty());
                });
                let case = format!("rollup {what} {scope}, {pname}");
                report(s.name, &case, samples, Some(*target));
            }
            if s.provinces > 1 {
                // The whole country: the progress of every province.
                let provinces = top_divisions(&store);
                let samples = measure(true, 100, 2000, Duration::from_secs(5), |_| {
                    for c in &provinces {
                        let pr = store.progress(c, p).expect("progress");
                        assert!(pr.expected > 0);
                    }
                });
                let case = format!("rollup country ({} provinces), {pname}", provinces.len());
                report(s.name, &case, samples, Some(ROLLUP_NATIONAL_MS));
            }
        }
    }
}

fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s).expect("code")
}

fn top_divisions(store: &Store) -> Vec<DivisionCode> {
    store
        .conn()
        .prepare("SELECT code FROM division WHERE parent IS NULL ORDER BY code")
        .expect("query")
        .query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .map(|c| code(&c.expect("row")))
        .collect()
}
