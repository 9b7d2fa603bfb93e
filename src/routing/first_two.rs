//! Drive-time areas shared among many sources in one search. Every junction keeps its two
//! quickest sources (a source counts once), so a single pass over the network tells, for every
//! stretch of road and the places beside it, who arrives first and whether a second source also
//! arrives within the limit. Coverage uses it for jurisdictions that follow the roads, the
//! overlap, and each station's reach, where one isochrone per station would cost one search and
//! one polygon union per station.
//!
//! Sources may start late (a station's turnout time): their seeds carry the delay, so "first"
//! means first to arrive counting from the same moment. The places beside a road are those of
//! [`isochrone`](super::isochrone): a place joins its road point on foot at the approach speed,
//! within the snap radius; the same strips and half-discs, each tagged with its source.
//!
//! Two labels per junction are exact for "first" and "a second one arrives too" (the top two
//! distinct sources at a road point come from the top two at the ends of its segment); a
//! station's reach misses the places where it is only the third or later to arrive.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use geo_types::{MultiPolygon, Polygon};
use rayon::prelude::*;

use super::reach::{Anchor, Reach};
use super::router::{Metric, NONE, Router, Tree};
use crate::model::LonLat;

/// A source of the search: where it starts, and how many seconds after the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateSource {
    pub at: LonLat,
    pub delay_s: f64,
}

/// One source's arrival at a junction.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Label {
    cost: f64,
    source: u32,
    anchor: u32,
}

impl Label {
    const NONE: Label = Label { cost: f64::INFINITY, source: NONE, anchor: NONE };
}

/// The two quickest distinct sources at every junction.
pub struct FirstTwo<'r> {
    router: &'r Router,
    sources: Vec<LateSource>,
    anchors: Vec<Anchor>,
    by_seg: HashMap<u32, Vec<u32>>,
    first: Vec<Label>,
    second: Vec<Label>,
    off_road: Vec<usize>,
}

/// Areas per source, in the router's local metres ([`Router::projection`]).
#[derive(Debug, Clone)]
pub struct SplitAreas {
    /// Where each source arrives first within the limit, by source index.
    pub first: Vec<MultiPolygon<f64>>,
    /// Where each source arrives first or second within the limit.
    pub reach: Vec<MultiPolygon<f64>>,
    /// Where two or more sources arrive within the limit.
    pub overlap: MultiPolygon<f64>,
    /// Where any source arrives within the limit.
    pub covered: MultiPolygon<f64>,
}

/// A linear cost along a segment from offset `e` in direction `dir`, owned by `source`.
#[derive(Debug, Clone, Copy)]
struct Event {
    e: f64,
    tau: f64,
    dir: f64,
    source: u32,
}

impl Event {
    fn at(&self, o: f64, unit: f64) -> Option<f64> {
        let ok = if self.dir > 0.0 { o >= self.e } else { o <= self.e };
        ok.then(|| self.tau + (o - self.e).abs() * unit)
    }
}

/// Offers a label to a junction's two tentative slots (distinct sources, quickest first);
/// true when it improved one and so must be searched on.
fn offer(slots: &mut [Label; 2], l: Label) -> bool {
    if slots[0].source == l.source {
        if l.cost < slots[0].cost {
            slots[0] = l;
            return true;
        }
        return false;
    }
    if slots[1].source == l.source {
        if l.cost < slots[1].cost {
            slots[1] = l;
            if slots[1].cost < slots[0].cost {
                slots.swap(0, 1);
            }
            return true;
        }
        return false;
    }
    if l.cost < slots[1].cost {
        slots[1] = l;
        if slots[1].cost < slots[0].cost {
            slots.swap(0, 1);
        }
        return true;
    }
    false
}

