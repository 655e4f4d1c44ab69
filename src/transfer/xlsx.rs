//! The Excel workbook of an export: a summary sheet (one row per child
//! division) and a detail sheet (one row per village, task and task
//! period), written in constant-memory mode so a national-scale export
//! streams through a temporary file instead of RAM.

use super::TransferError;
use super::export::{
    ExportRequest, SummaryRow, detail_cells, detail_header, export_items, export_summary,
    summary_header, write_error,
};
use crate::domain::{DisplayStatus, Division, text};
use crate::store::Store;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::ops::ControlFlow;

/// Excel's row limit; the detail continues on another sheet past it.
const MAX_ROWS: u32 = 1_048_576;
/// The header row of each table (after the title block).
const HEADER_ROW: u32 = 6;

struct Formats {
    title: Format,
    label: Format,
    header: Format,
    percent: Format,
    overdue: Format,
    /// 逾期完成: done after the due date.
    late: Format,
    overdue_count: Format,
    total: Format,
    total_percent: Format,
    date: Format,
    datetime: Format,
}

fn formats() -> Formats {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    let overdue = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        label: Format::new().set_bold(),
        header,
        percent: Format::new().set_num_format("0.0%"),
        late: Format::new()
            .set_background_color(Color::RGB(0xFFEB9C))
            .set_font_color(Color::RGB(0x9C5700)),
        overdue_count: overdue.clone(),
        overdue,
        total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
        total_percent: Format::new()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_num_format("0.0%"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
    }
}

/// The detail's columns that hold dates and 记录时间 (see `detail_header`).
const DUE_COL: usize = 9;
const DONE_COL: usize = 11;
const RECORDED_AT_COL: usize = 14;

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A stored timestamp (RFC 3339) as the wall time it was recorded at, to
/// the second; None if it is not one.
fn recorded_at(s: &str) -> Option<NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.naive_local())
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
        .ok()
}

fn excel_datetime(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())
}

/// One detail cell: dates and 记录时间 as Excel dates with a date format,
/// the task number as a number, the rest as text.
fn detail_cell(
    ws: &mut Worksheet,
    f: &Formats,
    (r, c): (u32, usize),
    item: &crate::store::Item<'_>,
    s: &str,
) -> Result<(), XlsxError> {
    let col = c as u16;
    let date = |ws: &mut Worksheet, d: ExcelDateTime, fm: &Format| {
        ws.write_datetime_with_format(r, col, d, fm).map(|_| ())
    };
    match c {
        4 => ws.write_number(r, col, item.task.number as f64).map(|_| ()),
        DUE_COL => date(ws, excel_date(item.period.due_date())?, &f.date),
        DONE_COL => match item.record.and_then(|r| r.done_on) {
            Some(d) => date(ws, excel_date(d)?, &f.date),
            None => Ok(()),
        },
        RECORDED_AT_COL => match recorded_at(s) {
            Some(t) => date(ws, excel_datetime(t)?, &f.datetime),
            None if s.is_empty() => Ok(()),
            None => ws.write_string(r, col, s).map(|_| ()),
        },
        10 if item.display == DisplayStatus::Overdue => ws
            .write_string_with_format(r, col, s, &f.overdue)
            .map(|_| ()),
        10 if item.display == DisplayStatus::DoneLate => {
            ws.write_string_with_format(r, col, s, &f.late).map(|_| ())
        }
        _ if !s.is_empty() => ws.write_string(r, col, s).map(|_| ()),
        _ => Ok(()),
    }
}

/// Print settings of a sheet: landscape A4, one page wide, its header row
/// repeated on every page.
fn print_setup(ws: &mut Worksheet, header: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header, header)?;
    Ok(())
}

/// Close a detail sheet: column widths, an autofilter over its table
/// (header row `header` to the last row written, `end` exclusive) and the
/// print settings.
fn finish_detail(
    ws: &mut Worksheet,
    w: &Widths,
    header: u32,
    end: u32,
    cols: usize,
) -> Result<(), XlsxError> {
    w.apply(ws)?;
    ws.autofilter(
        header,
        0,
        end.saturating_sub(1).max(header),
        cols as u16 - 1,
    )?;
    print_setup(ws, header)
}

