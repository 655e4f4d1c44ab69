//! Export from the terminal UI: the division shown on the overview or the
//! village list, the current month, as an Excel workbook in the working
//! directory. The app only describes the job; the event loop runs it on its
//! own connection in a worker thread and feeds progress back as events, so
//! the screen stays live.

use super::{App, Screen};
use crate::domain::{Period, PeriodKind};
use crate::i18n::ui::fill;
use crate::transfer::ExportFormat;
use crate::transfer::export::{ExportRequest, default_file_name};

impl App {
    /// Describe an export of what the screen shows (Overview, Villages).
    pub(super) fn start_export(&mut self) {
        let ui = self.lang().ui();
        if self.exporting {
            self.info(ui.msg_export_running.to_string());
            return;
        }
        let division = match self.screen {
            Screen::Overview => self.overview.path.last().cloned(),
            Screen::Villages => self.villages.as_ref().and_then(|v| v.path.last().cloned()),
            _ => None,
        };
        let Some(division) = division else { return };
        let period = Period::containing(PeriodKind::Month, self.today);
        let name = default_file_name(&division, period, ExportFormat::Xlsx, self.lang());
        let dir = std::env::current_dir().unwrap_or_default();
        let mut path = dir.join(&name);
        // Never overwrite: an existing file gets a numbered sibling.
        let mut n = 2;
        while path.exists() {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "xlsx"));
            path = dir.join(format!("{stem}-{n}.{ext}"));
            n += 1;
        }
        self.info(fill(ui.msg_export_start, &[&path.display().to_string()]));
        self.exporting = true;
        self.job = Some(ExportRequest {
            period,
            scope: Some(division.code),
            format: ExportFormat::Xlsx,
            lang: self.lang(),
            path,
            force: false,
        });
    }

    /// The database file, for a worker's own connection.
    pub fn db_path(&self) -> &std::path::Path {
        self.store().path()
    }

    /// The export the event loop should start, if one was asked for.
    pub fn take_job(&mut self) -> Option<ExportRequest> {
        self.job.take()
    }

    pub fn export_progress(&mut self, done: u64, total: u64) {
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        self.info(fill(
            self.lang().ui().msg_export_progress,
            &[&pct.to_string()],
        ));
    }

    /// The export finished: the file and its row count, or what went wrong.
    pub fn export_done(&mut self, result: Result<(String, u64), String>) {
        self.exporting = false;
        let ui = self.lang().ui();
        match result {
            Ok((path, rows)) => self.info(fill(ui.msg_export_done, &[&path, &rows.to_string()])),
            Err(e) => self.error(fill(ui.msg_export_failed, &[&e])),
        }
    }
}
