//! Polygon work behind the coverage analysis, in local metres: protection discs, the
//! nearest-station cells that bound jurisdictions, bounding-box-filtered overlays, enclaves, and
//! areas measured geodesically on the ellipsoid (so the figures do not depend on the projection).

use geo::orient::{Direction, Orient};
use geo::{Area, BooleanOps, BoundingRect, Contains, GeodesicArea, Intersects};
use geo_types::{Coord, LineString, MultiPolygon, Point, Polygon, Rect};

use crate::spatial::{LocalM, LocalProjection};

/// Largest gap between a disc's true circle and its chords, metres. Chords lie inside the
/// circle, so a disc never claims a place beyond its radius; the area it misses is
/// (2π/n)²/6 of the disc, 0.04 % at 1.5 km.
pub const ARC_TOLERANCE_M: f64 = 0.5;

/// A disc as a polygon with its vertices on the circle (counter-clockwise).
pub fn disc(centre: LocalM, radius_m: f64) -> Polygon<f64> {
    if !(radius_m.is_finite() && radius_m > 0.0) {
        return Polygon::new(LineString::new(Vec::new()), Vec::new());
    }
    let n = disc_vertices(radius_m);
    let mut ring: Vec<Coord<f64>> = (0..n)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n as f64;
            Coord { x: centre.x + radius_m * a.cos(), y: centre.y + radius_m * a.sin() }
        })
        .collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    Polygon::new(LineString::new(ring), Vec::new())
}

/// Vertices a disc of this radius needs for its chords to stay within [`ARC_TOLERANCE_M`].
pub fn disc_vertices(radius_m: f64) -> usize {
    let half_angle = (1.0 - ARC_TOLERANCE_M / radius_m).clamp(-1.0, 1.0).acos();
    if half_angle <= 0.0 {
        return 16;
    }
    ((std::f64::consts::PI / half_angle).ceil() as usize).clamp(16, 4096)
}

/// Area of an inscribed regular polygon with `n` vertices on a circle of radius `r`: what
/// [`disc`] covers, for tests and hand checks.
pub fn inscribed_area(radius_m: f64, n: usize) -> f64 {
    let n = n as f64;
    0.5 * n * radius_m * radius_m * (std::f64::consts::TAU / n).sin()
}

/// The part of a convex polygon nearer to `site` than to `other` (the perpendicular bisector
/// cuts it; Sutherland–Hodgman against one half-plane, so the result stays convex).
pub fn clip_nearer(convex: &[Coord<f64>], site: LocalM, other: LocalM) -> Vec<Coord<f64>> {
    let (nx, ny) = (other.x - site.x, other.y - site.y);
    let (mx, my) = ((site.x + other.x) / 2.0, (site.y + other.y) / 2.0);
    // Signed distance along the site→other direction from the bisector; ≤ 0 is the site's side.
    let side = |c: &Coord<f64>| (c.x - mx) * nx + (c.y - my) * ny;
    let mut out = Vec::with_capacity(convex.len() + 1);
    let n = convex.len();
    for k in 0..n {
        let (a, b) = (convex[k], convex[(k + 1) % n]);
        let (sa, sb) = (side(&a), side(&b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            let t = sa / (sa - sb);
            out.push(Coord { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) });
        }
    }
    out
}

/// The nearest-site cell of `site` inside `bounds`, cut by every site in `others`.
pub fn nearest_cell(bounds: Rect<f64>, site: LocalM, others: impl IntoIterator<Item = LocalM>) -> Polygon<f64> {
    let (lo, hi) = (bounds.min(), bounds.max());
    let mut ring = vec![lo, Coord { x: hi.x, y: lo.y }, hi, Coord { x: lo.x, y: hi.y }];
    for o in others {
        if o == site {
            // Two stations on one spot share the cell; the jurisdiction goes to both.
            continue;
        }
        ring = clip_nearer(&ring, site, o);
        if ring.len() < 3 {
            return Polygon::new(LineString::new(Vec::new()), Vec::new());
        }
    }
    ring.push(ring[0]);
    Polygon::new(LineString::new(ring), Vec::new())
}

/// Chords drawn along a curved boundary between two stations' jurisdictions.
pub const BISECTOR_CHORDS: usize = 256;

