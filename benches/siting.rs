//! Siting benchmarks (issue 7): objective, gap and time of the exact method (the baseline) and
//! the heuristic on
//! - MCLP, 10,000 demand points × 500 candidates, p = 8, a generated city (`city`);
//! - p-median on a 900-node, 16,200-edge graph generated the way OR-Library's pmed40 was
//!   (a ring plus random edges, costs 1–100), p = 90 (`graph`).
//!
//! `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench siting [-- mclp|pmedian] [--time-limit S]`
//! prints a Markdown table. The instances are deterministic (fixed seeds, own generator).

use std::time::{Duration, Instant};

use onemap::model::LonLat;
use onemap::planning::orlib::Graph;
use onemap::planning::{CostMatrix, Demand, Method, Model, Options, Position, Problem, Site, Solution, solve};
use onemap::progress::Progress;
use onemap::spatial::{LocalM, LocalProjection};

/// A small deterministic generator (64-bit LCG + xorshift output), so instances never change.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58476d1ce4e5b9) >> 11
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 42) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// A 30 km × 30 km city: 10,000 demand points, 70 % in 12 districts (normal, σ 1.2–3 km) with
/// weights 1–100 (people, or risk-weighted enterprises), 30 % scattered with weights 1–20;
/// 500 candidate sites uniform over the city; 6 existing stations at district centres.
pub fn city(seed: Option<u64>) -> Problem {
    let mut rng = Rng(seed.unwrap_or(20260707));
    let side = 30_000.0;
    let centres: Vec<(f64, f64, f64)> = (0..12)
        .map(|_| (3000.0 + rng.unit() * 24_000.0, 3000.0 + rng.unit() * 24_000.0, 1200.0 + rng.unit() * 1800.0))
        .collect();
    let clamp = |v: f64| v.clamp(0.0, side);
    let demand = (0..10_000)
        .map(|i| {
            let (x, y, w) = if i % 10 < 7 {
                let (cx, cy, s) = centres[rng.below(12) as usize];
                (clamp(cx + s * rng.normal()), clamp(cy + s * rng.normal()), 1 + rng.below(100))
            } else {
                (rng.unit() * side, rng.unit() * side, 1 + rng.below(20))
            };
            Demand { id: format!("d{i}"), weight: w as f64, at: Some(Position::Planar { x, y }) }
        })
        .collect();
    let candidates = (0..500)
        .map(|j| Site {
            id: format!("c{j}"),
            at: Some(Position::Planar { x: rng.unit() * side, y: rng.unit() * side }),
        })
        .collect();
    let existing = centres[..6]
        .iter()
        .enumerate()
        .map(|(e, &(x, y, _))| Site { id: format!("e{e}"), at: Some(Position::Planar { x, y }) })
        .collect();
    Problem::from_positions(demand, candidates, existing).expect("the generated city is valid")
}

/// Beasley's recipe for the OR-Library p-median graphs: a ring through all nodes (so the graph
/// is connected), then random further edges up to `edges`, integer costs uniform in 1–100.
pub fn beasley_graph(nodes: usize, edges: usize, seed: u64) -> Graph {
    let mut rng = Rng(seed);
    let mut seen = std::collections::HashSet::new();
    let mut list = Vec::new();
    for i in 0..nodes {
        let (a, b) = (i, (i + 1) % nodes);
        seen.insert((a.min(b), a.max(b)));
        list.push((a, b, 1 + rng.below(100) as u32));
    }
    while list.len() < edges {
        let (a, b) = (rng.below(nodes as u64) as usize, rng.below(nodes as u64) as usize);
        if a != b && seen.insert((a.min(b), a.max(b))) {
            list.push((a, b, 1 + rng.below(100) as u32));
        }
    }
    Graph { nodes, edges: list }
}

/// With `--trace`, prints each phase the solver reports and the node count, timed, to stderr.
struct Trace {
    on: bool,
    start: Instant,
    last: std::sync::Mutex<Instant>,
}

impl Progress for Trace {
    fn begin(&self, what: &str, _total: Option<u64>) {
        if self.on {
            eprintln!("{:8.3} s  {what}", self.start.elapsed().as_secs_f64());
        }
    }
    fn set(&self, done: u64) {
        let Ok(mut last) = self.last.lock() else { return };
        if self.on && last.elapsed() > Duration::from_secs(2) {
            *last = Instant::now();
            eprintln!("{:8.3} s  {done}", self.start.elapsed().as_secs_f64());
        }
    }
}

