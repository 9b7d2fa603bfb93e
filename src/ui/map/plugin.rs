//! The map layers as walkers plugins: one plugin per visible layer (each prepares its display
//! list, reusing last frame's when nothing changed, and paints it), then one that places and
//! paints every layer's labels, then one for the tools' overlay (selection, measuring, moving).

use std::cell::RefCell;

use walkers::{MapMemory, Plugin, Projector};

use super::paint;
use super::sprites::SymbolAtlas;
use crate::model::LonLat;
use crate::render::display::DisplayList;
use crate::render::style::Palette;
use crate::render::view::world_of_datum_lonlat;
use crate::render::{Datum, LayerId, MapView, Renderer, Scene};

/// The view walkers is drawing, in OneMap's terms.
pub fn view_of(projector: &Projector, datum: Datum) -> MapView {
    let rect = projector.clip_rect();
    let c = projector.unproject(rect.center().to_vec2());
    MapView {
        zoom: projector.zoom(),
        centre_world: world_of_datum_lonlat(LonLat::new(c.x(), c.y())),
        origin: [rect.min.x, rect.min.y],
        size: [rect.width(), rect.height()],
        datum,
    }
}

/// Timing of the map's last frame, for the status bar and the benchmark.
#[derive(Debug, Default, Clone, Copy)]
pub struct FrameStats {
    pub prepare_us: u64,
    pub paint_us: u64,
    pub layers_redrawn: u32,
}

/// One map layer.
pub struct LayerPlugin<'a> {
    pub renderer: &'a RefCell<Renderer>,
    pub scene: &'a Scene<'a>,
    pub id: LayerId,
    pub opacity: f32,
    pub stats: &'a RefCell<FrameStats>,
    pub atlas: &'a RefCell<SymbolAtlas>,
}

impl Plugin for LayerPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut egui::Ui, response: &egui::Response, projector: &Projector, _: &MapMemory) {
        let view = view_of(projector, self.scene.index.datum);
        let mut r = self.renderer.borrow_mut();
        let Some(slot) = r.slot_mut(self.id) else { return };
        let t0 = std::time::Instant::now();
        let redrawn = slot.prepare(self.scene, &view);
        let t1 = std::time::Instant::now();
        let painter = ui.painter().with_clip_rect(response.rect);
        let mut shapes = Vec::new();
        paint::paint(&painter, &slot.frame.list, self.opacity, &mut shapes, Some(&mut self.atlas.borrow_mut()));
        let mut s = self.stats.borrow_mut();
        s.prepare_us += (t1 - t0).as_micros() as u64;
        s.paint_us += t1.elapsed().as_micros() as u64;
        s.layers_redrawn += u32::from(redrawn);
    }
}

/// Labels of every visible layer, placed together on top.
pub struct LabelsPlugin<'a> {
    pub renderer: &'a RefCell<Renderer>,
    pub visible: Vec<LayerId>,
    pub palette: Palette,
    pub datum: Datum,
    pub stats: &'a RefCell<FrameStats>,
}

impl Plugin for LabelsPlugin<'_> {
    fn run(self: Box<Self>, ui: &mut egui::Ui, response: &egui::Response, projector: &Projector, _: &MapMemory) {
        let view = view_of(projector, self.datum);
        let mut r = self.renderer.borrow_mut();
        let t0 = std::time::Instant::now();
        r.place_labels(&self.visible, &view, &self.palette, &[]);
        let t1 = std::time::Instant::now();
        let painter = ui.painter().with_clip_rect(response.rect);
        let mut shapes = Vec::new();
        paint::paint(&painter, &r.labels, 1.0, &mut shapes, None);
        let mut s = self.stats.borrow_mut();
        s.prepare_us += (t1 - t0).as_micros() as u64;
        s.paint_us += t1.elapsed().as_micros() as u64;
    }
}

/// Paints a display list built by the caller for this view (tools, selection).
pub struct OverlayPlugin<F: FnOnce(&MapView, &mut DisplayList)> {
    pub datum: Datum,
    pub build: F,
}

impl<F: FnOnce(&MapView, &mut DisplayList)> Plugin for OverlayPlugin<F> {
    fn run(self: Box<Self>, ui: &mut egui::Ui, response: &egui::Response, projector: &Projector, _: &MapMemory) {
        let view = view_of(projector, self.datum);
        let mut list = DisplayList::default();
        (self.build)(&view, &mut list);
        let painter = ui.painter().with_clip_rect(response.rect);
        let mut shapes = Vec::new();
        paint::paint(&painter, &list, 1.0, &mut shapes, None);
    }
}
