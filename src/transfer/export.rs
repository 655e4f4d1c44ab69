//! `zhucun export`: a period's completion for a scope as an Excel workbook
//! (a summary sheet and a detail sheet) or as CSV (the detail rows), for
//! reporting upward. Also the library entry point for the terminal UI.

use super::{TransferError, output};
use crate::domain::{Division, DivisionCode, Period, text};
use crate::i18n::Lang;
use crate::store::{ExportOutcome, Item, People, Progress, Store};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// Excel workbook: summary and detail sheets
    #[default]
    Xlsx,
    /// UTF-8 CSV with BOM: the detail rows
    Csv,
}

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub period: Period,
    /// None: the account's own scope (the whole database for administrators).
    pub scope: Option<DivisionCode>,
    pub format: ExportFormat,
    pub lang: Lang,
    pub path: PathBuf,
    /// Replace an existing file.
    pub force: bool,
    /// Only these villages of the scope (what a filtered village list
    /// shows); None: every village in the scope.
    pub villages: Option<Vec<DivisionCode>>,
    /// The filter in words, written in the workbook's title block.
    pub filter: Option<String>,
}

impl ExportRequest {
    /// Whether the export takes `village`'s items (the filter, if any).
    pub fn takes(&self, village: &str) -> bool {
        self.villages
            .as_ref()
            .is_none_or(|v| v.binary_search_by(|c| c.as_str().cmp(village)).is_ok())
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub scope: Division,
    pub period: Period,
    /// Rows of the summary sheet (child divisions).
    pub summary_rows: usize,
    /// Detail rows (village x task x task period).
    pub detail_rows: u64,
}

/// One child division's line of the summary.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub code: String,
    pub name: String,
    pub villages: u32,
    pub progress: Progress,
}

/// The summary lines of `scope` (one per active child) and its total.
pub fn summary(
    store: &Store,
    scope: &Division,
    period: Period,
) -> Result<(Vec<SummaryRow>, SummaryRow), TransferError> {
    let rows = store
        .rollup(&scope.code, period)?
        .into_iter()
        .map(|(d, villages, progress)| SummaryRow {
            code: d.code.to_string(),
            name: d.name,
            villages,
            progress,
        })
        .collect();
    let total = SummaryRow {
        code: scope.code.to_string(),
        name: scope.name.clone(),
        villages: store.village_count(&scope.code)?,
        progress: store.progress(&scope.code, period)?,
    };
    Ok((rows, total))
}

/// The summary of an export: [`summary`] of the scope, or, for a filtered
/// export, one line per village taken and their total.
pub fn export_summary(
    store: &Store,
    req: &ExportRequest,
    scope: &Division,
) -> Result<(Vec<SummaryRow>, SummaryRow), TransferError> {
    let Some(villages) = &req.villages else {
        return summary(store, scope, req.period);
    };
    let mut rows = Vec::with_capacity(villages.len());
    let mut sum = Progress::default();
    for code in villages {
        let p = store.progress(code, req.period)?;
        sum.expected += p.expected;
        sum.done += p.done;
        sum.doing += p.doing;
        sum.na += p.na;
        sum.overdue += p.overdue;
        let name = store.division(code)?.map(|d| d.name).unwrap_or_default();
        rows.push(SummaryRow {
            code: code.to_string(),
            name,
            villages: 1,
            progress: p,
        });
    }
    let total = SummaryRow {
        code: scope.code.to_string(),
        name: scope.name.clone(),
        villages: villages.len() as u32,
        progress: sum,
    };
    Ok((rows, total))
}

/// The detail rows an export writes (for its progress).
pub fn export_items(
    store: &Store,
    req: &ExportRequest,
    scope: &Division,
) -> Result<u64, TransferError> {
    let all = store.item_count(&scope.code, req.period)?;
    Ok(match &req.villages {
        None => all,
        Some(v) => {
            let n = u64::from(store.village_count(&scope.code)?.max(1));
            all / n * v.len() as u64
        }
    })
}

