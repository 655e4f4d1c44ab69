//! 任务清单 of one village: 25 tasks under their 7 categories, marks for
//! tasks this month's prompts and this quarter's guidance concern, the team.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, header_line, status_style, table_row, wrap};
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

/// `11-23 18:09`, with the real-time mark when it falls after the
/// (pinned) today: a looked-back view never passes a later time off as then.
pub fn time_label(app: &App, at: &str, with_time: bool) -> String {
    let s = short_time(at, with_time);
    if crate::domain::clock::after_day(at, app.today) {
        format!("{s}{}", app.lang().figures().real_time_mark)
    } else {
        s
    }
}

/// Where the month viewed lies from today's: `Less` past, `Greater` future.
fn when(app: &App, c: &Checklist) -> std::cmp::Ordering {
    c.month.first_day().cmp(&app.month().first_day())
}

/// The viewed month as the labels name it: 本月 for the current one, else
/// the month itself (2026年10月).
fn month_words(app: &App, c: &Checklist) -> (String, String) {
    let lang = app.lang();
    let f = lang.figures();
    if when(app, c).is_eq() {
        (f.this_month.to_string(), f.this_quarter.to_string())
    } else {
        (
            lang.period(c.month),
            lang.period(c.month.with_kind(crate::domain::PeriodKind::Quarter)),
        )
    }
}

