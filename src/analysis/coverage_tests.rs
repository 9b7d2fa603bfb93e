use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::analysis::fixtures::{area_box, enterprise, station, team};
use crate::model::{AreaLevel, Enterprise, LonLat, RiskLevel, Station, StationClass, StationStatus, TeamKind};
use crate::progress::Silent;
use crate::routing::{Metric, SpeedProfile, build, synthetic};

const LAT: f64 = 36.1;
/// Degrees of longitude per metre at 36.1°N (approximately; tests use the geodesic distance).
fn dlon(m: f64) -> f64 {
    m / (111_320.0 * LAT.to_radians().cos())
}

fn at_m(x: f64, y: f64) -> LonLat {
    LonLat::new(114.3 + dlon(x), LAT + y / 110_950.0)
}

/// A 40 km × 40 km city (one district) around (114.3, 36.1).
fn city() -> Vec<crate::model::AdminArea> {
    let (w, e) = (114.3 - dlon(20_000.0), 114.3 + dlon(20_000.0));
    let (s, n) = (LAT - 20_000.0 / 110_950.0, LAT + 20_000.0 / 110_950.0);
    vec![
        area_box(1, "410500", AreaLevel::City, None, [w, s, e, n]),
        area_box(2, "410502", AreaLevel::District, Some("410500"), [w, s, e, n]),
    ]
}

fn snap(stations: Vec<Station>, enterprises: Vec<Enterprise>, areas: Vec<crate::model::AdminArea>) -> Snapshot {
    Snapshot::from_parts(stations, Vec::new(), Vec::new(), enterprises, areas)
}

fn radius_run(s: &Snapshot, with_planned: bool) -> CoverageReport {
    let opts = CoverageOptions { mode: Mode::Radius, response_s: None, with_planned };
    analyse(s, &ProtectionSettings::default(), &opts, None).unwrap()
}

/// Area of the lens two circles of radius `r` make `d` apart.
fn lens(r: f64, d: f64) -> f64 {
    2.0 * r * r * (d / (2.0 * r)).acos() - d / 2.0 * (4.0 * r * r - d * d).sqrt()
}

/// Area of the cap of a circle of radius `r` beyond a chord at distance `h` from the centre.
fn cap(r: f64, h: f64) -> f64 {
    r * r * (h / r).acos() - h * (r * r - h * h).sqrt()
}

#[test]
fn default_radius_is_four_minutes_at_thirty_kmh_over_circuity() {
    // 建标152-2017: 5 min = 1 min turnout + 4 min driving; 240 s × 30 km/h ÷ 1.3.
    let r = radius_m(&StraightLine::default(), 240);
    assert!((r - 2000.0 / 1.3).abs() < 1e-9, "{r}");
}

#[test]
fn two_stations_hand_computed_areas() {
    let (a, b) = (at_m(-1000.0, 0.0), at_m(1000.0, 0.0));
    let mut small = station(2, b);
    small.class = StationClass::Small;
    let s = snap(vec![station(1, a), small], Vec::new(), city());
    let rep = radius_run(&s, false);
    let r = 2000.0 / 1.3;
    let d = a.distance_m(b);
    let disc = std::f64::consts::PI * r * r;
    let tol = 0.002; // chords (0.04 %) plus projection and geodesic differences
    let close = |got_km2: f64, want_m2: f64| (got_km2 * 1e6 - want_m2).abs() <= tol * want_m2;

    assert_eq!(rep.summary.stations, 2);
    assert!(close(rep.summary.covered_km2, 2.0 * disc - lens(r, d)), "{}", rep.summary.covered_km2);
    assert!((rep.summary.overlap_km2 * 1e6 - lens(r, d)).abs() < 0.01 * lens(r, d), "{}", rep.summary.overlap_km2);
    let city_m2 = 40_000.0 * 40_000.0;
    assert!((rep.summary.study_area_km2 * 1e6 - city_m2).abs() < 0.002 * city_m2);
    assert!((rep.summary.covered_fraction - rep.summary.covered_km2 / rep.summary.study_area_km2).abs() < 1e-12);
    for st in &rep.stations {
        assert_eq!(st.radius_m, Some(r));
        assert_eq!(st.turnout_s, 60);
        assert_eq!(st.drive_s, 240);
        assert!(close(st.reach_km2, disc), "{}", st.reach_km2);
        // The bisector cuts each disc's cap beyond d/2.
        assert!(close(st.jurisdiction_km2, disc - cap(r, d / 2.0)), "{}", st.jurisdiction_km2);
        assert_eq!(st.enclaves, 0);
    }
    // 6.56 km² is within 一级站's 7 km² but not 小型站's 2 km².
    assert!(!rep.stations[0].over_limit);
    assert!(rep.stations[1].over_limit);
    // The district is the whole city: same figures.
    assert_eq!(rep.districts.len(), 1);
    assert!((rep.districts[0].covered_km2 - rep.summary.covered_km2).abs() < 1e-6);
}

