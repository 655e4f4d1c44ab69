//! 32 processes x 200 completions each into a few villages, all at once:
//! every write commits, no busy error reaches anybody, the file stays intact.

use crate::common;
use crate::concurrency_common;
use common::*;
use concurrency_common::*;
use std::time::Instant;
use zhucun::domain::UserRole;
use zhucun::store::Store;

const PROCESSES: usize = 32;
const WRITES: usize = 200;

/// Returns (acknowledged, committed, busy).
fn run(kind: &str) -> (usize, usize, u64) {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    // Four villages, each with its own team account, plus a township liaison
    // writing into all of them: permission checks run on every write.
    let villages = [
        "522701001001",
        "522701001201",
        "522701001202",
        "522702100201",
    ];
    let mut admin = Store::open(&db, today()).unwrap();
    for (i, v) in villages.iter().enumerate() {
        admin
            .set_user(&format!("team{i}"), UserRole::Team, Some(&code(v)))
            .unwrap();
    }
    admin
        .set_user("liaison", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    drop(admin);

    let t0 = Instant::now();
    let children: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let (account, vs) = if p % 8 == 7 {
                ("liaison".to_string(), villages[..3].to_vec())
            } else {
                (format!("team{}", p % 4), vec![villages[p % 4]])
            };
            let job = Job {
                kind: kind.into(),
                db: db.display().to_string(),
                account,
                villages: vs.iter().map(|s| s.to_string()).collect(),
                count: WRITES,
                tag: format!("p{p}"),
                think_ms: 0,
            };
            worker_command(&job).spawn().unwrap()
        })
        .collect();
    let mut acked = 0;
    let mut busy = 0;
    let mut lats = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "worker failed: {err}");
        assert!(
            kind != "contend" || !err.contains("BUSY"),
            "a busy error reached a writer: {err}"
        );
        let s = summary(&out.stdout);
        busy += get(&s, "busy");
        lats.extend(latencies(&out.stdout));
        acked += acks(&out.stdout).len();
    }
    let elapsed = t0.elapsed();
    let committed = check_invariants(&db);
    println!(
        "contention ({kind}): {PROCESSES} processes x {WRITES} writes: attempted {}, acknowledged {acked}, committed {committed}, busy {busy}; write latency p50 {} ms, p99 {} ms, max {} ms; {:.1} s ({:.0} commits/s)",
        PROCESSES * WRITES,
        percentile(&mut lats, 0.5) / 1000,
        percentile(&mut lats, 0.99) / 1000,
        percentile(&mut lats, 1.0) / 1000,
        elapsed.as_secs_f64(),
        committed as f64 / elapsed.as_secs_f64()
    );
    (acked, committed as usize, busy)
}

#[test]
fn many_processes_many_writes_all_commit() {
    let (acked, committed, busy) = run("contend");
    assert_eq!(busy, 0);
    assert_eq!(acked, PROCESSES * WRITES);
    assert_eq!(committed, PROCESSES * WRITES);
}

/// The same load with SQLite's own `busy_timeout` handler, for the figures in
/// docs/bench-server.md: `cargo test --test it concurrency_contention::compare --
/// --ignored --nocapture`.
#[test]
#[ignore = "comparison run for docs/bench-server.md"]
fn compare_with_sqlite_busy_timeout() {
    let (acked, committed, busy) = run("contend-sqlite-busy");
    assert_eq!(committed, acked, "every acknowledged write committed");
    assert_eq!(acked as u64 + busy, (PROCESSES * WRITES) as u64);
}
