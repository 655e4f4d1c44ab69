//! The mouse, on request only (`mouse = true`; issue 11): a click selects
//! a row or a tab, the wheel moves the selection, both through the same
//! actions as keys. Off by default; only button reports (?1000, SGR ?1006)
//! are asked for, never motion, and the terminal gets them turned off again.

use crate::common::pty::Session;
use crate::common::small_db;
use crate::ui_support as support;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use support::{ADMIN, app_with, demo_db, keys, opts, render_buffer, type_text};
use zhucun::app::{App, Popup, Screen};
use zhucun::i18n::Lang;

const W: u16 = 100;
const H: u16 = 30;

fn app(mouse: bool) -> App {
    let mut o = opts(Lang::Zh);
    o.mouse = mouse;
    app_with(demo_db(), ADMIN, o)
}

/// Where `text` starts on the screen the app draws now (column, row).
fn at(app: &App, text: &str) -> (u16, u16) {
    try_at(app, text).unwrap_or_else(|| panic!("{text:?} is not on the screen"))
}

fn try_at(app: &App, text: &str) -> Option<(u16, u16)> {
    let buf = render_buffer(app, W, H);
    for y in 0..H {
        let mut line = String::new();
        let mut xs = Vec::new();
        let mut x = 0;
        while x < W {
            let sym = buf[(x, y)].symbol().to_string();
            let w = unicode_width::UnicodeWidthStr::width(sym.as_str()).max(1) as u16;
            for _ in sym.chars() {
                xs.push(x);
            }
            line.push_str(&sym);
            x += w;
        }
        if let Some(b) = line.find(text) {
            let k = line[..b].chars().count();
            return Some((xs[k], y));
        }
    }
    None
}

fn mouse(app: &mut App, kind: MouseEventKind, (column, row): (u16, u16)) {
    // A frame first: the click hits what the last frame showed.
    render_buffer(app, W, H);
    app.on_mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
}

fn click(app: &mut App, text: &str) {
    let pos = at(app, text);
    mouse(app, MouseEventKind::Down(MouseButton::Left), pos);
}

fn wheel(app: &mut App, down: bool) {
    let kind = if down {
        MouseEventKind::ScrollDown
    } else {
        MouseEventKind::ScrollUp
    };
    mouse(app, kind, (10, 10));
}

#[test]
fn click_selects_the_row_clicked_and_the_wheel_moves_the_selection() {
    let mut a = app(true);
    assert_eq!(a.overview.sel.index, 0);
    click(&mut a, "贵定县");
    let name = |a: &App| a.overview.selected().unwrap().division.name.clone();
    assert_eq!(name(&a), "贵定县");
    click(&mut a, "福泉市");
    assert_eq!(name(&a), "福泉市");
    wheel(&mut a, true);
    wheel(&mut a, true);
    assert_eq!(name(&a), "贵定县");
    wheel(&mut a, false);
    assert_eq!(name(&a), "荔波县");
    // A click outside any row or tab does nothing.
    mouse(
        &mut a,
        MouseEventKind::Down(MouseButton::Left),
        (W - 1, H - 1),
    );
    assert_eq!(name(&a), "荔波县");
    // Enter opens the row the click selected, as with keys.
    click(&mut a, "贵定县");
    keys(&mut a, "<Enter>");
    assert_eq!(a.overview.scope().name, "贵定县");
}

#[test]
fn click_on_a_tab_shows_that_screen() {
    let mut a = app(true);
    click(&mut a, "村列表");
    assert_eq!(a.screen, Screen::Villages);
    click(&mut a, "指导与提示");
    assert_eq!(a.screen, Screen::Guidance);
    click(&mut a, "总览");
    assert_eq!(a.screen, Screen::Overview);
}

#[test]
fn village_list_and_checklist_rows_take_clicks() {
    let mut a = app(true);
    keys(&mut a, "<Enter><Enter>");
    assert_eq!(a.screen, Screen::Villages);
    let third = a.villages.as_ref().unwrap().rows().nth(2).unwrap();
    let third = third.village.name.clone();
    click(&mut a, &third);
    let v = a.villages.as_ref().unwrap();
    assert_eq!(v.selected().unwrap().village.name, third);
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    // The checklist's rows sit between category headings: the click picks
    // the task on that row.
    let task = a.checklist.as_ref().unwrap().rows[4].task.number;
    let title = a.task_title(task);
    let head: String = title.chars().take(4).collect();
    click(&mut a, &head);
    assert_eq!(a.checklist.as_ref().unwrap().sel.index, 4);
}

#[test]
fn search_hits_take_the_wheel_and_clicks() {
    let mut a = app(true);
    keys(&mut a, "/");
    type_text(&mut a, "dy");
    let sel = |a: &App| match a.popups.last() {
        Some(Popup::Search { sel, hits, .. }) => hits[sel.index].division.name.clone(),
        _ => panic!("search open"),
    };
    assert_eq!(sel(&a), "都匀市");
    wheel(&mut a, true);
    assert_ne!(sel(&a), "都匀市");
    wheel(&mut a, false);
    assert_eq!(sel(&a), "都匀市");
    click(&mut a, "丹阳村");
    assert_eq!(sel(&a), "丹阳村");
    // The rows under the popup take no clicks while it is open.
    assert!(matches!(a.popups.last(), Some(Popup::Search { .. })));
}

