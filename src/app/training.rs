//! 培训: the sessions a division's cadres go to in a year (`[` `]` move
//! the year); Enter opens a session's attendance list, where `c` marks the
//! selected cadre 参训, `l` 请假, `x` 缺席 and `A` everybody 参训 (each
//! mark writes the session's days into the attendance grid, store::training);
//! `v` switches between the sessions, each cadre's hours against the target,
//! the 未参训名单 (by village code, then name: never by hours) and each
//! county's counts (各县培训). A received copy holds no session nor cadre:
//! it shows only the counties' counts, as their prefectures pushed them.

use super::keys::Action;
use super::popup::entry::{EntryForm, EntryKind, Field, Refusal};
use super::{Cx, Effect, Popup, Sel};
use crate::domain::training::Kind;
use crate::domain::training::Mark;
use crate::domain::{Division, DivisionCode};
use crate::i18n::ui::fill;
use crate::store::{
    CadreYear, CountyTrainingRow, MarkInput, RosterRow, Session, SessionInput, StoreError,
    TrainingSettings,
};
use chrono::Datelike;

/// What the screen lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingMode {
    Sessions,
    /// The attendance list of one session (its id).
    Roster(i64),
    Hours,
    Untrained,
    /// Each county's counts (`domain::training::CountyTraining`).
    Counties,
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
    pub counties: Vec<CountyTrainingRow>,
    pub settings: TrainingSettings,
    /// A received copy: the counties' counts only.
    pub copy: bool,
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
            mode: if cx.me.read_only {
                TrainingMode::Counties
            } else {
                TrainingMode::Sessions
            },
            sessions: Vec::new(),
            roster: Vec::new(),
            cadres: Vec::new(),
            counties: Vec::new(),
            copy: cx.me.read_only,
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
            TrainingMode::Counties => self.counties.len(),
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
            TrainingMode::Counties => {
                self.counties = store.training_by_county(&self.scope.code, self.year)?;
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
    /// marks on an attendance list only, adding, editing and deleting
    /// sessions on the session list.
    pub fn offers(&self, action: Action) -> bool {
        let marking = matches!(
            action,
            Action::MarkAttended | Action::MarkLeave | Action::MarkAbsent | Action::MarkAllAttended
        );
        let sessions = matches!(
            action,
            Action::NewSession | Action::EditSession | Action::DeleteSession
        );
        (action != Action::Open || self.mode == TrainingMode::Sessions)
            && (!marking || matches!(self.mode, TrainingMode::Roster(_)))
            && (!sessions || self.mode == TrainingMode::Sessions)
            && !(self.copy && (marking || sessions || action == Action::TrainingView))
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
            Action::Back if self.mode == TrainingMode::Sessions || self.copy => Effect::Back,
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
            Action::TrainingView if self.copy => Effect::None,
            Action::TrainingView => {
                let next = match self.mode {
                    TrainingMode::Sessions | TrainingMode::Roster(_) => TrainingMode::Hours,
                    TrainingMode::Hours => TrainingMode::Untrained,
                    TrainingMode::Untrained => TrainingMode::Counties,
                    TrainingMode::Counties => TrainingMode::Sessions,
                };
                self.switch(next, cx)
            }
            Action::MarkAttended => self.mark(Mark::Attended, false, cx),
            Action::MarkLeave => self.mark(Mark::Leave, false, cx),
            Action::MarkAbsent => self.mark(Mark::Absent, false, cx),
            Action::MarkAllAttended => self.mark(Mark::Attended, true, cx),
            Action::NewSession if self.mode == TrainingMode::Sessions => {
                session_form(None, &self.scope.code, cx)
            }
            Action::EditSession | Action::DeleteSession if self.mode == TrainingMode::Sessions => {
                let Some(s) = self.sessions.get(self.sel.index) else {
                    return Effect::None;
                };
                if action == Action::EditSession {
                    session_form(Some(s), &self.scope.code, cx)
                } else {
                    Effect::Push(Popup::ConfirmDeleteSession {
                        id: s.id,
                        title: s.title.clone(),
                    })
                }
            }
            _ => Effect::None,
        }
    }
}

