//! The new-request form of the leave queue (请销假 `n`, issue 12): typed
//! through the app state, submitted through the store's `request_leave`,
//! refusals (a bad date, an overlap, a permission) shown in the form with
//! the typed text kept, Esc asking before discarding; snapshots zh/en at
//! 80x24 and 140x40.

use crate::ui_support::*;
use zhucun::app::leave::{LF_CADRE, LF_FROM, LF_KIND, LF_REASON, LF_TO};
use zhucun::app::{App, Popup, Screen};
use zhucun::domain::leave::LeaveState;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("leave_form__{}", $name), $value);
        })
    };
}

use crate::ui_support::entry_form as form;

fn leave_count(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM leave_request", [], |r| r.get(0))
        .unwrap()
}

fn open_form(db: &std::path::Path, account: &str, lang: Lang) -> App {
    let mut a = app_with(db, account, opts(lang));
    keys(&mut a, "L");
    assert_eq!(a.screen, Screen::Leave);
    keys(&mut a, "n");
    form(&a);
    a
}

/// Type a date into the focused field, replacing what is there.
fn retype(a: &mut App, text: &str) {
    keys(a, "<C-u>");
    type_text(a, text);
}

#[test]
fn a_request_typed_in_the_form_is_in_the_queue() {
    let (_d, db) = copy_db();
    let n = leave_count(&db);
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    // The cadre: typing narrows the list; the first match is chosen.
    type_text(&mut a, "朱蓉");
    let f = form(&a);
    assert_eq!(f.fields[LF_CADRE].picked().unwrap().id, 1);
    let (matching, all) = f.fields[LF_CADRE].counts();
    assert!(matching >= 1 && matching < all, "{matching}/{all}");
    // The kind: → cycles to 病假, whose reason is not asked for.
    keys(&mut a, "<Tab><Right>");
    let f = form(&a);
    assert_eq!(f.focus, LF_KIND);
    assert_eq!(f.fields[LF_KIND].typed(), "病假");
    assert!(f.fields[LF_REASON].off);
    assert!(render(&a, 100, 30).contains("病假只记类别"));
    // ← and → again: back to 事假 and on to 病假; `q` is typed, never quits.
    keys(&mut a, "<Left><Right><Tab>");
    retype(&mut a, "2026-12-10");
    keys(&mut a, "<Enter>");
    assert_eq!(form(&a).focus, LF_TO);
    retype(&mut a, "2026-12-11");
    // The last field asked for: Enter submits.
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(leave_count(&db), n + 1);
    let m = a.message.as_ref().unwrap().text.clone();
    assert!(m.starts_with("已提交请假"), "{m}");
    let q = a.leave.as_ref().unwrap();
    let r = q
        .rows
        .iter()
        .find(|r| r.from.to_string() == "2026-12-10")
        .expect("the new request is in the queue");
    assert_eq!(r.state, LeaveState::Pending);
    assert_eq!(r.to.to_string(), "2026-12-11");
    assert_eq!(r.reason, "", "a sick leave keeps no reason");
    assert!(render(&a, 140, 40).contains("2026-12-10"));
}

#[test]
fn q_is_typed_in_the_form_and_ctrl_s_submits_from_any_field() {
    let (_d, db) = copy_db();
    let n = leave_count(&db);
    let mut a = open_form(&db, ADMIN, Lang::En);
    type_text(&mut a, "朱蓉");
    keys(&mut a, "<Tab><Tab>");
    retype(&mut a, "2026-12-20");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026-12-21");
    keys(&mut a, "<Tab>");
    assert_eq!(form(&a).focus, LF_REASON);
    assert!(!quits(&type_out(&mut a, "quick errand")));
    assert_eq!(form(&a).fields[LF_REASON].typed(), "quick errand");
    keys(&mut a, "<S-Tab><S-Tab><S-Tab>");
    assert_eq!(form(&a).focus, LF_KIND);
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(leave_count(&db), n + 1);
    let q = a.leave.as_ref().unwrap();
    let r = q
        .rows
        .iter()
        .find(|r| r.from.to_string() == "2026-12-20")
        .unwrap();
    assert_eq!(r.reason, "quick errand");
}

