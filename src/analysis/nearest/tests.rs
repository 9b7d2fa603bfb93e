use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::analysis::fixtures::{depot, station, station_with, team};
use crate::analysis::travel::StraightLine;
use crate::model::{StationStatus, UnitStatus};

const CENTRE: LonLat = LonLat::new(114.35, 36.1);

fn snap(
    stations: Vec<crate::model::Station>,
    teams: Vec<crate::model::Team>,
    depots: Vec<crate::model::Depot>,
) -> Snapshot {
    Snapshot::from_parts(stations, teams, depots, Vec::new(), Vec::new())
}

fn query(at: LonLat, layers: &[Layer], k: usize, by: RankBy) -> NearestQuery {
    NearestQuery { at, layers: layers.to_vec(), k, filter: UnitFilter::default(), by }
}

fn east(m: f64) -> LonLat {
    LonLat::new(CENTRE.lon + m / 90_000.0, CENTRE.lat)
}

/// A travel model with no bound on its pace whose times are not monotone in distance, and which
/// cannot reach some places: the stream must then evaluate every candidate.
struct Detours;

impl Detours {
    fn leg(from: LonLat, to: LonLat) -> Option<Leg> {
        let wiggle = (from.lon * 7919.0).fract().abs();
        if wiggle > 0.9 {
            return None;
        }
        let meters = from.distance_m(to) * (1.0 + 3.0 * wiggle);
        Some(Leg { seconds: meters / 8.0, meters })
    }
}

impl TravelModel for Detours {
    fn many_to_one(&self, sources: &[LonLat], target: LonLat) -> Vec<Option<Leg>> {
        sources.iter().map(|s| Self::leg(*s, target)).collect()
    }
    fn one_to_many(&self, source: LonLat, targets: &[LonLat]) -> Vec<Option<Leg>> {
        targets.iter().map(|t| Self::leg(source, *t)).collect()
    }
    fn is_estimate(&self) -> bool {
        false
    }
    fn describe(&self) -> String {
        "detours (test)".into()
    }
}

/// The reference: every unit of every chosen layer, filtered, keyed, fully sorted.
fn brute_force(
    s: &Snapshot,
    settings: &ProtectionSettings,
    travel: &dyn TravelModel,
    q: &NearestQuery,
) -> Vec<(Layer, FeatureId, f64)> {
    let f = &q.filter;
    let mut all: Vec<(Layer, FeatureId, LonLat, f64)> = Vec::new();
    for &layer in &q.layers {
        match layer {
            Layer::Stations if f.capability.is_none() && f.item.is_none() => {
                for x in &s.stations {
                    let ok = (f.include_out_of_service || x.status == StationStatus::Existing)
                        && f.vehicle.as_ref().is_none_or(|v| x.vehicles.iter().any(|h| &h.kind == v && h.count > 0));
                    if ok {
                        all.push((layer, x.id, x.location, f64::from(settings.turnout.station(x))));
                    }
                }
            }
            Layer::Teams if f.vehicle.is_none() && f.item.is_none() => {
                for x in &s.teams {
                    let ok = (f.include_out_of_service || x.status == UnitStatus::OnDuty)
                        && f.capability.as_ref().is_none_or(|c| x.capabilities.contains(c));
                    if ok {
                        all.push((layer, x.id, x.location, f64::from(settings.turnout.team(x))));
                    }
                }
            }
            Layer::Depots if f.capability.is_none() && f.vehicle.is_none() => {
                for x in &s.depots {
                    if f.item.as_ref().is_none_or(|i| x.stock.iter().any(|l| &l.item == i && l.quantity > 0.0)) {
                        all.push((layer, x.id, x.location, f64::from(settings.turnout.depot_s)));
                    }
                }
            }
            _ => {}
        }
    }
    let mut keyed: Vec<(Layer, FeatureId, f64)> = all
        .into_iter()
        .filter_map(|(layer, id, at, turnout)| {
            let key = match q.by {
                RankBy::Distance => at.distance_m(q.at),
                RankBy::Time => turnout + travel.many_to_one(&[at], q.at).first().copied().flatten()?.seconds,
            };
            Some((layer, id, key))
        })
        .collect();
    keyed.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    keyed.truncate(q.k);
    keyed
}

