//! Building the road graph from a large OSM PBF: wall time and peak memory (VmHWM).
//! The file is generated offline by `tools/make_bench_pbf.py` (about 200 MB); set
//! `ONEMAP_BENCH_PBF` to use another. With `ONEMAP_BENCH_IMPORT=1` also imports it into a
//! fresh project (the full `onemap roads import`, database writes included).
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench roads_pbf`

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use onemap::progress::Silent;
use onemap::routing::{Metric, RoadImport, Router, SpeedProfile, build, import_roads, source};

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let path =
        PathBuf::from(std::env::var("ONEMAP_BENCH_PBF").unwrap_or_else(|_| "/work/bench-data/city.osm.pbf".into()));
    let Ok(meta) = std::fs::metadata(&path) else {
        eprintln!("{} not found: generate it with tools/make_bench_pbf.py (skipped)", path.display());
        return;
    };
    println!("file: {} ({:.0} MB)", path.display(), meta.len() as f64 / 1e6);
    let profile = SpeedProfile::default();
    let t = Instant::now();
    let raw = source::read(&path, None, &profile, &Silent).expect("readable PBF");
    let read = t.elapsed();
    println!(
        "read: {read:.2?}, {} road ways, {} node positions kept, peak {:.0} MB",
        raw.ways.len(),
        raw.nodes.len(),
        peak_rss_mb()
    );
    let t = Instant::now();
    let net = build::build(raw, &Silent).expect("buildable");
    println!(
        "build: {:.2?}, {} junctions, {} segments, {:.0} km; peak {:.0} MB",
        t.elapsed(),
        net.node_count(),
        net.segment_count(),
        net.summary.length_km,
        peak_rss_mb()
    );
    let t = Instant::now();
    let router = Router::new(Arc::new(net), profile, None);
    println!("router: {:.2?}, {} arcs; peak {:.0} MB", t.elapsed(), router.arc_count(), peak_rss_mb());
    let t = Instant::now();
    let reach =
        router.reach(&[router.network().node(0).unwrap_or(onemap::model::LonLat::new(0.0, 0.0))], Metric::Time, None);
    println!("one-to-all on it: {:.2?} ({} nodes)", t.elapsed(), reach.node_costs().len());
    drop(reach);
    drop(router);
    if std::env::var("ONEMAP_BENCH_IMPORT").is_ok_and(|v| v == "1") {
        let dir = std::env::temp_dir().join(format!("onemap-bench-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let db = dir.join("bench.gpkg");
        let mut project = onemap::store::Project::create(&db).expect("new project");
        let t = Instant::now();
        let s = import_roads(&mut project, &RoadImport { file: path, bbox: None }, &Silent).expect("import");
        println!(
            "import into a project: {:.2?}, {} segments; file {:.0} MB; peak {:.0} MB",
            t.elapsed(),
            s.build.segments,
            std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
            peak_rss_mb()
        );
        let t = Instant::now();
        let net = onemap::routing::store::load(&project).expect("load").expect("roads");
        println!("open (graph from cache): {:.2?}, {} segments", t.elapsed(), net.segment_count());
        drop(project);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
