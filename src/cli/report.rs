//! `zhucun report` and `zhucun check`.

use super::{Ctx, Format};
use crate::domain::text::{pad_left, pad_right, width};
use crate::domain::{Division, DivisionCode, Level, Period, PeriodKind};
use crate::i18n::ui::fill;
use crate::store::{Progress, Store, StoreError};
use anyhow::{Context, Result, anyhow};
use std::io::Write;

#[derive(serde::Serialize)]
struct Row {
    code: String,
    name: String,
    villages: u32,
    #[serde(flatten)]
    progress: Progress,
    rate: Option<f64>,
}

/// Level of the rows of `report --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    County,
    Township,
    Village,
}

impl By {
    fn level(self) -> Level {
        match self {
            By::County => Level::County,
            By::Township => Level::Township,
            By::Village => Level::Village,
        }
    }
}

/// Active divisions at `level` under `scope`, in code order.
fn descend(store: &Store, scope: &Division, level: Level) -> Result<Vec<Division>> {
    if level == Level::Village {
        return Ok(store.villages_within(&scope.code)?);
    }
    let mut cur = vec![scope.clone()];
    while cur.first().is_some_and(|d| d.level() < level) {
        let mut next = Vec::new();
        for d in &cur {
            next.extend(store.children(&d.code)?);
        }
        cur = next;
    }
    Ok(cur.into_iter().filter(|d| d.level() == level).collect())
}

/// The report as an aligned table, the total last.
fn print_table(
    out: &mut dyn Write,
    ctx: &Ctx,
    period: Period,
    scope: &Division,
    rows: &[Row],
    total: &Row,
) -> Result<()> {
    let t = ctx.lang.text();
    writeln!(
        out,
        "{} · {} · {} ({})",
        t.report_title,
        ctx.lang.period(period),
        scope.name,
        scope.code
    )?;
    let name_w = rows
        .iter()
        .map(|r| width(&r.name))
        .chain([width(t.name), width(t.total)])
        .max()
        .unwrap_or(4)
        .min(30);
    let code_w = rows
        .iter()
        .map(|r| r.code.len())
        .chain([width(t.code)])
        .max()
        .unwrap_or(6);
    let heads = [
        t.villages,
        t.expected,
        t.done,
        t.doing,
        t.na,
        t.rate,
        ctx.lang.figures().overdue_period,
    ];
    let num_w: Vec<usize> = heads.iter().map(|h| width(h).max(7)).collect();
    let mut line = format!(
        "{}  {}",
        pad_right(t.name, name_w),
        pad_right(t.code, code_w)
    );
    for (h, w) in heads.iter().zip(&num_w) {
        line.push_str(&format!("  {}", pad_left(h, *w)));
    }
    writeln!(out, "{}", line.trim_end())?;
    writeln!(out, "{}", "-".repeat(width(&line)))?;
    let fmt_row = |name: &str, r: &Row| {
        let p = &r.progress;
        let cells = [
            r.villages.to_string(),
            p.expected.to_string(),
            p.done.to_string(),
            p.doing.to_string(),
            p.na.to_string(),
            ctx.lang.percent(r.rate),
            p.overdue.to_string(),
        ];
        let mut line = format!(
            "{}  {}",
            pad_right(name, name_w),
            pad_right(&r.code, code_w)
        );
        for (c, w) in cells.iter().zip(&num_w) {
            line.push_str(&format!("  {}", pad_left(c, *w)));
        }
        line
    };
    for r in rows {
        writeln!(out, "{}", fmt_row(&r.name, r))?;
    }
    writeln!(out, "{}", "-".repeat(width(&line)))?;
    writeln!(out, "{}", fmt_row(t.total, total))?;
    // What every column counts (crate::domain::figures).
    let note = crate::i18n::ui::fill(
        ctx.lang.figures().report_note,
        &[&ctx.lang.period(period), &ctx.today.to_string()],
    );
    writeln!(out, "{note}")?;
    Ok(())
}

/// The division a report is about: `--scope`, else the overdue list's
/// default (the account's own scope: it is detail), else the top.
pub(super) fn report_scope(
    store: &Store,
    ctx: &Ctx,
    scope: Option<&str>,
    overdue: bool,
) -> Result<Division> {
    Ok(match scope {
        Some(s) => {
            let code = DivisionCode::parse(s).context("--scope")?;
            store
                .division(&code)?
                .ok_or_else(|| StoreError::UnknownDivision(code.to_string()))
                .context("--scope")?
        }
        None if overdue => store
            .home_scope()?
            .ok_or_else(|| anyhow!(ctx.lang.text().no_divisions))?,
        None => store
            .root()?
            .ok_or_else(|| anyhow!(ctx.lang.text().no_divisions))?,
    })
}

