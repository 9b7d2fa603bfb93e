//! One module per map layer. Each implements [`MapLayer`](super::MapLayer) and owns its drawing;
//! the point layers share the culling, clustering and labelling of [`points`].

pub mod areas;
pub mod basemap;
pub mod coverage;
pub mod depots;
pub mod enterprises;
pub mod points;
pub mod protection;
pub mod stations;
pub mod teams;

use super::MapLayer;

/// The layers of a new map, bottom to top.
pub fn default_stack() -> Vec<Box<dyn MapLayer>> {
    vec![
        Box::new(basemap::Basemap::default()),
        Box::new(areas::Areas::default()),
        Box::new(protection::Protection),
        Box::new(coverage::Coverage::default()),
        Box::new(points::PointLayer::<enterprises::Enterprises>::default()),
        Box::new(points::PointLayer::<depots::Depots>::default()),
        Box::new(points::PointLayer::<teams::Teams>::default()),
        Box::new(points::PointLayer::<stations::Stations>::default()),
    ]
}
