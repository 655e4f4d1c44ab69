//! Issue 15, item 5 (the rest): administrators' bulk imports in bounded
//! batches (store::batches). Nobody can stall everybody: while a large teams
//! import runs, another writer gets the lock within a batch; readers see the
//! old or the new roster, never part of it; an import killed half-way leaves
//! nothing visible and its leftovers go at the next open; and every write,
//! an administrator's included, holds the lock for a bounded time.

use crate::common::{self, code, zhucun_command};
use crate::concurrency_common::nth_input;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use zhucun::store::{Store, StoreError};

const VILLAGES: [&str; 3] = ["522701001201", "522701001202", "522702100201"];

/// A team roster of `n` new members spread over three villages.
fn roster(n: usize, tag: &str) -> String {
    let mut t = String::with_capacity(n * 60);
    t.push_str("村代码,姓名,职务,派出单位,开始日期,结束日期\n");
    for i in 0..n {
        t.push_str(&format!(
            "{},{tag}{i},驻村队员,县直单位{},2026-01-01,\n",
            VILLAGES[i % 3],
            i % 40
        ));
    }
    t
}

/// Wait (up to `secs`, for a loaded machine) until `cond` holds.
fn wait_for(what: &str, secs: u64, mut cond: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(secs);
    while !cond() {
        assert!(Instant::now() < end, "never: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn raw(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).unwrap();
    c.busy_timeout(Duration::from_secs(10)).unwrap();
    c
}

fn one(c: &rusqlite::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows of a batch committed so far (0 while it is still checking the file).
fn batch_rows(c: &rusqlite::Connection) -> i64 {
    one(
        c,
        "SELECT coalesce(max(rows), 0) FROM import_batch WHERE state = 'writing'",
    )
}

fn start_import(db: &Path, file: &Path) -> Child {
    zhucun_command(db, &["import", "teams", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(importer: Child) {
    let o = importer.wait_with_output().unwrap();
    assert!(o.status.success(), "the import: {}", common::stderr(&o));
}

/// (1) and (2): while an administrator's 500,000-row teams import writes,
/// another writer's write gets the lock within a second, each time, and a
/// whole `zhucun record` succeeds; a reader polling the roster sees the old
/// count or the new one, never one in between.
#[test]
fn another_writer_and_readers_during_a_large_import() {
    const N: usize = 500_000;
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, roster(N, "队员")).unwrap();
    // The other writer: a session opened before, so only its write is timed.
    let mut other = Store::open(&db, common::today()).unwrap();
    let villages: Vec<String> = vec!["522701001202".into()];
    let mut importer = start_import(&db, &file);
    let c = raw(&db);
    wait_for("the import's write phase", 600, || batch_rows(&c) > 0);
    // A reader on its own thread, polling the view and the store's query.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let c = raw(&db);
            let s = Store::open_with(&db, common::today(), false).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            let mut team = std::collections::BTreeSet::new();
            loop {
                let last = stop.load(std::sync::atomic::Ordering::SeqCst);
                seen.insert(one(&c, "SELECT count(*) FROM posting"));
                team.insert(s.team(&code("522701001202")).unwrap().len());
                if last {
                    break;
                }
            }
            (seen, team)
        })
    };
    let mut waits = Vec::new();
    let mut n = 0;
    while importer.try_wait().unwrap().is_none() && n < 20 {
        let input = nth_input(&other, &villages, n, &format!("during-{n}"));
        let t0 = Instant::now();
        other.record(&input).unwrap();
        waits.push(t0.elapsed());
        n += 1;
        // The next write comes once the import has written another batch
        // (or has ended), so the writes fall among its batches.
        let before = batch_rows(&c);
        wait_for("the import's next batch", 600, || {
            batch_rows(&c) > before || importer.try_wait().unwrap().is_some()
        });
    }
    // A whole second process writes too (start, open, write, exit).
    let cli_ok = importer.try_wait().unwrap().is_none().then(|| {
        common::zhucun(
            &db,
            &[
                "record",
                "--village",
                "522702100201",
                "--task",
                "1",
                "--status",
                "done",
            ],
        )
    });
    finish(importer);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let (seen, team) = reader.join().unwrap();
    assert!(
        n >= 3,
        "the import ended before the other writer wrote: {n}"
    );
    let mut sorted = waits.clone();
    sorted.sort();
    println!(
        "batch_import: {n} writes of another session during a {N}-row import: median {} ms, longest {} ms",
        sorted[n / 2].as_millis(),
        sorted[n - 1].as_millis()
    );
    for w in &waits {
        assert!(*w < Duration::from_secs(1), "another writer waited {w:?}");
    }
    if let Some(o) = cli_ok {
        assert!(o.status.success(), "zhucun record: {}", common::stderr(&o));
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        vec![0, N as i64],
        "the reader saw only the old and the new count"
    );
    let per_village = N / 3 + usize::from(N % 3 > 1);
    assert!(
        team.iter().all(|&t| t == 0 || t == per_village),
        "team sizes seen: {team:?}"
    );
    assert_eq!(one(&c, "SELECT count(*) FROM team_member"), N as i64);
    assert_eq!(
        one(&c, "SELECT count(*) FROM team_member WHERE cadre IS NULL"),
        0
    );
}

/// (3): an import killed (SIGKILL) between or inside its batches leaves
/// nothing visible; the next open removes its rows, cadres and units,
/// audited; the same import then succeeds.
#[test]
fn a_killed_import_leaves_nothing_and_the_next_open_cleans_up() {
    const N: usize = 60_000;
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, roster(N, "杀")).unwrap();
    let c = raw(&db);
    let (cadres, units) = (
        one(&c, "SELECT count(*) FROM cadre"),
        one(&c, "SELECT count(*) FROM dispatch_unit"),
    );
    let mut importer = start_import(&db, &file);
    wait_for("a committed batch", 600, || {
        batch_rows(&c) > 0 || importer.try_wait().unwrap().is_some()
    });
    assert!(
        importer.try_wait().unwrap().is_none(),
        "the import ended before it could be killed"
    );
    kill(Pid::from_raw(importer.id() as i32), Signal::SIGKILL).unwrap();
    importer.wait().unwrap();
    // Rows were written, none of them visible.
    assert!(one(&c, "SELECT count(*) FROM team_member") > 0);
    assert_eq!(one(&c, "SELECT count(*) FROM posting"), 0);
    let s = Store::open_with(&db, common::today(), false).unwrap();
    assert_eq!(s.check().unwrap().team_members, 0);
    for v in VILLAGES {
        assert!(s.team(&code(v)).unwrap().is_empty());
    }
    // The open above found the importer gone and cleaned up.
    drop(s);
    assert_eq!(one(&c, "SELECT count(*) FROM team_member"), 0);
    assert_eq!(one(&c, "SELECT count(*) FROM cadre"), cadres);
    assert_eq!(one(&c, "SELECT count(*) FROM dispatch_unit"), units);
    assert_eq!(
        one(
            &c,
            "SELECT count(*) FROM import_batch WHERE state = 'abandoned' AND rows = 0"
        ),
        1
    );
    assert_eq!(
        one(
            &c,
            "SELECT count(*) FROM audit WHERE action = 'import abandoned' AND record = 'import/roster.csv' AND outcome = 'failed'"
        ),
        1
    );
    // The same import again: all of it.
    finish(start_import(&db, &file));
    assert_eq!(one(&c, "SELECT count(*) FROM posting"), N as i64);
    assert_eq!(one(&c, "SELECT count(*) FROM team_member"), N as i64);
}

/// The rows of an unfinished import whose process still runs are not
/// touched by another session's open (only a dead or long-idle one's are).
#[test]
fn a_running_import_is_not_cleaned_up_by_another_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let c = raw(&db);
    let me = std::process::id();
    let start: i64 = std::fs::read_to_string(format!("/proc/{me}/stat"))
        .unwrap()
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .nth(19)
        .unwrap()
        .parse()
        .unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    c.execute(
        "INSERT INTO import_batch(kind, label, account, pid, proc_start, started_at, touched_ms, first_member, first_cadre, first_unit, rows, state)
         VALUES ('teams', 'x.csv', 'a', ?1, ?2, '2026-11-28T09:00:00+08:00', ?3, 1, 1, 1, 1, 'writing')",
        (me, start, now_ms),
    )
    .unwrap();
    c.execute(
        "INSERT INTO team_member(village, name, role, unit, start_on, batch) VALUES ('522701001201', '未完', 'resident', '县直单位', '2026-01-01', 1)",
        [],
    )
    .unwrap();
    let s = Store::open(&db, common::today()).unwrap();
    assert!(s.team(&code("522701001201")).unwrap().is_empty());
    let open = s.open_batches().unwrap();
    assert_eq!(open.len(), 1);
    assert!(!open[0].dead, "its process runs: {open:?}");
    drop(s);
    assert_eq!(one(&c, "SELECT count(*) FROM team_member"), 1, "left alone");
    // Long idle (stopped, say): abandoned at the next open.
    c.execute(
        "UPDATE import_batch SET touched_ms = touched_ms - 3600000",
        [],
    )
    .unwrap();
    drop(Store::open(&db, common::today()).unwrap());
    assert_eq!(one(&c, "SELECT count(*) FROM team_member"), 0);
}

