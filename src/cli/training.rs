//! `zhucun training ...`: sessions (list, add, edit, delete), a session's
//! attendance list and marks, each cadre's hours, the 未参训名单, the
//! county's sign-in sheet imported, and the lists exported.

use super::{Ctx, Format, parse_date};
use crate::domain::DivisionCode;
use crate::domain::training::{Kind, Mark};
use crate::i18n::ui::fill;
use crate::store::{MarkInput, SessionInput, Store, TrainingSettings};
use crate::transfer::TransferError;
use crate::transfer::export::ExportFormat;
use crate::transfer::training::{self as sheets, List};
use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum TrainingCmd {
    /// The sessions a scope's cadres go to in a year, by first day
    List(ListArgs),
    /// Create a session (the division that runs it, or above)
    Add(SessionArgs),
    /// Change a session; its grid days follow its dates
    Edit {
        /// The session's id (`zhucun training list`)
        id: i64,
        #[command(flatten)]
        change: SessionChange,
    },
    /// Delete a session, its marks and its grid days
    Delete {
        /// The session's id (`zhucun training list`)
        id: i64,
    },
    /// A session's attendance list: the cadres posted under its division on its days
    Roster {
        /// The session's id (`zhucun training list`)
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Mark cadres at a session: 参训 writes the session's days into the attendance grid
    Mark {
        /// The session's id (`zhucun training list`)
        id: i64,
        /// Cadre ids (`zhucun training roster ID`); several separated by commas
        #[arg(
            long,
            value_name = "ID",
            value_delimiter = ',',
            required_unless_present = "all"
        )]
        cadre: Vec<i64>,
        /// Every cadre of the attendance list
        #[arg(long, conflicts_with = "cadre")]
        all: bool,
        #[arg(long, value_enum)]
        status: MarkArg,
        /// Hours credited (default: the session's for attended, 0 otherwise)
        #[arg(long, value_name = "N")]
        hours: Option<u32>,
    },
    /// Each cadre's hours in the year against the target and the kinds had, by village code then name
    Hours(YearArgs),
    /// 未参训名单: the cadres with no session attended in the year, by village code then name
    Untrained(YearArgs),
    /// Each county's training: cadres, hours in all, how many reached the target and how many attended nothing (counts, never a list of people)
    Counties(YearArgs),
    /// Import a county's sign-in sheet (姓名 or 干部编号, 状态, 学时) as a session's marks (all or nothing)
    Import {
        /// CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file
        file: PathBuf,
        /// The session the sheet is of
        #[arg(long, value_name = "ID")]
        session: i64,
        /// Check the file and report every problem, but write nothing
        #[arg(long)]
        check: bool,
        /// Text encoding of a CSV file (default: detect)
        #[arg(long, value_enum, default_value_t = crate::transfer::Encoding::Auto)]
        encoding: crate::transfer::Encoding,
    },
    /// Export the hours list (and the sessions), the 未参训名单 or a session's sign-in sheet
    Export(ExportArgs),
    /// Show the yearly target hours and the new-cadre days; change them (administrators only)
    Settings {
        /// Yearly target hours (default 90)
        #[arg(long, value_name = "N")]
        target_hours: Option<u32>,
        /// Days after a posting begins by which a new cadre has attended training (default 30)
        #[arg(long, value_name = "N")]
        new_cadre_days: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Year (default: this year)
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Division code (default: your own scope, or the whole database)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct YearArgs {
    /// Year (default: this year)
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Division code (default: your own scope, or the whole database)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Year (default: this year)
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Division code (default: your own scope, or the whole database)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    /// The 未参训名单 instead of the hours list
    #[arg(long, conflicts_with = "session")]
    pub untrained: bool,
    /// Each county's training (counts only) instead of the hours list
    #[arg(long, conflicts_with_all = ["session", "untrained"])]
    pub counties: bool,
    /// One session's sign-in sheet instead of the hours list
    #[arg(long, value_name = "ID")]
    pub session: Option<i64>,
    /// File to write (.xlsx, or .csv)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SessionArgs {
    /// Title (培训班名称)
    #[arg(long)]
    pub title: String,
    /// 理论 (theory), 政策 (policy) or 实践经验 (practice)
    #[arg(long, value_parser = parse_kind)]
    pub kind: Kind,
    /// The prefecture, county or township that runs it
    #[arg(long, value_name = "CODE")]
    pub division: String,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: NaiveDate,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: NaiveDate,
    /// 学时 (whole hours)
    #[arg(long, value_name = "N")]
    pub hours: u32,
    /// 主办单位
    #[arg(long, default_value = "")]
    pub organiser: String,
    /// 地点
    #[arg(long, default_value = "")]
    pub venue: String,
    /// 授课人
    #[arg(long, default_value = "")]
    pub speakers: String,
}

#[derive(Debug, Args)]
pub struct SessionChange {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    #[arg(long, value_name = "CODE")]
    pub division: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_name = "N")]
    pub hours: Option<u32>,
    #[arg(long)]
    pub organiser: Option<String>,
    #[arg(long)]
    pub venue: Option<String>,
    #[arg(long)]
    pub speakers: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkArg {
    Attended,
    Leave,
    Absent,
}

