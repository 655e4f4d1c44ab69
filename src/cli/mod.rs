//! The command line: argument parsing and the commands that use the store
//! directly.
//!
//! Standard output is written only through `outln!` (or `writeln!` on a
//! locked stdout) with `?`: a reader that has gone away (`zhucun report |
//! head -2`) is then an error `main` ends on quietly with status 0, as
//! ripgrep, fd and bat do, instead of a panic or a "Broken pipe" line.
#![deny(clippy::print_stdout)]

/// `println!` that returns the write's error instead of panicking on it.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod allowance;
mod assess;
mod attendance;
mod audit;
mod backup;
pub mod doctor;
mod export;
mod gaps;
mod guard;
mod help;
mod import;
mod leave;
mod paths;
mod recall;
mod report;
mod shell;
mod training;
mod units;
#[cfg(feature = "upward")]
mod upward;
mod users;

pub use import::columns_help as import_columns_help;
pub use import::user_columns_help;

use crate::app::config::ColorChoice;
use crate::domain::{DivisionCode, Period, Status};
use crate::i18n::Lang;
use crate::store::{RecordInput, Store, StoreError};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// 驻村: duty checklists, guidance and completion records for village-resident work teams.
#[derive(Debug, Parser)]
#[command(name = "zhucun", version, about, long_about = None)]
pub struct Cli {
    /// Database file (else $ZHUCUN_DB, else $XDG_DATA_HOME/zhucun/zhucun.db)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Pin "today" (YYYY-MM-DD), for looking back and for tests
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Language of the interface
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Colours in the terminal UI (auto: on, unless NO_COLOR is set)
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorArg>,
    /// Draw borders and markers with ASCII only (for terminals that show box characters double-width);
    /// without --ascii or --no-ascii the terminal is asked at start
    #[arg(long, global = true, conflicts_with = "no_ascii")]
    pub ascii: bool,
    /// Draw box characters even where the terminal seems to show them double-width
    #[arg(long, global = true)]
    pub no_ascii: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database (refuses to overwrite an existing one)
    Init {
        /// Also load the demo prefecture (黔南州, fictional villages)
        #[arg(long)]
        demo: bool,
        /// The first administrator, when it is not the account running init
        /// (root creates a shared server's database for it)
        #[arg(long, value_name = "ACCOUNT")]
        admin: Option<String>,
    },
    /// Create the demo database at a per-user path if missing, then open it
    Demo,
    /// Record the status of one task for one village and period
    Record(RecordArgs),
    /// Completion per child division of a scope
    Report(ReportArgs),
    /// Integrity check, schema version and row counts
    Check,
    /// Accounts, roles and scopes (administrators)
    User {
        #[command(subcommand)]
        cmd: users::UserCmd,
    },
    /// The audit trail; `zhucun audit verify` checks its hash chain
    Audit(audit::AuditArgs),
    /// Check a shared-server installation and the database; prints what to fix
    Doctor,
    /// Copy the database consistently to OUT (administrators only)
    Backup {
        /// File to write (refused if it exists, unless --force)
        out: PathBuf,
        /// Replace OUT if it exists
        #[arg(long)]
        force: bool,
    },
    /// Import divisions, villages, team members or guidance from a CSV or .xlsx file (all or nothing)
    Import {
        /// What the file holds
        #[arg(value_enum)]
        kind: import::ImportArg,
        /// CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file
        file: PathBuf,
        /// Check the file and report every problem, but write nothing
        #[arg(long)]
        check: bool,
        /// Text encoding of a CSV file (default: detect)
        #[arg(long, value_enum, default_value_t = crate::transfer::Encoding::Auto)]
        encoding: crate::transfer::Encoding,
        /// With attendance: the month the sheet is for (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        /// With training: the session the sign-in sheet is of (`zhucun training list`)
        #[arg(long, value_name = "ID", required_if_eq("kind", "training"))]
        session: Option<i64>,
        /// With assessment: the pool and year, as `zhucun assess import`
        #[command(flatten)]
        pool: assess::PoolArgs,
    },
    /// Export a period's completion as an Excel workbook or CSV for reporting upward
    Export(ExportArgs),
    /// The attendance grid: close a month (the < 20 check opens recall leads)
    Attendance {
        #[command(subcommand)]
        cmd: attendance::AttendanceCmd,
    },
    /// Watch the database's locks: kill a process stopped while it holds one (a shared server's root service)
    Guard,
    /// The lock guard's audit row for one kill (run by `zhucun guard`; administrators only)
    #[command(hide = true)]
    GuardAudit {
        pid: i32,
        account: String,
        held_ms: u64,
        command: String,
    },
    /// Show the installation's time zone and tracking start; change them (administrators only)
    Settings {
        /// The installation's time zone, an IANA name (default Asia/Shanghai)
        #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
        time_zone: Option<chrono_tz::Tz>,
        /// The first day tracked: nothing before it is due, overdue or in a trend
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        tracking_start: Option<NaiveDate>,
        /// Leave up to this many days is approved by the township, longer by the county (default 3)
        #[arg(long, value_name = "DAYS")]
        leave_township_days: Option<u32>,
    },
    /// Report tables to the province as changeset files: export at a prefecture, apply at the province
    #[cfg(feature = "upward")]
    Upward {
        #[command(subcommand)]
        cmd: upward::UpwardCmd,
    },
    /// The dispatching units' allowance statements (驻村补助发放表), rates, trips and insurance
    Allowance {
        #[command(subcommand)]
        cmd: allowance::AllowanceCmd,
    },
    /// The annual assessment (年度考核): list, set, distribution, export
    Assess {
        #[command(subcommand)]
        cmd: assess::AssessCmd,
    },
    /// Commendations (表彰) and the 专项培养方案 list
    Commend {
        #[command(subcommand)]
        cmd: assess::CommendCmd,
    },
    /// Leave (请销假): request, approve, refuse, withdraw, record the return, list
    Leave {
        #[command(subcommand)]
        cmd: leave::LeaveCmd,
    },
    /// Training sessions (培训): sessions, attendance, hours, 未参训名单, sign-in sheets
    Training {
        #[command(subcommand)]
        cmd: training::TrainingCmd,
    },
    /// Write what changed in the report tables since the last push as CODE-SEQUENCE.zhucun-upward: a prefecture's to its province, a province's (once it has pulled its prefectures) to the nation (administrators)
    #[cfg(feature = "upward")]
    Push {
        /// Directory to write the file in (default: the current directory)
        #[arg(short = 'd', long = "dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Every current row, replacing the province's copy of this prefecture (after a conflict)
        #[arg(long)]
        baseline: bool,
    },
    /// Apply prefectures' push files to this province database, or provinces' files to a nation's database, in sequence order (administrators)
    #[cfg(feature = "upward")]
    Pull {
        /// Files written by `zhucun push`
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh or fish) on standard output
    Completions {
        #[arg(value_enum)]
        shell: shell::ShellArg,
    },
    /// Print the man page (roff) on standard output
    #[command(hide = true)]
    Man,
    /// Recall cases (召回): open, advance, talk, list
    Recall {
        #[command(subcommand)]
        cmd: recall::RecallCmd,
    },
    /// Dispatching units, their responsibility lists (四个捆绑) and help plans: list, show, enter
    Units {
        #[command(subcommand)]
        cmd: units::UnitsCmd,
    },
    /// Incidents (四个一律): add
    Incident {
        #[command(subcommand)]
        cmd: recall::IncidentCmd,
    },
    /// The cadres of a scope with their ids (for `user cadre`, `recall open`)
    Cadres {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn parse_zone(s: &str) -> std::result::Result<chrono_tz::Tz, crate::domain::clock::ZoneError> {
    crate::domain::clock::parse_zone(s)
}

/// `--lang`: the command line's spelling of [`Lang`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--color`: the command line's spelling of [`ColorChoice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(c: ColorArg) -> ColorChoice {
        match c {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Done,
    Doing,
    Todo,
    Na,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Done => Status::Done,
            StatusArg::Doing => Status::Doing,
            StatusArg::Todo => Status::Todo,
            StatusArg::Na => Status::Na,
        }
    }
}

