//! The annual assessment as rows (for the terminal, CSV and Excel): the
//! grade distribution per county (counts only) and the list of grades by
//! village code then name, never by a person's figures; written to a file
//! through the export writer's staging (all or nothing) with an audit row.

use super::TransferError;
use super::export::{ExportFormat, excel_csv, write_error};
use crate::domain::DivisionCode;
use crate::domain::assessment::Grade;
use crate::i18n::Lang;
use crate::i18n::assessment::fill;
use crate::store::{CommendRow, CountyGrades, ExportOutcome, PoolRow, PoolView, Store};
use std::path::Path;

/// The pool list's header.
pub fn pool_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.assess();
    vec![
        t.col_village,
        t.col_name,
        t.col_unit,
        t.col_days,
        t.col_recalled,
        t.col_hours,
        t.col_suggestion,
        t.col_grade,
        t.col_body,
    ]
}

/// The attendance suggestion of a row in words ("" when none).
pub fn suggestion_text(r: &PoolRow, lang: Lang) -> String {
    if !r.suggestion.any() {
        return String::new();
    }
    let months: Vec<String> = r
        .suggestion
        .short_months
        .iter()
        .map(u32::to_string)
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    fill(lang.assess().suggestion, &[&months.join(sep)])
}

/// One row per cadre, in the pool's order (village code, then name).
pub fn pool_rows(v: &PoolView, lang: Lang) -> Vec<Vec<String>> {
    let t = lang.assess();
    v.rows
        .iter()
        .map(|r| {
            vec![
                format!("{} {}", r.village, r.village_name),
                r.name.clone(),
                r.unit.clone(),
                r.days_in_village.to_string(),
                if r.recalled {
                    t.recalled_flag.to_string()
                } else {
                    String::new()
                },
                r.training_hours
                    .map_or_else(|| t.no_hours.to_string(), |h| h.to_string()),
                suggestion_text(r, lang),
                r.grade
                    .map_or_else(|| t.no_grade.to_string(), |g| lang.grade(g).to_string()),
                r.body.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// The distribution's header.
pub fn distribution_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.assess();
    let mut h = vec![t.col_county, t.col_pool];
    h.extend(Grade::ALL.iter().map(|g| lang.grade(*g)));
    h.push(t.col_quota);
    h
}

/// One row per county, by code: counts only.
pub fn distribution_rows(d: &[CountyGrades]) -> Vec<Vec<String>> {
    d.iter()
        .map(|c| {
            let mut r = vec![format!("{} {}", c.county, c.name), c.pool.to_string()];
            r.extend(c.counts.iter().map(u32::to_string));
            r.push(c.quota.to_string());
            r
        })
        .collect()
}

/// The commendations' header.
pub fn commend_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.assess();
    vec![
        t.col_village,
        t.col_name,
        t.col_unit,
        t.col_level,
        t.col_title,
        t.col_date,
        t.col_doc,
    ]
}

pub fn commend_rows(rows: &[CommendRow], lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            vec![
                c.village.clone().unwrap_or_default(),
                c.name.clone(),
                c.unit.clone(),
                lang.commend_level(c.level).to_string(),
                c.title.clone(),
                c.on_date.to_string(),
                c.doc_no.clone(),
            ]
        })
        .collect()
}

/// The sheets of an assessment export: the distribution, then each
/// county's list of grades.
pub struct Sheets {
    pub scope: DivisionCode,
    pub distribution: Vec<CountyGrades>,
    pub pools: Vec<PoolView>,
}

type Sheet = (String, Vec<&'static str>, Vec<Vec<String>>);

fn sheets(s: &Sheets, lang: Lang) -> Vec<Sheet> {
    let t = lang.assess();
    let mut out = vec![(
        t.distribution_title.to_string(),
        distribution_header(lang),
        distribution_rows(&s.distribution),
    )];
    for (p, c) in s.pools.iter().zip(&s.distribution) {
        out.push((
            format!("{} {}", c.name, p.year),
            pool_header(lang),
            pool_rows(p, lang),
        ));
    }
    out
}

/// Write the export to `path` (all or nothing, audited); the rows written.
pub fn write(
    store: &Store,
    s: &Sheets,
    lang: Lang,
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let result = match format {
        ExportFormat::Csv => write_csv(&sheets(s, lang), file, path),
        ExportFormat::Xlsx => write_xlsx(&sheets(s, lang), file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_export(&s.scope, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(&s.scope, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(sheets: &[Sheet], file: std::fs::File, path: &Path) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    // The sheets follow each other, an empty row between them; every row
    // is as wide as the widest sheet (CSV has one width).
    let width = sheets.iter().map(|s| s.1.len()).max().unwrap_or(0);
    let pad = |cells: Vec<String>| {
        let mut c = cells;
        c.resize(width, String::new());
        c
    };
    let mut n = 0;
    for (i, (_, header, rows)) in sheets.iter().enumerate() {
        if i > 0 {
            w.write_record(pad(vec![])).map_err(|e| err(&e))?;
        }
        w.write_record(pad(header.iter().map(|h| h.to_string()).collect()))
            .map_err(|e| err(&e))?;
        for row in rows {
            w.write_record(pad(row.clone())).map_err(|e| err(&e))?;
        }
        n += rows.len();
    }
    let f = w.into_inner().map_err(|e| err(&e))?;
    let f = f.into_inner().map_err(|e| err(&e.error().to_string()))?;
    f.sync_all().map_err(|e| err(&e))?;
    Ok(n)
}

fn write_xlsx(sheets: &[Sheet], file: std::fs::File, path: &Path) -> Result<usize, TransferError> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| write_error(path, e);
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    let mut n = 0;
    for (name, header, rows) in sheets {
        let ws = book.add_worksheet();
        let name: String = name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(name).map_err(xerr)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xerr)?;
            ws.set_column_width(c as u16, 14).map_err(xerr)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(1 + i as u32, c as u16, super::export::defuse(v))
                    .map_err(xerr)?;
            }
        }
        n += rows.len();
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(n)
}
