//! The follow-up screens: 逾期清单 (overdue items, oldest first), 未报送
//! (each village's open items and last record) and 落实情况 (the villages
//! behind a guidance item's completion figure). Each is a summary line
//! above a table measured in cells.

use super::overview::pct;
use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::app::follow::{FollowThrough, Show};
use crate::app::keys::{Action, Ctx};
use crate::domain::text;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A block titled `title`; returns the inner area.
pub(super) fn frame_screen(frame: &mut Frame, th: &Theme, area: Rect, title: String) -> Rect {
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    inner
}

/// One line of text at row `dy` of `inner`, cut to fit.
pub(super) fn put_line(buf: &mut Buffer, inner: Rect, dy: u16, line: &Line) {
    if dy < inner.height {
        buf.set_line(
            inner.x + 1,
            inner.y + dy,
            line,
            inner.width.saturating_sub(1),
        );
    }
}

/// `key label` spans, the key from the key table.
pub(super) fn keyed(
    app: &App,
    th: &Theme,
    ctx: Ctx,
    action: Action,
    label: String,
) -> Vec<Span<'static>> {
    let key = app.opts.keys.key_label(ctx, action, app.opts.ascii);
    vec![
        Span::raw("  "),
        Span::styled(key, th.style(Role::Key)),
        Span::raw(" "),
        Span::raw(label),
    ]
}

/// The table below `lines` summary lines, or `empty` when there are no rows.
pub(super) fn body(inner: Rect, lines: u16) -> Rect {
    Rect {
        y: inner.y + lines,
        height: inner.height.saturating_sub(lines),
        ..inner
    }
}

pub(super) fn empty_note(buf: &mut Buffer, th: &Theme, list: Rect, words: &str) {
    if list.height > 1 {
        buf.set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(words, list.width.saturating_sub(1) as usize),
            th.style(Role::Muted),
        );
    }
}

