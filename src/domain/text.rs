//! Text that travels between users: sanitising and measuring in terminal cells.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

/// Longest note accepted, in characters.
pub const NOTE_MAX_CHARS: usize = 500;

/// Make text safe to store and to show in another person's terminal:
/// NFC-normalised; C0/C1 controls, DEL, bidirectional overrides and isolates,
/// zero-width characters and line/paragraph separators removed. Newlines and
/// tabs become spaces when `single_line`, else newlines are kept.
pub fn sanitize(input: &str, single_line: bool) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.nfc() {
        match ch {
            '\n' if !single_line => out.push('\n'),
            '\r' => {}
            '\n' | '\t' => {
                if !single_line || !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if is_dangerous(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters never passed to a terminal.
pub fn is_dangerous(c: char) -> bool {
    let u = c as u32;
    c.is_control() // C0, DEL, C1
        || (0x202A..=0x202E).contains(&u) // bidi embeddings and overrides
        || (0x2066..=0x2069).contains(&u) // bidi isolates
        || matches!(u, 0x200B..=0x200F | 0x2028 | 0x2029 | 0x2060..=0x2065 | 0xFEFF | 0x061C | 0x180E | 0xFFF9..=0xFFFB)
        // invisible characters used to hide or spoof text: soft hyphen,
        // Hangul fillers, and the tag characters (invisible ASCII copies)
        || matches!(u, 0x00AD | 0x115F | 0x1160 | 0x3164 | 0xFFA0 | 0xE0000..=0xE007F)
}

/// Width of text in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` cells, never through a wide character; adds `…`
/// when something was cut (the ellipsis is one cell).
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// Pad (or cut) `s` on the right to exactly `cells` cells.
pub fn pad_right(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let w = width(&t);
    format!("{t}{}", " ".repeat(cells.saturating_sub(w)))
}

/// Pad (or cut) `s` on the left to exactly `cells` cells.
pub fn pad_left(s: &str, cells: usize) -> String {
    let t = truncate(s, cells);
    let w = width(&t);
    format!("{}{t}", " ".repeat(cells.saturating_sub(w)))
}

/// [`sanitize`], without copying text that it would leave unchanged
/// (no controls or other dangerous characters, already NFC): the common
/// case for imported cells.
pub fn clean_text(s: &str, single_line: bool) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    // Printable ASCII and CJK unified ideographs are safe and stay as they
    // are under NFC: most cells are nothing else.
    if s.chars()
        .all(|c| matches!(c, ' '..='~' | '\u{4E00}'..='\u{9FFF}'))
    {
        return std::borrow::Cow::Borrowed(s);
    }
    if s.chars().all(|c| !is_dangerous(c)) && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(sanitize(s, single_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_terminal_controls() {
        let evil = "a\u{1b}]0;pwned\u{7}b\u{9b}2Jc\u{202e}d\u{200b}e\u{2028}f\u{7f}g\u{8}h";
        let s = sanitize(evil, true);
        assert_eq!(s, "a]0;pwnedb2Jcdefgh");
        assert!(s.chars().all(|c| !is_dangerous(c)));
        let hidden = "a\u{ad}b\u{3164}c\u{e0041}\u{e0042}d\u{2065}e";
        assert_eq!(sanitize(hidden, true), "abcde");
    }

    #[test]
    fn newlines() {
        assert_eq!(sanitize("a\r\nb", true), "a b");
        assert_eq!(sanitize("a\r\nb", false), "a\nb");
        assert_eq!(sanitize("a\tb", true), "a b");
    }

    #[test]
    fn nfc() {
        assert_eq!(sanitize("e\u{301}", true), "\u{e9}");
    }

    #[test]
    fn widths() {
        assert_eq!(width("都匀市"), 6);
        assert_eq!(pad_right("张伟", 6), "张伟  ");
        assert_eq!(pad_left("张伟", 5), " 张伟");
        assert_eq!(truncate("都匀市广惠街道", 7), "都匀市…");
        assert_eq!(width(&truncate("都匀市广惠街道", 6)), 5);
        assert_eq!(pad_right("都匀市广惠街道", 6), "都匀… ");
    }
}

/// Lower-case pinyin initials of Chinese text (`都匀市` → `dys`); ASCII
/// letters and digits are kept, anything else is skipped. Characters with
/// several readings contribute every distinct initial as alternatives is
/// overkill for search, so the most common reading is used.
pub fn initials(s: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::new();
    for (ch, py) in s.chars().zip(s.to_pinyin()) {
        match py {
            Some(p) => out.push_str(p.first_letter()),
            None if ch.is_ascii_alphanumeric() => out.push(ch.to_ascii_lowercase()),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod initials_tests {
    #[test]
    fn pinyin_initials() {
        assert_eq!(super::initials("都匀市"), "dys");
        assert_eq!(super::initials("三都水族自治县"), "sdszzzx");
    }
}
