//! The smaller faults of issue 10: a closed output pipe, the report's CSV
//! for Excel, the too-small screen, long pastes in the note editor and the
//! workbook's dates.

use crate::common::*;

/// The output commands a coordinator or administrator pipes into `head`.
const OUTPUT_COMMANDS: &[&[&str]] = &[
    &["report"],
    &["report", "--format", "csv"],
    &["report", "--format", "json"],
    &["report", "--overdue"],
    &["report", "--overdue", "--format", "csv"],
    &["report", "--overdue", "--format", "json"],
    &["check"],
    &["audit"],
    &["audit", "verify"],
    &["user", "list"],
    &["doctor"],
];

/// Every output command stops quietly with status 0 when its reader has
/// gone (`zhucun report | head -2`), as ripgrep, fd and bat do: no
/// "Broken pipe" message, no panic, no 1 or 141.
#[test]
fn a_closed_pipe_ends_every_output_command_quietly_with_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    for args in OUTPUT_COMMANDS {
        // Each command prints something when it can.
        let out = zhucun(&db, args);
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
        // The read end is closed before the program starts: its first write
        // meets a pipe without a reader.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = zhucun_command(&db, args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
    }
}
