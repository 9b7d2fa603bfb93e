//! Protection settings (`SettingKey::Protection`): how long units take to turn out and the
//! straight-line travel estimate used until roads are loaded.
//!
//! The struct is `#[serde(default)]` so the coverage analysis can add its own fields (speeds,
//! jurisdiction limits) without breaking files that hold only these.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::travel::StraightLine;
use crate::model::{Labelled, Station, StationClass, Team, TeamKind};

/// Turnout time (出动时间) of an urban fire station: 建标152-2017 城市消防站建设标准 sets the
/// 5-minute rule (reach the edge of the district within 5 min of the dispatch order); its
/// explanatory notes split it into 1 min to turn out and 4 min to drive.
pub const URBAN_TURNOUT_S: u32 = 60;

/// Turnout defaults by class and kind, used when a unit has no turnout time of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TurnoutDefaults {
    /// Seconds from the dispatch order to rolling out, per station class.
    pub station_s: BTreeMap<StationClass, u32>,
    /// Seconds from the call to the team leaving its base, per team kind.
    pub team_s: BTreeMap<TeamKind, u32>,
    /// Seconds to load supplies at a depot before they leave (0: not modelled).
    pub depot_s: u32,
}

impl Default for TurnoutDefaults {
    /// Stations: the urban 1 min of 建标152-2017 for every class (township and enterprise
    /// full-time teams have no national figure; the urban one is assumed). Teams: fire and rescue
    /// and township full-time teams as stations; the others are OneMap's assumptions (on-duty
    /// professional and enterprise teams 5 min, volunteer social teams 30 min to assemble), to
    /// be set by each city in the settings.
    fn default() -> Self {
        let station_s = StationClass::ALL.iter().map(|&c| (c, URBAN_TURNOUT_S)).collect();
        let team_s = TeamKind::ALL
            .iter()
            .map(|&k| {
                let s = match k {
                    TeamKind::Comprehensive | TeamKind::Township => URBAN_TURNOUT_S,
                    TeamKind::Professional | TeamKind::Enterprise => 300,
                    TeamKind::Social => 1800,
                };
                (k, s)
            })
            .collect();
        Self { station_s, team_s, depot_s: 0 }
    }
}

impl TurnoutDefaults {
    /// The station's own turnout time, else its class default, else the urban minute.
    pub fn station(&self, s: &Station) -> u32 {
        s.turnout_s.or_else(|| self.station_s.get(&s.class).copied()).unwrap_or(URBAN_TURNOUT_S)
    }

    /// The team kind's default (teams have no turnout field of their own yet).
    pub fn team(&self, t: &Team) -> u32 {
        self.team_s.get(&t.kind).copied().unwrap_or(URBAN_TURNOUT_S)
    }
}

/// Everything stored under `SettingKey::Protection` that dispatch reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProtectionSettings {
    pub turnout: TurnoutDefaults,
    /// The travel estimate used while no road network is loaded.
    pub straight_line: StraightLine,
    /// Response time, jurisdiction limits and the township rule of the coverage analysis.
    pub coverage: super::coverage::CoverageStandard,
}

impl ProtectionSettings {
    /// Why these settings cannot be used, if they cannot.
    pub fn problem(&self) -> Option<String> {
        let sl = &self.straight_line;
        if !(sl.speed_kmh.is_finite() && sl.speed_kmh > 0.0) {
            return Some(format!("straight_line.speed_kmh is {}; it must be above 0", sl.speed_kmh));
        }
        if !(sl.circuity.is_finite() && sl.circuity >= 1.0) {
            return Some(format!("straight_line.circuity is {}; it must be at least 1", sl.circuity));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_json_with_chinese_or_english_keys() {
        let d = ProtectionSettings::default();
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"level1\":60"), "{json}");
        let back: ProtectionSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        // A hand-edited value in Chinese, other fields left to their defaults.
        let edited: ProtectionSettings = serde_json::from_str(r#"{"turnout":{"station_s":{"一级站":90}}}"#).unwrap();
        assert_eq!(edited.turnout.station_s.get(&StationClass::Level1), Some(&90));
        assert_eq!(edited.straight_line, StraightLine::default());
    }

    #[test]
    fn bad_speed_is_reported() {
        let mut p = ProtectionSettings::default();
        p.straight_line.speed_kmh = 0.0;
        assert!(p.problem().unwrap().contains("speed_kmh"));
    }
}