fn assert_same(got: &[Ranked], want: &[(Layer, FeatureId, f64)], by: RankBy) {
    let got_keys: Vec<(Layer, FeatureId, f64)> = got
        .iter()
        .map(|r| (r.layer, r.id, if by == RankBy::Distance { r.distance_m } else { r.eta_s.unwrap_or(f64::NAN) }))
        .collect();
    assert_eq!(got_keys, want);
    for (i, r) in got.iter().enumerate() {
        assert_eq!(r.rank, i + 1);
    }
}

#[test]
fn stations_rank_by_distance_with_geodesic_metres() {
    let s = snap(vec![station(1, east(3000.0)), station(2, east(1000.0)), station(3, east(2000.0))], vec![], vec![]);
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let got = r.nearest(&query(CENTRE, &[Layer::Stations], 2, RankBy::Distance)).unwrap();
    assert_eq!(got.iter().map(|x| x.id).collect::<Vec<_>>(), vec![2, 3]);
    assert!((got[0].distance_m - CENTRE.distance_m(east(1000.0))).abs() < 1e-9);
    // ETA = 60 s turnout + distance × 1.3 at 30 km/h.
    let eta = got[0].eta_s.unwrap();
    assert!((eta - (60.0 + got[0].distance_m * 1.3 / (30.0 / 3.6))).abs() < 1e-9, "{eta}");
    assert!(got[0].estimate);
}

#[test]
fn ranking_by_time_lets_a_quick_station_overtake_a_near_one() {
    let mut slow = station(1, east(1000.0));
    slow.turnout_s = Some(600);
    let quick = station(2, east(2000.0));
    let s = snap(vec![slow, quick], vec![], vec![]);
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let by_distance = r.nearest(&query(CENTRE, &[Layer::Stations], 1, RankBy::Distance)).unwrap();
    let by_time = r.nearest(&query(CENTRE, &[Layer::Stations], 1, RankBy::Time)).unwrap();
    assert_eq!(by_distance[0].id, 1);
    assert_eq!(by_time[0].id, 2);
}

#[test]
fn out_of_service_units_are_skipped_unless_asked_for() {
    let mut planned = station(1, east(100.0));
    planned.status = StationStatus::Planned;
    let mut off = team(5, east(100.0), &["危化"]);
    off.status = UnitStatus::OutOfService;
    let s = snap(vec![planned, station(2, east(5000.0))], vec![off, team(6, east(9000.0), &["危化"])], vec![]);
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let mut q = query(CENTRE, &[Layer::Stations, Layer::Teams], 5, RankBy::Time);
    let ids: Vec<_> = r.nearest(&q).unwrap().iter().map(|x| (x.layer, x.id)).collect();
    assert_eq!(ids, vec![(Layer::Stations, 2), (Layer::Teams, 6)]);
    q.filter.include_out_of_service = true;
    let ids: Vec<_> = r.nearest(&q).unwrap().iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![1, 5, 2, 6]);
}

#[test]
fn filters_keep_only_the_layer_they_apply_to() {
    let s = snap(
        vec![station_with(1, east(100.0), &[("泡沫车", 1)]), station_with(2, east(50.0), &[("水罐车", 2)])],
        vec![team(3, east(10.0), &["水域"]), team(4, east(20.0), &["危化"])],
        vec![depot(7, east(30.0), &[("吸附棉", "吨", 2.0)]), depot(8, east(5.0), &[("沙袋", "条", 0.0)])],
    );
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let mut q = query(CENTRE, &RESPONDER_LAYERS, 10, RankBy::Distance);
    q.filter.capability = Some("危化".into());
    assert_eq!(r.nearest(&q).unwrap().iter().map(|x| x.id).collect::<Vec<_>>(), vec![4]);
    q.filter = UnitFilter { vehicle: Some("泡沫车".into()), ..UnitFilter::default() };
    assert_eq!(r.nearest(&q).unwrap().iter().map(|x| x.id).collect::<Vec<_>>(), vec![1]);
    q.filter = UnitFilter { item: Some("吸附棉".into()), ..UnitFilter::default() };
    assert_eq!(r.nearest(&q).unwrap().iter().map(|x| x.id).collect::<Vec<_>>(), vec![7]);
}

