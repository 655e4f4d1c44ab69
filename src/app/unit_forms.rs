//! The forms of the `U` screen's responsibility list (issue 12), on the
//! shared entry-form code: a responsibility item (`r`) and a project (`p`)
//! added, or chosen by number and changed or removed (emptied), the funds
//! planned and delivered (`m`) of the selected village's list, and the
//! unit's help plan for the village (`b`: goals, budget, linked duty tasks
//! by number, named as typed and checked against the catalogue, approval
//! date). Each is saved through the store's versioned, audited list or plan
//! edit with the version read when the form opened: a colleague's change in
//! between is the conflict message, in the form, the text kept; a second
//! Ctrl-S then saves it over theirs. Who may
//! write is the store's decision: a refusal (audited there) shows in the
//! form.

use super::popup::entry::{EntryForm, EntryKind, Field, Refusal};
use super::{Cx, Effect, Popup};
use crate::domain::units::{self, ProjectStatus, yuan};
use crate::i18n::ui::fill;
use crate::store::{
    BundleEdit, Detail, GOALS_MAX_CHARS, ITEM_MAX_CHARS, ListKey, PlanEdit, Project, StoreError,
    UnitProblem,
};

/// Which of the list's forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitForm {
    /// A project: the projects as read (the fields show the one chosen),
    /// and the choice the fields were last filled for.
    Project {
        projects: Vec<Project>,
        shown: usize,
    },
    Funds,
    /// A responsibility item: the items as read (the text field shows the
    /// one chosen), and the choice the text was last filled for.
    Item {
        items: Vec<String>,
        shown: usize,
    },
    /// The help plan: the catalogue's task titles by number (the linked
    /// tasks typed are named under their field as they are typed).
    Plan {
        titles: Vec<(u32, String)>,
    },
}

impl UnitForm {
    /// The form's part of its draft file's name.
    pub fn key(&self) -> &'static str {
        match self {
            UnitForm::Project { .. } => "project",
            UnitForm::Funds => "funds",
            UnitForm::Item { .. } => "item",
            UnitForm::Plan { .. } => "plan",
        }
    }
}

/// The project form's fields: which project (new, 1, 2, ...), its name,
/// amount and status.
pub const PF_WHICH: usize = 0;
pub const PF_NAME: usize = 1;
pub const PF_AMOUNT: usize = 2;
pub const PF_STATUS: usize = 3;
/// The funds form's fields.
pub const FF_PLANNED: usize = 0;
pub const FF_DELIVERED: usize = 1;
/// The item form's fields: which item (new, 1, 2, ...) and its text (the
/// which-choice is field 0 in both forms).
pub const IF_WHICH: usize = 0;
pub const IF_TEXT: usize = 1;
/// The help plan form's fields.
pub const HF_GOALS: usize = 0;
pub const HF_BUDGET: usize = 1;
pub const HF_TASKS: usize = 2;
/// The titles of the tasks typed (a note, not typed in).
pub const HF_TITLES: usize = 3;
pub const HF_APPROVED: usize = 4;