#[test]
fn own_turnout_shrinks_the_radius_and_logistics_cover_nothing() {
    let mut slow = station(1, at_m(0.0, 0.0));
    slow.turnout_s = Some(120);
    let mut logistics = station(2, at_m(5000.0, 0.0));
    logistics.class = StationClass::Logistics;
    let rep = radius_run(&snap(vec![slow, logistics], Vec::new(), city()), false);
    assert_eq!(rep.stations.len(), 1);
    assert_eq!(rep.stations[0].drive_s, 180);
    assert_eq!(rep.stations[0].radius_m, Some(180.0 * 30.0 / 3.6 / 1.3));
}

#[test]
fn a_jurisdiction_cut_by_the_city_edge_has_an_enclave() {
    // A city shaped like a U: the station sits in one arm, its disc reaches the other arm.
    let arm = |x0: f64, x1: f64| [114.3 + dlon(x0), LAT, 114.3 + dlon(x1), LAT + 3000.0 / 110_950.0];
    let mut areas = vec![area_box(1, "410502", AreaLevel::District, Some("410500"), arm(-1000.0, -200.0))];
    areas.push(area_box(2, "410503", AreaLevel::District, Some("410500"), arm(200.0, 1000.0)));
    let s = snap(vec![station(1, at_m(-600.0, 1500.0))], Vec::new(), areas);
    let rep = radius_run(&s, false);
    assert_eq!(rep.stations[0].enclaves, 1);
    assert!(rep.stations[0].enclave_km2 > 0.5, "{}", rep.stations[0].enclave_km2);
}

#[test]
fn planned_stations_count_only_with_planned_and_before_is_existing_only() {
    let mut planned = station(2, at_m(8000.0, 0.0));
    planned.status = StationStatus::Planned;
    let mut closed = station(3, at_m(-8000.0, 0.0));
    closed.status = StationStatus::OutOfService;
    let ents = vec![enterprise(1, at_m(8200.0, 0.0), RiskLevel::Red), enterprise(2, at_m(100.0, 0.0), RiskLevel::Blue)];
    let s = snap(vec![station(1, at_m(0.0, 0.0)), planned, closed], ents, city());
    let today = radius_run(&s, false);
    let after = radius_run(&s, true);
    assert_eq!(today.summary.stations, 1);
    assert_eq!(after.summary.stations, 2);
    assert_eq!(after.before.as_ref(), Some(&today.summary));
    assert!(after.summary.covered_km2 > 1.9 * today.summary.covered_km2);
    assert_eq!(today.summary.red_orange_outside, 1);
    assert_eq!(today.enterprises_outside[0].quickest_station.as_deref(), Some("站1"));
    assert!(today.enterprises_outside[0].arrival_s.unwrap() > 300.0);
    assert_eq!(after.summary.red_orange_outside, 0);
    assert_eq!(after.stations[1].enterprises_first, 1);
}

