//! The 年度考核 screen: state tests on the demo (grade keys, the live
//! counter, the refusal in the status line), snapshots zh/en at 80x24 and
//! 140x40, and one end-to-end run of the real binary in a pseudo-terminal.

use crate::common::pty::{Session, demo_copy};
use crate::ui_support::*;
use zhucun::app::Screen;
use zhucun::domain::assessment::Grade;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("assess__{}", $name), $value);
        })
    };
}

/// A private demo copy whose 优秀 quota is 1 % (都匀市: 6 places).
fn small_quota() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = copy_db();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO setting(key, value) VALUES ('excellent_quota_pct', '1')",
            [],
        )
        .unwrap();
    (dir, db)
}

#[test]
fn k_opens_the_countys_pool_sorted_by_village_then_name() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "K");
    assert_eq!(a.screen, Screen::Assessment);
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.county.code.as_str(), "522701");
    assert_eq!(v.year, 2026);
    assert!(v.rows.len() > 500, "{}", v.rows.len());
    let keys: Vec<&str> = v.rows.iter().map(|r| r.village.as_str()).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "by village code");
    assert_eq!(v.counts().excellent, 0);
    // Last year's grades (the demo's) within the quota.
    keys_on(&mut a, "[");
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.year, 2025);
    let c = v.counts();
    assert!(c.excellent > 0 && c.excellent < c.quota(), "{c:?}");
}

#[test]
fn a_pool_over_a_lowered_quota_says_so_beside_the_counter() {
    let (_dir, db) = small_quota();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "K[");
    let c = a.assessment.as_ref().unwrap().counts();
    assert_eq!(a.assessment.as_ref().unwrap().year, 2025);
    assert!(c.over() > 0, "the demo's 2025 grades at 1 %: {c:?}");
    let screen = render(&a, 80, 24);
    let want = format!("超出限额 {}", c.over());
    assert!(screen.contains(&want), "{screen}");
    assert!(
        screen.contains("考核人数"),
        "the pool size still shows: {screen}"
    );
    let mut a = app_with(&db, ADMIN, opts(Lang::En));
    keys(&mut a, "K[");
    let screen = render(&a, 140, 40);
    assert!(
        screen.contains(&format!("{} over the quota", c.over())),
        "{screen}"
    );
    // At 30 % the same year is within the quota: no such words.
    let mut a = app(Lang::Zh);
    keys(&mut a, "K[");
    assert!(!render(&a, 80, 24).contains("超出限额"));
}

fn keys_on(a: &mut zhucun::app::App, seq: &str) {
    keys(a, seq);
}

#[test]
fn one_key_per_grade_a_live_counter_and_the_refusal_with_the_counts() {
    let (_dir, db) = small_quota();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "K");
    let quota = a.assessment.as_ref().unwrap().counts().quota();
    assert_eq!(quota, 6);
    keys(&mut a, "2");
    assert_eq!(
        a.assessment.as_ref().unwrap().rows[0].grade,
        Some(Grade::Competent)
    );
    for _ in 0..quota {
        keys(&mut a, "j1");
    }
    assert_eq!(a.assessment.as_ref().unwrap().counts().excellent, 6);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("优秀 6 / 限额 6"), "{screen}");
    keys(&mut a, "j1");
    let msg = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        msg.contains("优秀限额 6") && msg.contains("已评优秀 6"),
        "{msg}"
    );
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.rows[v.sel.index].grade, None, "not graded");
    assert_eq!(v.counts().excellent, 6);
    // The status line shows it, with the counter still on screen.
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("优秀已满") && screen.contains("优秀 6 / 限额 6"),
        "{screen}"
    );
    // Another grade goes in.
    keys(&mut a, "4");
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.rows[v.sel.index].grade, Some(Grade::Incompetent));
}

fn grade_jobs(r: Vec<zhucun::app::Request>) -> Vec<zhucun::app::assessment::GradeJob> {
    r.into_iter()
        .filter_map(|r| match r {
            zhucun::app::Request::Write(zhucun::app::writes::Job::Grade(j)) => Some(j),
            _ => None,
        })
        .collect()
}

