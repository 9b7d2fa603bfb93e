use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::analysis::fixtures::{depot, station, station_with, team};
use crate::analysis::incident_types::{IncidentTemplates, MaterialNeed, VehicleNeed};
use crate::analysis::nearest::{Relocation, Whereabouts};
use crate::analysis::protection::ProtectionSettings;
use crate::analysis::travel::StraightLine;
use crate::model::{Depot, Station, StationStatus, Team, UnitStatus};
use crate::snapshot::Snapshot;

const CENTRE: LonLat = LonLat::new(114.35, 36.1);

fn east(m: f64) -> LonLat {
    LonLat::new(CENTRE.lon + m / 90_000.0, CENTRE.lat)
}

fn snap(stations: Vec<Station>, teams: Vec<Team>, depots: Vec<Depot>) -> Snapshot {
    Snapshot::from_parts(stations, teams, depots, Vec::new(), Vec::new())
}

fn empty_template() -> IncidentTemplate {
    IncidentTemplate {
        name: "测试".into(),
        key: "test".into(),
        stations: 0,
        capabilities: Vec::new(),
        teams_per_capability: 1,
        vehicles: Vec::new(),
        materials: Vec::new(),
        note: String::new(),
    }
}

fn needing(materials: &[(&str, &str, f64)]) -> IncidentTemplate {
    IncidentTemplate {
        materials: materials
            .iter()
            .map(|(i, u, q)| MaterialNeed { item: (*i).into(), unit: (*u).into(), quantity: *q })
            .collect(),
        ..empty_template()
    }
}

fn when() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 7, 20, 8, 0, 0).unwrap()
}

fn run(s: &Snapshot, template: IncidentTemplate) -> DispatchPlan {
    let model = StraightLine::default();
    let r = Responders::new(s, &ProtectionSettings::default(), &model);
    plan(&r, &Incident { at: CENTRE, template, when: when() }).unwrap()
}

#[test]
fn depots_accumulate_nearest_first_and_report_the_shortfall() {
    let s = snap(
        vec![],
        vec![],
        vec![
            depot(1, east(1000.0), &[("吸附棉", "吨", 2.0)]),
            depot(2, east(2000.0), &[("沙袋", "条", 500.0)]),
            depot(3, east(3000.0), &[("吸附棉", "吨", 2.5), ("防化服", "套", 10.0)]),
        ],
    );
    let p = run(&s, needing(&[("吸附棉", "吨", 5.0), ("防化服", "套", 4.0)]));
    assert_eq!(p.depots.iter().map(|d| d.unit.id).collect::<Vec<_>>(), vec![1, 3]);
    assert_eq!(
        p.depots[1].supplies,
        vec![
            Supply { item: "吸附棉".into(), unit: "吨".into(), quantity: 2.5 },
            Supply { item: "防化服".into(), unit: "套".into(), quantity: 4.0 },
        ]
    );
    let absorbent = &p.materials[0];
    assert_eq!((absorbent.supplied, absorbent.shortfall), (4.5, 0.5));
    assert_eq!(absorbent.depots, vec![1, 3]);
    assert_eq!(p.materials[1].shortfall, 0.0);
    assert!(p.shortfall);
}

#[test]
fn accumulation_stops_once_the_quantity_is_met() {
    let s =
        snap(vec![], vec![], (1..=3).map(|i| depot(i, east(1000.0 * i as f64), &[("吸附棉", "吨", 2.0)])).collect());
    let p = run(&s, needing(&[("吸附棉", "吨", 3.0)]));
    let taken: Vec<_> = p.depots.iter().map(|d| (d.unit.id, d.supplies[0].quantity)).collect();
    assert_eq!(taken, vec![(1, 2.0), (2, 1.0)]);
    assert!(!p.shortfall);
    assert_eq!(p.depots[1].reason, Reason::Materials);
}

#[test]
fn stock_in_another_unit_is_not_counted_but_reported() {
    let s = snap(vec![], vec![], vec![depot(1, east(10.0), &[("吸附棉", "公斤", 900.0)])]);
    let p = run(&s, needing(&[("吸附棉", "吨", 1.0)]));
    assert!(p.depots.is_empty());
    assert_eq!(p.materials[0].shortfall, 1.0);
    assert_eq!(p.materials[0].other_units, vec!["公斤".to_string()]);
}

