//! Training as files: a county's sign-in sheet imported as a session's
//! marks (all or nothing, GBK/UTF-8 CSV or .xlsx, Chinese headers), and the
//! lists exported (sessions, hours, 未参训名单, a session's sign-in sheet)
//! with Chinese headers, through the export writer's staging (0600, a
//! temporary name renamed at the end) with an audit row. Rows go by
//! village code, then name: never by hours.

use super::export::{ExportFormat, excel_csv, write_error};
use super::fields::col;
use super::fields::{Column, HeaderMap};
use super::import::{decode_text, file_label, read_bytes, read_table, whole_rows};
use super::{Encoding, Problem, ProblemText, Problems, TransferError, halfwidth};
use crate::domain::DivisionCode;
use crate::domain::training::{Kind, Mark};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{
    AuditAction, CadreYear, CountyTrainingRow, ExportOutcome, MarkInput, MarkOutcome, RosterRow,
    Session, Store, TrainingSettings,
};
use std::collections::HashMap;
use std::path::Path;

/// What is wrong with a row of a sign-in sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetProblem {
    /// Neither a 姓名 nor a 干部编号 column.
    NoWhoColumn,
    /// A row with neither a name nor a cadre id.
    NoWho,
    UnknownMark(String),
    NotHours(String),
    HoursAbove {
        hours: u32,
        session: u32,
    },
    /// Nobody of that name or id on the session's list.
    NotOnList(String),
    /// Two cadres of that name on the list: the id tells them apart.
    SameName {
        name: String,
        n: usize,
    },
    /// The id belongs to somebody else.
    IdName {
        id: i64,
        name: String,
        actual: String,
    },
    /// The same cadre on two rows.
    Twice {
        who: String,
        first: usize,
    },
}

/// The sign-in sheet's columns (姓名 or 干部编号 is needed; the unit,
/// village and note columns a county's sheet has are read and left).
pub const SHEET: &[Column] = &[
    col(
        "cadre",
        "干部编号",
        &["干部编号", "cadre id", "cadre_id", "cadre"],
        false,
        12,
        "the cadre's id (from `zhucun training roster`); tells two people of one name apart",
    ),
    col(
        "name",
        "姓名",
        &["姓名", "name"],
        false,
        30,
        "the cadre's name",
    ),
    col(
        "status",
        "状态",
        &["状态", "参训情况", "参训状态", "status", "mark"],
        true,
        10,
        "参训, 请假 or 缺席",
    ),
    col(
        "hours",
        "学时",
        &["学时", "认定学时", "hours"],
        false,
        6,
        "hours credited (default: the session's for 参训, 0 otherwise)",
    ),
    col(
        "unit",
        "派出单位",
        &["派出单位", "单位", "unit"],
        false,
        100,
        "read and left as it is",
    ),
    col(
        "village",
        "村（社区）",
        &["村（社区）", "村", "村名", "村代码", "village"],
        false,
        100,
        "read and left as it is",
    ),
    col(
        "note",
        "备注",
        &["备注", "签名", "签到", "note"],
        false,
        200,
        "read and left as it is",
    ),
];

/// What an import did (or, with `check`, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetOutcome {
    pub rows: usize,
    pub written: Option<MarkOutcome>,
    pub encoding: Option<Encoding>,
}

fn problem(file: &str, line: usize, column: Option<&str>, p: SheetProblem) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        message: ProblemText::Training(p),
    }
}

/// The rows of a sheet as marks, checked against the session's list.
struct Reader<'a> {
    label: &'a str,
    session: &'a Session,
    roster: &'a [RosterRow],
    map: &'a HeaderMap,
    problems: Vec<Problem>,
    seen: HashMap<i64, usize>,
}

