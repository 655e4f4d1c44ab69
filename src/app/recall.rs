//! 召回台账: a division's recall cases by stage (then village code, then
//! the day opened: never by a person's figures), the counts by stage, the
//! open automatic leads and the days each village waits for its
//! replacement. Enter shows the selected case's incidents and history.

use super::keys::Action;
use super::{Cx, Effect, Sel};
use crate::domain::recall::{Stage, StepNeed};
use crate::domain::{Division, DivisionCode};
use crate::i18n::ui::fill;
use crate::store::{AuditRow, Incident, Ledger, RecallCase, StepRequest, StoreError};

/// What Enter shows under the list for one case.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: i64,
    pub incidents: Vec<Incident>,
    pub history: Vec<AuditRow>,
}

#[derive(Debug, Clone)]
pub struct RecallView {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    pub ledger: Option<Ledger>,
    pub sel: Sel,
    pub detail: Option<CaseDetail>,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl RecallView {
    /// The ledger of `scope` (None when it is outside the user's scope),
    /// not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<RecallView> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(RecallView {
            path,
            scope: last,
            ledger: None,
            sel: Sel::default(),
            detail: None,
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    pub fn cases(&self) -> &[RecallCase] {
        self.ledger.as_ref().map_or(&[], |l| l.cases.as_slice())
    }

    pub fn selected(&self) -> Option<&RecallCase> {
        self.cases().get(self.sel.index)
    }

    /// (Re)load, keeping the selected case selected.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|c| c.id);
        self.ledger = Some(cx.store.recall_ledger(&self.scope.code)?);
        self.stale = false;
        if let Some(id) = keep
            && let Some(i) = self.cases().iter().position(|c| c.id == id)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.cases().len());
        if let Some(d) = &self.detail {
            let id = d.case;
            self.detail = None;
            if self.selected().is_some_and(|c| c.id == id) {
                self.show_detail(cx)?;
            }
        }
        Ok(())
    }

    fn show_detail(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let Some(c) = self.selected() else {
            return Ok(());
        };
        let (id, cadre, record) = (c.id, c.cadre, c.record());
        self.detail = Some(CaseDetail {
            case: id,
            incidents: cx.store.incidents_of(cadre)?,
            history: cx.store.history(&record)?,
        });
        Ok(())
    }

    /// Take a step on the selected case, against the version shown. A step
    /// that needs typed input (决定, 补派) says which command takes it.
    fn step(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let Some(c) = self.selected() else {
            return Effect::None;
        };
        let lang = cx.lang();
        let to = if action == Action::RecallTalk {
            Stage::Talk
        } else {
            match c.stage.next() {
                Some(s) => s,
                None => Stage::Closed,
            }
        };
        if to.needs() != StepNeed::Nothing {
            let cmd = match to.needs() {
                StepNeed::DocNo => format!("zhucun recall advance {} --doc-no ...", c.id),
                _ => format!("zhucun recall advance {} --name ... --unit ...", c.id),
            };
            return Effect::Info(fill(lang.recall().step_needs_cli, &[lang.stage(to), &cmd]));
        }
        let req = StepRequest {
            case: c.id,
            to,
            on: None,
            doc_no: None,
            replacement: None,
            note: None,
            expected_version: Some(c.version),
        };
        match cx.store.advance_case(&req) {
            Ok(after) => Effect::Wrote(Some(fill(
                lang.recall().advanced,
                &[&after.id.to_string(), lang.stage(after.stage)],
            ))),
            Err(e) => Effect::Fail(e),
        }
    }

    /// Handle an action on the ledger.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        let before = self.sel.index;
        if self.sel.apply(action, self.cases().len()) {
            if self.sel.index != before {
                self.detail = None;
            }
            return Effect::None;
        }
        match action {
            Action::Open => {
                if self.detail.is_some() {
                    self.detail = None;
                    return Effect::None;
                }
                Effect::of(self.show_detail(cx).map(|()| Effect::None))
            }
            Action::Back if self.detail.is_some() => {
                self.detail = None;
                Effect::None
            }
            Action::Back => Effect::Back,
            Action::RecallNext | Action::RecallTalk => self.step(action, cx),
            _ => Effect::None,
        }
    }
}
