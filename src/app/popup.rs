//! Popups (a stack over the screens): help, search, status menu, note
//! editor, draft offer, conflict, task detail, team, full text, the
//! guidance form and confirmations.

use super::checklist::WriteKind;
use super::guidance::GuidanceForm;
use super::input::TextInput;
use super::keys::{Action, Ctx};
use super::{App, Screen, Sel};
use crate::domain::text::NOTE_MAX_CHARS;
use crate::domain::{Division, DivisionCode, Level, Period, Status};
use crate::i18n::ui::fill;
use crate::store::{AuditRow, Completion, Draft, RecordInput, StoreError};

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
        sel: Sel,
    },
    Team {
        sel: Sel,
    },
    /// Full text of one guidance point or prompt.
    Reader {
        id: i64,
        sel: Sel,
    },
    Form(Box<GuidanceForm>),
    ConfirmDelete {
        id: i64,
        title: String,
    },
}

impl Popup {
    pub fn ctx(&self) -> Ctx {
        match self {
            Popup::Help { .. }
            | Popup::Detail { .. }
            | Popup::Team { .. }
            | Popup::Reader { .. } => Ctx::Popup,
            Popup::StatusMenu { .. } | Popup::DraftOffer { .. } | Popup::Conflict { .. } => {
                Ctx::Menu
            }
            Popup::Search { .. } | Popup::Note { .. } | Popup::Form(_) => Ctx::Input,
            Popup::ConfirmDelete { .. } => Ctx::Confirm,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        match self {
            Popup::Search { input, .. } | Popup::Note { input, .. } => Some(input),
            Popup::Form(f) => Some(f.field_mut()),
            _ => None,
        }
    }

    fn sel_mut(&mut self) -> Option<&mut Sel> {
        match self {
            Popup::Help { sel, .. }
            | Popup::Search { sel, .. }
            | Popup::StatusMenu { sel, .. }
            | Popup::DraftOffer { sel, .. }
            | Popup::Conflict { sel, .. }
            | Popup::Detail { sel, .. }
            | Popup::Team { sel }
            | Popup::Reader { sel, .. } => Some(sel),
            _ => None,
        }
    }

    /// Number of choices in a menu popup.
    fn choices(&self) -> usize {
        match self {
            Popup::StatusMenu { .. } => Status::ALL.len(),
            Popup::DraftOffer { .. } | Popup::Conflict { .. } => 2,
            Popup::Search { hits, .. } => hits.len(),
            // Scrolling popups: the draw clamps; allow a generous range.
            _ => usize::MAX / 2,
        }
    }
}

impl App {
    pub(super) fn open_help(&mut self) {
        let about = self.ctx();
        self.popups.push(Popup::Help {
            about,
            sel: Sel::default(),
        });
    }

    pub(super) fn open_search(&mut self) {
        self.popups.push(Popup::Search {
            input: TextInput::new("", 40),
            hits: Vec::new(),
            sel: Sel::default(),
        });
    }

