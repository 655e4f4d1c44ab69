//! The training screen's forms (培训, issue 13): `a` adds a session, `e`
//! edits the selected one against the version read, `d` deletes it after a
//! confirmation; each through the store calls of `zhucun training`. Bad
//! dates and hours and a permission refusal stay in the form with the text.

use crate::ui_support::*;
use zhucun::app::training::{SF_DIVISION, SF_FROM, SF_HOURS, SF_KIND, SF_TITLE};
use zhucun::app::{App, Popup, Screen};
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("training_forms__{}", $name), $value);
        })
    };
}

use crate::ui_support::entry_form as form;

fn sessions(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM training_session", [], |r| r.get(0))
        .unwrap()
}

fn retype(a: &mut App, text: &str) {
    keys(a, "<C-u>");
    type_text(a, text);
}

/// 都匀市's training screen.
fn training(db: &std::path::Path, lang: Lang) -> App {
    let mut a = app_with(db, ADMIN, opts(lang));
    keys(&mut a, "<Enter>T");
    assert_eq!(a.screen, Screen::Training);
    a
}

/// Fill a new session's form: title, 政策, the division shown, dates, 8 hours.
fn fill_new(a: &mut App, title: &str) {
    keys(a, "a");
    type_text(a, title);
    keys(a, "<Tab><Right><Tab><Tab>");
    type_text(a, "市委组织部");
    keys(a, "<Tab>");
    retype(a, "2026-11-10");
    keys(a, "<Tab>");
    retype(a, "2026-11-11");
    keys(a, "<Tab>");
    type_text(a, "8");
    keys(a, "<Tab>");
    type_text(a, "市委党校");
}

fn select_title(a: &mut App, title: &str) {
    let v = a.training.as_mut().unwrap();
    v.sel.index = v.sessions.iter().position(|s| s.title == title).unwrap();
}

#[test]
fn add_edit_and_delete_a_session_through_the_forms() {
    let (_d, db) = copy_db();
    let n = sessions(&db);
    let mut a = training(&db, Lang::Zh);
    fill_new(&mut a, "乡村振兴政策解读");
    let f = form(&a);
    assert_eq!(f.fields[SF_KIND].typed(), "政策");
    assert_eq!(f.fields[SF_DIVISION].typed(), "522701");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(sessions(&db), n + 1);
    let v = a.training.as_ref().unwrap();
    let s = v
        .sessions
        .iter()
        .find(|s| s.title == "乡村振兴政策解读")
        .expect("listed");
    assert_eq!((s.hours, s.venue.as_str()), (8, "市委党校"));
    let (id, version) = (s.id, s.version);
    // e: the form holds the session; a new title is saved over it.
    select_title(&mut a, "乡村振兴政策解读");
    keys(&mut a, "e");
    assert_eq!(form(&a).fields[SF_TITLE].typed(), "乡村振兴政策解读");
    retype(&mut a, "乡村振兴政策解读（第二期）");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let s = store_as(&db, ADMIN).training_session(id).unwrap();
    assert_eq!(s.title, "乡村振兴政策解读（第二期）");
    assert_eq!(s.version, version + 1);
    // d asks first; n keeps it, y deletes it.
    select_title(&mut a, "乡村振兴政策解读（第二期）");
    keys(&mut a, "d");
    assert!(matches!(
        a.popups.last(),
        Some(Popup::ConfirmDeleteSession { .. })
    ));
    assert!(render(&a, 100, 30).contains("删除培训班“乡村振兴政策解读（第二期）”"));
    keys(&mut a, "n");
    assert!(a.popups.is_empty());
    assert_eq!(sessions(&db), n + 1);
    keys(&mut a, "dy");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(sessions(&db), n);
}

