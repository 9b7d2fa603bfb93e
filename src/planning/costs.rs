//! The cost of serving each demand point from each site: metres, seconds or any unit, as long as
//! one matrix uses one. A missing pair is unreachable (stored as +∞).
//!
//! Stored dense, row-major (demand × sites): every solver touches most cells many times, and
//! a dense row is what both the covering sets and the p-median's sorted lists are built from.
//! The size is capped at [`MAX_CELLS`] so a careless input fails with advice instead of
//! exhausting memory.

use rayon::prelude::*;

use crate::analysis::travel::{Leg, TravelModel};
use crate::model::LonLat;

use super::error::PlanningError;
use super::problem::{Demand, Position, Site};

/// 50 million cells (400 MB): e.g. 100,000 demand points × 500 sites.
pub const MAX_CELLS: usize = 50_000_000;

/// Dense demand × site costs; columns are candidates first, then existing sites.
#[derive(Debug, Clone, PartialEq)]
pub struct CostMatrix {
    n_demand: usize,
    n_sites: usize,
    cells: Vec<f64>,
}

impl CostMatrix {
    /// A matrix where every pair is unreachable until set.
    pub fn unreachable(n_demand: usize, n_sites: usize) -> Result<Self, PlanningError> {
        let n = n_demand.checked_mul(n_sites).filter(|n| *n <= MAX_CELLS).ok_or_else(|| {
            PlanningError::Input(format!(
                "{n_demand} demand points × {n_sites} sites is more than {MAX_CELLS} pairs: merge nearby demand \
                 points (e.g. into a grid) or thin the candidates"
            ))
        })?;
        Ok(Self { n_demand, n_sites, cells: vec![f64::INFINITY; n] })
    }

    /// Costs from a function of (demand index, site column); `None` = unreachable. Rows are
    /// computed in parallel.
    pub fn from_fn(
        n_demand: usize,
        n_sites: usize,
        cost: impl Fn(usize, usize) -> Option<f64> + Sync,
    ) -> Result<Self, PlanningError> {
        let mut m = Self::unreachable(n_demand, n_sites)?;
        if n_sites == 0 {
            return Ok(m);
        }
        m.cells.par_chunks_mut(n_sites).enumerate().for_each(|(i, row)| {
            for (s, c) in row.iter_mut().enumerate() {
                *c = cost(i, s).filter(|c| c.is_finite()).unwrap_or(f64::INFINITY);
            }
        });
        if let Some(k) = m.cells.iter().position(|c| *c < 0.0) {
            return Err(PlanningError::Input(format!(
                "cost from site column {} to demand point {} is negative",
                k % n_sites + 1,
                k / n_sites + 1
            )));
        }
        Ok(m)
    }

    /// Euclidean metres between planar positions, or geodesic metres between lon/lat ones. Every
    /// point needs a position, and all must be of the same kind.
    pub fn from_positions(demand: &[Demand], candidates: &[Site], existing: &[Site]) -> Result<Self, PlanningError> {
        let missing = |what: &str, id: &str| {
            PlanningError::Input(format!("{what} \"{id}\" has no position (give x,y or lon,lat, or a cost file)"))
        };
        let d: Vec<Position> =
            demand.iter().map(|d| d.at.ok_or_else(|| missing("demand point", &d.id))).collect::<Result<_, _>>()?;
        let s: Vec<Position> = candidates
            .iter()
            .chain(existing)
            .map(|s| s.at.ok_or_else(|| missing("site", &s.id)))
            .collect::<Result<_, _>>()?;
        let planar = d.iter().chain(&s).filter(|p| matches!(p, Position::Planar { .. })).count();
        if planar != 0 && planar != d.len() + s.len() {
            return Err(PlanningError::Input(
                "some points are planar x,y and others lon,lat: use one kind for all files".into(),
            ));
        }
        Self::from_fn(d.len(), s.len(), |i, j| match (d[i], s[j]) {
            (Position::Planar { x: x1, y: y1 }, Position::Planar { x: x2, y: y2 }) => Some((x1 - x2).hypot(y1 - y2)),
            (Position::LonLat(a), Position::LonLat(b)) => Some(a.distance_m(b)),
            _ => None,
        })
    }

