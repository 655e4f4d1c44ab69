//! `zhucun allowance`: the dispatching units' 驻村补助发放表 (shown or
//! exported), the rates they are computed with, and the round trips and
//! insurance policies they read.

use super::{Ctx, parse_date};
use crate::domain::allowance::{Fen, RateKind};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::Store;
use crate::store::allowance::{PolicyInput, Statement, TripInput};
use crate::transfer::allowance as sheet;
use crate::transfer::export::ExportFormat;
use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum AllowanceCmd {
    /// The dispatching units with cadres posted in a month
    Units {
        /// The month, as 2026-03 (default: this month)
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<NaiveDate>,
    },
    /// A unit's statement for a month on standard output
    Show {
        /// The unit's id or exact name (`zhucun allowance units` lists them)
        #[arg(long, value_name = "UNIT")]
        unit: String,
        /// The month, as 2026-03 (default: this month)
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = super::Format::Table)]
        format: super::Format,
    },
    /// Write a unit's statement (or every unit's, a sheet each) to an .xlsx or .csv file
    Export {
        /// The unit's id or exact name
        #[arg(long, value_name = "UNIT", required_unless_present = "all_units")]
        unit: Option<String>,
        /// Every unit with cadres posted that month
        #[arg(long, conflicts_with = "unit")]
        all_units: bool,
        /// The month, as 2026-03 (default: this month)
        #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
        month: Option<NaiveDate>,
        /// File to write (.xlsx, or .csv)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// The rates and their history
    Rates,
    /// Set a rate from a date onward (administrators)
    SetRate {
        /// living_per_day (yuan), trips_per_month (a count) or insurance_cover (yuan)
        #[arg(long, value_enum)]
        kind: RateArg,
        /// The first day it applies to
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: NaiveDate,
        /// The value: yuan for money (60, 80.50), a count for trips
        #[arg(long, value_name = "VALUE")]
        value: String,
        /// Why a rate starts before today (needed for a date in the past; audited)
        #[arg(long, value_name = "REASON")]
        backdate: Option<String>,
    },
    /// Record a round trip of a cadre
    Trip {
        /// The cadre's id (`zhucun cadres` lists them)
        #[arg(long, value_name = "ID")]
        cadre: i64,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: NaiveDate,
        /// The route, e.g. 都匀—贵阳
        #[arg(long)]
        route: String,
        /// The amount in yuan (e.g. 126.50)
        #[arg(long, value_name = "YUAN")]
        amount: String,
    },
    /// Record an insurance policy of a cadre
    Policy {
        #[arg(long, value_name = "ID")]
        cadre: i64,
        /// The policy number
        #[arg(long)]
        number: String,
        #[arg(long)]
        insurer: String,
        /// The cover in yuan (e.g. 1000000)
        #[arg(long, value_name = "YUAN")]
        cover: String,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        start: NaiveDate,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        end: NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RateArg {
    LivingPerDay,
    TripsPerMonth,
    InsuranceCover,
}

impl From<RateArg> for RateKind {
    fn from(r: RateArg) -> RateKind {
        match r {
            RateArg::LivingPerDay => RateKind::LivingPerDay,
            RateArg::TripsPerMonth => RateKind::TripsPerMonth,
            RateArg::InsuranceCover => RateKind::InsuranceCover,
        }
    }
}

/// A `--month` value, as the other commands read it (`YYYY-MM`).
fn parse_month(s: &str) -> std::result::Result<NaiveDate, crate::domain::work_record::MonthError> {
    crate::domain::work_record::parse_month(s)
}

fn yuan(s: &str, what: &str, lang: Lang) -> Result<Fen> {
    Fen::parse_yuan(s).ok_or_else(|| match lang {
        Lang::Zh => anyhow!("{what}：{s:?} 不是金额（元，最多两位小数，如 126.50）"),
        Lang::En => {
            anyhow!("{what}: {s:?} is not an amount (yuan with at most two decimals, e.g. 126.50)")
        }
    })
}

fn unit_of(store: &Store, key: &str, lang: Lang) -> Result<i64> {
    match store.find_unit(key)? {
        Some((id, _)) => Ok(id),
        None => Err(match lang {
            Lang::Zh => {
                anyhow!("没有派出单位 {key:?}；`zhucun allowance units` 列出本月有派驻干部的单位")
            }
            Lang::En => anyhow!(
                "no dispatching unit {key:?}; `zhucun allowance units` lists the units with cadres posted this month"
            ),
        }),
    }
}

pub fn run(ctx: &Ctx, cmd: AllowanceCmd) -> Result<()> {
    let mut store = super::open(ctx)?;
    let lang = ctx.lang;
    let t = lang.allowance();
    let this_month = ctx.today;
    match cmd {
        AllowanceCmd::Units { month } => {
            let month = month.unwrap_or(this_month);
            let units = store.allowance_units(month)?;
            if units.is_empty() {
                outln!("{}", t.no_units)?;
            }
            for u in units {
                outln!(
                    "{:>5}  {}",
                    u.id,
                    fill(t.unit_line, &[&u.name, &u.cadres.to_string()])
                )?;
            }
        }
        AllowanceCmd::Show {
            unit,
            month,
            format,
        } => {
            let id = unit_of(&store, &unit, lang)?;
            let s = store.allowance_statement(id, month.unwrap_or(this_month))?;
            print(&s, lang, format)?;
        }
        AllowanceCmd::Export {
            unit,
            all_units,
            month,
            output,
            force,
        } => export(
            &store,
            ctx,
            unit,
            all_units,
            month.unwrap_or(this_month),
            &output,
            force,
        )?,
        AllowanceCmd::Rates => {
            for r in store.rates()?.all() {
                outln!(
                    "{}",
                    fill(
                        t.rate_line,
                        &[
                            lang.rate_kind(r.kind),
                            &r.from.to_string(),
                            &r.kind.show(r.value)
                        ]
                    )
                )?;
            }
        }
        other => write(&mut store, lang, other)?,
    }
    Ok(())
}

/// The commands that write: a rate, a trip, a policy.
fn write(store: &mut Store, lang: Lang, cmd: AllowanceCmd) -> Result<()> {
    let t = lang.allowance();
    match cmd {
        AllowanceCmd::SetRate {
            kind,
            from,
            value,
            backdate,
        } => {
            let kind = RateKind::from(kind);
            let v = if kind.is_money() {
                yuan(&value, "--value", lang)?.0
            } else {
                value.trim().parse::<i64>().map_err(|_| match lang {
                    Lang::Zh => anyhow!("--value：{value:?} 不是次数（整数，如 2）"),
                    Lang::En => {
                        anyhow!("--value: {value:?} is not a count (a whole number, e.g. 2)")
                    }
                })?
            };
            store.set_rate(kind, from, v, backdate.as_deref())?;
            outln!(
                "{}",
                fill(
                    t.rate_set,
                    &[lang.rate_kind(kind), &from.to_string(), &kind.show(v)]
                )
            )?;
        }
        AllowanceCmd::Trip {
            cadre,
            date,
            route,
            amount,
        } => {
            let amount = yuan(&amount, "--amount", lang)?;
            let id = store.add_trip(&TripInput {
                cadre,
                on: date,
                route,
                amount,
            })?;
            outln!("{}", fill(t.trip_added, &[&id.to_string()]))?;
        }
        AllowanceCmd::Policy {
            cadre,
            number,
            insurer,
            cover,
            start,
            end,
        } => {
            let cover = yuan(&cover, "--cover", lang)?;
            let id = store.add_policy(&PolicyInput {
                cadre,
                number,
                insurer,
                cover,
                start,
                end,
            })?;
            outln!("{}", fill(t.policy_added, &[&id.to_string()]))?;
        }
        _ => {}
    }
    Ok(())
}

fn export(
    store: &Store,
    ctx: &Ctx,
    unit: Option<String>,
    all_units: bool,
    month: NaiveDate,
    output: &std::path::Path,
    force: bool,
) -> Result<()> {
    let lang = ctx.lang;
    let format = if output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    };
    let m = month.format("%Y-%m").to_string();
    let (statements, record, label) = if all_units {
        let s = store.allowance_statements(month)?;
        (
            s,
            format!("allowance/all/{m}"),
            lang.allowance().units_title.to_string(),
        )
    } else {
        let key = unit.unwrap_or_default();
        let id = unit_of(store, &key, lang)?;
        let s = store.allowance_statement(id, month)?;
        let name = s.unit.name.clone();
        (vec![s], format!("allowance/{id}/{m}"), name)
    };
    let n = sheet::write(store, &statements, &record, lang, output, format, force)?;
    outln!(
        "{}",
        fill(
            lang.allowance().written,
            &[&output.display().to_string(), &label, &m, &n.to_string()]
        )
    )?;
    Ok(())
}

fn print(s: &Statement, lang: Lang, format: super::Format) -> Result<()> {
    let t = lang.allowance();
    let mut out = std::io::stdout().lock();
    match format {
        super::Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(s)?)?,
        super::Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(sheet::header(lang))?;
            for r in sheet::rows(s, lang) {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        super::Format::Table => {
            writeln!(
                out,
                "{} · {}",
                t.title,
                fill(t.head, &[&s.unit.name, &sheet::month_text(s, lang)])
            )?;
            if s.partial {
                writeln!(out, "{}", t.partial)?;
            }
            if s.lines.is_empty() {
                writeln!(out, "{}", t.no_lines)?;
            } else {
                super::gaps::table(&mut out, &sheet::header(lang), &sheet::rows(s, lang))?;
            }
            if !s.renewals.is_empty() {
                writeln!(out)?;
                writeln!(out, "{}", t.renewals)?;
                for r in &s.renewals {
                    let line = fill(
                        t.renewal_line,
                        &[
                            &r.name,
                            &r.policy.number,
                            &r.policy.insurer,
                            &r.policy.end.to_string(),
                        ],
                    );
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}
