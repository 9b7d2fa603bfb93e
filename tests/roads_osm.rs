//! The road graph and its queries on real OpenStreetMap extracts (West Oakland, a small part of
//! Munich), checked against an independent reading of the same files: a line-based parse, its own
//! segmentation and strongly-connected-component filter, and a plain Dijkstra.

use std::collections::{BinaryHeap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use onemap::analysis::travel::TravelModel;
use onemap::model::LonLat;
use onemap::progress::Silent;
use onemap::routing::{Direction, Metric, RoadNetwork, Router, SpeedProfile, build, source};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osm").join(name)
}

const SAMPLES: [&str; 2] = ["west-oakland.osm.bz2", "munich-small.osm"];

fn text(name: &str) -> String {
    let mut s = String::new();
    let f = std::fs::File::open(data(name)).unwrap();
    if name.ends_with(".bz2") {
        bzip2::read::MultiBzDecoder::new(f).read_to_string(&mut s).unwrap();
    } else {
        std::io::BufReader::new(f).read_to_string(&mut s).unwrap();
    }
    s
}

fn network(name: &str, profile: &SpeedProfile) -> RoadNetwork {
    let raw = source::read(&data(name), None, profile, &Silent).unwrap();
    build::build(raw, &Silent).unwrap()
}

// ---- An independent reading of OSM XML: string scanning, the documented tag rules. ----

fn attr<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!(" {key}=\"");
    let start = line.find(&pat)? + pat.len();
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
}

struct OsmFile {
    pos: HashMap<i64, (f64, f64)>,
    ways: Vec<(i64, Vec<i64>, HashMap<String, String>)>,
}

fn parse(text: &str) -> OsmFile {
    let mut pos = HashMap::new();
    let mut ways = Vec::new();
    let mut cur: Option<(i64, Vec<i64>, HashMap<String, String>)> = None;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("<node ") {
            let id = attr(l, "id").unwrap().parse().unwrap();
            let lat: f64 = attr(l, "lat").unwrap().parse().unwrap();
            let lon: f64 = attr(l, "lon").unwrap().parse().unwrap();
            pos.insert(id, (lon, lat));
        } else if l.starts_with("<way ") && !l.ends_with("/>") {
            cur = Some((attr(l, "id").unwrap().parse().unwrap(), Vec::new(), HashMap::new()));
        } else if l.starts_with("<nd ") {
            if let Some(w) = cur.as_mut() {
                w.1.push(attr(l, "ref").unwrap().parse().unwrap());
            }
        } else if l.starts_with("<tag ") {
            if let Some(w) = cur.as_mut() {
                w.2.insert(attr(l, "k").unwrap().to_string(), attr(l, "v").unwrap().to_string());
            }
        } else if l.starts_with("</way>") {
            ways.extend(cur.take());
        }
    }
    OsmFile { pos, ways }
}

const DRIVABLE: [(&str, f64); 15] = [
    ("motorway", 80.0),
    ("motorway_link", 45.0),
    ("trunk", 60.0),
    ("trunk_link", 35.0),
    ("primary", 45.0),
    ("primary_link", 30.0),
    ("secondary", 35.0),
    ("secondary_link", 25.0),
    ("tertiary", 30.0),
    ("tertiary_link", 20.0),
    ("unclassified", 25.0),
    ("residential", 20.0),
    ("living_street", 10.0),
    ("service", 10.0),
    ("road", 20.0),
];

/// (speed km/h, one-way forward, one-way reversed) for a way the default profile drives on.
fn drivable(tags: &HashMap<String, String>) -> Option<(f64, bool, bool)> {
    let hw = tags.get("highway")?;
    let mut speed = DRIVABLE.iter().find(|(c, _)| c == hw)?.1;
    if tags.get("area").is_some_and(|v| v == "yes") {
        return None;
    }
    let rule = ["emergency", "motor_vehicle", "vehicle", "access"].iter().find_map(|k| tags.get(*k));
    if rule.is_some_and(|v| ["no", "private", "agricultural", "forestry", "military"].contains(&v.as_str())) {
        return None;
    }
    if let Some(m) = tags.get("maxspeed").and_then(|v| v.parse::<f64>().ok()) {
        speed = speed.min(m);
    }
    let implied = tags.get("junction").is_some_and(|j| j == "roundabout") || hw == "motorway";
    let (fwd, rev) = match tags.get("oneway").map(String::as_str) {
        Some("yes" | "1" | "true") => (true, false),
        Some("-1") => (false, true),
        Some("no") => (false, false),
        _ => (implied, false),
    };
    Some((speed, fwd, rev))
}

