//! `zhucun record` followed by `zhucun report` shows the change.

use crate::common;
use common::*;

#[test]
fn record_then_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let report = |scope: &str| {
        stdout(&zhucun(
            &db,
            &["report", "--scope", scope, "--format", "json"],
        ))
    };
    let before: serde_json::Value = serde_json::from_str(&report("522701001")).unwrap();
    assert_eq!(before["scope"]["done"], 0);
    let out = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "1",
            "--status",
            "done",
            "--note",
            "已召开院坝会，到会42人",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // A first record shows no version; a change says which change it is.
    assert_eq!(
        stdout(&out).trim(),
        "已记录: 522701001201 1 2026年11月 已完成"
    );
    let again = |lang: &str| {
        let o = zhucun(
            &db,
            &[
                "--lang",
                "en",
                "record",
                "--village",
                "522701001201",
                "--task",
                "1",
                "--status",
                "done",
            ][if lang == "en" { 0 } else { 2 }..],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).trim().to_string()
    };
    assert_eq!(
        again("zh"),
        "已记录: 522701001201 1 2026年11月 已完成（第1次修改）"
    );
    assert_eq!(
        again("en"),
        "Recorded: 522701001201 1 Nov 2026 Done (change 2)"
    );
    let after: serde_json::Value = serde_json::from_str(&report("522701001")).unwrap();
    assert_eq!(after["scope"]["done"], 1);
    assert_eq!(after["scope"]["expected"], 27);
    let village = after["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "522701001201")
        .unwrap();
    assert_eq!(village["done"], 1);
    assert_eq!(village["name"], "松岭村");
    let county: serde_json::Value = serde_json::from_str(&report("522700")).unwrap();
    assert_eq!(county["rows"][0]["name"], "都匀市");
    assert_eq!(county["rows"][0]["done"], 1);
}

#[test]
fn table_is_aligned_in_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let out = stdout(&zhucun(&db, &["report", "--scope", "522701001"]));
    // The table between the title and the note of what it counts.
    let all: Vec<&str> = out.lines().collect();
    assert!(
        all.last()
            .unwrap()
            .starts_with("以上均按 2026年11月 计，截至 2026-11-28"),
        "{out}"
    );
    let lines: Vec<&str> = all[1..all.len() - 1].to_vec();
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| zhucun::domain::text::width(l))
        .collect();
    assert!(
        widths.windows(2).all(|w| w[0] == w[1]),
        "ragged table:\n{out}"
    );
    assert!(out.contains("云苑社区"));
    let en = stdout(&zhucun(
        &db,
        &["--lang", "en", "report", "--scope", "522701001"],
    ));
    assert!(
        en.starts_with("Completion · Nov 2026 · 广惠街道 (522701001)"),
        "{en}"
    );
    let csv = stdout(&zhucun(
        &db,
        &["report", "--scope", "522701001", "--format", "csv"],
    ));
    assert!(
        // BOM and CRLF as in `export` (small_faults.rs).
        csv.starts_with("\u{feff}代码,名称,村数,应完成,已完成,进行中,不适用,完成率,本期逾期\r\n"),
        "{csv}"
    );
}

#[test]
fn check_reports_health() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let out = zhucun(&db, &["check"]);
    assert!(out.status.success());
    let s = stdout(&out);
    assert!(s.contains("完整性") && s.contains("ok"), "{s}");
    assert!(s.contains("审计链完好"), "{s}");
    let en = stdout(&zhucun(&db, &["--lang", "en", "check"]));
    assert!(
        en.contains("Integrity") && en.contains("(chain ok)"),
        "{en}"
    );
}
