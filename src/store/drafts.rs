//! Drafts of notes that were being typed when a session ended (SIGHUP,
//! SIGTERM, end of input): one per account, village, task and period.

use super::Result;
use crate::domain::text::{self, NOTE_MAX_CHARS};
use crate::domain::{DivisionCode, Period};
use rusqlite::OptionalExtension;
use std::time::Duration;

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub note: String,
    pub saved_at: String,
}

/// How long saving a draft waits for another writer: a session that is
/// ending must not hang for the full busy timeout.
const DRAFT_BUSY_TIMEOUT: Duration = Duration::from_millis(400);

impl super::Store {
    /// Save (or replace) the acting account's draft for one record. Waits at
    /// most a fraction of a second for the write lock.
    pub fn save_draft(
        &mut self,
        village: &DivisionCode,
        task: u32,
        period: Period,
        note: &str,
    ) -> Result<()> {
        let note: String = text::sanitize(note, true)
            .chars()
            .take(NOTE_MAX_CHARS)
            .collect();
        let account = self.actor.account.clone();
        self.conn.busy_timeout(DRAFT_BUSY_TIMEOUT)?;
        let out = self.write(|tx, now| {
            tx.execute(
                "INSERT INTO draft(account, village, task, period, note, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(account, village, task, period) DO UPDATE SET note = excluded.note, saved_at = excluded.saved_at",
                (&account, village.as_str(), task, period.to_string(), &note, now),
            )?;
            Ok(())
        });
        // Back to the store's fair busy handler for every other write.
        self.conn.busy_handler(Some(super::busy::wait))?;
        out
    }

    /// The acting account's draft for one record, if any.
    pub fn draft(
        &self,
        village: &DivisionCode,
        task: u32,
        period: Period,
    ) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT note, saved_at FROM draft WHERE account = ?1 AND village = ?2 AND task = ?3 AND period = ?4",
            )?
            .query_row(
                (&self.actor.account, village.as_str(), task, period.to_string()),
                |r| {
                    Ok(Draft {
                        note: r.get(0)?,
                        saved_at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forget the acting account's draft for one record (after it was saved
    /// as the note or discarded).
    pub fn delete_draft(
        &mut self,
        village: &DivisionCode,
        task: u32,
        period: Period,
    ) -> Result<()> {
        let account = self.actor.account.clone();
        self.write(|tx, _| {
            tx.execute(
                "DELETE FROM draft WHERE account = ?1 AND village = ?2 AND task = ?3 AND period = ?4",
                (&account, village.as_str(), task, period.to_string()),
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Catalogue, DivisionCode, Period};
    use crate::store::Store;

    #[test]
    fn save_read_replace_delete() {
        let dir = tempfile::tempdir().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut s = Store::create(&dir.path().join("d.db"), &Catalogue::builtin(), today).unwrap();
        let v = DivisionCode::parse("522701001201").unwrap();
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(s.draft(&v, 1, p).unwrap(), None);
        s.save_draft(&v, 1, p, "已召开院坝会").unwrap();
        s.save_draft(&v, 1, p, "已召开院坝会，到会42人\u{1b}[2J")
            .unwrap();
        assert_eq!(
            s.draft(&v, 1, p).unwrap().unwrap().note,
            "已召开院坝会，到会42人[2J"
        );
        assert_eq!(s.draft(&v, 2, p).unwrap(), None);
        s.delete_draft(&v, 1, p).unwrap();
        assert_eq!(s.draft(&v, 1, p).unwrap(), None);
    }
}
