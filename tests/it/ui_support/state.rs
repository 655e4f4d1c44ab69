//! Pure state tests: keys → actions → new state, without a terminal.

use super::support::*;
use zhucun::app::keys::{Action, Ctx};
use zhucun::app::{MsgKind, Popup, Screen};
use zhucun::domain::{Level, Status};
use zhucun::i18n::Lang;
use zhucun::store::RecordInput;

/// Drill from the prefecture to 都匀市's first village's checklist.
fn to_first_village(app: &mut zhucun::app::App) {
    keys(app, "<Enter><Enter><Enter>");
    assert_eq!(app.screen, Screen::Checklist);
}

#[test]
fn drill_down_and_back_keep_the_selection() {
    let mut a = app(Lang::Zh);
    assert_eq!(a.screen, Screen::Overview);
    assert_eq!(a.overview.rows.len(), 12);
    keys(&mut a, "jj");
    assert_eq!(a.overview.sel.index, 2);
    keys(&mut a, "G");
    assert_eq!(a.overview.sel.index, 11);
    keys(&mut a, "g<Down>");
    assert_eq!(a.overview.selected().unwrap().division.name, "福泉市");
    keys(&mut a, "<Enter>");
    assert_eq!(a.overview.path.len(), 2);
    assert_eq!(a.overview.scope().name, "福泉市");
    assert!(
        a.overview
            .rows
            .iter()
            .all(|r| r.division.level() == Level::Township)
    );
    keys(&mut a, "<Esc>");
    assert_eq!(a.overview.path.len(), 1);
    assert_eq!(a.overview.selected().unwrap().division.name, "福泉市");
    // Back at the top does nothing; Backspace and h also go up.
    keys(&mut a, "<Esc>");
    assert_eq!(a.overview.path.len(), 1);
    keys(&mut a, "l<Bksp>");
    assert_eq!(a.overview.path.len(), 1);
}

#[test]
fn township_opens_the_village_list_then_a_checklist() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter><Enter>");
    assert_eq!(a.screen, Screen::Villages);
    let v = a.villages.as_ref().unwrap();
    assert_eq!(v.scope().name, "广惠街道");
    assert_eq!(v.shown.len(), 13);
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.rows.len(), 25);
    assert_eq!(c.path.len(), 4);
    // Esc returns to the list, then to the overview of 都匀市.
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Villages);
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Overview);
    assert_eq!(a.overview.scope().name, "都匀市");
}

#[test]
fn village_list_sorts_and_filters() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "v");
    assert_eq!(a.screen, Screen::Villages);
    assert_eq!(a.villages.as_ref().unwrap().shown.len(), 1319);
    keys(&mut a, "s"); // name
    keys(&mut a, "s"); // month rate, ascending
    let v = a.villages.as_ref().unwrap();
    let rates: Vec<f64> = v.rows().map(|r| r.month.rate().unwrap_or(-1.0)).collect();
    assert!(rates.windows(2).all(|w| w[0] <= w[1]));
    keys(&mut a, "S");
    let v = a.villages.as_ref().unwrap();
    let rates: Vec<f64> = v.rows().map(|r| r.month.rate().unwrap_or(-1.0)).collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]));
    keys(&mut a, "f"); // first village type
    let v = a.villages.as_ref().unwrap();
    let t = v.type_filter.unwrap();
    assert!(!v.shown.is_empty() && v.shown.len() < 1319);
    assert!(v.rows().all(|r| r.village.types.contains(&t)));
    keys(&mut a, "fffff"); // cycles back to all
    assert!(a.villages.as_ref().unwrap().type_filter.is_none());
    keys(&mut a, "o");
    let v = a.villages.as_ref().unwrap();
    assert!(v.rows().all(|r| r.overdue > 0));
}

#[test]
fn marking_done_persists_and_moves_the_rollups() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter>");
    let county_before = a.overview.total.as_ref().unwrap().month;
    keys(&mut a, "<Enter><Enter>");
    // Find the first task that is not done.
    let c = a.checklist.as_ref().unwrap();
    let i = c
        .rows
        .iter()
        .position(|r| r.status() != Status::Done)
        .unwrap();
    let task = c.rows[i].task.number;
    let village = c.village.code.clone();
    for _ in 0..i {
        keys(&mut a, "j");
    }
    keys(&mut a, "x");
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.rows[i].status(), Status::Done);
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MsgKind::Info);
    assert!(m.text.starts_with("已标记完成："), "{}", m.text);
    // Persisted: a fresh connection sees it, recorded by the acting account.
    let s = store_as(&db, ADMIN);
    let rec = s
        .completion(&village, task, c.rows[i].period)
        .unwrap()
        .unwrap();
    assert_eq!(
        (rec.status, rec.recorded_by.as_str()),
        (Status::Done, ADMIN)
    );
    // The county's numbers moved.
    keys(&mut a, "<Esc><Esc>");
    let county_after = a.overview.total.as_ref().unwrap();
    assert!(
        county_after.month.done + county_after.quarter.done + county_after.year.done
            > county_before.done,
    );
    // Marking it again says so instead of writing.
    keys(&mut a, "<Enter><Enter>");
    for _ in 0..i {
        keys(&mut a, "j");
    }
    keys(&mut a, "x");
    assert!(a.message.as_ref().unwrap().text.contains("已经是已完成"));
}

