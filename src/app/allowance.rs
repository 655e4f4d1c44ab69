//! 补助发放: choose a dispatching unit and a month, see its 驻村补助发放表
//! (the store's one statement, as `zhucun allowance show` prints it), and
//! export it. The left pane lists the units with cadres posted that month
//! (by name); Enter shows a unit's statement (an audited read); `[`/`]`
//! move the month; `E` writes the statement as an .xlsx file in the
//! current directory.

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::allowance::month_start;
use crate::i18n::ui::fill;
use crate::store::StoreError;
use crate::store::allowance::{Statement, UnitChoice};
use crate::transfer::ExportFormat;
use chrono::{Datelike, Months, NaiveDate};
use std::path::{Path, PathBuf};

/// Which list the cursor keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Units,
    Lines,
}

#[derive(Debug, Clone)]
pub struct AllowanceView {
    /// The first day of the month shown.
    pub month: NaiveDate,
    pub units: Vec<UnitChoice>,
    pub units_sel: Sel,
    /// The statement of the unit opened with Enter.
    pub statement: Option<Statement>,
    pub lines_sel: Sel,
    pub pane: Pane,
    /// Why this account sees no statements (its role), in words.
    pub denied: Option<String>,
    pub stale: bool,
}

impl AllowanceView {
    /// The screen at last month (the month a finance office pays), not
    /// loaded yet.
    pub fn open(cx: &Cx) -> AllowanceView {
        let this = month_start(cx.today);
        AllowanceView {
            month: this.checked_sub_months(Months::new(1)).unwrap_or(this),
            units: Vec::new(),
            units_sel: Sel::default(),
            statement: None,
            lines_sel: Sel::default(),
            pane: Pane::Units,
            denied: None,
            stale: true,
        }
    }

    pub fn selected_unit(&self) -> Option<&UnitChoice> {
        self.units.get(self.units_sel.index)
    }

    /// (Re)load the units of the month, and the statement shown, if any.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        self.stale = false;
        match cx.store.allowance_units(self.month) {
            Ok(units) => {
                self.denied = None;
                let keep = self.selected_unit().map(|u| u.id);
                self.units = units;
                if let Some(id) = keep
                    && let Some(i) = self.units.iter().position(|u| u.id == id)
                {
                    self.units_sel.index = i;
                }
                self.units_sel.clamp(self.units.len());
            }
            Err(StoreError::Denied { .. }) => {
                self.units.clear();
                self.statement = None;
                self.denied = Some(cx.lang().allowance_ui().denied.to_string());
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        if let Some(s) = &self.statement {
            let (unit, month) = (s.unit.id, self.month);
            self.statement = Some(cx.store.allowance_statement(unit, month)?);
            self.lines_sel.clamp(self.lines_len());
        }
        Ok(())
    }

    /// Lines of the statement shown (its totals row not counted).
    pub fn lines_len(&self) -> usize {
        self.statement.as_ref().map_or(0, |s| s.lines.len())
    }

    fn show_selected(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let Some(id) = self.selected_unit().map(|u| u.id) else {
            return Ok(());
        };
        self.statement = Some(cx.store.allowance_statement(id, self.month)?);
        self.lines_sel = Sel::default();
        self.pane = Pane::Lines;
        Ok(())
    }

    fn move_month(&mut self, forward: bool, cx: &mut Cx) -> Effect {
        let next = if forward {
            self.month.checked_add_months(Months::new(1))
        } else {
            self.month.checked_sub_months(Months::new(1))
        };
        let Some(next) = next else {
            return Effect::None;
        };
        if next > cx.today {
            return Effect::Info(cx.lang().weekly().msg_future.to_string());
        }
        self.month = next;
        Effect::of(self.load(cx).map(|()| Effect::None))
    }

    /// Handle an action on the allowance screen.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        let moved = match self.pane {
            Pane::Units => self.units_sel.apply(action, self.units.len()),
            Pane::Lines => self.lines_sel.apply(action, self.lines_len()),
        };
        if moved {
            return Effect::None;
        }
        match action {
            Action::Open if self.pane == Pane::Units => {
                Effect::of(self.show_selected(cx).map(|()| Effect::None))
            }
            Action::Back if self.pane == Pane::Lines => {
                self.pane = Pane::Units;
                Effect::None
            }
            Action::Back => Effect::Back,
            Action::PrevPeriod => self.move_month(false, cx),
            Action::NextPeriod => self.move_month(true, cx),
            Action::Export => self.export(cx),
            _ => Effect::None,
        }
    }

    /// Write the statement shown to a new .xlsx file in the current
    /// directory (never over an existing one), through the same staged,
    /// audited writer as `zhucun allowance export`.
    fn export(&mut self, cx: &mut Cx) -> Effect {
        let t = cx.lang().allowance_ui();
        let Some(s) = &self.statement else {
            return Effect::Info(t.export_first.to_string());
        };
        let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let path = free_name(&dir, &s.unit.name, self.month);
        let record = format!("allowance/{}/{}", s.unit.id, self.month.format("%Y-%m"));
        let lang = cx.lang();
        match crate::transfer::allowance::write(
            cx.store,
            std::slice::from_ref(s),
            &record,
            lang,
            &path,
            ExportFormat::Xlsx,
            false,
        ) {
            Ok(n) => Effect::Info(fill(
                t.exported,
                &[&path.display().to_string(), &n.to_string()],
            )),
            Err(e) => Effect::Error(e.message(lang)),
        }
    }
}

/// 驻村补助发放表-UNIT-2026-03.xlsx in `dir`, with -2, -3 … if taken.
pub fn free_name(dir: &Path, unit: &str, month: NaiveDate) -> PathBuf {
    let clean: String = unit
        .chars()
        .map(|c| if c == '/' || c.is_control() { '_' } else { c })
        .collect();
    let stem = format!(
        "驻村补助发放表-{clean}-{:04}-{:02}",
        month.year(),
        month.month()
    );
    let mut p = dir.join(format!("{stem}.xlsx"));
    let mut k = 2;
    while p.exists() {
        p = dir.join(format!("{stem}-{k}.xlsx"));
        k += 1;
    }
    p
}
