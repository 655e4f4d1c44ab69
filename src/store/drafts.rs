//! Drafts of notes that were being typed when a session ended (SIGHUP,
//! SIGTERM, end of input): one per account, village, task and period.

use super::{Result, StoreError};
use crate::domain::text::{self, NOTE_MAX_CHARS};
use crate::domain::{DivisionCode, Period};
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Write `body` to `path` in `dir` (created 0700) as a 0600 file, through a
/// temporary file and a rename so a hang-up never leaves half a draft.
pub(super) fn write_private(dir: &Path, path: &Path, body: &[u8]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    // An older file of another mode: make it private before writing.
    f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    f.write_all(body)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub note: String,
    pub saved_at: String,
}

/// How long saving a draft waits for another writer: a session that is
/// ending must not hang for the full busy timeout.
const DRAFT_BUSY_TIMEOUT: Duration = Duration::from_millis(400);

/// A note kept in the user's own draft file: written without the database
/// lock (a hang-up while another writer holds it must not lose the note),
/// taken into the database on the next start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct FileDraft {
    account: String,
    village: String,
    task: u32,
    period: String,
    note: String,
}

/// Remove a draft file once its note is safe in the database.
pub fn remove_draft_file(path: &Path) {
    let _ = super::privilege::as_real_user(|| std::fs::remove_file(path));
}

/// Where per-user draft files go: `$XDG_STATE_HOME/zhucun/drafts`, else
/// `~/.local/state/zhucun/drafts` (a place the user owns).
pub fn default_draft_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("zhucun").join("drafts"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".local/state/zhucun/drafts"))
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::NotWritable {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

impl super::Store {
    /// The draft files of this database and account start with this.
    pub(super) fn draft_file_prefix(&self) -> String {
        let db = std::fs::canonicalize(self.path()).unwrap_or_else(|_| self.path().to_path_buf());
        let mut h = Sha256::new();
        h.update(db.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(self.actor.account.as_bytes());
        let hex: String = h
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("draft-{hex}-")
    }

    /// Keep the note being typed in the user's own file under `dir`, without
    /// touching the database (so without its lock). Written as the real
    /// user (never with a deployment group's privilege), mode 0600, in a
    /// directory of mode 0700. Returns the file.
    pub fn save_draft_file(
        &self,
        dir: &Path,
        village: &DivisionCode,
        task: u32,
        period: Period,
        note: &str,
    ) -> Result<PathBuf> {
        let d = FileDraft {
            account: self.actor.account.clone(),
            village: village.to_string(),
            task,
            period: period.to_string(),
            note: text::sanitize(note, true)
                .chars()
                .take(NOTE_MAX_CHARS)
                .collect(),
        };
        let body = serde_json::to_vec(&d).map_err(|e| file_error(dir, e))?;
        let path = dir.join(format!(
            "{}{}.json",
            self.draft_file_prefix(),
            std::process::id()
        ));
        super::privilege::as_real_user(|| write_private(dir, &path, &body))
            .map_err(|e| file_error(&path, e))?;
        Ok(path)
    }

    /// Take the drafts left in this account's draft files under `dir` into
    /// the database (each file is removed once its draft is saved; one that
    /// cannot be saved now stays for the next start). Returns how many.
    pub fn adopt_draft_files(&mut self, dir: &Path) -> Result<usize> {
        let prefix = self.draft_file_prefix();
        let Ok(entries) = super::privilege::as_real_user(|| std::fs::read_dir(dir)) else {
            return Ok(0);
        };
        let mut n = 0;
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(&prefix) || !name.ends_with(".json") {
                continue;
            }
            let Ok(bytes) = super::privilege::as_real_user(|| std::fs::read(&path)) else {
                continue;
            };
            let Ok(d) = serde_json::from_slice::<FileDraft>(&bytes) else {
                continue;
            };
            let (Ok(village), Ok(period)) =
                (DivisionCode::parse(&d.village), Period::parse(&d.period))
            else {
                continue;
            };
            if d.account != self.actor.account {
                continue;
            }
            match self.save_draft(&village, d.task, period, &d.note) {
                Ok(()) => n += 1,
                // Still locked: keep the file for the next start.
                Err(StoreError::Busy) => continue,
                // Refused or no longer a record: it can never be taken in.
                Err(
                    StoreError::Denied { .. }
                    | StoreError::UnknownVillage(_)
                    | StoreError::UnknownDivision(_)
                    | StoreError::Invalid { .. },
                ) => {}
                Err(e) => return Err(e),
            }
            remove_draft_file(&path);
        }
        Ok(n)
    }

    /// Save (or replace) the acting account's draft for one record. Waits at
    /// most a fraction of a second for the write lock.
    pub fn save_draft(
        &mut self,
        village: &DivisionCode,
        task: u32,
        period: Period,
        note: &str,
    ) -> Result<()> {
        // Only someone who may record keeps drafts (a refusal is audited).
        let key = super::record_key(village, task, period);
        self.authorize(super::Need::Record, Some(village), &key)?;
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
        // A draft left behind is only offered again: never wait long for it.
        self.conn.busy_timeout(DRAFT_BUSY_TIMEOUT)?;
        let out = self.write(|tx, _| {
            tx.execute(
                "DELETE FROM draft WHERE account = ?1 AND village = ?2 AND task = ?3 AND period = ?4",
                (&account, village.as_str(), task, period.to_string()),
            )?;
            Ok(())
        });
        self.conn.busy_handler(Some(super::busy::wait))?;
        out
    }
}

/// The guidance form being filled in when a session ended (quit, hang-up,
/// end of input): kept in the user's own file, one per database and
/// account, and put back when the same form is opened again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormDraft {
    pub account: String,
    /// The guidance item being edited (None: a new one).
    pub editing: Option<i64>,
    /// The version of that item the form was opened on: publishing the
    /// restored form checks it, so an edit made meanwhile is a conflict,
    /// never overwritten. (None in files written before it was kept.)
    #[serde(default)]
    pub version: Option<i64>,
    /// The form's fields in focus order, as typed.
    pub fields: Vec<String>,
}