impl Router {
    /// One forward time search from all `sources` keeping the two quickest per junction.
    pub fn first_two(&self, sources: &[LateSource]) -> FirstTwo<'_> {
        let m = Metric::Time;
        // Anchors per source (pruning across sources would drop the runner-up), delay included.
        let mut anchors: Vec<Anchor> = Vec::new();
        let mut off_road = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            let (mine, off) = self.anchors(std::slice::from_ref(&s.at), m, false);
            if !off.is_empty() {
                off_road.push(i);
            }
            anchors.extend(mine.into_iter().map(|a| Anchor { place: i as u32, cost: a.cost + s.delay_s, ..a }));
        }
        let seeds = self.seeds(&anchors, false, m);
        let source_of = |a: u32| anchors.get(a as usize).map_or(NONE, |x| x.place);

        let g = &self.out;
        let w = &g.cost[m.index()];
        let n = self.net.nodes.len();
        let (mut first, mut second) = (vec![Label::NONE; n], vec![Label::NONE; n]);
        let mut slots = vec![[Label::NONE; 2]; n];
        let mut heap: BinaryHeap<Reverse<(u64, u32, u32)>> = BinaryHeap::with_capacity(1024);
        for s in &seeds {
            let l = Label { cost: s.cost, source: source_of(s.anchor), anchor: s.anchor };
            if let Some(slot) = slots.get_mut(s.node as usize)
                && offer(slot, l)
            {
                heap.push(Reverse((s.cost.to_bits(), s.node, s.anchor)));
            }
        }
        // Non-negative floats order like their bit patterns.
        while let Some(Reverse((k, v, a))) = heap.pop() {
            let vi = v as usize;
            let l = Label { cost: f64::from_bits(k), source: source_of(a), anchor: a };
            let (Some(f), Some(s)) = (first.get_mut(vi), second.get_mut(vi)) else { continue };
            if f.source == NONE {
                *f = l;
            } else if f.source != l.source && s.source == NONE {
                *s = l;
            } else {
                continue;
            }
            for e in g.arcs(v) {
                let h = g.head[e];
                let next = Label { cost: l.cost + w[e], ..l };
                if let Some(slot) = slots.get_mut(h as usize)
                    && offer(slot, next)
                {
                    heap.push(Reverse((next.cost.to_bits(), h, a)));
                }
            }
        }
        let mut by_seg: HashMap<u32, Vec<u32>> = HashMap::new();
        for (k, a) in anchors.iter().enumerate() {
            by_seg.entry(a.cand.seg).or_default().push(k as u32);
        }
        FirstTwo { router: self, sources: sources.to_vec(), anchors, by_seg, first, second, off_road }
    }
}

