//! 请销假: the leave requests of the user's scope, pending first, then by
//! first day and village code (never by a person's figures). Whoever
//! approves decides here: approve, refuse with a reason (a text popup that
//! keeps its text when the write fails), record the return (销假, today).
//! Opening the list writes the overruns due (leave past its end without
//! 销假 becomes 未在岗).

use super::input::TextInput;
use super::keys::Action;
use super::{Cx, Effect, Popup, Sel};
use crate::domain::leave::LeaveState;
use crate::store::{LeaveRow, StoreError};

/// The longest refusal reason typed in the popup.
pub const REFUSAL_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct LeaveQueue {
    pub rows: Vec<LeaveRow>,
    pub sel: Sel,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl LeaveQueue {
    pub fn selected(&self) -> Option<&LeaveRow> {
        self.rows.get(self.sel.index)
    }

    /// Pending requests, and of those the ones this user may decide.
    pub fn pending(&self) -> (usize, usize) {
        let p = self.rows.iter().filter(|r| r.state == LeaveState::Pending);
        let all = p.clone().count();
        (all, p.filter(|r| r.decidable).count())
    }

    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|r| r.id);
        self.rows = cx.store.open_leave_queue()?;
        self.sel.index = keep
            .and_then(|id| self.rows.iter().position(|r| r.id == id))
            .unwrap_or(0);
        self.sel.clamp(self.rows.len());
        self.stale = false;
        Ok(())
    }

    /// Handle an action on the list.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if self.sel.apply(action, self.rows.len()) {
            return Effect::None;
        }
        let w = cx.lang().leave_words();
        let Some(r) = self.selected().cloned() else {
            return match action {
                Action::Back => Effect::Back,
                _ => Effect::None,
            };
        };
        let done = |msg: &str| Effect::Wrote(Some(format!("{} {msg}", r.id)));
        match action {
            Action::Back => Effect::Back,
            Action::ApproveLeave if !r.decidable => Effect::Info(w.not_yours.into()),
            Action::ApproveLeave => Effect::of(
                cx.store
                    .approve_leave(r.id, Some(r.version))
                    .map(|()| done(w.approved)),
            ),
            Action::RefuseLeave if !r.decidable => Effect::Info(w.not_yours.into()),
            Action::RefuseLeave => Effect::Push(Popup::LeaveRefusal {
                id: r.id,
                version: r.version,
                input: TextInput::new("", REFUSAL_MAX_CHARS),
            }),
            Action::RecordReturn => Effect::of(
                cx.store
                    .record_return(r.id, Some(r.version), cx.today)
                    .map(|()| done(w.returned)),
            ),
            _ => Effect::None,
        }
    }
}

/// Enter in the refusal popup: refuse with its text; on failure the popup
/// stays, with what was typed.
pub fn submit_refusal(cx: &mut Cx, id: i64, version: i64, text: &str) -> Effect {
    let w = cx.lang().leave_words();
    match cx.store.refuse_leave(id, Some(version), text) {
        Ok(()) => Effect::Many(vec![
            Effect::Pop,
            Effect::Wrote(Some(format!("{id} {}", w.refused))),
        ]),
        Err(e) => Effect::Fail(e),
    }
}
