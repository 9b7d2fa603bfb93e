//! Isochrones: the places an appliance reaches within a time, as polygons with holes.
//!
//! Built exactly from the one definition of a place's routed time (see [`snap`](super::snap)):
//! a place whose nearest point on a road piece is reached at time `t` and lies `d` metres away is
//! inside when `t + d / v_approach ≤ T` and `d` is within the snap radius. For each reached piece
//! that set is a strip along the piece whose half-width `(T − t(o)) × v_approach` shrinks linearly
//! as the drive time `t(o)` grows, plus half-discs past its two ends; the isochrone is the union
//! of those shapes. Arcs are drawn with their vertices on the circle (chords inside it), so the
//! polygon never includes a place beyond the cut-off; the only slack is floating-point rounding.
//! The union is taken in local metres (i_overlay through `geo`), then turned into lon/lat.

use geo::Area;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::reach::Reach;
use super::router::{Metric, Router};
use crate::model::LonLat;
use crate::spatial::LocalM;

/// The area reached within one cut-off.
#[derive(Debug, Clone, PartialEq)]
pub struct Isochrone {
    pub minutes: f64,
    /// Polygons with holes, lon/lat (exterior rings counter-clockwise).
    pub area: MultiPolygon<f64>,
    pub area_km2: f64,
}

/// Largest gap between an arc and its chords, metres: arcs are drawn inside the true circle.
const ARC_TOLERANCE_M: f64 = 2.0;

/// A linear cost along a piece: starts at offset `e` with cost `tau` and runs in direction `dir`.
#[derive(Debug, Clone, Copy)]
struct Event {
    e: f64,
    tau: f64,
    dir: f64,
}

/// The straight pieces of road segment `g` in local metres, each with its start and end
/// (offset along the segment, point) and its [`Piece`]; zero-length pieces are skipped.
pub(crate) fn pieces(r: &Router, g: u32) -> impl Iterator<Item = ((f64, LocalM), (f64, LocalM), Piece)> + '_ {
    let range = r.net.geom_range(g);
    (range.start..range.end.saturating_sub(1)).filter_map(move |i| {
        let (o0, o1) = (r.snap.coord_offset(i), r.snap.coord_offset(i + 1));
        let (p0, p1) = (r.snap.coord_m(i), r.snap.coord_m(i + 1));
        (o1 > o0 && p0.distance(p1) > 0.0).then(|| ((o0, p0), (o1, p1), Piece::new(p0, p1, o0, o1)))
    })
}

