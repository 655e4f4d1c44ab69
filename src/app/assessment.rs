//! 年度考核: a county's pool of cadres for a year, by village code then
//! name, with their attendance summary, recall flag, training hours and the
//! attendance suggestion beside the grade; one key per grade, the 优秀
//! counter always shown, a refusal (over the quota, recalled) in the
//! status line with the counts. `[` and `]` move the year.

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::assessment::{self as rules, Grade, PoolCount};
use crate::domain::{Division, DivisionCode, Level};
use crate::i18n::assessment::fill;
use crate::store::{GradeInput, Pool, PoolRow, StoreError};

#[derive(Debug, Clone)]
pub struct Assessment {
    /// From the user's scope down to the county.
    pub path: Vec<Division>,
    pub county: Division,
    pub year: i32,
    pub rows: Vec<PoolRow>,
    /// The quota percentage in force when loaded.
    pub pct: u32,
    pub sel: Sel,
    /// Data changed while the screen was not visible.
    pub stale: bool,
}

/// The grade a key enters.
pub fn grade_of(action: Action) -> Option<Grade> {
    match action {
        Action::GradeExcellent => Some(Grade::Excellent),
        Action::GradeCompetent => Some(Grade::Competent),
        Action::GradeBasic => Some(Grade::Basic),
        Action::GradeIncompetent => Some(Grade::Incompetent),
        _ => None,
    }
}

impl Assessment {
    /// The assessment of the county `scope` is in (None above a county, or
    /// outside the user's scope), not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<Assessment> {
        if scope.level() < Level::County {
            return None;
        }
        let county = DivisionCode::parse(scope.as_str().get(..6)?).ok()?;
        let path = cx.path_to(&county);
        let path = if path.is_empty() {
            vec![cx.division(&county)?]
        } else {
            path
        };
        let county = path.last()?.clone();
        Some(Assessment {
            path,
            county,
            year: rules::assessment_year(cx.today),
            rows: Vec::new(),
            pct: rules::DEFAULT_EXCELLENT_QUOTA_PCT,
            sel: Sel::default(),
            stale: true,
        })
    }

    fn pool(&self) -> Pool {
        Pool::County(self.county.code.clone())
    }

    /// The live counter: 优秀 given and the quota.
    pub fn counts(&self) -> PoolCount {
        PoolCount {
            pool: self.rows.len() as u32,
            excellent: self
                .rows
                .iter()
                .filter(|r| r.grade == Some(Grade::Excellent))
                .count() as u32,
            pct: self.pct,
        }
    }

    pub fn selected(&self) -> Option<&PoolRow> {
        self.rows.get(self.sel.index)
    }

    /// (Re)load the pool, keeping the selected cadre selected.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|r| r.cadre);
        let view = cx.store.assessment_pool(&self.pool(), self.year)?;
        self.rows = view.rows;
        self.pct = view.pct;
        self.stale = false;
        if let Some(c) = keep
            && let Some(i) = self.rows.iter().position(|r| r.cadre == c)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.rows.len());
        Ok(())
    }

    /// Enter `grade` for the selected cadre (one write; the store checks
    /// the quota and the recalled rule inside it).
    fn grade(&mut self, grade: Grade, cx: &mut Cx) -> Effect {
        let Some(row) = self.selected().cloned() else {
            return Effect::None;
        };
        let input = GradeInput {
            cadre: row.cadre,
            year: self.year,
            grade,
            pool: self.pool(),
            body: self.county.name.clone(),
            assessed_on: cx.today,
            basis: String::new(),
            expected_version: Some(row.version),
        };
        match cx.store.set_grade(&input) {
            Ok(_) => {
                if let Some(r) = self.rows.get_mut(self.sel.index) {
                    r.grade = Some(grade);
                    r.version += 1;
                    r.body = Some(input.body.clone());
                }
                let lang = cx.lang();
                let t = lang.assess();
                let c = self.counts();
                Effect::Info(format!(
                    "{} · {}",
                    fill(t.graded, &[&row.name, &lang.grade(grade)]),
                    fill(t.counter, &[&c.excellent, &c.quota()])
                ))
            }
            Err(e @ StoreError::Conflict { .. }) => {
                // Somebody changed it meanwhile: show theirs.
                let reload = self.load(cx);
                Effect::Many(vec![
                    Effect::Fail(e),
                    Effect::of(reload.map(|()| Effect::None)),
                ])
            }
            Err(e) => Effect::Fail(e),
        }
    }

    /// Handle an action on the assessment screen.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.rows.len()) {
            return Effect::None;
        }
        if let Some(g) = grade_of(action) {
            return self.grade(g, cx);
        }
        match action {
            Action::Back => Effect::Back,
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::PrevPeriod {
                    self.year - 1
                } else {
                    self.year + 1
                };
                if next > chrono::Datelike::year(&cx.today) {
                    return Effect::Info(cx.lang().weekly().msg_future.to_string());
                }
                self.year = next;
                self.sel = Sel::default();
                Effect::of(self.load(cx).map(|()| Effect::None))
            }
            _ => Effect::None,
        }
    }
}
