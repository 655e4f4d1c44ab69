//! The terminal: setup and restore (also on panic, error and signals), the
//! one event loop, signals, suspend/resume. Frames go out through one large
//! buffered writer, and only when something changed.

pub mod backend;
pub mod input;
pub mod probe;

use crate::app::export::ExportError;
use crate::app::writes::{Done, Job};
use crate::app::{App, Options, Request};
use crate::store::{Store, StoreError};
use crate::ui;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use input::Input;
use ratatui::Terminal;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often the watcher asks the database whether a connection committed.
pub const POLL_EVERY: Duration = crate::store::watch::POLL_INTERVAL;
/// After SIGHUP/SIGTERM the process is gone within this long, whatever the
/// main thread is doing.
const EXIT_DEADLINE: Duration = Duration::from_millis(850);
/// How long quitting waits for a record write still waiting for the lock.
const QUIT_WAITS_FOR_WRITE: Duration = Duration::from_secs(2);

/// Everything the loop reacts to, from one channel.
#[derive(Debug)]
pub enum Event {
    Input(Input),
    Resize,
    Signal(Sig),
    /// The terminal reported end of input or an error (link dropped).
    InputClosed,
    /// The database may have changed (the watcher saw a commit).
    DbChanged,
    /// The writer finished a write (a record, a grade, a grid's save).
    Written(Done),
    /// The background `quick_check` finished (Err: what it found).
    Checked(Result<(), StoreError>),
    /// The long preparation (creating the demo) finished.
    Prepared(Result<()>),
    /// A background export wrote `done` of `total` rows.
    ExportProgress(u64, u64),
    /// A background export finished: the file and its rows, or the error.
    ExportDone(Result<(String, u64), ExportError>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sig {
    Hup,
    Term,
    Int,
    Cont,
    Tstp,
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// A signal or the end of input ended it (exit status 128 + signal).
    Signal(i32),
    InputClosed,
}

/// What to open.
pub struct Launch {
    pub db: PathBuf,
    pub today: NaiveDate,
    pub opts: Options,
    /// A long step to run first with a progress screen (creating the demo).
    pub prepare: Option<Box<dyn FnOnce() -> Result<()> + Send>>,
    /// No explicit `--ascii`/`--no-ascii`/`ascii =`: ask the terminal
    /// whether it draws box characters double-width (`probe.rs`).
    pub probe: bool,
}

type Term = Terminal<backend::CellBackend<BufWriter<File>>>;

/// Mouse reporting, with `mouse = true` only: button presses and the wheel
/// (mode 1000) in the SGR form (1006). Never 1002 or 1003 (crossterm's
/// `EnableMouseCapture` turns on 1003, every motion, which floods a slow
/// link with reports the UI has no use for).
pub const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
pub const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

/// Whether this session asked for the mouse: `enter` turns reporting on,
/// `restore` (on quit, suspend, signals and panics) turns it off again.
static MOUSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn restore() {
    let _ = disable_raw_mode();
    let mut out = std::io::stdout();
    if MOUSE.load(std::sync::atomic::Ordering::SeqCst) {
        let _ = out.write_all(MOUSE_OFF);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

fn enter() -> Result<()> {
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if MOUSE.load(std::sync::atomic::Ordering::SeqCst) {
        let mut out = std::io::stdout();
        out.write_all(MOUSE_ON)?;
        out.flush()?;
    }
    Ok(())
}

/// The terminal's input: standard input when it is a terminal, else /dev/tty.
fn tty_input() -> Result<OwnedFd> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(stdin.as_fd().try_clone_to_owned()?);
    }
    Ok(File::open("/dev/tty")
        .context("the terminal UI needs a terminal to read keys from")?
        .into())
}

/// The key reader; `typed`: bytes that came in before it started.
fn spawn_reader(fd: OwnedFd, tx: Sender<Event>, typed: Vec<u8>) {
    std::thread::spawn(move || {
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        let mut file = File::from(fd);
        let mut pending: Vec<u8> = typed;
        let mut buf = [0u8; 4096];
        loop {
            // With an unfinished sequence (a lone ESC), wait briefly for
            // the rest; otherwise block until input or hang-up.
            let timeout = if pending.is_empty() {
                PollTimeout::NONE
            } else {
                PollTimeout::from(30u16)
            };
            let ready = {
                let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
                poll(&mut fds, timeout)
            };
            match ready {
                Err(nix::errno::Errno::EINTR) => continue,
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
                Ok(0) => {
                    let (evs, used) = input::parse(&pending, true);
                    pending.drain(..used);
                    for e in evs {
                        if tx.send(Event::Input(e)).is_err() {
                            return;
                        }
                    }
                    continue;
                }
                Ok(_) => {}
            }
            match file.read(&mut buf) {
                Ok(0) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
                Ok(n) => {
                    pending.extend_from_slice(&buf[..n]);
                    let (evs, used) = input::parse(&pending, false);
                    pending.drain(..used);
                    for e in evs {
                        if tx.send(Event::Input(e)).is_err() {
                            return;
                        }
                    }
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock
                    ) => {}
                Err(_) => {
                    // EIO after the terminal hung up: report once and stop.
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            }
        }
    });
}

fn spawn_signals(tx: Sender<Event>) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGCONT, SIGTSTP, SIGWINCH])?;
    std::thread::spawn(move || {
        for s in signals.forever() {
            let ev = match s {
                SIGWINCH => Event::Resize,
                SIGCONT => Event::Signal(Sig::Cont),
                SIGTSTP => Event::Signal(Sig::Tstp),
                SIGHUP | SIGTERM | SIGINT => {
                    // The loop saves any draft and exits; if it is stuck
                    // (a long database wait), leave anyway.
                    std::thread::spawn(move || {
                        std::thread::sleep(EXIT_DEADLINE);
                        // Restoring writes to the terminal, which may be a
                        // stalled link: give it a moment, then leave anyway.
                        std::thread::spawn(restore);
                        std::thread::sleep(Duration::from_millis(50));
                        std::process::exit(128 + s);
                    });
                    Event::Signal(match s {
                        SIGHUP => Sig::Hup,
                        SIGTERM => Sig::Term,
                        _ => Sig::Int,
                    })
                }
                _ => continue,
            };
            if tx.send(ev).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Restore the terminal, stop the process, and take the terminal back when
/// continued (`fg`).
fn suspend(term: &mut Term) -> Result<()> {
    restore();
    nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP)?;
    resume(term)
}

fn resume(term: &mut Term) -> Result<()> {
    // The shell may have changed the terminal modes while we were stopped.
    let _ = disable_raw_mode();
    enter()?;
    full_redraw(term)
}

/// Draw a frame; the app learns the size it was drawn at (too small, keys
/// do nothing but quit).
fn draw(term: &mut Term, app: &mut App) -> Result<()> {
    let area = term.draw(|f| ui::draw(f, app))?.area;
    app.resize(area.width, area.height);
    Ok(())
}

/// Clear the screen and forget the last frame, so the next draw sends
/// every cell. (`Terminal::clear` asks the terminal for the cursor
/// position, whose answer our own key reader would swallow.)
fn full_redraw(term: &mut Term) -> Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Ask the terminal whether it draws box characters double-width and, if
/// so, draw in ASCII. Returns the bytes typed meanwhile and whether the
/// probe switched to ASCII.
fn probe_width(input: &OwnedFd, launch: &mut Launch) -> (Vec<u8>, bool) {
    if !launch.probe {
        return (Vec::new(), false);
    }
    match probe::run(input, &mut std::io::stdout(), probe::TIMEOUT) {
        Ok(o) => {
            let ascii = probe::decide(None, o.width);
            launch.opts.ascii |= ascii;
            (o.typed, ascii)
        }
        Err(_) => (Vec::new(), false),
    }
}

/// Open the UI. Returns how it ended.
pub fn run(mut launch: Launch) -> Result<Exit> {
    if !std::io::stdout().is_terminal() {
        bail!(launch.opts.lang.cli().no_terminal);
    }
    let input = tty_input()?;
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        prev(info);
    }));
    let out = File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let backend = backend::CellBackend::new(BufWriter::with_capacity(1 << 16, out));
    let mut term = Terminal::new(backend)?;
    MOUSE.store(launch.opts.mouse, std::sync::atomic::Ordering::SeqCst);
    enter()?;
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let (typed, probed_ascii) = probe_width(&input, &mut launch);
    spawn_reader(input, tx.clone(), typed);
    let result = session(&mut term, launch, probed_ascii, tx, rx);
    restore();
    // restore() showed the cursor already; ratatui's Drop would try again
    // and, on a terminal that hung up, print an error to a dead stderr.
    std::mem::forget(term);
    result
}

