//! Entering units' records, responsibility lists and help plans piece by
//! piece (issue 12): the store's edits with their permissions, refusals
//! and conflicts.

use crate::common::code;
use crate::import_common::{day, small_db};
use zhucun::domain::UserRole;
use zhucun::domain::posting::UnitLevel;
use zhucun::domain::units::ProjectStatus;
use zhucun::i18n::Lang;
use zhucun::store::{BundleEdit, ListKey, PlanEdit, Project, Store, StoreError, UnitEdit};

pub fn unit_id(s: &Store, name: &str) -> i64 {
    s.unit_named(name).unwrap().id
}

pub fn key(unit: i64) -> ListKey {
    ListKey {
        unit,
        village: code("522701001201"),
        year: 2026,
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

fn project(name: &str, fen: i64) -> Project {
    Project {
        name: name.into(),
        amount: fen,
        status: ProjectStatus::Planned,
    }
}

#[test]
fn a_unit_record_is_set_by_the_county_with_postings_there_and_refusals_audited() {
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
    let edit = UnitEdit {
        level: Some(Some(UnitLevel::Prefecture)),
        contact: Some("0854-1234567".into()),
        leader: Some("（虚构）李局长".into()),
        expected: None,
    };
    for who in ["libo", "guanghui"] {
        s.set_account_for_tests(who).unwrap();
        let err = s.set_unit(unit, &edit).unwrap_err();
        assert!(matches!(err, StoreError::Denied { .. }), "{who}: {err}");
    }
    assert_eq!(audit_count(&s, "set unit", "refused"), 2);
    s.set_account_for_tests("duyun").unwrap();
    let u = s.set_unit(unit, &edit).unwrap();
    assert_eq!(u.level, Some(UnitLevel::Prefecture));
    assert_eq!(u.leader.as_deref(), Some("（虚构）李局长"));
    // An empty text clears; a stale read is a conflict, nothing written.
    let cleared = s
        .set_unit(
            unit,
            &UnitEdit {
                contact: Some(String::new()),
                ..UnitEdit::default()
            },
        )
        .unwrap();
    assert_eq!(cleared.contact, None);
    let stale = UnitEdit {
        leader: Some("别人".into()),
        expected: Some(u.clone()),
        ..UnitEdit::default()
    };
    assert!(matches!(
        s.set_unit(unit, &stale).unwrap_err(),
        StoreError::Conflict { .. }
    ));
    assert_eq!(audit_count(&s, "set unit", "conflict"), 1);
    assert_eq!(
        s.unit_named("州财政局").unwrap().leader.as_deref(),
        Some("（虚构）李局长")
    );
    // Nothing to set is said in both languages.
    let err = s.set_unit(unit, &UnitEdit::default()).unwrap_err();
    assert!(err.to_string().contains("nothing to change"), "{err}");
    assert!(err.message(Lang::Zh).contains("没有要修改的内容"));
    let err = s.unit_named("没有的单位").unwrap_err();
    assert!(err.message(Lang::Zh).contains("没有派出单位"), "{err}");
}

#[test]
fn list_items_projects_and_funds_are_edited_one_by_one_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    let k = key(unit);
    let v1 = s
        .edit_bundle(
            &k,
            None,
            &[
                BundleEdit::AddDuty("联系产业项目".into()),
                BundleEdit::AddDuty("落实帮扶资金".into()),
                BundleEdit::AddProject(project("茶叶加工厂", 600_000)),
                BundleEdit::AddProject(project("村道硬化", 200_000)),
            ],
        )
        .unwrap();
    assert_eq!(v1, 1);
    let v2 = s
        .edit_bundle(
            &k,
            None,
            &[
                BundleEdit::RemoveDuty(1),
                BundleEdit::SetProject {
                    n: 2,
                    name: None,
                    amount: Some(250_000),
                    status: Some(ProjectStatus::Done),
                },
                BundleEdit::RemoveProject(1),
                BundleEdit::Funds {
                    planned: Some(1_000_000),
                    delivered: Some(300_000),
                },
            ],
        )
        .unwrap();
    assert_eq!(v2, 2);
    let b = s.bundle_input(&k).unwrap();
    assert_eq!(b.duties, vec!["落实帮扶资金"]);
    assert_eq!(b.projects.len(), 1);
    assert_eq!(b.projects[0].name, "村道硬化");
    assert_eq!(
        (b.projects[0].amount, b.projects[0].status),
        (250_000, ProjectStatus::Done)
    );
    assert_eq!((b.funds_planned, b.funds_delivered), (1_000_000, 300_000));
    // Read at version 1, saved after version 2: changed meanwhile.
    let err = s
        .edit_bundle(&k, Some(1), &[BundleEdit::AddDuty("x".into())])
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(s.bundle_input(&k).unwrap().duties.len(), 1);
    // A number past the end says how many there are, in both languages.
    let err = s
        .edit_bundle(&k, None, &[BundleEdit::RemoveProject(5)])
        .unwrap_err();
    assert!(err.to_string().contains("no project 5"), "{err}");
    assert!(err.message(Lang::Zh).contains("没有第 5 个项目"), "{err}");
    let err = s
        .edit_bundle(
            &k,
            None,
            &[BundleEdit::Funds {
                planned: Some(-5),
                delivered: None,
            }],
        )
        .unwrap_err();
    assert!(err.message(Lang::Zh).contains("小于零"), "{err}");
    assert_eq!(s.bundle_input(&k).unwrap().version, Some(2));
}

#[test]
fn a_plan_is_set_then_approved_and_approving_none_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    let k = key(unit);
    let approve = PlanEdit {
        approved_on: Some(Some(day("2026-03-15"))),
        ..PlanEdit::default()
    };
    let err = s.edit_plan(&k, None, &approve).unwrap_err();
    assert!(err.message(Lang::Zh).contains("还没有帮扶计划"), "{err}");
    let set = PlanEdit {
        goals: Some("村集体经济增收".into()),
        budget: Some(1_000_000),
        tasks: Some(vec![1, 3]),
        approved_on: None,
    };
    assert_eq!(s.edit_plan(&k, None, &set).unwrap(), 1);
    assert_eq!(s.edit_plan(&k, None, &approve).unwrap(), 2);
    let d = s.responsibility_list(unit, &code("522701"), 2026).unwrap();
    let plan = d.villages[0].plan.as_ref().unwrap();
    assert_eq!(plan.approved_on, Some(day("2026-03-15")));
    assert_eq!(plan.tasks, vec![1, 3]);
    assert_eq!(plan.goals, "村集体经济增收");
    let err = s.edit_plan(&k, Some(1), &set).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }));
}

