//! Row-by-row checks of an import against a snapshot of the database,
//! producing the batch the store writes (or every problem found).

use super::fields::{self, Column, HeaderMap};
use super::table::Row;
use super::{Problem, ProblemText};
use crate::domain::posting::PostingExtra;
use crate::domain::{DivisionCode, Guidance, Level, MemberRole, TeamMember, VillageType};
use crate::store::{
    DivisionBatch, DivisionChange, GuidanceBatch, GuidanceInput, KnownDivision, MemberBatch,
    NewMember, VillageBatch, VillageChange,
};
use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt, HashSet};
use std::collections::hash_map::Entry;

/// Reads cells of one row by expected column, collecting problems.
pub(crate) struct Cells<'a> {
    pub file: &'a str,
    pub columns: &'static [Column],
    pub map: &'a HeaderMap,
    pub problems: &'a mut Vec<Problem>,
}

impl Cells<'_> {
    fn at(&self, col: usize) -> &'static Column {
        let columns: &'static [Column] = self.columns;
        &columns[col]
    }

    pub fn problem(&mut self, row: &Row, col: Option<usize>, message: impl Into<ProblemText>) {
        self.problem_at(row.line, col, message);
    }

    pub fn problem_at(&mut self, line: usize, col: Option<usize>, message: impl Into<ProblemText>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            column: col.map(|c| self.map.names[c].clone()),
            message: message.into(),
        });
    }

    /// The raw text of column `col` ("" when absent), length-checked.
    pub fn get<'r>(&mut self, row: &'r Row, col: usize) -> Option<&'r str> {
        let v = self.map.index[col]
            .and_then(|i| row.cells.get(i))
            .map(|s| s.as_ref())
            .unwrap_or("");
        let max = self.at(col).max_chars;
        let n = v.chars().count();
        if n > max {
            self.problem(row, Some(col), ProblemText::TooLong { n, max });
            return None;
        }
        Some(v)
    }

    /// Parse column `col` with `f`, recording its error.
    pub fn parse<T>(
        &mut self,
        row: &Row,
        col: usize,
        f: impl FnOnce(&str) -> Result<T, fields::FieldError>,
    ) -> Option<T> {
        let v = self.get(row, col)?;
        match f(v) {
            Ok(x) => Some(x),
            Err(e) => {
                self.problem(row, Some(col), ProblemText::Field(e));
                None
            }
        }
    }

    /// Single-line text, sanitised and NFC; required when `required`.
    pub fn text(&mut self, row: &Row, col: usize, single_line: bool) -> Option<String> {
        let v = self.get(row, col)?;
        let t = crate::domain::text::clean_text(v, single_line)
            .trim()
            .to_string();
        if self.at(col).required && crate::domain::guidance::is_blank(&t, single_line) {
            self.problem(row, Some(col), ProblemText::Empty);
            return None;
        }
        Some(t)
    }
}

/// Counts of a plan: rows read, added, updated, unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Provinces, prefectures, counties and townships, in any order: a parent
/// counts when it is in the database or anywhere in the file.
pub(crate) fn divisions(
    c: &mut Cells,
    rows: &[Row],
    known: &HashMap<String, KnownDivision>,
    tick: &dyn Fn(u64),
) -> (DivisionBatch, Counts) {
    let (cc, nc) = (0, 1);
    let mut batch = DivisionBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    let in_file: HashSet<String> = rows
        .iter()
        .filter_map(|r| c.map.index[cc].and_then(|i| r.cells.get(i)))
        .map(|s| super::halfwidth(s).trim().to_string())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        let code = c.parse(row, cc, fields::code).and_then(|d| {
            if d.level() == Level::Village {
                c.problem(row, Some(cc), ProblemText::IsVillageCode(d.to_string()));
                return None;
            }
            Some(d)
        });
        let name = c.text(row, nc, true);
        let (Some(d), Some(name)) = (code, name) else {
            continue;
        };
        if let Some(first) = seen.insert(d.to_string(), row.line) {
            c.problem(
                row,
                Some(cc),
                ProblemText::CodeTwice {
                    code: d.to_string(),
                    first,
                },
            );
            continue;
        }
        // A prefecture without its province gets a placeholder province.
        if matches!(d.level(), Level::County | Level::Township)
            && let Some(p) = d.parent()
        {
            let in_db = known.get(p.as_str()).is_some_and(|k| !k.abolished);
            if !in_db && !in_file.contains(p.as_str()) {
                c.problem(
                    row,
                    Some(cc),
                    ProblemText::ParentMissing {
                        parent: p.to_string(),
                        code: d.to_string(),
                    },
                );
                continue;
            }
        }
        match known.get(d.as_str()) {
            Some(k) if k.abolished => {
                c.problem(row, Some(cc), ProblemText::Abolished(d.to_string()))
            }
            Some(k) if k.name == name => counts.unchanged += 1,
            Some(k) => {
                counts.updated += 1;
                batch.update.push(DivisionChange {
                    code: d,
                    old_name: k.name.clone(),
                    name,
                });
            }
            None => {
                counts.added += 1;
                batch.add.push((d, name));
            }
        }
    }
    (batch, counts)
}

