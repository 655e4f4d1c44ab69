//! 任务清单 of one village: 25 tasks under their 7 categories, marks for
//! tasks this month's prompts and this quarter's guidance concern, the team.

use super::theme::{Role, Theme};
use super::widgets::{Col, block, fit, flex_widths, status_style};
use crate::app::keys::{Action, Ctx};
use crate::app::{App, Checklist, Sel};
use crate::domain::text;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Width of the team side panel, shown when the screen is wide enough.
const TEAM_W: u16 = 34;

/// `recorded_at` (RFC 3339) as `11-23 18:09` or `11-23`.
pub fn short_time(at: &str, with_time: bool) -> String {
    let date = at.get(5..10).unwrap_or("");
    if with_time && let Some(t) = at.get(11..16) {
        return format!("{date} {t}");
    }
    date.to_string()
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(c) = &app.checklist else {
        return;
    };
    let side = area.width >= 130;
    let main = if side {
        Rect {
            width: area.width - TEAM_W,
            ..area
        }
    } else {
        area
    };
    let u = app.lang().ui();
    let lang = app.lang();
    let title = format!(
        " {} {} {} ({}) {} {} ",
        u.checklist,
        th.sym().dot,
        c.village.name,
        c.village.code,
        th.sym().dot,
        lang.period(c.month)
    );
    let b = block(th, title);
    let inner = b.inner(main);
    b.render(main, frame.buffer_mut());
    info_line(frame.buffer_mut(), app, th, c, inner, side);
    let legend_y = inner.bottom() - 1;
    frame.buffer_mut().set_string(
        inner.x + 1,
        legend_y,
        text::truncate(u.focus_legend, inner.width.saturating_sub(1) as usize),
        th.style(Role::Muted),
    );
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    rows(frame.buffer_mut(), app, th, c, list);
    if side {
        let panel = Rect {
            x: area.x + area.width - TEAM_W,
            width: TEAM_W,
            ..area
        };
        team_panel(frame, app, th, c, panel);
    }
}

fn info_line(buf: &mut Buffer, app: &App, th: &Theme, c: &Checklist, inner: Rect, side: bool) {
    let u = app.lang().ui();
    let lang = app.lang();
    let leader = c
        .team
        .iter()
        .find(|m| m.role == crate::domain::MemberRole::FirstSecretary && m.active_on(app.today))
        .map(|m| format!("{}{}", m.name, fill(u.paren, &[&m.unit])))
        .unwrap_or_else(|| u.team_none.to_string());
    let mut spans = vec![
        Span::styled(
            format!("{}{}", u.team_leader, u.colon),
            th.style(Role::Muted),
        ),
        Span::raw(leader),
        Span::raw("  "),
        Span::styled(
            fill(
                u.village_progress,
                &[
                    &c.progress.done.to_string(),
                    &(c.progress.expected - c.progress.na).to_string(),
                ],
            ),
            th.style(Role::Normal),
        ),
    ];
    if !side {
        let key = app
            .opts
            .keys
            .keys_label(Ctx::Checklist, Action::Team, app.opts.ascii);
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            fill(u.team_more, &[&key]),
            th.style(Role::Muted),
        ));
    }
    if !c.village.types.is_empty() {
        let types: Vec<&str> = c
            .village
            .types
            .iter()
            .map(|t| lang.village_type(*t))
            .collect();
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            types.join(if app.opts.ascii { ", " } else { u.list_sep }),
            th.style(Role::Muted),
        ));
    }
    buf.set_line(inner.x + 1, inner.y, &Line::from(spans), inner.width - 1);
}

fn columns(app: &App, width: u16) -> Vec<Col> {
    let u = app.lang().ui();
    let wide = width >= 100;
    let mut cols = vec![
        Col::left(u.col_focus, 4),
        Col::right("#", 2),
        Col::left(u.col_task, if wide { 24 } else { 16 }),
        Col::left(u.col_cadence, if app.lang() == Lang::En { 9 } else { 4 }),
        Col::left(u.col_status, 7),
        Col::left(u.col_due, 5),
        Col::left(u.col_note, 10),
        Col::left(u.col_by, 8),
        Col::left(u.col_at, if wide { 11 } else { 5 }),
    ];
    flex_widths(&mut cols, 6, width);
    cols
}

