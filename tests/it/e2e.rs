//! End-to-end: the real binary in a pseudo-terminal on the demo prefecture.

use crate::common;
use crate::common::pty;

use common::*;
use pty::{DOWN, Session, demo_copy, open_first_village_of_duyun};
use std::time::Duration;
use zhucun::domain::Period;
use zhucun::store::Store;

const ESC: &str = "\x1b";
const NOTE: &str = "已召开院坝会，到会42人";

/// A frame drawn at the terminal's current size: its bottom row is the key
/// line (a frame of another size leaves another row, or none, there).
fn drawn_at_this_size(f: &pty::Frame) -> bool {
    f.last_row().contains("q 退出")
}

fn progress_rate(db: &std::path::Path, code: &str) -> f64 {
    let s = Store::open(db, today()).unwrap();
    s.progress(&common::code(code), Period::parse("2026-11").unwrap())
        .unwrap()
        .rate()
        .unwrap()
}

#[test]
fn search_mark_done_with_a_chinese_note_quit_and_find_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let (town0, county0) = (
        progress_rate(&db, "522701001"),
        progress_rate(&db, "522701"),
    );
    let mut s = Session::start(&db, &[], &[], 140, 40);
    open_first_village_of_duyun(&mut s);
    // Task 4 (三会一课) is still open in the demo for this community.
    s.send(&DOWN.repeat(3));
    s.send("x");
    s.send("e");
    s.wait_for("┌ 备注 · ", 5);
    s.send(NOTE);
    s.send("\r");
    let me = zhucun::store::identity::account_name();
    let me = &me[..me.len().min(6)];
    // The whole row: a frame may arrive in more than one read.
    let screen = s.wait_until(
        "the note saved in the checklist, with its recorder",
        10,
        |f| !f.contains("┌ 备注 · ") && f.rows.iter().any(|l| l.contains(NOTE) && l.contains(me)),
    );
    let line = screen.lines().find(|l| l.contains(NOTE)).unwrap();
    assert!(line.contains("已完成") && line.contains(me), "{line}");
    // The township's and county's percentages moved.
    let (town1, county1) = (
        progress_rate(&db, "522701001"),
        progress_rate(&db, "522701"),
    );
    assert!(
        town1 > town0 && county1 > county0,
        "{town0}->{town1}, {county0}->{county1}"
    );
    s.send(ESC);
    s.wait_for("村列表 · 广惠街道", 10);
    s.send(ESC);
    let shown = format!("{:.1}%", town1 * 100.0);
    let overview = s.wait_until(&format!("the overview showing {shown}"), 10, |f| {
        f.contains("下级完成情况") && f.contains(&shown)
    });
    assert!(
        overview.contains(&shown),
        "overview does not show {shown}:\n{overview}"
    );
    s.send("q");
    assert!(
        s.wait_exit(Duration::from_secs(5)).is_some(),
        "q did not quit"
    );
    drop(s);

    let mut again = Session::start(&db, &[], &[], 140, 40);
    open_first_village_of_duyun(&mut again);
    let screen = again.wait_for(NOTE, 10);
    assert!(screen.contains("已完成"));
    again.send("q");
    assert!(again.wait_exit(Duration::from_secs(5)).is_some());
}

#[test]
fn resizing_keeps_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 80, 24);
    open_first_village_of_duyun(&mut s);
    s.send(&DOWN.repeat(2));
    s.wait_until("task 3 selected", 10, |f| f.selected("驻村干部学习培训"));
    for (w, h) in [(100, 30), (140, 40), (200, 60), (80, 24)] {
        s.resize(w, h);
        let screen = s.wait_until(&format!("the checklist drawn at {w}x{h}"), 10, |f| {
            drawn_at_this_size(f) && f.contains("任务清单 · 月邻社区")
        });
        assert!(
            screen
                .lines()
                .any(|l| l.contains('▶') && l.contains("驻村干部学习培训")),
            "selection lost at {w}x{h}:\n{screen}"
        );
    }
    s.resize(60, 20);
    s.wait_for("终端太小", 10);
    s.resize(80, 24);
    let screen = s.wait_until("the checklist drawn at 80x24 again", 10, |f| {
        drawn_at_this_size(f) && f.contains("任务清单 · 月邻社区")
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("驻村干部学习培训")),
        "{screen}"
    );
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}

