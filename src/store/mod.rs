//! The SQLite store: open, migrate, queries, writes, authorization and audit.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction (a deferred one that
//! needs the write lock later gets SQLITE_BUSY despite the busy timeout: 1,001
//! of 6,400 writes committed under 32 writers, docs/bench-server.md); no
//! transaction is held while the caller draws or waits for input.

pub mod allowance;
pub mod anchor;
mod assessment;
mod attendance;
mod attendance_import;
mod audit;
mod backup;
pub mod batches;
mod bound;
mod busy;
mod completion;
mod divisions;
mod drafts;
mod error;
mod export;
mod followup;
pub mod guard;
mod guidance;
pub mod health;
pub mod history;
pub mod identity;
mod import;
mod leave;
mod leave_days;
mod loader;
pub(crate) mod migrate;
mod people;
mod pinyin;
mod postings;
pub mod privilege;
mod recall;
mod received;
mod rollup;
pub mod scale;
mod scope;
mod settings;
mod teams;
mod training;
mod training_counts;
mod unit_lists;
mod units;
#[cfg(feature = "upward")]
pub mod upward;
pub mod upward_reports;
pub use received::Received;
mod user_import;
mod users;
mod views;
pub mod watch;
mod work_record;

pub use assessment::{
    AssessDetail, CommendInput, CommendRow, CountyGrades, GradeInput, Pool, PoolRow, PoolView,
    QUOTA_SETTING,
};
pub use attendance::{
    AttendanceGrid, AttendanceLine, AttendanceProblem, CellSource, LowDaysLead, MonthConflict,
    MonthState, SaveOutcome, VillageSave, parse_month,
};
pub use attendance_import::{AttendanceBatch, AttendanceCell, MonthPosting, MonthRows};
pub use audit::{
    AuditAction, AuditFilter, AuditRow, ChainBreak, ChainCheck, Outcome, SinceError, parse_since,
    record_code,
};
pub use completion::{ChecklistRow, Completion, CompletionWrite, RecordInput, record_key};
pub use drafts::{Draft, FormDraft, default_draft_dir, remove_draft_file};
pub use error::{Detail, Result, StoreError};
pub use export::{ExportOutcome, Item};
pub use followup::{OverdueItem, ReportingRow};
pub use guidance::GuidanceInput;
pub use history::{HISTORY_PERIODS, PeriodRecord};
pub(crate) use import::distinct;
pub use import::{
    DivisionBatch, DivisionChange, GuidanceBatch, ImportNeed, KnownDivision, MemberBatch,
    VillageBatch, VillageChange,
};
pub use leave::{LeaveInput, LeaveProblem, LeaveRow, may_decide};
// For month close (the grid's), which writes the overruns due too.
#[allow(unused_imports)]
pub(crate) use leave_days::write_overruns;
pub use loader::Loader;
pub use migrate::{SCHEMA_VERSION, migrate_to};
pub use people::{NAME_MAX_CHARS, People, clean_name};
pub(crate) use postings::link_cadres;
pub use postings::{GapReport, Posting, PostingSnapshot, VillageGaps};
pub use recall::{Incident, Ledger, NewIncident, RecallCase, RecallProblem, StepRequest};
pub use rollup::Progress;
pub use scope::{Reach, may_read};
pub use settings::{Settings, SettingsChange, clock_today, zone_of};
pub use teams::NewMember;
pub(crate) use training::rewrite_grid as training_grid;
pub use training::{
    CadreYear, MarkInput, MarkOutcome, RosterRow, Session, SessionInput, TrainingSettings,
};
pub use training_counts::CountyTrainingRow;
pub use unit_lists::{
    BundleEdit, ListKey, PlanEdit, UNIT_FIELD_MAX_CHARS, UnitEdit, UnitProblem, apply_edits,
};
pub use units::{
    Bundle, BundleInput, GOALS_MAX_CHARS, HelpPlan, ITEM_MAX_CHARS, ITEMS_MAX, PlanInput, Project,
    TeamRow, UnitDetail, UnitInfo, UnitRow, UnitVillage,
};
pub use user_import::{UserBatch, UserChange};
pub use users::{Actor, Need, UserInputError, UserRow, allowed, check_account, check_scope};
pub use views::VillageRow;
pub use work_record::{WorkEntry, WorkRecord};

