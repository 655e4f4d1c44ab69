//! Incidents and recall cases in the store: steps in order, 离村 ending the
//! posting and 补派 creating the new one in the same transaction, conflicts,
//! refusals audited, the ledger's order.

use crate::common::code;
use crate::import_common::{day, small_db};
use zhucun::domain::posting::EndReason;
use zhucun::domain::recall::{IncidentKind, IncidentSource, Origin, Stage, StepError};
use zhucun::domain::{MemberRole, UserRole};
use zhucun::store::{
    AuditFilter, Detail, NewIncident, NewMember, RecallProblem, StepRequest, Store, StoreError,
};

/// The small database with a second village's first secretary (李强, 白云村).
fn db(dir: &std::path::Path) -> Store {
    let mut s = small_db(dir);
    s.load("more", |ld| {
        ld.member(&NewMember {
            village: code("522701002201"),
            name: "李强".into(),
            role: MemberRole::FirstSecretary,
            unit: "州林业局".into(),
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

fn step(case: i64, to: Stage, on: &str) -> StepRequest {
    StepRequest {
        case,
        to,
        on: Some(day(on)),
        doc_no: None,
        replacement: None,
        note: None,
        expected_version: None,
    }
}

fn problem(e: StoreError) -> RecallProblem {
    match e {
        StoreError::Invalid {
            detail: Detail::Recall(p),
            ..
        } => p,
        e => panic!("not a recall problem: {e}"),
    }
}

#[test]
fn a_case_runs_to_recall_and_replacement_ending_the_posting_in_the_same_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    let (inc, case) = s
        .record_incident(&NewIncident {
            cadre: zhang,
            kind: IncidentKind::Absent,
            source: IncidentSource::Inspection,
            on_date: Some(day("2026-09-02")),
            note: "督查时不在村".into(),
            open_case: true,
        })
        .unwrap();
    let case = case.unwrap();
    let c = s.recall_case(case).unwrap();
    assert_eq!(c.stage, Stage::Lead);
    assert_eq!(c.origin, Origin::Incident);
    assert_eq!(c.origin_ref.as_deref(), Some(inc.to_string().as_str()));
    assert_eq!(c.village, "522701001201");
    s.advance_case(&step(case, Stage::Verifying, "2026-09-05"))
        .unwrap();
    // 决定 without its document number is refused, nothing changes.
    let e = s
        .advance_case(&step(case, Stage::Decided, "2026-09-20"))
        .unwrap_err();
    assert_eq!(problem(e), RecallProblem::Step(StepError::DocNoMissing));
    let mut decide = step(case, Stage::Decided, "2026-09-20");
    decide.doc_no = Some("黔南组通〔2026〕12号".into());
    let c = s.advance_case(&decide).unwrap();
    assert_eq!(c.doc_no.as_deref(), Some("黔南组通〔2026〕12号"));
    s.advance_case(&step(case, Stage::Notified, "2026-09-22"))
        .unwrap();
    let c = s
        .advance_case(&step(case, Stage::Left, "2026-10-01"))
        .unwrap();
    assert_eq!(c.days_to_replacement, Some(58), "1 Oct to 28 Nov");
    let team = s.postings(&code("522701001201")).unwrap();
    let old = team.iter().find(|p| p.member.name == "张伟").unwrap();
    assert_eq!(old.member.end, Some(day("2026-10-01")));
    assert_eq!(old.end_reason, Some(EndReason::Recalled));
    let mut replace = step(case, Stage::Replaced, "2026-10-16");
    replace.replacement = Some(("王新".into(), "州发展改革委".into()));
    let c = s.advance_case(&replace).unwrap();
    assert_eq!(c.days_to_replacement, Some(15));
    assert_eq!(c.replacement_name.as_deref(), Some("王新"));
    let team = s.postings(&code("522701001201")).unwrap();
    let new = team.iter().find(|p| p.member.name == "王新").unwrap();
    assert_eq!(Some(new.member.id), c.replacement);
    assert_eq!(new.member.role, MemberRole::FirstSecretary);
    assert_eq!(new.member.start, day("2026-10-16"));
    assert!(new.cadre.id > 0, "the new posting has its cadre");
    let c = s
        .advance_case(&step(case, Stage::Closed, "2026-10-20"))
        .unwrap();
    assert_eq!(c.stage, Stage::Closed);
    assert_eq!(c.closed_on, Some(day("2026-10-20")));
    // Each step audited on the case; the posting's end and the new posting too.
    let rows = s.history(&c.record()).unwrap();
    let steps: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        steps,
        [
            "open recall case",
            "advance recall case",
            "advance recall case",
            "advance recall case",
            "advance recall case",
            "advance recall case",
            "advance recall case"
        ]
    );
    let team_rows: Vec<String> = s
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.record.starts_with("team/522701001201/"))
        .map(|r| r.new.unwrap_or_default())
        .collect();
    assert_eq!(team_rows.len(), 2, "{team_rows:?}");
    assert!(team_rows[0].contains("recalled"));
    assert!(team_rows[1].contains("王新"));
}

#[test]
fn a_failing_replacement_leaves_case_and_team_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    let case = s.open_case(zhang, Some(day("2026-09-01")), "").unwrap();
    for to in [
        Stage::Verifying,
        Stage::Decided,
        Stage::Notified,
        Stage::Left,
    ] {
        let mut r = step(case, to, "2026-10-01");
        r.doc_no = Some("黔南组通〔2026〕3号".into());
        s.advance_case(&r).unwrap();
    }
    let before: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM team_member", [], |r| r.get(0))
        .unwrap();
    let mut r = step(case, Stage::Replaced, "2026-10-02");
    r.replacement = Some(("王新".into(), " ".into()));
    let e = s.advance_case(&r).unwrap_err();
    assert_eq!(
        problem(e),
        RecallProblem::Step(StepError::ReplacementMissing)
    );
    let after: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM team_member", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(s.recall_case(case).unwrap().stage, Stage::Left);
}

#[test]
fn steps_out_of_order_a_stale_version_and_a_second_open_case_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    let case = s
        .open_case(zhang, Some(day("2026-11-01")), "群众反映")
        .unwrap();
    let e = s
        .advance_case(&step(case, Stage::Left, "2026-11-02"))
        .unwrap_err();
    assert_eq!(
        problem(e),
        RecallProblem::Step(StepError::NotAllowed {
            from: Stage::Lead,
            to: Stage::Left
        })
    );
    let e = s
        .advance_case(&step(case, Stage::Verifying, "2026-10-02"))
        .unwrap_err();
    assert!(matches!(
        problem(e),
        RecallProblem::Step(StepError::BeforeLastStep { .. })
    ));
    let e = s
        .advance_case(&step(case, Stage::Verifying, "2026-12-02"))
        .unwrap_err();
    assert_eq!(problem(e), RecallProblem::Future(day("2026-12-02")));
    let read = s.recall_case(case).unwrap();
    s.advance_case(&step(case, Stage::Verifying, "2026-11-03"))
        .unwrap();
    let mut stale = step(case, Stage::Talk, "2026-11-04");
    stale.expected_version = Some(read.version);
    assert!(matches!(
        problem(s.advance_case(&stale).unwrap_err()),
        RecallProblem::Changed {
            stage: Stage::Verifying,
            ..
        }
    ));
    let e = s.open_case(zhang, None, "").unwrap_err();
    assert_eq!(
        problem(e),
        RecallProblem::AlreadyOpen { cadre: zhang, case }
    );
    // 约谈 ends it; the posting stays.
    let c = s
        .advance_case(&step(case, Stage::Talk, "2026-11-04"))
        .unwrap();
    assert!(c.stage.is_final());
    let team = s.postings(&code("522701001201")).unwrap();
    assert_eq!(team[0].member.end, None);
    assert_eq!(
        problem(
            s.advance_case(&step(999, Stage::Talk, "2026-11-04"))
                .unwrap_err()
        ),
        RecallProblem::UnknownCase(999)
    );
    assert_eq!(
        problem(s.open_case(999, None, "").unwrap_err()),
        RecallProblem::UnknownCadre(999)
    );
}

