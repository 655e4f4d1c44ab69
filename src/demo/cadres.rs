//! The demo's cadres, dispatching units and posting history (issue 12):
//! unit levels and fictional contacts, how each cadre was selected, ended
//! postings with their reasons, and a few villages with 1+2+N gaps. Drawn
//! from its own generator after the teams are loaded, so the rest of the
//! demo comes out as before.

use super::rng::Rng;
use crate::store::{Loader, Result};
use chrono::{Days, NaiveDate};

const POSTS: [&str; 6] = ["科员", "副科长", "科长", "副主任", "主任科员", "站长"];
const TAGS: [&str; 8] = [
    "农技",
    "电商",
    "党建",
    "财务",
    "规划",
    "医疗卫生",
    "教育",
    "文旅",
];
const SELECT_IDS: &str = "SELECT id FROM cadre ORDER BY id";

/// The ids a query selects (for the other demo parts too).
pub(super) fn ids_of(ld: &Loader, sql: &str) -> Result<Vec<i64>> {
    ids(ld, sql)
}

fn ids(ld: &Loader, sql: &str) -> Result<Vec<i64>> {
    let mut st = ld.tx().prepare(sql)?;
    let v = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x4341_4452_4553);
    let tx = ld.tx();
    crate::store::link_cadres(tx)?;
    // Units: the level from the name (the prefecture's own, a county's name
    // first, else a township's); contacts and leaders plainly fictional.
    tx.execute_batch(
        "UPDATE dispatch_unit SET
            level = CASE WHEN name LIKE '州%' OR name LIKE '团州%' OR name LIKE '黔南州%' THEN 'prefecture'
                         WHEN EXISTS (SELECT 1 FROM division d WHERE d.level = 2
                                      AND substr(dispatch_unit.name, 1, length(d.name)) = d.name) THEN 'county'
                         ELSE 'township' END,
            contact = '0854-555' || printf('%04d', id),
            leader = '（演示）分管领导' || id;",
    )?;
    let mut cadre = tx.prepare(
        "UPDATE cadre SET post = ?2, section_level = ?3, tags = ?4, selection = ?5 WHERE id = ?1",
    )?;
    for id in ids(ld, SELECT_IDS)? {
        let post = POSTS[rng.below(POSTS.len())];
        let section = i64::from(matches!(post, "副科长" | "科长" | "主任科员") || rng.chance(0.2));
        let mut tags = vec![TAGS[rng.below(TAGS.len())]];
        if rng.chance(0.4) {
            let t = TAGS[rng.below(TAGS.len())];
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let selection = if rng.chance(0.4) { "org" } else { "unit" };
        cadre.execute((id, post, section, tags.join("、"), selection))?;
    }
    drop(cadre);
    // Ended postings: mostly rotated at the end of the term.
    let mut reason = tx.prepare("UPDATE team_member SET end_reason = ?2 WHERE id = ?1")?;
    for id in ids(
        ld,
        "SELECT id FROM team_member WHERE end_on IS NOT NULL ORDER BY id",
    )? {
        let r = match rng.below(100) {
            0..=79 => "rotation",
            80..=87 => "other",
            88..=92 => "recalled",
            93..=96 => "poor_performance",
            _ => "health",
        };
        reason.execute((id, r))?;
    }
    // Some handovers left a gap: the former first secretary left 5-40 days
    // before the successor arrived.
    let mut early = tx.prepare("UPDATE team_member SET end_on = date(end_on, ?2) WHERE id = ?1")?;
    for id in ids(
        ld,
        "SELECT id FROM team_member WHERE end_on IS NOT NULL AND role = 'first_secretary' ORDER BY id",
    )? {
        if rng.chance(0.3) {
            early.execute((id, format!("-{} days", 5 + rng.below(36))))?;
        }
    }
    // Some stayed on for a second term: in post for two years or more now.
    let mut longer =
        tx.prepare("UPDATE team_member SET start_on = date(start_on, '-2 years') WHERE id = ?1")?;
    for id in ids(
        ld,
        "SELECT id FROM team_member WHERE end_on IS NULL AND role = 'resident' ORDER BY id",
    )? {
        if rng.chance(0.05) {
            longer.execute([id])?;
        }
    }
    // A few villages lost a team member recently and wait for a replacement.
    let mut left =
        tx.prepare("UPDATE team_member SET end_on = ?2, end_reason = ?3 WHERE id = ?1")?;
    let residents = ids(
        ld,
        "SELECT max(id) FROM team_member WHERE end_on IS NULL AND role = 'resident' GROUP BY village ORDER BY village",
    )?;
    for id in residents {
        if rng.chance(0.04) {
            let end = today - Days::new(10 + rng.below(80) as u64);
            let r = if rng.chance(0.5) {
                "health"
            } else {
                "recalled"
            };
            left.execute((id, end.to_string(), r))?;
        }
    }
    let leaders = ids(
        ld,
        "SELECT id FROM team_member WHERE end_on IS NULL AND role = 'first_secretary' ORDER BY village",
    )?;
    for id in leaders {
        if rng.chance(0.015) {
            let end = today - Days::new(5 + rng.below(40) as u64);
            left.execute((id, end.to_string(), "recalled"))?;
        }
    }
    Ok(())
}
