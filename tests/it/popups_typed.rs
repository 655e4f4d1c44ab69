//! Nothing typed is lost (issue 10, items 1 and 2): a note in a conflict is
//! shown beside theirs and kept as a draft however the dialog is left; the
//! note editor keeps a draft when left; the guidance form moves on with
//! Enter, publishes only with Ctrl-S and a confirmation naming its reach,
//! requires a text, and asks before discarding what was typed.

use crate::ui_support as support;

use support::*;
use zhucun::app::popup::form::{F_BODY, F_PERIOD};
use zhucun::app::{App, Popup, Screen};
use zhucun::domain::{DivisionCode, Period, Status};
use zhucun::i18n::Lang;
use zhucun::store::{GuidanceInput, RecordInput};

const MINE: &str = "我的备注：院坝会改在周五";
const THEIRS: &str = "对方的备注：已通知到户";

fn drafts(db: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT note FROM draft ORDER BY note").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_audit(db: &std::path::Path) -> (String, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT outcome, new FROM audit WHERE action = 'record' ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// (village, task, period, version read) of the selected checklist row.
fn selected(a: &App) -> (DivisionCode, u32, Period, i64) {
    let c = a.checklist.as_ref().unwrap();
    let r = &c.rows[c.sel.index];
    (c.village.code.clone(), r.task.number, r.period, r.version())
}

/// A types a note on the second task of the first village; meanwhile the
/// township liaison saves another note there; A presses Enter: the
/// conflict dialog. Returns A and the version of their change.
fn conflict_over_a_note(db: &std::path::Path) -> (App, i64) {
    let mut a = app_with(db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    keys(&mut a, "j");
    let (village, task, period, version) = selected(&a);
    keys(&mut a, "e<C-u>");
    type_text(&mut a, MINE);
    let theirs = store_as(db, LIAISON)
        .record(&RecordInput {
            village,
            task,
            period,
            status: Status::Doing,
            note: Some(THEIRS.into()),
            done_on: None,
            expected_version: Some(version),
        })
        .unwrap();
    keys(&mut a, "<Enter>");
    assert!(
        matches!(a.popups.last(), Some(Popup::Conflict { .. })),
        "conflict expected: {:?}",
        a.popups.last().map(|p| p.ctx())
    );
    (a, theirs.version)
}

fn note_now(db: &std::path::Path, a: &App) -> (String, i64) {
    let (village, task, period, _) = selected(a);
    let r = store_as(db, ADMIN)
        .completion(&village, task, period)
        .unwrap()
        .unwrap();
    (r.note, r.version)
}

#[test]
fn the_conflict_dialog_shows_theirs_with_who_and_when_and_mine() {
    let (_d, db) = copy_db();
    let (a, _) = conflict_over_a_note(&db);
    let s = render(&a, 100, 30);
    assert!(s.contains(THEIRS), "{s}");
    assert!(s.contains(MINE), "{s}");
    assert!(s.contains(&format!("对方（{LIAISON}，")), "{s}");
    assert!(
        s.contains("保留我的修改") && s.contains("采用对方的版本"),
        "{s}"
    );
    assert!(s.contains("回去编辑我的备注"), "{s}");
    assert!(s.contains("Esc 离开：我的备注存为草稿"), "{s}");
}

#[test]
fn leaving_the_conflict_any_other_way_keeps_mine_as_a_draft() {
    // Each way out of the dialog that is not one of its choices.
    for way in ["<Esc>", "q", "<Tab>", "/", "<C-c>"] {
        let (_d, db) = copy_db();
        let (mut a, _) = conflict_over_a_note(&db);
        let out = press(&mut a, way);
        assert_eq!(
            drafts(&db),
            vec![MINE.to_string()],
            "{way}: mine is a draft"
        );
        if quits(&out) {
            // The session ends (q, Ctrl-C): the draft is what is left.
            continue;
        }
        assert!(
            !a.popups.iter().any(|p| matches!(p, Popup::Conflict { .. })),
            "{way}: the dialog is left"
        );
        let m = a
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        assert!(m.contains("已存为草稿"), "{way}: told so: {m:?}");
        if way == "/" {
            assert!(matches!(a.popups.last(), Some(Popup::Search { .. })));
            keys(&mut a, "<Esc>");
        }
        // Back on the task, `e` offers the draft.
        if a.screen != Screen::Checklist {
            keys(&mut a, "<S-Tab>");
        }
        assert_eq!(a.screen, Screen::Checklist, "{way}");
        keys(&mut a, "e");
        let Some(Popup::DraftOffer { draft, .. }) = a.popups.last() else {
            panic!("{way}: no draft offer");
        };
        assert_eq!(draft.note, MINE);
        // Their note is still the saved one.
        assert_eq!(note_now(&db, &a).0, THEIRS);
    }
}

#[test]
fn keep_mine_writes_over_theirs_and_is_audited_as_such() {
    let (_d, db) = copy_db();
    let (mut a, theirs) = conflict_over_a_note(&db);
    keys(&mut a, "1");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(note_now(&db, &a), (MINE.to_string(), theirs + 1));
    let (outcome, new) = last_audit(&db);
    assert_eq!(outcome, "overrode");
    assert!(new.contains(MINE), "{new}");
    assert!(drafts(&db).is_empty());
    // The task's history says it was written over a conflict.
    keys(&mut a, "<Enter>");
    let s = render(&a, 120, 40);
    assert!(
        s.contains("（覆盖冲突）") || s.contains("(覆盖冲突)"),
        "{s}"
    );
}

#[test]
fn keep_theirs_drops_mine() {
    let (_d, db) = copy_db();
    let (mut a, theirs) = conflict_over_a_note(&db);
    keys(&mut a, "2");
    assert!(a.popups.is_empty());
    assert_eq!(note_now(&db, &a), (THEIRS.to_string(), theirs));
    assert!(drafts(&db).is_empty());
}

#[test]
fn back_to_editing_reopens_the_editor_with_mine() {
    let (_d, db) = copy_db();
    let (mut a, theirs) = conflict_over_a_note(&db);
    keys(&mut a, "3");
    let Some(Popup::Note { input, target }) = a.popups.last() else {
        panic!("note editor expected");
    };
    assert_eq!(input.text(), MINE);
    assert_eq!(target.version, theirs);
    assert_eq!(target.status, Status::Doing, "their status is kept");
    type_text(&mut a, "，已改");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(
        note_now(&db, &a),
        (format!("{MINE}，已改"), theirs + 1),
        "saved over theirs, which A has seen"
    );
    assert_eq!(last_audit(&db).0, "ok");
}

#[test]
fn a_conflict_over_a_status_offers_two_choices_and_keeps_no_draft() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter><Enter>j");
    let (village, task, period, version) = selected(&a);
    store_as(&db, LIAISON)
        .record(&RecordInput {
            village,
            task,
            period,
            status: Status::Doing,
            note: Some(THEIRS.into()),
            done_on: None,
            expected_version: Some(version),
        })
        .unwrap();
    keys(&mut a, "x");
    assert!(matches!(a.popups.last(), Some(Popup::Conflict { .. })));
    assert_eq!(a.popups.last().unwrap().choices(), 2);
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
    assert!(drafts(&db).is_empty());
}

/// Every popup that holds typed text, left without saving: the note editor
/// keeps a draft and says so; the conflict (above) keeps mine; the guidance
/// form and the entry forms (请假, 召回, 培训班; their hang-up drafts are in
/// leave_form) ask before discarding; the search field's text is not kept
/// (it records nothing, and is retyped in a moment).
#[test]
fn every_popup_with_typed_text_keeps_it_or_asks() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter><Enter>");
    // Note editor: Esc with nothing changed just closes.
    keys(&mut a, "e<Esc>");
    assert!(a.popups.is_empty());
    assert!(a.message.is_none());
    assert!(drafts(&db).is_empty());
    // Esc with typed text: a draft, and the user is told.
    keys(&mut a, "e");
    type_text(&mut a, "半截备注");
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
    assert!(a.message.as_ref().unwrap().text.contains("已存为草稿"));
    assert_eq!(drafts(&db).len(), 1);
    assert!(drafts(&db)[0].ends_with("半截备注"));
    keys(&mut a, "e");
    assert!(matches!(a.popups.last(), Some(Popup::DraftOffer { .. })));
    keys(&mut a, "<Esc>");
    // The guidance form: Esc on an untouched form closes it.
    keys(&mut a, "p");
    assert_eq!(a.screen, Screen::Guidance);
    keys(&mut a, "a<Esc>");
    assert!(a.popups.is_empty());
    // With typed text it asks: keep editing (the first choice) or discard.
    keys(&mut a, "a");
    type_text(&mut a, "写了一半的标题");
    keys(&mut a, "<Esc>");
    assert!(matches!(
        a.popups.last(),
        Some(Popup::ConfirmDiscard { .. })
    ));
    let s = render(&a, 100, 30);
    assert!(
        s.contains("继续编辑") && s.contains("放弃填写的内容"),
        "{s}"
    );
    // Enter takes the first choice, keep editing (so does Esc).
    keys(&mut a, "<Enter>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("back in the form");
    };
    assert_eq!(f.fields[0].text(), "写了一半的标题");
    keys(&mut a, "<Esc><Esc>");
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
    keys(&mut a, "<Esc>2");
    assert!(a.popups.is_empty());
    // The entry forms (here the leave request, 请销假 `n`): Esc on an
    // untouched one closes it; with something typed it asks, keeping the
    // text on the first choice; discarding keeps the guidance draft file.
    keys(&mut a, "<Esc>L");
    assert_eq!(a.screen, Screen::Leave);
    keys(&mut a, "n<Esc>");
    assert!(a.popups.is_empty());
    keys(&mut a, "n");
    type_text(&mut a, "朱");
    keys(&mut a, "<Esc>");
    assert!(matches!(
        a.popups.last(),
        Some(Popup::ConfirmDiscard {
            guidance: false,
            ..
        })
    ));
    keys(&mut a, "<Enter>");
    let Some(Popup::Entry(f)) = a.popups.last() else {
        panic!("back in the entry form");
    };
    assert_eq!(f.fields[0].typed(), "朱");
    keys(&mut a, "<Esc>2");
    assert!(a.popups.is_empty());
    // Search: Esc closes it; its text is not kept.
    keys(&mut a, "/");
    type_text(&mut a, "都匀");
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
    keys(&mut a, "/");
    let Some(Popup::Search { input, .. }) = a.popups.last() else {
        panic!("search");
    };
    assert!(input.is_empty());
}