#[test]
fn townships_outside_urban_protection_and_their_teams() {
    let box_at = |x0: f64| [114.3 + dlon(x0), LAT, 114.3 + dlon(x0 + 3000.0), LAT + 3000.0 / 110_950.0];
    let mut areas = city();
    areas.push(area_box(10, "410502001", AreaLevel::Township, Some("410502"), box_at(0.0)));
    areas.push(area_box(11, "410502002", AreaLevel::Township, Some("410502"), box_at(10_000.0)));
    areas.push(area_box(12, "410502003", AreaLevel::Township, Some("410502"), box_at(-10_000.0)));
    let mut t = team(5, at_m(11_500.0, 1500.0), &[]);
    t.kind = TeamKind::Township;
    let mut township_station = station(7, at_m(-8500.0, 1500.0));
    township_station.class = StationClass::TownshipFullTime;
    let s = Snapshot::from_parts(
        vec![station(1, at_m(1500.0, 1500.0)), township_station],
        vec![t],
        Vec::new(),
        Vec::new(),
        areas,
    );
    let rep = radius_run(&s, false);
    assert_eq!(rep.townships.len(), 3);
    let codes: Vec<&str> = rep.townships_outside.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["410502002", "410502003"]);
    let g2 = &rep.townships_outside[0];
    assert_eq!(g2.township_teams, ["队5"]);
    assert!(!g2.needs_team);
    assert_eq!(g2.covered_fraction, 0.0);
    assert!((g2.uncovered_km2 - 9.0).abs() < 0.02, "{}", g2.uncovered_km2);
    // The township team's own reach counts as covered, not as urban protection.
    let g3 = &rep.townships_outside[1];
    assert_eq!(g3.township_teams, ["站7"]);
    assert_eq!(g3.urban_covered_fraction, 0.0);
    assert!(g3.covered_fraction > 0.5);
    // The inner township: a 3 km square around the station, r = 1 538 m reaches all but corners.
    let inner = &rep.townships[0];
    let r = 2000.0 / 1.3;
    let want = (std::f64::consts::PI * r * r - 4.0 * cap(r, 1500.0)) / 9e6;
    assert!((inner.covered_fraction - want).abs() < 0.003, "{} vs {want}", inner.covered_fraction);
}

#[test]
fn time_mode_needs_roads() {
    let s = snap(vec![station(1, at_m(0.0, 0.0))], Vec::new(), city());
    let opts = CoverageOptions { mode: Mode::Time, ..CoverageOptions::default() };
    let err = analyse(&s, &ProtectionSettings::default(), &opts, None).unwrap_err();
    assert!(matches!(err, CoverageError::NoRoads));
    assert!(err.to_string().contains("roads import"));
}

#[test]
fn time_mode_on_a_grid_agrees_with_per_station_routed_times() {
    let net = build::build(synthetic::grid_city(12, 250.0, 3), &Silent).unwrap();
    let r = crate::routing::Router::new(Arc::new(net), SpeedProfile::default(), None);
    let nodes = r.network().nodes().to_vec();
    let stations = vec![station(1, nodes[14]), station(2, nodes[120])];
    let ents: Vec<Enterprise> =
        nodes.iter().step_by(3).enumerate().map(|(k, p)| enterprise(k as i64 + 1, *p, RiskLevel::Orange)).collect();
    let s = snap(stations.clone(), ents.clone(), Vec::new());
    let opts = CoverageOptions { mode: Mode::Time, response_s: Some(150), with_planned: false };
    let rep = analyse(&s, &ProtectionSettings::default(), &opts, Some(&r)).unwrap();
    assert!(!rep.estimate);
    let mut covered = 0;
    for e in &ents {
        let best = stations
            .iter()
            .filter_map(|st| r.reach(&[st.location], Metric::Time, None).cost_at(e.location))
            .map(|c| 60.0 + c.cost)
            .fold(f64::INFINITY, f64::min);
        covered += usize::from(best <= 150.0);
    }
    let total: usize = rep.summary.enterprises.iter().map(|l| l.covered).sum();
    assert_eq!(total, covered);
    assert!(covered > 0 && covered < ents.len(), "{covered}");
    assert_eq!(rep.summary.red_orange_outside, ents.len() - covered);
    assert!(rep.summary.covered_km2 > 0.0);
}

