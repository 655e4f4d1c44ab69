//! `zhucun report --gaps`: the 1+2+N gaps of a scope's villages and the
//! rotation list, as a table, CSV or JSON on standard output, or written to
//! an .xlsx/.csv file (audited).

use super::{Ctx, Format, ReportArgs};
use crate::domain::Division;
use crate::domain::text::{pad_right, width};
use crate::i18n::ui::fill;
use crate::store::Store;
use crate::transfer::export::ExportFormat;
use crate::transfer::gaps;
use anyhow::Result;
use std::io::Write;

/// Print aligned columns (each as wide as its widest cell).
pub(super) fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
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
    let head = line(header.to_vec());
    writeln!(out, "{head}")?;
    writeln!(out, "{}", "-".repeat(width(&head)))?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

pub fn print(store: &Store, ctx: &Ctx, args: &ReportArgs) -> Result<()> {
    // The default scope is the account's own (the list is detail).
    let scope: Division = super::report::report_scope(store, ctx, args.scope.as_deref(), true)?;
    let scope = &scope;
    let day = args.on.unwrap_or(ctx.today);
    let report = store.gap_report(&scope.code, day)?;
    let lang = ctx.lang;
    if let Some(path) = &args.output {
        let format = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        };
        let part = if args.rotation {
            gaps::Part::Rotation
        } else {
            gaps::Part::GapsAndRotation
        };
        let n = gaps::write(store, (&report, part), lang, path, format, args.force)?;
        let rows = match lang {
            crate::i18n::Lang::Zh => format!("{n} 行"),
            crate::i18n::Lang::En => format!("{n} rows"),
        };
        outln!(
            "{}: {} ({}) · {} · {rows}",
            path.display(),
            scope.name,
            scope.code,
            day
        )?;
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    let t = lang.cadres();
    if args.rotation {
        return rotation(&mut out, (&report, scope), lang, args.format);
    }
    match args.format {
        Format::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(gaps::gap_header(lang))?;
            for r in gaps::gap_rows(&report, lang) {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{} · {} ({}) · {}",
                t.gaps_title, scope.name, scope.code, day
            )?;
            let rows = gaps::gap_rows(&report, lang);
            if rows.is_empty() {
                writeln!(out, "{}", t.gaps_none)?;
            } else {
                table(&mut out, &gaps::gap_header(lang), &rows)?;
            }
            writeln!(out)?;
            writeln!(out, "{}", fill("{}", &[t.rotation_title]))?;
            let due = gaps::rotation_rows(&report, lang);
            if !due.is_empty() {
                table(&mut out, &gaps::rotation_header(lang), &due)?;
            }
            for l in gaps::summary_lines(&report, lang) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

/// `report --rotation`: the rotation list alone (postings at two years in
/// post on the day, by village code, role and start; ended postings counted
/// by reason), as a table, CSV or JSON.
fn rotation(
    out: &mut dyn Write,
    (report, scope): (&crate::store::GapReport, &Division),
    lang: crate::i18n::Lang,
    format: Format,
) -> Result<()> {
    let t = lang.cadres();
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "scope": report.scope,
                "day": report.day,
                "rotation": report.rotation,
                "due": report.due,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        Format::Csv => {
            let mut w = crate::transfer::export::excel_csv(out)?;
            w.write_record(gaps::rotation_header(lang))?;
            for r in gaps::rotation_rows(report, lang) {
                w.write_record(r)?;
            }
            w.flush()?;
        }
        Format::Table => {
            writeln!(
                out,
                "{} · {} ({}) · {}",
                t.rotation_title, scope.name, scope.code, report.day
            )?;
            let due = gaps::rotation_rows(report, lang);
            if !due.is_empty() {
                table(out, &gaps::rotation_header(lang), &due)?;
            }
            for l in gaps::rotation_summary(report, lang) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}