/// Open `form` for the list (or plan) of `key`, filled with what is stored
/// now, against the version read. `what` names the unit, village and year.
pub fn open(form: UnitForm, key: ListKey, what: String, cx: &mut Cx) -> Effect {
    let lang = cx.lang();
    let w = lang.unit_words();
    let (form, title, fields, version) = match form {
        UnitForm::Plan { .. } => {
            let cat = cx.store.catalogue();
            let titles = cat
                .tasks
                .iter()
                .map(|t| (t.number, super::task_title(cat, lang, t.number)))
                .collect();
            let plan = match cx
                .store
                .responsibility_list(key.unit, &key.village, key.year)
            {
                Ok(d) => d.villages.into_iter().find_map(|v| v.plan),
                Err(e) => return Effect::Fail(e),
            };
            let text =
                |f: fn(&crate::store::HelpPlan) -> String| plan.as_ref().map(f).unwrap_or_default();
            let fields = vec![
                Field::text(w.form_goals, &text(|p| p.goals.clone()), GOALS_MAX_CHARS),
                Field::text(w.form_budget, &text(|p| yuan(p.budget)), 20),
                Field::text(
                    w.form_tasks,
                    &text(|p| {
                        let t: Vec<String> = p.tasks.iter().map(u32::to_string).collect();
                        t.join(", ")
                    }),
                    200,
                ),
                Field::note(""),
                Field::text(
                    w.form_approved,
                    &text(|p| p.approved_on.map(|d| d.to_string()).unwrap_or_default()),
                    10,
                ),
                Field::note(w.form_plan_note),
            ];
            let version = plan.as_ref().map_or(0, |p| p.version);
            (UnitForm::Plan { titles }, w.form_plan, fields, version)
        }
        form => {
            let current = match cx.store.bundle_input(&key) {
                Ok(b) => b,
                Err(e) => return Effect::Fail(e),
            };
            let version = current.version.unwrap_or(0);
            match form {
                UnitForm::Project { .. } => {
                    let statuses = ProjectStatus::ALL
                        .iter()
                        .map(|s| lang.project_status(*s).to_string())
                        .collect();
                    let fields = vec![
                        Field::choice(w.form_item_which, which(w, current.projects.len()), 0),
                        Field::text(w.form_name, "", ITEM_MAX_CHARS),
                        Field::text(w.form_amount, "", 20),
                        Field::choice(w.form_status, statuses, 0),
                        Field::note(w.form_project_note),
                    ];
                    let form = UnitForm::Project {
                        projects: current.projects,
                        shown: 0,
                    };
                    (form, w.form_project, fields, version)
                }
                UnitForm::Funds => {
                    let fields = vec![
                        Field::text(w.form_planned, &yuan(current.funds_planned), 20),
                        Field::text(w.form_delivered, &yuan(current.funds_delivered), 20),
                    ];
                    (UnitForm::Funds, w.form_funds, fields, version)
                }
                _ => {
                    let fields = vec![
                        Field::choice(w.form_item_which, which(w, current.duties.len()), 0),
                        Field::text(w.form_item_text, "", ITEM_MAX_CHARS),
                        Field::note(w.form_item_note),
                    ];
                    let form = UnitForm::Item {
                        items: current.duties,
                        shown: 0,
                    };
                    (form, w.form_item, fields, version)
                }
            }
        }
    };
    let title = format!("{title} · {what}");
    let kind = EntryKind::Units {
        form,
        key,
        version,
        what,
    };
    let mut f = EntryForm::new(kind, title, fields);
    form_changed(&mut f);
    Effect::Push(Popup::Entry(Box::new(f)))
}

/// The options of a "which one" choice: a new one, or one of `n`.
fn which(w: &crate::i18n::units::UnitWords, n: usize) -> Vec<String> {
    let mut out = vec![w.item_new.to_string()];
    out.extend((1..=n).map(|k| fill(w.item_n, &[&k.to_string()])));
    out
}

/// What the item or project form's fields after the choice hold for choice
/// `i` (0: a new one, empty).
fn record_texts(form: &UnitForm, i: usize) -> Vec<String> {
    match form {
        UnitForm::Item { items, .. } => {
            vec![
                i.checked_sub(1)
                    .and_then(|k| items.get(k))
                    .cloned()
                    .unwrap_or_default(),
            ]
        }
        UnitForm::Project { projects, .. } => {
            match i.checked_sub(1).and_then(|k| projects.get(k)) {
                Some(p) => {
                    let status = ProjectStatus::ALL
                        .iter()
                        .position(|s| *s == p.status)
                        .unwrap_or(0);
                    vec![p.name.clone(), yuan(p.amount), status.to_string()]
                }
                None => vec![String::new(), String::new(), "0".into()],
            }
        }
        _ => Vec::new(),
    }
}

