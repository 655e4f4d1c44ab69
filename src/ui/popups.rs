//! Popups drawn over the screen. Each clears its area first (with the
//! wide-character edge fix) and returns where the terminal cursor goes
//! when it holds a text input.

use super::checklist::short_time;
use super::guidance::item_lines;
use super::theme::{Role, Theme};
use super::widgets::{block, centered, clear_popup, scroll_lines, select_row, status_style, wrap};
use crate::app::input::TextInput;
use crate::app::keys::{Action, Ctx};
use crate::app::popup::{Hit, Publish, Target, WriteKind};
use crate::app::{App, Popup, Sel};
use crate::domain::{DisplayStatus, Status, text};
use crate::i18n::ui::fill;
use crate::store::{Completion, Draft, RecordInput};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub(super) type Cursor = Option<(u16, u16)>;

/// Clear `area`, draw a titled frame, return the inner area.
pub(super) fn frame_popup(frame: &mut Frame, th: &Theme, area: Rect, title: &str) -> Rect {
    clear_popup(frame.buffer_mut(), area);
    let b = block(th, format!(" {title} "));
    let inner = b.inner(area);
    b.render(area, frame.buffer_mut());
    inner
}

pub fn draw(frame: &mut Frame, app: &App, th: &Theme, p: &Popup) -> Cursor {
    match p {
        Popup::Help { about, sel } => super::panels::help(frame, app, th, *about, sel),
        Popup::Search { input, hits, sel } => return search(frame, app, th, input, hits, sel),
        Popup::StatusMenu { target, sel } => status_menu(frame, app, th, target, sel),
        Popup::Note { target, input } => return note(frame, app, th, target, input),
        Popup::DraftOffer { draft, sel, .. } => draft_offer(frame, app, th, draft, sel),
        Popup::Conflict {
            pending,
            kind,
            theirs,
            sel,
        } => conflict(frame, app, th, (pending, *kind), theirs.as_ref(), sel),
        Popup::Detail {
            target,
            history,
            record,
            periods,
            sel,
        } => {
            let d = super::panels::DetailData {
                target,
                history,
                record: record.as_ref(),
                periods,
            };
            super::panels::detail(frame, app, th, &d, sel);
        }
        Popup::Team {
            sel,
            postings,
            weak_party,
        } => team(frame, app, th, sel, postings, *weak_party),
        Popup::Reader { id, sel } => reader(frame, app, th, *id, sel),
        Popup::Form(f) => return super::panels::form(frame, app, th, f),
        Popup::Export(f) => return super::export_form::draw(frame, app, th, f),
        Popup::ConfirmDelete { title, .. } => {
            confirm_delete(
                frame,
                app,
                th,
                &fill(app.lang().ui().confirm_delete, &[title]),
            );
        }
        Popup::ConfirmDeleteSession { title, .. } => {
            let q = fill(app.lang().training().confirm_delete, &[title]);
            confirm_delete(frame, app, th, &q);
        }
        Popup::ConfirmPublish(p) => confirm_publish(frame, app, th, p),
        Popup::ConfirmDiscard { sel, guidance } => confirm_discard(frame, app, th, sel, *guidance),
        Popup::Entry(f) => return super::entry::draw(frame, app, th, f),
        Popup::LeaveRefusal { id, input, .. } => {
            return super::leave::refusal(frame, app, th, *id, input);
        }
    }
    None
}

fn status_menu(frame: &mut Frame, app: &App, th: &Theme, target: &Target, sel: &Sel) {
    let lang = app.lang();
    let items: Vec<(String, ratatui::style::Style)> = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = if *s == target.status { " *" } else { "" };
            let key = Action::pick_of(i)
                .map(|a| app.opts.keys.key_label(Ctx::Menu, a, app.opts.ascii))
                .unwrap_or_default();
            (
                format!("{key} {}{mark}", lang.status(*s)),
                status_style(th, display(*s)),
            )
        })
        .collect();
    let title = format!(
        "{} {} {}",
        lang.ui().status_menu_title,
        th.sym().dot,
        text::truncate(&app.task_title(target.task), 24)
    );
    let w = (text::width(&title) as u16 + 6).max(30);
    let r = centered(frame.area(), w, items.len() as u16 + 2);
    let inner = frame_popup(frame, th, r, &title);
    menu(frame.buffer_mut(), th, inner, &items, sel).record(&app.hits);
}

