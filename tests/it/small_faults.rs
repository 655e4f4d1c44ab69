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

/// While the 终端太小 screen hides everything, keys do nothing but quit:
/// `x` does not mark a task done blind, `?` opens no help; once the
/// terminal is large again they work.
#[test]
fn the_too_small_screen_takes_only_quit() {
    use crate::ui_support::*;
    use zhucun::app::Screen;
    use zhucun::domain::Status;
    use zhucun::i18n::Lang;
    let (_dir, path) = copy_db();
    let mut a = app_with(&path, ADMIN, opts(Lang::Zh));
    keys(&mut a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let open = |a: &zhucun::app::App| {
        let c = a.checklist.as_ref().unwrap();
        c.rows
            .iter()
            .position(|r| r.status() != Status::Done)
            .unwrap()
    };
    let i = open(&a);
    keys(&mut a, &"j".repeat(i));
    a.resize(60, 20);
    assert!(render(&a, 60, 20).contains("终端太小"));
    let r = press(&mut a, "x?<Enter>d<Tab>");
    assert!(r.is_empty(), "{}", r.len());
    assert_eq!(
        open(&a),
        i,
        "a key marked a task done behind the 终端太小 screen"
    );
    assert!(a.popups.is_empty());
    assert_eq!(a.screen, Screen::Checklist);
    // Back to a usable size, the same key works.
    a.resize(80, 24);
    keys(&mut a, "x");
    assert_ne!(open(&a), i);
    // Quit works while too small.
    a.resize(79, 24);
    assert!(quits(&press(&mut a, "q")));
}

/// A paste into the note editor that is longer than a note may be, or has
/// several lines, says what became of it: how much was cut, and that its
/// line breaks became spaces (a note is one line).
#[test]
fn a_long_or_multiline_paste_into_a_note_says_what_happened() {
    use crate::ui_support::*;
    use zhucun::app::{MsgKind, Popup};
    use zhucun::i18n::Lang;
    for lang in [Lang::Zh, Lang::En] {
        let (_dir, path) = copy_db();
        let mut a = app_with(&path, ADMIN, opts(lang));
        keys(&mut a, "<Enter><Enter><Enter>e<C-u>");
        let text = format!("{}\n第二行", "字".repeat(520));
        a.on_paste(&text);
        let Some(Popup::Note { input, .. }) = a.popups.last() else {
            panic!("note editor open")
        };
        assert_eq!(input.len(), 500);
        assert!(input.text().starts_with(&"字".repeat(500)));
        let msg = a.message.as_ref().expect("a message about the paste");
        assert_eq!(msg.kind, MsgKind::Info);
        let screen = render(&a, 120, 40);
        match lang {
            Lang::Zh => {
                assert!(
                    msg.text.contains("500") && msg.text.contains("24"),
                    "{}",
                    msg.text
                );
                assert!(msg.text.contains("换行"), "{}", msg.text);
            }
            Lang::En => {
                assert!(
                    msg.text.contains("500") && msg.text.contains("24"),
                    "{}",
                    msg.text
                );
                assert!(
                    msg.text.to_lowercase().contains("line break"),
                    "{}",
                    msg.text
                );
            }
        }
        assert!(screen.contains("500"), "{screen}");
        // A short one-line paste says nothing.
        keys(&mut a, "<C-u>");
        a.on_paste("短");
        assert!(a.message.is_none());
    }
}

/// The report's CSV cells are defused like export's: a name that a
/// spreadsheet would run as a formula starts with an apostrophe.
#[test]
fn report_csv_defuses_formulas_like_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = zhucun::store::Store::open_with(&db, today(), false).unwrap();
    s.add_divisions(&[(code("522701002"), "=HYPERLINK(\"x\")".into(), vec![])])
        .unwrap();
    drop(s);
    let out = zhucun(&db, &["report", "--scope", "522701", "--format", "csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("522701002,\"'=HYPERLINK(\"\"x\"\")\""),
        "{text}"
    );
}
