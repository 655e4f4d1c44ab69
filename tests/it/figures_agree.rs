//! Issue 10 items 6-8 and the pinned-today times: one definition of every
//! figure (domain::figures) that the screen, the report and the workbook
//! agree on; 逾期完成; labels that follow the period shown; times after a
//! pinned today marked as real.

use crate::common::{code, small_db, today, zhucun};
use crate::ui_support::{self as support, keys, opts, render, render_buffer};
use calamine::{Data, Reader, Xlsx};
use zhucun::app::App;
use zhucun::domain::{DisplayStatus, Period, PeriodKind, Progress, Status};
use zhucun::i18n::Lang;
use zhucun::store::{RecordInput, Store};
use zhucun::ui::overview::pct;

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// 都匀市's counts in `report --format json` for `period`.
fn report_row(db: &std::path::Path, period: &str) -> serde_json::Value {
    let out = zhucun(
        db,
        &[
            "report", "--period", period, "--scope", "522700", "--format", "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "522701")
        .unwrap()
        .clone()
}

/// 都匀市's line of the workbook's summary for `period`: (expected, done,
/// doing, na, todo, rate, overdue), and the header of that sheet.
fn workbook_row(
    db: &std::path::Path,
    dir: &std::path::Path,
    period: &str,
) -> (Vec<f64>, Vec<String>) {
    let path = dir.join(format!("{period}.xlsx"));
    let out = zhucun(
        db,
        &[
            "export",
            "--period",
            period,
            "--scope",
            "522700",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let s = book.worksheet_range("汇总").unwrap();
    let rows: Vec<&[Data]> = s.rows().collect();
    let header: Vec<String> = rows[6].iter().map(|c| c.to_string()).collect();
    let line = rows
        .iter()
        .find(|r| r[0] == Data::String("522701".into()))
        .unwrap();
    (line[3..10].iter().map(num).collect(), header)
}

fn same(screen: &Progress, report: &serde_json::Value, book: &[f64], what: &str) {
    let r = |k: &str| report[k].as_u64().unwrap() as u32;
    assert_eq!(
        (
            screen.expected,
            screen.done,
            screen.doing,
            screen.na,
            screen.overdue
        ),
        (r("expected"), r("done"), r("doing"), r("na"), r("overdue")),
        "{what}: screen and report"
    );
    let b = |i: usize| book[i] as u32;
    assert_eq!(
        (
            screen.expected,
            screen.done,
            screen.doing,
            screen.na,
            screen.todo(),
            screen.overdue
        ),
        (b(0), b(1), b(2), b(3), b(4), b(6)),
        "{what}: screen and workbook"
    );
    let rate = screen.rate().unwrap();
    assert!(
        (report["rate"].as_f64().unwrap() - rate).abs() < 1e-12,
        "{what}"
    );
    assert!((book[5] - rate).abs() < 1e-12, "{what}");
    assert_eq!(
        rate,
        screen.done as f64 / (screen.expected - screen.na) as f64
    );
}

#[test]
fn screen_report_and_workbook_agree_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(zhucun(&db, &["init", "--demo"]).status.success());
    let store = Store::open_with(&db, today(), false).unwrap();
    let villages = store.village_count(&code("522701")).unwrap();
    let cat = store.catalogue().clone();
    let app = App::new(store, opts(Lang::Zh)).unwrap();
    let row = app
        .overview
        .rows
        .iter()
        .find(|r| r.division.code.as_str() == "522701")
        .unwrap()
        .clone();
    // What the screen shows for 都匀市 is those counts: 已完成/应完成 (not
    // 已完成/(应完成−不适用)), 不适用, the rates, and the year's overdue.
    let screen = render(&app, 140, 40);
    let line = screen.lines().find(|l| l.contains("都匀市")).unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    for want in [
        pct(row.month.rate()),
        pct(row.quarter.rate()),
        pct(row.year.rate()),
        row.year.overdue.to_string(),
        format!("{}/{}", row.month.done, row.month.expected),
        row.month.na.to_string(),
    ] {
        assert!(cells.contains(&want.as_str()), "{want} in {line}");
    }
    assert!(screen.contains("本年逾期"), "{screen}");
    assert!(screen.contains("完成率计至 2026-11-28"), "{screen}");
    for (period, p) in [
        ("2026-11", row.month),
        ("2026Q4", row.quarter),
        ("2026", row.year),
    ] {
        let (book, header) = workbook_row(&db, dir.path(), period);
        same(&p, &report_row(&db, period), &book, period);
        assert_eq!(
            header[9], "本期逾期",
            "the workbook's overdue counts its period"
        );
    }
    // On 11-28 the quarter's December items are not yet due: October and
    // November's monthly items and the quarterly ones are.
    let per = |k| cat.tasks_per_period(k);
    assert_eq!(
        row.quarter.expected,
        villages * (2 * per(PeriodKind::Month) + per(PeriodKind::Quarter))
    );
    // The detail lists exactly the items counted as 应完成.
    let csv = dir.path().join("q4.csv");
    let out = zhucun(
        &db,
        &[
            "export",
            "--period",
            "2026Q4",
            "--scope",
            "522701",
            "--output",
            csv.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count() as u32 - 1, row.quarter.expected);
}

#[test]
fn done_after_the_due_date_is_shown_and_exported_as_done_late() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open_with(&db, today(), false).unwrap();
    let v = code("522701001201");
    let oct = Period::parse("2026-10").unwrap();
    let done = |s: &mut Store, task: u32, on: &str| {
        s.record(&RecordInput {
            village: v.clone(),
            task,
            period: oct,
            status: Status::Done,
            note: None,
            done_on: Some(chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap()),
            expected_version: None,
        })
        .unwrap();
    };
    done(&mut s, 1, "2026-11-05"); // after 10-31: late
    done(&mut s, 4, "2026-10-31"); // on the due date: on time
    let rows = s.checklist(&v, oct.due_date()).unwrap();
    assert_eq!(rows[0].display, DisplayStatus::DoneLate);
    assert_eq!(rows[3].display, DisplayStatus::Done);
    // Late is still done in the rate, and not overdue.
    let p = s.progress(&v, oct).unwrap();
    assert_eq!((p.done, p.overdue), (2, p.expected - 2));
    // The CSV and the workbook's detail say 逾期完成.
    let csv = dir.path().join("oct.csv");
    let out = zhucun(
        &db,
        &[
            "export",
            "--period",
            "2026-10",
            "--scope",
            "522701001201",
            "--output",
            csv.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let line = |task: &str| {
        text.lines()
            .find(|l| l.split(',').nth(4) == Some(task))
            .unwrap()
            .to_string()
    };
    assert!(line("1").contains(",逾期完成,2026-11-05"), "{text}");
    assert!(line("4").contains(",已完成,2026-10-31"), "{text}");
    let xlsx = dir.path().join("oct.xlsx");
    let out = zhucun(
        &db,
        &[
            "export",
            "--period",
            "2026-10",
            "--scope",
            "522701001201",
            "--output",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let d = book.worksheet_range("明细").unwrap();
    let statuses: Vec<String> = d
        .rows()
        .filter(|r| {
            r.get(4)
                .is_some_and(|c| matches!(c, Data::Float(f) if *f == 1.0))
        })
        .map(|r| r[10].to_string())
        .collect();
    assert_eq!(statuses, vec!["逾期完成"]);
    // The checklist of October and the task's detail show it too.
    drop(s);
    let mut a = App::new(
        Store::open_with(&db, today(), false).unwrap(),
        opts(Lang::Zh),
    )
    .unwrap();
    // 都匀市 › 广惠街道 › 松岭村 (the second village), back to October.
    keys(&mut a, "<Enter><Enter>j<Enter>[");
    let screen = render(&a, 80, 24);
    let task1 = screen.lines().find(|l| l.contains(" 1 院坝会")).unwrap();
    assert!(task1.contains("逾期完成"), "{screen}");
    keys(&mut a, "<Enter>");
    let detail = render(&a, 80, 24);
    assert!(detail.contains("状态：逾期完成"), "{detail}");
}

#[test]
fn the_checklist_labels_follow_the_month_shown() {
    let mut a = support::app(Lang::Zh);
    keys(&mut a, "<Enter><Enter><Enter>");
    let now = render(&a, 80, 24);
    assert!(now.contains("· 2026年11月 ─"), "{now}");
    assert!(now.contains("本月已完成 "), "{now}");
    assert!(
        now.contains("月＝本月工作提示涉及，季＝本季度指导要点涉及"),
        "{now}"
    );
    assert!(!now.contains("往期"));
    keys(&mut a, "[");
    let oct = render(&a, 80, 24);
    assert!(oct.contains("· 2026年10月（往期） "), "{oct}");
    assert!(oct.contains("10月已完成 "), "{oct}");
    // Neither the progress nor the legend says 本月 (notes may).
    for l in oct
        .lines()
        .filter(|l| l.contains("队长") || l.contains("重点："))
    {
        assert!(!l.contains("本月") && !l.contains("本季度"), "{l}");
    }
    let wide = render(&a, 140, 40);
    assert!(
        wide.contains("月＝2026年10月工作提示涉及，季＝2026年第四季度指导要点涉及"),
        "{wide}"
    );
    // The mark cannot be missed: reverse video, not colour alone.
    let buf = render_buffer(&a, 80, 24);
    let row: Vec<_> = (0..80).map(|x| buf[(x, 2)].clone()).collect();
    let at = row.iter().position(|c| c.symbol() == "往").unwrap();
    assert!(
        row[at]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    // Back to November: the mark goes.
    keys(&mut a, "]");
    assert!(!render(&a, 80, 24).contains("往期"));
    // The guidance view marks a past quarter the same way.
    let mut g = support::app(Lang::Zh);
    keys(&mut g, "p");
    assert!(render(&g, 80, 24).contains("┌ 2026年第四季度 · "));
    keys(&mut g, "[");
    assert!(render(&g, 80, 24).contains("┌ 2026年第三季度（往期） · "));
}

#[test]
fn times_after_a_pinned_today_are_marked_as_real() {
    let (_dir, db) = support::copy_db();
    // A record and a guidance point written on 12-01 (real time), seen with
    // today pinned to 11-28.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE completion SET recorded_at = '2026-12-01T10:00:00+08:00'
         WHERE village = '522701001001' AND task = 1 AND period = '2026-11'",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE guidance SET issued_at = '2026-12-01T09:00:00+08:00' WHERE period = '2026Q4'",
        [],
    )
    .unwrap();
    drop(c);
    let mut a = support::app_with(&db, support::ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter><Enter>");
    let screen = render(&a, 80, 24);
    let task1 = screen.lines().find(|l| l.contains(" 1 院坝会")).unwrap();
    assert!(task1.contains("12-01*"), "{screen}");
    assert!(
        screen.contains("* 为实际时间，晚于设定的今天 2026-11-28"),
        "{screen}"
    );
    // Times on or before the pinned today are not marked.
    let task3 = screen.lines().find(|l| l.contains(" 3 驻村干部")).unwrap();
    assert!(
        task3.contains("11-08") && !task3.contains("11-08*"),
        "{task3}"
    );
    // The task's detail marks it too.
    keys(&mut a, "<Enter>");
    let detail = render(&a, 80, 24);
    assert!(detail.contains("12-01 10:00*"), "{detail}");
    assert!(
        detail.contains("* 为实际时间，晚于设定的今天 2026-11-28"),
        "{detail}"
    );
    let mut g = support::app_with(&db, support::ADMIN, opts(Lang::Zh));
    keys(&mut g, "p");
    let guidance = render(&g, 140, 40);
    assert!(guidance.contains("2026-12-01*"), "{guidance}");
    assert!(
        guidance.contains("* 为实际时间，晚于设定的今天 2026-11-28"),
        "{guidance}"
    );
}

#[test]
fn the_readme_gives_the_definitions_the_code_uses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for (name, def) in lang.figures().defs {
            let row = format!("| {name} | {def} |");
            assert!(readme.contains(&row), "README lacks: {row}");
        }
    }
    // The help shows the same lines.
    let th = zhucun::ui::theme::Theme {
        color: false,
        ascii: false,
    };
    let text: String = zhucun::ui::panels::figure_lines(Lang::Zh, &th, 200)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for (name, def) in Lang::Zh.figures().defs {
        assert!(text.contains(name) && text.contains(def), "{text}");
    }
}
