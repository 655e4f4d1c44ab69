//! Drawing helpers shared by the screens: blocks, popups (with the
//! wide-character edge fix), tables measured in cells, text lines.

use super::theme::{Role, Theme};
use crate::app::Sel;
use crate::domain::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// A bordered block with a title.
pub fn block<'a>(theme: &Theme, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.sym().border)
        .border_style(theme.style(Role::Border))
        .title(title.into().style(theme.style(Role::Title)))
}

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clear a popup's area. Works around ratatui issue #2526: when the cell
/// left of the popup holds a wide character, its right half lies under the
/// popup's left border, and the frame diff skips the border cell (it
/// assumes the wide character covers it). Blank that wide character so the
/// border is written. (On the right edge the popup's border overwrites the
/// first half of a wide character, which terminals blank whole.)
pub fn clear_popup(buf: &mut Buffer, area: Rect) {
    let bounds = buf.area;
    for y in area.top()..area.bottom() {
        if area.x > bounds.x {
            let left = &mut buf[(area.x - 1, y)];
            if left.symbol().width() > 1 {
                left.set_symbol(" ");
            }
        }
    }
    Clear.render(area, buf);
    // Give the popup's own cells a clean background.
    buf.set_style(area, Style::default());
}

/// A column of a table: header, width in cells, right-aligned or not.
#[derive(Debug, Clone)]
pub struct Col {
    pub title: String,
    pub width: u16,
    pub right: bool,
}

impl Col {
    pub fn left(title: &str, width: u16) -> Col {
        Col {
            title: title.to_string(),
            width,
            right: false,
        }
    }

    pub fn right(title: &str, width: u16) -> Col {
        Col {
            title: title.to_string(),
            width,
            right: true,
        }
    }
}

/// A cell: text and its style.
pub type TCell = (String, Style);

/// Pad or cut to exactly `w` cells, never through a wide character.
pub fn fit(s: &str, w: u16, right: bool) -> String {
    if right {
        text::pad_left(s, w as usize)
    } else {
        text::pad_right(s, w as usize)
    }
}

/// Give the flexible column (`flex`) whatever width the others leave.
pub fn flex_widths(cols: &mut [Col], flex: usize, total: u16) {
    // One cell for the selection marker, one space between columns.
    let fixed: u16 = cols
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != flex)
        .map(|(_, c)| c.width + 1)
        .sum::<u16>()
        + 1;
    cols[flex].width = total.saturating_sub(fixed).max(4);
}

/// The header line of a table: one cell for the marker, then each
/// column's title and a gap.
pub fn header_line(buf: &mut Buffer, area: Rect, theme: &Theme, cols: &[Col]) {
    let header: Vec<Span> = std::iter::once(Span::raw(" "))
        .chain(cols.iter().flat_map(|c| {
            [
                Span::styled(fit(&c.title, c.width, c.right), theme.style(Role::Header)),
                Span::raw(" "),
            ]
        }))
        .collect();
    buf.set_line(area.x, area.y, &Line::from(header), area.width);
}

/// Paint `area` (one row of a list) as the selection bar: every cell,
/// the marker and the gaps between columns included, takes the theme's
/// selection style made from its own ([`Theme::on_selection`]). Every
/// list and table draws its selected row through this.
pub fn select_row(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let style = theme.on_selection(cell.style());
            cell.set_style(style);
        }
    }
}

/// The selection marker (or a blank) for the first cell of a row.
pub fn marker<'a>(theme: &Theme, selected: bool) -> Span<'a> {
    Span::styled(
        if selected { theme.sym().selected } else { " " },
        theme.style(Role::Key),
    )
}

/// One row of a table at `y` inside `area`: the marker, then the cells in
/// their columns with a gap after each; the selection bar when selected.
pub fn table_row(
    buf: &mut Buffer,
    (area, y): (Rect, u16),
    theme: &Theme,
    cols: &[Col],
    cells: Vec<TCell>,
    selected: bool,
) {
    let mut spans = vec![marker(theme, selected)];
    for (c, (text, style)) in cols.iter().zip(cells) {
        spans.push(Span::styled(fit(&text, c.width, c.right), style));
        spans.push(Span::raw(" "));
    }
    buf.set_line(area.x, y, &Line::from(spans), area.width);
    if selected {
        select_row(
            buf,
            Rect {
                y,
                height: 1,
                ..area
            },
            theme,
        );
    }
}

/// The rows a table showed: items `first..first + count` on the rows of
/// `body` from its top (for the mouse's hit map).
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub body: Rect,
    pub first: usize,
    pub count: usize,
}

impl Shown {
    /// Record these rows as the list a click can hit.
    pub fn record(self, hits: &crate::app::mouse::HitMap) {
        let b = self.body;
        hits.rows(b.y, b.x, b.right(), self.first, self.count);
    }
}

