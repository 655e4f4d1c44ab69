//! Export a period to CSV and XLSX, read both back (calamine for the
//! workbook) and compare cell by cell with the database.

use crate::import_common;

use calamine::{Data, Reader, Xlsx};
use import_common::*;
use zhucun::domain::{DisplayStatus, Period, Status};
use zhucun::i18n::Lang;
use zhucun::store::{RecordInput, Store};
use zhucun::transfer::export::{ExportFormat, ExportRequest, detail_header, summary_header};
use zhucun::transfer::{TransferError, export};

fn seeded(dir: &std::path::Path) -> Store {
    let mut s = small_db(dir);
    let rec = |s: &mut Store, v: &str, task: u32, p: &str, status: Status, note: &str| {
        s.record(&RecordInput {
            village: code(v),
            task,
            period: Period::parse(p).unwrap(),
            status,
            note: Some(note.into()),
            done_on: Some(day("2026-10-20")),
            expected_version: None,
        })
        .unwrap();
    };
    rec(
        &mut s,
        "522701001201",
        1,
        "2026-10",
        Status::Done,
        "院坝会，38人参加",
    );
    rec(
        &mut s,
        "522701001201",
        4,
        "2026-11",
        Status::Doing,
        "=HYPERLINK(\"http://x\")",
    );
    rec(&mut s, "522701002201", 2, "2026Q4", Status::Na, "@本村无");
    rec(
        &mut s,
        "522701002201",
        9,
        "2026-10",
        Status::Doing,
        "-走访中",
    );
    s
}

/// The detail rows as the database says, built from single-record reads.
fn expected_detail(store: &Store, period: Period, lang: Lang) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for v in store.villages_within(&code("522700")).unwrap() {
        for t in &store.catalogue().tasks {
            let mut subs: Vec<Period> = period
                .sub_periods()
                .into_iter()
                .filter(|p| p.kind() == t.cadence.period_kind())
                // Only what counts by today (domain::figures): not December on 11-28.
                .filter(|p| zhucun::domain::Progress::counts(*p, store.record_limits()))
                .collect();
            subs.sort_by_key(|p| p.first_day());
            for p in subs {
                let r = store.completion(&v.code, t.number, p).unwrap();
                let status = r.as_ref().map(|r| r.status).unwrap_or_default();
                let done_on = r.as_ref().and_then(|r| r.done_on);
                let disp = DisplayStatus::of_record(status, done_on, p, store.today());
                let cat = store.catalogue().category(t.category).unwrap();
                let county = store
                    .division(&v.code.parent().unwrap().parent().unwrap())
                    .unwrap()
                    .unwrap();
                let town = store.division(&v.code.parent().unwrap()).unwrap().unwrap();
                out.push(vec![
                    county.name,
                    town.name,
                    v.code.to_string(),
                    v.name.clone(),
                    t.number.to_string(),
                    if lang == Lang::Zh {
                        cat.short.clone()
                    } else {
                        cat.short_en.clone()
                    },
                    if lang == Lang::Zh {
                        t.title.clone()
                    } else {
                        t.title_en.clone()
                    },
                    lang.cadence(t.cadence).to_string(),
                    lang.period(p),
                    p.due_date().to_string(),
                    lang.display_status(disp).to_string(),
                    r.as_ref()
                        .and_then(|r| r.done_on)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    r.as_ref().map(|r| r.note.clone()).unwrap_or_default(),
                    r.as_ref()
                        .map(|r| r.recorded_by.clone())
                        .unwrap_or_default(),
                    r.as_ref()
                        .map(|r| r.recorded_at.clone())
                        .unwrap_or_default(),
                ]);
            }
        }
    }
    out
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        // A date as YYYY-MM-DD, a date and time as YYYY-MM-DD HH:MM:SS.
        Data::DateTime(d) => {
            let serial = d.as_f64();
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                + chrono::Days::new(serial.trunc() as u64);
            let secs = (serial.fract() * 86_400.0).round() as u32;
            if secs == 0 {
                day.to_string()
            } else {
                let t = chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
                day.and_time(t).format("%Y-%m-%d %H:%M:%S").to_string()
            }
        }
        other => format!("{other:?}"),
    }
}

fn req(dir: &std::path::Path, name: &str, format: ExportFormat, lang: Lang) -> ExportRequest {
    ExportRequest {
        period: Period::parse("2026Q4").unwrap(),
        scope: Some(code("522700")),
        format,
        lang,
        path: dir.join(name),
        force: false,
        villages: None,
        filter: None,
    }
}

#[test]
fn csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let r = req(dir.path(), "q4.csv", ExportFormat::Csv, Lang::Zh);
    let out = export(&store, &r, &mut |_, _| {}).unwrap();
    let bytes = std::fs::read(&r.path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "no CRLF");
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, detail_header(Lang::Zh));
    let got: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut want = expected_detail(&store, r.period, Lang::Zh);
    for row in &mut want {
        for c in row.iter_mut() {
            if c.starts_with(['=', '+', '-', '@']) {
                *c = format!("'{c}");
            }
        }
    }
    assert_eq!(got.len() as u64, out.detail_rows);
    // 2 villages x (9 monthly x 2 + 10 quarterly): December has not begun
    // on 11-28, so its items are not 应完成 and not listed.
    assert_eq!(got.len(), 2 * (9 * 2 + 10));
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    assert!(got.iter().any(|r| r[12] == "'=HYPERLINK(\"http://x\")"));
    assert!(got.iter().any(|r| r[12] == "'@本村无"));
    assert!(got.iter().any(|r| r[10] == "已逾期"));
}

