//! Large teams imports and the other writers (issue 15, item 5).
//!
//! ```sh
//! cargo bench --bench batch                          # 100,000 and 1,000,000 rows
//! ZHUCUN_BENCH_ROWS=100000 cargo bench --bench batch # one size
//! ZHUCUN_BENCH_EXE=/path/to/old/zhucun cargo bench --bench batch  # another build
//! ```
//!
//! For each size: a fresh database made with the binary under test (`init`,
//! `import divisions`, `import villages`: 30 villages), a team file of N new
//! postings over the 30 villages, and the release `zhucun import teams FILE`
//! timed as a whole command (rows per second). Meanwhile
//! * the bench process polls the POSIX locks of the database's files every
//!   ~0.2 ms (`store::guard::exclusive_holders`, taking no lock, and with no
//!   SQLite connection of its own in this process) and keeps the importer's
//!   longest continuous hold of a lock that shuts writers out;
//! * a child process writes one row every 50 ms (`BEGIN IMMEDIATE`, one
//!   insert, `COMMIT`, polling for the lock as zhucun's writers do, for up
//!   to 60 s so a long wait is measured, not refused) and reports how long it
//!   waited for the lock and how long the whole write took.

#![allow(clippy::unwrap_used, clippy::expect_used)] // bench code: a panic is the failure report

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn exe() -> PathBuf {
    std::env::var_os("ZHUCUN_BENCH_EXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zhucun")))
}

fn run(db: &Path, args: &[&str]) {
    let o = Command::new(exe())
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .args(args)
        .env_remove("ZHUCUN_DB")
        .env_remove("ZHUCUN_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("run zhucun");
    assert!(
        o.status.success(),
        "zhucun {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn villages() -> Vec<String> {
    (0..30)
        .map(|i| format!("5227010{:02}2{:02}", 1 + i / 10, i % 10))
        .collect()
}

fn setup(dir: &Path) -> PathBuf {
    let db = dir.join("b.db");
    run(&db, &["init"]);
    let d = dir.join("d.csv");
    let mut t = "代码,名称\n522700,州\n522701,市\n".to_string();
    for k in 1..=3 {
        t.push_str(&format!("5227010{k:02},乡镇{k}\n"));
    }
    std::fs::write(&d, t).unwrap();
    run(&db, &["import", "divisions", d.to_str().unwrap()]);
    let v = dir.join("v.csv");
    let mut t = "乡镇代码,村代码,名称,类型\n".to_string();
    for c in villages() {
        t.push_str(&format!("{},{c},村{c},\n", &c[..9]));
    }
    std::fs::write(&v, t).unwrap();
    run(&db, &["import", "villages", v.to_str().unwrap()]);
    db
}

fn team_file(path: &Path, n: usize) {
    let vs = villages();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "村代码,姓名,职务,派出单位,开始日期,结束日期").unwrap();
    for i in 0..n {
        writeln!(
            f,
            "{},队员{i},驻村队员,单位{},2026-01-01,",
            vs[i % vs.len()],
            i % 500
        )
        .unwrap();
    }
}

/// The child: one write every 50 ms until its input closes; prints each
/// write's milliseconds.
fn writer_child(db: &str) {
    let mut c = rusqlite::Connection::open(db).unwrap();
    // Waiting like zhucun's own writers (store::busy): a short poll of
    // 0.2-2 ms, not SQLite's default that backs off to 100 ms (and so
    // misses the pauses between an import's batches); up to 60 s.
    c.busy_handler(Some(|n: i32| {
        std::thread::sleep(Duration::from_micros(
            200 + (n as u64).wrapping_mul(7919) % 1800,
        ));
        n < 60_000
    }))
    .unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let s2 = stop.clone();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        s2.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let mut n = 0u64;
    let out = std::io::stdout();
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        let t0 = Instant::now();
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        let waited = t0.elapsed();
        c.execute_batch(&format!(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('bench writer', '{n}'); COMMIT;"
        ))
        .unwrap();
        writeln!(
            out.lock(),
            "{} {}",
            waited.as_secs_f64() * 1000.0,
            t0.elapsed().as_secs_f64() * 1000.0
        )
        .unwrap();
        n += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// WAL_WRITE_LOCK: the byte of `-shm` a writer holds for its whole
/// transaction (120); the checkpoint lock (121) blocks no writer.
const WRITE_LOCK: i64 = 120;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

fn one_size(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let file = dir.path().join("t.csv");
    team_file(&file, n);
    let mut writer = Command::new(std::env::current_exe().unwrap())
        .env("ZHUCUN_BENCH_WRITER", &db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let mut importer = Command::new(exe())
        .arg("--db")
        .arg(&db)
        .args(["import", "teams", file.to_str().unwrap()])
        .env_remove("ZHUCUN_DB")
        .env_remove("ZHUCUN_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = importer.id() as i32;
    let (mut longest, mut since, mut holds) = (Duration::ZERO, None::<Instant>, 0u64);
    while importer.try_wait().unwrap().is_none() {
        let holding = zhucun::store::guard::exclusive_holders(&db)
            .unwrap_or_default()
            .iter()
            .any(|h| h.pid == pid && h.start == WRITE_LOCK);
        match (holding, since) {
            (true, None) => since = Some(Instant::now()),
            (false, Some(s)) => {
                longest = longest.max(s.elapsed());
                holds += 1;
                since = None;
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    if let Some(s) = since {
        longest = longest.max(s.elapsed());
    }
    let wall = t0.elapsed().as_secs_f64();
    let o = importer.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    drop(writer.stdin.take());
    let out = writer.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let pairs: Vec<(f64, f64)> = text
        .lines()
        .filter_map(|l| {
            let (a, b) = l.trim().split_once(' ')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect();
    let mut waits: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let mut totals: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (wmax, tmax) = (max(&waits), max(&totals));
    let (wmed, tmed) = (median(&mut waits), median(&mut totals));
    println!(
        "{n} rows: import {wall:.2} s ({:.0} rows/s, whole command); importer's longest hold of the write lock {:.0} ms ({holds} holds seen); other writer: {} writes, wait for the lock median {wmed:.1} ms, max {wmax:.1} ms; whole write (with its commit and any checkpoint) median {tmed:.1} ms, max {tmax:.1} ms",
        n as f64 / wall,
        longest.as_secs_f64() * 1000.0,
        pairs.len(),
    );
}

fn main() {
    if let Some(db) = std::env::var_os("ZHUCUN_BENCH_WRITER") {
        writer_child(&db.to_string_lossy());
        return;
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sizes: Vec<usize> = match std::env::var("ZHUCUN_BENCH_ROWS") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![100_000, 1_000_000],
    };
    println!("binary: {}", exe().display());
    for n in sizes {
        one_size(n);
    }
}
