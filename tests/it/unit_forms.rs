//! The `U` screen's responsibility-list forms on the shared entry-form code
//! (issue 12): `r` adds, changes and removes a responsibility item, `b`
//! writes the unit's help plan for the village (goals, budget, linked tasks
//! by number, approval date). Driven with keys; the store row and the audit
//! row checked; refusals (bad input, a viewer, a township, a colleague's
//! change) stay in the form with the text; a form left at a hang-up is put
//! back; snapshots zh/en at 80x24 and 140x40.

use crate::ui_support::*;
use zhucun::app::unit_forms::{
    HF_APPROVED, HF_BUDGET, HF_GOALS, HF_TASKS, HF_TITLES, IF_TEXT, IF_WHICH, PF_AMOUNT, PF_NAME,
    PF_STATUS,
};
use zhucun::app::{App, Screen};
use zhucun::i18n::Lang;
use zhucun::store::{BundleEdit, ListKey};

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("unit_forms__{}", $name), $value);
        })
    };
}

use crate::ui_support::entry_form as form;

fn retype(a: &mut App, text: &str) {
    keys(a, "<C-u>");
    type_text(a, text);
}

/// The units screen with the first unit opened; the list key of its first
/// village this year.
fn opened(db: &std::path::Path, account: &str, lang: Lang) -> (App, ListKey) {
    let mut a = app_with(db, account, opts(lang));
    keys(&mut a, "U<Enter>");
    assert_eq!(a.screen, Screen::Units);
    let d = a
        .units
        .as_ref()
        .unwrap()
        .detail
        .as_ref()
        .expect("a unit opened");
    let k = ListKey {
        unit: d.unit.id,
        village: d.villages[0].code.clone(),
        year: 2026,
    };
    (a, k)
}

fn audits(db: &std::path::Path, action: &str, outcome: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM audit WHERE action = ?1 AND outcome = ?2",
        [action, outcome],
        |r| r.get(0),
    )
    .unwrap()
}

const LIST: &str = "save responsibility list";
const PLAN: &str = "save help plan";

#[test]
fn an_item_is_added_changed_and_removed_through_the_form() {
    let (_d, db) = copy_db();
    let (mut a, k) = opened(&db, ADMIN, Lang::Zh);
    let before = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    let ok = audits(&db, LIST, "ok");
    // A new item: an empty one is refused at its field.
    keys(&mut a, "r");
    assert_eq!(form(&a).fields[IF_WHICH].typed(), "新增一条");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, IF_TEXT);
    assert!(f.error.as_deref().unwrap().contains("责任事项没有内容"));
    type_text(&mut a, "协调落实产业帮扶资金");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .contains("已保存帮扶责任清单")
    );
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.duties.len(), before.duties.len() + 1);
    assert_eq!(after.duties.last().unwrap(), "协调落实产业帮扶资金");
    assert_eq!(audits(&db, LIST, "ok"), ok + 1);
    // Changing it: choosing its number shows its text, which is edited.
    let n = after.duties.len();
    keys(&mut a, "r");
    keys(&mut a, "<Left>");
    let f = form(&a);
    assert_eq!(f.fields[IF_WHICH].typed(), format!("第 {n} 条"));
    assert_eq!(f.fields[IF_TEXT].typed(), "协调落实产业帮扶资金");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "（年内到位）");
    // Another choice keeps what was typed; back again.
    keys(&mut a, "<S-Tab><Left>");
    assert_eq!(
        form(&a).fields[IF_TEXT].typed(),
        "协调落实产业帮扶资金（年内到位）"
    );
    keys(&mut a, "<Right><C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.duties[n - 1], "协调落实产业帮扶资金（年内到位）");
    // Removing it: its text emptied.
    keys(&mut a, "r<Left><Tab><C-u><C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let m = a.message.as_ref().unwrap().text.clone();
    assert!(m.starts_with(&format!("已删除第 {n} 条责任事项")), "{m}");
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.duties, before.duties);
    assert_eq!(audits(&db, LIST, "ok"), ok + 3);
    // The screen shows the list as saved.
    let d = a.units.as_ref().unwrap().detail.as_ref().unwrap();
    let shown = d.villages[0].bundle.as_ref().map(|b| b.duties.clone());
    assert_eq!(shown.unwrap_or_default(), before.duties);
}

