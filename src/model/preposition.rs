//! Pre-positioning (前置预置): a station's crew or a rescue team placed somewhere else for a
//! time window (holidays, key periods, key road sections), and where a unit effectively is at
//! a given instant.
//!
//! A window is half-open, `[starts_at, ends_at)`: at `starts_at` the unit is at its temporary
//! position, at `ends_at` it is back home, so back-to-back windows never overlap.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::coords::LonLat;
use super::feature::FeatureId;
use super::unit::UnitRef;
use crate::labelled_enum;

labelled_enum! {
    /// Why a unit is pre-positioned.
    pub enum PrepositionReason: "pre-positioning reason" {
        Holiday = ("节假日", "holiday", "Holiday", ["节日", "假日", "节假日期间"]),
        KeyPeriod = ("重点时段", "key_period", "Key period", ["重要时段", "重大活动", "重要节点"]),
        KeyRoad = ("重点路段", "key_road", "Key road section", ["重要路段", "高速公路"]),
        Weather = ("灾害天气", "weather", "Severe weather", ["恶劣天气", "汛期", "防汛"]),
        Other = ("其他", "other", "Other"),
    }
}

/// A unit at a temporary position for a time window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preposition {
    pub id: FeatureId,
    pub unit: UnitRef,
    pub location: LonLat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: PrepositionReason,
    /// What and where: "国庆节 京港澳高速安阳北收费站".
    pub title: String,
    pub illustrative: bool,
    pub note: String,
}

impl Preposition {
    /// True from `starts_at` (included) to `ends_at` (excluded).
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }

    /// True when the two windows share an instant.
    pub fn overlaps(&self, other: &Preposition) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    /// What is wrong with it, if anything.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if let Some(p) = self.location.problem() {
            return Some(("location", p));
        }
        if self.ends_at <= self.starts_at {
            return Some(("ends_at", format!("{} is not after the start {}", self.ends_at, self.starts_at)));
        }
        None
    }
}

/// Where a unit is at an instant, and why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effective {
    pub location: LonLat,
    /// The pre-positioning in force, when the unit is away from home.
    pub preposition: Option<FeatureId>,
}

/// A unit's position at `at`: the temporary position of its pre-positioning active then, else
/// `home`. Windows of one unit never overlap (the store refuses it); if a file holds
/// overlapping ones anyway, the one that started last wins.
pub fn effective_position(unit: UnitRef, home: LonLat, prepositions: &[Preposition], at: DateTime<Utc>) -> Effective {
    prepositions.iter().filter(|p| p.unit == unit && p.is_active(at)).max_by_key(|p| (p.starts_at, p.id)).map_or(
        Effective { location: home, preposition: None },
        |p| Effective { location: p.location, preposition: Some(p.id) },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn holiday() -> Preposition {
        Preposition {
            id: 7,
            unit: UnitRef::team(3),
            location: LonLat::new(114.40, 36.20),
            starts_at: utc("2024-09-30T16:00:00Z"),
            ends_at: utc("2024-10-07T16:00:00Z"),
            reason: PrepositionReason::Holiday,
            title: "国庆节 京港澳高速".into(),
            illustrative: true,
            note: String::new(),
        }
    }

    #[test]
    fn effective_only_inside_the_half_open_window() {
        let home = LonLat::new(114.30, 36.10);
        let pre = [holiday()];
        let at = |s: &str| effective_position(UnitRef::team(3), home, &pre, utc(s));
        assert_eq!(at("2024-09-30T15:59:59Z").location, home);
        assert_eq!(at("2024-09-30T16:00:00Z").preposition, Some(7), "start is inside");
        assert_eq!(at("2024-10-07T15:59:59Z").location, pre[0].location);
        assert_eq!(at("2024-10-07T16:00:00Z").location, home, "end is outside");
        assert_eq!(effective_position(UnitRef::team(4), home, &pre, utc("2024-10-03T00:00:00Z")).location, home);
        assert_eq!(effective_position(UnitRef::station(3), home, &pre, utc("2024-10-03T00:00:00Z")).location, home);
    }

    #[test]
    fn back_to_back_windows_do_not_overlap() {
        let a = holiday();
        let mut b = holiday();
        b.starts_at = a.ends_at;
        b.ends_at = utc("2024-10-10T00:00:00Z");
        assert!(!a.overlaps(&b));
        b.starts_at = utc("2024-10-07T15:00:00Z");
        assert!(a.overlaps(&b));
        let mut bad = holiday();
        bad.ends_at = bad.starts_at;
        assert_eq!(bad.problem().unwrap().0, "ends_at");
    }
}