/// Where station `site` arrives no later than `other` when `other` needs `delta_m` more metres
/// of straight line (its extra turnout time at the estimate's pace): `d_site − d_other ≤ δ`,
/// bounded by a hyperbola branch with the two stations as foci (a straight bisector when δ = 0),
/// drawn with [`BISECTOR_CHORDS`] chords, as a polygon covering `window`. `None`: the site is
/// never later inside any window (δ ≥ the distance), so nothing needs cutting.
pub fn no_later_region(site: LocalM, other: LocalM, delta_m: f64, window: Rect<f64>) -> Option<Polygon<f64>> {
    let d = site.distance(other);
    let empty = || Some(Polygon::new(LineString::new(Vec::new()), Vec::new()));
    if delta_m >= d {
        return None;
    }
    if delta_m <= -d {
        return empty();
    }
    // Frame: origin at the midpoint, x from site to other; the site is at (−c, 0).
    let (ex, ey) = ((other.x - site.x) / d, (other.y - site.y) / d);
    let (mx, my) = ((site.x + other.x) / 2.0, (site.y + other.y) / 2.0);
    let c = d / 2.0;
    let a = delta_m / 2.0;
    let b = (c * c - a * a).sqrt();
    let corners = [
        window.min(),
        window.max(),
        Coord { x: window.min().x, y: window.max().y },
        Coord { x: window.max().x, y: window.min().y },
    ];
    let reach = corners.iter().map(|k| (k.x - mx).hypot(k.y - my)).fold(0.0, f64::max) + 1.0;
    let u_max = (reach / b).asinh();
    let n = BISECTOR_CHORDS;
    let mut pts: Vec<(f64, f64)> = (0..=n)
        .map(|k| {
            let u = -u_max + 2.0 * u_max * k as f64 / n as f64;
            (a * u.cosh(), b * u.sinh())
        })
        .collect();
    let left = pts.iter().map(|p| p.0).fold(-reach, f64::min) - 1.0;
    let y_top = pts.last().map_or(reach, |p| p.1);
    let y_bottom = pts.first().map_or(-reach, |p| p.1);
    pts.push((left, y_top));
    pts.push((left, y_bottom));
    let mut ring: Vec<Coord<f64>> =
        pts.iter().map(|(x, y)| Coord { x: mx + x * ex - y * ey, y: my + x * ey + y * ex }).collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    Some(Polygon::new(LineString::new(ring), Vec::new()))
}

/// `a ∩ b`, skipping the overlay when the boxes do not meet.
pub fn intersection(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    match (a.bounding_rect(), b.bounding_rect()) {
        (Some(ra), Some(rb)) if ra.intersects(&rb) => a.intersection(b),
        _ => MultiPolygon(Vec::new()),
    }
}

/// The polygons of `big` whose boxes meet `window` (to keep overlays with one area small).
pub fn near(big: &MultiPolygon<f64>, window: Rect<f64>) -> MultiPolygon<f64> {
    MultiPolygon(big.0.iter().filter(|p| p.bounding_rect().is_some_and(|r| r.intersects(&window))).cloned().collect())
}

/// Union of many polygon sets.
pub fn union_all<'a>(parts: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> MultiPolygon<f64> {
    let polys: Vec<Polygon<f64>> = parts.into_iter().flat_map(|m| m.0.iter().cloned()).collect();
    if polys.is_empty() {
        return MultiPolygon(Vec::new());
    }
    geo::unary_union(&polys)
}

/// Geodesic area in km² of a local-metre polygon set (un-projected to WGS84, then measured on
/// the ellipsoid, Karney 2013 through geo's `GeodesicArea`).
pub fn area_km2(proj: &LocalProjection, mp: &MultiPolygon<f64>) -> f64 {
    if mp.0.is_empty() {
        return 0.0;
    }
    // Rings as the geodesic formula expects them (exterior counter-clockwise): a clockwise
    // exterior would be measured as the rest of the globe.
    geodesic_km2(&proj.multipolygon_to_lonlat(mp))
}

/// Geodesic area in km² of a lon/lat polygon set.
pub fn geodesic_km2(mp_lonlat: &MultiPolygon<f64>) -> f64 {
    mp_lonlat.orient(Direction::Default).geodesic_area_unsigned() / 1e6
}

/// Planar area in km² in local metres (cheap; for ordering and tests).
pub fn planar_km2(mp: &MultiPolygon<f64>) -> f64 {
    mp.unsigned_area() / 1e6
}

