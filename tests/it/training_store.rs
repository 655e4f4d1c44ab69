//! Training sessions (schema version 10): a session's days fill the grid
//! for those who attended, editing the dates or a mark rewrites exactly
//! those days, deleting the session takes them out, other records keep
//! their days; permissions are checked and refusals audited.

use crate::common::code;
use crate::import_common::{day, small_db};
use zhucun::domain::MemberRole;
use zhucun::domain::UserRole;
use zhucun::domain::training::{Kind, Mark};
use zhucun::store::{MarkInput, NewMember, SessionInput, Store, StoreError};

/// 青山村: 张伟 (since 2025-06-01), 李芳 (since 2026-04-01); 白云村: 王强.
pub(crate) fn db(dir: &std::path::Path) -> Store {
    let mut s = small_db(dir);
    s.load("more", |ld| {
        for (v, n, st) in [
            ("522701001201", "李芳", "2026-04-01"),
            ("522701002201", "王强", "2024-03-01"),
        ] {
            ld.member(&NewMember {
                village: code(v),
                name: n.into(),
                role: MemberRole::Resident,
                unit: "州虚构局".into(),
                start: day(st),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    s
}

fn cadre(s: &Store, name: &str) -> i64 {
    s.conn()
        .query_row("SELECT id FROM cadre WHERE name = ?1", [name], |r| r.get(0))
        .unwrap()
}

fn session(from: &str, to: &str) -> SessionInput {
    SessionInput {
        title: "乡村振兴政策专题培训".into(),
        kind: Kind::Policy,
        division: code("522701"),
        organiser: "都匀市驻村办".into(),
        from: day(from),
        to: day(to),
        hours: 24,
        venue: "市委党校".into(),
        speakers: "王讲师".into(),
    }
}

/// The grid of a cadre: (day, code, source, ref).
fn grid(s: &Store, cadre: i64) -> Vec<(String, String, String, Option<i64>)> {
    s.conn()
        .prepare("SELECT day, code, source, ref FROM attendance WHERE cadre = ?1 ORDER BY day")
        .unwrap()
        .query_map([cadre], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn days_of(g: &[(String, String, String, Option<i64>)], code: &str) -> Vec<String> {
    g.iter()
        .filter(|r| r.1 == code)
        .map(|r| r.0.clone())
        .collect()
}

fn put(s: &Store, cadre: i64, d: &str, code: &str, source: &str) {
    s.conn()
        .execute(
            "INSERT INTO attendance(cadre, day, code, source) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![cadre, d, code, source],
        )
        .unwrap();
}

fn mark(cadre: i64, m: Mark) -> MarkInput {
    MarkInput {
        cadre,
        mark: m,
        hours: None,
    }
}

#[test]
fn session_days_fill_the_grid_for_those_who_attended() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let (zhang, li, wang) = (cadre(&s, "张伟"), cadre(&s, "李芳"), cadre(&s, "王强"));
    // The township typed 在村 for 张伟 on the 7th and approved a leave on the 8th.
    put(&s, zhang, "2026-05-07", "present", "grid");
    put(&s, zhang, "2026-05-08", "personal_leave", "leave");
    let id = s
        .add_training_session(&session("2026-05-06", "2026-05-09"))
        .unwrap();
    let out = s
        .mark_training(
            id,
            &[
                mark(zhang, Mark::Attended),
                mark(li, Mark::Leave),
                mark(wang, Mark::Attended),
            ],
        )
        .unwrap();
    assert_eq!((out.marked, out.days, out.conflicts), (3, 7, 1));
    let g = grid(&s, zhang);
    assert_eq!(
        days_of(&g, "training"),
        vec!["2026-05-06", "2026-05-07", "2026-05-09"]
    );
    assert!(
        g.iter()
            .filter(|r| r.1 == "training")
            .all(|r| r.2 == "training" && r.3 == Some(id))
    );
    // The leave keeps its day; the roster shows the conflict.
    assert_eq!(days_of(&g, "personal_leave"), vec!["2026-05-08"]);
    assert!(grid(&s, li).is_empty(), "请假 writes no day");
    assert_eq!(days_of(&grid(&s, wang), "training").len(), 4);
    let roster = s.training_roster(id).unwrap();
    let names: Vec<&str> = roster.iter().map(|r| r.name.as_str()).collect();
    // By village code, then name: 青山村 (…201 of 001) before 白云村 (002).
    assert_eq!(names, vec!["张伟", "李芳", "王强"]);
    assert_eq!(roster[0].conflicts, 1);
    assert_eq!(roster[0].hours, 24);
    assert_eq!(roster[1].mark, Some(Mark::Leave));
    assert_eq!(roster[1].hours, 0);
}

#[test]
fn editing_the_dates_changes_the_grid_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    put(&s, zhang, "2026-05-07", "present", "grid");
    put(&s, zhang, "2026-05-20", "present", "grid");
    let before = grid(&s, zhang);
    let id = s
        .add_training_session(&session("2026-05-06", "2026-05-08"))
        .unwrap();
    s.mark_training(id, &[mark(zhang, Mark::Attended)]).unwrap();
    assert_eq!(days_of(&grid(&s, zhang), "training").len(), 3);
    let v = s.training_session(id).unwrap().version;
    let edited = s
        .edit_training_session(id, &session("2026-05-11", "2026-05-12"), v)
        .unwrap();
    assert_eq!(edited.version, v + 1);
    let g = grid(&s, zhang);
    assert_eq!(days_of(&g, "training"), vec!["2026-05-11", "2026-05-12"]);
    // The 7th is 在村 again, as the township typed it.
    assert_eq!(days_of(&g, "present"), vec!["2026-05-07", "2026-05-20"]);
    // A mark changed to 缺席 takes the days out: the grid is as before.
    s.mark_training(id, &[mark(zhang, Mark::Absent)]).unwrap();
    assert_eq!(grid(&s, zhang), before);
    // A stale edit is a conflict and writes nothing.
    let e = s
        .edit_training_session(id, &session("2026-06-01", "2026-06-01"), v)
        .unwrap_err();
    assert!(e.to_string().contains("changed this session"), "{e}");
    assert_eq!(s.training_session(id).unwrap().from, day("2026-05-11"));
}

#[test]
fn deleting_a_session_removes_its_days_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let (zhang, wang) = (cadre(&s, "张伟"), cadre(&s, "王强"));
    put(&s, zhang, "2026-05-06", "present", "import");
    let before = grid(&s, zhang);
    let id = s
        .add_training_session(&session("2026-05-06", "2026-05-07"))
        .unwrap();
    s.mark_training(
        id,
        &[mark(zhang, Mark::Attended), mark(wang, Mark::Attended)],
    )
    .unwrap();
    s.delete_training_session(id).unwrap();
    assert_eq!(grid(&s, zhang), before);
    assert!(grid(&s, wang).is_empty());
    let left: i64 = s
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM training_attendance) + (SELECT count(*) FROM training_displaced) + (SELECT count(*) FROM training_session)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let audit: Vec<String> = s
        .conn()
        .prepare("SELECT action FROM audit WHERE record = ?1 ORDER BY seq")
        .unwrap()
        .query_map([format!("training/{id}")], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        audit,
        vec!["add training", "mark training", "delete training"]
    );
}

#[test]
fn hours_kinds_and_the_untrained_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let (zhang, li) = (cadre(&s, "张伟"), cadre(&s, "李芳"));
    let a = s
        .add_training_session(&session("2026-05-06", "2026-05-08"))
        .unwrap();
    let mut theory = session("2026-06-02", "2026-06-02");
    theory.kind = Kind::Theory;
    theory.hours = 8;
    theory.division = code("522701001");
    let b = s.add_training_session(&theory).unwrap();
    s.mark_training(a, &[mark(zhang, Mark::Attended), mark(li, Mark::Absent)])
        .unwrap();
    s.mark_training(
        b,
        &[MarkInput {
            cadre: zhang,
            mark: Mark::Attended,
            hours: Some(6),
        }],
    )
    .unwrap();
    let year = s.training_year(&code("522701"), 2026).unwrap();
    let names: Vec<&str> = year.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["张伟", "李芳", "王强"]);
    assert_eq!(year[0].training.hours, 30);
    assert_eq!(year[0].training.kinds, [true, true, false]);
    // 李芳, posted 2026-04-01, untrained 30 days on (today 2026-11-28).
    assert!(year[1].new_untrained);
    assert!(!year[0].new_untrained);
    let untrained: Vec<String> = s
        .untrained(&code("522701"), 2026)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(untrained, vec!["李芳", "王强"]);
    // The township sees its county's and its own sessions, not a neighbour's.
    assert_eq!(
        s.training_sessions(&code("522701001"), 2026).unwrap().len(),
        2
    );
    assert_eq!(
        s.training_sessions(&code("522701002"), 2026).unwrap().len(),
        1
    );
    assert!(
        s.training_sessions(&code("522701"), 2025)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn only_the_level_that_runs_a_session_writes_it_and_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    s.add_user("guanghui", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    let id = s
        .add_training_session(&session("2026-05-06", "2026-05-07"))
        .unwrap();
    s.set_account_for_tests("guanghui").unwrap();
    let refused = |e: StoreError| matches!(e, StoreError::Denied { .. });
    assert!(refused(
        s.mark_training(id, &[mark(zhang, Mark::Attended)])
            .unwrap_err()
    ));
    assert!(refused(
        s.add_training_session(&session("2026-05-06", "2026-05-07"))
            .unwrap_err()
    ));
    assert!(refused(s.delete_training_session(id).unwrap_err()));
    let mut own = session("2026-05-20", "2026-05-20");
    own.division = code("522701001");
    let t = s.add_training_session(&own).unwrap();
    s.mark_training(t, &[mark(zhang, Mark::Attended)]).unwrap();
    // A township reads its own cadres of the county's session.
    assert_eq!(s.training_roster(id).unwrap().len(), 2);
    assert!(grid(&s, zhang).iter().all(|r| r.3 == Some(t)));
    let refusals: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE account = 'guanghui' AND outcome = 'refused' AND record LIKE 'training/%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refusals, 3);
}

#[test]
fn bad_sessions_and_marks_are_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let mut bad = session("2026-05-08", "2026-05-06");
    let e = s.add_training_session(&bad).unwrap_err();
    assert!(e.to_string().contains("before the start"), "{e}");
    bad = session("2026-05-06", "2026-05-06");
    bad.division = code("522701001201");
    let e = s.add_training_session(&bad).unwrap_err();
    assert!(e.to_string().contains("not a prefecture"), "{e}");
    let id = s
        .add_training_session(&session("2026-05-06", "2026-05-06"))
        .unwrap();
    // Nobody posted at 福泉 is on a 都匀 session's roster.
    let e = s
        .mark_training(id, &[mark(99_999, Mark::Attended)])
        .unwrap_err();
    assert!(e.to_string().contains("no posting"), "{e}");
    let e = s
        .mark_training(
            id,
            &[MarkInput {
                cadre: cadre(&s, "张伟"),
                mark: Mark::Attended,
                hours: Some(25),
            }],
        )
        .unwrap_err();
    assert!(e.to_string().contains("more than the session"), "{e}");
    let marks: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM training_attendance", [], |r| r.get(0))
        .unwrap();
    assert_eq!(marks, 0);
}
