//! One search from (or to) a set of places: the cost to every junction, and from it the routed
//! cost of any place (see [`snap`](super::snap) for the one definition), which source serves it,
//! and the path. Forward searches answer "from these stations to anywhere"; reverse searches
//! answer "from anywhere to this incident".

use std::collections::HashMap;

use super::router::{Metric, NONE, Router, Seed, Tree};
use super::snap::Candidate;
use crate::analysis::travel::Leg;
use crate::model::LonLat;

/// A place joined to a road point, with the approach cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Anchor {
    pub place: u32,
    pub cand: Candidate,
    pub cost: f64,
}

/// How a road point was reached: through a junction, or straight along the segment from an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    Node(u32),
    Anchor(u32),
}

/// The routed cost of a place.
#[derive(Debug, Clone, Copy)]
pub struct PlaceCost {
    /// Total cost in the search's metric (seconds or metres), approach included.
    pub cost: f64,
    /// The source (forward search) or target (reverse search) place that serves it, by index.
    pub source: usize,
    pub(crate) cand: Candidate,
    pub(crate) via: Via,
}

impl PlaceCost {
    /// Straight-line distance from the place to the road point it joins, local metres.
    pub fn snap_m(&self) -> f64 {
        self.cand.dist_m
    }
}

/// A path in pieces: from a place to its road point, along segments, to the other place.
#[derive(Debug, Clone)]
pub(crate) struct Legs {
    pub start: (LonLat, Candidate),
    /// (segment, from offset, to offset), in travel order.
    pub steps: Vec<(u32, f64, f64)>,
    pub end: (LonLat, Candidate),
}

/// The result of a search from (or, reversed, to) a set of places.
pub struct Reach<'r> {
    pub(crate) router: &'r Router,
    pub(crate) metric: Metric,
    pub(crate) reverse: bool,
    pub(crate) places: Vec<LonLat>,
    pub(crate) anchors: Vec<Anchor>,
    by_seg: HashMap<u32, Vec<u32>>,
    pub(crate) tree: Tree,
    off_road: Vec<usize>,
}

impl Router {
    /// The anchors of a set of places for a forward (or `reverse`) search, without those
    /// another anchor beats, and the places with no road in reach.
    pub(crate) fn anchors(&self, places: &[LonLat], m: Metric, reverse: bool) -> (Vec<Anchor>, Vec<usize>) {
        let mut all = Vec::new();
        let mut off_road = Vec::new();
        for (i, p) in places.iter().enumerate() {
            let cands = self.candidates(*p);
            if cands.is_empty() {
                off_road.push(i);
            }
            all.extend(cands.into_iter().map(|cand| Anchor {
                place: i as u32,
                cand,
                cost: self.approach(cand.dist_m, m),
            }));
        }
        let mut by_seg: HashMap<u32, Vec<u32>> = HashMap::new();
        for (k, a) in all.iter().enumerate() {
            by_seg.entry(a.cand.seg).or_default().push(k as u32);
        }
        let mut kept: Vec<u32> = Vec::with_capacity(all.len());
        for (g, list) in by_seg.iter_mut() {
            prune_dominated(self, *g, m, reverse, &all, list);
            kept.extend(list.iter().copied());
        }
        // Keep the input's order (nearest first per place), so answers never depend on hashing.
        kept.sort_unstable();
        (kept.into_iter().filter_map(|k| all.get(k as usize).copied()).collect(), off_road)
    }

    /// Search seeds from anchors: forward, the cost from each anchor to its segment's ends;
    /// reverse, the cost from each end to the anchor.
    pub(crate) fn seeds(&self, anchors: &[Anchor], reverse: bool, m: Metric) -> Vec<Seed> {
        let mut seeds = Vec::with_capacity(anchors.len() * 2);
        for (k, a) in anchors.iter().enumerate() {
            let g = a.cand.seg;
            let Some(s) = self.net.segments.get(g as usize) else { continue };
            let o = a.cand.offset_m;
            for (node, end) in [(s.from, 0.0), (s.to, s.length_m)] {
                let along = if reverse { self.along(g, end, o, m) } else { self.along(g, o, end, m) };
                if let Some(c) = along {
                    seeds.push(Seed { node, cost: a.cost + c, anchor: k as u32 });
                }
            }
        }
        seeds
    }

