//! Imports: what an import needs to read (snapshots of divisions, teams and
//! guidance) and the batch writes it makes, with permission checks, one
//! summary audit row and one audit row per changed record, all in one
//! `BEGIN IMMEDIATE` transaction. A row added or changed by someone else
//! between the snapshot and the write makes the whole batch fail.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::Need;
use super::{GuidanceInput, NewMember, Result, StoreError, audit, divisions, guidance};
use crate::domain::guidance::encode_tasks;
use crate::domain::{DivisionCode, Guidance, Level, TeamMember, VillageType, text};
use foldhash::HashMap;

/// A division as an import sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDivision {
    pub name: String,
    pub level: Level,
    pub types: Vec<VillageType>,
    pub abolished: bool,
}

/// A village whose name or types change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageChange {
    pub code: DivisionCode,
    pub old_name: String,
    pub old_types: Vec<VillageType>,
    pub name: String,
    pub types: Vec<VillageType>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VillageBatch {
    pub add: Vec<(DivisionCode, String, Vec<VillageType>)>,
    pub update: Vec<VillageChange>,
}

/// A division (province to township) whose name changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionChange {
    pub code: DivisionCode,
    pub old_name: String,
    pub name: String,
}

/// A division renamed (a village also retyped) by an import.
struct Rename<'a> {
    code: &'a DivisionCode,
    old_name: &'a str,
    old_types: &'a [VillageType],
    name: &'a str,
    types: &'a [VillageType],
}

/// Provinces, prefectures, counties and townships to add or rename.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DivisionBatch {
    pub add: Vec<(DivisionCode, String)>,
    pub update: Vec<DivisionChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberBatch {
    pub add: Vec<NewMember>,
    /// The stored member and what it becomes.
    pub update: Vec<(TeamMember, NewMember)>,
    /// Cadre and end-reason columns to apply after the adds and updates,
    /// to the posting (village, name, start) names.
    pub extras: Vec<(
        DivisionCode,
        String,
        chrono::NaiveDate,
        crate::domain::posting::PostingExtra,
    )>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuidanceBatch {
    pub add: Vec<GuidanceInput>,
    pub update: Vec<(Guidance, GuidanceInput)>,
}

/// What kind of permission an import needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportNeed {
    /// Villages: administrators only.
    Admin,
    /// Team rosters: may record for each village.
    Record,
    /// Guidance: may issue guidance for each scope.
    IssueGuidance,
}

impl ImportNeed {
    fn need(self) -> Need {
        match self {
            ImportNeed::Admin => Need::Admin,
            ImportNeed::Record => Need::Record,
            ImportNeed::IssueGuidance => Need::IssueGuidance,
        }
    }
}

fn date_text(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `f` of the date as `date_text` writes it, without allocating for the
/// years 0 to 9999.
fn with_date_text<T>(d: chrono::NaiveDate, f: impl FnOnce(&str) -> T) -> T {
    use chrono::Datelike;
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return f(&date_text(d));
    }
    let mut b = *b"0000-00-00";
    let mut put = |at: usize, width: usize, mut v: u32| {
        for i in (at..at + width).rev() {
            b[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, y as u32);
    put(5, 2, d.month());
    put(8, 2, d.day());
    f(std::str::from_utf8(&b).unwrap_or_default())
}

/// Set a larger page cache (about 64 MiB) while a big batch is written,
/// so SQLite does not spill dirty pages to the WAL halfway through;
/// returns the size to restore.
fn big_cache(conn: &rusqlite::Connection, rows: usize) -> Result<Option<i64>> {
    if rows < 10_000 {
        return Ok(None);
    }
    let old: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -65536)?;
    Ok(Some(old))
}

fn describe_division(name: &str, types: &[VillageType]) -> String {
    if types.is_empty() {
        name.to_string()
    } else {
        format!("{name} [{}]", VillageType::encode(types))
    }
}

fn describe_member(name: &str, role: &str, unit: &str, start: &str, end: Option<&str>) -> String {
    format!("{name} {role} {unit} {start}..{}", end.unwrap_or(""))
}

/// The distinct codes, in order (a batch names each village many times).
pub(crate) fn distinct<'a>(codes: impl Iterator<Item = &'a DivisionCode>) -> Vec<DivisionCode> {
    let mut seen = foldhash::HashSet::default();
    let mut v: Vec<DivisionCode> = codes.filter(|c| seen.insert(*c)).cloned().collect();
    v.sort();
    v
}

