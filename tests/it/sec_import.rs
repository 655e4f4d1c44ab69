//! Issue 15 items 2 and 5 (limits): an import by a role below administrator
//! is checked against the account's scope before the database is consulted
//! about any row, and holds at most `MAX_ROWS` rows.

use crate::common;
use common::*;
use zhucun::domain::UserRole;
use zhucun::store::Store;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const HEAD: &str = "村代码,姓名,职务,派出单位,开始日期,结束日期\n";

#[test]
fn check_tells_nothing_about_villages_outside_the_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    // The administrator loads a first secretary for a village of 福泉市.
    let f = write(
        dir.path(),
        "a.csv",
        &format!("{HEAD}522702100201,郑浩松,第一书记,州纪委,2025-06-06,\n"),
    );
    let o = zhucun(&db, &["import", "teams", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut s = Store::open(&db, today()).unwrap();
    s.set_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, UserRole::Viewer, Some(&code("522701")))
        .unwrap();
    drop(s);
    let f = write(
        dir.path(),
        "b.csv",
        &format!("{HEAD}522702100201,李四,第一书记,县农业局,2026-01-01,\n"),
    );
    let o = zhucun(&db, &["import", "teams", f.to_str().unwrap(), "--check"]);
    assert!(!o.status.success());
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!all.contains("郑浩松"), "{all}");
    assert!(
        all.contains("b.csv: 权限不足：") && all.contains("无权记录 522702100201 的完成情况"),
        "{all}"
    );
    let o = zhucun(
        &db,
        &[
            "--lang",
            "en",
            "import",
            "teams",
            f.to_str().unwrap(),
            "--check",
        ],
    );
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("permission denied"), "{all}");
}

#[test]
fn a_team_import_over_the_row_limit_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    s.set_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    drop(s);
    let n = zhucun::transfer::import::MAX_ROWS + 1;
    let mut text = HEAD.to_string();
    for i in 0..n {
        text.push_str(&format!(
            "522701001201,队员{i},驻村队员,县农业局,2026-01-01,\n"
        ));
    }
    let f = write(dir.path(), "big.csv", &text);
    let before = fingerprint(&db);
    let o = zhucun(&db, &["import", "teams", f.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("big.csv: 5001 行；管理员以下的角色一次最多导入 5000 行"),
        "{}",
        stderr(&o)
    );
    let o = zhucun(
        &db,
        &["--lang", "en", "import", "teams", f.to_str().unwrap()],
    );
    assert!(stderr(&o).contains("at most"), "{}", stderr(&o));
    assert_eq!(before, fingerprint(&db));
    // Bytes are refused before the file is even read.
    let mut text = HEAD.to_string();
    let pad = "x".repeat(100);
    while text.len() as u64 <= zhucun::transfer::import::MAX_BYTES {
        text.push_str(&format!("522701001201,队员,驻村队员,{pad},2026-01-01,\n"));
    }
    let f = write(dir.path(), "huge.csv", &text);
    let o = zhucun(&db, &["import", "teams", f.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(" MB；管理员以下的角色一次最多导入 "),
        "{}",
        stderr(&o)
    );
    let o = zhucun(
        &db,
        &["--lang", "en", "import", "teams", f.to_str().unwrap()],
    );
    assert!(stderr(&o).contains("bytes"), "{}", stderr(&o));
}
