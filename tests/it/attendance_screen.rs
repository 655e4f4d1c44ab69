//! 考勤 on screen: snapshots at 80x24 and 140x40 in both languages, and
//! the grid's keys on the app state (fill, mark a range, save, conflict,
//! read only, a draft kept when the session ends).

use crate::ui_support::{
    LIAISON, VIEWER, app_with, copy_db, demo_db, keys, opts, render, store_as,
};
use zhucun::app::{App, Screen};
use zhucun::domain::Period;
use zhucun::domain::attendance::DayCode;
use zhucun::i18n::Lang;
use zhucun::store::SaveOutcome;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("attendance__{}", $name), $value);
        })
    };
}

fn code(s: &str) -> zhucun::domain::DivisionCode {
    crate::common::code(s)
}

/// The township's grid for October (saved, not closed), as the liaison.
fn township_october(lang: Lang) -> App {
    let mut a = app_with(demo_db(), LIAISON, opts(lang));
    a.open_attendance(&code("522701001")).unwrap();
    keys(&mut a, "[");
    a
}

#[test]
fn snapshots_zh_en_80x24_and_140x40() {
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = township_october(lang);
        assert_eq!(a.screen, Screen::Attendance);
        // The cursor on 雷菲 (under 20 days), the 9th.
        keys(&mut a, "jjj");
        a.attendance.as_mut().unwrap().day = 9;
        for (w, h) in [(80, 24), (140, 40)] {
            assert_screen!(format!("october_{l}_{w}x{h}"), render(&a, w, h));
        }
        // Scrolled by weeks at 80x24: the cursor on the 27th.
        keys(&mut a, "llllllllllllllllll");
        assert_eq!(a.attendance.as_ref().unwrap().day, 27);
        assert_screen!(format!("october_late_{l}_80x24"), render(&a, 80, 24));
    }
}

#[test]
fn a_key_from_the_village_list_opens_its_grid() {
    let mut a = app_with(demo_db(), LIAISON, opts(Lang::Zh));
    keys(&mut a, "a");
    assert_eq!(a.screen, Screen::Attendance);
    let v = a.attendance.as_ref().unwrap();
    assert_eq!(v.scope.code.level(), zhucun::domain::Level::Village);
    keys(&mut a, "<Esc>");
    assert_ne!(a.screen, Screen::Attendance);
}

#[test]
fn fill_mark_save_and_the_flag() {
    let (_d, path) = copy_db();
    let mut a = app_with(&path, LIAISON, opts(Lang::En));
    let village = code("522701001201");
    a.open_attendance(&village).unwrap();
    // This month (November, today the 28th): clear the first cadre's
    // month, fill it, then mark the 2nd..13th as absent.
    keys(&mut a, "<Home>");
    let v = a.attendance.as_mut().unwrap();
    v.day = 1;
    keys(&mut a, "v");
    a.attendance.as_mut().unwrap().day = 30;
    keys(&mut a, "0f");
    let v = a.attendance.as_ref().unwrap();
    assert!(v.dirty);
    assert_eq!(v.grid.as_ref().unwrap().lines[0].totals().in_village, 30);
    a.attendance.as_mut().unwrap().day = 2;
    keys(&mut a, "v");
    a.attendance.as_mut().unwrap().day = 13;
    keys(&mut a, "7");
    let l = &a.attendance.as_ref().unwrap().grid.as_ref().unwrap().lines[0];
    assert_eq!(l.totals().in_village, 18);
    assert!(l.totals().below);
    assert!(render(&a, 80, 24).contains('!'), "the flag shows");
    keys(&mut a, "w");
    let v = a.attendance.as_ref().unwrap();
    assert!(!v.dirty, "{:?}", a.message);
    let s = store_as(&path, LIAISON);
    let g = s
        .attendance_grid(&village, Period::parse("2026-11").unwrap())
        .unwrap();
    assert_eq!(g.lines[0].row.cells[1], Some(DayCode::Absent));
    assert_eq!(g.lines[0].totals().in_village, 18);
}

#[test]
fn a_conflict_keeps_the_typed_grid_and_keep_mine_writes_it() {
    let (_d, path) = copy_db();
    let mut a = app_with(&path, LIAISON, opts(Lang::Zh));
    let village = code("522701001201");
    a.open_attendance(&village).unwrap();
    keys(&mut a, "[");
    a.attendance.as_mut().unwrap().day = 5;
    keys(&mut a, "5");
    // A colleague saves October meanwhile.
    let mut other = store_as(&path, LIAISON);
    let oct = Period::parse("2026-10").unwrap();
    let mut g = other.attendance_grid(&village, oct).unwrap();
    g.lines[0].row.set(6, Some(DayCode::Rest));
    assert!(matches!(
        other.save_attendance(oct, &g.to_save()).unwrap(),
        SaveOutcome::Saved { .. }
    ));
    keys(&mut a, "<C-s>");
    let v = a.attendance.as_ref().unwrap();
    assert!(matches!(
        v.prompt,
        Some(zhucun::app::attendance::Prompt::Conflict(_))
    ));
    assert!(v.dirty, "the typed grid is kept");
    assert!(render(&a, 80, 24).contains("冲突"));
    keys(&mut a, "<Esc>");
    assert!(a.attendance.as_ref().unwrap().prompt.is_none());
    keys(&mut a, "w1");
    assert!(!a.attendance.as_ref().unwrap().dirty, "{:?}", a.message);
    let g = store_as(&path, LIAISON)
        .attendance_grid(&village, oct)
        .unwrap();
    assert_eq!(g.lines[0].row.cells[4], Some(DayCode::SickLeave));
}