/// Pieces of a station's area cut off from the station: every polygon that does not hold it.
/// When none holds it (a station just outside its own area), the largest piece counts as the
/// main one.
pub fn enclaves(area: &MultiPolygon<f64>, station: LocalM) -> Vec<Polygon<f64>> {
    let at = Point::new(station.x, station.y);
    let main = area.0.iter().position(|p| p.contains(&at)).or_else(|| {
        area.0.iter().enumerate().max_by(|a, b| a.1.unsigned_area().total_cmp(&b.1.unsigned_area())).map(|(i, _)| i)
    });
    area.0.iter().enumerate().filter(|(i, _)| Some(*i) != main).map(|(_, p)| p.clone()).collect()
}

/// The study area with its boundary edges, so that shapes well inside it skip the overlay.
pub struct Region {
    pub area: MultiPolygon<f64>,
    edges: Vec<(Coord<f64>, Coord<f64>)>,
}

impl Region {
    pub fn new(area: MultiPolygon<f64>) -> Self {
        let edges = area
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| ring.0.windows(2).map(|w| (w[0], w[1])))
            .collect();
        Self { area, edges }
    }

    /// Whether the disc of radius `r` around `c` lies inside: the centre is inside and every
    /// boundary edge is further than `r` (the disc's chords lie within its circle).
    pub fn holds_disc(&self, c: LocalM, r: f64) -> bool {
        let far = |(a, b): &(Coord<f64>, Coord<f64>)| {
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 { (((c.x - a.x) * dx + (c.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
            (a.x + t * dx - c.x).hypot(a.y + t * dy - c.y) > r
        };
        self.edges.iter().all(far) && self.area.contains(&Point::new(c.x, c.y))
    }

    /// `mp ∩` the region.
    pub fn clip(&self, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        intersection(mp, &self.area)
    }

    /// Where a polygon lies: no boundary edge near its box means wholly inside or outside.
    pub fn side(&self, p: &Polygon<f64>) -> Side {
        let Some(bb) = p.bounding_rect() else { return Side::Outside };
        let (lo, hi) = (bb.min(), bb.max());
        let near = |(a, b): &(Coord<f64>, Coord<f64>)| {
            a.x.min(b.x) <= hi.x && a.x.max(b.x) >= lo.x && a.y.min(b.y) <= hi.y && a.y.max(b.y) >= lo.y
        };
        if self.edges.iter().any(near) {
            return Side::Crossing;
        }
        match p.exterior().0.first() {
            Some(v) if self.area.contains(&Point::from(*v)) => Side::Inside,
            _ => Side::Outside,
        }
    }

    /// Area in km² of `parts ∩` the region; each part comes with its own area, so parts wholly
    /// inside need no overlay.
    pub fn area_within(&self, proj: &LocalProjection, parts: &[Part]) -> f64 {
        let window = self.area.bounding_rect();
        parts
            .iter()
            .filter(|p| window.is_some_and(|w| p.bbox.intersects(&w)))
            .map(|p| match self.side(&p.polygon) {
                Side::Inside => p.km2,
                Side::Outside => 0.0,
                Side::Crossing => area_km2(proj, &intersection(&MultiPolygon(vec![p.polygon.clone()]), &self.area)),
            })
            .sum()
    }

    /// The region minus `parts` (disjoint polygons, such as a union's): parts wholly inside
    /// become holes (their own holes islands); only the parts crossing the boundary are
    /// overlaid.
    pub fn minus(&self, parts: &[Part]) -> MultiPolygon<f64> {
        let (mut inside, mut crossing) = (Vec::new(), Vec::new());
        for p in parts {
            match self.side(&p.polygon) {
                Side::Inside => inside.push(&p.polygon),
                Side::Crossing => crossing.push(p.polygon.clone()),
                Side::Outside => {}
            }
        }
        let mut out =
            if crossing.is_empty() { self.area.clone() } else { self.area.difference(&MultiPolygon(crossing)) };
        for p in inside {
            let Some(probe) = p.exterior().0.first().map(|c| Point::from(*c)) else { continue };
            if let Some(host) = out.0.iter_mut().find(|h| h.contains(&probe)) {
                host.interiors_push(p.exterior().clone());
            }
            out.0.extend(p.interiors().iter().map(|h| Polygon::new(h.clone(), Vec::new())));
        }
        out
    }
}

/// Where a polygon lies relative to a [`Region`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Inside,
    Outside,
    Crossing,
}

/// One polygon of a union with its box and geodesic area.
#[derive(Debug, Clone)]
pub struct Part {
    pub polygon: Polygon<f64>,
    pub bbox: Rect<f64>,
    /// Its box in lon/lat, widened by about 1 m for the curvature of projected edges.
    pub bbox_lonlat: Rect<f64>,
    pub km2: f64,
}

/// The polygons of `mp` with their boxes and areas.
pub fn parts(proj: &LocalProjection, mp: &MultiPolygon<f64>) -> Vec<Part> {
    use rayon::prelude::*;
    mp.0.par_iter()
        .filter_map(|p| {
            let bbox = p.bounding_rect()?;
            let lonlat = proj.multipolygon_to_lonlat(&MultiPolygon(vec![p.clone()]));
            let ll = lonlat.bounding_rect()?;
            let pad = Coord { x: 1e-5, y: 1e-5 };
            let bbox_lonlat = Rect::new(ll.min() - pad, ll.max() + pad);
            Some(Part { polygon: p.clone(), bbox, bbox_lonlat, km2: geodesic_km2(&lonlat) })
        })
        .collect()
}

/// A square box of half-size `r` around a point.
pub fn box_around(c: LocalM, r: f64) -> Rect<f64> {
    Rect::new(Coord { x: c.x - r, y: c.y - r }, Coord { x: c.x + r, y: c.y + r })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disc_area_is_the_inscribed_polygon_and_close_to_pi_r_squared() {
        let r = 1000.0;
        let d = disc(LocalM::new(0.0, 0.0), r);
        let n = disc_vertices(r);
        assert!((d.unsigned_area() - inscribed_area(r, n)).abs() < 1e-6 * inscribed_area(r, n));
        let circle = std::f64::consts::PI * r * r;
        assert!(d.unsigned_area() < circle);
        assert!((circle - d.unsigned_area()) / circle < 0.001, "{} vs {circle}", d.unsigned_area());
    }

    #[test]
    fn bisector_halves_a_square() {
        let bounds = Rect::new(Coord { x: -100.0, y: -100.0 }, Coord { x: 100.0, y: 100.0 });
        let cell = nearest_cell(bounds, LocalM::new(-50.0, 0.0), [LocalM::new(50.0, 0.0)]);
        assert!((cell.unsigned_area() - 20_000.0).abs() < 1e-9, "{}", cell.unsigned_area());
        // Four sites in the corners' quadrants: each gets a quarter.
        let sites = [(-50.0, -50.0), (50.0, -50.0), (-50.0, 50.0), (50.0, 50.0)].map(|(x, y)| LocalM::new(x, y));
        for s in sites {
            let c = nearest_cell(bounds, s, sites);
            assert!((c.unsigned_area() - 10_000.0).abs() < 1e-9);
        }
    }

    #[test]
    fn hyperbola_region_holds_the_places_the_site_reaches_no_later() {
        let (s, o) = (LocalM::new(-500.0, 0.0), LocalM::new(500.0, 0.0));
        let window = box_around(LocalM::new(0.0, 0.0), 3000.0);
        for delta in [-600.0, -100.0, 0.0, 250.0, 900.0] {
            let region = MultiPolygon(vec![no_later_region(s, o, delta, window).unwrap()]);
            for (x, y) in
                [(-2000.0, 100.0), (0.0, 0.0), (200.0, 900.0), (400.0, -50.0), (2500.0, 2500.0), (-300.0, 10.0)]
            {
                let p = LocalM::new(x, y);
                let margin = p.distance(s) - p.distance(o) - delta;
                if margin.abs() > 20.0 {
                    assert_eq!(region.contains(&Point::new(x, y)), margin < 0.0, "δ {delta} at ({x}, {y})");
                }
            }
        }
        assert!(no_later_region(s, o, 1000.0, window).is_none());
        assert!(no_later_region(s, o, -1000.0, window).unwrap().exterior().0.is_empty());
    }

    #[test]
    fn a_disc_well_inside_a_region_needs_no_clipping() {
        let sq = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (1000.0, 0.0), (1000.0, 1000.0), (0.0, 1000.0), (0.0, 0.0)]),
            Vec::new(),
        );
        let region = Region::new(MultiPolygon(vec![sq]));
        let c = LocalM::new(500.0, 400.0);
        assert!(region.holds_disc(c, 390.0));
        let d = MultiPolygon(vec![disc(c, 390.0)]);
        assert!((region.clip(&d).unsigned_area() - d.unsigned_area()).abs() < 1e-6 * d.unsigned_area());
        assert!(!region.holds_disc(c, 410.0));
        assert!(region.clip(&MultiPolygon(vec![disc(c, 410.0)])).unsigned_area() < disc(c, 410.0).unsigned_area());
        assert!(!region.holds_disc(LocalM::new(-500.0, 400.0), 10.0));
    }

    #[test]
    fn region_shortcuts_equal_the_plain_overlays() {
        // An L-shaped region with a hole; discs inside, across the edge, in the hole, outside.
        let proj = LocalProjection::new(crate::model::LonLat::new(114.35, 36.1));
        let l_shape = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (8000.0, 0.0),
                (8000.0, 3000.0),
                (3000.0, 3000.0),
                (3000.0, 8000.0),
                (0.0, 8000.0),
                (0.0, 0.0),
            ]),
            vec![LineString::from(vec![
                (500.0, 5000.0),
                (2500.0, 5000.0),
                (2500.0, 7000.0),
                (500.0, 7000.0),
                (500.0, 5000.0),
            ])],
        );
        let region = Region::new(MultiPolygon(vec![l_shape]));
        let discs: Vec<MultiPolygon<f64>> = [
            (1500.0, 1500.0, 900.0),
            (2100.0, 1500.0, 700.0),
            (7800.0, 1500.0, 600.0),
            (1500.0, 6000.0, 400.0),
            (6000.0, 6000.0, 800.0),
            (4000.0, 1000.0, 500.0),
        ]
        .iter()
        .map(|&(x, y, r)| MultiPolygon(vec![disc(LocalM::new(x, y), r)]))
        .collect();
        let covered = union_all(discs.iter());
        let parts = parts(&proj, &covered);
        let sides: Vec<Side> = parts.iter().map(|p| region.side(&p.polygon)).collect();
        for want in [Side::Inside, Side::Outside, Side::Crossing] {
            assert!(sides.contains(&want), "{sides:?}");
        }
        let plain = area_km2(&proj, &intersection(&covered, &region.area));
        let fast = region.area_within(&proj, &parts);
        assert!((fast - plain).abs() < 1e-9 * plain.max(1.0), "{fast} vs {plain}");
        let plain_rest = area_km2(&proj, &region.area.difference(&covered));
        let fast_rest = area_km2(&proj, &region.minus(&parts));
        assert!((fast_rest - plain_rest).abs() < 1e-6 * plain_rest, "{fast_rest} vs {plain_rest}");
        assert!(fast_rest < area_km2(&proj, &region.area) - fast + 1e-6);
    }

    #[test]
    fn a_split_area_has_one_enclave() {
        let sq = |x: f64| {
            Polygon::new(
                LineString::from(vec![(x, 0.0), (x + 10.0, 0.0), (x + 10.0, 10.0), (x, 10.0), (x, 0.0)]),
                Vec::new(),
            )
        };
        let area = MultiPolygon(vec![sq(0.0), sq(100.0)]);
        let e = enclaves(&area, LocalM::new(105.0, 5.0));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0], sq(0.0));
    }

    #[test]
    fn clockwise_rings_measure_the_same() {
        let proj = LocalProjection::new(crate::model::LonLat::new(114.35, 36.1));
        let cw = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (0.0, 1000.0), (1000.0, 1000.0), (1000.0, 0.0), (0.0, 0.0)]),
            Vec::new(),
        );
        assert!((area_km2(&proj, &MultiPolygon(vec![cw])) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn geodesic_area_of_a_local_square_matches_its_planar_area_near_the_centre() {
        let proj = LocalProjection::new(crate::model::LonLat::new(114.35, 36.1));
        let sq = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (1000.0, 0.0), (1000.0, 1000.0), (0.0, 1000.0), (0.0, 0.0)]),
            Vec::new(),
        );
        let km2 = area_km2(&proj, &MultiPolygon(vec![sq]));
        assert!((km2 - 1.0).abs() < 1e-4, "{km2}");
    }
}
