//! Cadres, dispatching units and postings (schema version 7), and the 1+2+N
//! gap report derived from them. Postings are the rows of `team_member`
//! (posting id = team_member id).

use super::Result;
use super::batches::VISIBLE_T;
use super::scope::Reach;
use crate::domain::posting::{
    self, Cadre, EndReason, RotationCounts, SelectionCounts, TeamCheck, UnitLevel,
};
use crate::domain::{DivisionCode, MemberRole, TeamMember, VillageType};
use chrono::NaiveDate;
use serde::Serialize;

/// A posting with the cadre it belongs to and why it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Posting {
    pub member: TeamMember,
    pub cadre: Cadre,
    pub end_reason: Option<EndReason>,
}

/// One village's line of the gap report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VillageGaps {
    pub code: DivisionCode,
    pub name: String,
    pub weak_party: bool,
    pub check: TeamCheck,
}

/// The 1+2+N gap report of a scope on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapReport {
    pub scope: DivisionCode,
    pub day: NaiveDate,
    pub villages: usize,
    /// Villages with a shortfall or an open handover gap, by division code.
    pub gaps: Vec<VillageGaps>,
    pub rotation: RotationCounts,
    pub selection: SelectionCounts,
    /// Postings in post on the day that have reached two years, by village
    /// code, role and start (never by a person's figures).
    pub due: Vec<Posting>,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

const SELECT: &str = "SELECT t.id, t.village, t.name, t.role, t.unit, t.start_on, t.end_on, t.end_reason,
        c.id, c.post, c.section_level, c.tags, c.selection, c.account, u.level, u.contact, u.leader
     FROM team_member t LEFT JOIN cadre c ON c.id = t.cadre LEFT JOIN dispatch_unit u ON u.id = c.unit";

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<Posting> {
    let role: String = r.get(3)?;
    let reason: Option<String> = r.get(7)?;
    let tags: Option<String> = r.get(11)?;
    let selection: Option<String> = r.get(12)?;
    let level: Option<String> = r.get(14)?;
    let member = TeamMember {
        id: r.get(0)?,
        village: r.get(1)?,
        name: r.get(2)?,
        role: MemberRole::from_key(&role).unwrap_or(MemberRole::SentDown),
        unit: r.get(4)?,
        start: date(r.get(5)?).unwrap_or_default(),
        end: date(r.get(6)?),
    };
    let section: Option<i64> = r.get(10)?;
    let cadre = Cadre {
        id: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
        name: member.name.clone(),
        unit: member.unit.clone(),
        unit_level: level.as_deref().and_then(UnitLevel::from_key),
        post: r.get(9)?,
        section_level: section.map(|s| s != 0),
        tags: tags
            .unwrap_or_default()
            .split('、')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        selection: selection.as_deref().and_then(posting::Selection::from_key),
        account: r.get(13)?,
    };
    Ok(Posting {
        member,
        cadre,
        end_reason: reason.as_deref().and_then(EndReason::from_key),
    })
}

