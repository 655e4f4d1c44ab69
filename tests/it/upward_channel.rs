//! Issue 14 (first slice): the prefecture's report tables sent to the
//! province as changeset files, `zhucun upward export|apply`.

use crate::common::{code, small_db, today, zhucun_text};
use std::path::{Path, PathBuf};
use zhucun::domain::{Catalogue, DivisionCode, VillageType};
use zhucun::store::Store;
use zhucun::store::upward::{REPORT_TABLES, decode, parse};

/// A province database: 贵州省 with 黔南州 and 黔东南州 (no villages).
fn province_db(dir: &Path) -> PathBuf {
    let path = dir.join("province.db");
    let mut store = Store::create(&path, &Catalogue::builtin(), today()).unwrap();
    let rows: Vec<(DivisionCode, String, Vec<VillageType>)> = vec![
        (code("520000"), "贵州省".into(), vec![]),
        (code("522700"), "黔南布依族苗族自治州".into(), vec![]),
        (code("522600"), "黔东南苗族侗族自治州".into(), vec![]),
    ];
    store.add_divisions(&rows).unwrap();
    path
}

fn record(db: &Path, village: &str, task: &str, status: &str) {
    let (ok, _, err) = zhucun_text(
        db,
        &[
            "record",
            "--village",
            village,
            "--task",
            task,
            "--status",
            status,
            "--period",
            "2026-11",
        ],
    );
    assert!(ok, "{err}");
}

fn export(db: &Path, out: &Path) -> (bool, String, String) {
    zhucun_text(db, &["upward", "export", "-o", out.to_str().unwrap()])
}

fn apply(db: &Path, file: &Path) -> (bool, String, String) {
    zhucun_text(db, &["upward", "apply", file.to_str().unwrap()])
}