#[test]
fn note_editor_takes_chinese_and_q_is_text() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "x");
    keys(&mut a, "e");
    assert_eq!(a.ctx(), Ctx::Input);
    keys(&mut a, "<C-u>");
    let typed = type_out(&mut a, "已召开院坝会，到会42人q");
    assert!(!quits(&typed), "q typed in a note must not quit");
    keys(&mut a, "<Bksp>");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty());
    let c = a.checklist.as_ref().unwrap();
    let r = &c.rows[0];
    assert_eq!(r.record.as_ref().unwrap().note, "已召开院坝会，到会42人");
    assert_eq!(r.status(), Status::Done);
    // Paste goes into the editor too (sanitised).
    keys(&mut a, "e<C-u>");
    a.on_paste("粘贴\u{1b}[2J的文字");
    let Some(Popup::Note { input, .. }) = a.popups.last() else {
        panic!("note editor open")
    };
    assert_eq!(input.text(), "粘贴[2J的文字");
    keys(&mut a, "<Esc>");
    assert!(a.popups.is_empty());
}

#[test]
fn status_menu_sets_any_status() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::En));
    to_first_village(&mut a);
    keys(&mut a, "s");
    assert!(matches!(a.popups.last(), Some(Popup::StatusMenu { .. })));
    assert_eq!(a.ctx(), Ctx::Menu);
    keys(&mut a, "4"); // not applicable, chosen by number
    assert!(a.popups.is_empty());
    assert_eq!(a.checklist.as_ref().unwrap().rows[0].status(), Status::Na);
    keys(&mut a, "sgj<Enter>"); // top, down one: doing
    assert_eq!(
        a.checklist.as_ref().unwrap().rows[0].status(),
        Status::Doing
    );
    assert!(a.message.as_ref().unwrap().text.starts_with("Set to Doing"));
}

#[test]
fn conflict_shows_the_other_change_and_lets_me_keep_mine() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    let c = a.checklist.as_ref().unwrap();
    let row = c.rows[1].clone();
    let village = c.village.code.clone();
    keys(&mut a, "j");
    // Someone else records the same task after we read it.
    let mut other = store_as(&db, LIAISON);
    other
        .record(&RecordInput {
            village: village.clone(),
            task: row.task.number,
            period: row.period,
            status: Status::Doing,
            note: Some("对方的备注".into()),
            done_on: None,
            expected_version: Some(row.version()),
        })
        .unwrap();
    keys(&mut a, "x");
    let Some(Popup::Conflict { theirs, .. }) = a.popups.last() else {
        panic!(
            "conflict popup expected, got {:?}",
            a.popups.last().map(|p| p.ctx())
        )
    };
    let theirs = theirs.clone().unwrap();
    assert_eq!(theirs.recorded_by, LIAISON);
    assert_eq!(theirs.note, "对方的备注");
    // Keep mine: written over the new version.
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty());
    let s = store_as(&db, ADMIN);
    let rec = s
        .completion(&village, row.task.number, row.period)
        .unwrap()
        .unwrap();
    assert_eq!(rec.status, Status::Done);
    assert_eq!(rec.version, row.version() + 2);
}

#[test]
fn conflict_take_theirs_keeps_their_record() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    let c = a.checklist.as_ref().unwrap();
    let row = c.rows[1].clone();
    let village = c.village.code.clone();
    keys(&mut a, "j");
    let mut other = store_as(&db, LIAISON);
    other
        .record(&RecordInput {
            village: village.clone(),
            task: row.task.number,
            period: row.period,
            status: Status::Na,
            note: None,
            done_on: None,
            expected_version: None,
        })
        .unwrap();
    keys(&mut a, "x<Down><Enter>");
    assert!(a.popups.is_empty());
    assert_eq!(a.checklist.as_ref().unwrap().rows[1].status(), Status::Na);
    assert_eq!(a.message.as_ref().unwrap().text, "已采用对方的版本");
}

