//! `App`: the state of the session and the dispatch of actions. The
//! behaviour of each screen and popup lives with its type; `App` hands an
//! action to the top popup or the current screen and applies the
//! [`Effect`] it returns.

use super::Assessment;
use super::assessment::{self, GradeJob, GradeOutcome};
use super::attendance::{self, GridJob, GridOutcome};
use super::keys::{self, Action, Ctx, KeySpec};
use super::popup::record::{self, WriteJob, WriteOutcome};
use super::popup::{self, Popup};
use super::writes::{Done, Job};
use super::{
    AttendanceView, Checklist, Cx, Effect, FollowThrough, GuidanceView, Me, Message, MsgKind,
    Options, OverdueList, Overview, Request, Screen, Unreported, Villages,
};
use crate::domain::{Catalogue, Division, DivisionCode, Level, Period, PeriodKind};
use crate::i18n::Lang;
use crate::store::watch::ChangeWatch;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use std::collections::HashMap;

/// The context screens and popups get: disjoint borrows of the app's
/// fields, so a screen's own state can be borrowed mutably beside it.
macro_rules! cx {
    ($app:expr) => {
        Cx {
            store: &mut $app.store,
            today: $app.today,
            opts: &$app.opts,
            me: &$app.me,
            names: &mut $app.names,
            generation: $app.generation,
            people: &mut $app.people,
            export_memo: &mut $app.export_memo,
        }
    };
}

pub struct App {
    store: Store,
    pub opts: Options,
    pub today: NaiveDate,
    pub me: Me,
    pub screen: Screen,
    pub popups: Vec<Popup>,
    pub message: Option<Message>,
    /// A lasting warning (e.g. a failed quick check), shown until quit.
    pub warning: Option<String>,
    pub overview: Overview,
    pub villages: Option<Villages>,
    pub checklist: Option<Checklist>,
    pub guidance: GuidanceView,
    /// The follow-up screens, once opened.
    pub overdue: Option<OverdueList>,
    /// 培训, once opened.
    pub training: Option<super::training::TrainingView>,
    pub unreported: Option<Unreported>,
    pub recall: Option<super::recall::RecallView>,
    pub follow: Option<FollowThrough>,
    /// 补助发放, once opened.
    pub allowance: Option<super::AllowanceView>,
    /// 年度考核, once opened.
    pub assessment: Option<Assessment>,
    /// 请销假, once opened.
    pub leave: Option<super::LeaveQueue>,
    /// 考勤, once opened.
    pub attendance: Option<AttendanceView>,
    /// 派出单位 and the 工作队 tab, once opened.
    pub units: Option<super::UnitsView>,
    pub teams: Option<super::TeamsView>,
    /// Screens to return to with Back.
    back: Vec<Screen>,
    /// Notices other sessions' commits.
    watch: ChangeWatch,
    /// Bumped whenever the data may have changed (ours or theirs), so a
    /// screen loaded at an older generation reloads when shown.
    generation: u64,
    names: HashMap<String, Division>,
    /// People's names for the accounts shown so far.
    people: crate::store::People,
    /// What was last typed in the export form (kept for the session).
    export_memo: Option<[String; 2]>,
    /// An export is running in the background.
    pub exporting: bool,
    /// Where notes being typed are kept when the session ends (the user's
    /// own draft files); None: only in the database.
    draft_dir: Option<std::path::PathBuf>,
    /// Record writes go to the event loop's writer (else they run inline).
    background_writes: bool,
    /// A record write waiting for the database.
    writing: Option<WriteJob>,
    /// Grade writes keyed, oldest first; the first is with the writer.
    grading: std::collections::VecDeque<GradeJob>,
    /// A grid save is with the writer.
    grid_saving: bool,
    /// Recording keys pressed on the row being saved, run once it is saved.
    deferred: Vec<Action>,
    /// The terminal's size as the event loop last drew or was told (None:
    /// never told, as in state tests that do not say).
    size: Option<(u16, u16)>,
    /// Where the last frame drew the tabs and list rows (for the mouse).
    pub hits: super::mouse::HitMap,
}

impl App {
    /// Build the state and load the first screen.
    pub fn new(store: Store, opts: Options) -> Result<App, StoreError> {
        let today = store.today();
        let actor = store.actor().clone();
        let scope = match actor.scope() {
            Some(code) => store
                .division(code)?
                .ok_or_else(|| StoreError::UnknownDivision(code.to_string()))?,
            None => store.root()?.ok_or_else(|| {
                StoreError::invalid("database", crate::store::Detail::NoDivisionsYet)
            })?,
        };
        let watch = ChangeWatch::new(&store)?;
        let me = Me {
            account: actor.account.clone(),
            role: actor.role(),
            scope: scope.clone(),
            read_only: store.is_received_copy()?,
        };
        let mut app = App {
            store,
            today,
            overview: Overview::new(scope.clone()),
            villages: None,
            checklist: None,
            guidance: GuidanceView::new(today),
            overdue: None,
            training: None,
            unreported: None,
            recall: None,
            follow: None,
            allowance: None,
            assessment: None,
            leave: None,
            attendance: None,
            units: None,
            teams: None,
            me,
            opts,
            screen: Screen::Overview,
            popups: Vec::new(),
            message: None,
            warning: None,
            back: Vec::new(),
            watch,
            generation: 0,
            names: HashMap::new(),
            people: crate::store::People::default(),
            export_memo: None,
            exporting: false,
            draft_dir: None,
            background_writes: false,
            writing: None,
            grading: std::collections::VecDeque::new(),
            grid_saving: false,
            deferred: Vec::new(),
            size: None,
            hits: super::mouse::HitMap::default(),
        };
        app.overview.load(&mut cx!(app))?;
        if scope.level() == Level::Village {
            app.open_checklist(&scope.code)?;
            app.back.clear();
        }
        Ok(app)
    }

    pub fn lang(&self) -> Lang {
        self.opts.lang
    }

    /// The task catalogue (for drawing).
    pub fn catalogue(&self) -> &Catalogue {
        self.store.catalogue()
    }

    /// The store, for the event loop's shutdown path and tests.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The database file, for a worker's own connection.
    pub fn db_path(&self) -> &std::path::Path {
        self.store.path()
    }

