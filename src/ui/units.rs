//! 派出单位: the units of a division (by name) with their villages, plans
//! approved, the 提示 for plans missing after the deadline, and the funds;
//! an opened unit shows its responsibility list: the villages (by code)
//! above, the selected village's plan, list, projects, funds and people
//! (from the postings) below. Pure: state in, cells out.

use super::overview::pct;
use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::{App, UnitsView};
use crate::domain::text;
use crate::domain::units::{funds_percent, yuan};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{UnitDetail, UnitVillage};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

fn percent(planned: i64, delivered: i64) -> String {
    funds_percent(planned, delivered).map_or_else(|| "-".to_string(), |p| format!("{p}%"))
}

fn put(buf: &mut Buffer, area: Rect, dy: u16, s: &str, style: ratatui::style::Style) {
    if dy < area.height {
        buf.set_string(
            area.x + 1,
            area.y + dy,
            text::truncate(s, area.width.saturating_sub(1) as usize),
            style,
        );
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.units else {
        return;
    };
    match &v.detail {
        Some(d) => detail(frame, app, th, area, (v, d)),
        None => list(frame, app, th, area, v),
    }
}

fn list(frame: &mut Frame, app: &App, th: &Theme, area: Rect, v: &UnitsView) {
    let lang = app.lang();
    let t = lang.units();
    let wide = area.width >= 120;
    let title = format!(" {} {} {} ", t.units_title, th.sym().dot, v.scope().name);
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let missing: usize = v.rows.iter().map(|r| r.plans_missing).sum();
    let head = fill(
        t.units_head,
        &[
            &v.year.to_string(),
            &v.rows.len().to_string(),
            &missing.to_string(),
        ],
    );
    let role = if missing > 0 { Role::Warn } else { Role::Info };
    put(frame.buffer_mut(), inner, 0, &head, th.style(role));
    let mut cols = vec![Col::left(t.col_unit, 20)];
    if wide {
        cols.push(Col::left(t.col_level, 6));
    }
    cols.extend([
        Col::right(t.col_villages, text::width(t.col_villages).max(4) as u16),
        Col::left(t.col_plans, text::width(t.col_plans).max(10) as u16),
        if wide {
            Col::right(t.col_funds, 24)
        } else {
            Col::right(t.col_funds_pct, 6)
        },
    ]);
    if wide {
        cols.push(Col::left(t.col_leader, 18));
        cols.push(Col::left(t.col_contact, 14));
    }
    flex_widths(&mut cols, 0, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.rows[i];
        let mut cells: Vec<TCell> = vec![(r.unit.name.clone(), n)];
        if wide {
            cells.push((
                r.unit.level.map_or("-", |l| lang.unit_level(l)).to_string(),
                muted,
            ));
        }
        let plans = if r.plans_missing > 0 {
            (
                format!("{}/{} {}", r.plans, r.villages, t.hint_mark),
                th.style(Role::Warn),
            )
        } else {
            (format!("{}/{}", r.plans, r.villages), n)
        };
        cells.push((r.villages.to_string(), n));
        cells.push(plans);
        let pc = percent(r.funds_planned, r.funds_delivered);
        cells.push(if wide {
            (
                format!("{}/{} {pc}", yuan(r.funds_delivered), yuan(r.funds_planned)),
                n,
            )
        } else {
            (pc, n)
        });
        if wide {
            cells.push((r.unit.leader.clone().unwrap_or_default(), muted));
            cells.push((r.unit.contact.clone().unwrap_or_default(), muted));
        }
        cells
    };
    let body = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if v.rows.is_empty() {
        put(frame.buffer_mut(), body, 1, t.units_none, muted);
    }
    table(
        frame.buffer_mut(),
        body,
        th,
        &cols,
        v.rows.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

fn detail(frame: &mut Frame, app: &App, th: &Theme, area: Rect, (v, d): (&UnitsView, &UnitDetail)) {
    let lang = app.lang();
    let t = lang.units();
    let title = format!(
        " {} {} {} {} {} ",
        t.detail_title,
        th.sym().dot,
        d.unit.name,
        th.sym().dot,
        d.year
    );
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let head = fill(
        t.detail_head,
        &[
            d.unit.leader.as_deref().unwrap_or("-"),
            d.unit.contact.as_deref().unwrap_or("-"),
        ],
    );
    put(frame.buffer_mut(), inner, 0, &head, th.style(Role::Info));
    let muted = th.style(Role::Muted);
    if d.villages.is_empty() {
        put(frame.buffer_mut(), inner, 2, t.detail_none, muted);
        return;
    }
    // The villages: at most a third of the height.
    let rows = (d.villages.len() as u16 + 1).min((inner.height.saturating_sub(1) / 3).max(2));
    let list = Rect {
        y: inner.y + 1,
        height: rows,
        ..inner
    };
    let mut cols = vec![
        Col::left(lang.weekly().col_village, 10),
        Col::left(t.plan, 16),
        Col::right(t.col_funds_pct, 6),
    ];
    if inner.width >= 120 {
        cols.insert(0, Col::left(lang.weekly().col_code, 12));
    }
    let flex = if inner.width >= 120 { 2 } else { 1 };
    flex_widths(&mut cols, flex, inner.width);
    let wide = inner.width >= 120;
    let n = th.style(Role::Normal);
    let row = |i: usize| -> Vec<TCell> {
        let x = &d.villages[i];
        let state = lang.plan_state(x.plan_state, d.year);
        let style = if x.plan_state.hint() {
            th.style(Role::Warn)
        } else {
            n
        };
        let funds = x.bundle.as_ref().map_or_else(
            || "-".to_string(),
            |b| percent(b.funds_planned, b.funds_delivered),
        );
        let mut cells = vec![];
        if wide {
            cells.push((x.code.to_string(), muted));
        }
        cells.extend([(x.name.clone(), n), (state, style), (funds, n)]);
        cells
    };
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        d.villages.len(),
        row,
        Some(&v.detail_sel),
    )
    .record(&app.hits);
    let Some(x) = d.villages.get(v.detail_sel.index) else {
        return;
    };
    let below = Rect {
        y: list.bottom(),
        height: inner.bottom().saturating_sub(list.bottom()),
        ..inner
    };
    let lines = village_lines(lang, th, d.year, x, below.width.saturating_sub(1));
    let buf = frame.buffer_mut();
    for (i, l) in lines.iter().take(below.height as usize).enumerate() {
        buf.set_line(
            below.x + 1,
            below.y + i as u16,
            l,
            below.width.saturating_sub(1),
        );
    }
}

/// The selected village's plan, list, projects, funds and people.
pub fn village_lines<'a>(
    lang: Lang,
    th: &Theme,
    year: i32,
    x: &UnitVillage,
    width: u16,
) -> Vec<Line<'a>> {
    let t = lang.units();
    let u = lang.ui();
    let w = width as usize;
    let line = |s: String, role: Role| Line::styled(text::truncate(&s, w), th.style(role));
    let mut out = vec![Line::default()];
    let state = lang.plan_state(x.plan_state, year);
    let role = if x.plan_state.hint() {
        Role::Warn
    } else {
        Role::Title
    };
    out.push(line(format!("{} {} {}", x.name, t.plan, state), role));
    if let Some(p) = &x.plan {
        out.push(line(
            fill(t.plan_goals, &[&p.goals, &yuan(p.budget)]),
            Role::Normal,
        ));
        let g = &x.progress;
        out.push(line(
            fill(
                t.plan_progress,
                &[
                    &g.done.to_string(),
                    &g.applicable().to_string(),
                    &pct(g.rate()),
                    &g.overdue.to_string(),
                ],
            ),
            if g.overdue > 0 {
                Role::Overdue
            } else {
                Role::Normal
            },
        ));
    }
    match &x.bundle {
        None => out.push(line(t.no_list.to_string(), Role::Muted)),
        Some(b) => {
            out.push(line(
                fill(
                    t.funds,
                    &[
                        &yuan(b.funds_planned),
                        &yuan(b.funds_delivered),
                        &percent(b.funds_planned, b.funds_delivered),
                    ],
                ),
                Role::Normal,
            ));
            // Numbered as the item and project forms (`r`, `p`) choose them.
            let duties: Vec<String> = b
                .duties
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{} {d}", i + 1))
                .collect();
            out.push(line(
                format!("{}{}{}", t.duties, u.colon, duties.join(u.list_sep)),
                Role::Normal,
            ));
            let projects: Vec<String> = b
                .projects
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        "{} {} {}{} {}",
                        i + 1,
                        p.name,
                        yuan(p.amount),
                        t.yuan,
                        lang.project_status(p.status)
                    )
                })
                .collect();
            out.push(line(
                format!("{}{}{}", t.projects, u.colon, projects.join(u.list_sep)),
                Role::Normal,
            ));
        }
    }
    if x.people.is_empty() {
        out.push(line(t.no_people.to_string(), Role::Muted));
    } else {
        let people: Vec<String> = x
            .people
            .iter()
            .map(|p| format!("{} {}", lang.member_role(p.member.role), p.member.name))
            .collect();
        out.push(line(
            format!("{}{}{}", t.people, u.colon, people.join(u.list_sep)),
            Role::Normal,
        ));
    }
    out
}
