//! Helpers for the terminal UI tests: the demo database built once per test
//! binary, apps on it, key sequences, rendering through TestBackend.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zhucun::app::{App, Options, Request};
use zhucun::domain::{Catalogue, UserRole};
use zhucun::i18n::Lang;
use zhucun::store::Store;

pub use crate::common::{code, today};
/// The accounts the tests act as (pinned, so snapshots do not show the
/// machine's user name).
pub const ADMIN: &str = "tester";
pub const VIEWER: &str = "viewer1";
pub const LIAISON: &str = "liaison1";

/// The demo prefecture as of 2026-11-28, built once for this test binary.
/// Read-only tests open it directly; tests that write use [`copy_db`].
pub fn demo_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let mut store = Store::create(&path, &Catalogue::builtin(), today()).unwrap();
        zhucun::demo::load(&mut store, today()).unwrap();
        store.set_user(ADMIN, UserRole::Admin, None).unwrap();
        store
            .set_user(VIEWER, UserRole::Viewer, Some(&code("522701")))
            .unwrap();
        store
            .set_user(LIAISON, UserRole::Township, Some(&code("522701001")))
            .unwrap();
        drop(store);
        (dir, path)
    });
    path
}

/// A private copy of the demo database for a test that writes.
pub fn copy_db() -> (tempfile::TempDir, PathBuf) {
    let src = demo_db();
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("demo.db");
    // The builder closed its connection, so the file is complete (no WAL).
    std::fs::copy(src, &dst).unwrap();
    (dir, dst)
}

pub fn store_as(path: &Path, account: &str) -> Store {
    let mut s = Store::open_with(path, today(), false).unwrap();
    s.set_account_for_tests(account).unwrap();
    s
}

pub fn opts(lang: Lang) -> Options {
    Options {
        lang,
        ..Options::default()
    }
}

pub fn app_with(path: &Path, account: &str, o: Options) -> App {
    App::new(store_as(path, account), o).unwrap()
}

/// An app on the shared demo (do not write with it).
pub fn app(lang: Lang) -> App {
    app_with(demo_db(), ADMIN, opts(lang))
}

/// Send keys: plain characters, and `<Enter>`, `<Esc>`, `<Tab>`,
/// `<S-Tab>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<PgUp>`, `<PgDn>`,
/// `<Home>`, `<End>`, `<Bksp>`, `<Space>`, `<C-x>`.
pub fn keys(app: &mut App, seq: &str) {
    press(app, seq);
}

/// [`keys`], returning what the app asked of the terminal.
pub fn press(app: &mut App, seq: &str) -> Vec<Request> {
    let mut out = Vec::new();
    let mut chars = seq.chars().peekable();
    while let Some(c) = chars.next() {
        let ev = if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) {
            let mut name = String::new();
            for n in chars.by_ref() {
                if n == '>' {
                    break;
                }
                name.push(n);
            }
            named(&name)
        } else {
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
        };
        out.extend(app.on_key(ev));
    }
    out
}

/// Whether the requests the app returned include quitting.
pub fn quits(requests: &[Request]) -> bool {
    requests.iter().any(|r| matches!(r, Request::Quit))
}

fn named(name: &str) -> KeyEvent {
    let none = KeyModifiers::NONE;
    if let Some(c) = name.strip_prefix("C-") {
        return KeyEvent::new(
            KeyCode::Char(c.chars().next().unwrap()),
            KeyModifiers::CONTROL,
        );
    }
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "S-Tab" => KeyCode::BackTab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Bksp" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        other => panic!("unknown key <{other}>"),
    };
    KeyEvent::new(code, none)
}

/// Type text into whatever input is open (as an input method delivers it:
/// one character at a time).
pub fn type_text(app: &mut App, text: &str) {
    type_out(app, text);
}

/// [`type_text`], returning what the app asked of the terminal.
pub fn type_out(app: &mut App, text: &str) -> Vec<Request> {
    let mut out = Vec::new();
    for c in text.chars() {
        out.extend(app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    out
}

pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap()
}

/// Draw the app at `w` x `h` and return the screen as text, one line per
/// row between `|` marks. The cell after a wide character is skipped; if
/// anything but a blank sits there (text cut through a wide character),
/// the line ends with `<- CUT at column N`.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let buf = render_buffer(app, w, h);
    screen_text(&buf)
}

pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let w = buf.area.width as usize;
    let mut out = String::new();
    for row in buf.content().chunks(w) {
        let mut line = String::from("|");
        let mut cuts = Vec::new();
        let mut skip = 0usize;
        for (x, c) in row.iter().enumerate() {
            if skip > 0 {
                skip -= 1;
                if c.symbol() != " " {
                    cuts.push(x);
                }
                continue;
            }
            line.push_str(c.symbol());
            skip = unicode_width::UnicodeWidthStr::width(c.symbol()).saturating_sub(1);
        }
        line.push('|');
        if !cuts.is_empty() {
            line.push_str(&format!(" <- CUT at column {cuts:?}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Draw and return the buffer (for style checks).
pub fn render_buffer(app: &App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = terminal(w, h);
    t.draw(|f| zhucun::ui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The entry form on top of the popups (leave, recall, training, units
/// forms); panics naming what is there instead.
pub fn entry_form(a: &App) -> &zhucun::app::popup::EntryForm {
    match a.popups.last() {
        Some(zhucun::app::Popup::Entry(f)) => f,
        other => panic!(
            "entry form expected, got {:?} ({:?})",
            other.map(|p| p.ctx()),
            a.message
        ),
    }
}