fn changed_meanwhile(what: String) -> StoreError {
    StoreError::invalid("import", super::Detail::ChangedMeanwhile(what))
}

impl super::Store {
    /// Every division with its name, level, types and whether abolished.
    pub fn import_divisions_snapshot(&self) -> Result<HashMap<String, KnownDivision>> {
        let mut st = self
            .conn
            .prepare("SELECT code, name, level, types, abolished_on IS NOT NULL FROM division")?;
        let rows = st.query_map([], |r| {
            let level: i64 = r.get(2)?;
            let types: String = r.get(3)?;
            Ok((
                r.get::<_, String>(0)?,
                KnownDivision {
                    name: r.get(1)?,
                    level: Level::from_i64(level).unwrap_or(Level::Village),
                    types: VillageType::decode(&types),
                    abolished: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every team member.
    pub fn import_members_snapshot(&self) -> Result<Vec<TeamMember>> {
        let mut st = self.conn.prepare(
            &format!("SELECT id, village, name, role, unit, start_on, end_on FROM team_member WHERE {} ORDER BY id", super::batches::VISIBLE),
        )?;
        let date = |s: Option<String>| {
            s.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        };
        let rows = st.query_map([], |r| {
            let role: String = r.get(3)?;
            Ok(TeamMember {
                id: r.get(0)?,
                village: r.get(1)?,
                name: r.get(2)?,
                role: crate::domain::MemberRole::from_key(&role)
                    .unwrap_or(crate::domain::MemberRole::SentDown),
                unit: r.get(4)?,
                start: date(r.get(5)?).unwrap_or_default(),
                end: date(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All guidance that is not deleted.
    pub fn import_guidance_snapshot(&self) -> Result<Vec<Guidance>> {
        let mut st = self
            .conn
            .prepare("SELECT id FROM guidance WHERE deleted_at IS NULL ORDER BY id")?;
        let ids: Vec<i64> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .filter_map(|id| self.guidance_by_id(id).transpose())
            .collect()
    }

    /// On a received copy, the first of `codes` its write would be refused
    /// for (as [`Self::authorize_import`] refuses it); None elsewhere.
    fn copy_refuses_import(&self, need: ImportNeed, codes: &[DivisionCode]) -> Option<String> {
        if !super::users::is_received_copy(&self.conn).unwrap_or(false) {
            return None;
        }
        if need != ImportNeed::Admin {
            return Some(
                codes
                    .first()
                    .map_or_else(|| "the whole database".into(), |c| c.to_string()),
            );
        }
        let received = self.received().unwrap_or_default();
        codes
            .iter()
            .find(|c| {
                c.level() > crate::domain::Level::Prefecture
                    || received.iter().any(|r| r.prefecture == c.as_str())
            })
            .map(|c| c.to_string())
    }

    /// Why the acting account may not import for `codes` (None: it may).
    /// Nothing is written: this is for `--check`.
    pub fn import_denied(&self, need: ImportNeed, codes: &[DivisionCode]) -> Option<super::Detail> {
        let deny = |action: Option<AuditAction>, code: Option<&str>| {
            Some(super::Detail::ImportDenied {
                account: self.actor.account.clone(),
                role: self.actor.role(),
                action,
                code: code.map(str::to_string),
            })
        };
        let Some(user) = &self.actor.user else {
            return deny(None, None);
        };
        if let Some(code) = self.copy_refuses_import(need, codes) {
            return Some(super::Detail::ReceivedCopy { code });
        }
        match need {
            ImportNeed::Admin if user.role != crate::domain::UserRole::Admin => {
                deny(Some(AuditAction::Administer), None)
            }
            ImportNeed::Admin => None,
            ImportNeed::Record => codes
                .iter()
                .find(|c| !user.may_record(c))
                .and_then(|c| deny(Some(AuditAction::RecordCompletion), Some(c.as_str()))),
            ImportNeed::IssueGuidance => codes
                .iter()
                .find(|c| {
                    !user.role.can_issue_guidance()
                        || user.scope.as_ref().is_some_and(|s| !c.is_within(s))
                })
                .and_then(|c| deny(Some(AuditAction::IssueGuidance), Some(c.as_str()))),
        }
    }

    fn authorize_import(
        &mut self,
        need: ImportNeed,
        codes: &[DivisionCode],
        label: &str,
    ) -> Result<()> {
        let record = format!("import/{label}");
        if need == ImportNeed::Admin {
            self.authorize(Need::Admin, None, &record)?;
            // A received copy takes a new prefecture's own row (before its
            // first pull); everything below it comes with the pulls.
            if super::users::is_received_copy(&self.conn)? {
                let received = self.received()?;
                if let Some(c) = codes.iter().find(|c| {
                    c.level() > crate::domain::Level::Prefecture
                        || received.iter().any(|r| r.prefecture == c.as_str())
                }) {
                    return self.authorize(Need::Admin, Some(c), &record);
                }
            }
            return Ok(());
        }
        for c in codes {
            self.authorize(need.need(), Some(c), &record)?;
        }
        Ok(())
    }

    /// [`super::Store::write`] with foreign keys off for this one write (a
    /// pragma that cannot change inside a transaction), for batches that
    /// check what the foreign keys would, once per distinct value instead of
    /// once per row. They are on again afterwards, whatever happened.
    pub(crate) fn write_checked_keys<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction, &str) -> Result<T>,
    ) -> Result<T> {
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let result = self.write(f);
        let on = self.conn.pragma_update(None, "foreign_keys", true);
        let out = result?;
        on?;
        Ok(out)
    }

    /// Add and update villages (administrators only).
    pub fn import_villages(
        &mut self,
        label: &str,
        batch: &VillageBatch,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let adds: Vec<_> = batch
            .add
            .iter()
            .map(|(code, name, types)| (code, name.as_str(), types.as_slice()))
            .collect();
        let renames: Vec<_> = batch
            .update
            .iter()
            .map(|u| Rename {
                code: &u.code,
                old_name: &u.old_name,
                old_types: &u.old_types,
                name: &u.name,
                types: &u.types,
            })
            .collect();
        self.import_division_rows(label, "village", &adds, &renames, progress)
    }

    /// Add and rename provinces, prefectures, counties and townships
    /// (administrators only). New rows are written parents first.
    pub fn import_divisions(
        &mut self,
        label: &str,
        batch: &DivisionBatch,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        // Provinces sort first, so a placeholder province is never made
        // for a prefecture whose province row is in the batch.
        let mut adds: Vec<_> = batch
            .add
            .iter()
            .map(|(code, name)| (code, name.as_str(), &[][..]))
            .collect();
        adds.sort_by(|a, b| (a.0.level(), a.0).cmp(&(b.0.level(), b.0)));
        let renames: Vec<_> = batch
            .update
            .iter()
            .map(|u| Rename {
                code: &u.code,
                old_name: &u.old_name,
                old_types: &[],
                name: &u.name,
                types: &[],
            })
            .collect();
        self.import_division_rows(label, "division", &adds, &renames, progress)
    }

    /// The write of the village and division imports: `adds` in the order
    /// given, then `renames`, each audited; `what` names the rows in
    /// messages and the summary audit row ("import villages").
    fn import_division_rows(
        &mut self,
        label: &str,
        what: &str,
        adds: &[(&DivisionCode, &str, &[VillageType])],
        renames: &[Rename],
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let codes: Vec<DivisionCode> = adds
            .iter()
            .map(|a| a.0.clone())
            .chain(renames.iter().map(|r| r.code.clone()))
            .collect();
        self.authorize_import(ImportNeed::Admin, &codes, label)?;
        let by = self.actor.account.clone();
        // Bulk looks up each parent once; nothing else here has a foreign key.
        self.write_checked_keys(|tx, now| {
            let mut n = 0u64;
            let mut bulk = divisions::Bulk::default();
            for (code, name, types) in adds {
                if !bulk.insert_new(tx, code, name, types)? {
                    return Err(changed_meanwhile(format!("{what} {code}")));
                }
                n += 1;
                if n.is_multiple_of(1000) {
                    progress(n);
                }
            }
            bulk.finish(tx)?;
            for u in renames {
                let name = text::sanitize(u.name, true);
                // Divisions above villages have no types: '' on both sides.
                let changed = tx.prepare_cached(
                    "UPDATE division SET name = ?2, types = ?3, initials = ?4, pinyin = ?7, pinyin_key = ?8 WHERE code = ?1 AND name = ?5 AND types = ?6",
                )?
                .execute((
                    u.code.as_str(),
                    &name,
                    VillageType::encode(u.types),
                    text::initials(&name),
                    u.old_name,
                    VillageType::encode(u.old_types),
                    crate::domain::pinyin::readings(&name),
                    crate::domain::pinyin::sort_key(&name),
                ))?;
                if changed != 1 {
                    return Err(changed_meanwhile(format!("{what} {}", u.code)));
                }
                audit::append(tx, &AuditEntry { at: now, account: &by, action: AuditAction::ImportUpdate, record: &format!("division/{}", u.code), old: Some(&describe_division(u.old_name, u.old_types)), new: Some(&describe_division(&name, u.types)), outcome: Outcome::Ok })?;
                n += 1;
            }
            progress(n);
            let action = if what == "village" {
                AuditAction::ImportVillages
            } else {
                AuditAction::ImportDivisions
            };
            summary(tx, now, &by, action, label, adds.len(), renames.len())
        })
    }

    /// Add and update team members (for villages the account may record for).
    /// Up to [`super::batches::BATCH_ROWS`] new rows: one transaction; more:
    /// in bounded batches made visible in one final step (store::batches).
    pub fn import_members(
        &mut self,
        label: &str,
        batch: &MemberBatch,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let villages = distinct(
            batch
                .add
                .iter()
                .map(|m| &m.village)
                .chain(batch.update.iter().map(|(_, m)| &m.village))
                .chain(batch.extras.iter().map(|(v, ..)| v)),
        );
        self.authorize_import(ImportNeed::Record, &villages, label)?;
        let old_cache = big_cache(&self.conn, batch.add.len())?;
        let result = if batch.add.len() > super::batches::BATCH_ROWS {
            self.import_members_batched(label, batch, &villages, progress)
        } else {
            self.import_members_at_once(label, batch, &villages, progress)
        };
        if let Some(old) = old_cache {
            let _ = self.conn.pragma_update(None, "cache_size", old);
        }
        result
    }

    /// A teams import in one transaction.
    fn import_members_at_once(
        &mut self,
        label: &str,
        batch: &MemberBatch,
        villages: &[DivisionCode],
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let by = self.actor.account.clone();
        let today = self.today;
        // SQLite would look the village up for every row (its foreign key);
        // instead each distinct village is checked once, in the same
        // transaction. Updates do not change a member's village.
        self.write_checked_keys(|tx, now| {
            check_villages(tx, villages)?;
            let order = village_order(&batch.add);
            let mut n = insert_members(tx, &order, None, None, progress)? as u64;
            super::postings::link_cadres(tx)?;
            n += update_members(tx, (now, &by), &batch.update)?;
            super::postings::apply_extras(tx, (now, &by), &batch.extras)?;
            // The upward report rows of every village whose team changed:
            // in this transaction for a township's roster, else left to
            // the next push (a bound on the work, not on the file).
            let codes: Vec<&str> = villages.iter().map(|v| v.as_str()).collect();
            super::upward_reports::refresh_or_defer(tx, &codes, today)?;
            progress(n);
            summary(
                tx,
                now,
                &by,
                AuditAction::ImportTeams,
                label,
                batch.add.len(),
                batch.update.len(),
            )
        })
    }

    /// A large teams import: the new rows in batches of a bounded size and
    /// time, each its own transaction, invisible until the final one (the
    /// updates, the extras, the summary and the one-row switch). On any
    /// failure the batch is abandoned and its rows deleted.
    fn import_members_batched(
        &mut self,
        label: &str,
        batch: &MemberBatch,
        villages: &[DivisionCode],
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        use super::batches;
        // Leftovers of an earlier import that died are removed first.
        self.clean_abandoned_imports()?;
        let by = self.actor.account.clone();
        let id = self.write(|tx, now| {
            check_villages(tx, villages)?;
            batches::open(tx, ("teams", label, &by, now))
        })?;
        let order = village_order(&batch.add);
        // The batches are not synced one by one: one lost in a power cut
        // is part of an import that never became visible (abandoned, its
        // rows removed). The final step is synced (FULL) with all before it.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let result = (|| {
            let mut done = 0usize;
            let written = (|| -> Result<()> {
                while done < order.len() {
                    let rest = &order[done..order.len().min(done + batches::BATCH_ROWS)];
                    let deadline = std::time::Instant::now() + batches::BATCH_TIME;
                    let from = done as u64;
                    let n = self.write_checked_keys(|tx, _| {
                        batches::touch(tx, id, done)?;
                        insert_members(tx, rest, Some(id), Some(deadline), &|k| progress(from + k))
                    })?;
                    done += n;
                    progress(done as u64);
                    std::thread::sleep(batches::GAP);
                }
                Ok(())
            })();
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            written?;
            self.write_checked_keys(|tx, now| {
                check_villages(tx, villages)?;
                batches::make_visible(tx, id, done, now)?;
                super::postings::link_cadres(tx)?;
                let n = done as u64 + update_members(tx, (now, &by), &batch.update)?;
                super::postings::apply_extras(tx, (now, &by), &batch.extras)?;
                // More than a township's roster: the upward report rows
                // are recomputed by the next push.
                super::upward_reports::mark_stale(tx)?;
                progress(n);
                summary(
                    tx,
                    now,
                    &by,
                    AuditAction::ImportTeams,
                    label,
                    batch.add.len(),
                    batch.update.len(),
                )
            })
        })();
        if result.is_err() {
            // Best effort: what is left is removed at the next open.
            let _ = self.abandon_own(id);
        }
        result
    }

    /// Issue and edit guidance (for scopes the account may issue for).
    pub fn import_guidance(
        &mut self,
        label: &str,
        batch: &GuidanceBatch,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        let mut scopes: Vec<DivisionCode> = batch
            .add
            .iter()
            .map(|g| g.scope.clone())
            .chain(batch.update.iter().map(|(_, g)| g.scope.clone()))
            .collect();
        for (old, _) in &batch.update {
            scopes.push(
                DivisionCode::parse(&old.scope)
                    .map_err(|e| StoreError::Integrity(e.to_string()))?,
            );
        }
        let scopes = distinct(scopes.iter());
        self.authorize_import(ImportNeed::IssueGuidance, &scopes, label)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let mut n = 0u64;
            for g in &batch.add {
                let id = guidance::insert(tx, g, &by, now)?;
                audit::append(tx, &AuditEntry { at: now, account: &by, action: AuditAction::IssueGuidance, record: &format!("guidance/{id}"), old: None, new: Some(&g.title), outcome: Outcome::Ok })?;
                n += 1;
            }
            for (old, g) in &batch.update {
                let changed = tx.prepare_cached(
                    "UPDATE guidance SET body = ?2, tasks = ?3, version = version + 1 WHERE id = ?1 AND version = ?4 AND deleted_at IS NULL",
                )?
                .execute((old.id, text::sanitize(&g.body, false), encode_tasks(&g.tasks), old.version))?;
                if changed != 1 {
                    return Err(changed_meanwhile(format!("guidance {:?}", old.title)));
                }
                audit::append(tx, &AuditEntry { at: now, account: &by, action: AuditAction::ImportUpdate, record: &format!("guidance/{}", old.id), old: Some(&format!("{} tasks [{}] body {} chars", old.title, encode_tasks(&old.tasks), old.body.chars().count())), new: Some(&format!("{} tasks [{}] body {} chars", g.title, encode_tasks(&g.tasks), g.body.chars().count())), outcome: Outcome::Ok })?;
                n += 1;
            }
            progress(n);
            summary(tx, now, &by, AuditAction::ImportGuidance, label, batch.add.len(), batch.update.len())
        })
    }
}

fn summary(
    tx: &rusqlite::Transaction,
    now: &str,
    by: &str,
    action: AuditAction,
    label: &str,
    added: usize,
    updated: usize,
) -> Result<()> {
    audit::append(
        tx,
        &AuditEntry {
            at: now,
            account: by,
            action,
            record: &format!("import/{label}"),
            old: None,
            new: Some(&format!("{added} added, {updated} updated")),
            outcome: Outcome::Ok,
        },
    )
}

/// Every village of a batch still exists and is active (checked once per
/// village in the write's transaction, instead of SQLite's foreign key per row).
fn check_villages(tx: &rusqlite::Transaction, villages: &[DivisionCode]) -> Result<()> {
    for v in villages {
        let ok = tx
            .prepare_cached(
                "SELECT 1 FROM division WHERE code = ?1 AND level = ?2 AND abolished_on IS NULL",
            )?
            .exists((v.as_str(), Level::Village.as_i64()))?;
        if !ok {
            return Err(changed_meanwhile(format!("village {v}")));
        }
    }
    Ok(())
}

/// The rows of `add` in village order: the index on team_member(village)
/// is then written page by page instead of at random; within a village the
/// file's order is kept.
fn village_order(add: &[NewMember]) -> Vec<&NewMember> {
    let mut order: Vec<&NewMember> = add.iter().collect();
    order.sort_by(|a, b| a.village.cmp(&b.village));
    order
}

/// Insert new team members (marked with `batch` if given), many rows per
/// statement, in order; with a `deadline`, stops at the first block of rows
/// after it. Returns how many were written (at least one block).
fn insert_members(
    tx: &rusqlite::Transaction,
    order: &[&NewMember],
    batch: Option<i64>,
    deadline: Option<std::time::Instant>,
    progress: &dyn Fn(u64),
) -> Result<usize> {
    // Many rows per statement: far fewer statement runs.
    const PER: usize = 64;
    // Cadres are made a block at a time, then the block's rows written.
    const BLOCK: usize = PER * 16;
    let sql = |rows: usize| {
        let values = (0..rows)
            .map(|r| {
                let b = r * 8;
                format!(
                    "(?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO team_member(village, name, role, unit, start_on, end_on, cadre, batch) VALUES {values}"
        )
    };
    let mut full = tx.prepare_cached(&sql(PER))?;
    let mut n = 0usize;
    // A batch with a deadline looks at the clock more often.
    let block = if deadline.is_some() { PER * 4 } else { BLOCK };
    for block in order.chunks(block) {
        if deadline.is_some_and(|d| n > 0 && std::time::Instant::now() >= d) {
            break;
        }
        // Each row's cadre, made first (a person by name and unit), so the
        // rows are written once with it.
        let cadres = super::postings::cadre_ids(
            tx,
            block.iter().map(|m| {
                (
                    text::clean_text(&m.name, true),
                    text::clean_text(&m.unit, true),
                )
            }),
        )?;
        for (k, chunk) in block.chunks(PER).enumerate() {
            let mut tail;
            let st = if chunk.len() == PER {
                &mut full
            } else {
                tail = tx.prepare(&sql(chunk.len()))?;
                &mut tail
            };
            // Bound straight from the batch: SQLite copies each value.
            for (r, m) in chunk.iter().enumerate() {
                let b = r * 8;
                st.raw_bind_parameter(b + 1, m.village.as_str())?;
                st.raw_bind_parameter(b + 2, text::clean_text(&m.name, true).as_ref())?;
                st.raw_bind_parameter(b + 3, m.role.key())?;
                st.raw_bind_parameter(b + 4, text::clean_text(&m.unit, true).as_ref())?;
                with_date_text(m.start, |d| st.raw_bind_parameter(b + 5, d))?;
                match m.end {
                    Some(end) => with_date_text(end, |d| st.raw_bind_parameter(b + 6, d))?,
                    None => st.raw_bind_parameter(b + 6, rusqlite::types::Null)?,
                }
                st.raw_bind_parameter(b + 7, cadres[k * PER + r])?;
                st.raw_bind_parameter(b + 8, batch)?;
            }
            st.raw_execute()?;
            let before = n;
            n += chunk.len();
            if before / 4096 != n / 4096 {
                progress(n as u64);
            }
        }
    }
    Ok(n)
}

/// Apply changed team members, each audited; returns how many.
fn update_members(
    tx: &rusqlite::Transaction,
    (now, by): (&str, &str),
    update: &[(TeamMember, NewMember)],
) -> Result<u64> {
    let mut n = 0u64;
    for (old, m) in update {
        let changed = tx
            .prepare_cached(
                "UPDATE team_member SET role = ?2, unit = ?3, end_on = ?4
             WHERE id = ?1 AND role = ?5 AND unit = ?6 AND end_on IS ?7",
            )?
            .execute((
                old.id,
                m.role.key(),
                text::sanitize(&m.unit, true),
                m.end.map(|d| d.to_string()),
                old.role.key(),
                &old.unit,
                old.end.map(|d| d.to_string()),
            ))?;
        if changed != 1 {
            return Err(changed_meanwhile(format!(
                "team member {} of {}",
                old.name, old.village
            )));
        }
        let start = old.start.to_string();
        audit::append(
            tx,
            &AuditEntry {
                at: now,
                account: by,
                action: AuditAction::ImportUpdate,
                record: &format!("team_member/{}", old.id),
                old: Some(&describe_member(
                    &old.name,
                    old.role.key(),
                    &old.unit,
                    &start,
                    old.end.map(|d| d.to_string()).as_deref(),
                )),
                new: Some(&describe_member(
                    &m.name,
                    m.role.key(),
                    &m.unit,
                    &start,
                    m.end.map(|d| d.to_string()).as_deref(),
                )),
                outcome: Outcome::Ok,
            },
        )?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn date_text_without_allocating_is_the_same() {
        for d in [
            NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            NaiveDate::from_ymd_opt(1990, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(9, 1, 9).unwrap(),
            NaiveDate::from_ymd_opt(12345, 3, 4).unwrap(),
            NaiveDate::from_ymd_opt(-44, 3, 15).unwrap(),
        ] {
            assert_eq!(with_date_text(d, str::to_string), date_text(d), "{d}");
        }
        assert_eq!(
            with_date_text(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(), str::to_string),
            "2025-06-01"
        );
    }

    #[test]
    fn distinct_codes_in_order() {
        let c = |s: &str| DivisionCode::parse(s).unwrap();
        let codes = [c("522701001201"), c("522701001200"), c("522701001201")];
        assert_eq!(
            distinct(codes.iter()),
            vec![c("522701001200"), c("522701001201")]
        );
    }
}
