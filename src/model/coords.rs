//! WGS84 longitude/latitude, the one coordinate system the project stores.
//!
//! CGCS2000 equals WGS84 at map scale; GCJ-02 (AMap) is converted on import or shifted at
//! display time, never stored (see `spatial::gcj02`).

use serde::{Deserialize, Serialize};

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }

    /// True when both values are finite and inside ±180° / ±90°.
    pub fn is_valid(self) -> bool {
        self.lon.is_finite()
            && self.lat.is_finite()
            && (-180.0..=180.0).contains(&self.lon)
            && (-90.0..=90.0).contains(&self.lat)
    }

    /// Why this position is unusable, if it is: "longitude is NaN", "latitude 95 is outside -90..90".
    pub fn problem(self) -> Option<String> {
        if !self.lon.is_finite() {
            return Some(format!("longitude is {}", self.lon));
        }
        if !self.lat.is_finite() {
            return Some(format!("latitude is {}", self.lat));
        }
        if !(-180.0..=180.0).contains(&self.lon) {
            return Some(format!("longitude {} is outside -180..180", self.lon));
        }
        if !(-90.0..=90.0).contains(&self.lat) {
            return Some(format!("latitude {} is outside -90..90", self.lat));
        }
        None
    }

    pub fn to_point(self) -> geo_types::Point<f64> {
        geo_types::Point::new(self.lon, self.lat)
    }

    pub fn from_point(p: geo_types::Point<f64>) -> Self {
        Self::new(p.x(), p.y())
    }

    /// Geodesic distance in metres (Karney, WGS84 ellipsoid).
    pub fn distance_m(self, other: LonLat) -> f64 {
        use geo::{Distance, Geodesic};
        Geodesic.distance(self.to_point(), other.to_point())
    }
}

impl From<LonLat> for geo_types::Coord<f64> {
    fn from(p: LonLat) -> Self {
        geo_types::Coord { x: p.lon, y: p.lat }
    }
}

impl std::fmt::Display for LonLat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.6}, {:.6}", self.lon, self.lat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity() {
        assert!(LonLat::new(114.39, 36.1).is_valid());
        assert!(!LonLat::new(f64::NAN, 36.1).is_valid());
        assert!(!LonLat::new(200.0, 36.1).is_valid());
        assert_eq!(LonLat::new(114.0, 95.0).problem().as_deref(), Some("latitude 95 is outside -90..90"));
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = LonLat::new(114.0, 36.0).distance_m(LonLat::new(114.0, 37.0));
        assert!((d - 110_950.0).abs() < 100.0, "{d}");
    }
}
