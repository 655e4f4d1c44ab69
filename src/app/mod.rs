//! Application state and `update`: keys become actions, actions change
//! state. Calls the store (short queries and writes, never a transaction
//! held across input or drawing) but does no terminal I/O.

pub mod checklist;
pub mod config;
mod export;
pub mod guidance;
pub mod input;
pub mod keys;
pub mod keyspec;
pub mod overview;
pub mod popup;
pub mod villages;

use crate::domain::{Division, DivisionCode, Level, UserRole};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::watch::ChangeWatch;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keys::{Action, Ctx, KeySpec, KeyTable};
use std::cell::Cell;
use std::collections::HashMap;

pub use checklist::Checklist;
pub use guidance::GuidanceView;
pub use overview::Overview;
pub use popup::Popup;
pub use villages::Villages;

/// The main screens; popups stack on top of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Villages,
    Checklist,
    Guidance,
}

impl Screen {
    pub fn ctx(self) -> Ctx {
        match self {
            Screen::Overview => Ctx::Overview,
            Screen::Villages => Ctx::Villages,
            Screen::Checklist => Ctx::Checklist,
            Screen::Guidance => Ctx::Guidance,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgKind {
    Info,
    Warn,
    Error,
}

/// One line in the status bar, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MsgKind,
    pub text: String,
}

/// A selection in a list, with the scroll offset and page size the last
/// frame used (a memo of the view, kept so scrolling is stable).
#[derive(Debug, Clone, Default)]
pub struct Sel {
    pub index: usize,
    pub offset: Cell<usize>,
    pub page: Cell<usize>,
}

impl Sel {
    pub fn new(index: usize) -> Sel {
        Sel {
            index,
            ..Sel::default()
        }
    }

    /// Apply a movement action to a list of `len` items; false if the
    /// action is not a movement.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let page = self.page.get().max(1);
        let last = len.saturating_sub(1);
        self.index = match action {
            Action::Up => self.index.saturating_sub(1),
            Action::Down => (self.index + 1).min(last),
            Action::PageUp => self.index.saturating_sub(page),
            Action::PageDown => (self.index + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    pub fn clamp(&mut self, len: usize) {
        self.index = self.index.min(len.saturating_sub(1));
    }

    /// The first visible row for `height` rows, keeping the selection in
    /// view with as little scrolling as possible (records the result).
    pub fn scroll(&self, height: usize, len: usize) -> usize {
        let h = height.max(1);
        self.page.set(h);
        let mut off = self.offset.get().min(len.saturating_sub(h));
        if self.index < off {
            off = self.index;
        } else if self.index >= off + h {
            off = self.index + 1 - h;
        }
        self.offset.set(off);
        off
    }
}

/// How the UI looks: language, colours, ASCII drawing, keys.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub ascii: bool,
    pub keys: KeyTable,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            color: true,
            ascii: false,
            keys: KeyTable::default(),
        }
    }
}

/// Who is using the program.
#[derive(Debug, Clone)]
pub struct Me {
    pub account: String,
    pub role: Option<UserRole>,
    /// The user's scope, or the top of the database.
    pub scope: Division,
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
    /// Screens to return to with Back.
    back: Vec<Screen>,
    /// Notices other sessions' commits.
    watch: ChangeWatch,
    /// Bumped whenever the data may have changed (ours or theirs), so a
    /// screen loaded at an older generation reloads when shown.
    generation: u64,
    names: HashMap<String, Division>,
    pub quit: bool,
    /// The loop should suspend the process (Ctrl-Z).
    pub suspend: bool,
    /// The loop should clear the terminal and draw everything.
    pub redraw_all: bool,
    /// An export asked for, not yet started by the event loop.
    job: Option<crate::transfer::export::ExportRequest>,
    /// An export is running in the background.
    pub exporting: bool,
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
                StoreError::invalid(
                    "database",
                    "it has no divisions yet; load some with `zhucun init --demo` or an import",
                )
            })?,
        };
        let watch = ChangeWatch::new(&store)?;
        let me = Me {
            account: actor.account.clone(),
            role: actor.role(),
            scope: scope.clone(),
        };
        let mut app = App {
            store,
            today,
            overview: Overview::new(scope.clone()),
            villages: None,
            checklist: None,
            guidance: GuidanceView::new(today),
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
            quit: false,
            suspend: false,
            redraw_all: false,
            job: None,
            exporting: false,
        };
        app.load_overview()?;
        if scope.level() == Level::Village {
            app.open_checklist(&scope.code)?;
            app.back.clear();
        }
        Ok(app)
    }

    pub fn lang(&self) -> Lang {
        self.opts.lang
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for the event loop's shutdown path and tests.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The context keys are looked up in now.
    pub fn ctx(&self) -> Ctx {
        match self.popups.last() {
            Some(p) => p.ctx(),
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

    /// Show a store error in the status line, in the user's language where
    /// the UI has words for it.
    pub fn store_error(&mut self, e: StoreError) {
        let u = self.lang().ui();
        let text = match &e {
            StoreError::Busy => u.msg_busy.to_string(),
            StoreError::Denied { account, code, .. } => {
                let role = self.me.role.map(|r| self.lang().user_role(r)).unwrap_or("");
                let who = format!("{account} {role}");
                let place = DivisionCode::parse(code)
                    .ok()
                    .and_then(|c| self.store.division(&c).ok().flatten())
                    .map(|d| d.name)
                    .unwrap_or_else(|| code.clone());
                fill(u.msg_denied, &[who.trim(), &place])
            }
            other => fill(u.msg_error, &[&other.to_string()]),
        };
        self.error(text);
    }

    /// A division by code, cached (names for breadcrumbs and search).
    pub fn division(&mut self, code: &DivisionCode) -> Option<Division> {
        if let Some(d) = self.names.get(code.as_str()) {
            return Some(d.clone());
        }
        let d = self.store.division(code).ok().flatten()?;
        self.names.insert(code.to_string(), d.clone());
        Some(d)
    }

    /// The divisions from the user's scope down to `code`.
    pub fn path_to(&mut self, code: &DivisionCode) -> Vec<Division> {
        let root = self.me.scope.code.clone();
        let mut out: Vec<Division> = code
            .lineage()
            .into_iter()
            .take_while(|c| c.is_within(&root))
            .filter_map(|c| self.division(&c))
            .collect();
        out.reverse();
        out
    }

    // ---- keys ---------------------------------------------------------

    /// Handle one key press.
    pub fn on_key(&mut self, ev: KeyEvent) {
        self.message = None;
        let key = KeySpec::from_event(&ev);
        if key == keys::CTRL_C {
            self.quit();
            return;
        }
        let ctx = self.ctx();
        if ctx == Ctx::Input {
            match self.opts.keys.lookup(Ctx::Input, key) {
                Some(a) => self.update(a),
                None => self.edit_input(&ev),
            }
            return;
        }
        if let Some(a) = self.opts.keys.lookup(ctx, key) {
            self.update(a);
            self.refresh_if_stale();
        } else if ctx == Ctx::Menu
            && let KeyCode::Char(c @ '1'..='9') = ev.code
            && ev.modifiers.difference(KeyModifiers::SHIFT).is_empty()
        {
            self.choose_number(c as usize - '1' as usize);
        }
    }

    /// Pasted text goes to the text input, if one is open.
    pub fn on_paste(&mut self, text: &str) {
        if let Some(inp) = self.popups.last_mut().and_then(|p| p.input_mut()) {
            inp.insert_str(text);
            self.after_edit();
        }
    }

    fn edit_input(&mut self, ev: &KeyEvent) {
        if let Some(inp) = self.popups.last_mut().and_then(|p| p.input_mut())
            && inp.handle_key(ev)
        {
            self.after_edit();
        }
    }

    /// Dispatch an action to the top popup or the current screen.
    pub fn update(&mut self, action: Action) {
        if !self.popups.is_empty() {
            self.popup_action(action);
            return;
        }
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.open_help(),
            Action::Search => self.open_search(),
            Action::NextScreen => self.cycle_screen(true),
            Action::PrevScreen => self.cycle_screen(false),
            Action::Suspend => self.suspend = true,
            Action::Redraw => self.redraw_all = true,
            Action::Export if matches!(self.screen, Screen::Overview | Screen::Villages) => {
                self.start_export()
            }
            _ => {
                let r = match self.screen {
                    Screen::Overview => self.overview_action(action),
                    Screen::Villages => self.villages_action(action),
                    Screen::Checklist => self.checklist_action(action),
                    Screen::Guidance => self.guidance_action(action),
                };
                if let Err(e) = r {
                    self.store_error(e);
                }
            }
        }
    }

    /// Quit; a note being typed is kept as a draft.
    pub fn quit(&mut self) {
        self.save_draft_if_editing();
        self.quit = true;
    }

    /// Main screens in Tab order (the checklist only once one is open).
    fn screens(&self) -> Vec<Screen> {
        let mut v = vec![Screen::Overview, Screen::Villages];
        if self.checklist.is_some() {
            v.push(Screen::Checklist);
        }
        v.push(Screen::Guidance);
        v
    }

    fn cycle_screen(&mut self, forward: bool) {
        let list = self.screens();
        let i = list.iter().position(|s| *s == self.screen).unwrap_or(0);
        let n = list.len();
        let next = list[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        let r = self.show(next);
        if let Err(e) = r {
            self.store_error(e);
        }
    }

    /// Switch to a main screen, loading it if needed.
    pub fn show(&mut self, screen: Screen) -> Result<(), StoreError> {
        match screen {
            Screen::Villages if self.villages.is_none() => {
                let scope = self.overview.scope().code.clone();
                self.open_villages(&scope)?;
                return Ok(());
            }
            Screen::Guidance if self.guidance.loaded_version != Some(self.generation) => {
                self.load_guidance()?;
            }
            _ => {}
        }
        if screen != self.screen {
            self.back.push(self.screen);
        }
        self.screen = screen;
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

    // ---- live updates -------------------------------------------------

    /// Called about every 500 ms: when another connection committed,
    /// reload what is visible (selection and any half-typed text stay).
    /// Returns whether anything changed.
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
        let r = (|| {
            self.load_overview()?;
            match self.screen {
                Screen::Villages => self.load_villages()?,
                Screen::Checklist => self.load_checklist()?,
                Screen::Guidance => self.load_guidance()?,
                Screen::Overview => {}
            }
            Ok(())
        })();
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
    }

    /// A screen shown again after data changed elsewhere reloads now, so it
    /// never shows old numbers until the next key.
    fn refresh_if_stale(&mut self) {
        let r = match self.screen {
            Screen::Villages if self.villages.as_ref().is_some_and(|v| v.stale) => {
                self.load_villages()
            }
            Screen::Guidance if self.guidance.loaded_version != Some(self.generation) => {
                self.load_guidance()
            }
            Screen::Checklist if self.checklist.as_ref().is_some_and(|c| c.stale) => {
                self.load_checklist()
            }
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
}
