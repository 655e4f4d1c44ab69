//! Text one person stores is shown in another person's terminal: every
//! payload of the corpus (OSC title and clipboard, screen clears, CSI, C1,
//! CR, BS, bidi overrides and isolates, zero-width and separator
//! characters) stored through each entry path this crate has today comes
//! back clean, from the store and in the bytes the commands print.
//! (Import and the terminal UI screens add their own paths to this corpus.)

use crate::common;
use crate::server_common;
use common::*;
use server_common::*;
use zhucun::domain::{MemberRole, Period, Status, text};
use zhucun::store::{GuidanceInput, NewMember, RecordInput, Store};

fn clean_text(what: &str, s: &str) {
    assert_clean(what, s.as_bytes());
}

#[test]
fn cli_record_notes_come_back_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let corpus = payloads();
    for (i, (name, p)) in corpus.iter().enumerate() {
        // Monthly tasks 1, 4, 5, 9 in turn, across two villages.
        let task = [1, 4, 5, 9][i % 4].to_string();
        let village = ["522701001201", "522701001202"][i / 4 % 2];
        let o = zhucun(
            &db,
            &[
                "record",
                "--village",
                village,
                "--task",
                &task,
                "--status",
                "doing",
                "--note",
                p,
            ],
        );
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_clean(name, &o.stdout);
        assert_clean(name, &o.stderr);
    }
    let s = Store::open(&db, today()).unwrap();
    for v in ["522701001201", "522701001202"] {
        for row in s.checklist(&code(v), today()).unwrap() {
            if let Some(r) = &row.record {
                clean_text("stored note", &r.note);
            }
        }
    }
    // The visible part of each payload survived.
    let note = s
        .completion(&code("522701001201"), 1, Period::parse("2026-11").unwrap())
        .unwrap()
        .unwrap()
        .note;
    assert!(!note.is_empty());
    for row in s.audit_rows(&Default::default()).unwrap() {
        for t in [&row.record, &row.account]
            .into_iter()
            .chain(row.old.as_ref())
            .chain(row.new.as_ref())
        {
            clean_text("audit text", t);
        }
    }
    for args in [vec!["audit"], vec!["--lang", "en", "audit"], vec!["report"]] {
        let o = zhucun(&db, &args);
        assert!(o.status.success());
        assert_clean(&format!("{args:?}"), &o.stdout);
    }
    println!(
        "sanitiser: {} payloads stored with `zhucun record --note`, clean in the store, the audit trail, and the bytes of record/audit/report output",
        corpus.len()
    );
}

#[test]
fn each_payload_is_stripped_to_its_visible_text() {
    let expect = [
        ("osc title", "记录]0;pwned完成"),
        ("screen clear", "[2J[H清屏"),
        ("c1 csi 0x9b", "a2Jb31mc"),
        ("carriage return", "doneoverdue"),
        ("backspace", "donetodo"),
        ("bidi override", "付款0001元"),
        ("zero width", "松岭村"),
        ("line separator", "第一行第二行第三行"),
        ("tag characters", "ok"),
    ];
    let corpus = payloads();
    for (name, want) in expect {
        let p = &corpus.iter().find(|(n, _)| *n == name).unwrap().1;
        assert_eq!(text::sanitize(p, true), want, "{name}");
    }
    // NUL cannot travel in a command-line argument, but can in an import.
    assert_eq!(text::sanitize("a\u{0}b", true), "ab");
}

