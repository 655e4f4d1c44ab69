//! Dispatching units' responsibility lists and help plans (schema version
//! 10): the units of a scope, one unit's list with the people from the
//! postings, plan progress from the checklist, and the audited writes with
//! their refusals and conflicts.

use crate::common::{code, today};
use crate::import_common::{day, small_db};
use zhucun::domain::units::{PlanState, ProjectStatus};
use zhucun::domain::{Period, Status, UserRole};
use zhucun::store::{BundleInput, PlanInput, Project, RecordInput, Store, StoreError};

fn unit_id(s: &Store, name: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT id FROM dispatch_unit WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
}

fn bundle(unit: i64, version: Option<i64>) -> BundleInput {
    BundleInput {
        unit,
        village: code("522701001201"),
        year: 2026,
        duties: vec!["联系产业项目".into(), "落实帮扶资金".into(), "  ".into()],
        projects: vec![Project {
            name: "茶叶加工厂".into(),
            amount: 600_000,
            status: ProjectStatus::Underway,
        }],
        funds_planned: 1_000_000,
        funds_delivered: 400_000,
        version,
    }
}

fn plan(unit: i64, approved: Option<&str>, version: Option<i64>) -> PlanInput {
    PlanInput {
        unit,
        village: code("522701001201"),
        year: 2026,
        goals: "村集体经济增收".into(),
        budget: 1_000_000,
        tasks: vec![1],
        approved_on: approved.map(day),
        version,
    }
}

fn audit_count(s: &Store, action: &str, outcome: &str) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1 AND outcome = ?2",
            [action, outcome],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn units_of_a_scope_with_plans_and_funds() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    // No list, no plan yet: one village, its plan missing after 03-31.
    let rows = s.units_of(&code("522701"), 2026).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].unit.name, "州财政局");
    assert_eq!(
        (rows[0].villages, rows[0].plans, rows[0].plans_missing),
        (1, 0, 1)
    );
    assert_eq!(s.save_bundle(&bundle(unit, None)).unwrap(), 1);
    assert_eq!(
        s.save_plan(&plan(unit, Some("2026-03-15"), None)).unwrap(),
        1
    );
    let rows = s.units_of(&code("522701"), 2026).unwrap();
    assert_eq!((rows[0].plans, rows[0].plans_missing), (1, 0));
    assert_eq!(
        (rows[0].funds_planned, rows[0].funds_delivered),
        (1_000_000, 400_000)
    );
    // Another township's scope has none of it.
    assert!(s.units_of(&code("522701002"), 2026).unwrap().is_empty());
    // The list: the people come from the postings, blank items dropped.
    let d = s.responsibility_list(unit, &code("522701"), 2026).unwrap();
    assert_eq!(d.villages.len(), 1);
    let v = &d.villages[0];
    assert_eq!(v.name, "青山村");
    assert_eq!(v.people.len(), 1);
    assert_eq!(v.people[0].member.name, "张伟");
    let b = v.bundle.as_ref().unwrap();
    assert_eq!(b.duties, vec!["联系产业项目", "落实帮扶资金"]);
    assert_eq!(b.projects[0].name, "茶叶加工厂");
    assert_eq!(v.plan_state, PlanState::Approved(day("2026-03-15")));
    // Task 1 is monthly: January to November count on 11-28.
    assert_eq!(v.progress.expected, 11);
    assert_eq!(v.progress.done, 0);
}

#[test]
fn plan_progress_reads_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    s.save_plan(&plan(unit, Some("2026-03-15"), None)).unwrap();
    s.record(&RecordInput {
        village: code("522701001201"),
        task: 1,
        period: Period::parse("2026-11").unwrap(),
        status: Status::Done,
        note: Some("院坝会".into()),
        done_on: None,
        expected_version: None,
    })
    .unwrap();
    let d = s.responsibility_list(unit, &code("522701"), 2026).unwrap();
    assert_eq!(d.villages[0].progress.done, 1);
    assert_eq!(d.villages[0].progress.overdue, 10);
}