/// The session form's fields, in focus order.
pub const SF_TITLE: usize = 0;
pub const SF_KIND: usize = 1;
pub const SF_DIVISION: usize = 2;
pub const SF_ORGANISER: usize = 3;
pub const SF_FROM: usize = 4;
pub const SF_TO: usize = 5;
pub const SF_HOURS: usize = 6;
pub const SF_VENUE: usize = 7;
pub const SF_SPEAKERS: usize = 8;

/// `a` (a new session held by the division shown, today) or `e` (the
/// selected one, against the version read).
fn session_form(s: Option<&Session>, shown: &DivisionCode, cx: &mut Cx) -> Effect {
    let lang = cx.lang();
    let t = lang.training();
    let today = cx.today.to_string();
    let input = s.map(Session::input);
    let text = |f: fn(&SessionInput) -> String, or: &str| {
        input.as_ref().map(f).unwrap_or_else(|| or.to_string())
    };
    let kinds = Kind::ALL
        .iter()
        .map(|k| lang.training_kind(*k).to_string())
        .collect();
    let kind = input
        .as_ref()
        .and_then(|i| Kind::ALL.iter().position(|k| *k == i.kind))
        .unwrap_or(0);
    let fields = vec![
        Field::text(t.col_title, &text(|i| i.title.clone(), ""), 80),
        Field::choice(t.col_kind, kinds, kind),
        Field::text(
            t.col_division,
            &text(|i| i.division.to_string(), shown.as_str()),
            12,
        ),
        Field::text(t.col_organiser, &text(|i| i.organiser.clone(), ""), 60),
        Field::text(t.col_from, &text(|i| i.from.to_string(), &today), 10),
        Field::text(t.col_to, &text(|i| i.to.to_string(), &today), 10),
        Field::text(t.col_hours, &text(|i| i.hours.to_string(), ""), 4),
        Field::text(t.col_venue, &text(|i| i.venue.clone(), ""), 60),
        Field::text(t.col_speakers, &text(|i| i.speakers.clone(), ""), 80),
    ];
    let (title, editing) = match s {
        Some(s) => (format!("{} {}", t.form_edit, s.id), Some((s.id, s.version))),
        None => (t.form_new.to_string(), None),
    };
    let f = EntryForm::new(EntryKind::Session { editing }, title, fields);
    Effect::Push(Popup::Entry(Box::new(f)))
}

/// Submit the session form through `add_training_session` or
/// `edit_training_session` (what `zhucun training add|edit` call).
pub fn submit_form(f: &mut EntryForm, cx: &mut Cx) -> Result<Effect, Refusal> {
    let t = cx.lang().training();
    let EntryKind::Session { editing } = f.kind else {
        return Err(Refusal::whole(String::new()));
    };
    let division = DivisionCode::parse(&f.text(SF_DIVISION))
        .map_err(|_| Refusal::at(SF_DIVISION, t.bad_division.to_string()))?;
    let from = f.date(SF_FROM, cx)?;
    let to = f.date(SF_TO, cx)?;
    let hours: u32 = f
        .text(SF_HOURS)
        .parse()
        .map_err(|_| Refusal::at(SF_HOURS, fill(t.bad_number, &[&f.fields[SF_HOURS].label])))?;
    let input = SessionInput {
        title: f.text(SF_TITLE),
        kind: Kind::ALL[f.fields[SF_KIND].index().min(Kind::ALL.len() - 1)],
        division,
        organiser: f.text(SF_ORGANISER),
        from,
        to,
        hours,
        venue: f.text(SF_VENUE),
        speakers: f.text(SF_SPEAKERS),
    };
    let r = match editing {
        Some((id, version)) => cx
            .store
            .edit_training_session(id, &input, version)
            .map(|s| s.id),
        None => cx.store.add_training_session(&input),
    };
    let id = r.map_err(|e| Refusal::whole(cx.error_text(&e)))?;
    Ok(Effect::Many(vec![
        Effect::Pop,
        Effect::Wrote(Some(fill(t.saved, &[&id.to_string()]))),
    ]))
}
