//! Import and export benchmarks (no harness; prints medians).
//!
//! `cargo bench --bench import` measures:
//! - importing a generated 100,000-row team file (CSV, UTF-8) into the demo
//!   prefecture: check only, and check + write (rows per second), through
//!   the library in this process, and end to end as a user runs it: the
//!   release `zhucun import teams FILE` in a fresh process (opening, the
//!   integrity check, reading, checking, writing, exiting); and the same
//!   whole command for a 100,000-row villages file (new villages spread over
//!   the demo's townships);
//! - exporting a full prefecture-year (the demo with history for all of
//!   2026) as XLSX and as CSV: time and peak memory (VmHWM of a child
//!   process that does only the export).
//!
//! - importing a prefecture's month of attendance (6,000 cadres x 31 days,
//!   `import attendance`, check + write; `ZHUCUN_BENCH_ONLY=attendance`
//!   runs only this one);
//!
//! `ZHUCUN_BENCH_NATIONAL=1` adds a national-scale period: 489,600
//! synthetic villages with a month of records, exported as XLSX and CSV.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use zhucun::domain::{Catalogue, DivisionCode, Period, Status};
use zhucun::i18n::Lang;
use zhucun::store::{CompletionWrite, Store};
use zhucun::transfer::export::{ExportFormat, ExportRequest};
use zhucun::transfer::{ImportKind, ImportOptions};

const ROWS: usize = 100_000;
const RUNS: usize = 5;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Seconds of two clock-tick fields of /proc/self/stat (1/100 s each),
/// counted after the parenthesised command name (so the state is field 0).
fn stat_seconds(a: usize, b: usize) -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(a) + tick(b)) / 100.0
}

/// CPU seconds (user + system) this process has used. On a shared, loaded
/// machine wall-clock time mostly measures the neighbours; CPU time
/// measures the work.
fn cpu_seconds() -> f64 {
    stat_seconds(11, 12)
}

/// CPU seconds (user + system) of the children this process has waited for.
fn children_cpu_seconds() -> f64 {
    stat_seconds(13, 14)
}

/// `zhucun --lang en --db DB import KIND FILE [--check]`, the release binary in a
/// fresh process, on a fresh copy of `base` each run.
fn cli_runs(base: &Path, dir: &Path, kind: &str, file: &Path, check: bool, mb: f64) {
    let exe = env!("CARGO_BIN_EXE_zhucun");
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..RUNS {
        let db = dir.join("cli.db");
        for s in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{s}", db.display()));
        }
        std::fs::copy(base, &db).unwrap();
        let mut cmd = Command::new(exe);
        // English, for the summary line the run checks.
        cmd.args([
            "--lang",
            "en",
            "--db",
            db.to_str().unwrap(),
            "import",
            kind,
            file.to_str().unwrap(),
        ]);
        if check {
            cmd.arg("--check");
        }
        let c = children_cpu_seconds();
        let t = Instant::now();
        let out = cmd.output().unwrap();
        times.push(t.elapsed().as_secs_f64());
        cpus.push(children_cpu_seconds() - c);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("{ROWS} rows, {ROWS}")),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let (m, mc) = (median(times), median(cpus));
    println!(
        "zhucun import {kind} {ROWS} rows ({mb:.1} MiB CSV){}, whole command: median {m:.3} s wall = {:.0} rows/s; {mc:.2} s CPU",
        if check { " --check" } else { "" },
        ROWS as f64 / m,
    );
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string()
}

fn vm_hwm_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Child mode: export once and print "seconds peak_kib rows".
fn child(db: &Path, out: &Path, period: &str, format: &str) {
    let store = Store::open(db, day("2026-12-31")).unwrap();
    let req = ExportRequest {
        period: Period::parse(period).unwrap(),
        scope: None,
        format: if format == "csv" {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        },
        lang: Lang::Zh,
        path: out.to_path_buf(),
        force: true,
        villages: None,
        filter: None,
    };
    let t = Instant::now();
    let c = cpu_seconds();
    let s = zhucun::transfer::export(&store, &req, &mut |_, _| {}).unwrap();
    println!(
        "{} {} {} {}",
        t.elapsed().as_secs_f64(),
        vm_hwm_kib(),
        s.detail_rows,
        cpu_seconds() - c
    );
}

