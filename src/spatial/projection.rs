//! A local metric projection for one project region: lon/lat ⇄ metres east/north.
//!
//! Spatial indices and planar geometry (buffers, clipping, areas of small cells) run in these
//! metres. A transverse Mercator centred on the project keeps distortion below 0.02 % within
//! ~100 km, which is city to small-province scale. Reported distances are geodesic, not from
//! this plane.

use serde::{Deserialize, Serialize};

use crate::model::LonLat;

/// A point in local metres (east, north) from the projection centre.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct LocalM {
    pub x: f64,
    pub y: f64,
}

impl LocalM {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    pub fn distance(self, other: LocalM) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// WGS84 semi-major axis and flattening.
const WGS84_A: f64 = 6_378_137.0;
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// Ellipsoidal transverse Mercator (Snyder, *Map Projections — A Working Manual*, USGS PP 1395,
/// eqs. 8-9 to 8-25) with its central meridian and origin at the project centre and scale 1 on
/// the meridian. Conformal, so short distances are right in every direction; the scale error is
/// x²/2R², 0.003 % at 50 km and 0.012 % at 100 km from the centre meridian.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LocalProjection {
    pub centre: LonLat,
    /// Meridian arc length from the equator to the centre latitude.
    m0: f64,
}

const E2: f64 = WGS84_F * (2.0 - WGS84_F);
const EP2: f64 = E2 / (1.0 - E2);

/// Meridian arc length from the equator to latitude `phi` (radians).
fn meridian_arc(phi: f64) -> f64 {
    let (e4, e6) = (E2 * E2, E2 * E2 * E2);
    WGS84_A
        * ((1.0 - E2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
            - (3.0 * E2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * phi).sin())
}

impl LocalProjection {
    pub fn new(centre: LonLat) -> Self {
        Self { centre, m0: meridian_arc(centre.lat.to_radians()) }
    }

    /// Projects a WGS84 position to local metres.
    pub fn to_local(&self, p: LonLat) -> LocalM {
        let phi = p.lat.to_radians();
        let (s, c) = phi.sin_cos();
        let n = WGS84_A / (1.0 - E2 * s * s).sqrt();
        let t = (s / c).powi(2);
        let cc = EP2 * c * c;
        let a = (p.lon - self.centre.lon).to_radians() * c;
        let (a2, a3) = (a * a, a * a * a);
        let (a4, a5, a6) = (a2 * a2, a2 * a3, a3 * a3);
        let x = n * (a + (1.0 - t + cc) * a3 / 6.0 + (5.0 - 18.0 * t + t * t + 72.0 * cc - 58.0 * EP2) * a5 / 120.0);
        let y = meridian_arc(phi) - self.m0
            + n * (s / c)
                * (a2 / 2.0
                    + (5.0 - t + 9.0 * cc + 4.0 * cc * cc) * a4 / 24.0
                    + (61.0 - 58.0 * t + t * t + 600.0 * cc - 330.0 * EP2) * a6 / 720.0);
        LocalM::new(x, y)
    }

    /// Inverse of [`to_local`](Self::to_local).
    pub fn to_lonlat(&self, p: LocalM) -> LonLat {
        let m = self.m0 + p.y;
        let (e4, e6) = (E2 * E2, E2 * E2 * E2);
        let mu = m / (WGS84_A * (1.0 - E2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0));
        let e1 = (1.0 - (1.0 - E2).sqrt()) / (1.0 + (1.0 - E2).sqrt());
        let phi1 = mu
            + (3.0 * e1 / 2.0 - 27.0 * e1.powi(3) / 32.0) * (2.0 * mu).sin()
            + (21.0 * e1 * e1 / 16.0 - 55.0 * e1.powi(4) / 32.0) * (4.0 * mu).sin()
            + (151.0 * e1.powi(3) / 96.0) * (6.0 * mu).sin()
            + (1097.0 * e1.powi(4) / 512.0) * (8.0 * mu).sin();
        let (s1, c1) = phi1.sin_cos();
        let tan1 = s1 / c1;
        let cc1 = EP2 * c1 * c1;
        let t1 = tan1 * tan1;
        let w = 1.0 - E2 * s1 * s1;
        let n1 = WGS84_A / w.sqrt();
        let r1 = WGS84_A * (1.0 - E2) / w.powf(1.5);
        let d = p.x / n1;
        let (d2, d3) = (d * d, d * d * d);
        let (d4, d5, d6) = (d2 * d2, d2 * d3, d3 * d3);
        let phi = phi1
            - (n1 * tan1 / r1)
                * (d2 / 2.0 - (5.0 + 3.0 * t1 + 10.0 * cc1 - 4.0 * cc1 * cc1 - 9.0 * EP2) * d4 / 24.0
                    + (61.0 + 90.0 * t1 + 298.0 * cc1 + 45.0 * t1 * t1 - 252.0 * EP2 - 3.0 * cc1 * cc1) * d6 / 720.0);
        let lam = (d - (1.0 + 2.0 * t1 + cc1) * d3 / 6.0
            + (5.0 - 2.0 * cc1 + 28.0 * t1 - 3.0 * cc1 * cc1 + 8.0 * EP2 + 24.0 * t1 * t1) * d5 / 120.0)
            / c1;
        LonLat::new(self.centre.lon + lam.to_degrees(), phi.to_degrees())
    }

    /// Projects a polygon set to local metres.
    pub fn multipolygon_to_local(&self, mp: &geo_types::MultiPolygon<f64>) -> geo_types::MultiPolygon<f64> {
        use geo::MapCoords;
        mp.map_coords(|c| {
            let m = self.to_local(LonLat::new(c.x, c.y));
            geo_types::Coord { x: m.x, y: m.y }
        })
    }

    /// Un-projects a polygon set from local metres to WGS84.
    pub fn multipolygon_to_lonlat(&self, mp: &geo_types::MultiPolygon<f64>) -> geo_types::MultiPolygon<f64> {
        use geo::MapCoords;
        mp.map_coords(|c| {
            let p = self.to_lonlat(LocalM::new(c.x, c.y));
            geo_types::Coord { x: p.lon, y: p.lat }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_exact_to_a_millimetre() {
        let proj = LocalProjection::new(LonLat::new(114.35, 36.1));
        for (lon, lat) in [(114.0, 35.5), (114.9, 36.6), (114.35, 36.1), (113.7, 35.9), (115.5, 34.5)] {
            let p = LonLat::new(lon, lat);
            let back = proj.to_lonlat(proj.to_local(p));
            assert!(p.distance_m(back) < 1e-3);
        }
    }

    #[test]
    fn planar_distances_agree_with_geodesic_within_a_tenth_of_a_percent() {
        let proj = LocalProjection::new(LonLat::new(114.35, 36.1));
        let pairs = [
            ((114.30, 36.05), (114.45, 36.15)),
            ((113.80, 35.80), (114.90, 36.40)),
            ((114.35, 36.10), (114.36, 36.10)),
        ];
        for ((a0, a1), (b0, b1)) in pairs {
            let (a, b) = (LonLat::new(a0, a1), LonLat::new(b0, b1));
            let planar = proj.to_local(a).distance(proj.to_local(b));
            let geodesic = a.distance_m(b);
            assert!((planar / geodesic - 1.0).abs() < 2e-4, "{planar} vs {geodesic}");
        }
    }
}
