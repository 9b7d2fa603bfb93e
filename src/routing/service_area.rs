//! Exclusive service areas: every stretch of road belongs to the source that reaches it first.
//! A two-way segment reached from both ends by different sources is split where their times
//! meet; a one-way segment belongs to whoever reaches its start.

use geo_types::{LineString, MultiLineString};
use serde::Serialize;

use super::router::{Metric, Router};
use crate::model::LonLat;

/// The roads one source reaches first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceArea {
    /// Index of the source in the input.
    pub source: usize,
    /// Its roads, lon/lat.
    #[serde(skip)]
    pub roads: MultiLineString<f64>,
    pub length_km: f64,
    /// The longest time to any of its roads, seconds.
    pub max_seconds: f64,
}

/// Every source's area, and what no source reaches (within the limit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceAreas {
    pub areas: Vec<ServiceArea>,
    pub unreached_km: f64,
    /// Sources with no drivable road within the snap radius.
    pub off_road: Vec<usize>,
}

/// A linear time along a segment from offset `e` in direction `dir`, owned by `source`.
#[derive(Debug, Clone, Copy)]
struct Event {
    e: f64,
    tau: f64,
    dir: f64,
    source: usize,
}

impl Event {
    fn at(&self, o: f64, unit: f64) -> Option<f64> {
        let ok = if self.dir > 0.0 { o >= self.e } else { o <= self.e };
        ok.then(|| self.tau + (o - self.e).abs() * unit)
    }
}

impl Router {
    /// Splits the road network among `sources` by who arrives first, up to `max_minutes`.
    pub fn service_areas(&self, sources: &[LonLat], max_minutes: Option<f64>) -> ServiceAreas {
        let limit = max_minutes.map_or(f64::INFINITY, |m| m * 60.0);
        let reach = self.reach(sources, Metric::Time, Some(limit));
        let mut areas: Vec<ServiceArea> = (0..sources.len())
            .map(|source| ServiceArea { source, roads: MultiLineString(Vec::new()), length_km: 0.0, max_seconds: 0.0 })
            .collect();
        let mut unreached_m = 0.0;
        let mut events: Vec<Event> = Vec::new();
        for (g, s) in self.net.segments.iter().enumerate() {
            let g = g as u32;
            let secs = self.segment_seconds(g);
            if !secs.is_finite() || s.length_m <= 0.0 {
                continue;
            }
            let unit = secs / s.length_m;
            events.clear();
            let (fwd, bwd) = (self.fwd_ok[g as usize], self.bwd_ok[g as usize]);
            let mut add = |e: f64, tau: f64, dir: f64, src: Option<usize>| {
                if let Some(source) = src
                    && tau.is_finite()
                {
                    events.push(Event { e, tau, dir, source });
                }
            };
            if fwd {
                add(0.0, reach.node_cost(s.from), 1.0, reach.node_source(s.from));
            }
            if bwd {
                add(s.length_m, reach.node_cost(s.to), -1.0, reach.node_source(s.to));
            }
            for &k in reach.anchors_on(g) {
                if let Some(a) = reach.anchors.get(k as usize) {
                    if fwd {
                        add(a.cand.offset_m, a.cost, 1.0, Some(a.place as usize));
                    }
                    if bwd {
                        add(a.cand.offset_m, a.cost, -1.0, Some(a.place as usize));
                    }
                }
            }
            // Where the owner can change: event starts, meeting points, the time limit.
            let mut cuts = vec![0.0, s.length_m];
            for (i, a) in events.iter().enumerate() {
                cuts.push(a.e);
                if limit.is_finite() {
                    cuts.push(a.e + a.dir * (limit - a.tau) / unit);
                }
                for b in &events[i + 1..] {
                    if a.dir != b.dir {
                        // a.tau + |o - a.e| unit = b.tau + |o - b.e| unit, facing each other.
                        cuts.push((b.tau - a.tau) / (2.0 * unit) * a.dir + (a.e + b.e) / 2.0);
                    }
                }
            }
            cuts.retain(|c| c.is_finite() && *c >= 0.0 && *c <= s.length_m);
            cuts.sort_by(f64::total_cmp);
            cuts.dedup();
            let mut stretches: Vec<(f64, f64, Option<usize>, f64)> = Vec::new();
            for w in cuts.windows(2) {
                let (a, b) = (w[0], w[1]);
                if b <= a {
                    continue;
                }
                let mid = (a + b) / 2.0;
                let best = events
                    .iter()
                    .filter_map(|e| e.at(mid, unit).map(|t| (t, e)))
                    .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.source.cmp(&y.1.source)));
                let owner = best.filter(|(t, _)| *t <= limit).map(|(_, e)| e);
                let worst = owner.map_or(0.0, |e| e.at(a, unit).unwrap_or(0.0).max(e.at(b, unit).unwrap_or(0.0)));
                match stretches.last_mut() {
                    Some(last) if last.2 == owner.map(|e| e.source) && last.1 == a => {
                        last.1 = b;
                        last.3 = last.3.max(worst);
                    }
                    _ => stretches.push((a, b, owner.map(|e| e.source), worst)),
                }
            }
            for (a, b, owner, worst) in stretches {
                match owner.and_then(|o| areas.get_mut(o)) {
                    Some(area) => {
                        let mut line = Vec::new();
                        self.sub_line(g, a, b, &mut line);
                        if line.len() >= 2 {
                            area.roads
                                .0
                                .push(LineString::from(line.iter().map(|p| (p.lon, p.lat)).collect::<Vec<_>>()));
                        }
                        area.length_km += (b - a) / 1000.0;
                        area.max_seconds = area.max_seconds.max(worst);
                    }
                    None => unreached_m += b - a,
                }
            }
        }
        ServiceAreas { areas, unreached_km: unreached_m / 1000.0, off_road: reach.off_road().to_vec() }
    }
}

/// Service areas as a GeoJSON FeatureCollection: one MultiLineString per source, with `source`,
/// `length_km` and `max_seconds` properties.
pub fn to_geojson(areas: &ServiceAreas) -> geojson::FeatureCollection {
    let features = areas
        .areas
        .iter()
        .map(|a| {
            let mut props = serde_json::Map::new();
            props.insert("source".into(), serde_json::json!(a.source));
            props.insert("length_km".into(), serde_json::json!(a.length_km));
            props.insert("max_seconds".into(), serde_json::json!(a.max_seconds));
            super::isochrone::feature(geojson::GeometryValue::from(&a.roads), props)
        })
        .collect();
    geojson::FeatureCollection { bbox: None, features, foreign_members: None }
}
