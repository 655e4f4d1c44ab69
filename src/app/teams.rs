//! 工作队: every village of a division (by code) with its 1+2+N on today,
//! its shortfalls, open handover gap and postings at two years, all from
//! `domain::posting`. `f` shows the villages with a gap only; a village
//! with a gap shows match hints (never an assignment). Enter opens the
//! village's team popup (its postings and their history).

use super::keys::Action;
use super::{Cx, Effect, Popup, Sel};
use crate::domain::{Division, DivisionCode, VillageType};
use crate::store::{StoreError, TeamRow};

#[derive(Debug, Clone)]
pub struct TeamsView {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    /// Every village of the scope.
    all: Vec<TeamRow>,
    /// Only the villages with a gap.
    pub gaps_only: bool,
    pub sel: Sel,
    /// Data changed while the screen was not visible.
    pub stale: bool,
}

impl TeamsView {
    /// The 工作队 tab of `scope` (None when outside the user's scope), not
    /// loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<TeamsView> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(TeamsView {
            path,
            scope: last,
            all: Vec::new(),
            gaps_only: false,
            sel: Sel::default(),
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    /// The villages shown, by division code.
    pub fn rows(&self) -> Vec<&TeamRow> {
        self.all
            .iter()
            .filter(|r| !self.gaps_only || r.has_gap())
            .collect()
    }

    /// All villages of the scope and how many have a gap.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.all.len(),
            self.all.iter().filter(|r| r.has_gap()).count(),
        )
    }

    pub fn selected(&self) -> Option<&TeamRow> {
        self.rows().get(self.sel.index).copied()
    }

    /// (Re)load, keeping the selected village selected.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|r| r.code.clone());
        self.all = cx.store.team_rows(&self.scope.code, cx.today)?;
        self.stale = false;
        self.reselect(keep);
        Ok(())
    }

    fn reselect(&mut self, keep: Option<DivisionCode>) {
        if let Some(c) = keep
            && let Some(i) = self.rows().iter().position(|r| r.code == c)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.rows().len());
    }

    /// Handle an action on the 工作队 tab.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.rows().len()) {
            return Effect::None;
        }
        match action {
            Action::Open => {
                let Some(r) = self.selected() else {
                    return Effect::None;
                };
                let weak_party = r.types.contains(&VillageType::WeakParty);
                match cx.store.postings(&r.code) {
                    Ok(postings) => Effect::Push(Popup::Team {
                        sel: Sel::default(),
                        postings,
                        weak_party,
                    }),
                    Err(e) => Effect::Fail(e),
                }
            }
            Action::FilterGaps => {
                let keep = self.selected().map(|r| r.code.clone());
                self.gaps_only = !self.gaps_only;
                self.sel = Sel::default();
                self.reselect(keep);
                Effect::None
            }
            Action::Back => Effect::Back,
            _ => Effect::None,
        }
    }
}