/// The rows of `table` whose code starts with `prefix`, as text, in order.
fn rows(db: &Path, table: &str, prefix: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(&format!(
            "SELECT * FROM {table} WHERE code LIKE ?1 || '%' ORDER BY 1, 2"
        ))
        .unwrap();
    let n = st.column_count();
    st.query_map([prefix], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Everything apply could write at the province.
fn province_state(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    // A refusal is audited (its own row, outcome refused); nothing else.
    for t in [
        "division",
        "rollup",
        "upward_batch",
        "audit WHERE outcome <> 'refused'",
    ] {
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        out.push_str(&format!("{t}={n} "));
    }
    out.push_str(&rows(db, "rollup", "52").join(";"));
    out.push_str(&rows(db, "division", "52").join(";"));
    out
}

/// A prefecture and a province with batch 1 exported; batch 2 after two
/// more records. Returns (dir, prefecture db, province db, batch 1, batch 2).
fn two_batches() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pref = small_db(dir.path());
    let prov = province_db(dir.path());
    record(&pref, "522701001201", "1", "done");
    let b1 = dir.path().join("b1.zcu");
    let (ok, _, err) = export(&pref, &b1);
    assert!(ok, "{err}");
    record(&pref, "522701001202", "1", "done");
    record(&pref, "522702100201", "1", "doing");
    let b2 = dir.path().join("b2.zcu");
    let (ok, _, err) = export(&pref, &b2);
    assert!(ok, "{err}");
    (dir, pref, prov, b1, b2)
}

#[test]
fn batches_applied_in_order_give_the_province_the_prefecture_rollups() {
    let (_dir, pref, prov, b1, b2) = two_batches();
    let f1 = std::fs::read(&b1).unwrap();
    let (h1, _) = parse(&f1).unwrap();
    assert_eq!((h1.prefecture.as_str(), h1.seq), ("522700", 1));
    let (h2, _) = parse(&std::fs::read(&b2).unwrap()).unwrap();
    assert_eq!(h2.seq, 2);
    // The first batch is the whole snapshot, the second only what changed.
    assert!(h2.changes < h1.changes, "{} vs {}", h2.changes, h1.changes);

    let (ok, out, err) = apply(&prov, &b1);
    assert!(ok, "{err}");
    assert!(out.contains("第 1 批"), "{out}");
    let (ok, _, err) = apply(&prov, &b2);
    assert!(ok, "{err}");
    assert_eq!(rows(&prov, "rollup", "5227"), rows(&pref, "rollup", "5227"));
    // Divisions below the prefecture arrive as they are.
    assert_eq!(
        rows(&prov, "division", "52270"),
        rows(&pref, "division", "52270")
    );

    // The province's report sums its prefectures: 黔南州 2 done, 1 doing.
    let (ok, out, err) = zhucun_text(&prov, &["report", "--period", "2026-11", "--format", "csv"]);
    assert!(ok, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains("522700"))
        .unwrap_or_else(|| panic!("{out}"));
    let (ok, pout, _) = zhucun_text(&pref, &["report", "--period", "2026-11", "--format", "csv"]);
    assert!(ok);
    let total = pout.lines().last().unwrap();
    // Same figures after the name and code columns.
    let tail = |l: &str| l.split(',').skip(2).collect::<Vec<_>>().join(",");
    assert_eq!(tail(line), tail(total), "{out}\n{pout}");
    let c = rusqlite::Connection::open(&prov).unwrap();
    // The province's own row: the sum of its prefectures (one here).
    let (done, doing, villages): (i64, i64, i64) = c
        .query_row(
            "SELECT sum(r.done), sum(r.doing), max(d.villages) FROM rollup r
             JOIN division d ON d.code = r.code WHERE r.code = '520000'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((done, doing, villages), (2, 1, 4));
    // Both sides keep the ledger.
    let (ok, list, _) = zhucun_text(&prov, &["upward", "list"]);
    assert!(ok && list.contains("applied  522700  #2"), "{list}");
    let (ok, list, _) = zhucun_text(&pref, &["upward", "list"]);
    assert!(ok && list.contains("sent  522700  #2"), "{list}");
}

#[test]
fn nothing_changed_writes_no_file_and_the_export_is_audited() {
    let (dir, pref, _prov, _b1, _b2) = two_batches();
    let b3 = dir.path().join("b3.zcu");
    let (ok, out, err) = export(&pref, &b3);
    assert!(ok, "{err}");
    assert!(out.contains("没有变化"), "{out}");
    assert!(!b3.exists());
    let c = rusqlite::Connection::open(&pref).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'upward export'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
    // --since must name the last batch sent.
    record(&pref, "522701001001", "1", "done");
    let (ok, _, err) = zhucun_text(
        &pref,
        &[
            "upward",
            "export",
            "--since",
            "1",
            "-o",
            b3.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("第 2 批"), "{err}");
    assert!(!b3.exists());
    let (ok, _, err) = zhucun_text(
        &pref,
        &[
            "upward",
            "export",
            "--since",
            "2",
            "-o",
            b3.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(parse(&std::fs::read(&b3).unwrap()).unwrap().0.seq, 3);
}

#[test]
fn export_is_for_administrators_of_a_prefecture() {
    let dir = tempfile::tempdir().unwrap();
    let prov = province_db(dir.path());
    let out = dir.path().join("x.zcu");
    let (ok, _, err) = export(&prov, &out);
    assert!(!ok && err.contains("不是市州"), "{err}");
    assert!(!out.exists());
    let pref = small_db(dir.path());
    let (ok, _, err) = zhucun_text(
        &pref,
        &[
            "user", "add", "daemon", "--role", "county", "--scope", "522701",
        ],
    );
    assert!(ok, "{err}");
    let mut store = Store::open(&pref, today()).unwrap();
    store.set_account_for_tests("daemon").unwrap();
    assert!(store.upward_export(&out, None, false).is_err());
    assert!(!out.exists());
}

#[test]
fn a_changeset_carries_no_notes_drafts_audit_accounts_or_names_of_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let (ok, _, err) = zhucun_text(&db, &["init", "--demo"]);
    assert!(ok, "{err}");
    let out = dir.path().join("demo.zcu");
    let (ok, _, err) = export(&db, &out);
    assert!(ok, "{err}");
    let file = std::fs::read(&out).unwrap();
    let (_, content) = parse(&file).unwrap();
    let changes = decode(content).unwrap();
    assert!(changes.len() > 1319, "{}", changes.len());
    let allowed: Vec<&str> = REPORT_TABLES.iter().map(|t| t.name).collect();
    assert_eq!(
        allowed,
        [
            "division",
            "rollup",
            "upward_team_month",
            "upward_cadre_month",
            "upward_grade_count",
            "upward_pool_size",
            "upward_training_count"
        ]
    );
    // The demo's teams, and its grades as counts, travel as figures.
    assert!(changes.iter().any(|c| c.table == "upward_team_month"));
    assert!(changes.iter().any(|c| c.table == "upward_cadre_month"));
    assert!(changes.iter().any(|c| c.table == "upward_grade_count"));
    assert!(changes.iter().any(|c| c.table == "upward_pool_size"));
    assert!(changes.iter().any(|c| c.table == "upward_training_count"));
    let texts: std::collections::HashSet<String> = changes
        .iter()
        .inspect(|c| assert!(allowed.contains(&c.table.as_str()), "{}", c.table))
        .flat_map(|c| c.values.iter())
        .filter_map(|v| match v {
            rusqlite::types::Value::Text(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    // Every personal text the demo holds: none of it is in the batch.
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut personal: Vec<String> = Vec::new();
    for q in [
        "SELECT note FROM completion WHERE note <> ''",
        "SELECT recorded_by FROM completion",
        "SELECT name FROM team_member",
        "SELECT unit FROM team_member",
        "SELECT account FROM app_user",
        "SELECT name FROM account_name",
        "SELECT account FROM audit",
        "SELECT record FROM audit",
        "SELECT body FROM guidance",
        "SELECT issued_by FROM guidance",
    ] {
        let mut st = c.prepare(q).unwrap();
        personal.extend(
            st.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    assert!(personal.len() > 1000, "{}", personal.len());
    let found: Vec<&String> = personal.iter().filter(|p| texts.contains(*p)).collect();
    assert!(found.is_empty(), "personal text in the batch: {found:?}");
    // Nor inside a longer text (names and notes are Chinese: the texts
    // that are all ASCII, codes and keys, cannot hold one).
    let wide: Vec<&String> = texts.iter().filter(|t| !t.is_ascii()).collect();
    let mut names = c.prepare("SELECT DISTINCT name FROM team_member").unwrap();
    for n in names
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
    {
        assert!(!wide.iter().any(|t| t.contains(&n)), "{n} in the batch");
    }
    let body = String::from_utf8_lossy(content);
    let note: String = c
        .query_row(
            "SELECT note FROM completion WHERE note <> '' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!body.contains(&note), "{note}");
}

fn refused_audits(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'upward apply' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn refused(prov: &Path, file: &Path, zh: &str, en: &str) {
    let before = province_state(prov);
    let audits = refused_audits(prov);
    let (ok, _, err) = apply(prov, file);
    assert!(!ok, "applied: {err}");
    assert!(err.contains(zh), "{err}");
    assert!(err.contains("什么也没有写入"), "{err}");
    let (ok, _, err) = zhucun_text(
        prov,
        &["--lang", "en", "upward", "apply", file.to_str().unwrap()],
    );
    assert!(!ok);
    assert!(err.contains(en), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(province_state(prov), before, "the province changed");
    // Both refusals (Chinese and English run) are in the audit trail.
    assert_eq!(refused_audits(prov), audits + 2);
}

#[test]
fn a_tampered_batch_is_refused() {
    let (dir, _pref, prov, b1, _b2) = two_batches();
    let mut bytes = std::fs::read(&b1).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x01;
    let bad = dir.path().join("tampered.zcu");
    std::fs::write(&bad, &bytes).unwrap();
    refused(&prov, &bad, "已损坏或被改动", "damaged or was altered");
    // A file cut short, and a header whose sequence was edited.
    let full = std::fs::read(&b1).unwrap();
    std::fs::write(&bad, &full[..full.len() / 2]).unwrap();
    refused(&prov, &bad, "已损坏或被改动", "damaged or was altered");
    let mut edited = full.clone();
    let pos = full.windows(10).position(|w| w == b"sequence 1").unwrap();
    edited[pos + 9] = b'2';
    std::fs::write(&bad, &edited).unwrap();
    refused(&prov, &bad, "已损坏或被改动", "damaged or was altered");
}

#[test]
fn a_batch_out_of_order_is_refused() {
    let (_dir, _pref, prov, _b1, b2) = two_batches();
    refused(&prov, &b2, "顺序不对", "out of order");
}

#[test]
fn a_duplicate_batch_is_refused() {
    let (_dir, _pref, prov, b1, _b2) = two_batches();
    let (ok, _, err) = apply(&prov, &b1);
    assert!(ok, "{err}");
    refused(&prov, &b1, "已经应用过", "already applied");
}

#[test]
fn a_batch_from_a_prefecture_outside_the_province_is_refused() {
    let (dir, _pref, _prov, b1, _b2) = two_batches();
    let other = dir.path().join("yunnan.db");
    let mut store = Store::create(&other, &Catalogue::builtin(), today()).unwrap();
    store
        .add_divisions(&[
            (code("530000"), "云南省".into(), vec![]),
            (code("530100"), "昆明市".into(), vec![]),
            (code("530300"), "曲靖市".into(), vec![]),
        ])
        .unwrap();
    drop(store);
    refused(
        &other,
        &b1,
        "不是本省 530000 所辖的市州",
        "not a prefecture of this province",
    );
}

#[test]
fn a_file_that_is_not_a_batch_is_refused() {
    let (dir, pref, prov, _b1, _b2) = two_batches();
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "村名,完成\n松岭村,1\n").unwrap();
    refused(&prov, &bad, "不是上报批次文件", "not a batch file");
    // A database file is not one either.
    refused(&prov, &pref, "不是上报批次文件", "not a batch file");
}

#[test]
fn a_batch_applied_to_a_prefecture_database_is_refused() {
    let (dir, _pref, _prov, b1, _b2) = two_batches();
    let other = small_db(&dir.path().join("x").tap_mkdir());
    refused(&other, &b1, "不是省", "is not a province");
}

#[test]
fn a_conflict_at_the_province_aborts_the_whole_batch() {
    let (_dir, pref, prov, b1, b2) = two_batches();
    let (ok, _, err) = apply(&prov, &b1);
    assert!(ok, "{err}");
    // The province's copy diverged: somebody changed a row by hand.
    let c = rusqlite::Connection::open(&prov).unwrap();
    c.execute(
        "UPDATE rollup SET done = done + 5 WHERE code = '522701'",
        [],
    )
    .unwrap();
    drop(c);
    refused(&prov, &b2, "冲突", "conflicts");
    // The prefecture sends a baseline: it replaces the province's copy,
    // after the gap the refused batch 2 left.
    let b3 = b2.with_file_name("b3.zcu");
    let (ok, _, err) = zhucun_text(
        &pref,
        &["upward", "export", "--baseline", "-o", b3.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let (h3, _) = parse(&std::fs::read(&b3).unwrap()).unwrap();
    assert!(h3.baseline && h3.seq == 3);
    let (ok, _, err) = apply(&prov, &b3);
    assert!(ok, "{err}");
    assert_eq!(rows(&prov, "rollup", "5227"), rows(&pref, "rollup", "5227"));
    assert_eq!(
        rows(&prov, "division", "52270"),
        rows(&pref, "division", "52270")
    );
    // And deltas follow it again.
    record(&pref, "522701001001", "1", "na");
    let b4 = b2.with_file_name("b4.zcu");
    let (ok, _, err) = export(&pref, &b4);
    assert!(ok, "{err}");
    let (ok, _, err) = apply(&prov, &b4);
    assert!(ok, "{err}");
    assert_eq!(rows(&prov, "rollup", "5227"), rows(&pref, "rollup", "5227"));
}

trait TapMkdir {
    fn tap_mkdir(self) -> PathBuf;
}

impl TapMkdir for PathBuf {
    fn tap_mkdir(self) -> PathBuf {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn the_province_report_sums_every_prefecture() {
    let dir = tempfile::tempdir().unwrap();
    let qiannan = small_db(dir.path());
    let prov = province_db(dir.path());
    let qdn_dir = dir.path().join("qdn");
    std::fs::create_dir_all(&qdn_dir).unwrap();
    let qdn = qdn_dir.join("qdn.db");
    let mut store = Store::create(&qdn, &Catalogue::builtin(), today()).unwrap();
    store
        .add_divisions(&[
            (code("522600"), "黔东南苗族侗族自治州".into(), vec![]),
            (code("522601"), "凯里市".into(), vec![]),
            (code("522601001"), "大十字街道".into(), vec![]),
            (code("522601001201"), "舟溪村".into(), vec![]),
            (code("522601001202"), "三棵树村".into(), vec![]),
        ])
        .unwrap();
    drop(store);
    record(&qiannan, "522701001201", "1", "done");
    record(&qdn, "522601001201", "1", "done");
    record(&qdn, "522601001202", "1", "done");
    for (i, db) in [&qiannan, &qdn].into_iter().enumerate() {
        let f = dir.path().join(format!("p{i}.zcu"));
        let (ok, _, err) = export(db, &f);
        assert!(ok, "{err}");
        let (ok, _, err) = apply(&prov, &f);
        assert!(ok, "{err}");
    }
    let (ok, out, err) = zhucun_text(&prov, &["report", "--period", "2026-11", "--format", "csv"]);
    assert!(ok, "{err}");
    let figures = |code: &str| {
        let line = out
            .lines()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("{code} missing:\n{out}"));
        line.split(',').skip(2).collect::<Vec<_>>().join(",")
    };
    for (db, code) in [(&qiannan, "522700"), (&qdn, "522600")] {
        let (ok, pout, _) = zhucun_text(db, &["report", "--period", "2026-11", "--format", "csv"]);
        assert!(ok);
        let total = pout.lines().last().unwrap();
        let tail = total.split(',').skip(2).collect::<Vec<_>>().join(",");
        assert_eq!(figures(code), tail, "{code}\n{out}\n{pout}");
    }
    let c = rusqlite::Connection::open(&prov).unwrap();
    let (done, villages): (i64, i64) = c
        .query_row(
            "SELECT sum(r.done), max(d.villages) FROM rollup r JOIN division d ON d.code = r.code WHERE r.code = '520000'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((done, villages), (3, 6));
}

#[test]
fn a_well_signed_file_whose_content_is_not_a_changeset_is_refused() {
    use sha2::Digest;
    let (dir, _pref, prov, _b1, _b2) = two_batches();
    let signed = format!(
        "{}\nprefecture 522700\nsequence 1\nschema {}\ncreated 2026-11-28T18:00:00+08:00\nchanges 1\nkind delta\n",
        zhucun::store::upward::MAGIC,
        zhucun::store::SCHEMA_VERSION
    );
    let content = "代码,名称\n522701001201,松岭村\n".repeat(20).into_bytes();
    let mut h = sha2::Sha256::new();
    h.update(signed.as_bytes());
    h.update(&content);
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let mut file = format!("{signed}sha256 {hex}\n\n").into_bytes();
    file.extend_from_slice(&content);
    let bad = dir.path().join("forged.zcu");
    std::fs::write(&bad, &file).unwrap();
    assert!(parse(&file).is_ok(), "the header itself is sound");
    refused(&prov, &bad, "不是上报批次文件", "not a batch file");
}

#[test]
fn a_batch_with_rows_outside_its_prefecture_is_refused() {
    use sha2::Digest;
    // 黔东南's rows under a header that says 黔南, signed afresh.
    let dir = tempfile::tempdir().unwrap();
    let prov = province_db(dir.path());
    let qdn = dir.path().join("qdn.db");
    let mut store = Store::create(&qdn, &Catalogue::builtin(), today()).unwrap();
    store
        .add_divisions(&[
            (code("522600"), "黔东南苗族侗族自治州".into(), vec![]),
            (code("522601"), "凯里市".into(), vec![]),
        ])
        .unwrap();
    drop(store);
    let real = dir.path().join("qdn.zcu");
    let (ok, _, err) = export(&qdn, &real);
    assert!(ok, "{err}");
    let bytes = std::fs::read(&real).unwrap();
    let (h, content) = parse(&bytes).unwrap();
    let signed = format!(
        "{}\nprefecture 522700\nsequence 1\nschema {}\ncreated {}\nchanges {}\nkind delta\n",
        zhucun::store::upward::MAGIC,
        h.schema,
        h.created,
        h.changes
    );
    let mut d = sha2::Sha256::new();
    d.update(signed.as_bytes());
    d.update(content);
    let hex: String = d.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let mut file = format!("{signed}sha256 {hex}\n\n").into_bytes();
    file.extend_from_slice(content);
    let bad = dir.path().join("relabelled.zcu");
    std::fs::write(&bad, &file).unwrap();
    refused(&prov, &bad, "不属于 522700", "outside 522700");
}
