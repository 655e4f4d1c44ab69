//! 考勤: the attendance grid. Rows = cadres (by village, role, name),
//! columns = days, one character per cell; the totals and the < 20 flag
//! (a `!`, so it shows without colour too) at the row end. A narrow
//! terminal shows whole weeks around the cursor; a wide one the month.

use super::theme::{Role, Theme};
use crate::app::App;
use crate::app::attendance::{AttendanceView, Prompt};
use crate::domain::attendance_grid::{week_start, weekday};
use crate::domain::text::{pad_left, pad_right, truncate, width};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{AttendanceGrid, AttendanceLine, CellSource};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

const NAME_W: usize = 8;
const VILLAGE_W: usize = 10;
const ROLE_W: usize = 8;
const CELL_W: usize = 3;
/// 在村 (4), 假 (3), 全年 (5), the flag (2).
const TOTALS_W: usize = 14;

/// How the columns fit the width.
struct Layout {
    wide: bool,
    left: usize,
    first: u32,
    last: u32,
}

fn layout(v: &AttendanceView, g: &AttendanceGrid, w: usize) -> Layout {
    let days = g.days();
    let narrow_left = 2 + NAME_W + 1;
    let wide_left = narrow_left + VILLAGE_W + 1 + ROLE_W + 1;
    let need = |left: usize| left + days as usize * CELL_W + TOTALS_W;
    if need(wide_left) <= w {
        return Layout {
            wide: true,
            left: wide_left,
            first: 1,
            last: days,
        };
    }
    if need(narrow_left) <= w {
        return Layout {
            wide: false,
            left: narrow_left,
            first: 1,
            last: days,
        };
    }
    // Whole weeks around the cursor.
    let fit = (w.saturating_sub(narrow_left + TOTALS_W) / CELL_W) as u32;
    let span = (fit / 7).max(1) * 7;
    let mut first = v.first_shown.get().clamp(1, days);
    let cursor = v.day.clamp(1, days);
    if cursor < first {
        first = week_start(g.first, cursor);
    } else if cursor >= first + span {
        // The cursor's week becomes the last one shown.
        let ws = week_start(g.first, cursor);
        first = ws.saturating_sub(span - 7).max(1);
        if first > 1 {
            first = week_start(g.first, first);
            if first + span <= cursor {
                first = ws;
            }
        }
    }
    v.first_shown.set(first);
    Layout {
        wide: false,
        left: narrow_left,
        first,
        last: (first + span - 1).min(days),
    }
}

fn weekday_char(lang: Lang, wd: u32) -> &'static str {
    const ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    const EN: [&str; 7] = ["M", "T", "W", "T", "F", "S", "S"];
    match lang {
        Lang::Zh => ZH[wd as usize % 7],
        Lang::En => EN[wd as usize % 7],
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = app.attendance.as_ref() else {
        return;
    };
    let lang = app.lang();
    let t = lang.attendance();
    let buf = frame.buffer_mut();
    title_line(buf, app, th, v, area);
    let Some(g) = v.grid.as_ref() else {
        return;
    };
    if g.lines.is_empty() {
        buf.set_string(area.x + 1, area.y + 2, t.no_rows, th.style(Role::Muted));
        bottom_lines(buf, app, th, v, area);
        return;
    }
    let w = area.width as usize;
    let lay = layout(v, g, w);
    header_lines(buf, lang, th, g, &lay, area);
    let rows_h = area.height.saturating_sub(5) as usize;
    let off = v.sel.scroll(rows_h, g.lines.len());
    let (mrows, mdays) = v.marked();
    for (i, l) in g.lines.iter().enumerate().skip(off).take(rows_h) {
        let y = area.y + 3 + (i - off) as u16;
        let selected = i == v.sel.index;
        let mut spans = vec![
            Span::styled(
                if selected { th.sym().selected } else { " " },
                th.style(Role::Key),
            ),
            Span::raw(" "),
            Span::raw(pad_right(&truncate(&l.name, NAME_W), NAME_W + 1)),
        ];
        if lay.wide {
            spans.push(Span::styled(
                pad_right(&truncate(&l.village_name, VILLAGE_W), VILLAGE_W + 1),
                th.style(Role::Muted),
            ));
            spans.push(Span::styled(
                pad_right(&truncate(lang.member_role(l.role), ROLE_W), ROLE_W + 1),
                th.style(Role::Muted),
            ));
        }
        for day in lay.first..=lay.last {
            let cursor = selected && day == v.day;
            let marked = v.anchor.is_some() && mrows.contains(&i) && mdays.contains(&day);
            spans.push(cell(lang, th, l, day, cursor, marked));
            spans.push(Span::raw(" "));
        }
        spans.extend(totals(th, l));
        buf.set_line(area.x, y, &Line::from(spans), area.width);
    }
    bottom_lines(buf, app, th, v, area);
}

