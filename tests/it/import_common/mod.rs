//! Shared set-up for the import and export tests: a small database with two
//! townships, three villages (one abolished) and one team leader.

pub use crate::common::{code, zhucun_text as zhucun};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use zhucun::domain::{Catalogue, MemberRole, VillageType};
use zhucun::store::{NewMember, Store};
use zhucun::transfer::{ImportKind, ImportOptions, TransferError};

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

pub fn small_db(dir: &Path) -> Store {
    let mut s = Store::create(
        &dir.join("t.db"),
        &Catalogue::builtin(),
        crate::common::today(),
    )
    .unwrap();
    let d = |c: &str, n: &str, t: Vec<VillageType>| (code(c), n.to_string(), t);
    s.add_divisions(&[
        d("520000", "贵州省", vec![]),
        d("522700", "黔南布依族苗族自治州", vec![]),
        d("522701", "都匀市", vec![]),
        d("522701001", "广惠街道", vec![]),
        d("522701002", "文峰街道", vec![]),
        d("522701001201", "青山村", vec![VillageType::FormerPoor]),
        d("522701002201", "白云村", vec![]),
        d("522701002299", "旧村", vec![]),
    ])
    .unwrap();
    s.abolish(&code("522701002299"), day("2024-01-01")).unwrap();
    s.load("test team", |ld| {
        ld.member(&NewMember {
            village: code("522701001201"),
            name: "张伟".into(),
            role: MemberRole::FirstSecretary,
            unit: "州财政局".into(),
            start: day("2025-06-01"),
            end: None,
        })?;
        Ok(())
    })
    .unwrap();
    // Tracked from the start of the year, so tests may record earlier
    // months; written directly, so the audit trail holds only what they count.
    s.conn()
        .execute(
            "UPDATE setting SET value = '2026-01-01' WHERE key = 'tracking_start'",
            [],
        )
        .unwrap();
    s.reload_settings().unwrap();
    s
}

/// Everything an import could change, as text.
pub fn fingerprint(store: &Store) -> String {
    let c = store.conn();
    let mut out = String::new();
    for sql in [
        "SELECT code || '|' || name || '|' || types || '|' || villages || '|' || ifnull(abolished_on, '') FROM division ORDER BY code",
        "SELECT id || '|' || village || '|' || name || '|' || role || '|' || unit || '|' || start_on || '|' || ifnull(end_on, '') FROM team_member ORDER BY id",
        "SELECT id || '|' || period || '|' || scope || '|' || title || '|' || body || '|' || tasks || '|' || version FROM guidance ORDER BY id",
        "SELECT id || '|' || ifnull(cadre, '') || '|' || ifnull(end_reason, '') FROM team_member ORDER BY id",
        "SELECT id || '|' || name || '|' || unit || '|' || ifnull(post, '') || '|' || ifnull(section_level, '') || '|' || tags || '|' || ifnull(selection, '') FROM cadre ORDER BY id",
        "SELECT id || '|' || name || '|' || ifnull(level, '') FROM dispatch_unit ORDER BY id",
        "SELECT count(*) FROM audit",
    ] {
        let mut st = c.prepare(sql).unwrap();
        let rows: Vec<String> = st
            .query_map([], |r| {
                r.get::<_, String>(0)
                    .or_else(|_| r.get::<_, i64>(0).map(|n| n.to_string()))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        out.push_str(&rows.join("\n"));
        out.push_str("\n--\n");
    }
    out
}

pub fn import(
    store: &mut Store,
    kind: ImportKind,
    path: &Path,
    check: bool,
) -> Result<zhucun::transfer::ImportOutcome, TransferError> {
    let opts = ImportOptions {
        check,
        ..ImportOptions::default()
    };
    zhucun::transfer::import(store, kind, path, &opts, &|_, _, _| {})
}

/// The problem lines of a failed import, and the store unchanged.
pub fn problems(store: &mut Store, kind: ImportKind, name: &str) -> Vec<String> {
    problems_in(store, kind, name, zhucun::i18n::Lang::En)
}

/// [`problems`] in `lang`.
pub fn problems_in(
    store: &mut Store,
    kind: ImportKind,
    name: &str,
    lang: zhucun::i18n::Lang,
) -> Vec<String> {
    let before = fingerprint(store);
    let err = import(store, kind, &fixture(name), false).expect_err(name);
    assert_eq!(fingerprint(store), before, "{name} changed the database");
    match err {
        TransferError::Invalid { problems, .. } => problems.lines_in(lang),
        other => panic!("{name}: expected problems, got {other}"),
    }
}

/// The Chinese problem lines of fixture `name`, as written in
/// tests/fixtures/import/problems.zh.txt (blocks of `== NAME` and its lines).
pub fn expected_zh(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture("problems.zh.txt")).unwrap();
    let mut lines = text.lines();
    let head = format!("== {name}");
    let _ = lines.by_ref().find(|l| *l == head);
    lines
        .take_while(|l| !l.starts_with("== "))
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
