//! The responsibility list's forms (`U` screen, `p`/`m`): which unit,
//! village and year, the fields with the cursor at the caret, and the
//! problem of the last try.

use super::popups::{Cursor, frame_popup};
use super::theme::{Role, Theme};
use super::widgets::{centered, wrap};
use crate::app::App;
use crate::app::keys::{Action, Ctx};
use crate::app::popup::{ListForm, ListFormKind};
use crate::domain::text;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, f: &ListForm) -> Cursor {
    let area = frame.area();
    let w = app.lang().unit_words();
    let (title, labels, help): (&str, Vec<&str>, Vec<&str>) = match f.kind {
        ListFormKind::Project => (
            w.form_project,
            vec![w.form_name, w.form_amount, w.form_status],
            vec!["", "", w.form_status_help],
        ),
        ListFormKind::Funds => (
            w.form_funds,
            vec![w.form_planned, w.form_delivered],
            vec!["", ""],
        ),
    };
    let width = 64.min(area.width.saturating_sub(4));
    let height = (labels.len() as u16) * 2 + 7;
    let r = centered(area, width, height);
    let inner = frame_popup(frame, th, r, title);
    let buf = frame.buffer_mut();
    let label_w = labels.iter().map(|l| text::width(l)).max().unwrap_or(8) as u16 + 2;
    let fw = inner.width.saturating_sub(label_w + 2);
    let x = inner.x + 1;
    buf.set_string(
        x,
        inner.y,
        text::truncate(&f.what, inner.width as usize - 2),
        th.style(Role::Muted),
    );
    let mut cursor = None;
    for (i, label) in labels.iter().enumerate() {
        let y = inner.y + 2 + i as u16 * 2;
        let focused = f.focus == i;
        buf.set_string(
            x,
            y,
            text::pad_right(label, label_w as usize),
            th.style(if focused { Role::Key } else { Role::Muted }),
        );
        let (shown, col) = f.fields[i].window(fw);
        let style = th.style(if focused { Role::Focus } else { Role::Normal });
        buf.set_string(x + label_w, y, text::pad_right(&shown, fw as usize), style);
        if focused {
            cursor = Some((x + label_w + col, y));
        }
        if !help[i].is_empty() {
            buf.set_string(
                x + label_w,
                y + 1,
                text::truncate(help[i], fw as usize),
                th.style(Role::Muted),
            );
        }
    }
    if let Some(e) = &f.error {
        let y = inner.y + 2 + labels.len() as u16 * 2;
        for (i, l) in wrap(e, inner.width - 2).iter().take(2).enumerate() {
            buf.set_string(x, y + i as u16, l, th.style(Role::Alert));
        }
    }
    let hint = super::hint(
        app,
        w.form_hint,
        Ctx::Input,
        &[Action::Submit, Action::NextField, Action::Cancel],
    );
    buf.set_string(
        x,
        inner.bottom() - 1,
        text::truncate(&hint, inner.width as usize - 2),
        th.style(Role::Key),
    );
    cursor
}