/// One row of a villages file on its own: (line, township, village, name, types).
type VillageRow = (usize, DivisionCode, DivisionCode, String, Vec<VillageType>);

/// Parse and check one row of a villages file, recording its problems.
fn village_row(
    c: &mut Cells,
    row: &Row,
    known: &HashMap<String, KnownDivision>,
) -> Option<VillageRow> {
    let (tc, vc, nc, yc) = (0, 1, 2, 3);
    let township = c.parse(row, tc, fields::code).and_then(|t| {
        if t.level() != Level::Township {
            c.problem(row, Some(tc), ProblemText::NotTownshipCode(t.to_string()));
            return None;
        }
        match known.get(t.as_str()) {
            Some(d) if d.level == Level::Township && !d.abolished => Some(t),
            _ => {
                c.problem(row, Some(tc), ProblemText::UnknownTownship(t.to_string()));
                None
            }
        }
    });
    let village = c.parse(row, vc, fields::code).and_then(|v| {
        if v.level() != Level::Village {
            c.problem(row, Some(vc), ProblemText::NotVillageCode(v.to_string()));
            return None;
        }
        Some(v)
    });
    let name = c.text(row, nc, true);
    let types = c.parse(row, yc, fields::village_types);
    let (Some(t), Some(v), Some(name), Some(mut types)) = (township, village, name, types) else {
        return None;
    };
    // Without a types column, a stored village keeps its types.
    if c.map.index[yc].is_none()
        && let Some(d) = known.get(v.as_str())
    {
        types = d.types.clone();
    }
    if !v.as_str().starts_with(t.as_str()) {
        c.problem(
            row,
            Some(vc),
            ProblemText::OutsideTownship {
                village: v.to_string(),
                township: t.to_string(),
            },
        );
        return None;
    }
    Some((row.line, t, v, name, types))
}

