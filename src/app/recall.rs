//! 召回台账: a division's recall cases by stage (then village code, then
//! the day opened: never by a person's figures), the counts by stage, the
//! open automatic leads and the days each village waits for its
//! replacement. Enter shows the selected case's incidents and history.

use super::Popup;
use super::keys::Action;
use super::popup::entry::{EntryForm, EntryKind, Field, Refusal};
use super::{Cx, Effect, Sel};
use crate::domain::recall::{IncidentKind, IncidentSource};
use crate::domain::recall::{Stage, StepNeed};
use crate::domain::{Division, DivisionCode};
use crate::i18n::ui::fill;
use crate::store::{AuditRow, Incident, Ledger, NewIncident, RecallCase, StepRequest, StoreError};

/// What Enter shows under the list for one case.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub case: i64,
    pub incidents: Vec<Incident>,
    pub history: Vec<AuditRow>,
}

#[derive(Debug, Clone)]
pub struct RecallView {
    /// From the user's scope down to the division listed.
    pub path: Vec<Division>,
    scope: Division,
    pub ledger: Option<Ledger>,
    pub sel: Sel,
    pub detail: Option<CaseDetail>,
    /// Data changed while the list was not visible.
    pub stale: bool,
}

impl RecallView {
    /// The ledger of `scope` (None when it is outside the user's scope),
    /// not loaded yet.
    pub fn open(scope: &DivisionCode, cx: &mut Cx) -> Option<RecallView> {
        let path = cx.path_to(scope);
        let last = path.last()?.clone();
        Some(RecallView {
            path,
            scope: last,
            ledger: None,
            sel: Sel::default(),
            detail: None,
            stale: true,
        })
    }

    pub fn scope(&self) -> &Division {
        &self.scope
    }

    pub fn cases(&self) -> &[RecallCase] {
        self.ledger.as_ref().map_or(&[], |l| l.cases.as_slice())
    }

    pub fn selected(&self) -> Option<&RecallCase> {
        self.cases().get(self.sel.index)
    }

    /// (Re)load, keeping the selected case selected.
    pub fn load(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let keep = self.selected().map(|c| c.id);
        self.ledger = Some(cx.store.recall_ledger(&self.scope.code)?);
        self.stale = false;
        if let Some(id) = keep
            && let Some(i) = self.cases().iter().position(|c| c.id == id)
        {
            self.sel.index = i;
        }
        self.sel.clamp(self.cases().len());
        if let Some(d) = &self.detail {
            let id = d.case;
            self.detail = None;
            if self.selected().is_some_and(|c| c.id == id) {
                self.show_detail(cx)?;
            }
        }
        Ok(())
    }

    fn show_detail(&mut self, cx: &mut Cx) -> Result<(), StoreError> {
        let Some(c) = self.selected() else {
            return Ok(());
        };
        let (id, cadre, record) = (c.id, c.cadre, c.record());
        self.detail = Some(CaseDetail {
            case: id,
            incidents: cx.store.incidents_of(cadre)?,
            history: cx.store.history(&record)?,
        });
        Ok(())
    }

    /// Take a step on the selected case, against the version shown. A step
    /// that needs input (决定: the document number; 补派: the replacement;
    /// 约谈: a note) opens a form for it.
    fn step(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let Some(c) = self.selected() else {
            return Effect::None;
        };
        let lang = cx.lang();
        let to = if action == Action::RecallTalk {
            Stage::Talk
        } else {
            match c.stage.next() {
                Some(s) => s,
                None => Stage::Closed,
            }
        };
        if to.needs() != StepNeed::Nothing || to == Stage::Talk {
            return step_form(c, to, cx);
        }
        let req = StepRequest {
            case: c.id,
            to,
            on: None,
            doc_no: None,
            replacement: None,
            note: None,
            expected_version: Some(c.version),
        };
        match cx.store.advance_case(&req) {
            Ok(after) => Effect::Wrote(Some(fill(
                lang.recall().advanced,
                &[&after.id.to_string(), lang.stage(after.stage)],
            ))),
            Err(e) => Effect::Fail(e),
        }
    }

