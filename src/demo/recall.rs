//! The demo's incidents and recall cases (issue 12): one first secretary
//! recalled and replaced, one recalled and still waiting, one case at 核实,
//! one ended in a talk (约谈), and two automatic leads. Written after the
//! cadres, with no generator of its own: every choice is the first row of
//! a query in village-code order, so the demo stays deterministic.
//!
//! It also mends what a recall means for the records: a first secretary
//! recalled has no records dated after he left. A village's records after
//! that day are by his replacement's account, or, while nobody has come,
//! by a resident's (who keeps the checklist meanwhile).

use crate::domain::MemberRole;
use crate::domain::text::initials;
use crate::store::{Loader, NewMember, Result, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::OptionalExtension;

/// A recalled first secretary: (posting, cadre, village, end).
type Left = (i64, i64, String, NaiveDate);

fn day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::invalid("demo data", e.to_string()))
}

fn recalled(ld: &Loader) -> Result<Vec<Left>> {
    let mut st = ld.tx().prepare(
        "SELECT id, cadre, village, end_on FROM team_member
         WHERE role = 'first_secretary' AND end_reason = 'recalled' AND end_on IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM team_member n WHERE n.village = team_member.village
                           AND n.role = 'first_secretary' AND n.start_on > team_member.end_on)
         ORDER BY end_on DESC, village",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(p, c, v, e)| Ok((p, c, v, day(&e)?)))
        .collect()
}

/// Give the village's records after `after` to `account` (named `name`).
fn hand_over(
    ld: &mut Loader,
    village: &str,
    after: NaiveDate,
    account: &str,
    name: &str,
) -> Result<()> {
    let first = after.succ_opt().unwrap_or(after).to_string();
    ld.tx().execute(
        "UPDATE completion SET recorded_by = ?3 WHERE village = ?1 AND recorded_at >= ?2",
        (village, &first, account),
    )?;
    ld.account_name(account, name, "demo", &first)
}

fn incident(
    ld: &Loader,
    (cadre, posting): (i64, i64),
    (kind, source): (&str, &str),
    on: NaiveDate,
    note: &str,
) -> Result<i64> {
    ld.tx().execute(
        "INSERT INTO incident(cadre, posting, kind, on_date, source, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'demo', ?7)",
        (cadre, posting, kind, on.to_string(), source, note, format!("{on}T16:00:00+08:00")),
    )?;
    Ok(ld.tx().last_insert_rowid())
}

/// A case row with the given columns set.
struct Case<'a> {
    cadre: i64,
    posting: i64,
    origin: &'a str,
    origin_ref: Option<String>,
    opened: NaiveDate,
    stage: &'a str,
    doc_no: Option<String>,
    decided: Option<NaiveDate>,
    notified: Option<NaiveDate>,
    left: Option<NaiveDate>,
    replacement: Option<i64>,
    closed: Option<NaiveDate>,
    note: &'a str,
}

fn case(ld: &Loader, c: &Case) -> Result<()> {
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string());
    let last = [c.decided, c.notified, c.left, c.closed]
        .into_iter()
        .flatten()
        .fold(c.opened, NaiveDate::max);
    ld.tx().execute(
        "INSERT INTO recall_case(cadre, posting, origin, origin_ref, opened_on, stage, doc_no, decided_on,
            notified_on, left_on, replacement, closed_on, note, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'demo', ?14)",
        rusqlite::params![
            c.cadre,
            c.posting,
            c.origin,
            c.origin_ref,
            c.opened.to_string(),
            c.stage,
            c.doc_no,
            d(c.decided),
            d(c.notified),
            d(c.left),
            c.replacement,
            d(c.closed),
            c.note,
            format!("{last}T10:00:00+08:00"),
        ],
    )?;
    Ok(())
}

