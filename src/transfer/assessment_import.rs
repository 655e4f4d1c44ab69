//! Import a county's assessment sheet (姓名 or 干部编号, 等次, 考核单位, 日期,
//! 依据): all or nothing. Every row is checked against the pool first (the
//! cadre is in it, once; the grade is a grade; a recalled cadre is not
//! 优秀) and the quota against the whole file; then one write sets every
//! grade, the store checking the same rules again inside it.

use super::fields::{self, Column, HeaderMap};
use super::{Problem, ProblemText, Problems, TransferError, decode, table};
use crate::domain::assessment::{Grade, excellent_quota};
use crate::store::{GradeInput, Pool, PoolView, Store};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

/// What is wrong with a row or the file (rendered by `i18n::assessment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessProblem {
    /// Neither 姓名 nor 干部编号 is a column.
    NoNameColumn,
    BadGrade(String),
    /// No cadre of the pool has this name or id.
    NotInPool(String),
    /// Several cadres of the pool have this name (their ids).
    SameName {
        name: String,
        ids: Vec<i64>,
    },
    /// The cadre's row came before, on `first`.
    Twice {
        name: String,
        first: usize,
    },
    Recalled {
        name: String,
        year: i32,
    },
    /// The file would leave more 优秀 than the quota.
    OverQuota {
        in_file: u32,
        kept: u32,
        quota: u32,
        pool: u32,
    },
    NotAnId(String),
}

/// Text cells of the sheet are at most this long.
const MAX_CHARS: usize = 200;

/// The sheet's columns.
pub static COLUMNS: [Column; 6] = [
    fields::col(
        "cadre",
        "干部编号",
        &["干部编号", "编号", "cadre_id"],
        false,
        MAX_CHARS,
        "the cadre's id",
    ),
    fields::col(
        "name",
        "姓名",
        &["姓名", "名字"],
        false,
        MAX_CHARS,
        "the cadre's name",
    ),
    fields::col(
        "grade",
        "等次",
        &["等次", "考核等次", "考核结果"],
        true,
        MAX_CHARS,
        "优秀/称职/基本称职/不称职",
    ),
    fields::col(
        "body",
        "考核单位",
        &["考核单位", "考核机关"],
        false,
        MAX_CHARS,
        "the assessing body",
    ),
    fields::col(
        "date",
        "日期",
        &["日期", "考核日期"],
        false,
        MAX_CHARS,
        "the day of the assessment",
    ),
    fields::col(
        "basis",
        "依据",
        &["依据", "考核依据", "备注"],
        false,
        MAX_CHARS,
        "a note on the basis",
    ),
];

/// What the import found: the grades to write.
pub struct Plan {
    pub inputs: Vec<GradeInput>,
}

fn problem(file: &str, line: usize, column: Option<&str>, p: AssessProblem) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        message: ProblemText::Assess(p),
    }
}

/// Where the import goes and its defaults.
pub struct Target<'a> {
    pub pool: &'a Pool,
    /// The default 考核单位 (the county's name).
    pub body: &'a str,
    pub year: i32,
    pub today: NaiveDate,
}

/// Read and check `path` against the pool; every problem, or the plan.
pub fn plan(
    store: &Store,
    path: &Path,
    target: &Target,
    encoding: decode::Encoding,
) -> Result<Plan, TransferError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| TransferError::Read {
        path: label.clone(),
        detail: e.to_string(),
    })?;
    let mut problems = Vec::new();
    let xlsx = bytes.starts_with(b"PK\x03\x04");
    let text = if xlsx {
        None
    } else {
        match decode::decode(&bytes, encoding) {
            Ok(t) => Some(t),
            Err(e) => {
                problems.push(Problem {
                    file: label.clone(),
                    line: e.line,
                    column: None,
                    message: *e.message,
                });
                return Err(invalid(&label, problems));
            }
        }
    };
    let tbl = match &text {
        Some((t, _)) => table::parse_csv(&label, t, &mut problems),
        None => {
            let fits = |h: &[std::borrow::Cow<str>]| {
                HeaderMap::build(&COLUMNS, h)
                    .1
                    .iter()
                    .all(|(i, _)| i.is_some())
            };
            table::parse_xlsx(&label, &bytes, &mut problems, &fits).0
        }
    };
    let (map, header) = HeaderMap::build(&COLUMNS, &tbl.header.cells);
    for (i, p) in header {
        let column = i
            .and_then(|i| tbl.header.cells.get(i))
            .map(|c| c.trim().to_string());
        problems.push(Problem {
            file: label.clone(),
            line: tbl.header.line,
            column,
            message: p,
        });
    }
    if map.index[0].is_none() && map.index[1].is_none() {
        problems.push(problem(
            &label,
            tbl.header.line,
            None,
            AssessProblem::NoNameColumn,
        ));
    }
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let view = store.assessment_pool(target.pool, target.year)?;
    let inputs = rows(&label, &tbl, &map, &view, target, &mut problems);
    check_quota(&label, &view, &inputs, &mut problems);
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    Ok(Plan { inputs })
}

fn invalid(label: &str, problems: Vec<Problem>) -> TransferError {
    TransferError::Invalid {
        file: label.to_string(),
        problems: Problems(problems),
    }
}

