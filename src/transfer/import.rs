//! `zhucun import divisions|villages|teams|guidance FILE`: read, decode, check every
//! row against the database, then write all of it in one transaction or
//! nothing at all.

use super::decode::{self, Encoding};
use super::fields::{self, Column, HeaderMap};
pub use super::gate::{MAX_BYTES, MAX_ROWS};
use super::plan::{self, Cells, Counts};
use super::table::{self, Table};
use super::{Problem, ProblemText, Problems, TransferError};
use crate::store::{ImportNeed, Store, distinct};
use std::path::Path;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Prefecture, counties and townships (administrators; first on a fresh database)
    Divisions,
    /// Villages and communities (administrators)
    Villages,
    /// Team members, "1+2+N" (for villages in your scope)
    Teams,
    /// Quarterly guidance points and monthly prompts (county offices and administrators)
    Guidance,
    /// Cadres' records (unit level, post, section level, selection, specialties) of cadres posted in your scope
    Cadres,
    /// Accounts, roles and scopes: `zhucun user import` (administrators)
    #[value(skip)]
    Users,
    /// The township's monthly attendance sheet, with --month YYYY-MM (for villages in your scope)
    Attendance,
    /// Dispatching units' responsibility lists and projects (county offices, for villages in their county)
    Lists,
}

impl ImportKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Divisions => fields::DIVISIONS,
            ImportKind::Villages => fields::VILLAGES,
            ImportKind::Teams => fields::TEAMS,
            ImportKind::Guidance => fields::GUIDANCE,
            ImportKind::Cadres => fields::CADRES,
            ImportKind::Users => fields::USERS,
            // Its day columns depend on the month: transfer::attendance.
            ImportKind::Attendance => &[],
            ImportKind::Lists => super::lists::COLUMNS,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ImportKind::Divisions => "divisions",
            ImportKind::Villages => "villages",
            ImportKind::Teams => "teams",
            ImportKind::Guidance => "guidance",
            ImportKind::Cadres => "cadres",
            ImportKind::Users => "users",
            ImportKind::Attendance => "attendance",
            ImportKind::Lists => "lists",
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Validate only; write nothing.
    pub check: bool,
    pub encoding: Encoding,
}

/// What an import did (or, with `check`, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOutcome {
    pub counts: Counts,
    /// The encoding the file was read in (None for .xlsx).
    pub encoding: Option<Encoding>,
    /// Whether anything was written.
    pub written: bool,
}

/// A phase of an import, for progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Checking,
    Writing,
}

