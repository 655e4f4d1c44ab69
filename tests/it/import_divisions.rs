//! `zhucun import divisions`: the upper divisions of a fresh database from a
//! file, rows in any order, every problem with its exact message and the
//! database unchanged.

use crate::import_common;

use import_common::*;
use std::path::Path;
use zhucun::transfer::ImportKind::Divisions;

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_fresh_database_gets_its_divisions_then_villages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/samples/divisions.csv");
    let sample = sample.to_str().unwrap();
    let villages = fixture("divisions_then_villages.csv");
    let villages = villages.to_str().unwrap();
    let (ok, _, err) = zhucun(&db, &["init"]);
    assert!(ok, "{err}");
    // Villages first fail: there are no townships yet.
    let (ok, _, err) = zhucun(&db, &["import", "villages", villages]);
    assert!(!ok);
    assert!(
        err.contains("divisions_then_villages.csv:2: 列 乡镇代码: 乡镇代码 522701001 不存在；数据库里没有这个乡镇"),
        "{err}"
    );
    let (ok, _, err) = zhucun(&db, &["--lang", "en", "import", "villages", villages]);
    assert!(!ok);
    assert!(
        err.contains(
            "divisions_then_villages.csv:2: column 乡镇代码: unknown township code 522701001"
        ),
        "{err}"
    );

    let (ok, out, err) = zhucun(&db, &["import", "divisions", sample]);
    assert!(ok, "{err}");
    assert!(
        out.contains("已导入：122 行，新增 122，更新 0，未变 0"),
        "{out}"
    );
    // 1 placeholder province + 1 prefecture + 12 counties + 109 townships.
    assert_eq!(count(&db, "SELECT count(*) FROM division"), 123);
    assert_eq!(
        count(&db, "SELECT count(*) FROM division WHERE level = 2"),
        12
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM division WHERE level = 3"),
        109
    );
    let audit = count(&db, "SELECT count(*) FROM audit");

    // Re-importing changes nothing, not even the audit log.
    let (ok, out, err) = zhucun(&db, &["import", "divisions", sample]);
    assert!(ok, "{err}");
    assert!(
        out.contains("没有需要改动的：122 行，新增 0，更新 0，未变 122"),
        "{out}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM audit"), audit);

    let (ok, out, err) = zhucun(&db, &["import", "villages", villages]);
    assert!(ok, "{err}");
    assert!(out.contains("新增 2"), "{out}");
    for (code, n) in [("522700", 2), ("522701", 1), ("522732", 1), ("522702", 0)] {
        assert_eq!(
            count(
                &db,
                &format!("SELECT villages FROM division WHERE code = '{code}'")
            ),
            n,
            "{code}"
        );
    }
    let (ok, out, err) = zhucun(&db, &["report", "--period", "2026-10"]);
    assert!(ok, "{err}");
    for county in ["都匀市", "福泉市", "三都水族自治县"] {
        assert!(out.contains(county), "{county}\n{out}");
    }
    let counties = out
        .lines()
        .filter(|l| l.contains("市") || l.contains("县"))
        .filter(|l| !l.contains("自治州"))
        .count();
    assert_eq!(counties, 12, "{out}");
}

#[test]
fn rows_in_any_order_and_renames_with_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    // A township before its county, and one row already stored.
    let out = import(&mut store, Divisions, &fixture("divisions_ok.csv"), false).unwrap();
    assert_eq!((out.counts.added, out.counts.unchanged), (2, 1));
    let town = store.division(&code("522702001")).unwrap().unwrap();
    assert_eq!(town.name, "金山街道");
    assert_eq!(store.children(&code("522700")).unwrap().len(), 2);
    let before = fingerprint(&store);
    let again = import(&mut store, Divisions, &fixture("divisions_ok.csv"), false).unwrap();
    assert!(!again.written);
    assert_eq!(again.counts.unchanged, 3);
    assert_eq!(fingerprint(&store), before);

    let audit = |s: &zhucun::store::Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE action = 'import update' AND record = 'division/522701'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(audit(&store), 0);
    let out = import(
        &mut store,
        Divisions,
        &fixture("divisions_renamed.csv"),
        false,
    )
    .unwrap();
    assert_eq!(out.counts.updated, 1);
    assert_eq!(
        store.division(&code("522701")).unwrap().unwrap().name,
        "都匀新市"
    );
    assert_eq!(audit(&store), 1);
    // Villages below keep their place and counts.
    assert_eq!(store.village_count(&code("522701")).unwrap(), 2);
}

#[test]
fn english_headers_and_names_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        Divisions,
        &fixture("divisions_english.csv"),
        false,
    )
    .unwrap();
    assert_eq!(out.counts.added, 1);
    let name = store.division(&code("522702")).unwrap().unwrap().name;
    assert!(!name.contains('\u{7}'), "{name:?}");
    assert_eq!(name, zhucun::domain::text::sanitize("福泉\u{7}市", true));
}

/// The fixture's problems in English (`expected`) and in Chinese (its
/// block in problems.zh.txt).
fn check(name: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let got = problems(&mut store, Divisions, name);
    assert_eq!(got, expected, "{name}");
    let zh = problems_in(&mut store, Divisions, name, zhucun::i18n::Lang::Zh);
    if std::env::var_os("ZHUCUN_BLESS_ZH").is_some() {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(fixture("problems.zh.txt"))
            .unwrap();
        writeln!(f, "== {name}\n{}\n", zh.join("\n")).unwrap();
        return;
    }
    assert_eq!(zh, expected_zh(name), "{name} in Chinese");
}

#[test]
fn division_problems() {
    check(
        "divisions_bad_code.csv",
        &[
            "divisions_bad_code.csv:2: column 代码: division code \"52270\" must be 6, 9 or 12 digits",
        ],
    );
    check(
        "divisions_village_code.csv",
        &[
            "divisions_village_code.csv:2: column 代码: 522701001201 is a village or community code (12 digits); import villages with `zhucun import villages`",
        ],
    );
    check(
        "divisions_missing_parent.csv",
        &[
            "divisions_missing_parent.csv:2: column 代码: the parent 522703 of 522703001 is neither in the database nor in this file; add a row for 522703",
        ],
    );
    check(
        "divisions_duplicate.csv",
        &[
            "divisions_duplicate.csv:3: column 代码: code 522702 appears twice in the file (first on line 2)",
        ],
    );
    check(
        "divisions_empty_name.csv",
        &["divisions_empty_name.csv:2: column 名称: empty; a value is required"],
    );
}

#[test]
fn only_administrators_import_divisions() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    store
        .set_user(
            "wenfeng",
            zhucun::domain::UserRole::Township,
            Some(&code("522701002")),
        )
        .unwrap();
    store.set_account_for_tests("wenfeng").unwrap();
    let divisions = |s: &zhucun::store::Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM division", [], |r| r.get(0))
            .unwrap()
    };
    let before = divisions(&store);
    let err = import(&mut store, Divisions, &fixture("divisions_ok.csv"), false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "permission denied: wenfeng (township) may not administer for the whole database; this was recorded in the audit log"
    );
    assert_eq!(divisions(&store), before);
}