#[test]
fn sighup_while_typing_keeps_a_draft_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut s);
    s.send(&DOWN.repeat(3));
    s.send("e");
    s.wait_for("┌ 备注 · ", 5);
    s.send("断线前正在输入的备注");
    s.wait_for("断线前正在输入的备注", 5);
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.pid()),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    // The program's own deadline is under a second (`EXIT_DEADLINE` in
    // src/tui/mod.rs; measured by `cargo bench --bench ui`); the test only
    // asks that it goes, with room for a loaded machine.
    let took = s
        .wait_exit(Duration::from_secs(10))
        .expect("still running 10 s after SIGHUP");
    println!("exit after SIGHUP: {} ms", took.as_millis());
    let c = rusqlite::Connection::open(&db).unwrap();
    let (task, note): (i64, String) = c
        .query_row(
            "SELECT task, note FROM draft WHERE village = '522701001001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(task, 4);
    assert_eq!(note, "断线前正在输入的备注");
    // Nothing was recorded as done by the interrupted edit.
    let status: Option<String> = c
        .query_row("SELECT status FROM completion WHERE village = '522701001001' AND task = 4 AND period = '2026-11'", [], |r| r.get(0))
        .ok();
    assert_eq!(status, None);
    drop(s);
    // Reopening the note editor brings the draft back.
    let mut again = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut again);
    again.send(&DOWN.repeat(3));
    again.send("e");
    again.wait_for("断线前正在输入的备注", 10);
}

#[test]
fn no_color_is_usable_and_sends_no_colours() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[("NO_COLOR", "1")], 80, 24);
    open_first_village_of_duyun(&mut s);
    s.send(DOWN);
    let screen = s.wait_until("task 2 selected", 5, |f| f.selected("入户解读惠民政策"));
    // The selection is visible without colour: a marker and reverse video.
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("入户解读惠民政策")),
        "{screen}"
    );
    let raw = s.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    for sgr in sgr_parameters(&text) {
        for p in sgr.split(';') {
            let n: u32 = p.parse().unwrap_or(0);
            assert!(
                !(30..=49).contains(&n) && !(90..=107).contains(&n),
                "colour SGR {sgr:?} sent under NO_COLOR"
            );
        }
    }
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}

/// The parameter strings of every `ESC [ ... m` sequence.
fn sgr_parameters(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        let tail = &rest[i + 2..];
        let end = tail
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(tail.len());
        if tail[end..].starts_with('m') {
            out.push(tail[..end].to_string());
        }
        rest = &tail[end.min(tail.len())..];
    }
    out
}

#[test]
fn export_from_the_overview_writes_a_workbook_and_stays_live() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    // The form offers the home directory, not the working directory.
    let home = tempfile::tempdir().unwrap();
    let home_s = home.path().to_str().unwrap();
    let mut s = Session::start(&db, &[], &[("HOME", home_s)], 140, 40);
    s.wait_for("下级完成情况", 30);
    s.send("\r");
    s.wait_for("› 都匀市", 10);
    s.send("E");
    s.wait_for("保存到", 10);
    s.send("\r");
    let screen = s.wait_for("已导出", 60);
    let line = screen
        .lines()
        .find(|l| l.contains("已导出"))
        .unwrap()
        .to_string();
    let in_cwd = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.path().extension().is_some_and(|x| x == "xlsx"));
    assert!(!in_cwd, "nothing is written to the working directory");
    let files: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "驻村完成情况_都匀市_2026年11月.xlsx");
    assert!(line.contains("驻村完成情况_都匀市"), "{line}");
    assert!(std::fs::read(&files[0]).unwrap().starts_with(b"PK"));
    // A second export never overwrites the first.
    s.send("E");
    s.wait_for("保存到", 10);
    s.send("\r");
    s.wait_for("-2.xlsx", 60);
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}
