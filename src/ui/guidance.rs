//! 指导要点和工作提示: the list for a quarter or month on the left, the
//! selected item's full text and completion on the right.

use super::overview::pct;
use super::theme::{Role, Theme};
use super::widgets::{block, kv, select_row, wrap};
use crate::app::App;
use crate::domain::{Guidance, text};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The lines describing item `i` of the guidance view, wrapped to `width`.
pub fn item_lines<'a>(app: &App, th: &Theme, i: usize, width: u16) -> Vec<Line<'a>> {
    let v = &app.guidance;
    let Some(g) = v.items.get(i) else {
        return vec![];
    };
    let lang = app.lang();
    let u = lang.ui();
    let mut out = Vec::new();
    for l in wrap(&g.title, width) {
        out.push(Line::styled(l, th.style(Role::Title)));
    }
    let kind = if g.is_prompt() {
        u.kind_prompt
    } else {
        u.kind_point
    };
    out.push(kv(th, u.colon, kind, lang.period(g.period)));
    let scope = v.scope_names.get(i).cloned().unwrap_or_default();
    out.push(kv(th, u.colon, u.g_scope, format!("{scope} ({})", g.scope)));
    // A real issue time after a pinned, earlier today is marked as real.
    let late = crate::domain::clock::after_day(&g.issued_at, app.today);
    let f = lang.figures();
    out.push(kv(
        th,
        u.colon,
        u.g_issued,
        format!(
            "{} {}{}",
            app.person(&g.issued_by),
            g.issued_at.get(..10).unwrap_or(""),
            if late { f.real_time_mark } else { "" }
        ),
    ));
    if late {
        let legend = fill(f.real_time_legend, &[&app.today.to_string()]);
        for l in wrap(&legend, width) {
            out.push(Line::styled(l, th.style(Role::Warn)));
        }
    }
    let (done, total) = v.completion.get(i).copied().unwrap_or((0, 0));
    let rate = (total > 0).then(|| done as f64 / total as f64);
    for l in wrap(
        &fill(
            u.g_completion,
            &[&done.to_string(), &total.to_string(), &pct(rate)],
        ),
        width,
    ) {
        out.push(Line::styled(l, th.style(Role::Info)));
    }
    if !g.tasks.is_empty() {
        let key = app.opts.keys.key_label(
            crate::app::keys::Ctx::Guidance,
            crate::app::keys::Action::FollowThrough,
            app.opts.ascii,
        );
        for l in wrap(&fill(lang.weekly().follow_hint, &[&key]), width) {
            out.push(Line::styled(l, th.style(Role::Muted)));
        }
    }
    out.push(Line::styled(
        format!("{}{}", u.g_tasks, u.colon),
        th.style(Role::Muted),
    ));
    let cat = app.catalogue();
    for n in &g.tasks {
        if let Some(t) = cat.task(*n) {
            let title = match lang {
                Lang::Zh => &t.title,
                Lang::En => &t.title_en,
            };
            out.push(Line::raw(text::truncate(
                &format!("  {n:>2} {title}"),
                width as usize,
            )));
        }
    }
    out.push(Line::raw(""));
    for l in wrap(&g.body, width) {
        out.push(Line::raw(l));
    }
    out
}

fn list_line(app: &App, th: &Theme, g: &Guidance, done: (u32, u32), width: u16) -> Line<'static> {
    let u = app.lang().ui();
    let kind = if g.is_prompt() {
        u.kind_prompt_short
    } else {
        u.kind_point_short
    };
    let rate = (done.1 > 0).then(|| done.0 as f64 / done.1 as f64);
    let p = pct(rate);
    let kind_w = text::width(kind) + 1;
    let room = (width as usize).saturating_sub(kind_w + 1 + 6);
    Line::from(vec![
        Span::styled(format!("{kind} "), th.style(Role::Mark)),
        Span::raw(text::pad_right(&g.title, room)),
        Span::raw(" "),
        Span::styled(text::pad_left(&p, 6), th.style(Role::Muted)),
    ])
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let v = &app.guidance;
    let lang = app.lang();
    let u = lang.ui();
    let mode = if v.by_month() {
        u.by_month
    } else {
        u.by_quarter
    };
    let lw = (area.width * 2 / 5).max(32);
    let left = Rect { width: lw, ..area };
    let right = Rect {
        x: area.x + lw,
        width: area.width - lw,
        ..area
    };
    // A past or future period is marked as the checklist marks it.
    let current = crate::domain::Period::containing(v.period.kind(), app.today);
    let mark = match v.period.first_day().cmp(&current.first_day()) {
        std::cmp::Ordering::Less => Some(lang.figures().past),
        std::cmp::Ordering::Greater => Some(lang.figures().future),
        std::cmp::Ordering::Equal => None,
    };
    let mut title = vec![Span::raw(format!(" {}", lang.period(v.period)))];
    if let Some(m) = mark {
        title.push(Span::styled(
            m,
            th.style(Role::Alert)
                .add_modifier(ratatui::style::Modifier::REVERSED),
        ));
    }
    title.push(Span::raw(format!(" {} {mode} ", th.sym().dot)));
    let b = block(th, Line::from(title));
    let inner = b.inner(left);
    b.render(left, frame.buffer_mut());
    let buf = frame.buffer_mut();
    if v.items.is_empty() {
        buf.set_string(
            inner.x + 1,
            inner.y,
            text::truncate(u.g_empty, inner.width as usize - 1),
            th.style(Role::Muted),
        );
    }
    let off = v.sel.scroll(inner.height as usize, v.items.len());
    for (i, g) in v
        .items
        .iter()
        .enumerate()
        .skip(off)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - off) as u16;
        app.hits.row(y, inner.x, inner.right(), i);
        let selected = i == v.sel.index;
        let marker = if selected { th.sym().selected } else { " " };
        buf.set_string(inner.x, y, marker, th.style(Role::Key));
        let line = list_line(
            app,
            th,
            g,
            v.completion.get(i).copied().unwrap_or((0, 0)),
            inner.width - 1,
        );
        buf.set_line(inner.x + 1, y, &line, inner.width - 1);
        if selected {
            select_row(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                th,
            );
        }
    }
    let b = block(th, format!(" {} ", u.guidance));
    let inner = b.inner(right);
    b.render(right, frame.buffer_mut());
    let lines = item_lines(app, th, v.sel.index, inner.width.saturating_sub(1));
    for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
        frame
            .buffer_mut()
            .set_line(inner.x + 1, inner.y + i as u16, l, inner.width - 1);
    }
}