/// A road piece between junctions, as the test reads it.
#[derive(Debug, Clone)]
struct Piece {
    a: i64,
    b: i64,
    meters: f64,
    seconds: f64,
    oneway: bool,
}

fn geodesic(p: (f64, f64), q: (f64, f64)) -> f64 {
    LonLat::new(p.0, p.1).distance_m(LonLat::new(q.0, q.1))
}

/// Junctions and pieces of the drivable ways, then the component with the most road length.
fn expected(osm: &OsmFile) -> (HashSet<i64>, Vec<Piece>) {
    let mut runs: Vec<(Vec<i64>, f64, bool)> = Vec::new();
    for (_, refs, tags) in &osm.ways {
        let Some((speed, fwd, rev)) = drivable(tags) else { continue };
        let mut refs: Vec<i64> = refs.clone();
        if rev {
            refs.reverse();
        }
        // Nodes missing from the extract cut the way.
        let mut run: Vec<i64> = Vec::new();
        for r in refs.into_iter().chain([i64::MIN]) {
            if osm.pos.contains_key(&r) {
                if run.last() != Some(&r) {
                    run.push(r);
                }
            } else {
                if run.len() >= 2 {
                    runs.push((run.clone(), speed, fwd || rev));
                }
                run.clear();
            }
        }
    }
    let mut uses: HashMap<i64, usize> = HashMap::new();
    for (run, _, _) in &runs {
        for n in run {
            *uses.entry(*n).or_default() += 1;
        }
        for end in [run[0], run[run.len() - 1]] {
            uses.insert(end, 2.max(uses[&end]));
        }
    }
    let mut pieces = Vec::new();
    for (run, speed, oneway) in &runs {
        let mut start = 0;
        for i in 1..run.len() {
            if uses[&run[i]] < 2 {
                continue;
            }
            assert_ne!(run[start], run[i], "the samples have no closed loop between two junctions");
            let meters: f64 = run[start..=i].windows(2).map(|w| geodesic(osm.pos[&w[0]], osm.pos[&w[1]])).sum();
            pieces.push(Piece { a: run[start], b: run[i], meters, seconds: meters / (speed / 3.6), oneway: *oneway });
            start = i;
        }
    }
    // Strongly connected components, naively: a node's component is what it reaches and what
    // reaches it.
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut inc: HashMap<i64, Vec<i64>> = HashMap::new();
    for p in &pieces {
        out.entry(p.a).or_default().push(p.b);
        inc.entry(p.b).or_default().push(p.a);
        if !p.oneway {
            out.entry(p.b).or_default().push(p.a);
            inc.entry(p.a).or_default().push(p.b);
        }
    }
    let reach = |from: i64, adj: &HashMap<i64, Vec<i64>>| {
        let mut seen = HashSet::from([from]);
        let mut stack = vec![from];
        while let Some(v) = stack.pop() {
            for w in adj.get(&v).into_iter().flatten() {
                if seen.insert(*w) {
                    stack.push(*w);
                }
            }
        }
        seen
    };
    let nodes: HashSet<i64> = pieces.iter().flat_map(|p| [p.a, p.b]).collect();
    let mut best: (f64, HashSet<i64>) = (0.0, HashSet::new());
    let mut done: HashSet<i64> = HashSet::new();
    for &n in &nodes {
        if done.contains(&n) {
            continue;
        }
        let comp: HashSet<i64> = reach(n, &out).intersection(&reach(n, &inc)).copied().collect();
        done.extend(comp.iter().copied());
        let len: f64 = pieces.iter().filter(|p| comp.contains(&p.a) && comp.contains(&p.b)).map(|p| p.meters).sum();
        if len > best.0 {
            best = (len, comp);
        }
    }
    let kept: Vec<Piece> = pieces.into_iter().filter(|p| best.1.contains(&p.a) && best.1.contains(&p.b)).collect();
    (best.1, kept)
}

/// Plain Dijkstra over the test's own pieces.
fn dijkstra(pieces: &[Piece], from: i64, distance: bool) -> HashMap<i64, f64> {
    let mut adj: HashMap<i64, Vec<(i64, f64)>> = HashMap::new();
    for p in pieces {
        let c = if distance { p.meters } else { p.seconds };
        adj.entry(p.a).or_default().push((p.b, c));
        if !p.oneway {
            adj.entry(p.b).or_default().push((p.a, c));
        }
    }
    #[derive(PartialEq)]
    struct Item(f64, i64);
    impl Eq for Item {}
    impl Ord for Item {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            o.0.total_cmp(&self.0)
        }
    }
    impl PartialOrd for Item {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut dist = HashMap::from([(from, 0.0)]);
    let mut heap = BinaryHeap::from([Item(0.0, from)]);
    while let Some(Item(d, v)) = heap.pop() {
        if d > dist[&v] {
            continue;
        }
        for &(w, c) in adj.get(&v).into_iter().flatten() {
            if dist.get(&w).is_none_or(|x| d + c < *x) {
                dist.insert(w, d + c);
                heap.push(Item(d + c, w));
            }
        }
    }
    dist
}