/// After a change in a form: the plan names the linked tasks typed; in the
/// item and project forms, choosing another one shows its fields, unless
/// the fields shown were changed (what was typed is never replaced).
pub fn form_changed(f: &mut EntryForm) {
    if let EntryKind::Units {
        form: UnitForm::Plan { titles },
        ..
    } = &f.kind
    {
        let note = task_titles(titles, &f.text(HF_TASKS));
        f.fields[HF_TITLES].off_note = note;
        return;
    }
    let EntryKind::Units { form, .. } = &f.kind else {
        return;
    };
    let shown = match form {
        UnitForm::Item { shown, .. } | UnitForm::Project { shown, .. } => *shown,
        _ => return,
    };
    let chosen = f.fields[0].index();
    if chosen == shown {
        return;
    }
    let (was, now) = (record_texts(form, shown), record_texts(form, chosen));
    let fields = 1..=was.len();
    let current: Vec<String> = f.fields[fields.clone()]
        .iter()
        .map(|x| match &x.value {
            super::popup::entry::Value::Choice { index, .. } => index.to_string(),
            _ => x.typed(),
        })
        .collect();
    if current == was {
        for (x, t) in f.fields[fields].iter_mut().zip(&now) {
            match &mut x.value {
                super::popup::entry::Value::Choice { index, .. } => {
                    *index = t.parse().unwrap_or(0);
                }
                _ => {
                    if let Some(inp) = x.input_mut() {
                        inp.set(t);
                    }
                }
            }
        }
    }
    if let EntryKind::Units {
        form: UnitForm::Item { shown, .. } | UnitForm::Project { shown, .. },
        ..
    } = &mut f.kind
    {
        *shown = chosen;
    }
}

/// "→ 3 title · 7 title" for the task numbers typed (a number not in the
/// catalogue as "7 ?"); empty while nothing or something else is typed.
fn task_titles(titles: &[(u32, String)], typed: &str) -> String {
    let Ok(numbers) = units::task_numbers(&crate::transfer::halfwidth(typed)) else {
        return String::new();
    };
    if numbers.is_empty() {
        return String::new();
    }
    let named: Vec<String> = numbers
        .iter()
        .map(|n| match titles.iter().find(|(k, _)| k == n) {
            Some((_, t)) => format!("{n} {t}"),
            None => format!("{n} ?"),
        })
        .collect();
    format!("→ {}", named.join(" · "))
}

/// Field `i` in fen (empty: 0), or why it is not an amount.
fn amount(f: &EntryForm, i: usize, cx: &Cx) -> Result<i64, Refusal> {
    let t = crate::transfer::halfwidth(&f.text(i)).into_owned();
    units::parse_yuan(if t.is_empty() { "0" } else { &t }).ok_or_else(|| {
        let e = StoreError::invalid(&f.fields[i].label, UnitProblem::NotAnAmount(t));
        Refusal::at(i, e.message(cx.lang()))
    })
}

fn problem(f: &EntryForm, i: usize, p: impl Into<Detail>, cx: &Cx) -> Refusal {
    let e = StoreError::invalid(&f.fields[i].label, p);
    Refusal::at(i, e.message(cx.lang()))
}

/// The list edit the project, funds or item form asks for, and what the
/// saved message says.
fn bundle_edit(f: &EntryForm, form: &UnitForm, cx: &Cx) -> Result<(BundleEdit, String), Refusal> {
    let w = cx.lang().unit_words();
    let what = match &f.kind {
        EntryKind::Units { what, .. } => what.clone(),
        _ => String::new(),
    };
    let saved = fill(w.form_saved, &[&what]);
    Ok(match form {
        UnitForm::Project { .. } => {
            let name = f.text(PF_NAME);
            let n = f.fields[PF_WHICH].index();
            if name.is_empty() && n > 0 {
                let msg = fill(w.project_removed, &[&n.to_string(), &what]);
                return Ok((BundleEdit::RemoveProject(n), msg));
            }
            if name.is_empty() {
                return Err(problem(f, PF_NAME, UnitProblem::ProjectNoName, cx));
            }
            let amount = amount(f, PF_AMOUNT, cx)?;
            let k = f.fields[PF_STATUS]
                .index()
                .min(ProjectStatus::ALL.len() - 1);
            let status = ProjectStatus::ALL[k];
            let edit = if n == 0 {
                BundleEdit::AddProject(Project {
                    name,
                    amount,
                    status,
                })
            } else {
                BundleEdit::SetProject {
                    n,
                    name: Some(name),
                    amount: Some(amount),
                    status: Some(status),
                }
            };
            (edit, saved)
        }
        UnitForm::Funds => (
            BundleEdit::Funds {
                planned: Some(amount(f, FF_PLANNED, cx)?),
                delivered: Some(amount(f, FF_DELIVERED, cx)?),
            },
            saved,
        ),
        UnitForm::Item { .. } => {
            let text = f.text(IF_TEXT);
            match f.fields[IF_WHICH].index() {
                0 if text.is_empty() => {
                    return Err(problem(f, IF_TEXT, UnitProblem::ItemNoText, cx));
                }
                0 => (BundleEdit::AddDuty(text), saved),
                n if text.is_empty() => {
                    let msg = fill(w.item_removed, &[&n.to_string(), &what]);
                    (BundleEdit::RemoveDuty(n), msg)
                }
                n => (BundleEdit::SetDuty(n, text), saved),
            }
        }
        UnitForm::Plan { .. } => return Err(Refusal::whole(String::new())),
    })
}

