//! Issue 10, items 3-5: one rule for a record's period and date, the
//! installation's time zone, and its tracking start.

use crate::common;
use common::*;
use std::process::{Command, Output};

fn text(o: &Output) -> (bool, String, String) {
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn record(db: &std::path::Path, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec![
        "--lang",
        "en",
        "record",
        "--village",
        "522701001201",
        "--task",
        "1",
        "--status",
        "done",
    ];
    args.extend_from_slice(extra);
    text(&zhucun_command(db, &args).output().unwrap())
}

/// Item 3: impossible periods and dates are refused, each naming the rule
/// and the allowed range.
#[test]
fn cli_refuses_impossible_periods_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    for (args, want) in [
        (vec!["--period", "2030-01"], "2026-11-28"),
        (vec!["--period", "2019-01"], "2026-01-01"),
        (
            vec!["--period", "2026-11", "--date", "2027-01-01"],
            "2026-11-01 to 2026-11-28",
        ),
        (
            vec!["--period", "2026-11", "--date", "2026-10-01"],
            "2026-11-01 to 2026-11-28",
        ),
    ] {
        let (ok, _, err) = record(&db, &args);
        assert!(!ok, "{args:?} was accepted");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // In Chinese by default, with the same range.
    let (ok, _, err) = text(
        &zhucun_command(
            &db,
            &[
                "record",
                "--village",
                "522701001201",
                "--task",
                "1",
                "--status",
                "done",
                "--period",
                "2026-11",
                "--date",
                "2026-10-01",
            ],
        )
        .output()
        .unwrap(),
    );
    assert!(
        !ok && err.contains("请填 2026-11-01 至 2026-11-28"),
        "{err}"
    );
    // Late but possible: October's task done in November.
    let (ok, _, err) = record(&db, &["--period", "2026-10", "--date", "2026-11-03"]);
    assert!(ok, "{err}");
}

/// The real binary without `--today`: "today" comes from the clock.
fn unpinned(db: &std::path::Path, tz: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZHUCUN_DB")
        .env_remove("ZHUCUN_CONFIG")
        .env("TZ", tz)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Item 4: under three shell zones the same record lands in the same
/// period and is stored with the installation's offset.
#[test]
fn today_and_stored_times_follow_the_installation_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let (ok, _, err) = text(&unpinned(&db, "UTC", &["init"]));
    assert!(ok, "{err}");
    let expect_period = zhucun::domain::clock::today_in(zhucun::domain::clock::DEFAULT_ZONE)
        .format("%Y-%m")
        .to_string();
    let mut outs = Vec::new();
    for tz in ["UTC", "Asia/Shanghai", "America/New_York"] {
        // The village must exist: add it through the store as its creator.
        let (ok, out, err) = text(&unpinned(&db, tz, &["settings"]));
        assert!(ok, "{err}");
        assert!(out.contains("Asia/Shanghai"), "{out}");
        outs.push(out);
    }
    assert!(outs.windows(2).all(|w| w[0] == w[1]), "{outs:?}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut st = c
        .prepare("SELECT at FROM audit UNION ALL SELECT value FROM meta WHERE key = 'created_at'")
        .unwrap();
    let stamps: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!stamps.is_empty());
    for s in &stamps {
        assert!(
            s.ends_with("+08:00"),
            "{s} is not in the installation's zone"
        );
    }
    let start: String = c
        .query_row(
            "SELECT value FROM setting WHERE key = 'tracking_start'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(start, format!("{expect_period}-01"));
}

/// Item 4: the rule's "today" is the installation's, under every shell zone.
#[test]
fn record_period_is_the_same_under_every_shell_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut periods = Vec::new();
    for tz in ["UTC", "Asia/Shanghai", "America/New_York"] {
        let o = unpinned(
            &db,
            tz,
            &[
                "--lang",
                "en",
                "record",
                "--village",
                "522701001201",
                "--task",
                "1",
                "--status",
                "doing",
            ],
        );
        let (ok, out, err) = text(&o);
        assert!(ok, "{tz}: {err}");
        // The version grows with each write; the period must not change.
        periods.push(
            out.split(" (change")
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string(),
        );
    }
    assert!(periods.windows(2).all(|w| w[0] == w[1]), "{periods:?}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let at: String = c
        .query_row(
            "SELECT recorded_at FROM completion WHERE task = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(at.ends_with("+08:00"), "{at}");
}

/// Item 5: a new database tracks from the first day of its `init` month;
/// an administrator changes it (audited), and records before it are refused.
#[test]
fn tracking_start_defaults_to_the_init_month_and_is_changed_by_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let (ok, _, err) = text(&zhucun_command(&db, &["init"]).output().unwrap());
    assert!(ok, "{err}");
    let (ok, out, err) = text(
        &zhucun_command(&db, &["--lang", "en", "settings"])
            .output()
            .unwrap(),
    );
    assert!(ok, "{err}");
    assert!(out.contains("Tracking start: 2026-11-01"), "{out}");
    assert!(out.contains("Time zone: Asia/Shanghai"), "{out}");
    let (ok, _, err) = text(
        &zhucun_command(
            &db,
            &[
                "settings",
                "--tracking-start",
                "2026-06-01",
                "--time-zone",
                "Asia/Urumqi",
            ],
        )
        .output()
        .unwrap(),
    );
    assert!(ok, "{err}");
    let (ok, out, _) = text(&zhucun_command(&db, &["settings"]).output().unwrap());
    assert!(ok);
    assert!(
        out.contains("2026-06-01") && out.contains("Asia/Urumqi"),
        "{out}"
    );
    let (ok, _, err) = text(
        &zhucun_command(&db, &["settings", "--time-zone", "Mars/Base"])
            .output()
            .unwrap(),
    );
    assert!(!ok && err.contains("Mars/Base"), "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let audited: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE record = 'settings' AND new LIKE '%2026-06-01%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}

/// Item 5: nothing in a period that ended before the tracking start is
/// due, overdue or listed.
#[test]
fn nothing_before_the_tracking_start_is_due_or_overdue() {
    use zhucun::domain::Period;
    use zhucun::store::{SettingsChange, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let pref = code("522700");
    let dec = Period::parse("2025-12").unwrap();
    let p = s.progress(&pref, dec).unwrap();
    assert_eq!((p.expected, p.overdue), (0, 0), "{p:?}");
    assert_eq!(p.rate(), None);
    let year = Period::parse("2026").unwrap();
    assert!(s.progress(&pref, year).unwrap().overdue > 0);
    s.set_settings(SettingsChange {
        zone: None,
        tracking_start: Some("2026-11-01".parse().unwrap()),
    })
    .unwrap();
    // November and the fourth quarter are not over on 11-28: nothing overdue.
    let p = s.progress(&pref, year).unwrap();
    assert_eq!(p.overdue, 0, "{p:?}");
    let (ok, out, err) = text(
        &zhucun_command(
            &db,
            &[
                "report",
                "--overdue",
                "--period",
                "2025-12",
                "--format",
                "csv",
            ],
        )
        .output()
        .unwrap(),
    );
    assert!(ok, "{err}");
    assert!(out.lines().count() <= 1, "{out}");
}

/// Item 4: a row stored with another offset (written before the
/// installation had one zone) is shown in the installation's zone.
#[test]
fn stored_times_are_shown_in_the_installation_zone() {
    use zhucun::domain::{Period, Status};
    use zhucun::store::{RecordInput, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let v = code("522701001201");
    let p = Period::parse("2026-11").unwrap();
    s.record(&RecordInput {
        village: v.clone(),
        task: 1,
        period: p,
        status: Status::Doing,
        note: None,
        done_on: None,
        expected_version: None,
    })
    .unwrap();
    s.conn()
        .execute(
            "UPDATE completion SET recorded_at = '2026-11-30T19:46:00+00:00' WHERE task = 1",
            [],
        )
        .unwrap();
    let c = s.completion(&v, 1, p).unwrap().unwrap();
    assert_eq!(c.recorded_at, "2026-12-01T03:46:00+08:00");
    let row = s
        .checklist(&v, today())
        .unwrap()
        .into_iter()
        .find(|r| r.task.number == 1)
        .unwrap();
    assert_eq!(row.record.unwrap().recorded_at, "2026-12-01T03:46:00+08:00");
}

/// Items 4 and 5: only an administrator changes the settings; a refusal is
/// audited and changes nothing.
#[test]
fn settings_are_changed_by_administrators_only() {
    use zhucun::domain::UserRole;
    use zhucun::store::{SettingsChange, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    s.add_user("viewer1", UserRole::Viewer, Some(&code("522700")))
        .unwrap();
    s.set_account_for_tests("viewer1").unwrap();
    let before = s.settings();
    let err = s
        .set_settings(SettingsChange {
            zone: Some(chrono_tz::Asia::Urumqi),
            tracking_start: None,
        })
        .unwrap_err();
    assert!(
        matches!(err, zhucun::store::StoreError::Denied { .. }),
        "{err}"
    );
    let s = Store::open(&db, today()).unwrap();
    assert_eq!(s.settings(), before);
    let refused: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE record = 'settings' AND outcome = 'refused' AND account = 'viewer1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
}

/// Item 5 in the terminal UI: the demo tracks from its first month
/// (2025-12); the checklist pages back to it and no further, and the trend
/// holds only tracked months.
#[test]
fn the_ui_stops_at_the_tracking_start() {
    use crate::ui_support::{app, keys};
    let mut a = app(zhucun::i18n::Lang::Zh);
    assert!(
        a.overview
            .trend
            .iter()
            .all(|(p, _)| *p.to_string() >= *"2025-12"),
        "{:?}",
        a.overview.trend
    );
    keys(&mut a, "<Enter><Enter><Enter>");
    keys(&mut a, &"[".repeat(11));
    assert_eq!(a.checklist.as_ref().unwrap().month.to_string(), "2025-12");
    keys(&mut a, "[");
    assert_eq!(a.checklist.as_ref().unwrap().month.to_string(), "2025-12");
    let msg = &a.message.as_ref().unwrap().text;
    assert!(msg.contains("2025-12-01"), "{msg}");
}
