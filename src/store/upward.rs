//! The upward channel: a prefecture's report tables sent to its province as
//! SQLite session-extension changesets (docs/upward.md).
//!
//! Export diffs the current report rows against the kept copy of what was
//! last shipped (`upward_shipped_*`), both copied into in-memory attached
//! databases with the same primary keys, with `sqlite3session_diff`. Apply
//! checks the header, then applies the changeset in one transaction with a
//! conflict handler that aborts on any conflict.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::Need;
use super::{StoreError, audit};
use crate::domain::{DivisionCode, Level};
use rusqlite::session::{ChangesetItem, ChangesetIter, ConflictAction, ConflictType, Session};
use rusqlite::{Connection, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// First line of every batch file.
pub const MAGIC: &str = "zhucun-upward 1";

/// The extension of the files `zhucun push` writes.
pub const EXTENSION: &str = "zhucun-upward";

/// A report table: its name, and the rows of it a prefecture sends (SQL over
/// the table's columns; `?1` is the prefecture's 4-digit prefix, `?2` its
/// code). The first primary-key column is the division code, so apply can
/// check that every row lies inside the sending prefecture.
pub struct ReportTable {
    pub name: &'static str,
    pub rows: &'static str,
}

/// The report tables, in the order they are diffed and applied. Tables for
/// teams, attendance and grades are added here, each with its kept copy
/// `upward_shipped_NAME` (a migration).
pub const REPORT_TABLES: [ReportTable; 7] = [
    // Below the prefecture only: the province holds the prefecture's own row.
    ReportTable {
        name: "division",
        rows: "substr(code, 1, length(?1)) = ?1 AND code <> ?2",
    },
    ReportTable {
        name: "rollup",
        rows: "substr(code, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
    // Migration 0016, kept by store::upward_reports (0017 adds each
    // cadre-month's training hours).
    ReportTable {
        name: "upward_team_month",
        rows: "substr(village, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
    ReportTable {
        name: "upward_cadre_month",
        rows: "substr(village, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
    // Migration 0017: each county pool's grade counts per year.
    ReportTable {
        name: "upward_grade_count",
        rows: "substr(county, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
    // Migration 0018: each county pool's size per year.
    ReportTable {
        name: "upward_pool_size",
        rows: "substr(county, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
    // Migration 0019: each county's training per year.
    ReportTable {
        name: "upward_training_count",
        rows: "substr(county, 1, length(?1)) = ?1 AND ?2 IS NOT NULL",
    },
];

/// How many leading digits of a code name its sender, in SQL on a sender
/// code `c` (`522700` → 4, a prefecture; `520000` → 2, a province).
const SENDER_PREFIX_LEN: &str = "CASE WHEN substr(b.prefecture, 3) = '0000' THEN 2 ELSE 4 END";

/// The header of a batch file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub prefecture: String,
    pub seq: i64,
    pub schema: i64,
    pub created: String,
    pub changes: i64,
    /// A whole snapshot that replaces the province's copy of the
    /// prefecture (`export --baseline`), instead of a delta.
    pub baseline: bool,
    pub sha256: String,
}

impl Header {
    /// The header lines the hash covers (everything but the hash line).
    fn signed_part(&self) -> String {
        format!(
            "{MAGIC}\nprefecture {}\nsequence {}\nschema {}\ncreated {}\nchanges {}\nkind {}\n",
            self.prefecture,
            self.seq,
            self.schema,
            self.created,
            self.changes,
            if self.baseline { "baseline" } else { "delta" }
        )
    }
}

fn digest(signed: &str, content: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(signed.as_bytes());
    h.update(content);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Why an upward export or apply did not happen. The command line words
/// each (Chinese and English) in `cli::upward`.
#[derive(Debug, thiserror::Error)]
pub enum UpwardError {
    #[error("this database's top division {0} is not a prefecture")]
    NotAPrefecture(String),
    #[error("this database's top division {0} is not a province")]
    NotAProvince(String),
    #[error("--since {given}: the last batch sent is {last}")]
    Since { given: i64, last: i64 },
    #[error("{0} exists")]
    OutputExists(String),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
    #[error("not a batch file")]
    NotABatch,
    #[error("damaged batch: {0}")]
    Damaged(String),
    #[error("schema {found}, this database has {have}")]
    Schema { found: i64, have: i64 },
    #[error("prefecture {code} is not under province {province}")]
    Foreign { code: String, province: String },
    #[error("batch {seq} of {code} was already applied")]
    Duplicate { code: String, seq: i64 },
    #[error("batch {seq} of {code} out of order: expected {expected}")]
    OutOfOrder {
        code: String,
        seq: i64,
        expected: i64,
    },
    #[error("row {row} of table {table} is outside prefecture {code}")]
    OutsideRow {
        code: String,
        table: String,
        row: String,
    },
    #[error("conflicts: {}", .0.join("; "))]
    Conflicts(Vec<String>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for UpwardError {
    fn from(e: rusqlite::Error) -> Self {
        UpwardError::Store(StoreError::from(e))
    }
}

type Result<T, E = UpwardError> = std::result::Result<T, E>;

/// A batch written by [`super::Store::upward_export`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub header: Header,
    pub bytes: usize,
}

/// One row of the batch ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    /// `sent` (at a prefecture) or `applied` (at the province).
    pub direction: String,
    pub prefecture: String,
    pub seq: i64,
    pub changes: i64,
    pub at: String,
}

/// A batch applied by [`super::Store::upward_apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub header: Header,
    pub name: String,
}

/// The `CREATE TABLE` of `schema.table` with the columns and primary key of
/// `main.table`, without its foreign keys or checks (a copy for diffing).
fn copy_ddl(conn: &Connection, schema: &str, table: &str) -> Result<String> {
    let mut st = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let cols: Vec<(String, String, i64)> = st
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut pk: Vec<&(String, String, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
    pk.sort_by_key(|c| c.2);
    let defs: Vec<String> = cols.iter().map(|c| format!("{} {}", c.0, c.1)).collect();
    let keys: Vec<&str> = pk.iter().map(|c| c.0.as_str()).collect();
    Ok(format!(
        "CREATE TABLE {schema}.{table} ({}, PRIMARY KEY ({})) WITHOUT ROWID",
        defs.join(", "),
        keys.join(", ")
    ))
}

fn columns(conn: &Connection, table: &str) -> Result<String> {
    let mut st = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
    let cols: Vec<String> = st
        .query_map([], |r| r.get(1))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(cols.join(", "))
}

/// The changeset that turns what was shipped into what the report tables
/// hold now (empty when nothing changed). Runs inside the caller's
/// transaction, with `up_now` and `up_sent` attached. A `baseline` diffs
/// against nothing: every current row, as inserts.
fn diff(conn: &Connection, prefecture: &DivisionCode, baseline: bool) -> Result<Vec<u8>> {
    let args = (prefecture.prefix(), prefecture.as_str());
    for t in &REPORT_TABLES {
        let cols = columns(conn, t.name)?;
        for schema in ["up_now", "up_sent"] {
            conn.execute_batch(&format!("DROP TABLE IF EXISTS {schema}.{}", t.name))?;
            conn.execute_batch(&copy_ddl(conn, schema, t.name)?)?;
        }
        conn.execute(
            &format!(
                "INSERT INTO up_now.{n} ({cols}) SELECT {cols} FROM main.{n} WHERE {}",
                t.rows,
                n = t.name
            ),
            args,
        )?;
        if !baseline {
            conn.execute(
                &format!(
                    "INSERT INTO up_sent.{n} ({cols}) SELECT {cols} FROM main.upward_shipped_{n}",
                    n = t.name
                ),
                [],
            )?;
        }
    }
    let mut session = Session::new_with_name(conn, "up_now")?;
    for t in &REPORT_TABLES {
        session.attach(Some(t.name))?;
        session.diff("up_sent", t.name)?;
    }
    let mut out = Vec::new();
    if !session.is_empty() {
        session.changeset_strm(&mut out)?;
    }
    Ok(out)
}

/// One change of a changeset, decoded: table, operation and every value.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedChange {
    pub table: String,
    pub op: &'static str,
    /// Old values (update, delete) then new values (insert, update); absent
    /// values of an update are left out.
    pub values: Vec<rusqlite::types::Value>,
    /// The first column (the division code) of the row changed.
    pub code: String,
}

/// Decode every change of a changeset (to check what it carries).
pub fn decode(content: &[u8]) -> Result<Vec<DecodedChange>> {
    use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
    let mut reader: &[u8] = content;
    let input: &mut dyn std::io::Read = &mut reader;
    let mut it = ChangesetIter::start_strm(&input)?;
    let mut out = Vec::new();
    while let Some(item) = it.next()? {
        let op = item.op()?;
        let n = op.number_of_columns() as usize;
        let (name, code) = (op.table_name().to_string(), op.code());
        let (has_old, has_new, op) = match code {
            rusqlite::hooks::Action::SQLITE_INSERT => (false, true, "insert"),
            rusqlite::hooks::Action::SQLITE_DELETE => (true, false, "delete"),
            _ => (true, true, "update"),
        };
        let mut values = Vec::new();
        let mut first = None;
        for (has, get) in [(has_old, 0), (has_new, 1)] {
            if !has {
                continue;
            }
            for c in 0..n {
                let v = if get == 0 {
                    item.old_value(c)
                } else {
                    item.new_value(c)
                };
                // An update leaves unchanged columns out (an absent value).
                let Ok(v) = v else { continue };
                let v = owned(v);
                if c == 0 && first.is_none() {
                    first = Some(v.clone());
                }
                values.push(v);
            }
        }
        let code = match first {
            Some(rusqlite::types::Value::Text(s)) => s,
            other => format!("{other:?}"),
        };
        out.push(DecodedChange {
            table: name,
            op,
            values,
            code,
        });
    }
    Ok(out)
}

fn owned(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::Value {
    use rusqlite::types::{Value, ValueRef};
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Split a batch file into its header and changeset, checking the hash.
pub fn parse(file: &[u8]) -> Result<(Header, &[u8])> {
    let magic = format!("{MAGIC}\n");
    if !file.starts_with(magic.as_bytes()) {
        return Err(UpwardError::NotABatch);
    }
    let end = file
        .windows(2)
        .take(4096)
        .position(|w| w == b"\n\n")
        .ok_or_else(|| UpwardError::Damaged("the header has no end".into()))?;
    let head = std::str::from_utf8(&file[..end])
        .map_err(|_| UpwardError::Damaged("the header is not text".into()))?;
    let content = &file[end + 2..];
    let mut fields = std::collections::HashMap::new();
    for line in head.lines().skip(1) {
        let (k, v) = line
            .split_once(' ')
            .ok_or_else(|| UpwardError::Damaged(format!("header line {line:?}")))?;
        fields.insert(k, v);
    }
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.to_string())
            .ok_or_else(|| UpwardError::Damaged(format!("the header has no {k}")))
    };
    let num = |k: &str| {
        get(k)?
            .parse::<i64>()
            .map_err(|_| UpwardError::Damaged(format!("header {k} is not a number")))
    };
    let h = Header {
        prefecture: get("prefecture")?,
        seq: num("sequence")?,
        schema: num("schema")?,
        created: get("created")?,
        changes: num("changes")?,
        baseline: match get("kind")?.as_str() {
            "delta" => false,
            "baseline" => true,
            other => return Err(UpwardError::Damaged(format!("header kind {other:?}"))),
        },
        sha256: get("sha256")?,
    };
    if digest(&h.signed_part(), content) != h.sha256 {
        return Err(UpwardError::Damaged(
            "the SHA-256 does not match the content".into(),
        ));
    }
    Ok((h, content))
}

fn last_seq(conn: &Connection, direction: &str, prefecture: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) FROM upward_batch WHERE direction = ?1 AND prefecture = ?2",
        (direction, prefecture),
        |r| r.get(0),
    )?)
}

impl super::Store {
    fn top_division(&self) -> Result<DivisionCode> {
        let root = self
            .root()?
            .ok_or_else(|| UpwardError::NotAPrefecture("-".into()))?;
        Ok(root.code)
    }

    /// Write the report tables' changes since the last batch sent to `out`
    /// as a batch file, and record it as sent (administrators only,
    /// audited). `Ok(None)`: nothing changed, no file written.
    /// `baseline`: every current row, for a province whose copy diverged.
    pub fn upward_export(
        &mut self,
        out: &Path,
        since: Option<i64>,
        baseline: bool,
    ) -> Result<Option<Sent>> {
        self.authorize(Need::Admin, None, "upward export")?;
        let result = self.export_checked(out, since, baseline);
        if let Err(e) = &result {
            self.audit_upward_refusal(AuditAction::UpwardExport, "upward", e)?;
        }
        result
    }

    /// The next batch's file name: the prefecture code and the sequence
    /// number, `522700-000012.zhucun-upward`.
    pub fn upward_file_name(prefecture: &str, seq: i64) -> String {
        format!("{prefecture}-{seq:06}.{EXTENSION}")
    }

    /// `zhucun push`: [`Self::upward_export`] into `dir` under the name
    /// [`Self::upward_file_name`] gives the next batch.
    pub fn upward_push(&mut self, dir: &Path, baseline: bool) -> Result<Option<(Sent, PathBuf)>> {
        self.authorize(Need::Admin, None, "upward export")?;
        let named = self.next_file(dir);
        let result = named.and_then(|out| {
            self.export_checked(&out, None, baseline)
                .map(|s| s.map(|s| (s, out)))
        });
        if let Err(e) = &result {
            self.audit_upward_refusal(AuditAction::UpwardExport, "upward", e)?;
        }
        result
    }

    fn next_file(&self, dir: &Path) -> Result<PathBuf> {
        let pref = self.sender()?;
        let last = last_seq(&self.conn, "sent", pref.as_str())?;
        Ok(dir.join(Self::upward_file_name(pref.as_str(), last + 1)))
    }

    fn export_checked(
        &mut self,
        out: &Path,
        since: Option<i64>,
        baseline: bool,
    ) -> Result<Option<Sent>> {
        let pref = self.sender()?;
        if out.exists() {
            return Err(UpwardError::OutputExists(out.display().to_string()));
        }
        let last = last_seq(&self.conn, "sent", pref.as_str())?;
        if let Some(given) = since
            && given != last
        {
            return Err(UpwardError::Since { given, last });
        }
        self.conn
            .execute_batch("ATTACH ':memory:' AS up_now; ATTACH ':memory:' AS up_sent;")?;
        let result = self.export_attached(&pref, last, out, baseline);
        let detach = self.conn.execute_batch("DETACH up_now; DETACH up_sent;");
        let sent = result?;
        detach?;
        Ok(sent)
    }

    fn export_attached(
        &mut self,
        pref: &DivisionCode,
        last: i64,
        out: &Path,
        baseline: bool,
    ) -> Result<Option<Sent>> {
        let now = crate::domain::clock::now_stamp(self.settings.zone);
        let by = self.actor.account.clone();
        let today = self.today;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A province passes on what its prefectures pushed, as pulled.
        if pref.level() == Level::Prefecture {
            refresh_before_push(&tx, today)?;
        }
        let content = diff(&tx, pref, baseline)?;
        if content.is_empty() {
            return Ok(None);
        }
        let changes = decode(&content)?.len() as i64;
        let mut header = Header {
            prefecture: pref.to_string(),
            seq: last + 1,
            schema: super::SCHEMA_VERSION,
            created: now.clone(),
            changes,
            baseline,
            sha256: String::new(),
        };
        let signed = header.signed_part();
        header.sha256 = digest(&signed, &content);
        let mut file = format!("{signed}sha256 {}\n\n", header.sha256).into_bytes();
        file.extend_from_slice(&content);
        // The shipped copy becomes what this batch carries.
        for t in &REPORT_TABLES {
            let cols = columns(&tx, t.name)?;
            tx.execute(&format!("DELETE FROM upward_shipped_{}", t.name), [])?;
            tx.execute(
                &format!(
                    "INSERT INTO upward_shipped_{n} ({cols}) SELECT {cols} FROM main.{n} WHERE {}",
                    t.rows,
                    n = t.name
                ),
                (pref.prefix(), pref.as_str()),
            )?;
        }
        tx.execute(
            "INSERT INTO upward_batch(direction, prefecture, seq, sha256, changes, bytes, at, account)
             VALUES ('sent', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (pref.as_str(), header.seq, &header.sha256, changes, file.len() as i64, &now, &by),
        )?;
        let shown = format!("{} #{} → {}", pref, header.seq, out.display());
        audit::append(
            &tx,
            &AuditEntry {
                at: &now,
                account: &by,
                action: AuditAction::UpwardExport,
                record: "upward",
                old: None,
                new: Some(&shown),
                outcome: Outcome::Ok,
            },
        )?;
        let write_err = |e: std::io::Error| UpwardError::Write {
            path: out.display().to_string(),
            detail: e.to_string(),
        };
        write_file(out, &file).map_err(write_err)?;
        if let Err(e) = tx.commit() {
            let _ = std::fs::remove_file(out);
            return Err(e.into());
        }
        super::anchor::after_commit(&self.conn);
        Ok(Some(Sent {
            header,
            bytes: file.len(),
        }))
    }

    /// Apply one batch file at the province: header checks, then the
    /// changeset in one transaction that any conflict aborts, then the
    /// province's own figures recomputed (administrators only, audited).
    pub fn upward_apply(&mut self, file: &[u8]) -> Result<Applied> {
        self.authorize(Need::Admin, None, "upward apply")?;
        let result = self.apply_checked(file);
        if let Err(e) = &result {
            let what = parse(file)
                .map(|(h, _)| format!("upward/{}#{}", h.prefecture, h.seq))
                .unwrap_or_else(|_| "upward".to_string());
            self.audit_upward_refusal(AuditAction::UpwardApply, &what, e)?;
        }
        result
    }

    /// A refused export or apply, audited in its own transaction: what was
    /// refused and why (the error's English words; the audit view words the
    /// action).
    fn audit_upward_refusal(
        &self,
        action: AuditAction,
        record: &str,
        e: &UpwardError,
    ) -> Result<()> {
        let now = crate::domain::clock::now_stamp(self.settings.zone);
        let why = e.to_string();
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        audit::append(
            &tx,
            &AuditEntry {
                at: &now,
                account: &self.actor.account,
                action,
                record,
                old: None,
                new: Some(&why),
                outcome: Outcome::Refused,
            },
        )?;
        tx.commit()?;
        super::anchor::after_commit(&self.conn);
        Ok(())
    }

    /// The top division itself (a province database with one prefecture
    /// so far is still a province's: [`Self::root`] would descend to it).
    fn top_of_all(&self) -> Result<DivisionCode> {
        use rusqlite::OptionalExtension as _;
        let top: Option<String> = self
            .conn
            .query_row(
                "SELECT code FROM division WHERE parent IS NULL AND abolished_on IS NULL
                 ORDER BY level, villages DESC, code LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let top = top.ok_or_else(|| UpwardError::NotAProvince("-".into()))?;
        DivisionCode::parse(&top)
            .map_err(|e| UpwardError::Store(StoreError::Integrity(e.to_string())))
    }

    /// Who this database reports upward as: a prefecture, from its own
    /// records; or a province, passing on as pulled what its prefectures
    /// pushed (the nation is the same mechanism one level up). A nation's
    /// database sends nothing further.
    fn sender(&self) -> Result<DivisionCode> {
        if super::users::is_received_copy(&self.conn)? {
            return self.province_here();
        }
        let pref = self.top_division()?;
        if pref.level() != Level::Prefecture {
            return Err(UpwardError::NotAPrefecture(pref.to_string()));
        }
        Ok(pref)
    }

    /// Whether the database holds villages no pull brought (its own), and
    /// whether it has pulled a province's batch (it is a nation's).
    fn received_shape(&self) -> Result<(bool, bool)> {
        let own_villages: bool = self.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM division v WHERE v.level = 4 AND NOT EXISTS (
                     SELECT 1 FROM upward_batch b WHERE b.direction = 'applied'
                     AND substr(v.code, 1, {SENDER_PREFIX_LEN}) = substr(b.prefecture, 1, {SENDER_PREFIX_LEN})))"
            ),
            [],
            |r| r.get(0),
        )?;
        let from_a_province: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM upward_batch WHERE direction = 'applied'
                 AND substr(prefecture, 3) = '0000')",
            [],
            |r| r.get(0),
        )?;
        Ok((own_villages, from_a_province))
    }

    /// The province this database is, or why it is not one. A prefecture's
    /// database may hold its province's row too: what tells it apart is
    /// villages of its own, never received by a pull; a nation's has
    /// pulled provinces' batches.
    fn province_here(&self) -> Result<DivisionCode> {
        let province = self.top_of_all()?;
        let (own_villages, nation) = self.received_shape()?;
        if province.level() != Level::Province || own_villages || nation {
            return Err(UpwardError::NotAProvince(
                self.top_division().unwrap_or(province).to_string(),
            ));
        }
        Ok(province)
    }

    /// Whether this database takes a province's batch: it holds the
    /// province as a top division, has no villages of its own, and is not
    /// that province's own copy (no batch of its prefectures applied here).
    fn nation_takes(&self, province: &DivisionCode) -> Result<bool> {
        let held = province.level() == Level::Province && self.division(province)?.is_some();
        let (own_villages, _) = self.received_shape()?;
        let its_own_copy: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM upward_batch WHERE direction = 'applied'
                 AND substr(prefecture, 3) <> '0000' AND substr(prefecture, 1, 2) = ?1)
             OR EXISTS (SELECT 1 FROM upward_batch WHERE direction = 'sent')",
            [province.prefix()],
            |r| r.get(0),
        )?;
        Ok(held && !own_villages && !its_own_copy)
    }

    /// Who sent `header`'s batch and whether this database takes it: the
    /// sender, its division here, and the province above it (None at a
    /// nation, which takes a province's batch).
    fn receiver_of(
        &self,
        header: &Header,
    ) -> Result<(DivisionCode, crate::domain::Division, Option<DivisionCode>)> {
        let sender_is_province =
            DivisionCode::parse(&header.prefecture).is_ok_and(|c| c.level() == Level::Province);
        // At a province, the prefecture's province; at a nation, none.
        let province = if sender_is_province {
            let p = DivisionCode::parse(&header.prefecture)
                .map_err(|e| UpwardError::Store(StoreError::Integrity(e.to_string())))?;
            if !self.nation_takes(&p)? {
                return Err(UpwardError::Foreign {
                    code: header.prefecture.clone(),
                    province: self.top_of_all()?.to_string(),
                });
            }
            None
        } else {
            Some(self.province_here()?)
        };
        if header.schema != super::SCHEMA_VERSION {
            return Err(UpwardError::Schema {
                found: header.schema,
                have: super::SCHEMA_VERSION,
            });
        }
        let foreign = || UpwardError::Foreign {
            code: header.prefecture.clone(),
            province: province.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        };
        let pref = DivisionCode::parse(&header.prefecture).map_err(|_| foreign())?;
        let known = self.division(&pref)?;
        let Some(known) = known.filter(|_| match &province {
            Some(p) => pref.level() == Level::Prefecture && pref.parent().as_ref() == Some(p),
            None => true,
        }) else {
            return Err(foreign());
        };
        Ok((pref, known, province))
    }

    fn apply_checked(&mut self, file: &[u8]) -> Result<Applied> {
        let (header, content) = parse(file)?;
        let (pref, known, province) = self.receiver_of(&header)?;
        let changes = decode(content).map_err(|_| UpwardError::NotABatch)?;
        for c in &changes {
            let inside = c.code.starts_with(pref.prefix())
                && !(c.table == "division" && c.code == pref.as_str());
            let known_table = REPORT_TABLES.iter().any(|t| t.name == c.table);
            if !inside || !known_table {
                return Err(UpwardError::OutsideRow {
                    code: pref.to_string(),
                    table: c.table.clone(),
                    row: c.code.clone(),
                });
            }
        }
        let now = crate::domain::clock::now_stamp(self.settings.zone);
        let by = self.actor.account.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last = last_seq(&tx, "applied", pref.as_str())?;
        if header.seq <= last {
            return Err(UpwardError::Duplicate {
                code: pref.to_string(),
                seq: header.seq,
            });
        }
        // A baseline replaces whatever the province held, so it may follow a gap.
        if header.seq != last + 1 && !header.baseline {
            return Err(UpwardError::OutOfOrder {
                code: pref.to_string(),
                seq: header.seq,
                expected: last + 1,
            });
        }
        if header.baseline {
            for t in &REPORT_TABLES {
                tx.execute(
                    &format!("DELETE FROM main.{} WHERE {}", t.name, t.rows),
                    (pref.prefix(), pref.as_str()),
                )?;
            }
        }
        apply_refusing(&tx, content)?;
        match &province {
            Some(province) => recompute_above(&tx, province, &pref)?,
            // At a nation: the province's village count, from its villages.
            None => {
                tx.execute(
                    "UPDATE division SET villages = (SELECT count(*) FROM division v
                        WHERE v.level = 4 AND v.abolished_on IS NULL
                        AND substr(v.code, 1, length(?1)) = ?1)
                     WHERE code = ?2",
                    (pref.prefix(), pref.as_str()),
                )?;
            }
        }
        tx.execute(
            "INSERT INTO upward_batch(direction, prefecture, seq, sha256, changes, bytes, at, account)
             VALUES ('applied', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (pref.as_str(), header.seq, &header.sha256, header.changes, file.len() as i64, &now, &by),
        )?;
        let shown = format!(
            "{} #{}{}",
            pref,
            header.seq,
            if header.baseline { " baseline" } else { "" }
        );
        audit::append(
            &tx,
            &AuditEntry {
                at: &now,
                account: &by,
                action: AuditAction::UpwardApply,
                record: "upward",
                old: None,
                new: Some(&shown),
                outcome: Outcome::Ok,
            },
        )?;
        tx.commit()?;
        Ok(Applied {
            header,
            name: known.name,
        })
    }

    /// The batches sent or applied, by prefecture and sequence.
    pub fn upward_batches(&self) -> Result<Vec<BatchRow>> {
        let mut st = self.conn.prepare(
            "SELECT direction, prefecture, seq, changes, at FROM upward_batch ORDER BY prefecture, seq",
        )?;
        Ok(st
            .query_map([], |r| {
                Ok(BatchRow {
                    direction: r.get(0)?,
                    prefecture: r.get(1)?,
                    seq: r.get(2)?,
                    changes: r.get(3)?,
                    at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The report rows that change without a write: the month in progress of
/// every village (a new month begins by time passing). The first push after
/// migration 0010 fills every report month.
fn refresh_before_push(conn: &Connection, today: chrono::NaiveDate) -> Result<()> {
    use super::upward_reports as r;
    use rusqlite::OptionalExtension as _;
    let filled: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'upward_reports_filled'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let months = r::report_months(conn, today)?;
    if filled.is_some() {
        let now = months.last().cloned().into_iter().collect::<Vec<_>>();
        r::refresh_upward_all(conn, &now, today)?;
    } else {
        r::refresh_upward_all(conn, &months, today)?;
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('upward_reports_filled', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [today.to_string()],
        )?;
    }
    Ok(())
}

/// Write a batch file: 0600, under a temporary name in the same directory,
/// renamed to `out` once whole and synced (a reader never sees half a
/// file); refused if `out` exists.
fn write_file(out: &Path, file: &[u8]) -> std::io::Result<()> {
    super::privilege::as_real_user(|| -> std::io::Result<()> {
        use std::io::Write as _;
        #[cfg(unix)]
        use std::os::unix::fs::OpenOptionsExt as _;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = out.with_file_name(format!(".{name}.tmp"));
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        o.mode(0o600);
        let mut f = o.open(&tmp)?;
        let written = f.write_all(file).and_then(|()| f.sync_all());
        let done = written.and_then(|()| {
            if out.exists() {
                return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
            }
            std::fs::rename(&tmp, out)
        });
        if done.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        done
    })
}

/// Apply `content` with a handler that aborts on the first conflict, naming it.
fn apply_refusing(conn: &Connection, content: &[u8]) -> Result<()> {
    let conflicts: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&conflicts);
    let handler = move |kind: ConflictType, item: &ChangesetItem| {
        let what = describe(&kind, item);
        if let Ok(mut v) = seen.lock() {
            v.push(what);
        }
        ConflictAction::SQLITE_CHANGESET_ABORT
    };
    let mut reader: &[u8] = content;
    let result = conn.apply_strm(&mut reader, None::<fn(&str) -> bool>, handler);
    let found = conflicts.lock().map(|v| v.clone()).unwrap_or_default();
    if !found.is_empty() {
        return Err(UpwardError::Conflicts(found));
    }
    result.map_err(|_| UpwardError::NotABatch)
}

fn describe(kind: &ConflictType, item: &ChangesetItem) -> String {
    let table = item
        .op()
        .map(|o| o.table_name().to_string())
        .unwrap_or_default();
    let key = item
        .new_value(0)
        .or_else(|_| item.old_value(0))
        .ok()
        .and_then(|v| v.as_str().ok().map(str::to_string))
        .unwrap_or_default();
    let why = match kind {
        ConflictType::SQLITE_CHANGESET_DATA => {
            "the province's row differs from the one the batch changes"
        }
        ConflictType::SQLITE_CHANGESET_NOTFOUND => {
            "the row the batch changes is not at the province"
        }
        ConflictType::SQLITE_CHANGESET_CONFLICT => {
            "the row the batch inserts is already at the province"
        }
        ConflictType::SQLITE_CHANGESET_CONSTRAINT => "a constraint fails",
        ConflictType::SQLITE_CHANGESET_FOREIGN_KEY => "a division's parent is missing",
        _ => "unknown conflict",
    };
    format!("{table} {key}: {why}")
}

/// The province's own rows, which no prefecture sends: the prefecture's and
/// province's village counts, and the province's rollup (the sum of its
/// prefectures').
fn recompute_above(conn: &Connection, province: &DivisionCode, pref: &DivisionCode) -> Result<()> {
    conn.execute(
        "UPDATE division SET villages = (SELECT count(*) FROM division v
            WHERE v.level = 4 AND v.abolished_on IS NULL AND substr(v.code, 1, 4) = ?1)
         WHERE code = ?2",
        (pref.prefix(), pref.as_str()),
    )?;
    conn.execute(
        "UPDATE division SET villages = (SELECT coalesce(sum(villages), 0) FROM division p
            WHERE p.parent = ?1 AND p.abolished_on IS NULL)
         WHERE code = ?1",
        [province.as_str()],
    )?;
    conn.execute("DELETE FROM rollup WHERE code = ?1", [province.as_str()])?;
    conn.execute(
        "INSERT INTO rollup(code, period, done, doing, na)
         SELECT ?1, r.period, sum(r.done), sum(r.doing), sum(r.na) FROM rollup r
         JOIN division d ON d.code = r.code WHERE d.parent = ?1 GROUP BY r.period",
        [province.as_str()],
    )?;
    Ok(())
}
