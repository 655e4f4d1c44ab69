//! `zhucun report --by ... / --overdue` and the import and export commands,
//! run as the real binary.

use crate::import_common;

use import_common::*;
use zhucun::domain::{Period, Status};
use zhucun::store::RecordInput;

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    s.record(&RecordInput {
        village: code("522701001201"),
        task: 1,
        period: Period::parse("2026-10").unwrap(),
        status: Status::Done,
        note: None,
        done_on: None,
        expected_version: None,
    })
    .unwrap();
    let path = s.path().to_path_buf();
    drop(s);
    (dir, path)
}

#[test]
fn report_by_village_is_aligned() {
    let (_dir, path) = db();
    let (ok, out, err) = zhucun(
        &path,
        &[
            "report", "--period", "2026-10", "--by", "village", "--scope", "522700",
        ],
    );
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "完成情况 · 2026年10月 · 黔南布依族苗族自治州 (522700)"
    );
    assert_eq!(lines.len(), 8, "{out}");
    assert_eq!(
        lines[3],
        "青山村  522701001201        1        9        1        0        0    11.1%         8"
    );
    assert_eq!(
        lines[4],
        "白云村  522701002201        1        9        0        0        0     0.0%         9"
    );
    let w = |s: &str| zhucun::domain::text::width(s);
    assert!(
        lines[1..lines.len() - 1]
            .iter()
            .filter(|l| !l.starts_with('-'))
            .all(|l| w(l) == w(lines[1])),
        "{out}"
    );
    let (ok, _, err) = zhucun(&path, &["report", "--by", "county", "--scope", "522701"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "zhucun：错误：--by county：范围 都匀市（522701）不在这一级之上；请选更大的 --scope 或更低的 --by"
    );
    let (ok, _, err) = zhucun(
        &path,
        &[
            "--lang", "en", "report", "--by", "county", "--scope", "522701",
        ],
    );
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "zhucun: error: --by county: the scope 都匀市 (522701) is not above that level; choose a wider --scope or a lower --by"
    );
    let (ok, out, _) = zhucun(
        &path,
        &[
            "report", "--period", "2026-10", "--by", "township", "--format", "json",
        ],
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    assert_eq!(v["rows"][0]["code"], "522701001");
    assert_eq!(v["rows"][0]["done"], 1);
}

#[test]
fn report_overdue_oldest_first() {
    let (_dir, path) = db();
    let (ok, out, err) = zhucun(
        &path,
        &[
            "report",
            "--overdue",
            "--period",
            "2026Q3",
            "--scope",
            "522701001",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v["overdue"].as_array().unwrap();
    // One village: 9 monthly tasks x 3 months + 10 quarterly tasks.
    assert_eq!(items.len(), 37);
    assert_eq!(items[0]["due"], "2026-07-31");
    assert_eq!(items[0]["days"], 120);
    assert_eq!(items[36]["due"], "2026-09-30");
    let (ok, out, _) = zhucun(
        &path,
        &[
            "report",
            "--overdue",
            "--period",
            "2026-10",
            "--scope",
            "522701001",
        ],
    );
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "逾期事项 · 2026年10月 · 广惠街道 (522701001) · 8");
    // Task 1 of October was done: not listed.
    assert!(!lines.iter().any(|l| l.contains(" 1  院坝会")), "{out}");
    let w = |s: &str| zhucun::domain::text::width(s);
    let widths: Vec<usize> = lines[3..]
        .iter()
        .map(|l| w(&l[..l.rfind("  ").unwrap()]))
        .collect();
    assert!(widths.windows(2).all(|p| p[0] == p[1]), "{out}");
}

#[test]
fn import_and_export_commands() {
    let (dir, path) = db();
    let (ok, out, err) = zhucun(
        &path,
        &[
            "import",
            "villages",
            fixture("villages_ok_gbk.csv").to_str().unwrap(),
            "--check",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.ends_with("villages_ok_gbk.csv (GB18030)：已检查，什么也没写入（--check）：3 行，将新增 3，将更新 0，未变 0\n"), "{out}");
    let villages = fixture("villages_ok_gbk.csv");
    let en = [
        "--lang",
        "en",
        "import",
        "villages",
        villages.to_str().unwrap(),
        "--check",
    ];
    let (ok, out, err) = zhucun(&path, &en);
    assert!(ok, "{err}");
    assert!(out.ends_with("villages_ok_gbk.csv (GB18030): checked, nothing written (--check): 3 rows, 3 to add, 0 to update, 0 unchanged\n"), "{out}");
    let teams = fixture("teams_unknown_role.csv");
    let (ok, _, err) = zhucun(&path, &["import", "teams", teams.to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(
        err,
        "teams_unknown_role.csv:2: 列 职务: 未知职务 “村长”；应为第一书记、驻村队员（驻村干部）或下沉干部\nzhucun：错误：teams_unknown_role.csv 中有 1 个问题；什么也没写入。请改正后重新导入\n"
    );
    let en = ["--lang", "en", "import", "teams", teams.to_str().unwrap()];
    let (ok, _, err) = zhucun(&path, &en);
    assert!(!ok);
    assert_eq!(
        err,
        "teams_unknown_role.csv:2: column 职务: unknown role \"村长\"; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部\nzhucun: error: 1 problem in teams_unknown_role.csv; nothing was written. Fix them and run the import again\n"
    );
    let (ok, out, _) = zhucun(&path, &["import", "--help"]);
    assert!(ok);
    assert!(
        out.contains("乡镇代码 / township_code: 乡镇或街道的 9 位代码"),
        "{out}"
    );
    let (ok, out, _) = zhucun(&path, &["--lang", "en", "import", "--help"]);
    assert!(ok);
    assert!(
        out.contains("乡镇代码 / township_code: 9-digit code"),
        "{out}"
    );
    let file = dir.path().join("十月.xlsx");
    let (ok, out, err) = zhucun(
        &path,
        &[
            "export",
            "--period",
            "2026-10",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.ends_with("2026年10月 · 黔南布依族苗族自治州（522700）· 18 行\n"),
        "{out}"
    );
    let (ok, _, err) = zhucun(
        &path,
        &[
            "export",
            "--period",
            "2026-10",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.ends_with("十月.xlsx 已存在；zhucun 不会覆盖它（换一个文件名，或加 --force 替换）\n"),
        "{err}"
    );
    let en = [
        "--lang",
        "en",
        "export",
        "--period",
        "2026-10",
        "-o",
        file.to_str().unwrap(),
    ];
    let (ok, _, err) = zhucun(&path, &en);
    assert!(!ok);
    assert!(err.ends_with("十月.xlsx already exists; zhucun will not overwrite it (choose another file name, or add --force to replace it)\n"), "{err}");
    let (ok, _, err) = zhucun(
        &path,
        &[
            "export",
            "--period",
            "2026-10",
            "--force",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
}
