//! The recall ledger screen (`R`): cases by stage, open leads, days to
//! replacement; Enter shows a case's incidents and history; kept to the
//! user's scope. Snapshots in both languages at 80x24 and 140x40.

use crate::ui_support::*;
use zhucun::app::{App, Screen};
use zhucun::domain::recall::Stage;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("recall_screen__{}", $name), $value);
        })
    };
}

fn ledger(a: &mut App) {
    keys(a, "R");
    assert_eq!(a.screen, Screen::Recall);
}

#[test]
fn r_opens_the_ledger_by_stage_and_enter_shows_the_case() {
    let mut a = app(Lang::Zh);
    ledger(&mut a);
    let v = a.recall.as_ref().unwrap();
    assert_eq!(v.scope().code.as_str(), "522700");
    let stages: Vec<Stage> = v.cases().iter().map(|c| c.stage).collect();
    let mut sorted = stages.clone();
    sorted.sort();
    assert_eq!(stages, sorted, "by stage first");
    // The demo's two leads, and the grid's September close opened more.
    assert!(v.ledger.as_ref().unwrap().leads.len() >= 2);
    // The replaced case: Enter shows its incident and its history.
    let i = v
        .cases()
        .iter()
        .position(|c| c.stage == Stage::Replaced)
        .unwrap();
    a.recall.as_mut().unwrap().sel.index = i;
    keys(&mut a, "<Enter>");
    let d = a.recall.as_ref().unwrap().detail.as_ref().unwrap();
    assert_eq!(d.incidents.len(), 1);
    let screen = render(&a, 140, 40);
    assert!(screen.contains("督查暗访两次不在村"), "{screen}");
    keys(&mut a, "<Esc>");
    assert!(a.recall.as_ref().unwrap().detail.is_none());
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Overview);
}

#[test]
fn a_viewer_sees_only_the_cases_of_its_county() {
    let mut a = app_with(demo_db(), VIEWER, opts(Lang::Zh));
    ledger(&mut a);
    let v = a.recall.as_ref().unwrap();
    assert!(!v.cases().is_empty());
    assert!(v.cases().iter().all(|c| c.village.starts_with("522701")));
}

#[test]
fn snapshots() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = app(lang);
        ledger(&mut a);
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("ledger_{l}_{w}x{h}"), render(&a, w, h));
        }
        let i = a
            .recall
            .as_ref()
            .unwrap()
            .cases()
            .iter()
            .position(|c| c.stage == Stage::Replaced)
            .unwrap();
        a.recall.as_mut().unwrap().sel.index = i;
        keys(&mut a, "<Enter>");
        assert_screen!(format!("case_{l}_140x40"), render(&a, 140, 40));
    }
}

#[test]
fn n_moves_a_case_on_and_t_ends_it_in_a_talk_written_and_audited() {
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    ledger(&mut a);
    let idx = |a: &App, id: i64| {
        a.recall
            .as_ref()
            .unwrap()
            .cases()
            .iter()
            .position(|c| c.id == id)
            .unwrap()
    };
    let lead = a.recall.as_ref().unwrap().cases()[0].id;
    keys(&mut a, "n");
    let c = &a.recall.as_ref().unwrap().cases()[idx(&a, lead)];
    assert_eq!(c.stage, Stage::Verifying);
    // 决定 needs a document number: a form asks for it (recall_forms);
    // Esc on it, untouched, writes nothing.
    a.recall.as_mut().unwrap().sel.index = idx(&a, lead);
    keys(&mut a, "n");
    assert!(matches!(
        a.popups.last(),
        Some(zhucun::app::Popup::Entry(_))
    ));
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
    let c = &a.recall.as_ref().unwrap().cases()[idx(&a, lead)];
    assert_eq!(c.stage, Stage::Verifying);
    // 约谈: a form for its day and note; Enter through it submits.
    keys(&mut a, "t<Enter><Enter>");
    let c = &a.recall.as_ref().unwrap().cases()[idx(&a, lead)];
    assert_eq!(c.stage, Stage::Talk);
    let record = c.record();
    drop(a);
    let rows = store_as(&db, ADMIN).history(&record).unwrap();
    assert_eq!(rows.len(), 2, "two steps audited");
}
