//! GCJ-02 (国测局坐标, "Mars coordinates"), the obfuscated datum of AMap/Gaode and Tencent maps.
//!
//! Data from AMap (like the Anyang outlines) is about 540 m off true positions; tile sources in
//! GCJ-02 need WGS84 overlays shifted onto them. The forward transform is the published
//! algorithm (Krasovsky 1940 ellipsoid constants, sine perturbations); it has no closed-form
//! inverse, so [`gcj02_to_wgs84`] iterates the forward transform to 1e-9° (~0.1 mm).
//! Outside China's bounding box GCJ-02 equals WGS84.

use crate::model::LonLat;

/// Semi-major axis of the Krasovsky 1940 ellipsoid, as used by the algorithm.
const A: f64 = 6_378_245.0;
/// First eccentricity squared of Krasovsky 1940.
const EE: f64 = 0.006_693_421_622_965_943;

/// The rough box within which the offset applies (same test as every public implementation).
pub fn in_china(p: LonLat) -> bool {
    (72.004..=137.8347).contains(&p.lon) && (0.8293..=55.8271).contains(&p.lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// The offset (Δlon, Δlat) in degrees that GCJ-02 adds at a WGS84 position.
fn offset(p: LonLat) -> (f64, f64) {
    use std::f64::consts::PI;
    let d_lat = transform_lat(p.lon - 105.0, p.lat - 35.0);
    let d_lon = transform_lon(p.lon - 105.0, p.lat - 35.0);
    let rad_lat = p.lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    (d_lon, d_lat)
}

/// WGS84 → GCJ-02 (the published forward algorithm).
pub fn wgs84_to_gcj02(p: LonLat) -> LonLat {
    if !in_china(p) {
        return p;
    }
    let (d_lon, d_lat) = offset(p);
    LonLat::new(p.lon + d_lon, p.lat + d_lat)
}

/// GCJ-02 → WGS84, by fixed-point iteration on the forward transform until the round trip is
/// within 1e-9° (converges in a handful of steps because the offset varies slowly).
pub fn gcj02_to_wgs84(gcj: LonLat) -> LonLat {
    if !in_china(gcj) {
        return gcj;
    }
    let mut wgs = gcj;
    for _ in 0..30 {
        let back = wgs84_to_gcj02(wgs);
        let (e_lon, e_lat) = (back.lon - gcj.lon, back.lat - gcj.lat);
        if e_lon.abs() < 1e-9 && e_lat.abs() < 1e-9 {
            break;
        }
        wgs = LonLat::new(wgs.lon - e_lon, wgs.lat - e_lat);
    }
    wgs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published pairs from googollee/eviltransform's test suite (MIT): (wgs lat, wgs lng,
    /// gcj lat, gcj lng) in Shanghai, Shenzhen and Beijing.
    const EVILTRANSFORM: [(f64, f64, f64, f64); 3] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    ];

    #[test]
    fn forward_matches_published_points() {
        for (wlat, wlon, glat, glon) in EVILTRANSFORM {
            let g = wgs84_to_gcj02(LonLat::new(wlon, wlat));
            assert!((g.lon - glon).abs() < 1e-9, "{g:?} vs {glon}");
            assert!((g.lat - glat).abs() < 1e-9, "{g:?} vs {glat}");
        }
        // wandergis/coordtransform README: wgs84togcj02(116.404, 39.915)
        let g = wgs84_to_gcj02(LonLat::new(116.404, 39.915));
        assert!((g.lon - 116.41024449916938).abs() < 1e-9);
        assert!((g.lat - 39.91640428150164).abs() < 1e-9);
    }

    #[test]
    fn inverse_recovers_published_points_to_a_millimetre() {
        for (wlat, wlon, glat, glon) in EVILTRANSFORM {
            let w = gcj02_to_wgs84(LonLat::new(glon, glat));
            let err_m = w.distance_m(LonLat::new(wlon, wlat));
            assert!(err_m < 1e-3, "{err_m} m");
        }
    }

    #[test]
    fn anyang_offset_is_about_half_a_kilometre_east() {
        let wgs = LonLat::new(114.35, 36.10);
        let gcj = wgs84_to_gcj02(wgs);
        assert!(gcj.lon - wgs.lon > 0.005 && gcj.lon - wgs.lon < 0.007, "{gcj:?}");
        let d = wgs.distance_m(gcj);
        assert!((400.0..700.0).contains(&d), "{d}");
    }

    #[test]
    fn outside_china_is_unchanged() {
        let p = LonLat::new(11.57, 48.14);
        assert_eq!(wgs84_to_gcj02(p), p);
        assert_eq!(gcj02_to_wgs84(p), p);
    }
}
