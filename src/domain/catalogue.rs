//! The duty catalogue (职责清单): categories and tasks, loaded from TOML data
//! under `db/catalogue/` and versioned.

use super::period::Cadence;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Category {
    pub id: u32,
    pub short: String,
    pub name: String,
    pub short_en: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Task {
    pub number: u32,
    pub category: u32,
    pub cadence: Cadence,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub description_en: String,
    pub evidence: String,
    pub evidence_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Catalogue {
    pub version: u32,
    pub name: String,
    pub name_en: String,
    pub effective: chrono::NaiveDate,
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    #[serde(rename = "task")]
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue {file}: {message}")]
    Parse { file: String, message: String },
    #[error("catalogue {file}: {message}")]
    Invalid { file: String, message: String },
}

/// The catalogue shipped with the program (version 1).
pub const BUILTIN_V1: &str = include_str!("../../db/catalogue/v1.toml");

impl Catalogue {
    // The embedded file is checked by the tests; a broken build must not start.
    #[allow(clippy::expect_used)]
    pub fn builtin() -> Catalogue {
        Catalogue::from_toml("db/catalogue/v1.toml", BUILTIN_V1)
            .expect("built-in catalogue is valid")
    }

    /// Parse and validate a catalogue: unique category ids, tasks numbered 1..n
    /// without gaps, every task in a known category, no empty titles.
    pub fn from_toml(file: &str, text: &str) -> Result<Catalogue, CatalogueError> {
        let cat: Catalogue = toml::from_str(text).map_err(|e| CatalogueError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let invalid = |message: String| CatalogueError::Invalid {
            file: file.to_string(),
            message,
        };
        if cat.version == 0 {
            return Err(invalid("version must be 1 or more".into()));
        }
        for (i, c) in cat.categories.iter().enumerate() {
            if cat.categories[..i].iter().any(|o| o.id == c.id) {
                return Err(invalid(format!("category id {} appears twice", c.id)));
            }
        }
        if cat.tasks.is_empty() {
            return Err(invalid("no tasks".into()));
        }
        for (i, t) in cat.tasks.iter().enumerate() {
            if t.number as usize != i + 1 {
                return Err(invalid(format!(
                    "task at position {} has number {}; tasks must be numbered 1, 2, 3 ... in order",
                    i + 1,
                    t.number
                )));
            }
            if !cat.categories.iter().any(|c| c.id == t.category) {
                return Err(invalid(format!(
                    "task {} is in unknown category {}",
                    t.number, t.category
                )));
            }
            if t.title.trim().is_empty() {
                return Err(invalid(format!("task {} has an empty title", t.number)));
            }
        }
        Ok(cat)
    }

    pub fn task(&self, number: u32) -> Option<&Task> {
        self.tasks.iter().find(|t| t.number == number)
    }

    pub fn category(&self, id: u32) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// How many tasks each village has due in one period of `kind`.
    pub fn tasks_per_period(&self, kind: super::period::PeriodKind) -> u32 {
        self.tasks
            .iter()
            .filter(|t| t.cadence.period_kind() == kind)
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;

    #[test]
    fn builtin_has_7_categories_and_25_tasks() {
        let c = Catalogue::builtin();
        assert_eq!(c.categories.len(), 7);
        assert_eq!(c.tasks.len(), 25);
        let per: Vec<usize> = (1..=7)
            .map(|id| c.tasks.iter().filter(|t| t.category == id).count())
            .collect();
        assert_eq!(per, vec![3, 5, 4, 4, 3, 3, 3]);
        assert_eq!(
            c.tasks_per_period(PeriodKind::Month)
                + c.tasks_per_period(PeriodKind::Quarter)
                + c.tasks_per_period(PeriodKind::Year),
            25
        );
        assert_eq!(c.task(23).unwrap().cadence, Cadence::Ongoing);
    }

    #[test]
    fn rejects_gaps_and_unknown_categories() {
        let bad = BUILTIN_V1.replacen("number = 2\n", "number = 3\n", 1);
        let e = Catalogue::from_toml("x.toml", &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("position 2 has number 3"), "{e}");
        let bad = BUILTIN_V1.replacen("category = 1\n", "category = 9\n", 1);
        let e = Catalogue::from_toml("x.toml", &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown category 9"), "{e}");
        assert!(Catalogue::from_toml("x.toml", "version = ").is_err());
    }
}