impl Reader<'_> {
    fn cell<'c>(&self, row: &'c super::table::Row, c: usize) -> &'c str {
        self.map.index[c]
            .and_then(|i| row.cells.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    fn push(&mut self, line: usize, c: Option<usize>, p: SheetProblem) {
        let column = c.map(|c| self.map.names[c].clone());
        self.problems
            .push(problem(self.label, line, column.as_deref(), p));
    }

    fn who(&mut self, row: &super::table::Row) -> Option<i64> {
        let id_text = halfwidth(self.cell(row, 0)).into_owned();
        let name = self.cell(row, 1).to_string();
        if !id_text.is_empty() {
            let Some(r) = id_text
                .parse::<i64>()
                .ok()
                .and_then(|id| self.roster.iter().find(|r| r.cadre == id))
            else {
                self.push(row.line, Some(0), SheetProblem::NotOnList(id_text));
                return None;
            };
            if !name.is_empty() && name != r.name {
                let p = SheetProblem::IdName {
                    id: r.cadre,
                    name,
                    actual: r.name.clone(),
                };
                self.push(row.line, Some(1), p);
                return None;
            }
            return Some(r.cadre);
        }
        if name.is_empty() {
            self.push(row.line, None, SheetProblem::NoWho);
            return None;
        }
        let found: Vec<&RosterRow> = self.roster.iter().filter(|r| r.name == name).collect();
        match found.as_slice() {
            [one] => Some(one.cadre),
            [] => {
                self.push(row.line, Some(1), SheetProblem::NotOnList(name));
                None
            }
            many => {
                let n = many.len();
                self.push(row.line, Some(1), SheetProblem::SameName { name, n });
                None
            }
        }
    }

    fn mark(&mut self, row: &super::table::Row) -> Option<MarkInput> {
        let cadre = self.who(row);
        let status = self.cell(row, 2).to_string();
        let mark = Mark::parse(&status);
        if mark.is_none() {
            self.push(row.line, Some(2), SheetProblem::UnknownMark(status));
        }
        let hours_text = halfwidth(self.cell(row, 3)).into_owned();
        let hours = if hours_text.is_empty() {
            Some(None)
        } else {
            match hours_text.parse::<u32>() {
                Ok(h) if h > self.session.hours => {
                    let p = SheetProblem::HoursAbove {
                        hours: h,
                        session: self.session.hours,
                    };
                    self.push(row.line, Some(3), p);
                    None
                }
                Ok(h) => Some(Some(h)),
                Err(_) => {
                    self.push(row.line, Some(3), SheetProblem::NotHours(hours_text));
                    None
                }
            }
        };
        let cadre = cadre?;
        if let Some(first) = self.seen.get(&cadre) {
            let who = self
                .roster
                .iter()
                .find(|r| r.cadre == cadre)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            let first = *first;
            self.push(row.line, None, SheetProblem::Twice { who, first });
            return None;
        }
        self.seen.insert(cadre, row.line);
        Some(MarkInput {
            cadre,
            mark: mark?,
            hours: hours?,
        })
    }
}

/// Import a sign-in sheet as the marks of session `id`: every row checked
/// first, nothing written on any problem; with `check` nothing is written
/// at all. One transaction and one audit row (`import training`).
pub fn import_sheet(
    store: &mut Store,
    id: i64,
    path: &Path,
    check: bool,
    encoding: Encoding,
) -> Result<SheetOutcome, TransferError> {
    let session = store.training_session(id)?;
    let roster = store.training_roster(id)?;
    let mut label = file_label(path);
    let bytes = read_bytes(store, &label, path)?;
    let mut problems = Vec::new();
    let text = decode_text(&label, path, &bytes, encoding, &mut problems);
    let (table, used) = read_table(
        SHEET,
        &mut label,
        path,
        &bytes,
        text.as_ref(),
        &mut problems,
    );
    let invalid = |label: &str, problems: Vec<Problem>| TransferError::Invalid {
        file: label.to_string(),
        problems: Problems(problems),
    };
    if table.header.cells.is_empty() {
        if problems.is_empty() {
            problems.push(Problem {
                file: label.clone(),
                line: 0,
                column: None,
                message: ProblemText::EmptyFile {
                    expected: super::fields::expected_cols(SHEET),
                },
            });
        }
        return Err(invalid(&label, problems));
    }
    let (map, header_problems) = HeaderMap::build(SHEET, &table.header.cells);
    for (i, message) in header_problems {
        problems.push(Problem {
            file: label.clone(),
            line: table.header.line,
            column: i.map(|i| table.header.cells[i].trim().to_string()),
            message,
        });
    }
    if map.index[0].is_none() && map.index[1].is_none() {
        problems.push(problem(
            &label,
            table.header.line,
            None,
            SheetProblem::NoWhoColumn,
        ));
    }
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let rows = whole_rows(&label, table, &mut problems);
    let mut reader = Reader {
        label: &label,
        session: &session,
        roster: &roster,
        map: &map,
        problems,
        seen: HashMap::new(),
    };
    let marks: Vec<MarkInput> = rows.iter().filter_map(|r| reader.mark(r)).collect();
    let mut problems = reader.problems;
    problems.sort_by_key(|p| p.line);
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let written = if check {
        None
    } else {
        Some(store.mark_training_as(id, &marks, AuditAction::ImportTraining)?)
    };
    Ok(SheetOutcome {
        rows: marks.len(),
        written,
        encoding: used,
    })
}

/// Which list to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Each cadre's hours against the target and kinds (xlsx: with a sheet
    /// of the year's sessions).
    Hours,
    /// 未参训名单 (with the new cadres still untrained marked).
    Untrained,
    /// One session's sign-in sheet (its attendance list).
    Session(i64),
    /// Each county's training, counts only.
    Counties,
}

