//! Responsibility lists as files (issue 12): a county's sheet of the units'
//! lists and projects imported all or nothing (`zhucun import lists`,
//! GBK/UTF-8 CSV or .xlsx, Chinese headers, every problem with its file,
//! line and column), and the 帮扶责任落实表 exported (`zhucun export
//! responsibility`) per unit, village and year with the posted cadres from
//! the postings, through the staged sheet writer (0600, audited). Rows go
//! by unit name and village code, never by amounts.

use super::fields::col;
use super::fields::{self, Column, HeaderMap};
use super::import::{Batch, Prepared, decode_text, file_label, read_bytes, read_table, whole_rows};
use super::plan::Counts;
use super::recall::Sheet;
use super::{ImportOptions, Problem, ProblemText, Problems, TransferError, halfwidth};
use crate::domain::units::{self, ProjectStatus, yuan};
use crate::domain::{DivisionCode, Level, text};
use crate::i18n::Lang;
use crate::store::{BundleInput, ITEM_MAX_CHARS, ListKey, Project, Store};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What is wrong with a row of a lists sheet (words in `crate::i18n::units`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListProblem {
    UnknownUnit(String),
    /// A village the account does not manage lists in.
    OutsideScope(String),
    NotAYear(String),
    NotAnAmount(String),
    NotAStatus(String),
    /// An amount or status without a project name.
    AmountWithoutProject,
    /// A row with no item, project or funds.
    NothingInRow,
    /// The same project of one list on two rows.
    ProjectTwice {
        name: String,
        first: usize,
    },
    /// The same item of one list on two rows.
    DutyTwice {
        text: String,
        first: usize,
    },
    /// Funds of one list given differently on two rows.
    FundsDiffer {
        first: usize,
    },
}

/// The columns of a lists sheet: each row holds an item, a project or the
/// funds (or several) of one unit's list for a village and year; the rows
/// of a list together replace the list as stored.
pub const COLUMNS: &[Column] = &[
    col(
        "unit",
        "派出单位",
        &["派出单位", "帮扶单位", "单位", "unit"],
        true,
        100,
        "the dispatching unit, by its full name (as in the teams file)",
    ),
    col(
        "village_code",
        "村代码",
        &[
            "村代码",
            "村（社区）代码",
            "村居代码",
            "village code",
            "village_code",
        ],
        true,
        20,
        "the village's 12-digit code",
    ),
    col(
        "year",
        "年度",
        &["年度", "年份", "year"],
        true,
        6,
        "the year of the list (2026)",
    ),
    col(
        "duty",
        "责任事项",
        &["责任事项", "帮扶责任", "duty", "responsibility"],
        false,
        ITEM_MAX_CHARS,
        "one responsibility item",
    ),
    col(
        "project",
        "项目名称",
        &["项目名称", "帮扶项目", "项目", "project"],
        false,
        ITEM_MAX_CHARS,
        "a project's name",
    ),
    col(
        "amount",
        "项目金额（元）",
        &["项目金额", "金额", "amount"],
        false,
        20,
        "the project's amount in yuan (12000, 1,200.50)",
    ),
    col(
        "status",
        "项目状态",
        &["项目状态", "状态", "status"],
        false,
        10,
        "计划, 实施中, 已完成 or 已取消 (default 计划)",
    ),
    col(
        "planned",
        "计划资金（元）",
        &["计划资金", "planned", "funds planned"],
        false,
        20,
        "the list's funds planned, yuan (on one row of the list, or the same on each)",
    ),
    col(
        "delivered",
        "到位资金（元）",
        &["到位资金", "delivered", "funds delivered"],
        false,
        20,
        "the list's funds delivered, yuan",
    ),
    col(
        "village_name",
        "村名",
        &["村名", "村（社区）", "村", "village"],
        false,
        100,
        "read and left as it is",
    ),
];

fn problem(file: &str, line: usize, column: Option<String>, message: ProblemText) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column,
        message,
    }
}

/// A list being put together from its rows.
struct Gathered {
    input: BundleInput,
    /// The line each project and item was first on.
    projects: HashMap<String, usize>,
    duties: HashMap<String, usize>,
    /// (planned, delivered) and the line they were first given on.
    funds: Option<(Funds, usize)>,
}

/// A list's funds planned and delivered as a row gives them (fen).
type Funds = (Option<i64>, Option<i64>);

