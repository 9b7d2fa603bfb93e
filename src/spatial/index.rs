//! An R-tree over point features in local metres, with deterministic k-nearest search.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::projection::{LocalM, LocalProjection};
use crate::model::{FeatureId, LonLat};

type Entry = GeomWithData<[f64; 2], (FeatureId, usize)>;

/// A hit of a nearest search: the feature, its position in the indexed slice, and the planar
/// distance in local metres (callers report geodesic distances, see `LonLat::distance_m`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: FeatureId,
    pub slot: usize,
    pub planar_m: f64,
}

/// Points of one layer in local metres.
#[derive(Debug, Clone, Default)]
pub struct PointIndex {
    tree: RTree<Entry>,
}

impl PointIndex {
    /// Bulk-loads `(id, position)` pairs; `slot` in hits is the pair's index in this iterator.
    pub fn build(proj: &LocalProjection, points: impl IntoIterator<Item = (FeatureId, LonLat)>) -> Self {
        let entries = points
            .into_iter()
            .enumerate()
            .map(|(slot, (id, p))| {
                let m = proj.to_local(p);
                GeomWithData::new([m.x, m.y], (id, slot))
            })
            .collect();
        Self { tree: RTree::bulk_load(entries) }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The `k` nearest points accepted by `keep`, closest first; equal distances are ordered by
    /// id so the answer never depends on insertion order.
    pub fn nearest(&self, at: LocalM, k: usize, mut keep: impl FnMut(FeatureId, usize) -> bool) -> Vec<Hit> {
        if k == 0 {
            return Vec::new();
        }
        let mut hits: Vec<Hit> = Vec::with_capacity(k + 4);
        let mut kth_d2 = f64::INFINITY;
        for (e, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&[at.x, at.y]) {
            if hits.len() >= k && d2 > kth_d2 {
                break;
            }
            let (id, slot) = e.data;
            if !keep(id, slot) {
                continue;
            }
            hits.push(Hit { id, slot, planar_m: d2.sqrt() });
            if hits.len() == k {
                kth_d2 = d2;
            }
        }
        hits.sort_by(|a, b| a.planar_m.total_cmp(&b.planar_m).then(a.id.cmp(&b.id)));
        hits.truncate(k);
        hits
    }

    /// Every point, closest first by planar distance, produced lazily: callers that rank by
    /// something else (geodesic distance, travel time) pull until a bound says they can stop.
    pub fn iter_nearest(&self, at: LocalM) -> impl Iterator<Item = Hit> + '_ {
        self.tree.nearest_neighbor_iter_with_distance_2(&[at.x, at.y]).map(|(e, d2)| Hit {
            id: e.data.0,
            slot: e.data.1,
            planar_m: d2.sqrt(),
        })
    }

    /// The smallest box holding every point, in local metres (min, max); `None` when empty.
    pub fn envelope(&self) -> Option<(LocalM, LocalM)> {
        if self.is_empty() {
            return None;
        }
        let env = self.tree.root().envelope();
        let (lo, hi) = (env.lower(), env.upper());
        Some((LocalM::new(lo[0], lo[1]), LocalM::new(hi[0], hi[1])))
    }

    /// Every point within `radius_m` (planar), in no particular order.
    pub fn within(&self, at: LocalM, radius_m: f64) -> impl Iterator<Item = Hit> + '_ {
        self.tree.locate_within_distance([at.x, at.y], radius_m * radius_m).map(move |e| Hit {
            id: e.data.0,
            slot: e.data.1,
            planar_m: (e.geom()[0] - at.x).hypot(e.geom()[1] - at.y),
        })
    }

    /// Every point inside the box [min, max] in local metres.
    pub fn in_box(&self, min: LocalM, max: LocalM) -> impl Iterator<Item = (FeatureId, usize)> + '_ {
        let env = rstar::AABB::from_corners([min.x, min.y], [max.x, max.y]);
        self.tree.locate_in_envelope(&env).map(|e| e.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_are_ordered_by_id() {
        let proj = LocalProjection::new(LonLat::new(114.0, 36.0));
        let c = LonLat::new(114.0, 36.0);
        // Four points at the same spot, inserted in scrambled id order.
        let idx = PointIndex::build(&proj, [(7, c), (3, c), (9, c), (1, c)]);
        let ids: Vec<_> = idx.nearest(LocalM::new(0.0, 0.0), 3, |_, _| true).iter().map(|h| h.id).collect();
        assert_eq!(ids, vec![1, 3, 7]);
    }

    #[test]
    fn filter_skips_rejected_points() {
        let proj = LocalProjection::new(LonLat::new(114.0, 36.0));
        let idx = PointIndex::build(
            &proj,
            [(1, LonLat::new(114.0, 36.0)), (2, LonLat::new(114.01, 36.0)), (3, LonLat::new(114.02, 36.0))],
        );
        let hits = idx.nearest(LocalM::new(0.0, 0.0), 1, |id, _| id != 1);
        assert_eq!(hits[0].id, 2);
        assert!((hits[0].planar_m - 900.0).abs() < 5.0, "{}", hits[0].planar_m);
    }
}
