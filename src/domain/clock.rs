//! The installation's clock: one time zone for every "today", period
//! boundary, due date and shown time, whatever `TZ` a user's shell has.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;

/// The zone of a new installation.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// An IANA zone name the installation may take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {name:?}: give an IANA name such as Asia/Shanghai or Asia/Urumqi")]
pub struct ZoneError {
    pub name: String,
}

pub fn parse_zone(name: &str) -> Result<Tz, ZoneError> {
    name.trim().parse::<Tz>().map_err(|_| ZoneError {
        name: name.to_string(),
    })
}

/// Today's date in `zone` at `now`.
pub fn today_at(zone: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone).date_naive()
}

/// Today's date in `zone`, from the system clock.
pub fn today_in(zone: Tz) -> NaiveDate {
    today_at(zone, Utc::now())
}

/// A stored timestamp: RFC 3339 with the zone's offset, so it is
/// unambiguous and sorts with the other rows of the same installation.
pub fn stamp_at(zone: Tz, now: DateTime<Utc>) -> String {
    now.with_timezone(&zone)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The stored timestamp of now.
pub fn now_stamp(zone: Tz) -> String {
    stamp_at(zone, Utc::now())
}

/// Whether a shown timestamp (`YYYY-MM-DD...`, already in the
/// installation's zone) falls on a day after `today`: a real time seen from
/// a pinned, earlier `--today`, which the screens mark as real.
pub fn after_day(shown: &str, today: NaiveDate) -> bool {
    shown
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|d| d > today)
}

/// A stored timestamp shown in `zone` (`YYYY-MM-DD HH:MM`); a text that is
/// no RFC 3339 timestamp is shown as stored.
pub fn show_stamp(zone: Tz, stored: &str) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
        Err(_) => stored.to_string(),
    }
}

/// A stored timestamp converted to `zone`, still in RFC 3339.
pub fn in_zone(zone: Tz, stored: &str) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => t
            .with_timezone(&zone)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        Err(_) => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_follows_the_zone_not_the_shell() {
        // 2026-12-01 19:46 UTC is 03:46 on 12-02 in Beijing.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 19, 46, 0).unwrap();
        assert_eq!(today_at(DEFAULT_ZONE, now).to_string(), "2026-12-02");
        assert_eq!(stamp_at(DEFAULT_ZONE, now), "2026-12-02T03:46:00+08:00");
        assert_eq!(
            show_stamp(DEFAULT_ZONE, "2026-12-01T19:46:00+00:00"),
            "2026-12-02 03:46"
        );
        assert!(parse_zone("Mars/Olympus").is_err());
        assert_eq!(parse_zone("Asia/Urumqi").unwrap(), chrono_tz::Asia::Urumqi);
    }
}
