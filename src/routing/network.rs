//! The road network: junction nodes and the road segments between them, each with its class,
//! direction, length and lon/lat geometry. Immutable once built; routers share it.

use serde::{Deserialize, Serialize};

use super::profile::{Direction, RoadClass};
use crate::model::LonLat;

/// A road between two junctions (or a junction and a dead end).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub from: u32,
    pub to: u32,
    pub class: RoadClass,
    /// `Both` or `Forward` (from → to): one-way roads are stored in their direction of travel.
    pub direction: Direction,
    pub maxspeed_kmh: Option<f32>,
    /// Geodesic length along the geometry, metres.
    pub length_m: f64,
    /// OSM way id, or the Shapefile record number.
    pub way_id: i64,
    pub(crate) name: u32,
}

/// Islands: parts of the file's road graph not strongly connected to the main network (cut off
/// by the clip box, one-way dead ends, private gates); dropped on import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Islands {
    pub count: usize,
    pub segments: usize,
    pub length_km: f64,
    /// The biggest island: its size and one of its nodes, to look at on the map.
    pub largest: Option<Island>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Island {
    pub segments: usize,
    pub length_km: f64,
    pub at: LonLat,
}

/// What a build kept and dropped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildSummary {
    /// Ways with a drivable `highway` tag (or road lines) in the file.
    pub road_ways: u64,
    /// Of those, ways of classes the profile does not drive on.
    pub skipped_class: u64,
    pub nodes: usize,
    pub segments: usize,
    pub oneway_segments: usize,
    pub length_km: f64,
    pub islands: Islands,
}

/// Junctions, segments and their geometry.
#[derive(Debug, Clone, Default)]
pub struct RoadNetwork {
    pub(crate) nodes: Vec<LonLat>,
    pub(crate) segments: Vec<Segment>,
    /// Segment `i`'s geometry is `coords[geom_first[i]..geom_first[i + 1]]`.
    pub(crate) geom_first: Vec<u32>,
    pub(crate) coords: Vec<LonLat>,
    pub(crate) names: Vec<String>,
    pub summary: BuildSummary,
}

impl RoadNetwork {
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    pub fn node(&self, i: u32) -> Option<LonLat> {
        self.nodes.get(i as usize).copied()
    }

    pub fn nodes(&self) -> &[LonLat] {
        &self.nodes
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn segment(&self, i: u32) -> Option<&Segment> {
        self.segments.get(i as usize)
    }

    /// The lon/lat polyline of a segment, from `from` to `to`.
    pub fn geometry(&self, i: u32) -> &[LonLat] {
        let i = i as usize;
        match (self.geom_first.get(i), self.geom_first.get(i + 1)) {
            (Some(&a), Some(&b)) => self.coords.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Index range of a segment's geometry in the shared coordinate array.
    pub(crate) fn geom_range(&self, i: u32) -> std::ops::Range<usize> {
        let i = i as usize;
        let a = self.geom_first.get(i).copied().unwrap_or(0) as usize;
        let b = self.geom_first.get(i + 1).copied().unwrap_or(0) as usize;
        a..b.max(a)
    }

    pub fn name(&self, seg: &Segment) -> Option<&str> {
        self.names.get(seg.name as usize).map(String::as_str)
    }

    /// West, south, east, north of all nodes and geometry.
    pub fn bbox(&self) -> Option<crate::snapshot::BBox> {
        let mut it = self.coords.iter();
        let first = it.next()?;
        let mut b = crate::snapshot::BBox { west: first.lon, south: first.lat, east: first.lon, north: first.lat };
        for p in it {
            b.west = b.west.min(p.lon);
            b.east = b.east.max(p.lon);
            b.south = b.south.min(p.lat);
            b.north = b.north.max(p.lat);
        }
        Some(b)
    }

    /// Assembles a network from parts, checking that they fit together.
    pub(crate) fn from_parts(
        nodes: Vec<LonLat>,
        segments: Vec<Segment>,
        geom_first: Vec<u32>,
        coords: Vec<LonLat>,
        names: Vec<String>,
        summary: BuildSummary,
    ) -> Result<Self, String> {
        if geom_first.len() != segments.len() + 1 {
            return Err(format!("{} geometry offsets for {} segments", geom_first.len(), segments.len()));
        }
        if geom_first.last().copied().unwrap_or(0) as usize != coords.len() || !geom_first.is_sorted() {
            return Err("geometry offsets do not match the coordinates".into());
        }
        let n = nodes.len() as u32;
        for (i, s) in segments.iter().enumerate() {
            if s.from >= n || s.to >= n {
                return Err(format!("segment {i} refers to a node that does not exist"));
            }
            if s.name != u32::MAX && s.name as usize >= names.len() {
                return Err(format!("segment {i} refers to a name that does not exist"));
            }
            let (a, b) = (geom_first[i] as usize, geom_first[i + 1] as usize);
            if b - a < 2 {
                return Err(format!("segment {i} has fewer than two points"));
            }
        }
        Ok(Self { nodes, segments, geom_first, coords, names, summary })
    }
}

/// WGS84 semi-major axis and flattening.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_223_563;

/// Length in metres of a short straight piece on the WGS84 ellipsoid: the local metric with the
/// meridional and prime-vertical radii of curvature at the mid-latitude. For pieces under 5 km it
/// agrees with Karney's geodesic to better than 1 mm/km; longer pieces use the geodesic itself.
pub fn piece_length_m(a: LonLat, b: LonLat) -> f64 {
    let dlat = (b.lat - a.lat).to_radians();
    let dlon = (b.lon - a.lon).to_radians();
    let phi = ((a.lat + b.lat) / 2.0).to_radians();
    let e2 = F * (2.0 - F);
    let w = 1.0 - e2 * phi.sin().powi(2);
    let m = A * (1.0 - e2) / w.powf(1.5);
    let n = A / w.sqrt();
    let d = (m * dlat).hypot(n * phi.cos() * dlon);
    if d > 5_000.0 { a.distance_m(b) } else { d }
}

/// Geodesic length of a polyline.
pub fn polyline_length_m(points: &[LonLat]) -> f64 {
    points.windows(2).map(|w| piece_length_m(w[0], w[1])).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_pieces_match_karney() {
        let base = LonLat::new(114.35, 36.1);
        for (dx, dy) in [(0.0001, 0.0), (0.0, 0.0003), (0.003, -0.002), (0.02, 0.01), (-0.04, 0.001)] {
            let b = LonLat::new(base.lon + dx, base.lat + dy);
            let (fast, exact) = (piece_length_m(base, b), base.distance_m(b));
            assert!((fast - exact).abs() <= 1e-6 * exact + 1e-6, "{fast} vs {exact}");
        }
        let far = LonLat::new(115.0, 37.0);
        assert_eq!(piece_length_m(base, far), base.distance_m(far));
    }
}
