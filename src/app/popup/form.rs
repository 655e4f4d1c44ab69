//! The guidance form (issue or edit a guidance point or prompt).

use super::Popup;
use crate::app::input::TextInput;
use crate::app::{Cx, Effect};
use crate::domain::{DivisionCode, Guidance, Period};
use crate::i18n::ui::fill;
use crate::store::GuidanceInput;

/// The guidance form's fields, in focus order.
pub const F_TITLE: usize = 0;
pub const F_PERIOD: usize = 1;
pub const F_SCOPE: usize = 2;
pub const F_TASKS: usize = 3;
pub const F_BODY: usize = 4;

#[derive(Debug, Clone)]
pub struct GuidanceForm {
    /// (id, version read) when editing.
    pub editing: Option<(i64, i64)>,
    pub fields: [TextInput; 5],
    pub focus: usize,
    pub error: Option<String>,
    /// The fields as the form opened, to tell whether anything was typed.
    start: Vec<String>,
}

impl GuidanceForm {
    /// An empty form for a new guidance item in `period` for `scope`.
    pub fn new(period: Period, scope: &DivisionCode) -> GuidanceForm {
        GuidanceForm::started(GuidanceForm {
            editing: None,
            fields: [
                TextInput::new("", 60),
                TextInput::new(&period.to_string(), 7),
                TextInput::new(scope.as_str(), 12),
                TextInput::new("", 80),
                TextInput::multiline("", 4000),
            ],
            focus: F_TITLE,
            error: None,
            start: Vec::new(),
        })
    }

    /// A form editing `g` (with the version read).
    pub fn edit(g: &Guidance) -> GuidanceForm {
        let tasks = crate::domain::guidance::encode_tasks(&g.tasks);
        GuidanceForm::started(GuidanceForm {
            editing: Some((g.id, g.version)),
            fields: [
                TextInput::new(&g.title, 60),
                TextInput::new(&g.period.to_string(), 7),
                TextInput::new(&g.scope, 12),
                TextInput::new(&tasks, 80),
                TextInput::multiline(&g.body, 4000),
            ],
            focus: F_TITLE,
            error: None,
            start: Vec::new(),
        })
    }

    /// Remember the fields as opened.
    fn started(mut f: GuidanceForm) -> GuidanceForm {
        f.start = f.fields.iter().map(TextInput::text).collect();
        f
    }

    /// Whether anything was typed since the form opened (Esc then asks
    /// before discarding it).
    pub fn typed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.start)
            .any(|(f, s)| f.text() != *s)
    }

    /// The fields' texts in focus order (kept as a draft when the session
    /// ends with the form open).
    pub fn texts(&self) -> Vec<String> {
        self.fields.iter().map(TextInput::text).collect()
    }

    /// Put back what a session that ended left typed (the form still counts
    /// as typed, so Esc asks before discarding it).
    pub fn restore(&mut self, texts: &[String]) {
        for (f, t) in self.fields.iter_mut().zip(texts) {
            f.set(t);
        }
    }

    pub fn field_mut(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus]
    }

    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// The period typed, to word the title (prompt or guidance point).
    pub fn period(&self) -> Option<Period> {
        Period::parse(&self.fields[F_PERIOD].text()).ok()
    }
}

/// A part of the task list that is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BadTask(String);