#[test]
fn the_township_records_incidents_only_the_county_decides_and_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    let case = s.open_case(zhang, None, "").unwrap();
    s.add_user("town", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    s.add_user("look", UserRole::Viewer, Some(&code("522701")))
        .unwrap();
    s.add_user("other", UserRole::Township, Some(&code("522701002")))
        .unwrap();
    s.set_account_for_tests("town").unwrap();
    let (_, none) = s
        .record_incident(&NewIncident {
            cadre: zhang,
            kind: IncidentKind::NotDetached,
            source: IncidentSource::Township,
            on_date: None,
            note: String::new(),
            open_case: false,
        })
        .unwrap();
    assert_eq!(none, None);
    assert!(matches!(
        s.advance_case(&step(case, Stage::Verifying, "2026-11-28")),
        Err(StoreError::Denied { .. })
    ));
    assert!(matches!(
        s.open_case(zhang, None, ""),
        Err(StoreError::Denied { .. })
    ));
    s.set_account_for_tests("other").unwrap();
    assert!(matches!(
        s.record_incident(&NewIncident {
            cadre: zhang,
            kind: IncidentKind::Absent,
            source: IncidentSource::Public,
            on_date: None,
            note: String::new(),
            open_case: false,
        }),
        Err(StoreError::Denied { .. })
    ));
    assert!(s.recall_ledger(&code("522701001")).is_err());
    s.set_account_for_tests("look").unwrap();
    let ledger = s.recall_ledger(&code("522701")).unwrap();
    assert_eq!(ledger.cases.len(), 1);
    assert_eq!(s.incidents_of(zhang).unwrap().len(), 1);
    assert!(matches!(
        s.advance_case(&step(case, Stage::Verifying, "2026-11-28")),
        Err(StoreError::Denied { .. })
    ));
    s.set_account_for_tests(&admin(&s)).unwrap();
    let refused: Vec<(String, String, String)> = s
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.outcome == "refused")
        .map(|r| (r.account, r.action, r.record))
        .collect();
    assert!(refused.contains(&(
        "town".into(),
        "advance recall case".into(),
        format!("recall/522701001201/{case}")
    )));
    assert!(refused.contains(&(
        "town".into(),
        "open recall case".into(),
        "recall/522701001201".into()
    )));
    assert!(refused.contains(&(
        "other".into(),
        "record incident".into(),
        "incident/522701001201".into()
    )));
    assert!(refused.contains(&(
        "look".into(),
        "advance recall case".into(),
        format!("recall/522701001201/{case}")
    )));
    assert!(refused.iter().any(|r| r.0 == "other" && r.1 == "read"));
    // The stage did not move.
    assert_eq!(s.recall_case(case).unwrap().stage, Stage::Lead);
}