#[test]
fn a_bad_date_an_overlap_and_a_permission_are_refused_in_the_form() {
    let (_d, db) = copy_db();
    let n = leave_count(&db);
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    type_text(&mut a, "朱蓉");
    keys(&mut a, "<Tab><Tab>");
    retype(&mut a, "2026-13-01");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, LF_FROM);
    assert_eq!(
        f.error.as_deref(),
        Some("起：“2026-13-01”不是日期；写成 YYYY-MM-DD，如 2026-12-02")
    );
    assert_eq!(
        f.fields[LF_FROM].typed(),
        "2026-13-01",
        "the typed text stays"
    );
    assert_eq!(f.fields[LF_CADRE].typed(), "朱蓉");
    for (w, h) in [(80, 24), (140, 40)] {
        assert_screen!(format!("bad_date_zh_{w}x{h}"), render(&a, w, h));
    }
    // 朱蓉 has a pending leave on 2026-12-01..02: an overlap is refused.
    retype(&mut a, "2026-12-02");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026-12-03");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    let e = f.error.as_deref().unwrap();
    assert!(e.contains("重叠"), "{e}");
    assert_eq!(f.fields[LF_TO].typed(), "2026-12-03");
    // The end before the start.
    retype(&mut a, "2026-11-01");
    keys(&mut a, "<C-s>");
    assert!(form(&a).error.as_deref().unwrap().contains("早于"));
    assert_eq!(leave_count(&db), n);

    // A viewer may open the form, and is refused (and audited) at submit.
    let mut v = open_form(&db, VIEWER, Lang::Zh);
    let before = denied_count(&db);
    type_text(&mut v, "朱蓉");
    keys(&mut v, "<Tab><Tab>");
    retype(&mut v, "2026-12-24");
    keys(&mut v, "<Tab>");
    retype(&mut v, "2026-12-24");
    keys(&mut v, "<C-s>");
    let f = form(&v);
    let e = f.error.as_deref().unwrap();
    assert!(e.contains(VIEWER), "{e}");
    assert_eq!(f.fields[LF_FROM].typed(), "2026-12-24");
    assert_eq!(leave_count(&db), n);
    assert_eq!(denied_count(&db), before + 1, "the refusal is audited");
}

fn denied_count(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM audit WHERE outcome = 'refused'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn no_matching_cadre_is_refused_at_the_cadre_field() {
    let (_d, db) = copy_db();
    let mut a = open_form(&db, ADMIN, Lang::En);
    type_text(&mut a, "nobody-by-this-name");
    assert!(form(&a).fields[LF_CADRE].picked().is_none());
    keys(&mut a, "<Tab><C-s>");
    let f = form(&a);
    assert_eq!(f.focus, LF_CADRE);
    assert!(f.error.as_deref().unwrap().starts_with("cadre: no cadre"));
}

#[test]
fn esc_asks_before_discarding_what_was_typed() {
    let (_d, db) = copy_db();
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    // Untouched: Esc just closes.
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
    keys(&mut a, "n<Tab><Right><Esc>");
    assert!(matches!(
        a.popups.last(),
        Some(Popup::ConfirmDiscard {
            guidance: false,
            ..
        })
    ));
    let s = render(&a, 100, 30);
    assert!(s.contains("还没有提交") && s.contains("继续编辑"), "{s}");
    keys(&mut a, "<Enter>");
    assert_eq!(form(&a).fields[LF_KIND].typed(), "病假");
    keys(&mut a, "<Esc>2");
    assert!(a.popups.is_empty());
}

#[test]
fn snap_the_leave_form() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, db) = copy_db();
        let mut a = open_form(&db, ADMIN, lang);
        type_text(&mut a, "朱蓉");
        keys(&mut a, "<Tab><Tab>");
        retype(&mut a, "2026-12-10");
        keys(&mut a, "<Tab>");
        retype(&mut a, "2026-12-12");
        keys(&mut a, "<Tab>");
        type_text(
            &mut a,
            if lang == Lang::Zh {
                "回原单位办手续"
            } else {
                "papers at the unit"
            },
        );
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("form_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

/// End to end: the real binary in a pseudo-terminal: `L`, `n`, a request
/// typed field by field, Enter on the last field submits, and the request
/// is in the queue (and in the database).
#[test]
fn pty_type_a_request_submit_and_see_it_in_the_queue() {
    use crate::common::pty::{Session, demo_copy};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let n = leave_count(&db);
    let mut s = Session::start(&db, &[], &[], 100, 30);
    s.wait_for("下级完成情况", 30);
    s.send("L");
    s.wait_for("待批 5 条", 10);
    s.send("n");
    s.wait_for("┌ 新请假", 10);
    s.send("朱蓉");
    s.wait_for("3/7212 相符", 10);
    // Kind: → to 病假 (its reason is not asked for).
    s.send("\t\x1b[C");
    s.wait_for("[病假]", 10);
    s.send("\t\x152026-12-10\t\x152026-12-11");
    s.wait_for("止    2026-12-11", 10);
    s.send("\r");
    s.wait_until("the form closed and the request listed", 10, |f| {
        !f.contains("┌ 新请假")
            && f.contains("已提交请假")
            && f.rows
                .iter()
                .any(|r| r.contains("2026-12-10") && r.contains("2026-12-11") && r.contains("朱蓉"))
    });
    s.wait_for("待批 6 条", 10);
    s.send("q");
    assert!(s.wait_exit(std::time::Duration::from_secs(10)).is_some());
    assert_eq!(leave_count(&db), n + 1);
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|r| r.count()).unwrap_or(0)
}

