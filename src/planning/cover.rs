//! The covering view of a problem (MCLP, LSCP, p-center decisions), reduced before solving.
//!
//! Reductions, each of which keeps an optimal solution of the original problem:
//! - demand already within reach of an existing site is served and leaves the problem;
//! - demand points with the same set of covering candidates become one row whose weight is
//!   their sum (for 10,000 points and 500 candidates this leaves a few thousand rows);
//! - a candidate whose rows are a subset of another's is dominated and dropped (ties keep the
//!   lower index): whatever it covers the other covers too, and when both would be open the
//!   dominated one adds nothing, so some optimum avoids it;
//! - for set covering only (every row must be covered, weights do not matter): a row whose
//!   candidates include all of another row's candidates is covered whenever that row is, and is
//!   dropped (Toregas & ReVelle 1973, "Binary logic solutions to a class of location problem",
//!   *Geographical Analysis* 5(2):145–155, give these column and row rules).

use std::collections::HashMap;

use super::problem::Problem;

/// Rows (groups of demand points) × columns (kept candidates) of a covering problem.
#[derive(Debug, Clone)]
pub(crate) struct Cover {
    /// Original candidate index of each column.
    pub cols: Vec<usize>,
    /// Rows each column covers, ascending.
    pub col_rows: Vec<Vec<u32>>,
    /// Columns covering each row, ascending.
    pub row_cols: Vec<Vec<u32>>,
    /// Demand weight of each row.
    pub weight: Vec<f64>,
    /// Weight already covered by existing sites.
    pub existing_weight: f64,
    /// Demand points of positive weight that no existing site and no candidate covers.
    pub uncoverable: Vec<usize>,
}

impl Cover {
    /// The covering problem of `problem` within cost `radius`. With `set_cover`, rows are all
    /// of weight 1 and dominated rows are dropped too.
    pub fn new(problem: &Problem, radius: f64, set_cover: bool) -> Self {
        let m = problem.candidates.len();
        let mut existing_weight = 0.0;
        let mut uncoverable = Vec::new();
        let mut classes: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut row_cols: Vec<Vec<u32>> = Vec::new();
        let mut weight: Vec<f64> = Vec::new();
        for (i, d) in problem.demand.iter().enumerate() {
            if d.weight <= 0.0 {
                continue;
            }
            let row = problem.costs.row(i);
            if row[m..].iter().any(|c| *c <= radius) {
                existing_weight += d.weight;
                continue;
            }
            let cols: Vec<u32> = (0..m).filter(|&j| row[j] <= radius).map(|j| j as u32).collect();
            if cols.is_empty() {
                uncoverable.push(i);
                continue;
            }
            let w = if set_cover { 1.0 } else { d.weight };
            match classes.get(&cols) {
                Some(&k) if !set_cover => weight[k] += w,
                Some(_) => {}
                None => {
                    classes.insert(cols.clone(), row_cols.len());
                    row_cols.push(cols);
                    weight.push(w);
                }
            }
        }
        let mut cover =
            Cover { cols: (0..m).collect(), col_rows: Vec::new(), row_cols, weight, existing_weight, uncoverable };
        if set_cover {
            cover.drop_dominated_rows();
        }
        cover.rebuild_columns();
        cover.drop_dominated_columns();
        cover
    }

    pub fn n_rows(&self) -> usize {
        self.row_cols.len()
    }

    pub fn n_cols(&self) -> usize {
        self.cols.len()
    }

    /// Weight of the rows the given columns cover.
    pub fn covered_by(&self, cols: &[usize]) -> f64 {
        let mut hit = vec![false; self.n_rows()];
        for &j in cols {
            for &k in &self.col_rows[j] {
                hit[k as usize] = true;
            }
        }
        hit.iter().zip(&self.weight).filter(|(h, _)| **h).map(|(_, w)| w).sum()
    }

    /// Original candidate indices of columns.
    pub fn originals(&self, cols: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = cols.iter().map(|&j| self.cols[j]).collect();
        out.sort_unstable();
        out
    }

    /// Recomputes `col_rows` from `row_cols` (columns still numbered as in `cols`).
    fn rebuild_columns(&mut self) {
        let mut col_rows = vec![Vec::new(); self.cols.len()];
        for (k, cols) in self.row_cols.iter().enumerate() {
            for &j in cols {
                col_rows[j as usize].push(k as u32);
            }
        }
        self.col_rows = col_rows;
    }