#[test]
fn stations_skip_out_of_service_and_add_one_for_a_missing_vehicle_kind() {
    let mut closed = station_with(1, east(100.0), &[("泡沫车", 3)]);
    closed.status = StationStatus::OutOfService;
    let s = snap(
        vec![
            closed,
            station_with(2, east(1000.0), &[("水罐车", 2)]),
            station_with(3, east(2000.0), &[("水罐车", 2)]),
            station_with(4, east(3000.0), &[("泡沫车", 1), ("水罐车", 1)]),
            station_with(5, east(4000.0), &[("泡沫车", 1)]),
        ],
        vec![],
        vec![],
    );
    let t = IncidentTemplate {
        stations: 1,
        vehicles: vec![
            VehicleNeed { kind: "水罐车".into(), count: 2 },
            VehicleNeed { kind: "泡沫车".into(), count: 1 },
        ],
        ..empty_template()
    };
    let p = run(&s, t);
    let sent: Vec<_> = p.stations.iter().map(|a| (a.unit.id, a.reason)).collect();
    assert_eq!(sent, vec![(2, Reason::Nearest), (4, Reason::Vehicles)]);
    assert_eq!(p.vehicles[1], VehicleCover { kind: "泡沫车".into(), required: 1, assigned: 1, shortfall: 0 });
    assert!(!p.shortfall);
    assert_eq!(p.stations[1].unit.rank, 2);
}

#[test]
fn a_vehicle_kind_nobody_has_is_a_shortfall_not_an_error() {
    let s = snap(vec![station_with(1, east(100.0), &[("水罐车", 2)]), station(2, east(200.0))], vec![], vec![]);
    let t = IncidentTemplate {
        stations: 1,
        vehicles: vec![VehicleNeed { kind: "举高喷射车".into(), count: 1 }],
        ..empty_template()
    };
    let p = run(&s, t);
    assert_eq!(p.stations.len(), 1);
    assert_eq!(p.vehicles[0].shortfall, 1);
    assert!(p.shortfall);
}

#[test]
fn teams_cover_each_capability_and_are_listed_once() {
    let mut off = team(1, east(100.0), &["危化", "医疗"]);
    off.status = UnitStatus::OutOfService;
    let s = snap(
        vec![],
        vec![
            off,
            team(2, east(1000.0), &["危化", "医疗"]),
            team(3, east(500.0), &["医疗"]),
            team(4, east(9000.0), &["危化"]),
        ],
        vec![],
    );
    let t =
        IncidentTemplate { capabilities: vec!["危化".into(), "医疗".into(), "山岳".into()], ..empty_template() };
    let p = run(&s, t);
    let ids: Vec<_> = p.teams.iter().map(|a| (a.unit.id, a.capabilities.clone())).collect();
    assert_eq!(ids, vec![(3, vec!["医疗".to_string()]), (2, vec!["危化".to_string()])]);
    assert_eq!(p.capabilities[0].teams, vec![2]);
    assert_eq!(p.capabilities[1].teams, vec![3]);
    assert_eq!(p.capabilities[2].shortfall, 1);
    assert!(p.shortfall);
}

#[test]
fn a_team_bringing_two_capabilities_is_listed_with_both() {
    let s = snap(vec![], vec![team(7, east(100.0), &["危化", "医疗"])], vec![]);
    let t = IncidentTemplate { capabilities: vec!["危化".into(), "医疗".into()], ..empty_template() };
    let p = run(&s, t);
    assert_eq!(p.teams.len(), 1);
    assert_eq!(p.teams[0].capabilities, vec!["危化".to_string(), "医疗".to_string()]);
}

struct OneTeamAway(Relocation);

impl Whereabouts for OneTeamAway {
    fn relocated(&self, _when: DateTime<Utc>) -> Vec<Relocation> {
        vec![self.0]
    }
}