/// What one checked row adds to its list.
struct Values {
    duty: String,
    project: String,
    amount: Option<i64>,
    status: ProjectStatus,
    funds: Funds,
}

struct Reader<'a> {
    store: &'a Store,
    label: &'a str,
    map: &'a HeaderMap,
    check: bool,
    problems: Vec<Problem>,
    units: HashMap<String, Option<i64>>,
    refused: bool,
}

impl Reader<'_> {
    fn cell<'c>(&self, row: &'c super::table::Row, c: usize) -> &'c str {
        self.map.index[c]
            .and_then(|i| row.cells.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    fn push(&mut self, line: usize, c: usize, message: ProblemText) {
        let column = Some(self.map.names[c].clone());
        self.problems
            .push(problem(self.label, line, column, message));
    }

    fn list(&mut self, line: usize, c: usize, p: ListProblem) {
        self.push(line, c, ProblemText::Lists(p));
    }

    fn too_long(&mut self, row: &super::table::Row, c: usize) -> bool {
        let n = self.cell(row, c).chars().count();
        let max = COLUMNS[c].max_chars;
        if n > max {
            self.push(row.line, c, ProblemText::TooLong { n, max });
            return true;
        }
        false
    }

    fn unit(&mut self, row: &super::table::Row) -> Option<i64> {
        let name = text::sanitize(self.cell(row, 0), true);
        if name.is_empty() {
            self.push(row.line, 0, ProblemText::Empty);
            return None;
        }
        let found = match self.units.get(&name) {
            Some(f) => *f,
            None => {
                let f = self.store.find_unit(&name).ok().flatten().map(|(id, _)| id);
                self.units.insert(name.clone(), f);
                f
            }
        };
        if found.is_none() {
            self.list(row.line, 0, ListProblem::UnknownUnit(name));
        }
        found
    }

    /// The village, checked against the scope before the database is
    /// asked about it (so `--check` tells nothing outside the scope).
    fn village(&mut self, row: &super::table::Row) -> Option<DivisionCode> {
        let code = match fields::code(self.cell(row, 1)) {
            Ok(c) => c,
            Err(e) => {
                self.push(row.line, 1, ProblemText::Field(e));
                return None;
            }
        };
        if code.level() != Level::Village {
            self.push(row.line, 1, ProblemText::NotVillageCode(code.to_string()));
            return None;
        }
        if !self.store.may_manage_lists(&code) {
            self.list(row.line, 1, ListProblem::OutsideScope(code.to_string()));
            // Audited once, when the import was meant to write.
            if !self.check && !self.refused {
                self.refused = true;
                let _ = self.store.refuse_lists_import(&code, self.label);
            }
            return None;
        }
        if self.store.village(&code).is_err() {
            self.push(row.line, 1, ProblemText::UnknownVillage(code.to_string()));
            return None;
        }
        Some(code)
    }

    fn money(&mut self, row: &super::table::Row, c: usize) -> Option<Option<i64>> {
        let s = halfwidth(self.cell(row, c)).into_owned();
        if s.is_empty() {
            return Some(None);
        }
        match units::parse_yuan(&s) {
            Some(f) => Some(Some(f)),
            None => {
                self.list(row.line, c, ListProblem::NotAnAmount(s));
                None
            }
        }
    }

    fn year(&mut self, row: &super::table::Row) -> Option<i32> {
        let s = halfwidth(self.cell(row, 2)).into_owned();
        let t = s.trim_end_matches('年');
        match t.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                self.list(row.line, 2, ListProblem::NotAYear(s));
                None
            }
        }
    }

    /// Read a row into the lists gathered so far.
    fn row(&mut self, row: &super::table::Row, lists: &mut BTreeMap<(i64, String, i32), Gathered>) {
        let unit = self.unit(row);
        let village = self.village(row);
        let year = self.year(row);
        let long = (3..=4).any(|c| self.too_long(row, c));
        let duty = text::sanitize(self.cell(row, 3), true);
        let project = text::sanitize(self.cell(row, 4), true);
        let amount = self.money(row, 5);
        let status_text = self.cell(row, 6).to_string();
        let status = if status_text.is_empty() {
            Some(ProjectStatus::Planned)
        } else {
            let s = units::parse_status(&status_text);
            if s.is_none() {
                self.list(row.line, 6, ListProblem::NotAStatus(status_text.clone()));
            }
            s
        };
        let planned = self.money(row, 7);
        let delivered = self.money(row, 8);
        if project.is_empty() && (!self.cell(row, 5).is_empty() || !status_text.is_empty()) {
            self.list(row.line, 4, ListProblem::AmountWithoutProject);
            return;
        }
        if duty.is_empty()
            && project.is_empty()
            && self.cell(row, 7).is_empty()
            && self.cell(row, 8).is_empty()
        {
            self.list(row.line, 3, ListProblem::NothingInRow);
            return;
        }
        let (
            Some(unit),
            Some(village),
            Some(year),
            Some(amount),
            Some(status),
            Some(planned),
            Some(delivered),
            false,
        ) = (
            unit, village, year, amount, status, planned, delivered, long,
        )
        else {
            return;
        };
        let key = (unit, village.to_string(), year);
        let g = lists.entry(key).or_insert_with(|| Gathered {
            input: BundleInput {
                unit,
                village: village.clone(),
                year,
                duties: vec![],
                projects: vec![],
                funds_planned: 0,
                funds_delivered: 0,
                version: None,
            },
            projects: HashMap::new(),
            duties: HashMap::new(),
            funds: None,
        });
        let v = Values {
            duty,
            project,
            amount,
            status,
            funds: (planned, delivered),
        };
        self.add(row.line, g, v);
    }

    /// Add a row's item, project and funds to its list; the same item or
    /// project twice, or other funds, is a problem.
    fn add(&mut self, line: usize, g: &mut Gathered, v: Values) {
        if !v.duty.is_empty() {
            if let Some(first) = g.duties.get(&v.duty) {
                let p = ListProblem::DutyTwice {
                    text: v.duty,
                    first: *first,
                };
                self.list(line, 3, p);
                return;
            }
            g.duties.insert(v.duty.clone(), line);
            g.input.duties.push(v.duty);
        }
        if !v.project.is_empty() {
            if let Some(first) = g.projects.get(&v.project) {
                let p = ListProblem::ProjectTwice {
                    name: v.project,
                    first: *first,
                };
                self.list(line, 4, p);
                return;
            }
            g.projects.insert(v.project.clone(), line);
            g.input.projects.push(Project {
                name: v.project,
                amount: v.amount.unwrap_or(0),
                status: v.status,
            });
        }
        if v.funds.0.is_some() || v.funds.1.is_some() {
            match g.funds {
                Some((f, first)) if f != v.funds => {
                    self.list(line, 7, ListProblem::FundsDiffer { first });
                }
                Some(_) => {}
                None => {
                    g.funds = Some((v.funds, line));
                    g.input.funds_planned = v.funds.0.unwrap_or(0);
                    g.input.funds_delivered = v.funds.1.unwrap_or(0);
                }
            }
        }
    }
}

