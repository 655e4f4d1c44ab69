//! Screenshots of the real rendering: a ratatui buffer drawn as SVG with every
//! cell on a fixed grid (wide characters span two cells), for PNG conversion
//! with `rsvg-convert`. Used by `zhucun-screenshots` and nothing else.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

const CELL_W: u32 = 10;
const CELL_H: u32 = 21;
const FONT_SIZE: u32 = 17;
const FG: &str = "#d8dee9";
const BG: &str = "#1d2129";

/// The 16 named colours, as a common dark terminal theme draws them.
fn color(c: Color, default: &'static str) -> String {
    match c {
        Color::Reset => default.into(),
        Color::Black => "#2e3440".into(),
        Color::Red => "#e06c75".into(),
        Color::Green => "#98c379".into(),
        Color::Yellow => "#e5c07b".into(),
        Color::Blue => "#61afef".into(),
        Color::Magenta => "#c678dd".into(),
        Color::Cyan => "#56b6c2".into(),
        Color::Gray => "#abb2bf".into(),
        Color::DarkGray => "#5c6370".into(),
        Color::LightRed => "#ff7b86".into(),
        Color::LightGreen => "#b5e890".into(),
        Color::LightYellow => "#ffd88a".into(),
        Color::LightBlue => "#82c4ff".into(),
        Color::LightMagenta => "#dc9cf0".into(),
        Color::LightCyan => "#7ed8e2".into(),
        Color::White => "#ffffff".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("#{0:02x}{0:02x}{0:02x}", i),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Render `buf` as an SVG document; `cursor` draws a caret block at a cell.
pub fn buffer_to_svg(buf: &Buffer, cursor: Option<(u16, u16)>) -> String {
    let area = buf.area;
    let (w, h) = (area.width as u32 * CELL_W, area.height as u32 * CELL_H);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#
    );
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{BG}"/>"#);
    let _ = writeln!(
        out,
        r#"<g font-family="Noto Sans Mono CJK SC, WenQuanYi Zen Hei Mono, monospace" font-size="{FONT_SIZE}">"#
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buf[(area.x + x, area.y + y)];
            let sym = cell.symbol();
            let cw = unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (color(cell.fg, FG), color(cell.bg, BG));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
                if cell.fg == Color::Reset {
                    bg = FG.into();
                }
                if cell.bg == Color::Reset {
                    fg = BG.into();
                }
            }
            let px = x as u32 * CELL_W;
            let py = y as u32 * CELL_H;
            let span = cw as u32 * CELL_W;
            if bg != BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px}" y="{py}" width="{span}" height="{CELL_H}" fill="{bg}"/>"#
                );
            }
            if let Some(shape) = drawn_shape(sym, px, py, span, &fg) {
                out.push_str(&shape);
            } else if !sym.trim().is_empty() {
                let weight = if cell.modifier.contains(Modifier::BOLD) {
                    r#" font-weight="bold""#
                } else {
                    ""
                };
                let deco = if cell.modifier.contains(Modifier::UNDERLINED) {
                    r#" text-decoration="underline""#
                } else {
                    ""
                };
                let dim = if cell.modifier.contains(Modifier::DIM) {
                    r#" opacity="0.6""#
                } else {
                    ""
                };
                // Box-drawing and block characters are stretched to the cell so
                // borders join; text glyphs are centred in their cells.
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{}" fill="{fg}" text-anchor="middle"{weight}{deco}{dim}>{}</text>"#,
                    px + span / 2,
                    py + CELL_H - 5,
                    escape(sym)
                );
            }
            x += cw;
        }
    }
    if let Some((cx, cy)) = cursor {
        let _ = writeln!(
            out,
            r#"<rect x="{}" y="{}" width="2" height="{CELL_H}" fill="{FG}"/>"#,
            cx as u32 * CELL_W,
            cy as u32 * CELL_H
        );
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// Box-drawing and block characters drawn as shapes filling their cell, so
/// borders join and bars are solid whatever the font's glyph metrics.
fn drawn_shape(sym: &str, px: u32, py: u32, span: u32, fg: &str) -> Option<String> {
    let mut chars = sym.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let (cx, cy) = (px + span / 2, py + CELL_H / 2);
    let (right, bottom) = (px + span, py + CELL_H);
    // Which arms of a box character are drawn: left, right, up, down.
    let arms = match c {
        '─' | '━' | '═' => [true, true, false, false],
        '│' | '┃' | '║' => [false, false, true, true],
        '┌' | '╭' | '╔' => [false, true, false, true],
        '┐' | '╮' | '╗' => [true, false, false, true],
        '└' | '╰' | '╚' => [false, true, true, false],
        '┘' | '╯' | '╝' => [true, false, true, false],
        '├' | '╠' => [false, true, true, true],
        '┤' | '╣' => [true, false, true, true],
        '┬' | '╦' => [true, true, false, true],
        '┴' | '╩' => [true, true, true, false],
        '┼' | '╬' => [true, true, true, true],
        '█' => {
            return Some(
                format!(
                    r#"<rect x="{px}" y="{}" width="{span}" height="{}" fill="{fg}"/>"#,
                    py + 3,
                    CELL_H - 6
                ) + "\n",
            );
        }
        '▓' | '▒' | '░' => {
            let o = match c {
                '▓' => 0.75,
                '▒' => 0.5,
                _ => 0.25,
            };
            return Some(
                format!(
                    r#"<rect x="{px}" y="{}" width="{span}" height="{}" fill="{fg}" opacity="{o}"/>"#,
                    py + 3,
                    CELL_H - 6
                ) + "\n",
            );
        }
        c if ('▁'..='▇').contains(&c) => {
            let eighths = c as u32 - '▁' as u32 + 1;
            let hgt = CELL_H * eighths / 8;
            return Some(
                format!(
                    r#"<rect x="{px}" y="{}" width="{span}" height="{hgt}" fill="{fg}"/>"#,
                    bottom - hgt
                ) + "\n",
            );
        }
        _ => return None,
    };
    let mut out = String::new();
    let mut line = |x1: u32, y1: u32, x2: u32, y2: u32| {
        let _ = writeln!(
            out,
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{fg}" stroke-width="1.6"/>"#
        );
    };
    if arms[0] {
        line(px, cy, cx, cy);
    }
    if arms[1] {
        line(cx, cy, right, cy);
    }
    if arms[2] {
        line(cx, py, cx, cy);
    }
    if arms[3] {
        line(cx, cy, cx, bottom);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn wide_characters_take_two_cells() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "都匀a", Style::default().fg(Color::Red));
        let svg = buffer_to_svg(&buf, None);
        assert!(
            svg.contains(r##"<text x="10" y="16" fill="#e06c75" text-anchor="middle">都</text>"##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<text x="30" y="16" fill="#e06c75" text-anchor="middle">匀</text>"##),
            "{svg}"
        );
        assert!(svg.contains(r#">a</text>"#));
        assert!(svg.starts_with("<svg"));
    }
}
