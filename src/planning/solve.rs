//! Running a model on a problem: the one entry point the command line and the window call.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::progress::Progress;

use super::cover::Cover;
use super::error::PlanningError;
use super::evaluate::{Evaluation, evaluate};
use super::model::Model;
use super::problem::Problem;
use super::search::{Limits, Stop};
use super::{mclp, pcenter, pmedian, setcover};

/// Exact (proves optimality or reports a gap) or heuristic (fast, with a bound when it has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    #[default]
    Exact,
    Heuristic,
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exact" => Ok(Method::Exact),
            "heuristic" => Ok(Method::Heuristic),
            other => Err(format!("unknown method \"{other}\" (expected exact or heuristic)")),
        }
    }
}

/// How to solve.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub method: Method,
    /// Stop and return the best solution so far, with its gap, after this long.
    pub time_limit: Option<Duration>,
}

/// A solved model: the new sites, what they achieve, and how sure we are.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Solution {
    pub model: Model,
    pub method: Method,
    /// Chosen candidates (indices into `Problem::candidates`), ascending.
    pub selected: Vec<usize>,
    /// The model's objective for `selected`, recomputed by [`evaluate`].
    pub objective: f64,
    /// A proven bound on the optimal objective (upper for MCLP, lower for the others).
    pub bound: Option<f64>,
    /// |objective − bound| / max(|objective|, |bound|); 0 when proven optimal.
    pub gap: Option<f64>,
    pub optimal: bool,
    /// Why the search stopped early, when it did.
    pub stop: Option<Stop>,
    pub evaluation: Evaluation,
    pub seconds: f64,
    /// Branch-and-bound nodes (or decisions, for p-center) explored.
    pub nodes: u64,
}

/// What a model's solver returns before evaluation.
pub(crate) struct Found {
    /// Candidate indices.
    pub selected: Vec<usize>,
    pub bound: Option<f64>,
    pub optimal: bool,
    pub stop: Option<Stop>,
    pub nodes: u64,
}

/// Solves `model` on `problem`. Errors: the model does not fit the problem (p above the number
/// of candidates …), or no solution meets it (LSCP with uncoverable demand; p-median/p-center
/// with demand no site reaches).
pub fn solve(
    problem: &Problem,
    model: &Model,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Solution, PlanningError> {
    model.check(problem)?;
    let limits = Limits::new(options.time_limit, progress);
    let exact = options.method == Method::Exact;
    let found = match *model {
        Model::Mclp { p, radius } => solve_mclp(problem, p, radius, exact, &limits),
        Model::Lscp { radius } => setcover::solve_lscp(problem, radius, exact, &limits)?,
        Model::PMedian { p } => pmedian::solve(problem, p, exact, &limits)?,
        Model::PCenter { p } => pcenter::solve(problem, p, exact, &limits)?,
    };
    let mut selected = found.selected;
    if let Some(p) = model.p() {
        pad(&mut selected, p);
    }
    selected.sort_unstable();
    let evaluation = evaluate(problem, &selected, model.radius());
    let objective = model.objective(&evaluation, selected.len());
    if !objective.is_finite() {
        let ids = evaluation.unreachable.iter().map(|&i| problem.demand[i].id.clone()).collect();
        // Only an exhausted exact search proves that no choice works.
        let what = if found.optimal {
            format!("no choice of {} new sites reaches every demand point", selected.len())
        } else {
            format!(
                "the search found no {} new sites that reach every demand point (try --method exact or a longer time \
                 limit)",
                selected.len()
            )
        };
        return Err(PlanningError::infeasible(&what, ids));
    }
    let bound = found
        .bound
        .filter(|b| b.is_finite())
        .map(|b| if model.maximises() { b.max(objective) } else { b.min(objective) });
    let gap = if found.optimal { Some(0.0) } else { bound.map(|b| relative_gap(objective, b)) };
    Ok(Solution {
        model: *model,
        method: options.method,
        selected,
        objective,
        bound: if found.optimal { Some(objective) } else { bound },
        gap,
        optimal: found.optimal || gap == Some(0.0),
        stop: found.stop,
        evaluation,
        seconds: limits.seconds(),
        nodes: found.nodes,
    })
}

/// |a − b| / max(|a|, |b|), 0 when both are 0.
pub fn relative_gap(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 { 0.0 } else { (a - b).abs() / scale }
}

/// Opens the lowest-numbered unused candidates until `p` are open: a model that opens exactly p
/// sites never loses by opening more, and reductions may leave fewer useful columns than p.
fn pad(selected: &mut Vec<usize>, p: usize) {
    let mut j = 0;
    while selected.len() < p {
        if !selected.contains(&j) {
            selected.push(j);
        }
        j += 1;
    }
}

fn solve_mclp(problem: &Problem, p: usize, radius: f64, exact: bool, limits: &Limits) -> Found {
    limits.progress.begin("MCLP: reducing", None);
    let cover = Cover::new(problem, radius, false);
    let halt = if exact { limits.halt_share(0.2) } else { limits.halt() };
    limits.progress.begin("MCLP: greedy and interchange", None);
    let start = mclp::heuristic(&cover, p, &halt);
    limits.progress.begin("MCLP: Lagrangian bound", None);
    let (cols, value, bound) = mclp::lagrangian_heuristic(&cover, p, start, &halt);
    let base = cover.existing_weight;
    if exact {
        let e = mclp::exact(&cover, p, (cols, value), limits);
        Found {
            selected: cover.originals(&e.cols),
            bound: Some(base + e.bound.min(bound)),
            optimal: e.stop.is_none(),
            stop: e.stop,
            nodes: e.nodes,
        }
    } else {
        Found { selected: cover.originals(&cols), bound: Some(base + bound), optimal: false, stop: None, nodes: 0 }
    }
}
