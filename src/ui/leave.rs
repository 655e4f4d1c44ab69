//! 请销假: a summary line above the table of leave requests (pending first,
//! then by first day and village code), and the refusal popup.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, centered, flex_widths, table};
use crate::app::App;
use crate::app::input::TextInput;
use crate::app::keys::{Action, Ctx};
use crate::domain::leave::LeaveState;
use crate::domain::text;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let lang = app.lang();
    let w = lang.leave_words();
    let b = block(
        th,
        format!(" {} {} {} ", w.title, th.sym().dot, app.me.scope.name),
    );
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let Some(v) = &app.leave else {
        return;
    };
    let (all, mine) = v.pending();
    let head = fill(
        w.head,
        &[
            &all.to_string(),
            &mine.to_string(),
            &v.rows.len().to_string(),
        ],
    );
    frame.buffer_mut().set_string(
        inner.x + 1,
        inner.y,
        text::truncate(&head, inner.width.saturating_sub(1) as usize),
        th.style(Role::Info),
    );
    let mut cols = vec![
        Col::left(w.state, 6),
        Col::left(w.from, 10),
        Col::left(w.to, 10),
        Col::right(w.days, 4),
        Col::left(w.village, 10),
        Col::left(w.name, 8),
        Col::left(w.kind, 6),
        Col::left(w.approver, 6),
        Col::left(w.back_on, 10),
        Col::left(w.reason, 12),
    ];
    flex_widths(&mut cols, 9, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.rows[i];
        let state = match r.state {
            LeaveState::Pending if r.decidable => th.style(Role::Alert),
            LeaveState::Pending => n,
            LeaveState::Approved => th.style(Role::Done),
            LeaveState::Refused | LeaveState::Withdrawn => muted,
        };
        vec![
            (lang.leave_state(r.state).to_string(), state),
            (r.from.to_string(), n),
            (r.to.to_string(), n),
            (r.days().to_string(), muted),
            (text::sanitize(&r.village_name, true), n),
            (text::sanitize(&r.name, true), n),
            (lang.day_code(r.kind).to_string(), n),
            (lang.approver(r.approver).to_string(), muted),
            (r.back_on.map(|b| b.to_string()).unwrap_or_default(), n),
            (
                text::sanitize(r.refusal.as_deref().unwrap_or(&r.reason), true),
                muted,
            ),
        ]
    };
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if v.rows.is_empty() && list.height > 1 {
        frame.buffer_mut().set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(w.none, list.width.saturating_sub(1) as usize),
            muted,
        );
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.rows.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

/// The refusal popup: one line of reason; returns where the cursor goes.
pub fn refusal(
    frame: &mut Frame,
    app: &App,
    th: &Theme,
    id: i64,
    input: &TextInput,
) -> super::popups::Cursor {
    let area = frame.area();
    let w = app.lang().leave_words();
    let r = centered(area, 64.min(area.width.saturating_sub(4)), 7);
    let title = format!("{} {id}", w.refuse_prompt);
    let inner = super::popups::frame_popup(frame, th, r, &title);
    if inner.width < 4 || inner.height < 3 {
        return None;
    }
    let field = Rect {
        x: inner.x + 1,
        y: inner.y,
        width: inner.width - 2,
        height: inner.height - 2,
    };
    let wrapped = input.wrap(field.width);
    let h = field.height;
    let first = wrapped.caret.1.saturating_sub(h - 1);
    let buf = frame.buffer_mut();
    for (i, row) in wrapped
        .rows
        .iter()
        .skip(first as usize)
        .take(h as usize)
        .enumerate()
    {
        buf.set_string(field.x, field.y + i as u16, row, th.style(Role::Normal));
    }
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        text::truncate(
            &super::hint(
                app,
                w.refuse_hint,
                Ctx::Input,
                &[Action::Submit, Action::Cancel],
            ),
            inner.width as usize - 2,
        ),
        th.style(Role::Key),
    );
    Some((field.x + wrapped.caret.0, field.y + wrapped.caret.1 - first))
}
