//! 补助发放: the units of the month on the left, the statement of the unit
//! opened on the right (on a narrow terminal, one pane at a time). A pure
//! function of the screen's state.

use super::followup::{body, empty_note, frame_screen, keyed, put_line};
use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, flex_widths, table};
use crate::app::App;
use crate::app::allowance::{AllowanceView, Pane};
use crate::app::keys::{Action, Ctx};
use crate::domain::text;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::transfer::allowance::remarks;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

fn month_text(lang: Lang, v: &AllowanceView) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Zh => format!("{}年{}月", v.month.year(), v.month.month()),
        Lang::En => v.month.format("%Y-%m").to_string(),
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.allowance else {
        return;
    };
    let lang = app.lang();
    let u = lang.allowance_ui();
    let title = format!(" {} {} {} ", u.screen, th.sym().dot, month_text(lang, v));
    let inner = frame_screen(frame, th, area, title);
    let mut spans = vec![Span::styled(month_text(lang, v), th.style(Role::Info))];
    let key = |a: Action| app.opts.keys.key_label(Ctx::Allowance, a, app.opts.ascii);
    spans.extend([
        Span::raw("  "),
        Span::styled(key(Action::PrevPeriod), th.style(Role::Key)),
        Span::raw(" "),
        Span::styled(key(Action::NextPeriod), th.style(Role::Key)),
        Span::raw(" "),
        Span::raw(u.month_label),
    ]);
    spans.extend(keyed(
        app,
        th,
        Ctx::Allowance,
        Action::Open,
        u.show_label.to_string(),
    ));
    spans.extend(keyed(
        app,
        th,
        Ctx::Allowance,
        Action::Export,
        lang.action("export").to_string(),
    ));
    put_line(frame.buffer_mut(), inner, 0, &Line::from(spans));
    let rest = body(inner, 1);
    if let Some(d) = &v.denied {
        empty_note(frame.buffer_mut(), th, rest, d);
        return;
    }
    let wide = rest.width >= 100;
    if wide {
        let left = Rect {
            width: 30.min(rest.width / 3),
            ..rest
        };
        let right = Rect {
            x: left.right() + 1,
            width: rest.width.saturating_sub(left.width + 1),
            ..rest
        };
        units(frame, app, th, v, left);
        statement(frame, app, th, v, right);
    } else if v.pane == Pane::Units || v.statement.is_none() {
        units(frame, app, th, v, rest);
    } else {
        statement(frame, app, th, v, rest);
    }
}

fn units(frame: &mut Frame, app: &App, th: &Theme, v: &AllowanceView, area: Rect) {
    let lang = app.lang();
    let u = lang.allowance_ui();
    let mut cols = vec![
        Col::left(u.units_pane, 10),
        Col::right(lang.allowance().col_name, 4),
    ];
    cols[1].title = String::new();
    flex_widths(&mut cols, 0, area.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let x = &v.units[i];
        vec![(x.name.clone(), n), (x.cadres.to_string(), muted)]
    };
    if v.units.is_empty() {
        empty_note(frame.buffer_mut(), th, area, lang.allowance().no_units);
    }
    let sel = (v.pane == Pane::Units).then_some(&v.units_sel);
    let shown = table(frame.buffer_mut(), area, th, &cols, v.units.len(), row, sel);
    if v.pane == Pane::Units {
        shown.record(&app.hits);
    }
}

fn statement(frame: &mut Frame, app: &App, th: &Theme, v: &AllowanceView, area: Rect) {
    let lang = app.lang();
    let u = lang.allowance_ui();
    let w = lang.allowance();
    let buf = frame.buffer_mut();
    let Some(s) = &v.statement else {
        empty_note(buf, th, area, u.choose);
        return;
    };
    let y = statement_head(buf, th, lang, v, s, area);
    let t = &s.totals;
    let totals = fill(
        u.totals_line,
        &[
            &t.cadres.to_string(),
            &t.days_in_village.to_string(),
            &t.living.yuan(),
            &t.travel.yuan(),
            &t.total.yuan(),
        ],
    );
    let list = Rect {
        y: area.y + y,
        height: area.height.saturating_sub(y + 1),
        ..area
    };
    put_line(
        buf,
        area,
        area.height.saturating_sub(1),
        &Line::styled(totals, th.style(Role::Info)),
    );
    let wide = area.width >= 110;
    let num = |title: &str, min: u16| Col::right(title, (text::width(title) as u16).max(min));
    let mut cols = vec![
        Col::left(w.col_name, 8),
        Col::left(w.col_village, if wide { 12 } else { 8 }),
    ];
    if wide {
        cols.push(Col::left(w.col_role, 8));
    }
    cols.push(num(u.col_days_short, 4));
    if wide {
        cols.push(num(w.col_daily, 6));
    }
    cols.extend([
        num(u.col_living_short, 9),
        num(u.col_trips_short, 2),
        num(u.col_travel_short, 8),
        num(u.col_total_short, 9),
        Col::left(u.col_remark_short, 6),
    ]);
    let flex = cols.len() - 1;
    flex_widths(&mut cols, flex, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let warn = th.style(Role::Overdue);
    let row = |i: usize| -> Vec<TCell> {
        let l = &s.lines[i];
        let a = &l.allowance;
        let mut cells: Vec<TCell> = vec![(l.name.clone(), n), (l.village_name.clone(), muted)];
        if wide {
            cells.push((lang.member_role(l.role).to_string(), muted));
        }
        cells.push((a.days_in_village.to_string(), n));
        if wide {
            cells.push((a.daily_text(), muted));
        }
        let r = remarks(l, lang);
        let rs = if r.is_empty() { muted } else { warn };
        cells.extend([
            (a.living.yuan(), n),
            (a.trips_paid.to_string(), n),
            (a.travel.yuan(), n),
            (a.total.yuan(), th.style(Role::Title)),
            (r, rs),
        ]);
        cells
    };
    if s.lines.is_empty() {
        empty_note(buf, th, list, w.no_lines);
    }
    let sel = (v.pane == Pane::Lines).then_some(&v.lines_sel);
    let shown = table(buf, list, th, &cols, s.lines.len(), row, sel);
    if v.pane == Pane::Lines {
        shown.record(&app.hits);
    }
}

/// The statement's heading and notes (partial, renewals); the rows used.
fn statement_head(
    buf: &mut ratatui::buffer::Buffer,
    th: &Theme,
    lang: Lang,
    v: &AllowanceView,
    s: &crate::store::allowance::Statement,
    area: Rect,
) -> u16 {
    let u = lang.allowance_ui();
    let w = lang.allowance();
    let head = fill(
        u.statement_head,
        &[
            &s.unit.name,
            &month_text(lang, v),
            &s.lines.len().to_string(),
            &s.totals.total.yuan(),
        ],
    );
    put_line(buf, area, 0, &Line::styled(head, th.style(Role::Title)));
    let mut notes = Vec::new();
    if s.partial {
        notes.push(w.partial.to_string());
    }
    if !s.renewals.is_empty() {
        notes.push(fill(u.renewals, &[&s.renewals.len().to_string()]));
    }
    let mut y = 1;
    if !notes.is_empty() {
        let line = Line::styled(notes.join(lang.ui().list_sep), th.style(Role::Warn));
        put_line(buf, area, y, &line);
        y += 1;
    }
    y
}
