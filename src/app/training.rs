//! 培训: the sessions a division's cadres go to in a year (`[` `]` move
//! the year); Enter opens a session's attendance list, where `c` marks the
//! selected cadre 参训, `l` 请假, `x` 缺席 and `A` everybody 参训 (each
//! mark writes the session's days into the attendance grid, store::training);
//! `v` switches between the sessions, each cadre's hours against the target
//! and the 未参训名单 (by village code, then name: never by hours).

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::training::Mark;
use crate::domain::{Division, DivisionCode};
use crate::i18n::ui::fill;
use crate::store::{CadreYear, MarkInput, RosterRow, Session, StoreError, TrainingSettings};
use chrono::Datelike;

/// What the screen lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingMode {
    Sessions,
    /// The attendance list of one session (its id).
    Roster(i64),
    Hours,
    Untrained,
}

#[derive(Debug, Clone)]
pub struct TrainingView {
    pub path: Vec<Division>,
    scope: Division,
    pub year: i32,
    pub mode: TrainingMode,
    pub sessions: Vec<Session>,
    pub roster: Vec<RosterRow>,
    pub cadres: Vec<CadreYear>,
    pub settings: TrainingSettings,
    pub sel: Sel,
    /// The session list's selection, kept while a roster is open.
    session_sel: Sel,
    pub stale: bool,
}

impl TrainingView {
    /// The training screen of `scope` for this year, not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<TrainingView> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(TrainingView {
            path,
            scope: last,
            year: cx.today.year(),
            mode: TrainingMode::Sessions,
            sessions: Vec::new(),
            roster: Vec::new(),
            cadres: Vec::new(),
            settings: TrainingSettings {
                target_hours: crate::domain::training::DEFAULT_TARGET_HOURS,
                new_cadre_days: crate::domain::training::DEFAULT_NEW_CADRE_DAYS,
            },
            sel: Sel::default(),
            session_sel: Sel::default(),
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    /// The session whose roster is open, or the selected one.
    pub fn session(&self) -> Option<&Session> {
        match self.mode {
            TrainingMode::Roster(id) => self.sessions.iter().find(|s| s.id == id),
            _ => self.sessions.get(self.session_sel.index),
        }
    }

    /// The rows of what is listed.
    pub fn len(&self) -> usize {
        match self.mode {
            TrainingMode::Sessions => self.sessions.len(),
            TrainingMode::Roster(_) => self.roster.len(),
            TrainingMode::Hours => self.cadres.len(),
            TrainingMode::Untrained => self.untrained().count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The 未参训名单 (of the cadres loaded).
    pub fn untrained(&self) -> impl Iterator<Item = &CadreYear> {
        self.cadres.iter().filter(|c| c.training.untrained())
    }

    /// (Re)load what is listed.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let store = &*cx.store;
        self.settings = store.training_settings()?;
        self.sessions = store.training_sessions(&self.scope.code, self.year)?;
        match self.mode {
            TrainingMode::Sessions => self.session_sel.clamp(self.sessions.len()),
            TrainingMode::Roster(id) => {
                self.roster = store.training_roster_in(id, &self.scope.code)?;
            }
            TrainingMode::Hours | TrainingMode::Untrained => {
                self.cadres = store.training_year(&self.scope.code, self.year)?;
            }
        }
        self.stale = false;
        self.sel.clamp(self.len());
        Ok(())
    }

    fn switch(&mut self, mode: TrainingMode, cx: &mut Cx) -> Effect {
        if self.mode == TrainingMode::Sessions {
            self.session_sel = self.sel.clone();
        }
        self.mode = mode;
        self.sel = if mode == TrainingMode::Sessions {
            self.session_sel.clone()
        } else {
            Sel::default()
        };
        Effect::of(self.load(cx).map(|()| Effect::None))
    }

    fn mark(&mut self, mark: Mark, all: bool, cx: &mut Cx) -> Effect {
        let TrainingMode::Roster(id) = self.mode else {
            return Effect::None;
        };
        let cadres: Vec<i64> = if all {
            self.roster.iter().map(|r| r.cadre).collect()
        } else {
            self.roster
                .get(self.sel.index)
                .map(|r| r.cadre)
                .into_iter()
                .collect()
        };
        if cadres.is_empty() {
            return Effect::None;
        }
        let marks: Vec<MarkInput> = cadres
            .into_iter()
            .map(|cadre| MarkInput {
                cadre,
                mark,
                hours: None,
            })
            .collect();
        match cx.store.mark_training(id, &marks) {
            Ok(o) => {
                if !all {
                    self.sel.index = (self.sel.index + 1).min(self.roster.len().saturating_sub(1));
                }
                let n = [o.marked, o.days, o.conflicts].map(|n| n.to_string());
                Effect::Wrote(Some(fill(
                    cx.lang().training().marked,
                    &[&n[0], &n[1], &n[2]],
                )))
            }
            Err(e) => Effect::Fail(e),
        }
    }

    /// Whether `action` does something here (the footer lists only those):
    /// marks on an attendance list only.
    pub fn offers(&self, action: Action) -> bool {
        let marking = matches!(
            action,
            Action::MarkAttended | Action::MarkLeave | Action::MarkAbsent | Action::MarkAllAttended
        );
        !marking || matches!(self.mode, TrainingMode::Roster(_))
    }

    /// Handle an action on the training screen.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.len()) {
            return Effect::None;
        }
        match action {
            Action::Open if self.mode == TrainingMode::Sessions => {
                match self.sessions.get(self.sel.index) {
                    Some(s) => {
                        let id = s.id;
                        self.switch(TrainingMode::Roster(id), cx)
                    }
                    None => Effect::None,
                }
            }
            Action::Back if self.mode == TrainingMode::Sessions => Effect::Back,
            Action::Back => self.switch(TrainingMode::Sessions, cx),
            Action::PrevPeriod | Action::NextPeriod => {
                let next = self.year + if action == Action::NextPeriod { 1 } else { -1 };
                if next > cx.today.year() {
                    return Effect::Info(cx.lang().weekly().msg_future.to_string());
                }
                self.year = next;
                self.session_sel = Sel::default();
                let mode = match self.mode {
                    TrainingMode::Roster(_) => TrainingMode::Sessions,
                    m => m,
                };
                self.switch(mode, cx)
            }
            Action::TrainingView => {
                let next = match self.mode {
                    TrainingMode::Sessions | TrainingMode::Roster(_) => TrainingMode::Hours,
                    TrainingMode::Hours => TrainingMode::Untrained,
                    TrainingMode::Untrained => TrainingMode::Sessions,
                };
                self.switch(next, cx)
            }
            Action::MarkAttended => self.mark(Mark::Attended, false, cx),
            Action::MarkLeave => self.mark(Mark::Leave, false, cx),
            Action::MarkAbsent => self.mark(Mark::Absent, false, cx),
            Action::MarkAllAttended => self.mark(Mark::Attended, true, cx),
            _ => Effect::None,
        }
    }
}