pub(crate) fn villages(
    c: &mut Cells,
    rows: &[Row],
    known: &HashMap<String, KnownDivision>,
    tick: &dyn Fn(u64),
) -> (VillageBatch, Counts) {
    let (vc, nc) = (1, 2);
    let mut batch = VillageBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    // Each row on its own: (line, township, village, name, types).
    let mut parsed: Vec<VillageRow> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        if let Some(p) = village_row(c, row, known) {
            parsed.push(p);
        }
    }
    // Names of villages in the database per township, except those the file lists.
    let in_file: HashSet<&str> = parsed.iter().map(|p| p.2.as_str()).collect();
    let mut db_names: HashMap<(&str, &str), &str> = HashMap::new();
    for (code, d) in known {
        if d.level == Level::Village && !d.abolished && !in_file.contains(code.as_str()) {
            db_names.insert((&code[..9], d.name.as_str()), code.as_str());
        }
    }
    let mut fates = vec![Fate::Skip; parsed.len()];
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(parsed.len());
    let mut names: HashMap<(&str, &str), (usize, &str)> = HashMap::with_capacity(parsed.len());
    for (k, (line, t, v, name, types)) in parsed.iter().enumerate() {
        match seen.entry(v.as_str()) {
            Entry::Occupied(first) => {
                c.problem_at(
                    *line,
                    Some(vc),
                    ProblemText::VillageCodeTwice {
                        code: v.to_string(),
                        first: *first.get(),
                    },
                );
                continue;
            }
            Entry::Vacant(e) => {
                e.insert(*line);
            }
        }
        let key = (t.as_str(), name.as_str());
        if let Some((first, other)) = names.get(&key) {
            c.problem_at(
                *line,
                Some(nc),
                ProblemText::NameTwice {
                    name: name.to_string(),
                    township: t.to_string(),
                    first: *first,
                    other: other.to_string(),
                },
            );
            continue;
        }
        names.insert(key, (*line, v.as_str()));
        match known.get(v.as_str()) {
            Some(d) if d.abolished => {
                c.problem_at(
                    *line,
                    Some(vc),
                    ProblemText::AbolishedVillage(v.to_string()),
                );
            }
            Some(d) if d.level != Level::Village => {
                c.problem_at(*line, Some(vc), ProblemText::NotAVillage(v.to_string()));
            }
            Some(d) if d.name == *name && d.types == *types => counts.unchanged += 1,
            Some(_) => {
                counts.updated += 1;
                fates[k] = Fate::Update;
            }
            None => {
                if let Some(other) = db_names.get(&key) {
                    c.problem_at(
                        *line,
                        Some(nc),
                        ProblemText::NameTaken {
                            township: t.to_string(),
                            name: name.to_string(),
                            other: other.to_string(),
                        },
                    );
                    continue;
                }
                counts.added += 1;
                fates[k] = Fate::Add;
            }
        }
    }
    drop((in_file, db_names, seen, names));
    village_batch(&mut batch, parsed, fates, known);
    (batch, counts)
}

/// What becomes of a row of a villages file.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Skip,
    Add,
    Update,
}

/// The rows to add and to update, in file order.
fn village_batch(
    batch: &mut VillageBatch,
    parsed: Vec<VillageRow>,
    fates: Vec<Fate>,
    known: &HashMap<String, KnownDivision>,
) {
    for ((_, _, v, name, types), fate) in parsed.into_iter().zip(fates) {
        match fate {
            Fate::Skip => {}
            Fate::Add => batch.add.push((v, name, types)),
            Fate::Update => {
                let d = &known[v.as_str()];
                batch.update.push(VillageChange {
                    old_name: d.name.clone(),
                    old_types: d.types.clone(),
                    code: v,
                    name,
                    types,
                });
            }
        }
    }
}

/// A team member's identity: village, name, start date.
type MemberKey<'a> = (&'a str, &'a str, NaiveDate);
/// A first secretary's posting: (line, 0 for the database; name; start; end).
type Posting = (usize, String, NaiveDate, Option<NaiveDate>);

/// First secretaries whose postings overlap in one village, sorted by line
/// (line 0: in the database, never reported on its own).
fn overlapping_secretaries(leaders: &HashMap<&str, Vec<Posting>>) -> Vec<(usize, ProblemText)> {
    let mut found: Vec<(usize, ProblemText)> = Vec::new();
    for (village, list) in leaders {
        for (i, a) in list.iter().enumerate() {
            for b in &list[..i] {
                let overlap =
                    a.2 <= b.3.unwrap_or(NaiveDate::MAX) && b.2 <= a.3.unwrap_or(NaiveDate::MAX);
                if overlap && (a.0 != 0 || b.0 != 0) {
                    let (row, other) = if a.0 >= b.0 { (a, b) } else { (b, a) };
                    found.push((
                        row.0,
                        ProblemText::TwoSecretaries {
                            village: village.to_string(),
                            name: row.1.clone(),
                            start: row.2.to_string(),
                            other: other.1.clone(),
                            other_start: other.2.to_string(),
                            other_line: other.0,
                        },
                    ));
                }
            }
        }
    }
    found.sort_by_cached_key(|(line, p)| (*line, p.to_string()));
    found
}

/// One row of a team file on its own: (line, the member, the stored member it names).
type MemberRow<'m> = (usize, NewMember, Option<&'m TeamMember>, PostingExtra);

