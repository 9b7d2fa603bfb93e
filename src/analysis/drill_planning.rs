//! Planning a drill on the map: from a scenario point, the stations and teams that would
//! respond, ranked by travel time, as participants to invite.
//!
//! Ranking goes through the [`UnitRanking`] trait so the drill planner and dispatch share one
//! ranking: [`TravelRanking`] is the stand-alone one (R-tree candidates, then the travel model);
//! dispatch's ranking can implement the trait and replace it.

use serde::Serialize;

use crate::analysis::travel::TravelModel;
use crate::model::{FeatureId, Labelled, LonLat, UnitRef};
use crate::snapshot::Snapshot;

/// What to suggest.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestRequest {
    pub scenario: LonLat,
    /// How many stations and teams to suggest.
    pub stations: usize,
    pub teams: usize,
    /// Only teams with this capability (危化, 水域 …).
    pub capability: Option<String>,
}

/// A suggested participant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub unit: UnitRef,
    pub name: String,
    /// Station class or team kind, in Chinese.
    pub kind: String,
    pub seconds: f64,
    pub meters: f64,
    /// True when the time is an estimate (no road network).
    pub estimate: bool,
}

/// A ranking of responding units from a point.
pub trait UnitRanking {
    fn rank(&self, snapshot: &Snapshot, request: &SuggestRequest) -> Vec<Candidate>;
}

/// Ranks by travel time from each unit's position in the snapshot (apply pre-positioning
/// first with [`crate::analysis::prepositions::at_time`]).
pub struct TravelRanking<'a> {
    pub travel: &'a dyn TravelModel,
}

/// Candidates per wanted unit taken from the R-tree before asking the travel model: a road
/// network can reorder straight-line neighbours, so a margin is kept.
const CANDIDATE_FACTOR: usize = 4;
const MIN_CANDIDATES: usize = 20;

impl UnitRanking for TravelRanking<'_> {
    fn rank(&self, snapshot: &Snapshot, request: &SuggestRequest) -> Vec<Candidate> {
        let at = snapshot.projection.to_local(request.scenario);
        let take = |want: usize| if want == 0 { 0 } else { (want * CANDIDATE_FACTOR).max(MIN_CANDIDATES) };
        let station_hits = snapshot.station_index.nearest(at, take(request.stations), |_, slot| {
            snapshot.stations.get(slot).is_some_and(|s| s.status.in_service())
        });
        let team_hits = snapshot.team_index.nearest(at, take(request.teams), |_, slot| {
            snapshot.teams.get(slot).is_some_and(|t| {
                t.status == crate::model::UnitStatus::OnDuty
                    && request.capability.as_deref().is_none_or(|c| t.has_capability(c))
            })
        });
        let stations: Vec<(UnitRef, String, String, LonLat)> = station_hits
            .iter()
            .filter_map(|h| snapshot.stations.get(h.slot))
            .map(|s| (UnitRef::station(s.id), s.name.clone(), s.class.zh().to_string(), s.location))
            .collect();
        let teams: Vec<(UnitRef, String, String, LonLat)> = team_hits
            .iter()
            .filter_map(|h| snapshot.teams.get(h.slot))
            .map(|t| (UnitRef::team(t.id), t.name.clone(), t.kind.zh().to_string(), t.location))
            .collect();
        let mut out = self.timed(stations, request.scenario, request.stations);
        out.extend(self.timed(teams, request.scenario, request.teams));
        out
    }
}

