//! `zhucun units list|show|set|list-item|project|funds|plan`: the
//! dispatching units of a scope and their responsibility lists (四个捆绑)
//! and help plans from the command line, through the same versioned,
//! audited store writes as the `U` screen. The people are never typed:
//! they come from the postings.

use super::{Ctx, Format, parse_date};
use crate::domain::DivisionCode;
use crate::domain::posting::UnitLevel;
use crate::domain::text::sanitize;
use crate::domain::units::{self, ProjectStatus, yuan};
use crate::i18n::ui::fill;
use crate::store::{
    BundleEdit, ListKey, PlanEdit, Project, Store, StoreError, UnitDetail, UnitEdit, UnitProblem,
};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum UnitsCmd {
    /// The units of a scope with their villages, plans and funds, by name
    List {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// Year (default: this year)
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// One unit's responsibility list: per village its plan, items, projects, funds and people
    Show {
        /// The unit's id or full name (see `zhucun units list`)
        unit: String,
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// Year (default: this year)
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
    },
    /// Set a unit's level, contact or leader in charge (an empty value clears it)
    Set {
        /// The unit's id or full name
        unit: String,
        /// 中央, 省级, 州级 (市级), 县级, 乡镇, 部队 or 其他
        #[arg(long)]
        level: Option<String>,
        /// The unit's contact (office telephone)
        #[arg(long)]
        contact: Option<String>,
        /// The unit's leader in charge (负总责的领导)
        #[arg(long)]
        leader: Option<String>,
    },
    /// Add or remove a responsibility item (责任事项) of a unit's list
    ListItem {
        #[command(subcommand)]
        cmd: ItemCmd,
    },
    /// Add, change or remove a project (帮扶项目) of a unit's list
    Project {
        #[command(subcommand)]
        cmd: ProjectCmd,
    },
    /// The funds planned and delivered (计划/到位资金) of a unit's list
    Funds {
        #[command(subcommand)]
        cmd: FundsCmd,
    },
    /// A unit's help plan (帮扶计划): goals, budget, linked tasks, approval
    Plan {
        #[command(subcommand)]
        cmd: PlanCmd,
    },
}

/// Which unit's list: the unit, the village and the year.
#[derive(Debug, Args)]
pub struct Which {
    /// The unit's id or full name
    pub unit: String,
    /// The village's code (12 digits)
    #[arg(long, value_name = "CODE")]
    pub village: String,
    /// Year (default: this year)
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
}

#[derive(Debug, Subcommand)]
pub enum ItemCmd {
    /// Add a responsibility item at the end of the list
    Add {
        #[command(flatten)]
        which: Which,
        /// The item's text
        #[arg(long)]
        text: String,
    },
    /// Remove item N (as numbered by `zhucun units show`)
    Rm {
        #[command(flatten)]
        which: Which,
        /// The item's number
        n: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// Add a project at the end of the list
    Add {
        #[command(flatten)]
        which: Which,
        /// The project's name
        #[arg(long)]
        name: String,
        /// Amount in yuan (12000, 1,200.50)
        #[arg(long, value_name = "YUAN")]
        amount: String,
        /// 计划, 实施中, 已完成 or 已取消 (planned, underway, done, dropped; default 计划)
        #[arg(long)]
        status: Option<String>,
    },
    /// Change project N's name, amount or status
    Set {
        #[command(flatten)]
        which: Which,
        /// The project's number (as numbered by `zhucun units show`)
        n: usize,
        /// The project's new name
        #[arg(long)]
        name: Option<String>,
        /// Amount in yuan
        #[arg(long, value_name = "YUAN")]
        amount: Option<String>,
        /// 计划, 实施中, 已完成 or 已取消
        #[arg(long)]
        status: Option<String>,
    },
    /// Remove project N
    Rm {
        #[command(flatten)]
        which: Which,
        /// The project's number
        n: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum FundsCmd {
    /// Set the funds planned or delivered, in yuan
    Set {
        #[command(flatten)]
        which: Which,
        /// Funds planned (计划资金), yuan
        #[arg(long, value_name = "YUAN")]
        planned: Option<String>,
        /// Funds delivered (到位资金), yuan
        #[arg(long, value_name = "YUAN")]
        delivered: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// Enter or change the plan's goals, budget and linked duty tasks
    Set {
        #[command(flatten)]
        which: Which,
        /// The plan's goals
        #[arg(long)]
        goals: Option<String>,
        /// Budget in yuan
        #[arg(long, value_name = "YUAN")]
        budget: Option<String>,
        /// Linked task numbers of the duty checklist, as 1,3,7
        #[arg(long, value_name = "N,N")]
        tasks: Option<String>,
    },
    /// Record the plan's approval day (default: today)
    Approve {
        #[command(flatten)]
        which: Which,
        /// The day it was approved
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
}

fn amount(s: &str, what: &str) -> Result<i64> {
    units::parse_yuan(s)
        .ok_or_else(|| StoreError::invalid(what, UnitProblem::NotAnAmount(s.to_string())).into())
}

fn opt_amount(s: Option<&String>, what: &str) -> Result<Option<i64>> {
    s.map(|s| amount(s, what)).transpose()
}

fn status(s: Option<&String>) -> Result<Option<ProjectStatus>> {
    s.map(|s| {
        units::parse_status(s).ok_or_else(|| {
            StoreError::invalid("--status", UnitProblem::NotAStatus(s.to_string())).into()
        })
    })
    .transpose()
}

fn tasks(s: &str) -> Result<Vec<u32>> {
    units::task_numbers(&crate::transfer::halfwidth(s))
        .map_err(|part| StoreError::invalid("--tasks", UnitProblem::NotATask(part)).into())
}

/// The list `w` names, and the unit's name.
fn list_key(store: &Store, ctx: &Ctx, w: &Which) -> Result<(ListKey, String)> {
    let unit = store.unit_named(&w.unit)?;
    let village = DivisionCode::parse(&w.village).context("--village")?;
    let key = ListKey {
        unit: unit.id,
        village,
        year: w.year.unwrap_or_else(|| units::year_of(ctx.today)),
    };
    Ok((key, sanitize(&unit.name, true)))
}

fn level(s: &str) -> Result<Option<UnitLevel>> {
    Ok(crate::transfer::fields::unit_level(s).map_err(|_| {
        StoreError::invalid("--level", UnitProblem::NotALevel(s.trim().to_string()))
    })?)
}

pub fn run(store: &mut Store, ctx: &Ctx, cmd: UnitsCmd) -> Result<()> {
    let w = ctx.lang.unit_words();
    match cmd {
        UnitsCmd::List {
            scope,
            year,
            format,
        } => list(store, ctx, scope.as_deref(), year, format),
        UnitsCmd::Show { unit, scope, year } => {
            let scope = super::report::report_scope(store, ctx, scope.as_deref(), true)?;
            let unit = store.unit_named(&unit)?;
            let year = year.unwrap_or_else(|| units::year_of(ctx.today));
            let d = store.responsibility_list(unit.id, &scope.code, year)?;
            show(ctx, &d)
        }
        UnitsCmd::Set {
            unit,
            level: lv,
            contact,
            leader,
        } => {
            let id = store.unit_named(&unit)?.id;
            let edit = UnitEdit {
                level: lv.as_deref().map(level).transpose()?,
                contact,
                leader,
                expected: None,
            };
            let u = store.set_unit(id, &edit)?;
            outln!("{}：{}", w.unit_saved, sanitize(&u.name, true))?;
            Ok(())
        }
        UnitsCmd::ListItem { cmd } => {
            let (which, edit) = match cmd {
                ItemCmd::Add { which, text } => (which, BundleEdit::AddDuty(text)),
                ItemCmd::Rm { which, n } => (which, BundleEdit::RemoveDuty(n)),
            };
            edit_list(store, ctx, &which, edit)
        }
        UnitsCmd::Project { cmd } => {
            let (which, edit) = project_edit(cmd)?;
            edit_list(store, ctx, &which, edit)
        }
        UnitsCmd::Funds {
            cmd:
                FundsCmd::Set {
                    which,
                    planned,
                    delivered,
                },
        } => {
            let planned = opt_amount(planned.as_ref(), "--planned")?;
            let delivered = opt_amount(delivered.as_ref(), "--delivered")?;
            if planned.is_none() && delivered.is_none() {
                return Err(StoreError::invalid("funds", UnitProblem::NothingToSet).into());
            }
            edit_list(store, ctx, &which, BundleEdit::Funds { planned, delivered })
        }
        UnitsCmd::Plan { cmd } => plan(store, ctx, cmd),
    }
}

/// The list change a `units project` command asks for.
fn project_edit(cmd: ProjectCmd) -> Result<(Which, BundleEdit)> {
    Ok(match cmd {
        ProjectCmd::Add {
            which,
            name,
            amount: a,
            status: s,
        } => {
            let p = Project {
                name,
                amount: amount(&a, "--amount")?,
                status: status(s.as_ref())?.unwrap_or(ProjectStatus::Planned),
            };
            (which, BundleEdit::AddProject(p))
        }
        ProjectCmd::Set {
            which,
            n,
            name,
            amount: a,
            status: s,
        } => {
            let e = BundleEdit::SetProject {
                n,
                name,
                amount: opt_amount(a.as_ref(), "--amount")?,
                status: status(s.as_ref())?,
            };
            (which, e)
        }
        ProjectCmd::Rm { which, n } => (which, BundleEdit::RemoveProject(n)),
    })
}

/// `units plan set|approve`.
fn plan(store: &mut Store, ctx: &Ctx, cmd: PlanCmd) -> Result<()> {
    let w = ctx.lang.unit_words();
    let (which, edit) = match cmd {
        PlanCmd::Set {
            which,
            goals,
            budget,
            tasks: t,
        } => {
            let edit = PlanEdit {
                goals,
                budget: opt_amount(budget.as_ref(), "--budget")?,
                tasks: t.as_deref().map(tasks).transpose()?,
                approved_on: None,
            };
            if edit == PlanEdit::default() {
                return Err(StoreError::invalid("plan", UnitProblem::NothingToSet).into());
            }
            (which, edit)
        }
        PlanCmd::Approve { which, on } => (
            which,
            PlanEdit {
                approved_on: Some(Some(on.unwrap_or(ctx.today))),
                ..PlanEdit::default()
            },
        ),
    };
    let (key, name) = list_key(store, ctx, &which)?;
    let v = store.edit_plan(&key, None, &edit)?;
    outln!(
        "{}：{name} {} {}{}",
        w.plan_saved,
        key.village,
        key.year,
        super::version_words(ctx.lang, v)
    )?;
    Ok(())
}

fn edit_list(store: &mut Store, ctx: &Ctx, which: &Which, edit: BundleEdit) -> Result<()> {
    let (key, name) = list_key(store, ctx, which)?;
    let v = store.edit_bundle(&key, None, &[edit])?;
    outln!(
        "{}：{name} {} {}{}",
        ctx.lang.unit_words().list_saved,
        key.village,
        key.year,
        super::version_words(ctx.lang, v)
    )?;
    Ok(())
}

fn list(
    store: &Store,
    ctx: &Ctx,
    scope: Option<&str>,
    year: Option<i32>,
    format: Format,
) -> Result<()> {
    let scope = super::report::report_scope(store, ctx, scope, true)?;
    let year = year.unwrap_or_else(|| units::year_of(ctx.today));
    let rows = store.units_of(&scope.code, year)?;
    let t = ctx.lang.units();
    let w = ctx.lang.unit_words();
    let header = [
        w.col_id,
        t.col_unit,
        t.col_level,
        t.col_villages,
        t.col_plans,
        w.col_plans_missing,
        w.col_planned,
        w.col_delivered,
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.unit.id.to_string(),
                sanitize(&r.unit.name, true),
                r.unit
                    .level
                    .map(|l| ctx.lang.unit_level(l).to_string())
                    .unwrap_or_default(),
                r.villages.to_string(),
                r.plans.to_string(),
                r.plans_missing.to_string(),
                yuan(r.funds_planned),
                yuan(r.funds_delivered),
            ]
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        Format::Csv => {
            let mut c = crate::transfer::export::excel_csv(out)?;
            c.write_record(header)?;
            for r in &cells {
                c.write_record(r)?;
            }
            c.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{} · {} ({}) · {}",
                t.units_title,
                scope.name,
                scope.code,
                fill(w.year, &[&year.to_string()])
            )?;
            if cells.is_empty() {
                writeln!(out, "{}", t.units_none)?;
            } else {
                super::gaps::table(&mut out, &header, &cells)?;
            }
        }
    }
    Ok(())
}

fn show(ctx: &Ctx, d: &UnitDetail) -> Result<()> {
    let lang = ctx.lang;
    let t = lang.units();
    let w = lang.unit_words();
    let dash = "-".to_string();
    outln!(
        "{} · {} · {}",
        sanitize(&d.unit.name, true),
        t.detail_title,
        fill(w.year, &[&d.year.to_string()])
    )?;
    outln!(
        "{}{}",
        d.unit
            .level
            .map(|l| format!("{}：{} · ", t.col_level, lang.unit_level(l)))
            .unwrap_or_default(),
        fill(
            t.detail_head,
            &[
                &sanitize(d.unit.leader.as_ref().unwrap_or(&dash), true),
                &sanitize(d.unit.contact.as_ref().unwrap_or(&dash), true),
            ]
        )
    )?;
    if d.villages.is_empty() {
        outln!("{}", t.detail_none)?;
    }
    for v in &d.villages {
        outln!()?;
        outln!("{} {}", v.code, sanitize(&v.name, true))?;
        outln!("  {}：{}", t.plan, lang.plan_state(v.plan_state, d.year))?;
        if let Some(p) = &v.plan {
            outln!(
                "  {}",
                fill(t.plan_goals, &[&sanitize(&p.goals, true), &yuan(p.budget)])
            )?;
            if !p.tasks.is_empty() {
                let list: Vec<String> = p.tasks.iter().map(u32::to_string).collect();
                outln!("  {}：{}", w.tasks, list.join(","))?;
            }
        }
        match &v.bundle {
            None => outln!("  {}", t.no_list)?,
            Some(b) => {
                outln!("  {}：", t.duties)?;
                for (i, item) in b.duties.iter().enumerate() {
                    outln!("    {}. {}", i + 1, sanitize(item, true))?;
                }
                outln!("  {}：", t.projects)?;
                for (i, p) in b.projects.iter().enumerate() {
                    outln!(
                        "    {}. {} · {} {} · {}",
                        i + 1,
                        sanitize(&p.name, true),
                        yuan(p.amount),
                        t.yuan,
                        lang.project_status(p.status)
                    )?;
                }
                let pct = units::funds_percent(b.funds_planned, b.funds_delivered)
                    .map_or_else(|| "-".to_string(), |p| format!("{p}%"));
                outln!(
                    "  {}",
                    fill(
                        t.funds,
                        &[&yuan(b.funds_planned), &yuan(b.funds_delivered), &pct]
                    )
                )?;
            }
        }
        if v.people.is_empty() {
            outln!("  {}", t.no_people)?;
        } else {
            let people: Vec<String> = v
                .people
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        lang.member_role(p.member.role),
                        sanitize(&p.member.name, true)
                    )
                })
                .collect();
            outln!("  {}：{}", t.people, people.join("、"))?;
        }
    }
    Ok(())
}

/// What `zhucun export` writes of the units.
#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// The 帮扶责任落实表 of a scope and year: per unit and village the responsibilities, projects, funds and posted cadres (.xlsx or .csv)
    Responsibility {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// Year (default: this year)
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// xlsx (lists and projects sheets) or csv (the lists); default from the file name
        #[arg(long, value_enum)]
        format: Option<crate::transfer::ExportFormat>,
        /// File to write
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

/// `zhucun export responsibility`: written through the staged sheet writer
/// (0600, renamed at the end) and audited.
pub fn export(store: &Store, ctx: &Ctx, cmd: ExportCmd) -> Result<()> {
    use crate::transfer::ExportFormat;
    let ExportCmd::Responsibility {
        scope,
        year,
        format,
        output,
        force,
    } = cmd;
    let scope = super::report::report_scope(store, ctx, scope.as_deref(), true)?;
    store.check_export(&scope.code)?;
    let year = year.unwrap_or_else(|| units::year_of(ctx.today));
    let format = format.unwrap_or(
        if output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        },
    );
    let mut sheets = crate::transfer::lists::sheets(store, &scope.code, year, ctx.lang)?;
    if format == ExportFormat::Csv {
        sheets.truncate(1);
    }
    let n = crate::transfer::recall::write(store, &scope.code, &sheets, &output, format, force)?;
    outln!(
        "{}",
        fill(
            ctx.lang.unit_words().exported,
            &[&output.display().to_string(), &n.to_string()]
        )
    )?;
    Ok(())
}
