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
