//! `TERM=linux` (the Linux text console) draws in ASCII by itself, without
//! asking the terminal; `--no-ascii` and `ascii = false` in the config file
//! still win (issue 11).

use crate::common::pty::Session;
use crate::common::small_db;

/// The cursor position request the width probe writes.
const PROBE: &[u8] = b"\x1b[6n";

fn wrote(s: &Session, what: &[u8]) -> bool {
    s.raw.lock().unwrap().windows(what.len()).any(|w| w == what)
}

fn start(args: &[&str], config: Option<&str>) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    if let Some(text) = config {
        let d = dir.path().join("config").join("zhucun");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("config.toml"), text).unwrap();
    }
    let s = Session::start(&db, args, &[("TERM", "linux")], 100, 30);
    (dir, s)
}

#[test]
fn the_text_console_draws_in_ascii_without_a_probe() {
    let (_dir, s) = start(&[], None);
    let screen = s.wait_for("下级完成情况", 30);
    assert!(screen.contains("+-"), "ASCII corners:\n{screen}");
    assert!(!screen.contains('┌') && !screen.contains('│'), "{screen}");
    assert!(!wrote(&s, PROBE), "the console is not asked for its width");
}

#[test]
fn no_ascii_on_the_command_line_still_wins() {
    let (_dir, s) = start(&["--no-ascii"], None);
    let screen = s.wait_for("下级完成情况", 30);
    assert!(screen.contains('┌'), "box characters:\n{screen}");
    assert!(!wrote(&s, PROBE));
}

#[test]
fn ascii_false_in_the_config_still_wins() {
    let (_dir, s) = start(&[], Some("ascii = false\n"));
    let screen = s.wait_for("下级完成情况", 30);
    assert!(screen.contains('┌'), "box characters:\n{screen}");
}
