//! The demo's allowance data (issue 13): an insurance policy for most cadres
//! in post (a few missing, a few ending within the month), round trips in
//! the last three months (now and then one more than the month pays), and a
//! rise of the daily living allowance from July of the demo's year. The days
//! in the village come from the attendance grid's demo data. Drawn from its
//! own generator, so the rest of the demo comes out as before.

use super::rng::Rng;
use crate::store::{Loader, Result};
use chrono::{Datelike, Days, Months, NaiveDate};

const INSURERS: [&str; 3] = [
    "（演示）平安虚构保险",
    "（演示）人寿虚构保险",
    "（演示）太平虚构保险",
];
const ROUTES: [&str; 4] = ["都匀—贵阳", "都匀—凯里", "福泉—都匀", "独山—都匀"];

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x414C_4C4F_5741);
    let tx = ld.tx();
    let year = today.year();
    tx.execute(
        "INSERT OR IGNORE INTO rate(kind, effective_from, value, set_by, set_at, reason)
         VALUES ('living_per_day', ?1, 6500, 'zhucun-demo', ?2, '')",
        (
            format!("{year}-07-01"),
            format!("{year}-06-15T09:00:00+08:00"),
        ),
    )?;
    let cadres: Vec<i64> = {
        let mut st = tx.prepare(
            "SELECT DISTINCT cadre FROM team_member WHERE cadre IS NOT NULL AND end_on IS NULL ORDER BY cadre",
        )?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let stamp = format!("{}T09:00:00+08:00", today.with_day(1).unwrap_or(today));
    let mut policy = tx.prepare(
        "INSERT INTO insurance_policy(cadre, policy_no, insurer, cover, start_on, end_on, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, 100000000, ?4, ?5, 'zhucun-demo', ?6)",
    )?;
    let mut trip = tx.prepare(
        "INSERT INTO trip(cadre, on_date, route, amount, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, 'zhucun-demo', ?5)",
    )?;
    for id in cadres {
        // About 3 in 100 have no policy; 5 in 100 end within the month.
        if !rng.chance(0.03) {
            let end = if rng.chance(0.05) {
                today + Days::new(rng.below(30) as u64)
            } else {
                today + Days::new(40 + rng.below(300) as u64)
            };
            let start = end - Months::new(12) + Days::new(1);
            policy.execute((
                id,
                format!("YS-{year}-{id:06}"),
                INSURERS[rng.below(INSURERS.len())],
                start.to_string(),
                end.to_string(),
                &stamp,
            ))?;
        }
        for back in 1..=3u32 {
            let Some(month) = today
                .with_day(1)
                .and_then(|m| m.checked_sub_months(Months::new(back)))
            else {
                continue;
            };
            // 0 to 2 trips, and now and then a third, which is not paid.
            let n = rng.below(3) + usize::from(rng.chance(0.08));
            for k in 0..n {
                let day = month + Days::new((3 + 9 * k + rng.below(6)) as u64);
                let amount = 4000 + 100 * rng.below(120) as i64 + rng.below(100) as i64;
                trip.execute((
                    id,
                    day.to_string(),
                    ROUTES[rng.below(ROUTES.len())],
                    amount,
                    &stamp,
                ))?;
            }
        }
    }
    Ok(())
}
