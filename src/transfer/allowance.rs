//! The 驻村补助发放表 as rows (for the terminal, CSV and Excel), written to a
//! file through the export writer's staging (0600, a temporary name renamed
//! at the end, all or nothing) with an audit row. Rows go by village code
//! and name, never by an amount; the totals row is the sum of the lines in
//! fen, so it adds up to the cent.

use super::TransferError;
use super::export::{ExportFormat, excel_csv, write_error};
use crate::domain::allowance::Totals;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::allowance::{Statement, StatementLine};
use crate::store::{ExportOutcome, Store};
use std::path::Path;

/// The statement's header.
pub fn header(lang: Lang) -> Vec<&'static str> {
    let t = lang.allowance();
    vec![
        t.col_no,
        t.col_name,
        t.col_village,
        t.col_role,
        t.col_days,
        t.col_daily,
        t.col_living,
        t.col_trips,
        t.col_travel,
        t.col_total,
        t.col_insurance,
        t.col_remark,
    ]
}

/// The remarks of a line: trips over the number, days uninsured.
pub fn remarks(l: &StatementLine, lang: Lang) -> String {
    let t = lang.allowance();
    let a = &l.allowance;
    let mut v = Vec::new();
    if !a.trips_over.is_empty() {
        v.push(fill(t.trips_over, &[&a.trips_over.len().to_string()]));
    }
    if a.uninsured_days > 0 {
        v.push(fill(t.uninsured, &[&a.uninsured_days.to_string()]));
    }
    v.join(lang.ui().list_sep)
}

/// One row per line, then the totals row.
pub fn rows(s: &Statement, lang: Lang) -> Vec<Vec<String>> {
    let t = lang.allowance();
    let mut out: Vec<Vec<String>> = s
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let a = &l.allowance;
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.village_name.clone(),
                lang.member_role(l.role).to_string(),
                a.days_in_village.to_string(),
                a.daily_text(),
                a.living.yuan(),
                a.trips_paid.to_string(),
                a.travel.yuan(),
                a.total.yuan(),
                if a.uninsured_days == 0 {
                    t.insured.to_string()
                } else {
                    "✗".to_string()
                },
                remarks(l, lang),
            ]
        })
        .collect();
    out.push(total_row(&s.totals, lang));
    out
}

fn total_row(t: &Totals, lang: Lang) -> Vec<String> {
    vec![
        lang.allowance().total_row.to_string(),
        t.cadres.to_string(),
        String::new(),
        String::new(),
        t.days_in_village.to_string(),
        String::new(),
        t.living.yuan(),
        t.trips_paid.to_string(),
        t.travel.yuan(),
        t.total.yuan(),
        String::new(),
        String::new(),
    ]
}

/// The month as the sheet names it: 2026年3月 / 2026-03.
pub fn month_text(s: &Statement, lang: Lang) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Zh => format!("{}年{}月", s.month.year(), s.month.month()),
        Lang::En => s.month.format("%Y-%m").to_string(),
    }
}

