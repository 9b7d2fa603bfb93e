//! p-center as a sequence of covering decisions: the optimal worst cost is one of the distinct
//! costs, and "p new sites can keep every demand point within r" holds from the optimum upward,
//! so a binary search over the sorted costs, each step a set-covering decision, finds it
//! (Minieka 1970, "The m-center problem", *SIAM Review* 12(1):138–139; Daskin 2013, *Network
//! and Discrete Location*, 2nd ed., §5.3).
//!
//! The heuristic decides each step with the greedy cover; the exact method falls back to the
//! covering branch-and-bound when the greedy cover needs more than p sites. The search starts
//! above the trivial bound max_i min_j c_ij (every point's cheapest site, existing or new).

use super::cover::Cover;
use super::error::PlanningError;
use super::problem::Problem;
use super::search::{Limits, Stop};
use super::setcover;
use super::solve::Found;

/// The answer to "can p new sites cover everything within r?".
enum Decision {
    /// Yes, with these candidates.
    Yes(Vec<usize>),
    No,
    /// The greedy cover needed more than p (heuristic), or time ran out (exact).
    Unknown(Option<Stop>),
}

fn decide(problem: &Problem, r: f64, p: usize, exact: bool, limits: &Limits) -> (Decision, u64) {
    let cover = Cover::new(problem, r, true);
    if !cover.uncoverable.is_empty() {
        return (Decision::No, 0);
    }
    let none = vec![false; cover.n_cols()];
    if let Some(cols) = setcover::greedy(&cover, &[], &none)
        && cols.len() <= p
    {
        return (Decision::Yes(cover.originals(&cols)), 0);
    }
    if !exact {
        return (Decision::Unknown(None), 0);
    }
    let s = setcover::search(&cover, None, Some(p), limits);
    match (s.cols, s.stop) {
        (Some(cols), _) => (Decision::Yes(cover.originals(&cols)), s.nodes),
        (None, None) => (Decision::No, s.nodes),
        (None, stop) => (Decision::Unknown(stop), s.nodes),
    }
}

pub(crate) fn solve(problem: &Problem, p: usize, exact: bool, limits: &Limits) -> Result<Found, PlanningError> {
    let rows: Vec<usize> = (0..problem.demand.len()).filter(|&i| problem.demand[i].weight > 0.0).collect();
    let cheapest: Vec<f64> =
        rows.iter().map(|&i| problem.costs.row(i).iter().copied().fold(f64::INFINITY, f64::min)).collect();
    let unreachable: Vec<String> = rows
        .iter()
        .zip(&cheapest)
        .filter(|(_, c)| !c.is_finite())
        .map(|(&i, _)| problem.demand[i].id.clone())
        .collect();
    if !unreachable.is_empty() {
        return Err(PlanningError::infeasible("no site, existing or candidate, reaches", unreachable));
    }
    let floor = cheapest.iter().copied().fold(0.0, f64::max);
    let mut costs: Vec<f64> = rows
        .iter()
        .flat_map(|&i| problem.costs.row(i).iter().copied())
        .filter(|c| c.is_finite() && *c >= floor)
        .collect();
    costs.sort_unstable_by(f64::total_cmp);
    costs.dedup();
    if costs.is_empty() {
        // No demand of positive weight: any p sites will do.
        return Ok(Found { selected: Vec::new(), bound: Some(0.0), optimal: true, stop: None, nodes: 0 });
    }
    limits.progress.begin("p-center: covering decisions", Some((costs.len() as f64).log2().ceil() as u64 * 2 + 2));
    let mut steps = 0u64;
    let mut nodes = 0u64;
    // First the greedy decisions: the smallest radius the greedy cover manages with p sites.
    let (mut lo, mut hi) = (0, costs.len() - 1);
    let (top, n) = decide(problem, costs[hi], p, true, limits);
    nodes += n;
    let mut best = match top {
        Decision::Yes(cols) => (hi, cols),
        Decision::No => {
            return Err(PlanningError::Infeasible {
                message: format!("no choice of {p} new sites reaches every demand point of positive weight"),
                demand: Vec::new(),
            });
        }
        Decision::Unknown(stop) => {
            return Err(PlanningError::Input(format!(
                "could not find {p} new sites that reach every demand point before the search stopped ({stop:?})"
            )));
        }
    };
    while lo < hi && limits.stop().is_none() {
        let mid = (lo + hi) / 2;
        steps += 1;
        limits.progress.set(steps);
        match decide(problem, costs[mid], p, false, limits).0 {
            Decision::Yes(cols) => {
                hi = mid;
                best = (mid, cols);
            }
            Decision::No => lo = mid + 1,
            Decision::Unknown(_) => lo = mid + 1,
        }
    }
    let (mut hi, mut selected) = best;
    // The greedy search proved nothing below its answer (except where no cover exists at all).
    let mut lo = 0;
    let mut stop = None;
    if exact {
        while lo < hi {
            if let Some(s) = limits.stop() {
                stop = Some(s);
                break;
            }
            let mid = (lo + hi) / 2;
            steps += 1;
            limits.progress.set(steps);
            let (d, n) = decide(problem, costs[mid], p, true, limits);
            nodes += n;
            match d {
                Decision::Yes(cols) => {
                    hi = mid;
                    selected = cols;
                }
                Decision::No => lo = mid + 1,
                Decision::Unknown(s) => {
                    stop = s;
                    break;
                }
            }
        }
    }
    Ok(Found {
        selected,
        bound: Some(costs[lo]),
        optimal: exact && stop.is_none() && lo == hi,
        stop,
        nodes: nodes + steps,
    })
}