/// The header of the detail table.
pub fn detail_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.text();
    let e = lang.export_text();
    vec![
        e.county,
        e.township,
        e.village_code,
        e.village_name,
        e.task_no,
        e.category,
        e.task,
        e.cadence,
        t.period,
        t.due_date,
        e.status,
        e.done_on,
        e.note,
        e.recorded_by,
        e.recorded_at,
    ]
}

/// The header of the summary table.
pub fn summary_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.text();
    vec![
        t.code,
        t.name,
        t.villages,
        t.expected,
        t.done,
        t.doing,
        t.na,
        t.todo,
        t.rate,
        lang.figures().overdue_period,
    ]
}

/// One detail row as text cells, in [`detail_header`] order. The task
/// number (index 4) is a number in spreadsheets.
pub fn detail_cells(
    store: &Store,
    lang: Lang,
    names: &std::collections::HashMap<String, String>,
    people: &People,
    item: &Item,
) -> [String; 15] {
    let cat = store.catalogue();
    let category = cat.category(item.task.category);
    let (title, cat_name) = match lang {
        Lang::Zh => (&item.task.title, category.map(|c| c.short.as_str())),
        Lang::En => (&item.task.title_en, category.map(|c| c.short_en.as_str())),
    };
    let name = |len: usize| names.get(&item.village[..len]).cloned().unwrap_or_default();
    let r = item.record;
    [
        name(6),
        name(9),
        item.village.to_string(),
        item.village_name.to_string(),
        item.task.number.to_string(),
        cat_name.unwrap_or("").to_string(),
        title.clone(),
        lang.cadence(item.task.cadence).to_string(),
        lang.period(item.period),
        item.period.due_date().to_string(),
        lang.display_status(item.display).to_string(),
        r.and_then(|r| r.done_on)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        r.map(|r| text::sanitize(&r.note, true)).unwrap_or_default(),
        r.map(|r| text::sanitize(people.name(&r.recorded_by), true))
            .unwrap_or_default(),
        r.map(|r| r.recorded_at.clone()).unwrap_or_default(),
    ]
}

/// A file name for an export: `驻村完成情况_都匀市_2026年11月.xlsx`
/// (`zhucun-522701-2026-11.xlsx` in English), for the terminal UI to offer.
pub fn default_file_name(
    scope: &Division,
    period: Period,
    format: ExportFormat,
    lang: Lang,
) -> String {
    let ext = match format {
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Csv => "csv",
    };
    let name: String = text::sanitize(&scope.name, true)
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    match lang {
        Lang::Zh => format!("驻村完成情况_{name}_{}.{ext}", period.zh()),
        Lang::En => format!("zhucun-{}-{period}.{ext}", scope.code),
    }
}

/// Prefix a cell that a spreadsheet would run as a formula (`= + - @`, and
/// tab or carriage return) with an apostrophe.
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// Resolve the scope of a request and check the account may export it.
pub fn resolve_scope(
    store: &Store,
    scope: Option<&DivisionCode>,
) -> Result<Division, TransferError> {
    let d = match scope {
        Some(code) => store
            .division(code)?
            .ok_or_else(|| crate::store::StoreError::UnknownDivision(code.to_string()))?,
        None => store.home_scope()?.ok_or_else(|| {
            crate::store::StoreError::invalid("export", crate::store::Detail::NoDivisionsYet)
        })?,
    };
    store.check_export(&d.code)?;
    Ok(d)
}

