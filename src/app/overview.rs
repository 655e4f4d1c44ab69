//! The overview (总览): the divisions one level below the current scope,
//! this month's prompts and this quarter's guidance, a 12-month trend.

use super::{App, Screen, Sel};
use crate::app::keys::Action;
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
    pub rows: Vec<ChildRow>,
    pub sel: Sel,
    /// The shown division itself.
    pub total: Option<ChildRow>,
    pub prompts: Vec<Guidance>,
    pub points: Vec<Guidance>,
    /// Completion rate of the last 12 months, oldest first.
    pub trend: Vec<(Period, Option<f64>)>,
}

impl Overview {
    pub fn new(scope: Division) -> Overview {
        Overview {
            path: vec![scope],
            rows: Vec::new(),
            sel: Sel::default(),
            total: None,
            prompts: Vec::new(),
            points: Vec::new(),
            trend: Vec::new(),
        }
    }

    #[allow(clippy::expect_used)] // TODO(merge): owned by arch-app
    pub fn scope(&self) -> &Division {
        self.path
            .last()
            .expect("the path starts at the user's scope")
    }

    pub fn selected(&self) -> Option<&ChildRow> {
        self.rows.get(self.sel.index)
    }
}

impl App {
    pub fn month(&self) -> Period {
        Period::containing(PeriodKind::Month, self.today)
    }

    pub fn quarter(&self) -> Period {
        Period::containing(PeriodKind::Quarter, self.today)
    }

    pub fn year(&self) -> Period {
        Period::containing(PeriodKind::Year, self.today)
    }

    /// (Re)load the overview of the last division in its path, keeping the
    /// selected child if it is still there.
    pub fn load_overview(&mut self) -> Result<(), StoreError> {
        let scope = self.overview.scope().clone();
        let (month, quarter, year) = (self.month(), self.quarter(), self.year());
        let m = self.store.rollup(&scope.code, month)?;
        let q = self.store.rollup(&scope.code, quarter)?;
        let y = self.store.rollup(&scope.code, year)?;
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
            villages: self.store.village_count(&scope.code)?,
            month: self.store.progress(&scope.code, month)?,
            quarter: self.store.progress(&scope.code, quarter)?,
            year: self.store.progress(&scope.code, year)?,
            division: scope.clone(),
        };
        let mut trend = Vec::with_capacity(12);
        let mut p = month;
        for _ in 0..12 {
            trend.push((p, self.store.progress(&scope.code, p)?.rate()));
            p = p.prev();
        }
        trend.reverse();
        let prompts = self.store.guidance_for(&scope.code, month)?;
        let points = self.store.guidance_for(&scope.code, quarter)?;
        let keep = self.overview.selected().map(|r| r.division.code.clone());
        let ov = &mut self.overview;
        ov.rows = rows;
        ov.total = Some(total);
        ov.trend = trend;
        ov.prompts = prompts;
        ov.points = points;
        if let Some(code) = keep
            && let Some(i) = ov.rows.iter().position(|r| r.division.code == code)
        {
            ov.sel.index = i;
        }
        ov.sel.clamp(ov.rows.len());
        Ok(())
    }

    #[allow(clippy::expect_used)] // TODO(merge): owned by arch-app
    pub(super) fn overview_action(&mut self, action: Action) -> Result<(), StoreError> {
        if self.overview.sel.apply(action, self.overview.rows.len()) {
            return Ok(());
        }
        match action {
            Action::Open => {
                let Some(row) = self.overview.selected() else {
                    return Ok(());
                };
                let d = row.division.clone();
                match d.level() {
                    Level::Village => self.open_checklist(&d.code)?,
                    Level::Township => self.open_villages(&d.code)?,
                    _ => {
                        self.overview.path.push(d);
                        self.overview.sel = Sel::default();
                        self.load_overview()?;
                    }
                }
            }
            Action::Back if self.overview.path.len() > 1 => {
                let left = self.overview.path.pop().expect("len > 1");
                self.overview.sel = Sel::default();
                self.load_overview()?;
                if let Some(i) = self
                    .overview
                    .rows
                    .iter()
                    .position(|r| r.division.code == left.code)
                {
                    self.overview.sel.index = i;
                }
            }
            Action::VillageList => {
                let code = self.overview.scope().code.clone();
                self.open_villages(&code)?;
            }
            Action::GuidanceScreen => self.show(Screen::Guidance)?,
            _ => {}
        }
        Ok(())
    }

    /// Show the overview of `code` (a county or above, within scope).
    pub fn open_overview(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        let path = self.path_to(code);
        if path.is_empty() {
            return Ok(());
        }
        self.overview.path = path;
        self.overview.sel = Sel::default();
        self.load_overview()?;
        self.go(Screen::Overview);
        Ok(())
    }
}