fn router(name: &str, profile: SpeedProfile) -> Router {
    let net = network(name, &profile);
    Router::new(Arc::new(net), profile, None)
}

/// A profile where leaving the exact road point costs an hour per metre: places at junctions
/// then route exactly from junction to junction.
fn on_road_only() -> SpeedProfile {
    SpeedProfile { approach_kmh: 0.0036, max_snap_m: 0.001, ..SpeedProfile::default() }
}

/// A small deterministic generator (no dependency on `rand`'s stream across versions).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn node_and_segment_counts_match_an_independent_parse() {
    for name in SAMPLES {
        let osm = parse(&text(name));
        let (nodes, pieces) = expected(&osm);
        let net = network(name, &SpeedProfile::default());
        assert!(pieces.len() >= 5, "{name}: the sample should have a real network");
        assert_eq!(net.node_count(), nodes.len(), "{name}: junctions");
        assert_eq!(net.segment_count(), pieces.len(), "{name}: segments");
        let km: f64 = pieces.iter().map(|p| p.meters).sum::<f64>() / 1000.0;
        assert!((net.summary.length_km - km).abs() < 1e-6 * km, "{name}: {} vs {km} km", net.summary.length_km);
        let oneway = pieces.iter().filter(|p| p.oneway).count();
        assert_eq!(net.summary.oneway_segments, oneway, "{name}: one-way segments");
    }
}

#[test]
fn pbf_and_xml_give_the_same_network() {
    for (xml, pbf) in [("west-oakland.osm.bz2", "west-oakland.osm.pbf"), ("munich-small.osm", "munich-small.osm.pbf")] {
        let (a, b) = (network(xml, &SpeedProfile::default()), network(pbf, &SpeedProfile::default()));
        assert_eq!(a.node_count(), b.node_count(), "{pbf}");
        assert_eq!(a.segments(), b.segments(), "{pbf}");
        assert_eq!(a.nodes(), b.nodes(), "{pbf}");
    }
}