    /// Searches from `places` (or towards them, `reverse`) up to cost `limit`.
    pub fn reach(&self, places: &[LonLat], metric: Metric, limit: Option<f64>) -> Reach<'_> {
        self.reach_dir(places, metric, false, limit)
    }

    /// Searches towards `places`: the cost from every junction to the nearest of them.
    pub fn reach_to(&self, places: &[LonLat], metric: Metric, limit: Option<f64>) -> Reach<'_> {
        self.reach_dir(places, metric, true, limit)
    }

    fn reach_dir(&self, places: &[LonLat], metric: Metric, reverse: bool, limit: Option<f64>) -> Reach<'_> {
        let (anchors, off_road) = self.anchors(places, metric, reverse);
        let seeds = self.seeds(&anchors, reverse, metric);
        let tree = self.dijkstra(reverse, metric, &seeds, limit.unwrap_or(f64::INFINITY), |_, _| false);
        Reach::new(self, metric, reverse, places.to_vec(), anchors, tree, off_road)
    }

    /// Offset of node `v` on segment `g` (0 at `from`, the length at `to`).
    pub(crate) fn node_offset(&self, g: u32, v: u32) -> f64 {
        match self.net.segments.get(g as usize) {
            Some(s) if s.to == v => s.length_m,
            _ => 0.0,
        }
    }
}

impl<'r> Reach<'r> {
    pub(crate) fn new(
        router: &'r Router,
        metric: Metric,
        reverse: bool,
        places: Vec<LonLat>,
        anchors: Vec<Anchor>,
        tree: Tree,
        off_road: Vec<usize>,
    ) -> Self {
        let mut by_seg: HashMap<u32, Vec<u32>> = HashMap::new();
        for (k, a) in anchors.iter().enumerate() {
            by_seg.entry(a.cand.seg).or_default().push(k as u32);
        }
        Self { router, metric, reverse, places, anchors, by_seg, tree, off_road }
    }

    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The places that have no drivable road within the snap radius (indices into the input).
    pub fn off_road(&self) -> &[usize] {
        &self.off_road
    }

    /// Cost to (or, reversed, from) junction `v`; infinite when not reached.
    pub fn node_cost(&self, v: u32) -> f64 {
        self.tree.cost.get(v as usize).copied().unwrap_or(f64::INFINITY)
    }

    /// Every junction's cost, in node order.
    pub fn node_costs(&self) -> &[f64] {
        &self.tree.cost
    }

    /// The place whose search reached junction `v` first.
    pub fn node_source(&self, v: u32) -> Option<usize> {
        let a = *self.tree.anchor.get(v as usize)?;
        self.anchors.get(a as usize).map(|a| a.place as usize)
    }

    /// Anchors on segment `g`.
    pub(crate) fn anchors_on(&self, g: u32) -> &[u32] {
        self.by_seg.get(&g).map_or(&[], Vec::as_slice)
    }

    /// Best cost to reach (forward) or leave from (reverse) road point (`g`, `o`), not counting
    /// the approach to it.
    pub(crate) fn via_point(&self, g: u32, o: f64) -> Option<(f64, Via)> {
        let r = self.router;
        let s = r.net.segments.get(g as usize)?;
        let m = self.metric;
        let along = |x: f64| if self.reverse { r.along(g, o, x, m) } else { r.along(g, x, o, m) };
        let mut best: Option<(f64, Via)> = None;
        let mut offer = |c: f64, via: Via| {
            if c.is_finite() && best.is_none_or(|b| c < b.0) {
                best = Some((c, via));
            }
        };
        for (node, end) in [(s.from, 0.0), (s.to, s.length_m)] {
            if let Some(a) = along(end) {
                offer(self.node_cost(node) + a, Via::Node(node));
            }
        }
        for &k in self.anchors_on(g) {
            if let Some(anchor) = self.anchors.get(k as usize)
                && let Some(a) = along(anchor.cand.offset_m)
            {
                offer(anchor.cost + a, Via::Anchor(k));
            }
        }
        best
    }

