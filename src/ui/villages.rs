//! 村列表: code, name, township (at county level and up), types, leader,
//! this month's, quarter's and year's completion, overdue; sort and filters
//! shown above the table, rows below the screen counted on the bottom edge.

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
    let lang = app.lang();
    let u = lang.ui();
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

    let town = v.spans_townships();
    let mut kinds = vec![K::Code, K::Name];
    if town {
        kinds.push(K::Town);
    }
    kinds.extend([
        K::Types,
        K::Leader,
        K::Month,
        K::Quarter,
        K::Year,
        K::Overdue,
    ]);
    if wide {
        kinds.extend([K::DoneOf, K::Na]);
    }
    let mut cols: Vec<Col> = kinds.iter().map(|k| k.col(lang, wide)).collect();
    fit_columns(&mut kinds, &mut cols, inner.width, wide);
    let row = |i: usize| -> Vec<TCell> {
        let r = &v.all[v.shown[i]];
        kinds.iter().map(|k| cell(app, th, *k, r)).collect()
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
    rows_below_mark(frame, app, th, area, v, list.height.saturating_sub(1));
}

/// "↓ 下面还有N项" on the bottom border when villages lie below the screen
/// (`body`: the rows the table shows).
fn rows_below_mark(frame: &mut Frame, app: &App, th: &Theme, area: Rect, v: &Villages, body: u16) {
    let u = app.lang().ui();
    let below = v
        .shown
        .len()
        .saturating_sub(v.sel.offset.get() + body as usize);
    if below == 0 {
        return;
    }
    let s = format!(
        " {} ",
        fill(u.rows_below, &[th.sym().down, &below.to_string()])
    );
    let w = text::width(&s) as u16;
    if w + 4 <= area.width {
        let y = area.bottom().saturating_sub(1);
        frame
            .buffer_mut()
            .set_string(area.right() - 2 - w, y, s, th.style(Role::Key));
    }
}

/// One cell of a village's row.
fn cell(app: &App, th: &Theme, k: K, r: &crate::store::VillageRow) -> TCell {
    let lang = app.lang();
    let n = th.style(Role::Normal);
    let sep = if app.opts.ascii {
        ", "
    } else {
        lang.ui().list_sep
    };
    match k {
        K::Code => (r.village.code.to_string(), th.style(Role::Muted)),
        K::Name => (r.village.name.clone(), n),
        K::Town => (r.township.clone(), n),
        K::Types => (
            r.village
                .types
                .iter()
                .map(|t| lang.village_type(*t))
                .collect::<Vec<_>>()
                .join(sep),
            n,
        ),
        K::Leader => (r.leader.clone().unwrap_or_else(|| "-".into()), n),
        K::Month => (pct(r.month.rate()), n),
        K::Quarter => (pct(r.quarter.rate()), n),
        K::Year => (pct(r.year.rate()), n),
        K::Overdue => (
            r.overdue.to_string(),
            if r.overdue > 0 {
                th.style(Role::Overdue)
            } else {
                th.style(Role::Muted)
            },
        ),
        K::DoneOf => (super::overview::done_of(&r.month), th.style(Role::Muted)),
        K::Na => (r.month.na.to_string(), th.style(Role::Muted)),
    }
}

/// The columns of the village list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Code,
    Name,
    Town,
    Types,
    Leader,
    Month,
    Quarter,
    Year,
    Overdue,
    DoneOf,
    Na,
}

impl K {
    fn col(self, lang: crate::i18n::Lang, wide: bool) -> Col {
        let u = lang.ui();
        match self {
            K::Code => Col::left(u.col_code, 12),
            K::Name => Col::left(u.col_name, 10),
            K::Town => Col::left(u.col_township, if wide { 10 } else { 8 }),
            K::Types => Col::left(u.col_types, if wide { 30 } else { 22 }),
            K::Leader => Col::left(u.col_leader, if wide { 8 } else { 6 }),
            K::Month => Col::right(u.col_month, 5),
            K::Quarter => Col::right(u.col_quarter, 5),
            K::Year => Col::right(u.col_year, 5),
            K::Overdue => Col::right(u.col_overdue, 8),
            K::DoneOf => Col::right(u.col_done_of, 17),
            K::Na => Col::right(lang.text().na, 6),
        }
    }
}

/// Fit the columns into `total` cells: the name takes what is left; on a
/// narrow screen the types column narrows first (down to 8 cells) and is
/// dropped when even that does not fit.
fn fit_columns(kinds: &mut Vec<K>, cols: &mut Vec<Col>, total: u16, wide: bool) {
    const NAME_MIN: u16 = 10;
    let at = |kinds: &[K], k: K| kinds.iter().position(|x| *x == k);
    if !wide && let (Some(ti), Some(ni)) = (at(kinds, K::Types), at(kinds, K::Name)) {
        // One cell for the marker, one gap after each column.
        let fixed: u16 = cols
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != ti && *i != ni)
            .map(|(_, c)| c.width + 1)
            .sum::<u16>()
            + 1;
        let room = total.saturating_sub(fixed + NAME_MIN + 2);
        if room < 8 {
            kinds.remove(ti);
            cols.remove(ti);
        } else {
            cols[ti].width = cols[ti].width.min(room);
        }
    }
    if let Some(ni) = at(kinds, K::Name) {
        flex_widths(cols, ni, total);
    }
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
        SortCol::Year => u.col_year,
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
