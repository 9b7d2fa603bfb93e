//! The router: a road network under one speed profile and time of day, with its adjacency arrays
//! (forward and reverse), the snap index, and Dijkstra's algorithm over them. Cheap to build from
//! a shared network (weights only), so comparing 03:00 with 08:00 is two routers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use super::network::RoadNetwork;
use super::profile::{Direction, SpeedProfile, TimeOfDay};
use super::snap::{Candidate, Snap, SnapIndex};
use crate::model::LonLat;
use crate::spatial::LocalProjection;

pub(crate) const NONE: u32 = u32::MAX;

/// What a search minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Seconds.
    Time,
    /// Metres.
    Distance,
}

impl Metric {
    pub(crate) fn index(self) -> usize {
        match self {
            Metric::Time => 0,
            Metric::Distance => 1,
        }
    }
}

impl std::str::FromStr for Metric {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "time" | "fastest" | "时间" => Ok(Metric::Time),
            "distance" | "shortest" | "距离" => Ok(Metric::Distance),
            other => Err(format!("unknown metric \"{other}\" (expected time or distance)")),
        }
    }
}

/// Adjacency in compressed rows: the arcs leaving node `v` are `first[v]..first[v + 1]`.
#[derive(Debug, Default)]
pub(crate) struct Csr {
    pub first: Vec<u32>,
    pub head: Vec<u32>,
    pub seg: Vec<u32>,
    /// Arc cost per metric (seconds, metres).
    pub cost: [Vec<f64>; 2],
}