pub fn print(store: &Store, ctx: &Ctx, args: &super::ReportArgs) -> Result<()> {
    let (period, scope) = (args.period.as_deref(), args.scope.as_deref());
    let (format, by, overdue) = (args.format, args.by, args.overdue);
    let period = match period {
        Some(p) => Period::parse(p).context("--period")?,
        // What is overdue is looked for over the year so far.
        None if overdue => Period::containing(PeriodKind::Year, ctx.today),
        None => Period::containing(PeriodKind::Month, ctx.today),
    };
    let scope = report_scope(store, ctx, scope, overdue)?;
    if overdue {
        return print_overdue(store, ctx, &scope, period, format);
    }
    let child = scope.level().child();
    // --by the level just below the scope is the scope's own rollup.
    let rows: Vec<Row> = match by.map(By::level).filter(|l| Some(*l) != child) {
        None => store
            .rollup(&scope.code, period)?
            .into_iter()
            .map(|(d, villages, p)| Row {
                code: d.code.to_string(),
                name: d.name,
                villages,
                rate: p.rate(),
                progress: p,
            })
            .collect(),
        Some(level) if level <= scope.level() => {
            anyhow::bail!(crate::i18n::ui::fill(
                ctx.lang.cli().by_not_above,
                &[
                    &format!("{level:?}").to_lowercase(),
                    &scope.name,
                    &scope.code.to_string()
                ]
            ))
        }
        Some(level) => descend(store, &scope, level)?
            .into_iter()
            .map(|d| {
                let p = store.progress(&d.code, period)?;
                Ok(Row {
                    villages: store.village_count(&d.code)?,
                    code: d.code.to_string(),
                    name: d.name,
                    rate: p.rate(),
                    progress: p,
                })
            })
            .collect::<Result<_>>()?,
    };
    let total = store.progress(&scope.code, period)?;
    let total = Row {
        code: scope.code.to_string(),
        name: scope.name.clone(),
        villages: store.village_count(&scope.code)?,
        rate: total.rate(),
        progress: total,
    };
    let mut out = std::io::stdout().lock();
    let t = ctx.lang.text();
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "period": period.to_string(),
                "today": ctx.today.to_string(),
                "scope": total,
                "rows": rows,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record([
                t.code,
                t.name,
                t.villages,
                t.expected,
                t.done,
                t.doing,
                t.na,
                t.rate,
                ctx.lang.figures().overdue_period,
            ])?;
            for r in rows.iter().chain(std::iter::once(&total)) {
                let p = &r.progress;
                w.write_record([
                    r.code.clone(),
                    r.name.clone(),
                    r.villages.to_string(),
                    p.expected.to_string(),
                    p.done.to_string(),
                    p.doing.to_string(),
                    p.na.to_string(),
                    r.rate.map(|x| format!("{:.4}", x)).unwrap_or_default(),
                    p.overdue.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => print_table(&mut out, ctx, period, &scope, &rows, &total)?,
    }
    Ok(())
}

pub fn check(store: &Store, ctx: &Ctx) -> Result<()> {
    let r = store.check()?;
    let t = ctx.lang.text();
    let chain = store.verify_audit()?;
    let lines: Vec<(&str, String)> = vec![
        (
            t.schema_version,
            format!("{} ({})", r.schema_version, crate::store::SCHEMA_VERSION),
        ),
        (t.integrity, r.integrity.clone()),
        (t.catalogue_version, r.catalogue_version.to_string()),
        (t.divisions, r.divisions.to_string()),
        (t.villages, r.villages.to_string()),
        (t.team_members, r.team_members.to_string()),
        (t.completions, r.completions.to_string()),
        (t.guidance, r.guidance.to_string()),
        (t.users, r.users.to_string()),
        (
            t.audit_rows,
            match &chain {
                None => fill(ctx.lang.cli().chain_ok, &[&r.audit_rows.to_string()]),
                Some((seq, why)) => fill(
                    ctx.lang.cli().chain_broken_at,
                    &[
                        &r.audit_rows.to_string(),
                        &seq.to_string(),
                        &why.message(ctx.lang),
                    ],
                ),
            },
        ),
    ];
    let w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    // Written, not printed: a closed pipe (`zhucun check | head`) is an
    // error to return, never a panic.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} · {}", t.check_title, store.path().display())?;
    for (k, v) in &lines {
        writeln!(out, "{}  {v}", pad_right(k, w))?;
    }
    out.flush()?;
    if r.integrity != "ok" || chain.is_some() {
        anyhow::bail!(ctx.lang.cli().check_failed);
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct Overdue {
    due: String,
    days: i64,
    village: String,
    village_name: String,
    task: u32,
    title: String,
    period: String,
    status: String,
}

/// `report --overdue`: every task period inside `period` that has ended
/// without being done or marked n/a, oldest first.
/// The overdue list as an aligned table, oldest first.
fn overdue_table(
    out: &mut dyn Write,
    ctx: &Ctx,
    scope: &Division,
    period: Period,
    items: &[Overdue],
) -> Result<()> {
    let t = ctx.lang.text();
    let e = ctx.lang.export_text();
    writeln!(
        out,
        "{} · {} · {} ({}) · {}",
        e.overdue_title,
        ctx.lang.period(period),
        scope.name,
        scope.code,
        items.len()
    )?;
    if items.is_empty() {
        writeln!(out, "{}", e.nothing_overdue)?;
        return Ok(());
    }
    let statuses: Vec<String> = items
        .iter()
        .map(|i| {
            ctx.lang
                .status(crate::domain::Status::from_key(&i.status).unwrap_or_default())
                .to_string()
        })
        .collect();
    let periods: Vec<String> = items
        .iter()
        .map(|i| {
            Period::parse(&i.period)
                .map(|p| ctx.lang.period(p))
                .unwrap_or_default()
        })
        .collect();
    let col = |head: &str, cells: &mut dyn Iterator<Item = usize>| {
        cells.chain([width(head)]).max().unwrap_or(4)
    };
    let vw = col(
        e.village_name,
        &mut items.iter().map(|i| width(&i.village_name)),
    )
    .min(24);
    let tw = col(e.task, &mut items.iter().map(|i| width(&i.title))).min(36);
    let pw = col(t.period, &mut periods.iter().map(|p| width(p)));
    let sw = col(e.status, &mut statuses.iter().map(|s| width(s)));
    let dw = width(e.days_overdue).max(4);
    let nw = width(e.task_no).max(2);
    let head = format!(
        "{}  {}  {}  {}  {}  {}  {}  {}",
        pad_right(t.due_date, 10.max(width(t.due_date))),
        pad_left(e.days_overdue, dw),
        pad_right(e.village_code, 12.max(width(e.village_code))),
        pad_right(e.village_name, vw),
        pad_left(e.task_no, nw),
        pad_right(e.task, tw),
        pad_right(t.period, pw),
        e.status
    );
    writeln!(out, "{}", head.trim_end())?;
    writeln!(out, "{}", "-".repeat(width(&head)))?;
    for (k, i) in items.iter().enumerate() {
        let line = format!(
            "{}  {}  {}  {}  {}  {}  {}  {}",
            pad_right(&i.due, 10.max(width(t.due_date))),
            pad_left(&i.days.to_string(), dw),
            pad_right(&i.village, 12.max(width(e.village_code))),
            pad_right(&i.village_name, vw),
            pad_left(&i.task.to_string(), nw),
            pad_right(&i.title, tw),
            pad_right(&periods[k], pw),
            pad_right(&statuses[k], sw)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn print_overdue(
    store: &Store,
    ctx: &Ctx,
    scope: &Division,
    period: Period,
    format: Format,
) -> Result<()> {
    // The one overdue list (store::followup), as the terminal UI shows it.
    let items: Vec<Overdue> = store
        .overdue_items(&scope.code, period)?
        .into_iter()
        .map(|i| Overdue {
            due: i.due.to_string(),
            days: i.days,
            title: store
                .catalogue()
                .task(i.task)
                .map(|t| match ctx.lang {
                    crate::i18n::Lang::Zh => t.title.clone(),
                    crate::i18n::Lang::En => t.title_en.clone(),
                })
                .unwrap_or_default(),
            village: i.village.to_string(),
            village_name: i.village_name,
            task: i.task,
            period: i.period.to_string(),
            status: i.status.key().to_string(),
        })
        .collect();
    let t = ctx.lang.text();
    let e = ctx.lang.export_text();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "period": period.to_string(),
                "today": ctx.today.to_string(),
                "scope": scope.code.to_string(),
                "overdue": items,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record([
                t.due_date,
                e.days_overdue,
                e.village_code,
                e.village_name,
                e.task_no,
                e.task,
                t.period,
                e.status,
            ])?;
            for i in &items {
                w.write_record([
                    i.due.clone(),
                    i.days.to_string(),
                    i.village.clone(),
                    i.village_name.clone(),
                    i.task.to_string(),
                    i.title.clone(),
                    i.period.clone(),
                    i.status.clone(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => overdue_table(&mut out, ctx, scope, period, &items)?,
    }
    Ok(())
}