/// Write statements to `path` (CSV: one after another; xlsx: a sheet per
/// unit), audited as an export. Returns the number of lines written.
pub fn write(
    store: &Store,
    statements: &[Statement],
    record: &str,
    lang: Lang,
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let result = match format {
        ExportFormat::Csv => write_csv(statements, lang, file, path),
        ExportFormat::Xlsx => write_xlsx(statements, lang, file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_allowance_export(record, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_allowance_export(record, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(
    statements: &[Statement],
    lang: Lang,
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let t = lang.allowance();
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    let mut n = 0;
    let width = header(lang).len();
    for (i, s) in statements.iter().enumerate() {
        if i > 0 {
            w.write_record(vec![""; width]).map_err(|e| err(&e))?;
        }
        let mut title = vec![String::new(); width];
        title[0] = format!("{} · {} · {}", t.title, s.unit.name, month_text(s, lang));
        w.write_record(&title).map_err(|e| err(&e))?;
        w.write_record(header(lang)).map_err(|e| err(&e))?;
        for row in rows(s, lang) {
            w.write_record(row.iter().map(|c| super::export::defuse(c)))
                .map_err(|e| err(&e))?;
        }
        n += s.lines.len();
    }
    let f = w.into_inner().map_err(|e| err(&e))?;
    let f = f.into_inner().map_err(|e| err(&e.error().to_string()))?;
    f.sync_all().map_err(|e| err(&e))?;
    Ok(n)
}

/// A sheet name Excel takes: at most 31 characters, none of []:*?/\.
fn sheet_name(s: &Statement, used: &mut Vec<String>) -> String {
    let clean: String = s
        .unit
        .name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(24)
        .collect();
    let mut name = clean.clone();
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{clean}({k})");
        k += 1;
    }
    used.push(name.clone());
    name
}

fn write_xlsx(
    statements: &[Statement],
    lang: Lang,
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| write_error(path, e);
    let t = lang.allowance();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    let money_bold = Format::new().set_num_format("0.00").set_bold();
    let mut book = Workbook::new();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    let mut used = Vec::new();
    let mut n = 0;
    let head = header(lang);
    for s in statements {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(s, &mut used)).map_err(xerr)?;
        let title = format!("{} · {} · {}", t.title, s.unit.name, month_text(s, lang));
        ws.write_string_with_format(0, 0, &title, &bold)
            .map_err(xerr)?;
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, *h, &bold)
                .map_err(xerr)?;
            ws.set_column_width(c as u16, if c == 11 { 28 } else { 12 })
                .map_err(xerr)?;
        }
        for (i, l) in s.lines.iter().enumerate() {
            let r = 2 + i as u32;
            let a = &l.allowance;
            ws.write_number(r, 0, (i + 1) as f64).map_err(xerr)?;
            ws.write_string(r, 1, super::export::defuse(&l.name))
                .map_err(xerr)?;
            ws.write_string(r, 2, super::export::defuse(&l.village_name))
                .map_err(xerr)?;
            ws.write_string(r, 3, lang.member_role(l.role))
                .map_err(xerr)?;
            ws.write_number(r, 4, f64::from(a.days_in_village))
                .map_err(xerr)?;
            match a.daily.as_slice() {
                [(rate, _)] => ws.write_number_with_format(r, 5, rate.0 as f64 / 100.0, &money),
                _ => ws.write_string(r, 5, a.daily_text()),
            }
            .map_err(xerr)?;
            ws.write_number_with_format(r, 6, a.living.0 as f64 / 100.0, &money)
                .map_err(xerr)?;
            ws.write_number(r, 7, f64::from(a.trips_paid))
                .map_err(xerr)?;
            ws.write_number_with_format(r, 8, a.travel.0 as f64 / 100.0, &money)
                .map_err(xerr)?;
            ws.write_number_with_format(r, 9, a.total.0 as f64 / 100.0, &money)
                .map_err(xerr)?;
            let ins = if a.uninsured_days == 0 {
                t.insured
            } else {
                "✗"
            };
            ws.write_string(r, 10, ins).map_err(xerr)?;
            ws.write_string(r, 11, remarks(l, lang)).map_err(xerr)?;
        }
        let r = 2 + s.lines.len() as u32;
        let tt = &s.totals;
        ws.write_string_with_format(r, 0, t.total_row, &bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 1, f64::from(tt.cadres), &bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 4, f64::from(tt.days_in_village), &bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 6, tt.living.0 as f64 / 100.0, &money_bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 7, f64::from(tt.trips_paid), &bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 8, tt.travel.0 as f64 / 100.0, &money_bold)
            .map_err(xerr)?;
        ws.write_number_with_format(r, 9, tt.total.0 as f64 / 100.0, &money_bold)
            .map_err(xerr)?;
        let mut note = r + 2;
        if s.partial {
            ws.write_string(note, 0, t.partial).map_err(xerr)?;
            note += 1;
        }
        ws.write_string(note, 0, t.basis).map_err(xerr)?;
        n += s.lines.len();
    }
    if statements.is_empty() {
        let ws = book.add_worksheet();
        ws.write_string(0, 0, t.no_units).map_err(xerr)?;
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(n)
}
