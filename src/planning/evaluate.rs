//! What a set of open sites achieves, independent of how it was chosen: the one function that
//! solvers' results are checked against, and that scenarios are compared with.
//!
//! A [`Scenario`] is the existing sites (always open) plus a named set of new candidate sites;
//! [`compare`] evaluates several against the baseline of existing sites alone.

use serde::{Deserialize, Serialize};

use super::error::PlanningError;
use super::problem::{Problem, SiteRef};

/// The cheapest open site for one demand point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    #[serde(skip)]
    pub site: Option<SiteRef>,
    pub cost: f64,
}

/// Figures for one set of open sites (existing + new).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Sum of all demand weights.
    pub total_weight: f64,
    /// The covering radius the coverage figures use, if any.
    pub radius: Option<f64>,
    /// Weight of the demand within `radius` of an open site.
    pub covered_weight: Option<f64>,
    /// Demand points of positive weight outside `radius` of every open site (indices).
    pub uncovered: Vec<usize>,
    /// Σ weight × cost to the cheapest open site, over the demand some open site reaches.
    pub weighted_cost: f64,
    /// `weighted_cost` over the weight reached; `None` when no weight is reached.
    pub mean_cost: Option<f64>,
    /// The largest cheapest-site cost over demand points of positive weight (∞ if one is
    /// unreachable, 0 when there is no such point).
    pub worst_cost: f64,
    /// Demand points of positive weight that no open site reaches (indices).
    pub unreachable: Vec<usize>,
    /// Per demand point: its cheapest open site and the cost, `None` when unreachable.
    #[serde(skip)]
    pub nearest: Vec<Option<Assignment>>,
}

/// Evaluates the existing sites plus the candidates `new_sites` (indices into `candidates`).
pub fn evaluate(problem: &Problem, new_sites: &[usize], radius: Option<f64>) -> Evaluation {
    let m = problem.candidates.len();
    let open: Vec<(usize, SiteRef)> = new_sites
        .iter()
        .map(|&j| (j, SiteRef::Candidate(j)))
        .chain((0..problem.existing.len()).map(|e| (m + e, SiteRef::Existing(e))))
        .collect();
    let mut eval = Evaluation {
        total_weight: problem.total_weight(),
        radius,
        covered_weight: radius.map(|_| 0.0),
        uncovered: Vec::new(),
        weighted_cost: 0.0,
        mean_cost: None,
        worst_cost: 0.0,
        unreachable: Vec::new(),
        nearest: Vec::with_capacity(problem.demand.len()),
    };
    let mut reached_weight = 0.0;
    for (i, d) in problem.demand.iter().enumerate() {
        let row = problem.costs.row(i);
        let best = open
            .iter()
            .map(|&(col, site)| (row[col], site))
            .filter(|(c, _)| c.is_finite())
            .min_by(|a, b| a.0.total_cmp(&b.0));
        eval.nearest.push(best.map(|(cost, site)| Assignment { site: Some(site), cost }));
        let positive = d.weight > 0.0;
        match best {
            Some((cost, _)) => {
                eval.weighted_cost += d.weight * cost;
                reached_weight += d.weight;
                if positive {
                    eval.worst_cost = eval.worst_cost.max(cost);
                }
            }
            None if positive => {
                eval.unreachable.push(i);
                eval.worst_cost = f64::INFINITY;
            }
            None => {}
        }
        if let (Some(r), Some(covered)) = (radius, eval.covered_weight.as_mut()) {
            if best.is_some_and(|(c, _)| c <= r) {
                *covered += d.weight;
            } else if positive {
                eval.uncovered.push(i);
            }
        }
    }
    eval.mean_cost = (reached_weight > 0.0).then(|| eval.weighted_cost / reached_weight);
    eval
}

/// A named set of new sites on top of the existing ones (a planning variant to compare).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    /// Candidate site ids opened by this scenario.
    pub new_sites: Vec<String>,
}

/// One scenario's figures and what it changes against the existing sites alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub name: String,
    pub new_sites: Vec<String>,
    pub evaluation: Evaluation,
    /// Demand points (indices) within the radius now and not with the existing sites alone.
    pub newly_covered: Vec<usize>,
}

