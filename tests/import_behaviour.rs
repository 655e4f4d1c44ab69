//! Re-import, updates with audit rows, --check, permissions and .xlsx input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod import_common;

use import_common::*;
use zhucun::domain::UserRole;
use zhucun::store::{AuditFilter, StoreError};
use zhucun::transfer::{ImportKind, TransferError};

#[test]
fn reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    for (kind, name) in [
        (ImportKind::Villages, "villages_ok_gbk.csv"),
        (ImportKind::Teams, "teams_ok.csv"),
        (ImportKind::Guidance, "guidance_ok.csv"),
    ] {
        let first = import(&mut store, kind, &fixture(name), false).unwrap();
        assert!(first.written && first.counts.added > 0, "{name}");
        let before = fingerprint(&store);
        let again = import(&mut store, kind, &fixture(name), false).unwrap();
        assert!(!again.written, "{name}");
        assert_eq!(again.counts.unchanged, again.counts.rows, "{name}");
        assert_eq!(
            fingerprint(&store),
            before,
            "{name}: re-import changed something"
        );
    }
    let same = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_same.csv"),
        false,
    )
    .unwrap();
    assert_eq!((same.counts.unchanged, same.written), (1, false));
    let same = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_same.csv"),
        false,
    )
    .unwrap();
    assert_eq!((same.counts.unchanged, same.written), (1, false));
}

#[test]
fn changed_rows_update_with_audit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_renamed.csv"),
        false,
    )
    .unwrap();
    assert_eq!((out.counts.updated, out.counts.added), (1, 0));
    let v = store.village(&code("522701001201")).unwrap();
    assert_eq!(v.name, "青山新村");
    assert_eq!(v.types.len(), 2);
    let h = store.history("division/522701001201").unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].old.as_deref(), Some("青山村 [former_poor]"));
    assert_eq!(
        h[0].new.as_deref(),
        Some("青山新村 [former_poor,demonstration]")
    );
    // The renamed village is found by its new name's initials.
    assert!(!store.search("qsxc", None, 5).unwrap().is_empty());

    let out = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_changed.csv"),
        false,
    )
    .unwrap();
    assert_eq!(out.counts.updated, 1);
    let leader = &store.team(&code("522701001201")).unwrap()[0];
    assert_eq!(leader.end, Some(day("2026-10-31")));
    let h = store
        .history(&format!("team_member/{}", leader.id))
        .unwrap();
    assert_eq!(
        h[0].new.as_deref(),
        Some("张伟 first_secretary 州财政局 2025-06-01..2026-10-31")
    );
    let summary = store
        .audit_rows(&AuditFilter {
            record_prefix: Some("import/".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    let lines: Vec<String> = summary
        .iter()
        .map(|a| {
            format!(
                "{} {} {}",
                a.action,
                a.record,
                a.new.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "import villages import/villages_renamed.csv 0 added, 1 updated",
            "import teams import/teams_changed.csv 0 added, 1 updated",
        ]
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let before = fingerprint(&store);
    let out = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_ok_utf8.csv"),
        true,
    )
    .unwrap();
    assert_eq!((out.counts.added, out.written), (3, false));
    assert_eq!(fingerprint(&store), before);
}

#[test]
fn permissions_are_the_stores() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    store
        .set_user("wenfeng", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    store.set_account_for_tests("wenfeng").unwrap();
    // Villages need an administrator: refused, audited, nothing else written.
    let audit_before = store.audit_rows(&AuditFilter::default()).unwrap().len();
    let err = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_ok_utf8.csv"),
        false,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "permission denied: wenfeng (township) may not administer for the whole database; this was recorded in the audit log"
    );
    assert!(matches!(
        err,
        TransferError::Store(StoreError::Denied { .. })
    ));
    let rows = store.audit_rows(&AuditFilter::default()).unwrap();
    assert_eq!(rows.len(), audit_before + 1);
    let last = rows.last().unwrap();
    assert_eq!(
        (
            last.account.as_str(),
            last.record.as_str(),
            last.outcome.as_str()
        ),
        ("wenfeng", "import/villages_ok_utf8.csv", "refused")
    );
    assert!(store.village(&code("522701001202")).is_err());
    // --check says so without an audit row.
    let err = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_ok.csv"),
        true,
    )
    .unwrap_err();
    match err {
        TransferError::Invalid { problems, .. } => assert_eq!(
            problems.lines(),
            [
                "teams_ok.csv: permission denied: wenfeng (township) may not record completion for 522701001201"
            ]
        ),
        e => panic!("{e}"),
    }
    assert_eq!(
        store.audit_rows(&AuditFilter::default()).unwrap().len(),
        audit_before + 1
    );
    // Teams of another township: refused as a whole.
    let before = fingerprint(&store);
    let err = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_ok.csv"),
        false,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "permission denied: wenfeng (township) may not record completion for 522701001201"
        ),
        "{err}"
    );
    let after = fingerprint(&store);
    assert_eq!(
        before.split("--").take(3).collect::<Vec<_>>(),
        after.split("--").take(3).collect::<Vec<_>>()
    );
}

