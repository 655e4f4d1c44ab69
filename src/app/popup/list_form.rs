//! The responsibility list's forms on the `U` screen (issue 12): add a
//! project to the selected village's list (`p`), or set its funds planned
//! and delivered (`m`). Saved through the store's versioned, audited list
//! edit with the version read when the form opened: a change in between
//! is "changed meanwhile", kept in the form.

use crate::app::input::TextInput;
use crate::app::{Cx, Effect};
use crate::domain::units::{self, ProjectStatus, yuan};
use crate::i18n::ui::fill;
use crate::store::{BundleEdit, ListKey, Project, StoreError, UnitProblem};

/// What the form enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormKind {
    /// Name, amount (yuan), status.
    Project,
    /// Funds planned, delivered (yuan).
    Funds,
}

#[derive(Debug, Clone)]
pub struct ListForm {
    pub kind: ListFormKind,
    pub key: ListKey,
    /// Unit and village, as shown in the form.
    pub what: String,
    /// The list's version when the form opened (0: no list yet).
    pub version: i64,
    pub fields: Vec<TextInput>,
    pub focus: usize,
    pub error: Option<String>,
}

impl ListForm {
    /// Open the form for the list of `key` (its funds filled in when
    /// setting them), or say why it cannot be opened.
    pub fn open(kind: ListFormKind, key: ListKey, what: String, cx: &Cx) -> Effect {
        if !cx.store.may_manage_lists(&key.village) {
            return Effect::Info(cx.lang().unit_words().read_only.to_string());
        }
        let current = match cx.store.bundle_input(&key) {
            Ok(b) => b,
            Err(e) => return Effect::Fail(e),
        };
        let fields = match kind {
            ListFormKind::Project => vec![
                TextInput::new("", crate::store::ITEM_MAX_CHARS),
                TextInput::new("", 20),
                TextInput::new(cx.lang().project_status(ProjectStatus::Planned), 10),
            ],
            ListFormKind::Funds => vec![
                TextInput::new(&yuan(current.funds_planned), 20),
                TextInput::new(&yuan(current.funds_delivered), 20),
            ],
        };
        Effect::Push(super::Popup::ListEdit(Box::new(ListForm {
            kind,
            key,
            what,
            version: current.version.unwrap_or(0),
            fields,
            focus: 0,
            error: None,
        })))
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

    fn refuse(&mut self, field: usize, text: String) -> Effect {
        self.focus = field;
        self.error = Some(text);
        Effect::None
    }

    /// Field `field` in fen (empty: 0), or why it is not an amount.
    fn amount(&self, field: usize, cx: &Cx) -> Result<i64, String> {
        let typed = self.fields[field].text();
        let t = crate::transfer::halfwidth(typed.trim()).into_owned();
        units::parse_yuan(if t.is_empty() { "0" } else { &t }).ok_or_else(|| {
            StoreError::invalid("amount", UnitProblem::NotAnAmount(t)).message(cx.lang())
        })
    }

    /// Check what was typed and save it; a problem (or a conflict) stays
    /// in the form, worded, with its field focused.
    pub fn submit(&mut self, cx: &mut Cx) -> Effect {
        let edit = match self.kind {
            ListFormKind::Project => {
                let name = self.fields[0].text().trim().to_string();
                if name.is_empty() {
                    let e = StoreError::invalid("project", UnitProblem::ProjectNoName);
                    return self.refuse(0, e.message(cx.lang()));
                }
                let amount = match self.amount(1, cx) {
                    Ok(a) => a,
                    Err(e) => return self.refuse(1, e),
                };
                let typed = self.fields[2].text();
                let Some(status) = units::parse_status(&typed) else {
                    let e = StoreError::invalid("status", UnitProblem::NotAStatus(typed));
                    return self.refuse(2, e.message(cx.lang()));
                };
                BundleEdit::AddProject(Project {
                    name,
                    amount,
                    status,
                })
            }
            ListFormKind::Funds => {
                let planned = match self.amount(0, cx) {
                    Ok(a) => a,
                    Err(e) => return self.refuse(0, e),
                };
                let delivered = match self.amount(1, cx) {
                    Ok(a) => a,
                    Err(e) => return self.refuse(1, e),
                };
                BundleEdit::Funds {
                    planned: Some(planned),
                    delivered: Some(delivered),
                }
            }
        };
        match cx.store.edit_bundle(&self.key, Some(self.version), &[edit]) {
            Ok(_) => {
                let msg = fill(cx.lang().unit_words().form_saved, &[&self.what]);
                Effect::Many(vec![Effect::Pop, Effect::Wrote(Some(msg))])
            }
            Err(e) => {
                let text = e.message(cx.lang());
                self.refuse(self.focus, text)
            }
        }
    }
}
