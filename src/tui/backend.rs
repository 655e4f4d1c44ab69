//! A terminal backend that writes fewer bytes than ratatui's crossterm
//! backend: it knows a wide character moves the cursor two cells, so it
//! does not send a cursor move after every Chinese character, and it sends
//! colour and attribute changes as one short SGR sequence (`ESC[1;33m`
//! rather than separate 38;5;N sequences). Everything else is delegated to
//! ratatui's `CrosstermBackend`.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

pub struct CellBackend<W: Write> {
    inner: CrosstermBackend<W>,
}

impl<W: Write> CellBackend<W> {
    pub fn new(writer: W) -> Self {
        CellBackend {
            inner: CrosstermBackend::new(writer),
        }
    }
}

fn fg_code(c: Color, out: &mut String) {
    let _ = match c {
        Color::Reset => write!(out, "39"),
        Color::Black => write!(out, "30"),
        Color::Red => write!(out, "31"),
        Color::Green => write!(out, "32"),
        Color::Yellow => write!(out, "33"),
        Color::Blue => write!(out, "34"),
        Color::Magenta => write!(out, "35"),
        Color::Cyan => write!(out, "36"),
        Color::Gray => write!(out, "37"),
        Color::DarkGray => write!(out, "90"),
        Color::LightRed => write!(out, "91"),
        Color::LightGreen => write!(out, "92"),
        Color::LightYellow => write!(out, "93"),
        Color::LightBlue => write!(out, "94"),
        Color::LightMagenta => write!(out, "95"),
        Color::LightCyan => write!(out, "96"),
        Color::White => write!(out, "97"),
        Color::Indexed(i) => write!(out, "38;5;{i}"),
        Color::Rgb(r, g, b) => write!(out, "38;2;{r};{g};{b}"),
    };
}

fn bg_code(c: Color, out: &mut String) {
    let _ = match c {
        Color::Reset => write!(out, "49"),
        Color::Indexed(i) => write!(out, "48;5;{i}"),
        Color::Rgb(r, g, b) => write!(out, "48;2;{r};{g};{b}"),
        named => {
            // Named colours: background code = foreground code + 10.
            let mut s = String::new();
            fg_code(named, &mut s);
            let n: u16 = s.parse().unwrap_or(39);
            write!(out, "{}", n + 10)
        }
    };
}

/// SGR parameters that turn modifier set `from` into `to`.
fn modifier_codes(from: Modifier, to: Modifier, out: &mut Vec<&'static str>) {
    let removed = from - to;
    let added = to - from;
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if removed.contains(Modifier::REVERSED) {
        out.push("27");
    }
    if reset_intensity {
        out.push("22");
        if to.contains(Modifier::DIM) {
            out.push("2");
        }
        if to.contains(Modifier::BOLD) {
            out.push("1");
        }
    }
    if removed.contains(Modifier::ITALIC) {
        out.push("23");
    }
    if removed.contains(Modifier::UNDERLINED) {
        out.push("24");
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        out.push("29");
    }
    if removed.contains(Modifier::HIDDEN) {
        out.push("28");
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        out.push("25");
    }
    if added.contains(Modifier::REVERSED) {
        out.push("7");
    }
    if added.contains(Modifier::BOLD) && !reset_intensity {
        out.push("1");
    }
    if added.contains(Modifier::DIM) && !reset_intensity {
        out.push("2");
    }
    if added.contains(Modifier::ITALIC) {
        out.push("3");
    }
    if added.contains(Modifier::UNDERLINED) {
        out.push("4");
    }
    if added.contains(Modifier::CROSSED_OUT) {
        out.push("9");
    }
    if added.contains(Modifier::HIDDEN) {
        out.push("8");
    }
    if added.contains(Modifier::SLOW_BLINK) {
        out.push("5");
    }
    if added.contains(Modifier::RAPID_BLINK) {
        out.push("6");
    }
}

/// Encode cell updates as terminal bytes (the body of `draw`).
pub fn encode<'a>(content: impl Iterator<Item = (u16, u16, &'a Cell)>, out: &mut String) {
    let mut fg = Color::Reset;
    let mut bg = Color::Reset;
    let mut modifier = Modifier::empty();
    // Where the terminal's cursor is after the last symbol written.
    let mut cursor: Option<(u16, u16)> = None;
    let mut codes: Vec<&'static str> = Vec::new();
    let mut colour = String::new();
    let mut touched = false;
    for (x, y, cell) in content {
        if cursor != Some((x, y)) {
            let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
        }
        codes.clear();
        colour.clear();
        if cell.modifier != modifier {
            modifier_codes(modifier, cell.modifier, &mut codes);
            modifier = cell.modifier;
        }
        if cell.fg != fg {
            fg_code(cell.fg, &mut colour);
            fg = cell.fg;
        }
        if cell.bg != bg {
            if !colour.is_empty() {
                colour.push(';');
            }
            bg_code(cell.bg, &mut colour);
            bg = cell.bg;
        }
        if !codes.is_empty() || !colour.is_empty() {
            out.push_str("\x1b[");
            out.push_str(&codes.join(";"));
            if !codes.is_empty() && !colour.is_empty() {
                out.push(';');
            }
            out.push_str(&colour);
            out.push('m');
            touched = true;
        }
        let sym = cell.symbol();
        // The last line of defence for text from the database: whatever a
        // draw path let through, no control, reordering or invisible
        // character reaches the terminal (text::sanitize cleans on save and
        // on load; this catches a path that forgot).
        let w = if sym.chars().any(crate::domain::text::is_dangerous) {
            let clean: String = sym
                .chars()
                .filter(|c| !crate::domain::text::is_dangerous(*c))
                .collect();
            let clean = if clean.is_empty() {
                " ".to_string()
            } else {
                clean
            };
            out.push_str(&clean);
            clean.width().max(1) as u16
        } else {
            out.push_str(sym);
            sym.width().max(1) as u16
        };
        cursor = Some((x.saturating_add(w), y));
    }
    if touched && (fg != Color::Reset || bg != Color::Reset || !modifier.is_empty()) {
        out.push_str("\x1b[0m");
    }
}

impl<W: Write> Write for CellBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for CellBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut s = String::with_capacity(4096);
        encode(content, &mut s);
        self.inner.write_all(s.as_bytes())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn wide_characters_need_no_cursor_moves() {
        let area = Rect::new(0, 0, 10, 1);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "都匀市ab", Style::default());
        let mut s = String::new();
        encode(prev.diff(&next).into_iter(), &mut s);
        assert_eq!(s, "\x1b[1;1H都匀市ab");
    }

    #[test]
    fn styles_are_one_short_sequence() {
        let area = Rect::new(0, 0, 4, 1);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(
            0,
            0,
            "ab",
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        );
        next.set_string(2, 0, "c", Style::default().bg(Color::Blue));
        let mut s = String::new();
        encode(prev.diff(&next).into_iter(), &mut s);
        assert_eq!(s, "\x1b[1;1H\x1b[1;33mab\x1b[22;39;44mc\x1b[0m");
    }

    #[test]
    fn skipped_cells_get_a_cursor_move() {
        let area = Rect::new(0, 0, 10, 2);
        let prev = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        next.set_string(1, 0, "x", Style::default());
        next.set_string(5, 1, "y", Style::default());
        let mut s = String::new();
        encode(prev.diff(&next).into_iter(), &mut s);
        assert_eq!(s, "\x1b[1;2Hx\x1b[2;6Hy");
    }
}
