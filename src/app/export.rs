//! Export from the terminal UI. `E` opens a small form (path and period)
//! for the division shown on the overview or the village list, with the
//! village list's filter; the form checks what was typed and describes the
//! job, and the event loop runs it on its own connection in a worker
//! thread (through the same staged, audited export as the CLI) and feeds
//! progress back as events, so the screen stays live.

use crate::domain::{Division, DivisionCode, Period};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::transfer::ExportFormat;
use crate::transfer::export::{ExportRequest, default_file_name};
use std::path::{Path, PathBuf};

pub use crate::transfer::TransferError as ExportError;

/// What is exported: a division, and the villages a filtered list shows.
#[derive(Debug, Clone)]
pub struct ExportScope {
    pub division: Division,
    /// The villages shown when a filter is on; None: every village.
    pub villages: Option<Vec<DivisionCode>>,
    /// The filter in words (shown in the form and the workbook).
    pub filter: Option<String>,
}

impl ExportScope {
    /// The whole division.
    pub fn whole(division: Division) -> ExportScope {
        ExportScope {
            division,
            villages: None,
            filter: None,
        }
    }
}

/// Why a typed path cannot be written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    Empty,
    /// The directory the file would go in does not exist.
    NoDir(String),
    /// A file of that name exists (an export never replaces one).
    Exists(String),
}

impl PathProblem {
    pub fn text(&self, lang: Lang) -> String {
        let u = lang.ui();
        match self {
            PathProblem::Empty => u.export_no_path.to_string(),
            PathProblem::NoDir(d) => fill(u.export_no_dir, &[d]),
            PathProblem::Exists(f) => fill(u.export_exists, &[f]),
        }
    }
}

/// The file a typed path means: `~` is the home directory, a relative path
/// is taken from `cwd`; a directory (or a path ending in `/`) gets the
/// default file name, numbered when that file exists; a file name typed
/// must not exist yet, and its directory must.
pub fn resolve_path(
    typed: &str,
    home: Option<&Path>,
    cwd: &Path,
    default_name: &str,
) -> Result<PathBuf, PathProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(PathProblem::Empty);
    }
    let expanded = match (typed.strip_prefix('~'), home) {
        (Some(rest), Some(h)) if rest.is_empty() || rest.starts_with('/') => {
            h.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    };
    let full = if expanded.is_absolute() {
        expanded
    } else {
        cwd.join(expanded)
    };
    if typed.ends_with('/') || full.is_dir() {
        if !full.is_dir() {
            return Err(PathProblem::NoDir(full.display().to_string()));
        }
        return Ok(free_name(&full, default_name));
    }
    if full.exists() {
        return Err(PathProblem::Exists(full.display().to_string()));
    }
    match full.parent() {
        Some(d) if d.is_dir() => Ok(full),
        Some(d) => Err(PathProblem::NoDir(d.display().to_string())),
        None => Err(PathProblem::NoDir(full.display().to_string())),
    }
}

/// `dir/name`, or `dir/stem-2.ext` ... when that exists.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let mut path = dir.join(name);
    let mut n = 2;
    while path.exists() {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "xlsx"));
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// A `.csv` name means CSV; anything else an Excel workbook.
pub fn format_of(path: &Path) -> ExportFormat {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        ExportFormat::Csv
    } else {
        ExportFormat::Xlsx
    }
}

/// The export of `what` for `period` to `path`.
pub fn request(what: &ExportScope, period: Period, path: PathBuf, lang: Lang) -> ExportRequest {
    ExportRequest {
        period,
        scope: Some(what.division.code.clone()),
        format: format_of(&path),
        lang,
        path,
        force: false,
        villages: what.villages.clone(),
        filter: what.filter.clone(),
    }
}

/// The message saying where an export goes.
pub fn start_text(lang: Lang, req: &ExportRequest) -> String {
    fill(
        lang.ui().msg_export_start,
        &[&req.path.display().to_string()],
    )
}

/// The default file name of an export of `what` for `period`.
pub fn default_name(what: &ExportScope, period: Period, lang: Lang) -> String {
    default_file_name(&what.division, period, ExportFormat::Xlsx, lang)
}

pub fn progress_text(lang: Lang, done: u64, total: u64) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    fill(lang.ui().msg_export_progress, &[&pct.to_string()])
}

pub fn done_text(lang: Lang, path: &str, rows: u64) -> String {
    fill(lang.ui().msg_export_done, &[path, &rows.to_string()])
}

pub fn failed_text(lang: Lang, detail: &str) -> String {
    fill(lang.ui().msg_export_failed, &[detail])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let d = tempfile::tempdir().unwrap();
        let home = d.path();
        let cwd = Path::new("/nonexistent-cwd");
        let name = "a.xlsx";
        assert_eq!(
            resolve_path("~/", Some(home), cwd, name),
            Ok(home.join(name))
        );
        assert_eq!(
            resolve_path("~", Some(home), cwd, name),
            Ok(home.join(name))
        );
        std::fs::write(home.join(name), b"x").unwrap();
        assert_eq!(
            resolve_path("~/", Some(home), cwd, name),
            Ok(home.join("a-2.xlsx"))
        );
        assert_eq!(
            resolve_path("~/a.xlsx", Some(home), cwd, name),
            Err(PathProblem::Exists(home.join(name).display().to_string()))
        );
        assert_eq!(
            resolve_path("~/b.csv", Some(home), cwd, name),
            Ok(home.join("b.csv"))
        );
        assert!(matches!(
            resolve_path("~/no/such/dir/", Some(home), cwd, name),
            Err(PathProblem::NoDir(_))
        ));
        assert!(matches!(
            resolve_path("~/no/b.xlsx", Some(home), cwd, name),
            Err(PathProblem::NoDir(_))
        ));
        assert_eq!(
            resolve_path("  ", Some(home), cwd, name),
            Err(PathProblem::Empty)
        );
        assert_eq!(
            resolve_path("x.xlsx", Some(home), home, name),
            Ok(home.join("x.xlsx"))
        );
        assert_eq!(format_of(Path::new("x.CSV")), ExportFormat::Csv);
        assert_eq!(format_of(Path::new("x")), ExportFormat::Xlsx);
    }
}
