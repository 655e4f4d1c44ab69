//! Does the terminal draw box characters two cells wide? Many terminals
//! set up for Chinese (Xshell, SecureCRT, PuTTY with "CJK ambiguous
//! width") do, and then every border breaks. Before the first frame, write
//! one ambiguous-width character at a known column and ask where the cursor
//! went (the cursor position report, `ESC [ 6 n`), as vim's `t_u7` probe
//! does to set `ambiwidth`. A terminal that does not answer within
//! [`TIMEOUT`] changes nothing; an answer that comes later still counts
//! (the key reader passes it on as [`Input::Cursor`](super::input::Input)).
//!
//! The parser of the reply and the decision are pure and tested here; the
//! exchange with the terminal is [`run`].

use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long to wait for the answer before the first frame. A local
/// terminal answers within a millisecond; over SSH the answer takes one
/// round trip, and a later answer is still taken (see [`late_reply`]).
pub const TIMEOUT: Duration = Duration::from_millis(150);

/// The row the probe writes on (1-based). Not row 1: a report for row 1,
/// `ESC [ 1 ; 3 R`, reads like Alt+F3 in the xterm key encoding.
pub const ROW: u16 = 2;

/// Move to column 1 of [`ROW`], write `│` (East Asian width "ambiguous"),
/// ask for the cursor position.
const REQUEST: &[u8] = b"\x1b[2;1H\xe2\x94\x82\x1b[6n";
/// Erase what the probe wrote (the first frame may not touch that cell).
const CLEANUP: &[u8] = b"\x1b[2;1H\x1b[2K";

/// How wide the terminal drew the probe character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Single,
    Double,
}

/// A cursor position report `ESC [ row ; col R` somewhere in `buf`: the
/// byte range it takes and the row and column.
pub fn find_reply(buf: &[u8]) -> Option<(std::ops::Range<usize>, u16, u16)> {
    let mut from = 0;
    while let Some(p) = buf[from..].windows(2).position(|w| w == b"\x1b[") {
        let start = from + p;
        if let Some((len, row, col)) = parse_reply(&buf[start..]) {
            return Some((start..start + len, row, col));
        }
        from = start + 2;
    }
    None
}

/// `ESC [ row ; col R` at the start of `b`: its length, row and column.
pub fn parse_reply(b: &[u8]) -> Option<(usize, u16, u16)> {
    let rest = b.strip_prefix(b"\x1b[")?;
    let end = rest
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == b';'))?;
    if rest[end] != b'R' {
        return None;
    }
    let params = std::str::from_utf8(&rest[..end]).ok()?;
    let (row, col) = params.split_once(';')?;
    Some((2 + end + 1, row.parse().ok()?, col.parse().ok()?))
}

/// The width the probe character took, from the column the cursor ended
/// on (it was written at column 1); None for an answer that fits neither.
pub fn width_from(col: u16) -> Option<Width> {
    match col {
        2 => Some(Width::Single),
        3 => Some(Width::Double),
        _ => None,
    }
}

/// Whether to draw in ASCII: an explicit choice (`--ascii`, `--no-ascii`,
/// `ascii = ...` in the config) wins; else what the probe saw; else not.
pub fn decide(explicit: Option<bool>, probed: Option<Width>) -> bool {
    explicit.unwrap_or(probed == Some(Width::Double))
}

/// Whether `TERM` names the Linux text console (`linux`, `linux-16color`
/// ...): its font has few of the box and marker characters, so it draws in
/// ASCII without asking (the console answers the probe as single width).
pub fn text_console(term: Option<&str>) -> bool {
    term.is_some_and(|t| t == "linux" || t.starts_with("linux-"))
}

/// The choice at start, from an explicit choice (`--ascii`, `--no-ascii`,
/// `ascii = ...` in the config) and `TERM`: whether to draw in ASCII, and
/// whether to ask the terminal (the probe) before the first frame. An
/// explicit choice wins; the text console is ASCII; else the probe decides.
pub fn at_start(explicit: Option<bool>, term: Option<&str>) -> (bool, bool) {
    match explicit {
        Some(ascii) => (ascii, false),
        None if text_console(term) => (true, false),
        None => (false, true),
    }
}

