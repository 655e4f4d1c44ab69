//! `zhucun report` and `zhucun check`.

use super::{Ctx, Format};
use crate::domain::text::{pad_left, pad_right, width};
use crate::domain::{DivisionCode, Period, PeriodKind};
use crate::store::{Progress, Store};
use anyhow::{Result, anyhow};
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

pub fn print(
    store: &Store,
    ctx: &Ctx,
    period: Option<&str>,
    scope: Option<&str>,
    format: Format,
) -> Result<()> {
    let period = match period {
        Some(p) => Period::parse(p).map_err(|e| anyhow!("--period: {e}"))?,
        None => Period::containing(PeriodKind::Month, ctx.today),
    };
    let scope = match scope {
        Some(s) => {
            let code = DivisionCode::parse(s).map_err(|e| anyhow!("--scope: {e}"))?;
            store.division(&code)?.ok_or_else(|| anyhow!("--scope: no division with code {code}"))?
        }
        None => store.root()?.ok_or_else(|| anyhow!("the database has no divisions yet; load some with `zhucun init --demo` or an import"))?,
    };
    let rows: Vec<Row> = store
        .rollup(&scope.code, period)?
        .into_iter()
        .map(|(d, villages, p)| Row {
            code: d.code.to_string(),
            name: d.name,
            villages,
            rate: p.rate(),
            progress: p,
        })
        .collect();
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
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                t.code, t.name, t.villages, t.expected, t.done, t.doing, t.na, t.rate, t.overdue,
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
        Format::Table => {
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
                t.villages, t.expected, t.done, t.doing, t.na, t.rate, t.overdue,
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
            for r in &rows {
                writeln!(out, "{}", fmt_row(&r.name, r))?;
            }
            writeln!(out, "{}", "-".repeat(width(&line)))?;
            writeln!(out, "{}", fmt_row(t.total, &total))?;
        }
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
                None => format!("{} (chain ok)", r.audit_rows),
                Some((seq, why)) => format!("{} (chain broken at row {seq}: {why})", r.audit_rows),
            },
        ),
    ];
    let w = lines.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    println!("{} · {}", t.check_title, store.path().display());
    for (k, v) in &lines {
        println!("{}  {v}", pad_right(k, w));
    }
    if r.integrity != "ok" || chain.is_some() {
        anyhow::bail!(
            "the database failed its check; restore it from a backup (see README, Backups)"
        );
    }
    Ok(())
}