/// The cadre and end-reason columns of a team row (problems recorded).
fn posting_extra(c: &mut Cells, row: &Row) -> Option<PostingExtra> {
    let (rc, lc, pc, sc, xc, tc) = (6, 7, 8, 9, 10, 11);
    let end_reason = c.parse(row, rc, fields::end_reason);
    let unit_level = c.parse(row, lc, fields::unit_level);
    let post = c.text(row, pc, true);
    let section_level = c.parse(row, sc, fields::yes_no);
    let selection = c.parse(row, xc, fields::selection);
    let tags = c.get(row, tc).map(fields::tags);
    let unit_contact = c.text(row, 12, true);
    let unit_leader = c.text(row, 13, true);
    Some(PostingExtra {
        end_reason: end_reason?,
        unit_level: unit_level?,
        post: post.filter(|p| !p.is_empty()),
        section_level: section_level?,
        tags: tags?,
        selection: selection?,
        unit_contact: unit_contact.filter(|p| !p.is_empty()),
        unit_leader: unit_leader.filter(|p| !p.is_empty()),
    })
}

/// Parse and check one row of a team file, recording its problems.
fn member_row<'m>(
    c: &mut Cells,
    row: &Row,
    known: &HashMap<String, KnownDivision>,
    existing: &HashMap<MemberKey, &'m TeamMember>,
) -> Option<MemberRow<'m>> {
    let (vc, nc, rc, uc, sc, ec) = (0, 1, 2, 3, 4, 5);
    let village = c
        .parse(row, vc, fields::code)
        .and_then(|v| match known.get(v.as_str()) {
            Some(d) if v.level() == Level::Village && !d.abolished => Some(v),
            _ => {
                c.problem(row, Some(vc), ProblemText::UnknownVillage(v.to_string()));
                None
            }
        });
    let name = c.text(row, nc, true);
    let role = c.parse(row, rc, fields::role);
    let unit = c.text(row, uc, true);
    let start = c.parse(row, sc, fields::date);
    let end = c.parse(row, ec, |s| {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            fields::date(s).map(Some)
        }
    });
    let extra = posting_extra(c, row);
    let (Some(village), Some(name), Some(role), Some(unit), Some(start), Some(end), Some(extra)) =
        (village, name, role, unit, start, end, extra)
    else {
        return None;
    };
    if let Some(e) = end
        && e < start
    {
        c.problem(
            row,
            Some(ec),
            ProblemText::EndBeforeStart {
                end: e.to_string(),
                start: start.to_string(),
            },
        );
        return None;
    }
    let old = existing
        .get(&(village.as_str(), name.as_str(), start))
        .copied();
    // Without an end-date column, a stored member keeps its end date.
    let end = match old {
        Some(old) if c.map.index[ec].is_none() => old.end,
        _ => end,
    };
    if extra.end_reason.is_some() && end.is_none() {
        c.problem(row, Some(6), ProblemText::EndReasonWithoutEnd);
        return None;
    }
    let new = NewMember {
        village,
        name,
        role,
        unit,
        start,
        end,
    };
    Some((row.line, new, old, extra))
}

/// Each parsed team row (not repeated) into the batch: added, updated or
/// unchanged, with its cadre columns where they change something.
fn sort_rows(
    parsed: Vec<MemberRow>,
    twice: &[bool],
    stored: &crate::store::PostingSnapshot,
    batch: &mut MemberBatch,
    counts: &mut Counts,
) {
    for ((_, new, old, extra), twice) in parsed.into_iter().zip(twice.iter().copied()) {
        if twice {
            continue;
        }
        // A changed unit or a new posting may name another cadre: its
        // extras always apply; otherwise only when they change something.
        let extra_changes = match old.and_then(|o| stored.get(&o.id)) {
            Some((reason, cadre, unit)) if old.is_some_and(|o| o.unit == new.unit) => {
                extra.changes(*reason, cadre, (unit.0.as_deref(), unit.1.as_deref()))
            }
            _ => !extra.is_empty(),
        };
        if extra_changes {
            batch
                .extras
                .push((new.village.clone(), new.name.clone(), new.start, extra));
        }
        match old {
            Some(old) if old.role == new.role && old.unit == new.unit && old.end == new.end => {
                if extra_changes {
                    counts.updated += 1;
                } else {
                    counts.unchanged += 1;
                }
            }
            Some(old) => {
                counts.updated += 1;
                batch.update.push((old.clone(), new));
            }
            None => {
                counts.added += 1;
                batch.add.push(new);
            }
        }
    }
}

