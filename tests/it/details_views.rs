//! Issue 10, items 12-14 and the `E` export: the village list at county
//! level and up (乡镇 and 本年 columns, rows below the screen counted), a
//! task's history over its last periods, names instead of logins, and an
//! export that asks where and for which period and follows the filter.

use crate::ui_support as support;

use support::*;
use zhucun::app::{App, Screen};
use zhucun::domain::{Period, PeriodKind};
use zhucun::i18n::Lang;

/// The village list of 都匀市 (county level).
fn county_villages(a: &mut App) {
    keys(a, "<Enter>v");
    assert_eq!(a.screen, Screen::Villages);
    assert_eq!(a.villages.as_ref().unwrap().scope().name, "都匀市");
}

#[test]
fn county_village_list_names_the_township_and_this_years_rate() {
    let mut a = app(Lang::Zh);
    county_villages(&mut a);
    let v = a.villages.as_ref().unwrap();
    assert!(v.spans_townships());
    let r = v.selected().unwrap().clone();
    assert_eq!(r.township, "广惠街道");
    // 本年 is the village's rollup over the year containing today.
    let year = Period::containing(PeriodKind::Year, today());
    let store = store_as(demo_db(), ADMIN);
    let want = store
        .rollup(&code("522701001"), year)
        .unwrap()
        .into_iter()
        .find(|(d, _, _)| d.code == r.village.code)
        .unwrap()
        .2;
    assert_eq!(r.year, want);
    let screen = render(&a, 80, 24);
    let header = screen.lines().nth(4).unwrap();
    for col in ["乡镇", "本年", "本月", "本季", "逾期"] {
        assert!(header.contains(col), "{col} missing from {header}");
    }
    assert!(screen.contains("广惠街道"), "{screen}");
    assert!(
        screen.contains(&format!("{}%", pct1(r.year.rate().unwrap()))),
        "{screen}"
    );
    // Every line fits in 80 cells (the table narrows, never overflows).
    for l in screen.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(l) <= 82, "{l}");
    }
}

fn pct1(r: f64) -> String {
    format!("{:.1}", r * 100.0)
}

#[test]
fn township_village_list_has_no_township_column() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter><Enter>");
    let v = a.villages.as_ref().unwrap();
    assert!(!v.spans_townships());
    let screen = render(&a, 80, 24);
    let header = screen.lines().nth(4).unwrap();
    assert!(!header.contains("乡镇"), "{header}");
    assert!(header.contains("本年"), "{header}");
}

#[test]
fn village_list_says_how_many_rows_lie_below_the_screen() {
    let mut a = app(Lang::Zh);
    county_villages(&mut a);
    let n = a.villages.as_ref().unwrap().shown.len();
    let screen = render(&a, 80, 24);
    // 24 rows: header bar, breadcrumbs, border, filters, column heads,
    // 16 villages, border, message, footer.
    let want = format!("下面还有{}项", n - 16);
    assert!(screen.contains(&want), "{want} not in\n{screen}");
    // At the bottom of the list nothing is left below.
    keys(&mut a, "G");
    let screen = render(&a, 80, 24);
    assert!(!screen.contains("下面还有"), "{screen}");
    let mut en = app(Lang::En);
    county_villages(&mut en);
    let screen = render(&en, 80, 24);
    assert!(screen.contains(&format!("{} more", n - 16)), "{screen}");
}