impl Csr {
    fn build(n: usize, arcs: &[(u32, u32, u32, f64, f64)]) -> Csr {
        let mut first = vec![0u32; n + 1];
        for a in arcs {
            first[a.0 as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let m = arcs.len();
        let mut fill = first.clone();
        let (mut head, mut seg) = (vec![0u32; m], vec![0u32; m]);
        let mut cost = [vec![0.0; m], vec![0.0; m]];
        for &(t, h, g, s, d) in arcs {
            let k = fill[t as usize] as usize;
            fill[t as usize] += 1;
            head[k] = h;
            seg[k] = g;
            cost[0][k] = s;
            cost[1][k] = d;
        }
        Csr { first, head, seg, cost }
    }

    pub fn arcs(&self, v: u32) -> std::ops::Range<usize> {
        let v = v as usize;
        match (self.first.get(v), self.first.get(v + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    pub fn arc_count(&self) -> usize {
        self.head.len()
    }
}

/// A start of a search: a node, its cost so far, and which anchor (place on a road) it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seed {
    pub node: u32,
    pub cost: f64,
    pub anchor: u32,
}

/// The result of one search: cost to every node, the segment each was reached by, and the anchor
/// its best path started from.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub cost: Vec<f64>,
    pub pred_seg: Vec<u32>,
    pub anchor: Vec<u32>,
}

/// Non-negative floats order like their bit patterns, so the heap can hold integers.
fn key(c: f64) -> u64 {
    c.to_bits()
}

/// A road network ready for queries under one profile and time of day.
pub struct Router {
    pub(crate) net: Arc<RoadNetwork>,
    pub(crate) profile: SpeedProfile,
    pub(crate) at: Option<TimeOfDay>,
    pub(crate) proj: LocalProjection,
    /// Seconds to drive each segment end to end (infinite when the profile does not drive on it).
    pub(crate) seconds: Vec<f64>,
    /// Per segment: may be driven from → to, to → from.
    pub(crate) fwd_ok: Vec<bool>,
    pub(crate) bwd_ok: Vec<bool>,
    pub(crate) out: Csr,
    pub(crate) inc: Csr,
    pub(crate) snap: SnapIndex,
    pub(crate) fast: super::fast::FastRoutes,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("nodes", &self.net.node_count())
            .field("segments", &self.net.segment_count())
            .field("at", &self.at)
            .finish()
    }
}

impl Router {
    /// Prepares a network for queries: segment times under `profile` at `at` (free flow when
    /// `None`), adjacency arrays, and the snap index.
    pub fn new(net: Arc<RoadNetwork>, profile: SpeedProfile, at: Option<TimeOfDay>) -> Router {
        let centre = net.bbox().map_or(LonLat::new(0.0, 0.0), |b| b.centre());
        let proj = LocalProjection::new(centre);
        let m = net.segments.len();
        let (mut seconds, mut fwd_ok, mut bwd_ok) = (vec![f64::INFINITY; m], vec![false; m], vec![false; m]);
        let mut arcs = Vec::with_capacity(m * 2);
        let mut rev = Vec::with_capacity(m * 2);
        for (g, s) in net.segments.iter().enumerate() {
            let kmh = profile.way_speed(s.class, s.maxspeed_kmh);
            if kmh <= 0.0 {
                continue;
            }
            let secs = s.length_m / (kmh / 3.6) * profile.time_factor(s.class, at);
            seconds[g] = secs;
            let both = s.direction == Direction::Both || !profile.honour_oneway;
            fwd_ok[g] = true;
            bwd_ok[g] = both;
            let g32 = g as u32;
            arcs.push((s.from, s.to, g32, secs, s.length_m));
            rev.push((s.to, s.from, g32, secs, s.length_m));
            if both {
                arcs.push((s.to, s.from, g32, secs, s.length_m));
                rev.push((s.from, s.to, g32, secs, s.length_m));
            }
        }
        let n = net.nodes.len();
        let out = Csr::build(n, &arcs);
        let inc = Csr::build(n, &rev);
        drop((arcs, rev));
        let snap = SnapIndex::build(&net, &proj, |g| seconds.get(g as usize).is_some_and(|s| s.is_finite()));
        Router { net, profile, at, proj, seconds, fwd_ok, bwd_ok, out, inc, snap, fast: Default::default() }
    }

    pub fn network(&self) -> &RoadNetwork {
        &self.net
    }

    pub fn shared_network(&self) -> Arc<RoadNetwork> {
        self.net.clone()
    }

    pub fn profile(&self) -> &SpeedProfile {
        &self.profile
    }

    pub fn time_of_day(&self) -> Option<TimeOfDay> {
        self.at
    }

    pub fn projection(&self) -> &LocalProjection {
        &self.proj
    }

    /// Arcs (directed, drivable) in the graph.
    pub fn arc_count(&self) -> usize {
        self.out.arc_count()
    }

    /// Seconds to drive a whole segment now; infinite if the profile does not drive on it.
    pub fn segment_seconds(&self, seg: u32) -> f64 {
        self.seconds.get(seg as usize).copied().unwrap_or(f64::INFINITY)
    }

    pub(crate) fn seg_cost(&self, g: u32, m: Metric) -> f64 {
        match m {
            Metric::Time => self.segment_seconds(g),
            Metric::Distance => self.net.segments.get(g as usize).map_or(f64::INFINITY, |s| s.length_m),
        }
    }

    pub(crate) fn seg_len(&self, g: u32) -> f64 {
        self.net.segments.get(g as usize).map_or(0.0, |s| s.length_m)
    }

    /// Cost of driving along segment `g` from offset `a` to offset `b` (metres from `from`);
    /// `None` when that direction is not allowed.
    pub(crate) fn along(&self, g: u32, a: f64, b: f64, m: Metric) -> Option<f64> {
        let gi = g as usize;
        let ok = if b > a {
            self.fwd_ok.get(gi).copied().unwrap_or(false)
        } else if b < a {
            self.bwd_ok.get(gi).copied().unwrap_or(false)
        } else {
            return Some(0.0);
        };
        if !ok {
            return None;
        }
        let len = self.seg_len(g);
        if len <= 0.0 {
            return Some(0.0);
        }
        Some((b - a).abs() / len * self.seg_cost(g, m))
    }

    /// Cost of the approach over `dist_m` metres between a place and the road.
    pub(crate) fn approach(&self, dist_m: f64, m: Metric) -> f64 {
        match m {
            Metric::Time => dist_m / self.profile.approach_mps(),
            Metric::Distance => dist_m,
        }
    }

    /// Every road point a place may join (within the snap radius), nearest first.
    pub(crate) fn candidates(&self, p: LonLat) -> Vec<Candidate> {
        if !p.is_valid() {
            return Vec::new();
        }
        self.snap.candidates(self.proj.to_local(p), self.profile.snap_radius_m())
    }

    /// Where a place joins the road network when it takes the nearest road: `None` when no
    /// drivable road is within the snap radius.
    pub fn snap(&self, p: LonLat) -> Option<Snap> {
        let c = self.snap.nearest(self.proj.to_local(p))?;
        (c.dist_m <= self.profile.snap_radius_m()).then(|| self.snap_report(p, &c))
    }

    /// A candidate's road point in lon/lat, interpolated between the exact coordinates of its
    /// piece (no round trip through the projection, so a place on a vertex stays on it).
    pub(crate) fn cand_lonlat(&self, c: &Candidate) -> LonLat {
        self.lerp(c.piece as usize, c.t)
    }

    /// The point a fraction `t` along the piece starting at coordinate `i`.
    pub(crate) fn lerp(&self, i: usize, t: f64) -> LonLat {
        let (Some(a), Some(b)) = (self.net.coords.get(i), self.net.coords.get(i + 1)) else {
            return self.net.coords.get(i).copied().unwrap_or(LonLat::new(0.0, 0.0));
        };
        if t <= 0.0 {
            *a
        } else if t >= 1.0 {
            *b
        } else {
            LonLat::new(a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat))
        }
    }

    pub(crate) fn snap_report(&self, p: LonLat, c: &Candidate) -> Snap {
        let at = self.cand_lonlat(c);
        Snap { at, distance_m: p.distance_m(at), seconds: self.approach(c.dist_m, Metric::Time) }
    }

    /// The other end of segment `g` from node `v`.
    pub(crate) fn other_end(&self, g: u32, v: u32) -> u32 {
        match self.net.segments.get(g as usize) {
            Some(s) if s.from == v => s.to,
            Some(s) => s.from,
            None => NONE,
        }
    }

    /// Dijkstra from `seeds` over the forward (`reverse == false`) or reverse graph, settling
    /// nodes up to cost `limit`; `stop` is told each settled node and its cost and ends the
    /// search by returning true.
    pub(crate) fn dijkstra(
        &self,
        reverse: bool,
        m: Metric,
        seeds: &[Seed],
        limit: f64,
        mut stop: impl FnMut(u32, f64) -> bool,
    ) -> Tree {
        let g = if reverse { &self.inc } else { &self.out };
        let w = &g.cost[m.index()];
        let n = self.net.nodes.len();
        let mut cost = vec![f64::INFINITY; n];
        let mut pred_seg = vec![NONE; n];
        let mut anchor = vec![NONE; n];
        let mut heap: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::with_capacity(1024);
        for s in seeds {
            let i = s.node as usize;
            if i < n && s.cost < cost[i] {
                cost[i] = s.cost;
                anchor[i] = s.anchor;
                pred_seg[i] = NONE;
                heap.push(Reverse((key(s.cost), s.node)));
            }
        }
        while let Some(Reverse((k, v))) = heap.pop() {
            let vi = v as usize;
            let d = cost[vi];
            if k != key(d) {
                continue;
            }
            if d > limit || stop(v, d) {
                break;
            }
            let a = anchor[vi];
            for e in g.arcs(v) {
                let h = g.head[e] as usize;
                let nd = d + w[e];
                if nd < cost[h] {
                    cost[h] = nd;
                    pred_seg[h] = g.seg[e];
                    anchor[h] = a;
                    heap.push(Reverse((key(nd), h as u32)));
                }
            }
        }
        Tree { cost, pred_seg, anchor }
    }
}
