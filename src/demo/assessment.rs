//! The demo's annual assessment (issue 13): every county's cadres graded
//! for the year before today's, 优秀 within each county's quota and never
//! for a recalled cadre, and a few commendations (one 州级, so the
//! 专项培养方案 list has somebody on it). Deterministic: grades follow the
//! cadre ids, no random draws.

use crate::domain::assessment::{self as rules, Grade};
use crate::store::{Loader, Result};
use chrono::{Datelike, NaiveDate};

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let year = today.year() - 1;
    let on = NaiveDate::from_ymd_opt(today.year(), 1, 15)
        .filter(|d| *d <= today)
        .unwrap_or(today);
    let at = format!("{on}T10:00:00+08:00");
    let tx = ld.tx();
    let counties: Vec<(String, String)> = tx
        .prepare("SELECT code, name FROM division WHERE level = 2 ORDER BY code")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let (y0, y1) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let mut pool = tx.prepare(
        "SELECT t.cadre, coalesce(max(t.end_reason = 'recalled' AND t.end_on >= ?1 AND t.end_on <= ?2), 0)
         FROM team_member t WHERE t.cadre IS NOT NULL AND substr(t.village, 1, 6) = ?3
           AND t.start_on <= ?2 AND (t.end_on IS NULL OR t.end_on >= ?1)
         GROUP BY t.cadre ORDER BY t.cadre",
    )?;
    let mut put = tx.prepare(
        "INSERT OR IGNORE INTO assessment(cadre, year, grade, body, pool_kind, pool_key, assessed_on, basis, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, 'county', ?5, ?6, ?7, 'demo', ?8)",
    )?;
    for (code, name) in &counties {
        let cadres: Vec<(i64, bool)> = pool
            .query_map((&y0, &y1, code), |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? != 0))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // One place left free, so the screen shows a counter below its quota.
        let quota = rules::excellent_quota(cadres.len() as u32, rules::DEFAULT_EXCELLENT_QUOTA_PCT);
        let mut excellent = 0;
        let body = format!("{name}驻村工作领导小组办公室");
        for (i, (cadre, recalled)) in cadres.iter().enumerate() {
            let grade = if !recalled && i % 4 == 1 && excellent + 1 < quota {
                excellent += 1;
                Grade::Excellent
            } else if i % 17 == 5 {
                Grade::Basic
            } else {
                Grade::Competent
            };
            put.execute((
                cadre,
                year,
                grade.key(),
                &body,
                code,
                on.to_string(),
                "年度述职、群众测评、乡镇党委意见",
                &at,
            ))?;
        }
    }
    let first: Vec<i64> = tx
        .prepare("SELECT cadre FROM assessment WHERE year = ?1 AND grade = 'excellent' ORDER BY cadre LIMIT 3")?
        .query_map([year], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let awards = [
        ("prefecture", "全州优秀驻村第一书记", "黔南党发〔{y}〕12号"),
        ("county", "县级优秀驻村干部", "县委组〔{y}〕5号"),
        ("county", "脱贫攻坚与乡村振兴先进个人", "县委〔{y}〕21号"),
    ];
    for (cadre, (level, title, doc)) in first.iter().zip(awards) {
        tx.execute(
            "INSERT INTO commendation(cadre, level, title, on_date, doc_no, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'demo', ?6)",
            (
                cadre,
                level,
                title,
                format!("{year}-12-20"),
                doc.replace("{y}", &year.to_string()),
                &at,
            ),
        )?;
    }
    Ok(())
}
