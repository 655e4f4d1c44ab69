//! `zhucun attendance close --month YYYY-MM --scope CODE` (the month close:
//! the < 20 check and its recall leads) and `zhucun export attendance
//! --month YYYY-MM [--scope CODE] -o FILE` (the 考勤月表).

use super::Ctx;
use crate::domain::{DivisionCode, Level};
use crate::i18n::ui::fill;
use crate::store::{Detail, Store, StoreError, parse_month};
use crate::transfer::export::ExportFormat;
use anyhow::{Context, Result};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum AttendanceCmd {
    /// Close a month: cadres under 20 days in the village get a recall lead (township, county, admin)
    Close {
        /// The month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// A township or village code
        #[arg(long, value_name = "CODE")]
        scope: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The attendance month sheet (考勤月表) of a township or village
    Attendance {
        /// The month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// A township or village code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// File to write (.xlsx or .csv)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

fn scope_code(store: &Store, scope: Option<&str>) -> Result<DivisionCode> {
    let code = match scope {
        Some(s) => DivisionCode::parse(s).context("--scope")?,
        None => match store.actor().scope() {
            Some(s) if matches!(s.level(), Level::Township | Level::Village) => s.clone(),
            _ => {
                return Err(StoreError::invalid(
                    "--scope",
                    Detail::Attendance(crate::store::AttendanceProblem::ScopeLevel(
                        store
                            .actor()
                            .scope()
                            .map_or_else(String::new, |s| s.to_string()),
                    )),
                )
                .into());
            }
        },
    };
    if store.division(&code)?.is_none() {
        return Err(StoreError::UnknownDivision(code.to_string()).into());
    }
    Ok(code)
}

pub fn run(ctx: &Ctx, cmd: &AttendanceCmd) -> Result<()> {
    match cmd {
        AttendanceCmd::Close { month, scope } => close(ctx, month, scope),
    }
}

fn close(ctx: &Ctx, month: &str, scope: &str) -> Result<()> {
    let month = parse_month(month)?;
    let mut store = super::open(ctx)?;
    store.require_user()?;
    let code = scope_code(&store, Some(scope))?;
    let leads = store.close_attendance_month(&code, month)?;
    let t = ctx.lang.attendance();
    let name = store.division(&code)?.map(|d| d.name).unwrap_or_default();
    let villages = store.attendance_grid(&code, month)?.months.len();
    outln!(
        "{}",
        fill(
            t.close_done,
            &[
                &month.to_string(),
                &name,
                code.as_str(),
                &villages.to_string()
            ]
        )
    )?;
    if leads.is_empty() {
        outln!("{}", t.no_leads)?;
    }
    for l in &leads {
        outln!(
            "{}",
            fill(
                t.lead_line,
                &[
                    l.village.as_str(),
                    &l.name,
                    &l.days.to_string(),
                    &l.minimum.to_string(),
                    if l.opened { t.lead_new } else { t.lead_old },
                ]
            )
        )?;
    }
    Ok(())
}

pub fn export(ctx: &Ctx, what: &ExportWhat) -> Result<()> {
    let ExportWhat::Attendance {
        month,
        scope,
        output,
        force,
    } = what;
    let month = parse_month(month)?;
    let store = super::open(ctx)?;
    store.require_user()?;
    let code = scope_code(&store, scope.as_deref())?;
    store.check_export(&code)?;
    let grid = store.attendance_grid(&code, month)?;
    let format = if output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    };
    let n =
        crate::transfer::attendance_sheet::write(&store, &grid, ctx.lang, output, format, *force)?;
    let name = store.division(&code)?.map(|d| d.name).unwrap_or_default();
    outln!(
        "{}",
        fill(
            ctx.lang.attendance().export_done,
            &[
                &output.display().to_string(),
                &month.to_string(),
                &name,
                code.as_str(),
                &n.to_string()
            ]
        )
    )?;
    Ok(())
}