// Arguments of `zhucun record` (the help text is the variant's).
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// Village or community code (12 digits)
    #[arg(long, value_name = "CODE")]
    pub village: String,
    /// Task number in the duty catalogue (1-25)
    #[arg(long, value_name = "N")]
    pub task: u32,
    /// Period: 2026-11, 2026Q4 or 2026 (default: the task's period containing today)
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// New status
    #[arg(long, value_enum)]
    pub status: StatusArg,
    /// Short note as evidence (replaces the existing note)
    #[arg(long)]
    pub note: Option<String>,
    /// Date the work was done (default: today, for status done)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

// Arguments of `zhucun report` (the help text is the variant's).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("listing").args(["gaps", "recall", "rotation"])))]
#[command(group(clap::ArgGroup::new("dated").args(["gaps", "rotation"])))]
pub struct ReportArgs {
    /// Period: 2026-11, 2026Q4 or 2026 (default: the current month)
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Division code whose children are listed (default: the whole database)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// One row per county, township or village under the scope
    #[arg(long, value_enum, conflicts_with = "overdue")]
    pub by: Option<report::By>,
    /// List what is overdue, oldest first (default period: this year)
    #[arg(long)]
    pub overdue: bool,
    /// The 1+2+N gaps of the scope's villages (by division code) and the
    /// rotation list (postings at two years, ended postings by reason)
    #[arg(long, conflicts_with_all = ["overdue", "by", "period"])]
    pub gaps: bool,
    /// With --gaps or --rotation: the day the teams are taken at (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "dated")]
    pub on: Option<NaiveDate>,
    /// The recall ledger (召回台账) of the scope: cases by stage, village
    /// code and date, open leads, days to replacement
    #[arg(long, conflicts_with_all = ["overdue", "by", "period", "gaps"])]
    pub recall: bool,
    /// The rotation list alone (轮换到期): postings at two years in post on
    /// the day, by village code, role and start, and ended postings by reason
    #[arg(long, conflicts_with_all = ["overdue", "by", "period", "gaps", "recall"])]
    pub rotation: bool,
    /// With --gaps, --rotation or --recall: write the report to FILE (.xlsx, or .csv) instead
    #[arg(long, short = 'o', value_name = "FILE", requires = "listing")]
    pub output: Option<PathBuf>,
    /// With --output: replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// What `zhucun export` writes other than completion.
#[derive(Debug, clap::Subcommand)]
pub enum ExportWhat {
    #[command(flatten)]
    Attendance(attendance::ExportWhat),
    #[command(flatten)]
    Recall(recall::ExportCmd),
    #[command(flatten)]
    Units(units::ExportCmd),
    /// The training hours list (and the sessions), the 未参训名单 or a session's sign-in sheet (also `zhucun training export`)
    Training(training::ExportArgs),
    /// The grade distribution and each county's grades (also `zhucun assess export`)
    Assessment(assess::ExportArgs),
}

// Arguments of `zhucun export` (the help text is the variant's).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ExportArgs {
    /// `export attendance` (the 考勤月表) or `export work-record` (工作纪实)
    /// instead of completion
    #[command(subcommand)]
    pub what: Option<ExportWhat>,
    /// Period: 2026-11, 2026Q4 or 2026 (default: the current month)
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Division code to export (default: your own scope, or the whole database)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    /// xlsx (summary and detail sheets) or csv (detail rows); default from the file name
    #[arg(long, value_enum)]
    pub format: Option<crate::transfer::ExportFormat>,
    /// File to write
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// A `--today`/`--on` value that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a date of the form 2026-11-28")]
pub struct DateArgError {
    pub input: String,
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, DateArgError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| DateArgError {
        input: s.to_string(),
    })
}

