//! Two sessions editing the same record: the second save is a conflict that
//! names who changed it, when and to what; nothing is overwritten; both
//! attempts are in the audit trail. Then many people editing one record at
//! once: no update is lost, every stale save is detected.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
mod concurrency_common;
use common::*;
use concurrency_common::*;
use zhucun::domain::{Period, Status, UserRole};
use zhucun::store::{RecordInput, Store, StoreError, record_key};

#[test]
#[ignore = "worker process started by the tests in this file"]
fn worker() {
    worker_main();
}

fn edit(expected: i64, status: Status, note: &str) -> RecordInput {
    RecordInput {
        village: code("522701001201"),
        task: 4,
        period: Period::parse("2026-11").unwrap(),
        status,
        note: Some(note.into()),
        done_on: None,
        expected_version: Some(expected),
    }
}

#[test]
fn second_session_gets_the_conflict_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut admin = Store::open(&db, today()).unwrap();
    admin
        .set_user("wang", UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    admin
        .set_user("li", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    let mut a = Store::open(&db, today()).unwrap();
    a.set_account_for_tests("wang").unwrap();
    let mut b = Store::open(&db, today()).unwrap();
    b.set_account_for_tests("li").unwrap();
    let village = code("522701001201");
    let period = Period::parse("2026-11").unwrap();
    // Both read the record (nothing recorded yet: version 0).
    let seen_a = a.checklist(&village, today()).unwrap()[3].version();
    let seen_b = b.checklist(&village, today()).unwrap()[3].version();
    assert_eq!((seen_a, seen_b), (0, 0));
    let saved = a
        .record(&edit(seen_a, Status::Done, "三会一课已开，记录齐全"))
        .unwrap();
    assert_eq!(saved.version, 1);
    let e = b
        .record(&edit(seen_b, Status::Doing, "还差党小组会记录"))
        .unwrap_err();
    match &e {
        StoreError::Conflict {
            by,
            at,
            status,
            note,
            version,
        } => {
            assert_eq!(by, "wang");
            assert_eq!(at, &saved.recorded_at);
            assert_eq!(status, "done");
            assert_eq!(note, ", note \"三会一课已开，记录齐全\"");
            assert_eq!(*version, 1);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        format!(
            "conflict: wang changed this record at {} (now done, note \"三会一课已开，记录齐全\") after you read it; nothing was overwritten. Reload and decide",
            saved.recorded_at
        )
    );
    // Nothing overwritten.
    let now = b.completion(&village, 4, period).unwrap().unwrap();
    assert_eq!((now.status, now.version), (Status::Done, 1));
    assert_eq!(now.note, "三会一课已开，记录齐全");
    assert_eq!(now.recorded_by, "wang");
    // Both attempts audited, in order.
    let key = record_key(&village, 4, period);
    let hist = admin.history(&key).unwrap();
    let rows: Vec<(&str, &str, Option<&str>)> = hist
        .iter()
        .map(|h| (h.account.as_str(), h.outcome.as_str(), h.new.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("wang", "ok", Some("done: 三会一课已开，记录齐全")),
            ("li", "conflict", Some("doing: 还差党小组会记录")),
        ]
    );
    assert_eq!(hist[1].old.as_deref(), Some("done: 三会一课已开，记录齐全"));
    // The second person decides to keep theirs, knowingly: a save with the
    // version they have now seen.
    let kept = b
        .record(&edit(1, Status::Doing, "还差党小组会记录"))
        .unwrap();
    assert_eq!((kept.version, kept.recorded_by.as_str()), (2, "li"));
    assert_eq!(admin.verify_audit().unwrap(), None);
}

#[test]
fn many_people_editing_one_record_lose_nothing() {
    const PEOPLE: usize = 8;
    const EDITS: usize = 60;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = Store::open(&db, today()).unwrap().actor().account.clone();
    let children: Vec<_> = (0..PEOPLE)
        .map(|p| {
            let job = Job {
                kind: "edit".into(),
                db: db.display().to_string(),
                account: me.clone(),
                villages: vec!["522701001201".into()],
                count: EDITS,
                tag: format!("person{p}"),
                think_ms: 3,
            };
            worker_command("worker", &job).spawn().unwrap()
        })
        .collect();
    let (mut ok, mut conflicts, mut acked) = (0, 0, Vec::new());
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let s = summary(&out.stdout);
        ok += get(&s, "ok");
        conflicts += get(&s, "conflicts");
        acked.extend(acks(&out.stdout));
    }
    let committed = check_invariants(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    let audited_conflicts = c
        .query_row(
            "SELECT count(*) FROM audit WHERE outcome = 'conflict'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64;
    let (version, note): (i64, String) = c
        .query_row(
            "SELECT version, note FROM completion WHERE village = '522701001201' AND task = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    println!(
        "conflicts: {PEOPLE} people x {EDITS} read-think-save edits of one record: {ok} saved, {conflicts} conflicts detected (audited {audited_conflicts}), 0 lost (final version {version})"
    );
    assert_eq!(ok + conflicts, (PEOPLE * EDITS) as u64);
    assert_eq!(committed, ok, "every save is one audited write");
    assert_eq!(version as u64, ok, "no save was lost");
    assert_eq!(audited_conflicts, conflicts);
    assert!(conflicts > 0, "concurrent editors should have collided");
    // Versions acknowledged are unique (no two saves from the same read) and
    // the record holds the last one.
    let mut versions: Vec<i64> = acked.iter().map(|a| a.1).collect();
    versions.sort_unstable();
    versions.dedup();
    assert_eq!(versions.len() as u64, ok);
    let last = acked.iter().max_by_key(|a| a.1).unwrap();
    assert_eq!(note, last.2);
}
