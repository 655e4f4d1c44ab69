//! Divisions: province down to village, with abolished ones kept.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::{Result, StoreError};
use crate::domain::{Division, DivisionCode, Level, VillageType, pinyin, text};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};

const COLS: &str = "code, name, types, abolished_on";

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<Division> {
    let code: String = r.get(0)?;
    let types: String = r.get(2)?;
    let abolished: Option<String> = r.get(3)?;
    Ok(Division {
        code: DivisionCode::parse(&code).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?,
        name: r.get(1)?,
        types: VillageType::decode(&types),
        abolished_on: abolished.and_then(|a| NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok()),
    })
}

/// Insert one division inside a transaction. Its parent must exist (except
/// for a province); village counts of every ancestor go up by one.
pub(crate) fn insert(
    tx: &Transaction,
    code: &DivisionCode,
    name: &str,
    types: &[VillageType],
) -> Result<()> {
    let mut bulk = Bulk::default();
    bulk.insert(tx, code, name, types)?;
    bulk.finish(tx)
}

/// Many inserts in one transaction, as [`insert`] makes them: each parent
/// is looked up once, and the ancestors' village counts are added up and
/// written once, by [`Bulk::finish`] (which must run before the commit).
#[derive(Debug, Default)]
pub(crate) struct Bulk {
    /// Codes known to be in the table (looked up, or inserted here).
    present: foldhash::HashSet<String>,
    /// Villages added under each parent (township).
    villages: foldhash::HashMap<String, i64>,
}

impl Bulk {
    /// Insert a division: false (and nothing written) when its code is
    /// already in the table.
    pub fn insert_new(
        &mut self,
        tx: &Transaction,
        code: &DivisionCode,
        name: &str,
        types: &[VillageType],
    ) -> Result<bool> {
        let name = crate::domain::text::clean_text(name, true);
        if name.trim().is_empty() {
            return Err(StoreError::invalid(
                format!("division {code}"),
                "the name is empty",
            ));
        }
        let parent = code.parent();
        // Every parent is looked up here (once), so a caller may turn
        // foreign keys off for a big batch of inserts.
        if let Some(p) = &parent
            && !self.present.contains(p.as_str())
        {
            let exists: bool = tx
                .prepare_cached("SELECT 1 FROM division WHERE code = ?1")?
                .exists([p.as_str()])?;
            if !exists && code.level() != Level::Prefecture {
                return Err(StoreError::invalid(
                    format!("division {code}"),
                    format!("its parent {p} does not exist"),
                ));
            }
            if !exists {
                // A prefecture may be loaded without its province row: add a placeholder.
                tx.prepare_cached("INSERT INTO division(code, name, level) VALUES (?1, ?2, 0)")?
                    .execute((p.as_str(), p.as_str()))?;
            }
            self.present.insert(p.as_str().to_string());
        }
        let is_village = code.level() == Level::Village;
        let inserted = tx.prepare_cached(
            "INSERT INTO division(code, name, level, parent, types, initials, villages, pinyin, pinyin_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute((
            code.as_str(),
            &name,
            code.level().as_i64(),
            parent.as_ref().map(|p| p.as_str()),
            VillageType::encode(types),
            text::initials(&name),
            is_village as i64,
            pinyin::readings(&name),
            pinyin::sort_key(&name),
        ));
        match inserted {
            Ok(_) => {}
            Err(e)
                if e.sqlite_error().is_some_and(|f| {
                    f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                }) =>
            {
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        }
        if is_village {
            if let Some(p) = &parent {
                match self.villages.get_mut(p.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        self.villages.insert(p.as_str().to_string(), 1);
                    }
                }
            }
        } else {
            self.present.insert(code.as_str().to_string());
        }
        Ok(true)
    }

    /// As [`Bulk::insert_new`]; a code already in the table is an error.
    pub fn insert(
        &mut self,
        tx: &Transaction,
        code: &DivisionCode,
        name: &str,
        types: &[VillageType],
    ) -> Result<()> {
        if self.insert_new(tx, code, name, types)? {
            Ok(())
        } else {
            Err(StoreError::invalid(
                format!("division {code}"),
                "a division with this code already exists",
            ))
        }
    }

    /// Write the village counts of the parents and all their ancestors.
    pub fn finish(self, tx: &Transaction) -> Result<()> {
        let mut all: std::collections::BTreeMap<DivisionCode, i64> = Default::default();
        for (parent, n) in self.villages {
            let parent =
                DivisionCode::parse(&parent).map_err(|e| StoreError::Integrity(e.to_string()))?;
            for a in parent.lineage() {
                *all.entry(a).or_default() += n;
            }
        }
        let mut up =
            tx.prepare_cached("UPDATE division SET villages = villages + ?2 WHERE code = ?1")?;
        for (code, n) in &all {
            up.execute((code.as_str(), n))?;
        }
        Ok(())
    }
}

