//! Team members ("1+2+N") of each village.

use super::Result;
use crate::domain::{DivisionCode, MemberRole, TeamMember, text};
use chrono::NaiveDate;
use rusqlite::Transaction;

/// A team member to add (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub village: DivisionCode,
    pub name: String,
    pub role: MemberRole,
    pub unit: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

pub(crate) fn insert(tx: &Transaction, m: &NewMember) -> Result<i64> {
    tx.prepare_cached("INSERT INTO team_member(village, name, role, unit, start_on, end_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute((
            m.village.as_str(),
            text::sanitize(&m.name, true),
            m.role.key(),
            text::sanitize(&m.unit, true),
            m.start.to_string(),
            m.end.map(|d| d.to_string()),
        ))?;
    Ok(tx.last_insert_rowid())
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

impl super::Store {
    /// The team of a village: members in post on `day` first (first secretary,
    /// residents, sent-down cadres), then former members.
    pub fn team(&self, village: &DivisionCode) -> Result<Vec<TeamMember>> {
        self.check_read(village, &format!("team/{village}"))?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT id, village, name, role, unit, start_on, end_on FROM team_member WHERE village = ?1 AND {}
             ORDER BY end_on IS NOT NULL, CASE role WHEN 'first_secretary' THEN 0 WHEN 'resident' THEN 1 ELSE 2 END, start_on, id",
            super::batches::VISIBLE
        ))?;
        Ok(st
            .query_map([village.as_str()], |r| {
                let role: String = r.get(3)?;
                Ok(TeamMember {
                    id: r.get(0)?,
                    village: r.get(1)?,
                    name: r.get(2)?,
                    role: MemberRole::from_key(&role).unwrap_or(MemberRole::SentDown),
                    unit: r.get(4)?,
                    start: date(r.get(5)?).unwrap_or_default(),
                    end: date(r.get(6)?),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The first secretary in post on `day`, if any.
    pub fn leader(&self, village: &DivisionCode, day: NaiveDate) -> Result<Option<TeamMember>> {
        Ok(self
            .team(village)?
            .into_iter()
            .find(|m| m.role == MemberRole::FirstSecretary && m.active_on(day)))
    }
}