#[test]
fn bad_input_gets_a_clear_error() {
    let s = snap(vec![station(1, CENTRE)], vec![team(2, east(10.0), &["水域", "危化"])], vec![]);
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);

    let swapped = LonLat::new(CENTRE.lat, CENTRE.lon);
    let err = r.nearest(&query(swapped, &[Layer::Stations], 1, RankBy::Distance)).unwrap_err();
    assert!(err.to_string().contains("latitude 114.35 is outside -90..90"), "{err}");
    let elsewhere = LonLat::new(121.47, 31.23);
    let err = r.nearest(&query(elsewhere, &[Layer::Stations], 1, RankBy::Distance)).unwrap_err();
    assert!(matches!(err, NearestError::OutsideRegion { .. }), "{err}");
    assert!(err.to_string().contains("swapped"), "{err}");
    // Inside the margin is fine.
    let near = LonLat::new(CENTRE.lon + 0.4, CENTRE.lat - 0.4);
    assert!(r.nearest(&query(near, &[Layer::Stations], 1, RankBy::Distance)).is_ok());

    let err = r.nearest(&query(LonLat::new(f64::NAN, 36.0), &[Layer::Stations], 1, RankBy::Distance)).unwrap_err();
    assert!(err.to_string().contains("NaN"), "{err}");

    let err = r.nearest(&query(CENTRE, &[Layer::Depots], 1, RankBy::Distance)).unwrap_err();
    assert_eq!(err, NearestError::EmptyLayer { layer: "物资储备库", key: "depots" });
    assert!(err.to_string().contains("onemap import --layer depots"), "{err}");

    let mut q = query(CENTRE, &[Layer::Teams], 1, RankBy::Distance);
    q.filter.capability = Some("山岳".into());
    let err = r.nearest(&q).unwrap_err();
    assert!(err.to_string().contains("known: 危化, 水域"), "{err}");

    let err = r.nearest(&query(CENTRE, &[Layer::Stations], 0, RankBy::Distance)).unwrap_err();
    assert!(err.to_string().contains("at least 1"), "{err}");

    let empty = snap(vec![], vec![], vec![]);
    let r = Responders::new(&empty, &ProtectionSettings::default(), &model);
    let err = r.nearest(&query(CENTRE, &RESPONDER_LAYERS, 1, RankBy::Distance)).unwrap_err();
    assert_eq!(err, NearestError::EmptyProject);
}

#[test]
fn an_empty_layer_among_others_is_not_an_error() {
    let s = snap(vec![station(1, CENTRE)], vec![], vec![]);
    let model = StraightLine::default();
    let r = Responders::new(&s, &ProtectionSettings::default(), &model);
    let got = r.nearest(&query(CENTRE, &RESPONDER_LAYERS, 3, RankBy::Time)).unwrap();
    assert_eq!(got.len(), 1);
}

/// Pre-positioning windows, as the hazard ledger will supply them.
struct Windows(Vec<(DateTime<Utc>, DateTime<Utc>, Relocation)>);

impl Whereabouts for Windows {
    fn relocated(&self, when: DateTime<Utc>) -> Vec<Relocation> {
        self.0.iter().filter(|(from, to, _)| (*from..*to).contains(&when)).map(|w| w.2).collect()
    }
}

