//! Enterprises: dots in the four risk colours; clusters show the mix of levels as a pie.

use super::points::PointKind;
use crate::model::{FeatureId, Labelled, Layer, RiskLevel};
use crate::render::labels::rank;
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba};
use crate::render::{LayerId, LegendTally, Scene};

pub struct Enterprises;

impl PointKind for Enterprises {
    const LAYER: Layer = Layer::Enterprises;
    const ID: LayerId = LayerId::Enterprises;
    const RANK: u8 = rank::ENTERPRISE;
    const CLUSTER_RADIUS: f64 = 10.0;
    const CLUSTER_MAX_LEVEL: u8 = 13;
    const CLUSTER_GROW_BELOW: u8 = 11;
    const LABEL_MIN_ZOOM: f64 = 13.0;
    const LABEL_SIZE: f32 = style::text_size::ENTERPRISE;
    const LABEL_PRIORITY: f32 = 30.0;

    fn len(scene: &Scene) -> usize {
        scene.snapshot.enterprises.len()
    }
    fn visible(scene: &Scene, slot: usize) -> bool {
        scene.mask.enterprises.get(slot).copied().unwrap_or(false)
    }
    fn id(scene: &Scene, slot: usize) -> FeatureId {
        scene.snapshot.enterprises.get(slot).map_or(0, |e| e.id)
    }
    fn symbol(scene: &Scene, slot: usize) -> style::Symbol {
        let level = scene.snapshot.enterprises.get(slot).map_or(RiskLevel::Blue, |e| e.risk);
        style::enterprise_symbol(level, scene.options.theme)
    }
    fn tally(scene: &Scene, slot: usize, legend: &mut LegendTally) {
        if let Some(e) = scene.snapshot.enterprises.get(slot) {
            legend.add(LegendKey::Risk(e.risk));
        }
    }
    fn illustrative(scene: &Scene, slot: usize) -> bool {
        scene.snapshot.enterprises.get(slot).is_some_and(|e| e.illustrative)
    }
    fn importance(scene: &Scene, slot: usize) -> u32 {
        Self::category(scene, slot) as u32
    }
    fn category(scene: &Scene, slot: usize) -> usize {
        scene.snapshot.enterprises.get(slot).map_or(3, |e| e.risk as usize)
    }
    fn tally_category(category: usize, legend: &mut LegendTally) {
        if let Some(&level) = RiskLevel::ALL.get(category) {
            legend.add(LegendKey::Risk(level));
        }
    }
    fn cluster_colours() -> [Rgba; 4] {
        [RiskLevel::Red, RiskLevel::Orange, RiskLevel::Yellow, RiskLevel::Blue].map(style::risk_colour)
    }
}
