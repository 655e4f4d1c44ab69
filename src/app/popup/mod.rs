//! Popups (a stack over the screens): help, search, status menu, note
//! editor, draft offer, conflict, task detail, team, full text, the
//! guidance form and confirmations. Each popup handles its own actions
//! (`Popup::update`) and says what should happen next as an [`Effect`].

pub mod entry;
pub mod export_form;
pub mod form;
pub mod record;

use super::input::TextInput;
use super::keys::{Action, Ctx};
use super::{Cx, Effect, Sel};
use crate::domain::text::NOTE_MAX_CHARS;
use crate::domain::{Division, DivisionCode, Level, Period, Status};
use crate::store::{AuditRow, Completion, Draft, PeriodRecord, RecordInput};
pub use entry::EntryForm;
pub use export_form::ExportForm;
pub use form::{GuidanceForm, Publish};
pub use record::WriteKind;

/// The record a popup acts on, with the version that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub village: DivisionCode,
    pub task: u32,
    pub period: Period,
    pub version: i64,
    pub status: Status,
    pub note: String,
}

/// One search result with the names above it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub division: Division,
    /// Names from below the user's scope down to the parent.
    pub parents: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Popup {
    Help {
        /// The context the help was opened from (listed first).
        about: Ctx,
        sel: Sel,
    },
    Search {
        input: TextInput,
        hits: Vec<Hit>,
        sel: Sel,
    },
    StatusMenu {
        target: Target,
        sel: Sel,
    },
    Note {
        target: Target,
        input: TextInput,
    },
    DraftOffer {
        target: Target,
        draft: Draft,
        sel: Sel,
    },
    Conflict {
        pending: RecordInput,
        kind: WriteKind,
        theirs: Option<Completion>,
        sel: Sel,
    },
    Detail {
        target: Target,
        history: Vec<AuditRow>,
        record: Option<Completion>,
        /// The task's records over its last periods, newest first.
        periods: Vec<PeriodRecord>,
        sel: Sel,
    },
    Team {
        sel: Sel,
        /// The village's postings, in post first (its history after).
        postings: Vec<crate::store::Posting>,
        /// A 软弱涣散村 must have a first secretary.
        weak_party: bool,
    },
    /// Full text of one guidance point or prompt.
    Reader {
        id: i64,
        sel: Sel,
    },
    Form(Box<GuidanceForm>),
    /// Where and which period to export (`E`).
    Export(Box<ExportForm>),
    ConfirmDelete {
        id: i64,
        title: String,
    },
    /// Delete a training session (培训 `d`), its marks and grid days?
    ConfirmDeleteSession {
        id: i64,
        title: String,
    },
    /// Publish the guidance form (over it)? Names the scope and reach.
    ConfirmPublish(Box<Publish>),
    /// Discard what was typed in the guidance form or an entry form (over
    /// it)? A menu whose first choice, and Esc, keep editing: a hurried
    /// Enter loses nothing.
    ConfirmDiscard {
        sel: Sel,
        /// Over the guidance form (discarding also forgets its draft file).
        guidance: bool,
    },
    /// A typed entry form (请假, 召回, 培训班, a unit's list or plan).
    Entry(Box<EntryForm>),
    /// Why a leave is refused (请销假 `x`): kept as typed if the write fails.
    LeaveRefusal {
        id: i64,
        version: i64,
        input: TextInput,
    },
}