/// The offsets in `span` between which the order of linear costs along a piece stays the same:
/// where each starts, and where runs from opposite ends meet. `key` gives an event's start
/// offset, cost there and direction (±1); `unit` is cost per metre. Sorted, without repeats.
pub(crate) fn split_offsets<E>(
    events: &[E],
    key: impl Fn(&E) -> (f64, f64, f64),
    (o0, o1): (f64, f64),
    unit: f64,
    cuts: &mut Vec<f64>,
) {
    cuts.clear();
    cuts.extend([o0, o1]);
    for (k, a) in events.iter().enumerate() {
        let (ae, atau, adir) = key(a);
        if ae > o0 && ae < o1 {
            cuts.push(ae);
        }
        for b in &events[k + 1..] {
            let (be, btau, bdir) = key(b);
            if adir != bdir {
                let meet = (btau - atau) / (2.0 * unit) * adir + (ae + be) / 2.0;
                if meet > o0 && meet < o1 {
                    cuts.push(meet);
                }
            }
        }
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
}

impl Event {
    fn covers(&self, o: f64) -> bool {
        if self.dir > 0.0 { o >= self.e } else { o <= self.e }
    }
}

impl Router {
    /// Isochrones for all `sources` together (each place served by its quickest source), one
    /// per cut-off in `minutes`.
    pub fn isochrones(&self, sources: &[LonLat], minutes: &[f64]) -> Vec<Isochrone> {
        let limit = minutes.iter().copied().fold(0.0, f64::max) * 60.0;
        let reach = self.reach(sources, Metric::Time, Some(limit));
        minutes.iter().map(|m| isochrone(&reach, *m)).collect()
    }

    /// Isochrones per source: `result[i]` holds source `i`'s, one per cut-off.
    pub fn isochrones_each(&self, sources: &[LonLat], minutes: &[f64]) -> Vec<Vec<Isochrone>> {
        sources.iter().map(|s| self.isochrones(std::slice::from_ref(s), minutes)).collect()
    }
}

/// The isochrone of a forward time search at `minutes`.
pub fn isochrone(reach: &Reach<'_>, minutes: f64) -> Isochrone {
    let local = isochrone_local(reach, minutes * 60.0);
    let area_km2 = local.unsigned_area() / 1e6;
    let area = reach.router.proj.multipolygon_to_lonlat(&local);
    Isochrone { minutes, area, area_km2 }
}

/// The union of the reached shapes, in local metres.
fn isochrone_local(reach: &Reach<'_>, t: f64) -> MultiPolygon<f64> {
    let r = reach.router;
    if reach.metric != Metric::Time || reach.reverse || t.is_nan() || t <= 0.0 {
        return MultiPolygon(Vec::new());
    }
    let va = r.profile.approach_mps();
    let cap = r.profile.snap_radius_m();
    let mut shapes: Vec<Polygon<f64>> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    for (g, s) in r.net.segments.iter().enumerate() {
        let g = g as u32;
        let secs = r.segment_seconds(g);
        if !secs.is_finite() || s.length_m <= 0.0 {
            continue;
        }
        events.clear();
        let (fwd, bwd) = (r.fwd_ok[g as usize], r.bwd_ok[g as usize]);
        let (cf, ct) = (reach.node_cost(s.from), reach.node_cost(s.to));
        if fwd && cf < t {
            events.push(Event { e: 0.0, tau: cf, dir: 1.0 });
        }
        if bwd && ct < t {
            events.push(Event { e: s.length_m, tau: ct, dir: -1.0 });
        }
        for &k in reach.anchors_on(g) {
            let Some(a) = reach.anchors.get(k as usize) else { continue };
            if a.cost < t {
                if fwd {
                    events.push(Event { e: a.cand.offset_m, tau: a.cost, dir: 1.0 });
                }
                if bwd {
                    events.push(Event { e: a.cand.offset_m, tau: a.cost, dir: -1.0 });
                }
            }
        }
        if events.is_empty() {
            continue;
        }
        let unit = secs / s.length_m;
        let value = |ev: &Event, o: f64| ev.tau + (o - ev.e).abs() * unit;
        // Raw (uncapped) half-width under one event: linear along the piece.
        let width = |ev: &Event, o: f64| (t - value(ev, o)) * va;
        let mut cuts = Vec::new();
        for ((o0, p0), (o1, p1), piece) in pieces(r, g) {
            // Between these offsets the cheapest event stays the same: event starts and the
            // points where runs from opposite ends meet.
            split_offsets(&events, |ev| (ev.e, ev.tau, ev.dir), (o0, o1), unit, &mut cuts);
            for w in cuts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let mid = (a + b) / 2.0;
                let best =
                    events.iter().filter(|ev| ev.covers(mid)).min_by(|x, y| value(x, mid).total_cmp(&value(y, mid)));
                if let Some(ev) = best
                    && let Some(poly) = piece.strip(a, b, |o| width(ev, o), cap)
                {
                    shapes.push(poly);
                }
            }
            let end_width =
                |o: f64| events.iter().filter(|ev| ev.covers(o)).map(|ev| width(ev, o)).fold(0.0f64, f64::max).min(cap);
            let (w0, w1) = (end_width(o0), end_width(o1));
            if w0 > 0.0 {
                shapes.push(piece.half_disc(p0, w0, false));
            }
            if w1 > 0.0 {
                shapes.push(piece.half_disc(p1, w1, true));
            }
        }
    }
    if shapes.is_empty() {
        return MultiPolygon(Vec::new());
    }
    geo::unary_union(&shapes)
}

/// One straight piece of road in local metres, with the segment offsets of its ends.
pub(crate) struct Piece {
    p0: LocalM,
    o0: f64,
    o1: f64,
    /// Unit direction and left normal.
    d: (f64, f64),
    n: (f64, f64),
    len: f64,
}

impl Piece {
    pub(crate) fn new(p0: LocalM, p1: LocalM, o0: f64, o1: f64) -> Self {
        let len = p0.distance(p1);
        let d = ((p1.x - p0.x) / len, (p1.y - p0.y) / len);
        Self { p0, o0, o1, d, n: (-d.1, d.0), len }
    }

    /// The point at segment offset `o`, moved `h` metres to the left.
    fn at(&self, o: f64, h: f64) -> Coord<f64> {
        let u = (o - self.o0) / (self.o1 - self.o0) * self.len;
        Coord { x: self.p0.x + self.d.0 * u + self.n.0 * h, y: self.p0.y + self.d.1 * u + self.n.1 * h }
    }