pub(crate) fn teams(
    c: &mut Cells,
    rows: &[Row],
    known: &HashMap<String, KnownDivision>,
    members: &[TeamMember],
    stored: &crate::store::PostingSnapshot,
    tick: &dyn Fn(u64),
) -> (MemberBatch, Counts) {
    let (nc, rc) = (1, 2);
    let mut batch = MemberBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    let existing: HashMap<MemberKey, &TeamMember> = members
        .iter()
        .map(|m| ((m.village.as_str(), m.name.as_str(), m.start), m))
        .collect();
    // Each row on its own: (line, the member, the stored member it names).
    let mut parsed: Vec<MemberRow> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        if let Some(p) = member_row(c, row, known, &existing) {
            parsed.push(p);
        }
    }
    // The same member twice in the file: the later rows are problems.
    let mut seen: HashMap<MemberKey, usize> = HashMap::with_capacity(parsed.len());
    let mut twice = vec![false; parsed.len()];
    // First secretaries per village as the file leaves them.
    let mut leaders: HashMap<&str, Vec<Posting>> = HashMap::new();
    for (k, (line, m, _, _)) in parsed.iter().enumerate() {
        let key = (m.village.as_str(), m.name.as_str(), m.start);
        match seen.entry(key) {
            Entry::Occupied(first) => {
                twice[k] = true;
                c.problems.push(Problem {
                    file: c.file.to_string(),
                    line: *line,
                    column: Some(c.map.names[nc].clone()),
                    message: ProblemText::MemberTwice {
                        name: m.name.clone(),
                        start: m.start.to_string(),
                        village: m.village.to_string(),
                        first: *first.get(),
                    },
                });
                continue;
            }
            Entry::Vacant(v) => {
                v.insert(*line);
            }
        }
        if m.role == MemberRole::FirstSecretary {
            leaders.entry(m.village.as_str()).or_default().push((
                *line,
                m.name.clone(),
                m.start,
                m.end,
            ));
        }
    }
    // One first secretary in post at a time per village, counting those in
    // the database that the file does not mention.
    if !leaders.is_empty() {
        for m in members
            .iter()
            .filter(|m| m.role == MemberRole::FirstSecretary)
        {
            if let Some(list) = leaders.get_mut(m.village.as_str())
                && !seen.contains_key(&(m.village.as_str(), m.name.as_str(), m.start))
            {
                list.push((0, m.name.clone(), m.start, m.end));
            }
        }
        let found = overlapping_secretaries(&leaders);
        for (line, message) in found {
            c.problems.push(Problem {
                file: c.file.to_string(),
                line,
                column: Some(c.map.names[rc].clone()),
                message,
            });
        }
    }
    drop(seen);
    drop(leaders);
    sort_rows(parsed, &twice, stored, &mut batch, &mut counts);
    (batch, counts)
}

