//! Point clustering for zoomed-out views.
//!
//! Greedy disc clustering on a grid, per integer zoom level: points are taken in priority order
//! (red enterprises before blue, special stations before small ones); each point not yet taken
//! seeds a cluster that swallows every untaken point within `radius` pixels. Seeds are therefore
//! more than `radius` apart, so cluster symbols never overlap at that level, nor at the
//! fractional zooms above it that reuse it. O(n) with a grid of cell size `radius`. A level is
//! built once per (layer, filter) and cached; the frame only scans the clusters in view.

use std::collections::HashMap;

use super::view::{TILE_PX, World};

/// A cluster of points at one zoom level.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Position (of the seed point).
    pub world: World,
    pub count: u32,
    /// Slot of the seed, the most important member; a cluster of one is just that feature.
    pub seed: u32,
    /// Members per category (risk level, …), for the cluster's pie.
    pub breakdown: [u32; 4],
}

/// Clusters `points` (world coordinates) for drawing at `level`.
///
/// `order` lists the slots to consider, most important first (slots not listed are left out:
/// that is how filtered-out features are skipped); `category` maps a slot to 0..4.
pub fn build(
    points: &[World],
    order: &[u32],
    category: impl Fn(u32) -> usize,
    level: u8,
    radius_px: f64,
) -> Vec<Cluster> {
    let world_px = TILE_PX * f64::from(level).exp2();
    let cell = radius_px / world_px;
    let key = |w: World| ((w[0] / cell).floor() as i64, (w[1] / cell).floor() as i64);
    // Sort slots by cell so each cell is one contiguous run, found through a map of ranges.
    let mut by_cell: Vec<((i64, i64), u32)> =
        order.iter().filter_map(|&s| points.get(s as usize).map(|&w| (key(w), s))).collect();
    by_cell.sort_unstable();
    let mut runs: HashMap<(i64, i64), (usize, usize)> = HashMap::with_capacity(by_cell.len() / 2 + 1);
    let mut i = 0;
    while i < by_cell.len() {
        let k = by_cell[i].0;
        let mut j = i;
        while j < by_cell.len() && by_cell[j].0 == k {
            j += 1;
        }
        runs.insert(k, (i, j));
        i = j;
    }
    let mut taken = vec![false; points.len()];
    let r2 = cell * cell;
    let mut out = Vec::new();
    for &seed in order {
        let Some(&sw) = points.get(seed as usize) else { continue };
        if taken.get(seed as usize).copied().unwrap_or(true) {
            continue;
        }
        let (cx, cy) = key(sw);
        let mut c = Cluster { world: sw, count: 0, seed, breakdown: [0; 4] };
        for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(&(a, b)) = runs.get(&(cx + dx, cy + dy)) else { continue };
                for &(_, s) in &by_cell[a..b] {
                    let Some(t) = taken.get_mut(s as usize) else { continue };
                    if *t {
                        continue;
                    }
                    let Some(&w) = points.get(s as usize) else { continue };
                    if (w[0] - sw[0]).powi(2) + (w[1] - sw[1]).powi(2) <= r2 {
                        *t = true;
                        c.count += 1;
                        if let Some(n) = c.breakdown.get_mut(category(s).min(3)) {
                            *n += 1;
                        }
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_point_lands_in_exactly_one_cluster_and_seeds_are_apart() {
        // A 40×40 grid of points 1/4096 of the world apart: 16 px at level 6.
        let mut pts = Vec::new();
        for i in 0..40 {
            for j in 0..40 {
                pts.push([0.3 + f64::from(i) / 4096.0, 0.4 + f64::from(j) / 4096.0]);
            }
        }
        let order: Vec<u32> = (0..pts.len() as u32).collect();
        let level = 6;
        let radius = 40.0;
        let clusters = build(&pts, &order, |_| 0, level, radius);
        assert_eq!(clusters.iter().map(|c| c.count).sum::<u32>(), pts.len() as u32);
        let px = TILE_PX * f64::from(level).exp2();
        for (i, a) in clusters.iter().enumerate() {
            for b in &clusters[i + 1..] {
                let d = ((a.world[0] - b.world[0]).powi(2) + (a.world[1] - b.world[1]).powi(2)).sqrt() * px;
                assert!(d > radius, "seeds {d} px apart");
            }
        }
        assert!(clusters.len() < pts.len() / 4);
    }

    #[test]
    fn far_apart_points_stay_single_and_priority_picks_the_seed() {
        let pts = vec![[0.1, 0.1], [0.1 + 1e-7, 0.1], [0.9, 0.9]];
        let clusters = build(&pts, &[1, 0, 2], |s| s as usize, 10, 30.0);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].seed, 1);
        assert_eq!(clusters[0].count, 2);
        assert_eq!(clusters[0].breakdown, [1, 1, 0, 0]);
        assert_eq!(clusters[1].count, 1);
    }

    #[test]
    fn slots_left_out_of_the_order_are_not_drawn() {
        let pts = vec![[0.1, 0.1], [0.5, 0.5]];
        let clusters = build(&pts, &[1], |_| 0, 3, 30.0);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].seed, 1);
    }
}
