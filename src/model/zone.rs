//! The project's civil time zone: what "today" is for deadlines, and how a time a user types
//! ("2024-10-01 08:00") becomes an instant.
//!
//! Instants are stored in UTC; dates on ledgers (检查日期, 整改时限) are civil dates with no
//! zone. Turning an instant into a civil date needs the zone, so every "is it overdue" and
//! "is it active" question takes the instant *and* the zone explicitly.
//!
//! Zones are fixed UTC offsets. The named zones OneMap knows are those of China and its
//! neighbours that have had no daylight saving time since 1992 (the PRC last observed DST in
//! 1991; tz database `asia` file, rule `Shang`), so a fixed offset gives the right civil date
//! for every date a ledger can hold. Any other zone can be given as an offset (`UTC+05:30`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The zone used when a project sets none: 北京时间.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// Named zones with no DST since 1992, and their offsets from UTC in hours.
const NAMED: &[(&str, i32)] = &[
    ("Asia/Shanghai", 8),
    ("Asia/Chongqing", 8),
    ("Asia/Harbin", 8),
    ("PRC", 8),
    ("Asia/Hong_Kong", 8),
    ("Asia/Macau", 8),
    ("Asia/Taipei", 8),
    ("Asia/Urumqi", 6),
    ("Asia/Kashgar", 6),
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
];

/// A zone name OneMap cannot use.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error(
    "unknown time zone \"{0}\": use Asia/Shanghai, Asia/Urumqi, Asia/Hong_Kong, Asia/Taipei, UTC, or an offset such \
     as UTC+08:00 or -05:00"
)]
pub struct UnknownZone(pub String);

/// A project's time zone: its name as configured and the fixed offset it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    offset: FixedOffset,
}

impl Default for Zone {
    fn default() -> Self {
        Self { name: DEFAULT_ZONE.to_string(), offset: hours(8) }
    }
}

#[allow(clippy::unwrap_used)] // |h| ≤ 14 in every caller, always a valid offset
fn hours(h: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600).unwrap()
}

impl Zone {
    /// Parses a known zone name (case-insensitive) or an offset: `+08:00`, `UTC+8`, `UTC-05:30`.
    pub fn parse(text: &str) -> Result<Zone, UnknownZone> {
        let t = text.trim();
        if let Some((name, h)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(t)) {
            return Ok(Zone { name: (*name).to_string(), offset: hours(*h) });
        }
        let unknown = || UnknownZone(t.to_string());
        let rest =
            t.strip_prefix("UTC").or_else(|| t.strip_prefix("utc")).or_else(|| t.strip_prefix("GMT")).unwrap_or(t);
        let (sign, rest) = match rest.chars().next() {
            Some('+') => (1, &rest[1..]),
            Some('-') => (-1, &rest[1..]),
            _ => return Err(unknown()),
        };
        let (h, m) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None if rest.len() == 4 => rest.split_at(2),
            None => (rest, "0"),
        };
        let h: i32 = h.parse().map_err(|_| unknown())?;
        let m: i32 = m.parse().map_err(|_| unknown())?;
        if !(0..=14).contains(&h) || !(0..60).contains(&m) {
            return Err(unknown());
        }
        let offset = FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(unknown)?;
        Ok(Zone { name: format_offset(offset), offset })
    }

    /// The name as configured ("Asia/Shanghai") or the offset ("UTC+05:30").
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    /// The civil date in this zone at an instant.
    pub fn date_at(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }

    /// The civil date and time in this zone at an instant.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.offset).naive_local()
    }

    /// The instant a civil time in this zone stands for (unambiguous: the offset is fixed).
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        (local - chrono::TimeDelta::seconds(i64::from(self.offset.local_minus_utc()))).and_utc()
    }

    /// The instant a civil day starts (00:00) in this zone.
    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date.and_time(chrono::NaiveTime::MIN))
    }

    /// Reads an instant a user typed: RFC 3339 with its own offset (`2024-10-01T08:00:00+08:00`),
    /// or a civil time in this zone (`2024-10-01 08:00`, `2024-10-01T08:00:00`), or a date
    /// (`2024-10-01`, meaning 00:00 that day).
    pub fn parse_instant(&self, text: &str) -> Option<DateTime<Utc>> {
        let t = text.trim();
        if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
            return Some(dt.with_timezone(&Utc));
        }
        for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M"] {
            if let Ok(local) = NaiveDateTime::parse_from_str(t, f) {
                return Some(self.instant(local));
            }
        }
        for f in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(t, f) {
                return Some(self.start_of(d));
            }
        }
        None
    }

    /// An instant as civil time in this zone, for tables and sheets: "2024-10-01 08:00".
    pub fn format(&self, at: DateTime<Utc>) -> String {
        self.local(at).format("%Y-%m-%d %H:%M").to_string()
    }
}

fn format_offset(o: FixedOffset) -> String {
    let s = o.local_minus_utc();
    let sign = if s < 0 { '-' } else { '+' };
    let a = s.abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
}

/// The project's time zone setting (`SettingKey::TimeZone`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZoneSetting {
    /// A zone name or offset accepted by [`Zone::parse`].
    pub zone: String,
}

impl Default for ZoneSetting {
    fn default() -> Self {
        Self { zone: DEFAULT_ZONE.to_string() }
    }
}

impl ZoneSetting {
    pub fn zone(&self) -> Result<Zone, UnknownZone> {
        Zone::parse(&self.zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn names_and_offsets_parse() {
        assert_eq!(Zone::parse("asia/shanghai").unwrap().offset().local_minus_utc(), 8 * 3600);
        assert_eq!(Zone::parse("Asia/Urumqi").unwrap().offset().local_minus_utc(), 6 * 3600);
        assert_eq!(Zone::parse("UTC").unwrap().offset().local_minus_utc(), 0);
        assert_eq!(Zone::parse("UTC+05:30").unwrap().offset().local_minus_utc(), 5 * 3600 + 1800);
        assert_eq!(Zone::parse("-05:00").unwrap().offset().local_minus_utc(), -5 * 3600);
        assert_eq!(Zone::parse("+0800").unwrap().name(), "UTC+08:00");
        assert!(Zone::parse("Europe/Berlin").is_err());
        assert!(Zone::parse("UTC+15").is_err());
    }

    #[test]
    fn the_civil_date_depends_on_the_zone() {
        let at = utc("2024-06-30T16:30:00Z");
        assert_eq!(Zone::parse("Asia/Shanghai").unwrap().date_at(at), NaiveDate::from_ymd_opt(2024, 7, 1).unwrap());
        assert_eq!(Zone::parse("UTC").unwrap().date_at(at), NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        assert_eq!(Zone::parse("-05:00").unwrap().date_at(at), NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
    }

    #[test]
    fn typed_times_are_read_in_the_zone() {
        let sh = Zone::default();
        assert_eq!(sh.parse_instant("2024-10-01 08:00"), Some(utc("2024-10-01T00:00:00Z")));
        assert_eq!(sh.parse_instant("2024-10-01"), Some(utc("2024-09-30T16:00:00Z")));
        assert_eq!(sh.parse_instant("2024-10-01T08:00:00+00:00"), Some(utc("2024-10-01T08:00:00Z")));
        assert_eq!(sh.format(utc("2024-10-01T00:00:00Z")), "2024-10-01 08:00");
        assert_eq!(sh.parse_instant("十月一日"), None);
    }
}
