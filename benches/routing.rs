//! Road routing on a generated city of about one million directed arcs: one-to-all, 200-source
//! multi-source, point-to-point (contraction hierarchy and plain Dijkstra), isochrones, against
//! `petgraph::algo::dijkstra` on the same arcs as the baseline.
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench routing`

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use petgraph::graph::{DiGraph, NodeIndex};

use onemap::analysis::travel::TravelModel;
use onemap::model::LonLat;
use onemap::progress::Silent;
use onemap::routing::{Metric, Router, SpeedProfile, build, synthetic};

/// 505 × 505 junctions: about 1.0 million directed arcs after one-way streets and gaps.
const GRID: usize = 505;

struct Setup {
    router: Router,
    petgraph: DiGraph<(), f64>,
    places: Vec<LonLat>,
}

fn setup() -> Setup {
    let t = Instant::now();
    let net = build::build(synthetic::grid_city(GRID, 120.0, 42), &Silent).expect("synthetic city builds");
    let built = t.elapsed();
    let t = Instant::now();
    let router = Router::new(Arc::new(net), SpeedProfile::default(), None);
    let prepared = t.elapsed();
    let n = router.network().node_count();
    let mut g: DiGraph<(), f64> = DiGraph::with_capacity(n, router.arc_count());
    for _ in 0..n {
        g.add_node(());
    }
    for (i, s) in router.network().segments().iter().enumerate() {
        let secs = router.segment_seconds(i as u32);
        g.add_edge(NodeIndex::new(s.from as usize), NodeIndex::new(s.to as usize), secs);
        if s.direction == onemap::routing::Direction::Both {
            g.add_edge(NodeIndex::new(s.to as usize), NodeIndex::new(s.from as usize), secs);
        }
    }
    let mut seed = 7u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    let places: Vec<LonLat> =
        (0..400).map(|_| router.network().node((next() % n) as u32).unwrap_or(LonLat::new(0.0, 0.0))).collect();
    eprintln!(
        "city: {n} junctions, {} segments, {} directed arcs ({} in petgraph); built in {built:.2?}, router in {prepared:.2?}",
        router.network().segment_count(),
        router.arc_count(),
        g.edge_count()
    );
    let t = Instant::now();
    router.prepare_fast(Metric::Time);
    eprintln!("contraction hierarchy prepared in {:.2?}", t.elapsed());
    Setup { router, petgraph: g, places }
}

fn bench(c: &mut Criterion) {
    let s = setup();
    let r = &s.router;
    let centre = r.network().node(r.network().node_count() as u32 / 2).unwrap_or(LonLat::new(0.0, 0.0));
    let mut group = c.benchmark_group("roads_1M_arcs");
    group.sample_size(10);
    group.bench_function("one_to_all", |b| {
        b.iter(|| black_box(r.reach(&[centre], Metric::Time, None).node_costs().len()))
    });
    group.bench_function("petgraph_dijkstra_one_to_all", |b| {
        b.iter(|| {
            black_box(
                petgraph::algo::dijkstra(&s.petgraph, NodeIndex::new(r.network().node_count() / 2), None, |e| {
                    *e.weight()
                })
                .len(),
            )
        })
    });
    let stations = &s.places[..200];
    group.bench_function("multi_source_200", |b| {
        b.iter(|| black_box(r.reach(stations, Metric::Time, None).node_costs().len()))
    });
    group.bench_function("one_to_many_150_targets", |b| {
        b.iter(|| black_box(r.one_to_many(centre, &s.places[200..350]).len()))
    });
    group.bench_function("isochrone_5_10_min_one_station", |b| {
        b.iter(|| black_box(r.isochrones(&[centre], &[5.0, 10.0]).len()))
    });
    group.bench_function("isochrone_5_min_29_stations", |b| {
        b.iter(|| black_box(r.isochrones(&s.places[..29], &[5.0]).len()))
    });
    group.finish();

    let mut group = c.benchmark_group("roads_1M_arcs_p2p");
    group.sample_size(20);
    let pairs: Vec<(LonLat, LonLat)> = s.places.chunks(2).map(|p| (p[0], p[1])).collect();
    let mut k = 0usize;
    group.bench_function("route_contraction_hierarchy", |b| {
        b.iter(|| {
            k = (k + 1) % pairs.len();
            black_box(r.route_fast(pairs[k].0, pairs[k].1, Metric::Time).map(|x| x.seconds).ok())
        })
    });
    group.bench_function("route_dijkstra", |b| {
        b.iter(|| {
            k = (k + 1) % pairs.len();
            black_box(r.route_dijkstra(pairs[k].0, pairs[k].1, Metric::Time).map(|x| x.seconds).ok())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