/// Seconds to build the same city's matrix from lon/lat positions (geodesic distances), with
/// the city placed on Anyang.
fn lonlat_matrix(problem: &Problem) -> f64 {
    let proj = LocalProjection::new(LonLat::new(114.35, 36.1));
    let to_lonlat = |p: Option<Position>| match p {
        Some(Position::Planar { x, y }) => {
            Some(Position::LonLat(proj.to_lonlat(LocalM::new(x - 15_000.0, y - 15_000.0))))
        }
        other => other,
    };
    let demand: Vec<Demand> = problem.demand.iter().map(|d| Demand { at: to_lonlat(d.at), ..d.clone() }).collect();
    let site = |s: &Site| Site { at: to_lonlat(s.at), ..s.clone() };
    let candidates: Vec<Site> = problem.candidates.iter().map(site).collect();
    let existing: Vec<Site> = problem.existing.iter().map(site).collect();
    let t = Instant::now();
    let m = CostMatrix::from_positions(&demand, &candidates, &existing).expect("valid positions");
    let seconds = t.elapsed().as_secs_f64();
    // Geodesic and planar metres agree to 0.1 % at city scale (see spatial::projection).
    let (a, b) = (m.get(0, 0), problem.costs.get(0, 0));
    assert!((a - b).abs() < 2e-3 * b.max(1.0), "{a} vs {b}");
    seconds
}

fn run(problem: &Problem, model: &Model, method: Method, limit: f64) -> Solution {
    let options = Options { method, time_limit: Some(Duration::from_secs_f64(limit)) };
    let trace =
        Trace { on: std::env::args().any(|a| a == "--trace"), start: Instant::now(), last: Instant::now().into() };
    solve(problem, model, &options, &trace).expect("the benchmark solves")
}

fn row(name: &str, method: &str, s: &Solution, baseline: &Solution) {
    let quality = if s.model.maximises() {
        100.0 * (baseline.objective - s.objective) / baseline.objective
    } else {
        100.0 * (s.objective - baseline.objective) / baseline.objective
    };
    let gap = s.gap.map_or("–".to_string(), |g| format!("{:.3} %", 100.0 * g));
    println!(
        "| {name} | {method} | {} | {} | {gap} | {} | {} | {:.2} s | {:.2}× | {quality:+.3} % |",
        s.objective,
        s.bound.map_or("–".into(), |b| format!("{b:.1}")),
        if s.optimal { "yes" } else { "no" },
        s.nodes,
        s.seconds,
        s.seconds / baseline.seconds,
    );
}

/// Runs the exact method (the baseline) and the heuristic, and prints both rows.
fn compare(name: &str, problem: &Problem, model: &Model, limit: f64, heuristic_limit: f64) {
    let exact = run(problem, model, Method::Exact, limit);
    let heuristic = run(problem, model, Method::Heuristic, heuristic_limit);
    row(&format!("{model}, {name}"), "exact", &exact, &exact);
    row(&format!("{model}, {name}"), "heuristic", &heuristic, &exact);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let only = args.iter().skip(1).find(|a| ["mclp", "pmedian"].contains(&a.as_str())).cloned();
    let value =
        |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|s| s.parse().ok());
    let limit = value("--time-limit").unwrap_or(600.0);
    let seed = value("--seed").map(|s: f64| s as u64);
    let p = value("--p").map(|p: f64| p as usize);
    let radius = value("--radius");
    // Without --p/--radius: the case, then a harder one.
    let custom = p.is_some() || radius.is_some();
    println!("| instance | method | objective | bound | gap | proven | nodes | time | time / exact | vs exact |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    if only.as_deref().is_none_or(|o| o == "mclp") {
        let t = Instant::now();
        let problem = city(seed);
        let built = t.elapsed().as_secs_f64();
        eprintln!("city matrix: {built:.2} s from x,y; {:.2} s from lon,lat", lonlat_matrix(&problem));
        let cases =
            if custom { vec![(p.unwrap_or(8), radius.unwrap_or(3000.0))] } else { vec![(8, 3000.0), (20, 3000.0)] };
        for (p, radius) in cases {
            compare("city 10,000 × 500", &problem, &Model::Mclp { p, radius }, limit, limit);
        }
    }
    if only.as_deref().is_none_or(|o| o == "pmedian") {
        let t = Instant::now();
        let problem = beasley_graph(900, 16_200, seed.unwrap_or(40)).problem().expect("the graph is valid");
        eprintln!("900-node graph: shortest paths {:.2} s", t.elapsed().as_secs_f64());
        let model = Model::PMedian { p: p.unwrap_or(90) };
        compare("graph 900 nodes, 16,200 edges", &problem, &model, limit, limit.min(10.0));
        if !custom {
            // A published optimum (1355) as an anchor for the generated graph's.
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/siting/orlib/pmed5.txt");
            let text = std::fs::read_to_string(path).expect("pmed5.txt is in the repository");
            let (graph, p) = onemap::planning::orlib::parse_pmed(&text).expect("pmed5 parses");
            let problem = graph.problem().expect("pmed5 is valid");
            compare("OR-Library pmed5 (optimum 1355)", &problem, &Model::PMedian { p }, limit, limit.min(10.0));
        }
    }
}