impl super::Store {
    /// Every posting of a village (in post first, then by role and start):
    /// its history.
    pub fn postings(&self, village: &DivisionCode) -> Result<Vec<Posting>> {
        self.check_reach(village, Reach::Detail, &format!("team/{village}"))?;
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE t.village = ?1 AND {VISIBLE_T}
             ORDER BY t.end_on IS NOT NULL, CASE t.role WHEN 'first_secretary' THEN 0 WHEN 'resident' THEN 1 ELSE 2 END,
                      t.start_on, t.id"
        ))?;
        Ok(st
            .query_map([village.as_str()], map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every posting at or below `scope`, by village code, role and start.
    pub fn postings_under(&self, scope: &DivisionCode) -> Result<Vec<Posting>> {
        self.check_reach(scope, Reach::Detail, &format!("team/{scope}"))?;
        let lo = scope.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE t.village >= ?1 AND t.village < ?2 AND {VISIBLE_T}
             ORDER BY t.village, CASE t.role WHEN 'first_secretary' THEN 0 WHEN 'resident' THEN 1 ELSE 2 END,
                      t.start_on, t.id"
        ))?;
        Ok(st
            .query_map([lo, hi], map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The 1+2+N gap report of `scope` on `day`: every active village's
    /// shortfalls and handover gaps, the rotation counts and the selection
    /// counts of the cadres in post.
    pub fn gap_report(&self, scope: &DivisionCode, day: NaiveDate) -> Result<GapReport> {
        let postings = self.postings_under(scope)?;
        let villages = self.villages_under(scope)?;
        let mut gaps = Vec::new();
        let mut i = 0;
        for v in &villages {
            let code = v.code.as_str();
            while i < postings.len() && postings[i].member.village.as_str() < code {
                i += 1;
            }
            let start = i;
            while i < postings.len() && postings[i].member.village == code {
                i += 1;
            }
            let members: Vec<TeamMember> = postings[start..i]
                .iter()
                .map(|p| p.member.clone())
                .collect();
            let weak = v.types.contains(&VillageType::WeakParty);
            let check = posting::team_check(&members, weak, day);
            if !check.complete() || check.open_gap_days() > 0 {
                gaps.push(VillageGaps {
                    code: v.code.clone(),
                    name: v.name.clone(),
                    weak_party: weak,
                    check,
                });
            }
        }
        let rotation =
            posting::rotation_counts(postings.iter().map(|p| (&p.member, p.end_reason)), day);
        let selection = posting::selection_counts(
            postings
                .iter()
                .filter(|p| p.member.active_on(day))
                .map(|p| &p.cadre),
        );
        let due = postings
            .iter()
            .filter(|p| posting::rotation_due(&p.member, day))
            .cloned()
            .collect();
        Ok(GapReport {
            scope: scope.clone(),
            day,
            villages: villages.len(),
            gaps,
            rotation,
            selection,
            due,
        })
    }
}

/// Give every posting written without a cadre its dispatching unit and
/// cadre (by name and unit), set-based: run after each write that inserts
/// team_member rows.
pub(crate) fn link_cadres(tx: &rusqlite::Transaction) -> Result<()> {
    tx.execute_batch(
        "INSERT OR IGNORE INTO dispatch_unit(name)
             SELECT DISTINCT unit FROM team_member WHERE cadre IS NULL;
         INSERT OR IGNORE INTO cadre(name, unit)
             SELECT DISTINCT t.name, u.id FROM team_member t JOIN dispatch_unit u ON u.name = t.unit
             WHERE t.cadre IS NULL;
         UPDATE team_member SET cadre = (
             SELECT c.id FROM cadre c JOIN dispatch_unit u ON u.id = c.unit
             WHERE c.name = team_member.name AND u.name = team_member.unit)
         WHERE cadre IS NULL;",
    )?;
    Ok(())
}

/// The cadre id of each (name, unit) given, in order, creating the units
/// and cadres that are missing (the bulk import's path: a few statements
/// per thousand rows instead of one lookup per row).
pub(crate) fn cadre_ids(
    tx: &rusqlite::Transaction,
    people: impl Iterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
) -> Result<Vec<i64>> {
    use std::collections::HashMap;
    let people: Vec<(String, String)> = people
        .map(|(n, u)| (n.as_ref().to_string(), u.as_ref().to_string()))
        .collect();
    let mut units: HashMap<String, i64> = HashMap::new();
    {
        let mut add = tx.prepare_cached("INSERT OR IGNORE INTO dispatch_unit(name) VALUES (?1)")?;
        let mut get = tx.prepare_cached("SELECT id FROM dispatch_unit WHERE name = ?1")?;
        for (_, u) in &people {
            if !units.contains_key(u) {
                add.execute([u])?;
                let id: i64 = get.query_row([u], |r| r.get(0))?;
                units.insert(u.clone(), id);
            }
        }
    }
    let mut out = Vec::with_capacity(people.len());
    let mut seen: HashMap<(&str, i64), i64> = HashMap::with_capacity(people.len());
    let mut add = tx.prepare_cached(
        "INSERT INTO cadre(name, unit) VALUES (?1, ?2)
         ON CONFLICT(name, unit) DO UPDATE SET name = excluded.name RETURNING id",
    )?;
    for (n, u) in &people {
        let unit = units[u];
        let id = match seen.get(&(n.as_str(), unit)) {
            Some(id) => *id,
            None => {
                let id: i64 = add.query_row((n, unit), |r| r.get(0))?;
                seen.insert((n.as_str(), unit), id);
                id
            }
        };
        out.push(id);
    }
    Ok(out)
}

/// Apply the cadre and end-reason columns of a teams import, each changed
/// posting audited (old and new values as codes).
pub(crate) fn apply_extras(
    tx: &rusqlite::Transaction,
    (now, by): (&str, &str),
    extras: &[(DivisionCode, String, NaiveDate, posting::PostingExtra)],
) -> Result<()> {
    use super::audit::{self, AuditAction, AuditEntry, Outcome};
    for (village, name, start, x) in extras {
        let found = tx
            .prepare_cached(&format!(
                "{SELECT} WHERE t.village = ?1 AND t.name = ?2 AND t.start_on = ?3 AND {VISIBLE_T}"
            ))?
            .query_row(
                (village.as_str(), name.as_str(), start.to_string()),
                map_row,
            );
        let old = match found {
            Ok(p) => p,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(super::StoreError::invalid(
                    "import",
                    format!(
                        "the posting of {name} in {village} from {start} is gone; run the import again"
                    ),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        let (contact, leader): (Option<String>, Option<String>) = tx
            .prepare_cached(
                "SELECT u.contact, u.leader FROM dispatch_unit u JOIN cadre c ON c.unit = u.id WHERE c.id = ?1",
            )?
            .query_row([old.cadre.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if !x.changes(
            old.end_reason,
            &old.cadre,
            (contact.as_deref(), leader.as_deref()),
        ) {
            continue;
        }
        if let Some(r) = x.end_reason {
            tx.prepare_cached("UPDATE team_member SET end_reason = ?2 WHERE id = ?1")?
                .execute((old.member.id, r.key()))?;
        }
        let cadre = old.cadre.id;
        if let Some(l) = x.unit_level {
            tx.prepare_cached(
                "UPDATE dispatch_unit SET level = ?2 WHERE id = (SELECT unit FROM cadre WHERE id = ?1)",
            )?
            .execute((cadre, l.key()))?;
        }
        tx.prepare_cached(
            "UPDATE dispatch_unit SET contact = coalesce(?2, contact), leader = coalesce(?3, leader)
             WHERE id = (SELECT unit FROM cadre WHERE id = ?1)",
        )?
        .execute((cadre, x.unit_contact.as_deref(), x.unit_leader.as_deref()))?;
        tx.prepare_cached(
            "UPDATE cadre SET post = coalesce(?2, post), section_level = coalesce(?3, section_level),
                tags = coalesce(?4, tags), selection = coalesce(?5, selection) WHERE id = ?1",
        )?
        .execute((
            cadre,
            x.post.as_deref(),
            x.section_level.map(i64::from),
            x.tags.as_ref().map(|t| t.join("、")),
            x.selection.map(posting::Selection::key),
        ))?;
        let before = posting::PostingExtra {
            end_reason: old.end_reason,
            unit_level: old.cadre.unit_level,
            post: old.cadre.post.clone(),
            section_level: old.cadre.section_level,
            tags: Some(old.cadre.tags.clone()),
            selection: old.cadre.selection,
            unit_contact: contact,
            unit_leader: leader,
        };
        audit::append(
            tx,
            &AuditEntry {
                at: now,
                account: by,
                action: AuditAction::ImportUpdate,
                record: &format!("team_member/{}", old.member.id),
                old: Some(&before.describe()),
                new: Some(&x.describe()),
                outcome: Outcome::Ok,
            },
        )?;
    }
    Ok(())
}

/// Each posting's end reason, cadre and its unit's (contact, leader), by
/// posting id.
pub type PostingSnapshot =
    std::collections::HashMap<i64, (Option<EndReason>, Cadre, (Option<String>, Option<String>))>;

impl super::Store {
    /// Every posting's end reason, cadre and unit contacts, by posting id
    /// (for planning an import; no reach check, as the other import
    /// snapshots).
    pub fn import_postings_snapshot(&self) -> Result<PostingSnapshot> {
        let mut st = self.conn.prepare(SELECT)?;
        let rows = st.query_map([], |r| Ok((map_row(r)?, r.get(15)?, r.get(16)?)))?;
        let mut out = PostingSnapshot::new();
        for r in rows {
            let (p, contact, leader) = r?;
            out.insert(p.member.id, (p.end_reason, p.cadre, (contact, leader)));
        }
        Ok(out)
    }
}

impl super::Store {
    /// Link `account` to the cadre `cadre` (None: unlink it), so the
    /// cadre's name shows for the account's records where no name was set
    /// for it (administrators only; audited on the cadre's record).
    pub fn link_cadre(&mut self, account: &str, cadre: Option<i64>) -> Result<()> {
        use super::audit::{self, AuditAction, AuditEntry, Outcome};
        use rusqlite::OptionalExtension;
        let record = match cadre {
            Some(id) => format!("cadre/{id}"),
            None => format!("user/{account}/cadre"),
        };
        super::users::authorize(
            &self.conn,
            &self.actor.account,
            super::users::Need::Admin,
            None,
            &record,
        )?;
        super::check_account(account)
            .map_err(|e| super::StoreError::invalid("account", e.to_string()))?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let old: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, name FROM cadre WHERE account = ?1",
                    [account],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            tx.execute(
                "UPDATE cadre SET account = NULL WHERE account = ?1",
                [account],
            )?;
            let new = match cadre {
                Some(id) => {
                    let name: Option<String> = tx
                        .query_row("SELECT name FROM cadre WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?;
                    let Some(name) = name else {
                        return Err(super::StoreError::invalid(
                            "cadre",
                            format!("no cadre with id {id}; nothing was changed"),
                        ));
                    };
                    // Another account linked to this cadre loses the link.
                    tx.execute("UPDATE cadre SET account = ?2 WHERE id = ?1", (id, account))?;
                    Some(format!("{account} → cadre {id} {name}"))
                }
                None => None,
            };
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::SetUser,
                    record: &record,
                    old: old
                        .map(|(id, n)| format!("{account} → cadre {id} {n}"))
                        .as_deref(),
                    new: new.as_deref(),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }
}