/// The checklist of the first village of 广惠街道, row `row` selected.
fn checklist_row(a: &mut App, row: usize) {
    keys(a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    keys(a, &"j".repeat(row));
}

fn detail_periods(a: &App) -> Vec<zhucun::store::PeriodRecord> {
    match a.popups.last() {
        Some(zhucun::app::Popup::Detail { periods, .. }) => periods.clone(),
        other => panic!("no detail: {:?}", other.map(|p| p.ctx())),
    }
}

#[test]
fn detail_lists_a_monthly_tasks_last_twelve_months() {
    let mut a = app(Lang::Zh);
    checklist_row(&mut a, 0);
    let row = a.checklist.as_ref().unwrap().rows[0].clone();
    assert_eq!(row.task.number, 1);
    keys(&mut a, "<Enter>");
    let periods = detail_periods(&a);
    assert_eq!(periods.len(), 12);
    let mut p = Period::containing(PeriodKind::Month, today());
    for pr in &periods {
        assert_eq!(pr.period, p, "newest first, one month apart");
        p = p.prev();
    }
    // Each period carries the stored record of that month.
    let store = store_as(demo_db(), ADMIN);
    let village = a.checklist.as_ref().unwrap().village.code.clone();
    for pr in &periods {
        let stored = store.completion(&village, 1, pr.period).unwrap();
        assert_eq!(pr.record, stored, "{}", pr.period);
    }
    assert!(periods.iter().filter(|p| p.record.is_some()).count() > 3);
    // Each period shows as the checklist would: 逾期完成 for one done late.
    for pr in &periods {
        let status = pr.record.as_ref().map(|r| r.status).unwrap_or_default();
        let done_on = pr.record.as_ref().and_then(|r| r.done_on);
        let want = zhucun::domain::DisplayStatus::of_record(status, done_on, pr.period, today());
        assert_eq!(pr.display, want, "{}", pr.period);
    }
    // Drawn: the heading and an earlier month's line with its done date.
    let screen = render(&a, 140, 40);
    assert!(screen.contains("近12期记录"), "{screen}");
    let oct = periods[1].record.as_ref().unwrap();
    let line = screen.lines().find(|l| l.contains("2026年10月")).unwrap();
    let done = oct.done_on.unwrap().format("%m-%d").to_string();
    assert!(line.contains(&done), "{line}");
    assert!(line.contains("已完成"), "{line}");
}

#[test]
fn detail_lists_quarters_for_a_quarterly_task_back_to_the_tracking_start() {
    let mut a = app(Lang::En);
    checklist_row(&mut a, 1);
    let row = a.checklist.as_ref().unwrap().rows[1].clone();
    assert_eq!(row.task.cadence, zhucun::domain::Cadence::Quarterly);
    keys(&mut a, "<Enter>");
    let periods = detail_periods(&a);
    assert!(!periods.is_empty() && periods.len() <= 12);
    assert_eq!(periods[0].period, row.period);
    let store = store_as(demo_db(), ADMIN);
    let limits = store.record_limits();
    for pr in &periods {
        assert_eq!(pr.period.kind(), PeriodKind::Quarter);
        assert!(limits.tracks(pr.period), "{} before tracking", pr.period);
    }
    // As many as exist since the tracking start: the one before is not tracked.
    if periods.len() < 12 {
        assert!(!limits.tracks(periods.last().unwrap().period.prev()));
    }
    let screen = render(&a, 140, 40);
    assert!(
        screen.contains(&format!("Last {} periods", periods.len())),
        "{screen}"
    );
}

#[test]
fn task_history_goes_through_the_scope_check() {
    // A township liaison of 广惠街道 may not read a village of another town.
    let store = store_as(demo_db(), LIAISON);
    let month = Period::containing(PeriodKind::Month, today());
    let own = store.task_history(&code("522701001001"), 1, month, 12);
    assert!(own.is_ok());
    let other = store.task_history(&code("522702105210"), 1, month, 12);
    assert!(
        matches!(other, Err(zhucun::store::StoreError::Denied { .. })),
        "{other:?}"
    );
}

// ---- E: the export form ------------------------------------------------

use zhucun::app::Popup;
use zhucun::app::Request;
use zhucun::transfer::export::ExportRequest;

fn export_form(a: &mut App) -> &mut zhucun::app::popup::ExportForm {
    match a.popups.last_mut() {
        Some(Popup::Export(f)) => f,
        other => panic!("no export form: {:?}", other.map(|p| p.ctx())),
    }
}

fn export_requests(r: Vec<Request>) -> Vec<ExportRequest> {
    r.into_iter()
        .filter_map(|r| match r {
            Request::Export(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// Replace the focused field's text.
fn retype(a: &mut App, text: &str) {
    keys(a, "<C-e><C-u>");
    type_text(a, text);
}

#[test]
fn export_asks_where_and_defaults_to_the_home_directory() {
    let home = tempfile::tempdir().unwrap();
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter>");
    let r = press(&mut a, "E");
    assert!(export_requests(r).is_empty(), "E only opens the form");
    let f = export_form(&mut a);
    assert_eq!(f.fields[0].text(), "~/");
    assert_eq!(f.fields[1].text(), "2026-11");
    assert!(f.what.villages.is_none());
    f.home = Some(home.path().to_path_buf());
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("保存到") && screen.contains("~/"),
        "{screen}"
    );
    let reqs = export_requests(press(&mut a, "<Enter>"));
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(
        req.path,
        home.path().join("驻村完成情况_都匀市_2026年11月.xlsx")
    );
    assert_eq!(req.scope, Some(code("522701")));
    assert!(a.popups.is_empty(), "the form closed");
    assert!(a.exporting);
}

#[test]
fn export_takes_the_period_typed_and_refuses_bad_input_in_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter>E");
    retype(&mut a, &format!("{}/", dir.path().display()));
    keys(&mut a, "<Tab>");
    // A period that cannot be read.
    retype(&mut a, "2026-13");
    assert!(export_requests(press(&mut a, "<Enter>")).is_empty());
    let f = export_form(&mut a);
    assert!(
        f.error.as_deref().unwrap().contains("2026-13"),
        "{:?}",
        f.error
    );
    let screen = render(&a, 80, 24);
    assert!(screen.contains("无法识别"), "{screen}");
    // A future period.
    retype(&mut a, "2030-01");
    assert!(export_requests(press(&mut a, "<Enter>")).is_empty());
    assert!(export_form(&mut a).error.is_some());
    // A directory that does not exist: the path field is focused again.
    keys(&mut a, "<Tab>");
    retype(&mut a, "/no/such/dir/");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026Q3");
    assert!(export_requests(press(&mut a, "<Enter>")).is_empty());
    let f = export_form(&mut a);
    assert_eq!(f.focus, 0);
    assert!(
        f.error.as_deref().unwrap().contains("/no/such/dir"),
        "{:?}",
        f.error
    );
    // An existing file is never replaced.
    std::fs::write(dir.path().join("old.csv"), b"x").unwrap();
    retype(&mut a, &dir.path().join("old.csv").display().to_string());
    assert!(export_requests(press(&mut a, "<Enter>")).is_empty());
    assert!(
        export_form(&mut a)
            .error
            .as_deref()
            .unwrap()
            .contains("old.csv")
    );
    // A good one: the quarter typed, CSV from the name.
    retype(&mut a, &dir.path().join("q3.csv").display().to_string());
    let reqs = export_requests(press(&mut a, "<Enter>"));
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].period, Period::parse("2026Q3").unwrap());
    assert_eq!(reqs[0].format, zhucun::transfer::ExportFormat::Csv);
    assert_eq!(reqs[0].path, dir.path().join("q3.csv"));
    // Esc leaves without exporting.
    let mut b = app(Lang::Zh);
    keys(&mut b, "<Enter>E");
    assert!(export_requests(press(&mut b, "<Esc>")).is_empty());
    assert!(b.popups.is_empty() && !b.exporting);
}

#[test]
fn export_follows_the_village_lists_filter_staged_and_audited() {
    let (d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    // 都匀市's villages, formerly poor, with overdue items.
    keys(&mut a, "<Enter>vfo");
    let shown: Vec<_> = a
        .villages
        .as_ref()
        .unwrap()
        .rows()
        .map(|r| r.village.code.clone())
        .collect();
    let all = store_as(&db, ADMIN).village_count(&code("522701")).unwrap() as usize;
    assert!(!shown.is_empty() && shown.len() < all);
    keys(&mut a, "E");
    let f = export_form(&mut a);
    assert_eq!(f.what.villages.as_ref(), Some(&shown));
    assert!(f.what.filter.as_deref().unwrap().contains("脱贫村"));
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("脱贫村"),
        "the form shows the filter\n{screen}"
    );
    let out = d.path().join("filtered.csv");
    retype(&mut a, &out.display().to_string());
    let reqs = export_requests(press(&mut a, "<Enter>"));
    assert_eq!(reqs.len(), 1);
    // The event loop runs the request on its own connection.
    let store = store_as(&db, ADMIN);
    let sum = zhucun::transfer::export(&store, &reqs[0], &mut |_, _| {}).unwrap();
    let tasks = store.catalogue().tasks.len();
    // November: every monthly-due item of the villages shown, nothing else.
    let bytes = std::fs::read(&out).unwrap();
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let villages: std::collections::BTreeSet<String> =
        rd.records().map(|r| r.unwrap()[2].to_string()).collect();
    let want: std::collections::BTreeSet<String> = shown.iter().map(|c| c.to_string()).collect();
    assert_eq!(villages, want);
    assert!(
        sum.detail_rows >= shown.len() as u64 && sum.detail_rows <= (shown.len() * tasks) as u64
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // No staging file is left beside it.
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (rec, new): (String, String) = c
        .query_row(
            "SELECT record, new FROM audit WHERE action = 'export' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rec, "export/522701");
    assert_eq!(new, format!("{} rows", sum.detail_rows));
}

#[test]
fn a_filtered_workbook_sums_only_the_villages_shown() {
    let (d, db) = copy_db();
    let store = store_as(&db, ADMIN);
    let month = Period::containing(PeriodKind::Month, today());
    let villages = vec![code("522701001202"), code("522701001206")];
    let req = ExportRequest {
        period: month,
        scope: Some(code("522701")),
        format: zhucun::transfer::ExportFormat::Xlsx,
        lang: Lang::Zh,
        path: d.path().join("two.xlsx"),
        force: false,
        villages: Some(villages.clone()),
        filter: Some("类型：脱贫村".into()),
    };
    let (rows, total) = zhucun::transfer::export::export_summary(
        &store,
        &req,
        &store.division(&code("522701")).unwrap().unwrap(),
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(total.villages, 2);
    let p0 = store.progress(&villages[0], month).unwrap();
    let p1 = store.progress(&villages[1], month).unwrap();
    assert_eq!(total.progress.done, p0.done + p1.done);
    assert_eq!(total.progress.expected, p0.expected + p1.expected);
    let sum = zhucun::transfer::export(&store, &req, &mut |_, _| {}).unwrap();
    assert_eq!(sum.summary_rows, 2);
    // A village outside the scope is refused, and nothing is written.
    let bad = ExportRequest {
        villages: Some(vec![code("522702105210")]),
        path: d.path().join("bad.xlsx"),
        ..req.clone()
    };
    let e = zhucun::transfer::export(&store, &bad, &mut |_, _| {}).unwrap_err();
    assert!(e.to_string().contains("522702105210"), "{e}");
    assert!(!bad.path.exists());
}

// ---- 13: names, not logins -----------------------------------------------

use zhucun::domain::Status;
use zhucun::store::RecordInput;

/// The first village's checklist row `i`'s 记录人 cell as drawn.
fn checklist_line<'s>(screen: &'s str, task: &str) -> &'s str {
    screen.lines().find(|l| l.contains(task)).unwrap()
}

#[test]
fn checklist_detail_and_guidance_show_names_not_logins() {
    let mut a = app(Lang::Zh);
    checklist_row(&mut a, 0);
    let rec = a.checklist.as_ref().unwrap().rows[0]
        .record
        .clone()
        .unwrap();
    let store = store_as(demo_db(), ADMIN);
    let name = store.account_name(&rec.recorded_by).unwrap().unwrap();
    assert_eq!(a.person(&rec.recorded_by), name);
    let screen = render(&a, 80, 24);
    let line = checklist_line(&screen, "院坝会宣讲政策");
    assert!(line.contains(&name), "{line}");
    assert!(
        !screen.contains(&rec.recorded_by),
        "no login shown\n{screen}"
    );
    keys(&mut a, "<Enter>");
    let screen = render(&a, 140, 40);
    assert!(screen.contains(&name), "{screen}");
    assert!(!screen.contains(&rec.recorded_by), "{screen}");
    // Guidance: the issuing account by name.
    let mut g = app(Lang::Zh);
    keys(&mut g, "p");
    let screen = render(&g, 140, 40);
    assert!(screen.contains(zhucun::demo::DEMO_ISSUER_NAME), "{screen}");
    assert!(!screen.contains(zhucun::demo::DEMO_ISSUER), "{screen}");
}

#[test]
fn an_account_without_a_name_shows_its_login_until_one_is_set() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    checklist_row(&mut a, 1);
    keys(&mut a, "x");
    let screen = render(&a, 80, 24);
    assert!(
        checklist_line(&screen, "入户解读惠民政策").contains(ADMIN),
        "{screen}"
    );
    // The audited history of the record names the login too.
    keys(&mut a, "<Enter>");
    assert!(render(&a, 140, 40).contains(&format!("{ADMIN} 已完成")));
    let mut s = store_as(&db, ADMIN);
    s.set_account_name(ADMIN, Some("张测试")).unwrap();
    drop(s);
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    checklist_row(&mut b, 1);
    let screen = render(&b, 80, 24);
    let line = checklist_line(&screen, "入户解读惠民政策");
    assert!(line.contains("张测试") && !line.contains(ADMIN), "{line}");
    keys(&mut b, "<Enter>");
    assert!(render(&b, 140, 40).contains("张测试 已完成"));
    // Names are checked: empty or too long is refused, nothing written.
    let mut s = store_as(&db, ADMIN);
    assert!(s.set_account_name(ADMIN, Some("  ")).is_err());
    assert!(s.set_account_name(ADMIN, Some(&"长".repeat(41))).is_err());
    assert_eq!(s.account_name(ADMIN).unwrap().as_deref(), Some("张测试"));
    // Only administrators set names.
    let mut v = store_as(&db, VIEWER);
    assert!(v.set_account_name(VIEWER, Some("我")).is_err());
}

#[test]
fn exports_write_names_in_the_recorded_by_column() {
    let (d, db) = copy_db();
    let mut s = store_as(&db, ADMIN);
    let month = Period::containing(PeriodKind::Month, today());
    s.record(&RecordInput {
        village: code("522701001001"),
        task: 4,
        period: month,
        status: Status::Done,
        note: None,
        done_on: None,
        expected_version: None,
    })
    .unwrap();
    let req = ExportRequest {
        period: month,
        scope: Some(code("522701001")),
        format: zhucun::transfer::ExportFormat::Csv,
        lang: Lang::Zh,
        path: d.path().join("m.csv"),
        force: false,
        villages: None,
        filter: None,
    };
    zhucun::transfer::export(&s, &req, &mut |_, _| {}).unwrap();
    let bytes = std::fs::read(&req.path).unwrap();
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let by = |village: &str, task: &str| {
        rows.iter()
            .find(|r| &r[2] == village && &r[4] == task)
            .map(|r| r[13].to_string())
            .unwrap()
    };
    // A demo team's record: the leader's name; ours: the login (no name).
    let demo_login = s
        .completion(&code("522701001001"), 1, month)
        .unwrap()
        .unwrap()
        .recorded_by;
    let name = s.account_name(&demo_login).unwrap().unwrap();
    assert_eq!(by("522701001001", "1"), name);
    assert_eq!(by("522701001001", "4"), ADMIN);
    assert!(
        !rows.iter().any(|r| r[13] == *demo_login),
        "no login in the file"
    );
    // The workbook takes the same names.
    let x = ExportRequest {
        format: zhucun::transfer::ExportFormat::Xlsx,
        path: d.path().join("m.xlsx"),
        ..req
    };
    s.set_account_name(ADMIN, Some("张测试")).unwrap();
    zhucun::transfer::export(&s, &x, &mut |_, _| {}).unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&x.path).unwrap();
    let sheet = book
        .worksheet_range(Lang::Zh.export_text().detail_sheet)
        .unwrap();
    let by: Vec<String> = sheet
        .rows()
        .skip(7)
        .map(|r| r[13].to_string())
        .filter(|s| !s.is_empty())
        .collect();
    assert!(by.iter().any(|b| b == "张测试"), "{by:?}");
    assert!(by.contains(&name));
    assert!(!by.iter().any(|b| *b == demo_login || b == ADMIN), "{by:?}");
    // The title block names who exported: the login and the name.
    let detail_title: Vec<String> = sheet
        .rows()
        .nth(4)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(detail_title[1], format!("{ADMIN}(张测试)"));
}