/// The plan edit the help plan form asks for: every field as typed (an
/// empty approval date: not approved).
fn plan_edit(f: &EntryForm, cx: &Cx) -> Result<PlanEdit, Refusal> {
    let budget = amount(f, HF_BUDGET, cx)?;
    let typed = crate::transfer::halfwidth(&f.text(HF_TASKS)).into_owned();
    let tasks = units::task_numbers(&typed)
        .map_err(|part| problem(f, HF_TASKS, UnitProblem::NotATask(part), cx))?;
    let cat = cx.store.catalogue();
    if let Some(n) = tasks.iter().find(|n| cat.task(**n).is_none()) {
        let max = cat.tasks.len();
        return Err(problem(f, HF_TASKS, Detail::NoTask { n: *n, max }, cx));
    }
    let approved = match f.text(HF_APPROVED) {
        s if s.is_empty() => None,
        _ => Some(f.date(HF_APPROVED, cx)?),
    };
    if let Some(day) = approved
        && day > cx.today
    {
        let p = UnitProblem::ApprovalAhead {
            day,
            today: cx.today,
        };
        return Err(problem(f, HF_APPROVED, p, cx));
    }
    Ok(PlanEdit {
        goals: Some(f.text(HF_GOALS)),
        budget: Some(budget),
        tasks: Some(tasks),
        approved_on: Some(approved),
    })
}

/// Submit a list or plan form: the form's own checks first (each at its
/// field), then the store's versioned, audited edit; its refusal (a
/// permission, a conflict) shows in the form with the text kept.
pub fn submit_form(f: &mut EntryForm, cx: &mut Cx) -> Result<Effect, Refusal> {
    let EntryKind::Units {
        form,
        key,
        version,
        what,
    } = f.kind.clone()
    else {
        return Err(Refusal::whole(String::new()));
    };
    let r = if matches!(form, UnitForm::Plan { .. }) {
        let edit = plan_edit(f, cx)?;
        let msg = fill(cx.lang().unit_words().form_plan_saved, &[&what]);
        cx.store.edit_plan(&key, Some(version), &edit).map(|_| msg)
    } else {
        let (edit, msg) = bundle_edit(f, &form, cx)?;
        cx.store
            .edit_bundle(&key, Some(version), &[edit])
            .map(|_| msg)
    };
    match r {
        Ok(msg) => Ok(Effect::Many(vec![Effect::Pop, Effect::Wrote(Some(msg))])),
        // A colleague's change in between: said with who and when, the text
        // kept; the form now stands on their version, so a second Ctrl-S
        // saves what was typed, knowingly.
        Err(e @ crate::store::StoreError::Conflict { version: now, .. }) if now > 0 => {
            if let EntryKind::Units { version, .. } = &mut f.kind {
                *version = now;
            }
            Err(Refusal::whole(format!(
                "{} {}",
                cx.error_text(&e),
                cx.lang().unit_words().form_conflict_again
            )))
        }
        Err(e) => Err(Refusal::whole(cx.error_text(&e))),
    }
}
