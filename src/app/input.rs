//! A text input that measures in terminal cells, so Chinese text and the
//! caret line up, and the real terminal cursor can sit at the caret (input
//! methods open their candidate window there).

use crate::domain::text;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    /// Caret position as a char index (0..=len).
    caret: usize,
    /// Longest text accepted, in characters.
    max: usize,
    /// Newlines are kept (guidance text); otherwise one line (notes).
    multiline: bool,
}

/// What became of a paste that did not go in as it was.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pasted {
    /// Characters beyond the limit, dropped.
    pub dropped: usize,
    /// Line breaks that became spaces (a one-line input).
    pub joined: bool,
}

/// Where text wrapped into rows of `width` cells puts each row and the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub rows: Vec<String>,
    /// (column in cells, row) of the caret.
    pub caret: (u16, u16),
}

impl TextInput {
    pub fn new(initial: &str, max: usize) -> TextInput {
        let chars: Vec<char> = text::sanitize(initial, true).chars().take(max).collect();
        TextInput {
            caret: chars.len(),
            chars,
            max,
            multiline: false,
        }
    }

    /// An input that keeps newlines (Enter inserts one where the owner says).
    pub fn multiline(initial: &str, max: usize) -> TextInput {
        let chars: Vec<char> = text::sanitize(initial, false)
            .trim_matches('\n')
            .chars()
            .take(max)
            .collect();
        TextInput {
            caret: chars.len(),
            chars,
            max,
            multiline: true,
        }
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn max(&self) -> usize {
        self.max
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    pub fn set(&mut self, s: &str) {
        *self = if self.multiline {
            TextInput::multiline(s, self.max)
        } else {
            TextInput::new(s, self.max)
        };
    }

    /// Insert typed or pasted text at the caret (sanitised, one line; what
    /// does not fit the limit is dropped); returns how many were dropped.
    pub fn insert_str(&mut self, s: &str) -> usize {
        let clean = text::sanitize(s, !self.multiline);
        let mut dropped = 0;
        for c in clean.chars() {
            if self.chars.len() >= self.max {
                dropped += 1;
                continue;
            }
            self.chars.insert(self.caret, c);
            self.caret += 1;
        }
        dropped
    }

    /// Insert pasted text: a terminal's CR or CRLF line ends count as line
    /// breaks (kept in a multi-line input, spaces in a one-line one);
    /// returns what did not go in as it was, for the owner to say.
    pub fn paste(&mut self, s: &str) -> Pasted {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let joined = !self.multiline && s.trim_matches('\n').contains('\n');
        let dropped = self.insert_str(&s);
        Pasted { dropped, joined }
    }

    /// Handle an editing key; returns false when the key is not an edit.
    pub fn handle_key(&mut self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Char(c) if !ctrl => {
                let mut b = [0u8; 4];
                self.insert_str(c.encode_utf8(&mut b));
            }
            KeyCode::Char('a') if ctrl => self.caret = 0,
            KeyCode::Char('e') if ctrl => self.caret = self.chars.len(),
            KeyCode::Char('u') if ctrl => {
                self.chars.drain(..self.caret);
                self.caret = 0;
            }
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.caret),
            KeyCode::Char('w') if ctrl => {
                let mut start = self.caret;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.caret);
                self.caret = start;
            }
            KeyCode::Backspace => {
                if self.caret > 0 {
                    self.caret -= 1;
                    self.chars.remove(self.caret);
                }
            }
            KeyCode::Delete => {
                if self.caret < self.chars.len() {
                    self.chars.remove(self.caret);
                }
            }
            KeyCode::Left => self.caret = self.caret.saturating_sub(1),
            KeyCode::Right => self.caret = (self.caret + 1).min(self.chars.len()),
            KeyCode::Home => self.caret = 0,
            KeyCode::End => self.caret = self.chars.len(),
            _ => return false,
        }
        true
    }

    /// Wrap into rows of at most `width` cells, never splitting a wide
    /// character; the caret after a full row moves to the next row.
    pub fn wrap(&self, width: u16) -> Wrapped {
        let width = width.max(2) as usize;
        let mut rows = vec![String::new()];
        let mut w = 0usize;
        let mut caret = (0u16, 0u16);
        for (i, &c) in self.chars.iter().enumerate() {
            if c == '\n' {
                if i == self.caret {
                    caret = (w as u16, (rows.len() - 1) as u16);
                }
                rows.push(String::new());
                w = 0;
                continue;
            }
            let cw = c.width().unwrap_or(0);
            if w + cw > width {
                rows.push(String::new());
                w = 0;
            }
            if i == self.caret {
                caret = (w as u16, (rows.len() - 1) as u16);
            }
            if let Some(row) = rows.last_mut() {
                row.push(c);
            }
            w += cw;
        }
        if self.caret >= self.chars.len() {
            if w >= width {
                rows.push(String::new());
                w = 0;
            }
            caret = (w as u16, (rows.len() - 1) as u16);
        }
        Wrapped { rows, caret }
    }

    /// The visible window of one line of `width` cells: (text, caret column).
    /// Scrolls so the caret stays visible.
    pub fn window(&self, width: u16) -> (String, u16) {
        let width = width.max(2) as usize;
        let before: usize = self.chars[..self.caret]
            .iter()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        // Start far enough right that the caret (plus one cell) fits.
        let mut start = 0;
        let mut skipped = 0;
        while before - skipped + 1 > width && start < self.caret {
            skipped += self.chars[start].width().unwrap_or(0);
            start += 1;
        }
        let mut out = String::new();
        let mut w = 0;
        for &c in &self.chars[start..] {
            let cw = c.width().unwrap_or(0);
            if w + cw > width {
                break;
            }
            out.push(c);
            w += cw;
        }
        (out, (before - skipped) as u16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn chinese_editing_and_caret() {
        let mut t = TextInput::new("", 500);
        t.insert_str("已召开院坝会");
        assert_eq!(t.wrap(40).caret, (12, 0));
        t.handle_key(&key(KeyCode::Left));
        t.handle_key(&key(KeyCode::Backspace));
        assert_eq!(t.text(), "已召开院会");
        assert_eq!(t.wrap(40).caret, (8, 0));
        t.handle_key(&key(KeyCode::End));
        t.insert_str("，到会42人");
        assert_eq!(t.text(), "已召开院会，到会42人");
    }

    #[test]
    fn wrap_never_splits_wide_chars() {
        let t = TextInput::new("一二三四五", 500);
        let w = t.wrap(5);
        assert_eq!(w.rows, vec!["一二", "三四", "五"]);
        assert_eq!(w.caret, (2, 2));
        let t = TextInput::new("一二", 500);
        assert_eq!(t.wrap(4).caret, (0, 1));
    }

    #[test]
    fn window_scrolls_to_caret() {
        let t = TextInput::new("abcdefghij", 500);
        assert_eq!(t.window(5), ("ghij".to_string(), 4));
    }

    #[test]
    fn multiline_rows() {
        let mut t = TextInput::multiline("一、甲\n二、乙", 100);
        assert_eq!(t.wrap(20).rows, vec!["一、甲", "二、乙"]);
        assert_eq!(t.wrap(20).caret, (6, 1));
        t.insert_str("\n");
        assert_eq!(t.wrap(20).caret, (0, 2));
    }

    #[test]
    fn paste_says_what_was_cut_and_joined() {
        let mut t = TextInput::new("", 5);
        let p = t.paste("一二\r三四\r\n五六七");
        assert_eq!(t.text(), "一二 三四");
        assert_eq!(
            p,
            Pasted {
                dropped: 4,
                joined: true
            }
        );
        let mut t = TextInput::multiline("", 100);
        let p = t.paste("一\r二");
        assert_eq!(t.text(), "一\n二");
        assert_eq!(p, Pasted::default());
        let mut t = TextInput::new("", 100);
        assert_eq!(t.paste("一行\n"), Pasted::default());
    }

    #[test]
    fn limit_and_sanitising() {
        let mut t = TextInput::new("", 3);
        t.insert_str("a\u{1b}[2Jbcd");
        assert_eq!(t.text(), "a[2");
    }
}