#[test]
fn xlsx_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    for lang in [Lang::Zh, Lang::En] {
        let r = req(
            dir.path(),
            &format!("q4-{lang:?}.xlsx"),
            ExportFormat::Xlsx,
            lang,
        );
        let out = export(&store, &r, &mut |_, _| {}).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook(&r.path).unwrap();
        let e = lang.export_text();
        assert_eq!(
            book.sheet_names(),
            vec![e.summary_sheet.to_string(), e.detail_sheet.to_string()]
        );
        // Summary: title block, header, one row per county, total.
        let s = book.worksheet_range(e.summary_sheet).unwrap();
        let rows: Vec<Vec<String>> = s
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        assert_eq!(rows[1][1], format!("{} (2026Q4)", lang.period(r.period)));
        assert_eq!(rows[2][1], "黔南布依族苗族自治州 (522700)");
        assert_eq!(rows[3][1], "2026-11-28");
        assert_eq!(rows[4][1], store.actor().account);
        assert_eq!(rows[6], summary_header(lang));
        let roll = store.rollup(&code("522700"), r.period).unwrap();
        assert_eq!(roll.len(), 1);
        let (d, villages, p) = &roll[0];
        assert_eq!(
            rows[7][..8],
            [
                d.code.to_string(),
                d.name.clone(),
                villages.to_string(),
                p.expected.to_string(),
                p.done.to_string(),
                p.doing.to_string(),
                p.na.to_string(),
                p.todo().to_string()
            ]
        );
        let rate = s.get_value((7, 8)).unwrap();
        assert!(
            matches!(rate, Data::Float(x) if (x - p.rate().unwrap()).abs() < 1e-12),
            "{rate:?}"
        );
        assert_eq!(rows[7][9], p.overdue.to_string());
        assert!(p.overdue > 0);
        assert_eq!(rows.len(), 9, "header block, header, one county, total");
        // Detail: every cell as the database says.
        let dsheet = book.worksheet_range(e.detail_sheet).unwrap();
        let rows: Vec<Vec<String>> = dsheet
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        assert_eq!(rows[6], detail_header(lang));
        let want = expected_detail(&store, r.period, lang);
        let got: Vec<Vec<String>> = rows[7..]
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.resize(15, String::new());
                r
            })
            .collect();
        assert_eq!(got.len() as u64, out.detail_rows);
        // 记录时间 is an Excel date and time in the time it was recorded in.
        let want: Vec<Vec<String>> = want
            .into_iter()
            .map(|mut r| {
                if !r[14].is_empty() {
                    let t = chrono::DateTime::parse_from_rfc3339(&r[14]).unwrap();
                    r[14] = t.naive_local().format("%Y-%m-%d %H:%M:%S").to_string();
                }
                r
            })
            .collect();
        assert_eq!(got, want);
        // 截止日期, 完成日期 and 记录时间 are real dates with a date format
        // (calamine reads them as DateTime only then), never text.
        let mut dated = [0usize; 3];
        for row in dsheet.rows().skip(7) {
            for (k, c) in [9, 11, 14].into_iter().enumerate() {
                match &row.get(c).unwrap_or(&Data::Empty) {
                    Data::Empty => {}
                    Data::DateTime(d) if d.is_datetime() => dated[k] += 1,
                    other => panic!("column {c}: {other:?} is not a date"),
                }
            }
        }
        assert_eq!(dated[0], got.len(), "every row has a due date");
        assert!(dated[1] > 0 && dated[2] > 0, "{dated:?}");
        // The detail has an autofilter and repeats its header row on every
        // printed page (both are defined names of the sheet).
        let names: Vec<(String, String)> = book.defined_names().to_vec();
        let sheet = e.detail_sheet;
        let has = |name: &str, want: &str| {
            names
                .iter()
                .any(|(n, f)| n == name && f.contains(sheet) && f.contains(want))
        };
        let last = 7 + got.len();
        assert!(
            has("_xlnm._FilterDatabase", &format!("$A$7:$O${last}")),
            "{names:?}"
        );
        assert!(has("_xlnm.Print_Titles", "$7:$7"), "{names:?}");
        // A note that looks like a formula stays text.
        let formulas = book.worksheet_formula(e.detail_sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path());
    let mut r = req(dir.path(), "q4.xlsx", ExportFormat::Xlsx, Lang::Zh);
    std::fs::write(&r.path, b"keep me").unwrap();
    let err = export(&store, &r, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, TransferError::Exists(_)));
    assert_eq!(
        err.to_string(),
        format!(
            "{} already exists; zhucun will not overwrite it (choose another file name, or add --force to replace it)",
            r.path.display()
        )
    );
    assert_eq!(std::fs::read(&r.path).unwrap(), b"keep me");
    r.force = true;
    export(&store, &r, &mut |_, _| {}).unwrap();
    assert!(std::fs::read(&r.path).unwrap().starts_with(b"PK"));
}

#[test]
fn scope_outside_the_account_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = seeded(dir.path());
    store
        .set_user(
            "wenfeng",
            zhucun::domain::UserRole::Township,
            Some(&code("522701002")),
        )
        .unwrap();
    store.set_account_for_tests("wenfeng").unwrap();
    let r = req(dir.path(), "q4.csv", ExportFormat::Csv, Lang::Zh);
    let err = export(&store, &r, &mut |_, _| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--scope: wenfeng (township) may export only within 522701002; choose a scope inside it"
    );
    assert!(!r.path.exists());
    // Without --scope: the account's own township.
    let mut r = r;
    r.scope = None;
    let out = export(&store, &r, &mut |_, _| {}).unwrap();
    assert_eq!(out.scope.code.as_str(), "522701002");
    assert_eq!(out.detail_rows, 9 * 2 + 10);
}
