//! 召回台账: the counts by stage and the open leads above the cases (by
//! stage, village code, date), and under them, after Enter, the selected
//! case's incidents and history. A pure function of the app's state.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::app::recall::RecallView;
use crate::domain::text;
use crate::i18n::ui::fill;
use crate::transfer::recall::count_line;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

fn put(buf: &mut Buffer, inner: Rect, dy: u16, line: &Line) {
    if dy < inner.height {
        buf.set_line(
            inner.x + 1,
            inner.y + dy,
            line,
            inner.width.saturating_sub(1),
        );
    }
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.recall else {
        return;
    };
    let lang = app.lang();
    let t = lang.recall();
    let title = format!(" {} {} {} ", t.title, th.sym().dot, v.scope().name);
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    let Some(ledger) = &v.ledger else {
        return;
    };
    let head = Line::from(Span::styled(count_line(ledger, lang), th.style(Role::Info)));
    put(frame.buffer_mut(), inner, 0, &head);
    let sep = lang.ui().list_sep;
    let leads: Vec<String> = ledger
        .leads
        .iter()
        .map(|c| {
            fill(
                t.lead_item,
                &[&c.village_name, &c.cadre_name, lang.origin(c.origin)],
            )
        })
        .collect();
    let leads = if leads.is_empty() {
        t.no_leads.to_string()
    } else {
        fill(t.leads_line, &[t.leads_title, &leads.join(sep)])
    };
    put(
        frame.buffer_mut(),
        inner,
        1,
        &Line::from(Span::styled(leads, th.style(Role::Muted))),
    );
    let rest = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    let (list, detail) = match &v.detail {
        Some(_) if rest.height > 8 => {
            let top = rest.height / 2;
            (
                Rect {
                    height: top,
                    ..rest
                },
                Some(Rect {
                    y: rest.y + top,
                    height: rest.height - top,
                    ..rest
                }),
            )
        }
        _ => (rest, None),
    };
    cases(frame.buffer_mut(), app, th, v, list);
    if let Some(d) = detail {
        case_detail(frame.buffer_mut(), app, th, v, d);
    }
}

fn cases(buf: &mut Buffer, app: &App, th: &Theme, v: &RecallView, list: Rect) {
    let lang = app.lang();
    let t = lang.recall();
    let wide = list.width >= 120;
    let mut cols = vec![
        Col::right(t.col_case, 4),
        Col::left(t.col_stage, if wide { 12 } else { 6 }),
    ];
    if wide {
        cols.push(Col::left(t.col_code, 12));
    }
    cols.extend([
        Col::left(t.col_village, 10),
        Col::left(t.col_cadre, 8),
        Col::left(t.col_origin, 12),
        Col::left(t.col_opened, 10),
    ]);
    if wide {
        cols.push(Col::left(t.col_doc_no, 20));
    }
    cols.push(Col::right(
        t.col_wait,
        text::width(t.col_wait).max(4) as u16,
    ));
    flex_widths(&mut cols, if wide { 4 } else { 3 }, list.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let cs = v.cases();
    let row = |i: usize| -> Vec<TCell> {
        let c = &cs[i];
        let stage = if c.stage.is_final() { muted } else { n };
        let mut cells: Vec<TCell> = vec![
            (c.id.to_string(), muted),
            (lang.stage(c.stage).to_string(), stage),
        ];
        if wide {
            cells.push((c.village.clone(), muted));
        }
        cells.extend([
            (c.village_name.clone(), n),
            (c.cadre_name.clone(), n),
            (lang.origin(c.origin).to_string(), muted),
            (c.opened_on.to_string(), muted),
        ]);
        if wide {
            cells.push((c.doc_no.clone().unwrap_or_default(), muted));
        }
        let wait = match c.days_to_replacement {
            Some(d) if c.replacement.is_none() => (d.to_string(), th.style(Role::Overdue)),
            Some(d) => (d.to_string(), muted),
            None => (String::new(), muted),
        };
        cells.push(wait);
        cells
    };
    if cs.is_empty() && list.height > 1 {
        buf.set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(t.no_cases, list.width.saturating_sub(1) as usize),
            muted,
        );
    }
    table(buf, list, th, &cols, cs.len(), row, Some(&v.sel)).record(&app.hits);
}

fn case_detail(buf: &mut Buffer, app: &App, th: &Theme, v: &RecallView, area: Rect) {
    let (Some(d), Some(c)) = (&v.detail, v.selected()) else {
        return;
    };
    let lang = app.lang();
    let t = lang.recall();
    let b = block(
        th,
        format!(
            " {} {} {} · {} ",
            c.id, c.cadre_name, c.unit, c.village_name
        ),
    );
    let inner = b.inner(area);
    b.render(area, buf);
    let mut lines: Vec<Line> = Vec::new();
    let mut facts: Vec<String> = Vec::new();
    if let Some(doc) = &c.doc_no {
        facts.push(format!("{} {doc}", t.col_doc_no));
    }
    if let Some(l) = c.left_on {
        facts.push(format!("{} {l}", t.col_left));
    }
    if let Some(r) = &c.replacement_name {
        facts.push(format!("{} {r}", t.col_replacement));
    } else if let Some(w) = c.days_to_replacement {
        facts.push(format!("{} {}", t.waiting, fill(t.days, &[&w.to_string()])));
    }
    if !c.note.is_empty() {
        facts.push(text::sanitize(&c.note, true));
    }
    if !facts.is_empty() {
        lines.push(Line::from(facts.join(" · ")));
    }
    lines.push(Line::from(Span::styled(t.incidents, th.style(Role::Title))));
    if d.incidents.is_empty() {
        lines.push(Line::from(Span::styled(
            t.no_incidents,
            th.style(Role::Muted),
        )));
    }
    for i in &d.incidents {
        lines.push(Line::from(format!(
            "  {} {} · {} {}",
            i.on_date,
            lang.incident_kind(i.kind),
            lang.incident_source(i.source),
            text::sanitize(&i.note, true)
        )));
    }
    lines.push(Line::from(Span::styled(t.history, th.style(Role::Title))));
    for h in &d.history {
        let at: String = h.at.chars().take(16).collect::<String>().replace('T', " ");
        lines.push(Line::from(Span::styled(
            format!(
                "  {at} {} {} {}",
                h.account,
                lang.stored_action(&h.action),
                text::sanitize(h.new.as_deref().unwrap_or(""), true)
            ),
            th.style(Role::Muted),
        )));
    }
    for (dy, l) in lines.iter().enumerate().take(inner.height as usize) {
        put(buf, inner, dy as u16, l);
    }
}