impl TravelRanking<'_> {
    fn timed(&self, units: Vec<(UnitRef, String, String, LonLat)>, to: LonLat, want: usize) -> Vec<Candidate> {
        let from: Vec<LonLat> = units.iter().map(|u| u.3).collect();
        let legs = self.travel.many_to_one(&from, to);
        let mut out: Vec<Candidate> = units
            .into_iter()
            .zip(legs)
            .filter_map(|((unit, name, kind, _), leg)| {
                let leg = leg?;
                Some(Candidate {
                    unit,
                    name,
                    kind,
                    seconds: leg.seconds,
                    meters: leg.meters,
                    estimate: self.travel.is_estimate(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.seconds.total_cmp(&b.seconds).then(a.unit.cmp(&b.unit)));
        out.truncate(want);
        out
    }
}

/// Suggested participants for a drill at `request.scenario`: the nearest stations, then the
/// nearest teams, each list by arrival time.
pub fn suggest(snapshot: &Snapshot, request: &SuggestRequest, ranking: &dyn UnitRanking) -> Vec<Candidate> {
    ranking.rank(snapshot, request)
}

/// The arrival times of chosen participants at a scenario point ("see their arrival times"),
/// in the order given; `None` where a unit is unknown or unreachable.
pub fn arrival_times(
    snapshot: &Snapshot,
    scenario: LonLat,
    units: &[UnitRef],
    travel: &dyn TravelModel,
) -> Vec<(UnitRef, Option<f64>)> {
    let position = |u: &UnitRef| -> Option<LonLat> {
        match u.layer {
            crate::model::Layer::Stations => snapshot.stations.iter().find(|s| s.id == u.id).map(|s| s.location),
            crate::model::Layer::Teams => snapshot.teams.iter().find(|t| t.id == u.id).map(|t| t.location),
            _ => None,
        }
    };
    let known: Vec<(usize, LonLat)> = units.iter().enumerate().filter_map(|(i, u)| Some((i, position(u)?))).collect();
    let legs = travel.many_to_one(&known.iter().map(|k| k.1).collect::<Vec<_>>(), scenario);
    let mut out: Vec<(UnitRef, Option<f64>)> = units.iter().map(|u| (*u, None)).collect();
    for ((i, _), leg) in known.iter().zip(legs) {
        if let Some(slot) = out.get_mut(*i) {
            slot.1 = leg.map(|l| l.seconds);
        }
    }
    out
}

/// A participant list as ids per layer, for storing on a drill.
pub fn ids_of(candidates: &[Candidate]) -> Vec<(crate::model::Layer, FeatureId)> {
    candidates.iter().map(|c| (c.unit.layer, c.unit.id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prepositions::at_time;
    use crate::analysis::travel::StraightLine;
    use crate::model::preposition::{Preposition, PrepositionReason};
    use crate::model::{Team, TeamKind};
    use chrono::{DateTime, Utc};

    fn team(id: FeatureId, at: LonLat, caps: &[&str]) -> Team {
        Team {
            id,
            capabilities: caps.iter().map(|c| c.to_string()).collect(),
            headcount: 20,
            illustrative: true,
            ..Team::new(format!("队伍{id}"), TeamKind::Professional, at)
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Team 1 is 1 km from the scenario, team 2 is 10 km away but pre-positioned 300 m from it
    /// for the National Day window. Team 2 ranks first exactly inside its window.
    #[test]
    fn a_pre_positioned_team_ranks_from_its_temporary_position_only_inside_its_window() {
        let scenario = LonLat::new(114.35, 36.10);
        let near = LonLat::new(114.35, 36.10 + 1000.0 / 110_950.0);
        let far = LonLat::new(114.35 + 0.1, 36.10 + 0.05);
        let temporary = LonLat::new(114.35, 36.10 + 300.0 / 110_950.0);
        let snapshot = Snapshot::from_parts(
            vec![],
            vec![team(1, near, &["危化"]), team(2, far, &["危化"])],
            vec![],
            vec![],
            vec![],
        );
        let pre = [Preposition {
            id: 5,
            unit: UnitRef::team(2),
            location: temporary,
            starts_at: utc("2024-09-30T16:00:00Z"),
            ends_at: utc("2024-10-07T16:00:00Z"),
            reason: PrepositionReason::Holiday,
            title: "国庆节前置".into(),
            illustrative: true,
            note: String::new(),
        }];
        let travel = StraightLine::default();
        let ranking = TravelRanking { travel: &travel };
        let request = SuggestRequest { scenario, stations: 0, teams: 2, capability: Some("危化".into()) };
        let first_at = |t: &str| {
            let s = at_time(&snapshot, &pre, utc(t));
            let ranked = suggest(&s, &request, &ranking);
            assert_eq!(ranked.len(), 2);
            (ranked[0].unit.id, ranked[0].meters)
        };
        assert_eq!(first_at("2024-09-30T15:59:59Z").0, 1, "one second before the window");
        let (id, meters) = first_at("2024-09-30T16:00:00Z");
        assert_eq!(id, 2, "at the window's start");
        assert!((meters - 300.0 * 1.3).abs() < 5.0, "ranked from the temporary position: {meters}");
        assert_eq!(first_at("2024-10-07T15:59:59Z").0, 2, "last second inside");
        assert_eq!(first_at("2024-10-07T16:00:00Z").0, 1, "the end is outside the window");
    }

    #[test]
    fn capability_filters_teams_and_arrival_times_follow_the_list() {
        let scenario = LonLat::new(114.35, 36.10);
        let snapshot = Snapshot::from_parts(
            vec![],
            vec![team(1, LonLat::new(114.36, 36.10), &["水域"]), team(2, LonLat::new(114.40, 36.10), &["危化"])],
            vec![],
            vec![],
            vec![],
        );
        let travel = StraightLine::default();
        let request = SuggestRequest { scenario, stations: 3, teams: 3, capability: Some("危化".into()) };
        let ranked = suggest(&snapshot, &request, &TravelRanking { travel: &travel });
        assert_eq!(ranked.iter().map(|c| c.unit).collect::<Vec<_>>(), vec![UnitRef::team(2)]);
        let times =
            arrival_times(&snapshot, scenario, &[UnitRef::team(2), UnitRef::team(9), UnitRef::team(1)], &travel);
        assert!(times[0].1.unwrap() > times[2].1.unwrap());
        assert_eq!(times[1].1, None);
    }
}
