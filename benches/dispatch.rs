//! Nearest-responder search and the full dispatch answer (issue 4).
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench dispatch`
//!
//! - `k_nearest/N/*`: the k nearest of N stations to a random point, as `onemap nearest` answers
//!   it (geodesic distances and ETAs included), against two brute-force scans measured in the
//!   same run: `brute_geodesic` (the same exact answer: geodesic distance to every point) and
//!   `brute_planar` (the cheapest possible scan: planar distance to pre-projected points).
//!   `index_only` is the planar R-tree query without geodesic distances, for scale.
//! - `dispatch/*`: the whole answer (stations, teams, depots, shortfalls) on province-scale data
//!   (20,000 resources over Henan's extent) with the straight-line travel estimate.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use onemap::analysis::dispatch::{Incident, plan};
use onemap::analysis::fixtures::{depot, station, station_with, team};
use onemap::analysis::incident_types::{IncidentTemplates, MaterialNeed};
use onemap::analysis::nearest::{NearestQuery, RankBy, Responders, UnitFilter};
use onemap::analysis::protection::ProtectionSettings;
use onemap::analysis::travel::{StraightLine, TravelModel};
use onemap::model::{Layer, LonLat, StationStatus};
use onemap::snapshot::Snapshot;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Henan province's extent, roughly: a province-scale region.
const WEST: f64 = 110.3;
const EAST: f64 = 116.6;
const SOUTH: f64 = 31.4;
const NORTH: f64 = 36.4;

fn random_point(rng: &mut StdRng) -> LonLat {
    LonLat::new(rng.random_range(WEST..EAST), rng.random_range(SOUTH..NORTH))
}

fn k_nearest(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(4);
    let queries: Vec<LonLat> = (0..256).map(|_| random_point(&mut rng)).collect();
    let model = StraightLine::default();
    let settings = ProtectionSettings::default();
    for n in [1_000usize, 10_000, 100_000, 1_000_000] {
        let stations: Vec<_> = (0..n).map(|i| station(i as i64 + 1, random_point(&mut rng))).collect();
        let snap = Snapshot::from_parts(stations, vec![], vec![], vec![], vec![]);
        let r = Responders::new(&snap, &settings, &model);
        let points: Vec<(i64, LonLat)> = snap.stations.iter().map(|s| (s.id, s.location)).collect();
        let projected: Vec<(i64, f64, f64)> = snap
            .stations
            .iter()
            .map(|s| {
                let m = snap.projection.to_local(s.location);
                (s.id, m.x, m.y)
            })
            .collect();

        let mut group = c.benchmark_group(format!("k_nearest/{n}"));
        if n >= 100_000 {
            group.sample_size(10);
        }
        for k in [1usize, 5, 20] {
            let mut i = 0usize;
            // What `onemap nearest` does: R-tree candidates, then geodesic distances and ETAs.
            let query = |at: LonLat, by: RankBy| NearestQuery {
                at,
                layers: vec![Layer::Stations],
                k,
                filter: UnitFilter::default(),
                by,
            };
            group.bench_with_input(BenchmarkId::new("rtree", k), &k, |b, _| {
                b.iter(|| {
                    i += 1;
                    black_box(r.nearest(&query(queries[i % queries.len()], RankBy::Distance)).map_or(0, |v| v.len()))
                })
            });
            // The spatial query alone: planar k-nearest in the R-tree, no geodesic distances.
            group.bench_with_input(BenchmarkId::new("index_only", k), &k, |b, &k| {
                b.iter(|| {
                    i += 1;
                    let m = snap.projection.to_local(queries[i % queries.len()]);
                    black_box(snap.station_index.nearest(m, k, |_, _| true).len())
                })
            });
            group.bench_with_input(BenchmarkId::new("rtree_by_time", k), &k, |b, _| {
                b.iter(|| {
                    i += 1;
                    black_box(r.nearest(&query(queries[i % queries.len()], RankBy::Time)).map_or(0, |v| v.len()))
                })
            });
            group.bench_with_input(BenchmarkId::new("brute_geodesic", k), &k, |b, &k| {
                b.iter(|| {
                    i += 1;
                    let at = queries[i % queries.len()];
                    let mut d: Vec<(f64, i64, LonLat)> =
                        points.iter().map(|(id, p)| (p.distance_m(at), *id, *p)).collect();
                    let cmp = |a: &(f64, i64, LonLat), b: &(f64, i64, LonLat)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
                    if d.len() > k {
                        d.select_nth_unstable_by(k, cmp);
                        d.truncate(k);
                    }
                    d.sort_by(cmp);
                    let sources: Vec<LonLat> = d.iter().map(|x| x.2).collect();
                    black_box(model.many_to_one(&sources, at).len())
                })
            });
            group.bench_with_input(BenchmarkId::new("brute_planar", k), &k, |b, &k| {
                b.iter(|| {
                    i += 1;
                    let m = snap.projection.to_local(queries[i % queries.len()]);
                    let mut d: Vec<(f64, i64)> =
                        projected.iter().map(|(id, x, y)| ((x - m.x).powi(2) + (y - m.y).powi(2), *id)).collect();
                    let cmp = |a: &(f64, i64), b: &(f64, i64)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
                    if d.len() > k {
                        d.select_nth_unstable_by(k, cmp);
                        d.truncate(k);
                    }
                    d.sort_by(cmp);
                    black_box(d.len())
                })
            });
        }
        group.finish();
    }
}

const CAPABILITIES: [&str; 13] =
    ["火灾", "危化", "建筑坍塌", "水域", "高空", "山岳", "医疗", "有限空间", "燃气", "地震", "防汛", "电力", "矿山"];
const VEHICLES: [&str; 6] = ["水罐车", "泡沫车", "举高喷射车", "抢险救援车", "化学洗消车", "通信指挥车"];

/// 20,000 resources: 4,000 stations (5 % out of service), 10,000 teams, 6,000 depots holding
/// every default template's materials in random amounts.
fn province(rng: &mut StdRng) -> Snapshot {
    let items: Vec<(String, String)> = IncidentTemplates::default()
        .types
        .iter()
        .flat_map(|t| t.materials.iter().map(|m| (m.item.clone(), m.unit.clone())))
        .collect();
    let stations = (0..4_000)
        .map(|i| {
            let v: Vec<(&str, u32)> = VEHICLES.iter().map(|k| (*k, rng.random_range(0..3))).collect();
            let mut s = station_with(i + 1, random_point(rng), &v);
            if rng.random_bool(0.05) {
                s.status = StationStatus::OutOfService;
            }
            s
        })
        .collect();
    let teams = (0..10_000)
        .map(|i| {
            let caps: Vec<&str> = CAPABILITIES.iter().copied().filter(|_| rng.random_bool(0.15)).collect();
            team(i + 1, random_point(rng), &caps)
        })
        .collect();
    let depots = (0..6_000)
        .map(|i| {
            let mut stock: Vec<(&str, &str, f64)> = Vec::new();
            for (item, unit) in &items {
                if rng.random_bool(0.3) {
                    stock.push((item.as_str(), unit.as_str(), rng.random_range(0.0..50.0f64).floor()));
                }
            }
            depot(i + 1, random_point(rng), &stock)
        })
        .collect();
    Snapshot::from_parts(stations, teams, depots, vec![], vec![])
}

fn dispatch(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(20_000);
    let snap = province(&mut rng);
    let model = StraightLine::default();
    let settings = ProtectionSettings::default();
    let r = Responders::new(&snap, &settings, &model);
    let templates = IncidentTemplates::default();
    let queries: Vec<LonLat> = (0..64).map(|_| random_point(&mut rng)).collect();
    let when = chrono::Utc::now();
    let mut group = c.benchmark_group("dispatch/20k_resources");
    for key in ["fire", "hazmat", "earthquake"] {
        let template = templates.find(key).cloned().unwrap_or_else(|e| panic!("{e}"));
        let mut i = 0usize;
        group.bench_function(key, |b| {
            b.iter(|| {
                i += 1;
                let incident = Incident { at: queries[i % queries.len()], template: template.clone(), when };
                black_box(plan(&r, &incident).map(|p| p.depots.len()).unwrap_or(0))
            })
        });
    }
    // Building the prepared responders (once per snapshot in the window) plus one answer.
    let hazmat = templates.find("hazmat").cloned().unwrap_or_else(|e| panic!("{e}"));
    let mut i = 0usize;
    group.bench_function("hazmat_including_setup", |b| {
        b.iter(|| {
            i += 1;
            let r = Responders::new(&snap, &settings, &model);
            let incident = Incident { at: queries[i % queries.len()], template: hazmat.clone(), when };
            black_box(plan(&r, &incident).map(|p| p.depots.len()).unwrap_or(0))
        })
    });
    // Worst case: a quantity no province holds, so every depot with the item is drawn on.
    let mut impossible = hazmat.clone();
    impossible.materials = vec![MaterialNeed { item: "吸附棉".into(), unit: "吨".into(), quantity: 1e9 }];
    group.bench_function("hazmat_shortfall_worst_case", |b| {
        b.iter(|| {
            i += 1;
            let incident = Incident { at: queries[i % queries.len()], template: impossible.clone(), when };
            black_box(plan(&r, &incident).map(|p| p.depots.len()).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, k_nearest, dispatch);
criterion_main!(benches);
