//! The larger popups: help (generated from the key table), task detail
//! with its history, and the guidance form.

use super::checklist::short_time;
use super::popups::{Cursor, frame_popup};
use super::theme::{Role, Theme};
use super::widgets::{centered, kv, scroll_lines, status_style, wrap};
use crate::app::keys::{Action, Ctx};
use crate::app::popup::Target;
use crate::app::popup::form::{F_BODY, F_PERIOD, F_SCOPE, F_TASKS, F_TITLE, GuidanceForm};
use crate::app::{App, Sel};
use crate::domain::{DisplayStatus, Status, text};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{AuditRow, Completion, PeriodRecord};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn help(frame: &mut Frame, app: &App, th: &Theme, about: Ctx, sel: &Sel) {
    let area = frame.area();
    let lang = app.lang();
    let u = lang.ui();
    let r = centered(area, 84.min(area.width - 2), area.height - 2);
    let inner = frame_popup(frame, th, r, u.help_title);
    let ctx_name = |c: Ctx| match c {
        Ctx::Global => u.ctx_global,
        Ctx::List => u.ctx_list,
        Ctx::Overview => u.overview,
        Ctx::Villages => u.villages,
        Ctx::Checklist => u.checklist,
        Ctx::Guidance => u.guidance,
        Ctx::Overdue => lang.weekly().overdue_title,
        Ctx::Unreported => lang.weekly().unreported_title,
        Ctx::Leave => lang.leave_words().title,
        Ctx::Follow => lang.weekly().follow_title,
        Ctx::Assessment => lang.assess().tab,
        Ctx::Training => lang.training().title,
        Ctx::Recall => lang.recall().title,
        Ctx::Units => lang.units().units_title,
        Ctx::Teams => lang.units().teams_title,
        Ctx::Popup => u.ctx_popup,
        Ctx::Menu => u.ctx_menu,
        Ctx::Confirm => u.ctx_confirm,
        Ctx::Input => u.ctx_input,
        Ctx::Form => u.ctx_form,
        Ctx::Entry => u.ctx_entry,
        Ctx::Allowance => lang.allowance_ui().screen,
        Ctx::Attendance => lang.attendance().ctx_name,
    };
    // The current context first, then every other one, so the whole table
    // is listed.
    let mut order: Vec<Ctx> = about.chain().to_vec();
    for c in Ctx::ALL {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    let kw = 22usize;
    let mut lines: Vec<Line> = Vec::new();
    let current = about.chain().len();
    for (k, c) in order.into_iter().enumerate() {
        // The figures' definitions after the keys of where help was asked.
        if k == current {
            lines.extend(figure_lines(lang, th, inner.width.saturating_sub(2)));
        }
        let rows: Vec<_> = app
            .opts
            .keys
            .bindings
            .iter()
            .filter(|b| b.contexts.contains(&c))
            .collect();
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::styled(ctx_name(c).to_string(), th.style(Role::Title)));
        for b in rows {
            let keys = b
                .keys
                .iter()
                .map(|k| k.label(app.opts.ascii))
                .collect::<Vec<_>>()
                .join(" ");
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(text::pad_right(&keys, kw), th.style(Role::Key)),
                Span::raw(lang.action(b.action.name())),
            ]));
        }
        if c.is_text() {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(text::pad_right(u.help_editing, kw), th.style(Role::Key)),
                Span::raw(u.help_editing_keys),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(u.help_ctrl_c, th.style(Role::Muted)));
    let body = Rect {
        x: inner.x + 1,
        width: inner.width - 1,
        ..inner
    };
    scroll_lines(frame.buffer_mut(), body, &lines, sel);
}

/// The definitions of the figures (the one in [`crate::domain::figures`]),
/// as the help shows them: a heading, then `名称  定义` per figure, wrapped.
pub fn figure_lines(lang: Lang, th: &Theme, w: u16) -> Vec<Line<'static>> {
    let f = lang.figures();
    let mut out = vec![Line::styled(f.title, th.style(Role::Title))];
    let nw = 8usize;
    for (name, def) in f.defs {
        let room = (w as usize).saturating_sub(2 + nw).max(10) as u16;
        for (i, l) in wrap(def, room).into_iter().enumerate() {
            let head = if i == 0 { name } else { "" };
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(text::pad_right(head, nw), th.style(Role::Key)),
                Span::raw(l),
            ]));
        }
    }
    out.push(Line::raw(""));
    out
}