use crate::domain::Catalogue;
use audit::AuditEntry;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another writer's lock before "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
pub use bound::{ADMIN_WRITE_BOUND, WRITE_BOUND};

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The account acting, from the kernel's real user id.
    actor: Actor,
    /// The active duty catalogue (the newest version loaded).
    catalogue: Catalogue,
    /// "Today", pinned or from the clock; drives overdue and default dates.
    today: NaiveDate,
    /// Refused reads already audited by this session (see users::check_read).
    refused_reads: std::cell::RefCell<std::collections::HashSet<String>>,
    /// How long one write below administrator may run (see store::bound).
    write_bound: Duration,
    /// How long one write of an administrator may run (store::bound).
    admin_write_bound: Duration,
    /// Made by this process's `create` a moment ago and not yet shared: the
    /// set-up load of `init --demo` is then not bounded (store::bound).
    fresh: bool,
    /// The installation's time zone and tracking start (store::settings).
    settings: Settings,
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    // No per-call mutex (rusqlite's own default): a `Connection` is used by
    // one thread at a time, and the lock costs on every call.
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|e| StoreError::open(path, e))?;
    conn.busy_handler(Some(busy::wait))?;
    pinyin::register(&conn)?;
    // Temporary tables and sort files stay in memory, whatever TMPDIR or
    // SQLITE_TMPDIR say (a setgid program must not follow them).
    conn.pragma_update(None, "temp_store", "MEMORY")
        .map_err(|e| StoreError::open(path, e))?;
    // Functions with side effects never run from a schema (views, triggers)
    // somebody else wrote: defence in depth for a setgid program.
    conn.pragma_update(None, "trusted_schema", "OFF")
        .map_err(|e| StoreError::open(path, e))?;
    if privilege::in_shared_dir(path) {
        // Keep the -wal and -shm files when the last connection closes: in a
        // shared directory they are made once, owned by root (see
        // docs/deployment.md). Were they deleted and re-created, the
        // coordinator who happened to re-create them would own them and could
        // write WAL frames outside the program.
        let mut on = 1;
        conn.file_control(
            Some(rusqlite::MAIN_DB),
            rusqlite::FileControl::PersistWal(&mut on),
        )
        .map_err(|e| StoreError::open(path, e))?;
        // With a size limit set, the last session to close truncates the
        // kept WAL to zero bytes after its checkpoint, so a cleanly closed
        // database leaves no old frames behind (restoring a backup over it
        // is then safe; docs/deployment.md still says to truncate).
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)
            .map_err(|e| StoreError::open(path, e))?;
    }
    Ok(conn)
}

