//! The fixture corpus: one file per problem, each with its exact message and
//! the database unchanged; valid files in every accepted encoding.

use crate::import_common;

use import_common::*;
use zhucun::transfer::{Encoding, ImportKind, ImportOptions};

use ImportKind::{Guidance, Teams, Villages};

/// The fixture's problems in English (`expected`) and in Chinese (its
/// block in problems.zh.txt).
fn check(kind: ImportKind, name: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let got = problems(&mut store, kind, name);
    assert_eq!(got, expected, "{name}");
    let zh = problems_in(&mut store, kind, name, zhucun::i18n::Lang::Zh);
    if std::env::var_os("ZHUCUN_BLESS_ZH").is_some() {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(fixture("problems.zh.txt"))
            .unwrap();
        writeln!(f, "== {name}\n{}\n", zh.join("\n")).unwrap();
        return;
    }
    assert_eq!(zh, expected_zh(name), "{name} in Chinese");
}

#[test]
fn valid_villages_in_every_encoding() {
    for name in [
        "villages_ok_utf8.csv",
        "villages_ok_bom_crlf.csv",
        "villages_ok_gbk.csv",
        "villages_ok_utf16.txt",
        "villages_ok_utf16be.txt",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = small_db(dir.path());
        let out = import(&mut store, Villages, &fixture(name), false).expect(name);
        assert_eq!((out.counts.added, out.counts.rows), (3, 3), "{name}");
        let v = store.village(&code("522701001001")).unwrap();
        assert_eq!(v.name, "新城社区", "{name}");
        assert_eq!(store.village_count(&code("522701")).unwrap(), 5, "{name}");
    }
}

#[test]
fn named_encoding_and_utf16_without_bom() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    check(
        Villages,
        "villages_utf16_no_bom.txt",
        &[
            "villages_utf16_no_bom.txt: the file looks like UTF-16 without a byte-order mark; pass --encoding utf-16le (or utf-16be)",
        ],
    );
    let opts = ImportOptions {
        check: true,
        encoding: Encoding::Utf16le,
    };
    let out = zhucun::transfer::import(
        &mut store,
        Villages,
        &fixture("villages_utf16_no_bom.txt"),
        &opts,
        &|_, _, _| {},
    );
    // The header alone decodes; it has no rows.
    let err = out.unwrap_err().to_string();
    assert!(
        err.starts_with("1 problem in villages_utf16_no_bom.txt"),
        "{err}"
    );
    let opts = ImportOptions {
        check: false,
        encoding: Encoding::Utf8,
    };
    let err = zhucun::transfer::import(
        &mut store,
        Villages,
        &fixture("villages_ok_gbk.csv"),
        &opts,
        &|_, _, _| {},
    )
    .unwrap_err();
    match err {
        zhucun::transfer::TransferError::Invalid { problems, .. } => assert_eq!(
            problems.lines(),
            [
                "villages_ok_gbk.csv:1: this line is not valid UTF-8; save the file as UTF-8 CSV, or name its encoding with --encoding"
            ]
        ),
        e => panic!("{e}"),
    }
}

#[test]
fn village_problems() {
    check(
        Villages,
        "villages_unknown_township.csv",
        &[
            "villages_unknown_township.csv:2: column 乡镇代码: unknown township code 522701009; no such township in the database",
        ],
    );
    check(
        Villages,
        "villages_outside_range.csv",
        &[
            "villages_outside_range.csv:2: column 村代码: village code 522701002203 is outside its township's range (522701001001-522701001999)",
        ],
    );
    check(
        Villages,
        "villages_duplicate_in_file.csv",
        &[
            "villages_duplicate_in_file.csv:3: column 村代码: village code 522701001203 appears twice in the file (first on line 2)",
        ],
    );
    check(
        Villages,
        "villages_duplicate_in_db.csv",
        &[
            "villages_duplicate_in_db.csv:2: column 名称: township 522701001 already has a village named 青山村 in the database (code 522701001201)",
        ],
    );
    check(
        Villages,
        "villages_unknown_type.csv",
        &[
            "villages_unknown_type.csv:2: column 类型: unknown village type \"富裕村\"; expected 脱贫村, 搬迁社区, 示范村, 软弱涣散村 or 红色村庄试点",
        ],
    );
    check(
        Villages,
        "villages_ragged.csv",
        &[
            "villages_ragged.csv:2: this row has 5 fields but the header has 4; a comma inside a value needs the value in quotes",
        ],
    );
    check(
        Villages,
        "villages_short_row.csv",
        &[
            "villages_short_row.csv:2: this row has 2 fields but the header has 4; a comma inside a value needs the value in quotes",
        ],
    );
    check(
        Villages,
        "villages_unterminated_quote.csv",
        &[
            "villages_unterminated_quote.csv:2: a quote opens field 3 here and is never closed, so the rest of the file would be read as one field; add the closing \"",
        ],
    );
    check(
        Villages,
        "villages_text_after_quote.csv",
        &[
            "villages_text_after_quote.csv:2: text after the closing quote of field 3; quote the whole field and double any \" inside it",
        ],
    );
    check(
        Villages,
        "villages_too_long.csv",
        &["villages_too_long.csv:2: column 名称: 41 characters; the limit is 40"],
    );
    check(
        Villages,
        "villages_huge_field.csv",
        &[
            "villages_huge_field.csv:2: field 4 is 71680 bytes long; no field may be over 64 KiB (is a quote missing?)",
            "villages_huge_field.csv:2: column 类型: 65536 characters; the limit is 200",
        ],
    );
    check(
        Villages,
        "villages_missing_column.csv",
        &[
            "villages_missing_column.csv:1: the header has no 村代码 column (village_code); expected 乡镇代码, 村代码, 名称, 类型 (optional)",
        ],
    );
    check(
        Villages,
        "villages_unknown_column.csv",
        &[
            "villages_unknown_column.csv:1: column 人口: unknown column \"人口\"; expected 乡镇代码, 村代码, 名称, 类型 (optional)",
        ],
    );
    check(
        Villages,
        "villages_bad_code.csv",
        &[
            "villages_bad_code.csv:2: column 村代码: division code \"52270100121X\" must be 6, 9 or 12 digits",
        ],
    );
    check(
        Villages,
        "villages_abolished.csv",
        &[
            "villages_abolished.csv:2: column 村代码: village code 522701002299 was abolished; abolished codes are kept and not reused",
        ],
    );
    check(
        Villages,
        "villages_bad_encoding.csv",
        &[
            "villages_bad_encoding.csv:2: this line is neither UTF-8 nor GBK/GB18030; save the file as UTF-8 CSV, or name its encoding with --encoding",
        ],
    );
    check(
        Villages,
        "villages_empty.csv",
        &[
            "villages_empty.csv: the file is empty; expected a header row with 乡镇代码, 村代码, 名称, 类型 (optional)",
        ],
    );
    check(
        Villages,
        "villages_header_only.csv",
        &["villages_header_only.csv:1: the file has a header but no rows"],
    );
}