fn export_runs(db: &Path, dir: &Path, period: &str, format: &str, runs: usize) {
    let out = dir.join(format!("export.{format}"));
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let mut peaks = Vec::new();
    let mut rows = 0;
    for _ in 0..runs {
        let o = Command::new(std::env::current_exe().unwrap())
            .env("ZHUCUN_BENCH_CHILD", "1")
            .args([db.to_str().unwrap(), out.to_str().unwrap(), period, format])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let line = String::from_utf8(o.stdout).unwrap();
        let f: Vec<&str> = line.split_whitespace().collect();
        times.push(f[0].parse::<f64>().unwrap());
        peaks.push(f[1].parse::<f64>().unwrap());
        rows = f[2].parse::<u64>().unwrap();
        cpus.push(f[3].parse::<f64>().unwrap());
    }
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "export {period} {format:4}: {rows:>9} detail rows, median {:.2} s wall, {:.2} s CPU ({:.0} rows per CPU second), peak RSS {:.1} MiB, file {:.1} MiB",
        median(times),
        median(cpus.clone()),
        rows as f64 / median(cpus),
        median(peaks) / 1024.0,
        size as f64 / 1048576.0
    );
}

fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    let today = day("2026-12-31");
    let mut s = Store::create(&path, &Catalogue::builtin(), today).unwrap();
    zhucun::demo::load(&mut s, today).unwrap();
    path
}

fn team_file(store: &Store, path: &Path) {
    let root = store.root().unwrap().unwrap();
    let villages = store.villages_within(&root.code).unwrap();
    let mut out = String::from("村代码,姓名,职务,派出单位,开始日期,结束日期\n");
    for i in 0..ROWS {
        let v = &villages[i % villages.len()];
        let role = if i % 3 == 0 {
            "驻村队员"
        } else {
            "下沉干部"
        };
        out.push_str(&format!(
            "{},队员{i},{role},都匀市第{}中学,2025/{}/{},\n",
            v.code,
            i % 40,
            1 + i % 12,
            1 + i % 28
        ));
    }
    std::fs::write(path, out).unwrap();
}

/// 100,000 new villages (codes not yet used, spread over the demo's
/// townships), as a villages file.
fn village_file(store: &Store, path: &Path) {
    let root = store.root().unwrap().unwrap();
    let used: std::collections::HashSet<String> = store
        .villages_within(&root.code)
        .unwrap()
        .into_iter()
        .map(|v| v.code.as_str().to_string())
        .collect();
    let mut townships = Vec::new();
    for county in store.children(&root.code).unwrap() {
        townships.extend(store.children(&county.code).unwrap());
    }
    let mut out = String::from("乡镇代码,村代码,名称,类型\n");
    let mut n = 0;
    'all: for t in &townships {
        for k in 1..=999 {
            let code = format!("{}{k:03}", t.code);
            if used.contains(&code) {
                continue;
            }
            let kind = if n % 3 == 0 { "脱贫村" } else { "" };
            out.push_str(&format!("{},{code},新村{n},{kind}\n", t.code));
            n += 1;
            if n == ROWS {
                break 'all;
            }
        }
    }
    assert_eq!(n, ROWS, "the demo has room for {ROWS} new villages");
    std::fs::write(path, out).unwrap();
}

