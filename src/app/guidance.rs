//! Guidance points and prompts: browse by quarter or month, read the full
//! text, see how many villages completed the tasks each one concerns, and
//! (for roles allowed) issue, edit and delete them.

use super::keys::Action;
use super::popup::{GuidanceForm, Popup};
use super::{Cx, Effect, Me, Sel};
use crate::domain::{DivisionCode, Guidance, Period, PeriodKind};
use crate::store::StoreError;
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

    /// Select the item `id` if it is listed.
    pub fn select(&mut self, id: i64) {
        if let Some(i) = self.items.iter().position(|g| g.id == id) {
            self.sel.index = i;
        }
    }

    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let scope = cx.me.scope.code.clone();
        let p = self.period;
        let mut items = Vec::new();
        match p {
            Period::Quarter { .. } => {
                items.extend(cx.store.guidance_for(&scope, p)?);
                for m in p.sub_periods().into_iter().filter(|s| *s != p) {
                    items.extend(cx.store.guidance_for(&scope, m)?);
                }
            }
            _ => {
                items.extend(cx.store.guidance_for(&scope, p)?);
                items.extend(
                    cx.store
                        .guidance_for(&scope, p.with_kind(PeriodKind::Quarter))?,
                );
            }
        }
        let mut completion = Vec::with_capacity(items.len());
        let mut scope_names = Vec::with_capacity(items.len());
        cx.know(items.iter().map(|g| g.issued_by.as_str()));
        for g in &items {
            completion.push(completion_of(cx, &scope, g)?);
            let name = DivisionCode::parse(&g.scope)
                .ok()
                .and_then(|c| cx.division(&c))
                .map(|d| d.name)
                .unwrap_or_else(|| g.scope.clone());
            scope_names.push(name);
        }
        let keep = self.selected().map(|g| g.id);
        self.items = items;
        self.completion = completion;
        self.scope_names = scope_names;
        self.loaded_version = Some(cx.generation);
        if let Some(id) = keep {
            self.select(id);
        }
        self.sel.clamp(self.items.len());
        Ok(())
    }

    /// Whether `action` does something for this user (for the hints):
    /// issuing keys only for a role that may issue guidance.
    pub fn offers(&self, action: Action, me: &Me) -> bool {
        match action {
            Action::NewGuidance | Action::EditGuidance | Action::DeleteGuidance => me.may_issue(),
            _ => true,
        }
    }

    /// Handle an action on the guidance screen.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.sel.apply(action, self.items.len()) {
            return Effect::None;
        }
        let issuing = matches!(
            action,
            Action::NewGuidance | Action::EditGuidance | Action::DeleteGuidance
        );
        if issuing && !cx.may_issue() {
            return Effect::Error(cx.me.no_guidance_role(cx.lang()));
        }
        match action {
            Action::Back => Effect::Back,
            Action::Open => match self.selected() {
                Some(g) => Effect::Push(Popup::Reader {
                    id: g.id,
                    sel: Sel::default(),
                }),
                None => Effect::None,
            },
            Action::PrevPeriod | Action::NextPeriod | Action::ToggleMonthQuarter => {
                self.period = self.moved(action, cx.month());
                self.sel = Sel::default();
                Effect::of(self.load(cx).map(|()| Effect::None))
            }
            Action::NewGuidance => {
                Effect::OpenForm(Box::new(GuidanceForm::new(self.period, &cx.me.scope.code)))
            }
            Action::EditGuidance => match self.selected() {
                Some(g) => Effect::OpenForm(Box::new(GuidanceForm::edit(g))),
                None => Effect::Info(cx.lang().ui().msg_nothing_selected.to_string()),
            },
            Action::FollowThrough => match self.selected() {
                Some(g) => Effect::FollowThrough(g.id),
                None => Effect::Info(cx.lang().ui().msg_nothing_selected.to_string()),
            },
            Action::DeleteGuidance => match self.selected() {
                Some(g) => Effect::Push(Popup::ConfirmDelete {
                    id: g.id,
                    title: g.title.clone(),
                }),
                None => Effect::None,
            },
            _ => Effect::None,
        }
    }

    /// The period after a period key (`month`: the current month).
    fn moved(&self, action: Action, month: Period) -> Period {
        let p = self.period;
        match action {
            Action::PrevPeriod => p.prev(),
            Action::NextPeriod => p.next(),
            _ => match p {
                Period::Quarter { .. } if month.with_kind(PeriodKind::Quarter) == p => month,
                Period::Quarter { .. } => p.with_kind(PeriodKind::Month),
                _ => p.with_kind(PeriodKind::Quarter),
            },
        }
    }
}

/// Villages in `scope` with every task `g` concerns done (or n/a) in the
/// task's period containing the guidance period's last day (or today, if
/// earlier).
fn completion_of(cx: &Cx, scope: &DivisionCode, g: &Guidance) -> Result<(u32, u32), StoreError> {
    let (_, items) = concerned_items(cx, g);
    cx.store.villages_completing(scope, &items)
}

/// The day a guidance item's completion is taken at (its period's last
/// day, or today if earlier) and the (task, task period) items it
/// concerns on that day: what [`completion_of`] and the follow-through
/// list both count.
pub fn concerned_items(cx: &Cx, g: &Guidance) -> (NaiveDate, Vec<(u32, Period)>) {
    let day = g.period.due_date().min(cx.today);
    let cat = cx.store.catalogue();
    let items = g
        .tasks
        .iter()
        .filter_map(|n| cat.task(*n))
        .map(|t| (t.number, t.cadence.period_for(day)))
        .collect();
    (day, items)
}
