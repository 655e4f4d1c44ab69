//! The annual assessment in the store: a county's pool, the 优秀 quota
//! checked inside the write (also between two sessions racing for the last
//! place), the recalled rule, permissions, counts per county, commendations.

use crate::common::{code, small_db, today};
use chrono::NaiveDate;
use std::path::Path;
use zhucun::domain::assessment::{CommendLevel, Grade, GradeRefusal};
use zhucun::domain::{MemberRole, UserRole};
use zhucun::store::{
    AssessDetail, CommendInput, Detail, GradeInput, NewMember, Pool, Store, StoreError,
};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const NAMES: [&str; 10] = [
    "王芳", "李强", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴霞",
];

/// small_db with ten cadres posted in 都匀市 (two villages) and one in 福泉市.
pub fn pool_db(dir: &Path) -> Store {
    let path = small_db(dir);
    let mut s = Store::open(&path, today()).unwrap();
    s.load("assess test", |ld| {
        for (i, n) in NAMES.iter().enumerate() {
            ld.member(&NewMember {
                village: code(if i % 2 == 0 {
                    "522701001202"
                } else {
                    "522701001201"
                }),
                name: (*n).into(),
                role: MemberRole::Resident,
                unit: "州财政局".into(),
                start: day("2025-03-01"),
                end: None,
            })?;
        }
        ld.member(&NewMember {
            village: code("522702100201"),
            name: "孙悦".into(),
            role: MemberRole::FirstSecretary,
            unit: "福泉市农业农村局".into(),
            start: day("2025-03-01"),
            end: None,
        })?;
        Ok(())
    })
    .unwrap();
    s
}

fn cadre(s: &Store, name: &str) -> i64 {
    s.conn()
        .query_row("SELECT id FROM cadre WHERE name = ?1", [name], |r| r.get(0))
        .unwrap()
}

fn grade(s: &Store, name: &str, g: Grade) -> GradeInput {
    GradeInput {
        cadre: cadre(s, name),
        year: 2026,
        grade: g,
        pool: Pool::County(code("522701")),
        body: "都匀市驻村办".into(),
        assessed_on: day("2026-11-20"),
        basis: "年度述职".into(),
        expected_version: None,
    }
}

fn refused_count(s: &Store) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'assess' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_pool_lists_the_countys_cadres_by_village_then_name_with_their_year() {
    let dir = tempfile::tempdir().unwrap();
    let s = pool_db(dir.path());
    let id = cadre(&s, "李强");
    // March: 15 days in the village and 2 of approved leave: short.
    for d in 1..=15 {
        s.conn()
            .execute(
                "INSERT INTO attendance(cadre, day, code) VALUES (?1, ?2, 'present')",
                (id, format!("2026-03-{d:02}")),
            )
            .unwrap();
    }
    // April: 16 days and 10 of approved leave: explained.
    for d in 1..=26 {
        let code = if d <= 16 { "present" } else { "personal_leave" };
        s.conn()
            .execute(
                "INSERT INTO attendance(cadre, day, code) VALUES (?1, ?2, ?3)",
                (id, format!("2026-04-{d:02}"), code),
            )
            .unwrap();
    }
    s.conn()
        .execute(
            "INSERT INTO leave_request(cadre, kind, from_on, to_on, approver, state, requested_by, requested_at)
             VALUES (?1, 'personal_leave', '2026-04-17', '2026-04-26', 'county', 'approved', 'a', 'x')",
            [id],
        )
        .unwrap();
    let view = s
        .assessment_pool(&Pool::County(code("522701")), 2026)
        .unwrap();
    assert_eq!(view.rows.len(), 10);
    let villages: Vec<&str> = view.rows.iter().map(|r| r.village.as_str()).collect();
    let mut sorted = villages.clone();
    sorted.sort();
    assert_eq!(villages, sorted, "by village code first");
    let first: Vec<&str> = view.rows[..5].iter().map(|r| r.name.as_str()).collect();
    // 松岭村 522701001201 by pinyin: 黄丽 李强 刘洋 吴霞 杨帆.
    assert_eq!(first, vec!["黄丽", "李强", "刘洋", "吴霞", "杨帆"]);
    let li = view.rows.iter().find(|r| r.name == "李强").unwrap();
    assert_eq!(li.days_in_village, 31);
    assert_eq!(li.suggestion.short_months, vec![3]);
    assert!(!li.recalled);
    assert_eq!(li.training_hours, Some(0), "no session attended");
    assert_eq!(li.grade, None);
    let c = view.counts();
    assert_eq!((c.pool, c.excellent, c.quota()), (10, 0, 3));
}

