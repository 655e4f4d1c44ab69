//! 派出单位: the dispatching units of a division with how many of its
//! villages each has, whether each village has its approved help plan, and
//! the funds of their lists (by unit name). Enter opens the unit's
//! responsibility list by village (plan, projects, funds, and the people
//! from the postings); `[`/`]` change the year. With a unit opened, `r`,
//! `p`, `m` and `b` open the forms of the selected village's list and plan
//! (`unit_forms`).

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::{Division, DivisionCode};
use crate::store::{StoreError, UnitDetail, UnitRow};
use chrono::Datelike;

#[derive(Debug, Clone)]
pub struct UnitsView {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    pub year: i32,
    pub rows: Vec<UnitRow>,
    pub sel: Sel,
    /// The unit opened with Enter: its responsibility list.
    pub detail: Option<UnitDetail>,
    /// The village selected in the list.
    pub detail_sel: Sel,
    /// Data changed while the screen was not visible.
    pub stale: bool,
}

impl UnitsView {
    /// The form of `action` (a project, the funds, an item, the help
    /// plan) for the selected village of the opened unit.
    fn list_form(&self, action: Action, cx: &mut Cx) -> Effect {
        use super::unit_forms::{UnitForm, open};
        let Some(d) = &self.detail else {
            return Effect::Info(cx.lang().unit_words().open_unit_first.to_string());
        };
        let Some(v) = d.villages.get(self.detail_sel.index) else {
            return Effect::None;
        };
        let form = match action {
            Action::AddProject => UnitForm::Project {
                projects: Vec::new(),
                shown: 0,
            },
            Action::SetFunds => UnitForm::Funds,
            Action::EditItem => UnitForm::Item {
                items: Vec::new(),
                shown: 0,
            },
            _ => UnitForm::Plan { titles: Vec::new() },
        };
        let key = crate::store::ListKey {
            unit: d.unit.id,
            village: v.code.clone(),
            year: self.year,
        };
        let what = format!("{} · {} · {}", d.unit.name, v.name, self.year);
        open(form, key, what, cx)
    }

    /// Whether `action` does something here (the footer lists only those):
    /// the list's forms once a unit is opened.
    pub fn offers(&self, action: Action) -> bool {
        let forms = matches!(
            action,
            Action::AddProject | Action::SetFunds | Action::EditItem | Action::EditPlan
        );
        !forms || self.detail.is_some()
    }

    /// The units of `scope` this year (None when `scope` is outside the
    /// user's scope), not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<UnitsView> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(UnitsView {
            path,
            scope: last,
            year: cx.today.year(),
            rows: Vec::new(),
            sel: Sel::default(),
            detail: None,
            detail_sel: Sel::default(),
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    pub fn selected(&self) -> Option<&UnitRow> {
        self.rows.get(self.sel.index)
    }

    /// The selection the keys move: the villages of an opened unit, else
    /// the units.
    pub fn sel_index(&self) -> usize {
        if self.detail.is_some() {
            self.detail_sel.index
        } else {
            self.sel.index
        }
    }

    /// (Re)load the list and the opened unit, keeping the selections.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|r| r.unit.id);
        self.rows = cx.store.units_of(&self.scope.code, self.year)?;
        if let Some(id) = keep
            && let Some(i) = self.rows.iter().position(|r| r.unit.id == id)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.rows.len());
        if let Some(d) = &self.detail {
            let id = d.unit.id;
            let d = cx
                .store
                .responsibility_list(id, &self.scope.code, self.year)?;
            self.detail_sel.clamp(d.villages.len());
            self.detail = Some(d);
        }
        self.stale = false;
        Ok(())
    }

    /// Handle an action on the units screen.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if let Some(d) = &self.detail {
            let n = d.villages.len();
            if self.detail_sel.apply(action, n) {
                return Effect::None;
            }
        } else if self.sel.apply(action, self.rows.len()) {
            return Effect::None;
        }
        match action {
            Action::Open if self.detail.is_none() => {
                let Some(id) = self.selected().map(|r| r.unit.id) else {
                    return Effect::None;
                };
                match cx
                    .store
                    .responsibility_list(id, &self.scope.code, self.year)
                {
                    Ok(d) => {
                        self.detail = Some(d);
                        self.detail_sel = Sel::default();
                        Effect::None
                    }
                    Err(e) => Effect::Fail(e),
                }
            }
            Action::Back if self.detail.is_some() => {
                self.detail = None;
                Effect::None
            }
            Action::Back => Effect::Back,
            Action::AddProject | Action::SetFunds | Action::EditItem | Action::EditPlan => {
                self.list_form(action, cx)
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::PrevPeriod {
                    self.year - 1
                } else {
                    self.year + 1
                };
                if next > cx.today.year() {
                    return Effect::Info(cx.lang().weekly().msg_future.to_string());
                }
                if next < 2000 {
                    return Effect::None;
                }
                self.year = next;
                Effect::of(self.load(cx).map(|()| Effect::None))
            }
            _ => Effect::None,
        }
    }
}
