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
    proj.multipolygon_to_lonlat(mp).orient(Direction::Default).geodesic_area_unsigned() / 1e6
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
