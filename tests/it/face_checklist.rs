//! The checklist's face (issue 16): all 25 tasks on a 40-row screen, rows
//! beyond the edge announced, and the selected row of every list drawn as
//! one even bar (one background across every cell and gap), with colour
//! and without.

use crate::ui_support as support;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use support::*;
use zhucun::app::App;
use zhucun::i18n::Lang;

fn checklist(a: &mut App) {
    keys(a, "<Enter><Enter><Enter>");
}

/// The screen line that shows task `n` (its number in the # column, then
/// the beginning of its title), if any.
fn task_line<'a>(screen: &'a str, n: u32, title: &str) -> Option<&'a str> {
    let head: String = title.chars().take(2).collect();
    screen
        .lines()
        .find(|l| l.contains(&format!("{n:>2} {head}")))
}

#[test]
fn every_task_is_on_a_40_row_screen() {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = app(lang);
        checklist(&mut a);
        let c = a.checklist.as_ref().unwrap();
        let tasks: Vec<(u32, String)> = c
            .rows
            .iter()
            .map(|r| {
                let t = match lang {
                    Lang::Zh => &r.task.title,
                    Lang::En => &r.task.title_en,
                };
                (r.task.number, t.clone())
            })
            .collect();
        assert_eq!(tasks.len(), 25);
        for (w, h) in [(120, 40), (140, 40), (80, 40), (120, 36)] {
            let screen = render(&a, w, h);
            for (n, title) in &tasks {
                assert!(
                    task_line(&screen, *n, title).is_some(),
                    "task {n} not on the {w}x{h} screen ({lang:?}):\n{screen}"
                );
            }
            assert!(!screen.contains('↓'), "nothing below at {w}x{h}:\n{screen}");
        }
    }
}

#[test]
fn rows_beyond_the_edge_are_announced_and_follow_the_selection() {
    let mut a = app(Lang::Zh);
    checklist(&mut a);
    let top = render(&a, 80, 24);
    assert!(top.contains("↓ 下面还有13项"), "{top}");
    assert!(!top.contains('↑'), "{top}");
    keys(&mut a, "G");
    let bottom = render(&a, 80, 24);
    let c = a.checklist.as_ref().unwrap();
    let last = c.rows.last().unwrap();
    assert!(
        task_line(&bottom, 25, &last.task.title).is_some(),
        "{bottom}"
    );
    assert!(bottom.contains("↑ 上面还有"), "{bottom}");
    assert!(!bottom.contains('↓'), "{bottom}");
}

/// The selected row: from the ▶ marker to the list's right border.
fn selected_row(buf: &Buffer) -> Option<(u16, u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        for x in 0..area.width {
            if buf[(x, y)].symbol() == "▶" {
                let end = (x + 1..area.width)
                    .find(|e| buf[(*e, y)].symbol() == "│")
                    .unwrap_or(area.width);
                return Some((x, end, y));
            }
        }
    }
    None
}

/// The colours a cell shows: (foreground, background) after reversal.
fn shown(buf: &Buffer, x: u16, y: u16) -> (Color, Color, bool) {
    let c = &buf[(x, y)];
    let rev = c.modifier.contains(Modifier::REVERSED);
    if rev {
        (c.bg, c.fg, rev)
    } else {
        (c.fg, c.bg, rev)
    }
}

fn assert_even_bar(a: &App, what: &str, w: u16, h: u16) {
    let buf = render_buffer(a, w, h);
    let (x0, end, y) = selected_row(&buf).unwrap_or_else(|| panic!("{what}: no selection marker"));
    assert!(end > x0 + 10, "{what}: bar too short");
    let first = shown(&buf, x0, y);
    assert!(first.2, "{what}: selected row not in reverse video");
    let mut x = x0;
    while x < end {
        let cell = shown(&buf, x, y);
        assert_eq!(
            (cell.1, cell.2),
            (first.1, first.2),
            "{what} {w}x{h}: cell {x} of the selected row has another background \
             (or is not reversed)"
        );
        assert_eq!(
            cell.0, first.0,
            "{what} {w}x{h}: cell {x} of the selected row has another colour"
        );
        assert!(
            !buf[(x, y)].modifier.contains(Modifier::DIM),
            "{what}: dimmed cell {x} in the bar"
        );
        // A wide character's cell covers the next one too (the terminal
        // draws both halves in its style; the test backend keeps neither).
        x += unicode_width::UnicodeWidthStr::width(buf[(x, y)].symbol()).max(1) as u16;
    }
}

#[test]
fn the_selected_row_is_one_even_bar_in_every_list() {
    let screens: [(&str, &str, &str); 6] = [
        ("overview", "", ""),
        ("villages", "<Enter><Enter>", ""),
        ("checklist", "<Enter><Enter><Enter>j", ""),
        ("status menu", "<Enter><Enter><Enter>js", ""),
        ("search", "/", "dy"),
        ("guidance", "p", ""),
    ];
    for color in [true, false] {
        for (what, seq, text) in screens {
            let mut o = opts(Lang::Zh);
            o.color = color;
            let mut a = app_with(demo_db(), ADMIN, o);
            keys(&mut a, seq);
            type_text(&mut a, text);
            for (w, h) in [(80, 24), (120, 40), (140, 40)] {
                assert_even_bar(&a, &format!("{what} (colour {color})"), w, h);
            }
        }
    }
}
