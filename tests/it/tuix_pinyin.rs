//! Search by full pinyin (`guitan`, `gui tan`), initials (`gt`) or a mix
//! (`guitc`), and sorting by name in full-pinyin order (issue 11).

use crate::common::{code, small_db, today};
use crate::ui_support as support;
use support::{ADMIN, app_with, keys, opts, type_text};
use zhucun::app::{Popup, Screen};
use zhucun::domain::{DivisionCode, UserRole, VillageType};
use zhucun::i18n::Lang;
use zhucun::store::Store;

/// The small database plus villages whose names share syllables.
fn db(dir: &std::path::Path) -> std::path::PathBuf {
    let path = small_db(dir);
    let mut s = Store::open(&path, today()).unwrap();
    let rows: Vec<(DivisionCode, String, Vec<VillageType>)> = [
        ("522701001203", "霞康村"),
        ("522701001204", "下坝村"),
        ("522701001205", "霞场村"),
        ("522701001206", "桂滩村"),
        ("522701001207", "新场村"),
        ("522701001208", "西安村"),
        ("522701001209", "场坝村"),
    ]
    .into_iter()
    .map(|(c, n)| (code(c), n.to_string(), vec![]))
    .collect();
    s.add_divisions(&rows).unwrap();
    s.set_user(ADMIN, UserRole::Admin, None).unwrap();
    path
}

fn names(s: &Store, q: &str) -> Vec<String> {
    s.search(q, None, 50)
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect()
}

#[test]
fn full_spaced_initials_and_mixed_pinyin_find_the_village() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&db(dir.path()), today()).unwrap();
    for q in [
        "guitan",
        "gui tan",
        "GuiTan",
        "guitancun",
        "gt",
        "gtc",
        "guitc",
        "gtan",
        "guit",
    ] {
        assert_eq!(names(&s, q), ["桂滩村"], "query {q:?}");
    }
    // From a later syllable too, as initials always did.
    assert_eq!(names(&s, "tancun"), ["桂滩村"]);
    // Polyphones by any reading: 都匀 is dū yún, and dōu finds it too.
    assert_eq!(names(&s, "duyun"), ["都匀市"]);
    assert_eq!(names(&s, "douyun"), ["都匀市"]);
    // A syllable boundary is respected: "uitan" is not the start of one.
    assert!(names(&s, "uitan").is_empty());
    assert!(names(&s, "guitanx").is_empty());
    // Names and codes still work as before.
    assert_eq!(names(&s, "桂滩"), ["桂滩村"]);
    assert_eq!(names(&s, "522701001206"), ["桂滩村"]);
}

#[test]
fn search_hits_sort_by_full_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&db(dir.path()), today()).unwrap();
    // Starting with "xi": xi an, xia chang, xia kang, xia ba, xin chang;
    // 霞 (xiá) before 下 (xià), each character's names together; then 竹溪
    // (zhu xi), where it comes later in the name.
    assert_eq!(
        names(&s, "xi"),
        ["西安村", "霞场村", "霞康村", "下坝村", "新场村", "竹溪村"]
    );
    // Matches from the start of the name rank before matches inside it.
    assert_eq!(names(&s, "chang"), ["场坝村", "霞场村", "新场村"]);
}

#[test]
fn village_list_sorts_by_full_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let mut a = app_with(&path, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter>");
    assert_eq!(a.screen, Screen::Villages);
    keys(&mut a, "s"); // by name
    let got: Vec<String> = a
        .villages
        .as_ref()
        .unwrap()
        .rows()
        .map(|r| r.village.name.clone())
        .collect();
    assert_eq!(
        got,
        [
            "场坝村",
            "桂滩村",
            "松岭村",
            "西安村",
            "霞场村",
            "霞康村",
            "下坝村",
            "新场村",
            "云苑社区",
            "竹溪村"
        ]
    );
}

#[test]
fn search_popup_finds_by_full_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let mut a = app_with(&path, ADMIN, opts(Lang::Zh));
    keys(&mut a, "/");
    type_text(&mut a, "gui tan");
    let Some(Popup::Search { hits, .. }) = a.popups.last() else {
        panic!("search open")
    };
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].division.name, "桂滩村");
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    assert_eq!(a.checklist.as_ref().unwrap().village.name, "桂滩村");
}