#[test]
fn an_excellent_over_the_quota_is_refused_with_the_counts_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    for n in &NAMES[..3] {
        let c = s.set_grade(&grade(&s, n, Grade::Excellent)).unwrap();
        assert_eq!(c.pool, 10);
    }
    // Other grades are never limited.
    s.set_grade(&grade(&s, NAMES[3], Grade::Competent)).unwrap();
    let e = s
        .set_grade(&grade(&s, NAMES[4], Grade::Excellent))
        .unwrap_err();
    match &e {
        StoreError::Invalid {
            detail: Detail::Assess(AssessDetail::Refused { name, why }),
            ..
        } => {
            assert_eq!(name, NAMES[4]);
            assert_eq!(
                *why,
                GradeRefusal::OverQuota {
                    excellent: 3,
                    quota: 3,
                    pool: 10
                }
            );
        }
        other => panic!("{other:?}"),
    }
    let zh = e.message(zhucun::i18n::Lang::Zh);
    assert!(
        zh.contains("优秀限额 3") && zh.contains("已评优秀 3"),
        "{zh}"
    );
    assert_eq!(refused_count(&s), 1);
    let refusal: String = s
        .conn()
        .query_row(
            "SELECT new FROM audit WHERE action = 'assess' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        refusal.contains("quota 3") && refusal.contains("10 in the pool"),
        "{refusal}"
    );
    // Re-saving one's own 优秀 takes no new place; freeing one makes room.
    s.set_grade(&grade(&s, NAMES[0], Grade::Excellent)).unwrap();
    s.set_grade(&grade(&s, NAMES[0], Grade::Competent)).unwrap();
    s.set_grade(&grade(&s, NAMES[4], Grade::Excellent)).unwrap();
    let view = s
        .assessment_pool(&Pool::County(code("522701")), 2026)
        .unwrap();
    assert_eq!(view.counts().excellent, 3);
}

#[test]
fn a_cadre_recalled_that_year_cannot_be_excellent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    s.conn()
        .execute(
            "UPDATE team_member SET end_on = '2026-06-30', end_reason = 'recalled' WHERE name = '王芳'",
            [],
        )
        .unwrap();
    let e = s
        .set_grade(&grade(&s, "王芳", Grade::Excellent))
        .unwrap_err();
    assert!(
        matches!(
            &e,
            StoreError::Invalid {
                detail: Detail::Assess(AssessDetail::Refused {
                    why: GradeRefusal::Recalled { year: 2026 },
                    ..
                }),
                ..
            }
        ),
        "{e:?}"
    );
    s.set_grade(&grade(&s, "王芳", Grade::Basic)).unwrap();
    // A recall case that left the village counts too.
    let id = cadre(&s, "李强");
    s.conn()
        .execute(
            "INSERT INTO recall_case(cadre, origin, opened_on, stage, left_on, updated_by, updated_at)
             VALUES (?1, 'manual', '2026-05-01', 'left', '2026-05-20', 'a', 'x')",
            [id],
        )
        .unwrap();
    assert!(s.set_grade(&grade(&s, "李强", Grade::Excellent)).is_err());
    let view = s
        .assessment_pool(&Pool::County(code("522701")), 2026)
        .unwrap();
    let flags: Vec<(&str, bool)> = view
        .rows
        .iter()
        .filter(|r| r.recalled)
        .map(|r| (r.name.as_str(), r.recalled))
        .collect();
    assert_eq!(flags, vec![("李强", true), ("王芳", true)]);
}

#[test]
fn only_the_countys_body_or_an_administrator_grades_and_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    s.add_user("fq", UserRole::County, Some(&code("522702")))
        .unwrap();
    s.add_user("dy", UserRole::County, Some(&code("522701")))
        .unwrap();
    s.add_user("gh", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    let input = grade(&s, "王芳", Grade::Competent);
    for other in ["fq", "gh"] {
        s.set_account_for_tests(other).unwrap();
        let e = s.set_grade(&input).unwrap_err();
        assert!(matches!(e, StoreError::Denied { .. }), "{other}: {e:?}");
    }
    assert_eq!(refused_count(&s), 2);
    s.set_account_for_tests("dy").unwrap();
    s.set_grade(&input).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'assess' AND outcome = 'ok' AND account = 'dy'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    // A cadre outside the pool is refused with a clear message.
    let mut outside = grade(&s, "孙悦", Grade::Competent);
    outside.cadre = cadre(&s, "孙悦");
    let e = s.set_grade(&outside).unwrap_err();
    assert!(
        e.message(zhucun::i18n::Lang::Zh).contains("不在该考核范围"),
        "{e}"
    );
}

