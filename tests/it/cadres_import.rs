//! `import teams` with the cadre and end-reason columns (issue 12): all or
//! nothing, line-numbered problems, audited changes.

use crate::import_common::*;
use zhucun::domain::posting::{EndReason, Selection, UnitLevel};
use zhucun::transfer::ImportKind::Teams;

fn check(name: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    assert_eq!(problems(&mut store, Teams, name), expected, "{name}");
}

#[test]
fn the_new_columns_fill_cadres_units_and_end_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let audit_before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    let out = import(&mut store, Teams, &fixture("teams_cadres_ok.csv"), false).unwrap();
    // 张伟 was in the database: only the cadre columns change.
    assert_eq!(
        (out.counts.added, out.counts.updated, out.counts.unchanged),
        (3, 1, 0)
    );
    let ps = store.postings_under(&code("522701")).unwrap();
    let zhang = ps.iter().find(|p| p.member.name == "张伟").unwrap();
    assert_eq!(zhang.cadre.selection, Some(Selection::Org));
    assert_eq!(zhang.cadre.section_level, Some(true));
    assert_eq!(zhang.cadre.unit_level, Some(UnitLevel::Prefecture));
    assert_eq!(zhang.cadre.tags, vec!["财务", "党建"]);
    let wu = ps.iter().find(|p| p.member.name == "吴虚构").unwrap();
    assert_eq!(wu.end_reason, Some(EndReason::Health));
    // The same unit named twice is one dispatching unit.
    let units: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM dispatch_unit WHERE name = '州文旅局'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(units, 1);
    // The cadre change of 张伟's posting is audited on its record.
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
    let audit_after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert!(audit_after > audit_before);
    // Importing the same file again changes nothing.
    let again = import(&mut store, Teams, &fixture("teams_cadres_ok.csv"), false).unwrap();
    assert_eq!(
        (
            again.counts.added,
            again.counts.updated,
            again.counts.unchanged
        ),
        (0, 0, 4)
    );
    // The rotation list counts what the file said.
    let r = store
        .gap_report(&code("522701"), crate::common::today())
        .unwrap();
    assert_eq!(r.rotation.ended, [1, 0, 1, 0, 0]);
    assert_eq!(r.selection.org_named, 1);
    assert_eq!(r.selection.section_level, 1);
}

#[test]
fn bad_cadre_columns_are_refused_with_their_line() {
    check(
        "teams_unknown_end_reason.csv",
        &[
            "teams_unknown_end_reason.csv:2: column 结束原因: unknown end reason \"生病住院\"; expected 期满轮换, 作用发挥不好, 身体原因, 召回 or 其他",
        ],
    );
    check(
        "teams_reason_without_end.csv",
        &[
            "teams_reason_without_end.csv:2: column 结束原因: an end reason needs an end date (结束日期); leave it empty while the cadre is in post",
        ],
    );
    check(
        "teams_unknown_unit_level.csv",
        &[
            "teams_unknown_unit_level.csv:2: column 单位级别: unknown unit level \"村级\"; expected 中央, 省级, 州级, 县级, 乡镇, 部队 or 其他",
            "teams_unknown_unit_level.csv:2: column 是否科级以上: \"也许\" is not 是 or 否",
            "teams_unknown_unit_level.csv:2: column 选派方式: unknown selection \"随便\"; expected 单位推荐 or 组织部门选派",
        ],
    );
    // The older problems still come out the same way with the new columns
    // present (unknown role, end before start, two first secretaries).
    check(
        "teams_unknown_role.csv",
        &[
            "teams_unknown_role.csv:2: column 职务: unknown role \"村长\"; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部",
        ],
    );
}

#[test]
fn the_cli_refuses_a_bad_end_reason_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = small_db(dir.path());
    let path = store.path().to_path_buf();
    let before = fingerprint(&store);
    drop(store);
    let (ok, _out, err) = zhucun(
        &path,
        &[
            "import",
            "teams",
            fixture("teams_unknown_end_reason.csv").to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("teams_unknown_end_reason.csv:2: 列 结束原因: 未知结束原因 “生病住院”"),
        "{err}"
    );
    let (ok, _out, err) = zhucun(
        &path,
        &[
            "--lang",
            "en",
            "import",
            "teams",
            fixture("teams_unknown_end_reason.csv").to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("teams_unknown_end_reason.csv:2: column 结束原因: unknown end reason"),
        "{err}"
    );
    let store = zhucun::store::Store::open(&path, crate::common::today()).unwrap();
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn unit_contact_and_leader_fill_the_dispatching_unit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        Teams,
        &fixture("teams_unit_contacts.csv"),
        false,
    )
    .unwrap();
    assert_eq!((out.counts.updated, out.counts.unchanged), (1, 0));
    let (contact, leader): (String, String) = store
        .conn()
        .query_row(
            "SELECT contact, leader FROM dispatch_unit WHERE name = '州财政局'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(contact, "0854-5550001");
    assert_eq!(leader, "（演示）分管副局长");
    let again = import(
        &mut store,
        Teams,
        &fixture("teams_unit_contacts.csv"),
        false,
    )
    .unwrap();
    assert_eq!((again.counts.updated, again.counts.unchanged), (0, 1));
}