/// Export a period for a scope to `req.path` (never replacing a file
/// without `req.force`). `progress(done, total)` counts detail rows. The
/// file is written mode 0600 under a hidden name and moved to `req.path`
/// only when complete; on failure nothing is left under `req.path`. Every
/// export, done, refused or failed, is a row of the audit trail.
pub fn export(
    store: &Store,
    req: &ExportRequest,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ExportSummary, TransferError> {
    let scope = resolve_scope(store, req.scope.as_ref())?;
    let mut req = req.clone();
    if let Some(v) = &mut req.villages {
        v.sort();
        v.dedup();
        if let Some(out) = v.iter().find(|c| !c.is_within(&scope.code)) {
            return Err(crate::store::StoreError::invalid(
                "export",
                format!(
                    "village {out} is not inside {} ({}); export only villages of the scope",
                    scope.name, scope.code
                ),
            )
            .into());
        }
    }
    let req = &req;
    let staged = output::stage(&req.path, req.force)?;
    let file = staged
        .file
        .try_clone()
        .map_err(|e| write_error(&req.path, e))?;
    let result = match req.format {
        ExportFormat::Csv => write_csv(store, req, &scope, file, progress),
        ExportFormat::Xlsx => super::xlsx::write(store, req, &scope, file, progress),
    }
    .and_then(|rows| staged.finish().map(|()| rows));
    match result {
        Ok((summary_rows, detail_rows)) => {
            store.audit_export(&scope.code, ExportOutcome::Done(detail_rows))?;
            Ok(ExportSummary {
                path: req.path.clone(),
                scope,
                period: req.period,
                summary_rows,
                detail_rows,
            })
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(&scope.code, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

pub(crate) fn write_error(path: &Path, e: impl std::fmt::Display) -> TransferError {
    TransferError::Write {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// The one CSV writer for every CSV this program writes (`export`,
/// `report --format csv`), for Excel on Chinese Windows: a UTF-8 byte-order
/// mark first (without it Excel reads the file as GBK and garbles it),
/// CRLF line ends, and every cell [`defuse`]d.
pub fn excel_csv<W: Write>(mut out: W) -> std::io::Result<ExcelCsv<W>> {
    out.write_all(b"\xEF\xBB\xBF")?;
    Ok(ExcelCsv(
        csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out),
    ))
}

/// A CSV writer made by [`excel_csv`].
pub struct ExcelCsv<W: Write>(csv::Writer<W>);

impl<W: Write> ExcelCsv<W> {
    /// Write one row, each cell defused.
    pub fn write_record<I, S>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.0
            .write_record(cells.into_iter().map(|c| defuse(c.as_ref()).into_owned()))
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }

    /// Flush and return the writer underneath.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.0.into_inner().map_err(|e| e.into_error())
    }
}

fn write_csv(
    store: &Store,
    req: &ExportRequest,
    scope: &Division,
    file: std::fs::File,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(usize, u64), TransferError> {
    let werr = |e: std::io::Error| write_error(&req.path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(werr)?;
    let cerr = |e: csv::Error| write_error(&req.path, e);
    w.write_record(detail_header(req.lang)).map_err(cerr)?;
    let names = store.names_under(&scope.code)?;
    let people = store.people()?;
    let total = export_items(store, req, scope)?;
    let mut n = 0u64;
    let mut failed: Option<TransferError> = None;
    store.for_each_item(&scope.code, req.period, &mut |item| {
        if !req.takes(item.village) {
            return std::ops::ControlFlow::Continue(());
        }
        let cells = detail_cells(store, req.lang, &names, &people, item);
        if let Err(e) = w.write_record(&cells) {
            failed = Some(cerr(e));
            return std::ops::ControlFlow::Break(());
        }
        n += 1;
        if n.is_multiple_of(4096) {
            progress(n, total);
        }
        std::ops::ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    let out = w.into_inner().map_err(werr)?;
    out.into_inner()
        .map_err(|e| write_error(&req.path, e.error()))?
        .sync_all()
        .map_err(werr)?;
    progress(n, total);
    Ok((0, n))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names() {
        use super::*;
        let d = Division {
            code: DivisionCode::parse("522701").unwrap(),
            name: "都匀/市".into(),
            types: vec![],
            abolished_on: None,
        };
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(
            default_file_name(&d, p, ExportFormat::Xlsx, Lang::Zh),
            "驻村完成情况_都匀市_2026年11月.xlsx"
        );
        assert_eq!(
            default_file_name(&d, p, ExportFormat::Csv, Lang::En),
            "zhucun-522701-2026-11.csv"
        );
    }

    #[test]
    fn defuses_formulas() {
        assert_eq!(super::defuse("=1+1"), "'=1+1");
        assert_eq!(super::defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::defuse("-3"), "'-3");
        assert_eq!(super::defuse("+86"), "'+86");
        assert_eq!(super::defuse("张伟"), "张伟");
        assert_eq!(super::defuse(""), "");
    }
}