#[test]
fn live_update_keeps_selection_and_half_typed_note() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "jjj");
    let sel = a.checklist.as_ref().unwrap().sel.index;
    keys(&mut a, "e<C-u>");
    type_text(&mut a, "写了一半");
    assert!(!a.poll_db(), "nothing changed yet");
    let c = a.checklist.as_ref().unwrap();
    let row = c.rows[0].clone();
    let mut other = store_as(&db, LIAISON);
    other
        .record(&RecordInput {
            village: c.village.code.clone(),
            task: row.task.number,
            period: row.period,
            status: Status::Doing,
            note: Some("别人刚写的".into()),
            done_on: None,
            expected_version: None,
        })
        .unwrap();
    assert!(a.poll_db(), "another connection committed");
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.sel.index, sel);
    assert_eq!(c.rows[0].record.as_ref().unwrap().note, "别人刚写的");
    let Some(Popup::Note { input, .. }) = a.popups.last() else {
        panic!("editor still open")
    };
    assert_eq!(input.text(), "写了一半");
}

#[test]
fn drafts_are_saved_on_exit_and_offered_again() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "je<C-u>");
    type_text(&mut a, "断线前没保存的字");
    // What the event loop does on SIGHUP, SIGTERM or end of input:
    assert!(a.save_draft_if_editing());
    drop(a);
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "je");
    let Some(Popup::DraftOffer { draft, .. }) = a.popups.last() else {
        panic!("draft offer expected")
    };
    assert_eq!(draft.note, "断线前没保存的字");
    keys(&mut a, "<Enter>");
    let Some(Popup::Note { input, .. }) = a.popups.last() else {
        panic!("editor expected")
    };
    assert_eq!(input.text(), "断线前没保存的字");
    keys(&mut a, "<Enter>");
    // Saved as the note: the draft is gone.
    let c = a.checklist.as_ref().unwrap();
    let r = &c.rows[1];
    assert_eq!(r.record.as_ref().unwrap().note, "断线前没保存的字");
    let s = store_as(&db, ADMIN);
    assert!(
        s.draft(&c.village.code, r.task.number, r.period)
            .unwrap()
            .is_none()
    );
}

#[test]
fn ctrl_c_quits_even_while_typing_and_keeps_the_draft() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "e<C-u>");
    type_text(&mut a, "草稿");
    let r = press(&mut a, "<C-c>");
    assert!(quits(&r));
    let c = a.checklist.as_ref().unwrap();
    let s = store_as(&db, ADMIN);
    let d = s
        .draft(&c.village.code, c.rows[0].task.number, c.rows[0].period)
        .unwrap()
        .unwrap();
    assert_eq!(d.note, "草稿");
}

#[test]
fn month_navigation_looks_back_but_not_forward() {
    let mut a = app(Lang::Zh);
    to_first_village(&mut a);
    keys(&mut a, "]");
    assert_eq!(a.message.as_ref().unwrap().text, "不能查看未来的月份");
    keys(&mut a, "[");
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.month.to_string(), "2026-10");
    assert_eq!(c.rows[0].period.to_string(), "2026-10");
    // Quarterly tasks still show the quarter containing October.
    let q = c.rows.iter().find(|r| r.task.number == 2).unwrap();
    assert_eq!(q.period.to_string(), "2026Q4");
    keys(&mut a, "[[[");
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.month.to_string(), "2026-07");
    let q = c.rows.iter().find(|r| r.task.number == 2).unwrap();
    assert_eq!(q.period.to_string(), "2026Q3");
    keys(&mut a, "]]]]");
    assert_eq!(a.checklist.as_ref().unwrap().month.to_string(), "2026-11");
}

#[test]
fn search_by_pinyin_initials_jumps() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "/");
    assert_eq!(a.ctx(), Ctx::Input);
    type_text(&mut a, "dy");
    let Some(Popup::Search { hits, .. }) = a.popups.last() else {
        panic!("search open")
    };
    assert_eq!(hits[0].division.name, "都匀市");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty());
    assert_eq!(a.screen, Screen::Overview);
    assert_eq!(a.overview.scope().name, "都匀市");
    // A village by name opens its checklist; Esc comes back.
    keys(&mut a, "/");
    type_text(&mut a, "月邻社区");
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    assert_eq!(a.checklist.as_ref().unwrap().village.name, "月邻社区");
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Overview);
    // By code: a township opens its village list.
    keys(&mut a, "/");
    type_text(&mut a, "522701001");
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Villages);
}

