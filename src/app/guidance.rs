//! Guidance points and prompts: browse by quarter or month, read the full
//! text, see how many villages completed the tasks each one concerns, and
//! (for roles allowed) issue, edit and delete them.

use super::input::TextInput;
use super::popup::Popup;
use super::{App, Sel};
use crate::app::keys::Action;
use crate::domain::{DivisionCode, Guidance, Period, PeriodKind};
use crate::i18n::ui::fill;
use crate::store::{GuidanceInput, StoreError};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct GuidanceView {
    /// A quarter (points of the quarter and prompts of its months) or a
    /// month (its prompts and the points of its quarter).
    pub period: Period,
    pub items: Vec<Guidance>,
    /// (villages that completed the concerned tasks, villages in scope).
    pub completion: Vec<(u32, u32)>,
    /// Names of each item's scope (the code when unknown).
    pub scope_names: Vec<String>,
    pub sel: Sel,
    /// The data generation the list was loaded at.
    pub loaded_version: Option<u64>,
}

impl GuidanceView {
    pub fn new(today: NaiveDate) -> GuidanceView {
        GuidanceView {
            period: Period::containing(PeriodKind::Quarter, today),
            items: Vec::new(),
            completion: Vec::new(),
            scope_names: Vec::new(),
            sel: Sel::default(),
            loaded_version: None,
        }
    }

    pub fn selected(&self) -> Option<&Guidance> {
        self.items.get(self.sel.index)
    }

    pub fn by_month(&self) -> bool {
        self.period.kind() == PeriodKind::Month
    }
}

/// The guidance form's fields, in focus order.
pub const F_TITLE: usize = 0;
pub const F_PERIOD: usize = 1;
pub const F_SCOPE: usize = 2;
pub const F_TASKS: usize = 3;
pub const F_BODY: usize = 4;

#[derive(Debug, Clone)]
pub struct GuidanceForm {
    /// (id, version read) when editing.
    pub editing: Option<(i64, i64)>,
    pub fields: [TextInput; 5],
    pub focus: usize,
    pub error: Option<String>,
}

impl GuidanceForm {
    pub fn field_mut(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus]
    }

    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// The period typed, to word the title (prompt or guidance point).
    pub fn period(&self) -> Option<Period> {
        Period::parse(&self.fields[F_PERIOD].text()).ok()
    }
}