/// A form left at a hang-up (or Ctrl-C) is kept in the user's draft file
/// and put back when the same form opens again; submitting or discarding
/// it forgets the file.
#[test]
fn a_form_left_at_a_hang_up_is_put_back_next_time() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    a.keep_drafts_in(dir.clone());
    // Nothing typed: nothing kept.
    assert!(!a.save_draft_if_editing());
    type_text(&mut a, "朱蓉");
    keys(&mut a, "<Tab><Right><Right><Tab>");
    retype(&mut a, "2026-12-20");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026-12-22");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "轮休回家");
    // The event loop's hang-up path.
    assert!(a.save_draft_if_editing());
    drop(a);
    assert_eq!(files_in(&dir), 1);
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "Ln");
    let f = form(&b);
    assert_eq!(f.fields[LF_CADRE].typed(), "朱蓉");
    assert_eq!(f.fields[LF_CADRE].picked().unwrap().id, 1);
    assert_eq!(f.fields[LF_KIND].typed(), "轮休");
    assert_eq!(f.fields[LF_FROM].typed(), "2026-12-20");
    assert_eq!(f.fields[LF_TO].typed(), "2026-12-22");
    assert_eq!(f.fields[LF_REASON].typed(), "轮休回家");
    assert!(b.message.as_ref().unwrap().text.contains("已恢复"));
    // Esc asks (it counts as typed); keep editing, then submit: forgotten.
    keys(&mut b, "<Esc><Enter>");
    form(&b);
    keys(&mut b, "<C-s>");
    assert!(b.popups.is_empty(), "{:?}", b.message);
    assert_eq!(files_in(&dir), 0);
    // Ctrl-C keeps one too; discarding it forgets it.
    keys(&mut b, "n");
    type_text(&mut b, "曹强");
    assert!(quits(&press(&mut b, "<C-c>")));
    drop(b);
    assert_eq!(files_in(&dir), 1);
    let mut c = app_with(&db, ADMIN, opts(Lang::Zh));
    c.keep_drafts_in(dir.clone());
    keys(&mut c, "Ln");
    assert_eq!(form(&c).fields[LF_CADRE].typed(), "曹强");
    keys(&mut c, "<Esc>j<Enter>");
    assert!(c.popups.is_empty());
    assert_eq!(files_in(&dir), 0);
}

/// In a text field ←/→ move the caret (on a choice they change it), and
/// the terminal cursor sits at the caret (Chinese text measured in cells).
#[test]
fn arrows_move_the_caret_in_text_and_the_cursor_follows_it() {
    let (_d, db) = copy_db();
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    type_text(&mut a, "朱蓉");
    let mut t = terminal(80, 24);
    t.draw(|f| zhucun::ui::draw(f, &a)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    assert_eq!(t.backend().buffer()[(pos.x - 2, pos.y)].symbol(), "蓉");
    keys(&mut a, "<Tab><Tab><Tab><Tab>");
    assert_eq!(form(&a).focus, LF_REASON);
    type_text(&mut a, "回家");
    keys(&mut a, "<Left>");
    type_text(&mut a, "老");
    assert_eq!(form(&a).fields[LF_REASON].typed(), "回老家");
    keys(&mut a, "<Right>");
    type_text(&mut a, "办事");
    assert_eq!(form(&a).fields[LF_REASON].typed(), "回老家办事");
    t.draw(|f| zhucun::ui::draw(f, &a)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    assert_eq!(t.backend().buffer()[(pos.x - 2, pos.y)].symbol(), "事");
}

/// On a choice, a typed character picks the option it starts (病 for 病假).
#[test]
fn a_character_typed_on_a_choice_picks_the_option_it_starts() {
    let (_d, db) = copy_db();
    let mut a = open_form(&db, ADMIN, Lang::Zh);
    keys(&mut a, "<Tab>");
    type_text(&mut a, "病");
    assert_eq!(form(&a).fields[LF_KIND].typed(), "病假");
    assert!(form(&a).fields[LF_REASON].off);
    type_text(&mut a, "轮");
    assert_eq!(form(&a).fields[LF_KIND].typed(), "轮休");
    // A character no option starts with changes nothing (and q never quits).
    assert!(!quits(&type_out(&mut a, "q")));
    assert_eq!(form(&a).fields[LF_KIND].typed(), "轮休");
    let mut e = open_form(&db, ADMIN, Lang::En);
    keys(&mut e, "<Tab>");
    type_text(&mut e, "S");
    assert_eq!(form(&e).fields[LF_KIND].typed(), "sick leave");
}