/// What the probe found, and the bytes that came in around the answer
/// (keys typed meanwhile), for the key reader to take first.
#[derive(Debug)]
pub struct Outcome {
    pub width: Option<Width>,
    pub typed: Vec<u8>,
    pub took: Duration,
}

/// Set while an answer may still come after [`run`] stopped waiting.
static AWAITED: AtomicBool = AtomicBool::new(false);

/// Ask the terminal (`out`, raw mode) and read its answer from `input`
/// within `timeout`. Call before the key reader starts.
pub fn run(input: &impl AsFd, out: &mut impl Write, timeout: Duration) -> io::Result<Outcome> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let start = Instant::now();
    out.write_all(REQUEST)?;
    out.flush()?;
    let mut file = std::fs::File::from(input.as_fd().try_clone_to_owned()?);
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    let width = loop {
        if let Some((range, _row, col)) = find_reply(&got) {
            got.drain(range);
            break Some(width_from(col));
        }
        let left = timeout.saturating_sub(start.elapsed());
        if left.is_zero() {
            break None;
        }
        let ms = u16::try_from(left.as_millis().max(1)).unwrap_or(u16::MAX);
        let ready = {
            let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
            poll(&mut fds, PollTimeout::from(ms))
        };
        match ready {
            Ok(0) | Err(nix::errno::Errno::EINTR) => continue,
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        match file.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    };
    out.write_all(CLEANUP)?;
    out.flush()?;
    AWAITED.store(width.is_none(), Ordering::SeqCst);
    Ok(Outcome {
        width: width.flatten(),
        typed: got,
        took: start.elapsed(),
    })
}

/// A cursor report that came after [`run`] stopped waiting: the width it
/// shows, once (None when no probe awaits an answer).
pub fn late_reply(col: u16) -> Option<Width> {
    if AWAITED.swap(false, Ordering::SeqCst) {
        width_from(col)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_cursor_report() {
        assert_eq!(parse_reply(b"\x1b[2;3R"), Some((6, 2, 3)));
        assert_eq!(parse_reply(b"\x1b[12;140Rjk"), Some((9, 12, 140)));
        assert_eq!(parse_reply(b"\x1b[2;3"), None);
        assert_eq!(parse_reply(b"\x1b[A"), None);
        assert_eq!(parse_reply(b"\x1b[2~"), None);
        assert_eq!(parse_reply(b"\x1b[5R"), None);
        assert_eq!(parse_reply(b"x\x1b[2;3R"), None);
    }

    #[test]
    fn finds_the_report_among_typed_keys() {
        let b = b"j\x1b[B\x1b[2;2Rk";
        let (range, row, col) = find_reply(b).unwrap();
        assert_eq!((row, col), (2, 2));
        assert_eq!(&b[range.clone()], b"\x1b[2;2R");
        let mut rest = b.to_vec();
        rest.drain(range);
        assert_eq!(rest, b"j\x1b[Bk");
        assert!(find_reply(b"\x1b[B\x1b[").is_none());
    }

    #[test]
    fn width_from_the_column_after_the_character() {
        assert_eq!(width_from(2), Some(Width::Single));
        assert_eq!(width_from(3), Some(Width::Double));
        assert_eq!(width_from(1), None);
        assert_eq!(width_from(40), None);
    }

    #[test]
    fn the_text_console_draws_in_ascii_unless_told_otherwise() {
        assert!(text_console(Some("linux")));
        assert!(text_console(Some("linux-16color")));
        assert!(!text_console(Some("xterm-256color")));
        assert!(!text_console(Some("linuxish")));
        assert!(!text_console(None));
        // (ascii, probe)
        assert_eq!(at_start(None, Some("linux")), (true, false));
        assert_eq!(at_start(None, Some("xterm-256color")), (false, true));
        assert_eq!(at_start(None, None), (false, true));
        assert_eq!(at_start(Some(false), Some("linux")), (false, false));
        assert_eq!(at_start(Some(true), Some("xterm")), (true, false));
    }

    #[test]
    fn an_explicit_choice_wins_over_the_probe() {
        assert!(decide(None, Some(Width::Double)));
        assert!(!decide(None, Some(Width::Single)));
        assert!(!decide(None, None));
        assert!(!decide(Some(false), Some(Width::Double)));
        assert!(decide(Some(true), Some(Width::Single)));
        assert!(decide(Some(true), None));
    }
}
