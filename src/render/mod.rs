//! Map drawing shared by the window and the headless renderer, with no GUI toolkit.
//!
//! Each map layer ([`MapLayer`], one module per layer in `layers/`) turns the [`Scene`] (a
//! snapshot, its [`MapIndex`], the filter and the style) and a [`MapView`] into a
//! [`DisplayList`] of screen-space primitives, plus label candidates, click targets and legend
//! entries. The [`Renderer`] keeps one slot per layer, caches each slot's output while the
//! view and scene are unchanged, and places every layer's labels together so they never
//! overlap. Backends paint display lists: `ui::map::paint` with egui, [`raster`] with
//! tiny-skia (PNG and PDF export, `onemap render`).
//!
//! Adding a layer: a module in `layers/` implementing [`MapLayer`], a [`LayerId`] variant, and
//! one line in [`layers::default_stack`]. Its symbology goes in [`style`].
//!
//! Beside the map: the GPU risk heat map (`heat_gpu`, drawn in the window through an egui paint
//! callback, `heat_callback`) and the enterprise risk poster (`poster`, a display list of its
//! own painted headless with tiny-skia by `poster_skia`, text by `poster_text`).

pub mod cluster;
pub mod coverage_report;
pub mod display;
pub mod filter;
pub mod geometry;
pub mod heat_callback;
pub mod heat_gpu;
pub mod index;
pub mod labels;
pub mod layers;
pub mod legend;
pub mod pdf;
pub mod poster;
pub mod poster_export;
pub mod poster_skia;
pub mod poster_text;
pub mod raster;
pub mod records;
pub mod scalebar;
pub mod sheet;
pub mod style;
pub mod text;
pub mod view;

pub use display::{DisplayList, Hit, Item, Target};
pub use filter::{Filter, FilterMask};
pub use index::MapIndex;
pub use labels::LabelCandidate;
pub use legend::LegendTally;
pub use style::{Rgba, Theme};
pub use view::{Datum, MapView};

use serde::{Deserialize, Serialize};

use crate::analysis::coverage::standard_limit_km2;
use crate::i18n::{Lang, T};
use crate::model::{Layer, StationClass};
use crate::snapshot::Snapshot;

/// The map layers, bottom to top in their default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayerId {
    Basemap,
    Areas,
    Protection,
    Enterprises,
    Depots,
    Teams,
    Stations,
    RiskHeat,
    RiskZones,
    Warnings,
    Prepositions,
    Hazards,
    /// The incident and the units sent to it (dispatch).
    Dispatch,
    /// Road-network results: isochrones, service areas, a route (`layers::travel`).
    Travel,
    /// Fire-station coverage: covered, overlap, uncovered, jurisdictions (`layers::coverage`).
    Coverage,
    /// Candidate sites and scenario sites of the siting window (`layers::siting`).
    Siting,
}

impl LayerId {
    pub const ALL: [LayerId; 16] = [
        LayerId::Basemap,
        LayerId::Areas,
        LayerId::RiskHeat,
        LayerId::Warnings,
        LayerId::RiskZones,
        LayerId::Protection,
        // Under the points: its translucent fills must not tint the symbols.
        LayerId::Coverage,
        // Under the points, so stations stay readable on top of the drive-time bands.
        LayerId::Travel,
        LayerId::Enterprises,
        LayerId::Depots,
        LayerId::Teams,
        LayerId::Stations,
        LayerId::Prepositions,
        LayerId::Hazards,
        LayerId::Dispatch,
        LayerId::Siting,
    ];

    /// The project layer it draws, if it draws one.
    pub fn data_layer(self) -> Option<Layer> {
        match self {
            LayerId::Areas => Some(Layer::Areas),
            LayerId::Enterprises => Some(Layer::Enterprises),
            LayerId::Depots => Some(Layer::Depots),
            LayerId::Teams => Some(Layer::Teams),
            LayerId::Stations => Some(Layer::Stations),
            LayerId::Basemap | LayerId::Protection | LayerId::Dispatch | LayerId::Travel | LayerId::Coverage => None,
            LayerId::Siting => None,
            LayerId::RiskHeat | LayerId::RiskZones | LayerId::Warnings | LayerId::Prepositions | LayerId::Hazards => {
                None
            }
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            LayerId::Basemap => lang.t(T::LayerBasemap),
            LayerId::Areas => lang.t(T::LayerAreas),
            LayerId::Protection => lang.t(T::LayerProtection),
            LayerId::Enterprises => lang.label(Layer::Enterprises),
            LayerId::Depots => lang.label(Layer::Depots),
            LayerId::Teams => lang.label(Layer::Teams),
            LayerId::Stations => lang.label(Layer::Stations),
            LayerId::RiskHeat => lang.t(T::LayerRiskHeat),
            LayerId::RiskZones => lang.t(T::LayerRiskZones),
            LayerId::Warnings => lang.t(T::LayerWarnings),
            LayerId::Prepositions => lang.t(T::LayerPrepositions),
            LayerId::Hazards => lang.t(T::LayerHazards),
            LayerId::Dispatch => lang.t(T::LayerDispatch),
            LayerId::Travel => lang.t(T::LayerTravel),
            LayerId::Coverage => lang.t(T::LayerCoverage),
            LayerId::Siting => lang.t(T::LayerSiting),
        }
    }

