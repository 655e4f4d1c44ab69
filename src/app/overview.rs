//! The overview (总览): the divisions one level below the current scope,
//! this month's prompts and this quarter's guidance, a 12-month trend.

use super::keys::Action;
use super::{Cx, Effect, Screen, Sel};
use crate::domain::{Division, DivisionCode, Guidance, Level, Period, PeriodKind};
use crate::store::{Progress, StoreError};

/// One child division with its progress.
#[derive(Debug, Clone)]
pub struct ChildRow {
    pub division: Division,
    pub villages: u32,
    pub month: Progress,
    pub quarter: Progress,
    pub year: Progress,
}

#[derive(Debug, Clone)]
pub struct Overview {
    /// From the user's scope down to the division shown.
    pub path: Vec<Division>,
    /// The user's scope (the path's first entry).
    root: Division,
    pub rows: Vec<ChildRow>,
    pub sel: Sel,
    /// The shown division itself.
    pub total: Option<ChildRow>,
    pub prompts: Vec<Guidance>,
    pub points: Vec<Guidance>,
    /// Completion rate of the last 12 months, oldest first.
    pub trend: Vec<(Period, Option<f64>)>,
    /// On a received copy (a province's database): the last pull of each
    /// prefecture in the scope shown; empty elsewhere.
    pub received: Vec<crate::store::Received>,
}

impl Overview {
    pub fn new(scope: Division) -> Overview {
        Overview {
            path: vec![scope.clone()],
            root: scope,
            rows: Vec::new(),
            sel: Sel::default(),
            total: None,
            prompts: Vec::new(),
            points: Vec::new(),
            trend: Vec::new(),
            received: Vec::new(),
        }
    }

    /// "只读 · 数据截至 …（上次接收）" on a received copy; None elsewhere.
    pub fn as_of(&self, lang: crate::i18n::Lang) -> Option<String> {
        let u = lang.ui();
        // Applied times are "YYYY-MM-DD HH:MM" (store::Received).
        let short = |at: &str| at.chars().take(16).collect::<String>();
        let first = self.received.iter().map(|r| r.at.as_str()).min()?;
        let last = self.received.iter().map(|r| r.at.as_str()).max()?;
        Some(if self.received.len() == 1 {
            crate::i18n::ui::fill(u.as_of_one, &[&short(first)])
        } else {
            crate::i18n::ui::fill(
                u.as_of_many,
                &[
                    &short(first),
                    &short(last),
                    &self.received.len().to_string(),
                ],
            )
        })
    }

    pub fn scope(&self) -> &Division {
        self.path.last().unwrap_or(&self.root)
    }

    pub fn selected(&self) -> Option<&ChildRow> {
        self.rows.get(self.sel.index)
    }

    /// (Re)load the overview of the last division in its path, keeping the
    /// selected child if it is still there.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let scope = self.scope().clone();
        let month = cx.month();
        let (quarter, year) = (
            month.with_kind(PeriodKind::Quarter),
            month.with_kind(PeriodKind::Year),
        );
        let store = &*cx.store;
        let m = store.rollup(&scope.code, month)?;
        let q = store.rollup(&scope.code, quarter)?;
        let y = store.rollup(&scope.code, year)?;
        let rows: Vec<ChildRow> = m
            .into_iter()
            .zip(q)
            .zip(y)
            .map(|(((d, villages, mp), (_, _, qp)), (_, _, yp))| ChildRow {
                division: d,
                villages,
                month: mp,
                quarter: qp,
                year: yp,
            })
            .collect();
        let total = ChildRow {
            villages: store.village_count(&scope.code)?,
            month: store.progress(&scope.code, month)?,
            quarter: store.progress(&scope.code, quarter)?,
            year: store.progress(&scope.code, year)?,
            division: scope.clone(),
        };
        let mut trend = Vec::with_capacity(12);
        let mut p = month;
        // Months before the tracking start are not in the trend (not 0 %).
        let limits = store.record_limits();
        for _ in 0..12 {
            if !limits.tracks(p) {
                break;
            }
            trend.push((p, store.progress(&scope.code, p)?.rate()));
            p = p.prev();
        }
        trend.reverse();
        self.received = store.received_for(&scope.code)?;
        self.prompts = store.guidance_for(&scope.code, month)?;
        self.points = store.guidance_for(&scope.code, quarter)?;
        let keep = self.selected().map(|r| r.division.code.clone());
        self.rows = rows;
        self.total = Some(total);
        self.trend = trend;
        if let Some(code) = keep {
            self.select(&code);
        }
        self.sel.clamp(self.rows.len());
        Ok(())
    }

    fn select(&mut self, code: &DivisionCode) {
        if let Some(i) = self.rows.iter().position(|r| r.division.code == *code) {
            self.sel.index = i;
        }
    }

    /// Show the overview of `code` (within scope); false if it is not.
    pub fn show(&mut self, code: &DivisionCode, cx: &mut Cx) -> Result<bool, StoreError> {
        let path = cx.path_to(code);
        if path.is_empty() {
            return Ok(false);
        }
        self.path = path;
        self.sel = Sel::default();
        self.load(cx)?;
        Ok(true)
    }

    /// Whether `action` does something here (for the hints): no Back at
    /// the top.
    pub fn offers(&self, action: Action) -> bool {
        action != Action::Back || self.path.len() > 1
    }

    /// Handle an action on the overview.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.sel.apply(action, self.rows.len()) {
            return Effect::None;
        }
        match action {
            Action::Open => {
                let Some(d) = self.selected().map(|r| r.division.clone()) else {
                    return Effect::None;
                };
                if matches!(d.level(), Level::Village | Level::Township) {
                    return Effect::Open(d.code);
                }
                self.path.push(d);
                self.sel = Sel::default();
                Effect::of(self.load(cx).map(|()| Effect::None))
            }
            Action::Back if self.path.len() > 1 => {
                let Some(left) = self.path.pop() else {
                    return Effect::None;
                };
                self.sel = Sel::default();
                let r = self.load(cx);
                self.select(&left.code);
                Effect::of(r.map(|()| Effect::None))
            }
            Action::VillageList => Effect::OpenVillages(self.scope().code.clone()),
            Action::GuidanceScreen => Effect::Show(Screen::Guidance),
            Action::Export => {
                let what = super::export::ExportScope::whole(self.scope().clone());
                Effect::Push(super::Popup::Export(Box::new(
                    super::popup::ExportForm::new(what, cx),
                )))
            }
            Action::OverdueList => Effect::OverdueList(self.scope().code.clone()),
            Action::AllowanceScreen => Effect::Allowance,
            Action::TrainingScreen => Effect::Training(self.scope().code.clone()),
            Action::AttendanceGrid => Effect::Attendance(
                self.selected()
                    .map(|r| r.division.code.clone())
                    .filter(|c| {
                        matches!(
                            c.level(),
                            crate::domain::Level::Township | crate::domain::Level::Village
                        )
                    })
                    .unwrap_or_else(|| self.scope().code.clone()),
            ),
            Action::Unreported => Effect::Unreported(self.scope().code.clone()),
            // Above a county: the county selected.
            Action::Assessment => match self.selected() {
                Some(r) if self.scope().level() < Level::County => {
                    Effect::Assessment(r.division.code.clone())
                }
                _ => Effect::Assessment(self.scope().code.clone()),
            },
            Action::RecallLedger => Effect::RecallLedger(self.scope().code.clone()),
            Action::UnitsScreen => Effect::Units(self.scope().code.clone()),
            Action::TeamsScreen => Effect::Teams(self.scope().code.clone()),
            _ => Effect::None,
        }
    }
}
