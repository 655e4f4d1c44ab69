//! A village's checklist: 25 tasks under 7 categories for one month's
//! view, and recording status and notes (with version checks, conflicts
//! and drafts).

use super::input::TextInput;
use super::popup::{Popup, Target};
use super::{App, Screen, Sel};
use crate::app::keys::Action;
use crate::domain::text::NOTE_MAX_CHARS;
use crate::domain::{Division, DivisionCode, Period, PeriodKind, Status, TeamMember};
use crate::i18n::ui::fill;
use crate::store::{ChecklistRow, Progress, RecordInput, StoreError, record_key};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Checklist {
    /// From the user's scope down to the village.
    pub path: Vec<Division>,
    pub village: Division,
    /// The month viewed (`[` and `]` move it).
    pub month: Period,
    pub rows: Vec<ChecklistRow>,
    pub sel: Sel,
    pub team: Vec<TeamMember>,
    /// Tasks that the viewed month's prompts concern.
    pub month_tasks: Vec<u32>,
    /// Tasks that the viewed quarter's guidance points concern.
    pub quarter_tasks: Vec<u32>,
    /// The village's progress in the viewed month.
    pub progress: Progress,
    /// Data changed while the checklist was not visible.
    pub stale: bool,
}

impl Checklist {
    pub fn selected(&self) -> Option<&ChecklistRow> {
        self.rows.get(self.sel.index)
    }

    /// The day whose task periods are shown: today in the current month,
    /// else the last day of the month viewed.
    pub fn day(&self, today: NaiveDate) -> NaiveDate {
        if self.month.contains(today) {
            today
        } else {
            self.month.due_date()
        }
    }
}

/// What a record write was for, to word the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    MarkDone,
    Status,
    Note,
}

impl App {
    /// Open the checklist of a village for the current month.
    pub fn open_checklist(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        let village = self.store.village(code)?;
        let path = self.path_to(code);
        let same = self
            .checklist
            .as_ref()
            .is_some_and(|c| c.village.code == *code);
        if !same {
            self.checklist = Some(Checklist {
                path,
                village,
                month: self.month(),
                rows: Vec::new(),
                sel: Sel::default(),
                team: Vec::new(),
                month_tasks: Vec::new(),
                quarter_tasks: Vec::new(),
                progress: Progress::default(),
                stale: true,
            });
        }
        self.load_checklist()?;
        self.go(Screen::Checklist);
        Ok(())
    }

    #[allow(clippy::expect_used)] // TODO(merge): owned by arch-app
    pub fn load_checklist(&mut self) -> Result<(), StoreError> {
        let Some(c) = &self.checklist else {
            return Ok(());
        };
        let code = c.village.code.clone();
        let month = c.month;
        let day = c.day(self.today);
        let rows = self.store.checklist(&code, day)?;
        let team = self.store.team(&code)?;
        let mut month_tasks: Vec<u32> = self
            .store
            .guidance_for(&code, month)?
            .into_iter()
            .flat_map(|g| g.tasks)
            .collect();
        month_tasks.sort_unstable();
        month_tasks.dedup();
        let mut quarter_tasks: Vec<u32> = self
            .store
            .guidance_for(&code, month.with_kind(PeriodKind::Quarter))?
            .into_iter()
            .flat_map(|g| g.tasks)
            .collect();
        quarter_tasks.sort_unstable();
        quarter_tasks.dedup();
        let progress = self.store.progress(&code, month)?;
        let c = self.checklist.as_mut().expect("checked");
        let keep = c.selected().map(|r| r.task.number);
        c.rows = rows;
        c.team = team;
        c.month_tasks = month_tasks;
        c.quarter_tasks = quarter_tasks;
        c.progress = progress;
        c.stale = false;
        if let Some(n) = keep
            && let Some(i) = c.rows.iter().position(|r| r.task.number == n)
        {
            c.sel.index = i;
        }
        c.sel.clamp(c.rows.len());
        Ok(())
    }

    /// The record the selection points at.
    fn target(&self) -> Option<Target> {
        let c = self.checklist.as_ref()?;
        let r = c.selected()?;
        Some(Target {
            village: c.village.code.clone(),
            task: r.task.number,
            period: r.period,
            version: r.version(),
            status: r.status(),
            note: r
                .record
                .as_ref()
                .map(|x| x.note.clone())
                .unwrap_or_default(),
        })
    }

    pub fn task_title(&self, task: u32) -> String {
        let cat = self.store.catalogue();
        cat.task(task)
            .map(|t| match self.lang() {
                crate::i18n::Lang::Zh => t.title.clone(),
                crate::i18n::Lang::En => t.title_en.clone(),
            })
            .unwrap_or_default()
    }

