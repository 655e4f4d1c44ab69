use crate::domain::{Cadence, Period, PeriodKind, UserRole};
use std::path::Path;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{0} already exists; zhucun will not overwrite it (choose another --db path, or move the file away)"
    )]
    Exists(String),
    #[error("no database at {0}; create one with `zhucun init` (or `zhucun init --demo`)")]
    Missing(String),
    #[error("cannot write the database at {path}: {detail}; choose a writable --db path")]
    NotWritable { path: String, detail: String },
    #[error("{path} is not a zhucun database: {detail}")]
    NotADatabase { path: String, detail: String },
    #[error(
        "{path} has schema version {found}, newer than this zhucun understands (up to {supported}); install the newer zhucun. The file was left untouched"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("database damaged: {0}; restore it from a backup (see README, Backups)")]
    Integrity(String),
    #[error(
        "no village or community with code {0}; check the code with `zhucun report --by village --scope TOWNSHIP`"
    )]
    UnknownVillage(String),
    #[error("no division with code {0}")]
    UnknownDivision(String),
    #[error("{what}: {detail}")]
    Invalid { what: String, detail: Detail },
    #[error(
        "conflict: {by} changed this record at {at} (now {status}{note}) after you read it; nothing was overwritten. Reload and decide"
    )]
    Conflict {
        by: String,
        at: String,
        status: String,
        note: String,
        version: i64,
    },
    #[error("the database is busy (another user is writing); nothing was lost, try again")]
    Busy,
    #[error(
        "account {account} is not a zhucun user; ask an administrator ({admins}) to run `zhucun user add {account} --role ... --scope ...`"
    )]
    NotAUser { account: String, admins: String },
    #[error(
        "permission denied: {account} ({role}) may not {action} for {code}; this was recorded in the audit log"
    )]
    Denied {
        account: String,
        role: String,
        action: String,
        code: String,
    },
    #[error(
        "this database is a copy received by `zhucun pull`: {code} cannot be changed here; change it at the prefecture's server, whose next `zhucun push` brings it here"
    )]
    ReceivedCopy { code: String },
    #[error(
        "only root creates the shared database {0}: run `sudo zhucun --db {0} init --admin ACCOUNT` (ACCOUNT becomes its first administrator)"
    )]
    CreateNeedsRoot(String),
    #[error(
        "the change took longer than {ms} ms while holding the write lock and was undone, nothing written; split it into smaller parts"
    )]
    TooLong { ms: u64 },
    #[error("{0}")]
    DateRule(#[from] crate::domain::DateRuleError),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

/// What is wrong with an input the store refused: a kind plus its values.
/// Display is the English sentence; `crate::i18n::errors` renders every
/// kind in each language. `Text` is a sentence kept as written (English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Text(String),
    NoTask {
        n: u32,
        max: usize,
    },
    WrongCadence {
        task: u32,
        cadence: Cadence,
        want: PeriodKind,
        example: Period,
        given: Period,
    },
    NoteTooLong {
        chars: usize,
        max: usize,
    },
    UnknownScope(String),
    UserExists {
        account: String,
        role: UserRole,
        scope: Option<String>,
    },
    NotAUserToSet(String),
    RoleOrScope,
    OnlyAdmin(String),
    UserInput(crate::store::UserInputError),
    Since(crate::store::SinceError),
    BackupIsDir(String),
    BackupExists(String),
    BackupCannotWrite {
        path: String,
        error: String,
    },
    ExportOutside {
        account: String,
        role: UserRole,
        scope: String,
    },
    KeptFileMissing(String),
    NoDivisionsYet,
    GuidancePeriod,
    EmptyTitle,
    /// A guidance point or prompt without its text.
    EmptyBody,
    NoGuidance(i64),
    /// What changed ("village 522701001201", "division 522701",
    /// "guidance \"title\"", "team member NAME of CODE").
    ChangedMeanwhile(String),
    /// An import the account may not make; `action` None: any import at
    /// all (not a user), `code` None: the whole database.
    ImportDenied {
        account: String,
        role: Option<UserRole>,
        action: Option<crate::store::AuditAction>,
        code: Option<String>,
    },
    /// An assessment or commendation input refused (store::assessment).
    Assess(crate::store::AssessDetail),
    /// A leave write refused (words in `crate::i18n::leave`).
    Leave(crate::store::LeaveProblem),
    /// A training session or mark refused (words in i18n::training).
    Training(crate::domain::training::TrainingError),
    /// A recall case, incident or work record refused (store::recall).
    Recall(crate::store::RecallProblem),
    /// Attendance grid input (store::attendance).
    Attendance(crate::store::AttendanceProblem),
    /// A unit, responsibility list or help plan refused (store::unit_lists).
    Units(crate::store::UnitProblem),
    /// An import `--check` on a received copy: its write would be refused
    /// as [`StoreError::ReceivedCopy`] (`code`: the first row it concerns).
    ReceivedCopy {
        code: String,
    },
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::errors::detail(self, crate::i18n::Lang::En))
    }
}

impl From<String> for Detail {
    fn from(s: String) -> Detail {
        Detail::Text(s)
    }
}

impl From<&str> for Detail {
    fn from(s: &str) -> Detail {
        Detail::Text(s.to_string())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sql(e),
        }
    }
}

impl StoreError {
    /// An error met while opening `path`: "not a database" gets its own message.
    pub(crate) fn open(path: &Path, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.display().to_string(),
                detail: "the file is not an SQLite database".into(),
            },
            Some(rusqlite::ErrorCode::CannotOpen)
            | Some(rusqlite::ErrorCode::ReadOnly)
            | Some(rusqlite::ErrorCode::PermissionDenied) => StoreError::NotWritable {
                path: path.display().to_string(),
                detail: e.to_string(),
            },
            _ => StoreError::from(e),
        }
    }

    pub(crate) fn invalid(what: impl Into<String>, detail: impl Into<Detail>) -> StoreError {
        StoreError::Invalid {
            what: what.into(),
            detail: detail.into(),
        }
    }
}