#[allow(clippy::too_many_lines)] // TODO(merge): owned by face
fn rows(buf: &mut Buffer, app: &App, th: &Theme, c: &Checklist, area: Rect) {
    if area.height < 2 {
        return;
    }
    let lang = app.lang();
    let u = lang.ui();
    let cols = columns(app, area.width);
    let wide = area.width >= 100;
    let header: Vec<Span> = std::iter::once(Span::raw(" "))
        .chain(cols.iter().flat_map(|col| {
            [
                Span::styled(
                    fit(&col.title, col.width, col.right),
                    th.style(Role::Header),
                ),
                Span::raw(" "),
            ]
        }))
        .collect();
    buf.set_line(area.x, area.y, &Line::from(header), area.width);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    // Display lines: a heading per category, then its tasks.
    enum L {
        Cat(u32),
        Task(usize),
    }
    let mut lines = Vec::new();
    let mut last_cat = 0;
    for (i, r) in c.rows.iter().enumerate() {
        if r.task.category != last_cat {
            last_cat = r.task.category;
            lines.push(L::Cat(last_cat));
        }
        lines.push(L::Task(i));
    }
    let sel_line = lines
        .iter()
        .position(|l| matches!(l, L::Task(i) if *i == c.sel.index))
        .unwrap_or(0);
    // Scroll by display lines, keeping the category heading of the first
    // task visible when scrolled to the top.
    let view = Sel {
        index: if c.sel.index == 0 { 0 } else { sel_line },
        offset: c.sel.offset.clone(),
        page: c.sel.page.clone(),
    };
    let off = view.scroll(body.height as usize, lines.len());
    c.sel.offset.set(off);
    c.sel.page.set(view.page.get().saturating_sub(2).max(1));
    let cat = app.catalogue();
    for (k, l) in lines
        .iter()
        .enumerate()
        .skip(off)
        .take(body.height as usize)
    {
        let y = body.y + (k - off) as u16;
        match l {
            L::Cat(id) => {
                let name = cat
                    .category(*id)
                    .map(|c| match lang {
                        Lang::Zh => format!("{}、{}", chinese_number(c.id), c.name),
                        Lang::En => format!("{}. {}", c.id, c.name_en),
                    })
                    .unwrap_or_default();
                buf.set_string(
                    body.x + 1,
                    y,
                    text::truncate(&name, body.width as usize - 1),
                    th.style(Role::Title),
                );
            }
            L::Task(i) => {
                let r = &c.rows[*i];
                let mut focus = String::new();
                if c.month_tasks.contains(&r.task.number) {
                    focus.push_str(u.focus_month);
                }
                if c.quarter_tasks.contains(&r.task.number) {
                    focus.push_str(u.focus_quarter);
                }
                let title = match lang {
                    Lang::Zh => r.task.title.clone(),
                    Lang::En => r.task.title_en.clone(),
                };
                let (note, by, at) = match &r.record {
                    Some(rec) => (
                        rec.note.clone(),
                        rec.recorded_by.clone(),
                        short_time(&rec.recorded_at, wide),
                    ),
                    None => (String::new(), String::new(), String::new()),
                };
                let due = r.period.due_date().format("%m-%d").to_string();
                let n = th.style(Role::Normal);
                let m = th.style(Role::Muted);
                let cells = [
                    (focus, th.style(Role::Mark)),
                    (r.task.number.to_string(), m),
                    (title, n),
                    (lang.cadence(r.task.cadence).to_string(), m),
                    (
                        lang.display_status(r.display).to_string(),
                        status_style(th, r.display),
                    ),
                    (due, m),
                    (note, n),
                    (by, m),
                    (at, m),
                ];
                let selected = *i == c.sel.index;
                let mut spans = vec![Span::styled(
                    if selected { th.sym().selected } else { " " },
                    th.style(Role::Key),
                )];
                for (col, (s, st)) in cols.iter().zip(cells) {
                    spans.push(Span::styled(fit(&s, col.width, col.right), st));
                    spans.push(Span::raw(" "));
                }
                buf.set_line(body.x, y, &Line::from(spans), body.width);
                if selected {
                    buf.set_style(
                        Rect {
                            x: body.x + 1,
                            y,
                            width: body.width - 1,
                            height: 1,
                        },
                        th.style(Role::Selected),
                    );
                }
            }
        }
    }
}

/// 1 → 一 ... for category headings.
fn chinese_number(n: u32) -> &'static str {
    const N: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    N.get(n as usize).copied().unwrap_or("")
}

/// Team lines: role and name, then unit and start (former members muted).
pub fn team_lines<'a>(app: &App, th: &Theme, c: &Checklist, width: u16) -> Vec<Line<'a>> {
    let lang = app.lang();
    let u = lang.ui();
    let w = width as usize;
    let mut out = Vec::new();
    if c.team.is_empty() {
        out.push(Line::styled(u.team_none, th.style(Role::Muted)));
    }
    for m in &c.team {
        let active = m.active_on(app.today);
        let style = if active {
            th.style(Role::Normal)
        } else {
            th.style(Role::Muted)
        };
        let mut head = format!("{} {}", lang.member_role(m.role), m.name);
        if !active {
            head.push_str(&fill(u.paren, &[u.team_former]));
        }
        out.push(Line::styled(text::truncate(&head, w), style));
        let since = fill(u.team_since, &[&m.start.format("%Y-%m").to_string()]);
        out.push(Line::styled(
            text::truncate(&format!("  {} {}", m.unit, since), w),
            th.style(Role::Muted),
        ));
    }
    out
}

fn team_panel(frame: &mut Frame, app: &App, th: &Theme, c: &Checklist, area: Rect) {
    let u = app.lang().ui();
    let b = block(th, format!(" {} ({}) ", u.team_title, c.team.len()));
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let lines = team_lines(app, th, c, inner.width);
    for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
        frame
            .buffer_mut()
            .set_line(inner.x, inner.y + i as u16, l, inner.width);
    }
}