/// With a writer (the real program), a grade key hands its write to the
/// writer and the screen stays live: the row shows the grade as pending,
/// keys pressed meanwhile are queued in order for the cadre each was
/// pressed on (none refused, none lost), a second grade of the same cadre
/// is written at the version the first one left, and a refusal at the
/// quota comes back in the status line with the counts.
#[test]
fn grade_keys_go_to_the_writer_in_order_and_the_screen_stays_live() {
    let (_dir, db) = small_quota();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.write_in_background();
    keys(&mut a, "K");
    let first = a.assessment.as_ref().unwrap().rows[0].cadre;
    let mut jobs = grade_jobs(press(&mut a, "2"));
    assert_eq!(jobs.len(), 1);
    assert!(a.writes_pending());
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.rows[0].grade, None, "not written yet");
    assert_eq!(v.pending_grade(first), Some(Grade::Competent));
    assert!(render(&a, 100, 30).contains("称职…"), "shown as pending");
    // Meanwhile: the same cadre again, then the next six as 优秀 (the
    // quota is 6), then a seventh: all queued, nothing sent yet.
    assert!(grade_jobs(press(&mut a, "3")).is_empty());
    assert!(
        render(&a, 80, 24).contains("基本称职…"),
        "the longest grade pending, whole at 80 columns"
    );
    for _ in 0..7 {
        assert!(grade_jobs(press(&mut a, "j1")).is_empty());
    }
    assert_eq!(
        a.assessment.as_ref().unwrap().sel.index,
        7,
        "moves are live"
    );
    // The writer (its own connection) works through them one by one.
    let mut w = store_as(&db, ADMIN);
    let mut outcomes = Vec::new();
    while let Some(job) = jobs.pop() {
        let outcome = zhucun::app::assessment::perform(&mut w, &job);
        outcomes.push((job.input.cadre, job.input.grade, outcome.is_ok()));
        jobs.extend(grade_jobs(a.grade_done(job, outcome)));
    }
    assert!(!a.writes_pending());
    assert_eq!(outcomes.len(), 9, "every key written: {outcomes:?}");
    assert_eq!(outcomes[0], (first, Grade::Competent, true));
    assert_eq!(
        outcomes[1],
        (first, Grade::Basic, true),
        "the second grade of the same cadre at the version the first left"
    );
    assert!(
        outcomes[2..8]
            .iter()
            .all(|o| o.1 == Grade::Excellent && o.2)
    );
    assert!(!outcomes[8].2, "the seventh 优秀 is over the quota");
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.rows[0].grade, Some(Grade::Basic));
    assert_eq!(v.counts().excellent, 6);
    assert_eq!(v.rows[7].grade, None);
    assert!(v.pending.is_empty());
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("优秀已满") && screen.contains("优秀 6 / 限额 6"),
        "{screen}"
    );
    // What the store holds is what the screen shows.
    a.reload_visible();
    let v = a.assessment.as_ref().unwrap();
    assert_eq!(v.rows[0].grade, Some(Grade::Basic));
    assert_eq!(v.counts().excellent, 6);
}

#[test]
fn a_viewer_cannot_grade_and_the_refusal_is_said() {
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, VIEWER, opts(Lang::En));
    keys(&mut a, "K");
    assert_eq!(a.screen, Screen::Assessment);
    keys(&mut a, "2");
    let msg = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("may not") && msg.contains("522701"), "{msg}");
    assert_eq!(a.assessment.as_ref().unwrap().rows[0].grade, None);
}

#[test]
fn snap_assessment() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = app(lang);
        keys(&mut a, "K");
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("assessment_{l}_{w}x{h}"), render(&a, w, h));
        }
        // Last year, graded.
        keys(&mut a, "[jj");
        assert_screen!(
            format!("assessment_last_year_{l}_140x40"),
            render(&a, 140, 40)
        );
    }
}

/// The real binary: grade 都匀市's pool up to its quota, then the next
/// 优秀 is refused with the counts in the status line.
#[test]
fn grade_a_pool_up_to_its_quota_and_see_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO setting(key, value) VALUES ('excellent_quota_pct', '1')",
            [],
        )
        .unwrap();
    let mut s = Session::start(&db, &[], &[], 100, 30);
    s.wait_for("下级完成情况", 30);
    s.send("K");
    s.wait_for("优秀 0 / 限额 6", 10);
    for i in 1..=6 {
        s.send("1j");
        s.wait_for(&format!("优秀 {i} / 限额 6"), 10);
    }
    s.send("1");
    let screen = s.wait_for("优秀已满", 10);
    assert!(
        screen.contains("已评优秀 6") || screen.contains("优秀 6 / 限额 6"),
        "{screen}"
    );
    s.send("q");
    s.wait_exit(std::time::Duration::from_secs(10));
    let n: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM assessment WHERE year = 2026 AND grade = 'excellent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 6);
}