#[test]
fn viewer_is_refused_with_a_message() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, VIEWER, opts(Lang::Zh));
    // The viewer's scope is 都匀市: the overview starts there.
    assert_eq!(a.overview.scope().name, "都匀市");
    keys(&mut a, "<Enter><Enter>jx");
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MsgKind::Error);
    assert!(
        m.text.starts_with("无权限：你（viewer1 只读）"),
        "{}",
        m.text
    );
    // Guidance: not allowed to issue.
    keys(&mut a, "pa");
    assert!(a.message.as_ref().unwrap().text.contains("不能发布"));
    assert!(a.popups.is_empty());
}

#[test]
fn township_liaison_starts_at_the_township() {
    let a = app_with(demo_db(), LIAISON, opts(Lang::Zh));
    assert_eq!(a.overview.scope().name, "广惠街道");
    assert_eq!(a.overview.rows.len(), 13);
    assert!(
        a.overview
            .rows
            .iter()
            .all(|r| r.division.level() == Level::Village)
    );
}

#[test]
fn guidance_browse_issue_edit_delete() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "p");
    assert_eq!(a.screen, Screen::Guidance);
    assert_eq!(a.guidance.period.to_string(), "2026Q4");
    let n = a.guidance.items.len();
    assert!(n >= 2, "Q4 has a guidance point and prompts");
    keys(&mut a, "m");
    assert_eq!(a.guidance.period.to_string(), "2026-11");
    keys(&mut a, "[");
    assert_eq!(a.guidance.period.to_string(), "2026-10");
    keys(&mut a, "m");
    assert_eq!(a.guidance.period.to_string(), "2026Q4");
    // Read the full text.
    keys(&mut a, "<Enter>");
    assert!(matches!(a.popups.last(), Some(Popup::Reader { .. })));
    keys(&mut a, "<Esc>");
    // Issue a new prompt for December.
    keys(&mut a, "a");
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
    type_text(&mut a, "12月工作提示：年终总结");
    keys(&mut a, "<Tab><C-u>");
    type_text(&mut a, "2026-12");
    keys(&mut a, "<Tab><Tab>");
    type_text(&mut a, "1, 24，25");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "一、做好年终总结。");
    keys(&mut a, "<Enter>"); // newline in the body
    type_text(&mut a, "二、走访慰问。");
    // Ctrl-S asks first, naming the scope and its villages; y publishes.
    keys(&mut a, "<C-s>");
    assert!(matches!(a.popups.last(), Some(Popup::ConfirmPublish(_))));
    keys(&mut a, "y");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let g = a.guidance.selected().unwrap().clone();
    assert_eq!(g.title, "12月工作提示：年终总结");
    assert_eq!(g.tasks, vec![1, 24, 25]);
    assert_eq!(g.body, "一、做好年终总结。\n二、走访慰问。");
    assert_eq!(a.guidance.items.len(), n + 1);
    // A bad task number keeps the form open with the reason.
    keys(&mut a, "e<Tab><Tab><Tab><C-u>");
    type_text(&mut a, "1,x");
    keys(&mut a, "<C-s>");
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("form stays open")
    };
    assert!(
        f.error
            .as_ref()
            .unwrap()
            .starts_with("涉及任务：x 不是任务编号")
    );
    keys(&mut a, "<C-u>");
    type_text(&mut a, "24");
    keys(&mut a, "<C-s>y");
    assert!(a.popups.is_empty());
    assert_eq!(a.guidance.selected().unwrap().tasks, vec![24]);
    // Delete with confirmation: n keeps it, y deletes.
    keys(&mut a, "dn");
    assert_eq!(a.guidance.items.len(), n + 1);
    keys(&mut a, "dy");
    assert_eq!(a.guidance.items.len(), n);
    assert!(a.message.as_ref().unwrap().text.starts_with("已删除"));
}

#[test]
fn guidance_counts_villages_that_completed_its_tasks() {
    let a = {
        let mut a = app(Lang::Zh);
        keys(&mut a, "p");
        a
    };
    let s = store_as(demo_db(), ADMIN);
    assert!(!a.guidance.items.is_empty());
    // Check the first two items by hand: every concerned task done or n/a.
    for (g, (done, total)) in a.guidance.items.iter().zip(&a.guidance.completion).take(2) {
        assert_eq!(*total, 1319);
        assert!(done <= total);
        let day = g.period.due_date().min(today());
        let villages = s.villages_under(&code("522700")).unwrap();
        let mut want = 0;
        for v in &villages {
            let all = g.tasks.iter().all(|t| {
                let task = s.catalogue().task(*t).unwrap();
                s.completion(&v.code, *t, task.cadence.period_for(day))
                    .unwrap()
                    .is_some_and(|c| c.status.is_closed())
            });
            want += all as u32;
        }
        assert_eq!(*done, want, "{}", g.title);
    }
}