#[test]
fn without_mouse_in_the_config_clicks_do_nothing() {
    let mut a = app(false);
    click(&mut a, "贵定县");
    assert_eq!(a.overview.sel.index, 0);
    wheel(&mut a, true);
    assert_eq!(a.overview.sel.index, 0);
    click(&mut a, "村列表");
    assert_eq!(a.screen, Screen::Overview);
}

// ---- the real binary: what is written to the terminal -----------------

const ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
const OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

fn count(s: &Session, what: &[u8]) -> usize {
    s.raw
        .lock()
        .unwrap()
        .windows(what.len())
        .filter(|w| *w == what)
        .count()
}

fn start(config: Option<&str>) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    if let Some(text) = config {
        let d = dir.path().join("config").join("zhucun");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("config.toml"), text).unwrap();
    }
    let s = Session::start(&db, &[], &[], W, H);
    (dir, s)
}

/// No motion tracking of any kind, ever (1002 button-motion, 1003 all
/// motion), nor the old UTF-8 and urxvt encodings crossterm also enables.
fn no_motion(s: &Session) {
    for mode in ["1002h", "1003h", "1005h", "1015h"] {
        let seq = format!("\x1b[?{mode}");
        assert_eq!(count(s, seq.as_bytes()), 0, "{mode} was turned on");
    }
}

#[test]
fn mouse_is_off_by_default() {
    let (_dir, mut s) = start(None);
    s.wait_for("下级完成情况", 30);
    // A click report (had the terminal sent one) changes nothing, and
    // its bytes are no keys.
    s.send("\x1b[<0;5;6M\x1b[<0;5;6m");
    s.send("q");
    assert!(s.wait_exit(std::time::Duration::from_secs(10)).is_some());
    assert_eq!(count(&s, b"\x1b[?1000h"), 0, "mouse reporting turned on");
    no_motion(&s);
}

#[test]
fn mouse_true_asks_for_presses_only_and_turns_them_off_on_quit_and_suspend() {
    let (_dir, mut s) = start(Some("mouse = true\n"));
    s.wait_for("下级完成情况", 30);
    assert_eq!(count(&s, ON), 1);
    // Click on 福泉市 (the second county), in the SGR form (1-based).
    let row = s
        .parser
        .lock()
        .unwrap()
        .screen()
        .rows(0, W)
        .position(|l| l.contains("福泉市"))
        .unwrap() as u16;
    s.send(&format!("\x1b[<0;4;{}M\x1b[<0;4;{}m", row + 1, row + 1));
    s.wait_until("福泉市 selected", 10, |f| f.selected("福泉市"));
    // Suspend: reporting off while stopped, on again when continued.
    s.send("\x1a");
    let stopped = std::time::Instant::now();
    while count(&s, OFF) == 0 {
        assert!(
            stopped.elapsed().as_secs() < 10,
            "mouse not turned off on suspend"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Continue it only once it is stopped: a SIGCONT that comes before the
    // stop does nothing, and the program would then stay stopped.
    while !stopped_state(s.pid()) {
        assert!(stopped.elapsed().as_secs() < 10, "never stopped");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.pid()),
        nix::sys::signal::Signal::SIGCONT,
    )
    .unwrap();
    while count(&s, ON) < 2 {
        assert!(stopped.elapsed().as_secs() < 10, "mouse not back after fg");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.send("q");
    assert!(s.wait_exit(std::time::Duration::from_secs(10)).is_some());
    // Wait for the reader to have everything the program wrote.
    let end = std::time::Instant::now();
    while count(&s, OFF) < 2 && end.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(count(&s, OFF), 2, "mouse turned off on quit");
    no_motion(&s);
}

#[test]
fn mouse_is_turned_off_on_hangup() {
    let (_dir, mut s) = start(Some("mouse = true\n"));
    s.wait_for("下级完成情况", 30);
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(s.pid()),
        nix::sys::signal::Signal::SIGHUP,
    )
    .unwrap();
    assert!(s.wait_exit(std::time::Duration::from_secs(10)).is_some());
    // Wait for the reader to have everything the program wrote.
    let end = std::time::Instant::now();
    while count(&s, OFF) == 0 && end.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(count(&s, OFF), 1);
}

#[test]
fn menu_rows_take_clicks_and_only_the_top_popup_counts() {
    let mut a = app(true);
    keys(&mut a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    keys(&mut a, "s");
    let menu_sel = |a: &App| match a.popups.last() {
        Some(Popup::StatusMenu { sel, .. }) => sel.index,
        _ => panic!("status menu open"),
    };
    let third = zhucun::domain::Status::ALL[2];
    click(&mut a, &format!("3 {}", Lang::Zh.status(third)));
    assert_eq!(menu_sel(&a), 2);
    let first = zhucun::domain::Status::ALL[0];
    click(&mut a, &format!("1 {}", Lang::Zh.status(first)));
    assert_eq!(menu_sel(&a), 0);
    // The checklist under the menu takes no click: its selection stays.
    let before = a.checklist.as_ref().unwrap().sel.index;
    let title = a.task_title(a.checklist.as_ref().unwrap().rows[6].task.number);
    let head: String = title.chars().take(4).collect();
    let pos = at(&a, &head);
    mouse(&mut a, MouseEventKind::Down(MouseButton::Left), pos);
    assert_eq!(a.checklist.as_ref().unwrap().sel.index, before);
    assert_eq!(menu_sel(&a), 0);
}

/// Whether process `pid` is stopped (state `T` in /proc/PID/stat).
fn stopped_state(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|st| {
            st.rsplit(')')
                .next()
                .map(|r| r.trim_start().starts_with('T'))
        })
        .unwrap_or(false)
}