/// Read a lists sheet and check every row against the database, writing
/// nothing: unknown units and villages, villages outside the lists the
/// account manages (a refusal audited unless `--check`), bad amounts,
/// years and statuses, and the same project or item twice in one list are
/// each a problem with its line and column.
pub fn prepare(
    store: &Store,
    path: &Path,
    opts: &ImportOptions,
) -> Result<Prepared, TransferError> {
    let mut label = file_label(path);
    let bytes = read_bytes(store, &label, path)?;
    let mut problems = Vec::new();
    let text = decode_text(&label, path, &bytes, opts.encoding, &mut problems);
    let (table, used) = read_table(
        COLUMNS,
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
            problems.push(problem(
                &label,
                0,
                None,
                ProblemText::EmptyFile {
                    expected: fields::expected_cols(COLUMNS),
                },
            ));
        }
        return Err(invalid(&label, problems));
    }
    let (map, header_problems) = HeaderMap::build(COLUMNS, &table.header.cells);
    for (i, message) in header_problems {
        let column = i.map(|i| table.header.cells[i].trim().to_string());
        problems.push(problem(&label, table.header.line, column, message));
    }
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let rows = whole_rows(&label, table, &mut problems);
    super::gate::check_rows(store, &label, rows.len())?;
    let mut reader = Reader {
        store,
        label: &label,
        map: &map,
        check: opts.check,
        problems,
        units: HashMap::new(),
        refused: false,
    };
    let mut lists = BTreeMap::new();
    for r in &rows {
        reader.row(r, &mut lists);
    }
    let mut problems = reader.problems;
    problems.sort_by_key(|p| p.line);
    if !problems.is_empty() {
        return Err(invalid(&label, problems));
    }
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    let mut batch = Vec::new();
    for (_, g) in lists {
        let mut input = g.input;
        let current = store.bundle_input(&ListKey {
            unit: input.unit,
            village: input.village.clone(),
            year: input.year,
        })?;
        input.version = current.version;
        if current.version.is_none() {
            counts.added += 1;
        } else if (
            &current.duties,
            &current.projects,
            current.funds_planned,
            current.funds_delivered,
        ) == (
            &input.duties,
            &input.projects,
            input.funds_planned,
            input.funds_delivered,
        ) {
            counts.unchanged += 1;
            continue;
        } else {
            counts.updated += 1;
        }
        batch.push(input);
    }
    Ok(Prepared::new(label, Batch::L(batch), counts, used))
}