    /// Drops columns that cover nothing or whose rows another column covers too, then
    /// renumbers the columns.
    fn drop_dominated_columns(&mut self) {
        let n = self.cols.len();
        let mut keep = vec![true; n];
        for j in 0..n {
            let rows = &self.col_rows[j];
            let Some(&rarest) = rows.iter().min_by_key(|&&k| self.row_cols[k as usize].len()) else {
                keep[j] = false;
                continue;
            };
            // A dominating column covers every row of j, in particular the rarest one.
            for &other in &self.row_cols[rarest as usize] {
                let o = other as usize;
                if o == j || !keep[o] {
                    continue;
                }
                let theirs = &self.col_rows[o];
                let dominated = theirs.len() > rows.len() || (theirs.len() == rows.len() && o < j);
                if dominated && is_subset(rows, theirs) {
                    keep[j] = false;
                    break;
                }
            }
        }
        let mut renumber = vec![u32::MAX; n];
        let mut cols = Vec::new();
        for j in 0..n {
            if keep[j] {
                renumber[j] = cols.len() as u32;
                cols.push(self.cols[j]);
            }
        }
        for row in &mut self.row_cols {
            row.retain(|j| keep[*j as usize]);
            for j in row.iter_mut() {
                *j = renumber[*j as usize];
            }
        }
        self.cols = cols;
        self.rebuild_columns();
    }

    /// Set covering: drops rows whose columns include all columns of another row.
    fn drop_dominated_rows(&mut self) {
        self.rebuild_columns();
        let n = self.row_cols.len();
        let mut keep = vec![true; n];
        for k in 0..n {
            let cols = &self.row_cols[k];
            // Rows that k implies are covered by every column of k, in particular by its
            // column with the fewest rows.
            let Some(&narrow) = cols.iter().min_by_key(|&&j| self.col_rows[j as usize].len()) else {
                continue;
            };
            for &other in &self.col_rows[narrow as usize] {
                let o = other as usize;
                if o == k || !keep[o] {
                    continue;
                }
                let theirs = &self.row_cols[o];
                // Rows are distinct sets here (identical ones were merged), so ⊂ is strict.
                if theirs.len() > cols.len() && is_subset(cols, theirs) {
                    keep[o] = false;
                }
            }
        }
        let mut k = 0;
        self.row_cols.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        let mut k = 0;
        self.weight.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }
}

/// True when every element of sorted `a` is in sorted `b`.
fn is_subset(a: &[u32], b: &[u32]) -> bool {
    let mut it = b.iter();
    a.iter().all(|x| it.by_ref().any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::costs::CostMatrix;
    use crate::planning::problem::{Demand, Site};

    /// Demand points 0..5 on a line, candidates at 1, 1 (a duplicate), 2 and 4, an existing site
    /// at 5, radius 1.
    fn line() -> Problem {
        let xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let sites = [1.0, 1.0, 2.0, 4.0, 5.0];
        let demand = (0..6).map(|i| Demand { id: format!("d{i}"), weight: 1.0 + i as f64, at: None }).collect();
        let sites_v = (0..4).map(|j| Site { id: format!("c{j}"), at: None }).collect();
        let costs = CostMatrix::from_fn(6, 5, |i, j| Some(f64::abs(xs[i] - sites[j]))).unwrap();
        Problem::new(demand, sites_v, vec![Site { id: "e".into(), at: None }], costs).unwrap()
    }

    #[test]
    fn existing_coverage_leaves_and_duplicates_are_dominated() {
        let c = Cover::new(&line(), 1.0, false);
        // d4 (weight 5) and d5 (6) are within 1 of the existing site at 5.
        assert_eq!(c.existing_weight, 11.0);
        // Rows {c0,c1}, {c0,c1,c2} (d1 and d2 merged), {c2,c3}: c1 duplicates c0 and c3's one
        // row is also c2's.
        assert_eq!(c.cols, vec![0, 2]);
        assert_eq!(c.n_rows(), 3);
        assert_eq!(c.weight.iter().sum::<f64>(), 1.0 + 2.0 + 3.0 + 4.0);
        assert!(c.uncoverable.is_empty());
    }

    #[test]
    fn set_cover_drops_implied_rows() {
        let c = Cover::new(&line(), 1.0, true);
        // Rows: d0 {c0,c1}, d1 {c0,c1,c2}, d2 {c0,c1,c2}→merged, d3 {c2,c3}; d1 is implied by d0.
        assert_eq!(c.n_rows(), 2);
        assert!(c.weight.iter().all(|w| *w == 1.0));
    }

    #[test]
    fn subsets() {
        assert!(is_subset(&[1, 3], &[0, 1, 2, 3]));
        assert!(!is_subset(&[1, 4], &[0, 1, 2, 3]));
        assert!(is_subset(&[], &[0]));
    }
}