fn is_xlsx(path: &Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Decode `bytes` as CSV text (None for .xlsx, or when it cannot be
/// decoded: then the problem is in `problems`).
pub(super) fn decode_text<'b>(
    label: &str,
    path: &Path,
    bytes: &'b [u8],
    encoding: Encoding,
    problems: &mut Vec<Problem>,
) -> Option<(std::borrow::Cow<'b, str>, Encoding)> {
    if is_xlsx(path, bytes) {
        return None;
    }
    match decode::decode(bytes, encoding) {
        Ok(x) => Some(x),
        Err(e) => {
            problems.push(Problem {
                file: label.to_string(),
                line: e.line,
                column: None,
                message: *e.message,
            });
            None
        }
    }
}

/// Import `path` as `kind`: [`prepare`], then [`Prepared::write`] unless
/// `opts.check`. On any problem nothing is written and every problem comes
/// back in [`TransferError::Invalid`]. `progress` gets the phase, rows done
/// and rows in all; during [`Phase::Writing`] it is called inside the write
/// transaction, so it must not block (store the numbers, draw elsewhere).
pub fn import(
    store: &mut Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Fn(Phase, u64, u64),
) -> Result<ImportOutcome, TransferError> {
    let prepared = prepare(store, kind, path, opts, progress)?;
    if opts.check {
        return Ok(prepared.outcome(false));
    }
    prepared.write(store, progress)
}

/// The batch of a kind of import.
pub(super) enum Batch {
    D(crate::store::DivisionBatch),
    V(crate::store::VillageBatch),
    T(crate::store::MemberBatch),
    G(crate::store::GuidanceBatch),
    U(crate::store::UserBatch),
    A(crate::store::AttendanceBatch),
    L(Vec<crate::store::BundleInput>),
}

/// A file read and checked against the database: what writing it would do.
pub struct Prepared {
    label: String,
    batch: Batch,
    counts: Counts,
    encoding: Option<Encoding>,
}

impl Prepared {
    pub(super) fn new(
        label: String,
        batch: Batch,
        counts: Counts,
        encoding: Option<Encoding>,
    ) -> Prepared {
        Prepared {
            label,
            batch,
            counts,
            encoding,
        }
    }

    /// What the import would do.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// The outcome of this import when `written` or not.
    pub fn outcome(&self, written: bool) -> ImportOutcome {
        ImportOutcome {
            counts: self.counts,
            encoding: self.encoding,
            written,
        }
    }

    /// Write the batch in one transaction. A row someone else added or
    /// changed since [`prepare`] read the database fails the whole batch.
    pub fn write(
        self,
        store: &mut Store,
        progress: &dyn Fn(Phase, u64, u64),
    ) -> Result<ImportOutcome, TransferError> {
        let all = (self.counts.added + self.counts.updated) as u64;
        if all == 0 {
            return Ok(self.outcome(false));
        }
        let tick = |n: u64| progress(Phase::Writing, n, all);
        let label = &self.label;
        match &self.batch {
            Batch::D(b) => store.import_divisions(label, b, &tick)?,
            Batch::V(b) => store.import_villages(label, b, &tick)?,
            Batch::T(b) => store.import_members(label, b, &tick)?,
            Batch::G(b) => store.import_guidance(label, b, &tick)?,
            Batch::U(b) => store.import_users(label, b, &tick)?,
            Batch::A(b) => store.import_attendance(label, b, &tick)?,
            Batch::L(b) => {
                store.import_bundles(b)?;
                tick(b.len() as u64);
            }
        }
        Ok(self.outcome(true))
    }
}

/// Read `path` as `kind` and check every row against the database, writing
/// nothing. With `opts.check` a change the account may not make is a
/// problem here; otherwise the store refuses it when writing.
pub fn prepare(
    store: &Store,
    kind: ImportKind,
    path: &Path,
    opts: &ImportOptions,
    progress: &dyn Fn(Phase, u64, u64),
) -> Result<Prepared, TransferError> {
    if kind == ImportKind::Attendance {
        return super::attendance::prepare(store, path, "", opts);
    }
    if kind == ImportKind::Lists {
        return super::lists::prepare(store, path, opts);
    }
    let mut label = file_label(path);
    let bytes = read_bytes(store, &label, path)?;
    let mut problems = Vec::new();
    let columns = kind.columns();
    let text = decode_text(&label, path, &bytes, opts.encoding, &mut problems);
    let (table, encoding) = read_table(
        columns,
        &mut label,
        path,
        &bytes,
        text.as_ref(),
        &mut problems,
    );
    let invalid = |problems: Vec<Problem>| TransferError::Invalid {
        file: label.clone(),
        problems: Problems(problems),
    };
    let Some(map) = header_map(kind, &label, &table.header, &mut problems) else {
        return Err(invalid(problems));
    };
    let rows = whole_rows(&label, table, &mut problems);
    let gate = super::gate::Gate {
        kind,
        label: &label,
        check: opts.check,
    };
    super::gate::admit(store, &gate, &map, &rows)?;
    let total = rows.len() as u64;
    let tick = |n: u64| progress(Phase::Checking, n, total);
    let mut cells = Cells {
        file: &label,
        columns,
        map: &map,
        problems: &mut problems,
    };
    let Plan {
        batch,
        counts,
        need,
        codes,
    } = plan_batch(store, kind, &mut cells, &rows, &tick)?;
    progress(Phase::Checking, total, total);
    problems.sort_by_key(|p| p.line);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let changes = counts.added + counts.updated;
    if opts.check
        && changes > 0
        && let Some(denied) = store.import_denied(need, &codes)
    {
        return Err(invalid(vec![Problem {
            file: label.clone(),
            line: 0,
            column: None,
            message: ProblemText::Refused(denied),
        }]));
    }
    Ok(Prepared {
        label,
        batch,
        counts,
        encoding,
    })
}

/// The file name as messages and the audit trail show it (sanitised: a
/// name can hold terminal controls too).
pub(super) fn file_label(path: &Path) -> String {
    crate::domain::text::sanitize(
        &path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        true,
    )
}

/// The bytes of `path`, once the size gate has let it through.
pub(super) fn read_bytes(
    store: &Store,
    label: &str,
    path: &Path,
) -> Result<Vec<u8>, TransferError> {
    super::gate::check_size(store, label, path)?;
    // As the user, never with the deployment group's privilege.
    crate::store::privilege::as_real_user(|| std::fs::read(path)).map_err(|e| TransferError::Read {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// The file as a table: the decoded CSV `text`, else the sheet of an .xlsx
/// workbook that has the `columns` (its name then added to `label`), else
/// nothing (the problem is in `problems` already). With the encoding the
/// CSV was read in.
pub(super) fn read_table<'t>(
    columns: &'static [Column],
    label: &mut String,
    path: &Path,
    bytes: &'t [u8],
    text: Option<&'t (std::borrow::Cow<'t, str>, Encoding)>,
    problems: &mut Vec<Problem>,
) -> (Table<'t>, Option<Encoding>) {
    match text {
        Some((text, used)) => (table::parse_csv(label, text, problems), Some(*used)),
        None if is_xlsx(path, bytes) => {
            // A workbook may hold notes or other lists on other sheets: the
            // first sheet with every required column is the one imported.
            let fits = |header: &[std::borrow::Cow<str>]| {
                HeaderMap::build(columns, header)
                    .1
                    .iter()
                    .all(|(i, _)| i.is_some())
            };
            let (table, sheet) = table::parse_xlsx(label, bytes, problems, &fits);
            // Line numbers are the sheet's: name it when there are several.
            if let Some(sheet) = sheet {
                *label = crate::domain::text::sanitize(&format!("{label}[{sheet}]"), true);
            }
            (table, None)
        }
        None => (Table::default(), None),
    }
}

/// Map the `header` row to the columns of `kind`, pushing its problems.
/// None when the import cannot go on (no header, or a required column
/// missing): then `problems` says why.
fn header_map(
    kind: ImportKind,
    label: &str,
    header: &table::Row,
    problems: &mut Vec<Problem>,
) -> Option<HeaderMap> {
    if header.cells.is_empty() {
        if problems.is_empty() {
            problems.push(Problem {
                file: label.to_string(),
                line: 0,
                column: None,
                message: ProblemText::EmptyFile {
                    expected: fields::expected_cols(kind.columns()),
                },
            });
        }
        return None;
    }
    let (map, header_problems) = HeaderMap::build(kind.columns(), &header.cells);
    let fatal = header_problems.iter().any(|(i, _)| i.is_none());
    for (i, message) in header_problems {
        problems.push(Problem {
            file: label.to_string(),
            line: header.line,
            column: i.map(|i| header.cells[i].trim().to_string()),
            message,
        });
    }
    (!fatal).then_some(map)
}

/// The data rows of `table` that fit its header. A problem for each ragged
/// row (fewer cells than the header, or more that are not empty), and for
/// a header with no rows at all when nothing else is wrong.
pub(super) fn whole_rows<'t>(
    label: &str,
    table: Table<'t>,
    problems: &mut Vec<Problem>,
) -> Vec<table::Row<'t>> {
    if table.rows.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file: label.to_string(),
            line: table.header.line,
            column: None,
            message: ProblemText::NoRows,
        });
    }
    let width = table.header.cells.len();
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in table.rows {
        let extra = row.cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if row.cells.len() < width || extra {
            let n = if extra {
                row.cells
                    .iter()
                    .rposition(|c| !c.trim().is_empty())
                    .map_or(0, |p| p + 1)
            } else {
                row.cells.len()
            };
            problems.push(Problem {
                file: label.to_string(),
                line: row.line,
                column: None,
                message: ProblemText::FieldCount { n, width },
            });
            continue;
        }
        rows.push(row);
    }
    rows
}