fn session(
    term: &mut Term,
    launch: Launch,
    probed_ascii: bool,
    tx: Sender<Event>,
    rx: Receiver<Event>,
) -> Result<Exit> {
    let Launch {
        db,
        today,
        opts,
        prepare,
        probe: _,
    } = launch;
    if let Some(prep) = prepare
        && let Some(exit) = prepare_with_progress(term, &opts, prep, &tx, &rx)?
    {
        return Ok(exit);
    }
    let store = Store::open_with(&db, today, false)?;
    store.require_user()?;
    let mut app = App::new(store, opts)?;
    if probed_ascii {
        app.info(app.lang().ui().msg_ascii_probed.to_string());
    }
    if let Some(dir) = crate::store::default_draft_dir() {
        app.keep_drafts_in(dir);
    }
    draw(term, &mut app)?;
    // The integrity check reads the whole file: after the first frame, on
    // a second connection.
    spawn_watcher(&db, today, tx.clone());
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let r = Store::open_with(&db, today, false).and_then(|s| s.quick_check());
            let _ = tx.send(Event::Checked(r));
        });
    }
    event_loop(term, &mut app, &rx, &tx)
}

/// Run `prep` in a thread while a progress screen shows the time passing.
fn prepare_with_progress(
    term: &mut Term,
    opts: &Options,
    prep: Box<dyn FnOnce() -> Result<()> + Send>,
    tx: &Sender<Event>,
    rx: &Receiver<Event>,
) -> Result<Option<Exit>> {
    let start = Instant::now();
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Event::Prepared(prep()));
        });
    }
    loop {
        term.draw(|f| ui::progress(f, opts, start.elapsed()))?;
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Event::Prepared(Ok(()))) => return Ok(None),
            Ok(Event::Prepared(Err(e))) => return Err(e),
            Ok(Event::Input(Input::Key(k))) => {
                let q = crate::app::keys::KeySpec::from_event(&k);
                if q == crate::app::keys::CTRL_C {
                    return Ok(Some(Exit::Quit));
                }
            }
            Ok(Event::Signal(Sig::Hup)) => return Ok(Some(Exit::Signal(1))),
            Ok(Event::Signal(Sig::Term | Sig::Int)) => return Ok(Some(Exit::Signal(15))),
            Ok(Event::InputClosed) => return Ok(Some(Exit::InputClosed)),
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(Some(Exit::Quit)),
        }
    }
}