/// Context the commands share.
pub struct Ctx {
    pub db: PathBuf,
    pub today: NaiveDate,
    pub lang: Lang,
}

/// The language of the whole program: `--lang`, then `$ZHUCUN_LANG`, then
/// the config file's `lang`, then Chinese. Decided before the arguments are
/// parsed (their help and errors are in it), so `--lang` is looked for in
/// `args` by hand; only the config file's `lang` is read here (a mistake
/// elsewhere in it is reported, in that language, when the UI starts).
pub fn choose_lang(args: &[std::ffi::OsString]) -> Result<Lang, LangEnvError> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(v) if v.starts_with('=') => Some(v[1..].to_string()),
            _ => continue,
        };
        if let Some(l) = value.as_deref().and_then(Lang::parse) {
            return Ok(l);
        }
    }
    if let Some(v) = std::env::var_os("ZHUCUN_LANG").filter(|v| !v.is_empty()) {
        let v = v.to_string_lossy();
        return Lang::parse(&v).ok_or_else(|| LangEnvError(v.into_owned()));
    }
    let path = crate::app::config::default_path();
    Ok(crate::app::config::lang_of(path.as_deref()).unwrap_or_default())
}

/// `$ZHUCUN_LANG` names no language this program speaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ZHUCUN_LANG={0:?} is not a language zhucun speaks; set it to zh or en (or unset it)")]
pub struct LangEnvError(pub String);

