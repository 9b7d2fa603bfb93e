//! A reference to a response unit (a fire station or a rescue team), as drills list their
//! participants and pre-positioning moves them.

use serde::{Deserialize, Serialize};

use super::feature::{FeatureId, Layer};
use super::labels::Labelled;

/// A station or team by layer and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnitRef {
    pub layer: Layer,
    pub id: FeatureId,
}

/// A reference that is not to a station or team.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("\"{0}\" is not a unit: write stations:ID or teams:ID (消防站:ID, 救援队伍:ID)")]
pub struct BadUnitRef(pub String);

impl UnitRef {
    pub fn station(id: FeatureId) -> Self {
        Self { layer: Layer::Stations, id }
    }

    pub fn team(id: FeatureId) -> Self {
        Self { layer: Layer::Teams, id }
    }

    /// Only stations and teams respond; other layers are refused.
    pub fn new(layer: Layer, id: FeatureId) -> Result<Self, BadUnitRef> {
        match layer {
            Layer::Stations | Layer::Teams => Ok(Self { layer, id }),
            _ => Err(BadUnitRef(format!("{}:{id}", layer.key()))),
        }
    }
}

impl std::fmt::Display for UnitRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.layer.key(), self.id)
    }
}

impl std::str::FromStr for UnitRef {
    type Err = BadUnitRef;
    /// `stations:3`, `teams:12`, `消防站:3`, `救援队伍:12` (also with `：`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadUnitRef(s.trim().to_string());
        let (layer, id) = s.trim().split_once([':', '：']).ok_or_else(bad)?;
        let layer = Layer::parse(layer).map_err(|_| bad())?;
        let id: FeatureId = id.trim().parse().map_err(|_| bad())?;
        UnitRef::new(layer, id).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_languages_and_refuses_other_layers() {
        assert_eq!("teams:12".parse(), Ok(UnitRef::team(12)));
        assert_eq!("消防站：3".parse(), Ok(UnitRef::station(3)));
        assert!("depots:1".parse::<UnitRef>().is_err());
        assert!("teams".parse::<UnitRef>().is_err());
        assert_eq!(UnitRef::team(4).to_string(), "teams:4");
    }
}
