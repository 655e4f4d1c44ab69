//! The width probe at start (issue 17): the real binary in a pseudo-terminal
//! whose far end answers the cursor position request `ESC [ 6 n` as a
//! terminal drawing ambiguous-width characters double-width would, as a
//! single-width one would, or not at all. The answer's bytes must never
//! reach the keys: keys typed around it must arrive intact.

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zhucun::domain::{Catalogue, DivisionCode};
use zhucun::store::Store;

const TODAY: &str = "2026-11-28";
const REQUEST: &[u8] = b"\x1b[6n";
/// What the probe writes when it is done (erasing its character).
const CLEANUP: &[u8] = b"\x1b[2;1H\x1b[2K";

#[derive(Clone, Copy, PartialEq)]
enum Far {
    /// Answers as a terminal that drew `│` two cells wide (cursor at column 3).
    Double,
    /// Answers as a terminal that drew it one cell wide.
    Single,
    /// Never answers.
    Silent,
}

fn db(dir: &Path) -> PathBuf {
    let path = dir.join("probe.db");
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let mut store = Store::create(&path, &Catalogue::builtin(), today).unwrap();
    let rows = vec![
        (
            DivisionCode::parse("522700").unwrap(),
            "黔南布依族苗族自治州".to_string(),
            vec![],
        ),
        (
            DivisionCode::parse("522701").unwrap(),
            "都匀市".to_string(),
            vec![],
        ),
    ];
    store.add_divisions(&rows).unwrap();
    path
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// When the request was seen and when the probe's clean-up was.
    times: Arc<Mutex<(Option<Instant>, Option<Instant>)>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    _dir: tempfile::TempDir,
}

/// Start zhucun at 140x40 with `args`; the far end answers the request as
/// `far` says, sending `before` and `after` as typed keys around the answer.
fn start(far: Far, args: &[&str], typed: (&'static str, &'static str)) -> Session {
    start_with(far, args, typed, None)
}

/// [`start`] with a config file holding `config`.
fn start_with(
    far: Far,
    args: &[&str],
    typed: (&'static str, &'static str),
    config: Option<&str>,
) -> Session {
    let dir = tempfile::tempdir().unwrap();
    if let Some(text) = config {
        let d = dir.path().join("config").join("zhucun");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("config.toml"), text).unwrap();
    }
    let db = db(dir.path());
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 140,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zhucun"));
    cmd.arg("--db");
    cmd.arg(&db);
    cmd.args(["--today", TODAY]);
    cmd.args(args);
    cmd.cwd(dir.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
    cmd.env("XDG_STATE_HOME", dir.path().join("state"));
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
    let parser = Arc::new(Mutex::new(vt100::Parser::new(40, 140, 0)));
    let times = Arc::new(Mutex::new((None, None)));
    let (p, w, t) = (parser.clone(), writer.clone(), times.clone());
    std::thread::spawn(move || {
        // Keep the pty master open for the whole session.
        let _master = pair.master;
        let mut raw: Vec<u8> = Vec::new();
        let mut buf = [0u8; 8192];
        let mut answered = false;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            p.lock().unwrap().process(&buf[..n]);
            raw.extend_from_slice(&buf[..n]);
            let seen = |pat: &[u8]| raw.windows(pat.len()).any(|x| x == pat);
            let mut times = t.lock().unwrap();
            if times.0.is_none() && seen(REQUEST) {
                times.0 = Some(Instant::now());
            }
            if times.0.is_some() && times.1.is_none() && seen(CLEANUP) {
                times.1 = Some(Instant::now());
            }
            if !answered && times.0.is_some() && far != Far::Silent {
                answered = true;
                let col = if far == Far::Double { 3 } else { 2 };
                let answer = format!("{}\x1b[2;{col}R{}", typed.0, typed.1);
                let mut w = w.lock().unwrap();
                w.write_all(answer.as_bytes()).unwrap();
                w.flush().unwrap();
            }
        }
    });
    Session {
        parser,
        times,
        writer,
        child,
        _dir: dir,
    }
}

