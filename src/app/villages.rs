//! The village list of a township (or any scope): sort by column, filter by
//! village type and by "has overdue".

use super::keys::Action;
use super::{Cx, Effect, Screen, Sel};
use crate::domain::{Division, DivisionCode, VillageType, pinyin};
use crate::i18n::ui::fill;
use crate::store::{StoreError, VillageRow};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortCol {
    Code,
    Name,
    Month,
    Quarter,
    Year,
    Overdue,
}

impl SortCol {
    pub const ALL: [SortCol; 6] = [
        SortCol::Code,
        SortCol::Name,
        SortCol::Month,
        SortCol::Quarter,
        SortCol::Year,
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
    /// The division listed (the path's last entry).
    scope: Division,
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
    /// The village list of `scope` (None when it is outside the user's
    /// scope), not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<Villages> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(Villages {
            path,
            scope: last,
            all: Vec::new(),
            shown: Vec::new(),
            sel: Sel::default(),
            sort: SortCol::Code,
            desc: false,
            type_filter: None,
            overdue_only: false,
            stale: true,
        })
    }

    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        self.all = cx.store.village_rows(&self.scope.code, cx.today)?;
        self.stale = false;
        self.refilter();
        Ok(())
    }

    /// Handle an action on the village list.
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
                Some(r) => Effect::Open(r.village.code.clone()),
                None => Effect::None,
            },
            Action::Back => Effect::Back,
            Action::SortNext => {
                self.sort = self.sort.next();
                // Rates and overdue read best from the highest first.
                self.desc = matches!(self.sort, SortCol::Overdue);
                self.refilter();
                Effect::None
            }
            Action::SortReverse => {
                self.desc = !self.desc;
                self.refilter();
                Effect::None
            }
            Action::FilterType => {
                self.type_filter = match self.type_filter {
                    None => VillageType::ALL.first().copied(),
                    Some(t) => {
                        let i = VillageType::ALL.iter().position(|x| *x == t).unwrap_or(0);
                        VillageType::ALL.get(i + 1).copied()
                    }
                };
                self.refilter();
                Effect::None
            }
            Action::FilterOverdue => {
                self.overdue_only = !self.overdue_only;
                self.refilter();
                Effect::None
            }
            Action::GuidanceScreen => Effect::Show(Screen::Guidance),
            Action::Export => Effect::Push(super::Popup::Export(Box::new(
                super::popup::ExportForm::new(self.export_scope(cx), cx),
            ))),
            Action::OverdueList => Effect::OverdueList(self.scope.code.clone()),
            Action::AllowanceScreen => Effect::Allowance,
            Action::TrainingScreen => Effect::Training(self.scope.code.clone()),
            Action::AttendanceGrid => Effect::Attendance(
                self.selected()
                    .map(|r| r.village.code.clone())
                    .unwrap_or_else(|| self.scope.code.clone()),
            ),
            Action::Unreported => Effect::Unreported(self.scope.code.clone()),
            Action::Assessment => Effect::Assessment(self.scope.code.clone()),
            Action::RecallLedger => Effect::RecallLedger(self.scope.code.clone()),
            Action::UnitsScreen => Effect::Units(self.scope.code.clone()),
            Action::TeamsScreen => Effect::Teams(self.scope.code.clone()),
            _ => Effect::None,
        }
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    /// What `E` exports: the division listed, and with a filter on, the
    /// villages it shows (the filter in words).
    pub fn export_scope(&self, cx: &Cx) -> super::export::ExportScope {
        let lang = cx.lang();
        let u = lang.ui();
        let mut words = Vec::new();
        if let Some(t) = self.type_filter {
            words.push(fill(u.filter_type, &[lang.village_type(t)]));
        }
        if self.overdue_only {
            words.push(fill(u.filter_overdue, &[u.yes]));
        }
        if words.is_empty() {
            return super::export::ExportScope::whole(self.scope.clone());
        }
        words.push(fill(u.count_of, &[&self.shown.len().to_string()]));
        super::export::ExportScope {
            division: self.scope.clone(),
            villages: Some(self.rows().map(|r| r.village.code.clone()).collect()),
            filter: Some(words.join(u.msg_sep)),
        }
    }

    /// Whether the list spans more than one township (county level and
    /// up), so each row names its township.
    pub fn spans_townships(&self) -> bool {
        self.scope.level() < crate::domain::Level::Township
    }

    pub fn selected(&self) -> Option<&VillageRow> {
        self.shown
            .get(self.sel.index)
            .and_then(|i| self.all.get(*i))
    }

    pub fn rows(&self) -> impl Iterator<Item = &VillageRow> {
        self.shown.iter().filter_map(|i| self.all.get(*i))
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
        // Names sort by full pinyin (domain::pinyin): keys made once here.
        let keys: Vec<String> = if self.sort == SortCol::Name {
            all.iter()
                .map(|r| pinyin::sort_key(&r.village.name))
                .collect()
        } else {
            Vec::new()
        };
        let rate = |p: &crate::store::Progress| p.rate().unwrap_or(-1.0);
        shown.sort_by(|a, b| {
            let (x, y) = (&all[*a], &all[*b]);
            let o = match self.sort {
                SortCol::Code => Ordering::Equal,
                SortCol::Name => keys[*a]
                    .cmp(&keys[*b])
                    .then_with(|| x.village.name.cmp(&y.village.name)),
                SortCol::Month => rate(&x.month).total_cmp(&rate(&y.month)),
                SortCol::Quarter => rate(&x.quarter).total_cmp(&rate(&y.quarter)),
                SortCol::Year => rate(&x.year).total_cmp(&rate(&y.year)),
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
