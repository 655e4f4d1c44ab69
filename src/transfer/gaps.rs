//! The 1+2+N gap report and the rotation list as rows (for the terminal, CSV
//! and Excel), and written to a file through the export writer's staging
//! (all or nothing) with an audit row. Rows go by division code, then role
//! and start: never by a person's figures.

use super::TransferError;
use super::export::{ExportFormat, excel_csv, write_error};
use crate::domain::posting::{self, EndReason};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{ExportOutcome, GapReport, Store};
use std::path::Path;

/// The gap sheet's header.
pub fn gap_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.cadres();
    vec![
        t.col_code,
        t.col_village,
        t.col_first,
        t.col_residents,
        t.col_sent_down,
        t.col_shortfalls,
        t.col_gap_days,
    ]
}

/// One row per village with a gap, by division code.
pub fn gap_rows(r: &GapReport, lang: Lang) -> Vec<Vec<String>> {
    let sep = lang.ui().list_sep;
    r.gaps
        .iter()
        .map(|g| {
            vec![
                g.code.to_string(),
                g.name.clone(),
                g.check.first_secretaries.to_string(),
                g.check.residents.to_string(),
                g.check.sent_down.to_string(),
                g.check
                    .shortfalls
                    .iter()
                    .map(|s| lang.shortfall(*s))
                    .collect::<Vec<_>>()
                    .join(sep),
                g.check.open_gap_days().to_string(),
            ]
        })
        .collect()
}

/// The rotation list's header.
pub fn rotation_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.cadres();
    vec![
        t.col_code,
        t.col_name,
        t.col_role,
        t.col_unit,
        t.col_start,
        t.col_term_end,
        t.col_tenure,
    ]
}

/// Postings at two years or more, by village code, role and start.
pub fn rotation_rows(r: &GapReport, lang: Lang) -> Vec<Vec<String>> {
    r.due
        .iter()
        .map(|p| {
            let m = &p.member;
            vec![
                m.village.clone(),
                m.name.clone(),
                lang.member_role(m.role).to_string(),
                m.unit.clone(),
                m.start.to_string(),
                posting::term_end(m.start).to_string(),
                posting::tenure_days(m, r.day).to_string(),
            ]
        })
        .collect()
}

/// The summary lines: gaps, ended postings by reason, rotation due,
/// selection counts.
pub fn summary_lines(r: &GapReport, lang: Lang) -> Vec<String> {
    let t = lang.cadres();
    let ui = lang.ui();
    let mut reasons: Vec<String> = EndReason::ALL
        .iter()
        .zip(r.rotation.ended)
        .map(|(e, n)| format!("{} {n}", lang.end_reason(*e)))
        .collect();
    reasons.push(format!(
        "{} {}",
        t.no_reason, r.rotation.ended_without_reason
    ));
    let s = &r.selection;
    vec![
        fill(
            t.gaps_head,
            &[
                &r.gaps.len().to_string(),
                &r.villages.to_string(),
                &r.day.to_string(),
            ],
        ),
        fill(
            t.ended_head,
            &[
                &r.rotation.ended_total().to_string(),
                &reasons.join(ui.list_sep),
            ],
        ),
        fill(t.due_head, &[&r.rotation.due.to_string()]),
        fill(
            t.selection_head,
            &[
                &s.cadres.to_string(),
                &s.org_named.to_string(),
                &s.unit_recommended.to_string(),
                &s.selection_unknown.to_string(),
                &s.section_level.to_string(),
                &s.section_unknown.to_string(),
            ],
        ),
    ]
}

/// What of the report is written: `report --gaps` both tables,
/// `report --rotation` the rotation list alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    GapsAndRotation,
    Rotation,
}

/// The rotation list's own summary lines (ended postings by reason, due).
pub fn rotation_summary(r: &GapReport, lang: Lang) -> Vec<String> {
    summary_lines(r, lang).into_iter().skip(1).take(2).collect()
}

/// Write the report to `path` (xlsx: a gap sheet and a rotation sheet; csv:
/// the gap rows, an empty line, the rotation rows) and audit it. Returns the
/// rows written.
pub fn write(
    store: &Store,
    (r, part): (&GapReport, Part),
    lang: Lang,
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let result = match format {
        ExportFormat::Csv => write_csv(r, part, lang, file, path),
        ExportFormat::Xlsx => write_xlsx(r, part, lang, file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_export(&r.scope, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(&r.scope, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(
    r: &GapReport,
    part: Part,
    lang: Lang,
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    let gaps = match part {
        Part::GapsAndRotation => gap_rows(r, lang),
        Part::Rotation => Vec::new(),
    };
    let due = rotation_rows(r, lang);
    if part == Part::GapsAndRotation {
        w.write_record(gap_header(lang)).map_err(|e| err(&e))?;
        for row in &gaps {
            w.write_record(row).map_err(|e| err(&e))?;
        }
        // The two tables have seven columns each: an empty row between them.
        w.write_record([""; 7]).map_err(|e| err(&e))?;
    }
    w.write_record(rotation_header(lang)).map_err(|e| err(&e))?;
    for row in &due {
        w.write_record(row).map_err(|e| err(&e))?;
    }
    let f = w.into_inner().map_err(|e| err(&e))?;
    let f = f.into_inner().map_err(|e| err(&e.error().to_string()))?;
    f.sync_all().map_err(|e| err(&e))?;
    Ok(gaps.len() + due.len())
}

fn write_xlsx(
    r: &GapReport,
    part: Part,
    lang: Lang,
    file: std::fs::File,
    path: &Path,
) -> Result<usize, TransferError> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| write_error(path, e);
    let t = lang.cadres();
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    let mut n = 0;
    let sheets = match part {
        Part::GapsAndRotation => vec![
            (
                t.gaps_title,
                gap_header(lang),
                gap_rows(r, lang),
                summary_lines(r, lang),
            ),
            (
                t.rotation_title,
                rotation_header(lang),
                rotation_rows(r, lang),
                vec![],
            ),
        ],
        Part::Rotation => vec![(
            t.rotation_title,
            rotation_header(lang),
            rotation_rows(r, lang),
            rotation_summary(r, lang),
        )],
    };
    for (name, header, rows, notes) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(name.replace('+', "＋")).map_err(xerr)?;
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
        for (i, line) in notes.iter().enumerate() {
            ws.write_string((rows.len() + 2 + i) as u32, 0, line)
                .map_err(xerr)?;
        }
        n += rows.len();
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(n)
}
