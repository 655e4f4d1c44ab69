//! Drawing: pure functions of `&App` (no database, no terminal settings).
//! Text is measured in cells; nothing is cut through a wide character.

pub mod allowance;
pub mod assessment;
pub mod attendance;
pub mod checklist;
pub mod entry;
pub mod export_form;
pub mod followup;
pub mod guidance;
pub mod history;
pub mod leave;
pub mod overview;
pub mod panels;
pub mod popups;
pub mod recall;
pub mod team;
pub mod teams;
pub mod theme;
pub mod training;
pub mod units;
pub mod villages;
pub mod widgets;

use crate::app::keys::Ctx;
use crate::app::{App, MsgKind, Screen};
use crate::domain::{Division, text};
use crate::i18n::ui::fill;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use theme::{Role, Theme};

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

pub fn theme(app: &App) -> Theme {
    Theme {
        color: app.opts.color,
        ascii: app.opts.ascii,
    }
}

/// Draw the whole frame.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let th = theme(app);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, app, &th);
        if th.ascii {
            ascii_only(frame.buffer_mut());
        }
        return;
    }
    let header = Rect { height: 2, ..area };
    let body = Rect {
        y: area.y + 2,
        height: area.height - 4,
        ..area
    };
    let msg = Rect {
        y: area.bottom() - 2,
        height: 1,
        ..area
    };
    let footer = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    app.hits.clear();
    draw_header(frame, app, &th, header);
    match app.screen {
        Screen::Overview => overview::draw(frame, app, &th, body),
        Screen::Villages => villages::draw(frame, app, &th, body),
        Screen::Checklist => checklist::draw(frame, app, &th, body),
        Screen::Guidance => guidance::draw(frame, app, &th, body),
        Screen::Overdue => followup::overdue(frame, app, &th, body),
        Screen::Unreported => followup::unreported(frame, app, &th, body),
        Screen::Follow => followup::follow(frame, app, &th, body),
        Screen::Allowance => allowance::draw(frame, app, &th, body),
        Screen::Assessment => assessment::draw(frame, app, &th, body),
        Screen::Leave => leave::draw(frame, app, &th, body),
        Screen::Training => training::draw(frame, app, &th, body),
        Screen::Recall => recall::draw(frame, app, &th, body),
        Screen::Attendance => attendance::draw(frame, app, &th, body),
        Screen::Units => units::draw(frame, app, &th, body),
        Screen::Teams => teams::draw(frame, app, &th, body),
    }
    draw_message(frame, app, &th, msg);
    draw_footer(frame, app, &th, footer);
    let mut cursor = None;
    for p in &app.popups {
        // Each popup covers what is under it: only the top one's rows count.
        app.hits.clear_rows();
        cursor = popups::draw(frame, app, &th, p);
    }
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position { x, y });
    }
    if th.ascii {
        ascii_only(frame.buffer_mut());
    }
}

/// In ASCII mode, replace the punctuation many CJK terminals draw
/// double-width ("ambiguous width") wherever it came from: our own words,
/// cut text ("…") and user data (curly quotes).
fn ascii_only(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let r = match cell.symbol() {
            "…" => "~",
            "·" | "—" | "–" => "-",
            "“" | "”" => "\"",
            "‘" | "’" => "'",
            "×" => "x",
            "›" => ">",
            _ => continue,
        };
        cell.set_symbol(r);
    }
}

fn too_small(frame: &mut Frame, app: &App, th: &Theme) {
    let area = frame.area();
    let u = app.lang().ui();
    let quit =
        (app.opts.keys).keys_label(app.ctx(), crate::app::keys::Action::Quit, app.opts.ascii);
    let msg = fill(
        u.too_small,
        &[&area.width.to_string(), &area.height.to_string(), &quit],
    );
    let lines = widgets::wrap(&msg, area.width.max(2));
    let h = lines.len() as u16;
    let y = area.y + area.height.saturating_sub(h) / 2;
    for (i, l) in lines.iter().enumerate() {
        let yy = y + i as u16;
        if yy >= area.bottom() {
            break;
        }
        let x = area.x + area.width.saturating_sub(text::width(l) as u16) / 2;
        frame
            .buffer_mut()
            .set_string(x, yy, l, th.style(Role::Alert));
    }
}

/// The divisions of a path as "黔南州 › 都匀市 › ...".
pub fn crumbs(th: &Theme, path: &[Division]) -> String {
    path.iter()
        .map(|d| d.name.as_str())
        .collect::<Vec<_>>()
        .join(th.sym().crumb)
}

