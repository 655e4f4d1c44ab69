//! Worker processes for the concurrency tests.
//!
//! A test starts copies of its own test binary running one `#[ignore]`d
//! entry point (`concurrency_common::worker`), with the job in the `ZHUCUN_WORKER` environment
//! variable. Each worker opens the store once through the library and prints
//! `ACK <record key> <version> <note>` after every committed write; a line is
//! printed only after `record` returned, i.e. after the commit.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zhucun::domain::{DivisionCode, Status};
use zhucun::store::{RecordInput, Store, StoreError, record_key};

pub const ENV: &str = "ZHUCUN_WORKER";

/// A worker job, passed as `kind|db|account|villages,...|count|tag|think_ms`.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: String,
    pub db: String,
    pub account: String,
    pub villages: Vec<String>,
    pub count: usize,
    pub tag: String,
    pub think_ms: u64,
}

impl Job {
    pub fn encode(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.kind,
            self.db,
            self.account,
            self.villages.join(","),
            self.count,
            self.tag,
            self.think_ms
        )
    }

    fn decode(s: &str) -> Job {
        let p: Vec<&str> = s.split('|').collect();
        Job {
            kind: p[0].into(),
            db: p[1].into(),
            account: p[2].into(),
            villages: p[3].split(',').map(String::from).collect(),
            count: p[4].parse().unwrap(),
            tag: p[5].into(),
            think_ms: p[6].parse().unwrap(),
        }
    }
}

/// The test that a worker process runs: it calls [`worker_main`].
#[test]
#[ignore = "worker process started by the concurrency tests"]
fn worker() {
    worker_main();
}

/// The full name of [`worker`] in the test binary.
const WORKER: &str = "concurrency_common::worker";

/// The command that runs `job` in a child copy of this test binary.
pub fn worker_command(job: &Job) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        WORKER,
        "--exact",
        "--ignored",
        "--nocapture",
        "-q",
        "--test-threads=1",
    ])
    .env(ENV, job.encode())
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

/// Small deterministic generator (xorshift64*), seeded per test and printed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// The input for the n-th write of a worker: tasks and villages in turn,
/// each task in the period containing the store's today.
pub fn nth_input(store: &Store, villages: &[String], n: usize, note: &str) -> RecordInput {
    let task = 1 + (n % 25) as u32;
    let village = DivisionCode::parse(&villages[(n / 25) % villages.len()]).unwrap();
    let t = store.catalogue().task(task).unwrap();
    RecordInput {
        village,
        task,
        period: t.cadence.period_for(store.today()),
        status: if n.is_multiple_of(3) {
            Status::Doing
        } else {
            Status::Done
        },
        note: Some(note.to_string()),
        done_on: None,
        expected_version: None,
    }
}

/// Entry point of a worker process: does nothing unless `ZHUCUN_WORKER` is set.
pub fn worker_main() {
    let Ok(spec) = std::env::var(ENV) else {
        return;
    };
    let job = Job::decode(&spec);
    let today = crate::common::today();
    let mut store = Store::open(Path::new(&job.db), today).expect("worker opens the store");
    store.set_account_for_tests(&job.account).unwrap();
    if job.kind == "contend-sqlite-busy" {
        // For comparison only: SQLite's own busy handler instead of zhucun's.
        store
            .conn()
            .busy_timeout(zhucun::store::BUSY_TIMEOUT)
            .unwrap();
    }
    let out = std::io::stdout();
    match job.kind.as_str() {
        // Blind writes as fast as possible (scripts, imports): every one must commit.
        "contend" | "contend-sqlite-busy" | "kill" => {
            let mut lats: Vec<u128> = Vec::with_capacity(job.count);
            let mut busy = 0;
            let mut n = 0;
            while n < job.count {
                let note = format!("{}-{n}", job.tag);
                let input = nth_input(&store, &job.villages, n, &note);
                let t0 = Instant::now();
                match store.record(&input) {
                    Ok(rec) => {
                        lats.push(t0.elapsed().as_micros());
                        let key = record_key(&input.village, input.task, input.period);
                        writeln!(out.lock(), "ACK {key} {} {note}", rec.version).unwrap();
                        n += 1;
                    }
                    Err(StoreError::Busy) => {
                        busy += 1;
                        eprintln!("BUSY after {:?}", t0.elapsed());
                        n += 1;
                    }
                    Err(e) => panic!("write {n} failed: {e}"),
                }
            }
            let lats: Vec<String> = lats.iter().map(|l| l.to_string()).collect();
            writeln!(out.lock(), "LATENCY_US {}", lats.join(",")).unwrap();
            writeln!(out.lock(), "DONE busy={busy}").unwrap();
        }
        // A person: read the record, think, save with the version read.
        "edit" => {
            let mut rng = Rng::new(seed() ^ std::process::id() as u64);
            let (mut ok, mut conflicts) = (0, 0);
            for n in 0..job.count {
                let mut input = nth_input(&store, &job.villages, 0, "");
                let read = store
                    .completion(&input.village, input.task, input.period)
                    .unwrap();
                input.expected_version = Some(read.map(|r| r.version).unwrap_or(0));
                input.note = Some(format!("{}-{n}", job.tag));
                if job.think_ms > 0 {
                    std::thread::sleep(Duration::from_millis(rng.below(job.think_ms + 1)));
                }
                match store.record(&input) {
                    Ok(rec) => {
                        ok += 1;
                        let key = record_key(&input.village, input.task, input.period);
                        writeln!(out.lock(), "ACK {key} {} {}-{n}", rec.version, job.tag).unwrap();
                    }
                    Err(StoreError::Conflict { .. }) => conflicts += 1,
                    Err(e) => panic!("edit {n} failed: {e}"),
                }
            }
            writeln!(out.lock(), "DONE ok={ok} conflicts={conflicts}").unwrap();
        }
        // A reader stopped inside its read transaction (batch_import).
        "read-stop" => {
            let c = rusqlite::Connection::open(&job.db).unwrap();
            c.execute_batch("BEGIN").unwrap();
            let n: i64 = c
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
                .unwrap();
            writeln!(out.lock(), "READING {n}").unwrap();
            out.lock().flush().unwrap();
            nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP).unwrap();
        }
        other => panic!("unknown worker kind {other}"),
    }
}