    /// The context keys are looked up in now.
    pub fn ctx(&self) -> Ctx {
        match self.popups.last() {
            Some(p) => p.ctx(),
            None if self.screen == Screen::Attendance => self
                .attendance
                .as_ref()
                .map_or(Ctx::Attendance, AttendanceView::ctx),
            None => self.screen.ctx(),
        }
    }

    pub fn info(&mut self, text: String) {
        self.message = Some(Message {
            kind: MsgKind::Info,
            text,
        });
    }

    pub fn error(&mut self, text: String) {
        self.message = Some(Message {
            kind: MsgKind::Error,
            text,
        });
    }

    /// Show a store error in the status line, in the user's language.
    pub fn store_error(&mut self, e: StoreError) {
        let text = cx!(self).error_text(&e);
        self.error(text);
    }

    pub fn task_title(&self, task: u32) -> String {
        super::task_title(self.store.catalogue(), self.lang(), task)
    }

    /// The name shown for an account (记录人 and the like): the person's
    /// name where it is known, else the login.
    pub fn person<'a>(&'a self, account: &'a str) -> &'a str {
        self.people.name(account)
    }

    pub fn month(&self) -> Period {
        Period::containing(PeriodKind::Month, self.today)
    }

    pub fn quarter(&self) -> Period {
        Period::containing(PeriodKind::Quarter, self.today)
    }