impl<'r> FirstTwo<'r> {
    pub fn router(&self) -> &'r Router {
        self.router
    }

    /// Sources with no drivable road within the snap radius.
    pub fn off_road(&self) -> &[usize] {
        &self.off_road
    }

    /// The quickest source at every place, as a [`Reach`] (costs include the delays).
    pub fn quickest(&self) -> Reach<'r> {
        let tree = Tree {
            cost: self.first.iter().map(|l| l.cost).collect(),
            pred_seg: vec![NONE; self.first.len()],
            anchor: self.first.iter().map(|l| l.anchor).collect(),
        };
        let places = self.sources.iter().map(|s| s.at).collect();
        Reach::new(self.router, Metric::Time, false, places, self.anchors.clone(), tree, self.off_road.clone())
    }

    /// Who arrives first, and where a second source also arrives, within `limit_s` seconds
    /// (delays included), as polygons per source.
    pub fn split_areas(&self, limit_s: f64) -> SplitAreas {
        let n_src = self.sources.len();
        if !(limit_s.is_finite() && limit_s > 0.0) || n_src == 0 {
            return SplitAreas {
                first: vec![empty(); n_src],
                reach: vec![empty(); n_src],
                overlap: empty(),
                covered: empty(),
            };
        }
        let segs = self.router.net.segments.len() as u32;
        let (mut firsts, mut seconds) = (0..segs)
            .into_par_iter()
            .fold(
                || (Vec::new(), Vec::new()),
                |(mut f, mut s), g| {
                    self.segment_strips(g, limit_s, &mut f, &mut s);
                    (f, s)
                },
            )
            .reduce(
                || (Vec::new(), Vec::new()),
                |(mut f, mut s), (f2, s2)| {
                    f.extend(f2);
                    s.extend(s2);
                    (f, s)
                },
            );
        let first = union_by_source(&mut firsts, n_src);
        let second = union_by_source(&mut seconds, n_src);
        let covered = union_of(first.iter());
        let overlap = union_of(second.iter());
        let reach = first
            .par_iter()
            .zip(second.par_iter())
            .map(|(f, s)| if s.0.is_empty() { f.clone() } else { geo::BooleanOps::union(f, s) })
            .collect();
        SplitAreas { first, reach, overlap, covered }
    }

    /// The strips and end caps of segment `g` for its first (and second) source.
    fn segment_strips(
        &self,
        g: u32,
        t: f64,
        firsts: &mut Vec<(u32, Polygon<f64>)>,
        seconds: &mut Vec<(u32, Polygon<f64>)>,
    ) {
        let r = self.router;
        let Some(s) = r.net.segments.get(g as usize) else { return };
        let secs = r.segment_seconds(g);
        if !secs.is_finite() || s.length_m <= 0.0 {
            return;
        }
        let (fwd, bwd) = (r.fwd_ok[g as usize], r.bwd_ok[g as usize]);
        let mut events: Vec<Event> = Vec::new();
        let mut add = |e: f64, l: &Label, dir: f64| {
            if l.source != NONE && l.cost < t {
                events.push(Event { e, tau: l.cost, dir, source: l.source });
            }
        };
        for (node, e, dir, ok) in [(s.from, 0.0, 1.0, fwd), (s.to, s.length_m, -1.0, bwd)] {
            if ok {
                for labels in [&self.first, &self.second] {
                    if let Some(l) = labels.get(node as usize) {
                        add(e, l, dir);
                    }
                }
            }
        }
        for &k in self.by_seg.get(&g).map_or(&[][..], Vec::as_slice) {
            let Some(a) = self.anchors.get(k as usize) else { continue };
            let l = Label { cost: a.cost, source: a.place, anchor: k };
            if fwd {
                add(a.cand.offset_m, &l, 1.0);
            }
            if bwd {
                add(a.cand.offset_m, &l, -1.0);
            }
        }
        if events.is_empty() {
            return;
        }
        let va = r.profile.approach_mps();
        let cap = r.profile.snap_radius_m();
        let unit = secs / s.length_m;
        // The quickest run at offset `o`, and the quickest of another source (ties to the lower
        // source index).
        let top_two = |o: f64| -> [Option<(f64, Event)>; 2] {
            let quickest = |skip: Option<u32>| {
                events
                    .iter()
                    .filter(|e| Some(e.source) != skip)
                    .filter_map(|e| e.at(o, unit).map(|v| (v, *e)))
                    .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.source.cmp(&y.1.source)))
            };
            let best = quickest(None);
            [best, best.and_then(|b| quickest(Some(b.1.source)))]
        };
        let mut cuts: Vec<f64> = Vec::new();
        for ((o0, p0), (o1, p1), piece) in super::isochrone::pieces(r, g) {
            // Between these offsets the order of the events stays the same: event starts and the
            // points where runs from opposite ends meet.
            super::isochrone::split_offsets(&events, |ev| (ev.e, ev.tau, ev.dir), (o0, o1), unit, &mut cuts);
            for w in cuts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let picks = top_two((a + b) / 2.0);
                for (pick, out) in picks.into_iter().zip([&mut *firsts, &mut *seconds]) {
                    if let Some((_, ev)) = pick
                        && let Some(poly) = piece.strip(a, b, |o| (t - ev.tau - (o - ev.e).abs() * unit) * va, cap)
                    {
                        out.push((ev.source, poly));
                    }
                }
            }
            for (o, p, ahead) in [(o0, p0, false), (o1, p1, true)] {
                for (pick, out) in top_two(o).into_iter().zip([&mut *firsts, &mut *seconds]) {
                    if let Some((v, ev)) = pick {
                        let width = ((t - v) * va).min(cap);
                        if width > 0.0 {
                            out.push((ev.source, piece.half_disc(p, width, ahead)));
                        }
                    }
                }
            }
        }
    }
}

fn empty() -> MultiPolygon<f64> {
    MultiPolygon(Vec::new())
}