fn guidance_count(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM guidance", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn enter_in_a_guidance_field_moves_on_and_publishes_nothing() {
    let (_d, db) = copy_db();
    let n = guidance_count(&db);
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "pa");
    type_text(&mut a, "年终总结");
    keys(&mut a, "<Enter>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("the form stays open");
    };
    assert_eq!(f.focus, F_PERIOD);
    keys(&mut a, "<Enter><Enter><Enter>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("the form stays open");
    };
    assert_eq!(f.focus, F_BODY);
    assert_eq!(guidance_count(&db), n, "nothing published");
}

#[test]
fn publishing_needs_a_text_and_a_confirmation_naming_its_reach() {
    let (_d, db) = copy_db();
    let n = guidance_count(&db);
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "pa");
    type_text(&mut a, "年终总结");
    // No text: refused at the text field, nothing published.
    keys(&mut a, "<C-s>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("the form stays open");
    };
    assert_eq!(f.focus, F_BODY);
    assert!(f.error.as_ref().unwrap().starts_with("正文：不能为空"));
    assert_eq!(guidance_count(&db), n);
    // With a text: the confirmation names the scope and its villages.
    type_text(&mut a, "一、做好年终总结。");
    keys(&mut a, "<C-s>");
    let Some(Popup::ConfirmPublish(p)) = a.popups.last() else {
        panic!("confirmation expected, got {:?}", a.message);
    };
    let root = a.me.scope.clone();
    assert_eq!(p.scope_name, root.name);
    let villages = store_as(&db, ADMIN).village_count(&root.code).unwrap();
    assert!(villages > 100);
    assert_eq!(p.villages, villages);
    let s = render(&a, 100, 30);
    assert!(
        s.contains(&format!("{}，涉及 {villages} 个村", root.name)),
        "{s}"
    );
    assert!(s.contains("y 发布 · n 返回表单"), "{s}");
    // n: back to the form, nothing published.
    keys(&mut a, "n");
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
    assert_eq!(guidance_count(&db), n);
    // y: published.
    keys(&mut a, "<C-s>y");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert_eq!(guidance_count(&db), n + 1);
    assert_eq!(a.guidance.selected().unwrap().body, "一、做好年终总结。");
}