impl From<MarkArg> for Mark {
    fn from(m: MarkArg) -> Mark {
        match m {
            MarkArg::Attended => Mark::Attended,
            MarkArg::Leave => Mark::Leave,
            MarkArg::Absent => Mark::Absent,
        }
    }
}

/// A `--kind` that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a kind of training: theory (理论), policy (政策) or practice (实践经验)")]
pub struct KindArgError(String);

fn parse_kind(s: &str) -> std::result::Result<Kind, KindArgError> {
    Kind::parse(s).ok_or_else(|| KindArgError(s.to_string()))
}

fn code(s: &str, what: &'static str) -> Result<DivisionCode> {
    DivisionCode::parse(s).context(what)
}

/// The scope a list is read in: the one given, else the account's own.
fn scope(store: &Store, ctx: &Ctx, given: Option<&str>) -> Result<DivisionCode> {
    Ok(super::report::report_scope(store, ctx, given, true)?.code)
}

pub fn run(ctx: &Ctx, cmd: TrainingCmd) -> Result<()> {
    if let TrainingCmd::Import {
        file,
        session,
        check,
        encoding,
    } = &cmd
    {
        return import(ctx, *session, file, *check, *encoding);
    }
    let mut store = super::open(ctx)?;
    let year_of = |y: Option<i32>| y.unwrap_or(ctx.today.year());
    let t = ctx.lang.training();
    match cmd {
        TrainingCmd::List(a) => {
            let scope = scope(&store, ctx, a.scope.as_deref())?;
            let sessions = store.training_sessions(&scope, year_of(a.year))?;
            if a.format == Format::Json {
                outln!("{}", serde_json::to_string_pretty(&sessions)?)?;
                return Ok(());
            }
            let rows = sheets::session_rows(&sessions, ctx.lang);
            if rows.is_empty() && a.format == Format::Table {
                outln!("{}", t.no_sessions)?;
                return Ok(());
            }
            print(a.format, &sheets::session_header(ctx.lang), &rows)
        }
        TrainingCmd::Add(a) => {
            let input = SessionInput {
                title: a.title,
                kind: a.kind,
                division: code(&a.division, "--division")?,
                organiser: a.organiser,
                from: a.from,
                to: a.to,
                hours: a.hours,
                venue: a.venue,
                speakers: a.speakers,
            };
            let id = store.add_training_session(&input)?;
            outln!("{}", fill(t.saved, &[&id.to_string()]))?;
            Ok(())
        }
        TrainingCmd::Edit { id, change } => edit(&mut store, ctx, id, change),
        TrainingCmd::Delete { id } => {
            store.delete_training_session(id)?;
            outln!("{}", fill(t.deleted, &[&id.to_string()]))?;
            Ok(())
        }
        TrainingCmd::Roster { id, format } => {
            let roster = store.training_roster(id)?;
            if format == Format::Json {
                outln!("{}", serde_json::to_string_pretty(&roster)?)?;
                return Ok(());
            }
            print(
                format,
                &sheets::roster_header(ctx.lang),
                &sheets::roster_rows(&roster, ctx.lang),
            )
        }
        TrainingCmd::Mark {
            id,
            cadre,
            all,
            status,
            hours,
        } => mark(&mut store, ctx, id, (cadre, all), status.into(), hours),
        TrainingCmd::Hours(a) | TrainingCmd::Untrained(a) if a.format == Format::Json => {
            let scope = scope(&store, ctx, a.scope.as_deref())?;
            let rows = store.training_year(&scope, year_of(a.year))?;
            outln!("{}", serde_json::to_string_pretty(&rows)?)?;
            Ok(())
        }
        TrainingCmd::Counties(a) if a.format == Format::Json => {
            let scope = scope(&store, ctx, a.scope.as_deref())?;
            let rows = store.training_by_county(&scope, year_of(a.year))?;
            outln!("{}", serde_json::to_string_pretty(&rows)?)?;
            Ok(())
        }
        TrainingCmd::Hours(a) => year_list(&store, ctx, &a, List::Hours),
        TrainingCmd::Untrained(a) => year_list(&store, ctx, &a, List::Untrained),
        TrainingCmd::Counties(a) => year_list(&store, ctx, &a, List::Counties),
        TrainingCmd::Export(a) => export(&store, ctx, &a),
        TrainingCmd::Settings {
            target_hours,
            new_cadre_days,
        } => settings(&mut store, ctx, target_hours, new_cadre_days),
        TrainingCmd::Import { .. } => Ok(()),
    }
}

