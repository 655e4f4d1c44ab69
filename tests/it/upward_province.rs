//! Issue 14: a province of nine prefectures simulated with real files (the
//! store's scale generator), and the privacy of what a pull leaves at the
//! province.

use crate::common::zhucun_text;
use std::path::{Path, PathBuf};
use zhucun::store::scale::{Scale, TaskSet, generate};

/// A small province: 9 prefectures, 1 county each, 2 townships each,
/// 6 villages per prefecture, two months of history.
const SIM: Scale = Scale {
    name: "upward-sim",
    provinces: 1,
    prefectures: 9,
    counties: 1,
    townships: 2,
    villages: 54,
    months: 2,
    tasks: TaskSet::MonthKind,
};

fn prefix(f: u32) -> String {
    format!("52{f:02}")
}

/// Split the generated province file: nine prefecture databases (each the
/// authority over its own villages) and the province database (the province
/// and its prefectures only, no village, no rollup).
fn province(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let whole = dir.join("whole.db");
    generate(&whole, &SIM).unwrap();
    let mut prefs = Vec::new();
    for f in 1..=SIM.prefectures {
        let p = dir.join(format!("pref{f}.db"));
        std::fs::copy(&whole, &p).unwrap();
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             DELETE FROM completion WHERE substr(village, 1, 4) <> '{0}';
             DELETE FROM rollup WHERE substr(code, 1, 4) <> '{0}';
             DELETE FROM division WHERE substr(code, 1, 4) <> '{0}';
             UPDATE division SET parent = NULL WHERE level = 1;",
            prefix(f)
        ))
        .unwrap();
        prefs.push(p);
    }
    let prov = dir.join("province.db");
    std::fs::copy(&whole, &prov).unwrap();
    rusqlite::Connection::open(&prov)
        .unwrap()
        .execute_batch(
            "PRAGMA foreign_keys = OFF; DELETE FROM completion; DELETE FROM rollup; DELETE FROM division WHERE level > 1;
             UPDATE division SET villages = 0;",
        )
        .unwrap();
    (prov, prefs)
}

fn push_all(prefs: &[PathBuf], out: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in prefs {
        let before: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let (ok, _, err) = zhucun_text(p, &["push", "--dir", out.to_str().unwrap()]);
        assert!(ok, "{err}");
        for e in std::fs::read_dir(out).unwrap() {
            let e = e.unwrap().path();
            if !before.contains(&e) {
                files.push(e);
            }
        }
    }
    files
}