pub fn counties_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.training();
    vec![
        t.col_county_code,
        t.col_county,
        t.col_cadres,
        t.col_total_hours,
        t.col_target,
        t.col_reached,
        t.col_untrained,
    ]
}

/// By county code (the store's order).
pub fn counties_rows(rows: &[CountyTrainingRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            let f = &c.figures;
            vec![
                c.county.to_string(),
                c.name.clone(),
                f.cadres.to_string(),
                f.hours.to_string(),
                f.target.to_string(),
                f.reached.to_string(),
                f.untrained.to_string(),
            ]
        })
        .collect()
}

pub fn session_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.training();
    vec![
        t.col_id,
        t.col_title,
        t.col_kind,
        t.col_level,
        t.col_division,
        t.col_organiser,
        t.col_from,
        t.col_to,
        t.col_hours,
        t.col_venue,
        t.col_speakers,
        t.col_marks,
    ]
}

pub fn session_rows(sessions: &[Session], lang: Lang) -> Vec<Vec<String>> {
    sessions
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.title.clone(),
                lang.training_kind(s.kind).to_string(),
                lang.training_level(s.level).to_string(),
                format!("{} {}", s.division, s.division_name),
                s.organiser.clone(),
                s.from.to_string(),
                s.to.to_string(),
                s.hours.to_string(),
                s.venue.clone(),
                s.speakers.clone(),
                format!("{}/{}/{}", s.attended, s.leave, s.absent),
            ]
        })
        .collect()
}

fn kinds_text(kinds: impl Iterator<Item = Kind>, lang: Lang) -> String {
    kinds
        .map(|k| lang.training_kind(k))
        .collect::<Vec<_>>()
        .join(lang.ui().list_sep)
}

pub fn hours_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.training();
    vec![
        t.col_code,
        t.col_village,
        t.col_name,
        t.col_unit,
        t.col_hours,
        t.col_target,
        t.col_short,
        t.col_kinds,
        t.col_missing_kinds,
    ]
}

/// By village code, then name (the store's order; never by hours).
pub fn hours_rows(rows: &[CadreYear], s: TrainingSettings, lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            let t = &c.training;
            vec![
                c.village.clone(),
                c.village_name.clone(),
                c.name.clone(),
                c.unit.clone(),
                t.hours.to_string(),
                s.target_hours.to_string(),
                t.short_of(s.target_hours).to_string(),
                kinds_text(Kind::ALL.into_iter().filter(|k| t.kinds[k.index()]), lang),
                kinds_text(t.missing_kinds().into_iter(), lang),
            ]
        })
        .collect()
}

pub fn untrained_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.training();
    vec![
        t.col_code,
        t.col_village,
        t.col_name,
        t.col_unit,
        t.col_start,
        t.col_new,
    ]
}

pub fn untrained_rows(rows: &[CadreYear], lang: Lang) -> Vec<Vec<String>> {
    let t = lang.training();
    rows.iter()
        .filter(|c| c.training.untrained())
        .map(|c| {
            vec![
                c.village.clone(),
                c.village_name.clone(),
                c.name.clone(),
                c.unit.clone(),
                c.start.to_string(),
                if c.new_untrained { t.yes } else { "" }.to_string(),
            ]
        })
        .collect()
}

pub fn roster_header(lang: Lang) -> Vec<&'static str> {
    let t = lang.training();
    vec![
        t.col_cadre_id,
        t.col_code,
        t.col_village,
        t.col_name,
        t.col_unit,
        t.col_mark,
        t.col_hours,
        t.col_conflict,
    ]
}

