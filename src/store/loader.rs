//! Bulk loading in one transaction (demo set, imports): all or nothing.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::completion::CompletionWrite;
use super::users::{Need, authorize};
use super::{Result, audit, completion, divisions, guidance, rollup, teams};
use crate::domain::{DivisionCode, VillageType, text};
use rusqlite::Transaction;

/// Writes many rows inside one immediate transaction. Each completion keeps
/// the rollups in step exactly like [`super::Store::record`].
pub struct Loader<'t> {
    tx: &'t Transaction<'t>,
    catalogue_version: u32,
    pub rows: u64,
    /// Rollup changes gathered during the load, written once at the end.
    deltas: rollup::Deltas,
    /// Division inserts, whose village counts are written at the end.
    divisions: divisions::Bulk,
    /// Villages whose team changed: their upward report rows are
    /// recomputed at the end.
    team_villages: std::collections::BTreeSet<String>,
}

impl<'t> Loader<'t> {
    pub fn division(
        &mut self,
        code: &DivisionCode,
        name: &str,
        types: &[VillageType],
    ) -> Result<()> {
        self.rows += 1;
        self.divisions.insert(self.tx, code, name, types)
    }

    /// The load's transaction, for set-based demo passes (crate only).
    pub(crate) fn tx(&self) -> &Transaction<'t> {
        self.tx
    }

    pub fn member(&mut self, m: &teams::NewMember) -> Result<i64> {
        self.rows += 1;
        self.team_villages.insert(m.village.to_string());
        teams::insert(self.tx, m)
    }

    pub fn guidance(&mut self, g: &guidance::GuidanceInput, by: &str, at: &str) -> Result<i64> {
        self.rows += 1;
        guidance::insert(self.tx, g, by, at)
    }

    /// Set a completion record as of `recorded_at` by `by` (history loads).
    pub fn completion(&mut self, w: CompletionWrite<'_>) -> Result<()> {
        self.rows += 1;
        let (village, period, status) = (w.village, w.period, w.status);
        let old = completion::read(self.tx, village.as_str(), w.task, &period.to_string())?;
        let old_status = old.as_ref().map(|o| o.status).unwrap_or_default();
        let w = CompletionWrite {
            note: text::sanitize(&w.note, false),
            ..w
        };
        completion::write_row(self.tx, w, old.as_ref(), self.catalogue_version)?;
        self.deltas.add(village, period, old_status, status);
        Ok(())
    }

    /// Add an account (demo and first-run set-up).
    pub fn user(
        &mut self,
        account: &str,
        role: crate::domain::UserRole,
        scope: Option<&DivisionCode>,
        by: &str,
        at: &str,
    ) -> Result<()> {
        self.tx
            .execute("DELETE FROM app_user WHERE account = ?1", [account])?;
        super::users::insert_user(self.tx, account, role, scope, by, at)
    }

    /// The name shown for `account` (demo teams' accounts).
    pub fn account_name(&mut self, account: &str, name: &str, by: &str, at: &str) -> Result<()> {
        self.rows += 1;
        super::people::put(self.tx, account, name, by, at)
    }

    /// Start tracking on `start` (a generated history that begins earlier
    /// than the month of `init` stays visible).
    pub fn set_tracking_start(&mut self, start: chrono::NaiveDate) -> Result<()> {
        super::settings::put_tracking_start(self.tx, start)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx
            .execute("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))?;
        Ok(())
    }
}

impl super::Store {
    /// Load rows with `f` in one transaction (administrators only). The audit
    /// trail gets one row naming `what` and the number of rows.
    pub fn load<T>(&mut self, what: &str, f: impl FnOnce(&mut Loader) -> Result<T>) -> Result<T> {
        authorize(&self.conn, &self.actor.account, Need::Admin, None, what)?;
        let by = self.actor.account.clone();
        let catalogue_version = self.catalogue.version;
        // The set-up load of a database made a moment ago by this process
        // (`init --demo`) is the one write without a bound: nobody else
        // has the file open yet. Every other load is bounded as any write.
        let limit = if self.fresh {
            None
        } else {
            Some(self.admin_write_bound)
        };
        let today = self.today;
        let fresh = self.fresh;
        self.write_within(limit, |tx, now| {
            let mut loader = Loader {
                tx,
                catalogue_version,
                rows: 0,
                deltas: rollup::Deltas::default(),
                divisions: divisions::Bulk::default(),
                team_villages: Default::default(),
            };
            let out = f(&mut loader)?;
            super::postings::link_cadres(tx)?;
            // The upward report rows of the villages whose team changed: in
            // this transaction for a few villages or the set-up load; after
            // a larger load the next push recomputes every report month.
            if fresh {
                let months = super::upward_reports::report_months(tx, today)?;
                for v in &loader.team_villages {
                    super::upward_reports::refresh_upward_village(tx, v, &months)?;
                }
            } else {
                let codes: Vec<&str> = loader.team_villages.iter().map(|v| v.as_str()).collect();
                super::upward_reports::refresh_or_defer(tx, &codes, today)?;
            }
            // A load may write grades directly (the demo does).
            super::upward_reports::refresh_grades_all(tx, today)?;
            super::training_counts::refresh_training_all(tx, today)?;
            loader.deltas.flush(tx)?;
            std::mem::take(&mut loader.divisions).finish(tx)?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Load,
                    record: what,
                    old: None,
                    new: Some(&format!("{} rows", loader.rows)),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(out)
        })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}
