//! The leave queue (请销假, `L`) on the demo: snapshots zh/en at 80x24 and
//! 140x40, approving and refusing through the keys, and the refusal text
//! kept when the write fails.

use crate::ui_support::*;
use zhucun::app::{App, Popup, Screen};
use zhucun::domain::leave::LeaveState;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("leave_screen__{}", $name), $value);
        })
    };
}

fn leave_app(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, db) = copy_db();
    let a = app_with(&db, ADMIN, opts(lang));
    (dir, a)
}

#[test]
fn snap_leave_queue_and_refusal() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut a) = leave_app(lang);
        keys(&mut a, "L");
        assert_eq!(a.screen, Screen::Leave);
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("queue_{l}_{w}x{h}"), render(&a, w, h));
        }
        keys(&mut a, "x");
        type_text(&mut a, "与重点工作冲突");
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("refusal_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

#[test]
fn approve_and_refuse_through_the_keys() {
    let (_d, mut a) = leave_app(Lang::Zh);
    keys(&mut a, "L");
    let q = a.leave.as_ref().unwrap();
    // Pending first, then by first day: never by a person's figures.
    let pending: Vec<_> = q
        .rows
        .iter()
        .take_while(|r| r.state == LeaveState::Pending)
        .collect();
    assert!(pending.len() >= 4);
    assert!(pending.windows(2).all(|w| w[0].from <= w[1].from));
    let first = q.rows[0].id;
    keys(&mut a, "a");
    let q = a.leave.as_ref().unwrap();
    let r = q.rows.iter().find(|r| r.id == first).unwrap();
    assert_eq!(r.state, LeaveState::Approved);
    // The selection stayed on the approved one; refuse the next pending
    // one (now at the top) with a reason.
    let next = q.rows[0].id;
    assert_ne!(next, first);
    keys(&mut a, "gx");
    type_text(&mut a, "材料不全");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty());
    let r = a
        .leave
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .find(|r| r.id == next)
        .unwrap()
        .clone();
    assert_eq!(r.state, LeaveState::Refused);
    assert_eq!(r.refusal.as_deref(), Some("材料不全"));
}

#[test]
fn a_failed_refusal_keeps_its_text() {
    let (_d, mut a) = leave_app(Lang::En);
    keys(&mut a, "L");
    // An empty reason is refused by the store: the popup stays.
    keys(&mut a, "x");
    type_text(&mut a, "   ");
    keys(&mut a, "<Enter>");
    assert!(matches!(a.popups.last(), Some(Popup::LeaveRefusal { .. })));
    type_text(&mut a, "clash");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty());
}