fn pull(prov: &Path, files: &[PathBuf]) {
    let mut args = vec!["pull"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (ok, _, err) = zhucun_text(prov, &args);
    assert!(ok, "{err}");
}

fn rows(c: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut st = c.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                v => format!("{v:?}"),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// The province database's figures next to the same figures computed from
/// the nine prefecture files attached together.
fn compare(prov: &Path, prefs: &[PathBuf]) {
    let c = rusqlite::Connection::open(prov).unwrap();
    for (i, p) in prefs.iter().enumerate() {
        c.execute(&format!("ATTACH ?1 AS p{i}"), [p.to_str().unwrap()])
            .unwrap();
    }
    let union = |t: &str, cols: &str| {
        (0..prefs.len())
            .map(|i| format!("SELECT {cols} FROM p{i}.{t}"))
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    };
    // Every rollup: the prefectures' own and everything below them, and the
    // province's as the sum of its prefectures'. (A prefecture's record also
    // moves the rollup of the province code above it, which it does not
    // hold as a division and never sends: left out.)
    let all = union("rollup", "code, period, done, doing, na");
    let expected = rows(
        &c,
        &format!(
            "SELECT * FROM ({all}) WHERE code NOT LIKE '5200%' UNION ALL
             SELECT '520000', period, sum(done), sum(doing), sum(na) FROM ({all})
               WHERE code LIKE '52__00' AND code <> '520000' GROUP BY period
             ORDER BY 1, 2"
        ),
    );
    let got = rows(
        &c,
        "SELECT code, period, done, doing, na FROM main.rollup ORDER BY 1, 2",
    );
    assert!(expected.len() > 54 * 2, "{}", expected.len());
    assert_eq!(got, expected, "rollups");
    // Divisions (with their village counts) and the report tables.
    let div = "code, name, level, parent, types, villages, abolished_on";
    let expected = rows(
        &c,
        &format!(
            "SELECT * FROM ({}) WHERE level > 1 ORDER BY 1",
            union("division", div)
        ),
    );
    let got = rows(
        &c,
        &format!("SELECT {div} FROM main.division WHERE level > 1 ORDER BY 1"),
    );
    assert_eq!(got, expected, "divisions");
    let counts = rows(
        &c,
        &format!(
            "SELECT code, villages FROM ({}) WHERE level = 1 ORDER BY 1",
            union("division", "code, level, villages")
        ),
    );
    let got = rows(
        &c,
        "SELECT code, villages FROM main.division WHERE level = 1 ORDER BY 1",
    );
    assert_eq!(got, counts, "prefecture village counts");
    for t in ["upward_team_month", "upward_cadre_month"] {
        let expected = rows(
            &c,
            &format!("SELECT * FROM ({}) ORDER BY 1, 2, 3", union(t, "*")),
        );
        let got = rows(&c, &format!("SELECT * FROM main.{t} ORDER BY 1, 2, 3"));
        assert_eq!(got, expected, "{t}");
    }
}

#[test]
fn nine_prefectures_pushed_and_pulled_give_the_province_the_same_rollups() {
    let dir = tempfile::tempdir().unwrap();
    let (prov, prefs) = province(dir.path());
    let out = dir.path().join("exchange");
    std::fs::create_dir_all(&out).unwrap();
    let first = push_all(&prefs, &out);
    assert_eq!(first.len(), 9);
    pull(&prov, &first);
    compare(&prov, &prefs);
    // The province database is read-only except through pull: a record
    // there is refused, says where to make it, and changes no figure.
    let (ok, _, err) = zhucun_text(
        &prov,
        &[
            "record",
            "--village",
            "520121001201",
            "--task",
            "1",
            "--status",
            "done",
            "--period",
            "2026-11",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("zhucun pull") && err.contains("zhucun push"),
        "{err}"
    );
    compare(&prov, &prefs);
    // Its screens say so, and as of when: the nine prefectures' pulls.
    let me = zhucun::store::identity::account_name();
    let app =
        crate::ui_support::app_with(&prov, &me, crate::ui_support::opts(zhucun::i18n::Lang::Zh));
    assert!(app.me.read_only);
    assert_eq!(app.overview.received.len(), 9);
    let screen = crate::ui_support::render(&app, 160, 40);
    assert!(
        screen.contains("只读 · 数据截至") && screen.contains("9 个州上次接收"),
        "{screen}"
    );
    assert!(
        screen.matches("数据截至").count() >= 2,
        "and a column of each prefecture's pull: {screen}"
    );
    // Records change in three prefectures; the others have nothing to send.
    for f in [1u32, 4, 9] {
        let village = format!("{}21001201", prefix(f));
        // A status other than the one the generator gave it.
        let now: Option<String> = rusqlite::Connection::open(&prefs[f as usize - 1])
            .unwrap()
            .query_row(
                "SELECT status FROM completion WHERE village = ?1 AND task = 1 AND period = '2026-11'",
                [&village],
                |r| r.get(0),
            )
            .ok();
        let status = ["done", "doing"]
            .into_iter()
            .find(|s| now.as_deref() != Some(*s))
            .unwrap();
        let (ok, _, err) = zhucun_text(
            &prefs[f as usize - 1],
            &[
                "record",
                "--village",
                &village,
                "--task",
                "1",
                "--status",
                status,
                "--period",
                "2026-11",
            ],
        );
        assert!(ok, "{err}");
        // And a team posted there: the team and cadre report rows move too.
        let csv = dir.path().join(format!("team{f}.csv"));
        std::fs::write(
            &csv,
            format!(
                "村代码,姓名,职务,派出单位,开始日期,结束日期\n{village},测{f}甲,第一书记,样本单位{f},2026-10-08,\n{village},测{f}乙,驻村队员,样本单位{f},2026-11-02,\n"
            ),
        )
        .unwrap();
        let (ok, _, err) = zhucun_text(
            &prefs[f as usize - 1],
            &["import", "teams", csv.to_str().unwrap()],
        );
        assert!(ok, "{err}");
    }
    let second = push_all(&prefs, &out);
    assert_eq!(second.len(), 3, "{second:?}");
    pull(&prov, &second);
    compare(&prov, &prefs);
    let teams: i64 = rusqlite::Connection::open(&prov)
        .unwrap()
        .query_row("SELECT count(*) FROM upward_team_month", [], |r| r.get(0))
        .unwrap();
    assert_eq!(teams, 3 * 2, "three villages, October and November");
}

#[test]
fn after_a_pull_the_province_holds_no_note_name_or_reason_of_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let pref = dir.path().join("demo.db");
    let (ok, _, err) = zhucun_text(&pref, &["init", "--demo"]);
    assert!(ok, "{err}");
    let prov = dir.path().join("province.db");
    let (ok, _, err) = zhucun_text(&prov, &["init"]);
    assert!(ok, "{err}");
    let csv = dir.path().join("province.csv");
    std::fs::write(
        &csv,
        "代码,名称\n520000,贵州省\n522700,黔南布依族苗族自治州\n",
    )
    .unwrap();
    let (ok, _, err) = zhucun_text(&prov, &["import", "divisions", csv.to_str().unwrap()]);
    assert!(ok, "{err}");
    let out = dir.path().join("exchange");
    std::fs::create_dir_all(&out).unwrap();
    let files = push_all(std::slice::from_ref(&pref), &out);
    pull(&prov, &files);

    // Every personal text the demo holds.
    let d = rusqlite::Connection::open(&pref).unwrap();
    let mut personal: Vec<String> = Vec::new();
    for q in [
        "SELECT note FROM completion WHERE note <> ''",
        "SELECT recorded_by FROM completion",
        "SELECT name FROM team_member",
        "SELECT name FROM cadre",
        "SELECT name FROM dispatch_unit",
        "SELECT name FROM account_name",
        "SELECT account FROM app_user",
        "SELECT note FROM draft",
        "SELECT reason FROM leave_request WHERE reason <> ''",
        "SELECT note FROM incident WHERE note <> ''",
        "SELECT note FROM recall_case WHERE note <> ''",
    ] {
        let mut st = d.prepare(q).unwrap();
        personal.extend(
            st.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .filter(|s| s.chars().count() >= 2),
        );
    }
    assert!(personal.len() > 1000, "{}", personal.len());
    // The province's own administrator is the one running the test.
    let me: Vec<String> = rusqlite::Connection::open(&prov)
        .unwrap()
        .prepare("SELECT account FROM app_user")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    personal.retain(|p| !me.contains(p));

    // Every text column of every table at the province.
    let c = rusqlite::Connection::open(&prov).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut texts = Vec::new();
    for t in &tables {
        let cols: Vec<String> = c
            .prepare(&format!("PRAGMA table_info({t})"))
            .unwrap()
            .query_map([], |r| r.get(1))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for col in cols {
            let mut st = c
                .prepare(&format!(
                    "SELECT {col} FROM {t} WHERE typeof({col}) = 'text'"
                ))
                .unwrap();
            texts.extend(
                st.query_map([], |r| r.get::<_, String>(0))
                    .unwrap()
                    .map(Result::unwrap),
            );
        }
    }
    assert!(texts.len() > 1000, "{}", texts.len());
    // Names and notes are Chinese: only texts with more than ASCII can hold one.
    // ASCII ones (accounts) are looked for as whole values.
    let all: std::collections::HashSet<&String> = texts.iter().collect();
    let accounts: Vec<&String> = personal.iter().filter(|p| p.is_ascii()).collect();
    assert!(!accounts.is_empty());
    for a in accounts {
        assert!(!all.contains(a), "{a:?} at the province");
    }
    let texts: std::collections::BTreeSet<&String> =
        texts.iter().filter(|t| !t.is_ascii()).collect();
    let personal: std::collections::BTreeSet<&String> =
        personal.iter().filter(|p| !p.is_ascii()).collect();
    for p in &personal {
        assert!(
            !texts.iter().any(|t| t.contains(p.as_str())),
            "{p:?} at the province"
        );
    }
}