impl super::Store {
    pub fn division(&self, code: &DivisionCode) -> Result<Option<Division>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLS} FROM division WHERE code = ?1"))?
            .query_row([code.as_str()], map_row)
            .optional()?)
    }

    /// The active village with this code, or a clear error.
    pub fn village(&self, code: &DivisionCode) -> Result<Division> {
        match self.division(code)? {
            Some(d) if d.level() == Level::Village && d.abolished_on.is_none() => Ok(d),
            _ => Err(StoreError::UnknownVillage(code.to_string())),
        }
    }

    /// Active divisions one level below `code`, in code order.
    pub fn children(&self, code: &DivisionCode) -> Result<Vec<Division>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM division WHERE parent = ?1 AND abolished_on IS NULL ORDER BY code"
        ))?;
        Ok(st
            .query_map([code.as_str()], map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Active villages at or below `code`, in code order.
    pub fn villages_under(&self, code: &DivisionCode) -> Result<Vec<Division>> {
        let lo = code.prefix().to_string();
        let hi = format!("{lo}\u{7f}");
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM division WHERE code >= ?1 AND code < ?2 AND level = 4 AND abolished_on IS NULL ORDER BY code"
        ))?;
        Ok(st
            .query_map([lo, hi], map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Number of active villages at or below `code`.
    pub fn village_count(&self, code: &DivisionCode) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached("SELECT villages FROM division WHERE code = ?1")?
            .query_row([code.as_str()], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// The top division: the one without a parent that has the most villages
    /// below it (the prefecture or province the database covers).
    pub fn root(&self) -> Result<Option<Division>> {
        // Descend while there is exactly one active child.
        let top: Option<String> = self
            .conn
            .query_row("SELECT code FROM division WHERE parent IS NULL ORDER BY villages DESC, code LIMIT 1", [], |r| r.get(0))
            .optional()?;
        let Some(top) = top else { return Ok(None) };
        let mut cur =
            DivisionCode::parse(&top).map_err(|e| StoreError::Integrity(e.to_string()))?;
        loop {
            let kids = self.children(&cur)?;
            if kids.len() == 1 && cur.level() < Level::Prefecture {
                cur = kids[0].code.clone();
            } else {
                return self.division(&cur);
            }
        }
    }

    /// Find divisions (township or village level, and counties) by name
    /// substring, code prefix or pinyin (full, spaced, initials or a mix:
    /// `guitan`, `gui tan`, `gt`, `guit`; see domain::pinyin); at most
    /// `limit`. Matches from the start of the name or code come first, then
    /// counties before townships before villages, each sorted by pinyin.
    pub fn search(
        &self,
        query: &str,
        within: Option<&DivisionCode>,
        limit: usize,
    ) -> Result<Vec<Division>> {
        let q = text::sanitize(query, true).trim().to_lowercase();
        if q.is_empty() {
            return Ok(vec![]);
        }
        // Empty when the query is not pinyin: the match function refuses at once.
        let py = pinyin::query(&q).unwrap_or_default();
        let (lo, hi) = match within {
            Some(c) => (c.prefix().to_string(), format!("{}\u{7f}", c.prefix())),
            None => (String::new(), "\u{7f}".to_string()),
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM division
             WHERE code >= ?2 AND code < ?3 AND abolished_on IS NULL AND level >= 2
               AND (code LIKE ?1 || '%' OR instr(name, ?1) > 0 OR zhucun_pinyin_match(pinyin, ?5) > 0)
             ORDER BY (code LIKE ?1 || '%' OR substr(name, 1, length(?1)) = ?1 OR zhucun_pinyin_match(pinyin, ?5) = 2) DESC,
                      level, pinyin_key, code
             LIMIT ?4"
        ))?;
        let found: Vec<Division> = st
            .query_map((q, lo, hi, limit as i64, py), map_row)?
            .collect::<rusqlite::Result<_>>()?;
        self.visible(found, |d| &d.code)
    }

    /// Add divisions (tests, imports and the demo loader): one transaction.
    pub fn add_divisions(
        &mut self,
        rows: &[(DivisionCode, String, Vec<VillageType>)],
    ) -> Result<()> {
        let by = self.actor.account.clone();
        super::users::authorize(
            &self.conn,
            &self.actor.account,
            super::users::Need::Admin,
            None,
            "divisions",
        )?;
        self.write(|tx, now| {
            for (code, name, types) in rows {
                insert(tx, code, name, types)?;
            }
            super::audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::AddDivisions,
                    record: "divisions",
                    old: None,
                    new: Some(&format!("{} rows", rows.len())),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }

    /// Mark a division abolished from `on`; its row and records stay.
    pub fn abolish(&mut self, code: &DivisionCode, on: NaiveDate) -> Result<()> {
        let by = self.actor.account.clone();
        super::users::authorize(
            &self.conn,
            &self.actor.account,
            super::users::Need::Admin,
            None,
            code.as_str(),
        )?;
        self.write(|tx, now| {
            let n = tx.execute(
                "UPDATE division SET abolished_on = ?2 WHERE code = ?1 AND abolished_on IS NULL",
                (code.as_str(), on.to_string()),
            )?;
            if n == 0 {
                return Err(StoreError::UnknownDivision(code.to_string()));
            }
            if code.level() == Level::Village {
                for a in code.lineage().iter().skip(1) {
                    tx.execute(
                        "UPDATE division SET villages = villages - 1 WHERE code = ?1",
                        [a.as_str()],
                    )?;
                }
            }
            super::audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::Abolish,
                    record: &format!("division/{code}"),
                    old: None,
                    new: Some(&on.to_string()),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }
}
