//! The demo prefecture's own villages and teams, written to files and
//! imported into a database that has only its counties and townships,
//! reproduce the same counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod import_common;

use import_common::*;
use std::fmt::Write as _;
use zhucun::domain::{Catalogue, Division, Level, VillageType};
use zhucun::i18n::Lang;
use zhucun::store::Store;
use zhucun::transfer::ImportKind;

fn all_under(store: &Store, d: &Division, out: &mut Vec<Division>) {
    for c in store.children(&d.code).unwrap() {
        out.push(c.clone());
        if c.level() < Level::Township {
            all_under(store, &c, out);
        }
    }
}

#[test]
fn demo_villages_and_teams_round_trip_through_files() {
    let dir = tempfile::tempdir().unwrap();
    let today = day("2026-11-28");
    let mut demo =
        Store::create(&dir.path().join("demo.db"), &Catalogue::builtin(), today).unwrap();
    zhucun::demo::load(&mut demo, today).unwrap();
    let root = demo.root().unwrap().unwrap();

    // Files as a county office would send them: GBK villages, UTF-8 teams.
    let mut villages = String::from("序号,乡镇代码,乡镇名称,村代码,名称,类型\r\n");
    let mut teams = String::from("村代码,村名称,姓名,职务,派出单位,开始日期,结束日期\r\n");
    for (i, v) in demo.villages_within(&root.code).unwrap().iter().enumerate() {
        let town = v.code.parent().unwrap();
        let tname = demo.division(&town).unwrap().unwrap().name;
        let types: Vec<&str> = v.types.iter().map(|t| Lang::Zh.village_type(*t)).collect();
        writeln!(
            villages,
            "{},{town},{tname},{},{},{}\r",
            i + 1,
            v.code,
            v.name,
            types.join("、")
        )
        .unwrap();
        for m in demo.team(&v.code).unwrap() {
            writeln!(
                teams,
                "{},{},{},{},{},{},{}\r",
                v.code,
                v.name,
                m.name,
                Lang::Zh.member_role(m.role),
                m.unit,
                m.start.format("%Y/%-m/%-d"),
                m.end
                    .map(|e| e.format("%Y年%-m月%-d日").to_string())
                    .unwrap_or_default()
            )
            .unwrap();
        }
    }
    let vpath = dir.path().join("村名单.csv");
    std::fs::write(&vpath, encoding_rs::GBK.encode(&villages).0).unwrap();
    let tpath = dir.path().join("工作队.csv");
    std::fs::write(&tpath, teams.as_bytes()).unwrap();

    // A fresh database with the province, prefecture, counties and townships.
    let mut fresh =
        Store::create(&dir.path().join("fresh.db"), &Catalogue::builtin(), today).unwrap();
    let mut upper = vec![
        demo.division(&root.code.parent().unwrap())
            .unwrap()
            .unwrap(),
        root.clone(),
    ];
    all_under(&demo, &root, &mut upper);
    let rows: Vec<(zhucun::domain::DivisionCode, String, Vec<VillageType>)> = upper
        .into_iter()
        .map(|d| (d.code, d.name, d.types))
        .collect();
    fresh.add_divisions(&rows).unwrap();

    let out = import(&mut fresh, ImportKind::Villages, &vpath, false).unwrap();
    assert_eq!(out.counts.added, zhucun::demo::VILLAGES);
    let out = import(&mut fresh, ImportKind::Teams, &tpath, false).unwrap();
    let (a, b) = (demo.check().unwrap(), fresh.check().unwrap());
    assert_eq!(out.counts.added as i64, a.team_members);
    assert_eq!(
        (b.villages, b.team_members, b.divisions),
        (a.villages, a.team_members, a.divisions)
    );
    for code in ["522700", "522701", "522732", "522701001"] {
        assert_eq!(
            fresh.village_count(&code_of(code)).unwrap(),
            demo.village_count(&code_of(code)).unwrap(),
            "{code}"
        );
    }
    // And a second time, nothing changes.
    let again = import(&mut fresh, ImportKind::Teams, &tpath, false).unwrap();
    assert!(!again.written);
    assert_eq!(again.counts.unchanged as i64, a.team_members);
}

fn code_of(s: &str) -> zhucun::domain::DivisionCode {
    code(s)
}
