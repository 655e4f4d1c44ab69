//! Cadres, dispatching units and postings (schema version 7): existing team
//! rows become postings of cadres with their ids; the gap report.

use crate::common::{code, today};
use crate::import_common::{day, small_db};
use zhucun::domain::MemberRole;
use zhucun::domain::posting::{EndReason, Shortfall};
use zhucun::store::NewMember;

#[test]
fn version_6_team_rows_become_postings_of_cadres_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let mut c = rusqlite::Connection::open(&path).unwrap();
    zhucun::store::migrate_to(&mut c, &path, 6).unwrap();
    c.execute_batch(
        "INSERT INTO division(code, name, level, parent, types, initials, villages) VALUES
           ('522700', '黔南州', 1, NULL, '', 'qnz', 1),
           ('522701', '都匀市', 2, '522700', '', 'dys', 1),
           ('522701001', '广惠街道', 3, '522701', '', 'ghjd', 1),
           ('522701001201', '松岭村', 4, '522701001', 'weak_party', 'slc', 0);
         INSERT INTO team_member(id, village, name, role, unit, start_on, end_on) VALUES
           (7, '522701001201', '王子明', 'first_secretary', '州教育局', '2021-06-03', '2023-06-02'),
           (9, '522701001201', '王子明', 'resident', '州教育局', '2023-06-03', NULL),
           (12, '522701001201', '李芳', 'resident', '都匀市农业农村局', '2025-06-03', NULL);",
    )
    .unwrap();
    // Up to the current version (the cadres migration may be renumbered on merge).
    zhucun::store::migrate_to(&mut c, &path, zhucun::store::SCHEMA_VERSION).unwrap();
    let rows: Vec<(i64, i64, String)> = c
        .prepare("SELECT p.id, p.cadre, c.name FROM posting p JOIN cadre c ON c.id = p.cadre ORDER BY p.id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Same ids; the same person's two postings share one cadre.
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![7, 9, 12]);
    assert_eq!(rows[0].1, rows[1].1);
    assert_ne!(rows[0].1, rows[2].1);
    let units: i64 = c
        .query_row("SELECT count(*) FROM dispatch_unit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(units, 2);
    // A changed unit relinks the posting to the cadre of that unit.
    c.execute(
        "UPDATE team_member SET unit = '都匀市农业农村局' WHERE id = 9",
        [],
    )
    .unwrap();
    let (cadre9, cadre12): (i64, i64) = c
        .query_row(
            "SELECT (SELECT cadre FROM team_member WHERE id = 9), (SELECT cadre FROM team_member WHERE id = 12)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_ne!(cadre9, rows[0].1);
    assert_ne!(
        cadre9, cadre12,
        "王子明 and 李芳 are two people of one unit"
    );
    // An unknown end reason is refused by the schema.
    assert!(
        c.execute(
            "UPDATE team_member SET end_reason = 'sick leave' WHERE id = 7",
            []
        )
        .is_err()
    );
}

#[test]
fn gap_report_of_a_scope() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    // 青山村 has 张伟 (first secretary since 2025-06-01). 白云村 lost its
    // first secretary on 2026-10-31 and nobody followed.
    s.load("more", |ld| {
        for (v, n, r, st, e) in [
            (
                "522701001201",
                "甲",
                MemberRole::Resident,
                "2024-01-01",
                None,
            ),
            (
                "522701001201",
                "乙",
                MemberRole::Resident,
                "2025-01-01",
                None,
            ),
            (
                "522701002201",
                "丙",
                MemberRole::FirstSecretary,
                "2024-11-01",
                Some("2026-10-31"),
            ),
        ] {
            ld.member(&NewMember {
                village: code(v),
                name: n.into(),
                role: r,
                unit: "州虚构局".into(),
                start: day(st),
                end: e.map(day),
            })?;
        }
        Ok(())
    })
    .unwrap();
    s.conn()
        .execute(
            "UPDATE team_member SET end_reason = 'rotation' WHERE name = '丙'",
            [],
        )
        .unwrap();
    let r = s.gap_report(&code("522700"), today()).unwrap();
    assert_eq!(r.villages, 2);
    assert_eq!(r.gaps.len(), 1);
    let g = &r.gaps[0];
    assert_eq!(g.code.as_str(), "522701002201");
    assert_eq!(
        g.check.shortfalls,
        vec![Shortfall::NoFirstSecretary, Shortfall::FewResidents]
    );
    // 1 Nov to 28 Nov.
    assert_eq!(g.check.open_gap_days(), 28);
    assert_eq!(r.rotation.ended[0], 1);
    assert_eq!(EndReason::ALL[0], EndReason::Rotation);
    // 甲 started 2024-01-01: two years not yet reached on 2026-11-28? It has.
    assert_eq!(r.due.len(), 1);
    assert_eq!(r.due[0].member.name, "甲");
    assert_eq!(r.selection.cadres, 3);
    assert_eq!(r.selection.selection_unknown, 3);
}

#[test]
fn an_account_linked_to_a_cadre_shows_the_cadres_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let zhang: i64 = s
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(s.account_name("zhangw").unwrap(), None);
    s.link_cadre("zhangw", Some(zhang)).unwrap();
    assert_eq!(s.account_name("zhangw").unwrap().as_deref(), Some("张伟"));
    assert_eq!(s.people().unwrap().name("zhangw"), "张伟");
    // A name set for the account wins over the cadre's.
    s.set_account_name("zhangw", Some("张伟（州财政局）"))
        .unwrap();
    assert_eq!(
        s.account_name("zhangw").unwrap().as_deref(),
        Some("张伟（州财政局）")
    );
    s.set_account_name("zhangw", None).unwrap();
    // Audited on the cadre's record; unlinking takes the name away.
    assert!(!s.history(&format!("cadre/{zhang}")).unwrap().is_empty());
    s.link_cadre("zhangw", None).unwrap();
    assert_eq!(s.account_name("zhangw").unwrap(), None);
    // An unknown cadre is refused and nothing changes.
    let err = s.link_cadre("zhangw", Some(9999)).unwrap_err();
    assert!(err.to_string().contains("no cadre with id 9999"), "{err}");
}

#[test]
fn user_cadre_links_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let s = small_db(dir.path());
    let path = s.path().to_path_buf();
    let zhang: i64 = s
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '张伟'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(s);
    let (ok, _, err) = crate::import_common::zhucun(&path, &["user", "cadre", "zhangw", "abc"]);
    assert!(!ok);
    assert!(err.contains("\"abc\" 不是干部编号"), "{err}");
    let (ok, _, err) =
        crate::import_common::zhucun(&path, &["--lang", "en", "user", "cadre", "zhangw", "abc"]);
    assert!(!ok);
    assert!(err.contains("\"abc\" is not a cadre id"), "{err}");
    let (ok, out, err) =
        crate::import_common::zhucun(&path, &["user", "cadre", "zhangw", &zhang.to_string()]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "已保存: zhangw · 张伟");
    let (ok, out, _) = crate::import_common::zhucun(&path, &["user", "cadre", "zhangw", "none"]);
    assert!(ok);
    assert_eq!(out.trim(), "已保存: zhangw · -");
}
