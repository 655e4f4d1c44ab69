//! The demo's training (issue 13): the May sessions of the seed (6-11 May,
//! 州县镇三级, the three kinds): one prefecture session on theory, one
//! policy session per county, practice sessions in the townships of two
//! counties; most cadres attended, some were on leave or absent, a few
//! attended none. Their grid days are written by the store's own function
//! (store::training::rewrite_grid). Drawn from its own generator, after
//! everything else, so the rest of the demo comes out as before.

use super::rng::Rng;
use crate::store::{Loader, Result};
use chrono::{Datelike, NaiveDate};

/// (title, kind, division, organiser, first and last day of May, hours, venue, speakers)
type Plan = (
    String,
    &'static str,
    String,
    String,
    u32,
    u32,
    u32,
    String,
    String,
);

fn plans(counties: &[(String, String)], towns: &[(String, String, String)]) -> Vec<Plan> {
    let mut v: Vec<Plan> = vec![(
        "全州驻村干部理论学习专题培训班".into(),
        "theory",
        "522700".into(),
        "州委组织部、州驻村办".into(),
        6,
        7,
        16,
        "州委党校".into(),
        "（演示）州委党校讲师组".into(),
    )];
    for (code, name) in counties {
        v.push((
            format!("{name}乡村振兴政策专题培训"),
            "policy",
            code.clone(),
            format!("{name}驻村办"),
            8,
            9,
            16,
            format!("{name}委党校"),
            "（演示）县农业农村局、县乡村振兴局".into(),
        ));
    }
    for (code, name, county) in towns {
        if county == "522701" || county == "522702" {
            v.push((
                format!("{name}驻村工作实践经验交流会"),
                "practice",
                code.clone(),
                format!("{name}党委"),
                10,
                11,
                12,
                format!("{name}会议室"),
                "（演示）优秀第一书记代表".into(),
            ));
        }
    }
    v
}

pub(super) fn load(
    ld: &mut Loader,
    today: NaiveDate,
    counties: &[(String, String)],
    towns: &[(String, String, String)],
    by: &str,
    now: &str,
) -> Result<()> {
    let mut rng = Rng::new(0x5452_4149_4E49);
    // The May of this year once it has passed, else last year's.
    let year = if today.month() > 5 {
        today.year()
    } else {
        today.year() - 1
    };
    let tx = ld.tx();
    // A few cadres attended nothing this year (kept off every list here).
    let mut never = std::collections::HashSet::new();
    for id in super::cadres::ids_of(ld, "SELECT id FROM cadre ORDER BY id")? {
        if rng.chance(0.04) {
            never.insert(id);
        }
    }
    for (title, kind, division, organiser, from, to, hours, venue, speakers) in
        plans(counties, towns)
    {
        let level = match division.len() {
            6 if division.ends_with("00") => "prefecture",
            6 => "county",
            _ => "township",
        };
        let (from, to) = (format!("{year}-05-{from:02}"), format!("{year}-05-{to:02}"));
        tx.execute(
            "INSERT INTO training_session(title, kind, level, division, organiser, from_on, to_on, hours, venue, speakers,
                created_by, created_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?12)",
            rusqlite::params![title, kind, level, division, organiser, from, to, hours, venue, speakers, by, now],
        )?;
        let session = tx.last_insert_rowid();
        let lo = super::code(&division)?.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let roster: Vec<i64> = {
            let mut st = tx.prepare_cached(
                "SELECT DISTINCT cadre FROM team_member WHERE cadre IS NOT NULL AND village >= ?1 AND village < ?2
                 AND start_on <= ?3 AND (end_on IS NULL OR end_on >= ?4) ORDER BY cadre",
            )?;
            st.query_map(rusqlite::params![lo, hi, to, from], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut mark = tx.prepare_cached(
            "INSERT INTO training_attendance(session, cadre, status, hours, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for cadre in roster {
            let (status, credited) = match rng.below(100) {
                _ if never.contains(&cadre) => ("absent", 0),
                0..=6 => ("leave", 0),
                7..=10 => ("absent", 0),
                11..=14 => ("attended", hours - hours / 4),
                _ => ("attended", hours),
            };
            mark.execute(rusqlite::params![session, cadre, status, credited, by, now])?;
            crate::store::training_grid(tx, session, cadre)?;
        }
    }
    Ok(())
}