fn national(dir: &Path) -> PathBuf {
    let path = dir.join("national.db");
    let today = day("2026-12-31");
    let mut s = Store::create(&path, &Catalogue::builtin(), today).unwrap();
    let t = Instant::now();
    let month = Period::parse("2026-11").unwrap();
    let monthly: Vec<u32> = s
        .catalogue()
        .tasks
        .iter()
        .filter(|t| t.cadence.period_kind() == zhucun::domain::PeriodKind::Month)
        .map(|t| t.number)
        .collect();
    s.load("national bench", |ld| {
        let c = |x: String| DivisionCode::parse(&x).unwrap();
        // One scope the size of the country: 40 x 30 x 34 x 12 = 489,600
        // villages under one top division (codes have no national level).
        let mut n = 0usize;
        ld.division(&c("110000".into()), "全国规模", &[])?;
        for pre in 1..=40 {
            ld.division(&c(format!("11{pre:02}00")), &format!("州{pre}"), &[])?;
            for cty in 1..=30 {
                let county = format!("11{pre:02}{cty:02}");
                ld.division(&c(county.clone()), &format!("县{county}"), &[])?;
                for tw in 1..=34 {
                    let town = format!("{county}{tw:03}");
                    ld.division(&c(town.clone()), &format!("乡镇{town}"), &[])?;
                    for v in 0..12 {
                        let code = c(format!("{town}{:03}", 201 + v));
                        ld.division(&code, &format!("村{n}"), &[])?;
                        for (k, task) in monthly.iter().enumerate() {
                            if (n + k) % 10 < 7 {
                                ld.completion(CompletionWrite {
                                    village: &code,
                                    task: *task,
                                    period: month,
                                    status: Status::Done,
                                    note: "已完成".into(),
                                    done_on: Some(day("2026-11-15")),
                                    by: "bench",
                                    at: "2026-11-15T10:00:00+08:00",
                                })?;
                            }
                        }
                        n += 1;
                    }
                }
            }
        }
        Ok(())
    })
    .unwrap();
    println!(
        "national set: 489,600 villages, one month of records, built in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    path
}

/// Cadres in the prefecture-month attendance benchmark (issue 12: a
/// prefecture's month, 6,000 cadres x 31 days, within 2 s).
const ATTENDANCE_CADRES: usize = 6_000;

/// The demo prefecture with 6,000 more cadres posted (a teams import), and
/// the township sheets of December 2026 for all of them in one file.
fn attendance_setup(base: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("attendance.db");
    std::fs::copy(base, &db).unwrap();
    let mut store = Store::open(&db, day("2026-12-31")).unwrap();
    let root = store.root().unwrap().unwrap();
    let villages = store.villages_within(&root.code).unwrap();
    let mut teams = String::from("村代码,姓名,职务,派出单位,开始日期,结束日期\n");
    let mut sheet = String::from("姓名,村代码");
    for d in 1..=31 {
        sheet.push_str(&format!(",{d}"));
    }
    sheet.push('\n');
    let codes = ["在", "在", "在", "报", "训", "在", "休", "事", "病", "在"];
    for i in 0..ATTENDANCE_CADRES {
        let v = &villages[i % villages.len()];
        teams.push_str(&format!(
            "{},考勤{i},下沉干部,州直第{}局,2025/3/1,\n",
            v.code,
            i % 30
        ));
        sheet.push_str(&format!("考勤{i},{}", v.code));
        for d in 0..31 {
            sheet.push(',');
            sheet.push_str(codes[(i + d) % codes.len()]);
        }
        sheet.push('\n');
    }
    let teams_file = dir.join("attendance-teams.csv");
    std::fs::write(&teams_file, teams).unwrap();
    zhucun::transfer::import(
        &mut store,
        ImportKind::Teams,
        &teams_file,
        &ImportOptions::default(),
        &|_, _, _| {},
    )
    .unwrap();
    let file = dir.join("attendance-2026-12.csv");
    std::fs::write(&file, sheet).unwrap();
    (db, file)
}

/// `import attendance` of a prefecture's month through the library:
/// check + write, each run on a fresh copy.
fn attendance_runs(base: &Path, dir: &Path) {
    let (db0, file) = attendance_setup(base, dir);
    let mb = std::fs::metadata(&file).unwrap().len() as f64 / 1048576.0;
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..RUNS {
        let db = dir.join("attendance-run.db");
        for s in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{s}", db.display()));
        }
        std::fs::copy(&db0, &db).unwrap();
        let mut store = Store::open(&db, day("2026-12-31")).unwrap();
        let t = Instant::now();
        let c = cpu_seconds();
        let p = zhucun::transfer::attendance::prepare(
            &store,
            &file,
            "2026-12",
            &ImportOptions::default(),
        )
        .unwrap();
        let out = p.write(&mut store, &|_, _, _| {}).unwrap();
        times.push(t.elapsed().as_secs_f64());
        cpus.push(cpu_seconds() - c);
        assert_eq!(out.counts.added, ATTENDANCE_CADRES * 31);
    }
    let (m, mc) = (median(times), median(cpus));
    println!(
        "import attendance {ATTENDANCE_CADRES} cadres x 31 days ({mb:.1} MiB CSV), written: median {m:.3} s wall, {mc:.2} s CPU (target <= 2 s)"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if std::env::var_os("ZHUCUN_BENCH_CHILD").is_some() {
        child(Path::new(&args[1]), Path::new(&args[2]), &args[3], &args[4]);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return;
    }
    println!("load average at start: {}", load());
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let base = demo_db(dir.path());
    println!(
        "demo prefecture (1,319 villages, history for 2026) built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    if std::env::var("ZHUCUN_BENCH_ONLY").as_deref() == Ok("attendance") {
        attendance_runs(&base, dir.path());
        return;
    }
    let file = dir.path().join("teams.csv");
    {
        let store = Store::open(&base, day("2026-12-31")).unwrap();
        team_file(&store, &file);
    }
    let mb = std::fs::metadata(&file).unwrap().len() as f64 / 1048576.0;
    for check in [true, false] {
        if std::env::var("ZHUCUN_BENCH_ONLY").as_deref() == Ok("export") {
            break;
        }
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        for _ in 0..RUNS {
            let db = dir.path().join("run.db");
            for s in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{s}", db.display()));
            }
            std::fs::copy(&base, &db).unwrap();
            let mut store = Store::open(&db, day("2026-12-31")).unwrap();
            let opts = ImportOptions {
                check,
                ..ImportOptions::default()
            };
            let t = Instant::now();
            let c = cpu_seconds();
            let out = zhucun::transfer::import(
                &mut store,
                ImportKind::Teams,
                &file,
                &opts,
                &|_, _, _| {},
            )
            .unwrap();
            times.push(t.elapsed().as_secs_f64());
            cpus.push(cpu_seconds() - c);
            assert_eq!(out.counts.added, ROWS);
        }
        let (m, mc) = (median(times), median(cpus));
        println!(
            "import teams {ROWS} rows ({mb:.1} MiB CSV){}: median {m:.3} s wall = {:.0} rows/s; {mc:.2} s CPU = {:.0} rows per CPU second",
            if check { ", --check" } else { ", written" },
            ROWS as f64 / m,
            ROWS as f64 / mc
        );
    }
    if std::env::var("ZHUCUN_BENCH_ONLY").as_deref() != Ok("export") {
        for check in [true, false] {
            cli_runs(&base, dir.path(), "teams", &file, check, mb);
        }
        let villages = dir.path().join("villages.csv");
        {
            let store = Store::open(&base, day("2026-12-31")).unwrap();
            village_file(&store, &villages);
        }
        let mb = std::fs::metadata(&villages).unwrap().len() as f64 / 1048576.0;
        for check in [true, false] {
            cli_runs(&base, dir.path(), "villages", &villages, check, mb);
        }
    }
    if std::env::var("ZHUCUN_BENCH_ONLY").as_deref() != Ok("export") {
        attendance_runs(&base, dir.path());
    }
    if std::env::var("ZHUCUN_BENCH_ONLY").as_deref() == Ok("import") {
        return;
    }
    export_runs(&base, dir.path(), "2026", "xlsx", 3);
    export_runs(&base, dir.path(), "2026", "csv", 3);
    println!("load average at end: {}", load());
    if std::env::var_os("ZHUCUN_BENCH_NATIONAL").is_some() {
        let db = national(dir.path());
        export_runs(&db, dir.path(), "2026-11", "xlsx", 1);
        export_runs(&db, dir.path(), "2026-11", "csv", 1);
    }
}
