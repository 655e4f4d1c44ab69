//! 考勤: the attendance grid of a township or village for one month. A
//! cursor over the cells (rows = cadres, columns = days); number keys set
//! a code on the cell or on a marked range; `f` fills the empty days with
//! 在村, `c` copies last month's pattern by weekday; saving is one audited
//! write. Unsaved changes are asked about on Esc, kept as a draft when the
//! session ends, and kept as typed on a conflict.

use super::keys::{Action, Ctx};
use super::{Cx, Effect, Sel};
use crate::domain::attendance::DayCode;
use crate::domain::{Division, Period};
use crate::i18n::ui::fill;
use crate::store::{AttendanceGrid, MonthConflict, SaveOutcome, Store, StoreError, VillageSave};

/// A grid's save: it runs on the writer's connection, off the event loop,
/// like a record's (inline when the app has no writer), so a colleague's
/// long write holding the lock never stops the screen.
#[derive(Debug, Clone)]
pub struct GridJob {
    pub scope: crate::domain::DivisionCode,
    pub month: Period,
    pub villages: Vec<VillageSave>,
    /// "Keep mine" after a conflict: over the versions stored now.
    pub overriding: bool,
    /// The grid's edit count when the save was asked (edits made while it
    /// runs stay unsaved).
    pub edits: u64,
    /// Where to go once saved (the unsaved-changes prompt's "save").
    pub then: Option<Then>,
}

/// How a grid save ended.
pub type GridOutcome = Result<SaveOutcome, StoreError>;

/// Run a grid save on `store` (the app's or the writer's connection).
pub fn perform(store: &mut Store, job: &GridJob) -> GridOutcome {
    if !job.overriding {
        return store.save_attendance(job.month, &job.villages);
    }
    // Over the versions now stored, which the person has seen.
    let now = store.attendance_grid(&job.scope, job.month)?;
    let mut villages = job.villages.clone();
    for v in &mut villages {
        v.expected_version = now.month_state(&v.village).map_or(0, |m| m.version);
    }
    store.save_attendance_overriding(job.month, &villages)
}

/// A question the grid is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Close the month? (y/n)
    Close,
    /// Unsaved changes: 1 save, 2 discard, Esc keep editing; then go on
    /// with `then`.
    Leave(Then),
    /// A colleague saved meanwhile: 1 keep mine, 2 take theirs, Esc back.
    Conflict(MonthConflict),
}

/// Where the grid goes once the unsaved changes are settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Back,
    Month(Period),
}

#[derive(Debug, Clone)]
pub struct AttendanceView {
    /// From the user's scope down to the grid's.
    pub path: Vec<Division>,
    pub scope: Division,
    pub month: Period,
    /// The grid as typed (None until loaded).
    pub grid: Option<AttendanceGrid>,
    /// Changes not saved yet.
    pub dirty: bool,
    /// The cursor: row (a cadre) and day (1-based).
    pub sel: Sel,
    pub day: u32,
    /// The other corner of a marked range (row, day).
    pub anchor: Option<(usize, u32)>,
    pub prompt: Option<Prompt>,
    pub may_edit: bool,
    /// The first day shown (a Monday or the 1st), kept by the last frame.
    pub first_shown: std::cell::Cell<u32>,
    pub stale: bool,
    /// Edits made since the grid was loaded (each bumps it).
    pub edits: u64,
    /// A save is with the writer.
    pub saving: bool,
}

fn code_of(action: Action) -> Option<Option<DayCode>> {
    Some(match action {
        Action::CodePresent => Some(DayCode::Present),
        Action::CodeDutyOut => Some(DayCode::DutyOut),
        Action::CodeTraining => Some(DayCode::Training),
        Action::CodePersonalLeave => Some(DayCode::PersonalLeave),
        Action::CodeSickLeave => Some(DayCode::SickLeave),
        Action::CodeRest => Some(DayCode::Rest),
        Action::CodeAbsent => Some(DayCode::Absent),
        Action::ClearCode => None,
        _ => return None,
    })
}

