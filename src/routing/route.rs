//! Point-to-point routes: the fastest (or shortest) road path between two places, with its time,
//! length, lon/lat geometry and the roads it follows.

use std::collections::HashMap;

use serde::Serialize;

use super::error::{Result, RoutingError};
use super::fast::weight;
use super::profile::RoadClass;
use super::reach::{Anchor, Legs, PlaceCost, Reach, Via};
use super::router::{Metric, NONE, Router, Seed};
use super::snap::Snap;
use crate::model::LonLat;

/// One road of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteStep {
    pub way_id: i64,
    pub name: Option<String>,
    pub class: RoadClass,
    pub meters: f64,
    pub seconds: f64,
}

/// A route between two places.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Driving time plus both approaches, seconds.
    pub seconds: f64,
    /// Length of `geometry` (approaches included), geodesic metres.
    pub meters: f64,
    pub metric: Metric,
    /// From the start place through the roads to the end place, lon/lat.
    pub geometry: Vec<LonLat>,
    /// Where the route joins the road at the start.
    pub from: Snap,
    /// Where it leaves the road at the end.
    pub to: Snap,
    /// Consecutive stretches of the same way merged.
    pub steps: Vec<RouteStep>,
}

impl Route {
    /// The geometry as a GeoJSON LineString.
    pub fn geojson_geometry(&self) -> geojson::Geometry {
        geojson::Geometry::new_line_string(self.geometry.iter().map(|p| [p.lon, p.lat]))
    }
}

/// The two ends' anchors, with their search seeds.
struct Ends {
    from_anchors: Vec<Anchor>,
    to_anchors: Vec<Anchor>,
    sources: Vec<Seed>,
    /// Node → (cost from the node to the end place, anchor).
    targets: HashMap<u32, (f64, u32)>,
}

impl Router {
    fn ends(&self, from: LonLat, to: LonLat, m: Metric) -> Result<Ends> {
        let max_m = self.profile.snap_radius_m();
        for (what, p) in [("the start", from), ("the end", to)] {
            if let Some(problem) = p.problem() {
                return Err(RoutingError::Invalid(format!("{what}: {problem}")));
            }
        }
        let (from_anchors, _) = self.anchors(&[from], m, false);
        if from_anchors.is_empty() {
            return Err(RoutingError::OffRoad { what: "the start", at: from, max_m });
        }
        let (to_anchors, _) = self.anchors(&[to], m, true);
        if to_anchors.is_empty() {
            return Err(RoutingError::OffRoad { what: "the end", at: to, max_m });
        }
        let sources = self.seeds(&from_anchors, false, m);
        let mut targets: HashMap<u32, (f64, u32)> = HashMap::new();
        for s in self.seeds(&to_anchors, true, m) {
            let e = targets.entry(s.node).or_insert((f64::INFINITY, NONE));
            if s.cost < e.0 {
                *e = (s.cost, s.anchor);
            }
        }
        Ok(Ends { from_anchors, to_anchors, sources, targets })
    }

    /// The best route straight along one segment, when both places join the same segment.
    fn direct(&self, ends: &Ends, m: Metric) -> Option<(f64, Anchor, Anchor)> {
        let mut best: Option<(f64, Anchor, Anchor)> = None;
        let mut to_by_seg: HashMap<u32, Vec<&Anchor>> = HashMap::new();
        for b in &ends.to_anchors {
            to_by_seg.entry(b.cand.seg).or_default().push(b);
        }
        for a in &ends.from_anchors {
            for b in to_by_seg.get(&a.cand.seg).into_iter().flatten() {
                if let Some(c) = self.along(a.cand.seg, a.cand.offset_m, b.cand.offset_m, m) {
                    let total = a.cost + c + b.cost;
                    if best.is_none_or(|x| total < x.0) {
                        best = Some((total, *a, **b));
                    }
                }
            }
        }
        best
    }

    /// The best route, by time or distance: with the contraction hierarchy when prepared for
    /// the metric, else with Dijkstra's algorithm.
    pub fn route(&self, from: LonLat, to: LonLat, m: Metric) -> Result<Route> {
        if self.has_fast(m) { self.route_fast(from, to, m) } else { self.route_dijkstra(from, to, m) }
    }

    /// The best route by Dijkstra's algorithm, stopping as soon as it is known.
    pub fn route_dijkstra(&self, from: LonLat, to: LonLat, m: Metric) -> Result<Route> {
        let ends = self.ends(from, to, m)?;
        let direct = self.direct(&ends, m);
        let bound = direct.map_or(f64::INFINITY, |d| d.0);
        let mut best: Option<(f64, u32)> = None;
        let tree = self.dijkstra(false, m, &ends.sources, f64::INFINITY, |v, d| {
            let cur = best.map_or(bound, |b| b.0.min(bound));
            if d >= cur {
                return true;
            }
            if let Some(&(t, _)) = ends.targets.get(&v)
                && d + t < cur
            {
                best = Some((d + t, v));
            }
            false
        });
        let legs = match (best, direct) {
            (Some((c, v)), d) if d.is_none_or(|d| c < d.0) => {
                let (_, bi) = ends.targets.get(&v).copied().ok_or(RoutingError::NoRoute { from, to })?;
                let b = *ends.to_anchors.get(bi as usize).ok_or(RoutingError::NoRoute { from, to })?;
                let reach = Reach::new(self, m, false, vec![from], ends.from_anchors, tree, Vec::new());
                let pc = PlaceCost { cost: c, source: 0, cand: b.cand, via: Via::Node(v) };
                reach.legs(to, &pc).ok_or(RoutingError::NoRoute { from, to })?
            }
            (_, Some((_, a, b))) => direct_legs(&a, &b, from, to),
            _ => return Err(RoutingError::NoRoute { from, to }),
        };
        Ok(self.finish(&legs, m))
    }