/// The pool's cadre a row names (by id, else by name), or its problem.
fn resolve(
    view: &PoolView,
    by_name: &HashMap<&str, Vec<i64>>,
    (id_text, name): (&str, &str),
    mut report: impl FnMut(usize, AssessProblem),
) -> Option<i64> {
    if !id_text.is_empty() {
        return match id_text.parse::<i64>() {
            Ok(id) if view.rows.iter().any(|r| r.cadre == id) => Some(id),
            Ok(_) => {
                report(0, AssessProblem::NotInPool(id_text.to_string()));
                None
            }
            Err(_) => {
                report(0, AssessProblem::NotAnId(id_text.to_string()));
                None
            }
        };
    }
    match by_name.get(name).map(Vec::as_slice) {
        Some([one]) => Some(*one),
        Some(many) => {
            report(
                1,
                AssessProblem::SameName {
                    name: name.to_string(),
                    ids: many.to_vec(),
                },
            );
            None
        }
        None => {
            report(1, AssessProblem::NotInPool(name.to_string()));
            None
        }
    }
}

fn rows(
    label: &str,
    tbl: &table::Table,
    map: &HeaderMap,
    view: &PoolView,
    target: &Target,
    problems: &mut Vec<Problem>,
) -> Vec<GradeInput> {
    let cell = |row: &table::Row, c: usize| -> String {
        map.index[c]
            .and_then(|i| row.cells.get(i))
            .map(|s| crate::domain::text::sanitize(s.trim(), true))
            .unwrap_or_default()
    };
    let mut by_name: HashMap<&str, Vec<i64>> = HashMap::new();
    for r in &view.rows {
        by_name.entry(r.name.as_str()).or_default().push(r.cadre);
    }
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut out = Vec::new();
    for row in &tbl.rows {
        let line = row.line;
        let col = |c: usize| Some(map.names[c].as_str());
        let (id_text, name) = (cell(row, 0), cell(row, 1));
        let who = if name.is_empty() {
            id_text.clone()
        } else {
            name.clone()
        };
        let cadre = resolve(view, &by_name, (&id_text, &name), |c, p| {
            problems.push(problem(label, line, col(c), p));
        });
        let grade_text = cell(row, 2);
        let grade = Grade::parse(&grade_text);
        if grade.is_none() {
            problems.push(problem(
                label,
                line,
                col(2),
                AssessProblem::BadGrade(grade_text),
            ));
        }
        let date_text = cell(row, 4);
        let date = if date_text.is_empty() {
            Some(target.today)
        } else {
            match fields::date(&date_text) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(Problem {
                        file: label.to_string(),
                        line,
                        column: col(4).map(str::to_string),
                        message: ProblemText::Field(e),
                    });
                    None
                }
            }
        };
        let (Some(cadre), Some(grade), Some(date)) = (cadre, grade, date) else {
            continue;
        };
        if let Some(first) = seen.insert(cadre, line) {
            problems.push(problem(
                label,
                line,
                col(1),
                AssessProblem::Twice { name: who, first },
            ));
            continue;
        }
        if grade == Grade::Excellent && view.rows.iter().any(|r| r.cadre == cadre && r.recalled) {
            problems.push(problem(
                label,
                line,
                col(2),
                AssessProblem::Recalled {
                    name: who,
                    year: target.year,
                },
            ));
            continue;
        }
        let body = cell(row, 3);
        out.push(GradeInput {
            cadre,
            year: target.year,
            grade,
            pool: target.pool.clone(),
            body: if body.is_empty() {
                target.body.to_string()
            } else {
                body
            },
            assessed_on: date,
            basis: cell(row, 5),
            expected_version: None,
        });
    }
    // Lower grades first: a file that moves an 优秀 to another cadre frees
    // the place before it is taken again.
    out.sort_by_key(|i| i.grade == Grade::Excellent);
    out
}

/// The whole file against the quota: the 优秀 it gives plus those it
/// leaves in place.
fn check_quota(label: &str, view: &PoolView, inputs: &[GradeInput], problems: &mut Vec<Problem>) {
    let in_file = inputs
        .iter()
        .filter(|i| i.grade == Grade::Excellent)
        .count() as u32;
    let kept = view
        .rows
        .iter()
        .filter(|r| r.grade == Some(Grade::Excellent) && !inputs.iter().any(|i| i.cadre == r.cadre))
        .count() as u32;
    let pool = view.rows.len() as u32;
    let quota = excellent_quota(pool, view.pct);
    if in_file + kept > quota {
        problems.push(problem(
            label,
            0,
            None,
            AssessProblem::OverQuota {
                in_file,
                kept,
                quota,
                pool,
            },
        ));
    }
}

/// Check `path`, then (unless `check`) write every grade in one
/// transaction; the number of grades.
pub fn import(
    store: &mut Store,
    path: &Path,
    target: &Target,
    encoding: decode::Encoding,
    check: bool,
) -> Result<usize, TransferError> {
    let plan = plan(store, path, target, encoding)?;
    if !check {
        store.set_grades(&plan.inputs)?;
    }
    Ok(plan.inputs.len())
}
