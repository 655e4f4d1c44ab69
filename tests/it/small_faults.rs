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

/// `report --format csv` is written like `export`'s CSV, for Excel on
/// Chinese Windows: a UTF-8 byte-order mark first and CRLF line ends.
#[test]
fn report_csv_has_the_bom_and_crlf_of_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let exported = dir.path().join("e.csv");
    let out = zhucun(&db, &["export", "-o", exported.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = std::fs::read(&exported).unwrap();
    assert!(export.starts_with(b"\xEF\xBB\xBF"));
    for args in [
        &["report", "--format", "csv"][..],
        &["report", "--overdue", "--format", "csv"],
    ] {
        let out = zhucun(&db, args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let body = text
            .strip_prefix('\u{feff}')
            .unwrap_or_else(|| panic!("{args:?}: no BOM: {text:?}"));
        assert!(body.ends_with("\r\n"), "{args:?}: {text:?}");
        assert_eq!(
            body.matches('\n').count(),
            body.matches("\r\n").count(),
            "{args:?}: a bare LF: {text:?}"
        );
        assert!(body.lines().count() >= 1, "{args:?}: {text:?}");
    }
}
