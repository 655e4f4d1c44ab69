//! End-to-end, two real processes on one database (issue 10, item 1): A
//! and B edit the same task's note; B saves; A's save shows the conflict
//! with both texts; Esc keeps A's note as a draft and says so; later "keep
//! mine" writes A's note over B's, audited as such.

use crate::common::pty;
use pty::{DOWN, Session, demo_copy, open_first_village_of_duyun};
use std::time::Duration;

const ESC: &str = "\x1b";
const CTRL_U: &str = "\x15";
const EDITOR: &str = "┌ 备注 · ";
const CONFLICT: &str = "┌ 记录冲突";
const A1: &str = "甲写的备注";
const B1: &str = "乙写的备注";

/// The first village's checklist with task 4 (三会一课) selected.
fn on_task_4(db: &std::path::Path) -> Session {
    let mut s = Session::start(db, &[], &[], 140, 40);
    open_first_village_of_duyun(&mut s);
    s.send(&DOWN.repeat(3));
    s.wait_until("task 4 selected", 10, |f| f.selected("三会一课"));
    s
}

/// Open the note editor and type `text` over what it holds.
fn type_note(s: &mut Session, text: &str) {
    s.send("e");
    s.wait_for(EDITOR, 10);
    s.send(CTRL_U);
    s.send(text);
    s.wait_until(&format!("{text} in the editor"), 10, |f| {
        f.contains(EDITOR) && f.contains(text)
    });
}

/// Enter in the editor, and wait for the row to show `text`.
fn save_note(s: &mut Session, text: &str) {
    s.send("\r");
    s.wait_until(&format!("{text} saved on the row"), 15, |f| {
        !f.contains(EDITOR)
            && f.rows
                .iter()
                .any(|l| l.contains("三会一课") && l.contains(text))
    });
}

fn db_query(db: &std::path::Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The note of task 4 in 月邻社区 this month.
fn task_4_note(db: &std::path::Path) -> Vec<String> {
    db_query(
        db,
        "SELECT c.note FROM completion c JOIN division d ON d.code = c.village \
         WHERE d.name = '月邻社区' AND c.task = 4 AND c.period = '2026-11'",
    )
}

#[test]
fn a_note_in_a_conflict_is_kept_and_keep_mine_writes_over_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut a = on_task_4(&db);
    let mut b = on_task_4(&db);
    type_note(&mut a, A1);
    type_note(&mut b, B1);
    save_note(&mut b, B1);
    // A saves: the conflict shows theirs (with when) and mine.
    a.send("\r");
    a.wait_until("the conflict with both notes", 15, |f| {
        f.contains(CONFLICT) && f.contains(B1) && f.contains(A1) && f.contains("对方（")
    });
    // Esc: the dialog goes, A is told the note is a draft, and it is one.
    a.send(ESC);
    a.wait_until("the draft message", 10, |f| {
        !f.contains(CONFLICT) && f.contains("已存为草稿")
    });
    assert_eq!(
        db_query(&db, "SELECT note FROM draft"),
        vec![A1.to_string()]
    );
    assert_eq!(task_4_note(&db), vec![B1.to_string()], "B's note stays");
    // A comes back to the task: the draft is offered and taken.
    a.send("e");
    a.wait_until("the draft offer", 10, |f| {
        f.contains("┌ 未保存的草稿") && f.contains(A1)
    });
    a.send("\r");
    a.wait_until("the editor with the draft", 10, |f| {
        f.contains(EDITOR) && f.contains(A1)
    });
    // Meanwhile B marks it done (no editor: the draft is A's); A's save is
    // a conflict again, over B's status.
    b.send("x");
    b.wait_until("task 4 done on B's screen", 15, |f| {
        f.rows
            .iter()
            .any(|l| l.contains("三会一课") && l.contains("已完成") && l.contains(B1))
    });
    a.send("\r");
    a.wait_until("the second conflict", 15, |f| {
        f.contains(CONFLICT) && f.contains("已完成，乙写的备注") && f.contains(A1)
    });
    // Keep mine (the first choice): written over B's second note.
    a.send("\r");
    a.wait_until("A's note saved over theirs", 15, |f| {
        !f.contains(CONFLICT) && f.contains("备注已保存")
    });
    assert_eq!(task_4_note(&db), vec![A1.to_string()]);
    let outcome = db_query(
        &db,
        "SELECT outcome FROM audit WHERE action = 'record' ORDER BY seq DESC LIMIT 1",
    );
    assert_eq!(outcome, vec!["overrode".to_string()]);
    assert!(db_query(&db, "SELECT note FROM draft").is_empty());
    // B sees A's note arrive.
    b.wait_until("A's note on B's screen", 15, |f| {
        f.rows
            .iter()
            .any(|l| l.contains("三会一课") && l.contains(A1))
    });
    for s in [&mut a, &mut b] {
        s.send("q");
        assert!(s.wait_exit(Duration::from_secs(5)).is_some());
    }
}