#[test]
fn tab_cycles_screens_and_help_toggles() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Tab>");
    assert_eq!(a.screen, Screen::Villages);
    keys(&mut a, "<Tab>");
    assert_eq!(a.screen, Screen::Guidance);
    keys(&mut a, "<Tab>");
    assert_eq!(a.screen, Screen::Overview);
    keys(&mut a, "<S-Tab>");
    assert_eq!(a.screen, Screen::Guidance);
    keys(&mut a, "?");
    assert!(matches!(a.popups.last(), Some(Popup::Help { .. })));
    keys(&mut a, "?");
    assert!(a.popups.is_empty());
    let r = press(&mut a, "q");
    assert!(quits(&r));
}

#[test]
fn detail_shows_history_or_the_current_record() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    to_first_village(&mut a);
    keys(&mut a, "<Enter>");
    let Some(Popup::Detail {
        history, record, ..
    }) = a.popups.last()
    else {
        panic!("detail open")
    };
    // Demo records were bulk-loaded: no audit rows, the record itself.
    assert!(history.is_empty());
    assert!(record.is_some());
    keys(&mut a, "<Esc>jx<Enter>");
    let Some(Popup::Detail { history, .. }) = a.popups.last() else {
        panic!("detail open")
    };
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].account, ADMIN);
    assert!(history[0].new.as_deref().unwrap().starts_with("done"));
}

#[test]
fn rebound_key_drives_the_app() {
    let (_d, db) = copy_db();
    let cfg =
        zhucun::app::config::Config::parse("test.toml", "[keys]\nmark_done = \"d\"\n").unwrap();
    let mut o = opts(Lang::Zh);
    o.keys = cfg.keys;
    let mut a = app_with(&db, ADMIN, o);
    to_first_village(&mut a);
    keys(&mut a, "j");
    let before = a.checklist.as_ref().unwrap().rows[1].status();
    keys(&mut a, "x");
    assert_eq!(a.checklist.as_ref().unwrap().rows[1].status(), before);
    keys(&mut a, "d");
    assert_eq!(a.checklist.as_ref().unwrap().rows[1].status(), Status::Done);
}

#[test]
fn every_action_has_words_in_both_languages() {
    for b in zhucun::app::keys::defaults() {
        assert!(Lang::has_action(b.action.name()), "{}", b.action.name());
        assert_ne!(Lang::Zh.action(b.action.name()), "?");
    }
    let _ = Action::Quit;
}

#[test]
fn resizing_keeps_state() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter><Enter>jj");
    let sel = a.villages.as_ref().unwrap().sel.index;
    for (w, h) in [(80, 24), (60, 20), (140, 40), (80, 24)] {
        let screen = render(&a, w, h);
        if w < 80 {
            assert!(screen.contains("终端太小"), "{screen}");
        } else {
            assert!(screen.contains("广惠街道"));
        }
    }
    assert_eq!(a.villages.as_ref().unwrap().sel.index, sel);
    assert_eq!(a.screen, Screen::Villages);
}

#[test]
fn screens_shown_again_show_fresh_numbers() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter>");
    let before = a.villages.as_ref().unwrap().selected().unwrap().month.done;
    keys(&mut a, "<Enter>");
    let c = a.checklist.as_ref().unwrap();
    let i = c
        .rows
        .iter()
        .position(|r| r.status() != Status::Done && r.period.to_string() == "2026-11")
        .unwrap();
    for _ in 0..i {
        keys(&mut a, "j");
    }
    keys(&mut a, "x<Esc>");
    assert_eq!(a.screen, Screen::Villages);
    let after = a.villages.as_ref().unwrap().selected().unwrap().month.done;
    assert_eq!(after, before + 1, "the list shows the new count at once");
    // Someone else's change while the checklist is hidden shows when it is
    // opened again.
    let c = a.checklist.as_ref().unwrap();
    let r = c
        .rows
        .iter()
        .find(|r| r.status() != Status::Done)
        .unwrap()
        .clone();
    let mut other = store_as(&db, LIAISON);
    other
        .record(&RecordInput {
            village: c.village.code.clone(),
            task: r.task.number,
            period: r.period,
            status: Status::Done,
            note: Some("队员补记".into()),
            done_on: None,
            expected_version: None,
        })
        .unwrap();
    assert!(a.poll_db());
    keys(&mut a, "<Tab>"); // villages -> checklist
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    let now = c
        .rows
        .iter()
        .find(|x| x.task.number == r.task.number)
        .unwrap();
    assert_eq!(now.record.as_ref().unwrap().note, "队员补记");
}