#[test]
fn a_stale_save_is_a_conflict_audited_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    assert_eq!(s.save_bundle(&bundle(unit, None)).unwrap(), 1);
    assert_eq!(s.save_bundle(&bundle(unit, Some(1))).unwrap(), 2);
    let mut stale = bundle(unit, Some(1));
    stale.funds_delivered = 999;
    let err = s.save_bundle(&stale).unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { version: 2, .. }),
        "{err}"
    );
    let delivered: i64 = s
        .conn()
        .query_row("SELECT funds_delivered FROM unit_bundle", [], |r| r.get(0))
        .unwrap();
    assert_eq!(delivered, 400_000);
    assert_eq!(audit_count(&s, "save responsibility list", "ok"), 2);
    assert_eq!(audit_count(&s, "save responsibility list", "conflict"), 1);
    s.save_plan(&plan(unit, None, None)).unwrap();
    assert!(matches!(
        s.save_plan(&plan(unit, None, None)).unwrap_err(),
        StoreError::Conflict { .. }
    ));
    assert_eq!(audit_count(&s, "save help plan", "conflict"), 1);
}

#[test]
fn only_the_county_in_its_county_and_admins_write_refusals_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    s.add_user("duyun", UserRole::County, Some(&code("522701")))
        .unwrap();
    s.add_divisions(&[(code("522722"), "荔波县".to_string(), vec![])])
        .unwrap();
    s.add_user("libo", UserRole::County, Some(&code("522722")))
        .unwrap();
    s.add_user("guanghui", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    s.add_user("look", UserRole::Viewer, Some(&code("522701")))
        .unwrap();
    for who in ["libo", "guanghui", "look"] {
        s.set_account_for_tests(who).unwrap();
        let err = s.save_bundle(&bundle(unit, None)).unwrap_err();
        assert!(matches!(err, StoreError::Denied { .. }), "{who}: {err}");
        let err = s.save_plan(&plan(unit, None, None)).unwrap_err();
        assert!(matches!(err, StoreError::Denied { .. }), "{who}: {err}");
    }
    assert_eq!(audit_count(&s, "save responsibility list", "refused"), 3);
    assert_eq!(audit_count(&s, "save help plan", "refused"), 3);
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM unit_bundle", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    // The viewer reads; the other county's account may not.
    s.set_account_for_tests("look").unwrap();
    assert_eq!(s.units_of(&code("522701"), 2026).unwrap().len(), 1);
    s.set_account_for_tests("libo").unwrap();
    assert!(s.units_of(&code("522701"), 2026).is_err());
    // The county writes in its county.
    s.set_account_for_tests("duyun").unwrap();
    assert_eq!(s.save_bundle(&bundle(unit, None)).unwrap(), 1);
}

#[test]
fn bad_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    let mut b = bundle(unit, None);
    b.funds_planned = -1;
    assert!(
        s.save_bundle(&b)
            .unwrap_err()
            .to_string()
            .contains("below zero")
    );
    let mut b = bundle(unit, None);
    b.projects[0].name = " ".into();
    assert!(s.save_bundle(&b).unwrap_err().to_string().contains("name"));
    let mut b = bundle(unit, None);
    b.village = code("522701001");
    assert!(
        s.save_bundle(&b)
            .unwrap_err()
            .to_string()
            .contains("village")
    );
    let b = bundle(9999, None);
    assert!(s.save_bundle(&b).unwrap_err().to_string().contains("9999"));
    let mut p = plan(unit, None, None);
    p.tasks = vec![99];
    assert!(matches!(
        s.save_plan(&p).unwrap_err(),
        StoreError::Invalid { .. }
    ));
    let p = plan(unit, Some("2026-12-01"), None);
    assert!(
        s.save_plan(&p)
            .unwrap_err()
            .to_string()
            .contains("after today")
    );
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM unit_bundle) + (SELECT count(*) FROM help_plan)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(today(), day("2026-11-28"));
}
