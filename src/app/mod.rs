//! Application state and dispatch. Each screen and each popup owns its
//! behaviour (`update(&mut self, action, &mut Cx) -> Effect`); `App` holds
//! the state, hands actions to the top popup or the current screen, and
//! applies the effects they return. Effects that concern the terminal go
//! back to the event loop as [`Request`]s. Calls the store (short queries
//! and writes, never a transaction held across input or drawing) but does
//! no terminal I/O.

pub mod allowance;
pub mod assessment;
pub mod attendance;
pub mod checklist;
pub mod config;
pub mod export;
pub mod follow;
pub mod guidance;
pub mod input;
pub mod keys;
pub mod keyspec;
pub mod leave;
pub mod mouse;
pub mod overdue;
pub mod overview;
pub mod popup;
pub mod recall;
mod sel;
mod state;
pub mod teams;
pub mod training;
pub mod unit_forms;
pub mod units;
pub mod unreported;
pub mod villages;
pub mod writes;

use crate::domain::{Catalogue, Division, DivisionCode, Period, PeriodKind, UserRole};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use keys::{Action, Ctx, KeyTable};
use std::collections::HashMap;

/// Smallest terminal the layout is made for: below it the screen shows
/// only 终端太小 and keys do nothing but quit.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub use allowance::AllowanceView;
pub use assessment::Assessment;
pub use attendance::AttendanceView;
pub use checklist::Checklist;
pub use follow::FollowThrough;
pub use guidance::GuidanceView;
pub use leave::LeaveQueue;
pub use overdue::OverdueList;
pub use overview::Overview;
pub use popup::Popup;
pub use sel::Sel;
pub use state::App;
pub use teams::TeamsView;
pub use units::UnitsView;
pub use unreported::Unreported;
pub use villages::Villages;

/// The main screens; popups stack on top of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Villages,
    Checklist,
    Guidance,
    /// 逾期清单.
    Overdue,
    /// 未报送.
    Unreported,
    /// 落实情况 of one guidance point or prompt.
    Follow,
    /// 补助发放.
    Allowance,
    /// 年度考核.
    Assessment,
    /// 请销假.
    Leave,
    /// 培训.
    Training,
    /// 召回台账.
    Recall,
    /// 考勤: the attendance grid.
    Attendance,
    /// 派出单位 and their responsibility lists.
    Units,
    /// 工作队 tab.
    Teams,
}

impl Screen {
    pub fn ctx(self) -> Ctx {
        match self {
            Screen::Overview => Ctx::Overview,
            Screen::Villages => Ctx::Villages,
            Screen::Checklist => Ctx::Checklist,
            Screen::Guidance => Ctx::Guidance,
            Screen::Overdue => Ctx::Overdue,
            Screen::Unreported => Ctx::Unreported,
            Screen::Follow => Ctx::Follow,
            Screen::Allowance => Ctx::Allowance,
            Screen::Assessment => Ctx::Assessment,
            Screen::Leave => Ctx::Leave,
            Screen::Training => Ctx::Training,
            Screen::Recall => Ctx::Recall,
            Screen::Attendance => Ctx::Attendance,
            Screen::Units => Ctx::Units,
            Screen::Teams => Ctx::Teams,
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

/// How the UI looks: language, colours, ASCII drawing, keys.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub ascii: bool,
    pub keys: KeyTable,
    /// `mouse = true` in the config file: clicks and the wheel (off by default).
    pub mouse: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            color: true,
            ascii: false,
            keys: KeyTable::default(),
            mouse: false,
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
    /// A received copy (a province's database): nobody records or issues
    /// here; its figures come only through `zhucun pull`.
    pub read_only: bool,
}

impl Me {
    /// Whether this user may issue, edit and delete guidance.
    pub fn may_issue(&self) -> bool {
        !self.read_only && self.role.is_some_and(|r| r.can_issue_guidance())
    }

    /// Whether this user may record statuses and notes (and so keep drafts).
    pub fn may_record(&self) -> bool {
        !self.read_only && self.role.is_some_and(|r| r.can_record())
    }

    /// The words for "a role that cannot issue guidance".
    pub fn no_guidance_role(&self, lang: Lang) -> String {
        let role = self.role.map(|r| lang.user_role(r)).unwrap_or("-");
        fill(lang.ui().msg_no_guidance_role, &[role])
    }
}

/// What a screen or popup may use while it handles an action.
pub struct Cx<'a> {
    pub store: &'a mut Store,
    pub today: NaiveDate,
    pub opts: &'a Options,
    pub me: &'a Me,
    /// Divisions by code, cached (names for breadcrumbs and search).
    pub names: &'a mut HashMap<String, Division>,
    /// The data generation (bumped whenever the data may have changed).
    pub generation: u64,
    /// People's names for the accounts shown so far.
    pub people: &'a mut crate::store::People,
    /// What was last typed in the export form (path, period), offered
    /// again when it opens.
    pub export_memo: &'a mut Option<[String; 2]>,
}

impl Cx<'_> {
    pub fn lang(&self) -> Lang {
        self.opts.lang
    }

    /// The month containing today.
    pub fn month(&self) -> Period {
        Period::containing(PeriodKind::Month, self.today)
    }

    /// A division by code, cached.
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

    pub fn task_title(&self, task: u32) -> String {
        task_title(self.store.catalogue(), self.lang(), task)
    }

