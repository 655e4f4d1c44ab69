//! `zhucun assess import`: a county's sheet, all or nothing; every bad
//! input has a fixture and the message users see, and nothing is written.

use crate::assess_store::pool_db;
use crate::common::{fingerprint, zhucun_text as zhucun};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/assessment")
        .join(name)
}

fn import(db: &std::path::Path, name: &str, extra: &[&str]) -> (bool, String, String) {
    let f = fixture(name);
    let mut args = vec![
        "assess",
        "import",
        f.to_str().unwrap(),
        "--county",
        "522701",
    ];
    args.extend_from_slice(extra);
    zhucun(db, &args)
}

#[test]
fn a_countys_sheet_goes_in_utf8_or_gbk() {
    for file in ["ok.csv", "ok_gbk.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let db = pool_db(dir.path()).path().to_path_buf();
        let (ok, out, err) = import(&db, file, &["--check"]);
        assert!(ok, "{file}: {err}");
        assert!(out.contains("3 条"), "{out}");
        let before = fingerprint(&db);
        assert_eq!(before, fingerprint(&db));
        let (ok, out, err) = import(&db, file, &[]);
        assert!(ok, "{file}: {err}");
        assert!(out.contains("已导入 3 条"), "{out}");
        let (_, list, _) = zhucun(
            &db,
            &["assess", "list", "--county", "522701", "--format", "csv"],
        );
        assert!(
            list.contains("王芳,州财政局,0,,0,,优秀,都匀市驻村办"),
            "{list}"
        );
        assert!(
            list.contains("张敏,州财政局,0,,0,,基本称职,都匀市"),
            "{list}"
        );
    }
}

#[test]
fn bad_sheets_say_where_and_what_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = pool_db(dir.path()).path().to_path_buf();
    let cases = [
        ("bad_grade.csv", "bad_grade.csv:2: 列 等次: “良好”不是等次"),
        (
            "unknown_name.csv",
            "unknown_name.csv:3: 列 姓名: 钱多多 本年度不在该考核范围内驻村",
        ),
        ("twice.csv", "twice.csv:3: 列 姓名: 王芳 在第 2 行已出现"),
        (
            "over_quota.csv",
            "优秀超出限额：文件评优秀 4 人，另有已评优秀 0 人，本考核范围 10 人，限额 3",
        ),
        ("no_name_column.csv", "需要“姓名”或“干部编号”列"),
        ("bad_date.csv", "“abc”不是干部编号"),
    ];
    let before = fingerprint(&db);
    for (file, want) in cases {
        let (ok, _, err) = import(&db, file, &[]);
        assert!(!ok, "{file}");
        assert!(err.contains(want), "{file}: {err}");
        assert!(err.contains("什么也没写入"), "{file}: {err}");
    }
    assert_eq!(before, fingerprint(&db), "nothing written");
    // English too.
    let (ok, _, err) = import(&db, "over_quota.csv", &["--lang", "en"]);
    assert!(!ok);
    assert!(
        err.contains("4 excellent in the file") && err.contains("quota 3"),
        "{err}"
    );
}

#[test]
fn a_recalled_cadre_in_the_sheet_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = pool_db(dir.path());
    store
        .conn()
        .execute(
            "UPDATE team_member SET end_on = '2026-06-30', end_reason = 'recalled' WHERE name = '王芳'",
            [],
        )
        .unwrap();
    let db = store.path().to_path_buf();
    drop(store);
    let (ok, _, err) = import(&db, "ok.csv", &[]);
    assert!(!ok);
    assert!(
        err.contains("ok.csv:2") && err.contains("被召回的干部不能评为优秀"),
        "{err}"
    );
}

/// `zhucun import assessment` and `zhucun export assessment`: the county's
/// sheet and the distribution under the common commands.
#[test]
fn import_and_export_assessment_under_the_common_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = pool_db(dir.path()).path().to_path_buf();
    let file = format!(
        "{}/tests/fixtures/assessment/ok.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let (ok, out, err) = zhucun(
        &db,
        &[
            "import",
            "assessment",
            &file,
            "--county",
            "522701",
            "--check",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("3 条"), "{out}");
    let (ok, out, err) = zhucun(&db, &["import", "assessment", &file, "--county", "522701"]);
    assert!(ok, "{err}");
    assert!(out.contains("已导入 3 条"), "{out}");
    let xlsx = dir.path().join("考核.xlsx");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "export",
            "assessment",
            "--scope",
            "522701",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}