/// Unions the tagged polygons per source (in parallel), indexed by source.
fn union_by_source(tagged: &mut [(u32, Polygon<f64>)], n_src: usize) -> Vec<MultiPolygon<f64>> {
    tagged.sort_by_key(|(s, _)| *s);
    let groups: Vec<&[(u32, Polygon<f64>)]> = tagged.chunk_by(|a, b| a.0 == b.0).collect();
    let unions: Vec<(u32, MultiPolygon<f64>)> = groups
        .par_iter()
        .filter_map(|grp| {
            let source = grp.first()?.0;
            let polys: Vec<Polygon<f64>> = grp.iter().map(|(_, p)| p.clone()).collect();
            Some((source, geo::unary_union(&polys)))
        })
        .collect();
    let mut out = vec![empty(); n_src];
    for (s, mp) in unions {
        if let Some(slot) = out.get_mut(s as usize) {
            *slot = mp;
        }
    }
    out
}

/// Union of many polygon sets.
fn union_of<'a>(parts: impl Iterator<Item = &'a MultiPolygon<f64>>) -> MultiPolygon<f64> {
    let polys: Vec<Polygon<f64>> = parts.flat_map(|m| m.0.iter().cloned()).collect();
    if polys.is_empty() { empty() } else { geo::unary_union(&polys) }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use geo::Area;

    use super::*;
    use crate::progress::Silent;
    use crate::routing::{SpeedProfile, build, synthetic};

    fn grid() -> Router {
        let net = build::build(synthetic::grid_city(14, 200.0, 5), &Silent).unwrap();
        Router::new(Arc::new(net), SpeedProfile::default(), None)
    }

    fn sources(r: &Router) -> Vec<LateSource> {
        let nodes = r.network().nodes();
        [(17, 0.0), (60, 30.0), (61, 0.0), (150, 90.0), (190, 10.0)]
            .iter()
            .map(|&(k, delay_s)| LateSource { at: nodes[k], delay_s })
            .collect()
    }

    #[test]
    fn two_labels_are_the_two_quickest_sources_of_separate_searches() {
        let r = grid();
        let src = sources(&r);
        let two = r.first_two(&src);
        let each: Vec<Reach<'_>> = src.iter().map(|s| r.reach(&[s.at], Metric::Time, None)).collect();
        for v in 0..r.network().node_count() {
            let mut times: Vec<(f64, u32)> =
                each.iter().enumerate().map(|(k, x)| (x.node_cost(v as u32) + src[k].delay_s, k as u32)).collect();
            times.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (f, s) = (two.first[v], two.second[v]);
            assert!((f.cost - times[0].0).abs() < 1e-6, "node {v}: {} vs {}", f.cost, times[0].0);
            assert!((s.cost - times[1].0).abs() < 1e-6, "node {v}: {} vs {}", s.cost, times[1].0);
            assert_ne!(f.source, s.source);
        }
    }

    #[test]
    fn split_areas_cover_what_the_isochrone_covers_and_the_quickest_is_the_minimum() {
        let r = grid();
        // Equal delays: the covered area is the all-sources isochrone's.
        let src: Vec<LateSource> = sources(&r).into_iter().map(|s| LateSource { delay_s: 0.0, ..s }).collect();
        let two = r.first_two(&src);
        let split = two.split_areas(120.0);
        let places: Vec<LonLat> = src.iter().map(|s| s.at).collect();
        let iso = &r.isochrones(&places, &[2.0])[0];
        let got = split.covered.unsigned_area() / 1e6;
        assert!((got - iso.area_km2).abs() < 1e-3 * iso.area_km2, "{got} vs {}", iso.area_km2);
        let firsts: f64 = split.first.iter().map(|m| m.unsigned_area() / 1e6).sum();
        assert!(firsts >= got - 1e-6);
        assert!(split.overlap.unsigned_area() > 0.0);
        for (f, reach) in split.first.iter().zip(&split.reach) {
            assert!(reach.unsigned_area() + 1e-6 >= f.unsigned_area());
        }
        // The quickest source of a place is the minimum over separate searches.
        let all = sources(&r);
        let q = r.first_two(&all);
        let quick = q.quickest();
        let each: Vec<Reach<'_>> = all.iter().map(|s| r.reach(&[s.at], Metric::Time, None)).collect();
        for p in r.network().nodes().iter().step_by(7) {
            let want = each
                .iter()
                .zip(&all)
                .filter_map(|(x, s)| x.cost_at(*p).map(|c| c.cost + s.delay_s))
                .fold(f64::INFINITY, f64::min);
            let got = quick.cost_at(*p).unwrap();
            assert!((got.cost - want).abs() < 1e-6, "{} vs {want}", got.cost);
        }
    }
}
