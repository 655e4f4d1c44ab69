//! `zhucun leave ...` and `zhucun settings --leave-township-days`: the
//! real binary, Chinese by default, errors that say what to do and write
//! nothing.

use crate::common::zhucun_text;
use crate::import_common::small_db;

/// The small database's path and 张伟's cadre id (the test runs as its
/// administrator).
fn db(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let s = small_db(dir);
    let cadre: i64 = s
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    (dir.join("t.db"), cadre.to_string())
}

/// Everything a leave command could change.
fn fingerprint(db: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let rows: String = c
        .query_row(
            "SELECT (SELECT count(*) FROM leave_request) || ' ' || (SELECT count(*) FROM attendance)
             || ' ' || (SELECT group_concat(state || version) FROM leave_request)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    format!("{} {rows}", crate::common::fingerprint(db))
}

#[test]
fn request_approve_return_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre) = db(dir.path());
    let (ok, out, err) = zhucun_text(
        &db,
        &[
            "leave",
            "request",
            "--cadre",
            &cadre,
            "--kind",
            "事假",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-24",
            "--reason",
            "家中有事",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("已提交请假 1") && out.contains("乡镇"),
        "{out}"
    );
    let (ok, out, err) = zhucun_text(&db, &["leave", "approve", "1"]);
    assert!(ok && out.contains("已批准"), "{out}{err}");
    let (ok, out, err) = zhucun_text(&db, &["leave", "return", "1", "--on", "2026-11-25"]);
    assert!(ok && out.contains("已销假 2026-11-25"), "{out}{err}");
    let (ok, out, err) = zhucun_text(&db, &["leave", "list", "--scope", "522701"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("张伟") && out.contains("事假") && out.contains("已批准"),
        "{out}"
    );
    assert!(out.contains("2026-11-25"), "{out}");
    let (ok, out, _) = zhucun_text(&db, &["--lang", "en", "leave", "list"]);
    assert!(
        ok && out.contains("personal leave") && out.contains("approved"),
        "{out}"
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let days: i64 = c
        .query_row(
            "SELECT count(*) FROM attendance WHERE source = 'leave' AND ref = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(days, 2);
}

#[test]
fn bad_leave_input_says_what_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre) = db(dir.path());
    let (ok, _, err) = zhucun_text(
        &db,
        &[
            "leave",
            "request",
            "--cadre",
            &cadre,
            "--kind",
            "事假",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-04",
        ],
    );
    assert!(ok, "{err}");
    let before = fingerprint(&db);
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--kind",
                "病假",
                "--from",
                "2026-11-04",
                "--to",
                "2026-11-05",
            ],
            "与同一干部的请假 1（2026-11-02 至 2026-11-04）重叠",
        ),
        (
            &[
                "--kind",
                "病假",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-10",
                "--reason",
                "发烧",
            ],
            "病假只记类别",
        ),
        (
            &[
                "--kind",
                "事假",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-09",
            ],
            "早于起日",
        ),
        (
            &[
                "--kind",
                "事假",
                "--from",
                "2020-01-10",
                "--to",
                "2020-01-11",
            ],
            "没有驻村任职",
        ),
        (
            &[
                "--kind",
                "在村",
                "--from",
                "2026-11-10",
                "--to",
                "2026-11-11",
            ],
            "在村",
        ),
        (
            &[
                "--kind",
                "事假",
                "--from",
                "2026-11-31",
                "--to",
                "2026-12-01",
            ],
            "2026-11-31",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["leave", "request", "--cadre", cadre.as_str()];
        all.extend_from_slice(args);
        let (ok, out, err) = zhucun_text(&db, &all);
        assert!(!ok, "{args:?}: {out}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let (ok, _, err) = zhucun_text(&db, &["leave", "approve", "99"]);
    assert!(!ok && err.contains("没有编号为 99 的请假"), "{err}");
    let (ok, _, err) = zhucun_text(&db, &["leave", "return", "1", "--on", "2026-11-27"]);
    assert!(!ok && err.contains("不能这样处理"), "{err}");
    let (ok, _, err) = zhucun_text(&db, &["leave", "refuse", "1", "--reason", "  "]);
    assert!(!ok && err.contains("不批准要写明理由"), "{err}");
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn the_threshold_is_an_administrators_setting() {
    let dir = tempfile::tempdir().unwrap();
    let (db, cadre) = db(dir.path());
    let (ok, out, _) = zhucun_text(&db, &["settings"]);
    assert!(ok && out.contains("乡镇审批的请假天数上限: 3"), "{out}");
    let (ok, out, err) = zhucun_text(&db, &["settings", "--leave-township-days", "5"]);
    assert!(ok, "{err}");
    assert!(out.contains("乡镇审批的请假天数上限: 5"), "{out}");
    let (ok, _, err) = zhucun_text(&db, &["settings", "--leave-township-days", "40"]);
    assert!(!ok && err.contains("1 到 31"), "{err}");
    let (ok, out, _) = zhucun_text(
        &db,
        &[
            "leave",
            "request",
            "--cadre",
            &cadre,
            "--kind",
            "轮休",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-06",
        ],
    );
    assert!(ok && out.contains("乡镇"), "{out}");
}
