//! From a place to the roads: an R-tree over every straight piece of every drivable segment, in
//! local metres.
//!
//! **A place's routed time** is, everywhere in OneMap (routes, travel times, isochrones, service
//! areas), the best over every road piece within the snap radius of: the approach from the place
//! straight to its nearest point on that piece, at the approach speed, plus the drive to (or from)
//! that point. Usually the nearest piece wins; a farther one wins only when it saves more driving
//! than the extra approach costs (the near street is one-way the wrong way, or not reached). This
//! one definition is what makes an isochrone polygon exactly the set of places within its time.

use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

use super::network::{RoadNetwork, piece_length_m};
use crate::model::LonLat;
use crate::spatial::{LocalM, LocalProjection};

type Piece = GeomWithData<Line<[f64; 2]>, u32>;

/// A point on a road where a place joins it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub seg: u32,
    /// Metres along the segment from its `from` node (geodesic).
    pub offset_m: f64,
    /// Straight-line distance from the place, local metres.
    pub dist_m: f64,
    /// The point on the road, local metres.
    pub at_m: LocalM,
    /// The piece (index of its first coordinate in the network) and the fraction along it.
    pub piece: u32,
    pub t: f64,
}

/// The spatial index of road pieces.
#[derive(Debug, Default)]
pub struct SnapIndex {
    tree: RTree<Piece>,
    /// Local-metre position of every coordinate of the network.
    coords_m: Vec<LocalM>,
    /// The segment whose geometry holds coordinate `i`.
    coord_seg: Vec<u32>,
    /// Metres along its segment of coordinate `i`.
    coord_off: Vec<f64>,
}

impl SnapIndex {
    /// Indexes the pieces of the segments `usable` accepts.
    pub fn build(net: &RoadNetwork, proj: &LocalProjection, usable: impl Fn(u32) -> bool) -> Self {
        let n = net.coords.len();
        let mut coords_m = Vec::with_capacity(n);
        let mut coord_seg = vec![u32::MAX; n];
        let mut coord_off = vec![0.0; n];
        for p in &net.coords {
            coords_m.push(proj.to_local(*p));
        }
        let mut pieces = Vec::with_capacity(n);
        for (g, seg) in net.segments.iter().enumerate() {
            let r = net.geom_range(g as u32);
            let mut off = 0.0f64;
            for i in r.clone() {
                coord_seg[i] = g as u32;
                coord_off[i] = off.min(seg.length_m);
                if i + 1 < r.end {
                    off += piece_length_m(net.coords[i], net.coords[i + 1]);
                }
            }
            if r.end > 0 {
                coord_off[r.end - 1] = seg.length_m;
            }
            if !usable(g as u32) {
                continue;
            }
            for i in r.start..r.end.saturating_sub(1) {
                let (a, b) = (coords_m[i], coords_m[i + 1]);
                pieces.push(GeomWithData::new(Line::new([a.x, a.y], [b.x, b.y]), i as u32));
            }
        }
        Self { tree: RTree::bulk_load(pieces), coords_m, coord_seg, coord_off }
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Local-metre position of network coordinate `i`.
    pub fn coord_m(&self, i: usize) -> LocalM {
        self.coords_m.get(i).copied().unwrap_or_default()
    }

    /// Offset along its segment of network coordinate `i`.
    pub fn coord_offset(&self, i: usize) -> f64 {
        self.coord_off.get(i).copied().unwrap_or(0.0)
    }

    fn candidate(&self, piece: u32, at: LocalM) -> Candidate {
        let i = piece as usize;
        let (a, b) = (self.coord_m(i), self.coord_m(i + 1));
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 { (((at.x - a.x) * dx + (at.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
        let p = LocalM::new(a.x + t * dx, a.y + t * dy);
        let (o0, o1) = (self.coord_offset(i), self.coord_offset(i + 1));
        Candidate {
            seg: self.coord_seg.get(i).copied().unwrap_or(u32::MAX),
            offset_m: o0 + t * (o1 - o0),
            dist_m: p.distance(at),
            at_m: p,
            piece,
            t,
        }
    }

    /// Every road point a place may join: the nearest point of each piece within `radius_m`,
    /// nearest first (ties by segment and offset, so answers never depend on the tree's layout).
    pub fn candidates(&self, at: LocalM, radius_m: f64) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .tree
            .locate_within_distance([at.x, at.y], radius_m * radius_m)
            .map(|p| self.candidate(p.data, at))
            .filter(|c| c.dist_m <= radius_m)
            .collect();
        out.sort_by(|a, b| {
            a.dist_m.total_cmp(&b.dist_m).then(a.seg.cmp(&b.seg)).then(a.offset_m.total_cmp(&b.offset_m))
        });
        out
    }

    /// The nearest road point, at any distance.
    pub fn nearest(&self, at: LocalM) -> Option<Candidate> {
        self.tree.nearest_neighbor(&[at.x, at.y]).map(|p| self.candidate(p.data, at))
    }
}

/// A snapped place, as reported: where it joins the road and how far it is.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Snap {
    /// The point on the road, lon/lat.
    pub at: LonLat,
    /// Geodesic distance from the place to that point, metres.
    pub distance_m: f64,
    /// Time for that approach at the profile's approach speed, seconds.
    pub seconds: f64,
}