    /// Whether a new map shows the layer (the heat map hides what is under it, so it waits to
    /// be asked for).
    pub fn default_visible(self) -> bool {
        self != LayerId::RiskHeat
    }
}

/// Protection radius per station class, in metres: the radius of a circle with the largest
/// district area 《城市消防站建设标准》(建标152-2017) 第十四条 allows, r = √(A/π):
/// 一级站 7 km² → 1 493 m (特勤站 with a district: as 一级站), 二级站 4 km² → 1 128 m,
/// 小型站 2 km² → 798 m; stations in the near suburbs (here: township and enterprise full-time
/// teams) 15 km² → 2 185 m. 战勤保障站 have no district (0 = no circle). A display setting:
/// the coverage analysis works from travel times, not circles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectionRadii {
    pub special_m: f64,
    pub level1_m: f64,
    pub level2_m: f64,
    pub small_m: f64,
    pub logistics_m: f64,
    pub township_m: f64,
    pub enterprise_m: f64,
}

impl Default for ProtectionRadii {
    fn default() -> Self {
        // The limits themselves live with the coverage analysis (one definition).
        let r = |c: StationClass| (standard_limit_km2(c) * 1e6 / std::f64::consts::PI).sqrt().round();
        Self {
            special_m: r(StationClass::Special),
            level1_m: r(StationClass::Level1),
            level2_m: r(StationClass::Level2),
            small_m: r(StationClass::Small),
            logistics_m: r(StationClass::Logistics),
            township_m: r(StationClass::TownshipFullTime),
            enterprise_m: r(StationClass::EnterpriseFullTime),
        }
    }
}

impl ProtectionRadii {
    pub fn of(&self, class: StationClass) -> f64 {
        match class {
            StationClass::Special => self.special_m,
            StationClass::Level1 => self.level1_m,
            StationClass::Level2 => self.level2_m,
            StationClass::Small => self.small_m,
            StationClass::Logistics => self.logistics_m,
            StationClass::TownshipFullTime => self.township_m,
            StationClass::EnterpriseFullTime => self.enterprise_m,
        }
    }

    pub fn get_mut(&mut self, class: StationClass) -> &mut f64 {
        match class {
            StationClass::Special => &mut self.special_m,
            StationClass::Level1 => &mut self.level1_m,
            StationClass::Level2 => &mut self.level2_m,
            StationClass::Small => &mut self.small_m,
            StationClass::Logistics => &mut self.logistics_m,
            StationClass::TownshipFullTime => &mut self.township_m,
            StationClass::EnterpriseFullTime => &mut self.enterprise_m,
        }
    }
}

/// Map settings stored in the project file (`SettingKey::Map`), shared by everyone who opens it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProjectMapSettings {
    pub protection: ProtectionRadii,
}

/// How the scene is drawn, beyond the data.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneOptions {
    pub theme: Theme,
    pub lang: Lang,
    pub protection: ProtectionRadii,
    /// Draw Natural Earth country boundaries (off by default: see `layers::basemap`).
    pub countries: bool,
    /// Fill the project's city a shade brighter than its surroundings (off once raster tiles
    /// show the ground).
    pub city_fill: bool,
    /// Multiplies symbol and text sizes (exports for print use more than 1).
    pub scale: f32,
    /// The coverage analysis to draw, if one was run.
    pub coverage: Option<layers::coverage::CoverageOverlay>,
}

impl Default for SceneOptions {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            lang: Lang::Zh,
            protection: ProtectionRadii::default(),
            countries: false,
            city_fill: true,
            scale: 1.0,
            coverage: None,
        }
    }
}

/// What layers draw from.
pub struct Scene<'a> {
    pub snapshot: &'a Snapshot,
    pub index: &'a MapIndex,
    pub mask: &'a FilterMask,
    pub options: &'a SceneOptions,
    /// Changes whenever snapshot, mask or options do; part of every cache key.
    pub version: u64,
}

impl Scene<'_> {
    pub fn palette(&self) -> style::Palette {
        self.options.theme.palette()
    }
}

/// What one layer produced for one frame.
#[derive(Debug, Default)]
pub struct LayerFrame {
    pub list: DisplayList,
    pub labels: Vec<LabelCandidate>,
    pub hits: Vec<Hit>,
    pub legend: LegendTally,
    /// Screen boxes of symbols, which labels of the same or lower rank keep clear of.
    pub obstacles: Vec<labels::Obstacle>,
}

impl LayerFrame {
    pub fn clear(&mut self) {
        self.list.clear();
        self.labels.clear();
        self.hits.clear();
        self.legend.clear();
        self.obstacles.clear();
    }
}

