//! `zhucun assess` (年度考核) and `zhucun commend` (表彰): a pool's grades
//! listed and set, the distribution per county (counts only), an export
//! of both, and commendations with the 专项培养方案 list.

use super::{Ctx, Format, open, parse_date};
use crate::domain::assessment::{self as rules, CommendLevel, Grade};
use crate::domain::{Division, DivisionCode, Level};
use crate::i18n::assessment::fill;
use crate::store::{
    AssessDetail, CommendInput, Detail, GradeInput, Pool, PoolView, Store, StoreError,
};
use crate::transfer::assessment as rows;
use crate::transfer::export::ExportFormat;
use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;

fn parse_grade(s: &str) -> std::result::Result<Grade, String> {
    Grade::parse(s).ok_or_else(|| {
        format!("{s:?}: 优秀/称职/基本称职/不称职 (excellent/competent/basic/incompetent)")
    })
}

fn parse_level(s: &str) -> std::result::Result<CommendLevel, String> {
    CommendLevel::parse(s).ok_or_else(|| {
        format!(
            "{s:?}: 国家级/省级/州级/县级/乡镇级 (national/province/prefecture/county/township)"
        )
    })
}

/// Which pool: a county's, or a unit's.
#[derive(Debug, clap::Args)]
pub struct PoolArgs {
    /// The county whose cadres form the pool (6 digits; default: your own county)
    #[arg(long, value_name = "CODE", conflicts_with = "unit")]
    pub county: Option<String>,
    /// A dispatching unit's id instead: the unit's cadres form the pool
    #[arg(long, value_name = "ID")]
    pub unit: Option<i64>,
    /// The year assessed (default: this year from November, else last year)
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
}

#[derive(Debug, Subcommand)]
pub enum AssessCmd {
    /// The pool's cadres with their year and grade, by village code then name
    List {
        #[command(flatten)]
        pool: PoolArgs,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Enter one cadre's grade (the pool's assessing body: its county or an administrator)
    Set {
        #[command(flatten)]
        pool: PoolArgs,
        /// The cadre's id (干部编号)
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "name",
            required_unless_present = "name"
        )]
        cadre: Option<i64>,
        /// The cadre's name (must be unique in the pool)
        #[arg(long)]
        name: Option<String>,
        /// 优秀, 称职, 基本称职 or 不称职 (or excellent, competent, basic, incompetent)
        #[arg(long, value_parser = parse_grade)]
        grade: Grade,
        /// The assessing body (考核单位; default: the county's name)
        #[arg(long)]
        body: Option<String>,
        /// The day of the assessment (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// A note on the basis (依据)
        #[arg(long, default_value = "")]
        basis: String,
    },
    /// The grade distribution per county (counts, never a list of people)
    Dist {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Import a county's assessment sheet (all or nothing)
    Import {
        /// CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file
        file: PathBuf,
        #[command(flatten)]
        pool: PoolArgs,
        /// Check the file and report every problem, but write nothing
        #[arg(long)]
        check: bool,
        /// Text encoding of a CSV file (default: detect)
        #[arg(long, value_enum, default_value_t = crate::transfer::Encoding::Auto)]
        encoding: crate::transfer::Encoding,
    },
    /// Write the distribution and each county's grades to an .xlsx or .csv file
    Export(ExportArgs),
    /// Show the 优秀 quota percentage; change it (administrators only)
    Settings {
        /// The most of a pool graded 优秀, in per cent of the pool, rounded down (default 30)
        #[arg(long, value_name = "N")]
        quota_pct: Option<u32>,
    },
}

