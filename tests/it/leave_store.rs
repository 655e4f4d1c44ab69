//! Leave (请销假) in the store: routing, approval fills the grid, refusal
//! after approval clears it, overlaps refused, overrun, the > 30 lead and
//! the permission refusals, each audited.

use crate::common::code;
use crate::import_common::{day, small_db};
use zhucun::domain::UserRole;
use zhucun::domain::attendance::{Approver, DayCode};
use zhucun::domain::leave::LeaveState;
use zhucun::store::{LeaveInput, Store, StoreError};

/// The small database with accounts of every role; returns the store (as
/// the administrator) and 张伟's cadre id.
fn setup(dir: &std::path::Path) -> (Store, i64) {
    let mut s = small_db(dir);
    s.add_user("town", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    s.add_user("town2", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    s.add_user("county", UserRole::County, Some(&code("522701")))
        .unwrap();
    s.add_user("team", UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    s.add_user("other", UserRole::Team, Some(&code("522701002201")))
        .unwrap();
    s.add_user("viewer", UserRole::Viewer, Some(&code("522701")))
        .unwrap();
    let cadre: i64 = s
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    (s, cadre)
}

fn input(cadre: i64, kind: DayCode, from: &str, to: &str) -> LeaveInput {
    LeaveInput {
        cadre,
        kind,
        from: day(from),
        to: day(to),
        reason: if kind == DayCode::SickLeave {
            String::new()
        } else {
            "家中有事".into()
        },
    }
}

fn grid(s: &Store, cadre: i64) -> Vec<(String, String, String)> {
    s.conn()
        .prepare("SELECT day, code, source FROM attendance WHERE cadre = ?1 ORDER BY day")
        .unwrap()
        .query_map([cadre], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn audited(s: &Store, action: &str, outcome: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1 AND outcome = ?2",
            [action, outcome],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn routing_follows_the_length_and_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    assert_eq!(s.leave_township_days().unwrap(), 3);
    s.set_account_for_tests("team").unwrap();
    let three = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-11-02",
            "2026-11-04",
        ))
        .unwrap();
    let four = s
        .request_leave(&input(cadre, DayCode::Rest, "2026-11-09", "2026-11-12"))
        .unwrap();
    assert_eq!(s.leave(three).unwrap().approver, Approver::Township);
    assert_eq!(s.leave(four).unwrap().approver, Approver::County);
    // The setting changes what new requests get, not the pending ones.
    s.set_account_for_tests("team").unwrap();
    assert!(matches!(
        s.set_leave_township_days(5),
        Err(StoreError::Denied { .. })
    ));
    let admin = whoami();
    s.set_account_for_tests(&admin).unwrap();
    s.set_leave_township_days(5).unwrap();
    assert_eq!(s.leave_township_days().unwrap(), 5);
    assert_eq!(s.leave(four).unwrap().approver, Approver::County);
    s.set_account_for_tests("team").unwrap();
    let four_now = s
        .request_leave(&input(cadre, DayCode::Rest, "2026-11-16", "2026-11-19"))
        .unwrap();
    assert_eq!(s.leave(four_now).unwrap().approver, Approver::Township);
    s.set_account_for_tests(&admin).unwrap();
    assert!(s.set_leave_township_days(0).is_err());
}

fn whoami() -> String {
    zhucun::store::identity::account_name()
}

#[test]
fn approval_fills_the_grid_and_refusal_after_it_clears_exactly_those_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    // A day the township typed, outside the leave, stays. (The leave ends
    // today, so no overrun.)
    s.conn()
        .execute(
            "INSERT INTO attendance(cadre, day, code, source) VALUES (?1, '2026-11-25', 'present', 'grid')",
            [cadre],
        )
        .unwrap();
    s.set_account_for_tests("team").unwrap();
    let id = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-11-26",
            "2026-11-28",
        ))
        .unwrap();
    assert_eq!(grid(&s, cadre).len(), 1, "a pending leave writes nothing");
    s.set_account_for_tests("town").unwrap();
    s.approve_leave(id, Some(1)).unwrap();
    let g = grid(&s, cadre);
    assert_eq!(g.len(), 4, "{g:?}");
    assert_eq!(
        g[1..].iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["personal_leave"; 3]
    );
    assert!(g[1..].iter().all(|r| r.2 == "leave"));
    // A stale version is a conflict, audited, nothing changed.
    let err = s.refuse_leave(id, Some(1), "材料不全").unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(audited(&s, "refuse leave", "conflict"), 1);
    s.refuse_leave(id, Some(2), "材料不全").unwrap();
    let l = s.leave(id).unwrap();
    assert_eq!(l.state, LeaveState::Refused);
    assert_eq!(l.refusal.as_deref(), Some("材料不全"));
    assert_eq!(
        grid(&s, cadre),
        vec![("2026-11-25".into(), "present".into(), "grid".into())]
    );
    assert_eq!(audited(&s, "approve leave", "ok"), 1);
    assert_eq!(audited(&s, "refuse leave", "ok"), 1);
}