/// An audit row's `new` text ("done: note") in the user's language.
fn audit_text(lang: Lang, s: Option<&str>) -> String {
    let s = s.unwrap_or("");
    let (key, note) = s.split_once(": ").unwrap_or((s, ""));
    match Status::from_key(key) {
        Some(st) if note.is_empty() => lang.status(st).to_string(),
        Some(st) => format!("{}{}{note}", lang.status(st), lang.ui().colon),
        None => s.to_string(),
    }
}

/// What the task detail shows.
pub struct DetailData<'a> {
    pub target: &'a Target,
    /// The audited changes of the viewed period's record.
    pub history: &'a [AuditRow],
    pub record: Option<&'a Completion>,
    /// The task's records over its last periods, newest first.
    pub periods: &'a [PeriodRecord],
}

pub fn detail(frame: &mut Frame, app: &App, th: &Theme, d: &DetailData, sel: &Sel) {
    let t = d.target;
    let area = frame.area();
    let lang = app.lang();
    let u = lang.ui();
    let r = centered(area, 90.min(area.width - 2), area.height - 2);
    let inner = frame_popup(frame, th, r, u.detail_title);
    let body = Rect {
        x: inner.x + 1,
        width: inner.width - 2,
        ..inner
    };
    let w = body.width;
    let cat = app.catalogue();
    let Some(task) = cat.task(t.task) else {
        return;
    };
    let (title, desc, evidence) = match lang {
        Lang::Zh => (&task.title, &task.description, &task.evidence),
        Lang::En => (&task.title_en, &task.description_en, &task.evidence_en),
    };
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled(
        format!("{}. {title}", task.number),
        th.style(Role::Title),
    ));
    lines.push(kv(
        th,
        u.colon,
        u.col_cadence,
        format!(
            "{}  {} {}  {} {}",
            lang.cadence(task.cadence),
            u.detail_period,
            lang.period(t.period),
            u.col_due,
            t.period.due_date()
        ),
    ));
    let done_on = d.record.and_then(|r| r.done_on);
    let disp = DisplayStatus::of_record(t.status, done_on, t.period, app.today);
    lines.push(Line::from(vec![
        Span::styled(
            format!("{}{}", u.col_status, u.colon),
            th.style(Role::Muted),
        ),
        Span::styled(lang.display_status(disp), status_style(th, disp)),
    ]));
    for l in wrap(desc, w) {
        lines.push(Line::raw(l));
    }
    lines.push(kv(th, u.colon, u.detail_evidence, evidence.clone()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(u.detail_history, th.style(Role::Title)));
    lines.extend(history_lines(app, th, d.history, d.record, w, app.today));
    // Real times after a pinned, earlier today are marked (checklist::time_label).
    let late = d
        .record
        .is_some_and(|r| crate::domain::clock::after_day(&r.recorded_at, app.today))
        || d.history
            .iter()
            .any(|h| crate::domain::clock::after_day(&h.at, app.today));
    if late {
        let legend = fill(lang.figures().real_time_legend, &[&app.today.to_string()]);
        lines.push(Line::styled(legend, th.style(Role::Warn)));
    }
    lines.push(Line::raw(""));
    lines.extend(super::history::period_lines(app, th, d.periods, w));
    scroll_lines(frame.buffer_mut(), body, &lines, sel);
}

/// The audited changes of a record, newest first (or the record itself
/// when nothing was audited), wrapped to `w`.
fn history_lines(
    app: &App,
    th: &Theme,
    history: &[AuditRow],
    record: Option<&Completion>,
    w: u16,
    today: chrono::NaiveDate,
) -> Vec<Line<'static>> {
    let lang = app.lang();
    let mark = lang.figures().real_time_mark;
    let short_time = |at: &str, with_time: bool| {
        let s = short_time(at, with_time);
        if crate::domain::clock::after_day(at, today) {
            format!("{s}{mark}")
        } else {
            s
        }
    };
    let u = lang.ui();
    let mut lines: Vec<Line> = Vec::new();
    if history.is_empty() {
        match record {
            Some(rec) => {
                lines.push(Line::styled(u.detail_no_audit, th.style(Role::Muted)));
                let s = audit_text(
                    lang,
                    Some(&if rec.note.is_empty() {
                        rec.status.key().to_string()
                    } else {
                        format!("{}: {}", rec.status.key(), rec.note)
                    }),
                );
                for l in wrap(
                    &format!(
                        "{} {} {s}",
                        short_time(&rec.recorded_at, true),
                        app.person(&rec.recorded_by)
                    ),
                    w,
                ) {
                    lines.push(Line::raw(l));
                }
            }
            None => lines.push(Line::styled(u.detail_never, th.style(Role::Muted))),
        }
    }
    for h in history.iter().rev() {
        let mut s = format!(
            "{} {} {}",
            short_time(&h.at, true),
            app.person(&h.account),
            audit_text(lang, h.new.as_deref())
        );
        let written = h.outcome == "ok" || h.outcome == "overrode";
        if h.outcome == "overrode" {
            s.push_str(&format!(" ({})", u.audit_overrode));
        } else if h.outcome != "ok" {
            s.push_str(&format!(" ({})", h.outcome));
        }
        let style = if written {
            th.style(Role::Normal)
        } else {
            th.style(Role::Muted)
        };
        for l in wrap(&s, w) {
            lines.push(Line::styled(l, style));
        }
    }
    // What the record held before the first audited change (bulk-loaded).
    if let Some(first) = history.first()
        && first.old.is_some()
    {
        let s = format!(
            "{}{}{}",
            u.detail_before,
            u.colon,
            audit_text(lang, first.old.as_deref())
        );
        for l in wrap(&s, w) {
            lines.push(Line::styled(l, th.style(Role::Muted)));
        }
    }
    lines
}

