//! `kill -9` of a writing process at random moments, over and over: the file
//! passes its integrity check every time and every write the writer
//! acknowledged (printed after commit) is there.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
mod concurrency_common;
use common::*;
use concurrency_common::*;
use std::time::{Duration, Instant};
use zhucun::store::Store;

const KILLS: usize = 100;

#[test]
#[ignore = "worker process started by the tests in this file"]
fn worker() {
    worker_main();
}

#[test]
fn kill_9_at_random_moments_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = Store::open(&db, today()).unwrap().actor().account.clone();
    let seed = seed();
    println!("kill test seed {seed}");
    let mut rng = Rng::new(seed);
    let villages: Vec<String> = ["522701001201", "522701001202", "522702100201"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut acked_total = 0;
    let mut killed_while_writing = 0;
    let t0 = Instant::now();
    for i in 0..KILLS {
        let job = Job {
            kind: "kill".into(),
            db: db.display().to_string(),
            account: me.clone(),
            villages: villages.clone(),
            count: 1_000_000,
            tag: format!("k{i}"),
            think_ms: 0,
        };
        let mut child = worker_command("worker", &job).spawn().unwrap();
        // Start-up (exec, open, quick_check) takes a few ms; kill anywhere
        // from before the first write to well into the stream of writes.
        std::thread::sleep(Duration::from_micros(2_000 + rng.below(100_000)));
        child.kill().unwrap(); // SIGKILL
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "the writer should have been killed");
        let acks = acks(&out.stdout);
        if !acks.is_empty() {
            killed_while_writing += 1;
        }
        let integrity: String = conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "integrity after kill {i}");
        for (key, version, note) in &acks {
            let found: i64 = conn
                .query_row(
                    "SELECT count(*) FROM audit WHERE record = ?1 AND outcome = 'ok' AND new LIKE '%' || ?2",
                    (key, note),
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(
                found, 1,
                "kill {i}: acknowledged write {key} {note} is missing"
            );
            let v: i64 = conn
                .query_row(
                    "SELECT version FROM completion WHERE 'completion/' || village || '/' || task || '/' || period = ?1",
                    [key],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(
                v >= *version,
                "kill {i}: {key} went back from v{version} to v{v}"
            );
        }
        acked_total += acks.len();
        if i % 25 == 24 {
            check_invariants(&db);
        }
    }
    let committed = check_invariants(&db);
    println!(
        "kill -9: {KILLS} kills ({killed_while_writing} during a stream of writes), integrity ok after every one, {acked_total} acknowledged writes all present, {committed} committed in all, {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    assert!(
        killed_while_writing >= KILLS / 2,
        "too few kills landed while writing ({killed_while_writing})"
    );
    assert!(committed as usize >= acked_total);
}
