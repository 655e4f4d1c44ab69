//! A file as rows of text cells with their line numbers: a strict CSV
//! reader (RFC 4180, comma or tab) that reports what the `csv` crate lets
//! pass (an unterminated quote, text after a closing quote, a huge field),
//! and a sheet of an .xlsx workbook through calamine (the first whose
//! header fits the import).

use super::{Problem, halfwidth};
use std::borrow::Cow;

/// No single cell may be longer than this (bytes); column limits are lower.
pub const CELL_CAP: usize = 64 * 1024;

/// A row of cells and the line (CSV) or row (sheet) it starts on, 1-based.
/// A CSV cell without quotes is borrowed from the file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row<'a> {
    pub line: usize,
    pub cells: Vec<Cow<'a, str>>,
}

/// The header and data rows of a file (blank rows dropped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table<'a> {
    pub header: Row<'a>,
    pub rows: Vec<Row<'a>>,
}

fn blank(cells: &[Cow<str>]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// Comma, unless the first line has more tabs than commas (Excel's
/// "Unicode text" is tab-separated UTF-16).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let tabs = first.matches('\t').count();
    if tabs > 0 && tabs > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Parse CSV text. Structural problems are pushed to `problems`; after an
/// unterminated quote nothing more is read (the rest of the file would be
/// one field).
#[allow(clippy::too_many_lines)] // TODO(arch-errors): split below 100 lines
pub fn parse_csv<'a>(file: &str, text: &'a str, problems: &mut Vec<Problem>) -> Table<'a> {
    let delim = delimiter(text);
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    let mut records: Vec<Row> = Vec::new();
    let mut cells: Vec<Cow<'a, str>> = Vec::new();
    let mut start_line = 1;
    let problem = |line: usize, message: String| Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    };
    loop {
        // One field.
        let mut field: Cow<'a, str>;
        let field_line = line;
        if i < b.len() && b[i] == b'"' {
            let mut quoted = String::new();
            i += 1;
            loop {
                let Some(off) = b[i..].iter().position(|c| *c == b'"') else {
                    problems.push(problem(
                        field_line,
                        format!(
                            "a quote opens field {} here and is never closed, so the rest of the file would be read as one field; add the closing \"",
                            cells.len() + 1
                        ),
                    ));
                    return finish(records);
                };
                let chunk = &text[i..i + off];
                line += chunk.bytes().filter(|c| *c == b'\n').count();
                quoted.push_str(chunk);
                i += off + 1;
                if i < b.len() && b[i] == b'"' {
                    quoted.push('"');
                    i += 1;
                } else {
                    break;
                }
            }
            if i < b.len() && b[i] != delim && b[i] != b'\r' && b[i] != b'\n' {
                problems.push(problem(
                    line,
                    format!(
                        "text after the closing quote of field {}; quote the whole field and double any \" inside it",
                        cells.len() + 1
                    ),
                ));
                let end = b[i..]
                    .iter()
                    .position(|c| *c == delim || *c == b'\r' || *c == b'\n')
                    .map_or(b.len(), |o| i + o);
                quoted.push_str(&text[i..end]);
                i = end;
            }
            field = Cow::Owned(quoted);
        } else {
            let end = b[i..]
                .iter()
                .position(|c| *c == delim || *c == b'\r' || *c == b'\n')
                .map_or(b.len(), |o| i + o);
            // Most fields are unquoted: borrowed, not copied.
            field = Cow::Borrowed(&text[i..end]);
            i = end;
        }
        if field.len() > CELL_CAP {
            problems.push(problem(
                field_line,
                format!(
                    "field {} is {} bytes long; no field may be over {} KiB (is a quote missing?)",
                    cells.len() + 1,
                    field.len(),
                    CELL_CAP / 1024
                ),
            ));
            let mut cut = CELL_CAP;
            while !field.is_char_boundary(cut) {
                cut -= 1;
            }
            field = Cow::Owned(field[..cut].to_string());
        }
        cells.push(field);
        // What ends the field.
        if i < b.len() && b[i] == delim {
            i += 1;
            continue;
        }
        if i < b.len() && b[i] == b'\r' {
            i += 1;
        }
        if i < b.len() && b[i] == b'\n' {
            i += 1;
        }
        let row = Row {
            line: start_line,
            cells: std::mem::take(&mut cells),
        };
        if !blank(&row.cells) {
            records.push(row);
        }
        line += 1;
        start_line = line;
        if i >= b.len() {
            return finish(records);
        }
    }
}