#[test]
fn xlsx_with_number_codes_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let path = dir.path().join("队员.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in [
        "序号",
        "村代码",
        "姓名",
        "职务",
        "派出单位",
        "开始日期",
        "结束日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_number(1, 1, 522701002201.0).unwrap();
    ws.write_string(1, 2, "赵敏").unwrap();
    ws.write_string(1, 3, "第一书记").unwrap();
    ws.write_string(1, 4, "州农业农村局").unwrap();
    let d = ExcelDateTime::from_ymd(2025, 6, 1).unwrap();
    ws.write_datetime_with_format(1, 5, &d, &date_fmt).unwrap();
    ws.write_number(2, 0, 2).unwrap();
    ws.write_string(2, 1, "522701002201").unwrap();
    ws.write_string(2, 2, "钱多").unwrap();
    ws.write_string(2, 3, "队长").unwrap();
    ws.write_string(2, 4, "州农业农村局").unwrap();
    ws.write_string(2, 5, "2025-06-01").unwrap();
    book.save(&path).unwrap();
    let before = fingerprint(&store);
    let err = import(&mut store, ImportKind::Teams, &path, false).unwrap_err();
    match err {
        TransferError::Invalid { problems, .. } => assert_eq!(
            problems.lines(),
            [
                "队员.xlsx:3: column 职务: village 522701002201 would have two first secretaries in post at once: 钱多 (from 2025-06-01) and 赵敏 (from 2025-06-01, line 2)"
            ]
        ),
        e => panic!("{e}"),
    }
    assert_eq!(fingerprint(&store), before);
    let out = {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["村代码", "姓名", "职务", "派出单位", "开始日期"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 522701002201.0).unwrap();
        ws.write_string(1, 1, "赵敏").unwrap();
        ws.write_string(1, 2, "第一书记").unwrap();
        ws.write_string(1, 3, "州农业农村局").unwrap();
        ws.write_datetime_with_format(1, 4, &d, &date_fmt).unwrap();
        book.save(&path).unwrap();
        import(&mut store, ImportKind::Teams, &path, false).unwrap()
    };
    assert_eq!(out.counts.added, 1);
    let m = &store.team(&code("522701002201")).unwrap()[0];
    assert_eq!((m.name.as_str(), m.start), ("赵敏", day("2025-06-01")));
}

#[test]
fn text_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let path = dir.path().join("v.csv");
    std::fs::write(
        &path,
        "乡镇代码,村代码,名称\n522701001,522701001220,\"e\u{301}村\u{202e}\u{1b}[2J\"\n",
    )
    .unwrap();
    import(&mut store, ImportKind::Villages, &path, false).unwrap();
    assert_eq!(
        store.village(&code("522701001220")).unwrap().name,
        "\u{e9}村[2J"
    );
}

#[test]
fn optional_columns_left_out_keep_stored_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        ImportKind::Villages,
        &fixture("villages_no_types.csv"),
        false,
    )
    .unwrap();
    assert_eq!((out.counts.unchanged, out.written), (1, false));
    import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_changed.csv"),
        false,
    )
    .unwrap();
    let before = fingerprint(&store);
    let out = import(
        &mut store,
        ImportKind::Teams,
        &fixture("teams_no_end.csv"),
        false,
    )
    .unwrap();
    assert_eq!((out.counts.unchanged, out.written), (1, false));
    assert_eq!(fingerprint(&store), before);
}

/// A workbook with a notes sheet first: the sheet with the team's columns
/// is imported, and messages name it (line numbers are that sheet's). A
/// workbook where no sheet fits reports what its first sheet lacks.
#[test]
fn xlsx_sheet_with_the_columns_is_the_one_read() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let path = dir.path().join("名单.xlsx");
    let write = |rows: &[(&str, &str, &str)]| {
        let mut book = Workbook::new();
        let notes = book.add_worksheet().set_name("填表说明").unwrap();
        notes.write_string(0, 0, "说明").unwrap();
        notes.write_string(1, 0, "日期写成 2025-06-01").unwrap();
        let ws = book.add_worksheet().set_name("队员").unwrap();
        for (c, h) in ["村代码", "姓名", "职务", "派出单位", "开始日期"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, (name, role, start)) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, "522701002201").unwrap();
            ws.write_string(r, 1, *name).unwrap();
            ws.write_string(r, 2, *role).unwrap();
            ws.write_string(r, 3, "州农业农村局").unwrap();
            ws.write_string(r, 4, *start).unwrap();
        }
        book.save(&path).unwrap();
    };
    write(&[
        ("赵敏", "驻村队员", "2025-06-01"),
        ("钱多", "组长", "2025-06-01"),
    ]);
    let before = fingerprint(&store);
    match import(&mut store, ImportKind::Teams, &path, false).unwrap_err() {
        TransferError::Invalid { problems, .. } => assert_eq!(
            problems.lines(),
            [
                "名单.xlsx[队员]:3: column 职务: unknown role \"组长\"; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部"
            ]
        ),
        e => panic!("{e}"),
    }
    assert_eq!(fingerprint(&store), before);
    write(&[
        ("赵敏", "驻村队员", "2025-06-01"),
        ("钱多", "下沉干部", "2025-06-01"),
    ]);
    let out = import(&mut store, ImportKind::Teams, &path, false).unwrap();
    assert_eq!(out.counts.added, 2);
    // No sheet has the columns: the first sheet's header is reported.
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("填表说明")
        .unwrap()
        .write_string(0, 0, "说明")
        .unwrap();
    book.add_worksheet()
        .set_name("空白")
        .unwrap()
        .write_string(0, 0, "")
        .unwrap();
    book.save(&path).unwrap();
    let before = fingerprint(&store);
    match import(&mut store, ImportKind::Teams, &path, false).unwrap_err() {
        TransferError::Invalid { problems, .. } => {
            let lines = problems.lines();
            assert!(lines[0].starts_with("名单.xlsx[填表说明]:1: "), "{lines:?}");
            assert!(lines.iter().any(|l| l.contains("村代码")), "{lines:?}");
        }
        e => panic!("{e}"),
    }
    assert_eq!(fingerprint(&store), before);
}