/// Column widths fitted to the widest text (a Chinese character counts 2).
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: usize, s: &str) {
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(text::width(s));
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
        }
        Ok(())
    }
}

/// The exporting account: its login, and the person's name when known.
fn exported_by(store: &Store) -> String {
    let login = &store.actor().account;
    match store.account_name(login).ok().flatten() {
        Some(n) => format!("{login}({})", text::sanitize(&n, true)),
        None => login.clone(),
    }
}

/// The title block: title, period, scope, date, account; returns the label width.
fn title_block(
    ws: &mut Worksheet,
    f: &Formats,
    req: &ExportRequest,
    scope: &Division,
    store: &Store,
    title: &str,
) -> Result<(), XlsxError> {
    let t = req.lang.text();
    let e = req.lang.export_text();
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let lines = [
        (
            t.period,
            format!("{} ({})", req.lang.period(req.period), req.period),
        ),
        (t.scope, scope_line(req, scope)),
        (e.exported_on, store.today().to_string()),
        (e.exported_by, exported_by(store)),
        // What every count of the sheet means (crate::domain::figures).
        (
            "",
            crate::i18n::ui::fill(
                req.lang.figures().report_note,
                &[&req.lang.period(req.period), &store.today().to_string()],
            ),
        ),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(1 + i as u32, 0, *k, &f.label)?;
        ws.write_string(1 + i as u32, 1, v)?;
    }
    Ok(())
}

/// The scope of the title block, with the filter a filtered export followed.
fn scope_line(req: &ExportRequest, scope: &Division) -> String {
    let base = format!("{} ({})", scope.name, scope.code);
    match &req.filter {
        Some(f) => {
            let e = req.lang.export_text();
            format!("{base} · {}{}{f}", e.filter, req.lang.ui().colon)
        }
        None => base,
    }
}

fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    heads: &[&str],
    w: &mut Widths,
) -> Result<(), XlsxError> {
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &f.header)?;
        w.see(c, h);
    }
    ws.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

/// The summary sheet: one row per child division, then the total.
fn summary_sheet(
    book: &mut Workbook,
    f: &Formats,
    store: &Store,
    req: &ExportRequest,
    scope: &Division,
    (rows, total): (&[SummaryRow], &SummaryRow),
) -> Result<(), XlsxError> {
    let e = req.lang.export_text();
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(e.summary_sheet)?;
    title_block(ws, f, req, scope, store, e.summary_title)?;
    let mut w = Widths(vec![text::width(req.lang.text().scope)]);
    header_row(ws, f, HEADER_ROW, &summary_header(req.lang), &mut w)?;
    for (r, (i, row)) in
        (HEADER_ROW + 1..).zip(rows.iter().chain(std::iter::once(total)).enumerate())
    {
        let is_total = i == rows.len();
        let (plain, pct) = if is_total {
            (Some(&f.total), &f.total_percent)
        } else {
            (None, &f.percent)
        };
        let name = if is_total {
            format!("{} {}", req.lang.text().total, row.name)
        } else {
            row.name.clone()
        };
        let p = &row.progress;
        let put_s = |ws: &mut Worksheet, c: u16, s: &str| match plain {
            Some(fm) => ws.write_string_with_format(r, c, s, fm).map(|_| ()),
            None => ws.write_string(r, c, s).map(|_| ()),
        };
        let put_n = |ws: &mut Worksheet, c: u16, n: f64| match plain {
            Some(fm) => ws.write_number_with_format(r, c, n, fm).map(|_| ()),
            None => ws.write_number(r, c, n).map(|_| ()),
        };
        put_s(ws, 0, &row.code)?;
        put_s(ws, 1, &name)?;
        w.see(0, &row.code);
        w.see(1, &name);
        let nums = [row.villages, p.expected, p.done, p.doing, p.na, p.todo()];
        for (k, v) in nums.iter().enumerate() {
            put_n(ws, 2 + k as u16, *v as f64)?;
        }
        match p.rate() {
            Some(x) => ws.write_number_with_format(r, 8, x, pct).map(|_| ()),
            None => put_s(ws, 8, "—"),
        }?;
        if p.overdue > 0 {
            ws.write_number_with_format(r, 9, p.overdue as f64, &f.overdue_count)
        } else {
            ws.write_number(r, 9, 0.0)
        }?;
    }
    w.apply(ws)?;
    print_setup(ws, HEADER_ROW)?;
    Ok(())
}

