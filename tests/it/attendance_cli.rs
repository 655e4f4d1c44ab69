//! `zhucun attendance close` and `zhucun export attendance` (the 考勤月表):
//! what they print and write, and every bad input refused with a clear
//! message, a non-zero exit and nothing written.

use crate::common::{code, fingerprint, today, zhucun_text};
use crate::import_common::day;
use zhucun::domain::attendance::DayCode;
use zhucun::domain::{MemberRole, Period};
use zhucun::store::{NewMember, Store};

/// small_db with 张伟 and 李芳 in 松岭村; March saved, 李芳 under 20 days.
fn db(dir: &std::path::Path, fill_march: bool) -> std::path::PathBuf {
    let path = crate::common::small_db(dir);
    let mut s = Store::open(&path, today()).unwrap();
    s.load("grid cli test", |ld| {
        for (n, r) in [
            ("张伟", MemberRole::FirstSecretary),
            ("李芳", MemberRole::Resident),
        ] {
            ld.member(&NewMember {
                village: code("522701001201"),
                name: n.into(),
                role: r,
                unit: "州虚构局".into(),
                start: day("2025-06-01"),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    if fill_march {
        let m = Period::parse("2026-03").unwrap();
        let mut g = s.attendance_grid(&code("522701001"), m).unwrap();
        for l in &mut g.lines {
            l.row.fill_month();
        }
        g.lines[1].row.fill_range(1, 12, Some(DayCode::SickLeave));
        s.save_attendance(m, &g.to_save()).unwrap();
    }
    path
}

#[test]
fn close_prints_the_leads_once_and_export_writes_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path(), true);
    let args = [
        "--lang",
        "en",
        "attendance",
        "close",
        "--month",
        "2026-03",
        "--scope",
        "522701001",
    ];
    let (ok, out, err) = zhucun_text(&path, &args);
    assert!(ok, "{err}");
    assert!(
        out.contains("closed: 广惠街道 (522701001), 1 villages"),
        "{out}"
    );
    assert!(
        out.contains("李芳: 19 days in the village (minimum 20), recall lead opened"),
        "{out}"
    );
    let (ok, out, _) = zhucun_text(&path, &args);
    assert!(ok);
    assert!(out.contains("recall lead already open"), "{out}");
    let csv = dir.path().join("m.csv");
    let (ok, out, err) = zhucun_text(
        &path,
        &[
            "export",
            "attendance",
            "--month",
            "2026-03",
            "--scope",
            "522701001",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("2 行"), "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0]
            .trim_start_matches('\u{feff}')
            .starts_with("乡镇,村,姓名,职务,1,2,")
    );
    assert!(
        lines[0].ends_with(",29,30,31,在村天数,请假天数,预警"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("广惠街道,松岭村,张伟,第一书记,在,在,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",31,0,"), "{}", lines[1]);
    assert!(lines[2].ends_with(",19,12,不足20天"), "{}", lines[2]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let s = Store::open(&path, today()).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'export' AND record = 'export/522701001' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // An xlsx of the same month.
    let xlsx = dir.path().join("m.xlsx");
    let (ok, _, err) = zhucun_text(
        &path,
        &[
            "export",
            "attendance",
            "--month",
            "2026-03",
            "--scope",
            "522701001201",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
}

#[test]
fn bad_input_is_refused_with_a_message_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path(), false);
    let out = dir.path().join("x.csv");
    let o = out.to_str().unwrap();
    let before = fingerprint(&path);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-3x",
                "--scope",
                "522701001",
            ],
            "“2026-3x”不是月份；请写成 YYYY-MM",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026Q1",
                "--scope",
                "522701001",
            ],
            "“2026Q1”不是月份",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-03",
                "--scope",
                "522701",
            ],
            "522701 不是乡镇或村代码",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-03",
                "--scope",
                "52270100",
            ],
            "--scope",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-03",
                "--scope",
                "522701009",
            ],
            "522701009",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-11",
                "--scope",
                "522701001",
            ],
            "2026-11 还没有过完（最后一天是 2026-11-30）",
        ),
        (
            vec![
                "attendance",
                "close",
                "--month",
                "2026-03",
                "--scope",
                "522701001",
            ],
            "松岭村 的 张伟 还有 31 天没有填考勤",
        ),
        (
            vec!["attendance", "close", "--scope", "522701001"],
            "--month",
        ),
        (
            vec!["export", "attendance", "--month", "13", "-o", o],
            "“13”不是月份",
        ),
        (
            vec![
                "export",
                "attendance",
                "--month",
                "2026-03",
                "--scope",
                "522700",
                "-o",
                o,
            ],
            "522700 不是乡镇或村代码",
        ),
        (
            vec![
                "export",
                "attendance",
                "--month",
                "2026-03",
                "--scope",
                "522701001",
            ],
            "--output",
        ),
    ];
    for (args, want) in cases {
        let (ok, _, err) = zhucun_text(&path, &args);
        assert!(!ok, "{args:?} succeeded");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?} wrote a file");
    }
    assert_eq!(fingerprint(&path), before, "nothing written");
    // An existing file is not replaced without --force.
    std::fs::write(&out, "keep").unwrap();
    let (ok, _, err) = zhucun_text(
        &path,
        &[
            "--lang",
            "en",
            "export",
            "attendance",
            "--month",
            "2026-03",
            "--scope",
            "522701001",
            "-o",
            o,
        ],
    );
    assert!(!ok);
    assert!(err.contains("exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep");
}
