//! One module per map layer. Each implements [`MapLayer`](super::MapLayer) and owns its drawing;
//! the point layers share the culling, clustering and labelling of [`points`].

pub mod areas;
pub mod basemap;
pub mod coverage;
pub mod depots;
pub mod dispatch;
pub mod drill_mark;
pub mod enterprises;
pub mod hazards;
pub mod points;
pub mod prepositions;
pub mod protection;
#[cfg(test)]
mod records_tests;
pub mod risk_zones;
pub mod siting;
pub mod stations;
pub mod teams;
pub mod travel;
pub mod warnings;

use super::MapLayer;

/// The layers of a new map, bottom to top.
pub fn default_stack() -> Vec<Box<dyn MapLayer>> {
    vec![
        Box::new(basemap::Basemap::default()),
        Box::new(areas::Areas::default()),
        Box::new(protection::Protection),
        Box::new(travel::Travel::default()),
        Box::new(coverage::Coverage::default()),
        Box::new(points::PointLayer::<enterprises::Enterprises>::default()),
        Box::new(points::PointLayer::<depots::Depots>::default()),
        Box::new(points::PointLayer::<teams::Teams>::default()),
        Box::new(points::PointLayer::<stations::Stations>::default()),
        Box::new(risk_zones::RiskZones::default()),
        Box::new(warnings::Warnings::default()),
        Box::new(prepositions::Prepositions),
        Box::new(hazards::Hazards),
        Box::new(dispatch::DispatchLayer::default()),
        Box::new(siting::Siting::default()),
    ]
}