/// The rule, brute force over every station–enterprise pair.
fn brute_covered(s: &Snapshot, settings: &ProtectionSettings, with_planned: bool) -> Vec<bool> {
    s.enterprises
        .iter()
        .map(|e| {
            s.stations.iter().any(|st| {
                in_scope(st.status, with_planned)
                    && settings.coverage.limit_km2(st.class) > 0.0
                    && settings.turnout.station(st) as f64 + settings.straight_line.leg(st.location, e.location).seconds
                        <= settings.coverage.response_s as f64 + 1e-9
            })
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn enterprise_counts_agree_with_brute_force(
        st in prop::collection::vec((-6000.0..6000.0f64, -6000.0..6000.0f64, 0..7usize, 0..3u8, 0..200u32), 1..12),
        en in prop::collection::vec((-8000.0..8000.0f64, -8000.0..8000.0f64, 0..4usize), 0..80),
        with_planned in any::<bool>(),
    ) {
        let stations: Vec<Station> = st.iter().enumerate().map(|(k, (x, y, c, status, turnout))| {
            let mut s = station(k as i64 + 1, at_m(*x, *y));
            s.class = StationClass::ALL[*c];
            s.status = [StationStatus::Existing, StationStatus::Planned, StationStatus::OutOfService][*status as usize];
            s.turnout_s = (*turnout < 150).then_some(*turnout);
            s
        }).collect();
        let ents: Vec<Enterprise> = en.iter().enumerate()
            .map(|(k, (x, y, l))| enterprise(k as i64 + 1, at_m(*x, *y), RiskLevel::ALL[*l]))
            .collect();
        let s = snap(stations, ents, city());
        let settings = ProtectionSettings::default();
        let rep = radius_run(&s, with_planned);
        let brute = brute_covered(&s, &settings, with_planned);
        for level in RiskLevel::ALL {
            let want = s.enterprises.iter().zip(&brute).filter(|(e, c)| e.risk == *level && **c).count();
            let got = rep.summary.enterprises.iter().find(|l| l.level == *level).unwrap();
            prop_assert_eq!(got.covered, want);
        }
        let outside = s.enterprises.iter().zip(&brute)
            .filter(|(e, c)| matches!(e.risk, RiskLevel::Red | RiskLevel::Orange) && !**c).count();
        prop_assert_eq!(rep.enterprises_outside.len(), outside);
        let firsts: usize = rep.stations.iter().map(|x| x.enterprises_first).sum();
        prop_assert_eq!(firsts, brute.iter().filter(|c| **c).count());
        // Areas: covered ≤ the sum of reaches; overlap ≤ covered; jurisdictions tile the covered area.
        let reach_sum: f64 = rep.stations.iter().map(|x| x.reach_km2).sum();
        let jur_sum: f64 = rep.stations.iter().map(|x| x.jurisdiction_km2).sum();
        prop_assert!(rep.summary.covered_km2 <= reach_sum + 1e-6);
        prop_assert!(rep.summary.overlap_km2 <= rep.summary.covered_km2 + 1e-6);
        prop_assert!((jur_sum - rep.summary.covered_km2).abs() <= 1e-3 * rep.summary.covered_km2.max(1.0),
            "jurisdictions {} vs covered {}", jur_sum, rep.summary.covered_km2);
    }
}

#[test]
fn runs_are_deterministic() {
    let stations: Vec<Station> =
        (0..8).map(|k| station(k + 1, at_m((k as f64 * 1700.0) % 9000.0, (k as f64 * 2900.0) % 7000.0))).collect();
    let s = snap(stations, Vec::new(), city());
    let a = radius_run(&s, true);
    let b = radius_run(&s, true);
    assert_eq!(a, b);
}

#[test]
fn time_mode_jurisdictions_follow_first_arrival_on_the_roads() {
    let net = build::build(synthetic::grid_city(14, 200.0, 7), &Silent).unwrap();
    let r = crate::routing::Router::new(Arc::new(net), SpeedProfile::default(), None);
    let nodes = r.network().nodes().to_vec();
    let stations = vec![station(1, nodes[30]), station(2, nodes[150])];
    let s = snap(stations.clone(), Vec::new(), Vec::new());
    let opts = CoverageOptions { mode: Mode::Time, response_s: Some(200), with_planned: false };
    let rep = analyse(&s, &ProtectionSettings::default(), &opts, Some(&r)).unwrap();
    let each: Vec<_> = stations.iter().map(|st| r.reach(&[st.location], Metric::Time, None)).collect();
    let (mut owned, mut checked) = (0, 0);
    for p in &nodes {
        let t: Vec<f64> = each.iter().map(|x| x.cost_at(*p).map_or(f64::INFINITY, |c| 60.0 + c.cost)).collect();
        let inside = |k: usize| rep.shapes.jurisdictions[k].contains(&Point::new(p.lon, p.lat));
        for k in 0..2 {
            // Reached first with time to spare: its own road's strip holds it.
            if t[k] < 199.0 && t[k] < t[1 - k] {
                assert!(inside(k), "station {k} reaches {p:?} first at {}", t[k]);
                owned += 1;
            }
            // Never reached in time: in no strip of that station.
            if t[k] > 201.0 {
                assert!(!inside(k), "station {k} does not reach {p:?} ({})", t[k]);
                checked += 1;
            }
        }
    }
    assert!(owned > 10 && checked > 10, "{owned} {checked}");
    for st in &rep.stations {
        assert!(st.jurisdiction_km2 > 0.0 && st.jurisdiction_km2 <= st.reach_km2 + 1e-9);
    }
}