/// The existing sites alone, then each scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub baseline: Evaluation,
    pub scenarios: Vec<ScenarioResult>,
}

/// Evaluates each scenario against the baseline of existing sites alone.
pub fn compare(problem: &Problem, scenarios: &[Scenario], radius: Option<f64>) -> Result<Comparison, PlanningError> {
    let baseline = evaluate(problem, &[], radius);
    let scenarios = scenarios
        .iter()
        .map(|s| {
            let idx = problem
                .candidate_indices(&s.new_sites)
                .map_err(|e| PlanningError::Input(format!("scenario \"{}\": {e}", s.name)))?;
            let evaluation = evaluate(problem, &idx, radius);
            let newly_covered = match radius {
                Some(r) => (0..problem.demand.len())
                    .filter(|&i| {
                        let within = |e: &Evaluation| e.nearest[i].is_some_and(|a| a.cost <= r);
                        within(&evaluation) && !within(&baseline)
                    })
                    .collect(),
                None => Vec::new(),
            };
            Ok(ScenarioResult { name: s.name.clone(), new_sites: s.new_sites.clone(), evaluation, newly_covered })
        })
        .collect::<Result<_, PlanningError>>()?;
    Ok(Comparison { baseline, scenarios })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::costs::CostMatrix;
    use crate::planning::problem::{Demand, Site};

    /// Three demand points on a line at 0, 10 and 20; candidates at 5 and 20; existing at 0.
    fn line() -> Problem {
        let d = |id: &str, w: f64| Demand { id: id.into(), weight: w, at: None };
        let s = |id: &str| Site { id: id.into(), at: None };
        let xs = [0.0, 10.0, 20.0];
        let sites = [5.0, 20.0, 0.0];
        let costs = CostMatrix::from_fn(3, 3, |i, j| Some(f64::abs(xs[i] - sites[j]))).unwrap();
        Problem::new(vec![d("a", 1.0), d("b", 2.0), d("c", 3.0)], vec![s("c5"), s("c20")], vec![s("e0")], costs)
            .unwrap()
    }

    #[test]
    fn existing_sites_alone_then_with_a_new_one() {
        let p = line();
        let e = evaluate(&p, &[], Some(5.0));
        assert_eq!(e.covered_weight, Some(1.0));
        assert_eq!(e.uncovered, vec![1, 2]);
        assert_eq!(e.weighted_cost, 2.0 * 10.0 + 3.0 * 20.0);
        assert_eq!(e.worst_cost, 20.0);
        let e = evaluate(&p, &[0], Some(5.0));
        assert_eq!(e.covered_weight, Some(3.0));
        assert_eq!(e.weighted_cost, 2.0 * 5.0 + 3.0 * 15.0);
        assert_eq!(e.nearest[2].unwrap().site, Some(SiteRef::Candidate(0)));
    }

    #[test]
    fn scenarios_report_what_they_newly_cover() {
        let p = line();
        let scenarios = [
            Scenario { name: "east".into(), new_sites: vec!["c20".into()] },
            Scenario { name: "both".into(), new_sites: vec!["c5".into(), "c20".into()] },
        ];
        let c = compare(&p, &scenarios, Some(5.0)).unwrap();
        assert_eq!(c.baseline.covered_weight, Some(1.0));
        assert_eq!(c.scenarios[0].newly_covered, vec![2]);
        assert_eq!(c.scenarios[1].newly_covered, vec![1, 2]);
        let bad = [Scenario { name: "x".into(), new_sites: vec!["nope".into()] }];
        assert!(compare(&p, &bad, None).unwrap_err().to_string().contains("\"nope\" is not a candidate"));
    }

    #[test]
    fn unreachable_demand_is_listed_and_makes_the_worst_cost_infinite() {
        let d =
            vec![Demand { id: "a".into(), weight: 1.0, at: None }, Demand { id: "z".into(), weight: 0.0, at: None }];
        let costs = CostMatrix::unreachable(2, 1).unwrap();
        let p = Problem::new(d, vec![Site { id: "c".into(), at: None }], vec![], costs).unwrap();
        let e = evaluate(&p, &[0], None);
        assert_eq!(e.unreachable, vec![0]);
        assert_eq!(e.worst_cost, f64::INFINITY);
        assert_eq!(e.mean_cost, None);
    }
}