    /// Handle an action on the ledger.
    pub fn update(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.stale
            && let Err(e) = self.load(cx)
        {
            return Effect::Fail(e);
        }
        let before = self.sel.index;
        if self.sel.apply(action, self.cases().len()) {
            if self.sel.index != before {
                self.detail = None;
            }
            return Effect::None;
        }
        match action {
            Action::Open => {
                if self.detail.is_some() {
                    self.detail = None;
                    return Effect::None;
                }
                Effect::of(self.show_detail(cx).map(|()| Effect::None))
            }
            Action::Back if self.detail.is_some() => {
                self.detail = None;
                Effect::None
            }
            Action::Back => Effect::Back,
            Action::RecallNext | Action::RecallTalk => self.step(action, cx),
            Action::RecordIncident => match self.selected() {
                Some(c) => incident_form(c.cadre, &c.cadre_name, cx),
                None => Effect::Info(cx.lang().recall().form_no_case.into()),
            },
            Action::OpenCase => {
                // A case that ended (结案, 约谈 ...): a new one is likely about
                // the same cadre, so the form starts on them.
                let chosen = self
                    .selected()
                    .filter(|c| c.stage.is_final())
                    .map(|c| c.cadre);
                open_form(chosen, cx)
            }
            _ => Effect::None,
        }
    }
}

/// The longest note typed in a recall form.
const NOTE_MAX: usize = 200;

/// The incident form's fields, in focus order.
pub const IF_KIND: usize = 0;
pub const IF_DATE: usize = 1;
pub const IF_SOURCE: usize = 2;
pub const IF_NOTE: usize = 3;
pub const IF_OPEN: usize = 4;

/// The open-case form's fields.
pub const OF_CADRE: usize = 0;
pub const OF_DATE: usize = 1;
pub const OF_NOTE: usize = 2;

fn push(kind: EntryKind, title: String, fields: Vec<Field>) -> Effect {
    Effect::Push(Popup::Entry(Box::new(EntryForm::new(kind, title, fields))))
}

/// `i`: an incident about the selected case's cadre, today.
fn incident_form(cadre: i64, name: &str, cx: &mut Cx) -> Effect {
    let lang = cx.lang();
    let t = lang.recall();
    let kinds = IncidentKind::ALL
        .iter()
        .map(|k| lang.incident_kind(*k).to_string())
        .collect();
    let sources = IncidentSource::ALL
        .iter()
        .map(|s| lang.incident_source(*s).to_string())
        .collect();
    let fields = vec![
        Field::choice(t.col_kind, kinds, 0),
        Field::text(t.col_date, &cx.today.to_string(), 10),
        Field::choice(t.col_source, sources, 0),
        Field::text(t.col_note, "", NOTE_MAX),
        Field::choice(
            t.form_also_open,
            vec![t.form_no.to_string(), t.form_yes.to_string()],
            0,
        ),
    ];
    let title = fill(
        t.form_incident,
        &[&crate::domain::text::sanitize(name, true)],
    );
    let kind = EntryKind::Incident {
        cadre,
        name: name.to_string(),
    };
    push(kind, title, fields)
}

/// `o`: a case opened by hand about a cadre in post in the user's scope
/// (`chosen` first chosen, if in post).
fn open_form(chosen: Option<i64>, cx: &mut Cx) -> Effect {
    let options = match crate::app::leave::cadre_options(cx) {
        Ok(o) => o,
        Err(e) => return Effect::Fail(e),
    };
    let t = cx.lang().recall();
    let fields = vec![
        Field::pick(t.col_cadre, options, chosen),
        Field::text(t.col_date, &cx.today.to_string(), 10),
        Field::text(t.col_note, "", NOTE_MAX),
    ];
    push(EntryKind::OpenCase, t.form_open.to_string(), fields)
}

/// The fields a step asks for, in focus order: 决定 the document number,
/// 补派 the replacement's name and unit, then the day and a note.
fn step_fields(to: Stage, cx: &Cx) -> Vec<Field> {
    let t = cx.lang().recall();
    let mut v = Vec::new();
    match to.needs() {
        StepNeed::DocNo => v.push(Field::text(t.col_doc_no, "", 60)),
        StepNeed::Replacement => {
            v.push(Field::text(t.form_name, "", 40));
            v.push(Field::text(t.col_unit, "", 60));
        }
        StepNeed::Nothing => {}
    }
    let day = if to == Stage::Replaced {
        t.form_start
    } else {
        t.col_date
    };
    v.push(Field::text(day, &cx.today.to_string(), 10));
    v.push(Field::text(t.col_note, "", NOTE_MAX));
    v
}

