//! Set covering: LSCP (the fewest new sites covering all demand), and the covering decisions
//! p-center is built from ("can `cap` sites cover everything within r?").
//!
//! Heuristic: Chvátal's greedy (most uncovered rows first) with redundant columns removed.
//! Exact: branch-and-bound on the Lagrangian relaxation of the covering rows, u_k ≥ 0
//! (Beasley 1990, "A Lagrangian heuristic for set-covering problems", *Naval Research
//! Logistics* 37:151–164): L(u) = Σ_k u_k + Σ_j min(0, 1 − Σ_{k ∈ rows(j)} u_k), with the same
//! fixing tests on the reduced costs 1 − Σ u.

use super::cover::Cover;
use super::error::PlanningError;
use super::problem::Problem;
use super::search::{Incumbent, Limits, Node, Stop, Subgradient, Visit, ascend, depth_first};
use super::solve::Found;

/// Greedy cover from the `open` columns, never using `banned` ones; `None` when some row has no
/// usable column. Redundant columns are removed at the end.
pub(crate) fn greedy(cover: &Cover, open: &[usize], banned: &[bool]) -> Option<Vec<usize>> {
    let mut covered = vec![false; cover.n_rows()];
    let mut left = cover.n_rows();
    let mut chosen: Vec<usize> = Vec::new();
    let take = |j: usize, covered: &mut Vec<bool>, left: &mut usize, chosen: &mut Vec<usize>| {
        chosen.push(j);
        for &k in &cover.col_rows[j] {
            if !covered[k as usize] {
                covered[k as usize] = true;
                *left -= 1;
            }
        }
    };
    for &j in open {
        take(j, &mut covered, &mut left, &mut chosen);
    }
    let mut gain: Vec<usize> =
        (0..cover.n_cols()).map(|j| cover.col_rows[j].iter().filter(|&&k| !covered[k as usize]).count()).collect();
    while left > 0 {
        let best = (0..cover.n_cols())
            .filter(|&j| !banned[j] && gain[j] > 0)
            .max_by(|&a, &b| gain[a].cmp(&gain[b]).then(b.cmp(&a)))?;
        let newly: Vec<u32> = cover.col_rows[best].iter().copied().filter(|&k| !covered[k as usize]).collect();
        take(best, &mut covered, &mut left, &mut chosen);
        for k in newly {
            for &c in &cover.row_cols[k as usize] {
                gain[c as usize] -= 1;
            }
        }
    }
    Some(without_redundant(cover, chosen))
}

/// Drops columns whose rows all stay covered without them, latest additions first.
fn without_redundant(cover: &Cover, mut chosen: Vec<usize>) -> Vec<usize> {
    let mut count = vec![0u32; cover.n_rows()];
    for &j in &chosen {
        for &k in &cover.col_rows[j] {
            count[k as usize] += 1;
        }
    }
    let mut i = chosen.len();
    while i > 0 {
        i -= 1;
        let j = chosen[i];
        if cover.col_rows[j].iter().all(|&k| count[k as usize] > 1) {
            for &k in &cover.col_rows[j] {
                count[k as usize] -= 1;
            }
            chosen.remove(i);
        }
    }
    chosen
}

struct Bound {
    lower: f64,
    /// Free columns with their reduced costs 1 − Σ u, most negative first.
    ranked: Vec<(usize, f64)>,
    /// Active rows: not covered by the node's open columns.
    active: Vec<bool>,
}

