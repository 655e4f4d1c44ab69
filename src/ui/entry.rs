//! The typed entry forms (请假, 召回, 培训班): one row per field, a pick
//! field's chosen option on the row under it, the refusal above the keys.

use super::popups::{Cursor, frame_popup};
use super::theme::{Role, Theme};
use super::widgets::{centered, wrap};
use crate::app::App;
use crate::app::keys::{Action, Ctx};
use crate::app::popup::entry::{EntryForm, Field, Value};
use crate::domain::text;
use crate::i18n::ui::{Ui, fill};
use ratatui::Frame;
use ratatui::buffer::Buffer;

/// Rows a field takes: a pick shows its chosen option under the query; a
/// note wraps to the text's width `tw` (at most 2 rows).
fn rows(f: &Field, tw: u16) -> u16 {
    match &f.value {
        _ if f.off && f.label.is_empty() => wrap(&f.off_note, tw).len().clamp(1, 2) as u16,
        Value::Pick { .. } => 2,
        _ => 1,
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, f: &EntryForm) -> Cursor {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 76.min(area.width.saturating_sub(4));
    let body: u16 = f.fields.iter().map(|x| rows(x, w.saturating_sub(4))).sum();
    // Fields, a blank row, two rows of refusal, the keys.
    let h = (body + 6).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    let inner = frame_popup(frame, th, r, &f.title);
    if inner.width < 20 || inner.height < 4 {
        return None;
    }
    let label_w = f
        .fields
        .iter()
        .map(|x| text::width(&x.label))
        .max()
        .unwrap_or(4)
        .clamp(4, 14) as u16
        + 2;
    let fx = inner.x + 1 + label_w;
    let fw = inner.width.saturating_sub(label_w + 2);
    let buf = frame.buffer_mut();
    let mut cursor = None;
    let mut y = inner.y;
    let last = inner.bottom().saturating_sub(3);
    for (i, field) in f.fields.iter().enumerate() {
        if y >= last {
            break;
        }
        let focused = f.focus == i;
        let label_role = if field.off {
            Role::Muted
        } else if focused {
            Role::Key
        } else {
            Role::Muted
        };
        buf.set_string(
            inner.x + 1,
            y,
            text::pad_right(
                &text::truncate(&field.label, label_w as usize),
                label_w as usize,
            ),
            th.style(label_role),
        );
        if field.off && field.label.is_empty() {
            y = note(
                buf,
                th,
                &field.off_note,
                (inner.x + 1, y, inner.width - 2),
                last,
            );
            continue;
        }
        if field.off {
            buf.set_string(
                fx,
                y,
                text::truncate(&field.off_note, fw as usize),
                th.style(Role::Muted),
            );
            y += 1;
            continue;
        }
        if let Some(c) = value(buf, th, u, field, focused, (fx, y, fw)) {
            cursor = Some(c);
        }
        y += rows(field, 0);
    }
    bottom(frame.buffer_mut(), app, th, f, inner);
    cursor
}

/// The refusal (two rows) and the keys at the bottom of the form.
fn bottom(buf: &mut Buffer, app: &App, th: &Theme, f: &EntryForm, inner: ratatui::layout::Rect) {
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
    let keys = [
        Action::NextField,
        Action::ChoicePrev,
        Action::ChoiceNext,
        Action::SubmitForm,
        Action::Cancel,
    ];
    let hint = super::hint(app, app.lang().ui().entry_hint, Ctx::Entry, &keys);
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        text::truncate(&hint, inner.width as usize - 2),
        th.style(Role::Key),
    );
}

/// A note across the form at (x, y) in `w` cells, as many rows as it
/// needs (up to 2, none at or below `last`); returns the row after it.
fn note(buf: &mut Buffer, th: &Theme, s: &str, (x, mut y, w): (u16, u16, u16), last: u16) -> u16 {
    for l in wrap(s, w).iter().take(2) {
        if y >= last {
            break;
        }
        buf.set_string(x, y, l, th.style(Role::Muted));
        y += 1;
    }
    y
}

/// One field's value at (x, y) in `fw` cells; the cursor when focused.
fn value(
    buf: &mut Buffer,
    th: &Theme,
    u: &Ui,
    field: &Field,
    focused: bool,
    (fx, y, fw): (u16, u16, u16),
) -> Cursor {
    let style = th.style(if focused { Role::Focus } else { Role::Normal });
    match &field.value {
        Value::Text(inp) => {
            let (shown, col) = inp.window(fw);
            buf.set_string(fx, y, text::pad_right(&shown, fw as usize), style);
            if focused {
                return Some((fx + col, y));
            }
        }
        Value::Choice { options, index } => {
            let all: usize = options.iter().map(|o| text::width(o) + 3).sum();
            if all > fw as usize {
                // Too many to list: the chosen one, and where it is.
                let o = options.get(*index).map(String::as_str).unwrap_or("");
                let word = format!("◂ {o} ▸  {}/{}", index + 1, options.len());
                buf.set_string(fx, y, text::truncate(&word, fw as usize), style);
                return None;
            }
            // The bracket sits in the gap after the label, so each option's
            // word starts in the value column, under the text of the others.
            let mut x = fx.saturating_sub(1);
            for (k, o) in options.iter().enumerate() {
                let word = if k == *index {
                    format!("[{o}]")
                } else {
                    format!(" {o} ")
                };
                let role = match (k == *index, focused) {
                    (true, true) => Role::Focus,
                    (true, false) => Role::Normal,
                    _ => Role::Muted,
                };
                buf.set_string(x, y, &word, th.style(role));
                x += text::width(&word) as u16 + 1;
            }
        }
        Value::Pick { query, .. } => {
            let (shown, col) = query.window(fw);
            buf.set_string(fx, y, text::pad_right(&shown, fw as usize), style);
            let (n, all) = field.counts();
            let count = fill(u.entry_matches, &[&n.to_string(), &all.to_string()]);
            let chosen = field
                .picked()
                .map(|o| format!("→ {}", o.label))
                .unwrap_or_else(|| "→ —".to_string());
            let room = (fw as usize).saturating_sub(text::width(&count) + 2);
            buf.set_string(
                fx,
                y + 1,
                text::truncate(&chosen, room),
                th.style(if field.picked().is_some() {
                    Role::Normal
                } else {
                    Role::Alert
                }),
            );
            buf.set_string(
                fx + fw - text::width(&count) as u16,
                y + 1,
                &count,
                th.style(Role::Muted),
            );
            if focused {
                return Some((fx + col, y));
            }
        }
    }
    None
}