#[test]
fn a_viewer_reads_only_and_nothing_changes() {
    let mut a = app_with(demo_db(), VIEWER, opts(Lang::En));
    a.open_attendance(&code("522701001201")).unwrap();
    let before = a.attendance.as_ref().unwrap().grid.clone();
    keys(&mut a, "1f");
    let v = a.attendance.as_ref().unwrap();
    assert!(!v.dirty);
    assert_eq!(v.grid, before);
    assert!(a.message.as_ref().unwrap().text.contains("reads it only"));
}

#[test]
fn unsaved_changes_ask_on_esc_and_survive_the_end_of_a_session() {
    let (d, path) = copy_db();
    let drafts = d.path().join("drafts");
    let mut a = app_with(&path, LIAISON, opts(Lang::En));
    a.keep_drafts_in(drafts.clone());
    let village = code("522701001201");
    a.open_attendance(&village).unwrap();
    keys(&mut a, "[");
    a.attendance.as_mut().unwrap().day = 3;
    keys(&mut a, "6<Esc>");
    let v = a.attendance.as_ref().unwrap();
    assert!(v.prompt.is_some(), "Esc asks");
    assert!(render(&a, 80, 24).contains("Unsaved attendance"));
    keys(&mut a, "<Esc>");
    // The session ends (hang-up, Ctrl-C): the grid is kept as a draft.
    assert!(a.save_draft_if_editing());
    drop(a);
    let mut b = app_with(&path, LIAISON, opts(Lang::En));
    b.keep_drafts_in(drafts);
    b.open_attendance(&village).unwrap();
    let v = b.attendance.as_ref().unwrap();
    assert!(v.dirty);
    assert_eq!(v.month, Period::parse("2026-10").unwrap());
    assert_eq!(
        v.grid.as_ref().unwrap().lines[0].row.cells[2],
        Some(DayCode::Rest)
    );
    assert!(b.message.as_ref().unwrap().text.contains("Restored"));
}

fn grid_jobs(r: Vec<zhucun::app::Request>) -> Vec<zhucun::app::attendance::GridJob> {
    r.into_iter()
        .filter_map(|r| match r {
            zhucun::app::Request::Write(zhucun::app::writes::Job::Grid(j)) => Some(*j),
            _ => None,
        })
        .collect()
}

/// With a writer (the real program), a save goes to the writer and the
/// grid stays live: a cell typed while it runs stays unsaved (and is
/// saved by the next save), a second save waits for the first, and the
/// unsaved-changes prompt's "save" leaves once the save is done.
#[test]
fn a_save_goes_to_the_writer_and_edits_made_meanwhile_stay_unsaved() {
    let (_d, path) = copy_db();
    let mut a = app_with(&path, LIAISON, opts(Lang::En));
    a.write_in_background();
    let village = code("522701001201");
    a.open_attendance(&village).unwrap();
    keys(&mut a, "[");
    a.attendance.as_mut().unwrap().day = 3;
    keys(&mut a, "6");
    let mut jobs = grid_jobs(crate::ui_support::press(&mut a, "w"));
    assert_eq!(jobs.len(), 1);
    assert!(a.writes_pending());
    assert!(render(&a, 100, 30).contains("Saving"), "says it is saving");
    // Typed while the save runs: the 4th, then another save (refused for
    // now, said so) and Esc (waits too).
    a.attendance.as_mut().unwrap().day = 4;
    keys(&mut a, "5");
    assert!(grid_jobs(crate::ui_support::press(&mut a, "w<Esc>")).is_empty());
    assert_eq!(a.screen, Screen::Attendance);
    let mut w = store_as(&path, LIAISON);
    let job = jobs.remove(0);
    let outcome = zhucun::app::attendance::perform(&mut w, &job);
    assert!(matches!(outcome, Ok(SaveOutcome::Saved { .. })));
    assert!(grid_jobs(a.grid_done(Box::new(job), outcome)).is_empty());
    assert!(!a.writes_pending());
    let v = a.attendance.as_ref().unwrap();
    assert!(v.dirty, "the 4th was typed after the save was asked");
    let month = Period::parse("2026-10").unwrap();
    let stored = |w: &zhucun::store::Store| {
        w.attendance_grid(&village, month).unwrap().lines[0]
            .row
            .cells
            .clone()
    };
    assert_eq!(stored(&w)[2], Some(DayCode::Rest));
    assert_ne!(stored(&w)[3], Some(DayCode::SickLeave));
    // Esc asks; "save" saves, and leaves once the writer is done.
    keys(&mut a, "<Esc>");
    assert!(a.attendance.as_ref().unwrap().prompt.is_some());
    let mut jobs = grid_jobs(crate::ui_support::press(&mut a, "1"));
    assert_eq!(jobs.len(), 1);
    assert_eq!(a.screen, Screen::Attendance, "still here while it saves");
    let job = jobs.remove(0);
    let outcome = zhucun::app::attendance::perform(&mut w, &job);
    a.grid_done(Box::new(job), outcome);
    assert_ne!(a.screen, Screen::Attendance, "left once saved");
    assert_eq!(stored(&w)[3], Some(DayCode::SickLeave));
}
