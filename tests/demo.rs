//! The demo prefecture: real counties and townships, ~1,319 fictional
//! villages, teams, guidance and uneven completion history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
use common::*;
use zhucun::domain::{Level, MemberRole, Period};
use zhucun::store::Store;

#[test]
fn demo_prefecture() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = zhucun(&db, &["init", "--demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = Store::open(&db, today()).unwrap();
    let root = s.root().unwrap().unwrap();
    assert_eq!(
        (root.code.as_str(), root.name.as_str()),
        ("522700", "黔南布依族苗族自治州")
    );
    let counties = s.children(&root.code).unwrap();
    assert_eq!(counties.len(), 12);
    assert_eq!(counties[0].name, "都匀市");
    let towns: usize = counties
        .iter()
        .map(|c| s.children(&c.code).unwrap().len())
        .sum();
    assert_eq!(towns, 109);
    assert_eq!(s.village_count(&root.code).unwrap(), 1319);
    let villages = s.villages_under(&root.code).unwrap();
    assert_eq!(villages.len(), 1319);
    for v in &villages {
        assert_eq!(v.level(), Level::Village);
        assert_eq!(
            v.name.ends_with("社区"),
            v.code.is_community(),
            "{} {}",
            v.code,
            v.name
        );
    }
    // Every village has a 1+2+N team with exactly one first secretary in post.
    for v in villages.iter().step_by(97) {
        let team = s.team(&v.code).unwrap();
        let active: Vec<_> = team.iter().filter(|m| m.active_on(today())).collect();
        assert_eq!(
            active
                .iter()
                .filter(|m| m.role == MemberRole::FirstSecretary)
                .count(),
            1
        );
        assert_eq!(
            active
                .iter()
                .filter(|m| m.role == MemberRole::Resident)
                .count(),
            2
        );
        assert!(active.iter().any(|m| m.role == MemberRole::SentDown));
    }
    // Guidance for this quarter and prompts for this month.
    let q = s
        .guidance_for(&root.code, Period::parse("2026Q4").unwrap())
        .unwrap();
    assert!(!q.is_empty());
    let m = s
        .guidance_for(&root.code, Period::parse("2026-11").unwrap())
        .unwrap();
    assert!(!m.is_empty() && m[0].tasks.contains(&5));
    // Uneven progress: some townships well ahead of others, overdue work exists.
    let year = Period::parse("2026").unwrap();
    let p = s.progress(&root.code, year).unwrap();
    assert!(p.overdue > 0 && p.done > 0);
    let rates: Vec<f64> = villages
        .iter()
        .step_by(13)
        .map(|v| s.progress(&v.code, year).unwrap().rate().unwrap())
        .collect();
    let (lo, hi) = rates
        .iter()
        .fold((1.0f64, 0.0f64), |(a, b), r| (a.min(*r), b.max(*r)));
    assert!(hi - lo > 0.25, "progress too even: {lo:.2}..{hi:.2}");
    // The same date gives the same demo.
    let again = dir.path().join("again.db");
    assert!(zhucun(&again, &["init", "--demo"]).status.success());
    let a = stdout(&zhucun(&db, &["report", "--period", "2026"]));
    let b = stdout(&zhucun(&again, &["report", "--period", "2026"]));
    assert_eq!(a, b);
}