// ---- `zhucun units` ----

/// The lists, plans and units as text, and the audit rows written.
fn lists_fingerprint(db: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let rows: String = c
        .query_row(
            "SELECT coalesce((SELECT group_concat(duties || funds_planned || funds_delivered || version) FROM unit_bundle), '')
             || '|' || coalesce((SELECT group_concat(name || amount || status) FROM bundle_project), '')
             || '|' || coalesce((SELECT group_concat(goals || budget || tasks || coalesce(approved_on, '') || version) FROM help_plan), '')
             || '|' || coalesce((SELECT group_concat(coalesce(level, '') || coalesce(contact, '') || coalesce(leader, '')) FROM dispatch_unit), '')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    format!("{} {rows}", crate::common::fingerprint(db))
}

const V: &str = "522701001201";

#[test]
fn the_cli_enters_a_list_and_a_plan_and_shows_them() {
    use crate::common::zhucun_text;
    let dir = tempfile::tempdir().unwrap();
    drop(small_db(dir.path()));
    let db = dir.path().join("t.db");
    let run = |args: &[&str]| {
        let (ok, out, err) = zhucun_text(&db, args);
        assert!(ok, "{args:?}: {err}");
        out
    };
    let w = ["--village", V, "--year", "2026"];
    let with = |head: &[&'static str], tail: &[&'static str]| -> Vec<&'static str> {
        head.iter().chain(w.iter()).chain(tail).copied().collect()
    };
    run(&with(
        &["units", "list-item", "add", "州财政局"],
        &["--text", "联系产业项目"],
    ));
    run(&with(
        &["units", "project", "add", "州财政局"],
        &[
            "--name",
            "茶叶加工厂",
            "--amount",
            "6,000.50",
            "--status",
            "实施中",
        ],
    ));
    run(&with(
        &["units", "project", "add", "州财政局"],
        &["--name", "村道", "--amount", "100"],
    ));
    run(&with(
        &["units", "project", "set", "州财政局", "2"],
        &["--status", "done"],
    ));
    run(&with(&["units", "project", "rm", "州财政局", "1"], &[]));
    let out = run(&with(
        &["units", "funds", "set", "州财政局"],
        &["--planned", "10000", "--delivered", "4000"],
    ));
    assert!(out.contains("已保存帮扶责任清单：州财政局"), "{out}");
    run(&with(
        &["units", "plan", "set", "州财政局"],
        &[
            "--goals",
            "村集体经济增收",
            "--budget",
            "10000",
            "--tasks",
            "1,3",
        ],
    ));
    run(&with(
        &["units", "plan", "approve", "州财政局"],
        &["--on", "2026-03-10"],
    ));
    run(&[
        "units",
        "set",
        "州财政局",
        "--level",
        "州级",
        "--leader",
        "（虚构）分管领导",
    ]);
    let out = run(&["units", "show", "州财政局", "--year", "2026"]);
    for want in [
        "州财政局 · 帮扶责任清单 · 2026 年",
        "级别：州级 · 负总责领导：（虚构）分管领导",
        "帮扶计划：已批准（2026-03-10）",
        "1. 联系产业项目",
        "1. 村道 · 100.00 元 · 已完成",
        "资金：计划 10000.00 元，到位 4000.00 元（40%）",
        "第一书记 张伟",
        "关联任务：1,3",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
    assert!(!out.contains("茶叶加工厂"), "{out}");
    let out = run(&["units", "list", "--year", "2026", "--format", "csv"]);
    assert!(
        out.contains("州财政局,州级,1,1,0,10000.00,4000.00"),
        "{out}"
    );
    let out = run(&["--lang", "en", "units", "list", "--year", "2026"]);
    assert!(out.contains("Funds planned (yuan)"), "{out}");
}

#[test]
fn bad_cli_input_exits_non_zero_and_writes_nothing() {
    use crate::common::zhucun_text;
    let dir = tempfile::tempdir().unwrap();
    drop(small_db(dir.path()));
    let db = dir.path().join("t.db");
    let before = lists_fingerprint(&db);
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "units",
                "project",
                "add",
                "州财政局",
                "--village",
                V,
                "--name",
                "x",
                "--amount",
                "12.345",
            ],
            "不是金额",
            "is not an amount",
        ),
        (
            &[
                "units",
                "project",
                "add",
                "州财政局",
                "--village",
                V,
                "--name",
                "x",
                "--amount",
                "1",
                "--status",
                "半完成",
            ],
            "不是项目状态",
            "is not a project status",
        ),
        (
            &[
                "units",
                "project",
                "add",
                "没有的局",
                "--village",
                V,
                "--name",
                "x",
                "--amount",
                "1",
            ],
            "没有派出单位",
            "no dispatching unit",
        ),
        (
            &["units", "project", "rm", "州财政局", "--village", V, "3"],
            "没有第 3 个项目",
            "there is no project 3",
        ),
        (
            &["units", "list-item", "rm", "州财政局", "--village", V, "1"],
            "没有第 1 条责任事项",
            "there is no item 1",
        ),
        (
            &[
                "units",
                "list-item",
                "add",
                "州财政局",
                "--village",
                "522701001",
                "--text",
                "x",
            ],
            "不是村（社区）代码",
            "is not a village code",
        ),
        (
            &[
                "units",
                "funds",
                "set",
                "州财政局",
                "--village",
                V,
                "--year",
                "1990",
                "--planned",
                "1",
            ],
            "不是 2000 至 2100 之间的年度",
            "is not a year between 2000 and 2100",
        ),
        (
            &["units", "funds", "set", "州财政局", "--village", V],
            "没有要修改的内容",
            "nothing to change",
        ),
        (
            &["units", "plan", "approve", "州财政局", "--village", V],
            "还没有帮扶计划",
            "there is no help plan yet",
        ),
        (
            &[
                "units",
                "plan",
                "set",
                "州财政局",
                "--village",
                V,
                "--tasks",
                "1,x",
            ],
            "不是任务序号",
            "is not a task number",
        ),
        (
            &["units", "set", "州财政局", "--level", "火星"],
            "不是单位级别",
            "is not a unit level",
        ),
    ];
    for (args, zh, en) in cases {
        let (ok, _, err) = zhucun_text(&db, args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(zh), "{args:?}: {err}");
        let mut en_args = vec!["--lang", "en"];
        en_args.extend_from_slice(args);
        let (ok, _, err) = zhucun_text(&db, &en_args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(en), "{args:?}: {err}");
    }
    assert_eq!(lists_fingerprint(&db), before);
}

