//! Recording completion: versions, conflicts, audit rows, rollups, permissions.

use crate::common;
use common::*;
use zhucun::domain::{Period, Status, UserRole};
use zhucun::store::{RecordInput, Store, StoreError, record_key};

fn input(
    village: &str,
    task: u32,
    period: &str,
    status: Status,
    expected: Option<i64>,
) -> RecordInput {
    RecordInput {
        village: code(village),
        task,
        period: Period::parse(period).unwrap(),
        status,
        note: Some(format!("{task} 号任务，{}", status.key())),
        done_on: None,
        expected_version: expected,
    }
}

#[test]
fn versions_and_audit_rows_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let a = s
        .record(&input("522701001201", 1, "2026-11", Status::Doing, Some(0)))
        .unwrap();
    assert_eq!(a.version, 1);
    let b = s
        .record(&input("522701001201", 1, "2026-11", Status::Done, Some(1)))
        .unwrap();
    assert_eq!(b.version, 2);
    assert_eq!(b.done_on, Some(today()));
    let hist = s
        .history(&record_key(
            &code("522701001201"),
            1,
            Period::parse("2026-11").unwrap(),
        ))
        .unwrap();
    assert_eq!(hist.len(), 2);
    assert_eq!(hist[0].old, None);
    assert_eq!(hist[1].old.as_deref(), Some("doing: 1 号任务，doing"));
    assert_eq!(hist[1].new.as_deref(), Some("done: 1 号任务，done"));
    assert!(
        hist.iter()
            .all(|h| h.outcome == "ok" && h.account == s.actor().account)
    );
    assert_eq!(s.verify_audit().unwrap(), None);
}

#[test]
fn stale_write_is_a_conflict_naming_who_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut first = Store::open(&db, today()).unwrap();
    let mut second = Store::open(&db, today()).unwrap();
    // Both read version 0; the first saves.
    let saved = first
        .record(&input("522701001201", 9, "2026-11", Status::Done, Some(0)))
        .unwrap();
    let err = second
        .record(&input("522701001201", 9, "2026-11", Status::Doing, Some(0)))
        .unwrap_err();
    match &err {
        StoreError::Conflict {
            by,
            at,
            status,
            version,
            ..
        } => {
            assert_eq!(by, &first.actor().account);
            assert_eq!(at, &saved.recorded_at);
            assert_eq!(status, "done");
            assert_eq!(*version, 1);
        }
        e => panic!("expected a conflict, got {e}"),
    }
    assert!(err.to_string().contains("nothing was overwritten"));
    let now = first
        .completion(&code("522701001201"), 9, Period::parse("2026-11").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(now.status, Status::Done);
    assert_eq!(now.version, 1);
    let hist = first
        .history(&record_key(
            &code("522701001201"),
            9,
            Period::parse("2026-11").unwrap(),
        ))
        .unwrap();
    let outcomes: Vec<&str> = hist.iter().map(|h| h.outcome.as_str()).collect();
    assert_eq!(outcomes, ["ok", "conflict"]);
    // Keeping one's own after seeing the conflict: retry with the version seen.
    let kept = second
        .record(&input("522701001201", 9, "2026-11", Status::Doing, Some(1)))
        .unwrap();
    assert_eq!(kept.version, 2);
}

#[test]
fn audit_rows_cannot_be_changed_and_tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    s.record(&input("522701001201", 1, "2026-11", Status::Done, None))
        .unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&db).unwrap();
    let e = c
        .execute("UPDATE audit SET account = 'someone' WHERE seq = 2", [])
        .unwrap_err();
    assert!(e.to_string().contains("audit rows are append-only"), "{e}");
    let e = c.execute("DELETE FROM audit", []).unwrap_err();
    assert!(e.to_string().contains("audit rows are append-only"), "{e}");
    c.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET new = 'done: forged' WHERE seq = 3;",
    )
    .unwrap();
    drop(c);
    let s = Store::open(&db, today()).unwrap();
    assert_eq!(
        s.verify_audit().unwrap(),
        Some((3, zhucun::store::ChainBreak::Mismatch))
    );
}