    /// Look up the names of these accounts (before a screen or popup that
    /// shows them is drawn); a failed look-up leaves the logins shown.
    pub fn know<'b>(&mut self, accounts: impl IntoIterator<Item = &'b str>) {
        let _ = self.store.learn_people(self.people, accounts);
    }

    /// The keys of `action` in `ctx` as shown to people.
    pub fn keys_label(&self, ctx: Ctx, action: Action) -> String {
        self.opts.keys.keys_label(ctx, action, self.opts.ascii)
    }

    /// Whether this user may issue, edit and delete guidance.
    pub fn may_issue(&self) -> bool {
        self.me.may_issue()
    }

    /// A store error in the user's language where the UI has words for it.
    pub fn error_text(&mut self, e: &StoreError) -> String {
        let lang = self.lang();
        let u = lang.ui();
        match e {
            StoreError::Busy => u.msg_busy.to_string(),
            StoreError::Denied { account, code, .. } => {
                let role = self.me.role.map(|r| lang.user_role(r)).unwrap_or("");
                let who = format!("{account} {role}");
                let place = DivisionCode::parse(code)
                    .ok()
                    .and_then(|c| self.division(&c))
                    .map(|d| d.name)
                    .unwrap_or_else(|| code.clone());
                fill(u.msg_denied, &[who.trim(), &place])
            }
            StoreError::DateRule(rule) => lang.date_rule(rule),
            other => fill(u.msg_error, &[&other.message(lang)]),
        }
    }
}

/// A task's title in `lang` (empty for an unknown number).
pub fn task_title(cat: &Catalogue, lang: Lang, task: u32) -> String {
    cat.task(task)
        .map(|t| match lang {
            Lang::Zh => t.title.clone(),
            Lang::En => t.title_en.clone(),
        })
        .unwrap_or_default()
}

/// What should happen after a screen or popup handled an action.
#[derive(Debug)]
pub enum Effect {
    None,
    /// Open a popup over the current one.
    Push(Popup),
    /// Close the top popup.
    Pop,
    /// Close the top popup and open another in its place.
    Replace(Popup),
    /// Switch to a main screen (loading it if needed).
    Show(Screen),
    /// Go to a division: a village's checklist, a township's village list,
    /// a larger division's overview.
    Open(DivisionCode),
    /// The village list of any division.
    OpenVillages(DivisionCode),
    /// Back to the screen before.
    Back,
    /// A write happened (reload what is shown), with the message to show.
    Wrote(Option<String>),
    /// Reload what is shown without a write of ours.
    Reload,
    /// Write a record (off the event loop when the app has a writer).
    Write(popup::record::WriteJob),
    /// Write a grade (off the event loop when the app has a writer).
    Grade(assessment::GradeJob),
    /// Save an attendance grid (off the event loop when the app has a writer).
    SaveGrid(Box<attendance::GridJob>),
    /// Close the note editor (its note was saved).
    CloseEditor,
    /// Open the guidance form, with what a session that ended left typed
    /// in the same form, if anything.
    OpenForm(Box<popup::GuidanceForm>),
    /// The guidance form was published or discarded: forget its draft.
    DropFormDraft,
    /// The topmost entry form was submitted or discarded: forget its draft.
    DropEntryDraft,
    /// Keep the note typed in the popups as a draft (they are being left
    /// without saving) and say so.
    KeepDraft,
    /// Start this export (in the background).
    Export(Box<crate::transfer::export::ExportRequest>),
    /// Show the guidance screen at `period`'s kind of period containing
    /// it, with the item `select` selected.
    Guidance {
        period: Period,
        select: Option<i64>,
    },
    /// A village's checklist at the month showing `period` (the current
    /// month if `period` contains today, else its last month), with
    /// `task` selected.
    OpenAt {
        village: DivisionCode,
        period: Period,
        task: Option<u32>,
    },
    /// The overdue list of a division.
    OverdueList(DivisionCode),
    /// The 未报送 list of a division.
    Unreported(DivisionCode),
    /// The recall ledger of a division.
    RecallLedger(DivisionCode),
    /// The follow-through of guidance item `id`.
    FollowThrough(i64),
    /// 补助发放.
    Allowance,
    /// 年度考核 of the county a division is in.
    Assessment(DivisionCode),
    /// The leave queue (请销假).
    LeaveQueue,
    /// The training screen of a division.
    Training(DivisionCode),
    /// The attendance grid of a township or village.
    Attendance(DivisionCode),
    /// The 派出单位 screen of a division.
    Units(DivisionCode),
    /// The 工作队 tab of a division.
    Teams(DivisionCode),
    Quit,
    Suspend,
    Redraw,
    Info(String),
    /// An error already in words.
    Error(String),
    /// A store error, worded by the app.
    Fail(StoreError),
    Many(Vec<Effect>),
}

impl Effect {
    /// The effect of a result: its value, or the error as [`Effect::Fail`].
    pub fn of(r: Result<Effect, StoreError>) -> Effect {
        r.unwrap_or_else(Effect::Fail)
    }
}

/// What the terminal should do, returned to the event loop.
#[derive(Debug)]
pub enum Request {
    Quit,
    /// Suspend the process (Ctrl-Z).
    Suspend,
    /// Clear the terminal and draw everything.
    Redraw,
    /// Run this export in the background.
    Export(crate::transfer::export::ExportRequest),
    /// Run this write (a record, a grade, a grid's save) on the writer's
    /// connection and report back with [`App::written`].
    Write(writes::Job),
}
