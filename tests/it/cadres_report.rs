//! `zhucun report --gaps`: the 1+2+N gaps of a scope by division code, the
//! rotation list, CSV and xlsx files (audited) and the scope rule.

use crate::common::{code, today};
use crate::import_common::{day, fixture, import, small_db, zhucun};
use zhucun::domain::UserRole;
use zhucun::transfer::ImportKind::Teams;

/// The import test database with the cadre file loaded: 青山村 has only
/// 张伟 and 孙丽 (one resident), 白云村 nobody in post since 2025-03-01.
fn db(dir: &std::path::Path) -> std::path::PathBuf {
    let mut store = small_db(dir);
    import(&mut store, Teams, &fixture("teams_cadres_ok.csv"), false).unwrap();
    store.path().to_path_buf()
}

#[test]
fn gaps_table_lists_villages_by_code_with_the_rotation_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let (ok, out, err) = zhucun(&path, &["report", "--gaps", "--scope", "522701"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "1+2+N 缺口 · 都匀市 (522701) · 2026-11-28");
    let qs = lines
        .iter()
        .position(|l| l.starts_with("522701001201"))
        .unwrap();
    let by = lines
        .iter()
        .position(|l| l.starts_with("522701002201"))
        .unwrap();
    assert!(qs < by, "sorted by division code:\n{out}");
    assert!(lines[qs].contains("驻村队员少于2名"), "{out}");
    assert!(lines[by].contains("缺第一书记"), "{out}");
    // 白云村's last resident left on 2024-05-31 (its first secretary on
    // 2025-02-28): the longest open gap, 1 Jun 2024 to 28 Nov 2026.
    let open = (day("2026-11-28") - day("2024-06-01")).num_days() + 1;
    assert!(lines[by].trim_end().ends_with(&open.to_string()), "{out}");
    assert!(
        out.contains("已结束的驻村 2 人次：期满轮换 1、作用发挥不好 0、身体原因 1、召回 0、其他 0、未填原因 0"),
        "{out}"
    );
    assert!(
        out.contains("在岗干部 2 名：组织部门选派 1，单位推荐 1，未填 0；科级以上 1，未填 0"),
        "{out}"
    );
    // English, and a day before 张伟 and 孙丽 arrived.
    let (ok, out, _) = zhucun(
        &path,
        &[
            "--lang",
            "en",
            "report",
            "--gaps",
            "--scope",
            "522701",
            "--on",
            "2024-01-01",
        ],
    );
    assert!(ok);
    assert!(
        out.starts_with("1+2+N gaps · 都匀市 (522701) · 2024-01-01"),
        "{out}"
    );
    assert!(
        out.contains("2 of 2 villages with a gap (2024-01-01)"),
        "{out}"
    );
}

#[test]
fn rotation_list_shows_postings_at_two_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    // 张伟 started 2025-06-01: at two years on 2027-06-01.
    let (ok, out, _) = zhucun(
        &path,
        &[
            "report",
            "--gaps",
            "--scope",
            "522701",
            "--on",
            "2027-06-01",
        ],
    );
    assert!(ok);
    let row = out
        .lines()
        .find(|l| l.starts_with("522701001201") && l.contains("张伟"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("2027-06-01"), "{row}");
    assert!(row.trim_end().ends_with("731"), "{row}");
    assert!(out.contains("驻村满两年（轮换到期） 2 人"), "{out}");
}

#[test]
fn gaps_to_csv_and_xlsx_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let csv = dir.path().join("gaps.csv");
    let (ok, out, err) = zhucun(
        &path,
        &[
            "report",
            "--gaps",
            "--scope",
            "522701",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("· 2 行"), "{out}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "代码,村,第一书记,驻村队员,下沉干部,缺口,空档天数");
    assert!(
        lines[1].starts_with("522701001201,青山村,1,1,0,驻村队员少于2名,0"),
        "{text}"
    );
    let xlsx = dir.path().join("gaps.xlsx");
    let (ok, _, err) = zhucun(
        &path,
        &[
            "report",
            "--gaps",
            "--scope",
            "522701",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    // An existing file is refused without --force.
    let (ok, _, err) = zhucun(
        &path,
        &[
            "report",
            "--gaps",
            "--scope",
            "522701",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.contains("gaps.xlsx"), "{err}");
    let store = zhucun::store::Store::open(&path, today()).unwrap();
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'export' AND record = 'export/522701' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn gaps_outside_the_accounts_scope_are_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let mut store = zhucun::store::Store::open(&path, today()).unwrap();
    store
        .add_user("wenfeng", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    store.set_account_for_tests("wenfeng").unwrap();
    let err = store.gap_report(&code("522701"), today()).unwrap_err();
    assert!(err.to_string().contains("wenfeng"), "{err}");
    let r = store.gap_report(&code("522701002"), today()).unwrap();
    assert_eq!(r.villages, 1);
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE account = 'wenfeng' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// `report --rotation`: the rotation list alone, as a table, CSV, JSON and a
/// one-sheet workbook; the gap table is not in it.
#[test]
fn rotation_alone_as_table_csv_json_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let on = ["--scope", "522701", "--on", "2027-06-01"];
    let (ok, out, err) = zhucun(&path, &[&["report", "--rotation"], &on[..]].concat());
    assert!(ok, "{err}");
    assert!(out.starts_with("轮换"), "{out}");
    assert!(!out.contains("1+2+N"), "the rotation list alone: {out}");
    let row = out
        .lines()
        .find(|l| l.starts_with("522701001201") && l.contains("张伟"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.trim_end().ends_with("731"), "{row}");
    assert!(out.contains("驻村满两年（轮换到期） 2 人"), "{out}");
    assert!(out.contains("已结束的驻村 2 人次"), "{out}");
    let (ok, csv, _) = zhucun(
        &path,
        &[&["report", "--rotation", "--format", "csv"], &on[..]].concat(),
    );
    assert!(ok);
    let csv = csv.trim_start_matches('\u{feff}');
    assert_eq!(csv.lines().count(), 3, "a header and two postings: {csv}");
    assert!(!csv.contains("缺口"), "{csv}");
    let (ok, json, _) = zhucun(
        &path,
        &[&["report", "--rotation", "--format", "json"], &on[..]].concat(),
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["due"].as_array().unwrap().len(), 2);
    assert_eq!(v["rotation"]["due"], 2);
    assert!(v.get("gaps").is_none());
    let xlsx = dir.path().join("rotation.xlsx");
    let (ok, out, err) = zhucun(
        &path,
        &[
            &["report", "--rotation", "-o", xlsx.to_str().unwrap()],
            &on[..],
        ]
        .concat(),
    );
    assert!(ok, "{err}");
    assert!(out.contains("· 2 行"), "{out}");
    use calamine::Reader as _;
    let book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names().len(), 1, "{:?}", book.sheet_names());
    // --rotation with --gaps is refused.
    let (ok, _, _) = zhucun(&path, &["report", "--rotation", "--gaps"]);
    assert!(!ok);
}