#[test]
fn a_project_is_changed_and_removed_through_the_form() {
    let (_d, db) = copy_db();
    let (mut a, k) = opened(&db, ADMIN, Lang::Zh);
    let before = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    let n = before.projects.len();
    assert!(n > 0, "the demo's list has projects");
    let last = before.projects[n - 1].clone();
    // The last project: its fields filled from the list.
    keys(&mut a, "p<Left>");
    let f = form(&a);
    assert_eq!(f.fields[PF_NAME].typed(), last.name);
    assert_eq!(
        f.fields[PF_AMOUNT].typed(),
        zhucun::domain::units::yuan(last.amount)
    );
    keys(&mut a, "<Tab><Tab>");
    retype(&mut a, "1234.5");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "已");
    assert_eq!(form(&a).fields[PF_STATUS].typed(), "已完成");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    let p = &after.projects[n - 1];
    assert_eq!((p.name.as_str(), p.amount), (last.name.as_str(), 123_450));
    assert_eq!(p.status, zhucun::domain::units::ProjectStatus::Done);
    // Removed: its name emptied.
    keys(&mut a, "p<Left><Tab><C-u><C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let m = a.message.as_ref().unwrap().text.clone();
    assert!(m.starts_with(&format!("已删除第 {n} 个帮扶项目")), "{m}");
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.projects[..], before.projects[..n - 1]);
    assert_eq!(after.version, before.version.map(|v| v + 2));
}

#[test]
fn the_help_plan_is_written_and_edited_through_the_form() {
    let (_d, db) = copy_db();
    let (mut a, k) = opened(&db, ADMIN, Lang::Zh);
    let ok = audits(&db, PLAN, "ok");
    keys(&mut a, "b");
    retype(&mut a, "巩固脱贫成果，发展茶叶产业");
    keys(&mut a, "<Tab>");
    retype(&mut a, "80,000");
    keys(&mut a, "<Tab>");
    retype(&mut a, "３，1、5");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026-03-15");
    // The last field: Enter submits.
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert!(a.message.as_ref().unwrap().text.contains("已保存帮扶计划"));
    let plan = {
        let s = store_as(&db, ADMIN);
        let d = s.responsibility_list(k.unit, &k.village, 2026).unwrap();
        d.villages.into_iter().find_map(|v| v.plan).unwrap()
    };
    assert_eq!(plan.goals, "巩固脱贫成果，发展茶叶产业");
    assert_eq!(plan.budget, 8_000_000);
    assert_eq!(plan.tasks, vec![1, 3, 5]);
    assert_eq!(plan.approved_on.unwrap().to_string(), "2026-03-15");
    assert_eq!(audits(&db, PLAN, "ok"), ok + 1);
    let saved = plan.version;
    // Opened again: what is stored; the approval withdrawn.
    keys(&mut a, "b");
    let f = form(&a);
    assert_eq!(f.fields[HF_TASKS].typed(), "1, 3, 5");
    // The linked tasks are named under their field, as typed.
    assert!(
        f.fields[HF_TITLES]
            .off_note
            .starts_with("→ 1 院坝会宣讲政策 · 3 ")
    );
    assert!(render(&a, 80, 24).contains("→ 1 院坝会宣讲政策"));
    assert_eq!(f.fields[HF_BUDGET].typed(), "80000.00");
    keys(&mut a, "<S-Tab>");
    assert_eq!(form(&a).focus, HF_APPROVED);
    keys(&mut a, "<C-u><C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let s = store_as(&db, ADMIN);
    let d = s.responsibility_list(k.unit, &k.village, 2026).unwrap();
    let plan = d.villages.into_iter().find_map(|v| v.plan).unwrap();
    assert_eq!(plan.approved_on, None);
    assert_eq!(plan.version, saved + 1);
}

#[test]
fn bad_tasks_amounts_and_dates_stay_in_the_plan_form() {
    let (_d, db) = copy_db();
    let (mut a, _k) = opened(&db, ADMIN, Lang::Zh);
    let ok = audits(&db, PLAN, "ok");
    keys(&mut a, "b");
    retype(&mut a, "发展产业");
    keys(&mut a, "<Tab>");
    retype(&mut a, "五万");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, HF_BUDGET);
    assert!(
        f.error.as_deref().unwrap().contains("不是金额"),
        "{:?}",
        f.error
    );
    retype(&mut a, "50000");
    keys(&mut a, "<Tab>");
    retype(&mut a, "1, 3, x");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, HF_TASKS);
    assert!(f.error.as_deref().unwrap().contains("“x” 不是任务序号"));
    // A number that is not in the catalogue.
    retype(&mut a, "1, 999");
    assert!(form(&a).fields[HF_TITLES].off_note.ends_with("· 999 ?"));
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, HF_TASKS);
    assert!(f.error.as_deref().unwrap().contains("999"), "{:?}", f.error);
    for (w, h) in [(80, 24), (140, 40)] {
        assert_screen!(format!("bad_task_zh_{w}x{h}"), render(&a, w, h));
    }
    retype(&mut a, "1");
    keys(&mut a, "<Tab>");
    retype(&mut a, "2026-13-01");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, HF_APPROVED);
    assert!(f.error.as_deref().unwrap().contains("不是日期"));
    retype(&mut a, "2027-01-05");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert!(f.error.as_deref().unwrap().contains("晚于今天"));
    assert_eq!(f.fields[HF_GOALS].typed(), "发展产业");
    assert_eq!(audits(&db, PLAN, "ok"), ok);
}