fn bound(cover: &Cover, node: &mut Node, incumbent: &Incumbent, iterations: usize) -> Option<Bound> {
    let mut active = vec![true; cover.n_rows()];
    for &j in &node.open {
        for &k in &cover.col_rows[j] {
            active[k as usize] = false;
        }
    }
    let free = node.free();
    // A row no free column covers makes the node infeasible.
    if (0..cover.n_rows()).any(|k| active[k] && !cover.row_cols[k].iter().any(|&j| free[j as usize])) {
        return None;
    }
    let fixed = node.open.len() as f64;
    let lagrangian = |u: &[f64], g: Option<&mut [f64]>| -> (f64, Vec<(usize, f64)>) {
        let mut value = fixed;
        for k in 0..cover.n_rows() {
            if active[k] {
                value += u[k];
            }
        }
        let ranked: Vec<(usize, f64)> = (0..cover.n_cols())
            .filter(|&j| free[j])
            .map(|j| {
                let s: f64 = cover.col_rows[j].iter().filter(|&&k| active[k as usize]).map(|&k| u[k as usize]).sum();
                (j, 1.0 - s)
            })
            .collect();
        value += ranked.iter().map(|(_, r)| r.min(0.0)).sum::<f64>();
        if let Some(g) = g {
            for k in 0..cover.n_rows() {
                if active[k] {
                    g[k] = 1.0;
                }
            }
            for &(j, r) in &ranked {
                if r < 0.0 {
                    for &k in &cover.col_rows[j] {
                        if active[k as usize] {
                            g[k as usize] -= 1.0;
                        }
                    }
                }
            }
        }
        (value, ranked)
    };
    ascend(
        &mut node.mult,
        incumbent.value,
        Subgradient { iterations, pi: 1.0, patience: 10 },
        |u, g| lagrangian(u, Some(g)).0,
        |_, v| v.clamp(0.0, 1.0),
        |best| !incumbent.improvable(best),
    );
    let (lower, mut ranked) = lagrangian(&node.mult, None);
    ranked.sort_unstable_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    Some(Bound { lower, ranked, active })
}

/// The fixing tests on reduced costs; returns whether a column was fixed.
fn fix(node: &mut Node, b: &Bound, inc: &Incumbent) -> bool {
    let mut changed = false;
    for &(j, r) in &b.ranked {
        if r < 0.0 {
            if !inc.improvable(b.lower - r) {
                node.open.push(j);
                changed = true;
            }
        } else if !inc.improvable(b.lower + r) {
            node.closed[j] = true;
            changed = true;
        }
    }
    changed
}

/// Branches on the free column of least reduced cost among those covering the active row with
/// the fewest free columns: open it first, then close it.
fn branch(cover: &Cover, node: &Node, b: &Bound) -> Visit<Node> {
    let reduced: std::collections::HashMap<usize, f64> = b.ranked.iter().copied().collect();
    let row = (0..cover.n_rows())
        .filter(|&k| b.active[k])
        .min_by_key(|&k| cover.row_cols[k].iter().filter(|&&j| reduced.contains_key(&(j as usize))).count());
    let Some(row) = row else { return Visit::Pruned };
    let Some(j) = cover.row_cols[row]
        .iter()
        .map(|&j| j as usize)
        .filter(|j| reduced.contains_key(j))
        .min_by(|a, b| reduced[a].total_cmp(&reduced[b]).then(a.cmp(b)))
    else {
        return Visit::Pruned;
    };
    node.split(j)
}

/// The outcome of an exact covering search.
pub(crate) struct Searched {
    /// The smallest cover found (columns), if any.
    pub cols: Option<Vec<usize>>,
    /// Proven lower bound on the number of columns.
    pub bound: f64,
    pub nodes: u64,
    pub stop: Option<Stop>,
}

