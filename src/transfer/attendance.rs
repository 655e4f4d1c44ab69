//! `zhucun import attendance FILE --month YYYY-MM`: the township's monthly
//! sheet (姓名 or 干部编号, optionally 村代码, then one column per day 1..31
//! with a code in any form [`DayCode::parse`] accepts; empty = not
//! entered). Read and checked like the other imports (UTF-8/GBK CSV or
//! .xlsx, every problem with its line and column), then written all or
//! nothing.
//!
//! Scope first: a row's 村代码 outside the account's scope is refused
//! before the database is consulted, and names and ids are looked up only
//! among the postings inside the scope, so the import tells nothing about
//! cadres elsewhere.

use super::import::{Batch, Prepared};
use super::plan::Counts;
use super::table::{self, Row, Table};
use super::{Problem, ProblemText, Problems, TransferError, halfwidth};
use crate::domain::DivisionCode;
use crate::domain::attendance::{self, DayCode};
use crate::store::{AttendanceBatch, AttendanceCell, MonthPosting, Store};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// What is wrong in an attendance sheet (words in `crate::i18n::leave`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceProblem {
    /// Neither 姓名 nor 干部编号 in the header.
    NoWho,
    /// A header that is neither a known column nor a day 1..31.
    UnknownHeader(String),
    /// A day column past the month's length.
    DayBeyondMonth {
        day: u32,
        month: String,
        days: u32,
    },
    DayTwice(u32),
    NoDays,
    UnknownCode(String),
    /// No posting in the scope (and village, when given) that month.
    NotInTeam {
        who: String,
        month: String,
    },
    /// Two cadres of that name: the sheet must give 干部编号.
    Ambiguous {
        name: String,
        ids: Vec<i64>,
    },
    BadCadreId(String),
    /// The cell contradicts an approved leave's day.
    ContradictsLeave {
        leave: i64,
        code: DayCode,
        day: String,
    },
    DuplicateRow {
        first: usize,
    },
    BadMonth(String),
}

fn problem(file: &str, line: usize, column: Option<&str>, p: AttendanceProblem) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: column.map(str::to_string),
        message: ProblemText::Attendance(p),
    }
}

/// A month as `--month` gives it.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let h = halfwidth(s);
    let (y, m) = h.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1..=12).contains(&m) && (2000..=2100).contains(&y)).then_some((y, m))
}

/// The columns of the sheet, by position.
struct Header {
    name: Option<usize>,
    cadre: Option<usize>,
    village: Option<usize>,
    /// (cell index, day of month)
    days: Vec<(usize, u32)>,
    texts: Vec<String>,
}

