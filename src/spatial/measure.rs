//! Geodesic measurements for the measuring tool: path length and polygon area on the WGS84
//! ellipsoid (Karney's algorithms through `geo`), so a measured 10 km is 10 km wherever it is.

use geo::{Distance, Geodesic, GeodesicArea};

use crate::model::LonLat;

/// Length of a path through the points, in metres.
pub fn path_length_m(points: &[LonLat]) -> f64 {
    points.windows(2).map(|w| Geodesic.distance(w[0].to_point(), w[1].to_point())).sum()
}

/// Area enclosed by the ring through the points (closed automatically), in square metres;
/// 0 for fewer than three points.
pub fn polygon_area_m2(points: &[LonLat]) -> f64 {
    if points.len() < 3 {
        return 0.0;
    }
    let ring: Vec<geo_types::Coord<f64>> = points.iter().map(|p| (*p).into()).collect();
    let poly = geo_types::Polygon::new(geo_types::LineString::new(ring), vec![]);
    poly.geodesic_area_unsigned()
}

/// Perimeter of the closed ring, in metres.
pub fn perimeter_m(points: &[LonLat]) -> f64 {
    match (points.first(), points.last()) {
        (Some(a), Some(b)) if points.len() > 2 => path_length_m(points) + b.distance_m(*a),
        _ => path_length_m(points),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundredth_of_a_degree_square_near_anyang() {
        let (lon, lat) = (114.35, 36.1);
        let d = 0.01;
        let sq = [
            LonLat::new(lon, lat),
            LonLat::new(lon + d, lat),
            LonLat::new(lon + d, lat + d),
            LonLat::new(lon, lat + d),
        ];
        // 0.01° of latitude ≈ 1 109.6 m; of longitude at 36.1° ≈ 900.9 m.
        let a = polygon_area_m2(&sq);
        assert!((a - 1_109.6 * 900.9).abs() / a < 0.003, "{a}");
        let l = path_length_m(&sq[..2]);
        assert!((l - 900.9).abs() < 2.0, "{l}");
        assert!((perimeter_m(&sq) - 2.0 * (1_109.6 + 900.9)).abs() < 5.0);
        assert_eq!(polygon_area_m2(&sq[..2]), 0.0);
    }
}