/// Parse "1,5,19" (also with Chinese commas or spaces).
fn parse_tasks(s: &str) -> Result<Vec<u32>, BadTask> {
    let mut out = Vec::new();
    for part in s
        .split([',', '，', '、', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        let n: u32 = part
            .trim()
            .parse()
            .map_err(|_| BadTask(part.trim().to_string()))?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

impl GuidanceForm {
    /// Read the fields; on a problem, the field to focus and the message.
    fn parse(&self, cx: &Cx) -> Result<GuidanceInput, (usize, String)> {
        let u = cx.lang().ui();
        let period = Period::parse(&self.fields[F_PERIOD].text())
            .map_err(|e| (F_PERIOD, fill(u.form_bad_period, &[&e.to_string()])))?;
        let scope = DivisionCode::parse(&self.fields[F_SCOPE].text())
            .map_err(|e| (F_SCOPE, fill(u.form_bad_scope, &[&e.to_string()])))?;
        let tasks = parse_tasks(&self.fields[F_TASKS].text())
            .map_err(|bad| (F_TASKS, fill(u.form_bad_tasks, &[&bad.0])))?;
        Ok(GuidanceInput {
            period,
            scope,
            title: self.fields[F_TITLE].text(),
            body: self.fields[F_BODY].text(),
            tasks,
        })
    }

    /// Ctrl-S: check the fields and ask for a confirmation that names
    /// the scope and how many villages it reaches. A problem keeps the form
    /// open with the message at the field.
    pub fn prepare(&mut self, cx: &mut Cx) -> Effect {
        match self.checked(cx) {
            Ok(p) => Effect::Push(Popup::ConfirmPublish(Box::new(p))),
            Err((field, msg)) => {
                self.focus = field;
                self.error = Some(msg);
                Effect::None
            }
        }
    }

    /// The fields read and checked, the scope's name and reach.
    fn checked(&self, cx: &mut Cx) -> Result<Publish, (usize, String)> {
        let input = self.parse(cx)?;
        let u = cx.lang().ui();
        if crate::domain::guidance::is_blank(&input.title, true) {
            return Err((F_TITLE, u.form_title_required.to_string()));
        }
        if crate::domain::guidance::is_blank(&input.body, false) {
            return Err((F_BODY, u.form_body_required.to_string()));
        }
        // Refused here (and audited) rather than after the confirmation.
        let record = match self.editing {
            Some((id, _)) => format!("guidance/{id}"),
            None => "guidance/new".to_string(),
        };
        let scope = input.scope.clone();
        let reach =
            cx.store
                .authorize(crate::store::Need::IssueGuidance, Some(&scope), &record)
                .and_then(|()| {
                    let d = cx.store.division(&scope)?.ok_or_else(|| {
                        crate::store::StoreError::UnknownDivision(scope.to_string())
                    })?;
                    Ok((d.name, cx.store.village_count(&scope)?))
                });
        let (scope_name, villages) = reach.map_err(|e| (F_SCOPE, cx.error_text(&e)))?;
        Ok(Publish {
            editing: self.editing,
            input,
            scope_name,
            villages,
        })
    }
}

/// Guidance checked and waiting for the confirmation to publish it.
#[derive(Debug, Clone)]
pub struct Publish {
    /// (id, version read) when editing.
    pub editing: Option<(i64, i64)>,
    pub input: GuidanceInput,
    pub scope_name: String,
    /// Villages at or below the scope.
    pub villages: u32,
}

impl Publish {
    /// Yes in the confirmation: write it; the confirmation and the form
    /// close. A refusal closes only the confirmation: the form keeps what
    /// was typed, and the reason shows in the status line.
    pub fn publish(&self, cx: &mut Cx) -> Effect {
        let input = &self.input;
        let r = match self.editing {
            Some((id, version)) => cx.store.edit_guidance(id, version, input).map(|_| id),
            None => cx.store.issue_guidance(input),
        };
        match r {
            Ok(id) => Effect::Many(vec![
                Effect::Pop,
                Effect::Pop,
                Effect::DropFormDraft,
                Effect::Guidance {
                    period: input.period,
                    select: Some(id),
                },
                Effect::Wrote(Some(fill(cx.lang().ui().msg_saved, &[&input.title]))),
            ]),
            Err(e) => Effect::Many(vec![Effect::Pop, Effect::Error(cx.error_text(&e))]),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tasks_parse() {
        assert_eq!(super::parse_tasks("1, 5，19、19").unwrap(), vec![1, 5, 19]);
        assert_eq!(super::parse_tasks("1,x").unwrap_err().0, "x");
        assert_eq!(super::parse_tasks("").unwrap(), Vec::<u32>::new());
    }
}
