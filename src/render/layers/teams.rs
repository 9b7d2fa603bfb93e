//! Rescue teams: triangles coloured by kind.

use super::points::PointKind;
use crate::model::{FeatureId, Layer, TeamKind, UnitStatus};
use crate::render::labels::rank;
use crate::render::legend::LegendKey;
use crate::render::style::{self, Rgba};
use crate::render::{LayerId, LegendTally, Scene};

pub struct Teams;

impl PointKind for Teams {
    const LAYER: Layer = Layer::Teams;
    const ID: LayerId = LayerId::Teams;
    const RANK: u8 = rank::RESOURCE;
    const CLUSTER_RADIUS: f64 = 15.0;
    const CLUSTER_MAX_LEVEL: u8 = 12;
    const CLUSTER_GROW_BELOW: u8 = 10;
    const LABEL_MIN_ZOOM: f64 = 10.5;
    const LABEL_SIZE: f32 = style::text_size::RESOURCE;
    const LABEL_PRIORITY: f32 = 60.0;

    fn len(scene: &Scene) -> usize {
        scene.snapshot.teams.len()
    }
    fn visible(scene: &Scene, slot: usize) -> bool {
        scene.mask.teams.get(slot).copied().unwrap_or(false)
    }
    fn id(scene: &Scene, slot: usize) -> FeatureId {
        scene.snapshot.teams.get(slot).map_or(0, |t| t.id)
    }
    fn symbol(scene: &Scene, slot: usize) -> style::Symbol {
        let t = scene.snapshot.teams.get(slot);
        let symbol = style::team_symbol(
            t.map_or(TeamKind::Social, |t| t.kind),
            t.is_none_or(|t| t.status == UnitStatus::OnDuty),
            scene.options.theme,
        );
        super::prepositions::at_base(scene, crate::model::UnitRef::team(t.map_or(0, |t| t.id)), symbol)
    }
    fn tally(scene: &Scene, slot: usize, legend: &mut LegendTally) {
        if let Some(t) = scene.snapshot.teams.get(slot) {
            legend.add(LegendKey::TeamKind(t.kind));
        }
    }
    fn illustrative(scene: &Scene, slot: usize) -> bool {
        scene.snapshot.teams.get(slot).is_some_and(|t| t.illustrative)
    }
    fn importance(scene: &Scene, slot: usize) -> u32 {
        scene.snapshot.teams.get(slot).map_or(9, |t| match t.kind {
            TeamKind::Comprehensive => 0,
            TeamKind::Professional => 1,
            TeamKind::Township => 2,
            TeamKind::Enterprise => 3,
            TeamKind::Social => 4,
        })
    }
    fn cluster_colours() -> [Rgba; 4] {
        [style::team_colour(TeamKind::Professional); 4]
    }
}