fn mark(
    store: &mut Store,
    ctx: &Ctx,
    id: i64,
    (cadre, all): (Vec<i64>, bool),
    mark: Mark,
    hours: Option<u32>,
) -> Result<()> {
    let cadres = if all {
        store
            .training_roster(id)?
            .into_iter()
            .map(|r| r.cadre)
            .collect()
    } else {
        cadre
    };
    let marks: Vec<MarkInput> = cadres
        .into_iter()
        .map(|cadre| MarkInput { cadre, mark, hours })
        .collect();
    let o = store.mark_training(id, &marks)?;
    let n = [o.marked, o.days, o.conflicts].map(|n| n.to_string());
    outln!(
        "{}",
        fill(ctx.lang.training().marked, &[&n[0], &n[1], &n[2]])
    )?;
    Ok(())
}

fn settings(
    store: &mut Store,
    ctx: &Ctx,
    target_hours: Option<u32>,
    new_cadre_days: Option<u32>,
) -> Result<()> {
    let t = ctx.lang.training();
    let mut s = store.training_settings()?;
    if target_hours.is_some() || new_cadre_days.is_some() {
        s = store.set_training_settings(TrainingSettings {
            target_hours: target_hours.unwrap_or(s.target_hours),
            new_cadre_days: new_cadre_days.unwrap_or(s.new_cadre_days),
        })?;
        outln!("{}", t.settings_saved)?;
    }
    outln!("{}: {}", t.target_hours, s.target_hours)?;
    outln!("{}: {}", t.new_cadre_days, s.new_cadre_days)?;
    Ok(())
}

