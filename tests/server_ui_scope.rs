//! Refusals through the terminal UI's own path: an account outside a
//! village's recording scope presses the keys, the store refuses, the
//! screen says so, the audit trail has it, and nothing is written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

#[path = "ui_support/mod.rs"]
mod support;
use support::*;
use zhucun::app::MsgKind;
use zhucun::i18n::Lang;

#[test]
fn a_viewer_marking_done_in_the_ui_is_refused_and_audited() {
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, VIEWER, opts(Lang::Zh));
    // County 都匀市 → its first township → its first village's checklist.
    keys(&mut a, "<Enter><Enter>");
    keys(&mut a, "jjj");
    let before: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM completion", [], |r| r.get(0))
        .unwrap();
    keys(&mut a, "x");
    let msg = a
        .message
        .as_ref()
        .expect("a message after the refused write");
    assert_eq!(msg.kind, MsgKind::Error, "{}", msg.text);
    let c = rusqlite::Connection::open(&db).unwrap();
    let after: i64 = c
        .query_row("SELECT count(*) FROM completion", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        before, after,
        "a refused write changed the completion table"
    );
    let refused: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE account = ?1 AND outcome = 'refused' AND action = 'record completion'",
            [VIEWER],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
}

#[test]
fn search_offers_nothing_outside_the_scope() {
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, LIAISON, opts(Lang::Zh));
    keys(&mut a, "/");
    type_text(&mut a, "522702");
    let screen = render(&a, 100, 30);
    // The typed text shows in the input; no result code of that county does.
    let hit = screen.match_indices("522702").any(|(i, _)| {
        screen[i + 6..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    assert!(!hit, "{screen}");
    // The same search as an administrator finds the county's divisions.
    let mut admin = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut admin, "/");
    type_text(&mut admin, "522702");
    assert!(render(&admin, 100, 30).contains("522702001"));
}
