//! Which features the map shows: the user's filter (district, class, status, kind, capability,
//! risk level) and the per-feature mask it yields for a snapshot.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{RiskLevel, StationClass, StationStatus, TeamKind};
use crate::snapshot::Snapshot;

/// A filter over the point layers. Empty sets mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// District/county codes to keep (410502 …); empty keeps every district.
    pub districts: BTreeSet<String>,
    pub hidden_station_classes: BTreeSet<StationClass>,
    pub hidden_station_statuses: BTreeSet<StationStatus>,
    pub hidden_team_kinds: BTreeSet<TeamKind>,
    /// Keep only teams listing this capability (危化, 水域 …).
    pub team_capability: Option<String>,
    pub hidden_risk_levels: BTreeSet<RiskLevel>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    fn district_ok(&self, code: Option<&str>) -> bool {
        self.districts.is_empty() || code.is_some_and(|c| self.districts.contains(c))
    }
}

/// Per-feature visibility for one snapshot and filter, indexed like the snapshot's vectors.
#[derive(Debug, Clone, Default)]
pub struct FilterMask {
    pub stations: Vec<bool>,
    pub teams: Vec<bool>,
    pub depots: Vec<bool>,
    pub enterprises: Vec<bool>,
    /// Changes whenever the mask does, so caches keyed on it stay honest.
    pub version: u64,
}

impl FilterMask {
    pub fn build(snapshot: &Snapshot, filter: &Filter, version: u64) -> Self {
        let f = filter;
        Self {
            stations: snapshot
                .stations
                .iter()
                .map(|s| {
                    f.district_ok(s.district.as_deref())
                        && !f.hidden_station_classes.contains(&s.class)
                        && !f.hidden_station_statuses.contains(&s.status)
                })
                .collect(),
            teams: snapshot
                .teams
                .iter()
                .map(|t| {
                    f.district_ok(t.district.as_deref())
                        && !f.hidden_team_kinds.contains(&t.kind)
                        && f.team_capability.as_deref().is_none_or(|c| c.trim().is_empty() || t.has_capability(c))
                })
                .collect(),
            depots: snapshot.depots.iter().map(|d| f.district_ok(d.district.as_deref())).collect(),
            enterprises: snapshot
                .enterprises
                .iter()
                .map(|e| f.district_ok(e.district.as_deref()) && !f.hidden_risk_levels.contains(&e.risk))
                .collect(),
            version,
        }
    }

    /// Everything visible (no filter).
    pub fn all(snapshot: &Snapshot, version: u64) -> Self {
        Self::build(snapshot, &Filter::default(), version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_filter_is_inactive_and_round_trips() {
        let f = Filter::default();
        assert!(!f.is_active());
        let mut g = f.clone();
        g.hidden_risk_levels.insert(RiskLevel::Blue);
        g.districts.insert("410502".into());
        assert!(g.is_active());
        let json = serde_json::to_string(&g).unwrap();
        assert_eq!(serde_json::from_str::<Filter>(&json).unwrap(), g);
    }
}