#[test]
fn an_overlapping_leave_is_refused_with_the_others_dates() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    s.set_account_for_tests("team").unwrap();
    let first = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-11-02",
            "2026-11-04",
        ))
        .unwrap();
    let err = s
        .request_leave(&input(
            cadre,
            DayCode::SickLeave,
            "2026-11-04",
            "2026-11-05",
        ))
        .unwrap_err();
    let msg = err.message(zhucun::i18n::Lang::Zh);
    assert!(
        msg.contains("2026-11-02") && msg.contains("2026-11-04"),
        "{msg}"
    );
    assert!(err.to_string().contains(&format!("leave {first}")), "{err}");
    // Once withdrawn, the days are free again.
    s.withdraw_leave(first, None).unwrap();
    s.request_leave(&input(
        cadre,
        DayCode::SickLeave,
        "2026-11-04",
        "2026-11-05",
    ))
    .unwrap();
    // Sick leave takes no free-text reason.
    let mut sick = input(cadre, DayCode::SickLeave, "2026-11-20", "2026-11-20");
    sick.reason = "感冒发烧".into();
    let err = s.request_leave(&sick).unwrap_err();
    assert!(err.message(zhucun::i18n::Lang::Zh).contains("病假只记类别"));
}

#[test]
fn permission_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    // Another village's team may not request for this cadre; a viewer neither.
    for account in ["other", "viewer", "town2"] {
        s.set_account_for_tests(account).unwrap();
        let err = s
            .request_leave(&input(cadre, DayCode::Rest, "2026-11-02", "2026-11-03"))
            .unwrap_err();
        assert!(matches!(err, StoreError::Denied { .. }), "{account}: {err}");
        assert!(!err.to_string().contains("522701001201"), "{err}");
    }
    assert_eq!(audited(&s, "request leave", "refused"), 3);
    s.set_account_for_tests("team").unwrap();
    let long = s
        .request_leave(&input(cadre, DayCode::Rest, "2026-11-02", "2026-11-06"))
        .unwrap();
    // The team may not approve; the township may not approve long leave.
    for account in ["team", "town", "viewer"] {
        s.set_account_for_tests(account).unwrap();
        let err = s.approve_leave(long, None).unwrap_err();
        assert!(matches!(err, StoreError::Denied { .. }), "{account}: {err}");
    }
    assert_eq!(audited(&s, "approve leave", "refused"), 3);
    s.set_account_for_tests("county").unwrap();
    s.approve_leave(long, None).unwrap();
    // The township sees it, but may not decide it.
    s.set_account_for_tests("town").unwrap();
    let rows = s.leave_requests(None).unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].decidable);
    s.set_account_for_tests("other").unwrap();
    assert!(s.leave(long).is_err());
}

#[test]
fn leave_past_its_end_without_return_becomes_absent() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    s.set_account_for_tests("team").unwrap();
    let id = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-11-20",
            "2026-11-22",
        ))
        .unwrap();
    s.set_account_for_tests("town").unwrap();
    s.approve_leave(id, None).unwrap();
    // Today is 11-28: 23..28 are 未在岗 once the queue opens.
    s.open_leave_queue().unwrap();
    let absent: Vec<String> = grid(&s, cadre)
        .into_iter()
        .filter(|r| r.1 == "absent")
        .map(|r| r.0)
        .collect();
    assert_eq!(absent.len(), 6, "{absent:?}");
    assert_eq!(absent[0], "2026-11-23");
    assert_eq!(audited(&s, "leave overrun", "ok"), 1);
    // Opening again writes nothing more.
    s.open_leave_queue().unwrap();
    assert_eq!(audited(&s, "leave overrun", "ok"), 1);
    // 销假 on 11-25: 23 and 24 stay absent, 25 on are cleared.
    s.set_account_for_tests("team").unwrap();
    s.record_return(id, None, day("2026-11-25")).unwrap();
    let g = grid(&s, cadre);
    let absent: Vec<&str> = g
        .iter()
        .filter(|r| r.1 == "absent")
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(absent, ["2026-11-23", "2026-11-24"]);
    assert_eq!(g.len(), 5);
    // A return in the future is refused.
    let err = s.record_return(id, None, day("2026-12-01")).unwrap_err();
    assert!(err.to_string().contains("after today"), "{err}");
}

#[test]
fn a_year_past_thirty_leave_days_opens_one_recall_lead() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, cadre) = setup(dir.path());
    let admin = whoami();
    let mut ids = vec![];
    s.set_account_for_tests("team").unwrap();
    // 20 + 10 days: exactly 30, no lead.
    ids.push(
        s.request_leave(&input(cadre, DayCode::Rest, "2026-03-01", "2026-03-20"))
            .unwrap(),
    );
    ids.push(
        s.request_leave(&input(cadre, DayCode::Rest, "2026-05-01", "2026-05-10"))
            .unwrap(),
    );
    s.set_account_for_tests(&admin).unwrap();
    for id in &ids {
        s.approve_leave(*id, None).unwrap();
        s.record_return(*id, None, s.leave(*id).unwrap().to.succ_opt().unwrap())
            .unwrap();
    }
    let leads = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM recall_case WHERE origin = 'leave_over_30' AND origin_ref = '2026'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(leads(&s), 0);
    // One more day: 31, a lead.
    s.set_account_for_tests("team").unwrap();
    let one = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-06-01",
            "2026-06-01",
        ))
        .unwrap();
    s.set_account_for_tests("town").unwrap();
    s.approve_leave(one, None).unwrap();
    assert_eq!(leads(&s), 1);
    assert_eq!(audited(&s, "open recall lead", "ok"), 1);
    // Another approval that year opens no second lead.
    s.set_account_for_tests("team").unwrap();
    let two = s
        .request_leave(&input(
            cadre,
            DayCode::PersonalLeave,
            "2026-07-01",
            "2026-07-01",
        ))
        .unwrap();
    s.set_account_for_tests("town").unwrap();
    s.approve_leave(two, None).unwrap();
    assert_eq!(leads(&s), 1);
}