#[test]
fn cli_sets_and_lists_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::small_db(dir.path());
    let (ok, out, err) =
        crate::common::zhucun_text(&db, &["user", "set", "liaison9", "--name", "王联络"]);
    assert!(ok, "{err}");
    assert!(out.contains("王联络"), "{out}");
    let s = zhucun::store::Store::open(&db, today()).unwrap();
    assert_eq!(
        s.account_name("liaison9").unwrap().as_deref(),
        Some("王联络")
    );
    // A name too long: refused with the rule, nothing written.
    let before = crate::common::fingerprint(&db);
    let long = "长".repeat(41);
    let (ok, _, err) =
        crate::common::zhucun_text(&db, &["user", "set", "liaison9", "--name", &long]);
    assert!(!ok);
    assert!(err.contains("--name") && err.contains("40"), "{err}");
    assert_eq!(crate::common::fingerprint(&db), before);
    // Nothing to change.
    let (ok, _, err) = crate::common::zhucun_text(&db, &["user", "set", "liaison9"]);
    assert!(!ok && err.contains("--name"), "{err}");
    // The audit trail keeps the login and shows the name beside it.
    let me = s.actor().account.clone();
    let (ok, _, err) = crate::common::zhucun_text(&db, &["user", "set", &me, "--name", "管理员甲"]);
    assert!(ok, "{err}");
    let (ok, out, err) = crate::common::zhucun_text(&db, &["--lang", "en", "audit"]);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("{me}(管理员甲)")), "{out}");
    assert!(out.contains("user/liaison9/name"), "{out}");
    let (_, list, _) = crate::common::zhucun_text(&db, &["--lang", "en", "user", "list"]);
    assert!(list.lines().next().unwrap().contains("Name"), "{list}");
    assert!(list.contains("管理员甲"), "{list}");
}