#[test]
fn a_township_account_is_refused_by_the_cli_and_the_refusal_audited() {
    use crate::common::zhucun_text;
    let dir = tempfile::tempdir().unwrap();
    let s = small_db(dir.path());
    let me = s.actor().account.clone();
    s.conn()
        .execute(
            "UPDATE app_user SET role = 'township', scope = '522701001' WHERE account = ?1",
            [&me],
        )
        .unwrap();
    drop(s);
    let db = dir.path().join("t.db");
    let (ok, out, err) = zhucun_text(
        &db,
        &[
            "units",
            "funds",
            "set",
            "州财政局",
            "--village",
            V,
            "--planned",
            "1",
        ],
    );
    assert!(!ok, "{out}");
    assert!(
        err.contains("无权对 522701001201 保存帮扶责任清单"),
        "{err}"
    );
    // Reading is allowed.
    let (ok, out, err) = zhucun_text(&db, &["units", "show", "州财政局"]);
    assert!(ok, "{err}");
    assert!(out.contains("尚未填写帮扶责任清单"), "{out}");
    let s = Store::open(&db, crate::common::today()).unwrap();
    assert_eq!(audit_count(&s, "save responsibility list", "refused"), 1);
}

// ---- `zhucun import lists` ----

fn bundles(s: &Store) -> i64 {
    s.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM unit_bundle) * 1000 + (SELECT count(*) FROM bundle_project)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn lists_problems(name: &str) -> (Vec<String>, Vec<String>) {
    use crate::import_common::problems_in;
    use zhucun::transfer::ImportKind::Lists;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let en = problems_in(&mut s, Lists, name, Lang::En);
    let zh = problems_in(&mut s, Lists, name, Lang::Zh);
    assert_eq!(bundles(&s), 0, "{name}");
    (en, zh)
}