fn edit(store: &mut Store, ctx: &Ctx, id: i64, c: SessionChange) -> Result<()> {
    let s = store.training_session(id)?;
    let mut input = s.input();
    if let Some(v) = c.title {
        input.title = v;
    }
    if let Some(v) = c.kind {
        input.kind = v;
    }
    if let Some(v) = c.division {
        input.division = code(&v, "--division")?;
    }
    if let Some(v) = c.from {
        input.from = v;
    }
    if let Some(v) = c.to {
        input.to = v;
    }
    if let Some(v) = c.hours {
        input.hours = v;
    }
    if let Some(v) = c.organiser {
        input.organiser = v;
    }
    if let Some(v) = c.venue {
        input.venue = v;
    }
    if let Some(v) = c.speakers {
        input.speakers = v;
    }
    store.edit_training_session(id, &input, s.version)?;
    outln!("{}", fill(ctx.lang.training().saved, &[&id.to_string()]))?;
    Ok(())
}

fn year_list(store: &Store, ctx: &Ctx, a: &YearArgs, list: List) -> Result<()> {
    let scope = scope(store, ctx, a.scope.as_deref())?;
    let year = a.year.unwrap_or(ctx.today.year());
    let sheet = sheets::sheets(store, &scope, year, list, ctx.lang)?
        .into_iter()
        .next();
    let Some(sheet) = sheet else {
        return Ok(());
    };
    if a.format == Format::Table {
        for n in &sheet.notes {
            outln!("{n}")?;
        }
        if sheet.rows.is_empty() && list == List::Untrained {
            outln!("{}", ctx.lang.training().none_untrained)?;
            return Ok(());
        }
    }
    print(a.format, &sheet.header, &sheet.rows)
}

fn print(format: Format, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(header)?;
            for r in rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table | Format::Json => {
            use crate::domain::text::{pad_right, width};
            let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
            for r in rows {
                for (i, c) in r.iter().enumerate() {
                    w[i] = w[i].max(width(c)).min(40);
                }
            }
            let line = |cells: Vec<&str>| {
                cells
                    .iter()
                    .zip(&w)
                    .map(|(c, w)| pad_right(c, *w))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(header.to_vec()))?;
            for r in rows {
                writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
            }
        }
    }
    Ok(())
}

fn export(store: &Store, ctx: &Ctx, a: &ExportArgs) -> Result<()> {
    let scope = scope(store, ctx, a.scope.as_deref())?;
    let year = a.year.unwrap_or(ctx.today.year());
    let list = match (a.session, a.untrained, a.counties) {
        (Some(id), ..) => List::Session(id),
        (None, true, _) => List::Untrained,
        (None, false, true) => List::Counties,
        (None, false, false) => List::Hours,
    };
    let format = if a
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    };
    let sheets = sheets::sheets(store, &scope, year, list, ctx.lang)?;
    let n = sheets::write(store, &scope, &sheets, &a.output, format, a.force)?;
    let rows = match ctx.lang {
        crate::i18n::Lang::Zh => format!("{n} 行"),
        crate::i18n::Lang::En => format!("{n} rows"),
    };
    outln!("{}: {} · {year} · {rows}", a.output.display(), scope)?;
    Ok(())
}

fn import(
    ctx: &Ctx,
    session: i64,
    file: &std::path::Path,
    check: bool,
    encoding: crate::transfer::Encoding,
) -> Result<()> {
    let mut store = super::open(ctx)?;
    match sheets::import_sheet(&mut store, session, file, check, encoding) {
        Ok(out) => {
            let t = ctx.lang.training();
            let enc = out
                .encoding
                .map(|e| format!(" ({})", e.label()))
                .unwrap_or_default();
            match out.written {
                Some(o) => {
                    let n = [o.marked, o.days, o.conflicts].map(|n| n.to_string());
                    outln!(
                        "{}{enc}: {}",
                        file.display(),
                        fill(t.marked, &[&n[0], &n[1], &n[2]])
                    )?;
                }
                None => {
                    let c = ctx.lang.cli();
                    outln!(
                        "{}{enc}: {} ({})",
                        file.display(),
                        c.import_checked,
                        out.rows
                    )?;
                }
            }
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
