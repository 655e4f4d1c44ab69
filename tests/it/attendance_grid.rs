//! The attendance grid (考勤) in the store: reading a scope's month,
//! saving it once with its version checked, permissions, and the month
//! close that opens a recall lead once per cadre under 20 days.

use crate::common::code;
use crate::import_common::{day, small_db};
use zhucun::domain::attendance::DayCode;
use zhucun::domain::{MemberRole, Period, UserRole};
use zhucun::store::{NewMember, SaveOutcome, Store, StoreError};

fn march() -> Period {
    Period::parse("2026-03").unwrap()
}

/// small_db's 张伟 in 青山村 plus 李芳 (resident) there and 陈红 in 白云村
/// (posted from 2026-03-16).
fn store(dir: &std::path::Path) -> Store {
    let mut s = small_db(dir);
    s.load("grid test", |ld| {
        for (v, n, r, st) in [
            ("522701001201", "李芳", MemberRole::Resident, "2025-06-01"),
            (
                "522701002201",
                "陈红",
                MemberRole::FirstSecretary,
                "2026-03-16",
            ),
        ] {
            ld.member(&NewMember {
                village: code(v),
                name: n.into(),
                role: r,
                unit: "州虚构局".into(),
                start: day(st),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    for (a, role, scope) in [
        ("guanghui", UserRole::Township, "522701001"),
        ("guanghui2", UserRole::Township, "522701001"),
        ("qingshan", UserRole::Team, "522701001201"),
        ("wenfeng", UserRole::Township, "522701002"),
        ("look", UserRole::Viewer, "522701"),
    ] {
        s.add_user(a, role, Some(&code(scope))).unwrap();
    }
    s
}

fn audit_count(s: &Store, action: &str, outcome: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1 AND outcome = ?2",
            [action, outcome],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn grid_rows_sort_by_village_role_name_and_respect_postings() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let g = s.attendance_grid(&code("522701"), march());
    assert!(g.is_err(), "a county is not a grid scope");
    let g = s.attendance_grid(&code("522701001201"), march()).unwrap();
    let names: Vec<&str> = g.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["张伟", "李芳"]);
    assert_eq!(g.days(), 31);
    assert_eq!(g.months[0].version, 0);
    // 陈红 was posted from the 16th: her row holds 16 days.
    let mut s = s;
    s.set_account_for_tests("wenfeng").unwrap();
    let g = s.attendance_grid(&code("522701002"), march()).unwrap();
    assert_eq!(g.lines.len(), 1);
    assert_eq!(g.lines[0].row.posted, (16, 31));
}

#[test]
fn save_then_a_stale_save_is_a_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.set_account_for_tests("guanghui").unwrap();
    let v = code("522701001201");
    let mut g = s.attendance_grid(&v, march()).unwrap();
    for l in &mut g.lines {
        l.row.fill_month();
    }
    g.lines[1]
        .row
        .fill_range(1, 12, Some(DayCode::PersonalLeave));
    let stale = g.to_save();
    assert!(matches!(
        s.save_attendance(march(), &stale).unwrap(),
        SaveOutcome::Saved { cells: 62, .. }
    ));
    let g2 = s.attendance_grid(&v, march()).unwrap();
    assert_eq!(g2.months[0].version, 1);
    assert_eq!(g2.lines[1].totals().in_village, 19);
    assert!(g2.lines[1].totals().below);
    assert_eq!(g2.lines[0].year_in_village, 31);
    assert_eq!(audit_count(&s, "save attendance", "ok"), 1);
    // A colleague read version 1 too and saved first.
    let mut other = Store::open(s.path(), s.today()).unwrap();
    other.set_account_for_tests("guanghui2").unwrap();
    let mut g3 = other.attendance_grid(&v, march()).unwrap();
    g3.lines[0].row.set(2, Some(DayCode::Rest));
    let saved = other.save_attendance(march(), &g3.to_save()).unwrap();
    assert!(
        matches!(saved, SaveOutcome::Saved { cells: 1, .. }),
        "{saved:?}"
    );
    // Ours (read at version 1) is now a conflict.
    let mut mine = g2.clone();
    mine.lines[0].row.set(3, Some(DayCode::SickLeave));
    match s.save_attendance(march(), &mine.to_save()).unwrap() {
        SaveOutcome::Conflict(c) => {
            assert_eq!(c.by, "guanghui2");
            assert_eq!(c.version, 2);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(audit_count(&s, "save attendance", "conflict"), 1);
    let now = s.attendance_grid(&v, march()).unwrap();
    assert_eq!(now.lines[0].row.cells[2], Some(DayCode::Present));
    // Keep mine, knowingly: written over version 2, audited as overrode.
    let mut keep = mine.to_save();
    keep[0].expected_version = 2;
    s.save_attendance_overriding(march(), &keep).unwrap();
    assert_eq!(audit_count(&s, "save attendance", "overrode"), 1);
    let now = s.attendance_grid(&v, march()).unwrap();
    assert_eq!(now.lines[0].row.cells[2], Some(DayCode::SickLeave));
    assert_eq!(now.lines[0].row.cells[1], Some(DayCode::Present));
}

#[test]
fn team_and_viewer_read_only_other_townships_refused_all_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let v = code("522701001201");
    for who in ["qingshan", "look"] {
        s.set_account_for_tests(who).unwrap();
        let mut g = s.attendance_grid(&v, march()).unwrap();
        g.lines[0].row.fill_month();
        let e = s.save_attendance(march(), &g.to_save()).unwrap_err();
        assert!(matches!(e, StoreError::Denied { .. }), "{who}: {e}");
        assert!(!s.may_enter_attendance(&v).unwrap());
    }
    assert_eq!(audit_count(&s, "save attendance", "refused"), 2);
    // Another township neither reads nor writes 青山村's grid.
    s.set_account_for_tests("wenfeng").unwrap();
    assert!(matches!(
        s.attendance_grid(&v, march()).unwrap_err(),
        StoreError::Denied { .. }
    ));
    assert!(matches!(
        s.close_attendance_month(&v, march()).unwrap_err(),
        StoreError::Denied { .. }
    ));
    assert_eq!(audit_count(&s, "read", "refused"), 1);
    assert_eq!(audit_count(&s, "save attendance", "refused"), 3);
    // The team reads its own grid but not its neighbour's.
    s.set_account_for_tests("qingshan").unwrap();
    assert!(s.attendance_grid(&code("522701001"), march()).is_err());
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn close_opens_a_lead_once_per_cadre_under_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.set_account_for_tests("guanghui").unwrap();
    let t = code("522701001");
    // Nothing entered yet: refused, naming who is missing.
    let e = s.close_attendance_month(&t, march()).unwrap_err();
    assert!(
        e.message(zhucun::i18n::Lang::En).contains("without a code"),
        "{e}"
    );
    let mut g = s.attendance_grid(&t, march()).unwrap();
    for l in &mut g.lines {
        l.row.fill_month();
    }
    g.lines[1].row.fill_range(1, 12, Some(DayCode::Absent));
    s.save_attendance(march(), &g.to_save()).unwrap();
    let leads = s.close_attendance_month(&t, march()).unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].name, "李芳");
    assert_eq!(leads[0].days, 19);
    assert!(leads[0].opened);
    let again = s.close_attendance_month(&t, march()).unwrap();
    assert!(!again[0].opened, "a second close opens nothing new");
    let cases: Vec<(String, String, String)> = s
        .conn()
        .prepare("SELECT origin, origin_ref, stage FROM recall_case")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        cases,
        vec![("low_days".into(), "2026-03".into(), "lead".into())]
    );
    assert_eq!(audit_count(&s, "open low-days lead", "ok"), 1);
    assert_eq!(audit_count(&s, "close attendance month", "ok"), 1);
    assert!(s.attendance_grid(&t, march()).unwrap().closed());
    // This month is not over yet (today is 2026-11-28).
    let nov = Period::parse("2026-11").unwrap();
    let e = s.close_attendance_month(&t, nov).unwrap_err();
    assert!(
        e.message(zhucun::i18n::Lang::En).contains("not over"),
        "{e}"
    );
}