/// A map layer: turns the scene into drawing primitives for a view.
pub trait MapLayer: Send {
    fn id(&self) -> LayerId;
    /// Fills `out` (already cleared) for this view.
    fn draw(&mut self, scene: &Scene, view: &MapView, out: &mut LayerFrame);
    /// Layers that hold results of an analysis (dispatch …) return themselves, so the window can
    /// hand them new results through [`Renderer::layer_mut`].
    fn as_any_mut(&mut self) -> Option<&mut dyn std::any::Any> {
        None
    }
}

/// When a layer's cached frame is still good.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FrameKey {
    view: MapView,
    scene_version: u64,
}

/// A layer with its last frame.
pub struct LayerSlot {
    pub layer: Box<dyn MapLayer>,
    pub frame: LayerFrame,
    key: Option<FrameKey>,
    /// Bumped every time the frame is redrawn (label placement caches on it).
    generation: u64,
}

impl LayerSlot {
    pub fn new(layer: Box<dyn MapLayer>) -> Self {
        Self { layer, frame: LayerFrame::default(), key: None, generation: 0 }
    }

    pub fn id(&self) -> LayerId {
        self.layer.id()
    }

    /// Draws the layer unless its last frame is for the same view and scene. Returns whether
    /// it drew.
    pub fn prepare(&mut self, scene: &Scene, view: &MapView) -> bool {
        let key = FrameKey { view: *view, scene_version: scene.version };
        if self.key == Some(key) {
            return false;
        }
        self.frame.clear();
        self.layer.draw(scene, view, &mut self.frame);
        self.key = Some(key);
        self.generation += 1;
        true
    }

    /// Forgets the cached frame (after the layer's own state changed).
    pub fn invalidate(&mut self) {
        self.key = None;
    }
}

/// What a label placement was made for: view, layers with their frame generations, extra boxes.
type LabelsKey = (MapView, Vec<(LayerId, u64)>, Vec<labels::Obstacle>);

/// The layer stack and the label placer.
pub struct Renderer {
    pub slots: Vec<LayerSlot>,
    pub placer: labels::Placer,
    /// The placed labels of the last frame.
    pub labels: DisplayList,
    labels_key: Option<LabelsKey>,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new(layers::default_stack())
    }
}

impl Renderer {
    pub fn new(layers: Vec<Box<dyn MapLayer>>) -> Self {
        Self {
            slots: layers.into_iter().map(LayerSlot::new).collect(),
            placer: labels::Placer::default(),
            labels: DisplayList::default(),
            labels_key: None,
        }
    }

    pub fn slot_mut(&mut self, id: LayerId) -> Option<&mut LayerSlot> {
        self.slots.iter_mut().find(|s| s.id() == id)
    }

    /// The layer `id` as its concrete type, its cached frame forgotten (the caller changes it).
    pub fn layer_mut<L: 'static>(&mut self, id: LayerId) -> Option<&mut L> {
        let slot = self.slot_mut(id)?;
        slot.invalidate();
        slot.layer.as_any_mut()?.downcast_mut::<L>()
    }

    pub fn slot(&self, id: LayerId) -> Option<&LayerSlot> {
        self.slots.iter().find(|s| s.id() == id)
    }

    /// Places the labels of the given layers (bottom to top) into `self.labels`, keeping clear
    /// of `extra` boxes too (sheet furniture). Reuses the last placement when neither the view
    /// nor any layer's frame changed.
    pub fn place_labels(
        &mut self,
        visible: &[LayerId],
        view: &MapView,
        palette: &style::Palette,
        extra: &[labels::Obstacle],
    ) {
        let gens: Vec<(LayerId, u64)> = visible
            .iter()
            .filter_map(|id| self.slots.iter().find(|s| s.id() == *id).map(|s| (*id, s.generation)))
            .collect();
        if let Some((v, g, e)) = &self.labels_key
            && v == view
            && *g == gens
            && e.as_slice() == extra
        {
            return;
        }
        let frames: Vec<&LayerFrame> =
            visible.iter().filter_map(|id| self.slots.iter().find(|s| s.id() == *id)).map(|s| &s.frame).collect();
        self.labels.clear();
        self.placer.place(&frames, extra, view, palette, &mut self.labels);
        self.labels_key = Some((*view, gens, extra.to_vec()));
    }

    /// Prepares every visible layer and places labels: the whole frame, minus painting.
    pub fn prepare(&mut self, scene: &Scene, view: &MapView, visible: &[LayerId]) {
        self.prepare_layers(scene, view, visible);
        self.place_labels(visible, view, &scene.palette(), &[]);
    }

    /// Prepares every visible layer (labels not placed yet).
    pub fn prepare_layers(&mut self, scene: &Scene, view: &MapView, visible: &[LayerId]) {
        for slot in &mut self.slots {
            if visible.contains(&slot.id()) {
                slot.prepare(scene, view);
            }
        }
    }

    /// The legend of what the visible layers drew in their last frames.
    pub fn legend(&self, visible: &[LayerId]) -> LegendTally {
        let mut t = LegendTally::default();
        for slot in self.slots.iter().filter(|s| visible.contains(&s.id())) {
            t.merge(&slot.frame.legend);
        }
        t
    }
}