fn finish(mut records: Vec<Row<'_>>) -> Table<'_> {
    if records.is_empty() {
        return Table::default();
    }
    let header = records.remove(0);
    Table {
        header,
        rows: records,
    }
}

/// Days since 1899-12-30 (Excel's day 0, counting its phantom 1900-02-29).
pub fn excel_serial_to_date(serial: f64) -> Option<chrono::NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// Read a worksheet of an .xlsx file: the first whose header row `fits`
/// (has the columns the import needs), else the first sheet with anything
/// in it, whose header problems then say what is missing. Returns the
/// sheet's name too when the workbook has more than one sheet. Numbers that
/// are whole come back without ".0" (codes typed as numbers); cells
/// formatted as dates come back as `YYYY-MM-DD`. Every row has the sheet's
/// full width, so a row is never ragged.
pub fn parse_xlsx(
    file: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
    fits: &dyn Fn(&[Cow<str>]) -> bool,
) -> (Table<'static>, Option<String>) {
    use calamine::{Reader, Xlsx};
    let fail = |problems: &mut Vec<Problem>, message: String| {
        problems.push(Problem {
            file: file.to_string(),
            line: 0,
            column: None,
            message,
        });
        (Table::default(), None)
    };
    let mut book = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                problems,
                format!(
                    "not a readable .xlsx workbook ({e}); save it again from Excel as .xlsx or CSV"
                ),
            );
        }
    };
    let names = book.sheet_names();
    if names.is_empty() {
        return fail(problems, "the workbook has no worksheet".into());
    }
    let mut first: Option<(Table<'static>, String)> = None;
    for (i, name) in names.iter().enumerate() {
        let range = match book.worksheet_range_at(i) {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return fail(problems, format!("cannot read its sheet {name:?}: {e}"));
            }
            None => continue,
        };
        let table = sheet_table(&range);
        if table.header.cells.is_empty() {
            continue;
        }
        if fits(&table.header.cells) {
            return (table, (names.len() > 1).then(|| name.clone()));
        }
        if first.is_none() {
            first = Some((table, name.clone()));
        }
    }
    match first {
        Some((table, name)) => (table, (names.len() > 1).then_some(name)),
        None => (Table::default(), None),
    }
}

fn sheet_table(range: &calamine::Range<calamine::Data>) -> Table<'static> {
    use calamine::Data;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut records = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let mut cells: Vec<Cow<'static, str>> = vec![Cow::Borrowed(""); col0 as usize];
        for cell in row {
            cells.push(Cow::Owned(match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Int(i) => i.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => match excel_serial_to_date(d.as_f64()) {
                    Some(day) if !d.is_duration() => day.to_string(),
                    _ => d.as_f64().to_string(),
                },
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#{e:?}"),
            }));
        }
        if !blank(&cells) {
            records.push(Row {
                line: row0 as usize + r + 1,
                cells,
            });
        }
    }
    finish(records)
}

/// A header cell reduced for matching: full-width forms folded, spaces,
/// underscores and a bracketed note removed, lower case. `村(社区)代码`
/// and `Village code` both reduce to a known alias.
pub fn header_key(s: &str) -> String {
    let h = halfwidth(s.trim().trim_start_matches('\u{FEFF}'));
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth -= 1,
            _ if depth > 0 => {}
            ' ' | '_' | '-' | '*' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> (Table<'_>, Vec<Problem>) {
        let mut p = Vec::new();
        let t = parse_csv("t.csv", s, &mut p);
        (t, p)
    }

    #[test]
    fn quoted_and_crlf() {
        let (t, p) = parse("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\n\"multi\nline\",z\r\nlast,1");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(t.header.cells, vec!["a", "b"]);
        assert_eq!(t.rows[0].cells, vec!["x,1", "say \"hi\""]);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rows[1].cells, vec!["multi\nline", "z"]);
        assert_eq!(t.rows[2].line, 6);
    }

    #[test]
    fn unterminated_quote_is_reported() {
        let (t, p) = parse("a,b\n1,\"open\n2,3\n4,5\n");
        assert_eq!(t.rows.len(), 0);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 2);
        assert!(p[0].message.contains("never closed"));
    }

    #[test]
    fn tabs_and_headers() {
        let (t, _) = parse("村代码\t姓名\n1\t张伟\n");
        assert_eq!(t.rows[0].cells, vec!["1", "张伟"]);
        assert_eq!(header_key("村（社区）代码"), "村代码");
        assert_eq!(header_key(" Village_Code "), "villagecode");
    }

    #[test]
    fn serials() {
        assert_eq!(
            excel_serial_to_date(45809.0).unwrap().to_string(),
            "2025-06-01"
        );
    }
}