    /// Costs from a travel model (straight-line estimate or roads): from each site to each
    /// demand point, measured by `measure` (e.g. `|l| l.seconds`).
    pub fn from_travel(
        travel: &dyn TravelModel,
        demand: &[LonLat],
        sites: &[LonLat],
        measure: impl Fn(Leg) -> f64 + Sync,
    ) -> Result<Self, PlanningError> {
        let mut m = Self::unreachable(demand.len(), sites.len())?;
        let columns: Vec<Vec<Option<Leg>>> = sites.par_iter().map(|s| travel.one_to_many(*s, demand)).collect();
        for (s, column) in columns.iter().enumerate() {
            for (i, leg) in column.iter().enumerate() {
                if let Some(c) = leg.map(&measure).filter(|c| c.is_finite() && *c >= 0.0) {
                    m.cells[i * m.n_sites + s] = c;
                }
            }
        }
        Ok(m)
    }

    /// Sets one pair; an error when the cost is not a finite number ≥ 0 or the pair is set twice.
    pub fn set(&mut self, demand: usize, site: usize, cost: f64) -> Result<(), PlanningError> {
        if !cost.is_finite() || cost < 0.0 {
            return Err(PlanningError::Input(format!("cost {cost} is not a number ≥ 0")));
        }
        let cell = self
            .cells
            .get_mut(demand * self.n_sites + site)
            .filter(|_| site < self.n_sites)
            .ok_or_else(|| PlanningError::Internal(format!("cell ({demand}, {site}) is outside the matrix")))?;
        if cell.is_finite() {
            return Err(PlanningError::Input("this demand/site pair was already given".into()));
        }
        *cell = cost;
        Ok(())
    }

    pub fn n_demand(&self) -> usize {
        self.n_demand
    }

    pub fn n_sites(&self) -> usize {
        self.n_sites
    }

    /// Cost from site column `site` to demand point `demand` (∞ when unreachable).
    pub fn get(&self, demand: usize, site: usize) -> f64 {
        self.cells[demand * self.n_sites + site]
    }

    /// All site costs of one demand point.
    pub fn row(&self, demand: usize) -> &[f64] {
        &self.cells[demand * self.n_sites..(demand + 1) * self.n_sites]
    }

    /// The largest finite cost, 0 when there is none.
    pub fn max_finite(&self) -> f64 {
        self.cells.iter().copied().filter(|c| c.is_finite()).fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planar(id: &str, x: f64, y: f64) -> Site {
        Site { id: id.into(), at: Some(Position::Planar { x, y }) }
    }

    #[test]
    fn planar_costs_are_euclidean_and_columns_put_existing_last() {
        let d = vec![Demand { id: "a".into(), weight: 1.0, at: Some(Position::Planar { x: 0.0, y: 0.0 }) }];
        let m = CostMatrix::from_positions(&d, &[planar("c", 3.0, 4.0)], &[planar("e", 0.0, 1.0)]).unwrap();
        assert_eq!(m.row(0), &[5.0, 1.0]);
    }

    #[test]
    fn mixed_kinds_and_missing_positions_are_refused() {
        let d = vec![Demand { id: "a".into(), weight: 1.0, at: Some(Position::LonLat(LonLat::new(114.3, 36.1))) }];
        let e = CostMatrix::from_positions(&d, &[planar("c", 3.0, 4.0)], &[]).unwrap_err();
        assert!(e.to_string().contains("one kind"), "{e}");
        let s = Site { id: "nowhere".into(), at: None };
        let e = CostMatrix::from_positions(&d, &[s], &[]).unwrap_err();
        assert!(e.to_string().contains("\"nowhere\" has no position"), "{e}");
    }

    #[test]
    fn lonlat_costs_are_geodesic_metres() {
        let a = LonLat::new(114.35, 36.08);
        let b = LonLat::new(114.36, 36.09);
        let d = vec![Demand { id: "a".into(), weight: 1.0, at: Some(Position::LonLat(a)) }];
        let s = Site { id: "b".into(), at: Some(Position::LonLat(b)) };
        let m = CostMatrix::from_positions(&d, &[s], &[]).unwrap();
        assert!((m.get(0, 0) - a.distance_m(b)).abs() < 1e-9);
        assert!(m.get(0, 0) > 1000.0 && m.get(0, 0) < 1500.0);
    }

    #[test]
    fn pairs_set_twice_or_negative_are_refused_and_size_is_capped() {
        let mut m = CostMatrix::unreachable(2, 2).unwrap();
        m.set(1, 0, 7.0).unwrap();
        assert!(m.set(1, 0, 8.0).is_err());
        assert!(m.set(0, 0, -1.0).is_err());
        assert_eq!(m.get(0, 1), f64::INFINITY);
        assert!(CostMatrix::unreachable(1_000_000, 1_000).is_err());
    }
}
