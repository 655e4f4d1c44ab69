//! Drive the real binary in a pseudo-terminal and read its screen.
//!
//! Nothing here sleeps for a fixed time to let the program catch up: a test
//! sends keys and then waits (with a generous timeout) for a state of the
//! screen that only the frame after those keys can show. Keys are handled in
//! the order they arrive, so several sends in a row need no wait between
//! them, except after Esc: an Esc and the next key read together are one
//! Alt+key, so after an Esc the next `send` panics unless a wait came first.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::cell::Cell;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checks on raw output.
    pub raw: Arc<Mutex<Vec<u8>>>,
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn Child + Send + Sync>,
    /// The last send ended in Esc and no wait has happened since.
    esc_pending: Cell<bool>,
}

/// The screen at one moment.
pub struct Frame {
    /// All rows, trailing blanks trimmed, joined by newlines.
    pub text: String,
    /// Every row of the terminal at its current size, top to bottom.
    pub rows: Vec<String>,
}

impl Frame {
    fn of(screen: &vt100::Screen) -> Frame {
        let (_, cols) = screen.size();
        Frame {
            text: screen.contents(),
            rows: screen.rows(0, cols).collect(),
        }
    }

    pub fn contains(&self, text: &str) -> bool {
        self.text.contains(text)
    }

    /// The bottom row of the terminal at its current size.
    pub fn last_row(&self) -> &str {
        self.rows.last().map_or("", String::as_str)
    }

    /// Whether the selected line (marked ▶) contains `text`.
    pub fn selected(&self, text: &str) -> bool {
        self.rows
            .iter()
            .any(|l| l.contains('▶') && l.contains(text))
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Session {
    /// Start `zhucun --db DB --today 2026-11-28 ARGS` at `cols` x `rows`.
    pub fn start(db: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zhucun"));
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(["--today", super::TODAY]);
        cmd.args(args);
        cmd.cwd(db.parent().unwrap());
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("ZHUCUN_CONFIG");
        cmd.env_remove("ZHUCUN_LANG");
        let cfg = db.parent().unwrap().join("config");
        cmd.env("XDG_CONFIG_HOME", &cfg);
        cmd.env("XDG_DATA_HOME", db.parent().unwrap().join("data"));
        cmd.env("XDG_STATE_HOME", db.parent().unwrap().join("state"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn zhucun");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Session {
            parser,
            raw,
            master: pair.master,
            writer: Some(writer),
            child,
            esc_pending: Cell::new(false),
        }
    }

    /// Send bytes as typed (keys: "\r" Enter, "\x1b" Esc, "\x1b[B" Down ...).
    pub fn send(&mut self, keys: &str) {
        assert!(
            !self.esc_pending.get(),
            "wait for what the Esc does before sending {keys:?}: read together they are Alt+key"
        );
        let w = self.writer.as_mut().expect("input open");
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
        self.esc_pending.set(keys.ends_with('\x1b'));
    }

    /// Wait until the screen contains `text`; panics with the screen after
    /// `secs`. The text must be one that only the awaited frame shows.
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
        self.wait_until(&format!("{text:?}"), secs, |f| f.contains(text))
    }

    /// Wait until `ok` holds for the screen (`what` says what it waits for);
    /// returns the screen it held for; panics with the screen after `secs`.
    pub fn wait_until(&self, what: &str, secs: u64, ok: impl Fn(&Frame) -> bool) -> String {
        self.esc_pending.set(false);
        let end = Instant::now() + Duration::from_secs(secs);
        loop {
            let f = Frame::of(self.parser.lock().unwrap().screen());
            if ok(&f) {
                return f.text;
            }
            if Instant::now() > end {
                panic!(
                    "screen never showed {what} within {secs} s; it shows:\n{}",
                    f.text
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resize the terminal. The screen model takes the new size before the
    /// program can hear of it, so every byte of the new frame lands on a
    /// screen of the new size. What was on the screen stays until the program
    /// redraws: wait for something only a frame of the new size shows.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        self.master.resize(size(cols, rows)).unwrap();
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("pid") as i32
    }

    /// Wait for the process to exit within `limit`; returns how long it took.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The Down arrow as a terminal sends it.
pub const DOWN: &str = "\x1b[B";

/// The demo database, built once per test run; each test gets a copy.
pub fn demo_copy(dir: &std::path::Path) -> std::path::PathBuf {
    static DEMO: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    let (_, src) = DEMO.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("demo.db");
        let out = super::zhucun(&p, &["init", "--demo"]);
        assert!(out.status.success(), "{}", super::stderr(&out));
        (d, p)
    });
    let dst = dir.join("demo.db");
    // A consistent copy of a closed WAL database: the main file holds everything.
    let c = rusqlite::Connection::open(src).unwrap();
    c.execute("VACUUM INTO ?1", [dst.to_str().unwrap()])
        .unwrap();
    dst
}

/// From the overview, search `dy`, jump to 都匀市, open its first township and
/// its first village's checklist.
pub fn open_first_village_of_duyun(s: &mut Session) {
    s.wait_for("下级完成情况", 30);
    s.send("/");
    s.send("dy");
    s.wait_until("the search popup with the query dy", 10, |f| {
        f.contains("┌ 搜索") && f.contains("/ dy")
    });
    s.send("\r");
    s.wait_until("the overview of 都匀市", 10, |f| {
        !f.contains("┌ 搜索") && f.contains("› 都匀市") && f.contains("广惠街道")
    });
    s.send("\r");
    s.wait_for("村列表 · 广惠街道", 10);
    s.send("\r");
    s.wait_for("任务清单 · 月邻社区", 10);
}