impl Session {
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text` (panics with the screen after 20 s).
    fn wait_for(&self, text: &str) -> String {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(Instant::now() < end, "screen never showed {text:?}:\n{s}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&self, bytes: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// How long the probe held the first frame back.
    fn probe_took(&self) -> Duration {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            if let (Some(a), Some(b)) = *self.times.lock().unwrap() {
                return b - a;
            }
            assert!(Instant::now() < end, "the probe never finished");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The top border of the overview's first panel, box or ASCII.
const BOX: &str = "┌ 本月工作提示";
const ASCII: &str = "+ 本月工作提示";

#[test]
fn a_double_width_terminal_gets_ascii_and_is_told_once() {
    let s = start(Far::Double, &[], ("", ""));
    let screen = s.wait_for(ASCII);
    assert!(!screen.contains('┌'), "{screen}");
    assert!(screen.contains("ascii = true"), "no notice:\n{screen}");
    eprintln!("probe, double-width answer: {:?}", s.probe_took());
}

#[test]
fn a_single_width_terminal_keeps_box_characters() {
    let s = start(Far::Single, &[], ("", ""));
    let screen = s.wait_for(BOX);
    assert!(!screen.contains("ascii = true"), "{screen}");
    eprintln!("probe, single-width answer: {:?}", s.probe_took());
}

#[test]
fn a_silent_terminal_keeps_box_characters_after_the_timeout() {
    let s = start(Far::Silent, &[], ("", ""));
    s.wait_for(BOX);
    let took = s.probe_took();
    eprintln!("probe, no answer: {took:?}");
    // The probe's timeout is 150 ms; the bound leaves room for a busy machine.
    assert!(took < Duration::from_secs(2), "the probe waited {took:?}");
}

#[test]
fn explicit_choices_win_over_the_probe() {
    let s = start(Far::Double, &["--no-ascii"], ("", ""));
    s.wait_for(BOX);
    let s = start(Far::Single, &["--ascii"], ("", ""));
    s.wait_for(ASCII);
    let s = start_with(Far::Double, &[], ("", ""), Some("ascii = false\n"));
    s.wait_for(BOX);
    let s = start_with(Far::Single, &[], ("", ""), Some("ascii = true\n"));
    s.wait_for(ASCII);
    // The command line wins over the config file.
    let s = start_with(
        Far::Single,
        &["--no-ascii"],
        ("", ""),
        Some("ascii = true\n"),
    );
    s.wait_for(BOX);
}

#[test]
fn keys_typed_around_the_answer_arrive_and_the_answer_does_not() {
    // "/" before the answer, "dy" after it, in one read.
    let s = start(Far::Double, &[], ("/", "dy"));
    s.wait_for("+ 搜索");
    let screen = s.wait_for("/ dy");
    let field = screen.lines().find(|l| l.contains("/ dy")).unwrap();
    assert!(!field.contains("3R") && !field.contains(';'), "{field:?}");
    assert!(!screen.contains("3R"), "the answer leaked:\n{screen}");
}

#[test]
fn a_late_answer_is_taken_and_never_typed() {
    let s = start(Far::Silent, &[], ("", ""));
    s.wait_for(BOX);
    s.probe_took();
    s.send("/");
    s.wait_for("拼音");
    s.send("\x1b[2;3Rdy");
    s.wait_for("+ 搜索");
    let screen = s.wait_for("/ dy");
    let field = screen.lines().find(|l| l.contains("/ dy")).unwrap();
    assert!(!field.contains("3R") && !field.contains(';'), "{field:?}");
    assert!(!screen.contains("3R"), "the answer leaked:\n{screen}");
}

#[test]
fn ascii_and_no_ascii_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .arg("--db")
        .arg(db(dir.path()))
        .args(["--ascii", "--no-ascii"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-ascii"), "{err}");
}