/// Draw a table: a header line, then the rows scrolled to keep the
/// selection visible. `sel` None draws no selection. Only the visible rows
/// are built (`row(i)`), so long lists cost nothing off screen. Returns
/// which rows it showed.
pub fn table(
    buf: &mut Buffer,
    area: Rect,
    theme: &Theme,
    cols: &[Col],
    len: usize,
    row: impl Fn(usize) -> Vec<TCell>,
    sel: Option<&Sel>,
) -> Shown {
    if area.height == 0 {
        return Shown {
            body: area,
            first: 0,
            count: 0,
        };
    }
    header_line(buf, area, theme, cols);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let off = sel
        .map(|s| s.scroll(body.height as usize, len))
        .unwrap_or(0);
    for i in (off..len).take(body.height as usize) {
        let y = body.y + (i - off) as u16;
        let selected = sel.is_some_and(|s| s.index == i);
        table_row(buf, (body, y), theme, cols, row(i), selected);
    }
    Shown {
        body,
        first: off,
        count: len.saturating_sub(off).min(body.height as usize),
    }
}

/// Wrap text into lines of at most `width` cells: explicit newlines start
/// new lines; Latin text breaks at spaces, Chinese between characters;
/// wide characters are never split.
pub fn wrap(s: &str, width: u16) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(2) as usize;
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line: Vec<char> = Vec::new();
        let mut w = 0;
        // Index in `line` just after the last space, where a break may go.
        let mut brk: Option<usize> = None;
        for ch in para.chars() {
            let cw = ch.width().unwrap_or(0);
            if w + cw > width {
                if ch == ' ' {
                    out.push(line.drain(..).collect());
                    w = 0;
                    brk = None;
                    continue;
                }
                match brk {
                    Some(b) if b > 0 && b < line.len() => {
                        let rest: Vec<char> = line.drain(b..).collect();
                        let head: String = line.drain(..).collect();
                        out.push(head.trim_end().to_string());
                        line = rest;
                    }
                    _ => out.push(line.drain(..).collect()),
                }
                w = line.iter().map(|c| c.width().unwrap_or(0)).sum();
                brk = None;
            }
            line.push(ch);
            w += cw;
            if ch == ' ' {
                brk = Some(line.len());
            } else if cw > 1 {
                // Between Chinese characters a line may break anywhere.
                brk = Some(line.len());
            }
        }
        out.push(line.into_iter().collect());
    }
    out
}

/// A line of label + value spans.
pub fn kv<'a>(theme: &Theme, colon: &str, label: &str, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label}{colon}"), theme.style(Role::Muted)),
        Span::raw(value),
    ])
}

/// Status of a task as a styled cell.
pub fn status_style(theme: &Theme, s: crate::domain::DisplayStatus) -> Style {
    use crate::domain::DisplayStatus as D;
    theme.style(match s {
        D::Done => Role::Done,
        D::Doing => Role::Doing,
        D::Todo => Role::Todo,
        D::Overdue => Role::Overdue,
        D::DoneLate => Role::Warn,
        D::Na => Role::Na,
    })
}

/// Draw a vertical scroll of `lines` inside `area`, starting at the
/// selection's index (used as a scroll position), clamped to the end.
pub fn scroll_lines(buf: &mut Buffer, area: Rect, lines: &[Line], sel: &Sel) {
    let h = area.height as usize;
    sel.page.set(h.max(1));
    let max_off = lines.len().saturating_sub(h);
    let off = sel.index.min(max_off);
    sel.offset.set(off);
    for (i, l) in lines.iter().skip(off).take(h).enumerate() {
        buf.set_line(area.x, area.y + i as u16, l, area.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;

    #[test]
    fn wrap_keeps_wide_chars_whole() {
        assert_eq!(wrap("一二三四五", 5), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
    }

    #[test]
    fn wrap_breaks_latin_at_spaces() {
        assert_eq!(
            wrap("Done when an attendance sheet is filed.", 16),
            vec!["Done when an", "attendance sheet", "is filed."]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("到会42人，已完成", 8), vec!["到会42人", "，已完成"]);
    }

    /// ratatui #2526: a popup whose left border lands right of a wide
    /// character must still send its border cell to the terminal.
    #[test]
    fn popup_border_survives_wide_char_on_its_left() {
        let area = Rect::new(0, 0, 12, 3);
        let mut prev = Buffer::empty(area);
        Paragraph::new("一二三四五六").render(area, &mut prev);
        let mut next = prev.clone();
        // The popup's left edge at x=3: the cell left of it (x=2) holds 二.
        let popup = Rect::new(3, 0, 6, 3);
        clear_popup(&mut next, popup);
        Block::default()
            .borders(Borders::ALL)
            .render(popup, &mut next);
        let diff = prev.diff(&next);
        assert!(
            diff.iter()
                .any(|(x, y, c)| *x == 3 && *y == 0 && c.symbol() == "┌"),
            "left border missing from the diff: {diff:?}"
        );
    }
}