impl AttendanceView {
    /// The grid of `scope` (a township or village) for the current month,
    /// not loaded yet.
    pub fn open(scope: Division, cx: &mut Cx) -> AttendanceView {
        let may_edit = cx.store.may_enter_attendance(&scope.code).unwrap_or(false);
        AttendanceView {
            path: cx.path_to(&scope.code),
            scope,
            month: cx.month(),
            grid: None,
            dirty: false,
            sel: Sel::default(),
            day: cx.today.format("%d").to_string().parse().unwrap_or(1),
            anchor: None,
            prompt: None,
            may_edit,
            first_shown: std::cell::Cell::new(1),
            stale: true,
            edits: 0,
            saving: false,
        }
    }

    /// The context keys are looked up in (a prompt has its own).
    pub fn ctx(&self) -> Ctx {
        match self.prompt {
            None => Ctx::Attendance,
            Some(Prompt::Close) => Ctx::Confirm,
            Some(_) => Ctx::Menu,
        }
    }

    /// (Re)load from the database; typed changes are never thrown away
    /// by a reload (another session's save shows at our save, as a conflict).
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        self.stale = false;
        if self.dirty {
            return Ok(());
        }
        let g = cx.store.attendance_grid(&self.scope.code, self.month)?;
        self.day = self.day.clamp(1, g.days());
        self.sel.clamp(g.lines.len());
        self.grid = Some(g);
        Ok(())
    }

    /// Put back a draft the last session left (it was typed on `grid`).
    pub fn restore(&mut self, grid: AttendanceGrid) {
        self.month = grid.month;
        self.grid = Some(grid);
        self.dirty = true;
        self.stale = false;
    }

    /// The rows (cadre index range) and days of the marked range, or the
    /// cursor's cell.
    pub fn marked(
        &self,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<u32>,
    ) {
        let (r, d) = (self.sel.index, self.day);
        match self.anchor {
            Some((ar, ad)) => (ar.min(r)..=ar.max(r), ad.min(d)..=ad.max(d)),
            None => (r..=r, d..=d),
        }
    }

    fn days(&self) -> u32 {
        self.grid.as_ref().map_or(31, |g| g.days())
    }

    fn rows(&self) -> usize {
        self.grid.as_ref().map_or(0, |g| g.lines.len())
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        if let Some(p) = self.prompt.clone() {
            return self.answer(p, action, cx);
        }
        if self.sel.apply(action, self.rows()) {
            return Effect::None;
        }
        if let Some(code) = code_of(action) {
            return self.set_code(code, cx);
        }
        match action {
            Action::CellLeft => {
                self.day = self.day.saturating_sub(1).max(1);
                Effect::None
            }
            Action::CellRight => {
                self.day = (self.day + 1).min(self.days());
                Effect::None
            }
            Action::MarkRange => {
                self.anchor = match self.anchor {
                    Some(_) => None,
                    None => Some((self.sel.index, self.day)),
                };
                Effect::None
            }
            Action::FillMonth => self.edit(cx, |g, c| {
                let n: u32 = g.lines.iter_mut().map(|l| l.row.fill_month()).sum();
                fill(c.lang().attendance().filled, &[&n.to_string()])
            }),
            Action::CopyLastMonth => self.copy_last_month(cx),
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::PrevPeriod {
                    self.month.prev()
                } else {
                    self.month.next()
                };
                if next.first_day() > cx.today {
                    return Effect::Info(cx.lang().weekly().msg_future.to_string());
                }
                self.go(Then::Month(next), cx)
            }
            Action::Save => self.save(cx, false, None),
            Action::CloseMonth => {
                if !self.may_edit {
                    return self.read_only(cx);
                }
                if self.dirty {
                    return Effect::Info(cx.lang().attendance().save_first.to_string());
                }
                self.prompt = Some(Prompt::Close);
                Effect::None
            }
            Action::Back => {
                if self.anchor.take().is_some() {
                    return Effect::None;
                }
                self.go(Then::Back, cx)
            }
            _ => Effect::None,
        }
    }

    fn read_only(&self, cx: &Cx) -> Effect {
        Effect::Info(cx.lang().attendance().msg_read_only.to_string())
    }

    /// Leave for `then`, asking first when there are unsaved changes.
    fn go(&mut self, then: Then, cx: &mut Cx) -> Effect {
        if self.saving {
            return Effect::Info(cx.lang().ui().msg_saving.to_string());
        }
        if self.dirty {
            self.prompt = Some(Prompt::Leave(then));
            return Effect::None;
        }
        self.proceed(then, cx)
    }

    fn proceed(&mut self, then: Then, cx: &mut Cx) -> Effect {
        match then {
            Then::Back => Effect::Back,
            Then::Month(m) => {
                self.month = m;
                self.anchor = None;
                Effect::of(self.load(cx).map(|()| Effect::None))
            }
        }
    }

    fn answer(&mut self, p: Prompt, action: Action, cx: &mut Cx) -> Effect {
        match (p, action) {
            (Prompt::Close, Action::Yes) => {
                self.prompt = None;
                self.close_month(cx)
            }
            (Prompt::Close, Action::No) => {
                self.prompt = None;
                Effect::None
            }
            (Prompt::Leave(then), Action::Pick1) => {
                self.prompt = None;
                self.save(cx, false, Some(then))
            }
            (Prompt::Leave(then), Action::Pick2) => {
                self.prompt = None;
                self.dirty = false;
                if let Err(e) = self.load(cx) {
                    return Effect::Fail(e);
                }
                self.proceed(then, cx)
            }
            (Prompt::Conflict(_), Action::Pick1) => {
                self.prompt = None;
                self.save(cx, true, None)
            }
            (Prompt::Conflict(_), Action::Pick2) => {
                self.prompt = None;
                self.dirty = false;
                Effect::Many(vec![
                    Effect::of(self.load(cx).map(|()| Effect::None)),
                    Effect::Reload,
                ])
            }
            (Prompt::Leave(_) | Prompt::Conflict(_), Action::Close) => {
                self.prompt = None;
                Effect::None
            }
            (p, _) => {
                self.prompt = Some(p);
                Effect::None
            }
        }
    }

    /// Change the typed grid (when this account may), marking it unsaved.
    fn edit(&mut self, cx: &mut Cx, f: impl FnOnce(&mut AttendanceGrid, &Cx) -> String) -> Effect {
        if !self.may_edit {
            return self.read_only(cx);
        }
        let Some(g) = self.grid.as_mut() else {
            return Effect::None;
        };
        let msg = f(g, &*cx);
        self.dirty = true;
        self.edits += 1;
        if msg.is_empty() {
            Effect::None
        } else {
            Effect::Info(msg)
        }
    }

    fn set_code(&mut self, code: Option<DayCode>, cx: &mut Cx) -> Effect {
        let (rows, days) = self.marked();
        let single = self.anchor.is_none();
        let e = self.edit(cx, |g, _| {
            for l in g
                .lines
                .iter_mut()
                .skip(*rows.start())
                .take(rows.clone().count())
            {
                l.row.fill_range(*days.start(), *days.end(), code);
            }
            String::new()
        });
        if matches!(e, Effect::None) {
            self.anchor = None;
            if single {
                // Typing along a row: the next day.
                self.day = (self.day + 1).min(self.days());
            }
        }
        e
    }

    fn copy_last_month(&mut self, cx: &mut Cx) -> Effect {
        if !self.may_edit {
            return self.read_only(cx);
        }
        let prev = match cx
            .store
            .attendance_grid(&self.scope.code, self.month.prev())
        {
            Ok(p) => p,
            Err(e) => return Effect::Fail(e),
        };
        self.edit(cx, |g, c| {
            let mut n = 0;
            for l in &mut g.lines {
                if let Some(p) = prev
                    .lines
                    .iter()
                    .find(|p| p.cadre == l.cadre && p.village == l.village)
                {
                    n += l.row.copy_pattern(g.first, &p.row);
                }
            }
            fill(c.lang().attendance().copied, &[&n.to_string()])
        })
    }

    /// Ask the writer to save the grid as typed (then go on with `then`).
    fn save(&mut self, cx: &mut Cx, overriding: bool, then: Option<Then>) -> Effect {
        if !self.may_edit {
            return self.read_only(cx);
        }
        if self.saving {
            return Effect::Info(cx.lang().ui().msg_saving.to_string());
        }
        let Some(g) = self.grid.as_ref() else {
            return Effect::None;
        };
        self.saving = true;
        Effect::SaveGrid(Box::new(GridJob {
            scope: self.scope.code.clone(),
            month: g.month,
            villages: g.to_save(),
            overriding,
            edits: self.edits,
            then,
        }))
    }

    /// A save finished: the grid is saved (unless edited meanwhile) and
    /// goes on where it was asked to; a colleague's save in between asks
    /// which to keep; an error keeps everything as typed.
    pub fn saved(&mut self, job: &GridJob, outcome: GridOutcome, cx: &mut Cx) -> Effect {
        if job.scope != self.scope.code || job.month != self.month {
            // Not this grid any more (cannot happen while it waits, as
            // leaving waits for it): only the message.
            return match outcome {
                Ok(SaveOutcome::Saved { cells, .. }) => Effect::Wrote(Some(fill(
                    cx.lang().attendance().saved,
                    &[&cells.to_string()],
                ))),
                Ok(SaveOutcome::Conflict(_)) => Effect::None,
                Err(e) => Effect::Fail(e),
            };
        }
        self.saving = false;
        match outcome {
            Ok(SaveOutcome::Saved { cells, versions }) => {
                self.dirty = self.edits != job.edits;
                // Typed on meanwhile: the next save is over this one.
                if let Some(g) = self.grid.as_mut() {
                    for (village, version) in versions {
                        match g.months.iter_mut().find(|m| m.village == village) {
                            Some(m) => m.version = version,
                            None => g.months.push(crate::store::MonthState {
                                village,
                                version,
                                saved_by: None,
                                saved_at: None,
                                closed_at: None,
                            }),
                        }
                    }
                }
                self.stale = true;
                let msg = fill(cx.lang().attendance().saved, &[&cells.to_string()]);
                match job.then {
                    Some(then) if !self.dirty => {
                        Effect::Many(vec![Effect::Wrote(Some(msg)), self.proceed(then, cx)])
                    }
                    _ => Effect::Wrote(Some(msg)),
                }
            }
            Ok(SaveOutcome::Conflict(c)) => {
                self.prompt = Some(Prompt::Conflict(c));
                Effect::None
            }
            Err(e) => Effect::Fail(e),
        }
    }

    fn close_month(&mut self, cx: &mut Cx) -> Effect {
        match cx
            .store
            .close_attendance_month(&self.scope.code, self.month)
        {
            Ok(leads) => {
                self.stale = true;
                let n = leads.iter().filter(|l| l.opened).count();
                Effect::Wrote(Some(fill(
                    cx.lang().attendance().closed_done,
                    &[&n.to_string()],
                )))
            }
            Err(e) => Effect::Fail(e),
        }
    }

    /// Whether `action` does something here for this user (footer hints).
    pub fn offers(&self, action: Action) -> bool {
        let editing = matches!(
            action,
            Action::FillMonth
                | Action::CopyLastMonth
                | Action::MarkRange
                | Action::Save
                | Action::CloseMonth
                | Action::ClearCode
        ) || code_of(action).is_some();
        !editing || self.may_edit
    }
}