#[test]
fn a_lists_sheet_replaces_the_lists_it_names_audited_and_gbk_reads_alike() {
    use crate::import_common::{fixture, import};
    use zhucun::transfer::ImportKind::Lists;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let unit = unit_id(&s, "州财政局");
    // --check writes nothing.
    let out = import(&mut s, Lists, &fixture("lists_ok.csv"), true).unwrap();
    assert_eq!((out.counts.rows, out.counts.added), (3, 2));
    assert!(!out.written);
    assert_eq!(bundles(&s), 0);
    let out = import(&mut s, Lists, &fixture("lists_ok.csv"), false).unwrap();
    assert!(out.written);
    assert_eq!(bundles(&s), 2003);
    let b = s.bundle_input(&key(unit)).unwrap();
    assert_eq!(b.duties, vec!["联系产业项目", "落实帮扶资金"]);
    assert_eq!(b.projects[0].name, "茶叶加工厂");
    assert_eq!(
        (b.projects[0].amount, b.projects[0].status),
        (600_050, ProjectStatus::Underway)
    );
    assert_eq!(b.projects[1].status, ProjectStatus::Done);
    assert_eq!((b.funds_planned, b.funds_delivered), (1_000_000, 400_000));
    let baiyun = s
        .bundle_input(&ListKey {
            village: code("522701002201"),
            ..key(unit)
        })
        .unwrap();
    assert_eq!(baiyun.projects[0].status, ProjectStatus::Planned);
    assert_eq!(baiyun.funds_planned, 500_000);
    assert_eq!(audit_count(&s, "import lists", "ok"), 2);
    // The same file again changes nothing.
    let again = import(&mut s, Lists, &fixture("lists_ok.csv"), false).unwrap();
    assert_eq!((again.counts.unchanged, again.counts.updated), (2, 0));
    // GBK is read like UTF-8: one project renamed, one list updated.
    let gbk = import(&mut s, Lists, &fixture("lists_gbk.csv"), false).unwrap();
    assert_eq!((gbk.counts.updated, gbk.counts.unchanged), (1, 1));
    assert_eq!(
        s.bundle_input(&key(unit)).unwrap().projects[0].name,
        "茶叶加工厂二期"
    );
    assert_eq!(s.bundle_input(&key(unit)).unwrap().version, Some(2));
}

