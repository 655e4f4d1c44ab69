//! zhucun (驻村): duty checklists, guidance and completion records for
//! village-resident work teams, over one shared SQLite file.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod i18n;
#[cfg(feature = "screenshots")]
pub mod screenshot;
pub mod store;
pub mod transfer;
pub mod tui;
pub mod ui;
