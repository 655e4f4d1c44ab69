//! End-to-end: the real binary in a pseudo-terminal fills a month's grid
//! with the keyboard, saves it, closes the month, and sees the < 20 flag
//! and the recall lead appear.

use crate::common::pty::{Session, demo_copy, open_first_village_of_duyun};

#[test]
fn fill_a_month_mark_exceptions_save_close_and_see_the_flag_and_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 100, 30);
    open_first_village_of_duyun(&mut s);
    s.send("a");
    s.wait_for("考勤 月邻社区", 10);
    // October (saved by the demo, not closed); the cursor to the 1st.
    s.send("[");
    s.wait_for("2026年10月 · 未月结", 10);
    s.send(&"h".repeat(31));
    s.wait_for("2026-10-01", 10);
    // Clear the first cadre's month, fill it with 在村, mark the 1st to
    // the 13th 未在岗: 18 days in the village.
    s.send("v");
    s.send(&"l".repeat(30));
    s.send("0");
    s.wait_for("未保存", 10);
    s.send("f");
    s.wait_for("已用“在村”填满空格（31 格）", 10);
    s.send(&"h".repeat(30));
    s.wait_for("2026-10-01", 10);
    s.send("v");
    s.send(&"l".repeat(12));
    s.send("7");
    let screen = s.wait_until("the row at 18 days, flagged", 10, |f| {
        f.rows
            .iter()
            .any(|r| r.contains("朱蓉") && r.contains(" 18 ") && r.trim_end().ends_with('!'))
    });
    assert!(screen.contains("不足20天"), "{screen}");
    s.send("w");
    s.wait_for("考勤已保存", 10);
    s.send("C");
    s.wait_for("月结 2026-10", 10);
    s.send("y");
    s.wait_for("已月结；新生成召回线索", 10);
    s.wait_for("已月结", 10);
    s.send("q");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (name, stage): (String, String) = c
        .query_row(
            "SELECT c.name, r.stage FROM recall_case r JOIN cadre c ON c.id = r.cadre
             WHERE r.origin = 'low_days' AND r.origin_ref = '2026-10' AND c.name = '朱蓉'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), stage.as_str()), ("朱蓉", "lead"));
    let audited: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'open low-days lead'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audited >= 1);
}