impl Popup {
    pub fn ctx(&self) -> Ctx {
        match self {
            Popup::Help { .. }
            | Popup::Detail { .. }
            | Popup::Team { .. }
            | Popup::Reader { .. } => Ctx::Popup,
            Popup::StatusMenu { .. }
            | Popup::DraftOffer { .. }
            | Popup::Conflict { .. }
            | Popup::ConfirmDiscard { .. } => Ctx::Menu,
            Popup::Search { .. }
            | Popup::Note { .. }
            | Popup::Export(_)
            | Popup::LeaveRefusal { .. } => Ctx::Input,
            Popup::Form(_) => Ctx::Form,
            Popup::Entry(_) => Ctx::Entry,
            Popup::ConfirmDelete { .. }
            | Popup::ConfirmDeleteSession { .. }
            | Popup::ConfirmPublish(_) => Ctx::Confirm,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        match self {
            Popup::Search { input, .. }
            | Popup::Note { input, .. }
            | Popup::LeaveRefusal { input, .. } => Some(input),
            Popup::Form(f) => Some(f.field_mut()),
            Popup::Export(f) => Some(f.field_mut()),
            Popup::Entry(f) => f.field_mut(),
            _ => None,
        }
    }

    pub fn sel_mut(&mut self) -> Option<&mut Sel> {
        match self {
            Popup::Help { sel, .. }
            | Popup::Search { sel, .. }
            | Popup::StatusMenu { sel, .. }
            | Popup::DraftOffer { sel, .. }
            | Popup::Conflict { sel, .. }
            | Popup::ConfirmDiscard { sel, .. }
            | Popup::Detail { sel, .. }
            | Popup::Team { sel, .. }
            | Popup::Reader { sel, .. } => Some(sel),
            _ => None,
        }
    }

    /// Number of choices in a menu popup.
    pub fn choices(&self) -> usize {
        match self {
            Popup::StatusMenu { .. } => Status::ALL.len(),
            Popup::DraftOffer { .. } | Popup::ConfirmDiscard { .. } => 2,
            // Over a note: also "back to editing my note".
            Popup::Conflict { kind, .. } if *kind == WriteKind::Note => 3,
            Popup::Conflict { .. } => 2,
            Popup::Search { hits, .. } => hits.len(),
            // Scrolling popups: the draw clamps; allow a generous range.
            _ => usize::MAX / 2,
        }
    }

    pub fn help(about: Ctx) -> Popup {
        Popup::Help {
            about,
            sel: Sel::default(),
        }
    }

    pub fn search() -> Popup {
        Popup::Search {
            input: TextInput::new("", 40),
            hits: Vec::new(),
            sel: Sel::default(),
        }
    }

    /// The text of this popup's input changed: search refreshes its hits.
    pub fn edited(&mut self, cx: &mut Cx) {
        if let Popup::Entry(f) = self {
            f.edited();
            return;
        }
        let Popup::Search { input, hits, sel } = self else {
            return;
        };
        let q = input.text();
        let root = cx.me.scope.code.clone();
        let found = cx.store.search(&q, Some(&root), 50).unwrap_or_default();
        *hits = found
            .into_iter()
            .map(|d| {
                let parents = cx
                    .path_to(&d.code)
                    .into_iter()
                    .filter(|p| p.code != d.code && p.level() > Level::Prefecture)
                    .map(|p| p.name)
                    .collect();
                Hit {
                    division: d,
                    parents,
                }
            })
            .collect();
        *sel = Sel::default();
    }

    /// Whether `action` does something in this popup (for the hints).
    pub fn offers(&self, action: Action) -> bool {
        // Only the full text of a guidance item has villages behind it.
        if action == Action::FollowThrough {
            return matches!(self, Popup::Reader { .. });
        }
        !matches!(
            (self, action),
            (Popup::Note { .. }, Action::NextField | Action::PrevField)
        )
    }

    /// Handle an action in this popup (the top of the stack).
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let n = self.choices();
        // The export form's fields are kept however it is left.
        if let Popup::Export(f) = self
            && matches!(action, Action::Close | Action::Cancel | Action::Quit)
        {
            *cx.export_memo = Some(f.texts());
        }
        // Search moves its selection with the field keys (arrows), since
        // letters are typed into the field.
        if let Popup::Search { sel, hits, .. } = self
            && matches!(action, Action::NextField | Action::PrevField)
        {
            let step = if action == Action::NextField {
                Action::Down
            } else {
                Action::Up
            };
            sel.apply(step, hits.len());
            return Effect::None;
        }
        if let Some(e) = self.leave(action) {
            return e;
        }
        if let Popup::Entry(f) = self
            && let Some(e) = f.action(action, cx)
        {
            return e;
        }
        if !self.ctx().is_text()
            && let Some(sel) = self.sel_mut()
            && sel.apply(action, n)
        {
            return Effect::None;
        }
        if let Some(i) = action.pick() {
            return self.pick(i, cx);
        }
        match action {
            Action::Quit => Effect::Quit,
            Action::Close | Action::Cancel | Action::No => Effect::Pop,
            Action::Help if matches!(self, Popup::Help { .. }) => Effect::Pop,
            Action::Help => Effect::Push(Popup::help(self.ctx())),
            Action::Search => Effect::Push(Popup::search()),
            Action::Suspend => Effect::Suspend,
            Action::Redraw => Effect::Redraw,
            Action::Advance if self.enter_is_newline() => {
                if let Some(inp) = self.input_mut() {
                    inp.insert_str("\n");
                }
                Effect::None
            }
            Action::Advance => {
                if let Popup::Form(f) = self {
                    f.move_focus(true);
                }
                Effect::None
            }
            Action::Publish => match self {
                Popup::Form(f) => f.prepare(cx),
                _ => Effect::None,
            },
            Action::Choose | Action::Submit | Action::Save | Action::Yes => self.choose(cx),
            Action::FollowThrough => match self {
                Popup::Reader { id, .. } => {
                    Effect::Many(vec![Effect::Pop, Effect::FollowThrough(*id)])
                }
                _ => Effect::None,
            },
            Action::NextField | Action::PrevField => {
                if let Popup::Form(f) = self {
                    f.move_focus(action == Action::NextField);
                }
                if let Popup::Export(f) = self {
                    f.move_focus();
                }
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// Leaving a popup that holds typed text other than by its own choices
    /// keeps the text: a note (the editor's, or mine in a conflict) as a
    /// draft, the guidance form by asking first. None: not a way out here.
    /// Quitting (q, Ctrl-C) and hang-ups keep notes in the app's quit path;
    /// a search's text is not kept (it records nothing).
    fn leave(&self, action: Action) -> Option<Effect> {
        let out = matches!(action, Action::Close | Action::Cancel | Action::No);
        match self {
            Popup::Note { target, input } if out && input.text() != target.note => {
                Some(Effect::Many(vec![Effect::KeepDraft, Effect::Pop]))
            }
            Popup::Conflict {
                kind: WriteKind::Note,
                ..
            } if out || action == Action::Search => {
                let mut v = vec![Effect::KeepDraft, Effect::Pop];
                if action == Action::Search {
                    v.push(Effect::Push(Popup::search()));
                }
                Some(Effect::Many(v))
            }
            Popup::Form(f) if action == Action::Cancel => Some(if f.typed() {
                Effect::Push(Popup::ConfirmDiscard {
                    sel: Sel::default(),
                    guidance: true,
                })
            } else {
                Effect::Pop
            }),
            Popup::Entry(f) if action == Action::Cancel => Some(if f.typed() {
                Effect::Push(Popup::ConfirmDiscard {
                    sel: Sel::default(),
                    guidance: false,
                })
            } else {
                Effect::Pop
            }),
            _ => None,
        }
    }

    /// A numbered choice of a menu (the digit keys).
    fn pick(&mut self, i: usize, cx: &mut Cx) -> Effect {
        if self.ctx() != Ctx::Menu || i >= self.choices() {
            return Effect::None;
        }
        match self.sel_mut() {
            Some(sel) => {
                sel.index = i;
                self.choose(cx)
            }
            None => Effect::None,
        }
    }

    /// Enter in the form's body inserts a newline; elsewhere it moves on.
    fn enter_is_newline(&self) -> bool {
        matches!(self, Popup::Form(f) if f.focus == form::F_BODY)
    }

    /// Enter (or y) in this popup.
    fn choose(&mut self, cx: &mut Cx) -> Effect {
        match self {
            Popup::Search { hits, sel, .. } => match hits.get(sel.index) {
                Some(h) => Effect::Many(vec![Effect::Pop, Effect::Open(h.division.code.clone())]),
                None => Effect::Pop,
            },
            Popup::StatusMenu { target, sel } => {
                let status = Status::ALL.get(sel.index).copied().unwrap_or(target.status);
                if status == target.status {
                    return Effect::Pop;
                }
                let w = record::record(cx, target, status, None, WriteKind::Status);
                Effect::Many(vec![Effect::Pop, w])
            }
            Popup::Note { target, input } => record::submit_note(cx, target, &input.text()),
            Popup::LeaveRefusal { id, version, input } => {
                crate::app::leave::submit_refusal(cx, *id, *version, &input.text())
            }
            Popup::DraftOffer { target, draft, sel } => {
                let text = if sel.index == 0 {
                    draft.note.clone()
                } else {
                    if let Err(e) =
                        cx.store
                            .delete_draft(&target.village, target.task, target.period)
                    {
                        return Effect::Many(vec![Effect::Pop, Effect::Fail(e)]);
                    }
                    target.note.clone()
                };
                let input = TextInput::new(&text, NOTE_MAX_CHARS);
                Effect::Replace(Popup::Note {
                    target: target.clone(),
                    input,
                })
            }
            Popup::Conflict {
                pending,
                kind,
                theirs,
                sel,
            } => match sel.index {
                0 => Effect::Many(vec![
                    Effect::Pop,
                    record::keep_mine(pending.clone(), *kind, theirs.as_ref()),
                ]),
                1 => {
                    if *kind == WriteKind::Note {
                        let _ =
                            cx.store
                                .delete_draft(&pending.village, pending.task, pending.period);
                    }
                    let msg = cx.lang().ui().msg_took_theirs.to_string();
                    Effect::Many(vec![Effect::Pop, Effect::Reload, Effect::Info(msg)])
                }
                _ => Effect::Replace(record::edit_again(pending, theirs.as_ref())),
            },
            Popup::ConfirmPublish(p) => p.publish(cx),
            Popup::ConfirmDiscard { sel, guidance } if sel.index == 1 => {
                if *guidance {
                    Effect::Many(vec![Effect::Pop, Effect::Pop, Effect::DropFormDraft])
                } else {
                    // The entry form's draft, while it is still open below.
                    Effect::Many(vec![Effect::DropEntryDraft, Effect::Pop, Effect::Pop])
                }
            }
            Popup::Form(f) => f.prepare(cx),
            Popup::Export(f) => f.submit(cx),
            Popup::ConfirmDelete { id, title } => {
                let r = cx.store.delete_guidance(*id).map(|()| {
                    let msg = crate::i18n::ui::fill(cx.lang().ui().msg_deleted, &[title]);
                    Effect::Wrote(Some(msg))
                });
                Effect::Many(vec![Effect::Pop, Effect::of(r)])
            }
            Popup::ConfirmDeleteSession { id, .. } => {
                let id = *id;
                let r = cx.store.delete_training_session(id).map(|()| {
                    let msg =
                        crate::i18n::ui::fill(cx.lang().training().deleted, &[&id.to_string()]);
                    Effect::Wrote(Some(msg))
                });
                Effect::Many(vec![Effect::Pop, Effect::of(r)])
            }
            // Read-only popups: Enter closes them too.
            _ => Effect::Pop,
        }
    }
}
