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
use crate::store::{GradeInput, Pool, PoolRow, Store, StoreError};

/// A grade key's write: it runs on the writer's connection, off the event
/// loop, like a record's (inline when the app has no writer), so a
/// colleague's long write holding the lock never stops the screen; the
/// result comes back as a [`GradeOutcome`].
#[derive(Debug, Clone)]
pub struct GradeJob {
    pub input: GradeInput,
    /// The cadre's name, for the message.
    pub name: String,
}

/// How a grade write ended: the pool's counts after it, or the refusal.
pub type GradeOutcome = Result<PoolCount, StoreError>;

/// Run a grade write on `store` (the app's or the writer's connection):
/// the store checks the quota and the recalled rule inside its transaction.
pub fn perform(store: &mut Store, job: &GradeJob) -> GradeOutcome {
    store.set_grade(&job.input)
}

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
    /// Grades keyed and not yet written (cadre, grade), oldest first.
    pub pending: Vec<(i64, Grade)>,
    /// On a received copy (no cadres, no grades): the county's counts as
    /// its prefecture pushed them, shown instead of the pool.
    pub reported: Option<crate::store::CountyGrades>,
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
            pending: Vec::new(),
            reported: None,
        })
    }

    fn pool(&self) -> Pool {
        Pool::County(self.county.code.clone())
    }

    /// The live counter: 优秀 given and the quota.
    pub fn counts(&self) -> PoolCount {
        if let Some(r) = &self.reported {
            return PoolCount {
                pool: r.pool,
                excellent: r.counts[0],
                pct: self.pct,
            };
        }
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
        if cx.me.read_only {
            // A received copy: the counts its prefecture pushed.
            self.reported = cx
                .store
                .grade_distribution(&self.county.code, self.year)?
                .into_iter()
                .next();
            // The prefecture's percentage, as pushed with the pool's size.
            self.pct = match &self.reported {
                Some(r) => r.pct,
                None => cx.store.excellent_quota_pct()?,
            };
            self.rows = Vec::new();
            self.stale = false;
            return Ok(());
        }
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

    /// Enter `grade` for the selected cadre: one write, asked of the
    /// writer; the row shows the grade as pending until it is done.
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
        self.pending.push((row.cadre, grade));
        Effect::Grade(GradeJob {
            input,
            name: row.name,
        })
    }

    /// The grade keyed for `cadre` and not yet written, if any (the latest).
    pub fn pending_grade(&self, cadre: i64) -> Option<Grade> {
        self.pending
            .iter()
            .rev()
            .find(|(c, _)| *c == cadre)
            .map(|(_, g)| *g)
    }

    /// A grade write finished: the row takes it (when this screen shows
    /// that pool and year), with the counter in the message; a refusal
    /// (over the quota, recalled) says so with the counts; a colleague's
    /// change in between reloads the pool and shows theirs.
    pub fn graded(&mut self, job: &GradeJob, outcome: GradeOutcome, cx: &mut Cx) -> Effect {
        let i = &job.input;
        if let Some(k) = self
            .pending
            .iter()
            .position(|(c, g)| *c == i.cadre && *g == i.grade)
        {
            self.pending.remove(k);
        }
        let here = i.pool == self.pool() && i.year == self.year;
        match outcome {
            Ok(_) => {
                if here && let Some(r) = self.rows.iter_mut().find(|r| r.cadre == i.cadre) {
                    r.grade = Some(i.grade);
                    // A reload may have shown the write already.
                    r.version = r.version.max(i.expected_version.unwrap_or(0) + 1);
                    r.body = Some(i.body.clone());
                }
                let lang = cx.lang();
                let t = lang.assess();
                let text = fill(t.graded, &[&job.name, &lang.grade(i.grade)]);
                if !here {
                    return Effect::Info(text);
                }
                let c = self.counts();
                Effect::Info(format!(
                    "{text} · {}",
                    fill(t.counter, &[&c.excellent, &c.quota()])
                ))
            }
            Err(e @ StoreError::Conflict { .. }) => {
                // Somebody changed it meanwhile: show theirs.
                let reload = if here { self.load(cx) } else { Ok(()) };
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