    /// The strip over offsets `[a, b]` with half-width `w(o)`, linear in `o` before being capped
    /// at `cap` and floored at 0; counter-clockwise; `None` when nowhere wider than 0.
    pub(crate) fn strip(&self, a: f64, b: f64, w: impl Fn(f64) -> f64, cap: f64) -> Option<Polygon<f64>> {
        let (wa, wb) = (w(a), w(b));
        // The raw width is linear: find where it reaches 0 and the cap.
        let slope = if b > a { (wb - wa) / (b - a) } else { 0.0 };
        let cross = |level: f64| if slope != 0.0 { Some(a + (level - wa) / slope) } else { None };
        let (mut lo, mut hi) = (a, b);
        if wa <= 0.0 && wb <= 0.0 {
            return None;
        }
        if wa < 0.0 {
            lo = cross(0.0)?.clamp(a, b);
        }
        if wb < 0.0 {
            hi = cross(0.0)?.clamp(a, b);
        }
        if hi <= lo {
            return None;
        }
        let mut os = vec![lo];
        if let Some(c) = cross(cap)
            && c > lo
            && c < hi
            && wa.min(wb) < cap
        {
            os.push(c);
        }
        os.push(hi);
        let width = |o: f64| w(o).clamp(0.0, cap);
        let mut ring: Vec<Coord<f64>> = Vec::with_capacity(os.len() * 2 + 1);
        for &o in &os {
            ring.push(self.at(o, -width(o)));
        }
        for &o in os.iter().rev() {
            ring.push(self.at(o, width(o)));
        }
        ring.dedup();
        (ring.len() >= 3).then(|| Polygon::new(LineString::from(ring), Vec::new()))
    }

    /// The half-disc of radius `r` past the piece's end (`ahead`) or start, counter-clockwise.
    pub(crate) fn half_disc(&self, c: LocalM, r: f64, ahead: bool) -> Polygon<f64> {
        let theta = self.d.1.atan2(self.d.0);
        let start = if ahead { theta - std::f64::consts::FRAC_PI_2 } else { theta + std::f64::consts::FRAC_PI_2 };
        let step_max = 2.0 * (1.0 - (ARC_TOLERANCE_M / r).min(1.0)).acos();
        let n = ((std::f64::consts::PI / step_max.max(1e-3)).ceil() as usize).clamp(4, 64);
        let ring: Vec<Coord<f64>> = (0..=n)
            .map(|k| {
                let phi = start + std::f64::consts::PI * k as f64 / n as f64;
                Coord { x: c.x + r * phi.cos(), y: c.y + r * phi.sin() }
            })
            .collect();
        Polygon::new(LineString::from(ring), Vec::new())
    }
}

/// Isochrones as a GeoJSON FeatureCollection (largest first, so smaller ones draw on top), with
/// `minutes` and `area_km2` properties.
pub fn to_geojson(isos: &[Isochrone]) -> geojson::FeatureCollection {
    let mut sorted: Vec<&Isochrone> = isos.iter().collect();
    sorted.sort_by(|a, b| b.minutes.total_cmp(&a.minutes));
    let features = sorted
        .into_iter()
        .map(|iso| {
            let mut props = serde_json::Map::new();
            props.insert("minutes".into(), serde_json::json!(iso.minutes));
            props.insert("area_km2".into(), serde_json::json!((iso.area_km2 * 1000.0).round() / 1000.0));
            feature(geojson::GeometryValue::from(&iso.area), props)
        })
        .collect();
    geojson::FeatureCollection { bbox: None, features, foreign_members: None }
}

/// A GeoJSON feature from a geometry and its properties.
pub(crate) fn feature(
    geometry: geojson::GeometryValue,
    props: serde_json::Map<String, serde_json::Value>,
) -> geojson::Feature {
    geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new(geometry)),
        id: None,
        properties: Some(props),
        foreign_members: None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use geo::{Contains, Validation};

    use super::*;
    use crate::progress::Silent;
    use crate::routing::{SpeedProfile, build, synthetic};

    #[test]
    fn blocks_beyond_the_snap_radius_are_holes() {
        // 300 m blocks, 50 m snap radius: the middle of a block is never reachable.
        let net = build::build(synthetic::grid_city(6, 300.0, 1), &Silent).unwrap();
        let profile = SpeedProfile { max_snap_m: 50.0, ..SpeedProfile::default() };
        let r = Router::new(Arc::new(net), profile, None);
        let centre = r.network().node(r.network().node_count() as u32 / 2).unwrap();
        let iso = &r.isochrones(&[centre], &[10.0])[0];
        assert!(iso.area.is_valid());
        let holes: usize = iso.area.0.iter().map(|p| p.interiors().len()).sum();
        assert!(holes >= 4, "{holes} holes");
        for p in &iso.area.0 {
            for hole in p.interiors() {
                // A point inside a hole is outside the area and has no routed time within it.
                let c = geo::Centroid::centroid(&Polygon::new(hole.clone(), Vec::new())).unwrap();
                let at = LonLat::new(c.x(), c.y());
                assert!(!iso.area.contains(&at.to_point()));
                let reach = r.reach(&[centre], Metric::Time, None);
                assert!(reach.cost_at(at).is_none_or(|c| c.cost > 600.0));
            }
        }
    }
}
