//! Coverage (issue "Coverage: protection radii, the 5-minute rule, and who is left outside"):
//! the whole demo city in radius mode, a province-sized set in radius mode, and drive-time
//! mode on a generated road network of about one million directed arcs. Baselines in the same
//! run: the union of the stations' discs alone (radius), and the existing all-stations
//! isochrone of `routing` (time).
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench coverage`
//! (`COVERAGE_TIME_STATIONS=2000` sets the drive-time station count; default 2000.)

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use onemap::analysis::coverage::{CoverageOptions, Mode, analyse, radius_m};
use onemap::analysis::coverage_geometry::{disc, union_all};
use onemap::analysis::fixtures::{area_box, enterprise, station};
use onemap::analysis::protection::ProtectionSettings;
use onemap::model::{AdminArea, AreaLevel, Labelled, LonLat, RiskLevel};
use onemap::progress::Silent;
use onemap::routing::{Router, SpeedProfile, build, synthetic};
use onemap::snapshot::Snapshot;
use onemap::store::Project;

fn demo() -> (tempfile::TempDir, Snapshot) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("anyang.gpkg");
    onemap::demo::create(&path, None).expect("demo project");
    let snap = Snapshot::load(&Project::open(&path).expect("open")).expect("snapshot");
    (dir, snap)
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n × n` township boxes tiling `[w, s, e, n]`, under one city box.
fn township_grid(n: usize, [w, s, e, nn]: [f64; 4]) -> Vec<AdminArea> {
    let mut areas = vec![area_box(1, "410000", AreaLevel::City, None, [w, s, e, nn])];
    let (dx, dy) = ((e - w) / n as f64, (nn - s) / n as f64);
    for i in 0..n {
        for j in 0..n {
            let id = (2 + i * n + j) as i64;
            let b = [w + j as f64 * dx, s + i as f64 * dy, w + (j + 1) as f64 * dx, s + (i + 1) as f64 * dy];
            areas.push(area_box(id, &format!("41{id:07}"), AreaLevel::Township, Some("410000"), b));
        }
    }
    areas
}

/// 2 000 stations, 100 000 enterprises, 2 025 townships over a 400 km square (a province).
fn province(rng: &mut Lcg) -> Snapshot {
    let bbox = [112.0, 32.5, 116.5, 36.1];
    let at = |rng: &mut Lcg| {
        LonLat::new(bbox[0] + rng.next() * (bbox[2] - bbox[0]), bbox[1] + rng.next() * (bbox[3] - bbox[1]))
    };
    let stations = (0..2000).map(|k| station(k + 1, at(rng))).collect();
    let enterprises =
        (0..100_000).map(|k| enterprise(k + 1, at(rng), RiskLevel::ALL[(rng.next() * 4.0) as usize % 4])).collect();
    Snapshot::from_parts(stations, Vec::new(), Vec::new(), enterprises, township_grid(45, bbox))
}

fn bench(c: &mut Criterion) {
    let settings = ProtectionSettings::default();
    let radius = CoverageOptions { mode: Mode::Radius, response_s: None, with_planned: false };
    let planned = CoverageOptions { with_planned: true, ..radius.clone() };

    // The demo city, radius mode.
    let (_dir, snap) = demo();
    let mut g = c.benchmark_group("coverage_demo");
    g.bench_function("radius_existing", |b| b.iter(|| black_box(analyse(&snap, &settings, &radius, None).ok())));
    g.bench_function("radius_with_planned_and_before", |b| {
        b.iter(|| black_box(analyse(&snap, &settings, &planned, None).ok()))
    });
    let r = radius_m(&settings.straight_line, 240);
    g.bench_function("baseline_union_of_discs", |b| {
        b.iter(|| {
            let discs: Vec<geo_types::MultiPolygon<f64>> = snap
                .stations
                .iter()
                .filter(|s| s.status.in_service())
                .map(|s| geo_types::MultiPolygon(vec![disc(snap.projection.to_local(s.location), r)]))
                .collect();
            black_box(union_all(discs.iter()))
        })
    });
    g.finish();

    // A province, radius mode.
    let mut rng = Lcg(11);
    let prov = province(&mut rng);
    let mut g = c.benchmark_group("coverage_province");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("radius_2000_stations_100k_enterprises_2025_townships", |b| {
        b.iter(|| black_box(analyse(&prov, &settings, &radius, None).ok()))
    });
    g.finish();

    // Drive time on ~1M directed arcs: one timed run each (too long for criterion's samples).
    let t = Instant::now();
    let net = build::build(synthetic::grid_city(505, 120.0, 42), &Silent).expect("synthetic city builds");
    let router = Router::new(Arc::new(net), SpeedProfile::default(), None);
    let nodes = router.network().nodes().to_vec();
    eprintln!(
        "road city: {} junctions, {} directed arcs, built in {:.2?}",
        nodes.len(),
        router.arc_count(),
        t.elapsed()
    );
    let n_st: usize = std::env::var("COVERAGE_TIME_STATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let pick = |rng: &mut Lcg| nodes[(rng.next() * nodes.len() as f64) as usize % nodes.len()];
    let stations: Vec<_> = (0..n_st).map(|k| station(k as i64 + 1, pick(&mut rng))).collect();
    let enterprises: Vec<_> = (0..100_000)
        .map(|k| enterprise(k + 1, pick(&mut rng), RiskLevel::ALL[(rng.next() * 4.0) as usize % 4]))
        .collect();
    let bb = router.network().bbox().expect("network has an extent");
    let areas = township_grid(45, [bb.west, bb.south, bb.east, bb.north]);
    let places: Vec<LonLat> = stations.iter().map(|s| s.location).collect();
    let snap_t = Snapshot::from_parts(stations, Vec::new(), Vec::new(), enterprises, areas);
    let time = CoverageOptions { mode: Mode::Time, ..radius };
    let t = Instant::now();
    black_box(router.isochrones(&places, &[4.0]));
    let base = t.elapsed();
    eprintln!("coverage_time baseline: all-stations isochrone {base:.2?}");
    let t = Instant::now();
    let rep = analyse(&snap_t, &settings, &time, Some(&router)).expect("time coverage");
    let full = t.elapsed();
    eprintln!(
        "coverage_time: {n_st} stations, 100000 enterprises, 2025 townships: analyse {full:.2?}; \
         baseline all-stations isochrone {base:.2?} (ratio {:.1}); covered {:.1} km²",
        full.as_secs_f64() / base.as_secs_f64(),
        rep.summary.covered_km2
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