fn apply_pragmas(conn: &Connection, path: &Path) -> Result<()> {
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(|e| StoreError::open(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") && path.as_os_str() != ":memory:" {
        return Err(StoreError::NotADatabase {
            path: path.display().to_string(),
            detail: format!("could not switch to WAL journal mode (got {mode})"),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

impl Store {
    /// Create a new database at `path`; refuses an existing file. The
    /// creating account is its first administrator.
    pub fn create(path: &Path, catalogue: &Catalogue, today: NaiveDate) -> Result<Store> {
        Self::create_with(path, catalogue, today, None)
    }

    /// As [`Store::create`], naming the first administrator `admin` (the
    /// creator is an administrator too). The database of a setgid
    /// deployment is created only by root: root hands it over to `admin`,
    /// and every file is root's from the start.
    pub fn create_with(
        path: &Path,
        catalogue: &Catalogue,
        today: NaiveDate,
        admin: Option<&str>,
    ) -> Result<Store> {
        if privilege::is_deployment_db(path) && !nix::unistd::Uid::current().is_root() {
            return Err(StoreError::CreateNeedsRoot(path.display().to_string()));
        }
        if let Some(a) = admin {
            check_account(a).map_err(|e| StoreError::invalid("--admin", Detail::UserInput(e)))?;
        }
        privilege::with_group_for(path, || Self::create_inner(path, catalogue, today, admin))
    }

    fn create_inner(
        path: &Path,
        catalogue: &Catalogue,
        today: NaiveDate,
        admin: Option<&str>,
    ) -> Result<Store> {
        let name = path.to_string_lossy();
        if ["-wal", "-shm", "-journal"]
            .iter()
            .any(|s| name.ends_with(s))
        {
            return Err(StoreError::NotWritable {
                path: name.into_owned(),
                detail: "that name belongs to SQLite's own files next to a database".into(),
            });
        }
        if path.exists() {
            return Err(StoreError::Exists(path.display().to_string()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::NotWritable {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        }
        // Probe writability with a clear message before SQLite's own.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| StoreError::NotWritable {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        if privilege::in_shared_dir(path) {
            // Readable and writable by the deployment group (through the
            // setgid program) whatever the creator's umask; nobody else.
            // SQLite gives the -wal and -shm files the same mode.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660)).map_err(
                |e| StoreError::NotWritable {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                },
            )?;
            anchor::make(path).map_err(|e| StoreError::NotWritable {
                path: anchor::anchor_path(path).display().to_string(),
                detail: e.to_string(),
            })?;
        }
        let result = (|| {
            let mut conn = connect(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?;
            apply_pragmas(&conn, path)?;
            migrate::migrate(&mut conn, path)?;
            let actor = Actor::from_kernel();
            let mut store = Store {
                conn,
                path: path.to_path_buf(),
                actor,
                catalogue: catalogue.clone(),
                today,
                refused_reads: Default::default(),
                write_bound: bound::WRITE_BOUND,
                admin_write_bound: bound::ADMIN_WRITE_BOUND,
                fresh: true,
                settings: Settings {
                    zone: crate::domain::clock::DEFAULT_ZONE,
                    tracking_start: crate::domain::Period::containing(
                        crate::domain::PeriodKind::Month,
                        today,
                    )
                    .first_day(),
                },
            };
            store.init_contents(catalogue, admin)?;
            Ok(store)
        })();
        if result.is_err() {
            // Nothing written: remove the half-made file and its WAL.
            for suffix in ["", "-wal", "-shm", "-anchor"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        result
    }

    /// Open an existing database: checks it is SQLite and healthy, refuses a
    /// newer schema untouched, applies pending migrations.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Store> {
        Self::open_with(path, today, true)
    }

    /// As [`Store::open`]; `quick_check` false skips `PRAGMA quick_check`
    /// (it reads the whole file: a terminal UI on a very large database runs
    /// it on a second connection after its first frame instead).
    pub fn open_with(path: &Path, today: NaiveDate, quick_check: bool) -> Result<Store> {
        privilege::with_group_for(path, || Self::open_inner(path, today, quick_check))
    }

    fn open_inner(path: &Path, today: NaiveDate, quick_check: bool) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        privilege::check_kept_files(path)?;
        let mut conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // Reading user_version first touches the header: a non-database fails here,
        // and a newer schema is refused before anything is written (even the WAL switch).
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| StoreError::open(path, e))?;
        migrate::check_not_newer(version, path)?;
        if quick_check {
            Self::quick_check_conn(&conn, path)?;
        }
        apply_pragmas(&conn, path)?;
        migrate::migrate(&mut conn, path)?;
        let catalogue = Self::load_catalogue(&conn, path)?;
        let actor = Actor::load(&conn, &identity::account_name())?;
        let settings = settings::load(&conn, today)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor,
            catalogue,
            today,
            refused_reads: Default::default(),
            write_bound: bound::WRITE_BOUND,
            admin_write_bound: bound::ADMIN_WRITE_BOUND,
            fresh: false,
            settings,
        };
        // Leftovers of an import whose process is gone (best effort: a
        // failure here is reported by `doctor` and the next import).
        let _ = store.clean_abandoned_imports();
        Ok(store)
    }

    fn quick_check_conn(conn: &Connection, path: &Path) -> Result<()> {
        let check: String = conn
            .pragma_query_value(None, "quick_check", |r| r.get(0))
            .map_err(|e| StoreError::open(path, e))?;
        if check != "ok" {
            return Err(StoreError::Integrity(format!(
                "{}: {check}",
                path.display()
            )));
        }
        Ok(())
    }

    /// Run `PRAGMA quick_check` now (see [`Store::open_with`]).
    pub fn quick_check(&self) -> Result<()> {
        Self::quick_check_conn(&self.conn, &self.path)
    }

    fn load_catalogue(conn: &Connection, path: &Path) -> Result<Catalogue> {
        let source: Option<String> = conn
            .query_row(
                "SELECT source FROM catalogue ORDER BY version DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let source = source.ok_or_else(|| StoreError::NotADatabase {
            path: path.display().to_string(),
            detail: "it has no duty catalogue; create databases with `zhucun init`".into(),
        })?;
        Catalogue::from_toml("catalogue table", &source)
            .map_err(|e| StoreError::Integrity(e.to_string()))
    }

    fn init_contents(&mut self, catalogue: &Catalogue, admin: Option<&str>) -> Result<()> {
        let account = self.actor.account.clone();
        let admin = admin.filter(|a| *a != account).map(str::to_string);
        let tracking_start = self.settings.tracking_start;
        self.write(|tx, now| {
            settings::put_tracking_start(tx, tracking_start)?;
            tx.execute(
                "INSERT INTO catalogue(version, name, effective, loaded_at, source) VALUES (?1, ?2, ?3, ?4, ?5)",
                (catalogue.version, &catalogue.name, catalogue.effective.to_string(), now, crate::domain::catalogue::BUILTIN_V1),
            )?;
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('created_at', ?1), ('created_by', ?2)",
                (now, &account),
            )?;
            users::insert_user(tx, &account, crate::domain::UserRole::Admin, None, &account, now)?;
            if let Some(a) = &admin {
                users::insert_user(tx, a, crate::domain::UserRole::Admin, None, &account, now)?;
            }
            audit::append(tx, &AuditEntry { at: now, account: &account, action: AuditAction::Init, record: "database", old: None, new: Some(&format!("catalogue v{}", catalogue.version)), outcome: Outcome::Ok })?;
            Ok(())
        })?;
        self.actor = Actor::load(&self.conn, &self.actor.account)?;
        Ok(())
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction, with the commit time,
    /// holding the lock at most the bound of the acting role (store::bound).
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction, &str) -> Result<T>,
    ) -> Result<T> {
        let limit = Some(
            if self.actor.role() == Some(crate::domain::UserRole::Admin) {
                self.admin_write_bound
            } else {
                self.write_bound
            },
        );
        self.write_within(limit, f)
    }

    /// [`Store::write`] with the bound `limit` (None: not bounded, only
    /// for the set-up load of a database this process just made).
    fn write_within<T>(
        &mut self,
        limit: Option<Duration>,
        f: impl FnOnce(&Transaction, &str) -> Result<T>,
    ) -> Result<T> {
        let now = crate::domain::clock::now_stamp(self.settings.zone);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        // The bound is on holding the lock, so it starts once the lock is
        // had: waiting for another writer's lock is the busy handler's part.
        let _watchdog = limit.map(|l| bound::watch(&tx, l));
        let out = f(&tx, &now).map_err(|e| bound::explain(e, limit))?;
        tx.commit()
            .map_err(|e| bound::explain(StoreError::from(e), limit))?;
        anchor::after_commit(&self.conn);
        Ok(out)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Set the write bounds (below administrator, administrator): tests.
    #[doc(hidden)]
    pub fn set_write_bounds_for_tests(&mut self, below_admin: Duration, admin: Duration) {
        self.write_bound = below_admin;
        self.admin_write_bound = admin;
        self.fresh = false;
    }

    /// Act as another account (tests, and the server-side daemon if ever used).
    #[doc(hidden)]
    pub fn set_account_for_tests(&mut self, account: &str) -> Result<()> {
        self.actor = Actor::load(&self.conn, account)?;
        Ok(())
    }

    /// A cheap counter that changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Schema version, `PRAGMA integrity_check` result and row counts.
    pub fn check(&self) -> Result<CheckReport> {
        let integrity: String = self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))?;
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(CheckReport {
            schema_version: migrate::current_version(&self.conn)?,
            integrity,
            divisions: count("SELECT count(*) FROM division")?,
            villages: count(
                "SELECT count(*) FROM division WHERE level = 4 AND abolished_on IS NULL",
            )?,
            team_members: count(&format!(
                "SELECT count(*) FROM team_member WHERE {}",
                batches::VISIBLE
            ))?,
            completions: count("SELECT count(*) FROM completion")?,
            guidance: count("SELECT count(*) FROM guidance WHERE deleted_at IS NULL")?,
            audit_rows: count("SELECT count(*) FROM audit")?,
            users: count("SELECT count(*) FROM app_user")?,
            catalogue_version: self.catalogue.version,
        })
    }

    /// The raw connection, for tests and benchmarks that inspect the file.
    #[doc(hidden)]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for Store {
    /// The last connection to close checkpoints the WAL and truncates it, but
    /// only after checking the database file is still where it was; without
    /// the group privilege that check fails (EACCES), SQLite concludes the
    /// file moved and skips both. So a setgid install closes the connection
    /// while the privilege is held.
    fn drop(&mut self) {
        if !privilege::is_setgid() {
            return;
        }
        let Ok(spare) = Connection::open_in_memory() else {
            return;
        };
        let conn = std::mem::replace(&mut self.conn, spare);
        privilege::with_group_for(&self.path, move || drop(conn.close()));
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub schema_version: i64,
    pub integrity: String,
    pub divisions: i64,
    pub villages: i64,
    pub team_members: i64,
    pub completions: i64,
    pub guidance: i64,
    pub audit_rows: i64,
    pub users: i64,
    pub catalogue_version: u32,
}

/// The wall-clock time of a write outside [`Store::write`], in the zone of
/// the database on `conn` (its offset stored with it).
pub(crate) fn now_text_on(conn: &Connection) -> String {
    crate::domain::clock::now_stamp(
        settings::zone(conn).unwrap_or(crate::domain::clock::DEFAULT_ZONE),
    )
}