    pub fn level_name(&self, level: Level) -> &'static str {
        let u = self.lang().ui();
        match level {
            Level::Province => u.level_province,
            Level::Prefecture => u.level_prefecture,
            Level::County => u.level_county,
            Level::Township => u.level_township,
            Level::Village => u.level_village,
        }
    }

    /// Whether `action` does something here for this user, so the footer
    /// hints it.
    pub fn offers(&self, action: Action) -> bool {
        if let Some(top) = self.popups.last() {
            return top.offers(action);
        }
        match self.screen {
            Screen::Overview => self.overview.offers(action),
            Screen::Villages => true,
            Screen::Checklist => self
                .checklist
                .as_ref()
                .is_none_or(|c| c.offers(action, &self.me)),
            Screen::Guidance => self.guidance.offers(action, &self.me),
            Screen::Training => self.training.as_ref().is_none_or(|v| v.offers(action)),
            Screen::Attendance => self.attendance.as_ref().is_none_or(|a| a.offers(action)),
            Screen::Units => self.units.as_ref().is_none_or(|v| v.offers(action)),
            // A received copy holds no cadre to grade.
            Screen::Assessment => {
                !(self.me.read_only && crate::app::assessment::grade_of(action).is_some())
            }
            // The follow-up and management screens offer all their keys.
            _ => true,
        }
    }

    // ---- keys ---------------------------------------------------------

    /// The terminal now has `width` x `height` cells (on a resize and after
    /// each frame drawn).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Some((width, height));
    }

    /// Whether the terminal is below the layout's size, so the screen shows
    /// only 终端太小 (ui::draw decides by the same size).
    pub fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(w, h)| w < super::MIN_WIDTH || h < super::MIN_HEIGHT)
    }

    /// Handle one key press; returns what the terminal should do.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Request> {
        self.message = None;
        let key = KeySpec::from_event(&ev);
        if key == keys::CTRL_C {
            return self.apply_all(Effect::Quit);
        }
        let ctx = self.ctx();
        if self.too_small() {
            // Nothing can be seen, so nothing may be done blind: only quit
            // (and suspend, which leaves everything as it is).
            return match self.opts.keys.lookup(ctx, key) {
                Some(a @ (Action::Quit | Action::Suspend)) => self.update(a),
                _ => Vec::new(),
            };
        }
        match self.opts.keys.lookup(ctx, key) {
            Some(a) => {
                let out = self.update(a);
                if !ctx.is_text() {
                    self.refresh_if_stale();
                }
                out
            }
            None if ctx.is_text() => {
                self.edit_input(&ev);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Pasted text goes to the text input, if one is open.
    pub fn on_paste(&mut self, text: &str) {
        if self.saving() || self.too_small() {
            return;
        }
        if let Some(inp) = self.popups.last_mut().and_then(|p| p.input_mut()) {
            let max = inp.max();
            let pasted = inp.paste(text);
            self.after_edit();
            self.say_pasted(pasted, max);
        }
    }

    /// A mouse press or wheel turn (only with `mouse = true`), handled as
    /// the actions keys give: a click on a tab is Tab until that screen
    /// shows, a click on a list row moves the selection there with Up or
    /// Down, the wheel is one Up or Down. Anything else does nothing.
    pub fn on_mouse(&mut self, ev: MouseEvent) -> Vec<Request> {
        if !self.opts.mouse || self.too_small() {
            return Vec::new();
        }
        let ctx = self.ctx();
        let actions = self.mouse_actions(ev);
        if actions.is_empty() {
            return Vec::new();
        }
        self.message = None;
        let mut out = Vec::new();
        for a in actions {
            out.extend(self.update(a));
        }
        if ctx != Ctx::Input {
            self.refresh_if_stale();
        }
        out
    }

    fn mouse_actions(&mut self, ev: MouseEvent) -> Vec<Action> {
        // Moving in the list on top: the search field moves its hits with
        // the field actions; other text inputs and yes/no have no list.
        let (up, down) = match self.ctx() {
            Ctx::Input if matches!(self.popups.last(), Some(Popup::Search { .. })) => {
                (Action::PrevField, Action::NextField)
            }
            Ctx::Input | Ctx::Confirm => return Vec::new(),
            _ => (Action::Up, Action::Down),
        };
        match ev.kind {
            MouseEventKind::ScrollUp => vec![up],
            MouseEventKind::ScrollDown => vec![down],
            MouseEventKind::Down(MouseButton::Left) => {
                if self.popups.is_empty()
                    && let Some(target) = self.hits.tab_at(ev.column, ev.row)
                {
                    let list = self.screens();
                    let n = list.len();
                    let (Some(i), Some(j)) = (
                        list.iter().position(|s| *s == self.screen),
                        list.iter().position(|s| *s == target),
                    ) else {
                        return Vec::new();
                    };
                    return vec![Action::NextScreen; (j + n - i) % n];
                }
                let Some(to) = self.hits.row_at(ev.column, ev.row) else {
                    return Vec::new();
                };
                let Some(from) = self.list_index() else {
                    return Vec::new();
                };
                if to >= from {
                    vec![down; to - from]
                } else {
                    vec![up; from - to]
                }
            }
            _ => Vec::new(),
        }
    }

    /// The selected index of the list on top (a popup's, else the screen's).
    fn list_index(&mut self) -> Option<usize> {
        if let Some(top) = self.popups.last_mut() {
            return top.sel_mut().map(|s| s.index);
        }
        match self.screen {
            Screen::Overview => Some(self.overview.sel.index),
            Screen::Villages => self.villages.as_ref().map(|v| v.sel.index),
            Screen::Checklist => self.checklist.as_ref().map(|c| c.sel.index),
            Screen::Guidance => Some(self.guidance.sel.index),
            Screen::Overdue => self.overdue.as_ref().map(|v| v.sel.index),
            Screen::Unreported => self.unreported.as_ref().map(|v| v.sel.index),
            Screen::Follow => self.follow.as_ref().map(|v| v.sel.index),
            Screen::Allowance => self.allowance.as_ref().map(|v| match v.pane {
                super::allowance::Pane::Units => v.units_sel.index,
                super::allowance::Pane::Lines => v.lines_sel.index,
            }),
            Screen::Assessment => self.assessment.as_ref().map(|v| v.sel.index),
            Screen::Leave => self.leave.as_ref().map(|v| v.sel.index),
            Screen::Training => self.training.as_ref().map(|v| v.sel.index),
            Screen::Recall => self.recall.as_ref().map(|v| v.sel.index),
            Screen::Attendance => self.attendance.as_ref().map(|v| v.sel.index),
            Screen::Units => self.units.as_ref().map(super::UnitsView::sel_index),
            Screen::Teams => self.teams.as_ref().map(|v| v.sel.index),
        }
    }

    /// Say what became of a paste that did not go in as it was.
    fn say_pasted(&mut self, p: super::input::Pasted, max: usize) {
        let u = self.lang().ui();
        let mut parts = Vec::new();
        if p.dropped > 0 {
            parts.push(crate::i18n::ui::fill(
                u.msg_paste_cut,
                &[&max.to_string(), &p.dropped.to_string()],
            ));
        }
        if p.joined {
            parts.push(u.msg_paste_joined.to_string());
        }
        if !parts.is_empty() {
            self.info(parts.join(u.msg_sep));
        }
    }

    fn edit_input(&mut self, ev: &KeyEvent) {
        // The note being saved stays as it is until the write is done.
        if self.saving() && matches!(self.popups.last(), Some(Popup::Note { .. })) {
            return;
        }
        // A character on an entry form's choice picks the option it starts.
        if let (Some(Popup::Entry(f)), KeyCode::Char(c)) = (self.popups.last_mut(), ev.code)
            && f.type_choice(c)
        {
            return;
        }
        if let Some(inp) = self.popups.last_mut().and_then(|p| p.input_mut())
            && inp.handle_key(ev)
        {
            self.after_edit();
        }
    }

    /// After the text of an input changed (search refreshes its results).
    fn after_edit(&mut self) {
        if let Some(top) = self.popups.last_mut() {
            top.edited(&mut cx!(self));
        }
    }

    /// Dispatch an action to the top popup or the current screen and apply
    /// what it returns; returns what the terminal should do.
    pub fn update(&mut self, action: Action) -> Vec<Request> {
        let effect = self.dispatch(action);
        self.apply_all(effect)
    }

    fn dispatch(&mut self, action: Action) -> Effect {
        let screens = matches!(action, Action::NextScreen | Action::PrevScreen);
        if screens && !self.popups.is_empty() && !self.popups.iter().any(|p| p.ctx().is_text()) {
            // A conflict over a note left this way keeps mine as a draft.
            self.keep_draft();
            self.popups.clear();
        }
        if let Some(top) = self.popups.last_mut() {
            return top.update(action, &mut cx!(self));
        }
        if let Some(e) = self.hold_while_saving(action) {
            return e;
        }
        match action {
            Action::Quit => Effect::Quit,
            Action::Help => Effect::Push(Popup::help(self.ctx())),
            Action::Search => Effect::Push(Popup::search()),
            Action::NextScreen => Effect::Show(self.next_screen(true)),
            Action::PrevScreen => Effect::Show(self.next_screen(false)),
            Action::Suspend => Effect::Suspend,
            Action::Redraw => Effect::Redraw,
            Action::LeaveQueue
                if matches!(
                    self.screen,
                    Screen::Overview | Screen::Villages | Screen::Checklist
                ) =>
            {
                Effect::LeaveQueue
            }
            _ => {
                let cx = &mut cx!(self);
                match self.screen {
                    Screen::Overview => self.overview.update(action, cx),
                    Screen::Villages => match &mut self.villages {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Checklist => match &mut self.checklist {
                        Some(c) => c.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Guidance => self.guidance.update(action, cx),
                    Screen::Overdue => match &mut self.overdue {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Unreported => match &mut self.unreported {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Follow => match &mut self.follow {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Allowance => match &mut self.allowance {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Assessment => match &mut self.assessment {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Leave => match &mut self.leave {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Training => match &mut self.training {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Recall => match &mut self.recall {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Attendance => match &mut self.attendance {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Units => match &mut self.units {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                    Screen::Teams => match &mut self.teams {
                        Some(v) => v.update(action, cx),
                        None => Effect::None,
                    },
                }
            }
        }
    }

    fn apply_all(&mut self, effect: Effect) -> Vec<Request> {
        let mut out = Vec::new();
        self.apply(effect, &mut out);
        out
    }

    /// Apply one effect; terminal effects go to `out`.
    fn apply(&mut self, effect: Effect, out: &mut Vec<Request>) {
        let Some(effect) = self.apply_to_popups(effect) else {
            return;
        };
        let r = match effect {
            Effect::None => Ok(()),
            Effect::Show(s) => self.show(s),
            Effect::Open(code) => self.jump_to(&code),
            Effect::OpenVillages(code) => self.open_villages(&code),
            Effect::Back => {
                self.go_back();
                Ok(())
            }
            Effect::Wrote(msg) => {
                self.after_write();
                if let Some(m) = msg {
                    self.info(m);
                }
                Ok(())
            }
            Effect::Reload => {
                self.reload_visible();
                Ok(())
            }
            Effect::Write(job) => {
                self.start_write(job, out);
                Ok(())
            }
            Effect::Grade(job) => {
                self.start_grade(job, out);
                Ok(())
            }
            Effect::SaveGrid(job) => {
                self.start_grid_save(job, out);
                Ok(())
            }
            Effect::Export(req) => {
                self.start_export(*req, out);
                Ok(())
            }
            Effect::Guidance { period, select } => self.guidance_at(period, select),
            Effect::OpenAt {
                village,
                period,
                task,
            } => self.open_checklist_at(&village, period, task),
            Effect::OverdueList(code) => self.open_overdue(&code),
            Effect::Unreported(code) => self.open_unreported(&code),
            Effect::RecallLedger(code) => self.open_recall(&code),
            Effect::FollowThrough(id) => self.open_follow(id),
            Effect::Allowance => self.open_allowance(),
            Effect::Assessment(code) => self.open_assessment(&code),
            Effect::LeaveQueue => self.open_leave(),
            Effect::Training(code) => self.open_training(&code),
            Effect::Attendance(code) => self.open_attendance(&code),
            Effect::Units(code) => self.open_units(&code),
            Effect::Teams(code) => self.open_teams(&code),
            Effect::Quit => {
                self.save_draft_if_editing();
                out.push(Request::Quit);
                Ok(())
            }
            Effect::Suspend => {
                out.push(Request::Suspend);
                Ok(())
            }
            Effect::Redraw => {
                out.push(Request::Redraw);
                Ok(())
            }
            Effect::Info(t) => {
                self.info(t);
                Ok(())
            }
            Effect::Error(t) => {
                self.error(t);
                Ok(())
            }
            Effect::Fail(e) => Err(e),
            // Handled by apply_to_popups above.
            Effect::Push(_)
            | Effect::Pop
            | Effect::Replace(_)
            | Effect::CloseEditor
            | Effect::OpenForm(_)
            | Effect::DropFormDraft
            | Effect::DropEntryDraft
            | Effect::KeepDraft => Ok(()),
            Effect::Many(list) => {
                for e in list {
                    self.apply(e, out);
                }
                Ok(())
            }
        };
        if let Err(e) = r {
            self.store_error(e);
        }
    }

    /// The effects on the popup stack and the drafts it holds; any other
    /// effect is handed back.
    fn apply_to_popups(&mut self, effect: Effect) -> Option<Effect> {
        match effect {
            Effect::Push(Popup::Entry(mut f)) => {
                self.restore_entry(&mut f);
                self.popups.push(Popup::Entry(f));
            }
            Effect::Push(p) => self.popups.push(p),
            Effect::Pop => {
                self.popups.pop();
            }
            Effect::Replace(p) => {
                self.popups.pop();
                self.popups.push(p);
            }
            Effect::CloseEditor => {
                if let Some(i) = self
                    .popups
                    .iter()
                    .rposition(|p| matches!(p, Popup::Note { .. }))
                {
                    self.popups.remove(i);
                }
            }
            Effect::OpenForm(f) => self.open_form(f),
            Effect::DropFormDraft => {
                if let Some(dir) = &self.draft_dir {
                    self.store.remove_form_draft(dir);
                }
            }
            Effect::DropEntryDraft => {
                let top = self.popups.iter().rev().find_map(|p| match p {
                    Popup::Entry(f) => Some(f.key()),
                    _ => None,
                });
                if let (Some(dir), Some(key)) = (&self.draft_dir, top) {
                    self.store.remove_entry_draft(dir, &key);
                }
            }
            Effect::KeepDraft => self.keep_draft(),
            other => return Some(other),
        }
        None
    }

    // ---- screens ------------------------------------------------------

    /// Main screens in Tab order (the checklist only once one is open).
    fn screens(&self) -> Vec<Screen> {
        let mut v = vec![Screen::Overview, Screen::Villages];
        if self.checklist.is_some() {
            v.push(Screen::Checklist);
        }
        v.push(Screen::Guidance);
        // The follow-up screens once opened.
        if self.overdue.is_some() {
            v.push(Screen::Overdue);
        }
        if self.unreported.is_some() {
            v.push(Screen::Unreported);
        }
        if self.follow.is_some() {
            v.push(Screen::Follow);
        }
        if self.allowance.is_some() {
            v.push(Screen::Allowance);
        }
        if self.assessment.is_some() {
            v.push(Screen::Assessment);
        }
        if self.leave.is_some() {
            v.push(Screen::Leave);
        }
        if self.training.is_some() {
            v.push(Screen::Training);
        }
        if self.recall.is_some() {
            v.push(Screen::Recall);
        }
        if self.attendance.is_some() {
            v.push(Screen::Attendance);
        }
        if self.units.is_some() {
            v.push(Screen::Units);
        }
        if self.teams.is_some() {
            v.push(Screen::Teams);
        }
        v
    }

    fn next_screen(&self, forward: bool) -> Screen {
        let list = self.screens();
        let i = list.iter().position(|s| *s == self.screen).unwrap_or(0);
        let n = list.len();
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        list.get(j).copied().unwrap_or(Screen::Overview)
    }

    /// Switch to a main screen, loading it if needed.
    pub fn show(&mut self, screen: Screen) -> Result<(), StoreError> {
        match screen {
            Screen::Villages if self.villages.is_none() => {
                let scope = self.overview.scope().code.clone();
                return self.open_villages(&scope);
            }
            Screen::Guidance if self.guidance.loaded_version != Some(self.generation) => {
                self.guidance.load(&mut cx!(self))?;
            }
            _ => {}
        }
        self.go(screen);
        Ok(())
    }

    /// Go forward to `screen`, remembering where Back returns to.
    fn go(&mut self, screen: Screen) {
        if screen != self.screen {
            self.back.push(self.screen);
        }
        self.screen = screen;
    }

    /// Back from a screen other than the overview's own drill-down.
    fn go_back(&mut self) {
        while let Some(s) = self.back.pop() {
            if s != self.screen {
                self.screen = s;
                return;
            }
        }
        self.screen = Screen::Overview;
    }

    /// Go to a division found by search: a village opens its checklist, a
    /// township its village list, anything larger its overview.
    pub fn jump_to(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        match code.level() {
            Level::Village => self.open_checklist(code),
            Level::Township => self.open_villages(code),
            _ => self.open_overview(code),
        }
    }

    /// Open the checklist of a village for the current month.
    pub fn open_checklist(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        if self.copy_has_no_records() {
            return Ok(());
        }
        let same = self
            .checklist
            .as_ref()
            .is_some_and(|c| c.village.code == *code);
        if !same {
            self.checklist = Some(Checklist::open(code, &mut cx!(self))?);
        }
        if let Some(c) = &mut self.checklist {
            c.load(&mut cx!(self))?;
        }
        self.go(Screen::Checklist);
        Ok(())
    }

    /// A received copy (a province's) holds each village's counts, not its
    /// records: a checklist there would show every task as not begun. Says
    /// so instead (true: nothing to open).
    fn copy_has_no_records(&mut self) -> bool {
        if self.me.read_only {
            self.info(self.lang().ui().copy_no_records.to_string());
        }
        self.me.read_only
    }

    /// Open the checklist of a village at the month showing `period` (the
    /// current month if `period` contains today, else its last month), with
    /// `task` selected: where an overdue or open item can be seen.
    pub fn open_checklist_at(
        &mut self,
        code: &DivisionCode,
        period: Period,
        task: Option<u32>,
    ) -> Result<(), StoreError> {
        if self.copy_has_no_records() {
            return Ok(());
        }
        let month = if period.contains(self.today) {
            self.month()
        } else {
            Period::containing(PeriodKind::Month, period.due_date())
        };
        let same = self
            .checklist
            .as_ref()
            .is_some_and(|c| c.village.code == *code);
        if !same {
            self.checklist = Some(Checklist::open(code, &mut cx!(self))?);
        }
        if let Some(c) = &mut self.checklist {
            c.month = month;
            c.load(&mut cx!(self))?;
            if let Some(i) = task.and_then(|t| c.rows.iter().position(|r| r.task.number == t)) {
                c.sel.index = i;
            }
        }
        self.go(Screen::Checklist);
        Ok(())
    }

    /// Open the overdue list of `scope` (the year so far when it is new).
    pub fn open_overdue(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self
            .overdue
            .as_ref()
            .is_none_or(|v| v.scope().code != *scope)
        {
            let Some(v) = OverdueList::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.overdue = Some(v);
        }
        if let Some(v) = &mut self.overdue {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Overdue);
        Ok(())
    }

    /// Open the leave queue (请销假), loading it (its opening writes the
    /// overruns due).
    pub fn open_leave(&mut self) -> Result<(), StoreError> {
        let mut v = self.leave.take().unwrap_or_default();
        let r = v.load(&mut cx!(self));
        self.leave = Some(v);
        r?;
        self.go(Screen::Leave);
        Ok(())
    }
    /// Open the training screen of `scope` (this year when it is new).
    pub fn open_training(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self
            .training
            .as_ref()
            .is_none_or(|v| v.scope().code != *scope)
        {
            let Some(v) = super::training::TrainingView::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.training = Some(v);
        }
        if let Some(v) = &mut self.training {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Training);
        Ok(())
    }
    /// Open the recall ledger of `scope`.
    pub fn open_recall(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self
            .recall
            .as_ref()
            .is_none_or(|v| v.scope().code != *scope)
        {
            let Some(v) = super::recall::RecallView::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.recall = Some(v);
        }
        if let Some(v) = &mut self.recall {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Recall);
        Ok(())
    }

    /// Open the 未报送 list of `scope` (the current month when it is new).
    pub fn open_unreported(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self
            .unreported
            .as_ref()
            .is_none_or(|v| v.scope().code != *scope)
        {
            let Some(v) = Unreported::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.unreported = Some(v);
        }
        if let Some(v) = &mut self.unreported {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Unreported);
        Ok(())
    }

    /// Open 年度考核 of the county `scope` is in (the default year when
    /// it is another county's).
    pub fn open_assessment(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        let Some(v) = Assessment::open(scope, &mut cx!(self)) else {
            self.info(self.lang().assess().need_county.to_string());
            return Ok(());
        };
        if self
            .assessment
            .as_ref()
            .is_none_or(|a| a.county.code != v.county.code)
        {
            self.assessment = Some(v);
        }
        if let Some(a) = &mut self.assessment {
            a.load(&mut cx!(self))?;
        }
        self.go(Screen::Assessment);
        Ok(())
    }
    /// Open the 派出单位 screen of `scope` (this year when it is new).
    pub fn open_units(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self.units.as_ref().is_none_or(|v| v.scope().code != *scope) {
            let Some(v) = super::UnitsView::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.units = Some(v);
        }
        if let Some(v) = &mut self.units {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Units);
        Ok(())
    }

    /// Open the 工作队 tab of `scope`.
    pub fn open_teams(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if self.teams.as_ref().is_none_or(|v| v.scope().code != *scope) {
            let Some(v) = super::TeamsView::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.teams = Some(v);
        }
        if let Some(v) = &mut self.teams {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Teams);
        Ok(())
    }

    /// Open the follow-through of guidance item `id`.
    pub fn open_follow(&mut self, id: i64) -> Result<(), StoreError> {
        let Some(mut v) = FollowThrough::open(id, &mut cx!(self))? else {
            return Ok(());
        };
        v.load(&mut cx!(self))?;
        self.follow = Some(v);
        self.go(Screen::Follow);
        Ok(())
    }

    /// Open 补助发放 (at last month when it is new).
    pub fn open_allowance(&mut self) -> Result<(), StoreError> {
        if self.allowance.is_none() {
            self.allowance = Some(super::AllowanceView::open(&cx!(self)));
        }
        if let Some(v) = &mut self.allowance {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Allowance);
        Ok(())
    }
    /// Open the attendance grid of `scope` (a township or village); the
    /// grid already open for it keeps what was typed.
    pub fn open_attendance(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        if !matches!(scope.level(), Level::Township | Level::Village) {
            self.info(self.lang().attendance().pick_scope.to_string());
            return Ok(());
        }
        let same = self
            .attendance
            .as_ref()
            .is_some_and(|a| a.scope.code == *scope);
        if !same {
            if self.attendance.as_ref().is_some_and(|a| a.dirty) {
                self.info(self.lang().attendance().other_open.to_string());
                self.go(Screen::Attendance);
                return Ok(());
            }
            let Some(d) = cx!(self).division(scope) else {
                return Err(StoreError::UnknownDivision(scope.to_string()));
            };
            let mut v = AttendanceView::open(d, &mut cx!(self));
            let draft = self
                .draft_dir
                .as_deref()
                .and_then(|dir| self.store.attendance_draft(dir, scope));
            match draft {
                Some(g) => {
                    v.restore(g);
                    self.info(self.lang().attendance().draft_restored.to_string());
                }
                None => v.load(&mut cx!(self))?,
            }
            self.attendance = Some(v);
        } else if let Some(v) = &mut self.attendance {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Attendance);
        Ok(())
    }

    /// Open the village list of `scope`.
    pub fn open_villages(&mut self, scope: &DivisionCode) -> Result<(), StoreError> {
        let same = self
            .villages
            .as_ref()
            .is_some_and(|v| v.scope().code == *scope);
        if !same {
            let Some(v) = Villages::open(scope, &mut cx!(self)) else {
                return Ok(());
            };
            self.villages = Some(v);
        }
        if let Some(v) = &mut self.villages {
            v.load(&mut cx!(self))?;
        }
        self.go(Screen::Villages);
        Ok(())
    }

    /// Show the overview of `code` (a county or above, within scope).
    pub fn open_overview(&mut self, code: &DivisionCode) -> Result<(), StoreError> {
        if self.overview.show(code, &mut cx!(self))? {
            self.go(Screen::Overview);
        }
        Ok(())
    }

    /// The guidance list at `period` (keeping month or quarter view), with
    /// `select` selected.
    fn guidance_at(&mut self, period: Period, select: Option<i64>) -> Result<(), StoreError> {
        let v = &mut self.guidance;
        v.period = period.with_kind(v.period.kind());
        v.load(&mut cx!(self))?;
        if let Some(id) = select {
            self.guidance.select(id);
        }
        Ok(())
    }

    // ---- live updates -------------------------------------------------

    /// The database may have changed (an event from the watcher): when
    /// another connection committed, reload what is visible (selection and
    /// any half-typed text stay). Returns whether anything changed.
    pub fn poll_db(&mut self) -> bool {
        if !self.watch.changed(&self.store).unwrap_or(false) {
            return false;
        }
        self.generation += 1;
        self.reload_visible();
        self.mark_hidden_stale();
        true
    }

    /// Reload the current screen's data (and the overview, whose numbers
    /// every change moves).
    pub fn reload_visible(&mut self) {
        let cx = &mut cx!(self);
        let r = self.overview.load(cx).and_then(|()| match self.screen {
            Screen::Villages => self.villages.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Checklist => self.checklist.as_mut().map_or(Ok(()), |c| c.load(cx)),
            Screen::Guidance => self.guidance.load(cx),
            Screen::Overview => Ok(()),
            Screen::Overdue => self.overdue.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Unreported => self.unreported.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Follow => self.follow.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Allowance => self.allowance.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Assessment => self.assessment.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Leave => self.leave.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Training => self.training.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Recall => self.recall.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Attendance => self.attendance.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Units => self.units.as_mut().map_or(Ok(()), |v| v.load(cx)),
            Screen::Teams => self.teams.as_mut().map_or(Ok(()), |v| v.load(cx)),
        });
        if let Err(e) = r {
            self.store_error(e);
        }
    }

    /// After our own write: our connection's data version does not move,
    /// so reload explicitly.
    fn after_write(&mut self) {
        self.generation += 1;
        self.reload_visible();
        self.mark_hidden_stale();
    }

    /// Screens not visible reload when shown again.
    fn mark_hidden_stale(&mut self) {
        if self.screen != Screen::Villages
            && let Some(v) = &mut self.villages
        {
            v.stale = true;
        }
        if self.screen != Screen::Checklist
            && let Some(c) = &mut self.checklist
        {
            c.stale = true;
        }
        if self.screen != Screen::Overdue
            && let Some(v) = &mut self.overdue
        {
            v.stale = true;
        }
        if self.screen != Screen::Unreported
            && let Some(v) = &mut self.unreported
        {
            v.stale = true;
        }
        if self.screen != Screen::Follow
            && let Some(v) = &mut self.follow
        {
            v.stale = true;
        }
        if self.screen != Screen::Allowance
            && let Some(v) = &mut self.allowance
        {
            v.stale = true;
        }
        if self.screen != Screen::Assessment
            && let Some(v) = &mut self.assessment
        {
            v.stale = true;
        }
        if self.screen != Screen::Leave
            && let Some(v) = &mut self.leave
        {
            v.stale = true;
        }
        if self.screen != Screen::Training
            && let Some(v) = &mut self.training
        {
            v.stale = true;
        }
        if self.screen != Screen::Recall
            && let Some(v) = &mut self.recall
        {
            v.stale = true;
        }
        if self.screen != Screen::Attendance
            && let Some(v) = &mut self.attendance
        {
            v.stale = true;
        }
        if self.screen != Screen::Units
            && let Some(v) = &mut self.units
        {
            v.stale = true;
        }
        if self.screen != Screen::Teams
            && let Some(v) = &mut self.teams
        {
            v.stale = true;
        }
    }

    /// A screen shown again after data changed elsewhere reloads now, so it
    /// never shows old numbers until the next key.
    fn refresh_if_stale(&mut self) {
        let cx = &mut cx!(self);
        let r = match self.screen {
            Screen::Villages => match &mut self.villages {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Guidance if self.guidance.loaded_version != Some(cx.generation) => {
                self.guidance.load(cx)
            }
            Screen::Checklist => match &mut self.checklist {
                Some(c) if c.stale => c.load(cx),
                _ => Ok(()),
            },
            Screen::Overdue => match &mut self.overdue {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Unreported => match &mut self.unreported {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Follow => match &mut self.follow {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Allowance => match &mut self.allowance {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Assessment => match &mut self.assessment {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Leave => match &mut self.leave {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Training => match &mut self.training {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Recall => match &mut self.recall {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Attendance => match &mut self.attendance {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Units => match &mut self.units {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            Screen::Teams => match &mut self.teams {
                Some(v) if v.stale => v.load(cx),
                _ => Ok(()),
            },
            _ => Ok(()),
        };
        if let Err(e) = r {
            self.store_error(e);
        }
    }

    /// The status line shows a warning from a background check.
    pub fn set_warning(&mut self, text: String) {
        self.warning = Some(text);
    }

    /// How many times the data changed under this session (tests).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    // ---- writes ---------------------------------------------------------

    /// Send writes (records, grades, grid saves) to the event loop's writer
    /// as [`Request::Write`] (the screen stays live while a write waits for
    /// the database).
    pub fn write_in_background(&mut self) {
        self.background_writes = true;
    }

    /// Whether a record write is waiting for the database.
    pub fn saving(&self) -> bool {
        self.writing.is_some()
    }

    /// Start a record write: one at a time, so a key typed while a write
    /// waits never writes (another row) behind the user's back.
    fn start_write(&mut self, job: WriteJob, out: &mut Vec<Request>) {
        if self.writing.is_some() {
            self.info(self.lang().ui().msg_saving_wait.to_string());
            return;
        }
        if self.background_writes {
            self.writing = Some(job.clone());
            self.info(self.lang().ui().msg_saving.to_string());
            out.push(Request::Write(Job::Record(job)));
        } else {
            let outcome = record::perform(&mut self.store, &job);
            self.finish_write(job, outcome, out);
        }
    }

    /// While a write waits, a recording key on the same row waits for it
    /// (it then sees the saved version); on another row it does nothing
    /// and says so. None: the action goes ahead.
    fn hold_while_saving(&mut self, action: Action) -> Option<Effect> {
        let job = self.writing.as_ref()?;
        if self.screen != Screen::Checklist
            || !matches!(
                action,
                Action::MarkDone | Action::StatusMenu | Action::EditNote
            )
        {
            return None;
        }
        let i = &job.input;
        let same = self
            .checklist
            .as_ref()
            .and_then(|c| c.target())
            .is_some_and(|t| t.village == i.village && t.task == i.task && t.period == i.period);
        if same {
            self.deferred.push(action);
            return Some(Effect::Info(self.lang().ui().msg_saving.to_string()));
        }
        Some(Effect::Info(self.lang().ui().msg_saving_wait.to_string()))
    }

    /// A write the writer finished: its lane takes the result (and may
    /// ask for the next write).
    pub fn written(&mut self, done: Done) -> Vec<Request> {
        match done {
            Done::Record(job, outcome) => self.write_done(job, outcome),
            Done::Grade(job, outcome) => self.grade_done(job, outcome),
            Done::Grid(job, outcome) => self.grid_done(job, outcome),
        }
    }

    /// Whether any write (a record's, a grade's) is still with the writer:
    /// quitting and suspending wait a moment for it.
    pub fn writes_pending(&self) -> bool {
        self.writing.is_some() || !self.grading.is_empty() || self.grid_saving
    }

    /// Start a grid save (the grid asks for one at a time).
    fn start_grid_save(&mut self, job: Box<GridJob>, out: &mut Vec<Request>) {
        if self.background_writes {
            self.grid_saving = true;
            self.info(self.lang().ui().msg_saving.to_string());
            out.push(Request::Write(Job::Grid(job)));
        } else {
            let outcome = attendance::perform(&mut self.store, &job);
            self.finish_grid_save(&job, outcome, out);
        }
    }

    /// A grid save finished: the grid takes its result.
    pub fn grid_done(&mut self, job: Box<GridJob>, outcome: GridOutcome) -> Vec<Request> {
        self.grid_saving = false;
        let mut out = Vec::new();
        self.finish_grid_save(&job, outcome, &mut out);
        out
    }

    fn finish_grid_save(&mut self, job: &GridJob, outcome: GridOutcome, out: &mut Vec<Request>) {
        let effect = match &mut self.attendance {
            Some(v) => v.saved(job, outcome, &mut cx!(self)),
            None => match outcome {
                Ok(_) => Effect::None,
                Err(e) => Effect::Fail(e),
            },
        };
        self.apply(effect, out);
    }

    /// Start a grade write, or queue it behind the grades keyed before it:
    /// keys are never refused for a write under way, and they are written
    /// in the order they were pressed, each for the cadre it was pressed on.
    fn start_grade(&mut self, job: GradeJob, out: &mut Vec<Request>) {
        if !self.background_writes {
            let outcome = assessment::perform(&mut self.store, &job);
            self.finish_grade(&job, outcome, out);
            return;
        }
        if self.grading.is_empty() {
            out.push(Request::Write(Job::Grade(job.clone())));
        }
        self.grading.push_back(job);
    }

    /// A grade write finished: the screen takes its result and the next
    /// keyed grade goes to the writer (a later grade of the same cadre at
    /// the version this one wrote).
    pub fn grade_done(&mut self, job: GradeJob, outcome: GradeOutcome) -> Vec<Request> {
        let mut out = Vec::new();
        if self.grading.front().is_some_and(|j| j.input == job.input) {
            self.grading.pop_front();
        }
        if outcome.is_ok()
            && let Some(v) = job.input.expected_version
        {
            for j in self.grading.iter_mut() {
                if j.input.cadre == job.input.cadre && j.input.expected_version == Some(v) {
                    j.input.expected_version = Some(v + 1);
                }
            }
        }
        self.finish_grade(&job, outcome, &mut out);
        if let Some(next) = self.grading.front() {
            out.push(Request::Write(Job::Grade(next.clone())));
        }
        out
    }

    fn finish_grade(&mut self, job: &GradeJob, outcome: GradeOutcome, out: &mut Vec<Request>) {
        let effect = match &mut self.assessment {
            Some(a) => a.graded(job, outcome, &mut cx!(self)),
            None => match outcome {
                Ok(_) => Effect::None,
                Err(e) => Effect::Fail(e),
            },
        };
        self.apply(effect, out);
    }

    /// A background write finished; keys held for its row run now (unless
    /// it failed).
    pub fn write_done(&mut self, job: WriteJob, outcome: WriteOutcome) -> Vec<Request> {
        self.writing = None;
        let failed = matches!(outcome, WriteOutcome::Failed(_));
        let mut out = Vec::new();
        self.finish_write(job, outcome, &mut out);
        let held = std::mem::take(&mut self.deferred);
        if !failed {
            for a in held {
                out.extend(self.update(a));
            }
        }
        out
    }

    fn finish_write(&mut self, job: WriteJob, outcome: WriteOutcome, out: &mut Vec<Request>) {
        let effect = record::written(&mut cx!(self), job, outcome);
        self.apply(effect, out);
    }

    // ---- drafts and exports ---------------------------------------------

    /// Keep a note being typed as a draft (quit, hang-up, end of input).
    /// Returns whether a draft was written.
    pub fn save_draft_if_editing(&mut self) -> bool {
        let dir = self.draft_dir.clone();
        let note = popup::record::save_draft(&self.popups, dir.as_deref(), &mut cx!(self));
        note | self.save_form_draft() | self.save_attendance_draft() | self.save_entry_draft()
    }

    /// Keep an entry form with typed text (请假, 召回, 培训班) in the user's
    /// draft file for that form (a session ending with it open).
    fn save_entry_draft(&mut self) -> bool {
        let Some(dir) = &self.draft_dir else {
            return false;
        };
        let Some(f) = self.popups.iter().rev().find_map(|p| match p {
            Popup::Entry(f) if f.typed() => Some(f),
            _ => None,
        }) else {
            return false;
        };
        self.store
            .save_entry_draft(dir, &f.key(), f.version(), &f.texts())
            .is_ok()
    }

    /// Opening an entry form: what an ended session left typed in the same
    /// form (about the same record) is put back, and said so.
    fn restore_entry(&mut self, f: &mut popup::EntryForm) {
        let Some(d) = self
            .draft_dir
            .as_deref()
            .and_then(|dir| self.store.entry_draft(dir, &f.key()))
        else {
            return;
        };
        f.restore(&d.fields, d.version);
        let key = self
            .opts
            .keys
            .key_label(Ctx::Entry, Action::Cancel, self.opts.ascii);
        let msg = crate::i18n::ui::fill(self.lang().ui().msg_form_restored, &[&key]);
        self.info(msg);
    }

    /// Keep an attendance grid with unsaved changes in the user's draft
    /// file (a session ending with it typed). Returns whether it was kept.
    fn save_attendance_draft(&mut self) -> bool {
        let (Some(dir), Some(v)) = (&self.draft_dir, &self.attendance) else {
            return false;
        };
        match (&v.grid, v.dirty) {
            (Some(g), true) => self.store.save_attendance_draft(dir, g).is_ok(),
            _ => false,
        }
    }

    /// Keep the guidance form's typed fields in the user's draft file (a
    /// session ending with the form open). Returns whether it was kept.
    fn save_form_draft(&mut self) -> bool {
        let Some(dir) = &self.draft_dir else {
            return false;
        };
        let Some(f) = self.popups.iter().rev().find_map(|p| match p {
            Popup::Form(f) if f.typed() => Some(f),
            _ => None,
        }) else {
            return false;
        };
        self.store
            .save_form_draft(dir, f.editing, &f.texts())
            .is_ok()
    }

    /// Open the guidance form; what an ended session left typed in the
    /// same form (new, or editing the same item) is put back, and said so.
    fn open_form(&mut self, mut f: Box<popup::GuidanceForm>) {
        let kept = self
            .draft_dir
            .as_deref()
            .and_then(|d| self.store.form_draft(d))
            .filter(|d| d.editing == f.editing.map(|(id, _)| id));
        if let Some(d) = kept {
            f.restore(&d.fields);
            // Published against the version it was typed on: an edit made
            // since is a conflict, not overwritten.
            if let (Some((id, _)), Some(v)) = (f.editing, d.version) {
                f.editing = Some((id, v));
            }
            let key = self
                .opts
                .keys
                .key_label(Ctx::Form, Action::Cancel, self.opts.ascii);
            let msg = crate::i18n::ui::fill(self.lang().ui().msg_form_restored, &[&key]);
            self.info(msg);
        }
        self.popups.push(Popup::Form(f));
    }

    /// Keep a note typed in the popups being left as a draft, and say so
    /// (with the key that opens it again).
    fn keep_draft(&mut self) {
        if self.save_draft_if_editing() {
            let key = self
                .opts
                .keys
                .key_label(Ctx::Checklist, Action::EditNote, self.opts.ascii);
            let msg = crate::i18n::ui::fill(self.lang().ui().msg_draft_kept, &[&key]);
            self.info(msg);
        }
    }

    /// Keep notes being typed at the end of a session in draft files under
    /// `dir` as well, and take in the drafts earlier sessions left there.
    /// Returns how many were taken in.
    pub fn keep_drafts_in(&mut self, dir: std::path::PathBuf) -> usize {
        let n = self.store.adopt_draft_files(&dir).unwrap_or(0);
        self.draft_dir = Some(dir);
        n
    }

    /// Start an export (from the export form), unless one runs.
    fn start_export(
        &mut self,
        req: crate::transfer::export::ExportRequest,
        out: &mut Vec<Request>,
    ) {
        if self.exporting {
            self.info(self.lang().ui().msg_export_running.to_string());
            return;
        }
        self.info(super::export::start_text(self.lang(), &req));
        self.exporting = true;
        out.push(Request::Export(req));
    }

    pub fn export_progress(&mut self, done: u64, total: u64) {
        let msg = super::export::progress_text(self.lang(), done, total);
        self.info(msg);
    }

    /// The export finished: the file and its row count, or what went wrong.
    pub fn export_done(&mut self, result: Result<(String, u64), super::export::ExportError>) {
        self.exporting = false;
        let lang = self.lang();
        match result {
            Ok((path, rows)) => self.info(super::export::done_text(lang, &path, rows)),
            Err(e) => {
                // A store error in the same words as one in the foreground.
                let detail = match &e {
                    super::export::ExportError::Store(se) => cx!(self).error_text(se),
                    other => other.to_string(),
                };
                self.error(super::export::failed_text(lang, &detail));
            }
        }
    }
}
