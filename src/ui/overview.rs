//! 总览: prompts and guidance for my scope, the divisions one level below
//! with their completion, and a 12-month trend.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, fit, flex_widths, table};
use crate::app::App;
use crate::app::keys::Action;
use crate::app::overview::ChildRow;
use crate::domain::{Guidance, Period, text};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// A completion rate as a short percentage: `78.4%`, `100%`, `-`.
pub fn pct(rate: Option<f64>) -> String {
    match rate {
        Some(r) if r >= 0.9995 => "100%".into(),
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "-".into(),
    }
}

/// 已完成/应完成 of a count: `852/1100` (the rate also leaves out 不适用).
pub fn done_of(p: &crate::domain::Progress) -> String {
    format!("{}/{}", p.done, p.expected)
}

/// Short month label: `11月` / `Nov`.
pub fn month_label(lang: Lang, p: Period) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match p {
        Period::Month { month, .. } => match lang {
            Lang::Zh => format!("{month}月"),
            Lang::En => M[(month - 1) as usize].to_string(),
        },
        other => lang.period(other),
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let ov = &app.overview;
    let wide = area.width >= 120;
    let n = ov.prompts.len().max(ov.points.len()) as u16;
    let gh = if area.height >= 30 {
        (n + 2).clamp(3, 8)
    } else {
        4
    };
    let top = Rect { height: gh, ..area };
    let rest = Rect {
        y: area.y + gh,
        height: area.height - gh,
        ..area
    };
    let half = top.width / 2;
    let u = app.lang().ui();
    let more_key = app.opts.keys.keys_label(
        crate::app::keys::Ctx::Overview,
        Action::GuidanceScreen,
        app.opts.ascii,
    );
    guidance_box(
        frame,
        th,
        Rect { width: half, ..top },
        &format!("{} ({})", u.prompts_title, ov.prompts.len()),
        &ov.prompts,
        app,
        &more_key,
    );
    guidance_box(
        frame,
        th,
        Rect {
            x: top.x + half,
            width: top.width - half,
            ..top
        },
        &format!("{} ({})", u.points_title, ov.points.len()),
        &ov.points,
        app,
        &more_key,
    );
    let tw = if wide { 40 } else { 22 };
    let table_area = Rect {
        width: rest.width - tw,
        ..rest
    };
    let trend_area = Rect {
        x: rest.x + rest.width - tw,
        width: tw,
        ..rest
    };
    children(frame, app, th, table_area, wide);
    trend(frame, app, th, trend_area);
}

fn guidance_box(
    frame: &mut Frame,
    th: &Theme,
    area: Rect,
    title: &str,
    items: &[Guidance],
    app: &App,
    more_key: &str,
) {
    let u = app.lang().ui();
    let b = block(th, format!(" {title} "));
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let rows = inner.height as usize;
    let w = inner.width as usize;
    let buf = frame.buffer_mut();
    if items.is_empty() {
        buf.set_string(inner.x, inner.y, u.none, th.style(Role::Muted));
        return;
    }
    let show = if items.len() > rows {
        rows.saturating_sub(1)
    } else {
        items.len()
    };
    for (i, g) in items.iter().take(show).enumerate() {
        let line = format!("{} {}", th.sym().dot, g.title);
        buf.set_string(
            inner.x,
            inner.y + i as u16,
            text::truncate(&line, w),
            th.style(Role::Normal),
        );
    }
    if show < items.len() {
        let more = fill(u.more, &[&(items.len() - show).to_string(), more_key]);
        buf.set_string(
            inner.x,
            inner.y + show as u16,
            text::truncate(&more, w),
            th.style(Role::Muted),
        );
    }
}

fn row_cells(app: &App, th: &Theme, r: &ChildRow, bar_w: u16, wide: bool) -> Vec<TCell> {
    let n = th.style(Role::Normal);
    let (full, empty) = th.bar(r.month.rate(), bar_w as usize);
    let overdue_style = if r.year.overdue > 0 {
        th.style(Role::Overdue)
    } else {
        th.style(Role::Muted)
    };
    let _ = app;
    let mut cells = vec![
        (r.division.name.clone(), n),
        (r.villages.to_string(), n),
        (pct(r.month.rate()), n),
        (pct(r.quarter.rate()), n),
        (pct(r.year.rate()), n),
        (r.year.overdue.to_string(), overdue_style),
    ];
    if wide {
        cells.push((done_of(&r.month), th.style(Role::Muted)));
        cells.push((r.month.na.to_string(), th.style(Role::Muted)));
        if per_prefecture(app) {
            cells.push((received_at(app, r), th.style(Role::Muted)));
        }
    }
    cells.push((format!("{full}{empty}"), th.style(Role::BarFull)));
    cells
}

