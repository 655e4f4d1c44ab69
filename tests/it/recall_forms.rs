//! The recall ledger's forms (召回台账, issue 13): `i` records an incident
//! about the selected case's cadre, `o` opens a case by hand, and a step
//! that needs input (决定: the document number; 补派: the replacement;
//! 约谈: a note) opens a small form instead of naming a CLI command. Each
//! writes through the store calls the CLI uses; refusals (a bad date, a
//! missing document number, a permission) stay in the form with the text.

use crate::ui_support::*;
use zhucun::app::recall::{IF_DATE, IF_NOTE, OF_CADRE};
use zhucun::app::{App, Screen};
use zhucun::domain::recall::Stage;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("recall_forms__{}", $name), $value);
        })
    };
}

use crate::ui_support::entry_form as form;

fn ledger(db: &std::path::Path, account: &str, lang: Lang) -> App {
    let mut a = app_with(db, account, opts(lang));
    keys(&mut a, "R");
    assert_eq!(a.screen, Screen::Recall);
    a
}

/// Select the case `id` in the ledger.
fn select(a: &mut App, id: i64) {
    let v = a.recall.as_mut().unwrap();
    v.sel.index = v.cases().iter().position(|c| c.id == id).unwrap();
}

fn stage_of(a: &App, id: i64) -> zhucun::store::RecallCase {
    a.recall
        .as_ref()
        .unwrap()
        .cases()
        .iter()
        .find(|c| c.id == id)
        .unwrap()
        .clone()
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn retype(a: &mut App, text: &str) {
    keys(a, "<C-u>");
    type_text(a, text);
}

#[test]
fn i_records_an_incident_about_the_selected_cadre() {
    let (_d, db) = copy_db();
    let n = count(&db, "SELECT count(*) FROM incident");
    let mut a = ledger(&db, ADMIN, Lang::Zh);
    // Case 3 (周妍, 核实).
    select(&mut a, 3);
    keys(&mut a, "i");
    assert!(form(&a).title.contains("周妍"));
    // Kind: → to the second; the day; source: → to the second; a note.
    keys(&mut a, "<Right><Tab>");
    retype(&mut a, "2026-11-20");
    keys(&mut a, "<Tab><Right><Tab>");
    type_text(&mut a, "群众反映两周未见到人");
    assert_eq!(form(&a).fields[IF_NOTE].typed(), "群众反映两周未见到人");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert!(a.message.as_ref().unwrap().text.starts_with("已记录问题"));
    assert_eq!(count(&db, "SELECT count(*) FROM incident"), n + 1);
    let (kind, source, on): (String, String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT kind, source, on_date FROM incident ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((kind.as_str(), source.as_str()), ("disobedient", "public"));
    assert_eq!(on, "2026-11-20");
    // Enter shows it among the case's incidents.
    select(&mut a, 3);
    keys(&mut a, "<Enter>");
    assert!(render(&a, 140, 40).contains("群众反映两周未见到人"));
}

#[test]
fn o_opens_a_case_by_hand_and_a_second_one_is_refused_in_the_form() {
    let (_d, db) = copy_db();
    let n = count(&db, "SELECT count(*) FROM recall_case");
    let mut a = ledger(&db, ADMIN, Lang::Zh);
    keys(&mut a, "o");
    type_text(&mut a, "朱蓉");
    assert_eq!(form(&a).fields[OF_CADRE].picked().unwrap().id, 1);
    keys(&mut a, "<Tab><Tab>");
    type_text(&mut a, "多次联系不上");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    assert!(a.message.as_ref().unwrap().text.contains("朱蓉"));
    assert_eq!(count(&db, "SELECT count(*) FROM recall_case"), n + 1);
    // The same cadre again: refused, the form and its text stay.
    keys(&mut a, "o");
    type_text(&mut a, "朱蓉");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert!(f.error.is_some());
    assert_eq!(f.fields[OF_CADRE].typed(), "朱蓉");
    assert_eq!(count(&db, "SELECT count(*) FROM recall_case"), n + 1);
    // On a case that ended (case 4, 约谈), the form starts on its cadre.
    keys(&mut a, "<Esc>j<Enter>");
    assert!(a.popups.is_empty());
    select(&mut a, 4);
    keys(&mut a, "o");
    assert_eq!(form(&a).fields[OF_CADRE].picked().unwrap().id, 533);
}

#[test]
fn a_decision_asks_for_its_document_number_in_a_form() {
    let (_d, db) = copy_db();
    let mut a = ledger(&db, ADMIN, Lang::Zh);
    // Case 3 is at 核实: the next step, 决定, needs a document number.
    select(&mut a, 3);
    keys(&mut a, "n");
    let f = form(&a);
    assert!(f.title.contains("决定"), "{}", f.title);
    // Nothing typed: refused at the field, nothing written.
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, 0);
    assert_eq!(f.error.as_deref(), Some("文号：必填"));
    assert_eq!(stage_of(&a, 3).stage, Stage::Verifying);
    type_text(&mut a, "黔南组通〔2026〕12号");
    for (w, h) in [(80, 24), (140, 40)] {
        assert_screen!(format!("decision_zh_{w}x{h}"), render(&a, w, h));
    }
    keys(&mut a, "<Enter><Enter><Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let c = stage_of(&a, 3);
    assert_eq!(c.stage, Stage::Decided);
    assert_eq!(c.doc_no.as_deref(), Some("黔南组通〔2026〕12号"));
    // 通知 and 离村 need nothing; 补派 asks for the replacement.
    select(&mut a, 3);
    keys(&mut a, "n");
    select(&mut a, 3);
    keys(&mut a, "n");
    assert_eq!(stage_of(&a, 3).stage, Stage::Left);
    select(&mut a, 3);
    keys(&mut a, "n");
    assert!(form(&a).title.contains("补派"), "{}", form(&a).title);
    type_text(&mut a, "王新");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "州农业农村局");
    keys(&mut a, "<Tab>");
    // A day before the case's last step: refused by the store, in the form.
    retype(&mut a, "2026-11-27");
    keys(&mut a, "<C-s>");
    let e = form(&a).error.clone().unwrap();
    assert!(e.contains("早于案件上一步的日期"), "{e}");
    assert_eq!(form(&a).fields[0].typed(), "王新");
    retype(&mut a, "2026-11-28");
    keys(&mut a, "<C-s>");
    assert!(a.popups.is_empty(), "{:?}", form(&a).error);
    let c = stage_of(&a, 3);
    assert_eq!(c.stage, Stage::Replaced);
    assert_eq!(c.replacement_name.as_deref(), Some("王新"));
}

#[test]
fn t_ends_a_case_in_a_talk_with_a_note() {
    let (_d, db) = copy_db();
    let mut a = ledger(&db, ADMIN, Lang::En);
    select(&mut a, 5);
    keys(&mut a, "t");
    assert_eq!(stage_of(&a, 5).stage, Stage::Lead, "nothing written yet");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "talked it through with the township");
    for (w, h) in [(80, 24), (140, 40)] {
        assert_screen!(format!("talk_en_{w}x{h}"), render(&a, w, h));
    }
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{:?}", a.message);
    let c = stage_of(&a, 5);
    assert_eq!(c.stage, Stage::Talk);
    assert_eq!(c.note, "talked it through with the township");
}

