//! Issue 14: a received copy (a province's database, filled by `zhucun
//! pull`) is read-only for its users except through `pull`, and its screens
//! say as of when each prefecture's figures are. Made here by entering an
//! applied batch directly, so this runs without the `upward` feature; the
//! real pull is in `upward_province`.

use crate::common::{self, small_db, zhucun_text};
use crate::ui_support::*;
use std::path::Path;
use zhucun::i18n::Lang;

macro_rules! assert_screen {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("received_copy__{}", $name), $value);
        })
    };
}

fn received(db: &Path, at: &str, prefecture: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(
            "INSERT INTO upward_batch(direction, prefecture, seq, sha256, changes, bytes, at, account)
             VALUES ('applied', ?1, 1, 'x', 0, 0, ?2, 'root')",
            (prefecture, at),
        )
        .unwrap();
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

const RECORD: [&str; 9] = [
    "record",
    "--village",
    "522701001201",
    "--task",
    "1",
    "--status",
    "done",
    "--period",
    "2026-11",
];

#[test]
fn a_received_copy_refuses_every_change_but_its_own_administration() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    // Before any pull the database is an ordinary one.
    let (ok, _, err) = zhucun_text(&db, &RECORD);
    assert!(ok, "{err}");
    received(&db, "2026-11-27T08:00:00+08:00", "522700");
    let completions = count(&db, "SELECT count(*) FROM completion");
    // Recording: refused, with what to do, and audited.
    let (ok, _, err) = zhucun_text(
        &db,
        &[&RECORD[..6], &["doing", "--period", "2026-11"]].concat(),
    );
    assert!(!ok);
    assert!(
        err.contains("上级汇总库") && err.contains("522701001201"),
        "{err}"
    );
    assert!(
        err.contains("zhucun push"),
        "says where to change it: {err}"
    );
    let o = common::zhucun_command(
        &db,
        &[
            &["--lang", "en"],
            &RECORD[..6],
            &["doing", "--period", "2026-11"],
        ]
        .concat(),
    )
    .output()
    .unwrap();
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("copy received by `zhucun pull`"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM completion"), completions);
    assert!(count(&db, "SELECT count(*) FROM audit WHERE outcome = 'refused'") >= 2);
    // A team roster and villages: refused whole, nothing written.
    let teams = dir.path().join("teams.csv");
    std::fs::write(
        &teams,
        "村代码,姓名,职务,派出单位,开始日期,结束日期\n522701001201,甲,驻村队员,县直单位,2026-01-01,\n",
    )
    .unwrap();
    let (ok, _, err) = zhucun_text(&db, &["import", "teams", teams.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("上级汇总库"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM team_member"), 0);
    let villages = dir.path().join("villages.csv");
    std::fs::write(
        &villages,
        "乡镇代码,村代码,名称,类型\n522701001,522701001203,新村,\n",
    )
    .unwrap();
    let (ok, _, err) = zhucun_text(&db, &["import", "villages", villages.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("上级汇总库"), "{err}");
    // `--check` says the same before anyone tries the write: the file,
    // the refusal and what to do, with a non-zero exit.
    for (file, kind) in [(&villages, "villages"), (&teams, "teams")] {
        let (ok, out, err) = zhucun_text(&db, &["import", kind, file.to_str().unwrap(), "--check"]);
        assert!(!ok, "{kind} --check passed on a received copy: {out}");
        assert!(
            err.contains("上级汇总库") && err.contains("zhucun push") && err.contains(".csv"),
            "{kind}: {err}"
        );
    }
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM division WHERE code = '522701001203'"
        ),
        0
    );
    // The copy's own administration goes on: accounts and reading.
    let (ok, _, err) = zhucun_text(
        &db,
        &[
            "user", "add", "nobody", "--role", "viewer", "--scope", "522700",
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = zhucun_text(&db, &["report", "--period", "2026-11"]);
    assert!(ok, "{err}");
    assert!(out.contains("都匀市"), "{out}");
}

#[test]
fn the_screens_say_read_only_and_as_of_the_last_pull() {
    let (_d, db) = copy_db();
    received(&db, "2026-11-27T08:00:00+08:00", "522700");
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let a = app_with(&db, ADMIN, opts(lang));
        assert!(a.me.read_only);
        assert!(!a.me.may_record() && !a.me.may_issue());
        for (w, h) in [(80, 24), (140, 40)] {
            let s = render(&a, w, h);
            let want = match lang {
                Lang::Zh => "数据截至 2026-11-27 08:00（上次接收）",
                Lang::En => "read-only · as of 2026-11-27 08:00 (pulled)",
            };
            assert!(s.contains(want), "{s}");
            assert_screen!(format!("overview_{l}_{w}x{h}"), s);
        }
    }
    // A village's checklist is not there to open: the copy holds counts.
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    keys(&mut a, "v");
    assert_eq!(a.screen, zhucun::app::Screen::Villages);
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, zhucun::app::Screen::Villages);
    let said = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("逐项记录和备注在该州的服务器上"), "{said}");
    // A prefecture outside the scope shown is not counted in it.
    received(&db, "2026-11-29T21:30:00+08:00", "522600");
    let a = app_with(&db, ADMIN, opts(Lang::Zh));
    let s = render(&a, 140, 40);
    assert!(s.contains("数据截至 2026-11-27 08:00（上次接收）"), "{s}");
    assert_eq!(a.overview.received.len(), 1);
}

/// 年度考核 on a received copy: no cadre and no grade is there, so the
/// screen shows the county's counts per grade and its pool as the
/// prefecture pushed them, with the quota counter, and grade keys change
/// nothing.
#[test]
fn the_assessment_screen_shows_the_pushed_counts_on_a_copy() {
    let (_d, db) = copy_db();
    let expect = store_as(&db, ADMIN)
        .grade_distribution(&crate::common::code("522701"), 2025)
        .unwrap()
        .remove(0);
    assert!(expect.counts[0] > 0 && expect.pool > 0);
    received(&db, "2026-11-27T08:00:00+08:00", "522700");
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = app_with(&db, ADMIN, opts(lang));
        keys(&mut a, "K[");
        assert_eq!(a.screen, zhucun::app::Screen::Assessment);
        let v = a.assessment.as_ref().unwrap();
        assert_eq!(v.year, 2025);
        assert!(v.rows.is_empty(), "no cadre at the copy");
        let c = v.counts();
        assert_eq!((c.pool, c.excellent), (expect.pool, expect.counts[0]));
        assert_eq!(c.quota(), expect.quota);
        let s = render(&a, 80, 24);
        let want = match lang {
            Lang::Zh => format!("优秀 {}", expect.counts[0]),
            Lang::En => format!("excellent {}", expect.counts[0]),
        };
        assert!(s.contains(&want), "{s}");
        assert_screen!(format!("assessment_{l}_80x24"), s);
        assert_screen!(format!("assessment_{l}_140x40"), render(&a, 140, 40));
        keys(&mut a, "1");
        assert_eq!(
            a.assessment.as_ref().unwrap().counts().excellent,
            expect.counts[0]
        );
    }
}

/// 培训 on a received copy: no session nor cadre is there, so the screen
/// opens on each county's counts as the prefecture pushed them (the same
/// figures it computed), says so, and offers no other list, mark or form.
#[test]
fn the_training_screen_shows_each_county_s_pushed_counts_on_a_copy() {
    let (_d, db) = copy_db();
    let expect = store_as(&db, ADMIN)
        .training_by_county(&crate::common::code("522700"), 2026)
        .unwrap();
    assert_eq!(expect.len(), 12);
    assert!(expect.iter().all(|c| c.figures.cadres > 0));
    received(&db, "2026-11-27T08:00:00+08:00", "522700");
    for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = app_with(&db, ADMIN, opts(lang));
        keys(&mut a, "T");
        assert_eq!(a.screen, zhucun::app::Screen::Training);
        let v = a.training.as_ref().unwrap();
        assert_eq!(v.mode, zhucun::app::training::TrainingMode::Counties);
        assert_eq!(v.counties, expect);
        let s = render(&a, 80, 24);
        let pushed = match lang {
            Lang::Zh => "最近一次报送",
            Lang::En => "last pushed",
        };
        assert!(s.contains(pushed), "{s}");
        assert_screen!(format!("training_{l}_80x24"), s);
        // No other list, no session form, no mark.
        keys(&mut a, "vac");
        let v = a.training.as_ref().unwrap();
        assert_eq!(v.mode, zhucun::app::training::TrainingMode::Counties);
        assert!(a.popups.is_empty(), "{:?}", a.popups.len());
        assert_eq!(render(&a, 80, 24), s);
    }
}