/// The title: checklist, village, and the month viewed; a month other than
/// the current one is marked 往期 / 未来 in reverse video.
fn title_line(app: &App, th: &Theme, c: &Checklist) -> Line<'static> {
    let u = app.lang().ui();
    let f = app.lang().figures();
    let head = format!(
        " {} {} {} ({}) {} {}",
        u.checklist,
        th.sym().dot,
        c.village.name,
        c.village.code,
        th.sym().dot,
        app.lang().period(c.month)
    );
    let mark = match when(app, c) {
        std::cmp::Ordering::Less => Some(f.past),
        std::cmp::Ordering::Greater => Some(f.future),
        std::cmp::Ordering::Equal => None,
    };
    let mut spans = vec![Span::raw(head)];
    if let Some(m) = mark {
        spans.push(Span::styled(
            m.to_string(),
            th.style(Role::Alert)
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
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
    let title = title_line(app, th, c);
    let title_w = title.width() as u16 + 1;
    let b = block(th, title);
    let inner = b.inner(main);
    b.render(main, frame.buffer_mut());
    info_line(frame.buffer_mut(), app, th, c, inner, side);
    // The rows run down to the bottom border, which carries the legend
    // of the focus marks (left) and the count of tasks below (right).
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let hidden = rows(frame.buffer_mut(), app, th, c, list);
    edge_marks(frame.buffer_mut(), app, th, c, main, hidden, title_w);
    if side {
        let panel = Rect {
            x: area.x + area.width - TEAM_W,
            width: TEAM_W,
            ..area
        };
        team_panel(frame, app, th, c, panel);
    }
}

/// `本月已完成 6/应完成 10，不适用 1` (10月… for another month): the
/// viewed month's figures as crate::domain::figures defines them.
fn progress_text(app: &App, c: &Checklist) -> String {
    let lang = app.lang();
    let p = &c.progress;
    let month = if when(app, c).is_eq() {
        lang.figures().this_month.to_string()
    } else {
        super::overview::month_label(lang, c.month)
    };
    let mut s = fill(
        lang.ui().village_progress,
        &[&month, &p.done.to_string(), &p.expected.to_string()],
    );
    if p.na > 0 {
        s.push_str(&fill(lang.figures().na_suffix, &[&p.na.to_string()]));
    }
    s
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
        Span::styled(progress_text(app, c), th.style(Role::Normal)),
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

/// Whether a recorded time shown falls after today (pinned `--today`).
fn late_times(app: &App, c: &Checklist) -> bool {
    c.rows.iter().any(|r| {
        r.record
            .as_ref()
            .is_some_and(|rec| crate::domain::clock::after_day(&rec.recorded_at, app.today))
    })
}

fn columns(app: &App, c: &Checklist, width: u16, cat_w: Option<u16>) -> Vec<Col> {
    let u = app.lang().ui();
    let wide = width >= 100;
    let mut cols = vec![
        Col::left(u.col_focus, 4),
        Col::right("#", 2),
        Col::left(u.col_task, if wide { 24 } else { 16 }),
        Col::left(u.col_cadence, if app.lang() == Lang::En { 9 } else { 4 }),
        // 逾期完成 / Done late is the widest status.
        Col::left(u.col_status, if app.lang() == Lang::En { 9 } else { 8 }),
        Col::left(u.col_due, 5),
        Col::left(u.col_note, 10),
        Col::left(u.col_by, 8),
        Col::left(
            u.col_at,
            if wide { 11 } else { 5 } + late_times(app, c) as u16,
        ),
    ];
    let mut note = 6;
    if let Some(w) = cat_w {
        cols.insert(0, Col::left(u.col_category, w));
        note += 1;
    }
    flex_widths(&mut cols, note, width);
    cols
}

/// A line of the task list: a category heading, or a task (an index into
/// the checklist's rows).
enum ListLine {
    Cat(u32),
    Task(usize),
}

/// How the list is laid out: a heading line above each category's tasks,
/// or, where the headings would push tasks off the screen, compact: the
/// category in a first column of `cat_w` cells beside its tasks.
struct Layout {
    lines: Vec<ListLine>,
    cat_w: Option<u16>,
}

/// Headings when everything fits with them; compact when wide, or when
/// compact lets every task fit; headings (scrolled) otherwise, as at 80x24.
fn layout(c: &Checklist, lang: Lang, width: u16, height: usize) -> Layout {
    let mut lines = Vec::new();
    let mut last_cat = 0;
    for (i, r) in c.rows.iter().enumerate() {
        if r.task.category != last_cat {
            last_cat = r.task.category;
            lines.push(ListLine::Cat(last_cat));
        }
        lines.push(ListLine::Task(i));
    }
    let wide = width >= 100;
    if lines.len() <= height || (!wide && c.rows.len() > height) {
        return Layout { lines, cat_w: None };
    }
    let cat_w = match (wide, lang) {
        (true, Lang::Zh) => 12,
        (true, Lang::En) => 14,
        (false, Lang::Zh) => 6,
        (false, Lang::En) => 8,
    };
    Layout {
        lines: (0..c.rows.len()).map(ListLine::Task).collect(),
        cat_w: Some(cat_w),
    }
}

/// Tasks of the list beyond the top and bottom of what is shown.
#[derive(Debug, Default, Clone, Copy)]
struct Hidden {
    above: usize,
    below: usize,
}

fn count_tasks(lines: &[ListLine]) -> usize {
    lines
        .iter()
        .filter(|l| matches!(l, ListLine::Task(_)))
        .count()
}

/// Scroll by display lines to keep the selection in view (and the first
/// category's heading when the first task is selected); the first line shown.
fn scroll(c: &Checklist, lines: &[ListLine], height: usize) -> usize {
    let sel_line = lines
        .iter()
        .position(|l| matches!(l, ListLine::Task(i) if *i == c.sel.index))
        .unwrap_or(0);
    let view = Sel {
        index: if c.sel.index == 0 { 0 } else { sel_line },
        offset: c.sel.offset.clone(),
        page: c.sel.page.clone(),
    };
    let off = view.scroll(height, lines.len());
    c.sel.offset.set(off);
    let headings = lines.len() - count_tasks(lines);
    let page = if headings > 0 {
        height.saturating_sub(2)
    } else {
        height
    };
    c.sel.page.set(page.max(1));
    off
}

fn rows(buf: &mut Buffer, app: &App, th: &Theme, c: &Checklist, area: Rect) -> Hidden {
    if area.height < 2 {
        return Hidden::default();
    }
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let h = body.height as usize;
    let lay = layout(c, app.lang(), area.width, h);
    let cols = columns(app, c, area.width, lay.cat_w);
    header_line(buf, area, th, &cols);
    let off = scroll(c, &lay.lines, h);
    let cats = lay
        .cat_w
        .map(|w| category_cells(app, c, w))
        .unwrap_or_default();
    let wide = area.width >= 100;
    for (k, l) in lay.lines.iter().enumerate().skip(off).take(h) {
        let y = body.y + (k - off) as u16;
        match l {
            ListLine::Cat(id) => {
                let name = category_name(app, *id);
                buf.set_string(
                    body.x + 1,
                    y,
                    text::truncate(&name, body.width.saturating_sub(1) as usize),
                    th.style(Role::Title),
                );
            }
            ListLine::Task(i) => {
                let mut cells = task_cells(app, th, c, *i, wide);
                if let Some(name) = cats.get(*i) {
                    cells.insert(0, (name.clone(), th.style(Role::Title)));
                }
                table_row(buf, (body, y), th, &cols, cells, *i == c.sel.index);
                app.hits.row(y, body.x, body.right(), *i);
            }
        }
    }
    let shown_end = (off + h).min(lay.lines.len());
    Hidden {
        above: count_tasks(&lay.lines[..off.min(shown_end)]),
        below: count_tasks(&lay.lines[shown_end..]),
    }
}

/// A category as its heading reads: `一、宣传贯彻党的方针政策` / `1. Promote ...`.
fn category_name(app: &App, id: u32) -> String {
    let lang = app.lang();
    app.catalogue()
        .category(id)
        .map(|c| match lang {
            Lang::Zh => format!("{}、{}", chinese_number(c.id), c.name),
            Lang::En => format!("{}. {}", c.id, c.name_en),
        })
        .unwrap_or_default()
}

/// The compact list's category column, per task: the category's name
/// wrapped over the rows of its tasks, cut short with … on the last one.
fn category_cells(app: &App, c: &Checklist, w: u16) -> Vec<String> {
    let mut out = vec![String::new(); c.rows.len()];
    let mut start = 0;
    while start < c.rows.len() {
        let id = c.rows[start].task.category;
        let end = c.rows[start..]
            .iter()
            .position(|r| r.task.category != id)
            .map_or(c.rows.len(), |n| start + n);
        let lines = wrap(&category_name(app, id), w);
        let n = end - start;
        for (k, slot) in out[start..end].iter_mut().enumerate() {
            *slot = if k + 1 == n && lines.len() > n {
                text::truncate(&lines[k..].join(" "), w as usize)
            } else {
                lines.get(k).cloned().unwrap_or_default()
            };
        }
        start = end;
    }
    out
}

/// The cells of task row `i`: focus marks, number, title, cadence, status,
/// due date, the latest note, who recorded it and when.
fn task_cells(app: &App, th: &Theme, c: &Checklist, i: usize, wide: bool) -> Vec<TCell> {
    let lang = app.lang();
    let u = lang.ui();
    let r = &c.rows[i];
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
            app.person(&rec.recorded_by).to_string(),
            time_label(app, &rec.recorded_at, wide),
        ),
        None => (String::new(), String::new(), String::new()),
    };
    let due = r.period.due_date().format("%m-%d").to_string();
    let n = th.style(Role::Normal);
    let m = th.style(Role::Muted);
    vec![
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
    ]
}

/// `↑ 3 more` / `↓ 4 more` for tasks beyond an edge of the list.
fn hidden_text(app: &App, th: &Theme, n: usize, up: bool) -> String {
    let u = app.lang().ui();
    let (template, arrow) = if up {
        (u.rows_above, th.sym().up)
    } else {
        (u.rows_below, th.sym().down)
    };
    format!(" {} ", fill(template, &[arrow, &n.to_string()]))
}

/// The list's borders: "↑ 3 more" at the right of the top border (clear of
/// the title, `title_w` cells); the focus legend at the left of the bottom
/// border and "↓ 4 more" at its right, when tasks lie beyond the edges.
fn edge_marks(
    buf: &mut Buffer,
    app: &App,
    th: &Theme,
    c: &Checklist,
    frame: Rect,
    hidden: Hidden,
    title_w: u16,
) {
    let key = th.style(Role::Key);
    if hidden.above > 0 {
        let s = hidden_text(app, th, hidden.above, true);
        let w = text::width(&s) as u16;
        if w + title_w + 4 <= frame.width {
            buf.set_string(frame.right() - 2 - w, frame.y, s, key);
        }
    }
    let y = frame.bottom().saturating_sub(1);
    let mut room = frame.width.saturating_sub(4);
    if hidden.below > 0 {
        let s = hidden_text(app, th, hidden.below, false);
        let w = text::width(&s) as u16;
        if w + 4 <= frame.width {
            buf.set_string(frame.right() - 2 - w, y, s, key);
            room = room.saturating_sub(w + 1);
        }
    }
    let (month, quarter) = month_words(app, c);
    let mut legend = fill(app.lang().ui().focus_legend, &[&month, &quarter]);
    if late_times(app, c) {
        let f = app.lang().figures();
        legend = format!(
            "{} {} {legend}",
            fill(f.real_time_legend, &[&app.today.to_string()]),
            th.sym().dot
        );
    }
    let legend = text::truncate(&legend, room.saturating_sub(2) as usize);
    buf.set_string(frame.x + 1, y, format!(" {legend} "), th.style(Role::Muted));
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