pub(crate) fn write(
    store: &Store,
    req: &ExportRequest,
    scope: &Division,
    file: std::fs::File,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(usize, u64), TransferError> {
    let xerr = |e: XlsxError| write_error(&req.path, e);
    let f = formats();
    let e = req.lang.export_text();
    let mut book = Workbook::new();
    // Temporary files next to the output (the user's own directory), never
    // in $TMPDIR.
    let dir = req
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    // Deflate level 3 instead of 6: about 15% less CPU for a file about
    // 14% larger (measured on a prefecture-year, BENCHMARKS.md, Import and export).
    book.set_zip_compression_level(3);

    // Summary.
    let (rows, total) = export_summary(store, req, scope)?;
    summary_sheet(&mut book, &f, store, req, scope, (&rows, &total)).map_err(xerr)?;

    // Detail.
    let names = store.names_under(&scope.code)?;
    let people = store.people()?;
    let total_items = export_items(store, req, scope)?;
    let heads = detail_header(req.lang);
    let mut sheet_no = 1;
    let mut done_sheets: Vec<Worksheet> = Vec::new();
    let mut ws = book.new_worksheet_with_constant_memory().map_err(xerr)?;
    ws.set_name(e.detail_sheet).map_err(xerr)?;
    title_block(&mut ws, &f, req, scope, store, e.detail_title).map_err(xerr)?;
    let mut w = Widths(vec![text::width(req.lang.text().scope)]);
    header_row(&mut ws, &f, HEADER_ROW, &heads, &mut w).map_err(xerr)?;
    let mut r = HEADER_ROW + 1;
    let mut n = 0u64;
    let mut failed: Option<XlsxError> = None;
    let mut header = HEADER_ROW;
    store.for_each_item(&scope.code, req.period, &mut |item| {
        if !req.takes(item.village) {
            return ControlFlow::Continue(());
        }
        let mut step = || -> Result<(), XlsxError> {
            if r >= MAX_ROWS {
                finish_detail(&mut ws, &w, header, r, heads.len())?;
                sheet_no += 1;
                let mut next = book.new_worksheet_with_constant_memory()?;
                next.set_name(format!("{}{sheet_no}", e.detail_sheet))?;
                done_sheets.push(std::mem::replace(&mut ws, next));
                w = Widths(Vec::new());
                header_row(&mut ws, &f, 0, &heads, &mut w)?;
                header = 0;
                r = 1;
            }
            let cells = detail_cells(store, req.lang, &names, &people, item);
            for (c, s) in cells.iter().enumerate() {
                detail_cell(&mut ws, &f, (r, c), item, s)?;
                w.see(c, s);
            }
            r += 1;
            Ok(())
        };
        if let Err(x) = step() {
            failed = Some(x);
            return ControlFlow::Break(());
        }
        n += 1;
        if n.is_multiple_of(4096) {
            progress(n, total_items);
        }
        ControlFlow::Continue(())
    })?;
    if let Some(x) = failed {
        return Err(xerr(x));
    }
    finish_detail(&mut ws, &w, header, r, heads.len()).map_err(xerr)?;
    done_sheets.push(ws);
    for sheet in done_sheets {
        book.push_worksheet(sheet);
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|x| write_error(&req.path, x))?;
    progress(n, total_items);
    Ok((rows.len(), n))
}
