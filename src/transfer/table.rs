//! A file as rows of text cells with their line numbers: a strict CSV
//! reader (RFC 4180, comma or tab) that reports what the `csv` crate lets
//! pass (an unterminated quote, text after a closing quote, a huge field),
//! and a sheet of an .xlsx workbook through calamine (the first whose
//! header fits the import).

use super::{Problem, ProblemText, halfwidth};
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
pub fn parse_csv<'a>(file: &str, text: &'a str, problems: &mut Vec<Problem>) -> Table<'a> {
    let mut r = Reader {
        file,
        text,
        delim: delimiter(text),
        i: 0,
        line: 1,
    };
    let mut records: Vec<Row> = Vec::new();
    let mut cells: Vec<Cow<'a, str>> = Vec::new();
    let mut start_line = 1;
    loop {
        // One field.
        let n = cells.len() + 1;
        let field_line = r.line;
        let field = if r.at(b'"') {
            let Some(quoted) = r.quoted(n, problems) else {
                return finish(records);
            };
            Cow::Owned(quoted)
        } else {
            r.plain()
        };
        cells.push(r.capped(field, field_line, n, problems));
        // What ends the field.
        if r.at(r.delim) {
            r.i += 1;
            continue;
        }
        r.end_record();
        let row = Row {
            line: start_line,
            cells: std::mem::take(&mut cells),
        };
        if !blank(&row.cells) {
            records.push(row);
        }
        r.line += 1;
        start_line = r.line;
        if r.i >= text.len() {
            return finish(records);
        }
    }
}

/// Where [`parse_csv`] is in the text: byte `i`, on `line` (1-based).
struct Reader<'f, 'a> {
    file: &'f str,
    text: &'a str,
    delim: u8,
    i: usize,
    line: usize,
}

impl<'a> Reader<'_, 'a> {
    fn problem(&self, line: usize, message: ProblemText) -> Problem {
        Problem {
            file: self.file.to_string(),
            line,
            column: None,
            message,
        }
    }

    /// Whether the byte at `i` is `c`.
    fn at(&self, c: u8) -> bool {
        self.text.as_bytes().get(self.i) == Some(&c)
    }

    /// Where the field from `i` ends: the next delimiter or line end, else
    /// the end of the text.
    fn field_end(&self) -> usize {
        let (b, i, delim) = (self.text.as_bytes(), self.i, self.delim);
        b[i..]
            .iter()
            .position(|c| *c == delim || *c == b'\r' || *c == b'\n')
            .map_or(b.len(), |o| i + o)
    }

    /// An unquoted field from `i`. Most fields are unquoted: borrowed, not
    /// copied.
    fn plain(&mut self) -> Cow<'a, str> {
        let end = self.field_end();
        let field = &self.text[self.i..end];
        self.i = end;
        Cow::Borrowed(field)
    }

    /// A quoted field (field `n` of its row) from the opening quote at `i`,
    /// without its quotes and with doubled quotes single; text after the
    /// closing quote is a problem and kept. None when the quote is never
    /// closed (the problem is pushed).
    fn quoted(&mut self, n: usize, problems: &mut Vec<Problem>) -> Option<String> {
        let (text, b) = (self.text, self.text.as_bytes());
        let field_line = self.line;
        let mut quoted = String::new();
        self.i += 1;
        loop {
            let Some(off) = b[self.i..].iter().position(|c| *c == b'"') else {
                problems.push(self.problem(field_line, ProblemText::QuoteNotClosed(n)));
                return None;
            };
            let chunk = &text[self.i..self.i + off];
            self.line += chunk.bytes().filter(|c| *c == b'\n').count();
            quoted.push_str(chunk);
            self.i += off + 1;
            if self.at(b'"') {
                quoted.push('"');
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i < b.len() && !self.at(self.delim) && !self.at(b'\r') && !self.at(b'\n') {
            problems.push(self.problem(self.line, ProblemText::TextAfterQuote(n)));
            let end = self.field_end();
            quoted.push_str(&text[self.i..end]);
            self.i = end;
        }
        Some(quoted)
    }

    /// `field` (field `n`, starting on `line`) cut to [`CELL_CAP`] bytes at
    /// a character boundary, with a problem, when it is longer.
    fn capped(
        &self,
        field: Cow<'a, str>,
        line: usize,
        n: usize,
        problems: &mut Vec<Problem>,
    ) -> Cow<'a, str> {
        if field.len() <= CELL_CAP {
            return field;
        }
        problems.push(self.problem(
            line,
            ProblemText::FieldTooBig {
                field: n,
                bytes: field.len(),
                kib: CELL_CAP / 1024,
            },
        ));
        let mut cut = CELL_CAP;
        while !field.is_char_boundary(cut) {
            cut -= 1;
        }
        Cow::Owned(field[..cut].to_string())
    }

    /// Step over the line end (`\r\n`, `\r` or `\n`) after a row's last
    /// field, if there is one.
    fn end_record(&mut self) {
        if self.at(b'\r') {
            self.i += 1;
        }
        if self.at(b'\n') {
            self.i += 1;
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
    let fail = |problems: &mut Vec<Problem>, message: ProblemText| {
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
            return fail(problems, ProblemText::BadWorkbook(e.to_string()));
        }
    };
    let names = book.sheet_names();
    if names.is_empty() {
        return fail(problems, ProblemText::NoWorksheet);
    }
    let mut first: Option<(Table<'static>, String)> = None;
    for (i, name) in names.iter().enumerate() {
        let range = match book.worksheet_range_at(i) {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                return fail(
                    problems,
                    ProblemText::SheetUnreadable {
                        sheet: name.to_string(),
                        error: e.to_string(),
                    },
                );
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
        assert!(p[0].message.to_string().contains("never closed"));
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
