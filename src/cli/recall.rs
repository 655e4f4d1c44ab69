//! `zhucun recall open|advance|talk|list`, `zhucun incident add`,
//! `zhucun cadres` and `zhucun report --recall`: recall cases, incidents and
//! the ledger from the command line.

use super::{Ctx, Format, ReportArgs};
use crate::domain::recall::{IncidentKind, IncidentSource, Stage};
use crate::i18n::ui::fill;
use crate::store::{NewIncident, StepRequest, Store};
use crate::transfer::export::ExportFormat;
use crate::transfer::recall as sheets;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use std::io::Write;

use crate::domain::recall::WordError;

fn parse_stage(s: &str) -> std::result::Result<Stage, WordError> {
    Stage::parse(s).ok_or_else(|| WordError::Stage(s.to_string()))
}

fn parse_kind(s: &str) -> std::result::Result<IncidentKind, WordError> {
    IncidentKind::parse(s).ok_or_else(|| WordError::Kind(s.to_string()))
}

fn parse_source(s: &str) -> std::result::Result<IncidentSource, WordError> {
    IncidentSource::parse(s).ok_or_else(|| WordError::Source(s.to_string()))
}

#[derive(Debug, Subcommand)]
pub enum RecallCmd {
    /// Open a recall case (线索) about a cadre by hand (county, administrators)
    Open {
        /// The cadre's id (see `zhucun cadres`)
        #[arg(long, value_name = "ID")]
        cadre: i64,
        /// The day it opens (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Move a case to its next stage, or to --to (county, administrators)
    Advance {
        /// The case number (see `zhucun recall list`)
        case: i64,
        /// The stage to move to (default: the next one)
        #[arg(long, value_name = "STAGE", value_parser = parse_stage)]
        to: Option<Stage>,
        /// The day of the step (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
        on: Option<NaiveDate>,
        /// 决定: the decision's document number (文号)
        #[arg(long, value_name = "TEXT")]
        doc_no: Option<String>,
        /// 补派: the replacement's name
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// 补派: the replacement's dispatching unit
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// Replaces the case's note
        #[arg(long)]
        note: Option<String>,
    },
    /// End a case at 线索 or 核实 in a talk (约谈) instead of a recall
    Talk {
        case: i64,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// The ledger: cases by stage, open leads, days to replacement
    List {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCmd {
    /// Record an incident (四个一律) about a cadre (the village's county or township)
    Add {
        #[arg(long, value_name = "ID")]
        cadre: i64,
        #[arg(long, value_parser = parse_kind)]
        kind: IncidentKind,
        #[arg(long, value_parser = parse_source)]
        source: IncidentSource,
        /// The day it happened (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
        /// Also open a recall case (线索) from it (county, administrators)
        #[arg(long)]
        open_case: bool,
    },
}

use super::gaps::table;

pub fn run(store: &mut Store, ctx: &Ctx, cmd: RecallCmd) -> Result<()> {
    let t = ctx.lang.recall();
    match cmd {
        RecallCmd::Open { cadre, on, note } => {
            let id = store.open_case(cadre, on, note.as_deref().unwrap_or(""))?;
            let c = store.recall_case(id)?;
            outln!("{}", fill(t.opened, &[&id.to_string(), &c.cadre_name]))?;
        }
        RecallCmd::Advance {
            case,
            to,
            on,
            doc_no,
            name,
            unit,
            note,
        } => {
            let to = match to {
                Some(s) => s,
                None => {
                    let c = store.recall_case(case)?;
                    // At the end already: the step is refused with its reason.
                    c.stage.next().unwrap_or(Stage::Closed)
                }
            };
            let replacement = match (name, unit) {
                (None, None) => None,
                (n, u) => Some((n.unwrap_or_default(), u.unwrap_or_default())),
            };
            step(
                store,
                ctx,
                StepRequest {
                    case,
                    to,
                    on,
                    doc_no,
                    replacement,
                    note,
                    expected_version: None,
                },
            )?;
        }
        RecallCmd::Talk { case, on, note } => step(
            store,
            ctx,
            StepRequest {
                case,
                to: Stage::Talk,
                on,
                doc_no: None,
                replacement: None,
                note,
                expected_version: None,
            },
        )?,
        RecallCmd::List { scope, format } => {
            print_ledger(store, ctx, scope.as_deref(), format, None, false)?;
        }
    }
    Ok(())
}

fn step(store: &mut Store, ctx: &Ctx, req: StepRequest) -> Result<()> {
    let c = store.advance_case(&req)?;
    outln!(
        "{}",
        fill(
            ctx.lang.recall().advanced,
            &[&c.id.to_string(), ctx.lang.stage(c.stage)]
        )
    )?;
    Ok(())
}

pub fn incident(store: &mut Store, ctx: &Ctx, cmd: IncidentCmd) -> Result<()> {
    let IncidentCmd::Add {
        cadre,
        kind,
        source,
        on,
        note,
        open_case,
    } = cmd;
    let (id, case) = store.record_incident(&NewIncident {
        cadre,
        kind,
        source,
        on_date: on,
        note: note.unwrap_or_default(),
        open_case,
    })?;
    let t = ctx.lang.recall();
    let name = store
        .incidents_of(cadre)?
        .into_iter()
        .find(|i| i.id == id)
        .map(|i| i.cadre_name)
        .unwrap_or_default();
    outln!("{}", fill(t.incident_recorded, &[&id.to_string(), &name]))?;
    if let Some(c) = case {
        outln!("{}", fill(t.opened, &[&c.to_string(), &name]))?;
    }
    Ok(())
}

/// `zhucun report --recall` (and `recall list`): the ledger as a table,
/// CSV or JSON, or written to an .xlsx/.csv file (audited).
pub fn report(store: &Store, ctx: &Ctx, args: &ReportArgs) -> Result<()> {
    print_ledger(
        store,
        ctx,
        args.scope.as_deref(),
        args.format,
        args.output.as_deref(),
        args.force,
    )
}

fn print_ledger(
    store: &Store,
    ctx: &Ctx,
    scope: Option<&str>,
    format: Format,
    output: Option<&std::path::Path>,
    force: bool,
) -> Result<()> {
    let scope = super::report::report_scope(store, ctx, scope, true)?;
    let ledger = store.recall_ledger(&scope.code)?;
    let lang = ctx.lang;
    let t = lang.recall();
    if let Some(path) = output {
        let format = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        };
        let n = sheets::write(
            store,
            &scope.code,
            &sheets::ledger_sheets(&ledger, lang),
            path,
            format,
            force,
        )?;
        let rows = fill(lang.recall().cases_count, &[&n.to_string()]);
        outln!(
            "{}: {} ({}) · {} · {rows}",
            path.display(),
            scope.name,
            scope.code,
            ledger.day
        )?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&ledger)?)?,
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(sheets::ledger_header(lang))?;
            for c in &ledger.cases {
                w.write_record(sheets::case_row(c, lang))?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{} · {} ({}) · {}",
                t.ledger_title, scope.name, scope.code, ledger.day
            )?;
            writeln!(out, "{}", sheets::count_line(&ledger, lang))?;
            if ledger.cases.is_empty() {
                writeln!(out, "{}", t.no_cases)?;
                return Ok(());
            }
            let header = short_header(lang);
            let rows: Vec<Vec<String>> = ledger.cases.iter().map(|c| short_row(c, lang)).collect();
            table(&mut out, &header, &rows)?;
        }
    }
    Ok(())
}