#[test]
fn one_way_streets_are_stored_in_travel_direction_and_cannot_be_driven_backwards() {
    // Munich's sample has no one-way street; West Oakland has several.
    let mut checked = 0;
    for name in SAMPLES {
        let osm = parse(&text(name));
        let r = router(name, on_road_only());
        let net = r.network();
        let oneway_ways: HashMap<i64, Vec<i64>> = osm
            .ways
            .iter()
            .filter(|(_, _, t)| drivable(t).is_some_and(|d| d.1 || d.2))
            .map(|(id, refs, t)| {
                let mut refs = refs.clone();
                if drivable(t).is_some_and(|d| d.2) {
                    refs.reverse();
                }
                (*id, refs)
            })
            .collect();
        for (i, s) in net.segments().iter().enumerate() {
            let Some(refs) = oneway_ways.get(&s.way_id) else {
                assert_eq!(s.direction, Direction::Both, "{name}: way {} is two-way", s.way_id);
                continue;
            };
            assert_eq!(s.direction, Direction::Forward);
            // The stored line runs in the way's direction of travel.
            let g = net.geometry(i as u32);
            let idx = |p: &LonLat| refs.iter().position(|r| osm.pos[r] == (p.lon, p.lat)).unwrap();
            assert!(idx(&g[0]) < idx(&g[g.len() - 1]), "{name}: way {}", s.way_id);
            // Driving it forward takes its time; backwards needs a detour (or is impossible).
            let (a, b) = (net.node(s.from).unwrap(), net.node(s.to).unwrap());
            let fwd = r.route_dijkstra(a, b, Metric::Time).unwrap();
            assert!(fwd.seconds <= r.segment_seconds(i as u32) + 1e-9);
            if let Ok(back) = r.route_dijkstra(b, a, Metric::Time) {
                assert!(back.seconds > r.segment_seconds(i as u32) + 1e-6, "{name}: way {} driven backwards", s.way_id);
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} one-way segments checked");
}

#[test]
fn shortest_paths_agree_with_an_independent_dijkstra() {
    for name in SAMPLES {
        let osm = parse(&text(name));
        let (_, pieces) = expected(&osm);
        let r = router(name, on_road_only());
        let net = r.network();
        let ids: HashMap<(u64, u64), i64> =
            osm.pos.iter().map(|(id, (lon, lat))| ((lon.to_bits(), lat.to_bits()), *id)).collect();
        let osm_id = |p: LonLat| ids[&(p.lon.to_bits(), p.lat.to_bits())];
        let mut rng = Lcg(7);
        for _ in 0..40 {
            let a = net.node((rng.next() * net.node_count() as f64) as u32).unwrap();
            let b = net.node((rng.next() * net.node_count() as f64) as u32).unwrap();
            for (m, distance) in [(Metric::Time, false), (Metric::Distance, true)] {
                let want = dijkstra(&pieces, osm_id(a), distance)[&osm_id(b)];
                let route = r.route_dijkstra(a, b, m).unwrap();
                let got = if distance { route.meters } else { route.seconds };
                assert!((got - want).abs() <= 1e-6 * want + 1e-6, "{name} {m:?}: {got} vs {want}");
                let fast = r.route_fast(a, b, m).unwrap();
                let got_fast = if distance { fast.meters } else { fast.seconds };
                // The hierarchy rounds arc costs to ms / cm; the path it picks may cost that much more.
                assert!(
                    (got_fast - want).abs() <= 0.002 * route.steps.len().max(1) as f64 + 1e-6 * want,
                    "{name} {m:?}"
                );
            }
        }
    }
}

#[test]
fn a_routes_length_is_the_geodesic_length_of_its_line() {
    for name in SAMPLES {
        let r = router(name, SpeedProfile::default());
        let bbox = r.network().bbox().unwrap();
        let mut rng = Lcg(11);
        let mut routed = 0;
        for _ in 0..60 {
            let p = |rng: &mut Lcg| {
                LonLat::new(
                    bbox.west + rng.next() * (bbox.east - bbox.west),
                    bbox.south + rng.next() * (bbox.north - bbox.south),
                )
            };
            let (a, b) = (p(&mut rng), p(&mut rng));
            let Ok(route) = r.route(a, b, Metric::Time) else { continue };
            let line: f64 = route.geometry.windows(2).map(|w| w[0].distance_m(w[1])).sum();
            assert!((line - route.meters).abs() <= 1e-5 * line + 1e-3, "{name}: {line} vs {}", route.meters);
            assert_eq!(route.geometry.first(), Some(&a));
            assert_eq!(route.geometry.last(), Some(&b));
            routed += 1;
        }
        assert!(routed > 30, "{name}: only {routed} routes");
    }
}

#[test]
fn travel_model_times_equal_route_times() {
    for name in SAMPLES {
        let r = router(name, SpeedProfile::default());
        assert!(!r.is_estimate());
        let bbox = r.network().bbox().unwrap();
        let mut rng = Lcg(3);
        let pts: Vec<LonLat> = (0..12)
            .map(|_| {
                LonLat::new(
                    bbox.west + rng.next() * (bbox.east - bbox.west),
                    bbox.south + rng.next() * (bbox.north - bbox.south),
                )
            })
            .collect();
        let from_first = r.one_to_many(pts[0], &pts);
        let to_first = r.many_to_one(&pts, pts[0]);
        for (i, p) in pts.iter().enumerate() {
            let out = r.route(pts[0], *p, Metric::Time).ok();
            let back = r.route(*p, pts[0], Metric::Time).ok();
            let close = |leg: Option<onemap::analysis::travel::Leg>, route: Option<onemap::routing::Route>| match (
                leg, route,
            ) {
                (Some(l), Some(r)) => (l.seconds - r.seconds).abs() < 1e-6 && (l.meters - r.meters).abs() < 1e-3,
                (None, None) => true,
                _ => false,
            };
            assert!(close(from_first[i], out), "{name}: one_to_many {i}");
            assert!(close(to_first[i], back), "{name}: many_to_one {i}");
        }
    }
}

/// Routed times inside an isochrone may exceed the cut-off by floating-point noise only; this
/// bound (one second, 1.4 m of approach) is what the test allows.
const ISO_TOLERANCE_S: f64 = 1.0;

fn sample_points(bbox: onemap::snapshot::BBox, n: usize, rng: &mut Lcg) -> Vec<LonLat> {
    (0..n)
        .map(|_| {
            LonLat::new(
                bbox.west + rng.next() * (bbox.east - bbox.west),
                bbox.south + rng.next() * (bbox.north - bbox.south),
            )
        })
        .collect()
}

#[test]
fn isochrones_hold_exactly_the_places_within_their_time() {
    use geo::{BoundingRect, Contains, Validation};
    for name in SAMPLES {
        let r = router(name, SpeedProfile::default());
        let bbox = r.network().bbox().unwrap();
        let mut rng = Lcg(5);
        let centre = bbox.centre();
        let mut spread = sample_points(bbox, 3, &mut rng);
        spread.push(centre);
        for sources in [vec![centre], spread] {
            let minutes = [0.5, 1.0, 2.0];
            let isos = r.isochrones(&sources, &minutes);
            let reach = r.reach(&sources, Metric::Time, None);
            let mut last_area = 0.0;
            for iso in &isos {
                let t = iso.minutes * 60.0;
                assert!(iso.area.is_valid(), "{name} {} min: invalid polygon", iso.minutes);
                assert!(iso.area_km2 > last_area, "{name}: larger cut-offs cover more");
                last_area = iso.area_km2;
                let b = iso.area.bounding_rect().unwrap();
                let pad = 0.2 * (b.max().x - b.min().x).max(b.max().y - b.min().y);
                let box_ = onemap::snapshot::BBox {
                    west: b.min().x - pad,
                    south: b.min().y - pad,
                    east: b.max().x + pad,
                    north: b.max().y + pad,
                };
                let (mut inside, mut outside) = (0, 0);
                for p in sample_points(box_, 3000, &mut rng) {
                    let cost = reach.cost_at(p).map(|c| c.cost);
                    if iso.area.contains(&p.to_point()) {
                        inside += 1;
                        let c = cost.unwrap_or(f64::INFINITY);
                        assert!(
                            c <= t + ISO_TOLERANCE_S,
                            "{name}: {p} inside the {} min area takes {c:.1} s",
                            iso.minutes
                        );
                    } else {
                        outside += 1;
                        // The converse, up to the arcs' chords (2 m ≈ 1.5 s of approach).
                        assert!(cost.is_none_or(|c| c > t - 3.0), "{name}: {p} reached in {cost:?} s is outside");
                    }
                }
                assert!(inside > 100 && outside > 100, "{name}: {inside} inside, {outside} outside");
            }
        }
    }
}

#[test]
fn service_areas_give_each_stretch_to_the_first_arrival() {
    for name in SAMPLES {
        let r = router(name, on_road_only());
        let net = r.network();
        let mut rng = Lcg(9);
        let sources: Vec<LonLat> =
            (0..3).map(|_| net.node((rng.next() * net.node_count() as f64) as u32).unwrap()).collect();
        let areas = r.service_areas(&sources, None);
        let total: f64 = areas.areas.iter().map(|a| a.length_km).sum::<f64>() + areas.unreached_km;
        assert!((total - net.summary.length_km).abs() < 1e-6, "{name}: {total} vs {}", net.summary.length_km);
        let single: Vec<_> = sources.iter().map(|s| r.reach(std::slice::from_ref(s), Metric::Time, None)).collect();
        let mut checked = 0;
        for area in &areas.areas {
            for line in &area.roads.0 {
                let (a, b) = (line.0[0], line.0[1]);
                let mid = LonLat::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
                let costs: Vec<f64> = single.iter().map(|s| s.cost_at(mid).map_or(f64::INFINITY, |c| c.cost)).collect();
                let best = costs.iter().copied().fold(f64::INFINITY, f64::min);
                assert!(costs[area.source] <= best + 1e-6, "{name}: {mid} belongs to {} but {costs:?}", area.source);
                checked += 1;
            }
        }
        assert!(checked > 5, "{name}");
    }
}

#[test]
fn rush_hour_is_slower_than_night_on_the_same_roads() {
    let net = Arc::new(network("west-oakland.osm.bz2", &SpeedProfile::default()));
    let night = Router::new(net.clone(), SpeedProfile::default(), Some("03:00".parse().unwrap()));
    let peak = Router::new(net.clone(), SpeedProfile::default(), Some("08:00".parse().unwrap()));
    let (a, b) = (net.node(0).unwrap(), net.node(net.node_count() as u32 - 1).unwrap());
    let (n, p) = (night.route(a, b, Metric::Time).unwrap(), peak.route(a, b, Metric::Time).unwrap());
    assert!(p.seconds > n.seconds * 1.1, "{} vs {}", p.seconds, n.seconds);
    let (iso_n, iso_p) = (night.isochrones(&[a], &[1.0]), peak.isochrones(&[a], &[1.0]));
    assert!(iso_p[0].area_km2 < iso_n[0].area_km2);
}
