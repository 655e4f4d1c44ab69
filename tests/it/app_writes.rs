//! Record writes leave the event loop: the screen says 保存中… and stays
//! responsive, keys typed meanwhile never write another row, and a write
//! that could not get the lock says so and keeps the note being typed.

use crate::ui_support as support;

use support::*;
use zhucun::app::popup::record::{self, WriteJob, WriteOutcome};
use zhucun::app::{App, Popup, Request, Screen};
use zhucun::domain::Status;
use zhucun::i18n::Lang;
use zhucun::store::StoreError;

/// The first village's checklist, with the first row not done selected
/// (followed by at least three more rows); returns its index.
fn to_first_village(a: &mut App) -> usize {
    keys(a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    let i = c
        .rows
        .iter()
        .position(|r| r.status() != Status::Done)
        .unwrap();
    assert!(i + 3 < c.rows.len());
    keys(a, &"j".repeat(i));
    i
}

fn writes(r: Vec<Request>) -> Vec<WriteJob> {
    r.into_iter()
        .filter_map(|r| match r {
            Request::Write(zhucun::app::writes::Job::Record(j)) => Some(j),
            _ => None,
        })
        .collect()
}

fn statuses(a: &App, from: usize) -> Vec<Status> {
    let c = a.checklist.as_ref().unwrap();
    c.rows
        .iter()
        .skip(from)
        .take(4)
        .map(|r| r.status())
        .collect()
}

#[test]
fn keys_typed_while_saving_never_write_another_row() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.write_in_background();
    let i = to_first_village(&mut a);
    let before = statuses(&a, i);
    assert_ne!(before[0], Status::Done);
    let mut jobs = writes(press(&mut a, "x"));
    assert_eq!(jobs.len(), 1);
    assert!(a.saving());
    assert!(render(&a, 100, 30).contains("保存中…"));
    // The screen stays live: the selection moves, but x on other rows
    // writes nothing while the first write waits.
    assert!(writes(press(&mut a, "jxjx")).is_empty());
    assert_eq!(a.checklist.as_ref().unwrap().sel.index, i + 2);
    assert!(
        render(&a, 100, 30).contains("这次按键没有执行"),
        "says the key did nothing"
    );
    // The writer (its own connection) finishes.
    let job = jobs.remove(0);
    let mut w = store_as(&db, ADMIN);
    let outcome = record::perform(&mut w, &job);
    assert!(writes(a.write_done(job, outcome)).is_empty());
    assert!(!a.saving());
    let after = statuses(&a, i);
    assert_eq!(after[0], Status::Done);
    assert_eq!(&after[1..], &before[1..], "no other row was written");
}

#[test]
fn a_key_on_the_row_being_saved_waits_for_the_saved_version() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.write_in_background();
    to_first_village(&mut a);
    let job = writes(press(&mut a, "x")).remove(0);
    // e on the same row is held until the write is done ...
    assert!(writes(press(&mut a, "e")).is_empty());
    assert!(a.popups.is_empty());
    let mut w = store_as(&db, ADMIN);
    let outcome = record::perform(&mut w, &job);
    a.write_done(job, outcome);
    // ... and then opens the editor on the saved record.
    let Some(Popup::Note { target, .. }) = a.popups.last() else {
        panic!("no editor");
    };
    assert_eq!(target.status, Status::Done);
}

#[test]
fn a_write_that_cannot_get_the_lock_says_so_and_keeps_the_note() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.write_in_background();
    to_first_village(&mut a);
    keys(&mut a, "e<C-u>");
    type_text(&mut a, "锁住时写的备注");
    let job = writes(press(&mut a, "<Enter>")).remove(0);
    // Typing while it is saved changes nothing.
    type_text(&mut a, "多余");
    a.write_done(job, WriteOutcome::Failed(StoreError::Busy));
    let msg = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(msg.contains("数据库忙"), "{msg}");
    let Some(Popup::Note { input, .. }) = a.popups.last() else {
        panic!("the editor stays open");
    };
    assert_eq!(input.text(), "锁住时写的备注");
    // Enter retries.
    assert_eq!(writes(press(&mut a, "<Enter>")).len(), 1);
}