fn title_line(buf: &mut Buffer, app: &App, th: &Theme, v: &AttendanceView, area: Rect) {
    let lang = app.lang();
    let t = lang.attendance();
    let month = match lang {
        Lang::Zh => v.month.zh(),
        Lang::En => v.month.en(),
    };
    let mut spans = vec![
        Span::styled(format!(" {} ", t.title), th.style(Role::Title)),
        Span::raw(format!("{} ({}) · {month}", v.scope.name, v.scope.code)),
    ];
    let mut tag = |s: &str, role: Role| {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(s.to_string(), th.style(role)));
    };
    if let Some(g) = &v.grid {
        if g.closed() {
            tag(t.closed, Role::Done);
        } else {
            tag(t.open, Role::Muted);
        }
    }
    if v.dirty {
        tag(t.unsaved, Role::Warn);
    }
    if !v.may_edit {
        tag(t.read_only, Role::Muted);
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

fn header_lines(
    buf: &mut Buffer,
    lang: Lang,
    th: &Theme,
    g: &AttendanceGrid,
    lay: &Layout,
    area: Rect,
) {
    let t = lang.attendance();
    let mut head = format!("  {}", pad_right(t.col_name, NAME_W + 1));
    let mut week = " ".repeat(lay.left);
    if lay.wide {
        head.push_str(&pad_right(t.col_village, VILLAGE_W + 1));
        head.push_str(&pad_right(t.col_role, ROLE_W + 1));
    }
    for day in lay.first..=lay.last {
        head.push_str(&pad_left(&day.to_string(), 2));
        head.push(' ');
        week.push_str(&pad_left(weekday_char(lang, weekday(g.first, day)), 2));
        week.push(' ');
    }
    head.push_str(&pad_left(t.short_in, 4));
    head.push_str(&pad_left(t.short_leave, 3));
    head.push_str(&pad_left(t.short_year, 5));
    buf.set_string(area.x, area.y + 1, head, th.style(Role::Header));
    buf.set_string(area.x, area.y + 2, week, th.style(Role::Muted));
}

fn cell<'a>(
    lang: Lang,
    th: &Theme,
    l: &AttendanceLine,
    day: u32,
    cursor: bool,
    marked: bool,
) -> Span<'a> {
    let i = day as usize - 1;
    let code = l.row.cells.get(i).copied().flatten();
    let text = match code {
        Some(c) => pad_left(&lang.day_short(c).to_string(), 2),
        None if l.row.is_posted(day) => pad_left(th.sym().dot, 2),
        None => "  ".to_string(),
    };
    let mut style = match code {
        None => th.style(Role::Muted),
        Some(c) if c.in_village() => th.style(Role::Normal),
        Some(c) if c.is_leave() => th.style(Role::Doing),
        Some(_) => th.style(Role::Alert),
    };
    if l.sources
        .get(i)
        .copied()
        .flatten()
        .is_some_and(CellSource::is_linked)
    {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    if marked {
        style = th.style(Role::Mark).add_modifier(Modifier::BOLD);
    }
    if cursor {
        style = Style::default().add_modifier(Modifier::REVERSED);
    }
    Span::styled(text, style)
}

fn totals<'a>(th: &Theme, l: &AttendanceLine) -> Vec<Span<'a>> {
    let tot = l.totals();
    let low = if tot.below {
        th.style(Role::Alert).add_modifier(Modifier::REVERSED)
    } else {
        th.style(Role::Normal)
    };
    vec![
        Span::styled(pad_left(&tot.in_village.to_string(), 3), low),
        Span::raw(" "),
        Span::raw(pad_left(&tot.leave.to_string(), 2)),
        Span::raw(" "),
        Span::raw(pad_left(&l.year_to_date().to_string(), 4)),
        Span::raw(" "),
        Span::styled(if tot.below { "!" } else { " " }, th.style(Role::Alert)),
    ]
}

/// The cursor's cell in words, then the prompt or the legend.
fn bottom_lines(buf: &mut Buffer, app: &App, th: &Theme, v: &AttendanceView, area: Rect) {
    let lang = app.lang();
    let t = lang.attendance();
    let w = area.width as usize;
    let y1 = area.bottom().saturating_sub(2);
    let y2 = area.bottom().saturating_sub(1);
    if let Some(g) = &v.grid
        && let Some(l) = g.lines.get(v.sel.index)
    {
        let i = v.day as usize - 1;
        let day = chrono::Datelike::with_day0(&g.first, i as u32).unwrap_or(g.first);
        let code = l.row.cells.get(i).copied().flatten();
        let mut s = format!(
            " {} {} · {} · {} {}",
            l.village_name,
            l.name,
            lang.member_role(l.role),
            day,
            code.map_or(th.sym().dash, |c| lang.day_code(c))
        );
        match l.sources.get(i).copied().flatten() {
            Some(CellSource::Leave) => s.push_str(&format!("（{}）", t.from_leave)),
            Some(CellSource::Training) => s.push_str(&format!("（{}）", t.from_training)),
            _ => {}
        }
        let tot = l.totals();
        if tot.below {
            s.push_str(" · ");
            s.push_str(&fill(t.below, &[&tot.minimum.to_string()]));
        }
        if let Some(m) = g.month_state(&l.village) {
            s.push_str(" · ");
            match (&m.saved_by, &m.saved_at) {
                (Some(by), Some(at)) => s.push_str(&fill(
                    t.saved_by,
                    &[
                        by,
                        &super::checklist::short_time(at, true),
                        &m.version.to_string(),
                    ],
                )),
                _ => s.push_str(t.never_saved),
            }
        }
        buf.set_string(area.x, y1, truncate(&s, w), th.style(Role::Muted));
    }
    let (text, role) = match &v.prompt {
        Some(Prompt::Close) => (fill(t.close_prompt, &[&v.month.to_string()]), Role::Warn),
        Some(Prompt::Leave(_)) => (t.leave_prompt.to_string(), Role::Warn),
        Some(Prompt::Conflict(c)) => (
            format!(
                "{}  {}",
                fill(t.conflict, &[c.village.as_str(), &c.by, &c.at]),
                t.conflict_keys
            ),
            Role::Alert,
        ),
        None => (format!(" {}", t.legend), Role::Muted),
    };
    let text = if width(&text) > w {
        truncate(&text, w)
    } else {
        text
    };
    buf.set_string(area.x, y2, text, th.style(role));
}