    /// The routed cost of a place: the best over the road points it may join.
    pub fn cost_at(&self, p: LonLat) -> Option<PlaceCost> {
        let mut best: Option<PlaceCost> = None;
        for c in self.router.candidates(p) {
            let approach = self.router.approach(c.dist_m, self.metric);
            if best.is_some_and(|b| approach >= b.cost) {
                break;
            }
            if let Some((v, via)) = self.via_point(c.seg, c.offset_m) {
                let cost = approach + v;
                if best.is_none_or(|b| cost < b.cost) {
                    let source = match via {
                        Via::Node(n) => self.node_source(n),
                        Via::Anchor(k) => self.anchors.get(k as usize).map(|a| a.place as usize),
                    };
                    if let Some(source) = source {
                        best = Some(PlaceCost { cost, source, cand: c, via });
                    }
                }
            }
        }
        best
    }

    /// The path behind a place's cost, in travel order.
    pub(crate) fn legs(&self, p: LonLat, pc: &PlaceCost) -> Option<Legs> {
        let r = self.router;
        let c = pc.cand;
        let mut steps: Vec<(u32, f64, f64)> = Vec::new();
        let anchor = match pc.via {
            Via::Anchor(k) => {
                let a = self.anchors.get(k as usize)?;
                steps.push(if self.reverse {
                    (c.seg, c.offset_m, a.cand.offset_m)
                } else {
                    (c.seg, a.cand.offset_m, c.offset_m)
                });
                *a
            }
            Via::Node(n) => {
                let n_off = r.node_offset(c.seg, n);
                steps.push(if self.reverse { (c.seg, c.offset_m, n_off) } else { (c.seg, n_off, c.offset_m) });
                let mut v = n;
                let mut guard = 0usize;
                loop {
                    let g = *self.tree.pred_seg.get(v as usize)?;
                    if g == NONE {
                        break;
                    }
                    let u = r.other_end(g, v);
                    let (ov, ou) = (r.node_offset(g, v), r.node_offset(g, u));
                    steps.push(if self.reverse { (g, ov, ou) } else { (g, ou, ov) });
                    v = u;
                    guard += 1;
                    if guard > self.tree.cost.len() {
                        return None;
                    }
                }
                let a = *self.anchors.get(*self.tree.anchor.get(v as usize)? as usize)?;
                let v_off = r.node_offset(a.cand.seg, v);
                steps.push(if self.reverse {
                    (a.cand.seg, v_off, a.cand.offset_m)
                } else {
                    (a.cand.seg, a.cand.offset_m, v_off)
                });
                a
            }
        };
        let anchor_place = *self.places.get(anchor.place as usize)?;
        steps.retain(|s| s.1 != s.2);
        Some(if self.reverse {
            Legs { start: (p, c), steps, end: (anchor_place, anchor.cand) }
        } else {
            steps.reverse();
            Legs { start: (anchor_place, anchor.cand), steps, end: (p, c) }
        })
    }

    /// Seconds and metres of the path to (or from) a place, or `None` when unreachable.
    pub fn leg(&self, p: LonLat) -> Option<Leg> {
        let pc = self.cost_at(p)?;
        let legs = self.legs(p, &pc)?;
        Some(self.router.measure(&legs))
    }
}

impl Router {
    /// Seconds and metres of a path.
    pub(crate) fn measure(&self, legs: &Legs) -> Leg {
        let mut seconds =
            self.approach(legs.start.1.dist_m, Metric::Time) + self.approach(legs.end.1.dist_m, Metric::Time);
        let mut meters = self.approach_m(legs.start.0, &legs.start.1) + self.approach_m(legs.end.0, &legs.end.1);
        for &(g, a, b) in &legs.steps {
            seconds += self.along(g, a, b, Metric::Time).unwrap_or(f64::INFINITY);
            meters += (b - a).abs();
        }
        Leg { seconds, meters }
    }

    /// Geodesic length of the straight approach from a place to its road point.
    pub(crate) fn approach_m(&self, p: LonLat, c: &Candidate) -> f64 {
        if c.dist_m == 0.0 { 0.0 } else { p.distance_m(self.cand_lonlat(c)) }
    }

