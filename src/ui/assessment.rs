//! 年度考核: the counter line (优秀 n / 限额 m, always visible), then the
//! pool's cadres by village code then name with their year beside the
//! grade. Drawing reads the screen's state only.

use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::app::keys::{Action, Ctx};
use crate::domain::assessment::Grade;
use crate::domain::text;
use crate::i18n::assessment::fill;
use crate::transfer::assessment::suggestion_text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The counter line: 优秀 n / 限额 m, the pool's size, the year keys.
fn counter_line(app: &App, th: &Theme, v: &crate::app::Assessment) -> Line<'static> {
    let lang = app.lang();
    let t = lang.assess();
    let c = v.counts();
    let full = c.excellent >= c.quota();
    let key = |a: Action| app.opts.keys.key_label(Ctx::Assessment, a, app.opts.ascii);
    let mut spans = vec![
        Span::styled(
            fill(t.counter, &[&c.excellent, &c.quota()]),
            th.style(if full { Role::Warn } else { Role::Info }),
        ),
        Span::raw("  "),
    ];
    if c.over() > 0 {
        spans.push(Span::styled(
            fill(t.counter_over, &[&c.over()]),
            th.style(Role::Alert),
        ));
        spans.push(Span::raw("  "));
    }
    spans.extend([
        Span::styled(fill(t.pool_size, &[&c.pool]), th.style(Role::Muted)),
        Span::raw("  "),
        Span::styled(
            format!("{} {}", key(Action::PrevPeriod), key(Action::NextPeriod)),
            th.style(Role::Key),
        ),
        Span::raw(format!(" {}", v.year)),
    ]);
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.assessment else {
        return;
    };
    let lang = app.lang();
    let t = lang.assess();
    let title = format!(" {} ", fill(t.title, &[&v.county.name, &v.year]));
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    if inner.height == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    buf.set_line(
        inner.x + 1,
        inner.y,
        &counter_line(app, th, v),
        inner.width.saturating_sub(1),
    );
    let wide = inner.width >= 120;
    let w = |s: &str, min: u16| (text::width(s) as u16).max(min);
    let mut cols = vec![
        Col::left(t.col_village, if wide { 12 } else { 8 }),
        Col::left(t.col_name, 8),
    ];
    if wide {
        cols.push(Col::left(t.col_unit, 16));
    }
    cols.extend([
        Col::right(t.col_days, w(t.col_days, 4)),
        Col::left(
            t.col_recalled,
            w(t.col_recalled, 4).max(w(t.recalled_flag, 4)),
        ),
        Col::right(t.col_hours, w(t.col_hours, 4)),
        Col::left(
            t.col_grade,
            // One cell more for the pending mark (基本称职…).
            Grade::ALL
                .iter()
                .map(|g| w(lang.grade(*g), 4) + 1)
                .max()
                .unwrap_or(9)
                .min(12),
        ),
        Col::left(t.col_suggestion, 10),
    ]);
    let flex = cols.len() - 1;
    flex_widths(&mut cols, flex, inner.width);
    let n = th.style(Role::Normal);
    let muted = th.style(Role::Muted);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.rows[i];
        let grade = match (v.pending_grade(r.cadre), r.grade) {
            // Keyed, with the writer: shown as it will be, marked pending.
            (Some(g), _) => (format!("{}…", lang.grade(g)), th.style(Role::Info)),
            (None, Some(Grade::Excellent)) => (
                lang.grade(Grade::Excellent).to_string(),
                th.style(Role::Done),
            ),
            (None, Some(g)) => (lang.grade(g).to_string(), n),
            (None, None) => (t.no_grade.to_string(), muted),
        };
        let mut cells = vec![
            (text::sanitize(&r.village_name, true), muted),
            (text::sanitize(&r.name, true), n),
        ];
        if wide {
            cells.push((text::sanitize(&r.unit, true), muted));
        }
        cells.extend([
            (r.days_in_village.to_string(), n),
            if r.recalled {
                (t.recalled_flag.to_string(), th.style(Role::Alert))
            } else {
                (String::new(), n)
            },
            (
                r.training_hours
                    .map_or_else(|| t.no_hours.to_string(), |h| h.to_string()),
                muted,
            ),
            grade,
            (suggestion_text(r, lang), th.style(Role::Warn)),
        ]);
        cells
    };
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if draw_instead(buf, list, v, lang, (n, muted)) {
        return;
    }
    table(buf, list, th, &cols, v.rows.len(), row, Some(&v.sel)).record(&app.hits);
}

/// A received copy: the counts per grade its prefecture pushed, a grade a
/// line, under a line that says so.
fn draw_reported(
    buf: &mut ratatui::buffer::Buffer,
    list: Rect,
    style: ratatui::style::Style,
    lang: crate::i18n::Lang,
    r: &crate::store::CountyGrades,
) {
    let w = list.width.saturating_sub(2);
    let mut lines = super::widgets::wrap(lang.assess().copy_counts, w);
    let label = Grade::ALL
        .iter()
        .map(|g| text::width(lang.grade(*g)))
        .max()
        .unwrap_or(4);
    for (g, n) in Grade::ALL.iter().zip(r.counts) {
        lines.push(format!(
            "  {} {n:>5}",
            text::pad_right(lang.grade(*g), label)
        ));
    }
    for (i, part) in lines.iter().enumerate().take(list.height as usize) {
        buf.set_string(
            list.x + 1,
            list.y + i as u16,
            text::truncate(part, w as usize),
            style,
        );
    }
}

/// What shows instead of (or under) the pool's rows: a received copy's
/// counts (true: nothing else to draw), or the note that nobody is posted.
fn draw_instead(
    buf: &mut ratatui::buffer::Buffer,
    list: Rect,
    v: &crate::app::Assessment,
    lang: crate::i18n::Lang,
    (n, muted): (ratatui::style::Style, ratatui::style::Style),
) -> bool {
    if let Some(r) = &v.reported {
        draw_reported(buf, list, n, lang, r);
        return true;
    }
    if v.rows.is_empty() && list.height > 1 {
        buf.set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(
                lang.assess().no_cadres,
                list.width.saturating_sub(1) as usize,
            ),
            muted,
        );
    }
    false
}