/// The database, today and the config file a command runs with.
fn context(cli: &Cli, lang: Lang) -> Result<(Ctx, crate::app::config::Config)> {
    let opens_ui = matches!(cli.command, None | Some(Command::Demo));
    // The config file matters to the terminal UI only; a broken one must
    // not stop `report` or `record`.
    let config = if opens_ui {
        let path = crate::app::config::default_path();
        crate::app::config::Config::load(path.as_deref())?
    } else {
        crate::app::config::Config::default()
    };
    let is_demo = matches!(cli.command, Some(Command::Demo));
    let db = match &cli.db {
        Some(p) => p.clone(),
        None if is_demo => paths::demo_db(lang)?,
        None => paths::default_db(lang)?,
    };
    // "Today" in the installation's zone, whatever TZ this shell has.
    // (Not for the lock guard: it must never open the database with SQLite,
    // where a stopped writer's locks could hold it up; store::guard.)
    let today = cli.today.unwrap_or_else(|| match cli.command {
        Some(Command::Guard) => crate::domain::clock::today_in(crate::domain::clock::DEFAULT_ZONE),
        _ => crate::store::clock_today(&db),
    });
    Ok((Ctx { db, today, lang }, config))
}

pub fn run(cli: Cli, lang: Lang) -> Result<()> {
    // Neither needs a database, a home directory or a clock.
    match cli.command {
        Some(Command::Completions { shell }) => return shell::print_completions(shell),
        Some(Command::Man) => return shell::print_man(),
        _ => {}
    }
    let (ctx, config) = context(&cli, lang)?;
    match cli.command {
        Some(Command::Init { demo, admin }) => init(&ctx, demo, admin.as_deref()),
        Some(Command::Demo) => {
            let prepare = (!ctx.db.exists()).then(|| demo_creator(&ctx));
            ui(
                &ctx,
                &cli_ui(cli.color, cli.explicit_ascii()),
                config,
                prepare,
            )
        }
        Some(Command::Record(args)) => {
            let mut store = open(&ctx)?;
            record(&mut store, &ctx, args)
        }
        Some(Command::Report(args)) => {
            let store = open(&ctx)?;
            if args.gaps || args.rotation {
                gaps::print(&store, &ctx, &args)
            } else if args.recall {
                recall::report(&store, &ctx, &args)
            } else {
                report::print(&store, &ctx, &args)
            }
        }
        Some(Command::Check) => report::check(&open(&ctx)?, &ctx),
        Some(Command::User {
            cmd:
                users::UserCmd::Import {
                    file,
                    check,
                    encoding,
                },
        }) => import::run(
            &ctx,
            crate::transfer::ImportKind::Users,
            &file,
            (check, encoding),
            None,
        ),
        Some(Command::User { cmd }) => {
            let mut store = open(&ctx)?;
            users::run(&mut store, &ctx, cmd)
        }
        Some(Command::Audit(args)) => {
            let store = open(&ctx)?;
            audit::run(&store, &ctx, args)
        }
        Some(Command::Doctor) => doctor::run(&ctx),
        Some(Command::Guard) => guard::run(&ctx),
        Some(Command::GuardAudit {
            pid,
            account,
            held_ms,
            command,
        }) => {
            let mut store = open(&ctx)?;
            guard::audit(&mut store, pid, account, held_ms, command)
        }
        Some(Command::Backup { out, force }) => {
            let mut store = open(&ctx)?;
            backup::run(&mut store, &ctx, &out, force)
        }
        Some(Command::Settings {
            time_zone,
            tracking_start,
            leave_township_days,
        }) => {
            let mut store = open(&ctx)?;
            if let Some(days) = leave_township_days {
                store.set_leave_township_days(days)?;
            }
            settings(&mut store, &ctx, time_zone, tracking_start)
        }
        #[cfg(feature = "upward")]
        Some(Command::Upward { cmd }) => upward::run(&ctx, cmd),
        #[cfg(feature = "upward")]
        Some(Command::Push { dir, baseline }) => upward::push(&ctx, &dir, baseline),
        #[cfg(feature = "upward")]
        Some(Command::Pull { files }) => upward::pull(&ctx, &files),
        // Handled above, before any database path is worked out.
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        None => ui(&ctx, &cli_ui(cli.color, cli.explicit_ascii()), config, None),
        Some(other) => management(&ctx, other),
    }
}

