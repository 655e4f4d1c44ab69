//! `zhucun import attendance FILE --month YYYY-MM`: the township's monthly
//! sheet, all or nothing, each bad input with its own fixture and message.

use crate::common::{code, zhucun_text};
use crate::import_common::small_db;
use std::path::{Path, PathBuf};
use zhucun::domain::UserRole;
use zhucun::domain::attendance::DayCode;
use zhucun::store::{LeaveInput, Store};
use zhucun::transfer::attendance::prepare;
use zhucun::transfer::{ImportOptions, TransferError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn rows(s: &Store) -> Vec<(String, String, String)> {
    s.conn()
        .prepare("SELECT day, code, source FROM attendance ORDER BY cadre, day")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The problem lines of a sheet that must fail, in `lang`; checks that
/// nothing was written.
fn problems(s: &mut Store, name: &str, month: &str, lang: zhucun::i18n::Lang) -> Vec<String> {
    let before = rows(s);
    let err = match prepare(s, &fixture(name), month, &ImportOptions::default()) {
        Ok(p) => {
            p.write(s, &|_, _, _| {}).unwrap();
            panic!("{name} was accepted");
        }
        Err(e) => e,
    };
    assert_eq!(rows(s), before, "{name} wrote something");
    match err {
        TransferError::Invalid { problems, .. } => problems.lines_in(lang),
        e => panic!("{name}: {e}"),
    }
}

#[test]
fn a_good_sheet_writes_the_month_and_bumps_the_village_month() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    for name in ["attendance_ok.csv", "attendance_ok_gbk.csv"] {
        let p = prepare(&s, &fixture(name), "2026-11", &ImportOptions::default()).unwrap();
        p.write(&mut s, &|_, _, _| {}).unwrap();
    }
    let r = rows(&s);
    assert_eq!(r.len(), 30, "{r:?}");
    assert_eq!(
        r[0],
        ("2026-11-01".into(), "present".into(), "import".into())
    );
    // The GBK sheet left day 2 empty (kept) and made day 3 duty out.
    assert_eq!(r[2].1, "duty_out");
    assert_eq!(r[6].1, "rest");
    let version: i64 = s
        .conn()
        .query_row(
            "SELECT version FROM attendance_month WHERE village = '522701001201' AND month = '2026-11'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, 2);
    let audited: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'import attendance'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2);
}

#[test]
fn bad_sheets_say_where_and_write_nothing() {
    use zhucun::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let p = problems(
        &mut s,
        "attendance_day_beyond_month.csv",
        "2026-11",
        Lang::Zh,
    );
    assert_eq!(
        p,
        [
            "attendance_day_beyond_month.csv:1: 列 31: 2026-11 只有 30 天，没有 31 日；请删掉这一列或改 --month"
        ]
    );
    let p = problems(&mut s, "attendance_unknown_code.csv", "2026-11", Lang::Zh);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("attendance_unknown_code.csv:2: 列 4: “打卡”不是考勤代码"),
        "{p:?}"
    );
    let p = problems(&mut s, "attendance_not_in_team.csv", "2026-11", Lang::En);
    assert_eq!(
        p,
        [
            "attendance_not_in_team.csv:3: column 姓名: 李四 has no posting in your scope (or the village given) in 2026-11; check the name, cadre id and village code"
        ]
    );
    let p = problems(&mut s, "attendance_duplicate_row.csv", "2026-11", Lang::Zh);
    assert_eq!(
        p,
        ["attendance_duplicate_row.csv:3: 列 姓名: 这位干部在第 2 行已经有一行了"]
    );
    // No posting in that month: the same sheet for a month before 张伟 came.
    let p = problems(&mut s, "attendance_ok.csv", "2025-04", Lang::Zh);
    assert!(p[0].contains("张伟 在 2025-04 没有"), "{p:?}");
    let p = problems(&mut s, "attendance_ok.csv", "2026-13", Lang::Zh);
    assert!(p[0].contains("--month YYYY-MM"), "{p:?}");
}