#[test]
fn guidance_team_and_account_paths_come_back_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let corpus = payloads();
    let mut ids = Vec::new();
    for (name, p) in &corpus {
        let g = GuidanceInput {
            period: Period::parse("2026Q4").unwrap(),
            scope: code("522701"),
            title: format!("要点{p}"),
            body: format!("正文\n{p}\n结束"),
            tasks: vec![1, 4],
        };
        let id = s
            .issue_guidance(&g)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        ids.push(id);
    }
    // Edits go through the same path.
    let first = s.guidance_by_id(ids[0]).unwrap().unwrap();
    let edited = GuidanceInput {
        period: first.period,
        scope: code("522701"),
        title: corpus[1].1.clone(),
        body: corpus[2].1.clone(),
        tasks: vec![],
    };
    s.edit_guidance(ids[0], first.version, &edited).unwrap();
    for g in s
        .guidance_for(&code("522701001201"), Period::parse("2026Q4").unwrap())
        .unwrap()
    {
        clean_text("guidance title", &g.title);
        clean_text("guidance body", &g.body);
        assert!(
            g.body.contains('\n') || g.id == ids[0],
            "multi-line bodies keep their lines"
        );
    }
    // Team members come in through bulk loads (demo, import).
    s.load("team payloads", |ld| {
        for (_, p) in &corpus {
            ld.member(&NewMember {
                village: code("522701001201"),
                name: format!("王{p}"),
                role: MemberRole::Resident,
                unit: format!("州{p}局"),
                start: today(),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    for m in s.team(&code("522701001201")).unwrap() {
        clean_text("member name", &m.name);
        clean_text("member unit", &m.unit);
    }
    // A note with every payload at once, through the library (the UI path).
    let all: String = corpus.iter().map(|(_, p)| p.as_str()).collect();
    let rec = s
        .record(&RecordInput {
            village: code("522701001201"),
            task: 9,
            period: Period::parse("2026-11").unwrap(),
            status: Status::Doing,
            note: Some(format!("{all}\u{0}")),
            done_on: None,
            expected_version: Some(0),
        })
        .unwrap();
    clean_text("library note", &rec.note);
    for row in s.audit_rows(&Default::default()).unwrap() {
        for t in row.old.iter().chain(row.new.iter()) {
            clean_text("audit text", t);
        }
    }
    let o = zhucun(&db, &["audit"]);
    assert_clean("zhucun audit", &o.stdout);
    // An account name is checked, and echoed back clean in the refusal.
    let o = zhucun(
        &db,
        &[
            "user",
            "add",
            &format!("evil{}", corpus[0].1),
            "--role",
            "admin",
        ],
    );
    assert!(!o.status.success());
    assert_clean("user add message", &o.stderr);
    assert!(stderr(&o).contains("不是账号名"), "{}", stderr(&o));
    println!(
        "sanitiser: {} payloads through guidance issue and edit, team loads, a library record and an account name: clean",
        corpus.len()
    );
}

#[test]
fn text_written_around_the_program_is_cleaned_on_display() {
    // Rows that never went through zhucun (written with a direct SQL
    // connection, e.g. before the deployment was locked down) are cleaned
    // again when the audit trail and the user list are printed.
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let evil = &payloads()[0].1;
    c.execute(
        "INSERT INTO audit(seq, at, account, action, record, old, new, outcome, hash)
         VALUES (3, ?1, ?1, ?1, ?1, ?1, ?1, ?1, 'x')",
        [evil],
    )
    .unwrap();
    c.execute(
        "INSERT INTO app_user(account, role, scope, added_by, added_at) VALUES (?1, 'viewer', '522700', ?1, ?1)",
        [evil],
    )
    .unwrap();
    drop(c);
    for args in [vec!["audit"], vec!["user", "list"]] {
        let o = zhucun(&db, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_clean(&format!("{args:?}"), &o.stdout);
        assert!(stdout(&o).contains("]0;pwned"), "the visible text is kept");
    }
}

#[test]
fn the_checker_catches_every_raw_payload() {
    for (name, p) in payloads() {
        let r = std::panic::catch_unwind(|| assert_clean(name, p.as_bytes()));
        assert!(r.is_err(), "{name} would pass the check raw");
    }
}

#[test]
fn the_seeded_payload_database_reads_back_clean_on_every_store_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    let seeded = seed_payloads(&mut s);
    let mut texts = 0;
    let mut check = |what: &str, t: &str| {
        clean_text(what, t);
        texts += 1;
    };
    for row in s.checklist(&seeded.village, today()).unwrap() {
        if let Some(r) = &row.record {
            check("note", &r.note);
            for h in s
                .history(&zhucun::store::record_key(
                    &seeded.village,
                    row.task.number,
                    row.period,
                ))
                .unwrap()
            {
                for t in h.old.iter().chain(h.new.iter()) {
                    check("history", t);
                }
            }
        }
    }
    for g in s.guidance_for(&seeded.village, seeded.quarter).unwrap() {
        check("guidance title", &g.title);
        check("guidance body", &g.body);
    }
    for m in s.team(&seeded.village).unwrap() {
        check("member", &m.name);
        check("unit", &m.unit);
    }
    assert_eq!(
        s.guidance_for(&seeded.village, seeded.quarter)
            .unwrap()
            .len(),
        3
    );
    assert!(texts > 40, "{texts} texts checked");
}
