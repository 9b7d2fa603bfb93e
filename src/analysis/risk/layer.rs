//! The risk map's read model for drawing and picking: every zone and registered point with an
//! R-tree over their lon/lat boxes, so a map view asks only for what it shows, and a cursor
//! position finds the zone under it (the most severe when zones overlap).

use std::collections::HashMap;

use geo::{BoundingRect, Contains};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::model::floor_plan::FloorPlan;
use crate::model::risk_zones::{RiskPoint, RiskZone};
use crate::model::{FeatureId, LonLat};
use crate::snapshot::BBox;
use crate::store::{Project, StoreError};

type Boxed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Zones, points and floor plans (without image bytes) of a project, indexed.
#[derive(Debug, Default)]
pub struct RiskLayer {
    pub zones: Vec<RiskZone>,
    pub points: Vec<RiskPoint>,
    pub plans: Vec<FloorPlan>,
    zone_tree: RTree<Boxed>,
    point_tree: RTree<GeomWithData<[f64; 2], usize>>,
    by_enterprise: HashMap<FeatureId, Vec<usize>>,
}

fn aabb(b: BBox) -> AABB<[f64; 2]> {
    AABB::from_corners([b.west, b.south], [b.east, b.north])
}

impl RiskLayer {
    /// Reads the risk tables of a project (after each committed write, like the snapshot).
    pub fn load(project: &Project) -> Result<RiskLayer, StoreError> {
        Ok(Self::from_parts(project.risk_zones(None)?, project.risk_points(None)?, project.floor_plans(None)?))
    }

    pub fn from_parts(zones: Vec<RiskZone>, points: Vec<RiskPoint>, plans: Vec<FloorPlan>) -> RiskLayer {
        let boxes = zones
            .iter()
            .enumerate()
            .filter_map(|(i, z)| {
                let r = z.outline.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i))
            })
            .collect();
        let pts =
            points.iter().enumerate().map(|(i, p)| GeomWithData::new([p.location.lon, p.location.lat], i)).collect();
        let mut by_enterprise: HashMap<FeatureId, Vec<usize>> = HashMap::new();
        for (i, z) in zones.iter().enumerate() {
            by_enterprise.entry(z.enterprise_id).or_default().push(i);
        }
        RiskLayer {
            zone_tree: RTree::bulk_load(boxes),
            point_tree: RTree::bulk_load(pts),
            zones,
            points,
            plans,
            by_enterprise,
        }
    }

    /// Zones whose box meets the view, least severe first (draw in this order so red is on top).
    pub fn zones_in(&self, view: BBox) -> Vec<&RiskZone> {
        let mut v: Vec<&RiskZone> =
            self.zone_tree.locate_in_envelope_intersecting(&aabb(view)).map(|e| &self.zones[e.data]).collect();
        v.sort_by_key(|z| (std::cmp::Reverse(z.level), z.id));
        v
    }

    /// Registered points inside the view.
    pub fn points_in(&self, view: BBox) -> impl Iterator<Item = &RiskPoint> {
        self.point_tree.locate_in_envelope(&aabb(view)).map(|e| &self.points[e.data])
    }

    /// The zones of one enterprise.
    pub fn zones_of(&self, enterprise: FeatureId) -> impl Iterator<Item = &RiskZone> {
        self.by_enterprise.get(&enterprise).into_iter().flatten().map(|&i| &self.zones[i])
    }

    /// The zone under a position: the most severe of those containing it.
    pub fn zone_at(&self, p: LonLat) -> Option<&RiskZone> {
        let pt = geo_types::Point::new(p.lon, p.lat);
        self.zone_tree
            .locate_all_at_point(&[p.lon, p.lat])
            .map(|e| &self.zones[e.data])
            .filter(|z| z.outline.contains(&pt))
            .min_by_key(|z| (z.level, z.id))
    }

    /// The georeferenced floor plans whose image meets the view (street-zoom overlays).
    pub fn plans_in(&self, view: BBox) -> impl Iterator<Item = &FloorPlan> {
        self.plans.iter().filter(move |p| {
            let Some(g) = &p.georef else { return false };
            let (w, h) = (f64::from(p.width), f64::from(p.height));
            let c = [[0.0, 0.0], [w, 0.0], [0.0, h], [w, h]].map(|px| g.pixel_to_lonlat(px));
            let (w0, e0) = c.iter().fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.lon), b.max(q.lon)));
            let (s0, n0) = c.iter().fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.lat), b.max(q.lat)));
            w0 <= view.east && e0 >= view.west && s0 <= view.north && n0 >= view.south
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RiskLevel;
    use crate::model::risk_zones::tests::zone;

    #[test]
    fn view_queries_and_picking() {
        let zones = vec![
            zone("罐区", RiskLevel::Red, 114.0, 36.0),
            zone("仓库", RiskLevel::Yellow, 114.0005, 36.0005),
            zone("远处", RiskLevel::Orange, 115.0, 37.0),
        ];
        let layer = RiskLayer::from_parts(zones, vec![], vec![]);
        let view = BBox { west: 113.99, south: 35.99, east: 114.01, north: 36.01 };
        let names: Vec<&str> = layer.zones_in(view).iter().map(|z| z.name.as_str()).collect();
        assert_eq!(names, vec!["仓库", "罐区"]);
        // Inside both 罐区 (red) and 仓库 (yellow): the red one.
        assert_eq!(layer.zone_at(LonLat::new(114.0007, 36.0007)).map(|z| z.name.as_str()), Some("罐区"));
        assert_eq!(layer.zone_at(LonLat::new(114.0013, 36.0013)).map(|z| z.name.as_str()), Some("仓库"));
        assert!(layer.zone_at(LonLat::new(114.5, 36.5)).is_none());
        assert_eq!(layer.zones_of(1).count(), 3);
    }
}