// ---- export ----

/// The 帮扶责任落实表's header (one row per unit, village and year).
pub fn header(lang: Lang) -> Vec<&'static str> {
    let w = lang.unit_words();
    let t = lang.units();
    vec![
        t.col_unit,
        t.col_level,
        w.col_village_code,
        t.col_village,
        w.col_year,
        t.duties,
        w.col_projects,
        w.col_project_amount,
        w.col_planned,
        w.col_delivered,
        t.col_funds_pct,
        t.plan,
        w.col_people,
    ]
}

/// The projects sheet's header (one row per project).
pub fn project_header(lang: Lang) -> Vec<&'static str> {
    let w = lang.unit_words();
    let t = lang.units();
    vec![
        t.col_unit,
        w.col_village_code,
        t.col_village,
        w.col_year,
        w.col_seq,
        w.col_project,
        w.col_project_amount,
        w.col_status,
    ]
}

/// The sheets of the 帮扶责任落实表 of `scope` and `year`: the lists
/// (with the totals under them) and the projects.
pub fn sheets(
    store: &Store,
    scope: &DivisionCode,
    year: i32,
    lang: Lang,
) -> Result<Vec<Sheet>, TransferError> {
    let w = lang.unit_words();
    let t = lang.units();
    let mut rows = Vec::new();
    let mut projects = Vec::new();
    let (mut planned, mut delivered, mut amounts) = (0i64, 0i64, 0i64);
    for u in store.units_of(scope, year)? {
        let d = store.responsibility_list(u.unit.id, scope, year)?;
        let name = text::sanitize(&d.unit.name, true);
        let level = d
            .unit
            .level
            .map(|l| lang.unit_level(l).to_string())
            .unwrap_or_default();
        for v in &d.villages {
            let people: Vec<String> = v
                .people
                .iter()
                .map(|p| {
                    format!(
                        "{}（{}）",
                        text::sanitize(&p.member.name, true),
                        lang.member_role(p.member.role)
                    )
                })
                .collect();
            let (duties, n, amount, fp, fd) = match &v.bundle {
                Some(b) => (
                    b.duties.join("；"),
                    b.projects.len(),
                    b.projects.iter().map(|p| p.amount).sum::<i64>(),
                    b.funds_planned,
                    b.funds_delivered,
                ),
                None => (String::new(), 0, 0, 0, 0),
            };
            planned += fp;
            delivered += fd;
            amounts += amount;
            rows.push(vec![
                name.clone(),
                level.clone(),
                v.code.to_string(),
                text::sanitize(&v.name, true),
                year.to_string(),
                duties,
                n.to_string(),
                yuan(amount),
                yuan(fp),
                yuan(fd),
                units::funds_percent(fp, fd).map_or_else(String::new, |p| format!("{p}%")),
                lang.plan_state(v.plan_state, year),
                people.join("、"),
            ]);
            if let Some(b) = &v.bundle {
                for (i, p) in b.projects.iter().enumerate() {
                    projects.push(vec![
                        name.clone(),
                        v.code.to_string(),
                        text::sanitize(&v.name, true),
                        year.to_string(),
                        (i + 1).to_string(),
                        text::sanitize(&p.name, true),
                        yuan(p.amount),
                        lang.project_status(p.status).to_string(),
                    ]);
                }
            }
        }
    }
    let total = crate::i18n::ui::fill(
        w.totals,
        &[&yuan(amounts), &yuan(planned), &yuan(delivered)],
    );
    Ok(vec![
        Sheet {
            name: w.sheet_lists.to_string(),
            header: header(lang),
            rows,
            notes: vec![total],
        },
        Sheet {
            name: t.projects.to_string(),
            header: project_header(lang),
            rows: projects,
            notes: vec![],
        },
    ])
}
