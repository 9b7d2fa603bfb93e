//! Fire stations: red symbols, shape by class, hollow and dashed when planned.

use super::points::PointKind;
use crate::model::{FeatureId, Layer, StationClass};
use crate::render::labels::rank;
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba};
use crate::render::{LayerId, LegendTally, Scene};

pub struct Stations;

impl PointKind for Stations {
    const LAYER: Layer = Layer::Stations;
    const ID: LayerId = LayerId::Stations;
    const RANK: u8 = rank::STATION;
    const CLUSTER_RADIUS: f64 = 18.0;
    const CLUSTER_MAX_LEVEL: u8 = 12;
    const CLUSTER_GROW_BELOW: u8 = 9;
    const LABEL_MIN_ZOOM: f64 = 8.5;
    const LABEL_SIZE: f32 = style::text_size::STATION;
    const LABEL_PRIORITY: f32 = 80.0;

    fn len(scene: &Scene) -> usize {
        scene.snapshot.stations.len()
    }
    fn visible(scene: &Scene, slot: usize) -> bool {
        scene.mask.stations.get(slot).copied().unwrap_or(false)
    }
    fn id(scene: &Scene, slot: usize) -> FeatureId {
        scene.snapshot.stations.get(slot).map_or(0, |s| s.id)
    }
    fn symbol(scene: &Scene, slot: usize) -> style::Symbol {
        let s = scene.snapshot.stations.get(slot);
        let symbol = style::station_symbol(
            s.map_or(StationClass::Level1, |s| s.class),
            s.map_or(crate::model::StationStatus::Existing, |s| s.status),
            scene.options.theme,
        );
        super::prepositions::at_base(scene, crate::model::UnitRef::station(s.map_or(0, |s| s.id)), symbol)
    }
    fn tally(scene: &Scene, slot: usize, legend: &mut LegendTally) {
        if let Some(s) = scene.snapshot.stations.get(slot) {
            legend.add(LegendKey::StationClass(s.class));
            legend.add(LegendKey::StationStatus(s.status));
        }
    }
    fn illustrative(scene: &Scene, slot: usize) -> bool {
        scene.snapshot.stations.get(slot).is_some_and(|s| s.illustrative)
    }
    fn importance(scene: &Scene, slot: usize) -> u32 {
        scene.snapshot.stations.get(slot).map_or(9, |s| match s.class {
            StationClass::Special => 0,
            StationClass::Level1 => 1,
            StationClass::Logistics => 2,
            StationClass::Level2 => 3,
            StationClass::Small => 4,
            StationClass::TownshipFullTime => 5,
            StationClass::EnterpriseFullTime => 6,
        })
    }
    fn cluster_colours() -> [Rgba; 4] {
        [style::STATION_RED; 4]
    }
}
