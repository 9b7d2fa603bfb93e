//! Units where they effectively are at an instant: a snapshot with every pre-positioned unit
//! moved to its temporary position while its window is active, which dispatch ranks from.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::analysis::nearest::{Relocation, Whereabouts};
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

/// Dispatch's view of the pre-positioning table: a unit inside an active window is ranked from
/// its temporary position (the one that started last, as [`effective_position`] decides).
pub struct Prepositioned<'a>(pub &'a [Preposition]);

impl Whereabouts for Prepositioned<'_> {
    fn relocated(&self, when: DateTime<Utc>) -> Vec<Relocation> {
        let mut units: Vec<UnitRef> = self.0.iter().filter(|p| p.is_active(when)).map(|p| p.unit).collect();
        units.sort_by_key(|u| (u.layer, u.id));
        units.dedup();
        units
            .into_iter()
            .filter_map(|u| {
                // The home position is not needed: only units away from it are returned.
                let e = effective_position(u, crate::model::LonLat::new(0.0, 0.0), self.0, when);
                e.preposition.map(|_| Relocation { layer: u.layer, id: u.id, at: e.location })
            })
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::analysis::dispatch::{Incident, plan};
    use crate::analysis::fixtures::team;
    use crate::analysis::incident_types::IncidentTemplates;
    use crate::analysis::nearest::Responders;
    use crate::analysis::protection::ProtectionSettings;
    use crate::analysis::travel::StraightLine;
    use crate::model::LonLat;
    use crate::model::preposition::PrepositionReason;

    const CENTRE: LonLat = LonLat::new(114.35, 36.1);

    fn east(m: f64) -> LonLat {
        LonLat::new(CENTRE.lon + m / 90_000.0, CENTRE.lat)
    }

    fn utc(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, d, h, 0, 0).unwrap()
    }

    /// The first team dispatch sends to an incident at the centre needing 水域 at `when`.
    fn first_team(s: &Snapshot, pre: &[Preposition], when: DateTime<Utc>) -> (FeatureId, f64, bool) {
        let model = StraightLine::default();
        let r = Responders::new(s, &ProtectionSettings::default(), &model).with_whereabouts(&Prepositioned(pre), when);
        let mut t = IncidentTemplates::default().types.remove(0);
        t.stations = 0;
        t.capabilities = vec!["水域".into()];
        t.teams_per_capability = 1;
        t.vehicles.clear();
        t.materials.clear();
        let p = plan(&r, &Incident { at: CENTRE, template: t, when }).unwrap();
        let u = &p.teams[0].unit;
        (u.id, u.distance_m, u.relocated)
    }

    use crate::model::FeatureId;

    #[test]
    fn a_pre_positioned_team_is_ranked_from_its_temporary_position_only_inside_its_window() {
        // Team 1 is based 30 km away, team 2 5 km away; team 1 is pre-positioned 200 m from the
        // incident from 1 October 00:00 to 8 October 00:00 (UTC).
        let s = Snapshot::from_parts(
            vec![],
            vec![team(1, east(30_000.0), &["水域"]), team(2, east(5_000.0), &["水域"])],
            vec![],
            vec![],
            vec![],
        );
        let pre = vec![Preposition {
            id: 1,
            unit: UnitRef::team(1),
            location: east(200.0),
            starts_at: utc(1, 0),
            ends_at: utc(8, 0),
            reason: PrepositionReason::Holiday,
            title: "国庆".into(),
            illustrative: false,
            note: String::new(),
        }];
        let inside = first_team(&s, &pre, utc(3, 12));
        assert_eq!(inside.0, 1);
        assert!(inside.1 < 300.0 && inside.2, "{inside:?}");
        // At the window's end (excluded) and before its start, team 1 is at its base again.
        for when in [utc(8, 0), Utc.with_ymd_and_hms(2026, 9, 30, 23, 59, 59).unwrap()] {
            let outside = first_team(&s, &pre, when);
            assert_eq!(outside.0, 2, "at {when}");
            assert!(!outside.2);
        }
    }
}
