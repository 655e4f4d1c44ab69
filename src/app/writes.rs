//! The writes the terminal UI hands to the event loop's writer thread (a
//! record, a grade, a grid's save), run on the writer's own connection so
//! a write waiting for someone else's lock never stops the screen, and
//! their results, which come back to [`super::App::written`]. Without a
//! writer (tests, the screenshots) the app runs them inline.

use super::assessment::{self, GradeJob, GradeOutcome};
use super::attendance::{self, GridJob, GridOutcome};
use super::popup::record::{self, WriteJob, WriteOutcome};
use crate::store::{Store, StoreError};

/// A write for the writer.
#[derive(Debug, Clone)]
pub enum Job {
    Record(WriteJob),
    Grade(GradeJob),
    Grid(Box<GridJob>),
}

/// A write done, with its result.
#[derive(Debug)]
pub enum Done {
    Record(WriteJob, WriteOutcome),
    Grade(GradeJob, GradeOutcome),
    Grid(Box<GridJob>, GridOutcome),
}

impl Job {
    /// Run the write on `store`.
    pub fn perform(self, store: &mut Store) -> Done {
        match self {
            Job::Record(j) => {
                let outcome = record::perform(store, &j);
                Done::Record(j, outcome)
            }
            Job::Grade(j) => {
                let outcome = assessment::perform(store, &j);
                Done::Grade(j, outcome)
            }
            Job::Grid(j) => {
                let outcome = attendance::perform(store, &j);
                Done::Grid(j, outcome)
            }
        }
    }

    /// The write could not run (the writer's connection, or the writer).
    pub fn failed(self, e: StoreError) -> Done {
        match self {
            Job::Record(j) => Done::Record(j, WriteOutcome::Failed(e)),
            Job::Grade(j) => Done::Grade(j, Err(e)),
            Job::Grid(j) => Done::Grid(j, Err(e)),
        }
    }
}