/// `zhucun assess export` (and `zhucun export assessment`).
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Division code (default: your own scope)
    #[arg(long, value_name = "CODE")]
    pub scope: Option<String>,
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// File to write (.xlsx, or .csv)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum CommendCmd {
    /// Record a commendation (the cadre's county or an administrator)
    Add {
        /// The cadre's id (干部编号)
        #[arg(long, value_name = "ID")]
        cadre: i64,
        /// 国家级, 省级, 州级, 县级 or 乡镇级
        #[arg(long, value_parser = parse_level)]
        level: CommendLevel,
        /// The commendation's title
        #[arg(long)]
        title: String,
        /// The day it was given
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: NaiveDate,
        /// The document number (文号)
        #[arg(long, default_value = "")]
        doc: String,
    },
    /// Commendations of a scope's cadres, by village code then name
    List {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// Only those due a 专项培养方案 (commended at 州级 or above)
        #[arg(long)]
        due: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// The pool the arguments name (the account's own county by default).
fn pool_of(store: &Store, ctx: &Ctx, args: &PoolArgs) -> Result<(Pool, String)> {
    if let Some(u) = args.unit {
        let name: Option<String> = store
            .conn()
            .query_row("SELECT name FROM dispatch_unit WHERE id = ?1", [u], |r| {
                r.get(0)
            })
            .ok();
        return Ok((Pool::Unit(u), name.unwrap_or_else(|| u.to_string())));
    }
    let code = match &args.county {
        Some(c) => DivisionCode::parse(c).context("--county")?,
        None => county_of(store, ctx)?,
    };
    let name = store
        .division(&code)?
        .map(|d| d.name)
        .unwrap_or_else(|| code.to_string());
    Ok((Pool::County(code), name))
}

/// The county of the account's scope, or an error asking for --county.
fn county_of(store: &Store, ctx: &Ctx) -> Result<DivisionCode> {
    let scope = store.actor().scope().cloned();
    scope
        .filter(|s| s.level() >= Level::County)
        .and_then(|s| DivisionCode::parse(&s.as_str()[..6]).ok())
        .ok_or_else(|| anyhow!(ctx.lang.assess().need_county))
        .context("--county")
}

fn year_of(ctx: &Ctx, year: Option<i32>) -> i32 {
    year.unwrap_or_else(|| rules::assessment_year(ctx.today))
}

fn scope_of(store: &Store, ctx: &Ctx, scope: Option<&str>) -> Result<Division> {
    super::report::report_scope(store, ctx, scope, true)
}

pub fn run_assess(ctx: &Ctx, cmd: AssessCmd) -> Result<()> {
    let mut store = open(ctx)?;
    match cmd {
        AssessCmd::List { pool, format } => {
            let (p, name) = pool_of(&store, ctx, &pool)?;
            let view = store.assessment_pool(&p, year_of(ctx, pool.year))?;
            print_pool(ctx, &name, &view, format)
        }
        AssessCmd::Set {
            pool,
            cadre,
            name,
            grade,
            body,
            date,
            basis,
        } => {
            let (p, pool_name) = pool_of(&store, ctx, &pool)?;
            let year = year_of(ctx, pool.year);
            let cadre = match (cadre, name) {
                (Some(c), _) => c,
                (None, Some(n)) => cadre_by_name(&store, &p, year, &n)?,
                (None, None) => return Err(anyhow!("--cadre")),
            };
            let input = GradeInput {
                cadre,
                year,
                grade,
                pool: p,
                body: body.unwrap_or(pool_name),
                assessed_on: date.unwrap_or(ctx.today),
                basis,
                expected_version: None,
            };
            let counts = store.set_grade(&input)?;
            let t = ctx.lang.assess();
            let who = store.cadre_name(cadre)?;
            outln!(
                "{} · {}",
                fill(t.graded, &[&who, &ctx.lang.grade(grade)]),
                fill(t.counter, &[&counts.excellent, &counts.quota()])
            )?;
            Ok(())
        }
        AssessCmd::Dist {
            scope,
            year,
            format,
        } => {
            let scope = scope_of(&store, ctx, scope.as_deref())?;
            let d = store.grade_distribution(&scope.code, year_of(ctx, year))?;
            let t = ctx.lang.assess();
            print_table(
                format,
                &format!(
                    "{} · {} · {}",
                    t.distribution_title,
                    scope.name,
                    year_of(ctx, year)
                ),
                &rows::distribution_header(ctx.lang),
                &rows::distribution_rows(&d),
                &d,
            )
        }
        AssessCmd::Import {
            file,
            pool,
            check,
            encoding,
        } => import(&mut store, ctx, &file, &pool, (check, encoding)),
        AssessCmd::Settings { quota_pct } => settings(&mut store, ctx, quota_pct),
        AssessCmd::Export(ExportArgs {
            scope,
            year,
            output,
            force,
        }) => export(
            &mut store,
            ctx,
            scope.as_deref(),
            year_of(ctx, year),
            &output,
            force,
        ),
    }
}

/// `zhucun assess import`: every problem on standard error, or the count.
fn import(
    store: &mut Store,
    ctx: &Ctx,
    file: &std::path::Path,
    pool: &PoolArgs,
    (check, encoding): (bool, crate::transfer::Encoding),
) -> Result<()> {
    let (p, name) = pool_of(store, ctx, pool)?;
    let target = crate::transfer::assessment_import::Target {
        pool: &p,
        body: &name,
        year: year_of(ctx, pool.year),
        today: ctx.today,
    };
    let n = match crate::transfer::assessment_import::import(store, file, &target, encoding, check)
    {
        Ok(n) => n,
        Err(crate::transfer::TransferError::Invalid { file: f, problems }) => {
            // Every problem on standard error, then the summary.
            for line in problems.lines_in(ctx.lang) {
                eprintln!("{line}");
            }
            return Err(crate::transfer::TransferError::Invalid { file: f, problems }.into());
        }
        Err(e) => return Err(e.into()),
    };
    outln!(
        "{}",
        fill(ctx.lang.assess().imported, &[&n, &file.display()])
    )?;
    Ok(())
}

fn export(
    store: &mut Store,
    ctx: &Ctx,
    scope: Option<&str>,
    year: i32,
    output: &std::path::Path,
    force: bool,
) -> Result<()> {
    let scope = scope_of(store, ctx, scope)?;
    let distribution = store.grade_distribution(&scope.code, year)?;
    // A received copy holds no cadre: the distribution only, no empty
    // sheet of people per county.
    let mut pools = Vec::new();
    if !store.is_received_copy()? {
        for c in &distribution {
            pools.push(store.assessment_pool(&Pool::County(c.county.clone()), year)?);
        }
    }
    let format = if output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    };
    let sheets = rows::Sheets {
        scope: scope.code.clone(),
        distribution,
        pools,
    };
    let n = rows::write(store, &sheets, ctx.lang, output, format, force)?;
    outln!(
        "{} · {} ({}) · {year} · {n}",
        fill(ctx.lang.assess().exported, &[&output.display()]),
        scope.name,
        scope.code
    )?;
    Ok(())
}

