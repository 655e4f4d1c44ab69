//! The training screen (培训, `T`): snapshots of the sessions, a session's
//! attendance list, the hours, the 未参训名单 and each county's counts at
//! 80x24 and 140x40 in both languages, and marks typed with the keyboard
//! writing the grid.

use crate::ui_support::{ADMIN, LIAISON, app, app_with, copy_db, keys, opts, render, store_as};
use zhucun::app::App;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("training_ui__{}", $name), $value);
        })
    };
}

fn snap(name: &str, setup: impl Fn(&mut App)) {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = app(lang);
        setup(&mut a);
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("{name}_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

/// 都匀市's sessions of 2026: the prefecture's, its own, its townships'.
#[test]
fn snap_training_sessions() {
    snap("sessions", |a| keys(a, "<Enter>T"));
}

/// The attendance list of 都匀市's policy session, its own cadres only.
#[test]
fn snap_training_roster() {
    snap("roster", |a| keys(a, "<Enter>Tj<Enter>"));
}

#[test]
fn snap_training_hours() {
    snap("hours", |a| keys(a, "<Enter>Tv"));
}

#[test]
fn snap_training_untrained() {
    snap("untrained", |a| keys(a, "<Enter>Tvv"));
}

/// Each county's counts (各县培训) of the prefecture: one row per county,
/// nobody named.
#[test]
fn snap_training_counties() {
    snap("counties", |a| keys(a, "Tvvv"));
}

fn training_days(path: &std::path::Path, cadre: i64, session: i64) -> i64 {
    store_as(path, ADMIN)
        .conn()
        .query_row(
            "SELECT count(*) FROM attendance WHERE cadre = ?1 AND source = 'training' AND ref = ?2",
            [cadre, session],
            |r| r.get(0),
        )
        .unwrap()
}

/// `x` marks the selected cadre 缺席 (the session's days leave the grid),
/// `c` 参训 again (they come back); a township's liaison may not mark the
/// county's session, and is told so.
#[test]
fn marks_typed_on_the_attendance_list_write_the_grid() {
    let (_dir, path) = copy_db();
    let mut a = app_with(&path, ADMIN, opts(Lang::En));
    // 都匀市 → 培训 → its policy session (the second of the year).
    keys(&mut a, "<Enter>Tj<Enter>");
    let v = a.training.as_ref().unwrap();
    let session = v.session().unwrap().id;
    let first = v.roster[0].clone();
    keys(&mut a, "x");
    assert_eq!(training_days(&path, first.cadre, session), 0);
    let shown = render(&a, 140, 40);
    assert!(shown.contains("marked 1 cadres"), "{shown}");
    keys(&mut a, "kc");
    assert_eq!(training_days(&path, first.cadre, session), 2);
    let v = a.training.as_ref().unwrap();
    assert_eq!(
        v.roster[0].mark,
        Some(zhucun::domain::training::Mark::Attended)
    );
    // The liaison of 广惠街道 sees its own cadres of the county's session,
    // and may not mark them.
    let mut l = app_with(&path, LIAISON, opts(Lang::En));
    keys(&mut l, "T");
    let v = l.training.as_ref().unwrap();
    let i = v.sessions.iter().position(|s| s.id == session).unwrap();
    for _ in 0..i {
        keys(&mut l, "j");
    }
    keys(&mut l, "<Enter>");
    let v = l.training.as_ref().unwrap();
    assert!(v.roster.iter().all(|r| r.village.starts_with("522701001")));
    let cadre = v.roster[0].cadre;
    let before = training_days(&path, cadre, session);
    keys(&mut l, "x");
    assert_eq!(training_days(&path, cadre, session), before);
    let shown = render(&l, 140, 40);
    assert!(
        shown.to_lowercase().contains("denied") || shown.contains("may not"),
        "{shown}"
    );
}

/// Each county's counts follow the reader's scope: a county's viewer gets
/// its own county, never another's; a township's liaison its own county's
/// (the totals of a scope's ancestors are readable, as on the overview),
/// never another county's.
#[test]
fn each_county_s_counts_are_read_within_the_scope() {
    use crate::ui_support::VIEWER;
    let (_dir, path) = copy_db();
    let code = crate::common::code;
    let viewer = store_as(&path, VIEWER);
    let own = viewer.training_by_county(&code("522701"), 2026).unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].county, code("522701"));
    // The prefecture's list: only the reader's own county in it.
    assert_eq!(
        viewer.training_by_county(&code("522700"), 2026).unwrap(),
        own
    );
    assert!(viewer.training_by_county(&code("522702"), 2026).is_err());
    let liaison = store_as(&path, LIAISON);
    let rows = liaison
        .training_by_county(&code("522701001"), 2026)
        .unwrap();
    assert_eq!(rows, own);
    // The prefecture's list: only the reader's own county in it.
    assert_eq!(
        liaison.training_by_county(&code("522700"), 2026).unwrap(),
        own
    );
    assert!(liaison.training_by_county(&code("522702"), 2026).is_err());
}