/// Parse "1,5,19" (also with Chinese commas or spaces).
fn parse_tasks(s: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in s
        .split([',', '，', '、', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        let n: u32 = part.trim().parse().map_err(|_| part.trim().to_string())?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

impl App {
    pub fn load_guidance(&mut self) -> Result<(), StoreError> {
        let scope = self.me.scope.code.clone();
        let p = self.guidance.period;
        let mut items = Vec::new();
        match p {
            Period::Quarter { .. } => {
                items.extend(self.store.guidance_for(&scope, p)?);
                for m in p.sub_periods().into_iter().filter(|s| *s != p) {
                    items.extend(self.store.guidance_for(&scope, m)?);
                }
            }
            _ => {
                items.extend(self.store.guidance_for(&scope, p)?);
                items.extend(
                    self.store
                        .guidance_for(&scope, p.with_kind(PeriodKind::Quarter))?,
                );
            }
        }
        let mut completion = Vec::with_capacity(items.len());
        let mut scope_names = Vec::with_capacity(items.len());
        for g in &items {
            completion.push(self.completion_of(&scope, g)?);
            let name = DivisionCode::parse(&g.scope)
                .ok()
                .and_then(|c| self.division(&c))
                .map(|d| d.name)
                .unwrap_or_else(|| g.scope.clone());
            scope_names.push(name);
        }
        let keep = self.guidance.selected().map(|g| g.id);
        let v = &mut self.guidance;
        v.items = items;
        v.completion = completion;
        v.scope_names = scope_names;
        v.loaded_version = Some(self.generation);
        if let Some(id) = keep
            && let Some(i) = v.items.iter().position(|g| g.id == id)
        {
            v.sel.index = i;
        }
        v.sel.clamp(v.items.len());
        Ok(())
    }

    /// Villages in `scope` with every task `g` concerns done (or n/a) in the
    /// task's period containing the guidance period's last day (or today,
    /// if earlier).
    fn completion_of(&self, scope: &DivisionCode, g: &Guidance) -> Result<(u32, u32), StoreError> {
        let day = g.period.due_date().min(self.today);
        let cat = self.store.catalogue();
        let items: Vec<(u32, Period)> = g
            .tasks
            .iter()
            .filter_map(|n| cat.task(*n))
            .map(|t| (t.number, t.cadence.period_for(day)))
            .collect();
        self.store.villages_completing(scope, &items)
    }

    fn may_issue(&self) -> bool {
        self.me.role.is_some_and(|r| r.can_issue_guidance())
    }

    pub(super) fn guidance_action(&mut self, action: Action) -> Result<(), StoreError> {
        let v = &mut self.guidance;
        if v.sel.apply(action, v.items.len()) {
            return Ok(());
        }
        match action {
            Action::Back => self.go_back(),
            Action::Open => {
                if let Some(g) = self.guidance.selected() {
                    let id = g.id;
                    self.popups.push(Popup::Reader {
                        id,
                        sel: Sel::default(),
                    });
                }
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let p = self.guidance.period;
                self.guidance.period = if action == Action::PrevPeriod {
                    p.prev()
                } else {
                    p.next()
                };
                self.guidance.sel = Sel::default();
                self.load_guidance()?;
            }
            Action::ToggleMonthQuarter => {
                let p = self.guidance.period;
                self.guidance.period = match p {
                    Period::Quarter { .. } => {
                        let m = self.month();
                        if m.with_kind(PeriodKind::Quarter) == p {
                            m
                        } else {
                            p.with_kind(PeriodKind::Month)
                        }
                    }
                    _ => p.with_kind(PeriodKind::Quarter),
                };
                self.guidance.sel = Sel::default();
                self.load_guidance()?;
            }
            Action::NewGuidance => {
                if !self.may_issue() {
                    self.no_guidance_role();
                    return Ok(());
                }
                let period = self.guidance.period.to_string();
                let scope = self.me.scope.code.to_string();
                self.popups.push(Popup::Form(Box::new(GuidanceForm {
                    editing: None,
                    fields: [
                        TextInput::new("", 60),
                        TextInput::new(&period, 7),
                        TextInput::new(&scope, 12),
                        TextInput::new("", 80),
                        TextInput::multiline("", 4000),
                    ],
                    focus: F_TITLE,
                    error: None,
                })));
            }
            Action::EditGuidance => {
                if !self.may_issue() {
                    self.no_guidance_role();
                    return Ok(());
                }
                let Some(g) = self.guidance.selected().cloned() else {
                    self.info(self.lang().ui().msg_nothing_selected.to_string());
                    return Ok(());
                };
                let tasks = crate::domain::guidance::encode_tasks(&g.tasks);
                self.popups.push(Popup::Form(Box::new(GuidanceForm {
                    editing: Some((g.id, g.version)),
                    fields: [
                        TextInput::new(&g.title, 60),
                        TextInput::new(&g.period.to_string(), 7),
                        TextInput::new(&g.scope, 12),
                        TextInput::new(&tasks, 80),
                        TextInput::multiline(&g.body, 4000),
                    ],
                    focus: F_TITLE,
                    error: None,
                })));
            }
            Action::DeleteGuidance => {
                if !self.may_issue() {
                    self.no_guidance_role();
                    return Ok(());
                }
                if let Some(g) = self.guidance.selected() {
                    let (id, title) = (g.id, g.title.clone());
                    self.popups.push(Popup::ConfirmDelete { id, title });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Save the form; a problem keeps the form open with the message.
    pub(super) fn submit_form(&mut self, mut f: GuidanceForm) -> Result<(), StoreError> {
        let u = self.lang().ui();
        let parsed = (|| {
            let period = Period::parse(&f.fields[F_PERIOD].text())
                .map_err(|e| (F_PERIOD, fill(u.form_bad_period, &[&e.to_string()])))?;
            let scope = DivisionCode::parse(&f.fields[F_SCOPE].text())
                .map_err(|e| (F_SCOPE, fill(u.form_bad_scope, &[&e.to_string()])))?;
            let tasks = parse_tasks(&f.fields[F_TASKS].text())
                .map_err(|bad| (F_TASKS, fill(u.form_bad_tasks, &[&bad])))?;
            Ok::<_, (usize, String)>(GuidanceInput {
                period,
                scope,
                title: f.fields[F_TITLE].text(),
                body: f.fields[F_BODY].text(),
                tasks,
            })
        })();
        let input = match parsed {
            Ok(i) => i,
            Err((field, msg)) => {
                f.focus = field;
                f.error = Some(msg);
                self.popups.push(Popup::Form(Box::new(f)));
                return Ok(());
            }
        };
        let r = match f.editing {
            Some((id, version)) => self.store.edit_guidance(id, version, &input).map(|_| id),
            None => self.store.issue_guidance(&input),
        };
        match r {
            Ok(id) => {
                self.guidance.period = input.period.with_kind(self.guidance.period.kind());
                self.after_write();
                self.load_guidance()?;
                if let Some(i) = self.guidance.items.iter().position(|g| g.id == id) {
                    self.guidance.sel.index = i;
                }
                self.info(fill(u.msg_saved, &[&input.title]));
            }
            Err(e) => {
                // Keep what was typed; show the store's reason in the form.
                self.store_error(e);
                f.error = self.message.take().map(|m| m.text);
                self.popups.push(Popup::Form(Box::new(f)));
            }
        }
        Ok(())
    }

    pub(super) fn delete_guidance(&mut self, id: i64, title: &str) -> Result<(), StoreError> {
        self.store.delete_guidance(id)?;
        self.after_write();
        self.load_guidance()?;
        self.info(fill(self.lang().ui().msg_deleted, &[title]));
        Ok(())
    }

    /// Enter in the form's body inserts a newline; elsewhere it saves.
    pub(super) fn form_enter_is_newline(&self) -> bool {
        matches!(self.popups.last(), Some(Popup::Form(f)) if f.focus == F_BODY)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tasks_parse() {
        assert_eq!(super::parse_tasks("1, 5，19、19").unwrap(), vec![1, 5, 19]);
        assert_eq!(super::parse_tasks("1,x").unwrap_err(), "x");
        assert_eq!(super::parse_tasks("").unwrap(), Vec::<u32>::new());
    }
}
