//! The road network as the [`TravelModel`] every analysis asks: routed times, not estimates.

use super::router::{Metric, Router};
use crate::analysis::travel::{Leg, TravelModel};
use crate::model::LonLat;

impl TravelModel for Router {
    /// One reverse search from the target, then each source's routed time to it.
    fn many_to_one(&self, sources: &[LonLat], target: LonLat) -> Vec<Option<Leg>> {
        let reach = self.reach_to(&[target], Metric::Time, None);
        sources.iter().map(|s| reach.leg(*s)).collect()
    }

    /// One forward search from the source, then each target's routed time.
    fn one_to_many(&self, source: LonLat, targets: &[LonLat]) -> Vec<Option<Leg>> {
        let reach = self.reach(&[source], Metric::Time, None);
        targets.iter().map(|t| reach.leg(*t)).collect()
    }

    fn is_estimate(&self) -> bool {
        false
    }

    fn describe(&self) -> String {
        let when = self.time_of_day().map_or_else(|| "free flow".to_string(), |t| t.to_string());
        format!(
            "roads ({:.0} km, {} segments), {when}",
            self.network().summary.length_km,
            self.network().segment_count()
        )
    }

    fn describe_zh(&self) -> String {
        let when = self.time_of_day().map_or_else(|| "畅通时段".to_string(), |t| format!("{t} 时段"));
        format!("路网（{:.0} km，{} 段），{when}", self.network().summary.length_km, self.network().segment_count())
    }
}