/// Cadres in post (posting, cadre, village) by village code and role:
/// the `n`-th first secretary in post for the other cases.
fn in_post(ld: &Loader, role: &str, n: i64) -> Result<Option<(i64, i64, String)>> {
    Ok(ld
        .tx()
        .query_row(
            "SELECT id, cadre, village FROM team_member WHERE role = ?1 AND end_on IS NULL
             ORDER BY village, id LIMIT 1 OFFSET ?2",
            (role, n),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn resident_of(ld: &Loader, village: &str) -> Result<Option<String>> {
    Ok(ld
        .tx()
        .query_row(
            "SELECT name FROM team_member WHERE village = ?1 AND role = 'resident' AND end_on IS NULL
             ORDER BY start_on, id LIMIT 1",
            [village],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let left = recalled(ld)?;
    let doc = |n: u32, d: NaiveDate| format!("黔南组通〔{}〕{n}号", d.year());
    for (i, (posting, cadre, village, end)) in left.iter().enumerate() {
        let (posting, cadre, end) = (*posting, *cadre, *end);
        if i == 0 {
            // Recalled and replaced: the full path; the replacement came
            // about a week on, by the first record after the recalled left.
            let next = end.succ_opt().unwrap_or(end).to_string();
            let first: Option<String> = ld.tx().query_row(
                "SELECT min(substr(recorded_at, 1, 10)) FROM completion WHERE village = ?1 AND recorded_at >= ?2",
                (village, &next),
                |r| r.get(0),
            )?;
            let first = first.map(|d| day(&d)).transpose()?;
            let start = first.unwrap_or(today).min(end + Days::new(9)).min(today);
            let unit: String = ld.tx().query_row(
                "SELECT unit FROM team_member WHERE id = ?1",
                [posting],
                |r| r.get(0),
            )?;
            let name = "蒙新华".to_string();
            let id = ld.member(&NewMember {
                village: crate::domain::DivisionCode::parse(village)
                    .map_err(|e| StoreError::invalid("demo data", e.to_string()))?,
                name: name.clone(),
                role: MemberRole::FirstSecretary,
                unit,
                start,
                end: None,
            })?;
            crate::store::link_cadres(ld.tx())?;
            let opened = end - Days::new(40);
            let inc = incident(
                ld,
                (cadre, posting),
                ("absent", "inspection"),
                opened,
                "（演示）督查暗访两次不在村，未报备",
            )?;
            case(
                ld,
                &Case {
                    cadre,
                    posting,
                    origin: "incident",
                    origin_ref: Some(inc.to_string()),
                    opened,
                    stage: "replaced",
                    doc_no: Some(doc(12, end)),
                    decided: Some(end - Days::new(20)),
                    notified: Some(end - Days::new(15)),
                    left: Some(end),
                    replacement: Some(id),
                    closed: None,
                    note: "（演示）经核实无故不在岗",
                },
            )?;
            let account = format!("{}{}", initials(&name), &village[6..]);
            hand_over(ld, village, end, &account, &name)?;
            continue;
        }
        if i == 1 {
            let opened = end - Days::new(30);
            let inc = incident(
                ld,
                (cadre, posting),
                ("not_detached", "township"),
                opened,
                "（演示）仍在原单位承担日常工作",
            )?;
            case(
                ld,
                &Case {
                    cadre,
                    posting,
                    origin: "incident",
                    origin_ref: Some(inc.to_string()),
                    opened,
                    stage: "left",
                    doc_no: Some(doc(15, end)),
                    decided: Some(end - Days::new(12)),
                    notified: Some(end - Days::new(8)),
                    left: Some(end),
                    replacement: None,
                    closed: None,
                    note: "",
                },
            )?;
        }
        // Nobody has come yet: a resident keeps the records meanwhile.
        if let Some(name) = resident_of(ld, village)? {
            let account = format!("{}{}", initials(&name), &village[6..]);
            hand_over(ld, village, end, &account, &name)?;
        }
    }
    cases_in_post(ld, today)
}

/// A case at 核实, one ended in a talk, and two automatic leads, about
/// cadres in post.
fn cases_in_post(ld: &Loader, today: NaiveDate) -> Result<()> {
    let month = today - Days::new(u64::from(today.day()));
    let plain = |cadre, posting, origin, origin_ref, opened, stage| Case {
        cadre,
        posting,
        origin,
        origin_ref,
        opened,
        stage,
        doc_no: None,
        decided: None,
        notified: None,
        left: None,
        replacement: None,
        closed: None,
        note: "",
    };
    if let Some((posting, cadre, _)) = in_post(ld, "resident", 40)? {
        let on = today - Days::new(12);
        let inc = incident(
            ld,
            (cadre, posting),
            ("poor_performance", "public"),
            on,
            "（演示）群众反映入户走访少",
        )?;
        case(
            ld,
            &plain(
                cadre,
                posting,
                "incident",
                Some(inc.to_string()),
                on,
                "verifying",
            ),
        )?;
    }
    if let Some((posting, cadre, _)) = in_post(ld, "first_secretary", 90)? {
        let on = today - Days::new(50);
        let inc = incident(
            ld,
            (cadre, posting),
            ("disobedient", "township"),
            on,
            "（演示）未按乡镇安排参加防汛值班",
        )?;
        let mut c = plain(
            cadre,
            posting,
            "incident",
            Some(inc.to_string()),
            on,
            "talk",
        );
        c.closed = Some(on + Days::new(9));
        c.note = "（演示）已约谈提醒，表示整改";
        case(ld, &c)?;
    }
    if let Some((posting, cadre, _)) = in_post(ld, "sent_down", 150)? {
        let c = plain(
            cadre,
            posting,
            "low_days",
            Some(month.format("%Y-%m").to_string()),
            month.succ_opt().unwrap_or(month),
            "lead",
        );
        case(ld, &c)?;
    }
    if let Some((posting, cadre, _)) = in_post(ld, "resident", 300)? {
        let c = plain(
            cadre,
            posting,
            "leave_over_30",
            Some(today.year().to_string()),
            today - Days::new(3),
            "lead",
        );
        case(ld, &c)?;
    }
    Ok(())
}
