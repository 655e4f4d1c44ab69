//! The task detail's history across periods: one line per period, newest
//! first: period, status, done date, who recorded it, the note's start.

use super::checklist::short_time;
use super::theme::{Role, Theme};
use super::widgets::status_style;
use crate::app::App;
use crate::domain::text;
use crate::i18n::ui::fill;
use crate::store::PeriodRecord;
use ratatui::text::{Line, Span};

/// At most this many cells for who recorded a period.
const WHO_MAX: usize = 10;

/// The heading and one line per period, fitted to `w` cells.
pub fn period_lines(app: &App, th: &Theme, periods: &[PeriodRecord], w: u16) -> Vec<Line<'static>> {
    let lang = app.lang();
    let u = lang.ui();
    let mut lines = vec![Line::styled(
        fill(u.detail_periods, &[&periods.len().to_string()]),
        th.style(Role::Title),
    )];
    if periods.is_empty() {
        lines.push(Line::styled(u.detail_never, th.style(Role::Muted)));
        return lines;
    }
    let labels: Vec<String> = periods.iter().map(|p| lang.period(p.period)).collect();
    let period_w = labels.iter().map(|l| text::width(l)).max().unwrap_or(0);
    let status_w = periods
        .iter()
        .map(|p| text::width(lang.display_status(p.display)))
        .max()
        .unwrap_or(0);
    let who_w = periods
        .iter()
        .filter_map(|p| p.record.as_ref())
        .map(|r| text::width(app.person(&r.recorded_by)))
        .max()
        .unwrap_or(1)
        .min(WHO_MAX);
    for (p, label) in periods.iter().zip(labels) {
        let (done, who, note) = match &p.record {
            Some(r) => (
                r.done_on
                    .map(|d| short_time(&d.to_string(), false))
                    .unwrap_or_else(|| "-".into()),
                app.person(&r.recorded_by).to_string(),
                r.note.replace('\n', " "),
            ),
            None => ("-".into(), "-".into(), String::new()),
        };
        let room = (w as usize).saturating_sub(period_w + status_w + 5 + who_w + 8);
        let status = lang.display_status(p.display);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}  ", text::pad_right(&label, period_w)),
                th.style(Role::Normal),
            ),
            Span::styled(
                format!("{}  ", text::pad_right(status, status_w)),
                status_style(th, p.display),
            ),
            Span::styled(
                format!(
                    "{}  {}  ",
                    text::pad_right(&done, 5),
                    text::pad_right(&who, who_w)
                ),
                th.style(Role::Muted),
            ),
            Span::raw(text::truncate(&note, room)),
        ]));
    }
    lines
}