#[test]
fn fullwidth_codes_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(
        &mut store,
        Villages,
        &fixture("villages_fullwidth_code.csv"),
        false,
    )
    .unwrap();
    assert_eq!(out.counts.added, 1);
    assert_eq!(store.village(&code("522701001214")).unwrap().name, "寅村");
}

#[test]
fn team_problems() {
    check(
        Teams,
        "teams_unknown_role.csv",
        &[
            "teams_unknown_role.csv:2: column 职务: unknown role \"村长\"; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部",
        ],
    );
    check(
        Teams,
        "teams_impossible_date.csv",
        &[
            "teams_impossible_date.csv:2: column 开始日期: \"2025-02-30\" is not a real day (month 2 has no day 30)",
        ],
    );
    check(
        Teams,
        "teams_ambiguous_date.csv",
        &[
            "teams_ambiguous_date.csv:2: column 开始日期: \"06/01/2025\" is ambiguous (day and month order, or a two-digit year); write it as 2025-06-01",
        ],
    );
    check(
        Teams,
        "teams_end_before_start.csv",
        &[
            "teams_end_before_start.csv:2: column 结束日期: the end date 2025-01-01 is before the start date 2025-06-01",
        ],
    );
    check(
        Teams,
        "teams_two_leaders.csv",
        &[
            "teams_two_leaders.csv:2: column 职务: village 522701001201 would have two first secretaries in post at once: 周杰 (from 2026-01-01) and 张伟 (from 2025-06-01, in the database)",
        ],
    );
    check(
        Teams,
        "teams_unknown_village.csv",
        &[
            "teams_unknown_village.csv:2: column 村代码: no village or community with code 522701001299 in the database; import the village first",
        ],
    );
    check(
        Teams,
        "teams_duplicate.csv",
        &[
            "teams_duplicate.csv:3: column 姓名: 孙丽 (from 2025-06-01) appears twice for village 522701001201 (first on line 2)",
        ],
    );
}

#[test]
fn problems_are_capped_at_fifty() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let lines = problems(&mut store, Teams, "teams_many_problems.csv");
    assert_eq!(lines.len(), 51);
    assert_eq!(
        lines[0],
        "teams_many_problems.csv:2: column 职务: unknown role \"村长\"; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部"
    );
    assert_eq!(lines[50], "... and 10 more problems");
}

#[test]
fn valid_teams_with_mixed_dates_in_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(&mut store, Teams, &fixture("teams_ok.csv"), false).unwrap();
    assert_eq!(out.counts.added, 4);
    assert_eq!(out.encoding, Some(Encoding::Gb18030));
    let team = store.team(&code("522701002201")).unwrap();
    let starts: Vec<String> = team
        .iter()
        .map(|m| format!("{} {} {:?}", m.name, m.start, m.end))
        .collect();
    assert_eq!(
        starts,
        ["赵敏 2025-06-01 None", "陈刚 2025-06-01 Some(2026-05-31)"]
    );
    let team = store.team(&code("522701001201")).unwrap();
    assert_eq!(
        team.iter().find(|m| m.name == "王强").unwrap().start,
        day("2025-07-15")
    );
}

#[test]
fn guidance_problems_and_import() {
    check(
        Guidance,
        "guidance_year.csv",
        &[
            "guidance_year.csv:2: column 期间: 2026 is a year; guidance is issued per quarter (2026Q4) or per month (2026-11)",
        ],
    );
    check(
        Guidance,
        "guidance_bad_task.csv",
        &["guidance_bad_task.csv:2: column 任务: no task number 26 in the duty catalogue (1-25)"],
    );
    check(
        Guidance,
        "guidance_unknown_scope.csv",
        &[
            "guidance_unknown_scope.csv:2: column 范围: no division with code 522799 in the database",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = small_db(dir.path());
    let out = import(&mut store, Guidance, &fixture("guidance_ok.csv"), false).unwrap();
    assert_eq!(out.counts.added, 2);
    let g = store
        .guidance_for(
            &code("522701001201"),
            zhucun::domain::Period::parse("2026Q4").unwrap(),
        )
        .unwrap();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].body, "一、防火。\n二、考核。");
    assert_eq!(g[0].tasks, vec![8, 19]);
}
