//! Quarterly guidance points and monthly prompts.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::{Need, authorize};
use super::{Result, StoreError, audit};
use crate::domain::guidance::{decode_tasks, encode_tasks};
use crate::domain::{DivisionCode, Guidance, Period, PeriodKind, text};
use rusqlite::{OptionalExtension, Transaction};

/// Guidance to issue or edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidanceInput {
    pub period: Period,
    pub scope: DivisionCode,
    pub title: String,
    pub body: String,
    pub tasks: Vec<u32>,
}

const COLS: &str = "id, period, scope, title, body, tasks, issued_by, issued_at, version";

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<Guidance> {
    let period: String = r.get(1)?;
    let tasks: String = r.get(5)?;
    Ok(Guidance {
        id: r.get(0)?,
        period: Period::parse(&period).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        scope: r.get(2)?,
        title: r.get(3)?,
        body: r.get(4)?,
        tasks: decode_tasks(&tasks),
        issued_by: r.get(6)?,
        issued_at: r.get(7)?,
        version: r.get(8)?,
    })
}

pub(crate) fn insert(tx: &Transaction, g: &GuidanceInput, by: &str, at: &str) -> Result<i64> {
    tx.prepare_cached("INSERT INTO guidance(period, scope, title, body, tasks, issued_by, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute((
            g.period.to_string(),
            g.scope.as_str(),
            text::sanitize(&g.title, true),
            text::sanitize(&g.body, false),
            encode_tasks(&g.tasks),
            by,
            at,
        ))?;
    Ok(tx.last_insert_rowid())
}

impl super::Store {
    /// Guidance for `period` (a quarter or a month) that applies to `scope`:
    /// issued for it, for one of its ancestors, or (for a prefecture or
    /// province scope) for any county inside it.
    pub fn guidance_for(&self, scope: &DivisionCode, period: Period) -> Result<Vec<Guidance>> {
        self.check_read(scope, &format!("guidance-for/{scope}/{period}"))?;
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {COLS} FROM guidance WHERE period = ?1 AND deleted_at IS NULL ORDER BY scope, id"))?;
        let all: Vec<Guidance> = st
            .query_map([period.to_string()], map_row)?
            .collect::<rusqlite::Result<_>>()?;
        let zone = self.zone();
        Ok(all
            .into_iter()
            .filter(|g| match DivisionCode::parse(&g.scope) {
                Ok(s) => scope.is_within(&s) || s.is_within(scope),
                Err(_) => false,
            })
            .map(|mut g| {
                // Shown in the installation's zone, whatever offset it carries.
                g.issued_at = crate::domain::clock::in_zone(zone, &g.issued_at);
                g
            })
            .collect())
    }

    pub fn guidance_by_id(&self, id: i64) -> Result<Option<Guidance>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLS} FROM guidance WHERE id = ?1 AND deleted_at IS NULL"
            ))?
            .query_row([id], map_row)
            .optional()?
            .map(|mut g| {
                g.issued_at = crate::domain::clock::in_zone(self.zone(), &g.issued_at);
                g
            }))
    }

    fn check_input(&self, g: &GuidanceInput) -> Result<()> {
        if g.period.kind() == PeriodKind::Year {
            return Err(StoreError::invalid("period", super::Detail::GuidancePeriod));
        }
        if crate::domain::guidance::is_blank(&g.title, true) {
            return Err(StoreError::invalid("title", super::Detail::EmptyTitle));
        }
        if crate::domain::guidance::is_blank(&g.body, false) {
            return Err(StoreError::invalid("body", super::Detail::EmptyBody));
        }
        let n = self.catalogue.tasks.len() as u32;
        if let Some(bad) = g.tasks.iter().find(|t| **t == 0 || **t > n) {
            return Err(StoreError::invalid(
                "tasks",
                super::Detail::NoTask {
                    n: *bad,
                    max: n as usize,
                },
            ));
        }
        self.division(&g.scope)?
            .ok_or_else(|| StoreError::UnknownDivision(g.scope.to_string()))?;
        Ok(())
    }

    /// Issue new guidance; returns its id.
    pub fn issue_guidance(&mut self, g: &GuidanceInput) -> Result<i64> {
        authorize(
            &self.conn,
            &self.actor.account,
            Need::IssueGuidance,
            Some(&g.scope),
            "guidance/new",
        )?;
        self.check_input(g)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let id = insert(tx, g, &by, now)?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::IssueGuidance,
                    record: &format!("guidance/{id}"),
                    old: None,
                    new: Some(&g.title),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(id)
        })
    }

    /// Edit guidance read at `version`; a stale version is a conflict.
    pub fn edit_guidance(&mut self, id: i64, version: i64, g: &GuidanceInput) -> Result<()> {
        let key = format!("guidance/{id}");
        let old = self
            .guidance_by_id(id)?
            .ok_or_else(|| StoreError::invalid("guidance", super::Detail::NoGuidance(id)))?;
        let old_scope =
            DivisionCode::parse(&old.scope).map_err(|e| StoreError::Integrity(e.to_string()))?;
        authorize(
            &self.conn,
            &self.actor.account,
            Need::IssueGuidance,
            Some(&old_scope),
            &key,
        )?;
        authorize(
            &self.conn,
            &self.actor.account,
            Need::IssueGuidance,
            Some(&g.scope),
            &key,
        )?;
        self.check_input(g)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let cur: i64 = tx.query_row("SELECT version FROM guidance WHERE id = ?1", [id], |r| r.get(0))?;
            if cur != version {
                audit::append(tx, &AuditEntry { at: now, account: &by, action: AuditAction::EditGuidance, record: &key, old: Some(&old.title), new: Some(&g.title), outcome: Outcome::Conflict })?;
                return Ok(Err(StoreError::Conflict {
                    by: old.issued_by.clone(),
                    at: old.issued_at.clone(),
                    status: format!("version {cur}"),
                    note: String::new(),
                    version: cur,
                }));
            }
            tx.execute(
                "UPDATE guidance SET period = ?2, scope = ?3, title = ?4, body = ?5, tasks = ?6, version = version + 1 WHERE id = ?1",
                (id, g.period.to_string(), g.scope.as_str(), text::sanitize(&g.title, true), text::sanitize(&g.body, false), encode_tasks(&g.tasks)),
            )?;
            audit::append(tx, &AuditEntry { at: now, account: &by, action: AuditAction::EditGuidance, record: &key, old: Some(&old.title), new: Some(&g.title), outcome: Outcome::Ok })?;
            Ok(Ok(()))
        })?
    }

    /// Delete guidance (kept in the table with a deletion time).
    pub fn delete_guidance(&mut self, id: i64) -> Result<()> {
        let key = format!("guidance/{id}");
        let old = self
            .guidance_by_id(id)?
            .ok_or_else(|| StoreError::invalid("guidance", super::Detail::NoGuidance(id)))?;
        let scope =
            DivisionCode::parse(&old.scope).map_err(|e| StoreError::Integrity(e.to_string()))?;
        authorize(
            &self.conn,
            &self.actor.account,
            Need::IssueGuidance,
            Some(&scope),
            &key,
        )?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            tx.execute(
                "UPDATE guidance SET deleted_at = ?2 WHERE id = ?1",
                (id, now),
            )?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::DeleteGuidance,
                    record: &key,
                    old: Some(&old.title),
                    new: None,
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }
}
