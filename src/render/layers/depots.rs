//! Supply depots: green crates, larger for higher levels.

use super::points::PointKind;
use crate::model::{DepotLevel, FeatureId, Layer};
use crate::render::labels::rank;
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba};
use crate::render::{LayerId, LegendTally, Scene};

pub struct Depots;

impl PointKind for Depots {
    const LAYER: Layer = Layer::Depots;
    const ID: LayerId = LayerId::Depots;
    const RANK: u8 = rank::RESOURCE;
    const CLUSTER_RADIUS: f64 = 15.0;
    const CLUSTER_MAX_LEVEL: u8 = 12;
    const CLUSTER_GROW_BELOW: u8 = 10;
    const LABEL_MIN_ZOOM: f64 = 9.5;
    const LABEL_SIZE: f32 = style::text_size::RESOURCE;
    const LABEL_PRIORITY: f32 = 70.0;

    fn len(scene: &Scene) -> usize {
        scene.snapshot.depots.len()
    }
    fn visible(scene: &Scene, slot: usize) -> bool {
        scene.mask.depots.get(slot).copied().unwrap_or(false)
    }
    fn id(scene: &Scene, slot: usize) -> FeatureId {
        scene.snapshot.depots.get(slot).map_or(0, |d| d.id)
    }
    fn symbol(scene: &Scene, slot: usize) -> style::Symbol {
        let level = scene.snapshot.depots.get(slot).map_or(DepotLevel::County, |d| d.level);
        style::depot_symbol(level, scene.options.theme)
    }
    fn tally(scene: &Scene, slot: usize, legend: &mut LegendTally) {
        if let Some(d) = scene.snapshot.depots.get(slot) {
            legend.add(LegendKey::DepotLevel(d.level));
        }
    }
    fn illustrative(scene: &Scene, slot: usize) -> bool {
        scene.snapshot.depots.get(slot).is_some_and(|d| d.illustrative)
    }
    fn importance(scene: &Scene, slot: usize) -> u32 {
        scene.snapshot.depots.get(slot).map_or(9, |d| d.level as u32)
    }
    fn cluster_colours() -> [Rgba; 4] {
        [style::DEPOT_GREEN; 4]
    }
}
