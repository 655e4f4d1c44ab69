//! The demo's responsibility lists (四个捆绑) and help plans: for most
//! dispatching units (of first secretaries and resident members) and their
//! villages, this year's list with a few
//! projects and funds (integer fen) and a plan linked to checklist tasks;
//! some plans only saved, some missing, so the 提示 shows. Drawn from its
//! own generator after the cadres, so the rest of the demo comes out as
//! before.

use super::rng::Rng;
use crate::store::{Loader, Result};
use chrono::{Datelike, Days, NaiveDate};

const DUTIES: [&str; 6] = [
    "选派干部，保障驻村工作经费",
    "联系落实产业帮扶项目",
    "协调帮扶资金及时到位",
    "单位主要领导每年到村调研不少于2次",
    "组织开展消费帮扶",
    "支持村党组织建设",
];
const PROJECTS: [&str; 8] = [
    "茶园提质改造（演示）",
    "村集体合作社厂房（演示）",
    "产业路硬化（演示）",
    "冷链仓储点（演示）",
    "人居环境整治（演示）",
    "刺梨种植基地（演示）",
    "村级电商服务站（演示）",
    "民族文化活动室（演示）",
];
const STATUSES: [&str; 4] = ["planned", "underway", "underway", "done"];
const GOALS: [&str; 4] = [
    "村集体经济年收入增长一成以上，巩固拓展脱贫攻坚成果",
    "建强村党组织，完成软弱涣散整顿",
    "培育一项主导产业，带动务工就业",
    "完善村规民约，提升乡村治理水平",
];

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x554E_4954_5321);
    let year = today.year();
    let now = super::beijing_now();
    let tx = ld.tx();
    let pairs: Vec<(i64, String)> = {
        let mut st = tx.prepare(
            "SELECT DISTINCT c.unit, t.village FROM team_member t JOIN cadre c ON c.id = t.cadre
             WHERE t.role <> 'sent_down' AND t.end_on IS NULL ORDER BY c.unit, t.village",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    // A day early in the year, never after today.
    let day_in = |from: u64, span: usize, rng: &mut Rng| {
        (first + Days::new(from + rng.below(span) as u64)).min(today)
    };
    let mut bundle = tx.prepare(
        "INSERT INTO unit_bundle(unit, village, year, duties, funds_planned, funds_delivered, saved_by, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )?;
    let mut project = tx.prepare(
        "INSERT INTO bundle_project(bundle, seq, name, amount, status) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut plan = tx.prepare(
        "INSERT INTO help_plan(unit, village, year, goals, budget, tasks, approved_on, saved_by, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (unit, village) in pairs {
        if rng.chance(0.12) {
            continue;
        }
        let saved = day_in(30, 50, &mut rng);
        let at = super::stamp(saved, 10, rng.below(60) as u32, now);
        let mut duties = vec![DUTIES[0]];
        for d in &DUTIES[1..] {
            if rng.chance(0.45) {
                duties.push(d);
            }
        }
        // Whole yuan, stored as fen: 50,000 to 300,000 yuan.
        let planned = (50_000 + 1_000 * rng.below(251) as i64) * 100;
        let delivered = planned / 100 * rng.below(101) as i64;
        let id: i64 = bundle.query_row(
            (
                unit,
                &village,
                year,
                duties.join("\n"),
                planned,
                delivered,
                super::DEMO_ISSUER,
                &at,
            ),
            |r| r.get(0),
        )?;
        for seq in 1..=1 + rng.below(3) {
            let amount = planned / 4 / 100 * 100 * (1 + rng.below(2) as i64);
            project.execute((
                id,
                seq as i64,
                PROJECTS[rng.below(PROJECTS.len())],
                amount,
                STATUSES[rng.below(STATUSES.len())],
            ))?;
        }
        let roll = rng.below(100);
        if roll >= 90 {
            // No plan: missing after 03-31.
            continue;
        }
        let approved = (roll < 82).then(|| day_in(40, 49, &mut rng).to_string());
        let mut tasks = vec![1 + rng.below(25), 1 + rng.below(25)];
        tasks.sort_unstable();
        tasks.dedup();
        let tasks: Vec<String> = tasks.iter().map(usize::to_string).collect();
        plan.execute((
            unit,
            &village,
            year,
            GOALS[rng.below(GOALS.len())],
            planned,
            tasks.join(","),
            approved,
            super::DEMO_ISSUER,
            &at,
        ))?;
    }
    Ok(())
}