fn short_header(lang: crate::i18n::Lang) -> Vec<&'static str> {
    let t = lang.recall();
    vec![
        t.col_case,
        t.col_stage,
        t.col_code,
        t.col_village,
        t.col_cadre,
        t.col_origin,
        t.col_opened,
        t.col_doc_no,
        t.col_wait,
    ]
}

fn short_row(c: &crate::store::RecallCase, lang: crate::i18n::Lang) -> Vec<String> {
    let full = sheets::case_row(c, lang);
    // case, stage, code, village, name, origin, opened, doc no., wait
    [0, 1, 2, 3, 4, 7, 8, 9, 14]
        .iter()
        .map(|i| full[*i].clone())
        .collect()
}

/// `zhucun cadres [--scope CODE]`: every posting's cadre id, name, unit,
/// village and role, by village code then name.
pub fn cadres(store: &Store, ctx: &Ctx, scope: Option<&str>, format: Format) -> Result<()> {
    let scope = super::report::report_scope(store, ctx, scope, true)?;
    let rows = cadre_rows(store, &scope.code, ctx.lang)?;
    let t = ctx.lang.recall();
    let header = vec![
        t.col_cadre_id,
        t.col_cadre,
        t.col_unit,
        t.col_code,
        t.col_village,
        t.col_role,
        t.col_start,
        t.col_end,
    ];
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r[0], "name": r[1], "unit": r[2], "village": r[3],
                        "village_name": r[4], "role": r[5], "start": r[6], "end": r[7],
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(&header)?;
            for r in &rows {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(out, "{} · {} ({})", t.cadres_title, scope.name, scope.code)?;
            if rows.is_empty() {
                writeln!(out, "{}", t.no_cadres)?;
            } else {
                table(&mut out, &header, &rows)?;
            }
        }
    }
    Ok(())
}