fn draft_offer(frame: &mut Frame, app: &App, th: &Theme, draft: &Draft, sel: &Sel) {
    let u = app.lang().ui();
    let r = centered(frame.area(), 64, 10);
    let inner = frame_popup(frame, th, r, u.draft_title);
    let buf = frame.buffer_mut();
    let at = short_time(&draft.saved_at, true);
    buf.set_string(
        inner.x + 1,
        inner.y,
        fill(u.draft_found, &[&at]),
        th.style(Role::Normal),
    );
    for (i, l) in wrap(&draft.note, inner.width - 4)
        .iter()
        .take(3)
        .enumerate()
    {
        buf.set_string(inner.x + 3, inner.y + 1 + i as u16, l, th.style(Role::Info));
    }
    let items = vec![
        (u.draft_use.to_string(), th.style(Role::Normal)),
        (u.draft_discard.to_string(), th.style(Role::Normal)),
    ];
    let m = Rect {
        y: inner.bottom() - 2,
        height: 2,
        ..inner
    };
    menu(buf, th, m, &items, sel).record(&app.hits);
}

fn team(
    frame: &mut Frame,
    app: &App,
    th: &Theme,
    sel: &Sel,
    postings: &[crate::store::Posting],
    weak_party: bool,
) {
    let Some(c) = &app.checklist else {
        return;
    };
    let area = frame.area();
    let u = app.lang().ui();
    // Wider terminals get a wider popup (unit names are long).
    let w = if area.width >= 120 { 96 } else { 64 }.min(area.width - 4);
    let lines = super::team::team_lines(app.lang(), th, app.today, postings, weak_party, w - 2);
    let h = (lines.len() as u16 + 2).min(area.height - 2);
    let r = centered(area, w, h);
    let inner = frame_popup(
        frame,
        th,
        r,
        &format!("{} {} {}", u.team_title, th.sym().dot, c.village.name),
    );
    scroll_lines(frame.buffer_mut(), inner, &lines, sel);
}

fn reader(frame: &mut Frame, app: &App, th: &Theme, id: i64, sel: &Sel) {
    let area = frame.area();
    let i = app
        .guidance
        .items
        .iter()
        .position(|g| g.id == id)
        .unwrap_or(0);
    let r = centered(area, 90.min(area.width - 4), area.height - 2);
    let u = app.lang().ui();
    let inner = frame_popup(frame, th, r, u.guidance);
    let body = Rect {
        x: inner.x + 1,
        width: inner.width - 2,
        ..inner
    };
    let lines = item_lines(app, th, i, body.width);
    scroll_lines(frame.buffer_mut(), body, &lines, sel);
}

fn confirm_delete(frame: &mut Frame, app: &App, th: &Theme, q: &str) {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 60.min(area.width - 4);
    let lines = wrap(q, w - 4);
    let r = centered(area, w, lines.len() as u16 + 4);
    let inner = frame_popup(frame, th, r, u.confirm_title);
    let buf = frame.buffer_mut();
    for (i, l) in lines.iter().enumerate() {
        buf.set_string(inner.x + 1, inner.y + i as u16, l, th.style(Role::Alert));
    }
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        super::hint(
            app,
            u.confirm_hint,
            Ctx::Confirm,
            &[Action::Yes, Action::No],
        ),
        th.style(Role::Key),
    );
}

fn display(s: Status) -> DisplayStatus {
    match s {
        Status::Todo => DisplayStatus::Todo,
        Status::Doing => DisplayStatus::Doing,
        Status::Done => DisplayStatus::Done,
        Status::Na => DisplayStatus::Na,
    }
}

/// A list of choices with the selection reversed and marked; returns the
/// rows it showed.
pub(super) fn menu(
    buf: &mut Buffer,
    th: &Theme,
    area: Rect,
    items: &[(String, ratatui::style::Style)],
    sel: &Sel,
) -> super::widgets::Shown {
    for (i, (s, st)) in items.iter().enumerate().take(area.height as usize) {
        let y = area.y + i as u16;
        let selected = i == sel.index;
        let marker = if selected { th.sym().selected } else { " " };
        buf.set_string(area.x, y, marker, th.style(Role::Key));
        buf.set_string(
            area.x + 2,
            y,
            text::truncate(s, area.width.saturating_sub(2) as usize),
            *st,
        );
        if selected {
            select_row(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
                th,
            );
        }
    }
    super::widgets::Shown {
        body: area,
        first: 0,
        count: items.len().min(area.height as usize),
    }
}