fn draw_header(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let u = app.lang().ui();
    let lang = app.lang();
    // Line 1: name, screens (tabs), who am I and today.
    let mut spans = vec![
        Span::styled(format!(" {} ", u.app), th.style(Role::Title)),
        Span::styled(th.sym().sep, th.style(Role::Border)),
    ];
    let tabs = [
        (Screen::Overview, u.overview),
        (Screen::Villages, u.villages),
        (Screen::Checklist, u.checklist),
        (Screen::Guidance, u.guidance_tab),
        (Screen::Overdue, lang.weekly().overdue_title),
        (Screen::Unreported, lang.weekly().unreported_title),
        (Screen::Follow, lang.weekly().follow_title),
        (Screen::Allowance, lang.allowance_ui().screen),
        (Screen::Assessment, lang.assess().tab),
        (Screen::Leave, lang.leave_words().title),
        (Screen::Training, lang.training().title),
        (Screen::Recall, lang.recall().title),
        (Screen::Attendance, lang.attendance().title),
        (Screen::Units, lang.units().units_title),
        (Screen::Teams, lang.units().teams_title),
    ];
    for (s, name) in tabs {
        if !opened(app, s) {
            continue;
        }
        let role = if s == app.screen {
            Role::TabActive
        } else {
            Role::Tab
        };
        spans.push(Span::raw(" "));
        let label = format!(" {name} ");
        let x0 = area.x + spans.iter().map(Span::width).sum::<usize>() as u16;
        let x1 = (x0 + text::width(&label) as u16).min(area.right());
        app.hits.tab(area.y, x0, x1, s);
        spans.push(Span::styled(label, th.style(role)));
    }
    let role = app.me.role.map(|r| lang.user_role(r)).unwrap_or("-");
    let left = Line::from(spans);
    let lw = left.width() as u16;
    let buf = frame.buffer_mut();
    buf.set_line(area.x, area.y, &left, area.width);
    // Who I am, as much as fits.
    let dot = th.sym().dot;
    for who in [
        format!(
            "{} {dot} {role} {dot} {} ",
            app.me.account, app.me.scope.name
        ),
        format!("{} {dot} {role} ", app.me.account),
        format!("{} ", app.me.account),
    ] {
        let w = text::width(&who) as u16;
        if lw + w < area.width {
            buf.set_string(area.right() - w, area.y, &who, th.style(Role::Muted));
            break;
        }
    }
    // Line 2: where I am (breadcrumb), then today and the current periods.
    let path = screen_path(app);
    let crumb = format!(" {}", crumbs(th, &path));
    let cw = text::width(&crumb) as u16;
    let today = app.today.format("%Y-%m-%d").to_string();
    let periods = format!(
        "{today} {dot} {} {dot} {} ",
        lang.period(app.month()),
        quarter_short(lang, app.quarter())
    );
    // On a received copy, "read-only, as of the last pull" comes first.
    let whens = match app.overview.as_of(lang) {
        Some(a) => vec![
            format!("{a} {dot} {periods}"),
            format!("{a} {dot} {today} "),
            format!("{a} "),
        ],
        None => vec![periods, format!("{today} ")],
    };
    for when in whens {
        let w = text::width(&when) as u16;
        if cw + w < area.width {
            buf.set_string(area.right() - w, area.y + 1, &when, th.style(Role::Muted));
            break;
        }
    }
    buf.set_string(
        area.x,
        area.y + 1,
        text::truncate(&crumb, area.width as usize),
        th.style(Role::Normal),
    );
}

/// Whether a screen's tab shows: the checklist and the follow-up screens
/// once opened.
fn opened(app: &App, s: Screen) -> bool {
    match s {
        Screen::Checklist => app.checklist.is_some(),
        Screen::Overdue => app.overdue.is_some(),
        Screen::Unreported => app.unreported.is_some(),
        Screen::Follow => app.follow.is_some(),
        Screen::Allowance => app.allowance.is_some(),
        Screen::Assessment => app.assessment.is_some(),
        Screen::Leave => app.leave.is_some(),
        Screen::Training => app.training.is_some(),
        Screen::Recall => app.recall.is_some(),
        Screen::Attendance => app.attendance.is_some(),
        Screen::Units => app.units.is_some(),
        Screen::Teams => app.teams.is_some(),
        _ => true,
    }
}

/// The divisions the breadcrumb names for the current screen.
fn screen_path(app: &App) -> Vec<Division> {
    match app.screen {
        Screen::Overview => app.overview.path.clone(),
        Screen::Villages => app
            .villages
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Checklist => app
            .checklist
            .as_ref()
            .map(|c| c.path.clone())
            .unwrap_or_default(),
        Screen::Guidance => vec![app.me.scope.clone()],
        Screen::Overdue => app
            .overdue
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Unreported => app
            .unreported
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Assessment => app
            .assessment
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Training => app
            .training
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Recall => app
            .recall
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Attendance => app
            .attendance
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Units => app
            .units
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        Screen::Teams => app
            .teams
            .as_ref()
            .map(|v| v.path.clone())
            .unwrap_or_default(),
        // The screens of the user's whole scope.
        _ => vec![app.me.scope.clone()],
    }
}