#[test]
fn an_xlsx_lists_sheet_is_read_like_csv() {
    use crate::import_common::import;
    use zhucun::transfer::ImportKind::Lists;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    let path = dir.path().join("lists.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "派出单位",
        "村代码",
        "年度",
        "项目名称",
        "项目金额（元）",
        "计划资金（元）",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "州财政局").unwrap();
    ws.write_string(1, 1, V).unwrap();
    ws.write_number(1, 2, 2026).unwrap();
    ws.write_string(1, 3, "茶园").unwrap();
    ws.write_number(1, 4, 1200.5).unwrap();
    ws.write_number(1, 5, 30000).unwrap();
    book.save(&path).unwrap();
    let out = import(&mut s, Lists, &path, false).unwrap();
    assert_eq!(out.counts.added, 1);
    let b = s.bundle_input(&key(unit_id(&s, "州财政局"))).unwrap();
    assert_eq!(
        (b.projects[0].amount, b.funds_planned),
        (120_050, 3_000_000)
    );
}

#[test]
fn bad_lists_sheets_are_refused_with_file_line_and_column() {
    let (en, zh) = lists_problems("lists_unknown_unit.csv");
    assert_eq!(
        en,
        [
            "lists_unknown_unit.csv:3: column 派出单位: no dispatching unit \"州教育局\"; give its full name as in the teams file, or import the teams first"
        ]
    );
    assert!(zh[0].contains("没有派出单位 “州教育局”"), "{zh:?}");
    let (en, zh) = lists_problems("lists_unknown_village.csv");
    assert_eq!(en.len(), 1, "{en:?}");
    assert!(
        en[0].starts_with("lists_unknown_village.csv:2: column 村代码: no village or community with code 522701001299"),
        "{en:?}"
    );
    assert!(zh[0].contains("522701001299"), "{zh:?}");
    let (en, zh) = lists_problems("lists_bad_amount.csv");
    assert_eq!(en.len(), 3, "{en:?}");
    assert!(
        en[0].starts_with(
            "lists_bad_amount.csv:2: column 项目金额（元）: \"12.345\" is not an amount"
        ),
        "{en:?}"
    );
    assert!(
        en[1].starts_with("lists_bad_amount.csv:3: column 项目金额（元）: \"-5\" is not an amount"),
        "{en:?}"
    );
    assert!(
        en[2].starts_with("lists_bad_amount.csv:3: column 计划资金（元）: \"abc\""),
        "{en:?}"
    );
    assert!(zh[0].contains("不是金额"), "{zh:?}");
    let (en, zh) = lists_problems("lists_duplicate.csv");
    assert_eq!(
        en,
        [
            "lists_duplicate.csv:3: column 项目名称: project \"茶叶加工厂\" is on line 2 already; give each project of a list once",
            "lists_duplicate.csv:4: column 责任事项: item \"联系产业项目\" is on line 2 already; give each item of a list once",
        ]
    );
    assert!(zh[0].contains("与第 2 行重复"), "{zh:?}");
}

