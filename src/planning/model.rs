//! The four siting models and what each one optimises.
//!
//! Existing sites are always open and are not counted in `p`.
//! - **MCLP** (Church & ReVelle 1974, "The maximal covering location problem", *Papers of the
//!   Regional Science Association* 32:101–118): open exactly `p` new sites to maximise the demand
//!   weight within `radius` of an open site.
//! - **LSCP** (Toregas, Swain, ReVelle & Bergman 1971, "The location of emergency service
//!   facilities", *Operations Research* 19(6):1363–1373): the fewest new sites such that every
//!   demand point of positive weight is within `radius` of an open site.
//! - **p-median** (Hakimi 1964; ReVelle & Swain 1970): open exactly `p` new sites to minimise
//!   the weighted sum of each demand point's cost to its cheapest open site.
//! - **p-center** (Hakimi 1965): open exactly `p` new sites to minimise the worst cost from a
//!   demand point of positive weight to its cheapest open site (weights only select the points).

use super::error::PlanningError;
use super::evaluate::Evaluation;
use super::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "model", rename_all = "lowercase")]
pub enum Model {
    Mclp {
        p: usize,
        radius: f64,
    },
    Lscp {
        radius: f64,
    },
    #[serde(rename = "pmedian")]
    PMedian {
        p: usize,
    },
    #[serde(rename = "pcenter")]
    PCenter {
        p: usize,
    },
}

impl Model {
    /// The name used on the command line and in JSON: mclp, lscp, pmedian, pcenter.
    pub fn name(&self) -> &'static str {
        match self {
            Model::Mclp { .. } => "mclp",
            Model::Lscp { .. } => "lscp",
            Model::PMedian { .. } => "pmedian",
            Model::PCenter { .. } => "pcenter",
        }
    }

    /// The covering radius of MCLP and LSCP.
    pub fn radius(&self) -> Option<f64> {
        match self {
            Model::Mclp { radius, .. } | Model::Lscp { radius } => Some(*radius),
            _ => None,
        }
    }

    /// The number of new sites, for the models that fix it.
    pub fn p(&self) -> Option<usize> {
        match self {
            Model::Mclp { p, .. } | Model::PMedian { p } | Model::PCenter { p } => Some(*p),
            Model::Lscp { .. } => None,
        }
    }

    /// True for MCLP (more is better); the others minimise.
    pub fn maximises(&self) -> bool {
        matches!(self, Model::Mclp { .. })
    }

    /// Refuses a model the problem cannot have: p above the number of candidates, a radius that
    /// is not a number ≥ 0.
    pub fn check(&self, problem: &Problem) -> Result<(), PlanningError> {
        if let Some(p) = self.p()
            && p > problem.candidates.len()
        {
            return Err(PlanningError::Input(format!(
                "p = {p} new sites, but there are only {} candidate sites",
                problem.candidates.len()
            )));
        }
        if let Some(r) = self.radius()
            && !(r.is_finite() && r >= 0.0)
        {
            return Err(PlanningError::Input(format!("radius {r} is not a number ≥ 0")));
        }
        Ok(())
    }

    /// The model's objective for an evaluated selection of `n_new` new sites: covered weight
    /// (MCLP), number of new sites (LSCP), weighted cost (p-median), worst cost (p-center).
    /// Unserved demand makes the minimising objectives +∞.
    pub fn objective(&self, eval: &Evaluation, n_new: usize) -> f64 {
        match self {
            Model::Mclp { .. } => eval.covered_weight.unwrap_or(0.0),
            Model::Lscp { .. } => {
                if eval.uncovered.is_empty() {
                    n_new as f64
                } else {
                    f64::INFINITY
                }
            }
            Model::PMedian { .. } => {
                if eval.unreachable.is_empty() {
                    eval.weighted_cost
                } else {
                    f64::INFINITY
                }
            }
            Model::PCenter { .. } => eval.worst_cost,
        }
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Model::Mclp { p, radius } => write!(f, "MCLP (p = {p}, radius {radius})"),
            Model::Lscp { radius } => write!(f, "LSCP (radius {radius})"),
            Model::PMedian { p } => write!(f, "p-median (p = {p})"),
            Model::PCenter { p } => write!(f, "p-center (p = {p})"),
        }
    }
}