#[test]
fn the_export_form_keeps_what_was_typed_for_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter>E");
    let typed = format!("{}/sub/", dir.path().display());
    retype(&mut a, &typed);
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026Q3");
    // Esc: nothing exported, but the fields come back with the next E.
    assert!(export_requests(press(&mut a, "<Esc>")).is_empty());
    assert!(a.popups.is_empty());
    keys(&mut a, "E");
    let f = export_form(&mut a);
    assert_eq!(f.texts(), [typed, "2026Q3".to_string()]);
    // After an export to a file, the next form offers its directory.
    assert_eq!(f.focus, 0, "the form opens on the path");
    let file = dir.path().join("q3.csv");
    retype(&mut a, &file.display().to_string());
    let reqs = export_requests(press(&mut a, "<Enter>"));
    assert_eq!(reqs.len(), 1);
    keys(&mut a, "E");
    assert_eq!(
        export_form(&mut a).texts(),
        [format!("{}/", dir.path().display()), "2026Q3".to_string()]
    );
}

#[test]
fn user_import_names_the_accounts_it_adds() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::small_db(dir.path());
    let f = dir.path().join("users.csv");
    std::fs::write(
        &f,
        "账号,角色,范围,姓名\ndaemon,县级驻村办,522701,李四\nsys,viewer,522700,\n",
    )
    .unwrap();
    let (ok, _, err) = crate::common::zhucun_text(&db, &["user", "import", f.to_str().unwrap()]);
    assert!(ok, "{err}");
    let s = zhucun::store::Store::open(&db, today()).unwrap();
    assert_eq!(s.account_name("daemon").unwrap().as_deref(), Some("李四"));
    assert_eq!(s.account_name("sys").unwrap(), None);
}