fn norm(s: &str) -> String {
    halfwidth(s)
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// "1", "1日", "1号", "01" as a day of the month.
fn day_of(h: &str) -> Option<u32> {
    let t = h.trim_end_matches(['日', '号']);
    (!t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn read_header(
    label: &str,
    row: &Row,
    (month, days_in): (&str, u32),
    problems: &mut Vec<Problem>,
) -> Header {
    let mut h = Header {
        name: None,
        cadre: None,
        village: None,
        days: vec![],
        texts: row.cells.iter().map(|c| c.trim().to_string()).collect(),
    };
    for (i, cell) in row.cells.iter().enumerate() {
        let k = norm(cell);
        let col = Some(h.texts[i].as_str());
        match k.as_str() {
            "姓名" | "name" => h.name = Some(i),
            "干部编号" | "cadre" | "cadreid" | "cadre_id" => h.cadre = Some(i),
            "村代码" | "村社区代码" | "villagecode" | "village_code" => h.village = Some(i),
            "村" | "村名" | "村(社区)" | "village" | "序号" | "no" | "备注" | "note" | "" =>
                {}
            _ => match day_of(&k) {
                Some(d) if (1..=days_in).contains(&d) => {
                    if h.days.iter().any(|(_, x)| *x == d) {
                        problems.push(problem(
                            label,
                            row.line,
                            col,
                            AttendanceProblem::DayTwice(d),
                        ));
                    } else {
                        h.days.push((i, d));
                    }
                }
                Some(d) if (1..=31).contains(&d) => problems.push(problem(
                    label,
                    row.line,
                    col,
                    AttendanceProblem::DayBeyondMonth {
                        day: d,
                        month: month.to_string(),
                        days: days_in,
                    },
                )),
                _ => problems.push(problem(
                    label,
                    row.line,
                    col,
                    AttendanceProblem::UnknownHeader(h.texts[i].clone()),
                )),
            },
        }
    }
    if h.name.is_none() && h.cadre.is_none() {
        problems.push(problem(label, row.line, None, AttendanceProblem::NoWho));
    } else if h.days.is_empty() {
        problems.push(problem(label, row.line, None, AttendanceProblem::NoDays));
    }
    h
}

/// Read `path` as the attendance sheet of `month` ("YYYY-MM") and check it
/// against the database, writing nothing.
pub fn prepare(
    store: &Store,
    path: &Path,
    month: &str,
    opts: &super::ImportOptions,
) -> Result<Prepared, TransferError> {
    let mut label = super::import::file_label(path);
    let Some((year, mon)) = parse_month(month) else {
        return Err(invalid(
            &label,
            vec![problem(
                &label,
                0,
                None,
                AttendanceProblem::BadMonth(month.to_string()),
            )],
        ));
    };
    let month = format!("{year:04}-{mon:02}");
    let days_in = attendance::days_in_month(year, mon);
    let bytes = super::import::read_bytes(store, &label, path)?;
    let mut problems = Vec::new();
    let text = super::import::decode_text(&label, path, &bytes, opts.encoding, &mut problems);
    let encoding = text.as_ref().map(|(_, e)| *e);
    let table: Table = match &text {
        Some((t, _)) => table::parse_csv(&label, t, &mut problems),
        None if problems.is_empty() => {
            let fits = |h: &[Cow<str>]| {
                h.iter()
                    .any(|c| matches!(norm(c).as_str(), "姓名" | "干部编号" | "name" | "cadre"))
            };
            let (t, sheet) = table::parse_xlsx(&label, &bytes, &mut problems, &fits);
            if let Some(sheet) = sheet {
                label = crate::domain::text::sanitize(&format!("{label}[{sheet}]"), true);
            }
            t
        }
        None => Table::default(),
    };
    if table.header.cells.is_empty() {
        if problems.is_empty() {
            problems.push(problem(&label, 0, None, AttendanceProblem::NoWho));
        }
        return Err(invalid(&label, problems));
    }
    let header = read_header(&label, &table.header, (&month, days_in), &mut problems);
    if header.name.is_none() && header.cadre.is_none() || header.days.is_empty() {
        return Err(invalid(&label, problems));
    }
    super::gate::check_rows(store, &label, table.rows.len())?;
    // Scope first, from what the file says, before any lookup.
    let villages = named_villages(&label, &header, &table.rows, &mut problems);
    gate_villages(store, &label, &villages, opts.check)?;
    let postings = store.attendance_postings(&month)?;
    let leave = store.attendance_month_snapshot(&month)?;
    let mut plan = Planner::new(&label, &header, &month, &postings, &leave);
    for row in &table.rows {
        plan.row(row, &mut problems);
    }
    problems.sort_by_key(|p| p.line);
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let (batch, counts) = plan.finish(month.clone());
    Ok(Prepared::new(label, Batch::A(batch), counts, encoding))
}

fn invalid(label: &str, problems: Vec<Problem>) -> TransferError {
    TransferError::Invalid {
        file: label.to_string(),
        problems: Problems(problems),
    }
}

/// The 村代码 cells of the file, as codes (a bad code is a problem here).
fn named_villages(
    label: &str,
    h: &Header,
    rows: &[Row],
    problems: &mut Vec<Problem>,
) -> Vec<DivisionCode> {
    let Some(v) = h.village else {
        return vec![];
    };
    let mut out: Vec<DivisionCode> = vec![];
    for row in rows {
        let cell = row.cells.get(v).map(|c| c.trim()).unwrap_or("");
        if cell.is_empty() {
            continue;
        }
        match super::fields::code(cell) {
            Ok(c) if !out.contains(&c) => out.push(c),
            Ok(_) => {}
            Err(e) => problems.push(Problem {
                file: label.to_string(),
                line: row.line,
                column: Some(h.texts[v].clone()),
                message: ProblemText::Field(e),
            }),
        }
    }
    out
}

/// Refuse (audited, unless only checking) a village outside the scope.
fn gate_villages(
    store: &Store,
    label: &str,
    villages: &[DivisionCode],
    check: bool,
) -> Result<(), TransferError> {
    if check {
        if let Some(denied) = store.import_denied(crate::store::ImportNeed::Record, villages) {
            return Err(invalid(
                label,
                vec![Problem {
                    file: label.to_string(),
                    line: 0,
                    column: None,
                    message: ProblemText::Refused(denied),
                }],
            ));
        }
        return Ok(());
    }
    let record = format!("import/{label}");
    for c in villages {
        store.authorize(crate::store::Need::Record, Some(c), &record)?;
    }
    Ok(())
}

/// Checks rows against the postings and the month's rows, building the batch.
struct Planner<'p> {
    label: &'p str,
    h: &'p Header,
    month: &'p str,
    by_name: HashMap<&'p str, Vec<&'p MonthPosting>>,
    by_id: HashMap<i64, Vec<&'p MonthPosting>>,
    /// (cadre, day) → (code, source, ref) already stored.
    stored: &'p HashMap<(i64, String), (DayCode, String, Option<i64>)>,
    seen: HashMap<i64, usize>,
    cells: Vec<AttendanceCell>,
    villages: Vec<DivisionCode>,
    counts: Counts,
}

impl<'p> Planner<'p> {
    fn new(
        label: &'p str,
        h: &'p Header,
        month: &'p str,
        postings: &'p [MonthPosting],
        stored: &'p HashMap<(i64, String), (DayCode, String, Option<i64>)>,
    ) -> Planner<'p> {
        let mut by_name: HashMap<&str, Vec<&MonthPosting>> = HashMap::new();
        let mut by_id: HashMap<i64, Vec<&MonthPosting>> = HashMap::new();
        for p in postings {
            by_name.entry(p.name.as_str()).or_default().push(p);
            by_id.entry(p.cadre).or_default().push(p);
        }
        Planner {
            label,
            h,
            month,
            by_name,
            by_id,
            stored,
            seen: HashMap::new(),
            cells: Vec::new(),
            villages: Vec::new(),
            counts: Counts::default(),
        }
    }

    fn col(&self, i: usize) -> Option<&'p str> {
        Some(self.h.texts[i].as_str())
    }

    fn push(
        &self,
        problems: &mut Vec<Problem>,
        row: &Row,
        col: Option<usize>,
        p: AttendanceProblem,
    ) {
        problems.push(problem(
            self.label,
            row.line,
            col.and_then(|c| self.col(c)),
            p,
        ));
    }

    /// The posting a row names, or a problem.
    fn who(&self, row: &Row, problems: &mut Vec<Problem>) -> Option<&'p MonthPosting> {
        let cell = |i: Option<usize>| -> String {
            i.and_then(|i| row.cells.get(i))
                .map(|c| halfwidth(c).trim().to_string())
                .unwrap_or_default()
        };
        let village = cell(self.h.village);
        let (id, name) = (cell(self.h.cadre), cell(self.h.name));
        let in_village = |p: &&MonthPosting| village.is_empty() || p.village.as_str() == village;
        let (found, col, who): (Vec<&MonthPosting>, Option<usize>, String) = if !id.is_empty() {
            let Ok(n) = id.parse::<i64>() else {
                self.push(
                    problems,
                    row,
                    self.h.cadre,
                    AttendanceProblem::BadCadreId(id),
                );
                return None;
            };
            let f = self
                .by_id
                .get(&n)
                .map(|v| v.iter().copied().filter(in_village).collect());
            (f.unwrap_or_default(), self.h.cadre, id)
        } else {
            let f = self
                .by_name
                .get(name.as_str())
                .map(|v| v.iter().copied().filter(in_village).collect());
            (f.unwrap_or_default(), self.h.name, name)
        };
        let mut ids: Vec<i64> = found.iter().map(|p| p.cadre).collect();
        ids.dedup();
        match (found.first(), ids.len()) {
            (Some(p), 1) => Some(*p),
            (None, _) => {
                self.push(
                    problems,
                    row,
                    col,
                    AttendanceProblem::NotInTeam {
                        who,
                        month: self.month.to_string(),
                    },
                );
                None
            }
            _ => {
                self.push(
                    problems,
                    row,
                    col,
                    AttendanceProblem::Ambiguous { name: who, ids },
                );
                None
            }
        }
    }

    fn row(&mut self, row: &Row, problems: &mut Vec<Problem>) {
        self.counts.rows += 1;
        let Some(p) = self.who(row, problems) else {
            return;
        };
        if let Some(first) = self.seen.get(&p.cadre) {
            let col = self.h.cadre.or(self.h.name);
            self.push(
                problems,
                row,
                col,
                AttendanceProblem::DuplicateRow { first: *first },
            );
            return;
        }
        self.seen.insert(p.cadre, row.line);
        if !self.villages.contains(&p.village) {
            self.villages.push(p.village.clone());
        }
        for &(i, d) in &self.h.days {
            let text = row.cells.get(i).map(|c| c.trim()).unwrap_or("");
            if text.is_empty() {
                continue;
            }
            let Some(code) = DayCode::parse(&halfwidth(text)) else {
                self.push(
                    problems,
                    row,
                    Some(i),
                    AttendanceProblem::UnknownCode(text.to_string()),
                );
                continue;
            };
            let day = format!("{}-{d:02}", self.month);
            match self.stored.get(&(p.cadre, day.clone())) {
                // The leave's own days; its overrun (未在岗 for want of
                // 销假) gives way to what the township saw.
                Some((c, source, r)) if source == "leave" && c.is_leave() && *c != code => {
                    self.push(
                        problems,
                        row,
                        Some(i),
                        AttendanceProblem::ContradictsLeave {
                            leave: r.unwrap_or(0),
                            code: *c,
                            day,
                        },
                    );
                }
                Some((c, source, _)) if *c == code || source == "training" => {
                    self.counts.unchanged += 1;
                }
                Some(_) => {
                    self.counts.updated += 1;
                    self.cells.push(AttendanceCell {
                        cadre: p.cadre,
                        day,
                        code,
                    });
                }
                None => {
                    self.counts.added += 1;
                    self.cells.push(AttendanceCell {
                        cadre: p.cadre,
                        day,
                        code,
                    });
                }
            }
        }
    }

    fn finish(self, month: String) -> (AttendanceBatch, Counts) {
        let mut villages = self.villages;
        villages.sort();
        (
            AttendanceBatch {
                month,
                cells: self.cells,
                villages,
            },
            self.counts,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_day_headers() {
        assert_eq!(parse_month("2026-02"), Some((2026, 2)));
        assert_eq!(parse_month("２０２６－０３"), Some((2026, 3)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(day_of("1"), Some(1));
        assert_eq!(day_of("31日"), Some(31));
        assert_eq!(day_of("05号"), Some(5));
        assert_eq!(day_of("备注"), None);
    }
}
