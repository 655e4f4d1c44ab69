//! The write half of an import: what changed since the file was checked
//! fails the whole batch, foreign keys are back on afterwards, and a name
//! repeated in a file points at its first line.

mod import_common;

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