/// The one cadre of the pool with this name.
fn cadre_by_name(store: &Store, pool: &Pool, year: i32, name: &str) -> Result<i64> {
    let view = store.assessment_pool(pool, year)?;
    let found: Vec<i64> = view
        .rows
        .iter()
        .filter(|r| r.name == name.trim())
        .map(|r| r.cadre)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(StoreError::invalid(
            "--name",
            Detail::Assess(AssessDetail::NotInPool {
                name: name.to_string(),
                year,
            }),
        )
        .into()),
        many => Err(StoreError::invalid(
            "--name",
            Detail::Assess(AssessDetail::SameName {
                name: name.to_string(),
                ids: many.to_vec(),
            }),
        )
        .into()),
    }
}

/// `assess settings`: show the quota percentage, or change it and list
/// the pools the new one leaves over their quota (counts only).
fn settings(store: &mut Store, ctx: &Ctx, quota_pct: Option<u32>) -> Result<()> {
    let t = ctx.lang.assess();
    let pct = match quota_pct {
        Some(p) => {
            let (p, over) = store.set_quota_pct(p)?;
            outln!("{}", t.settings_saved)?;
            for o in &over {
                let c = o.counts;
                outln!(
                    "{}",
                    fill(
                        t.over_quota,
                        &[&o.year, &o.name, &c.excellent, &c.quota(), &c.pool]
                    )
                )?;
            }
            p
        }
        None => store.excellent_quota_pct()?,
    };
    outln!("{}", fill(t.quota_pct, &[&pct]))?;
    Ok(())
}

fn print_pool(ctx: &Ctx, name: &str, view: &PoolView, format: Format) -> Result<()> {
    let t = ctx.lang.assess();
    let c = view.counts();
    let mut title = format!(
        "{} · {} · {}",
        fill(t.title, &[&name, &view.year]),
        fill(t.counter, &[&c.excellent, &c.quota()]),
        fill(t.pool_size, &[&c.pool])
    );
    if c.over() > 0 {
        title = format!("{title} · {}", fill(t.counter_over, &[&c.over()]));
    }
    print_table(
        format,
        &title,
        &rows::pool_header(ctx.lang),
        &rows::pool_rows(view, ctx.lang),
        view,
    )
}

fn print_table<T: serde::Serialize>(
    format: Format,
    title: &str,
    header: &[&str],
    body: &[Vec<String>],
    json: &T,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(json)?)?,
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(header)?;
            for r in body {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(out, "{title}")?;
            super::gaps::table(&mut out, header, body)?;
        }
    }
    Ok(())
}

pub fn run_commend(ctx: &Ctx, cmd: CommendCmd) -> Result<()> {
    let mut store = open(ctx)?;
    match cmd {
        CommendCmd::Add {
            cadre,
            level,
            title,
            date,
            doc,
        } => {
            let id = store.add_commendation(&CommendInput {
                cadre,
                level,
                title,
                on_date: date,
                doc_no: doc,
            })?;
            outln!("{}", fill(ctx.lang.assess().commend_added, &[&id]))?;
            Ok(())
        }
        CommendCmd::List { scope, due, format } => {
            let scope = scope_of(&store, ctx, scope.as_deref())?;
            let list = store.commendations(&scope.code, due)?;
            let t = ctx.lang.assess();
            let title = format!(
                "{} · {} ({})",
                if due { t.plan_title } else { t.commend_title },
                scope.name,
                scope.code
            );
            print_table(
                format,
                &title,
                &rows::commend_header(ctx.lang),
                &rows::commend_rows(&list, ctx.lang),
                &list,
            )
        }
    }
}