/// 逾期清单.
pub fn overdue(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.overdue else {
        return;
    };
    let lang = app.lang();
    let w = lang.weekly();
    let wide = area.width >= 120;
    let title = format!(" {} {} {} ", w.overdue_title, th.sym().dot, v.scope().name);
    let inner = frame_screen(frame, th, area, title);
    let head = fill(
        w.overdue_head,
        &[&lang.period(v.period), &v.items.len().to_string()],
    );
    let summary = Line::from(Span::styled(head, th.style(Role::Info)));
    put_line(frame.buffer_mut(), inner, 0, &summary);
    let mut cols = Vec::new();
    if wide {
        cols.push(Col::left(w.col_code, 12));
    }
    cols.extend([
        Col::left(w.col_village, if wide { 14 } else { 10 }),
        Col::left(w.col_task, 10),
        Col::left(w.col_period, 14),
        Col::left(w.col_due, 10),
        Col::right(w.col_days, text::width(w.col_days).max(4) as u16),
    ]);
    if wide {
        cols.push(Col::left(app.lang().ui().col_status, 6));
    }
    let flex = if wide { 2 } else { 1 };
    flex_widths(&mut cols, flex, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let it = &v.items[i];
        let mut cells: Vec<TCell> = Vec::new();
        if wide {
            cells.push((it.village.to_string(), muted));
        }
        cells.extend([
            (it.village_name.clone(), n),
            (format!("{:>2} {}", it.task, app.task_title(it.task)), n),
            (lang.period(it.period), n),
            (it.due.to_string(), muted),
            (it.days.to_string(), th.style(Role::Overdue)),
        ]);
        if wide {
            cells.push((lang.status(it.status).to_string(), muted));
        }
        cells
    };
    let list = body(inner, 1);
    if v.items.is_empty() {
        empty_note(frame.buffer_mut(), th, list, w.overdue_none);
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.items.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

/// 未报送.
pub fn unreported(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.unreported else {
        return;
    };
    let lang = app.lang();
    let w = lang.weekly();
    let title = format!(
        " {} {} {} ",
        w.unreported_title,
        th.sym().dot,
        v.scope().name
    );
    let inner = frame_screen(frame, th, area, title);
    let (villages, open) = v.open_totals();
    let mut spans = vec![Span::styled(
        fill(
            w.unreported_head,
            &[
                &lang.period(v.period),
                &v.period.due_date().format("%m-%d").to_string(),
                &villages.to_string(),
                &v.rows.len().to_string(),
                &open.to_string(),
            ],
        ),
        th.style(Role::Info),
    )];
    let order = if v.by_open { w.sort_open } else { w.sort_code };
    spans.extend(keyed(
        app,
        th,
        Ctx::Unreported,
        Action::SortNext,
        fill(w.sort_label, &[order]),
    ));
    put_line(frame.buffer_mut(), inner, 0, &Line::from(spans));
    let mut cols = vec![
        Col::left(w.col_code, 12),
        Col::left(w.col_village, 10),
        Col::right(w.col_expected, text::width(w.col_expected).max(4) as u16),
        Col::right(w.col_open, text::width(w.col_open).max(4) as u16),
        Col::left(w.col_last, 16),
    ];
    flex_widths(&mut cols, 1, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.rows[v.shown[i]];
        let open_style = if r.open > 0 {
            th.style(Role::Overdue)
        } else {
            th.style(Role::Done)
        };
        vec![
            (r.village.code.to_string(), muted),
            (r.village.name.clone(), n),
            (r.due.to_string(), muted),
            (r.open.to_string(), open_style),
            match &r.last {
                Some(t) => (t.clone(), n),
                None => (w.never.to_string(), th.style(Role::Alert)),
            },
        ]
    };
    let list = body(inner, 1);
    if v.shown.is_empty() {
        empty_note(frame.buffer_mut(), th, list, lang.ui().no_villages);
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.shown.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

/// The follow-through's two summary lines: the item, then the counts.
fn follow_summary(app: &App, th: &Theme, v: &FollowThrough) -> [Line<'static>; 2] {
    let lang = app.lang();
    let u = lang.ui();
    let w = lang.weekly();
    let g = &v.guidance;
    let kind = if g.is_prompt() {
        u.kind_prompt_short
    } else {
        u.kind_point_short
    };
    let first = Line::from(vec![
        Span::styled(format!("{kind} "), th.style(Role::Mark)),
        Span::styled(g.title.clone(), th.style(Role::Title)),
        Span::styled(
            format!(
                " {dot} {} {dot} {}",
                lang.period(g.period),
                fill(w.follow_period, &[&v.day.to_string()]),
                dot = th.sym().dot
            ),
            th.style(Role::Muted),
        ),
    ]);
    let (done, total) = v.counts();
    let rate = (total > 0).then(|| done as f64 / total as f64);
    let head = if v.items.is_empty() {
        w.follow_no_tasks.to_string()
    } else {
        fill(
            w.follow_head,
            &[
                &done.to_string(),
                &total.to_string(),
                &pct(rate),
                &(total - done).to_string(),
            ],
        )
    };
    let show = match v.show {
        Show::All => w.show_all,
        Show::NotYet => w.follow_open,
        Show::Completed => w.follow_done,
    };
    let mut spans = vec![Span::styled(head, th.style(Role::Info))];
    spans.extend(keyed(
        app,
        th,
        Ctx::Follow,
        Action::FilterDone,
        fill(w.show_label, &[show]),
    ));
    [first, Line::from(spans)]
}

/// The tasks still open: numbers, with titles when wide.
fn missing_text(app: &App, missing: &[u32], wide: bool) -> String {
    // Titles may hold commas: between titles the clause separator.
    let u = app.lang().ui();
    let sep = match (app.opts.ascii, wide) {
        (true, true) => "; ",
        (true, false) => ", ",
        (false, true) => u.msg_sep,
        (false, false) => u.list_sep,
    };
    missing
        .iter()
        .map(|t| {
            if wide {
                format!("{t} {}", app.task_title(*t))
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// 落实情况.
pub fn follow(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.follow else {
        return;
    };
    let lang = app.lang();
    let w = lang.weekly();
    let title = format!(" {} {} {} ", w.follow_title, th.sym().dot, v.scope.name);
    let inner = frame_screen(frame, th, area, title);
    for (i, l) in follow_summary(app, th, v).iter().enumerate() {
        put_line(frame.buffer_mut(), inner, i as u16, l);
    }
    let state_w = text::width(w.follow_done)
        .max(text::width(w.follow_open))
        .max(text::width(w.col_state)) as u16;
    let wide = area.width >= 120;
    let mut cols = vec![
        Col::left(w.col_code, 12),
        Col::left(w.col_village, if wide { 14 } else { 10 }),
        Col::right(
            w.col_tasks_done,
            text::width(w.col_tasks_done).max(5) as u16,
        ),
        Col::left(w.col_state, state_w),
        Col::left(w.col_missing, 10),
    ];
    flex_widths(&mut cols, 4, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let total = v.items.len();
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.rows[v.shown[i]];
        let (state, style): (&str, Style) = if r.completed {
            (w.follow_done, th.style(Role::Done))
        } else {
            (w.follow_open, th.style(Role::Todo))
        };
        vec![
            (r.village.code.to_string(), muted),
            (r.village.name.clone(), n),
            (format!("{}/{total}", r.done), muted),
            (state.to_string(), style),
            (missing_text(app, &r.missing, wide), n),
        ]
    };
    let list = body(inner, 2);
    if v.shown.is_empty() {
        empty_note(frame.buffer_mut(), th, list, lang.ui().no_villages);
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.shown.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}
