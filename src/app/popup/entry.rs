//! Typed entry forms (请假, 召回 incidents and steps, 培训班, the `U`
//! screen's responsibility list and help plan): labelled
//! fields of three kinds: free text, a choice among a few words (cycled
//! with ←/→), and a pick among many (a cadre: typing narrows the list,
//! ←/→ cycles what matches). Tab or Enter moves on, Enter on the last field
//! or Ctrl-S submits, Esc asks before discarding what was typed. A refusal
//! (a bad date, an overlap, a permission) shows in the form, at the field
//! it concerns where there is one, and the typed text stays.

use crate::app::input::TextInput;
use crate::app::keys::Action;
use crate::app::{Cx, Effect};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

/// One option of a pick field: what it stands for, what is shown, and the
/// text typing is matched against (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    pub id: i64,
    pub label: String,
    pub search: String,
}

impl PickOption {
    pub fn new(id: i64, label: String, search: &str) -> PickOption {
        PickOption {
            id,
            label,
            search: search.to_lowercase(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Value {
    Text(TextInput),
    /// One of a few words; `index` into `options`.
    Choice {
        options: Vec<String>,
        index: usize,
    },
    /// One of many: `query` narrows `options` to `matches` (indexes), of
    /// which `index` is the one chosen.
    Pick {
        query: TextInput,
        options: Vec<PickOption>,
        matches: Vec<usize>,
        index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    pub value: Value,
    /// Not asked for now (a sick leave's reason): skipped and not shown
    /// as editable.
    pub off: bool,
    /// Shown in place of the value while `off`.
    pub off_note: String,
}

impl Field {
    pub fn text(label: &str, initial: &str, max: usize) -> Field {
        Field {
            label: label.to_string(),
            value: Value::Text(TextInput::new(initial, max)),
            off: false,
            off_note: String::new(),
        }
    }

    /// A line of explanation under the fields (never focused, not typed).
    pub fn note(text: &str) -> Field {
        Field {
            label: String::new(),
            value: Value::Text(TextInput::new("", 1)),
            off: true,
            off_note: text.to_string(),
        }
    }

    pub fn choice(label: &str, options: Vec<String>, index: usize) -> Field {
        Field {
            label: label.to_string(),
            value: Value::Choice { options, index },
            off: false,
            off_note: String::new(),
        }
    }

    pub fn pick(label: &str, options: Vec<PickOption>, chosen: Option<i64>) -> Field {
        let index = chosen
            .and_then(|id| options.iter().position(|o| o.id == id))
            .unwrap_or(0);
        Field {
            label: label.to_string(),
            value: Value::Pick {
                query: TextInput::new("", 40),
                matches: (0..options.len()).collect(),
                options,
                index,
            },
            off: false,
            off_note: String::new(),
        }
    }

    /// The text typed (for a choice: its word; for a pick: the query).
    pub fn typed(&self) -> String {
        match &self.value {
            Value::Text(t) => t.text(),
            Value::Choice { options, index } => options.get(*index).cloned().unwrap_or_default(),
            Value::Pick { query, .. } => query.text(),
        }
    }

    /// A state to compare with the one the form opened with.
    fn state(&self) -> String {
        match &self.value {
            Value::Pick { query, .. } => format!("{}\u{1}{:?}", query.text(), self.picked()),
            _ => self.typed(),
        }
    }

    /// The chosen option of a choice field.
    pub fn index(&self) -> usize {
        match &self.value {
            Value::Choice { index, .. } => *index,
            _ => 0,
        }
    }

    /// The chosen option of a pick field (None: nothing matches).
    pub fn picked(&self) -> Option<&PickOption> {
        match &self.value {
            Value::Pick {
                options,
                matches,
                index,
                ..
            } => matches.get(*index).and_then(|i| options.get(*i)),
            _ => None,
        }
    }

    /// (matching, all) options of a pick field.
    pub fn counts(&self) -> (usize, usize) {
        match &self.value {
            Value::Pick {
                options, matches, ..
            } => (matches.len(), options.len()),
            _ => (0, 0),
        }
    }

    pub fn input(&self) -> Option<&TextInput> {
        match &self.value {
            Value::Text(t) => Some(t),
            Value::Pick { query, .. } => Some(query),
            Value::Choice { .. } => None,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        match &mut self.value {
            Value::Text(t) => Some(t),
            Value::Pick { query, .. } => Some(query),
            Value::Choice { .. } => None,
        }
    }

    /// ←/→ on a choice or pick: the option before or after (wrapping).
    /// Returns false on a text field (the caret moves instead).
    fn cycle(&mut self, forward: bool) -> bool {
        let (index, n) = match &mut self.value {
            Value::Choice { options, index } => (index, options.len()),
            Value::Pick { matches, index, .. } => (index, matches.len()),
            Value::Text(_) => return false,
        };
        if n > 0 {
            *index = if forward {
                (*index + 1) % n
            } else {
                (*index + n - 1) % n
            };
        }
        true
    }

    /// After the query of a pick changed: the options it matches (each
    /// word typed in the name, village or id), the first chosen.
    fn narrow(&mut self) {
        if let Value::Pick {
            query,
            options,
            matches,
            index,
        } = &mut self.value
        {
            let q = query.text().to_lowercase();
            let words: Vec<&str> = q.split_whitespace().collect();
            *matches = options
                .iter()
                .enumerate()
                .filter(|(_, o)| words.iter().all(|w| o.search.contains(w)))
                .map(|(i, _)| i)
                .collect();
            *index = 0;
        }
    }
}

/// What the form is for: which write its submit makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// 请假 for a cadre of the scope.
    Leave,
    /// An incident (四个一律) about a cadre.
    Incident { cadre: i64, name: String },
    /// A recall case (线索) opened by hand.
    OpenCase,
    /// A step of a case that needs input (决定, 补派, 约谈), against the
    /// version shown.
    Step {
        case: i64,
        version: i64,
        to: crate::domain::recall::Stage,
    },
    /// A training session: new, or (id, version read) when editing.
    Session { editing: Option<(i64, i64)> },
    /// A responsibility list's project, funds or item, or a help plan (`U`
    /// screen), against the version read (0: none yet); `what` names the
    /// unit, village and year.
    Units {
        form: crate::app::unit_forms::UnitForm,
        key: crate::store::ListKey,
        version: i64,
        what: String,
    },
}

#[derive(Debug, Clone)]
pub struct EntryForm {
    pub kind: EntryKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// The fields as the form opened, to tell whether anything was typed.
    start: Vec<String>,
}

impl EntryForm {
    pub fn new(kind: EntryKind, title: String, fields: Vec<Field>) -> EntryForm {
        let mut f = EntryForm {
            kind,
            title,
            fields,
            focus: 0,
            error: None,
            start: Vec::new(),
        };
        f.start = f.fields.iter().map(Field::state).collect();
        f
    }

    /// Whether anything was typed or chosen since the form opened (Esc then
    /// asks before discarding it).
    pub fn typed(&self) -> bool {
        // Restored from a draft: typed, whatever it holds.
        self.start.len() != self.fields.len()
            || self
                .fields
                .iter()
                .zip(&self.start)
                .any(|(f, s)| f.state() != *s)
    }

    /// Which form this is, and about which record: the name of the draft
    /// file it is kept in when a session ends with it typed.
    pub fn key(&self) -> String {
        match &self.kind {
            EntryKind::Leave => "leave".into(),
            EntryKind::Incident { cadre, .. } => format!("incident-{cadre}"),
            EntryKind::OpenCase => "open-case".into(),
            EntryKind::Step { case, to, .. } => format!("step-{case}-{}", to.key()),
            EntryKind::Session { editing: None } => "session-new".into(),
            EntryKind::Session {
                editing: Some((id, _)),
            } => format!("session-{id}"),
            EntryKind::Units { form, key, .. } => {
                format!(
                    "units-{}-{}-{}-{}",
                    form.key(),
                    key.unit,
                    key.village,
                    key.year
                )
            }
        }
    }

    /// The version of the record the form writes against (a step, an edit).
    pub fn version(&self) -> Option<i64> {
        match &self.kind {
            EntryKind::Step { version, .. }
            | EntryKind::Units { version, .. }
            | EntryKind::Session {
                editing: Some((_, version)),
            } => Some(*version),
            _ => None,
        }
    }

    /// The fields as kept in a draft: a text as typed, a choice as its
    /// index, a pick as "id|query" ("-|query" when nothing matches).
    pub fn texts(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| match &f.value {
                Value::Text(t) => t.text(),
                Value::Choice { index, .. } => index.to_string(),
                Value::Pick { query, .. } => {
                    let id = f.picked().map_or("-".to_string(), |o| o.id.to_string());
                    format!("{id}|{}", query.text())
                }
            })
            .collect()
    }

    /// Put back what a session that ended left typed, written against the
    /// version it was typed on (an edit made since is a conflict). The form
    /// still counts as typed, so Esc asks before discarding it.
    pub fn restore(&mut self, texts: &[String], version: Option<i64>) {
        for (f, t) in self.fields.iter_mut().zip(texts) {
            match &mut f.value {
                Value::Text(inp) => inp.set(t),
                Value::Choice { options, index } => {
                    if let Ok(i) = t.parse::<usize>()
                        && i < options.len()
                    {
                        *index = i;
                    }
                }
                Value::Pick { query, .. } => {
                    let (id, q) = t.split_once('|').unwrap_or(("-", t));
                    query.set(q);
                    f.narrow();
                    if let (
                        Ok(id),
                        Value::Pick {
                            options,
                            matches,
                            index,
                            ..
                        },
                    ) = (id.parse::<i64>(), &mut f.value)
                        && let Some(k) = matches.iter().position(|i| options[*i].id == id)
                    {
                        *index = k;
                    }
                }
            }
        }
        if let Some(v) = version {
            match &mut self.kind {
                EntryKind::Step { version, .. }
                | EntryKind::Units { version, .. }
                | EntryKind::Session {
                    editing: Some((_, version)),
                } => *version = v,
                _ => {}
            }
        }
        // The item and project forms: the restored text belongs to the
        // restored choice.
        if let EntryKind::Units {
            form:
                crate::app::unit_forms::UnitForm::Item { shown, .. }
                | crate::app::unit_forms::UnitForm::Project { shown, .. },
            ..
        } = &mut self.kind
        {
            *shown = self.fields[crate::app::unit_forms::IF_WHICH].index();
        }
        self.changed();
        self.start.clear();
    }

    /// The text input of the focused field (None on a choice).
    pub fn field_mut(&mut self) -> Option<&mut TextInput> {
        self.fields.get_mut(self.focus).and_then(Field::input_mut)
    }

    /// Tab / Shift-Tab: the next or previous field that is asked for.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for _ in 0..n {
            self.focus = if forward {
                (self.focus + 1) % n
            } else {
                (self.focus + n - 1) % n
            };
            if !self.fields[self.focus].off {
                return;
            }
        }
    }

    /// Whether the focus is on the last field asked for (Enter submits).
    pub fn at_last(&self) -> bool {
        !self.fields[self.focus + 1..].iter().any(|f| !f.off)
    }

    /// ←/→: cycle a choice or pick; false on a text field.
    pub fn cycle(&mut self, forward: bool) -> bool {
        let done = self
            .fields
            .get_mut(self.focus)
            .is_some_and(|f| f.cycle(forward));
        if done {
            self.changed();
        }
        done
    }

    /// A character typed on a choice: the next option starting with it
    /// (事 for 事假, p for policy). False when the focus is not on a choice.
    pub fn type_choice(&mut self, c: char) -> bool {
        let Some(Value::Choice { options, index }) =
            self.fields.get_mut(self.focus).map(|f| &mut f.value)
        else {
            return false;
        };
        let n = options.len();
        let lower: String = c.to_lowercase().collect();
        if let Some(k) = (1..=n)
            .map(|step| (*index + step) % n)
            .find(|k| options[*k].to_lowercase().starts_with(&lower))
        {
            *index = k;
            self.changed();
        }
        true
    }

    /// After typing in the focused field.
    pub fn edited(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.narrow();
        }
        self.changed();
    }

    /// What depends on a choice (a sick leave takes no reason).
    fn changed(&mut self) {
        match self.kind {
            EntryKind::Leave => crate::app::leave::form_changed(self),
            EntryKind::Units { .. } => crate::app::unit_forms::form_changed(self),
            _ => {}
        }
    }

    /// Enter on the last field or Ctrl-S: the write, or the refusal shown
    /// in the form (the typed text stays).
    pub fn submit(&mut self, cx: &mut Cx) -> Effect {
        let r = match self.kind {
            EntryKind::Leave => crate::app::leave::submit_form(self, cx),
            EntryKind::Incident { .. } | EntryKind::OpenCase | EntryKind::Step { .. } => {
                crate::app::recall::submit_form(self, cx)
            }
            EntryKind::Session { .. } => crate::app::training::submit_form(self, cx),
            EntryKind::Units { .. } => crate::app::unit_forms::submit_form(self, cx),
        };
        match r {
            Ok(e) => Effect::Many(vec![Effect::DropEntryDraft, e]),
            Err(Refusal { field, text }) => {
                if let Some(i) = field {
                    self.focus = i;
                }
                self.error = Some(text);
                Effect::None
            }
        }
    }

    /// The form's own keys (None: the popup's common handling).
    pub fn action(&mut self, action: Action, cx: &mut Cx) -> Option<Effect> {
        match action {
            Action::SubmitForm => Some(self.submit(cx)),
            Action::FormEnter if self.at_last() => Some(self.submit(cx)),
            Action::FormEnter | Action::NextField => {
                self.move_focus(true);
                Some(Effect::None)
            }
            Action::PrevField => {
                self.move_focus(false);
                Some(Effect::None)
            }
            Action::ChoicePrev | Action::ChoiceNext => {
                let forward = action == Action::ChoiceNext;
                if !self.cycle(forward)
                    && let Some(inp) = self.field_mut()
                {
                    let code = if forward {
                        KeyCode::Right
                    } else {
                        KeyCode::Left
                    };
                    inp.handle_key(&KeyEvent::from(code));
                }
                Some(Effect::None)
            }
            _ => None,
        }
    }

    /// A field's text, trimmed.
    pub fn text(&self, i: usize) -> String {
        self.fields[i].typed().trim().to_string()
    }

    /// A date field (YYYY-MM-DD); the refusal names the field.
    pub fn date(&self, i: usize, cx: &Cx) -> Result<NaiveDate, Refusal> {
        let s = self.text(i);
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            let u = cx.lang().ui();
            Refusal::at(
                i,
                crate::i18n::ui::fill(u.entry_bad_date, &[&self.fields[i].label, &s]),
            )
        })
    }
}

/// Why a submit was refused: the field to focus (None: the form as a
/// whole, e.g. a permission) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: Option<usize>,
    pub text: String,
}

impl Refusal {
    pub fn at(field: usize, text: String) -> Refusal {
        Refusal {
            field: Some(field),
            text,
        }
    }

    pub fn whole(text: String) -> Refusal {
        Refusal { field: None, text }
    }
}