pub(crate) fn guidance(
    c: &mut Cells,
    rows: &[Row],
    known: &HashMap<String, KnownDivision>,
    existing: &[Guidance],
    max_task: u32,
    tick: &dyn Fn(u64),
) -> (GuidanceBatch, Counts) {
    let (pc, sc, tc, bc, kc) = (0, 1, 2, 3, 4);
    let mut batch = GuidanceBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    let by_key: HashMap<(String, String, String), &Guidance> = existing
        .iter()
        .map(|g| ((g.period.to_string(), g.scope.clone(), g.title.clone()), g))
        .collect();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        let period = c.parse(row, pc, fields::period).and_then(|p| {
            if p.kind() == crate::domain::PeriodKind::Year {
                c.problem(row, Some(pc), ProblemText::GuidanceYear(p.to_string()));
                return None;
            }
            Some(p)
        });
        let scope: Option<DivisionCode> = c.parse(row, sc, fields::code).and_then(|s| match known
            .get(s.as_str())
        {
            Some(d) if !d.abolished => Some(s),
            _ => {
                c.problem(row, Some(sc), ProblemText::UnknownScope(s.to_string()));
                None
            }
        });
        let title = c.text(row, tc, true);
        let body = c.text(row, bc, false);
        let tasks = c.parse(row, kc, |s| fields::tasks(s, max_task));
        let (Some(period), Some(scope), Some(title), Some(body), Some(tasks)) =
            (period, scope, title, body, tasks)
        else {
            continue;
        };
        let key = (period.to_string(), scope.to_string(), title.clone());
        if let Some(first) = seen.insert(key.clone(), row.line) {
            c.problem(
                row,
                Some(tc),
                ProblemText::TitleTwice {
                    title: title.clone(),
                    period: period.to_string(),
                    scope: scope.to_string(),
                    first,
                },
            );
            continue;
        }
        let input = GuidanceInput {
            period,
            scope,
            title,
            body,
            tasks,
        };
        match by_key.get(&key) {
            Some(old) if old.body == input.body && old.tasks == input.tasks => {
                counts.unchanged += 1
            }
            Some(old) => {
                counts.updated += 1;
                batch.update.push(((*old).clone(), input));
            }
            None => {
                counts.added += 1;
                batch.add.push(input);
            }
        }
    }
    (batch, counts)
}

/// `zhucun import cadres`: each row names a cadre by name and dispatching
/// unit and gives their record; it is applied through the cadre's latest
/// posting (the same path as the teams file's cadre columns), so only
/// cadres with a posting can be named and the posting's village decides
/// who may import it.
pub(crate) fn cadres(
    c: &mut Cells,
    rows: &[Row],
    members: &[TeamMember],
    stored: &crate::store::PostingSnapshot,
    tick: &dyn Fn(u64),
) -> (MemberBatch, Counts) {
    let mut batch = MemberBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    // The latest posting of each cadre (name, unit).
    let mut latest: HashMap<(&str, &str), &TeamMember> = HashMap::new();
    for m in members {
        let e = latest
            .entry((m.name.as_str(), m.unit.as_str()))
            .or_insert(m);
        if (m.start, m.id) > (e.start, e.id) {
            *e = m;
        }
    }
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        let name = c.text(row, 0, true);
        let unit = c.text(row, 1, true);
        let extra = cadre_extra(c, row);
        let (Some(name), Some(unit), Some(extra)) = (name, unit, extra) else {
            continue;
        };
        let Some(m) = latest.get(&(name.as_str(), unit.as_str())) else {
            c.problem(
                row,
                Some(0),
                ProblemText::UnknownCadre {
                    name: name.clone(),
                    unit: unit.clone(),
                },
            );
            continue;
        };
        if let Some(first) = seen.insert((name.clone(), unit.clone()), row.line) {
            c.problem(row, Some(0), ProblemText::CadreTwice { name, unit, first });
            continue;
        }
        let changes = stored
            .get(&m.id)
            .is_none_or(|(reason, cadre, (contact, leader))| {
                extra.changes(*reason, cadre, (contact.as_deref(), leader.as_deref()))
            });
        if !changes {
            counts.unchanged += 1;
            continue;
        }
        counts.updated += 1;
        let Ok(village) = DivisionCode::parse(&m.village) else {
            continue;
        };
        batch.extras.push((village, m.name.clone(), m.start, extra));
    }
    (batch, counts)
}

/// The record columns of a cadres row (problems recorded).
fn cadre_extra(c: &mut Cells, row: &Row) -> Option<PostingExtra> {
    let unit_level = c.parse(row, 2, fields::unit_level);
    let post = c.text(row, 3, true);
    let section_level = c.parse(row, 4, fields::yes_no);
    let selection = c.parse(row, 5, fields::selection);
    let tags = c.get(row, 6).map(fields::tags);
    let unit_contact = c.text(row, 7, true);
    let unit_leader = c.text(row, 8, true);
    Some(PostingExtra {
        end_reason: None,
        unit_level: unit_level?,
        post: post.filter(|p| !p.is_empty()),
        section_level: section_level?,
        tags: tags?,
        selection: selection?,
        unit_contact: unit_contact.filter(|p| !p.is_empty()),
        unit_leader: unit_leader.filter(|p| !p.is_empty()),
    })
}