#[test]
fn an_edit_made_meanwhile_is_a_conflict_in_the_form() {
    let (_d, db) = copy_db();
    let mut a = training(&db, Lang::En);
    let s = a.training.as_ref().unwrap().sessions[0].clone();
    keys(&mut a, "e");
    retype(&mut a, "my title");
    // Meanwhile somebody else saves the session.
    let mut other = store_as(&db, ADMIN);
    let mut input = s.input();
    input.title = "their title".into();
    other
        .edit_training_session(s.id, &input, s.version)
        .unwrap();
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert!(f.error.is_some());
    assert_eq!(f.fields[SF_TITLE].typed(), "my title");
    let now = store_as(&db, ADMIN).training_session(s.id).unwrap();
    assert_eq!(now.title, "their title");
}

#[test]
fn bad_dates_and_hours_and_a_permission_are_refused_in_the_form() {
    let (_d, db) = copy_db();
    let n = sessions(&db);
    let mut a = training(&db, Lang::Zh);
    fill_new(&mut a, "政策解读");
    // A bad first day: refused at its field, the rest kept.
    for _ in 0..3 {
        keys(&mut a, "<S-Tab>");
    }
    assert_eq!(form(&a).focus, SF_FROM);
    retype(&mut a, "2026-11-31");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, SF_FROM);
    assert!(f.error.as_deref().unwrap().contains("“2026-11-31”不是日期"));
    assert_eq!(f.fields[SF_TITLE].typed(), "政策解读");
    for (w, h) in [(80, 24), (140, 40)] {
        assert_screen!(format!("bad_date_zh_{w}x{h}"), render(&a, w, h));
    }
    retype(&mut a, "2026-11-10");
    keys(&mut a, "<Tab><Tab>");
    retype(&mut a, "八");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, SF_HOURS);
    assert!(f.error.as_deref().unwrap().contains("请填写整数"));
    assert_eq!(sessions(&db), n);
    // A township liaison may not add a session held by the county.
    let mut l = app_with(&db, LIAISON, opts(Lang::Zh));
    keys(&mut l, "T");
    assert_eq!(l.screen, Screen::Training);
    keys(&mut l, "a");
    type_text(&mut l, "县级培训");
    keys(&mut l, "<Tab><Tab>");
    retype(&mut l, "522701");
    keys(&mut l, "<Tab><Tab><Tab><Tab>");
    type_text(&mut l, "4");
    keys(&mut l, "<C-s>");
    let f = form(&l);
    let e = f.error.as_deref().unwrap();
    assert!(e.contains(LIAISON), "{e}");
    assert_eq!(f.fields[SF_TITLE].typed(), "县级培训");
    assert_eq!(sessions(&db), n);
}

#[test]
fn snap_the_session_form() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, db) = copy_db();
        let mut a = training(&db, lang);
        fill_new(
            &mut a,
            if lang == Lang::Zh {
                "乡村振兴政策解读"
            } else {
                "Policy briefing"
            },
        );
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("form_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

/// An edit form left at a hang-up and put back later writes against the
/// version it was typed on: an edit made meanwhile is a conflict, never
/// overwritten, and the restored text stays in the form.
#[test]
fn a_restored_edit_form_does_not_overwrite_an_edit_made_meanwhile() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = training(&db, Lang::Zh);
    a.keep_drafts_in(dir.clone());
    let s = a.training.as_ref().unwrap().sessions[0].clone();
    keys(&mut a, "e");
    retype(&mut a, "我断线前改的名称");
    assert!(a.save_draft_if_editing());
    drop(a);
    let mut other = store_as(&db, ADMIN);
    let mut input = s.input();
    input.title = "同事改的名称".into();
    other
        .edit_training_session(s.id, &input, s.version)
        .unwrap();
    drop(other);
    let mut b = training(&db, Lang::Zh);
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "e");
    assert_eq!(form(&b).fields[SF_TITLE].typed(), "我断线前改的名称");
    keys(&mut b, "<C-s>");
    let f = form(&b);
    assert!(f.error.is_some());
    assert_eq!(f.fields[SF_TITLE].typed(), "我断线前改的名称");
    let now = store_as(&db, ADMIN).training_session(s.id).unwrap();
    assert_eq!(now.title, "同事改的名称");
}
