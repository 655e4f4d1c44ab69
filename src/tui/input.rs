//! Reading keys from the terminal. crossterm's own reader loops forever
//! when the terminal reports end of input or EIO (an SSH link that dropped),
//! so this small reader polls the descriptor itself, turns the bytes into
//! key events, and reports the end of input once.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// What the bytes from the terminal mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Paste(String),
    /// A cursor position report `ESC [ row ; col R`: the terminal's answer
    /// to the width probe (`probe.rs`), never a key.
    Cursor {
        row: u16,
        col: u16,
    },
    /// A mouse button or wheel (only with `mouse = true`: the terminal
    /// reports them in the SGR form `ESC [ < b ; x ; y M`, or the old
    /// `ESC [ M b x y` form a terminal without SGR falls back to).
    Mouse(MouseEvent),
}

fn key(code: KeyCode, m: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, m))
}

const PASTE_END: &[u8] = b"\x1b[201~";

/// Parse as many complete events from `buf` as possible. Returns the
/// events and how many bytes were used. `last` says no more bytes followed
/// within a short wait: a lone ESC is then the Esc key, and an unfinished
/// sequence is dropped.
pub fn parse(buf: &[u8], last: bool) -> (Vec<Input>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    while i < buf.len() {
        match parse_one(&buf[i..], last) {
            Step::Event(ev, n) => {
                out.extend(ev);
                i += n;
            }
            Step::Incomplete => {
                if last {
                    // Nothing more is coming: a lone ESC is the Esc key,
                    // anything else unfinished is dropped.
                    if buf[i] == 0x1b && buf.len() - i == 1 {
                        out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                    }
                    if buf[i..].starts_with(b"\x1b[200~") {
                        // A paste still arriving: keep waiting for its end.
                        break;
                    }
                    i = buf.len();
                }
                break;
            }
        }
    }
    (out, i)
}

enum Step {
    Event(Option<Input>, usize),
    Incomplete,
}