#[test]
fn the_store_refuses_guidance_without_a_text() {
    let (_d, db) = copy_db();
    let mut s = store_as(&db, ADMIN);
    let root = s.root().unwrap().unwrap();
    let e = s
        .issue_guidance(&GuidanceInput {
            period: Period::parse("2026-12").unwrap(),
            scope: root.code,
            title: "只有标题".into(),
            body: " \n ".into(),
            tasks: vec![],
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("body") && e.contains("empty"), "{e}");
}

#[test]
fn help_and_footer_show_publish() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "pa");
    let s = render(&a, 120, 40);
    let footer = s.lines().last().unwrap();
    assert!(footer.contains("Ctrl-S 发布"), "{footer}");
    // Help from the form lists its keys first.
    let mut a = app(Lang::En);
    keys(&mut a, "pa");
    a.update(zhucun::app::keys::Action::Help);
    let s = render(&a, 120, 40);
    assert!(s.contains("Guidance form"), "{s}");
    assert!(s.contains("publish (asks first)"), "{s}");
    assert!(s.contains("next field (a new line in the text)"), "{s}");
}

#[test]
fn a_hang_up_in_the_conflict_keeps_mine_as_a_draft() {
    // The event loop's hang-up and end-of-input path.
    let (d, db) = copy_db();
    let (mut a, _) = conflict_over_a_note(&db);
    a.keep_drafts_in(d.path().join("state"));
    assert!(a.save_draft_if_editing());
    assert_eq!(drafts(&db), vec![MINE.to_string()]);
}