pub fn roster_rows(rows: &[RosterRow], lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.cadre.to_string(),
                r.village.clone(),
                r.village_name.clone(),
                r.name.clone(),
                r.unit.clone(),
                r.mark
                    .map(|m| lang.training_mark(m))
                    .unwrap_or("")
                    .to_string(),
                if r.mark.is_some() {
                    r.hours.to_string()
                } else {
                    String::new()
                },
                if r.conflicts > 0 {
                    fill(lang.training().conflict_days, &[&r.conflicts.to_string()])
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

/// A sheet: its name, header, rows and the lines under it.
pub struct Sheet {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

/// The sheets of a list (the first is the CSV's).
pub fn sheets(
    store: &Store,
    scope: &DivisionCode,
    year: i32,
    list: List,
    lang: Lang,
) -> Result<Vec<Sheet>, TransferError> {
    let t = lang.training();
    let settings = store.training_settings()?;
    Ok(match list {
        List::Session(id) => {
            let s = store.training_session(id)?;
            let roster = store.training_roster(id)?;
            vec![Sheet {
                name: t.roster,
                header: roster_header(lang),
                rows: roster_rows(&roster, lang),
                notes: vec![format!(
                    "{} · {} · {}..{} · {} {}",
                    s.title,
                    lang.training_kind(s.kind),
                    s.from,
                    s.to,
                    s.hours,
                    t.col_hours
                )],
            }]
        }
        List::Counties => {
            let rows = store.training_by_county(scope, year)?;
            let mut notes = vec![fill(t.counties_head, &[&year.to_string()])];
            if store.is_received_copy()? {
                notes.push(t.counties_pushed.to_string());
            }
            vec![Sheet {
                name: t.counties_list,
                header: counties_header(lang),
                rows: counties_rows(&rows),
                notes,
            }]
        }
        List::Hours | List::Untrained => {
            let year_rows = store.training_year(scope, year)?;
            let head = fill(
                t.year_head,
                &[
                    &year.to_string(),
                    &settings.target_hours.to_string(),
                    &settings.new_cadre_days.to_string(),
                ],
            );
            let untrained = untrained_rows(&year_rows, lang);
            let counts = fill(
                t.untrained_head,
                &[&untrained.len().to_string(), &year_rows.len().to_string()],
            );
            if list == List::Untrained {
                vec![Sheet {
                    name: t.untrained_list,
                    header: untrained_header(lang),
                    rows: untrained,
                    notes: vec![head, counts],
                }]
            } else {
                let sessions = store.training_sessions(scope, year)?;
                vec![
                    Sheet {
                        name: t.hours_list,
                        header: hours_header(lang),
                        rows: hours_rows(&year_rows, settings, lang),
                        notes: vec![head, counts],
                    },
                    Sheet {
                        name: t.sessions,
                        header: session_header(lang),
                        rows: session_rows(&sessions, lang),
                        notes: vec![],
                    },
                ]
            }
        }
    })
}

/// Write a list to `path` and audit it; returns the rows written.
pub fn write(
    store: &Store,
    scope: &DivisionCode,
    sheets: &[Sheet],
    path: &Path,
    format: ExportFormat,
    force: bool,
) -> Result<usize, TransferError> {
    let staged = super::output::stage(path, force)?;
    let file = staged.file.try_clone().map_err(|e| write_error(path, e))?;
    let result = match format {
        ExportFormat::Csv => write_csv(sheets, file, path),
        ExportFormat::Xlsx => write_xlsx(sheets, file, path),
    }
    .and_then(|n| staged.finish().map(|()| n));
    match result {
        Ok(n) => {
            store.audit_export(scope, ExportOutcome::Done(n as u64))?;
            Ok(n)
        }
        Err(e) => {
            staged.abandon();
            store.audit_export(scope, ExportOutcome::Failed)?;
            Err(e)
        }
    }
}

fn write_csv(sheets: &[Sheet], file: std::fs::File, path: &Path) -> Result<usize, TransferError> {
    let err = |e: &dyn std::fmt::Display| write_error(path, e);
    let mut w = excel_csv(std::io::BufWriter::new(file)).map_err(|e| err(&e))?;
    let Some(sheet) = sheets.first() else {
        return Ok(0);
    };
    w.write_record(&sheet.header).map_err(|e| err(&e))?;
    for row in &sheet.rows {
        w.write_record(row).map_err(|e| err(&e))?;
    }
    let f = w.into_inner().map_err(|e| err(&e))?;
    let f = f.into_inner().map_err(|e| err(&e.error().to_string()))?;
    f.sync_all().map_err(|e| err(&e))?;
    Ok(sheet.rows.len())
}

fn write_xlsx(sheets: &[Sheet], file: std::fs::File, path: &Path) -> Result<usize, TransferError> {
    use rust_xlsxwriter::{Format, Workbook};
    let xerr = |e: rust_xlsxwriter::XlsxError| write_error(path, e);
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    book.set_tempdir(dir).map_err(xerr)?;
    let mut n = 0;
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name).map_err(xerr)?;
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xerr)?;
            ws.set_column_width(c as u16, 14).map_err(xerr)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(1 + i as u32, c as u16, super::export::defuse(v))
                    .map_err(xerr)?;
            }
        }
        for (i, line) in sheet.notes.iter().enumerate() {
            ws.write_string((sheet.rows.len() + 2 + i) as u32, 0, line)
                .map_err(xerr)?;
        }
        n += sheet.rows.len();
    }
    book.save_to_writer(&file).map_err(xerr)?;
    file.sync_all().map_err(|e| write_error(path, e))?;
    Ok(n)
}
