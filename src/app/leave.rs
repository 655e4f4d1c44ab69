//! 请销假: the leave requests of the user's scope, pending first, then by
//! first day and village code (never by a person's figures). Whoever
//! approves decides here: approve, refuse with a reason (a text popup that
//! keeps its text when the write fails), record the return (销假, today).
//! Opening the list writes the overruns due (leave past its end without
//! 销假 becomes 未在岗).

use super::input::TextInput;
use super::keys::Action;
use super::popup::entry::{EntryForm, EntryKind, Field, PickOption, Refusal};
use super::{Cx, Effect, Popup, Sel};
use crate::domain::attendance::DayCode;
use crate::domain::leave::LeaveState;
use crate::store::{LeaveInput, LeaveRow, StoreError};

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
        if action == Action::NewLeave {
            return new_form(cx);
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

/// The new-request form's fields, in focus order.
pub const LF_CADRE: usize = 0;
pub const LF_KIND: usize = 1;
pub const LF_FROM: usize = 2;
pub const LF_TO: usize = 3;
pub const LF_REASON: usize = 4;

/// The kinds a request takes, in the order the choice cycles.
pub const KINDS: [DayCode; 3] = [DayCode::PersonalLeave, DayCode::SickLeave, DayCode::Rest];

/// The cadres in post (today or later) at or below the user's scope, by
/// village code, role and start (never by a person's figures), as options
/// "name · village (id)".
pub fn cadre_options(cx: &mut Cx) -> Result<Vec<PickOption>, StoreError> {
    let scope = cx.me.scope.code.clone();
    let postings = cx.store.postings_under(&scope)?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in postings {
        let id = p.cadre.id;
        if id == 0 || p.member.end.is_some_and(|e| e < cx.today) || !seen.insert(id) {
            continue;
        }
        let village = crate::domain::DivisionCode::parse(&p.member.village)
            .ok()
            .and_then(|c| cx.division(&c))
            .map(|d| d.name)
            .unwrap_or_else(|| p.member.village.clone());
        let name = crate::domain::text::sanitize(&p.member.name, true);
        let village = crate::domain::text::sanitize(&village, true);
        let search = format!("{name} {village} {id}");
        out.push(PickOption::new(
            id,
            format!("{name} · {village} ({id})"),
            &search,
        ));
    }
    Ok(out)
}

/// `n`: the form for a new leave request, from today to today.
fn new_form(cx: &mut Cx) -> Effect {
    let options = match cadre_options(cx) {
        Ok(o) => o,
        Err(e) => return Effect::Fail(e),
    };
    let lang = cx.lang();
    let w = lang.leave_words();
    let today = cx.today.to_string();
    let kinds = KINDS
        .iter()
        .map(|k| lang.day_code(*k).to_string())
        .collect();
    let fields = vec![
        Field::pick(w.form_cadre, options, None),
        Field::choice(w.kind, kinds, 0),
        Field::text(w.from, &today, 10),
        Field::text(w.to, &today, 10),
        Field {
            off_note: w.form_reason_sick.to_string(),
            ..Field::text(w.reason, "", REFUSAL_MAX_CHARS)
        },
    ];
    let f = EntryForm::new(EntryKind::Leave, w.new_title.to_string(), fields);
    Effect::Push(Popup::Entry(Box::new(f)))
}

/// A sick leave keeps only its code: its reason field is not asked for.
pub fn form_changed(f: &mut EntryForm) {
    let sick = KINDS.get(f.fields[LF_KIND].index()) == Some(&DayCode::SickLeave);
    f.fields[LF_REASON].off = sick;
}

/// Submit the new-request form through the store's `request_leave` (the
/// call `zhucun leave request` makes).
pub fn submit_form(f: &mut EntryForm, cx: &mut Cx) -> Result<Effect, Refusal> {
    let lang = cx.lang();
    let w = lang.leave_words();
    let cadre = f.fields[LF_CADRE]
        .picked()
        .map(|o| o.id)
        .ok_or_else(|| Refusal::at(LF_CADRE, w.form_no_cadre.to_string()))?;
    let kind = KINDS[f.fields[LF_KIND].index().min(KINDS.len() - 1)];
    let from = f.date(LF_FROM, cx)?;
    let to = f.date(LF_TO, cx)?;
    let reason = if f.fields[LF_REASON].off {
        String::new()
    } else {
        f.text(LF_REASON)
    };
    let input = LeaveInput {
        cadre,
        kind,
        from,
        to,
        reason,
    };
    let id = cx
        .store
        .request_leave(&input)
        .map_err(|e| Refusal::whole(cx.error_text(&e)))?;
    let approver = cx
        .store
        .leave(id)
        .map(|l| format!(" · {} {}", w.approver, lang.approver(l.approver)))
        .unwrap_or_default();
    Ok(Effect::Many(vec![
        Effect::Pop,
        Effect::Wrote(Some(format!("{} {id}{approver}", w.requested))),
    ]))
}
