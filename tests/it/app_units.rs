//! 派出单位 (`U`) and the 工作队 tab (`w`) driven without a terminal: the
//! units of a scope by name with plans and funds, a unit's responsibility
//! list with the people from the postings, the villages' 1+2+N with a gap
//! filter and match hints, each kept to the user's scope; snapshots zh/en
//! at 80x24 and 140x40.

use crate::ui_support::*;
use zhucun::app::Screen;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("units__{}", $name), $value);
        })
    };
}

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

#[test]
fn units_of_the_prefecture_by_name_and_a_units_list() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "U");
    assert_eq!(a.screen, Screen::Units);
    let v = a.units.as_ref().unwrap();
    assert!(v.rows.len() > 10, "{}", v.rows.len());
    // By name, never by a figure.
    assert!(v.rows.windows(2).all(|w| w[0].unit.name <= w[1].unit.name));
    // The demo leaves some plans missing: the 提示 shows.
    assert!(v.rows.iter().any(|r| r.plans_missing > 0));
    assert!(v.rows.iter().any(|r| r.plans == r.villages));
    keys(&mut a, "<Enter>");
    let d = a.units.as_ref().unwrap().detail.as_ref().unwrap();
    assert!(!d.villages.is_empty());
    assert!(d.villages.windows(2).all(|w| w[0].code < w[1].code));
    // The people come from the postings, of this unit.
    assert!(
        d.villages
            .iter()
            .flat_map(|v| &v.people)
            .all(|p| p.member.unit == d.unit.name)
    );
    keys(&mut a, "<Esc>");
    assert!(a.units.as_ref().unwrap().detail.is_none());
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Overview);
}

#[test]
fn a_township_sees_the_units_of_its_villages_only() {
    let mut a = app_with(demo_db(), LIAISON, opts(Lang::Zh));
    keys(&mut a, "U");
    let v = a.units.as_ref().unwrap();
    assert_eq!(v.scope().code, code("522701001"));
    let total: usize = v.rows.iter().map(|r| r.villages).sum();
    assert!(total >= 1);
}

#[test]
fn teams_tab_filter_and_match_hints() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "w");
    assert_eq!(a.screen, Screen::Teams);
    let v = a.teams.as_ref().unwrap();
    let (all, gaps) = v.counts();
    assert!(all > gaps && gaps > 0, "{all} {gaps}");
    let rows = v.rows();
    assert!(rows.windows(2).all(|w| w[0].code < w[1].code));
    keys(&mut a, "f");
    let v = a.teams.as_ref().unwrap();
    assert_eq!(v.rows().len(), gaps);
    assert!(v.rows().iter().all(|r| r.has_gap()));
    // Hints only for villages with a gap, by name.
    assert!(
        v.rows()
            .iter()
            .all(|r| r.hints.windows(2).all(|w| w[0].name <= w[1].name))
    );
    // Enter opens the team popup of the village.
    keys(&mut a, "<Enter>");
    assert_eq!(a.popups.len(), 1);
    keys(&mut a, "<Esc><Esc>");
    assert_eq!(a.screen, Screen::Overview);
}

#[test]
fn keys_are_in_help_and_footer() {
    let mut a = app(Lang::Zh);
    let screen = render(&a, 200, 40);
    let footer = screen.lines().last().unwrap();
    for want in ["U 派出单位", "w 工作队"] {
        assert!(footer.contains(want), "footer {footer:?} lacks {want}");
    }
    keys(&mut a, "w?");
    let help = render(&a, 120, 200);
    assert!(help.contains("只看有缺口/全部"), "{help}");
}

#[test]
fn screens_fit_every_width() {
    for lang in [Lang::Zh, Lang::En] {
        for seq in ["U", "U<Enter>", "wf"] {
            let mut a = app(lang);
            keys(&mut a, seq);
            for w in (80..=140).step_by(3) {
                let screen = render(&a, w, 24);
                assert!(!screen.contains("<- CUT"), "{seq} at {w}:\n{screen}");
            }
        }
    }
}

#[test]
fn snapshots() {
    for (lang, l) in LANGS {
        for (w, h) in SIZES {
            let mut a = app(lang);
            keys(&mut a, "U");
            assert_screen!(format!("units_{l}_{w}x{h}"), render(&a, w, h));
            keys(&mut a, "<Enter>");
            assert_screen!(format!("unit_list_{l}_{w}x{h}"), render(&a, w, h));
            let mut a = app(lang);
            keys(&mut a, "wf");
            assert_screen!(format!("teams_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}