#[test]
fn a_viewer_and_a_township_are_refused_in_the_form() {
    let (_d, db) = copy_db();
    for account in [VIEWER, LIAISON] {
        let (mut a, k) = opened(&db, account, Lang::Zh);
        let refused = audits(&db, PLAN, "refused");
        keys(&mut a, "b");
        retype(&mut a, "我写的目标");
        keys(&mut a, "<C-s>");
        let f = form(&a);
        let e = f.error.as_deref().unwrap();
        assert!(e.contains(account) && e.contains("无权限"), "{e}");
        assert_eq!(f.fields[HF_GOALS].typed(), "我写的目标");
        assert_eq!(audits(&db, PLAN, "refused"), refused + 1, "audited");
        // The list's forms too.
        let list_refused = audits(&db, LIST, "refused");
        keys(&mut a, "<Esc>2r");
        form(&a);
        keys(&mut a, "<Tab>");
        type_text(&mut a, "我写的事项");
        keys(&mut a, "<C-s>");
        assert!(form(&a).error.as_deref().unwrap().contains("无权限"));
        assert_eq!(audits(&db, LIST, "refused"), list_refused + 1);
        let s = store_as(&db, ADMIN);
        assert!(
            !s.bundle_input(&k)
                .unwrap()
                .duties
                .contains(&"我写的事项".into())
        );
    }
}

#[test]
fn a_colleague_s_change_in_between_is_a_conflict_kept_in_the_form_and_a_second_save_writes() {
    let (_d, db) = copy_db();
    let (mut a, k) = opened(&db, ADMIN, Lang::En);
    let conflicts = audits(&db, LIST, "conflict");
    keys(&mut a, "r<Tab>");
    type_text(&mut a, "my item");
    // Meanwhile a colleague adds one.
    store_as(&db, ADMIN)
        .edit_bundle(&k, None, &[BundleEdit::AddDuty("their item".into())])
        .unwrap();
    keys(&mut a, "<C-s>");
    let f = form(&a);
    let e = f.error.as_deref().unwrap();
    assert!(e.contains("conflict") && e.contains(ADMIN), "{e}");
    assert_eq!(f.fields[IF_TEXT].typed(), "my item");
    let now = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(now.duties.last().unwrap(), "their item");
    assert!(!now.duties.contains(&"my item".into()));
    assert_eq!(audits(&db, LIST, "conflict"), conflicts + 1);
    assert!(e.contains("Ctrl-S again"), "{e}");
    // The form now stands on their version: a second save writes mine
    // beside theirs.
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let now = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(now.duties.last().unwrap(), "my item");
    assert!(now.duties.contains(&"their item".into()));
    assert_eq!(audits(&db, LIST, "conflict"), conflicts + 1);
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|r| r.count()).unwrap_or(0)
}

/// A plan form left typed at a hang-up is kept and put back when the same
/// form (unit, village, year) opens again, against the version it was
/// typed on; submitting forgets the file.
#[test]
fn a_plan_form_left_at_a_hang_up_is_put_back() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let (mut a, k) = opened(&db, ADMIN, Lang::Zh);
    a.keep_drafts_in(dir.clone());
    keys(&mut a, "b");
    assert!(!a.save_draft_if_editing(), "nothing typed: nothing kept");
    retype(&mut a, "断线前写的目标");
    keys(&mut a, "<Tab>");
    retype(&mut a, "12000");
    assert!(a.save_draft_if_editing());
    drop(a);
    assert_eq!(files_in(&dir), 1);
    let (mut b, _) = opened(&db, ADMIN, Lang::Zh);
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "b");
    let f = form(&b);
    assert_eq!(f.fields[HF_GOALS].typed(), "断线前写的目标");
    assert_eq!(f.fields[HF_BUDGET].typed(), "12000");
    assert!(b.message.as_ref().unwrap().text.contains("已恢复"));
    keys(&mut b, "<C-s>");
    assert!(b.popups.is_empty(), "{:?}", b.message);
    assert_eq!(files_in(&dir), 0);
    let s = store_as(&db, ADMIN);
    let d = s.responsibility_list(k.unit, &k.village, 2026).unwrap();
    let plan = d.villages.into_iter().find_map(|v| v.plan).unwrap();
    assert_eq!(
        (plan.goals.as_str(), plan.budget),
        ("断线前写的目标", 1_200_000)
    );
    // Ctrl-C keeps an item form too.
    keys(&mut b, "r<Tab>");
    type_text(&mut b, "未保存的事项");
    assert!(quits(&press(&mut b, "<C-c>")));
    drop(b);
    assert_eq!(files_in(&dir), 1);
    let (mut c, _) = opened(&db, ADMIN, Lang::Zh);
    c.keep_drafts_in(dir.clone());
    keys(&mut c, "r");
    assert_eq!(form(&c).fields[IF_TEXT].typed(), "未保存的事项");
}

