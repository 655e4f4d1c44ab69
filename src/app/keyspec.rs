//! One key as the key table and the config file write it: `x`, `G`,
//! `ctrl-z`, `enter`, `pgdn` ...

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// A key the config file names that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeySpecError {
    #[error("{0:?} is not a key: Ctrl combines with one letter a-z, as in \"ctrl-z\"")]
    Ctrl(String),
    #[error(
        "{0:?} is not a key: use one printable ASCII character (x, G, ?) or a name such as \
         enter, esc, tab, shift-tab, space, backspace, up, down, left, right, pgup, pgdn, \
         home, end, f1, ctrl-x"
    )]
    Unknown(String),
}

/// A key as written in the table and the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl KeySpec {
    pub const fn plain(code: KeyCode) -> KeySpec {
        KeySpec { code, ctrl: false }
    }

    pub const fn ch(c: char) -> KeySpec {
        KeySpec::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> KeySpec {
        KeySpec {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// Parse `x`, `G`, `?`, `ctrl-z`, `enter`, `esc`, `tab`, `shift-tab`,
    /// `backspace`, `delete`, `space`, `up`, `down`, `left`, `right`,
    /// `pgup`, `pgdn`, `home`, `end`, `f1`..`f12`.
    pub fn parse(s: &str) -> Result<KeySpec, KeySpecError> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("ctrl+"))
            .or_else(|| lower.strip_prefix("c-"))
        {
            let mut cs = rest.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_lowercase() => Ok(KeySpec::ctrl(c)),
                _ => Err(KeySpecError::Ctrl(t.to_string())),
            };
        }
        let named = match lower.as_str() {
            "enter" | "return" => Some(KeyCode::Enter),
            "esc" | "escape" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "shift-tab" | "backtab" => Some(KeyCode::BackTab),
            "backspace" => Some(KeyCode::Backspace),
            "delete" | "del" => Some(KeyCode::Delete),
            "space" => Some(KeyCode::Char(' ')),
            "up" => Some(KeyCode::Up),
            "down" => Some(KeyCode::Down),
            "left" => Some(KeyCode::Left),
            "right" => Some(KeyCode::Right),
            "pgup" | "pageup" => Some(KeyCode::PageUp),
            "pgdn" | "pagedown" => Some(KeyCode::PageDown),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            _ => None,
        };
        if let Some(code) = named {
            return Ok(KeySpec::plain(code));
        }
        if let Some(n) = lower.strip_prefix('f')
            && let Ok(n) = n.parse::<u8>()
            && (1..=12).contains(&n)
        {
            return Ok(KeySpec::plain(KeyCode::F(n)));
        }
        let mut cs = t.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c.is_ascii_graphic() => Ok(KeySpec::ch(c)),
            _ => Err(KeySpecError::Unknown(t.to_string())),
        }
    }

    /// The key of a terminal event, if it is one the table can hold.
    pub fn from_event(ev: &KeyEvent) -> KeySpec {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        KeySpec { code, ctrl }
    }

    /// Whether typing this key in a text input should insert it.
    pub fn is_text(self) -> bool {
        !self.ctrl && matches!(self.code, KeyCode::Char(_))
    }

    /// Display form; `ascii` avoids arrows (ambiguous width in many CJK terminals).
    pub fn label(self, ascii: bool) -> String {
        if self.ctrl
            && let KeyCode::Char(c) = self.code
        {
            return format!("Ctrl-{}", c.to_ascii_uppercase());
        }
        match self.code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Up if ascii => "Up".into(),
            KeyCode::Down if ascii => "Down".into(),
            KeyCode::Left if ascii => "Left".into(),
            KeyCode::Right if ascii => "Right".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keys() {
        assert_eq!(KeySpec::parse("ctrl-z").unwrap(), KeySpec::ctrl('z'));
        assert_eq!(KeySpec::parse("G").unwrap(), KeySpec::ch('G'));
        assert_eq!(
            KeySpec::parse("PgDn").unwrap(),
            KeySpec::plain(KeyCode::PageDown)
        );
        assert_eq!(KeySpec::parse("f5").unwrap(), KeySpec::plain(KeyCode::F(5)));
        assert!(
            KeySpec::parse("xx")
                .unwrap_err()
                .to_string()
                .contains("\"xx\" is not a key")
        );
        assert!(KeySpec::parse("ctrl-1").is_err());
    }
}