/// Acknowledged writes in a worker's output: (record key, version, note).
/// A line cut short by a kill has no newline and is ignored.
pub fn acks(stdout: &[u8]) -> Vec<(String, i64, String)> {
    let text = String::from_utf8_lossy(stdout);
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    complete
        .lines()
        .filter_map(|l| l.strip_prefix("ACK "))
        .map(|l| {
            let mut p = l.splitn(3, ' ');
            (
                p.next().unwrap().to_string(),
                p.next().unwrap().parse().unwrap(),
                p.next().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Write latencies (microseconds) a worker reported.
pub fn latencies(stdout: &[u8]) -> Vec<u64> {
    String::from_utf8_lossy(stdout)
        .lines()
        .find_map(|l| l.strip_prefix("LATENCY_US "))
        .map(|l| l.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_default()
}

/// The p-th percentile of `v` (sorted in place).
pub fn percentile(v: &mut [u64], p: f64) -> u64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// The `DONE k=v ...` summary line of a worker, as pairs.
pub fn summary(stdout: &[u8]) -> Vec<(String, u64)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .find_map(|l| l.strip_prefix("DONE "))
        .map(|l| {
            l.split(' ')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

pub fn get(summary: &[(String, u64)], key: &str) -> u64 {
    summary
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no {key} in worker summary {summary:?}"))
}

/// Invariants that hold after any sequence of committed (or killed) writes:
/// the file is intact, every completion's version equals the number of
/// successful audit rows for it, the audit chain verifies, and every rollup
/// equals a recount of the completion table. Returns the number of
/// successful record writes in the audit trail.
pub fn check_invariants(db: &Path) -> u64 {
    let c = rusqlite::Connection::open(db).unwrap();
    let integrity: String = c
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let bad: i64 = c
        .query_row(
            "SELECT count(*) FROM completion c WHERE c.version != (SELECT count(*) FROM audit a
               WHERE a.record = 'completion/' || c.village || '/' || c.task || '/' || c.period
                 AND a.action = 'record' AND a.outcome = 'ok')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0, "completion versions and audit rows out of step");
    let recount_diff: i64 = c
        .query_row(
            "WITH v AS (SELECT village, period,
                          sum(status = 'done') AS done, sum(status = 'doing') AS doing, sum(status = 'na') AS na
                        FROM completion GROUP BY village, period)
             SELECT count(*) FROM v LEFT JOIN rollup r ON r.code = v.village AND r.period = v.period
             WHERE coalesce(r.done, 0) != v.done OR coalesce(r.doing, 0) != v.doing OR coalesce(r.na, 0) != v.na",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recount_diff, 0, "village rollups differ from a recount");
    let ok_writes: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'record' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(c);
    let today = crate::common::today();
    let s = Store::open(db, today).unwrap();
    assert_eq!(s.verify_audit().unwrap(), None, "audit chain broken");
    ok_writes as u64
}