/// Recount every rollup row from the completion table.
fn recount(s: &Store) -> Vec<(String, String, i64, i64, i64)> {
    let mut st = s
        .conn()
        .prepare(
            "WITH c AS (SELECT village, period, status FROM completion),
             lin AS (
               SELECT village AS code, period, status FROM c
               UNION ALL SELECT substr(village, 1, 9), period, status FROM c
               UNION ALL SELECT substr(village, 1, 6), period, status FROM c
               UNION ALL SELECT substr(village, 1, 4) || '00', period, status FROM c
               UNION ALL SELECT substr(village, 1, 2) || '0000', period, status FROM c)
             SELECT code, period, sum(status = 'done'), sum(status = 'doing'), sum(status = 'na')
             FROM lin GROUP BY code, period ORDER BY code, period",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn stored(s: &Store) -> Vec<(String, String, i64, i64, i64)> {
    let mut st = s
        .conn()
        .prepare("SELECT code, period, done, doing, na FROM rollup WHERE done + doing + na > 0 ORDER BY code, period")
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

#[test]
fn rollups_match_a_full_recount_after_many_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let villages = [
        "522701001001",
        "522701001201",
        "522701001202",
        "522702100201",
    ];
    let statuses = [Status::Done, Status::Doing, Status::Na, Status::Todo];
    let mut x: u64 = 7;
    for _ in 0..300 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let v = villages[(x >> 33) as usize % 4];
        let task = 1 + ((x >> 20) % 25) as u32;
        let cadence = s.catalogue().task(task).unwrap().cadence;
        let month = 1 + ((x >> 40) % 11) as u32;
        let period = cadence.period_for(chrono::NaiveDate::from_ymd_opt(2026, month, 15).unwrap());
        let status = statuses[((x >> 50) % 4) as usize];
        s.record(&RecordInput {
            village: code(v),
            task,
            period,
            status,
            note: None,
            done_on: None,
            expected_version: None,
        })
        .unwrap();
    }
    let counted: Vec<_> = recount(&s)
        .into_iter()
        .filter(|r| r.2 + r.3 + r.4 > 0)
        .collect();
    assert_eq!(stored(&s), counted);
    // The rollup API agrees with the recount for the prefecture's year.
    let p = s
        .progress(&code("522700"), Period::parse("2026").unwrap())
        .unwrap();
    let done: i64 = counted
        .iter()
        .filter(|r| r.0 == "522700")
        .map(|r| r.2)
        .sum();
    assert_eq!(p.done as i64, done);
    // December has not begun on 11-28: 11 months are due.
    assert_eq!(p.expected, 4 * (11 * 9 + 4 * 10 + 6));
}

#[test]
fn overdue_is_derived_from_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let v = code("522701001201");
    s.record(&input("522701001201", 1, "2026-10", Status::Done, None))
        .unwrap();
    s.record(&input("522701001201", 4, "2026-10", Status::Na, None))
        .unwrap();
    s.record(&input("522701001201", 5, "2026-10", Status::Doing, None))
        .unwrap();
    let oct = Period::parse("2026-10").unwrap();
    let p = s.progress(&v, oct).unwrap();
    // 9 monthly tasks: one done, one n/a, the other 7 overdue after October.
    assert_eq!(
        (p.expected, p.done, p.na, p.doing, p.overdue),
        (9, 1, 1, 1, 7)
    );
    s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    assert_eq!(s.progress(&v, oct).unwrap().overdue, 0);
    let rows = s
        .checklist(&v, chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
        .unwrap();
    assert_eq!(rows.len(), 25);
    assert_eq!(rows[0].status(), Status::Done);
    s.set_today(today());
    let rows = s
        .checklist(&v, chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
        .unwrap();
    assert_eq!(rows[4].display, zhucun::domain::DisplayStatus::Overdue);
}

#[test]
fn permissions_are_enforced_and_refusals_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut admin = Store::open(&db, today()).unwrap();
    admin
        .set_user("liaison_dy", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    admin
        .set_user("viewer1", UserRole::Viewer, Some(&code("522700")))
        .unwrap();
    let mut s = Store::open(&db, today()).unwrap();
    s.set_account_for_tests("liaison_dy").unwrap();
    s.record(&input("522701001201", 1, "2026-11", Status::Done, None))
        .unwrap();
    let e = s
        .record(&input("522702100201", 1, "2026-11", Status::Done, None))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "permission denied: liaison_dy (township) may not record completion for 522702100201; this was recorded in the audit log"
    );
    s.set_account_for_tests("viewer1").unwrap();
    assert!(matches!(
        s.record(&input("522701001201", 1, "2026-11", Status::Done, None)),
        Err(StoreError::Denied { .. })
    ));
    s.set_account_for_tests("stranger").unwrap();
    let e = s
        .record(&input("522701001201", 1, "2026-11", Status::Done, None))
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("account stranger is not a zhucun user; ask an administrator ("),
        "{e}"
    );
    let refused = admin
        .audit_rows(&zhucun::store::AuditFilter {
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|a| a.outcome == "refused")
        .count();
    assert_eq!(refused, 2);
    assert_eq!(
        admin
            .completion(&code("522702100201"), 1, Period::parse("2026-11").unwrap())
            .unwrap(),
        None
    );
}