#[test]
fn a_pre_positioned_team_is_sent_from_where_it_is() {
    let s = snap(vec![], vec![team(1, east(30_000.0), &["水域"]), team(2, east(5_000.0), &["水域"])], vec![]);
    let model = StraightLine::default();
    let away = OneTeamAway(Relocation { layer: Layer::Teams, id: 1, at: east(200.0) });
    let r = Responders::new(&s, &ProtectionSettings::default(), &model).with_whereabouts(&away, when());
    let t = IncidentTemplate { capabilities: vec!["水域".into()], ..empty_template() };
    let p = plan(&r, &Incident { at: CENTRE, template: t, when: when() }).unwrap();
    assert_eq!(p.teams[0].unit.id, 1);
    assert!(p.teams[0].unit.relocated);
    assert!(p.teams[0].unit.distance_m < 300.0);
}

#[test]
fn every_default_type_plans_on_a_small_city() {
    let s = snap(
        vec![station_with(1, east(1000.0), &[("水罐车", 2), ("泡沫车", 1)])],
        vec![team(1, east(2000.0), &["危化", "水域"])],
        vec![depot(1, east(3000.0), &[("吸附棉", "吨", 9.0)])],
    );
    for t in IncidentTemplates::default().types {
        let p = run(&s, t.clone());
        assert_eq!(p.incident_type, t.name);
        assert!(p.estimate);
        assert!(p.travel.contains("straight line"), "{}", p.travel);
    }
}

#[test]
fn a_project_without_responders_is_refused() {
    let s = Snapshot::from_parts(
        vec![],
        vec![],
        vec![],
        vec![],
        vec![crate::model::AdminArea {
            id: 1,
            code: "410500".into(),
            name: "安阳市".into(),
            level: crate::model::AreaLevel::City,
            parent: None,
            population: None,
            outline: Some(geo_types::MultiPolygon(vec![geo_types::Polygon::new(
                geo_types::LineString::from(vec![(114.0, 35.8), (114.7, 35.8), (114.7, 36.4), (114.0, 35.8)]),
                vec![],
            )])),
            illustrative: false,
        }],
    );
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let err = plan(&r, &Incident { at: CENTRE, template: empty_template(), when: when() }).unwrap_err();
    assert_eq!(err, DispatchError::Nearest(NearestError::NoResponders));
}

proptest! {
    /// Material accumulation agrees with sorting every depot by arrival and taking greedily.
    #[test]
    fn materials_agree_with_a_greedy_scan_of_every_depot(
        stock in prop::collection::vec(((-0.2f64..0.2, -0.2f64..0.2), 0u8..4, 0u8..4), 1..40),
        need_a in 0u8..12,
        need_b in 0u8..12,
    ) {
        let depots: Vec<Depot> = stock
            .iter()
            .enumerate()
            .map(|(i, ((dx, dy), a, b))| {
                depot(i as i64 + 1, LonLat::new(CENTRE.lon + dx, CENTRE.lat + dy), &[
                    ("帐篷", "顶", f64::from(*a)),
                    ("棉被", "床", f64::from(*b)),
                ])
            })
            .collect();
        let s = snap(vec![], vec![], depots.clone());
        let p = run(&s, needing(&[("帐篷", "顶", f64::from(need_a)), ("棉被", "床", f64::from(need_b))]));

        let model = StraightLine::default();
        let mut order: Vec<&Depot> = depots.iter().collect();
        let eta = |d: &Depot| model.leg(d.location, CENTRE).seconds;
        order.sort_by(|a, b| eta(a).total_cmp(&eta(b)).then(a.id.cmp(&b.id)));
        let mut left = [f64::from(need_a), f64::from(need_b)];
        let mut want: Vec<(FeatureId, Vec<f64>)> = Vec::new();
        for d in order {
            if left.iter().all(|l| *l <= 0.0) {
                break;
            }
            let mut took = Vec::new();
            for (i, item) in ["帐篷", "棉被"].iter().enumerate() {
                let t = d.quantity_of(item).min(left[i]);
                if t > 0.0 {
                    left[i] -= t;
                    took.push(t);
                }
            }
            if !took.is_empty() {
                want.push((d.id, took));
            }
        }
        let got: Vec<(FeatureId, Vec<f64>)> =
            p.depots.iter().map(|d| (d.unit.id, d.supplies.iter().map(|x| x.quantity).collect())).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(p.materials[0].shortfall, left[0]);
        prop_assert_eq!(p.materials[1].shortfall, left[1]);
    }
}