/// `第四季度` / `Q4`: the quarter without its year.
pub fn quarter_short(lang: crate::i18n::Lang, p: crate::domain::Period) -> String {
    let full = lang.period(p);
    let year = format!("{}", p.year());
    full.replace(&format!("{year}年"), "")
        .replace(&format!(" {year}"), "")
}

fn draw_message(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    let u = app.lang().ui();
    let (role, text) = match (&app.message, &app.warning) {
        (Some(m), _) => (
            match m.kind {
                MsgKind::Info => Role::Info,
                MsgKind::Warn => Role::Warn,
                MsgKind::Error => Role::Alert,
            },
            m.text.clone(),
        ),
        (None, _) if app.writes_pending() => (Role::Info, u.msg_saving.to_string()),
        (None, Some(w)) => (Role::Warn, format!("{}{w}", u.warn_prefix)),
        (None, None) => return,
    };
    let p = Paragraph::new(Line::from(Span::styled(
        text::truncate(&format!(" {text}"), area.width as usize),
        th.style(role),
    )))
    .wrap(Wrap { trim: false });
    frame.render_widget(p, area);
}

/// A hint template with the first key of each action in `ctx` filled in
/// from the key table (so a rebinding changes what the hint says).
pub fn hint(app: &App, template: &str, ctx: Ctx, actions: &[crate::app::keys::Action]) -> String {
    let labels: Vec<String> = actions
        .iter()
        .map(|a| app.opts.keys.key_label(ctx, *a, app.opts.ascii))
        .collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    crate::i18n::ui::fill(template, &refs)
}

/// The keys that matter here, generated from the key table.
pub fn footer_items(app: &App, ctx: Ctx) -> Vec<(String, &'static str)> {
    let lang = app.lang();
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut seen = Vec::new();
    for (_, b) in app.opts.keys.visible(ctx) {
        if !b.footer || seen.contains(&b.action) || !app.offers(b.action) {
            continue;
        }
        seen.push(b.action);
        if let Some(k) = b.keys.first() {
            out.push((k.label(app.opts.ascii), lang.action(b.action.name())));
        }
    }
    out
}

fn draw_footer(frame: &mut Frame, app: &App, th: &Theme, area: Rect) {
    use crate::app::keys::Action;
    let items = footer_items(app, app.ctx());
    let item_w = |(k, d): &(String, &str)| text::width(k) + 1 + text::width(d) + 2;
    // Help, quit and save always show (when they apply here: unsaved work
    // must say how to keep it); the rest in table order while they fit.
    let lang = app.lang();
    let keep = [Action::Save, Action::Help, Action::Quit].map(|a| lang.action(a.name()));
    let reserved: usize = items
        .iter()
        .filter(|(_, d)| keep.contains(d))
        .map(item_w)
        .sum();
    let mut w = 1 + reserved;
    let mut shown: Vec<&(String, &str)> = Vec::new();
    for it in &items {
        if keep.contains(&it.1) {
            shown.push(it);
        } else if w + item_w(it) <= area.width as usize {
            w += item_w(it);
            shown.push(it);
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (k, desc) in shown {
        spans.push(Span::styled(k.clone(), th.style(Role::Key)));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(*desc, th.style(Role::Muted)));
        spans.push(Span::raw("  "));
    }
    frame
        .buffer_mut()
        .set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The screen shown while a long step runs before the UI (creating the
/// demo database): what is happening and the seconds passed.
pub fn progress(frame: &mut Frame, opts: &crate::app::Options, elapsed: std::time::Duration) {
    let th = Theme {
        color: opts.color,
        ascii: opts.ascii,
    };
    let u = opts.lang.ui();
    let area = frame.area();
    let spin = if opts.ascii {
        ["|", "/", "-", "\\"]
    } else {
        ["⠋", "⠙", "⠸", "⠴"]
    };
    let tick = (elapsed.as_millis() / 200) as usize % spin.len();
    let secs = elapsed.as_secs().to_string();
    let lines = [
        format!("{} {}", spin[tick], u.creating_demo),
        fill(u.elapsed, &[&secs]),
    ];
    let w = lines.iter().map(|l| text::width(l)).max().unwrap_or(0) as u16 + 4;
    let r = widgets::centered(area, w.min(area.width), 4.min(area.height));
    let b = widgets::block(&th, "");
    let inner = b.inner(r);
    frame.render_widget(b, r);
    for (i, l) in lines.iter().enumerate() {
        if (i as u16) < inner.height {
            frame.buffer_mut().set_string(
                inner.x + 1,
                inner.y + i as u16,
                text::truncate(l, inner.width.saturating_sub(1) as usize),
                th.style(if i == 0 { Role::Title } else { Role::Muted }),
            );
        }
    }
}