#[test]
fn a_bad_date_and_a_permission_are_refused_in_the_form() {
    let (_d, db) = copy_db();
    let n = count(&db, "SELECT count(*) FROM incident");
    let mut a = ledger(&db, ADMIN, Lang::Zh);
    select(&mut a, 3);
    keys(&mut a, "i<Tab>");
    retype(&mut a, "2026-02-30");
    keys(&mut a, "<Tab><Tab>");
    type_text(&mut a, "备注保留");
    keys(&mut a, "<C-s>");
    let f = form(&a);
    assert_eq!(f.focus, IF_DATE);
    assert!(f.error.as_deref().unwrap().contains("“2026-02-30”不是日期"));
    assert_eq!(f.fields[IF_NOTE].typed(), "备注保留");
    assert_eq!(count(&db, "SELECT count(*) FROM incident"), n);
    // A viewer sees its county's cases, and may not record an incident.
    let mut v = ledger(&db, VIEWER, Lang::Zh);
    keys(&mut v, "i");
    keys(&mut v, "<Tab><Tab><Tab>");
    type_text(&mut v, "看看");
    keys(&mut v, "<C-s>");
    let f = form(&v);
    let e = f.error.as_deref().unwrap();
    assert!(e.contains(VIEWER), "{e}");
    assert_eq!(f.fields[IF_NOTE].typed(), "看看");
    assert_eq!(count(&db, "SELECT count(*) FROM incident"), n);
}

#[test]
fn snap_the_incident_form() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, db) = copy_db();
        let mut a = ledger(&db, ADMIN, lang);
        select(&mut a, 3);
        keys(&mut a, "i<Tab><Tab><Right><Right><Tab>");
        type_text(
            &mut a,
            if lang == Lang::Zh {
                "乡镇反映"
            } else {
                "from the township"
            },
        );
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("incident_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}
