//! Numbered SQL migrations from db/migrations/, tracked with PRAGMA user_version.

use super::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

pub(crate) fn check_not_newer(found: i64, path: &Path) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.display().to_string(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Apply migrations after the database's version, each in its own immediate
/// transaction together with its user_version bump.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Apply migrations up to `target` (tests build every older schema with this).
pub fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    let found = current_version(conn)?;
    check_not_newer(found, path)?;
    // Migrations compute stored forms of names (0005: pinyin) with these.
    super::pinyin::register(conn)?;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().take(target as usize) {
        let version = i as i64 + 1;
        if version <= found {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if current_version(&tx)? >= version {
            continue;
        }
        tx.execute_batch(sql)
            .map_err(|e| StoreError::invalid(format!("migration {name}"), e.to_string()))?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