    /// The point at offset `o` along segment `g`, lon/lat.
    pub(crate) fn point_at(&self, g: u32, o: f64) -> Option<LonLat> {
        let r = self.net.geom_range(g);
        if r.is_empty() {
            return None;
        }
        let last = r.end - 1;
        let mut i = r.start;
        while i + 1 < last && self.snap.coord_offset(i + 1) < o {
            i += 1;
        }
        let (o0, o1) = (self.snap.coord_offset(i), self.snap.coord_offset(i + 1));
        let t = if o1 > o0 { ((o - o0) / (o1 - o0)).clamp(0.0, 1.0) } else { 0.0 };
        Some(self.lerp(i, t))
    }

    /// The lon/lat polyline of segment `g` between offsets `a` and `b`, in that order.
    pub(crate) fn sub_line(&self, g: u32, a: f64, b: f64, out: &mut Vec<LonLat>) {
        let (lo, hi) = (a.min(b), a.max(b));
        let mut pts: Vec<LonLat> = Vec::new();
        if let Some(p) = self.point_at(g, lo) {
            pts.push(p);
        }
        for i in self.net.geom_range(g) {
            let o = self.snap.coord_offset(i);
            if o > lo
                && o < hi
                && let Some(p) = self.net.coords.get(i)
            {
                pts.push(*p);
            }
        }
        if let Some(p) = self.point_at(g, hi) {
            pts.push(p);
        }
        if b < a {
            pts.reverse();
        }
        for p in pts {
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
    }

    /// The lon/lat line of a path, from the first place to the last.
    pub(crate) fn trace(&self, legs: &Legs) -> Vec<LonLat> {
        let mut out = vec![legs.start.0];
        let push = |p: LonLat, out: &mut Vec<LonLat>| {
            if out.last() != Some(&p) {
                out.push(p);
            }
        };
        push(self.cand_lonlat(&legs.start.1), &mut out);
        for &(g, a, b) in &legs.steps {
            self.sub_line(g, a, b, &mut out);
        }
        push(self.cand_lonlat(&legs.end.1), &mut out);
        push(legs.end.0, &mut out);
        out
    }
}

/// Drops the anchors on segment `g` that another anchor beats everywhere on the segment: a
/// place near a road joins every piece within the snap radius, and most of those joins are
/// never the best way onto (or off) the road. Keeps the answers, shrinks every later step.
fn prune_dominated(r: &Router, g: u32, m: Metric, reverse: bool, anchors: &[Anchor], list: &mut Vec<u32>) {
    if list.len() < 2 {
        return;
    }
    let len = r.seg_len(g);
    let unit = if len > 0.0 { r.seg_cost(g, m) / len } else { 0.0 };
    let gi = g as usize;
    let (fwd_ok, bwd_ok) = (r.fwd_ok.get(gi).copied().unwrap_or(false), r.bwd_ok.get(gi).copied().unwrap_or(false));
    // Forward search: an anchor starts a run towards `to` (needs fwd) and towards `from` (bwd).
    // Reverse search: an anchor ends runs arriving from `from` (fwd) and from `to` (bwd).
    let (up_ok, down_ok) = if reverse { (bwd_ok, fwd_ok) } else { (fwd_ok, bwd_ok) };
    let key = |k: u32| anchors.get(k as usize).map_or((0.0, f64::INFINITY), |a| (a.cand.offset_m, a.cost));
    let mut order = list.clone();
    order.sort_by(|a, b| key(*a).0.total_cmp(&key(*b).0).then(a.cmp(b)));
    let mut keep = vec![false; order.len()];
    // Runs towards growing offsets: cost at o is c + (o - e) u; anchor j is beaten when an
    // earlier anchor has a lower c - e u.
    if up_ok {
        let mut best = f64::INFINITY;
        for (i, k) in order.iter().enumerate() {
            let (e, c) = key(*k);
            if c - e * unit < best {
                best = c - e * unit;
                keep[i] = true;
            }
        }
    }
    if down_ok {
        let mut best = f64::INFINITY;
        for (i, k) in order.iter().enumerate().rev() {
            let (e, c) = key(*k);
            if c + e * unit < best {
                best = c + e * unit;
                keep[i] = true;
            }
        }
    }
    *list = order.into_iter().zip(keep).filter(|(_, k)| *k).map(|(a, _)| a).collect();
}
