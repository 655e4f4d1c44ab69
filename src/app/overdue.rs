//! 逾期清单: every overdue item of a division over a year, oldest first
//! (the store's one overdue list, as `zhucun report --overdue` prints it).
//! Enter opens the village's checklist at the item's period.

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::{Division, DivisionCode, Period, PeriodKind};
use crate::store::{OverdueItem, StoreError};

#[derive(Debug, Clone)]
pub struct OverdueList {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    /// The year looked in (`[` and `]` move it).
    pub period: Period,
    pub items: Vec<OverdueItem>,
    pub sel: Sel,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl OverdueList {
    /// The overdue list of `scope` for the year so far (None when `scope`
    /// is outside the user's scope), not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<OverdueList> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(OverdueList {
            path,
            scope: last,
            period: Period::containing(PeriodKind::Year, cx.today),
            items: Vec::new(),
            sel: Sel::default(),
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    pub fn selected(&self) -> Option<&OverdueItem> {
        self.items.get(self.sel.index)
    }

    /// (Re)load the list, keeping the selected item selected while it is
    /// still overdue.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self
            .selected()
            .map(|i| (i.village.clone(), i.task, i.period));
        self.items = cx.store.overdue_items(&self.scope.code, self.period)?;
        self.stale = false;
        if let Some((v, t, p)) = keep
            && let Some(i) = self
                .items
                .iter()
                .position(|x| x.village == v && x.task == t && x.period == p)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.items.len());
        Ok(())
    }

    /// Handle an action on the overdue list.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.items.len()) {
            return Effect::None;
        }
        match action {
            Action::Open => match self.selected() {
                Some(i) => Effect::OpenAt {
                    village: i.village.clone(),
                    period: i.period,
                    task: Some(i.task),
                },
                None => Effect::None,
            },
            Action::Back => Effect::Back,
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::PrevPeriod {
                    self.period.prev()
                } else {
                    self.period.next()
                };
                match period_refusal(cx, next) {
                    Some(msg) => Effect::Info(msg),
                    None => {
                        self.period = next;
                        self.sel = Sel::default();
                        Effect::of(self.load(cx).map(|()| Effect::None))
                    }
                }
            }
            _ => Effect::None,
        }
    }
}

/// Why `period` cannot be looked at (in the future, or before the
/// tracking start), in words; None when it can.
pub fn period_refusal(cx: &Cx, period: Period) -> Option<String> {
    let limits = cx.store.record_limits();
    if period.first_day() > cx.today {
        Some(cx.lang().weekly().msg_future.to_string())
    } else if !limits.tracks(period) {
        Some(format!(
            "{}{}",
            cx.lang().ui().msg_before_tracking,
            limits.tracking_start
        ))
    } else {
        None
    }
}
