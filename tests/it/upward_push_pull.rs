//! Issue 14: `zhucun push` and `zhucun pull FILE...`, the report tables of
//! teams and attendance (migration 0010), refusals audited.

use crate::common::{code, small_db, today, zhucun_text};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zhucun::domain::{Catalogue, DivisionCode, VillageType};
use zhucun::store::Store;
use zhucun::store::upward::parse;

fn province_db(dir: &Path) -> PathBuf {
    let path = dir.join("province.db");
    let mut store = Store::create(&path, &Catalogue::builtin(), today()).unwrap();
    let rows: Vec<(DivisionCode, String, Vec<VillageType>)> = vec![
        (code("520000"), "贵州省".into(), vec![]),
        (code("522700"), "黔南布依族苗族自治州".into(), vec![]),
    ];
    store.add_divisions(&rows).unwrap();
    path
}

fn push(db: &Path, dir: &Path) -> (bool, String, String) {
    zhucun_text(db, &["push", "--dir", dir.to_str().unwrap()])
}

fn pull(db: &Path, files: &[&Path]) -> (bool, String, String) {
    let mut args = vec!["pull"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    zhucun_text(db, &args)
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Every row of a table, as text, in key order.
fn table(db: &Path, t: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2, 3"))
        .unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => {
                    format!("{:?}", String::from_utf8_lossy(t))
                }
                v => format!("{v:?}"),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

const TEAM: &str = "村代码,姓名,职务,派出单位,开始日期,结束日期
522701001201,测甲,第一书记,州农业农村局,2025-06-01,
522701001201,测乙,驻村队员,都匀市自然资源局,2025-06-01,
522701001202,测丙,驻村队员,福泉市水务局,2026-03-01,
";

fn import_team(db: &Path, dir: &Path, csv: &str) {
    let f = dir.join("team.csv");
    std::fs::write(&f, csv).unwrap();
    let (ok, _, err) = zhucun_text(db, &["import", "teams", f.to_str().unwrap()]);
    assert!(ok, "{err}");
}

#[test]
fn push_names_the_file_by_prefecture_and_sequence_and_writes_none_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (ok, so, err) = push(&pref, &out);
    assert!(ok, "{err}");
    let first = out.join("522700-000001.zhucun-upward");
    assert!(first.exists(), "{so}");
    assert!(so.contains("522700-000001.zhucun-upward"), "{so}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let (ok, so, err) = push(&pref, &out);
    assert!(ok, "{err}");
    assert!(so.contains("没有变化"), "{so}");
    let (ok, so, _) = zhucun_text(
        &pref,
        &["--lang", "en", "push", "--dir", out.to_str().unwrap()],
    );
    assert!(ok);
    assert!(so.contains("Nothing changed"), "{so}");
    // Only the one file (no temporary left behind either).
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // A team import is a change: the next file is number 2.
    import_team(&pref, dir.path(), TEAM);
    let (ok, _, err) = push(&pref, &out);
    assert!(ok, "{err}");
    let (h, _) = parse(&std::fs::read(out.join("522700-000002.zhucun-upward")).unwrap()).unwrap();
    assert_eq!((h.seq, h.baseline), (2, false));
    // --baseline writes everything, as number 3.
    let (ok, _, err) = zhucun_text(
        &pref,
        &["push", "--baseline", "--dir", out.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let (h, _) = parse(&std::fs::read(out.join("522700-000003.zhucun-upward")).unwrap()).unwrap();
    assert!(h.baseline);
    assert_eq!(
        count(
            &pref,
            "SELECT count(*) FROM audit WHERE action = 'upward export' AND outcome = 'ok'"
        ),
        3
    );
}

#[test]
fn the_team_report_rows_change_in_the_same_transaction_as_the_team_import() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    assert_eq!(count(&pref, "SELECT count(*) FROM upward_team_month"), 0);
    import_team(&pref, dir.path(), TEAM);
    // 松岭村 in November 2026 (the tests' today): 1 first secretary, 1 resident.
    let row: (i64, i64, String) = rusqlite::Connection::open(&pref)
        .unwrap()
        .query_row(
            "SELECT first_secretaries, residents, shortfalls FROM upward_team_month
             WHERE village = '522701001201' AND month = '2026-11'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, (1, 1, "few_residents".to_string()));
    // 竹溪村's resident started in March: no row before, a row from March.
    let months = table(&pref, "upward_team_month");
    assert!(
        !months
            .iter()
            .any(|r| r.contains("522701001202") && r.contains("2026-02"))
    );
    assert!(
        months
            .iter()
            .any(|r| r.contains("522701001202") && r.contains("2026-03"))
    );
    // One row per cadre and month, under a code and not a name.
    let cadres = table(&pref, "upward_cadre_month");
    assert!(!cadres.is_empty());
    assert!(cadres.iter().all(|r| r.contains("\"522700-")), "{cadres:?}");
    assert!(!cadres.iter().any(|r| r.contains("测")), "{cadres:?}");
}

#[test]
fn the_cadre_month_counts_the_days_of_the_attendance_grid() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    import_team(&pref, dir.path(), TEAM);
    // Attendance rows written as the grid will write them (issue 12's
    // screens are on other branches); the push refreshes the month in
    // progress from them.
    let c = rusqlite::Connection::open(&pref).unwrap();
    c.execute_batch(
        "INSERT INTO attendance(cadre, day, code) SELECT id, '2026-11-02', 'present' FROM cadre WHERE name = '测乙';
         INSERT INTO attendance(cadre, day, code) SELECT id, '2026-11-03', 'duty_out' FROM cadre WHERE name = '测乙';
         INSERT INTO attendance(cadre, day, code) SELECT id, '2026-11-04', 'sick_leave' FROM cadre WHERE name = '测乙';",
    )
    .unwrap();
    drop(c);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (ok, _, err) = push(&pref, &out);
    assert!(ok, "{err}");
    let id: i64 = count(&pref, "SELECT id FROM cadre WHERE name = '测乙'");
    let got: (i64, i64, i64) = rusqlite::Connection::open(&pref)
        .unwrap()
        .query_row(
            "SELECT days_in_village, leave_days, days_recorded FROM upward_cadre_month
             WHERE month = '2026-11' AND cadre_code = ?1",
            [format!("522700-{id}")],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(got, (2, 1, 3));
}

#[test]
fn pull_applies_files_in_sequence_order_and_the_province_holds_the_team_figures() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    assert!(push(&pref, &out).0);
    import_team(&pref, dir.path(), TEAM);
    assert!(push(&pref, &out).0);
    let f1 = out.join("522700-000001.zhucun-upward");
    let f2 = out.join("522700-000002.zhucun-upward");
    // Given in the wrong order: applied 1 then 2.
    let (ok, so, err) = pull(&prov, &[&f2, &f1]);
    assert!(ok, "{err}");
    assert!(
        so.find("第 1 批").unwrap() < so.find("第 2 批").unwrap(),
        "{so}"
    );
    for t in ["upward_team_month", "upward_cadre_month"] {
        assert_eq!(table(&prov, t), table(&pref, t), "{t}");
    }
    // The province holds no name of a person.
    assert_eq!(count(&prov, "SELECT count(*) FROM team_member"), 0);
    assert_eq!(count(&prov, "SELECT count(*) FROM cadre"), 0);
}

fn refused_audits(db: &Path) -> i64 {
    count(
        db,
        "SELECT count(*) FROM audit WHERE action = 'upward apply' AND outcome = 'refused'",
    )
}

/// Data rows of the province (everything but the audit trail's refusals).
fn state(db: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for t in [
        "division",
        "rollup",
        "upward_team_month",
        "upward_cadre_month",
        "upward_batch",
    ] {
        out.extend(table(db, t));
    }
    out.push(count(db, "SELECT count(*) FROM audit WHERE outcome <> 'refused'").to_string());
    out
}

fn pull_refused(prov: &Path, file: &Path, zh: &str, en: &str) {
    let before = state(prov);
    let audits = refused_audits(prov);
    let (ok, _, err) = pull(prov, &[file]);
    assert!(!ok, "applied: {err}");
    assert!(err.contains(zh) && err.contains("什么也没有写入"), "{err}");
    let (ok, _, err) = zhucun_text(prov, &["--lang", "en", "pull", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains(en) && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(state(prov), before, "the province changed");
    assert_eq!(refused_audits(prov), audits + 2, "each refusal is audited");
}

/// A batch file re-signed after its header was edited (a valid SHA-256).
fn resign(file: &[u8], from: &str, to: &str) -> Vec<u8> {
    let end = file.windows(2).position(|w| w == b"\n\n").unwrap();
    let head = std::str::from_utf8(&file[..end]).unwrap().replace(from, to);
    let content = &file[end + 2..];
    let signed: String = head
        .lines()
        .filter(|l| !l.starts_with("sha256 "))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut h = Sha256::new();
    h.update(signed.as_bytes());
    h.update(content);
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let mut out = format!("{signed}sha256 {hex}\n\n").into_bytes();
    out.extend_from_slice(content);
    out
}

#[test]
fn pull_refuses_each_bad_file_with_nothing_applied_and_audits_it() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    assert!(push(&pref, &out).0);
    import_team(&pref, dir.path(), TEAM);
    assert!(push(&pref, &out).0);
    let f1 = out.join("522700-000001.zhucun-upward");
    let f2 = out.join("522700-000002.zhucun-upward");
    let bytes = std::fs::read(&f1).unwrap();
    let bad = dir.path().join("bad.zhucun-upward");
    // A gap: batch 2 before batch 1.
    pull_refused(&prov, &f2, "顺序不对", "out of order");
    // A flipped byte, a file cut short.
    let mut flipped = bytes.clone();
    let at = flipped.len() - 5;
    flipped[at] ^= 0x10;
    std::fs::write(&bad, &flipped).unwrap();
    pull_refused(&prov, &bad, "已损坏或被改动", "damaged or was altered");
    std::fs::write(&bad, &bytes[..bytes.len() - 40]).unwrap();
    pull_refused(&prov, &bad, "已损坏或被改动", "damaged or was altered");
    // A schema version this database does not have (well signed).
    let schema = format!("schema {}", zhucun::store::SCHEMA_VERSION);
    std::fs::write(&bad, resign(&bytes, &schema, "schema 99")).unwrap();
    pull_refused(&prov, &bad, "数据库版本是 99", "schema version 99");
    // A prefecture the province does not hold (well signed).
    std::fs::write(
        &bad,
        resign(&bytes, "prefecture 522700", "prefecture 522600"),
    )
    .unwrap();
    pull_refused(&prov, &bad, "不是本省", "not a prefecture of this province");
    // A repeat.
    let (ok, _, err) = pull(&prov, &[&f1]);
    assert!(ok, "{err}");
    pull_refused(&prov, &f1, "已经应用过", "already applied");
    let (ok, _, err) = pull(&prov, &[&f2]);
    assert!(ok, "{err}");
}

#[test]
fn a_conflict_says_to_ask_for_a_baseline_and_the_baseline_repairs_it() {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    import_team(&pref, dir.path(), TEAM);
    assert!(push(&pref, &out).0);
    assert!(pull(&prov, &[&out.join("522700-000001.zhucun-upward")]).0);
    // The province's copy diverges (a hand edit), then the prefecture changes.
    rusqlite::Connection::open(&prov)
        .unwrap()
        .execute(
            "UPDATE upward_team_month SET residents = 7 WHERE village = '522701001201'",
            [],
        )
        .unwrap();
    import_team(
        &pref,
        dir.path(),
        "村代码,姓名,职务,派出单位,开始日期,结束日期\n522701001201,测丁,驻村队员,州林业局,2026-01-05,\n",
    );
    assert!(push(&pref, &out).0);
    let f2 = out.join("522700-000002.zhucun-upward");
    pull_refused(&prov, &f2, "push --baseline", "push --baseline");
    assert!(push_baseline(&pref, &out));
    let (ok, _, err) = pull(&prov, &[&out.join("522700-000003.zhucun-upward")]);
    assert!(ok, "{err}");
    assert_eq!(
        table(&prov, "upward_team_month"),
        table(&pref, "upward_team_month")
    );
}

fn push_baseline(db: &Path, dir: &Path) -> bool {
    zhucun_text(db, &["push", "--baseline", "--dir", dir.to_str().unwrap()]).0
}

/// The grade distribution per county (counts only) reads the same at the
/// province, from the pulled report tables, as at the prefecture from its
/// grades and postings: the demo's 2025 grades, pushed and pulled, by
/// `zhucun assess dist` at the prefecture's scope and at the province's.
#[test]
fn the_grade_distribution_at_the_province_is_the_prefectures() {
    let (dir, pref) = crate::ui_support::copy_db();
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    push_and_pull(&pref, &prov, &out);
    let dist = |db: &Path, scope: &str| {
        let (ok, out, err) = zhucun_text(
            db,
            &[
                "assess", "dist", "--scope", scope, "--year", "2025", "--format", "json",
            ],
        );
        assert!(ok, "{err}");
        out
    };
    let at_prefecture = dist(&pref, "522700");
    let v: serde_json::Value = serde_json::from_str(&at_prefecture).unwrap();
    let counties = v.as_array().unwrap();
    assert_eq!(counties.len(), 12, "{at_prefecture}");
    assert!(
        counties.iter().any(|c| c["counts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_u64() > Some(0))),
        "the demo has 2025 grades: {at_prefecture}"
    );
    assert_eq!(dist(&prov, "522700"), at_prefecture);
    assert_eq!(
        dist(&prov, "520000"),
        at_prefecture,
        "the province: its counties"
    );
    // Counts only: no cadre's name is in what the province holds.
    assert_eq!(count(&prov, "SELECT count(*) FROM assessment"), 0);
    // The quota is the prefecture's: its 20 % reaches the province with
    // the next push, whatever the province's own setting says.
    let (ok, _, err) = zhucun_text(&pref, &["assess", "settings", "--quota-pct", "20"]);
    assert!(ok, "{err}");
    let (ok, _, err) = zhucun_text(&prov, &["assess", "settings", "--quota-pct", "50"]);
    assert!(ok, "{err}");
    let lowered = dist(&pref, "522700");
    assert_ne!(lowered, at_prefecture);
    let v: serde_json::Value = serde_json::from_str(&lowered).unwrap();
    assert!(
        v.as_array().unwrap().iter().all(|c| c["pct"] == 20),
        "{lowered}"
    );
    push_and_pull(&pref, &prov, &out);
    assert_eq!(dist(&prov, "520000"), lowered);
}

/// Push `pref`'s changes into `out` and pull the new files into `prov`.
fn push_and_pull(pref: &Path, prov: &Path, out: &Path) {
    let before: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let (ok, _, err) = push(pref, out);
    assert!(ok, "{err}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !before.contains(p))
        .collect();
    files.sort();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (ok, _, err) = pull(prov, &refs);
    assert!(ok, "{err}");
}

/// Each county's training of a year (cadres, hours, reached the target,
/// untrained) reads the same at the province, as pushed, as at the
/// prefecture from its sessions, marks and postings; a change of the target
/// at the prefecture reaches the province with the next push and pull.
#[test]
fn each_county_s_training_at_the_province_is_the_prefectures() {
    let (dir, pref) = crate::ui_support::copy_db();
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    push_and_pull(&pref, &prov, &out);
    let counties = |db: &Path, scope: &str, year: &str| {
        let (ok, out, err) = zhucun_text(
            db,
            &[
                "training", "counties", "--scope", scope, "--year", year, "--format", "json",
            ],
        );
        assert!(ok, "{err}");
        out
    };
    let figures = |json: &str| -> Vec<(u64, u64, u64, u64)> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let n = |k: &str| c[k].as_u64().unwrap();
                (n("cadres"), n("hours"), n("reached"), n("untrained"))
            })
            .collect()
    };
    let at_prefecture = counties(&pref, "522700", "2026");
    let rows = figures(&at_prefecture);
    assert_eq!(rows.len(), 12, "{at_prefecture}");
    assert!(
        rows.iter().all(|r| r.0 > 0 && r.1 > 0 && r.3 < r.0),
        "the demo trains in 2026: {at_prefecture}"
    );
    // The county's row is the sum of its cadres' hours list.
    let (ok, hours, err) = zhucun_text(
        &pref,
        &[
            "training", "hours", "--scope", "522701", "--year", "2026", "--format", "json",
        ],
    );
    assert!(ok, "{err}");
    let cadres: serde_json::Value = serde_json::from_str(&hours).unwrap();
    let cadres = cadres.as_array().unwrap();
    let sum: u64 = cadres
        .iter()
        .map(|c| c["training"]["hours"].as_u64().unwrap())
        .sum();
    let none = cadres
        .iter()
        .filter(|c| c["training"]["attended"].as_u64() == Some(0))
        .count() as u64;
    assert_eq!(
        (rows[0].0, rows[0].1, rows[0].3),
        (cadres.len() as u64, sum, none)
    );
    assert_eq!(counties(&prov, "522700", "2026"), at_prefecture);
    assert_eq!(counties(&prov, "520000", "2026"), at_prefecture);
    assert_eq!(
        counties(&prov, "522701", "2026"),
        counties(&pref, "522701", "2026")
    );
    assert_eq!(
        counties(&prov, "522700", "2025"),
        counties(&pref, "522700", "2025")
    );
    // Nobody reaches 90 hours in the demo; at 40, some do, and the
    // province sees it after the next push.
    assert!(rows.iter().all(|r| r.2 == 0), "{at_prefecture}");
    let (ok, _, err) = zhucun_text(&pref, &["training", "settings", "--target-hours", "40"]);
    assert!(ok, "{err}");
    let lowered = counties(&pref, "522700", "2026");
    assert!(figures(&lowered).iter().any(|r| r.2 > 0), "{lowered}");
    assert_ne!(counties(&prov, "522700", "2026"), lowered, "not pushed yet");
    push_and_pull(&pref, &prov, &out);
    assert_eq!(counties(&prov, "522700", "2026"), lowered);
    // The province's own setting changes nothing it was sent, and the
    // next pull still applies (the copies did not diverge).
    let (ok, _, err) = zhucun_text(&prov, &["training", "settings", "--target-hours", "10"]);
    assert!(ok, "{err}");
    assert_eq!(counties(&prov, "522700", "2026"), lowered);
    let (ok, _, err) = zhucun_text(&pref, &["training", "settings", "--target-hours", "44"]);
    assert!(ok, "{err}");
    push_and_pull(&pref, &prov, &out);
    assert_eq!(
        counties(&prov, "522700", "2026"),
        counties(&pref, "522700", "2026")
    );
    // The table's text, in both languages, says counts only.
    let (ok, table, err) = zhucun_text(&prov, &["training", "counties", "--year", "2026"]);
    assert!(ok, "{err}");
    assert!(
        table.contains("不列任何人") && table.contains("最近一次报送"),
        "{table}"
    );
    assert!(table.contains("都匀市"), "{table}");
    assert_eq!(count(&prov, "SELECT count(*) FROM training_attendance"), 0);
}

/// `assess export` and `training export --counties` at the province write
/// the per-county tables, as pushed, and name nobody.
#[test]
fn exports_at_the_province_hold_county_counts_and_no_person() {
    use calamine::Reader as _;
    let (dir, pref) = crate::ui_support::copy_db();
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    push_and_pull(&pref, &prov, &out);
    let names: Vec<String> = {
        let c = rusqlite::Connection::open(&pref).unwrap();
        let mut st = c.prepare("SELECT name FROM cadre").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(names.len() > 100);
    let text_of = |xlsx: &Path| -> Vec<Vec<String>> {
        let mut book = calamine::open_workbook_auto(xlsx).unwrap();
        let mut all = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            for row in range.rows() {
                all.push(row.iter().map(|c| c.to_string()).collect());
            }
        }
        all
    };
    let assess = dir.path().join("assess.xlsx");
    let (ok, _, err) = zhucun_text(
        &prov,
        &[
            "assess",
            "export",
            "--scope",
            "520000",
            "--year",
            "2025",
            "-o",
            assess.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let training = dir.path().join("training.xlsx");
    let (ok, _, err) = zhucun_text(
        &prov,
        &[
            "training",
            "export",
            "--counties",
            "--year",
            "2026",
            "-o",
            training.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    for (file, header) in [(&assess, "优秀"), (&training, "未参训")] {
        let rows = text_of(file);
        assert!(
            rows.iter().any(|r| r.iter().any(|c| c == header)),
            "{}: {rows:?}",
            file.display()
        );
        // Every county of the prefecture has its row, and nothing else
        // is there: no sheet of people, not even an empty one.
        let counties = rows
            .iter()
            .filter(|r| r.first().is_some_and(|c| c.starts_with("5227")))
            .count();
        let blank_or_note = rows
            .iter()
            .filter(|r| r.iter().skip(1).all(String::is_empty))
            .count();
        assert_eq!(
            (counties, rows.len() - counties - blank_or_note),
            (12, 1),
            "twelve counties and the header: {}: {rows:?}",
            file.display()
        );
        for county in ["522701", "522702", "522732"] {
            assert!(
                rows.iter().any(|r| r.iter().any(|c| c.contains(county))),
                "{county} in {}: {rows:?}",
                file.display()
            );
        }
        for r in &rows {
            for c in r {
                assert!(
                    !names.iter().any(|n| c.contains(n.as_str())),
                    "a name in {}: {r:?}",
                    file.display()
                );
            }
        }
    }
}

/// Every row of `sql` as text, in the order the query gives.
fn rows_of(db: &Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// The nation is the same mechanism one level up: the province pushes what
/// it pulled (as pulled, never recomputed), named by its own code and
/// sequence; a nation's database holding the province pulls it and holds
/// the same report rows; a change at the prefecture reaches the nation
/// through both; the nation refuses a prefecture's file and pushes nothing,
/// and a province refuses its own file.
#[test]
fn a_province_passes_on_what_it_pulled_and_the_nation_holds_the_same() {
    let (dir, pref) = crate::ui_support::copy_db();
    let prov = province_db(dir.path());
    let out = dir.path().join("out");
    let up = dir.path().join("up");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&up).unwrap();
    push_and_pull(&pref, &prov, &out);
    let nation = dir.path().join("nation.db");
    {
        let mut store = Store::create(&nation, &Catalogue::builtin(), today()).unwrap();
        let rows: Vec<(DivisionCode, String, Vec<VillageType>)> = vec![
            (code("520000"), "贵州省".into(), vec![]),
            (code("530000"), "云南省".into(), vec![]),
        ];
        store.add_divisions(&rows).unwrap();
    }
    let held = |db: &Path| -> Vec<Vec<String>> {
        let mut all = vec![rows_of(
            db,
            "SELECT * FROM division WHERE code LIKE '52%' AND code <> '520000' ORDER BY code",
        )];
        for t in zhucun::store::upward::REPORT_TABLES.iter().skip(1) {
            all.push(rows_of(
                db,
                &format!("SELECT * FROM {} ORDER BY 1, 2, 3", t.name),
            ));
        }
        all.push(rows_of(
            db,
            "SELECT villages FROM division WHERE code = '520000'",
        ));
        all
    };
    let at_province = held(&prov);
    assert!(at_province.iter().all(|t| !t.is_empty()));
    push_and_pull(&prov, &nation, &up);
    assert!(up.join("520000-000001.zhucun-upward").exists());
    assert_eq!(
        held(&prov),
        at_province,
        "the province's push recomputes nothing"
    );
    assert_eq!(held(&nation), at_province);
    let (ok, so, err) = push(&prov, &up);
    assert!(ok && so.contains("没有变化"), "{so}{err}");
    // A change at the prefecture, through the province, to the nation.
    let (ok, _, err) = zhucun_text(&pref, &["training", "settings", "--target-hours", "40"]);
    assert!(ok, "{err}");
    push_and_pull(&pref, &prov, &out);
    push_and_pull(&prov, &nation, &up);
    let now = held(&prov);
    assert_ne!(now, at_province);
    assert_eq!(held(&nation), now);
    let counties = |db: &Path| {
        zhucun_text(
            db,
            &[
                "training", "counties", "--scope", "520000", "--year", "2026", "--format", "json",
            ],
        )
    };
    assert_eq!(counties(&nation), counties(&prov));
    // Refusals, nothing applied: a prefecture's file at the nation; the
    // province's own file back at the province; no push from the nation.
    let before = held(&nation);
    let (ok, _, err) = pull(
        &nation,
        &[out.join("522700-000001.zhucun-upward").as_path()],
    );
    assert!(!ok && err.contains("不是省"), "{err}");
    assert_eq!(held(&nation), before);
    let (ok, _, err) = pull(&prov, &[up.join("520000-000002.zhucun-upward").as_path()]);
    assert!(!ok && err.contains("批次来自 520000"), "{err}");
    assert_eq!(held(&prov), now);
    let (ok, _, err) = push(&nation, &dir.path().join("out"));
    assert!(!ok && err.contains("不是省"), "{err}");
}
