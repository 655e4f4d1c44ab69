//! Quarterly guidance points (季度指导要点) and monthly work prompts (月度工作提示).

use super::period::{Period, PeriodKind};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guidance {
    pub id: i64,
    /// A quarter for guidance points, a month for prompts.
    #[serde(serialize_with = "ser_period")]
    pub period: Period,
    /// The division the guidance applies to: the prefecture or one county.
    pub scope: String,
    pub title: String,
    pub body: String,
    /// Duty task numbers it concerns.
    pub tasks: Vec<u32>,
    pub issued_by: String,
    pub issued_at: String,
    pub version: i64,
}

fn ser_period<S: serde::Serializer>(p: &Period, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string())
}

impl Guidance {
    pub fn is_prompt(&self) -> bool {
        self.period.kind() == PeriodKind::Month
    }
}

/// A guidance text field left empty: the title and the body are both
/// required (`text`: the field's text as typed or imported; `single_line`
/// for the title). The one check the form, the store and the guidance
/// import use.
pub fn is_blank(text: &str, single_line: bool) -> bool {
    super::text::clean_text(text, single_line).trim().is_empty()
}

/// Encode task numbers for storage: `1,5,19`.
pub fn encode_tasks(tasks: &[u32]) -> String {
    tasks
        .iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn decode_tasks(s: &str) -> Vec<u32> {
    s.split(',').filter_map(|t| t.trim().parse().ok()).collect()
}