#[test]
fn a_village_outside_the_county_is_refused_and_audited_check_only_reports() {
    use crate::import_common::{fixture, import};
    use zhucun::transfer::{ImportKind::Lists, TransferError};
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    s.add_user("duyun", UserRole::County, Some(&code("522701")))
        .unwrap();
    s.add_user("guanghui", UserRole::Township, Some(&code("522701001")))
        .unwrap();
    s.set_account_for_tests("duyun").unwrap();
    let lines = |e: TransferError| match e {
        TransferError::Invalid { problems, .. } => problems.lines_in(Lang::En),
        other => panic!("{other}"),
    };
    let err = import(&mut s, Lists, &fixture("lists_outside.csv"), true).unwrap_err();
    assert_eq!(
        lines(err),
        [
            "lists_outside.csv:3: column 村代码: village 522722001201 is outside the lists you manage; import only your county's lists"
        ]
    );
    assert_eq!(audit_count(&s, "import lists", "refused"), 0);
    let err = import(&mut s, Lists, &fixture("lists_outside.csv"), false).unwrap_err();
    assert_eq!(lines(err).len(), 1);
    assert_eq!(audit_count(&s, "import lists", "refused"), 1);
    assert_eq!(bundles(&s), 0);
    // A township manages no lists: every row is outside.
    s.set_account_for_tests("guanghui").unwrap();
    let err = import(&mut s, Lists, &fixture("lists_ok.csv"), false).unwrap_err();
    assert_eq!(lines(err).len(), 3);
    assert_eq!(audit_count(&s, "import lists", "refused"), 2);
    // The county imports its own.
    s.set_account_for_tests("duyun").unwrap();
    assert!(
        import(&mut s, Lists, &fixture("lists_ok.csv"), false)
            .unwrap()
            .written
    );
}