    pub(super) fn checklist_action(&mut self, action: Action) -> Result<(), StoreError> {
        let Some(c) = self.checklist.as_mut() else {
            return Ok(());
        };
        if c.sel.apply(action, c.rows.len()) {
            return Ok(());
        }
        match action {
            Action::Back => self.go_back(),
            Action::Open => self.open_detail()?,
            Action::MarkDone => {
                let Some(t) = self.target() else {
                    return Ok(());
                };
                if t.status == Status::Done {
                    let keys =
                        self.opts
                            .keys
                            .keys_label(self.ctx(), Action::StatusMenu, self.opts.ascii);
                    self.info(fill(self.lang().ui().msg_already_done, &[&keys]));
                } else {
                    self.record(&t, Status::Done, None, WriteKind::MarkDone)?;
                }
            }
            Action::StatusMenu => {
                if let Some(t) = self.target() {
                    let i = Status::ALL.iter().position(|s| *s == t.status).unwrap_or(0);
                    self.popups.push(Popup::StatusMenu {
                        target: t,
                        sel: Sel::new(i),
                    });
                }
            }
            Action::EditNote => {
                if let Some(t) = self.target() {
                    self.open_note(t)?;
                }
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::PrevPeriod {
                    c.month.prev()
                } else {
                    c.month.next()
                };
                if next.first_day() > self.today {
                    self.info(self.lang().ui().msg_future.to_string());
                } else {
                    c.month = next;
                    self.load_checklist()?;
                }
            }
            Action::Team => self.popups.push(Popup::Team {
                sel: Sel::default(),
            }),
            Action::GuidanceScreen => self.show(Screen::Guidance)?,
            _ => {}
        }
        Ok(())
    }

    /// Open the note editor, first offering a saved draft if there is one.
    pub fn open_note(&mut self, t: Target) -> Result<(), StoreError> {
        if let Some(d) = self.store.draft(&t.village, t.task, t.period)? {
            if d.note != t.note {
                self.popups.push(Popup::DraftOffer {
                    target: t,
                    draft: d,
                    sel: Sel::default(),
                });
                return Ok(());
            }
            // The draft says what the note says already: nothing to offer.
            self.store.delete_draft(&t.village, t.task, t.period)?;
        }
        let input = TextInput::new(&t.note, NOTE_MAX_CHARS);
        self.popups.push(Popup::Note { target: t, input });
        Ok(())
    }

    fn open_detail(&mut self) -> Result<(), StoreError> {
        let Some(t) = self.target() else {
            return Ok(());
        };
        let history = self
            .store
            .history(&record_key(&t.village, t.task, t.period))?;
        let record = self.store.completion(&t.village, t.task, t.period)?;
        self.popups.push(Popup::Detail {
            target: t,
            history,
            record,
            sel: Sel::default(),
        });
        Ok(())
    }

    /// Write a status (and maybe a note) with the version read. A conflict
    /// opens the conflict popup; other errors go to the caller.
    pub fn record(
        &mut self,
        t: &Target,
        status: Status,
        note: Option<String>,
        kind: WriteKind,
    ) -> Result<bool, StoreError> {
        let input = RecordInput {
            village: t.village.clone(),
            task: t.task,
            period: t.period,
            status,
            note,
            done_on: None,
            expected_version: Some(t.version),
        };
        self.write_record(input, kind)
    }

    pub(super) fn write_record(
        &mut self,
        input: RecordInput,
        kind: WriteKind,
    ) -> Result<bool, StoreError> {
        match self.store.record(&input) {
            Ok(rec) => {
                if kind == WriteKind::Note {
                    let _ = self
                        .store
                        .delete_draft(&input.village, input.task, input.period);
                }
                let u = self.lang().ui();
                let title = self.task_title(input.task);
                let text = match kind {
                    WriteKind::MarkDone => fill(u.msg_marked_done, &[&title]),
                    WriteKind::Status => {
                        fill(u.msg_status_set, &[self.lang().status(rec.status), &title])
                    }
                    WriteKind::Note => fill(u.msg_note_saved, &[&title]),
                };
                self.after_write();
                self.info(text);
                Ok(true)
            }
            Err(StoreError::Conflict { .. }) => {
                let theirs = self
                    .store
                    .completion(&input.village, input.task, input.period)?;
                self.after_write();
                self.popups.push(Popup::Conflict {
                    pending: input,
                    kind,
                    theirs,
                    sel: Sel::default(),
                });
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Keep a note being typed as a draft (quit, hang-up, end of input).
    /// Returns whether a draft was written.
    pub fn save_draft_if_editing(&mut self) -> bool {
        let Some((t, text)) = self.popups.iter().rev().find_map(|p| match p {
            Popup::Note { target, input } => Some((target.clone(), input.text())),
            _ => None,
        }) else {
            return false;
        };
        if text == t.note {
            return false;
        }
        self.store
            .save_draft(&t.village, t.task, t.period, &text)
            .is_ok()
    }
}