/// A batched import gives the same postings, cadres, units and gap report
/// as the same rows written in one transaction (the bulk loader's path),
/// and applies the file's updates of existing rows in its final step.
#[test]
fn batched_and_one_transaction_imports_agree() {
    const N: usize = 12_000;
    let dir = tempfile::tempdir().unwrap();
    let text = roster(N, "同");
    let file = dir.path().join("roster.csv");
    std::fs::write(&file, &text).unwrap();
    let make = |name: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        common::small_db(&d)
    };
    let (a, b) = (make("a"), make("b"));
    // a: through the batched import.
    let o = common::zhucun(&a, &["import", "teams", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // b: the same rows in one transaction.
    let mut s = Store::open(&b, common::today()).unwrap();
    s.load("same rows", |ld| {
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            ld.member(&zhucun::store::NewMember {
                village: code(f[0]),
                name: f[1].into(),
                role: zhucun::domain::MemberRole::Resident,
                unit: f[3].into(),
                start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    let content = |db: &Path| {
        let c = raw(db);
        let mut st = c
            .prepare(
                "SELECT t.village, t.name, t.role, t.unit, t.start_on, t.end_on, c.name, u.name
                 FROM posting p JOIN team_member t ON t.id = p.id JOIN cadre c ON c.id = t.cadre
                 JOIN dispatch_unit u ON u.id = c.unit ORDER BY t.village, t.name",
            )
            .unwrap();
        let rows: Vec<String> = st
            .query_map([], |r| {
                Ok((0..8)
                    .map(|i| r.get::<_, Option<String>>(i).unwrap().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let counts = (
            one(&c, "SELECT count(*) FROM cadre"),
            one(&c, "SELECT count(*) FROM dispatch_unit"),
        );
        let s = Store::open(db, common::today()).unwrap();
        let report = s.gap_report(&code("522700"), common::today()).unwrap();
        (rows, counts, serde_json::to_string(&report).unwrap())
    };
    let (ra, ca, ga) = content(&a);
    let (rb, cb, gb) = content(&b);
    assert_eq!(ra.len(), N);
    assert_eq!(ra, rb);
    assert_eq!(ca, cb);
    assert_eq!(ga, gb);
    // A second file: as many new rows again plus one changed end date of
    // an existing posting, written in batches; the change comes with the rest.
    let mut more = roster(N, "新");
    more.push_str("522701001201,同0,驻村队员,县直单位0,2026-01-01,2026-06-30\n");
    std::fs::write(&file, more).unwrap();
    let o = common::zhucun(&a, &["import", "teams", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let c = raw(&a);
    assert_eq!(one(&c, "SELECT count(*) FROM posting"), 2 * N as i64);
    assert_eq!(
        one(
            &c,
            "SELECT count(*) FROM team_member WHERE name = '同0' AND end_on = '2026-06-30'"
        ),
        1
    );
    assert_eq!(
        one(
            &c,
            "SELECT count(*) FROM import_batch WHERE state = 'visible'"
        ),
        2
    );
}

/// (4): an administrator's write is bounded too: one that holds the lock
/// past the bound is undone (all or nothing), with "split it".
#[test]
fn an_administrators_write_is_bounded() {
    const { assert!(zhucun::store::ADMIN_WRITE_BOUND.as_secs() < zhucun::store::BUSY_TIMEOUT.as_secs()) };
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let mut s = Store::open(&db, common::today()).unwrap();
    assert_eq!(s.actor().role(), Some(zhucun::domain::UserRole::Admin));
    s.set_write_bounds_for_tests(Duration::from_secs(2), Duration::from_millis(50));
    let before = s.check().unwrap();
    // A bulk load far longer than the bound.
    let r = s.load("too long", |ld| {
        for i in 0..2_000_000u32 {
            ld.member(&zhucun::store::NewMember {
                village: code("522701001201"),
                name: format!("长{i}"),
                role: zhucun::domain::MemberRole::Resident,
                unit: "县直单位".into(),
                start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                end: None,
            })?;
        }
        Ok(())
    });
    assert!(matches!(r, Err(StoreError::TooLong { ms: 50 })), "{r:?}");
    let after = s.check().unwrap();
    assert_eq!(before.team_members, after.team_members, "all or nothing");
    assert_eq!(before.audit_rows, after.audit_rows);
    assert!(
        r.unwrap_err()
            .message(zhucun::i18n::Lang::Zh)
            .contains("分成几小部分"),
        "says what to do"
    );
}

/// A reader stopped inside its read transaction does not block writers,
/// but holds back every checkpoint: the WAL grows with each write. The
/// guard kills it once it has held its read mark for the reader grace while
/// the WAL is over the limit; from then on the WAL stops growing.
#[test]
fn the_guard_stops_a_stopped_reader_that_holds_the_wal_back() {
    use crate::concurrency_common::{Job, worker_command};
    use std::io::BufRead;
    use zhucun::store::guard;
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let write = |tag: &str| {
        let file = dir.path().join(format!("{tag}.csv"));
        std::fs::write(&file, roster(3_000, tag)).unwrap();
        let o = common::zhucun(&db, &["import", "teams", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", common::stderr(&o));
    };
    write("甲");
    let job = Job {
        kind: "read-stop".into(),
        db: db.display().to_string(),
        account: zhucun::store::identity::account_name(),
        villages: vec!["522701001201".into()],
        count: 0,
        tag: "r".into(),
        think_ms: 0,
    };
    let mut reader = worker_command(&job).spawn().unwrap();
    // The harness prints its own lines first.
    let mut out = std::io::BufReader::new(reader.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("READING") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the reader ended");
    }
    let pid = reader.id() as i32;
    wait_for("the reader stopped", 60, || guard::is_stopped(pid));
    // The guard, as a library in this process (which has no connection to
    // this database): a small limit and no grace, so the test is short.
    const LIMIT: u64 = 4 * 1024 * 1024;
    let mut g = guard::Guard::new(&db, guard::GRACE).with_readers(Duration::ZERO, LIMIT);
    assert_eq!(guard::reader_holders(&db).unwrap(), vec![pid]);
    // Writers go on while it is stopped; the WAL grows.
    let mut n = 0;
    while guard::wal_size(&db) < LIMIT {
        write(&format!("乙{n}"));
        n += 1;
        assert!(n < 50, "the WAL never grew: {}", guard::wal_size(&db));
    }
    let grown = guard::wal_size(&db);
    let killed = g.check().unwrap();
    assert_eq!(killed.len(), 1, "{killed:?}");
    assert!(killed[0].reader && killed[0].pid == pid);
    let status = reader.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(9));
    // As much writing again: checkpoints complete, the WAL is reused.
    for k in 0..n {
        write(&format!("丙{k}"));
    }
    let after = guard::wal_size(&db);
    println!(
        "batch_import: WAL {grown} bytes with the stopped reader, {after} after as much writing again"
    );
    assert!(
        after <= grown + grown / 4,
        "the WAL kept growing: {grown} -> {after}"
    );
    let c = raw(&db);
    assert_eq!(
        one(&c, "SELECT count(*) FROM posting"),
        (3_000 * (1 + 2 * n)) as i64
    );
}

/// The upward report rows of a teams import's villages are recomputed in
/// the import's own transaction only while those villages' teams are small
/// (`upward_reports::INLINE_POSTINGS` in all): the work of that step grows
/// with the teams, not with the file, and would otherwise push a small
/// import into large villages past the write bound. Beyond it the rows are
/// left to the next push, which recomputes every report month.
#[test]
fn report_rows_follow_a_small_import_and_wait_for_the_push_after_a_large_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let import = |n: usize, tag: &str| {
        let file = dir.path().join(format!("{tag}.csv"));
        std::fs::write(&file, roster(n, tag)).unwrap();
        let o = common::zhucun(&db, &["import", "teams", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", common::stderr(&o));
    };
    let residents = || {
        one(
            &raw(&db),
            "SELECT coalesce(max(residents), -1) FROM upward_team_month
             WHERE village = '522701001201' AND month = '2026-11'",
        )
    };
    let posted = || {
        one(
            &raw(&db),
            "SELECT count(*) FROM team_member_visible
             WHERE village = '522701001201' AND role = 'resident'",
        )
    };
    // 90 new residents in three villages: recomputed with the import.
    import(90, "甲");
    assert_eq!(residents(), posted());
    let small = residents();
    // 3,000 more: the three teams now pass the bound; the rows wait.
    import(3_000, "乙");
    assert!(
        posted() > zhucun::store::upward_reports::INLINE_POSTINGS / 3,
        "the test's villages are large"
    );
    assert_eq!(residents(), small, "left to the next push");
}
