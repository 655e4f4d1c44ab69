//! The export form (`E`): where to write and which period, for the
//! division shown and the village list's filter.

use crate::app::export::{self, ExportScope};
use crate::app::input::TextInput;
use crate::app::{Cx, Effect};
use crate::domain::{Period, PeriodKind};
use crate::i18n::ui::fill;
use std::path::PathBuf;

/// The export form's fields, in focus order.
pub const E_PATH: usize = 0;
pub const E_PERIOD: usize = 1;

#[derive(Debug, Clone)]
pub struct ExportForm {
    pub what: ExportScope,
    pub fields: [TextInput; 2],
    pub focus: usize,
    pub error: Option<String>,
    /// What `~` stands for (the user's home directory).
    pub home: Option<PathBuf>,
}

impl ExportForm {
    /// The form for `what`: what was typed last time in this session, else
    /// the current month, to the home directory.
    pub fn new(what: ExportScope, cx: &Cx) -> ExportForm {
        let month = Period::containing(PeriodKind::Month, cx.today).to_string();
        let [path, period] = cx
            .export_memo
            .clone()
            .unwrap_or_else(|| ["~/".to_string(), month]);
        ExportForm {
            what,
            fields: [TextInput::new(&path, 400), TextInput::new(&period, 7)],
            focus: E_PATH,
            error: None,
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }

    /// The typed texts (path, period).
    pub fn texts(&self) -> [String; 2] {
        [self.fields[E_PATH].text(), self.fields[E_PERIOD].text()]
    }

    pub fn field_mut(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus]
    }

    pub fn move_focus(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    /// Check what was typed and start the export; a problem stays in the
    /// form, worded, with the field it concerns focused.
    pub fn submit(&mut self, cx: &mut Cx) -> Effect {
        let lang = cx.lang();
        let u = lang.ui();
        let typed = self.fields[E_PERIOD].text();
        let period = match Period::parse(typed.trim()) {
            Ok(p) => p,
            Err(_) => return self.refuse(E_PERIOD, fill(u.export_bad_period, &[typed.trim()])),
        };
        if let Err(rule) = cx.store.record_limits().check_period(period) {
            return self.refuse(E_PERIOD, lang.date_rule(&rule));
        }
        let name = export::default_name(&self.what, period, lang);
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let path = match export::resolve_path(
            &self.fields[E_PATH].text(),
            self.home.as_deref(),
            &cwd,
            &name,
        ) {
            Ok(p) => p,
            Err(problem) => return self.refuse(E_PATH, problem.text(lang)),
        };
        // Next time: the same directory (a file name typed would exist by then).
        let [typed, period_text] = self.texts();
        let dir = match typed.trim().rfind('/') {
            Some(i) => typed.trim()[..=i].to_string(),
            None => "~/".to_string(),
        };
        *cx.export_memo = Some([dir, period_text]);
        let req = export::request(&self.what, period, path, lang);
        Effect::Many(vec![Effect::Pop, Effect::Export(Box::new(req))])
    }

    fn refuse(&mut self, field: usize, text: String) -> Effect {
        self.focus = field;
        self.error = Some(text);
        Effect::None
    }
}