fn step_form(c: &RecallCase, to: Stage, cx: &mut Cx) -> Effect {
    let lang = cx.lang();
    let title = fill(
        lang.recall().form_step,
        &[&c.id.to_string(), lang.stage(to)],
    );
    let kind = EntryKind::Step {
        case: c.id,
        version: c.version,
        to,
    };
    push(kind, title, step_fields(to, cx))
}

/// A required text field.
fn required(f: &EntryForm, i: usize, cx: &Cx) -> Result<String, Refusal> {
    let s = f.text(i);
    if s.is_empty() {
        let u = cx.lang().ui();
        return Err(Refusal::at(
            i,
            fill(u.entry_required, &[&f.fields[i].label]),
        ));
    }
    Ok(s)
}

/// Submit a recall form through the store calls `zhucun incident add`,
/// `zhucun recall open` and `zhucun recall advance|talk` make.
pub fn submit_form(f: &mut EntryForm, cx: &mut Cx) -> Result<Effect, Refusal> {
    let lang = cx.lang();
    let t = lang.recall();
    let fail = |cx: &mut Cx, e: StoreError| Refusal::whole(cx.error_text(&e));
    let msg = match f.kind.clone() {
        EntryKind::Incident { cadre, name } => {
            let on = f.date(IF_DATE, cx)?;
            let n = NewIncident {
                cadre,
                kind: IncidentKind::ALL[f.fields[IF_KIND].index()],
                source: IncidentSource::ALL[f.fields[IF_SOURCE].index()],
                on_date: Some(on),
                note: f.text(IF_NOTE),
                open_case: f.fields[IF_OPEN].index() == 1,
            };
            let (id, case) = cx.store.record_incident(&n).map_err(|e| fail(cx, e))?;
            let mut m = fill(t.incident_recorded, &[&id.to_string(), &name]);
            if let Some(c) = case {
                m = format!(
                    "{m}{}{}",
                    lang.ui().msg_sep,
                    fill(t.opened, &[&c.to_string(), &name])
                );
            }
            m
        }
        EntryKind::OpenCase => {
            let cadre = f.fields[OF_CADRE]
                .picked()
                .map(|o| o.id)
                .ok_or_else(|| Refusal::at(OF_CADRE, lang.leave_words().form_no_cadre.into()))?;
            let on = f.date(OF_DATE, cx)?;
            let id = cx
                .store
                .open_case(cadre, Some(on), &f.text(OF_NOTE))
                .map_err(|e| fail(cx, e))?;
            let name = cx
                .store
                .recall_case(id)
                .map(|c| c.cadre_name)
                .unwrap_or_default();
            fill(t.opened, &[&id.to_string(), &name])
        }
        EntryKind::Step { case, version, to } => {
            let n = f.fields.len();
            let (doc_no, replacement) = match to.needs() {
                StepNeed::DocNo => (Some(required(f, 0, cx)?), None),
                StepNeed::Replacement => (None, Some((required(f, 0, cx)?, required(f, 1, cx)?))),
                StepNeed::Nothing => (None, None),
            };
            let on = f.date(n - 2, cx)?;
            let note = Some(f.text(n - 1)).filter(|s| !s.is_empty());
            let req = StepRequest {
                case,
                to,
                on: Some(on),
                doc_no,
                replacement,
                note,
                expected_version: Some(version),
            };
            let after = cx.store.advance_case(&req).map_err(|e| fail(cx, e))?;
            fill(
                t.advanced,
                &[&after.id.to_string(), lang.stage(after.stage)],
            )
        }
        EntryKind::Leave | EntryKind::Session { .. } | EntryKind::Units { .. } => {
            return Err(Refusal::whole(String::new()));
        }
    };
    Ok(Effect::Many(vec![Effect::Pop, Effect::Wrote(Some(msg))]))
}