#[test]
fn pre_positioned_teams_count_at_their_temporary_position_inside_their_window() {
    let s = snap(vec![], vec![team(1, east(20_000.0), &["水域"]), team(2, east(5_000.0), &["水域"])], vec![]);
    let from = Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2025, 7, 8, 0, 0, 0).unwrap();
    let fake = Windows(vec![(from, to, Relocation { layer: Layer::Teams, id: 1, at: east(500.0) })]);
    let model = StraightLine::default();
    let q = query(CENTRE, &[Layer::Teams], 2, RankBy::Time);

    let inside = Responders::new(&s, &ProtectionSettings::default(), &model)
        .with_whereabouts(&fake, Utc.with_ymd_and_hms(2025, 7, 3, 12, 0, 0).unwrap());
    let got = inside.nearest(&q).unwrap();
    assert_eq!(got.iter().map(|x| x.id).collect::<Vec<_>>(), vec![1, 2]);
    assert!(got[0].relocated);
    assert_eq!(got[0].location, east(500.0));
    assert!((got[0].distance_m - CENTRE.distance_m(east(500.0))).abs() < 1e-9);
    // The team is listed once, not also at its base.
    assert_eq!(got.len(), 2);

    let after = Responders::new(&s, &ProtectionSettings::default(), &model).with_whereabouts(&fake, to);
    let got = after.nearest(&q).unwrap();
    assert_eq!(got.iter().map(|x| x.id).collect::<Vec<_>>(), vec![2, 1]);
    assert!(!got[1].relocated);
}

#[test]
fn the_planar_bound_never_exceeds_the_geodesic_distance() {
    // Points up to ~900 km either side of the central meridian, the widest region searched with a bound.
    let proj = crate::spatial::LocalProjection::new(CENTRE);
    let far = [LonLat::new(CENTRE.lon - 9.5, CENTRE.lat + 2.0), LonLat::new(CENTRE.lon + 9.5, CENTRE.lat - 3.0)];
    let idx = PointIndex::build(&proj, [(1, far[0]), (2, far[1])]);
    let f = planar_lower_bound_factor(&idx, proj.to_local(CENTRE)).unwrap();
    let mut runner = proptest::test_runner::TestRunner::default();
    let coord = (-9.5f64..9.5, -4.0f64..4.0);
    runner
        .run(&(coord.clone(), coord), |((ax, ay), (bx, by))| {
            let a = LonLat::new(CENTRE.lon + ax, CENTRE.lat + ay);
            let b = LonLat::new(CENTRE.lon + bx, CENTRE.lat + by);
            let planar = proj.to_local(a).distance(proj.to_local(b));
            prop_assert!(planar * f - 1e-6 <= a.distance_m(b), "{a} {b}: {planar} × {f} > {}", a.distance_m(b));
            Ok(())
        })
        .unwrap();
}

/// Random units around a few cluster centres, with exact duplicates and near-duplicates, so
/// that ties in distance and in arrival time happen.
fn positions(n: usize) -> impl Strategy<Value = Vec<LonLat>> {
    let centres = prop::collection::vec((-0.3f64..0.3, -0.3f64..0.3), 1..5);
    centres.prop_flat_map(move |cs| {
        let cs2 = cs.clone();
        prop::collection::vec(
            (0..cs.len(), prop_oneof![Just(0.0), Just(1e-7), -0.02f64..0.02], prop_oneof![Just(0.0), -0.02f64..0.02]),
            n,
        )
        .prop_map(move |v| {
            v.into_iter()
                .map(|(c, dx, dy)| {
                    let (cx, cy) = cs2.get(c).copied().unwrap_or((0.0, 0.0));
                    LonLat::new(CENTRE.lon + cx + dx, CENTRE.lat + cy + dy)
                })
                .collect()
        })
    })
}

#[derive(Debug, Clone)]
struct Case {
    stations: Vec<crate::model::Station>,
    teams: Vec<crate::model::Team>,
    depots: Vec<crate::model::Depot>,
    query: NearestQuery,
}

const CAPS: [&str; 3] = ["危化", "水域", "山岳"];