#[test]
fn a_cell_that_contradicts_an_approved_leave_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let cadre: i64 = s
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let id = s
        .request_leave(&LeaveInput {
            cadre,
            kind: DayCode::SickLeave,
            from: "2026-11-10".parse().unwrap(),
            to: "2026-11-11".parse().unwrap(),
            reason: String::new(),
        })
        .unwrap();
    s.approve_leave(id, None).unwrap();
    let p = problems(
        &mut s,
        "attendance_contradicts_leave.csv",
        "2026-11",
        zhucun::i18n::Lang::Zh,
    );
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(
        p[0],
        format!(
            "attendance_contradicts_leave.csv:2: 列 10: 2026-11-10 是已批准的请假 {id}（病假），与表中的代码不符；请改表，或先处理那条请假"
        )
    );
}

#[test]
fn outside_the_scope_is_refused_before_any_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    s.add_user("other", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    s.set_account_for_tests("other").unwrap();
    // The sheet names a village outside the scope: refused, audited.
    let err = prepare(
        &s,
        &fixture("attendance_ok.csv"),
        "2026-11",
        &ImportOptions::default(),
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("permission denied"), "{err}");
    // Without a village column, 张伟 is simply not in this scope's teams.
    let err = prepare(
        &s,
        &fixture("attendance_ok_gbk.csv"),
        "2026-11",
        &ImportOptions::default(),
    )
    .err()
    .unwrap();
    match err {
        TransferError::Invalid { problems, .. } => {
            assert!(problems.lines()[0].contains("no posting in your scope"))
        }
        e => panic!("{e}"),
    }
    assert!(rows(&s).is_empty());
}

#[test]
fn the_command_line_imports_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    drop(small_db(dir.path()));
    let db = dir.path().join("t.db");
    let file = fixture("attendance_ok.csv");
    let file = file.to_str().unwrap();
    let (ok, out, err) = zhucun_text(
        &db,
        &[
            "import",
            "attendance",
            file,
            "--month",
            "2026-11",
            "--check",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("30"), "{out}");
    let (ok, _, err) = zhucun_text(&db, &["import", "attendance", file]);
    assert!(!ok && err.contains("--month YYYY-MM"), "{err}");
    let (ok, _, err) = zhucun_text(&db, &["import", "attendance", file, "--month", "2026-11"]);
    assert!(ok, "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM attendance WHERE source = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 30);
}

/// A workbook whose day headers are numbers, as Excel writes them: read
/// like the CSV, problems named with the sheet.
#[test]
fn an_xlsx_sheet_with_numeric_day_headers() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let path = dir.path().join("11月考勤.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("考勤").unwrap();
    ws.write_string(0, 0, "姓名").unwrap();
    for d in 1..=30u16 {
        ws.write_number(0, d, f64::from(d)).unwrap();
        ws.write_string(1, d, if d == 7 { "休" } else { "在村" })
            .unwrap();
    }
    ws.write_string(1, 0, "张伟").unwrap();
    book.save(&path).unwrap();
    let p = prepare(&s, &path, "2026-11", &ImportOptions::default()).unwrap();
    assert_eq!(p.counts().added, 30);
    p.write(&mut s, &|_, _, _| {}).unwrap();
    let r = rows(&s);
    assert_eq!(r.len(), 30);
    assert_eq!(r[6].1, "rest");
}

/// The demo holds leave in every state, and the overrun of the one past
/// its end without 销假 is in the grid as 未在岗.
#[test]
fn the_demo_has_leave_in_every_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::pty::demo_copy(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let states: Vec<(String, String, i64)> = c
        .prepare("SELECT state, approver, count(*) FROM leave_request GROUP BY state, approver ORDER BY state, approver")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (state, approver) in [
        ("approved", "township"),
        ("approved", "county"),
        ("pending", "township"),
        ("pending", "county"),
        ("refused", "township"),
        ("withdrawn", "township"),
    ] {
        assert!(
            states.iter().any(|s| s.0 == state && s.1 == approver),
            "{state} {approver}: {states:?}"
        );
    }
    let overrun: i64 = c
        .query_row(
            "SELECT count(*) FROM attendance WHERE source = 'leave' AND code = 'absent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(overrun > 0);
    let sick_reasons: i64 = c
        .query_row(
            "SELECT count(*) FROM leave_request WHERE kind = 'sick_leave' AND reason <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sick_reasons, 0);
}
