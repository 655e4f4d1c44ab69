//! Data in and out: imports from the field (CSV and .xlsx in the encodings
//! Excel on Chinese Windows writes) and exports for upward reporting.
//!
//! A layer above `store` and below `cli` and `app`: it parses and checks
//! files, then hands whole, validated batches to the store, which checks
//! permissions and writes them in one transaction.

pub mod decode;
pub mod export;
pub mod fields;
pub mod gaps;
mod gate;
pub mod import;
pub mod output;
mod plan;
mod plan_users;
pub mod table;
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
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (l, None) => write!(f, "{}:{l}: {}", self.file, self.message),
            (l, Some(c)) => write!(f, "{}:{l}: column {c}: {}", self.file, self.message),
        }
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

    /// The lines to show: up to [`MAX_PROBLEMS`], then "and N more".
    pub fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .0
            .iter()
            .take(MAX_PROBLEMS)
            .map(|p| p.to_string())
            .collect();
        if self.0.len() > MAX_PROBLEMS {
            v.push(format!(
                "... and {} more problems",
                self.0.len() - MAX_PROBLEMS
            ));
        }
        v
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
