//! Installation settings (table `setting`, migration 0004): the time zone
//! and the tracking start, changed by an administrator.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::users::Need;
use super::{Result, Store, StoreError};
use crate::domain::clock::{self, DEFAULT_ZONE};
use crate::domain::{Period, PeriodKind, RecordLimits};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// The settings of one installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub zone: Tz,
    pub tracking_start: NaiveDate,
}

/// A change to the settings (`None` keeps the value).
#[derive(Debug, Clone, Copy, Default)]
pub struct SettingsChange {
    pub zone: Option<Tz>,
    pub tracking_start: Option<NaiveDate>,
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    // A database older than schema 4 (read before it is migrated) has no table.
    let has: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'setting'",
        [],
        |r| r.get(0),
    )?;
    if !has {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The installation's zone as stored; the default where none is stored.
pub(crate) fn zone(conn: &Connection) -> Result<Tz> {
    match get(conn, "time_zone")? {
        Some(z) => clock::parse_zone(&z).map_err(|e| StoreError::Integrity(e.to_string())),
        None => Ok(DEFAULT_ZONE),
    }
}

pub(crate) fn load(conn: &Connection, today: NaiveDate) -> Result<Settings> {
    let tracking_start = match get(conn, "tracking_start")? {
        Some(s) => s.parse::<NaiveDate>().map_err(|_| {
            StoreError::Integrity(format!("setting tracking_start is no date: {s:?}"))
        })?,
        None => Period::containing(PeriodKind::Month, today).first_day(),
    };
    Ok(Settings {
        zone: zone(conn)?,
        tracking_start,
    })
}

pub(crate) fn put(tx: &Connection, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO setting(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

pub(crate) fn put_tracking_start(tx: &Connection, start: NaiveDate) -> Result<()> {
    put(tx, "tracking_start", &start.to_string())
}

/// Today in the zone of the database at `path`, for a session that has not
/// pinned `--today`: read before the store opens, since the store's today
/// is fixed when it opens. A missing or unreadable database (`init`) gets
/// the default zone.
pub fn clock_today(path: &Path) -> NaiveDate {
    clock::today_in(zone_of(path))
}

/// The zone of the database at `path` (default where it cannot be read).
pub fn zone_of(path: &Path) -> Tz {
    if !path.exists() {
        return DEFAULT_ZONE;
    }
    super::privilege::with_group_for(path, || {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Connection::open_with_flags(path, flags)
            .ok()
            .and_then(|c| zone(&c).ok())
            .unwrap_or(DEFAULT_ZONE)
    })
}

impl Store {
    pub fn settings(&self) -> Settings {
        self.settings
    }

    pub fn zone(&self) -> Tz {
        self.settings.zone
    }

    pub fn tracking_start(&self) -> NaiveDate {
        self.settings.tracking_start
    }

    /// Read the settings again (after a load wrote them).
    pub fn reload_settings(&mut self) -> Result<()> {
        self.settings = load(&self.conn, self.today)?;
        Ok(())
    }

    /// The rule a record's period and date are checked against.
    pub fn record_limits(&self) -> RecordLimits {
        RecordLimits {
            today: self.today,
            tracking_start: self.settings.tracking_start,
        }
    }

    /// A stored timestamp shown in the installation's zone.
    pub fn show_time(&self, stored: &str) -> String {
        clock::show_stamp(self.settings.zone, stored)
    }

    /// Change the settings (administrators only; audited, refusals too).
    pub fn set_settings(&mut self, change: SettingsChange) -> Result<Settings> {
        self.authorize(Need::Admin, None, "settings")?;
        let old = self.settings;
        let mut new = old;
        if let Some(z) = change.zone {
            new.zone = z;
        }
        if let Some(s) = change.tracking_start {
            new.tracking_start = s;
        }
        let account = self.actor.account.clone();
        let text = |s: &Settings| {
            format!(
                "time_zone={} tracking_start={}",
                s.zone.name(),
                s.tracking_start
            )
        };
        self.write(|tx, now| {
            put(tx, "time_zone", new.zone.name())?;
            put_tracking_start(tx, new.tracking_start)?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::Administer,
                    record: "settings",
                    old: Some(&text(&old)),
                    new: Some(&text(&new)),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })?;
        self.settings = new;
        Ok(new)
    }
}
