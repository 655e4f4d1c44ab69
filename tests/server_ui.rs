//! The shared-server properties seen through the real terminal UI: text
//! another user stored reaches no terminal raw, and another process's
//! change appears in a running UI within a second.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
#[path = "common/pty.rs"]
mod pty;
mod server_common;

use common::*;
use pty::Session;
use std::time::{Duration, Instant};
use zhucun::store::Store;

const ESC: &str = "\x1b";

/// Byte sequences that only a payload could have put in the output (the UI
/// itself never sends OSC, BEL, BS, DEL, VT, FF or C1 controls).
fn assert_no_payload(what: &str, raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    for (name, seq) in [
        ("OSC", "\x1b]"),
        ("payload screen clear", "\x1b[2J\x1b[H清屏"),
        ("payload cursor move", "\x1b[10;10H右"),
        ("payload colour", "\x1b[31;1m红色"),
        ("carriage return inside text", "done\roverdue"),
    ] {
        assert!(!text.contains(seq), "{what}: {name} sent to the terminal");
    }
    for b in [0x07u8, 0x08, 0x0b, 0x0c, 0x7f] {
        assert!(
            !raw.contains(&b),
            "{what}: raw byte {b:#04x} sent to the terminal"
        );
    }
    if let Some(c) = text.chars().find(|c| {
        let u = *c as u32;
        (0x80..=0x9f).contains(&u) || (c.is_control() && !matches!(c, '\x1b' | '\r' | '\n')) || {
            // Invisible and reordering characters the sanitiser removes.
            zhucun::domain::text::is_dangerous(*c) && !matches!(c, '\x1b' | '\r' | '\n')
        }
    }) {
        panic!("{what}: U+{:04X} sent to the terminal", c as u32);
    }
}

#[test]
fn payloads_stored_through_every_path_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    {
        let mut s = Store::open(&db, today()).unwrap();
        server_common::seed_payloads(&mut s);
    }
    // Rows written behind the program's back (a restored file, a direct SQL
    // edit): display must clean them too.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "UPDATE division SET name = ?1 WHERE code = '522701001202'",
            ["竹\u{1b}]0;x\u{7}溪\u{202e}村"],
        )
        .unwrap();
        c.execute(
            "UPDATE completion SET note = ?1 WHERE village = '522701001201' AND task = 1",
            ["直接\u{1b}[2J\u{1b}[H清屏\u{9b}31m\u{2028}写入"],
        )
        .unwrap();
    }
    let mut s = Session::start(&db, &[], &[], 140, 40);
    let mut screens = 0;
    let mut visit = |s: &mut Session, keys: &str, expect: &str| {
        s.send(keys);
        s.wait_for(expect, 15);
        screens += 1;
    };
    visit(&mut s, "", "下级完成情况");
    visit(&mut s, "\r", "都匀市");
    visit(&mut s, "\r", "村列表 · 广惠街道");
    visit(&mut s, "j", "松岭村");
    visit(&mut s, "\r", "任务清单 · 松岭村");
    visit(&mut s, "\r", "任务详情");
    visit(&mut s, ESC, "任务清单 · 松岭村");
    visit(&mut s, "t", "第一书记");
    visit(&mut s, ESC, "任务清单 · 松岭村");
    visit(&mut s, "jjj\r", "任务详情");
    visit(&mut s, ESC, "任务清单 · 松岭村");
    visit(&mut s, "p", "指导与提示");
    visit(&mut s, "\r", "要点");
    visit(&mut s, ESC, "指导与提示");
    visit(&mut s, "/", "搜索");
    visit(&mut s, "竹", "竹");
    visit(&mut s, ESC, "指导与提示");
    visit(&mut s, "?", "帮助");
    let raw = s.raw.lock().unwrap().clone();
    assert_no_payload("every screen", &raw);
    // The visible parts of the payloads did arrive, as text.
    assert!(String::from_utf8_lossy(&raw).contains("清屏"));
    let corpus = server_common::payloads().len();
    println!(
        "injection: {corpus} payloads plus 2 rows written behind the program's back, {screens} screens and popups, 0 raw control sequences"
    );
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}

#[test]
fn another_process_change_appears_in_a_running_ui_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Session::start(&db, &[], &[], 140, 40);
    s.wait_for("下级完成情况", 15);
    s.send("\r");
    s.wait_for("广惠街道", 10);
    s.send("\r");
    s.wait_for("村列表 · 广惠街道", 10);
    s.send("j\r");
    s.wait_for("任务清单 · 松岭村", 10);
    // Start typing a note: the live update must not disturb it.
    s.send("jj");
    let out = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "1",
            "--status",
            "done",
            "--note",
            "另一位同事刚刚记录",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let committed = Instant::now();
    s.wait_for("另一位同事刚刚记录", 5);
    let took = committed.elapsed();
    println!(
        "live update: another process's commit on screen after {} ms",
        took.as_millis()
    );
    assert!(took < Duration::from_millis(1500), "took {took:?}");
    // The selection did not move: still on task 3 (after two moves down).
    let screen = s.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains('▶') && l.contains("驻村干部学习培训")),
        "{screen}"
    );
    s.send("q");
    assert!(s.wait_exit(Duration::from_secs(5)).is_some());
}