fn case() -> impl Strategy<Value = Case> {
    (0usize..50, 0usize..50, 0usize..20)
        .prop_flat_map(|(ns, nt, nd)| {
            (
                positions(ns + nt + nd),
                Just((1..=(ns as i64)).collect::<Vec<_>>()).prop_shuffle(),
                prop::collection::vec((prop_oneof![Just(None), Just(Some(30u32)), Just(Some(120))], 0u8..5), ns),
                prop::collection::vec((0usize..CAPS.len(), 0u8..5), nt),
                prop::collection::vec(0.0f64..3.0, nd),
                (any::<bool>(), 1usize..25, 0u8..7, 0u8..4),
                any::<prop::sample::Index>(),
            )
        })
        .prop_map(|(pos, station_ids, st, tm, dp, (by_time, k, layer_bits, filter), at_unit)| {
            let mut pos = pos.into_iter();
            let mut next = || pos.next().unwrap_or(CENTRE);
            let stations: Vec<_> = station_ids
                .iter()
                .zip(st)
                .map(|(&id, (turnout, status))| {
                    let mut s = station(id, next());
                    s.turnout_s = turnout;
                    s.status = if status == 0 { StationStatus::Planned } else { StationStatus::Existing };
                    s.vehicles = vec![crate::model::Vehicle { kind: "泡沫车".into(), count: u32::from(status % 2) }];
                    s
                })
                .collect();
            let teams: Vec<_> = tm
                .into_iter()
                .enumerate()
                .map(|(i, (cap, status))| {
                    let mut t = team(1000 - i as i64, next(), &CAPS[..=cap]);
                    t.kind = crate::model::TeamKind::ALL[usize::from(status) % crate::model::TeamKind::ALL.len()];
                    t.status = if status == 0 { UnitStatus::OutOfService } else { UnitStatus::OnDuty };
                    t
                })
                .collect();
            let depots: Vec<_> = dp
                .into_iter()
                .enumerate()
                .map(|(i, q)| depot(i as i64 + 1, next(), &[("吸附棉", "吨", q.floor())]))
                .collect();
            let mut layers: Vec<Layer> = RESPONDER_LAYERS
                .iter()
                .enumerate()
                .filter(|(i, _)| layer_bits & (1 << i) != 0)
                .map(|(_, l)| *l)
                .collect();
            if layers.is_empty() {
                layers = RESPONDER_LAYERS.to_vec();
            }
            // The query sits on a unit half the time: zero distances and exact ties.
            let units: Vec<LonLat> = stations
                .iter()
                .map(|s| s.location)
                .chain(teams.iter().map(|t| t.location))
                .chain(depots.iter().map(|d| d.location))
                .collect();
            let at = if units.is_empty() || at_unit.index(2) == 0 {
                LonLat::new(CENTRE.lon + 0.1, CENTRE.lat - 0.05)
            } else {
                units[at_unit.index(units.len())]
            };
            let filter = match filter {
                0 => UnitFilter { include_out_of_service: true, ..UnitFilter::default() },
                1 if !teams.is_empty() => UnitFilter { capability: Some("水域".into()), ..UnitFilter::default() },
                2 if !stations.is_empty() => UnitFilter { vehicle: Some("泡沫车".into()), ..UnitFilter::default() },
                _ => UnitFilter::default(),
            };
            let by = if by_time { RankBy::Time } else { RankBy::Distance };
            Case { stations, teams, depots, query: NearestQuery { at, layers, k, filter, by } }
        })
}

fn check_case(c: Case, model: &dyn TravelModel) -> Result<(), TestCaseError> {
    let s = snap(c.stations, c.teams, c.depots);
    let settings = ProtectionSettings::default();
    let r = Responders::new(&s, &settings, model);
    let want = brute_force(&s, &settings, model, &c.query);
    match r.nearest(&c.query) {
        Ok(got) => assert_same(&got, &want, c.query.by),
        Err(NearestError::EmptyLayer { .. } | NearestError::NoResponders | NearestError::EmptyProject) => {
            prop_assert!(want.is_empty())
        }
        Err(NearestError::Unknown { .. }) => {
            // The filter names a tag no unit lists: nothing would have matched.
            prop_assert!(want.is_empty())
        }
        Err(e) => prop_assert!(false, "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn nearest_agrees_with_a_brute_force_scan(c in case()) {
        check_case(c, &StraightLine::default())?;
    }

    #[test]
    fn nearest_agrees_with_a_brute_force_scan_under_an_unbounded_model(c in case()) {
        check_case(c, &Detours)?;
    }
}