/// What one event asks of the loop.
#[derive(Default)]
struct Outcome {
    exit: Option<Exit>,
    dirty: bool,
    requests: Vec<Request>,
}

impl Outcome {
    fn redraw() -> Outcome {
        Outcome {
            dirty: true,
            ..Outcome::default()
        }
    }

    fn exit(x: Exit) -> Outcome {
        Outcome {
            exit: Some(x),
            ..Outcome::default()
        }
    }
}

/// Apply one event to the app.
fn handle(app: &mut App, term: &mut Term, ev: Event) -> Result<Outcome> {
    Ok(match ev {
        Event::Input(Input::Key(k)) => Outcome {
            requests: app.on_key(k),
            ..Outcome::redraw()
        },
        Event::Input(Input::Mouse(m)) => Outcome {
            requests: app.on_mouse(m),
            ..Outcome::redraw()
        },
        Event::Input(Input::Paste(s)) => {
            app.on_paste(&s);
            Outcome::redraw()
        }
        Event::Input(Input::Cursor { col, .. }) => {
            // The width probe's answer, after it stopped waiting.
            let late = probe::late_reply(col) == Some(probe::Width::Double);
            if late && !app.opts.ascii {
                app.opts.ascii = true;
                app.info(app.lang().ui().msg_ascii_probed.to_string());
                Outcome {
                    requests: vec![Request::Redraw],
                    ..Outcome::redraw()
                }
            } else {
                Outcome::default()
            }
        }
        Event::Resize => {
            // Keys queued behind the resize are judged by the new size.
            let size = term.size()?;
            app.resize(size.width, size.height);
            Outcome::redraw()
        }
        Event::Signal(Sig::Cont) => {
            resume(term)?;
            Outcome::redraw()
        }
        Event::Signal(Sig::Tstp) => Outcome {
            requests: vec![Request::Suspend],
            ..Outcome::redraw()
        },
        Event::Signal(s @ (Sig::Hup | Sig::Term | Sig::Int)) => {
            app.save_draft_if_editing();
            let n = match s {
                Sig::Hup => 1,
                Sig::Int => 2,
                _ => 15,
            };
            Outcome::exit(Exit::Signal(n))
        }
        Event::InputClosed => {
            app.save_draft_if_editing();
            Outcome::exit(Exit::InputClosed)
        }
        Event::DbChanged => Outcome {
            dirty: app.poll_db(),
            ..Outcome::default()
        },
        Event::Written(done) => Outcome {
            requests: app.written(done),
            ..Outcome::redraw()
        },
        Event::Checked(Err(e)) => {
            app.set_warning(crate::i18n::ui::fill(
                app.lang().ui().msg_quick_check,
                &[&e.to_string()],
            ));
            Outcome::redraw()
        }
        Event::ExportProgress(done, total) => {
            app.export_progress(done, total);
            Outcome::redraw()
        }
        Event::ExportDone(r) => {
            app.export_done(r);
            Outcome::redraw()
        }
        Event::Checked(Ok(())) | Event::Prepared(_) => Outcome::default(),
    })
}