    /// The best route through the contraction hierarchy (prepared on first use).
    pub fn route_fast(&self, from: LonLat, to: LonLat, m: Metric) -> Result<Route> {
        self.prepare_fast(m);
        let ends = self.ends(from, to, m)?;
        // The cheapest seed per node, on each side.
        let mut src: HashMap<u32, (f64, u32)> = HashMap::new();
        for s in &ends.sources {
            let e = src.entry(s.node).or_insert((f64::INFINITY, NONE));
            if s.cost < e.0 {
                *e = (s.cost, s.anchor);
            }
        }
        let sources: Vec<(usize, usize)> = src.iter().map(|(n, (c, _))| (*n as usize, weight(*c, m))).collect();
        let targets: Vec<(usize, usize)> =
            ends.targets.iter().map(|(n, (c, _))| (*n as usize, weight(*c, m))).collect();
        let direct = self.direct(&ends, m);
        let path = self.fast_path(m, sources, targets);
        let mut legs_found: Option<(f64, Legs)> = None;
        if let Some(nodes) = path
            && let (Some(&first), Some(&last)) = (nodes.first(), nodes.last())
        {
            let (Some(&(_, ai)), Some(&(_, bi))) = (src.get(&(first as u32)), ends.targets.get(&(last as u32))) else {
                return Err(RoutingError::NoRoute { from, to });
            };
            let (Some(&a), Some(&b)) = (ends.from_anchors.get(ai as usize), ends.to_anchors.get(bi as usize)) else {
                return Err(RoutingError::NoRoute { from, to });
            };
            let mut steps = vec![(a.cand.seg, a.cand.offset_m, self.node_offset(a.cand.seg, first as u32))];
            for w in nodes.windows(2) {
                let (u, v) = (w[0] as u32, w[1] as u32);
                let arc = self
                    .out
                    .arcs(u)
                    .filter(|e| self.out.head[*e] == v)
                    .min_by(|x, y| self.out.cost[m.index()][*x].total_cmp(&self.out.cost[m.index()][*y]));
                let Some(e) = arc else { return Err(RoutingError::NoRoute { from, to }) };
                let g = self.out.seg[e];
                steps.push((g, self.node_offset(g, u), self.node_offset(g, v)));
            }
            steps.push((b.cand.seg, self.node_offset(b.cand.seg, last as u32), b.cand.offset_m));
            steps.retain(|s| s.1 != s.2);
            let legs = Legs { start: (from, a.cand), steps, end: (to, b.cand) };
            let cost = self.legs_cost(&legs, m);
            legs_found = Some((cost, legs));
        }
        if let Some((c, a, b)) = direct
            && legs_found.as_ref().is_none_or(|(x, _)| c < *x)
        {
            legs_found = Some((c, direct_legs(&a, &b, from, to)));
        }
        let (_, mut legs) = legs_found.ok_or(RoutingError::NoRoute { from, to })?;
        legs.steps.retain(|s| s.1 != s.2);
        Ok(self.finish(&legs, m))
    }

    /// The cost of a path in a metric.
    pub(crate) fn legs_cost(&self, legs: &Legs, m: Metric) -> f64 {
        let mut c = self.approach(legs.start.1.dist_m, m) + self.approach(legs.end.1.dist_m, m);
        for &(g, a, b) in &legs.steps {
            c += self.along(g, a, b, m).unwrap_or(f64::INFINITY);
        }
        c
    }

    fn finish(&self, legs: &Legs, m: Metric) -> Route {
        let leg = self.measure(legs);
        let mut steps: Vec<RouteStep> = Vec::new();
        for &(g, a, b) in &legs.steps {
            let Some(s) = self.net.segments.get(g as usize) else { continue };
            let meters = (b - a).abs();
            let seconds = self.along(g, a, b, super::router::Metric::Time).unwrap_or(0.0);
            match steps.last_mut() {
                Some(last) if last.way_id == s.way_id => {
                    last.meters += meters;
                    last.seconds += seconds;
                }
                _ => steps.push(RouteStep {
                    way_id: s.way_id,
                    name: self.net.name(s).map(String::from),
                    class: s.class,
                    meters,
                    seconds,
                }),
            }
        }
        Route {
            seconds: leg.seconds,
            meters: leg.meters,
            metric: m,
            geometry: self.trace(legs),
            from: self.snap_report(legs.start.0, &legs.start.1),
            to: self.snap_report(legs.end.0, &legs.end.1),
            steps,
        }
    }
}

/// The path straight along one segment between two anchors.
fn direct_legs(a: &Anchor, b: &Anchor, from: LonLat, to: LonLat) -> Legs {
    Legs { start: (from, a.cand), steps: vec![(a.cand.seg, a.cand.offset_m, b.cand.offset_m)], end: (to, b.cand) }
}
