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
