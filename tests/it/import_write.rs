//! The write half of an import: what changed since the file was checked
//! fails the whole batch, foreign keys are back on afterwards, and a name
//! repeated in a file points at its first line.

use crate::import_common;

use import_common::*;
use zhucun::transfer::{ImportKind, ImportOptions, TransferError};

fn foreign_keys(store: &zhucun::store::Store) -> (i64, usize) {
    let on: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    let mut st = store.conn().prepare("PRAGMA foreign_key_check").unwrap();
    let broken = st.query_map([], |_| Ok(())).unwrap().count();
    (on, broken)
}

#[test]
fn a_village_abolished_after_the_check_fails_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let opts = ImportOptions::default();
    let prepared = zhucun::transfer::prepare(
        &store,
        ImportKind::Teams,
        &fixture("teams_ok.csv"),
        &opts,
        &|_, _, _| {},
    )
    .unwrap();
    assert_eq!(prepared.counts().added, 4);
    // Someone abolishes one of the file's villages in between.
    store
        .abolish(&code("522701002201"), day("2026-11-01"))
        .unwrap();
    let before = fingerprint(&store);
    let err = prepared.write(&mut store, &|_, _, _| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        "import: village 522701002201 was changed by someone else during the import; nothing was written, run the import again"
    );
    assert_eq!(
        err.message(zhucun::i18n::Lang::Zh),
        "导入：村 522701002201 在导入期间被别人改了；什么也没写入，请重新导入"
    );
    assert_eq!(fingerprint(&store), before);
    assert_eq!(foreign_keys(&store), (1, 0));
    // Run again, the file's rows for that village are problems now.
    match import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_ok.csv"),
        false,
    ) {
        Err(TransferError::Invalid { problems, .. }) => {
            assert!(problems.lines()[0].contains("no village or community with code 522701002201"))
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn foreign_keys_are_on_after_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_ok.csv"),
        false,
    )
    .unwrap();
    assert!(out.written);
    assert_eq!(foreign_keys(&store), (1, 0));
    // And they are enforced again for the next write.
    let err = store
        .conn()
        .execute(
            "INSERT INTO team_member(village, name, role, unit, start_on) VALUES ('522701009999', 'x', 'resident', 'u', '2026-01-01')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn a_name_three_times_points_at_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let file = dir.path().join("teams_thrice.csv");
    std::fs::write(
        &file,
        "村代码,姓名,职务,派出单位,开始日期,结束日期\n\
         522701001201,孙丽,驻村队员,州财政局,2025-06-01,\n\
         522701001201,孙丽,驻村队员,州税务局,2025-06-01,\n\
         522701001201,孙丽,驻村队员,州民政局,2025-06-01,\n",
    )
    .unwrap();
    let before = fingerprint(&store);
    match import(&mut store, ImportKind::Teams, &file, false) {
        Err(TransferError::Invalid { problems, .. }) => assert_eq!(
            problems.lines(),
            vec![
                "teams_thrice.csv:3: column 姓名: 孙丽 (from 2025-06-01) appears twice for village 522701001201 (first on line 2)",
                "teams_thrice.csv:4: column 姓名: 孙丽 (from 2025-06-01) appears twice for village 522701001201 (first on line 2)",
            ]
        ),
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn a_village_added_after_the_check_fails_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let prepared = zhucun::transfer::prepare(
        &store,
        ImportKind::Villages,
        &fixture("villages_ok_utf8.csv"),
        &ImportOptions::default(),
        &|_, _, _| {},
    )
    .unwrap();
    assert_eq!(prepared.counts().added, 3);
    // Someone adds one of the file's villages in between.
    store
        .add_divisions(&[(code("522701002202"), "红岩村".into(), vec![])])
        .unwrap();
    let before = fingerprint(&store);
    let err = prepared.write(&mut store, &|_, _, _| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        "import: village 522701002202 was changed by someone else during the import; nothing was written, run the import again"
    );
    assert_eq!(fingerprint(&store), before);
    assert_eq!(foreign_keys(&store), (1, 0));
}

/// Every ancestor's village count goes up by the villages added under it
/// (the bulk insert adds them up and writes them once).
#[test]
fn village_counts_of_every_ancestor_follow_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let count = |s: &zhucun::store::Store, c: &str| s.village_count(&code(c)).unwrap();
    let before: Vec<u32> = ["520000", "522700", "522701", "522701001", "522701002"]
        .iter()
        .map(|c| count(&store, c))
        .collect();
    let out = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_ok_utf8.csv"),
        false,
    )
    .unwrap();
    assert_eq!(out.counts.added, 3);
    let after: Vec<u32> = ["520000", "522700", "522701", "522701001", "522701002"]
        .iter()
        .map(|c| count(&store, c))
        .collect();
    assert_eq!(
        after,
        vec![
            before[0] + 3,
            before[1] + 3,
            before[2] + 3,
            before[3] + 2,
            before[4] + 1
        ]
    );
    // The same as counting the villages.
    let counted: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM division WHERE level = 4 AND abolished_on IS NULL AND code LIKE '5227%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after[1] as i64, counted);
    assert_eq!(foreign_keys(&store), (1, 0));
}