fn parse_one(b: &[u8], last: bool) -> Step {
    let none = KeyModifiers::NONE;
    let one = |code| Step::Event(Some(key(code, none)), 1);
    match b[0] {
        0x1b => parse_escape(b, last),
        b'\r' | b'\n' => one(KeyCode::Enter),
        b'\t' => one(KeyCode::Tab),
        0x7f | 0x08 => one(KeyCode::Backspace),
        0x00 => Step::Event(None, 1),
        c @ 0x01..=0x1a => Step::Event(
            Some(key(
                KeyCode::Char((c - 1 + b'a') as char),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        0x1c..=0x1f => Step::Event(None, 1),
        c if c < 0x80 => one(KeyCode::Char(c as char)),
        c => {
            let len = match c {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                _ => return Step::Event(None, 1),
            };
            if b.len() < len {
                return Step::Incomplete;
            }
            match std::str::from_utf8(&b[..len]) {
                Ok(s) => match s.chars().next() {
                    Some(ch) => Step::Event(Some(key(KeyCode::Char(ch), none)), len),
                    None => Step::Event(None, 1),
                },
                Err(_) => Step::Event(None, 1),
            }
        }
    }
}

fn modifiers(param: Option<u16>) -> KeyModifiers {
    let m = param.unwrap_or(1).saturating_sub(1);
    let mut out = KeyModifiers::NONE;
    if m & 1 != 0 {
        out |= KeyModifiers::SHIFT;
    }
    if m & 2 != 0 {
        out |= KeyModifiers::ALT;
    }
    if m & 4 != 0 {
        out |= KeyModifiers::CONTROL;
    }
    out
}

fn parse_escape(b: &[u8], last: bool) -> Step {
    if b.len() == 1 {
        return if last {
            Step::Event(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1)
        } else {
            Step::Incomplete
        };
    }
    match b[1] {
        b'[' => parse_csi(b),
        b'O' => {
            if b.len() < 3 {
                return Step::Incomplete;
            }
            let code = match b[2] {
                b'A' => KeyCode::Up,
                b'B' => KeyCode::Down,
                b'C' => KeyCode::Right,
                b'D' => KeyCode::Left,
                b'H' => KeyCode::Home,
                b'F' => KeyCode::End,
                b'P' => KeyCode::F(1),
                b'Q' => KeyCode::F(2),
                b'R' => KeyCode::F(3),
                b'S' => KeyCode::F(4),
                _ => return Step::Event(None, 3),
            };
            Step::Event(Some(key(code, KeyModifiers::NONE)), 3)
        }
        0x1b => Step::Event(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 1),
        _ => {
            // Alt + key: the key that follows, with ALT.
            match parse_one(&b[1..], last) {
                Step::Event(Some(Input::Key(mut k)), n) => {
                    k.modifiers |= KeyModifiers::ALT;
                    Step::Event(Some(Input::Key(k)), n + 1)
                }
                Step::Event(other, n) => Step::Event(other, n + 1),
                Step::Incomplete => Step::Incomplete,
            }
        }
    }
}

fn parse_csi(b: &[u8]) -> Step {
    // ESC [ params intermediates final
    let mut end = None;
    for (j, &c) in b.iter().enumerate().skip(2) {
        if (0x40..=0x7e).contains(&c) {
            end = Some(j);
            break;
        }
        if !(0x20..=0x3f).contains(&c) {
            // Not a CSI after all: drop the ESC [ and go on.
            return Step::Event(None, 2);
        }
    }
    let Some(end) = end else {
        return Step::Incomplete;
    };
    if end == 2 && b[2] == b'M' {
        // The old mouse form: three bytes, each 32 + the value.
        if b.len() < 6 {
            return Step::Incomplete;
        }
        let ev = mouse(
            u16::from(b[3].saturating_sub(32)),
            u16::from(b[4].saturating_sub(32)),
            u16::from(b[5].saturating_sub(32)),
            true,
        );
        return Step::Event(ev, 6);
    }
    if b[2] == b'<' && matches!(b[end], b'M' | b'm') {
        let n = end + 1;
        let nums: Vec<Option<u16>> = std::str::from_utf8(&b[3..end])
            .unwrap_or("")
            .split(';')
            .map(|p| p.parse().ok())
            .collect();
        return match nums[..] {
            [Some(cb), Some(x), Some(y)] => Step::Event(mouse(cb, x, y, b[end] == b'M'), n),
            _ => Step::Event(None, n),
        };
    }
    let params: Vec<Option<u16>> = std::str::from_utf8(&b[2..end])
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().ok())
        .collect();
    let first = params.first().copied().flatten();
    let m = modifiers(params.get(1).copied().flatten());
    let n = end + 1;
    if b[end] == b'R'
        && let [Some(row), Some(col)] = params[..]
    {
        return Step::Event(Some(Input::Cursor { row, col }), n);
    }
    let code = match b[end] {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => KeyCode::BackTab,
        b'~' => match first {
            Some(200) => {
                // Bracketed paste: everything up to ESC [ 201 ~.
                let rest = &b[n..];
                return match rest.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
                    Some(p) => Step::Event(
                        Some(Input::Paste(
                            String::from_utf8_lossy(&rest[..p]).into_owned(),
                        )),
                        n + p + PASTE_END.len(),
                    ),
                    None => Step::Incomplete,
                };
            }
            Some(1) | Some(7) => KeyCode::Home,
            Some(4) | Some(8) => KeyCode::End,
            Some(2) => KeyCode::Insert,
            Some(3) => KeyCode::Delete,
            Some(5) => KeyCode::PageUp,
            Some(6) => KeyCode::PageDown,
            Some(f @ 11..=15) => KeyCode::F((f - 10) as u8),
            Some(f @ 17..=21) => KeyCode::F((f - 11) as u8),
            Some(f @ 23..=24) => KeyCode::F((f - 12) as u8),
            _ => return Step::Event(None, n),
        },
        _ => return Step::Event(None, n),
    };
    let m = if code == KeyCode::BackTab {
        m | KeyModifiers::SHIFT
    } else {
        m
    };
    Step::Event(Some(key(code, m)), n)
}

/// A mouse report: button code `cb` (xterm's: low bits the button, 4
/// shift, 8 alt, 16 ctrl, 32 motion, 64 wheel), 1-based column and row,
/// press or release. Only what the UI uses becomes an event: a left press
/// and the wheel; releases, other buttons and motion are dropped.
fn mouse(cb: u16, x: u16, y: u16, press: bool) -> Option<Input> {
    let kind = match cb & !(4 | 8 | 16) {
        0 if press => MouseEventKind::Down(MouseButton::Left),
        64 => MouseEventKind::ScrollUp,
        65 => MouseEventKind::ScrollDown,
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    if cb & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if cb & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if cb & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Input::Mouse(MouseEvent {
        kind,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        modifiers,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(b: &[u8], last: bool) -> Vec<Input> {
        parse(b, last).0
    }

    fn k(code: KeyCode) -> Input {
        key(code, KeyModifiers::NONE)
    }

    #[test]
    fn plain_and_control() {
        assert_eq!(
            keys(b"jk\r\x7f\t", false),
            vec![
                k(KeyCode::Char('j')),
                k(KeyCode::Char('k')),
                k(KeyCode::Enter),
                k(KeyCode::Backspace),
                k(KeyCode::Tab)
            ]
        );
        assert_eq!(
            keys(b"\x03\x1a", false),
            vec![
                key(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key(KeyCode::Char('z'), KeyModifiers::CONTROL)
            ]
        );
    }

    #[test]
    fn chinese_text_from_an_input_method() {
        let s = "已召开院坝会，到会42人";
        let got = keys(s.as_bytes(), false);
        let want: Vec<Input> = s.chars().map(|c| k(KeyCode::Char(c))).collect();
        assert_eq!(got, want);
        // Split in the middle of a character: wait for the rest.
        let b = "都".as_bytes();
        assert_eq!(parse(&b[..2], false), (vec![], 0));
    }

    #[test]
    fn escape_sequences() {
        assert_eq!(
            keys(
                b"\x1b[A\x1b[B\x1bOC\x1b[5~\x1b[6~\x1b[3~\x1b[Z\x1b[H\x1b[4~",
                false
            ),
            vec![
                k(KeyCode::Up),
                k(KeyCode::Down),
                k(KeyCode::Right),
                k(KeyCode::PageUp),
                k(KeyCode::PageDown),
                k(KeyCode::Delete),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::Home),
                k(KeyCode::End),
            ]
        );
        assert_eq!(
            keys(b"\x1b[1;5C", false),
            vec![key(KeyCode::Right, KeyModifiers::CONTROL)]
        );
    }

    #[test]
    fn lone_escape_waits_then_is_esc() {
        assert_eq!(parse(b"\x1b", false), (vec![], 0));
        assert_eq!(parse(b"\x1b", true), (vec![k(KeyCode::Esc)], 1));
        assert_eq!(
            keys(b"\x1b\x1b", true),
            vec![k(KeyCode::Esc), k(KeyCode::Esc)]
        );
    }

    #[test]
    fn bracketed_paste() {
        let b = "\x1b[200~到会42人\x1b[201~x".as_bytes();
        assert_eq!(
            keys(b, false),
            vec![Input::Paste("到会42人".into()), k(KeyCode::Char('x'))]
        );
        // Unfinished paste: keep the bytes, even when nothing more came yet.
        let b = b"\x1b[200~abc";
        assert_eq!(parse(b, true), (vec![], 0));
    }

    fn click(column: u16, row: u16) -> Input {
        Input::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn mouse_reports_sgr_and_old_form() {
        // Left press at column 10, row 5 (1-based), then its release.
        assert_eq!(
            keys(b"\x1b[<0;10;5M\x1b[<0;10;5m", false),
            vec![click(9, 4)]
        );
        let wheel = |kind, column, row| {
            Input::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            keys(b"\x1b[<64;3;4Mj\x1b[<65;3;4M", false),
            vec![
                wheel(MouseEventKind::ScrollUp, 2, 3),
                k(KeyCode::Char('j')),
                wheel(MouseEventKind::ScrollDown, 2, 3)
            ]
        );
        // Right button and motion are no events; their bytes are no keys.
        assert_eq!(
            keys(b"\x1b[<2;3;4M\x1b[<32;3;4Mk", false),
            vec![k(KeyCode::Char('k'))]
        );
        // The old form: ESC [ M, then 32 + button, column, row.
        assert_eq!(
            keys(b"\x1b[M *%x", false),
            vec![click(9, 4), k(KeyCode::Char('x'))]
        );
        assert_eq!(parse(b"\x1b[M *", false), (vec![], 0));
        // Unfinished SGR report: wait for the rest.
        assert_eq!(parse(b"\x1b[<0;10", false), (vec![], 0));
    }

    #[test]
    fn a_cursor_report_is_no_key() {
        assert_eq!(
            keys(b"j\x1b[2;3Rk", false),
            vec![
                k(KeyCode::Char('j')),
                Input::Cursor { row: 2, col: 3 },
                k(KeyCode::Char('k'))
            ]
        );
    }
}
