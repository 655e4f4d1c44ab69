//! A village's checklist: 25 tasks under 7 categories for one month's
//! view, and recording status and notes (with version checks, conflicts
//! and drafts).

use super::keys::{Action, Ctx};
use super::popup::record::{self, WriteKind};
use super::popup::{Popup, Target};
use super::{Cx, Effect, Me, Screen, Sel};
use crate::domain::{Division, DivisionCode, Period, PeriodKind, Status, TeamMember};
use crate::i18n::ui::fill;
use crate::store::{ChecklistRow, HISTORY_PERIODS, Progress, StoreError, record_key};
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

    /// A village's checklist for the current month, not loaded yet.
    pub fn open(code: &DivisionCode, cx: &mut Cx) -> Result<Checklist, StoreError> {
        let village = cx.store.village(code)?;
        Ok(Checklist {
            path: cx.path_to(code),
            village,
            month: cx.month(),
            rows: Vec::new(),
            sel: Sel::default(),
            team: Vec::new(),
            month_tasks: Vec::new(),
            quarter_tasks: Vec::new(),
            progress: Progress::default(),
            stale: true,
        })
    }

    /// (Re)load the rows, keeping the selected task selected.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let code = self.village.code.clone();
        let month = self.month;
        let rows = cx.store.checklist(&code, self.day(cx.today))?;
        let team = cx.store.team(&code)?;
        let month_tasks = concerned(cx, &code, month)?;
        let quarter_tasks = concerned(cx, &code, month.with_kind(PeriodKind::Quarter))?;
        let progress = cx.store.progress(&code, month)?;
        cx.know(
            rows.iter()
                .filter_map(|r| r.record.as_ref().map(|c| c.recorded_by.as_str())),
        );
        let keep = self.selected().map(|r| r.task.number);
        self.rows = rows;
        self.team = team;
        self.month_tasks = month_tasks;
        self.quarter_tasks = quarter_tasks;
        self.progress = progress;
        self.stale = false;
        if let Some(n) = keep
            && let Some(i) = self.rows.iter().position(|r| r.task.number == n)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.rows.len());
        Ok(())
    }

    /// The record the selection points at.
    pub fn target(&self) -> Option<Target> {
        let r = self.selected()?;
        Some(Target {
            village: self.village.code.clone(),
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

    /// Whether `action` does something for this user (for the hints):
    /// recording keys only for someone who may record.
    pub fn offers(&self, action: Action, me: &Me) -> bool {
        match action {
            Action::MarkDone | Action::EditNote | Action::StatusMenu => me.may_record(),
            _ => true,
        }
    }

    /// Handle an action on the checklist.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.sel.apply(action, self.rows.len()) {
            return Effect::None;
        }
        Effect::of(self.act(action, cx))
    }

    fn act(&mut self, action: Action, cx: &mut Cx) -> Result<Effect, StoreError> {
        let target = self.target();
        Ok(match (action, target) {
            (Action::Back, _) => Effect::Back,
            (Action::Open, Some(t)) => self.detail(t, cx)?,
            (Action::MarkDone, Some(t)) if t.status == Status::Done => {
                let keys = cx.keys_label(Ctx::Checklist, Action::StatusMenu);
                Effect::Info(fill(cx.lang().ui().msg_already_done, &[&keys]))
            }
            (Action::MarkDone, Some(t)) => {
                record::record(cx, &t, Status::Done, None, WriteKind::MarkDone)
            }
            (Action::StatusMenu, Some(t)) => {
                let i = Status::ALL.iter().position(|s| *s == t.status).unwrap_or(0);
                Effect::Push(Popup::StatusMenu {
                    target: t,
                    sel: Sel::new(i),
                })
            }
            (Action::EditNote, Some(t)) => record::open_note(cx, t)?,
            (Action::PrevPeriod | Action::NextPeriod, _) => {
                let next = if action == Action::PrevPeriod {
                    self.month.prev()
                } else {
                    self.month.next()
                };
                let limits = cx.store.record_limits();
                if next.first_day() > cx.today {
                    Effect::Info(cx.lang().ui().msg_future.to_string())
                } else if !limits.tracks(next) {
                    Effect::Info(format!(
                        "{}{}",
                        cx.lang().ui().msg_before_tracking,
                        limits.tracking_start
                    ))
                } else {
                    self.month = next;
                    self.load(cx)?;
                    Effect::None
                }
            }
            (Action::Team, _) => Effect::Push(Popup::Team {
                sel: Sel::default(),
                postings: cx.store.postings(&self.village.code)?,
                weak_party: self
                    .village
                    .types
                    .contains(&crate::domain::VillageType::WeakParty),
            }),
            (Action::GuidanceScreen, _) => Effect::Show(Screen::Guidance),
            (Action::OverdueList, _) => Effect::OverdueList(self.village.code.clone()),
            (Action::TrainingScreen, _) => Effect::Training(self.village.code.clone()),
            (Action::RecallLedger, _) => Effect::RecallLedger(self.village.code.clone()),
            (Action::AttendanceGrid, _) => Effect::Attendance(self.village.code.clone()),
            (Action::UnitsScreen, _) => Effect::Units(self.village.code.clone()),
            (Action::TeamsScreen, _) => Effect::Teams(self.village.code.clone()),
            _ => Effect::None,
        })
    }

    /// The task detail popup: the record's history or the record itself,
    /// and the task's records over its last periods.
    fn detail(&self, t: Target, cx: &mut Cx) -> Result<Effect, StoreError> {
        let history = cx
            .store
            .history(&record_key(&t.village, t.task, t.period))?;
        let record = cx.store.completion(&t.village, t.task, t.period)?;
        let periods = cx
            .store
            .task_history(&t.village, t.task, t.period, HISTORY_PERIODS)?;
        cx.know(history.iter().map(|h| h.account.as_str()));
        cx.know(record.iter().map(|r| r.recorded_by.as_str()));
        cx.know(
            periods
                .iter()
                .filter_map(|p| p.record.as_ref().map(|c| c.recorded_by.as_str())),
        );
        Ok(Effect::Push(Popup::Detail {
            target: t,
            history,
            record,
            periods,
            sel: Sel::default(),
        }))
    }
}

/// The tasks that the guidance of `period` for `code` concerns.
fn concerned(cx: &Cx, code: &DivisionCode, period: Period) -> Result<Vec<u32>, StoreError> {
    let mut tasks: Vec<u32> = cx
        .store
        .guidance_for(code, period)?
        .into_iter()
        .flat_map(|g| g.tasks)
        .collect();
    tasks.sort_unstable();
    tasks.dedup();
    Ok(tasks)
}
