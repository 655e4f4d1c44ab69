//! Data in and out: imports from the field (CSV and .xlsx in the encodings
//! Excel on Chinese Windows writes) and exports for upward reporting.
//!
//! A layer above `store` and below `cli` and `app`: it parses and checks
//! files, then hands whole, validated batches to the store, which checks
//! permissions and writes them in one transaction.

pub mod allowance;
pub mod assessment;
pub mod assessment_import;
pub mod attendance;
pub mod attendance_sheet;
pub mod decode;
pub mod export;
pub mod fields;
pub mod gaps;
mod gate;
pub mod import;
pub mod lists;
pub mod output;
mod plan;
mod plan_users;
pub mod recall;
pub mod table;
pub mod training;
mod xlsx;

pub use decode::Encoding;
pub use export::{ExportFormat, ExportSummary, export};
pub use import::{ImportKind, ImportOptions, ImportOutcome, Prepared, import, prepare};

/// Most problems listed one by one; the rest are counted.
pub const MAX_PROBLEMS: usize = 50;

/// One thing wrong with an input file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file name as the user gave it.
    pub file: String,
    /// 1-based line (CSV) or row (spreadsheet); 0: the file as a whole.
    pub line: usize,
    /// The column as written in the file's header, if the problem is in one.
    pub column: Option<String>,
    pub message: ProblemText,
}

/// What is wrong, as a kind plus its values; `crate::i18n::errors` renders
/// it in each language (`Display`: English). `Text` is kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemText {
    Text(String),
    /// A row of an assessment sheet (transfer::assessment_import).
    Assess(assessment_import::AssessProblem),
    Field(fields::FieldError),
    Empty,
    TooLong {
        n: usize,
        max: usize,
    },
    /// `expected`: each column's Chinese header and whether it is required.
    UnknownColumn {
        name: String,
        expected: Vec<(&'static str, bool)>,
    },
    NoColumn {
        zh: &'static str,
        key: &'static str,
        expected: Vec<(&'static str, bool)>,
    },
    ColumnTwice {
        zh: &'static str,
        first: String,
        second: String,
    },
    EmptyFile {
        expected: Vec<(&'static str, bool)>,
    },
    NoRows,
    /// An end reason (结束原因) without an end date.
    EndReasonWithoutEnd,
    FieldCount {
        n: usize,
        width: usize,
    },
    IsVillageCode(String),
    CodeTwice {
        code: String,
        first: usize,
    },
    ParentMissing {
        parent: String,
        code: String,
    },
    Abolished(String),
    VillageCodeTwice {
        code: String,
        first: usize,
    },
    AbolishedVillage(String),
    NotTownshipCode(String),
    UnknownTownship(String),
    NotVillageCode(String),
    OutsideTownship {
        village: String,
        township: String,
    },
    UnknownVillage(String),
    EndBeforeStart {
        end: String,
        start: String,
    },
    QuoteNotClosed(usize),
    TextAfterQuote(usize),
    FieldTooBig {
        field: usize,
        bytes: usize,
        kib: usize,
    },
    NoWorksheet,
    SheetUnreadable {
        sheet: String,
        error: String,
    },
    Utf16NoBom,
    NotUtf8OrGbk,
    NotValidIn(String),
    OddBytes(String),
    BadWorkbook(String),
    TooManyBytes {
        len: u64,
        max: u64,
        rows: usize,
    },
    TooManyRows {
        rows: usize,
        max: usize,
    },
    NameTwice {
        name: String,
        township: String,
        first: usize,
        other: String,
    },
    NotAVillage(String),
    NameTaken {
        township: String,
        name: String,
        other: String,
    },
    MemberTwice {
        name: String,
        start: String,
        village: String,
        first: usize,
    },
    /// A cadres file names a cadre (name, unit) with no posting.
    UnknownCadre {
        name: String,
        unit: String,
    },
    /// A cadres file names one cadre twice.
    CadreTwice {
        name: String,
        unit: String,
        first: usize,
    },
    /// `other_line` 0: the other posting is in the database.
    TwoSecretaries {
        village: String,
        name: String,
        start: String,
        other: String,
        other_start: String,
        other_line: usize,
    },
    GuidanceYear(String),
    UnknownScope(String),
    TitleTwice {
        title: String,
        period: String,
        scope: String,
        first: usize,
    },
    /// Refused by the store (an import the account may not make).
    Refused(crate::store::Detail),
    /// A problem of an attendance sheet (words in `crate::i18n::leave`).
    Attendance(attendance::AttendanceProblem),
    /// A training sign-in sheet's row (words in i18n::training).
    Training(training::SheetProblem),
    /// A row of a responsibility lists sheet (words in i18n::units).
    Lists(lists::ListProblem),
}

impl From<String> for ProblemText {
    fn from(s: String) -> ProblemText {
        ProblemText::Text(s)
    }
}

impl From<&str> for ProblemText {
    fn from(s: &str) -> ProblemText {
        ProblemText::Text(s.to_string())
    }
}

impl std::fmt::Display for ProblemText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line(crate::i18n::Lang::En))
    }
}

/// Every problem found in a file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The lines to show in English: up to [`MAX_PROBLEMS`], then "and N
    /// more" ([`Problems::lines_in`] for any language).
    pub fn lines(&self) -> Vec<String> {
        self.lines_in(crate::i18n::Lang::En)
    }
}

/// Errors of the transfer layer.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The file has problems; nothing was written.
    #[error("{} {} in {file}; nothing was written. Fix them and run the import again", .problems.len(), if .problems.len() == 1 { "problem" } else { "problems" })]
    Invalid { file: String, problems: Problems },
    #[error(
        "{0} already exists; zhucun will not overwrite it (choose another file name, or add --force to replace it)"
    )]
    Exists(String),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Map full-width ASCII forms (０-９, Ａ-Ｚ, －, ／, ．, ：) and the ideographic
/// space to their ASCII counterparts, for codes, dates and numbers typed with
/// a Chinese input method. Text without such forms (nearly every cell) is
/// borrowed, not copied.
pub fn halfwidth(s: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c as u32, 0xFF01..=0xFF5E | 0x3000);
    if !s.chars().any(wide) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x3000 => ' ',
                _ => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_digits() {
        assert_eq!(halfwidth("５２２７０１－０６"), "522701-06");
        assert_eq!(halfwidth("２０２５年６月"), "2025年6月");
    }

    #[test]
    fn clean_text_is_sanitize() {
        use crate::domain::text::clean_text;
        use crate::domain::text::sanitize;
        for s in [
            "张伟",
            "e\u{301}村",
            "a\tb",
            "a\r\nb",
            "x\u{202e}y",
            "\u{1b}[2J",
            "Ｅ村",
            "",
            " 都匀市第3中学 ",
            "Zhang Wei~",
            "\u{7f}",
            "\u{4e00}\u{9fff}\u{3400}\u{f900}",
        ] {
            for single in [true, false] {
                assert_eq!(clean_text(s, single), sanitize(s, single), "{s:?}");
            }
        }
    }

    #[test]
    fn problems_are_capped() {
        let p = Problems(
            (1..=60)
                .map(|i| Problem {
                    file: "a.csv".into(),
                    line: i,
                    column: Some("姓名".into()),
                    message: "empty".into(),
                })
                .collect(),
        );
        let lines = p.lines();
        assert_eq!(lines.len(), 51);
        assert_eq!(lines[0], "a.csv:1: column 姓名: empty");
        assert_eq!(lines[50], "... and 10 more problems");
    }
}
