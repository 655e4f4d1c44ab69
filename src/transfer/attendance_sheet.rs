//! The 考勤月表: a scope's attendance grid for a month as rows (Chinese
//! headers 乡镇, 村, 姓名, 职务, 1..31, 在村天数, 请假天数, 预警), written to
//! an .xlsx or .csv file through the export staging (0600, a temporary name
//! renamed at the end) with an audit row. Rows go by village code, role and
//! name, as the grid shows them: never by days.

use super::TransferError;
use super::export::{ExportFormat, defuse, excel_csv, write_error};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{AttendanceGrid, ExportOutcome, Store};
use std::path::Path;

/// The sheet's header: the fixed columns, one per day of the month, the
/// figures.
pub fn header(grid: &AttendanceGrid, lang: Lang) -> Vec<String> {
    let t = lang.attendance();
    let mut h: Vec<String> = [t.col_township, t.col_village, t.col_name, t.col_role]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend((1..=grid.days()).map(|d| d.to_string()));
    h.extend(
        [t.col_in_village, t.col_leave, t.col_warning]
            .iter()
            .map(|s| s.to_string()),
    );
    h
}

/// One row per cadre, in the grid's order.
pub fn rows(grid: &AttendanceGrid, lang: Lang) -> Vec<Vec<String>> {
    let t = lang.attendance();
    grid.lines
        .iter()
        .map(|l| {
            let mut r = vec![
                l.township.clone(),
                l.village_name.clone(),
                l.name.clone(),
                lang.member_role(l.role).to_string(),
            ];
            r.extend(
                l.row
                    .cells
                    .iter()
                    .map(|c| c.map(|c| lang.day_short(c).to_string()).unwrap_or_default()),
            );
            let tot = l.totals();
            r.push(tot.in_village.to_string());
            r.push(tot.leave.to_string());
            r.push(if tot.below {
                fill(t.below, &[&tot.minimum.to_string()])
            } else {
                String::new()
            });
            r
        })
        .collect()
}

/// Write the grid to `path` and audit it; returns the rows written.
pub fn write(
    store: &Store,
    grid: &AttendanceGrid,
    lang: Lang,
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let (head, body) = (header(grid, lang), rows(grid, lang));
    let result = match format {
        ExportFormat::Csv => write_csv(&head, &body, file, path),
        ExportFormat::Xlsx => write_xlsx(&head, &body, lang, file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_export(&grid.scope, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(&grid.scope, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(
    head: &[String],
    body: &[Vec<String>],
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    w.write_record(head).map_err(|e| err(&e))?;
    for row in body {
        w.write_record(row.iter().map(|c| defuse(c)))
            .map_err(|e| err(&e))?;
    }
    let f = w.into_inner().map_err(|e| err(&e))?;
    let f = f.into_inner().map_err(|e| err(&e.error().to_string()))?;
    f.sync_all().map_err(|e| err(&e))?;
    Ok(body.len())
}

fn write_xlsx(
    head: &[String],
    body: &[Vec<String>],
    lang: Lang,
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| write_error(path, e);
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    let ws = book.add_worksheet();
    ws.set_name(lang.attendance().sheet).map_err(xerr)?;
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(xerr)?;
        let w = if (4..head.len() - 3).contains(&c) {
            3.5
        } else {
            12.0
        };
        ws.set_column_width(c as u16, w).map_err(xerr)?;
    }
    for (i, row) in body.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(1 + i as u32, c as u16, defuse(v))
                .map_err(xerr)?;
        }
    }
    ws.set_freeze_panes(1, 4).map_err(xerr)?;
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(body.len())
}