/// `zhucun import KIND FILE`: the table imports, and the sign-in sheet and
/// the county's assessment sheet (also `zhucun training import` and
/// `zhucun assess import`).
fn import_command(
    ctx: &Ctx,
    (kind, file): (import::ImportArg, PathBuf),
    (check, encoding): (bool, crate::transfer::Encoding),
    (month, session, pool): (Option<String>, Option<i64>, assess::PoolArgs),
) -> Result<()> {
    match kind.kind() {
        Some(kind) => import::run(ctx, kind, &file, (check, encoding), month.as_deref()),
        None if kind == import::ImportArg::Training => training::run(
            ctx,
            training::TrainingCmd::Import {
                file,
                session: session.unwrap_or_default(),
                check,
                encoding,
            },
        ),
        None => assess::run_assess(
            ctx,
            assess::AssessCmd::Import {
                file,
                pool,
                check,
                encoding,
            },
        ),
    }
}

/// The commands of the teams, attendance, leave, recall, training,
/// assessment and allowance work (选管训激).
fn management(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Import {
            kind,
            file,
            check,
            encoding,
            month,
            session,
            pool,
        } => import_command(ctx, (kind, file), (check, encoding), (month, session, pool)),
        Command::Export(args) => match args.what {
            Some(ExportWhat::Attendance(what)) => attendance::export(ctx, &what),
            Some(ExportWhat::Recall(cmd)) => recall::export(&open(ctx)?, ctx, cmd),
            Some(ExportWhat::Units(cmd)) => units::export(&open(ctx)?, ctx, cmd),
            Some(ExportWhat::Training(a)) => training::run(ctx, training::TrainingCmd::Export(a)),
            Some(ExportWhat::Assessment(a)) => {
                assess::run_assess(ctx, assess::AssessCmd::Export(a))
            }
            None => export::run(ctx, &args),
        },
        Command::Attendance { cmd } => attendance::run(ctx, &cmd),
        Command::Leave { cmd } => leave::run(&mut open(ctx)?, ctx, cmd),
        Command::Recall { cmd } => recall::run(&mut open(ctx)?, ctx, cmd),
        Command::Incident { cmd } => recall::incident(&mut open(ctx)?, ctx, cmd),
        Command::Units { cmd } => units::run(&mut open(ctx)?, ctx, cmd),
        Command::Cadres { scope, format } => {
            recall::cadres(&open(ctx)?, ctx, scope.as_deref(), format)
        }
        Command::Training { cmd } => training::run(ctx, cmd),
        Command::Assess { cmd } => assess::run_assess(ctx, cmd),
        Command::Commend { cmd } => assess::run_commend(ctx, cmd),
        Command::Allowance { cmd } => allowance::run(ctx, cmd),
        _ => Ok(()),
    }
}

/// `zhucun settings`: print them, after changing what was given.
fn settings(
    store: &mut Store,
    ctx: &Ctx,
    zone: Option<chrono_tz::Tz>,
    tracking_start: Option<NaiveDate>,
) -> Result<()> {
    let t = ctx.lang.text();
    let s = if zone.is_some() || tracking_start.is_some() {
        let s = store.set_settings(crate::store::SettingsChange {
            zone,
            tracking_start,
        })?;
        outln!("{}", t.settings_saved)?;
        s
    } else {
        store.settings()
    };
    outln!("{}: {}", t.time_zone, s.zone.name())?;
    outln!("{}: {}", t.tracking_start, s.tracking_start)?;
    outln!(
        "{}: {}",
        ctx.lang.leave_words().threshold,
        store.leave_township_days()?
    )?;
    Ok(())
}

/// Create the database at `path` (with the demo prefecture when `demo`);
/// on failure nothing is left behind.
fn create(path: &std::path::Path, today: NaiveDate, demo: bool) -> Result<()> {
    create_for(path, today, demo, None)
}

