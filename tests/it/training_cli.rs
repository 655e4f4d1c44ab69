//! `zhucun training ...` through the real binary: sessions, marks, lists,
//! exports (Chinese headers, 0600), and the sign-in sheet import with each
//! bad input refused with its line and nothing written.

use crate::common::{stderr, stdout, zhucun};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/training/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The store tests' database (张伟, 李芳 at 青山村; 王强 at 白云村) with
/// one county session, id 1, 6-8 May 2026, 24 hours.
fn setup(dir: &Path) -> PathBuf {
    drop(crate::training_store::db(dir));
    let db = dir.join("t.db");
    let out = zhucun(
        &db,
        &[
            "training",
            "add",
            "--title",
            "政策专题培训",
            "--kind",
            "政策",
            "--division",
            "522701",
            "--from",
            "2026-05-06",
            "--to",
            "2026-05-08",
            "--hours",
            "24",
            "--venue",
            "市委党校",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("已保存培训班 1"), "{}", stdout(&out));
    db
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn sessions_marks_lists_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let out = zhucun(&db, &["training", "list", "--year", "2026"]);
    let text = stdout(&out);
    assert!(
        text.contains("政策专题培训") && text.contains("县"),
        "{text}"
    );
    let out = zhucun(
        &db,
        &["training", "mark", "1", "--all", "--status", "attended"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("已登记 3 人，写入考勤 9 天"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendance WHERE source = 'training' AND ref = 1"
        ),
        9
    );
    let out = zhucun(&db, &["--lang", "en", "training", "roster", "1"]);
    let text = stdout(&out);
    assert!(
        text.contains("cadre id") && text.contains("attended"),
        "{text}"
    );
    let out = zhucun(
        &db,
        &["training", "mark", "1", "--cadre", "2", "--status", "leave"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = zhucun(
        &db,
        &[
            "training",
            "untrained",
            "--year",
            "2026",
            "--scope",
            "522701",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("1 名干部（共 3 名）本年度未参加任何培训"),
        "{text}"
    );
    assert!(text.contains("李芳") && !text.contains("张伟"), "{text}");
    let out = zhucun(
        &db,
        &["training", "hours", "--year", "2026", "--format", "csv"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("村代码,村（社区）,姓名,派出单位,学时,目标学时"),
        "{text}"
    );
    assert!(text.contains("张伟,州财政局,24,90,66,政策"), "{text}");
    // Exports: Chinese headers, 0600, audited.
    let csv = dir.path().join("未参训.csv");
    let out = zhucun(
        &db,
        &[
            "training",
            "export",
            "--year",
            "2026",
            "--untrained",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(
        body.contains("村代码,村（社区）,姓名,派出单位,驻村开始,新任未培训"),
        "{body}"
    );
    assert!(body.contains("李芳"), "{body}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let xlsx = dir.path().join("学时.xlsx");
    let out = zhucun(
        &db,
        &[
            "training",
            "export",
            "--year",
            "2026",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let sheet = dir.path().join("签到表.xlsx");
    let out = zhucun(
        &db,
        &[
            "training",
            "export",
            "--session",
            "1",
            "-o",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'export' AND outcome = 'ok'"
        ),
        3
    );
    // An existing file is not overwritten without --force.
    let out = zhucun(
        &db,
        &[
            "training",
            "export",
            "--session",
            "1",
            "-o",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    // Editing the dates moves the grid days; deleting takes them out.
    let out = zhucun(&db, &["training", "edit", "1", "--from", "2026-05-07"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM attendance WHERE source = 'training' AND ref = 1"
        ),
        4
    );
    let out = zhucun(&db, &["training", "delete", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(count(&db, "SELECT count(*) FROM attendance"), 0);
}

#[test]
fn a_sign_in_sheet_imports_in_utf8_and_gbk() {
    for file in ["sheet_ok.csv", "sheet_ok_gbk.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let db = setup(dir.path());
        let out = zhucun(
            &db,
            &[
                "training",
                "import",
                &fixture(file),
                "--session",
                "1",
                "--check",
            ],
        );
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert_eq!(count(&db, "SELECT count(*) FROM training_attendance"), 0);
        let out = zhucun(
            &db,
            &["training", "import", &fixture(file), "--session", "1"],
        );
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("已登记 3 人，写入考勤 6 天"),
            "{}",
            stdout(&out)
        );
        assert_eq!(
            count(&db, "SELECT sum(hours) FROM training_attendance"),
            44,
            "张伟 24 (the session's), 李芳 0, 王强 20"
        );
        assert_eq!(
            count(
                &db,
                "SELECT count(*) FROM audit WHERE action = 'import training'"
            ),
            1
        );
    }
}

#[test]
fn bad_sign_in_sheets_are_refused_with_their_line_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    for (file, lang, want) in [
        ("sheet_bad_status.csv", "zh", "sheet_bad_status.csv:3"),
        (
            "sheet_bad_status.csv",
            "zh",
            "状态“迟到”无法识别；请填写 参训、请假 或 缺席",
        ),
        (
            "sheet_not_on_list.csv",
            "en",
            "赵六 is not on this session's list",
        ),
        (
            "sheet_bad_hours.csv",
            "en",
            "hours \"两天\" is not a whole number",
        ),
        (
            "sheet_bad_hours.csv",
            "en",
            "99 hours credited is more than the session's 24",
        ),
        (
            "sheet_no_who.csv",
            "en",
            "no 姓名 (name) or 干部编号 (cadre id) column",
        ),
        ("sheet_twice.csv", "en", "张伟 is already on line 2"),
        ("sheet_id_name.csv", "en", "cadre id 1 is 张伟, not 李芳"),
    ] {
        let out = zhucun(
            &db,
            &[
                "--lang",
                lang,
                "training",
                "import",
                &fixture(file),
                "--session",
                "1",
            ],
        );
        assert!(!out.status.success(), "{file}");
        let err = stderr(&out);
        assert!(err.contains(want), "{file}: want {want:?} in\n{err}");
        assert_eq!(
            count(&db, "SELECT count(*) FROM training_attendance"),
            0,
            "{file}"
        );
    }
    let out = zhucun(
        &db,
        &[
            "training",
            "import",
            &fixture("sheet_ok.csv"),
            "--session",
            "7",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("没有编号为 7 的培训班"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_sessions_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    for (args, want) in [
        (
            vec!["--to", "2026-05-01", "--division", "522701"],
            "结束日期 2026-05-01 早于开始日期 2026-05-06",
        ),
        (
            vec!["--to", "2026-05-06", "--division", "522701001201"],
            "522701001201 不是州、县或乡镇",
        ),
    ] {
        let mut a = vec![
            "training",
            "add",
            "--title",
            "t",
            "--kind",
            "theory",
            "--from",
            "2026-05-06",
            "--hours",
            "8",
        ];
        a.extend(args);
        let out = zhucun(&db, &a);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains(want),
            "want {want:?} in {}",
            stderr(&out)
        );
    }
    let out = zhucun(
        &db,
        &[
            "training",
            "add",
            "--title",
            "t",
            "--kind",
            "lecture",
            "--division",
            "522701",
            "--from",
            "2026-05-06",
            "--to",
            "2026-05-06",
            "--hours",
            "8",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(count(&db, "SELECT count(*) FROM training_session"), 1);
}

/// `zhucun import training` and `zhucun export training` are the same
/// commands as `zhucun training import|export`, found where the other
/// imports and exports are; --session is required for the import.
#[test]
fn import_and_export_training_under_the_common_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let out = zhucun(&db, &["import", "training", &fixture("sheet_ok.csv")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--session"), "{}", stderr(&out));
    assert_eq!(count(&db, "SELECT count(*) FROM training_attendance"), 0);
    let out = zhucun(
        &db,
        &[
            "import",
            "training",
            &fixture("sheet_ok.csv"),
            "--session",
            "1",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("已登记 3 人，写入考勤 6 天"),
        "{}",
        stdout(&out)
    );
    assert_eq!(count(&db, "SELECT sum(hours) FROM training_attendance"), 44);
    let csv = dir.path().join("学时.csv");
    let out = zhucun(
        &db,
        &[
            "export",
            "training",
            "--year",
            "2026",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.contains("张伟") && body.contains("24"), "{body}");
    let help = stdout(&zhucun(&db, &["export", "training", "--help"]));
    assert!(help.contains("未参训名单"), "{help}");
}
