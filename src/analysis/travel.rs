//! How long an appliance takes to get somewhere: the one interface every analysis asks.
//!
//! Without a road network the answer is an estimate, straight-line distance × a circuity factor
//! at an average speed, and says so (`estimate: true`) wherever it is shown. The road network
//! (`routing`) implements the same trait with routed times.

use serde::{Deserialize, Serialize};

use crate::model::LonLat;

/// One trip's cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Leg {
    pub seconds: f64,
    pub meters: f64,
}

/// Travel times between places. Implementations are cheap to share across threads.
pub trait TravelModel: Send + Sync {
    /// From each of `sources` to one `target` (e.g. every station to an incident); `None`
    /// where the target cannot be reached.
    fn many_to_one(&self, sources: &[LonLat], target: LonLat) -> Vec<Option<Leg>>;

    /// From one `source` to each of `targets` (e.g. a station to every enterprise).
    fn one_to_many(&self, source: LonLat, targets: &[LonLat]) -> Vec<Option<Leg>>;

    /// True when times are estimated rather than routed on roads.
    fn is_estimate(&self) -> bool;

    /// Short description for reports: "straight line × 1.3 at 30 km/h" or "roads (OSM, 08:00)".
    fn describe(&self) -> String;

    /// [`describe`](Self::describe) in Chinese, for the Chinese interface ("直线×1.3，30 km/h（估算）").
    fn describe_zh(&self) -> String {
        self.describe()
    }

    /// A pace no trip beats, in seconds per metre of geodesic distance (1 / the fastest speed,
    /// without circuity), or `None` when the model cannot bound its times. Nearest-by-time
    /// searches use it to stop early; `None` makes them evaluate every candidate.
    fn min_seconds_per_metre(&self) -> Option<f64> {
        None
    }

    /// [`many_to_one`](Self::many_to_one) for callers that already know each source's geodesic
    /// distance to the target (`geodesic_m[i]` for `sources[i]`), so an estimate need not
    /// compute it again. Routed models ignore the distances.
    fn many_to_one_known(&self, sources: &[LonLat], target: LonLat, geodesic_m: &[f64]) -> Vec<Option<Leg>> {
        let _ = geodesic_m;
        self.many_to_one(sources, target)
    }
}

/// The estimate used until roads are loaded.
///
/// Circuity 1.3: road distance over straight-line distance measured for short urban trips is
/// 1.2–1.4 (Ballou, Rahardja & Sakai 2002, "Selected country circuity factors for road travel
/// distance estimation", *Transportation Research A* 36:843–848; Boscoe, Henry & Zdeb 2012,
/// "A nationwide comparison of driving distance versus straight-line distance to hospitals",
/// *Professional Geographer* 64(2)). Speed 30 km/h: the average urban speed of a fire appliance
/// assumed in the explanatory notes of 建标152-2017 城市消防站建设标准 (4 min driving ≈ 2 km).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StraightLine {
    pub circuity: f64,
    pub speed_kmh: f64,
}

impl Default for StraightLine {
    fn default() -> Self {
        Self { circuity: 1.3, speed_kmh: 30.0 }
    }
}

impl StraightLine {
    pub fn leg(&self, a: LonLat, b: LonLat) -> Leg {
        self.leg_for(a.distance_m(b))
    }

    /// The leg for a known geodesic distance.
    pub fn leg_for(&self, geodesic_m: f64) -> Leg {
        let meters = geodesic_m * self.circuity;
        Leg { seconds: meters / (self.speed_kmh / 3.6), meters }
    }
}

impl TravelModel for StraightLine {
    fn many_to_one(&self, sources: &[LonLat], target: LonLat) -> Vec<Option<Leg>> {
        sources.iter().map(|s| Some(self.leg(*s, target))).collect()
    }

    fn one_to_many(&self, source: LonLat, targets: &[LonLat]) -> Vec<Option<Leg>> {
        targets.iter().map(|t| Some(self.leg(source, *t))).collect()
    }

    fn is_estimate(&self) -> bool {
        true
    }

    fn describe(&self) -> String {
        format!("straight line × {} at {} km/h (estimate)", self.circuity, self.speed_kmh)
    }

    fn describe_zh(&self) -> String {
        format!("直线距离×{}，按 {} km/h 估算", self.circuity, self.speed_kmh)
    }

    fn min_seconds_per_metre(&self) -> Option<f64> {
        Some(self.circuity / (self.speed_kmh / 3.6))
    }

    fn many_to_one_known(&self, sources: &[LonLat], target: LonLat, geodesic_m: &[f64]) -> Vec<Option<Leg>> {
        if geodesic_m.len() != sources.len() {
            return self.many_to_one(sources, target);
        }
        geodesic_m.iter().map(|d| Some(self.leg_for(*d))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_km_straight_is_about_five_minutes_twenty() {
        let m = StraightLine::default();
        let a = LonLat::new(114.35, 36.10);
        let b = LonLat::new(114.35, 36.10 + 2000.0 / 110_950.0);
        let leg = m.leg(a, b);
        assert!((leg.meters - 2600.0).abs() < 5.0, "{leg:?}");
        assert!((leg.seconds - 312.0).abs() < 1.0, "{leg:?}");
        assert!(m.is_estimate());
    }
}
