//! 落实情况: behind a guidance point's or prompt's "500/1319", the villages
//! of the user's scope that have and have not completed the tasks it
//! concerns (counted as the guidance screen counts them). Enter opens a
//! village's checklist at the month the tasks were counted in.

use super::guidance::concerned_items;
use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::{Division, Guidance, Period, PeriodKind};
use crate::store::StoreError;
use chrono::NaiveDate;

/// Which villages are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    All,
    NotYet,
    Completed,
}

impl Show {
    fn next(self) -> Show {
        match self {
            Show::All => Show::NotYet,
            Show::NotYet => Show::Completed,
            Show::Completed => Show::All,
        }
    }
}

/// One village: how many of the concerned items it has done (or marked
/// n/a), and the tasks still open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowRow {
    pub village: Division,
    pub done: u32,
    pub missing: Vec<u32>,
    pub completed: bool,
}

#[derive(Debug, Clone)]
pub struct FollowThrough {
    pub guidance: Guidance,
    /// The user's scope (the villages counted).
    pub scope: Division,
    /// The day the tasks' periods are taken at.
    pub day: NaiveDate,
    /// The (task, period) items counted.
    pub items: Vec<(u32, Period)>,
    /// Villages not completed first, then completed, each in code order.
    pub rows: Vec<FollowRow>,
    /// Indices into `rows` shown under the filter.
    pub shown: Vec<usize>,
    pub show: Show,
    pub sel: Sel,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl FollowThrough {
    /// The follow-through of guidance item `id` (None if it is gone).
    pub fn open(id: i64, cx: &mut Cx) -> Result<Option<FollowThrough>, StoreError> {
        let Some(g) = cx.store.guidance_by_id(id)? else {
            return Ok(None);
        };
        let (day, items) = concerned_items(cx, &g);
        Ok(Some(FollowThrough {
            guidance: g,
            scope: cx.me.scope.clone(),
            day,
            items,
            rows: Vec::new(),
            shown: Vec::new(),
            show: Show::All,
            sel: Sel::default(),
            stale: true,
        }))
    }

    pub fn selected(&self) -> Option<&FollowRow> {
        self.shown
            .get(self.sel.index)
            .and_then(|i| self.rows.get(*i))
    }

    pub fn shown_rows(&self) -> impl Iterator<Item = &FollowRow> {
        self.shown.iter().filter_map(|i| self.rows.get(*i))
    }

    /// (completed, villages).
    pub fn counts(&self) -> (u32, u32) {
        let done = self.rows.iter().filter(|r| r.completed).count() as u32;
        (done, self.rows.len() as u32)
    }

    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let n = self.items.len() as u32;
        let mut rows: Vec<FollowRow> = cx
            .store
            .completing_by_village(&self.scope.code, &self.items)?
            .into_iter()
            .map(|(village, done)| {
                let missing: Vec<u32> = (self.items.iter())
                    .map(|(t, _)| *t)
                    .filter(|t| !done.contains(t))
                    .collect();
                FollowRow {
                    village,
                    done: done.len() as u32,
                    completed: n > 0 && missing.is_empty(),
                    missing,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            a.completed
                .cmp(&b.completed)
                .then_with(|| a.village.code.cmp(&b.village.code))
        });
        let keep = self.selected().map(|r| r.village.code.clone());
        self.rows = rows;
        self.stale = false;
        self.refilter(keep);
        Ok(())
    }

    fn refilter(&mut self, keep: Option<crate::domain::DivisionCode>) {
        let show = self.show;
        self.shown = (0..self.rows.len())
            .filter(|i| match show {
                Show::All => true,
                Show::NotYet => !self.rows[*i].completed,
                Show::Completed => self.rows[*i].completed,
            })
            .collect();
        self.sel.index = keep
            .and_then(|c| self.shown_rows().position(|r| r.village.code == c))
            .unwrap_or(0);
        self.sel.clamp(self.shown.len());
    }

    /// Handle an action on the list.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.shown.len()) {
            return Effect::None;
        }
        match action {
            Action::Open => match self.selected() {
                Some(r) => Effect::OpenAt {
                    village: r.village.code.clone(),
                    period: Period::containing(PeriodKind::Month, self.day),
                    task: self.guidance.tasks.first().copied(),
                },
                None => Effect::None,
            },
            Action::Back => Effect::Back,
            Action::FilterDone => {
                self.show = self.show.next();
                let keep = self.selected().map(|r| r.village.code.clone());
                self.refilter(keep);
                Effect::None
            }
            _ => Effect::None,
        }
    }
}