/// A kind's checked batch, what it would change, and what the account
/// needs for it (in the villages whose `codes` it touches).
struct Plan {
    batch: Batch,
    counts: Counts,
    need: ImportNeed,
    codes: Vec<crate::domain::DivisionCode>,
}

/// Check `rows` against the database and plan the batch of `kind`.
fn plan_batch(
    store: &Store,
    kind: ImportKind,
    cells: &mut Cells,
    rows: &[table::Row],
    tick: &dyn Fn(u64),
) -> Result<Plan, TransferError> {
    let known = store.import_divisions_snapshot()?;
    let catalogue_size = store.catalogue().tasks.len() as u32;
    let (batch, counts, need, codes) = match kind {
        ImportKind::Divisions => {
            let (b, n) = plan::divisions(cells, rows, &known, tick);
            // The codes matter on a received copy only (what --check says).
            let codes = distinct(
                b.add
                    .iter()
                    .map(|a| &a.0)
                    .chain(b.update.iter().map(|u| &u.code)),
            );
            (Batch::D(b), n, ImportNeed::Admin, codes)
        }
        ImportKind::Villages => {
            let (b, n) = plan::villages(cells, rows, &known, tick);
            let codes = distinct(
                b.add
                    .iter()
                    .map(|a| &a.0)
                    .chain(b.update.iter().map(|u| &u.code)),
            );
            (Batch::V(b), n, ImportNeed::Admin, codes)
        }
        ImportKind::Teams => {
            let members = store.import_members_snapshot()?;
            let stored = store.import_postings_snapshot()?;
            let (b, n) = plan::teams(cells, rows, &known, &members, &stored, tick);
            let codes = distinct(
                b.add
                    .iter()
                    .map(|m| &m.village)
                    .chain(b.update.iter().map(|(_, m)| &m.village))
                    .chain(b.extras.iter().map(|(v, ..)| v)),
            );
            (Batch::T(b), n, ImportNeed::Record, codes)
        }
        ImportKind::Cadres => {
            let members = store.import_members_snapshot()?;
            let stored = store.import_postings_snapshot()?;
            let (b, n) = plan::cadres(cells, rows, &members, &stored, tick);
            let codes = distinct(b.extras.iter().map(|(v, ..)| v));
            (Batch::T(b), n, ImportNeed::Record, codes)
        }
        ImportKind::Guidance => {
            let existing = store.import_guidance_snapshot()?;
            let (b, n) = plan::guidance(cells, rows, &known, &existing, catalogue_size, tick);
            let codes = distinct(
                b.add
                    .iter()
                    .map(|g| &g.scope)
                    .chain(b.update.iter().map(|(_, g)| &g.scope)),
            );
            (Batch::G(b), n, ImportNeed::IssueGuidance, codes)
        }
        // Prepared by their own modules, never planned here.
        ImportKind::Lists => {
            return Ok(Plan {
                batch: Batch::L(vec![]),
                counts: Counts::default(),
                need: ImportNeed::Record,
                codes: vec![],
            });
        }
        ImportKind::Attendance => {
            return Ok(Plan {
                batch: Batch::A(Default::default()),
                counts: Counts::default(),
                need: ImportNeed::Record,
                codes: vec![],
            });
        }
        ImportKind::Users => {
            let existing: Vec<_> = store.users()?.into_iter().map(|r| r.user).collect();
            let people = store.people()?;
            let (b, n) = super::plan_users::users(cells, rows, &known, &existing, &people, tick);
            (Batch::U(b), n, ImportNeed::Admin, vec![])
        }
    };
    Ok(Plan {
        batch,
        counts,
        need,
        codes,
    })
}
