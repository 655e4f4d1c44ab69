//! Export from the terminal UI: the division shown on the overview or the
//! village list, the current month, as an Excel workbook in the working
//! directory. The app only describes the job; the event loop runs it on its
//! own connection in a worker thread and feeds progress back as events, so
//! the screen stays live.

use crate::domain::{Division, Period, PeriodKind};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::transfer::ExportFormat;
use crate::transfer::export::{ExportRequest, default_file_name};
use chrono::NaiveDate;

pub use crate::transfer::TransferError as ExportError;

/// The export of `division`'s month containing `today`, to a new file in the
/// working directory, and the message saying where it goes.
pub fn request(division: &Division, today: NaiveDate, lang: Lang) -> (ExportRequest, String) {
    let period = Period::containing(PeriodKind::Month, today);
    let name = default_file_name(division, period, ExportFormat::Xlsx, lang);
    let dir = std::env::current_dir().unwrap_or_default();
    let mut path = dir.join(&name);
    // Never overwrite: an existing file gets a numbered sibling.
    let mut n = 2;
    while path.exists() {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "xlsx"));
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    let msg = fill(lang.ui().msg_export_start, &[&path.display().to_string()]);
    let req = ExportRequest {
        period,
        scope: Some(division.code.clone()),
        format: ExportFormat::Xlsx,
        lang,
        path,
        force: false,
    };
    (req, msg)
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