fn event_loop(
    term: &mut Term,
    app: &mut App,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
) -> Result<Exit> {
    let writer = spawn_writer(app.db_path(), app.today, tx.clone());
    app.write_in_background();
    // A suspend asked for while a write is under way waits for it (up to
    // QUIT_WAITS_FOR_WRITE): a process stopped while it holds the write
    // lock is killed by the lock guard, and its write with it.
    let mut suspend_by: Option<Instant> = None;
    loop {
        if let Some(by) = suspend_by
            && (!app.writes_pending() || Instant::now() >= by)
        {
            suspend_by = None;
            suspend(term)?;
            draw(term, app)?;
        }
        let first = match suspend_by {
            Some(by) => match rx.recv_timeout(by.saturating_duration_since(Instant::now())) {
                Ok(e) => e,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Exit::Quit),
            },
            None => match rx.recv() {
                Ok(e) => e,
                Err(_) => return Ok(Exit::Quit),
            },
        };
        let mut dirty = false;
        // Handle this event and everything already queued before drawing.
        let mut ev = Some(first);
        while let Some(e) = ev {
            let out = handle(app, term, e)?;
            if let Some(x) = out.exit {
                return Ok(x);
            }
            dirty |= out.dirty;
            for r in out.requests {
                match r {
                    Request::Quit => {
                        finish_write(app, rx, &writer);
                        return Ok(Exit::Quit);
                    }
                    Request::Suspend if app.writes_pending() => {
                        suspend_by = Some(Instant::now() + QUIT_WAITS_FOR_WRITE);
                    }
                    Request::Suspend => suspend(term)?,
                    Request::Redraw => full_redraw(term)?,
                    Request::Export(job) => spawn_export(app, job, tx.clone()),
                    Request::Write(job) => {
                        if let Err(mpsc::SendError(job)) = writer.send(job) {
                            let _ = tx.send(Event::Written(job.failed(StoreError::Busy)));
                        }
                    }
                }
                dirty = true;
            }
            ev = rx.try_recv().ok();
        }
        if dirty {
            draw(term, app)?;
        }
    }
}

/// Quitting while a write waits: give it a moment to finish (its result is
/// not lost silently when the lock comes free soon), and the grades keyed
/// behind it; a note being typed is kept as a draft already.
fn finish_write(app: &mut App, rx: &Receiver<Event>, writer: &Sender<Job>) {
    let end = Instant::now() + QUIT_WAITS_FOR_WRITE;
    while app.writes_pending() {
        match rx.recv_timeout(end.saturating_duration_since(Instant::now())) {
            Ok(Event::Written(done)) => {
                // What it asks next (the grades keyed after it) is written
                // too, in order.
                for r in app.written(done) {
                    if let Request::Write(job) = r
                        && writer.send(job).is_err()
                    {
                        return;
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
}

/// Run the app's writes (records, grades, grid saves) on a connection of
/// their own, one at a time, so a write waiting for someone else's lock
/// never stops the screen or the keys.
fn spawn_writer(db: &std::path::Path, today: NaiveDate, tx: Sender<Event>) -> Sender<Job> {
    let (jobs, rx) = mpsc::channel::<Job>();
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let mut store = Store::open_with(&db, today, false);
        for job in rx {
            let done = match &mut store {
                Ok(s) => job.perform(s),
                Err(e) => job.failed(StoreError::Invalid {
                    what: "database".into(),
                    detail: e.to_string().into(),
                }),
            };
            if tx.send(Event::Written(done)).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Watch the database on a connection of its own and send `DbChanged`
/// when any connection committed (the app then checks its own).
fn spawn_watcher(db: &std::path::Path, today: NaiveDate, tx: Sender<Event>) {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let Ok(store) = Store::open_with(&db, today, false) else {
            return;
        };
        let Ok(mut watch) = crate::store::watch::ChangeWatch::new(&store) else {
            return;
        };
        loop {
            std::thread::sleep(POLL_EVERY);
            if watch.changed(&store).unwrap_or(false) && tx.send(Event::DbChanged).is_err() {
                return;
            }
        }
    });
}

/// Run an export on its own connection in a worker thread; progress and the
/// result come back as events (at most about ten progress events a second).
fn spawn_export(app: &App, req: crate::transfer::export::ExportRequest, tx: Sender<Event>) {
    let db = app.db_path().to_path_buf();
    let today = app.today;
    std::thread::spawn(move || {
        let result = Store::open_with(&db, today, false)
            .map_err(ExportError::from)
            .and_then(|store| {
                let mut last = Instant::now();
                let mut progress = |done: u64, total: u64| {
                    if last.elapsed() >= Duration::from_millis(100) {
                        last = Instant::now();
                        let _ = tx.send(Event::ExportProgress(done, total));
                    }
                };
                crate::transfer::export::export(&store, &req, &mut progress)
                    .map(|s| (req.path.display().to_string(), s.detail_rows))
            });
        let _ = tx.send(Event::ExportDone(result));
    });
}