fn create_for(
    path: &std::path::Path,
    today: NaiveDate,
    demo: bool,
    admin: Option<&str>,
) -> Result<()> {
    let catalogue = crate::domain::Catalogue::builtin();
    let mut store = Store::create_with(path, &catalogue, today, admin)?;
    if demo && let Err(e) = crate::demo::load(&mut store, today) {
        drop(store);
        remove_db(path);
        return Err(e.into());
    }
    Ok(())
}

fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-anchor"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn init(ctx: &Ctx, demo: bool, admin: Option<&str>) -> Result<()> {
    create_for(&ctx.db, ctx.today, demo, admin)?;
    let t = ctx.lang.text();
    eprintln!(
        "{}: {}",
        if demo { t.demo_created } else { t.db_created },
        ctx.db.display()
    );
    Ok(())
}

impl Cli {
    /// `--ascii`: Some(true), `--no-ascii`: Some(false), neither: None.
    fn explicit_ascii(&self) -> Option<bool> {
        match (self.ascii, self.no_ascii) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// Command-line settings for the terminal UI (None: not given).
struct UiFlags {
    color: Option<crate::app::config::ColorChoice>,
    ascii: Option<bool>,
}

fn cli_ui(color: Option<ColorArg>, ascii: Option<bool>) -> UiFlags {
    UiFlags {
        color: color.map(ColorChoice::from),
        ascii,
    }
}

/// Build the demo into a temporary file beside the final path and move it
/// into place when complete, so an interrupted first run leaves no
/// half-made database behind.
fn demo_creator(ctx: &Ctx) -> Box<dyn FnOnce() -> Result<()> + Send> {
    let db = ctx.db.clone();
    let today = ctx.today;
    let lang = ctx.lang;
    Box::new(move || {
        let tmp = demo_tmp(&db);
        remove_db(&tmp);
        create(&tmp, today, true)?;
        std::fs::rename(&tmp, &db).with_context(|| {
            crate::i18n::ui::fill(lang.cli().demo_move, &[&db.display().to_string()])
        })?;
        Ok(())
    })
}

/// Where the demo is built before it is moved to `db`.
fn demo_tmp(db: &std::path::Path) -> PathBuf {
    db.with_file_name(format!(
        ".{}.creating-{}",
        db.file_name().and_then(|n| n.to_str()).unwrap_or("demo.db"),
        std::process::id()
    ))
}

/// Open the terminal UI on `ctx.db`.
fn ui(
    ctx: &Ctx,
    flags: &UiFlags,
    config: crate::app::config::Config,
    prepare: Option<Box<dyn FnOnce() -> Result<()> + Send>>,
) -> Result<()> {
    if prepare.is_none() {
        // Fail before touching the terminal: a missing or foreign file, or
        // an account that is not a user, gets its one-line message.
        let store = Store::open_with(&ctx.db, ctx.today, false)?;
        store.require_user()?;
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = flags.color.or(config.color).unwrap_or_default();
    // Neither flag nor config says: the text console (TERM=linux) is ASCII,
    // any other terminal is asked (tui/probe.rs).
    let term = std::env::var("TERM").ok();
    let (ascii, probe) = crate::tui::probe::at_start(flags.ascii.or(config.ascii), term.as_deref());
    let opts = crate::app::Options {
        lang: ctx.lang,
        color: color.enabled(no_color),
        ascii,
        keys: config.keys,
        mouse: config.mouse.unwrap_or(false),
    };
    let creating = prepare.is_some();
    let exit = crate::tui::run(crate::tui::Launch {
        db: ctx.db.clone(),
        today: ctx.today,
        opts,
        prepare,
        probe,
    });
    if creating && !ctx.db.exists() {
        // Interrupted while creating the demo: remove the temporary file.
        remove_db(&demo_tmp(&ctx.db));
    }
    match exit? {
        crate::tui::Exit::Signal(n) => std::process::exit(128 + n),
        crate::tui::Exit::Quit | crate::tui::Exit::InputClosed => Ok(()),
    }
}

/// Open the database and make sure the calling account is a user.
pub fn open(ctx: &Ctx) -> Result<Store> {
    let store = Store::open(&ctx.db, ctx.today)?;
    store.require_user()?;
    Ok(store)
}

fn record(store: &mut Store, ctx: &Ctx, args: RecordArgs) -> Result<()> {
    let RecordArgs {
        village,
        task,
        period,
        status,
        note,
        date,
    } = args;
    let status: Status = status.into();
    let village = DivisionCode::parse(&village).context("--village")?;
    let Some(t) = store.catalogue().task(task) else {
        return Err(StoreError::invalid(
            "--task",
            crate::store::Detail::NoTask {
                n: task,
                max: store.catalogue().tasks.len(),
            },
        )
        .into());
    };
    let period = match period.as_deref() {
        Some(p) => Period::parse(p).context("--period")?,
        None => t.cadence.period_for(ctx.today),
    };
    let input = RecordInput {
        village,
        task,
        period,
        status,
        note,
        done_on: date,
        expected_version: None,
    };
    let rec = store.record(&input)?;
    let t = ctx.lang.text();
    outln!(
        "{}: {} {} {} {}{}",
        t.recorded,
        input.village,
        task,
        ctx.lang.period(period),
        ctx.lang.status(rec.status),
        version_words(ctx.lang, rec.version)
    )?;
    Ok(())
}

/// A record's version in plain words: nothing for the first record, then
/// which change it is (version 3 is "（第2次修改）").
pub fn version_words(lang: Lang, version: i64) -> String {
    if version <= 1 {
        String::new()
    } else {
        crate::i18n::ui::fill(lang.cli().version_changed, &[&(version - 1).to_string()])
    }
}

/// Entry point used by main: runs and maps errors to one line and exit code 1.
pub fn main() -> std::process::ExitCode {
    // A setgid install: hold the group privilege only while opening the
    // database (docs/deployment.md).
    crate::store::privilege::init();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = match choose_lang(&args) {
        Ok(l) => l,
        Err(e) => {
            let l = Lang::default();
            eprintln!("{}{}", l.cli().error, error_line(&e.into(), l));
            return std::process::ExitCode::FAILURE;
        }
    };
    let cli = match help::parse(&args, lang) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(cli, lang) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if closed_pipe(&e) => {
            // The reader went away (`zhucun report | head -2`): what it
            // wanted it has; stop quietly and successfully, as ripgrep, fd
            // and bat do (not 141, which fails a `set -o pipefail` script).
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}{}", lang.cli().error, error_line(&e, lang));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error and its causes as one line in `lang`: each context
/// (`--period`) and then the first of the program's own errors, rendered
/// through the i18n tables (its own causes are part of its message).
pub fn error_line(e: &anyhow::Error, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        if let Some(m) = crate::i18n::errors::localized(cause, lang) {
            parts.push(m);
            break;
        }
        if let Some(d) = cause.downcast_ref::<DateArgError>() {
            parts.push(crate::i18n::ui::fill(lang.cli().not_a_date, &[&d.input]));
            break;
        }
        if let Some(d) = cause.downcast_ref::<LangEnvError>() {
            parts.push(match lang {
                Lang::En => d.to_string(),
                Lang::Zh => format!(
                    "ZHUCUN_LANG=“{}” 不是 zhucun 支持的语言；请设为 zh 或 en（或不设）",
                    d.0
                ),
            });
            break;
        }
        let s = cause.to_string();
        if !s.is_empty() {
            parts.push(s);
        }
    }
    parts.join(lang.cli().sep)
}

/// Whether `e` is, or was caused by, a write to a pipe nobody reads; a CSV
/// writer's error holds its I/O error without naming it as the source.
fn closed_pipe(e: &anyhow::Error) -> bool {
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
    })
}

/// Print `heads` and `rows` as columns two spaces apart, aligned in
/// terminal cells; the last column is not padded.
fn print_columns<const N: usize>(heads: &[&str; N], rows: &[[String; N]]) -> std::io::Result<()> {
    use crate::domain::text::{pad_right, width};
    let widths: Vec<usize> = (0..N)
        .map(|i| {
            rows.iter()
                .map(|c| width(&c[i]))
                .chain([width(heads[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |c: &[&str]| {
        let mut s: Vec<String> = c[..N - 1]
            .iter()
            .zip(&widths)
            .map(|(s, w)| pad_right(s, *w))
            .collect();
        s.push(c[N - 1].to_string());
        s.join("  ").trim_end().to_string()
    };
    outln!("{}", line(heads))?;
    for c in rows {
        outln!("{}", line(&c.each_ref().map(String::as_str)))?;
    }
    Ok(())
}
