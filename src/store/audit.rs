//! The append-only audit trail with a hash chain.

use super::Result;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub record: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub outcome: String,
    pub hash: String,
}

#[allow(clippy::too_many_arguments)]
fn row_hash(
    prev: &str,
    seq: i64,
    at: &str,
    account: &str,
    action: &str,
    record: &str,
    old: Option<&str>,
    new: Option<&str>,
    outcome: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        at,
        account,
        action,
        record,
        old.unwrap_or("\u{0}"),
        new.unwrap_or("\u{0}"),
        outcome,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Append one audit row inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    account: &str,
    action: &str,
    record: &str,
    old: Option<&str>,
    new: Option<&str>,
    outcome: &str,
) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, String::new()));
    let seq = prev_seq + 1;
    let hash = row_hash(
        &prev_hash, seq, at, account, action, record, old, new, outcome,
    );
    conn.prepare_cached(
        "INSERT INTO audit(seq, at, account, action, record, old, new, outcome, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute((seq, at, account, action, record, old, new, outcome, hash))?;
    Ok(())
}

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        account: r.get(2)?,
        action: r.get(3)?,
        record: r.get(4)?,
        old: r.get(5)?,
        new: r.get(6)?,
        outcome: r.get(7)?,
        hash: r.get(8)?,
    })
}

const COLS: &str = "seq, at, account, action, record, old, new, outcome, hash";

/// Filters for listing the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub record_prefix: Option<String>,
    pub account: Option<String>,
    pub since: Option<String>,
    pub limit: Option<usize>,
}

impl super::Store {
    /// The audit rows of one record, oldest first.
    pub fn history(&self, record: &str) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM audit WHERE record = ?1 ORDER BY seq"
        ))?;
        Ok(st
            .query_map([record], map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn audit_rows(&self, f: &AuditFilter) -> Result<Vec<AuditRow>> {
        let mut sql = format!("SELECT {COLS} FROM audit WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        if let Some(p) = &f.record_prefix {
            args.push(format!("{p}%"));
            sql.push_str(&format!(" AND record LIKE ?{}", args.len()));
        }
        if let Some(a) = &f.account {
            args.push(a.clone());
            sql.push_str(&format!(" AND account = ?{}", args.len()));
        }
        if let Some(s) = &f.since {
            args.push(s.clone());
            sql.push_str(&format!(" AND at >= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY seq");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut st = self.conn.prepare(&sql)?;
        Ok(st
            .query_map(rusqlite::params_from_iter(args.iter()), map_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Walk the chain; the first row whose hash or sequence does not follow is
    /// returned (None: the chain is intact).
    pub fn verify_audit(&self) -> Result<Option<(i64, String)>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLS} FROM audit ORDER BY seq"))?;
        let mut rows = st.query([])?;
        let mut prev = String::new();
        let mut expect_seq = 1;
        while let Some(r) = rows.next()? {
            let a = map_row(r)?;
            if a.seq != expect_seq {
                return Ok(Some((a.seq, format!("row {expect_seq} is missing"))));
            }
            let h = row_hash(
                &prev,
                a.seq,
                &a.at,
                &a.account,
                &a.action,
                &a.record,
                a.old.as_deref(),
                a.new.as_deref(),
                &a.outcome,
            );
            if h != a.hash {
                return Ok(Some((a.seq, "contents do not match its hash".into())));
            }
            prev = a.hash;
            expect_seq += 1;
        }
        Ok(None)
    }
}
