//! `zhucun import divisions|villages|teams|guidance FILE` and the progress bar that
//! imports and exports share.

use super::Ctx;
use crate::store::{Store, StoreError};
use crate::transfer::import::Phase;
use crate::transfer::{Encoding, ImportKind, ImportOptions, TransferError};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A progress bar on stderr, drawn by its own thread from counters the work
/// updates, so a stalled terminal never holds up a database transaction.
/// Nothing is drawn when stderr is not a terminal.
pub struct Bar {
    state: Arc<(AtomicU64, AtomicU64, AtomicU64, AtomicBool)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Bar {
    pub fn start(lang: crate::i18n::Lang) -> Bar {
        let words = (lang.cli().bar_checking, lang.cli().bar_writing);
        let state = Arc::new((
            AtomicU64::new(0),
            AtomicU64::new(0),
            AtomicU64::new(0),
            AtomicBool::new(false),
        ));
        let thread = std::io::stderr().is_terminal().then(|| {
            let s = state.clone();
            std::thread::spawn(move || {
                // Hidden until there is something to show.
                let bar = indicatif::ProgressBar::with_draw_target(
                    None,
                    indicatif::ProgressDrawTarget::hidden(),
                );
                // No rate, ETA or elapsed time: the bar appears after 300 ms
                // with work already done, and indicatif would count all of
                // it as done in its first tick.
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg:8} [{bar:30}] {human_pos}/{human_len}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                let mut shown = false;
                let mut phase = u64::MAX;
                let started = std::time::Instant::now();
                while !s.3.load(Ordering::Relaxed) {
                    let total = s.1.load(Ordering::Relaxed);
                    // Only work that takes a moment gets a bar, once its size is known.
                    if started.elapsed() > std::time::Duration::from_millis(300) && total > 0 {
                        let now = s.2.load(Ordering::Relaxed);
                        if now != phase {
                            // A new phase starts its own count and rate.
                            phase = now;
                            bar.reset();
                            bar.set_message(if now == 1 { words.1 } else { words.0 });
                        }
                        bar.set_length(total);
                        bar.set_position(s.0.load(Ordering::Relaxed).min(total));
                        if !shown {
                            shown = true;
                            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(8));
                        }
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                if shown {
                    bar.finish_and_clear();
                }
            })
        });
        Bar { state, thread }
    }

    /// Record progress (never blocks). `phase` 0 is checking, 1 writing.
    pub fn set(&self, phase: u64, done: u64, total: u64) {
        if self.state.2.swap(phase, Ordering::Relaxed) != phase {
            self.state.0.store(0, Ordering::Relaxed);
        }
        self.state.1.store(total, Ordering::Relaxed);
        self.state.0.store(done, Ordering::Relaxed);
    }

    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.state.3.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What `zhucun import` reads: the kinds of `transfer::ImportKind` it
/// lists, and the two sheets whose imports live with their screens'
/// commands (`zhucun training import`, `zhucun assess import`), taken here
/// too so every import is found under `zhucun import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportArg {
    Divisions,
    Villages,
    Teams,
    Guidance,
    Cadres,
    Attendance,
    /// Dispatching units' responsibility lists and projects (county offices, for villages in their county)
    Lists,
    /// A training session's sign-in sheet, with --session ID
    Training,
    /// A county's assessment sheet, with --county or --unit and --year
    Assessment,
}

impl ImportArg {
    /// The table import this is, if it is one (None: training, assessment).
    pub fn kind(self) -> Option<ImportKind> {
        Some(match self {
            ImportArg::Divisions => ImportKind::Divisions,
            ImportArg::Villages => ImportKind::Villages,
            ImportArg::Teams => ImportKind::Teams,
            ImportArg::Guidance => ImportKind::Guidance,
            ImportArg::Cadres => ImportKind::Cadres,
            ImportArg::Attendance => ImportKind::Attendance,
            ImportArg::Lists => ImportKind::Lists,
            ImportArg::Training | ImportArg::Assessment => return None,
        })
    }
}

/// The expected columns of every kind of file, for `--help`.
pub fn columns_help(lang: crate::i18n::Lang) -> String {
    let w = crate::i18n::cli_help::import_words(lang);
    let mut s = String::from(w.intro);
    for kind in [
        ImportKind::Divisions,
        ImportKind::Villages,
        ImportKind::Teams,
        ImportKind::Guidance,
        ImportKind::Cadres,
        ImportKind::Lists,
    ] {
        s.push_str(&format!("\n  {}:\n", kind.key()));
        for c in kind.columns() {
            s.push_str(&format!(
                "    {} / {}{}: {}\n",
                c.zh,
                c.key,
                if c.required { "" } else { w.optional },
                crate::i18n::cli_help::column_help(lang, kind.key(), c.key).unwrap_or(c.help)
            ));
        }
    }
    s.push_str(w.samples);
    s
}

/// The columns of `zhucun user import`, for `--help`.
pub fn user_columns_help(lang: crate::i18n::Lang) -> String {
    let w = crate::i18n::cli_help::import_words(lang);
    let mut s = String::from(w.intro);
    let kind = ImportKind::Users;
    for c in kind.columns() {
        s.push_str(&format!(
            "  {} / {}{}: {}\n",
            c.zh,
            c.key,
            if c.required { "" } else { w.optional },
            crate::i18n::cli_help::column_help(lang, kind.key(), c.key).unwrap_or(c.help)
        ));
    }
    s.push_str(match lang {
        crate::i18n::Lang::Zh => "\n样例：db/samples/users.csv。已有的账号改为文件中的角色、范围和姓名；文件里没有的账号保持不变。\n",
        crate::i18n::Lang::En => "\nSample: db/samples/users.csv. An account already a user is changed to the file's role, scope and name; accounts not in the file are left as they are.\n",
    });
    s
}

pub fn run(
    ctx: &Ctx,
    kind: ImportKind,
    file: &Path,
    (check, encoding): (bool, Encoding),
    month: Option<&str>,
) -> Result<()> {
    // `PRAGMA quick_check` reads the whole database: it runs on a second
    // connection while the file is read and checked, and nothing is written
    // (nor any verdict given) before it has passed. Both connections are
    // opened here, on this thread, as opening may raise the group privilege.
    let mut store = Store::open_with(&ctx.db, ctx.today, false)?;
    store.require_user()?;
    let checker = Store::open_with(&ctx.db, ctx.today, false)?;
    let healthy = std::thread::spawn(move || checker.quick_check());
    let bar = Bar::start(ctx.lang);
    let opts = ImportOptions { check, encoding };
    let progress = |phase, done, total| bar.set((phase == Phase::Writing) as u64, done, total);
    let prepared = match kind {
        ImportKind::Attendance => {
            crate::transfer::attendance::prepare(&store, file, month.unwrap_or(""), &opts)
        }
        _ => crate::transfer::prepare(&store, kind, file, &opts, &progress),
    };
    let healthy = healthy.join().unwrap_or_else(|_| {
        Err(StoreError::Integrity(
            ctx.lang.cli().integrity_failed.into(),
        ))
    });
    let result = match (healthy, prepared) {
        (Err(e), _) => Err(e.into()),
        (Ok(()), Err(e)) => Err(e),
        (Ok(()), Ok(p)) if check => Ok(p.outcome(false)),
        (Ok(()), Ok(p)) => p.write(&mut store, &progress),
    };
    bar.finish();
    match result {
        Ok(out) => {
            let c = out.counts;
            let enc = out
                .encoding
                .map(|e| format!(" ({})", e.label()))
                .unwrap_or_default();
            let t = ctx.lang.cli();
            let what = if check {
                t.import_checked
            } else if out.written {
                t.import_done
            } else {
                t.import_nothing
            };
            let template = if check {
                t.import_counts_check
            } else {
                t.import_counts
            };
            outln!(
                "{}",
                crate::i18n::ui::fill(
                    template,
                    &[
                        &file.display().to_string(),
                        &enc,
                        what,
                        &c.rows.to_string(),
                        &c.added.to_string(),
                        &c.updated.to_string(),
                        &c.unchanged.to_string()
                    ]
                )
            )?;
            Ok(())
        }
        Err(TransferError::Invalid { file: f, problems }) => {
            for line in problems.lines_in(ctx.lang) {
                eprintln!("{line}");
            }
            Err(TransferError::Invalid { file: f, problems }.into())
        }
        Err(e) => Err(e.into()),
    }
}