pub fn form(frame: &mut Frame, app: &App, th: &Theme, f: &GuidanceForm) -> Cursor {
    let area = frame.area();
    let lang = app.lang();
    let u = lang.ui();
    let kind = match f.period().map(|p| p.kind()) {
        Some(crate::domain::PeriodKind::Month) => u.kind_prompt,
        _ => u.kind_point,
    };
    let title = if f.editing.is_some() {
        fill(u.form_edit, &[kind])
    } else {
        fill(u.form_new, &[kind])
    };
    let w = 84.min(area.width - 4);
    let h = 22.min(area.height - 2);
    let r = centered(area, w, h);
    let inner = frame_popup(frame, th, r, &title);
    let buf = frame.buffer_mut();
    let label_w = 12u16;
    let fw = inner.width - label_w - 2;
    let mut cursor = None;
    let singles = [
        (F_TITLE, u.form_title),
        (F_PERIOD, u.form_period),
        (F_SCOPE, u.form_scope),
        (F_TASKS, u.form_tasks),
    ];
    for (row, (i, label)) in singles.iter().enumerate() {
        let y = inner.y + row as u16;
        let focused = f.focus == *i;
        buf.set_string(
            inner.x + 1,
            y,
            text::pad_right(label, label_w as usize),
            th.style(if focused { Role::Key } else { Role::Muted }),
        );
        let (shown, col) = f.fields[*i].window(fw);
        let style = th.style(if focused { Role::Focus } else { Role::Normal });
        buf.set_string(
            inner.x + 1 + label_w,
            y,
            text::pad_right(&shown, fw as usize),
            style,
        );
        if focused {
            cursor = Some((inner.x + 1 + label_w + col, y));
        }
    }
    if let Some(c) = form_body(buf, th, u.form_body, f, inner) {
        cursor = Some(c);
    }
    if let Some(e) = &f.error {
        for (i, l) in wrap(e, inner.width - 2).iter().take(2).enumerate() {
            buf.set_string(
                inner.x + 1,
                inner.bottom() - 3 + i as u16,
                l,
                th.style(Role::Alert),
            );
        }
    }
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        text::truncate(
            &super::hint(
                app,
                u.form_hint,
                Ctx::Form,
                &[
                    Action::NextField,
                    Action::Publish,
                    Action::Advance,
                    Action::Cancel,
                ],
            ),
            inner.width as usize - 2,
        ),
        th.style(Role::Key),
    );
    cursor
}

/// The form's multi-line body under its label; the cursor when focused.
fn form_body(buf: &mut Buffer, th: &Theme, label: &str, f: &GuidanceForm, inner: Rect) -> Cursor {
    let by = inner.y + 4;
    let focused = f.focus == F_BODY;
    buf.set_string(
        inner.x + 1,
        by,
        label,
        th.style(if focused { Role::Key } else { Role::Muted }),
    );
    let body = Rect {
        x: inner.x + 1,
        y: by + 1,
        width: inner.width - 2,
        height: inner.height.saturating_sub(8),
    };
    let wrapped = f.fields[F_BODY].wrap(body.width);
    let first = wrapped
        .caret
        .1
        .saturating_sub(body.height.saturating_sub(1));
    for (i, row) in wrapped
        .rows
        .iter()
        .skip(first as usize)
        .take(body.height as usize)
        .enumerate()
    {
        buf.set_string(body.x, body.y + i as u16, row, th.style(Role::Normal));
    }
    focused.then(|| (body.x + wrapped.caret.0, body.y + wrapped.caret.1 - first))
}