fn search(
    frame: &mut Frame,
    app: &App,
    th: &Theme,
    input: &TextInput,
    hits: &[Hit],
    sel: &Sel,
) -> Cursor {
    let area = frame.area();
    let u = app.lang().ui();
    let r = centered(area, 70.min(area.width - 4), 18.min(area.height - 2));
    let r = Rect { y: area.y + 3, ..r };
    let inner = frame_popup(frame, th, r, u.search_title);
    let buf = frame.buffer_mut();
    buf.set_string(inner.x, inner.y, "/", th.style(Role::Key));
    let field_w = inner.width - 2;
    let (shown, col) = input.window(field_w);
    buf.set_string(inner.x + 2, inner.y, &shown, th.style(Role::Focus));
    buf.set_string(
        inner.x,
        inner.y + 1,
        text::truncate(
            &super::hint(app, u.search_hint, Ctx::Input, &[Action::Submit]),
            inner.width as usize,
        ),
        th.style(Role::Muted),
    );
    let list = Rect {
        y: inner.y + 2,
        height: inner.height - 2,
        ..inner
    };
    if hits.is_empty() && !input.is_empty() {
        buf.set_string(list.x + 2, list.y, u.search_none, th.style(Role::Muted));
    }
    let off = sel.scroll(list.height as usize, hits.len());
    for (i, h) in hits.iter().enumerate().skip(off).take(list.height as usize) {
        let y = list.y + (i - off) as u16;
        app.hits.row(y, list.x, list.right(), i);
        let selected = i == sel.index;
        let level = app.level_name(h.division.level());
        let parents = h.parents.join(th.sym().crumb);
        let line = Line::from(vec![
            Span::styled(
                if selected { th.sym().selected } else { " " },
                th.style(Role::Key),
            ),
            Span::raw(" "),
            Span::raw(text::pad_right(&h.division.name, 16)),
            Span::styled(text::pad_right(level, 9), th.style(Role::Muted)),
            Span::styled(
                format!("{}  {}", h.division.code, parents),
                th.style(Role::Muted),
            ),
        ]);
        buf.set_line(list.x, y, &line, list.width);
        if selected {
            select_row(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..list
                },
                th,
            );
        }
    }
    Some((inner.x + 2 + col, inner.y))
}

fn note(frame: &mut Frame, app: &App, th: &Theme, t: &Target, input: &TextInput) -> Cursor {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 72.min(area.width - 4);
    let r = centered(area, w, 10);
    let title = fill(
        u.note_title,
        &[&text::truncate(&app.task_title(t.task), 30)],
    );
    let inner = frame_popup(frame, th, r, &title);
    let buf = frame.buffer_mut();
    let field = Rect {
        x: inner.x + 1,
        y: inner.y,
        width: inner.width - 2,
        height: inner.height - 2,
    };
    let wrapped = input.wrap(field.width);
    // Scroll so the caret's row is visible.
    let h = field.height;
    let first = wrapped.caret.1.saturating_sub(h - 1);
    for (i, row) in wrapped
        .rows
        .iter()
        .skip(first as usize)
        .take(h as usize)
        .enumerate()
    {
        buf.set_string(field.x, field.y + i as u16, row, th.style(Role::Normal));
    }
    let count = fill(
        u.chars_count,
        &[&input.len().to_string(), &input.max().to_string()],
    );
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 2,
        text::truncate(&count, inner.width as usize - 2),
        th.style(Role::Muted),
    );
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        text::truncate(
            &super::hint(
                app,
                u.note_hint,
                Ctx::Input,
                &[Action::Submit, Action::Cancel],
            ),
            inner.width as usize - 2,
        ),
        th.style(Role::Key),
    );
    Some((field.x + wrapped.caret.0, field.y + wrapped.caret.1 - first))
}

/// What a record says: its status, and its note when it has one.
fn record_text(app: &App, status: Status, note: &str) -> String {
    let lang = app.lang();
    if note.is_empty() {
        lang.status(status).to_string()
    } else {
        format!("{}{}{note}", lang.status(status), lang.ui().comma)
    }
}