fn admin(s: &Store) -> String {
    s.conn()
        .query_row(
            "SELECT account FROM app_user WHERE role = 'admin' ORDER BY account LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_ledger_sorts_by_stage_then_village_and_lists_open_leads() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = db(dir.path());
    let zhang = cadre(&s, "张伟");
    let li = cadre(&s, "李强");
    // An automatic lead, as the month's close inserts it.
    s.conn()
        .execute(
            "INSERT INTO recall_case(cadre, origin, origin_ref, opened_on, updated_by, updated_at)
             VALUES (?1, 'low_days', '2026-10', '2026-11-01', 'zhucun', '2026-11-01T00:00:00+08:00')",
            [li],
        )
        .unwrap();
    let manual = s.open_case(zhang, Some(day("2026-11-10")), "").unwrap();
    s.advance_case(&step(manual, Stage::Verifying, "2026-11-11"))
        .unwrap();
    let l = s.recall_ledger(&code("522701")).unwrap();
    let order: Vec<(Stage, &str)> = l
        .cases
        .iter()
        .map(|c| (c.stage, c.village.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (Stage::Lead, "522701002201"),
            (Stage::Verifying, "522701001201")
        ]
    );
    assert_eq!(l.leads.len(), 1);
    assert_eq!(l.leads[0].cadre_name, "李强");
    assert_eq!(l.leads[0].village_name, "白云村");
    let lead_count = l.counts.iter().find(|c| c.0 == Stage::Lead).unwrap().1;
    assert_eq!(lead_count, 1);
    let one = s.recall_ledger(&code("522701001")).unwrap();
    assert_eq!(one.cases.len(), 1);
}

#[test]
fn the_demo_has_cases_at_each_kind_of_stage_and_no_records_after_a_recall() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::pty::demo_copy(dir.path());
    let s = Store::open(&db, crate::common::today()).unwrap();
    let l = s.recall_ledger(&code("522700")).unwrap();
    let stages: Vec<Stage> = l.cases.iter().map(|c| c.stage).collect();
    for want in [
        Stage::Lead,
        Stage::Verifying,
        Stage::Left,
        Stage::Replaced,
        Stage::Talk,
    ] {
        assert!(stages.contains(&want), "{want:?} missing: {stages:?}");
    }
    // The recall demo's two leads, and the grid's September close opened more.
    assert!(l.leads.len() >= 2);
    let replaced = l.cases.iter().find(|c| c.stage == Stage::Replaced).unwrap();
    assert!(replaced.replacement_start > replaced.left_on);
    // No village has a record by a recalled first secretary's account after
    // the day he left (the account is the one named for him).
    let after: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM team_member t
             JOIN account_name a ON a.name = t.name AND substr(a.account, -6) = substr(t.village, 7)
             JOIN completion c ON c.village = t.village AND c.recorded_by = a.account
             WHERE t.role = 'first_secretary' AND t.end_reason = 'recalled'
               AND substr(c.recorded_at, 1, 10) > t.end_on",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, 0);
}
