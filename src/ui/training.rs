//! 培训: the sessions of a scope and year, a session's attendance list, each
//! cadre's hours against the target, the 未参训名单, each county's counts.
//! A summary line above a table measured in cells; rows by date (sessions),
//! by village code, then name (people), or by county code: never by hours.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::app::training::{TrainingMode, TrainingView};
use crate::domain::text;
use crate::domain::training::{Kind, Mark};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.training else {
        return;
    };
    let lang = app.lang();
    let t = lang.training();
    let what = match v.mode {
        TrainingMode::Sessions => t.sessions,
        TrainingMode::Roster(_) => t.roster,
        TrainingMode::Hours => t.hours_list,
        TrainingMode::Untrained => t.untrained_list,
        TrainingMode::Counties => t.counties_list,
    };
    let dot = th.sym().dot;
    let title = format!(
        " {} {dot} {what} {dot} {} {dot} {} ",
        t.title,
        v.scope().name,
        v.year
    );
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let summary = summary(v, lang);
    if inner.height > 0 {
        frame.buffer_mut().set_line(
            inner.x + 1,
            inner.y,
            &Line::from(Span::styled(summary, th.style(Role::Info))),
            inner.width.saturating_sub(1),
        );
    }
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let wide = area.width >= 120;
    match v.mode {
        TrainingMode::Sessions => sessions(frame, app, th, list, wide),
        TrainingMode::Roster(_) => roster(frame, app, th, list, wide),
        TrainingMode::Hours | TrainingMode::Untrained => people(frame, app, th, list, wide),
        TrainingMode::Counties => counties(frame, app, th, list),
    }
    if v.is_empty() && list.height > 1 {
        let words = match v.mode {
            TrainingMode::Sessions => t.no_sessions,
            TrainingMode::Roster(_) => t.no_roster,
            TrainingMode::Counties => t.no_counties,
            _ => t.none_untrained,
        };
        frame.buffer_mut().set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(words, list.width.saturating_sub(1) as usize),
            th.style(Role::Muted),
        );
    }
}

fn summary(v: &TrainingView, lang: Lang) -> String {
    let t = lang.training();
    let s = v.settings;
    match v.mode {
        TrainingMode::Sessions => fill(
            t.year_head,
            &[
                &v.year.to_string(),
                &s.target_hours.to_string(),
                &s.new_cadre_days.to_string(),
            ],
        ),
        TrainingMode::Roster(_) => match v.session() {
            Some(x) => format!(
                "{} · {} · {} {}..{} · {} {} · {}",
                x.title,
                lang.training_kind(x.kind),
                lang.training_level(x.level),
                x.from.format("%m-%d"),
                x.to.format("%m-%d"),
                x.hours,
                t.col_hours,
                x.venue
            ),
            None => String::new(),
        },
        TrainingMode::Hours | TrainingMode::Untrained => {
            let untrained = v.untrained().count();
            let new = v.cadres.iter().filter(|c| c.new_untrained).count();
            let head = fill(
                t.untrained_head,
                &[&untrained.to_string(), &v.cadres.len().to_string()],
            );
            let new = fill(
                t.new_head,
                &[&new.to_string(), &s.new_cadre_days.to_string()],
            );
            format!("{head} · {new}")
        }
        TrainingMode::Counties => {
            let head = fill(t.counties_head, &[&v.year.to_string()]);
            if v.copy {
                format!("{head} · {}", t.counties_pushed)
            } else {
                head
            }
        }
    }
}

