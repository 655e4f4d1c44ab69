//! 村列表: code, name, types, leader, this month's and quarter's
//! completion, overdue; sort and filters shown above the table.

use super::overview::pct;
use super::theme::{Role, Theme};
use super::widgets::{Col, TCell, block, flex_widths, table};
use crate::app::App;
use crate::app::keys::{Action, Ctx};
use crate::app::villages::{SortCol, Villages};
use crate::domain::text;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let Some(v) = &app.villages else {
        return;
    };
    let u = app.lang().ui();
    let lang = app.lang();
    let wide = area.width >= 120;
    // Rates count the items due by today (crate::domain::figures).
    let to = fill(lang.figures().counted_to, &[&app.today.to_string()]);
    let title = format!(
        " {} {} {} {} {to} ",
        u.villages,
        th.sym().dot,
        v.scope().name,
        th.sym().dot
    );
    let b = block(th, title);
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());

    let filters = filters_line(app, th, v);
    frame.buffer_mut().set_line(
        inner.x + 1,
        inner.y,
        &filters,
        inner.width.saturating_sub(1),
    );

    let types_w = if wide { 30 } else { 22 };
    let mut cols = vec![
        Col::left(u.col_code, 12),
        Col::left(u.col_name, 10),
        Col::left(u.col_types, types_w),
        Col::left(u.col_leader, if wide { 8 } else { 6 }),
        Col::right(u.col_month, 5),
        Col::right(u.col_quarter, 5),
        Col::right(u.col_overdue, 8),
    ];
    if wide {
        cols.push(Col::right(u.col_done_of, 17));
        cols.push(Col::right(lang.text().na, 6));
    }
    flex_widths(&mut cols, 1, inner.width);
    let n = th.style(Role::Normal);
    let sep = if app.opts.ascii { ", " } else { u.list_sep };
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.all[v.shown[i]];
        {
            let types = r
                .village
                .types
                .iter()
                .map(|t| lang.village_type(*t))
                .collect::<Vec<_>>()
                .join(sep);
            let mut cells = vec![
                (r.village.code.to_string(), th.style(Role::Muted)),
                (r.village.name.clone(), n),
                (types, n),
                (r.leader.clone().unwrap_or_else(|| "-".into()), n),
                (pct(r.month.rate()), n),
                (pct(r.quarter.rate()), n),
                (
                    r.overdue.to_string(),
                    if r.overdue > 0 {
                        th.style(Role::Overdue)
                    } else {
                        th.style(Role::Muted)
                    },
                ),
            ];
            if wide {
                cells.push((super::overview::done_of(&r.month), th.style(Role::Muted)));
                cells.push((r.month.na.to_string(), th.style(Role::Muted)));
            }
            cells
        }
    };
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if v.shown.is_empty() {
        frame.buffer_mut().set_string(
            list.x + 1,
            list.y + 1,
            text::truncate(u.no_villages, list.width as usize),
            th.style(Role::Muted),
        );
    }
    table(
        frame.buffer_mut(),
        list,
        th,
        &cols,
        v.shown.len(),
        row,
        Some(&v.sel),
    )
    .record(&app.hits);
}

/// Filters and sort, with the keys that change them.
fn filters_line(app: &App, th: &Theme, v: &Villages) -> Line<'static> {
    let lang = app.lang();
    let u = lang.ui();
    let key = |a| app.opts.keys.keys_label(Ctx::Villages, a, app.opts.ascii);
    let type_name = v
        .type_filter
        .map(|t| lang.village_type(t))
        .unwrap_or(u.filter_all);
    let sort_name = match v.sort {
        SortCol::Code => u.col_code,
        SortCol::Name => u.col_name,
        SortCol::Month => u.col_month,
        SortCol::Quarter => u.col_quarter,
        SortCol::Overdue => u.col_overdue,
    };
    let dir = if v.desc { u.sort_desc } else { u.sort_asc };
    Line::from(vec![
        Span::styled(key(Action::FilterType), th.style(Role::Key)),
        Span::raw(" "),
        Span::raw(fill(u.filter_type, &[type_name])),
        Span::raw("  "),
        Span::styled(key(Action::FilterOverdue), th.style(Role::Key)),
        Span::raw(" "),
        Span::raw(fill(
            u.filter_overdue,
            &[if v.overdue_only { u.yes } else { u.no }],
        )),
        Span::raw("  "),
        Span::styled(key(Action::SortNext), th.style(Role::Key)),
        Span::raw(" "),
        Span::raw(fill(u.sort_by, &[&format!("{sort_name} {dir}")])),
        Span::raw("  "),
        Span::styled(
            fill(u.count_of, &[&v.shown.len().to_string()]),
            th.style(Role::Muted),
        ),
    ])
}