/// On a received copy showing several prefectures, each row says as of
/// when its figures are (its prefecture's last pull).
fn per_prefecture(app: &App) -> bool {
    app.overview.received.len() > 1
}

/// "11-27 08:00": the last pull of the row's prefecture ("" for the total).
fn received_at(app: &App, r: &ChildRow) -> String {
    let code = r.division.code.as_str();
    app.overview
        .received
        .iter()
        .filter(|x| code.starts_with(x.prefecture.get(..4).unwrap_or("-")))
        .map(|x| x.at.chars().skip(5).take(11).collect())
        .next()
        .unwrap_or_default()
}

fn children(frame: &mut Frame, app: &App, th: &Theme, area: Rect, wide: bool) {
    let u = app.lang().ui();
    let ov = &app.overview;
    // Rates count the items due by today (crate::domain::figures).
    let to = fill(app.lang().figures().counted_to, &[&app.today.to_string()]);
    let title = format!(" {} {} {to} ", u.children_title, th.sym().dot);
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    // A long bar only where the name column keeps its room beside the
    // wide columns (已完成/应完成, 不适用).
    let bar_w: u16 = if wide && inner.width >= 96 { 16 } else { 6 };
    let mut cols = vec![
        Col::left(u.col_name, 10),
        Col::right(u.col_villages, 4),
        Col::right(u.col_month, 5),
        Col::right(u.col_quarter, 5),
        Col::right(u.col_year, 5),
        Col::right(u.col_overdue, 8),
    ];
    if wide {
        cols.push(Col::right(u.col_done_of, 17));
        cols.push(Col::right(app.lang().text().na, 6));
        if per_prefecture(app) {
            cols.push(Col::right(u.col_received, 11));
        }
    }
    cols.push(Col::left(u.col_bar, bar_w));
    flex_widths(&mut cols, 0, inner.width);
    // The last line holds the total of the division shown.
    let list = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        ov.rows.len(),
        |i| row_cells(app, th, &ov.rows[i], bar_w, wide),
        Some(&ov.sel),
    )
    .record(&app.hits);
    if let Some(t) = &ov.total {
        let y = inner.bottom() - 1;
        let cells = row_cells(app, th, t, bar_w, wide);
        let mut spans = vec![Span::raw(" ")];
        for (i, (c, (s, _))) in cols.iter().zip(cells).enumerate() {
            let s = if i == 0 {
                format!("{} {}", th.sym().dash, s)
            } else {
                s
            };
            spans.push(Span::styled(
                fit(&s, c.width, c.right),
                th.style(Role::Header),
            ));
            spans.push(Span::raw(" "));
        }
        frame
            .buffer_mut()
            .set_line(inner.x, y, &Line::from(spans), inner.width);
    }
}

fn trend(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let u = app.lang().ui();
    let b = block(th, format!(" {} ", u.trend_title));
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let lang = app.lang();
    // label(4) space bar space pct(5)
    let bar_w = inner.width.saturating_sub(4 + 1 + 1 + 5) as usize;
    let buf = frame.buffer_mut();
    let items = &app.overview.trend;
    let skip = items.len().saturating_sub(inner.height as usize);
    for (i, (p, rate)) in items.iter().skip(skip).enumerate() {
        let y = inner.y + i as u16;
        let (full, empty) = th.bar(*rate, bar_w);
        let line = Line::from(vec![
            Span::styled(fit(&month_label(lang, *p), 4, false), th.style(Role::Muted)),
            Span::raw(" "),
            Span::styled(full, th.style(Role::BarFull)),
            Span::styled(empty, th.style(Role::BarEmpty)),
            Span::raw(" "),
            Span::raw(fit(&pct(*rate), 5, true)),
        ]);
        buf.set_line(inner.x, y, &line, inner.width);
    }
}
