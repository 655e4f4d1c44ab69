//! 工作队: the villages of a division by code with their 1+2+N on today,
//! shortfalls, open handover gap days and postings at two years; below, for
//! a selected village with a gap, the match hints (by name, never scored).
//! Pure: state in, cells out.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::domain::text;
use crate::domain::units::needs_of;
use crate::i18n::ui::fill;
use crate::store::TeamRow;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// Lines kept under the table for the match hints.
const HINT_LINES: u16 = 4;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.teams else {
        return;
    };
    let lang = app.lang();
    let t = lang.units();
    let wide = area.width >= 120;
    let title = format!(" {} {} {} ", t.teams_title, th.sym().dot, v.scope().name);
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let (all, gaps) = v.counts();
    let filter = if v.gaps_only {
        t.filter_gaps
    } else {
        t.filter_all
    };
    let head = fill(t.teams_head, &[&all.to_string(), &gaps.to_string(), filter]);
    let buf = frame.buffer_mut();
    let w = inner.width.saturating_sub(1);
    buf.set_string(
        inner.x + 1,
        inner.y,
        text::truncate(&head, w as usize),
        th.style(if gaps > 0 { Role::Warn } else { Role::Info }),
    );
    let rows = v.rows();
    let hints = if inner.height > HINT_LINES + 4 {
        HINT_LINES
    } else {
        0
    };
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1 + hints),
        ..inner
    };
    let cols = columns(t, wide, inner.width);
    let muted = th.style(Role::Muted);
    let row = |i: usize| cells(app, th, rows[i], wide);
    if rows.is_empty() && list.height > 1 {
        frame.buffer_mut().set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(t.teams_none, w as usize),
            muted,
        );
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        rows.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
    if hints == 0 {
        return;
    }
    let Some(r) = v.selected().filter(|r| r.has_gap()) else {
        return;
    };
    let area = Rect {
        y: list.bottom(),
        height: hints,
        ..inner
    };
    for (i, l) in hint_lines(app, th, r, w).into_iter().enumerate() {
        frame
            .buffer_mut()
            .set_line(area.x + 1, area.y + i as u16, &l, w);
    }
}

/// The table's columns at `width`.
fn columns(t: &crate::i18n::units::Units, wide: bool, width: u16) -> Vec<Col> {
    let mut cols = Vec::new();
    if wide {
        cols.push(Col::left(t.col_code, 12));
    }
    cols.extend([
        Col::left(t.col_village, if wide { 14 } else { 10 }),
        Col::left(t.col_team, 7),
        Col::left(t.col_flags, 20),
        Col::right(t.col_gap_days, text::width(t.col_gap_days) as u16),
    ]);
    if wide {
        cols.push(Col::right(t.col_due, text::width(t.col_due) as u16));
    }
    let flex = if wide { 3 } else { 2 };
    flex_widths(&mut cols, flex, width);
    cols
}

/// One village's cells.
fn cells(app: &App, th: &Theme, r: &TeamRow, wide: bool) -> Vec<TCell> {
    let lang = app.lang();
    let u = lang.ui();
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let c = &r.check;
    let mut cells: Vec<TCell> = Vec::new();
    if wide {
        cells.push((r.code.to_string(), muted));
    }
    let flags: Vec<&str> = c.shortfalls.iter().map(|s| lang.shortfall(*s)).collect();
    let gap = c.open_gap_days();
    cells.extend([
        (r.name.clone(), n),
        (
            format!("{}+{}+{}", c.first_secretaries, c.residents, c.sent_down),
            n,
        ),
        (
            flags.join(u.list_sep),
            if flags.is_empty() {
                n
            } else {
                th.style(Role::Alert)
            },
        ),
        (
            if gap > 0 {
                gap.to_string()
            } else {
                String::new()
            },
            th.style(Role::Warn),
        ),
    ]);
    if wide {
        cells.push((
            if c.rotation_due > 0 {
                c.rotation_due.to_string()
            } else {
                String::new()
            },
            th.style(Role::Warn),
        ));
    }
    cells
}

/// The hint lines of a village with a gap: its needs, then the candidates
/// by name with the tags that meet them.
fn hint_lines<'a>(app: &App, th: &Theme, r: &TeamRow, w: u16) -> Vec<Line<'a>> {
    let lang = app.lang();
    let t = lang.units();
    let u = lang.ui();
    let w = w as usize;
    let needs: Vec<&str> = needs_of(&r.types).iter().map(|n| lang.need(*n)).collect();
    let needs = if needs.is_empty() {
        "-".to_string()
    } else {
        needs.join(u.list_sep)
    };
    let mut out = vec![Line::styled(
        text::truncate(&fill(t.hints_head, &[&r.name, &needs]), w),
        th.style(Role::Title),
    )];
    if r.hints.is_empty() {
        out.push(Line::styled(
            text::truncate(t.hints_none, w),
            th.style(Role::Muted),
        ));
        return out;
    }
    let names: Vec<String> = r
        .hints
        .iter()
        .map(|h| format!("{}（{}·{}）", h.name, h.unit, h.tags.join(u.list_sep)))
        .collect();
    for l in super::widgets::wrap(&names.join(u.list_sep), w as u16)
        .into_iter()
        .take(2)
    {
        out.push(Line::styled(l, th.style(Role::Normal)));
    }
    out.push(Line::styled(
        text::truncate(t.hints_note, w),
        th.style(Role::Muted),
    ));
    out
}
