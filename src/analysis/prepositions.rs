//! Units where they effectively are at an instant: a snapshot with every pre-positioned unit
//! moved to its temporary position while its window is active, which dispatch ranks from.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::preposition::{Effective, Preposition, effective_position};
use crate::model::{Layer, UnitRef};
use crate::snapshot::Snapshot;
use crate::spatial::PointIndex;

/// A unit away from home at an instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    pub unit: UnitRef,
    pub name: String,
    pub effective: Effective,
}

/// The units whose pre-positioning is active at `at`, with where they are.
pub fn moved_at(snapshot: &Snapshot, prepositions: &[Preposition], at: DateTime<Utc>) -> Vec<Moved> {
    let stations = snapshot.stations.iter().map(|s| (UnitRef::station(s.id), s.name.as_str(), s.location));
    let teams = snapshot.teams.iter().map(|t| (UnitRef::team(t.id), t.name.as_str(), t.location));
    stations
        .chain(teams)
        .filter_map(|(unit, name, home)| {
            let effective = effective_position(unit, home, prepositions, at);
            effective.preposition.map(|_| Moved { unit, name: name.to_string(), effective })
        })
        .collect()
}

/// The snapshot as it stands at `at`: stations and teams inside an active window are at their
/// temporary positions, everything else is unchanged. The projection is kept, the station and
/// team indices are rebuilt.
pub fn at_time(snapshot: &Snapshot, prepositions: &[Preposition], at: DateTime<Utc>) -> Snapshot {
    let moved = moved_at(snapshot, prepositions, at);
    let mut s = snapshot.clone();
    if moved.is_empty() {
        return s;
    }
    for m in &moved {
        match m.unit.layer {
            Layer::Stations => {
                if let Some(x) = s.stations.iter_mut().find(|x| x.id == m.unit.id) {
                    x.location = m.effective.location;
                }
            }
            Layer::Teams => {
                if let Some(x) = s.teams.iter_mut().find(|x| x.id == m.unit.id) {
                    x.location = m.effective.location;
                }
            }
            _ => {}
        }
    }
    s.station_index = PointIndex::build(&s.projection, s.stations.iter().map(|x| (x.id, x.location)));
    s.team_index = PointIndex::build(&s.projection, s.teams.iter().map(|x| (x.id, x.location)));
    s
}
