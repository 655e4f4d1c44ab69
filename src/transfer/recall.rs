//! The recall ledger (召回台账) and a cadre's work record (工作纪实) as rows
//! with Chinese headers, and written to a file (.xlsx sheets, or .csv)
//! through the export writer's staging (0600, temporary name renamed at the
//! end) with an audit row. Rows go by stage, village code and date: never
//! by a person's figures.

use super::TransferError;
use super::export::{ExportFormat, excel_csv, write_error};
use crate::domain::DivisionCode;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{ExportOutcome, Ledger, RecallCase, Store};
use std::path::Path;

/// One sheet of a workbook (in CSV: one block, blocks an empty row apart).
pub struct Sheet {
    pub name: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Lines under the rows (totals, the summary line).
    pub notes: Vec<String>,
}

/// The ledger's header.
pub fn ledger_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.recall();
    vec![
        t.col_case,
        t.col_stage,
        t.col_code,
        t.col_village,
        t.col_cadre,
        t.col_unit,
        t.col_role,
        t.col_origin,
        t.col_opened,
        t.col_doc_no,
        t.col_decided,
        t.col_notified,
        t.col_left,
        t.col_replacement,
        t.col_wait,
        t.col_closed,
        t.col_note,
    ]
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// One case as a row of the ledger.
pub fn case_row(c: &RecallCase, lang: Lang) -> Vec<String> {
    vec![
        c.id.to_string(),
        lang.stage(c.stage).to_string(),
        c.village.clone(),
        c.village_name.clone(),
        c.cadre_name.clone(),
        c.unit.clone(),
        c.role
            .map(|r| lang.member_role(r).to_string())
            .unwrap_or_default(),
        lang.origin(c.origin).to_string(),
        c.opened_on.to_string(),
        c.doc_no.clone().unwrap_or_default(),
        day(c.decided_on),
        day(c.notified_on),
        day(c.left_on),
        c.replacement_name.clone().unwrap_or_default(),
        c.days_to_replacement
            .map(|d| d.to_string())
            .unwrap_or_default(),
        day(c.closed_on),
        c.note.clone(),
    ]
}

/// The counts line: each stage with cases, then the open leads.
pub fn count_line(l: &Ledger, lang: Lang) -> String {
    let t = lang.recall();
    let sep = lang.ui().list_sep;
    let mut parts: Vec<String> = l
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", lang.stage(*s)))
        .collect();
    if parts.is_empty() {
        parts.push(t.no_cases.to_string());
    }
    fill(
        t.count_line,
        &[
            &parts.join(sep),
            &fill(t.cases_count, &[&l.cases.len().to_string()]),
            t.leads_title,
            &l.leads.len().to_string(),
        ],
    )
}

/// The ledger as sheets: every case, then the open leads.
pub fn ledger_sheets(l: &Ledger, lang: Lang) -> Vec<Sheet> {
    let t = lang.recall();
    vec![
        Sheet {
            name: t.ledger_title.to_string(),
            header: ledger_header(lang),
            rows: l.cases.iter().map(|c| case_row(c, lang)).collect(),
            notes: vec![count_line(l, lang)],
        },
        Sheet {
            name: t.leads_title.to_string(),
            header: ledger_header(lang),
            rows: l.leads.iter().map(|c| case_row(c, lang)).collect(),
            notes: vec![],
        },
    ]
}

/// Write `sheets` to `path` and audit the export of `scope`. Returns the
/// rows written.
pub fn write(
    store: &Store,
    scope: &DivisionCode,
    sheets: &[Sheet],
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let result = match format {
        ExportFormat::Csv => write_csv(sheets, file, path),
        ExportFormat::Xlsx => write_xlsx(sheets, file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_export(scope, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(scope, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(sheets: &[Sheet], file: std::fs::File, path: &Path) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    let mut n = 0;
    for (i, s) in sheets.iter().enumerate() {
        if i > 0 {
            w.write_record(vec![""; s.header.len()])
                .map_err(|e| err(&e))?;
        }
        w.write_record(&s.header).map_err(|e| err(&e))?;
        for row in &s.rows {
            w.write_record(row).map_err(|e| err(&e))?;
        }
        for line in &s.notes {
            let mut cells = vec![String::new(); s.header.len()];
            cells[0] = line.clone();
            w.write_record(&cells).map_err(|e| err(&e))?;
        }
        n += s.rows.len();
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
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).map_err(xerr)?;
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xerr)?;
            ws.set_column_width(c as u16, 14).map_err(xerr)?;
        }
        for (i, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(1 + i as u32, c as u16, super::export::defuse(v))
                    .map_err(xerr)?;
            }
        }
        for (i, line) in s.notes.iter().enumerate() {
            ws.write_string(
                (s.rows.len() + 2 + i) as u32,
                0,
                super::export::defuse(line),
            )
            .map_err(xerr)?;
        }
        n += s.rows.len();
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(n)
}

/// The work record's header.
pub fn work_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.recall();
    vec![
        t.col_recorded_at,
        t.col_task,
        t.col_period,
        t.col_status,
        t.col_note,
        t.col_done_on,
        t.col_by,
    ]
}

/// One row per completion record of the month, in the order recorded.
pub fn work_rows(w: &crate::store::WorkRecord, lang: Lang) -> Vec<Vec<String>> {
    w.entries
        .iter()
        .map(|e| {
            vec![
                e.recorded_at
                    .chars()
                    .take(16)
                    .collect::<String>()
                    .replace('T', " "),
                format!("{} {}", e.task, e.title),
                e.period.clone(),
                lang.status(e.status).to_string(),
                e.note.clone(),
                day(e.done_on),
                e.recorder.clone().unwrap_or_else(|| e.recorded_by.clone()),
            ]
        })
        .collect()
}

/// The lines above the work record's rows: who, where, the month's days,
/// whose records, the summary.
pub fn work_lines(w: &crate::store::WorkRecord, lang: Lang) -> Vec<String> {
    let t = lang.recall();
    let d = &w.days;
    let mut v = vec![
        fill(
            t.work_head,
            &[&w.name, &w.unit, &w.village_name, &w.village, &w.month],
        ),
        fill(
            t.work_days,
            &[
                &d.days_in_village.to_string(),
                &d.leave_days.to_string(),
                &d.recorded.to_string(),
                &d.days_in_month.to_string(),
            ],
        ),
    ];
    if d.below_minimum {
        v.push(t.work_below.to_string());
    }
    v.push(if w.own { t.work_own } else { t.work_village }.to_string());
    v.push(fill(
        t.work_summary,
        &[w.summary.as_deref().unwrap_or(t.work_no_summary)],
    ));
    v
}

/// The work record as one sheet.
pub fn work_sheets(w: &crate::store::WorkRecord, lang: Lang) -> Vec<Sheet> {
    vec![Sheet {
        name: format!("{}{}", lang.recall().work_title, w.month),
        header: work_header(lang),
        rows: work_rows(w, lang),
        notes: work_lines(w, lang),
    }]
}
