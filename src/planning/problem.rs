//! The generic facility-location problem: demand points with weights, candidate sites, existing
//! sites that stay open, and the cost of serving each demand point from each site.
//!
//! Everything here is plain data with indices: a site is addressed by its position in
//! `candidates` or `existing`, a demand point by its position in `demand`. Ids are kept for
//! messages and output only, and must be unique (demand ids among demand points; site ids across
//! candidates and existing sites together, since a cost file names either kind).

use std::collections::HashMap;

use crate::model::LonLat;

use super::costs::CostMatrix;
use super::error::PlanningError;

/// Where a demand point or a site is: planar metres or WGS84 longitude/latitude.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Position {
    /// Planar coordinates in metres (any projected system; distances are Euclidean).
    Planar { x: f64, y: f64 },
    /// WGS84 longitude/latitude (distances are geodesic).
    LonLat(LonLat),
}

/// A place that needs service, weighted by how much it matters (people, risk level …).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Demand {
    pub id: String,
    /// ≥ 0; a weight of 0 keeps the point in the data but out of every objective.
    pub weight: f64,
    pub at: Option<Position>,
}

/// A site that can host (candidate) or already hosts (existing) a facility.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub id: String,
    pub at: Option<Position>,
}

/// A site column of the cost matrix: candidates come first, existing sites after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteRef {
    Candidate(usize),
    Existing(usize),
}

/// Demand, candidates, existing sites and the costs between them.
#[derive(Debug, Clone)]
pub struct Problem {
    pub demand: Vec<Demand>,
    pub candidates: Vec<Site>,
    pub existing: Vec<Site>,
    /// Rows are demand points; columns are the candidates, then the existing sites.
    pub costs: CostMatrix,
}

impl Problem {
    /// Checks ids, weights and the matrix shape. Costs come from [`CostMatrix`]'s constructors.
    pub fn new(
        demand: Vec<Demand>,
        candidates: Vec<Site>,
        existing: Vec<Site>,
        costs: CostMatrix,
    ) -> Result<Self, PlanningError> {
        let mut seen = HashMap::new();
        for (i, d) in demand.iter().enumerate() {
            if let Some(problem) = weight_problem(d.weight) {
                return Err(PlanningError::Input(format!("demand point \"{}\": {problem}", d.id)));
            }
            if let Some(first) = seen.insert(d.id.as_str(), i) {
                return Err(PlanningError::Input(format!(
                    "demand id \"{}\" is used twice (points {} and {})",
                    d.id,
                    first + 1,
                    i + 1
                )));
            }
        }
        let mut seen = HashMap::new();
        for s in candidates.iter().chain(&existing) {
            if seen.insert(s.id.as_str(), ()).is_some() {
                return Err(PlanningError::Input(format!(
                    "site id \"{}\" is used twice (ids must be unique across candidates and existing sites)",
                    s.id
                )));
            }
        }
        if costs.n_demand() != demand.len() || costs.n_sites() != candidates.len() + existing.len() {
            return Err(PlanningError::Internal(format!(
                "cost matrix is {}×{} for {} demand points and {} sites",
                costs.n_demand(),
                costs.n_sites(),
                demand.len(),
                candidates.len() + existing.len()
            )));
        }
        Ok(Self { demand, candidates, existing, costs })
    }

    /// Builds the costs from the positions of every point (see [`CostMatrix::from_positions`]).
    pub fn from_positions(
        demand: Vec<Demand>,
        candidates: Vec<Site>,
        existing: Vec<Site>,
    ) -> Result<Self, PlanningError> {
        let costs = CostMatrix::from_positions(&demand, &candidates, &existing)?;
        Self::new(demand, candidates, existing, costs)
    }

    /// The matrix column of a site.
    pub fn column(&self, site: SiteRef) -> usize {
        match site {
            SiteRef::Candidate(j) => j,
            SiteRef::Existing(e) => self.candidates.len() + e,
        }
    }

    /// The cost of serving demand point `i` from candidate `j` (∞ when unreachable).
    pub fn candidate_cost(&self, i: usize, j: usize) -> f64 {
        self.costs.get(i, j)
    }

    /// The cheapest existing site for each demand point (∞ when none reaches it).
    pub fn existing_best(&self) -> Vec<f64> {
        let m = self.candidates.len();
        (0..self.demand.len()).map(|i| self.costs.row(i)[m..].iter().copied().fold(f64::INFINITY, f64::min)).collect()
    }

    /// Sum of all demand weights.
    pub fn total_weight(&self) -> f64 {
        self.demand.iter().map(|d| d.weight).sum()
    }

    /// Candidate indices for the given ids, in order; the first unknown id is an error.
    pub fn candidate_indices<S: AsRef<str>>(&self, ids: &[S]) -> Result<Vec<usize>, PlanningError> {
        let index: HashMap<&str, usize> = self.candidates.iter().enumerate().map(|(j, s)| (s.id.as_str(), j)).collect();
        ids.iter()
            .map(|id| {
                index
                    .get(id.as_ref())
                    .copied()
                    .ok_or_else(|| PlanningError::Input(format!("\"{}\" is not a candidate site", id.as_ref())))
            })
            .collect()
    }
}

/// Why a weight is unusable, if it is.
pub fn weight_problem(w: f64) -> Option<String> {
    if !w.is_finite() {
        Some(format!("weight {w} is not a number"))
    } else if w < 0.0 {
        Some(format!("weight {w} is negative (weights must be ≥ 0)"))
    } else {
        None
    }
}
