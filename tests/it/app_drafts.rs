//! Drafts: only someone who may record gets a note editor (and so drafts),
//! and a note being typed survives the end of a session even while another
//! writer holds the database lock.

use crate::ui_support as support;

use support::*;
use zhucun::app::{Popup, Screen};
use zhucun::i18n::Lang;

fn to_first_village(a: &mut zhucun::app::App) {
    keys(a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
}

fn drafts(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM draft", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_viewer_gets_no_note_editor_and_writes_no_draft() {
    let (_d, db) = copy_db();
    let mut v = app_with(&db, VIEWER, opts(Lang::Zh));
    keys(&mut v, "<Enter><Enter>");
    assert_eq!(v.screen, Screen::Checklist);
    keys(&mut v, "e");
    assert!(v.popups.is_empty(), "no editor for a viewer");
    assert!(v.message.is_some(), "the refusal is shown");
    assert!(!v.save_draft_if_editing());
    assert_eq!(drafts(&db), 0);
}

#[test]
fn a_note_survives_the_end_under_someone_elses_lock() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.keep_drafts_in(dir.clone());
    to_first_village(&mut a);
    keys(&mut a, "e<C-u>");
    type_text(&mut a, "锁住时正在输入");
    // Another writer holds the lock for longer than a draft waits.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    assert!(a.save_draft_if_editing(), "the note is kept");
    drop(a);
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    // The next session takes it into the database and offers it.
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    assert_eq!(b.keep_drafts_in(dir.clone()), 1);
    assert_eq!(drafts(&db), 1);
    to_first_village(&mut b);
    keys(&mut b, "e");
    let Some(Popup::DraftOffer { draft, .. }) = b.popups.last() else {
        panic!("no draft offer: {:?}", b.popups.last().map(|p| p.ctx()));
    };
    assert_eq!(draft.note, "锁住时正在输入");
    // The file is gone once the draft is in the database.
    let left = std::fs::read_dir(&dir).map(|r| r.count()).unwrap_or(0);
    assert_eq!(left, 0);
}

#[cfg(unix)]
#[test]
fn draft_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let s = store_as(&db, ADMIN);
    let f = s
        .save_draft_file(
            &dir,
            &code("522701001001"),
            1,
            zhucun::domain::Period::parse("2026-11").unwrap(),
            "私人草稿",
        )
        .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&f), 0o600);
    assert_eq!(mode(&dir), 0o700);
}