#[test]
fn two_sessions_racing_for_the_last_place_get_one_excellent() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    for n in &NAMES[..2] {
        s.set_grade(&grade(&s, n, Grade::Excellent)).unwrap();
    }
    let path = s.path().to_path_buf();
    let a = grade(&s, NAMES[2], Grade::Excellent);
    let b = grade(&s, NAMES[3], Grade::Excellent);
    drop(s);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = [a, b]
        .into_iter()
        .map(|input| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, today()).unwrap();
                // Both read the pool with one place left ...
                let view = s
                    .assessment_pool(&Pool::County(code("522701")), 2026)
                    .unwrap();
                assert_eq!(view.counts().excellent, 2);
                barrier.wait();
                // ... and both try to take it.
                s.set_grade(&input).is_ok()
            })
        })
        .collect();
    let ok: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(ok.iter().filter(|x| **x).count(), 1, "{ok:?}");
    let s = Store::open(&path, today()).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM assessment WHERE grade = 'excellent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(refused_count(&s), 1);
}

#[test]
fn a_set_of_grades_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    let set: Vec<GradeInput> = NAMES[..4]
        .iter()
        .map(|n| grade(&s, n, Grade::Excellent))
        .collect();
    assert!(s.set_grades(&set).is_err());
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "nothing written");
    s.set_grades(&set[..3]).unwrap();
}

#[test]
fn distribution_is_counts_per_county_and_commendations_feed_the_plan_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    s.set_grade(&grade(&s, NAMES[0], Grade::Excellent)).unwrap();
    s.set_grade(&grade(&s, NAMES[1], Grade::Competent)).unwrap();
    s.set_grade(&grade(&s, NAMES[2], Grade::Competent)).unwrap();
    let d = s.grade_distribution(&code("522700"), 2026).unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].county.as_str(), "522701");
    assert_eq!((d[0].pool, d[0].counts, d[0].quota), (10, [1, 2, 0, 0], 3));
    assert_eq!((d[1].pool, d[1].counts, d[1].quota), (1, [0, 0, 0, 0], 0));
    for (n, level) in [
        ("王芳", CommendLevel::Prefecture),
        ("李强", CommendLevel::County),
        ("张敏", CommendLevel::Province),
    ] {
        s.add_commendation(&CommendInput {
            cadre: cadre(&s, n),
            level,
            title: "优秀驻村干部".into(),
            on_date: day("2026-07-01"),
            doc_no: "黔南党发〔2026〕9号".into(),
        })
        .unwrap();
    }
    let all = s.commendations(&code("522701"), false).unwrap();
    assert_eq!(all.len(), 3);
    let due: Vec<String> = s
        .commendations(&code("522701"), true)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(due, vec!["王芳", "张敏"]);
    let e = s
        .add_commendation(&CommendInput {
            cadre: cadre(&s, "王芳"),
            level: CommendLevel::County,
            title: "  ".into(),
            on_date: day("2026-07-01"),
            doc_no: String::new(),
        })
        .unwrap_err();
    assert!(e.to_string().contains("title"), "{e}");
}

/// The 优秀 quota percentage is a setting an administrator changes (1 to
/// 100): the next grade reads it; a county account is refused and the
/// refusal audited; an impossible figure is refused with nothing written.
#[test]
fn the_quota_percentage_is_set_by_an_administrator_and_read_by_the_next_grade() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = pool_db(dir.path());
    assert_eq!(s.excellent_quota_pct().unwrap(), 30);
    for n in &NAMES[..3] {
        s.set_grade(&grade(&s, n, Grade::Excellent)).unwrap();
    }
    let fourth = grade(&s, NAMES[3], Grade::Excellent);
    assert!(s.set_grade(&fourth).is_err(), "3 of 10 at 30 %");
    for bad in [0, 101] {
        let e = s.set_excellent_quota_pct(bad).unwrap_err();
        assert!(
            e.message(zhucun::i18n::Lang::Zh).contains("1 到 100"),
            "{e}"
        );
    }
    assert_eq!(s.excellent_quota_pct().unwrap(), 30);
    s.add_user("dy", UserRole::County, Some(&code("522701")))
        .unwrap();
    let admin = zhucun::store::identity::account_name();
    s.set_account_for_tests("dy").unwrap();
    let refused = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM audit WHERE record = 'settings' AND outcome = 'refused' AND account = 'dy'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let e = s.set_excellent_quota_pct(40).unwrap_err();
    assert!(matches!(e, StoreError::Denied { .. }), "{e:?}");
    assert_eq!(refused(&s), 1);
    s.set_account_for_tests(&admin).unwrap();
    assert_eq!(s.set_excellent_quota_pct(40).unwrap(), 40);
    assert_eq!(s.excellent_quota_pct().unwrap(), 40);
    s.set_grade(&fourth).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'administer' AND new = 'excellent_quota_pct=40'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}