impl super::Store {
    fn form_draft_path(&self, dir: &Path) -> PathBuf {
        let prefix = self.draft_file_prefix();
        let hex = prefix.trim_start_matches("draft-").trim_end_matches('-');
        dir.join(format!("guidance-form-{hex}.json"))
    }

    /// Keep the guidance form's fields in the user's file under `dir` (as
    /// the real user, mode 0600, like a note's draft file).
    pub fn save_form_draft(
        &self,
        dir: &Path,
        editing: Option<(i64, i64)>,
        fields: &[String],
    ) -> Result<PathBuf> {
        let d = FormDraft {
            account: self.actor.account.clone(),
            editing: editing.map(|(id, _)| id),
            version: editing.map(|(_, v)| v),
            fields: fields
                .iter()
                .enumerate()
                .map(|(i, f)| text::sanitize(f, i + 1 < fields.len()))
                .collect(),
        };
        let body = serde_json::to_vec(&d).map_err(|e| file_error(dir, e))?;
        let path = self.form_draft_path(dir);
        super::privilege::as_real_user(|| write_private(dir, &path, &body))
            .map_err(|e| file_error(&path, e))?;
        Ok(path)
    }

    /// The guidance form this account left under `dir`, if any.
    pub fn form_draft(&self, dir: &Path) -> Option<FormDraft> {
        let path = self.form_draft_path(dir);
        let bytes = super::privilege::as_real_user(|| std::fs::read(&path)).ok()?;
        serde_json::from_slice::<FormDraft>(&bytes)
            .ok()
            .filter(|d| d.account == self.actor.account)
    }

    /// Forget the kept guidance form (published or discarded).
    pub fn remove_form_draft(&self, dir: &Path) {
        remove_draft_file(&self.form_draft_path(dir));
    }

    /// The file of an entry form (请假, 召回, 培训班) named `key` (which
    /// form, and which record it is about: letters, digits and dashes).
    fn entry_draft_path(&self, dir: &Path, key: &str) -> PathBuf {
        let prefix = self.draft_file_prefix();
        let hex = prefix.trim_start_matches("draft-").trim_end_matches('-');
        let key: String = key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        dir.join(format!("entry-form-{key}-{hex}.json"))
    }

    /// Keep an entry form's fields (as typed; a choice as its index) in the
    /// user's file under `dir`, with the version of the record it edits.
    pub fn save_entry_draft(
        &self,
        dir: &Path,
        key: &str,
        version: Option<i64>,
        fields: &[String],
    ) -> Result<PathBuf> {
        let d = FormDraft {
            account: self.actor.account.clone(),
            editing: None,
            version,
            fields: fields.iter().map(|f| text::sanitize(f, true)).collect(),
        };
        let body = serde_json::to_vec(&d).map_err(|e| file_error(dir, e))?;
        let path = self.entry_draft_path(dir, key);
        super::privilege::as_real_user(|| write_private(dir, &path, &body))
            .map_err(|e| file_error(&path, e))?;
        Ok(path)
    }

    /// The entry form `key` this account left under `dir`, if any.
    pub fn entry_draft(&self, dir: &Path, key: &str) -> Option<FormDraft> {
        let path = self.entry_draft_path(dir, key);
        let bytes = super::privilege::as_real_user(|| std::fs::read(&path)).ok()?;
        serde_json::from_slice::<FormDraft>(&bytes)
            .ok()
            .filter(|d| d.account == self.actor.account)
    }

    /// Forget a kept entry form (submitted or discarded).
    pub fn remove_entry_draft(&self, dir: &Path, key: &str) {
        remove_draft_file(&self.entry_draft_path(dir, key));
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

    #[test]
    fn a_viewer_writes_no_draft_and_the_refusal_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let path = dir.path().join("d.db");
        let mut s = Store::create(&path, &Catalogue::builtin(), today).unwrap();
        crate::demo::load(&mut s, today).unwrap();
        let v = DivisionCode::parse("522701001201").unwrap();
        let p = Period::parse("2026-11").unwrap();
        let scope = DivisionCode::parse("522701").unwrap();
        s.set_user("viewer1", crate::domain::UserRole::Viewer, Some(&scope))
            .unwrap();
        s.set_account_for_tests("viewer1").unwrap();
        let e = s.save_draft(&v, 1, p, "不该保存").unwrap_err();
        assert!(
            matches!(e, crate::store::StoreError::Denied { .. }),
            "{e:?}"
        );
        assert_eq!(s.draft(&v, 1, p).unwrap(), None);
        let audited = s
            .history(&crate::store::record_key(&v, 1, p))
            .unwrap()
            .into_iter()
            .any(|h| h.account == "viewer1" && h.outcome != "ok");
        assert!(audited, "the refusal is audited");
    }
}
