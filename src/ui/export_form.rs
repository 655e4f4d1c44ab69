//! The export form (`E`): what is exported (division and filter), where
//! it goes and which period, with the cursor at the caret.

use super::popups::{Cursor, frame_popup};
use super::theme::{Role, Theme};
use super::widgets::{centered, wrap};
use crate::app::App;
use crate::app::keys::{Action, Ctx};
use crate::app::popup::ExportForm;
use crate::app::popup::export_form::{E_PATH, E_PERIOD};
use crate::domain::text;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, f: &ExportForm) -> Cursor {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 72.min(area.width - 4);
    let r = centered(area, w, 12);
    let inner = frame_popup(frame, th, r, u.export_title);
    let buf = frame.buffer_mut();
    let label_w = 8u16;
    let fw = inner.width.saturating_sub(label_w + 2);
    let x = inner.x + 1;
    let what = format!("{} ({})", f.what.division.name, f.what.division.code);
    let filter = f
        .what
        .filter
        .clone()
        .unwrap_or_else(|| u.filter_all.to_string());
    let info = [(u.export_what, what), (u.export_filter, filter)];
    for (i, (label, value)) in info.iter().enumerate() {
        let y = inner.y + i as u16;
        buf.set_string(
            x,
            y,
            text::pad_right(label, label_w as usize),
            th.style(Role::Muted),
        );
        buf.set_string(
            x + label_w,
            y,
            text::truncate(value, fw as usize),
            th.style(Role::Normal),
        );
    }
    let mut cursor = None;
    for (row, (i, label)) in [(E_PATH, u.export_path), (E_PERIOD, u.export_period)]
        .iter()
        .enumerate()
    {
        let y = inner.y + 3 + row as u16 * 2;
        let focused = f.focus == *i;
        buf.set_string(
            x,
            y,
            text::pad_right(label, label_w as usize),
            th.style(if focused { Role::Key } else { Role::Muted }),
        );
        let (shown, col) = f.fields[*i].window(fw);
        let style = th.style(if focused { Role::Focus } else { Role::Normal });
        buf.set_string(x + label_w, y, text::pad_right(&shown, fw as usize), style);
        if focused {
            cursor = Some((x + label_w + col, y));
        }
    }
    for (y, help) in [(4, u.export_path_help), (6, u.export_period_help)] {
        buf.set_string(
            x + label_w,
            inner.y + y,
            text::truncate(help, fw as usize),
            th.style(Role::Muted),
        );
    }
    if let Some(e) = &f.error {
        for (i, l) in wrap(e, inner.width - 2).iter().take(2).enumerate() {
            buf.set_string(x, inner.y + 7 + i as u16, l, th.style(Role::Alert));
        }
    }
    let hint = super::hint(
        app,
        u.export_hint,
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