/// Each county's counts, by county code: nobody named, nothing ranked.
fn counties(frame: &mut Frame, app: &App, th: &Theme, list: Rect) {
    let Some(v) = &app.training else {
        return;
    };
    let t = app.lang().training();
    let num = |h: &'static str| Col::right(h, text::width(h).max(5) as u16);
    let mut cols = vec![
        Col::left(t.col_county, 12),
        num(t.col_cadres),
        num(t.col_total_hours),
        num(t.col_target),
        num(t.col_reached),
        num(t.col_untrained),
    ];
    flex_widths(&mut cols, 0, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let c = &v.counties[i];
        let f = &c.figures;
        vec![
            (text::sanitize(&c.name, true), n),
            (f.cadres.to_string(), n),
            (f.hours.to_string(), n),
            (f.target.to_string(), muted),
            (f.reached.to_string(), n),
            (
                f.untrained.to_string(),
                if f.untrained > 0 {
                    th.style(Role::Overdue)
                } else {
                    muted
                },
            ),
        ]
    };
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.counties.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

fn sessions(frame: &mut Frame, app: &App, th: &Theme, list: Rect, wide: bool) {
    let Some(v) = &app.training else {
        return;
    };
    let lang = app.lang();
    let t = lang.training();
    let mut cols = vec![
        Col::left(t.col_dates, 12),
        Col::left(t.col_title, 20),
        Col::left(t.col_kind, 8),
        Col::left(t.col_level, 4),
        Col::right(t.col_hours, 4),
        Col::right(t.col_marks, text::width(t.col_marks).max(9) as u16),
    ];
    if wide {
        cols.push(Col::left(t.col_organiser, 16));
        cols.push(Col::left(t.col_venue, 14));
    }
    flex_widths(&mut cols, 1, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let s = &v.sessions[i];
        let mut cells = vec![
            (
                format!("{}..{}", s.from.format("%m-%d"), s.to.format("%m-%d")),
                muted,
            ),
            (text::sanitize(&s.title, true), n),
            (lang.training_kind(s.kind).to_string(), n),
            (lang.training_level(s.level).to_string(), muted),
            (s.hours.to_string(), n),
            (format!("{}/{}/{}", s.attended, s.leave, s.absent), n),
        ];
        if wide {
            cells.push((text::sanitize(&s.organiser, true), muted));
            cells.push((text::sanitize(&s.venue, true), muted));
        }
        cells
    };
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.sessions.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

fn roster(frame: &mut Frame, app: &App, th: &Theme, list: Rect, wide: bool) {
    let Some(v) = &app.training else {
        return;
    };
    let lang = app.lang();
    let t = lang.training();
    let mut cols = Vec::new();
    if wide {
        cols.push(Col::left(t.col_code, 12));
    }
    cols.extend([
        Col::left(t.col_village, 10),
        Col::left(t.col_name, 8),
        Col::left(t.col_unit, 14),
        Col::left(t.col_mark, 8),
        Col::right(t.col_hours, 4),
    ]);
    if wide {
        cols.push(Col::left(t.col_conflict, 16));
    }
    let flex = if wide { 3 } else { 2 };
    flex_widths(&mut cols, flex, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.roster[i];
        let (mark, style) = match r.mark {
            Some(Mark::Attended) => (lang.training_mark(Mark::Attended), th.style(Role::Done)),
            Some(m) => (lang.training_mark(m), th.style(Role::Overdue)),
            None => (t.unmarked, muted),
        };
        let mark = if r.conflicts > 0 && !wide {
            format!("{mark}!")
        } else {
            mark.to_string()
        };
        let mut cells = Vec::new();
        if wide {
            cells.push((r.village.clone(), muted));
        }
        cells.extend([
            (text::sanitize(&r.village_name, true), n),
            (text::sanitize(&r.name, true), n),
            (text::sanitize(&r.unit, true), muted),
            (mark, style),
            (
                if r.mark.is_some() {
                    r.hours.to_string()
                } else {
                    String::new()
                },
                n,
            ),
        ]);
        if wide {
            cells.push((
                if r.conflicts > 0 {
                    fill(t.conflict_days, &[&r.conflicts.to_string()])
                } else {
                    String::new()
                },
                th.style(Role::Overdue),
            ));
        }
        cells
    };
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.roster.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

fn kinds(lang: Lang, had: &[bool; 3]) -> String {
    Kind::ALL
        .iter()
        .map(|k| {
            if had[k.index()] {
                lang.training_kind(*k).chars().next().unwrap_or(' ')
            } else {
                '·'
            }
        })
        .collect()
}

fn people(frame: &mut Frame, app: &App, th: &Theme, list: Rect, wide: bool) {
    let Some(v) = &app.training else {
        return;
    };
    let lang = app.lang();
    let t = lang.training();
    let untrained_only = v.mode == TrainingMode::Untrained;
    let rows: Vec<_> = if untrained_only {
        v.untrained().collect()
    } else {
        v.cadres.iter().collect()
    };
    let mut cols = Vec::new();
    if wide {
        cols.push(Col::left(t.col_code, 12));
    }
    cols.extend([
        Col::left(t.col_village, 10),
        Col::left(t.col_name, 8),
        Col::left(t.col_unit, 14),
    ]);
    if untrained_only {
        cols.push(Col::left(t.col_start, 10));
        cols.push(Col::left(t.col_new, text::width(t.col_new) as u16));
    } else {
        cols.push(Col::right(t.col_hours, 4));
        cols.push(Col::right(t.col_short, text::width(t.col_short) as u16));
        cols.push(Col::left(
            t.col_kinds,
            text::width(t.col_kinds).max(6) as u16,
        ));
    }
    let flex = if wide { 3 } else { 2 };
    flex_widths(&mut cols, flex, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let target = v.settings.target_hours;
    let row = |i: usize| -> Vec<TCell> {
        let c = rows[i];
        let mut cells = Vec::new();
        if wide {
            cells.push((c.village.clone(), muted));
        }
        cells.extend([
            (text::sanitize(&c.village_name, true), n),
            (text::sanitize(&c.name, true), n),
            (text::sanitize(&c.unit, true), muted),
        ]);
        if untrained_only {
            cells.push((c.start.to_string(), muted));
            cells.push((
                if c.new_untrained { t.yes } else { "" }.to_string(),
                th.style(Role::Overdue),
            ));
        } else {
            let short = c.training.short_of(target);
            cells.push((c.training.hours.to_string(), n));
            cells.push((
                short.to_string(),
                if short > 0 {
                    th.style(Role::Overdue)
                } else {
                    muted
                },
            ));
            cells.push((kinds(lang, &c.training.kinds), n));
        }
        cells
    };
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
}