/// Branch-and-bound for the fewest columns covering every row. With `cap`, only covers of at
/// most `cap` columns are sought, and the search ends at the first one.
pub(crate) fn search(cover: &Cover, start: Option<Vec<usize>>, cap: Option<usize>, limits: &Limits) -> Searched {
    let mut incumbent = Incumbent::new(1.0);
    match (&start, cap) {
        (Some(cols), _) => {
            incumbent.offer(cols.len() as f64, cols);
        }
        (None, Some(cap)) => incumbent.value = cap as f64 + 1.0,
        (None, None) => {}
    }
    let limit = cap.map_or(f64::NEG_INFINITY, |c| c as f64);
    let root = root_node(cover);
    let mut root_bound = f64::NEG_INFINITY;
    let mut first = true;
    let end = depth_first(root, &mut incumbent, limits, "set covering branch and bound", |node, inc| {
        if inc.value <= limit {
            return (inc.value, Visit::Pruned);
        }
        let is_root = std::mem::replace(&mut first, false);
        let iterations = if is_root { 1000 } else { 100 };
        for _round in 0..4 {
            let Some(b) = bound(cover, node, inc, iterations) else {
                return (f64::INFINITY, Visit::Pruned);
            };
            if is_root {
                root_bound = root_bound.max(b.lower);
            }
            if !inc.improvable(b.lower) {
                return (b.lower, Visit::Pruned);
            }
            // The relaxation's negative-cost columns, completed greedily into a cover.
            let mut start: Vec<usize> = node.open.clone();
            start.extend(b.ranked.iter().filter(|(_, r)| *r < 0.0).map(|(j, _)| *j));
            if let Some(cols) = greedy(cover, &start, &node.closed) {
                inc.offer(cols.len() as f64, &cols);
            }
            if !inc.improvable(b.lower) || inc.value <= limit {
                return (b.lower, Visit::Solved);
            }
            if !fix(node, &b, inc) {
                return (b.lower, branch(cover, node, &b));
            }
        }
        match bound(cover, node, inc, iterations) {
            Some(b) if inc.improvable(b.lower) => (b.lower, branch(cover, node, &b)),
            Some(b) => (b.lower, Visit::Pruned),
            None => (f64::INFINITY, Visit::Pruned),
        }
    });
    // A cap with nothing found leaves the placeholder value cap + 1 and no columns.
    let cols = (incumbent.value.is_finite() && cap.is_none_or(|c| incumbent.value <= c as f64))
        .then(|| incumbent.open.clone());
    let bound = if end.stop.is_none() { incumbent.value } else { end.bound.max(root_bound.ceil()) };
    Searched { cols, bound, nodes: end.nodes, stop: end.stop }
}

fn root_node(cover: &Cover) -> Node {
    Node::root(cover.n_cols(), cover.row_cols.iter().map(|cols| 1.0 / cols.len().max(1) as f64).collect())
}

/// The root relaxation's lower bound on the number of columns, given a cover of `known` columns.
fn lower_bound(cover: &Cover, known: usize) -> f64 {
    let mut incumbent = Incumbent::new(1.0);
    incumbent.value = known as f64;
    let mut root = root_node(cover);
    bound(cover, &mut root, &incumbent, 300).map_or(known as f64, |b| incumbent.round_bound(b.lower).min(known as f64))
}

/// LSCP on the problem's covering view within `radius`.
pub(crate) fn solve_lscp(problem: &Problem, radius: f64, exact: bool, limits: &Limits) -> Result<Found, PlanningError> {
    limits.progress.begin("LSCP: reducing", None);
    let cover = Cover::new(problem, radius, true);
    if !cover.uncoverable.is_empty() {
        let ids = cover.uncoverable.iter().map(|&i| problem.demand[i].id.clone()).collect();
        return Err(PlanningError::infeasible(&format!("no site, existing or candidate, is within {radius} of"), ids));
    }
    let none = vec![false; cover.n_cols()];
    let cols = greedy(&cover, &[], &none)
        .ok_or_else(|| PlanningError::Internal("greedy cover failed on a coverable problem".into()))?;
    if cover.n_rows() == 0 {
        return Ok(Found { selected: Vec::new(), bound: Some(0.0), optimal: true, stop: None, nodes: 0 });
    }
    if !exact {
        let bound = lower_bound(&cover, cols.len());
        return Ok(Found {
            selected: cover.originals(&cols),
            bound: Some(bound),
            optimal: false,
            stop: None,
            nodes: 0,
        });
    }
    let s = search(&cover, Some(cols), None, limits);
    let cols = s.cols.ok_or_else(|| PlanningError::Internal("the covering search lost its solution".into()))?;
    Ok(Found {
        selected: cover.originals(&cols),
        bound: Some(s.bound),
        optimal: s.stop.is_none(),
        stop: s.stop,
        nodes: s.nodes,
    })
}