/// Files in the user's draft directory.
fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|r| r.count()).unwrap_or(0)
}

#[test]
fn a_guidance_form_left_by_quitting_is_put_back_next_time() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.keep_drafts_in(dir.clone());
    keys(&mut a, "pa");
    type_text(&mut a, "年终总结要点");
    keys(&mut a, "<Tab><Tab><Tab><Tab>");
    type_text(&mut a, "一、总结全年工作。");
    // Ctrl-C quits at once; the form is kept in the user's draft file.
    assert!(quits(&press(&mut a, "<C-c>")));
    drop(a);
    assert_eq!(files_in(&dir), 1);
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    b.keep_drafts_in(dir.clone());
    // Editing another item does not get it.
    keys(&mut b, "pe");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("edit form");
    };
    assert_ne!(f.fields[0].text(), "年终总结要点");
    keys(&mut b, "<Esc>");
    assert!(b.popups.is_empty());
    // A new form gets it back, and says so.
    keys(&mut b, "a");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("new form");
    };
    assert_eq!(f.fields[0].text(), "年终总结要点");
    assert_eq!(f.fields[F_BODY].text(), "一、总结全年工作。");
    assert!(b.message.as_ref().unwrap().text.contains("已恢复"));
    // Publishing it forgets the draft.
    keys(&mut b, "<C-s>y");
    assert!(b.popups.is_empty(), "{:?}", b.message);
    assert_eq!(files_in(&dir), 0);
    keys(&mut b, "a");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("new form");
    };
    assert!(f.fields[0].is_empty());
}

