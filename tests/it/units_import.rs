//! `zhucun import cadres`: a cadre's record (unit level, post, section
//! level, selection, specialties, the unit's contact and leader) named by
//! name and dispatching unit; all or nothing, line-numbered problems,
//! audited changes, refused outside the importer's scope.

use crate::common::code;
use crate::import_common::*;
use zhucun::domain::UserRole;
use zhucun::domain::posting::{Selection, UnitLevel};
use zhucun::transfer::ImportKind::Cadres;

fn check(name: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    assert_eq!(problems(&mut store, Cadres, name), expected, "{name}");
}

#[test]
fn a_cadres_file_updates_the_cadre_and_its_unit_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(&mut store, Cadres, &fixture("cadres_ok.csv"), false).unwrap();
    assert_eq!((out.counts.added, out.counts.updated), (0, 1));
    let ps = store.postings_under(&code("522701")).unwrap();
    let zhang = ps.iter().find(|p| p.member.name == "张伟").unwrap();
    assert_eq!(zhang.cadre.selection, Some(Selection::Org));
    assert_eq!(zhang.cadre.section_level, Some(true));
    assert_eq!(zhang.cadre.unit_level, Some(UnitLevel::Prefecture));
    assert_eq!(zhang.cadre.post.as_deref(), Some("副科长"));
    assert_eq!(zhang.cadre.tags, vec!["财务", "党建"]);
    let leader: String = store
        .conn()
        .query_row(
            "SELECT leader FROM dispatch_unit WHERE name = '州财政局'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leader, "（虚构）分管领导");
    let history = store
        .history(&format!("team_member/{}", zhang.member.id))
        .unwrap();
    assert!(
        history.iter().any(|h| h
            .new
            .as_deref()
            .is_some_and(|n| n.contains("selection=org"))),
        "{history:?}"
    );
    // The same file again changes nothing.
    let again = import(&mut store, Cadres, &fixture("cadres_ok.csv"), false).unwrap();
    assert_eq!((again.counts.updated, again.counts.unchanged), (0, 1));
    // GBK is read like UTF-8.
    let gbk = import(&mut store, Cadres, &fixture("cadres_gbk.csv"), false).unwrap();
    assert_eq!(gbk.counts.updated, 1);
}

#[test]
fn bad_cadres_files_are_refused_with_their_line() {
    check(
        "cadres_unknown.csv",
        &[
            "cadres_unknown.csv:3: column 姓名: no posting of 李虚构 from 州财政局; import the teams first (zhucun import teams), then the cadres",
        ],
    );
    check(
        "cadres_twice.csv",
        &["cadres_twice.csv:3: column 姓名: 张伟 of 州财政局 appears twice (first on line 2)"],
    );
    check(
        "cadres_bad_values.csv",
        &[
            "cadres_bad_values.csv:2: column 单位级别: unknown unit level \"村级\"; expected 中央, 省级, 州级, 县级, 乡镇, 部队 or 其他",
            "cadres_bad_values.csv:2: column 是否科级以上: \"也许\" is not 是 or 否",
            "cadres_bad_values.csv:2: column 选派方式: unknown selection \"随便\"; expected 单位推荐 or 组织部门选派",
        ],
    );
}

#[test]
fn a_missing_column_is_refused_by_the_cli_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_db(dir.path());
    let path = store.path().to_path_buf();
    let before = fingerprint(&store);
    drop(store);
    let f = fixture("cadres_no_unit.csv");
    let (ok, _out, err) = zhucun(&path, &["import", "cadres", f.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("派出单位"), "{err}");
    let (ok, _out, err) = zhucun(
        &path,
        &["--lang", "en", "import", "cadres", f.to_str().unwrap()],
    );
    assert!(!ok);
    assert!(err.contains("cadres_no_unit.csv"), "{err}");
    let store = zhucun::store::Store::open(&path, crate::common::today()).unwrap();
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn outside_the_scope_is_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    store
        .add_user("wenfeng", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    store.set_account_for_tests("wenfeng").unwrap();
    let err = import(&mut store, Cadres, &fixture("cadres_ok.csv"), false).unwrap_err();
    assert!(err.to_string().contains("wenfeng"), "{err}");
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE account = 'wenfeng' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n >= 1);
    let sel: Option<String> = store
        .conn()
        .query_row(
            "SELECT selection FROM cadre WHERE name = '张伟'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sel, None);
}
