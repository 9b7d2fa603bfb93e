//! Property tests on small random problems: the exact solvers equal brute-force enumeration,
//! the heuristics are never better than the optimum, every reported objective matches a
//! recomputation from `selected`, and every bound is on the right side of the optimum.

use proptest::prelude::*;

use super::*;
use crate::progress::Silent;

/// A random problem with up to `n` demand points and `m` candidates: planar integer
/// coordinates (many ties) or a sparse integer/real matrix.
fn problem(n: std::ops::RangeInclusive<usize>, m: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Problem> {
    (n, m, 0usize..=2, any::<bool>(), any::<bool>(), any::<u64>()).prop_map(|(n, m, e, planar, integer, seed)| {
        let mut rng = Lcg(seed);
        let demand: Vec<Demand> = (0..n)
            .map(|i| {
                let weight = if integer { rng.below(10) as f64 } else { rng.below(1000) as f64 / 7.0 };
                let at = Position::Planar { x: rng.below(20) as f64, y: rng.below(20) as f64 };
                Demand { id: format!("d{i}"), weight, at: Some(at) }
            })
            .collect();
        let site = |id: String, rng: &mut Lcg| Site {
            id,
            at: Some(Position::Planar { x: rng.below(20) as f64, y: rng.below(20) as f64 }),
        };
        let candidates: Vec<Site> = (0..m).map(|j| site(format!("c{j}"), &mut rng)).collect();
        let existing: Vec<Site> = (0..e).map(|j| site(format!("e{j}"), &mut rng)).collect();
        if planar {
            Problem::from_positions(demand, candidates, existing).unwrap()
        } else {
            let costs = CostMatrix::from_fn(n, m + e, |i, j| {
                let h = Lcg(seed ^ ((i as u64) << 32) ^ (j as u64 * 7919)).below(100);
                let c = if integer { (h % 30) as f64 } else { (h % 30) as f64 * 1.37 };
                (h % 10 < 7).then_some(c)
            })
            .unwrap();
            Problem::new(demand, candidates, existing, costs).unwrap()
        }
    })
}

/// A tiny deterministic generator, so shrinking keeps problems reproducible.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn model(problem: &Problem) -> impl Strategy<Value = Model> + use<> {
    let m = problem.candidates.len();
    prop_oneof![
        (0..=m, 0u32..16).prop_map(|(p, r)| Model::Mclp { p, radius: r as f64 }),
        (0u32..40).prop_map(|r| Model::Lscp { radius: r as f64 }),
        (1..=m).prop_map(|p| Model::PMedian { p }),
        (1..=m).prop_map(|p| Model::PCenter { p }),
    ]
}

/// Models that keep medium problems hard: several sites, radii that leave many candidates.
fn medium_model(problem: &Problem) -> impl Strategy<Value = Model> + use<> {
    let m = problem.candidates.len().min(5);
    prop_oneof![
        (2..=m, 3u32..9).prop_map(|(p, r)| Model::Mclp { p, radius: r as f64 }),
        (7u32..15).prop_map(|r| Model::Lscp { radius: r as f64 }),
        (2..=m).prop_map(|p| Model::PMedian { p }),
        (2..=m).prop_map(|p| Model::PCenter { p }),
    ]
}

fn subsets(m: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    if k > m {
        return Vec::new();
    }
    let mut out = subsets(m - 1, k);
    for mut s in subsets(m - 1, k - 1) {
        s.push(m - 1);
        out.push(s);
    }
    out
}

