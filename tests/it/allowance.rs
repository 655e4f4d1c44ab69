//! The allowance statement (驻村补助发放表, issue 13): computed from the
//! attendance grid at the rates in force each day, trips up to the month's
//! number, insurance in force; who may read and change it; the sheet read
//! back with calamine adds up to the statement; bad input on the CLI.

use crate::common::{code, today};
use crate::import_common::{day, small_db};
use calamine::{Data, Reader, Xlsx, open_workbook};
use zhucun::domain::allowance::{Fen, RateKind};
use zhucun::domain::{MemberRole, UserRole, VillageType};
use zhucun::store::allowance::{PolicyInput, TripInput};
use zhucun::store::{NewMember, Store, StoreError};

/// small_db plus a second county; 州财政局 has 张伟 (青山村, the fixture's),
/// 李娜 (白云村) and 王强 (枫坪村, in the other county); 州农业局 has 赵敏.
fn setup(dir: &std::path::Path) -> Store {
    let mut s = small_db(dir);
    let d = |c: &str, n: &str| (code(c), n.to_string(), Vec::<VillageType>::new());
    s.add_divisions(&[
        d("522702", "福泉市"),
        d("522702100", "金山街道"),
        d("522702100201", "枫坪村"),
    ])
    .unwrap();
    s.load("allowance team", |ld| {
        for (v, n, r, u) in [
            ("522701002201", "李娜", MemberRole::Resident, "州财政局"),
            (
                "522702100201",
                "王强",
                MemberRole::FirstSecretary,
                "州财政局",
            ),
            ("522701001201", "赵敏", MemberRole::Resident, "州农业局"),
        ] {
            ld.member(&NewMember {
                village: code(v),
                name: n.into(),
                role: r,
                unit: u.into(),
                start: day("2025-01-01"),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    s
}

fn cadre(s: &Store, name: &str) -> i64 {
    s.conn()
        .query_row("SELECT id FROM cadre WHERE name = ?1", [name], |r| r.get(0))
        .unwrap()
}

fn unit(s: &Store, name: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT id FROM dispatch_unit WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

/// March 2026 for one cadre: `present` days 在村 from the 1st, then 事假.
fn grid(s: &Store, cadre: i64, present: u32) {
    for d in 1..=31u32 {
        let code = if d <= present {
            "present"
        } else {
            "personal_leave"
        };
        s.conn()
            .execute(
                "INSERT INTO attendance(cadre, day, code) VALUES (?1, ?2, ?3)",
                (cadre, format!("2026-03-{d:02}"), code),
            )
            .unwrap();
    }
}

fn audit_count(s: &Store, action: &str, outcome: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1 AND outcome = ?2",
            (action, outcome),
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_statement_from_the_grid_across_a_rate_change_with_trips_and_insurance() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = setup(dir.path());
    let (zhang, li) = (cadre(&s, "张伟"), cadre(&s, "李娜"));
    grid(&s, zhang, 31);
    grid(&s, li, 18);
    // A rate dated before today is refused without a reason, and audited.
    let err = s
        .set_rate(RateKind::LivingPerDay, day("2026-03-16"), 8050, None)
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err:?}");
    assert_eq!(audit_count(&s, "set rate", "refused"), 1);
    s.set_rate(
        RateKind::LivingPerDay,
        day("2026-03-16"),
        8050,
        Some("州文件补发"),
    )
    .unwrap();
    assert_eq!(audit_count(&s, "set rate", "ok"), 1);
    for (on, amount) in [
        ("2026-03-02", "100"),
        ("2026-03-09", "100.01"),
        ("2026-03-20", "123.45"),
    ] {
        s.add_trip(&TripInput {
            cadre: zhang,
            on: day(on),
            route: "都匀—贵阳".into(),
            amount: Fen::parse_yuan(amount).unwrap(),
        })
        .unwrap();
    }
    s.add_policy(&PolicyInput {
        cadre: zhang,
        number: "P-1".into(),
        insurer: "虚构保险".into(),
        cover: Fen(100_000_000),
        start: day("2025-03-16"),
        end: day("2026-03-15"),
    })
    .unwrap();
    let st = s
        .allowance_statement(unit(&s, "州财政局"), day("2026-03-01"))
        .unwrap();
    // By village code: 青山村 (522701001201), 白云村 (522701002201), 枫坪村 (522702...).
    let names: Vec<&str> = st.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, vec!["张伟", "李娜", "王强"]);
    let z = &st.lines[0].allowance;
    assert_eq!(z.days_in_village, 31);
    assert_eq!(z.daily, vec![(Fen(6000), 15), (Fen(8050), 16)]);
    assert_eq!(z.living, Fen(15 * 6000 + 16 * 8050));
    assert_eq!(z.trips_paid, 2);
    assert_eq!(z.travel, Fen(20_001));
    assert_eq!(z.trips_over.len(), 1);
    assert_eq!(z.uninsured_days, 16);
    let l = &st.lines[1].allowance;
    assert_eq!(l.days_in_village, 18);
    assert_eq!(l.living, Fen(15 * 6000 + 3 * 8050));
    assert_eq!(l.uninsured_days, 31);
    // 王强 has no grid this month: nothing paid, flagged uninsured.
    assert_eq!(st.lines[2].allowance.total, Fen(0));
    assert_eq!(
        st.totals.total,
        Fen(z.total.0 + l.total.0),
        "the totals add up to the cent"
    );
    assert!(!st.partial);
    assert_eq!(audit_count(&s, "read allowance", "ok"), 1);
}

#[test]
fn who_may_read_statements_and_enter_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = setup(dir.path());
    let wang = cadre(&s, "王强");
    let u = unit(&s, "州财政局");
    s.add_user("duyun", UserRole::County, Some(&code("522701")))
        .unwrap();
    s.add_user("guanghui", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    s.set_account_for_tests("duyun").unwrap();
    // The county sees only the cadres posted within it.
    let st = s.allowance_statement(u, day("2026-03-01")).unwrap();
    assert_eq!(st.lines.len(), 2);
    assert!(st.partial);
    // It may not enter a trip of a cadre posted in another county.
    let err = s
        .add_trip(&TripInput {
            cadre: wang,
            on: day("2026-03-02"),
            route: "福泉—都匀".into(),
            amount: Fen(5000),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Denied { .. }), "{err:?}");
    // Nor set a rate.
    assert!(matches!(
        s.set_rate(RateKind::TripsPerMonth, day("2027-01-01"), 3, None),
        Err(StoreError::Denied { .. })
    ));
    s.set_account_for_tests("guanghui").unwrap();
    assert!(matches!(
        s.allowance_statement(u, day("2026-03-01")),
        Err(StoreError::Denied { .. })
    ));
    assert!(matches!(
        s.allowance_units(day("2026-03-01")),
        Err(StoreError::Denied { .. })
    ));
    assert_eq!(audit_count(&s, "add trip", "refused"), 1);
    assert_eq!(audit_count(&s, "set rate", "refused"), 1);
    assert_eq!(audit_count(&s, "read allowance", "refused"), 2);
    assert_eq!(
        s.conn()
            .query_row("SELECT count(*) FROM trip", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );
}

fn cell(sheet: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_sheet_read_back_matches_the_statement_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = setup(dir.path());
    let (zhang, li) = (cadre(&s, "张伟"), cadre(&s, "李娜"));
    grid(&s, zhang, 29);
    grid(&s, li, 17);
    s.add_trip(&TripInput {
        cadre: li,
        on: day("2026-03-05"),
        route: "都匀—凯里".into(),
        amount: Fen(3333),
    })
    .unwrap();
    let u = unit(&s, "州财政局");
    let st = s.allowance_statement(u, day("2026-03-01")).unwrap();
    let db = s.path().to_path_buf();
    drop(s);
    let out = dir.path().join("补助.xlsx");
    let o = crate::common::zhucun(
        &db,
        &[
            "allowance",
            "export",
            "--unit",
            "州财政局",
            "--month",
            "2026-03",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    // Row 0 title, row 1 header, then the lines, then the totals row.
    assert_eq!(cell(&sheet, 1, 0), Data::String("序号".into()));
    assert_eq!(cell(&sheet, 1, 9), Data::String("合计(元)".into()));
    let mut sum_fen = 0i64;
    for (i, l) in st.lines.iter().enumerate() {
        let r = 2 + i as u32;
        assert_eq!(cell(&sheet, r, 1), Data::String(l.name.clone()));
        assert_eq!(num(&cell(&sheet, r, 4)) as u32, l.allowance.days_in_village);
        let total = (num(&cell(&sheet, r, 9)) * 100.0).round() as i64;
        assert_eq!(total, l.allowance.total.0, "{}", l.name);
        sum_fen += total;
    }
    let tr = 2 + st.lines.len() as u32;
    assert_eq!(cell(&sheet, tr, 0), Data::String("合计".into()));
    let total = (num(&cell(&sheet, tr, 9)) * 100.0).round() as i64;
    assert_eq!(total, st.totals.total.0);
    assert_eq!(total, sum_fen, "the lines add up to the totals row");
    assert_eq!(
        st.totals.total,
        Fen(29 * 6000 + 17 * 6000 + 3333),
        "days in the village × 60 yuan, plus the trip"
    );
    let s = Store::open(&db, today()).unwrap();
    let exports: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'export' AND record LIKE 'export/allowance/%' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(exports, 1);
}

#[test]
fn bad_input_on_the_command_line_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let s = setup(dir.path());
    let db = s.path().to_path_buf();
    let zhang = cadre(&s, "张伟").to_string();
    drop(s);
    let counts = |db: &std::path::Path| -> Vec<i64> {
        let c = rusqlite::Connection::open(db).unwrap();
        ["rate", "trip", "insurance_policy"]
            .iter()
            .map(|t| {
                c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap()
            })
            .collect()
    };
    let before = counts(&db);
    let out = dir.path().join("x.xlsx");
    for (args, want) in [
        (
            vec![
                "allowance",
                "show",
                "--unit",
                "没有的局",
                "--month",
                "2026-03",
            ],
            "没有派出单位",
        ),
        (
            vec![
                "allowance",
                "show",
                "--unit",
                "州财政局",
                "--month",
                "2026-13",
            ],
            "2026-13",
        ),
        (
            vec![
                "allowance",
                "set-rate",
                "--kind",
                "living-per-day",
                "--from",
                "2026-01-01",
                "--value",
                "80",
            ],
            "--backdate",
        ),
        (
            vec![
                "allowance",
                "trip",
                "--cadre",
                &zhang,
                "--date",
                "2026-03-02",
                "--route",
                "都匀—贵阳",
                "--amount",
                "12.345",
            ],
            "不是金额",
        ),
        (
            vec![
                "allowance",
                "export",
                "--unit",
                "没有的局",
                "-o",
                out.to_str().unwrap(),
            ],
            "没有派出单位",
        ),
    ] {
        let o = crate::common::zhucun(&db, &args);
        assert!(!o.status.success(), "{args:?} should fail");
        let err = crate::common::stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.exists());
    }
    // Refusals are audited; nothing else changed.
    let s = Store::open(&db, today()).unwrap();
    assert_eq!(audit_count(&s, "set rate", "refused"), 1);
    drop(s);
    assert_eq!(counts(&db), before, "nothing written");
}
