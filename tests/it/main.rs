//! The integration tests, in one test binary (one link instead of one per
//! file). Each file under `tests/it/` is a module below; the helpers are the
//! `common`, `import_common`, `concurrency_common`, `server_common` and
//! `ui_support` modules, compiled once for all of them.
//!
//! Run one file's tests with `cargo test --test it e2e::` (the module name is
//! a filter on the test names).

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

// Helpers.
mod common;
mod concurrency_common;
mod import_common;
mod server_common;
mod ui_support;

mod allowance;

// Tests, one module per file.
mod app_drafts;
mod app_followup;
mod app_hints;
mod app_units;
mod app_writes;
mod assess_cli;
mod assess_import;
mod assess_store;
mod assess_ui;
mod attendance_cli;
mod attendance_e2e;
mod attendance_grid;
mod attendance_import;
mod attendance_screen;
mod batch_import;
mod cadres_import;
mod cadres_report;
mod cadres_store;
mod cli_bad_input;
mod cli_record_report;
mod concurrency_conflict;
mod concurrency_contention;
mod concurrency_kill;
mod concurrency_live;
mod config_file;
mod demo;
mod details_views;
mod e2e;
mod export_roundtrip;
mod face_checklist;
mod figures_agree;
mod import_behaviour;
mod import_demo;
mod import_divisions;
mod import_files;
mod import_write;
mod leave_cli;
mod leave_form;
mod leave_screen;
mod leave_store;
mod package_doctor;
mod package_shell;
mod package_users;
mod popups_e2e;
mod popups_typed;
mod probe;
mod pty_harness;
mod recall_cli;
mod recall_forms;
mod recall_screen;
mod recall_store;
mod received_copy;
mod report_cli;
mod sec_audit;
mod sec_deploy;
mod sec_import;
mod sec_scope;
mod server_audit;
mod server_backup;
mod server_deploy;
mod server_env;
mod server_sanitize;
mod server_scope;
mod server_ui;
mod server_ui_scope;
mod server_users;
mod small_faults;
mod store_migrations;
mod store_records;
mod training_cli;
mod training_forms;
mod training_store;
mod training_ui;
mod tui_locks;
mod tuix_console;
mod tuix_mouse;
mod tuix_pinyin;
mod tz_periods;
mod ui_cli;
mod ui_tests;
mod unit_forms;
mod units_import;
mod units_lists;
mod units_store;
#[cfg(feature = "upward")]
mod upward_channel;
mod upward_figures;
#[cfg(feature = "upward")]
mod upward_province;
#[cfg(feature = "upward")]
mod upward_push_pull;
mod writer_guard;
mod zhcli_lang;