#[test]
fn a_guidance_form_at_a_hang_up_is_kept_and_discarding_forgets_it() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.keep_drafts_in(dir.clone());
    keys(&mut a, "pa");
    // Nothing typed: nothing kept.
    assert!(!a.save_draft_if_editing());
    type_text(&mut a, "断线前写的标题");
    // The event loop's hang-up path.
    assert!(a.save_draft_if_editing());
    drop(a);
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "pa");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("new form");
    };
    assert_eq!(f.fields[0].text(), "断线前写的标题");
    // Discarding asks, then forgets it.
    keys(&mut b, "<Esc>");
    assert!(matches!(
        b.popups.last(),
        Some(Popup::ConfirmDiscard { .. })
    ));
    keys(&mut b, "j<Enter>");
    assert!(b.popups.is_empty());
    assert_eq!(files_in(&dir), 0);
}

#[test]
fn a_scope_beyond_the_users_is_refused_before_the_confirmation() {
    let (_d, db) = copy_db();
    let n = guidance_count(&db);
    store_as(&db, ADMIN)
        .set_user(
            "county1",
            zhucun::domain::UserRole::County,
            Some(&zhucun::domain::DivisionCode::parse("522701").unwrap()),
        )
        .unwrap();
    let mut a = app_with(&db, "county1", opts(Lang::Zh));
    keys(&mut a, "pa");
    type_text(&mut a, "全州要点");
    // The prefecture instead of the county: refused at the scope field.
    keys(&mut a, "<Tab><Tab><C-u>");
    type_text(&mut a, "522700");
    keys(&mut a, "<Tab><Tab>");
    type_text(&mut a, "正文");
    keys(&mut a, "<C-s>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("the form stays open, no confirmation");
    };
    assert_eq!(f.focus, zhucun::app::popup::form::F_SCOPE);
    assert!(
        f.error.as_ref().unwrap().contains("county1"),
        "{:?}",
        f.error
    );
    // Its own county: the confirmation counts the county's villages.
    keys(&mut a, "<C-u>");
    type_text(&mut a, "522701");
    keys(&mut a, "<C-s>");
    let Some(Popup::ConfirmPublish(p)) = a.popups.last() else {
        panic!("confirmation expected: {:?}", a.message);
    };
    assert_eq!(p.scope_name, "都匀市");
    let county = zhucun::domain::DivisionCode::parse("522701").unwrap();
    assert_eq!(
        p.villages,
        store_as(&db, ADMIN).village_count(&county).unwrap()
    );
    keys(&mut a, "y");
    assert_eq!(guidance_count(&db), n + 1);
}

/// An edit form left at Ctrl-C and put back later is published against the
/// version it was typed on: an edit someone made meanwhile is a conflict,
/// never overwritten, and the restored text stays in the form.
#[test]
fn a_restored_edit_form_does_not_overwrite_an_edit_made_meanwhile() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    a.keep_drafts_in(dir.clone());
    keys(&mut a, "pe");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("edit form");
    };
    let (id, version) = f.editing.unwrap();
    keys(&mut a, "<C-u>");
    type_text(&mut a, "我断线前改的标题");
    assert!(quits(&press(&mut a, "<C-c>")));
    drop(a);
    // Meanwhile a colleague edits the same item.
    let mut other = store_as(&db, ADMIN);
    let g = other.guidance_by_id(id).unwrap().unwrap();
    let theirs = GuidanceInput {
        period: g.period,
        scope: DivisionCode::parse(&g.scope).unwrap(),
        title: "同事改的标题".into(),
        body: g.body.clone(),
        tasks: g.tasks.clone(),
    };
    other.edit_guidance(id, version, &theirs).unwrap();
    drop(other);
    // The form comes back with my text, and publishing it is refused.
    let mut b = app_with(&db, ADMIN, opts(Lang::Zh));
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "pe");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("edit form");
    };
    assert_eq!(f.fields[0].text(), "我断线前改的标题");
    keys(&mut b, "<C-s>y");
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!("the form was closed: {:?}", b.message);
    };
    assert_eq!(f.fields[0].text(), "我断线前改的标题");
    let stored = store_as(&db, ADMIN).guidance_by_id(id).unwrap().unwrap();
    assert_eq!(stored.title, "同事改的标题", "their edit was overwritten");
}