/// Both versions side by side (theirs with who and when, then mine) and
/// the choices: keep mine, take theirs, and for a note back to editing.
fn conflict(
    frame: &mut Frame,
    app: &App,
    th: &Theme,
    (pending, kind): (&RecordInput, WriteKind),
    theirs: Option<&Completion>,
    sel: &Sel,
) {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 72.min(area.width - 4);
    let tw = w - 6;
    let their_text = theirs
        .map(|c| record_text(app, c.status, &c.note))
        .unwrap_or_else(|| "-".into());
    let (by, at) = theirs
        .map(|c| {
            (
                app.person(&c.recorded_by).to_string(),
                short_time(&c.recorded_at, true),
            )
        })
        .unwrap_or_default();
    // No note in my write keeps theirs.
    let my_note = pending
        .note
        .clone()
        .or_else(|| theirs.map(|c| c.note.clone()))
        .unwrap_or_default();
    let mine = record_text(app, pending.status, &my_note);
    let theirs_lines: Vec<String> = wrap(&their_text, tw).into_iter().take(4).collect();
    let mine_lines: Vec<String> = wrap(&mine, tw).into_iter().take(4).collect();
    let mut items = vec![
        (u.conflict_mine.to_string(), th.style(Role::Normal)),
        (u.conflict_theirs.to_string(), th.style(Role::Normal)),
    ];
    if kind == WriteKind::Note {
        items.push((u.conflict_edit.to_string(), th.style(Role::Normal)));
    }
    let body_h = 1 + 1 + theirs_lines.len() + 1 + mine_lines.len() + 1;
    let h = body_h as u16 + items.len() as u16 + 3;
    let r = centered(area, w, h.min(area.height - 2));
    let inner = frame_popup(frame, th, r, u.conflict_title);
    let buf = frame.buffer_mut();
    let mut y = inner.y;
    let mut put = |buf: &mut Buffer, x: u16, s: &str, role: Role| {
        if y < inner.bottom() {
            buf.set_string(
                x,
                y,
                text::truncate(s, (inner.right() - x) as usize),
                th.style(role),
            );
        }
        y += 1;
    };
    put(buf, inner.x + 1, u.conflict_body, Role::Alert);
    put(
        buf,
        inner.x + 1,
        &fill(u.conflict_theirs_head, &[&by, &at]),
        Role::Muted,
    );
    for l in &theirs_lines {
        put(buf, inner.x + 3, l, Role::Normal);
    }
    put(buf, inner.x + 1, u.conflict_mine_head, Role::Muted);
    for l in &mine_lines {
        put(buf, inner.x + 3, l, Role::Info);
    }
    let m = Rect {
        y: y + 1,
        height: items.len() as u16,
        ..inner
    };
    menu(buf, th, m.intersection(inner), &items, sel).record(&app.hits);
    if kind == WriteKind::Note {
        let hint = super::hint(app, u.conflict_leave, Ctx::Menu, &[Action::Close]);
        buf.set_string(
            inner.x + 1,
            inner.bottom() - 1,
            text::truncate(&hint, inner.width as usize - 2),
            th.style(Role::Key),
        );
    }
}

/// A confirmation over the screen: the question (wrapped) and its keys.
fn confirm_box(frame: &mut Frame, app: &App, th: &Theme, (title, q, hint): (&str, &str, &str)) {
    let area = frame.area();
    let w = 64.min(area.width - 4);
    let lines = wrap(q, w - 4);
    let r = centered(area, w, lines.len() as u16 + 4);
    let inner = frame_popup(frame, th, r, title);
    let buf = frame.buffer_mut();
    for (i, l) in lines.iter().enumerate() {
        buf.set_string(inner.x + 1, inner.y + i as u16, l, th.style(Role::Alert));
    }
    buf.set_string(
        inner.x + 1,
        inner.bottom() - 1,
        super::hint(app, hint, Ctx::Confirm, &[Action::Yes, Action::No]),
        th.style(Role::Key),
    );
}

fn confirm_publish(frame: &mut Frame, app: &App, th: &Theme, p: &Publish) {
    let u = app.lang().ui();
    let q = fill(
        u.confirm_publish,
        &[&p.input.title, &p.scope_name, &p.villages.to_string()],
    );
    confirm_box(
        frame,
        app,
        th,
        (u.confirm_publish_title, &q, u.confirm_publish_hint),
    );
}

fn confirm_discard(frame: &mut Frame, app: &App, th: &Theme, sel: &Sel, guidance: bool) {
    let area = frame.area();
    let u = app.lang().ui();
    let w = 64.min(area.width - 4);
    let text = if guidance {
        u.confirm_discard
    } else {
        u.confirm_discard_entry
    };
    let lines = wrap(text, w - 4);
    let r = centered(area, w, lines.len() as u16 + 5);
    let inner = frame_popup(frame, th, r, u.confirm_discard_title);
    let buf = frame.buffer_mut();
    for (i, l) in lines.iter().enumerate() {
        buf.set_string(inner.x + 1, inner.y + i as u16, l, th.style(Role::Alert));
    }
    let items = vec![
        (u.discard_keep.to_string(), th.style(Role::Normal)),
        (u.discard_drop.to_string(), th.style(Role::Normal)),
    ];
    let m = Rect {
        y: inner.bottom() - 2,
        height: 2,
        ..inner
    };
    menu(buf, th, m, &items, sel).record(&app.hits);
}