#[test]
fn the_cli_imports_lists_and_a_bad_file_exits_non_zero_writing_nothing() {
    use crate::common::zhucun_text;
    use crate::import_common::fixture;
    let dir = tempfile::tempdir().unwrap();
    drop(small_db(dir.path()));
    let db = dir.path().join("t.db");
    let before = lists_fingerprint(&db);
    let bad = fixture("lists_duplicate.csv");
    let (ok, _, err) = zhucun_text(&db, &["import", "lists", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("lists_duplicate.csv:3：") || err.contains("lists_duplicate.csv:3"),
        "{err}"
    );
    assert!(err.contains("与第 2 行重复"), "{err}");
    assert_eq!(lists_fingerprint(&db), before);
    let good = fixture("lists_ok.csv");
    let (ok, _, err) = zhucun_text(&db, &["import", "lists", "--check", good.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(lists_fingerprint(&db), before);
    let (ok, out, err) = zhucun_text(&db, &["import", "lists", good.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("lists_ok.csv"), "{out}");
    assert_ne!(lists_fingerprint(&db), before);
}

// ---- `zhucun export responsibility` ----

fn cell(d: &calamine::Data) -> String {
    match d {
        calamine::Data::String(s) => s.clone(),
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_responsibility_export_round_trips_the_totals_of_the_store() {
    use crate::common::zhucun_text;
    use crate::import_common::{fixture, import};
    use calamine::{Reader, Xlsx};
    use std::os::unix::fs::PermissionsExt;
    use zhucun::domain::units::parse_yuan;
    use zhucun::transfer::ImportKind::Lists;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    import(&mut s, Lists, &fixture("lists_ok.csv"), false).unwrap();
    let rows = s.units_of(&code("522700"), 2026).unwrap();
    let planned: i64 = rows.iter().map(|r| r.funds_planned).sum();
    let delivered: i64 = rows.iter().map(|r| r.funds_delivered).sum();
    drop(s);
    let db = dir.path().join("t.db");
    let out = dir.path().join("责任.xlsx");
    let (ok, stdout, err) = zhucun_text(
        &db,
        &[
            "export",
            "responsibility",
            "--year",
            "2026",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(stdout.contains("已导出帮扶责任落实表"), "{stdout}");
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), vec!["帮扶责任落实表", "帮扶项目"]);
    let sheet = book.worksheet_range("帮扶责任落实表").unwrap();
    let table: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(cell).collect()).collect();
    let head = &table[0];
    let at = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {head:?}"))
    };
    let (cp, cd, ca, cv, cpeople) = (
        at("计划资金（元）"),
        at("到位资金（元）"),
        at("项目金额（元）"),
        at("村代码"),
        at("驻村干部"),
    );
    let body: Vec<&Vec<String>> = table[1..].iter().take_while(|r| !r[0].is_empty()).collect();
    assert_eq!(body.len(), 2, "{table:?}");
    let sum = |c: usize| -> i64 { body.iter().map(|r| parse_yuan(&r[c]).unwrap()).sum() };
    assert_eq!((sum(cp), sum(cd)), (planned, delivered));
    assert_eq!((planned, delivered), (1_500_000, 400_000));
    assert_eq!(sum(ca), 600_050 + 200_000 + 300_000);
    // By village code; the people from the postings.
    assert_eq!(body[0][cv], V);
    assert_eq!(body[0][cpeople], "张伟（第一书记）");
    assert!(body[1][cpeople].is_empty());
    let notes = table.iter().find(|r| r[0].starts_with("合计")).unwrap();
    assert_eq!(
        notes[0],
        "合计：项目金额 11000.50 元，计划资金 15000.00 元，到位资金 4000.00 元"
    );
    let projects = book.worksheet_range("帮扶项目").unwrap();
    assert_eq!(projects.rows().count(), 4);
    // CSV: the lists sheet, the same totals.
    let csv = dir.path().join("责任.csv");
    let (ok, _, err) = zhucun_text(
        &db,
        &[
            "--lang",
            "en",
            "export",
            "responsibility",
            "--year",
            "2026",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Dispatching unit,"), "{text}");
    assert!(text.contains(",2,8000.50,10000.00,4000.00,40%,"), "{text}");
    assert!(
        text.contains(
            "Totals: projects 11000.50 yuan, funds planned 15000.00 yuan, delivered 4000.00 yuan"
        ),
        "{text}"
    );
    // A second run without --force is refused; both exports audited.
    let (ok, _, _) = zhucun_text(
        &db,
        &[
            "export",
            "responsibility",
            "--year",
            "2026",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    let s = Store::open(&db, crate::common::today()).unwrap();
    assert_eq!(audit_count(&s, "export", "ok"), 2);
}

#[test]
fn the_responsibility_export_is_scope_filtered() {
    use crate::common::zhucun_text;
    use crate::import_common::{fixture, import};
    use zhucun::transfer::ImportKind::Lists;
    let dir = tempfile::tempdir().unwrap();
    let mut s = small_db(dir.path());
    import(&mut s, Lists, &fixture("lists_ok.csv"), false).unwrap();
    let me = s.actor().account.clone();
    s.conn()
        .execute(
            "UPDATE app_user SET role = 'township', scope = '522701002' WHERE account = ?1",
            [&me],
        )
        .unwrap();
    drop(s);
    let db = dir.path().join("t.db");
    // The township's own: only 白云村.
    let csv = dir.path().join("t.csv");
    let (ok, _, err) = zhucun_text(
        &db,
        &[
            "export",
            "responsibility",
            "--year",
            "2026",
            "-o",
            csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("522701002201"), "{text}");
    assert!(!text.contains(V), "{text}");
    // Another township's scope: refused, nothing written.
    let other = dir.path().join("o.csv");
    let (ok, _, err) = zhucun_text(
        &db,
        &[
            "export",
            "responsibility",
            "--scope",
            "522701001",
            "-o",
            other.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(err.contains("522701002"), "{err}");
    assert!(!other.exists());
}

// ---- the `U` screen's forms ----

#[test]
fn the_units_screen_adds_a_project_and_sets_funds_through_forms() {
    use crate::ui_support::*;
    use zhucun::app::Popup;
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    // Only with a unit opened.
    keys(&mut a, "Up");
    assert!(a.popups.is_empty());
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .contains("先用 Enter 打开一个单位")
    );
    keys(&mut a, "<Enter>");
    let (unit, village) = {
        let d = a.units.as_ref().unwrap().detail.as_ref().unwrap();
        (d.unit.id, d.villages[0].code.clone())
    };
    let k = ListKey {
        unit,
        village,
        year: 2026,
    };
    let before = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    keys(&mut a, "p");
    assert!(matches!(a.popups.last(), Some(Popup::Entry(_))));
    let shown = render(&a, 100, 30);
    assert!(
        shown.contains("帮扶项目") && shown.contains("项目名称") && shown.contains("[新增一条]"),
        "{shown}"
    );
    keys(&mut a, "<Tab>");
    type_text(&mut a, "测试项目");
    keys(&mut a, "<Tab>");
    type_text(&mut a, "12x");
    keys(&mut a, "<C-s>");
    // A bad amount stays in the form, worded.
    assert!(matches!(a.popups.last(), Some(Popup::Entry(_))));
    assert!(render(&a, 100, 30).contains("不是金额"));
    keys(&mut a, "<Bksp>");
    type_text(&mut a, "00.5");
    // Enter moves on to the status (a choice: 计划), and on the last
    // field submits.
    keys(&mut a, "<Enter>");
    assert!(render(&a, 100, 30).contains("[计划]"));
    keys(&mut a, "<Right><Enter>");
    assert!(a.popups.is_empty(), "{}", render(&a, 100, 30));
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .contains("已保存帮扶责任清单")
    );
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(after.projects.len(), before.projects.len() + 1);
    let p = after.projects.last().unwrap();
    assert_eq!((p.name.as_str(), p.amount), ("测试项目", 120_050));
    assert_eq!(p.status, ProjectStatus::Underway);
    // Funds: the form holds the current ones; replaced here.
    keys(&mut a, "m");
    keys(&mut a, "<C-u>");
    type_text(&mut a, "5000");
    keys(&mut a, "<Tab><C-u>");
    type_text(&mut a, "2500");
    keys(&mut a, "<Enter>");
    assert!(a.popups.is_empty(), "{}", render(&a, 100, 30));
    let after = store_as(&db, ADMIN).bundle_input(&k).unwrap();
    assert_eq!(
        (after.funds_planned, after.funds_delivered),
        (500_000, 250_000)
    );
    assert_eq!(after.version, before.version.map(|v| v + 2));
    // The screen shows the new funds.
    let d = a.units.as_ref().unwrap().detail.as_ref().unwrap();
    assert_eq!(
        d.villages[0].bundle.as_ref().unwrap().funds_planned,
        500_000
    );
}

#[test]
fn a_township_is_refused_in_the_form_on_the_units_screen() {
    use crate::ui_support::*;
    use zhucun::app::Popup;
    let (_dir, db) = copy_db();
    let mut a = app_with(&db, LIAISON, opts(Lang::Zh));
    keys(&mut a, "U<Enter>m<C-u>");
    type_text(&mut a, "999");
    keys(&mut a, "<C-s>");
    // The store's refusal, in the form, the text kept.
    let Some(Popup::Entry(f)) = a.popups.last() else {
        panic!("the form stays open");
    };
    let e = f.error.as_deref().unwrap();
    assert!(e.contains("无权限") && e.contains(LIAISON), "{e}");
    assert_eq!(f.fields[0].typed(), "999");
    keys(&mut a, "<Esc>2?");
    let help = render(&a, 120, 200);
    assert!(
        help.lines()
            .any(|l| l.contains("│   p ") && l.contains("项目")),
        "{help}"
    );
}