fn cadre_rows(
    store: &Store,
    scope: &crate::domain::DivisionCode,
    lang: crate::i18n::Lang,
) -> Result<Vec<Vec<String>>> {
    let names: std::collections::HashMap<String, String> = store
        .villages_within(scope)?
        .into_iter()
        .map(|d| (d.code.to_string(), d.name))
        .collect();
    let mut postings = store.postings_under(scope)?;
    postings.sort_by(|a, b| {
        (&a.member.village, &a.member.name, a.member.start).cmp(&(
            &b.member.village,
            &b.member.name,
            b.member.start,
        ))
    });
    Ok(postings
        .iter()
        .map(|p| {
            let m = &p.member;
            vec![
                p.cadre.id.to_string(),
                m.name.clone(),
                m.unit.clone(),
                m.village.clone(),
                names.get(&m.village).cloned().unwrap_or_default(),
                lang.member_role(m.role).to_string(),
                m.start.to_string(),
                m.end.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect())
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// A cadre's work record (工作纪实) for a month as a sheet (.xlsx or .csv)
    WorkRecord {
        /// The cadre's id (see `zhucun cadres`)
        #[arg(long, value_name = "ID")]
        cadre: i64,
        /// The month, YYYY-MM
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: NaiveDate,
        /// File to write (.xlsx, or .csv)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

fn parse_month(s: &str) -> std::result::Result<NaiveDate, crate::domain::work_record::MonthError> {
    crate::domain::work_record::parse_month(s)
}

/// `zhucun export work-record --cadre ID --month YYYY-MM -o FILE`.
pub fn export(store: &Store, ctx: &Ctx, cmd: ExportCmd) -> Result<()> {
    let ExportCmd::WorkRecord {
        cadre,
        month,
        output,
        force,
    } = cmd;
    let w = store.work_record(cadre, month)?;
    let village = crate::domain::DivisionCode::parse(&w.village)?;
    store.check_export(&village)?;
    let format = if output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    };
    let n = sheets::write(
        store,
        &village,
        &sheets::work_sheets(&w, ctx.lang),
        &output,
        format,
        force,
    )?;
    outln!(
        "{}",
        fill(
            ctx.lang.recall().work_written,
            &[
                &output.display().to_string(),
                &w.name,
                &w.month,
                &n.to_string()
            ]
        )
    )?;
    Ok(())
}