/// The optimum by enumeration; `None` when no choice meets the model.
fn brute_force(problem: &Problem, model: &Model) -> Option<f64> {
    let m = problem.candidates.len();
    let value = |s: &[usize]| model.objective(&evaluate(problem, s, model.radius()), s.len());
    match model {
        Model::Lscp { .. } => (0..=m).find(|&k| subsets(m, k).iter().any(|s| value(s).is_finite())).map(|k| k as f64),
        Model::Mclp { p, .. } => subsets(m, *p).iter().map(|s| value(s)).max_by(f64::total_cmp),
        _ => {
            let p = model.p().unwrap_or(0);
            subsets(m, p).iter().map(|s| value(s)).filter(|v| v.is_finite()).min_by(f64::total_cmp)
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

/// Checks a solution's own consistency and its bound against the optimum.
fn check(problem: &Problem, model: &Model, s: &Solution, optimum: f64) -> Result<(), TestCaseError> {
    let recomputed = model.objective(&evaluate(problem, &s.selected, model.radius()), s.selected.len());
    prop_assert!(close(s.objective, recomputed), "objective {} but recomputed {}", s.objective, recomputed);
    if let Some(p) = model.p() {
        prop_assert_eq!(s.selected.len(), p);
    }
    prop_assert!(s.selected.windows(2).all(|w| w[0] < w[1]), "selected {:?}", s.selected);
    let bound = s.bound.unwrap_or(if model.maximises() { f64::INFINITY } else { f64::NEG_INFINITY });
    if model.maximises() {
        prop_assert!(s.objective <= optimum + 1e-7 && bound >= optimum - 1e-7, "{s:?} vs optimum {optimum}");
    } else {
        prop_assert!(s.objective >= optimum - 1e-7 && bound <= optimum + 1e-7, "{s:?} vs optimum {optimum}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn exact_equals_brute_force_and_heuristic_never_beats_it(
        (problem, model) in problem(1..=12, 1..=8).prop_flat_map(|p| { let m = model(&p); (Just(p), m) })
    ) {
        compare_with_brute_force(&problem, &model)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Larger problems with the relaxations cut short, so that bounds are weak and every
    /// search branches, fixes and prunes.
    #[test]
    fn exact_equals_brute_force_when_branching(
        (problem, model) in problem(25..=40, 9..=13).prop_flat_map(|p| { let m = medium_model(&p); (Just(p), m) }),
        cap in 1usize..8,
    ) {
        crate::planning::search::tests::ITERATION_CAP.set(cap);
        let result = compare_with_brute_force(&problem, &model);
        crate::planning::search::tests::ITERATION_CAP.set(usize::MAX);
        result?;
    }
}

fn compare_with_brute_force(problem: &Problem, model: &Model) -> Result<(), TestCaseError> {
    {
        let optimum = brute_force(problem, model);
        let exact = solve(problem, model, &Options { method: Method::Exact, time_limit: None }, &Silent);
        let heuristic = solve(problem, model, &Options { method: Method::Heuristic, time_limit: None }, &Silent);
        match optimum {
            None => {
                prop_assert!(matches!(exact, Err(PlanningError::Infeasible { .. })), "{exact:?}");
                prop_assert!(matches!(heuristic, Err(PlanningError::Infeasible { .. })), "{heuristic:?}");
            }
            Some(optimum) => {
                let exact = exact.map_err(|e| TestCaseError::fail(format!("exact failed: {e}")))?;
                prop_assert!(exact.optimal && exact.gap == Some(0.0));
                prop_assert!(close(exact.objective, optimum), "exact {} vs brute force {}", exact.objective, optimum);
                check(problem, model, &exact, optimum)?;
                let heuristic = heuristic.map_err(|e| TestCaseError::fail(format!("heuristic failed: {e}")))?;
                check(problem, model, &heuristic, optimum)?;
            }
        }
    }
    Ok(())
}

/// Vertex cover of three 7-cycles as LSCP (edges are demand, vertices candidates): the LP bound
/// is 10.5 and the optimum 12, so with weak bounds the covering search must branch to prove it.
#[test]
fn set_covering_search_branches_to_the_optimum() {
    let (cycles, len) = (3, 7);
    let n = cycles * len;
    let demand: Vec<Demand> = (0..n).map(|i| Demand { id: format!("e{i}"), weight: 1.0, at: None }).collect();
    let sites: Vec<Site> = (0..n).map(|j| Site { id: format!("v{j}"), at: None }).collect();
    let costs = CostMatrix::from_fn(n, n, |e, v| {
        let (c, k) = (e / len, e % len);
        let ends = [c * len + k, c * len + (k + 1) % len];
        ends.contains(&v).then_some(0.0)
    })
    .unwrap();
    let problem = Problem::new(demand, sites, vec![], costs).unwrap();
    let model = Model::Lscp { radius: 0.0 };
    for cap in [usize::MAX, 2] {
        crate::planning::search::tests::ITERATION_CAP.set(cap);
        let s = solve(&problem, &model, &Options::default(), &Silent).unwrap();
        crate::planning::search::tests::ITERATION_CAP.set(usize::MAX);
        assert_eq!(s.objective, 12.0);
        assert!(s.optimal);
        assert_eq!(s.evaluation.uncovered, Vec::<usize>::new());
        if cap == 2 {
            assert!(s.nodes > 1, "{} nodes", s.nodes);
        }
    }
}

/// OR-Library pmed1 and pmed5 (100 nodes, p = 5 and 33): the exact method proves the published
/// optima (Beasley 1985; OR-Library `pmedopt`: 5819 and 1355), and the heuristic's bound is valid.
#[test]
fn orlib_pmed_optima() {
    for (file, optimum) in [("pmed1.txt", 5819.0), ("pmed5.txt", 1355.0)] {
        let path = format!("{}/tests/data/siting/orlib/{file}", env!("CARGO_MANIFEST_DIR"));
        let (graph, p) = orlib::parse_pmed(&std::fs::read_to_string(path).unwrap()).unwrap();
        let problem = graph.problem().unwrap();
        let model = Model::PMedian { p };
        let exact = solve(&problem, &model, &Options::default(), &Silent).unwrap();
        assert_eq!((exact.objective, exact.optimal), (optimum, true), "{file}: {} nodes", exact.nodes);
        let h = solve(&problem, &model, &Options { method: Method::Heuristic, time_limit: None }, &Silent).unwrap();
        assert!(h.objective >= optimum && h.bound.unwrap() <= optimum, "{file}: {h:?}");
    }
}

/// A job the user cancelled before it started.
struct CancelledAlready;

impl crate::progress::Progress for CancelledAlready {
    fn begin(&self, _: &str, _: Option<u64>) {}
    fn set(&self, _: u64) {}
    fn cancelled(&self) -> bool {
        true
    }
}

/// 60 demand points and 16 candidates on a 40 × 40 grid, one existing site.
fn medium() -> Problem {
    let mut rng = Lcg(7);
    let mut at = || Some(Position::Planar { x: rng.below(40) as f64, y: rng.below(40) as f64 });
    let demand = (0..60).map(|i| Demand { id: format!("d{i}"), weight: (1 + i % 7) as f64, at: at() }).collect();
    let candidates = (0..16).map(|j| Site { id: format!("c{j}"), at: at() }).collect();
    Problem::from_positions(demand, candidates, vec![Site { id: "e".into(), at: at() }]).unwrap()
}

#[test]
fn stopped_searches_still_return_a_solution_and_a_valid_bound() {
    let problem = medium();
    let models = [
        Model::Mclp { p: 4, radius: 8.0 },
        Model::Lscp { radius: 14.0 },
        Model::PMedian { p: 4 },
        Model::PCenter { p: 4 },
    ];
    for model in models {
        let optimum = brute_force(&problem, &model).unwrap();
        let out_of_time = Options { method: Method::Exact, time_limit: Some(std::time::Duration::ZERO) };
        let s = solve(&problem, &model, &out_of_time, &Silent).unwrap();
        assert_eq!(s.stop, Some(Stop::TimeLimit), "{model}");
        check(&problem, &model, &s, optimum).unwrap();
        let s = solve(&problem, &model, &Options::default(), &CancelledAlready).unwrap();
        assert_eq!(s.stop, Some(Stop::Cancelled), "{model}");
        assert!(!s.optimal);
        check(&problem, &model, &s, optimum).unwrap();
    }
}
