//! 未报送: for a division and a month or quarter, each village's items
//! still open and when anything was last recorded for it, so a township
//! sees which teams to call before the deadline. Sorted by division code or
//! by open items: villages, never people, are listed.

use super::keys::Action;
use super::overdue::period_refusal;
use super::{Cx, Effect, Sel};
use crate::domain::{Division, DivisionCode, Period, PeriodKind};
use crate::store::StoreError;

/// One village of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreportedRow {
    pub village: Division,
    /// Items due in the period that apply (应完成 less 不适用).
    pub due: u32,
    /// Of those, not done.
    pub open: u32,
    /// When anything was last recorded for the village, in the
    /// installation's zone (`YYYY-MM-DD HH:MM`); None: never.
    pub last: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Unreported {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    /// A month or a quarter (`[`, `]` move it, `m` switches).
    pub period: Period,
    pub rows: Vec<UnreportedRow>,
    /// Indices into `rows` in the order shown.
    pub shown: Vec<usize>,
    /// Sorted by open items (most first) instead of by code.
    pub by_open: bool,
    pub sel: Sel,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl Unreported {
    /// The list of `scope` for the current month (None when `scope` is
    /// outside the user's scope), not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<Unreported> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(Unreported {
            path,
            scope: last,
            period: cx.month(),
            rows: Vec::new(),
            shown: Vec::new(),
            by_open: false,
            sel: Sel::default(),
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    pub fn selected(&self) -> Option<&UnreportedRow> {
        self.shown
            .get(self.sel.index)
            .and_then(|i| self.rows.get(*i))
    }

    pub fn shown_rows(&self) -> impl Iterator<Item = &UnreportedRow> {
        self.shown.iter().filter_map(|i| self.rows.get(*i))
    }

    /// Villages with anything open, and the open items in all.
    pub fn open_totals(&self) -> (usize, u32) {
        let villages = self.rows.iter().filter(|r| r.open > 0).count();
        (villages, self.rows.iter().map(|r| r.open).sum())
    }

    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let rows = cx.store.reporting_rows(&self.scope.code, self.period)?;
        self.rows = rows
            .into_iter()
            .map(|r| UnreportedRow {
                due: r.progress.expected.saturating_sub(r.progress.na),
                open: r.open(),
                last: r.last_recorded.as_deref().map(|s| cx.store.show_time(s)),
                village: r.village,
            })
            .collect();
        self.stale = false;
        self.resort();
        Ok(())
    }

    /// Recompute the order, keeping the selected village selected.
    fn resort(&mut self) {
        let keep = self.selected().map(|r| r.village.code.clone());
        let rows = &self.rows;
        let mut shown: Vec<usize> = (0..rows.len()).collect();
        if self.by_open {
            shown.sort_by(|a, b| {
                let (x, y) = (&rows[*a], &rows[*b]);
                y.open
                    .cmp(&x.open)
                    .then_with(|| x.village.code.cmp(&y.village.code))
            });
        } else {
            shown.sort_by(|a, b| rows[*a].village.code.cmp(&rows[*b].village.code));
        }
        self.shown = shown;
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
                    period: self.period,
                    task: None,
                },
                None => Effect::None,
            },
            Action::Back => Effect::Back,
            Action::SortNext => {
                self.by_open = !self.by_open;
                self.resort();
                Effect::None
            }
            Action::PrevPeriod | Action::NextPeriod | Action::ToggleMonthQuarter => {
                let next = match action {
                    Action::PrevPeriod => self.period.prev(),
                    Action::NextPeriod => self.period.next(),
                    _ if self.period.kind() == PeriodKind::Month => {
                        self.period.with_kind(PeriodKind::Quarter)
                    }
                    // Back to the quarter's current month, else its last.
                    _ if self.period.contains(cx.today) => cx.month(),
                    _ => Period::containing(PeriodKind::Month, self.period.due_date()),
                };
                match period_refusal(cx, next) {
                    Some(msg) => Effect::Info(msg),
                    None => {
                        self.period = next;
                        Effect::of(self.load(cx).map(|()| Effect::None))
                    }
                }
            }
            _ => Effect::None,
        }
    }
}
