//! The village list of a township (or any scope): sort by column, filter by
//! village type and by "has overdue".

use super::{App, Screen, Sel};
use crate::app::keys::Action;
use crate::domain::{Division, DivisionCode, VillageType, text};
use crate::store::{StoreError, VillageRow};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortCol {
    Code,
    Name,
    Month,
    Quarter,
    Overdue,
}

impl SortCol {
    pub const ALL: [SortCol; 5] = [
        SortCol::Code,
        SortCol::Name,
        SortCol::Month,
        SortCol::Quarter,
        SortCol::Overdue,
    ];

    fn next(self) -> SortCol {
        let i = SortCol::ALL.iter().position(|c| *c == self).unwrap_or(0);
        SortCol::ALL[(i + 1) % SortCol::ALL.len()]
    }
}

#[derive(Debug, Clone)]
pub struct Villages {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    pub all: Vec<VillageRow>,
    /// Indices into `all` after filtering and sorting.
    pub shown: Vec<usize>,
    pub sel: Sel,
    pub sort: SortCol,
    pub desc: bool,
    pub type_filter: Option<VillageType>,
    pub overdue_only: bool,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl Villages {
    #[allow(clippy::expect_used)] // TODO(merge): owned by arch-app
    pub fn scope(&self) -> &Division {
        self.path.last().expect("non-empty path")
    }

    pub fn selected(&self) -> Option<&VillageRow> {
        self.shown.get(self.sel.index).map(|i| &self.all[*i])
    }

    pub fn rows(&self) -> impl Iterator<Item = &VillageRow> {
        self.shown.iter().map(|i| &self.all[*i])
    }

    /// Recompute `shown` from the filters and sort, keeping the selected
    /// village selected when it is still shown.
    pub fn refilter(&mut self) {
        let keep = self.selected().map(|r| r.village.code.clone());
        let mut shown: Vec<usize> = (0..self.all.len())
            .filter(|i| {
                let r = &self.all[*i];
                self.type_filter
                    .is_none_or(|t| r.village.types.contains(&t))
                    && (!self.overdue_only || r.overdue > 0)
            })
            .collect();
        let all = &self.all;
        let rate = |p: &crate::store::Progress| p.rate().unwrap_or(-1.0);
        shown.sort_by(|a, b| {
            let (x, y) = (&all[*a], &all[*b]);
            let o = match self.sort {
                SortCol::Code => Ordering::Equal,
                SortCol::Name => text::initials(&x.village.name)
                    .cmp(&text::initials(&y.village.name))
                    .then_with(|| x.village.name.cmp(&y.village.name)),
                SortCol::Month => rate(&x.month).total_cmp(&rate(&y.month)),
                SortCol::Quarter => rate(&x.quarter).total_cmp(&rate(&y.quarter)),
                SortCol::Overdue => x.overdue.cmp(&y.overdue),
            };
            let o = if self.desc { o.reverse() } else { o };
            o.then_with(|| x.village.code.cmp(&y.village.code))
        });
        self.shown = shown;
        self.sel.index = keep
            .and_then(|c| self.rows().position(|r| r.village.code == c))
            .unwrap_or(0);
        self.sel.clamp(self.shown.len());
    }
}

impl App {
    /// Open the village list of `scope`.
    pub fn open_villages(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        let path = self.path_to(scope);
        if path.is_empty() {
            return Ok(());
        }
        let same = self
            .villages
            .as_ref()
            .is_some_and(|v| v.scope().code == *scope);
        if !same {
            self.villages = Some(Villages {
                path,
                all: Vec::new(),
                shown: Vec::new(),
                sel: Sel::default(),
                sort: SortCol::Code,
                desc: false,
                type_filter: None,
                overdue_only: false,
                stale: true,
            });
        }
        self.load_villages()?;
        self.go(Screen::Villages);
        Ok(())
    }

    #[allow(clippy::expect_used)] // TODO(merge): owned by arch-app
    pub fn load_villages(&mut self) -> Result<(), StoreError> {
        let Some(v) = &self.villages else {
            return Ok(());
        };
        let rows = self.store.village_rows(&v.scope().code, self.today)?;
        let v = self.villages.as_mut().expect("checked");
        v.all = rows;
        v.stale = false;
        v.refilter();
        Ok(())
    }

    pub(super) fn villages_action(&mut self, action: Action) -> Result<(), StoreError> {
        if self.villages.as_ref().is_some_and(|v| v.stale) {
            self.load_villages()?;
        }
        let Some(v) = self.villages.as_mut() else {
            return Ok(());
        };
        if v.sel.apply(action, v.shown.len()) {
            return Ok(());
        }
        match action {
            Action::Open => {
                if let Some(code) = v.selected().map(|r| r.village.code.clone()) {
                    self.open_checklist(&code)?;
                }
            }
            Action::Back => self.go_back(),
            Action::SortNext => {
                v.sort = v.sort.next();
                // Rates and overdue read best from the highest first.
                v.desc = matches!(v.sort, SortCol::Overdue);
                v.refilter();
            }
            Action::SortReverse => {
                v.desc = !v.desc;
                v.refilter();
            }
            Action::FilterType => {
                v.type_filter = match v.type_filter {
                    None => Some(VillageType::ALL[0]),
                    Some(t) => {
                        let i = VillageType::ALL.iter().position(|x| *x == t).unwrap_or(0);
                        VillageType::ALL.get(i + 1).copied()
                    }
                };
                v.refilter();
            }
            Action::FilterOverdue => {
                v.overdue_only = !v.overdue_only;
                v.refilter();
            }
            Action::GuidanceScreen => self.show(Screen::Guidance)?,
            _ => {}
        }
        Ok(())
    }
}