    /// After the text of an input changed: search refreshes its results.
    pub(super) fn after_edit(&mut self) {
        let Some(Popup::Search { input, .. }) = self.popups.last() else {
            return;
        };
        let q = input.text();
        let root = self.me.scope.code.clone();
        let found = self.store.search(&q, Some(&root), 50).unwrap_or_default();
        let hits: Vec<Hit> = found
            .into_iter()
            .map(|d| {
                let parents = self
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
        if let Some(Popup::Search { hits: h, sel, .. }) = self.popups.last_mut() {
            *h = hits;
            *sel = Sel::default();
        }
    }

    pub(super) fn choose_number(&mut self, i: usize) {
        let n = self.popups.last().map(|p| p.choices()).unwrap_or(0);
        if i < n
            && let Some(sel) = self.popups.last_mut().and_then(|p| p.sel_mut())
        {
            sel.index = i;
            self.popup_action(Action::Choose);
        }
    }

    pub(super) fn popup_action(&mut self, action: Action) {
        if let Err(e) = self.popup_action_inner(action) {
            self.store_error(e);
        }
    }

    fn popup_action_inner(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(top) = self.popups.last_mut() else {
            return Ok(());
        };
        let n = top.choices();
        // Search moves its selection with the field keys (arrows), since
        // letters are typed into the field.
        if let Popup::Search { sel, hits, .. } = top {
            match action {
                Action::NextField => {
                    sel.apply(Action::Down, hits.len());
                    return Ok(());
                }
                Action::PrevField => {
                    sel.apply(Action::Up, hits.len());
                    return Ok(());
                }
                _ => {}
            }
        }
        if top.ctx() != Ctx::Input
            && let Some(sel) = top.sel_mut()
            && sel.apply(action, n)
        {
            return Ok(());
        }
        match action {
            Action::Quit => self.quit(),
            Action::Close | Action::Cancel | Action::No => {
                self.popups.pop();
            }
            Action::Help => {
                if matches!(self.popups.last(), Some(Popup::Help { .. })) {
                    self.popups.pop();
                } else {
                    self.open_help();
                }
            }
            Action::Search => self.open_search(),
            Action::Suspend => self.suspend = true,
            Action::Redraw => self.redraw_all = true,
            Action::NextScreen | Action::PrevScreen
                if !self.popups.iter().any(|p| p.ctx() == Ctx::Input) =>
            {
                self.popups.clear();
                self.update(action);
            }
            Action::Submit if self.form_enter_is_newline() => {
                if let Some(inp) = self.popups.last_mut().and_then(|p| p.input_mut()) {
                    inp.insert_str("\n");
                }
            }
            Action::Choose | Action::Submit | Action::Save | Action::Yes => self.popup_choose()?,
            Action::NextField | Action::PrevField => {
                if let Some(Popup::Form(f)) = self.popups.last_mut() {
                    f.move_focus(action == Action::NextField);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Enter (or y) in the top popup.
    fn popup_choose(&mut self) -> Result<(), StoreError> {
        let Some(top) = self.popups.pop() else {
            return Ok(());
        };
        match top {
            Popup::Search { hits, sel, .. } => {
                if let Some(h) = hits.get(sel.index) {
                    let code = h.division.code.clone();
                    self.jump_to(&code)?;
                }
            }
            Popup::StatusMenu { target, sel } => {
                let status = Status::ALL[sel.index.min(Status::ALL.len() - 1)];
                if status != target.status {
                    self.record(&target, status, None, WriteKind::Status)?;
                }
            }
            Popup::Note { target, input } => {
                let text = input.text();
                if text == target.note {
                    let _ = self
                        .store
                        .delete_draft(&target.village, target.task, target.period);
                } else if let Err(e) =
                    self.record(&target, target.status, Some(text), WriteKind::Note)
                {
                    // Busy, refused ...: keep the editor and its text open.
                    self.popups.push(Popup::Note { target, input });
                    return Err(e);
                }
            }
            Popup::DraftOffer { target, draft, sel } => {
                let text = if sel.index == 0 {
                    draft.note
                } else {
                    self.store
                        .delete_draft(&target.village, target.task, target.period)?;
                    target.note.clone()
                };
                let input = TextInput::new(&text, NOTE_MAX_CHARS);
                self.popups.push(Popup::Note { target, input });
            }
            Popup::Conflict {
                mut pending,
                kind,
                theirs,
                sel,
            } => {
                if sel.index == 0 {
                    pending.expected_version =
                        Some(theirs.as_ref().map(|t| t.version).unwrap_or(0));
                    self.write_record(pending, kind)?;
                } else {
                    self.reload_visible();
                    self.info(self.lang().ui().msg_took_theirs.to_string());
                }
            }
            Popup::Form(f) => self.submit_form(*f)?,
            Popup::ConfirmDelete { id, title } => self.delete_guidance(id, &title)?,
            other => {
                // Read-only popups: Enter closes them too.
                drop(other);
            }
        }
        Ok(())
    }

    /// Go to a division found by search: a village opens its checklist, a
    /// township its village list, anything larger its overview.
    pub fn jump_to(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        match code.level() {
            Level::Village => self.open_checklist(code),
            Level::Township => self.open_villages(code),
            _ => {
                self.open_overview(code)?;
                if self.screen != Screen::Overview {
                    self.screen = Screen::Overview;
                }
                Ok(())
            }
        }
    }

    /// The message shown in the denied case for guidance (role words).
    pub(super) fn no_guidance_role(&mut self) {
        let role = self
            .me
            .role
            .map(|r| self.lang().user_role(r))
            .unwrap_or("-");
        self.error(fill(self.lang().ui().msg_no_guidance_role, &[role]));
    }
}