#[test]
fn snap_the_item_project_and_plan_forms() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, db) = copy_db();
        let (mut a, _) = opened(&db, ADMIN, lang);
        keys(&mut a, "r<Tab>");
        type_text(
            &mut a,
            if lang == Lang::Zh {
                "协调落实产业帮扶资金"
            } else {
                "Find the funds for the tea cooperative"
            },
        );
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("item_{l}_{w}x{h}"), render(&a, w, h));
        }
        keys(&mut a, "<Esc>2p<Left><Tab>");
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("project_{l}_{w}x{h}"), render(&a, w, h));
        }
        keys(&mut a, "<Esc>2b");
        retype(
            &mut a,
            if lang == Lang::Zh {
                "巩固脱贫成果，发展茶叶产业"
            } else {
                "Hold the gains; grow the tea business"
            },
        );
        keys(&mut a, "<Tab>");
        retype(&mut a, "80000");
        keys(&mut a, "<Tab>");
        retype(&mut a, "1, 3, 5");
        keys(&mut a, "<Tab>");
        retype(&mut a, "2026-03-15");
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("plan_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

/// The list's keys are in the help and, once a unit is opened, all in the
/// footer at 80 columns (zh and en).
#[test]
fn the_forms_keys_are_in_the_help_and_the_footer() {
    for (lang, words) in [
        (
            Lang::Zh,
            ["r 责任事项", "p 项目", "m 资金", "b 帮扶计划", "? 帮助"],
        ),
        (
            Lang::En,
            ["r item", "p project", "m funds", "b help plan", "? help"],
        ),
    ] {
        let (mut a, _) = opened(demo_db(), ADMIN, lang);
        let screen = render(&a, 80, 24);
        let footer = screen.lines().last().unwrap();
        for w in words {
            assert!(footer.contains(w), "{w}: {footer}");
        }
        keys(&mut a, "?");
        let help = render(&a, 120, 200);
        for w in &words[..4] {
            let (k, desc) = w.split_once(' ').unwrap();
            let listed = help
                .lines()
                .any(|l| l.contains(&format!("│   {k} ")) && l.contains(desc));
            assert!(listed, "{w}: {help}");
        }
        // The list of units offers no form.
        keys(&mut a, "<Esc><Esc>");
        let footer = render(&a, 80, 24);
        assert!(!footer.lines().last().unwrap().contains(words[0]));
    }
}

/// An item being changed, left at a hang-up, comes back on the same item
/// with the text as typed (the choice restored does not refill it).
#[test]
fn an_item_being_changed_comes_back_as_typed() {
    let (d, db) = copy_db();
    let dir = d.path().join("state");
    let (mut a, k) = opened(&db, ADMIN, Lang::Zh);
    a.keep_drafts_in(dir.clone());
    let before = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert!(!before.duties.is_empty(), "the demo's list has items");
    keys(&mut a, "r<Right><Tab><C-u>");
    type_text(&mut a, "改过的第一条");
    assert!(a.save_draft_if_editing());
    drop(a);
    let (mut b, _) = opened(&db, ADMIN, Lang::Zh);
    b.keep_drafts_in(dir.clone());
    keys(&mut b, "r");
    let f = form(&b);
    assert_eq!(f.fields[IF_WHICH].typed(), "第 1 条");
    assert_eq!(f.fields[IF_TEXT].typed(), "改过的第一条");
    keys(&mut b, "<C-s>");
    assert!(b.popups.is_empty(), "{:?}", b.message);
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.duties[0], "改过的第一条");
    assert_eq!(after.duties[1..], before.duties[1..]);
}
